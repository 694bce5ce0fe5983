//! Following `__consumer_offsets`: on Apache Kafka the group coordinator writes every
//! commit there, so a group that starts reading a topic is known at once, not at the
//! next poll. The local broker keeps offsets elsewhere, so the test plays the
//! coordinator's part: a real group commits on the real broker, and the matching record
//! (in Kafka's OffsetCommitKey v1 / OffsetCommitValue v3 format) is written to a real
//! `__consumer_offsets` topic on the same broker, as Kafka would write it.

use std::time::{Duration, Instant};

use crate::support::broker::Broker;
use crate::support::eventually;
use crate::support::server::{config, TestServer};
use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer};
use rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use rdkafka::{ClientConfig, Offset, TopicPartitionList};

/// Long enough that only the follower can explain a change seen well within it.
const POLL_INTERVAL_SECS: u64 = 120;
/// What "at once" must mean here, with generous room for a loaded machine.
const FOLLOWER_LAG: Duration = Duration::from_secs(20);
const GROUP: &str = "refund-auditor";
const TOPIC: &str = "shop.refunds";

fn client(bootstrap: &str) -> ClientConfig {
    let mut config = ClientConfig::new();
    config.set("bootstrap.servers", bootstrap);
    config
}

async fn create_topic(bootstrap: &str, name: &str, partitions: i32) {
    let admin: AdminClient<DefaultClientContext> = client(bootstrap).create().unwrap();
    let results = admin
        .create_topics(&[NewTopic::new(name, partitions, TopicReplication::Fixed(1))], &AdminOptions::new())
        .await
        .unwrap();
    assert!(results.iter().all(Result::is_ok), "{name} is created: {results:?}");
}

/// Kafka's OffsetCommitKey version 1 and OffsetCommitValue version 3, field by field.
fn offset_commit_record(group: &str, topic: &str, partition: i32, offset: i64) -> (Vec<u8>, Vec<u8>) {
    let string = |out: &mut Vec<u8>, text: &str| {
        out.extend_from_slice(&(text.len() as i16).to_be_bytes());
        out.extend_from_slice(text.as_bytes());
    };
    let mut key = 1i16.to_be_bytes().to_vec();
    string(&mut key, group);
    string(&mut key, topic);
    key.extend_from_slice(&partition.to_be_bytes());
    let mut value = 3i16.to_be_bytes().to_vec();
    value.extend_from_slice(&offset.to_be_bytes());
    value.extend_from_slice(&(-1i32).to_be_bytes()); // leader epoch unknown
    string(&mut value, "");
    value.extend_from_slice(&1_795_000_000_000i64.to_be_bytes()); // commit timestamp
    (key, value)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_commit_seen_on_the_offsets_topic_reaches_the_catalog_before_the_next_poll() {
    let broker = Broker::start();
    let bootstrap = broker.bootstrap_servers();
    create_topic(&bootstrap, TOPIC, 1).await;
    create_topic(&bootstrap, "__consumer_offsets", 3).await;
    let dir = tempfile::tempdir().unwrap();
    let mut settings = config(&format!("sqlite://{}/c.db", dir.path().display()), &[("local", bootstrap.clone())]);
    settings.ingest.poll_interval_secs = POLL_INTERVAL_SECS;
    let server = TestServer::start(settings).await;
    // Ready means read once: from here on only the follower can bring news early.
    assert!(server.cluster("local").await.snapshot.is_some());
    let first_read_done = Instant::now();

    // The group commits for the first time, on the real broker.
    let committer = bootstrap.clone();
    tokio::task::spawn_blocking(move || {
        let consumer: BaseConsumer = client(&committer).set("group.id", GROUP).create().unwrap();
        let mut offsets = TopicPartitionList::new();
        offsets.add_partition_offset(TOPIC, 0, Offset::Offset(0)).unwrap();
        consumer.commit(&offsets, CommitMode::Sync).expect("the group commits");
    })
    .await
    .unwrap();

    // The coordinator's record of it, written as Kafka writes it (keyed by group, so one
    // partition) and repeated as a consumer's periodic commits would repeat it.
    let producer: BaseProducer = client(&bootstrap).create().unwrap();
    let (key, value) = offset_commit_record(GROUP, TOPIC, 0, 0);
    let seen = eventually("the group reading the topic in the catalog", FOLLOWER_LAG, || {
        let _ = producer.send(BaseRecord::to("__consumer_offsets").partition(0).key(&key).payload(&value));
        producer.poll(Duration::ZERO);
        let _ = producer.flush(Duration::from_secs(2));
        let server = &server;
        async move {
            let state = server.cluster("local").await;
            let snapshot = state.snapshot?;
            let group = snapshot.groups.iter().find(|group| group.group_id == GROUP)?;
            group.topics().contains(&TOPIC.to_owned()).then_some(())
        }
    })
    .await;
    let _: () = seen;
    let waited = first_read_done.elapsed();
    assert!(
        waited < Duration::from_secs(POLL_INTERVAL_SECS),
        "seen after {waited:?}, before the next poll ({POLL_INTERVAL_SECS} s) could explain it"
    );
    server.stop().await.unwrap();
}
