//! `/api/v1/clusters/{alias}/estate`: what a cluster's code (JulieOps, kafka-gitops,
//! Terraform) declares, and where the running cluster differs from it.

use axum::extract::State;
use axum::Json;
use utoipa_axum::{router::OpenApiRouter, routes};

use model::EstateView;

use super::extract::ApiPath;
use super::paths::ClusterPath;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::default().routes(routes!(cluster_estate))
}

/// The cluster's estate sources as last read (files, formats, files that could not be
/// used with their line), and its drift: topics missing and undeclared, partitions,
/// replication and configs that differ, ACLs missing and undeclared, readers with no
/// declared service and read grants never seen in use, each with what the code says,
/// what the cluster says, where in the code, and since when; and what could not be
/// judged, with why.
#[utoipa::path(
    get, path = "/clusters/{alias}/estate", tag = "clusters", operation_id = "estate",
    params(ClusterPath),
    responses(
        (status = 200, description = "The estate and its drift", body = EstateView),
        (status = 400, description = "The alias is malformed", body = ErrorBody),
        (status = 404, description = "No cluster has that alias", body = ErrorBody),
    )
)]
pub async fn cluster_estate(
    State(state): State<AppState>,
    ApiPath(ClusterPath { alias }): ApiPath<ClusterPath>,
) -> Result<Json<EstateView>, ApiError> {
    Ok(Json(state.services.estate_view(&alias)?))
}
