//! Who writes each topic, as the brokers' own producer state shows it: the
//! transactional ids whose producers wrote a partition (ListTransactions joined with
//! DescribeProducers), and how many other (idempotent) producers did. Nothing here is
//! guessed: a producer the broker does not track (non-idempotent) is not counted.

use serde::{Deserialize, Serialize};

/// What the cluster said about its writers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TopicWriters {
    pub topic: String,
    /// Transactional producers, by transactional id.
    pub transactional: Vec<TransactionalWriter>,
    /// Producers with no transactional id (idempotent producers): counted, never named,
    /// since the broker knows only their numeric producer ids.
    pub other_producers: u32,
    /// The latest write (the last batch's timestamp, Unix ms) among those producers.
    pub other_last_write_ms: Option<i64>,
}

/// A transactional id whose producer wrote the topic.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
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
