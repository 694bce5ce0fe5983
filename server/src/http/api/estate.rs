//! `/api/v1/clusters/{alias}/estate`: what a cluster's code (JulieOps, kafka-gitops,
//! Terraform) declares, and where the running cluster differs from it.

use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use model::{EstateCheckReport, EstateView, PrincipalDetail};

use super::extract::{ApiJson, ApiPath};
use super::paths::{ClusterPath, PrincipalPath};
use crate::http::error::{ApiError, ErrorBody};
use crate::http::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::default().routes(routes!(cluster_estate)).routes(routes!(check_estate)).routes(routes!(principal))
}

/// Proposed desired-state files (a pull request's version of the estate's code).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EstateCheckBody {
    #[schema(min_items = 1)]
    files: Vec<ProposedFile>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposedFile {
    /// The file's name, as findings should name it.
    #[schema(min_length = 1)]
    name: String,
    /// Its text (JulieOps or kafka-gitops YAML, or Terraform's JSON).
    text: String,
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

/// Judges proposed desired-state files for the cluster before they are merged: the
/// topics and ACLs they add, remove or change (against the estate sources as read now),
/// and for every new read or write right what personal data its principal would reach
/// (the topics' own and upstream categories) and which profile rule that breaks.
/// `blocked` says it must not be merged; `errors` names files that could not be read,
/// with their line.
#[utoipa::path(
    post, path = "/clusters/{alias}/estate/check", tag = "clusters", operation_id = "check_estate",
    params(ClusterPath),
    request_body = EstateCheckBody,
    responses(
        (status = 200, description = "The check's report", body = EstateCheckReport),
        (status = 400, description = "The alias is malformed, or a file has no name, or none is given", body = ErrorBody),
        (status = 404, description = "No cluster has that alias", body = ErrorBody),
        (status = 413, description = "The body is too large, or holds too many files", body = ErrorBody),
        (status = 415, description = "The body is not JSON", body = ErrorBody),
        (status = 422, description = "The body's JSON does not have the expected shape", body = ErrorBody),
    )
)]
pub async fn check_estate(
    State(state): State<AppState>,
    ApiPath(ClusterPath { alias }): ApiPath<ClusterPath>,
    ApiJson(body): ApiJson<EstateCheckBody>,
) -> Result<Json<EstateCheckReport>, ApiError> {
    if body.files.is_empty() {
        return Err(ApiError::bad_request("`files` lists no file"));
    }
    if body.files.iter().any(|file| file.name.is_empty()) {
        return Err(ApiError::bad_request("every file needs a `name`"));
    }
    let files = body.files.into_iter().map(|file| (file.name, file.text)).collect();
    Ok(Json(state.services.check_estate(&alias, files).await?))
}

/// One principal: its ACLs (and `User:*`'s), the topics they let it read and write with
/// whether each was seen in use (unused grants), where the estate's code declares it
/// (`null` when no estate source describes the cluster), and the drift naming it.
#[utoipa::path(
    get, path = "/clusters/{alias}/principals/{principal}", tag = "clusters", operation_id = "principal",
    params(PrincipalPath),
    responses(
        (status = 200, description = "The principal", body = PrincipalDetail),
        (status = 400, description = "The alias is malformed", body = ErrorBody),
        (status = 404, description = "No cluster has that alias", body = ErrorBody),
    )
)]
pub async fn principal(
    State(state): State<AppState>,
    ApiPath(PrincipalPath { alias, principal }): ApiPath<PrincipalPath>,
) -> Result<Json<PrincipalDetail>, ApiError> {
    state.services.principal(&alias, &principal).map(Json).ok_or_else(|| ApiError::unknown_cluster(&alias))
}
