//! The registry double answers as Confluent's Schema Registry does: paths, JSON shapes,
//! shared ids, error codes and the content type. Over real HTTP.

use crate::support::registry::RegistryDouble;
use reqwest::StatusCode;
use serde_json::{json, Value};

const MEDIA_TYPE: &str = "application/vnd.schemaregistry.v1+json";

async fn call(method: reqwest::Method, url: String, body: Option<Value>) -> (StatusCode, Value) {
    let mut request = reqwest::Client::new().request(method, url).header("content-type", MEDIA_TYPE);
    if let Some(body) = body {
        request = request.body(body.to_string());
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    assert_eq!(response.headers()["content-type"], MEDIA_TYPE);
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

#[tokio::test]
async fn registration_lookup_ids_and_errors_follow_confluent() {
    let registry = RegistryDouble::start().await;
    let url = |path: &str| format!("{}{path}", registry.url);
    use reqwest::Method;
    let order = json!({"schema": r#"{"type":"record","name":"Order","fields":[{"name":"id","type":"string"}]}"#});

    let (status, body) = call(Method::POST, url("/subjects/orders-value/versions"), Some(order.clone())).await;
    assert_eq!((status, body.clone()), (StatusCode::OK, json!({"id": 1})));
    let (_, again) = call(Method::POST, url("/subjects/archive-value/versions"), Some(order.clone())).await;
    assert_eq!(again, json!({"id": 1}), "one id for one schema across subjects");

    let (_, version) = call(Method::GET, url("/subjects/orders-value/versions/latest"), None).await;
    assert_eq!(version["subject"], "orders-value");
    assert_eq!(version["version"], 1);
    assert_eq!(version["id"], 1);
    assert!(version.get("schemaType").is_none(), "AVRO is the default and omitted: {version}");
    let (_, by_id) = call(Method::GET, url("/schemas/ids/1/versions"), None).await;
    assert_eq!(by_id, json!([{"subject": "archive-value", "version": 1}, {"subject": "orders-value", "version": 1}]));
    let (_, found) = call(Method::POST, url("/subjects/orders-value"), Some(order.clone())).await;
    assert_eq!(found["version"], 1);

    let cases = [
        (Method::GET, "/subjects/nope/versions", StatusCode::NOT_FOUND, 40401),
        (Method::GET, "/subjects/orders-value/versions/9", StatusCode::NOT_FOUND, 40402),
        (Method::GET, "/schemas/ids/99", StatusCode::NOT_FOUND, 40403),
        (Method::GET, "/subjects/orders-value/versions/0", StatusCode::UNPROCESSABLE_ENTITY, 42202),
        (Method::GET, "/config/orders-value", StatusCode::NOT_FOUND, 40408),
        (Method::DELETE, "/subjects/orders-value?permanent=true", StatusCode::NOT_FOUND, 40405),
    ];
    for (method, path, status, code) in cases {
        let (got, body) = call(method, url(path), None).await;
        assert_eq!((got, body["error_code"].as_u64()), (status, Some(code)), "{path}: {body}");
    }
    let (status, body) =
        call(Method::POST, url("/subjects/bad-value/versions"), Some(json!({"schema": "{\"type\":"}))).await;
    assert_eq!((status, body["error_code"].as_u64()), (StatusCode::UNPROCESSABLE_ENTITY, Some(42201)));

    let incompatible = json!({"schema": r#"{"type":"record","name":"Order","fields":[{"name":"id","type":"string"},{"name":"qty","type":"int"}]}"#});
    let (status, body) = call(Method::POST, url("/subjects/orders-value/versions"), Some(incompatible.clone())).await;
    assert_eq!((status, body["error_code"].as_u64()), (StatusCode::CONFLICT, Some(409)), "{body}");
    let (_, verdict) =
        call(Method::POST, url("/compatibility/subjects/orders-value/versions/latest"), Some(incompatible)).await;
    assert_eq!(verdict, json!({"is_compatible": false}));
    let (_, level) = call(Method::PUT, url("/config/orders-value"), Some(json!({"compatibility": "NONE"}))).await;
    assert_eq!(level, json!({"compatibility": "NONE"}));

    let (_, deleted) = call(Method::DELETE, url("/subjects/archive-value"), None).await;
    assert_eq!(deleted, json!([1]));
    let (_, live) = call(Method::GET, url("/subjects"), None).await;
    assert_eq!(live, json!(["orders-value"]));
    let (_, all) = call(Method::GET, url("/subjects?deleted=true"), None).await;
    assert_eq!(all, json!(["archive-value", "orders-value"]));
}

/// Data contracts: `metadata` and `ruleSet` are kept as given and returned with the
/// version, and they are part of the schema's identity (the same text with other rules
/// is a new schema, so a new version).
#[tokio::test]
async fn data_contract_metadata_and_rules_round_trip() {
    let registry = RegistryDouble::start().await;
    let url = |path: &str| format!("{}{path}", registry.url);
    use reqwest::Method;
    let schema = r#"{"type":"record","name":"User","fields":[{"name":"ssn","type":"string"}]}"#;
    let rule_set = json!({"domainRules": [{"name": "encrypt-pii", "kind": "TRANSFORM", "type": "ENCRYPT",
        "mode": "WRITEREAD", "tags": ["PII"], "params": {"encrypt.kek.name": "kek1"}, "onFailure": "ERROR,NONE"}]});
    let metadata = json!({"tags": {"User.ssn": ["PII"]}, "properties": {"owner": "identity-team"}});
    let (_, plain) = call(Method::POST, url("/subjects/users-value/versions"), Some(json!({"schema": schema}))).await;
    let body = json!({"schema": schema, "metadata": metadata, "ruleSet": rule_set});
    let (status, contract) = call(Method::POST, url("/subjects/users-value/versions"), Some(body)).await;
    assert_eq!(status, StatusCode::OK);
    assert_ne!(plain["id"], contract["id"], "other rules, another schema");
    let (_, latest) = call(Method::GET, url("/subjects/users-value/versions/latest"), None).await;
    assert_eq!((latest["version"].as_i64(), &latest["ruleSet"], &latest["metadata"]), (Some(2), &rule_set, &metadata));
    let (_, first) = call(Method::GET, url("/subjects/users-value/versions/1"), None).await;
    assert!(first.get("ruleSet").is_none() && first.get("metadata").is_none(), "{first}");
}
