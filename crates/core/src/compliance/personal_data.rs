//! The Personal data page's view of the evaluated facts: the inventory of topics
//! holding personal data and the readers matrix (each reader × category: the topics it
//! reads that hold the category directly, and those it reaches from upstream).

use std::collections::{BTreeMap, BTreeSet};

use std::collections::{HashMap, VecDeque};

use model::{
    LineageEdge, LineageNode, LineageView, PersonalDataOverview, PersonalFieldView, PersonalReader, PersonalTopic,
    ReaderCell, ReaderRef, StoppedMark, UpstreamMark,
};

use super::facts::TopicFacts;

/// A matrix row's reader: (kind, name, cluster).
type ReaderKey = (String, String, String);
/// A matrix cell: the topics read that hold the category directly, and downstream.
type Reached = (BTreeSet<String>, BTreeSet<String>);

/// The inventory and the matrix of `facts` (times and marks are the caller's).
pub fn personal_data(facts: &[TopicFacts]) -> PersonalDataOverview {
    let mut topics = Vec::new();
    let mut categories = BTreeSet::new();
    let mut matrix: BTreeMap<ReaderKey, BTreeMap<String, Reached>> = BTreeMap::new();
    for topic in facts.iter().filter(|topic| topic.holds_personal_data()) {
        let held = topic.all_categories();
        categories.extend(held.iter().cloned());
        let upstream: BTreeSet<String> =
            topic.propagated.iter().flat_map(|mark| mark.categories.iter().cloned()).collect();
        let readers: Vec<ReaderRef> = [
            ("group", &topic.reading_groups),
            ("principal", &topic.reading_principals),
            ("connector", &topic.reading_connectors),
        ]
        .into_iter()
        .flat_map(|(kind, names)| names.iter().map(move |name| ReaderRef { kind: kind.to_owned(), name: name.clone() }))
        .collect();
        for reader in &readers {
            let row = matrix.entry((reader.kind.clone(), reader.name.clone(), topic.cluster.clone())).or_default();
            for category in &held {
                let cell = row.entry(category.clone()).or_default();
                if topic.categories.contains(category) {
                    cell.0.insert(topic.topic.clone());
                }
                if upstream.contains(category) {
                    cell.1.insert(topic.topic.clone());
                }
            }
        }
        topics.push(PersonalTopic {
            cluster: topic.cluster.clone(),
            topic: topic.topic.clone(),
            categories: held.into_iter().collect(),
            fields: personal_field_views(topic),
            upstream: upstream_marks(topic),
            stopped: topic
                .stopped
                .iter()
                .map(|stop| StoppedMark {
                    through: stop.through.clone(),
                    into_cluster: stop.into_cluster.clone(),
                    into_topic: stop.into_topic.clone(),
                })
                .collect(),
            readers,
            tagged: topic.hand_tags.clone(),
            lifespan: topic.lifespan.clone(),
        });
    }
    let categories: Vec<String> = categories.into_iter().collect();
    let readers = matrix
        .into_iter()
        .map(|((kind, name, cluster), row)| PersonalReader {
            kind,
            name,
            cluster,
            cells: categories
                .iter()
                .map(|category| {
                    let (direct, downstream) = row.get(category).cloned().unwrap_or_default();
                    ReaderCell {
                        category: category.clone(),
                        direct: direct.into_iter().collect(),
                        downstream: downstream.into_iter().collect(),
                    }
                })
                .collect(),
        })
        .collect();
    let flows = flows(facts);
    let flows_cut = flows.nodes.len() == MAX_FLOW_NODES;
    PersonalDataOverview { topics, categories, readers, flows, flows_cut, ..PersonalDataOverview::default() }
}

/// `topic`'s own personal fields (its latest schema's, then earlier versions' it may
/// still hold), as pages and the API show them.
pub fn personal_field_views(topic: &TopicFacts) -> Vec<PersonalFieldView> {
    topic
        .personal_fields
        .iter()
        .map(|field| PersonalFieldView {
            subject: field.subject.clone(),
            path: field.path.clone(),
            categories: field.categories.clone(),
            protected_by: field.protected_by.clone(),
            held: field.held.clone(),
        })
        .collect()
}

