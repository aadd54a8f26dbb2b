//! HTML tables inside Markdown. Tools that turn PDFs into Markdown (MinerU, marker, docling,
//! LlamaParse) write a table as HTML when a pipe table cannot hold it: cells that span,
//! several header rows, breaks inside cells. html5ever reads the HTML as a browser would
//! (implied `tbody`, unclosed cells and rows), and the grid is laid out by HTML's table model:
//! a cell that spans columns or rows leaves the places it covers empty, as pandoc does for
//! formats without spanning cells. Cells keep their inline markup as [`Piece`]s, which the
//! Markdown reader turns into the model's inlines as it does inline HTML.

use crate::model::Align;
use crate::model::figures::is_figure;
use scraper::{ElementRef, Html, Node};

/// A cell's content: text, or an element with its content.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Text(String),
    Element {
        /// Lower-case tag name.
        name: String,
        /// A link's target.
        href: Option<String>,
        content: Vec<Piece>,
    },
}

/// One table, laid out on a grid: every row has one cell per column.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Grid {
    pub align: Vec<Align>,
    /// The first header row (`thead`, or leading rows of `th` cells); empty when there is none.
    pub header: Vec<Vec<Piece>>,
    pub rows: Vec<Vec<Vec<Piece>>>,
}

/// HTML caps `colspan` at 1000 and `rowspan` at 65534; a brief's table is far smaller, and
/// the caps keep a hostile span from making millions of empty cells.
const MAX_SPAN: usize = 64;

/// What an HTML block holds, in order: tables, and the text between them.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    Text(String),
    Table(Grid),
}

/// Does `html` hold a table (a cheap test before parsing)?
pub fn has_table(html: &str) -> bool {
    html.as_bytes()
        .windows(6)
        .any(|w| w.eq_ignore_ascii_case(b"<table"))
}

/// Is a table in `html` opened and not closed (an HTML block ends at a blank line, so one
/// table can be cut into several)?
pub fn has_open_table(html: &str) -> bool {
    let lower = html.to_ascii_lowercase();
    lower.matches("<table").count() > lower.matches("</table").count()
}

/// The tables of `fragment` that are not inside another table (a nested table's text stays
/// in its cell), and the text around them.
pub fn parts(fragment: &str) -> Vec<Part> {
    let html = Html::parse_fragment(fragment);
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut stack: Vec<_> = html.root_element().children().rev().collect();
    while let Some(node) = stack.pop() {
        match node.value() {
            Node::Text(t) => text.push_str(t),
            Node::Element(e) if e.name() == "table" => {
                if let Some(table) = ElementRef::wrap(node) {
                    if !text.trim().is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut text)));
                    }
                    text.clear();
                    parts.push(Part::Table(grid(table)));
                }
            }
            Node::Element(e) if matches!(e.name(), "script" | "style" | "template") => {}
            Node::Element(e) => {
                // Block-level elements separate words.
                if !matches!(
                    e.name(),
                    "b" | "i" | "em" | "strong" | "span" | "a" | "sup" | "sub"
                ) {
                    text.push(' ');
                }
                stack.extend(node.children().rev());
            }
            Node::Document
            | Node::Fragment
            | Node::Doctype(_)
            | Node::Comment(_)
            | Node::ProcessingInstruction(_) => {}
        }
    }
    if !text.trim().is_empty() {
        parts.push(Part::Text(text));
    }
    parts
}

/// Deeper markup inside a cell is kept as its text (no nesting can exhaust the stack).
const MAX_DEPTH: usize = 32;

/// One `tr` of a table (not of a table inside it): whether it is in the `thead`, and its cells.
struct SourceRow<'h> {
    in_head: bool,
    cells: Vec<ElementRef<'h>>,
}

/// What covers one place of the grid.
#[derive(Clone, Copy)]
enum Place<'h> {
    Free,
    /// The place a cell starts at.
    Cell(ElementRef<'h>),
    /// A place a spanning cell covers.
    Covered,
}

