//! Which earlier versions of a subject a topic may still hold records of, and until when.
//!
//! A topic keeps what each version carried until Kafka deletes the records written with
//! it. Producers are assumed to move to a new version when it is registered, so records
//! of version *n* stop being written when version *n + 1* appears, and go once the topic's
//! persistence ([`Persistence::gone_by_ms`]) has passed from then. Registries do not say
//! when a version was registered: Tributary records when it first saw each one
//! ([`VersionSightings`]), which is at or after the registration, so the dates given are
//! never too early.
//!
//! Where Tributary may read a topic's records, a sample of the schema ids at each
//! partition's ends ([`TopicSample`]) replaces the assumption: an id in a newest record
//! means a producer still writes that version; when every non-empty partition's oldest
//! record is of a later version, the earlier ones are gone whatever the dates say; an
//! empty topic holds none.

use rustc_hash::FxHashMap;

use model::{HeldBecause, HeldVersion, Persistence, SchemaRole, Subject, TopicSample};

/// When Tributary first saw each version of each subject, by source and subject: ms
/// since the epoch.
#[derive(Clone, Debug, Default)]
pub struct VersionSightings {
    by_source: FxHashMap<String, FxHashMap<String, Vec<(i32, i64)>>>,
}

impl VersionSightings {
    /// Notes that `version` of `subject` in `source` was first seen at `at_ms` (an
    /// earlier sighting stands).
    pub fn insert(&mut self, source: &str, subject: &str, version: i32, at_ms: i64) {
        let versions = self.by_source.entry(source.to_owned()).or_default().entry(subject.to_owned()).or_default();
        match versions.iter_mut().find(|(known, _)| *known == version) {
            Some((_, seen)) => *seen = (*seen).min(at_ms),
            None => versions.push((version, at_ms)),
        }
    }

    /// When `version` of `subject` in `source` was first seen.
    pub fn first_seen(&self, source: &str, subject: &str, version: i32) -> Option<i64> {
        let versions = self.by_source.get(source)?.get(subject)?;
        versions.iter().find(|(known, _)| *known == version).map(|(_, seen)| *seen)
    }

    /// How many versions have a sighting.
    pub fn len(&self) -> usize {
        self.by_source.values().flat_map(|subjects| subjects.values()).map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What the computation needs besides the subject: the topic's persistence, when the
/// subject's versions were first seen, a sample of the topic's records if one was taken,
/// and now.
pub struct HeldInputs<'a> {
    pub persistence: &'a Persistence,
    /// When each version of the subject was first seen, by version.
    pub first_seen: &'a dyn Fn(i32) -> Option<i64>,
    pub sample: Option<&'a TopicSample>,
    pub now_ms: i64,
}

/// The versions of `subject` other than its latest whose records `role` (key or value)
/// of the topic may still hold, oldest first.
pub fn versions_held(subject: &Subject, role: SchemaRole, inputs: &HeldInputs) -> Vec<HeldVersion> {
    let Some(latest) = subject.latest() else { return Vec::new() };
    let sampled = inputs.sample.map(|sample| SampledIds::of(sample, role)).filter(|ids| ids.partitions > 0);
    let oldest_version_sampled = sampled.as_ref().and_then(|ids| {
        // The lowest version among the oldest records; `None` unless every non-empty
        // partition's oldest record is a version of this subject.
        if ids.oldest.len() < ids.partitions {
            return None;
        }
        let versions: Option<Vec<i32>> = ids.oldest.iter().map(|id| version_of(subject, *id)).collect();
        versions.and_then(|versions| versions.into_iter().min())
    });
    if let Some(sample) = inputs.sample {
        if sample.partitions.iter().all(|partition| partition.oldest.is_none() && partition.newest.is_none()) {
            // Every partition is empty: no record of any version is there.
            return Vec::new();
        }
    }
    let mut held = Vec::new();
    for version in subject.versions.iter().filter(|version| version.version != latest.version) {
        let next = subject.versions.iter().map(|other| other.version).filter(|other| *other > version.version).min();
        let assumed = match next {
            // A deleted version after the latest: nothing says when it stopped.
            _ if version.version > latest.version => Some((HeldBecause::Unknown, None)),
            Some(next) => {
                // Not seen yet (cannot happen once sightings are recorded): as of now.
                let superseded_ms = (inputs.first_seen)(next).unwrap_or(inputs.now_ms);
                match inputs.persistence.gone_by_ms(superseded_ms) {
                    Some(gone) if gone > inputs.now_ms => Some((HeldBecause::Retention, Some(gone))),
                    Some(_) => None,
                    None if inputs.persistence.cleanup == model::Cleanup::Compact => {
                        Some((HeldBecause::Compacted, None))
                    }
                    None => Some((HeldBecause::Forever, None)),
                }
            }
            None => None,
        };
        let found = match &sampled {
            Some(ids) if ids.newest.contains(&version.id) => Some((HeldBecause::StillWritten, None)),
            // Seen although the dates say it should be gone (a producer that moved late):
            // no date bounds it any more.
            Some(ids) if ids.oldest.contains(&version.id) => assumed.or(Some((HeldBecause::SampledOldest, None))),
            Some(_) if oldest_version_sampled.is_some_and(|oldest| oldest > version.version) => None,
            _ => assumed,
        };
        if let Some((because, clears_by_ms)) = found {
            held.push(HeldVersion { version: version.version, schema_id: version.id, because, clears_by_ms });
        }
    }
    held
}

/// The schema ids a sample found for one role.
struct SampledIds {
    /// Non-empty partitions sampled.
    partitions: usize,
    /// The ids of the oldest records (a record not in the wire format counts as none).
    oldest: Vec<i32>,
    newest: Vec<i32>,
}

impl SampledIds {
    fn of(sample: &TopicSample, role: SchemaRole) -> Self {
        let id = |record: &model::SampledRecord| match role {
            SchemaRole::Key => record.key_schema_id,
            SchemaRole::Value => record.value_schema_id,
        };
        let filled: Vec<_> = sample.partitions.iter().filter(|partition| partition.oldest.is_some()).collect();
        SampledIds {
            partitions: filled.len(),
            oldest: filled.iter().filter_map(|partition| partition.oldest.as_ref().and_then(id)).collect(),
            newest: filled.iter().filter_map(|partition| partition.newest.as_ref().and_then(id)).collect(),
        }
    }
}

/// The version of `subject` registered with schema id `id`, if any.
fn version_of(subject: &Subject, id: i32) -> Option<i32> {
    subject.versions.iter().find(|version| version.id == id).map(|version| version.version)
}

#[cfg(test)]
#[path = "versions_held_tests.rs"]
mod tests;
