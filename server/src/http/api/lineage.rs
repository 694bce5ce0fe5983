use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use app::model::LineageView;

use super::extract::ApiQuery;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::AppState;
use crate::lineage::history::{parse_instant, readers_at};
use crate::lineage::query::MAX_DEPTH;
use crate::lineage::view::{parse_direction, parse_filter, render};
use crate::lineage::{LineageGraph, NodeId, Subgraph};

/// The depth a walk takes when none is asked for.
const DEFAULT_DEPTH: usize = 3;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/lineage", get(lineage))
        .route("/lineage/impact", get(impact))
        .route("/lineage/readers", get(readers))
}

fn view(graph: &LineageGraph, node: &NodeId, found: &Subgraph) -> LineageView {
    render(
        graph,
        node,
        found.nodes.iter().map(|(id, depth)| (id, *depth)),
        found.edges.iter().map(|(from, to, edge)| (from, to, edge)),
    )
}

fn node(key: &str, path: &str) -> Result<NodeId, ApiError> {
    NodeId::parse_path(path).map_err(|error| ApiError::bad_request(format!("`{key}`: {error}")))
}

fn depth(depth: Option<usize>) -> Result<usize, ApiError> {
    match depth {
        None => Ok(DEFAULT_DEPTH),
        Some(depth) if (1..=MAX_DEPTH).contains(&depth) => Ok(depth),
        Some(depth) => {
            Err(ApiError::bad_request(format!("`depth` must be a number from 1 to {MAX_DEPTH}, not {depth}")))
        }
    }
}

fn list(value: &Option<String>) -> impl Iterator<Item = &str> {
    value.as_deref().unwrap_or("").split(',').map(str::trim).filter(|item| !item.is_empty())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct LineageQuery {
    /// A node path: `prod/shop.orders` (topic), `group:prod/billing`,
    /// `subject:main/shop.orders-value`, `principal:prod/User:alice`, `job:airflow/daily`,
    /// `field:main/shop.customers-value#email`.
    #[param(pattern = r"^(?:(?:(?:group|subject|principal|job):)?[^/:]+/[^/]+|field:[^/]+/[^/#]+#[^/#]+)$")]
    node: String,
    /// `upstream`, `downstream` or `both` (default).
    #[param(pattern = "^(upstream|downstream|both)$")]
    direction: Option<String>,
    /// Hops to walk, 1–20 (default 3).
    #[param(minimum = 1, maximum = 20)]
    depth: Option<usize>,
    /// Comma-separated node kinds to keep: topic, group, subject, principal, job, field.
    #[param(pattern = "^((topic|group|subject|principal|job|field)(,(topic|group|subject|principal|job|field))*)?$")]
    kinds: Option<String>,
    /// Comma-separated edge kinds to follow (default: reads, writes, may_publish_to):
    /// reads, writes, has_schema, permits, may_publish_to, member_of. Add `has_schema`
    /// and `member_of` to walk from a field to the topics and readers of its schema.
    #[param(
        pattern = "^((reads|writes|has_schema|permits|may_publish_to|member_of)(,(reads|writes|has_schema|permits|may_publish_to|member_of))*)?$"
    )]
    edges: Option<String>,
    /// Comma-separated evidence to follow: live_assignment, committed_offsets,
    /// naming_convention, subject_naming, acl, schema_option, declared, open_lineage,
    /// schema_definition.
    #[param(
        pattern = "^(((live_assignment|committed_offsets|naming_convention|subject_naming|acl|schema_option|declared|open_lineage|schema_definition),)*(live_assignment|committed_offsets|naming_convention|subject_naming|acl|schema_option|declared|open_lineage|schema_definition))?$"
    )]
    evidence: Option<String>,
    /// Only nodes of this cluster.
    cluster: Option<String>,
}

