//! The store behaves the same on SQLite and PostgreSQL.
//!
//! PostgreSQL comes from `TRIBUTARY_TEST_POSTGRES_URL` (an account that may create
//! databases; `make test` starts one). Without it the PostgreSQL half is skipped with a
//! notice, unless `TRIBUTARY_REQUIRE_POSTGRES=1` (set by `make test`), where it fails.

use std::sync::atomic::{AtomicU32, Ordering};

use model::{
    merge_edges, observed_edges, AclBinding, AclOperation, AclPermission, AclResource, Broker, Change, ClusterAcls,
    ClusterIdentity, ClusterSnapshot, ClusterStatus, CommittedOffset, ConsumerGroup, Decision, Evidence, FieldDecision,
    Freshness, GroupMember, Partition, PatternType, ResourceKind, Topic, TopicConfig, TopicPartitions,
};
use sqlx::Executor;
use tributary::store::{Backend, Store, StoredEdge};
use tributary_core::audit::AuditFilter;
use tributary_core::audit::Draft;

static NEXT_DATABASE: AtomicU32 = AtomicU32::new(0);

/// A fresh SQLite file and, when available, a fresh PostgreSQL database.
async fn stores(dir: &tempfile::TempDir) -> Vec<Store> {
    let sqlite =
        Store::open(&format!("sqlite://{}/catalog.db", dir.path().display())).await.expect("SQLite store opens");
    let mut stores = vec![sqlite];
    match std::env::var("TRIBUTARY_TEST_POSTGRES_URL") {
        Ok(admin_url) => stores.push(fresh_postgres(&admin_url).await),
        Err(_) if std::env::var("TRIBUTARY_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") => {
            panic!("TRIBUTARY_REQUIRE_POSTGRES=1 but TRIBUTARY_TEST_POSTGRES_URL is not set")
        }
        Err(_) => eprintln!("notice: TRIBUTARY_TEST_POSTGRES_URL not set; testing SQLite only"),
    }
    stores
}

async fn fresh_postgres(admin_url: &str) -> Store {
    sqlx::any::install_default_drivers();
    let name = format!("tributary_test_{}_{}", std::process::id(), NEXT_DATABASE.fetch_add(1, Ordering::Relaxed));
    let admin = sqlx::AnyPool::connect(admin_url).await.expect("PostgreSQL answers");
    admin.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).await.expect("test database is created");
    admin.close().await;
    let (base, _) = admin_url.rsplit_once('/').expect("URL ends with /database");
    Store::open(&format!("{base}/{name}")).await.expect("PostgreSQL store opens")
}

fn snapshot(topic_names: &[&str]) -> ClusterSnapshot {
    ClusterSnapshot {
        brokers: vec![Broker { id: 1, host: "kafka-1".into(), port: 9092 }],
        topics: topic_names
            .iter()
            .map(|name| Topic {
                name: (*name).into(),
                internal: name.starts_with("__"),
                partitions: (0..3)
                    .map(|id| Partition {
                        id,
                        leader: 1,
                        replicas: vec![1, 2, 3],
                        in_sync_replicas: vec![1, 2],
                        high_watermark: Some(42),
                    })
                    .collect(),
                configs: vec![TopicConfig {
                    name: "retention.ms".into(),
                    value: Some("86400000".into()),
                    source: "DynamicTopic".into(),
                    sensitive: false,
                }],
            })
            .collect(),
        groups: vec![ConsumerGroup {
            group_id: "billing".into(),
            state: "Stable".into(),
            protocol_type: "consumer".into(),
            protocol: "range".into(),
            members: vec![GroupMember {
                member_id: "billing-1-6f1c".into(),
                client_id: "billing-1".into(),
                client_host: "/10.0.0.7".into(),
                assignment: vec![TopicPartitions { topic: "orders".into(), partitions: vec![0, 1, 2] }],
            }],
            offsets: vec![CommittedOffset { topic: "orders".into(), partition: 0, offset: 40, lag: Some(2) }],
        }],
        identity: ClusterIdentity { cluster_id: Some("lkc-7x1q".into()), controller: Some(1) },
        access: ClusterAcls::Listed {
            bindings: vec![AclBinding {
                resource: AclResource {
                    kind: ResourceKind::Topic,
                    name: "orders".into(),
                    pattern: PatternType::Literal,
                },
                principal: "User:billing".into(),
                host: "*".into(),
                operation: AclOperation::Read,
                permission: AclPermission::Allow,
            }],
        },
        writers: Default::default(),
    }
}

fn read_status(alias: &str, at_ms: i64) -> ClusterStatus {
    ClusterStatus {
        last_good_read_ms: Some(at_ms),
        last_attempt_ms: Some(at_ms),
        ..ClusterStatus::new(alias, "kafka-1:9092")
    }
}

