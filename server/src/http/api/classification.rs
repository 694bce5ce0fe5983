//! `/api/v1/classification/…`: stewards' decisions on what fields hold (a rule's
//! suggestion confirmed or dismissed, a category given by hand, each with a reason) and
//! their history; masking marks on applications; where personal data lives and flows
//! and who reads it.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use model::{FieldDecision, MaskingMark, PersonalDataOverview, TopicTag};

use super::extract::{ApiJson, ApiQuery};
use crate::http::access::Caller;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::AppState;
use crate::service::masking::MaskingRequest;
use crate::service::stewardship::DecisionRequest;
use crate::service::topic_tags::TopicTagRequest;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::default()
        .routes(routes!(decide, history))
        .routes(routes!(mark_masking, masking_history))
        .routes(routes!(tag_topic, topic_tag_history))
        .routes(routes!(personal_data))
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
    #[schema(min_length = 1, max_length = 2000, pattern = "\\S")]
    reason: String,
    /// Not used: a change is recorded as made by the signed-in caller's or the token's
    /// account (nobody else may change anything). Accepted, as a name, so that requests
    /// written when it named the decider still parse.
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    #[serde(default)]
    by: Option<String>,
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
    caller: Caller,
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
            by: caller.who(body.by.as_deref(), state.services.operator())?,
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

/// A steward's mark on an application that masks or removes the personal data it reads.
#[derive(Deserialize, ToSchema)]
pub struct MaskingBody {
    /// The application's node path: `group:prod/enricher`, `job:airflow/export`,
    /// `connector:connect/crm-sink`.
    #[schema(pattern = "^(group|job|connector):[^/]+/.+$")]
    node: String,
    /// `true` marks it; `false` takes an earlier mark back.
    masking: bool,
    /// Why, for the record.
    #[schema(min_length = 1, max_length = 2000, pattern = "\\S")]
    reason: String,
    /// Not used: a change is recorded as made by the signed-in caller's or the token's
    /// account (nobody else may change anything). Accepted, as a name, so that requests
    /// written when it named the decider still parse.
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    #[serde(default)]
    by: Option<String>,
}

/// Marks an application as masking what it reads (or takes the mark back): personal data
/// stops propagating through it along lineage, and profiles are evaluated again.
#[utoipa::path(
    post, path = "/classification/masking", tag = "classification",
    request_body = MaskingBody,
    responses(
        (status = 201, description = "The mark, as recorded", body = MaskingMark),
        (status = 400, description = "Not an application's node path, or a value is malformed", body = ErrorBody),
        (status = 404, description = "The lineage has no such application", body = ErrorBody),
        (status = 413, description = "The body is too large", body = ErrorBody),
        (status = 415, description = "The body is not JSON", body = ErrorBody),
        (status = 422, description = "The body's JSON does not have the expected shape", body = ErrorBody),
    )
)]
pub async fn mark_masking(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<MaskingBody>,
) -> Result<(StatusCode, Json<MaskingMark>), ApiError> {
    let recorded = state
        .services
        .mark_masking(MaskingRequest {
            node: &body.node,
            masking: body.masking,
            reason: &body.reason,
            by: caller.who(body.by.as_deref(), state.services.operator())?,
        })
        .await?;
    Ok((StatusCode::CREATED, Json(recorded)))
}

/// Every masking mark, oldest first: who marked which application, and why.
#[utoipa::path(
    get, path = "/classification/masking", tag = "classification",
    responses((status = 200, description = "The marks, oldest first", body = Vec<MaskingMark>))
)]
pub async fn masking_history(State(state): State<AppState>) -> Json<Vec<MaskingMark>> {
    Json(state.services.masking_history())
}

/// Where personal data lives (each topic with its fields, their protection and what
/// reaches it from upstream), the masking marks in force, and the readers matrix: each
/// group, principal and connector with, per category, the topics it reads that hold it
/// directly and those it reaches from upstream.
#[utoipa::path(
    get, path = "/classification/personal-data", tag = "classification",
    responses((status = 200, description = "The inventory and the readers matrix", body = PersonalDataOverview))
)]
pub async fn personal_data(State(state): State<AppState>) -> Json<PersonalDataOverview> {
    Json(state.services.personal_data().await)
}

/// A steward's tag on a whole topic.
#[derive(Deserialize, ToSchema)]
pub struct TopicTagBody {
    #[schema(min_length = 1)]
    cluster: String,
    #[schema(min_length = 1)]
    topic: String,
    /// `PII`, `PCI`, `PHI`, `CREDENTIALS`, or a category of your own.
    #[schema(pattern = "^\\s*[A-Za-z0-9_.-]{1,40}\\s*$")]
    category: String,
    /// `true` tags it; `false` takes an earlier tag back.
    tagged: bool,
    /// Why, for the record.
    #[schema(min_length = 1, max_length = 2000, pattern = "\\S")]
    reason: String,
    /// Not used: a change is recorded as made by the signed-in caller's or the token's
    /// account (nobody else may change anything). Accepted, as a name, so that requests
    /// written when it named the decider still parse.
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    #[serde(default)]
    by: Option<String>,
}

/// Tags a whole topic as holding a category (or takes the tag back), for a topic whose
/// schema does not say: it then holds the category for profiles, propagation and the
/// Personal data page.
#[utoipa::path(
    post, path = "/classification/topic-tags", tag = "classification",
    request_body = TopicTagBody,
    responses(
        (status = 201, description = "The tag, as recorded", body = TopicTag),
        (status = 400, description = "A value is malformed (category, reason, who)", body = ErrorBody),
        (status = 404, description = "No such cluster or topic", body = ErrorBody),
        (status = 413, description = "The body is too large", body = ErrorBody),
        (status = 415, description = "The body is not JSON", body = ErrorBody),
        (status = 422, description = "The body's JSON does not have the expected shape", body = ErrorBody),
    )
)]
pub async fn tag_topic(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<TopicTagBody>,
) -> Result<(StatusCode, Json<TopicTag>), ApiError> {
    let recorded = state
        .services
        .tag_topic(TopicTagRequest {
            cluster: &body.cluster,
            topic: &body.topic,
            category: &body.category,
            tagged: body.tagged,
            reason: &body.reason,
            by: caller.who(body.by.as_deref(), state.services.operator())?,
        })
        .await?;
    Ok((StatusCode::CREATED, Json(recorded)))
}

/// Every topic tag, oldest first: who tagged which topic, and why.
#[utoipa::path(
    get, path = "/classification/topic-tags", tag = "classification",
    responses((status = 200, description = "The tags, oldest first", body = Vec<TopicTag>))
)]
pub async fn topic_tag_history(State(state): State<AppState>) -> Json<Vec<TopicTag>> {
    Json(state.services.topic_tag_history())
}
