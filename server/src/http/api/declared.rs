//! Lineage Kafka cannot reveal: edges declared by hand (who produces to a topic), and
//! OpenLineage run events from Spark, Flink or Airflow jobs whose Kafka inputs and
//! outputs become edges.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use utoipa_axum::{router::OpenApiRouter, routes};

use super::extract::{ApiJson, ApiQuery};
use crate::http::access::Caller;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::AppState;
use crate::service::declared_lineage::{self, Dataset, EdgeNames};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::default().routes(routes!(declare, remove)).routes(routes!(openlineage_event))
}

// Unknown body fields are ignored, as the Confluent and OpenLineage APIs do.
#[derive(Deserialize, Serialize, ToSchema, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EdgeRequest {
    /// Node paths: `prod/shop.orders`, `group:prod/billing`, `job:airflow/daily_revenue`.
    #[param(pattern = "^(?:(?:group|job):[^/]+/.+|[^/:]+/[^/]+)$")]
    from: String,
    /// A node path, as `from`.
    #[param(pattern = "^(?:(?:group|job):[^/]+/.+|[^/:]+/[^/]+)$")]
    to: String,
    /// `writes` (a group or job writes a topic) or `reads` (a topic is read by one).
    #[param(pattern = "^(writes|reads)$")]
    kind: String,
}

impl EdgeRequest {
    fn names(&self) -> EdgeNames<'_> {
        EdgeNames { from: &self.from, to: &self.to, kind: &self.kind }
    }
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
        #[schema(pattern = "^(group|job):[^/]+/.+$")]
        from: String,
        #[schema(pattern = "^[^/:]+/[^/]+$")]
        to: String,
    },
    /// A topic is read by a group or job.
    Reads {
        #[schema(pattern = "^[^/:]+/[^/]+$")]
        from: String,
        #[schema(pattern = "^(group|job):[^/]+/.+$")]
        to: String,
    },
}

/// Declares an edge Kafka cannot reveal (who produces to a topic): kept in the store,
/// shown with `declared` evidence.
#[utoipa::path(
    post, path = "/lineage/edges", tag = "lineage",
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
    Caller(caller): Caller,
    ApiJson(request): ApiJson<EdgeRequest>,
) -> Result<(StatusCode, Json<EdgeRequest>), ApiError> {
    state.services.declare_edge(request.names(), caller.actor()).await?;
    Ok((StatusCode::CREATED, Json(request)))
}

/// Removes a declared (or OpenLineage) edge.
#[utoipa::path(
    delete, path = "/lineage/edges", tag = "lineage",
    params(EdgeRequest),
    responses(
        (status = 204, description = "The edge is removed"),
        (status = 400, description = "A parameter is missing or malformed", body = ErrorBody),
        (status = 404, description = "No such declared edge", body = ErrorBody),
    )
)]
pub async fn remove(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiQuery(request): ApiQuery<EdgeRequest>,
) -> Result<StatusCode, ApiError> {
    state.services.remove_edge(request.names(), caller.actor()).await?;
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

/// Receives an OpenLineage run event (`POST /api/v1/lineage`, as Marquez does): each
/// Kafka input becomes topic → job (reads), each output job → topic (writes). At most
/// [`MAX_DATASETS_PER_EVENT`](crate::service::declared_lineage::MAX_DATASETS_PER_EVENT)
/// datasets per event; the edges are stored in one transaction.
#[utoipa::path(
    post, path = "/lineage", tag = "lineage",
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
    let datasets = |sets: Vec<OpenLineageDataset>| {
        sets.into_iter().map(|set| Dataset { namespace: set.namespace, name: set.name }).collect()
    };
    let event = declared_lineage::RunEvent {
        job_namespace: event.job.namespace,
        job_name: event.job.name,
        inputs: datasets(event.inputs),
        outputs: datasets(event.outputs),
    };
    let made = state.services.receive_run_event(event).await?;
    let outcome = RunEventOutcome {
        job: made.job,
        edges: made.edges,
        skipped: made.skipped,
        unknown_topics: made.unknown_topics,
    };
    Ok((StatusCode::CREATED, Json(outcome)))
}