// The audit log's chain under concurrent writers, on every backend.
#[path = "store/audit.rs"]
mod audit;

#[tokio::test]
async fn a_saved_snapshot_reads_back_identically_on_every_backend() {
    let dir = tempfile::tempdir().unwrap();
    for store in stores(&dir).await {
        let saved = snapshot(&["orders", "payments", "__consumer_offsets"]);
        let mut edges = Vec::new();
        merge_edges(&mut edges, observed_edges(&saved), 1_000);
        store.save_cluster(&read_status("prod", 1_000), Some((&saved, &edges))).await.unwrap();

        let clusters = store.load_clusters().await.unwrap();
        let prod = &clusters["prod"];
        assert_eq!(prod.status, read_status("prod", 1_000), "{:?}", store.backend());
        assert_eq!(prod.snapshot.as_ref(), Some(&saved), "{:?}", store.backend());
        assert_eq!(prod.edges, edges, "{:?}", store.backend());
        assert_eq!(prod.edges[0].edge.evidence, vec![Evidence::LiveAssignment, Evidence::CommittedOffsets]);
    }
}

#[tokio::test]
async fn a_new_snapshot_replaces_the_old_one_and_a_failure_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    for store in stores(&dir).await {
        store.save_cluster(&read_status("prod", 1_000), Some((&snapshot(&["orders", "legacy"]), &[]))).await.unwrap();
        store.save_cluster(&read_status("prod", 2_000), Some((&snapshot(&["orders"]), &[]))).await.unwrap();

        let mut failed = read_status("prod", 2_000);
        failed.last_attempt_ms = Some(3_000);
        failed.last_error = Some("connection refused".into());
        store.save_cluster(&failed, None).await.unwrap();

        let prod = store.load_clusters().await.unwrap().remove("prod").unwrap();
        let names: Vec<_> = prod.snapshot.unwrap().topics.into_iter().map(|t| t.name).collect();
        assert_eq!(names, vec!["orders".to_string()], "{:?}: the deleted topic is gone", store.backend());
        assert_eq!(prod.status.freshness(), Freshness::Stale, "{:?}", store.backend());
    }
}

#[tokio::test]
async fn reopening_a_store_keeps_its_data_and_reruns_no_migration() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/nested/dir/catalog.db", dir.path().display());
    let store = Store::open(&url).await.expect("the file and its directories are created");
    assert_eq!(store.backend(), Backend::Sqlite);
    store.save_cluster(&read_status("prod", 1_000), Some((&snapshot(&["orders"]), &[]))).await.unwrap();
    store.close().await;

    let reopened = Store::open(&url).await.unwrap();
    assert!(reopened.load_clusters().await.unwrap().contains_key("prod"));
}

#[tokio::test]
async fn an_unreachable_postgres_is_a_clear_error() {
    let error = Store::open("postgres://tributary:secret@127.0.0.1:1/catalog").await.unwrap_err().to_string();
    assert!(error.contains("127.0.0.1:1") && !error.contains("secret"), "{error}");
}

#[tokio::test]
async fn declared_edges_are_kept_refreshed_and_removed_on_every_backend() {
    let dir = tempfile::tempdir().unwrap();
    for store in stores(&dir).await {
        let edge = |last_seen_ms: i64| StoredEdge {
            from_node: "group:prod/checkout".into(),
            to_node: "prod/orders".into(),
            kind: "writes".into(),
            evidence: "declared".into(),
            first_seen_ms: last_seen_ms,
            last_seen_ms,
        };
        store.upsert_declared_edge(&edge(100), &draft("lineage_declared", "edge")).await.unwrap();
        store.upsert_declared_edge(&edge(200), &draft("lineage_declared", "edge")).await.unwrap();
        let listed = store.list_declared_edges().await.unwrap();
        assert_eq!(listed.len(), 1, "{:?}", store.backend());
        assert_eq!((listed[0].first_seen_ms, listed[0].last_seen_ms), (100, 200), "first seen stays, last seen moves");
        let removal = draft("lineage_removed", "edge");
        assert!(store.delete_declared_edge("group:prod/checkout", "prod/orders", "writes", &removal).await.unwrap());
        assert!(!store.delete_declared_edge("group:prod/checkout", "prod/orders", "writes", &removal).await.unwrap());
        assert!(store.list_declared_edges().await.unwrap().is_empty());
        let audited = store.list_audit(&AuditFilter::default(), 0, 10).await.unwrap();
        let actions: Vec<&str> = audited.iter().map(|entry| entry.action.as_str()).collect();
        assert_eq!(
            actions,
            ["lineage_declared", "lineage_declared", "lineage_removed"],
            "none for a removal of nothing"
        );
        store.close().await;
    }
}

