//! Avro schemas (the JSON form of the Avro specification, 1.11) into the field tree.
//!
//! Named types (record, enum, fixed) are registered by full name, following the
//! specification's namespace rules, from the schema and from its references (the
//! registry's `references`: schemas whose named types this one uses). A named type used
//! inside itself is shown once and then marked recursive. Custom properties (such as
//! datagen's `arg.properties`) are legal Avro and kept verbatim as options.

use std::collections::HashMap;

use app::model::{Field, SchemaFormat, SchemaTree};
use serde_json::{Map, Value};

use super::json_text;
use super::tags::tags_of;

const PRIMITIVES: [&str; 8] = ["null", "boolean", "int", "long", "float", "double", "bytes", "string"];
/// Field attributes the specification defines; any other attribute is a custom option.
const FIELD_ATTRIBUTES: [&str; 6] = ["name", "type", "doc", "default", "order", "aliases"];
/// Deepest type nesting followed; deeper schemas are refused rather than risk the stack.
const MAX_TYPE_DEPTH: usize = 256;

/// Parses Avro schema `text`; `references` are the texts of the schemas it refers to,
/// already resolved (each reference's own references first).
pub fn parse(text: &str, references: &[String]) -> Result<SchemaTree, String> {
    let mut named = NamedTypes::default();
    let mut roots = Vec::with_capacity(references.len());
    for (index, reference) in references.iter().enumerate() {
        let value = json_text::parse(reference).map_err(|error| format!("reference {}: {error}", index + 1))?;
        roots.push(value);
    }
    for value in &roots {
        named.register(value, "", 0, Redefinition::KeepFirst)?;
    }
    let root = json_text::parse(text)?;
    named.register(&root, "", 0, Redefinition::Refuse)?;

    let mut builder = TreeBuilder { named: &named, expanding: Vec::new() };
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

/// What registering a type name twice means: an error within one schema; among
/// references (several may define the same type), the first definition stands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Redefinition {
    Refuse,
    KeepFirst,
}

fn root_label(root: &Value, label: &str) -> String {
    match root.get("type").and_then(Value::as_str) {
        Some(kind @ ("record" | "error" | "enum" | "fixed")) => kind.to_owned(),
        _ => label.to_owned(),
    }
}

/// Full name → (definition, its namespace).
#[derive(Default)]
struct NamedTypes<'a> {
    types: HashMap<String, (&'a Map<String, Value>, String)>,
}

impl<'a> NamedTypes<'a> {
    /// Registers every named type defined in `value`, checking names and required
    /// attributes as the specification demands.
    fn register(
        &mut self,
        value: &'a Value,
        namespace: &str,
        depth: usize,
        redefinition: Redefinition,
    ) -> Result<(), String> {
        if depth > MAX_TYPE_DEPTH {
            return Err(format!("types nested deeper than {MAX_TYPE_DEPTH} levels"));
        }
        match value {
            Value::Array(branches) => {
                for branch in branches {
                    self.register(branch, namespace, depth + 1, redefinition)?;
                }
                Ok(())
            }
            Value::Object(object) => {
                let kind = object.get("type").ok_or("a type object has no \"type\"")?;
                match kind.as_str() {
                    Some(kind @ ("record" | "error" | "enum" | "fixed")) => {
                        let (full_name, own_namespace) = full_name(object, namespace)?;
                        if self.types.contains_key(&full_name) {
                            if redefinition == Redefinition::Refuse {
                                return Err(format!("the type {full_name} is defined twice"));
                            }
                            return Ok(());
                        }
                        self.types.insert(full_name.clone(), (object, own_namespace.clone()));
                        match kind {
                            "enum" => check_enum(object, &full_name),
                            "fixed" => match object.get("size").and_then(Value::as_u64) {
                                Some(_) => Ok(()),
                                None => Err(format!("the fixed type {full_name} has no valid \"size\"")),
                            },
                            _ => {
                                let fields = object
                                    .get("fields")
                                    .and_then(Value::as_array)
                                    .ok_or_else(|| format!("the record {full_name} has no \"fields\" array"))?;
                                let mut seen = std::collections::HashSet::new();
                                for field in fields {
                                    let name = field
                                        .get("name")
                                        .and_then(Value::as_str)
                                        .ok_or_else(|| format!("a field of {full_name} has no \"name\""))?;
                                    check_name(name).map_err(|error| format!("field {full_name}.{name}: {error}"))?;
                                    if !seen.insert(name) {
                                        return Err(format!("the record {full_name} has two fields named {name}"));
                                    }
                                    let field_type = field
                                        .get("type")
                                        .ok_or_else(|| format!("the field {full_name}.{name} has no \"type\""))?;
                                    self.register(field_type, &own_namespace, depth + 1, redefinition)?;
                                }
                                Ok(())
                            }
                        }
                    }
                    Some("array") => self.register(
                        object.get("items").ok_or("an array type has no \"items\"")?,
                        namespace,
                        depth + 1,
                        redefinition,
                    ),
                    Some("map") => {
                        let values = object.get("values").ok_or("a map type has no \"values\"")?;
                        self.register(values, namespace, depth + 1, redefinition)
                    }
                    _ => self.register(kind, namespace, depth + 1, redefinition),
                }
            }
            Value::String(_) => Ok(()),
            other => Err(format!("{other} is not an Avro type")),
        }
    }

