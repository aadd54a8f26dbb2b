//! Two-column pages read across: where pdftotext does not see a page's columns, it writes the
//! page's blocks by their height on the page, the left column's and the right column's in
//! turn: a right-hand heading, the title, the right column's first paragraph, the left's
//! next… The text holds the evidence to undo it:
//!
//! - the notes: their numbers go up in reading order, both the markers in the text and the
//!   definitions at the columns' feet;
//! - paragraphs cut by a column's or page's end: a block that starts in lower case goes on
//!   from one that stopped mid-sentence;
//! - the blocks' heights: written by their tops, a block comes after every block that stands
//!   higher, in either column.
//!
//! Only a page whose note numbers come out of order is read again: its blocks are split into a
//! left and a right column, in their order, so that the numbers go up and every cut block
//! goes on from its start; of the splits that do, the one whose blocks' tops (counted in
//! lines) best agree with the order they were written in is taken. A page that fits no split
//! is left as it is.

use super::footnotes::{glued_number, lone_number};
use super::{Line, Lines, ends_sentence};

/// Pages of more blocks than this are left as they are (the search is cut short by the
/// notes' order and the best split found, but can double with each block).
const MAX_UNITS: usize = 40;
/// The most branches tried on one page (a few milliseconds).
const BUDGET: u32 = 200_000;
/// A line at least this share of the measure reached the margin.
const CUT_LINE: f64 = 0.6;
/// How far, in lines, a block's top may stand above the block written before it.
const SLACK: f64 = 2.0;

pub fn run(l: &mut Lines) {
    let mut start = 0;
    while start < l.lines.len() {
        let end = (start..l.lines.len())
            .find(|&i| l.lines[i].is_break())
            .unwrap_or(l.lines.len());
        if let Some((units, order)) = reading_order(&l.lines[start..end], l.measure, BUDGET) {
            let rebuilt = rebuild(&l.lines[start..end], &units, &order);
            let n = rebuilt.len();
            l.lines.splice(start..end, rebuilt);
            l.inferred.column_pages += 1;
            start += n + 1;
        } else {
            start = end + 1;
        }
    }
}

/// One block of a page, or a note's number with its text.
#[derive(Debug, Clone, PartialEq)]
struct Unit {
    /// Lines `from..to` of the page.
    from: usize,
    to: usize,
    /// It goes on the block of the unit before it (a note's number under its last line):
    /// same column, same top.
    joined: bool,
    height: f64,
    /// Note markers in the text, and the number of a note this unit defines.
    markers: Vec<u32>,
    defines: Option<u32>,
    starts_lower: bool,
    ends_mid: bool,
    /// Its last line, like the one above it, reached the margin mid-sentence (or it ends
    /// with a hyphen): the paragraph goes on at the next column's or page's top. (A title
    /// page's lines end without a stop too, but stop short.)
    cut: bool,
}

/// The page's units and their reading order (indices), when the page reads across two
/// columns.
fn reading_order(page: &[Line], measure: usize, budget: u32) -> Option<(Vec<Unit>, Vec<usize>)> {
    let units = units(page, measure);
    if units.len() < 3 || units.len() > MAX_UNITS {
        return None;
    }
    // Only a page whose note markers come out of order (a single column's are in order
    // whatever shape its notes take).
    let defined: Vec<u32> = units.iter().filter_map(|u| u.defines).collect();
    let markers: Vec<u32> = units
        .iter()
        .flat_map(|u| u.markers.iter().copied())
        .filter(|m| defined.contains(m))
        .collect();
    if markers.windows(2).all(|w| w[0] < w[1]) {
        return None;
    }
    let mut search = Search {
        units: &units,
        defined,
        right: vec![false; units.len()],
        best: None,
        budget,
    };
    search.go(0, State::default());
    let order = search
        .best
        .filter(|_| search.budget > 0)
        .map(|(_, order)| order)?;
    Some((units, order))
}

