//! Kafka Connect as a source, against a real distributed Connect worker beside a real
//! Apache Kafka broker: a source connector writing a topic and a sink connector reading
//! it become connector nodes with pages, search hits and lineage edges (evidence: the
//! topics Connect's REST API lists for each); the sink's `connect-<name>` group joins
//! its connector; a secret in a connector's configuration never reaches a page or an
//! API answer; an unreachable Connect cluster says so and keeps nothing else from working.

use std::time::{Duration, Instant};

use crate::support::java_apps::{ConnectWorker, DISCARD_SINK, TICK_SOURCE};
use crate::support::kafka::{kafka_libs, ApacheKafka};
use crate::support::server::{config, TestServer};
use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::ClientConfig;
use serde_json::json;
use tributary::config::ConnectClusterConfig;

/// A secret a connector is configured with; it must never leave Tributary.
const SECRET: &str = "hunter2-connect-secret";
/// A connector name with markup in it (Connect refuses `/` in names: its REST paths
/// could not address them).
const HOSTILE_SINK: &str = "archive <img src=x onerror=alert(1)> \"q\" & 'a'";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connectors_are_read_shown_joined_and_their_secrets_kept_out() {
    let Some(libs) = kafka_libs() else { return };
    let kafka = ApacheKafka::start(libs.clone());
    let admin: AdminClient<DefaultClientContext> =
        ClientConfig::new().set("bootstrap.servers", kafka.plaintext()).create().unwrap();
    for result in admin
        .create_topics(&[NewTopic::new("ticks", 1, TopicReplication::Fixed(1))], &AdminOptions::new())
        .await
        .unwrap()
    {
        result.expect("topic created");
    }
    let started = Instant::now();
    let worker = tokio::task::spawn_blocking({
        let (libs, bootstrap) = (libs.clone(), kafka.plaintext());
        move || ConnectWorker::start(&libs, &bootstrap)
    })
    .await
    .unwrap();
    worker
        .create(
            "ticks-source",
            json!({"connector.class": TICK_SOURCE, "topic": "ticks", "tasks.max": "1", "connection.password": SECRET,
            "note": "<img src=y onerror=alert(2)>"}),
        )
        .await;
    worker.create(HOSTILE_SINK, json!({"connector.class": DISCARD_SINK, "topics": "ticks", "tasks.max": "1"})).await;
    println!("Connect worker start to two running connectors: {} ms", started.elapsed().as_millis());

    let dir = tempfile::tempdir().unwrap();
    let mut settings = config(&format!("sqlite://{}/c.db", dir.path().display()), &[("real", kafka.plaintext())]);
    settings.connect_clusters = vec![
        ConnectClusterConfig {
            name: "connect".into(),
            url: worker.url.clone(),
            clusters: vec!["real".into()],
            auth: None,
        },
        // Nobody listens here: the cluster shows as failing, nothing else does.
        ConnectClusterConfig {
            name: "gone".into(),
            url: format!("http://user:{SECRET}@127.0.0.1:{}", crate::support::free_port()),
            clusters: vec![],
            auth: None,
        },
    ];
    let server = TestServer::start(settings).await;

    // Both connectors, with what Connect says about them.
    let clusters = crate::support::eventually("both connectors with their topics", Duration::from_secs(60), || async {
        let clusters = server.get_json("/api/v1/connect").await;
        let connect = clusters.as_array()?.iter().find(|cluster| cluster["name"] == "connect")?.clone();
        let connectors = connect["snapshot"]["connectors"].as_array()?;
        let with_topics = connectors.iter().filter(|connector| connector["topics"] == json!(["ticks"])).count();
        (with_topics == 2).then_some(clusters)
    })
    .await;
    let connect = clusters.as_array().unwrap().iter().find(|cluster| cluster["name"] == "connect").unwrap();
    let source =
        &connect["snapshot"]["connectors"].as_array().unwrap().iter().find(|c| c["name"] == "ticks-source").unwrap();
    assert_eq!(source["kind"], "source");
    assert_eq!(source["class"], TICK_SOURCE);
    assert_eq!(source["state"], "RUNNING");
    assert_eq!(source["tasks"][0]["state"], "RUNNING");
    assert!(source["worker_id"].as_str().unwrap().contains("127.0.0.1"), "{source}");
    let password = source["config"].as_array().unwrap().iter().find(|entry| entry["key"] == "connection.password");
    assert_eq!(password.unwrap()["value"], serde_json::Value::Null, "the secret is not kept");
    let gone = clusters.as_array().unwrap().iter().find(|cluster| cluster["name"] == "gone").unwrap();
    assert!(gone["status"]["last_error"].as_str().is_some_and(|error| error.contains("cannot reach")), "{gone}");
    assert!(gone["url"].as_str().unwrap().contains("user:***@"), "{gone}");

    // The lineage: the source writes the topic, the sink reads it.
    let topic = server.get_json("/api/v1/clusters/real/topics/ticks").await;
    let writers = topic["writers"].as_array().unwrap();
    assert!(
        writers.iter().any(|writer| writer["node"] == "connector:connect/ticks-source"
            && writer["evidence"] == json!(["connect_rest"])),
        "{writers:?}"
    );
    let downstream =
        server.get_json("/api/v1/lineage?node=real/ticks&direction=downstream&depth=1&kinds=connector").await;
    let nodes: Vec<&str> =
        downstream["nodes"].as_array().unwrap().iter().filter_map(|node| node["id"].as_str()).collect();
    assert!(nodes.contains(&format!("connector:connect/{HOSTILE_SINK}").as_str()), "{nodes:?}");

    // Pages: the connector's, its sink group's link back, search; names as text.
    let encoded: String = HOSTILE_SINK.bytes().map(|byte| format!("%{byte:02X}")).collect();
    let (status, page) = server.page(&format!("/connector?connect=connect&name={encoded}")).await;
    assert_eq!(status, reqwest::StatusCode::OK);
    assert!(page.contains("archive &lt;img src=x onerror=alert(1)&gt;"), "the name is shown as text");
    assert!(!page.contains("<img src=x"), "the name went out as markup");
    assert!(page.contains("connect-archive"), "the sink's group is named");
    let group = crate::support::eventually("the sink's group", Duration::from_secs(30), || async {
        let group = server
            .get_json(&format!(
                "/api/v1/clusters/real/groups/{}",
                format!("connect-{HOSTILE_SINK}").bytes().map(|b| format!("%{b:02X}")).collect::<String>()
            ))
            .await;
        group["connector_href"].as_str().map(str::to_owned)
    })
    .await;
    assert_eq!(group, format!("/connector?connect=connect&name={}", model::links::encode(HOSTILE_SINK)));
    let hits = server.get_json("/api/v1/search?q=ticks-sou&kinds=connector").await;
    assert_eq!(hits["hits"][0]["href"], "/connector?connect=connect&name=ticks-source", "{hits}");

    // A setting's value, as Connect reports it, is text on the connector's page.
    let (_, page) = server.page("/connector?connect=connect&name=ticks-source").await;
    assert!(page.contains("&lt;img src=y onerror=alert(2)&gt;"), "the setting is shown as text");
    assert!(!page.contains("<img src=y"), "a setting went out as markup");

    // The secret is nowhere: not in the API, not on the pages.
    for path in [
        "/api/v1/connect".to_owned(),
        "/api/v1/connect/connect/connectors/ticks-source".to_owned(),
        "/connector?connect=connect&name=ticks-source".to_owned(),
        "/topic?cluster=real&name=ticks".to_owned(),
        "/search?q=ticks".to_owned(),
    ] {
        let (_, body) = server.page(&path).await;
        assert!(!body.contains(SECRET), "{path} shows the secret");
    }
    server.stop().await.unwrap();
}
