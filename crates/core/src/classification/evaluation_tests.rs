//! The name rules against a labelled set: every leaf field of Confluent's datagen
//! schemas (server/data/datagen) and of hand-written cases
//! (server/data/classification/own_cases.avsc), each labelled by hand in
//! server/data/classification/labels.tsv. Asserts the bar the rules are held to and
//! prints precision and recall (`cargo test -p server --features ssr --lib
//! classification::evaluation -- --nocapture`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use model::{Field, SchemaFormat};

use super::{classify, RuleSet};
use crate::schema::{self, ParseOptions};

/// Precision the rules must keep on the labelled set.
const MIN_PRECISION: f64 = 0.95;
/// Recall the rules must keep on the labelled set.
const MIN_RECALL: f64 = 0.90;

fn data() -> PathBuf {
    // The labelled data lives with the demo estate that shares it, in the server crate.
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../server/data")
}

/// (file, path) → label (`-` for none).
fn labels() -> BTreeMap<(String, String), String> {
    std::fs::read_to_string(data().join("classification/labels.tsv"))
        .unwrap()
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let columns: Vec<&str> = line.split('\t').collect();
            assert_eq!(columns.len(), 3, "a label line is file, path, label: {line:?}");
            ((columns[0].to_owned(), columns[1].to_owned()), columns[2].to_owned())
        })
        .collect()
}

fn leaves(fields: &[Field], out: &mut Vec<String>) {
    for field in fields {
        if field.children.is_empty() {
            out.push(field.path.clone());
        }
        leaves(&field.children, out);
    }
}

#[test]
fn the_name_rules_meet_their_precision_and_recall_on_the_labelled_set() {
    let labels = labels();
    let mut files: Vec<PathBuf> = std::fs::read_dir(data().join("datagen"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "avro"))
        .collect();
    files.push(data().join("classification/own_cases.avsc"));
    files.sort();
    let rules = RuleSet::builtin();
    let (mut true_positive, mut false_positive, mut false_negative, mut right_category) = (0, 0, 0, 0);
    let (mut misses, mut false_alarms, mut unlabelled) = (Vec::new(), Vec::new(), Vec::new());
    for path in files {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        // The corpus holds one schema that is invalid on purpose.
        let Ok(tree) = schema::parse(SchemaFormat::Avro, &text, &[], &ParseOptions::default()) else { continue };
        let found: BTreeMap<String, Vec<String>> = classify(&tree, &rules)
            .into_iter()
            .map(|field| (field.path, field.categories.into_iter().map(|(category, _)| category.0).collect()))
            .collect();
        let mut paths = Vec::new();
        leaves(&tree.fields, &mut paths);
        for leaf in paths {
            let Some(label) = labels.get(&(file.clone(), leaf.clone())) else {
                unlabelled.push(format!("{file}\t{leaf}"));
                continue;
            };
            let predicted = found.get(&leaf);
            match (label.as_str(), predicted) {
                ("-", None) => {}
                ("-", Some(categories)) => false_alarms.push(format!("{file} {leaf} -> {categories:?}")),
                (expected, Some(categories)) => {
                    true_positive += 1;
                    if categories.iter().any(|category| category == expected) {
                        right_category += 1;
                    }
                }
                (expected, None) => misses.push(format!("{file} {leaf} ({expected})")),
            }
        }
    }
    false_positive += false_alarms.len();
    false_negative += misses.len();
    assert!(unlabelled.is_empty(), "leaf fields without a label:\n{}", unlabelled.join("\n"));
    let precision = true_positive as f64 / (true_positive + false_positive) as f64;
    let recall = true_positive as f64 / (true_positive + false_negative) as f64;
    println!(
        "labelled set: {} personal fields, {true_positive} found ({right_category} with the labelled category), \
         {false_positive} false alarms, {false_negative} missed; precision {precision:.3}, recall {recall:.3}",
        true_positive + false_negative
    );
    println!("missed: {misses:?}");
    println!("false alarms: {false_alarms:?}");
    assert!(precision >= MIN_PRECISION, "precision {precision:.3}: {false_alarms:?}");
    assert!(recall >= MIN_RECALL, "recall {recall:.3}: {misses:?}");
    assert_eq!(right_category, true_positive, "every field found gets its labelled category");
}
