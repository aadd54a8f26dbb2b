//! Notes in extracted text: where their definitions stand and which markers refer to them.
//!
//! Three small recognisers run in order:
//! 1. [`lead_markers`]: a paragraph that opens with a marker in any form (`¹ Source`,
//!    `[1] Source`, `^1^ Source`, `<sup>1</sup> Source`) becomes a definition candidate;
//! 2. [`take_end_section`]: a Notes / Endnotes / References… section holding a numbered list
//!    or such paragraphs becomes the notes, and leaves the body;
//! 3. [`take_page_feet`]: definitions at the foot of each page, before or after the page
//!    break, with a definition the break split joined again and numbering that restarts on
//!    every page told apart.
//!
//! Then [`link_markers`] turns marker candidates in the text into references when a note
//! with that number exists (or the running sequence of numbers shows one).

use super::markers::{self, MarkerForm, Piece};
use crate::model::text::{ends_sentence, merge_text, trim_inlines};
use crate::model::{Block, Footnote, Inline, Span, plain_text, visit_inline_lists_mut};
use crate::read::markdown::Item;
use std::collections::{BTreeSet, HashSet};

/// What the notes recognisers found, for the check report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoteScan {
    pub forms: BTreeSet<MarkerForm>,
    pub at_page_foot: usize,
    pub in_end_section: usize,
    /// The printed numbers start again at 1 on each page.
    pub restarts_per_page: bool,
}

/// Runs the recognisers; see the module doc. `notes` receives the definitions in source order.
pub fn collect(items: Vec<Item>, notes: &mut Vec<Footnote>, scan: &mut NoteScan) -> Vec<Item> {
    let mut items = items;
    for item in &mut items {
        lead_markers(item, scan);
    }
    let items = take_end_section(items, notes, scan);
    let mut items = take_page_feet(items, notes, scan);
    if items.iter().any(|i| matches!(i, Item::FootnoteDef { .. })) {
        scan.forms.insert(MarkerForm::Markdown);
    }
    link_markers(&mut items, notes, scan);
    items
}

/// A paragraph opening with a marker written as text gets a reference as its first inline,
/// the shape a `<sup>N</sup>` definition already has.
fn lead_markers(item: &mut Item, scan: &mut NoteScan) {
    let Item::Block(Block::Paragraph { content, span }) = item else {
        return;
    };
    if let Some(Inline::FootnoteRef { .. }) = content.first() {
        scan.forms.insert(MarkerForm::SupTag);
        return;
    }
    let Some(Inline::Text { text }) = content.first() else {
        return;
    };
    // Text must follow the marker, in this inline or the next (a link).
    let found = match content.len() {
        1 => markers::leading(text),
        _ => markers::leading_marker(text),
    };
    let Some((marker, rest)) = found else {
        return;
    };
    let rest = rest.to_string();
    let mut new = vec![
        reference(marker.numbers[0].to_string(), *span),
        Inline::text(rest),
    ];
    new.extend(content.drain(1..));
    *content = merge_text(new);
}

fn reference(label: String, span: Span) -> Inline {
    Inline::FootnoteRef {
        number: 0,
        label,
        repeat: false,
        span,
    }
}

/// `(label, text)` of a paragraph that opens with a marker.
fn definition(item: &Item) -> Option<(String, Vec<Inline>, Span)> {
    match item {
        Item::Block(Block::Paragraph { content, span }) => match content.first() {
            Some(Inline::FootnoteRef { label, .. }) => {
                Some((label.clone(), trim_inlines(content[1..].to_vec()), *span))
            }
            _ => None,
        },
        _ => None,
    }
}

fn new_note(label: String, content: Vec<Inline>, span: Span) -> Footnote {
    Footnote {
        number: 0,
        label,
        blocks: vec![Block::Paragraph { content, span }],
        span,
    }
}

