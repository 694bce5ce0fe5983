//! Tags, in the spellings found in the wild: Avro and JSON Schema `"confluent:tags"`
//! (and the older `"confluent.tags"`) on a field or type; tags given at registration in
//! `metadata.tags`, keyed by path patterns such as `**.ssn` (Confluent data contracts).
//! Protobuf's `(confluent.field_meta)` options are read by the Protobuf parser.

use model::{Field, SchemaTree};
use serde_json::{Map, Value};

const TAG_ATTRIBUTES: [&str; 2] = ["confluent:tags", "confluent.tags"];

pub fn is_tag_attribute(key: &str) -> bool {
    TAG_ATTRIBUTES.contains(&key)
}

/// The tags an Avro or JSON Schema object carries: a list of strings, or one string.
pub fn tags_of(object: &Map<String, Value>) -> Vec<String> {
    let mut tags: Vec<String> = TAG_ATTRIBUTES
        .iter()
        .filter_map(|key| object.get(*key))
        .flat_map(|value| match value {
            Value::String(tag) => vec![tag.clone()],
            Value::Array(items) => items.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
            _ => Vec::new(),
        })
        .collect();
    tags.sort();
    tags.dedup();
    tags
}

/// Adds to every field of `tree` the tags of each `(pattern, tags)` rule whose pattern
/// matches the field's path. A pattern is dotted; `*` matches one segment (or part of
/// one), `**` any number of segments. Patterns may start with the root type's name
/// (`Order.customer.ssn`) or not (`customer.ssn`).
pub fn apply_path_tags(tree: &mut SchemaTree, rules: &[(String, Vec<String>)]) {
    if rules.is_empty() {
        return;
    }
    let root = tree.name.rsplit('.').next().unwrap_or_default().to_owned();
    let mut stack: Vec<&mut Field> = tree.fields.iter_mut().collect();
    while let Some(field) = stack.pop() {
        let qualified = format!("{root}.{}", field.path);
        for (pattern, tags) in rules {
            if path_matches(pattern, &field.path) || (!root.is_empty() && path_matches(pattern, &qualified)) {
                field.tags.extend(tags.iter().cloned());
            }
        }
        field.tags.sort();
        field.tags.dedup();
        stack.extend(field.children.iter_mut());
    }
}

fn path_matches(pattern: &str, path: &str) -> bool {
    let pattern: Vec<&str> = pattern.split('.').collect();
    let path: Vec<&str> = path.split('.').collect();
    segments_match(&pattern, &path)
}

/// Iterative glob over segments: `**` backtracks over any number of path segments.
fn segments_match(pattern: &[&str], path: &[&str]) -> bool {
    let (mut p, mut s) = (0, 0);
    let mut backtrack: Option<(usize, usize)> = None;
    while s < path.len() {
        if p < pattern.len() && pattern[p] == "**" {
            backtrack = Some((p, s));
            p += 1;
        } else if p < pattern.len() && segment_matches(pattern[p], path[s]) {
            p += 1;
            s += 1;
        } else if let Some((star, consumed)) = backtrack {
            p = star + 1;
            s = consumed + 1;
            backtrack = Some((star, consumed + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|segment| *segment == "**")
}

/// `*` inside a segment matches any characters.
fn segment_matches(pattern: &str, segment: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == segment,
        Some((prefix, rest)) => {
            let Some(remainder) = segment.strip_prefix(prefix) else { return false };
            if rest.is_empty() {
                return true;
            }
            (0..=remainder.len())
                .filter(|at| remainder.is_char_boundary(*at))
                .any(|at| segment_matches(rest, &remainder[at..]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::SchemaFormat;

    #[test]
    fn both_spellings_and_a_single_string_are_read() {
        let object = serde_json::json!({"confluent:tags": ["PII", "GDPR"], "confluent.tags": "PII"});
        assert_eq!(tags_of(object.as_object().unwrap()), ["GDPR", "PII"]);
    }

    #[test]
    fn path_patterns_match_like_confluent_data_contracts() {
        assert!(path_matches("**.ssn", "ssn"));
        assert!(path_matches("**.ssn", "customer.ssn"));
        assert!(path_matches("**.ssn", "a.b.c.ssn"));
        assert!(!path_matches("**.ssn", "customer.ssn_hash"));
        assert!(path_matches("customer.*", "customer.email"));
        assert!(!path_matches("customer.*", "customer.address.zip"));
        assert!(path_matches("customer.**", "customer.address.zip"));
        assert!(path_matches("*.e*l", "customer.email"));
        assert!(path_matches("Order.**.zip", "Order.customer.address.zip"));
    }

    #[test]
    fn registration_tags_land_on_the_matching_fields() {
        let mut customer = Field::new("customer", "", "Customer".into());
        customer.children.push(Field::new("ssn", "customer", "string".into()));
        let mut tree = SchemaTree {
            format: SchemaFormat::Avro,
            name: "io.shop.Order".into(),
            type_label: "record".into(),
            doc: None,
            tags: vec![],
            fields: vec![customer, Field::new("total", "", "double".into())],
            declared_topics: vec![],
        };
        apply_path_tags(
            &mut tree,
            &[("**.ssn".into(), vec!["PII".into()]), ("Order.total".into(), vec!["FIN".into()])],
        );
        assert_eq!(tree.fields[0].children[0].tags, ["PII"]);
        assert_eq!(tree.fields[1].tags, ["FIN"]);
        assert!(tree.fields[0].tags.is_empty());
    }
}
