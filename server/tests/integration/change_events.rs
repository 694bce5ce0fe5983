//! Changes on a real broker become catalog events: in the history API and, live, on the
//! server-sent event stream.

use std::time::Duration;

use crate::support::broker::Broker;
use crate::support::eventually;
use crate::support::server::{config, TestServer};
use futures_util::StreamExt;
use model::{CatalogEvent, Change};
use tributary::demo::traffic::{create_topics, Traffic};

/// With a 1 s poll, the time a change may take to reach the catalog (and the stream).
const CATALOG_LAG: Duration = Duration::from_secs(30);

async fn history(server: &TestServer, query: &str) -> Vec<CatalogEvent> {
    let page: serde_json::Value = server.get_json(&format!("/api/v1/events{query}")).await;
    serde_json::from_value(page["items"].clone()).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_topic_is_streamed_live_and_kept_in_the_history() {
    let broker = Broker::start();
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(config(
        &format!("sqlite://{}/c.db", dir.path().display()),
        &[("local", broker.bootstrap_servers())],
    ))
    .await;

    let response = server.http.get(server.url("/api/v1/events/stream")).send().await.unwrap();
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let mut stream = response.bytes_stream();

    create_topics(&broker.bootstrap_servers()).await.unwrap();

    let mut received = String::new();
    let streamed = tokio::time::timeout(CATALOG_LAG, async {
        while let Some(chunk) = stream.next().await {
            received.push_str(&String::from_utf8_lossy(&chunk.unwrap()));
            if received.contains("event: changes") && received.contains("\"topic\":\"shop.orders\"") {
                return;
            }
        }
    })
    .await;
    assert!(streamed.is_ok(), "the stream announced shop.orders; got {received:?}");
    assert!(received.contains("\"kind\":\"topic_created\""));

    let events = history(&server, "?subject=shop.orders").await;
    assert!(
        events.iter().any(|e| e.cluster == "local"
            && matches!(&e.change, Change::TopicCreated { topic, partitions: 6 } if topic == "shop.orders")),
        "{events:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_that_starts_consuming_is_recorded_with_the_topics_it_reads() {
    let broker = Broker::start();
    create_topics(&broker.bootstrap_servers()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(config(
        &format!("sqlite://{}/c.db", dir.path().display()),
        &[("local", broker.bootstrap_servers())],
    ))
    .await;

    let bootstrap = broker.bootstrap_servers();
    let traffic = tokio::task::spawn_blocking(move || Traffic::start(&bootstrap)).await.unwrap().unwrap();
    let events = eventually("shipping-service to be seen reading shop.payments", CATALOG_LAG, || async {
        let events = history(&server, "?subject=shipping-service").await;
        events
            .iter()
            .any(|e| matches!(&e.change, Change::GroupStartedReading { topic, .. } if topic == "shop.payments"))
            .then_some(events)
    })
    .await;
    assert!(events.iter().any(|e| matches!(e.change, Change::GroupAppeared { .. })), "{events:?}");
    assert!(events.windows(2).all(|pair| pair[0].id < pair[1].id), "oldest first");
    // Paged as every list of the API is: `items`, and `next_cursor` passed as `cursor`.
    let first: serde_json::Value = server.get_json("/api/v1/events?subject=shipping-service&limit=1").await;
    let cursor = first["next_cursor"].as_str().expect("a cursor to the next page").to_owned();
    let second: serde_json::Value =
        server.get_json(&format!("/api/v1/events?subject=shipping-service&limit=1&cursor={cursor}")).await;
    assert_eq!(first["items"][0]["id"], events[0].id);
    assert_eq!(second["items"][0]["id"], events[1].id, "{second}");
    tokio::task::spawn_blocking(move || traffic.stop()).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_history_queries_get_a_clear_400() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(config(&format!("sqlite://{}/c.db", dir.path().display()), &[])).await;
    for query in ["?limit=0", "?limit=100000", "?after=-5", "?after=yesterday", "?cursor=zz", "?cursor=2d35"] {
        let response = server.http.get(server.url(&format!("/api/v1/events{query}"))).send().await.unwrap();
        assert_eq!(response.status(), 400, "{query}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "bad_request", "{query}");
    }
    let empty = history(&server, "?limit=5").await;
    assert!(empty.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_open_event_stream_does_not_hold_up_shutdown() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(config(&format!("sqlite://{}/c.db", dir.path().display()), &[])).await;
    let response = server.http.get(server.url("/api/v1/events/stream")).send().await.unwrap();
    let stopped = tokio::time::timeout(Duration::from_secs(10), server.stop()).await;
    assert!(matches!(stopped, Ok(Ok(()))), "the server stopped within 10 s with a stream open");
    drop(response);
}
