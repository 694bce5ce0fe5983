//! What the consumer groups are, and which topics they read and write, with the
//! evidence for each edge. Pure inference over a snapshot; labelled honestly, since no
//! Kafka API reveals what an application writes.

use serde::{Deserialize, Serialize};

use super::{ClusterSnapshot, ConsumerGroup};

/// What kind of application a consumer group belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ApplicationKind {
    /// A plain consumer group.
    Consumer,
    /// A Kafka Streams application: its group id is its `application.id`, and it owns
    /// `<application.id>-...-changelog` / `-repartition` topics.
    KafkaStreams,
    /// A Kafka Connect sink connector (`connect-<connector>` consumer group).
    ConnectSink { connector: String },
    /// The workers of a Kafka Connect cluster (protocol type `connect`).
    ConnectWorkers,
    /// A group used for something other than consuming (a schema registry's leader
    /// election, protocol type `sr`, say): its protocol type is neither `consumer` nor
    /// empty. It reads nothing, and draws no edge.
    Coordination { protocol_type: String },
}

/// The protocol type of consumer groups (classic protocol); an empty one is a group that
/// only commits offsets (no members joined).
const CONSUMER_PROTOCOL_TYPE: &str = "consumer";

/// The partition assignor Kafka Streams applications use (`StreamsPartitionAssignor`).
const STREAMS_ASSIGNOR: &str = "stream";

impl ApplicationKind {
    /// Recognises `group` among everything on its cluster.
    pub fn of(group: &ConsumerGroup, snapshot: &ClusterSnapshot) -> Self {
        match group.protocol_type.as_str() {
            "connect" => return ApplicationKind::ConnectWorkers,
            "" | CONSUMER_PROTOCOL_TYPE => {}
            other => return ApplicationKind::Coordination { protocol_type: other.to_owned() },
        }
        if let Some(connector) = group.group_id.strip_prefix(CONNECT_SINK_PREFIX).filter(|name| !name.is_empty()) {
            return ApplicationKind::ConnectSink { connector: connector.to_owned() };
        }
        // Kafka Streams assigns partitions with its own assignor, named `stream`; a
        // stateless application has no internal topics to recognise it by.
        if group.protocol == STREAMS_ASSIGNOR
            || topics_of_application(snapshot, &group.group_id)
                .any(|topic| streams_internal_topic_of(&topic.name, &group.group_id).is_some())
        {
            return ApplicationKind::KafkaStreams;
        }
        ApplicationKind::Consumer
    }

    pub fn label(&self) -> String {
        match self {
            ApplicationKind::Consumer => "consumer".into(),
            ApplicationKind::KafkaStreams => "Kafka Streams".into(),
            ApplicationKind::ConnectSink { connector } => format!("Connect sink {connector}"),
            ApplicationKind::ConnectWorkers => "Connect workers".into(),
            ApplicationKind::Coordination { protocol_type } => {
                format!("not a consumer (protocol type {protocol_type})")
            }
        }
    }
}

/// The topics named `<application_id>-...`, found by binary search in the name-sorted
/// topic list: estates have thousands of both groups and topics.
fn topics_of_application<'a>(
    snapshot: &'a ClusterSnapshot,
    application_id: &str,
) -> impl Iterator<Item = &'a super::Topic> {
    let prefix = format!("{application_id}-");
    let start = snapshot.topics.partition_point(|topic| topic.name.as_str() < prefix.as_str());
    snapshot.topics[start..].iter().take_while(move |topic| topic.name.starts_with(&prefix))
}

/// Kafka Connect names the consumer group of sink connector `x` `connect-x`.
const CONNECT_SINK_PREFIX: &str = "connect-";

/// The kind of internal topic `topic` is for Streams application `application_id`.
fn streams_internal_topic_of(topic: &str, application_id: &str) -> Option<StreamsTopic> {
    let rest = topic.strip_prefix(application_id)?.strip_prefix('-')?;
    if rest.ends_with("-changelog") {
        Some(StreamsTopic::Changelog)
    } else if rest.ends_with("-repartition") {
        Some(StreamsTopic::Repartition)
    } else {
        None
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum StreamsTopic {
    Changelog,
    Repartition,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Reads,
    Writes,
}

/// Why the catalog believes an edge exists, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// A member is assigned partitions of the topic right now.
    LiveAssignment,
    /// The group committed offsets on the topic (also true of idle groups while the
    /// broker retains their offsets).
    CommittedOffsets,
    /// The application's transactional producer wrote the topic: the brokers hold its
    /// producer id on the topic's partitions (DescribeProducers), and the coordinator
    /// names it `<application.id>-…` (ListTransactions), as Kafka Streams does.
    Transaction,
    /// Inferred from a naming convention (Kafka Streams internal topics): a guess.
    NamingConvention,
}

impl Evidence {
    /// Whether the cluster showed it (an assignment, offsets, a transaction), rather than
    /// a name suggesting it.
    pub fn is_observed(self) -> bool {
        self != Evidence::NamingConvention
    }
}

/// One application→topic edge as one read of the cluster shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ObservedEdge {
    pub group_id: String,
    pub topic: String,
    pub direction: Direction,
    /// Sorted, strongest first; never empty.
    pub evidence: Vec<Evidence>,
}

