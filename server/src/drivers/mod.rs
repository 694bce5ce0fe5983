//! The drivers: what runs on a timer or on a change and calls a use case. Each is one
//! long-lived task started by `serve`; it asks an adapter (`ingest/`) to read a source,
//! hands the outcome to a service, and waits for the next turn. None holds a catalog
//! or the store: they go through [`crate::service::Services`].
//!
//! - [`cluster_poller`]: one task per Kafka cluster, reading it periodically (sooner
//!   when its `__consumer_offsets` follower sees a commit) and backing off while it fails.
//! - [`schema_pollers`]: one task per schema registry and per schema directory.
//! - [`connect_poller`]: one task per Kafka Connect cluster.
//! - [`compliance_watcher`]: the profiles directory re-read when it changes, and the
//!   profiles re-evaluated when the catalog does.
//! - [`estate_watcher`]: the estate sources re-read when they change, and each
//!   cluster's drift from them kept current.
//! - [`record_sampler`]: the schema ids at each partition's ends, for the clusters whose
//!   records Tributary may read.

pub mod cluster_poller;
pub mod compliance_watcher;
pub mod connect_poller;
pub mod estate_watcher;
pub mod record_sampler;
pub mod schema_pollers;
