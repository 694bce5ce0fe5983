//! A lineage answer as the API returns it and the lineage page draws it: the nodes
//! reached from one node, with their distance, and the edges between them.

use serde::{Deserialize, Serialize};

/// The deepest walk the explorer offers; the API allows more.
pub const LINEAGE_EXPLORER_MAX_DEPTH: u32 = 6;
/// Nodes a view may expand by a hop: enough for any exploration by hand, and a bound on
/// what one request can make the server walk.
pub const LINEAGE_MAX_EXPANDED: usize = 50;

/// What a page asks of the lineage. Every field has a default, as forms and server
/// function encodings drop empty lists.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct LineageRequest {
    /// The node's path.
    pub node: String,
    /// `upstream`, `downstream` or `both`.
    pub direction: String,
    pub depth: u32,
    /// Node kinds to keep; empty keeps all.
    pub kinds: Vec<String>,
    /// Edge kinds to follow; empty follows data flow (reads, writes, may_publish_to).
    pub edges: Vec<String>,
    /// Evidence classes an edge must have one of (`observed`, `declared`, `inferred`);
    /// empty follows every edge.
    pub evidence: Vec<String>,
    /// Nodes of the view opened one hop further, both ways (clicked in the explorer).
    pub expand: Vec<String>,
    /// Columns (by distance) whose "+N more" stub was opened, once per opening: the
    /// picture draws more of them; the walk is the same.
    pub more: Vec<i32>,
}

impl LineageRequest {
    /// The request as query pairs (`kinds` and `edges` repeat), for links and exports.
    pub fn to_query(&self) -> String {
        let mut pairs = vec![
            format!("node={}", crate::links::encode(&self.node)),
            format!("depth={}", self.depth),
            format!("direction={}", crate::links::encode(&self.direction)),
        ];
        pairs.extend(self.kinds.iter().map(|kind| format!("kinds={}", crate::links::encode(kind))));
        pairs.extend(self.edges.iter().map(|edge| format!("edges={}", crate::links::encode(edge))));
        pairs.extend(self.evidence.iter().map(|class| format!("evidence={}", crate::links::encode(class))));
        pairs.extend(self.expand.iter().map(|node| format!("expand={}", crate::links::encode(node))));
        pairs.extend(self.more.iter().map(|depth| format!("more={depth}")));
        pairs.join("&")
    }

    /// Reads what [`LineageRequest::to_query`] writes, from decoded pairs; missing
    /// values take their defaults, unknown keys are ignored.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut request = LineageRequest::default();
        for (key, value) in pairs {
            match key {
                "node" => request.node = value.to_owned(),
                "direction" => request.direction = value.to_owned(),
                "depth" => request.depth = value.parse().unwrap_or(request.depth),
                "kinds" => request.kinds.push(value.to_owned()),
                "edges" => request.edges.push(value.to_owned()),
                "evidence" => request.evidence.push(value.to_owned()),
                "expand" => request.expand.push(value.to_owned()),
                "more" => request.more.extend(value.parse::<i32>().ok()),
                _ => {}
            }
        }
        request
    }

    /// The same view with `node` opened one hop further, or closed again if it was.
    pub fn toggling(&self, node: &str) -> LineageRequest {
        let mut toggled = self.clone();
        if let Some(at) = toggled.expand.iter().position(|open| open == node) {
            toggled.expand.remove(at);
        } else {
            toggled.expand.push(node.to_owned());
        }
        toggled
    }

    /// The same view (depth, direction, filters) centred on `node`, nothing expanded.
    pub fn centred_on(&self, node: &str) -> LineageRequest {
        LineageRequest { node: node.to_owned(), expand: Vec::new(), more: Vec::new(), ..self.clone() }
    }

    /// The same view drawing more of the column at distance `depth`.
    pub fn showing_more(&self, depth: i32) -> LineageRequest {
        let mut wider = self.clone();
        wider.more.push(depth);
        wider
    }
}

