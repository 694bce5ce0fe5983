//! `tributary check` as CI runs it: the real binary on real files, standalone on a
//! contracts directory (Avro, Protobuf with an import, JSON Schema) and against a running
//! Tributary whose registry (the double, over HTTP) gives the verdict. Passing, breaking
//! and non-compliant changes, and input it cannot read, each with its exit code.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::support::eventually;
use crate::support::registry::RegistryDouble;
use crate::support::server::{config, TestServer};
use serde_json::{json, Value};
use tributary::config::{RegistryConfig, SchemaDirectoryConfig};

const ORDERS: &str = r#"{"type": "record", "name": "Order", "namespace": "shop", "fields": [
  {"name": "order_id", "type": "string"},
  {"name": "amount_cents", "type": "long"}
]}"#;
const COMMON: &str = "syntax = \"proto3\";\npackage shop;\nmessage Money {\n  int64 cents = 1;\n}\n";
const CUSTOMERS: &str = "syntax = \"proto3\";\npackage shop;\nimport \"common.proto\";\nmessage Customer {\n  string id = 1;\n  shop.Money balance = 2;\n}\n";
const ADDRESS: &str = r#"{"type": "object", "properties": {"street": {"type": "string"}}, "required": ["street"]}"#;
const PROFILE: &str = "description = \"personal data is encrypted\"\n[scope]\ncategories = [\"PII\"]\n[rules]\nrequire_protection = true\n";

/// The contracts as they are on the main branch, and the profiles.
fn estate(dir: &Path) {
    std::fs::create_dir_all(dir.join("contracts")).unwrap();
    std::fs::create_dir_all(dir.join("profiles")).unwrap();
    std::fs::create_dir_all(dir.join("proposed")).unwrap();
    for (file, text) in [
        ("shop.orders-value.avsc", ORDERS),
        ("common.proto", COMMON),
        ("shop.customers-value.proto", CUSTOMERS),
        ("shop.address-value.json", ADDRESS),
    ] {
        std::fs::write(dir.join("contracts").join(file), text).unwrap();
    }
    std::fs::write(dir.join("profiles/gdpr.toml"), PROFILE).unwrap();
}

/// A proposed file in `proposed/`; answers `SUBJECT=FILE`.
fn propose(dir: &Path, subject: &str, file: &str, text: &str) -> String {
    let path = dir.join("proposed").join(file);
    std::fs::write(&path, text).unwrap();
    format!("{subject}={}", path.display())
}

/// Runs `tributary check` with `arguments`: exit code, stdout, stderr.
fn check(arguments: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_tributary")).arg("check").args(arguments).output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn standalone(dir: &Path, proposal: &str, json: bool) -> (i32, String, String) {
    let contracts = dir.join("contracts").display().to_string();
    let profiles = dir.join("profiles").display().to_string();
    let mut arguments = vec!["--contracts", &contracts, "--profiles", &profiles];
    if json {
        arguments.extend(["--format", "json"]);
    }
    arguments.push(proposal);
    check(&arguments)
}

