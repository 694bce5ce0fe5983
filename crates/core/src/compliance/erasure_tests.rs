//! Tests of [`super::erasure_steps`]: each kind of place gets its action and date.

use std::collections::{BTreeSet, HashSet};

use model::ErasureAction;

use super::*;
use crate::compliance::facts::{Flow, Reading};
use crate::compliance::propagate;
use crate::test_support::persistence;

const DAY_MS: i64 = 86_400_000;
const NOW: i64 = 1_000 * DAY_MS;

const PROFILE: &str = r#"[scope]
categories = ["PII"]
[rules]
[entity]
name = "member"
key_topics = ['^members$']
fields = ["member_id"]
"#;

fn topic(name: &str, personal: bool, configs: &[(&str, &str)]) -> TopicFacts {
    TopicFacts {
        cluster: "prod".into(),
        topic: name.into(),
        persistence: Some(persistence(configs)),
        categories: if personal { BTreeSet::from(["PII".to_owned()]) } else { BTreeSet::new() },
        ..TopicFacts::default()
    }
}

fn paths(_: &str, topic: &str) -> Vec<String> {
    match topic {
        "applications" | "ledger" => vec!["application_id".into(), "seeker.member_id".into()],
        _ => vec!["note".into()],
    }
}

#[test]
fn each_place_gets_the_action_its_retention_and_identification_call_for() {
    let week = [("retention.ms", "604800000"), ("segment.ms", "604800000")];
    let mut members = topic("members", true, &[("cleanup.policy", "compact")]);
    members.flows_into.push(Flow {
        cluster: "prod".into(),
        topic: "enricher-by-member-changelog".into(),
        through: "group:prod/enricher".into(),
        masked: false,
        read_evidence: Default::default(),
        write_evidence: Default::default(),
    });
    let mut applications = topic("applications", true, &week);
    applications.read_by.push(Reading { through: "connector:connect/archive".into(), evidence: (vec![], 1.0) });
    let mut facts = vec![
        members,
        applications,
        topic("enricher-by-member-changelog", false, &[("cleanup.policy", "compact")]),
        topic("ledger", true, &[("retention.ms", "-1")]),
        topic("notes", true, &[("cleanup.policy", "compact")]),
        topic("clicks", false, &week),
    ];
    propagate(&mut facts, &HashSet::new());
    let profile = Profile::parse("gdpr.toml", PROFILE).unwrap();
    let entity = profile.entity.clone().unwrap();
    let sinks = SinkClasses::from([(
        "connector:connect/archive".to_owned(),
        "io.confluent.connect.s3.S3SinkConnector".to_owned(),
    )]);
    let steps = erasure_steps(&profile, &entity, &facts, &paths, &sinks, NOW);
    let seen: Vec<(&str, &str, ErasureAction, Option<i64>)> = steps
        .iter()
        .map(|step| (step.name.as_str(), step.identified_by.as_str(), step.action, step.clears_by_ms))
        .collect();
    assert_eq!(
        seen,
        [
            ("members", "record key", ErasureAction::Tombstone, None),
            ("applications", "field seeker.member_id", ErasureAction::WaitsForRetention, Some(NOW + 14 * DAY_MS)),
            (
                "enricher-by-member-changelog",
                "not named in it; reached from members, through group:prod/enricher",
                ErasureAction::StateStore,
                None
            ),
            ("ledger", "field seeker.member_id", ErasureAction::DeleteRecords, None),
            ("notes", "neither its key nor a field is known to name a member", ErasureAction::Review, None),
            ("archive", "reads applications", ErasureAction::OutsideKafka, None),
        ]
    );
    assert!(steps[0].said.contains("tombstone goes 1 day after compaction"), "{}", steps[0].said);
    assert!(steps[2].said.starts_with("the state store by-member of application enricher"), "{}", steps[2].said);
    assert_eq!(steps[5].said, "the data left Kafka for S3 through this sink: erase it there");
    assert!(!steps.iter().any(|step| step.name == "clicks"), "no personal data, no step");
}

#[test]
fn an_entity_needs_a_name_and_something_that_identifies_it() {
    let nothing = "[rules]\n[entity]\nname = \"member\"\n";
    assert!(Profile::parse("p.toml", nothing).unwrap_err().message.contains("needs key_topics or fields"));
    let broken = "[rules]\n[entity]\nname = \"member\"\nkey_topics = ['(']\n";
    let error = Profile::parse("p.toml", broken).unwrap_err();
    assert_eq!(error.line, Some(2), "{error}");
    assert!(Profile::parse("p.toml", "[rules]\n").unwrap().entity.is_none());
}

#[test]
fn keys_match_as_strings_json_strings_and_avro_strings_in_the_wire_format() {
    assert!(key_matches(b"m-42", "m-42"));
    assert!(key_matches(b"\"m-42\"", "m-42"));
    // Magic byte, schema id 7, then the Avro string: length 4 zig-zag encoded as 8.
    assert!(key_matches(&[0, 0, 0, 0, 7, 8, b'm', b'-', b'4', b'2'], "m-42"));
    assert!(!key_matches(&[0, 0, 0, 0, 7, 8, b'm', b'-', b'4'], "m-42"), "length says 4, 3 bytes follow");
    assert!(!key_matches(&[0, 0, 0, 0, 7, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], "m"));
    assert!(!key_matches(b"m-4", "m-42") && !key_matches(b"", "m-42"));
}