fn grid(table: ElementRef<'_>) -> Grid {
    let rows = source_rows(table);
    let source_cells: usize = rows.iter().map(|r| r.cells.len()).sum();
    // Spans that would blow the table up are ignored rather than laid out.
    let places = lay_out(&rows, true, 4 * source_cells + 4096)
        .or_else(|| lay_out(&rows, false, usize::MAX))
        .unwrap_or_default();
    let marked = rows
        .iter()
        .take_while(|r| r.in_head || r.cells.iter().all(|c| c.value().name() == "th"))
        .take_while(|r| !r.cells.is_empty())
        .count();
    let header_rows = if marked == 0 && labels_numbers(&places) {
        1
    } else {
        marked
    };
    let mut cells = places.iter().map(|row| {
        row.iter()
            .map(|p| match p {
                Place::Cell(c) => pieces(*c, 0),
                Place::Free | Place::Covered => Vec::new(),
            })
            .collect::<Vec<_>>()
    });
    let header = if header_rows > 0 {
        cells.next().unwrap_or_default()
    } else {
        Vec::new()
    };
    let align = places
        .get(header_rows.min(places.len().saturating_sub(1)))
        .map(|row| row.iter().map(alignment).collect())
        .unwrap_or_default();
    Grid {
        align,
        header,
        rows: cells.collect(),
    }
}

/// Does the first row of a table without header cells label columns of figures? Extractors
/// (MinerU among them) write every cell as `td`; a first row of words above a column whose
/// cells are mostly numbers is the header a reader sees.
fn labels_numbers(places: &[Vec<Place<'_>>]) -> bool {
    let text = |p: &Place<'_>| match p {
        Place::Cell(c) => c.text().collect::<String>(),
        Place::Free | Place::Covered => String::new(),
    };
    let Some((first, body)) = places.split_first() else {
        return false;
    };
    let labels = first.iter().map(text).collect::<Vec<_>>();
    if body.is_empty() || labels.iter().any(|l| l.trim().is_empty() || is_figure(l)) {
        return false;
    }
    (0..labels.len()).any(|col| {
        let figures = body
            .iter()
            .filter(|row| is_figure(&text(&row[col])))
            .count();
        2 * figures >= body.len()
    })
}

/// The nearest ancestor of `el` named one of `names`.
fn nearest<'h>(el: ElementRef<'h>, names: &[&str]) -> Option<ElementRef<'h>> {
    el.ancestors()
        .filter_map(ElementRef::wrap)
        .find(|a| names.contains(&a.value().name()))
}

fn source_rows(table: ElementRef<'_>) -> Vec<SourceRow<'_>> {
    table
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|e| e.value().name() == "tr")
        .filter(|tr| nearest(*tr, &["table"]).is_some_and(|t| t.id() == table.id()))
        .map(|tr| SourceRow {
            in_head: nearest(tr, &["thead", "tbody", "tfoot", "table"])
                .is_some_and(|g| g.value().name() == "thead"),
            cells: tr
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|c| matches!(c.value().name(), "td" | "th"))
                .collect(),
        })
        .collect()
}

/// Places every cell on a grid as HTML's table model does: each at the first free place of
/// its row, covering the places its spans reach. `None` when more than `budget` places
/// would be made.
fn lay_out<'h>(rows: &[SourceRow<'h>], spans: bool, budget: usize) -> Option<Vec<Vec<Place<'h>>>> {
    let mut grid: Vec<Vec<Place<'h>>> = vec![Vec::new(); rows.len()];
    let mut made = 0;
    for (r, row) in rows.iter().enumerate() {
        let mut col = 0;
        for &cell in &row.cells {
            while grid[r].get(col).is_some_and(|p| !matches!(p, Place::Free)) {
                col += 1;
            }
            let left = rows.len() - r;
            let (across, down) = if spans {
                (
                    span(cell, "colspan", 1),
                    span(cell, "rowspan", left).min(left),
                )
            } else {
                (1, 1)
            };
            made += across * down;
            if made > budget {
                return None;
            }
            for (dr, line) in grid[r..r + down].iter_mut().enumerate() {
                if line.len() < col + across {
                    line.resize(col + across, Place::Free);
                }
                for (dc, place) in line[col..col + across].iter_mut().enumerate() {
                    *place = if dr == 0 && dc == 0 {
                        Place::Cell(cell)
                    } else {
                        Place::Covered
                    };
                }
            }
            col += across;
        }
    }
    let width = grid.iter().map(Vec::len).max().unwrap_or(0);
    grid.iter_mut()
        .for_each(|row| row.resize(width, Place::Free));
    grid.retain(|row| !row.is_empty());
    Some(grid)
}

