//! Lineage Kafka cannot reveal: edges declared by hand (who produces to a topic), and
//! OpenLineage run events from Spark, Flink or Airflow jobs whose Kafka inputs and
//! outputs become edges.

use std::collections::BTreeMap;

use app::model::{CatalogEvent, Change};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::extract::{ApiJson, ApiQuery};
use crate::catalog::DeclaredEdge;
use crate::clock::now_ms;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::AppState;
use crate::lineage::{EdgeEvidence, EdgeKind, NodeId};

pub fn router() -> Router<AppState> {
    Router::new().route("/lineage/edges", post(declare).delete(remove)).route("/lineage", post(openlineage_event))
}

// Unknown body fields are ignored, as the Confluent and OpenLineage APIs do.
#[derive(Deserialize, Serialize, ToSchema, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EdgeRequest {
    /// Node paths: `prod/shop.orders`, `group:prod/billing`, `job:airflow/daily_revenue`.
    #[param(pattern = "^(?:(?:group|job):)?[^/:]+/[^/]+$")]
    from: String,
    /// A node path, as `from`.
    #[param(pattern = "^(?:(?:group|job):)?[^/:]+/[^/]+$")]
    to: String,
    /// `writes` (a group or job writes a topic) or `reads` (a topic is read by one).
    #[param(pattern = "^(writes|reads)$")]
    kind: String,
}

// For the OpenAPI document only (it states the direction rule, which a flat struct
// cannot); requests are read as `EdgeRequest` and checked by `parse_edge`.
/// A declared edge: data flows from a writer (a group or job) into a topic, or from a
/// topic into a reader.
#[derive(ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[allow(dead_code)]
enum DeclaredEdgeBody {
    /// A group or job writes a topic.
    Writes {
        #[schema(pattern = "^(group|job):[^/]+/[^/]+$")]
        from: String,
        #[schema(pattern = "^[^/:]+/[^/]+$")]
        to: String,
    },
    /// A topic is read by a group or job.
    Reads {
        #[schema(pattern = "^[^/:]+/[^/]+$")]
        from: String,
        #[schema(pattern = "^(group|job):[^/]+/[^/]+$")]
        to: String,
    },
}

/// Checks a declared edge's ends and kind: data flows from a writer into a topic, or
/// from a topic into a reader.
fn parse_edge(request: &EdgeRequest) -> Result<(NodeId, NodeId, EdgeKind), ApiError> {
    let (from, to, kind) = parse_ends(request)?;
    let processes = |node: &NodeId| matches!(node, NodeId::Group { .. } | NodeId::Job { .. });
    let valid = match kind {
        EdgeKind::Writes => processes(&from) && matches!(to, NodeId::Topic { .. }),
        _ => matches!(from, NodeId::Topic { .. }) && processes(&to),
    };
    if !valid {
        return Err(ApiError::bad_request(
            "`writes` goes from a group or job to a topic, `reads` from a topic to a group or job",
        ));
    }
    Ok((from, to, kind))
}

/// The ends and kind of an edge, each well formed.
fn parse_ends(request: &EdgeRequest) -> Result<(NodeId, NodeId, EdgeKind), ApiError> {
    let from = NodeId::parse_path(&request.from).map_err(ApiError::bad_request)?;
    let to = NodeId::parse_path(&request.to).map_err(ApiError::bad_request)?;
    let kind = match request.kind.as_str() {
        "writes" => EdgeKind::Writes,
        "reads" => EdgeKind::Reads,
        other => return Err(ApiError::bad_request(format!("`kind` is `writes` or `reads`, not `{other}`"))),
    };
    Ok((from, to, kind))
}

/// The change a declared edge's arrival or removal makes to its topic's history, with
/// the topic's cluster; `None` for an edge without a topic end.
fn lineage_change(from: &NodeId, to: &NodeId, kind: EdgeKind, declared: bool) -> Option<(String, Change)> {
    let NodeId::Topic { cluster, topic } = [from, to].into_iter().find(|node| matches!(node, NodeId::Topic { .. }))?
    else {
        return None;
    };
    let (from_path, to_path, edge, topic) = (from.path(), to.path(), kind.name().to_owned(), topic.clone());
    let change = if declared {
        Change::LineageDeclared { from: from_path, to: to_path, edge, topic }
    } else {
        Change::LineageUndeclared { from: from_path, to: to_path, edge, topic }
    };
    Some((cluster.clone(), change))
}

