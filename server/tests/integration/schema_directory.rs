//! A contracts repository as a schema source: files are catalogued (and checked) before
//! they are registered anywhere. Real files, the real server, over HTTP.

use std::path::Path;
use std::time::Duration;

use crate::support::eventually;
use crate::support::server::{config, TestServer};
use serde_json::{json, Value};
use tributary::config::SchemaDirectoryConfig;

/// New files must show within 5 s; the directory is checked every 2 s.
const SCHEMA_LAG: Duration = Duration::from_secs(5);

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A server reading the contracts directory `root` as source `contracts`, its store in
/// `store`.
async fn reading_contracts(store: &tempfile::TempDir, root: &Path) -> TestServer {
    let mut settings = config(&format!("sqlite://{}/c.db", store.path().display()), &[]);
    settings.schema_directories = vec![SchemaDirectoryConfig {
        name: "contracts".into(),
        path: root.to_owned(),
        clusters: vec![],
        compatibility: tributary_core::schema::compatibility::Level::Backward,
        mappings: vec![],
    }];
    TestServer::start(settings).await
}

async fn subjects(server: &TestServer) -> Vec<Value> {
    let body: Value = server.get_json("/api/v1/subjects?registry=contracts").await;
    body["items"].as_array().cloned().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_contracts_directory_is_catalogued_with_per_file_errors_and_checked() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let contracts = tempfile::tempdir().unwrap();
    copy_tree(&manifest.join("tests/data/contracts"), contracts.path());
    std::fs::create_dir_all(contracts.path().join("datagen")).unwrap();
    for file in ["clickstream_schema.avro", "invalid_users_schema.avro", "users_schema.avro", "orders_schema.avro"] {
        std::fs::copy(manifest.join("data/datagen").join(file), contracts.path().join("datagen").join(file)).unwrap();
    }

    let store = tempfile::tempdir().unwrap();
    let server = reading_contracts(&store, contracts.path()).await;
    let listed = eventually("the directory in the catalog", SCHEMA_LAG, || async {
        let list = subjects(&server).await;
        (!list.is_empty()).then_some(list)
    })
    .await;
    let names: Vec<&str> = listed.iter().map(|line| line["subject"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "address.json",
            "common/address.proto",
            "contracts/options.proto",
            "datagen/clickstream_schema.avro",
            "datagen/invalid_users_schema.avro",
            "datagen/orders_schema.avro",
            "datagen/users_schema.avro",
            "shipment.json",
            "shop/refund.proto",
        ]
    );
    let line = |name: &str| listed.iter().find(|line| line["subject"] == name).unwrap().clone();
    let invalid = line("datagen/invalid_users_schema.avro");
    assert_eq!(invalid["parse_errors"][0]["version"], 1);
    assert!(invalid["parse_errors"][0]["error"].as_str().unwrap().contains("not valid JSON"), "{invalid}");
    let healthy: Vec<&Value> = listed.iter().filter(|line| line["parse_errors"] == json!([])).collect();
    assert_eq!(healthy.len(), 8, "one bad file does not stop the rest");
    assert_eq!(line("shop/refund.proto")["declared_topics"], json!(["shop.refunds", "shop.payments"]));
    assert_eq!(line("datagen/clickstream_schema.avro")["record"], "clickstream.events", "comments are accepted");

    // The page shows every subject, and the broken file's reason where it is.
    let (status, page) = server.page("/schemas").await;
    assert!(status.is_success());
    assert!(page.contains("shop/refund.proto") && page.contains("shop.refunds (declared)"), "declared topics shown");
    assert!(page.contains("Version 1 cannot be parsed: not valid JSON"), "the parse error is on the page");

    // The tool's own check: a required field added breaks backward compatibility.
    let check = |schema: String| {
        let http = server.http.clone();
        let url = server.url("/api/v1/registries/contracts/subjects/address.json/compatibility");
        async move {
            http.post(url)
                .json(&json!({"schemaType": "JSON", "schema": schema}))
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    let original = std::fs::read_to_string(contracts.path().join("address.json")).unwrap();
    let optional = original
        .replace(r#""required": ["street"]"#, r#""required": ["street"], "x-note": 1"#)
        .replace(r#""properties": {"#, r#""properties": {"country": {"type": "string"},"#);
    let verdict = check(optional.clone()).await;
    assert_eq!(
        (verdict["is_compatible"].as_bool(), verdict["checked_by"].as_str()),
        (Some(true), Some("tributary")),
        "{verdict}"
    );
    let required = optional.replace(r#""required": ["street"]"#, r#""required": ["street", "country"]"#);
    let verdict = check(required).await;
    assert_eq!(verdict["is_compatible"], false, "{verdict}");
    assert!(verdict["messages"][0].as_str().unwrap().contains("country"), "{verdict}");

    // A new file shows within 5 s, as a change event.
    std::fs::write(
        contracts.path().join("refund-note.json"),
        r#"{"type": "object", "properties": {"note": {"type": "string"}}}"#,
    )
    .unwrap();
    eventually("the new contract", SCHEMA_LAG, || async {
        subjects(&server).await.iter().any(|line| line["subject"] == "refund-note.json").then_some(())
    })
    .await;
    // The catalog shows a read before its changes are appended to the history, so the
    // event may follow the subject by a moment.
    let events = eventually("the new contract's change event", SCHEMA_LAG, || async {
        let events: Value = server.get_json("/api/v1/events?subject=refund-note.json").await;
        (!events["items"].as_array()?.is_empty()).then_some(events)
    })
    .await;
    assert_eq!(events["items"][0]["change"]["kind"], "subject_created", "{events}");
    server.stop().await.unwrap();
}

/// A directory holding a link to a file outside it, a link to `/dev/zero`, a FIFO and a
/// file past the size limit (behind a small link): none of them is read, each is an
/// error of its own subject, the rest are catalogued, and the server still stops.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_leading_out_fifos_and_huge_files_are_refused() {
    use std::os::unix::fs::symlink;
    const SECRET: &str = "outside-secret-7f3a";
    let outside = tempfile::tempdir().unwrap();
    let secret = format!("syntax = \"proto3\"; message Shadow {{ string {SECRET} = 1; }}");
    std::fs::write(outside.path().join("shadow.proto"), &secret).unwrap();
    let contracts = tempfile::tempdir().unwrap();
    let root = contracts.path();
    std::fs::write(root.join("fine.proto"), "syntax = \"proto3\"; message Fine { string id = 1; }").unwrap();
    symlink("fine.proto", root.join("alias.proto")).unwrap();
    symlink(outside.path().join("shadow.proto"), root.join("shadow.proto")).unwrap();
    symlink("/dev/zero", root.join("zero.avsc")).unwrap();
    let fifo = root.join("stall.proto");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let huge = format!("{{\"type\": \"string\", \"doc\": \"{}\"}}", "x".repeat(5 * 1024 * 1024));
    std::fs::write(root.join("huge.avsc"), huge).unwrap();
    symlink("huge.avsc", root.join("link-to-huge.avsc")).unwrap();

    let store = tempfile::tempdir().unwrap();
    let server = reading_contracts(&store, root).await;
    let listed = eventually("the directory in the catalog", SCHEMA_LAG, || async {
        let list = subjects(&server).await;
        (!list.is_empty()).then_some(list)
    })
    .await;
    let errors: Vec<(String, String)> = listed
        .iter()
        .map(|line| {
            let error = line["parse_errors"][0]["error"].as_str().unwrap_or("").to_owned();
            (line["subject"].as_str().unwrap().to_owned(), error)
        })
        .collect();
    let expected = [
        ("alias.proto", ""),
        ("fine.proto", ""),
        ("huge.avsc", "larger than 4194304 bytes: not read"),
        ("link-to-huge.avsc", "larger than 4194304 bytes: not read"),
        ("shadow.proto", "a link that leads outside the directory: not read"),
        ("stall.proto", "not a regular file (a FIFO): not read"),
        ("zero.avsc", "a link that leads outside the directory: not read"),
    ];
    let expected: Vec<(String, String)> = expected.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    assert_eq!(errors, expected);
    let shadow: Value = server.get_json("/api/v1/registries/contracts/subjects/shadow.proto").await;
    assert!(!shadow.to_string().contains(SECRET), "{shadow}");
    let (_, page) = server.page("/schemas").await;
    assert!(!page.contains(SECRET) && page.contains("a link that leads outside the directory"));
    // A FIFO held open by nobody must not keep the server from stopping.
    tokio::time::timeout(Duration::from_secs(15), server.stop()).await.expect("the server stops").unwrap();
}
