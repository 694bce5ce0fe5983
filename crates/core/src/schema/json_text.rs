//! JSON as schema texts are written: Avro's parser (Jackson with `ALLOW_COMMENTS`)
//! accepts `//` and `/* */` comments, and schemas may nest deeper than serde_json's
//! default recursion limit of 128. Parsing grows the stack instead of overflowing it;
//! texts nested deeper than [`MAX_JSON_DEPTH`] are refused before parsing, since even
//! dropping such a value recurses once per level.

/// The deepest bracket nesting accepted: far beyond any real schema (a 50-level Avro
/// record nests about 150 deep), far below what threatens a 2 MiB thread stack.
pub const MAX_JSON_DEPTH: usize = 1_000;

use serde::Deserialize;

use super::nesting::deepest_brackets;
use super::ParseError;
use serde_json::Value;

/// Parses `text` as JSON, allowing comments and any nesting depth.
pub fn parse(text: &str) -> Result<Value, ParseError> {
    let text = strip_comments(text);
    // Comments are gone; JSON strings are double-quoted.
    if deepest_brackets(&text, b"\"") > MAX_JSON_DEPTH {
        return Err(ParseError::BracketsTooDeep);
    }
    let mut deserializer = serde_json::Deserializer::from_str(&text);
    deserializer.disable_recursion_limit();
    let deserializer = serde_stacker::Deserializer::new(&mut deserializer);
    let value = Value::deserialize(deserializer).map_err(|error| ParseError::Json(error.to_string()))?;
    Ok(value)
}

/// `text` with comments outside strings replaced by spaces (so error positions stay
/// right). An unterminated block comment runs to the end, as in Jackson.
fn strip_comments(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    let mut in_string = false;
    while index < bytes.len() {
        let byte = bytes[index];
        if in_string {
            out.push(byte);
            if byte == b'\\' && index + 1 < bytes.len() {
                out.push(bytes[index + 1]);
                index += 2;
                continue;
            }
            in_string = byte != b'"';
            index += 1;
            continue;
        }
        match (byte, bytes.get(index + 1)) {
            (b'"', _) => {
                in_string = true;
                out.push(byte);
                index += 1;
            }
            (b'/', Some(b'/')) => {
                while index < bytes.len() && bytes[index] != b'\n' {
                    out.push(b' ');
                    index += 1;
                }
            }
            (b'/', Some(b'*')) => {
                let end = text[index + 2..].find("*/").map_or(bytes.len(), |at| index + 2 + at + 2);
                for &skipped in &bytes[index..end] {
                    out.push(if skipped == b'\n' { b'\n' } else { b' ' });
                }
                index = end;
            }
            _ => {
                out.push(byte);
                index += 1;
            }
        }
    }
    // Only ASCII bytes were replaced, by ASCII bytes: still UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_outside_strings_are_ignored() {
        let value = parse("{\n  // the id\n  \"a\": \"x // y\", /* b */ \"b\": 1\n}").unwrap();
        assert_eq!(value["a"], "x // y");
        assert_eq!(value["b"], 1);
    }

    #[test]
    fn deep_nesting_parses_to_the_limit_and_bad_json_is_reported() {
        let deep = |levels: usize| format!("{}{}", "[".repeat(levels), "]".repeat(levels));
        assert!(parse(&deep(MAX_JSON_DEPTH)).is_ok());
        assert!(parse(&deep(MAX_JSON_DEPTH + 1)).unwrap_err().to_string().contains("nested too deep"));
        assert!(parse(&format!("\"{}\"", "[".repeat(5_000))).is_ok(), "brackets in strings do not count");
        let error = parse("{\"type\": ").unwrap_err().to_string();
        assert!(error.starts_with("not valid JSON"), "{error}");
    }
}
