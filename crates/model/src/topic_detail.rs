//! One topic in full, as its page and the API show it: partitions, configs, the
//! schemas that describe it, who reads it (with lag) and who writes it.

use serde::{Deserialize, Serialize};

use super::{ApplicationKind, CatalogEvent, ClusterStatus, SchemaLink, Topic};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicDetail {
    pub cluster: String,
    /// The cluster's read status, so a stale answer says so.
    pub status: ClusterStatus,
    /// The server's clock when this was built, for "read 5 s ago".
    pub server_time_ms: i64,
    /// Partitions with leaders, replicas and high watermarks; configs as reported.
    pub topic: Topic,
    /// The subjects describing its keys and values.
    pub schemas: Vec<SchemaLink>,
    /// The groups that read it (committed offsets or assignments), with their lag on it.
    pub readers: Vec<TopicReader>,
    /// Who writes it, as the lineage knows it: applications seen writing in
    /// transactions, declared edges, OpenLineage jobs.
    pub writers: Vec<TopicWriter>,
    /// The producers the brokers hold state for: transactional ids, and a count of
    /// the others.
    #[serde(default)]
    pub producers: super::TopicProducers,
    /// What happened to the topic lately, newest first: creation, configs, partitions,
    /// readers starting and stopping.
    #[serde(default)]
    pub recent_changes: Vec<CatalogEvent>,
    /// Each reader's lag on the topic over the last day, oldest sample first.
    #[serde(default)]
    pub lag_history: Vec<LagSeries>,
    /// The fields of its latest key and value schemas that carry tags (`PII`, ...).
    #[serde(default)]
    pub tagged_fields: Vec<TaggedField>,
    /// The fields of its latest key and value schemas that hold personal or sensitive
    /// data, each category with where it came from (a tag, or a name rule's suggestion).
    #[serde(default)]
    pub classified_fields: Vec<super::ClassifiedField>,
    /// The rules of compliance profiles it breaks now.
    #[serde(default)]
    pub violations: Vec<super::Violation>,
    /// Personal data reaching it from upstream through applications.
    #[serde(default)]
    pub upstream: Vec<super::UpstreamMark>,
    /// Personal fields no longer in its latest schema whose records it may still hold:
    /// each with the earlier version and the date it clears by.
    #[serde(default)]
    pub held_fields: Vec<super::PersonalFieldView>,
    /// The schema ids last found at its partitions' ends, where Tributary may read its
    /// records; `None` where it may not (or has not yet).
    #[serde(default)]
    pub record_sample: Option<super::RecordSampleState>,
    /// Stewards' tags on the whole topic, in force.
    #[serde(default)]
    pub topic_tags: Vec<super::TopicTag>,
    /// The topic against its cluster's estate code; `None` when no estate source
    /// describes the cluster.
    #[serde(default)]
    pub estate: Option<TopicEstate>,
}

/// Where the estate's code declares a topic, and how the topic differs from it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicEstate {
    /// Every declaration of the topic (none: declared nowhere).
    pub declared_at: Vec<super::DeclaredAt>,
    /// The differences naming the topic (configs, partitions, ACLs, readers, grants).
    pub drift: Vec<super::DriftFinding>,
}

/// A schema field with the tags it carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaggedField {
    /// The schema source (registry or directory) and subject holding the field.
    pub source: String,
    pub subject: String,
    /// The field's dotted path: `customer.email`.
    pub path: String,
    pub tags: Vec<String>,
}

impl TaggedField {
    /// Whether a tag marks personal data (`PII`, `pii.email`, ...).
    pub fn personal(&self) -> bool {
        self.tags.iter().any(|tag| super::schema::marks_personal_data(tag))
    }
}

/// One group's lag on one topic over time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LagSeries {
    pub group_id: String,
    pub samples: Vec<LagSample>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LagSample {
    /// Unix milliseconds of the read.
    pub at_ms: i64,
    /// The group's summed lag over the topic's partitions then.
    pub lag: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicReader {
    pub group_id: String,
    /// `"kind"` (and `"connector"` for a sink), beside the other fields.
    #[serde(flatten)]
    pub kind: ApplicationKind,
    pub state: String,
    /// The sum of the group's known lag on this topic's partitions.
    pub lag: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicWriter {
    /// The writer's lineage path: `group:prod/orders-service`, `job:airflow/daily`.
    pub node: String,
    /// Why it is believed to write: `declared`, `open_lineage`, ...
    pub evidence: Vec<String>,
}
