//! A compliance report's sections, each built from the facts of the topics in scope:
//! which topics a scope covers, the inventory of personal data with provenance, the
//! record of processing, the violations as they stood at the period's end, and the
//! summary's figures. Rows are sorted, so the same inputs give the same report.

use std::collections::{BTreeMap, BTreeSet};

use model::{
    FieldDecision, InventoryRow, ProcessingRecord, ReportScope, ReportSummary, Retention, SchemaTree, Violation,
};

use crate::classification::{apply_decisions, classify, RuleSet};
use crate::compliance::{in_scope, Profile, TopicFacts};

/// Each personal field's provenance, by (subject, path): `PII: name rule email`.
pub type Provenance = BTreeMap<(String, String), Vec<String>>;

/// Each personal field's provenance, from `subjects` (source, subject, latest tree)
/// classified with `rules`, stewards' `decisions` applied; the first source holding a
/// subject speaks for it.
pub fn provenance<'a>(
    subjects: impl IntoIterator<Item = (&'a str, &'a str, &'a SchemaTree)>,
    decisions: &[FieldDecision],
    rules: &RuleSet,
) -> Provenance {
    let mut found = Provenance::new();
    for (source, subject, tree) in subjects {
        let own: Vec<&FieldDecision> =
            decisions.iter().filter(|decision| decision.source == source && decision.subject == subject).collect();
        for field in apply_decisions(classify(tree, rules), tree, &own) {
            let reasons = field
                .categories
                .iter()
                .filter(|(category, _)| category.is_personal())
                .map(|(category, provenance)| format!("{}: {}", category.0, described(provenance)))
                .collect();
            found.entry((subject.to_owned(), field.path.clone())).or_insert(reasons);
        }
    }
    found
}

/// Where a category came from, in words.
fn described(provenance: &crate::classification::Provenance) -> String {
    use crate::classification::Provenance as From;
    match provenance {
        From::SchemaTag { tag } => format!("schema tag {tag}"),
        From::NameRule { rule } => format!("name rule {rule}"),
        From::DocRule { rule } => format!("doc rule {rule}"),
        From::Steward { by, reason, .. } => format!("tagged by {by}: {reason}"),
    }
}

/// Whether the report's scope covers `topic`: the profile's scope (when one is named),
/// the cluster, and the topic list, each where given.
pub fn covers(scope: &ReportScope, profile: Option<&Profile>, topic: &TopicFacts) -> bool {
    profile.is_none_or(|profile| in_scope(&profile.scope, topic))
        && scope.cluster.as_ref().is_none_or(|cluster| *cluster == topic.cluster)
        && (scope.topics.is_empty() || scope.topics.contains(&format!("{}/{}", topic.cluster, topic.topic)))
}

/// Every personal field of the topics in scope, and a row for personal data a topic
/// holds as a whole (tagged by hand) or from upstream.
pub fn inventory(topics: &[&TopicFacts], provenance: &Provenance) -> Vec<InventoryRow> {
    let mut rows = Vec::new();
    for topic in topics {
        for field in &topic.personal_fields {
            let known = provenance.get(&(field.subject.clone(), field.path.clone()));
            let mut said = if field.held.is_none() { known.cloned().unwrap_or_default() } else { Vec::new() };
            if let Some(held) = &field.held {
                said.push(format!("records of an earlier schema version: {}", held.describe()));
            }
            rows.push(InventoryRow {
                cluster: topic.cluster.clone(),
                topic: topic.topic.clone(),
                subject: field.subject.clone(),
                path: field.path.clone(),
                categories: field.categories.clone(),
                provenance: said,
                protected_by: field.protected_by.clone(),
            });
        }
        for tag in &topic.hand_tags {
            rows.push(InventoryRow {
                cluster: topic.cluster.clone(),
                topic: topic.topic.clone(),
                subject: String::new(),
                path: "(the whole topic)".into(),
                categories: vec![tag.category.clone()],
                provenance: vec![format!("{}: tagged by hand by {}: {}", tag.category, tag.decided_by, tag.reason)],
                protected_by: None,
            });
        }
        for mark in &topic.propagated {
            rows.push(InventoryRow {
                cluster: topic.cluster.clone(),
                topic: topic.topic.clone(),
                subject: String::new(),
                path: "(from upstream)".into(),
                categories: mark.categories.iter().cloned().collect(),
                provenance: vec![format!(
                    "upstream, through {}, from topic {} ({})",
                    mark.through,
                    mark.origin_topic,
                    mark.fields.join(", ")
                )],
                protected_by: None,
            });
        }
    }
    rows.sort_by(|a, b| (&a.cluster, &a.topic, &a.subject, &a.path).cmp(&(&b.cluster, &b.topic, &b.subject, &b.path)));
    rows
}

/// The groups reading each topic (cluster, topic) at a past moment, replayed from the
/// history; topics absent read as they do now.
pub type ReadersThen = BTreeMap<(String, String), Vec<String>>;

