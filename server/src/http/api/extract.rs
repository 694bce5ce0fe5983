//! The API's extractors: axum's `Query`, `Path` and `Json` with their rejections derived
//! into [`ApiError`], so that a malformed request answers in the API's error shape
//! (`{"error": {"code", "message"}}`) instead of plain text.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Path, Query};
use axum::response::IntoResponse;
use axum::Json;

use crate::http::error::ApiError;

/// Query parameters; an unknown or malformed one is a 400 naming it.
#[derive(FromRequestParts)]
#[from_request(via(Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

/// Path segments; one that does not decode is a 400.
#[derive(FromRequestParts)]
#[from_request(via(Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// A JSON body; one that is not JSON, too large or of the wrong shape is a 4xx saying so.
#[derive(FromRequest)]
#[from_request(via(Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// A rejection keeps its status's kind and its message (which names what is wrong).
fn rejected(rejection: impl IntoResponse + ToString) -> ApiError {
    let message = rejection.to_string();
    ApiError::rejected(rejection.into_response().status(), message)
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        rejected(rejection)
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        rejected(rejection)
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        rejected(rejection)
    }
}
