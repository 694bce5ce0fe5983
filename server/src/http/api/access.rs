use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use utoipa::ToSchema;

use app::model::{permitted_edges, AccessControl, PermittedEdge};

use super::extract::ApiPath;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/clusters/{alias}/access", get(access))
}

#[derive(Serialize, ToSchema)]
pub struct ClusterAccess {
    /// The ACLs as listed, or why there are none.
    acls: AccessControl,
    /// What the ACLs mean in words.
    summary: String,
    /// Every principal's permission to read or write each topic, with its usage.
    permissions: Vec<PermittedEdge>,
}

/// Who may read and write what on one cluster, from its last known ACLs.
#[utoipa::path(
    get, path = "/api/v1/clusters/{alias}/access", tag = "clusters",
    params(("alias" = String, Path, description = "The cluster's alias")),
    responses(
        (status = 200, description = "The ACLs and the permissions they imply", body = ClusterAccess),
        (status = 400, description = "The alias is malformed", body = ErrorBody),
        (status = 404, description = "No cluster has that alias", body = ErrorBody),
    )
)]
pub async fn access(
    State(state): State<AppState>,
    ApiPath(alias): ApiPath<String>,
) -> Result<Json<ClusterAccess>, ApiError> {
    let cluster = state
        .services
        .clusters
        .cluster(&alias)
        .ok_or_else(|| ApiError::not_found(format!("no cluster is configured with the alias `{alias}`")))?;
    let snapshot = cluster.snapshot.unwrap_or_default();
    Ok(Json(ClusterAccess {
        summary: snapshot.access.label(),
        permissions: permitted_edges(&snapshot),
        acls: snapshot.access,
    }))
}
