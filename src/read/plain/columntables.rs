//! Tables an extractor wrote column by column: markitdown, and pdftotext on LibreOffice's
//! PDFs, read a table's first column top to bottom, then each other column. The rows' labels
//! stand together, then the figures of each column; the headers stand in one of three
//! places:
//!
//! - all before the labels, several on one line at times: `Layer`, `Current cost Minimum
//!   network`, the labels, then every column's figures;
//! - the first before the labels, the others together after them: `Layer`, the labels,
//!   `Current cost`, `Minimum network`, the figures;
//! - each before its own column: `Layer`, the labels, `Current cost`, its figures, `Minimum
//!   network`, its figures.
//!
//! A run of short lines is read as such a table only when its text and figures fit one of
//! these shapes exactly: k labels, and k figures for each column after the first. Where two
//! row counts fit (8 figures are 4 rows of 2 or 2 rows of 4), the one with more rows is taken,
//! as briefs' tables have more rows than columns. Rows written one after another are the
//! [`super::tables`] pass's; this one runs after it.

use super::tables::{cut_at_capitals, is_cell_line, is_figure, pipe_table, widest_cell};
use super::{Line, Lines};

/// A table has at least this many rows under its header.
const MIN_ROWS: usize = 2;
/// Text lines (a heading, a caption) that may stand before the table in the same run.
const LEAD: usize = 2;

pub fn run(l: &mut Lines) {
    let widest = widest_cell(l.measure);
    let is_item = |line: &Line| !line.is_break() && is_cell_line(&line.text, widest);
    let mut i = 0;
    while i < l.lines.len() {
        if !is_item(&l.lines[i]) {
            i += 1;
            continue;
        }
        // The run: short lines with blank lines between them at most.
        let mut last = i;
        let mut k = i;
        while k < l.lines.len() && (l.lines[k].is_blank() || is_item(&l.lines[k])) {
            if !l.lines[k].is_blank() {
                last = k;
            }
            k += 1;
        }
        let items: Vec<usize> = (i..=last).filter(|&j| !l.lines[j].is_blank()).collect();
        let texts: Vec<&str> = items.iter().map(|&j| l.lines[j].text.trim()).collect();
        match solve(&texts).or_else(|| solve_wrapped(&texts)) {
            Some(t) => {
                let (first, end) = (items[t.from], items[t.to - 1] + 1);
                let src = l.lines[first].src;
                let mut rows = vec![Line::new("", src)];
                rows.extend(t.markdown.into_iter().map(|r| Line::new(r, src)));
                rows.push(Line::new("", src));
                let n = rows.len();
                l.lines.splice(first..end, rows);
                i = first + n;
            }
            None => i = last + 1,
        }
    }
}

/// A table found in a run of items: items `from..to` hold it.
#[derive(Debug, PartialEq)]
struct Found {
    from: usize,
    to: usize,
    markdown: Vec<String>,
}

/// The table in `items` once the lines of a wrapped cell are joined: a text item followed by
/// one in lower case (`In-house` / `service`, `Riverside retail` / `park`) is one cell.
/// `from` and `to` still count the items as given.
fn solve_wrapped(items: &[&str]) -> Option<Found> {
    let mut joined: Vec<String> = Vec::new();
    // For each joined cell, the index of the first item after it.
    let mut ends: Vec<usize> = Vec::new();
    for (k, t) in items.iter().enumerate() {
        let goes_on = t.starts_with(char::is_lowercase)
            && k > 0
            && !is_figure(items[k - 1])
            && !joined.is_empty();
        if goes_on {
            let last = joined.len() - 1;
            joined[last] = format!("{} {t}", joined[last]);
            ends[last] = k + 1;
        } else {
            joined.push((*t).to_string());
            ends.push(k + 1);
        }
    }
    if joined.len() == items.len() {
        return None;
    }
    let refs: Vec<&str> = joined.iter().map(String::as_str).collect();
    let found = solve(&refs)?;
    let from = if found.from == 0 {
        0
    } else {
        ends[found.from - 1]
    };
    Some(Found {
        from,
        to: ends[found.to - 1],
        markdown: found.markdown,
    })
}

/// The table in `items` (each a short line's text), if they have one of the shapes.
fn solve(items: &[&str]) -> Option<Found> {
    // Text after the last figure is no part of it.
    let end = items.iter().rposition(|t| is_figure(t))? + 1;
    for from in 0..=LEAD.min(end) {
        let seq = &items[from..end];
        let figures = seq.iter().filter(|t| is_figure(t)).count();
        let texts = seq.len() - figures;
        // More rows first.
        for rows in (MIN_ROWS..=texts.saturating_sub(1)).rev() {
            if figures == 0 || figures % rows != 0 {
                continue;
            }
            let columns = figures / rows + 1;
            if let Some(markdown) = fit(seq, rows, columns) {
                return Some(Found {
                    from,
                    to: end,
                    markdown,
                });
            }
        }
    }
    None
}