/// A `colspan` or `rowspan`, at least 1 and at most [`MAX_SPAN`]; `rowspan="0"` reaches the
/// end of the table (`zero`).
fn span(cell: ElementRef<'_>, name: &str, zero: usize) -> usize {
    match cell.value().attr(name).map(|v| v.trim().parse::<usize>()) {
        Some(Ok(0)) => zero.max(1),
        Some(Ok(n)) => n.clamp(1, MAX_SPAN),
        Some(Err(_)) | None => 1,
    }
    .min(MAX_SPAN)
}

/// A column's alignment, from the first row of the body: the cell's `align` attribute or
/// `text-align` in its `style`.
fn alignment(place: &Place<'_>) -> Align {
    let Place::Cell(cell) = place else {
        return Align::None;
    };
    let e = cell.value();
    let style = e
        .attr("style")
        .unwrap_or("")
        .to_ascii_lowercase()
        .replace(' ', "");
    let said = e.attr("align").map(str::to_ascii_lowercase).or_else(|| {
        let at = style.find("text-align:")? + "text-align:".len();
        Some(style[at..].split(';').next()?.to_string())
    });
    match said.as_deref().map(str::trim) {
        Some("left" | "start") => Align::Left,
        Some("center") => Align::Center,
        Some("right" | "end") => Align::Right,
        _ => Align::None,
    }
}

