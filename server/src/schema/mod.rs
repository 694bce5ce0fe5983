//! Schema parsing: pure, no I/O. Each format's text becomes the one field-tree model of
//! [`app::model::SchemaTree`].
//!
//! - [`avro`]: Avro (JSON form), named types from references, recursion cut.
//! - [`json_text`]: JSON with comments and deep nesting, as schema texts are written.
//! - [`tags`]: tag attributes and registration-time path tags (`**.ssn`).
//! - [`compatibility`]: the tool's own compatibility check, on field trees.

pub mod avro;
pub mod compatibility;
pub mod json_text;
pub mod tags;

use app::model::{SchemaFormat, SchemaTree};

/// Parses `text` in `format`; `references` are the referenced schemas' texts, each
/// reference's own references first.
pub fn parse(format: SchemaFormat, text: &str, references: &[String]) -> Result<SchemaTree, String> {
    match format {
        SchemaFormat::Avro => avro::parse(text, references),
        SchemaFormat::Protobuf | SchemaFormat::Json => {
            Err(format!("{} schemas are not parsed yet", format.schema_type()))
        }
    }
}
