//! The Personal data page's view of the evaluated facts: the inventory of topics
//! holding personal data and the readers matrix (each reader × category: the topics it
//! reads that hold the category directly, and those it reaches from upstream).

use std::collections::{BTreeMap, BTreeSet};

use app::model::{
    PersonalDataOverview, PersonalFieldView, PersonalReader, PersonalTopic, ReaderCell, ReaderRef, StoppedMark,
    UpstreamMark,
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
            fields: topic
                .personal_fields
                .iter()
                .map(|field| PersonalFieldView {
                    subject: field.subject.clone(),
                    path: field.path.clone(),
                    categories: field.categories.clone(),
                    protected_by: field.protected_by.clone(),
                })
                .collect(),
            upstream: topic
                .propagated
                .iter()
                .map(|mark| UpstreamMark {
                    origin_cluster: mark.origin_cluster.clone(),
                    origin_topic: mark.origin_topic.clone(),
                    through: mark.through.clone(),
                    categories: mark.categories.iter().cloned().collect(),
                    fields: mark.fields.clone(),
                })
                .collect(),
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
    PersonalDataOverview { topics, categories, readers, ..PersonalDataOverview::default() }
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
}
