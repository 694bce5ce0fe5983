//! CSV rows for exports people open in spreadsheets: RFC 4180 quoting, and cells that a
//! spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
//! carriage return, as OWASP lists them) neutralised with a leading apostrophe. Names
//! come from outside (a group id can be `=HYPERLINK(…)`), so every cell goes through here.
//!
//! A spreadsheet set to another locale splits on its own separator (`;` in much of
//! Europe, a tab, `|`), where our quotes no longer start its cells: `x;=1+1` would give it
//! a cell `=1+1`. So a formula lead right after any such separator inside a cell is
//! neutralised too, and every cell holding one is quoted.

/// Characters that make a spreadsheet read a cell as a formula when they lead it.
const FORMULA_LEADS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];
/// What spreadsheets split rows on, in the common locales.
const SEPARATORS: [char; 4] = [',', ';', '\t', '|'];

/// One cell, neutralised and quoted where needed.
pub fn cell(text: &str) -> String {
    let neutral = neutralised(text);
    if neutral.contains(SEPARATORS) || neutral.contains(['"', '\n', '\r']) || neutral != neutral.trim() {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

/// `text` with an apostrophe before every formula lead that starts it or follows a
/// separator (spaces between allowed).
fn neutralised(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 1);
    let mut cell_starts = true;
    for character in text.chars() {
        if cell_starts && FORMULA_LEADS.contains(&character) {
            out.push('\'');
        }
        out.push(character);
        cell_starts = SEPARATORS.contains(&character) || (cell_starts && character == ' ');
    }
    out
}

/// One row of cells, ending in CRLF as RFC 4180 says.
pub fn row<'a>(cells: impl IntoIterator<Item = &'a str>) -> String {
    let mut line = cells.into_iter().map(cell).collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_specials_quoted() {
        assert_eq!(cell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("-2"), "'-2");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("\tx"), "\"'\tx\"", "a tab separates cells in some locales: quoted");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("müller 名前"), "müller 名前");
        assert_eq!(row(["a", "=b"]), "a,'=b\r\n");
    }

    /// Read with `;`, a tab or `|` as the separator, no cell starts with a formula lead.
    #[test]
    fn cells_are_safe_in_every_locale() {
        assert_eq!(cell("x;=1+1"), "\"x;'=1+1\"");
        assert_eq!(cell("a; -2"), "\"a; '-2\"");
        assert_eq!(cell("a|@SUM(A1)"), "\"a|'@SUM(A1)\"");
        assert_eq!(cell("semi;colon"), "\"semi;colon\"", "quoted, so a comma reader keeps it whole");
        assert_eq!(cell("e-mail a-b"), "e-mail a-b", "a lead inside a word is no cell start");
        for line in [row(["x;=1+1", "ok"]), row(["\t=cmd", "a|+b"])] {
            for separator in [',', ';', '\t', '|'] {
                for piece in line.trim_end().split(separator) {
                    let piece = piece.trim_start_matches(['"', ' ']);
                    assert!(!piece.starts_with(['=', '+', '-', '@']), "{line:?} split on {separator:?}: {piece:?}");
                }
            }
        }
    }
}
