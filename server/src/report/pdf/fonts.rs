//! The report's fonts, embedded in the binary (DejaVu Sans, regular and bold: Latin,
//! Greek, Cyrillic, Arabic and Hebrew; no CJK, see the README), and text widths measured
//! from their glyph advances so that lines wrap before the margin.

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

const REGULAR: &[u8] = include_bytes!("../../../data/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../../data/fonts/DejaVuSans-Bold.ttf");

/// A face of the report's font.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Face {
    Regular,
    Bold,
}

impl Face {
    pub fn data(self) -> &'static [u8] {
        match self {
            Face::Regular => REGULAR,
            Face::Bold => BOLD,
        }
    }

    /// How wide `text` is at `size` points (unkerned: a little wider than drawn, never
    /// narrower, so wrapped lines stay inside their column).
    pub fn width(self, text: &str, size: f32) -> f32 {
        let Ok(font) = FontRef::new(self.data()) else { return text.chars().count() as f32 * size * 0.6 };
        let charmap = font.charmap();
        let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
        text.chars()
            .map(|character| {
                charmap.map(character).and_then(|glyph| metrics.advance_width(glyph)).unwrap_or(size * 0.6)
            })
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_grow_with_text_and_size_and_bold_is_wider() {
        let narrow = Face::Regular.width("iii", 10.0);
        let wide = Face::Regular.width("WWW", 10.0);
        assert!(narrow > 0.0 && wide > narrow);
        assert!((Face::Regular.width("abc", 20.0) - 2.0 * Face::Regular.width("abc", 10.0)).abs() < 0.01);
        assert!(Face::Bold.width("abc", 10.0) > Face::Regular.width("abc", 10.0));
        assert!(Face::Regular.width("Ωμέγα Кириллица", 10.0) > 0.0);
    }
}
