//! `POST /api/v1/erasure`: where one person's data would have to be erased, as a
//! content-hashed JSON document or a PDF, entered in the audit log. A POST with the key
//! in the body, so that the key (personal data itself) stays out of URLs and logs.

use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use model::ErasureRecord;

use super::extract::ApiJson;
use crate::http::access::Caller;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::default().routes(routes!(erasure))
}

/// Whose data, under which profile's entity definition, written how.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ErasureBody {
    /// The profile whose `[entity]` says what identifies a person, and whose topics are
    /// searched.
    #[schema(min_length = 1)]
    profile: String,
    /// The person's id, as their records' keys or fields carry it.
    #[schema(min_length = 1, max_length = 1024)]
    key: String,
    /// `json` (the default) or `pdf`.
    #[schema(pattern = "^(json|pdf)$")]
    format: Option<String>,
}

/// The erasure record for one person: each topic the profile covers that holds personal
/// data, how the person is found there (record key, field, or not), what erasing takes
/// (a tombstone, waiting for retention with its date, deleting records, the state store,
/// the system a sink writes to, a search by hand) and, where Tributary may read the
/// cluster's records, what they show (a tombstone, records remaining, none). Nothing is
/// written to any cluster.
#[utoipa::path(
    post, path = "/erasure", tag = "compliance", operation_id = "erasure",
    request_body = ErasureBody,
    responses(
        (status = 200, description = "The erasure record, its content hash last", content(
            (ErasureRecord = "application/json"),
            (Vec<u8> = "application/pdf"),
        )),
        (status = 400, description = "The format is neither json nor pdf", body = ErrorBody),
        (status = 404, description = "No profile in force has that name, or it defines no [entity]", body = ErrorBody),
        (status = 413, description = "The body is too large", body = ErrorBody),
        (status = 415, description = "The body is not JSON", body = ErrorBody),
        (status = 422, description = "The body's JSON does not have the expected shape", body = ErrorBody),
    )
)]
pub async fn erasure(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiJson(body): ApiJson<ErasureBody>,
) -> Result<Response, ApiError> {
    let pdf = match body.format.as_deref().unwrap_or("json") {
        "json" => false,
        "pdf" => true,
        other => return Err(ApiError::bad_request(format!("`format` is json or pdf, not `{other}`"))),
    };
    let asked_by = caller.actor().unwrap_or(state.services.operator()).to_owned();
    let (record, json) = state.services.erasure_record(&body.profile, &body.key, &asked_by, caller.described()).await?;
    if !pdf {
        return Ok(([(header::CONTENT_TYPE, "application/json")], json).into_response());
    }
    let written = tokio::task::spawn_blocking(move || tributary_core::report::pdf::render_erasure(&record))
        .await
        .map_err(|error| ApiError::internal(format!("the PDF writer stopped: {error}")))?
        .map_err(ApiError::internal)?;
    let disposition = "attachment; filename=\"erasure-record.pdf\"".to_owned();
    Ok((
        [(header::CONTENT_TYPE, "application/pdf".to_owned()), (header::CONTENT_DISPOSITION, disposition)],
        Body::from(written),
    )
        .into_response())
}
