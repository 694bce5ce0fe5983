//! A compliance report as a PDF for people, written in-process (krilla; no browser, no
//! external program): a cover, a one-page summary, the inventory of personal data with
//! provenance, the flows picture (the server's own lineage SVG, embedded as vector
//! graphics), violations with their history, the changes made in the period, the record
//! of processing (GDPR Article 30) and an attestation page. Tables break across pages
//! with their header repeated; every page's footer gives its number and the report's
//! content hash. Deterministic: the generation time is an input and no clock is read.
//!
//! - [`fonts`]: the embedded fonts and text widths.
//! - [`layout`]: flowing layout into pages of drawing operations.
//! - [`sections`]: the report's sections, in order, laid out into pages.
//! - `erasure`: an erasure record (where one person's data is, and what to do) laid out
//!   the same way, with the same footer.

mod erasure;
pub mod fonts;
pub mod layout;
mod sections;

use std::sync::Arc;

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use krilla::Document;
use krilla_svg::{SurfaceExt, SvgSettings};
use model::freshness::utc_label;
use model::ComplianceReport;

use fonts::{run_width, EmbeddedFont, Face};
use layout::{Op, MARGIN, PAGE_HEIGHT, PAGE_WIDTH};
use sections::lay_out;

/// Why a PDF could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the embedded font could not be read")]
    Font,
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

const FOOTER_SIZE: f32 = 7.0;

/// What every page's footer and the document's metadata say.
struct DocumentHead<'a> {
    title: &'a str,
    content_hash: &'a str,
    generated_at_ms: i64,
}

/// The report as PDF bytes; `flows_svg`: the PII flows picture, when there is one.
pub fn render(report: &ComplianceReport, flows_svg: Option<&str>) -> Result<Vec<u8>, PdfError> {
    let pictures: Vec<usvg::Tree> = flows_svg.and_then(picture).into_iter().collect();
    let pages = lay_out(report, pictures.first().map(|tree| (tree.size().width(), tree.size().height())));
    let head = DocumentHead {
        title: &report.head.title,
        content_hash: &report.content_hash,
        generated_at_ms: report.head.generated_at_ms,
    };
    write(&head, &pages, &pictures)
}

/// An erasure record as PDF bytes.
pub fn render_erasure(record: &model::ErasureRecord) -> Result<Vec<u8>, PdfError> {
    let title = erasure::title(record);
    let head = DocumentHead {
        title: &title,
        content_hash: &record.content_hash,
        generated_at_ms: record.head.generated_at_ms,
    };
    write(&head, &erasure::lay_out(record), &[])
}

/// The SVG parsed, its text set in the report's font.
fn picture(svg: &str) -> Option<usvg::Tree> {
    let mut fonts = usvg::fontdb::Database::new();
    for font in [EmbeddedFont::Regular, EmbeddedFont::Bold, EmbeddedFont::Fallback, EmbeddedFont::Hangul] {
        fonts.load_font_data(font.data().to_vec());
    }
    // The picture asks for `sans-serif` (after system fonts a server need not have).
    fonts.set_sans_serif_family("DejaVu Sans");
    let options =
        usvg::Options { font_family: "DejaVu Sans".to_owned(), fontdb: Arc::new(fonts), ..usvg::Options::default() };
    usvg::Tree::from_str(svg, &options).ok()
}

