//! Schemas from a registry into the catalog: the demo estate's datagen schemas
//! registered in the registry double over HTTP, read by the real server next to a real
//! broker, and shown over the API with field trees, tags and topic bindings.

use std::time::Duration;

use crate::support::broker::Broker;
use crate::support::eventually;
use crate::support::registry::RegistryDouble;
use crate::support::server::{config, TestServer};
use serde_json::{json, Value};
use tributary::config::{RegistryConfig, SubjectMapping};
use tributary::demo::schemas;
use tributary::demo::traffic::create_topics;

/// New subjects and versions must show within 5 s; the registry is polled every 2 s.
const SCHEMA_LAG: Duration = Duration::from_secs(5);
/// The first read also waits for the cluster's first read (topic bindings).
const FIRST_READ: Duration = Duration::from_secs(30);

async fn subjects(server: &TestServer, query: &str) -> Vec<Value> {
    let body: Value = server.get_json(&format!("/api/v1/subjects{query}")).await;
    body["items"].as_array().cloned().unwrap_or_default()
}

fn find<'a>(list: &'a [Value], subject: &str) -> Option<&'a Value> {
    list.iter().find(|line| line["subject"] == subject)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registry_subjects_reach_the_catalog_with_trees_tags_and_topics() {
    let broker = Broker::start();
    create_topics(&broker.bootstrap_servers()).await.unwrap();
    let registry = RegistryDouble::start().await;
    let registered = schemas::register(&registry.url).await.unwrap();
    assert_eq!(registered.subjects, 39, "38 valid datagen schemas and one key schema");
    assert_eq!(registered.refused.len(), 1, "{:?}", registered.refused);
    assert_eq!(registered.refused[0].0, "invalid_users_schema.avro");
    assert!(registered.refused[0].1.starts_with("Invalid schema"), "{:?}", registered.refused);

    let dir = tempfile::tempdir().unwrap();
    let mut settings =
        config(&format!("sqlite://{}/c.db", dir.path().display()), &[("local", broker.bootstrap_servers())]);
    settings.schema_registries = vec![RegistryConfig {
        name: "main".into(),
        url: registry.url.clone(),
        clusters: vec!["local".into()],
        auth: None,
        mappings: vec![SubjectMapping {
            subject: "datagen.clickstream_codes_schema-value".into(),
            topic: "web.pageviews".into(),
            role: "value".into(),
        }],
    }];
    let server = TestServer::start(settings).await;

    let listed = eventually("the subjects bound to the demo topics", FIRST_READ, || async {
        let list = subjects(&server, "?registry=main").await;
        let orders = find(&list, "shop.orders-value")?;
        (!orders["topics"].as_array()?.is_empty()).then_some(list)
    })
    .await;
    assert_eq!(listed.len(), 39);
    let orders = find(&listed, "shop.orders-value").unwrap();
    assert_eq!(orders["topics"], json!([{"topic": "shop.orders", "role": "value", "strategy": "topic_name"}]));
    assert_eq!((orders["format"].as_str(), orders["record"].as_str()), (Some("AVRO"), Some("ksql.orders")));
    assert_eq!(find(&listed, "shop.orders-key").unwrap()["topics"][0]["role"], "key");
    assert_eq!(find(&listed, "datagen.gaming_games-value").unwrap()["topics"], json!([]), "names no topic");
    assert_eq!(
        find(&listed, "datagen.clickstream_codes_schema-value").unwrap()["topics"],
        json!([{"topic": "web.pageviews", "role": "value", "strategy": "explicit"}]),
        "mapped in the configuration"
    );
    assert!(listed.iter().all(|line| line["parse_errors"] == json!([])), "every registered schema parses");
    let tagged = subjects(&server, "?tag=PII").await;
    assert_eq!(tagged.len(), 1);
    assert_eq!(tagged[0]["subject"], "shop.customers-value");

    let customers: Value = server.get_json("/api/v1/registries/main/subjects/shop.customers-value").await;
    let fields = customers["versions"][0]["parsed"]["fields"].as_array().unwrap().clone();
    let userid = fields.iter().find(|field| field["name"] == "userid").unwrap();
    assert_eq!(userid["tags"], json!(["PII"]));
    assert!(userid["options"]["arg.properties"].is_string(), "datagen's custom property kept verbatim: {userid}");

    // A new, compatible version shows within 5 s, with its event.
    let v2 = r#"{"namespace":"ksql","name":"orders","type":"record","fields":[
        {"name":"ordertime","type":"long"},{"name":"orderid","type":"int"},{"name":"itemid","type":"string"},
        {"name":"orderunits","type":"double"},
        {"name":"address","type":{"type":"record","name":"address","fields":[
           {"name":"city","type":"string"},{"name":"state","type":"string"},{"name":"zipcode","type":"long"}]}},
        {"name":"channel","type":"string","default":"web"}]}"#;
    let response = server
        .http
        .post(format!("{}/subjects/shop.orders-value/versions", registry.url))
        .json(&json!({"schema": v2}))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.text().await.unwrap());
    eventually("version 2 in the catalog", SCHEMA_LAG, || async {
        let list = subjects(&server, "?topic=shop.orders").await;
        (find(&list, "shop.orders-value")?["latest_version"] == 2).then_some(())
    })
    .await;
    // The history follows the catalog by a moment (the read is shown, then appended).
    eventually("version 2 in the history", SCHEMA_LAG, || async {
        let events: Value = server.get_json("/api/v1/events?subject=shop.orders-value").await;
        events["items"].as_array()?.iter().any(|event| event["change"]["kind"] == "schema_registered").then_some(())
    })
    .await;

    // The overview links each topic to its schemas.
    let (_, overview) = server.page("/").await;
    assert!(
        overview.contains(r#"title="shop.orders-value""#) && overview.contains("value: AVRO v2"),
        "topic → schema link"
    );

    // The subject's page: versions, the field tree with tags, the changes since v1.
    let (status, page) = server.page("/subject?source=main&name=shop.orders-value").await;
    assert!(status.is_success());
    assert!(page.contains("Changes since v1") && page.contains("+ channel: string"), "the diff is on the page");
    assert!(page.contains(r#"data-path="address.zipcode""#), "nested fields are in the tree");
    let (_, customers) = server.page("/subject?source=main&name=shop.customers-value").await;
    assert!(customers.contains(r#"text-violet-800">PII<"#), "tags show as badges");
    // Its data contract, as registered: the owner and the encryption rule on PII.
    assert!(customers.contains(r#"data-testid="data-contract""#), "the contract is shown");
    assert!(customers.contains("customer-team"), "the owner");
    assert!(customers.contains(">encrypt-pii<"), "the rule's name");
    assert!(customers.contains("TRANSFORM ENCRYPT on PII, WRITEREAD (domain rule)"), "what the rule does");
    let contract = server.get_json("/api/v1/registries/main/subjects/shop.customers-value").await;
    let latest = contract["versions"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(latest["properties"]["owner"], "customer-team", "{latest}");
    assert_eq!(latest["rules"][0]["rule_type"], "ENCRYPT", "{latest}");
    let (_, unknown) = server.page("/subject?source=main&name=nope").await;
    assert!(unknown.contains("No such subject"));

    let bad = server.http.get(server.url("/api/v1/subjects?colour=red")).send().await.unwrap();
    assert_eq!(bad.status(), reqwest::StatusCode::BAD_REQUEST);
    let missing = server.http.get(server.url("/api/v1/registries/main/subjects/nope")).send().await.unwrap();
    assert_eq!(missing.status(), reqwest::StatusCode::NOT_FOUND);
    server.stop().await.unwrap();
}

fn contract(path: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/data/contracts/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

async fn register(registry: &RegistryDouble, subject: &str, body: Value) -> Value {
    let response = reqwest::Client::new()
        .post(format!("{}/subjects/{subject}/versions", registry.url))
        .header("content-type", "application/vnd.schemaregistry.v1+json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = response.status();
    let answer: Value = response.json().await.unwrap();
    assert!(status.is_success(), "{subject}: {answer}");
    answer
}

/// Contracts as code: Protobuf with Confluent tags in every spelling, a custom option
/// naming topics and imports registered as references; JSON Schema with `$ref`s to
/// another subject, tags in both spellings and recursive definitions.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn protobuf_and_json_schema_contracts_with_references_tags_and_declared_topics() {
    let registry = RegistryDouble::start().await;
    let proto =
        |text: String, references: Value| json!({"schemaType": "PROTOBUF", "schema": text, "references": references});
    register(&registry, "contracts-options", proto(contract("contracts/options.proto"), json!([]))).await;
    register(&registry, "common-address", proto(contract("common/address.proto"), json!([]))).await;
    let references = json!([
        {"name": "contracts/options.proto", "subject": "contracts-options", "version": 1},
        {"name": "common/address.proto", "subject": "common-address", "version": 1}]);
    register(&registry, "shop.refunds-value", proto(contract("shop/refund.proto"), references)).await;
    register(&registry, "address-json", json!({"schemaType": "JSON", "schema": contract("address.json")})).await;
    let shipment = json!({"schemaType": "JSON", "schema": contract("shipment.json"),
        "references": [{"name": "address.json", "subject": "address-json", "version": 1}]});
    register(&registry, "shop.shipments-value", shipment).await;

    let dir = tempfile::tempdir().unwrap();
    let mut settings = config(&format!("sqlite://{}/c.db", dir.path().display()), &[]);
    settings.schema_registries = vec![RegistryConfig {
        name: "contracts".into(),
        url: registry.url.clone(),
        clusters: vec![],
        auth: None,
        mappings: vec![],
    }];
    let server = TestServer::start(settings).await;
    let listed = eventually("the contracts in the catalog", FIRST_READ, || async {
        let list = subjects(&server, "").await;
        (list.len() == 5).then_some(list)
    })
    .await;
    assert!(listed.iter().all(|line| line["parse_errors"] == json!([])), "{listed:#?}");

    let refunds = find(&listed, "shop.refunds-value").unwrap();
    assert_eq!((refunds["format"].as_str(), refunds["record"].as_str()), (Some("PROTOBUF"), Some("shop.v1.Refund")));
    assert_eq!(refunds["declared_topics"], json!(["shop.refunds", "shop.payments"]));
    assert_eq!(refunds["tags"], json!(["CONTRACT", "GDPR", "LOCATION", "PII"]));
    let refund = server.get_json("/api/v1/registries/contracts/subjects/shop.refunds-value").await;
    let fields = &refund["versions"][0]["parsed"]["fields"];
    assert_eq!(fields[0]["options"], json!({"(contracts.owner)": "\"payments-team\""}));
    assert_eq!(fields[1]["tags"], json!(["GDPR", "PII"]));
    assert_eq!(fields[2]["children"][1]["path"], "billing.zip", "the referenced Address is expanded");
    assert_eq!(fields[2]["children"][1]["tags"], json!(["LOCATION", "PII"]));

    let shipments = server.get_json("/api/v1/registries/contracts/subjects/shop.shipments-value").await;
    let fields = &shipments["versions"][0]["parsed"]["fields"];
    let paths: Vec<&str> = fields.as_array().unwrap().iter().map(|field| field["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["shipment_id", "destination", "recipient", "parcels", "carrier"]);
    assert_eq!(fields[1]["children"][1]["tags"], json!(["LOCATION", "PII"]), "zip tagged through the reference");
    assert_eq!(fields[2]["children"][1]["optional"], true, "phone is nullable");
    assert_eq!(fields[3]["children"][1]["recursive_type"], "Parcel");
    assert_eq!(fields[4]["options"], json!({"x-owner": "\"logistics\"", "enum": "[\"DHL\",\"UPS\"]"}));

    // A second version: the diff names what changed, and the registry judges a proposal.
    let v2 = contract("address.json").replace(
        r#""zip": {"type": "string", "confluent.tags": ["PII", "LOCATION"]}"#,
        r#""zip": {"type": "string", "confluent.tags": ["PII"]}, "country": {"type": "string"}"#,
    );
    register(&registry, "address-json", json!({"schemaType": "JSON", "schema": v2})).await;
    let changes = eventually("the diff of address-json", SCHEMA_LAG, || async {
        let response = server
            .http
            .get(server.url("/api/v1/registries/contracts/subjects/address-json/diff"))
            .send()
            .await
            .unwrap();
        let diff: Value = response.json().await.unwrap();
        (diff["to"] == 2).then_some(diff["changes"].clone())
    })
    .await;
    assert_eq!(
        changes,
        json!([{"change": "added", "path": "country", "type_label": "string"},
               {"change": "tags_changed", "path": "zip", "added": [], "removed": ["LOCATION"]}])
    );
    let verdict: Value = server
        .http
        .post(server.url("/api/v1/registries/contracts/subjects/address-json/compatibility"))
        .json(&json!({"schemaType": "JSON", "schema": "{\"type\": \"object\"}"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(verdict["checked_by"], "registry");
    assert_eq!(verdict["is_compatible"], true, "an open object reads every address: {verdict}");
    let narrowed: Value = server
        .http
        .post(server.url("/api/v1/registries/contracts/subjects/address-json/compatibility"))
        .json(&json!({"schemaType": "JSON", "schema": "{\"type\": \"string\"}"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(narrowed["is_compatible"], false, "a string cannot read an address: {narrowed}");
    assert!(!narrowed["messages"].as_array().unwrap().is_empty(), "{narrowed}");
    let malformed = server
        .http
        .post(server.url("/api/v1/registries/contracts/subjects/address-json/compatibility"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), reqwest::StatusCode::BAD_REQUEST);
    server.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_registry_is_reported_and_the_rest_keeps_working() {
    let port = crate::support::free_port();
    let dir = tempfile::tempdir().unwrap();
    let mut settings = config(&format!("sqlite://{}/c.db", dir.path().display()), &[]);
    settings.schema_registries = vec![RegistryConfig {
        name: "gone".into(),
        url: format!("http://127.0.0.1:{port}"),
        clusters: vec![],
        auth: None,
        mappings: vec![],
    }];
    let server = TestServer::start(settings).await;
    let error = eventually("the registry's error", FIRST_READ, || async {
        let registries: Value = server.get_json("/api/v1/registries").await;
        registries[0]["last_error"].as_str().map(str::to_owned)
    })
    .await;
    assert!(error.contains("cannot connect"), "{error}");
    let (status, page) = server.page("/schemas").await;
    assert!(status.is_success());
    assert!(page.contains("Unreachable") && page.contains("cannot connect"), "the page says why");
    let (status, _) = server.page("/").await;
    assert!(status.is_success(), "the rest of the app is unaffected");
    server.stop().await.unwrap();
}
