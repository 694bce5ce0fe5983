//! A YAML (or JSON) document read into a small tree whose every node knows its line,
//! so that an estate file's findings and errors can say "path:line".
//!
//! Built from the parser's events with an explicit stack, never by recursion, and
//! bounded: nesting deeper than [`MAX_NESTING`], more than [`MAX_NODES`] nodes (aliases
//! expanded included, so a "billion laughs" file is refused, not expanded), a second
//! document, or a key given twice in one mapping are errors naming their line.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

/// Deeper than any estate format needs (a Terraform plan nests modules a few levels).
pub const MAX_NESTING: usize = 64;

/// Nodes one file may hold, aliases expanded: a large Terraform state fits many times.
pub const MAX_NODES: usize = 2_000_000;

/// One node of a document.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// 1-based line where the node starts.
    pub line: usize,
    pub value: Value,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `~`, `null`, or nothing at all.
    Null,
    /// Any other scalar, as written (numbers and booleans too: each format says what
    /// it expects).
    Scalar(String),
    Sequence(Vec<Node>),
    /// Entries in file order; keys are unique.
    Mapping(Vec<(Node, Node)>),
}

/// Why a file is not a readable document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TreeError {
    pub line: Option<usize>,
    pub message: String,
}

impl Node {
    /// The scalar's text; `None` for null, sequences and mappings.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(text) => Some(text),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        self.value == Value::Null
    }

    /// What kind of node this is, for messages ("expected a mapping, found a list").
    pub fn kind(&self) -> &'static str {
        match self.value {
            Value::Null => "nothing",
            Value::Scalar(_) => "a scalar",
            Value::Sequence(_) => "a list",
            Value::Mapping(_) => "a mapping",
        }
    }
}

/// Reads `text` (one YAML document, or JSON) into a tree.
pub fn parse(text: &str) -> Result<Node, TreeError> {
    let mut builder = Builder::default();
    for event in Parser::new_from_str(text) {
        let (event, span) =
            event.map_err(|error| TreeError { line: Some(error.marker().line()), message: error.info().to_owned() })?;
        if builder.take(event, span)? {
            break;
        }
    }
    builder.root.ok_or(TreeError { line: None, message: "the file holds no document".into() })
}

/// A sequence or mapping being filled.
struct Open {
    line: usize,
    anchor: usize,
    /// A mapping's entries alternate key, value; a sequence's are its items.
    is_mapping: bool,
    items: Vec<Node>,
    /// Nodes under it so far, its items' own included (what an alias to it costs).
    size: usize,
}

#[derive(Default)]
struct Builder {
    stack: Vec<Open>,
    root: Option<Node>,
    anchors: HashMap<usize, Node>,
    /// Node sizes of anchored nodes, so that an alias costs what it expands to.
    anchor_sizes: HashMap<usize, usize>,
    nodes: usize,
    documents: usize,
}

