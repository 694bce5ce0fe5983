//! Who writes a topic, observed on a real Apache Kafka broker and never guessed: a real
//! Kafka Streams application (exactly-once) shows as the writer of its output and
//! changelog topics with transaction evidence; an idempotent producer is counted and
//! left unnamed; a producer the broker keeps no state for (idempotence off) is not
//! counted at all. Read over SASL/SCRAM-SHA-512 through Tributary's own Kafka-protocol
//! client (librdkafka has no DescribeProducers or ListTransactions), and shown on the
//! topic's page and in the API.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::support::java_apps::{start_streams_app, STREAMS_APPLICATION_ID};
use crate::support::kafka::{kafka_libs, read_snapshot, ApacheKafka, ADMIN};
use crate::support::server::{config, TestServer};
use model::{observed_edges, ApplicationKind, Direction, Evidence, WriterActivity};
use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use rdkafka::ClientConfig;
use tributary::config::ClusterConfig;

/// A JVM Streams application needs a while to start, join its group and commit.
const STREAMS_WAIT: Duration = Duration::from_secs(120);

async fn create_topics(kafka: &ApacheKafka, topics: &[(&str, i32)]) {
    let admin: AdminClient<DefaultClientContext> =
        ClientConfig::new().set("bootstrap.servers", kafka.plaintext()).create().unwrap();
    let topics: Vec<NewTopic> =
        topics.iter().map(|(name, partitions)| NewTopic::new(name, *partitions, TopicReplication::Fixed(1))).collect();
    for result in admin.create_topics(&topics, &AdminOptions::new()).await.unwrap() {
        result.expect("topic created");
    }
}

fn produce(kafka: &ApacheKafka, topic: &str, idempotent: bool, records: &[(&str, &str)]) {
    produce_at(kafka, topic, idempotent, records, None);
}

/// As [`produce`], the records stamped `timestamp_ms` (Unix ms) when given: the broker
/// keeps a batch's timestamp as its producer's last write.
fn produce_at(kafka: &ApacheKafka, topic: &str, idempotent: bool, records: &[(&str, &str)], timestamp_ms: Option<i64>) {
    let producer: BaseProducer = ClientConfig::new()
        .set("bootstrap.servers", kafka.plaintext())
        .set("enable.idempotence", idempotent.to_string())
        .create()
        .unwrap();
    for (key, value) in records {
        let record = BaseRecord::to(topic).key(*key).payload(*value);
        let record = match timestamp_ms {
            Some(at) => record.timestamp(at),
            None => record,
        };
        producer.send(record).unwrap();
    }
    producer.flush(Duration::from_secs(10)).unwrap();
}

/// A transactional id as hostile as Kafka allows: markup and quotes.
const HOSTILE_TRANSACTIONAL_ID: &str = "audit<img src=x onerror=alert(1)> \"q\" 'a'";

