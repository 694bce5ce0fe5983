//! Tests of [`super::versions_held`]: the dates, compaction, and samples overriding them.

use model::{
    HeldBecause, PartitionEnds, Persistence, SampledRecord, SchemaFormat, SchemaRole, Subject, SubjectVersion,
    TopicSample,
};

use super::*;
use crate::test_support::persistence;

const V2_SEEN_MS: i64 = 1_000_000;

fn subject(versions: &[(i32, i32, bool)]) -> Subject {
    Subject {
        name: "jobs-value".into(),
        compatibility: None,
        topics: vec![],
        versions: versions
            .iter()
            .map(|(version, id, deleted)| SubjectVersion {
                version: *version,
                id: *id,
                format: SchemaFormat::Avro,
                deleted: *deleted,
                schema: String::new(),
                references: vec![],
                properties: Default::default(),
                rules: vec![],
                parsed: Err(String::new()),
            })
            .collect(),
    }
}

fn first_seen(version: i32) -> Option<i64> {
    Some(V2_SEEN_MS * i64::from(version - 1))
}

fn held(subject: &Subject, persistence: &Persistence, sample: Option<&TopicSample>, now_ms: i64) -> Vec<HeldVersion> {
    versions_held(subject, SchemaRole::Value, &HeldInputs { persistence, first_seen: &first_seen, sample, now_ms })
}

fn ends(oldest: Option<i32>, newest: Option<i32>) -> PartitionEnds {
    let record = |id: Option<i32>| SampledRecord { value_schema_id: id, ..SampledRecord::default() };
    PartitionEnds { partition: 0, oldest: Some(record(oldest)), newest: Some(record(newest)) }
}

fn sample(partitions: Vec<PartitionEnds>) -> TopicSample {
    TopicSample { at_ms: 0, partitions }
}

#[test]
fn an_earlier_version_is_held_until_retention_after_the_next_one_then_not() {
    let jobs = subject(&[(1, 11, false), (2, 12, false)]);
    let short = persistence(&[("retention.ms", "4000"), ("segment.ms", "1000")]);
    let found = held(&jobs, &short, None, V2_SEEN_MS + 10);
    assert_eq!(
        found,
        [HeldVersion {
            version: 1,
            schema_id: 11,
            because: HeldBecause::Retention,
            clears_by_ms: Some(V2_SEEN_MS + 5_000)
        }]
    );
    assert!(held(&jobs, &short, None, V2_SEEN_MS + 5_000).is_empty(), "cleared at the date");
    let only_latest = subject(&[(1, 11, false)]);
    assert!(held(&only_latest, &short, None, 0).is_empty());
}

#[test]
fn compacted_and_forever_topics_hold_every_earlier_version_without_a_date() {
    let jobs = subject(&[(1, 11, false), (2, 12, false), (3, 13, false)]);
    let compacted = persistence(&[("cleanup.policy", "compact"), ("retention.ms", "1000")]);
    let found = held(&jobs, &compacted, None, i64::MAX / 2);
    assert_eq!(
        found.iter().map(|held| (held.version, held.because, held.clears_by_ms)).collect::<Vec<_>>(),
        [(1, HeldBecause::Compacted, None), (2, HeldBecause::Compacted, None)]
    );
    let forever = persistence(&[("retention.ms", "-1")]);
    assert!(held(&jobs, &forever, None, i64::MAX / 2).iter().all(|held| held.because == HeldBecause::Forever));
    // compact,delete is bounded by retention.ms.
    let both = persistence(&[("cleanup.policy", "compact,delete"), ("retention.ms", "1000"), ("segment.ms", "1")]);
    assert!(held(&jobs, &both, None, 3 * V2_SEEN_MS).is_empty());
}

#[test]
fn a_producer_still_writing_an_old_version_keeps_it_held_whatever_the_dates() {
    let jobs = subject(&[(1, 11, false), (2, 12, false)]);
    let short = persistence(&[("retention.ms", "4000"), ("segment.ms", "1000")]);
    let writing_v1 = sample(vec![ends(Some(12), Some(11)), ends(Some(12), Some(12))]);
    let found = held(&jobs, &short, Some(&writing_v1), 10 * V2_SEEN_MS);
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].because, found[0].clears_by_ms), (HeldBecause::StillWritten, None));
    // Its id in an oldest record, after the dates say it is gone: held, no date.
    let lagging = sample(vec![ends(Some(11), Some(12))]);
    assert_eq!(held(&jobs, &short, Some(&lagging), 10 * V2_SEEN_MS)[0].because, HeldBecause::SampledOldest);
}

#[test]
fn oldest_records_of_a_later_version_clear_earlier_ones_before_their_date() {
    let jobs = subject(&[(1, 11, false), (2, 12, false), (3, 13, false)]);
    let month = persistence(&[("retention.ms", "2592000000")]);
    let now = 2 * V2_SEEN_MS + 10;
    assert_eq!(held(&jobs, &month, None, now).len(), 2, "by the dates, both earlier versions");
    let from_v2 = sample(vec![ends(Some(12), Some(13)), ends(Some(13), Some(13))]);
    let found = held(&jobs, &month, Some(&from_v2), now);
    assert_eq!(found.iter().map(|held| held.version).collect::<Vec<_>>(), [2], "version 1 is gone");
    // A partition whose oldest record is not in the wire format proves nothing.
    let unknown = sample(vec![ends(Some(13), Some(13)), ends(None, Some(13))]);
    assert_eq!(held(&jobs, &month, Some(&unknown), now).len(), 2);
    // Every partition empty: nothing is held.
    let empty = sample(vec![PartitionEnds { partition: 0, oldest: None, newest: None }]);
    assert!(held(&jobs, &month, Some(&empty), now).is_empty());
}

#[test]
fn a_deleted_version_after_the_latest_is_held_with_no_known_end() {
    let jobs = subject(&[(1, 11, false), (2, 12, true)]);
    let found = held(&jobs, &persistence(&[]), None, 0);
    assert_eq!(found.iter().map(|held| (held.version, held.because)).collect::<Vec<_>>(), [(2, HeldBecause::Unknown)]);
}

#[test]
fn sightings_keep_the_earliest_time() {
    let mut sightings = VersionSightings::default();
    sightings.insert("registry", "jobs-value", 2, 500);
    sightings.insert("registry", "jobs-value", 2, 300);
    sightings.insert("registry", "jobs-value", 2, 900);
    assert_eq!(sightings.first_seen("registry", "jobs-value", 2), Some(300));
    assert_eq!(sightings.first_seen("registry", "jobs-value", 1), None);
    assert_eq!(sightings.len(), 1);
}
