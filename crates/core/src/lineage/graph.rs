//! The whole estate as one directed graph (petgraph, stable indices): edges point the
//! way data flows (topic → group that reads it, group → topic it writes), plus schema
//! and permission edges that queries include on request. Pure: no I/O.

use std::collections::HashMap;

use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use petgraph::visit::{EdgeIndexable, EdgeRef, IntoEdgeReferences, NodeIndexable};
use petgraph::Direction as Way;

use super::node_id::NodeId;

/// What an edge says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EdgeKind {
    /// topic → group: the group reads the topic.
    Reads,
    /// group or job → topic: it writes the topic.
    Writes,
    /// subject → topic: the subject describes the topic's keys or values.
    HasSchema,
    /// topic → principal / principal → topic: an ACL permits reading / writing.
    Permits,
    /// subject → topic: a schema option says its messages may be published there.
    MayPublishTo,
    /// field → subject: the field is part of the subject's latest schema.
    MemberOf,
}

impl EdgeKind {
    pub const ALL: [EdgeKind; 6] = [
        EdgeKind::Reads,
        EdgeKind::Writes,
        EdgeKind::HasSchema,
        EdgeKind::Permits,
        EdgeKind::MayPublishTo,
        EdgeKind::MemberOf,
    ];

    /// The snake_case name the API and the store use.
    pub fn name(self) -> &'static str {
        match self {
            EdgeKind::Reads => "reads",
            EdgeKind::Writes => "writes",
            EdgeKind::HasSchema => "has_schema",
            EdgeKind::Permits => "permits",
            EdgeKind::MayPublishTo => "may_publish_to",
            EdgeKind::MemberOf => "member_of",
        }
    }

    pub fn parse(name: &str) -> Option<EdgeKind> {
        Self::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

/// Why the catalog believes an edge exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EdgeEvidence {
    LiveAssignment,
    CommittedOffsets,
    /// A transactional producer of the application wrote the topic (DescribeProducers
    /// joined with ListTransactions).
    Transaction,
    /// The Connect cluster's REST API lists the topic among the connector's active
    /// topics (`/connectors/{name}/topics`).
    ConnectRest,
    NamingConvention,
    SubjectNaming,
    Acl,
    SchemaOption,
    Declared,
    OpenLineage,
    /// The schema's own structure (a field belongs to it).
    SchemaDefinition,
}

impl EdgeEvidence {
    pub const ALL: [EdgeEvidence; 11] = [
        EdgeEvidence::LiveAssignment,
        EdgeEvidence::CommittedOffsets,
        EdgeEvidence::Transaction,
        EdgeEvidence::ConnectRest,
        EdgeEvidence::NamingConvention,
        EdgeEvidence::SubjectNaming,
        EdgeEvidence::Acl,
        EdgeEvidence::SchemaOption,
        EdgeEvidence::Declared,
        EdgeEvidence::OpenLineage,
        EdgeEvidence::SchemaDefinition,
    ];