fn write(head: &DocumentHead, pages: &[Vec<Op>], pictures: &[usvg::Tree]) -> Result<Vec<u8>, PdfError> {
    let font = |embedded: EmbeddedFont| Font::new(embedded.data().into(), 0).ok_or(PdfError::Font);
    let (regular, bold, fallback, hangul) = (
        font(EmbeddedFont::Regular)?,
        font(EmbeddedFont::Bold)?,
        font(EmbeddedFont::Fallback)?,
        font(EmbeddedFont::Hangul)?,
    );
    let krilla_font = |embedded: EmbeddedFont| match embedded {
        EmbeddedFont::Regular => regular.clone(),
        EmbeddedFont::Bold => bold.clone(),
        EmbeddedFont::Fallback => fallback.clone(),
        EmbeddedFont::Hangul => hangul.clone(),
    };
    // Each run of `text` in the font that has its characters, one after the other.
    let draw = |surface: &mut krilla::surface::Surface, x: f32, y: f32, size: f32, face: Face, text: &str| {
        let mut left = x;
        for (embedded, run) in face.runs(text) {
            surface.draw_text(Point::from_xy(left, y), krilla_font(embedded), size, &run, false, TextDirection::Auto);
            left += run_width(embedded, &run, size);
        }
    };
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(head.title.to_owned())
            .creator("Tributary".to_owned())
            .creation_date(date_time(head.generated_at_ms))
            .document_id(head.content_hash.to_owned()),
    );
    let count = pages.len();
    for (number, ops) in pages.iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or(PdfError::Write("page size".into()))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for op in ops {
            match op {
                Op::Text { x, y, size, face, grey, text } => {
                    surface.set_fill(Some(fill(if *grey { 110 } else { 20 })));
                    draw(&mut surface, *x, *y, *size, *face, text);
                }
                Op::Shade { x, y, width, height } => {
                    if let Some(rect) = Rect::from_xywh(*x, *y, *width, *height) {
                        let mut path = PathBuilder::new();
                        path.push_rect(rect);
                        if let Some(path) = path.finish() {
                            surface.set_fill(Some(fill(235)));
                            surface.draw_path(&path);
                        }
                    }
                }
                Op::Rule { x, y, width } => {
                    let mut path = PathBuilder::new();
                    path.move_to(*x, *y);
                    path.line_to(x + width, *y);
                    if let Some(path) = path.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(Stroke {
                            paint: rgb::Color::new(200, 200, 200).into(),
                            width: 0.5,
                            ..Stroke::default()
                        }));
                        surface.draw_path(&path);
                        surface.set_stroke(None);
                    }
                }
                Op::Picture { picture, x, y, width, height } => {
                    let (Some(tree), Some(size)) = (pictures.get(*picture), Size::from_wh(*width, *height)) else {
                        continue;
                    };
                    surface.push_transform(&Transform::from_translate(*x, *y));
                    surface.draw_svg(tree, size, SvgSettings::default());
                    surface.pop();
                }
            }
        }
        surface.set_fill(Some(fill(110)));
        let footer = format!("{} · page {} of {count}", head.title, number + 1);
        let bottom = PAGE_HEIGHT - MARGIN + 10.0;
        draw(&mut surface, MARGIN, bottom, FOOTER_SIZE, Face::Regular, &footer);
        let hash = format!("content SHA-256 {}", head.content_hash);
        draw(&mut surface, MARGIN, bottom + FOOTER_SIZE * 1.5, FOOTER_SIZE, Face::Regular, &hash);
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|error| PdfError::Write(format!("{error:?}")))
}

fn fill(lightness: u8) -> Fill {
    Fill {
        paint: rgb::Color::new(lightness, lightness, lightness).into(),
        opacity: NormalizedF32::ONE,
        ..Fill::default()
    }
}

/// The generation time as PDF metadata (UTC).
fn date_time(at_ms: i64) -> DateTime {
    let label = utc_label(at_ms); // 2026-11-30 15:04:05 UTC
    let number =
        |range: std::ops::Range<usize>| label.get(range).and_then(|part| part.parse::<u16>().ok()).unwrap_or(0);
    let byte = |range: std::ops::Range<usize>| u8::try_from(number(range)).unwrap_or(0);
    DateTime::new(number(0..4))
        .month(byte(5..7))
        .day(byte(8..10))
        .hour(byte(11..13))
        .minute(byte(14..16))
        .second(byte(17..19))
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::{InventoryRow, ReportHead, ReportScope, ReportSummary};

    fn report(rows: usize) -> ComplianceReport {
        ComplianceReport {
            head: ReportHead {
                title: "Compliance report: gdpr".into(),
                scope: ReportScope::default(),
                scope_described: "every topic".into(),
                from_ms: 0,
                to_ms: 1_796_000_000_000,
                generated_at_ms: 1_796_000_000_000,
                generated_by: "auditor <script>".into(),
                on_behalf_of: Some("the board <b>".into()),
                basis: "basis".into(),
            },
            inventory: (0..rows)
                .map(|i| InventoryRow {
                    cluster: "prod".into(),
                    topic: format!("orders-{i} Ωμέγα Кириллица"),
                    subject: "orders-value".into(),
                    path: "customer.email".into(),
                    categories: vec!["PII".into()],
                    provenance: vec!["PII: name rule email".into()],
                    protected_by: None,
                })
                .collect(),
            records: vec![],
            violations: vec![],
            changes: vec![],
            summary: ReportSummary::default(),
            content_hash: "ab".repeat(32),
        }
    }

    #[test]
    fn hostile_names_are_drawn_as_written_without_their_control_characters() {
        let mut hostile = report(1);
        hostile.inventory[0].topic = "<script>alert(1)</script>\u{1b}[2J\u{202e}evil=HYPERLINK(\"x\")".into();
        let pages = lay_out(&hostile, None);
        let texts: Vec<&str> = pages
            .iter()
            .flatten()
            .filter_map(|op| if let Op::Text { text, .. } = op { Some(text.as_str()) } else { None })
            .collect();
        let drawn = texts.concat();
        assert!(drawn.contains("<script>alert(1)</script>"), "markup is text in a PDF");
        assert!(!drawn.contains('\u{1b}'), "control characters are dropped");
        assert!(render(&hostile, None).unwrap().starts_with(b"%PDF-"));
    }

    #[test]
    fn the_same_report_gives_the_same_bytes_and_long_tables_take_pages() {
        let small = render(&report(3), None).unwrap();
        assert!(small.starts_with(b"%PDF-"));
        assert_eq!(small, render(&report(3), None).unwrap(), "deterministic");
        let large = render(&report(400), None).unwrap();
        assert!(large.len() > small.len());
        let laid = lay_out(&report(400), None);
        assert!(laid.len() > lay_out(&report(3), None).len() + 5, "{} pages", laid.len());
    }
}
