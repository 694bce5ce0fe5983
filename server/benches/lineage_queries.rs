//! Lineage queries on a generated estate of 100,000 nodes and 300,000 edges, in process:
//! the 3-hop upstream + downstream walk's latency percentiles, and the resident memory
//! the graph takes.
//!
//! `cargo bench -p server --features ssr --bench lineage_queries`
//! Sizes: BENCH_NODES (default 100,000), BENCH_EDGES (default 300,000), BENCH_QUERIES.

mod support;

use std::time::Instant;

use support::{env_usize, resident_kib, Random};
use tributary::lineage::{Direction, EdgeEvidence, EdgeKind, Filter, LineageGraph, NodeId};

fn main() {
    let nodes = env_usize("BENCH_NODES", 100_000);
    let edges = env_usize("BENCH_EDGES", 300_000);
    let queries = env_usize("BENCH_QUERIES", 10_000);
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
    let mut latencies = Vec::with_capacity(queries);
    let mut reached = 0usize;
    for _ in 0..queries {
        let start = topic(random.below(topics));
        let began = Instant::now();
        let found = graph.walk(&start, Direction::Both, 3, &filter).expect("the topic exists");
        latencies.push(began.elapsed());
        reached += found.nodes.len();
    }
    latencies.sort();
    let percentile = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    println!(
        "3-hop upstream+downstream walk, {queries} random topics: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms; {:.0} nodes reached on average",
        percentile(0.50).as_secs_f64() * 1000.0,
        percentile(0.99).as_secs_f64() * 1000.0,
        latencies[latencies.len() - 1].as_secs_f64() * 1000.0,
        reached as f64 / queries as f64
    );
}
