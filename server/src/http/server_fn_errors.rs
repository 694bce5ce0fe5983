//! The pages' server functions (`/_sfn/…`) answer with the statuses their errors call
//! for, in one place. Leptos answers every server-function error 500; their body is
//! [`AppError`] in the API's error shape, whose code gives the status here. A request
//! body past [`MAX_SERVER_FN_BODY`] is refused 413 before the function reads it (a
//! function given a cut body would only fail to decode it).

use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use app::error::AppError;

/// Where the server functions are served (their `prefix`).
pub const SERVER_FN_PREFIX: &str = "/_sfn/";
/// The largest body a server function accepts: forms and small JSON arguments.
pub const MAX_SERVER_FN_BODY: usize = 256 * 1024;
/// A body past the limit but within this is read to its end before the 413 goes out,
/// so that the client, still sending, gets the answer rather than a broken connection;
/// a larger one is answered at once.
const MAX_DRAINED_BODY: usize = 4 * 1024 * 1024;
/// The largest error body read back to find its code.
const MAX_ERROR_BODY: usize = 64 * 1024;
/// The header Leptos marks a server function's error answer with.
const SERVER_FN_ERROR_HEADER: &str = "serverfnerror";

/// The status for a server function's error.
pub fn status_of(error: &AppError) -> StatusCode {
    match error {
        AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
        AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
        AppError::CatalogUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        // Arguments that did not decode: the request's fault.
        AppError::Transport(_) => StatusCode::BAD_REQUEST,
    }
}

/// The middleware: bounds the body, then gives an error answer its status.
pub async fn server_fn_statuses(request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with(SERVER_FN_PREFIX) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let too_large = || {
        let error = AppError::TooLarge(format!("a request here is at most {MAX_SERVER_FN_BODY} bytes"));
        answer(&error)
    };
    let declared = parts.headers.get(header::CONTENT_LENGTH).and_then(|length| length.to_str().ok()?.parse().ok());
    if declared.is_some_and(|length: usize| length > MAX_DRAINED_BODY) {
        return too_large();
    }
    let bytes = match to_bytes(body, MAX_DRAINED_BODY).await {
        Ok(bytes) if bytes.len() <= MAX_SERVER_FN_BODY => bytes,
        _ => return too_large(),
    };
    let response = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    // Only Leptos' error answer (a form posted without JavaScript is sent back to its
    // page with a redirect instead, which stays as it is).
    if !response.headers().contains_key(SERVER_FN_ERROR_HEADER)
        || response.status() != StatusCode::INTERNAL_SERVER_ERROR
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        return answer(&AppError::Transport("the answer could not be read".into()));
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = status_of(&error);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// `error` as a server function's answer.
fn answer(error: &AppError) -> Response {
    let body = serde_json::to_vec(error).unwrap_or_default();
    let mut response = (status_of(error), body).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}
