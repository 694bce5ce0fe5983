//! Flowing layout onto A4 pages, as a list of drawing operations per page (no PDF yet):
//! headings, wrapped paragraphs, key-value lines, tables whose rows wrap inside their
//! columns and break across pages with the header repeated, and pictures scaled to the
//! text width. The writer draws the operations and the footers (which need the page
//! count, known only at the end).

use super::fonts::Face;

/// A4, in points.
pub const PAGE_WIDTH: f32 = 595.0;
pub const PAGE_HEIGHT: f32 = 842.0;
pub const MARGIN: f32 = 50.0;
/// Room kept at the bottom of each page for the footer.
pub const FOOTER_ROOM: f32 = 40.0;
const BODY_SIZE: f32 = 9.5;
const TABLE_SIZE: f32 = 8.0;
const LINE_GAP: f32 = 1.3;
const CELL_PADDING: f32 = 3.0;

/// One thing to draw, in points from the page's top-left corner (`y`: the baseline).
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        face: Face,
        grey: bool,
        text: String,
    },
    /// A filled light rectangle (a table header's background).
    Shade {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
    },
    /// A thin horizontal rule.
    Rule {
        x: f32,
        y: f32,
        width: f32,
    },
    /// The picture at index `picture` of the document, scaled into this box.
    Picture {
        picture: usize,
        x: f32,
        y: f32,
        width: f32,
        height: f32,
    },
}

/// A table column: its header and its share of the text width.
pub struct Column {
    pub header: &'static str,
    pub share: f32,
}

/// Pages being laid out.
pub struct Layout {
    pub pages: Vec<Vec<Op>>,
    /// Where the next line goes (top of the free space).
    y: f32,
}

impl Default for Layout {
    fn default() -> Self {
        Self { pages: vec![Vec::new()], y: MARGIN }
    }
}

impl Layout {
    fn text_width() -> f32 {
        PAGE_WIDTH - 2.0 * MARGIN
    }

    fn bottom() -> f32 {
        PAGE_HEIGHT - MARGIN - FOOTER_ROOM
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a layout always has a page")
    }

    /// Starts a new page (unless the current one is still empty).
    pub fn new_page(&mut self) {
        if !self.ops().is_empty() {
            self.pages.push(Vec::new());
        }
        self.y = MARGIN;
    }

    /// Makes room for `height`, on a new page if this one lacks it.
    fn room(&mut self, height: f32) {
        if self.y + height > Self::bottom() {
            self.new_page();
        }
    }

    /// Vertical space.
    pub fn gap(&mut self, points: f32) {
        self.y += points;
    }

    /// A heading of `size` points, kept with at least a few lines after it.
    pub fn heading(&mut self, text: &str, size: f32) {
        self.room(size * 5.0);
        self.gap(size * 0.6);
        self.y += size;
        let y = self.y;
        // Names from outside reach headings too: their control characters are dropped, as
        // in every wrapped line.
        let text: String = text.chars().filter(|c| !c.is_control()).collect();
        self.ops().push(Op::Text { x: MARGIN, y, size, face: Face::Bold, grey: false, text });
        self.gap(size * 0.6);
    }

    /// A paragraph wrapped to the text width.
    pub fn paragraph(&mut self, text: &str) {
        self.lines(text, MARGIN, Self::text_width(), BODY_SIZE, Face::Regular, false);
        self.gap(BODY_SIZE * 0.6);
    }

    /// A `label: value` line, the label in bold in a column `label_width` wide; both
    /// wrap.
    pub fn field(&mut self, label: &str, value: &str, label_width: f32) {
        let lines = |text: &str, width: f32, face: Face| wrap(text, width, BODY_SIZE, face).len() as f32;
        let value_width = Self::text_width() - label_width;
        let height = lines(label, label_width - 6.0, Face::Bold).max(lines(value, value_width, Face::Regular))
            * BODY_SIZE
            * LINE_GAP;
        self.room(height);
        let top = self.y;
        self.lines(label, MARGIN, label_width - 6.0, BODY_SIZE, Face::Bold, false);
        self.y = top;
        self.lines(value, MARGIN + label_width, value_width, BODY_SIZE, Face::Regular, false);
        self.y = top + height + BODY_SIZE * 0.3;
    }

    /// Wrapped lines from the current position, each starting a new page when needed.
    fn lines(&mut self, text: &str, x: f32, width: f32, size: f32, face: Face, grey: bool) {
        for line in wrap(text, width, size, face) {
            self.room(size * LINE_GAP);
            self.y += size * LINE_GAP;
            let y = self.y - size * (LINE_GAP - 1.0);
            self.ops().push(Op::Text { x, y, size, face, grey, text: line });
        }
    }

