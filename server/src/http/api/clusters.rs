use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};

use app::model::{ClusterState, Overview};

use crate::http::error::ApiError;
use crate::http::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/clusters", get(list)).route("/clusters/{alias}", get(one))
}

/// Every configured cluster with its status and a summary of its last known state.
async fn list(State(state): State<AppState>) -> Json<Overview> {
    Json(state.catalog.overview())
}

/// One cluster's status and everything last read from it: partitions, configs, group
/// members, committed offsets and lag.
async fn one(State(state): State<AppState>, Path(alias): Path<String>) -> Result<Json<ClusterState>, ApiError> {
    state
        .catalog
        .cluster(&alias)
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("no cluster is configured with the alias `{alias}`")))
}
