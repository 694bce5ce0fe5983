//! The catalog against a real Apache Kafka 4 broker (KRaft, SCRAM-SHA-512,
//! `StandardAuthorizer`), what tansu cannot show: ACLs listed for a principal allowed to
//! describe them and not for one that is not, live member assignments of a group whose
//! id holds markup, a KIP-848 group's members through ConsumerGroupDescribe, committed
//! offsets from a real coordinator, the cluster's identity,
//! and a first commit noticed through `__consumer_offsets` long before the next poll.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::support::eventually;
use crate::support::kafka::{kafka_libs, read_snapshot, ApacheKafka, NOBODY, TRIBUTARY};
use crate::support::server::{config, TestServer};
use model::{AclOperation, AclPermission, ClusterAcls, PatternType, ResourceKind};
use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer};
use rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use rdkafka::ClientConfig;
use tributary::config::ClusterConfig;

/// A group id as hostile as Kafka allows: markup, quotes, spaces.
const HOSTILE_GROUP: &str = "billing</title><script>alert(1)</script> \"q\" 'a'";
/// Time for the `__consumer_offsets` follower to find the end of the topic after start.
const FOLLOWER_START: Duration = Duration::from_secs(3);
/// A group using the KIP-848 consumer rebalance protocol.
const KIP848_GROUP: &str = "kip848-readers";
/// How long a group may take to get its assignment from a real coordinator.
const ASSIGNMENT_WAIT: Duration = Duration::from_secs(30);

fn cluster(alias: &str, kafka: &ApacheKafka, user: (&str, &str)) -> ClusterConfig {
    ClusterConfig {
        alias: alias.into(),
        bootstrap_servers: kafka.sasl(),
        properties: ApacheKafka::scram_properties(user).into_iter().collect::<BTreeMap<_, _>>(),
    }
}

async fn create_topics(kafka: &ApacheKafka) {
    let admin: AdminClient<DefaultClientContext> =
        ClientConfig::new().set("bootstrap.servers", kafka.plaintext()).create().unwrap();
    let topics = [
        NewTopic::new("shop.orders", 3, TopicReplication::Fixed(1)),
        NewTopic::new("shop.payments", 1, TopicReplication::Fixed(1)),
    ];
    for result in admin.create_topics(&topics, &AdminOptions::new()).await.unwrap() {
        result.expect("topic created");
    }
}

/// A consumer of `topic` in group `group` that keeps polling (so it stays a live
/// member) until the returned flag is cleared; commits what it read.
fn keep_consuming(kafka: &ApacheKafka, group: &str, topic: &str) -> Arc<AtomicBool> {
    keep_consuming_with(kafka, group, topic, "classic")
}