    /// The definition a type name refers to, by the specification's lookup rule: a
    /// dotted name is full; otherwise the enclosing namespace first, then none.
    fn resolve(&self, name: &str, namespace: &str) -> Option<(&'a Map<String, Value>, &str, String)> {
        let candidates = if name.contains('.') || namespace.is_empty() {
            vec![name.to_owned()]
        } else {
            vec![format!("{namespace}.{name}"), name.to_owned()]
        };
        candidates.into_iter().find_map(|candidate| {
            self.types.get(&candidate).map(|(object, own_namespace)| (*object, own_namespace.as_str(), candidate))
        })
    }
}

fn check_enum(object: &Map<String, Value>, full_name: &str) -> Result<(), String> {
    let symbols = object
        .get("symbols")
        .and_then(Value::as_array)
        .ok_or_else(|| format!("the enum {full_name} has no \"symbols\" array"))?;
    for symbol in symbols {
        let symbol = symbol.as_str().ok_or_else(|| format!("a symbol of {full_name} is not a string"))?;
        check_name(symbol).map_err(|error| format!("enum {full_name}: {error}"))?;
    }
    Ok(())
}

/// `[A-Za-z_][A-Za-z0-9_]*`, as the specification requires of names and symbols.
fn check_name(name: &str) -> Result<(), String> {
    let mut characters = name.chars();
    let valid = characters.next().is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && characters.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if valid {
        Ok(())
    } else {
        Err(format!("\"{name}\" is not a valid Avro name"))
    }
}

/// The full name of a named type and the namespace its contents inherit.
fn full_name(object: &Map<String, Value>, enclosing: &str) -> Result<(String, String), String> {
    let name = object.get("name").and_then(Value::as_str).ok_or("a named type has no \"name\"")?;
    let namespace = match (name.rsplit_once('.'), object.get("namespace").and_then(Value::as_str)) {
        (Some((namespace, _)), _) => namespace.to_owned(),
        (None, Some(namespace)) => namespace.to_owned(),
        (None, None) => enclosing.to_owned(),
    };
    let short = name.rsplit('.').next().unwrap_or(name);
    check_name(short)?;
    let full = if namespace.is_empty() { short.to_owned() } else { format!("{namespace}.{short}") };
    Ok((full, namespace))
}

/// What a type contributes to the field that has it.
struct Shape {
    label: String,
    children: Vec<Field>,
    optional: bool,
    /// The full name, for named types.
    named: Option<String>,
    recursive_type: Option<String>,
    options: Vec<(String, String)>,
    tags: Vec<String>,
}

impl Shape {
    fn leaf(label: impl Into<String>) -> Self {
        Shape {
            label: label.into(),
            children: Vec::new(),
            optional: false,
            named: None,
            recursive_type: None,
            options: Vec::new(),
            tags: Vec::new(),
        }
    }
}

struct TreeBuilder<'a, 'n> {
    named: &'n NamedTypes<'a>,
    /// Named types being expanded on the current path, to stop recursion.
    expanding: Vec<String>,
}

