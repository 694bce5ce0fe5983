//! Draws a laid-out lineage as standalone SVG: the page shows it inline (nodes are
//! links, so it works without JavaScript) and the export serves the same document.

use std::fmt::Write;

use super::layout::{Picture, PlacedNode, ARRIVAL_GLOW_MS, NODE_HEIGHT, NODE_WIDTH};
use model::EdgeBasis;

/// Nodes and edges that carry personal data.
const PII_COLOUR: &str = "#dc2626";

/// Longest label drawn in full; longer ones end in `…` (the tooltip has the whole id).
const LABEL_CHARS: usize = 26;
/// What is new glows in this colour, fading out while it counts as new.
const ARRIVED_COLOUR: &str = "#f59e0b";
/// The "centre here" mark in a node's lower right corner.
const CENTRE_MARK_RADIUS: f64 = 7.0;

/// Where a drawn node leads.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeLinks {
    /// Clicking the node: its address and what it does, for assistive technology.
    pub open: Option<(String, String)>,
    /// The small mark that re-centres the view on the node, if the picture has one.
    pub centre: Option<String>,
    /// The node's next hop is shown (drawn with a thicker border).
    pub expanded: bool,
}

/// The fill and stroke of a node of `kind`, readable in light and dark themes.
fn colours(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "topic" => ("#e0f2fe", "#0369a1"),
        "group" => ("#d1fae5", "#047857"),
        "subject" => ("#ede9fe", "#6d28d9"),
        "job" => ("#fef3c7", "#b45309"),
        "connector" => ("#fae8ff", "#a21caf"),
        "principal" => ("#ffe4e6", "#be123c"),
        "field" => ("#f1f5f9", "#475569"),
        _ => ("#f8fafc", "#64748b"),
    }
}

fn dashes(basis: EdgeBasis) -> &'static str {
    match basis {
        EdgeBasis::Observed => "",
        EdgeBasis::Declared => " stroke-dasharray=\"7 4\"",
        EdgeBasis::Inferred => " stroke-dasharray=\"2 4\"",
    }
}

/// Escapes text for SVG content and attribute values.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn shorten(text: &str) -> String {
    if text.chars().count() <= LABEL_CHARS {
        return text.to_owned();
    }
    let kept: String = text.chars().take(LABEL_CHARS - 1).collect();
    format!("{kept}…")
}

