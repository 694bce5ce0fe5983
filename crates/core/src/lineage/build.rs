//! The graph's contents from the catalog: a cluster's observed group→topic edges and
//! ACL permissions, a schema source's subject→topic bindings and declared topics, and a
//! Connect cluster's connectors with the topics they write and read.
//! Each source replaces its own part of the graph, so a changed cluster or registry is
//! applied in place without touching the rest.

use model::{
    permitted_edges, ClusterState, ConnectCluster, ConnectorKind, Direction as FlowDirection, Evidence,
    RegistrySnapshot,
};

use super::graph::{EdgeEvidence, EdgeKind, LineageGraph};
use super::node_id::NodeId;

/// The catalog's evidence of an observed edge, as the graph names it.
fn evidence_of(evidence: Evidence) -> EdgeEvidence {
    match evidence {
        Evidence::LiveAssignment => EdgeEvidence::LiveAssignment,
        Evidence::CommittedOffsets => EdgeEvidence::CommittedOffsets,
        Evidence::NamingConvention => EdgeEvidence::NamingConvention,
        Evidence::Transaction => EdgeEvidence::Transaction,
    }
}

impl LineageGraph {
    /// Replaces everything known about cluster `alias` with what `state` says.
    pub fn apply_cluster(&mut self, alias: &str, state: &ClusterState) {
        for node in self.nodes_in_scope(alias) {
            self.remove_node(&node);
        }
        let topic = |name: &str| NodeId::Topic { cluster: alias.to_owned(), topic: name.to_owned() };
        let group = |name: &str| NodeId::Group { cluster: alias.to_owned(), group: name.to_owned() };
        if let Some(snapshot) = &state.snapshot {
            for listed in &snapshot.topics {
                self.upsert_node(topic(&listed.name));
            }
            for listed in &snapshot.groups {
                self.upsert_node(group(&listed.group_id));
            }
        }
        for seen in &state.edges {
            let edge = &seen.edge;
            for evidence in &edge.evidence {
                let evidence = evidence_of(*evidence);
                let (from, to, kind) = match edge.direction {
                    FlowDirection::Reads => (topic(&edge.topic), group(&edge.group_id), EdgeKind::Reads),
                    FlowDirection::Writes => (group(&edge.group_id), topic(&edge.topic), EdgeKind::Writes),
                };
                self.upsert_edge(from.clone(), to.clone(), kind, evidence, seen.first_seen_ms);
                self.upsert_edge(from, to, kind, evidence, seen.last_seen_ms);
            }
        }
        let Some(snapshot) = &state.snapshot else { return };
        let read_at = state.status.last_good_read_ms.unwrap_or_default();
        for permission in permitted_edges(snapshot) {
            let principal = NodeId::Principal { cluster: alias.to_owned(), principal: permission.principal.clone() };
            let (from, to) = match permission.direction {
                FlowDirection::Reads => (topic(&permission.topic), principal),
                FlowDirection::Writes => (principal, topic(&permission.topic)),
            };
            self.upsert_edge(from, to, EdgeKind::Permits, EdgeEvidence::Acl, read_at);
        }
    }

    /// Moves the seen times of cluster `alias`'s observed edges forward, in place.
    pub fn refresh_seen(&mut self, alias: &str, edges: &[model::SeenEdge]) {
        for seen in edges {
            let edge = &seen.edge;
            let topic = NodeId::Topic { cluster: alias.to_owned(), topic: edge.topic.clone() };
            let group = NodeId::Group { cluster: alias.to_owned(), group: edge.group_id.clone() };
            let (from, to, kind) = match edge.direction {
                FlowDirection::Reads => (topic, group, EdgeKind::Reads),
                FlowDirection::Writes => (group, topic, EdgeKind::Writes),
            };
            for evidence in &edge.evidence {
                self.upsert_edge(from.clone(), to.clone(), kind, evidence_of(*evidence), seen.last_seen_ms);
            }
        }
    }

    /// Replaces everything known about Connect cluster `connect`: its connectors, each
    /// source writing and each sink reading the topics Connect lists for it, on the
    /// Kafka cluster its configuration names (the first, when it names several).
    pub fn apply_connect(&mut self, connect: &ConnectCluster) {
        for node in self.nodes_in_scope(&connect.name) {
            self.remove_node(&node);
        }
        let Some(snapshot) = &connect.snapshot else { return };
        let seen_ms = connect.status.last_good_read_ms.unwrap_or_default();
        for connector in &snapshot.connectors {
            let node = NodeId::Connector { connect: connect.name.clone(), name: connector.name.clone() };
            self.upsert_node(node.clone());
            let Some(cluster) = connect.clusters.first() else { continue };
            for topic in connector.topics.iter().flatten() {
                let topic = NodeId::Topic { cluster: cluster.clone(), topic: topic.clone() };
                match connector.kind {
                    ConnectorKind::Source => {
                        self.upsert_edge(node.clone(), topic, EdgeKind::Writes, EdgeEvidence::ConnectRest, seen_ms)
                    }
                    ConnectorKind::Sink => {
                        self.upsert_edge(topic, node.clone(), EdgeKind::Reads, EdgeEvidence::ConnectRest, seen_ms)
                    }
                    ConnectorKind::Unknown => {}
                }
            }
        }
    }

