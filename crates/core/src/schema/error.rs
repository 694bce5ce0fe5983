//! Why a schema text could not be read: one error type for every format, with the
//! reference it happened in kept as context.

use super::json_text::MAX_JSON_DEPTH;
use super::protobuf::MAX_OPTION_VALUE_DEPTH;
use super::{MAX_FIELD_DEPTH, MAX_TYPE_DEPTH};

/// A schema that cannot be read. The text is what a schema's author is shown (pages,
/// the API's `parse_error`, `tributary check`), so each variant says what to fix.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// The text is not JSON (Avro, JSON Schema); the parser's words, with position.
    #[error("not valid JSON: {0}")]
    Json(String),
    /// The Protobuf compiler refused the text; its words, with position.
    #[error("{0}")]
    Protobuf(String),
    /// Brackets nest past [`MAX_JSON_DEPTH`], refused before any parser runs.
    #[error("nested too deep (more than {MAX_JSON_DEPTH} levels of brackets)")]
    BracketsTooDeep,
    /// Types (arrays, maps, unions, `$ref`s, messages) nest past [`MAX_TYPE_DEPTH`].
    #[error("nested too deep (more than {MAX_TYPE_DEPTH} levels of types)")]
    TypesTooDeep,
    /// A Protobuf option's value nests past [`MAX_OPTION_VALUE_DEPTH`].
    #[error("nested too deep (an option value nests {depth} levels; at most {MAX_OPTION_VALUE_DEPTH})")]
    OptionValueTooDeep { depth: usize },
    /// The field tree nests past [`MAX_FIELD_DEPTH`].
    #[error("nested too deep ({depth} levels of fields; at most {MAX_FIELD_DEPTH})")]
    FieldsTooDeep { depth: usize },
    /// The text parses but does not follow the format's rules (a record without
    /// fields, an unknown type name, a `$ref` to nothing), described in words.
    #[error("{0}")]
    Invalid(String),
    /// An Avro type name defined neither in the schema nor in its references (in a
    /// contracts directory, the hint to look for the sibling that defines it).
    #[error("unknown type \"{0}\" (not defined here or in a reference)")]
    UnknownType(String),
    /// The registry's `schemaType` names no format Tributary reads.
    #[error("unknown schema type {0:?}")]
    UnknownFormat(Option<String>),
    /// A reference the registry could not produce (deleted, not readable).
    #[error("reference {reference} cannot be resolved: {reason}")]
    UnresolvedReference { reference: String, reason: String },
    /// References that refer on past the reader's limit: a cycle, most likely.
    #[error("references nest too deep (circular?)")]
    ReferencesTooDeep,
    /// A referenced schema could not be read.
    #[error("reference {reference}: {source}")]
    InReference {
        reference: String,
        #[source]
        source: Box<ParseError>,
    },
}

impl ParseError {
    /// `self`, as found while reading the reference named `reference`.
    pub fn in_reference(self, reference: impl Into<String>) -> ParseError {
        ParseError::InReference { reference: reference.into(), source: Box::new(self) }
    }
}

/// A broken rule described in words: lets the parsers write `.ok_or("a field has no
/// \"name\"")?`.
impl From<&str> for ParseError {
    fn from(rule: &str) -> Self {
        ParseError::Invalid(rule.to_owned())
    }
}

impl From<String> for ParseError {
    fn from(rule: String) -> Self {
        ParseError::Invalid(rule)
    }
}
