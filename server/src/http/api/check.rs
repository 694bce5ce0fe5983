//! `POST /api/v1/check`: what `tributary check` asks a running Tributary about a
//! proposed schema: its compatibility verdict, what it reaches downstream, and the
//! profile rules it would break.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use model::{CheckReport, SchemaFormat};

use super::extract::ApiJson;
use super::subjects::ProposedReference;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::AppState;
use crate::service::compatibility::Proposal;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::default().routes(routes!(check))
}

/// A proposed schema for a subject of a schema source.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CheckBody {
    /// The schema registry or directory, by its configured name.
    #[schema(min_length = 1)]
    source: String,
    #[schema(min_length = 1)]
    subject: String,
    /// The schema text.
    schema: String,
    /// `AVRO` (when absent), `PROTOBUF` or `JSON`.
    #[schema(pattern = "^(AVRO|PROTOBUF|JSON)$")]
    schema_type: Option<String>,
    /// References to other subjects' schemas, as the registry takes them.
    #[serde(default)]
    references: Vec<ProposedReference>,
}

/// The registration body a registry takes.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Registration<'a> {
    schema: &'a str,
    schema_type: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    references: &'a [ProposedReference],
}

/// Checks a proposed schema before it ships: compatible with the subject's latest
/// schema (the registry's verdict, or Tributary's own for a directory or a new subject),
/// the topics and readers downstream, and the compliance profile rules it would break.
/// `blocked` says whether it must not ship; `unchecked` why it could not be checked
/// (the schema does not parse).
#[utoipa::path(
    post, path = "/check", tag = "schemas",
    request_body = CheckBody,
    responses(
        (status = 200, description = "The check's report", body = CheckReport),
        (status = 400, description = "A value is malformed (`schemaType`)", body = ErrorBody),
        (status = 404, description = "No such schema source, or it was not read yet", body = ErrorBody),
        (status = 413, description = "The body is too large", body = ErrorBody),
        (status = 415, description = "The body is not JSON", body = ErrorBody),
        (status = 422, description = "The body's JSON does not have the expected shape, or the registry refused it", body = ErrorBody),
        (status = 502, description = "The registry could not be asked", body = ErrorBody),
    )
)]
pub async fn check(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<CheckBody>,
) -> Result<Json<CheckReport>, ApiError> {
    let Some(format) = SchemaFormat::from_schema_type(body.schema_type.as_deref()) else {
        let given = body.schema_type.as_deref().unwrap_or_default();
        return Err(ApiError::bad_request(format!("`schemaType` is AVRO, PROTOBUF or JSON, not `{given}`")));
    };
    let registration =
        Registration { schema: &body.schema, schema_type: format.schema_type(), references: &body.references };
    let registration = serde_json::to_value(&registration).map_err(|error| ApiError::bad_request(error.to_string()))?;
    let proposal = Proposal { format, schema: &body.schema, body: registration };
    Ok(Json(state.services.check_schema(&body.source, &body.subject, proposal).await?))
}
