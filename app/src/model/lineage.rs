//! A lineage answer as the API returns it and the lineage page draws it: the nodes
//! reached from one node, with their distance, and the edges between them.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LineageView {
    /// The node asked about, as a path (`prod/shop.orders`).
    pub node: String,
    /// By distance, then path.
    pub nodes: Vec<LineageNode>,
    pub edges: Vec<LineageEdge>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LineageNode {
    /// The node's path: `prod/shop.orders`, `group:prod/billing`, `subject:main/x-value`.
    pub id: String,
    /// `topic`, `group`, `subject`, `principal`, `job` or `field`.
    pub kind: String,
    /// Hops from the node asked about: negative upstream, positive downstream.
    pub depth: i32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LineageEdge {
    pub from: String,
    pub to: String,
    /// `reads`, `writes`, `has_schema`, `permits`, `may_publish_to`, `member_of`.
    pub kind: String,
    /// Why the edge is believed, strongest first: `committed_offsets`, `declared`, ...
    pub evidence: Vec<String>,
    /// 0–1: observed 1.0, declared 0.9, inferred from names 0.6–0.8.
    pub confidence: f32,
    pub first_seen_ms: i64,
    pub last_seen_ms: i64,
}

impl LineageNode {
    /// The name without its kind and scope: `shop.orders`, `billing`.
    pub fn label(&self) -> &str {
        let without_kind = match self.id.split_once(':') {
            Some((kind, rest)) if kind == self.kind && self.kind != "topic" => rest,
            _ => &self.id,
        };
        without_kind.split_once('/').map_or(without_kind, |(_, name)| name)
    }

    /// The cluster, registry or namespace the node belongs to.
    pub fn scope(&self) -> &str {
        let without_kind = match self.id.split_once(':') {
            Some((kind, rest)) if kind == self.kind && self.kind != "topic" => rest,
            _ => &self.id,
        };
        without_kind.split_once('/').map_or("", |(scope, _)| scope)
    }
}

impl LineageEdge {
    /// How the edge is known, in three classes the picture styles apart.
    pub fn basis(&self) -> EdgeBasis {
        let strongest = self.evidence.first().map(String::as_str).unwrap_or_default();
        match strongest {
            "live_assignment" | "committed_offsets" | "schema_definition" | "subject_naming" | "acl" => {
                EdgeBasis::Observed
            }
            "declared" | "open_lineage" | "schema_option" => EdgeBasis::Declared,
            _ => EdgeBasis::Inferred,
        }
    }
}

/// Observed (seen on the cluster or in a schema), declared (by people or jobs), or
/// inferred (from naming conventions).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EdgeBasis {
    Observed,
    Declared,
    Inferred,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: &str, kind: &str) -> LineageNode {
        LineageNode { id: id.into(), kind: kind.into(), depth: 0 }
    }

    #[test]
    fn labels_drop_kind_and_scope() {
        assert_eq!(node("prod/shop.orders", "topic").label(), "shop.orders");
        assert_eq!(node("group:prod/billing", "group").label(), "billing");
        assert_eq!(node("group:prod/billing", "group").scope(), "prod");
        assert_eq!(node("principal:prod/User:alice", "principal").label(), "User:alice");
    }
}