impl Default for LineageRequest {
    fn default() -> Self {
        LineageRequest {
            node: String::new(),
            direction: "both".into(),
            depth: 3,
            kinds: Vec::new(),
            edges: Vec::new(),
            evidence: Vec::new(),
            expand: Vec::new(),
            more: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineageView {
    /// The node asked about, as a path (`prod/shop.orders`).
    pub node: String,
    /// By distance, then path.
    pub nodes: Vec<LineageNode>,
    pub edges: Vec<LineageEdge>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineageNode {
    /// The node's path: `prod/shop.orders`, `group:prod/billing`, `subject:main/x-value`.
    pub id: String,
    /// `topic`, `group`, `subject`, `principal`, `job` or `field`.
    pub kind: String,
    /// Hops from the node asked about: negative upstream, positive downstream.
    pub depth: i32,
    /// Schema tags it carries (`PII`, ...): a subject's or field's own, a topic's from
    /// the subjects that describe it.
    #[serde(default)]
    pub tags: Vec<String>,
    /// A topic its cluster does not have (as of its last read): only declared, by an
    /// OpenLineage event or by hand, with a name nobody created.
    #[serde(default)]
    pub unknown: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// Whether the node carries personal data, by its tags (`PII`, `pii.email`, ...).
    pub fn carries_pii(&self) -> bool {
        self.tags.iter().any(|tag| super::schema::marks_personal_data(tag))
    }

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
        EdgeBasis::of_evidence(self.evidence.first().map(String::as_str).unwrap_or_default())
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

impl EdgeBasis {
    pub const ALL: [EdgeBasis; 3] = [EdgeBasis::Observed, EdgeBasis::Declared, EdgeBasis::Inferred];

    /// The class of one kind of evidence (`committed_offsets` is observed, ...).
    pub fn of_evidence(evidence: &str) -> EdgeBasis {
        match evidence {
            "live_assignment" | "committed_offsets" | "transaction" | "connect_rest" | "schema_definition"
            | "subject_naming" | "acl" => EdgeBasis::Observed,
            "declared" | "open_lineage" | "schema_option" => EdgeBasis::Declared,
            _ => EdgeBasis::Inferred,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            EdgeBasis::Observed => "observed",
            EdgeBasis::Declared => "declared",
            EdgeBasis::Inferred => "inferred",
        }
    }

    pub fn parse(name: &str) -> Option<EdgeBasis> {
        Self::ALL.into_iter().find(|basis| basis.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: &str, kind: &str) -> LineageNode {
        LineageNode { id: id.into(), kind: kind.into(), depth: 0, tags: vec![], unknown: false }
    }

    #[test]
    fn requests_survive_a_round_trip_through_a_query() {
        let request = LineageRequest {
            node: "field:main/a b#x".into(),
            direction: "upstream".into(),
            depth: 4,
            kinds: vec!["topic".into(), "group".into()],
            edges: vec!["reads".into()],
            evidence: vec!["declared".into()],
            expand: vec!["group:main/billing".into()],
            more: vec![-2, 1],
        };
        let query = request.to_query();
        let decoded: Vec<(String, String)> = query
            .split('&')
            .map(|pair| {
                let (key, value) = pair.split_once('=').unwrap();
                (key.to_owned(), value.replace("%20", " ").replace("%3A", ":").replace("%2F", "/").replace("%23", "#"))
            })
            .collect();
        let back = LineageRequest::from_pairs(decoded.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!(back, request);
    }

    #[test]
    fn expanding_twice_closes_and_centring_forgets_what_was_open() {
        let request = LineageRequest { node: "p/a".into(), depth: 2, ..LineageRequest::default() };
        let opened = request.toggling("group:p/g");
        assert_eq!(opened.expand, ["group:p/g"]);
        assert_eq!(opened.toggling("group:p/g"), request);
        let centred = opened.centred_on("group:p/g");
        assert_eq!((centred.node.as_str(), centred.depth, centred.expand.len()), ("group:p/g", 2, 0));
    }

    #[test]
    fn labels_drop_kind_and_scope() {
        assert_eq!(node("prod/shop.orders", "topic").label(), "shop.orders");
        assert_eq!(node("group:prod/billing", "group").label(), "billing");
        assert_eq!(node("group:prod/billing", "group").scope(), "prod");
        assert_eq!(node("principal:prod/User:alice", "principal").label(), "User:alice");
    }
}
