//! `/api/v1/classification/decisions`: stewards' decisions on what fields hold (a rule's
//! suggestion confirmed or dismissed, a category given by hand, each with a reason), and
//! their history.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use app::model::FieldDecision;

use super::extract::{ApiJson, ApiQuery};
use crate::http::error::{ApiError, ErrorBody};
use crate::http::AppState;
use crate::service::stewardship::DecisionRequest;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::default().routes(routes!(decide, history))
}

/// A steward's decision on one field of a subject's latest schema.
#[derive(Deserialize, ToSchema)]
pub struct DecisionBody {
    /// The schema source (registry or directory) and subject holding the field.
    #[schema(min_length = 1)]
    source: String,
    #[schema(min_length = 1)]
    subject: String,
    /// The field's dotted path in the latest version: `customer.email`.
    #[schema(min_length = 1)]
    path: String,
    /// `PII`, `PCI`, `PHI`, `CREDENTIALS`, or a category of your own.
    #[schema(pattern = "^[A-Za-z0-9_.-]{1,40}$")]
    category: String,
    /// `confirm` a suggestion, `dismiss` it, or `tag` the field by hand.
    #[schema(pattern = "^(confirm|dismiss|tag)$")]
    decision: String,
    /// Why, for the record.
    #[schema(min_length = 1, max_length = 2000)]
    reason: String,
    /// Who decides (until sign-in exists, the caller says).
    #[schema(min_length = 1, max_length = 200)]
    by: String,
}

/// Records a decision: kept with its history event, shown on the topic's page and in its
/// `classified_fields`. A dismissal holds for new versions of the same field.
#[utoipa::path(
    post, path = "/classification/decisions", tag = "classification",
    request_body = DecisionBody,
    responses(
        (status = 201, description = "The decision, as recorded", body = FieldDecision),
        (status = 400, description = "A value is malformed (decision, category, reason, who)", body = ErrorBody),
        (status = 404, description = "No such source, subject or field", body = ErrorBody),
        (status = 413, description = "The body is too large", body = ErrorBody),
        (status = 415, description = "The body is not JSON", body = ErrorBody),
        (status = 422, description = "The body's JSON does not have the expected shape", body = ErrorBody),
    )
)]
pub async fn decide(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<DecisionBody>,
) -> Result<(StatusCode, Json<FieldDecision>), ApiError> {
    let recorded = state
        .services
        .decide_field(DecisionRequest {
            source: &body.source,
            subject: &body.subject,
            path: &body.path,
            category: &body.category,
            decision: &body.decision,
            reason: &body.reason,
            by: &body.by,
        })
        .await?;
    Ok((StatusCode::CREATED, Json(recorded)))
}

/// Which decisions to list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DecisionFilter {
    /// Only this schema source's.
    source: Option<String>,
    /// Only this subject's.
    subject: Option<String>,
}

/// Every decision, oldest first: the history of who decided what about which field, and
/// why.
#[utoipa::path(
    get, path = "/classification/decisions", tag = "classification",
    params(DecisionFilter),
    responses(
        (status = 200, description = "The decisions, oldest first", body = Vec<FieldDecision>),
        (status = 400, description = "A parameter is malformed", body = ErrorBody),
    )
)]
pub async fn history(
    State(state): State<AppState>,
    ApiQuery(filter): ApiQuery<DecisionFilter>,
) -> Json<Vec<FieldDecision>> {
    Json(state.services.decisions(filter.source.as_deref(), filter.subject.as_deref()))
}
