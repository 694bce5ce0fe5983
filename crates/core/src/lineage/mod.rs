//! The lineage graph of the whole estate: pure, no I/O.
//!
//! - [`node_id`]: one id per node, as a readable path, OpenLineage dataset or DataHub URN.
//! - [`graph`]: the petgraph graph with typed edges, their evidence and first/last seen.
//! - [`build`]: each cluster's and schema source's part of the graph, replaced in place.
//! - [`history`]: who read a topic at a past time, from the change history.
//! - [`query`]: upstream/downstream walks, schema-change impact, shortest paths,
//!   paged neighbourhoods.
//! - [`expand`]: a walk's answer opened one hop further at chosen nodes.
//! - [`view`]: walk answers as the API and pages show them, and filters from names.

pub mod build;
pub mod expand;
pub mod graph;
pub mod history;
pub mod node_id;
pub mod query;
pub mod view;

pub use graph::{EdgeData, EdgeEvidence, EdgeKind, LineageGraph};
pub use node_id::{NodeId, NodeIdError, NodeKind};
pub use query::{Direction, Filter, Subgraph};
