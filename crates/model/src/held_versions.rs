//! What a topic holds over time: the earlier schema versions whose records may still be
//! in it, each with why Tributary believes so and the date it clears by, and the sample
//! of schema ids at each partition's ends that can replace the assumption.
//!
//! A new schema version does not rewrite the records already written: until retention
//! deletes them (or, on a compacted topic, a tombstone for their key), the topic still
//! holds what earlier versions carried. The computation is `tributary-core`'s
//! `catalog::versions_held`; these are its results as pages and the API show them.

use serde::{Deserialize, Serialize};

/// Why records written with an earlier version may still be in the topic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HeldBecause {
    /// Registered within the topic's retention: its last records clear by a date.
    Retention,
    /// A compacted topic keeps the latest record of each key until a tombstone.
    Compacted,
    /// `retention.ms = -1`: nothing deletes records by age.
    Forever,
    /// Its schema id is in the oldest retained record of a partition (sampled).
    SampledOldest,
    /// Its schema id is in the newest record of a partition: a producer still writes it.
    StillWritten,
    /// A soft-deleted version after the latest one: when writers stopped using it is not
    /// known.
    Unknown,
}

impl HeldBecause {
    /// In words, for pages and reports.
    pub fn describe(self) -> &'static str {
        match self {
            HeldBecause::Retention => "registered within the topic's retention",
            HeldBecause::Compacted => "the topic is compacted: kept until deleted by key",
            HeldBecause::Forever => "retention.ms is -1: kept forever",
            HeldBecause::SampledOldest => "its schema id is in the oldest retained record",
            HeldBecause::StillWritten => "a producer still writes it (newest record)",
            HeldBecause::Unknown => "a deleted version after the latest: when writing it stopped is unknown",
        }
    }
}

/// An earlier version of a subject whose records may still be in a topic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HeldVersion {
    pub version: i32,
    pub schema_id: i32,
    pub because: HeldBecause,
    /// The latest moment its records can still be there (ms since the epoch): the next
    /// version's registration (as first seen) plus the longest a record persists. `null`
    /// when nothing bounds it (compacted, kept forever, still written).
    pub clears_by_ms: Option<i64>,
}

impl HeldVersion {
    /// In words: "in version 1, clears by 2027-01-06 09:00:00 UTC", "in version 1, kept
    /// until deleted by key (the topic is compacted)".
    pub fn describe(&self) -> String {
        let version = self.version;
        match (self.because, self.clears_by_ms) {
            (_, Some(at_ms)) => format!("in version {version}, clears by {}", super::freshness::utc_label(at_ms)),
            (HeldBecause::Compacted, None) => {
                format!("in version {version}, kept until deleted by key (the topic is compacted)")
            }
            (because, None) => format!("in version {version}, no date clears it: {}", because.describe()),
        }
    }
}

/// The schema ids found at one partition's ends.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartitionEnds {
    pub partition: i32,
    /// The oldest retained record; `null` for an empty partition.
    pub oldest: Option<SampledRecord>,
    /// The newest record; `null` for an empty partition.
    pub newest: Option<SampledRecord>,
}

/// One record's place and the schema ids of its key and value (Confluent wire format:
/// magic byte 0, then the id as four big-endian bytes); `null` where it is not in that
/// format.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SampledRecord {
    pub offset: i64,
    pub timestamp_ms: Option<i64>,
    pub key_schema_id: Option<i32>,
    pub value_schema_id: Option<i32>,
}

/// A topic's partitions sampled at one moment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicSample {
    pub at_ms: i64,
    pub partitions: Vec<PartitionEnds>,
}

impl TopicSample {
    /// Whether `other` found the same schema ids at the same partitions' ends (offsets
    /// and times aside): what the versions held depend on.
    pub fn same_ids(&self, other: &TopicSample) -> bool {
        let ids = |record: &Option<SampledRecord>| record.as_ref().map(|r| (r.key_schema_id, r.value_schema_id));
        self.partitions.len() == other.partitions.len()
            && self.partitions.iter().zip(&other.partitions).all(|(a, b)| {
                a.partition == b.partition && ids(&a.oldest) == ids(&b.oldest) && ids(&a.newest) == ids(&b.newest)
            })
    }
}

/// A topic's last record sample as its page shows it: the ends found, or why the
/// records could not be read (the broker's answer).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum RecordSampleState {
    Taken { sample: TopicSample },
    Refused { at_ms: i64, reason: String },
}

/// The Confluent wire format's schema id of a serialized key or value, if it is in it.
pub fn wire_schema_id(payload: &[u8]) -> Option<i32> {
    match payload {
        [0, a, b, c, d, ..] => Some(i32::from_be_bytes([*a, *b, *c, *d])),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn held_versions_say_until_when_in_words() {
        let dated = HeldVersion {
            version: 1,
            schema_id: 4,
            because: HeldBecause::Retention,
            clears_by_ms: Some(1_796_052_654_142),
        };
        assert_eq!(dated.describe(), "in version 1, clears by 2026-11-30 15:30:54 UTC");
        let compacted = HeldVersion { because: HeldBecause::Compacted, clears_by_ms: None, ..dated.clone() };
        assert_eq!(compacted.describe(), "in version 1, kept until deleted by key (the topic is compacted)");
        let written = HeldVersion { because: HeldBecause::StillWritten, clears_by_ms: None, ..dated };
        assert_eq!(written.describe(), "in version 1, no date clears it: a producer still writes it (newest record)");
    }

    #[test]
    fn the_wire_format_is_magic_zero_then_a_big_endian_id() {
        assert_eq!(wire_schema_id(&[0, 0, 0, 1, 2, 42]), Some(258));
        assert_eq!(wire_schema_id(&[0, 0, 0, 0, 7]), Some(7));
        assert_eq!(wire_schema_id(&[1, 0, 0, 0, 7]), None, "magic byte 1 is not Confluent's");
        assert_eq!(wire_schema_id(&[0, 0, 0]), None, "too short");
        assert_eq!(wire_schema_id(b"{\"json\":1}"), None);
    }
}
