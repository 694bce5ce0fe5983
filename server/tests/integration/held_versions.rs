//! What a topic holds over time, against a real Apache Kafka and the registry double.
//!
//! The broker is configured twice: `dated`, whose records Tributary may not read, and
//! `real`, whose records it samples.
//!
//! - `jobs`: version 1 of its value schema had `seeker_email`, version 2 dropped it. The
//!   topic keeps records 4 s (segments roll every second), so on `dated` the field is
//!   held "in version 1" until version 2's first sighting plus 5 s, breaks a protection
//!   rule until then, and is gone from the topic page, the Personal data page and the
//!   violations after. On `real` it is held exactly while a version 1 record is the
//!   oldest of the partition.
//! - `applications` (records readable): a producer goes on writing version 1 after
//!   version 2 exists; the newest record's schema id keeps the field held with no date.
//!   Once version 2 is the newest, the dates apply again.
//! - `bookings`: version 2 was registered before any record was written; every oldest
//!   record is version 2, so version 1 is not held although the dates would say so.
//! - `profiles`: compacted; version 1's field is held "until deleted by key", and a
//!   `max_retention_days` rule breaks on it.

use std::time::{Duration, Instant};

use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use rdkafka::ClientConfig;
use serde_json::Value;
use tributary::config::RegistryConfig;

use crate::support::eventually;
use crate::support::kafka::{kafka_libs, ApacheKafka};
use crate::support::registry::RegistryDouble;
use crate::support::server::{config, TestServer};

/// Each topic's record is named after it: a schema text registered under a second
/// subject keeps its id, and the registry poll finds new versions by new ids.
fn with_email(topic: &str) -> String {
    format!(
        r#"{{"type": "record", "name": "{topic}", "fields": [
        {{"name": "job_id", "type": "string"}}, {{"name": "seeker_email", "type": "string"}}]}}"#
    )
}

fn without_email(topic: &str) -> String {
    format!(
        r#"{{"type": "record", "name": "{topic}", "fields": [
        {{"name": "job_id", "type": "string"}}, {{"name": "title", "type": "string", "default": ""}}]}}"#
    )
}

const PROFILE: &str = r#"description = "Personal data is protected and kept at most 30 days"
[scope]
categories = ["PII"]
[rules]
require_protection = true
max_retention_days = 30
"#;

/// How long the server may take to see and evaluate a change.
const SEEN_WITHIN: Duration = Duration::from_secs(30);

/// Records in Confluent's wire format: magic byte, schema id, then (here) any payload.
fn produce(kafka: &ApacheKafka, topic: &str, schema_id: i32, keys: &[&str]) {
    let producer: BaseProducer = ClientConfig::new().set("bootstrap.servers", kafka.plaintext()).create().unwrap();
    for key in keys {
        let mut value = vec![0u8];
        value.extend_from_slice(&schema_id.to_be_bytes());
        value.extend_from_slice(b"avro bytes");
        producer.send(BaseRecord::to(topic).key(*key).payload(&value)).unwrap();
    }
    producer.flush(Duration::from_secs(10)).unwrap();
}

fn held_field<'a>(topic: &'a Value, path: &str) -> Option<&'a Value> {
    topic["held_fields"].as_array()?.iter().find(|field| field["path"] == path)
}