/// The table's rows as Markdown, if `seq` is `rows` rows of `columns` columns written column by
/// column in one of the three shapes (see the module doc).
fn fit(seq: &[&str], rows: usize, columns: usize) -> Option<Vec<String>> {
    let (header, labels, figures) =
        first_header_first(seq, rows, columns).or_else(|| headers_first(seq, rows, columns))?;
    // A cell in lower case is the second line of a wrapped one ([`solve_wrapped`]).
    if header
        .iter()
        .chain(&labels)
        .any(|t| t.starts_with(char::is_lowercase))
    {
        return None;
    }
    let figure_cols = columns_of(&figures, rows);
    let rows: Vec<Vec<&str>> = labels
        .iter()
        .enumerate()
        .map(|(r, label)| {
            std::iter::once(*label)
                .chain(figure_cols.iter().map(|col| col[r]))
                .collect()
        })
        .collect();
    Some(pipe_table(&header, &rows))
}

/// A table's cells sorted out: its header, its rows' labels, its figures column by column.
type Cells<'a> = (Vec<&'a str>, Vec<&'a str>, Vec<&'a str>);

/// Shape 1: the whole header, then the labels and the figures. The labels may stand among the
/// first column's figures (pdfminer groups a label with the figures beside it), but each comes
/// before its row's first figure.
fn headers_first<'a>(seq: &[&'a str], rows: usize, columns: usize) -> Option<Cells<'a>> {
    let labels_and_figures = rows * columns;
    let header_items = seq.len().checked_sub(labels_and_figures)?;
    let header = header(&seq[..header_items], columns)?;
    let mut labels = Vec::with_capacity(rows);
    let mut figures = Vec::with_capacity(rows * (columns - 1));
    for t in &seq[header_items..] {
        if is_figure(t) {
            // The first column's figure of a row whose label has not come: no such table.
            if figures.len() < rows && figures.len() >= labels.len() {
                return None;
            }
            figures.push(*t);
        } else if labels.len() < rows && figures.len() <= labels.len() {
            labels.push(*t);
        } else {
            return None;
        }
    }
    (labels.len() == rows).then_some((header, labels, figures))
}

/// Shapes 2 and 3: the first header, the labels, then the other headers in order, together
/// or each somewhere before its own column's figures.
fn first_header_first<'a>(seq: &[&'a str], rows: usize, columns: usize) -> Option<Cells<'a>> {
    if seq.len() < 1 + rows || !seq[..=rows].iter().all(|t| is_text(t)) {
        return None;
    }
    let labels = seq[1..=rows].to_vec();
    let mut header = vec![seq[0]];
    let mut figures = Vec::with_capacity(rows * (columns - 1));
    for t in &seq[1 + rows..] {
        if is_figure(t) {
            // A figure of a column whose header has not come: no such table.
            if figures.len() / rows + 1 >= header.len() {
                return None;
            }
            figures.push(*t);
        } else {
            header.push(*t);
        }
    }
    (header.len() == columns && figures.len() == rows * (columns - 1))
        .then_some((header, labels, figures))
}

fn is_text(t: &str) -> bool {
    !is_figure(t)
}

/// The figures, `rows` to a column, as columns.
fn columns_of<'a>(figures: &[&'a str], rows: usize) -> Vec<Vec<&'a str>> {
    figures.chunks(rows).map(<[&str]>::to_vec).collect()
}

