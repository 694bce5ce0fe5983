//! The catalog as the server holds it in memory: what pages and the API read, with no
//! I/O on the read path. Ingestion writes into it; the store keeps a copy for restarts.
//!
//! - [`as_of`]: the catalog as it stood at a past moment, rebuilt from its history.
//! - [`clusters`]: the last known state of every configured cluster.
//! - [`connect`]: the last known state of every Kafka Connect cluster.
//! - [`registries`]: the last known state of every schema registry, and its changes.
//! - [`lineage_index`]: the lineage graph built from the catalog and kept in step with it.
//! - [`changes`]: what changed between two snapshots, as catalog events.
//! - [`ReadFailure`]: why a source's read failed, as its page shows it.
//! - [`schema_links`], [`topic_detail`], [`search`]: read-side joins across clusters,
//!   schema sources and lineage, for pages and the API.
//! - [`topic_facts`]: every topic's facts for compliance profiles, joined the same way;
//!   [`classification_cache`]: each subject's classification kept between evaluations;
//!   [`versions_held`]: the earlier schema versions a topic may still hold records of.

pub mod as_of;
mod changes;
mod classification_cache;
mod clusters;
mod connect;
mod lineage_index;
mod read_failure;
mod registries;
mod schema_links;
mod search;
mod topic_detail;
mod topic_facts;
pub mod versions_held;

pub use classification_cache::ClassificationCache;
pub use clusters::{ClusterCatalog, RecordedRead};
pub use connect::ConnectCatalog;
pub use lineage_index::{DeclaredEdge, LineageIndex};
pub use read_failure::ReadFailure;
pub use registries::{RegistryCatalog, RegistryEntry};
pub use schema_links::{linked_overview, schema_links};
pub use search::search;
pub use topic_detail::{classified_fields, group_detail, topic_detail};
pub use topic_facts::{topic_facts, FactsOverTime, TopicSamples};
pub use versions_held::VersionSightings;
