//! Classifying fields by name rules at scale: 100,000 fields in 1,000 schemas of 100
//! fields each, names drawn from the labelled set's personal and non-personal names
//! with prefixes and suffixes, so rules, exclusions and contexts all run. Reports the
//! time for all of them with the built-in rules (goal: under 1 s).
//!
//! `cargo bench -p server --features ssr --bench classification`
//! Sizes: BENCH_FIELDS (default 100,000).

mod support;

use std::time::Instant;

use model::{Field, SchemaFormat, SchemaTree};
use support::{env_usize, Random};
use tributary_core::classification::{classify, RuleSet};

const FIELDS_PER_SCHEMA: usize = 100;
const STEMS: &[&str] = &[
    "email",
    "firstName",
    "last_name",
    "phone_number",
    "street_address",
    "zip_code",
    "city",
    "country_code",
    "ssn",
    "card_number",
    "expiration_date",
    "ip_address",
    "latitude",
    "notes",
    "order_id",
    "amount_cents",
    "service_type",
    "email_sha256",
    "quantity",
    "status",
    "created_at",
    "product_name",
    "room_name",
    "user_id",
    "gender",
    "income",
];
const PREFIXES: &[&str] = &["", "customer_", "billing_", "shop", "legacy_", "x"];

fn main() {
    let total = env_usize("BENCH_FIELDS", 100_000);
    let mut random = Random(0x5eed);
    let trees: Vec<SchemaTree> = (0..total.div_ceil(FIELDS_PER_SCHEMA))
        .map(|schema| {
            let fields = (0..FIELDS_PER_SCHEMA)
                .map(|index| {
                    let name = format!(
                        "{}{}{index}",
                        PREFIXES[random.below(PREFIXES.len())],
                        STEMS[random.below(STEMS.len())]
                    );
                    let name = if index % 3 == 0 { name.trim_end_matches(char::is_numeric).to_owned() } else { name };
                    Field::new(&name, "", "string".into())
                })
                .collect();
            SchemaTree {
                format: SchemaFormat::Avro,
                name: format!("Schema{schema}"),
                type_label: "record".into(),
                doc: None,
                tags: Vec::new(),
                fields,
                declared_topics: Vec::new(),
            }
        })
        .collect();
    let rules = RuleSet::builtin();
    let started = Instant::now();
    let mut found = 0;
    for tree in &trees {
        found += classify(tree, &rules).len();
    }
    let elapsed = started.elapsed();
    println!(
        "classified {} fields in {} schemas in {:.0} ms ({found} with a category), {} rules",
        trees.len() * FIELDS_PER_SCHEMA,
        trees.len(),
        elapsed.as_secs_f64() * 1000.0,
        rules.rules.len()
    );
}