/// A depth-first search over the units in the order they were written, each put in the left
/// or the right column; a branch ends as soon as its notes go out of order or its blocks'
/// tops disagree more than the best split found.
struct Search<'a> {
    units: &'a [Unit],
    defined: Vec<u32>,
    right: Vec<bool>,
    best: Option<(f64, Vec<usize>)>,
    /// Branches left to try: a page that needs more is left as it is (no input may take
    /// long).
    budget: u32,
}

/// Where a branch stands: each column's bottom (in lines), the last unit's top, how much
/// the tops disagree so far, and the note numbers seen.
#[derive(Clone, Copy, Default)]
struct State {
    bottom: [f64; 2],
    top: f64,
    late: f64,
    /// The last marker and definition in each column (0: none yet), and the right column's
    /// first (every left one must be lower).
    last_marker: [u32; 2],
    first_right_marker: Option<u32>,
    last_definition: [u32; 2],
    first_right_definition: Option<u32>,
}

impl Search<'_> {
    fn go(&mut self, i: usize, state: State) {
        if self.budget == 0 {
            return;
        }
        self.budget -= 1;
        if i == self.units.len() {
            self.leaf(state);
            return;
        }
        // The column whose foot stands higher first: the order pdftotext wrote the blocks in
        // says the next block starts there, so good splits are found early and bound the rest.
        let first = usize::from(state.bottom[1] < state.bottom[0]);
        for col in [first, 1 - first] {
            if let Some(next) = self.place(i, col, state) {
                self.right[i] = col == 1;
                self.go(i + 1, next);
            }
        }
    }

    /// The state after unit `i` goes in column `col`, unless that puts notes out of order or
    /// cannot beat the best split.
    fn place(&self, i: usize, col: usize, mut s: State) -> Option<State> {
        let u = &self.units[i];
        let markers: Vec<u32> = u
            .markers
            .iter()
            .copied()
            .filter(|m| self.defined.contains(m))
            .collect();
        if let (Some(&first), Some(&last)) = (markers.first(), markers.last()) {
            if !markers.windows(2).all(|w| w[0] < w[1])
                || !fits(first, last, col, s.last_marker, s.first_right_marker)
            {
                return None;
            }
            s.last_marker[col] = last;
            if col == 1 {
                s.first_right_marker.get_or_insert(first);
            }
        }
        if let Some(d) = u.defines {
            if !fits(d, d, col, s.last_definition, s.first_right_definition) {
                return None;
            }
            s.last_definition[col] = d;
            if col == 1 {
                s.first_right_definition.get_or_insert(d);
            }
        }
        if u.joined {
            if i > 0 && self.right[i - 1] != (col == 1) {
                return None;
            }
        } else {
            let top = s.bottom[col];
            if i > 0 {
                s.late += (s.top - top - SLACK).max(0.0);
            }
            s.top = top;
        }
        s.bottom[col] += u.height + 1.0;
        let beaten = self.best.as_ref().is_some_and(|(b, _)| s.late >= *b);
        (!beaten).then_some(s)
    }

    fn leaf(&mut self, s: State) {
        if self.right.iter().all(|&r| r) || self.right.iter().all(|&r| !r) {
            return;
        }
        let n = self.units.len();
        let order: Vec<usize> = (0..n)
            .filter(|&i| !self.right[i])
            .chain((0..n).filter(|&i| self.right[i]))
            .collect();
        if !notes_in_order(self.units, &order) || !cuts_go_on(self.units, &order) {
            return;
        }
        // Columns fill the page alike: a weak preference for balance breaks ties.
        let score = s.late + (s.bottom[0] - s.bottom[1]).abs() * 0.01;
        if self.best.as_ref().is_none_or(|(b, _)| score < *b) {
            self.best = Some((score, order));
        }
    }
}

/// Can numbers `first..=last` go in column `col`: above its last, and, in the left column,
/// below the right column's first (the left is read first)?
fn fits(first: u32, last: u32, col: usize, last_in: [u32; 2], first_right: Option<u32>) -> bool {
    first > last_in[col]
        && if col == 0 {
            first_right.is_none_or(|r| last < r)
        } else {
            first > last_in[0]
        }
}

