//! The estate as code against a real Apache Kafka 4 broker (KRaft, SCRAM-SHA-512,
//! `StandardAuthorizer`): one estate written three ways (a JulieOps topology, a
//! kafka-gitops state file, Terraform's plan JSON), each the estate source of its own
//! alias of the same cluster. Every kind of drift is made on the real cluster by hand
//! (a topic added, a config changed, an ACL added and one removed, a group reading with
//! an undeclared principal), reported by all three within one refresh of the change,
//! and resolved once fixed; the read grant nobody uses is named throughout; a broken
//! file is reported with its line while the rest is still read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::support::eventually;
use crate::support::kafka::{kafka_libs, ApacheKafka, TRIBUTARY};
use crate::support::server::{config, TestServer};
use rdkafka::admin::{AdminClient, AdminOptions, AlterConfig, NewTopic, ResourceSpecifier, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer};
use rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use rdkafka::ClientConfig;
use serde_json::Value;
use tributary::config::{ClusterConfig, EstateSourceConfig};

/// The three ways the estate is written, each an alias of the one cluster.
const FORMATS: [(&str, &str); 3] =
    [("julie", "julieops-topology.yaml"), ("gitops", "kafka-gitops-state.yaml"), ("terraform", "terraform-plan.json")];
/// A principal as hostile as an ACL allows: markup and quotes.
const SHADOW: &str = "User:shadow<script>alert(1)</script>\"q\"";
/// One cluster poll (1 s here) and one estate refresh (2 s), with room for a loaded CI.
const ONE_REFRESH: Duration = Duration::from_secs(15);

fn estate_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/estate").join(name)
}

fn admin(kafka: &ApacheKafka) -> AdminClient<DefaultClientContext> {
    ClientConfig::new().set("bootstrap.servers", kafka.plaintext()).create().unwrap()
}

/// The estate as its code declares it, applied by hand (what the team's tool would do).
async fn apply_the_code(kafka: &ApacheKafka) {
    let placed = NewTopic::new("shop.orders.placed", 3, TopicReplication::Fixed(1)).set("retention.ms", "604800000");
    let refunds = NewTopic::new("shop.orders.refunds", 1, TopicReplication::Fixed(1));
    for result in admin(kafka).create_topics(&[placed, refunds], &AdminOptions::new()).await.unwrap() {
        result.expect("topic created");
    }
    for topic in ["shop.orders.placed", "shop.orders.refunds"] {
        kafka.acls(&[
            "--add",
            "--allow-principal",
            "User:billing",
            "--operation",
            "Read",
            "--operation",
            "Describe",
            "--topic",
            topic,
        ]);
        kafka.acls(&[
            "--add",
            "--allow-principal",
            "User:checkout",
            "--operation",
            "Write",
            "--operation",
            "Describe",
            "--topic",
            topic,
        ]);
    }
    kafka.acls(&["--add", "--allow-principal", "User:billing", "--operation", "Read", "--group", "billing"]);
    // What Tributary itself needs: not the code's business (`ignore_principals`).
    kafka.acls(&["--add", "--allow-principal", "User:tributary", "--operation", "Describe", "--cluster"]);
    kafka.acls(&[
        "--add",
        "--allow-principal",
        "User:tributary",
        "--operation",
        "Describe",
        "--operation",
        "DescribeConfigs",
        "--topic",
        "*",
    ]);
    kafka.acls(&["--add", "--allow-principal", "User:tributary", "--operation", "Describe", "--group", "*"]);
}

/// A group `group` reading `topic` (committing), until the flag is cleared.
fn keep_consuming(kafka: &ApacheKafka, group: &str, topic: &str) -> Arc<AtomicBool> {
    let running = Arc::new(AtomicBool::new(true));
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", kafka.plaintext())
        .set("group.id", group)
        .set("auto.offset.reset", "earliest")
        .set("enable.auto.commit", "false")
        .create()
        .unwrap();
    consumer.subscribe(&[topic]).unwrap();
    let still = Arc::clone(&running);
    std::thread::spawn(move || {
        while still.load(Ordering::Relaxed) {
            if let Some(Ok(_)) = consumer.poll(Duration::from_millis(100)) {
                let _ = consumer.commit_consumer_state(CommitMode::Sync);
            }
        }
    });
    running
}

