//! The one depth limit, for every format and every walk over a parsed tree: a schema
//! at [`MAX_FIELD_DEPTH`] parses and survives parsing, tags, diff, compatibility and
//! the JSON round trip on a 2 MiB stack (a Tokio worker's) in whatever build runs the
//! tests; one level more, and thousands more, are refused as "nested too deep".

use model::{diff_schemas, SchemaFormat, SchemaTree};

use super::compatibility::{check, Level};
use super::protobuf::{MAX_OPTION_VALUE_DEPTH, PROTOX_MESSAGE_NESTING};
use super::tags::apply_path_tags;
use super::{field_depth, parse, ParseError, ParseOptions, ReferencedSchema, MAX_FIELD_DEPTH, MAX_TYPE_DEPTH};

/// The smallest stack schema work runs on: a Tokio worker thread's default.
const WORKER_STACK: usize = 2 * 1024 * 1024;
/// Far past every limit: what a hostile registration would send.
const HOSTILE_DEPTH: usize = 5_000;

/// Records nested `levels` deep: the innermost field sits at depth `levels`.
fn avro(levels: usize) -> String {
    let mut schema = r#"{"type":"record","name":"R0","fields":[{"name":"leaf","type":"string"}]}"#.to_owned();
    for level in 1..levels {
        schema = format!(r#"{{"type":"record","name":"R{level}","fields":[{{"name":"f","type":{schema}}}]}}"#);
    }
    schema
}

fn json_schema(levels: usize) -> String {
    let mut schema = r#"{"type":"object","properties":{"leaf":{"type":"string"}}}"#.to_owned();
    for _ in 1..levels {
        schema = format!(r#"{{"type":"object","properties":{{"f":{schema}}}}}"#);
    }
    schema
}

/// Messages that refer to the next one: a deep tree from a flat file.
fn protobuf_chain(levels: usize) -> String {
    let mut text = String::from("syntax = \"proto3\";\n");
    for level in 0..levels {
        let field = if level + 1 == levels { "string leaf = 1;".to_owned() } else { format!("M{} f = 1;", level + 1) };
        text.push_str(&format!("message M{level} {{ {field} }}\n"));
    }
    text
}

/// Messages declared inside each other.
fn protobuf_nested(levels: usize) -> String {
    let mut body = "string leaf = 1;".to_owned();
    for level in (1..levels).rev() {
        body = format!("message M{level} {{ {body} }} M{level} f = 1;");
    }
    format!("syntax = \"proto3\";\nmessage M0 {{ {body} }}\n")
}

fn parse_as(format: SchemaFormat, text: &str) -> Result<SchemaTree, ParseError> {
    parse(format, text, &[] as &[ReferencedSchema], &ParseOptions::default())
}

/// Runs `work` on a thread with a Tokio worker's stack; a stack overflow aborts the
/// test binary, which fails the test run.
fn on_worker_stack(work: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new().stack_size(WORKER_STACK).spawn(work).unwrap().join().unwrap();
}

/// Every walk the product makes over a parsed tree.
fn walk_everything(tree: &SchemaTree) {
    let mut tagged = tree.clone();
    apply_path_tags(&mut tagged, &[("**.leaf".to_owned(), vec!["PII".to_owned()])]);
    assert_eq!(tagged.all_fields().iter().filter(|field| field.tags.contains(&"PII".to_owned())).count(), 1);
    assert!(diff_schemas(tree, &tagged).len() <= 1);
    assert!(check(Level::FullTransitive, tree, std::slice::from_ref(tree)).is_empty());
    let json = serde_json::to_string(tree).unwrap();
    let back: SchemaTree = serde_json::from_str(&json).expect("within serde_json's default recursion limit");
    assert_eq!(&back, tree);
}

/// A format, a label for messages, and a maker of schemas nested N levels deep.
type Generator = (SchemaFormat, &'static str, fn(usize) -> String);

fn generators() -> Vec<Generator> {
    vec![
        (SchemaFormat::Avro, "avro", avro),
        (SchemaFormat::Json, "json schema", json_schema),
        (SchemaFormat::Protobuf, "protobuf chain", protobuf_chain),
    ]
}

/// Message declarations nest no deeper than the Protobuf compiler allows, below the
/// field limit; past it, and far past it, the schema is refused as nested too deep.
#[test]
fn nested_protobuf_declarations_stop_at_the_compilers_limit() {
    on_worker_stack(|| {
        let tree = parse_as(SchemaFormat::Protobuf, &protobuf_nested(PROTOX_MESSAGE_NESTING)).unwrap();
        assert_eq!(field_depth(&tree.fields), PROTOX_MESSAGE_NESTING);
        walk_everything(&tree);
        for levels in [PROTOX_MESSAGE_NESTING + 1, HOSTILE_DEPTH] {
            let error = parse_as(SchemaFormat::Protobuf, &protobuf_nested(levels)).unwrap_err();
            assert!(error.to_string().starts_with("nested too deep"), "{levels}: {error}");
        }
    });
}

#[test]
fn schemas_at_the_limit_parse_and_survive_every_walk() {
    on_worker_stack(|| {
        for (format, label, generate) in generators() {
            let tree = parse_as(format, &generate(MAX_FIELD_DEPTH)).unwrap_or_else(|error| panic!("{label}: {error}"));
            assert_eq!(field_depth(&tree.fields), MAX_FIELD_DEPTH, "{label}");
            walk_everything(&tree);
        }
    });
}

#[test]
fn one_level_past_the_limit_is_refused_as_nested_too_deep() {
    on_worker_stack(|| {
        for (format, label, generate) in generators() {
            let error = parse_as(format, &generate(MAX_FIELD_DEPTH + 1)).unwrap_err();
            assert_eq!(
                error.to_string(),
                format!("nested too deep ({} levels of fields; at most {MAX_FIELD_DEPTH})", MAX_FIELD_DEPTH + 1),
                "{label}"
            );
        }
    });
}

#[test]
fn hostile_depths_are_refused_without_exhausting_the_stack() {
    on_worker_stack(|| {
        for (format, label, generate) in generators() {
            let error = parse_as(format, &generate(HOSTILE_DEPTH)).unwrap_err();
            assert!(error.to_string().starts_with("nested too deep"), "{label}: {error}");
        }
        // Types nested without fields (arrays of arrays) stop at the type limit.
        let mut arrays = r#""string""#.to_owned();
        for _ in 0..=MAX_TYPE_DEPTH {
            arrays = format!(r#"{{"type":"array","items":{arrays}}}"#);
        }
        let record = format!(r#"{{"type":"record","name":"R","fields":[{{"name":"a","type":{arrays}}}]}}"#);
        assert_eq!(parse_as(SchemaFormat::Avro, &record).unwrap_err(), ParseError::TypesTooDeep);
    });
}

/// An option whose value nests messages `levels` deep (the outer braces, then `{ }` or
/// `< >` inside), on the file, on the root message and on a field, inside messages
/// declared as deep as the compiler allows (the deepest place an option can stand).
fn protobuf_option(levels: usize, angle: bool) -> String {
    let (open, close) = if angle { ("<", ">") } else { ("{", "}") };
    let inner = format!("{}x: 1{}", format!("d {open} ").repeat(levels - 1), format!(" {close}").repeat(levels - 1));
    let value = format!("{{ {inner} }}");
    let mut body = format!("option (deep) = {value}; string leaf = 1 [(deep_field) = {value}];");
    for level in (1..PROTOX_MESSAGE_NESTING).rev() {
        body = format!("message M{level} {{ {body} }} M{level} f = 1;");
    }
    format!(
        "syntax = \"proto3\";\nimport \"google/protobuf/descriptor.proto\";\n\
         message M0 {{ {body} }}\n\
         message Deep {{ Deep d = 1; int32 x = 2; }}\n\
         extend google.protobuf.FileOptions {{ Deep deep_file = 50000; }}\n\
         extend google.protobuf.MessageOptions {{ Deep deep = 50001; }}\n\
         extend google.protobuf.FieldOptions {{ Deep deep_field = 50002; }}\n\
         option (deep_file) = {value};\n"
    )
}

/// Option values as deep as the limit parse and keep their text form in both spellings,
/// on the deepest declaration; one level more is refused before any parser runs, and so
/// is a hostile depth (with `< >`, which the bracket count once left out).
#[test]
fn option_values_stop_at_their_limit_in_both_spellings() {
    on_worker_stack(|| {
        for angle in [false, true] {
            let text = protobuf_option(MAX_OPTION_VALUE_DEPTH, angle);
            let tree = parse_as(SchemaFormat::Protobuf, &text).unwrap_or_else(|error| panic!("{angle}: {error}"));
            let leaf = tree.all_fields().into_iter().find(|field| field.name == "leaf").unwrap().clone();
            let (name, value) = &leaf.options[0];
            assert_eq!(name, "(deep_field)");
            assert_eq!(value.matches("d{").count(), MAX_OPTION_VALUE_DEPTH - 1, "{value}");
            walk_everything(&tree);
            for levels in [MAX_OPTION_VALUE_DEPTH + 1, HOSTILE_DEPTH] {
                let error = parse_as(SchemaFormat::Protobuf, &protobuf_option(levels, angle)).unwrap_err();
                assert!(error.to_string().starts_with("nested too deep"), "{levels}: {error}");
            }
        }
    });
}
