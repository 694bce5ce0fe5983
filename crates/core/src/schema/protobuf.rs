//! Protobuf schemas (`.proto` text) into the field tree, compiled by `protox` (a
//! pure-Rust protoc) with imports resolved from the registry's references, from
//! Confluent's `confluent/meta.proto` and from the well-known `google/protobuf/*` types.
//!
//! The root is the file's first message, as Confluent's serializers take it. Tags come
//! from `(confluent.field_meta)`, `(confluent.message_meta)` and `(confluent.file_meta)`
//! in both spellings (`.tags = "PII"`, repeated, and `= { tags: ["PII"] }`); every other
//! custom option is kept verbatim in text format. A message option named like the
//! configured topics option lists the topics the message may be published to.

use std::collections::HashMap;

use model::{Field, SchemaFormat, SchemaTree};
use prost_reflect::{FieldDescriptor, Kind, MessageDescriptor};
use protox::file::{ChainFileResolver, File, FileResolver, GoogleFileResolver};

use super::nesting::protobuf_nesting;
use super::protobuf_options::{custom_options, declared_topics, meta_tags};
use super::MAX_TYPE_DEPTH;

/// How deep protox (like protoc) lets message declarations nest inside each other.
pub const PROTOX_MESSAGE_NESTING: usize = 31;
/// How deep an option's value may nest (`option (x) = { a { b { … } } }`, or with
/// `< >` inside): real options nest two or three levels. The compiler, the options'
/// decoder, their text form and their drop each recurse once per level with large
/// frames: on a Tokio worker's 2 MiB stack in a debug build, 95 levels in `{ }` and 80
/// in `< >` parsed and 100 overflowed it (measured). This limit keeps a margin of five
/// (`depth_limit_tests`).
pub const MAX_OPTION_VALUE_DEPTH: usize = 16;

use super::{ParseError, ParseOptions, ReferencedSchema};

/// The name the schema text is compiled under (imports name references by their own).
const MAIN_FILE: &str = "__schema__.proto";
const META_FILE: &str = "confluent/meta.proto";
/// Confluent's metadata options, as its registry provides them to every schema.
const META_PROTO: &str = r#"syntax = "proto3";
package confluent;
import "google/protobuf/descriptor.proto";
message Meta {
  string doc = 1;
  map<string, string> params = 2;
  repeated string tags = 3;
}
extend google.protobuf.FileOptions { Meta file_meta = 1088; }
extend google.protobuf.MessageOptions { Meta message_meta = 1088; }
extend google.protobuf.FieldOptions { Meta field_meta = 1088; }
extend google.protobuf.EnumOptions { Meta enum_meta = 1088; }
extend google.protobuf.EnumValueOptions { Meta enum_value_meta = 1088; }
"#;

/// Resolves imports from the schema text, its references and Confluent's meta.proto.
struct Sources(HashMap<String, String>);

impl FileResolver for Sources {
    fn open_file(&self, name: &str) -> Result<File, protox::Error> {
        match self.0.get(name) {
            Some(text) => File::from_source(name, text),
            None => Err(protox::Error::file_not_found(name)),
        }
    }
}

/// Where in the proposed text (1-based line and column) protox found the error, when it
/// is in that text (not in an imported file).
fn position_in_main_file(error: &protox::Error, text: &str) -> Option<(usize, usize)> {
    use miette::Diagnostic;
    if error.file() != Some(MAIN_FILE) {
        return None;
    }
    let offset = error.labels()?.next()?.offset();
    let before = text.get(..offset.min(text.len()))?;
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |last| last.chars().count()) + 1;
    Some((line, column))
}

