//! How deep brackets nest in a schema text, counted without parsing (and so without
//! recursion), so that texts too deep for the parsers are refused before they run.

/// The bytes of `text` outside strings (delimited by any of `quotes`, with `\` escapes)
/// and `//` / `/* */` comments (and `#` line comments when `hash_comments`), in order; a
/// string or comment yields nothing.
fn code_bytes<'a>(text: &'a str, quotes: &'a [u8], hash_comments: bool) -> impl Iterator<Item = u8> + 'a {
    let bytes = text.as_bytes();
    let mut index = 0usize;
    std::iter::from_fn(move || {
        while index < bytes.len() {
            let byte = bytes[index];
            index += 1;
            match byte {
                quote if quotes.contains(&quote) => {
                    while index < bytes.len() && bytes[index] != quote {
                        index += if bytes[index] == b'\\' { 2 } else { 1 };
                    }
                    index += 1;
                }
                b'/' if bytes.get(index) == Some(&b'/') => {
                    while index < bytes.len() && bytes[index] != b'\n' {
                        index += 1;
                    }
                }
                b'#' if hash_comments => {
                    while index < bytes.len() && bytes[index] != b'\n' {
                        index += 1;
                    }
                }
                b'/' if bytes.get(index) == Some(&b'*') => {
                    index += 1;
                    while index + 1 < bytes.len() && !(bytes[index] == b'*' && bytes[index + 1] == b'/') {
                        index += 1;
                    }
                    index += 2;
                }
                other => return Some(other),
            }
        }
        None
    })
}

/// The deepest nesting of `{`, `[` and `(` in `text`, outside strings (delimited by any
/// of `quotes`, with `\` escapes) and `//` / `/* */` comments.
pub fn deepest_brackets(text: &str, quotes: &[u8]) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for byte in code_bytes(text, quotes, false) {
        match byte {
            b'{' | b'[' | b'(' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// How deep a Protobuf text nests: all brackets (`< >` too, which text-format option
/// values use like `{ }`), and, apart, the deepest option value (an aggregate after
/// `=`, counted from its own first bracket), which the compiler and the options' decoder
/// walk recursively with far larger frames than declarations.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProtobufNesting {
    pub brackets: usize,
    pub option_value: usize,
}

/// Measures [`ProtobufNesting`] of `text`. A `#` starts a line comment, as protox's
/// lexer reads it everywhere (the text format's comment, which option values use): a
/// bracket after it closes nothing, and counting it would let a value nest deeper than
/// measured.
pub fn protobuf_nesting(text: &str) -> ProtobufNesting {
    let mut nesting = ProtobufNesting::default();
    let mut depth = 0usize;
    // The depth at which the option value being read began, if inside one.
    let mut value_base: Option<usize> = None;
    let mut after_equals = false;
    for byte in code_bytes(text, b"\"'", true) {
        match byte {
            b'{' | b'[' | b'(' | b'<' => {
                if after_equals && value_base.is_none() && matches!(byte, b'{' | b'<') {
                    value_base = Some(depth);
                }
                depth += 1;
                nesting.brackets = nesting.brackets.max(depth);
                if let Some(base) = value_base {
                    nesting.option_value = nesting.option_value.max(depth - base);
                }
            }
            b'}' | b']' | b')' | b'>' => {
                depth = depth.saturating_sub(1);
                if value_base.is_some_and(|base| depth <= base) {
                    value_base = None;
                }
            }
            _ => {}
        }
        if !byte.is_ascii_whitespace() {
            after_equals = byte == b'=';
        }
    }
    nesting
}

#[cfg(test)]
mod tests {
    use super::{deepest_brackets, protobuf_nesting, ProtobufNesting};

    #[test]
    fn brackets_in_strings_and_comments_do_not_count() {
        assert_eq!(deepest_brackets(r#"{"a": [1, {"b": "}}}{{{"}]}"#, b"\""), 3);
        assert_eq!(deepest_brackets("message A { // {{{\n /* [[[ */ string s = 1 [(x) = '{{']; }", b"\"'"), 3);
        assert_eq!(deepest_brackets(r#"{"q": "\"{"}"#, b"\""), 1);
        assert_eq!(deepest_brackets("", b"\""), 0);
        assert_eq!(deepest_brackets("/* unterminated {{{", b"\""), 0);
    }

    #[test]
    fn option_values_are_measured_in_both_spellings() {
        let flat = "syntax = \"proto3\"; message A { map<string, string> m = 1; string s = 2 [(x) = 'y']; }";
        assert_eq!(protobuf_nesting(flat), ProtobufNesting { brackets: 3, option_value: 0 });
        let braces = "message A { option (deep) = { d { d: { d { } } } }; }";
        assert_eq!(protobuf_nesting(braces), ProtobufNesting { brackets: 5, option_value: 4 });
        let angles = "message A { string s = 1 [(deep) = < d < d < > > >]; }";
        assert_eq!(protobuf_nesting(angles), ProtobufNesting { brackets: 5, option_value: 3 });
        let lists = "option (m) = { tags: [\"a\", \"}\"] /* { */ };";
        assert_eq!(protobuf_nesting(lists), ProtobufNesting { brackets: 2, option_value: 2 });
        // Two values one after the other: each measured from its own start.
        let two = "message A { option (a) = { b { } }; message B { option (c) = { }; } }";
        assert_eq!(protobuf_nesting(two).option_value, 2);
    }

    /// Found by the option-syntax fuzz (OPTION_FUZZ_SEED=7085008704836902172): closers
    /// after a `#` comment were counted, so a value measured shallow overflowed protox.
    #[test]
    fn hash_comments_close_nothing_in_protobuf_but_do_in_json() {
        let text = "option (o) = { # } >\n d { # } >\n d { x: 1 } } };";
        assert_eq!(protobuf_nesting(text), ProtobufNesting { brackets: 3, option_value: 3 });
        assert_eq!(deepest_brackets(r##"{"#": [ {} ]}"##, b"\""), 3);
        assert_eq!(deepest_brackets("{ # }\n }", b"\""), 1);
    }
}
