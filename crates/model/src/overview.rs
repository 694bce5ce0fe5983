//! The cluster overview page's data: per cluster, its status and a summary of its last
//! known snapshot.

use serde::{Deserialize, Serialize};

use super::{
    principal_summaries, ApplicationKind, Broker, ClusterIdentity, ClusterSnapshot, ClusterStatus, ConsumerGroup,
    PrincipalSummary, Retention, Topic,
};

/// Every configured cluster with its last known state.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Overview {
    pub clusters: Vec<ClusterOverview>,
    /// The server's clock when this was built, so "read 5 s ago" does not depend on
    /// the browser's clock.
    pub server_time_ms: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClusterOverview {
    pub status: ClusterStatus,
    /// A summary of the last successful read; `None` until one succeeds.
    pub summary: Option<ClusterSummary>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClusterSummary {
    pub brokers: Vec<Broker>,
    pub identity: ClusterIdentity,
    /// What the cluster said about its ACLs, in words.
    pub access: String,
    /// Who may read and write, per principal; empty without listed ACLs.
    pub principals: Vec<PrincipalSummary>,
    pub topics: Vec<TopicSummary>,
    pub groups: Vec<GroupSummary>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicSummary {
    pub name: String,
    pub internal: bool,
    pub partitions: i32,
    pub replication_factor: i32,
    #[cfg_attr(feature = "openapi", schema(value_type = super::json_shapes::RetentionJson))]
    pub retention: Retention,
    /// How long its records can persist (`retention.ms` does not bound a compacted
    /// topic's live keys).
    pub persistence: super::Persistence,
    /// Partitions whose in-sync replicas are fewer than their replicas.
    pub under_replicated: i32,
    /// The key and value schemas describing the topic, from every schema source.
    #[serde(default)]
    pub schemas: Vec<SchemaLink>,
}

/// A subject that describes a topic's keys or values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SchemaLink {
    pub source: String,
    pub subject: String,
    pub role: super::SchemaRole,
    pub format: Option<super::SchemaFormat>,
    pub version: Option<i32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupSummary {
    pub group_id: String,
    /// `"kind": "consumer"`, `"kafka_streams"`, `"connect_workers"` or
    /// `"connect_sink"` (with `"connector"`), beside the other fields.
    #[serde(flatten)]
    pub kind: ApplicationKind,
    pub state: String,
    pub protocol_type: String,
    pub members: i32,
    pub topics: Vec<String>,
    pub total_lag: Option<i64>,
}

impl ClusterSummary {
    pub fn of(snapshot: &ClusterSnapshot) -> Self {
        Self {
            brokers: snapshot.brokers.clone(),
            identity: snapshot.identity.clone(),
            access: snapshot.access.label(),
            principals: principal_summaries(snapshot),
            topics: snapshot.topics.iter().map(TopicSummary::of).collect(),
            groups: snapshot.groups.iter().map(|group| GroupSummary::of(group, snapshot)).collect(),
        }
    }
}

impl TopicSummary {
    /// The summary of `topic`, without its schemas (the caller joins those).
    pub fn of(topic: &Topic) -> Self {
        TopicSummary {
            name: topic.name.clone(),
            internal: topic.internal,
            partitions: count(topic.partitions.len()),
            replication_factor: topic.replication_factor(),
            retention: topic.retention(),
            persistence: topic.persistence(),
            under_replicated: count(
                topic.partitions.iter().filter(|p| p.in_sync_replicas.len() < p.replicas.len()).count(),
            ),
            schemas: Vec::new(),
        }
    }
}

impl GroupSummary {
    pub fn of(group: &ConsumerGroup, snapshot: &ClusterSnapshot) -> Self {
        GroupSummary {
            group_id: group.group_id.clone(),
            kind: ApplicationKind::of(group, snapshot),
            state: group.state.clone(),
            protocol_type: group.protocol_type.clone(),
            members: count(group.members.len()),
            topics: group.topics(),
            total_lag: group.total_lag(),
        }
    }
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}
