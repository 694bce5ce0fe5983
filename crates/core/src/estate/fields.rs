//! Reading a format's keys out of a [`Node`] tree: strictly (a key the format does not
//! know is an error naming its line, so a typo never passes as "declares nothing"), with
//! each value's type checked.

use super::yaml_tree::{Node, Value};

/// Why a file cannot be used; the caller adds the file's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault {
    pub line: Option<usize>,
    pub message: String,
}

impl Fault {
    pub fn at(line: usize, message: impl Into<String>) -> Fault {
        Fault { line: Some(line), message: message.into() }
    }
}

pub type Read<T> = Result<T, Fault>;

/// A mapping's entries, or a fault naming `what` was expected. Null reads as empty.
pub fn mapping<'a>(node: &'a Node, what: &str) -> Read<&'a [(Node, Node)]> {
    match &node.value {
        Value::Mapping(entries) => Ok(entries),
        Value::Null => Ok(&[]),
        _ => Err(Fault::at(node.line, format!("{what} should be a mapping, not {}", node.kind()))),
    }
}

/// A sequence's items. Null reads as empty.
pub fn sequence<'a>(node: &'a Node, what: &str) -> Read<&'a [Node]> {
    match &node.value {
        Value::Sequence(items) => Ok(items),
        Value::Null => Ok(&[]),
        _ => Err(Fault::at(node.line, format!("{what} should be a list, not {}", node.kind()))),
    }
}

/// A scalar's text.
pub fn text(node: &Node, what: &str) -> Read<String> {
    node.as_str()
        .map(str::to_owned)
        .ok_or_else(|| Fault::at(node.line, format!("{what} should be a single value, not {}", node.kind())))
}

/// A non-negative whole number (written as a number or a quoted number).
pub fn count(node: &Node, what: &str) -> Read<u32> {
    let written = text(node, what)?;
    written
        .trim()
        .parse::<u32>()
        .map_err(|_| Fault::at(node.line, format!("{what} should be a whole number, not `{written}`")))
}

/// A list of scalars, each with its line.
pub fn texts(node: &Node, what: &str) -> Read<Vec<(String, usize)>> {
    sequence(node, what)?.iter().map(|item| Ok((text(item, what)?, item.line))).collect()
}

/// The keys of a mapping, checked against those the format knows.
pub struct Keys<'a> {
    entries: &'a [(Node, Node)],
}

impl<'a> Keys<'a> {
    /// `entries` must hold only keys of `known`; `what` names the mapping in the fault.
    pub fn strict(entries: &'a [(Node, Node)], known: &[&str], what: &str) -> Read<Keys<'a>> {
        for (key, _) in entries {
            let name = key.as_str().unwrap_or_default();
            if !known.contains(&name) {
                return Err(Fault::at(
                    key.line,
                    format!("unknown key `{name}` in {what} (known: {})", known.join(", ")),
                ));
            }
        }
        Ok(Keys { entries })
    }

    /// `entries` as they are, for a mapping whose other keys mean something of their own
    /// (JulieOps' naming attributes).
    pub fn lenient(entries: &'a [(Node, Node)]) -> Keys<'a> {
        Keys { entries }
    }

    pub fn get(&self, key: &str) -> Option<&'a Node> {
        self.entries.iter().find(|(known, _)| known.as_str() == Some(key)).map(|(_, value)| value)
    }

    /// The value of a key that must be there, as text.
    pub fn required_text(&self, key: &str, line: usize, what: &str) -> Read<String> {
        match self.get(key) {
            Some(node) if !node.is_null() => text(node, &format!("`{key}` of {what}")),
            _ => Err(Fault::at(line, format!("{what} has no `{key}`"))),
        }
    }

    pub fn optional_text(&self, key: &str, what: &str) -> Read<Option<String>> {
        match self.get(key) {
            Some(node) if !node.is_null() => text(node, &format!("`{key}` of {what}")).map(Some),
            _ => Ok(None),
        }
    }

    pub fn optional_count(&self, key: &str, what: &str) -> Read<Option<u32>> {
        match self.get(key) {
            Some(node) if !node.is_null() => count(node, &format!("`{key}` of {what}")).map(Some),
            _ => Ok(None),
        }
    }

    pub fn texts(&self, key: &str, what: &str) -> Read<Vec<(String, usize)>> {
        match self.get(key) {
            Some(node) => texts(node, &format!("`{key}` of {what}")),
            None => Ok(Vec::new()),
        }
    }
}

/// A mapping of config names to values (numbers and booleans kept as written).
pub fn configs(node: &Node, what: &str) -> Read<Vec<(String, String, usize)>> {
    mapping(node, what)?
        .iter()
        .map(|(key, value)| {
            let name = text(key, what)?;
            let value = text(value, &format!("`{name}` of {what}"))?;
            Ok((name, value, key.line))
        })
        .collect()
}
