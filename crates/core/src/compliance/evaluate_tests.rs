//! Tests of [`super`]: rules judged against topic facts.

use super::*;
use crate::compliance::facts::{Flow, SchemaFacts};

fn profile(text: &str) -> Profile {
    Profile::parse("p.toml", text).unwrap()
}

fn topic(name: &str) -> TopicFacts {
    TopicFacts {
        cluster: "prod".into(),
        topic: name.into(),
        retention: Some(Retention::Millis(DAY_MS)),
        cleanup_policy: Some("delete".into()),
        replication_factor: 3,
        min_insync_replicas: Some(2),
        ..TopicFacts::default()
    }
}

fn rules_broken(findings: &[Finding]) -> Vec<(&str, &str)> {
    findings.iter().map(|finding| (finding.rule, finding.target.as_str())).collect()
}

#[test]
fn the_scope_takes_clusters_then_any_criterion() {
    let mut customers = topic("customers");
    customers.categories.insert("PII".into());
    let clicks = topic("clicks");
    let scope = profile("[scope]\nclusters = [\"prod\"]\ncategories = [\"PII\"]\n[rules]\n").scope;
    assert!(in_scope(&scope, &customers) && !in_scope(&scope, &clicks));
    let every = profile("[rules]\n").scope;
    assert!(in_scope(&every, &clicks));
    let elsewhere = profile("[scope]\nclusters = [\"test\"]\n[rules]\n").scope;
    assert!(!in_scope(&elsewhere, &clicks));
}

#[test]
fn config_rules_report_the_value_found() {
    let strict = profile(
        "[rules]\nmax_retention_days = 30\ncleanup_policy = \"delete\"\nmin_replication_factor = 3\nmin_insync_replicas = 2\n",
    );
    let good = topic("good");
    let mut forever = topic("forever");
    forever.retention = Some(Retention::Forever);
    // Compacted and deleted by time: retention.ms applies (see the compacted-only test).
    forever.cleanup_policy = Some("compact,delete".into());
    forever.replication_factor = 1;
    forever.min_insync_replicas = None;
    let findings = evaluate(&[strict], &[good, forever]);
    assert_eq!(
        rules_broken(&findings),
        [
            ("max_retention_days", "retention.ms"),
            ("cleanup_policy", "cleanup.policy"),
            ("min_replication_factor", "replication factor"),
            ("min_insync_replicas", "min.insync.replicas"),
        ]
    );
    assert!(findings.iter().all(|finding| finding.topic == "forever"));
    assert_eq!(findings[0].evidence, "retention.ms is -1 (records are kept forever); at most 30 days allowed");
    assert!(findings[3].evidence.contains("not reported; Kafka's default"), "{}", findings[3].evidence);
}

#[test]
fn persistence_along_flows_is_judged_where_the_data_stays_longest() {
    use model::{Lifespan, LifespanPlace, PlaceKind};
    let place = |kind, name: &str, longest_ms| LifespanPlace {
        kind,
        cluster: "prod".into(),
        name: name.into(),
        longest_ms,
        said: String::new(),
    };
    let mut customers = topic("customers");
    customers.lifespan = Some(Lifespan {
        longest_in_kafka_ms: Some(40 * DAY_MS),
        places: vec![
            place(PlaceKind::Origin, "customers", Some(8 * DAY_MS)),
            place(PlaceKind::Topic, "copy", Some(40 * DAY_MS)),
        ],
    });
    let mut kept = topic("kept");
    kept.lifespan =
        Some(Lifespan { longest_in_kafka_ms: None, places: vec![place(PlaceKind::StateStore, "x-changelog", None)] });
    let short = topic("short");
    let findings = evaluate(&[profile("[rules]\nmax_persistence_days = 30\n")], &[customers, kept, short]);
    assert_eq!(
        rules_broken(&findings),
        [("max_persistence_days", "persistence along flows"), ("max_persistence_days", "persistence along flows")]
    );
    assert_eq!(
        findings[0].evidence,
        "its personal data can stay up to 40 days in Kafka (longest in copy); at most 30 days allowed"
    );
    assert!(findings[1].evidence.contains("without bound in Kafka: x-changelog"), "{}", findings[1].evidence);
    assert!(evaluate(&[profile("[rules]\nmax_persistence_days = 40\n")], &findings_topics()).is_empty());
}

fn findings_topics() -> Vec<TopicFacts> {
    let mut bounded = topic("bounded");
    bounded.lifespan = Some(model::Lifespan { longest_in_kafka_ms: Some(40 * DAY_MS), places: vec![] });
    vec![bounded]
}