/// One committed transaction of `transactional_id` writing `topic`.
fn produce_in_a_transaction(kafka: &ApacheKafka, transactional_id: &str, topic: &str) {
    let producer: BaseProducer = ClientConfig::new()
        .set("bootstrap.servers", kafka.plaintext())
        .set("transactional.id", transactional_id)
        .create()
        .unwrap();
    producer.init_transactions(Duration::from_secs(30)).unwrap();
    producer.begin_transaction().unwrap();
    producer.send(BaseRecord::to(topic).key("k").payload("entry")).unwrap();
    producer.commit_transaction(Duration::from_secs(30)).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writers_are_observed_with_their_evidence_and_never_guessed() {
    let Some(libs) = kafka_libs() else { return };
    let kafka = ApacheKafka::start(libs.clone());
    create_topics(
        &kafka,
        &[("orders", 2), ("customers", 2), ("orders.enriched", 2), ("clicks", 1), ("legacy", 1), ("audit", 1)],
    )
    .await;
    // Plain producers (librdkafka's default: idempotence off) feed the application.
    produce(&kafka, "customers", false, &[("c1", "Ada"), ("c2", "Grace")]);
    produce(&kafka, "orders", false, &[("c1", "book"), ("c2", "lamp"), ("c1", "pen")]);
    let started = Instant::now();
    let _app = start_streams_app(&libs, &kafka.plaintext(), "orders", "customers", "orders.enriched");
    // A producer process that stopped two hours ago (its state kept by the broker until
    // producer.id.expiration.ms), and its restarted self writing now.
    let two_hours_ago =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64 - 2 * 3_600_000;
    produce_at(&kafka, "clicks", true, &[("k", "old click")], Some(two_hours_ago));
    produce(&kafka, "clicks", true, &[("k", "click")]);
    produce(&kafka, "legacy", false, &[("k", "old")]);
    produce_in_a_transaction(&kafka, HOSTILE_TRANSACTIONAL_ID, "audit");

    // Read as the admin principal over SASL/SCRAM-SHA-512: the writers request goes
    // through Tributary's own SCRAM exchange.
    let scram = ClusterConfig {
        alias: "real".into(),
        bootstrap_servers: kafka.sasl(),
        properties: ApacheKafka::scram_properties(ADMIN).into_iter().collect::<BTreeMap<_, _>>(),
    };
    let snapshot = loop {
        let snapshot = read_snapshot(scram.clone()).await;
        // The output and the changelog are written in the application's transactions, but
        // a snapshot may be read between the two (the changelog topic is created and first
        // written when a task first updates its table): wait for both.
        let output_written =
            snapshot.writers.of("orders.enriched").is_some_and(|writers| !writers.transactional.is_empty());
        let changelog_written = match &snapshot.writers {
            WriterActivity::Read { topics } => {
                topics.iter().any(|writers| writers.topic.ends_with("-changelog") && !writers.transactional.is_empty())
            }
            _ => false,
        };
        if output_written && changelog_written {
            break snapshot;
        }
        assert!(
            started.elapsed() < STREAMS_WAIT,
            "the Streams application's writes were not seen: {:?}",
            snapshot.writers
        );
        tokio::time::sleep(Duration::from_secs(1)).await;
    };
    println!("Streams application start to its transactional writes observed: {} ms", started.elapsed().as_millis());
    let WriterActivity::Read { topics } = &snapshot.writers else { panic!("{:?}", snapshot.writers) };

    // The application's output: its transactional id, `<application.id>-<process>-<thread>`.
    let output = snapshot.writers.of("orders.enriched").unwrap();
    let prefix = format!("{STREAMS_APPLICATION_ID}-");
    assert!(output.transactional.iter().all(|writer| writer.transactional_id.starts_with(&prefix)), "{output:?}");
    assert!(output.transactional.iter().all(|writer| writer.producer_id >= 0 && writer.last_write_ms.is_some()));
    assert_eq!(output.other_producers, 0, "nothing else writes it: {output:?}");
    // Its changelog is written in the same transactions.
    let changelog = topics.iter().find(|writers| writers.topic.ends_with("-changelog")).expect("a changelog writer");
    assert!(changelog.topic.starts_with(&prefix) && !changelog.transactional.is_empty(), "{changelog:?}");

    // The application is recognised, and the edge carries the transaction as evidence.
    let group = snapshot.groups.iter().find(|group| group.group_id == STREAMS_APPLICATION_ID).expect("its group");
    assert_eq!(ApplicationKind::of(group, &snapshot), ApplicationKind::KafkaStreams);
    let edges = observed_edges(&snapshot);
    let writes = edges
        .iter()
        .find(|edge| {
            edge.group_id == STREAMS_APPLICATION_ID
                && edge.topic == "orders.enriched"
                && edge.direction == Direction::Writes
        })
        .expect("the application writes its output");
    assert_eq!(writes.evidence, [Evidence::Transaction]);

    // An idempotent producer: counted, not named. A non-idempotent one: not counted.
    let clicks = snapshot.writers.of("clicks").expect("clicks has a producer");
    assert!(clicks.transactional.is_empty());
    assert_eq!(clicks.other_producers, 2, "the broker still holds the stopped producer's state");
    assert_eq!(clicks.other_last_writes_ms.len(), 2);
    assert_eq!(*clicks.other_last_writes_ms.last().unwrap(), two_hours_ago);
    assert!(snapshot.writers.of("legacy").is_none(), "the broker keeps no state for a non-idempotent producer");
    assert!(snapshot.writers.of("orders").is_none(), "the feeding producers were not idempotent either");

    // The same, through the server: the topic's writers and producers in the API and
    // on its page.
    let dir = tempfile::tempdir().unwrap();
    let server =
        TestServer::start(config(&format!("sqlite://{}/w.db", dir.path().display()), &[("real", kafka.plaintext())]))
            .await;
    let topic = crate::support::eventually("the output topic's writers", Duration::from_secs(30), || async {
        let topic = server.get_json("/api/v1/clusters/real/topics/orders.enriched").await;
        let writers = topic["writers"].as_array()?;
        writers.iter().any(|writer| writer["node"] == "group:real/order-enricher").then_some(topic)
    })
    .await;
    let writer =
        topic["writers"].as_array().unwrap().iter().find(|writer| writer["node"] == "group:real/order-enricher");
    assert_eq!(writer.unwrap()["evidence"], serde_json::json!(["transaction"]));
    assert_eq!(topic["producers"]["status"], "read", "{}", topic["producers"]);
    let (_, page) = server.page("/topic?cluster=real&name=orders.enriched").await;
    assert!(page.contains("order-enricher-"), "the transactional id is on the page");
    assert!(page.contains("transaction"), "with its evidence");
    let (_, page) = server.page("/topic?cluster=real&name=clicks").await;
    assert!(page.contains("1 other producer writing in the last 15 minutes"), "the idempotent producer is counted");
    assert!(page.contains("1 other producer last seen writing 2 h ago"), "the stopped one is not counted as writing");
    // A broker-reported transactional id is text on the page, never markup.
    let audit = snapshot.writers.of("audit").expect("the audit topic's transactional writer");
    assert_eq!(audit.transactional[0].transactional_id, HOSTILE_TRANSACTIONAL_ID);
    let (_, page) = server.page("/topic?cluster=real&name=audit").await;
    assert!(page.contains("audit&lt;img src=x onerror=alert(1)&gt;"), "shown as text");
    assert!(!page.contains("<img src=x"), "the transactional id went out as markup");
    let (_, page) = server.page("/topic?cluster=real&name=legacy").await;
    assert!(page.contains("The brokers hold no producers for it."));
    server.stop().await.unwrap();
}
