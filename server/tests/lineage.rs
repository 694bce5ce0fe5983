//! The lineage API over the demo estate: a real broker with groups that consume and
//! commit, the registry double with the demo schemas, the real server.

mod support;

use std::time::Duration;

use serde_json::Value;
use support::broker::Broker;
use support::eventually;
use support::registry::RegistryDouble;
use support::server::{config, TestServer};
use tributary::config::RegistryConfig;
use tributary::demo::schemas;
use tributary::demo::traffic::{create_topics, Traffic};

const SETTLED: Duration = Duration::from_secs(60);

async fn get(server: &TestServer, path: &str) -> (reqwest::StatusCode, Value) {
    let response = server.http.get(server.url(path)).send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn ids(view: &Value) -> Vec<String> {
    view["nodes"].as_array().unwrap().iter().map(|node| node["id"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lineage_walks_and_schema_impact_over_the_demo_estate() {
    let broker = Broker::start();
    create_topics(&broker.bootstrap_servers()).await.unwrap();
    let bootstrap = broker.bootstrap_servers();
    let traffic = tokio::task::spawn_blocking(move || Traffic::start(&bootstrap)).await.unwrap().unwrap();
    let registry = RegistryDouble::start().await;
    schemas::register(&registry.url).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut settings =
        config(&format!("sqlite://{}/c.db", dir.path().display()), &[("local", broker.bootstrap_servers())]);
    settings.schema_registries = vec![RegistryConfig {
        name: "main".into(),
        url: registry.url.clone(),
        clusters: vec!["local".into()],
        auth: None,
        mappings: vec![],
    }];
    let server = TestServer::start(settings).await;

    let downstream = eventually("payment-service reading shop.orders in the lineage", SETTLED, || async {
        let (_, view) = get(&server, "/api/v1/lineage?node=local/shop.orders&direction=downstream&depth=2").await;
        ids(&view).contains(&"group:local/payment-service".to_owned()).then_some(view)
    })
    .await;
    let edge = downstream["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|edge| edge["to"] == "group:local/payment-service")
        .unwrap()
        .clone();
    assert_eq!(edge["kind"], "reads");
    assert!(edge["evidence"].as_array().unwrap().iter().any(|e| e == "committed_offsets"), "{edge}");
    assert!(edge["first_seen_ms"].as_i64().unwrap() <= edge["last_seen_ms"].as_i64().unwrap());

    let (_, upstream) =
        get(&server, "/api/v1/lineage?node=group:local/payment-service&direction=upstream&depth=1").await;
    assert!(ids(&upstream).contains(&"local/shop.orders".to_owned()), "{upstream}");

    let impact = eventually("the impact of the orders schema", SETTLED, || async {
        let (_, view) = get(&server, "/api/v1/lineage/impact?subject=subject:main/shop.orders-value").await;
        ids(&view).contains(&"group:local/payment-service".to_owned()).then_some(view)
    })
    .await;
    assert!(ids(&impact).contains(&"local/shop.orders".to_owned()));
    assert!(!ids(&impact).contains(&"group:local/clickstream-analytics".to_owned()), "page views are not affected");

    for (path, status) in [
        ("/api/v1/lineage?node=local/nope", reqwest::StatusCode::NOT_FOUND),
        ("/api/v1/lineage?node=local/shop.orders&depth=1000", reqwest::StatusCode::BAD_REQUEST),
        ("/api/v1/lineage?node=nonsense", reqwest::StatusCode::BAD_REQUEST),
        ("/api/v1/lineage?node=local/shop.orders&evidence=rumour", reqwest::StatusCode::BAD_REQUEST),
        ("/api/v1/lineage?node=local/shop.orders&colour=red", reqwest::StatusCode::BAD_REQUEST),
        ("/api/v1/lineage/impact?subject=local/shop.orders", reqwest::StatusCode::BAD_REQUEST),
    ] {
        let (got, body) = get(&server, path).await;
        assert_eq!(got, status, "{path}: {body}");
        assert!(body["error"]["message"].is_string(), "{path}: {body}");
    }
    tokio::task::spawn_blocking(move || traffic.stop()).await.unwrap();
    server.stop().await.unwrap();
}
