//! Questions asked of the graph: upstream/downstream to a depth with filters, the
//! impact of a schema change, the shortest path between two nodes, and a paged
//! neighbourhood for the UI. In memory, never waiting on I/O.

use std::collections::{HashMap, HashSet, VecDeque};

use fixedbitset::FixedBitSet;
use petgraph::stable_graph::NodeIndex;
use petgraph::Direction as Way;

use super::graph::{EdgeData, EdgeEvidence, EdgeKind, LineageGraph};
use super::node_id::{NodeId, NodeKind};

/// The deepest walk the API allows; beyond it, answers are the whole estate anyway.
pub const MAX_DEPTH: usize = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Upstream,
    Downstream,
    Both,
}

/// Which nodes and edges a walk may use; empty sets mean "any".
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub node_kinds: HashSet<NodeKind>,
    pub evidence: HashSet<EdgeEvidence>,
    /// Only nodes of this cluster (topics, groups, principals); others pass.
    pub cluster: Option<String>,
    /// Edge kinds followed; by default only data flow (reads, writes, may-publish).
    pub edge_kinds: HashSet<EdgeKind>,
}

impl Filter {
    fn follows(&self, edge: &EdgeData) -> bool {
        let kind_ok = if self.edge_kinds.is_empty() {
            matches!(edge.kind, EdgeKind::Reads | EdgeKind::Writes | EdgeKind::MayPublishTo)
        } else {
            self.edge_kinds.contains(&edge.kind)
        };
        kind_ok && (self.evidence.is_empty() || edge.evidence.iter().any(|e| self.evidence.contains(e)))
    }

    /// Whether [`Filter::admits`] lets every node through, so walks need not look.
    fn admits_all(&self) -> bool {
        self.node_kinds.is_empty() && self.cluster.is_none()
    }

    fn admits(&self, node: &NodeId) -> bool {
        let kind_ok = self.node_kinds.is_empty() || self.node_kinds.contains(&node.kind());
        let cluster_ok = match (&self.cluster, node) {
            (
                Some(wanted),
                NodeId::Topic { cluster, .. } | NodeId::Group { cluster, .. } | NodeId::Principal { cluster, .. },
            ) => cluster == wanted,
            _ => true,
        };
        kind_ok && cluster_ok
    }
}

/// One neighbour of a node: its id, the edge, and whether the edge leaves the node.
pub type Neighbour = (NodeId, EdgeData, bool);

/// What a walk found: nodes with their distance (negative upstream), and the edges used.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Subgraph {
    pub nodes: Vec<(NodeId, i32)>,
    pub edges: Vec<(NodeId, NodeId, EdgeData)>,
}

