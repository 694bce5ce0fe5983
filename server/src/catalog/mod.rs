//! The catalog as the server holds it in memory: what pages and the API read, with no
//! I/O on the read path. Ingestion writes into it; the store keeps a copy for restarts.
//!
//! - [`clusters`]: the last known state of every configured cluster.

mod clusters;

pub use clusters::{Catalog, RecordedRead};
