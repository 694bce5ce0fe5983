//! `tributary check` against a running Tributary: one proposed schema for one subject,
//! judged for compatibility (the registry's verdict where one holds the subject, else
//! Tributary's own per-format rules), set against the lineage (what it reaches
//! downstream) and against the compliance profiles in force (what rules it would break).

use std::collections::BTreeSet;

use model::{CheckFinding, CheckReport, CheckVerdict, FieldDecision, SchemaTree, Subject};

use super::compatibility::Proposal;
use super::{ServiceError, Services};
use tributary_core::classification::{apply_decisions, classify, ClassifiedField, RuleSet};
use tributary_core::compliance::proposal::{proposal_findings, ProposedSchema};
use tributary_core::compliance::{Finding, Profile, TopicFacts};
use tributary_core::schema::parse_proposal;

/// How far downstream a check looks for affected topics and readers.
pub const CHECK_DEPTH: usize = 5;
/// The verdict for a subject the source does not hold yet.
const NEW_SUBJECT: &str = "a new subject: there is no earlier schema to be compatible with";

impl Services {
    /// Checks `proposal` for subject `subject` of schema source `source`. A proposal that
    /// does not parse is a report that says why (`unchecked`, the parser's words and
    /// line), blocked.
    pub async fn check_schema(
        &self,
        source: &str,
        subject: &str,
        proposal: Proposal<'_>,
    ) -> Result<CheckReport, ServiceError> {
        let entry = self
            .registries
            .entry(source)
            .ok_or_else(|| ServiceError::not_found(format!("no schema source is named `{source}`")))?;
        let snapshot =
            entry.snapshot.ok_or_else(|| ServiceError::not_found(format!("`{source}` has not been read yet")))?;
        let known = snapshot.subjects.iter().find(|candidate| candidate.name == subject && !candidate.deleted());
        let tree = match parse_proposal(&snapshot, subject, proposal.format, proposal.schema) {
            Ok(tree) => tree,
            Err(error) => return Ok(unchecked_report(source, subject, format!("does not parse: {error}"))),
        };

        let compatibility = match known {
            Some(_) => {
                let judged = self.check_compatibility(source, subject, proposal).await?;
                CheckVerdict {
                    is_compatible: judged.verdict.is_compatible,
                    messages: judged.verdict.messages,
                    checked_by: judged.checked_by.to_owned(),
                }
            }
            None => CheckVerdict {
                is_compatible: true,
                messages: vec![NEW_SUBJECT.to_owned()],
                checked_by: "tributary".into(),
            },
        };
        let (affected_topics, affected_readers) = self.affected_by(source, subject);

        let own = self.decisions(Some(source), Some(subject));
        let own: Vec<&FieldDecision> = own.iter().collect();
        let (profiles, facts) = self.profiles_and_facts().await;
        let bound = bound_facts(&facts, &bound_topics(known, subject), &entry.clusters);
        let judged =
            Judging { rules: &self.rules, decisions: &own, profiles: &profiles, bound: &bound, known_facts: &facts };
        let findings = judged.findings(subject, known, &tree);
        let blocked = !compatibility.is_compatible || !findings.is_empty();
        Ok(CheckReport {
            source: source.to_owned(),
            subject: subject.to_owned(),
            compatibility,
            affected_topics,
            affected_readers,
            findings,
            blocked,
            unchecked: None,
        })
    }

    /// The topics and readers downstream of the subject (none when the lineage does
    /// not hold it: a new subject, or one no topic is bound to).
    fn affected_by(&self, source: &str, subject: &str) -> (Vec<String>, Vec<String>) {
        let Ok(view) = self.schema_reach(&format!("subject:{source}/{subject}"), Some(CHECK_DEPTH)) else {
            return (Vec::new(), Vec::new());
        };
        let (mut topics, mut readers) = (Vec::new(), Vec::new());
        for node in view.nodes.into_iter().filter(|node| node.depth != 0) {
            match node.kind.as_str() {
                "topic" => topics.push(node.id),
                "group" | "connector" | "job" | "principal" => readers.push(node.id),
                _ => {}
            }
        }
        topics.sort();
        readers.sort();
        (topics, readers)
    }
}

