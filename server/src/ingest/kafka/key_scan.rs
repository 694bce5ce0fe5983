//! Every retained record of a topic read for one key, for erasure evidence: whether the
//! latest record for the key is a tombstone, records for it remain, or none does. Read
//! with an assigned consumer (no group joined, nothing committed); only keys are
//! compared and only places (partition, offset, time) kept. Every partition is read, not
//! just the one Java's partitioner would pick: producers built on librdkafka hash keys
//! differently. Bounded by a record count and a time limit; past either, the answer says
//! it is not conclusive.

use std::time::{Duration, Instant};

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::Message;
use rdkafka::{Offset, TopicPartitionList};

use model::ErasureEvidence;
use tributary_core::compliance::erasure::key_matches;

use super::client::client_config;
use super::context::LoggingContext;
use crate::config::ClusterConfig;

/// librdkafka wants a group id even for an assigned consumer; this one never joins.
const SCANNER_GROUP_ID: &str = "tributary-key-scanner";
/// The most records one scan reads.
pub const MAX_SCANNED_RECORDS: u64 = 5_000_000;
/// How long one poll waits.
const POLL_WAIT: Duration = Duration::from_millis(100);
/// How long without a record before a partition counts as read to its end (the end is
/// the high watermark asked for first; a partition may hold markers up to it).
const QUIET_END: Duration = Duration::from_secs(2);

/// The newest record found for the key.
struct Found {
    count: u64,
    partition: i32,
    offset: i64,
    timestamp_ms: Option<i64>,
    tombstone: bool,
}

/// Reads `partitions` of `topic` for records keyed `key`, until `deadline`. Blocks.
pub fn scan_for_key(
    cluster: &ClusterConfig,
    topic: &str,
    partitions: &[i32],
    key: &str,
    deadline: Instant,
) -> ErasureEvidence {
    let not_read = |reason: String| ErasureEvidence::NotRead { reason };
    let consumer: BaseConsumer<LoggingContext> = match client_config(cluster)
        .set("group.id", SCANNER_GROUP_ID)
        .set("enable.auto.commit", "false")
        .set("enable.partition.eof", "false")
        .set("isolation.level", "read_uncommitted")
        .create_with_context(LoggingContext { alias: cluster.alias.clone() })
    {
        Ok(consumer) => consumer,
        Err(error) => return not_read(error.to_string()),
    };
    let mut scanned: u64 = 0;
    let mut found: Option<Found> = None;
    for &partition in partitions {
        let wait = deadline.saturating_duration_since(Instant::now()).min(Duration::from_secs(10));
        let (low, high) = match consumer.fetch_watermarks(topic, partition, wait) {
            Ok(marks) => marks,
            Err(error) => return not_read(error.to_string()),
        };
        if high <= low {
            continue;
        }
        let mut assignment = TopicPartitionList::new();
        if let Err(error) = assignment.add_partition_offset(topic, partition, Offset::Offset(low)) {
            return not_read(error.to_string());
        }
        if let Err(error) = consumer.assign(&assignment) {
            return not_read(error.to_string());
        }
        let mut last_record = Instant::now();
        loop {
            if Instant::now() >= deadline || scanned >= MAX_SCANNED_RECORDS {
                let reason = if scanned >= MAX_SCANNED_RECORDS {
                    format!("the topic holds more than {MAX_SCANNED_RECORDS} records to read")
                } else {
                    "the time allowed ran out before every partition was read".to_owned()
                };
                return ErasureEvidence::NotConclusive { scanned, reason };
            }
            match consumer.poll(POLL_WAIT) {
                None if last_record.elapsed() >= QUIET_END => break,
                None => {}
                Some(Err(error)) => return not_read(error.to_string()),
                Some(Ok(message)) => {
                    last_record = Instant::now();
                    scanned += 1;
                    let offset = message.offset();
                    if message.key().is_some_and(|bytes| key_matches(bytes, key)) {
                        let timestamp_ms = message.timestamp().to_millis();
                        let newer = found.as_ref().is_none_or(|known| timestamp_ms >= known.timestamp_ms);
                        let count = found.as_ref().map_or(0, |known| known.count) + 1;
                        if newer {
                            found = Some(Found {
                                count,
                                partition,
                                offset,
                                timestamp_ms,
                                tombstone: message.payload().is_none(),
                            });
                        } else if let Some(known) = found.as_mut() {
                            known.count = count;
                        }
                    }
                    if offset >= high - 1 {
                        break;
                    }
                }
            }
        }
    }
    let _ = consumer.unassign();
    match found {
        Some(found) if found.tombstone => ErasureEvidence::Tombstone {
            partition: found.partition,
            offset: found.offset,
            timestamp_ms: found.timestamp_ms,
        },
        Some(found) => ErasureEvidence::Remains {
            count: found.count,
            partition: found.partition,
            offset: found.offset,
            timestamp_ms: found.timestamp_ms,
        },
        None => ErasureEvidence::NoneRemain { scanned },
    }
}
