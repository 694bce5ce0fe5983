//! A type as the fields it contributes to the tree: records expand into their fields,
//! arrays and maps into their items' and values', unions into their branches; a named
//! type already being expanded above is marked recursive instead.

use model::Field;
use serde_json::{Map, Value};

use super::named_types::{full_name, NamedTypes};
use super::MAX_TYPE_DEPTH;
use crate::schema::tags::{is_tag_attribute, tags_of};
use crate::schema::ParseError;

const PRIMITIVES: [&str; 8] = ["null", "boolean", "int", "long", "float", "double", "bytes", "string"];
/// Field attributes the specification defines; any other attribute is a custom option.
const FIELD_ATTRIBUTES: [&str; 6] = ["name", "type", "doc", "default", "order", "aliases"];

/// What a type contributes to the field that has it.
pub(super) struct Shape {
    pub(super) label: String,
    pub(super) children: Vec<Field>,
    optional: bool,
    /// The full name, for named types.
    pub(super) named: Option<String>,
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

pub(super) struct TreeBuilder<'a, 'n> {
    named: &'n NamedTypes<'a>,
    /// Named types being expanded on the current path, to stop recursion.
    expanding: Vec<String>,
}

impl<'a, 'n> TreeBuilder<'a, 'n> {
    pub(super) fn new(named: &'n NamedTypes<'a>) -> Self {
        TreeBuilder { named, expanding: Vec::new() }
    }

    pub(super) fn shape(
        &mut self,
        value: &'a Value,
        namespace: &str,
        path: &str,
        depth: usize,
    ) -> Result<Shape, ParseError> {
        if depth > MAX_TYPE_DEPTH {
            return Err(ParseError::TypesTooDeep);
        }
        match value {
            Value::String(name) if PRIMITIVES.contains(&name.as_str()) => Ok(Shape::leaf(name.clone())),
            Value::String(name) => {
                let (object, own_namespace, full) =
                    self.named.resolve(name, namespace).ok_or_else(|| ParseError::UnknownType(name.to_owned()))?;
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
            other => Err(ParseError::Invalid(format!("{other} is not an Avro type"))),
        }
    }

    fn named_shape(
        &mut self,
        object: &'a Map<String, Value>,
        namespace: String,
        full: String,
        path: &str,
        depth: usize,
    ) -> Result<Shape, ParseError> {
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

    fn union(&mut self, branches: &'a [Value], namespace: &str, path: &str, depth: usize) -> Result<Shape, ParseError> {
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
            union.children.push(crate::schema::branch_field(path, shape.label, shape.children, shape.recursive_type));
        }
        Ok(union)
    }

    fn field(&mut self, value: &'a Value, namespace: &str, parent: &str, depth: usize) -> Result<Field, ParseError> {
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
        .filter(|(key, _)| !known.contains(&key.as_str()) && !is_tag_attribute(key))
        .map(|(key, value)| (key.clone(), value.to_string()))
        .collect()
}
