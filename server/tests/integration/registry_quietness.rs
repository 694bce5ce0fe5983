//! Tributary as a quiet client of every Confluent-compatible registry: the real
//! `RegistryReader` against the registry double over HTTP, once answering as Confluent
//! does and once as Karapace does (200 `[]` for unknown schema ids, no `verbose`
//! reasons). Requests are counted by the double itself.

use std::time::Duration;

use crate::support::eventually;
use crate::support::registry::RegistryDouble;
use crate::support::server::{config, TestServer};
use serde_json::{json, Value};
use tributary::config::RegistryConfig;
use tributary::ingest::registry::client::RegistryClient;
use tributary::ingest::registry::reader::RegistryReader;
use tributary::registry_double::Answers;
use tributary_core::schema::ParseOptions;

/// Requests a poll costs when nothing changed: both subject lists and one id probe.
const STEADY_POLL_REQUESTS: u64 = 3;
/// Long enough that the rolling re-check owes nothing during the test.
const NO_RECHECK: Duration = Duration::from_secs(24 * 3600);

fn record(name: &str, fields: usize) -> String {
    let fields: Vec<Value> =
        (0..fields).map(|i| json!({"name": format!("f{i}"), "type": "string", "default": ""})).collect();
    json!({"type": "record", "name": name, "fields": fields}).to_string()
}

async fn register(url: &str, subject: &str, schema: String) {
    let response = reqwest::Client::new()
        .post(format!("{url}/subjects/{subject}/versions"))
        .json(&json!({"schema": schema}))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{subject}: {}", response.text().await.unwrap());
}

fn registry_config(url: &str) -> RegistryConfig {
    RegistryConfig { name: "main".into(), url: url.to_owned(), clusters: vec![], auth: None, mappings: vec![] }
}

