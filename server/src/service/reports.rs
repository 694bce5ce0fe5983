//! Compliance reports: a run gathers what a report covers (the topics in scope and their
//! facts, and the profile) and then builds each section when the export reaches it, so
//! that the first bytes go out before the last section is built.
//!
//! A period that ends before the last evaluation is reported as of its end, rebuilt from
//! the stored history: violations, the groups reading each topic, the schema versions
//! (so the personal fields and their protection rules), stewards' decisions, tags and
//! masking marks. Principals, connectors, retention and ACLs have no history yet and are
//! the catalog's state at generation; the report says which on its cover.

use std::collections::BTreeSet;
use std::sync::Arc;

use model::{
    AuditEntry, ComplianceReport, FieldDecision, InventoryRow, ProcessingRecord, ReportHead, ReportScope, Violation,
};

use super::{ServiceError, Services};
use crate::clock::now_ms;
use tributary_core::audit::AuditFilter;
use tributary_core::audit::Draft;
use tributary_core::catalog::RegistryEntry;
use tributary_core::compliance::personal_data::personal_data;
use tributary_core::compliance::{Profile, TopicFacts};
use tributary_core::lineage::history::readers_at;
use tributary_core::report::document::content_hash;
use tributary_core::report::sections::{self, covers};

/// Said in a report whose period ends before the last evaluation: which sections are as
/// of the period's end.
const BASIS_AS_OF: &str = "Rebuilt from Tributary's stored history as it stood at the end of the period: \
violations, the consumer groups reading each topic, the schema version in force (so which fields hold personal \
data and their encryption rules), stewards' decisions and tags, and masking marks; changes are those made within \
the period. Principals, connectors, retention and ACLs are the catalog's state when the report was generated.";

/// Said in a report whose period ends after the last evaluation: the catalog as it is.
const BASIS_CURRENT: &str = "The catalog as Tributary last evaluated it, which is after the end of the period; \
changes are those made within the period, from Tributary's stored history.";

/// The audit log's action for a report generated and sent.
pub const REPORT_GENERATED: &str = "report_generated";

/// What the audit log keeps of a report generated: enough to tell which document was
/// handed out (its content hash) and to generate it again.
#[derive(serde::Serialize)]
struct GeneratedReport<'a> {
    format: &'a str,
    scope: &'a model::ReportScope,
    from_ms: i64,
    to_ms: i64,
    generated_at_ms: i64,
    generated_by: &'a str,
    on_behalf_of: Option<&'a str>,
    /// The SHA-256 of the JSON document (JSON and PDF: the PDF's footer carries it) or
    /// of the CSV bytes sent.
    content_hash: &'a str,
}

/// What a report is asked for.
pub struct ReportRequest {
    pub scope: ReportScope,
    pub from_ms: i64,
    pub to_ms: i64,
    /// An input, so that the same inputs give the same bytes.
    pub generated_at_ms: i64,
    /// Who asked, as identified (see [`ReportHead::generated_by`]).
    pub generated_by: String,
    /// Whom the caller says it is for, as typed.
    pub on_behalf_of: Option<String>,
}

/// A report being generated.
pub struct ReportRun {
    services: Services,
    pub head: ReportHead,
    profile: Option<Profile>,
    facts: Arc<Vec<TopicFacts>>,
    /// The schema sources and decisions the facts were joined from, when the facts are
    /// as of the period's end (`None`: the catalog's own, as they are).
    history: Option<(Vec<RegistryEntry>, Vec<FieldDecision>)>,
}

