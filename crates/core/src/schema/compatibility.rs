//! The tool's own compatibility check, for the directory source and the registry
//! double: the registry compatibility levels, judged on field trees by each format's
//! reading rules. Avro (schema resolution): a reader needs a default for every field
//! the writer lacks; types only promote int → long → float → double and string ↔ bytes;
//! an enum reader needs every symbol the writer may send. Protobuf: every field has a
//! default and unknown fields are skipped, so only type changes between wire-incompatible
//! types break. JSON Schema (open content model): a reader breaks on a required property
//! the writer lacks and on changed types (integer → number widens). A registry's own
//! `/compatibility` answer is preferred wherever there is a registry.

use std::collections::HashMap;

use model::{Field, SchemaFormat, SchemaTree};

/// A registry compatibility level; read from configuration by its REST API name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "String")]
pub enum Level {
    None,
    Backward,
    BackwardTransitive,
    Forward,
    ForwardTransitive,
    Full,
    FullTransitive,
}

impl TryFrom<String> for Level {
    type Error = String;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        Level::parse(&name).ok_or_else(|| {
            format!(
                "`{name}` is not a compatibility level (NONE, BACKWARD, FORWARD, FULL, with or without _TRANSITIVE)"
            )
        })
    }
}

impl Level {
    /// The level named as the REST API names it (case-insensitive).
    pub fn parse(name: &str) -> Option<Level> {
        Some(match name.to_ascii_uppercase().as_str() {
            "NONE" => Level::None,
            "BACKWARD" => Level::Backward,
            "BACKWARD_TRANSITIVE" => Level::BackwardTransitive,
            "FORWARD" => Level::Forward,
            "FORWARD_TRANSITIVE" => Level::ForwardTransitive,
            "FULL" => Level::Full,
            "FULL_TRANSITIVE" => Level::FullTransitive,
            _ => return None,
        })
    }

    /// The same direction against one version only.
    pub fn without_transitivity(self) -> Level {
        match self {
            Level::BackwardTransitive => Level::Backward,
            Level::ForwardTransitive => Level::Forward,
            Level::FullTransitive => Level::Full,
            other => other,
        }
    }

    fn transitive(self) -> bool {
        matches!(self, Level::BackwardTransitive | Level::ForwardTransitive | Level::FullTransitive)
    }

    fn backward(self) -> bool {
        matches!(self, Level::Backward | Level::BackwardTransitive | Level::Full | Level::FullTransitive)
    }

    fn forward(self) -> bool {
        matches!(self, Level::Forward | Level::ForwardTransitive | Level::Full | Level::FullTransitive)
    }
}

/// Why `proposed` is incompatible with `existing` (oldest first) at `level`; empty when
/// compatible. Non-transitive levels compare with the latest existing schema only.
pub fn check(level: Level, proposed: &SchemaTree, existing: &[SchemaTree]) -> Vec<String> {
    let against: &[SchemaTree] = match (level.transitive(), existing.split_last()) {
        (_, None) => &[],
        (true, _) => existing,
        (false, Some((latest, _))) => std::slice::from_ref(latest),
    };
    let mut problems = Vec::new();
    for old in against {
        if level.backward() {
            problems.extend(can_read("new schema", proposed, old));
        }
        if level.forward() {
            problems.extend(can_read("old schema", old, proposed));
        }
    }
    problems.dedup();
    problems
}

/// Whether data written with `writer` can be read with `reader`, as reasons it cannot.
fn can_read(reader_name: &str, reader: &SchemaTree, writer: &SchemaTree) -> Vec<String> {
    let written: HashMap<&str, &Field> = writer.all_fields().into_iter().map(|f| (f.path.as_str(), f)).collect();
    let mut problems = Vec::new();
    // A root that is no longer a record (an object becoming a string, say) reads
    // nothing the other wrote, whatever its fields.
    if !promotable(reader.format, &writer.type_label, &reader.type_label) {
        problems.push(format!(
            "the root type changed from {} to {}, which {reader_name} cannot read",
            writer.type_label, reader.type_label
        ));
    }
    for field in reader.all_fields() {
        let has_default = match reader.format {
            SchemaFormat::Avro => field.default.is_some(),
            SchemaFormat::Protobuf => true,
            SchemaFormat::Json => field.optional || field.default.is_some(),
        };
        match written.get(field.path.as_str()) {
            None if !has_default => problems
                .push(format!("{reader_name} reads field {} that the other lacks, without a default", field.path)),
            None => {}
            Some(old) => {
                if !promotable(reader.format, &old.type_label, &field.type_label) {
                    problems.push(format!(
                        "field {} changed type from {} to {}, which {reader_name} cannot read",
                        field.path, old.type_label, field.type_label
                    ));
                }
                let missing = missing_symbols(old, field);
                if !missing.is_empty() {
                    problems.push(format!(
                        "{reader_name} lacks enum symbols {} of field {}",
                        missing.join(", "),
                        field.path
                    ));
                }
            }
        }
    }
    problems
}

