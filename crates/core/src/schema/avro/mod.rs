//! Avro schemas (the JSON form of the Avro specification, 1.11) into the field tree.
//!
//! Named types (record, enum, fixed) are registered by full name, following the
//! specification's namespace rules, from the schema and from its references (the
//! registry's `references`: schemas whose named types this one uses). A named type used
//! inside itself is shown once and then marked recursive. Custom properties (such as
//! datagen's `arg.properties`) are legal Avro and kept verbatim as options.
//!
//! - [`named_types`]: the named types of a schema and its references, checked by the spec.
//! - [`tree`]: a type as the fields it contributes to the tree.

mod named_types;
mod tree;

use model::{SchemaFormat, SchemaTree};
use serde_json::Value;

use super::tags::tags_of;
use super::{json_text, ParseError};
use named_types::{full_name, NamedTypes, Redefinition};
use tree::TreeBuilder;

pub(crate) use super::MAX_TYPE_DEPTH;

/// Parses Avro schema `text`; `references` are the texts of the schemas it refers to,
/// already resolved (each reference's own references first).
pub fn parse(text: &str, references: &[String]) -> Result<SchemaTree, ParseError> {
    let mut named = NamedTypes::default();
    let mut roots = Vec::with_capacity(references.len());
    for (index, reference) in references.iter().enumerate() {
        let value = json_text::parse(reference).map_err(|error| error.in_reference((index + 1).to_string()))?;
        roots.push(value);
    }
    for value in &roots {
        named.register(value, "", 0, Redefinition::KeepFirst)?;
    }
    let root = json_text::parse(text)?;
    named.register(&root, "", 0, Redefinition::Refuse)?;

    let mut builder = TreeBuilder::new(&named);
    let shape = builder.shape(&root, "", "", 0)?;
    let (name, doc, tags) = match &root {
        Value::Object(object) => (
            shape.named.clone().unwrap_or_default(),
            object.get("doc").and_then(Value::as_str).map(str::to_owned),
            tags_of(object),
        ),
        _ => (String::new(), None, Vec::new()),
    };
    Ok(SchemaTree {
        format: SchemaFormat::Avro,
        name,
        type_label: root_label(&root, &shape.label),
        doc,
        tags,
        fields: shape.children,
        declared_topics: Vec::new(),
    })
}

/// The full name of the schema's root type, if it is a named type.
pub fn root_name(text: &str) -> Option<String> {
    let root = json_text::parse(text).ok()?;
    full_name(root.as_object()?, "").ok().map(|(name, _)| name)
}