pub fn parse(text: &str, references: &[ReferencedSchema], options: &ParseOptions) -> Result<SchemaTree, ParseError> {
    // protox's parser recurses once per nested block, and once per level of an option's
    // value in several walks after it: refuse deep texts before it runs.
    let texts = std::iter::once(text).chain(references.iter().map(|reference| reference.text.as_str()));
    for nesting in texts.map(protobuf_nesting) {
        if nesting.brackets > MAX_TYPE_DEPTH {
            return Err(ParseError::TypesTooDeep);
        }
        if nesting.option_value > MAX_OPTION_VALUE_DEPTH {
            return Err(ParseError::OptionValueTooDeep { depth: nesting.option_value });
        }
    }
    let mut sources: HashMap<String, String> =
        references.iter().map(|reference| (reference.name.clone(), reference.text.clone())).collect();
    sources.entry(META_FILE.to_owned()).or_insert_with(|| META_PROTO.to_owned());
    sources.insert(MAIN_FILE.to_owned(), text.to_owned());
    let mut resolver = ChainFileResolver::new();
    resolver.add(Sources(sources));
    resolver.add(GoogleFileResolver::new());
    let mut compiler = protox::Compiler::with_file_resolver(resolver);
    compiler.include_imports(true);
    compiler.open_file(MAIN_FILE).map_err(|error| match error.to_string() {
        message if message.contains("recursion limit for nested messages") => ParseError::Invalid(format!(
            "nested too deep (message declarations more than {PROTOX_MESSAGE_NESTING} levels inside each other)"
        )),
        message => ParseError::Protobuf(match position_in_main_file(&error, text) {
            Some((line, column)) => format!("{message} (at {line}:{column})"),
            None => message,
        }),
    })?;
    let pool = compiler.descriptor_pool();
    let file = pool.get_file_by_name(MAIN_FILE).ok_or("the schema did not compile to a file")?;
    let mut tags = meta_tags(&file.options(), "confluent.file_meta");
    // A file of only options or enums (imported by others) is a valid schema too.
    let Some(root) = file.messages().next() else {
        return Ok(SchemaTree {
            format: SchemaFormat::Protobuf,
            name: file.package_name().to_owned(),
            type_label: "file".into(),
            doc: None,
            tags,
            fields: Vec::new(),
            declared_topics: Vec::new(),
        });
    };
    tags.extend(meta_tags(&root.options(), "confluent.message_meta"));
    let mut builder = Builder { expanding: vec![root.full_name().to_owned()] };
    let fields = builder.fields(&root, "", 0)?;
    Ok(SchemaTree {
        format: SchemaFormat::Protobuf,
        name: root.full_name().to_owned(),
        type_label: "message".into(),
        doc: None,
        tags,
        fields,
        declared_topics: declared_topics(&root.options(), &options.topics_option),
    })
}

struct Builder {
    expanding: Vec<String>,
}

impl Builder {
    fn fields(&mut self, message: &MessageDescriptor, parent: &str, depth: usize) -> Result<Vec<Field>, ParseError> {
        if depth > MAX_TYPE_DEPTH {
            return Err(ParseError::TypesTooDeep);
        }
        message.fields().map(|field| self.field(&field, parent, depth)).collect()
    }

