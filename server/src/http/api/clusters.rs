//! `/api/v1/clusters`: every cluster's status and summary, its topics and groups.

use axum::extract::State;
use axum::Json;

use utoipa_axum::{router::OpenApiRouter, routes};

use model::{ClusterState, Overview};

use super::extract::ApiPath;
use super::paths::ClusterPath;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::default().routes(routes!(list)).routes(routes!(one))
}

/// Every configured cluster with its status and a summary of its last known state.
#[utoipa::path(
    get, path = "/clusters", tag = "clusters",
    responses((status = 200, description = "The clusters", body = Overview))
)]
pub async fn list(State(state): State<AppState>) -> Json<Overview> {
    Json(state.services.cluster_statuses())
}

/// One cluster's status and everything last read from it: partitions, configs, group
/// members, committed offsets and lag.
#[utoipa::path(
    get, path = "/clusters/{alias}", tag = "clusters",
    params(ClusterPath),
    responses(
        (status = 200, description = "The cluster's state", body = ClusterState),
        (status = 400, description = "The alias is malformed", body = ErrorBody),
        (status = 404, description = "No cluster has that alias", body = ErrorBody),
    )
)]
pub async fn one(
    State(state): State<AppState>,
    ApiPath(ClusterPath { alias }): ApiPath<ClusterPath>,
) -> Result<Json<ClusterState>, ApiError> {
    state.services.cluster(&alias).map(Json).ok_or_else(|| ApiError::unknown_cluster(&alias))
}
