//! Where the running cluster differs from its code: topics missing and undeclared,
//! partitions, replication and configs that differ, ACLs missing and undeclared (the
//! bindings the team's tool would create or delete), principals reading without a
//! declared service, and declared read grants never seen in use.
//!
//! What cannot be judged is said, never shown as "no drift": ACLs the cluster did not
//! list, a file that did not parse (its topics and ACLs would all look undeclared), a
//! cluster not read yet, write grants (producers without a transactional id are never
//! named by the brokers).

use std::collections::{BTreeSet, HashSet};

use model::{
    permitted_edges, AclBinding, AclOperation, ClusterAcls, ClusterSnapshot, DriftFinding, DriftKind, GrantUsage,
    PatternType, ResourceKind,
};

use super::config_values::same_value;
use super::desired::{DesiredEstate, DesiredGrant};
use crate::config::EstateSourceConfig;

/// Kafka's name for a config set on the topic itself (not a default).
const SET_ON_TOPIC: &str = "DynamicTopic";

/// What the comparison leaves out, beyond what the code's format says.
#[derive(Clone, Debug, Default)]
pub struct DriftScope {
    /// Principals whose ACLs are not the code's business (Tributary's own, admins).
    pub ignore_principals: Vec<String>,
    /// Topic name prefixes the code does not manage.
    pub ignore_topic_prefixes: Vec<String>,
    /// Some file of the estate could not be read: nothing can be called undeclared.
    pub files_incomplete: bool,
}

impl DriftScope {
    /// What the configured `source` leaves out.
    pub fn for_source(source: &EstateSourceConfig) -> DriftScope {
        DriftScope {
            ignore_principals: source.ignore_principals.clone(),
            ignore_topic_prefixes: source.ignore_topics.clone(),
            files_incomplete: false,
        }
    }
}

/// The comparison's answer; each finding's `since_ms` is 0 (the caller keeps when it
/// first saw each).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Drift {
    pub findings: Vec<DriftFinding>,
    pub not_judged: Vec<String>,
}

/// The personal data categories each topic holds (its own and from upstream), by name;
/// topics holding none are left out.
pub type PersonalTopics = std::collections::HashMap<String, Vec<String>>;

/// Compares `estate` with the cluster as last read (`None`: not read yet); `personal`
/// says which topics hold personal data, for the grants that reach them broadly.
pub fn drift(
    estate: &DesiredEstate,
    live: Option<&ClusterSnapshot>,
    scope: &DriftScope,
    personal: &PersonalTopics,
) -> Drift {
    let mut drift = Drift::default();
    let Some(live) = live else {
        drift.not_judged.push("The cluster has not been read yet: nothing is compared.".into());
        return drift;
    };
    if scope.files_incomplete {
        drift.not_judged.push(
            "A file of the estate could not be read: topics and ACLs are not called undeclared until it is fixed."
                .into(),
        );
    }
    topics(estate, live, scope, &mut drift);
    acls(estate, live, scope, &mut drift);
    readers(estate, live, scope, &mut drift);
    broad_grants(estate, live, personal, &mut drift);
    drift
        .findings
        .sort_by(|a, b| (a.kind, &a.topic, &a.principal, &a.item).cmp(&(b.kind, &b.topic, &b.principal, &b.item)));
    drift.findings.dedup_by(|a, b| a.identity() == b.identity());
    drift
}

fn finding(kind: DriftKind, item: impl Into<String>) -> DriftFinding {
    DriftFinding {
        kind,
        topic: None,
        principal: None,
        item: item.into(),
        declared: None,
        live: None,
        at: None,
        since_ms: 0,
    }
}

fn ignored(topic: &str, estate: &DesiredEstate, scope: &DriftScope) -> bool {
    estate
        .ignored_topic_prefixes
        .iter()
        .chain(&scope.ignore_topic_prefixes)
        .any(|prefix| topic.starts_with(prefix.as_str()))
}

