//! The profile rules a proposed schema would break, before it ships (`tributary check`):
//! - `require_protection`: a field the proposal adds as personal data (a tag, a name or
//!   doc rule) that no data-contract rule of the subject encrypts or masks, on a topic a
//!   profile requiring protection covers once the topic holds that data;
//! - `forbid_flow_outside`: a topic the proposal declares (a Protobuf topic option) that
//!   a profile forbidding flows outside it does not cover, while the schema carries
//!   personal data.
//!
//! Only what the change brings counts: fields already personal in the subject's current
//! schema are the open violations' business, not the change's.

use std::collections::BTreeSet;

use model::{ContractRule, SchemaTree};

use super::evaluate::{in_scope, Finding};
use super::facts::TopicFacts;
use super::profile::Profile;
use super::protection::protecting_rule;
use crate::classification::{ClassifiedField, Provenance};

/// A proposed schema as the check needs it.
pub struct ProposedSchema<'a> {
    pub subject: &'a str,
    pub tree: &'a SchemaTree,
    /// Its fields' classification, stewards' decisions applied.
    pub classified: &'a [ClassifiedField],
    /// The paths the subject's current schema already holds as personal data.
    pub already_personal: &'a BTreeSet<String>,
    /// The data-contract rules the subject carries (a new version keeps them).
    pub contract_rules: &'a [ContractRule],
}

/// What `proposal` would break: `bound` are the facts of the topics the subject
/// describes; `known` every topic's facts (for topics the proposal declares).
pub fn proposal_findings(
    profiles: &[Profile],
    proposal: &ProposedSchema<'_>,
    bound: &[TopicFacts],
    known: &[TopicFacts],
) -> Vec<Finding> {
    let fields = proposal.tree.all_fields();
    let personal: Vec<&ClassifiedField> = proposal.classified.iter().filter(|field| field.is_personal()).collect();
    let categories: BTreeSet<String> = personal
        .iter()
        .flat_map(|field| field.categories.iter())
        .filter(|(category, _)| category.is_personal())
        .map(|(category, _)| category.0.clone())
        .collect();
    let unprotected: Vec<(&ClassifiedField, String)> = personal
        .iter()
        .filter(|field| !proposal.already_personal.contains(&field.path))
        .filter(|classified| {
            let Some(field) = fields.iter().find(|field| field.path == classified.path) else { return true };
            protecting_rule(proposal.contract_rules, &field.name, &field.tags).is_none()
        })
        .map(|field| (*field, why_personal(field)))
        .collect();
    let mut findings = Vec::new();
    for topic in bound {
        // The topic as it would be: holding what the proposal carries.
        let mut would_be = topic.clone();
        would_be.categories.extend(categories.iter().cloned());
        for profile in profiles.iter().filter(|profile| in_scope(&profile.scope, &would_be)) {
            let mut found = |rule: &'static str, target: String, evidence: String| {
                findings.push(Finding {
                    profile: profile.name.clone(),
                    rule,
                    cluster: topic.cluster.clone(),
                    topic: topic.topic.clone(),
                    target,
                    evidence,
                });
            };
            if profile.rules.require_protection {
                for (field, why) in &unprotected {
                    found(
                        "require_protection",
                        format!("{}#{}", proposal.subject, field.path),
                        format!(
                            "new field {} would hold {why}, and no data-contract rule of {} encrypts or masks it",
                            field.path, proposal.subject
                        ),
                    );
                }
            }
            if profile.rules.forbid_flow_outside && !categories.is_empty() {
                for declared in proposal.tree.declared_topics.iter().filter(|declared| **declared != topic.topic) {
                    let facts = known
                        .iter()
                        .find(|known| known.cluster == topic.cluster && known.topic == *declared)
                        .cloned()
                        .unwrap_or_else(|| TopicFacts {
                            cluster: topic.cluster.clone(),
                            topic: declared.clone(),
                            ..TopicFacts::default()
                        });
                    if !in_scope(&profile.scope, &facts) {
                        found(
                            "forbid_flow_outside",
                            format!("{}/{declared}", topic.cluster),
                            format!(
                                "the schema declares topic {declared}, which the profile does not cover, and carries {}",
                                categories.iter().cloned().collect::<Vec<_>>().join(", ")
                            ),
                        );
                    }
                }
            }
        }
    }
    findings
}

