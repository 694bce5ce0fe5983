//! Kafka access through librdkafka. Its calls block, so callers run them on the
//! blocking thread pool (`tokio::task::spawn_blocking`), never on the async runtime.
//!
//! - [`assignment`]: decoding consumer-group member assignments.
//! - [`offsets`]: committed offsets and high watermarks through librdkafka's Admin API
//!   (FFI: the safe wrapper lacks them).
//! - [`read_cache`]: what a read may take from earlier reads (configs, lag).
//! - [`client`]: librdkafka client settings from a [`ClusterConfig`](crate::config::ClusterConfig).
//! - [`context`]: librdkafka's logs, routed to `tracing`.
//! - [`reader`]: one full read of a cluster into a [`ClusterSnapshot`](app::model::ClusterSnapshot).

pub mod assignment;
pub mod client;
pub mod context;
pub mod offsets;
pub mod read_cache;
pub mod reader;

pub use reader::{ClusterReader, ReadProgress};