fn root_label(root: &Value, label: &str) -> String {
    match root.get("type").and_then(Value::as_str) {
        Some(kind @ ("record" | "error" | "enum" | "fixed")) => kind.to_owned(),
        _ => label.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(tree: &SchemaTree) -> Vec<String> {
        tree.all_fields().iter().map(|field| format!("{}: {}", field.path, field.type_label)).collect()
    }

    #[test]
    fn records_nest_with_docs_defaults_and_optional_fields() {
        let tree = parse(
            r#"{"type": "record", "name": "Order", "namespace": "io.shop", "doc": "An order",
                "fields": [
                  {"name": "id", "type": "string", "doc": "Order id"},
                  {"name": "customer", "type": {"type": "record", "name": "Customer", "fields": [
                     {"name": "email", "type": ["null", "string"], "default": null, "confluent:tags": ["PII"]}]}},
                  {"name": "lines", "type": {"type": "array", "items": {"type": "record", "name": "Line",
                     "fields": [{"name": "sku", "type": "string"}]}}},
                  {"name": "attributes", "type": {"type": "map", "values": "string"}},
                  {"name": "placed", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                  {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID"]}},
                  {"name": "billing", "type": ["null", "Customer"], "default": null}
                ]}"#,
            &[],
        )
        .unwrap();
        assert_eq!(
            (tree.name.as_str(), tree.type_label.as_str(), tree.doc.as_deref()),
            ("io.shop.Order", "record", Some("An order"))
        );
        assert_eq!(
            paths(&tree),
            [
                "id: string",
                "customer: io.shop.Customer",
                "customer.email: string",
                "lines: array<io.shop.Line>",
                "lines.sku: string",
                "attributes: map<string, string>",
                "placed: long (timestamp-millis)",
                "status: io.shop.Status",
                "billing: io.shop.Customer",
                "billing.email: string",
            ]
        );
        let email = &tree.fields[1].children[0];
        assert!(email.optional);
        assert_eq!(email.default.as_deref(), Some("null"));
        assert_eq!(email.tags, ["PII"]);
        assert_eq!(tree.fields[0].doc.as_deref(), Some("Order id"));
        assert_eq!(tree.fields[5].options, [("symbols".to_owned(), "NEW, PAID".to_owned())]);
    }

    #[test]
    fn a_recursive_type_stops_instead_of_recursing_forever() {
        let tree = parse(
            r#"{"type": "record", "name": "Node", "fields": [
                 {"name": "value", "type": "int"},
                 {"name": "next", "type": ["null", "Node"]}]}"#,
            &[],
        )
        .unwrap();
        assert_eq!(tree.fields[1].recursive_type.as_deref(), Some("Node"));
        assert!(tree.fields[1].children.is_empty());
    }

    #[test]
    fn named_types_come_from_references() {
        let address = r#"{"type": "record", "name": "Address", "namespace": "io.common",
                          "fields": [{"name": "zip", "type": "string", "confluent:tags": ["PII"]}]}"#;
        let tree = parse(
            r#"{"type": "record", "name": "Customer", "namespace": "io.shop",
                "fields": [{"name": "home", "type": "io.common.Address"}]}"#,
            &[address.to_owned()],
        )
        .unwrap();
        assert_eq!(paths(&tree), ["home: io.common.Address", "home.zip: string"]);
        assert_eq!(tree.tags(), ["PII"]);
    }

    #[test]
    fn custom_properties_are_kept_and_comments_accepted() {
        let tree = parse(
            "{\"type\": \"record\", \"name\": \"User\", \"fields\": [\n// generated\n{\"name\": \"id\", \"type\": {\"type\": \"string\", \"arg.properties\": {\"regex\": \"User_[1-9]\"}}}]}",
            &[],
        )
        .unwrap();
        assert_eq!(tree.fields[0].options, [("arg.properties".to_owned(), r#"{"regex":"User_[1-9]"}"#.to_owned())]);
    }

    #[test]
    fn invalid_schemas_say_what_is_wrong() {
        let cases = [
            (r#"{"type": "record", "name": "A"}"#, "no \"fields\""),
            (
                r#"{"type": "record", "name": "A", "fields": [{"name": "x", "type": "Missing"}]}"#,
                "unknown type \"Missing\"",
            ),
            (r#"{"type": "record", "name": "1A", "fields": []}"#, "not a valid Avro name"),
            (r#"{"type": "enum", "name": "E"}"#, "no \"symbols\""),
            (
                r#"{"type": "record", "name": "A", "fields": [{"name": "x", "type": "int"}, {"name": "x", "type": "int"}]}"#,
                "two fields named x",
            ),
            (r#"{"type": "record", "name": "A", "fields": ["#, "not valid JSON"),
            ("42", "not an Avro type"),
        ];
        for (text, expected) in cases {
            let error = parse(text, &[]).unwrap_err().to_string();
            assert!(error.contains(expected), "{text}: {error}");
        }
    }

    #[test]
    fn fifty_levels_of_nesting_and_ten_thousand_fields_parse() {
        let mut schema =
            r#"{"type": "record", "name": "L50", "fields": [{"name": "leaf", "type": "string"}]}"#.to_owned();
        for level in (0..50).rev() {
            schema = format!(
                r#"{{"type": "record", "name": "L{level}", "fields": [{{"name": "down", "type": {schema}}}]}}"#
            );
        }
        let tree = parse(&schema, &[]).unwrap();
        assert_eq!(tree.all_fields().len(), 51);

        let fields: Vec<String> = (0..10_000).map(|i| format!(r#"{{"name": "f{i}", "type": "long"}}"#)).collect();
        let wide = format!(r#"{{"type": "record", "name": "Wide", "fields": [{}]}}"#, fields.join(","));
        assert_eq!(parse(&wide, &[]).unwrap().fields.len(), 10_000);
    }
}
