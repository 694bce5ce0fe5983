//! What changed between two snapshots of one cluster, as catalog events. Pure: no I/O.

use std::collections::{BTreeMap, BTreeSet};

use model::{AclBinding, Change, ClusterAcls, ClusterSnapshot, ConsumerGroup, Topic};

/// The changes from `before` to `after`: topics, then groups, each in name order, then
/// ACLs granted and revoked.
/// `lag_threshold` is the total lag per group above which a crossing is reported.
pub fn diff(before: &ClusterSnapshot, after: &ClusterSnapshot, lag_threshold: i64) -> Vec<Change> {
    let mut changes = Vec::new();
    diff_topics(&by_name(&before.topics, |t| &t.name), &by_name(&after.topics, |t| &t.name), &mut changes);
    diff_groups(
        &by_name(&before.groups, |g| &g.group_id),
        &by_name(&after.groups, |g| &g.group_id),
        lag_threshold,
        &mut changes,
    );
    diff_acls(&before.access, &after.access, &mut changes);
    changes
}

/// ACL changes, only between two answers that both listed (or listed none): a read
/// that did not ask, or could not, says nothing about grants.
fn diff_acls(before: &ClusterAcls, after: &ClusterAcls, changes: &mut Vec<Change>) {
    let listed = |access: &ClusterAcls| -> Option<BTreeSet<AclBinding>> {
        match access {
            ClusterAcls::Listed { bindings } => Some(bindings.iter().cloned().collect()),
            ClusterAcls::NoneListed | ClusterAcls::NoneDefined => Some(BTreeSet::new()),
            ClusterAcls::NotRead | ClusterAcls::Unavailable { .. } => None,
        }
    };
    let (Some(before), Some(after)) = (listed(before), listed(after)) else { return };
    for granted in after.difference(&before) {
        changes.push(Change::AclGranted { principal: granted.principal.clone(), acl: granted.describe() });
    }
    for revoked in before.difference(&after) {
        changes.push(Change::AclRevoked { principal: revoked.principal.clone(), acl: revoked.describe() });
    }
}

fn by_name<'a, T>(items: &'a [T], name: impl Fn(&'a T) -> &'a str) -> BTreeMap<&'a str, &'a T> {
    items.iter().map(|item| (name(item), item)).collect()
}

fn diff_topics(before: &BTreeMap<&str, &Topic>, after: &BTreeMap<&str, &Topic>, changes: &mut Vec<Change>) {
    for (name, topic) in after {
        let Some(old) = before.get(name) else {
            changes.push(Change::TopicCreated { topic: name.to_string(), partitions: count(topic.partitions.len()) });
            continue;
        };
        if topic.partitions.len() > old.partitions.len() {
            changes.push(Change::PartitionsAdded {
                topic: name.to_string(),
                before: count(old.partitions.len()),
                after: count(topic.partitions.len()),
            });
        }
        let config_names: BTreeSet<&str> =
            old.configs.iter().chain(&topic.configs).map(|config| config.name.as_str()).collect();
        for config in config_names {
            let (was, is) = (old.config(config), topic.config(config));
            if was != is {
                changes.push(Change::TopicConfigChanged {
                    topic: name.to_string(),
                    config: config.to_owned(),
                    before: was.map(str::to_owned),
                    after: is.map(str::to_owned),
                });
            }
        }
    }
    for name in before.keys().filter(|name| !after.contains_key(*name)) {
        changes.push(Change::TopicDeleted { topic: name.to_string() });
    }
}

fn diff_groups(
    before: &BTreeMap<&str, &ConsumerGroup>,
    after: &BTreeMap<&str, &ConsumerGroup>,
    lag_threshold: i64,
    changes: &mut Vec<Change>,
) {
    for (name, group) in after {
        let group_id = name.to_string();
        let (old_topics, old_lag) = match before.get(name) {
            None => {
                changes.push(Change::GroupAppeared { group: group_id.clone(), state: group.state.clone() });
                (Vec::new(), None)
            }
            Some(old) => {
                if old.state != group.state {
                    changes.push(Change::GroupStateChanged {
                        group: group_id.clone(),
                        before: old.state.clone(),
                        after: group.state.clone(),
                    });
                }
                (old.topics(), old.total_lag())
            }
        };
        let topics = group.topics();
        for topic in topics.iter().filter(|topic| !old_topics.contains(topic)) {
            changes.push(Change::GroupStartedReading { group: group_id.clone(), topic: topic.clone() });
        }
        for topic in old_topics.iter().filter(|topic| !topics.contains(topic)) {
            changes.push(Change::GroupStoppedReading { group: group_id.clone(), topic: topic.clone() });
        }
        let was_above = old_lag.is_some_and(|lag| lag > lag_threshold);
        if let Some(lag) = group.total_lag() {
            let is_above = lag > lag_threshold;
            if is_above != was_above {
                changes.push(Change::LagThresholdCrossed {
                    group: group_id.clone(),
                    lag,
                    threshold: lag_threshold,
                    above: is_above,
                });
            }
        }
    }
    for name in before.keys().filter(|name| !after.contains_key(*name)) {
        changes.push(Change::GroupDisappeared { group: name.to_string() });
    }
}