    fn field(&mut self, descriptor: &FieldDescriptor, parent: &str, depth: usize) -> Result<Field, ParseError> {
        let mut field = Field::new(descriptor.name(), parent, String::new());
        let options = descriptor.options();
        field.tags = meta_tags(&options, "confluent.field_meta");
        field.options = custom_options(&options, "confluent.field_meta");
        field.optional = descriptor.field_descriptor_proto().proto3_optional()
            || descriptor.containing_oneof().is_some()
            || matches!(descriptor.kind(), Kind::Message(_)) && !descriptor.is_list() && !descriptor.is_map();
        if let Some(oneof) =
            descriptor.containing_oneof().filter(|_| !descriptor.field_descriptor_proto().proto3_optional())
        {
            field.options.push(("oneof".into(), oneof.name().to_owned()));
        }
        // A map's values (or a message's fields) are what the tree shows under it.
        let (label, message) = if descriptor.is_map() {
            let Kind::Message(entry) = descriptor.kind() else { unreachable!("map fields are messages") };
            let key = entry.map_entry_key_field();
            let value = entry.map_entry_value_field();
            (format!("map<{}, {}>", kind_label(&key.kind()), kind_label(&value.kind())), message_of(&value.kind()))
        } else {
            let label = kind_label(&descriptor.kind());
            let label = if descriptor.is_list() { format!("repeated {label}") } else { label };
            (label, message_of(&descriptor.kind()))
        };
        field.type_label = label;
        if let Some(message) = message {
            field.tags.extend(meta_tags(&message.options(), "confluent.message_meta"));
            let name = message.full_name().to_owned();
            if self.expanding.contains(&name) {
                field.recursive_type = Some(name);
            } else if !is_well_known(&name) {
                self.expanding.push(name);
                field.children = self.fields(&message, &field.path, depth + 1)?;
                self.expanding.pop();
            }
        }
        field.tags.sort();
        field.tags.dedup();
        Ok(field)
    }
}

fn message_of(kind: &Kind) -> Option<MessageDescriptor> {
    match kind {
        Kind::Message(message) => Some(message.clone()),
        _ => None,
    }
}

/// Well-known types (timestamps, wrappers) are shown as leaves, not expanded.
fn is_well_known(full_name: &str) -> bool {
    full_name.starts_with("google.protobuf.")
}

