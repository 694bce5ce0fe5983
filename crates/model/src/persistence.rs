//! How long a record can persist in a topic, as Kafka applies the topic's configs: one
//! pure function ([`Persistence::of`]) that the topic page, the API and every compliance
//! rule that reasons about time use.
//!
//! - `cleanup.policy=delete` (the default): a record goes once its segment is older than
//!   `retention.ms` (`-1`: never), or earlier when the partition passes `retention.bytes`.
//! - `compact`: `retention.ms` does not apply. The latest record of each key stays until
//!   a tombstone (a null value) for that key is written; the tombstone itself stays
//!   `delete.retention.ms` after compaction reaches it. No time bounds a live key.
//! - `compact,delete`: compacted, and also every record goes after `retention.ms`.
//! - Retention deletes whole segments, judged by their newest record: a record can stay
//!   up to `segment.ms` (the time a segment stays open) longer than `retention.ms`.
//! - With tiered storage (`remote.storage.enable=true`), `local.retention.ms` bounds only
//!   the brokers' disks; `retention.ms` still bounds the record.

use serde::{Deserialize, Serialize};

use super::{Retention, Topic};

/// Kafka's default `retention.ms` (7 days), which applies when a broker does not report
/// the setting.
pub const KAFKA_DEFAULT_RETENTION_MS: i64 = 7 * 24 * 3_600_000;
/// Kafka's default `delete.retention.ms` (1 day): how long a tombstone stays.
pub const KAFKA_DEFAULT_TOMBSTONE_MS: i64 = 24 * 3_600_000;
/// Kafka's default `segment.ms` (7 days): how long a segment stays open for appends.
pub const KAFKA_DEFAULT_SEGMENT_MS: i64 = 7 * 24 * 3_600_000;

/// What `cleanup.policy` does with old records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Cleanup {
    /// Records are deleted by age (and size).
    Delete,
    /// The latest record per key is kept until a tombstone.
    Compact,
    /// Compacted, and records are also deleted by age.
    CompactDelete,
}

impl Cleanup {
    /// `cleanup.policy` as reported (a list, in any order or case); `None` reads as
    /// Kafka's default, `delete`.
    pub fn from_config_value(value: Option<&str>) -> Self {
        let Some(value) = value else { return Cleanup::Delete };
        let has = |policy: &str| value.split(',').any(|part| part.trim().eq_ignore_ascii_case(policy));
        match (has("compact"), has("delete")) {
            (true, true) => Cleanup::CompactDelete,
            (true, false) => Cleanup::Compact,
            _ => Cleanup::Delete,
        }
    }
}

/// How long a topic's records can persist, with the configs that decide it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Persistence {
    pub cleanup: Cleanup,
    /// The longest any record can stay, in milliseconds; `null` when nothing bounds it
    /// (`retention.ms = -1`, or a compacted topic's live keys).
    pub longest_ms: Option<i64>,
    /// `retention.bytes` when set: a partition past it loses its oldest records sooner.
    pub bytes_limit: Option<i64>,
    /// How long a tombstone stays (`delete.retention.ms`), for compacted topics.
    pub tombstones_ms: Option<i64>,
    /// `local.retention.ms` when tiered storage is on: the brokers' disks only.
    pub local_ms: Option<i64>,
    /// `segment.ms`: how long a segment stays open, which retention adds to.
    #[serde(default = "default_segment_ms")]
    pub segment_ms: i64,
    /// In words: "7 days", "until a tombstone deletes its key (tombstones 1 day)".
    pub label: String,
}

impl Persistence {
    /// How long `topic`'s records can persist under its reported configs.
    pub fn of(topic: &Topic) -> Self {
        let number = |name: &str| topic.config(name).and_then(|value| value.trim().parse::<i64>().ok());
        let cleanup = Cleanup::from_config_value(topic.config("cleanup.policy"));
        let by_time = match topic.retention() {
            Retention::Millis(ms) => Some(ms),
            Retention::Forever => None,
            Retention::NotReported => Some(KAFKA_DEFAULT_RETENTION_MS),
        };
        let bytes_limit = number("retention.bytes").filter(|bytes| *bytes >= 0);
        let compacted = cleanup != Cleanup::Delete;
        let tombstones_ms = compacted.then(|| number("delete.retention.ms").unwrap_or(KAFKA_DEFAULT_TOMBSTONE_MS));
        let tiered = topic.config("remote.storage.enable").is_some_and(|value| value.trim() == "true");
        // -2 means "as retention.ms".
        let local_ms = tiered.then(|| number("local.retention.ms")).flatten().filter(|ms| *ms >= 0);
        let segment_ms = number("segment.ms").filter(|ms| *ms > 0).unwrap_or(KAFKA_DEFAULT_SEGMENT_MS);
        let longest_ms = if cleanup == Cleanup::Compact { None } else { by_time };
        let mut label = match (cleanup, by_time) {
            (Cleanup::Compact, _) => "the latest record per key, until a tombstone deletes its key".to_owned(),
            (Cleanup::CompactDelete, Some(ms)) => format!("the latest record per key, at most {}", duration(ms)),
            (Cleanup::CompactDelete, None) => "the latest record per key, until a tombstone deletes its key".to_owned(),
            (Cleanup::Delete, Some(ms)) => duration(ms),
            (Cleanup::Delete, None) => "forever".to_owned(),
        };
        if matches!(topic.retention(), Retention::NotReported) && cleanup != Cleanup::Compact {
            label.push_str(" (broker default)");
        }
        if let Some(ms) = tombstones_ms {
            label.push_str(&format!("; tombstones {}", duration(ms)));
        }
        if let (Some(bytes), false) = (bytes_limit, cleanup == Cleanup::Compact) {
            label.push_str(&format!("; sooner once a partition passes {}", size(bytes)));
        }
        if let Some(ms) = local_ms {
            label.push_str(&format!("; on the brokers' disks {}", duration(ms)));
        }
        Persistence { cleanup, longest_ms, bytes_limit, tombstones_ms, local_ms, segment_ms, label }
    }

