//! Compliance profiles in force and their violations: profiles loaded from their
//! directory (a broken file keeps its last good version), every profile evaluated
//! against the catalog after each change, and the violations opened and resolved
//! written with their history events and announced.

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::Ordering;
use std::sync::Arc;

use model::{
    Change, ComplianceOverview, PersonalDataOverview, PersonalFieldView, ProfileLoadError, ProfileView, RuleView,
    TopicRef, UpstreamMark, Violation,
};
use tokio::sync::Mutex;

use super::{ServiceError, Services};
use crate::clock::now_ms;
use crate::store::EvaluationOutcome;
use tributary_core::catalog::{topic_facts, ClassificationCache};
use tributary_core::compliance::personal_data::{personal_data, personal_field_views, upstream_marks};
use tributary_core::compliance::{
    add_lifespans, apply_topic_tags, evaluate, in_scope, propagate, reconcile, Profile, ProfilesRead, SinkClasses,
    TopicFacts,
};

/// How many recently resolved violations the Compliance page shows.
pub const RECENTLY_RESOLVED: i64 = 50;

/// The profiles in force, what they cover and what is open; one evaluation at a time
/// (a tokio lock, held across the store write of an evaluation's outcome).
pub type ComplianceBook = Arc<Mutex<ComplianceState>>;

#[derive(Default)]
pub struct ComplianceState {
    /// The profiles directory, when one is configured.
    directory: Option<String>,
    /// Sorted by name.
    profiles: Vec<Profile>,
    errors: Vec<ProfileLoadError>,
    /// Open violations, oldest first, as stored.
    open: Vec<Violation>,
    /// The topics each profile covered at the last evaluation, by profile name.
    covered: Vec<(String, Vec<TopicRef>)>,
    evaluated_at_ms: Option<i64>,
    /// Why the last evaluation was put off, if it was.
    waiting_for: Option<String>,
    /// The catalog revision the last evaluation saw.
    evaluated_revision: u64,
    /// The next moment an earlier schema version's records clear from a topic, as the
    /// last evaluation found: the facts change then without any catalog change.
    next_clearing_ms: Option<i64>,
    /// Every topic's facts as the last evaluation found them (personal data, its
    /// propagation, readers), for the Personal data page.
    facts: Arc<Vec<TopicFacts>>,
    cache: ClassificationCache,
    /// Each profile file's text as the audit log last recorded it; `None` until restored
    /// from the log.
    audited_texts: Option<BTreeMap<String, String>>,
}

impl Services {
    /// The violations open when the server stopped, so that evaluations go on from them.
    pub(super) async fn restore_compliance(&self) -> crate::Result<()> {
        let open = self.store.open_violations().await?;
        self.compliance.lock().await.open = open;
        Ok(())
    }

    /// Puts the profiles of `read` in force (a file that broke keeps its last good
    /// version), then evaluates them.
    pub async fn load_profiles(&self, read: ProfilesRead) -> Result<(), ServiceError> {
        {
            let mut state = self.compliance.lock().await;
            let audited = match state.audited_texts.take() {
                Some(audited) => audited,
                None => self.audited_profile_texts().await?,
            };
            // Nothing else changes the profiles while the book is held: entries are
            // written in the order the files changed.
            state.audited_texts =
                Some(if read.listed { self.audit_profile_files(&audited, &read.texts).await? } else { audited });
            let mut profiles = read.profiles;
            let mut errors = Vec::new();
            for error in read.errors {
                let last_good = state.profiles.iter().find(|profile| profile.file == error.file).cloned();
                errors.push(ProfileLoadError {
                    file: error.file,
                    line: error.line,
                    message: error.message,
                    last_good_in_force: last_good.is_some(),
                });
                profiles.extend(last_good);
            }
            profiles.sort_by(|a, b| a.name.cmp(&b.name));
            for error in &errors {
                tracing::warn!(file = %error.file, line = ?error.line, message = %error.message, "a compliance profile could not be read");
            }
            state.directory = Some(read.directory);
            state.profiles = profiles;
            state.errors = errors;
        }
        self.evaluate_compliance().await
    }

    /// The profiles in force and every topic's facts as the last evaluation found them.
    pub(super) async fn profiles_and_facts(&self) -> (Vec<Profile>, Arc<Vec<TopicFacts>>) {
        let state = self.compliance.lock().await;
        (state.profiles.clone(), Arc::clone(&state.facts))
    }

    /// When the last evaluation ran, if one has.
    pub(super) async fn evaluated_at_ms(&self) -> Option<i64> {
        self.compliance.lock().await.evaluated_at_ms
    }

