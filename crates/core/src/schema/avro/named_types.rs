//! The named types (record, enum, fixed) of a schema and its references, registered by
//! full name under the specification's namespace rules and checked as it demands.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::MAX_TYPE_DEPTH;
use crate::schema::ParseError;

/// What registering a type name twice means: an error within one schema; among
/// references (several may define the same type), the first definition stands.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Redefinition {
    Refuse,
    KeepFirst,
}

/// Full name → (definition, its namespace).
#[derive(Default)]
pub(super) struct NamedTypes<'a> {
    types: HashMap<String, (&'a Map<String, Value>, String)>,
}

impl<'a> NamedTypes<'a> {
    /// Registers every named type defined in `value`, checking names and required
    /// attributes as the specification demands.
    pub(super) fn register(
        &mut self,
        value: &'a Value,
        namespace: &str,
        depth: usize,
        redefinition: Redefinition,
    ) -> Result<(), ParseError> {
        if depth > MAX_TYPE_DEPTH {
            return Err(ParseError::TypesTooDeep);
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
                                return Err(ParseError::Invalid(format!("the type {full_name} is defined twice")));
                            }
                            return Ok(());
                        }
                        self.types.insert(full_name.clone(), (object, own_namespace.clone()));
                        match kind {
                            "enum" => check_enum(object, &full_name),
                            "fixed" => match object.get("size").and_then(Value::as_u64) {
                                Some(_) => Ok(()),
                                None => Err(ParseError::Invalid(format!(
                                    "the fixed type {full_name} has no valid \"size\""
                                ))),
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
                                        return Err(ParseError::Invalid(format!(
                                            "the record {full_name} has two fields named {name}"
                                        )));
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
            other => Err(ParseError::Invalid(format!("{other} is not an Avro type"))),
        }
    }

    /// The definition a type name refers to, by the specification's lookup rule: a
    /// dotted name is full; otherwise the enclosing namespace first, then none.
    pub(super) fn resolve(&self, name: &str, namespace: &str) -> Option<(&'a Map<String, Value>, &str, String)> {
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

fn check_enum(object: &Map<String, Value>, full_name: &str) -> Result<(), ParseError> {
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
fn check_name(name: &str) -> Result<(), ParseError> {
    let mut characters = name.chars();
    let valid = characters.next().is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && characters.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if valid {
        Ok(())
    } else {
        Err(ParseError::Invalid(format!("\"{name}\" is not a valid Avro name")))
    }
}

/// The full name of a named type and the namespace its contents inherit.
pub(super) fn full_name(object: &Map<String, Value>, enclosing: &str) -> Result<(String, String), ParseError> {
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