/// The report for a proposal that could not be checked, and why.
fn unchecked_report(source: &str, subject: &str, why: String) -> CheckReport {
    CheckReport {
        source: source.to_owned(),
        subject: subject.to_owned(),
        compatibility: CheckVerdict {
            is_compatible: false,
            messages: vec![why.clone()],
            checked_by: "tributary".into(),
        },
        affected_topics: Vec::new(),
        affected_readers: Vec::new(),
        findings: Vec::new(),
        blocked: true,
        unchecked: Some(why),
    }
}

/// What a proposal is judged against, besides itself.
pub struct Judging<'a> {
    pub rules: &'a RuleSet,
    /// Stewards' decisions on the subject's fields (a dismissal holds for the proposal).
    pub decisions: &'a [&'a FieldDecision],
    pub profiles: &'a [Profile],
    /// The facts of the topics the subject describes.
    pub bound: &'a [TopicFacts],
    /// Every topic's facts.
    pub known_facts: &'a [TopicFacts],
}

impl Judging<'_> {
    /// The profile rules `tree`, proposed for `subject` (`known`: as the source holds
    /// it now), would break.
    pub fn findings(&self, subject: &str, known: Option<&Subject>, tree: &SchemaTree) -> Vec<CheckFinding> {
        let classified = |tree: &SchemaTree| apply_decisions(classify(tree, self.rules), tree, self.decisions);
        let current = known.and_then(Subject::latest);
        let already_personal: BTreeSet<String> = current
            .and_then(|latest| latest.parsed.as_ref().ok())
            .map(|tree| personal_paths(&classified(tree)))
            .unwrap_or_default();
        let contract_rules = current.map(|latest| latest.rules.clone()).unwrap_or_default();
        let proposed_fields = classified(tree);
        let proposed = ProposedSchema {
            subject,
            tree,
            classified: &proposed_fields,
            already_personal: &already_personal,
            contract_rules: &contract_rules,
        };
        proposal_findings(self.profiles, &proposed, self.bound, self.known_facts)
            .into_iter()
            .map(check_finding)
            .collect()
    }
}

/// The topics a subject describes: its bindings, or for a subject no topic is bound to
/// yet, the one its name says.
pub fn bound_topics(known: Option<&Subject>, subject: &str) -> Vec<String> {
    match known {
        Some(known) if !known.topics.is_empty() => known.topics.iter().map(|binding| binding.topic.clone()).collect(),
        _ => topic_named_by(subject).into_iter().collect(),
    }
}

/// The topic a subject names by Confluent's default strategy (`<topic>-value`,
/// `<topic>-key`), for a subject no topic is bound to yet.
pub fn topic_named_by(subject: &str) -> Option<String> {
    let stem = subject.rsplit('/').next().unwrap_or(subject);
    let stem = stem
        .rsplit_once('.')
        .filter(|(_, ext)| matches!(*ext, "avsc" | "avro" | "proto" | "json"))
        .map_or(stem, |(stem, _)| stem);
    stem.strip_suffix("-value").or_else(|| stem.strip_suffix("-key")).map(str::to_owned)
}

/// The facts of topics named `names` on `clusters` (all when empty); a name no cluster
/// holds gets bare facts, so that profiles scoped by name or category still judge it.
pub fn bound_facts(facts: &[TopicFacts], names: &[String], clusters: &[String]) -> Vec<TopicFacts> {
    let mut bound = Vec::new();
    for name in names {
        let found: Vec<TopicFacts> = facts
            .iter()
            .filter(|topic| topic.topic == *name && (clusters.is_empty() || clusters.contains(&topic.cluster)))
            .cloned()
            .collect();
        if found.is_empty() {
            let cluster = clusters.first().cloned().unwrap_or_default();
            bound.push(TopicFacts { cluster, topic: name.clone(), ..TopicFacts::default() });
        } else {
            bound.extend(found);
        }
    }
    bound
}

/// The paths of fields classified as personal data.
pub fn personal_paths(classified: &[ClassifiedField]) -> BTreeSet<String> {
    classified.iter().filter(|field| field.is_personal()).map(|field| field.path.clone()).collect()
}

/// A finding as the report shows it.
pub fn check_finding(finding: Finding) -> CheckFinding {
    CheckFinding {
        profile: finding.profile,
        rule: finding.rule.to_owned(),
        cluster: finding.cluster,
        topic: finding.topic,
        target: finding.target,
        evidence: finding.evidence,
    }
}
