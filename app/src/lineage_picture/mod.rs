//! The lineage as a picture: laid out left to right ([`layout`]), drawn as SVG
//! ([`svg`]), with each node's links and the whole document ([`document`]). Pure: the
//! page draws it inline and the export serves the same document.

pub mod document;
pub mod layout;
pub mod svg;

pub use document::{explorer_href, lineage_svg, NodeClicks, NODES_PER_COLUMN};
pub use layout::{layout, layout_widened, Picture, PlacedEdge, PlacedNode, Shown};
pub use svg::{to_svg, NodeLinks};