/// Upstream and downstream of a node, to a depth, with node-kind, evidence and cluster
/// filters.
#[utoipa::path(
    get, path = "/api/v1/lineage", tag = "lineage",
    params(LineageQuery),
    responses(
        (status = 200, description = "The nodes reached (with their distance) and the edges between them", body = LineageView),
        (status = 400, description = "A parameter is missing or malformed", body = ErrorBody),
        (status = 404, description = "The node is not in the lineage", body = ErrorBody),
    )
)]
pub async fn lineage(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<LineageQuery>,
) -> Result<Json<LineageView>, ApiError> {
    let node = node("node", &query.node)?;
    let direction = parse_direction(query.direction.as_deref().unwrap_or("both")).map_err(ApiError::bad_request)?;
    let depth = depth(query.depth)?;
    let filter = parse_filter(list(&query.kinds), list(&query.edges), list(&query.evidence), query.cluster.clone())
        .map_err(ApiError::bad_request)?;
    // Rendered under the read lock, straight from the graph's own ids.
    let rendered = state.lineage.read(|graph| {
        let found = graph.walk_view(&node, direction, depth, &filter)?;
        Some(render(graph, &node, found.nodes.iter().copied(), found.edges.iter().copied()))
    });
    let mut rendered =
        rendered.ok_or_else(|| ApiError::not_found(format!("no node `{}` in the lineage", node.path())))?;
    // Outside the graph's lock: the catalog has its own.
    state.catalog.mark_unknown_topics(&mut rendered);
    Ok(Json(rendered))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ImpactQuery {
    /// A subject path: `subject:<registry>/<subject>`.
    #[param(pattern = "^subject:[^/]+/[^/]+$")]
    subject: String,
    /// Hops downstream of the subject's topics, 1–20 (default 3).
    #[param(minimum = 1, maximum = 20)]
    depth: Option<usize>,
}

/// What a change to a subject's schema reaches: the topics it describes (or declares)
/// and everything downstream of them.
#[utoipa::path(
    get, path = "/api/v1/lineage/impact", tag = "lineage",
    params(ImpactQuery),
    responses(
        (status = 200, description = "The topics, readers and their downstream", body = LineageView),
        (status = 400, description = "A parameter is missing or malformed", body = ErrorBody),
        (status = 404, description = "The subject is not in the lineage", body = ErrorBody),
    )
)]
pub async fn impact(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<ImpactQuery>,
) -> Result<Json<LineageView>, ApiError> {
    let subject = node("subject", &query.subject)?;
    if !matches!(subject, NodeId::Subject { .. }) {
        return Err(ApiError::bad_request("`subject` must be a subject path: `subject:<registry>/<subject>`"));
    }
    let depth = depth(query.depth)?;
    let found = state.lineage.read(|graph| graph.impact_of(&subject, depth).map(|found| view(graph, &subject, &found)));
    found.map(Json).ok_or_else(|| ApiError::not_found(format!("no subject `{}` in the lineage", subject.path())))
}

#[derive(Serialize, ToSchema)]
pub struct ReadersView {
    topic: String,
    at_ms: i64,
    readers: Vec<ReaderView>,
}

#[derive(Serialize, ToSchema)]
pub struct ReaderView {
    group: String,
    since_ms: Option<i64>,
    /// `history` (a recorded change says so) or `seen` (observed around that time).
    basis: &'static str,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReadersQuery {
    /// A topic path: `<cluster>/<topic>`.
    #[param(pattern = "^[^/:]+/[^/]+$")]
    node: String,
    /// Unix milliseconds, a date (`2026-03-15`) or a UTC time (`2026-03-15T09:30:00Z`).
    #[param(
        pattern = "^([0-9]{1,15}|[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z)?)$"
    )]
    at: String,
}

/// Who read a topic at a past time, replayed from the change history.
#[utoipa::path(
    get, path = "/api/v1/lineage/readers", tag = "lineage",
    params(ReadersQuery),
    responses(
        (status = 200, description = "The groups reading the topic then", body = ReadersView),
        (status = 400, description = "A parameter is missing or malformed", body = ErrorBody),
        (status = 404, description = "No cluster has that alias", body = ErrorBody),
    )
)]
pub async fn readers(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<ReadersQuery>,
) -> Result<Json<ReadersView>, ApiError> {
    let NodeId::Topic { cluster, topic } = node("node", &query.node)? else {
        return Err(ApiError::bad_request("`node` must be a topic path: `<cluster>/<topic>`"));
    };
    let at = &query.at;
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
