//! Reads a registry into a [`RegistrySnapshot`], quietly enough to poll every couple of
//! seconds against any Confluent-compatible registry. A subject version never changes
//! once registered (only its deleted flag does), so each is fetched and parsed once.
//!
//! A steady poll costs three requests: the subject lists (live, and with deleted ones)
//! and one probe for the next schema id, which finds new versions of known subjects.
//! Only subjects that appeared, disappeared or got a new id are re-read. Version
//! deletes and level changes show in no list, so every subject is also re-checked in
//! turn, a few at a time, spread evenly over the full-refresh period (never faster than
//! [`RECHECK_REQUESTS_PER_SECOND`]) instead of all at once. No poll sends more than
//! [`MAX_REQUESTS_PER_POLL`]; what is left waits for the next poll.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Bound;
use std::time::{Duration, Instant};

use model::{
    bind_topics, RegistrySnapshot, SchemaFormat, SchemaReference, SchemaTree, Subject, SubjectVersion, TopicBinding,
};

use super::client::{IdUsages, RegisteredVersion, RegistryClient, UnknownIdAnswer, VersionRefused};
use super::contract;
use crate::config::SubjectMapping;
use crate::error::Result;
use tributary_core::schema::{self, tags::apply_path_tags, ParseError, ParseOptions, ReferencedSchema};

/// How deep references may chain before they are called circular.
const MAX_REFERENCE_DEPTH: usize = 32;
/// Requests one poll may send; a first read of thousands of subjects spreads over
/// several polls (each publishing what it read) rather than hammering the registry.
pub const MAX_REQUESTS_PER_POLL: u64 = 2_000;
/// The pace of the rolling re-check at most: with the steady poll's 1.5 requests a
/// second (three every 2 s), a registry sees under 2 a second from an idle Tributary.
pub const RECHECK_REQUESTS_PER_SECOND: f64 = 0.4;
/// Requests a re-check of one subject costs: its versions with and without deleted
/// ones, and its compatibility level.
const REQUESTS_PER_RECHECK: f64 = 3.0;

/// What is known of one subject between polls.
#[derive(Default, PartialEq)]
struct SubjectState {
    /// (version, deleted), sorted.
    versions: Vec<(i32, bool)>,
    compatibility: Option<String>,
}

pub struct RegistryReader {
    client: RegistryClient,
    full_refresh: Duration,
    global_compatibility: Option<String>,
    subjects: BTreeMap<String, SubjectState>,
    fetched: HashMap<(String, i32), RegisteredVersion>,
    /// Versions the registry could not produce, with its answer.
    missing: HashMap<(String, i32), VersionRefused>,
    parsed: HashMap<(String, i32), Result<SchemaTree, ParseError>>,
    highest_id: i32,
    parse_options: ParseOptions,
    /// The topics the last snapshot was bound against; `None` before the first one.
    bound_topics: Option<Vec<String>>,
    /// Subject → topic bindings from the configuration.
    mappings: Vec<SubjectMapping>,
    /// Subjects to (re-)read that a poll's budget left for the next one.
    pending: BTreeSet<String>,
    /// The rolling re-check: the last subject re-checked, subjects owed (fractional),
    /// and when the last poll ran.
    recheck_after: Option<String>,
    recheck_owed: f64,
    last_poll: Option<Instant>,
    /// Requests a second the rolling re-check may spend at most.
    recheck_rate: f64,
    /// How the registry said it has no such schema id, once it has said so.
    unknown_ids: Option<UnknownIdAnswer>,
}

impl RegistryReader {
    pub fn new(client: RegistryClient, full_refresh: Duration, parse_options: ParseOptions) -> Self {
        RegistryReader {
            client,
            full_refresh,
            global_compatibility: None,
            subjects: BTreeMap::new(),
            fetched: HashMap::new(),
            missing: HashMap::new(),
            parsed: HashMap::new(),
            highest_id: 0,
            parse_options,
            bound_topics: None,
            mappings: Vec::new(),
            pending: BTreeSet::new(),
            recheck_after: None,
            recheck_owed: 0.0,
            last_poll: None,
            recheck_rate: RECHECK_REQUESTS_PER_SECOND,
            unknown_ids: None,
        }
    }

