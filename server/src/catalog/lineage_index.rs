//! The lineage graph as the server holds it: built from the catalog on start (which the
//! store filled), then changed in place when a cluster or schema source changes. Queries
//! take a read lock on memory only.

use std::sync::{Arc, RwLock};

use crate::catalog::{Catalog, RegistryCatalog};
use crate::lineage::LineageGraph;

pub struct LineageIndex {
    graph: RwLock<LineageGraph>,
    clusters: Arc<Catalog>,
    registries: Arc<RegistryCatalog>,
}

impl LineageIndex {
    pub fn new(clusters: Arc<Catalog>, registries: Arc<RegistryCatalog>) -> Self {
        let index = LineageIndex { graph: RwLock::new(LineageGraph::default()), clusters, registries };
        for alias in index.clusters.aliases() {
            index.cluster_changed(&alias);
        }
        index
    }

    /// Runs `query` on the current graph.
    pub fn read<R>(&self, query: impl FnOnce(&LineageGraph) -> R) -> R {
        query(&self.graph.read().unwrap_or_else(|poisoned| poisoned.into_inner()))
    }

    /// Re-applies cluster `alias`, then every schema source (whose edges point at the
    /// cluster's topics, which were just replaced).
    pub fn cluster_changed(&self, alias: &str) {
        let Some(state) = self.clusters.cluster(alias) else { return };
        let mut graph = self.graph.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        graph.apply_cluster(alias, &state);
        for entry in self.registries.entries() {
            self.apply_source(&mut graph, &entry.name);
        }
    }

    pub fn schemas_changed(&self, source: &str) {
        let mut graph = self.graph.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        self.apply_source(&mut graph, source);
    }

    fn apply_source(&self, graph: &mut LineageGraph, source: &str) {
        let Some(entry) = self.registries.entry(source) else { return };
        let Some(snapshot) = entry.snapshot else { return };
        let known = self.clusters.aliases();
        graph.apply_schemas(source, &snapshot, &entry.clusters, &known, entry.last_good_read_ms.unwrap_or_default());
    }
}
