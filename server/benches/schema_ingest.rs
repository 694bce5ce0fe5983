//! Schema ingestion at scale and parsing throughput.
//!
//! 1. Registers BENCH_SUBJECTS (default 5,000) subjects × 3 versions in the registry
//!    double over HTTP, then times the first full read by the real `RegistryReader`
//!    (every subject, version list and version fetched over HTTP and parsed), and a
//!    steady-state poll (nothing changed).
//! 2. Parsing throughput per format (schemas/s, one core): the 38 valid datagen Avro
//!    schemas, the Protobuf contract with its imports, the JSON Schema contract with
//!    its `$ref`s.
//!
//! `cargo bench -p server --features ssr --bench schema_ingest`

mod support;

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::json;
use support::env_usize;
use tributary::config::RegistryConfig;
use tributary::demo::schemas::DATAGEN;
use tributary::ingest::registry::client::RegistryClient;
use tributary::ingest::registry::reader::RegistryReader;
use tributary_core::schema::{self, ParseOptions, ReferencedSchema};

const VERSIONS: usize = 3;
/// Concurrent registrations while generating the estate.
const REGISTER_CONCURRENCY: usize = 8;
/// How long each throughput measurement runs.
const THROUGHPUT_WINDOW: Duration = Duration::from_secs(2);

/// A distinct Avro schema per (subject, version): a datagen schema renamed, with one
/// defaulted field per version (so each version is backward compatible with the last).
fn schema_for(subject: usize, version: usize) -> String {
    let (_, text) = DATAGEN[subject % DATAGEN.len()];
    let mut value: serde_json::Value = match tributary_core::schema::json_text::parse(text) {
        Ok(value) => value,
        Err(_) => return schema_for(subject + 1, version),
    };
    if tributary_core::schema::avro::parse(text, &[]).is_err() {
        return schema_for(subject + 1, version);
    }
    value["name"] = json!(format!("Bench{subject}"));
    if let Some(fields) = value["fields"].as_array_mut() {
        for extra in 0..version {
            fields.push(json!({"name": format!("added_{extra}"), "type": "string", "default": ""}));
        }
    }
    value.to_string()
}

async fn generate(url: &str, subjects: usize) {
    let http = reqwest::Client::new();
    http.put(format!("{url}/config")).json(&json!({"compatibility": "NONE"})).send().await.unwrap();
    let started = Instant::now();
    for version in 0..VERSIONS {
        let mut pending = futures_util::stream::iter((0..subjects).map(|subject| {
            let http = http.clone();
            let body = json!({"schema": schema_for(subject, version)});
            let url = format!("{url}/subjects/bench.topic{subject}-value/versions");
            async move {
                let response = http.post(url).json(&body).send().await.unwrap();
                assert!(response.status().is_success(), "{}", response.text().await.unwrap());
            }
        }))
        .buffer_unordered(REGISTER_CONCURRENCY);
        while pending.next().await.is_some() {}
    }
    println!(
        "registered {subjects} subjects x {VERSIONS} versions in the registry double ({:.1} s)",
        started.elapsed().as_secs_f64()
    );
}

fn throughput(label: &str, mut parse_one: impl FnMut(usize) -> bool, schemas: usize) {
    let started = Instant::now();
    let mut parsed = 0usize;
    while started.elapsed() < THROUGHPUT_WINDOW {
        assert!(parse_one(parsed % schemas), "{label}: a schema failed to parse");
        parsed += 1;
    }
    let rate = parsed as f64 / started.elapsed().as_secs_f64();
    println!("parse throughput {label}: {rate:.0} schemas/s");
}

fn contract(path: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/data/contracts/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let subjects = env_usize("BENCH_SUBJECTS", 5_000);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(tributary::registry_double::serve(listener, std::future::pending()));
    generate(&url, subjects).await;

    let config =
        RegistryConfig { name: "bench".into(), url: url.clone(), clusters: vec![], auth: None, mappings: vec![] };
    let client = RegistryClient::new(&config, Duration::from_secs(30)).unwrap();
    let mut reader = RegistryReader::new(client, Duration::from_secs(3600), ParseOptions::default());
    let topics: Vec<String> = (0..subjects).map(|subject| format!("bench.topic{subject}")).collect::<Vec<_>>();
    let mut topics = topics;
    topics.sort();
    let started = Instant::now();
    let snapshot = reader.read(&topics, &|_, _| {}).await.unwrap().expect("a first snapshot");
    let first = started.elapsed();
    let versions: usize = snapshot.subjects.iter().map(|subject| subject.versions.len()).sum();
    let errors = snapshot.subjects.iter().flat_map(|s| &s.versions).filter(|v| v.parsed.is_err()).count();
    assert_eq!(errors, 0, "every generated schema parses");
    println!(
        "first full read: {:.2} s for {} subjects, {versions} versions (parsed, bound to topics)",
        first.as_secs_f64(),
        snapshot.subjects.len()
    );
    let started = Instant::now();
    reader.read(&topics, &|_, _| {}).await.unwrap();
    println!("steady-state poll (nothing new): {:.1} ms", started.elapsed().as_secs_f64() * 1000.0);

    let avro: Vec<&str> =
        DATAGEN.iter().map(|(_, text)| *text).filter(|text| schema::avro::parse(text, &[]).is_ok()).collect();
    throughput(
        &format!("Avro ({} datagen schemas)", avro.len()),
        |i| schema::avro::parse(avro[i], &[]).is_ok(),
        avro.len(),
    );

    let references = vec![
        ReferencedSchema { name: "contracts/options.proto".into(), text: contract("contracts/options.proto") },
        ReferencedSchema { name: "common/address.proto".into(), text: contract("common/address.proto") },
    ];
    let refund = contract("shop/refund.proto");
    let options = ParseOptions::default();
    throughput(
        "Protobuf (refund.proto with 2 imports + meta.proto)",
        |_| schema::protobuf::parse(&refund, &references, &options).is_ok(),
        1,
    );
    let address = vec![ReferencedSchema { name: "address.json".into(), text: contract("address.json") }];
    let shipment = contract("shipment.json");
    throughput(
        "JSON Schema (shipment.json with a $ref'd file)",
        |_| schema::json_schema::parse(&shipment, &address).is_ok(),
        1,
    );
}
