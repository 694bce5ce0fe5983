//! Every topic's compliance facts, joined once per evaluation from the clusters'
//! snapshots (configs, replicas, ACLs, readers seen), the schema sources (value subject,
//! compatibility, owner, classified fields) and the lineage graph (readers, and the
//! topics each topic's data flows into through an application).
//!
//! Classifying every field is the costly part, so each subject's classification is kept
//! in a [`ClassificationCache`] for as long as its versions stay the same.
//!
//! A topic's personal fields are its latest schema's and those of earlier versions whose
//! records it may still hold ([`super::versions_held`]), each of the latter with the
//! version and the date it clears by.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use model::{
    permitted_edges, AclOperation, AclPermission, ClusterAcls, Direction, FieldDecision, GrantUsage, HeldVersion,
    RegistrySnapshot, ResourceKind, SchemaRole, Subject, TopicSample,
};
use rustc_hash::FxHashMap;

use super::classification_cache::SubjectClassification;
use super::versions_held::{versions_held, HeldInputs, VersionSightings};
use super::{ClassificationCache, ClusterCatalog, LineageIndex, RegistryEntry};
use crate::classification::{apply_decisions, ClassifiedField, RuleSet};
use crate::compliance::protection::protecting_rule;
use crate::compliance::{Flow, PersonalField, Reading, SchemaFacts, TopicFacts};
use crate::lineage::{EdgeData, EdgeKind, NodeId};

/// The principal every principal matches in an ACL.
const EVERY_PRINCIPAL: &str = "User:*";

/// A subject describing a topic, as the join needs it.
struct Bound<'a> {
    source: &'a RegistryEntry,
    subject: &'a Subject,
    role: SchemaRole,
    global_compatibility: Option<&'a String>,
}

/// Samples of topics' records, by cluster and topic.
pub type TopicSamples = HashMap<String, HashMap<String, TopicSample>>;

/// What the facts need to tell which earlier schema versions topics still hold: the
/// moment they are for, when each version was first seen, and the samples taken.
#[derive(Clone, Copy)]
pub struct FactsOverTime<'a> {
    pub now_ms: i64,
    pub sightings: &'a VersionSightings,
    pub samples: &'a TopicSamples,
}

