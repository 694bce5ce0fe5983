//! The estate as code per cluster: each estate source's files as last read, and the
//! drift between them and the cluster, kept current (recomputed when a file or the
//! cluster's snapshot changes) with the moment each finding was first seen.
//!
//! The moments live in memory: a restart sees every open finding anew.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, RwLock};

use model::{ClusterSnapshot, DeclaredAt, DriftFinding, DriftKind, EstateSourceView, EstateView, TopicEstate};
use tributary_core::compliance::{EstateFacts, TopicFacts};
use tributary_core::config::EstateSourceConfig;
use tributary_core::estate::{drift, DesiredEstate, Drift, DriftScope, EstateOptions, EstateRead, PersonalTopics};

use super::{ServiceError, Services};
use crate::clock::now_ms;

/// Every estate source and each cluster's drift; read by pages, written by the
/// estate watcher.
pub type EstateBook = Arc<RwLock<EstateState>>;

#[derive(Default)]
pub struct EstateState {
    /// In the configuration's order.
    sources: Vec<SourceState>,
    /// By cluster alias, for clusters with at least one source.
    drifts: BTreeMap<String, ClusterDrift>,
}

struct SourceState {
    config: EstateSourceConfig,
    /// `None` until first read.
    read: Option<EstateRead>,
}

#[derive(Default)]
struct ClusterDrift {
    drift: Drift,
    /// When each finding (by identity) was first seen.
    since: HashMap<String, i64>,
    /// The snapshot and sources' revision the drift was computed from.
    compared: Option<ClusterSnapshot>,
    revision: u64,
    computed_revision: Option<u64>,
    /// The topics holding personal data when it was computed (broad grants reach them).
    personal: PersonalTopics,
    /// When compliance was last told that this drift aged (its `max_drift_hours` rule
    /// judges age, which grows without any change).
    aged_at_ms: i64,
}

/// How often open drift prompts compliance to judge its age again.
const DRIFT_AGE_RECHECK_MS: i64 = 60_000;

impl Services {
    /// These services comparing clusters with the estate `sources` of the configuration.
    pub fn with_estate_sources(self, sources: &[EstateSourceConfig]) -> Self {
        {
            let mut state = self.estate.write().unwrap_or_else(|poisoned| poisoned.into_inner());
            state.sources = sources.iter().map(|config| SourceState { config: config.clone(), read: None }).collect();
            for source in sources {
                state.drifts.entry(source.cluster.clone()).or_default();
            }
        }
        self
    }

    /// Source `index` (of the configuration) read anew.
    pub fn load_estate(&self, index: usize, read: EstateRead) {
        let mut state = self.estate.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        let Some(source) = state.sources.get_mut(index) else { return };
        source.read = Some(read);
        let cluster = source.config.cluster.clone();
        if let Some(drift) = state.drifts.get_mut(&cluster) {
            drift.revision += 1;
        }
    }

    /// Recomputes the drift of every cluster whose sources or snapshot changed since.
    pub async fn refresh_estate_drift(&self) {
        self.note_drift_aging();
        let aliases: Vec<String> = self.estate_state().drifts.keys().cloned().collect();
        let (_, facts) = self.profiles_and_facts().await;
        for alias in aliases {
            let Some((estate, scope, revision)) = self.estate_inputs(&alias) else { continue };
            let personal: PersonalTopics = facts
                .iter()
                .filter(|topic| topic.cluster == alias && topic.holds_personal_data())
                .map(|topic| (topic.topic.clone(), topic.all_categories().into_iter().collect()))
                .collect();
            let unchanged = {
                let state = self.estate_state();
                let Some(current) = state.drifts.get(&alias) else { continue };
                current.computed_revision == Some(revision)
                    && current.personal == personal
                    && self
                        .clusters
                        .with_cluster(&alias, |cluster| cluster.snapshot.as_ref() == current.compared.as_ref())
                        == Some(true)
            };
            if unchanged {
                continue;
            }
            let snapshot = self.cluster(&alias).and_then(|cluster| cluster.snapshot);
            let computed = {
                let snapshot = snapshot.clone();
                let personal = personal.clone();
                tokio::task::spawn_blocking(move || drift(&estate, snapshot.as_ref(), &scope, &personal)).await
            };
            let Ok(mut computed) = computed else {
                tracing::error!(cluster = %alias, "the estate drift could not be computed");
                continue;
            };
            let now = now_ms();
            let mut state = self.estate.write().unwrap_or_else(|poisoned| poisoned.into_inner());
            let Some(current) = state.drifts.get_mut(&alias) else { continue };
            let changed = current.drift.findings.len() != computed.findings.len()
                || current.drift.findings.iter().zip(&computed.findings).any(|(a, b)| a.identity() != b.identity())
                || current.drift.not_judged != computed.not_judged;
            if changed {
                current.aged_at_ms = now;
                self.catalog_revision.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
            }
            let mut since = HashMap::with_capacity(computed.findings.len());
            for finding in &mut computed.findings {
                let identity = finding.identity();
                finding.since_ms = current.since.get(&identity).copied().unwrap_or(now);
                since.insert(identity, finding.since_ms);
            }
            current.since = since;
            current.drift = computed;
            current.compared = snapshot;
            current.computed_revision = Some(revision);
            current.personal = personal;
        }
    }