/// Do the note numbers go up in this order, the markers (of notes the page defines) and the
/// definitions each on their own?
fn notes_in_order(units: &[Unit], order: &[usize]) -> bool {
    let defined: Vec<u32> = units.iter().filter_map(|u| u.defines).collect();
    let markers: Vec<u32> = order
        .iter()
        .flat_map(|&i| units[i].markers.iter().copied())
        .filter(|m| defined.contains(m))
        .collect();
    let definitions: Vec<u32> = order.iter().filter_map(|&i| units[i].defines).collect();
    markers.windows(2).all(|w| w[0] < w[1]) && definitions.windows(2).all(|w| w[0] < w[1])
}

/// Does every block that starts in lower case open the page or follow one cut mid-sentence,
/// and every block cut at the margin end the page or go on in one that starts in lower case
/// (the notes at a column's foot between them)?
fn cuts_go_on(units: &[Unit], order: &[usize]) -> bool {
    order.iter().enumerate().all(|(k, &i)| {
        let before = order[..k]
            .iter()
            .rev()
            .find(|&&j| units[j].defines.is_none());
        let after = order[k + 1..].iter().find(|&&j| units[j].defines.is_none());
        (!units[i].starts_lower || before.is_none_or(|&j| units[j].ends_mid))
            && (!units[i].cut || after.is_none_or(|&j| units[j].starts_lower))
    })
}

/// The page's blocks, cut before each note number that stands alone on a line (pdftotext
/// sets a column's notes as one block, `2`, text, `3`, text; or the number under the last
/// line of the text above), each number with the text it numbers.
fn units(page: &[Line], measure: usize) -> Vec<Unit> {
    // (from, to, and whether it goes on the block of the segment before it)
    let mut segments: Vec<(usize, usize, bool)> = Vec::new();
    let mut i = 0;
    while i < page.len() {
        if page[i].is_blank() {
            i += 1;
            continue;
        }
        let mut start = i;
        let mut joined = false;
        while i < page.len() && !page[i].is_blank() {
            if i > start && lone_number(&page[i].text).is_some() {
                segments.push((start, i, joined));
                start = i;
                joined = true;
            }
            i += 1;
        }
        segments.push((start, i, joined));
    }
    let mut out = Vec::new();
    let mut k = 0;
    while k < segments.len() {
        let (from, mut to, joined) = segments[k];
        let defines = lone_number(&page[from].text);
        // A number alone at a block's end numbers the next block.
        if defines.is_some()
            && to - from == 1
            && segments
                .get(k + 1)
                .is_some_and(|&(f, _, _)| lone_number(&page[f].text).is_none())
        {
            k += 1;
            to = segments[k].1;
        }
        out.push(Unit {
            joined,
            ..unit(page, from, to, defines, measure)
        });
        k += 1;
    }
    out
}

fn unit(page: &[Line], from: usize, to: usize, defines: Option<u32>, measure: usize) -> Unit {
    let text: Vec<&str> = page[from..to]
        .iter()
        .map(|l| l.text.trim())
        .filter(|t| !t.is_empty())
        .collect();
    let last = text.last().copied().unwrap_or("");
    let mut markers = Vec::new();
    for t in &text {
        let mut rest: &str = t;
        while let Some((_, n, after)) = glued_number(rest) {
            markers.push(n);
            rest = after;
        }
    }
    Unit {
        from,
        to,
        joined: false,
        height: text.len() as f64,
        markers,
        defines,
        starts_lower: text
            .first()
            .is_some_and(|t| t.starts_with(char::is_lowercase)),
        ends_mid: text.len() >= 2 && !ends_sentence(last) || last.ends_with(['-', '\u{ad}']),
        cut: last.ends_with(['-', '\u{ad}'])
            || text.len() >= 2
                && !ends_sentence(last)
                && text[text.len() - 2..]
                    .iter()
                    .all(|t| t.chars().count() as f64 >= CUT_LINE * measure as f64),
    }
}

