//! How long each topic's personal data can persist anywhere it flows: the topic itself,
//! every topic propagation carried it into (Kafka Streams changelogs named as the state
//! stores they back), and the sink connectors through which it leaves Kafka. Worked out
//! after [`super::propagate`], from the marks it left, so that the two agree on where
//! the data goes.

use std::collections::HashMap;

use model::{Lifespan, LifespanPlace, Persistence, PlaceKind};
use rustc_hash::FxHashMap;

use super::facts::TopicFacts;

/// A sink connector's node path (`connector:connect/archive`) → its `connector.class`.
pub type SinkClasses = HashMap<String, String>;

/// Kafka Streams names a state store's changelog `<application.id>-<store>-changelog`.
const CHANGELOG_SUFFIX: &str = "-changelog";

/// Gives each topic holding personal data of its own its [`Lifespan`].
pub fn add_lifespans(facts: &mut [TopicFacts], sinks: &SinkClasses) {
    // Origin → the topics its marks reached, with the application they came through.
    let mut reached: FxHashMap<(String, String), Vec<(usize, String)>> = FxHashMap::default();
    for (at, topic) in facts.iter().enumerate() {
        for mark in &topic.propagated {
            let key = (mark.origin_cluster.clone(), mark.origin_topic.clone());
            reached.entry(key).or_default().push((at, mark.through.clone()));
        }
    }
    let lifespans: Vec<(usize, Lifespan)> = facts
        .iter()
        .enumerate()
        .filter(|(_, topic)| !topic.categories.is_empty())
        .map(|(at, origin)| {
            let mut places = vec![topic_place(PlaceKind::Origin, origin, origin.topic.clone())];
            let mut sink_places = sink_places(origin, sinks);
            let downstream = reached.get(&(origin.cluster.clone(), origin.topic.clone()));
            for (next, through) in downstream.into_iter().flatten() {
                let topic = &facts[*next];
                places.push(match state_store(&topic.topic, through) {
                    Some((application, store)) => {
                        let mut place = topic_place(PlaceKind::StateStore, topic, String::new());
                        place.said = format!(
                            "the state store {store} of application {application} (its changelog: {})",
                            place.said
                        );
                        place.name = topic.topic.clone();
                        place
                    }
                    None => topic_place(PlaceKind::Topic, topic, topic.topic.clone()),
                });
                for sink in sink_places_of(topic, sinks) {
                    if !sink_places.contains(&sink) {
                        sink_places.push(sink);
                    }
                }
            }
            let in_kafka = places.iter().map(|place| place.longest_ms);
            let longest_in_kafka_ms =
                in_kafka.clone().all(|ms| ms.is_some()).then(|| in_kafka.flatten().max()).flatten();
            places.extend(sink_places);
            (at, Lifespan { longest_in_kafka_ms, places })
        })
        .collect();
    for (at, lifespan) in lifespans {
        facts[at].lifespan = Some(lifespan);
    }
}

/// A topic as a place: the longest one of its records can stay, its persistence in words.
fn topic_place(kind: PlaceKind, topic: &TopicFacts, name: String) -> LifespanPlace {
    let (longest_ms, said) = match &topic.persistence {
        Some(persistence) => (persistence.gone_by_ms(0), lasting(persistence)),
        None => (None, "not known".to_owned()),
    };
    LifespanPlace { kind, cluster: topic.cluster.clone(), name, longest_ms, said }
}

/// A topic's persistence in words, with what its segments add.
fn lasting(persistence: &Persistence) -> String {
    match persistence.gone_by_ms(0) {
        Some(ms) if ms != persistence.longest_ms.unwrap_or_default() => {
            format!("{}; up to {} with its segment", persistence.label, model::Retention::Millis(ms).label())
        }
        _ => persistence.label.clone(),
    }
}

/// The sink connectors reading `topic`.
fn sink_places(topic: &TopicFacts, sinks: &SinkClasses) -> Vec<LifespanPlace> {
    sink_places_of(topic, sinks).collect()
}

fn sink_places_of<'a>(topic: &'a TopicFacts, sinks: &'a SinkClasses) -> impl Iterator<Item = LifespanPlace> + 'a {
    topic.read_by.iter().filter_map(move |reading| {
        let (connect, name) = reading.through.strip_prefix("connector:")?.split_once('/')?;
        let said = match sinks.get(&reading.through) {
            Some(class) => format!("leaves Kafka for {} ({class})", system_of(class)),
            None => "leaves Kafka (its connector class is not known)".to_owned(),
        };
        Some(LifespanPlace {
            kind: PlaceKind::Sink,
            cluster: connect.to_owned(),
            name: name.to_owned(),
            longest_ms: None,
            said,
        })
    })
}

/// The system a sink connector writes to, from its class's simple name:
/// `io.confluent.connect.jdbc.JdbcSinkConnector` → `Jdbc`.
pub(super) fn system_of(class: &str) -> &str {
    let simple = class.rsplit('.').next().unwrap_or(class);
    let system = simple.strip_suffix("Connector").unwrap_or(simple);
    let system = system.strip_suffix("Sink").unwrap_or(system);
    if system.is_empty() {
        simple
    } else {
        system
    }
}

/// `(application, store)` when `topic` is a Kafka Streams changelog of the application
/// it came through (`group:<cluster>/<application.id>`).
pub(super) fn state_store<'a>(topic: &'a str, through: &'a str) -> Option<(&'a str, &'a str)> {
    let application = through.strip_prefix("group:")?.split_once('/')?.1;
    let store = topic.strip_prefix(application)?.strip_prefix('-')?.strip_suffix(CHANGELOG_SUFFIX)?;
    (!store.is_empty()).then_some((application, store))
}

#[cfg(test)]
#[path = "lifespan_tests.rs"]
mod tests;