/// A cell's content as pieces; past [`MAX_DEPTH`], an element's text.
fn pieces(el: ElementRef<'_>, depth: usize) -> Vec<Piece> {
    if depth >= MAX_DEPTH {
        return vec![Piece::Text(el.text().collect())];
    }
    el.children()
        .filter_map(|n| match n.value() {
            Node::Text(t) => Some(Piece::Text(t.to_string())),
            Node::Element(e) => Some(Piece::Element {
                name: e.name().to_string(),
                href: e.attr("href").map(str::to_string),
                content: pieces(ElementRef::wrap(n)?, depth + 1),
            }),
            Node::Document
            | Node::Fragment
            | Node::Doctype(_)
            | Node::Comment(_)
            | Node::ProcessingInstruction(_) => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A grid's cells as plain text, header first (empty when there is none).
    fn texts(grid: &Grid) -> (Vec<String>, Vec<Vec<String>>) {
        fn text(pieces: &[Piece]) -> String {
            pieces
                .iter()
                .map(|p| match p {
                    Piece::Text(t) => t.clone(),
                    Piece::Element { content, .. } => text(content),
                })
                .collect::<String>()
                .trim()
                .to_string()
        }
        (
            grid.header.iter().map(|c| text(c)).collect(),
            grid.rows
                .iter()
                .map(|r| r.iter().map(|c| text(c)).collect())
                .collect(),
        )
    }

    fn only_table(html: &str) -> Grid {
        match parts(html).as_slice() {
            [Part::Table(g)] => g.clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn spanning_cells_leave_the_places_they_cover_empty() {
        let g = only_table(
            "<table><thead><tr><th rowspan=2>Year</th><th colspan=2>Capacity</th></tr>\
             <tr><th>Planned</th><th>Built</th></tr></thead>\
             <tr><td>2023</td><td>410</td><td>395</td></tr></table>",
        );
        let (header, rows) = texts(&g);
        assert_eq!(header, ["Year", "Capacity", ""]);
        // The second header row is a body row here (the model has one header row); its
        // first place is covered by "Year".
        assert_eq!(
            rows,
            [vec!["", "Planned", "Built"], vec!["2023", "410", "395"]]
        );
    }

    #[test]
    fn the_header_is_the_thead_or_leading_rows_of_th_cells_or_none() {
        let implied = only_table("<table><tr><th>A</th><th>B</th><tr><td>1<td>2</table>");
        assert_eq!(
            texts(&implied),
            (
                vec!["A".into(), "B".into()],
                vec![vec!["1".into(), "2".into()]]
            )
        );
        let none = only_table("<table><tr><td>A</td><td>B</td></tr></table>");
        assert_eq!(texts(&none), (vec![], vec![vec!["A".into(), "B".into()]]));
    }

    #[test]
    fn a_first_row_of_words_over_a_column_of_figures_is_the_header() {
        let g = only_table(
            "<table><tr><td>Island</td><td>Peak (MW)</td></tr>\
             <tr><td>Halloy</td><td>42</td></tr><tr><td>Skarv</td><td>1,250.5</td></tr></table>",
        );
        assert_eq!(texts(&g).0, ["Island", "Peak (MW)"]);
        // Words over words, or a first row holding a figure: no header is made up.
        let words =
            only_table("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>");
        assert!(words.header.is_empty());
        let figures = only_table(
            "<table><tr><td>2023</td><td>4</td></tr><tr><td>2024</td><td>5</td></tr></table>",
        );
        assert!(figures.header.is_empty());
    }

    #[test]
    fn short_rows_are_padded_and_columns_take_the_first_rows_alignment() {
        let g = only_table(
            "<table><tr><th>Port</th><th>Delay</th></tr>\
             <tr><td>Haldby</td><td align=right>48</td></tr><tr><td>Norvik</td></tr></table>",
        );
        assert_eq!(g.align, [Align::None, Align::Right]);
        assert_eq!(texts(&g).1, [vec!["Haldby", "48"], vec!["Norvik", ""]]);
        let styled = only_table("<table><tr><td style=\"text-align: center\">x</td></tr></table>");
        assert_eq!(styled.align, [Align::Center]);
    }

    #[test]
    fn a_table_inside_a_cell_stays_its_text_and_text_around_tables_keeps_its_place() {
        let p = parts(
            "<html><body><p>Before</p><table><tr><td>a<table><tr><td>inner</td></tr></table>\
             </td></tr></table><p>After</p></body></html>",
        );
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(matches!(&p[0], Part::Text(t) if t.trim() == "Before"));
        let Part::Table(g) = &p[1] else {
            panic!("{p:?}")
        };
        assert_eq!(texts(g).1, [vec!["ainner"]]);
        assert!(matches!(&p[2], Part::Text(t) if t.trim() == "After"));
    }

    #[test]
    fn hostile_spans_are_capped() {
        let cells = "<td colspan=1000 rowspan=65534>x</td>".repeat(50);
        let g = only_table(&format!(
            "<table><tr>{cells}</tr><tr><td>y</td></tr></table>"
        ));
        let width = g.rows[0].len();
        assert!(width <= 50 * MAX_SPAN, "{width}");
        assert!(g.rows.iter().all(|r| r.len() == width));
        assert_eq!(span_of("<td colspan=0>"), 1);
    }

    fn span_of(cell: &str) -> usize {
        let html = Html::parse_fragment(&format!("<table><tr>{cell}</tr></table>"));
        let td = html
            .select(&scraper::Selector::parse("td").unwrap())
            .next()
            .unwrap();
        span(td, "colspan", 1)
    }

    #[test]
    fn open_tables_are_told_apart() {
        assert!(has_table("<TABLE>") && !has_table("<tab"));
        assert!(has_open_table("<table><tr><td>a") && !has_open_table("<table></table>"));
    }
}