#[test]
fn retention_not_reported_is_judged_at_kafkas_default() {
    let mut unreported = topic("t");
    unreported.retention = Some(Retention::NotReported);
    assert!(evaluate(&[profile("[rules]\nmax_retention_days = 7\n")], std::slice::from_ref(&unreported)).is_empty());
    assert_eq!(evaluate(&[profile("[rules]\nmax_retention_days = 6\n")], &[unreported]).len(), 1);
}

/// `retention.ms` of 1 day does not bound a compacted topic: its live keys stay
/// until a tombstone. `compact,delete` is bounded by it again.
#[test]
fn a_compacted_topic_breaks_a_retention_limit_whatever_retention_ms_says() {
    let mut compacted = topic("t");
    compacted.retention = Some(Retention::Millis(DAY_MS));
    compacted.cleanup_policy = Some("compact".into());
    let findings = evaluate(&[profile("[rules]\nmax_retention_days = 30\n")], std::slice::from_ref(&compacted));
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].target, "retention.ms");
    assert!(findings[0].evidence.starts_with("cleanup.policy is compact: the latest record of each key is kept"));
    assert!(findings[0].evidence.contains("(retention.ms is 86400000 (1 day))"), "{}", findings[0].evidence);
    compacted.cleanup_policy = Some("compact,delete".into());
    assert!(evaluate(&[profile("[rules]\nmax_retention_days = 30\n")], &[compacted]).is_empty());
}

#[test]
fn schema_rules_read_the_value_subject() {
    let rules = profile("[rules]\nrequire_value_schema = true\ncompatibility = [\"FULL\"]\nrequire_owner = true\n");
    let bare = topic("bare");
    let mut described = topic("described");
    described.value_schema = Some(SchemaFacts {
        source: "registry".into(),
        subject: "described-value".into(),
        compatibility: Some("BACKWARD".into()),
        owner: None,
    });
    let findings = evaluate(&[rules], &[bare, described]);
    assert_eq!(
        rules_broken(&findings),
        [
            ("require_value_schema", "value schema"),
            ("require_owner", "owner"),
            ("compatibility", "described-value"),
            ("require_owner", "owner"),
        ]
    );
}

#[test]
fn readers_outside_the_allowed_lists_and_public_grants_are_named() {
    let rules =
        profile("[rules]\nallowed_groups = [\"billing\"]\nallowed_connectors = []\nforbid_public_read = true\n");
    let mut read = topic("orders");
    read.reading_groups = vec!["billing".into(), "<script>".into()];
    read.reading_principals = vec!["User:anyone".into()];
    read.reading_connectors = vec!["s3-sink".into()];
    read.public_read_acls = vec!["ALLOW READ on topic * to User:*".into()];
    let findings = evaluate(&[rules], &[read]);
    assert_eq!(
        rules_broken(&findings),
        [
            ("allowed_groups", "<script>"),
            ("allowed_connectors", "s3-sink"),
            ("forbid_public_read", "ALLOW READ on topic * to User:*")
        ]
    );
}

#[test]
fn personal_fields_in_clear_break_the_protection_rule() {
    let rules = profile("[rules]\nrequire_protection = true\n");
    let mut customers = topic("customers");
    let field = |path: &str, protected_by: Option<&str>| crate::compliance::PersonalField {
        subject: "customers-value".into(),
        path: path.into(),
        categories: vec!["PII".into()],
        protected_by: protected_by.map(str::to_owned),
        held: None,
    };
    customers.personal_fields = vec![field("email", None), field("ssn", Some("encrypt-pii"))];
    let findings = evaluate(&[rules], &[customers, topic("clicks")]);
    assert_eq!(rules_broken(&findings), [("require_protection", "customers-value#email")]);
    assert_eq!(
        findings[0].evidence,
        "email of customers-value holds PII and no data-contract rule encrypts or masks it as written"
    );
}

#[test]
fn personal_data_may_flow_only_into_covered_topics() {
    let rules =
        profile("[scope]\ncategories = [\"PII\"]\npatterns = [\"^customers\"]\n[rules]\nforbid_flow_outside = true\n");
    let mut source = topic("customers");
    source.categories.insert("PII".into());
    let flow = |to: &str| Flow {
        cluster: "prod".into(),
        topic: to.into(),
        through: "group:prod/enricher".into(),
        masked: false,
        read_evidence: Default::default(),
        write_evidence: Default::default(),
    };
    source.flows_into = vec![flow("customers.enriched"), flow("analytics"), flow("unread")];
    let findings = evaluate(&[rules], &[source, topic("customers.enriched"), topic("analytics")]);
    assert_eq!(
        rules_broken(&findings),
        [("forbid_flow_outside", "prod/analytics"), ("forbid_flow_outside", "prod/unread")]
    );
    assert_eq!(
        findings[0].evidence,
        "PII flows through group:prod/enricher into topic analytics, which the profile does not cover"
    );
}
