//! Walk answers in the shapes the API and the pages share ([`LineageView`]), and the
//! walk filter parsed from the names they use.

use std::collections::HashSet;

use model::{EdgeBasis, LineageEdge, LineageNode, LineageView};

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
            unknown: false,
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

/// A name in a lineage request that names nothing: the request is at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnknownName {
    #[error("`direction` is upstream, downstream or both, not `{0}`")]
    Direction(String),
    #[error("unknown node kind `{0}`")]
    NodeKind(String),
    #[error("unknown edge kind `{0}`")]
    EdgeKind(String),
    #[error("unknown evidence `{0}`")]
    Evidence(String),
    #[error("evidence class is observed, declared or inferred, not `{0}`")]
    EvidenceClass(String),
}

pub fn parse_direction(name: &str) -> Result<Direction, UnknownName> {
    match name {
        "upstream" => Ok(Direction::Upstream),
        "downstream" => Ok(Direction::Downstream),
        "both" => Ok(Direction::Both),
        other => Err(UnknownName::Direction(other.to_owned())),
    }
}

/// A walk filter from node kind, edge kind and evidence names; an unknown name is an
/// error naming it.
pub fn parse_filter<'a>(
    kinds: impl IntoIterator<Item = &'a str>,
    edges: impl IntoIterator<Item = &'a str>,
    evidence: impl IntoIterator<Item = &'a str>,
    cluster: Option<String>,
) -> Result<Filter, UnknownName> {
    let mut filter = Filter { cluster, ..Filter::default() };
    for kind in kinds {
        filter.node_kinds.insert(NodeKind::parse(kind).ok_or_else(|| UnknownName::NodeKind(kind.to_owned()))?);
    }
    for kind in edges {
        filter.edge_kinds.insert(EdgeKind::parse(kind).ok_or_else(|| UnknownName::EdgeKind(kind.to_owned()))?);
    }
    let mut wanted = HashSet::new();
    for name in evidence {
        wanted.insert(EdgeEvidence::parse(name).ok_or_else(|| UnknownName::Evidence(name.to_owned()))?);
    }
    filter.evidence = wanted;
    Ok(filter)
}

/// The evidence names of the classes named (`observed`, `declared`, `inferred`), for
/// [`parse_filter`]; an unknown class is an error naming it.
pub fn evidence_of_classes<'a>(classes: impl IntoIterator<Item = &'a str>) -> Result<Vec<&'static str>, UnknownName> {
    let mut wanted = HashSet::new();
    for name in classes {
        wanted.insert(EdgeBasis::parse(name).ok_or_else(|| UnknownName::EvidenceClass(name.to_owned()))?);
    }
    Ok(EdgeEvidence::ALL
        .into_iter()
        .map(EdgeEvidence::name)
        .filter(|evidence| wanted.contains(&EdgeBasis::of_evidence(evidence)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_classes_name_the_evidence_the_picture_styles_alike() {
        let declared = evidence_of_classes(["declared"]).unwrap();
        assert!(declared.contains(&"declared") && declared.contains(&"open_lineage"));
        assert!(!declared.contains(&"committed_offsets"));
        assert!(evidence_of_classes([]).unwrap().is_empty());
        assert!(evidence_of_classes(["guessed"]).unwrap_err().to_string().contains("guessed"));
    }
}
