//! Who may read and write what: the "permitted to read / write" edges per principal
//! that a cluster's ACLs imply, each with whether it was seen in use, and a summary per
//! principal. Evaluated as Kafka's `AclAuthorizer` does: a DENY beats any ALLOW, `ALL`
//! covers every operation, `*` names every resource and `User:*` every principal.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::acls::{WILDCARD, WILDCARD_PRINCIPAL};
use super::{
    observed_edges, AclBinding, AclOperation, AclPermission, ClusterAcls, ClusterSnapshot, Direction, ResourceKind,
};

/// One principal's permission to read or write one topic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PermittedEdge {
    pub principal: String,
    pub topic: String,
    /// `Reads` for READ grants, `Writes` for WRITE grants.
    pub direction: Direction,
    pub usage: GrantUsage,
}

/// Whether a grant was seen in use. Consumers show through their groups; producers only
/// where a transactional id the principal may use was seen writing the topic (the
/// brokers' producer state names transactional ids, never principals).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "usage", rename_all = "snake_case")]
pub enum GrantUsage {
    /// Groups the principal may use were seen reading the topic.
    SeenInUse { groups: Vec<String> },
    /// No group the principal may use was seen reading the topic.
    NotSeenInUse,
    /// Transactional ids the principal may write with were seen writing the topic.
    WrittenBy { transactional_ids: Vec<String> },
    /// Not judged: no writer of the topic could be tied to the principal (producers
    /// without a transactional id are counted by the brokers, never named).
    NotObservable,
}

/// Every (principal, topic, read/write) that the ACLs permit, for the topics of
/// `snapshot`, with their usage. Empty when the ACLs were not listed.
pub fn permitted_edges(snapshot: &ClusterSnapshot) -> Vec<PermittedEdge> {
    let ClusterAcls::Listed { bindings } = &snapshot.access else { return Vec::new() };
    let mut principals: Vec<&str> = bindings
        .iter()
        .filter(|binding| binding.permission == AclPermission::Allow)
        .map(|binding| binding.principal.as_str())
        .collect();
    principals.sort_unstable();
    principals.dedup();
    // Estates have thousands of topics and groups: index the readers of each topic once.
    let mut readers: HashMap<&str, Vec<&str>> = HashMap::new();
    let observed = observed_edges(snapshot);
    // Only what was seen (an assignment, committed offsets) counts as use, never an edge
    // inferred from a naming convention alone.
    let seen = |edge: &&super::ObservedEdge| edge.evidence.iter().any(|evidence| evidence.is_observed());
    for edge in observed.iter().filter(|edge| edge.direction == Direction::Reads).filter(seen) {
        readers.entry(edge.topic.as_str()).or_default().push(edge.group_id.as_str());
    }

    let mut edges = Vec::new();
    for principal in principals {
        let own: Vec<AclBinding> = bindings
            .iter()
            .filter(|binding| binding.principal == principal || binding.principal == WILDCARD_PRINCIPAL)
            .cloned()
            .collect();
        let permitted = |kind, name: &str, operation| is_permitted(&own, principal, kind, name, operation);
        let usable_groups: HashSet<&str> = snapshot
            .groups
            .iter()
            .map(|group| group.group_id.as_str())
            .filter(|group| permitted(ResourceKind::Group, group, AclOperation::Read))
            .collect();
        for topic in &snapshot.topics {
            if permitted(ResourceKind::Topic, &topic.name, AclOperation::Read) {
                let groups: Vec<String> = readers
                    .get(topic.name.as_str())
                    .into_iter()
                    .flatten()
                    .filter(|group| usable_groups.contains(*group))
                    .map(|group| (*group).to_owned())
                    .collect();
                let usage = if groups.is_empty() { GrantUsage::NotSeenInUse } else { GrantUsage::SeenInUse { groups } };
                edges.push(PermittedEdge {
                    principal: principal.to_owned(),
                    topic: topic.name.clone(),
                    direction: Direction::Reads,
                    usage,
                });
            }
            if permitted(ResourceKind::Topic, &topic.name, AclOperation::Write) {
                let transactional_ids: Vec<String> = snapshot
                    .writers
                    .of(&topic.name)
                    .into_iter()
                    .flat_map(|writers| &writers.transactional)
                    .map(|writer| writer.transactional_id.as_str())
                    .filter(|id| permitted(ResourceKind::TransactionalId, id, AclOperation::Write))
                    .map(str::to_owned)
                    .collect();
                let usage = if transactional_ids.is_empty() {
                    GrantUsage::NotObservable
                } else {
                    GrantUsage::WrittenBy { transactional_ids }
                };
                edges.push(PermittedEdge {
                    principal: principal.to_owned(),
                    topic: topic.name.clone(),
                    direction: Direction::Writes,
                    usage,
                });
            }
        }
    }
    edges
}