fn count(length: usize) -> i32 {
    i32::try_from(length).unwrap_or(i32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::{CommittedOffset, Partition, TopicConfig};

    fn topic(name: &str, partitions: i32, retention: &str) -> Topic {
        Topic {
            name: name.into(),
            internal: false,
            partitions: (0..partitions)
                .map(|id| Partition {
                    id,
                    leader: 1,
                    replicas: vec![1],
                    in_sync_replicas: vec![1],
                    high_watermark: None,
                })
                .collect(),
            configs: vec![TopicConfig {
                name: "retention.ms".into(),
                value: Some(retention.into()),
                source: "DynamicTopic".into(),
                sensitive: false,
            }],
        }
    }

    fn group(id: &str, state: &str, reads: &[(&str, i64)]) -> ConsumerGroup {
        ConsumerGroup {
            group_id: id.into(),
            state: state.into(),
            protocol_type: "consumer".into(),
            protocol: "range".into(),
            members: vec![],
            offsets: reads
                .iter()
                .map(|(topic, lag)| CommittedOffset {
                    topic: (*topic).into(),
                    partition: 0,
                    offset: 1,
                    lag: Some(*lag),
                })
                .collect(),
        }
    }

    fn snapshot(topics: Vec<Topic>, groups: Vec<ConsumerGroup>) -> ClusterSnapshot {
        ClusterSnapshot { topics, groups, ..Default::default() }
    }

    #[test]
    fn identical_snapshots_have_no_changes() {
        let same = snapshot(vec![topic("orders", 3, "1000")], vec![group("billing", "Stable", &[("orders", 5)])]);
        assert!(diff(&same, &same, 100).is_empty());
    }

    #[test]
    fn topic_changes_carry_before_and_after() {
        let before = snapshot(vec![topic("orders", 3, "1000"), topic("legacy", 1, "1000")], vec![]);
        let after = snapshot(vec![topic("orders", 6, "2000"), topic("refunds", 2, "1000")], vec![]);
        assert_eq!(
            diff(&before, &after, 100),
            vec![
                Change::PartitionsAdded { topic: "orders".into(), before: 3, after: 6 },
                Change::TopicConfigChanged {
                    topic: "orders".into(),
                    config: "retention.ms".into(),
                    before: Some("1000".into()),
                    after: Some("2000".into()),
                },
                Change::TopicCreated { topic: "refunds".into(), partitions: 2 },
                Change::TopicDeleted { topic: "legacy".into() },
            ]
        );
    }

    #[test]
    fn group_changes_include_what_it_reads_and_lag_crossings() {
        let before = snapshot(vec![], vec![group("billing", "Stable", &[("orders", 50)]), group("old", "Empty", &[])]);
        let after = snapshot(
            vec![],
            vec![
                group("billing", "PreparingRebalance", &[("payments", 500)]),
                group("audit", "Stable", &[("orders", 0)]),
            ],
        );
        assert_eq!(
            diff(&before, &after, 100),
            vec![
                Change::GroupAppeared { group: "audit".into(), state: "Stable".into() },
                Change::GroupStartedReading { group: "audit".into(), topic: "orders".into() },
                Change::GroupStateChanged {
                    group: "billing".into(),
                    before: "Stable".into(),
                    after: "PreparingRebalance".into()
                },
                Change::GroupStartedReading { group: "billing".into(), topic: "payments".into() },
                Change::GroupStoppedReading { group: "billing".into(), topic: "orders".into() },
                Change::LagThresholdCrossed { group: "billing".into(), lag: 500, threshold: 100, above: true },
                Change::GroupDisappeared { group: "old".into() },
            ]
        );
    }

    #[test]
    fn acl_grants_and_revocations_are_changes_once_both_reads_listed_them() {
        use model::{AclOperation, AclPermission, AclResource, PatternType, ResourceKind};
        let read = |principal: &str| AclBinding {
            resource: AclResource { kind: ResourceKind::Topic, name: "orders".into(), pattern: PatternType::Literal },
            principal: principal.into(),
            host: "*".into(),
            operation: AclOperation::Read,
            permission: AclPermission::Allow,
        };
        let with = |access: ClusterAcls| ClusterSnapshot { access, ..Default::default() };
        let before = with(ClusterAcls::Listed { bindings: vec![read("User:audit")] });
        let after = with(ClusterAcls::Listed { bindings: vec![read("User:billing")] });
        assert_eq!(
            diff(&before, &after, 100),
            vec![
                Change::AclGranted {
                    principal: "User:billing".into(),
                    acl: "ALLOW READ on topic orders from *".into()
                },
                Change::AclRevoked { principal: "User:audit".into(), acl: "ALLOW READ on topic orders from *".into() },
            ]
        );
        assert_eq!(diff(&with(ClusterAcls::NoneListed), &after, 100).len(), 1);
        assert!(diff(&with(ClusterAcls::NotRead), &after, 100).is_empty(), "a first read grants nothing new");
    }

    #[test]
    fn lag_falling_back_below_the_threshold_is_reported_once() {
        let high = snapshot(vec![], vec![group("billing", "Stable", &[("orders", 500)])]);
        let low = snapshot(vec![], vec![group("billing", "Stable", &[("orders", 5)])]);
        assert_eq!(
            diff(&high, &low, 100),
            vec![Change::LagThresholdCrossed { group: "billing".into(), lag: 5, threshold: 100, above: false }]
        );
        assert!(diff(&low, &low, 100).is_empty());
    }
}
