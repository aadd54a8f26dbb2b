//! Prose written as a table. pdfminer (markitdown) takes the wide word gaps of a justified or
//! two-column page for a table's column gutters and writes a few lines of running text as a
//! pipe table: `| to  solve | this | issue | has | left  blockchain- |`, most cells a word or
//! two, many empty, no figure anywhere. Set as a table, the words stand in narrow cells, split
//! and out of order. Such a table is read back as the lines it was: each row's cells joined,
//! in order, so that the passes after it join the lines and their hyphens as for any text. A
//! table with a figure in it, or whose cells open with capitals (headers, labels), stays a
//! table.

use super::{Line, Lines};

/// The share of non-empty cells opening in lower case above which the rows are prose: a
/// line's words cut at its gaps open in lower case but for names and sentence starts, while
/// a table's headers and labels open with a capital.
const MIN_LOWER_SHARE: f64 = 0.4;

pub fn run(l: &mut Lines) {
    let mut out = Vec::with_capacity(l.lines.len());
    let mut i = 0;
    while i < l.lines.len() {
        let end = (i..l.lines.len())
            .find(|&j| !is_row(&l.lines[j].text))
            .unwrap_or(l.lines.len());
        if end == i {
            out.push(l.lines[i].clone());
            i += 1;
            continue;
        }
        let rows = &l.lines[i..end];
        if is_prose(rows) {
            l.inferred.prose_tables += 1;
            out.extend(read_back(rows));
        } else {
            out.extend(rows.iter().cloned());
        }
        i = end;
    }
    if l.inferred.prose_tables > 0 {
        l.lines = out;
        // The rows' padded lengths no longer count in the text's measure.
        l.measure = super::paragraphs::measure(&l.lines);
    }
}

/// The rows as lines: each row's cells joined, in order. When the rows stand in two groups of
/// columns, most rows using only one of them (two columns of a page cut at the same gaps), the
/// first group's lines come first, then the second's: the page read down its columns.
fn read_back(rows: &[Line]) -> Vec<Line> {
    let rows: Vec<(Vec<String>, u32)> = (rows.iter())
        .filter(|r| !is_delimiter(&r.text))
        .map(|r| (all_cells(&r.text), r.src))
        .collect();
    let line = |cells: &[String], src: u32| {
        let text: Vec<&str> = (cells.iter().map(|c| c.as_str()))
            .filter(|c| !c.is_empty())
            .collect();
        (!text.is_empty()).then(|| Line::new(text.join(" "), src))
    };
    match column_split(&rows) {
        Some(at) => {
            let left = rows
                .iter()
                .filter_map(|(c, src)| line(&c[..at.min(c.len())], *src));
            let right = rows
                .iter()
                .filter_map(|(c, src)| line(&c[at.min(c.len())..], *src));
            left.chain(right).collect()
        }
        None => rows.iter().filter_map(|(c, src)| line(c, *src)).collect(),
    }
}

/// The column at which two groups of columns meet, when some row uses only the first group,
/// some only the second, and at most a third of the rows both.
fn column_split(rows: &[(Vec<String>, u32)]) -> Option<usize> {
    let width = rows.iter().map(|(c, _)| c.len()).max()?;
    let used = |c: &[String]| c.iter().any(|x| !x.is_empty());
    (1..width)
        .filter_map(|at| {
            let (mut left, mut right, mut both) = (0, 0, 0);
            for (c, _) in rows {
                let at = at.min(c.len());
                match (used(&c[..at]), used(&c[at..])) {
                    (true, true) => both += 1,
                    (true, false) => left += 1,
                    (false, true) => right += 1,
                    (false, false) => {}
                }
            }
            (left >= 1 && right >= 1 && both * 3 <= rows.len()).then_some((at, left.min(right)))
        })
        .max_by_key(|&(_, one_sided)| one_sided)
        .map(|(at, _)| at)
}

