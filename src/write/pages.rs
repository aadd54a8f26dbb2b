//! Page-break markers: where each page of the PDF edition begins, found in the model, so the
//! e-book and the web page can say where "p. 3" is.
//!
//! The PDF's layout gives each page's text lines ([`crate::write::pdf::page_lines`]); each
//! page's first line is looked for in the text of the flow, as the template prints it, forward
//! from where the previous page began. Letters and digits alone are compared (case folded), so
//! smart quotes, dashes, a hyphen that splits a word over two pages, note numbers and the
//! spaces a justified line stretches do not matter. A [`Inline::PageStart`] then goes before
//! the word the page begins with — inside the paragraph when the page begins mid-paragraph,
//! and inside a note when the page holds nothing but the rest of a long one.

use crate::model::{Block, Document, Inline, visit_inline_list_mut};
use crate::write::labels;
use std::collections::BTreeMap;

/// The fewest letters and digits a piece of a line must have to be looked for: shorter ones
/// (a list number, a lone word) could be found in the wrong place.
const MIN_NEEDLE: usize = 6;
/// The most letters and digits of a line that are looked for.
const MAX_NEEDLE: usize = 40;

/// `doc` with a page-start marker for every page of the PDF but the first (which begins with
/// the document itself; the writers mark it). `pages` holds each page's text lines, each line
/// its text runs. Also returns the pages whose text was not found: their markers go where the
/// previous page's went.
///
/// A page none of whose lines is in the text but one is in a note holds only the rest of a
/// long note (the PDF sets notes at the foot of its pages): it is marked inside that note.
pub fn mark(doc: &Document, pages: &[Vec<Vec<String>>]) -> (Document, Vec<u32>) {
    let mut doc = doc.clone();
    let text = Stream::of(&mut doc.clone(), flow);
    let notes = Stream::of(&mut doc.clone(), note_flow);
    let (mut in_text, mut in_notes) = (Places::default(), Places::default());
    let mut missed = Vec::new();
    let (mut from, mut notes_from) = (0, 0);
    let mut last = Pos::default();
    for (i, lines) in pages.iter().enumerate().skip(1) {
        let number = i as u32 + 1;
        if let Some((found, end)) = lines.iter().find_map(|line| text.find_line(line, from)) {
            last = text.pos[found];
            from = end;
        } else if let Some((found, end)) = lines
            .iter()
            .find_map(|line| notes.find_line(line, notes_from))
        {
            in_notes.add(notes.pos[found], number);
            notes_from = end;
            continue;
        } else {
            missed.push(number);
        }
        in_text.add(last, number);
    }
    in_text.apply(&mut doc, flow);
    in_notes.apply(&mut doc, note_flow);
    (doc, missed)
}

/// The markers to insert into one flow ([`flow`] or [`note_flow`]), by the number of the
/// list they go in.
#[derive(Default)]
struct Places {
    /// In an inline list, at a word.
    at: BTreeMap<usize, Vec<(Pos, u32)>>,
    /// In a list of blocks, before a figure.
    before: BTreeMap<usize, Vec<(usize, u32)>>,
}

impl Places {
    fn add(&mut self, pos: Pos, number: u32) {
        match pos.before_block {
            Some((list, index)) => self.before.entry(list).or_default().push((index, number)),
            None => self.at.entry(pos.list).or_default().push((pos, number)),
        }
    }

    /// Inserts the markers, walking `doc` as `walk` walked it to find them.
    fn apply(mut self, doc: &mut Document, walk: Walk) {
        let mut list = 0;
        walk(doc, &mut |item| {
            if let Flow::List(xs) = item {
                if let Some(marks) = self.at.get_mut(&list) {
                    insert(xs, marks);
                }
                list += 1;
            }
        });
        // Then pages that begin with a figure: the lists of blocks are the same as before.
        let mut blocks = 0;
        walk(doc, &mut |item| {
            if let Flow::Blocks(xs) = item {
                if let Some(marks) = self.before.get_mut(&blocks) {
                    marks.sort_by(|a, b| b.cmp(a));
                    for &(index, number) in marks.iter() {
                        let at = index.min(xs.len());
                        xs.insert(
                            at,
                            Block::Paragraph {
                                content: vec![Inline::PageStart { number }],
                                span: Default::default(),
                            },
                        );
                    }
                }
                blocks += 1;
            }
        });
    }
}