    /// Evaluates every profile against the catalog as it is now: violations found for
    /// the first time open, those no longer found resolve, each with its event. Put off
    /// until every cluster and schema source has been read since start (a topic's
    /// categories come from its schemas).
    pub async fn evaluate_compliance(&self) -> Result<(), ServiceError> {
        let mut state = self.compliance.lock().await;
        state.evaluated_revision = self.catalog_revision.load(Ordering::Acquire);
        if let Some(waiting) = self.not_read_yet() {
            state.waiting_for = Some(waiting);
            return Ok(());
        }
        state.waiting_for = None;
        let ComplianceState { profiles, cache, next_clearing_ms, .. } = &mut *state;
        let now = now_ms();
        let mut facts = self.with_decisions(|decisions| {
            self.with_facts_over_time(now, |over_time| {
                let sources = self.registries.entries();
                topic_facts(&self.clusters, &sources, &self.lineage, &self.rules, decisions, cache, over_time)
            })
        });
        // Held records clear by a date with no change announced: evaluate again then.
        *next_clearing_ms = facts
            .iter()
            .flat_map(|topic| topic.personal_fields.iter())
            .filter_map(|field| field.held.as_ref().and_then(|held| held.clears_by_ms))
            .filter(|clears| *clears > now)
            .min();
        apply_topic_tags(&mut facts, &self.topic_tags_in_force());
        self.attach_estate_facts(&mut facts);
        let masking: HashSet<String> = self.masking_in_force().into_iter().map(|mark| mark.node).collect();
        propagate(&mut facts, &masking);
        add_lifespans(&mut facts, &self.sink_classes());
        let findings = evaluate(profiles, &facts);
        let covered = profiles
            .iter()
            .map(|profile| {
                let topics = facts
                    .iter()
                    .filter(|topic| in_scope(&profile.scope, topic))
                    .map(|topic| TopicRef { cluster: topic.cluster.clone(), topic: topic.topic.clone() })
                    .collect();
                (profile.name.clone(), topics)
            })
            .collect();
        let reconciled = reconcile(&state.open, findings);
        let at_ms = now_ms();
        let opened: Vec<Violation> = reconciled
            .opened
            .into_iter()
            .map(|finding| Violation {
                id: 0,
                profile: finding.profile,
                rule: finding.rule.to_owned(),
                cluster: finding.cluster,
                topic: finding.topic,
                target: finding.target,
                evidence: finding.evidence,
                first_seen_ms: at_ms,
                last_seen_ms: at_ms,
                resolved_at_ms: None,
            })
            .collect();
        let mut changes: Vec<(String, Change)> = opened
            .iter()
            .map(|violation| {
                let change = Change::ViolationOpened {
                    profile: violation.profile.clone(),
                    rule: violation.rule.clone(),
                    topic: violation.topic.clone(),
                    target: violation.target.clone(),
                    evidence: violation.evidence.clone(),
                };
                (violation.cluster.clone(), change)
            })
            .collect();
        changes.extend(state.open.iter().filter(|violation| reconciled.resolved.contains(&violation.id)).map(
            |violation| {
                let change = Change::ViolationResolved {
                    profile: violation.profile.clone(),
                    rule: violation.rule.clone(),
                    topic: violation.topic.clone(),
                    target: violation.target.clone(),
                };
                (violation.cluster.clone(), change)
            },
        ));
        let events = self
            .store
            .record_evaluation(EvaluationOutcome {
                at_ms,
                opened: &opened,
                resolved: &reconciled.resolved,
                restated: &reconciled.restated,
                changes,
            })
            .await?;
        state.open = self.store.open_violations().await?;
        state.covered = covered;
        state.facts = Arc::new(facts);
        state.evaluated_at_ms = Some(at_ms);
        drop(state);
        if !events.is_empty() {
            self.feed.publish(events);
        }
        Ok(())
    }

    /// Whether the last evaluation was put off (something not read yet) or the catalog
    /// changed since without announcing it: the watcher evaluates again on its next tick.
    pub async fn compliance_stale(&self) -> bool {
        let state = self.compliance.lock().await;
        state.waiting_for.is_some()
            || state.evaluated_revision != self.catalog_revision.load(Ordering::Acquire)
            || state.next_clearing_ms.is_some_and(|at_ms| now_ms() >= at_ms)
    }

    /// Notes a change to the catalog that is not announced on the feed.
    pub(super) fn note_catalog_changed(&self) {
        self.catalog_revision.fetch_add(1, Ordering::AcqRel);
    }

    /// What has not been read since start, if anything: evaluations wait for it.
    fn not_read_yet(&self) -> Option<String> {
        if !self.clusters.every_cluster_read_once() {
            return Some("the first read of every cluster".to_owned());
        }
        let unread: Vec<String> = self
            .registries
            .entries()
            .into_iter()
            .filter(|entry| entry.snapshot.is_none())
            .map(|entry| entry.name)
            .collect();
        if !unread.is_empty() {
            return Some(format!("the first good read of schema source {}", unread.join(", ")));
        }
        // The estate rules judge drift: wait for the first drift of every described cluster.
        self.estate_unread().map(|alias| format!("the first read of cluster {alias}'s estate code"))
    }

