//! Tables that an extractor wrote one cell to a line, row after row, each cell set apart by a
//! blank line (pdftotext on briefpress's and on Word's PDFs): `Layer`, `Current cost`,
//! `Minimum network`, `Core routes`, `6.8`, `9.4`, `Feeder routes`, … Nothing marks the
//! table but its rhythm: a run of short cells where, after a header of text cells, every row
//! is one label and then figures. The number of columns is the header's length, read from
//! where the first figure falls; the run is a table only if every row then keeps that shape.
//! The table is written as a GFM pipe table, figures aligned right.

use super::{Line, Lines, ends_sentence};

/// A cell is at most this many characters on a line, or this share of the text's measure
/// where that is more (a header printed on one line): longer lines are prose.
const CELL_CHARS: usize = 40;
const CELL_SHARE: f64 = 0.6;
/// A table has at least this many rows under its header.
const MIN_ROWS: usize = 2;

/// The longest a cell's line may be in a text of this measure.
pub(super) fn widest_cell(measure: usize) -> usize {
    CELL_CHARS.max((measure as f64 * CELL_SHARE) as usize)
}

pub fn run(l: &mut Lines) {
    let widest = widest_cell(l.measure);
    let cells = cells(&l.lines, widest);
    let mut tables = Vec::new();
    // Each run of cells is tried from its first cell, and again after each table found in it.
    let mut i = 0;
    while i < cells.len() {
        match table_at(&cells[i..]) {
            Some(t) => {
                i += t.cells;
                tables.push(t);
            }
            None => {
                i += cells[i..]
                    .iter()
                    .position(|c| !c.next_adjacent)
                    .map_or(cells.len() - i, |p| p + 1);
            }
        }
    }
    for t in tables.iter().rev() {
        let src = l.lines[t.first].src;
        let mut rows = vec![Line::new("", src)];
        rows.extend(t.markdown.iter().map(|r| Line::new(r.clone(), src)));
        rows.push(Line::new("", src));
        l.lines.splice(t.first..t.end, rows);
    }
}

/// One cell: lines `start..end` (one or two), and its text.
#[derive(Debug, Clone)]
struct Cell {
    start: usize,
    end: usize,
    text: String,
    /// Is the next cell only blank lines away (no other line between)?
    next_adjacent: bool,
}

struct Table {
    /// Lines `first..end` hold it.
    first: usize,
    end: usize,
    /// How many cells it took.
    cells: usize,
    markdown: Vec<String>,
}

/// Blocks of one or two short lines set apart by blank lines, in order. The first cell of a
/// table may follow the paragraph above it with no blank line: a short last line after a
/// line that ends a sentence is a cell too.
fn cells(lines: &[Line], widest: usize) -> Vec<Cell> {
    let mut out: Vec<Cell> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].is_blank() || lines[i].is_break() {
            i += 1;
            continue;
        }
        let end = (i..lines.len())
            .find(|&j| lines[j].is_blank() || lines[j].is_break())
            .unwrap_or(lines.len());
        let short = |k: usize| is_cell_line(&lines[k].text, widest);
        let start = if end - i <= 2 && (i..end).all(short) {
            Some(i)
        } else if end - i >= 2 && short(end - 1) && ends_sentence(&lines[end - 2].text) {
            Some(end - 1)
        } else {
            None
        };
        if let Some(start) = start {
            let text = lines[start..end]
                .iter()
                .map(|l| l.text.trim())
                .collect::<Vec<_>>()
                .join(" ");
            out.push(Cell {
                start,
                end,
                text,
                next_adjacent: false,
            });
        }
        i = end;
    }
    // Cells are a run only with nothing but blank lines between them.
    for k in 1..out.len() {
        let (before, after) = (out[k - 1].end, out[k].start);
        out[k - 1].next_adjacent = lines[before..after].iter().all(Line::is_blank);
    }
    out
}

