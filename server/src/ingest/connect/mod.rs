//! Kafka Connect clusters as a source, read over Connect's REST API.
//!
//! - [`client`]: the REST calls (connectors with their info and status, their topics).
//! - [`secrets`]: which configuration values are never kept.
//! - [`poller`]: one poller per Connect cluster, recording each read through the services.

pub mod client;
pub mod poller;
pub mod secrets;
