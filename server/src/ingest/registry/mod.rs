//! Schema registries (the Confluent REST API) into the catalog.
//!
//! - [`client`]: the REST client, converting the registry's JSON at the edge.
//! - [`reader`]: one cheap poll into a [`RegistrySnapshot`](app::model::RegistrySnapshot).
//! - [`poller`]: polling each registry until shutdown, recording changes.

pub mod client;
pub mod poller;
pub mod reader;