/// The page's lines with its units in `order`, the notes last, set apart by blank lines.
fn rebuild(page: &[Line], units: &[Unit], order: &[usize]) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(page.len() + units.len());
    // The text of both columns, then the notes of both: the page's foot, where the notes pass
    // looks for them, and a paragraph cut at the left column's foot goes on next to its end.
    let text = order.iter().filter(|&&i| units[i].defines.is_none());
    let notes = order.iter().filter(|&&i| units[i].defines.is_some());
    for &i in text.chain(notes) {
        let u = &units[i];
        if !out.is_empty() {
            out.push(Line::new("", page[u.from].src));
        }
        out.extend(page[u.from..u.to].iter().cloned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reorder(text: &str) -> String {
        let mut l = Lines::new(text, Some("en"));
        run(&mut l);
        l.text()
    }

    #[test]
    fn a_page_read_across_its_columns_is_read_down_them() {
        // Left: A1 (note 1), A2 cut at the column's foot, note 1. Right: B1 goes on from A2
        // (note 2), B2 (note 3), notes 2 and 3. Written by height: B1, A1, B2, A2, then the
        // right column's notes before the left's.
        let text = "column and goes on here at the top\nof the right one, citing a source.2\n\nLeft column paragraph one, which\ncites its source here.1 It goes on.\n\nRight column again with a third\nnote at its end.3\n\nLeft column paragraph two that\nis cut at the foot of the\n\n2\n\nThe second note.\n\n3\n\nThe third note.\n\n1\n\nThe first note.";
        let mut l = Lines::new(text, Some("en"));
        run(&mut l);
        assert_eq!(
            l.inferred.column_pages, 1,
            "the page is counted for `check`"
        );
        let got = l.text();
        let order: Vec<&str> = got
            .split("\n\n")
            .map(|b| b.lines().next().unwrap_or(""))
            .collect();
        assert_eq!(
            order,
            [
                "Left column paragraph one, which",
                "Left column paragraph two that",
                "column and goes on here at the top",
                "Right column again with a third",
                "1",
                "The first note.",
                "2",
                "The second note.",
                "3",
                "The third note.",
            ],
            "{got}"
        );
    }

    #[test]
    fn a_columns_notes_set_as_one_block_are_one_unit_each_in_that_column() {
        // pdftotext: the note's number under the column's last line, the next notes' numbers
        // inside one block with their texts.
        let page = "range of local measures, some of which have\n2\n\nThe second note's text.\n3\nThe third note's text.";
        let l = Lines::new(page, Some("en"));
        let units = units(&l.lines, l.measure);
        let shape: Vec<(Option<u32>, bool)> = units.iter().map(|u| (u.defines, u.joined)).collect();
        assert_eq!(shape, [(None, false), (Some(2), true), (Some(3), true)]);
    }

    #[test]
    fn a_search_that_runs_out_of_branches_changes_nothing() {
        let text = "column and goes on here at the top\nof the right one, citing a source.2\n\nLeft column paragraph one, which\ncites its source here.1 It goes on.\n\nRight column again with a third\nnote at its end.3\n\nLeft column paragraph two that\nis cut at the foot of the\n\n2\n\nThe second note.\n\n3\n\nThe third note.\n\n1\n\nThe first note.";
        let l = Lines::new(text, Some("en"));
        assert!(reading_order(&l.lines, l.measure, BUDGET).is_some());
        assert_eq!(reading_order(&l.lines, l.measure, 8), None);
    }

    #[test]
    fn a_page_whose_notes_come_in_order_is_left_alone() {
        let text =
            "Text cites a source.1 More.\n\nAnother paragraph.2\n\n1\n\nFirst.\n\n2\n\nSecond.";
        assert_eq!(reorder(text), text);
    }
}
