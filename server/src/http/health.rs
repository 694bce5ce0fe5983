//! Liveness and readiness probes (`/healthz`, `/readyz`) for orchestrators.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use super::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz)).route("/readyz", get(readyz))
}

/// Liveness: the process is up and answering.
async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: the store can write (a probe that takes the write lock and rolls back;
/// a store that only answers reads loses every change) and every configured cluster has
/// been read once since start (successfully or not), so pages show real state rather
/// than "connecting".
async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<serde_json::Value>) {
    let store = state.services.store_can_write().await;
    let clusters_read = state.services.every_cluster_read_once();
    let ready = store.is_ok() && clusters_read;
    let status = if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    let store_detail = match store {
        Ok(()) => "ok".to_owned(),
        Err(error) => {
            tracing::warn!(%error, "the store cannot write");
            "cannot write".to_owned()
        }
    };
    let body = json!({
        "ready": ready,
        "store": store_detail,
        "clusters": if clusters_read { "read" } else { "first read pending" },
    });
    (status, Json(body))
}
