//! The demo estate's schemas: Confluent's datagen quickstart schemas (server/data/datagen)
//! registered in a schema registry over its REST API, the demo topics' value schemas
//! under their TopicNameStrategy subjects and the rest under `datagen.<name>-value`,
//! which name no topic. Customers' personal fields are tagged at registration through
//! `metadata.tags`, and encrypted by an `ENCRYPT` rule on that tag, as Confluent data
//! contracts do; the registration names its owner in `metadata.properties`.

use serde_json::{json, Value};

use super::error::DemoError;

macro_rules! datagen {
    ($file:literal) => {
        ($file, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/datagen/", $file)))
    };
}

/// (file name, text) of every datagen schema, built into the binary.
pub const DATAGEN: &[(&str, &str)] = &[
    datagen!("campaign_finance.avro"),
    datagen!("clickstream_codes_schema.avro"),
    datagen!("clickstream_schema.avro"),
    datagen!("clickstream_users_schema.avro"),
    datagen!("credit_cards.avro"),
    datagen!("device_information.avro"),
    datagen!("fleet_mgmt_description.avro"),
    datagen!("fleet_mgmt_location.avro"),
    datagen!("fleet_mgmt_sensors.avro"),
    datagen!("gaming_games.avro"),
    datagen!("gaming_player_activity.avro"),
    datagen!("gaming_players.avro"),
    datagen!("insurance_customer_activity.avro"),
    datagen!("insurance_customers.avro"),
    datagen!("insurance_offers.avro"),
    datagen!("invalid_users_schema.avro"),
    datagen!("inventory.avro"),
    datagen!("orders_schema.avro"),
    datagen!("pageviews_schema.avro"),
    datagen!("payroll_bonus.avro"),
    datagen!("payroll_employee.avro"),
    datagen!("payroll_employee_location.avro"),
    datagen!("pizza_orders.avro"),
    datagen!("pizza_orders_cancelled.avro"),
    datagen!("pizza_orders_completed.avro"),
    datagen!("product.avro"),
    datagen!("purchase.avro"),
    datagen!("ratings_schema.avro"),
    datagen!("shoe_clickstream.avro"),
    datagen!("shoe_customers.avro"),
    datagen!("shoe_orders.avro"),
    datagen!("shoes.avro"),
    datagen!("siem_logs.avro"),
    datagen!("stock_trades_schema.avro"),
    datagen!("stores.avro"),
    datagen!("syslog_logs.avro"),
    datagen!("transactions.avro"),
    datagen!("users_array_map_schema.avro"),
    datagen!("users_schema.avro"),
];

/// Demo topic → datagen file holding its value schema.
const TOPIC_SCHEMAS: &[(&str, &str)] = &[
    ("shop.orders", "orders_schema.avro"),
    ("shop.payments", "transactions.avro"),
    ("shop.shipments", "pizza_orders_completed.avro"),
    ("shop.customers", "users_schema.avro"),
    ("web.pageviews", "pageviews_schema.avro"),
];

/// What registering the demo schemas did.
#[derive(Debug, Default)]
pub struct Registered {
    pub subjects: usize,
    /// Files the registry refused, with its message (the invalid datagen file is one).
    pub refused: Vec<(String, String)>,
}

/// Registers the demo schemas at `registry_url`.
pub async fn register(registry_url: &str) -> Result<Registered, DemoError> {
    let http = reqwest::Client::new();
    let mut outcome = Registered::default();
    for (file, text) in DATAGEN {
        let stem = file.trim_end_matches(".avro");
        let topic = TOPIC_SCHEMAS.iter().find(|(_, schema)| schema == file).map(|(topic, _)| *topic);
        let subject = match topic {
            Some(topic) => format!("{topic}-value"),
            None => format!("datagen.{stem}-value"),
        };
        let mut body = json!({"schema": text});
        if topic == Some("shop.customers") {
            body["metadata"] = json!({
                "tags": {"**.userid": ["PII"], "**.gender": ["PII", "SENSITIVE"]},
                "properties": {"owner": "customer-team"},
            });
            // Client-side field encryption of everything tagged PII, as Confluent's
            // CSFLE rules are written: the customers' personal fields are protected.
            body["ruleSet"] = json!({"domainRules": [{
                "name": "encrypt-pii", "kind": "TRANSFORM", "type": "ENCRYPT", "mode": "WRITEREAD",
                "tags": ["PII"], "params": {"encrypt.kek.name": "demo-kek"}, "onFailure": "ERROR,NONE",
            }]});
        }
        let url = format!("{}/subjects/{subject}/versions", registry_url.trim_end_matches('/'));
        let response = http
            .post(&url)
            .header(reqwest::header::CONTENT_TYPE, "application/vnd.schemaregistry.v1+json")
            .json(&body)
            .send()
            .await
            .map_err(|source| DemoError::Registry { url: registry_url.to_owned(), source })?;
        if response.status().is_success() {
            outcome.subjects += 1;
        } else {
            let answer: Value = response.json().await.unwrap_or_default();
            outcome.refused.push(((*file).to_owned(), answer["message"].as_str().unwrap_or("refused").to_owned()));
        }
    }
    // Keys of orders are plain strings.
    let key = format!("{}/subjects/shop.orders-key/versions", registry_url.trim_end_matches('/'));
    let response = http
        .post(&key)
        .json(&json!({"schema": "\"string\""}))
        .send()
        .await
        .map_err(|source| DemoError::Registry { url: registry_url.to_owned(), source })?;
    if response.status().is_success() {
        outcome.subjects += 1;
    }
    Ok(outcome)
}
