//! Profiles evaluated against the estate's topic facts: which topics each profile
//! covers, and every rule a covered topic breaks, with the evidence.

use model::persistence::KAFKA_DEFAULT_RETENTION_MS;
use model::{Cleanup, Retention};
use rustc_hash::FxHashMap;

use super::facts::TopicFacts;
use super::profile::{normalised_policy, Profile, Scope};

const DAY_MS: i64 = 24 * 60 * 60 * 1_000;
/// Kafka's documented topic defaults, assumed where a broker does not report a config.
const KAFKA_DEFAULT_CLEANUP_POLICY: &str = "delete";
const KAFKA_DEFAULT_MIN_INSYNC_REPLICAS: i32 = 1;

/// One rule of one profile broken by one topic, about one target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub profile: String,
    pub rule: &'static str,
    pub cluster: String,
    pub topic: String,
    /// What breaks it: a config's name, a reader, a downstream topic.
    pub target: String,
    pub evidence: String,
}

/// Whether `scope` covers `topic`.
pub fn in_scope(scope: &Scope, topic: &TopicFacts) -> bool {
    if !scope.clusters.is_empty() && !scope.clusters.contains(&topic.cluster) {
        return false;
    }
    let criteria = !scope.topics.is_empty()
        || !scope.patterns.is_empty()
        || !scope.categories.is_empty()
        || !scope.tags.is_empty();
    !criteria
        || scope.topics.contains(&topic.topic)
        || scope.patterns.iter().any(|pattern| pattern.is_match(&topic.topic))
        || scope.categories.iter().any(|category| topic.holds(category))
        || scope.tags.iter().any(|tag| topic.tags.contains(tag))
}

/// Every rule of every profile broken by a topic it covers.
pub fn evaluate(profiles: &[Profile], topics: &[TopicFacts]) -> Vec<Finding> {
    let by_name: FxHashMap<(&str, &str), &TopicFacts> =
        topics.iter().map(|topic| ((topic.cluster.as_str(), topic.topic.as_str()), topic)).collect();
    let mut findings = Vec::new();
    for profile in profiles {
        for topic in topics.iter().filter(|topic| in_scope(&profile.scope, topic)) {
            let mut found = |rule: &'static str, target: &str, evidence: String| {
                findings.push(Finding {
                    profile: profile.name.clone(),
                    rule,
                    cluster: topic.cluster.clone(),
                    topic: topic.topic.clone(),
                    target: target.to_owned(),
                    evidence,
                });
            };
            check_configs(profile, topic, &mut found);
            check_schema(profile, topic, &mut found);
            check_readers(profile, topic, &mut found);
            check_protection(profile, topic, &mut found);
            super::estate_rules::check_estate(profile, topic, &mut found);
            if profile.rules.forbid_flow_outside && topic.holds_personal_data() {
                for flow in topic.flows_into.iter().filter(|flow| !flow.masked) {
                    let covered = by_name
                        .get(&(flow.cluster.as_str(), flow.topic.as_str()))
                        .is_some_and(|downstream| in_scope(&profile.scope, downstream));
                    if !covered {
                        let categories = topic.all_categories().into_iter().collect::<Vec<_>>().join(", ");
                        found(
                            "forbid_flow_outside",
                            &format!("{}/{}", flow.cluster, flow.topic),
                            format!(
                                "{categories} flows through {} into topic {}, which the profile does not cover",
                                flow.through, flow.topic
                            ),
                        );
                    }
                }
            }
        }
    }
    findings
}