fn topics(estate: &DesiredEstate, live: &ClusterSnapshot, scope: &DriftScope, drift: &mut Drift) {
    let declared: HashSet<&str> = estate.topics.iter().map(|topic| topic.name.as_str()).collect();
    if !scope.files_incomplete {
        for topic in live.topics.iter().filter(|topic| !topic.internal) {
            if !declared.contains(topic.name.as_str()) && !ignored(&topic.name, estate, scope) {
                let mut undeclared = finding(DriftKind::TopicUndeclared, "topic");
                undeclared.topic = Some(topic.name.clone());
                undeclared.live = Some(format!("{} partitions", topic.partitions.len()));
                drift.findings.push(undeclared);
            }
        }
    }
    for wanted in &estate.topics {
        let topic_finding = |kind, item: &str, declared: Option<String>, found: Option<String>| DriftFinding {
            topic: Some(wanted.name.clone()),
            declared,
            live: found,
            at: Some(wanted.at.clone()),
            ..finding(kind, item)
        };
        let Some(topic) = live.topics.iter().find(|topic| topic.name == wanted.name) else {
            drift.findings.push(topic_finding(DriftKind::TopicMissing, "topic", Some("declared".into()), None));
            continue;
        };
        if let Some(partitions) = wanted.partitions {
            if !topic.partitions.is_empty() && topic.partitions.len() != partitions as usize {
                let (declared, found) = (partitions.to_string(), topic.partitions.len().to_string());
                drift.findings.push(topic_finding(
                    DriftKind::PartitionsDiffer,
                    "partitions",
                    Some(declared),
                    Some(found),
                ));
            }
        }
        if let Some(replication) = wanted.replication {
            let found = topic.partitions.iter().map(|partition| partition.replicas.len()).max();
            if let Some(found) = found.filter(|found| *found != replication as usize) {
                let (declared, found) = (replication.to_string(), found.to_string());
                drift.findings.push(topic_finding(
                    DriftKind::ReplicationDiffers,
                    "replication factor",
                    Some(declared),
                    Some(found),
                ));
            }
        }
        // No configs read yet (they are read apart from the topic list): not compared.
        if topic.configs.is_empty() {
            continue;
        }
        for (name, value) in &wanted.configs {
            match topic.configs.iter().find(|config| &config.name == name) {
                Some(config) if config.sensitive || config.value.is_none() => {}
                Some(config) => {
                    let found = config.value.clone().unwrap_or_default();
                    if !same_value(name, value, &found) {
                        drift.findings.push(topic_finding(
                            DriftKind::ConfigDiffers,
                            name,
                            Some(value.clone()),
                            Some(found),
                        ));
                    }
                }
                None => drift.findings.push(topic_finding(
                    DriftKind::ConfigDiffers,
                    name,
                    Some(value.clone()),
                    Some("not reported by the broker".into()),
                )),
            }
        }
        for config in topic.configs.iter().filter(|config| config.source == SET_ON_TOPIC && !config.sensitive) {
            if !wanted.configs.iter().any(|(name, _)| name == &config.name) {
                drift.findings.push(topic_finding(
                    DriftKind::ConfigUndeclared,
                    &config.name,
                    None,
                    config.value.clone(),
                ));
            }
        }
    }
}

/// Whether an allowance (a grant that is declared without being required) covers a
/// binding found on the cluster.
fn allows(allowance: &DesiredGrant, found: &AclBinding) -> bool {
    let wanted = &allowance.binding;
    wanted.principal == found.principal
        && wanted.permission == found.permission
        && wanted.resource.kind == found.resource.kind
        && (wanted.operation == found.operation || wanted.operation == AclOperation::All)
        && match wanted.resource.pattern {
            PatternType::Prefixed => found.resource.name.starts_with(&wanted.resource.name),
            _ => wanted.resource.name == found.resource.name || wanted.resource.name == "*",
        }
}

/// The topic an ACL names, where it names one topic.
fn topic_of(binding: &AclBinding) -> Option<String> {
    (binding.resource.kind == ResourceKind::Topic
        && binding.resource.pattern == PatternType::Literal
        && binding.resource.name != "*")
        .then(|| binding.resource.name.clone())
}

fn acls(estate: &DesiredEstate, live: &ClusterSnapshot, scope: &DriftScope, drift: &mut Drift) {
    let bindings: &[AclBinding] = match &live.access {
        ClusterAcls::Listed { bindings } => bindings,
        ClusterAcls::NoneDefined => &[],
        other => {
            drift.not_judged.push(format!("ACLs are not compared: {}.", other.label()));
            return;
        }
    };
    let found: BTreeSet<&AclBinding> = bindings.iter().collect();
    let mut reported = BTreeSet::new();
    for grant in estate.grants.iter().filter(|grant| grant.required) {
        if found.contains(&grant.binding) || !reported.insert(&grant.binding) {
            continue;
        }
        drift.findings.push(DriftFinding {
            topic: topic_of(&grant.binding),
            principal: Some(grant.binding.principal.clone()),
            declared: Some(grant.binding.describe()),
            at: Some(grant.at.clone()),
            ..finding(DriftKind::AclMissing, grant.binding.describe())
        });
    }
    if scope.files_incomplete {
        return;
    }
    let required: BTreeSet<&AclBinding> =
        estate.grants.iter().filter(|grant| grant.required).map(|grant| &grant.binding).collect();
    let allowances: Vec<&DesiredGrant> = estate.grants.iter().filter(|grant| !grant.required).collect();
    for binding in bindings {
        if required.contains(binding)
            || allowances.iter().any(|allowance| allows(allowance, binding))
            || scope.ignore_principals.contains(&binding.principal)
        {
            continue;
        }
        drift.findings.push(DriftFinding {
            topic: topic_of(binding),
            principal: Some(binding.principal.clone()),
            live: Some(binding.describe()),
            ..finding(DriftKind::AclUndeclared, binding.describe())
        });
    }
}