pub(super) fn is_cell_line(t: &str, widest: usize) -> bool {
    let t = t.trim();
    let chars = t.chars().count();
    chars > 0
        && chars <= widest
        && !t.starts_with('|')
        && (is_figure(t) || !t.ends_with(['.', ':', ';', ',']))
}

/// A figure as tables print one (see [`crate::model::figures::is_figure`]); the escape pass's
/// backslashes are not text.
pub(super) fn is_figure(t: &str) -> bool {
    crate::model::figures::is_figure(&t.replace('\\', ""))
}

/// The table that starts at `cells[0]`, if the run there has a table's shape: its rows give
/// the number of columns (a label, then figures, until the next label), and the text cells
/// before the first row are its header.
fn table_at(cells: &[Cell]) -> Option<Table> {
    // The run: cells each only blank lines from the next.
    let run = cells
        .iter()
        .position(|c| !c.next_adjacent)
        .map_or(cells.len(), |p| p + 1);
    let run = &cells[..run];
    let first_figure = run.iter().position(|c| is_figure(&c.text))?;
    let label = first_figure.checked_sub(1)?;
    let next_label = (first_figure..run.len()).find(|&k| !is_figure(&run[k].text))?;
    let columns = next_label - label;
    if columns < 2 || label == 0 || run[..label].iter().any(|c| is_figure(&c.text)) {
        return None;
    }
    let header = header(&run[..label], columns)?;
    let is_row =
        |row: &[Cell]| !is_figure(&row[0].text) && row[1..].iter().all(|c| is_figure(&c.text));
    let rows: Vec<&[Cell]> = run[label..]
        .chunks_exact(columns)
        .take_while(|row| is_row(row))
        .collect();
    // A figure left over after the rows: the run has another shape (a table written column
    // by column, its labels among its figures).
    let after = run.get(label + columns * rows.len());
    if rows.len() < MIN_ROWS || after.is_some_and(|c| is_figure(&c.text)) {
        return None;
    }
    let cells: Vec<Vec<&str>> = rows
        .iter()
        .map(|row| row.iter().map(|c| c.text.as_str()).collect())
        .collect();
    let markdown = pipe_table(&header.cells, &cells);
    let last = rows.last()?.last()?;
    Some(Table {
        first: run[header.from].start,
        end: last.end,
        cells: label + columns * rows.len(),
        markdown,
    })
}

struct Header<'a> {
    /// The run's cell where the header starts.
    from: usize,
    cells: Vec<&'a str>,
}

/// The header of a table of `columns` columns from the text cells before its first row: the
/// last `columns` of them, or, where a browser's print set several header cells on one line
/// (`Homes protected Current ratio Proposed ratio`), those cells cut before each capital —
/// only when that gives exactly `columns` cells.
fn header(cells: &[Cell], columns: usize) -> Option<Header<'_>> {
    if cells.len() >= columns {
        let from = cells.len() - columns;
        return Some(Header {
            from,
            cells: cells[from..].iter().map(|c| c.text.as_str()).collect(),
        });
    }
    let texts: Vec<&str> = cells.iter().map(|c| c.text.as_str()).collect();
    cut_at_capitals(&texts, columns).map(|cells| Header { from: 0, cells })
}

/// Header cells a line holds several of (`Homes protected Current ratio`), cut before each
/// capital: only when that gives exactly `columns` cells.
pub(super) fn cut_at_capitals<'a>(texts: &[&'a str], columns: usize) -> Option<Vec<&'a str>> {
    let split: Vec<&str> = texts.iter().flat_map(|t| at_capitals(t)).collect();
    (split.len() == columns).then_some(split)
}

/// A GFM pipe table: the header, a rule with the first column left and the others (figures)
/// right, and the rows.
pub(super) fn pipe_table(header: &[&str], rows: &[Vec<&str>]) -> Vec<String> {
    let row_text = |cells: &[&str]| format!("| {} |", cells.join(" | "));
    let rule: Vec<&str> = (0..header.len())
        .map(|j| if j == 0 { "---" } else { "---:" })
        .collect();
    let mut out = vec![row_text(header), row_text(&rule)];
    out.extend(rows.iter().map(|r| row_text(r)));
    out
}

