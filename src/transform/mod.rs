//! Passes that fix the model up once, between readers and writers, so that no writer has to
//! (and no two writers can disagree): rejoining paragraphs a page break split, dropping unsafe
//! link targets, unnesting links, moving tables' captions into their tables, numbering notes
//! in order of first reference, and giving every section and heading a stable unique id.

mod captions;

use crate::diag::Diagnostics;
use crate::model::text::{clean_char, ends_sentence, merge_text, shorten, slug, starts_lowercase};
use crate::model::url::{safe_image_url, safe_url};
use crate::model::{
    Block, Document, Footnote, Inline, Part, Section, Span, VisitMut, plain_text,
    visit_inline_list_mut, visit_strings_mut, walk_mut,
};
use std::collections::{BTreeMap, HashSet};
use unicode_normalization::UnicodeNormalization;

/// What the passes mended, for the check report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mended {
    /// Paragraphs and list items a page break had split, joined again.
    pub rejoined: usize,
    /// Note labels referenced but not defined.
    pub undefined_refs: Vec<String>,
    /// Note labels defined but never referenced.
    pub unused_defs: Vec<String>,
}

/// Runs every pass in order.
pub fn run(doc: &mut Document, diags: &mut Diagnostics) -> Mended {
    let mut report = Mended::default();
    clean_strings(doc, diags);
    let mut rejoin = Rejoin { joined: 0 };
    rejoin.visit_document(doc);
    report.rejoined += rejoin.joined;
    SafeTargets { diags }.visit_document(doc);
    FlatLinks { diags }.visit_document(doc);
    captions::attach_captions(doc);
    number_notes(doc, diags, &mut report);
    assign_ids(doc);
    doc.sections
        .retain(|s| s.title.is_some() || !s.blocks.is_empty());
    report
}

// ---------------------------------------------------------------------------------------------
// Characters no output can carry

fn needs_cleaning(s: &str) -> bool {
    s.chars().any(|c| clean_char(c) != Some(c))
}

