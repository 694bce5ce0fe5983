//! One topic in full, joined from the cluster's snapshot (partitions, configs,
//! readers with lag), the schema sources (its subjects) and the lineage (its writers);
//! and one consumer group in full. Its history (recent changes, lag over time) lives
//! in the store and is joined at the edge (`http::topic_history`).

use std::collections::HashSet;

use model::{
    ApplicationKind, ClassificationSource, ClassifiedField, Decided, FieldCategory, FieldDecision, GroupDetail,
    SchemaLink, TaggedField, TopicDetail, TopicProducers, TopicReader, TopicWriter,
};

use super::{schema_links, ClusterCatalog, LineageIndex, RegistryCatalog};
use crate::classification::{apply_decisions, classify, Category, Provenance, RuleSet};
use crate::lineage::{Direction, EdgeKind, Filter, NodeId};

/// Topic `name` of cluster `alias`; `None` if the cluster is unknown, not read yet, or
/// has no such topic.
pub fn topic_detail(
    clusters: &ClusterCatalog,
    registries: &RegistryCatalog,
    lineage: &LineageIndex,
    alias: &str,
    name: &str,
    now_ms: i64,
) -> Option<TopicDetail> {
    let mut detail = clusters
        .with_cluster(alias, |state| {
            let snapshot = state.snapshot.as_ref()?;
            let topic = snapshot.topics.iter().find(|topic| topic.name == name)?.clone();
            let readers = snapshot
                .groups
                .iter()
                .filter(|group| group.topics().iter().any(|read| read == name))
                .map(|group| TopicReader {
                    group_id: group.group_id.clone(),
                    kind: ApplicationKind::of(group, snapshot),
                    state: group.state.clone(),
                    lag: group.lag_by_topic().get(name).copied(),
                })
                .collect();
            Some(TopicDetail {
                cluster: alias.to_owned(),
                status: state.status.clone(),
                server_time_ms: now_ms,
                topic,
                schemas: Vec::new(),
                readers,
                writers: Vec::new(),
                producers: TopicProducers::of(&snapshot.writers, name),
                recent_changes: Vec::new(),
                lag_history: Vec::new(),
                tagged_fields: Vec::new(),
                classified_fields: Vec::new(),
                violations: Vec::new(),
                upstream: Vec::new(),
                held_fields: Vec::new(),
                record_sample: None,
                topic_tags: Vec::new(),
                estate: None,
            })
        })
        .flatten()?;
    detail.schemas = schema_links(registries, alias, Some(name)).remove(name).unwrap_or_default();
    detail.tagged_fields = tagged_fields(registries, &detail.schemas);
    let node = NodeId::Topic { cluster: alias.to_owned(), topic: name.to_owned() };
    let filter = Filter { edge_kinds: HashSet::from([EdgeKind::Writes]), ..Filter::default() };
    detail.writers = lineage.read(|graph| {
        let Some(found) = graph.walk_view(&node, Direction::Upstream, 1, &filter) else { return Vec::new() };
        let mut writers: Vec<TopicWriter> = found
            .edges
            .iter()
            .map(|(from, _, edge)| TopicWriter {
                node: from.path(),
                evidence: edge.evidence.iter().map(|evidence| evidence.name().to_owned()).collect(),
            })
            .collect();
        writers.sort_by(|a, b| a.node.cmp(&b.node));
        writers
    });
    Some(detail)
}

/// The tagged fields of the latest versions of the subjects `links` name.
fn tagged_fields(registries: &RegistryCatalog, links: &[SchemaLink]) -> Vec<TaggedField> {
    let mut tagged = Vec::new();
    for link in links {
        let Some(snapshot) = registries.entry(&link.source).and_then(|entry| entry.snapshot) else { continue };
        let Some(subject) = snapshot.subjects.iter().find(|subject| subject.name == link.subject) else { continue };
        let Some(Ok(tree)) = subject.latest().map(|version| &version.parsed) else { continue };
        tagged.extend(tree.all_fields().into_iter().filter(|field| !field.tags.is_empty()).map(|field| TaggedField {
            source: link.source.clone(),
            subject: link.subject.clone(),
            path: field.path.clone(),
            tags: field.tags.clone(),
        }));
    }
    tagged
}

/// The fields of the latest versions of the subjects `links` name that hold personal or
/// sensitive data, by their tags and `rules`, with stewards' `decisions` applied.
pub fn classified_fields(
    registries: &RegistryCatalog,
    links: &[SchemaLink],
    rules: &RuleSet,
    decisions: &[FieldDecision],
) -> Vec<ClassifiedField> {
    let mut found = Vec::new();
    for link in links {
        let Some(snapshot) = registries.entry(&link.source).and_then(|entry| entry.snapshot) else { continue };
        let Some(subject) = snapshot.subjects.iter().find(|subject| subject.name == link.subject) else { continue };
        let Some(Ok(tree)) = subject.latest().map(|version| &version.parsed) else { continue };
        let own: Vec<&FieldDecision> = decisions
            .iter()
            .filter(|decision| decision.source == link.source && decision.subject == link.subject)
            .collect();
        let fields = apply_decisions(classify(tree, rules), tree, &own);
        found.extend(fields.into_iter().map(|field| ClassifiedField {
            source: link.source.clone(),
            subject: link.subject.clone(),
            path: field.path,
            categories: field.categories.into_iter().map(shown).collect(),
            dismissed: field.dismissed.into_iter().map(shown).collect(),
        }));
    }
    found
}

/// A category with where it came from, as pages and the API show it.
fn shown((category, provenance): (Category, Provenance)) -> FieldCategory {
    let (source, detail, decided) = match provenance {
        Provenance::SchemaTag { tag } => (ClassificationSource::SchemaTag, tag, None),
        Provenance::NameRule { rule } => (ClassificationSource::NameRule, rule, None),
        Provenance::DocRule { rule } => (ClassificationSource::DocRule, rule, None),
        Provenance::Steward { rule, by, at_ms, reason, .. } => (
            ClassificationSource::Steward,
            rule.unwrap_or_else(|| "by hand".to_owned()),
            Some(Decided { by, at_ms, reason }),
        ),
    };
    FieldCategory { category: category.0, source, detail, decided }
}

/// Group `id` of cluster `alias`; `None` if the cluster is unknown, not read yet, or
/// has no such group.
pub fn group_detail(clusters: &ClusterCatalog, alias: &str, id: &str, now_ms: i64) -> Option<GroupDetail> {
    clusters
        .with_cluster(alias, |state| {
            let snapshot = state.snapshot.as_ref()?;
            let group = snapshot.groups.iter().find(|group| group.group_id == id)?;
            Some(GroupDetail {
                cluster: alias.to_owned(),
                status: state.status.clone(),
                server_time_ms: now_ms,
                kind: ApplicationKind::of(group, snapshot),
                total_lag: group.total_lag(),
                group: group.clone(),
                connector_href: None,
            })
        })
        .flatten()
}
