//! The lineage graph as the server holds it: built from the catalog on start (which the
//! store filled), then changed in place when a cluster or schema source changes. Queries
//! take a read lock on memory only.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, RwLock};

use model::{ClusterState, ConnectCluster};

use crate::catalog::{ClusterCatalog, RegistryCatalog};
use crate::lineage::{EdgeEvidence, EdgeKind, LineageGraph, NodeId};

pub struct LineageIndex {
    graph: RwLock<LineageGraph>,
    clusters: Arc<ClusterCatalog>,
    registries: Arc<RegistryCatalog>,
    /// Declared and OpenLineage edges, re-applied whenever a cluster's part is rebuilt
    /// (they may point at its topics). Lock order: `graph`, then this.
    declared: RwLock<Vec<DeclaredEdge>>,
    /// The last known state of each Connect cluster, re-applied with the declared edges
    /// (its connectors point at topics). Lock order: `graph`, then this.
    connect: RwLock<HashMap<String, ConnectCluster>>,
    /// Per cluster, a hash of what shapes its part of the graph (topics, groups, edges,
    /// permissions): a read that changed only offsets or lag refreshes edge times in
    /// place instead of rebuilding the part.
    shapes: Mutex<HashMap<String, u64>>,
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

impl LineageIndex {
    /// Builds the graph from the catalog and the stored declared edges.
    pub fn new(clusters: Arc<ClusterCatalog>, registries: Arc<RegistryCatalog>, declared: Vec<DeclaredEdge>) -> Self {
        let index = LineageIndex {
            graph: RwLock::new(LineageGraph::default()),
            clusters,
            registries,
            declared: RwLock::new(declared),
            connect: RwLock::new(HashMap::new()),
            shapes: Mutex::new(HashMap::new()),
        };
        for alias in index.clusters.aliases() {
            index.cluster_changed(&alias);
        }
        let mut graph = index.graph.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        index.apply_edges_on_topics(&mut graph);
        drop(graph);
        index
    }

    /// Adds (or refreshes) a declared edge in the graph; the caller has stored it.
    /// Answers whether it was not declared before (with this evidence).
    pub fn declare(&self, edge: DeclaredEdge) -> bool {
        self.declare_all(vec![edge]).pop().unwrap_or(false)
    }

    /// [`Self::declare`] for many edges under one lock; for each, whether it is new.
    pub fn declare_all(&self, edges: Vec<DeclaredEdge>) -> Vec<bool> {
        let mut graph = self.graph.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut declared = self.declared.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut positions: HashMap<(NodeId, NodeId, EdgeKind, EdgeEvidence), usize> = declared
            .iter()
            .enumerate()
            .map(|(position, known)| ((known.from.clone(), known.to.clone(), known.kind, known.evidence), position))
            .collect();
        edges
            .into_iter()
            .map(|edge| {
                graph.upsert_edge(edge.from.clone(), edge.to.clone(), edge.kind, edge.evidence, edge.last_seen_ms);
                let key = (edge.from.clone(), edge.to.clone(), edge.kind, edge.evidence);
                match positions.get(&key) {
                    Some(&position) => {
                        declared[position].last_seen_ms = edge.last_seen_ms;
                        false
                    }
                    None => {
                        positions.insert(key, declared.len());
                        declared.push(edge);
                        true
                    }
                }
            })
            .collect()
    }

    /// Removes a declared edge of `kind` (all its evidence); the caller has deleted it.
    /// The cluster's part is rebuilt, since an observed edge of the same kind may remain.
    pub fn undeclare(&self, from: &NodeId, to: &NodeId, kind: EdgeKind) {
        let mut graph = self.graph.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        self.declared
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .retain(|known| !(&known.from == from && &known.to == to && known.kind == kind));
        graph.remove_edge(from, to, kind);
        if let NodeId::Topic { cluster, .. } | NodeId::Group { cluster, .. } = from {
            let cluster = cluster.clone();
            drop(graph);
            self.shapes.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).remove(&cluster);
            self.cluster_changed(&cluster);
        }
    }

    /// Replaces Connect cluster `connect`'s part of the graph.
    pub fn connect_changed(&self, connect: ConnectCluster) {
        let mut graph = self.graph.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        graph.apply_connect(&connect);
        self.connect.write().unwrap_or_else(|poisoned| poisoned.into_inner()).insert(connect.name.clone(), connect);
    }