/// Headings of an end section of notes, in the languages briefs are written in.
pub fn is_notes_heading(text: &str) -> bool {
    matches!(
        super::normalise_heading(text).as_str(),
        "notes"
            | "endnotes"
            | "end notes"
            | "footnotes"
            | "references"
            | "sources"
            | "notes and references"
            | "references and notes"
            | "notes de fin"
            | "notes et références"
            | "références"
            | "anmerkungen"
            | "fußnoten"
            | "endnoten"
            | "quellen"
            | "notas"
            | "referencias"
            | "fuentes"
            | "note"
            | "riferimenti"
    )
}

/// An end section of notes: its heading, and every numbered item or marked paragraph up to
/// the next heading of the same or a higher level. Unmarked paragraphs continue the note
/// before them. Left alone when nothing in it is numbered (a plain bibliography).
fn take_end_section(items: Vec<Item>, notes: &mut Vec<Footnote>, scan: &mut NoteScan) -> Vec<Item> {
    let Some(start) = items.iter().position(|it| {
        matches!(it, Item::Heading { level, content, .. } if *level <= 3 && is_notes_heading(&plain_text(content)))
    }) else {
        return items;
    };
    let Item::Heading { level: top, .. } = items[start] else {
        return items;
    };
    let end = end_section_end(&items, start, top);
    let numbered = items[start + 1..end].iter().any(|it| {
        definition(it).is_some()
            || matches!(
                it,
                Item::Block(Block::List { ordered: true, .. }) | Item::FootnoteDef { .. }
            )
    });
    if !numbered {
        return items;
    }
    let mut items = items;
    let section: Vec<Item> = items.drain(start..end).skip(1).collect();
    let before = notes.len();
    // `[^N]:` definitions under the heading stay Markdown notes, read with the others.
    let mut markdown_defs = Vec::new();
    for item in section {
        if let Some((label, content, span)) = definition(&item) {
            notes.push(new_note(label, content, span));
            continue;
        }
        match item {
            Item::Block(Block::List {
                ordered: true,
                start,
                items: list,
                ..
            }) => {
                scan.forms.insert(MarkerForm::ListNumber);
                let first = start.unwrap_or(1);
                for (k, blocks) in list.into_iter().enumerate() {
                    let span = blocks.first().map(Block::span).unwrap_or_default();
                    notes.push(Footnote {
                        number: 0,
                        label: (first + k as u64).to_string(),
                        blocks,
                        span,
                    });
                }
            }
            Item::Block(block) => {
                if let Some(last) = notes[before..].last_mut() {
                    last.blocks.push(block);
                }
            }
            Item::Break(span) => {
                if let Some(last) = notes[before..].last_mut() {
                    last.blocks.push(Block::PageBreak { span });
                }
            }
            def @ Item::FootnoteDef { .. } => markdown_defs.push(def),
            Item::Heading { .. } => {}
        }
    }
    scan.in_end_section += notes.len() - before;
    items.splice(start..start, markdown_defs);
    items
}

/// Where an end section of notes stops: at the next heading of its level or above, or at the
/// first unmarked paragraph after a numbered list that no page break separates from it (a
/// list item cannot run on unindented: that is the back matter that follows the notes).
fn end_section_end(items: &[Item], start: usize, top: u8) -> usize {
    let mut after_list = false;
    for (j, item) in items.iter().enumerate().skip(start + 1) {
        match item {
            Item::Heading { level, .. } if *level <= top => return j,
            Item::Block(Block::List { ordered: true, .. }) => after_list = true,
            Item::Block(Block::Paragraph { .. }) if after_list && definition(item).is_none() => {
                return j;
            }
            Item::Break(_) => after_list = false,
            Item::Heading { .. } | Item::Block(_) | Item::FootnoteDef { .. } => {}
        }
    }
    items.len()
}

/// Where a page's notes stand relative to its page break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Foot {
    /// The notes follow the break (they were printed at the foot of the page before it).
    AfterBreak,
    /// The notes come before the break, as printed.
    BeforeBreak,
}

