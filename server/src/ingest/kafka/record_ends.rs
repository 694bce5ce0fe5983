//! The schema ids at each partition's ends: the oldest retained record and the newest,
//! read with an assigned consumer (no group joined, nothing committed). Only the first
//! five bytes of a key and a value matter (Confluent's wire format); nothing else of a
//! record is kept or logged.
//!
//! Run only for clusters whose configuration allows reading records (`read_records`).

use std::time::{Duration, Instant};

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::error::KafkaError;
use rdkafka::message::Message;
use rdkafka::{Offset, TopicPartitionList};

use model::{wire_schema_id, PartitionEnds, SampledRecord, TopicSample};

use super::client::client_config;
use super::context::LoggingContext;
use crate::clock::now_ms;
use crate::config::ClusterConfig;
use crate::error::{Error, Result};

/// librdkafka wants a group id even for an assigned consumer; this one never joins.
const SAMPLER_GROUP_ID: &str = "tributary-record-sampler";
/// How long a watermark request or the wait for one record may take.
const READ_WAIT: Duration = Duration::from_secs(5);
/// How far before the high watermark the newest record is looked for: transaction
/// markers take offsets without being records.
const NEWEST_WINDOW: i64 = 16;
/// How long one poll waits.
const POLL_WAIT: Duration = Duration::from_millis(100);

/// A consumer that reads a few records of a cluster's topics.
pub struct RecordSampler {
    consumer: BaseConsumer<LoggingContext>,
    alias: String,
}

/// Which end of a partition is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum End {
    First,
    Last,
}

/// Why a topic's records could not be read: the broker's answer, as said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleRefused(pub String);

impl RecordSampler {
    pub fn new(cluster: &ClusterConfig) -> Result<Self> {
        let consumer: BaseConsumer<LoggingContext> = client_config(cluster)
            .set("group.id", SAMPLER_GROUP_ID)
            .set("enable.auto.commit", "false")
            .set("enable.partition.eof", "false")
            // Transactions' aborted records are records too: their schema ids count.
            .set("isolation.level", "read_uncommitted")
            .create_with_context(LoggingContext { alias: cluster.alias.clone() })
            .map_err(|error| Error::Kafka { alias: cluster.alias.clone(), message: error.to_string() })?;
        Ok(RecordSampler { consumer, alias: cluster.alias.clone() })
    }

    /// The ends of each of `partitions` of `topic`. Blocks.
    pub fn sample(&self, topic: &str, partitions: &[i32]) -> std::result::Result<TopicSample, SampleRefused> {
        let mut sample = TopicSample { at_ms: now_ms(), partitions: Vec::with_capacity(partitions.len()) };
        for &partition in partitions {
            let (low, high) = self
                .consumer
                .fetch_watermarks(topic, partition, READ_WAIT)
                .map_err(|error| refused(&self.alias, topic, error))?;
            let mut ends = PartitionEnds { partition, oldest: None, newest: None };
            if high > low {
                ends.oldest = self.record_at(topic, partition, (low, high), End::First)?;
                let window = ((high - NEWEST_WINDOW).max(low), high);
                ends.newest = self.record_at(topic, partition, window, End::Last)?;
            }
            sample.partitions.push(ends);
        }
        let _ = self.consumer.unassign();
        Ok(sample)
    }

    /// The first record at or after `from` (`End::First`), or the last before `high`
    /// looked for from `from` (`End::Last`).
    fn record_at(
        &self,
        topic: &str,
        partition: i32,
        (from, high): (i64, i64),
        end: End,
    ) -> std::result::Result<Option<SampledRecord>, SampleRefused> {
        let mut found = None;
        self.read(topic, partition, from, high, &mut |record| {
            found = Some(record);
            end == End::Last
        })?;
        Ok(found)
    }

    /// Reads `partition` from `from` until `high`, handing each record to `keep_going`
    /// until it answers false, the end is reached or the wait runs out.
    fn read(
        &self,
        topic: &str,
        partition: i32,
        from: i64,
        high: i64,
        keep_going: &mut dyn FnMut(SampledRecord) -> bool,
    ) -> std::result::Result<(), SampleRefused> {
        let mut assignment = TopicPartitionList::new();
        assignment
            .add_partition_offset(topic, partition, Offset::Offset(from))
            .map_err(|error| refused(&self.alias, topic, error))?;
        self.consumer.assign(&assignment).map_err(|error| refused(&self.alias, topic, error))?;
        let deadline = Instant::now() + READ_WAIT;
        while Instant::now() < deadline {
            match self.consumer.poll(POLL_WAIT) {
                None => {}
                Some(Err(error)) => return Err(refused(&self.alias, topic, error)),
                Some(Ok(message)) if message.topic() != topic || message.partition() != partition => {}
                Some(Ok(message)) => {
                    let record = SampledRecord {
                        offset: message.offset(),
                        timestamp_ms: message.timestamp().to_millis(),
                        key_schema_id: message.key().and_then(wire_schema_id),
                        value_schema_id: message.payload().and_then(wire_schema_id),
                    };
                    let offset = record.offset;
                    if !keep_going(record) || offset >= high - 1 {
                        return Ok(());
                    }
                }
            }
        }
        Ok(())
    }
}

fn refused(alias: &str, topic: &str, error: KafkaError) -> SampleRefused {
    tracing::debug!(cluster = %alias, %topic, %error, "could not read records");
    SampleRefused(error.to_string())
}