    /// The snake_case name the API and the store use.
    pub fn name(self) -> &'static str {
        match self {
            EdgeEvidence::LiveAssignment => "live_assignment",
            EdgeEvidence::CommittedOffsets => "committed_offsets",
            EdgeEvidence::Transaction => "transaction",
            EdgeEvidence::ConnectRest => "connect_rest",
            EdgeEvidence::NamingConvention => "naming_convention",
            EdgeEvidence::SubjectNaming => "subject_naming",
            EdgeEvidence::Acl => "acl",
            EdgeEvidence::SchemaOption => "schema_option",
            EdgeEvidence::Declared => "declared",
            EdgeEvidence::OpenLineage => "open_lineage",
            EdgeEvidence::SchemaDefinition => "schema_definition",
        }
    }

    pub fn parse(name: &str) -> Option<EdgeEvidence> {
        Self::ALL.into_iter().find(|evidence| evidence.name() == name)
    }

    /// How far the evidence alone can be trusted, 0–1: observed beats declared beats
    /// inferred.
    pub fn confidence(self) -> f32 {
        match self {
            EdgeEvidence::LiveAssignment
            | EdgeEvidence::CommittedOffsets
            | EdgeEvidence::Transaction
            | EdgeEvidence::ConnectRest
            | EdgeEvidence::SchemaDefinition => 1.0,
            EdgeEvidence::Declared | EdgeEvidence::OpenLineage | EdgeEvidence::SchemaOption => 0.9,
            EdgeEvidence::SubjectNaming | EdgeEvidence::Acl => 0.8,
            EdgeEvidence::NamingConvention => 0.6,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct EdgeData {
    pub kind: EdgeKind,
    /// Strongest first; never empty.
    pub evidence: Vec<EdgeEvidence>,
    pub first_seen_ms: i64,
    pub last_seen_ms: i64,
}

impl EdgeData {
    pub fn confidence(&self) -> f32 {
        self.evidence.iter().map(|evidence| evidence.confidence()).fold(0.0, f32::max)
    }
}

#[derive(Default)]
pub struct LineageGraph {
    graph: StableDiGraph<NodeId, EdgeData>,
    index: HashMap<NodeId, NodeIndex>,
    /// Schema tags (`PII`, ...) of subject and field nodes, for highlighting the paths
    /// personal data takes. Only tagged nodes have an entry.
    tags: HashMap<NodeIndex, Vec<String>>,
}

impl LineageGraph {
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    pub fn contains(&self, id: &NodeId) -> bool {
        self.index.contains_key(id)
    }

    pub(super) fn index_of(&self, id: &NodeId) -> Option<NodeIndex> {
        self.index.get(id).copied()
    }

    pub(super) fn node(&self, index: NodeIndex) -> &NodeId {
        &self.graph[index]
    }

    /// One more than the highest node index in use: the size of a visited set.
    pub(super) fn node_bound(&self) -> usize {
        self.graph.node_bound()
    }

    /// Every edge with its ends.
    pub fn all_edges(&self) -> impl Iterator<Item = (&NodeId, &NodeId, &EdgeData)> {
        self.graph.edge_references().map(|edge| (&self.graph[edge.source()], &self.graph[edge.target()], edge.weight()))
    }

    /// The node's index, adding the node if it is new.
    pub fn upsert_node(&mut self, id: NodeId) -> NodeIndex {
        if let Some(index) = self.index.get(&id) {
            return *index;
        }
        let index = self.graph.add_node(id.clone());
        self.index.insert(id, index);
        index
    }

    /// Adds the edge, or merges `evidence` into the existing edge of the same kind
    /// between the same nodes, keeping its first-seen time.
    pub fn upsert_edge(&mut self, from: NodeId, to: NodeId, kind: EdgeKind, evidence: EdgeEvidence, seen_ms: i64) {
        let (from, to) = (self.upsert_node(from), self.upsert_node(to));
        let existing =
            self.graph.edges_connecting(from, to).find(|edge| edge.weight().kind == kind).map(|edge| edge.id());
        match existing {
            Some(edge) => {
                let data = &mut self.graph[edge];
                if !data.evidence.contains(&evidence) {
                    data.evidence.push(evidence);
                    data.evidence.sort();
                }
                data.first_seen_ms = data.first_seen_ms.min(seen_ms);
                data.last_seen_ms = data.last_seen_ms.max(seen_ms);
            }
            None => {
                let data = EdgeData { kind, evidence: vec![evidence], first_seen_ms: seen_ms, last_seen_ms: seen_ms };
                self.graph.add_edge(from, to, data);
            }
        }
    }

    /// Removes the edge of `kind` between the nodes; nodes stay (they may have others).
    pub fn remove_edge(&mut self, from: &NodeId, to: &NodeId, kind: EdgeKind) -> bool {
        let (Some(from), Some(to)) = (self.index_of(from), self.index_of(to)) else { return false };
        let edge = self.graph.edges_connecting(from, to).find(|edge| edge.weight().kind == kind).map(|edge| edge.id());
        edge.and_then(|edge| self.graph.remove_edge(edge)).is_some()
    }

    /// Removes a node and its edges.
    pub fn remove_node(&mut self, id: &NodeId) -> bool {
        match self.index.remove(id) {
            Some(index) => {
                // Freed indices are reused: a later node must not inherit these tags.
                self.tags.remove(&index);
                self.graph.remove_node(index).is_some()
            }
            None => false,
        }
    }

    /// Records a node's schema tags (the node is added if new); empty clears them.
    pub fn set_tags(&mut self, id: NodeId, tags: Vec<String>) {
        let index = self.upsert_node(id);
        if tags.is_empty() {
            self.tags.remove(&index);
        } else {
            self.tags.insert(index, tags);
        }
    }

    /// The tags a node carries: its own, and for a topic those of the subjects that
    /// describe it.
    pub fn tags_of(&self, id: &NodeId) -> Vec<String> {
        let Some(index) = self.index_of(id) else { return Vec::new() };
        let mut tags: Vec<String> = self.tags.get(&index).cloned().unwrap_or_default();
        if matches!(id, NodeId::Topic { .. }) {
            for edge in self.graph.edges_directed(index, Way::Incoming) {
                if edge.weight().kind == EdgeKind::HasSchema {
                    tags.extend(self.tags.get(&edge.source()).into_iter().flatten().cloned());
                }
            }
            tags.sort();
            tags.dedup();
        }
        tags
    }

    /// Every node of a cluster, registry or namespace scope, for rebuilding that part.
    pub fn nodes_in_scope(&self, scope: &str) -> Vec<NodeId> {
        self.index
            .keys()
            .filter(|id| match id {
                NodeId::Topic { cluster, .. } | NodeId::Group { cluster, .. } | NodeId::Principal { cluster, .. } => {
                    cluster == scope
                }
                NodeId::Subject { registry, .. } | NodeId::Field { registry, .. } => registry == scope,
                NodeId::Job { namespace, .. } => namespace == scope,
                NodeId::Connector { connect, .. } => connect == scope,
            })
            .cloned()
            .collect()
    }

    /// The edges leaving (`Way::Outgoing`) or entering a node.
    pub(super) fn edges(&self, index: NodeIndex, way: Way) -> impl Iterator<Item = (NodeIndex, &EdgeData)> {
        self.edges_with_ids(index, way).map(|(other, _, edge)| (other, edge))
    }

    /// [`LineageGraph::edges`] with each edge's index, for visited sets.
    pub(super) fn edges_with_ids(
        &self,
        index: NodeIndex,
        way: Way,
    ) -> impl Iterator<Item = (NodeIndex, usize, &EdgeData)> {
        self.graph.edges_directed(index, way).map(move |edge| {
            let other = if way == Way::Outgoing { edge.target() } else { edge.source() };
            (other, edge.id().index(), edge.weight())
        })
    }

    /// One more than the highest edge index in use: the size of a visited set.
    pub(super) fn edge_bound(&self) -> usize {
        self.graph.edge_bound()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topic(name: &str) -> NodeId {
        NodeId::Topic { cluster: "prod".into(), topic: name.into() }
    }

    #[test]
    fn edges_merge_evidence_and_keep_first_seen() {
        let mut graph = LineageGraph::default();
        let group = NodeId::Group { cluster: "prod".into(), group: "billing".into() };
        graph.upsert_edge(topic("orders"), group.clone(), EdgeKind::Reads, EdgeEvidence::CommittedOffsets, 200);
        graph.upsert_edge(topic("orders"), group.clone(), EdgeKind::Reads, EdgeEvidence::LiveAssignment, 100);
        assert_eq!((graph.node_count(), graph.edge_count()), (2, 1));
        let (_, _, edge) = graph.all_edges().next().unwrap();
        assert_eq!(edge.evidence, [EdgeEvidence::LiveAssignment, EdgeEvidence::CommittedOffsets]);
        assert_eq!((edge.first_seen_ms, edge.last_seen_ms), (100, 200));
        assert_eq!(edge.confidence(), 1.0);

        assert!(graph.remove_edge(&topic("orders"), &group, EdgeKind::Reads));
        assert_eq!(graph.edge_count(), 0);
        assert!(graph.remove_node(&group) && !graph.contains(&group));
        assert_eq!(graph.nodes_in_scope("prod"), [topic("orders")]);
    }
}
