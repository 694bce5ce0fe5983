//! JSON Schema documents into the field tree: `properties` (with `required`), `items`,
//! `additionalProperties` maps, `$ref` to `#/definitions/..` / `#/$defs/..` and to other
//! schemas by their reference name (`customer.json`, `customer.json#/$defs/Address`),
//! `allOf` (merged), `oneOf`/`anyOf` (branches as children). A `$ref` already being
//! expanded above a field is marked recursive instead of followed.

use std::collections::HashMap;

use model::{Field, SchemaFormat, SchemaTree};
use serde_json::{Map, Value};

use super::tags::{is_tag_attribute, tags_of};
use super::{json_text, ParseError, ReferencedSchema, MAX_TYPE_DEPTH};

/// Keywords of the JSON Schema vocabulary; anything else on a property is a custom
/// annotation, kept verbatim.
const KEYWORDS: &[&str] = &[
    "$schema",
    "$id",
    "$ref",
    "$defs",
    "$comment",
    "$anchor",
    "id",
    "title",
    "description",
    "type",
    "properties",
    "required",
    "items",
    "additionalProperties",
    "definitions",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "enum",
    "const",
    "default",
    "format",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "multipleOf",
    "examples",
    "readOnly",
    "writeOnly",
    "patternProperties",
    "propertyNames",
    "minProperties",
    "maxProperties",
    "dependencies",
    "if",
    "then",
    "else",
    "contentEncoding",
    "contentMediaType",
    "deprecated",
    "unevaluatedProperties",
    "prefixItems",
];

pub fn parse(text: &str, references: &[ReferencedSchema]) -> Result<SchemaTree, ParseError> {
    let root = json_text::parse(text)?;
    let Value::Object(object) = &root else { return Err("a JSON Schema must be a JSON object".into()) };
    // A reference that does not parse fails only the schemas whose `$ref`s reach it:
    // one broken file in a contracts directory must not break its neighbours.
    let documents: HashMap<&str, Result<Value, ParseError>> = references
        .iter()
        .map(|reference| {
            let document = json_text::parse(&reference.text).map_err(|error| error.in_reference(&reference.name));
            (reference.name.as_str(), document)
        })
        .collect();
    let mut builder = Builder { root: &root, documents: &documents, expanding: Vec::new() };
    let shape = builder.shape(&root, &root, "", 0)?;
    Ok(SchemaTree {
        format: SchemaFormat::Json,
        name: object.get("title").and_then(Value::as_str).unwrap_or_default().to_owned(),
        type_label: shape.label,
        doc: object.get("description").and_then(Value::as_str).map(str::to_owned),
        tags: tags_of(object),
        fields: shape.children,
        declared_topics: Vec::new(),
    })
}

struct Shape {
    label: String,
    children: Vec<Field>,
    nullable: bool,
    recursive_type: Option<String>,
}

struct Builder<'a> {
    root: &'a Value,
    documents: &'a HashMap<&'a str, Result<Value, ParseError>>,
    expanding: Vec<String>,
}