    /// Adds the configuration's explicit subject → topic mappings.
    pub fn with_mappings(mut self, mappings: Vec<SubjectMapping>) -> Self {
        self.mappings = mappings;
        self
    }

    /// Lets the rolling re-check spend up to `requests_per_second` (default
    /// [`RECHECK_REQUESTS_PER_SECOND`]).
    pub fn with_recheck_rate(mut self, requests_per_second: f64) -> Self {
        self.recheck_rate = requests_per_second;
        self
    }

    /// Requests sent to the registry so far.
    pub fn requests_sent(&self) -> u64 {
        self.client.requests_sent()
    }

    /// True when no subject waits for a later poll (a first read is complete).
    pub fn is_caught_up(&self) -> bool {
        self.pending.is_empty()
    }

    /// Where this registry's answers were seen to differ from Confluent's, as sentences
    /// for the Schemas page.
    pub fn detected_differences(&self) -> Vec<String> {
        match self.unknown_ids {
            Some(UnknownIdAnswer::EmptyList) => {
                vec!["Karapace-compatible answers for unknown ids (200 with no usages instead of 404 40403)".to_owned()]
            }
            _ => Vec::new(),
        }
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
        let budget_end = self.client.requests_sent() + MAX_REQUESTS_PER_POLL;
        let all: HashSet<String> = self.client.subjects(true).await?.into_iter().collect();
        let live: HashSet<String> = self.client.subjects(false).await?.into_iter().collect();
        let mut changed = false;

        // Subjects that appeared, or whose liveness changed: (un)deleted since last poll.
        self.pending.extend(all.iter().filter(|subject| !self.subjects.contains_key(*subject)).cloned());
        for (name, state) in &self.subjects {
            let was_live = state.versions.iter().any(|(_, deleted)| !deleted);
            if was_live != live.contains(name) {
                self.pending.insert(name.clone());
            }
        }
        let before = self.subjects.len();
        self.subjects.retain(|name, _| all.contains(name));
        self.pending.retain(|name| all.contains(name));
        changed |= self.subjects.len() != before;
        let found = self.probe_new_ids(budget_end).await?;
        self.pending.extend(found);
        let (rechecks, cycle_started) = self.subjects_due_for_recheck();
        if self.global_compatibility.is_none() || cycle_started {
            let global = Some(self.client.global_compatibility().await?);
            changed |= global != self.global_compatibility;
            self.global_compatibility = global;
        }
        changed |= self.bound_topics.as_deref() != Some(topics);

        let work: Vec<String> =
            self.pending.iter().cloned().chain(rechecks).collect::<BTreeSet<_>>().into_iter().collect();
        let total = work.len();
        for (done, subject) in work.iter().enumerate() {
            if self.client.requests_sent() >= budget_end {
                break;
            }
            changed |= self.refresh_subject(subject).await?;
            self.pending.remove(subject);
            progress(done + 1, total);
        }
        self.highest_id = self.fetched.values().map(|version| version.id).max().unwrap_or(0).max(self.highest_id);
        if !changed {
            return Ok(None);
        }
        self.bound_topics = Some(topics.to_vec());
        Ok(Some(self.snapshot(topics)))
    }

    /// Subjects owed a re-check since the last poll: every subject once per full-refresh
    /// period, or more slowly where that would exceed the re-check rate.
    fn recheck_share(&self) -> f64 {
        let Some(last) = self.last_poll else { return 0.0 };
        let subjects = self.subjects.len() as f64;
        let period = self.full_refresh.as_secs_f64().max(subjects * REQUESTS_PER_RECHECK / self.recheck_rate);
        if period <= 0.0 {
            return subjects;
        }
        last.elapsed().as_secs_f64() * subjects / period
    }

