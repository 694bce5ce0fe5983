//! Schema registries (the Confluent REST API) into the catalog.
//!
//! - [`client`]: the REST client, converting the registry's JSON at the edge.
//! - [`contract`]: a registration's data contract (metadata tags and properties, rules).
//! - [`reader`]: one cheap poll into a [`RegistrySnapshot`](model::RegistrySnapshot).

pub mod client;
pub mod contract;
pub mod reader;
