//! Re-evaluating every compliance profile after one change, at scale: 10,000 topics over
//! 10 clusters, each with a value subject of 10 fields (100,000 fields, names drawn so
//! that about a third of the topics hold personal data), 5,000 groups each reading two
//! topics, one in ten of them also writing a topic of its own that no schema describes
//! (so personal data read propagates into it, and on through a chain of such topics),
//! and five profiles using every rule. One evaluation is what
//! `Services::evaluate_compliance` computes before its store write: every topic's facts
//! joined from the catalog (classification from the cache, as after the first), topic
//! tags applied and personal data propagated along lineage (with how long each origin's
//! data can persist anywhere it flows), every profile evaluated, the
//! findings set against the open violations. The change before
//! each measured run is a new version of one subject: the registry's snapshot is
//! replaced, so every subject's fingerprint is checked and the changed one classified.
//! Goal: under 100 ms after one change.
//!
//! With BENCH_EARLIER_VERSIONS=1 every subject has an earlier version whose extra field
//! holds personal data, registered a day before the latest: every topic (7 days of
//! retention) still holds it, and each evaluation works out which versions each topic
//! holds and until when. With BENCH_EARLIER_VERSIONS=2 the extra field is not personal:
//! the same findings as without, so the difference is that computation alone. Goal:
//! under 20 ms more than without.
//!
//! `cargo bench -p server --features ssr --bench compliance`
//! Sizes: BENCH_TOPICS (default 10,000), BENCH_RUNS (default 20).

mod support;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use model::{Field, Violation};
use support::env_usize;
use support::estate::{self, Estate};
use tributary_core::catalog::{topic_facts, ClassificationCache, FactsOverTime, VersionSightings};
use tributary_core::classification::RuleSet;
use tributary_core::compliance::{add_lifespans, apply_topic_tags, evaluate, propagate, reconcile, SinkClasses};

const DAY_MS: i64 = 86_400_000;

fn main() {
    let topics = env_usize("BENCH_TOPICS", 10_000);
    let runs = env_usize("BENCH_RUNS", 20);
    let Estate { clusters, registries, lineage, mut registry_snapshot, profiles } = estate::build(topics);
    let rules = RuleSet::builtin();

    let mut cache = ClassificationCache::default();
    let mut sightings = VersionSightings::default();
    let now_ms = 10 * DAY_MS;
    let earlier_versions = env_usize("BENCH_EARLIER_VERSIONS", 0);
    if earlier_versions > 0 {
        // 1: the earlier version's extra field is personal; 2: it is not (the same
        // findings as without, so the difference is the computation alone).
        let extra = if earlier_versions == 1 { "seeker_email" } else { "seeker_rank" };
        for subject in &mut registry_snapshot.subjects {
            let mut earlier = subject.versions[0].clone();
            earlier.id += 1_000_000;
            if let Ok(tree) = &mut earlier.parsed {
                tree.fields.push(Field::new(extra, "", "string".into()));
            }
            subject.versions[0].version = 2;
            sightings.insert("main", &subject.name, 1, now_ms - 2 * DAY_MS);
            sightings.insert("main", &subject.name, 2, now_ms - DAY_MS);
            subject.versions.insert(0, earlier);
        }
        registries.record("main", Ok(Some(registry_snapshot.clone())), 1);
    }
    let samples = Default::default();
    let over_time = FactsOverTime { now_ms, sightings: &sightings, samples: &samples };
    let mut open: Vec<Violation> = Vec::new();
    let mut timings: Vec<Duration> = Vec::new();
    // (facts joined, profiles evaluated, reconciled) per run.
    let mut parts: Vec<(Duration, Duration, Duration)> = Vec::new();
    for run in 0..=runs {
        if run > 0 {
            // The change: one subject registers a new version (same fields), so the
            // source's snapshot is replaced and every subject's fingerprint is checked.
            let changed = registry_snapshot.subjects[run % topics].versions.last_mut().expect("a version");
            changed.version += 1;
            changed.schema.push(' ');
            registries.record("main", Ok(Some(registry_snapshot.clone())), 1 + run as i64);
        }
        let began = Instant::now();
        let mut facts = topic_facts(&clusters, &registries.entries(), &lineage, &rules, &[], &mut cache, over_time);
        apply_topic_tags(&mut facts, &[]);
        propagate(&mut facts, &HashSet::new());
        add_lifespans(&mut facts, &SinkClasses::new());
        add_lifespans(&mut facts, &SinkClasses::new());
        let joined = began.elapsed();
        let findings = evaluate(&profiles, &facts);
        let evaluated = began.elapsed();
        let count = findings.len();
        let reconciled = reconcile(&open, findings);
        let took = began.elapsed();
        parts.push((joined, evaluated - joined, took - evaluated));
        if run == 0 {
            println!(
                "first evaluation (classifies every field): {:.1} ms; {count} findings, {} topics hold PII \
                 ({} from earlier versions), {} receive it from upstream",
                took.as_secs_f64() * 1000.0,
                facts.iter().filter(|topic| topic.holds_personal_data()).count(),
                facts.iter().filter(|topic| topic.personal_fields.iter().any(|field| field.held.is_some())).count(),
                facts.iter().filter(|topic| !topic.propagated.is_empty()).count()
            );
            open = reconciled
                .opened
                .into_iter()
                .enumerate()
                .map(|(id, finding)| Violation {
                    id: i64::try_from(id).unwrap_or(i64::MAX),
                    profile: finding.profile,
                    rule: finding.rule.to_owned(),
                    cluster: finding.cluster,
                    topic: finding.topic,
                    target: finding.target,
                    evidence: finding.evidence,
                    first_seen_ms: 0,
                    last_seen_ms: 0,
                    resolved_at_ms: None,
                })
                .collect();
        } else {
            assert!(reconciled.opened.is_empty() && reconciled.resolved.is_empty(), "nothing changed");
            timings.push(took);
        }
    }
    parts.sort();
    let (joined, evaluated, reconciled) = parts[parts.len() / 2];
    println!(
        "of a median run: facts joined and propagated {:.1} ms, profiles evaluated {:.1} ms, findings reconciled {:.1} ms",
        joined.as_secs_f64() * 1000.0,
        evaluated.as_secs_f64() * 1000.0,
        reconciled.as_secs_f64() * 1000.0
    );
    timings.sort();
    let at = |p: f64| timings[((timings.len() as f64 * p) as usize).min(timings.len() - 1)].as_secs_f64() * 1000.0;
    println!(
        "re-evaluation after one change, {runs} runs: p50 {:.1} ms, max {:.1} ms ({} open violations)",
        at(0.5),
        at(1.0),
        open.len()
    );
}