/// As [`keep_consuming`], with `group.protocol` = `protocol` (`consumer`: KIP-848).
fn keep_consuming_with(kafka: &ApacheKafka, group: &str, topic: &str, protocol: &str) -> Arc<AtomicBool> {
    let running = Arc::new(AtomicBool::new(true));
    let consumer: BaseConsumer = ClientConfig::new()
        .set("group.protocol", protocol)
        .set("bootstrap.servers", kafka.plaintext())
        .set("group.id", group)
        .set("client.id", "billing-client")
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

fn produce(kafka: &ApacheKafka, topic: &str, count: usize) {
    let producer: BaseProducer = ClientConfig::new().set("bootstrap.servers", kafka.plaintext()).create().unwrap();
    for index in 0..count {
        let key = index.to_string();
        producer.send(BaseRecord::to(topic).key(&key).payload("{}")).unwrap();
    }
    producer.flush(Duration::from_secs(10)).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_kafka_cluster_reads_with_acls_assignments_offsets_and_identity() {
    let Some(libs) = kafka_libs() else { return };
    let kafka = ApacheKafka::start(libs);
    create_topics(&kafka).await;
    // What the tributary principal may see, and the grants of an application.
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
    kafka.acls(&[
        "--add",
        "--allow-principal",
        "User:payment-service",
        "--operation",
        "Read",
        "--topic",
        "shop.",
        "--resource-pattern-type",
        "prefixed",
    ]);
    kafka.acls(&[
        "--add",
        "--deny-principal",
        "User:payment-service",
        "--operation",
        "Write",
        "--topic",
        "shop.orders",
    ]);

    produce(&kafka, "shop.orders", 12);
    let consuming = keep_consuming(&kafka, HOSTILE_GROUP, "shop.orders");
    let next_generation = keep_consuming_with(&kafka, KIP848_GROUP, "shop.orders", "consumer");

    // Live assignments and committed offsets, read as the tributary principal.
    let started = Instant::now();
    let snapshot = loop {
        let snapshot = read_snapshot(cluster("real", &kafka, TRIBUTARY)).await;
        let group = snapshot.groups.iter().find(|group| group.group_id == HOSTILE_GROUP);
        let assigned = group.is_some_and(|group| group.members.iter().any(|member| !member.assignment.is_empty()));
        let committed = group.is_some_and(|group| group.offsets.iter().map(|offset| offset.offset).sum::<i64>() == 12);
        let kip848 = snapshot.groups.iter().find(|group| group.group_id == KIP848_GROUP);
        let kip848_assigned =
            kip848.is_some_and(|group| group.members.iter().any(|member| !member.assignment.is_empty()));
        if assigned && committed && kip848_assigned {
            break snapshot;
        }
        assert!(started.elapsed() < ASSIGNMENT_WAIT, "no assignment or commits in time: {:?}", group);
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    let group = snapshot.groups.iter().find(|group| group.group_id == HOSTILE_GROUP).unwrap();
    assert_eq!(group.state, "Stable");
    let member = &group.members[0];
    assert_eq!(member.client_id, "billing-client");
    assert!(member.client_host.contains("127.0.0.1"), "{member:?}");
    assert_eq!(member.assignment[0].topic, "shop.orders");
    assert_eq!(member.assignment[0].partitions, vec![0, 1, 2], "one member holds all three partitions");
    // A KIP-848 group, which the classic DescribeGroups calls Dead with no members.
    let kip848 = snapshot.groups.iter().find(|group| group.group_id == KIP848_GROUP).unwrap();
    assert_eq!((kip848.state.as_str(), kip848.protocol_type.as_str()), ("Stable", "consumer"), "{kip848:?}");
    assert_eq!(kip848.members.len(), 1, "{kip848:?}");
    assert_eq!(kip848.members[0].client_id, "billing-client");
    assert_eq!(kip848.members[0].assignment[0].partitions, vec![0, 1, 2], "{kip848:?}");
    assert_eq!(snapshot.identity.cluster_id.as_deref(), Some(crate::support::kafka::CLUSTER_ID));
    assert_eq!(snapshot.identity.controller, Some(1));
    let mut names: Vec<&str> = snapshot.topics.iter().map(|topic| topic.name.as_str()).collect();
    names.sort();
    assert!(names.contains(&"shop.orders") && names.contains(&"shop.payments"), "{names:?}");
    // Without READ on the topics, the brokers refuse to describe their producers: said,
    // with the permission missing, never shown as "no producers".
    let refused = snapshot.writers.of("shop.orders").expect("the refusal is recorded for the topic");
    let reason = refused.refused.as_deref().unwrap_or_default();
    assert!(reason.contains("TOPIC_AUTHORIZATION_FAILED") && reason.contains("needs READ on the topic"), "{refused:?}");

    // The ACLs, as the broker's authorizer holds them.
    let ClusterAcls::Listed { bindings } = &snapshot.access else { panic!("ACLs listed: {:?}", snapshot.access) };
    let payments: Vec<_> = bindings.iter().filter(|binding| binding.principal == "User:payment-service").collect();
    assert_eq!(payments.len(), 2, "{bindings:?}");
    assert!(payments.iter().any(|binding| binding.resource.kind == ResourceKind::Topic
        && binding.resource.pattern == PatternType::Prefixed
        && binding.resource.name == "shop."
        && binding.operation == AclOperation::Read
        && binding.permission == AclPermission::Allow));
    assert!(payments
        .iter()
        .any(|binding| binding.operation == AclOperation::Write && binding.permission == AclPermission::Deny));

    // A principal with no rights sees no topics and no ACLs, and the read still works.
    let locked = read_snapshot(cluster("locked", &kafka, NOBODY)).await;
    assert!(locked.topics.iter().all(|topic| topic.name.starts_with("__")), "{:?}", locked.topics);
    assert_eq!(
        locked.access,
        ClusterAcls::Unavailable {
            reason: "not allowed to describe the cluster's ACLs (needs DESCRIBE on the cluster)".into()
        },
        "the broker's own answer, asked directly"
    );
    consuming.store(false, Ordering::Relaxed);
    next_generation.store(false, Ordering::Relaxed);

    // A first commit on a new topic reaches the catalog through __consumer_offsets long
    // before the next poll (polls here are a minute apart).
    let dir = tempfile::tempdir().unwrap();
    let mut settings = config(&format!("sqlite://{}/c.db", dir.path().display()), &[("real", kafka.plaintext())]);
    settings.ingest.poll_interval_secs = 60;
    let server = TestServer::start(settings).await;
    // The group id a real broker reported, on the pages that show it: text, never markup.
    let encoded: String = HOSTILE_GROUP.bytes().map(|byte| format!("%{byte:02X}")).collect();
    for path in [format!("/group?cluster=real&id={encoded}"), "/topic?cluster=real&name=shop.orders".to_owned()] {
        let (status, page) = server.page(&path).await;
        assert_eq!(status, reqwest::StatusCode::OK, "{path}");
        assert!(!page.contains("<script>alert(1)"), "{path}: the group id went out as markup");
        assert!(page.contains("billing&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"), "{path}: shown as text");
    }
    produce(&kafka, "shop.payments", 3);
    // The follower starts after the first read and reads from the end of the topic:
    // commits made before it has found that end are left to the next poll.
    tokio::time::sleep(FOLLOWER_START).await;
    let committed_at = Instant::now();
    let _auditors = keep_consuming(&kafka, "auditors", "shop.payments");
    eventually("the auditors group reading shop.payments", Duration::from_secs(20), || async {
        let topic = server.get_json("/api/v1/clusters/real/topics/shop.payments").await;
        let readers = topic["readers"].as_array()?.clone();
        readers.iter().any(|reader| reader["group_id"] == "auditors").then_some(())
    })
    .await;
    println!("consumer start to the topic's readers, polls a minute apart: {} ms", committed_at.elapsed().as_millis());
    assert!(committed_at.elapsed() < Duration::from_secs(20), "well before the next poll");
    server.stop().await.unwrap();
}
