//! A schema proposed for a subject, parsed as its source would read it: its imports and
//! `$ref`s resolved against the source's other subjects of the same format.

use model::{RegistrySnapshot, SchemaFormat, SchemaTree};

use super::{parse, ParseError, ParseOptions, ReferencedSchema};

/// The proposal parsed, its imports and `$ref`s resolved against the source's other
/// subjects of the same format.
pub fn parse_proposal(
    snapshot: &RegistrySnapshot,
    subject: &str,
    format: SchemaFormat,
    text: &str,
) -> Result<SchemaTree, ParseError> {
    let references: Vec<ReferencedSchema> = snapshot
        .subjects
        .iter()
        .filter(|other| other.name != subject)
        .filter_map(|other| {
            let latest = other.latest().filter(|latest| latest.format == format)?;
            Some(ReferencedSchema { name: other.name.clone(), text: latest.schema.clone() })
        })
        .collect();
    parse(format, text, &references, &ParseOptions::default())
}
