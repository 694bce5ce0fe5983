//! Lineage queries on a generated estate of 100,000 nodes and 300,000 edges, in process:
//! the 3-hop upstream + downstream walk's latency percentiles, and the resident memory
//! the graph takes. With BENCH_POSTGRES_URL, the same walks from the same topics as a
//! recursive SQL query on PostgreSQL over the same edges, in the same run.
//!
//! `cargo bench -p server --features ssr --bench lineage_queries`
//! Sizes: BENCH_NODES (default 100,000), BENCH_EDGES (default 300,000), BENCH_QUERIES,
//! BENCH_SQL_QUERIES (default 300).

#[path = "lineage_queries/postgres.rs"]
mod postgres;
mod support;

use std::time::{Duration, Instant};

use support::{env_usize, resident_kib, Random};
use tributary_core::lineage::{Direction, EdgeEvidence, EdgeKind, Filter, LineageGraph, NodeId};

fn main() {
    let nodes = env_usize("BENCH_NODES", 100_000);
    let edges = env_usize("BENCH_EDGES", 300_000);
    let queries = env_usize("BENCH_QUERIES", 10_000);
    let sql_queries = env_usize("BENCH_SQL_QUERIES", 300).min(queries);
    // 40 % topics, 40 % groups, 20 % subjects, over 10 clusters.
    let (topics, groups) = (nodes * 2 / 5, nodes * 2 / 5);
    let subjects = nodes - topics - groups;
    let topic =
        |i: usize| NodeId::Topic { cluster: format!("c{}", i % 10), topic: format!("domain{}.topic{i}", i % 97) };
    let group = |i: usize| NodeId::Group { cluster: format!("c{}", i % 10), group: format!("service-{i}") };
    let before = resident_kib();
    let started = Instant::now();
    let mut graph = LineageGraph::default();
    let mut random = Random(0x9E37_79B9_7F4A_7C15);
    for i in 0..subjects {
        let subject = NodeId::Subject { registry: "main".into(), subject: format!("topic{i}-value") };
        graph.upsert_edge(subject, topic(i), EdgeKind::HasSchema, EdgeEvidence::SubjectNaming, 1);
    }
    for i in 0..groups {
        graph.upsert_node(group(i));
    }
    for i in 0..topics {
        graph.upsert_node(topic(i));
    }
    while graph.edge_count() < edges {
        let (t, g) = (random.below(topics), random.below(groups));
        if random.below(5) < 3 {
            graph.upsert_edge(topic(t), group(g), EdgeKind::Reads, EdgeEvidence::CommittedOffsets, 1);
        } else {
            graph.upsert_edge(group(g), topic(t), EdgeKind::Writes, EdgeEvidence::Declared, 1);
        }
    }
    let built = started.elapsed();
    let after = resident_kib();
    println!(
        "estate: {} nodes, {} edges, built in {:.2} s; graph resident memory {:.0} MiB (RSS {:.0} → {:.0} MiB)",
        graph.node_count(),
        graph.edge_count(),
        built.as_secs_f64(),
        (after.saturating_sub(before)) as f64 / 1024.0,
        before as f64 / 1024.0,
        after as f64 / 1024.0
    );

    let filter = Filter::default();
    let starts: Vec<NodeId> = (0..queries).map(|_| topic(random.below(topics))).collect();
    let mut latencies = Vec::with_capacity(queries);
    let mut owned_latencies = Vec::with_capacity(queries);
    let mut reached = Vec::with_capacity(queries);
    for start in &starts {
        let began = Instant::now();
        let found = graph.walk_view(start, Direction::Both, 3, &filter).expect("the topic exists");
        latencies.push(began.elapsed());
        reached.push(found.nodes.len());
        let began = Instant::now();
        let owned = graph.walk(start, Direction::Both, 3, &filter).expect("the topic exists");
        owned_latencies.push(began.elapsed());
        assert_eq!(owned.nodes.len(), found.nodes.len());
    }
    let memory = Percentiles::of(latencies.clone());
    let owned = Percentiles::of(owned_latencies);
    println!(
        "3-hop upstream+downstream walk, {queries} random topics: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms; {:.0} nodes reached on average",
        memory.p50_ms,
        memory.p99_ms,
        memory.max_ms,
        reached.iter().sum::<usize>() as f64 / queries as f64
    );
    println!(
        "  with the answer copied out and sorted (what the HTTP handler used to pay): p50 {:.3} ms, p99 {:.3} ms",
        owned.p50_ms, owned.p99_ms
    );

    let Ok(url) = std::env::var("BENCH_POSTGRES_URL") else {
        println!(
            "PostgreSQL comparison skipped: set BENCH_POSTGRES_URL (scripts/postgres.sh start DIR PORT prints one)"
        );
        return;
    };
    let paths: Vec<String> = starts[..sql_queries].iter().map(NodeId::path).collect();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let sql = runtime.block_on(postgres::walks(&url, &graph, &paths, 3)).expect("PostgreSQL answers");
    let same = sql.reached.iter().zip(&reached).filter(|(sql, memory)| sql == memory).count();
    let sql_percentiles = Percentiles::of(sql.latencies);
    let memory_same = Percentiles::of(latencies[..sql_queries].to_vec());
    println!(
        "PostgreSQL recursive query, same {sql_queries} topics (edges loaded and indexed in {:.1} s): p50 {:.3} ms, p99 {:.3} ms; same nodes reached in {same} of {sql_queries}",
        sql.load.as_secs_f64(),
        sql_percentiles.p50_ms,
        sql_percentiles.p99_ms,
    );
    println!(
        "in memory vs that recursive query on those topics: p50 {:.0}× faster, p99 {:.0}× faster",
        sql_percentiles.p50_ms / memory_same.p50_ms,
        sql_percentiles.p99_ms / memory_same.p99_ms,
    );
    let marquez = Percentiles::of(sql.marquez_shaped.clone());
    let memory_first = Percentiles::of(latencies[..sql.marquez_shaped.len()].to_vec());
    println!(
        "PostgreSQL, Marquez-shaped query (job_io arrays), first {} of those topics: p50 {:.1} ms, max {:.1} ms; in memory p50 {:.0}× faster",
        sql.marquez_shaped.len(),
        marquez.p50_ms,
        marquez.max_ms,
        marquez.p50_ms / memory_first.p50_ms,
    );
}

struct Percentiles {
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
}

impl Percentiles {
    fn of(mut latencies: Vec<Duration>) -> Self {
        latencies.sort();
        let at =
            |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)].as_secs_f64() * 1000.0;
        Percentiles { p50_ms: at(0.50), p99_ms: at(0.99), max_ms: at(1.0) }
    }
}
