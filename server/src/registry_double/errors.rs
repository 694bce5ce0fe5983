//! Errors in the shape and with the codes of Confluent's registry:
//! `{"error_code": 40401, "message": "Subject 'x' not found."}` with the HTTP status that
//! the code's first three digits name.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::CONTENT_TYPE;

#[derive(Debug, Serialize)]
pub struct RegistryError {
    pub error_code: u32,
    pub message: String,
}

impl RegistryError {
    fn new(error_code: u32, message: String) -> Self {
        RegistryError { error_code, message }
    }

    pub fn subject_not_found(subject: &str) -> Self {
        Self::new(40401, format!("Subject '{subject}' not found."))
    }

    pub fn version_not_found(version: &str) -> Self {
        Self::new(40402, format!("Version {version} not found."))
    }

    pub fn schema_not_found(id: &str) -> Self {
        Self::new(40403, format!("Schema {id} not found"))
    }

    pub fn subject_soft_deleted(subject: &str) -> Self {
        Self::new(40404, format!("Subject '{subject}' was soft deleted.Set permanent=true to delete permanently"))
    }

    pub fn not_soft_deleted(subject: &str) -> Self {
        Self::new(40405, format!("Subject '{subject}' was not deleted first before being permanently deleted"))
    }

    pub fn version_not_soft_deleted(subject: &str, version: i32) -> Self {
        Self::new(
            40407,
            format!("Subject '{subject}' Version {version} was not deleted first before being permanently deleted"),
        )
    }

    pub fn compatibility_not_configured(subject: &str) -> Self {
        Self::new(40408, format!("Subject '{subject}' does not have subject-level compatibility configured"))
    }

    pub fn invalid_schema(detail: &str) -> Self {
        Self::new(42201, format!("Invalid schema: {detail}"))
    }

    pub fn invalid_version(version: &str) -> Self {
        Self::new(
            42202,
            format!("The specified version '{version}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\""),
        )
    }

    pub fn invalid_compatibility(level: &str) -> Self {
        Self::new(42203, format!("Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive; got {level}"))
    }

    pub fn incompatible(subject: &str, reasons: &[String]) -> Self {
        Self::new(
            409,
            format!("Schema being registered is incompatible with an earlier schema for subject \"{subject}\", details: [{}]", reasons.join(", ")),
        )
    }

    pub fn unprocessable(message: String) -> Self {
        Self::new(422, message)
    }

    fn status(&self) -> StatusCode {
        let http = if self.error_code >= 10_000 { self.error_code / 100 } else { self.error_code };
        u16::try_from(http)
            .ok()
            .and_then(|code| StatusCode::from_u16(code).ok())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl IntoResponse for RegistryError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = serde_json::to_vec(&self).unwrap_or_default();
        (status, [(axum::http::header::CONTENT_TYPE, CONTENT_TYPE)], body).into_response()
    }
}
