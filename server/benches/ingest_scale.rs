//! Ingestion at scale, against a real local broker: tansu, or Apache Kafka with
//! `BENCH_BROKER=apache` (its jars from `TRIBUTARY_KAFKA_LIBS`).
//!
//! Generates an estate (default 10,000 topics × 3 partitions, 1,000 consumer groups
//! that committed offsets on 3 topics each), then measures in one run:
//! 1. a full `ClusterReader` read (what `tributary serve` does per poll);
//! 2. the bare protocol requests behind it, without conversion or bookkeeping;
//! 3. the CPU time of steady-state polling (the real poller with its store) over a
//!    window, as a share of one core.
//!
//! `TANSU_BIN=... cargo bench -p server --features ssr --bench ingest_scale`
//! `BENCH_BROKER=apache TRIBUTARY_KAFKA_HEAP=-Xmx2g TRIBUTARY_KAFKA_LIBS=... cargo bench -p server --features ssr --bench ingest_scale`
//! Sizes: BENCH_TOPICS, BENCH_PARTITIONS, BENCH_GROUPS, BENCH_POLL_WINDOW_SECS.

mod support;

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer};
use rdkafka::{ClientConfig, Offset, TopicPartitionList};
use support::env_usize;
use tokio_util::sync::CancellationToken;
use tributary::config::{ClusterConfig, IngestConfig};
use tributary::drivers::cluster_poller::poll_cluster;
use tributary::ingest::kafka::acls::describe_acls;
use tributary::ingest::kafka::cluster_identity::describe_cluster;
use tributary::ingest::kafka::wire::{BrokerPool, WireSecurity};
use tributary::ingest::kafka::writers::{read_writers, LedPartition};
use tributary::ingest::kafka::{offsets, ClusterReader};
use tributary::service::Services;
use tributary::store::Store;
use tributary_core::catalog::{ClusterCatalog, RegistryCatalog};

const TIMEOUT: Duration = Duration::from_secs(120);
/// Topics per CreateTopics request while generating the estate.
const CREATE_BATCH: usize = 500;

/// The broker the estate lives on, stopped on drop.
enum RunningBroker {
    Tansu(Child),
    /// Held for its drop, which stops the broker.
    #[allow(dead_code)]
    Apache(Box<support::kafka::ApacheKafka>),
}

