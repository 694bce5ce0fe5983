//! ACLs and the cluster's identity, read over the Kafka protocol: from a broker with an
//! authorizer (recorded answers, since the local broker has none), from one without,
//! and from the real local broker.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::support::broker::Broker;
use crate::support::eventually;
use crate::support::recorded_broker::{
    AclAnswer, RecordedBroker, WireAcl, CLUSTER_AUTHORIZATION_FAILED, CLUSTER_ID, SECURITY_DISABLED,
};
use crate::support::server::{config, TestServer};
use model::{
    permitted_edges, AclBinding, AclOperation, AclPermission, AclResource, ClusterAcls, ClusterSnapshot,
    CommittedOffset, ConsumerGroup, Direction, GrantUsage, PatternType, ResourceKind, Topic,
};
use tributary::config::{ClusterConfig, IngestConfig};
use tributary::ingest::kafka::ClusterReader;

const TOPIC: i8 = 2;
const GROUP: i8 = 3;
const LITERAL: i8 = 3;
const PREFIXED: i8 = 4;
const ALL: i8 = 2;
const READ: i8 = 3;
const WRITE: i8 = 4;
const DENY: i8 = 2;
const ALLOW: i8 = 3;

fn allow(resource_type: i8, name: &'static str, pattern_type: i8, principal: &'static str, operation: i8) -> WireAcl {
    WireAcl { resource_type, resource_name: name, pattern_type, principal, host: "*", operation, permission: ALLOW }
}

/// The ACLs of a small shop estate, as `kafka-acls --list` would show them.
fn shop_acls() -> Vec<WireAcl> {
    vec![
        allow(TOPIC, "shop.", PREFIXED, "User:payment-service", READ),
        allow(GROUP, "payment-service", LITERAL, "User:payment-service", READ),
        allow(TOPIC, "shop.payments", LITERAL, "User:payment-service", WRITE),
        allow(TOPIC, "shop.orders", LITERAL, "User:checkout", WRITE),
        allow(TOPIC, "*", LITERAL, "User:ops", ALL),
        WireAcl { permission: DENY, ..allow(TOPIC, "shop.payments", LITERAL, "User:ops", READ) },
    ]
}

fn reader_for(bootstrap: String) -> ClusterReader {
    let cluster = ClusterConfig { alias: "secured".into(), bootstrap_servers: bootstrap, properties: BTreeMap::new() };
    ClusterReader::new(&cluster, &IngestConfig::default()).expect("the client is created")
}

