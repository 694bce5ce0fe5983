//! The API's extractors: axum's `Query`, `Path` and `Json`, whose rejections answer in
//! the API's error shape (`{"error": {"code", "message"}}`) instead of plain text.

use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use axum::response::IntoResponse;
use axum::Json;
use serde::de::DeserializeOwned;

use crate::http::error::ApiError;

/// Query parameters; an unknown or malformed one is a 400 naming it.
pub struct ApiQuery<T>(pub T);

/// Path segments; one that does not decode is a 400.
pub struct ApiPath<T>(pub T);

/// A JSON body; one that is not JSON, too large or of the wrong shape is a 4xx saying so.
pub struct ApiJson<T>(pub T);

fn rejected(rejection: impl IntoResponse + ToString) -> ApiError {
    let message = rejection.to_string();
    ApiError::rejected(rejection.into_response().status(), message)
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Query::<T>::from_request_parts(parts, state).await.map(|Query(value)| Self(value)).map_err(rejected)
    }
}

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Path::<T>::from_request_parts(parts, state).await.map(|Path(value)| Self(value)).map_err(rejected)
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        Json::<T>::from_request(request, state).await.map(|Json(value)| Self(value)).map_err(rejected)
    }
}
