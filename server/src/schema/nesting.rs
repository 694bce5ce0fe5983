//! How deep brackets nest in a schema text, counted without parsing (and so without
//! recursion), so that texts too deep for the parsers are refused before they run.

/// The deepest nesting of `{`, `[` and `(` in `text`, outside strings (delimited by any
/// of `quotes`, with `\` escapes) and `//` / `/* */` comments.
pub fn deepest_brackets(text: &str, quotes: &[u8]) -> usize {
    let bytes = text.as_bytes();
    let (mut depth, mut deepest, mut index) = (0usize, 0usize, 0usize);
    while index < bytes.len() {
        match bytes[index] {
            quote if quotes.contains(&quote) => {
                index += 1;
                while index < bytes.len() && bytes[index] != quote {
                    index += if bytes[index] == b'\\' { 2 } else { 1 };
                }
            }
            b'/' if bytes.get(index + 1) == Some(&b'/') => {
                while index < bytes.len() && bytes[index] != b'\n' {
                    index += 1;
                }
            }
            b'/' if bytes.get(index + 1) == Some(&b'*') => {
                index += 2;
                while index + 1 < bytes.len() && !(bytes[index] == b'*' && bytes[index + 1] == b'/') {
                    index += 1;
                }
                index += 1;
            }
            b'{' | b'[' | b'(' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        index += 1;
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::deepest_brackets;

    #[test]
    fn brackets_in_strings_and_comments_do_not_count() {
        assert_eq!(deepest_brackets(r#"{"a": [1, {"b": "}}}{{{"}]}"#, b"\""), 3);
        assert_eq!(deepest_brackets("message A { // {{{\n /* [[[ */ string s = 1 [(x) = '{{']; }", b"\"'"), 3);
        assert_eq!(deepest_brackets(r#"{"q": "\"{"}"#, b"\""), 1);
        assert_eq!(deepest_brackets("", b"\""), 0);
    }
}