impl<'a> Builder<'a> {
    /// The shape of `schema`, whose `$ref`s resolve against `document`.
    fn shape(&mut self, schema: &'a Value, document: &'a Value, path: &str, depth: usize) -> Result<Shape, ParseError> {
        if depth > MAX_TYPE_DEPTH {
            return Err(ParseError::TypesTooDeep);
        }
        let Value::Object(object) = schema else {
            // `true` / `false` schemas accept anything / nothing.
            return Ok(Shape { label: "any".into(), children: Vec::new(), nullable: false, recursive_type: None });
        };
        if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
            let (target, target_document) = self.resolve(reference, document)?;
            if self.expanding.iter().any(|seen| seen == reference) {
                let name = reference.rsplit('/').next().unwrap_or(reference).to_owned();
                return Ok(Shape {
                    label: name.clone(),
                    children: Vec::new(),
                    nullable: false,
                    recursive_type: Some(name),
                });
            }
            self.expanding.push(reference.to_owned());
            let mut shape = self.shape(target, target_document, path, depth + 1)?;
            self.expanding.pop();
            if shape.label == "object" {
                shape.label = reference.rsplit('/').next().unwrap_or(reference).to_owned();
            }
            return Ok(shape);
        }
        let (types, nullable) = types_of(object);
        let mut shape = Shape { label: types.join(" | "), children: Vec::new(), nullable, recursive_type: None };
        if let Some(Value::Array(branches)) = object.get("allOf") {
            for branch in branches {
                let merged = self.shape(branch, document, path, depth + 1)?;
                shape.children.extend(merged.children);
                if shape.label.is_empty() {
                    shape.label = merged.label;
                }
            }
        }
        for keyword in ["oneOf", "anyOf"] {
            let Some(Value::Array(branches)) = object.get(keyword) else { continue };
            let mut labels = Vec::new();
            for branch in branches {
                let alternative = self.shape(branch, document, path, depth + 1)?;
                if alternative.label == "null" {
                    shape.nullable = true;
                    continue;
                }
                labels.push(alternative.label.clone());
                if !alternative.children.is_empty() || alternative.recursive_type.is_some() {
                    shape.children.push(super::branch_field(
                        path,
                        alternative.label.clone(),
                        alternative.children,
                        alternative.recursive_type,
                    ));
                }
            }
            shape.label =
                if labels.len() == 1 { labels.remove(0) } else { format!("{keyword}[{}]", labels.join(", ")) };
        }
        if let Some(Value::Object(properties)) = object.get("properties") {
            let required: Vec<&str> = object
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            for (name, property) in properties {
                let mut field = self.field(name, property, document, path, depth)?;
                field.optional = field.optional || !required.contains(&name.as_str());
                shape.children.push(field);
            }
            if shape.label.is_empty() {
                shape.label = "object".into();
            }
        }
        if let Some(items) = object.get("items") {
            let item = self.shape(items, document, path, depth + 1)?;
            shape.label = format!("array<{}>", item.label);
            shape.children = item.children;
            shape.recursive_type = item.recursive_type;
        } else if let Some(values @ Value::Object(_)) = object.get("additionalProperties") {
            if object.get("properties").is_none() {
                let value = self.shape(values, document, path, depth + 1)?;
                shape.label = format!("map<string, {}>", value.label);
                shape.children = value.children;
                shape.recursive_type = value.recursive_type;
            }
        }
        if shape.label.is_empty() {
            shape.label = if object.contains_key("enum") { "enum".into() } else { "any".into() };
        }
        Ok(shape)
    }

    fn field(
        &mut self,
        name: &str,
        schema: &'a Value,
        document: &'a Value,
        parent: &str,
        depth: usize,
    ) -> Result<Field, ParseError> {
        let mut field = Field::new(name, parent, String::new());
        let shape = self.shape(schema, document, &field.path, depth + 1)?;
        field.type_label = shape.label;
        field.children = shape.children;
        field.optional = shape.nullable;
        field.recursive_type = shape.recursive_type;
        if let Value::Object(object) = schema {
            field.doc = object.get("description").and_then(Value::as_str).map(str::to_owned);
            field.default = object.get("default").map(Value::to_string);
            field.tags = tags_of(object);
            field.options = object
                .iter()
                .filter(|(key, _)| !KEYWORDS.contains(&key.as_str()) && !is_tag_attribute(key))
                .map(|(key, value)| (key.clone(), value.to_string()))
                .collect();
            if let Some(values) = object.get("enum") {
                field.options.push(("enum".into(), values.to_string()));
            }
        }
        Ok(field)
    }

    /// The schema a `$ref` names, and the document its own `$ref`s resolve against.
    fn resolve(&self, reference: &str, document: &'a Value) -> Result<(&'a Value, &'a Value), ParseError> {
        let (file, pointer) = reference.split_once('#').unwrap_or((reference, ""));
        let document = if file.is_empty() {
            document
        } else {
            let found =
                self.documents.get(file).ok_or_else(|| format!("$ref {reference}: no reference named {file}"))?;
            found.as_ref().map_err(Clone::clone)?
        };
        let target = if pointer.is_empty() { Some(document) } else { document.pointer(pointer) };
        let target = target.ok_or_else(|| format!("$ref {reference} points at nothing"))?;
        // The main document is `self.root`; keep its lifetime for nested lookups.
        let document = if std::ptr::eq(document, self.root) { self.root } else { document };
        Ok((target, document))
    }
}