    /// Replaces everything known about schema source `name`: each live subject's bound
    /// topics (in `clusters`, or every cluster in `known_clusters` when empty) and the
    /// topics its latest schema declares it may be published to.
    pub fn apply_schemas(
        &mut self,
        name: &str,
        snapshot: &RegistrySnapshot,
        clusters: &[String],
        known_clusters: &[String],
        at_ms: i64,
    ) {
        for node in self.nodes_in_scope(name) {
            self.remove_node(&node);
        }
        let serving = if clusters.is_empty() { known_clusters } else { clusters };
        for subject in snapshot.subjects.iter().filter(|subject| !subject.deleted()) {
            let id = NodeId::Subject { registry: name.to_owned(), subject: subject.name.clone() };
            self.upsert_node(id.clone());
            if let Some(Ok(tree)) = subject.latest().map(|latest| &latest.parsed) {
                self.set_tags(id.clone(), tree.tags());
                for field in tree.all_fields() {
                    let node = NodeId::Field {
                        registry: name.to_owned(),
                        subject: subject.name.clone(),
                        path: field.path.clone(),
                    };
                    self.upsert_edge(
                        node.clone(),
                        id.clone(),
                        EdgeKind::MemberOf,
                        EdgeEvidence::SchemaDefinition,
                        at_ms,
                    );
                    self.set_tags(node, field.tags.clone());
                }
            }
            for cluster in serving {
                for binding in &subject.topics {
                    let topic = NodeId::Topic { cluster: cluster.clone(), topic: binding.topic.clone() };
                    if self.contains(&topic) {
                        self.upsert_edge(id.clone(), topic, EdgeKind::HasSchema, EdgeEvidence::SubjectNaming, at_ms);
                    }
                }
                let declared =
                    subject.latest().and_then(|latest| latest.parsed.as_ref().ok()).map(|tree| &tree.declared_topics);
                for declared_topic in declared.into_iter().flatten() {
                    let topic = NodeId::Topic { cluster: cluster.clone(), topic: declared_topic.clone() };
                    self.upsert_edge(id.clone(), topic, EdgeKind::MayPublishTo, EdgeEvidence::SchemaOption, at_ms);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::NamingStrategy;
    use model::{
        ClusterSnapshot, ClusterStatus, ObservedEdge, SchemaFormat, SchemaRole, SeenEdge, Subject, SubjectVersion,
        Topic, TopicBinding,
    };

    fn state(topics: &[&str], reads: &[(&str, &str)]) -> ClusterState {
        ClusterState {
            status: ClusterStatus::new("prod", "kafka:9092"),
            snapshot: Some(ClusterSnapshot {
                topics: topics
                    .iter()
                    .map(|name| Topic { name: (*name).into(), internal: false, partitions: vec![], configs: vec![] })
                    .collect(),
                ..ClusterSnapshot::default()
            }),
            edges: reads
                .iter()
                .map(|(group, topic)| SeenEdge {
                    edge: ObservedEdge {
                        group_id: (*group).into(),
                        topic: (*topic).into(),
                        direction: FlowDirection::Reads,
                        evidence: vec![Evidence::CommittedOffsets],
                    },
                    first_seen_ms: 10,
                    last_seen_ms: 20,
                })
                .collect(),
        }
    }

    #[test]
    fn a_cluster_and_a_registry_fill_their_parts_and_replace_them_in_place() {
        let mut graph = LineageGraph::default();
        graph.apply_cluster("prod", &state(&["orders", "payments"], &[("billing", "orders")]));
        let subject = Subject {
            name: "orders-value".into(),
            compatibility: None,
            topics: vec![TopicBinding {
                topic: "orders".into(),
                role: SchemaRole::Value,
                strategy: NamingStrategy::TopicName,
            }],
            versions: vec![SubjectVersion {
                version: 1,
                id: 1,
                format: SchemaFormat::Avro,
                deleted: false,
                schema: String::new(),
                references: vec![],
                properties: Default::default(),
                rules: Vec::new(),
                parsed: Err("not needed".into()),
            }],
        };
        let snapshot = RegistrySnapshot { global_compatibility: None, subjects: vec![subject] };
        graph.apply_schemas("main", &snapshot, &[], &["prod".to_owned()], 30);
        assert_eq!((graph.node_count(), graph.edge_count()), (4, 2));
        let (_, _, read) = graph.all_edges().find(|(_, _, edge)| edge.kind == EdgeKind::Reads).unwrap();
        assert_eq!((read.first_seen_ms, read.last_seen_ms), (10, 20));

        // The group stopped existing and payments went away: only the new state stays.
        graph.apply_cluster("prod", &state(&["orders"], &[]));
        graph.apply_schemas("main", &snapshot, &[], &["prod".to_owned()], 40);
        assert_eq!((graph.node_count(), graph.edge_count()), (2, 1));
    }
}
