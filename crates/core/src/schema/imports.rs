//! The names a schema text imports other schemas by: a Protobuf file's `import`s and a
//! JSON Schema's `$ref`s to other documents. A registry resolves these through the
//! references sent with the schema; Confluent's serializers name a reference's subject
//! after the import itself (`DefaultReferenceSubjectNameStrategy`), which is how a
//! proposal sent without references gets them (see the compatibility service).
//! Avro names types, not files, and is left to references given explicitly.

use model::SchemaFormat;
use serde_json::Value;

use super::json_text;

/// The names `text` imports, in order of first appearance, each once; none when the
/// text does not parse far enough to tell.
pub fn imported_names(format: SchemaFormat, text: &str) -> Vec<String> {
    let mut names = match format {
        SchemaFormat::Protobuf => protobuf_imports(text),
        SchemaFormat::Json => json_schema_documents(text),
        SchemaFormat::Avro => Vec::new(),
    };
    let mut seen = std::collections::HashSet::new();
    names.retain(|name| seen.insert(name.clone()));
    names
}

/// `import [public|weak] "path";` statements, comments skipped.
fn protobuf_imports(text: &str) -> Vec<String> {
    let code = without_proto_comments(text);
    let mut imports = Vec::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("import") {
        let before_is_boundary = rest[..at].chars().next_back().is_none_or(|c| c.is_whitespace() || c == ';');
        rest = &rest[at + "import".len()..];
        if !before_is_boundary {
            continue;
        }
        let statement = rest.trim_start();
        let statement = statement
            .strip_prefix("public")
            .or_else(|| statement.strip_prefix("weak"))
            .map_or(statement, str::trim_start);
        let Some(quoted) = statement.strip_prefix('"').or_else(|| statement.strip_prefix('\'')) else { continue };
        if let Some(end) = quoted.find(['"', '\'']) {
            imports.push(quoted[..end].to_owned());
        }
    }
    imports
}

/// `text` with `//` and `/* */` comments blanked, string literals kept.
fn without_proto_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match quote {
            Some(open) => {
                out.push(c);
                if c == '\\' {
                    out.extend(chars.next());
                } else if c == open {
                    quote = None;
                }
            }
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                out.push(c);
            }
            None if c == '/' && chars.peek() == Some(&'/') => {
                chars.by_ref().take_while(|next| *next != '\n').for_each(drop);
                out.push('\n');
            }
            None if c == '/' && chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for next in chars.by_ref() {
                    if last == '*' && next == '/' {
                        break;
                    }
                    last = next;
                }
                out.push(' ');
            }
            None => out.push(c),
        }
    }
    out
}

/// The documents a JSON Schema's `$ref`s name (the part before `#`), local ones left out.
fn json_schema_documents(text: &str) -> Vec<String> {
    let Ok(document) = json_text::parse(text) else { return Vec::new() };
    let mut documents = Vec::new();
    // A stack, not recursion: the text may nest as deep as the JSON parser allows.
    let mut pending = vec![&document];
    while let Some(value) = pending.pop() {
        match value {
            Value::Object(object) => {
                if let Some(Value::String(reference)) = object.get("$ref") {
                    let file = reference.split('#').next().unwrap_or_default();
                    if !file.is_empty() {
                        documents.push(file.to_owned());
                    }
                }
                pending.extend(object.values().rev());
            }
            Value::Array(items) => pending.extend(items.iter().rev()),
            _ => {}
        }
    }
    documents
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protobuf_imports_are_read_past_comments_and_modifiers() {
        let text = r#"
            syntax = "proto3";
            // import "commented.proto";
            /* import "blocked.proto"; */
            import "common/address.proto";
            import public "shared/money.proto"; import weak 'legacy.proto';
            import "common/address.proto";
            message Order { string note = 1; } // "import \"inside.proto\"" in a comment
            message Important { string reimport = 1; }
        "#;
        assert_eq!(
            imported_names(SchemaFormat::Protobuf, text),
            ["common/address.proto", "shared/money.proto", "legacy.proto"]
        );
    }

    #[test]
    fn json_schema_refs_to_other_documents_are_imports() {
        let text = r##"{"type": "object", "properties": {
            "address": {"$ref": "address.json"},
            "money": {"$ref": "https://example.com/money.json#/definitions/amount"},
            "self": {"$ref": "#/definitions/self"},
            "more": {"items": [{"$ref": "address.json"}]}}}"##;
        assert_eq!(imported_names(SchemaFormat::Json, text), ["address.json", "https://example.com/money.json"]);
        assert!(imported_names(SchemaFormat::Json, "{not json").is_empty());
        assert!(imported_names(SchemaFormat::Avro, r#"{"type": "record", "name": "A", "fields": []}"#).is_empty());
    }
}