async fn create_topics(kafka: &ApacheKafka, topics: &[(&str, &[(&str, &str)])]) {
    let admin: AdminClient<DefaultClientContext> =
        ClientConfig::new().set("bootstrap.servers", kafka.plaintext()).create().unwrap();
    let new: Vec<NewTopic> = topics
        .iter()
        .map(|(name, configs)| {
            configs
                .iter()
                .fold(NewTopic::new(name, 1, TopicReplication::Fixed(1)), |topic, (key, value)| topic.set(key, value))
        })
        .collect();
    for result in admin.create_topics(&new, &AdminOptions::new()).await.unwrap() {
        result.expect("topic created");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_topic_holds_earlier_versions_personal_fields_until_their_records_can_be_gone() {
    let Some(libs) = kafka_libs() else { return };
    let kafka = ApacheKafka::start(libs);
    create_topics(
        &kafka,
        &[
            ("jobs", &[("retention.ms", "4000"), ("segment.ms", "1000")]),
            ("applications", &[]),
            ("bookings", &[]),
            ("profiles", &[("cleanup.policy", "compact")]),
        ],
    )
    .await;
    let registry = RegistryDouble::start().await;
    let mut first_ids = Vec::new();
    for topic in ["jobs", "applications", "bookings", "profiles"] {
        first_ids.push(registry.register(&format!("{topic}-value"), &with_email(topic)).await);
    }
    let v1 = first_ids[0];
    produce(&kafka, "jobs", v1, &["j1", "j2"]);
    produce(&kafka, "profiles", v1, &["ada"]);
    let bookings_v2 = registry.register("bookings-value", &without_email("bookings")).await;
    produce(&kafka, "bookings", bookings_v2, &["b1", "b2"]);
    let profiles_v2 = registry.register("profiles-value", &without_email("profiles")).await;
    produce(&kafka, "profiles", profiles_v2, &["grace"]);

    let profiles = tempfile::tempdir().unwrap();
    std::fs::write(profiles.path().join("pii.toml"), PROFILE).unwrap();
    let store = tempfile::tempdir().unwrap();
    // The same broker twice: `dated` where Tributary may not read records (held versions
    // come from dates alone), `real` where it may (samples decide).
    let clusters = [("real", kafka.plaintext()), ("dated", kafka.plaintext())];
    let mut settings = config(&format!("sqlite://{}/h.db", store.path().display()), &clusters);
    settings.schema_registries = vec![RegistryConfig {
        name: "main".into(),
        url: registry.url.clone(),
        clusters: vec!["real".into(), "dated".into()],
        auth: None,
        mappings: vec![],
    }];
    settings.compliance.profiles_dir = Some(profiles.path().to_owned());
    settings.ingest.read_records = vec!["real".into()];
    settings.ingest.record_sample_secs = 1;
    let server = TestServer::start(settings).await;

    // jobs: version 2 registered while the server runs; its first sighting dates
    // version 1's records.
    eventually("jobs to be read with version 1", SEEN_WITHIN, || async {
        let topic = server.get_json("/api/v1/clusters/dated/topics/jobs").await;
        topic["classified_fields"].as_array()?.iter().any(|field| field["path"] == "seeker_email").then_some(())
    })
    .await;
    let before_v2 = now_ms();
    registry.register("jobs-value", &without_email("jobs")).await;
    let jobs = eventually("seeker_email held in version 1", SEEN_WITHIN, || async {
        let topic = server.get_json("/api/v1/clusters/dated/topics/jobs").await;
        held_field(&topic, "seeker_email").is_some().then_some(topic)
    })
    .await;
    let held = &held_field(&jobs, "seeker_email").unwrap()["held"];
    assert_eq!((held["version"].as_i64(), held["because"].as_str()), (Some(1), Some("retention")), "{held}");
    let clears_by = held["clears_by_ms"].as_i64().expect("a date");
    // First seen within the poll after its registration; retention 4 s + segment 1 s.
    assert!(clears_by >= before_v2 + 5_000 && clears_by <= now_ms() + 5_000, "clears by {clears_by}");
    assert!(jobs["classified_fields"].as_array().unwrap().is_empty(), "the latest schema has no personal field");
    let dated_violation = |open: &Value, rule: &str| {
        open.as_array()?.iter().find(|v| v["cluster"] == "dated" && v["rule"] == rule).cloned()
    };
    let violation = eventually("the protection rule broken by version 1's field", SEEN_WITHIN, || async {
        let open = server.get_json("/api/v1/violations?topic=jobs").await;
        dated_violation(&open, "require_protection")
            .filter(|v| v["evidence"].as_str().is_some_and(|evidence| evidence.contains("in version 1, clears by")))
    })
    .await;
    assert!(violation["evidence"].as_str().unwrap().contains("seeker_email"), "{violation}");
    let personal = server.get_json("/api/v1/classification/personal-data").await;
    assert!(personal_topic(&personal, "dated", "jobs").is_some(), "jobs holds PII until then: {personal}");
    let (_, page) = server.page("/topic?cluster=dated&name=jobs").await;
    assert!(page.contains("Still held from earlier schema versions") && page.contains("in version 1, clears by"));

    // Then not, at the date: the topic page, the Personal data page and the violation.
    let waited = Instant::now();
    eventually("version 1 to clear from jobs", SEEN_WITHIN, || async {
        let topic = server.get_json("/api/v1/clusters/dated/topics/jobs").await;
        let open = server.get_json("/api/v1/violations?topic=jobs").await;
        (held_field(&topic, "seeker_email").is_none() && dated_violation(&open, "require_protection").is_none())
            .then_some(())
    })
    .await;
    assert!(now_ms() >= clears_by, "not before the date");
    println!("cleared {} ms after the date ({} ms waited)", now_ms() - clears_by, waited.elapsed().as_millis());
    let personal = server.get_json("/api/v1/classification/personal-data").await;
    assert!(personal_topic(&personal, "dated", "jobs").is_none(), "{personal}");

    // The same topic where records are read: held exactly while a version 1 record is
    // still among the oldest (the broker deletes by segment, often before the date).
    let real_jobs = eventually("jobs sampled", SEEN_WITHIN, || async {
        let topic = server.get_json("/api/v1/clusters/real/topics/jobs").await;
        (topic["record_sample"]["state"] == "taken").then_some(topic)
    })
    .await;
    let oldest = &real_jobs["record_sample"]["sample"]["partitions"][0]["oldest"];
    let v1_there = oldest["value_schema_id"].as_i64() == Some(i64::from(v1));
    assert_eq!(held_field(&real_jobs, "seeker_email").is_some(), v1_there, "{real_jobs}");

    // bookings: every oldest record is version 2, so version 1 is not held.
    let bookings = eventually("bookings sampled", SEEN_WITHIN, || async {
        let topic = server.get_json("/api/v1/clusters/real/topics/bookings").await;
        (topic["record_sample"]["state"] == "taken").then_some(topic)
    })
    .await;
    let ends = &bookings["record_sample"]["sample"]["partitions"][0];
    assert_eq!(ends["oldest"]["value_schema_id"].as_i64(), Some(i64::from(bookings_v2)), "{ends}");
    assert!(held_field(&bookings, "seeker_email").is_none(), "no version 1 record is there: {bookings}");

    // applications: a producer goes on writing version 1 after version 2 exists.
    let applications_v1 = first_ids[1];
    produce(&kafka, "applications", applications_v1, &["a1"]);
    let applications_v2 = registry.register("applications-value", &without_email("applications")).await;
    produce(&kafka, "applications", applications_v2, &["a2"]);
    produce(&kafka, "applications", applications_v1, &["a3"]);
    let still = eventually("applications' version 1 held as still written", SEEN_WITHIN, || async {
        let topic = server.get_json("/api/v1/clusters/real/topics/applications").await;
        let field = held_field(&topic, "seeker_email")?;
        (field["held"]["because"] == "still_written").then(|| field.clone())
    })
    .await;
    assert_eq!(still["held"]["clears_by_ms"], Value::Null, "{still}");
    produce(&kafka, "applications", applications_v2, &["a4"]);
    let dated = eventually("applications' version 1 dated again once version 2 is newest", SEEN_WITHIN, || async {
        let topic = server.get_json("/api/v1/clusters/real/topics/applications").await;
        let field = held_field(&topic, "seeker_email")?;
        (field["held"]["because"] == "retention").then(|| field.clone())
    })
    .await;
    assert!(dated["held"]["clears_by_ms"].as_i64().is_some(), "{dated}");

    // profiles: compacted, so version 1's records stay until deleted by key.
    let profiles_topic = eventually("profiles' version 1 held", SEEN_WITHIN, || async {
        let topic = server.get_json("/api/v1/clusters/real/topics/profiles").await;
        held_field(&topic, "seeker_email").is_some().then_some(topic)
    })
    .await;
    let held = &held_field(&profiles_topic, "seeker_email").unwrap()["held"];
    assert_eq!((held["because"].as_str(), &held["clears_by_ms"]), (Some("compacted"), &Value::Null), "{held}");
    let retention = eventually("the retention rule on the compacted topic", SEEN_WITHIN, || async {
        let open = server.get_json("/api/v1/violations?topic=profiles").await;
        open.as_array()?.iter().find(|v| v["cluster"] == "real" && v["rule"] == "max_retention_days").cloned()
    })
    .await;
    assert!(retention["evidence"].as_str().unwrap().contains("cleanup.policy is compact"), "{retention}");
    let (_, page) = server.page("/topic?cluster=real&name=profiles").await;
    assert!(page.contains("kept until deleted by key"), "the page says so");
}

fn personal_topic<'a>(personal: &'a Value, cluster: &str, name: &str) -> Option<&'a Value> {
    personal["topics"].as_array()?.iter().find(|topic| topic["cluster"] == cluster && topic["topic"] == name)
}

fn now_ms() -> i64 {
    i64::try_from(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis()).unwrap()
}