/// Which side of the breaks the runs of definitions stand on, by majority.
fn foot_side(items: &[Item]) -> Foot {
    let (mut after, mut before) = (0, 0);
    let mut i = 0;
    while i < items.len() {
        if definition(&items[i]).is_none() {
            i += 1;
            continue;
        }
        let start = i;
        while i < items.len() && definition(&items[i]).is_some() {
            i += 1;
        }
        if start > 0 && matches!(items[start - 1], Item::Break(_)) {
            after += 1;
        }
        if matches!(items.get(i), Some(Item::Break(_))) {
            before += 1;
        }
    }
    if before > after {
        Foot::BeforeBreak
    } else {
        Foot::AfterBreak
    }
}

/// Takes the definitions at the page feet out of the body. Each remaining break becomes a
/// [`Block::PageBreak`] (the rejoin pass mends what it split); a note cut by a break gets
/// its continuation, with a break between for the same pass to mend.
fn take_page_feet(items: Vec<Item>, notes: &mut Vec<Footnote>, scan: &mut NoteScan) -> Vec<Item> {
    let side = foot_side(&items);
    let before = notes.len();
    let mut page = 0usize;
    // (index into `notes`, page its foot belongs to)
    let mut note_pages: Vec<(usize, usize)> = Vec::new();
    let mut out: Vec<Item> = Vec::with_capacity(items.len());
    let mut i = 0;
    while i < items.len() {
        if let Item::Break(span) = items[i] {
            page += 1;
            out.push(Item::Block(Block::PageBreak { span }));
            i += 1;
            if side == Foot::AfterBreak {
                i = continue_after_break(&items, i, span, notes, &mut out);
            }
            continue;
        }
        if let Some((label, content, span)) = definition(&items[i]) {
            let run_starts = i == 0 || definition(&items[i - 1]).is_none();
            if run_starts && breakless_run(&items, i) {
                // An extractor that drops running heads and page numbers (MinerU, marker)
                // leaves a page's notes as the only sign of its end: the run is the break.
                out.push(Item::Block(Block::PageBreak { span }));
                page += 1;
            }
            if side == Foot::BeforeBreak && run_starts {
                continue_before_run(&mut out, notes, before);
            }
            notes.push(new_note(label, content, span));
            let foot_page = match side {
                Foot::AfterBreak => page.saturating_sub(1),
                Foot::BeforeBreak => page,
            };
            let foot_page = if breakless_run(&items, run_start(&items, i)) {
                page.saturating_sub(1)
            } else {
                foot_page
            };
            note_pages.push((notes.len() - 1, foot_page));
        } else {
            out.push(items[i].clone());
        }
        i += 1;
    }
    scan.at_page_foot += notes.len() - before;
    if restarts(notes, &note_pages) {
        scan.restarts_per_page = true;
        qualify_by_page(&mut out, notes, &note_pages);
    }
    out
}

/// Where the run of definitions holding item `i` starts.
fn run_start(items: &[Item], mut i: usize) -> usize {
    while i > 0 && definition(&items[i - 1]).is_some() {
        i -= 1;
    }
    i
}

/// Does the run of definitions starting at `start` stand inside the body with no break on
/// either side, and text on both?
fn breakless_run(items: &[Item], start: usize) -> bool {
    let mut end = start;
    while end < items.len() && definition(&items[end]).is_some() {
        end += 1;
    }
    let body = |item: Option<&Item>| matches!(item, Some(Item::Block(_)));
    start > 0 && body(items.get(start - 1)) && body(items.get(end))
}

