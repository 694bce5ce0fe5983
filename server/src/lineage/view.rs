//! Walk answers in the shapes the API and the pages share ([`LineageView`]), and the
//! walk filter parsed from the names they use.

use std::collections::HashSet;

use app::model::{LineageEdge, LineageNode, LineageView};

use super::graph::{EdgeData, EdgeEvidence, EdgeKind, LineageGraph};
use super::node_id::{NodeId, NodeKind};
use super::query::{Direction, Filter};

/// The answer as JSON shapes: nodes by distance then path (with the schema tags they
/// carry, from `graph`), edges by their ends.
pub fn render<'g>(
    graph: &LineageGraph,
    node: &NodeId,
    nodes: impl Iterator<Item = (&'g NodeId, i32)>,
    edges: impl Iterator<Item = (&'g NodeId, &'g NodeId, &'g EdgeData)>,
) -> LineageView {
    let mut nodes: Vec<LineageNode> = nodes
        .map(|(id, depth)| LineageNode {
            id: id.path(),
            kind: id.kind().name().to_owned(),
            depth,
            tags: graph.tags_of(id),
        })
        .collect();
    nodes.sort_by(|a, b| (a.depth, &a.id).cmp(&(b.depth, &b.id)));
    let mut edges: Vec<LineageEdge> = edges.map(|(from, to, edge)| edge_view(from, to, edge)).collect();
    edges.sort_by(|a, b| (&a.from, &a.to, &a.kind).cmp(&(&b.from, &b.to, &b.kind)));
    LineageView { node: node.path(), nodes, edges }
}

fn edge_view(from: &NodeId, to: &NodeId, edge: &EdgeData) -> LineageEdge {
    LineageEdge {
        from: from.path(),
        to: to.path(),
        kind: edge.kind.name().to_owned(),
        evidence: edge.evidence.iter().map(|evidence| evidence.name().to_owned()).collect(),
        confidence: edge.confidence(),
        first_seen_ms: edge.first_seen_ms,
        last_seen_ms: edge.last_seen_ms,
    }
}

pub fn parse_direction(name: &str) -> Result<Direction, String> {
    match name {
        "upstream" => Ok(Direction::Upstream),
        "downstream" => Ok(Direction::Downstream),
        "both" => Ok(Direction::Both),
        other => Err(format!("`direction` is upstream, downstream or both, not `{other}`")),
    }
}

/// A walk filter from node kind, edge kind and evidence names; an unknown name is an
/// error naming it.
pub fn parse_filter<'a>(
    kinds: impl IntoIterator<Item = &'a str>,
    edges: impl IntoIterator<Item = &'a str>,
    evidence: impl IntoIterator<Item = &'a str>,
    cluster: Option<String>,
) -> Result<Filter, String> {
    let mut filter = Filter { cluster, ..Filter::default() };
    for kind in kinds {
        filter.node_kinds.insert(NodeKind::parse(kind).ok_or_else(|| format!("unknown node kind `{kind}`"))?);
    }
    for kind in edges {
        filter.edge_kinds.insert(EdgeKind::parse(kind).ok_or_else(|| format!("unknown edge kind `{kind}`"))?);
    }
    let mut wanted = HashSet::new();
    for name in evidence {
        wanted.insert(EdgeEvidence::parse(name).ok_or_else(|| format!("unknown evidence `{name}`"))?);
    }
    filter.evidence = wanted;
    Ok(filter)
}
