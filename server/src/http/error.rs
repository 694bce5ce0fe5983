//! The API's one error shape, and the one place domain and crate errors become HTTP
//! statuses (internal detail is logged, never sent).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

/// An API failure: an HTTP status, a stable machine-readable code and a message for
/// people.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

/// Every error the API answers with.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable and machine-readable: `bad_request`, `unauthorized` (sign in or send a
    /// token), `forbidden`, `not_found`, `conflict`, `rate_limited` (with `Retry-After`),
    /// `unprocessable`,
    /// `payload_too_large`, `unsupported_media_type`, `method_not_allowed`,
    /// `registry_unavailable`, `too_slow` (the answer could not be made in time),
    /// `internal`.
    pub code: String,
    /// What went wrong, for people.
    pub message: String,
}

impl ApiError {
    pub fn not_found(message: impl Into<String>) -> Self {
        Self { status: StatusCode::NOT_FOUND, code: "not_found", message: message.into() }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self { status: StatusCode::BAD_REQUEST, code: "bad_request", message: message.into() }
    }

    pub fn unprocessable(message: impl Into<String>) -> Self {
        Self { status: StatusCode::UNPROCESSABLE_ENTITY, code: "unprocessable", message: message.into() }
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self { status: StatusCode::UNAUTHORIZED, code: "unauthorized", message: message.into() }
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self { status: StatusCode::FORBIDDEN, code: "forbidden", message: message.into() }
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self { status: StatusCode::CONFLICT, code: "conflict", message: message.into() }
    }

    pub fn too_many(message: impl Into<String>) -> Self {
        Self { status: StatusCode::TOO_MANY_REQUESTS, code: "rate_limited", message: message.into() }
    }

    /// The answer could not be made within its time limit; the message says what to ask
    /// for instead.
    pub fn too_slow(message: impl Into<String>) -> Self {
        Self { status: StatusCode::SERVICE_UNAVAILABLE, code: "too_slow", message: message.into() }
    }

    pub fn method_not_allowed() -> Self {
        Self {
            status: StatusCode::METHOD_NOT_ALLOWED,
            code: "method_not_allowed",
            message: "this resource does not answer that method; /api/v1/openapi.json lists what it does".into(),
        }
    }

    /// An extractor's rejection (a body too large, not JSON, a path or query that does
    /// not parse), keeping its status and message but in the API's error shape.
    pub fn rejected(status: StatusCode, message: String) -> Self {
        let code = match status {
            StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
            StatusCode::UNPROCESSABLE_ENTITY => "unprocessable",
            status if status.is_server_error() => return Self::internal(message),
            _ => "bad_request",
        };
        // Anything else a rejection may carry is a client mistake too.
        let status = if code == "bad_request" { StatusCode::BAD_REQUEST } else { status };
        Self { status, code, message }
    }

    /// Logs `error` and answers with a message that reveals nothing internal.
    pub fn internal(error: impl std::fmt::Display) -> Self {
        tracing::error!(%error, "request failed");
        Self {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "internal",
            message: "internal error; the server log has the details".into(),
        }
    }
}

/// Errors from the crate: an upstream registry that fails is a bad gateway (its message
/// names the registry and says what went wrong); anything else is internal.
impl From<crate::error::Error> for ApiError {
    fn from(error: crate::error::Error) -> Self {
        match error {
            crate::error::Error::Registry { .. } => {
                tracing::warn!(%error, "registry request failed");
                Self { status: StatusCode::BAD_GATEWAY, code: "registry_unavailable", message: error.to_string() }
            }
            crate::error::Error::RegistryRefused { status: 404, .. } => Self::not_found(error.to_string()),
            crate::error::Error::RegistryRefused { .. } => Self::unprocessable(error.to_string()),
            other => Self::internal(other),
        }
    }
}

/// A use case's failure: its own words for a missing thing, a malformed request or a
/// request too large; a system failure as [`crate::error::Error`] maps above.
impl From<crate::service::ServiceError> for ApiError {
    fn from(error: crate::service::ServiceError) -> Self {
        use crate::service::ServiceError;
        match error {
            ServiceError::NotFound(message) => Self::not_found(message),
            ServiceError::Invalid(message) => Self::bad_request(message),
            ServiceError::TooLarge(message) => Self::unprocessable(message),
            ServiceError::NotSignedIn(message) => Self::unauthorized(message),
            ServiceError::Forbidden(message) => Self::forbidden(message),
            ServiceError::Conflict(message) => Self::conflict(message),
            ServiceError::Failed(error) => Self::from(error),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody { error: ErrorDetail { code: self.code.to_owned(), message: self.message } };
        (self.status, Json(body)).into_response()
    }
}