/// The personal data reaching `topic` from upstream, as pages and the API show it.
pub fn upstream_marks(topic: &TopicFacts) -> Vec<UpstreamMark> {
    topic
        .propagated
        .iter()
        .map(|mark| UpstreamMark {
            origin_cluster: mark.origin_cluster.clone(),
            origin_topic: mark.origin_topic.clone(),
            through: mark.through.clone(),
            categories: mark.categories.iter().cloned().collect(),
            fields: mark.fields.clone(),
        })
        .collect()
}

/// The most nodes the flows picture draws; a larger estate is cut, and says so.
pub const MAX_FLOW_NODES: usize = 300;

/// The picture of personal data's paths: each topic holding it of its own (first
/// column), the applications reading it (those that write nothing too: they are its
/// recipients), the topics they write that it reaches, and on, hop after hop; a flow
/// into a masking application is drawn up to the topic it writes, which then holds none
/// of it.
fn flows(facts: &[TopicFacts]) -> LineageView {
    let index: HashMap<(&str, &str), &TopicFacts> =
        facts.iter().map(|topic| ((topic.cluster.as_str(), topic.topic.as_str()), topic)).collect();
    let mut nodes: Vec<LineageNode> = Vec::new();
    let mut placed: HashMap<String, usize> = HashMap::new();
    let mut edges: Vec<LineageEdge> = Vec::new();
    let mut place = |nodes: &mut Vec<LineageNode>, id: String, kind: &str, depth: i32, tags: Vec<String>| -> bool {
        if placed.contains_key(&id) {
            return false;
        }
        if nodes.len() == MAX_FLOW_NODES {
            return false;
        }
        placed.insert(id.clone(), nodes.len());
        nodes.push(LineageNode { id, kind: kind.to_owned(), depth, tags, unknown: false });
        true
    };
    let topic_id = |topic: &TopicFacts| format!("{}/{}", topic.cluster, topic.topic);
    let mut pending: VecDeque<(&TopicFacts, i32)> = VecDeque::new();
    for origin in facts.iter().filter(|topic| !topic.categories.is_empty()) {
        if place(&mut nodes, topic_id(origin), "topic", 0, origin.all_categories().into_iter().collect()) {
            pending.push_back((origin, 0));
        }
    }
    let edge = |from: &str, to: &str, kind: &str, (evidence, confidence): &(Vec<String>, f32)| LineageEdge {
        from: from.to_owned(),
        to: to.to_owned(),
        kind: kind.to_owned(),
        evidence: evidence.clone(),
        confidence: *confidence,
        first_seen_ms: 0,
        last_seen_ms: 0,
    };
    while let Some((topic, depth)) = pending.pop_front() {
        let from = topic_id(topic);
        for flow in &topic.flows_into {
            let kind = flow.through.split_once(':').map_or("group", |(kind, _)| kind);
            place(&mut nodes, flow.through.clone(), kind, depth + 1, Vec::new());
            let into = format!("{}/{}", flow.cluster, flow.topic);
            let downstream = index.get(&(flow.cluster.as_str(), flow.topic.as_str())).copied();
            let tags: Vec<String> = downstream.map(|d| d.all_categories().into_iter().collect()).unwrap_or_default();
            let new = place(&mut nodes, into.clone(), "topic", depth + 2, tags);
            if !edges.iter().any(|known| known.from == from && known.to == flow.through) {
                edges.push(edge(&from, &flow.through, "reads", &flow.read_evidence));
            }
            if !edges.iter().any(|known| known.from == flow.through && known.to == into) {
                edges.push(edge(&flow.through, &into, "writes", &flow.write_evidence));
            }
            if let (true, false, Some(downstream)) = (new, flow.masked, downstream) {
                if downstream.holds_personal_data() {
                    pending.push_back((downstream, depth + 2));
                }
            }
        }
        for reading in &topic.read_by {
            let kind = reading.through.split_once(':').map_or("group", |(kind, _)| kind);
            place(&mut nodes, reading.through.clone(), kind, depth + 1, Vec::new());
            if !edges.iter().any(|known| known.from == from && known.to == reading.through) {
                edges.push(edge(&from, &reading.through, "reads", &reading.evidence));
            }
        }
    }
    edges.retain(|edge| placed.contains_key(&edge.from) && placed.contains_key(&edge.to));
    nodes.sort_by(|a, b| (a.depth, &a.id).cmp(&(b.depth, &b.id)));
    LineageView { node: String::new(), nodes, edges }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compliance::{PersonalField, Propagated};

    #[test]
    fn readers_see_what_they_read_directly_and_what_reached_it_from_upstream() {
        let customers = TopicFacts {
            cluster: "prod".into(),
            topic: "customers".into(),
            categories: BTreeSet::from(["PII".to_owned()]),
            personal_fields: vec![PersonalField {
                subject: "customers-value".into(),
                path: "email".into(),
                categories: vec!["PII".into()],
                protected_by: None,
                held: None,
            }],
            reading_groups: vec!["enricher".into(), "billing".into()],
            ..TopicFacts::default()
        };
        let enriched = TopicFacts {
            cluster: "prod".into(),
            topic: "enriched".into(),
            propagated: vec![Propagated {
                origin_cluster: "prod".into(),
                origin_topic: "customers".into(),
                through: "group:prod/enricher".into(),
                categories: BTreeSet::from(["PII".to_owned()]),
                fields: vec!["customers-value#email".into()],
            }],
            reading_connectors: vec!["s3-sink".into()],
            ..TopicFacts::default()
        };
        let clicks = TopicFacts { cluster: "prod".into(), topic: "clicks".into(), ..TopicFacts::default() };
        let overview = personal_data(&[customers, enriched, clicks]);
        let topics: Vec<&str> = overview.topics.iter().map(|topic| topic.topic.as_str()).collect();
        assert_eq!(topics, ["customers", "enriched"]);
        assert_eq!(overview.categories, ["PII"]);
        let rows: Vec<(&str, &str, &[String], &[String])> = overview
            .readers
            .iter()
            .map(|row| (row.kind.as_str(), row.name.as_str(), &row.cells[0].direct[..], &row.cells[0].downstream[..]))
            .collect();
        assert_eq!(
            rows,
            [
                ("connector", "s3-sink", &[][..], &["enriched".to_owned()][..]),
                ("group", "billing", &["customers".to_owned()][..], &[][..]),
                ("group", "enricher", &["customers".to_owned()][..], &[][..]),
            ]
        );
    }

    #[test]
    fn the_flows_picture_follows_personal_data_and_ends_at_a_masking_application() {
        use crate::compliance::Flow;
        let flow = |through: &str, to: &str, masked: bool| Flow {
            cluster: "prod".into(),
            topic: to.into(),
            through: through.into(),
            masked,
            read_evidence: (vec!["committed_offsets".into()], 1.0),
            write_evidence: (vec!["transaction".into()], 1.0),
        };
        let customers = TopicFacts {
            cluster: "prod".into(),
            topic: "customers".into(),
            categories: BTreeSet::from(["PII".to_owned()]),
            flows_into: vec![flow("group:prod/enricher", "enriched", false), flow("group:prod/hasher", "hashed", true)],
            ..TopicFacts::default()
        };
        let enriched = TopicFacts {
            cluster: "prod".into(),
            topic: "enriched".into(),
            propagated: vec![Propagated {
                origin_cluster: "prod".into(),
                origin_topic: "customers".into(),
                through: "group:prod/enricher".into(),
                categories: BTreeSet::from(["PII".to_owned()]),
                fields: vec![],
            }],
            ..TopicFacts::default()
        };
        let hashed = TopicFacts { cluster: "prod".into(), topic: "hashed".into(), ..TopicFacts::default() };
        // A reader that writes nothing is a recipient all the same: drawn, with its read.
        let mut customers = customers;
        customers.read_by = vec![crate::compliance::Reading {
            through: "group:prod/billing".into(),
            evidence: (vec!["committed_offsets".into()], 1.0),
        }];
        let picture = personal_data(&[customers, enriched, hashed]).flows;
        let nodes: Vec<(&str, i32, bool)> =
            picture.nodes.iter().map(|node| (node.id.as_str(), node.depth, node.carries_pii())).collect();
        assert_eq!(
            nodes,
            [
                ("prod/customers", 0, true),
                ("group:prod/billing", 1, false),
                ("group:prod/enricher", 1, false),
                ("group:prod/hasher", 1, false),
                ("prod/enriched", 2, true),
                ("prod/hashed", 2, false),
            ]
        );
        assert_eq!(picture.edges.len(), 5);
        assert!(picture.edges.iter().any(|edge| edge.from == "prod/customers" && edge.to == "group:prod/billing"));
        assert_eq!(picture.edges[1].evidence, ["transaction"], "the write's evidence is kept");
    }
}