    /// A cluster whose estate drift has not been computed yet, if any.
    pub(super) fn estate_unread(&self) -> Option<String> {
        let state = self.estate_state();
        state.drifts.iter().find(|(_, drift)| drift.computed_revision.is_none()).map(|(alias, _)| alias.clone())
    }

    /// Has compliance judge open drift's age again once a minute.
    fn note_drift_aging(&self) {
        let now = now_ms();
        let mut state = self.estate.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        for drift in state.drifts.values_mut() {
            if !drift.drift.findings.is_empty() && now - drift.aged_at_ms >= DRIFT_AGE_RECHECK_MS {
                drift.aged_at_ms = now;
                self.catalog_revision.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
            }
        }
    }

    /// Gives each topic's compliance facts what its cluster's estate code says of it
    /// (clusters without an estate source, or not read yet, get none).
    pub(super) fn attach_estate_facts(&self, facts: &mut [TopicFacts]) {
        let now = now_ms();
        let aliases: Vec<String> = self.estate_state().drifts.keys().cloned().collect();
        for alias in aliases {
            let Some((estate, scope, _)) = self.estate_inputs(&alias) else { continue };
            let declared: HashSet<&str> = estate.topics.iter().map(|topic| topic.name.as_str()).collect();
            let state = self.estate_state();
            let findings = state.drifts.get(&alias).map(|drift| drift.drift.findings.as_slice()).unwrap_or_default();
            for topic in facts.iter_mut().filter(|topic| topic.cluster == alias) {
                let drift = findings
                    .iter()
                    .filter(|finding| finding.topic.as_deref() == Some(topic.topic.as_str()))
                    // Behaviour, not drift: readers and grants have rules of their own.
                    .filter(|finding| {
                        !matches!(
                            finding.kind,
                            DriftKind::ReaderUndeclared | DriftKind::GrantUnused | DriftKind::BroadGrant
                        )
                    })
                    .map(|finding| (finding.clone(), now - finding.since_ms))
                    .collect();
                let undeclared_readers = topic
                    .reading_principals
                    .iter()
                    .filter(|principal| {
                        !estate.declares_principal(principal) && !scope.ignore_principals.contains(principal)
                    })
                    .cloned()
                    .collect();
                topic.estate =
                    Some(EstateFacts { declared: declared.contains(topic.topic.as_str()), drift, undeclared_readers });
            }
        }
    }

    /// The estate of cluster `alias`: its sources as read and its drift.
    pub fn estate_view(&self, alias: &str) -> Result<EstateView, ServiceError> {
        if self.cluster_read_yet(alias).is_none() {
            return Err(ServiceError::not_found(format!("no cluster has the alias `{alias}`")));
        }
        let state = self.estate_state();
        let sources: Vec<&SourceState> = state.sources.iter().filter(|source| source.config.cluster == alias).collect();
        let mut view = EstateView {
            cluster: alias.to_owned(),
            sources: Vec::new(),
            declared_topics: 0,
            declared_principals: 0,
            not_judged: Vec::new(),
            findings: Vec::new(),
        };
        if sources.is_empty() {
            view.not_judged.push(
                "No estate source describes this cluster: add an [[estate_sources]] entry with its JulieOps, kafka-gitops or Terraform files."
                    .into(),
            );
            return Ok(view);
        }
        let mut estate = DesiredEstate::default();
        for source in &sources {
            let (files, errors) = match &source.read {
                Some(read) => {
                    estate.extend(read.estate.clone());
                    (read.files.clone(), read.errors.clone())
                }
                None => (Vec::new(), Vec::new()),
            };
            view.sources.push(EstateSourceView { path: source.config.path.display().to_string(), files, errors });
        }
        view.declared_topics = estate.topics.len();
        view.declared_principals = estate.principals().len();
        if sources.iter().any(|source| source.read.is_none()) {
            view.not_judged.push("The estate files have not been read yet.".into());
        }
        if let Some(drift) = state.drifts.get(alias) {
            view.not_judged.extend(drift.drift.not_judged.iter().cloned());
            view.findings = drift.drift.findings.clone();
        }
        Ok(view)
    }