/// `Homes protected Current ratio` → `Homes protected`, `Current ratio`.
fn at_capitals(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices(' ') {
        if text[i + 1..].starts_with(char::is_uppercase) {
            parts.push(text[start..i].trim());
            start = i + 1;
        }
    }
    parts.push(text[start..].trim());
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(text: &str) -> String {
        let mut l = Lines::new(text, None);
        run(&mut l);
        l.text()
    }

    #[test]
    fn cells_row_after_row_make_a_table() {
        let text = "Costs are in millions a year.\nLayer\n\nCurrent cost\n\nMinimum network\n\nCore routes\n\n6.8\n\n9.4\n\nFeeder\nroutes\n\n3.1\n\n5.2\n\nTotal\n\n10.8\n\n19.2\n\nThe additional cost is substantial.";
        assert_eq!(
            tables(text),
            "Costs are in millions a year.\n\n| Layer | Current cost | Minimum network |\n| --- | ---: | ---: |\n| Core routes | 6.8 | 9.4 |\n| Feeder routes | 3.1 | 5.2 |\n| Total | 10.8 | 19.2 |\n\n\nThe additional cost is substantial."
        );
    }

    #[test]
    fn a_header_printed_on_one_line_is_cut_before_its_capitals() {
        let text = "Scheme\n\nHomes protected Current ratio\n\nCity wall\n\n1,450\n\n8.2\n\nRetail park\n\n310\n\n6.5";
        assert_eq!(
            tables(text),
            "\n| Scheme | Homes protected | Current ratio |\n| --- | ---: | ---: |\n| City wall | 1,450 | 8.2 |\n| Retail park | 310 | 6.5 |\n"
        );
        // Cut only where that gives the columns the rows have.
        let text = "Scheme\n\nHomes Protected Now\n\nCity wall\n\n1,450\n\n8.2\n\nRetail park\n\n310\n\n6.5";
        assert_eq!(tables(text), text);
    }

    #[test]
    fn prose_between_cells_ends_a_run() {
        let text = "Layer\n\nCost\n\nNetwork\n\nThis paragraph is prose that runs well past forty characters.\n\nCore\n\n6.8\n\n9.4\n\nFeeder\n\n3.1\n\n5.2";
        assert_eq!(tables(text), text);
    }

    #[test]
    fn signs_and_separators_are_figures() {
        for t in ["1,450", "+38", "−22", "\\-1", "£8m", "6.8", "12 %"] {
            assert!(is_figure(t), "{t}");
        }
        for t in ["2024 budget", "Total", "4b. Note", ""] {
            assert!(!is_figure(t), "{t}");
        }
    }

    #[test]
    fn short_lines_without_a_rows_rhythm_stay_text() {
        // Headings and short paragraphs: no figures.
        let text = "Summary\n\nShort line\n\nAnother\n\nThird";
        assert_eq!(tables(text), text);
        // One row is no table; a row whose figures run out ends it.
        let text = "Year\n\nValue\n\nTotal\n\n2024\n\n5\n\nText goes on here.";
        assert_eq!(tables(text), text);
        let text = "Name\n\nA\n\nB\n\nx\n\n1\n\n2\n\ny\n\n3\n\nwords";
        assert_eq!(tables(text), text);
        // Rows that stop with figures left over: a table written column by column, a label
        // among the first column's figures (markitdown), which is no row after row.
        let text = "Layer\n\nCost Network\n\nCore\n\nFeeder\n\n6.8\n\n3.1\n\nTotal\n\n10.8\n\n9.4\n\n5.2\n\n19.2";
        assert_eq!(tables(text), text);
    }
}
