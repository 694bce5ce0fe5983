//! Tests of [`super::add_lifespans`]: downstream topics, state stores and sinks, after
//! propagation.

use std::collections::{BTreeSet, HashSet};

use model::PlaceKind;

use super::*;
use crate::compliance::facts::{Flow, Reading};
use crate::compliance::propagate;
use crate::test_support::persistence;

const DAY_MS: i64 = 86_400_000;

fn topic(name: &str, personal: bool, configs: &[(&str, &str)], flows: &[(&str, &str)]) -> TopicFacts {
    TopicFacts {
        cluster: "prod".into(),
        topic: name.into(),
        persistence: Some(persistence(configs)),
        categories: if personal { BTreeSet::from(["PII".to_owned()]) } else { BTreeSet::new() },
        flows_into: flows
            .iter()
            .map(|(through, to)| Flow {
                cluster: "prod".into(),
                topic: (*to).into(),
                through: (*through).into(),
                masked: false,
                read_evidence: Default::default(),
                write_evidence: Default::default(),
            })
            .collect(),
        ..TopicFacts::default()
    }
}

fn read_by_sink(topic: &mut TopicFacts, path: &str) {
    topic.read_by.push(Reading { through: path.into(), evidence: (vec![], 1.0) });
}

#[test]
fn the_longest_place_downstream_bounds_it_and_sinks_are_named() {
    let week = [("retention.ms", "604800000"), ("segment.ms", "86400000")];
    let month = [("retention.ms", "2592000000"), ("segment.ms", "86400000")];
    let mut facts = vec![
        topic("customers", true, &week, &[("group:prod/enricher", "orders.enriched")]),
        topic("orders.enriched", false, &month, &[]),
        topic("orders", false, &week, &[]),
    ];
    read_by_sink(&mut facts[1], "connector:connect/crm-sink");
    propagate(&mut facts, &HashSet::new());
    let sinks = SinkClasses::from([(
        "connector:connect/crm-sink".to_owned(),
        "io.confluent.connect.jdbc.JdbcSinkConnector".to_owned(),
    )]);
    add_lifespans(&mut facts, &sinks);
    let lifespan = facts[0].lifespan.as_ref().expect("an origin has one");
    assert_eq!(lifespan.longest_in_kafka_ms, Some(31 * DAY_MS), "30 days of retention + a day's segment");
    let kinds: Vec<(PlaceKind, &str)> = lifespan.places.iter().map(|place| (place.kind, place.name.as_str())).collect();
    assert_eq!(
        kinds,
        [(PlaceKind::Origin, "customers"), (PlaceKind::Topic, "orders.enriched"), (PlaceKind::Sink, "crm-sink")]
    );
    assert_eq!(
        lifespan.describe(),
        "up to 31 days in Kafka (longest in orders.enriched); leaves Kafka for Jdbc \
         (io.confluent.connect.jdbc.JdbcSinkConnector) through crm-sink"
    );
    assert!(facts[1].lifespan.is_none() && facts[2].lifespan.is_none(), "only origins have one");
}

#[test]
fn a_streams_changelog_is_a_state_store_that_keeps_it_until_deleted_by_key() {
    let mut facts = vec![
        topic(
            "customers",
            true,
            &[("retention.ms", "86400000")],
            &[("group:prod/enricher", "enricher-by-id-changelog")],
        ),
        topic("enricher-by-id-changelog", false, &[("cleanup.policy", "compact")], &[]),
    ];
    propagate(&mut facts, &HashSet::new());
    add_lifespans(&mut facts, &SinkClasses::new());
    let lifespan = facts[0].lifespan.as_ref().unwrap();
    assert_eq!(lifespan.longest_in_kafka_ms, None, "compacted: no time bounds it");
    let store = &lifespan.places[1];
    assert_eq!(store.kind, PlaceKind::StateStore);
    assert!(store.said.starts_with("the state store by-id of application enricher"), "{}", store.said);
    assert!(
        lifespan.describe().starts_with("without bound in Kafka: enricher-by-id-changelog"),
        "{}",
        lifespan.describe()
    );
}

#[test]
fn a_sink_of_unknown_class_still_says_the_data_leaves_kafka() {
    let mut facts = vec![topic("customers", true, &[], &[])];
    read_by_sink(&mut facts[0], "connector:connect/archive");
    add_lifespans(&mut facts, &SinkClasses::new());
    let lifespan = facts[0].lifespan.as_ref().unwrap();
    assert_eq!(lifespan.sinks().next().unwrap().said, "leaves Kafka (its connector class is not known)");
    assert_eq!(lifespan.longest_in_kafka_ms, Some(14 * DAY_MS), "the broker's defaults: 7 days and a 7-day segment");
}
