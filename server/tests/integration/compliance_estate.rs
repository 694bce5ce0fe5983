//! Personal data through real applications on a real Apache Kafka estate: a Kafka
//! Streams application (exactly-once) joins orders with customers, whose schema holds an
//! e-mail address and free-text notes, into an output topic with no schema of its own;
//! a Kafka Connect sink archives that output. Nothing is declared: every edge is
//! observed (committed offsets, transactions, Connect's REST API). The output (and the
//! application's changelog) hold the customers' personal data from upstream; the sink
//! reads it downstream and breaks a profile that lets no connector read personal data;
//! a steward marks the Streams application as masking, and the sink's violation resolves.
//! Until then the customers' data outlives its topic in the application's state store
//! (a compacted changelog) and leaves Kafka through the sink, which breaks a
//! `max_persistence_days` rule; once nothing copies it, the rule names the compacted
//! customers alone. An erasure
//! request for one customer lists each of those places with its action, and shows the
//! tombstone once it is produced.

use std::time::{Duration, Instant};

use crate::support::eventually;
use crate::support::java_apps::{start_streams_app, ConnectWorker, DISCARD_SINK, STREAMS_APPLICATION_ID};
use crate::support::kafka::{kafka_libs, ApacheKafka};
use crate::support::registry::RegistryDouble;
use crate::support::server::{config, TestServer};
use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use rdkafka::ClientConfig;
use serde_json::{json, Value};
use tributary::config::{ConnectClusterConfig, RegistryConfig};

/// JVM applications need a while to start, join their groups, commit and be read.
const APPLICATIONS_WAIT: Duration = Duration::from_secs(180);

const CUSTOMER_SCHEMA: &str = r#"{"type": "record", "name": "Customer", "fields": [
    {"name": "customer_id", "type": "string"},
    {"name": "email", "type": "string"},
    {"name": "notes", "type": "string", "doc": "free text from the support desk"}]}"#;

const ORDER_SCHEMA: &str = r#"{"type": "record", "name": "Order", "fields": [
    {"name": "order_id", "type": "string"}, {"name": "amount_cents", "type": "long"}]}"#;

const PROFILE: &str = r#"description = "No connector exports personal data; gone from Kafka within 30 days"
[scope]
categories = ["PII"]
[rules]
allowed_connectors = []
max_persistence_days = 30
[entity]
name = "customer"
key_topics = ['^customers$', '^orders\.enriched$']
"#;

fn produce(kafka: &ApacheKafka, topic: &str, records: &[(&str, &str)]) {
    let producer: BaseProducer = ClientConfig::new().set("bootstrap.servers", kafka.plaintext()).create().unwrap();
    for (key, value) in records {
        producer.send(BaseRecord::to(topic).key(*key).payload(*value)).unwrap();
    }
    producer.flush(Duration::from_secs(10)).unwrap();
}

