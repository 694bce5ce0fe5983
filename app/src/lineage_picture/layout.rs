//! Places a lineage answer left to right: one column per distance from the node asked
//! about (upstream to the left, downstream to the right), nodes stacked in a column by
//! kind then name, long columns cut to a "+N more" stub.

use std::collections::{BTreeMap, HashMap, HashSet};

use model::{EdgeBasis, LineageView};

pub const NODE_WIDTH: f64 = 210.0;
pub const NODE_HEIGHT: f64 = 40.0;
const COLUMN_GAP: f64 = 90.0;
const ROW_GAP: f64 = 14.0;
pub const MARGIN: f64 = 20.0;

/// One node where it is drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedNode {
    /// The node's path, or `more:<depth>` for a stub standing in for hidden nodes.
    pub id: String,
    pub kind: String,
    pub label: String,
    pub scope: String,
    pub depth: i32,
    pub x: f64,
    pub y: f64,
    /// The node asked about.
    pub center: bool,
    /// For a stub: how many nodes it stands for.
    pub hidden: usize,
    /// It carries personal data (a `PII` tag on it or its schema).
    pub pii: bool,
    /// It appeared moments ago (see [`Picture::mark_arrivals`]).
    pub arrived: bool,
    /// A topic its cluster does not have: drawn dashed, and said so in its title.
    pub unknown: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PlacedEdge {
    pub from: String,
    pub to: String,
    pub kind: String,
    pub basis: EdgeBasis,
    /// Personal data flows along it: its source carries PII.
    pub pii: bool,
    /// Start (right middle of `from`) and end (left middle of `to`).
    pub start: (f64, f64),
    pub end: (f64, f64),
    pub arrived: bool,
}

impl PlacedEdge {
    /// What identifies the edge between two pictures.
    pub fn key(&self) -> String {
        format!("{}→{}:{}", self.from, self.to, self.kind)
    }
}

/// How long what arrives stays marked: the picture may be redrawn several times for
/// one change (each part of a page refetches), and each redraw must still show it.
pub const ARRIVAL_GLOW_MS: i64 = 8_000;