/// The facts of every topic that is not Kafka's own, sorted by cluster and topic, from the
/// schema `sources` as the registry catalog lists them (or as they stood at a past moment).
pub fn topic_facts(
    clusters: &ClusterCatalog,
    sources: &[RegistryEntry],
    lineage: &LineageIndex,
    rules: &RuleSet,
    decisions: &[FieldDecision],
    cache: &mut ClassificationCache,
    over_time: FactsOverTime,
) -> Vec<TopicFacts> {
    // Facts per cluster, each cluster's sorted by topic, joined in cluster order at the
    // end: sorting 10,000 facts at once would move every one of them several times.
    let mut by_cluster: Vec<(String, Vec<TopicFacts>)> = Vec::new();
    let read: Vec<(&str, &Arc<RegistrySnapshot>)> = sources
        .iter()
        .filter_map(|source| source.snapshot.as_ref().map(|snapshot| (source.name.as_str(), snapshot)))
        .collect();
    // Every live subject by the topic names it binds, once for all clusters.
    let subjects = sources.iter().filter_map(|source| source.snapshot.as_ref()).map(|snapshot| snapshot.subjects.len());
    let mut bound: FxHashMap<&str, Vec<Bound>> = FxHashMap::default();
    bound.reserve(subjects.sum());
    for source in sources {
        let Some(snapshot) = &source.snapshot else { continue };
        for subject in snapshot.subjects.iter().filter(|subject| !subject.deleted()) {
            for binding in &subject.topics {
                bound.entry(binding.topic.as_str()).or_default().push(Bound {
                    source,
                    subject,
                    role: binding.role,
                    global_compatibility: snapshot.global_compatibility.as_ref(),
                });
            }
        }
    }
    let mut passes = cache.passes(&read);
    clusters.visit_snapshots(|alias, snapshot| {
        let mut seen_principals: HashMap<String, Vec<String>> = HashMap::new();
        for edge in permitted_edges(snapshot) {
            if edge.direction == Direction::Reads && matches!(edge.usage, GrantUsage::SeenInUse { .. }) {
                seen_principals.entry(edge.topic).or_default().push(edge.principal);
            }
        }
        let mut facts = Vec::with_capacity(snapshot.topics.len());
        let samples = over_time.samples.get(alias);
        for topic in snapshot.topics.iter().filter(|topic| !topic.internal) {
            let mut topic_facts = TopicFacts {
                cluster: alias.to_owned(),
                topic: topic.name.clone(),
                retention: Some(topic.retention()),
                cleanup_policy: topic.config("cleanup.policy").map(str::to_owned),
                persistence: Some(topic.persistence()),
                replication_factor: topic.replication_factor(),
                min_insync_replicas: topic.config("min.insync.replicas").and_then(|value| value.trim().parse().ok()),
                reading_principals: seen_principals.remove(&topic.name).unwrap_or_default(),
                public_read_acls: public_read_acls(&snapshot.access, &topic.name),
                ..TopicFacts::default()
            };
            let serving = |link: &&Bound| {
                link.source.clusters.is_empty() || link.source.clusters.iter().any(|cluster| cluster == alias)
            };
            for link in bound.get(topic.name.as_str()).into_iter().flatten().filter(serving) {
                let (source, subject) = (link.source.name.as_str(), link.subject);
                if link.role == SchemaRole::Value && topic_facts.value_schema.is_none() {
                    topic_facts.value_schema = Some(SchemaFacts {
                        source: source.to_owned(),
                        subject: subject.name.clone(),
                        compatibility: subject
                            .compatibility
                            .clone()
                            .or_else(|| link.global_compatibility.cloned())
                            .map(|level| level.to_ascii_uppercase()),
                        owner: subject.latest().and_then(|version| version.properties.get("owner").cloned()),
                    });
                }
                let Some(pass) = passes.get_mut(source) else { continue };
                let Some(classified) = pass.classification(subject, rules) else { continue };
                let own: Vec<&FieldDecision> = decisions
                    .iter()
                    .filter(|decision| decision.source == source && decision.subject == subject.name)
                    .collect();
                // Decisions are few: copy the cached classification only to apply some.
                let decided;
                let fields: &[ClassifiedField] = match subject.latest().map(|version| &version.parsed) {
                    Some(Ok(tree)) if !own.is_empty() => {
                        decided = apply_decisions(classified.fields.clone(), tree, &own);
                        &decided
                    }
                    _ => &classified.fields,
                };
                for field in fields {
                    let personal = personal_categories(field);
                    if personal.is_empty() {
                        continue;
                    }
                    topic_facts.categories.extend(personal.iter().cloned());
                    topic_facts.personal_fields.push(PersonalField {
                        subject: subject.name.clone(),
                        path: field.path.clone(),
                        categories: personal,
                        protected_by: protecting(&classified, subject, &field.path),
                        held: None,
                    });
                }
                topic_facts.tags.extend(classified.tags.iter().cloned());
                if let (false, Some(persistence)) = (classified.earlier.is_empty(), &topic_facts.persistence) {
                    let first_seen = |version| over_time.sightings.first_seen(source, &subject.name, version);
                    let inputs = HeldInputs {
                        persistence,
                        first_seen: &first_seen,
                        sample: samples.and_then(|samples| samples.get(&topic.name)),
                        now_ms: over_time.now_ms,
                    };
                    let held = versions_held(subject, link.role, &inputs);
                    add_held_fields(&mut topic_facts, subject, &classified, &held, &own);
                }
            }
            facts.push(topic_facts);
        }
        if !facts.is_sorted_by(|a, b| a.topic <= b.topic) {
            facts.sort_by(|a, b| a.topic.cmp(&b.topic));
        }
        by_cluster.push((alias.to_owned(), facts));
    });
    drop(passes);
    by_cluster.sort_by(|(a, _), (b, _)| a.cmp(b));
    let mut facts = Vec::with_capacity(by_cluster.iter().map(|(_, facts)| facts.len()).sum());
    for (_, cluster) in by_cluster {
        facts.extend(cluster);
    }
    add_lineage(&mut facts, lineage);
    facts
}

/// The personal categories of a classified field.
fn personal_categories(field: &ClassifiedField) -> Vec<String> {
    field
        .categories
        .iter()
        .filter(|(category, _)| category.is_personal())
        .map(|(category, _)| category.0.clone())
        .collect()
}

