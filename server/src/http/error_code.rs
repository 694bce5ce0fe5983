//! The API's error codes: one enum, each code with its HTTP status, and its place in the
//! OpenAPI document (the `code` of every error answer lists them). A new failure mode is
//! a variant here, not a string somewhere.

use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

/// Stable and machine-readable; the HTTP status always agrees with it:
/// `bad_request` 400, `unauthorized` 401 (sign in or send a token), `forbidden` 403,
/// `not_found` 404, `method_not_allowed` 405, `conflict` 409, `payload_too_large` 413,
/// `unsupported_media_type` 415, `unprocessable` 422, `rate_limited` 429 (with
/// `Retry-After`), `internal` 500, `registry_unavailable` 502, `too_slow` 503 (the answer
/// could not be made in time).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    Conflict,
    PayloadTooLarge,
    UnsupportedMediaType,
    Unprocessable,
    RateLimited,
    Internal,
    RegistryUnavailable,
    TooSlow,
}

impl ErrorCode {
    /// Every code, in the order of their statuses.
    pub const ALL: [ErrorCode; 13] = [
        ErrorCode::BadRequest,
        ErrorCode::Unauthorized,
        ErrorCode::Forbidden,
        ErrorCode::NotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::Conflict,
        ErrorCode::PayloadTooLarge,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::Unprocessable,
        ErrorCode::RateLimited,
        ErrorCode::Internal,
        ErrorCode::RegistryUnavailable,
        ErrorCode::TooSlow,
    ];

    /// The status every answer with this code carries.
    pub const fn status(self) -> StatusCode {
        match self {
            ErrorCode::BadRequest => StatusCode::BAD_REQUEST,
            ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorCode::Forbidden => StatusCode::FORBIDDEN,
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::Conflict => StatusCode::CONFLICT,
            ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::Unprocessable => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::RegistryUnavailable => StatusCode::BAD_GATEWAY,
            ErrorCode::TooSlow => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// The code an extractor's rejection with `status` gets: anything else a rejection
    /// may carry is a client mistake too.
    pub fn of_rejection(status: StatusCode) -> ErrorCode {
        match status {
            StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
            StatusCode::UNPROCESSABLE_ENTITY => ErrorCode::Unprocessable,
            status if status.is_server_error() => ErrorCode::Internal,
            _ => ErrorCode::BadRequest,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_written_as_its_snake_case_name_and_has_its_own_status() {
        let mut statuses = std::collections::BTreeSet::new();
        for code in ErrorCode::ALL {
            let written = serde_json::to_value(code).unwrap();
            let name = written.as_str().unwrap();
            assert!(name.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{name}");
            assert!(code.status().is_client_error() || code.status().is_server_error(), "{name}");
            assert!(statuses.insert(code.status().as_u16()), "{name} shares its status");
        }
        assert_eq!(serde_json::to_value(ErrorCode::RateLimited).unwrap(), "rate_limited");
        assert_eq!(ErrorCode::TooSlow.status(), StatusCode::SERVICE_UNAVAILABLE);
    }

    #[test]
    fn rejections_keep_their_kind_and_are_client_mistakes_otherwise() {
        assert_eq!(ErrorCode::of_rejection(StatusCode::PAYLOAD_TOO_LARGE), ErrorCode::PayloadTooLarge);
        assert_eq!(ErrorCode::of_rejection(StatusCode::METHOD_NOT_ALLOWED), ErrorCode::BadRequest);
        assert_eq!(ErrorCode::of_rejection(StatusCode::BAD_GATEWAY), ErrorCode::Internal);
    }
}
