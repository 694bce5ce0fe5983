//! A compliance report at scale: the estate of the compliance bench (10,000 topics,
//! 100,000 fields, 5,000 groups), reported for every topic. Measures what the server
//! does between the request and the last byte, without HTTP and the store (violations
//! and changes are empty here; they come from the store in batches): the time to the
//! first byte of the JSON (the head, after the facts are gathered), the total time for
//! the JSON document, for the CSV inventory and for the PDF, and the peak memory.
//!
//! `cargo bench -p server --features ssr --bench reports`
//! Sizes: BENCH_TOPICS (default 10,000).

mod support;

use std::collections::HashSet;
use std::time::Instant;

use model::{ComplianceReport, ReportHead, ReportScope};
use support::env_usize;
use support::estate::{self, Estate};
use tributary_core::catalog::{topic_facts, ClassificationCache, FactsOverTime, VersionSightings};
use tributary_core::classification::RuleSet;
use tributary_core::compliance::{add_lifespans, apply_topic_tags, propagate, SinkClasses, TopicFacts};
use tributary_core::report::document::{self, content_hash, JsonDocument};
use tributary_core::report::{pdf, sections};

/// Peak resident memory (VmHWM) in MiB.
fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|line| line.starts_with("VmHWM:"))?.to_owned();
            line.split_whitespace().nth(1)?.parse::<f64>().ok()
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

fn main() {
    let topics = env_usize("BENCH_TOPICS", 10_000);
    let Estate { clusters, registries, lineage, .. } = estate::build(topics);
    let rules = RuleSet::builtin();
    let mut cache = ClassificationCache::default();
    let (sightings, samples) = (VersionSightings::default(), Default::default());
    let over_time = FactsOverTime { now_ms: 0, sightings: &sightings, samples: &samples };
    let mut facts = topic_facts(&clusters, &registries.entries(), &lineage, &rules, &[], &mut cache, over_time);
    apply_topic_tags(&mut facts, &[]);
    propagate(&mut facts, &HashSet::new());
    add_lifespans(&mut facts, &SinkClasses::new());
    add_lifespans(&mut facts, &SinkClasses::new());
    println!("facts gathered; peak memory so far {:.0} MiB", peak_mib());

    let head = ReportHead {
        title: "Compliance report".into(),
        scope: ReportScope::default(),
        scope_described: "every topic".into(),
        from_ms: 0,
        to_ms: 1_796_000_000_000,
        generated_at_ms: 1_796_000_000_000,
        generated_by: "bench".into(),
        on_behalf_of: None,
        basis: String::new(),
    };
    let in_scope: Vec<&TopicFacts> = facts.iter().collect();

    // JSON: the head goes out first; then each section as it is built.
    let started = Instant::now();
    let mut document = JsonDocument::default();
    let mut bytes = document.member("head", &head).len();
    let first_byte = started.elapsed();
    let entries = registries.entries();
    let subjects = entries.iter().filter_map(|entry| Some((entry.name.as_str(), entry.snapshot.as_ref()?))).flat_map(
        |(source, snapshot)| {
            snapshot.subjects.iter().filter_map(move |subject| match subject.latest().map(|latest| &latest.parsed) {
                Some(Ok(tree)) => Some((source, subject.name.as_str(), tree)),
                _ => None,
            })
        },
    );
    let provenance = sections::provenance(subjects, &[], &rules);
    let inventory = sections::inventory(&in_scope, &provenance);
    bytes += document.member("inventory", &inventory).len();
    let records = sections::records(&in_scope, &sections::ReadersThen::new());
    bytes += document.member("records", &records).len();
    let summary = sections::summary(&in_scope, &inventory, &records, &[], 0);
    bytes += document.member("summary", &summary).len() + document.finish().len();
    let json_total = started.elapsed();
    println!(
        "JSON: first byte after {:.1} ms, {} inventory rows, {} records, {:.1} MB in {:.0} ms",
        first_byte.as_secs_f64() * 1000.0,
        inventory.len(),
        records.len(),
        bytes as f64 / 1e6,
        json_total.as_secs_f64() * 1000.0
    );

    let started = Instant::now();
    let mut csv = document::csv_header(document::Section::Inventory);
    let first_byte = started.elapsed();
    csv.extend(inventory.iter().map(document::inventory_row));
    println!(
        "CSV inventory: first byte after {:.3} ms, {:.1} MB in {:.0} ms (the inventory built above)",
        first_byte.as_secs_f64() * 1000.0,
        csv.len() as f64 / 1e6,
        started.elapsed().as_secs_f64() * 1000.0
    );

    let started = Instant::now();
    let mut report = ComplianceReport {
        head,
        inventory,
        records,
        violations: Vec::new(),
        changes: Vec::new(),
        summary,
        content_hash: String::new(),
    };
    report.content_hash = content_hash(&report);
    let written = pdf::render(&report, None).expect("the PDF is written");
    println!(
        "PDF: {:.1} MB in {:.1} s (laid out and written whole; the first byte goes with the last)",
        written.len() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    println!("peak memory: {:.0} MiB", peak_mib());
}