/// Seven schemas (ids 1–7), as in the Karapace report; a first read; then polls.
async fn quiet_polls(answers: Answers) {
    let registry = RegistryDouble::answering(answers).await;
    for subject in 0..7 {
        register(&registry.url, &format!("s{subject}-value"), record(&format!("R{subject}"), 1)).await;
    }
    let client = RegistryClient::new(&registry_config(&registry.url), Duration::from_secs(10)).unwrap();
    let mut reader = RegistryReader::new(client, NO_RECHECK, ParseOptions::default());
    let first = reader.read(&[], &|_, _| {}).await.unwrap().expect("a first snapshot");
    assert_eq!(first.subjects.len(), 7, "{answers:?}");
    assert!(reader.is_caught_up());

    for poll in 0..3 {
        let before = registry.requests_served();
        let snapshot = reader.read(&[], &|_, _| {}).await.unwrap();
        let sent = registry.requests_served() - before;
        assert!(snapshot.is_none(), "{answers:?}: poll {poll} found a change where there was none");
        assert_eq!(sent, STEADY_POLL_REQUESTS, "{answers:?}: poll {poll} sent {sent} requests");
    }

    // A new version of a known subject (a new id) is found by the probe, which stops
    // at the first id the registry does not have.
    register(&registry.url, "s3-value", record("R3", 2)).await;
    let before = registry.requests_served();
    let snapshot = reader.read(&[], &|_, _| {}).await.unwrap().expect("the new version");
    let sent = registry.requests_served() - before;
    let s3 = snapshot.subjects.iter().find(|subject| subject.name == "s3-value").unwrap();
    assert_eq!(s3.versions.len(), 2, "{answers:?}");
    // Lists (2), ids 8 and 9 (2), the subject's versions both ways, its new version and
    // its level (4).
    assert_eq!(sent, 8, "{answers:?}: {sent} requests to find one new version");
    let detected = reader.detected_differences();
    match answers {
        Answers::Confluent => assert!(detected.is_empty(), "{detected:?}"),
        Answers::Karapace => {
            assert!(detected[0].starts_with("Karapace-compatible answers for unknown ids"), "{detected:?}")
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn polls_stay_quiet_against_confluent_answers() {
    quiet_polls(Answers::Confluent).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn polls_stay_quiet_against_karapace_answers() {
    quiet_polls(Answers::Karapace).await;
}

/// The rolling re-check finds a subject's new level and a deleted version without a
/// burst: each poll re-reads at most the subjects it owes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn level_changes_and_version_deletes_are_found_by_the_rolling_recheck() {
    let registry = RegistryDouble::answering(Answers::Karapace).await;
    let http = reqwest::Client::new();
    http.put(format!("{}/config", registry.url)).json(&json!({"compatibility": "NONE"})).send().await.unwrap();
    for subject in 0..4 {
        register(&registry.url, &format!("s{subject}-value"), record(&format!("R{subject}"), 1)).await;
        register(&registry.url, &format!("s{subject}-value"), record(&format!("R{subject}"), 2)).await;
    }
    let client = RegistryClient::new(&registry_config(&registry.url), Duration::from_secs(10)).unwrap();
    // Every subject once a second: four subjects, so about one per 250 ms of polling.
    let mut reader =
        RegistryReader::new(client, Duration::from_secs(1), ParseOptions::default()).with_recheck_rate(100.0);
    reader.read(&[], &|_, _| {}).await.unwrap().expect("a first snapshot");

    http.put(format!("{}/config/s2-value", registry.url)).json(&json!({"compatibility": "FULL"})).send().await.unwrap();
    let deleted = http.delete(format!("{}/subjects/s1-value/versions/1", registry.url)).send().await.unwrap();
    assert!(deleted.status().is_success());
    let mut found = None;
    for _ in 0..40 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let before = registry.requests_served();
        let snapshot = reader.read(&[], &|_, _| {}).await.unwrap();
        let sent = registry.requests_served() - before;
        assert!(sent <= STEADY_POLL_REQUESTS + 2 * 3 + 1, "a poll 100 ms after the last sent {sent} requests");
        if let Some(snapshot) = snapshot {
            let s1 = snapshot.subjects.iter().find(|s| s.name == "s1-value").unwrap();
            let s2 = snapshot.subjects.iter().find(|s| s.name == "s2-value").unwrap();
            if s1.versions[0].deleted && s2.compatibility.as_deref() == Some("FULL") {
                found = Some(());
                break;
            }
        }
    }
    assert!(found.is_some(), "the re-check found the new level and the deleted version within 4 s");
}

/// Karapace gives no reasons with an incompatible verdict: the verdict stays the
/// registry's, Tributary supplies the reasons, and the Schemas page and API say what
/// was detected of the registry.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_registry_without_reasons_gets_tributarys_and_its_differences_are_shown() {
    let registry = RegistryDouble::answering(Answers::Karapace).await;
    register(&registry.url, "orders-value", record("Order", 1)).await;
    register(&registry.url, "refunds-value", record("Refund", 1)).await;
    let dir = tempfile::tempdir().unwrap();
    let mut settings = config(&format!("sqlite://{}/c.db", dir.path().display()), &[]);
    let with_credentials = registry.url.replace("http://", "http://reader:s3cret-pw@");
    settings.schema_registries = vec![registry_config(&with_credentials)];
    let server = TestServer::start(settings).await;
    eventually("the unknown-id answer detected", Duration::from_secs(20), || async {
        let registries = server.get_json("/api/v1/registries").await;
        let differ = registries[0]["answers_differ"].as_array()?.clone();
        (!differ.is_empty()).then_some(())
    })
    .await;

    let incompatible = json!({"schema": json!({"type": "record", "name": "Order", "fields": [
        {"name": "f0", "type": "string", "default": ""}, {"name": "added", "type": "long"}]}).to_string()});
    let verdict: Value = server
        .http
        .post(server.url("/api/v1/registries/main/subjects/orders-value/compatibility"))
        .json(&incompatible)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(verdict["is_compatible"], false, "{verdict}");
    assert_eq!(verdict["checked_by"], "registry", "{verdict}");
    let reasons = verdict["messages"].as_array().unwrap();
    assert!(!reasons.is_empty() && reasons[0].as_str().unwrap().contains("added"), "{verdict}");

    let registries = server.get_json("/api/v1/registries").await;
    let text = registries.to_string();
    assert!(text.contains("no reasons with incompatible verdicts"), "{text}");
    assert!(!text.contains("s3cret-pw"), "the registry's password is masked: {text}");
    let (_, page) = server.page("/schemas").await;
    assert!(page.contains("registry: Karapace-compatible answers for unknown ids"), "shown on the Schemas page");
    assert!(!page.contains("s3cret-pw") && page.contains("reader:***@"), "masked on the page");
    server.stop().await.unwrap();
}
