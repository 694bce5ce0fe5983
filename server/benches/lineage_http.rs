//! The 3-hop lineage query over HTTP on a generated estate of 100,000 nodes and 300,000
//! edges: the real router (axum, the lineage index, the API handler) on 127.0.0.1,
//! requests sent at a fixed rate (default 200 per second for 20 s) from the same process,
//! latency percentiles as a client sees them, and the server's resident memory.
//!
//! `cargo bench -p server --features ssr --bench lineage_http`
//! Knobs: BENCH_NODES, BENCH_EDGES, BENCH_RATE (requests/s), BENCH_SECONDS.

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use support::{env_usize, resident_mib, Random};
use tokio_util::sync::CancellationToken;
use tributary::config::ServerConfig;
use tributary::http::security::AllowedHosts;
use tributary::http::{router, AppState};
use tributary::service::Services;
use tributary::store::Store;
use tributary_core::catalog::{ClusterCatalog, DeclaredEdge, LineageIndex, RegistryCatalog};
use tributary_core::lineage::{EdgeEvidence, EdgeKind, NodeId};

/// Half topics, half groups, joined by declared reads and writes (the same graph the
/// catalog would build from observed edges). Also returns the paths of topics that have
/// edges, to query.
fn estate(nodes: usize, edges: usize) -> (Vec<DeclaredEdge>, Vec<String>) {
    let topics = nodes / 2;
    let groups = nodes - topics;
    let topic =
        |i: usize| NodeId::Topic { cluster: format!("c{}", i % 10), topic: format!("domain{}.topic{i}", i % 97) };
    let group = |i: usize| NodeId::Group { cluster: format!("c{}", i % 10), group: format!("service-{i}") };
    let mut random = Random(0x9E37_79B9_7F4A_7C15);
    let mut declared = Vec::with_capacity(edges);
    let mut seen = std::collections::HashSet::new();
    while declared.len() < edges {
        let (t, g) = (random.below(topics), random.below(groups));
        let writes = random.below(5) >= 3;
        if !seen.insert((t, g, writes)) {
            continue;
        }
        let (from, to, kind) =
            if writes { (group(g), topic(t), EdgeKind::Writes) } else { (topic(t), group(g), EdgeKind::Reads) };
        declared.push(DeclaredEdge {
            from,
            to,
            kind,
            evidence: EdgeEvidence::Declared,
            first_seen_ms: 1,
            last_seen_ms: 1,
        });
    }
    let mut queried: Vec<String> = declared
        .iter()
        .map(|edge| if edge.kind == EdgeKind::Writes { edge.to.path() } else { edge.from.path() })
        .collect();
    queried.sort();
    queried.dedup();
    (declared, queried)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let (nodes, edges) = (env_usize("BENCH_NODES", 100_000), env_usize("BENCH_EDGES", 300_000));
    let (rate, seconds) = (env_usize("BENCH_RATE", 200), env_usize("BENCH_SECONDS", 20));
    let before = resident_mib();
    let (declared, topics) = estate(nodes, edges);
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&format!("sqlite://{}/bench.db", dir.path().display())).await.unwrap();
    let catalog = Arc::new(ClusterCatalog::new(&[], Default::default(), 10_000));
    let registries = Arc::new(RegistryCatalog::new(&[], &[]));
    let lineage = Arc::new(LineageIndex::new(Arc::clone(&catalog), Arc::clone(&registries), declared));
    let (node_count, edge_count) = lineage.read(|graph| (graph.node_count(), graph.edge_count()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let services = Services::assemble(catalog, registries, lineage, store, &[]).unwrap();
    let state = AppState {
        leptos_options: tributary::serve::leptos_options(&ServerConfig::default(), address),
        services,
        allowed_hosts: Arc::new(AllowedHosts::new(&[], address)),
        stopping: CancellationToken::new(),
        limits: Default::default(),
        served_over_tls: false,
    };
    tokio::spawn(async move { axum::serve(listener, router(state)).await.unwrap() });
    println!(
        "estate: {node_count} nodes, {edge_count} edges; resident memory with the server up: {:.0} MiB (+{:.0} MiB)",
        resident_mib(),
        resident_mib() - before
    );

    let http = reqwest::Client::new();
    let interval = Duration::from_secs_f64(1.0 / rate as f64);
    let total = rate * seconds;
    let mut random = Random(42);
    let mut tasks = Vec::with_capacity(total);
    let started = Instant::now();
    for sent in 0..total {
        tokio::time::sleep_until((started + interval * sent as u32).into()).await;
        let node = &topics[random.below(topics.len())];
        let url = format!("http://{address}/api/v1/lineage?node={node}&direction=both&depth=3");
        let http = http.clone();
        tasks.push(tokio::spawn(async move {
            let began = Instant::now();
            let response = http.get(url).send().await.unwrap();
            assert!(response.status().is_success(), "{}", response.status());
            let _ = response.bytes().await.unwrap();
            began.elapsed()
        }));
    }
    let mut latencies = Vec::with_capacity(total);
    for task in tasks {
        latencies.push(task.await.unwrap());
    }
    let achieved = total as f64 / started.elapsed().as_secs_f64();
    latencies.sort();
    let percentile =
        |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)].as_secs_f64() * 1000.0;
    println!(
        "3-hop lineage over HTTP at {rate}/s for {seconds} s ({achieved:.0}/s achieved, {total} requests): p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        percentile(0.50),
        percentile(0.99),
        latencies[latencies.len() - 1].as_secs_f64() * 1000.0
    );
    println!("resident memory after the run: {:.0} MiB", resident_mib());
}