/// Whether a value written as `writer` reads as `reader`, per format.
fn promotable(format: SchemaFormat, writer: &str, reader: &str) -> bool {
    writer == reader
        || match format {
            SchemaFormat::Avro => matches!(
                (writer, reader),
                ("int", "long" | "float" | "double")
                    | ("long", "float" | "double")
                    | ("float", "double")
                    | ("string", "bytes")
                    | ("bytes", "string")
            ),
            // Varint types share one wire encoding; so do string and bytes.
            SchemaFormat::Protobuf => {
                let varint = ["int32", "int64", "uint32", "uint64", "bool"];
                (varint.contains(&writer) && varint.contains(&reader))
                    || matches!((writer, reader), ("string", "bytes") | ("bytes", "string"))
            }
            SchemaFormat::Json => matches!((writer, reader), ("integer", "number")),
        }
}

fn missing_symbols(writer: &Field, reader: &Field) -> Vec<String> {
    let symbols = |field: &Field| -> Option<Vec<String>> {
        field
            .options
            .iter()
            .find(|(name, _)| name == "symbols")
            .map(|(_, list)| list.split(", ").map(str::to_owned).collect())
    };
    match (symbols(writer), symbols(reader)) {
        (Some(written), Some(readable)) => written.into_iter().filter(|s| !readable.contains(s)).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::avro;

    fn schema(fields: &str) -> SchemaTree {
        avro::parse(&format!(r#"{{"type": "record", "name": "Order", "fields": [{fields}]}}"#), &[]).unwrap()
    }

    #[test]
    fn adding_a_field_needs_a_default_for_backward_compatibility() {
        let v1 = schema(r#"{"name": "id", "type": "string"}"#);
        let with_default =
            schema(r#"{"name": "id", "type": "string"}, {"name": "note", "type": "string", "default": ""}"#);
        let without = schema(r#"{"name": "id", "type": "string"}, {"name": "note", "type": "string"}"#);
        assert!(check(Level::Backward, &with_default, std::slice::from_ref(&v1)).is_empty());
        let problems = check(Level::Backward, &without, std::slice::from_ref(&v1));
        assert!(problems[0].contains("note"), "{problems:?}");
        assert!(check(Level::Forward, &without, std::slice::from_ref(&v1)).is_empty(), "old readers ignore new fields");
        assert!(check(Level::None, &without, &[v1]).is_empty());
    }

    #[test]
    fn removing_a_field_without_default_breaks_forward_and_types_only_promote() {
        let v1 = schema(r#"{"name": "id", "type": "string"}, {"name": "qty", "type": "int"}"#);
        let removed = schema(r#"{"name": "id", "type": "string"}"#);
        assert!(!check(Level::Forward, &removed, std::slice::from_ref(&v1)).is_empty());
        assert!(check(Level::Backward, &removed, std::slice::from_ref(&v1)).is_empty());
        let widened = schema(r#"{"name": "id", "type": "string"}, {"name": "qty", "type": "long"}"#);
        assert!(check(Level::Backward, &widened, std::slice::from_ref(&v1)).is_empty());
        assert!(!check(Level::Full, &widened, std::slice::from_ref(&v1)).is_empty(), "long cannot be read as int");
    }

    #[test]
    fn protobuf_and_json_schema_follow_their_own_reading_rules() {
        let proto = |body: &str| {
            crate::schema::protobuf::parse(
                &format!("syntax = \"proto3\"; message M {{ {body} }}"),
                &[],
                &Default::default(),
            )
            .unwrap()
        };
        let v1 = proto("string id = 1;");
        assert!(check(Level::Full, &proto("string id = 1; int32 qty = 2;"), std::slice::from_ref(&v1)).is_empty());
        assert!(!check(Level::Backward, &proto("int64 id = 1;"), std::slice::from_ref(&v1)).is_empty());

        let json = |properties: &str, required: &str| {
            crate::schema::json_schema::parse(
                &format!(r#"{{"type": "object", "properties": {{{properties}}}, "required": [{required}]}}"#),
                &[],
            )
            .unwrap()
        };
        let v1 = json(r#""id": {"type": "string"}"#, r#""id""#);
        let optional_added = json(r#""id": {"type": "string"}, "note": {"type": "string"}"#, r#""id""#);
        let required_added = json(r#""id": {"type": "string"}, "note": {"type": "string"}"#, r#""id", "note""#);
        assert!(check(Level::Backward, &optional_added, std::slice::from_ref(&v1)).is_empty());
        assert!(!check(Level::Backward, &required_added, std::slice::from_ref(&v1)).is_empty());
        let string_root = crate::schema::json_schema::parse(r#"{"type": "string"}"#, &[]).unwrap();
        let problems = check(Level::Backward, &string_root, std::slice::from_ref(&v1));
        assert!(problems.iter().any(|problem| problem.contains("root type")), "{problems:?}");
    }

    #[test]
    fn transitive_levels_compare_with_every_version() {
        let v1 = schema(r#"{"name": "id", "type": "string"}"#);
        let v2 = schema(r#"{"name": "id", "type": "string"}, {"name": "note", "type": "string", "default": ""}"#);
        let v3 = schema(
            r#"{"name": "note", "type": "string", "default": ""}, {"name": "id", "type": "string"}, {"name": "x", "type": "int", "default": 0}"#,
        );
        let history = [v1, v2];
        assert!(check(Level::Forward, &v3, &history).is_empty());
        assert!(Level::parse("full_transitive") == Some(Level::FullTransitive));
        assert_eq!(Level::parse("sideways"), None);
    }
}