fn kind_label(kind: &Kind) -> String {
    match kind {
        Kind::Double => "double".into(),
        Kind::Float => "float".into(),
        Kind::Int32 => "int32".into(),
        Kind::Int64 => "int64".into(),
        Kind::Uint32 => "uint32".into(),
        Kind::Uint64 => "uint64".into(),
        Kind::Sint32 => "sint32".into(),
        Kind::Sint64 => "sint64".into(),
        Kind::Fixed32 => "fixed32".into(),
        Kind::Fixed64 => "fixed64".into(),
        Kind::Sfixed32 => "sfixed32".into(),
        Kind::Sfixed64 => "sfixed64".into(),
        Kind::Bool => "bool".into(),
        Kind::String => "string".into(),
        Kind::Bytes => "bytes".into(),
        Kind::Message(message) => message.full_name().to_owned(),
        Kind::Enum(enumeration) => enumeration.full_name().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<SchemaTree, ParseError> {
        parse(text, &[], &ParseOptions::default())
    }

    #[test]
    fn messages_nest_with_maps_repeated_optional_and_well_known_types() {
        let tree = parse_text(
            r#"syntax = "proto3";
            package shop.v1;
            import "google/protobuf/timestamp.proto";
            message Order {
              string id = 1;
              Customer customer = 2;
              repeated Line lines = 3;
              map<string, string> attributes = 4;
              optional string note = 5;
              google.protobuf.Timestamp placed = 6;
              oneof payment { string card = 7; string iban = 8; }
            }
            message Customer { string email = 1; }
            message Line { string sku = 1; int32 qty = 2; }"#,
        )
        .unwrap();
        assert_eq!(tree.name, "shop.v1.Order");
        let labels: Vec<String> = tree.all_fields().iter().map(|f| format!("{}: {}", f.path, f.type_label)).collect();
        assert_eq!(
            labels,
            [
                "id: string",
                "customer: shop.v1.Customer",
                "customer.email: string",
                "lines: repeated shop.v1.Line",
                "lines.sku: string",
                "lines.qty: int32",
                "attributes: map<string, string>",
                "note: string",
                "placed: google.protobuf.Timestamp",
                "card: string",
                "iban: string",
            ]
        );
        assert!(tree.fields[4].optional && !tree.fields[0].optional);
        assert!(tree.fields[6].options.contains(&("oneof".into(), "payment".into())));
    }

    #[test]
    fn confluent_tags_in_every_spelling() {
        let tree = parse_text(
            r#"syntax = "proto3";
            import "confluent/meta.proto";
            option (confluent.file_meta).tags = "CONTRACT";
            message Customer {
              option (confluent.message_meta) = { tags: ["CUSTOMER"] };
              string email = 1 [(confluent.field_meta).tags = "PII"];
              string ssn = 2 [(confluent.field_meta).tags = "PII", (confluent.field_meta).tags = "GDPR"];
              string phone = 3 [(confluent.field_meta) = { tags: ["PII", "CONTACT"] }];
              string name = 4;
            }"#,
        )
        .unwrap();
        assert_eq!(tree.tags, ["CONTRACT", "CUSTOMER"]);
        let tags: Vec<Vec<String>> = tree.fields.iter().map(|field| field.tags.clone()).collect();
        assert_eq!(tags, [vec!["PII"], vec!["GDPR", "PII"], vec!["CONTACT", "PII"], vec![]]);
    }

    #[test]
    fn custom_options_are_kept_and_a_topics_option_declares_topics() {
        let tree = parse_text(
            r#"syntax = "proto3";
            package acme;
            import "google/protobuf/descriptor.proto";
            extend google.protobuf.MessageOptions { repeated string topics = 50001; }
            extend google.protobuf.FieldOptions { string owner = 50002; }
            message Refund {
              option (acme.topics) = "shop.refunds";
              option (acme.topics) = "shop.refunds.audit";
              string id = 1 [(acme.owner) = "payments-team"];
            }"#,
        )
        .unwrap();
        assert_eq!(tree.declared_topics, ["shop.refunds", "shop.refunds.audit"]);
        assert_eq!(tree.fields[0].options, [("(acme.owner)".to_owned(), "\"payments-team\"".to_owned())]);
    }

    #[test]
    fn imports_come_from_references_and_recursion_stops() {
        let common = ReferencedSchema {
            name: "common/address.proto".into(),
            text: "syntax = \"proto3\"; package common; message Address { string zip = 1; }".into(),
        };
        let tree = parse(
            r#"syntax = "proto3";
            import "common/address.proto";
            message Person { common.Address home = 1; Person manager = 2; }"#,
            &[common],
            &ParseOptions::default(),
        )
        .unwrap();
        assert_eq!(tree.fields[0].children[0].path, "home.zip");
        assert_eq!(tree.fields[1].recursive_type.as_deref(), Some("Person"));
    }

    #[test]
    fn a_file_without_messages_is_a_valid_schema() {
        let tree = parse_text("syntax = \"proto3\"; package opts; enum Colour { RED = 0; }").unwrap();
        assert_eq!((tree.name.as_str(), tree.type_label.as_str(), tree.fields.len()), ("opts", "file", 0));
    }

    #[test]
    fn fifty_levels_of_nesting_and_ten_thousand_fields_parse() {
        let mut text = String::from("syntax = \"proto3\";\n");
        for level in 0..50 {
            text.push_str(&format!("message L{level} {{ L{} down = 1; }}\n", level + 1));
        }
        text.push_str("message L50 { string leaf = 1; }\n");
        assert_eq!(parse_text(&text).unwrap().all_fields().len(), 51);

        let fields: String = (1..=10_000).map(|i| format!("int64 f{i} = {i};\n")).collect();
        let wide = format!("syntax = \"proto3\"; message Wide {{ {fields} }}");
        assert_eq!(parse_text(&wide).unwrap().fields.len(), 10_000);
    }

    #[test]
    fn invalid_protobuf_is_reported() {
        for (text, expected) in [
            ("syntax = \"proto3\"; message A { strin x = 1; }", "strin"),
            ("syntax = \"proto3\"; import \"missing.proto\"; message A {}", "missing.proto"),
            ("syntax = \"proto3\"; message A { A.B x = 1; }", "A.B"),
        ] {
            let error = parse_text(text).unwrap_err().to_string();
            assert!(error.contains(expected), "{text}: {error}");
        }
    }
}
