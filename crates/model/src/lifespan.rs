//! How long one topic's personal data can persist anywhere it flows: the topic itself,
//! the topics it reaches through applications (Kafka Streams changelogs, which back
//! state stores, among them) and the sink connectors through which it leaves Kafka.
//! Copied downstream, personal data can outlive its source; this is the storage limit
//! (GDPR Art. 5(1)(e)) as the estate applies it, not as the source topic's configs say.

use serde::{Deserialize, Serialize};

/// What kind of place holds the data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    /// The topic whose own fields hold it.
    Origin,
    /// A topic it reaches through an application.
    Topic,
    /// A Kafka Streams application's changelog: the topic behind one of its state stores
    /// (the store itself, on the application's disks, holds what the changelog holds).
    StateStore,
    /// A sink connector reading it: the data leaves Kafka, for a system whose storage
    /// limits Tributary cannot see.
    Sink,
}

/// One place the data is kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LifespanPlace {
    pub kind: PlaceKind,
    /// The topic's cluster, or the Connect cluster of a sink.
    pub cluster: String,
    /// The topic, or the sink connector.
    pub name: String,
    /// The longest a record can stay there once written, ms; `null` when nothing bounds
    /// it (compacted, kept forever, or outside Kafka).
    pub longest_ms: Option<i64>,
    /// In words: the topic's persistence, "the state store `counts` of application
    /// `enricher`", or "leaves Kafka for JDBC (io.confluent…JdbcSinkConnector)".
    pub said: String,
}

/// How long one origin's personal data can persist anywhere it flows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Lifespan {
    /// The longest anywhere in Kafka, ms; `null` when a place keeps it without bound.
    pub longest_in_kafka_ms: Option<i64>,
    /// The places, the origin first, then downstream topics, then sinks.
    pub places: Vec<LifespanPlace>,
}

impl Lifespan {
    /// Where it stays longest in Kafka: the first unbounded place, else the longest.
    pub fn longest_place(&self) -> Option<&LifespanPlace> {
        let in_kafka = self.places.iter().filter(|place| place.kind != PlaceKind::Sink);
        in_kafka.max_by_key(|place| place.longest_ms.map_or((1, 0), |ms| (0, ms)))
    }

    /// The sinks through which it leaves Kafka.
    pub fn sinks(&self) -> impl Iterator<Item = &LifespanPlace> {
        self.places.iter().filter(|place| place.kind == PlaceKind::Sink)
    }

    /// In words: "up to 14 days in Kafka (longest in orders.enriched); leaves Kafka for
    /// JDBC through crm-sink".
    pub fn describe(&self) -> String {
        let mut said = match (self.longest_in_kafka_ms, self.longest_place()) {
            (Some(ms), Some(place)) => {
                format!("up to {} in Kafka (longest in {})", super::Retention::Millis(ms).label(), place.name)
            }
            (None, Some(place)) => format!("without bound in Kafka: {} ({})", place.name, place.said),
            (_, None) => "nowhere in Kafka".to_owned(),
        };
        for sink in self.sinks() {
            said.push_str(&format!("; {} through {}", sink.said, sink.name));
        }
        said
    }
}
