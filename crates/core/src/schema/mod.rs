//! Schema parsing: pure, no I/O. Each format's text becomes the one field-tree model of
//! [`model::SchemaTree`].
//!
//! - [`avro`]: Avro (JSON form), named types from references, recursion cut.
//! - [`protobuf`]: Protobuf via protox into the field tree; `protobuf_options`: what
//!   its options say (Confluent meta tags, custom options, topics).
//! - [`json_schema`]: JSON Schema: `$ref`, `definitions`/`$defs`, `allOf`/`oneOf`/`anyOf`.
//! - [`json_text`]: JSON with comments and deep nesting, as schema texts are written.
//! - [`nesting`]: how deep a text's brackets nest, counted before any parser runs.
//! - [`imports`]: the names a schema text imports other schemas by.
//! - [`tags`]: tag attributes and registration-time path tags (`**.ssn`).
//! - [`compatibility`]: the tool's own compatibility check, on field trees.
//! - [`parse_proposal`]: a proposed schema parsed against its source's other subjects.
//!
//! One depth limit holds for all schema work. Parsers stop following types past
//! [`MAX_TYPE_DEPTH`], and a tree deeper than [`MAX_FIELD_DEPTH`] fields is refused as
//! "nested too deep (N levels)". Everything downstream (tags, diffs, compatibility,
//! rendering, the JSON the browser decodes) recurses once per field level, so bounding
//! the tree here bounds them all, on the smallest stack the code runs on (a 2 MiB
//! Tokio worker, in a debug build).

pub mod avro;
pub mod compatibility;
mod error;
pub mod imports;
pub mod json_schema;
pub mod json_text;
pub mod nesting;
mod proposal;
pub mod protobuf;
mod protobuf_options;
pub mod tags;

#[cfg(test)]
mod depth_limit_tests;
#[cfg(test)]
mod option_fuzz_tests;

use model::{Field, SchemaFormat, SchemaTree};

pub use error::ParseError;
pub use proposal::parse_proposal;

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

/// The deepest field nesting accepted: far beyond real schemas (the datagen corpus
/// nests 3 deep), and low enough that a tree at the limit survives every recursive
/// walk in a debug build on a 2 MiB stack, and stays under the browser's JSON decoding
/// limit of 128 levels (each field level is two: the field and its children).
pub const MAX_FIELD_DEPTH: usize = 32;
/// The deepest type nesting a parser follows before refusing the schema (arrays, maps,
/// unions and `$ref`s add type levels without adding fields).
pub const MAX_TYPE_DEPTH: usize = 4 * MAX_FIELD_DEPTH;

/// Parses `text` in `format`; `references` are the referenced schemas, each
/// reference's own references first. A tree deeper than [`MAX_FIELD_DEPTH`] is refused.
pub fn parse(
    format: SchemaFormat,
    text: &str,
    references: &[ReferencedSchema],
    options: &ParseOptions,
) -> Result<SchemaTree, ParseError> {
    let tree = match format {
        SchemaFormat::Avro => {
            let texts: Vec<String> = references.iter().map(|reference| reference.text.clone()).collect();
            avro::parse(text, &texts)
        }
        SchemaFormat::Protobuf => protobuf::parse(text, references, options),
        SchemaFormat::Json => json_schema::parse(text, references),
    }?;
    match field_depth(&tree.fields) {
        depth if depth > MAX_FIELD_DEPTH => Err(ParseError::FieldsTooDeep { depth }),
        _ => Ok(tree),
    }
}

/// How many levels of fields `fields` nest (1 for a flat record), without recursing.
pub fn field_depth(fields: &[Field]) -> usize {
    let mut deepest = 0;
    let mut stack: Vec<(&Field, usize)> = fields.iter().map(|field| (field, 1)).collect();
    while let Some((field, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        stack.extend(field.children.iter().map(|child| (child, depth + 1)));
    }
    deepest
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
