//! Compliance profiles against a real Apache Kafka broker, the registry double and the
//! real server: profiles read from a directory, seven different rules broken by a topic
//! holding personal data, each violation resolved by a change to the topic's config, an
//! ACL, a schema registration (an owner, a masking rule), the profile file or a
//! steward's decision, and every
//! opening and resolution in the history. A broken profile file is one error naming its
//! file and line, and its last good version stays in force.

// The reports part of the compliance test, which runs on its estate.
#[path = "compliance/reports.rs"]
mod reports;

use std::path::Path;
use std::time::{Duration, Instant};

use crate::support::eventually;
use crate::support::kafka::{kafka_libs, ApacheKafka};
use crate::support::registry::RegistryDouble;
use crate::support::server::{config, TestServer};
use rdkafka::admin::{AdminClient, AdminOptions, AlterConfig, NewTopic, ResourceSpecifier, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer};
use rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use rdkafka::ClientConfig;
use serde_json::{json, Value};
use tributary::config::RegistryConfig;

/// A change must be judged within a poll or two (the server polls every second).
const RESOLVED_WITHIN: Duration = Duration::from_secs(20);

const CUSTOMER_SCHEMA: &str = r#"{"type": "record", "name": "Customer", "fields": [
    {"name": "customer_id", "type": "string"},
    {"name": "email", "type": "string"},
    {"name": "country_code", "type": "string"}]}"#;

const CLICK_SCHEMA: &str = r#"{"type": "record", "name": "Click", "fields": [
    {"name": "page", "type": "string"}, {"name": "amount_cents", "type": "long"}]}"#;

const PROFILE: &str = r#"description = "GDPR: customers' personal data"
[scope]
categories = ["PII"]
[rules]
max_retention_days = 30
cleanup_policy = "delete"
min_insync_replicas = 2
require_owner = true
allowed_groups = ["billing"]
forbid_public_read = true
require_protection = true
"#;

async fn admin(kafka: &ApacheKafka) -> AdminClient<DefaultClientContext> {
    ClientConfig::new().set("bootstrap.servers", kafka.plaintext()).create().unwrap()
}

async fn register(registry: &str, subject: &str, schema: &str, metadata: Value) {
    register_contract(registry, subject, schema, metadata, Value::Null).await;
}

/// Registers `schema` with its data contract: `metadata` and `ruleSet`.
async fn register_contract(registry: &str, subject: &str, schema: &str, metadata: Value, rule_set: Value) {
    let body = json!({"schema": schema, "metadata": metadata, "ruleSet": rule_set});
    let response = reqwest::Client::new()
        .post(format!("{registry}/subjects/{subject}/versions"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.text().await.unwrap());
}

/// Group `group` reads `topic` and commits, so the broker shows it as a reader.
fn read_and_commit(kafka: &ApacheKafka, group: &str, topic: &str) {
    let producer: BaseProducer = ClientConfig::new().set("bootstrap.servers", kafka.plaintext()).create().unwrap();
    producer.send(BaseRecord::to(topic).key("c1").payload("ada")).unwrap();
    producer.flush(Duration::from_secs(10)).unwrap();
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", kafka.plaintext())
        .set("group.id", group)
        .set("auto.offset.reset", "earliest")
        .set("enable.auto.commit", "false")
        .create()
        .unwrap();
    consumer.subscribe(&[topic]).unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(Ok(_)) = consumer.poll(Duration::from_millis(500)) {
            consumer.commit_consumer_state(CommitMode::Sync).unwrap();
            break;
        }
        assert!(Instant::now() < deadline, "{group} read nothing from {topic}");
    }
}

/// The open violations, as (topic, rule, target).
async fn open(server: &TestServer) -> Vec<(String, String, String)> {
    let violations = server.get_json("/api/v1/violations").await;
    let mut found: Vec<(String, String, String)> = violations
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let text = |key: &str| v[key].as_str().unwrap().to_owned();
            (text("topic"), text("rule"), text("target"))
        })
        .collect();
    found.sort();
    found
}

fn triple(topic: &str, rule: &str, target: &str) -> (String, String, String) {
    (topic.to_owned(), rule.to_owned(), target.to_owned())
}