/// One principal's permissions on one cluster, in numbers, for overviews.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PrincipalSummary {
    pub principal: String,
    /// Topics it may read, and how many of those it was seen reading.
    pub may_read: i32,
    pub seen_reading: i32,
    /// Topics it may write, and how many of those a transactional id it may use was
    /// seen writing (other producers cannot be tied to a principal).
    pub may_write: i32,
    #[serde(default)]
    pub seen_writing: i32,
    /// Topics it may read but was never seen reading, sorted; the grants to review.
    pub reads_not_seen: Vec<String>,
}

/// Every principal that the ACLs grant anything, with what it may read and write on
/// `snapshot`'s topics; sorted by principal. Empty when the ACLs were not listed.
pub fn principal_summaries(snapshot: &ClusterSnapshot) -> Vec<PrincipalSummary> {
    let ClusterAcls::Listed { bindings } = &snapshot.access else { return Vec::new() };
    let mut summaries: BTreeMap<&str, PrincipalSummary> = bindings
        .iter()
        .filter(|binding| binding.permission == AclPermission::Allow)
        .map(|binding| {
            let empty = PrincipalSummary {
                principal: binding.principal.clone(),
                may_read: 0,
                seen_reading: 0,
                may_write: 0,
                seen_writing: 0,
                reads_not_seen: Vec::new(),
            };
            (binding.principal.as_str(), empty)
        })
        .collect();
    for edge in permitted_edges(snapshot) {
        let Some(summary) = summaries.get_mut(edge.principal.as_str()) else { continue };
        match (edge.direction, edge.usage) {
            (Direction::Writes, GrantUsage::WrittenBy { .. }) => {
                summary.may_write += 1;
                summary.seen_writing += 1;
            }
            (Direction::Writes, _) => summary.may_write += 1,
            (Direction::Reads, GrantUsage::SeenInUse { .. }) => {
                summary.may_read += 1;
                summary.seen_reading += 1;
            }
            (Direction::Reads, _) => {
                summary.may_read += 1;
                summary.reads_not_seen.push(edge.topic);
            }
        }
    }
    // Topics come in name order, so each list is sorted already.
    summaries.into_values().collect()
}