/// One record of processing per topic in scope that holds personal data; its groups
/// are those of `readers_then` where it has the topic (the period's end lies in the past).
pub fn records(topics: &[&TopicFacts], readers_then: &ReadersThen) -> Vec<ProcessingRecord> {
    let mut records: Vec<ProcessingRecord> = topics
        .iter()
        .filter(|topic| topic.holds_personal_data())
        .map(|topic| {
            let groups =
                readers_then.get(&(topic.cluster.clone(), topic.topic.clone())).unwrap_or(&topic.reading_groups);
            let recipients: BTreeSet<String> = groups
                .iter()
                .map(|group| format!("group {group}"))
                .chain(topic.reading_principals.iter().map(|principal| format!("principal {principal}")))
                .chain(topic.reading_connectors.iter().map(|connector| format!("connector {connector}")))
                .collect();
            let rules: BTreeSet<String> = topic
                .personal_fields
                .iter()
                .filter_map(|field| field.protected_by.as_ref())
                .map(|rule| format!("data-contract rule {rule}"))
                .collect();
            let public = topic.public_read_acls.iter().map(|acl| format!("public read: {acl}"));
            ProcessingRecord {
                cluster: topic.cluster.clone(),
                topic: topic.topic.clone(),
                categories: topic.all_categories().into_iter().collect(),
                recipients: recipients.into_iter().collect(),
                retention: match &topic.persistence {
                    Some(persistence) => persistence.label.clone(),
                    None => topic.retention.unwrap_or(Retention::NotReported).label(),
                },
                protection: rules.into_iter().chain(public).collect(),
                kept_anywhere: topic.lifespan.as_ref().map(model::Lifespan::describe).unwrap_or_default(),
            }
        })
        .collect();
    records.sort_by(|a, b| (&a.cluster, &a.topic).cmp(&(&b.cluster, &b.topic)));
    records
}

/// The violations as they stood at `to_ms`: those open then, and those resolved within
/// `[from_ms, to_ms]`; a resolution after `to_ms` is taken back (it had not happened).
pub fn violations_as_of(candidates: Vec<Violation>, from_ms: i64, to_ms: i64) -> Vec<Violation> {
    let mut found: Vec<Violation> = candidates
        .into_iter()
        .filter(|violation| violation.first_seen_ms <= to_ms)
        .filter_map(|mut violation| {
            // Seen later than the period's end is not known at its end: a report of a
            // past period reads the same whenever it is made.
            violation.last_seen_ms = violation.last_seen_ms.min(to_ms);
            match violation.resolved_at_ms {
                Some(at) if at > to_ms => {
                    violation.resolved_at_ms = None;
                    Some(violation)
                }
                Some(at) if at < from_ms => None,
                _ => Some(violation),
            }
        })
        .collect();
    found.sort_by_key(|violation| violation.id);
    found
}

/// The summary's figures.
pub fn summary(
    topics: &[&TopicFacts],
    inventory: &[InventoryRow],
    records: &[ProcessingRecord],
    violations: &[Violation],
    changes: usize,
) -> ReportSummary {
    let recipients: BTreeSet<&String> = records.iter().flat_map(|record| record.recipients.iter()).collect();
    ReportSummary {
        topics: topics.len(),
        topics_with_personal_data: records.len(),
        personal_fields: inventory.iter().filter(|row| !row.subject.is_empty()).count(),
        recipients: recipients.len(),
        open_violations: violations.iter().filter(|violation| violation.resolved_at_ms.is_none()).count(),
        resolved_in_period: violations.iter().filter(|violation| violation.resolved_at_ms.is_some()).count(),
        changes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn violation(id: i64, first_seen_ms: i64, resolved_at_ms: Option<i64>) -> Violation {
        Violation {
            id,
            profile: "gdpr".into(),
            rule: "max_retention_days".into(),
            cluster: "prod".into(),
            topic: "orders".into(),
            target: "retention.ms".into(),
            evidence: "forever".into(),
            first_seen_ms,
            last_seen_ms: resolved_at_ms.unwrap_or(first_seen_ms),
            resolved_at_ms,
        }
    }

    #[test]
    fn violations_read_as_they_stood_at_the_periods_end() {
        let candidates = || {
            vec![
                violation(1, 100, Some(500)), // fixed at 500
                violation(2, 100, None),      // still open
                violation(3, 700, None),      // opened after the period
                violation(4, 10, Some(50)),   // fixed before the period
            ]
        };
        let before_the_fix = violations_as_of(candidates(), 200, 400);
        let ids: Vec<(i64, Option<i64>)> = before_the_fix.iter().map(|v| (v.id, v.resolved_at_ms)).collect();
        assert_eq!(ids, [(1, None), (2, None)], "open at 400: the fix had not happened");
        let after_the_fix = violations_as_of(candidates(), 200, 600);
        let ids: Vec<(i64, Option<i64>)> = after_the_fix.iter().map(|v| (v.id, v.resolved_at_ms)).collect();
        assert_eq!(ids, [(1, Some(500)), (2, None)], "resolved within the period");
    }

    #[test]
    fn recipients_are_those_reading_at_the_periods_end_where_the_history_says() {
        let topic = TopicFacts {
            cluster: "prod".into(),
            topic: "orders".into(),
            categories: ["PII".to_owned()].into(),
            reading_groups: vec!["billing-now".into()],
            ..TopicFacts::default()
        };
        let now = records(&[&topic], &ReadersThen::new());
        assert_eq!(now[0].recipients, ["group billing-now"]);
        let then = ReadersThen::from([(("prod".to_owned(), "orders".to_owned()), vec!["billing-then".to_owned()])]);
        assert_eq!(records(&[&topic], &then)[0].recipients, ["group billing-then"]);
    }

    #[test]
    fn a_scope_narrows_by_cluster_and_topic_list() {
        let topic = TopicFacts { cluster: "prod".into(), topic: "orders".into(), ..TopicFacts::default() };
        let everything = ReportScope::default();
        assert!(covers(&everything, None, &topic));
        assert!(!covers(&ReportScope { cluster: Some("dev".into()), ..ReportScope::default() }, None, &topic));
        let listed = ReportScope { topics: vec!["prod/orders".into()], ..ReportScope::default() };
        assert!(covers(&listed, None, &topic));
        let other = ReportScope { topics: vec!["prod/payments".into()], ..ReportScope::default() };
        assert!(!covers(&other, None, &topic));
    }
}