fn check_configs(profile: &Profile, topic: &TopicFacts, found: &mut impl FnMut(&'static str, &str, String)) {
    let rules = &profile.rules;
    if let Some(days) = rules.max_retention_days {
        let limit_ms = i64::from(days).saturating_mul(DAY_MS);
        // A compacted topic keeps the latest record of each key until a tombstone,
        // whatever retention.ms says: no time bounds it. (Still reported on
        // retention.ms, the rule's target, so that a violation keeps its identity.)
        let compacted_only = Cleanup::from_config_value(topic.cleanup_policy.as_deref()) == Cleanup::Compact;
        let (retention_ms, said) = match topic.retention.unwrap_or(Retention::NotReported) {
            Retention::Forever => (None, "retention.ms is -1 (records are kept forever)".to_owned()),
            Retention::Millis(ms) => (Some(ms), format!("retention.ms is {ms} ({})", Retention::Millis(ms).label())),
            Retention::NotReported => (
                Some(KAFKA_DEFAULT_RETENTION_MS),
                "retention.ms is not reported by the broker; Kafka's default is 7 days".to_owned(),
            ),
        };
        let (retention_ms, said) = if compacted_only {
            let compacted = "cleanup.policy is compact: the latest record of each key is kept until a tombstone \
                             deletes it, whatever retention.ms says";
            (None, format!("{compacted} ({said})"))
        } else {
            (retention_ms, said)
        };
        if retention_ms.is_none_or(|ms| ms > limit_ms) {
            found("max_retention_days", "retention.ms", format!("{said}; at most {days} days allowed"));
        }
    }
    if let (Some(days), Some(lifespan)) = (rules.max_persistence_days, &topic.lifespan) {
        let limit_ms = i64::from(days).saturating_mul(DAY_MS);
        if lifespan.longest_in_kafka_ms.is_none_or(|ms| ms > limit_ms) {
            found(
                "max_persistence_days",
                "persistence along flows",
                format!("its personal data can stay {}; at most {days} days allowed", lifespan.describe()),
            );
        }
    }
    if let Some(required) = &rules.cleanup_policy {
        let actual = topic.cleanup_policy.as_deref().unwrap_or(KAFKA_DEFAULT_CLEANUP_POLICY);
        // Most topics name the policy as the profile does: normalised only when not.
        if !actual.eq_ignore_ascii_case(required) && normalised_policy(actual) != normalised_policy(required) {
            let said = if topic.cleanup_policy.is_some() { "" } else { " (not reported; Kafka's default)" };
            found("cleanup_policy", "cleanup.policy", format!("cleanup.policy is {actual}{said}; {required} required"));
        }
    }
    if let Some(minimum) = rules.min_replication_factor {
        if i64::from(topic.replication_factor) < i64::from(minimum) {
            found(
                "min_replication_factor",
                "replication factor",
                format!("{} replicas; at least {minimum} required", topic.replication_factor),
            );
        }
    }
    if let Some(minimum) = rules.min_insync_replicas {
        let actual = topic.min_insync_replicas.unwrap_or(KAFKA_DEFAULT_MIN_INSYNC_REPLICAS);
        if i64::from(actual) < i64::from(minimum) {
            let said = if topic.min_insync_replicas.is_some() { "" } else { " (not reported; Kafka's default)" };
            found(
                "min_insync_replicas",
                "min.insync.replicas",
                format!("min.insync.replicas is {actual}{said}; at least {minimum} required"),
            );
        }
    }
}

fn check_schema(profile: &Profile, topic: &TopicFacts, found: &mut impl FnMut(&'static str, &str, String)) {
    let rules = &profile.rules;
    let Some(schema) = &topic.value_schema else {
        if rules.require_value_schema {
            found("require_value_schema", "value schema", "no schema source describes its values".to_owned());
        }
        if rules.require_owner {
            found("require_owner", "owner", "no value schema, so no owner is named".to_owned());
        }
        return;
    };
    if !rules.compatibility.is_empty() {
        let allowed = rules.compatibility.iter().any(|level| Some(level.to_ascii_uppercase()) == schema.compatibility);
        if !allowed {
            let actual = schema.compatibility.as_deref().unwrap_or("not known");
            found(
                "compatibility",
                &schema.subject,
                format!("{} has compatibility {actual}; {} required", schema.subject, rules.compatibility.join(" or ")),
            );
        }
    }
    if rules.require_owner && schema.owner.as_deref().is_none_or(|owner| owner.trim().is_empty()) {
        found(
            "require_owner",
            "owner",
            format!("{}'s registration names no owner (metadata.properties.owner)", schema.subject),
        );
    }
}

fn check_readers(profile: &Profile, topic: &TopicFacts, found: &mut impl FnMut(&'static str, &str, String)) {
    let rules = &profile.rules;
    let lists = [
        ("allowed_groups", "group", &rules.allowed_groups, &topic.reading_groups),
        ("allowed_principals", "principal", &rules.allowed_principals, &topic.reading_principals),
        ("allowed_connectors", "connector", &rules.allowed_connectors, &topic.reading_connectors),
    ];
    for (rule, kind, allowed, readers) in lists {
        let Some(allowed) = allowed else { continue };
        for reader in readers.iter().filter(|reader| !allowed.contains(reader)) {
            found(rule, reader, format!("{kind} {reader} reads it and is not allowed to"));
        }
    }
    if rules.forbid_public_read {
        for acl in &topic.public_read_acls {
            found("forbid_public_read", acl, format!("every principal may read it: {acl}"));
        }
    }
}

fn check_protection(profile: &Profile, topic: &TopicFacts, found: &mut impl FnMut(&'static str, &str, String)) {
    if profile.rules.require_protection {
        for field in topic.personal_fields.iter().filter(|field| field.protected_by.is_none()) {
            found(
                "require_protection",
                &format!("{}#{}", field.subject, field.path),
                format!(
                    "{} of {} holds {} and no data-contract rule encrypts or masks it as written{}",
                    field.path,
                    field.subject,
                    field.categories.join(", "),
                    field.held.as_ref().map(|held| format!(" ({})", held.describe())).unwrap_or_default()
                ),
            );
        }
    }
}

#[cfg(test)]
#[path = "evaluate_tests.rs"]
mod tests;
