//! The last known state of every configured schema registry, and what changed between
//! two reads of one, as catalog events.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, RwLock};

use model::{Change, RegistrySnapshot, SchemaSource, SchemasOverview, Subject, SubjectSummary};
use serde::Serialize;

use super::read_failure::ReadFailure;
use crate::config::{mask_url_credentials, RegistryConfig, SchemaDirectoryConfig};

/// One registry as the catalog holds it.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistryEntry {
    pub name: String,
    /// `registry` (a Confluent-compatible registry) or `directory` (schema files).
    pub kind: &'static str,
    /// The registry's URL (credentials masked), or the directory's path.
    pub url: String,
    /// Where the registry's answers were seen to differ from Confluent's, and how
    /// Tributary adapts (for example "Karapace-compatible answers for unknown ids").
    pub answers_differ: Vec<String>,
    /// Cluster aliases whose topics this registry describes.
    pub clusters: Vec<String>,
    pub last_good_read_ms: Option<i64>,
    /// Why the last read failed; `None` after a good read.
    pub last_error: Option<String>,
    #[serde(skip)]
    pub snapshot: Option<Arc<RegistrySnapshot>>,
}

/// A std lock: never held across an `.await`; reads clone an `Arc`.
pub struct RegistryCatalog {
    entries: RwLock<BTreeMap<String, RegistryEntry>>,
    /// How to reach each registry, for requests made on a user's behalf.
    configs: Vec<RegistryConfig>,
    directories: Vec<SchemaDirectoryConfig>,
}

impl RegistryCatalog {
    pub fn new(configured: &[RegistryConfig], directories: &[SchemaDirectoryConfig]) -> Self {
        let entry = |name: &str, kind, url: String, clusters: &[String]| RegistryEntry {
            name: name.to_owned(),
            kind,
            url,
            answers_differ: Vec::new(),
            clusters: clusters.to_vec(),
            last_good_read_ms: None,
            last_error: None,
            snapshot: None,
        };
        let entries = configured
            .iter()
            .map(|registry| entry(&registry.name, "registry", mask_url_credentials(&registry.url), &registry.clusters))
            .chain(directories.iter().map(|directory| {
                entry(&directory.name, "directory", directory.path.display().to_string(), &directory.clusters)
            }))
            .map(|entry| (entry.name.clone(), entry))
            .collect();
        RegistryCatalog {
            entries: RwLock::new(entries),
            configs: configured.to_vec(),
            directories: directories.to_vec(),
        }
    }

    pub fn directory(&self, name: &str) -> Option<&SchemaDirectoryConfig> {
        self.directories.iter().find(|directory| directory.name == name)
    }

    pub fn config(&self, name: &str) -> Option<&RegistryConfig> {
        self.configs.iter().find(|config| config.name == name)
    }

    /// Every source with a one-line summary per subject, for the Schemas page, stamped
    /// `now_ms` (the server's clock).
    pub fn overview(&self, now_ms: i64) -> SchemasOverview {
        let sources = self
            .entries()
            .into_iter()
            .map(|entry| SchemaSource {
                subjects: entry.snapshot.as_ref().map(|snapshot| {
                    snapshot.subjects.iter().map(|subject| SubjectSummary::of(&entry.name, subject)).collect()
                }),
                name: entry.name,
                kind: entry.kind.to_owned(),
                location: entry.url,
                answers_differ: entry.answers_differ,
                last_good_read_ms: entry.last_good_read_ms,
                last_error: entry.last_error,
            })
            .collect();
        SchemasOverview { sources, server_time_ms: now_ms }
    }

    /// One subject with every version, from the last snapshot of `source`.
    pub fn subject(&self, source: &str, subject: &str) -> Option<Subject> {
        let snapshot = self.entry(source)?.snapshot?;
        snapshot.subjects.iter().find(|candidate| candidate.name == subject).cloned()
    }

    pub fn entries(&self) -> Vec<RegistryEntry> {
        self.entries.read().unwrap_or_else(|poisoned| poisoned.into_inner()).values().cloned().collect()
    }

    pub fn entry(&self, name: &str) -> Option<RegistryEntry> {
        self.entries.read().unwrap_or_else(|poisoned| poisoned.into_inner()).get(name).cloned()
    }

    /// Adds what was detected of how registry `name` answers (kept, sorted, once each).
    pub fn note_answers_differ(&self, name: &str, detected: impl IntoIterator<Item = String>) {
        let mut entries = self.entries.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        let Some(entry) = entries.get_mut(name) else { return };
        entry.answers_differ.extend(detected);
        entry.answers_differ.sort();
        entry.answers_differ.dedup();
    }