/// Removes characters that XML, HTML or PDF text cannot carry from every string of the model
/// (escapes in YAML can produce them after decoding), and replaces private-use characters.
/// One warning says what happened.
fn clean_strings(doc: &mut Document, diags: &mut Diagnostics) {
    let mut changed = false;
    let mut fix = |s: &mut String| {
        if needs_cleaning(s) {
            changed = true;
            *s = s.chars().filter_map(clean_char).collect();
        }
        // W3C character model: text is exchanged in Normalization Form C (composed é, not
        // e + combining accent), which validators expect and search engines match.
        if !unicode_normalization::is_nfc(s) {
            *s = s.nfc().collect();
        }
    };
    visit_strings_mut(doc, &mut |s, _kind| fix(s));
    if changed {
        diags.warn(
            doc.meta.title_span,
            "control characters, noncharacters and bidi overrides are removed, and private-use characters replaced (no output format can show them)",
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Rejoining page-split paragraphs

/// A whole-bold or whole-italic short line stands alone (a run-in heading), never continued.
fn is_pseudo_heading(content: &[Inline]) -> bool {
    content.len() == 1
        && matches!(content[0], Inline::Strong { .. })
        && plain_text(content).split_whitespace().count() <= 12
}

/// Should the paragraph after a page break continue the one before it?
pub fn continues(before: &[Inline], after: &[Inline]) -> bool {
    if before.is_empty() || after.is_empty() || is_pseudo_heading(before) {
        return false;
    }
    !ends_sentence(before) || starts_lowercase(after)
}

fn join_inlines(before: &mut Vec<Inline>, after: Vec<Inline>) {
    let hyphenated = plain_text(before).ends_with(['-', '‐']);
    if !hyphenated {
        before.push(Inline::text(" "));
    }
    before.extend(after);
    let merged = merge_text(std::mem::take(before));
    *before = merged;
}

/// Rejoins every list of blocks in the document, nested lists (quotes, list items) first.
struct Rejoin {
    joined: usize,
}

impl VisitMut for Rejoin {
    fn visit_blocks(&mut self, blocks: &mut Vec<Block>) {
        walk_mut::blocks(self, blocks);
        self.joined += rejoin_list(blocks);
    }
    /// Page breaks are blocks: nothing inside text to mend.
    fn visit_inlines(&mut self, _inlines: &mut Vec<Inline>) {}
}

/// Removes page breaks from `blocks` and every list nested in it, mending what they split:
/// a paragraph (or the last list item) cut in two is joined; lists either side of a break
/// become one list. Returns how many joins.
pub fn rejoin(blocks: &mut Vec<Block>) -> usize {
    let mut rejoin = Rejoin { joined: 0 };
    rejoin.visit_blocks(blocks);
    rejoin.joined
}

/// [`rejoin`] for one list, whose nested lists are already mended.
fn rejoin_list(blocks: &mut Vec<Block>) -> usize {
    let mut joined = 0;
    if !blocks.iter().any(|b| matches!(b, Block::PageBreak { .. })) {
        return joined;
    }
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut after_break = false;
    // A list whose last item just took the text after a break: the items that follow that
    // text are the rest of the same list, not a new one.
    let mut list_resumed = false;
    for block in std::mem::take(blocks) {
        if let Block::PageBreak { .. } = block {
            after_break = true;
            continue;
        }
        if list_resumed {
            list_resumed = false;
            if let (
                Some(Block::List {
                    ordered: o1,
                    items: items1,
                    tight: t1,
                    ..
                }),
                Block::List {
                    ordered: o2,
                    items: items2,
                    tight: t2,
                    ..
                },
            ) = (out.last_mut(), &block)
                && *o1 == *o2
            {
                items1.extend(items2.iter().cloned());
                *t1 = *t1 && *t2;
                continue;
            }
        }
        if after_break {
            after_break = false;
            if let Some(prev) = out.last_mut() {
                let list_then_text =
                    matches!(prev, Block::List { .. }) && matches!(block, Block::Paragraph { .. });
                if let Some(rest) = try_join(prev, block.clone()) {
                    joined += 1;
                    match rest {
                        Some(rest) => out.push(rest),
                        None => list_resumed = list_then_text,
                    }
                    continue;
                }
            }
        }
        out.push(block);
    }
    *blocks = out;
    joined
}

/// Joins `next` into `prev` if a page break split them. `Some(None)`: fully merged;
/// `Some(Some(b))`: partly merged, `b` follows; `None`: they stay apart.
fn try_join(prev: &mut Block, next: Block) -> Option<Option<Block>> {
    match (prev, next) {
        (
            Block::Paragraph {
                content: before, ..
            },
            Block::Paragraph { content: after, .. },
        ) => {
            if continues(before, &after) {
                join_inlines(before, after);
                Some(None)
            } else {
                None
            }
        }
        (
            Block::List {
                ordered: o1,
                items: items1,
                tight: t1,
                ..
            },
            Block::List {
                ordered: o2,
                items: mut items2,
                tight: t2,
                ..
            },
        ) if *o1 == o2 => {
            // The item the break cut is continued by the first item after it.
            let cut = match (
                items1.last().and_then(|i| i.last()),
                items2.first().and_then(|i| i.first()),
            ) {
                (
                    Some(Block::Paragraph { content: a, .. }),
                    Some(Block::Paragraph { content: b, .. }),
                ) => !ends_sentence(a) && starts_lowercase(b),
                _ => false,
            };
            if cut {
                let mut first = items2.remove(0);
                let head = first.remove(0);
                if let (
                    Some(Some(Block::Paragraph { content: a, .. })),
                    Block::Paragraph { content: b, .. },
                ) = (items1.last_mut().map(|i| i.last_mut()), head)
                {
                    join_inlines(a, b);
                }
                if let Some(last) = items1.last_mut() {
                    last.extend(first);
                }
            }
            items1.extend(items2);
            *t1 = *t1 && t2;
            Some(None)
        }
        (
            Block::List { items, .. },
            Block::Paragraph {
                content: after,
                span,
            },
        ) => {
            // A list item whose text runs on after the break, as an unindented paragraph.
            match items.last_mut().and_then(|i| i.last_mut()) {
                Some(Block::Paragraph {
                    content: before, ..
                }) if !ends_sentence(before) && starts_lowercase(&after) => {
                    join_inlines(before, after);
                    Some(None)
                }
                _ => {
                    let _ = span;
                    None
                }
            }
        }
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Link targets

/// Drops link targets and image sources that could run code or reach outside the brief's
/// folder, everywhere in the document (titles and the copyright line included), keeping the
/// link's text.
struct SafeTargets<'d> {
    diags: &'d mut Diagnostics,
}

impl VisitMut for SafeTargets<'_> {
    fn visit_block(&mut self, block: &mut Block) {
        if let Block::Image { url, span, .. } = block
            && !safe_image_url(url)
        {
            self.diags.warn(
                *span,
                format!(
                    "image `{}` must be a relative path inside the brief's folder; it is left out",
                    shorten(url, 61)
                ),
            );
            url.clear();
        }
        walk_mut::block(self, block)
    }

    fn visit_inlines(&mut self, inlines: &mut Vec<Inline>) {
        walk_mut::inlines(self, inlines);
        let mut out = Vec::with_capacity(inlines.len());
        for inline in std::mem::take(inlines) {
            match inline {
                Inline::Link {
                    url, content, span, ..
                } if !safe_url(&url) => {
                    self.diags.warn(
                        span,
                        format!("link target `{}` is not http(s), mailto, a fragment or a relative path; the link is dropped and its text kept", shorten(&url, 61)),
                    );
                    out.extend(content);
                }
                other => out.push(other),
            }
        }
        *inlines = merge_text(out);
    }
}

/// Gives links plain text. HTML forbids `<a>` inside `<a>`, and a reader cannot follow two
/// targets at once, yet Markdown readers can build both:
/// - a link inside another's text (comrak does for `[[t](u)[^x](\[t](v)` when note `x` is
///   undefined) keeps only its text; the outer target is kept, as it covers the whole text;
/// - a note reference inside a link's text (`[the report[^2]](u)`) moves to just after the
///   link, where the marker stays next to the words it annotates.
struct FlatLinks<'d> {
    diags: &'d mut Diagnostics,
}

impl VisitMut for FlatLinks<'_> {
    fn visit_inlines(&mut self, inlines: &mut Vec<Inline>) {
        walk_mut::inlines(self, inlines);
        if !inlines.iter().any(|i| matches!(i, Inline::Link { .. })) {
            return;
        }
        let mut out = Vec::with_capacity(inlines.len());
        for inline in std::mem::take(inlines) {
            let Inline::Link {
                url,
                title,
                mut content,
                span,
            } = inline
            else {
                out.push(inline);
                continue;
            };
            if let Some(inner) = unwrap_links(&mut content).first() {
                self.diags.warn(
                    *inner,
                    "a link inside another link's text keeps only its text".to_string(),
                );
            }
            let notes = take_note_refs(&mut content);
            if plain_text(&content).trim().is_empty() {
                // The link's text was only note markers: its address becomes its text.
                content = vec![Inline::text(url.clone())];
            }
            out.push(Inline::Link {
                url,
                title,
                content,
                span,
            });
            out.extend(notes);
        }
        *inlines = out;
    }
}

/// Takes every note reference out of `content`, at any depth, in reading order.
fn take_note_refs(content: &mut Vec<Inline>) -> Vec<Inline> {
    let mut take = TakeNoteRefs(Vec::new());
    take.visit_inlines(content);
    take.0
}

/// The [`VisitMut`] behind [`take_note_refs`]: what it takes, in reading order.
struct TakeNoteRefs(Vec<Inline>);

impl VisitMut for TakeNoteRefs {
    fn visit_inlines(&mut self, inlines: &mut Vec<Inline>) {
        let mut kept = Vec::with_capacity(inlines.len());
        for mut inline in std::mem::take(inlines) {
            if matches!(inline, Inline::FootnoteRef { .. }) {
                self.0.push(inline);
            } else {
                walk_mut::inline(self, &mut inline);
                kept.push(inline);
            }
        }
        *inlines = merge_text(kept);
    }
}

/// Replaces every link inside `content`, at any depth, by its text; returns where each was.
fn unwrap_links(content: &mut Vec<Inline>) -> Vec<Span> {
    let mut spans = Vec::new();
    visit_inline_list_mut(content, &mut |list| {
        while list.iter().any(|i| matches!(i, Inline::Link { .. })) {
            let mut out = Vec::with_capacity(list.len());
            for inline in std::mem::take(list) {
                match inline {
                    Inline::Link { content, span, .. } => {
                        spans.push(span);
                        out.extend(content);
                    }
                    other => out.push(other),
                }
            }
            *list = merge_text(out);
        }
    });
    spans
}

// ---------------------------------------------------------------------------------------------
// Notes

/// Numbers notes 1..n in order of first reference; warns about references without a note
/// (dropped), notes never referenced (left out) and notes defined twice (the first wins).
fn number_notes(doc: &mut Document, diags: &mut Diagnostics, report: &mut Mended) {
    // Definitions by label; the first definition wins.
    let mut defs: BTreeMap<String, Footnote> = BTreeMap::new();
    for note in std::mem::take(&mut doc.footnotes) {
        if defs.contains_key(&note.label) {
            diags.warn(
                note.span,
                format!(
                    "note `{}` is defined twice; the first definition is used",
                    note.label
                ),
            );
        } else {
            defs.insert(note.label.clone(), note);
        }
    }
    let mut n = Numbering {
        defined: defs.keys().cloned().collect(),
        order: Vec::new(),
        missing: Vec::new(),
    };
    // The notes are out of the document now: this numbers the references of everything
    // else, in reading order.
    n.visit_document(doc);
    // Notes may cite other notes; those get numbers after the body's.
    let mut k = 0;
    while k < n.order.len() {
        let label = n.order[k].clone();
        if let Some(mut note) = defs.remove(&label) {
            n.visit_blocks(&mut note.blocks);
            note.number = k as u32 + 1;
            doc.footnotes.push(note);
        }
        k += 1;
    }
    let missing = n.missing;
    for (span, label) in missing {
        if !report.undefined_refs.contains(&label) {
            report.undefined_refs.push(label.clone());
        }
        diags.warn(
            span,
            format!("note `{label}` is referenced but not defined; the reference is dropped"),
        );
    }
    for note in defs.values() {
        report.unused_defs.push(note.label.clone());
        diags.warn(
            note.span,
            format!(
                "note `{}` is defined but never referenced; it is left out",
                note.label
            ),
        );
    }
    DropUnnumbered.visit_document(doc);
    doc.footnotes.sort_by_key(|n| n.number);
}

/// Gives each note reference the number of its note in order of first reference, and
/// collects references to notes that do not exist.
struct Numbering {
    defined: HashSet<String>,
    order: Vec<String>,
    missing: Vec<(Span, String)>,
}

impl VisitMut for Numbering {
    fn visit_inline(&mut self, inline: &mut Inline) {
        if let Inline::FootnoteRef {
            number,
            label,
            repeat,
            span,
        } = inline
        {
            if !self.defined.contains(label.as_str()) {
                self.missing.push((*span, label.clone()));
                *number = 0;
                return;
            }
            let seen = self.order.iter().position(|l| l == label);
            *repeat = seen.is_some();
            let pos = match seen {
                Some(p) => p,
                None => {
                    self.order.push(label.clone());
                    self.order.len() - 1
                }
            };
            *number = pos as u32 + 1;
        }
        walk_mut::inline(self, inline)
    }
}

/// Drops the references left unnumbered, and a paragraph that held nothing else: an empty
/// paragraph would print as an empty line (and Typst's template has no text to measure).
struct DropUnnumbered;

impl VisitMut for DropUnnumbered {
    fn visit_blocks(&mut self, blocks: &mut Vec<Block>) {
        blocks.retain(|b| {
            !matches!(b, Block::Paragraph { content, .. }
                if content.iter().all(is_unnumbered_or_blank))
        });
        walk_mut::blocks(self, blocks)
    }

    fn visit_inlines(&mut self, inlines: &mut Vec<Inline>) {
        inlines.retain(|i| !matches!(i, Inline::FootnoteRef { number: 0, .. }));
        walk_mut::inlines(self, inlines)
    }
}

/// A reference to no note, or white space: what is left of a paragraph citing only such.
fn is_unnumbered_or_blank(inline: &Inline) -> bool {
    matches!(inline, Inline::FootnoteRef { number: 0, .. })
        || matches!(inline, Inline::Text { text } if text.trim().is_empty())
}

// ---------------------------------------------------------------------------------------------
// Ids

/// Gives every section and every heading a stable id, unique in the document: headings in
/// quotes, list items, notes and the back matter too, since every writer prints an id for
/// each. Ids the writers mint themselves (`fn-N`, `fnref-N`, `summary`…) never collide,
/// because these all start `sec-`.
fn assign_ids(doc: &mut Document) {
    UniqueIds {
        used: HashSet::new(),
        prefix: String::new(),
    }
    .visit_document(doc)
}

struct UniqueIds {
    used: HashSet<String>,
    /// The id of the part being walked; a heading's id is this plus its own slug.
    prefix: String,
}

impl UniqueIds {
    fn unique(&mut self, base: String) -> String {
        let mut id = base.clone();
        let mut n = 2;
        while !self.used.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }
}

impl VisitMut for UniqueIds {
    fn visit_section(&mut self, index: usize, section: &mut Section) {
        let base = match &section.title {
            Some(t) if !slug(&plain_text(t)).is_empty() => format!("sec-{}", slug(&plain_text(t))),
            Some(_) => format!("sec-{}", index + 1),
            None => "sec-introduction".to_string(),
        };
        section.id = self.unique(base);
        self.prefix = section.id.clone();
        walk_mut::section(self, index, section)
    }

    fn visit_part(&mut self, part: Part, blocks: &mut Vec<Block>) {
        match part {
            Part::Section(_) => {}
            Part::Summary => self.prefix = "sec-summary".into(),
            Part::Note(i) => self.prefix = format!("sec-note-{}", i + 1),
            Part::Bio(i) => self.prefix = format!("sec-about-{}", i + 1),
            Part::Publisher => self.prefix = "sec-publisher".into(),
            Part::Disclaimer => self.prefix = "sec-disclaimer".into(),
        }
        self.visit_blocks(blocks)
    }

    fn visit_block(&mut self, block: &mut Block) {
        if let Block::Heading { content, id, .. } = block {
            let sl = slug(&plain_text(content));
            let base = format!(
                "{}-{}",
                self.prefix,
                if sl.is_empty() { "h" } else { sl.as_str() }
            );
            *id = self.unique(base);
        }
        walk_mut::block(self, block)
    }

    /// Ids belong to blocks; nothing inside text needs one.
    fn visit_inlines(&mut self, _inlines: &mut Vec<Inline>) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Vec<Inline> {
        vec![Inline::text(s)]
    }

    fn link(url: &str, content: Vec<Inline>) -> Inline {
        Inline::Link {
            url: url.into(),
            title: None,
            content,
            span: Span::new(1, 1),
        }
    }

    #[test]
    fn links_inside_a_links_text_at_any_depth_keep_only_their_text() {
        let mut content = vec![
            link("u", p("a")),
            Inline::Emph {
                content: vec![link("v", vec![link("w", p("b"))])],
            },
            Inline::text("c"),
        ];
        assert_eq!(unwrap_links(&mut content).len(), 3);
        assert_eq!(
            content,
            vec![
                Inline::text("a"),
                Inline::Emph { content: p("b") },
                Inline::text("c")
            ]
        );
        let mut plain = p("no links");
        assert!(unwrap_links(&mut plain).is_empty());
        assert_eq!(plain, p("no links"));
    }

    fn note(label: &str) -> Inline {
        Inline::FootnoteRef {
            number: 0,
            label: label.into(),
            repeat: false,
            span: Span::new(1, 1),
        }
    }

    #[test]
    fn note_references_leave_a_links_text_in_reading_order() {
        let mut para = vec![
            Inline::text("See "),
            link(
                "u",
                vec![
                    Inline::Emph {
                        content: vec![Inline::text("the "), note("x")],
                    },
                    Inline::text("report"),
                    note("y"),
                ],
            ),
            Inline::text(" now."),
        ];
        let mut diags = Diagnostics::new();
        FlatLinks { diags: &mut diags }.visit_inlines(&mut para);
        assert_eq!(
            para,
            vec![
                Inline::text("See "),
                link(
                    "u",
                    vec![Inline::Emph { content: p("the ") }, Inline::text("report")]
                ),
                note("x"),
                note("y"),
                Inline::text(" now."),
            ]
        );
        assert!(
            diags.into_sorted().is_empty(),
            "moving a note loses nothing"
        );
    }

    #[test]
    fn a_link_whose_text_was_only_a_note_marker_shows_its_address() {
        let mut para = vec![link("https://example.org/r", vec![note("1")])];
        let mut diags = Diagnostics::new();
        FlatLinks { diags: &mut diags }.visit_inlines(&mut para);
        assert_eq!(
            para,
            vec![
                link("https://example.org/r", p("https://example.org/r")),
                note("1")
            ]
        );
    }

    #[test]
    fn sentence_ends_look_through_notes_and_quotes() {
        assert!(ends_sentence(&[
            Inline::text("It ended."),
            Inline::FootnoteRef {
                number: 1,
                label: "1".into(),
                repeat: false,
                span: Span::default()
            }
        ]));
        assert!(ends_sentence(&p("He said “stop.”")));
        assert!(!ends_sentence(&p("Since its formation, the group")));
        assert!(!ends_sentence(&p("A Book, vol.")));
        assert!(!ends_sentence(&p("see pp.")));
        assert!(!ends_sentence(&p("by Colin P.")));
        assert!(ends_sentence(&p("in the U.S.")));
        assert!(ends_sentence(&p("It ended in 2024.")));
        assert!(continues(&p("A book, vol."), &p("3, 2020.")));
        assert!(!continues(&p("It rose."), &p("2024 was worse.")));
    }

    #[test]
    fn continuation_rules() {
        assert!(continues(&p("the group"), &p("has coined")));
        assert!(continues(&p("because of"), &p("Afghanistan, the North")));
        assert!(continues(&p("as noted in Fig."), &p("below, the trend")));
        assert!(!continues(&p("It ended."), &p("Apart from that")));
        assert!(!continues(
            &[Inline::Strong {
                content: p("Recommendations")
            }],
            &p("First, act")
        ));
    }

    #[test]
    fn rejoin_merges_split_paragraphs_and_lists() {
        let mut blocks = vec![
            Block::Paragraph {
                content: p("the group"),
                span: Span::default(),
            },
            Block::PageBreak {
                span: Span::default(),
            },
            Block::Paragraph {
                content: p("has coined"),
                span: Span::default(),
            },
            Block::List {
                ordered: true,
                start: None,
                tight: true,
                items: vec![vec![Block::Paragraph {
                    content: p("one of"),
                    span: Span::default(),
                }]],
            },
            Block::PageBreak {
                span: Span::default(),
            },
            Block::List {
                ordered: true,
                start: Some(2),
                tight: true,
                items: vec![
                    vec![Block::Paragraph {
                        content: p("many."),
                        span: Span::default(),
                    }],
                    vec![Block::Paragraph {
                        content: p("Two."),
                        span: Span::default(),
                    }],
                ],
            },
        ];
        rejoin(&mut blocks);
        assert_eq!(blocks.len(), 2);
        assert_eq!(
            crate::model::blocks_plain_text(&blocks[..1]),
            "the group has coined"
        );
        match &blocks[1] {
            Block::List { items, .. } => {
                assert_eq!(items.len(), 2);
                assert_eq!(crate::model::blocks_plain_text(&items[0]), "one of many.");
            }
            other => panic!("expected a list, got {other:?}"),
        }
    }

    #[test]
    fn list_resumed_after_a_continued_item_stays_one_list() {
        let item = |t: &str| {
            vec![Block::Paragraph {
                content: p(t),
                span: Span::default(),
            }]
        };
        let list = |items: Vec<Vec<Block>>| Block::List {
            ordered: false,
            start: None,
            tight: true,
            items,
        };
        let mut blocks = vec![
            list(vec![item("First."), item("Second is cut")]),
            Block::PageBreak {
                span: Span::default(),
            },
            Block::Paragraph {
                content: p("in two."),
                span: Span::default(),
            },
            list(vec![item("Third.")]),
            Block::Paragraph {
                content: p("After."),
                span: Span::default(),
            },
        ];
        rejoin(&mut blocks);
        assert_eq!(blocks.len(), 2);
        let Block::List { items, .. } = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(items.len(), 3);
        assert_eq!(
            crate::model::blocks_plain_text(&items[1]),
            "Second is cut in two."
        );
    }

    #[test]
    fn paragraphs_either_side_of_a_break_stay_apart() {
        let mut blocks = vec![
            Block::Paragraph {
                content: p("A finished thought."),
                span: Span::default(),
            },
            Block::PageBreak {
                span: Span::default(),
            },
            Block::Paragraph {
                content: p("A new one."),
                span: Span::default(),
            },
        ];
        rejoin(&mut blocks);
        assert_eq!(blocks.len(), 2);
        // Hyphenated words are joined without a space.
        assert!(continues(&p("a well-"), &p("known fact")));
        let mut a = p("a well-");
        join_inlines(&mut a, p("known fact"));
        assert_eq!(plain_text(&a), "a well-known fact");
    }

    #[test]
    fn notes_numbered_by_first_reference() {
        let r = |l: &str| Inline::FootnoteRef {
            number: 0,
            label: l.into(),
            repeat: false,
            span: Span::default(),
        };
        let note = |l: &str| Footnote {
            number: 0,
            label: l.into(),
            blocks: vec![Block::Paragraph {
                content: p(l),
                span: Span::default(),
            }],
            span: Span::default(),
        };
        let mut doc = Document {
            sections: vec![crate::model::Section {
                blocks: vec![Block::Paragraph {
                    content: vec![r("b"), r("a"), r("b"), r("zz")],
                    span: Span::default(),
                }],
                ..Default::default()
            }],
            footnotes: vec![note("a"), note("b"), note("unused"), note("a")],
            ..Default::default()
        };
        let mut d = Diagnostics::new();
        number_notes(&mut doc, &mut d, &mut Mended::default());
        let got: Vec<(u32, &str)> = doc
            .footnotes
            .iter()
            .map(|n| (n.number, n.label.as_str()))
            .collect();
        assert_eq!(got, [(1, "b"), (2, "a")]);
        let msgs: Vec<&str> = d.iter().map(|x| x.message.as_str()).collect();
        assert_eq!(msgs.len(), 3, "{msgs:?}");
        assert!(msgs.iter().any(|m| m.contains("`a` is defined twice")));
        assert!(
            msgs.iter()
                .any(|m| m.contains("`zz` is referenced but not defined"))
        );
        assert!(
            msgs.iter()
                .any(|m| m.contains("`unused` is defined but never referenced"))
        );
        let Block::Paragraph { content, .. } = &doc.sections[0].blocks[0] else {
            panic!()
        };
        assert_eq!(content.len(), 3, "the unresolved reference is dropped");
    }

    #[test]
    fn a_paragraph_citing_only_missing_notes_is_dropped_with_them() {
        let r = |l: &str| Inline::FootnoteRef {
            number: 0,
            label: l.into(),
            repeat: false,
            span: Span::default(),
        };
        let para = |content: Vec<Inline>| Block::Paragraph {
            content,
            span: Span::default(),
        };
        let mut only_refs = p(" ");
        only_refs.insert(0, r("x"));
        only_refs.push(r("y"));
        let mut doc = Document {
            sections: vec![crate::model::Section {
                blocks: vec![para(p("kept")), para(only_refs)],
                ..Default::default()
            }],
            disclaimer: vec![para(vec![r("z")])],
            ..Default::default()
        };
        number_notes(&mut doc, &mut Diagnostics::new(), &mut Mended::default());
        let blocks = &doc.sections[0].blocks;
        assert_eq!(
            blocks.len(),
            1,
            "no empty paragraph where the references were: {blocks:?}"
        );
        assert_eq!(crate::model::blocks_plain_text(blocks), "kept");
        assert!(doc.disclaimer.is_empty(), "{:?}", doc.disclaimer);
    }

    #[test]
    fn unsafe_urls() {
        for u in [
            "javascript:alert(1)",
            "JaVaScRiPt:x",
            " java\tscript:x",
            "data:text/html,x",
            "vbscript:x",
            "//evil.example/x",
            "file:///etc/passwd",
            "///evil.example/x",
            "/\\evil.example/x",
        ] {
            assert!(!safe_url(u), "{u}");
        }
        for u in [
            "https://example.org/a?b#c",
            "http://x",
            "mailto:a@b.c",
            "#sec-1",
            "notes/a.html",
            // A colon after a slash is part of a path, not a scheme.
            "docs/a:b.html",
            "a",
        ] {
            assert!(safe_url(u), "{u}");
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("The Way Forward!"), "the-way-forward");
        assert_eq!(slug("Ελληνικά και Русский"), "ελληνικά-και-русский");
        assert_eq!(slug("***"), "");
    }
}