/// Kafka's rule: some ALLOW applies and no DENY does. A DENY limited to one host only
/// denies from that host, so it does not take the permission away as a whole.
fn is_permitted(
    bindings: &[AclBinding],
    principal: &str,
    kind: ResourceKind,
    name: &str,
    operation: AclOperation,
) -> bool {
    let applying = || bindings.iter().filter(|binding| binding.applies(principal, kind, name, operation));
    let denied = applying().any(|binding| binding.permission == AclPermission::Deny && binding.host == WILDCARD);
    !denied && applying().any(|binding| binding.permission == AclPermission::Allow)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::acls::tests::{acl, deny};
    use crate::{observed_edges, CommittedOffset, ConsumerGroup, Topic};
    use crate::{AclOperation, PatternType, ResourceKind};

    fn estate(bindings: Vec<AclBinding>) -> ClusterSnapshot {
        let topic = |name: &str| Topic { name: name.into(), internal: false, partitions: vec![], configs: vec![] };
        ClusterSnapshot {
            topics: vec![topic("shop.orders"), topic("shop.payments"), topic("web.pageviews")],
            groups: vec![ConsumerGroup {
                group_id: "payment-service".into(),
                state: "Stable".into(),
                protocol_type: "consumer".into(),
                protocol: "range".into(),
                members: vec![],
                offsets: vec![CommittedOffset { topic: "shop.orders".into(), partition: 0, offset: 5, lag: None }],
            }],
            access: ClusterAcls::Listed { bindings },
            ..ClusterSnapshot::default()
        }
    }

    fn edges_of(snapshot: &ClusterSnapshot, principal: &str) -> Vec<(String, Direction, GrantUsage)> {
        permitted_edges(snapshot)
            .into_iter()
            .filter(|edge| edge.principal == principal)
            .map(|edge| (edge.topic, edge.direction, edge.usage))
            .collect()
    }

    #[test]
    fn a_read_grant_with_a_group_that_reads_the_topic_is_seen_in_use() {
        use {AclOperation::*, PatternType::*, ResourceKind::*};
        let snapshot = estate(vec![
            acl("User:payments", Topic, "shop.", Prefixed, Read),
            acl("User:payments", Group, "payment-service", Literal, Read),
            acl("User:payments", Topic, "shop.payments", Literal, Write),
        ]);
        assert_eq!(
            edges_of(&snapshot, "User:payments"),
            vec![
                (
                    "shop.orders".into(),
                    Direction::Reads,
                    GrantUsage::SeenInUse { groups: vec!["payment-service".into()] }
                ),
                ("shop.payments".into(), Direction::Reads, GrantUsage::NotSeenInUse),
                ("shop.payments".into(), Direction::Writes, GrantUsage::NotObservable),
            ]
        );
    }

    /// A Streams application's repartition topic is read by it by naming convention
    /// only (no assignment or offsets on it were seen): that is no sign the grant is used.
    #[test]
    fn an_edge_inferred_from_a_name_does_not_make_a_grant_seen_in_use() {
        use {AclOperation::*, PatternType::*, ResourceKind::*};
        let mut snapshot = estate(vec![
            acl("User:streams", Topic, "payment-service-", Prefixed, Read),
            acl("User:streams", Group, "payment-service", Literal, Read),
        ]);
        let repartition = "payment-service-KSTREAM-0001-repartition";
        let topic = crate::Topic { name: repartition.into(), internal: false, partitions: vec![], configs: vec![] };
        snapshot.topics.push(topic);
        snapshot.topics.sort_by(|a, b| a.name.cmp(&b.name));
        let inferred = observed_edges(&snapshot);
        assert!(inferred.iter().any(|edge| edge.topic == repartition && edge.direction == Direction::Reads));
        assert_eq!(
            edges_of(&snapshot, "User:streams"),
            vec![(repartition.into(), Direction::Reads, GrantUsage::NotSeenInUse)]
        );
        // Offsets committed on it are seen use.
        snapshot.groups[0].offsets.push(CommittedOffset {
            topic: repartition.into(),
            partition: 0,
            offset: 1,
            lag: None,
        });
        assert_eq!(
            edges_of(&snapshot, "User:streams"),
            vec![(
                repartition.into(),
                Direction::Reads,
                GrantUsage::SeenInUse { groups: vec!["payment-service".into()] }
            )]
        );
    }

    #[test]
    fn reading_through_a_group_the_principal_may_not_use_is_not_its_use() {
        use {AclOperation::*, PatternType::*, ResourceKind::*};
        let snapshot = estate(vec![acl("User:audit", Topic, "shop.orders", Literal, Read)]);
        assert_eq!(
            edges_of(&snapshot, "User:audit"),
            vec![("shop.orders".into(), Direction::Reads, GrantUsage::NotSeenInUse)]
        );
    }

    #[test]
    fn all_and_wildcards_cover_everything_and_a_deny_wins() {
        use {AclOperation::*, PatternType::*, ResourceKind::*};
        let snapshot = estate(vec![
            acl("User:admin", Topic, "*", Literal, All),
            deny(acl("User:admin", Topic, "web.", Prefixed, Write)),
            acl("User:*", Topic, "web.pageviews", Literal, Read),
        ]);
        let admin: Vec<_> = edges_of(&snapshot, "User:admin").into_iter().map(|(t, d, _)| (t, d)).collect();
        assert_eq!(
            admin,
            vec![
                ("shop.orders".into(), Direction::Reads),
                ("shop.orders".into(), Direction::Writes),
                ("shop.payments".into(), Direction::Reads),
                ("shop.payments".into(), Direction::Writes),
                ("web.pageviews".into(), Direction::Reads),
            ]
        );
        assert_eq!(edges_of(&snapshot, "User:*").len(), 1, "the wildcard principal is listed as itself");
    }

    #[test]
    fn principals_are_summarised_with_the_reads_never_seen() {
        use {AclOperation::*, PatternType::*, ResourceKind::*};
        let snapshot = estate(vec![
            acl("User:payments", Topic, "shop.", Prefixed, Read),
            acl("User:payments", Group, "payment-service", Literal, Read),
            acl("User:payments", Topic, "shop.payments", Literal, Write),
        ]);
        assert_eq!(
            principal_summaries(&snapshot),
            vec![PrincipalSummary {
                principal: "User:payments".into(),
                may_read: 2,
                seen_reading: 1,
                may_write: 1,
                seen_writing: 0,
                reads_not_seen: vec!["shop.payments".into()],
            }]
        );
    }

    #[test]
    fn a_deny_from_one_host_does_not_remove_the_permission() {
        use {AclOperation::*, PatternType::*, ResourceKind::*};
        let mut from_one_host = deny(acl("User:bob", Topic, "shop.orders", Literal, Read));
        from_one_host.host = "10.0.0.9".into();
        let snapshot = estate(vec![acl("User:bob", Topic, "shop.orders", Literal, Read), from_one_host]);
        assert_eq!(edges_of(&snapshot, "User:bob").len(), 1);
    }

    #[test]
    fn a_write_grant_is_seen_in_use_through_a_transactional_id_the_principal_may_use() {
        use crate::{TopicWriters, TransactionalWriter, WriterActivity};
        use {AclOperation::*, PatternType::*, ResourceKind::*};
        let mut snapshot = estate(vec![
            acl("User:enricher", Topic, "shop.", Prefixed, Write),
            acl("User:enricher", TransactionalId, "enricher-", Prefixed, Write),
            acl("User:other", Topic, "shop.orders", Literal, Write),
        ]);
        let writer = |id: &str| TransactionalWriter {
            transactional_id: id.into(),
            producer_id: 3,
            state: "CompleteCommit".into(),
            last_write_ms: Some(1),
            partitions: vec![0],
        };
        snapshot.writers = WriterActivity::Read {
            topics: vec![TopicWriters {
                topic: "shop.orders".into(),
                transactional: vec![writer("enricher-1"), writer("stranger-1")],
                other_producers: 2,
                other_last_write_ms: Some(1),
                other_last_writes_ms: vec![1, 1],
                refused: None,
            }],
        };
        let edges = edges_of(&snapshot, "User:enricher");
        assert!(edges.contains(&(
            "shop.orders".into(),
            Direction::Writes,
            GrantUsage::WrittenBy { transactional_ids: vec!["enricher-1".into()] }
        )));
        assert!(edges.contains(&("shop.payments".into(), Direction::Writes, GrantUsage::NotObservable)));
        // Without WRITE on a transactional id, a writer cannot be tied to the principal.
        assert_eq!(
            edges_of(&snapshot, "User:other"),
            [("shop.orders".into(), Direction::Writes, GrantUsage::NotObservable)]
        );
        let summary = principal_summaries(&snapshot);
        let enricher = summary.iter().find(|summary| summary.principal == "User:enricher").unwrap();
        assert_eq!((enricher.may_write, enricher.seen_writing), (2, 1));
    }

    #[test]
    fn without_listed_acls_there_are_no_permitted_edges() {
        let mut snapshot = estate(vec![]);
        snapshot.access = ClusterAcls::Unavailable { reason: "no authorizer".into() };
        assert!(permitted_edges(&snapshot).is_empty());
    }
}
