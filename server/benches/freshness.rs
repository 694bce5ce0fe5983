//! Freshness: how long after a change on the broker the catalog has it, and how long
//! until an open page hears of it (the server-sent event that makes it refetch).
//!
//! Runs the real server (default settings) against the real local broker,
//! creates topics and lets new groups commit for the first time, and reports per kind
//! of change the median and the worst delay over the runs.
//!
//! `TANSU_BIN=... cargo bench -p server --features ssr --bench freshness`
//! Runs: BENCH_RUNS (default 10).

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer};
use rdkafka::{ClientConfig, Offset, TopicPartitionList};
use tributary::config::{ClusterConfig, Config, ConfigSource};

/// Longest wait for one change before the run counts as failed.
const GIVE_UP: Duration = Duration::from_secs(30);

struct Broker(Child);

impl Drop for Broker {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Waits until the SSE stream has carried `needle`; returns when it did.
async fn streamed(
    stream: &mut (impl futures_util::Stream<Item = reqwest::Result<bytes::Bytes>> + Unpin),
    needle: &str,
) -> Instant {
    let mut seen = String::new();
    while let Some(chunk) = stream.next().await {
        seen.push_str(&String::from_utf8_lossy(&chunk.unwrap()));
        if seen.contains(needle) {
            return Instant::now();
        }
    }
    panic!("the stream ended before {needle} appeared");
}

/// Polls the catalog API every 50 ms until `needle` is in the cluster's state.
async fn in_catalog(http: &reqwest::Client, url: &str, needle: &str) -> Instant {
    let deadline = Instant::now() + GIVE_UP;
    loop {
        let body = http.get(url).send().await.unwrap().text().await.unwrap();
        if body.contains(needle) {
            return Instant::now();
        }
        assert!(Instant::now() < deadline, "{needle} never reached the catalog");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Prints median and worst delay from the change to the catalog API showing it, and
/// from the change to the live event reaching an open page's stream.
fn report(kind: &str, mut catalog: Vec<Duration>, mut page: Vec<Duration>) {
    catalog.sort();
    page.sort();
    let median = |v: &[Duration]| v[v.len() / 2].as_secs_f64();
    let worst = |v: &[Duration]| v[v.len() - 1].as_secs_f64();
    println!(
        "{kind} ({} runs): in the catalog API after {:.2} s median, {:.2} s worst; event on an open page's stream after {:.2} s median, {:.2} s worst",
        catalog.len(),
        median(&catalog),
        worst(&catalog),
        median(&page),
        worst(&page),
    );
}

#[tokio::main]
async fn main() {
    let runs: usize = std::env::var("BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(10);
    let port = free_port();
    let url = format!("tcp://127.0.0.1:{port}");
    let _broker = Broker(
        Command::new(std::env::var("TANSU_BIN").unwrap_or_else(|_| "tansu".into()))
            .args(["broker", "--listener-url", &url, "--advertised-listener-url", &url])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("TANSU_BIN points at a tansu binary"),
    );
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        std::thread::sleep(Duration::from_millis(50));
    }
    let bootstrap = format!("127.0.0.1:{port}");

    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::default();
    config.store.url = format!("sqlite://{}/freshness.db", dir.path().display());
    config.clusters = vec![ClusterConfig {
        alias: "local".into(),
        bootstrap_servers: bootstrap.clone(),
        properties: Default::default(),
    }];
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(tributary::serve::serve(config, ConfigSource::DefaultsOnly, listener, async {
        let _ = stopped.await;
    }));
    let http = reqwest::Client::new();
    while !http.get(format!("{base}/readyz")).send().await.is_ok_and(|r| r.status().is_success()) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let cluster_url = format!("{base}/api/v1/clusters/local");
    let admin: AdminClient<DefaultClientContext> =
        ClientConfig::new().set("bootstrap.servers", &bootstrap).create().unwrap();
    admin
        .create_topics(&[NewTopic::new("freshness.input", 1, TopicReplication::Fixed(1))], &AdminOptions::new())
        .await
        .unwrap();

    let (mut topic_catalog, mut topic_page, mut group_catalog, mut group_page) = (vec![], vec![], vec![], vec![]);
    for run in 0..runs {
        // Spread the changes over the poll cycle, as real changes are.
        tokio::time::sleep(Duration::from_millis(1_300 * run as u64 % 5_000)).await;
        let mut events = http.get(format!("{base}/api/v1/events/stream")).send().await.unwrap().bytes_stream();

        let topic = format!("freshness.topic.{run}");
        let created = Instant::now();
        admin
            .create_topics(&[NewTopic::new(&topic, 1, TopicReplication::Fixed(1))], &AdminOptions::new())
            .await
            .unwrap();
        let needle = format!("\"{topic}\"");
        let (catalog_at, page_at) =
            tokio::join!(in_catalog(&http, &cluster_url, &needle), streamed(&mut events, &needle));
        topic_catalog.push(catalog_at - created);
        topic_page.push(page_at - created);

        let group = format!("freshness-group-{run}");
        let consumer: BaseConsumer =
            ClientConfig::new().set("bootstrap.servers", &bootstrap).set("group.id", &group).create().unwrap();
        let mut offsets = TopicPartitionList::new();
        offsets.add_partition_offset("freshness.input", 0, Offset::Offset(0)).unwrap();
        let committed = Instant::now();
        consumer.commit(&offsets, CommitMode::Sync).unwrap();
        let needle = format!("\"{group}\"");
        let (catalog_at, page_at) =
            tokio::join!(in_catalog(&http, &cluster_url, &needle), streamed(&mut events, &needle));
        group_catalog.push(catalog_at - committed);
        group_page.push(page_at - committed);
    }
    report("topic created", topic_catalog, topic_page);
    report("group committed for the first time", group_catalog, group_page);
    let _ = stop.send(());
    let _ = server.await;
}
