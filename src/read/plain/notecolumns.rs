//! Page-foot notes set in two columns: a layout that hangs each note's number in a column of
//! its own (InDesign's and Word's hanging indents) comes out of pdftotext as the numbers, one
//! to a line, then the notes' texts:
//!
//! ```text
//! 2
//! 3
//! 4
//!
//! https://www.reuters.com/technology/…
//! American technological research and consulting firm.
//! Website news about crypto industry.
//! ```
//!
//! Each number is put back before its text (`2 https://…`), one note to a paragraph, so that
//! the notes pass reads them as it reads any `1 Text` note: it still links a note only when
//! its marker stands in the body. The texts are told apart one to a line when there are as
//! many lines as numbers, else at sentence ends when that gives as many pieces; otherwise the
//! lines are left as they are.

use super::footnotes::{lone_number, starts_note_text};
use super::{Line, Lines, ends_sentence};

/// Blank lines allowed between the numbers and the texts (a folio removed leaves some).
const GAP: usize = 4;

pub fn run(l: &mut Lines) {
    let mut i = 0;
    while i < l.lines.len() {
        match column_at(&l.lines, i) {
            Some(col) => {
                rewrite(&mut l.lines, &col);
                i += 1;
            }
            None => i += 1,
        }
    }
}

/// A column of numbers and the texts it numbers.
#[derive(Debug)]
struct Column {
    /// The number lines, first to last, with their values.
    numbers: Vec<(usize, u32)>,
    /// The first line of each note's text.
    pieces: Vec<usize>,
}

fn column_at(lines: &[Line], i: usize) -> Option<Column> {
    let mut numbers = Vec::new();
    let mut k = i;
    while let Some(n) = lines.get(k).and_then(|l| lone_number(&l.text)) {
        if numbers.last().is_some_and(|&(_, m)| m + 1 != n) {
            break;
        }
        numbers.push((k, n));
        k += 1;
    }
    // A run starts at its first number: not inside a longer one.
    let starts_run = i == 0 || lone_number(&lines[i - 1].text).is_none();
    if numbers.len() < 2 || !starts_run {
        return None;
    }
    let gap = (k..lines.len().min(k + GAP + 1)).find(|&j| !lines[j].is_blank())?;
    if gap == k || lines[gap].is_break() {
        return None;
    }
    let mut end = gap;
    while end < lines.len() && !lines[end].is_blank() && !lines[end].is_break() {
        end += 1;
    }
    let block: Vec<usize> = (gap..end).collect();
    let pieces = split(lines, &block, numbers.len())?;
    pieces
        .iter()
        .all(|&p| starts_note_text(&lines[p].text))
        .then_some(Column { numbers, pieces })
}

/// The first line of each of `count` notes in `block`: one a line, or one a sentence run.
fn split(lines: &[Line], block: &[usize], count: usize) -> Option<Vec<usize>> {
    if block.len() == count {
        return Some(block.to_vec());
    }
    let mut pieces = vec![block[0]];
    for w in block.windows(2) {
        if ends_sentence(&lines[w[0]].text) {
            pieces.push(w[1]);
        }
    }
    (pieces.len() == count).then_some(pieces)
}

fn rewrite(lines: &mut Vec<Line>, col: &Column) {
    // From the last note up, so indices above stay valid.
    for (&(_, n), &p) in col.numbers.iter().zip(&col.pieces).rev() {
        lines[p].text = format!("{n} {}", lines[p].text.trim_start());
        if p > col.pieces[0] {
            let src = lines[p].src;
            lines.insert(p, Line::new("", src));
        }
    }
    let first = col.numbers[0].0;
    lines.drain(first..first + col.numbers.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_on(text: &str) -> String {
        let mut l = Lines::new(text, Some("en"));
        run(&mut l);
        l.text()
    }

    #[test]
    fn numbers_in_a_column_go_back_before_their_texts_one_a_line() {
        let src = "Body text ends.\n\n2\n3\n4\n\n\nhttps://example.org/a.\nAmerican research firm.\nWebsite news.\n\nNext page.";
        assert_eq!(
            run_on(src),
            "Body text ends.\n\n\n\n2 https://example.org/a.\n\n3 American research firm.\n\n4 Website news.\n\nNext page."
        );
    }

    #[test]
    fn notes_of_several_lines_are_told_apart_at_sentence_ends() {
        let src = "1\n2\n\nFirst note that runs\nover two lines.\nSecond note.\n";
        assert_eq!(
            run_on(src),
            "\n1 First note that runs\nover two lines.\n\n2 Second note.\n"
        );
    }

    #[test]
    fn numbers_that_do_not_count_up_or_texts_that_do_not_split_stay() {
        // A table's figures, a list of years, and two numbers over three sentences in one line.
        for src in [
            "12\n40\n\nSome text.\nMore text.",
            "1\n2\n\n2024 was a year.\n2025 too.",
            "1\n2\n\nOne. Two. Three in one line\nand on.\nAnd a third.\nAnd more.",
            "3\n\nA text.",
        ] {
            assert_eq!(run_on(src), src);
        }
    }

    #[test]
    fn the_source_lines_are_kept() {
        let mut l = Lines::new("1\n2\n\nA note.\nB note.", None);
        run(&mut l);
        assert_eq!(l.text(), "\n1 A note.\n\n2 B note.");
        assert_eq!(l.origins(), [3, 4, 5, 5]);
    }
}
