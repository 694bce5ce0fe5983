//! Tests of [`super`] (drift.rs).

use super::*;
use crate::estate::acl_words::allow;
use crate::estate::desired::DesiredTopic;
use model::{CommittedOffset, ConsumerGroup, Partition, SourceLocation, Topic, TopicConfig};

fn at(line: usize) -> SourceLocation {
    SourceLocation { file: "state.yaml".into(), line, address: None }
}

fn topic(name: &str, partitions: usize, configs: &[(&str, &str, &str)]) -> Topic {
    Topic {
        name: name.into(),
        internal: false,
        partitions: (0..partitions as i32)
            .map(|id| Partition {
                id,
                leader: 1,
                replicas: vec![1],
                in_sync_replicas: vec![1],
                high_watermark: Some(5),
            })
            .collect(),
        configs: configs
            .iter()
            .map(|(name, value, source)| TopicConfig {
                name: (*name).into(),
                value: Some((*value).into()),
                source: (*source).into(),
                sensitive: false,
            })
            .collect(),
    }
}

fn read(principal: &str, topic: &str) -> AclBinding {
    allow(principal, ResourceKind::Topic, topic, PatternType::Literal, AclOperation::Read)
}

fn group_read(principal: &str, group: &str) -> AclBinding {
    allow(principal, ResourceKind::Group, group, PatternType::Literal, AclOperation::Read)
}

fn estate() -> DesiredEstate {
    DesiredEstate {
        topics: vec![
            DesiredTopic {
                name: "orders".into(),
                partitions: Some(6),
                replication: Some(1),
                configs: vec![("retention.ms".into(), "604800000".into())],
                at: at(3),
            },
            DesiredTopic { name: "refunds".into(), partitions: None, replication: None, configs: vec![], at: at(9) },
        ],
        grants: vec![
            DesiredGrant { binding: read("User:billing", "orders"), required: true, service: None, at: at(12) },
            DesiredGrant { binding: group_read("User:billing", "billing"), required: true, service: None, at: at(12) },
            DesiredGrant { binding: read("User:audit", "orders"), required: true, service: None, at: at(15) },
        ],
        ..Default::default()
    }
}

fn cluster() -> ClusterSnapshot {
    ClusterSnapshot {
        topics: vec![
            topic(
                "orders",
                3,
                &[
                    ("retention.ms", "86400000", "DynamicTopic"),
                    ("segment.bytes", "1024", "DynamicTopic"),
                    ("cleanup.policy", "delete", "Default"),
                ],
            ),
            topic("scratch", 1, &[]),
        ],
        groups: vec![ConsumerGroup {
            group_id: "shadow".into(),
            state: "Empty".into(),
            protocol_type: "consumer".into(),
            protocol: String::new(),
            members: vec![],
            offsets: vec![CommittedOffset { topic: "orders".into(), partition: 0, offset: 3, lag: Some(2) }],
        }],
        access: ClusterAcls::Listed {
            bindings: vec![
                read("User:billing", "orders"),
                group_read("User:billing", "billing"),
                read("User:shadow", "orders"),
                group_read("User:shadow", "shadow"),
            ],
        },
        ..Default::default()
    }
}

fn kinds(drift: &Drift) -> Vec<(DriftKind, String, String)> {
    drift
        .findings
        .iter()
        .map(|finding| {
            (finding.kind, finding.topic.clone().unwrap_or_default(), finding.principal.clone().unwrap_or_default())
        })
        .collect()
}

#[test]
fn every_kind_of_drift_is_found_with_its_evidence() {
    let drift = drift(&estate(), Some(&cluster()), &DriftScope::default(), &PersonalTopics::new());
    let found = kinds(&drift);
    use DriftKind::*;
    let expected: Vec<(DriftKind, &str, &str)> = vec![
        (TopicMissing, "refunds", ""),
        (TopicUndeclared, "scratch", ""),
        (PartitionsDiffer, "orders", ""),
        (ConfigDiffers, "orders", ""),
        (ConfigUndeclared, "orders", ""),
        (AclMissing, "orders", "User:audit"),
        (AclUndeclared, "", "User:shadow"),
        (AclUndeclared, "orders", "User:shadow"),
        (ReaderUndeclared, "orders", "User:shadow"),
        (GrantUnused, "orders", "User:billing"),
    ];
    let expected: Vec<(DriftKind, String, String)> =
        expected.into_iter().map(|(kind, topic, principal)| (kind, topic.to_owned(), principal.to_owned())).collect();
    assert_eq!(found, expected, "{:#?}", drift.findings);
    let differs = drift.findings.iter().find(|finding| finding.kind == ConfigDiffers).unwrap();
    assert_eq!((differs.declared.as_deref(), differs.live.as_deref()), (Some("604800000"), Some("86400000")));
    assert_eq!(differs.at.as_ref().unwrap().label(), "state.yaml:3");
    let reader = drift.findings.iter().find(|finding| finding.kind == ReaderUndeclared).unwrap();
    assert_eq!(reader.live.as_deref(), Some("reads through shadow"));
}

