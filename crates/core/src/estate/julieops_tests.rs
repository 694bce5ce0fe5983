//! Tests of [`super`] (julieops.rs).

use super::*;
use crate::estate::yaml_tree::parse;

const TOPOLOGY: &str = r#"---
context: "shop"
source: "web"
projects:
  - name: "orders"
    consumers:
      - principal: "User:billing"
        group: "billing*"
    producers:
      - principal: "User:checkout"
        transactionId: "checkout-tx"
    streams:
      - principal: "User:enricher"
        applicationId: "enricher"
        topics:
          read: ["shop.web.orders.placed"]
          write: ["shop.web.orders.enriched"]
    topics:
      - name: "placed"
        config:
          replication.factor: "3"
          num.partitions: "6"
          retention.ms: "604800000"
      - name: "refunds"
        dataType: "avro"
"#;

fn estate(text: &str) -> DesiredEstate {
    read("topology.yaml", &parse(text).unwrap(), &JulieOpsSettings::default()).unwrap()
}

#[test]
fn topics_are_named_and_configured_as_julieops_names_them() {
    let estate = estate(TOPOLOGY);
    let names: Vec<&str> = estate.topics.iter().map(|topic| topic.name.as_str()).collect();
    assert_eq!(names, ["shop.web.orders.placed", "shop.web.orders.refunds.avro"]);
    let placed = &estate.topics[0];
    assert_eq!((placed.partitions, placed.replication), (Some(6), Some(3)));
    assert_eq!(placed.configs, [("retention.ms".to_owned(), "604800000".to_owned())]);
    assert_eq!(placed.at.line, 19);
}

#[test]
fn the_acls_are_those_julieops_creates() {
    let estate = estate(TOPOLOGY);
    let described: Vec<String> =
        estate.grants.iter().map(|grant| format!("{} {}", grant.binding.principal, grant.binding.describe())).collect();
    for expected in [
        "User:billing ALLOW READ on topic shop.web.orders.placed from *",
        "User:billing ALLOW DESCRIBE on topic shop.web.orders.refunds.avro from *",
        "User:billing ALLOW READ on group billing (prefixed) from *",
        "User:checkout ALLOW WRITE on topic shop.web.orders.placed from *",
        "User:checkout ALLOW WRITE on transactional_id checkout-tx from *",
        "User:checkout ALLOW IDEMPOTENT_WRITE on cluster kafka-cluster from *",
        "User:enricher ALLOW READ on topic shop.web.orders.placed from *",
        "User:enricher ALLOW WRITE on topic shop.web.orders.enriched from *",
        "User:enricher ALLOW ALL on topic enricher (prefixed) from *",
        "User:enricher ALLOW READ on group enricher (prefixed) from *",
    ] {
        assert!(described.contains(&expected.to_owned()), "{expected} missing from {described:#?}");
    }
    assert_eq!(described.len(), 4 + 1 + 4 + 3 + 4, "{described:#?}");
}

#[test]
fn optimized_acls_are_one_prefixed_pair_per_project() {
    let settings = JulieOpsSettings::from_properties(&BTreeMap::from([
        ("topology.acls.optimized".to_owned(), "true".to_owned()),
        ("topology.topic.prefix.separator".to_owned(), "_".to_owned()),
    ]))
    .unwrap();
    let estate = read("t.yaml", &parse(TOPOLOGY).unwrap(), &settings).unwrap();
    assert_eq!(estate.topics[0].name, "shop_web_orders_placed");
    let billing: Vec<String> = estate
        .grants
        .iter()
        .filter(|grant| grant.binding.principal == "User:billing")
        .map(|grant| grant.binding.describe())
        .collect();
    assert!(billing.contains(&"ALLOW READ on topic shop_web_orders (prefixed) from *".to_owned()), "{billing:?}");
}

#[test]
fn a_typo_is_an_error_at_its_line() {
    let text = "context: c\nprojects:\n  - name: p\n    consumrs:\n      - principal: User:a\n";
    let fault = read("t.yaml", &parse(text).unwrap(), &JulieOpsSettings::default()).unwrap_err();
    assert_eq!(fault.line, Some(4));
    assert!(fault.message.contains("consumrs"), "{}", fault.message);
}

#[test]
fn an_unknown_property_is_refused() {
    let properties = BTreeMap::from([("topology.foo".to_owned(), "1".to_owned())]);
    assert!(JulieOpsSettings::from_properties(&properties).is_err());
}