/// A steward's decision is kept with its history event, in order, on every backend; a
/// hostile reason reads back byte for byte.
#[tokio::test]
async fn field_decisions_are_kept_with_their_history_on_every_backend() {
    let dir = tempfile::tempdir().unwrap();
    for store in stores(&dir).await {
        let decision = |path: &str, decision: Decision, reason: &str, at_ms: i64| FieldDecision {
            source: "main".into(),
            subject: "shop.orders-value".into(),
            path: path.into(),
            category: "PII".into(),
            decision,
            reason: reason.into(),
            decided_by: "ada".into(),
            decided_at_ms: at_ms,
        };
        let hostile = "not personal: <script>alert(1)</script> 'quoted' \"too\" ✓";
        let first = decision("address.city", Decision::Dismiss, hostile, 100);
        let second = decision("address.zipcode", Decision::Confirm, "postal code of a person", 200);
        for recorded in [&first, &second] {
            let change = Change::FieldDecided {
                subject: recorded.subject.clone(),
                path: recorded.path.clone(),
                category: recorded.category.clone(),
                decision: recorded.decision,
                reason: recorded.reason.clone(),
                by: recorded.decided_by.clone(),
            };
            let event = store.record_decision(recorded, change, &draft("field_decided", &recorded.path)).await.unwrap();
            assert!(event.id > 0 && event.cluster == "main", "{:?}", store.backend());
        }
        assert_eq!(store.list_decisions().await.unwrap(), vec![first.clone(), second], "{:?}", store.backend());
        let history = store.list_events(Some("main"), None, 0, 10).await.unwrap();
        assert_eq!(history.len(), 2);
        assert_eq!(history[0].change.kind(), "field_decided");
        store.close().await;
    }
}

/// An OpenLineage event's edges go in as one transaction; the readiness probe writes
/// nothing.
#[tokio::test]
async fn many_declared_edges_are_stored_at_once_and_the_write_probe_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for store in stores(&dir).await {
        let edges: Vec<StoredEdge> = (0..5_000)
            .map(|i| StoredEdge {
                from_node: "job:spark/fan_out".into(),
                to_node: format!("prod/t{i}"),
                kind: "writes".into(),
                evidence: "open_lineage".into(),
                first_seen_ms: 1,
                last_seen_ms: 1,
            })
            .collect();
        let started = std::time::Instant::now();
        store.upsert_declared_edges(&edges, None).await.unwrap();
        println!(
            "{:?}: 5,000 declared edges in one transaction: {} ms",
            store.backend(),
            started.elapsed().as_millis()
        );
        assert_eq!(store.list_declared_edges().await.unwrap().len(), 5_000, "{:?}", store.backend());
        store.probe_write().await.unwrap();
        store.probe_write().await.unwrap();
        assert_eq!(store.list_declared_edges().await.unwrap().len(), 5_000, "{:?}", store.backend());
        store.close().await;
    }
}

#[tokio::test]
async fn a_topics_recent_changes_and_lag_history_read_back_on_every_backend() {
    use model::Change;
    use tributary::store::LagReading;

    let dir = tempfile::tempdir().unwrap();
    for store in stores(&dir).await {
        let changes = [
            Change::TopicCreated { topic: "orders".into(), partitions: 3 },
            Change::TopicCreated { topic: "refunds".into(), partitions: 1 },
            Change::GroupStartedReading { group: "billing".into(), topic: "orders".into() },
        ];
        store.append_events("prod", 1_000, &changes).await.unwrap();
        store.append_events("staging", 1_000, &changes[..1]).await.unwrap();
        let recent = store.recent_events("prod", Some("orders"), 10).await.unwrap();
        let kinds: Vec<&str> = recent.iter().map(|event| event.change.kind()).collect();
        assert_eq!(
            kinds,
            ["group_started_reading", "topic_created"],
            "{:?}: newest first, this cluster only",
            store.backend()
        );
        assert_eq!(store.recent_events("prod", None, 2).await.unwrap().len(), 2, "the cluster's, at most the limit");

        let reading = |group: &str, lag| LagReading { group_id: group.into(), topic: "orders".into(), lag };
        assert!(store.record_lag("prod", 10_000, &[reading("billing", 7), reading("audit", 0)]).await.unwrap());
        assert!(!store.record_lag("prod", 11_000, &[reading("billing", 9)]).await.unwrap(), "too soon after the last");
        assert!(store.record_lag("prod", 20_000, &[reading("billing", 3)]).await.unwrap());
        let history = store.lag_history("prod", "orders", 0).await.unwrap();
        let billing = history.iter().find(|series| series.group_id == "billing").unwrap();
        let lags: Vec<(i64, i64)> = billing.samples.iter().map(|sample| (sample.at_ms, sample.lag)).collect();
        assert_eq!(lags, [(10_000, 7), (20_000, 3)]);
        assert_eq!(history.len(), 2, "billing and audit");
        let day_later = 20_000 + tributary::store::LAG_HISTORY_WINDOW_MS + 1;
        store.record_lag("prod", day_later, &[reading("billing", 1)]).await.unwrap();
        let history = store.lag_history("prod", "orders", 0).await.unwrap();
        assert_eq!(history.len(), 1, "a day on, only the new sample is kept");
    }
}