    /// The next subjects of the rolling re-check, in name order, wrapping around; and
    /// whether a new round started (the global level is re-read once a round).
    fn subjects_due_for_recheck(&mut self) -> (Vec<String>, bool) {
        self.recheck_owed += self.recheck_share();
        self.last_poll = Some(Instant::now());
        let due = (self.recheck_owed.floor() as usize).min(self.subjects.len());
        self.recheck_owed -= due as f64;
        let mut chosen = Vec::with_capacity(due);
        let mut cycle_started = false;
        while chosen.len() < due {
            let start = match &self.recheck_after {
                Some(after) => Bound::Excluded(after.clone()),
                None => Bound::Unbounded,
            };
            match self.subjects.range::<String, _>((start, Bound::Unbounded)).next() {
                Some((name, _)) => {
                    cycle_started |= self.recheck_after.is_none();
                    self.recheck_after = Some(name.clone());
                    chosen.push(name.clone());
                }
                None if self.recheck_after.is_some() => self.recheck_after = None,
                None => break,
            }
        }
        (chosen, cycle_started)
    }

    /// Subjects that registered schema ids above the highest seen. The probe stops at
    /// the first id the registry does not have, however it says so, and within budget.
    async fn probe_new_ids(&mut self, budget_end: u64) -> Result<HashSet<String>> {
        let mut subjects = HashSet::new();
        if self.highest_id == 0 {
            return Ok(subjects);
        }
        while self.client.requests_sent() < budget_end {
            match self.client.usages_of_id(self.highest_id + 1).await? {
                IdUsages::Registered(usages) => {
                    subjects.extend(usages.into_iter().map(|(subject, _)| subject));
                    self.highest_id += 1;
                }
                IdUsages::Unknown(answer) => {
                    self.unknown_ids = Some(answer);
                    break;
                }
            }
        }
        Ok(subjects)
    }

    /// Re-reads one subject; true when anything about it changed. A subject the
    /// registry no longer has (hard-deleted meanwhile) is dropped.
    async fn refresh_subject(&mut self, subject: &str) -> Result<bool> {
        let all = self.client.versions(subject, true).await?;
        if all.is_empty() {
            return Ok(self.subjects.remove(subject).is_some());
        }
        let live: HashSet<i32> = self.client.versions(subject, false).await?.into_iter().collect();
        for version in &all {
            self.fetch(subject, *version, 0).await?;
        }
        let compatibility = self.client.subject_compatibility(subject).await?;
        let mut versions: Vec<(i32, bool)> = all.iter().map(|version| (*version, !live.contains(version))).collect();
        versions.sort_unstable();
        let state = SubjectState { versions, compatibility };
        let changed = self.subjects.get(subject) != Some(&state);
        self.subjects.insert(subject.to_owned(), state);
        Ok(changed)
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

    fn parse(&self, key: &(String, i32)) -> Result<SchemaTree, ParseError> {
        let version = &self.fetched[key];
        let format = SchemaFormat::from_schema_type(version.schema_type.as_deref())
            .ok_or_else(|| ParseError::UnknownFormat(version.schema_type.clone()))?;
        let mut references = Vec::new();
        self.reference_texts(version, &mut references, 0)?;
        let mut tree = schema::parse(format, &version.schema, &references, &self.parse_options)?;
        apply_path_tags(&mut tree, &contract::metadata_tags(version.metadata.as_ref()));
        Ok(tree)
    }

    /// The referenced schemas' texts, each reference's own references first.
    fn reference_texts(
        &self,
        version: &RegisteredVersion,
        texts: &mut Vec<ReferencedSchema>,
        depth: usize,
    ) -> Result<(), ParseError> {
        if depth > MAX_REFERENCE_DEPTH {
            return Err(ParseError::ReferencesTooDeep);
        }
        for reference in &version.references {
            let key = (reference.subject.clone(), reference.version);
            let referenced = self.fetched.get(&key).ok_or_else(|| {
                let reason = self.missing.get(&key).map_or_else(|| "not read".to_owned(), ToString::to_string);
                ParseError::UnresolvedReference { reference: reference.name.clone(), reason }
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
                            properties: contract::metadata_properties(fetched.metadata.as_ref()),
                            rules: contract::contract_rules(fetched.rule_set.as_ref()),
                            parsed: match self.parsed.get(&key) {
                                Some(parsed) => parsed.clone().map_err(|error| error.to_string()),
                                None => Err("not parsed".into()),
                            },
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
