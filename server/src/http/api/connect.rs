//! `/api/v1/connect`: Kafka Connect clusters with their connectors (type, class, state,
//! tasks, workers, topics, settings without secrets), and one connector in full.

use axum::extract::State;
use axum::Json;
use utoipa_axum::{router::OpenApiRouter, routes};

use model::{ConnectCluster, ConnectorDetail};

use super::extract::ApiPath;
use super::paths::ConnectorPath;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::default().routes(routes!(list)).routes(routes!(one))
}

/// Every configured Kafka Connect cluster: its read status and its connectors.
#[utoipa::path(
    get, path = "/connect", tag = "connect",
    responses((status = 200, description = "The Connect clusters", body = Vec<ConnectCluster>))
)]
pub async fn list(State(state): State<AppState>) -> Json<Vec<ConnectCluster>> {
    Json(state.services.connect_clusters())
}

/// One connector: type, class, state, tasks with their workers, the topics it writes
/// (source) or reads (sink), and its settings, secret-looking values left out.
#[utoipa::path(
    get, path = "/connect/{connect}/connectors/{connector}", tag = "connect",
    params(ConnectorPath),
    responses(
        (status = 200, description = "The connector", body = ConnectorDetail),
        (status = 400, description = "A path segment is malformed", body = ErrorBody),
        (status = 404, description = "No such Connect cluster or connector", body = ErrorBody),
    )
)]
pub async fn one(
    State(state): State<AppState>,
    ApiPath(ConnectorPath { connect, connector }): ApiPath<ConnectorPath>,
) -> Result<Json<ConnectorDetail>, ApiError> {
    Ok(Json(state.services.connector(&connect, &connector)?))
}