/// Records declared edges' arrivals or removals in the history (one write per cluster)
/// and tells open pages. The edges themselves are already stored: a history that
/// cannot be written is logged, not an error to the caller.
async fn announce(state: &AppState, changes: Vec<(String, Change)>) {
    let mut by_cluster: BTreeMap<String, Vec<Change>> = BTreeMap::new();
    for (cluster, change) in changes {
        by_cluster.entry(cluster).or_default().push(change);
    }
    let at_ms = now_ms();
    for (cluster, changes) in by_cluster {
        let events = match state.store.append_events(&cluster, at_ms, &changes).await {
            Ok(events) => events,
            Err(error) => {
                tracing::error!(%cluster, %error, "could not append lineage changes to the history");
                let event = |change| CatalogEvent { id: 0, cluster: cluster.clone(), at_ms, change };
                changes.into_iter().map(event).collect()
            }
        };
        state.feed.publish(events);
    }
}

/// Stores `edges` in one transaction, adds them to the graph, and announces the new ones.
async fn store_and_apply(state: &AppState, edges: Vec<DeclaredEdge>) -> Result<(), ApiError> {
    let stored: Vec<_> = edges.iter().map(DeclaredEdge::to_stored).collect();
    state.store.upsert_declared_edges(&stored).await.map_err(ApiError::internal)?;
    let ends: Vec<_> = edges.iter().map(|edge| (edge.from.clone(), edge.to.clone(), edge.kind)).collect();
    let new = state.lineage.declare_all(edges);
    let changes = ends
        .iter()
        .zip(new)
        .filter(|(_, new)| *new)
        .filter_map(|((from, to, kind), _)| lineage_change(from, to, *kind, true))
        .collect();
    announce(state, changes).await;
    Ok(())
}

/// Declares an edge Kafka cannot reveal (who produces to a topic): kept in the store,
/// shown with `declared` evidence.
#[utoipa::path(
    post, path = "/api/v1/lineage/edges", tag = "lineage",
    request_body = DeclaredEdgeBody,
    responses(
        (status = 201, description = "The edge is declared", body = EdgeRequest),
        (status = 400, description = "The body is not an edge, or the edge goes the wrong way", body = ErrorBody),
        (status = 413, description = "The body is too large", body = ErrorBody),
        (status = 415, description = "The body is not JSON", body = ErrorBody),
        (status = 422, description = "The body's JSON does not have the expected shape", body = ErrorBody),
    )
)]
pub async fn declare(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<EdgeRequest>,
) -> Result<(StatusCode, Json<EdgeRequest>), ApiError> {
    let (from, to, kind) = parse_edge(&request)?;
    let at = now_ms();
    let edge = DeclaredEdge { from, to, kind, evidence: EdgeEvidence::Declared, first_seen_ms: at, last_seen_ms: at };
    store_and_apply(&state, vec![edge]).await?;
    Ok((StatusCode::CREATED, Json(request)))
}

/// Removes a declared (or OpenLineage) edge.
#[utoipa::path(
    delete, path = "/api/v1/lineage/edges", tag = "lineage",
    params(EdgeRequest),
    responses(
        (status = 204, description = "The edge is removed"),
        (status = 400, description = "A parameter is missing or malformed", body = ErrorBody),
        (status = 404, description = "No such declared edge", body = ErrorBody),
    )
)]
pub async fn remove(
    State(state): State<AppState>,
    ApiQuery(request): ApiQuery<EdgeRequest>,
) -> Result<StatusCode, ApiError> {
    // An edge that could not have been declared is simply not there: 404 below.
    let (from, to, kind) = parse_ends(&request)?;
    let removed =
        state.store.delete_declared_edge(&from.path(), &to.path(), kind.name()).await.map_err(ApiError::internal)?;
    if !removed {
        return Err(ApiError::not_found(format!("no declared edge {} → {} ({})", from.path(), to.path(), kind.name())));
    }
    state.lineage.undeclare(&from, &to, kind);
    announce(&state, lineage_change(&from, &to, kind, false).into_iter().collect()).await;
    Ok(StatusCode::NO_CONTENT)
}

/// The parts of an OpenLineage RunEvent that lineage needs; other fields (`eventType`,
/// `run`, facets) are accepted and ignored.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RunEvent {
    job: OpenLineageJob,
    #[serde(default)]
    inputs: Vec<OpenLineageDataset>,
    #[serde(default)]
    outputs: Vec<OpenLineageDataset>,
}