impl Services {
    /// Starts a report: checks the request (a known profile, a period that ends after it
    /// starts) and takes the facts of the last evaluation, or, when the period ends
    /// before it, the facts as of the period's end.
    pub async fn start_report(&self, request: ReportRequest) -> Result<ReportRun, ServiceError> {
        if request.from_ms > request.to_ms {
            return Err(ServiceError::invalid("the period ends before it starts (`from` is after `to`)"));
        }
        let (profiles, mut facts) = self.profiles_and_facts().await;
        let mut history = None;
        let ends_before_evaluation = self.evaluated_at_ms().await.is_some_and(|evaluated| request.to_ms < evaluated);
        if ends_before_evaluation {
            let then = self.facts_as_of(request.to_ms).await?;
            facts = Arc::new(then.facts);
            history = Some((then.sources, then.decisions));
        }
        let profile = match &request.scope.profile {
            Some(name) => Some(
                profiles
                    .into_iter()
                    .find(|profile| profile.name == *name)
                    .ok_or_else(|| ServiceError::not_found(format!("no profile in force is named `{name}`")))?,
            ),
            None => None,
        };
        let mut described = Vec::new();
        if let Some(profile) = &profile {
            described.push(format!("the topics profile {} covers", profile.name));
        }
        if let Some(cluster) = &request.scope.cluster {
            described.push(format!("on cluster {cluster}"));
        }
        if !request.scope.topics.is_empty() {
            described.push(format!("among {}", request.scope.topics.join(", ")));
        }
        let scope_described = if described.is_empty() { "every topic".to_owned() } else { described.join(", ") };
        let title = match &profile {
            Some(profile) => format!("Compliance report: {}", profile.name),
            None => "Compliance report".to_owned(),
        };
        let head = ReportHead {
            title,
            scope: request.scope,
            scope_described,
            from_ms: request.from_ms,
            to_ms: request.to_ms,
            generated_at_ms: request.generated_at_ms,
            generated_by: request.generated_by,
            on_behalf_of: request.on_behalf_of,
            basis: if history.is_some() { BASIS_AS_OF } else { BASIS_CURRENT }.to_owned(),
        };
        Ok(ReportRun { services: self.clone(), head, profile, facts, history })
    }
}

impl ReportRun {
    /// Records in the audit log that this report was generated for `asked_by` (the
    /// account, or the operator when nobody signed in), written as `format`, with the
    /// hash of its content. Called before the last bytes go out, so that no complete
    /// report leaves without its entry.
    pub async fn record_generated(&self, asked_by: &str, format: &str, content_hash: &str) -> Result<(), ServiceError> {
        let head = &self.head;
        let generated = GeneratedReport {
            format,
            scope: &head.scope,
            from_ms: head.from_ms,
            to_ms: head.to_ms,
            generated_at_ms: head.generated_at_ms,
            generated_by: &head.generated_by,
            on_behalf_of: head.on_behalf_of.as_deref(),
            content_hash,
        };
        let target = format!("{} ({})", head.title, head.scope_described);
        let draft = Draft::new(now_ms(), asked_by, REPORT_GENERATED, target, "", None::<&()>, Some(&generated));
        self.services.store.append_audit(&draft).await?;
        Ok(())
    }

    /// The facts of the topics in scope, sorted by cluster and topic.
    pub fn topics(&self) -> Vec<&TopicFacts> {
        self.facts.iter().filter(|topic| covers(&self.head.scope, self.profile.as_ref(), topic)).collect()
    }

    pub fn inventory(&self) -> Vec<InventoryRow> {
        let topics = self.topics();
        sections::inventory(&topics, &self.provenance(&topics))
    }

    /// The record of processing; its groups are those reading at the period's end.
    pub async fn records(&self) -> Result<Vec<ProcessingRecord>, ServiceError> {
        let topics = self.topics();
        Ok(sections::records(&topics, &self.readers_then(&topics).await?))
    }

    /// For clusters last read after the period's end: the groups reading each topic in
    /// scope then, replayed from the history (a cluster read before it reads as now).
    async fn readers_then(&self, topics: &[&TopicFacts]) -> Result<sections::ReadersThen, ServiceError> {
        const READING: [&str; 3] = ["group_started_reading", "group_stopped_reading", "group_disappeared"];
        let mut then = sections::ReadersThen::new();
        let clusters: BTreeSet<&str> = topics.iter().map(|topic| topic.cluster.as_str()).collect();
        for cluster in clusters {
            let Some(state) = self.services.clusters.cluster(cluster) else { continue };
            let read_since = state.status.last_good_read_ms.is_some_and(|read| read > self.head.to_ms);
            if !read_since {
                continue;
            }
            let events = self.services.store.events_until(cluster, &READING, self.head.to_ms).await?;
            for topic in topics.iter().filter(|topic| topic.cluster == cluster) {
                let readers = readers_at(&topic.topic, self.head.to_ms, &events, &state.edges);
                let groups = readers.into_iter().map(|reader| reader.group).collect();
                then.insert((topic.cluster.clone(), topic.topic.clone()), groups);
            }
        }
        Ok(then)
    }

