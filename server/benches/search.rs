//! Search on a generated estate of 100,000 nodes: 40,000 topics and 40,000 consumer
//! groups over 10 clusters, and 20,000 subjects whose latest schemas hold 10 fields
//! each (200,000 fields). Latency percentiles of `catalog::search` in process, for
//! queries a person types: a few letters, a prefix, a full name.
//!
//! `cargo bench -p server --features ssr --bench search`
//! Sizes: BENCH_NODES (default 100,000), BENCH_QUERIES (default 300).

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use model::{
    ClusterSnapshot, ClusterState, ClusterStatus, ConsumerGroup, Field, RegistrySnapshot, SchemaFormat, SchemaTree,
    Subject, SubjectVersion, Topic,
};
use support::{env_usize, Random};
use tributary::config::{ClusterConfig, RegistryConfig};
use tributary_core::catalog::{search, ClusterCatalog, ConnectCatalog, RegistryCatalog};

const CLUSTERS: usize = 10;
const FIELDS_PER_SCHEMA: usize = 10;

fn main() {
    let nodes = env_usize("BENCH_NODES", 100_000);
    let queries = env_usize("BENCH_QUERIES", 300);
    let (topics, groups) = (nodes * 2 / 5, nodes * 2 / 5);
    let subjects = nodes - topics - groups;
    let started = Instant::now();
    let mut configured = Vec::new();
    let mut stored = BTreeMap::new();
    for c in 0..CLUSTERS {
        let alias = format!("c{c}");
        configured.push(ClusterConfig {
            alias: alias.clone(),
            bootstrap_servers: format!("127.0.0.1:{}", 9092 + c),
            properties: Default::default(),
        });
        let snapshot = ClusterSnapshot {
            topics: (c..topics)
                .step_by(CLUSTERS)
                .map(|i| Topic {
                    name: format!("domain{}.topic{i}", i % 97),
                    internal: false,
                    partitions: vec![],
                    configs: vec![],
                })
                .collect(),
            groups: (c..groups)
                .step_by(CLUSTERS)
                .map(|i| ConsumerGroup {
                    group_id: format!("service-{i}"),
                    state: "Stable".into(),
                    protocol_type: "consumer".into(),
                    protocol: "range".into(),
                    members: vec![],
                    offsets: vec![],
                })
                .collect(),
            ..ClusterSnapshot::default()
        };
        let status = ClusterStatus::new(&alias, "127.0.0.1:9092");
        stored.insert(alias, ClusterState { status, snapshot: Some(snapshot), edges: vec![] });
    }
    let clusters = ClusterCatalog::new(&configured, stored, 1_000);
    let registry = RegistryConfig {
        name: "main".into(),
        url: "http://127.0.0.1:8081".into(),
        clusters: vec![],
        auth: None,
        mappings: vec![],
    };
    let registries = RegistryCatalog::new(&[registry], &[]);
    let snapshot = RegistrySnapshot {
        global_compatibility: None,
        subjects: (0..subjects)
            .map(|i| Subject {
                name: format!("domain{}.topic{i}-value", i % 97),
                compatibility: None,
                versions: vec![SubjectVersion {
                    version: 1,
                    id: i32::try_from(i).unwrap_or(i32::MAX),
                    format: SchemaFormat::Avro,
                    deleted: false,
                    schema: String::new(),
                    references: vec![],
                    properties: Default::default(),
                    rules: Vec::new(),
                    parsed: Ok(SchemaTree {
                        format: SchemaFormat::Avro,
                        name: format!("io.shop.Record{i}"),
                        type_label: "record".into(),
                        doc: None,
                        tags: vec![],
                        fields: (0..FIELDS_PER_SCHEMA)
                            .map(|f| Field::new(&format!("field_{f}_{}", i % 500), "", "string".into()))
                            .collect(),
                        declared_topics: vec![],
                    }),
                }],
                topics: vec![],
            })
            .collect(),
    };
    registries.record("main", Ok(Some(snapshot)), 1);
    println!(
        "estate: {topics} topics, {groups} groups, {subjects} subjects with {} fields; built in {:.1} s",
        subjects * FIELDS_PER_SCHEMA,
        started.elapsed().as_secs_f64()
    );

    let mut random = Random(0xD1B5_4A32_D192_ED03);
    let kinds = BTreeSet::new();
    for (label, make) in [
        ("3 letters (`top`)", Box::new(|_: &mut Random| "top".to_owned()) as Box<dyn Fn(&mut Random) -> String>),
        ("a prefix (`domain42.`)", Box::new(|r: &mut Random| format!("domain{}.", r.below(97)))),
        (
            "a full topic name",
            Box::new(move |r: &mut Random| {
                let i = r.below(topics);
                format!("domain{}.topic{i}", i % 97)
            }),
        ),
        ("a group id", Box::new(move |r: &mut Random| format!("service-{}", r.below(groups)))),
    ] {
        let mut latencies = Vec::with_capacity(queries);
        let mut hits = 0;
        let connect = ConnectCatalog::new(&[]);
        for _ in 0..queries {
            let query = make(&mut random);
            let began = Instant::now();
            hits += search(&clusters, &registries, &connect, &query, &kinds, 20).len();
            latencies.push(began.elapsed());
        }
        latencies.sort();
        let at =
            |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)].as_secs_f64() * 1000.0;
        println!(
            "search for {label}, {queries} queries: p50 {:.1} ms, p99 {:.1} ms; {:.1} hits on average",
            at(0.5),
            at(0.99),
            hits as f64 / queries as f64
        );
    }
}
