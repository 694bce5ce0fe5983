//! Opening a walk's answer further: the explorer's "click a node to see its next hop".
//! Each opened node adds its direct neighbours (both ways, under the walk's filter),
//! placed one column beyond it, so the picture grows where the person looks.

use std::collections::{HashMap, HashSet};

use super::graph::{EdgeKind, LineageGraph};
use super::node_id::NodeId;
use super::query::{Direction, Filter, SubgraphView};

impl<'g> SubgraphView<'g> {
    /// Adds the next hop of every node of `opened` that the view holds; nodes outside
    /// the view (a stale link) are skipped. Nodes and edges already shown stay as they
    /// are, with their distance from the node asked about.
    pub fn expand(&mut self, graph: &'g LineageGraph, opened: &[NodeId], filter: &Filter) {
        let mut depth_of: HashMap<&'g NodeId, i32> = self.nodes.iter().copied().collect();
        let mut edges: HashSet<(&'g NodeId, &'g NodeId, EdgeKind)> =
            self.edges.iter().map(|(from, to, edge)| (*from, *to, edge.kind)).collect();
        for node in opened {
            let Some(&depth) = depth_of.get(node) else { continue };
            let Some(hop) = graph.walk_view(node, Direction::Both, 1, filter) else { continue };
            for (neighbour, step) in hop.nodes {
                if let std::collections::hash_map::Entry::Vacant(entry) = depth_of.entry(neighbour) {
                    entry.insert(depth + step);
                    self.nodes.push((neighbour, depth + step));
                }
            }
            for (from, to, edge) in hop.edges {
                if edges.insert((from, to, edge.kind)) {
                    self.edges.push((from, to, edge));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lineage::graph::EdgeEvidence;
    use crate::lineage::query::tests::{group, topic};

    /// orders → enricher → orders.enriched → billing, and enricher also reads refunds.
    fn estate() -> LineageGraph {
        let mut graph = LineageGraph::default();
        graph.upsert_edge(topic("orders"), group("enricher"), EdgeKind::Reads, EdgeEvidence::CommittedOffsets, 1);
        graph.upsert_edge(topic("refunds"), group("enricher"), EdgeKind::Reads, EdgeEvidence::CommittedOffsets, 1);
        graph.upsert_edge(group("enricher"), topic("orders.enriched"), EdgeKind::Writes, EdgeEvidence::Declared, 1);
        graph.upsert_edge(topic("orders.enriched"), group("billing"), EdgeKind::Reads, EdgeEvidence::LiveAssignment, 1);
        graph
    }

    fn shown(view: &SubgraphView<'_>) -> Vec<String> {
        let mut nodes: Vec<String> = view.nodes.iter().map(|(id, depth)| format!("{depth} {id}")).collect();
        nodes.sort();
        nodes
    }

    #[test]
    fn an_opened_node_adds_its_next_hop_beyond_it() {
        let graph = estate();
        let mut view = graph.walk_view(&topic("orders"), Direction::Downstream, 1, &Filter::default()).unwrap();
        assert_eq!(shown(&view), ["0 prod/orders", "1 group:prod/enricher"]);
        view.expand(&graph, &[group("enricher")], &Filter::default());
        assert_eq!(
            shown(&view),
            ["0 prod/orders", "0 prod/refunds", "1 group:prod/enricher", "2 prod/orders.enriched"],
            "the enricher's other input sits one column left of it, its output one right"
        );
        assert_eq!(view.edges.len(), 3, "the edge already shown is not repeated");
    }

    #[test]
    fn nodes_outside_the_view_and_filtered_edges_add_nothing() {
        let graph = estate();
        let mut view = graph.walk_view(&topic("orders"), Direction::Downstream, 1, &Filter::default()).unwrap();
        view.expand(&graph, &[group("billing"), topic("nowhere")], &Filter::default());
        assert_eq!(view.nodes.len(), 2);
        let observed_only = Filter { evidence: HashSet::from([EdgeEvidence::CommittedOffsets]), ..Filter::default() };
        view.expand(&graph, &[group("enricher")], &observed_only);
        assert_eq!(shown(&view), ["0 prod/orders", "0 prod/refunds", "1 group:prod/enricher"], "the write is declared");
    }
}
