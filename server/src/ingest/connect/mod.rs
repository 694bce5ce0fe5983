//! Kafka Connect clusters as a source, read over Connect's REST API.
//!
//! - [`client`]: the REST calls (connectors with their info and status, their topics).
//! - [`secrets`]: which configuration values are never kept.

pub mod client;
pub mod secrets;