/// A pipe table's row (or its delimiter row).
fn is_row(text: &str) -> bool {
    let t = text.trim();
    t.len() > 1 && t.starts_with('|') && t.ends_with('|')
}

/// `| --- | :---: |`: the row under a table's header.
fn is_delimiter(text: &str) -> bool {
    let t = text.trim().trim_matches('|');
    !t.is_empty() && t.chars().all(|c| matches!(c, '-' | ':' | '|' | ' '))
}

/// The row's cells, trimmed, empty ones included (`<br>` is a line break inside a cell).
fn all_cells(row: &str) -> Vec<String> {
    let t = row.trim();
    let t = &t[1..t.len() - 1];
    t.split('|')
        .map(|c| c.replace("<br>", " ").trim().to_string())
        .collect()
}

/// The row's cells that hold something.
fn cells(row: &str) -> Vec<String> {
    let mut c = all_cells(row);
    c.retain(|c| !c.is_empty());
    c
}

/// No cell holds a number, and enough cells open in lower case.
fn is_prose(rows: &[Line]) -> bool {
    let all: Vec<String> = (rows.iter())
        .filter(|r| !is_delimiter(&r.text))
        .flat_map(|r| cells(&r.text))
        .collect();
    if all.is_empty() || all.iter().any(|c| holds_a_number(c)) {
        return false;
    }
    let lower = all
        .iter()
        .filter(|c| {
            c.chars()
                .find(|ch| ch.is_alphabetic())
                .is_some_and(char::is_lowercase)
        })
        .count();
    lower as f64 / all.len() as f64 >= MIN_LOWER_SHARE
}

/// A cell holding a number and little else: `6.8`, `1,450`, `£4m`, `12 %`, `2024`, but also
/// `Q1 2024` or `3a`, which a table's cell may hold and prose's rarely does (looser than a
/// figure, [`crate::model::figures::is_figure`]: a table kept as prose is the loss here).
fn holds_a_number(cell: &str) -> bool {
    let digits = cell.chars().filter(char::is_ascii_digit).count();
    let letters = cell.chars().filter(|c| c.is_alphabetic()).count();
    digits > 0 && letters <= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (String, usize) {
        let mut l = Lines::new(text, Some("en"));
        run(&mut l);
        (l.text(), l.inferred.prose_tables)
    }

    #[test]
    fn running_text_cut_at_its_gaps_is_read_back_as_lines() {
        let text = "Before.\n| to  solve        | this  | issue          | has  | left  blockchain- |      |\n\
                    | ---------------- | ----- | -------------- | ---- | ----------------- | ---- |\n\
                    | based  networks  |       | significantly  |      | slower            | and  |\nAfter.";
        let (got, n) = read(text);
        assert_eq!(
            got,
            "Before.\nto  solve this issue has left  blockchain-\nbased  networks significantly slower and\nAfter."
        );
        assert_eq!(n, 1);
    }

    #[test]
    fn two_columns_cut_at_the_same_gaps_are_read_down_the_columns() {
        let text = "| | | 7Lakeland | Mobility Forum, Revis\u{ad} |\n| --- | --- | --- | --- |\n\
                    | able by | telephone | | |\n| | | ited (2023). | |\n| or app | soon | | |";
        let (got, _) = read(text);
        assert_eq!(
            got,
            "able by telephone\nor app soon\n7Lakeland Mobility Forum, Revis\u{ad}\nited (2023)."
        );
    }

    #[test]
    fn a_table_with_figures_or_capitalised_cells_stays_a_table() {
        let figures = "|Scheme|Homes|Current|\n|---|---|---|\n|river wall|1,450|8.2|\n";
        assert_eq!(read(figures), (figures.to_string(), 0));
        let labels = "| Layer | Owner |\n| --- | --- |\n| Core routes | Council |\n| Feeder routes | Operator |\n";
        assert_eq!(read(labels), (labels.to_string(), 0));
    }
}
