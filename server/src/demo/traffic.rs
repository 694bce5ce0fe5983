//! The demo's traffic: its topics created, one producer and a consumer per demo group,
//! running until stopped.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer};
use rdkafka::error::RDKafkaErrorCode;
use rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use rdkafka::ClientConfig;

use super::error::DemoError;
use super::estate::{DemoGroup, GROUPS, TOPICS};

/// How long admin and poll calls wait for the broker.
const BROKER_TIMEOUT: Duration = Duration::from_secs(10);
/// Pause between two records of the demo producer, per topic.
const PRODUCE_INTERVAL: Duration = Duration::from_millis(500);
/// How long a consumer's poll waits for a record before checking whether to stop.
const POLL_TIMEOUT: Duration = Duration::from_millis(200);

fn client(bootstrap_servers: &str) -> ClientConfig {
    let mut config = ClientConfig::new();
    config.set("bootstrap.servers", bootstrap_servers);
    config
}

/// Creates the demo topics; topics that already exist are left as they are.
pub async fn create_topics(bootstrap_servers: &str) -> Result<(), DemoError> {
    let admin: AdminClient<DefaultClientContext> =
        client(bootstrap_servers).create().map_err(DemoError::kafka("cannot create an admin client"))?;
    let topics: Vec<NewTopic> =
        TOPICS
            .iter()
            .map(|topic| {
                topic.configs.iter().fold(
                    NewTopic::new(topic.name, topic.partitions, TopicReplication::Fixed(1)),
                    |new, (key, value)| new.set(key, value),
                )
            })
            .collect();
    let results = admin
        .create_topics(&topics, &AdminOptions::new().operation_timeout(Some(BROKER_TIMEOUT)))
        .await
        .map_err(DemoError::kafka("cannot create the demo topics"))?;
    for result in results {
        match result {
            Ok(_) | Err((_, RDKafkaErrorCode::TopicAlreadyExists)) => {}
            Err((topic, code)) => return Err(DemoError::TopicRefused { topic, code }),
        }
    }
    Ok(())
}

/// The running producer and consumers; [`Traffic::stop`] ends them.
pub struct Traffic {
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

impl Traffic {
    /// Starts one producer writing to every demo topic and one consumer per demo group.
    /// Each consumer commits after every record, so its offsets are on the broker.
    pub fn start(bootstrap_servers: &str) -> Result<Self, DemoError> {
        let stop = Arc::new(AtomicBool::new(false));
        let producer: BaseProducer = client(bootstrap_servers)
            // One record per batch: some Kafka-protocol brokers miscount the high
            // watermark of multi-record batches, which would show false lag.
            .set("batch.num.messages", "1")
            .set("linger.ms", "0")
            .create()
            .map_err(DemoError::kafka("cannot create the demo producer"))?;
        let mut threads = vec![spawn_producer(producer, Arc::clone(&stop))];
        for group in GROUPS {
            let consumer: BaseConsumer = client(bootstrap_servers)
                .set("group.id", group.group_id)
                .set("client.id", group.group_id)
                .set("auto.offset.reset", "earliest")
                .set("enable.auto.commit", "false")
                .create()
                .map_err(DemoError::kafka(format!("cannot create the consumer of {}", group.group_id)))?;
            consumer
                .subscribe(group.topics)
                .map_err(DemoError::kafka(format!("{} cannot subscribe", group.group_id)))?;
            threads.push(spawn_consumer(group, consumer, Arc::clone(&stop)));
        }
        Ok(Self { stop, threads })
    }

    /// Stops producing and consuming; consumers leave their groups cleanly.
    pub fn stop(self) {
        self.stop.store(true, Ordering::Relaxed);
        for thread in self.threads {
            let _ = thread.join();
        }
    }
}

fn spawn_producer(producer: BaseProducer, stop: Arc<AtomicBool>) -> JoinHandle<()> {
    std::thread::spawn(move || {
        let mut sequence: u64 = 0;
        while !stop.load(Ordering::Relaxed) {
            for topic in TOPICS {
                let key = format!("key-{}", sequence % 16);
                let payload = format!("{{\"sequence\":{sequence},\"topic\":\"{}\"}}", topic.name);
                if let Err((error, _)) = producer.send(BaseRecord::to(topic.name).key(&key).payload(&payload)) {
                    tracing::warn!(topic = topic.name, %error, "demo producer could not send");
                }
            }
            producer.poll(Duration::ZERO);
            sequence += 1;
            std::thread::sleep(PRODUCE_INTERVAL);
        }
        let _ = producer.flush(BROKER_TIMEOUT);
    })
}

fn spawn_consumer(group: &'static DemoGroup, consumer: BaseConsumer, stop: Arc<AtomicBool>) -> JoinHandle<()> {
    std::thread::spawn(move || {
        while !stop.load(Ordering::Relaxed) {
            match consumer.poll(POLL_TIMEOUT) {
                Some(Ok(message)) => {
                    if let Err(error) = consumer.commit_message(&message, CommitMode::Sync) {
                        tracing::warn!(group = group.group_id, %error, "demo consumer could not commit");
                    }
                }
                Some(Err(error)) => tracing::debug!(group = group.group_id, %error, "demo consumer poll error"),
                None => {}
            }
        }
        consumer.unsubscribe();
    })
}