/// Waits until `violation` is no longer open; answers how long that took.
async fn resolved(server: &TestServer, violation: (String, String, String), after: Instant) -> Duration {
    eventually(&format!("{violation:?} to resolve"), RESOLVED_WITHIN, || async {
        (!open(server).await.contains(&violation)).then_some(())
    })
    .await;
    after.elapsed()
}

fn write_profile(dir: &Path, name: &str, text: &str) {
    // Written whole and renamed, as an editor or `git checkout` leaves a file.
    let temporary = dir.join(format!(".{name}.tmp"));
    std::fs::write(&temporary, text).unwrap();
    std::fs::rename(temporary, dir.join(name)).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profile_rules_open_violations_that_config_changes_resolve() {
    let Some(libs) = kafka_libs() else { return };
    let kafka = ApacheKafka::start(libs);
    let admin = admin(&kafka).await;
    let customers = NewTopic::new("customers", 1, TopicReplication::Fixed(1))
        .set("retention.ms", "-1")
        .set("cleanup.policy", "compact")
        .set("min.insync.replicas", "1");
    let clicks = NewTopic::new("clicks", 1, TopicReplication::Fixed(1)).set("retention.ms", "-1");
    for result in admin.create_topics(&[customers, clicks], &AdminOptions::new()).await.unwrap() {
        result.expect("topic created");
    }
    kafka.acls(&["--add", "--allow-principal", "User:*", "--operation", "Read", "--topic", "customers"]);
    read_and_commit(&kafka, "analytics", "customers");

    let registry = RegistryDouble::start().await;
    register(&registry.url, "customers-value", CUSTOMER_SCHEMA, json!({"properties": {"team": "crm"}})).await;
    register(&registry.url, "clicks-value", CLICK_SCHEMA, json!(null)).await;

    let profiles = tempfile::tempdir().unwrap();
    write_profile(profiles.path(), "customers.toml", PROFILE);
    write_profile(profiles.path(), "typo.toml", "[scope]\ntopics = [\"clicks\"]\n[rules]\nmax_retenton_days = 1\n");
    let store = tempfile::tempdir().unwrap();
    let mut settings = config(&format!("sqlite://{}/c.db", store.path().display()), &[("prod", kafka.plaintext())]);
    settings.ingest.config_refresh_secs = 1;
    settings.schema_registries = vec![RegistryConfig {
        name: "main".into(),
        url: registry.url.clone(),
        clusters: vec!["prod".into()],
        auth: None,
        mappings: vec![],
    }];
    settings.compliance.profiles_dir = Some(profiles.path().to_owned());
    let server = TestServer::start(settings).await;
    // Changes are made signed in, with an API token.
    let steward = server.writer("ada");
    let auditor = server.token("auditor");

    // Five rules broken by the one topic holding personal data (its `email`); `clicks`
    // holds none and is outside the profile's scope, retention forever or not.
    let expected = [
        triple("customers", "allowed_groups", "analytics"),
        triple("customers", "cleanup_policy", "cleanup.policy"),
        triple("customers", "forbid_public_read", "ALLOW READ on topic customers from * to User:*"),
        triple("customers", "max_retention_days", "retention.ms"),
        triple("customers", "min_insync_replicas", "min.insync.replicas"),
        triple("customers", "require_owner", "owner"),
        triple("customers", "require_protection", "customers-value#email"),
    ];
    let found = eventually("the profile's violations", Duration::from_secs(60), || async {
        let found = open(&server).await;
        (found.len() >= expected.len()).then_some(found)
    })
    .await;
    assert_eq!(found, expected);
    let overview = server.get_json("/api/v1/profiles").await;
    let profile = &overview["profiles"][0];
    assert_eq!(profile["name"], "customers");
    assert_eq!(profile["topics"], json!([{"cluster": "prod", "topic": "customers"}]), "{overview}");
    assert_eq!(profile["open_violations"], 7);
    let typo = &overview["load_errors"][0];
    assert_eq!((typo["file"].as_str(), typo["line"].as_u64()), (Some("typo.toml"), Some(4)), "{overview}");
    assert!(typo["message"].as_str().unwrap().contains("unknown field `max_retenton_days`"), "{typo}");
    let retention = server.get_json("/api/v1/violations?topic=customers").await;
    let evidence: Vec<&str> = retention.as_array().unwrap().iter().map(|v| v["evidence"].as_str().unwrap()).collect();
    // Compacted: no retention bounds its live keys, whatever retention.ms says.
    assert!(
        evidence.contains(
            &"cleanup.policy is compact: the latest record of each key is kept until a tombstone deletes it, \
              whatever retention.ms says (retention.ms is -1 (records are kept forever)); at most 30 days allowed"
        ),
        "{evidence:?}"
    );

    // The topic's configs put right in one change: three violations close.
    let before_the_fix = tributary::clock::now_ms();
    let changed = Instant::now();
    let configs = AlterConfig::new(ResourceSpecifier::Topic("customers"))
        .set("retention.ms", "604800000")
        .set("cleanup.policy", "delete")
        .set("min.insync.replicas", "2");
    for result in admin.alter_configs(&[configs], &AdminOptions::new()).await.unwrap() {
        result.expect("configs altered");
    }
    for rule in [("max_retention_days", "retention.ms"), ("cleanup_policy", "cleanup.policy")] {
        let took = resolved(&server, triple("customers", rule.0, rule.1), changed).await;
        println!("{} resolved {} ms after the config change", rule.0, took.as_millis());
    }
    resolved(&server, triple("customers", "min_insync_replicas", "min.insync.replicas"), changed).await;
    reports::reports_as_of(&server, &auditor, before_the_fix).await;

    // The public grant removed, an owner named in a new registration, the reader allowed.
    kafka.acls(&["--remove", "--force", "--allow-principal", "User:*", "--operation", "Read", "--topic", "customers"]);
    resolved(&server, expected[2].clone(), changed).await;
    register(&registry.url, "customers-value", CUSTOMER_SCHEMA, json!({"properties": {"owner": "crm-team"}})).await;
    resolved(&server, triple("customers", "require_owner", "owner"), changed).await;
    // A masking rule on the e-mail address as written protects it (one a reader's
    // serializer applies on READ would not: the topic would still hold it in clear).
    let read_only = json!({"domainRules": [{"name": "mask-on-read", "kind": "TRANSFORM", "type": "CEL_FIELD",
        "mode": "READ", "expr": "name == 'email' ; 'xxx'"}]});
    let owner = json!({"properties": {"owner": "crm-team"}});
    register_contract(&registry.url, "customers-value", CUSTOMER_SCHEMA, owner.clone(), read_only).await;
    let masked = json!({"domainRules": [{"name": "mask-email", "kind": "TRANSFORM", "type": "CEL_FIELD",
        "mode": "WRITE", "expr": "name == 'email' ; 'xxx'"}]});
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(open(&server).await.contains(&triple("customers", "require_protection", "customers-value#email")));
    register_contract(&registry.url, "customers-value", CUSTOMER_SCHEMA, owner, masked).await;
    resolved(&server, triple("customers", "require_protection", "customers-value#email"), changed).await;
    write_profile(profiles.path(), "customers.toml", &PROFILE.replace(r#"["billing"]"#, r#"["billing", "analytics"]"#));
    resolved(&server, triple("customers", "allowed_groups", "analytics"), changed).await;
    assert_eq!(open(&server).await, []);

    // Propagation: an application reads the customers and writes a topic with no schema
    // of its own, which then holds their personal data from upstream, falls in the
    // profile's scope and breaks its rules, until a steward marks the application as
    // masking what it reads.
    let enriched = NewTopic::new("customers.enriched", 1, TopicReplication::Fixed(1)).set("retention.ms", "-1");
    for result in admin.create_topics(&[enriched], &AdminOptions::new()).await.unwrap() {
        result.expect("topic created");
    }
    for edge in [
        json!({"from": "prod/customers", "to": "group:prod/enricher", "kind": "reads"}),
        json!({"from": "group:prod/enricher", "to": "prod/customers.enriched", "kind": "writes"}),
    ] {
        let declared = steward.post(server.url("/api/v1/lineage/edges")).json(&edge).send().await.unwrap();
        assert_eq!(declared.status(), reqwest::StatusCode::CREATED, "{edge}");
    }
    let downstream = [
        triple("customers", "allowed_groups", "enricher"),
        triple("customers.enriched", "max_retention_days", "retention.ms"),
        triple("customers.enriched", "min_insync_replicas", "min.insync.replicas"),
        triple("customers.enriched", "require_owner", "owner"),
    ];
    let found = eventually("personal data to propagate downstream", RESOLVED_WITHIN, || async {
        let found = open(&server).await;
        (found.len() >= downstream.len()).then_some(found)
    })
    .await;
    assert_eq!(found, downstream);
    let personal = server.get_json("/api/v1/classification/personal-data").await;
    let marked = personal["topics"].as_array().unwrap().iter().find(|t| t["topic"] == "customers.enriched").unwrap();
    assert_eq!(
        marked["upstream"],
        json!([{"origin_cluster": "prod", "origin_topic": "customers", "through": "group:prod/enricher",
            "categories": ["PII"], "fields": ["customers-value#email"]}]),
        "{personal}"
    );
    let enricher = personal["readers"].as_array().unwrap().iter().find(|r| r["name"] == "enricher").unwrap();
    assert_eq!(
        enricher["cells"],
        json!([{"category": "PII", "direct": ["customers"], "downstream": []}]),
        "{personal}"
    );
    let customers_row = &personal["topics"].as_array().unwrap().iter().find(|t| t["topic"] == "customers").unwrap();
    assert_eq!(customers_row["fields"][0]["protected_by"], "mask-email", "{customers_row}");
    // One meaning of red: the lineage picture marks the downstream topic, whose personal
    // data comes from upstream (no schema tags it), as the Personal data page does.
    let lineage = server.get_json("/api/v1/lineage?node=prod/customers&direction=downstream").await;
    let node = lineage["nodes"].as_array().unwrap().iter().find(|n| n["id"] == "prod/customers.enriched").cloned();
    assert_eq!(node.map(|node| node["tags"].clone()), Some(json!(["PII"])), "{lineage}");

    let mark = |node: &str| json!({"node": node, "masking": true, "reason": "keeps only a hash of the e-mail address", "by": "grace"});
    for (node, status) in [("prod/customers", 400), ("group:prod/nobody", 404)] {
        let refused = steward.post(server.url("/api/v1/classification/masking")).json(&mark(node)).send().await;
        assert_eq!(refused.unwrap().status().as_u16(), status, "{node}");
    }
    let masked = steward.post(server.url("/api/v1/classification/masking")).json(&mark("group:prod/enricher"));
    assert_eq!(masked.send().await.unwrap().status(), reqwest::StatusCode::CREATED);
    let marked_at = Instant::now();
    for violation in &downstream[1..] {
        resolved(&server, violation.clone(), marked_at).await;
    }
    println!("a masking mark resolved the downstream violations in {} ms", marked_at.elapsed().as_millis());
    let personal = server.get_json("/api/v1/classification/personal-data").await;
    let origin = personal["topics"].as_array().unwrap().iter().find(|t| t["topic"] == "customers").unwrap();
    assert_eq!(origin["stopped"][0]["through"], "group:prod/enricher", "{origin}");
    assert!(personal["topics"].as_array().unwrap().iter().all(|t| t["topic"] != "customers.enriched"), "{personal}");

    // A broken edit keeps the last good version in force.
    write_profile(profiles.path(), "customers.toml", "[scope\ncategories = [\"PII\"]\n");
    let overview = eventually("the broken file reported", RESOLVED_WITHIN, || async {
        let overview = server.get_json("/api/v1/profiles").await;
        let errors = overview["load_errors"].as_array().unwrap().clone();
        errors.iter().any(|error| error["file"] == "customers.toml").then_some(overview)
    })
    .await;
    let broken = overview["load_errors"].as_array().unwrap().iter().find(|e| e["file"] == "customers.toml").unwrap();
    assert_eq!((broken["line"].as_u64(), broken["last_good_in_force"].as_bool()), (Some(1), Some(true)), "{broken}");
    assert_eq!(overview["profiles"][0]["rules"].as_array().unwrap().len(), 7, "the last good version: {overview}");

    // A steward dismisses the only personal field: the topic leaves the scope. Made to
    // break a rule first, so that leaving the scope has something to resolve.
    let configs = AlterConfig::new(ResourceSpecifier::Topic("customers")).set("retention.ms", "-1");
    for result in admin.alter_configs(&[configs], &AdminOptions::new()).await.unwrap() {
        result.expect("configs altered");
    }
    eventually("retention forever to break the profile again", RESOLVED_WITHIN, || async {
        open(&server).await.contains(&triple("customers", "max_retention_days", "retention.ms")).then_some(())
    })
    .await;
    let before_the_dismissal = tributary::clock::now_ms();
    tokio::time::sleep(Duration::from_millis(5)).await;
    let dismissal = json!({"source": "main", "subject": "customers-value", "path": "email", "category": "PII",
        "decision": "dismiss", "reason": "a shared support mailbox, not a person's", "by": "ada"});
    let response = steward.post(server.url("/api/v1/classification/decisions")).json(&dismissal).send().await.unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::CREATED);
    resolved(&server, triple("customers", "max_retention_days", "retention.ms"), Instant::now()).await;

    // A steward tags a topic with no personal field as holding PII (its payload says
    // more than its schema): it enters the profile's scope and breaks its rules until
    // the tag is taken back.
    let tag = |tagged: bool, topic: &str, category: &str| {
        json!({"cluster": "prod", "topic": topic, "category": category, "tagged": tagged,
            "reason": "the page field carries a user's search terms", "by": "ada"})
    };
    for (body, status) in [(tag(true, "nope", "PII"), 404), (tag(true, "clicks", "P I I"), 400)] {
        let refused = steward.post(server.url("/api/v1/classification/topic-tags")).json(&body).send().await;
        assert_eq!(refused.unwrap().status().as_u16(), status, "{body}");
    }
    let tagged = steward.post(server.url("/api/v1/classification/topic-tags")).json(&tag(true, "clicks", "pii"));
    assert_eq!(tagged.send().await.unwrap().status(), reqwest::StatusCode::CREATED);
    let clicks = [
        triple("clicks", "max_retention_days", "retention.ms"),
        triple("clicks", "min_insync_replicas", "min.insync.replicas"),
        triple("clicks", "require_owner", "owner"),
    ];
    eventually("the tagged topic's violations", RESOLVED_WITHIN, || async {
        let found = open(&server).await;
        clicks.iter().all(|violation| found.contains(violation)).then_some(())
    })
    .await;
    let while_tagged = tributary::clock::now_ms();
    let page = server.get_json("/api/v1/clusters/prod/topics/clicks").await;
    assert_eq!(page["topic_tags"][0]["category"], "PII", "{page}");
    let untagged = steward.post(server.url("/api/v1/classification/topic-tags")).json(&tag(false, "clicks", "PII"));
    assert_eq!(untagged.send().await.unwrap().status(), reqwest::StatusCode::CREATED);
    for violation in &clicks {
        resolved(&server, violation.clone(), Instant::now()).await;
    }

    // Every opening and resolution is in the history, under the topic's cluster.
    let history = server.get_json("/api/v1/events?cluster=prod&limit=500").await;
    let kinds: Vec<&str> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|event| event["change"]["kind"].as_str().unwrap_or_default())
        .collect();
    let opened = kinds.iter().filter(|kind| **kind == "violation_opened").count();
    let closed = kinds.iter().filter(|kind| **kind == "violation_resolved").count();
    // Seven at first, four with propagation; then two when retention went back to
    // forever (AlterConfigs replaces a topic's whole set, so min.insync.replicas fell
    // back to 1 with it); three while `clicks` was tagged by hand.
    assert_eq!((opened, closed), (16, 16), "{kinds:?}");
    let resolved_list = server.get_json("/api/v1/violations?state=resolved&topic=customers").await;
    let first = &resolved_list[0];
    assert!(first["resolved_at_ms"].as_i64().unwrap() >= first["first_seen_ms"].as_i64().unwrap(), "{first}");
    let refused = server.http.get(server.url("/api/v1/violations?state=maybe")).send().await.unwrap();
    assert_eq!(refused.status(), reqwest::StatusCode::BAD_REQUEST);

    reports::reports_as_of_stewardship(&server, &auditor, before_the_dismissal, while_tagged).await;
}