/// After a break with the notes standing after it: unmarked paragraphs before the first
/// marked one continue the previous note (as does a first paragraph when the previous note
/// stops mid-sentence and no marked note follows). Returns where the body resumes.
fn continue_after_break(
    items: &[Item],
    i: usize,
    span: Span,
    notes: &mut [Footnote],
    out: &mut Vec<Item>,
) -> usize {
    let unfinished = notes.last().is_some_and(note_unfinished);
    let run_end = (i..items.len())
        .find(|&j| {
            !matches!(
                &items[j],
                Item::Block(Block::Paragraph { .. } | Block::List { .. })
            )
        })
        .unwrap_or(items.len());
    let first_marked = (i..run_end).find(|&j| definition(&items[j]).is_some());
    let continued = match first_marked {
        Some(m) if !notes.is_empty() => m,
        Some(_) => i,
        None if i < run_end && unfinished => i + 1,
        None => i,
    };
    match notes.last_mut() {
        Some(prev) if i < continued => {
            prev.blocks.push(Block::PageBreak { span });
            for item in &items[i..continued] {
                if let Item::Block(b) = item {
                    prev.blocks.push(super::unlist_number_line(b.clone()));
                }
            }
        }
        Some(_) => {}
        None => out.extend(items[i..continued].iter().cloned()),
    }
    continued
}

/// With the notes before the break: when the previous page's last note stopped mid-sentence,
/// the unmarked paragraph just before this page's first note is its continuation if it reads
/// as one (it does not start with a capital).
fn continue_before_run(out: &mut Vec<Item>, notes: &mut [Footnote], first_note: usize) {
    if notes.len() <= first_note || !notes.last().is_some_and(note_unfinished) {
        return;
    }
    let Some(Item::Block(Block::Paragraph { content, .. })) = out.last() else {
        return;
    };
    let starts_capital = plain_text(content)
        .trim_start()
        .chars()
        .next()
        .is_some_and(char::is_uppercase);
    if starts_capital {
        return;
    }
    let Some(Item::Block(block)) = out.pop() else {
        return;
    };
    if let Some(prev) = notes.last_mut() {
        prev.blocks.push(Block::PageBreak { span: block.span() });
        prev.blocks.push(block);
    }
}

/// Did the page-foot numbering start again on a later page (1, 2, 1, 2, 3)?
fn restarts(notes: &[Footnote], note_pages: &[(usize, usize)]) -> bool {
    let mut seen = HashSet::new();
    let mut dup = false;
    for &(n, _) in note_pages {
        dup |= !seen.insert(notes[n].label.clone());
    }
    dup && note_pages
        .windows(2)
        .any(|w| w[1].1 > w[0].1 && notes[w[1].0].label == "1")
}

/// Numbering that restarts on every page: labels become "N (page P)", for definitions and
/// for the references on the same page.
fn qualify_by_page(out: &mut [Item], notes: &mut [Footnote], note_pages: &[(usize, usize)]) {
    for &(n, page) in note_pages {
        notes[n].label = page_label(&notes[n].label, page);
    }
    let mut page = 0;
    for item in out.iter_mut() {
        match item {
            Item::Block(Block::PageBreak { .. }) => page += 1,
            Item::Block(block) => relabel_refs(std::slice::from_mut(block), page),
            Item::Heading { content, .. } => {
                crate::model::visit_inlines_mut(content, &mut |i| relabel(i, page))
            }
            Item::Break(_) | Item::FootnoteDef { .. } => {}
        }
    }
}

fn relabel_refs(blocks: &mut [Block], page: usize) {
    crate::model::visit_block_inlines_mut(blocks, &mut |i| relabel(i, page));
}

fn relabel(inline: &mut Inline, page: usize) {
    if let Inline::FootnoteRef { label, .. } = inline {
        *label = page_label(label, page);
    }
}

fn page_label(label: &str, page: usize) -> String {
    format!("{label} (page {})", page + 1)
}

/// A note whose text stops without closing punctuation probably continues on the next page.
fn note_unfinished(note: &Footnote) -> bool {
    match note.blocks.last() {
        Some(Block::Paragraph { content, .. }) => !ends_sentence(content),
        _ => false,
    }
}

