//! Every topic's compliance facts, joined once per evaluation from the clusters'
//! snapshots (configs, replicas, ACLs, readers seen), the schema sources (value subject,
//! compatibility, owner, classified fields) and the lineage graph (readers, and the
//! topics each topic's data flows into through an application).
//!
//! Classifying every field is the costly part, so each schema version's classification
//! is kept in a [`ClassificationCache`] for as long as that version is the latest.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use app::model::{
    permitted_edges, AccessControl, AclOperation, AclPermission, Direction, FieldDecision, GrantUsage, ResourceKind,
    SchemaRole, Subject,
};

use super::{schema_links, Catalog, LineageIndex, RegistryCatalog};
use crate::classification::{apply_decisions, classify, ClassifiedField, RuleSet};
use crate::compliance::{Flow, SchemaFacts, TopicFacts};
use crate::lineage::{EdgeKind, NodeId};

/// The principal every principal matches in an ACL.
const EVERY_PRINCIPAL: &str = "User:*";

/// Classified fields by (source, subject, schema id) of a subject's latest version.
#[derive(Default)]
pub struct ClassificationCache {
    entries: HashMap<(String, String, i32), Arc<Vec<ClassifiedField>>>,
}

impl ClassificationCache {
    /// How many schema versions are classified.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The facts of every topic that is not Kafka's own, sorted by cluster and topic.
pub fn topic_facts(
    clusters: &Catalog,
    registries: &RegistryCatalog,
    lineage: &LineageIndex,
    rules: &RuleSet,
    decisions: &[FieldDecision],
    cache: &mut ClassificationCache,
) -> Vec<TopicFacts> {
    let mut facts = Vec::new();
    let sources = registries.entries();
    let mut used = HashMap::new();
    clusters.visit_snapshots(|alias, snapshot| {
        let links = schema_links(registries, alias, None);
        let seen_principals: Vec<(String, String)> = permitted_edges(snapshot)
            .into_iter()
            .filter(|edge| edge.direction == Direction::Reads && matches!(edge.usage, GrantUsage::SeenInUse { .. }))
            .map(|edge| (edge.topic, edge.principal))
            .collect();
        for topic in snapshot.topics.iter().filter(|topic| !topic.internal) {
            let mut topic_facts = TopicFacts {
                cluster: alias.to_owned(),
                topic: topic.name.clone(),
                retention: Some(topic.retention()),
                cleanup_policy: topic.config("cleanup.policy").map(str::to_owned),
                replication_factor: topic.replication_factor(),
                min_insync_replicas: topic.config("min.insync.replicas").and_then(|value| value.trim().parse().ok()),
                reading_principals: seen_principals
                    .iter()
                    .filter(|(read, _)| *read == topic.name)
                    .map(|(_, principal)| principal.clone())
                    .collect(),
                public_read_acls: public_read_acls(&snapshot.access, &topic.name),
                ..TopicFacts::default()
            };
            for link in links.get(&topic.name).into_iter().flatten() {
                let Some(snapshot) = sources.iter().find(|source| source.name == link.source) else { continue };
                let Some(registry) = &snapshot.snapshot else { continue };
                let Some(subject) = registry.subjects.iter().find(|subject| subject.name == link.subject) else {
                    continue;
                };
                if link.role == SchemaRole::Value && topic_facts.value_schema.is_none() {
                    topic_facts.value_schema = Some(SchemaFacts {
                        source: link.source.clone(),
                        subject: subject.name.clone(),
                        compatibility: subject
                            .compatibility
                            .clone()
                            .or_else(|| registry.global_compatibility.clone())
                            .map(|level| level.to_ascii_uppercase()),
                        owner: subject.latest().and_then(|version| version.properties.get("owner").cloned()),
                    });
                }
                let classified = classified(&link.source, subject, rules, cache, &mut used);
                let Some(Ok(tree)) = subject.latest().map(|version| &version.parsed) else { continue };
                let own: Vec<&FieldDecision> = decisions
                    .iter()
                    .filter(|decision| decision.source == link.source && decision.subject == subject.name)
                    .collect();
                // Decisions are few: copy the cached classification only to apply some.
                let decided;
                let fields: &[ClassifiedField] = if own.is_empty() {
                    &classified
                } else {
                    decided = apply_decisions(classified.to_vec(), tree, &own);
                    &decided
                };
                for field in fields {
                    let personal = field.categories.iter().filter(|(category, _)| category.is_personal());
                    topic_facts.categories.extend(personal.map(|(category, _)| category.0.clone()));
                }
                topic_facts.tags.extend(tree.all_fields().into_iter().flat_map(|field| field.tags.iter().cloned()));
            }
            facts.push(topic_facts);
        }
    });
    cache.entries.retain(|key, _| used.contains_key(key));
    add_lineage(&mut facts, lineage);
    facts.sort_by(|a, b| (&a.cluster, &a.topic).cmp(&(&b.cluster, &b.topic)));
    facts
}

/// The classification of `subject`'s latest version, from the cache when known.
fn classified(
    source: &str,
    subject: &Subject,
    rules: &RuleSet,
    cache: &mut ClassificationCache,
    used: &mut HashMap<(String, String, i32), ()>,
) -> Arc<Vec<ClassifiedField>> {
    let Some(latest) = subject.latest() else { return Arc::default() };
    let Ok(tree) = &latest.parsed else { return Arc::default() };
    let key = (source.to_owned(), subject.name.clone(), latest.id);
    used.insert(key.clone(), ());
    Arc::clone(cache.entries.entry(key).or_insert_with(|| Arc::new(classify(tree, rules))))
}

/// ACLs that let every principal read `topic`, described.
fn public_read_acls(access: &AccessControl, topic: &str) -> Vec<String> {
    let AccessControl::Listed { bindings } = access else { return Vec::new() };
    bindings
        .iter()
        .filter(|binding| {
            binding.principal == EVERY_PRINCIPAL
                && binding.permission == AclPermission::Allow
                && matches!(binding.operation, AclOperation::Read | AclOperation::All)
                && binding.resource.matches(ResourceKind::Topic, topic)
        })
        .map(|binding| format!("{} to {}", binding.describe(), binding.principal))
        .collect()
}

/// Readers and flows from the lineage graph: groups and connectors reading each topic
/// (a sink connector's own group counted as the connector), and the topics written by
/// whatever reads it.
fn add_lineage(facts: &mut [TopicFacts], lineage: &LineageIndex) {
    lineage.read(|graph| {
        let mut readers: HashMap<(&str, &str), Vec<&NodeId>> = HashMap::new();
        let mut writes: HashMap<&NodeId, Vec<(&str, &str)>> = HashMap::new();
        for (from, to, edge) in graph.all_edges() {
            match (edge.kind, from, to) {
                (EdgeKind::Reads, NodeId::Topic { cluster, topic }, reader) => {
                    readers.entry((cluster.as_str(), topic.as_str())).or_default().push(reader);
                }
                (EdgeKind::Writes, writer, NodeId::Topic { cluster, topic }) => {
                    writes.entry(writer).or_default().push((cluster.as_str(), topic.as_str()));
                }
                _ => {}
            }
        }
        for topic in facts.iter_mut() {
            let Some(found) = readers.get(&(topic.cluster.as_str(), topic.topic.as_str())) else { continue };
            let connectors: BTreeSet<&str> = found
                .iter()
                .filter_map(|reader| match reader {
                    NodeId::Connector { name, .. } => Some(name.as_str()),
                    _ => None,
                })
                .collect();
            for reader in found {
                if let NodeId::Group { group, .. } = reader {
                    let a_sinks_own = group.strip_prefix("connect-").is_some_and(|name| connectors.contains(name));
                    if !a_sinks_own && !topic.reading_groups.contains(group) {
                        topic.reading_groups.push(group.clone());
                    }
                }
                for (cluster, written) in writes.get(reader).into_iter().flatten() {
                    let flow =
                        Flow { cluster: (*cluster).to_owned(), topic: (*written).to_owned(), through: reader.path() };
                    let itself = *cluster == topic.cluster && *written == topic.topic;
                    if !itself && !topic.flows_into.contains(&flow) {
                        topic.flows_into.push(flow);
                    }
                }
            }
            topic.reading_connectors = connectors.into_iter().map(str::to_owned).collect();
            topic.reading_groups.sort();
        }
    });
}