    /// Violations of the topics in scope (of the profile, when one is named) as they
    /// stood at the period's end.
    pub async fn violations(&self) -> Result<Vec<Violation>, ServiceError> {
        let candidates = self.services.store.violations_between(self.head.from_ms, self.head.to_ms).await?;
        let topics = self.topics();
        let scope = &self.head.scope;
        let known = |violation: &Violation| {
            self.facts.iter().any(|topic| topic.cluster == violation.cluster && topic.topic == violation.topic)
        };
        let in_scope: Vec<Violation> = candidates
            .into_iter()
            .filter(|violation| self.profile.as_ref().is_none_or(|profile| profile.name == violation.profile))
            .filter(|violation| {
                let covered =
                    topics.iter().any(|topic| topic.cluster == violation.cluster && topic.topic == violation.topic);
                // A topic gone since keeps its violations, by cluster and topic list.
                let gone_but_named = !known(violation)
                    && scope.cluster.as_ref().is_none_or(|cluster| *cluster == violation.cluster)
                    && (scope.topics.is_empty()
                        || scope.topics.contains(&format!("{}/{}", violation.cluster, violation.topic)));
                covered || gone_but_named
            })
            .collect();
        Ok(sections::violations_as_of(in_scope, self.head.from_ms, self.head.to_ms))
    }

    /// The next batch of changes made in the period after entry `after_seq`.
    pub async fn changes_after(&self, after_seq: i64) -> Result<Vec<AuditEntry>, ServiceError> {
        let period =
            AuditFilter { from_ms: Some(self.head.from_ms), to_ms: Some(self.head.to_ms), ..AuditFilter::default() };
        self.services.audit_batch(&period, after_seq).await
    }

    /// The whole report in memory (for the PDF), its content hash the JSON export's.
    pub async fn collect(&self) -> Result<ComplianceReport, ServiceError> {
        let topics = self.topics();
        let inventory = sections::inventory(&topics, &self.provenance(&topics));
        let records = sections::records(&topics, &self.readers_then(&topics).await?);
        let violations = self.violations().await?;
        let mut changes = Vec::new();
        loop {
            let batch = self.changes_after(changes.last().map_or(0, |entry: &AuditEntry| entry.seq)).await?;
            if batch.is_empty() {
                break;
            }
            changes.extend(batch);
        }
        let summary = sections::summary(&topics, &inventory, &records, &violations, changes.len());
        let mut report = ComplianceReport {
            head: self.head.clone(),
            inventory,
            records,
            violations,
            changes,
            summary,
            content_hash: String::new(),
        };
        report.content_hash = content_hash(&report);
        Ok(report)
    }

    /// The PII flows picture as SVG, when personal data flows anywhere.
    pub fn flows_svg(&self) -> Option<String> {
        let flows = personal_data(&self.facts).flows;
        (!flows.nodes.is_empty()).then(|| {
            app::lineage_picture::lineage_svg(&flows, &app::lineage_picture::NodeClicks::Explore { depth: 3 }, None)
        })
    }

    /// Each personal field's provenance: its subject's schema in force classified again
    /// (stewards' decisions applied), once per subject.
    fn provenance(&self, topics: &[&TopicFacts]) -> sections::Provenance {
        let (entries, decisions) = match &self.history {
            Some((sources, decisions)) => (sources.clone(), decisions.clone()),
            None => (self.services.registries.entries(), self.services.decisions(None, None)),
        };
        let wanted: BTreeSet<&str> =
            topics.iter().flat_map(|topic| topic.personal_fields.iter()).map(|field| field.subject.as_str()).collect();
        let subjects = entries
            .iter()
            .filter_map(|entry| Some((entry.name.as_str(), entry.snapshot.as_ref()?)))
            .flat_map(|(source, snapshot)| {
                snapshot.subjects.iter().filter(|subject| wanted.contains(subject.name.as_str())).filter_map(
                    move |subject| match subject.latest().map(|latest| &latest.parsed) {
                        Some(Ok(tree)) => Some((source, subject.name.as_str(), tree)),
                        _ => None,
                    },
                )
            });
        sections::provenance(subjects, &decisions, &self.services.rules)
    }
}
