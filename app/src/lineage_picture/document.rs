//! The picture as a document: which link each node carries, and the whole SVG for a
//! view. Pure: the page draws it inline, the export serves the same document.

use super::{layout_widened, to_svg, NodeLinks, PlacedNode, Shown};
use model::links::lineage_href;
use model::{LineageRequest, LineageView};

/// Nodes drawn per column before the rest collapse into "+N more": about 1,000 nodes
/// over three hops each way stay drawn; beyond that the picture collapses.
pub const NODES_PER_COLUMN: usize = 250;

/// What clicking a node of the picture does.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeClicks {
    /// Opens the explorer centred on it, `depth` hops both ways (pictures on pages).
    Explore { depth: u32 },
    /// In the explorer showing `request`: opens (or closes) the node's next hop; a mark
    /// on the node centres the view on it.
    Expand(LineageRequest),
}

impl NodeClicks {
    fn links(&self, node: &PlacedNode) -> NodeLinks {
        if node.hidden > 0 {
            // A stub opens to show more of its column, in the explorer only.
            return match self {
                NodeClicks::Expand(request) => NodeLinks {
                    open: Some((
                        explorer_href(&request.showing_more(node.depth)),
                        format!("Show more of the {} hidden", node.hidden),
                    )),
                    ..NodeLinks::default()
                },
                NodeClicks::Explore { .. } => NodeLinks::default(),
            };
        }
        match self {
            NodeClicks::Explore { depth } => NodeLinks {
                open: Some((lineage_href(&node.id, *depth), format!("Explore the lineage of {}", node.label))),
                ..NodeLinks::default()
            },
            NodeClicks::Expand(request) => {
                let expanded = request.expand.contains(&node.id);
                let what = if expanded { "Close the next hop of" } else { "Show the next hop of" };
                NodeLinks {
                    open: Some((explorer_href(&request.toggling(&node.id)), format!("{what} {}", node.label))),
                    centre: (!node.center).then(|| explorer_href(&request.centred_on(&node.id))),
                    expanded,
                }
            }
        }
    }

    pub fn hint(&self) -> &'static str {
        match self {
            NodeClicks::Explore { .. } => "Click a node to explore its lineage.",
            NodeClicks::Expand(_) => "Click a node to show its next hop (again to close it); ◉ centres the view on it.",
        }
    }
}

/// The explorer's address for `request`.
pub fn explorer_href(request: &LineageRequest) -> String {
    format!("/lineage?{}", request.to_query())
}

/// The picture for `view` as an SVG document; `arrivals` (the last picture shown and the
/// time now) marks what is new, see [`Picture::mark_arrivals`].
///
/// [`Picture::mark_arrivals`]: crate::lineage_picture::Picture::mark_arrivals
pub fn lineage_svg(view: &LineageView, clicks: &NodeClicks, arrivals: Option<(&mut Option<Shown>, i64)>) -> String {
    let widened = match clicks {
        NodeClicks::Expand(request) => request.more.as_slice(),
        NodeClicks::Explore { .. } => &[],
    };
    let mut picture = layout_widened(view, NODES_PER_COLUMN, widened);
    if let Some((shown, now_ms)) = arrivals {
        picture.mark_arrivals(&view.node, shown, now_ms);
    }
    to_svg(&picture, |node| clicks.links(node))
}
