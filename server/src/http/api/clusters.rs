use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};

use app::model::{ClusterOverview, Overview};

use crate::http::error::ApiError;
use crate::http::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/clusters", get(list)).route("/clusters/{alias}", get(one))
}

/// Every configured cluster with its status and last known brokers, topics and groups.
async fn list(State(state): State<AppState>) -> Json<Overview> {
    Json(state.catalog.overview())
}

async fn one(State(state): State<AppState>, Path(alias): Path<String>) -> Result<Json<ClusterOverview>, ApiError> {
    state
        .catalog
        .cluster(&alias)
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("no cluster is configured with the alias `{alias}`")))
}