#[test]
fn standalone_checks_pass_block_and_refuse_with_their_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    estate(dir);

    // Passing: an optional field with a default, nothing personal.
    let coupon = ORDERS.replace(
        r#"{"name": "amount_cents", "type": "long"}"#,
        r#"{"name": "amount_cents", "type": "long"}, {"name": "coupon_code", "type": ["null", "string"], "default": null}"#,
    );
    let (code, out, err) = standalone(dir, &propose(dir, "shop.orders-value.avsc", "orders.avsc", &coupon), false);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("passes") && out.contains("compatible (checked by tributary)"), "{out}");
    assert!(out.contains("topics affected: shop.orders"), "{out}");

    // Breaking, in each format.
    let required = ORDERS.replace(
        r#"{"name": "amount_cents", "type": "long"}"#,
        r#"{"name": "amount_cents", "type": "long"}, {"name": "currency", "type": "string"}"#,
    );
    let retyped = CUSTOMERS.replace("string id = 1;", "int64 id = 1;");
    let country = ADDRESS
        .replace(r#""required": ["street"]"#, r#""required": ["street", "country"]"#)
        .replace(r#""properties": {"#, r#""properties": {"country": {"type": "string"},"#);
    for (subject, file, text, field) in [
        ("shop.orders-value.avsc", "orders.avsc", required.as_str(), "currency"),
        ("shop.customers-value.proto", "customers.proto", retyped.as_str(), "id"),
        ("shop.address-value.json", "address.json", country.as_str(), "country"),
    ] {
        let (code, out, err) = standalone(dir, &propose(dir, subject, file, text), false);
        assert_eq!(code, 1, "{subject}: {out}{err}");
        assert!(out.contains("BLOCKED") && out.contains("INCOMPATIBLE"), "{subject}: {out}");
        assert!(out.contains(field), "{subject}: the message names {field}: {out}");
    }

    // Non-compliant though compatible: a new field the name rules call personal data,
    // which no data-contract rule protects, on a topic the profile then covers.
    let email = ORDERS.replace(
        r#"{"name": "amount_cents", "type": "long"}"#,
        r#"{"name": "amount_cents", "type": "long"}, {"name": "email", "type": ["null", "string"], "default": null}"#,
    );
    let (code, out, err) = standalone(dir, &propose(dir, "shop.orders-value.avsc", "orders.avsc", &email), true);
    assert_eq!(code, 1, "{out}{err}");
    let reports: Value = serde_json::from_str(&out).unwrap();
    let report = &reports[0][1];
    assert_eq!(report["compatibility"]["is_compatible"], true, "{report}");
    assert_eq!(report["blocked"], true);
    assert_eq!(report["findings"][0]["rule"], "require_protection", "{report}");
    assert_eq!(report["findings"][0]["profile"], "gdpr");
    assert_eq!(report["findings"][0]["target"], "shop.orders-value.avsc#email");

    // Input it cannot check: exit 2, naming the file (and the line, where the parser
    // gives one).
    let missing = format!("shop.orders-value.avsc={}", dir.join("proposed/nowhere.avsc").display());
    let (code, out, err) = standalone(dir, &missing, false);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("nowhere.avsc") && err.contains("cannot be read"), "{err}");
    let broken = propose(dir, "shop.orders-value.avsc", "broken.avsc", "{\"type\": \"record\",\n  \"name\": ");
    let (code, _, err) = standalone(dir, &broken, false);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("broken.avsc") && err.contains("line 2"), "{err}");
    let broken = propose(dir, "shop.customers-value.proto", "broken.proto", "syntax = \"proto3\";\nmessage {\n");
    let (code, _, err) = standalone(dir, &broken, false);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("broken.proto") && err.contains("(at 2:"), "{err}");
    std::fs::write(dir.join("profiles/broken.toml"), "[rules]\nmax_retention_days = \"thirty\"\n").unwrap();
    let (code, _, err) = standalone(dir, &propose(dir, "shop.orders-value.avsc", "orders.avsc", &coupon), false);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("broken.toml:2"), "a broken profile names its file and line: {err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn against_a_running_tributary_the_registry_judges_and_profiles_apply() {
    let dir = tempfile::tempdir().unwrap();
    estate(dir.path());
    let registry = RegistryDouble::start().await;
    let common = json!({"name": "common.proto", "subject": "common.proto", "version": 1});
    for (subject, body) in [
        ("shop.orders-value", json!({ "schema": ORDERS })),
        ("common.proto", json!({ "schema": COMMON, "schemaType": "PROTOBUF" })),
        ("shop.customers-value", json!({ "schema": CUSTOMERS, "schemaType": "PROTOBUF", "references": [common] })),
    ] {
        let registered = reqwest::Client::new()
            .post(format!("{}/subjects/{subject}/versions", registry.url))
            .header("content-type", "application/vnd.schemaregistry.v1+json")
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        assert!(registered.status().is_success(), "{subject}: {}", registered.text().await.unwrap());
    }
    let store = tempfile::tempdir().unwrap();
    let mut settings = config(&format!("sqlite://{}/c.db", store.path().display()), &[]);
    settings.schema_registries = vec![RegistryConfig {
        name: "main".into(),
        url: registry.url.clone(),
        clusters: vec![],
        auth: None,
        mappings: vec![],
    }];
    settings.schema_directories = vec![SchemaDirectoryConfig {
        name: "contracts".into(),
        path: dir.path().join("contracts"),
        clusters: vec![],
        compatibility: tributary_core::schema::compatibility::Level::Backward,
        mappings: vec![],
    }];
    settings.compliance.profiles_dir = Some(dir.path().join("profiles"));
    let server = TestServer::start(settings).await;
    eventually("both sources read", Duration::from_secs(10), || async {
        let registries = server.get_json("/api/v1/registries").await;
        let read = registries.as_array()?.iter().filter(|entry| !entry["last_good_read_ms"].is_null()).count();
        (read == 2).then_some(())
    })
    .await;
    let remote = |source: &'static str, proposal: String| {
        let url = server.base_url.clone();
        async move {
            tokio::task::spawn_blocking(move || check(&["--url", &url, "--source", source, &proposal])).await.unwrap()
        }
    };

    let required = ORDERS.replace(
        r#"{"name": "amount_cents", "type": "long"}"#,
        r#"{"name": "amount_cents", "type": "long"}, {"name": "currency", "type": "string"}"#,
    );
    let (code, out, err) = remote("main", propose(dir.path(), "shop.orders-value", "orders.avsc", &required)).await;
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("INCOMPATIBLE (checked by registry)"), "the registry's verdict: {out}");

    let email = ORDERS.replace(
        r#"{"name": "amount_cents", "type": "long"}"#,
        r#"{"name": "amount_cents", "type": "long"}, {"name": "email", "type": ["null", "string"], "default": null}"#,
    );
    let (code, out, err) = remote("main", propose(dir.path(), "shop.orders-value", "orders.avsc", &email)).await;
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("compatible (checked by registry)"), "{out}");
    assert!(out.contains("gdpr / require_protection on shop.orders"), "{out}");

    // A Protobuf proposal that imports another subject's file, sent without references:
    // the registry gets the reference a Confluent serializer would have registered.
    let extended =
        CUSTOMERS.replace("  shop.Money balance = 2;\n", "  shop.Money balance = 2;\n  int32 loyalty_points = 3;\n");
    let (code, out, err) =
        remote("main", propose(dir.path(), "shop.customers-value", "customers.proto", &extended)).await;
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("compatible (checked by registry)"), "{out}");
    let retyped = CUSTOMERS.replace("string id = 1;", "int64 id = 1;");
    let (code, out, err) =
        remote("main", propose(dir.path(), "shop.customers-value", "customers.proto", &retyped)).await;
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("INCOMPATIBLE (checked by registry)"), "{out}");

    let coupon = ORDERS.replace(
        r#"{"name": "amount_cents", "type": "long"}"#,
        r#"{"name": "amount_cents", "type": "long"}, {"name": "coupon_code", "type": ["null", "string"], "default": null}"#,
    );
    let (code, out, err) =
        remote("contracts", propose(dir.path(), "shop.orders-value.avsc", "orders.avsc", &coupon)).await;
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("compatible (checked by tributary)"), "a directory: Tributary's own check: {out}");

    let broken = propose(dir.path(), "shop.orders-value", "broken.avsc", "{\"type\": \"record\",\n  \"name\": ");
    let (code, _, err) = remote("main", broken).await;
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("broken.avsc") && err.contains("does not parse"), "{err}");
    let (code, _, err) = remote("nowhere", propose(dir.path(), "x-value", "x.avsc", ORDERS)).await;
    assert_eq!(code, 2, "an unknown source: {err}");
    server.stop().await.unwrap();
    let (code, _, err) = check(&[
        "--url",
        "http://127.0.0.1:1",
        "--source",
        "main",
        &propose(dir.path(), "shop.orders-value", "orders.avsc", ORDERS),
    ]);
    assert_eq!(code, 2, "unreachable: {err}");
    assert!(err.contains("cannot reach Tributary"), "{err}");
}