/// Adds the personal fields of the earlier versions `held` that the latest version does
/// not carry as personal (with the same categories): each once, from the version held
/// longest (no date outlasts any date; a later date outlasts an earlier one).
fn add_held_fields(
    topic_facts: &mut TopicFacts,
    subject: &Subject,
    classified: &SubjectClassification,
    held: &[HeldVersion],
    decisions: &[&FieldDecision],
) {
    let outlasts = |a: &HeldVersion, b: &HeldVersion| match (a.clears_by_ms, b.clears_by_ms) {
        (None, Some(_)) => true,
        (Some(a), Some(b)) => a > b,
        _ => false,
    };
    let mut added: Vec<PersonalField> = Vec::new();
    for version in held {
        let Some(earlier) = classified.earlier.iter().find(|earlier| earlier.version == version.version) else {
            continue;
        };
        let decided;
        let fields: &[ClassifiedField] =
            match subject.versions.iter().find(|known| known.version == version.version).map(|known| &known.parsed) {
                Some(Ok(tree)) if !decisions.is_empty() => {
                    decided = apply_decisions(earlier.fields.clone(), tree, decisions);
                    &decided
                }
                _ => &earlier.fields,
            };
        for field in fields {
            let personal = personal_categories(field);
            if personal.is_empty() {
                continue;
            }
            let carried = topic_facts.personal_fields.iter().any(|known| {
                known.held.is_none()
                    && known.subject == subject.name
                    && known.path == field.path
                    && known.categories == personal
            });
            if carried {
                continue;
            }
            let candidate = PersonalField {
                subject: subject.name.clone(),
                path: field.path.clone(),
                categories: personal,
                protected_by: earlier.protected.get(&field.path).cloned(),
                held: Some(version.clone()),
            };
            match added.iter_mut().find(|known| known.path == field.path) {
                Some(known) if known.held.as_ref().is_some_and(|was| outlasts(version, was)) => *known = candidate,
                Some(_) => {}
                None => added.push(candidate),
            }
        }
    }
    for field in added {
        topic_facts.categories.extend(field.categories.iter().cloned());
        topic_facts.personal_fields.push(field);
    }
}

/// An edge's evidence names, strongest first, and its confidence.
fn evidence_of(edge: &EdgeData) -> (Vec<String>, f32) {
    (edge.evidence.iter().map(|evidence| evidence.name().to_owned()).collect(), edge.confidence())
}

/// The data-contract rule of `subject`'s latest version that protects the field at
/// `path`: known for classified fields; worked out for one a steward tagged by hand.
fn protecting(classified: &SubjectClassification, subject: &Subject, path: &str) -> Option<String> {
    if let Some(rule) = classified.protected.get(path) {
        return Some(rule.clone());
    }
    if classified.fields.iter().any(|field| field.path == path) {
        return None;
    }
    let latest = subject.latest()?;
    let tree = latest.parsed.as_ref().ok()?;
    let field = tree.all_fields().into_iter().find(|field| field.path == path)?;
    protecting_rule(&latest.rules, &field.name, &field.tags).map(|rule| rule.name.clone())
}

/// ACLs that let every principal read `topic`, described.
fn public_read_acls(access: &ClusterAcls, topic: &str) -> Vec<String> {
    let ClusterAcls::Listed { bindings } = access else { return Vec::new() };
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
        let mut readers: FxHashMap<(&str, &str), Vec<(&NodeId, &EdgeData)>> = FxHashMap::default();
        let mut writes: FxHashMap<&NodeId, Vec<(&str, &str, &EdgeData)>> = FxHashMap::default();
        for (from, to, edge) in graph.all_edges() {
            match (edge.kind, from, to) {
                (EdgeKind::Reads, NodeId::Topic { cluster, topic }, reader) => {
                    readers.entry((cluster.as_str(), topic.as_str())).or_default().push((reader, edge));
                }
                (EdgeKind::Writes, writer, NodeId::Topic { cluster, topic }) => {
                    writes.entry(writer).or_default().push((cluster.as_str(), topic.as_str(), edge));
                }
                _ => {}
            }
        }
        for topic in facts.iter_mut() {
            let Some(found) = readers.get(&(topic.cluster.as_str(), topic.topic.as_str())) else { continue };
            let connectors: BTreeSet<&str> = found
                .iter()
                .filter_map(|(reader, _)| match reader {
                    NodeId::Connector { name, .. } => Some(name.as_str()),
                    _ => None,
                })
                .collect();
            for &(reader, read) in found {
                let reading = Reading { through: reader.path(), evidence: evidence_of(read) };
                if !topic.read_by.contains(&reading) {
                    topic.read_by.push(reading);
                }
                if let NodeId::Group { group, .. } = reader {
                    let a_sinks_own = group.strip_prefix("connect-").is_some_and(|name| connectors.contains(name));
                    if !a_sinks_own && !topic.reading_groups.contains(group) {
                        topic.reading_groups.push(group.clone());
                    }
                }
                for (cluster, written, write) in writes.get(reader).into_iter().flatten() {
                    let flow = Flow {
                        cluster: (*cluster).to_owned(),
                        topic: (*written).to_owned(),
                        through: reader.path(),
                        masked: false,
                        read_evidence: evidence_of(read),
                        write_evidence: evidence_of(write),
                    };
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
