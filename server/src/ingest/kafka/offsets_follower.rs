//! Follows a cluster's `__consumer_offsets` topic from its end, so that a group that
//! commits on a topic for the first time (or is deleted) is noticed within a fraction of
//! a second instead of at the next poll. It only raises the alarm: the poller then reads
//! the cluster, so the catalog has one source of truth and one diff.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::Message;
use rdkafka::{Offset, TopicPartitionList};

use super::client::client_config;
use super::context::LoggingContext;
use super::offsets_topic::{decode, OffsetsTopicRecord};
use crate::config::ClusterConfig;
use crate::error::{Error, Result};

/// Kafka's internal topic of offset commits and group metadata.
pub const OFFSETS_TOPIC: &str = "__consumer_offsets";
/// librdkafka wants a group id even for an assigned consumer. It never joins or commits
/// (assign, not subscribe; no auto-commit), so the group never shows on the cluster.
const FOLLOWER_GROUP_ID: &str = "tributary-offsets-follower";
/// How long one consumer poll waits; also how soon the follower notices it must stop.
const POLL_WAIT: Duration = Duration::from_millis(200);

/// A running follower; stops (and joins its thread) when dropped.
pub struct OffsetsFollower {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl OffsetsFollower {
    /// Starts following the `partitions` partitions of `__consumer_offsets` from their
    /// end. `known` are the (group, topic) pairs the catalog already has; `on_news` is
    /// called for a commit on a pair not known yet and for a deleted group.
    pub fn start(
        cluster: &ClusterConfig,
        partitions: i32,
        known: HashSet<(String, String)>,
        on_news: impl Fn(&OffsetsTopicRecord) + Send + 'static,
    ) -> Result<Self> {
        let kafka_error = |error: rdkafka::error::KafkaError| Error::Kafka {
            alias: cluster.alias.clone(),
            message: format!("cannot follow {OFFSETS_TOPIC}: {error}"),
        };
        let consumer: BaseConsumer<LoggingContext> = client_config(cluster)
            // Assigned, not subscribed: no group of our own, nothing committed.
            .set("group.id", FOLLOWER_GROUP_ID)
            .set("enable.auto.commit", "false")
            .set("enable.partition.eof", "false")
            .create_with_context(LoggingContext { alias: cluster.alias.clone() })
            .map_err(kafka_error)?;
        let mut assignment = TopicPartitionList::new();
        for partition in 0..partitions {
            assignment.add_partition_offset(OFFSETS_TOPIC, partition, Offset::End).map_err(kafka_error)?;
        }
        consumer.assign(&assignment).map_err(kafka_error)?;

        let stop = Arc::new(AtomicBool::new(false));
        let alias = cluster.alias.clone();
        let thread = std::thread::Builder::new()
            .name(format!("offsets-{alias}"))
            .spawn({
                let stop = Arc::clone(&stop);
                move || follow(&consumer, &alias, known, &stop, &on_news)
            })
            .map_err(|error| Error::Kafka { alias: cluster.alias.clone(), message: error.to_string() })?;
        Ok(Self { stop, thread: Some(thread) })
    }
}

impl Drop for OffsetsFollower {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn follow(
    consumer: &BaseConsumer<LoggingContext>,
    alias: &str,
    mut known: HashSet<(String, String)>,
    stop: &AtomicBool,
    on_news: &dyn Fn(&OffsetsTopicRecord),
) {
    let mut warned = false;
    while !stop.load(Ordering::Relaxed) {
        match consumer.poll(POLL_WAIT) {
            None => {}
            // Typically a missing READ permission on the topic: polling still works.
            Some(Err(error)) if !warned => {
                tracing::warn!(cluster = %alias, %error, "cannot follow {OFFSETS_TOPIC}; relying on polls");
                warned = true;
            }
            Some(Err(_)) => {}
            Some(Ok(message)) => {
                let Some(record) = message.key().and_then(|key| decode(key, message.payload())) else { continue };
                let news = match &record {
                    OffsetsTopicRecord::OffsetCommit { group, topic, offset: Some(_), .. } => {
                        known.insert((group.clone(), topic.clone()))
                    }
                    OffsetsTopicRecord::OffsetCommit { offset: None, .. } => false,
                    OffsetsTopicRecord::GroupMetadata { group, deleted: true } => {
                        known.retain(|(known_group, _)| known_group != group);
                        true
                    }
                    OffsetsTopicRecord::GroupMetadata { deleted: false, .. } => false,
                };
                if news {
                    tracing::debug!(cluster = %alias, ?record, "news from {OFFSETS_TOPIC}");
                    on_news(&record);
                }
            }
        }
    }
}
