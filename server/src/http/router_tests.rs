//! The HTTP surface's semantics, asked of the whole router in-process with
//! `tower::ServiceExt::oneshot` (as axum's `examples/testing` does): statuses, the error
//! shape and its codes, headers. The services behind it are real (an SQLite store in a
//! temporary directory, empty catalogs); tests that need sockets, a broker or a browser
//! are in `server/tests/integration/` and `end2end/`.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::connect_info::ConnectInfo;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use serde_json::Value;
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

use super::error_code::ErrorCode;
use super::security::AllowedHosts;
use super::state::AppState;
use crate::config::ServerConfig;
use crate::service::Services;
use crate::store::Store;
use tributary_core::catalog::{ClusterCatalog, RegistryCatalog};

const LISTENING: &str = "127.0.0.1:3000";

/// The router over real services on an empty estate, and the directory its store is in.
async fn router() -> (Router, tempfile::TempDir) {
    let directory = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", directory.path().join("store.db").display());
    let store = Store::open(&url).await.unwrap();
    let clusters = Arc::new(ClusterCatalog::new(&[], Default::default(), 1_000));
    let registries = Arc::new(RegistryCatalog::new(&[], &[]));
    let services = Services::restore(clusters, registries, store, &[]).await.unwrap();
    let address: SocketAddr = LISTENING.parse().unwrap();
    let state = AppState {
        leptos_options: crate::serve::leptos_options(&ServerConfig::default(), address),
        services,
        allowed_hosts: Arc::new(AllowedHosts::new(&[], address)),
        stopping: CancellationToken::new(),
        limits: Default::default(),
        served_over_tls: false,
    };
    (super::router(state), directory)
}

/// `method path` with `body` of `content_type`, from a loopback peer: the status, the
/// headers and the body's text.
async fn send(
    router: &Router,
    method: Method,
    path: &str,
    content_type: &str,
    body: String,
) -> (StatusCode, header::HeaderMap, String) {
    let mut request = Request::builder().method(method).uri(path).header(header::HOST, LISTENING);
    if !body.is_empty() {
        request = request.header(header::CONTENT_TYPE, content_type);
    }
    let mut request = request.body(Body::from(body)).unwrap();
    let peer: SocketAddr = "127.0.0.1:50000".parse().unwrap();
    request.extensions_mut().insert(ConnectInfo(peer));
    let response = router.clone().oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 24).await.unwrap();
    (parts.status, parts.headers, String::from_utf8_lossy(&bytes).into_owned())
}

/// `method path` with a JSON `body` (none when empty); the answer as JSON.
async fn ask(router: &Router, method: Method, path: &str, body: &str) -> (StatusCode, header::HeaderMap, Value) {
    let (status, headers, text) = send(router, method, path, "application/json", body.to_owned()).await;
    (status, headers, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// The error answer's code, after checking that its status is the code's own.
fn code_of(status: StatusCode, body: &Value) -> String {
    let code = body["error"]["code"].as_str().unwrap_or_else(|| panic!("no error shape in {body}")).to_owned();
    let known = ErrorCode::ALL
        .into_iter()
        .find(|candidate| serde_json::to_value(candidate).unwrap() == code.as_str())
        .unwrap_or_else(|| panic!("`{code}` is not an ErrorCode"));
    assert_eq!(known.status(), status, "`{code}` answered with {status}");
    assert!(body["error"]["message"].as_str().is_some_and(|message| !message.is_empty()));
    code
}

#[tokio::test]
async fn unknown_resources_and_methods_answer_in_the_error_shape() {
    let (router, _store) = router().await;
    let (status, headers, body) = ask(&router, Method::GET, "/api/v1/no-such-thing", "").await;
    assert_eq!((status, code_of(status, &body).as_str()), (StatusCode::NOT_FOUND, "not_found"));
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"));
    assert_eq!(headers["x-content-type-options"], "nosniff");

    // A read of a route that only takes writes (a write would be asked to sign in first).
    let (status, _, body) = ask(&router, Method::GET, "/api/v1/check", "").await;
    assert_eq!((status, code_of(status, &body).as_str()), (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"));

    let (status, _, body) = ask(&router, Method::DELETE, "/api/v1/clusters", "").await;
    assert_eq!((status, code_of(status, &body).as_str()), (StatusCode::UNAUTHORIZED, "unauthorized"));

    let (status, _, body) = ask(&router, Method::GET, "/api/v1/clusters/nope", "").await;
    assert_eq!((status, code_of(status, &body).as_str()), (StatusCode::NOT_FOUND, "not_found"));
    assert!(body["error"]["message"].as_str().unwrap().contains("nope"));

    let (status, _, html) = send(&router, Method::GET, "/no/such/page", "", String::new()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("Page not found"));
}

/// A server function's error answers with the status its code calls for, in the API's
/// error shape (never a Rust enum's), and a body past the limit is refused 413.
#[tokio::test]
async fn server_function_errors_have_their_status_and_the_apis_shape() {
    let (router, _store) = router().await;
    let post = |body: String| send(&router, Method::POST, "/_sfn/topic", "application/x-www-form-urlencoded", body);
    let (status, _, text) = post("cluster=local".into()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "arguments that do not decode are the request's fault");
    let said: Value = serde_json::from_str(&text).unwrap();
    assert!(said["error"]["code"].is_string() && said["error"]["message"].is_string(), "{said}");
    let (status, _, text) = post(format!("cluster=local&name={}", "x".repeat(1024 * 1024))).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let said: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(said["error"]["code"], "too_large", "{said}");
    let (status, _, _) = post("cluster=local&name=t".into()).await;
    assert_eq!(status, StatusCode::OK, "no such topic is an answer, not an error");
}

#[tokio::test]
async fn malformed_queries_and_bodies_are_client_errors_naming_what_is_wrong() {
    let (router, _store) = router().await;
    let (status, _, body) = ask(&router, Method::GET, "/api/v1/topics?limit=many", "").await;
    assert_eq!((status, code_of(status, &body).as_str()), (StatusCode::BAD_REQUEST, "bad_request"));
    assert!(body["error"]["message"].as_str().unwrap().contains("limit"), "{body}");

    let (status, _, body) = ask(&router, Method::POST, "/api/v1/check", "{not json").await;
    let code = code_of(status, &body);
    assert!(["bad_request", "unauthorized", "forbidden"].contains(&code.as_str()), "{code}");
}

#[tokio::test]
async fn the_openapi_document_lists_every_error_code() {
    let (router, _store) = router().await;
    let (status, _, document) = ask(&router, Method::GET, "/api/v1/openapi.json", "").await;
    assert_eq!(status, StatusCode::OK);
    let listed: Vec<&str> = document["components"]["schemas"]["ErrorCode"]["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("no ErrorCode schema"))
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for code in ErrorCode::ALL {
        let name = serde_json::to_value(code).unwrap();
        assert!(listed.contains(&name.as_str().unwrap()), "{name} missing from {listed:?}");
    }
    let detail = &document["components"]["schemas"]["ErrorDetail"]["properties"]["code"];
    assert_eq!(detail["$ref"], "#/components/schemas/ErrorCode", "{detail}");
}