impl Builder {
    /// Takes one event; `true` once the document is complete.
    fn take(&mut self, event: Event<'_>, span: Span) -> Result<bool, TreeError> {
        let line = span.start.line();
        let error = |message: String| TreeError { line: Some(line), message };
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(error("a second YAML document in one file: put each in a file of its own".into()));
                }
            }
            Event::StreamEnd => return Ok(true),
            Event::Scalar(text, style, anchor, _tag) => {
                let null = style == ScalarStyle::Plain && matches!(text.as_ref(), "" | "~" | "null" | "Null" | "NULL");
                let value = if null { Value::Null } else { Value::Scalar(text.into_owned()) };
                self.count(1, line)?;
                self.place(Node { line, value }, anchor, 1)?;
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if self.stack.len() >= MAX_NESTING {
                    return Err(error(format!("nested deeper than {MAX_NESTING} levels")));
                }
                self.count(1, line)?;
                let is_mapping = matches!(event, Event::MappingStart(..));
                self.stack.push(Open { line, anchor, is_mapping, items: Vec::new(), size: 1 });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(open) = self.stack.pop() else { return Err(error("a collection closed twice".into())) };
                let size = open.size;
                let value = if open.is_mapping {
                    let mut entries: Vec<(Node, Node)> = Vec::with_capacity(open.items.len() / 2);
                    let mut items = open.items.into_iter();
                    while let (Some(key), Some(value)) = (items.next(), items.next()) {
                        if let Some(first) = entries.iter().find(|(known, _)| known.value == key.value) {
                            let shown = key.as_str().unwrap_or("(a complex key)");
                            return Err(TreeError {
                                line: Some(key.line),
                                message: format!(
                                    "the key `{shown}` is given twice in one mapping (first at line {})",
                                    first.0.line
                                ),
                            });
                        }
                        entries.push((key, value));
                    }
                    Value::Mapping(entries)
                } else {
                    Value::Sequence(open.items)
                };
                self.place(Node { line: open.line, value }, open.anchor, size)?;
            }
            Event::Alias(anchor) => {
                let Some(&size) = self.anchor_sizes.get(&anchor) else {
                    return Err(error("an alias to an anchor not defined before it".into()));
                };
                // Counted before the copy is made, so a refused expansion costs nothing.
                self.count(size, line)?;
                let node = self.anchors[&anchor].clone();
                self.place(node, 0, size)?;
            }
            Event::Nothing | Event::StreamStart | Event::DocumentEnd => {}
        }
        Ok(false)
    }

    fn count(&mut self, nodes: usize, line: usize) -> Result<(), TreeError> {
        self.nodes = self.nodes.saturating_add(nodes);
        if self.nodes > MAX_NODES {
            return Err(TreeError {
                line: Some(line),
                message: format!("more than {MAX_NODES} nodes (aliases expanded): not read"),
            });
        }
        Ok(())
    }

    /// Puts a finished node into its parent (or makes it the root), remembering it
    /// when it carries an anchor.
    fn place(&mut self, node: Node, anchor: usize, size: usize) -> Result<(), TreeError> {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
            self.anchor_sizes.insert(anchor, size);
        }
        match self.stack.last_mut() {
            Some(open) => {
                open.items.push(node);
                open.size = open.size.saturating_add(size);
            }
            None => self.root = Some(node),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar(node: &Node) -> &str {
        node.as_str().unwrap()
    }

    #[test]
    fn nodes_know_their_lines() {
        let tree = parse("topics:\n  orders:\n    partitions: 6\n  payments: {}\n").unwrap();
        let Value::Mapping(top) = &tree.value else { panic!() };
        let Value::Mapping(topics) = &top[0].1.value else { panic!() };
        assert_eq!((scalar(&topics[0].0), topics[0].0.line), ("orders", 2));
        assert_eq!((scalar(&topics[1].0), topics[1].0.line), ("payments", 4));
    }

    #[test]
    fn json_reads_as_yaml_with_lines() {
        let tree = parse("{\n \"a\": [1,\n  2],\n \"b\": null\n}").unwrap();
        let Value::Mapping(top) = &tree.value else { panic!() };
        let Value::Sequence(items) = &top[0].1.value else { panic!() };
        assert_eq!(items[1].line, 3);
        assert!(top[1].1.is_null());
    }

    #[test]
    fn a_key_given_twice_is_refused_with_both_lines() {
        let error = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(error.line, Some(3));
        assert!(error.message.contains("first at line 1"), "{}", error.message);
    }

    #[test]
    fn broken_yaml_names_its_line() {
        let error = parse("a:\n  - b\n c: [\n").unwrap_err();
        assert!(error.line.is_some());
    }

    #[test]
    fn a_billion_laughs_is_refused_not_expanded() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..12 {
            let previous = level - 1;
            text.push_str(&format!(
                "a{level}: &a{level} [*a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}]\n"
            ));
        }
        let error = parse(&text).unwrap_err();
        assert!(error.message.contains("nodes"), "{}", error.message);
    }

    #[test]
    fn deep_nesting_is_refused_on_a_small_stack() {
        let handle = std::thread::Builder::new()
            .stack_size(64 * 1024)
            .spawn(|| {
                let flow = "[".repeat(100_000);
                let block: String = (0..200).map(|depth| format!("{}k:\n", " ".repeat(depth))).collect();
                (parse(&flow).unwrap_err(), parse(&block).unwrap_err())
            })
            .unwrap();
        let (flow, block) = handle.join().expect("no stack overflow");
        assert!(flow.message.contains("deeper") || flow.line.is_some());
        assert!(block.message.contains("deeper"), "{}", block.message);
    }

    #[test]
    fn a_second_document_is_refused() {
        assert!(parse("a: 1\n---\nb: 2\n").unwrap_err().message.contains("second"));
    }
}