/// Read grants on the cluster whose wildcard (a `*` topic, `User:*`) or prefix reaches
/// a topic holding personal data: each with the categories it reaches, and where the
/// code declares it, if it does.
fn broad_grants(estate: &DesiredEstate, live: &ClusterSnapshot, personal: &PersonalTopics, drift: &mut Drift) {
    let ClusterAcls::Listed { bindings } = &live.access else { return };
    let broad = |binding: &&AclBinding| {
        binding.permission == model::AclPermission::Allow
            && binding.resource.kind == ResourceKind::Topic
            && matches!(binding.operation, AclOperation::Read | AclOperation::All)
            && (binding.resource.pattern == PatternType::Prefixed
                || binding.resource.name == "*"
                || binding.principal == "User:*")
    };
    let mut reached: Vec<(&String, &Vec<String>)> = personal.iter().collect();
    reached.sort();
    for binding in bindings.iter().filter(broad) {
        for (topic, categories) in
            reached.iter().filter(|(topic, _)| binding.resource.matches(ResourceKind::Topic, topic))
        {
            let declared = estate.grants.iter().find(|grant| &grant.binding == binding);
            drift.findings.push(DriftFinding {
                topic: Some((*topic).clone()),
                principal: Some(binding.principal.clone()),
                declared: declared.map(|grant| grant.binding.describe()),
                live: Some(format!("{} reaches {}", binding.describe(), categories.join(", "))),
                at: declared.map(|grant| grant.at.clone()),
                ..finding(DriftKind::BroadGrant, binding.describe())
            });
        }
    }
}

fn readers(estate: &DesiredEstate, live: &ClusterSnapshot, scope: &DriftScope, drift: &mut Drift) {
    if !matches!(live.access, ClusterAcls::Listed { .. }) {
        return;
    }
    let read_grants: Vec<&DesiredGrant> = estate
        .grants
        .iter()
        .filter(|grant| grant.required && grant.binding.resource.kind == ResourceKind::Topic)
        .filter(|grant| matches!(grant.binding.operation, AclOperation::Read | AclOperation::All))
        .collect();
    for edge in permitted_edges(live) {
        if edge.principal == "User:*" || scope.ignore_principals.contains(&edge.principal) {
            continue;
        }
        match &edge.usage {
            GrantUsage::WrittenBy { transactional_ids }
                if !scope.files_incomplete && !estate.declares_principal(&edge.principal) =>
            {
                drift.findings.push(DriftFinding {
                    topic: Some(edge.topic.clone()),
                    principal: Some(edge.principal.clone()),
                    live: Some(format!("writes with transactional id {}", transactional_ids.join(", "))),
                    ..finding(DriftKind::WriterUndeclared, "writer")
                });
            }
            GrantUsage::SeenInUse { groups }
                if !scope.files_incomplete && !estate.declares_principal(&edge.principal) =>
            {
                drift.findings.push(DriftFinding {
                    topic: Some(edge.topic.clone()),
                    principal: Some(edge.principal.clone()),
                    live: Some(format!("reads through {}", groups.join(", "))),
                    ..finding(DriftKind::ReaderUndeclared, "reader")
                });
            }
            GrantUsage::NotSeenInUse => {
                let grant = read_grants.iter().find(|grant| {
                    grant.binding.principal == edge.principal
                        && grant.binding.resource.matches(ResourceKind::Topic, &edge.topic)
                });
                if let Some(grant) = grant {
                    drift.findings.push(DriftFinding {
                        topic: Some(edge.topic.clone()),
                        principal: Some(edge.principal.clone()),
                        declared: Some(grant.binding.describe()),
                        live: Some("no group of the principal seen reading".into()),
                        at: Some(grant.at.clone()),
                        ..finding(DriftKind::GrantUnused, "read grant")
                    });
                }
            }
            _ => {}
        }
    }
    let writes = estate.grants.iter().any(|grant| grant.required && grant.binding.operation == AclOperation::Write);
    if writes {
        drift.not_judged.push(
            "Write grants are not judged for use: the brokers name transactional writers only, never a producer without a transactional id."
                .into(),
        );
    }
}

#[cfg(test)]
#[path = "drift_tests.rs"]
mod tests;
