//! Draws a laid-out lineage as standalone SVG: the page shows it inline (nodes are
//! links, so it works without JavaScript) and the export serves the same document.

use std::fmt::Write;

use super::layout::{Picture, PlacedNode, NODE_HEIGHT, NODE_WIDTH};
use crate::model::EdgeBasis;

/// Nodes and edges that carry personal data.
const PII_COLOUR: &str = "#dc2626";

/// Longest label drawn in full; longer ones end in `…` (the tooltip has the whole id).
const LABEL_CHARS: usize = 26;

/// The fill and stroke of a node of `kind`, readable in light and dark themes.
fn colours(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "topic" => ("#e0f2fe", "#0369a1"),
        "group" => ("#d1fae5", "#047857"),
        "subject" => ("#ede9fe", "#6d28d9"),
        "job" => ("#fef3c7", "#b45309"),
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

/// The picture as an SVG document; `href` gives each real node's link.
pub fn to_svg(picture: &Picture, href: impl Fn(&PlacedNode) -> Option<String>) -> String {
    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.0} {h:.0}" width="{w:.0}" height="{h:.0}" role="img" aria-label="Lineage picture" font-family="ui-sans-serif, system-ui, sans-serif" data-testid="lineage-svg">"##,
        w = picture.width,
        h = picture.height,
    );
    svg.push_str(r##"<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#64748b"/></marker></defs>"##);
    for edge in &picture.edges {
        let ((x1, y1), (x2, y2)) = (edge.start, edge.end);
        let bend = ((x2 - x1).abs() / 2.0).max(40.0);
        let _ = write!(
            svg,
            r##"<path d="M {x1:.1} {y1:.1} C {c1:.1} {y1:.1}, {c2:.1} {y2:.1}, {x2:.1} {y2:.1}" fill="none" stroke="{colour}" stroke-width="{width}"{dash} marker-end="url(#arrow)" data-kind="{kind}" data-basis="{basis:?}"{pii}><title>{from} → {to} ({kind}){pii_title}</title></path>"##,
            colour = if edge.pii { PII_COLOUR } else { "#94a3b8" },
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
        let width = if node.center {
            3
        } else if node.pii {
            2
        } else {
            1
        };
        let mut body = String::new();
        let _ = write!(
            body,
            r##"<g data-node="{id}" data-kind="{kind}"{pii}><title>{id}{pii_title}</title><rect x="{x:.1}" y="{y:.1}" width="{NODE_WIDTH}" height="{NODE_HEIGHT}" rx="8" fill="{fill}" stroke="{stroke}" stroke-width="{width}"/><text x="{tx:.1}" y="{ty:.1}" font-size="13" fill="#0f172a">{label}</text><text x="{tx:.1}" y="{sy:.1}" font-size="10" fill="#475569">{kind_label}{scope}</text>{badge}</g>"##,
            id = escape(&node.id),
            kind = escape(&node.kind),
            x = node.x,
            y = node.y,
            tx = node.x + 10.0,
            ty = node.y + 17.0,
            sy = node.y + 31.0,
            label = escape(&shorten(&node.label)),
            pii = if node.pii { r#" data-pii="true""# } else { "" },
            badge = if node.pii {
                format!(
                    r##"<text x="{:.1}" y="{:.1}" font-size="10" font-weight="700" fill="{PII_COLOUR}" text-anchor="end">PII</text>"##,
                    node.x + NODE_WIDTH - 8.0,
                    node.y + 17.0
                )
            } else {
                String::new()
            },
            pii_title = if node.pii { " (carries PII)" } else { "" },
            kind_label = if node.kind == "more" { "collapsed".to_owned() } else { escape(&node.kind) },
            scope =
                if node.scope.is_empty() { String::new() } else { format!(" · {}", escape(&shorten(&node.scope))) },
        );
        match href(node) {
            Some(link) => {
                let _ = write!(svg, r##"<a href="{}">{body}</a>"##, escape(&link));
            }
            None => svg.push_str(&body),
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lineage_picture::layout::layout;
    use crate::model::{LineageEdge, LineageNode, LineageView};

    #[test]
    fn nodes_link_and_names_are_escaped() {
        let view = LineageView {
            node: "p/a<b>".into(),
            nodes: vec![
                LineageNode { id: "p/a<b>".into(), kind: "topic".into(), depth: 0, tags: vec!["PII".into()] },
                LineageNode { id: "group:p/x&y".into(), kind: "group".into(), depth: 1, tags: vec![] },
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
        let svg = to_svg(&layout(&view, 10), |node| Some(format!("/lineage?node={}", node.id)));
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("a&lt;b&gt;") && svg.contains("x&amp;y") && !svg.contains("a<b>"));
        assert!(svg.contains(r#"stroke-dasharray="7 4""#), "declared edges are dashed");
        assert_eq!(svg.matches("<a href=").count(), 2);
        assert_eq!(svg.matches(r#"data-pii="true""#).count(), 2, "the PII topic and the edge leaving it");
    }
}