fn produce(kafka: &ApacheKafka, topic: &str) {
    let producer: BaseProducer = ClientConfig::new().set("bootstrap.servers", kafka.plaintext()).create().unwrap();
    for index in 0..5 {
        producer.send(BaseRecord::to(topic).key(&index.to_string()).payload("{}")).unwrap();
    }
    producer.flush(Duration::from_secs(10)).unwrap();
}

/// A finding as the test compares it: kind, topic, principal, item.
type Seen = (String, String, String, String);

fn findings(estate: &Value) -> Vec<Seen> {
    let text = |finding: &Value, key: &str| finding[key].as_str().unwrap_or_default().to_owned();
    let mut seen: Vec<Seen> = estate["findings"]
        .as_array()
        .map(|findings| {
            findings
                .iter()
                .map(|f| (text(f, "kind"), text(f, "topic"), text(f, "principal"), text(f, "item")))
                .collect()
        })
        .unwrap_or_default();
    seen.sort();
    seen
}

fn seen(kind: &str, topic: &str, principal: &str, item: &str) -> Seen {
    (kind.into(), topic.into(), principal.into(), item.into())
}

/// Waits until every alias reports exactly `expected`; how long that took.
async fn every_format_reports(server: &TestServer, what: &str, expected: &[Seen]) -> Duration {
    let started = Instant::now();
    let mut expected = expected.to_vec();
    expected.sort();
    for (alias, _) in FORMATS {
        eventually(&format!("{alias}: {what}"), ONE_REFRESH, || async {
            let estate = server.get_json(&format!("/api/v1/clusters/{alias}/estate")).await;
            let found = findings(&estate);
            if found != expected {
                println!("{alias}, waiting for {what}: {found:?}");
            }
            (found == expected).then_some(())
        })
        .await;
    }
    let took = started.elapsed();
    println!("{what}: reported by all three formats after {} ms", took.as_millis());
    took
}

/// Guardrails over the code, for the topics the test drifts.
const GUARDRAILS: &str = "[scope]\ntopics = [\"shop.scratch\", \"shop.orders.placed\"]\n[rules]\nno_undeclared_topics = true\nmax_drift_hours = 0\nonly_declared_readers = true\n";

/// The open violations of cluster `alias`: (topic, rule, target), sorted.
async fn violations(server: &TestServer, alias: &str) -> Vec<(String, String, String)> {
    let open = server.get_json(&format!("/api/v1/violations?cluster={alias}")).await;
    let text = |violation: &Value, key: &str| violation[key].as_str().unwrap_or_default().to_owned();
    let mut found: Vec<_> = open
        .as_array()
        .map(|open| open.iter().map(|v| (text(v, "topic"), text(v, "rule"), text(v, "target"))).collect())
        .unwrap_or_default();
    found.sort();
    found
}