impl Drop for RunningBroker {
    fn drop(&mut self) {
        if let RunningBroker::Tansu(child) = self {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The broker `BENCH_BROKER` names, and its PLAINTEXT bootstrap address.
fn start_chosen_broker() -> (RunningBroker, String) {
    if std::env::var("BENCH_BROKER").is_ok_and(|broker| broker == "apache") {
        let libs = support::kafka::kafka_libs().expect("BENCH_BROKER=apache needs TRIBUTARY_KAFKA_LIBS");
        let kafka = support::kafka::ApacheKafka::start(libs);
        let bootstrap = kafka.plaintext();
        return (RunningBroker::Apache(Box::new(kafka)), bootstrap);
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    (start_tansu(port), format!("127.0.0.1:{port}"))
}

fn start_tansu(port: u16) -> RunningBroker {
    let url = format!("tcp://127.0.0.1:{port}");
    let child = Command::new(std::env::var("TANSU_BIN").unwrap_or_else(|_| "tansu".into()))
        .args([
            "broker",
            "--listener-url",
            &url,
            "--advertised-listener-url",
            &url,
            "--storage-engine",
            "memory://tansu/",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("TANSU_BIN points at a tansu binary");
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        std::thread::sleep(Duration::from_millis(50));
    }
    RunningBroker::Tansu(child)
}

fn topic_name(index: usize) -> String {
    format!("bench.domain{:02}.topic{index:05}", index % 50)
}

async fn generate(bootstrap: &str, topics: usize, partitions: i32, groups: usize) {
    let admin: AdminClient<DefaultClientContext> =
        ClientConfig::new().set("bootstrap.servers", bootstrap).create().unwrap();
    let names: Vec<String> = (0..topics).map(topic_name).collect();
    let generating = Instant::now();
    for (index, batch) in names.chunks(CREATE_BATCH).enumerate() {
        eprintln!(
            "creating topics {}..{} ({:.0} s)",
            index * CREATE_BATCH,
            index * CREATE_BATCH + batch.len(),
            generating.elapsed().as_secs_f64()
        );
        let new_topics: Vec<NewTopic> = batch
            .iter()
            .map(|name| NewTopic::new(name, partitions, TopicReplication::Fixed(1)).set("retention.ms", "604800000"))
            .collect();
        admin.create_topics(&new_topics, &AdminOptions::new().operation_timeout(Some(TIMEOUT))).await.unwrap();
    }
    // Each group commits an offset on partition 0 of three topics, as a consumer would.
    let threads: Vec<_> = (0..2)
        .map(|worker| {
            let bootstrap = bootstrap.to_owned();
            std::thread::spawn(move || {
                for group in (worker..groups).step_by(2) {
                    if group % 100 == 0 {
                        eprintln!("committing for group {group}");
                    }
                    let consumer: BaseConsumer = ClientConfig::new()
                        .set("bootstrap.servers", &bootstrap)
                        .set("group.id", format!("bench-service-{group:04}"))
                        .create()
                        .unwrap();
                    let mut list = TopicPartitionList::new();
                    for k in 0..3 {
                        list.add_partition_offset(&topic_name((group * 7 + k * 13) % topics), 0, Offset::Offset(0))
                            .unwrap();
                    }
                    // A fresh consumer finds its group's coordinator first (Apache Kafka
                    // answers "waiting for coordinator" until then).
                    let mut attempts = 0;
                    while let Err(error) = consumer.commit(&list, CommitMode::Sync) {
                        attempts += 1;
                        assert!(attempts < 100, "group {group} cannot commit: {error}");
                        std::thread::sleep(Duration::from_millis(100));
                    }
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
}

/// The requests a read makes, without converting answers: the floor for a read.
fn bare_protocol(admin: &AdminClient<DefaultClientContext>, pool: &BrokerPool) -> Duration {
    let client = admin.inner();
    let started = Instant::now();
    let metadata = client.fetch_metadata(None, TIMEOUT).unwrap();
    let names: Vec<String> = metadata.topics().iter().map(|t| t.name().to_owned()).collect();
    let resources: Vec<_> = names.iter().map(|n| rdkafka::admin::ResourceSpecifier::Topic(n)).collect();
    let configs = futures_executor::block_on(
        admin.describe_configs(&resources, &AdminOptions::new().request_timeout(Some(TIMEOUT))),
    )
    .unwrap();
    assert_eq!(configs.len(), names.len());
    let partitions: Vec<(String, i32)> =
        metadata.topics().iter().flat_map(|t| t.partitions().iter().map(|p| (t.name().to_owned(), p.id()))).collect();
    offsets::high_watermarks(client.native_client(), &partitions, TIMEOUT).unwrap();
    let groups = client.fetch_group_list(None, TIMEOUT).unwrap();
    for group in groups.groups() {
        offsets::committed_offsets(client.native_client(), group.name(), TIMEOUT).unwrap();
    }
    describe_cluster(client.native_client(), TIMEOUT).unwrap();
    describe_acls(client.native_client(), TIMEOUT).unwrap();
    // The writers' requests (ListTransactions, DescribeProducers) as the read sends them.
    let brokers: Vec<model::Broker> = metadata
        .brokers()
        .iter()
        .map(|broker| model::Broker { id: broker.id(), host: broker.host().to_owned(), port: broker.port() })
        .collect();
    let led: Vec<LedPartition> = metadata
        .topics()
        .iter()
        .flat_map(|topic| {
            topic.partitions().iter().map(|partition| LedPartition {
                topic: topic.name(),
                partition: partition.id(),
                leader: partition.leader(),
            })
        })
        .collect();
    read_writers(pool, &brokers, &led);
    started.elapsed()
}

/// CPU seconds (user + system) this process has used, from /proc/self/stat.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap().split_whitespace().collect();
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    ticks / 100.0
}

fn main() {
    let topics = env_usize("BENCH_TOPICS", 10_000);
    let partitions = env_usize("BENCH_PARTITIONS", 3) as i32;
    let groups = env_usize("BENCH_GROUPS", 1_000);
    let window = Duration::from_secs(env_usize("BENCH_POLL_WINDOW_SECS", 60) as u64);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();

    let (_broker, bootstrap) = start_chosen_broker();
    println!("broker: {}", std::env::var("BENCH_BROKER").unwrap_or_else(|_| "tansu".into()));
    let started = Instant::now();
    runtime.block_on(generate(&bootstrap, topics, partitions, groups));
    println!(
        "estate: {topics} topics x {partitions} partitions, {groups} groups (generated in {:.1} s)",
        started.elapsed().as_secs_f64()
    );

    let cluster =
        ClusterConfig { alias: "bench".into(), bootstrap_servers: bootstrap.clone(), properties: Default::default() };
    let settings = IngestConfig { request_timeout_secs: TIMEOUT.as_secs(), ..IngestConfig::default() };
    // A full read each time: this measures the cost of reading everything.
    let full_read_settings = IngestConfig { config_refresh_secs: 0, lag_refresh_secs: 0, ..settings.clone() };
    let reader = ClusterReader::new(&cluster, &full_read_settings).unwrap();
    let admin: AdminClient<DefaultClientContext> =
        ClientConfig::new().set("bootstrap.servers", &bootstrap).create().unwrap();
    // One untimed pass each, so both measure with open connections.
    let pool = BrokerPool::new(WireSecurity::Plaintext, TIMEOUT);
    bare_protocol(&admin, &pool);
    reader.read_blocking(&|_| {}).unwrap();
    let cpu_before_bare = cpu_seconds();
    let bare = bare_protocol(&admin, &pool).min(bare_protocol(&admin, &pool));
    let bare_cpu = (cpu_seconds() - cpu_before_bare) / 2.0;
    let (mut full, mut snapshot) = (Duration::MAX, None);
    let cpu_before_full = cpu_seconds();
    for _ in 0..2 {
        let started = Instant::now();
        let read = reader.read_blocking(&|_| {}).unwrap();
        full = full.min(started.elapsed());
        snapshot = Some(read);
    }
    let full_cpu = (cpu_seconds() - cpu_before_full) / 2.0;
    let snapshot = snapshot.unwrap();
    let read_partitions: usize = snapshot.topics.iter().map(|t| t.partitions.len()).sum();
    let committed: usize = snapshot.groups.iter().map(|g| g.offsets.len()).sum();
    println!(
        "full read: {:.2} s, best of 2 ({} topics, {read_partitions} partitions, {} groups, {committed} committed offsets)",
        full.as_secs_f64(),
        snapshot.topics.len(),
        snapshot.groups.len()
    );
    println!(
        "bare protocol requests: {:.2} s (best of 2); full read / bare = {:.2}x",
        bare.as_secs_f64(),
        full.as_secs_f64() / bare.as_secs_f64()
    );
    println!(
        "CPU per read in this process (librdkafka included): full read {full_cpu:.2} s, bare requests {bare_cpu:.2} s"
    );

    let dir = tempfile::tempdir().unwrap();
    runtime.block_on(async {
        let store = Store::open(&format!("sqlite://{}/bench.db", dir.path().display())).await.unwrap();
        let catalog =
            Arc::new(ClusterCatalog::new(std::slice::from_ref(&cluster), Default::default(), settings.lag_threshold));
        let registries = Arc::new(RegistryCatalog::new(&[], &[]));
        let services = Services::restore(catalog, registries, store, &[]).await.unwrap();
        let stop = CancellationToken::new();
        let poller = tokio::spawn(poll_cluster(cluster.clone(), settings.clone(), services, stop.clone()));
        // The first read and its store write are start-up cost, not steady state.
        tokio::time::sleep(full * 2 + Duration::from_secs(2)).await;
        let (cpu_before, wall_before) = (cpu_seconds(), Instant::now());
        tokio::time::sleep(window).await;
        let cpu = cpu_seconds() - cpu_before;
        let wall = wall_before.elapsed().as_secs_f64();
        stop.cancel();
        let _ = poller.await;
        println!(
            "steady-state polling (every {} s): {:.1}% of one core over {wall:.0} s ({cpu:.1} CPU s)",
            settings.poll_interval_secs,
            100.0 * cpu / wall
        );
    });
}