/// What a person has seen of the pictures around one node, and since when, to tell what
/// is new in the next one (a topic created, an edge declared, a node opened).
#[derive(Clone, Debug, Default)]
pub struct Shown {
    centre: String,
    /// Node ids and edge keys with when they were first drawn; `i64::MIN` for what the
    /// first picture held, which is never new.
    first_drawn: HashMap<String, i64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Picture {
    pub nodes: Vec<PlacedNode>,
    pub edges: Vec<PlacedEdge>,
    pub width: f64,
    pub height: f64,
}

/// Lays `view` out with at most `per_column` nodes in a column.
pub fn layout(view: &LineageView, per_column: usize) -> Picture {
    layout_widened(view, per_column, &[])
}

/// [`layout`], with the columns at the distances in `widened` showing `per_column` more
/// nodes for each time they are named (a person opened their "+N more" stub).
pub fn layout_widened(view: &LineageView, per_column: usize, widened: &[i32]) -> Picture {
    let per_column = per_column.max(1);
    let mut columns: BTreeMap<i32, Vec<&model::LineageNode>> = BTreeMap::new();
    for node in &view.nodes {
        columns.entry(node.depth).or_default().push(node);
    }
    let first = columns.keys().next().copied().unwrap_or(0);
    let mut nodes = Vec::new();
    let mut tallest = 0usize;
    for (depth, mut column) in columns {
        column.sort_by(|a, b| (a.id != view.node, &a.kind, a.label()).cmp(&(b.id != view.node, &b.kind, b.label())));
        let x = MARGIN + f64::from(depth - first) * (NODE_WIDTH + COLUMN_GAP);
        let cap = per_column.saturating_mul(1 + widened.iter().filter(|wide| **wide == depth).count());
        let shown = if column.len() > cap { cap - 1 } else { column.len() };
        for (row, node) in column.iter().take(shown).enumerate() {
            nodes.push(PlacedNode {
                id: node.id.clone(),
                kind: node.kind.clone(),
                label: node.label().to_owned(),
                scope: node.scope().to_owned(),
                depth,
                x,
                y: MARGIN + row as f64 * (NODE_HEIGHT + ROW_GAP),
                center: node.id == view.node,
                hidden: 0,
                pii: node.carries_pii(),
                arrived: false,
                unknown: node.unknown,
            });
        }
        let hidden = column.len() - shown;
        if hidden > 0 {
            nodes.push(PlacedNode {
                id: format!("more:{depth}"),
                kind: "more".into(),
                label: format!("+{hidden} more"),
                scope: String::new(),
                depth,
                x,
                y: MARGIN + shown as f64 * (NODE_HEIGHT + ROW_GAP),
                center: false,
                hidden,
                pii: false,
                arrived: false,
                unknown: false,
            });
        }
        tallest = tallest.max(shown + usize::from(hidden > 0));
    }
    let at: HashMap<&str, &PlacedNode> = nodes.iter().map(|node| (node.id.as_str(), node)).collect();
    let depth_of: HashMap<&str, i32> = view.nodes.iter().map(|node| (node.id.as_str(), node.depth)).collect();
    let pii: HashSet<&str> = view.nodes.iter().filter(|node| node.carries_pii()).map(|node| node.id.as_str()).collect();
    // An edge to a hidden node goes to its column's stub, once.
    let mut edges: Vec<PlacedEdge> = Vec::new();
    for edge in &view.edges {
        let end = |id: &str| -> Option<String> {
            if at.contains_key(id) {
                return Some(id.to_owned());
            }
            depth_of.get(id).map(|depth| format!("more:{depth}")).filter(|stub| at.contains_key(stub.as_str()))
        };
        let (Some(from), Some(to)) = (end(&edge.from), end(&edge.to)) else { continue };
        if from == to || edges.iter().any(|placed| placed.from == from && placed.to == to && placed.kind == edge.kind) {
            continue;
        }
        let (a, b) = (at[from.as_str()], at[to.as_str()]);
        edges.push(PlacedEdge {
            kind: edge.kind.clone(),
            basis: edge.basis(),
            pii: pii.contains(edge.from.as_str()),
            start: (a.x + NODE_WIDTH, a.y + NODE_HEIGHT / 2.0),
            end: (b.x, b.y + NODE_HEIGHT / 2.0),
            arrived: false,
            from,
            to,
        });
    }
    let columns = nodes.iter().map(|node| node.depth).collect::<std::collections::BTreeSet<_>>().len().max(1);
    Picture {
        width: 2.0 * MARGIN + columns as f64 * NODE_WIDTH + (columns - 1) as f64 * COLUMN_GAP,
        height: 2.0 * MARGIN + tallest.max(1) as f64 * (NODE_HEIGHT + ROW_GAP) - ROW_GAP,
        nodes,
        edges,
    }
}

impl Picture {
    /// Marks what first appeared in the last [`ARRIVAL_GLOW_MS`] of pictures around the
    /// same node (`now_ms` is the browser's clock), and remembers what this one shows.
    /// A first picture, or one around another node, marks nothing. Stubs are never new.
    pub fn mark_arrivals(&mut self, centre: &str, shown: &mut Option<Shown>, now_ms: i64) {
        let same_centre = shown.as_ref().is_some_and(|shown| shown.centre == centre);
        if !same_centre {
            *shown = Some(Shown { centre: centre.to_owned(), first_drawn: HashMap::new() });
        }
        let Some(shown) = shown.as_mut() else { return };
        let drawn_at = if same_centre { now_ms } else { i64::MIN };
        let mut arrived = |key: String| {
            let first = *shown.first_drawn.entry(key).or_insert(drawn_at);
            first != i64::MIN && now_ms.saturating_sub(first) < ARRIVAL_GLOW_MS
        };
        for node in &mut self.nodes {
            node.arrived = node.hidden == 0 && arrived(node.id.clone());
        }
        for edge in &mut self.edges {
            edge.arrived = arrived(edge.key());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::{LineageEdge, LineageNode};

    fn node(id: &str, kind: &str, depth: i32) -> LineageNode {
        LineageNode { id: id.into(), kind: kind.into(), depth, tags: vec![], unknown: false }
    }

    fn edge(from: &str, to: &str, evidence: &str) -> LineageEdge {
        LineageEdge {
            from: from.into(),
            to: to.into(),
            kind: "reads".into(),
            evidence: vec![evidence.into()],
            confidence: 1.0,
            first_seen_ms: 0,
            last_seen_ms: 0,
        }
    }

    #[test]
    fn upstream_is_left_downstream_right() {
        let view = LineageView {
            node: "p/orders".into(),
            nodes: vec![
                node("p/orders", "topic", 0),
                node("job:x/etl", "job", -1),
                node("group:p/billing", "group", 1),
            ],
            edges: vec![
                edge("job:x/etl", "p/orders", "declared"),
                edge("p/orders", "group:p/billing", "committed_offsets"),
            ],
        };
        let picture = layout(&view, 10);
        let x = |id: &str| picture.nodes.iter().find(|node| node.id == id).unwrap().x;
        assert!(x("job:x/etl") < x("p/orders") && x("p/orders") < x("group:p/billing"));
        assert_eq!(picture.edges.len(), 2);
        assert_eq!(picture.edges[0].basis, EdgeBasis::Declared);
        assert!(picture.nodes.iter().any(|node| node.center && node.label == "orders"));
    }

    #[test]
    fn what_appeared_moments_ago_around_the_same_node_is_marked_new() {
        let mut view = LineageView {
            node: "p/orders".into(),
            nodes: vec![node("p/orders", "topic", 0), node("group:p/billing", "group", 1)],
            edges: vec![edge("p/orders", "group:p/billing", "committed_offsets")],
        };
        let arrivals = |picture: &Picture| -> Vec<String> {
            picture.nodes.iter().filter(|node| node.arrived).map(|node| node.id.clone()).collect()
        };
        let mut shown = None;
        let mut first = layout(&view, 10);
        first.mark_arrivals(&view.node, &mut shown, 1_000);
        assert!(arrivals(&first).is_empty(), "a first picture has nothing new");
        view.nodes.push(node("group:p/audit", "group", 1));
        view.edges.push(edge("p/orders", "group:p/audit", "committed_offsets"));
        let mut second = layout(&view, 10);
        second.mark_arrivals(&view.node, &mut shown, 2_000);
        assert_eq!(arrivals(&second), ["group:p/audit"]);
        assert_eq!(second.edges.iter().filter(|edge| edge.arrived).count(), 1);
        let mut redrawn = layout(&view, 10);
        redrawn.mark_arrivals(&view.node, &mut shown, 3_000);
        assert_eq!(arrivals(&redrawn), ["group:p/audit"], "a redraw soon after still shows it");
        let mut later = layout(&view, 10);
        later.mark_arrivals(&view.node, &mut shown, 2_000 + ARRIVAL_GLOW_MS);
        assert!(arrivals(&later).is_empty(), "the mark fades");
        let mut elsewhere = layout(&view, 10);
        elsewhere.mark_arrivals("p/other", &mut shown, 20_000);
        assert!(arrivals(&elsewhere).is_empty(), "another node's picture starts afresh");
    }

    #[test]
    fn long_columns_collapse_into_a_stub_that_keeps_the_edges() {
        let mut nodes = vec![node("p/orders", "topic", 0)];
        let mut edges = Vec::new();
        for i in 0..500 {
            let id = format!("group:p/reader-{i:03}");
            nodes.push(node(&id, "group", 1));
            edges.push(edge("p/orders", &id, "committed_offsets"));
        }
        let (view_nodes, view_edges) = (nodes.clone(), edges.clone());
        let picture = layout(&LineageView { node: "p/orders".into(), nodes, edges }, 25);
        assert_eq!(picture.nodes.len(), 1 + 25);
        let stub = picture.nodes.iter().find(|node| node.kind == "more").unwrap();
        assert_eq!((stub.hidden, stub.label.as_str()), (476, "+476 more"));
        assert_eq!(picture.edges.len(), 25, "24 shown readers and one edge to the stub");
        let view = LineageView { node: "p/orders".into(), nodes: view_nodes, edges: view_edges };
        let widened = layout_widened(&view, 25, &[1, 1]);
        let stub = widened.nodes.iter().find(|node| node.kind == "more").unwrap();
        assert_eq!(stub.hidden, 500 - 74, "opened twice, the column shows 50 more");
        assert_eq!(layout_widened(&view, 25, &[-1]).nodes.len(), 26, "another column's opening changes nothing here");
    }
}