    /// The latest a record written at `written_ms` can still be in the topic: its
    /// segment may stay open `segment.ms` after it, and the segment goes `retention.ms`
    /// after its newest record. `None` when nothing bounds it by time.
    pub fn gone_by_ms(&self, written_ms: i64) -> Option<i64> {
        self.longest_ms.map(|ms| written_ms.saturating_add(self.segment_ms).saturating_add(ms))
    }
}

fn default_segment_ms() -> i64 {
    KAFKA_DEFAULT_SEGMENT_MS
}

/// "7 days", "36 hours", ...: the largest whole unit.
fn duration(ms: i64) -> String {
    Retention::Millis(ms).label()
}

/// "1 GiB", "512 MiB", "1000 bytes".
fn size(bytes: i64) -> String {
    const KIB: i64 = 1024;
    for (unit, name) in [(KIB * KIB * KIB, "GiB"), (KIB * KIB, "MiB"), (KIB, "KiB")] {
        if bytes >= unit && bytes % unit == 0 {
            return format!("{} {name}", bytes / unit);
        }
    }
    format!("{bytes} bytes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TopicConfig;

    fn topic(configs: &[(&str, &str)]) -> Topic {
        Topic {
            name: "t".into(),
            internal: false,
            partitions: vec![],
            configs: configs
                .iter()
                .map(|(name, value)| TopicConfig {
                    name: (*name).into(),
                    value: Some((*value).into()),
                    source: "DynamicTopic".into(),
                    sensitive: false,
                })
                .collect(),
        }
    }

    #[test]
    fn compacted_topics_keep_live_keys_whatever_retention_ms_says() {
        let compacted = Persistence::of(&topic(&[("cleanup.policy", "compact"), ("retention.ms", "604800000")]));
        assert_eq!(compacted.longest_ms, None);
        assert_eq!(compacted.gone_by_ms(0), None, "a live key stays");
        assert_eq!(compacted.tombstones_ms, Some(KAFKA_DEFAULT_TOMBSTONE_MS));
        assert_eq!(compacted.label, "the latest record per key, until a tombstone deletes its key; tombstones 1 day");
        let both = Persistence::of(&topic(&[
            ("cleanup.policy", "delete, COMPACT"),
            ("retention.ms", "259200000"),
            ("delete.retention.ms", "3600000"),
        ]));
        assert_eq!((both.cleanup, both.longest_ms), (Cleanup::CompactDelete, Some(259_200_000)));
        assert_eq!(both.label, "the latest record per key, at most 3 days; tombstones 1 hour");
    }

    #[test]
    fn deleted_topics_are_bounded_by_time_bytes_and_say_what_tiers_hold() {
        let plain = Persistence::of(&topic(&[("cleanup.policy", "delete"), ("retention.ms", "604800000")]));
        assert_eq!((plain.longest_ms, plain.label.as_str()), (Some(604_800_000), "7 days"));
        assert_eq!(plain.gone_by_ms(1_000), Some(1_000 + 2 * 604_800_000), "retention after the segment's week");
        let rolled = Persistence::of(&topic(&[("retention.ms", "4000"), ("segment.ms", "1000")]));
        assert_eq!(rolled.gone_by_ms(10_000), Some(15_000));
        let unreported = Persistence::of(&topic(&[]));
        assert_eq!(unreported.longest_ms, Some(KAFKA_DEFAULT_RETENTION_MS));
        assert_eq!(unreported.label, "7 days (broker default)");
        let forever = Persistence::of(&topic(&[("retention.ms", "-1"), ("retention.bytes", "1073741824")]));
        assert_eq!(forever.longest_ms, None);
        assert_eq!(forever.label, "forever; sooner once a partition passes 1 GiB");
        let tiered = Persistence::of(&topic(&[
            ("retention.ms", "2592000000"),
            ("remote.storage.enable", "true"),
            ("local.retention.ms", "86400000"),
        ]));
        assert_eq!(tiered.longest_ms, Some(2_592_000_000));
        assert_eq!(tiered.label, "30 days; on the brokers' disks 1 day");
        let defaults = Persistence::of(&topic(&[("retention.bytes", "-1"), ("local.retention.ms", "-2")]));
        assert_eq!((defaults.bytes_limit, defaults.local_ms), (None, None));
    }
}
