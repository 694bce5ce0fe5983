//! What topics hold over time, as the service keeps it: when each schema version was
//! first seen (stored, read back at start, so dates survive restarts) and the samples of
//! schema ids taken from topics' records where the configuration allows reading them.
//! Compliance evaluations read both through [`Services::with_facts_over_time`].

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, RwLock};

use model::{RecordSampleState, TopicSample};
use tributary_core::catalog::{FactsOverTime, VersionSightings};

use super::Services;
use crate::clock::now_ms;
use crate::ingest::kafka::record_ends::SampleRefused;
use crate::store::version_sightings::Sighting;

/// The sightings and samples, behind one lock (read by every evaluation, written by the
/// schema pollers and the record sampler).
pub type HeldBook = Arc<RwLock<HeldState>>;

#[derive(Default)]
pub struct HeldState {
    sightings: VersionSightings,
    /// The latest sample of each topic, by cluster and topic.
    samples: tributary_core::catalog::TopicSamples,
    /// Topics whose records could not be read at the last try: why, and when.
    refusals: HashMap<String, HashMap<String, (i64, String)>>,
}

impl Services {
    /// Reads the stored sightings back (at start).
    pub(super) async fn restore_sightings(&self) -> crate::Result<()> {
        let stored = self.store.version_sightings().await?;
        let mut state = self.held_state_mut();
        for sighting in stored {
            state.sightings.insert(&sighting.source, &sighting.subject, sighting.version, sighting.first_seen_ms);
        }
        Ok(())
    }

    /// Records, for schema source `source` as just read, every version seen for the first
    /// time (stored first: a sighting lost to a failed write is taken again at the next
    /// read, a little later, which only makes its dates later, never too early).
    pub(super) async fn record_sightings(&self, source: &str) {
        let Some(snapshot) = self.registries.entry(source).and_then(|entry| entry.snapshot) else { return };
        let at_ms = now_ms();
        let new: Vec<Sighting> = {
            let state = self.held_state();
            snapshot
                .subjects
                .iter()
                .flat_map(|subject| subject.versions.iter().map(move |version| (subject, version)))
                .filter(|(subject, version)| {
                    state.sightings.first_seen(source, &subject.name, version.version).is_none()
                })
                .map(|(subject, version)| Sighting {
                    source: source.to_owned(),
                    subject: subject.name.clone(),
                    version: version.version,
                    schema_id: version.id,
                    first_seen_ms: at_ms,
                })
                .collect()
        };
        if new.is_empty() {
            return;
        }
        if let Err(error) = self.store.record_version_sightings(&new).await {
            tracing::error!(%source, %error, "could not store when schema versions were first seen");
            return;
        }
        let mut state = self.held_state_mut();
        for sighting in &new {
            state.sightings.insert(source, &sighting.subject, sighting.version, sighting.first_seen_ms);
        }
    }

    /// The topics of cluster `alias` worth sampling, with their partitions: those a
    /// subject with more than one version describes (with one version, there is no
    /// earlier one to look for).
    pub fn topics_to_sample(&self, alias: &str) -> Vec<(String, Vec<i32>)> {
        let mut described: BTreeSet<String> = BTreeSet::new();
        for entry in self.registries.entries() {
            if !entry.clusters.is_empty() && !entry.clusters.iter().any(|cluster| cluster == alias) {
                continue;
            }
            let Some(snapshot) = entry.snapshot else { continue };
            for subject in snapshot.subjects.iter().filter(|subject| subject.versions.len() > 1) {
                described.extend(subject.topics.iter().map(|binding| binding.topic.clone()));
            }
        }
        self.clusters
            .with_cluster(alias, |cluster| {
                let Some(snapshot) = &cluster.snapshot else { return Vec::new() };
                snapshot
                    .topics
                    .iter()
                    .filter(|topic| !topic.internal && described.contains(&topic.name))
                    .map(|topic| (topic.name.clone(), topic.partitions.iter().map(|partition| partition.id).collect()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Records a sample of `topic` of cluster `alias` (or why it could not be taken).
    /// Compliance re-evaluates when the schema ids found differ from the last sample's.
    pub fn record_sample(&self, alias: &str, topic: &str, outcome: Result<TopicSample, SampleRefused>) {
        let mut state = self.held_state_mut();
        match outcome {
            Ok(sample) => {
                if let Some(refusals) = state.refusals.get_mut(alias) {
                    refusals.remove(topic);
                }
                let samples = state.samples.entry(alias.to_owned()).or_default();
                let same_ids = samples.get(topic).is_some_and(|before| before.same_ids(&sample));
                samples.insert(topic.to_owned(), sample);
                if !same_ids {
                    self.note_catalog_changed();
                }
            }
            Err(SampleRefused(reason)) => {
                let had_sample = state.samples.get_mut(alias).and_then(|samples| samples.remove(topic)).is_some();
                state.refusals.entry(alias.to_owned()).or_default().insert(topic.to_owned(), (now_ms(), reason));
                if had_sample {
                    self.note_catalog_changed();
                }
            }
        }
    }

    /// Forgets the samples and refusals of cluster `alias`'s topics other than `sampled`
    /// (deleted, or no longer described by several versions).
    pub fn keep_samples_of(&self, alias: &str, sampled: &[String]) {
        let mut state = self.held_state_mut();
        let mut dropped = false;
        if let Some(samples) = state.samples.get_mut(alias) {
            let before = samples.len();
            samples.retain(|topic, _| sampled.contains(topic));
            dropped = samples.len() != before;
        }
        if let Some(refusals) = state.refusals.get_mut(alias) {
            refusals.retain(|topic, _| sampled.contains(topic));
        }
        if dropped {
            self.note_catalog_changed();
        }
    }

    /// The last sample of `topic` of cluster `cluster`, or why none could be taken.
    pub fn sample_state(&self, cluster: &str, topic: &str) -> Option<RecordSampleState> {
        let state = self.held_state();
        if let Some(sample) = state.samples.get(cluster).and_then(|samples| samples.get(topic)) {
            return Some(RecordSampleState::Taken { sample: sample.clone() });
        }
        let (at_ms, reason) = state.refusals.get(cluster)?.get(topic)?;
        Some(RecordSampleState::Refused { at_ms: *at_ms, reason: reason.clone() })
    }

    /// Runs `read` with what the facts need about time, as of `now_ms`.
    pub(super) fn with_facts_over_time<R>(&self, now_ms: i64, read: impl FnOnce(FactsOverTime) -> R) -> R {
        let state = self.held_state();
        read(FactsOverTime { now_ms, sightings: &state.sightings, samples: &state.samples })
    }

    fn held_state(&self) -> std::sync::RwLockReadGuard<'_, HeldState> {
        self.held.read().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn held_state_mut(&self) -> std::sync::RwLockWriteGuard<'_, HeldState> {
        self.held.write().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