#[test]
fn a_cluster_that_matches_its_code_has_no_drift() {
    let mut live = cluster();
    live.topics = vec![topic("orders", 6, &[("retention.ms", "604800000", "DynamicTopic")]), topic("refunds", 1, &[])];
    live.access = ClusterAcls::Listed {
        bindings: vec![
            read("User:billing", "orders"),
            group_read("User:billing", "billing"),
            read("User:audit", "orders"),
        ],
    };
    live.groups[0].group_id = "billing".into();
    let drift = drift(&estate(), Some(&live), &DriftScope::default(), &PersonalTopics::new());
    // User:audit's grant is unused (no group of its own): the only finding.
    assert_eq!(kinds(&drift), [(DriftKind::GrantUnused, "orders".into(), "User:audit".into())]);
}

#[test]
fn what_cannot_be_judged_is_said_not_hidden() {
    let mut live = cluster();
    live.access = ClusterAcls::NoneListed;
    let drift_without_acls = drift(&estate(), Some(&live), &DriftScope::default(), &PersonalTopics::new());
    assert!(drift_without_acls.not_judged.iter().any(|line| line.starts_with("ACLs are not compared")));
    assert!(!drift_without_acls.findings.iter().any(|finding| finding.kind == DriftKind::AclMissing));

    let incomplete = DriftScope { files_incomplete: true, ..Default::default() };
    let partial = drift(&estate(), Some(&cluster()), &incomplete, &PersonalTopics::new());
    assert!(!partial.findings.iter().any(|f| matches!(f.kind, DriftKind::TopicUndeclared | DriftKind::AclUndeclared)));
    assert!(partial.findings.iter().any(|finding| finding.kind == DriftKind::TopicMissing));

    assert!(
        drift(&estate(), None, &DriftScope::default(), &PersonalTopics::new()).not_judged[0].contains("not been read")
    );
}

#[test]
fn prefixed_and_wildcard_grants_reaching_personal_data_are_named() {
    let mut live = cluster();
    let ClusterAcls::Listed { bindings } = &mut live.access else { unreachable!() };
    bindings.push(allow("User:analytics", ResourceKind::Topic, "ord", PatternType::Prefixed, AclOperation::Read));
    bindings.push(allow("User:*", ResourceKind::Topic, "scratch", PatternType::Literal, AclOperation::Read));
    let personal = PersonalTopics::from([("orders".to_owned(), vec!["PII".to_owned()])]);
    let found = drift(&estate(), Some(&live), &DriftScope::default(), &personal);
    let broad: Vec<(&str, &str)> = found
        .findings
        .iter()
        .filter(|finding| finding.kind == DriftKind::BroadGrant)
        .map(|finding| (finding.principal.as_deref().unwrap(), finding.live.as_deref().unwrap()))
        .collect();
    assert_eq!(broad, [("User:analytics", "ALLOW READ on topic ord (prefixed) from * reaches PII")]);
}

#[test]
fn a_transactional_writer_of_an_undeclared_principal_is_named() {
    use model::{TopicWriters, TransactionalWriter, WriterActivity};
    let mut live = cluster();
    let ClusterAcls::Listed { bindings } = &mut live.access else { unreachable!() };
    bindings.push(allow("User:ghost", ResourceKind::Topic, "orders", PatternType::Literal, AclOperation::Write));
    bindings.push(allow(
        "User:ghost",
        ResourceKind::TransactionalId,
        "ghost-tx",
        PatternType::Literal,
        AclOperation::Write,
    ));
    live.writers = WriterActivity::Read {
        topics: vec![TopicWriters {
            topic: "orders".into(),
            transactional: vec![TransactionalWriter {
                transactional_id: "ghost-tx".into(),
                producer_id: 7,
                state: "CompleteCommit".into(),
                last_write_ms: Some(1),
                partitions: vec![0],
            }],
            other_producers: 0,
            other_last_write_ms: None,
            other_last_writes_ms: vec![],
            refused: None,
        }],
    };
    let found = drift(&estate(), Some(&live), &DriftScope::default(), &PersonalTopics::new());
    let writer = found.findings.iter().find(|finding| finding.kind == DriftKind::WriterUndeclared).expect("named");
    assert_eq!(writer.principal.as_deref(), Some("User:ghost"));
    assert_eq!(writer.live.as_deref(), Some("writes with transactional id ghost-tx"));
}

#[test]
fn ignored_principals_and_prefixes_are_left_alone() {
    let scope = DriftScope {
        ignore_principals: vec!["User:shadow".into()],
        ignore_topic_prefixes: vec!["scr".into()],
        files_incomplete: false,
    };
    let found = kinds(&drift(&estate(), Some(&cluster()), &scope, &PersonalTopics::new()));
    assert!(!found.iter().any(|(_, topic, principal)| principal == "User:shadow" || topic == "scratch"), "{found:?}");
}