/// A walk over a document's printed text: [`flow`] or [`note_flow`].
type Walk = fn(&mut Document, &mut dyn FnMut(Flow<'_>));

/// A place in the flow: inline list `list` (numbered in the order [`flow`] visits them), its
/// inline `index`, and for a text run the byte where the word begins.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Pos {
    list: usize,
    index: usize,
    byte: usize,
    /// Before block `index` of list of blocks number `.0` instead: a figure, whose caption
    /// the PDF prints but which has no inlines of its own.
    before_block: Option<(usize, usize)>,
}

/// What the flow holds, in the order the template prints it.
enum Flow<'a> {
    /// Printed before the list that follows (an author's name before the bio, a part's
    /// heading before its text): a page that begins there is marked at that list's start,
    /// and the writers put such a marker before the name or heading (see
    /// [`crate::write::html::markup::leading_page_start`]).
    Name(&'a str),
    List(&'a mut Vec<Inline>),
    /// A list of blocks, before its blocks are visited.
    Blocks(&'a mut Vec<Block>),
    /// A figure's caption (the PDF prints it under the picture) or a table's (over it): block
    /// `at.1` of the list of blocks number `at.0`, before which a page that begins with the
    /// caption is marked.
    Figure {
        caption: &'a str,
        at: (usize, usize),
    },
}

/// Calls `f` on the main text flow in the template's order: summary, sections (title, then
/// blocks), author box (name, bio), about the publisher, disclaimer, copyright, with the
/// headings the writers give the parts. Notes are not in it ([`note_flow`] walks them): the PDF sets them apart, at the
/// foot of its pages.
fn flow(doc: &mut Document, f: &mut dyn FnMut(Flow<'_>)) {
    let labels = labels::for_lang(&doc.meta.lang);
    let titles = labels::part_titles(doc, labels);
    let (summary, authors, publisher, disclaimer) = (
        titles.summary,
        titles.authors,
        titles.publisher,
        titles.disclaimer,
    );
    let ids = &mut 0;
    if !doc.summary.is_empty() {
        f(Flow::Name(&summary));
    }
    walk_blocks(&mut doc.summary, ids, f);
    for s in &mut doc.sections {
        if let Some(t) = &mut s.title {
            visit_inline_list_mut(t, &mut |xs| f(Flow::List(xs)));
        }
        walk_blocks(&mut s.blocks, ids, f);
    }
    if !doc.author_box.is_empty() {
        f(Flow::Name(&authors));
    }
    for a in &mut doc.author_box {
        f(Flow::Name(&a.name));
        walk_blocks(&mut a.bio, ids, f);
    }
    if !doc.about_publisher.is_empty() {
        f(Flow::Name(&publisher));
    }
    walk_blocks(&mut doc.about_publisher, ids, f);
    if !doc.disclaimer.is_empty() {
        f(Flow::Name(&disclaimer));
    }
    walk_blocks(&mut doc.disclaimer, ids, f);
    if let Some(c) = &mut doc.copyright {
        visit_inline_list_mut(c, &mut |xs| f(Flow::List(xs)));
    }
}

/// Calls `f` on the notes' text, in the order the PDF numbers them.
fn note_flow(doc: &mut Document, f: &mut dyn FnMut(Flow<'_>)) {
    let ids = &mut 0;
    for note in &mut doc.footnotes {
        walk_blocks(&mut note.blocks, ids, f);
    }
}

/// One list of blocks (numbered from `*ids` in the order they are entered): the list itself,
/// then every list of inlines and figure caption in it, in reading order.
fn walk_blocks(xs: &mut Vec<Block>, ids: &mut usize, f: &mut dyn FnMut(Flow<'_>)) {
    let list = *ids;
    *ids += 1;
    f(Flow::Blocks(xs));
    for (index, block) in xs.iter_mut().enumerate() {
        match block {
            Block::Paragraph { content, .. } | Block::Heading { content, .. } => {
                visit_inline_list_mut(content, &mut |l| f(Flow::List(l)))
            }
            Block::List { items, .. } => items.iter_mut().for_each(|i| walk_blocks(i, ids, f)),
            Block::Quote { blocks } => walk_blocks(blocks, ids, f),
            Block::Table {
                header,
                rows,
                caption,
                ..
            } => {
                // The caption is printed over the table: a page that begins with it begins
                // before the table.
                if !caption.is_empty() {
                    f(Flow::Figure {
                        caption: &crate::model::plain_text(caption),
                        at: (list, index),
                    });
                }
                for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                    visit_inline_list_mut(cell, &mut |l| f(Flow::List(l)));
                }
            }
            Block::Image { title, .. } => f(Flow::Figure {
                caption: title.as_deref().unwrap_or(""),
                at: (list, index),
            }),
            Block::Code { .. } | Block::Rule | Block::PageBreak { .. } => {}
        }
    }
}

/// The letters and digits of the flow, case folded, each with where its word begins.
#[derive(Default)]
struct Stream {
    chars: Vec<char>,
    pos: Vec<Pos>,
}

impl Stream {
    fn of(doc: &mut Document, walk: Walk) -> Stream {
        let mut s = Stream::default();
        // `flow` calls back for every list, nested ones too; `read` takes a list with its
        // nested lists in reading order, so the calls for those are counted and skipped.
        let (mut calls, mut read_up_to) = (0, 0);
        walk(doc, &mut |item| match item {
            Flow::Name(name) => {
                let before = Pos {
                    list: calls,
                    ..Pos::default()
                };
                s.push_text(name, &mut |_| before);
            }
            Flow::Figure { caption, at } => {
                let before = Pos {
                    before_block: Some(at),
                    ..Pos::default()
                };
                s.push_text(caption, &mut |_| before);
            }
            Flow::Blocks(_) => {}
            Flow::List(xs) => {
                if calls >= read_up_to {
                    read_up_to = calls;
                    s.read(xs, &mut read_up_to);
                }
                calls += 1;
            }
        });
        s
    }

    /// Reads list number `*next` and the lists nested in it (numbered after it, depth first).
    fn read(&mut self, xs: &[Inline], next: &mut usize) {
        let list = *next;
        *next += 1;
        for (index, x) in xs.iter().enumerate() {
            match x {
                Inline::Text { text } | Inline::Code { text } => {
                    self.push_text(text, &mut |byte| Pos {
                        list,
                        index,
                        byte,
                        before_block: None,
                    });
                }
                Inline::FootnoteRef { number, .. } => {
                    // The PDF prints the note's number in the line.
                    let byte = 0;
                    self.push_text(&number.to_string(), &mut |_| Pos {
                        list,
                        index,
                        byte,
                        before_block: None,
                    });
                }
                Inline::Emph { content }
                | Inline::Strong { content }
                | Inline::Strikeout { content }
                | Inline::Superscript { content }
                | Inline::Subscript { content }
                | Inline::Link { content, .. } => self.read(content, next),
                Inline::LineBreak | Inline::PageStart { .. } => {}
            }
        }
    }

    /// Pushes the letters and digits of `text`; `pos` maps the byte where a character's word
    /// begins to its place.
    fn push_text(&mut self, text: &str, pos: &mut dyn FnMut(usize) -> Pos) {
        let mut word = 0;
        for (byte, c) in text.char_indices() {
            if !c.is_alphanumeric() {
                // A line may break after a space, a dash or a slash.
                if c.is_whitespace()
                    || matches!(c, '-' | '\u{2010}' | '\u{2013}' | '\u{2014}' | '/')
                {
                    word = byte + c.len_utf8();
                }
                continue;
            }
            for lc in c.to_lowercase() {
                self.chars.push(lc);
                self.pos.push(pos(word));
            }
        }
    }

    /// Finds a printed line at or after `from`: the whole line first, then without its first
    /// runs (a list's number or bullet is not in the model), then its runs one by one (a
    /// table row's cells are not one run of text in the model). Returns the index of the
    /// first character found and of the one after the match.
    fn find_line(&self, runs: &[String], from: usize) -> Option<(usize, usize)> {
        let runs: Vec<Vec<char>> = runs.iter().map(|r| comparable_chars(r)).collect();
        (0..runs.len()).find_map(|k| {
            let rest: Vec<char> = runs[k..].concat().into_iter().take(MAX_NEEDLE).collect();
            let alone: Vec<char> = runs[k].iter().copied().take(MAX_NEEDLE).collect();
            [rest, alone]
                .into_iter()
                .filter(|n| n.len() >= MIN_NEEDLE)
                .find_map(|n| self.find(&n, from).map(|at| (at, at + n.len())))
        })
    }

    fn find(&self, needle: &[char], from: usize) -> Option<usize> {
        let hay = self.chars.get(from..)?;
        hay.windows(needle.len())
            .position(|w| w == needle)
            .map(|i| i + from)
    }
}

/// Letters and digits, case folded: what the comparison sees of a text.
fn comparable_chars(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Inserts the markers of one inline list, last place first so earlier places stay valid;
/// two pages at the same place keep their order.
fn insert(xs: &mut Vec<Inline>, marks: &mut [(Pos, u32)]) {
    marks.sort_by(|a, b| b.cmp(a));
    for &(pos, number) in marks.iter() {
        let marker = Inline::PageStart { number };
        let index = pos.index.min(xs.len());
        match xs.get_mut(index) {
            Some(Inline::Text { text }) if pos.byte > 0 => {
                if pos.byte >= text.len() {
                    xs.insert(index + 1, marker);
                } else {
                    let tail = text.split_off(pos.byte);
                    xs.insert(index + 1, Inline::Text { text: tail });
                    xs.insert(index + 1, marker);
                }
            }
            _ => xs.insert(index, marker),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, Section};

    fn para(inlines: Vec<Inline>) -> Block {
        Block::Paragraph {
            content: inlines,
            span: Default::default(),
        }
    }

    fn lines(text: &[&[&str]]) -> Vec<Vec<String>> {
        text.iter()
            .map(|l| l.iter().map(|r| r.to_string()).collect())
            .collect()
    }

    #[test]
    fn a_page_that_begins_mid_paragraph_is_marked_at_its_word() {
        let mut doc = Document::default();
        doc.sections.push(Section {
            title: Some(vec![Inline::text("Heading")]),
            blocks: vec![para(vec![
                Inline::text("Cities warm faster than "),
                Inline::Emph {
                    content: vec![Inline::text("their surroundings")],
                },
                Inline::text(" and the gap is wide\u{2014}internationally so."),
            ])],
            ..Default::default()
        });
        // Page 2 begins with the rest of a word hyphenated on page 1, and curly quotes;
        // page 3 begins with an emphasised word.
        let pages = vec![
            lines(&[&["Heading"], &["Cities warm faster than"]]),
            lines(&[&["surroundings and the gap is wide\u{2014}inter-"]]),
            lines(&[&["nationally so."]]),
        ];
        let (marked, missed) = mark(&doc, &pages);
        assert!(missed.is_empty());
        let Block::Paragraph { content, .. } = &marked.sections[0].blocks[0] else {
            panic!("not a paragraph")
        };
        assert_eq!(
            content,
            &vec![
                Inline::text("Cities warm faster than "),
                Inline::Emph {
                    content: vec![
                        Inline::text("their "),
                        Inline::PageStart { number: 2 },
                        Inline::text("surroundings"),
                    ],
                },
                Inline::text(" and the gap is wide\u{2014}"),
                Inline::PageStart { number: 3 },
                Inline::text("internationally so."),
            ]
        );
    }

    #[test]
    fn a_page_whose_text_is_not_found_shares_the_previous_place() {
        let doc = Document {
            summary: vec![para(vec![Inline::text("One two three four five six")])],
            ..Default::default()
        };
        let pages = vec![
            lines(&[&["One two"]]),
            lines(&[&["three four five six"]]),
            lines(&[&["nowhere in the text"]]),
        ];
        let (marked, missed) = mark(&doc, &pages);
        assert_eq!(missed, vec![3]);
        let Block::Paragraph { content, .. } = &marked.summary[0] else {
            panic!("not a paragraph")
        };
        assert_eq!(
            content,
            &vec![
                Inline::text("One two "),
                Inline::PageStart { number: 2 },
                Inline::PageStart { number: 3 },
                Inline::text("three four five six"),
            ]
        );
    }

    #[test]
    fn a_page_holding_only_the_rest_of_a_note_is_marked_inside_it() {
        let note = |number: u32, text: &str| crate::model::Footnote {
            number,
            label: number.to_string(),
            blocks: vec![para(vec![Inline::text(text)])],
            span: Default::default(),
        };
        let doc = Document {
            summary: vec![para(vec![Inline::text("Canals leak badly everywhere")])],
            footnotes: vec![
                note(1, "Boards reported losses in spring"),
                note(
                    2,
                    "Surveys of the eastern canals began late and ended early",
                ),
            ],
            ..Default::default()
        };
        // Page 2 has no text of the flow: only the end of note 2 (after its note 1).
        let pages = vec![
            lines(&[
                &["Canals leak badly everywhere"],
                &["Boards reported losses"],
            ]),
            lines(&[&["began late and ended early"]]),
        ];
        let (marked, missed) = mark(&doc, &pages);
        assert!(missed.is_empty());
        assert_eq!(marked.summary, doc.summary, "the text keeps no marker");
        assert_eq!(marked.footnotes[0], doc.footnotes[0]);
        assert_eq!(
            marked.footnotes[1].blocks,
            vec![para(vec![
                Inline::text("Surveys of the eastern canals "),
                Inline::PageStart { number: 2 },
                Inline::text("began late and ended early"),
            ])]
        );
    }

    #[test]
    fn a_page_that_begins_with_a_figure_is_marked_before_it() {
        let figure = Block::Image {
            url: "a.png".into(),
            alt: "A chart".into(),
            title: Some("Exports by port".into()),
            span: Default::default(),
        };
        let doc = Document {
            sections: vec![Section {
                blocks: vec![
                    para(vec![Inline::text("Before the figure.")]),
                    figure.clone(),
                ],
                ..Default::default()
            }],
            ..Default::default()
        };
        let pages = vec![
            lines(&[&["Before the figure."]]),
            lines(&[&["Exports by port"]]),
        ];
        let (marked, missed) = mark(&doc, &pages);
        assert!(missed.is_empty());
        assert_eq!(
            marked.sections[0].blocks,
            vec![
                para(vec![Inline::text("Before the figure.")]),
                para(vec![Inline::PageStart { number: 2 }]),
                figure,
            ]
        );
    }

    #[test]
    fn a_page_that_begins_with_a_tables_caption_is_marked_before_the_table() {
        let cell = |t: &str| vec![Inline::text(t)];
        let table = Block::Table {
            align: Vec::new(),
            header: vec![cell("Port"), cell("Delayed calls")],
            rows: vec![vec![cell("Haldor"), cell("31")]],
            caption: cell("Table 1: Delayed calls by port, 2023"),
        };
        let doc = Document {
            sections: vec![Section {
                blocks: vec![para(vec![Inline::text("Before the table.")]), table.clone()],
                ..Default::default()
            }],
            ..Default::default()
        };
        // Page 2 opens with the caption the PDF sets over the table.
        let pages = vec![
            lines(&[&["Before the table."]]),
            lines(&[
                &["Table 1 Delayed calls by port, 2023"],
                &["Port", "Delayed calls"],
            ]),
        ];
        let (marked, missed) = mark(&doc, &pages);
        assert!(missed.is_empty());
        assert_eq!(
            marked.sections[0].blocks,
            vec![
                para(vec![Inline::text("Before the table.")]),
                para(vec![Inline::PageStart { number: 2 }]),
                table,
            ]
        );
    }
}
