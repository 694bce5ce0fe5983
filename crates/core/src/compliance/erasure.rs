//! The plan to erase one person's data: every topic a profile covers that holds personal
//! data, how the person is found there (the record key, a field, or not at all), what
//! erasing takes given how Kafka keeps that topic's records, and by when they clear
//! without action; Kafka Streams state stores and sink connectors as places of their own.
//! Pure: the service adds the evidence read from the records.

use model::{Cleanup, ErasureAction, ErasureEvidence, ErasureStep, Retention};

use super::entity::{Entity, IdentifiedBy};
use super::evaluate::in_scope;
use super::facts::TopicFacts;
use super::lifespan::{state_store, system_of, SinkClasses};
use super::profile::Profile;

/// Said of every step until the service reads the records.
pub const NOT_READ_YET: &str = "records not read";
/// A step's `identified_by` where the record key names the person: the only steps whose
/// records are read for evidence.
pub const BY_RECORD_KEY: &str = "record key";

/// The steps for `entity` of `profile` over `facts`, as of `now_ms`. `paths` gives the
/// value field paths of a topic (cluster, topic): every version's, since earlier
/// versions' records may still be there.
pub fn erasure_steps(
    profile: &Profile,
    entity: &Entity,
    facts: &[TopicFacts],
    paths: &dyn Fn(&str, &str) -> Vec<String>,
    sinks: &SinkClasses,
    now_ms: i64,
) -> Vec<ErasureStep> {
    let mut steps = Vec::new();
    let mut outside: Vec<ErasureStep> = Vec::new();
    for topic in facts.iter().filter(|topic| topic.holds_personal_data() && in_scope(&profile.scope, topic)) {
        let identified = entity.identifies(&topic.topic, &paths(&topic.cluster, &topic.topic));
        let store = topic.propagated.iter().find_map(|mark| state_store(&topic.topic, &mark.through));
        let identified_by = match (&identified, topic.propagated.first()) {
            (Some(IdentifiedBy::Key), _) => BY_RECORD_KEY.to_owned(),
            (Some(IdentifiedBy::Field(path)), _) => format!("field {path}"),
            (None, Some(mark)) => {
                format!("not named in it; reached from {}, through {}", mark.origin_topic, mark.through)
            }
            (None, None) => format!("neither its key nor a field is known to name a {}", entity.name),
        };
        let (action, clears_by_ms, said) = match store {
            Some((application, store)) => (
                ErasureAction::StateStore,
                None,
                format!(
                    "the state store {store} of application {application} (this changelog): it forgets the {} when \
                     a tombstone for the key reaches the application through its input, or when the application is reset",
                    entity.name
                ),
            ),
            None => plan(topic, identified.as_ref(), now_ms),
        };
        steps.push(ErasureStep {
            cluster: topic.cluster.clone(),
            name: topic.topic.clone(),
            identified_by,
            action,
            clears_by_ms,
            said,
            evidence: ErasureEvidence::NotRead { reason: NOT_READ_YET.to_owned() },
        });
        for reading in &topic.read_by {
            let Some((connect, name)) =
                reading.through.strip_prefix("connector:").and_then(|path| path.split_once('/'))
            else {
                continue;
            };
            if outside.iter().any(|step| step.cluster == connect && step.name == name) {
                continue;
            }
            let system = sinks.get(&reading.through).map(|class| system_of(class).to_owned());
            outside.push(ErasureStep {
                cluster: connect.to_owned(),
                name: name.to_owned(),
                identified_by: format!("reads {}", topic.topic),
                action: ErasureAction::OutsideKafka,
                clears_by_ms: None,
                said: match system {
                    Some(system) => format!("the data left Kafka for {system} through this sink: erase it there"),
                    None => "the data left Kafka through this sink (its class is not known): erase it there".to_owned(),
                },
                evidence: ErasureEvidence::NotRead { reason: "outside Kafka".to_owned() },
            });
        }
    }
    steps.extend(outside);
    steps
}

/// What a topic's retention makes of erasing, given how the person is found in it.
fn plan(topic: &TopicFacts, identified: Option<&IdentifiedBy>, now_ms: i64) -> (ErasureAction, Option<i64>, String) {
    let Some(persistence) = &topic.persistence else {
        return (ErasureAction::Review, None, "how long it keeps records is not known".to_owned());
    };
    // A record about the person written now is gone by then, if nothing newer is.
    let clears_by = persistence.gone_by_ms(now_ms);
    let by_date = |at_ms: i64| model::freshness::utc_label(at_ms);
    match (persistence.cleanup, identified, clears_by) {
        (Cleanup::Compact | Cleanup::CompactDelete, Some(IdentifiedBy::Key), _) => (
            ErasureAction::Tombstone,
            clears_by,
            format!(
                "compacted: produce a tombstone (a null value) for the key; compaction then removes its earlier \
                 records, and the tombstone goes {} after compaction{}",
                Retention::Millis(persistence.tombstones_ms.unwrap_or_default()).label(),
                clears_by.map(|at| format!("; without one, its records clear by {}", by_date(at))).unwrap_or_default()
            ),
        ),
        (Cleanup::Compact | Cleanup::CompactDelete, Some(IdentifiedBy::Field(path)), _) => (
            ErasureAction::TombstoneEachKey,
            clears_by,
            format!("compacted and keyed otherwise: tombstone the key of each record whose {path} names the person"),
        ),
        (_, _, Some(at)) => (
            ErasureAction::WaitsForRetention,
            Some(at),
            format!(
                "deleted by age: its records clear by {} if nothing newer about the person is written",
                by_date(at)
            ),
        ),
        (Cleanup::Delete, Some(_), None) => (
            ErasureAction::DeleteRecords,
            None,
            "kept forever (retention.ms = -1): delete the records up to the person's last one (DeleteRecords), or \
             shorten retention"
                .to_owned(),
        ),
        (_, _, None) => (
            ErasureAction::Review,
            None,
            format!(
                "kept until deleted ({}), and nothing known names the person in it: search it by hand",
                persistence.label
            ),
        ),
    }
}

/// Whether a record's serialized key is `wanted`: as its UTF-8 bytes (a string
/// serializer), as a JSON string, or in Confluent's wire format (magic byte 0, a
/// four-byte schema id) as an Avro string (a zig-zag varint length, then the bytes).
pub fn key_matches(record_key: &[u8], wanted: &str) -> bool {
    if record_key == wanted.as_bytes() {
        return true;
    }
    if record_key.len() == wanted.len() + 2 && record_key.first() == Some(&b'"') && record_key.last() == Some(&b'"') {
        return &record_key[1..record_key.len() - 1] == wanted.as_bytes();
    }
    match record_key {
        [0, _, _, _, _, datum @ ..] => avro_string(datum) == Some(wanted.as_bytes()),
        _ => false,
    }
}

/// The bytes of an Avro string datum that is the whole of `datum`.
fn avro_string(datum: &[u8]) -> Option<&[u8]> {
    // A long in at most 10 bytes of 7 bits each.
    const MAX_VARINT_BYTES: usize = 10;
    let mut raw: u64 = 0;
    for (at, byte) in datum.iter().take(MAX_VARINT_BYTES).enumerate() {
        raw |= u64::from(byte & 0x7f) << (7 * at);
        if byte & 0x80 == 0 {
            let length = (raw >> 1) as i64 ^ -((raw & 1) as i64);
            let rest = &datum[at + 1..];
            return (usize::try_from(length).ok()? == rest.len()).then_some(rest);
        }
    }
    None
}

#[cfg(test)]
#[path = "erasure_tests.rs"]
mod tests;