/// An edge with the times it was first and last seen (Unix milliseconds). Edges that a
/// later read no longer shows keep their last-seen time: the catalog remembers who read
/// a topic after they stopped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeenEdge {
    #[serde(flatten)]
    pub edge: ObservedEdge,
    pub first_seen_ms: i64,
    pub last_seen_ms: i64,
}

/// Folds the edges of a read at `at_ms` into `known`: new edges start, seen ones are
/// refreshed (with their current evidence), unseen ones keep their history.
pub fn merge_edges(known: &mut Vec<SeenEdge>, observed: Vec<ObservedEdge>, at_ms: i64) {
    let key = |edge: &ObservedEdge| (edge.group_id.clone(), edge.topic.clone(), edge.direction);
    let mut by_key: std::collections::BTreeMap<_, SeenEdge> =
        known.drain(..).map(|seen| (key(&seen.edge), seen)).collect();
    for edge in observed {
        by_key
            .entry(key(&edge))
            .and_modify(|seen| {
                seen.last_seen_ms = at_ms;
                seen.edge.evidence = edge.evidence.clone();
            })
            .or_insert(SeenEdge { edge, first_seen_ms: at_ms, last_seen_ms: at_ms });
    }
    known.extend(by_key.into_values());
}

/// The topics written by transactional ids `<application_id>-…`: a Kafka Streams
/// application's producers (`<application.id>-<process id>-<thread>` under
/// exactly-once v2, `<application.id>-<task id>` before it).
fn topics_written_in_transactions_of<'a>(
    snapshot: &'a ClusterSnapshot,
    application_id: &'a str,
) -> impl Iterator<Item = &'a str> {
    let prefix = format!("{application_id}-");
    let topics = match &snapshot.writers {
        super::WriterActivity::Read { topics } => topics.as_slice(),
        _ => &[],
    };
    topics
        .iter()
        .filter(move |writers| writers.transactional.iter().any(|writer| writer.transactional_id.starts_with(&prefix)))
        .map(|writers| writers.topic.as_str())
}