fn topic_of<'a>(personal: &'a Value, name: &str) -> Option<&'a Value> {
    personal["topics"].as_array()?.iter().find(|topic| topic["topic"] == name)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn personal_data_flows_through_real_applications_until_one_is_marked_masking() {
    let Some(libs) = kafka_libs() else { return };
    let kafka = ApacheKafka::start(libs.clone());
    let admin: AdminClient<DefaultClientContext> =
        ClientConfig::new().set("bootstrap.servers", kafka.plaintext()).create().unwrap();
    // The customers are a table, compacted by customer id, as such topics are.
    let topics: Vec<NewTopic> = ["orders", "customers", "orders.enriched"]
        .iter()
        .map(|name| NewTopic::new(name, 2, TopicReplication::Fixed(1)))
        .map(|topic| if topic.name == "customers" { topic.set("cleanup.policy", "compact") } else { topic })
        .collect();
    for result in admin.create_topics(&topics, &AdminOptions::new()).await.unwrap() {
        result.expect("topic created");
    }
    let registry = RegistryDouble::start().await;
    registry.register("customers-value", CUSTOMER_SCHEMA).await;
    registry.register("orders-value", ORDER_SCHEMA).await;
    produce(&kafka, "customers", &[("c1", "Ada"), ("c2", "Grace")]);
    produce(&kafka, "orders", &[("c1", "book"), ("c2", "lamp")]);

    let started = Instant::now();
    let _streams = start_streams_app(&libs, &kafka.plaintext(), "orders", "customers", "orders.enriched");
    let worker = tokio::task::spawn_blocking({
        let (libs, bootstrap) = (libs.clone(), kafka.plaintext());
        move || ConnectWorker::start(&libs, &bootstrap)
    })
    .await
    .unwrap();
    worker
        .create(
            "orders-archive",
            json!({"connector.class": DISCARD_SINK, "topics": "orders.enriched", "tasks.max": "1"}),
        )
        .await;

    let profiles = tempfile::tempdir().unwrap();
    std::fs::write(profiles.path().join("no-export.toml"), PROFILE).unwrap();
    let store = tempfile::tempdir().unwrap();
    let mut settings = config(&format!("sqlite://{}/c.db", store.path().display()), &[("real", kafka.plaintext())]);
    settings.schema_registries = vec![RegistryConfig {
        name: "main".into(),
        url: registry.url.clone(),
        clusters: vec!["real".into()],
        auth: None,
        mappings: vec![],
    }];
    settings.connect_clusters = vec![ConnectClusterConfig {
        name: "connect".into(),
        url: worker.url.clone(),
        clusters: vec!["real".into()],
        auth: None,
    }];
    settings.compliance.profiles_dir = Some(profiles.path().to_owned());
    settings.ingest.read_records = vec!["real".into()];
    let server = TestServer::start(settings).await;
    // Changes are made signed in, with an API token.
    let steward = server.writer("grace");

    // The output holds the customers' personal data from upstream, through the Streams
    // application; the sink reads it there, and breaks the profile.
    let deadline = Instant::now() + APPLICATIONS_WAIT;
    let violation = loop {
        let open = server.get_json("/api/v1/violations?topic=orders.enriched").await;
        let found = open.as_array().and_then(|open| {
            open.iter().find(|v| v["rule"] == "allowed_connectors" && v["target"] == "orders-archive").cloned()
        });
        if let Some(found) = found {
            break found;
        }
        if Instant::now() > deadline {
            // What the catalog saw, and what the Streams application said, to tell why.
            let personal = server.get_json("/api/v1/classification/personal-data").await;
            let writers = server.get_json("/api/v1/clusters/real/topics/orders.enriched").await;
            let log = std::fs::read_to_string(_streams.dir.path().join("streams.log")).unwrap_or_default();
            let tail: String =
                log.lines().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join("\n");
            panic!(
                "timed out after {APPLICATIONS_WAIT:?} waiting for the sink's violation\nopen: {open}\n\
                 personal data: {personal}\norders.enriched: {}\nStreams log:\n{tail}",
                writers["writers"]
            );
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    println!("applications started to the sink's violation: {} ms", started.elapsed().as_millis());
    assert_eq!(violation["evidence"], "connector orders-archive reads it and is not allowed to");
    let personal = server.get_json("/api/v1/classification/personal-data").await;
    let through = format!("group:real/{STREAMS_APPLICATION_ID}");
    let enriched = topic_of(&personal, "orders.enriched").expect("the output holds personal data");
    let mark = &enriched["upstream"][0];
    assert_eq!((mark["origin_topic"].as_str(), mark["through"].as_str()), (Some("customers"), Some(through.as_str())));
    let fields: Vec<&str> = mark["fields"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert_eq!(fields, ["customers-value#email", "customers-value#notes"], "{mark}");
    let changelog = personal["topics"].as_array().unwrap().iter().find(|t| {
        t["topic"].as_str().is_some_and(|name| name.starts_with(STREAMS_APPLICATION_ID) && name.ends_with("-changelog"))
    });
    assert!(changelog.is_some(), "the application's changelog holds the customers too: {personal}");
    let sink = personal["readers"].as_array().unwrap().iter().find(|r| r["name"] == "orders-archive").unwrap();
    assert_eq!(sink["kind"], "connector");
    assert_eq!(sink["cells"][0]["downstream"], json!(["orders.enriched"]), "{sink}");
    assert!(topic_of(&personal, "orders").is_none(), "orders hold no personal data: {personal}");
    // Copied downstream, the customers' data outlives its topic: the application's
    // state store keeps it until deleted by key, and the sink takes it out of Kafka.
    let lifespan = &topic_of(&personal, "customers").unwrap()["lifespan"];
    assert_eq!(lifespan["longest_in_kafka_ms"], Value::Null, "{lifespan}");
    let places: Vec<(&str, &str)> = lifespan["places"]
        .as_array()
        .unwrap()
        .iter()
        .map(|place| (place["kind"].as_str().unwrap(), place["name"].as_str().unwrap()))
        .collect();
    assert!(places.contains(&("origin", "customers")) && places.contains(&("topic", "orders.enriched")), "{places:?}");
    assert!(places.iter().any(|(kind, name)| *kind == "state_store" && name.ends_with("-changelog")), "{places:?}");
    let sink = lifespan["places"].as_array().unwrap().iter().find(|place| place["kind"] == "sink").unwrap();
    assert_eq!(sink["name"], "orders-archive");
    assert!(sink["said"].as_str().unwrap().starts_with("leaves Kafka for "), "{sink}");
    let persistence = server.get_json("/api/v1/violations?topic=customers").await;
    let kept = persistence.as_array().unwrap().iter().find(|v| v["rule"] == "max_persistence_days");
    let evidence = kept.map(|v| v["evidence"].as_str().unwrap_or_default()).unwrap_or_default();
    assert!(evidence.contains("without bound in Kafka") && evidence.contains("state store"), "{persistence}");
    let flows = &personal["flows"];
    let edges: Vec<(&str, &str)> = flows["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|edge| (edge["from"].as_str().unwrap(), edge["to"].as_str().unwrap()))
        .collect();
    assert!(edges.contains(&("real/customers", through.as_str())), "{flows}");
    assert!(edges.contains(&(through.as_str(), "real/orders.enriched")), "{flows}");
    let written = flows["edges"].as_array().unwrap().iter().find(|edge| edge["to"] == "real/orders.enriched").unwrap();
    assert_eq!(written["evidence"], json!(["transaction"]), "observed, not declared: {written}");

    erasure_of_one_customer(&server, &steward, &kafka).await;

    // The application is marked as masking: the output holds none of it any more, and
    // the sink's violation resolves.
    let body = json!({"node": through, "masking": true, "reason": "joins only the customer's id", "by": "grace"});
    let marked = steward.post(server.url("/api/v1/classification/masking")).json(&body).send().await.unwrap();
    assert_eq!(marked.status(), reqwest::StatusCode::CREATED);
    let marked_at = Instant::now();
    eventually("the sink's violation to resolve", Duration::from_secs(20), || async {
        let open = server.get_json("/api/v1/violations?topic=orders.enriched").await;
        open.as_array()?.is_empty().then_some(())
    })
    .await;
    println!("masking mark to resolution: {} ms", marked_at.elapsed().as_millis());
    let personal = server.get_json("/api/v1/classification/personal-data").await;
    assert!(topic_of(&personal, "orders.enriched").is_none(), "{personal}");
    // Nothing is copied any more: the customers' data stays only in its own topic, which
    // is compacted (kept until deleted by key), and the persistence rule now names it.
    let lifespan = &topic_of(&personal, "customers").unwrap()["lifespan"];
    let places: Vec<&str> =
        lifespan["places"].as_array().unwrap().iter().map(|place| place["name"].as_str().unwrap()).collect();
    assert_eq!(places, ["customers"], "{lifespan}");
    eventually("the persistence violation to name the customers alone", Duration::from_secs(20), || async {
        let open = server.get_json("/api/v1/violations?topic=customers").await;
        let kept = open.as_array()?.iter().find(|v| v["rule"] == "max_persistence_days")?.clone();
        kept["evidence"]
            .as_str()?
            .starts_with("its personal data can stay without bound in Kafka: customers")
            .then_some(())
    })
    .await;
    let stopped = &topic_of(&personal, "customers").unwrap()["stopped"];
    assert!(stopped.as_array().unwrap().iter().any(|stop| stop["into_topic"] == "orders.enriched"), "{stopped}");
}

/// An erasure request for customer c1 lists each place with its action: the compacted
/// customers need a tombstone (and c1's record is read there), the output clears by a
/// date (c1's joined order read there too), the application's state store forgets c1
/// through its input, and the sink's system is named. After a tombstone is produced,
/// the evidence shows it. The audit log names the key by its hash only.
async fn erasure_of_one_customer(server: &TestServer, steward: &reqwest::Client, kafka: &ApacheKafka) {
    let erase = || async {
        let body = json!({"profile": "no-export", "key": "c1"});
        let response = steward.post(server.url("/api/v1/erasure")).json(&body).send().await.unwrap();
        assert_eq!(response.status(), reqwest::StatusCode::OK);
        response.json::<Value>().await.unwrap()
    };
    let record = erase().await;
    let step = |record: &Value, name: &str| -> Value {
        let steps = record["steps"].as_array().unwrap();
        steps
            .iter()
            .find(|step| {
                step["name"].as_str().is_some_and(|n| n == name || (name == "changelog" && n.ends_with("-changelog")))
            })
            .cloned()
            .unwrap_or_else(|| panic!("no step for {name}: {record}"))
    };
    let customers = step(&record, "customers");
    assert_eq!(
        (customers["action"].as_str(), customers["identified_by"].as_str()),
        (Some("tombstone"), Some("record key"))
    );
    assert_eq!(customers["evidence"]["found"], "remains", "{customers}");
    let output = step(&record, "orders.enriched");
    assert_eq!(output["action"], "waits_for_retention", "{output}");
    assert!(output["clears_by_ms"].as_i64().is_some(), "{output}");
    assert_eq!(output["evidence"]["found"], "remains", "c1's joined order is there: {output}");
    assert_eq!(step(&record, "changelog")["action"], "state_store");
    let sink = step(&record, "orders-archive");
    assert_eq!(sink["action"], "outside_kafka");
    assert!(sink["said"].as_str().unwrap().contains("left Kafka for"), "{sink}");
    assert_eq!(record["content_hash"].as_str().map(str::len), Some(64));

    // The customer's tombstone, produced by the topic's owners (Tributary writes nothing).
    let producer: BaseProducer = ClientConfig::new().set("bootstrap.servers", kafka.plaintext()).create().unwrap();
    producer.send(BaseRecord::<str, [u8]>::to("customers").key("c1")).unwrap();
    producer.flush(Duration::from_secs(10)).unwrap();
    let after = erase().await;
    let evidence = &step(&after, "customers")["evidence"];
    assert_eq!(evidence["found"], "tombstone", "{evidence}");
    assert!(evidence["offset"].as_i64().is_some() && evidence["timestamp_ms"].as_i64().is_some(), "{evidence}");

    let pdf = steward
        .post(server.url("/api/v1/erasure"))
        .json(&json!({"profile": "no-export", "key": "c1", "format": "pdf"}))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF-"));
    let audit: Value =
        steward.get(server.url("/api/v1/audit?action=erasure_recorded")).send().await.unwrap().json().await.unwrap();
    assert_eq!(audit["total"], 3, "every record is in the audit log: {audit}");
    assert!(!audit.to_string().contains("\"c1\""), "the key itself stays out of the audit log: {audit}");
    let unknown = steward
        .post(server.url("/api/v1/erasure"))
        .json(&json!({"profile": "nobody", "key": "c1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), reqwest::StatusCode::NOT_FOUND);
}