    /// Re-applies what points at a cluster's topics from outside it: Connect clusters'
    /// connectors and declared edges.
    fn apply_edges_on_topics(&self, graph: &mut LineageGraph) {
        for connect in self.connect.read().unwrap_or_else(|poisoned| poisoned.into_inner()).values() {
            graph.apply_connect(connect);
        }
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
    /// cluster's topics, which were just replaced). When only offsets, lag or seen times
    /// changed, the edges' times are refreshed in place instead.
    /// Whether the graph changed: the cluster's topics, groups, ACLs or edges did (its
    /// edges' seen times alone do not count).
    pub fn cluster_changed(&self, alias: &str) -> bool {
        let Some(state) = self.clusters.cluster(alias) else { return false };
        let shape = shape_of(&state);
        let unchanged =
            self.shapes.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).insert(alias.to_owned(), shape)
                == Some(shape);
        let mut graph = self.graph.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        if unchanged {
            graph.refresh_seen(alias, &state.edges);
            return false;
        }
        graph.apply_cluster(alias, &state);
        for entry in self.registries.entries() {
            self.apply_source(&mut graph, &entry.name);
        }
        self.apply_edges_on_topics(&mut graph);
        true
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

/// A hash of what a cluster contributes to the graph's shape, leaving out times, offsets
/// and lag.
fn shape_of(state: &ClusterState) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    if let Some(snapshot) = &state.snapshot {
        for topic in &snapshot.topics {
            topic.name.hash(&mut hasher);
        }
        for group in &snapshot.groups {
            group.group_id.hash(&mut hasher);
        }
        serde_json::to_string(&snapshot.access).unwrap_or_default().hash(&mut hasher);
    }
    for seen in &state.edges {
        (&seen.edge.group_id, &seen.edge.topic, seen.edge.direction, &seen.edge.evidence).hash(&mut hasher);
    }
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ClusterConfig;
    use model::{ClusterSnapshot, CommittedOffset, ConsumerGroup, Topic};
    use std::collections::BTreeMap;

    fn snapshot(reads: &[&str], lag: i64) -> ClusterSnapshot {
        let topic = |name: &str| Topic { name: name.into(), internal: false, partitions: vec![], configs: vec![] };
        ClusterSnapshot {
            topics: vec![topic("orders"), topic("payments")],
            groups: vec![ConsumerGroup {
                group_id: "billing".into(),
                state: "Stable".into(),
                protocol_type: "consumer".into(),
                protocol: "range".into(),
                members: vec![],
                offsets: reads
                    .iter()
                    .map(|topic| CommittedOffset { topic: (*topic).into(), partition: 0, offset: 1, lag: Some(lag) })
                    .collect(),
            }],
            ..ClusterSnapshot::default()
        }
    }

    #[test]
    fn lag_changes_refresh_seen_times_and_new_edges_rebuild_the_part() {
        let config =
            ClusterConfig { alias: "prod".into(), bootstrap_servers: "k:9092".into(), properties: Default::default() };
        let clusters = Arc::new(ClusterCatalog::new(&[config], BTreeMap::new(), 1_000));
        let registries = Arc::new(RegistryCatalog::new(&[], &[]));
        clusters.record_read("prod", Ok(snapshot(&["orders"], 5)), 100);
        let index = LineageIndex::new(Arc::clone(&clusters), registries, vec![]);
        let seen = |index: &LineageIndex| {
            index
                .read(|graph| graph.all_edges().map(|(_, to, edge)| (to.path(), edge.last_seen_ms)).collect::<Vec<_>>())
        };
        assert_eq!(seen(&index), [("group:prod/billing".to_owned(), 100)]);

        clusters.record_read("prod", Ok(snapshot(&["orders"], 9)), 200);
        assert!(!index.cluster_changed("prod"), "only seen times moved: the graph is the same");
        assert_eq!(seen(&index), [("group:prod/billing".to_owned(), 200)], "refreshed in place");

        clusters.record_read("prod", Ok(snapshot(&["orders", "payments"], 9)), 300);
        assert!(index.cluster_changed("prod"), "a new edge changes the graph");
        assert_eq!(index.read(|graph| graph.edge_count()), 2, "the new edge is there after the rebuild");
    }
}
