//! What one read of a Kafka cluster returns, in Tributary's own terms.

use serde::{Deserialize, Serialize};

/// Everything read from one cluster in one pass. Compared with the previous read so
/// that an unchanged cluster costs no store write, and diffed into change events.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClusterSnapshot {
    pub brokers: Vec<Broker>,
    /// Sorted by name.
    pub topics: Vec<Topic>,
    /// Sorted by group id.
    pub groups: Vec<ConsumerGroup>,
    /// The cluster id and controller, where the cluster reports them.
    #[serde(default)]
    pub identity: ClusterIdentity,
    /// The ACLs, where the cluster has an authorizer that lets us list them.
    #[serde(default)]
    pub access: super::ClusterAcls,
    /// Who writes which topic, from the brokers' producer and transaction state.
    #[serde(default)]
    pub writers: super::WriterActivity,
}

/// What DescribeCluster says about the cluster as a whole.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClusterIdentity {
    pub cluster_id: Option<String>,
    /// Broker id of the active controller.
    pub controller: Option<i32>,
}

/// A cluster's status with its last known snapshot, as the catalog holds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClusterState {
    pub status: super::ClusterStatus,
    /// The last successful read; `None` until one succeeds.
    pub snapshot: Option<ClusterSnapshot>,
    /// Every application→topic edge ever observed, with first and last seen.
    #[serde(default)]
    pub edges: Vec<super::SeenEdge>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Broker {
    pub id: i32,
    pub host: String,
    pub port: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Topic {
    pub name: String,
    /// Kafka's own topics (`__consumer_offsets`, `_schemas`, ...): shown apart.
    pub internal: bool,
    /// Sorted by id.
    pub partitions: Vec<Partition>,
    /// As the broker reported them (some brokers report only the ones set explicitly).
    pub configs: Vec<TopicConfig>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Partition {
    pub id: i32,
    /// Broker id of the leader; -1 when the partition has none.
    pub leader: i32,
    pub replicas: Vec<i32>,
    pub in_sync_replicas: Vec<i32>,
    /// The offset the next record will get; `None` if the broker did not say.
    pub high_watermark: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicConfig {
    pub name: String,
    /// `None` for sensitive values, which brokers never reveal.
    pub value: Option<String>,
    /// Where the value comes from, as the broker says it (`DynamicTopic`, `Default`, ...).
    pub source: String,
    pub sensitive: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsumerGroup {
    pub group_id: String,
    /// The coordinator's state string (`Stable`, `Empty`, `PreparingRebalance`, ...),
    /// kept verbatim so that states added by newer brokers still show.
    pub state: String,
    /// `consumer` for consumer groups, `connect` for Connect workers, ... ; may be empty.
    pub protocol_type: String,
    /// The assignor (`range`, `cooperative-sticky`, ...); may be empty.
    pub protocol: String,
    pub members: Vec<GroupMember>,
    /// Committed offsets with their lag, sorted by topic and partition.
    pub offsets: Vec<CommittedOffset>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupMember {
    pub member_id: String,
    pub client_id: String,
    pub client_host: String,
    /// Empty where the broker does not reveal assignments.
    pub assignment: Vec<TopicPartitions>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicPartitions {
    pub topic: String,
    pub partitions: Vec<i32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommittedOffset {
    pub topic: String,
    pub partition: i32,
    pub offset: i64,
    /// High watermark minus the committed offset; `None` without a watermark.
    pub lag: Option<i64>,
}

impl Topic {
    /// The value of config `name`, if reported.
    pub fn config(&self, name: &str) -> Option<&str> {
        self.configs.iter().find(|config| config.name == name).and_then(|config| config.value.as_deref())
    }

    /// `retention.ms` alone; what it means depends on `cleanup.policy`: see
    /// [`Topic::persistence`].
    pub fn retention(&self) -> Retention {
        Retention::from_config_value(self.config("retention.ms"))
    }

    /// How long the topic's records can persist, as Kafka applies its configs.
    pub fn persistence(&self) -> super::Persistence {
        super::Persistence::of(self)
    }

    /// Replicas of the first partition; Kafka keeps the count equal across partitions.
    pub fn replication_factor(&self) -> i32 {
        self.partitions.first().map_or(0, |partition| i32::try_from(partition.replicas.len()).unwrap_or(i32::MAX))
    }
}

impl ConsumerGroup {
    /// The topics the group reads: those it has committed offsets for or is assigned.
    pub fn topics(&self) -> Vec<String> {
        let mut topics: Vec<String> = self
            .offsets
            .iter()
            .map(|offset| offset.topic.clone())
            .chain(self.members.iter().flat_map(|m| m.assignment.iter().map(|a| a.topic.clone())))
            .collect();
        topics.sort();
        topics.dedup();
        topics
    }

    /// The sum of the known lags on each topic's partitions, for topics where any is known.
    pub fn lag_by_topic(&self) -> std::collections::BTreeMap<&str, i64> {
        let mut lags = std::collections::BTreeMap::new();
        for offset in &self.offsets {
            if let Some(lag) = offset.lag {
                let sum: &mut i64 = lags.entry(offset.topic.as_str()).or_default();
                *sum = sum.saturating_add(lag);
            }
        }
        lags
    }

    /// The sum of the known per-partition lags; `None` if none is known.
    pub fn total_lag(&self) -> Option<i64> {
        self.offsets.iter().filter_map(|offset| offset.lag).reduce(|a, b| a.saturating_add(b))
    }
}

/// A topic's `retention.ms`, as the broker reported it; in JSON milliseconds and a
/// policy (see [`super::json_shapes::RetentionJson`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "super::json_shapes::RetentionJson", from = "super::json_shapes::RetentionJson")]
pub enum Retention {
    /// Records are deleted after this many milliseconds.
    Millis(i64),
    /// `retention.ms = -1`: records are kept forever.
    Forever,
    /// The broker did not report the setting (some brokers return only the configs
    /// set at creation); the broker-wide default applies.
    NotReported,
}

impl Retention {
    /// Interprets the raw `retention.ms` config value; `None` when absent.
    pub fn from_config_value(value: Option<&str>) -> Self {
        match value.map(str::trim).map(str::parse::<i64>) {
            Some(Ok(ms)) if ms < 0 => Retention::Forever,
            Some(Ok(ms)) => Retention::Millis(ms),
            _ => Retention::NotReported,
        }
    }

    /// A short human form: "7 days", "36 hours", "forever", "broker default".
    pub fn label(&self) -> String {
        const SECOND: i64 = 1_000;
        const MINUTE: i64 = 60 * SECOND;
        const HOUR: i64 = 60 * MINUTE;
        const DAY: i64 = 24 * HOUR;
        let plural = |n: i64, unit: &str| {
            if n == 1 {
                format!("1 {unit}")
            } else {
                format!("{n} {unit}s")
            }
        };
        match *self {
            Retention::Forever => "forever".to_owned(),
            Retention::NotReported => "broker default".to_owned(),
            Retention::Millis(ms) if ms % DAY == 0 && ms > 0 => plural(ms / DAY, "day"),
            Retention::Millis(ms) if ms % HOUR == 0 && ms > 0 => plural(ms / HOUR, "hour"),
            Retention::Millis(ms) if ms % MINUTE == 0 && ms > 0 => plural(ms / MINUTE, "minute"),
            Retention::Millis(ms) if ms % SECOND == 0 && ms > 0 => plural(ms / SECOND, "second"),
            Retention::Millis(ms) => format!("{ms} ms"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(offsets: &[(&str, Option<i64>)]) -> ConsumerGroup {
        ConsumerGroup {
            group_id: "billing".into(),
            state: "Stable".into(),
            protocol_type: "consumer".into(),
            protocol: "range".into(),
            members: vec![GroupMember {
                member_id: "m-1".into(),
                client_id: "billing-1".into(),
                client_host: "/10.0.0.7".into(),
                assignment: vec![TopicPartitions { topic: "refunds".into(), partitions: vec![0] }],
            }],
            offsets: offsets
                .iter()
                .enumerate()
                .map(|(partition, (topic, lag))| CommittedOffset {
                    topic: (*topic).into(),
                    partition: partition as i32,
                    offset: 10,
                    lag: *lag,
                })
                .collect(),
        }
    }

    #[test]
    fn a_group_reads_what_it_committed_or_was_assigned() {
        let billing = group(&[("orders", Some(3)), ("orders", Some(4)), ("payments", None)]);
        assert_eq!(billing.topics(), vec!["orders", "payments", "refunds"]);
        assert_eq!(billing.total_lag(), Some(7));
        assert_eq!(group(&[("orders", None)]).total_lag(), None);
    }

    #[test]
    fn retention_reads_kafka_config_values() {
        assert_eq!(Retention::from_config_value(Some("604800000")), Retention::Millis(604_800_000));
        assert_eq!(Retention::from_config_value(Some("-1")), Retention::Forever);
        assert_eq!(Retention::from_config_value(None), Retention::NotReported);
        assert_eq!(Retention::from_config_value(Some("soon")), Retention::NotReported);
    }

    #[test]
    fn retention_labels_pick_the_largest_whole_unit() {
        assert_eq!(Retention::Millis(604_800_000).label(), "7 days");
        assert_eq!(Retention::Millis(86_400_000).label(), "1 day");
        assert_eq!(Retention::Millis(129_600_000).label(), "36 hours");
        assert_eq!(Retention::Millis(90_000).label(), "90 seconds");
        assert_eq!(Retention::Millis(1_500).label(), "1500 ms");
        assert_eq!(Retention::Forever.label(), "forever");
        assert_eq!(Retention::NotReported.label(), "broker default");
    }
}
