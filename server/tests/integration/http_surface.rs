//! What the server answers without any cluster, over a real socket: health, readiness
//! and the empty state. The HTTP semantics alone (unknown pages and API resources, the
//! error shape of server functions) are asked of the router in-process, in
//! `server/src/http/router_tests.rs`.

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
