//! Each topic's key and value subjects, joined from every schema source that serves
//! the topic's cluster.

use std::collections::HashMap;

use model::{Overview, SchemaLink};

use super::{ClusterCatalog, RegistryCatalog};

/// The clusters' overview, each topic with the subjects that describe it.
pub fn linked_overview(clusters: &ClusterCatalog, registries: &RegistryCatalog, now_ms: i64) -> Overview {
    let mut overview = clusters.overview(now_ms);
    for cluster in &mut overview.clusters {
        let Some(summary) = cluster.summary.as_mut() else { continue };
        let mut links = schema_links(registries, &cluster.status.alias, None);
        for topic in &mut summary.topics {
            topic.schemas = links.remove(topic.name.as_str()).unwrap_or_default();
        }
    }
    overview
}

/// The subjects describing topics of cluster `alias` (only topic `only`, if given), by
/// topic name.
pub fn schema_links(registries: &RegistryCatalog, alias: &str, only: Option<&str>) -> HashMap<String, Vec<SchemaLink>> {
    let mut links: HashMap<String, Vec<SchemaLink>> = HashMap::new();
    let sources = registries.entries();
    let serving = sources
        .iter()
        .filter(|source| source.clusters.is_empty() || source.clusters.iter().any(|cluster| cluster == alias))
        .filter_map(|source| source.snapshot.as_ref().map(|snapshot| (source.name.as_str(), snapshot)));
    for (source, snapshot) in serving {
        for subject in snapshot.subjects.iter().filter(|subject| !subject.deleted()) {
            let latest = subject.latest();
            for binding in subject.topics.iter().filter(|binding| only.is_none_or(|topic| binding.topic == topic)) {
                links.entry(binding.topic.clone()).or_default().push(SchemaLink {
                    source: source.to_owned(),
                    subject: subject.name.clone(),
                    role: binding.role,
                    format: latest.map(|version| version.format),
                    version: latest.map(|version| version.version),
                });
            }
        }
    }
    links
}