/// A read's snapshot and its history go in together or not at all, and the catalog
/// shows a read only once both are written: a store that fails between the two leaves
/// neither, and the next read finds the same changes again.
#[tokio::test]
async fn a_read_and_its_changes_are_stored_together_or_not_at_all() {
    use std::sync::Arc;
    use tributary::config::ClusterConfig;
    use tributary::service::Services;
    use tributary_core::catalog::{ClusterCatalog, RegistryCatalog};

    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/c.db", dir.path().display());
    let store = Store::open(&url).await.unwrap();
    let cluster =
        ClusterConfig { alias: "prod".into(), bootstrap_servers: "k:9092".into(), properties: Default::default() };
    let catalog = Arc::new(ClusterCatalog::new(&[cluster], Default::default(), 10_000));
    let registries = Arc::new(RegistryCatalog::new(&[], &[]));
    let services = Services::restore(Arc::clone(&catalog), registries, store.clone(), &[]).await.unwrap();
    services.record_cluster_read("prod", Ok(snapshot(&["orders"]))).await;

    // The history's table refuses writes, as a full disk or a lost connection would.
    use sqlx::Connection;
    let mut operator = sqlx::SqliteConnection::connect(&url).await.unwrap();
    let trigger = "CREATE TRIGGER refuse BEFORE INSERT ON catalog_events BEGIN SELECT RAISE(ABORT, 'injected'); END";
    operator.execute(trigger).await.unwrap();
    assert_eq!(services.record_cluster_read("prod", Ok(snapshot(&["orders", "payments"]))).await, 0);
    let shown: Vec<String> =
        catalog.cluster("prod").unwrap().snapshot.unwrap().topics.into_iter().map(|t| t.name).collect();
    assert_eq!(shown, vec!["orders"], "the catalog does not show a read whose history was not written");
    let stored = store.load_clusters().await.unwrap();
    let stored: Vec<String> = stored["prod"].snapshot.clone().unwrap().topics.into_iter().map(|t| t.name).collect();
    assert_eq!(stored, vec!["orders"], "the snapshot was rolled back with the events");

    operator.execute("DROP TRIGGER refuse").await.unwrap();
    assert_eq!(services.record_cluster_read("prod", Ok(snapshot(&["orders", "payments"]))).await, 1, "found again");
    let history = store.list_events(Some("prod"), None, 0, 100).await.unwrap();
    assert!(
        history
            .iter()
            .any(|event| matches!(&event.change, model::Change::TopicCreated { topic, .. } if topic == "payments")),
        "{history:?}"
    );
}

/// An audit entry for a store test.
fn draft(action: &'static str, target: &str) -> Draft {
    Draft::new(1, "ada", action, target.to_owned(), "because", None::<&()>, Some(&target))
}

/// When a schema version was first seen is written once: a later sighting of the same
/// version keeps the first time, on every backend; many go in at once.
#[tokio::test]
async fn version_sightings_keep_the_first_time_on_every_backend() {
    use tributary::store::version_sightings::Sighting;
    let dir = tempfile::tempdir().unwrap();
    for store in stores(&dir).await {
        let sighting = |subject: &str, version: i32, at_ms: i64| Sighting {
            source: "main".into(),
            subject: subject.into(),
            version,
            schema_id: version + 100,
            first_seen_ms: at_ms,
        };
        let many: Vec<Sighting> = (1..=2_500).map(|version| sighting("jobs-value", version, 1_000)).collect();
        store.record_version_sightings(&many).await.unwrap();
        store
            .record_version_sightings(&[sighting("jobs-value", 1, 5_000), sighting("<b>'x'</b>", 1, 6_000)])
            .await
            .unwrap();
        let mut read = store.version_sightings().await.unwrap();
        read.sort_by(|a, b| (&a.subject, a.version).cmp(&(&b.subject, b.version)));
        assert_eq!(read.len(), 2_501, "{:?}", store.backend());
        assert_eq!(read[0], sighting("<b>'x'</b>", 1, 6_000));
        assert_eq!(read[1], sighting("jobs-value", 1, 1_000), "the first sighting stands: {:?}", store.backend());
        store.close().await;
    }
}
