use std::collections::{HashMap, HashSet};

use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

use crate::http::error::ApiError;
use crate::http::AppState;
use crate::lineage::history::{parse_instant, readers_at};
use crate::lineage::query::MAX_DEPTH;
use crate::lineage::{Direction, EdgeData, EdgeEvidence, Filter, NodeId, NodeKind, Subgraph};

/// The depth a walk takes when none is asked for.
const DEFAULT_DEPTH: usize = 3;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/lineage", get(lineage))
        .route("/lineage/impact", get(impact))
        .route("/lineage/readers", get(readers))
}

#[derive(Serialize)]
struct NodeView {
    id: String,
    kind: &'static str,
    /// Hops from the node asked about: negative upstream, positive downstream.
    depth: i32,
}

#[derive(Serialize)]
struct EdgeView {
    from: String,
    to: String,
    kind: String,
    evidence: Vec<String>,
    confidence: f32,
    first_seen_ms: i64,
    last_seen_ms: i64,
}

#[derive(Serialize)]
struct LineageView {
    node: String,
    nodes: Vec<NodeView>,
    edges: Vec<EdgeView>,
}

fn edge_view(from: &NodeId, to: &NodeId, edge: &EdgeData) -> EdgeView {
    EdgeView {
        from: from.path(),
        to: to.path(),
        kind: edge.kind.name().to_owned(),
        evidence: edge.evidence.iter().map(|evidence| evidence.name().to_owned()).collect(),
        confidence: edge.confidence(),
        first_seen_ms: edge.first_seen_ms,
        last_seen_ms: edge.last_seen_ms,
    }
}

fn view(node: &NodeId, found: Subgraph) -> LineageView {
    LineageView {
        node: node.path(),
        nodes: found
            .nodes
            .iter()
            .map(|(id, depth)| NodeView { id: id.path(), kind: id.kind().name(), depth: *depth })
            .collect(),
        edges: found.edges.iter().map(|(from, to, edge)| edge_view(from, to, edge)).collect(),
    }
}

/// The query parameters, parsed by hand so every mistake gets the API's error shape.
struct Params(HashMap<String, String>);

impl Params {
    fn allow(&self, known: &[&str]) -> Result<(), ApiError> {
        match self.0.keys().find(|key| !known.contains(&key.as_str())) {
            Some(unknown) => {
                Err(ApiError::bad_request(format!("unknown parameter `{unknown}`; known: {}", known.join(", "))))
            }
            None => Ok(()),
        }
    }

    fn node(&self, key: &str) -> Result<NodeId, ApiError> {
        let path = self.0.get(key).ok_or_else(|| ApiError::bad_request(format!("`{key}` is required")))?;
        NodeId::parse_path(path).map_err(ApiError::bad_request)
    }

    fn depth(&self) -> Result<usize, ApiError> {
        match self.0.get("depth") {
            None => Ok(DEFAULT_DEPTH),
            Some(text) => match text.parse::<usize>() {
                Ok(depth) if (1..=MAX_DEPTH).contains(&depth) => Ok(depth),
                _ => {
                    Err(ApiError::bad_request(format!("`depth` must be a number from 1 to {MAX_DEPTH}, not `{text}`")))
                }
            },
        }
    }

    fn list(&self, key: &str) -> Vec<&str> {
        self.0
            .get(key)
            .map(|value| value.split(',').map(str::trim).filter(|item| !item.is_empty()).collect())
            .unwrap_or_default()
    }
}