impl<'a> TreeBuilder<'a, '_> {
    fn shape(&mut self, value: &'a Value, namespace: &str, path: &str, depth: usize) -> Result<Shape, String> {
        if depth > MAX_TYPE_DEPTH {
            return Err(format!("types nested deeper than {MAX_TYPE_DEPTH} levels"));
        }
        match value {
            Value::String(name) if PRIMITIVES.contains(&name.as_str()) => Ok(Shape::leaf(name.clone())),
            Value::String(name) => {
                let (object, own_namespace, full) = self
                    .named
                    .resolve(name, namespace)
                    .ok_or_else(|| format!("unknown type \"{name}\" (not defined here or in a reference)"))?;
                self.named_shape(object, own_namespace.to_owned(), full, path, depth)
            }
            Value::Array(branches) => self.union(branches, namespace, path, depth),
            Value::Object(object) => {
                let kind = object.get("type").ok_or("a type object has no \"type\"")?;
                match kind.as_str() {
                    Some("record" | "error" | "enum" | "fixed") => {
                        let (full, own_namespace) = full_name(object, namespace)?;
                        self.named_shape(object, own_namespace, full, path, depth)
                    }
                    Some("array") => {
                        let items = self.shape(&object["items"], namespace, path, depth + 1)?;
                        Ok(Shape { label: format!("array<{}>", items.label), ..items.without_name() })
                    }
                    Some("map") => {
                        let values = self.shape(&object["values"], namespace, path, depth + 1)?;
                        Ok(Shape { label: format!("map<string, {}>", values.label), ..values.without_name() })
                    }
                    _ => {
                        // A primitive (or any type) with attributes: logical types and
                        // custom properties.
                        let mut inner = self.shape(kind, namespace, path, depth + 1)?;
                        if let Some(logical) = object.get("logicalType").and_then(Value::as_str) {
                            inner.label = format!("{} ({logical})", inner.label);
                        }
                        inner.options.extend(custom_properties(object, &["type", "logicalType"]));
                        inner.tags.extend(tags_of(object));
                        Ok(inner)
                    }
                }
            }
            other => Err(format!("{other} is not an Avro type")),
        }
    }

    fn named_shape(
        &mut self,
        object: &'a Map<String, Value>,
        namespace: String,
        full: String,
        path: &str,
        depth: usize,
    ) -> Result<Shape, String> {
        let kind = object.get("type").and_then(Value::as_str).unwrap_or_default();
        let mut shape = Shape::leaf(full.clone());
        shape.named = Some(full.clone());
        shape.tags = tags_of(object);
        match kind {
            "enum" => {
                let symbols: Vec<&str> = object
                    .get("symbols")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
                shape.options.push(("symbols".into(), symbols.join(", ")));
            }
            "fixed" => {
                let size = object.get("size").and_then(Value::as_u64).unwrap_or_default();
                shape.options.push(("size".into(), size.to_string()));
            }
            _ if self.expanding.contains(&full) => shape.recursive_type = Some(full),
            _ => {
                self.expanding.push(full);
                let fields = object.get("fields").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
                for field in fields {
                    shape.children.push(self.field(field, &namespace, path, depth + 1)?);
                }
                self.expanding.pop();
            }
        }
        Ok(shape)
    }

    fn union(&mut self, branches: &'a [Value], namespace: &str, path: &str, depth: usize) -> Result<Shape, String> {
        let optional = branches.iter().any(|branch| branch.as_str() == Some("null"));
        let mut shapes = Vec::new();
        for branch in branches.iter().filter(|branch| branch.as_str() != Some("null")) {
            shapes.push(self.shape(branch, namespace, path, depth + 1)?);
        }
        if shapes.len() == 1 {
            let mut only = shapes.remove(0);
            only.optional = optional;
            return Ok(only);
        }
        let labels: Vec<String> = branches
            .iter()
            .filter(|branch| branch.as_str() == Some("null"))
            .map(|_| "null".to_owned())
            .chain(shapes.iter().map(|shape| shape.label.clone()))
            .collect();
        let mut union = Shape::leaf(format!("union[{}]", labels.join(", ")));
        union.optional = optional;
        // Each record branch shows as a child named after its type.
        for shape in shapes.into_iter().filter(|shape| !shape.children.is_empty() || shape.recursive_type.is_some()) {
            union.children.push(super::branch_field(path, shape.label, shape.children, shape.recursive_type));
        }
        Ok(union)
    }

    fn field(&mut self, value: &'a Value, namespace: &str, parent: &str, depth: usize) -> Result<Field, String> {
        let object = value.as_object().ok_or("a field is not a JSON object")?;
        let name = object.get("name").and_then(Value::as_str).ok_or("a field has no \"name\"")?;
        let mut field = Field::new(name, parent, String::new());
        let shape = self.shape(&object["type"], namespace, &field.path, depth)?;
        field.type_label = shape.label;
        field.children = shape.children;
        field.optional = shape.optional;
        field.recursive_type = shape.recursive_type;
        field.doc = object.get("doc").and_then(Value::as_str).map(str::to_owned);
        field.default = object.get("default").map(Value::to_string);
        field.tags = tags_of(object);
        field.tags.extend(shape.tags);
        field.tags.sort();
        field.tags.dedup();
        field.options = custom_properties(object, &FIELD_ATTRIBUTES);
        field.options.extend(shape.options);
        Ok(field)
    }
}

impl Shape {
    fn without_name(self) -> Shape {
        Shape { named: None, ..self }
    }
}

/// Attributes other than `known` and the tag attributes, as (name, JSON text).
fn custom_properties(object: &Map<String, Value>, known: &[&str]) -> Vec<(String, String)> {
    object
        .iter()
        .filter(|(key, _)| !known.contains(&key.as_str()) && !super::tags::is_tag_attribute(key))
        .map(|(key, value)| (key.clone(), value.to_string()))
        .collect()
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
            let error = parse(text, &[]).unwrap_err();
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
