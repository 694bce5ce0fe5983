//! The catalog as it stood at a past moment, rebuilt from its history: a registry's
//! subjects with the versions live then (those registered later taken out, those deleted
//! later put back), the topics that existed then, and the stewards' decisions in force
//! then. Pure: the service reads the history and today's state, this rebuilds.
//!
//! What the history cannot give back stays as it is today, and reports say so: a version
//! or topic seen when Tributary first read its source has no registration event (it
//! counts as there from the start), and a hard-deleted version or a deleted topic is no
//! longer in any snapshot to put back.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use model::{CatalogEvent, Change, RegistrySnapshot};

/// The registry history's event kinds that [`registry_as_of`] reads.
pub const SCHEMA_HISTORY: [&str; 3] = ["schema_registered", "schema_version_deleted", "subject_deleted"];

/// `snapshot` as it stood at `at_ms`, from the registry's `history` (every event of the
/// kinds in [`SCHEMA_HISTORY`], in any order): versions registered after `at_ms` are taken
/// out, versions deleted after it are live again, and subjects left without a version are
/// dropped.
pub fn registry_as_of(snapshot: &RegistrySnapshot, history: &[CatalogEvent], at_ms: i64) -> RegistrySnapshot {
    let mut registered_later: HashSet<(&str, i32)> = HashSet::new();
    let mut deleted_later: HashSet<(&str, i32)> = HashSet::new();
    let mut subject_deleted_later: HashSet<&str> = HashSet::new();
    for event in history.iter().filter(|event| event.at_ms > at_ms) {
        match &event.change {
            Change::SchemaRegistered { subject, version, .. } => {
                registered_later.insert((subject, *version));
            }
            Change::SchemaVersionDeleted { subject, version } => {
                deleted_later.insert((subject, *version));
            }
            Change::SubjectDeleted { subject } => {
                subject_deleted_later.insert(subject);
            }
            _ => {}
        }
    }
    // A subject deleted later had, before, every version that a deletion event does not
    // place earlier: those deleted at or before `at_ms` stay deleted.
    let deleted_by_then: HashSet<(&str, i32)> = history
        .iter()
        .filter(|event| event.at_ms <= at_ms)
        .filter_map(|event| match &event.change {
            Change::SchemaVersionDeleted { subject, version } => Some((subject.as_str(), *version)),
            _ => None,
        })
        .collect();
    let mut then = RegistrySnapshot { global_compatibility: snapshot.global_compatibility.clone(), subjects: vec![] };
    for subject in &snapshot.subjects {
        let name = subject.name.as_str();
        let mut versions = subject.versions.clone();
        versions.retain(|version| !registered_later.contains(&(name, version.version)));
        for version in &mut versions {
            let key = (name, version.version);
            let revived = deleted_later.contains(&key)
                || (subject_deleted_later.contains(name) && !deleted_by_then.contains(&key));
            if version.deleted && revived {
                version.deleted = false;
            }
        }
        if !versions.is_empty() {
            then.subjects.push(model::Subject { versions, ..subject.clone() });
        }
    }
    then
}

/// The topics of a cluster that did not exist yet at `at_ms`: those whose first creation
/// in the cluster's `history` (its `topic_created` events) came after it.
pub fn topics_created_after(history: &[CatalogEvent], at_ms: i64) -> HashSet<String> {
    let mut first_created: HashMap<&str, i64> = HashMap::new();
    for event in history {
        if let Change::TopicCreated { topic, .. } = &event.change {
            let first = first_created.entry(topic).or_insert(event.at_ms);
            *first = (*first).min(event.at_ms);
        }
    }
    first_created.into_iter().filter(|(_, first)| *first > at_ms).map(|(topic, _)| topic.to_owned()).collect()
}