/// Upstream and downstream of a node: `node` (a path such as `prod/shop.orders` or
/// `group:prod/billing`), `direction` (`upstream`, `downstream`, `both`), `depth`
/// (1–20), `kinds` and `evidence` (comma-separated filters), `cluster`.
async fn lineage(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<LineageView>, ApiError> {
    let params = Params(params);
    params.allow(&["node", "direction", "depth", "kinds", "evidence", "cluster"])?;
    let node = params.node("node")?;
    let direction = match params.0.get("direction").map(String::as_str).unwrap_or("both") {
        "upstream" => Direction::Upstream,
        "downstream" => Direction::Downstream,
        "both" => Direction::Both,
        other => {
            return Err(ApiError::bad_request(format!("`direction` is upstream, downstream or both, not `{other}`")))
        }
    };
    let depth = params.depth()?;
    let mut filter = Filter { cluster: params.0.get("cluster").cloned(), ..Filter::default() };
    for kind in params.list("kinds") {
        filter
            .node_kinds
            .insert(NodeKind::parse(kind).ok_or_else(|| ApiError::bad_request(format!("unknown node kind `{kind}`")))?);
    }
    let mut evidence = HashSet::new();
    for name in params.list("evidence") {
        evidence.insert(
            EdgeEvidence::parse(name).ok_or_else(|| ApiError::bad_request(format!("unknown evidence `{name}`")))?,
        );
    }
    filter.evidence = evidence;
    let found = state.lineage.read(|graph| graph.walk(&node, direction, depth, &filter));
    let found = found.ok_or_else(|| ApiError::not_found(format!("no node `{}` in the lineage", node.path())))?;
    Ok(Json(view(&node, found)))
}

/// What a change to a subject's schema reaches: `subject` (`subject:<registry>/<name>`),
/// `depth` (1–20) downstream of the topics it describes.
async fn impact(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<LineageView>, ApiError> {
    let params = Params(params);
    params.allow(&["subject", "depth"])?;
    let subject = params.node("subject")?;
    if !matches!(subject, NodeId::Subject { .. }) {
        return Err(ApiError::bad_request("`subject` must be a subject path: `subject:<registry>/<subject>`"));
    }
    let depth = params.depth()?;
    let found = state.lineage.read(|graph| graph.impact_of(&subject, depth));
    let found = found.ok_or_else(|| ApiError::not_found(format!("no subject `{}` in the lineage", subject.path())))?;
    Ok(Json(view(&subject, found)))
}

#[derive(Serialize)]
struct ReadersView {
    topic: String,
    at_ms: i64,
    readers: Vec<ReaderView>,
}

#[derive(Serialize)]
struct ReaderView {
    group: String,
    since_ms: Option<i64>,
    /// `history` (a recorded change says so) or `seen` (observed around that time).
    basis: &'static str,
}

/// Who read a topic at a past time: `node` (a topic path), `at` (Unix ms, `2026-03-15`
/// or `2026-03-15T09:30:00Z`), replayed from the change history.
async fn readers(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<ReadersView>, ApiError> {
    let params = Params(params);
    params.allow(&["node", "at"])?;
    let NodeId::Topic { cluster, topic } = params.node("node")? else {
        return Err(ApiError::bad_request("`node` must be a topic path: `<cluster>/<topic>`"));
    };
    let at = params.0.get("at").ok_or_else(|| ApiError::bad_request("`at` is required"))?;
    let at_ms = parse_instant(at).ok_or_else(|| {
        ApiError::bad_request(format!(
            "`at` is Unix milliseconds, a date (2026-03-15) or a UTC time (2026-03-15T09:30:00Z), not `{at}`"
        ))
    })?;
    let cluster_state = state
        .catalog
        .cluster(&cluster)
        .ok_or_else(|| ApiError::not_found(format!("no cluster is configured with the alias `{cluster}`")))?;
    let kinds = ["group_started_reading", "group_stopped_reading", "group_disappeared"];
    let events = state.store.events_until(&cluster, &kinds, at_ms).await.map_err(ApiError::internal)?;
    let readers = readers_at(&topic, at_ms, &events, &cluster_state.edges)
        .into_iter()
        .map(|reader| ReaderView { group: reader.group, since_ms: reader.since_ms, basis: reader.basis })
        .collect();
    Ok(Json(ReadersView { topic: format!("{cluster}/{topic}"), at_ms, readers }))
}
