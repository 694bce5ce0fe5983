//! `/api/v1/lineage`: the lineage around a node as JSON, SVG, OpenLineage or DataHub
//! identities, and declared edges written and removed.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use utoipa_axum::{router::OpenApiRouter, routes};

use model::LineageView;

use super::extract::ApiQuery;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::AppState;
use crate::service::history::PastReaders;
use crate::service::lineage_views::{node_path, LineageAsk};
use tributary_core::lineage::history::parse_instant;
use tributary_core::lineage::NodeId;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::default().routes(routes!(lineage)).routes(routes!(impact)).routes(routes!(readers))
}

fn node(key: &str, path: &str) -> Result<NodeId, ApiError> {
    Ok(node_path(key, path)?)
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
    #[param(pattern = r"^(?:[^/:]+/[^/]+|(?:group|subject|principal|job|connector):[^/]+/.+|field:[^/]+/[^#]+#.+)$")]
    node: String,
    /// `upstream`, `downstream` or `both` (default).
    #[param(pattern = "^(upstream|downstream|both)$")]
    direction: Option<String>,
    /// Hops to walk, 1–20 (default 3).
    #[param(minimum = 1, maximum = 20)]
    depth: Option<usize>,
    /// Comma-separated node kinds to keep: topic, group, subject, principal, job, connector, field.
    #[param(
        pattern = "^((topic|group|subject|principal|job|connector|field)(,(topic|group|subject|principal|job|connector|field))*)?$"
    )]
    kinds: Option<String>,
    /// Comma-separated edge kinds to follow (default: reads, writes, may_publish_to):
    /// reads, writes, has_schema, permits, may_publish_to, member_of. Add `has_schema`
    /// and `member_of` to walk from a field to the topics and readers of its schema.
    #[param(
        pattern = "^((reads|writes|has_schema|permits|may_publish_to|member_of)(,(reads|writes|has_schema|permits|may_publish_to|member_of))*)?$"
    )]
    edges: Option<String>,
    /// Comma-separated evidence to follow: live_assignment, committed_offsets,
    /// transaction, connect_rest, naming_convention, subject_naming, acl, schema_option, declared, open_lineage,
    /// schema_definition.
    #[param(
        pattern = "^(((live_assignment|committed_offsets|transaction|connect_rest|naming_convention|subject_naming|acl|schema_option|declared|open_lineage|schema_definition),)*(live_assignment|committed_offsets|transaction|connect_rest|naming_convention|subject_naming|acl|schema_option|declared|open_lineage|schema_definition))?$"
    )]
    evidence: Option<String>,
    /// Only nodes of this cluster.
    cluster: Option<String>,
}

/// Upstream and downstream of a node, to a depth, with node-kind, evidence and cluster
/// filters.
#[utoipa::path(
    get, path = "/lineage", tag = "lineage",
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
    let ask = LineageAsk {
        node: &query.node,
        direction: query.direction.as_deref(),
        depth: query.depth,
        kinds: list(&query.kinds).collect(),
        edges: list(&query.edges).collect(),
        evidence: list(&query.evidence).collect(),
        cluster: query.cluster.clone(),
        expand: Vec::new(),
    };
    Ok(Json(state.services.lineage_view(ask).await?))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ImpactQuery {
    /// A subject path: `subject:<registry>/<subject>`.
    #[param(pattern = "^subject:[^/]+/.+$")]
    subject: String,
    /// Hops downstream of the subject's topics, 1–20 (default 3).
    #[param(minimum = 1, maximum = 20)]
    depth: Option<usize>,
}

/// What a change to a subject's schema reaches: the topics it describes (or declares)
/// and everything downstream of them.
#[utoipa::path(
    get, path = "/lineage/impact", tag = "lineage",
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
    Ok(Json(state.services.schema_impact(&query.subject, query.depth).await?))
}

#[derive(Serialize, ToSchema)]
pub struct ReadersView {
    topic: String,
    at_ms: i64,
    /// The groups reading it then; `null` when that cannot be known (see `unknown`),
    /// which is not the same as nobody (`[]`).
    readers: Option<Vec<ReaderView>>,
    /// When the cluster's recorded history begins (its first read by Tributary).
    history_begins_ms: Option<i64>,
    /// Why the readers are unknown, when they are.
    unknown: Option<String>,
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
    get, path = "/lineage/readers", tag = "lineage",
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
    let topic_path = format!("{cluster}/{topic}");
    let view = match state.services.readers_at(&cluster, &topic, at_ms).await? {
        PastReaders::Known(readers) => ReadersView {
            topic: topic_path,
            at_ms,
            readers: Some(
                readers
                    .into_iter()
                    .map(|reader| ReaderView { group: reader.group, since_ms: reader.since_ms, basis: reader.basis })
                    .collect(),
            ),
            history_begins_ms: None,
            unknown: None,
        },
        PastReaders::Unknown { history_begins_ms } => ReadersView {
            topic: topic_path,
            at_ms,
            readers: None,
            unknown: Some(match history_begins_ms {
                Some(begins) => format!(
                    "unknown before {}: Tributary's history of cluster `{cluster}` begins with its first read then",
                    model::freshness::utc_label(begins)
                ),
                None => format!("unknown: cluster `{cluster}` has not been read yet"),
            }),
            history_begins_ms,
        },
    };
    Ok(Json(view))
}