/// A walk's answer borrowed from the graph, unsorted: what a query costs before its
/// answer is copied out (under the read lock, so answers can be rendered in place).
#[derive(Debug, Default)]
pub struct SubgraphView<'g> {
    pub nodes: Vec<(&'g NodeId, i32)>,
    pub edges: Vec<(&'g NodeId, &'g NodeId, &'g EdgeData)>,
}

impl SubgraphView<'_> {
    /// An owned copy, nodes by distance then id, edges by ends.
    pub fn to_subgraph(&self) -> Subgraph {
        let mut nodes: Vec<(NodeId, i32)> = self.nodes.iter().map(|(id, hops)| ((*id).clone(), *hops)).collect();
        nodes.sort_by(|a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
        let mut edges: Vec<(NodeId, NodeId, EdgeData)> =
            self.edges.iter().map(|(from, to, edge)| ((*from).clone(), (*to).clone(), (*edge).clone())).collect();
        edges.sort_by(|a, b| (&a.0, &a.1, a.2.kind).cmp(&(&b.0, &b.1, b.2.kind)));
        Subgraph { nodes, edges }
    }
}

impl LineageGraph {
    /// Everything within `depth` hops of `start` along data flow, in `direction`.
    pub fn walk(&self, start: &NodeId, direction: Direction, depth: usize, filter: &Filter) -> Option<Subgraph> {
        self.walk_view(start, direction, depth, filter).map(|view| view.to_subgraph())
    }

    /// [`LineageGraph::walk`], borrowed and unsorted. Breadth first, once per
    /// direction; an edge is reported once even when both walks cross it.
    pub fn walk_view(
        &self,
        start: &NodeId,
        direction: Direction,
        depth: usize,
        filter: &Filter,
    ) -> Option<SubgraphView<'_>> {
        let origin = self.index_of(start)?;
        let depth = depth.min(MAX_DEPTH);
        let mut view = SubgraphView { nodes: vec![(self.node(origin), 0)], edges: Vec::new() };
        let mut found = FixedBitSet::with_capacity(self.node_bound());
        found.insert(origin.index());
        let ways: &[(Way, i32)] = match direction {
            Direction::Downstream => &[(Way::Outgoing, 1)],
            Direction::Upstream => &[(Way::Incoming, -1)],
            Direction::Both => &[(Way::Outgoing, 1), (Way::Incoming, -1)],
        };
        let mut seen = FixedBitSet::with_capacity(self.node_bound());
        // Each walk expands a node once, so only the second walk can repeat an edge.
        let mut edges_seen = FixedBitSet::with_capacity(if ways.len() > 1 { self.edge_bound() } else { 0 });
        let admits_all = filter.admits_all();
        let mut queue = VecDeque::new();
        for &(way, sign) in ways {
            seen.clear();
            seen.insert(origin.index());
            queue.clear();
            queue.push_back((origin, 0usize));
            while let Some((node, hops)) = queue.pop_front() {
                if hops == depth {
                    continue;
                }
                for (next, edge_index, edge) in self.edges_with_ids(node, way) {
                    if !filter.follows(edge) || !(admits_all || filter.admits(self.node(next))) {
                        continue;
                    }
                    let (from, to) = if way == Way::Outgoing { (node, next) } else { (next, node) };
                    if ways.len() == 1 || !edges_seen.put(edge_index) {
                        view.edges.push((self.node(from), self.node(to), edge));
                    }
                    if !seen.put(next.index()) {
                        if !found.put(next.index()) {
                            view.nodes.push((self.node(next), sign * (hops as i32 + 1)));
                        }
                        queue.push_back((next, hops + 1));
                    }
                }
            }
        }
        Some(view)
    }

    /// What a change to `subject`'s schema reaches: the topics it describes (or may be
    /// published to), and everything downstream of them.
    pub fn impact_of(&self, subject: &NodeId, depth: usize) -> Option<Subgraph> {
        let origin = self.index_of(subject)?;
        let mut impact = Subgraph { nodes: vec![(subject.clone(), 0)], edges: Vec::new() };
        let mut seen: HashSet<NodeId> = HashSet::from([subject.clone()]);
        for (topic, edge) in self.edges(origin, Way::Outgoing) {
            if !matches!(edge.kind, EdgeKind::HasSchema | EdgeKind::MayPublishTo) {
                continue;
            }
            let topic_id = self.node(topic).clone();
            impact.edges.push((subject.clone(), topic_id.clone(), edge.clone()));
            let Some(downstream) = self.walk(&topic_id, Direction::Downstream, depth, &Filter::default()) else {
                continue;
            };
            for (node, hops) in downstream.nodes {
                if seen.insert(node.clone()) {
                    impact.nodes.push((node, hops + 1));
                }
            }
            impact.edges.extend(downstream.edges);
        }
        impact.nodes.sort_by(|a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
        impact.edges.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        impact.edges.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1 && a.2.kind == b.2.kind);
        Some(impact)
    }

    /// The shortest chain of data-flow edges from `from` to `to`, if any.
    pub fn shortest_path(&self, from: &NodeId, to: &NodeId) -> Option<Vec<NodeId>> {
        let (origin, target) = (self.index_of(from)?, self.index_of(to)?);
        let filter = Filter::default();
        let mut previous: HashMap<NodeIndex, NodeIndex> = HashMap::new();
        let mut queue = VecDeque::from([origin]);
        let mut seen = HashSet::from([origin]);
        while let Some(node) = queue.pop_front() {
            if node == target {
                let mut path = vec![self.node(node).clone()];
                let mut at = node;
                while let Some(&before) = previous.get(&at) {
                    path.push(self.node(before).clone());
                    at = before;
                }
                path.reverse();
                return Some(path);
            }
            for (next, edge) in self.edges(node, Way::Outgoing) {
                if filter.follows(edge) && seen.insert(next) {
                    previous.insert(next, node);
                    queue.push_back(next);
                }
            }
        }
        None
    }

    /// The direct neighbours of `node` (any edge kind), sorted by path, one page of at
    /// most `limit` after `offset`, with how many there are in all: a topic read by 500
    /// groups answers 50 and says 450 more.
    pub fn neighbourhood(&self, node: &NodeId, offset: usize, limit: usize) -> Option<(Vec<Neighbour>, usize)> {
        let index = self.index_of(node)?;
        let mut all: Vec<Neighbour> = self
            .edges(index, Way::Outgoing)
            .map(|(other, edge)| (self.node(other).clone(), edge.clone(), true))
            .chain(
                self.edges(index, Way::Incoming).map(|(other, edge)| (self.node(other).clone(), edge.clone(), false)),
            )
            .collect();
        all.sort_by(|a, b| (&a.0, a.2).cmp(&(&b.0, b.2)));
        let total = all.len();
        Some((all.into_iter().skip(offset).take(limit).collect(), total))
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Topic `name` of cluster `prod` (also for the other walks' tests).
    pub(in crate::lineage) fn topic(name: &str) -> NodeId {
        NodeId::Topic { cluster: "prod".into(), topic: name.into() }
    }

    /// Group `name` of cluster `prod`.
    pub(in crate::lineage) fn group(name: &str) -> NodeId {
        NodeId::Group { cluster: "prod".into(), group: name.into() }
    }

    /// orders → enricher → orders.enriched → {billing, audit}; subject orders-value → orders.
    fn estate() -> LineageGraph {
        let mut graph = LineageGraph::default();
        graph.upsert_edge(topic("orders"), group("enricher"), EdgeKind::Reads, EdgeEvidence::CommittedOffsets, 1);
        graph.upsert_edge(group("enricher"), topic("orders.enriched"), EdgeKind::Writes, EdgeEvidence::Declared, 1);
        graph.upsert_edge(topic("orders.enriched"), group("billing"), EdgeKind::Reads, EdgeEvidence::LiveAssignment, 1);
        graph.upsert_edge(topic("orders.enriched"), group("audit"), EdgeKind::Reads, EdgeEvidence::CommittedOffsets, 1);
        let subject = NodeId::Subject { registry: "main".into(), subject: "orders-value".into() };
        graph.upsert_edge(subject, topic("orders"), EdgeKind::HasSchema, EdgeEvidence::SubjectNaming, 1);
        graph
    }

    #[test]
    fn walks_follow_data_flow_to_a_depth_in_both_directions() {
        let graph = estate();
        let down = graph.walk(&topic("orders"), Direction::Downstream, 2, &Filter::default()).unwrap();
        let names: Vec<String> = down.nodes.iter().map(|(id, hops)| format!("{hops} {id}")).collect();
        assert_eq!(names, ["0 prod/orders", "1 group:prod/enricher", "2 prod/orders.enriched"]);
        let up = graph.walk(&group("billing"), Direction::Upstream, 5, &Filter::default()).unwrap();
        assert_eq!(up.nodes.len(), 4, "billing ← orders.enriched ← enricher ← orders");
        assert_eq!(up.nodes[0], (topic("orders"), -3));
        assert!(graph.walk(&topic("nowhere"), Direction::Both, 3, &Filter::default()).is_none());
    }

    #[test]
    fn filters_restrict_evidence_and_node_kinds() {
        let graph = estate();
        let observed = Filter {
            evidence: HashSet::from([EdgeEvidence::CommittedOffsets, EdgeEvidence::LiveAssignment]),
            ..Filter::default()
        };
        let down = graph.walk(&topic("orders"), Direction::Downstream, 5, &observed).unwrap();
        assert_eq!(down.nodes.len(), 2, "the declared write is not observed evidence");
        let topics_only = Filter { node_kinds: HashSet::from([NodeKind::Topic]), ..Filter::default() };
        let down = graph.walk(&topic("orders"), Direction::Downstream, 5, &topics_only).unwrap();
        assert_eq!(down.nodes.len(), 1);
    }

    #[test]
    fn a_schema_change_reaches_the_consumers_downstream() {
        let graph = estate();
        let subject = NodeId::Subject { registry: "main".into(), subject: "orders-value".into() };
        let impact = graph.impact_of(&subject, 5).unwrap();
        let reached: HashSet<NodeId> = impact.nodes.iter().map(|(id, _)| id.clone()).collect();
        for node in [topic("orders"), group("enricher"), group("billing"), group("audit")] {
            assert!(reached.contains(&node), "{node}");
        }
    }

    #[test]
    fn shortest_paths_and_paged_neighbourhoods() {
        let mut graph = estate();
        assert_eq!(
            graph.shortest_path(&topic("orders"), &group("audit")).unwrap(),
            [topic("orders"), group("enricher"), topic("orders.enriched"), group("audit")]
        );
        assert!(graph.shortest_path(&group("audit"), &topic("orders")).is_none(), "data does not flow back");
        for index in 0..500 {
            graph.upsert_edge(
                topic("orders"),
                group(&format!("reader-{index:03}")),
                EdgeKind::Reads,
                EdgeEvidence::CommittedOffsets,
                1,
            );
        }
        let (page, total) = graph.neighbourhood(&topic("orders"), 0, 50).unwrap();
        assert_eq!((page.len(), total), (50, 502), "500 readers + enricher + the subject");
    }
}
