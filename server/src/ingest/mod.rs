//! The adapters that read sources: each speaks one protocol or reads one kind of file
//! and converts what it reads into the model's types at the edge. What calls them on a
//! timer and records the outcome is a driver (`crate::drivers`).
//!
//! - [`kafka`]: the only module that speaks to Kafka (rdkafka); converts its answers
//!   into the model's types at the edge.
//! - [`registry`]: schema registries over the Confluent REST API.
//! - [`directory`]: a directory of schema files (contracts repository) as a source.
//! - [`connect`]: Kafka Connect clusters, read over their REST API.
//! - [`watched_files`]: listing and reading a watched directory without leaving it.
//! - [`profiles`]: compliance profile files read from their directory.
//! - [`estate_files`]: desired-state files (JulieOps, kafka-gitops, Terraform) read from an estate source.

pub mod connect;
pub mod directory;
pub mod estate_files;
pub mod kafka;
pub mod profiles;
pub mod registry;
pub mod watched_files;
