//! Schema parsing: pure, no I/O. Each format's text becomes the one field-tree model of
//! [`app::model::SchemaTree`].
//!
//! - [`avro`]: Avro (JSON form), named types from references, recursion cut.
//! - [`protobuf`]: Protobuf via protox, Confluent meta options, custom options, topics.
//! - [`json_schema`]: JSON Schema: `$ref`, `definitions`/`$defs`, `allOf`/`oneOf`/`anyOf`.
//! - [`json_text`]: JSON with comments and deep nesting, as schema texts are written.
//! - [`tags`]: tag attributes and registration-time path tags (`**.ssn`).
//! - [`compatibility`]: the tool's own compatibility check, on field trees.

pub mod avro;
pub mod compatibility;
pub mod json_schema;
pub mod json_text;
pub mod protobuf;
pub mod tags;

use app::model::{Field, SchemaFormat, SchemaTree};

/// A schema referenced by another: its reference name (the import path, for Protobuf
/// and JSON Schema `$ref`s) and its text.
#[derive(Clone, Debug)]
pub struct ReferencedSchema {
    pub name: String,
    pub text: String,
}

/// Settings that change how schemas are read.
#[derive(Clone, Debug)]
pub struct ParseOptions {
    /// The Protobuf message option (full name, or its last segment) that lists the
    /// topics a message may be published to.
    pub topics_option: String,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions { topics_option: DEFAULT_TOPICS_OPTION.to_owned() }
    }
}

/// Matches `(acme.topics)`, `(contracts.topics)`, ...: any extension named `topics`.
pub const DEFAULT_TOPICS_OPTION: &str = "topics";

/// Parses `text` in `format`; `references` are the referenced schemas, each
/// reference's own references first.
pub fn parse(
    format: SchemaFormat,
    text: &str,
    references: &[ReferencedSchema],
    options: &ParseOptions,
) -> Result<SchemaTree, String> {
    match format {
        SchemaFormat::Avro => {
            let texts: Vec<String> = references.iter().map(|reference| reference.text.clone()).collect();
            avro::parse(text, &texts)
        }
        SchemaFormat::Protobuf => protobuf::parse(text, references, options),
        SchemaFormat::Json => json_schema::parse(text, references),
    }
}

/// A union branch shown as a child named after its type, its fields moved under it.
fn branch_field(path: &str, label: String, children: Vec<Field>, recursive_type: Option<String>) -> Field {
    let mut child = Field::new(&label, path, label.clone());
    let prefix = if path.is_empty() { String::new() } else { format!("{path}.") };
    for mut grandchild in children {
        grandchild.rebase(&prefix, &format!("{}.", child.path));
        child.children.push(grandchild);
    }
    child.recursive_type = recursive_type;
    child
}
