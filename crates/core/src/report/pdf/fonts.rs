//! The report's fonts, embedded in the binary: DejaVu Sans, regular and bold (Latin,
//! Greek, Cyrillic, Arabic, Hebrew), then for what DejaVu lacks Droid Sans Fallback
//! (Chinese, Japanese) and NanumSquare (Korean Hangul). Text is split into runs, each set in the first font that
//! has its characters; widths are measured from the glyph advances of those fonts, so
//! lines wrap before the margin whatever the script.

use std::sync::OnceLock;

use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, MetadataProvider};

const REGULAR: &[u8] = include_bytes!("../../../data/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../../data/fonts/DejaVuSans-Bold.ttf");
const FALLBACK: &[u8] = include_bytes!("../../../data/fonts/DroidSansFallbackFull.ttf");
const HANGUL: &[u8] = include_bytes!("../../../data/fonts/NanumSquareR.ttf");

/// A weight of the report's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Face {
    Regular,
    Bold,
}

/// One of the embedded fonts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EmbeddedFont {
    Regular,
    Bold,
    /// For characters DejaVu does not have (no bold: the fallbacks have one weight).
    Fallback,
    /// For Korean, which the first fallback lacks.
    Hangul,
}

/// The fallbacks, in the order they are tried.
const FALLBACKS: [EmbeddedFont; 2] = [EmbeddedFont::Fallback, EmbeddedFont::Hangul];

impl EmbeddedFont {
    pub fn data(self) -> &'static [u8] {
        match self {
            EmbeddedFont::Regular => REGULAR,
            EmbeddedFont::Bold => BOLD,
            EmbeddedFont::Fallback => FALLBACK,
            EmbeddedFont::Hangul => HANGUL,
        }
    }

    /// The font parsed once: layout asks for every character of every line.
    fn loaded(self) -> Option<&'static Loaded> {
        static LOADED: [OnceLock<Option<Loaded>>; 4] = [const { OnceLock::new() }; 4];
        let slot = match self {
            EmbeddedFont::Regular => 0,
            EmbeddedFont::Bold => 1,
            EmbeddedFont::Fallback => 2,
            EmbeddedFont::Hangul => 3,
        };
        LOADED[slot]
            .get_or_init(|| {
                let font = FontRef::new(self.data()).ok()?;
                let units_per_em = f32::from(font.metrics(Size::unscaled(), LocationRef::default()).units_per_em);
                Some(Loaded {
                    charmap: font.charmap(),
                    metrics: font.glyph_metrics(Size::unscaled(), LocationRef::default()),
                    units_per_em,
                })
            })
            .as_ref()
    }

    fn has(self, character: char) -> bool {
        self.loaded().is_some_and(|loaded| loaded.charmap.map(character).is_some())
    }

    /// How wide `text` is at `size` points in this font (unkerned: a little wider than
    /// drawn, never narrower). A character it lacks counts as 0.6 em.
    fn width(self, text: &str, size: f32) -> f32 {
        let Some(loaded) = self.loaded() else { return text.chars().count() as f32 * size * 0.6 };
        let scale = size / loaded.units_per_em;
        text.chars()
            .map(|character| {
                loaded
                    .charmap
                    .map(character)
                    .and_then(|glyph| loaded.metrics.advance_width(glyph))
                    .map_or(size * 0.6, |advance| advance * scale)
            })
            .sum()
    }
}

/// A font's character map and advances, kept for the process's life.
struct Loaded {
    charmap: Charmap<'static>,
    metrics: GlyphMetrics<'static>,
    units_per_em: f32,
}

impl Face {
    fn primary(self) -> EmbeddedFont {
        match self {
            Face::Regular => EmbeddedFont::Regular,
            Face::Bold => EmbeddedFont::Bold,
        }
    }

    /// `text` in runs, each with the font that sets it: the face's own where it has the
    /// characters, the fallback where it does not.
    pub fn runs(self, text: &str) -> Vec<(EmbeddedFont, String)> {
        let mut runs: Vec<(EmbeddedFont, String)> = Vec::new();
        for character in text.chars() {
            let primary = self.primary();
            let font = if primary.has(character) {
                primary
            } else {
                // A character no font has stays in the primary (a missing glyph).
                FALLBACKS.into_iter().find(|fallback| fallback.has(character)).unwrap_or(primary)
            };
            match runs.last_mut() {
                Some((last, run)) if *last == font => run.push(character),
                _ => runs.push((font, character.to_string())),
            }
        }
        runs
    }

    /// How wide `text` is at `size` points, each run in its font.
    pub fn width(self, text: &str, size: f32) -> f32 {
        self.runs(text).iter().map(|(font, run)| font.width(run, size)).sum()
    }
}

/// The width of `run` in `font`, for drawing runs one after the other.
pub fn run_width(font: EmbeddedFont, run: &str, size: f32) -> f32 {
    font.width(run, size)
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

    #[test]
    fn characters_dejavu_lacks_are_set_in_the_fallback() {
        let runs = Face::Regular.runs("orders-注文-ちゅうもん");
        let fonts: Vec<EmbeddedFont> = runs.iter().map(|(font, _)| *font).collect();
        assert_eq!(
            fonts,
            [EmbeddedFont::Regular, EmbeddedFont::Fallback, EmbeddedFont::Regular, EmbeddedFont::Fallback],
            "{runs:?}"
        );
        assert!(EmbeddedFont::Fallback.has('注') && EmbeddedFont::Fallback.has('ち'));
        let korean: Vec<EmbeddedFont> = Face::Bold.runs("주문-똠").iter().map(|(font, _)| *font).collect();
        assert_eq!(korean, [EmbeddedFont::Hangul, EmbeddedFont::Bold, EmbeddedFont::Hangul]);
        assert_eq!(Face::Regular.runs("plain").len(), 1);
    }
}
