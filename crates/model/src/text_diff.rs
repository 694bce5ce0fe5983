//! Two versions of a schema's text side by side: JSON laid out one member per line
//! (registries store it compact), then lines aligned by their longest common
//! subsequence, so a reader sees what was added, removed and kept.

/// Beyond this many line pairs the alignment would cost too much memory; longer texts
/// are shown line against line instead.
const MAX_ALIGNED_CELLS: usize = 4_000_000;
const INDENT: &str = "  ";

/// One row of the side-by-side view: a line on the left, the right, or both.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffRow {
    /// 1-based line number and text in the older version.
    pub left: Option<(usize, String)>,
    /// 1-based line number and text in the newer version.
    pub right: Option<(usize, String)>,
}

impl DiffRow {
    /// The line is the same on both sides.
    pub fn unchanged(&self) -> bool {
        matches!((&self.left, &self.right), (Some((_, a)), Some((_, b))) if a == b)
    }
}

/// Lays JSON out one member or element per line; text that is not JSON (Protobuf)
/// stays as it is. Works on the text, so members keep their order.
pub fn lay_out(text: &str) -> String {
    let trimmed = text.trim_start();
    if !(trimmed.starts_with('{') || trimmed.starts_with('[')) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() * 2);
    let mut depth = 0usize;
    let (mut in_string, mut escaped) = (false, false);
    let mut chars = text.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(&INDENT.repeat(depth));
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                let closing = if c == '{' { '}' } else { ']' };
                while chars.peek().is_some_and(|next| next.is_whitespace()) {
                    chars.next();
                }
                if chars.peek() == Some(&closing) {
                    out.push(closing);
                    chars.next();
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

/// The rows showing `before` against `after`, line by line.
pub fn side_by_side(before: &str, after: &str) -> Vec<DiffRow> {
    let old: Vec<&str> = before.lines().collect();
    let new: Vec<&str> = after.lines().collect();
    let row = |left: Option<usize>, right: Option<usize>| DiffRow {
        left: left.map(|at| (at + 1, old[at].to_owned())),
        right: right.map(|at| (at + 1, new[at].to_owned())),
    };
    if old.len().saturating_mul(new.len()) > MAX_ALIGNED_CELLS {
        return (0..old.len().max(new.len()))
            .map(|at| row((at < old.len()).then_some(at), (at < new.len()).then_some(at)))
            .collect();
    }
    // common[i][j]: the longest common subsequence of old[i..] and new[j..].
    let width = new.len() + 1;
    let mut common = vec![0u32; (old.len() + 1) * width];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            common[i * width + j] = if old[i] == new[j] {
                common[(i + 1) * width + j + 1] + 1
            } else {
                common[(i + 1) * width + j].max(common[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut rows = Vec::with_capacity(old.len().max(new.len()));
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            rows.push(row(Some(i), Some(j)));
            (i, j) = (i + 1, j + 1);
        } else if j < new.len() && (i == old.len() || common[i * width + j + 1] >= common[(i + 1) * width + j]) {
            rows.push(row(None, Some(j)));
            j += 1;
        } else {
            rows.push(row(Some(i), None));
            i += 1;
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_json_is_laid_out_one_member_per_line_keeping_order() {
        let laid = lay_out(r#"{"type":"record","name":"A","fields":[{"name":"b, c","type":"string"}],"x":{}}"#);
        assert_eq!(
            laid,
            "{\n  \"type\": \"record\",\n  \"name\": \"A\",\n  \"fields\": [\n    {\n      \"name\": \"b, c\",\n      \"type\": \"string\"\n    }\n  ],\n  \"x\": {}\n}"
        );
        assert_eq!(lay_out("syntax = \"proto3\";\nmessage A {}"), "syntax = \"proto3\";\nmessage A {}");
    }

    #[test]
    fn kept_lines_align_and_changes_sit_on_their_side() {
        let rows = side_by_side("a\nb\nc\nd", "a\nc\nd\ne");
        let shape: Vec<(Option<usize>, Option<usize>)> =
            rows.iter().map(|row| (row.left.as_ref().map(|l| l.0), row.right.as_ref().map(|r| r.0))).collect();
        assert_eq!(
            shape,
            [(Some(1), Some(1)), (Some(2), None), (Some(3), Some(2)), (Some(4), Some(3)), (None, Some(4))]
        );
        assert_eq!(rows.iter().filter(|row| row.unchanged()).count(), 3);
    }
}
