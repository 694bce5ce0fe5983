//! What one read of a Kafka cluster returns, in Tributary's own terms.

use serde::{Deserialize, Serialize};

/// Everything read from one cluster in one pass. Compared with the previous read so
/// that an unchanged cluster costs no store write.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterSnapshot {
    pub brokers: Vec<Broker>,
    pub topics: Vec<TopicSummary>,
    pub groups: Vec<GroupSummary>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Broker {
    pub id: i32,
    pub host: String,
    pub port: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicSummary {
    pub name: String,
    /// Kafka's own topics (`__consumer_offsets`, `_schemas`, ...): shown apart.
    pub internal: bool,
    pub partitions: i32,
    /// Replicas of the first partition; Kafka keeps it equal across partitions.
    pub replication_factor: i32,
    pub retention: Retention,
}

/// A topic's `retention.ms`, as the broker reported it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupSummary {
    pub group_id: String,
    /// The coordinator's state string (`Stable`, `Empty`, `PreparingRebalance`, ...),
    /// kept verbatim so that states added by newer brokers still show.
    pub state: String,
    /// `consumer` for consumer groups, `connect` for Connect workers, ... ; may be empty.
    pub protocol_type: String,
    pub members: i32,
}

#[cfg(test)]
mod tests {
    use super::*;

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
