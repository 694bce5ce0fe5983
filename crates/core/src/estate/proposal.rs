//! A proposed change to the estate's code, judged before it is merged: the topics and
//! ACLs it adds, removes or changes (against the code in force, or a base version), and
//! for every new read or write right on topics, what personal data its principal would
//! then reach (the topics' own and upstream categories, from the catalog) and which
//! profile rule that breaks (`allowed_principals`).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use model::{
    AclBinding, AclOperation, AclPermission, EstateChange, EstateChangeKind, EstateCheckReport, GrantReach,
    ResourceKind, RuleBreak,
};

use super::config_values::same_value;
use super::desired::{DesiredEstate, DesiredTopic};
use crate::compliance::{in_scope, Profile, TopicFacts};

/// What a proposal is judged against.
pub struct ProposalContext<'a> {
    pub cluster: &'a str,
    /// The code in force (the catalog's estate sources, or the base files).
    pub current: &'a DesiredEstate,
    /// Topics on the cluster now.
    pub live_topics: &'a [String],
    /// Every topic's compliance facts (personal data own and upstream); empty when no
    /// catalog is asked.
    pub facts: &'a [TopicFacts],
    pub profiles: &'a [Profile],
}

/// Judges `proposed` (its files already read; their errors are the caller's).
pub fn judge(proposed: &DesiredEstate, context: &ProposalContext<'_>) -> EstateCheckReport {
    let mut report = EstateCheckReport { cluster: context.cluster.to_owned(), ..Default::default() };
    topic_changes(context.current, proposed, &mut report.changes);
    let added = grant_changes(context.current, proposed, &mut report.changes);
    let facts: HashMap<&str, &TopicFacts> = context
        .facts
        .iter()
        .filter(|facts| facts.cluster == context.cluster)
        .map(|facts| (facts.topic.as_str(), facts))
        .collect();
    let topics: BTreeSet<&str> =
        context.live_topics.iter().map(String::as_str).chain(proposed.topics.iter().map(|t| t.name.as_str())).collect();
    for (binding, at) in added {
        let reads = matches!(binding.operation, AclOperation::Read | AclOperation::All);
        let writes = matches!(binding.operation, AclOperation::Write | AclOperation::All);
        if binding.permission != AclPermission::Allow
            || binding.resource.kind != ResourceKind::Topic
            || !(reads || writes)
        {
            continue;
        }
        for topic in topics.iter().filter(|topic| binding.resource.matches(ResourceKind::Topic, topic)) {
            let bare =
                TopicFacts { cluster: context.cluster.to_owned(), topic: (*topic).to_owned(), ..Default::default() };
            let topic_facts = facts.get(topic).copied().unwrap_or(&bare);
            let breaks =
                if reads { reading_breaks(context.profiles, topic_facts, &binding.principal) } else { Vec::new() };
            report.reach.push(GrantReach {
                principal: binding.principal.clone(),
                grant: binding.describe(),
                topic: (*topic).to_owned(),
                categories: topic_facts.all_categories().into_iter().collect(),
                at: at.clone(),
                breaks,
            });
        }
    }
    report.blocked = report.reach.iter().any(|reach| !reach.breaks.is_empty());
    if context.facts.is_empty() {
        report.notes.push(
            "No catalog was asked: personal data is not known, and only profiles scoped by cluster, topic name or pattern are judged."
                .into(),
        );
    }
    report
}

/// The profile rules `principal` reading the topic of `facts` would break.
fn reading_breaks(profiles: &[Profile], facts: &TopicFacts, principal: &str) -> Vec<RuleBreak> {
    profiles
        .iter()
        .filter(|profile| in_scope(&profile.scope, facts))
        .filter_map(|profile| {
            let allowed = profile.rules.allowed_principals.as_ref()?;
            (!allowed.iter().any(|known| known == principal)).then(|| RuleBreak {
                profile: profile.name.clone(),
                rule: "allowed_principals".into(),
                message: format!(
                    "`{principal}` would read `{}`, which profile `{}` lets only {} read",
                    facts.topic,
                    profile.name,
                    if allowed.is_empty() { "no principal".to_owned() } else { allowed.join(", ") }
                ),
            })
        })
        .collect()
}