/// The decisions of `history` (oldest first) in force at `at_ms`: per `key`, the latest
/// made by then, where it is `on` (a tag taken back, or a mark lifted, is not in force).
pub fn in_force_at<T: Clone, K: Eq + Hash>(
    history: &[T],
    at_ms: i64,
    decided_at_ms: impl Fn(&T) -> i64,
    key: impl Fn(&T) -> K,
    on: impl Fn(&T) -> bool,
) -> Vec<T> {
    let mut seen = HashSet::new();
    let mut latest: Vec<T> = history
        .iter()
        .rev()
        .filter(|item| decided_at_ms(item) <= at_ms)
        .filter(|item| seen.insert(key(item)))
        .filter(|item| on(item))
        .cloned()
        .collect();
    latest.reverse();
    latest
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::{SchemaFormat, Subject, SubjectVersion};

    fn version(version: i32, deleted: bool) -> SubjectVersion {
        SubjectVersion {
            version,
            id: version,
            format: SchemaFormat::Avro,
            deleted,
            schema: "\"string\"".into(),
            references: vec![],
            properties: Default::default(),
            rules: Vec::new(),
            parsed: Err("not needed".into()),
        }
    }

    fn event(at_ms: i64, change: Change) -> CatalogEvent {
        CatalogEvent { id: at_ms, cluster: "main".into(), at_ms, change }
    }

    fn snapshot(subjects: Vec<(&str, Vec<SubjectVersion>)>) -> RegistrySnapshot {
        RegistrySnapshot {
            global_compatibility: None,
            subjects: subjects
                .into_iter()
                .map(|(name, versions)| Subject { name: name.into(), compatibility: None, versions, topics: vec![] })
                .collect(),
        }
    }

    fn live(snapshot: &RegistrySnapshot) -> Vec<(String, Vec<i32>)> {
        snapshot
            .subjects
            .iter()
            .map(|subject| {
                let versions = subject.versions.iter().filter(|v| !v.deleted).map(|v| v.version).collect();
                (subject.name.clone(), versions)
            })
            .collect()
    }

    #[test]
    fn versions_registered_later_are_taken_out_and_deleted_later_put_back() {
        let today = snapshot(vec![
            ("orders-value", vec![version(1, true), version(2, false), version(3, false)]),
            ("refunds-value", vec![version(1, false)]),
            ("gone-value", vec![version(1, true), version(2, true)]),
        ]);
        let history = vec![
            event(100, Change::SchemaRegistered { subject: "orders-value".into(), version: 2, id: 2 }),
            event(150, Change::SchemaVersionDeleted { subject: "gone-value".into(), version: 1 }),
            event(200, Change::SchemaVersionDeleted { subject: "orders-value".into(), version: 1 }),
            event(300, Change::SchemaRegistered { subject: "orders-value".into(), version: 3, id: 3 }),
            event(300, Change::SchemaRegistered { subject: "refunds-value".into(), version: 1, id: 4 }),
            event(400, Change::SubjectDeleted { subject: "gone-value".into() }),
        ];
        let at = |at_ms| live(&registry_as_of(&today, &history, at_ms));
        assert_eq!(
            at(50),
            vec![("orders-value".into(), vec![1]), ("gone-value".into(), vec![1, 2])],
            "version 2 came later; refunds-value did not exist; gone-value was whole"
        );
        assert_eq!(
            at(250),
            vec![("orders-value".into(), vec![2]), ("gone-value".into(), vec![2])],
            "orders' version 1 and gone-value's version 1 deleted by then; gone-value itself later"
        );
        assert_eq!(at(350)[0], ("orders-value".into(), vec![2, 3]));
        assert_eq!(live(&registry_as_of(&today, &history, 500)), live(&today), "after the last event: today");
        let latest = registry_as_of(&today, &history, 250).subjects[0].latest().map(|v| v.version);
        assert_eq!(latest, Some(2), "the version in force then is the one classified");
    }

    #[test]
    fn topics_first_created_after_the_moment_did_not_exist() {
        let created = |topic: &str, at_ms| event(at_ms, Change::TopicCreated { topic: topic.into(), partitions: 1 });
        let history = vec![created("orders", 100), created("late", 300), created("orders", 400)];
        assert_eq!(topics_created_after(&history, 200), HashSet::from(["late".to_owned()]));
        assert!(topics_created_after(&history, 300).is_empty());
    }

    #[test]
    fn the_latest_decision_by_then_is_in_force_unless_it_takes_back() {
        // (at, key, on)
        let history = [(10, "clicks", true), (20, "orders", true), (30, "clicks", false), (40, "orders", false)];
        let at = |at_ms| {
            in_force_at(&history, at_ms, |item| item.0, |item| item.1, |item| item.2)
                .into_iter()
                .map(|item| item.1)
                .collect::<Vec<_>>()
        };
        assert_eq!(at(5), Vec::<&str>::new());
        assert_eq!(at(25), vec!["clicks", "orders"]);
        assert_eq!(at(35), vec!["orders"]);
        assert_eq!(at(45), Vec::<&str>::new());
    }
}
