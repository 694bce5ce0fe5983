//! Reads a registry into a [`RegistrySnapshot`], cheaply enough to poll every couple of
//! seconds. A subject version never changes once registered (only its deleted flag
//! does), so each is fetched and parsed once. A poll asks for the subject lists (live
//! and with deleted ones) and probes for schema ids above the highest one seen; only
//! subjects that appeared, disappeared or got a new id are re-read. Every
//! `full_refresh` all subjects are re-read, which catches version deletes and level
//! changes.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::{Duration, Instant};

use app::model::{
    bind_topics, RegistrySnapshot, SchemaFormat, SchemaReference, SchemaTree, Subject, SubjectVersion, TopicBinding,
};
use serde_json::Value;

use super::client::{RegisteredVersion, RegistryClient};
use crate::config::SubjectMapping;
use crate::error::Result;
use crate::schema::{self, tags::apply_path_tags, ParseOptions, ReferencedSchema};

/// How deep references may chain before they are called circular.
const MAX_REFERENCE_DEPTH: usize = 32;
/// New ids probed per poll at most; more are found by the next poll.
const MAX_ID_PROBES: usize = 1_000;

/// What is known of one subject between polls.
#[derive(Default)]
struct SubjectState {
    /// (version, deleted), sorted.
    versions: Vec<(i32, bool)>,
    compatibility: Option<String>,
}

pub struct RegistryReader {
    client: RegistryClient,
    full_refresh: Duration,
    last_full: Option<Instant>,
    global_compatibility: Option<String>,
    subjects: BTreeMap<String, SubjectState>,
    fetched: HashMap<(String, i32), RegisteredVersion>,
    /// Versions the registry could not produce, with its answer.
    missing: HashMap<(String, i32), String>,
    parsed: HashMap<(String, i32), Result<SchemaTree, String>>,
    highest_id: i32,
    parse_options: ParseOptions,
    /// The topics the last snapshot was bound against; `None` before the first one.
    bound_topics: Option<Vec<String>>,
    /// Subject → topic bindings from the configuration.
    mappings: Vec<SubjectMapping>,
}

impl RegistryReader {
    pub fn new(client: RegistryClient, full_refresh: Duration, parse_options: ParseOptions) -> Self {
        RegistryReader {
            client,
            full_refresh,
            last_full: None,
            global_compatibility: None,
            subjects: BTreeMap::new(),
            fetched: HashMap::new(),
            missing: HashMap::new(),
            parsed: HashMap::new(),
            highest_id: 0,
            parse_options,
            bound_topics: None,
            mappings: Vec::new(),
        }
    }

    /// Adds the configuration's explicit subject → topic mappings.
    pub fn with_mappings(mut self, mappings: Vec<SubjectMapping>) -> Self {
        self.mappings = mappings;
        self
    }