/// Every edge that `snapshot` shows, sorted by group, topic and direction.
pub fn observed_edges(snapshot: &ClusterSnapshot) -> Vec<ObservedEdge> {
    let mut edges: std::collections::BTreeMap<(String, String, Direction), Vec<Evidence>> = Default::default();
    let mut add = |group: &str, topic: &str, direction, evidence| {
        let found = edges.entry((group.to_owned(), topic.to_owned(), direction)).or_default();
        if !found.contains(&evidence) {
            found.push(evidence);
            found.sort();
        }
    };
    for group in &snapshot.groups {
        if matches!(ApplicationKind::of(group, snapshot), ApplicationKind::Coordination { .. }) {
            continue;
        }
        for offset in &group.offsets {
            add(&group.group_id, &offset.topic, Direction::Reads, Evidence::CommittedOffsets);
        }
        for assigned in group.members.iter().flat_map(|member| &member.assignment) {
            add(&group.group_id, &assigned.topic, Direction::Reads, Evidence::LiveAssignment);
        }
        if ApplicationKind::of(group, snapshot) == ApplicationKind::KafkaStreams {
            for topic in topics_written_in_transactions_of(snapshot, &group.group_id) {
                add(&group.group_id, topic, Direction::Writes, Evidence::Transaction);
            }
        }
        for topic in topics_of_application(snapshot, &group.group_id) {
            match streams_internal_topic_of(&topic.name, &group.group_id) {
                Some(StreamsTopic::Changelog) => {
                    add(&group.group_id, &topic.name, Direction::Writes, Evidence::NamingConvention)
                }
                Some(StreamsTopic::Repartition) => {
                    add(&group.group_id, &topic.name, Direction::Writes, Evidence::NamingConvention);
                    add(&group.group_id, &topic.name, Direction::Reads, Evidence::NamingConvention);
                }
                None => {}
            }
        }
    }
    edges
        .into_iter()
        .map(|((group_id, topic, direction), evidence)| ObservedEdge { group_id, topic, direction, evidence })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CommittedOffset, GroupMember, Topic, TopicPartitions};

    fn topic(name: &str) -> Topic {
        Topic { name: name.into(), internal: false, partitions: vec![], configs: vec![] }
    }

    fn group(id: &str, protocol_type: &str, committed: &[&str], assigned: &[&str]) -> ConsumerGroup {
        ConsumerGroup {
            group_id: id.into(),
            state: "Stable".into(),
            protocol_type: protocol_type.into(),
            protocol: String::new(),
            members: vec![GroupMember {
                member_id: "m".into(),
                client_id: "c".into(),
                client_host: "/h".into(),
                assignment: assigned
                    .iter()
                    .map(|t| TopicPartitions { topic: (*t).into(), partitions: vec![0] })
                    .collect(),
            }],
            offsets: committed
                .iter()
                .map(|t| CommittedOffset { topic: (*t).into(), partition: 0, offset: 1, lag: Some(0) })
                .collect(),
        }
    }

    fn estate() -> ClusterSnapshot {
        ClusterSnapshot {
            brokers: vec![],
            // Sorted by name, as the reader delivers them.
            topics: [
                "orders",
                "wordcount-KSTREAM-REPARTITION-0003-repartition",
                "wordcount-archive",
                "wordcount-counts-store-changelog",
            ]
            .map(topic)
            .to_vec(),
            groups: vec![
                group("wordcount", "consumer", &["orders"], &[]),
                group("connect-s3-sink", "consumer", &["orders"], &["orders"]),
                group("connect-cluster", "connect", &[], &[]),
                group("billing", "consumer", &[], &["orders"]),
            ],
            ..ClusterSnapshot::default()
        }
    }

    #[test]
    fn merging_keeps_first_seen_refreshes_last_seen_and_remembers_gone_edges() {
        let edge = |group: &str| ObservedEdge {
            group_id: group.into(),
            topic: "orders".into(),
            direction: Direction::Reads,
            evidence: vec![Evidence::CommittedOffsets],
        };
        let mut known = Vec::new();
        merge_edges(&mut known, vec![edge("billing"), edge("audit")], 100);
        merge_edges(&mut known, vec![edge("billing")], 200);
        let seen: Vec<(String, i64, i64)> =
            known.iter().map(|s| (s.edge.group_id.clone(), s.first_seen_ms, s.last_seen_ms)).collect();
        assert_eq!(seen, vec![("audit".into(), 100, 100), ("billing".into(), 100, 200)]);
    }

    #[test]
    fn recognises_streams_apps_connect_sinks_and_workers() {
        let estate = estate();
        let kinds: Vec<ApplicationKind> = estate.groups.iter().map(|g| ApplicationKind::of(g, &estate)).collect();
        assert_eq!(
            kinds,
            vec![
                ApplicationKind::KafkaStreams,
                ApplicationKind::ConnectSink { connector: "s3-sink".into() },
                ApplicationKind::ConnectWorkers,
                ApplicationKind::Consumer,
            ]
        );
    }

    /// A schema registry's election group (Karapace and Confluent use protocol type `sr`)
    /// is not a consumer and reads nothing, even with offsets or members listed.
    #[test]
    fn groups_of_other_protocol_types_are_not_consumers_and_draw_no_edge() {
        let mut estate = estate();
        estate.groups.push(group("schema-registry", "sr", &["_schemas"], &["_schemas"]));
        estate.groups.push(group("offsets-only", "", &["orders"], &[]));
        let kind = |id: &str| ApplicationKind::of(estate.groups.iter().find(|g| g.group_id == id).unwrap(), &estate);
        assert_eq!(kind("schema-registry"), ApplicationKind::Coordination { protocol_type: "sr".into() });
        assert_eq!(kind("schema-registry").label(), "not a consumer (protocol type sr)");
        assert_eq!(kind("offsets-only"), ApplicationKind::Consumer);
        let edges = observed_edges(&estate);
        assert!(edges.iter().all(|edge| edge.group_id != "schema-registry"), "{edges:?}");
        assert!(edges.iter().any(|edge| edge.group_id == "offsets-only"));
    }

    #[test]
    fn a_stateless_streams_app_is_recognised_by_its_assignor() {
        let mut estate = estate();
        let mut stateless = group("clicks-filter", "consumer", &["clicks"], &[]);
        stateless.protocol = "stream".into();
        estate.groups.push(stateless);
        let found = estate.groups.iter().find(|g| g.group_id == "clicks-filter").unwrap();
        assert_eq!(ApplicationKind::of(found, &estate), ApplicationKind::KafkaStreams);
    }

    #[test]
    fn edges_carry_all_their_evidence_and_inferred_ones_say_so() {
        let edges = observed_edges(&estate());
        let find = |group: &str, topic: &str, direction| {
            edges
                .iter()
                .find(|e| e.group_id == group && e.topic == topic && e.direction == direction)
                .map(|e| e.evidence.clone())
        };
        assert_eq!(
            find("connect-s3-sink", "orders", Direction::Reads),
            Some(vec![Evidence::LiveAssignment, Evidence::CommittedOffsets])
        );
        assert_eq!(find("billing", "orders", Direction::Reads), Some(vec![Evidence::LiveAssignment]));
        assert_eq!(
            find("wordcount", "wordcount-counts-store-changelog", Direction::Writes),
            Some(vec![Evidence::NamingConvention])
        );
        assert_eq!(
            find("wordcount", "wordcount-KSTREAM-REPARTITION-0003-repartition", Direction::Reads),
            Some(vec![Evidence::NamingConvention])
        );
        assert_eq!(find("wordcount", "wordcount-archive", Direction::Writes), None, "not an internal topic");
        assert_eq!(edges.len(), 6);
    }
}