#[derive(Deserialize, ToSchema)]
pub struct OpenLineageJob {
    #[schema(min_length = 1)]
    namespace: String,
    #[schema(min_length = 1)]
    name: String,
}

/// A dataset; Kafka topics have namespace `kafka://<bootstrap host:port>`.
#[derive(Deserialize, ToSchema)]
pub struct OpenLineageDataset {
    namespace: String,
    name: String,
}

#[derive(Serialize, ToSchema)]
pub struct RunEventOutcome {
    job: String,
    edges: Vec<String>,
    /// Datasets that are not Kafka topics of a configured cluster, and why.
    skipped: Vec<String>,
    /// Topics the event names that their cluster does not have (as of its last read):
    /// their edges are kept, and the lineage picture marks the topics as unknown.
    unknown_topics: Vec<String>,
}

/// Datasets (inputs and outputs together) one run event may name. Real jobs read and
/// write a handful; the bound keeps one request from holding the store for long.
pub const MAX_DATASETS_PER_EVENT: usize = 1_000;

/// Receives an OpenLineage run event (`POST /api/v1/lineage`, as Marquez does): each
/// Kafka input becomes topic → job (reads), each output job → topic (writes). At most
/// [`MAX_DATASETS_PER_EVENT`] datasets per event; the edges are stored in one transaction.
#[utoipa::path(
    post, path = "/api/v1/lineage", tag = "lineage",
    request_body = RunEvent,
    responses(
        (status = 201, description = "The edges made, and the datasets skipped with why", body = RunEventOutcome),
        (status = 400, description = "The body is not a run event", body = ErrorBody),
        (status = 413, description = "The body is too large", body = ErrorBody),
        (status = 415, description = "The body is not JSON", body = ErrorBody),
        (status = 422, description = "The body's JSON does not have the expected shape, or names more than 1,000 datasets", body = ErrorBody),
    )
)]
pub async fn openlineage_event(
    State(state): State<AppState>,
    ApiJson(event): ApiJson<RunEvent>,
) -> Result<(StatusCode, Json<RunEventOutcome>), ApiError> {
    if event.job.namespace.is_empty() || event.job.name.is_empty() {
        return Err(ApiError::bad_request("`job.namespace` and `job.name` must not be empty"));
    }
    let datasets = event.inputs.len() + event.outputs.len();
    if datasets > MAX_DATASETS_PER_EVENT {
        return Err(ApiError::unprocessable(format!(
            "the event names {datasets} datasets; at most {MAX_DATASETS_PER_EVENT} are accepted per event"
        )));
    }
    let job = NodeId::Job { namespace: event.job.namespace.clone(), name: event.job.name.clone() };
    let at = now_ms();
    let mut outcome =
        RunEventOutcome { job: job.path(), edges: Vec::new(), skipped: Vec::new(), unknown_topics: Vec::new() };
    let mut edges = Vec::with_capacity(datasets);
    let sides = event
        .inputs
        .iter()
        .map(|dataset| (dataset, EdgeKind::Reads))
        .chain(event.outputs.iter().map(|dataset| (dataset, EdgeKind::Writes)));
    for (dataset, kind) in sides {
        let Some(server) = dataset.namespace.strip_prefix("kafka://") else {
            outcome.skipped.push(format!("{}/{}: not a Kafka dataset", dataset.namespace, dataset.name));
            continue;
        };
        let Some(cluster) = state.catalog.alias_for_server(server) else {
            outcome.skipped.push(format!(
                "{}/{}: no configured cluster has bootstrap server {server}",
                dataset.namespace, dataset.name
            ));
            continue;
        };
        if state.catalog.lacks_topic(&cluster, &dataset.name) {
            outcome.unknown_topics.push(format!("{cluster}/{}", dataset.name));
        }
        let topic = NodeId::Topic { cluster, topic: dataset.name.clone() };
        let (from, to) = if kind == EdgeKind::Reads { (topic, job.clone()) } else { (job.clone(), topic) };
        outcome.edges.push(format!("{} → {} ({})", from.path(), to.path(), kind.name()));
        edges.push(DeclaredEdge {
            from,
            to,
            kind,
            evidence: EdgeEvidence::OpenLineage,
            first_seen_ms: at,
            last_seen_ms: at,
        });
    }
    store_and_apply(&state, edges).await?;
    Ok((StatusCode::CREATED, Json(outcome)))
}
