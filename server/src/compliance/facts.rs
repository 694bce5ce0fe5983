//! What profiles are evaluated against: for each topic, the facts its rules ask about,
//! gathered once per evaluation from the catalog (by `service::compliance`), so that the
//! rules themselves stay pure and quick.

use std::collections::BTreeSet;

use app::model::Retention;

/// One topic's facts.
#[derive(Clone, Debug, Default)]
pub struct TopicFacts {
    pub cluster: String,
    pub topic: String,
    /// `retention.ms` as reported.
    pub retention: Option<Retention>,
    /// `cleanup.policy` as reported; `None` when the broker did not say.
    pub cleanup_policy: Option<String>,
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
    /// Its personal fields that no data-contract rule encrypts or masks as written.
    pub unprotected: Vec<UnprotectedField>,
}

/// A personal field left in clear.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnprotectedField {
    pub subject: String,
    pub path: String,
    /// Its personal categories (`PII`, `PCI`).
    pub categories: Vec<String>,
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flow {
    pub cluster: String,
    pub topic: String,
    /// The application's node path (`group:demo/enricher`).
    pub through: String,
}

impl TopicFacts {
    /// Whether its fields hold personal data of any category.
    pub fn holds_personal_data(&self) -> bool {
        !self.categories.is_empty()
    }
}