fn topic_changes(current: &DesiredEstate, proposed: &DesiredEstate, changes: &mut Vec<EstateChange>) {
    let before: BTreeMap<&str, &DesiredTopic> =
        current.topics.iter().map(|topic| (topic.name.as_str(), topic)).collect();
    let after: BTreeMap<&str, &DesiredTopic> =
        proposed.topics.iter().map(|topic| (topic.name.as_str(), topic)).collect();
    let change = |kind, topic: &DesiredTopic, item: &str, was: Option<String>, will: Option<String>, at| EstateChange {
        kind,
        topic: Some(topic.name.clone()),
        principal: None,
        item: item.to_owned(),
        before: was,
        after: will,
        at,
    };
    for (name, old) in &before {
        if !after.contains_key(name) {
            changes.push(change(EstateChangeKind::TopicRemoved, old, "topic", Some("declared".into()), None, None));
        }
    }
    for (name, new) in &after {
        let Some(old) = before.get(name) else {
            changes.push(change(
                EstateChangeKind::TopicAdded,
                new,
                "topic",
                None,
                Some("declared".into()),
                Some(new.at.clone()),
            ));
            continue;
        };
        let at = Some(new.at.clone());
        let number = |value: Option<u32>| value.map(|value| value.to_string());
        if old.partitions != new.partitions {
            changes.push(change(
                EstateChangeKind::TopicChanged,
                new,
                "partitions",
                number(old.partitions),
                number(new.partitions),
                at.clone(),
            ));
        }
        if old.replication != new.replication {
            let (was, will) = (number(old.replication), number(new.replication));
            changes.push(change(EstateChangeKind::TopicChanged, new, "replication factor", was, will, at.clone()));
        }
        let old_configs: BTreeMap<&str, &str> = old.configs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let new_configs: BTreeMap<&str, &str> = new.configs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let names: BTreeSet<&str> = old_configs.keys().chain(new_configs.keys()).copied().collect();
        for config in names {
            let (was, will) = (old_configs.get(config).copied(), new_configs.get(config).copied());
            let same = match (was, will) {
                (Some(was), Some(will)) => same_value(config, was, will),
                (None, None) => true,
                _ => false,
            };
            if !same {
                let owned = |value: Option<&str>| value.map(str::to_owned);
                changes.push(change(EstateChangeKind::TopicChanged, new, config, owned(was), owned(will), at.clone()));
            }
        }
    }
}