/// The declared types without `null`, and whether `null` is allowed.
fn types_of(object: &Map<String, Value>) -> (Vec<String>, bool) {
    match object.get("type") {
        Some(Value::String(single)) if single == "null" => (vec!["null".into()], true),
        Some(Value::String(single)) => (vec![single.clone()], false),
        Some(Value::Array(many)) => {
            let names: Vec<String> = many.iter().filter_map(Value::as_str).map(str::to_owned).collect();
            let nullable = names.iter().any(|name| name == "null");
            (names.into_iter().filter(|name| name != "null").collect(), nullable)
        }
        _ => (Vec::new(), false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(tree: &SchemaTree) -> Vec<String> {
        tree.all_fields().iter().map(|field| format!("{}: {}", field.path, field.type_label)).collect()
    }

    #[test]
    fn properties_refs_arrays_maps_and_required() {
        let tree = parse(
            r##"{"$schema": "http://json-schema.org/draft-07/schema#", "title": "Order", "type": "object",
                "required": ["id"],
                "properties": {
                  "id": {"type": "string", "description": "Order id"},
                  "customer": {"$ref": "#/definitions/Customer"},
                  "lines": {"type": "array", "items": {"type": "object", "properties": {"sku": {"type": "string"}}}},
                  "attributes": {"type": "object", "additionalProperties": {"type": "string"}},
                  "note": {"type": ["string", "null"], "default": null}
                },
                "definitions": {"Customer": {"type": "object", "properties": {
                  "email": {"type": "string", "confluent:tags": ["PII"]}}}}}"##,
            &[],
        )
        .unwrap();
        assert_eq!(tree.name, "Order");
        assert_eq!(
            labels(&tree),
            [
                "id: string",
                "customer: Customer",
                "customer.email: string",
                "lines: array<object>",
                "lines.sku: string",
                "attributes: map<string, string>",
                "note: string",
            ]
        );
        assert!(!tree.fields[0].optional && tree.fields[1].optional && tree.fields[4].optional);
        assert_eq!(tree.fields[1].children[0].tags, ["PII"]);
        assert_eq!(tree.fields[0].doc.as_deref(), Some("Order id"));
    }

    #[test]
    fn all_of_merges_one_of_branches_and_defs_and_external_refs_resolve() {
        let address = ReferencedSchema {
            name: "address.json".into(),
            text: r#"{"type": "object", "properties": {"zip": {"type": "string", "confluent:tags": ["PII"]}}}"#.into(),
        };
        let tree = parse(
            r##"{"type": "object", "allOf": [
                   {"properties": {"id": {"type": "string"}}},
                   {"properties": {"home": {"$ref": "address.json"}}}],
                 "properties": {
                   "payment": {"oneOf": [{"$ref": "#/$defs/Card"}, {"type": "null"}]}},
                 "$defs": {"Card": {"type": "object", "properties": {"number": {"type": "string"}}}}}"##,
            &[address],
        )
        .unwrap();
        assert_eq!(
            labels(&tree),
            [
                "id: string",
                "home: address.json",
                "home.zip: string",
                "payment: Card",
                "payment.Card: Card",
                "payment.Card.number: string"
            ]
        );
        assert!(tree.fields[2].optional, "oneOf with null");
    }

    #[test]
    fn fifty_levels_of_nesting_and_ten_thousand_fields_parse() {
        let mut schema = r#"{"type": "string"}"#.to_owned();
        for level in (0..50).rev() {
            schema = format!(r#"{{"type": "object", "properties": {{"l{level}": {schema}}}}}"#);
        }
        assert_eq!(parse(&schema, &[]).unwrap().all_fields().len(), 50);
        let properties: Vec<String> = (0..10_000).map(|i| format!(r#""f{i}": {{"type": "integer"}}"#)).collect();
        let wide = format!(r#"{{"type": "object", "properties": {{{}}}}}"#, properties.join(","));
        assert_eq!(parse(&wide, &[]).unwrap().fields.len(), 10_000);
    }

    #[test]
    fn recursive_refs_stop_and_bad_documents_are_reported() {
        let tree = parse(
            r##"{"$ref": "#/definitions/Node", "definitions": {"Node": {"type": "object", "properties": {
                 "value": {"type": "integer"}, "next": {"$ref": "#/definitions/Node"}}}}}"##,
            &[],
        )
        .unwrap();
        assert_eq!(tree.fields[1].recursive_type.as_deref(), Some("Node"));
        assert!(parse("[1, 2]", &[]).unwrap_err().to_string().contains("JSON object"));
        assert!(parse(r##"{"$ref": "#/definitions/Missing"}"##, &[])
            .unwrap_err()
            .to_string()
            .contains("points at nothing"));
        assert!(parse(r#"{"$ref": "other.json"}"#, &[])
            .unwrap_err()
            .to_string()
            .contains("no reference named other.json"));
    }
}