    /// One poll. `topics` (sorted) are the topics of the clusters this registry serves,
    /// for subject → topic bindings; `progress` hears (subjects done, subjects to read).
    /// `None` when nothing changed since the last snapshot (building one for thousands
    /// of subjects costs more than the poll itself).
    pub async fn read(
        &mut self,
        topics: &[String],
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Option<RegistrySnapshot>> {
        let now = Instant::now();
        let full = self.last_full.is_none_or(|last| now.duration_since(last) >= self.full_refresh);
        let all: HashSet<String> = self.client.subjects(true).await?.into_iter().collect();
        let live: HashSet<String> = self.client.subjects(false).await?.into_iter().collect();

        let mut dirty: HashSet<String> = if full {
            self.global_compatibility = Some(self.client.global_compatibility().await?);
            all.clone()
        } else {
            let known: HashSet<&String> = self.subjects.keys().collect();
            let mut changed: HashSet<String> = all.iter().filter(|subject| !known.contains(subject)).cloned().collect();
            // A subject whose liveness changed: (un)deleted since the last poll.
            for (name, state) in &self.subjects {
                let was_live = state.versions.iter().any(|(_, deleted)| !deleted);
                if was_live != live.contains(name) {
                    changed.insert(name.clone());
                }
            }
            changed
        };
        dirty.extend(self.probe_new_ids().await?);
        let before = self.subjects.len();
        self.subjects.retain(|name, _| all.contains(name));
        let removed = self.subjects.len() != before;
        if !full && !removed && dirty.is_empty() && self.bound_topics.as_deref() == Some(topics) {
            return Ok(None);
        }

        let total = dirty.len();
        for (done, subject) in dirty.iter().enumerate() {
            if all.contains(subject) {
                self.refresh_subject(subject).await?;
            }
            progress(done + 1, total);
        }
        if full {
            self.last_full = Some(now);
        }
        self.highest_id = self.fetched.values().map(|version| version.id).max().unwrap_or(0).max(self.highest_id);
        self.bound_topics = Some(topics.to_vec());
        Ok(Some(self.snapshot(topics)))
    }

    /// Subjects that registered schema ids above the highest seen.
    async fn probe_new_ids(&mut self) -> Result<HashSet<String>> {
        let mut subjects = HashSet::new();
        if self.highest_id == 0 {
            return Ok(subjects);
        }
        for id in (self.highest_id + 1..).take(MAX_ID_PROBES) {
            match self.client.usages_of_id(id).await? {
                Some(usages) => {
                    subjects.extend(usages.into_iter().map(|(subject, _)| subject));
                    self.highest_id = id;
                }
                None => break,
            }
        }
        Ok(subjects)
    }

    async fn refresh_subject(&mut self, subject: &str) -> Result<()> {
        let all = self.client.versions(subject, true).await?;
        let live: HashSet<i32> = self.client.versions(subject, false).await?.into_iter().collect();
        for version in &all {
            self.fetch(subject, *version, 0).await?;
        }
        let compatibility = self.client.subject_compatibility(subject).await?;
        let mut versions: Vec<(i32, bool)> = all.iter().map(|version| (*version, !live.contains(version))).collect();
        versions.sort_unstable();
        self.subjects.insert(subject.to_owned(), SubjectState { versions, compatibility });
        Ok(())
    }

    /// Fetches a version and, first, everything it references; then parses it.
    async fn fetch(&mut self, subject: &str, version: i32, depth: usize) -> Result<()> {
        let key = (subject.to_owned(), version);
        if self.parsed.contains_key(&key) || self.missing.contains_key(&key) {
            return Ok(());
        }
        if !self.fetched.contains_key(&key) {
            match self.client.version(subject, version).await? {
                Ok(fetched) => {
                    self.fetched.insert(key.clone(), fetched);
                }
                Err(missing) => {
                    self.missing.insert(key, missing);
                    return Ok(());
                }
            }
        }
        let references = self.fetched[&key].references.clone();
        if depth < MAX_REFERENCE_DEPTH {
            for reference in &references {
                Box::pin(self.fetch(&reference.subject, reference.version, depth + 1)).await?;
            }
        }
        let parsed = self.parse(&key);
        self.parsed.insert(key, parsed);
        Ok(())
    }

    fn parse(&self, key: &(String, i32)) -> Result<SchemaTree, String> {
        let version = &self.fetched[key];
        let format = SchemaFormat::from_schema_type(version.schema_type.as_deref())
            .ok_or_else(|| format!("unknown schema type {:?}", version.schema_type))?;
        let mut references = Vec::new();
        self.reference_texts(version, &mut references, 0)?;
        let mut tree = schema::parse(format, &version.schema, &references, &self.parse_options)?;
        apply_path_tags(&mut tree, &metadata_tags(version.metadata.as_ref()));
        Ok(tree)
    }

    /// The referenced schemas' texts, each reference's own references first.
    fn reference_texts(
        &self,
        version: &RegisteredVersion,
        texts: &mut Vec<ReferencedSchema>,
        depth: usize,
    ) -> Result<(), String> {
        if depth > MAX_REFERENCE_DEPTH {
            return Err("references nest too deep (circular?)".into());
        }
        for reference in &version.references {
            let key = (reference.subject.clone(), reference.version);
            let referenced = self.fetched.get(&key).ok_or_else(|| {
                let reason = self.missing.get(&key).map_or("not read", String::as_str);
                format!("reference {} cannot be resolved: {reason}", reference.name)
            })?;
            self.reference_texts(referenced, texts, depth + 1)?;
            texts.push(ReferencedSchema { name: reference.name.clone(), text: referenced.schema.clone() });
        }
        Ok(())
    }

    fn snapshot(&self, topics: &[String]) -> RegistrySnapshot {
        let subjects = self
            .subjects
            .iter()
            .map(|(name, state)| {
                let versions: Vec<SubjectVersion> = state
                    .versions
                    .iter()
                    .filter_map(|(number, deleted)| {
                        let key = (name.clone(), *number);
                        let fetched = self.fetched.get(&key)?;
                        Some(SubjectVersion {
                            version: *number,
                            id: fetched.id,
                            format: SchemaFormat::from_schema_type(fetched.schema_type.as_deref())
                                .unwrap_or(SchemaFormat::Avro),
                            deleted: *deleted,
                            schema: fetched.schema.clone(),
                            references: fetched.references.iter().map(SchemaReference::from).collect(),
                            parsed: self.parsed.get(&key).cloned().unwrap_or_else(|| Err("not parsed".into())),
                        })
                    })
                    .collect();
                let record = versions
                    .iter()
                    .rev()
                    .find(|version| !version.deleted)
                    .and_then(|version| version.parsed.as_ref().ok())
                    .map(|tree| tree.name.as_str());
                Subject {
                    name: name.clone(),
                    compatibility: state.compatibility.clone(),
                    topics: with_explicit(bind_topics(name, record, topics), name, &self.mappings),
                    versions,
                }
            })
            .collect();
        RegistrySnapshot { global_compatibility: self.global_compatibility.clone(), subjects }
    }
}

/// `bindings` plus the configured mappings of `subject`.
pub fn with_explicit(mut bindings: Vec<TopicBinding>, subject: &str, mappings: &[SubjectMapping]) -> Vec<TopicBinding> {
    bindings.extend(mappings.iter().filter(|mapping| mapping.subject == subject).filter_map(SubjectMapping::binding));
    bindings
}

/// The `metadata.tags` of a registration: `{"**.ssn": ["PII"]}` → rules.
fn metadata_tags(metadata: Option<&Value>) -> Vec<(String, Vec<String>)> {
    let Some(Value::Object(tags)) = metadata.and_then(|metadata| metadata.get("tags")) else { return Vec::new() };
    tags.iter()
        .map(|(path, tags)| {
            let tags = tags.as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect();
            (path.clone(), tags)
        })
        .collect()
}
