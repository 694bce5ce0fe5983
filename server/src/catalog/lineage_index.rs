//! The lineage graph as the server holds it: built from the catalog on start (which the
//! store filled), then changed in place when a cluster or schema source changes. Queries
//! take a read lock on memory only.

use std::sync::{Arc, RwLock};

use crate::catalog::{Catalog, RegistryCatalog};
use crate::lineage::{EdgeEvidence, EdgeKind, LineageGraph, NodeId};
use crate::store::StoredEdge;

pub struct LineageIndex {
    graph: RwLock<LineageGraph>,
    clusters: Arc<Catalog>,
    registries: Arc<RegistryCatalog>,
    /// Declared and OpenLineage edges, re-applied whenever a cluster's part is rebuilt
    /// (they may point at its topics). Lock order: `graph`, then this.
    declared: RwLock<Vec<DeclaredEdge>>,
}

/// An edge no cluster read reveals, as the graph takes it.
#[derive(Clone, Debug, PartialEq)]
pub struct DeclaredEdge {
    pub from: NodeId,
    pub to: NodeId,
    pub kind: EdgeKind,
    pub evidence: EdgeEvidence,
    pub first_seen_ms: i64,
    pub last_seen_ms: i64,
}

impl DeclaredEdge {
    /// From the store's row; `None` for rows this version cannot read.
    pub fn from_stored(row: &StoredEdge) -> Option<Self> {
        Some(DeclaredEdge {
            from: NodeId::parse_path(&row.from_node).ok()?,
            to: NodeId::parse_path(&row.to_node).ok()?,
            kind: EdgeKind::parse(&row.kind)?,
            evidence: EdgeEvidence::parse(&row.evidence)?,
            first_seen_ms: row.first_seen_ms,
            last_seen_ms: row.last_seen_ms,
        })
    }

    pub fn to_stored(&self) -> StoredEdge {
        StoredEdge {
            from_node: self.from.path(),
            to_node: self.to.path(),
            kind: self.kind.name().to_owned(),
            evidence: self.evidence.name().to_owned(),
            first_seen_ms: self.first_seen_ms,
            last_seen_ms: self.last_seen_ms,
        }
    }
}

impl LineageIndex {
    /// Builds the graph from the catalog and the stored declared edges.
    pub fn new(clusters: Arc<Catalog>, registries: Arc<RegistryCatalog>, declared: Vec<DeclaredEdge>) -> Self {
        let index = LineageIndex {
            graph: RwLock::new(LineageGraph::default()),
            clusters,
            registries,
            declared: RwLock::new(declared),
        };
        for alias in index.clusters.aliases() {
            index.cluster_changed(&alias);
        }
        let mut graph = index.graph.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        index.apply_declared(&mut graph);
        drop(graph);
        index
    }

    /// Adds (or refreshes) a declared edge in the graph; the caller has stored it.
    pub fn declare(&self, edge: DeclaredEdge) {
        let mut graph = self.graph.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        graph.upsert_edge(edge.from.clone(), edge.to.clone(), edge.kind, edge.evidence, edge.last_seen_ms);
        let mut declared = self.declared.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        match declared.iter_mut().find(|known| {
            known.from == edge.from && known.to == edge.to && known.kind == edge.kind && known.evidence == edge.evidence
        }) {
            Some(known) => known.last_seen_ms = edge.last_seen_ms,
            None => declared.push(edge),
        }
    }

    /// Removes a declared edge of `kind` (all its evidence); the caller has deleted it.
    pub fn undeclare(&self, from: &NodeId, to: &NodeId, kind: EdgeKind) {
        let mut graph = self.graph.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        self.declared
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .retain(|known| !(&known.from == from && &known.to == to && known.kind == kind));
        graph.remove_edge(from, to, kind);
        // An observed edge of the same kind may exist too: the cluster's part restores it.
        if let NodeId::Topic { cluster, .. } | NodeId::Group { cluster, .. } = from {
            let cluster = cluster.clone();
            drop(graph);
            self.cluster_changed(&cluster);
        }
    }

    fn apply_declared(&self, graph: &mut LineageGraph) {
        for edge in self.declared.read().unwrap_or_else(|poisoned| poisoned.into_inner()).iter() {
            graph.upsert_edge(edge.from.clone(), edge.to.clone(), edge.kind, edge.evidence, edge.first_seen_ms);
            graph.upsert_edge(edge.from.clone(), edge.to.clone(), edge.kind, edge.evidence, edge.last_seen_ms);
        }
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
        self.apply_declared(&mut graph);
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
