//! ETags for the API's JSON answers: each successful GET carries a tag derived from its
//! body, and a request whose `If-None-Match` names the current tag gets `304 Not
//! Modified` with no body, so pollers and CI jobs re-download only what changed.

use std::hash::{DefaultHasher, Hasher};

use axum::body::{to_bytes, Body, HttpBody};
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;

/// Larger answers are passed through untagged rather than held in memory twice.
const MAX_TAGGED_BODY_BYTES: usize = 64 * 1024 * 1024;

pub async fn etag(request: Request, next: Next) -> Response {
    let conditional = (request.method() == Method::GET || request.method() == Method::HEAD)
        .then(|| request.headers().get(header::IF_NONE_MATCH).cloned());
    let response = next.run(request).await;
    let Some(if_none_match) = conditional else { return response };
    if response.status() != StatusCode::OK || !is_json(response.headers()) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let size = body.size_hint().upper().unwrap_or(u64::MAX);
    if size > MAX_TAGGED_BODY_BYTES as u64 {
        return Response::from_parts(parts, body);
    }
    let Ok(bytes) = to_bytes(body, MAX_TAGGED_BODY_BYTES).await else {
        return ApiError::internal("a JSON answer failed while being tagged").into_response();
    };
    let tag = tag_of(&bytes);
    let Ok(value) = HeaderValue::from_str(&tag) else { return Response::from_parts(parts, Body::from(bytes)) };
    parts.headers.insert(header::ETAG, value.clone());
    // Clients may keep the answer but must ask again before using it.
    parts.headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if if_none_match.is_some_and(|names| matches(&names, &tag)) {
        let mut not_modified = Response::new(Body::empty());
        *not_modified.status_mut() = StatusCode::NOT_MODIFIED;
        not_modified.headers_mut().insert(header::ETAG, value);
        return not_modified;
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"))
}

/// A strong tag: the same bytes give the same tag in every process of the same build,
/// so replicas behind one load balancer agree.
fn tag_of(body: &[u8]) -> String {
    let mut hasher = DefaultHasher::new();
    hasher.write(body);
    format!("\"{:016x}-{:x}\"", hasher.finish(), body.len())
}

/// Whether an `If-None-Match` value names `tag` (or is `*`); weak tags compare too.
fn matches(names: &HeaderValue, tag: &str) -> bool {
    let Ok(names) = names.to_str() else { return false };
    names.split(',').map(str::trim).any(|name| name == "*" || name.trim_start_matches("W/") == tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tag_changes_with_the_body_and_only_with_it() {
        assert_eq!(tag_of(b"{\"a\":1}"), tag_of(b"{\"a\":1}"));
        assert_ne!(tag_of(b"{\"a\":1}"), tag_of(b"{\"a\":2}"));
    }

    #[test]
    fn if_none_match_lists_weak_tags_and_wildcards() {
        let tag = tag_of(b"x");
        assert!(matches(&HeaderValue::from_str(&format!("\"other\", W/{tag}")).unwrap(), &tag));
        assert!(matches(&HeaderValue::from_static("*"), &tag));
        assert!(!matches(&HeaderValue::from_static("\"other\""), &tag));
    }
}