/// Records ACLs added and removed; the added ones with where the proposal says them.
fn grant_changes(
    current: &DesiredEstate,
    proposed: &DesiredEstate,
    changes: &mut Vec<EstateChange>,
) -> Vec<(AclBinding, model::SourceLocation)> {
    let required = |estate: &DesiredEstate| -> BTreeMap<AclBinding, model::SourceLocation> {
        estate
            .grants
            .iter()
            .filter(|grant| grant.required)
            .map(|grant| (grant.binding.clone(), grant.at.clone()))
            .rev()
            .collect()
    };
    let (before, after) = (required(current), required(proposed));
    let topic_of = |binding: &AclBinding| {
        (binding.resource.kind == ResourceKind::Topic && binding.resource.name != "*")
            .then(|| binding.resource.name.clone())
    };
    for binding in before.keys().filter(|binding| !after.contains_key(*binding)) {
        changes.push(EstateChange {
            kind: EstateChangeKind::AclRemoved,
            topic: topic_of(binding),
            principal: Some(binding.principal.clone()),
            item: binding.describe(),
            before: Some(binding.describe()),
            after: None,
            at: None,
        });
    }
    let mut added = Vec::new();
    for (binding, at) in after.into_iter().filter(|(binding, _)| !before.contains_key(binding)) {
        changes.push(EstateChange {
            kind: EstateChangeKind::AclAdded,
            topic: topic_of(&binding),
            principal: Some(binding.principal.clone()),
            item: binding.describe(),
            before: None,
            after: Some(binding.describe()),
            at: Some(at.clone()),
        });
        added.push((binding, at));
    }
    added
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estate::kafka_gitops;
    use crate::estate::yaml_tree::parse;

    const CURRENT: &str = "topics:\n  customers:\n    partitions: 3\n  orders: {}\nservices:\n  billing:\n    type: application\n    principal: User:billing\n    consumes: [customers]\n";

    fn estate(text: &str) -> DesiredEstate {
        kafka_gitops::read("state.yaml", &parse(text).unwrap()).unwrap()
    }

    fn profile() -> Profile {
        let text = "name = \"Customer data\"\n[scope]\ncategories = [\"PII\"]\n[rules]\nallowed_principals = [\"User:billing\"]\n";
        Profile::parse("customers.toml", text).unwrap()
    }

    fn customers_hold_pii() -> Vec<TopicFacts> {
        let mut facts = TopicFacts { cluster: "prod".into(), topic: "customers".into(), ..Default::default() };
        facts.categories.insert("PII".into());
        vec![facts, TopicFacts { cluster: "prod".into(), topic: "orders".into(), ..Default::default() }]
    }

    fn judged(proposed: &str, facts: &[TopicFacts]) -> EstateCheckReport {
        let current = estate(CURRENT);
        let live = vec!["customers".to_owned(), "orders".to_owned()];
        let profiles = [profile()];
        let context =
            ProposalContext { cluster: "prod", current: &current, live_topics: &live, facts, profiles: &profiles };
        judge(&estate(proposed), &context)
    }

    #[test]
    fn a_new_reader_of_personal_data_the_profile_does_not_allow_is_blocked() {
        let proposed = format!(
            "{CURRENT}  marketing:\n    type: application\n    principal: User:marketing\n    consumes: [customers]\n"
        );
        let report = judged(&proposed, &customers_hold_pii());
        assert!(report.blocked);
        let reach = report.reach.iter().find(|reach| reach.topic == "customers").unwrap();
        assert_eq!(reach.principal, "User:marketing");
        assert_eq!(reach.categories, ["PII"]);
        assert_eq!(reach.at.label(), "state.yaml:13");
        assert_eq!(reach.breaks[0].rule, "allowed_principals");
        assert!(report
            .changes
            .iter()
            .any(|change| change.kind == EstateChangeKind::AclAdded
                && change.item == "ALLOW READ on topic customers from *"));
    }

    #[test]
    fn a_harmless_change_passes_and_is_listed() {
        let proposed = CURRENT.replace("partitions: 3", "partitions: 6")
            + "  shipping:\n    type: application\n    principal: User:shipping\n    consumes: [orders]\n";
        let report = judged(&proposed, &customers_hold_pii());
        assert!(!report.blocked, "{report:#?}");
        assert!(report.changes.iter().any(|change| change.kind == EstateChangeKind::TopicChanged
            && change.item == "partitions"
            && change.before.as_deref() == Some("3")
            && change.after.as_deref() == Some("6")));
        assert_eq!(report.reach.len(), 1);
        assert!(report.reach[0].categories.is_empty());
    }

    #[test]
    fn standalone_says_what_it_cannot_know() {
        let proposed = format!(
            "{CURRENT}  marketing:\n    type: application\n    principal: User:marketing\n    consumes: [customers]\n"
        );
        let report = judged(&proposed, &[]);
        assert!(!report.blocked, "a category-scoped profile cannot be judged without the catalog");
        assert!(report.notes[0].contains("personal data is not known"));
    }
}