fn source(alias: &str, path: &Path) -> EstateSourceConfig {
    EstateSourceConfig {
        path: path.to_path_buf(),
        cluster: alias.into(),
        format: None,
        properties: BTreeMap::new(),
        ignore_principals: vec!["User:tributary".into()],
        ignore_topics: vec![],
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drift_made_by_hand_is_reported_by_every_format_and_resolves_when_fixed() {
    let Some(libs) = kafka_libs() else { return };
    let kafka = ApacheKafka::start(libs);
    apply_the_code(&kafka).await;
    produce(&kafka, "shop.orders.placed");
    let billing = keep_consuming(&kafka, "billing", "shop.orders.placed");

    // The JulieOps source is a directory (so a broken file can join it later); the
    // others name their file.
    let julie_dir = tempfile::tempdir().unwrap();
    std::fs::copy(estate_file(FORMATS[0].1), julie_dir.path().join(FORMATS[0].1)).unwrap();
    let store = tempfile::tempdir().unwrap();
    let mut settings = config(&format!("sqlite://{}/c.db", store.path().display()), &[]);
    // Configs are re-read at their own cadence (a minute by default): a changed one is
    // drift within that, not within a poll.
    settings.ingest.config_refresh_secs = 2;
    settings.clusters = FORMATS
        .iter()
        .map(|(alias, _)| ClusterConfig {
            alias: (*alias).into(),
            bootstrap_servers: kafka.sasl(),
            properties: ApacheKafka::scram_properties(TRIBUTARY).into_iter().collect(),
        })
        .collect();
    // Guardrails over the code for two topics: declared, drift fixed at once, declared readers.
    let profiles = tempfile::tempdir().unwrap();
    std::fs::write(profiles.path().join("guardrails.toml"), GUARDRAILS).unwrap();
    settings.compliance.profiles_dir = Some(profiles.path().to_owned());
    settings.estate_sources = vec![
        source("julie", julie_dir.path()),
        source("gitops", &estate_file(FORMATS[1].1)),
        source("terraform", &estate_file(FORMATS[2].1)),
    ];
    let server = TestServer::start(settings).await;

    // The code applied: only the grant nobody uses (billing reads placed, never refunds).
    let unused = seen("grant_unused", "shop.orders.refunds", "User:billing", "read grant");
    every_format_reports(&server, "the code applied", std::slice::from_ref(&unused)).await;
    let julie = server.get_json("/api/v1/clusters/julie/estate").await;
    assert_eq!(julie["declared_topics"], 2);
    assert_eq!(julie["sources"][0]["files"][0]["format"], "julieops");
    let terraform = server.get_json("/api/v1/clusters/terraform/estate").await;
    assert_eq!(terraform["findings"][0]["at"]["address"], "kafka_acl.billing_read_refunds", "{terraform}");

    // Drift made by hand, every kind at once.
    let admin = admin(&kafka);
    let scratch = NewTopic::new("shop.scratch", 1, TopicReplication::Fixed(1));
    admin.create_topics(&[scratch], &AdminOptions::new()).await.unwrap()[0].as_ref().expect("created");
    let retention = AlterConfig::new(ResourceSpecifier::Topic("shop.orders.placed")).set("retention.ms", "86400000");
    admin.alter_configs(&[retention], &AdminOptions::new()).await.unwrap()[0].as_ref().expect("altered");
    kafka.acls(&["--add", "--allow-principal", SHADOW, "--operation", "Read", "--topic", "shop.orders.placed"]);
    kafka.acls(&["--add", "--allow-principal", SHADOW, "--operation", "Read", "--group", "shadow"]);
    kafka.acls(&[
        "--remove",
        "--force",
        "--allow-principal",
        "User:checkout",
        "--operation",
        "Write",
        "--topic",
        "shop.orders.refunds",
    ]);
    let shadow = keep_consuming(&kafka, "shadow", "shop.orders.placed");
    let drifted = [
        unused.clone(),
        seen("topic_undeclared", "shop.scratch", "", "topic"),
        seen("config_differs", "shop.orders.placed", "", "retention.ms"),
        seen("acl_undeclared", "shop.orders.placed", SHADOW, "ALLOW READ on topic shop.orders.placed from *"),
        seen("acl_undeclared", "", SHADOW, "ALLOW READ on group shadow from *"),
        seen("acl_missing", "shop.orders.refunds", "User:checkout", "ALLOW WRITE on topic shop.orders.refunds from *"),
        seen("reader_undeclared", "shop.orders.placed", SHADOW, "reader"),
    ];
    let took = every_format_reports(&server, "every kind of drift", &drifted).await;
    assert!(took < ONE_REFRESH);
    let guarded: Vec<(String, String, String)> = [
        ("shop.orders.placed", "max_drift_hours", "acl_undeclared: ALLOW READ on topic shop.orders.placed from *"),
        ("shop.orders.placed", "max_drift_hours", "config_differs: retention.ms"),
        ("shop.orders.placed", "only_declared_readers", SHADOW),
        ("shop.scratch", "max_drift_hours", "topic_undeclared: topic"),
        ("shop.scratch", "no_undeclared_topics", "topic"),
    ]
    .map(|(topic, rule, target)| (topic.to_owned(), rule.to_owned(), target.to_owned()))
    .into();
    eventually("the guardrails' violations", ONE_REFRESH, || async {
        let found = violations(&server, "julie").await;
        if found != guarded {
            println!("waiting for the guardrails' violations: {found:?}");
        }
        (found == guarded).then_some(())
    })
    .await;
    let gitops = server.get_json("/api/v1/clusters/gitops/estate").await;
    let differs =
        gitops["findings"].as_array().unwrap().iter().find(|f| f["kind"] == "config_differs").unwrap().clone();
    assert_eq!((differs["declared"].as_str(), differs["live"].as_str()), (Some("604800000"), Some("86400000")));
    assert_eq!(differs["at"]["file"], "kafka-gitops-state.yaml");
    assert_eq!(differs["at"]["line"], 8, "where the code declares the topic");
    assert!(differs["since_ms"].as_i64().unwrap() > 0);

    // The page says it as text: the hostile principal never goes out as markup.
    let (status, page) = server.page("/estate?cluster=julie").await;
    assert_eq!(status, reqwest::StatusCode::OK);
    assert!(!page.contains("<script>alert(1)"), "a principal went out as markup");
    assert!(page.contains("User:shadow&lt;script&gt;alert(1)&lt;/script&gt;"), "shown as text");
    assert!(page.contains("julieops-topology.yaml:13"), "the line of the config in the code");
    // The principal's page: where the code declares it, its drift, its unused grants.
    let checkout = server.get_json("/api/v1/clusters/julie/principals/User%3Acheckout").await;
    assert_eq!(checkout["declared_at"][0]["at"]["line"], 11, "{checkout}");
    assert_eq!(checkout["drift"][0]["kind"], "acl_missing", "{checkout}");
    let billing_page = server.get_json("/api/v1/clusters/julie/principals/User%3Abilling").await;
    let never_used: Vec<&str> = billing_page["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|edge| edge["usage"]["usage"] == "not_seen_in_use")
        .filter_map(|edge| edge["topic"].as_str())
        .collect();
    assert_eq!(never_used, ["shop.orders.refunds"], "{billing_page}");
    let encoded: String = SHADOW.bytes().map(|byte| format!("%{byte:02X}")).collect();
    let (status, shadow_page) = server.page(&format!("/principal?cluster=julie&name={encoded}")).await;
    assert_eq!(status, reqwest::StatusCode::OK);
    assert!(!shadow_page.contains("<script>alert(1)"), "the principal went out as markup");
    assert!(
        shadow_page.contains("The estate&#x27;s code declares it nowhere")
            || shadow_page.contains("declares it nowhere")
    );
    // The topic says where the code declares it, and how it differs.
    let placed = server.get_json("/api/v1/clusters/julie/topics/shop.orders.placed").await;
    assert_eq!(placed["estate"]["declared_at"][0]["at"]["line"], 13, "{placed}");
    let kinds: Vec<&str> =
        placed["estate"]["drift"].as_array().unwrap().iter().filter_map(|f| f["kind"].as_str()).collect();
    assert!(kinds.contains(&"config_differs") && kinds.contains(&"reader_undeclared"), "{kinds:?}");
    let (_, topic_page) = server.page("/topic?cluster=julie&name=shop.orders.placed").await;
    assert!(topic_page.contains("Config values that differ"), "the topic page shows its drift");

    // A broken file joins the JulieOps source: reported with its line, the rest still
    // read, and nothing called undeclared while a file is unread.
    std::fs::write(julie_dir.path().join("broken.yaml"), "context: shop\nprojects:\n  - name: x\n    consumrs: []\n")
        .unwrap();
    eventually("the broken file reported with its line", ONE_REFRESH, || async {
        let julie = server.get_json("/api/v1/clusters/julie/estate").await;
        let error = julie["sources"][0]["errors"][0]["message"].as_str()?.to_owned();
        let found = findings(&julie);
        (julie["sources"][0]["errors"][0]["line"] == 4
            && error.contains("consumrs")
            && found.iter().any(|finding| finding.0 == "config_differs")
            && !found.iter().any(|finding| finding.0 == "topic_undeclared"))
        .then_some(())
    })
    .await;
    std::fs::remove_file(julie_dir.path().join("broken.yaml")).unwrap();

    // Fixed by hand: the drift resolves.
    shadow.store(false, Ordering::Relaxed);
    admin.delete_topics(&["shop.scratch"], &AdminOptions::new()).await.unwrap();
    let retention = AlterConfig::new(ResourceSpecifier::Topic("shop.orders.placed")).set("retention.ms", "604800000");
    admin.alter_configs(&[retention], &AdminOptions::new()).await.unwrap()[0].as_ref().expect("altered");
    kafka.acls(&[
        "--remove",
        "--force",
        "--allow-principal",
        SHADOW,
        "--operation",
        "Read",
        "--topic",
        "shop.orders.placed",
    ]);
    kafka.acls(&["--remove", "--force", "--allow-principal", SHADOW, "--operation", "Read", "--group", "shadow"]);
    kafka.acls(&[
        "--add",
        "--allow-principal",
        "User:checkout",
        "--operation",
        "Write",
        "--topic",
        "shop.orders.refunds",
    ]);
    every_format_reports(&server, "the drift fixed", std::slice::from_ref(&unused)).await;
    eventually("the guardrails' violations resolved", ONE_REFRESH, || async {
        violations(&server, "julie").await.is_empty().then_some(())
    })
    .await;
    billing.store(false, Ordering::Relaxed);
    server.stop().await.unwrap();
}

/// The customers' values: `email` holds personal data.
const CUSTOMER_SCHEMA: &str = r#"{"type": "record", "name": "Customer", "fields": [
    {"name": "customer_id", "type": "string"}, {"name": "email", "type": "string"}]}"#;
/// Only billing may read personal data (the catalog knows which topics hold it).
const BY_CATEGORY: &str = "[scope]\ncategories = [\"PII\"]\n[rules]\nallowed_principals = [\"User:billing\"]\n";
/// The same rule for a check without a catalog, scoped by the topic's name.
const BY_NAME: &str = "[scope]\ntopics = [\"shop.customers\"]\n[rules]\nallowed_principals = [\"User:billing\"]\n";
/// The code in force: billing reads the customers.
const STATE: &str = "topics:\n  shop.customers:\n    partitions: 1\n  shop.orders:\n    partitions: 1\nservices:\n  billing:\n    type: application\n    principal: User:billing\n    consumes: [shop.customers]\n";

/// Runs `tributary check` with `arguments`: exit code and everything it printed.
fn check(arguments: &[&str]) -> (i32, String) {
    let output =
        std::process::Command::new(env!("CARGO_BIN_EXE_tributary")).arg("check").args(arguments).output().unwrap();
    let printed = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.code().unwrap_or(-1), printed)
}