/// Turns marker candidates in the body's text into references: a marker is one when every
/// number it names has a note, or when it carries on the sequence of references so far.
fn link_markers(items: &mut [Item], notes: &[Footnote], scan: &mut NoteScan) {
    let defined: HashSet<&str> = notes.iter().map(|n| n.label.as_str()).collect();
    let restarted = scan.restarts_per_page;
    let mut last = 0u32;
    let mut page = 0usize;
    for item in items.iter_mut() {
        let blocks: &mut [Block] = match item {
            Item::Block(Block::PageBreak { .. }) => {
                page += 1;
                continue;
            }
            Item::Block(b) => std::slice::from_mut(b),
            Item::Heading { .. } | Item::Break(_) | Item::FootnoteDef { .. } => continue,
        };
        visit_inline_lists_mut(blocks, &mut |inlines| {
            let mut out = Vec::with_capacity(inlines.len());
            for inline in inlines.drain(..) {
                let Inline::Text { text } = &inline else {
                    if let Inline::FootnoteRef { label, .. } = &inline
                        && let Ok(n) = label.split(' ').next().unwrap_or("").parse::<u32>()
                    {
                        last = n;
                    }
                    out.push(inline);
                    continue;
                };
                for piece in markers::scan(text) {
                    match piece {
                        Piece::Text(t) => out.push(Inline::text(t)),
                        Piece::Marker(m) => {
                            let label = |n: u32| {
                                if restarted {
                                    page_label(&n.to_string(), page)
                                } else {
                                    n.to_string()
                                }
                            };
                            let known = m
                                .numbers
                                .iter()
                                .all(|&n| defined.contains(label(n).as_str()));
                            let in_sequence = last > 0 && m.numbers.first() == Some(&(last + 1));
                            if known || in_sequence {
                                scan.forms.insert(m.form);
                                // `grew [1] as`: the reference belongs to the word before it.
                                if let Some(Inline::Text { text }) = out.last_mut() {
                                    let kept = text.trim_end().len();
                                    text.truncate(kept);
                                }
                                for &n in &m.numbers {
                                    out.push(reference(label(n), Span::default()));
                                }
                                last = *m.numbers.last().unwrap_or(&last);
                            } else {
                                out.push(Inline::text(m.raw));
                            }
                        }
                    }
                }
            }
            *inlines = merge_text(out);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;
    use crate::read::markdown::{Converter, Style};

    fn items(text: &str) -> Vec<Item> {
        let mut d = Diagnostics::new();
        let (text, _) = super::super::pages::normalise_pages(text);
        Converter::new(Style::Extracted, &mut d, 32).convert(&text)
    }

    fn body_texts(items: &[Item]) -> Vec<String> {
        items
            .iter()
            .filter_map(|i| match i {
                Item::Block(Block::Paragraph { content, .. }) => Some(plain_text(content)),
                _ => None,
            })
            .collect()
    }

    fn note_texts(notes: &[Footnote]) -> Vec<(String, String)> {
        notes
            .iter()
            .map(|n| (n.label.clone(), crate::model::blocks_plain_text(&n.blocks)))
            .collect()
    }

    fn refs(items: &[Item]) -> Vec<String> {
        let mut out = Vec::new();
        for it in items {
            if let Item::Block(b) = it {
                let mut b = b.clone();
                crate::model::visit_block_inlines_mut(std::slice::from_mut(&mut b), &mut |i| {
                    if let Inline::FootnoteRef { label, .. } = i {
                        out.push(label.clone());
                    }
                });
            }
        }
        out
    }

    #[test]
    fn a_run_of_notes_with_no_break_beside_it_is_the_pages_end() {
        let it = items(
            "Storage helped.$^{1}$ The pattern holds for each of\n\n$^{1}$ Office, 2023.\n\n\
             $^{2}$ Survey, 2024.\n\nthem in winter.$^{2}$\n",
        );
        let mut notes = Vec::new();
        let rest = collect(it, &mut notes, &mut NoteScan::default());
        assert_eq!(
            note_texts(&notes),
            [
                ("1".into(), "Office, 2023.".into()),
                ("2".into(), "Survey, 2024.".into())
            ]
        );
        // Body, the break the notes stood for (the rejoin pass mends the split), body.
        assert!(
            matches!(
                &rest[..],
                [
                    Item::Block(Block::Paragraph { .. }),
                    Item::Block(Block::PageBreak { .. }),
                    Item::Block(Block::Paragraph { .. })
                ]
            ),
            "{rest:?}"
        );
        assert_eq!(refs(&rest), ["1", "2"]);
        // Notes that end the text, or stand by a break already, add none.
        let at_end = collect(
            items("Text.$^{1}$\n\n$^{1}$ Office.\n"),
            &mut Vec::new(),
            &mut NoteScan::default(),
        );
        assert_eq!(at_end.len(), 1, "{at_end:?}");
    }

    #[test]
    fn notes_are_collected_after_breaks() {
        let it = items(
            "Body.<sup>1</sup>\n\n---\n\n<sup>1</sup> Note one,\n\nnext page body.\n\n---\n\ncontinued.\n\n<sup>2</sup> Two.\n\nMore body.\n",
        );
        let mut notes = Vec::new();
        let rest = collect(it, &mut notes, &mut NoteScan::default());
        assert_eq!(notes.len(), 2);
        assert_eq!(notes[0].label, "1");
        // Note 1: its text, the page break, the continuation (the rejoin pass mends it).
        assert_eq!(notes[0].blocks.len(), 3);
        assert!(matches!(notes[0].blocks[1], Block::PageBreak { .. }));
        let body: Vec<String> = rest
            .iter()
            .filter_map(|i| match i {
                Item::Block(Block::Paragraph { content, .. }) => Some(plain_text(content)),
                _ => None,
            })
            .collect();
        assert_eq!(body, ["Body.", "next page body.", "More body."]);
    }

    #[test]
    fn note_continued_by_a_number_line_is_not_a_list() {
        let it = items(
            "Body.<sup>1</sup>\n\n---\n\n<sup>1</sup> A report, Hamburg,\n\nMore body.\n\n---\n\n2022.\n\nLast body.\n",
        );
        let mut notes = Vec::new();
        let rest = collect(it, &mut notes, &mut NoteScan::default());
        let texts: Vec<String> = notes[0]
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph { content, .. } => Some(plain_text(content)),
                _ => None,
            })
            .collect();
        assert_eq!(texts, ["A report, Hamburg,", "2022."]);
        assert!(
            !rest
                .iter()
                .any(|i| matches!(i, Item::Block(Block::List { .. })))
        );
    }

    #[test]
    fn a_note_that_is_only_a_link_is_a_note() {
        let it = items(
            "A firm² went bankrupt.\n\n² https://example.org/news/2022-12-01/\n\n---\n\nMore text.\n",
        );
        let mut notes = Vec::new();
        let mut scan = NoteScan::default();
        let rest = collect(it, &mut notes, &mut scan);
        assert_eq!(refs(&rest), ["2"]);
        assert_eq!(notes.len(), 1);
        assert!(matches!(
            notes[0].blocks[0],
            Block::Paragraph { ref content, .. } if matches!(content.first(), Some(Inline::Link { .. }))
        ));
    }

    #[test]
    fn unicode_superscript_notes_at_the_page_foot_before_the_break() {
        let it = items(
            "Prices rose.¹ Costs fell.²³\n\n¹ First source.\n² Second source.\n\n---\n\nMore text.⁴\n\n²³ Late source.\n⁴ Fourth.\n",
        );
        let mut notes = Vec::new();
        let mut scan = NoteScan::default();
        let rest = collect(it, &mut notes, &mut scan);
        let labels: Vec<String> = notes.iter().map(|n| n.label.clone()).collect();
        assert_eq!(labels, ["1", "2", "23", "4"]);
        assert_eq!(refs(&rest), ["1", "23", "4"]);
        assert_eq!(
            body_texts(&rest),
            ["Prices rose. Costs fell.", "More text."]
        );
        assert!(scan.forms.contains(&MarkerForm::Superscript));
    }

    #[test]
    fn bracket_markers_link_only_to_notes_that_exist() {
        let it = items(
            "Trade grew [1] as Article [3] says, and [2].\n\n## Notes\n\n[1] One.\n\n[2] Two.\n",
        );
        let mut notes = Vec::new();
        let rest = collect(it, &mut notes, &mut NoteScan::default());
        assert_eq!(
            note_texts(&notes),
            [("1".into(), "One.".into()), ("2".into(), "Two.".into())]
        );
        assert_eq!(refs(&rest), ["1", "2"]);
        assert_eq!(body_texts(&rest), ["Trade grew as Article [3] says, and."]);
        assert!(
            !rest.iter().any(|i| matches!(i, Item::Heading { .. })),
            "the Notes heading leaves the body"
        );
    }

    #[test]
    fn an_endnotes_list_becomes_the_notes() {
        let it = items(
            "Text.^1^ More.^2^\n\n## Endnotes\n\n1. Alpha source.\n2. Beta source.\n\n## About the Author\n\nBio.\n",
        );
        let mut notes = Vec::new();
        let mut scan = NoteScan::default();
        let rest = collect(it, &mut notes, &mut scan);
        assert_eq!(
            note_texts(&notes),
            [
                ("1".into(), "Alpha source.".into()),
                ("2".into(), "Beta source.".into())
            ]
        );
        assert_eq!(refs(&rest), ["1", "2"]);
        assert_eq!(scan.in_end_section, 2);
        assert!(
            matches!(&rest[1], Item::Heading { .. }),
            "back matter stays: {rest:?}"
        );
    }

    #[test]
    fn a_notes_heading_over_markdown_definitions_leaves_the_body() {
        let it = items("Text.[^1]\n\n## Notes\n\n[^1]: One.\n");
        let rest = collect(it, &mut Vec::new(), &mut NoteScan::default());
        assert!(
            !rest.iter().any(|i| matches!(i, Item::Heading { .. })),
            "{rest:?}"
        );
        assert!(rest.iter().any(|i| matches!(i, Item::FootnoteDef { .. })));
    }

    #[test]
    fn back_matter_after_a_notes_list_is_not_a_note() {
        let it = items(
            "Text.^1^\n\n## Footnotes\n\n1. Alpha.\n\nThe Lab is a think tank.\n\n© The Lab 2024\n",
        );
        let mut notes = Vec::new();
        let rest = collect(it, &mut notes, &mut NoteScan::default());
        assert_eq!(note_texts(&notes), [("1".into(), "Alpha.".into())]);
        assert_eq!(
            body_texts(&rest),
            ["Text.", "The Lab is a think tank.", "© The Lab 2024"]
        );
    }

    #[test]
    fn a_plain_bibliography_is_not_taken_for_notes() {
        let it = items("Text.\n\n## References\n\nSmith, J. (2020). A book.\n");
        let mut notes = Vec::new();
        let rest = collect(it, &mut notes, &mut NoteScan::default());
        assert!(notes.is_empty());
        assert_eq!(rest.len(), 3);
    }

    #[test]
    fn numbering_that_restarts_on_every_page_is_told_apart() {
        let it = items(
            "Alpha.<sup>1</sup> Beta.<sup>2</sup>\n\n<sup>1</sup> A.\n\n<sup>2</sup> B.\n\n---\n\nGamma.<sup>1</sup>\n\n<sup>1</sup> C.\n\n---\n\nEnd.\n",
        );
        let mut notes = Vec::new();
        let mut scan = NoteScan::default();
        let rest = collect(it, &mut notes, &mut scan);
        assert!(scan.restarts_per_page);
        assert_eq!(
            note_texts(&notes),
            [
                ("1 (page 1)".into(), "A.".into()),
                ("2 (page 1)".into(), "B.".into()),
                ("1 (page 2)".into(), "C.".into())
            ]
        );
        assert_eq!(refs(&rest), ["1 (page 1)", "2 (page 1)", "1 (page 2)"]);
    }
}
