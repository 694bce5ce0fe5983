//! Registry credentials: basic and bearer authentication reach the registry, and a
//! refusal says to check the credentials. Against a small HTTP endpoint that checks the
//! `Authorization` header as a secured registry would.

use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use axum::Router;
use tributary::config::{RegistryAuth, RegistryConfig};
use tributary::ingest::registry::client::RegistryClient;

/// `Basic base64("tributary:s3cret")`.
const BASIC: &str = "Basic dHJpYnV0YXJ5OnMzY3JldA==";
const BEARER: &str = "Bearer token-42";

async fn secured(expected: &'static str) -> String {
    let app = Router::new().route(
        "/subjects",
        get(move |headers: HeaderMap| async move {
            match headers.get("authorization").and_then(|value| value.to_str().ok()) {
                Some(given) if given == expected => (StatusCode::OK, "[\"orders-value\"]"),
                _ => (StatusCode::UNAUTHORIZED, "Unauthorized"),
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

fn client(url: &str, auth: Option<RegistryAuth>) -> RegistryClient {
    let config = RegistryConfig { name: "secured".into(), url: url.into(), clusters: vec![], auth, mappings: vec![] };
    RegistryClient::new(&config, Duration::from_secs(5)).unwrap()
}

#[tokio::test]
async fn basic_and_bearer_credentials_are_sent_and_a_refusal_is_explained() {
    let basic = secured(BASIC).await;
    let credentials = RegistryAuth::Basic { username: "tributary".into(), password: "s3cret".into() };
    assert_eq!(client(&basic, Some(credentials)).subjects(false).await.unwrap(), ["orders-value"]);
    let error = client(&basic, None).subjects(false).await.unwrap_err().to_string();
    assert!(error.contains("secured") && error.contains("check the registry credentials"), "{error}");

    let bearer = secured(BEARER).await;
    let token = RegistryAuth::Bearer { token: "token-42".into() };
    assert_eq!(client(&bearer, Some(token)).subjects(false).await.unwrap(), ["orders-value"]);
    let wrong = RegistryAuth::Bearer { token: "stale".into() };
    assert!(client(&bearer, Some(wrong)).subjects(false).await.is_err());
}

#[tokio::test]
async fn an_unreachable_registry_is_named_in_the_error() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let error = client(&format!("http://127.0.0.1:{port}"), None).subjects(false).await.unwrap_err().to_string();
    assert!(error.contains("schema registry `secured`") && error.contains("cannot connect"), "{error}");
}
