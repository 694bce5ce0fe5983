//! The catalog as the server holds it in memory: what pages and the API read, with no
//! I/O on the read path. Ingestion writes into it; the store keeps a copy for restarts.
//!
//! - [`clusters`]: the last known state of every configured cluster.
//! - [`registries`]: the last known state of every schema registry, and its changes.
//! - [`changes`]: what changed between two snapshots, as catalog events.
//! - [`feed`]: the live feed of catalog events that pages and API clients follow.

mod changes;
mod clusters;
mod feed;
mod registries;

pub use clusters::{Catalog, RecordedRead};
pub use feed::ChangeFeed;
pub use registries::{RegistryCatalog, RegistryEntry};
