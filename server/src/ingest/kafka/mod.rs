//! Kafka access through librdkafka. Its calls block, so callers run them on the
//! blocking thread pool (`tokio::task::spawn_blocking`), never on the async runtime.
//!
//! - [`acls`]: the cluster's ACLs (FFI DescribeAcls).
//! - [`acl_refusal`]: why none were listed, asked of the broker directly.
//! - [`wire`]: the Kafka protocol spoken directly, for requests librdkafka lacks.
//! - [`writers`]: who writes each topic (DescribeProducers joined with ListTransactions).
//! - [`admin_error`]: a failed Admin API call, librdkafka's failure kept with the call's name.
//! - [`assignment`]: decoding consumer-group member assignments.
//! - [`offsets`]: committed offsets and high watermarks through librdkafka's Admin API
//!   (FFI: the safe wrapper lacks them).
//! - [`cluster_identity`]: cluster id and controller (FFI DescribeCluster).
//! - [`consumer_groups`]: KIP-848 groups, described again where the classic answer is blind.
//! - [`ffi`]: the only code calling librdkafka's C API: guarded objects and the
//!   Admin API calls the safe wrapper lacks, answering in plain Rust data.
//! - [`offsets_topic`]: decoding `__consumer_offsets` records.
//! - [`offsets_follower`]: following `__consumer_offsets` to notice new readers at once.
//! - [`key_scan`]: every retained record of a topic read for one key (erasure evidence).
//! - [`record_ends`]: the schema ids of the oldest and newest record of each partition.
//! - [`read_cache`]: what a read may take from earlier reads (configs, lag).
//! - [`client`]: librdkafka client settings from a [`ClusterConfig`](crate::config::ClusterConfig).
//! - [`context`]: librdkafka's logs, routed to `tracing`.
//! - [`reader`]: one full read of a cluster into a [`ClusterSnapshot`](model::ClusterSnapshot).

pub mod acl_refusal;
pub mod acls;
pub mod admin_error;
pub mod assignment;
pub mod client;
pub mod cluster_identity;
pub mod consumer_groups;
pub mod context;
// The one module where `unsafe` is allowed (the crate denies it): librdkafka's C API,
// each block behind a guard and with its SAFETY comment.
#[allow(unsafe_code)]
mod ffi;
pub mod key_scan;
pub mod offsets;
pub mod offsets_follower;
pub mod offsets_topic;
pub mod read_cache;
pub mod reader;
pub mod record_ends;
pub mod wire;
pub mod writers;

pub use reader::{ClusterReader, ReadProgress};
