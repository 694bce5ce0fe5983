//! The API's one error shape, and the one place domain and crate errors become error
//! codes and so HTTP statuses (internal detail is logged by [`log_failures`], never sent).

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

pub use super::error_code::ErrorCode;

/// An API failure: a code (which fixes the HTTP status) and a message for people. An
/// internal failure keeps its detail for the log, never for the answer.
#[derive(Debug)]
pub struct ApiError {
    code: ErrorCode,
    message: String,
    /// What the log should say of a failure the answer keeps quiet about.
    logged: Option<Logged>,
}

/// A failure's detail for the log, carried on the response for [`log_failures`].
#[derive(Clone, Debug)]
pub struct Logged {
    pub warning: bool,
    pub detail: String,
}

/// Every error the API answers with.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    pub code: ErrorCode,
    /// What went wrong, for people.
    pub message: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), logged: None }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, message)
    }

    /// No configured cluster has `alias` (the words every route uses for it).
    pub fn unknown_cluster(alias: &str) -> Self {
        Self::not_found(format!("no cluster is configured with the alias `{alias}`"))
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::BadRequest, message)
    }

    pub fn unprocessable(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Unprocessable, message)
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Unauthorized, message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Forbidden, message)
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Conflict, message)
    }

    pub fn too_many(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::RateLimited, message)
    }

    /// The answer could not be made within its time limit; the message says what to ask
    /// for instead.
    pub fn too_slow(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::TooSlow, message)
    }

    pub fn method_not_allowed() -> Self {
        Self::new(
            ErrorCode::MethodNotAllowed,
            "this resource does not answer that method; /api/v1/openapi.json lists what it does",
        )
    }

    /// An extractor's rejection (a body too large, not JSON, a path or query that does
    /// not parse), keeping its kind and message but in the API's error shape.
    pub fn rejected(status: StatusCode, message: String) -> Self {
        match ErrorCode::of_rejection(status) {
            ErrorCode::Internal => Self::internal(message),
            code => Self::new(code, message),
        }
    }

    /// Answers with a message that reveals nothing internal; `error` goes to the log.
    pub fn internal(error: impl std::fmt::Display) -> Self {
        Self {
            code: ErrorCode::Internal,
            message: "internal error; the server log has the details".into(),
            logged: Some(Logged { warning: false, detail: error.to_string() }),
        }
    }

    pub fn code(&self) -> ErrorCode {
        self.code
    }
}

/// Errors from the crate: an upstream registry that fails is a bad gateway (its message
/// names the registry and says what went wrong); anything else is internal.
impl From<crate::error::Error> for ApiError {
    fn from(error: crate::error::Error) -> Self {
        match error {
            crate::error::Error::Registry { .. } => Self {
                code: ErrorCode::RegistryUnavailable,
                message: error.to_string(),
                logged: Some(Logged { warning: true, detail: error.to_string() }),
            },
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
        let body = ErrorBody { error: ErrorDetail { code: self.code, message: self.message } };
        let mut response = (self.code.status(), Json(body)).into_response();
        if let Some(logged) = self.logged {
            response.extensions_mut().insert(logged);
        }
        response
    }
}

/// Logs the failures answers keep quiet about, with the request they answered: one
/// place for every route, instead of inside each conversion.
pub async fn log_failures(request: Request, next: Next) -> Response {
    let (method, path) = (request.method().clone(), request.uri().path().to_owned());
    let response = next.run(request).await;
    if let Some(logged) = response.extensions().get::<Logged>() {
        let status = response.status().as_u16();
        if logged.warning {
            tracing::warn!(%method, %path, status, error = %logged.detail, "request failed upstream");
        } else {
            tracing::error!(%method, %path, status, error = %logged.detail, "request failed");
        }
    }
    response
}