    /// Everything the Compliance page shows.
    pub async fn compliance_overview(&self) -> Result<ComplianceOverview, ServiceError> {
        // Under the lock, which an evaluation holds until its outcome is stored: the open
        // and the resolved lists come from the same moment.
        let state = self.compliance.lock().await;
        let resolved = self.store.resolved_violations(RECENTLY_RESOLVED).await?;
        let profiles = state
            .profiles
            .iter()
            .map(|profile| ProfileView {
                name: profile.name.clone(),
                file: profile.file.clone(),
                description: profile.description.clone(),
                scope: profile.scope.describe(),
                rules: profile
                    .rules
                    .describe()
                    .into_iter()
                    .map(|(rule, requires)| RuleView { rule: rule.to_owned(), requires })
                    .collect(),
                topics: state
                    .covered
                    .iter()
                    .find(|(name, _)| *name == profile.name)
                    .map(|(_, topics)| topics.clone())
                    .unwrap_or_default(),
                open_violations: state.open.iter().filter(|violation| violation.profile == profile.name).count(),
            })
            .collect();
        let mut open = state.open.clone();
        open.reverse();
        Ok(ComplianceOverview {
            directory: state.directory.clone(),
            profiles,
            load_errors: state.errors.clone(),
            open,
            resolved,
            evaluated_at_ms: state.evaluated_at_ms,
            waiting_for: state.waiting_for.clone(),
            server_time_ms: now_ms(),
        })
    }

    /// Where personal data lives and flows and who reads it, as the last evaluation
    /// found it, with the masking marks in force.
    pub async fn personal_data(&self) -> PersonalDataOverview {
        let (facts, evaluated_at_ms, waiting_for) = {
            let state = self.compliance.lock().await;
            (Arc::clone(&state.facts), state.evaluated_at_ms, state.waiting_for.clone())
        };
        PersonalDataOverview {
            masking: self.masking_in_force(),
            evaluated_at_ms,
            waiting_for,
            server_time_ms: now_ms(),
            ..personal_data(&facts)
        }
    }

    /// The personal data reaching `topic` of `cluster` from upstream, as the last
    /// evaluation found it.
    pub async fn upstream_of(&self, cluster: &str, topic: &str) -> Vec<UpstreamMark> {
        let facts = Arc::clone(&self.compliance.lock().await.facts);
        let found = facts.iter().find(|facts| facts.cluster == cluster && facts.topic == topic);
        found.map(upstream_marks).unwrap_or_default()
    }

    /// Every sink connector's class, by its lineage node path: what a lifespan says the
    /// data leaves Kafka for.
    pub(super) fn sink_classes(&self) -> SinkClasses {
        self.connect
            .all()
            .into_iter()
            .filter_map(|connect| connect.snapshot.map(|snapshot| (connect.name, snapshot)))
            .flat_map(|(connect, snapshot)| {
                snapshot
                    .connectors
                    .into_iter()
                    .filter(|connector| connector.kind == model::ConnectorKind::Sink)
                    .map(move |connector| (format!("connector:{connect}/{}", connector.name), connector.class))
            })
            .collect()
    }

    /// The personal fields of earlier schema versions whose records `topic` of `cluster`
    /// may still hold, as the last evaluation found them.
    pub async fn held_fields_of(&self, cluster: &str, topic: &str) -> Vec<PersonalFieldView> {
        let facts = Arc::clone(&self.compliance.lock().await.facts);
        let found = facts.iter().find(|facts| facts.cluster == cluster && facts.topic == topic);
        found
            .map(|topic| personal_field_views(topic).into_iter().filter(|field| field.held.is_some()).collect())
            .unwrap_or_default()
    }

    /// The open violations of `topic` of `cluster`, newest first.
    pub async fn open_violations_of(&self, cluster: &str, topic: &str) -> Vec<Violation> {
        let state = self.compliance.lock().await;
        let mine = state.open.iter().rev().filter(|violation| violation.cluster == cluster && violation.topic == topic);
        mine.cloned().collect()
    }

    /// Open violations (or recently resolved ones), newest first, of `cluster`, `topic`
    /// and `profile` where given.
    pub async fn violations(
        &self,
        resolved: bool,
        cluster: Option<&str>,
        topic: Option<&str>,
        profile: Option<&str>,
    ) -> Result<Vec<Violation>, ServiceError> {
        let mut found = if resolved {
            let _consistent = self.compliance.lock().await;
            self.store.resolved_violations(RECENTLY_RESOLVED).await?
        } else {
            let mut open = self.compliance.lock().await.open.clone();
            open.reverse();
            open
        };
        found.retain(|violation| {
            cluster.is_none_or(|cluster| violation.cluster == cluster)
                && topic.is_none_or(|topic| violation.topic == topic)
                && profile.is_none_or(|profile| violation.profile == profile)
        });
        Ok(found)
    }
}
