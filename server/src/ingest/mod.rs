//! Reading clusters and keeping the catalog current.
//!
//! - [`kafka`]: the only module that speaks to Kafka (rdkafka); converts its answers
//!   into the model's types at the edge.
//! - [`poller`]: one task per cluster that reads it periodically, records the outcome
//!   in the catalog and the store, and backs off while the cluster fails.
//! - [`registry`]: schema registries, polled into the catalog the same way.
//! - [`directory`]: a directory of schema files (contracts repository) as a source.
//! - [`connect`]: Kafka Connect clusters, read over their REST API.
//! - [`watched_files`]: listing and reading a watched directory without leaving it.
//! - [`profiles`]: compliance profile files, re-read when they change; profiles
//!   re-evaluated when the catalog changes.

pub mod connect;
pub mod directory;
pub mod kafka;
pub mod poller;
pub mod profiles;
pub mod registry;
pub mod watched_files;
