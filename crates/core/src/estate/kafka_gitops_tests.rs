//! Tests of [`super`] (kafka_gitops.rs).

use super::*;
use crate::estate::yaml_tree::parse;

const STATE: &str = r#"settings:
  topics:
    defaults:
      replication: 3
    blacklist:
      prefixed: [_confluent]
topics:
  orders:
    partitions: 6
    configs:
      cleanup.policy: compact
      retention.ms: 604800000
services:
  billing:
    type: application
    principal: User:billing
    consumes:
      - orders
  enricher:
    type: kafka-streams
    principal: User:enricher
    consumes: [orders]
    produces: [orders-enriched]
  sinks:
    type: kafka-connect
    principal: User:connect
    connectors:
      crm-sink:
        consumes: [orders]
users:
  alice:
    principal: User:alice
    roles: [reader]
customUserAcls:
  alice:
    describe-orders:
      name: orders
      type: TOPIC
      pattern: LITERAL
      host: "*"
      operation: DESCRIBE
      permission: ALLOW
"#;

fn described(estate: &DesiredEstate, required: bool) -> Vec<String> {
    estate
        .grants
        .iter()
        .filter(|grant| grant.required == required)
        .map(|grant| format!("{} {}", grant.binding.principal, grant.binding.describe()))
        .collect()
}

#[test]
fn topics_take_the_default_replication() {
    let estate = read("state.yaml", &parse(STATE).unwrap()).unwrap();
    let orders = &estate.topics[0];
    assert_eq!((orders.name.as_str(), orders.partitions, orders.replication), ("orders", Some(6), Some(3)));
    assert_eq!(orders.configs[1], ("retention.ms".to_owned(), "604800000".to_owned()));
    assert_eq!(orders.at.line, 8);
    assert_eq!(estate.ignored_topic_prefixes, ["_confluent"]);
}

#[test]
fn services_get_the_acls_kafka_gitops_generates() {
    let estate = read("state.yaml", &parse(STATE).unwrap()).unwrap();
    let required = described(&estate, true);
    for expected in [
        "User:billing ALLOW READ on topic orders from *",
        "User:billing ALLOW READ on group billing from *",
        "User:enricher ALLOW WRITE on topic orders-enriched from *",
        "User:enricher ALLOW READ on group enricher from *",
        "User:connect ALLOW WRITE on topic connect-offsets-sinks from *",
        "User:connect ALLOW READ on group sinks from *",
        "User:connect ALLOW READ on group connect-crm-sink from *",
        "User:alice ALLOW READ on topic * from *",
        "User:alice ALLOW DESCRIBE on topic orders from *",
    ] {
        assert!(required.contains(&expected.to_owned()), "{expected} missing from {required:#?}");
    }
    assert!(
        described(&estate, false).contains(&"User:enricher ALLOW ALL on topic enricher (prefixed) from *".to_owned())
    );
}

#[test]
fn an_unknown_service_type_names_its_line() {
    let fault = read("s.yaml", &parse("services:\n  a:\n    type: app\n").unwrap()).unwrap_err();
    assert_eq!(fault.line, Some(2));
    assert!(fault.message.contains("`app`"), "{}", fault.message);
}
