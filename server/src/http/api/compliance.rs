//! `/api/v1/profiles` and `/api/v1/violations`: the compliance profiles in force (with
//! their scope, rules, covered topics and files that could not be read), and the
//! violations they find, open or recently resolved.

use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use model::{ComplianceOverview, Violation};

use super::extract::ApiQuery;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::default().routes(routes!(profiles)).routes(routes!(violations))
}

/// The profiles in force, each with its scope, rules, the topics it covers and how many
/// of its violations are open; the files that could not be read, with where and why;
/// open and recently resolved violations.
#[utoipa::path(
    get, path = "/profiles", tag = "compliance",
    responses(
        (status = 200, description = "The profiles and their verdicts", body = ComplianceOverview),
    )
)]
pub async fn profiles(State(state): State<AppState>) -> Result<Json<ComplianceOverview>, ApiError> {
    Ok(Json(state.services.compliance_overview().await?))
}

/// Which violations to list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ViolationFilter {
    /// `open` (the default) or `resolved` (the 50 resolved last).
    #[param(pattern = "^(open|resolved)$")]
    state: Option<String>,
    /// Only this cluster's.
    cluster: Option<String>,
    /// Only this topic's.
    topic: Option<String>,
    /// Only this profile's.
    profile: Option<String>,
}

/// Violations, newest first: each with its profile, rule, topic, target (a config, a
/// reader, a downstream topic), evidence, first and last seen, and when it resolved.
#[utoipa::path(
    get, path = "/violations", tag = "compliance",
    params(ViolationFilter),
    responses(
        (status = 200, description = "The violations, newest first", body = Vec<Violation>),
        (status = 400, description = "A parameter is malformed", body = ErrorBody),
    )
)]
pub async fn violations(
    State(state): State<AppState>,
    ApiQuery(filter): ApiQuery<ViolationFilter>,
) -> Result<Json<Vec<Violation>>, ApiError> {
    let resolved = match filter.state.as_deref() {
        None | Some("open") => false,
        Some("resolved") => true,
        Some(other) => {
            return Err(
                crate::service::ServiceError::invalid(format!("`state` is open or resolved, not `{other}`")).into()
            )
        }
    };
    let found = state
        .services
        .violations(resolved, filter.cluster.as_deref(), filter.topic.as_deref(), filter.profile.as_deref())
        .await?;
    Ok(Json(found))
}
