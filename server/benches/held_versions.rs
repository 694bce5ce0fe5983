//! The versions-held and persistence computation alone, at the compliance bench's scale:
//! 10,000 topics, each with its configs (a third compacted, a third with 7 days and a
//! third with 30 days of retention), each described by a subject of 3 versions first
//! seen a day apart; half of the topics sampled (3 partitions each). One run is what an
//! evaluation adds per topic: its [`Persistence`] worked out from its configs, then
//! which earlier versions it holds and until when. Goal: under 20 ms for all of them
//! (the compliance bench with BENCH_EARLIER_VERSIONS=2 measures it inside a whole
//! evaluation, where machine noise is larger than it).
//!
//! `cargo bench -p server --features ssr --bench held_versions`
//! Sizes: BENCH_TOPICS (default 10,000), BENCH_RUNS (default 50).

mod support;

use std::time::Instant;

use model::{
    PartitionEnds, SampledRecord, SchemaFormat, SchemaRole, Subject, SubjectVersion, Topic, TopicConfig, TopicSample,
};
use support::env_usize;
use tributary_core::catalog::versions_held::{versions_held, HeldInputs};
use tributary_core::catalog::VersionSightings;

const DAY_MS: i64 = 86_400_000;

fn main() {
    let topics = env_usize("BENCH_TOPICS", 10_000);
    let runs = env_usize("BENCH_RUNS", 50);
    let now_ms = 100 * DAY_MS;
    let config = |name: &str, value: &str| TopicConfig {
        name: name.into(),
        value: Some(value.into()),
        source: "DynamicTopic".into(),
        sensitive: false,
    };
    let estate: Vec<(Topic, Subject, Option<TopicSample>)> = (0..topics)
        .map(|i| {
            let configs = match i % 3 {
                0 => vec![config("cleanup.policy", "compact"), config("segment.ms", "3600000")],
                1 => vec![config("cleanup.policy", "delete"), config("retention.ms", "604800000")],
                _ => vec![config("retention.ms", "2592000000"), config("retention.bytes", "1073741824")],
            };
            let topic = Topic { name: format!("topic{i}"), internal: false, partitions: vec![], configs };
            let id = i32::try_from(i * 3).unwrap_or(i32::MAX);
            let subject = Subject {
                name: format!("topic{i}-value"),
                compatibility: None,
                topics: vec![],
                versions: (1..=3)
                    .map(|version| SubjectVersion {
                        version,
                        id: id + version,
                        format: SchemaFormat::Avro,
                        deleted: false,
                        schema: String::new(),
                        references: vec![],
                        properties: Default::default(),
                        rules: vec![],
                        parsed: Err(String::new()),
                    })
                    .collect(),
            };
            let record = |version: i32| SampledRecord {
                offset: 0,
                timestamp_ms: Some(now_ms),
                key_schema_id: None,
                value_schema_id: Some(id + version),
            };
            let sample = (i % 2 == 0).then(|| TopicSample {
                at_ms: now_ms,
                partitions: (0..3)
                    .map(|partition| PartitionEnds { partition, oldest: Some(record(2)), newest: Some(record(3)) })
                    .collect(),
            });
            (topic, subject, sample)
        })
        .collect();
    let mut sightings = VersionSightings::default();
    for (_, subject, _) in &estate {
        for version in 1..=3 {
            sightings.insert("main", &subject.name, version, now_ms - DAY_MS * i64::from(4 - version));
        }
    }
    let mut alone = Vec::new();
    for _ in 0..runs {
        let began = Instant::now();
        let persistences: Vec<_> = estate.iter().map(|(topic, _, _)| topic.persistence()).collect();
        alone.push(began.elapsed());
        drop(persistences);
    }
    alone.sort();
    let mut timings = Vec::new();
    let mut held = 0;
    for _ in 0..runs {
        let began = Instant::now();
        held = 0;
        for (topic, subject, sample) in &estate {
            let persistence = topic.persistence();
            let first_seen = |version| sightings.first_seen("main", &subject.name, version);
            let inputs =
                HeldInputs { persistence: &persistence, first_seen: &first_seen, sample: sample.as_ref(), now_ms };
            held += versions_held(subject, SchemaRole::Value, &inputs).len();
        }
        timings.push(began.elapsed());
    }
    timings.sort();
    let ms = |p: f64| timings[((timings.len() as f64 * p) as usize).min(timings.len() - 1)].as_secs_f64() * 1000.0;
    println!(
        "{topics} topics, {held} earlier versions held: persistence and versions held in p50 {:.2} ms, max {:.2} ms \
         ({runs} runs; persistence alone p50 {:.2} ms)",
        ms(0.5),
        ms(1.0),
        alone[alone.len() / 2].as_secs_f64() * 1000.0
    );
}