/// Proposals: a new reader of the customers, a harmless new reader of the orders, and a
/// file that does not parse.
fn proposals(dir: &Path) -> (String, String, String) {
    let write = |name: &str, text: &str| {
        std::fs::write(dir.join(name), text).unwrap();
        dir.join(name).display().to_string()
    };
    let marketing = write(
        "marketing.yaml",
        &format!("{STATE}  marketing:\n    type: application\n    principal: User:marketing\n    consumes: [shop.customers]\n"),
    );
    let shipping = write(
        "shipping.yaml",
        &format!(
            "{STATE}  shipping:\n    type: application\n    principal: User:shipping\n    consumes: [shop.orders]\n"
        ),
    );
    let broken =
        write("broken.yaml", &STATE.replace("    consumes: [shop.customers]\n", "    consume: [shop.customers]\n"));
    (marketing, shipping, broken)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_estate_blocks_a_reader_of_personal_data_passes_the_harmless_and_names_broken_lines() {
    let dir = tempfile::tempdir().unwrap();
    let (marketing, shipping, broken) = proposals(dir.path());

    // Standalone: the base branch's file, the profile scoped by name.
    let base = dir.path().join("base.yaml");
    std::fs::write(&base, STATE).unwrap();
    let profiles = dir.path().join("profiles");
    std::fs::create_dir(&profiles).unwrap();
    std::fs::write(profiles.join("customers.toml"), BY_NAME).unwrap();
    let (base, profiles) = (base.display().to_string(), profiles.display().to_string());
    let standalone = |proposal: &str| check(&["--estate", proposal, "--base", &base, "--profiles", &profiles]);
    let (code, out) = standalone(&marketing);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("User:marketing would reach shop.customers"), "{out}");
    assert!(out.contains("BLOCKED by profile `customers`, rule allowed_principals"), "{out}");
    assert!(out.contains("marketing.yaml:14"), "the line of the new grant: {out}");
    let (code, out) = standalone(&shipping);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("AclAdded shop.orders ALLOW READ on topic shop.orders from *"), "{out}");
    let (code, out) = standalone(&broken);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("broken.yaml:10: unknown key `consume`"), "file and line: {out}");
    assert!(!out.contains("TopicRemoved"), "nothing judged from a file not read: {out}");

    // Against the running catalog: the customers hold personal data by their schema.
    let Some(libs) = kafka_libs() else { return };
    let kafka = ApacheKafka::start(libs);
    let topics = ["shop.customers", "shop.orders"].map(|name| NewTopic::new(name, 1, TopicReplication::Fixed(1)));
    for result in admin(&kafka).create_topics(&topics, &AdminOptions::new()).await.unwrap() {
        result.expect("topic created");
    }
    let registry = crate::support::registry::RegistryDouble::start().await;
    let registered = reqwest::Client::new()
        .post(format!("{}/subjects/shop.customers-value/versions", registry.url))
        .header("content-type", "application/vnd.schemaregistry.v1+json")
        .body(serde_json::json!({"schema": CUSTOMER_SCHEMA}).to_string())
        .send()
        .await
        .unwrap();
    assert!(registered.status().is_success());
    let code_dir = tempfile::tempdir().unwrap();
    std::fs::write(code_dir.path().join("state.yaml"), STATE).unwrap();
    let profile_dir = tempfile::tempdir().unwrap();
    std::fs::write(profile_dir.path().join("customers.toml"), BY_CATEGORY).unwrap();
    let store = tempfile::tempdir().unwrap();
    let mut settings = config(&format!("sqlite://{}/c.db", store.path().display()), &[("prod", kafka.plaintext())]);
    settings.schema_registries = vec![tributary::config::RegistryConfig {
        name: "main".into(),
        url: registry.url.clone(),
        clusters: vec!["prod".into()],
        auth: None,
        mappings: vec![],
    }];
    settings.compliance.profiles_dir = Some(profile_dir.path().to_owned());
    settings.estate_sources = vec![source("prod", code_dir.path())];
    let server = TestServer::start(settings).await;
    eventually("the customers known to hold personal data", Duration::from_secs(30), || async {
        let personal = server.get_json("/api/v1/classification/personal-data").await;
        personal.to_string().contains("shop.customers").then_some(())
    })
    .await;
    let url = server.base_url.clone();
    let remote = |proposal: String| {
        let url = url.clone();
        tokio::task::spawn_blocking(move || check(&["--url", &url, "--cluster", "prod", "--estate", &proposal]))
    };
    let (code, out) = remote(marketing).await.unwrap();
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("User:marketing would reach shop.customers (PII)"), "the catalog knows the category: {out}");
    let (code, out) = remote(shipping).await.unwrap();
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("AclAdded shop.customers"), "billing's grant is in force already: {out}");
    let (code, out) = remote(broken).await.unwrap();
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("broken.yaml:10"), "{out}");
    server.stop().await.unwrap();
}
