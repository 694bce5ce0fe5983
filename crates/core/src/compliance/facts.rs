//! What profiles are evaluated against: for each topic, the facts its rules ask about,
//! gathered once per evaluation from the catalog (by `service::compliance`), so that the
//! rules themselves stay pure and quick.

use std::collections::BTreeSet;

use model::{Retention, TopicTag};

use crate::classification::Category;

/// One topic's facts.
#[derive(Clone, Debug, Default)]
pub struct TopicFacts {
    pub cluster: String,
    pub topic: String,
    /// `retention.ms` as reported.
    pub retention: Option<Retention>,
    /// `cleanup.policy` as reported; `None` when the broker did not say.
    pub cleanup_policy: Option<String>,
    /// How long its records can persist, as Kafka applies its configs; `None` only in
    /// facts made by hand (tests).
    pub persistence: Option<model::Persistence>,
    pub replication_factor: i32,
    /// `min.insync.replicas` as reported.
    pub min_insync_replicas: Option<i32>,
    /// The value schema, when a schema source describes the topic's values.
    pub value_schema: Option<SchemaFacts>,
    /// Categories (`PII`, `PCI`, ...) its fields hold, after stewards' decisions.
    pub categories: BTreeSet<String>,
    /// Tags on its fields, as written.
    pub tags: BTreeSet<String>,
    /// Groups seen reading it (sink connectors' groups excluded: see `connectors`).
    pub reading_groups: Vec<String>,
    /// Principals seen reading it (a group they may use read it).
    pub reading_principals: Vec<String>,
    /// Sink connectors reading it.
    pub reading_connectors: Vec<String>,
    /// ACLs that let every principal read it, described.
    pub public_read_acls: Vec<String>,
    /// Topics its data flows into through an application: (cluster, topic, application).
    pub flows_into: Vec<Flow>,
    /// Every application seen (or declared) reading it, writing anything or not: node
    /// paths with the read's evidence, for the pictures of where personal data goes.
    pub read_by: Vec<Reading>,
    /// Its own personal fields, each with whether a data-contract rule protects it.
    pub personal_fields: Vec<PersonalField>,
    /// Personal data reaching it from upstream (see [`super::propagation`]).
    pub propagated: Vec<Propagated>,
    /// Flows of its personal data stopped at a masking application.
    pub stopped: Vec<StoppedFlow>,
    /// Stewards' tags on the whole topic, in force.
    pub hand_tags: Vec<TopicTag>,
    /// What the cluster's estate code says of the topic; `None` when no estate source
    /// describes the cluster (or it was not read yet).
    pub estate: Option<EstateFacts>,
    /// For a topic holding personal data of its own: how long that data can persist
    /// anywhere it flows (see [`super::lifespan`]).
    pub lifespan: Option<model::Lifespan>,
}

/// A topic against the estate's code, for the guardrail rules.
#[derive(Clone, Debug, Default)]
pub struct EstateFacts {
    /// Whether the code declares the topic.
    pub declared: bool,
    /// Differences between the code and the topic (its configs, partitions, ACLs naming
    /// it), each with how long it has held (ms).
    pub drift: Vec<(model::DriftFinding, i64)>,
    /// Principals seen reading the topic that the code does not declare.
    pub undeclared_readers: Vec<String>,
}

/// A field holding personal data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonalField {
    pub subject: String,
    pub path: String,
    /// Its personal categories (`PII`, `PCI`).
    pub categories: Vec<String>,
    /// The data-contract rule encrypting or masking it as written, if one does.
    pub protected_by: Option<String>,
    /// `None` for a field of the latest version; for one only an earlier version
    /// carries, the version whose records the topic may still hold, and until when.
    pub held: Option<model::HeldVersion>,
}

/// The subject describing a topic's values.
#[derive(Clone, Debug, Default)]
pub struct SchemaFacts {
    pub source: String,
    pub subject: String,
    /// The subject's compatibility level, or its source's default, upper-cased.
    pub compatibility: Option<String>,
    /// `metadata.properties.owner` of the latest registration.
    pub owner: Option<String>,
}

/// Data of one topic reaching another through an application.
#[derive(Clone, Debug, PartialEq)]
pub struct Flow {
    pub cluster: String,
    pub topic: String,
    /// The application's node path (`group:demo/enricher`).
    pub through: String,
    /// The application is marked as masking: what flows through it is not personal.
    pub masked: bool,
    /// Why the read and the write are believed (`committed_offsets`, `declared`, ...),
    /// strongest first, and how much (0–1).
    pub read_evidence: (Vec<String>, f32),
    pub write_evidence: (Vec<String>, f32),
}

/// An application reading a topic.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    /// The application's node path (`group:demo/billing`, `connector:connect/archive`).
    pub through: String,
    /// Why the read is believed, strongest first, and how much (0–1).
    pub evidence: (Vec<String>, f32),
}

/// Adds stewards' tags on whole topics (those in force) to the facts: a personal
/// category tagged by hand is held like one found in the schema.
pub fn apply_topic_tags(facts: &mut [TopicFacts], tags: &[TopicTag]) {
    for tag in tags {
        let Some(topic) = facts.iter_mut().find(|facts| facts.cluster == tag.cluster && facts.topic == tag.topic)
        else {
            continue;
        };
        if Category::named(&tag.category).is_personal() {
            topic.categories.insert(tag.category.clone());
        }
        topic.hand_tags.push(tag.clone());
    }
}

impl TopicFacts {
    /// Whether it holds personal data of any category, its own or from upstream.
    pub fn holds_personal_data(&self) -> bool {
        !self.categories.is_empty() || !self.propagated.is_empty()
    }

    /// Whether it holds personal data of `category`, its own or from upstream.
    pub fn holds(&self, category: &str) -> bool {
        self.categories.contains(category) || self.propagated.iter().any(|mark| mark.categories.contains(category))
    }

    /// Every category it holds, its own and from upstream.
    pub fn all_categories(&self) -> BTreeSet<String> {
        let upstream = self.propagated.iter().flat_map(|mark| mark.categories.iter().cloned());
        self.categories.iter().cloned().chain(upstream).collect()
    }
}

/// Personal data reaching a topic from upstream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Propagated {
    /// Where it comes from: the topic whose own fields hold it.
    pub origin_cluster: String,
    pub origin_topic: String,
    /// The application (node path) through which it reached this topic last.
    pub through: String,
    pub categories: BTreeSet<String>,
    /// The origin's personal fields, `subject#path`.
    pub fields: Vec<String>,
}

/// An application a flow of personal data stopped at, because a steward marked it as
/// masking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoppedFlow {
    pub through: String,
    pub into_cluster: String,
    pub into_topic: String,
}