    /// Records a read (`Ok(None)`: good, nothing changed); returns what changed since
    /// the previous good read (nothing on the first one, which has nothing to compare with).
    pub fn record(
        &self,
        name: &str,
        outcome: Result<Option<RegistrySnapshot>, ReadFailure>,
        at_ms: i64,
    ) -> Vec<Change> {
        let mut entries = self.entries.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        let Some(entry) = entries.get_mut(name) else { return Vec::new() };
        match outcome {
            Ok(None) => {
                entry.last_good_read_ms = Some(at_ms);
                entry.last_error = None;
                Vec::new()
            }
            Ok(Some(snapshot)) => {
                let changes = entry.snapshot.as_deref().map(|before| diff(before, &snapshot)).unwrap_or_default();
                entry.snapshot = Some(Arc::new(snapshot));
                entry.last_good_read_ms = Some(at_ms);
                entry.last_error = None;
                changes
            }
            Err(error) => {
                entry.last_error = Some(error.shown().to_string());
                Vec::new()
            }
        }
    }
}

/// Subjects and versions that appeared, and versions and subjects that were deleted.
pub fn diff(before: &RegistrySnapshot, after: &RegistrySnapshot) -> Vec<Change> {
    let versions = |snapshot: &RegistrySnapshot| -> BTreeMap<(String, i32), (i32, bool)> {
        snapshot
            .subjects
            .iter()
            .flat_map(|subject| {
                subject
                    .versions
                    .iter()
                    .map(|version| ((subject.name.clone(), version.version), (version.id, version.deleted)))
            })
            .collect()
    };
    let live_subjects = |snapshot: &RegistrySnapshot| -> BTreeSet<String> {
        snapshot.subjects.iter().filter(|subject| !subject.deleted()).map(|subject| subject.name.clone()).collect()
    };
    let (old, new) = (versions(before), versions(after));
    let (old_live, new_live) = (live_subjects(before), live_subjects(after));
    let mut changes: Vec<Change> =
        new_live.difference(&old_live).map(|subject| Change::SubjectCreated { subject: subject.clone() }).collect();
    for ((subject, version), (id, deleted)) in &new {
        match old.get(&(subject.clone(), *version)) {
            None if !deleted => {
                changes.push(Change::SchemaRegistered { subject: subject.clone(), version: *version, id: *id })
            }
            Some((_, false)) if *deleted => {
                changes.push(Change::SchemaVersionDeleted { subject: subject.clone(), version: *version })
            }
            _ => {}
        }
    }
    changes.extend(old_live.difference(&new_live).map(|subject| Change::SubjectDeleted { subject: subject.clone() }));
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::{SchemaFormat, Subject, SubjectVersion};

    fn subject(name: &str, versions: &[(i32, i32, bool)]) -> Subject {
        Subject {
            name: name.into(),
            compatibility: None,
            topics: vec![],
            versions: versions
                .iter()
                .map(|(version, id, deleted)| SubjectVersion {
                    version: *version,
                    id: *id,
                    format: SchemaFormat::Avro,
                    deleted: *deleted,
                    schema: "\"string\"".into(),
                    references: vec![],
                    properties: Default::default(),
                    rules: Vec::new(),
                    parsed: Err("not needed".into()),
                })
                .collect(),
        }
    }

    #[test]
    fn new_subjects_versions_and_deletions_become_changes() {
        let before = RegistrySnapshot {
            global_compatibility: None,
            subjects: vec![subject("orders-value", &[(1, 1, false)]), subject("legacy-value", &[(1, 2, false)])],
        };
        let after = RegistrySnapshot {
            global_compatibility: None,
            subjects: vec![
                subject("orders-value", &[(1, 1, true), (2, 3, false)]),
                subject("legacy-value", &[(1, 2, true)]),
                subject("refunds-value", &[(1, 4, false)]),
            ],
        };
        assert_eq!(
            diff(&before, &after),
            vec![
                Change::SubjectCreated { subject: "refunds-value".into() },
                Change::SchemaVersionDeleted { subject: "legacy-value".into(), version: 1 },
                Change::SchemaVersionDeleted { subject: "orders-value".into(), version: 1 },
                Change::SchemaRegistered { subject: "orders-value".into(), version: 2, id: 3 },
                Change::SchemaRegistered { subject: "refunds-value".into(), version: 1, id: 4 },
                Change::SubjectDeleted { subject: "legacy-value".into() },
            ]
        );
        assert!(diff(&after, &after).is_empty());
    }
}