    /// A table: rows wrap inside their columns; a row that does not fit starts a new
    /// page, which repeats the header. `None` rows are none: `empty` is said instead.
    pub fn table(&mut self, columns: &[Column], rows: &[Vec<String>], empty: &str) {
        if rows.is_empty() {
            self.lines(empty, MARGIN, Self::text_width(), BODY_SIZE, Face::Regular, true);
            self.gap(BODY_SIZE);
            return;
        }
        let widths: Vec<f32> = columns.iter().map(|column| column.share * Self::text_width()).collect();
        let header: Vec<String> = columns.iter().map(|column| column.header.to_owned()).collect();
        self.room(row_height(&header, &widths, Face::Bold) + row_height(&rows[0], &widths, Face::Regular));
        self.table_row(&header, &widths, Face::Bold);
        for row in rows {
            let height = row_height(row, &widths, Face::Regular);
            if self.y + height > Self::bottom() {
                self.new_page();
                self.table_row(&header, &widths, Face::Bold);
            }
            self.table_row(row, &widths, Face::Regular);
        }
        self.gap(BODY_SIZE);
    }

    fn table_row(&mut self, cells: &[String], widths: &[f32], face: Face) {
        let height = row_height(cells, widths, face);
        let top = self.y;
        if face == Face::Bold {
            self.ops().push(Op::Shade { x: MARGIN, y: top, width: Self::text_width(), height });
        }
        let mut x = MARGIN;
        for (cell, width) in cells.iter().zip(widths) {
            let mut y = top + CELL_PADDING;
            for line in wrap(cell, width - 2.0 * CELL_PADDING, TABLE_SIZE, face) {
                y += TABLE_SIZE * LINE_GAP;
                let baseline = y - TABLE_SIZE * (LINE_GAP - 1.0);
                self.ops().push(Op::Text {
                    x: x + CELL_PADDING,
                    y: baseline,
                    size: TABLE_SIZE,
                    face,
                    grey: false,
                    text: line,
                });
            }
            x += width;
        }
        self.y = top + height;
        let y = self.y;
        self.ops().push(Op::Rule { x: MARGIN, y, width: Self::text_width() });
    }

    /// A picture of `natural` size (width, height), scaled down to the text width, or
    /// to the page's height when taller; never up (a small picture stays readable, not
    /// blown up); on a new page when it does not fit.
    pub fn picture(&mut self, picture: usize, natural: (f32, f32)) {
        let (natural_width, natural_height) = natural;
        let available = Self::bottom() - MARGIN;
        let scale = (Self::text_width() / natural_width).min(available / natural_height).min(1.0);
        let (width, height) = (natural_width * scale, natural_height * scale);
        self.room(height);
        let y = self.y;
        self.ops().push(Op::Picture { picture, x: MARGIN, y, width, height });
        self.y += height + BODY_SIZE;
    }
}

fn row_height(cells: &[String], widths: &[f32], face: Face) -> f32 {
    let lines = cells
        .iter()
        .zip(widths)
        .map(|(cell, width)| wrap(cell, width - 2.0 * CELL_PADDING, TABLE_SIZE, face).len())
        .max()
        .unwrap_or(1)
        .max(1);
    lines as f32 * TABLE_SIZE * LINE_GAP + 2.0 * CELL_PADDING
}

/// `text` broken into lines no wider than `width`: at spaces where it can, inside a
/// word (a long topic name, a hash) where it must. Line breaks in the text are kept;
/// control characters are dropped.
pub fn wrap(text: &str, width: f32, size: f32, face: Face) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split(' ').map(|word| word.chars().filter(|c| !c.is_control()).collect::<String>()) {
            let candidate = if line.is_empty() { word.clone() } else { format!("{line} {word}") };
            if face.width(&candidate, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // The word alone: broken where it must be.
            for character in word.chars() {
                let mut longer = line.clone();
                longer.push(character);
                if face.width(&longer, size) > width && !line.is_empty() {
                    lines.push(std::mem::replace(&mut line, character.to_string()));
                } else {
                    line = longer;
                }
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_wrap_inside_their_width_and_long_words_break() {
        let width = 100.0;
        let lines = wrap("the quick brown fox jumps over the lazy dog again and again", width, 10.0, Face::Regular);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|line| Face::Regular.width(line, 10.0) <= width), "{lines:?}");
        let hash = "0".repeat(64);
        let broken = wrap(&hash, width, 10.0, Face::Regular);
        assert!(broken.len() > 1 && broken.concat() == hash, "{broken:?}");
    }

    #[test]
    fn a_long_table_breaks_across_pages_with_its_header_repeated() {
        let mut layout = Layout::default();
        let columns = [Column { header: "Topic", share: 0.5 }, Column { header: "Why", share: 0.5 }];
        let rows: Vec<Vec<String>> = (0..200).map(|i| vec![format!("topic-{i}"), "a reason".into()]).collect();
        layout.table(&columns, &rows, "none");
        assert!(layout.pages.len() > 2, "{} pages", layout.pages.len());
        for page in &layout.pages {
            let first_text = page.iter().find_map(|op| match op {
                Op::Text { text, .. } => Some(text.as_str()),
                _ => None,
            });
            assert_eq!(first_text, Some("Topic"), "every page starts with the header");
            let lowest = page.iter().filter_map(|op| if let Op::Text { y, .. } = op { Some(*y) } else { None });
            assert!(lowest.fold(0.0_f32, f32::max) <= PAGE_HEIGHT - MARGIN - FOOTER_ROOM);
        }
    }
}
