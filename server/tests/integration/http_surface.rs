//! What the server answers without any cluster: health, readiness, the empty state,
//! unknown pages and unknown API resources.

use crate::support::server::{config, TestServer};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_clusters_the_page_explains_how_to_add_one() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(config(&format!("sqlite://{}/c.db", dir.path().display()), &[])).await;

    let (status, html) = server.page("/").await;
    assert!(status.is_success());
    assert!(html.contains("No cluster configured") && html.contains("[[clusters]]"));

    let health = server.http.get(server.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    let ready: serde_json::Value = server.get_json("/readyz").await;
    assert_eq!(ready["ready"], true);
    assert_eq!(ready["store"], "ok");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_things_get_clear_404s() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(config(&format!("sqlite://{}/c.db", dir.path().display()), &[])).await;

    let response = server.http.get(server.url("/api/v1/clusters/nope")).send().await.unwrap();
    assert_eq!(response.status(), 404);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_found");
    assert!(body["error"]["message"].as_str().unwrap().contains("nope"));

    let (status, html) = server.page("/no/such/page").await;
    assert_eq!(status, 404);
    assert!(html.contains("Page not found"));
}

/// The harness never hands out one port twice: a thousand picks in a row, each closed
/// before the next as the brokers' listeners are, are all different (bare `bind(0)`
/// picks repeated a port within a few hundred here).
#[test]
fn picked_ports_never_collide() {
    let mut ports: Vec<u16> = (0..1_000).map(|_| crate::support::free_port()).collect();
    ports.sort_unstable();
    let before = ports.len();
    ports.dedup();
    assert_eq!(ports.len(), before);
}

/// A server function's error answers with the status its code calls for, in the API's
/// error shape (never a Rust enum's), and a body past the limit is refused 413.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_function_errors_have_their_status_and_the_apis_shape() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(config(&format!("sqlite://{}/c.db", dir.path().display()), &[])).await;
    let post = |body: String| {
        server
            .http
            .post(server.url("/_sfn/topic"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
    };
    let missing = post("cluster=local".into()).await.unwrap();
    assert_eq!(missing.status(), 400, "arguments that do not decode are the request's fault");
    let said: serde_json::Value = missing.json().await.unwrap();
    assert!(said["error"]["code"].is_string() && said["error"]["message"].is_string(), "{said}");
    let huge = post(format!("cluster=local&name={}", "x".repeat(1024 * 1024))).await.unwrap();
    assert_eq!(huge.status(), 413);
    let said: serde_json::Value = huge.json().await.unwrap();
    assert_eq!(said["error"]["code"], "too_large", "{said}");
    let fine = post("cluster=local&name=t".into()).await.unwrap();
    assert_eq!(fine.status(), 200, "no such topic is an answer, not an error");
    server.stop().await.unwrap();
}