/// The picture as an SVG document; `links` says where each node leads. A `group`, not an
/// `img`: its nodes are links, and an image's content is not for a screen reader's
/// reach (axe: nested-interactive).
pub fn to_svg(picture: &Picture, links: impl Fn(&PlacedNode) -> NodeLinks) -> String {
    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.0} {h:.0}" width="{w:.0}" height="{h:.0}" role="group" aria-label="Lineage picture" font-family="ui-sans-serif, system-ui, sans-serif" data-testid="lineage-svg">"##,
        w = picture.width,
        h = picture.height,
    );
    svg.push_str(r##"<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#64748b"/></marker></defs>"##);
    for edge in &picture.edges {
        let ((x1, y1), (x2, y2)) = (edge.start, edge.end);
        let bend = ((x2 - x1).abs() / 2.0).max(40.0);
        let _ = write!(
            svg,
            r##"<path d="M {x1:.1} {y1:.1} C {c1:.1} {y1:.1}, {c2:.1} {y2:.1}, {x2:.1} {y2:.1}" fill="none" stroke="{colour}" stroke-width="{width}"{dash} marker-end="url(#arrow)" data-kind="{kind}" data-basis="{basis:?}"{pii}{arrived}><title>{from} → {to} ({kind}){pii_title}</title>{fade}</path>"##,
            colour = if edge.pii {
                PII_COLOUR
            } else if edge.arrived {
                ARRIVED_COLOUR
            } else {
                "#94a3b8"
            },
            arrived = if edge.arrived { r#" data-arrived="true""# } else { "" },
            fade = if edge.arrived && !edge.pii {
                format!(
                    r##"<animate attributeName="stroke" from="{ARRIVED_COLOUR}" to="#94a3b8" dur="{ARRIVAL_GLOW_MS}ms" fill="freeze"/>"##
                )
            } else {
                String::new()
            },
            width = if edge.pii { "2.5" } else { "1.5" },
            pii = if edge.pii { r#" data-pii="true""# } else { "" },
            pii_title = if edge.pii { ", carries PII" } else { "" },
            c1 = x1 + bend,
            c2 = x2 - bend,
            dash = dashes(edge.basis),
            kind = escape(&edge.kind),
            basis = edge.basis,
            from = escape(&edge.from),
            to = escape(&edge.to),
        );
    }
    for node in &picture.nodes {
        let (fill, kind_stroke) = colours(&node.kind);
        let stroke = if node.pii { PII_COLOUR } else { kind_stroke };
        let links = links(node);
        let width = if node.center {
            3
        } else if node.pii || links.expanded {
            2
        } else {
            1
        };
        let mut body = String::new();
        if node.arrived {
            let _ = write!(
                body,
                r##"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" rx="11" fill="none" stroke="{ARRIVED_COLOUR}" stroke-width="4"><animate attributeName="opacity" from="1" to="0" dur="{ARRIVAL_GLOW_MS}ms" fill="freeze"/></rect>"##,
                x = node.x - 3.0,
                y = node.y - 3.0,
                w = NODE_WIDTH + 6.0,
                h = NODE_HEIGHT + 6.0,
            );
        }
        let _ = write!(
            body,
            r##"<rect x="{x:.1}" y="{y:.1}" width="{NODE_WIDTH}" height="{NODE_HEIGHT}" rx="8" fill="{fill}" stroke="{stroke}" stroke-width="{width}"{unknown_dash}/><text x="{tx:.1}" y="{ty:.1}" font-size="13" fill="#0f172a">{label}</text><text x="{tx:.1}" y="{sy:.1}" font-size="10" fill="#475569">{kind_label}{scope}</text>{badge}"##,
            x = node.x,
            y = node.y,
            tx = node.x + 10.0,
            ty = node.y + 17.0,
            sy = node.y + 31.0,
            label = escape(&shorten(&node.label)),
            badge = if node.pii {
                format!(
                    r##"<text x="{:.1}" y="{:.1}" font-size="10" font-weight="700" fill="{PII_COLOUR}" text-anchor="end">PII</text>"##,
                    node.x + NODE_WIDTH - 8.0,
                    node.y + 17.0
                )
            } else {
                String::new()
            },
            unknown_dash = if node.unknown { r#" stroke-dasharray="4 3""# } else { "" },
            kind_label = if node.kind == "more" { "collapsed".to_owned() } else { escape(&node.kind) },
            scope =
                if node.scope.is_empty() { String::new() } else { format!(" · {}", escape(&shorten(&node.scope))) },
        );
        let _ = write!(
            svg,
            r##"<g data-node="{id}" data-kind="{kind}"{pii}{arrived}{expanded}{unknown}>"##,
            id = escape(&node.id),
            kind = escape(&node.kind),
            pii = if node.pii { r#" data-pii="true""# } else { "" },
            arrived = if node.arrived { r#" data-arrived="true""# } else { "" },
            expanded = if links.expanded { r#" data-expanded="true""# } else { "" },
            unknown = if node.unknown { r#" data-unknown="true""# } else { "" },
        );
        // The node's name and state, and for a link where it leads, in its `<title>`: the
        // link's name comes from its content (an `aria-label` that left out the visible
        // text would not match it, WCAG 2.5.3).
        let title = format!(
            "{id}{pii}{unknown}",
            id = escape(&node.id),
            pii = if node.pii { " (carries PII)" } else { "" },
            unknown = if node.unknown { " (unknown topic: its cluster has no such topic)" } else { "" },
        );
        match &links.open {
            Some((href, what)) => {
                let _ =
                    write!(svg, r##"<a href="{}"><title>{}: {title}</title>{body}</a>"##, escape(href), escape(what));
            }
            None => {
                let _ = write!(svg, "<title>{title}</title>{body}");
            }
        }
        if let Some(href) = &links.centre {
            let (cx, cy) = (node.x + NODE_WIDTH - 12.0, node.y + NODE_HEIGHT - 11.0);
            let _ = write!(
                svg,
                r##"<a href="{href}" aria-label="Centre the view on {label}" data-centre="true"><title>Centre the view here</title><circle cx="{cx:.1}" cy="{cy:.1}" r="{CENTRE_MARK_RADIUS}" fill="#ffffff" stroke="#475569"/><circle cx="{cx:.1}" cy="{cy:.1}" r="2.5" fill="#475569"/></a>"##,
                href = escape(href),
                label = escape(&node.label),
            );
        }
        svg.push_str("</g>");
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lineage_picture::layout::layout;
    use model::{LineageEdge, LineageNode, LineageView};

    #[test]
    fn nodes_link_and_names_are_escaped() {
        let view = LineageView {
            node: "p/a<b>".into(),
            nodes: vec![
                LineageNode {
                    id: "p/a<b>".into(),
                    kind: "topic".into(),
                    depth: 0,
                    tags: vec!["PII".into()],
                    unknown: true,
                },
                LineageNode { id: "group:p/x&y".into(), kind: "group".into(), depth: 1, tags: vec![], unknown: false },
            ],
            edges: vec![LineageEdge {
                from: "p/a<b>".into(),
                to: "group:p/x&y".into(),
                kind: "reads".into(),
                evidence: vec!["declared".into()],
                confidence: 0.9,
                first_seen_ms: 0,
                last_seen_ms: 0,
            }],
        };
        let svg = to_svg(&layout(&view, 10), |node| NodeLinks {
            open: Some((format!("/lineage?node={}", node.id), format!("Lineage of {}", node.label))),
            centre: (!node.center).then(|| format!("/lineage?centre={}", node.id)),
            expanded: false,
        });
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("a&lt;b&gt;") && svg.contains("x&amp;y") && !svg.contains("a<b>"));
        assert!(svg.contains(r#"stroke-dasharray="7 4""#), "declared edges are dashed");
        assert_eq!(svg.matches(r#"data-unknown="true""#).count(), 1, "the unknown topic is marked");
        assert!(svg.contains("(unknown topic: its cluster has no such topic)"));
        assert_eq!(svg.matches("<a href=").count(), 3, "two nodes, and one centre mark");
        assert_eq!(svg.matches(r#"data-centre="true""#).count(), 1);
        assert_eq!(svg.matches(r#"data-pii="true""#).count(), 2, "the PII topic and the edge leaving it");
        assert!(!svg.contains("data-arrived"));
    }

    #[test]
    fn new_nodes_and_edges_glow() {
        let view = LineageView {
            node: "p/a".into(),
            nodes: vec![LineageNode { id: "p/a".into(), kind: "topic".into(), depth: 0, tags: vec![], unknown: false }],
            edges: vec![],
        };
        let mut picture = layout(&view, 10);
        picture.nodes[0].arrived = true;
        let svg = to_svg(&picture, |_| NodeLinks::default());
        assert_eq!(svg.matches(r#"data-arrived="true""#).count(), 1);
        assert!(svg.contains(ARRIVED_COLOUR) && svg.contains("<animate"));
    }
}
