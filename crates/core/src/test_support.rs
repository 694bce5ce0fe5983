//! What several modules' unit tests build alike: a topic's persistence from its configs.

use model::{Persistence, Topic, TopicConfig};

/// The persistence of a topic whose broker reports `configs` (name, value).
pub fn persistence(configs: &[(&str, &str)]) -> Persistence {
    Topic {
        name: "t".into(),
        internal: false,
        partitions: vec![],
        configs: configs
            .iter()
            .map(|(name, value)| TopicConfig {
                name: (*name).into(),
                value: Some((*value).into()),
                source: "DynamicTopic".into(),
                sensitive: false,
            })
            .collect(),
    }
    .persistence()
}