/// The header cells from the text items before the labels: as they are when there are
/// `columns` of them, else cut before their capitals when that gives `columns`.
fn header<'a>(items: &[&'a str], columns: usize) -> Option<Vec<&'a str>> {
    if items.iter().any(|t| is_figure(t)) || items.is_empty() {
        return None;
    }
    if items.len() == columns {
        return Some(items.to_vec());
    }
    cut_at_capitals(items, columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(text: &str) -> String {
        let mut l = Lines::new(text, None);
        run(&mut l);
        l.text()
    }

    const TABLE: &str = "| Layer | Current cost | Minimum network |\n| --- | ---: | ---: |\n| Core routes | 6.8 | 9.4 |\n| Feeder routes | 3.1 | 5.2 |\n| Total | 10.8 | 19.2 |";

    #[test]
    fn every_header_first_then_the_labels_then_each_columns_figures() {
        // markitdown on briefpress's PDF: the header's other cells on one line.
        let text = "Text above ends.\n\nLayer\n\nCurrent cost Minimum network\n\nCore routes\n\nFeeder routes\n\nTotal\n\n6.8\n\n3.1\n\n10.8\n\n9.4\n\n5.2\n\n19.2\n\nThe additional cost is substantial.";
        assert_eq!(
            tables(text),
            format!("Text above ends.\n\n\n{TABLE}\n\n\nThe additional cost is substantial.")
        );
    }

    #[test]
    fn the_first_header_then_the_labels_then_the_other_headers() {
        // markitdown on LibreOffice's PDF: the other headers together, or each over its
        // figures (pdftotext, lines not set apart).
        for text in [
            "Layer\n\nCore routes\n\nFeeder routes\n\nTotal\n\nCurrent cost\n\nMinimum network\n\n6.8\n\n3.1\n\n10.8\n\n9.4\n\n5.2\n\n19.2\n\nThe additional cost is substantial.",
            "Layer\nCore routes\nFeeder routes\nTotal\n\nCurrent cost\n6.8\n3.1\n10.8\n\nMinimum network\n9.4\n5.2\n19.2\n\nThe additional cost is substantial.",
        ] {
            let got = tables(text);
            assert!(got.contains(TABLE), "{got}");
            assert!(
                got.ends_with("\n\nThe additional cost is substantial."),
                "{got}"
            );
        }
    }

    #[test]
    fn labels_among_the_first_columns_figures() {
        // markitdown on briefpress's PDF: pdfminer reads the third label after the first
        // column's first two figures.
        let items = [
            "Layer",
            "Current cost Minimum network",
            "Core routes",
            "Feeder routes",
            "6.8",
            "3.1",
            "Total",
            "10.8",
            "9.4",
            "5.2",
            "19.2",
        ];
        assert_eq!(solve(&items).unwrap().markdown.join("\n"), TABLE);
        // A label after its own row's figure is no such table.
        let late = [
            "Layer",
            "Cost Network",
            "Core",
            "6.8",
            "3.1",
            "Feeder",
            "9.4",
            "5.2",
        ];
        assert_eq!(solve(&late), None);
    }

    #[test]
    fn headers_each_before_their_columns_or_some_together() {
        // markitdown on LibreOffice's PDF: the second header before its column, the third
        // with the fourth after the second column.
        let items = [
            "Layer",
            "Core routes",
            "Feeder routes",
            "Total",
            "Cost",
            "6.8",
            "3.1",
            "10.8",
            "Minimum",
            "Full",
            "9.4",
            "5.2",
            "19.2",
            "12.0",
            "7.1",
            "25.3",
        ];
        let found = solve(&items).unwrap();
        assert_eq!(found.markdown[0], "| Layer | Cost | Minimum | Full |");
        assert_eq!(found.markdown[4], "| Total | 10.8 | 19.2 | 25.3 |");
        // A figure before its column's header: no table.
        let early = [
            "Layer", "Core", "Feeder", "Cost", "6.8", "3.1", "9.4", "Full", "5.2",
        ];
        assert_eq!(solve(&early), None);
    }

    #[test]
    fn a_cells_wrapped_lines_are_one_cell() {
        // markitdown on LibreOffice's PDF: labels and a header wrap, their second lines in
        // lower case.
        let items = [
            "Layer",
            "Core",
            "routes",
            "Feeder",
            "routes",
            "Total",
            "Current",
            "cost",
            "6.8",
            "3.1",
            "10.8",
            "Minimum network",
            "9.4",
            "5.2",
            "19.2",
            "Text after.",
        ];
        assert_eq!(solve(&items), None);
        let found = solve_wrapped(&items).unwrap();
        assert_eq!((found.from, found.to), (0, 15));
        assert_eq!(found.markdown.join("\n"), TABLE);
    }

    #[test]
    fn short_lines_that_fit_no_shape_stay_text() {
        for text in [
            // No figures; figures that do not divide among the labels; a list of years.
            "Summary\n\nShort line\n\nAnother\n\nThird",
            "Layer\n\nCore\n\nFeeder\n\nTotal\n\n6.8\n\n3.1\n\n10.8\n\n9.4\n\nText.",
            "Key dates\n\n2019\n\n2021\n\n2024",
            // Figures before the labels.
            "6.8\n\n3.1\n\nCore\n\nFeeder\n\nLayer",
        ] {
            assert_eq!(tables(text), text);
        }
    }

    #[test]
    fn more_rows_are_taken_where_two_row_counts_fit() {
        // Six text items and eight figures fit 4 rows of 3 columns (a two-cell header line)
        // and 2 rows of 5 (four header items, one cut in two): 4 rows.
        let items = [
            "Layer",
            "Current cost Minimum network",
            "Core routes",
            "Feeder routes",
            "Demand",
            "Total",
            "6.8",
            "3.1",
            "0.9",
            "10.8",
            "9.4",
            "5.2",
            "4.6",
            "19.2",
        ];
        let found = solve(&items).unwrap();
        assert_eq!(found.markdown.len(), 2 + 4);
        assert_eq!(found.markdown[5], "| Total | 10.8 | 19.2 |");
    }
}