async fn read(bootstrap: String) -> ClusterSnapshot {
    tokio::task::spawn_blocking(move || reader_for(bootstrap).read_blocking(&|_| {}))
        .await
        .unwrap()
        .expect("the cluster is read")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acls_of_a_cluster_with_an_authorizer_are_listed_with_the_cluster_identity() {
    let broker = RecordedBroker::start(AclAnswer::Acls(shop_acls()));
    let snapshot = read(broker.bootstrap()).await;

    assert_eq!(snapshot.identity.cluster_id.as_deref(), Some(CLUSTER_ID));
    assert_eq!(snapshot.identity.controller, Some(1));
    let ClusterAcls::Listed { bindings } = &snapshot.access else {
        panic!("the ACLs must be listed, got {:?}", snapshot.access);
    };
    assert_eq!(bindings.len(), 6, "{bindings:#?}");
    let prefixed_read = AclBinding {
        resource: AclResource { kind: ResourceKind::Topic, name: "shop.".into(), pattern: PatternType::Prefixed },
        principal: "User:payment-service".into(),
        host: "*".into(),
        operation: AclOperation::Read,
        permission: AclPermission::Allow,
    };
    assert!(bindings.contains(&prefixed_read), "{bindings:#?}");
    assert!(bindings
        .iter()
        .any(|binding| binding.principal == "User:ops" && binding.permission == AclPermission::Deny));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listed_acls_become_permitted_edges_and_unused_grants_show() {
    let broker = RecordedBroker::start(AclAnswer::Acls(shop_acls()));
    let mut snapshot = read(broker.bootstrap()).await;
    // The estate the ACLs are about, as the rest of a read would find it.
    let topic = |name: &str| Topic { name: name.into(), internal: false, partitions: vec![], configs: vec![] };
    snapshot.topics = vec![topic("shop.orders"), topic("shop.payments")];
    snapshot.groups = vec![ConsumerGroup {
        group_id: "payment-service".into(),
        state: "Stable".into(),
        protocol_type: "consumer".into(),
        protocol: "range".into(),
        members: vec![],
        offsets: vec![CommittedOffset { topic: "shop.orders".into(), partition: 0, offset: 7, lag: Some(0) }],
    }];

    let edges = permitted_edges(&snapshot);
    let find = |principal: &str, topic: &str, direction: Direction| {
        edges
            .iter()
            .find(|edge| edge.principal == principal && edge.topic == topic && edge.direction == direction)
            .map(|edge| edge.usage.clone())
    };
    assert_eq!(
        find("User:payment-service", "shop.orders", Direction::Reads),
        Some(GrantUsage::SeenInUse { groups: vec!["payment-service".into()] })
    );
    assert_eq!(find("User:payment-service", "shop.payments", Direction::Reads), Some(GrantUsage::NotSeenInUse));
    assert_eq!(find("User:checkout", "shop.orders", Direction::Writes), Some(GrantUsage::NotObservable));
    assert_eq!(find("User:checkout", "shop.orders", Direction::Reads), None);
    assert!(find("User:ops", "shop.orders", Direction::Reads).is_some(), "ALL on `*` covers reading");
    assert_eq!(find("User:ops", "shop.payments", Direction::Reads), None, "the DENY wins");
}

/// librdkafka drops DescribeAcls' top-level error, so "no authorizer" and "not
/// allowed" both arrive as an empty list; the broker, asked directly, tells them apart.
/// Either way the read succeeds, says why, and invents no permissions.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cluster_without_an_authorizer_or_permission_says_which_and_grants_nothing() {
    for (refusal, expected) in [
        (SECURITY_DISABLED, "ACLs unavailable: the cluster has no authorizer"),
        (
            CLUSTER_AUTHORIZATION_FAILED,
            "ACLs unavailable: not allowed to describe the cluster's ACLs (needs DESCRIBE on the cluster)",
        ),
    ] {
        let broker = RecordedBroker::start(AclAnswer::Error(refusal));
        let snapshot = read(broker.bootstrap()).await;
        assert!(
            matches!(snapshot.access, ClusterAcls::Unavailable { .. }),
            "error code {refusal}: {:?}",
            snapshot.access
        );
        assert_eq!(snapshot.access.label(), expected, "error code {refusal}");
        assert!(permitted_edges(&snapshot).is_empty());
    }
    // An authorizer that holds no ACLs answers the direct request without an error.
    let broker = RecordedBroker::start(AclAnswer::Acls(Vec::new()));
    let snapshot = read(broker.bootstrap()).await;
    assert_eq!(snapshot.access, ClusterAcls::NoneDefined);
    assert_eq!(snapshot.access.label(), "No ACLs: the cluster's authorizer holds none");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_local_broker_reports_its_identity_and_an_acl_answer() {
    let broker = Broker::start();
    let snapshot = read(broker.bootstrap_servers()).await;
    assert!(snapshot.identity.controller.is_some(), "{:?}", snapshot.identity);
    assert_ne!(snapshot.access, ClusterAcls::NotRead, "the ACLs were asked for");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_shows_a_clusters_acls_on_the_page_and_over_the_api() {
    let broker = RecordedBroker::start(AclAnswer::Acls(shop_acls()));
    let dir = tempfile::tempdir().unwrap();
    let store = format!("sqlite://{}", dir.path().join("catalog.db").display());
    let server = TestServer::start(config(&store, &[("secured", broker.bootstrap())])).await;
    eventually("the first read", Duration::from_secs(30), || async {
        server.cluster("secured").await.snapshot.is_some().then_some(())
    })
    .await;

    let access: serde_json::Value =
        reqwest::get(server.url("/api/v1/clusters/secured/access")).await.unwrap().json().await.unwrap();
    assert_eq!(access["acls"]["status"], "listed");
    assert_eq!(access["acls"]["bindings"].as_array().map(Vec::len), Some(6), "{access}");
    assert_eq!(access["summary"], "6 ACLs");
    let missing = reqwest::get(server.url("/api/v1/clusters/nowhere/access")).await.unwrap();
    assert_eq!(missing.status(), reqwest::StatusCode::NOT_FOUND);

    let (status, page) = server.page("/").await;
    assert!(status.is_success());
    for principal in ["User:payment-service", "User:checkout", "User:ops"] {
        assert!(page.contains(principal), "the page lists {principal}");
    }
    assert!(page.contains("controller: broker 1") && page.contains(CLUSTER_ID), "identity shown");
    server.stop().await.unwrap();
}
