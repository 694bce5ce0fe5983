//! The lineage as a picture: laid out left to right ([`layout`]) and drawn as SVG
//! ([`svg`]). Pure: the page draws it inline and the export serves the same document.

pub mod layout;
pub mod svg;

pub use layout::{layout, layout_widened, Picture, PlacedEdge, PlacedNode, Shown};
pub use svg::{to_svg, NodeLinks};
