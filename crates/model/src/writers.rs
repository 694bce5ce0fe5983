//! Who writes each topic, as the brokers' own producer state shows it: the
//! transactional ids whose producers wrote a partition (ListTransactions joined with
//! DescribeProducers), and how many other (idempotent) producers did. Nothing here is
//! guessed: a producer the broker does not track (non-idempotent) is not counted.

use serde::{Deserialize, Serialize};

/// What the cluster said about its writers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum WriterActivity {
    /// Not asked yet (or read by a version that did not ask).
    #[default]
    NotRead,
    /// The brokers could not be asked, and why (not allowed, not supported, TLS).
    Unavailable { reason: String },
    /// Every topic with active producers, sorted by name.
    Read { topics: Vec<TopicWriters> },
}

impl WriterActivity {
    /// The writers of `topic`, when they were read and it has any.
    pub fn of(&self, topic: &str) -> Option<&TopicWriters> {
        match self {
            WriterActivity::Read { topics } => {
                topics.binary_search_by(|writers| writers.topic.as_str().cmp(topic)).ok().map(|at| &topics[at])
            }
            _ => None,
        }
    }
}

/// One topic's producers as its page and the API show them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum TopicProducers {
    #[default]
    NotRead,
    Unavailable {
        reason: String,
    },
    /// The brokers were asked; `writers` is `None` when no producer state is held.
    Read {
        writers: Option<TopicWriters>,
    },
}

impl TopicProducers {
    /// What `activity` says about `topic`.
    pub fn of(activity: &WriterActivity, topic: &str) -> Self {
        match activity {
            WriterActivity::NotRead => TopicProducers::NotRead,
            WriterActivity::Unavailable { reason } => TopicProducers::Unavailable { reason: reason.clone() },
            WriterActivity::Read { .. } => TopicProducers::Read { writers: activity.of(topic).cloned() },
        }
    }
}

/// The producers a topic's partition leaders hold state for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicWriters {
    pub topic: String,
    /// Transactional producers, by transactional id.
    pub transactional: Vec<TransactionalWriter>,
    /// Producers with no transactional id (idempotent producers): counted, never named,
    /// since the broker knows only their numeric producer ids.
    pub other_producers: u32,
    /// The latest write (the last batch's timestamp, Unix ms) among those producers.
    pub other_last_write_ms: Option<i64>,
    /// Each of those producers' latest write (Unix ms), newest first; producers whose
    /// last write the broker does not know are left out. A broker keeps a producer's
    /// state until `producer.id.expiration.ms` (a day by default) after its last write,
    /// so a restarted producer's former self is still listed: see
    /// [`TopicWriters::others_by_recency`].
    #[serde(default)]
    pub other_last_writes_ms: Vec<i64>,
    /// Why the brokers would not describe some of its partitions' producers (the
    /// permission missing, say): what is listed is then incomplete, or empty.
    #[serde(default)]
    pub refused: Option<String>,
}

/// Producers that wrote within this long are counted as writing; the others are shown
/// as last seen writing at a time.
pub const RECENT_WRITE_WINDOW_MS: i64 = 15 * 60 * 1_000;

/// The other producers split by whether they wrote within [`RECENT_WRITE_WINDOW_MS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProducersByRecency {
    /// Wrote within the window, or when (unknown) cannot be told.
    pub recent: u32,
    /// Wrote last before the window.
    pub idle: u32,
    /// The latest write among the idle ones.
    pub idle_last_write_ms: Option<i64>,
}

impl TopicWriters {
    /// The other (idempotent) producers as of `now_ms`: those that wrote recently and
    /// those the broker only still remembers.
    pub fn others_by_recency(&self, now_ms: i64) -> ProducersByRecency {
        let since = now_ms.saturating_sub(RECENT_WRITE_WINDOW_MS);
        let idle: Vec<i64> = self.other_last_writes_ms.iter().copied().filter(|at| *at < since).collect();
        let idle_count = u32::try_from(idle.len()).unwrap_or(u32::MAX);
        ProducersByRecency {
            recent: self.other_producers.saturating_sub(idle_count),
            idle: idle_count,
            idle_last_write_ms: idle.iter().copied().max(),
        }
    }
}

/// A transactional id whose producer wrote the topic.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransactionalWriter {
    pub transactional_id: String,
    pub producer_id: i64,
    /// The transaction's state as its coordinator reports it (`Ongoing`, `CompleteCommit`, ...).
    pub state: String,
    /// The last batch this producer appended to the topic (its timestamp, Unix ms).
    pub last_write_ms: Option<i64>,
    /// The partitions it wrote.
    pub partitions: Vec<i32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn producers_that_stopped_writing_are_told_apart_from_those_writing() {
        let now = 10 * RECENT_WRITE_WINDOW_MS;
        let writers = TopicWriters {
            topic: "orders".into(),
            transactional: vec![],
            other_producers: 5,
            other_last_write_ms: Some(now - 1_000),
            // Two written a moment ago, two before the window; one unknown.
            other_last_writes_ms: vec![
                now - 1_000,
                now - 2_000,
                now - RECENT_WRITE_WINDOW_MS - 1,
                now - 3 * RECENT_WRITE_WINDOW_MS,
            ],
            refused: None,
        };
        assert_eq!(
            writers.others_by_recency(now),
            ProducersByRecency { recent: 3, idle: 2, idle_last_write_ms: Some(now - RECENT_WRITE_WINDOW_MS - 1) }
        );
    }
}
