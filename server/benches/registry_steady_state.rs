//! How quiet Tributary is against an idle registry: 1,000 subjects (BENCH_SUBJECTS) in
//! the registry double, run as its own process (so this process's CPU is Tributary's
//! reader alone), answering once as Confluent does and once as Karapace does. After the
//! first read, the real `RegistryReader` polls at the default interval and full-refresh
//! period for BENCH_SECONDS (default 120); the bench prints requests per second (counted
//! by the client) and the reader's CPU.
//!
//! `cargo bench -p server --features ssr --bench registry_steady_state`

mod support;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::json;
use support::env_usize;
use tributary::config::{IngestConfig, RegistryConfig};
use tributary::ingest::registry::client::RegistryClient;
use tributary::ingest::registry::reader::RegistryReader;
use tributary_core::schema::ParseOptions;

/// Concurrent registrations while generating the estate.
const REGISTER_CONCURRENCY: usize = 8;
/// How long the double may take to listen.
const DOUBLE_START: Duration = Duration::from_secs(10);

/// The registry double in its own process; killed when dropped.
struct Double(Child);

impl Drop for Double {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_double(answers: &str) -> (Double, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(env!("CARGO_BIN_EXE_tributary"))
        .args(["registry-double", "--listen", &format!("127.0.0.1:{port}"), "--answers", answers])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the registry double");
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < DOUBLE_START, "the registry double did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    (Double(child), format!("http://127.0.0.1:{port}"))
}

async fn register(url: &str, subjects: usize) {
    let http = reqwest::Client::new();
    let mut pending = futures_util::stream::iter((0..subjects).map(|subject| {
        let http = http.clone();
        let schema = json!({"type": "record", "name": format!("R{subject}"), "fields": [
            {"name": "id", "type": "string"}, {"name": "amount_cents", "type": "long"}]});
        let url = format!("{url}/subjects/steady.topic{subject}-value/versions");
        async move {
            let response = http.post(url).json(&json!({"schema": schema.to_string()})).send().await.unwrap();
            assert!(response.status().is_success());
        }
    }))
    .buffer_unordered(REGISTER_CONCURRENCY);
    while pending.next().await.is_some() {}
}

/// User and system CPU time of this process so far.
fn process_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or_default();
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of stat; 12 and 13 after the name.
    let ticks: u64 = [11, 12].iter().filter_map(|&i| fields.get(i)?.parse::<u64>().ok()).sum();
    Duration::from_secs_f64(ticks as f64 / 100.0)
}

async fn measure(answers: &str, subjects: usize, seconds: usize) {
    let (_double, url) = start_double(answers);
    register(&url, subjects).await;
    let settings = IngestConfig::default();
    let config = RegistryConfig { name: "steady".into(), url, clusters: vec![], auth: None, mappings: vec![] };
    let client = RegistryClient::new(&config, settings.request_timeout()).unwrap();
    let mut reader = RegistryReader::new(client, settings.schema_full_refresh(), ParseOptions::default());
    let first = Instant::now();
    let mut polls = 0;
    while polls == 0 || !reader.is_caught_up() {
        reader.read(&[], &|_, _| {}).await.unwrap();
        polls += 1;
    }
    println!(
        "{answers}: first read of {subjects} subjects in {polls} poll(s), {:.1} s, {} requests",
        first.elapsed().as_secs_f64(),
        reader.requests_sent()
    );

    let (requests, cpu, started) = (reader.requests_sent(), process_cpu(), Instant::now());
    let mut next = tokio::time::Instant::now();
    let mut changed = 0;
    while started.elapsed() < Duration::from_secs(seconds as u64) {
        next += settings.schema_poll_interval();
        if reader.read(&[], &|_, _| {}).await.unwrap().is_some() {
            changed += 1;
        }
        tokio::time::sleep_until(next).await;
    }
    let wall = started.elapsed().as_secs_f64();
    let sent = reader.requests_sent() - requests;
    let used = (process_cpu() - cpu).as_secs_f64();
    println!(
        "{answers}: steady state over {wall:.0} s: {sent} requests = {:.2} requests/s; reader CPU {used:.2} s = {:.2} % of a core; {changed} snapshots rebuilt",
        sent as f64 / wall,
        100.0 * used / wall
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let subjects = env_usize("BENCH_SUBJECTS", 1_000);
    let seconds = env_usize("BENCH_SECONDS", 120);
    for answers in ["confluent", "karapace"] {
        measure(answers, subjects, seconds).await;
    }
}
