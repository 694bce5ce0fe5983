//! Why the demo estate could not be set up: the step that failed and the client's error.

/// A demo step that failed.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// A Kafka client could not be made or could not do a step of the set-up.
    #[error("{step}: {source}")]
    Kafka {
        step: String,
        #[source]
        source: rdkafka::error::KafkaError,
    },
    /// The broker refused to create a demo topic.
    #[error("cannot create topic {topic}: {code}")]
    TopicRefused { topic: String, code: rdkafka::error::RDKafkaErrorCode },
    /// The schema registry did not answer.
    #[error("cannot reach the registry at {url}: {source}")]
    Registry {
        url: String,
        #[source]
        source: reqwest::Error,
    },
}

impl DemoError {
    /// Wraps a Kafka client's failure at `step`.
    pub fn kafka(step: impl Into<String>) -> impl FnOnce(rdkafka::error::KafkaError) -> DemoError {
        let step = step.into();
        move |source| DemoError::Kafka { step, source }
    }
}