/// Why a field holds personal data: its categories and where each came from.
fn why_personal(field: &ClassifiedField) -> String {
    field
        .categories
        .iter()
        .filter(|(category, _)| category.is_personal())
        .map(|(category, provenance)| {
            let from = match provenance {
                Provenance::SchemaTag { tag } => format!("tag {tag}"),
                Provenance::NameRule { rule } => format!("name rule {rule}"),
                Provenance::DocRule { rule } => format!("doc rule {rule}"),
                Provenance::Steward { by, .. } => format!("tagged by {by}"),
            };
            format!("{} ({from})", category.0)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classification::{classify, RuleSet};
    use model::{Field, SchemaFormat};

    fn tree(fields: &[&str], declared: &[&str]) -> SchemaTree {
        SchemaTree {
            format: SchemaFormat::Avro,
            name: "Order".into(),
            type_label: "record".into(),
            doc: None,
            tags: vec![],
            fields: fields.iter().map(|name| Field::new(name, "", "string".into())).collect(),
            declared_topics: declared.iter().map(|topic| (*topic).to_owned()).collect(),
        }
    }

    fn profile(text: &str) -> Profile {
        Profile::parse("p.toml", text).unwrap()
    }

    fn topic(name: &str) -> TopicFacts {
        TopicFacts { cluster: "prod".into(), topic: name.into(), ..TopicFacts::default() }
    }

    fn check(proposed: &SchemaTree, already: &[&str], rules: &[ContractRule], profiles: &[Profile]) -> Vec<Finding> {
        let classified = classify(proposed, &RuleSet::builtin());
        let already: BTreeSet<String> = already.iter().map(|path| (*path).to_owned()).collect();
        let proposal = ProposedSchema {
            subject: "orders-value",
            tree: proposed,
            classified: &classified,
            already_personal: &already,
            contract_rules: rules,
        };
        proposal_findings(profiles, &proposal, &[topic("orders")], &[topic("orders"), topic("audit-copy")])
    }

    #[test]
    fn a_new_unprotected_personal_field_breaks_a_profile_requiring_protection() {
        let guarded = [profile("[scope]\ncategories = [\"PII\"]\n[rules]\nrequire_protection = true\n")];
        let found = check(&tree(&["order_id", "email"], &[]), &[], &[], &guarded);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].rule, found[0].target.as_str()), ("require_protection", "orders-value#email"));
        assert!(found[0].evidence.contains("name rule"), "{}", found[0].evidence);
        assert!(check(&tree(&["order_id", "amount_cents"], &[]), &[], &[], &guarded).is_empty(), "nothing personal");
        assert!(check(&tree(&["order_id", "email"], &[]), &["email"], &[], &guarded).is_empty(), "not new");
        let unguarded = [profile("[scope]\ncategories = [\"PII\"]\n[rules]\nmax_retention_days = 30\n")];
        assert!(check(&tree(&["email"], &[]), &[], &[], &unguarded).is_empty(), "no protection required");
    }

    #[test]
    fn a_declared_topic_outside_the_profile_breaks_forbid_flow_outside() {
        let closed = [profile("[scope]\ntopics = [\"orders\"]\n[rules]\nforbid_flow_outside = true\n")];
        let found = check(&tree(&["email"], &["audit-copy"]), &[], &[], &closed);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].rule, found[0].target.as_str()), ("forbid_flow_outside", "prod/audit-copy"));
        assert!(check(&tree(&["order_id"], &["audit-copy"]), &[], &[], &closed).is_empty(), "no personal data");
        assert!(check(&tree(&["email"], &["orders"]), &[], &[], &closed).is_empty(), "its own topic");
    }
}
