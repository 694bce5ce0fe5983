//! `/api/v1/clusters/{cluster}/access`: who may read and write what, from the ACLs.

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use utoipa_axum::{router::OpenApiRouter, routes};

use model::{permitted_edges, ClusterAcls, PermittedEdge};

use super::extract::ApiPath;
use super::paths::ClusterPath;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::default().routes(routes!(cluster_acls))
}

// Named `ClusterAccess` in the API document, as it always was; "access" in the code
// means Tributary's own access control.
#[derive(Serialize, ToSchema)]
#[schema(as = ClusterAccess)]
pub struct ClusterAclView {
    /// The ACLs as listed, or why there are none.
    acls: ClusterAcls,
    /// What the ACLs mean in words.
    summary: String,
    /// Every principal's permission to read or write each topic, with its usage.
    permissions: Vec<PermittedEdge>,
}

/// Who may read and write what on one cluster, from its last known ACLs.
#[utoipa::path(
    get, path = "/clusters/{alias}/access", tag = "clusters", operation_id = "access",
    params(ClusterPath),
    responses(
        (status = 200, description = "The ACLs and the permissions they imply", body = ClusterAclView),
        (status = 400, description = "The alias is malformed", body = ErrorBody),
        (status = 404, description = "No cluster has that alias", body = ErrorBody),
    )
)]
pub async fn cluster_acls(
    State(state): State<AppState>,
    ApiPath(ClusterPath { alias }): ApiPath<ClusterPath>,
) -> Result<Json<ClusterAclView>, ApiError> {
    let cluster = state.services.cluster(&alias).ok_or_else(|| ApiError::unknown_cluster(&alias))?;
    let snapshot = cluster.snapshot.unwrap_or_default();
    Ok(Json(ClusterAclView {
        summary: snapshot.access.label(),
        permissions: permitted_edges(&snapshot),
        acls: snapshot.access,
    }))
}