    /// Topic `topic` of cluster `alias` against its estate code: where it is declared,
    /// and the drift naming it; `None` when no estate source describes the cluster.
    pub fn topic_estate(&self, alias: &str, topic: &str) -> Option<TopicEstate> {
        let state = self.estate_state();
        let drift = state.drifts.get(alias)?;
        let reads =
            state.sources.iter().filter(|source| source.config.cluster == alias).filter_map(|s| s.read.as_ref());
        let declared_at = reads
            .flat_map(|read| read.estate.topics.iter().filter(|declared| declared.name == topic))
            .map(|declared| DeclaredAt { service: None, at: declared.at.clone() })
            .collect();
        let drift =
            drift.drift.findings.iter().filter(|finding| finding.topic.as_deref() == Some(topic)).cloned().collect();
        Some(TopicEstate { declared_at, drift })
    }

    /// Principal `principal` of cluster `alias` against its estate code: where the code
    /// declares it (its services, else its grants) and the drift naming it; `None` when
    /// no estate source describes the cluster.
    pub(super) fn principal_estate(
        &self,
        alias: &str,
        principal: &str,
    ) -> Option<(Vec<DeclaredAt>, Vec<DriftFinding>)> {
        let state = self.estate_state();
        let drift = state.drifts.get(alias)?;
        let reads: Vec<&EstateRead> = state
            .sources
            .iter()
            .filter(|source| source.config.cluster == alias)
            .filter_map(|s| s.read.as_ref())
            .collect();
        let mut places: Vec<DeclaredAt> = reads
            .iter()
            .flat_map(|read| read.estate.services.iter())
            .filter(|service| service.principal.as_deref() == Some(principal))
            .map(|service| DeclaredAt { service: Some(service.name.clone()), at: service.at.clone() })
            .collect();
        if places.is_empty() {
            places = reads
                .iter()
                .flat_map(|read| read.estate.grants.iter())
                .filter(|grant| grant.binding.principal == principal)
                .map(|grant| DeclaredAt { service: grant.service.clone(), at: grant.at.clone() })
                .collect();
        }
        let findings = drift
            .drift
            .findings
            .iter()
            .filter(|finding| finding.principal.as_deref() == Some(principal))
            .cloned()
            .collect();
        Some((super::principals::dedup_places(places), findings))
    }

    /// The estate of `alias` as its sources declare it now, and how its first source's
    /// files are read (a proposal for it is read the same way).
    pub(super) fn estate_in_force(&self, alias: &str) -> (DesiredEstate, EstateOptions) {
        let state = self.estate_state();
        let mut estate = DesiredEstate::default();
        let mut options = None;
        for source in state.sources.iter().filter(|source| source.config.cluster == alias) {
            if let Some(read) = &source.read {
                estate.extend(read.estate.clone());
            }
            if options.is_none() {
                options = EstateOptions::for_source(&source.config).ok();
            }
        }
        (estate, options.unwrap_or_default())
    }

    /// What drift is computed from for `alias`: its sources' declarations merged, what
    /// they leave out, and their revision; `None` while no source is read.
    fn estate_inputs(&self, alias: &str) -> Option<(DesiredEstate, DriftScope, u64)> {
        let state = self.estate_state();
        let sources: Vec<&SourceState> = state.sources.iter().filter(|source| source.config.cluster == alias).collect();
        if sources.iter().any(|source| source.read.is_none()) {
            return None;
        }
        let mut estate = DesiredEstate::default();
        let mut scope = DriftScope::default();
        for source in sources {
            let read = source.read.as_ref()?;
            estate.extend(read.estate.clone());
            let own = DriftScope::for_source(&source.config);
            scope.ignore_principals.extend(own.ignore_principals);
            scope.ignore_topic_prefixes.extend(own.ignore_topic_prefixes);
            scope.files_incomplete |= !read.complete;
        }
        let revision = state.drifts.get(alias).map(|drift| drift.revision).unwrap_or_default();
        Some((estate, scope, revision))
    }

    fn estate_state(&self) -> std::sync::RwLockReadGuard<'_, EstateState> {
        self.estate.read().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
