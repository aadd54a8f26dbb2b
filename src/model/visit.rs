//! One walk over the model, for every pass and writer.
//!
//! [`Visit`] (shared references) and [`VisitMut`] (mutable ones) follow syn's and comrak's
//! pattern: each hook's default calls the matching function of [`walk`] or [`walk_mut`], which
//! visits the node's children. A visitor overrides the hooks it cares about, does its work
//! before or after calling the walk function, or leaves the walk out to skip a subtree. The
//! walks match every node kind exhaustively, so a new kind does not compile until the walk
//! knows its children, and no pass can miss a field another one sees.
//!
//! Reading order: metadata, summary, sections (title, then blocks), notes, author box,
//! about the publisher, disclaimer, copyright.

// The shared-reference hooks take `&Vec<_>` because the macro writes both traits from one
// text, and the mutable ones need the `Vec` to replace what they visit.
#![allow(clippy::ptr_arg)]

use super::{AuthorEntry, Block, Document, Footnote, Inline, Meta, Section};

/// Which part of the brief a top-level list of blocks belongs to (indices are 0-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Summary,
    Section(usize),
    Note(usize),
    Bio(usize),
    Publisher,
    Disclaimer,
}

/// What a string of the document is, for passes that treat kinds differently: text is
/// cleaned everywhere, but only printed strings need a font, and URLs are never printed as
/// prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrKind {
    /// Printed prose: titles, names, keywords, text, alt text, image and link titles.
    Text,
    /// Printed verbatim; in a code block line ends and tabs matter.
    Code { block: bool },
    /// A link target or image source.
    Url,
    /// Metadata not printed as it is written: the date as written, the identifier, the
    /// language tag, a code block's language.
    Meta,
}

/// Defines a visitor trait and its walk functions once for shared and once for mutable
/// references (`$($m)*` is empty or `mut`), so the two cannot drift apart.
macro_rules! visitor {
    ($Trait:ident, $walk:ident, $doc:literal, [$($lt:lifetime)?], [$($m:tt)?]) => {
        #[doc = $doc]
        pub trait $Trait $(<$lt>)? {
            fn visit_document(&mut self, doc: & $($lt)? $($m)? Document) {
                $walk::document(self, doc)
            }
            fn visit_meta(&mut self, meta: & $($lt)? $($m)? Meta) {
                $walk::meta(self, meta)
            }
            fn visit_section(&mut self, index: usize, section: & $($lt)? $($m)? Section) {
                $walk::section(self, index, section)
            }
            fn visit_note(&mut self, index: usize, note: & $($lt)? $($m)? Footnote) {
                $walk::note(self, index, note)
            }
            fn visit_author_entry(&mut self, index: usize, entry: & $($lt)? $($m)? AuthorEntry) {
                $walk::author_entry(self, index, entry)
            }
            /// A top-level list of blocks, with the part it belongs to.
            fn visit_part(&mut self, _part: Part, blocks: & $($lt)? $($m)? Vec<Block>) {
                self.visit_blocks(blocks)
            }
            /// Every list of blocks: top-level ones, list items and quotes.
            fn visit_blocks(&mut self, blocks: & $($lt)? $($m)? Vec<Block>) {
                $walk::blocks(self, blocks)
            }
            fn visit_block(&mut self, block: & $($lt)? $($m)? Block) {
                $walk::block(self, block)
            }
            /// Every list of inlines: paragraphs, headings, table cells, titles, the
            /// copyright line, and the content of every inline container.
            fn visit_inlines(&mut self, inlines: & $($lt)? $($m)? Vec<Inline>) {
                $walk::inlines(self, inlines)
            }
            fn visit_inline(&mut self, inline: & $($lt)? $($m)? Inline) {
                $walk::inline(self, inline)
            }
            fn visit_string(&mut self, _s: & $($lt)? $($m)? String, _kind: StrKind) {}
        }

        /// The children of each node, in reading order; see the module documentation.
        pub mod $walk {
            use super::*;

            pub fn document<$($lt,)? V: $Trait $(<$lt>)? + ?Sized>(v: &mut V, doc: & $($lt)? $($m)? Document) {
                v.visit_meta(& $($m)? doc.meta);
                let h = & $($m)? doc.part_headings;
                for s in [& $($m)? h.summary, & $($m)? h.notes, & $($m)? h.authors, & $($m)? h.disclaimer] {
                    if let Some(s) = s {
                        v.visit_string(s, StrKind::Text);
                    }
                }
                v.visit_part(Part::Summary, & $($m)? doc.summary);
                for (i, s) in (& $($m)? doc.sections).into_iter().enumerate() {
                    v.visit_section(i, s);
                }
                for (i, n) in (& $($m)? doc.footnotes).into_iter().enumerate() {
                    v.visit_note(i, n);
                }
                for (i, a) in (& $($m)? doc.author_box).into_iter().enumerate() {
                    v.visit_author_entry(i, a);
                }
                v.visit_part(Part::Publisher, & $($m)? doc.about_publisher);
                v.visit_part(Part::Disclaimer, & $($m)? doc.disclaimer);
                if let Some(c) = & $($m)? doc.copyright {
                    v.visit_inlines(c);
                }
            }

            pub fn meta<$($lt,)? V: $Trait $(<$lt>)? + ?Sized>(v: &mut V, m: & $($lt)? $($m)? Meta) {
                v.visit_string(& $($m)? m.title, StrKind::Text);
                for s in [& $($m)? m.subtitle, & $($m)? m.short_title, & $($m)? m.series, & $($m)? m.publisher] {
                    if let Some(s) = s {
                        v.visit_string(s, StrKind::Text);
                    }
                }
                for s in [& $($m)? m.date, & $($m)? m.identifier] {
                    if let Some(s) = s {
                        v.visit_string(s, StrKind::Meta);
                    }
                }
                v.visit_string(& $($m)? m.lang, StrKind::Meta);
                for a in & $($m)? m.authors {
                    v.visit_string(& $($m)? a.name, StrKind::Text);
                    if let Some(af) = & $($m)? a.affiliation {
                        v.visit_string(af, StrKind::Text);
                    }
                }
                for k in & $($m)? m.keywords {
                    v.visit_string(k, StrKind::Text);
                }
            }

            pub fn section<$($lt,)? V: $Trait $(<$lt>)? + ?Sized>(v: &mut V, index: usize, s: & $($lt)? $($m)? Section) {
                if let Some(t) = & $($m)? s.title {
                    v.visit_inlines(t);
                }
                v.visit_part(Part::Section(index), & $($m)? s.blocks);
            }

            pub fn note<$($lt,)? V: $Trait $(<$lt>)? + ?Sized>(v: &mut V, index: usize, n: & $($lt)? $($m)? Footnote) {
                v.visit_part(Part::Note(index), & $($m)? n.blocks);
            }

            pub fn author_entry<$($lt,)? V: $Trait $(<$lt>)? + ?Sized>(
                v: &mut V,
                index: usize,
                a: & $($lt)? $($m)? AuthorEntry,
            ) {
                v.visit_string(& $($m)? a.name, StrKind::Text);
                v.visit_part(Part::Bio(index), & $($m)? a.bio);
            }

            pub fn blocks<$($lt,)? V: $Trait $(<$lt>)? + ?Sized>(v: &mut V, blocks: & $($lt)? $($m)? Vec<Block>) {
                for b in blocks {
                    v.visit_block(b);
                }
            }

            pub fn block<$($lt,)? V: $Trait $(<$lt>)? + ?Sized>(v: &mut V, block: & $($lt)? $($m)? Block) {
                match block {
                    Block::Paragraph { content, .. } | Block::Heading { content, .. } => {
                        v.visit_inlines(content)
                    }
                    Block::List { items, .. } => {
                        for item in items {
                            v.visit_blocks(item);
                        }
                    }
                    Block::Quote { blocks } => v.visit_blocks(blocks),
                    Block::Code { lang, text } => {
                        v.visit_string(text, StrKind::Code { block: true });
                        if let Some(l) = lang {
                            v.visit_string(l, StrKind::Meta);
                        }
                    }
                    Block::Table {
                        header,
                        rows,
                        caption,
                        ..
                    } => {
                        v.visit_inlines(caption);
                        for cell in header {
                            v.visit_inlines(cell);
                        }
                        for row in rows {
                            for cell in row {
                                v.visit_inlines(cell);
                            }
                        }
                    }
                    Block::Image {
                        url, alt, title, ..
                    } => {
                        v.visit_string(url, StrKind::Url);
                        v.visit_string(alt, StrKind::Text);
                        if let Some(t) = title {
                            v.visit_string(t, StrKind::Text);
                        }
                    }
                    Block::Rule | Block::PageBreak { .. } => {}
                }
            }

            pub fn inlines<$($lt,)? V: $Trait $(<$lt>)? + ?Sized>(v: &mut V, inlines: & $($lt)? $($m)? Vec<Inline>) {
                for i in inlines {
                    v.visit_inline(i);
                }
            }

            pub fn inline<$($lt,)? V: $Trait $(<$lt>)? + ?Sized>(v: &mut V, inline: & $($lt)? $($m)? Inline) {
                match inline {
                    Inline::Text { text } => v.visit_string(text, StrKind::Text),
                    Inline::Code { text } => v.visit_string(text, StrKind::Code { block: false }),
                    Inline::Link { url, title, content, .. } => {
                        v.visit_string(url, StrKind::Url);
                        if let Some(t) = title {
                            v.visit_string(t, StrKind::Text);
                        }
                        v.visit_inlines(content);
                    }
                    Inline::Emph { content }
                    | Inline::Strong { content }
                    | Inline::Strikeout { content }
                    | Inline::Superscript { content }
                    | Inline::Subscript { content } => v.visit_inlines(content),
                    Inline::FootnoteRef { .. } | Inline::LineBreak | Inline::PageStart { .. } => {}
                }
            }
        }
    };
}

visitor!(
    Visit,
    walk,
    "Read-only visitor; see the module documentation. `'a` lets a visitor keep what it \
     visits (as syn's `Visit<'ast>` does).",
    ['a],
    []
);
visitor!(
    VisitMut,
    walk_mut,
    "Visitor that may change what it visits; see the module documentation.",
    [],
    [mut]
);

/// A [`VisitMut`] that calls a closure on every string.
struct Strings<F>(F);

impl VisitMut for Strings<&mut dyn FnMut(&mut String, StrKind)> {
    fn visit_string(&mut self, s: &mut String, kind: StrKind) {
        (self.0)(s, kind)
    }
}

/// Calls `f` on every string of `doc` with its kind, in reading order.
pub fn visit_strings_mut(doc: &mut Document, f: &mut dyn FnMut(&mut String, StrKind)) {
    Strings(f).visit_document(doc)
}

/// A [`VisitMut`] that calls a closure on every inline, parents before their content.
struct Inlines<F>(F);

impl VisitMut for Inlines<&mut dyn FnMut(&mut Inline)> {
    fn visit_inline(&mut self, inline: &mut Inline) {
        (self.0)(inline);
        walk_mut::inline(self, inline)
    }
}

/// Calls `f` on every inline of `inlines`, depth first, parents before their content.
pub fn visit_inlines_mut(inlines: &mut [Inline], f: &mut dyn FnMut(&mut Inline)) {
    let mut v = Inlines(f);
    inlines.iter_mut().for_each(|i| v.visit_inline(i))
}

/// Calls `f` on every inline inside `blocks` (paragraphs, headings, list items, quotes,
/// table cells), in document order.
pub fn visit_block_inlines_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Inline)) {
    let mut v = Inlines(f);
    blocks.iter_mut().for_each(|b| v.visit_block(b))
}

/// Calls `f` on every inline of the document, in reading order.
pub fn visit_document_inlines_mut(doc: &mut Document, f: &mut dyn FnMut(&mut Inline)) {
    Inlines(f).visit_document(doc)
}

/// A [`VisitMut`] that calls a closure on every list of inlines, before its content.
struct InlineLists<F>(F);

impl VisitMut for InlineLists<&mut dyn FnMut(&mut Vec<Inline>)> {
    fn visit_inlines(&mut self, inlines: &mut Vec<Inline>) {
        (self.0)(inlines);
        walk_mut::inlines(self, inlines)
    }
}

/// Calls `f` on `inlines`, then on the content of every inline container in it.
pub fn visit_inline_list_mut(inlines: &mut Vec<Inline>, f: &mut dyn FnMut(&mut Vec<Inline>)) {
    InlineLists(f).visit_inlines(inlines)
}

/// Calls `f` on every list of inlines inside `blocks`, then on the content of every inline
/// container in it: for passes that replace one inline with several.
pub fn visit_inline_lists_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Vec<Inline>)) {
    let mut v = InlineLists(f);
    blocks.iter_mut().for_each(|b| v.visit_block(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Author, PartHeadings, Span};

    /// A document with one string of each place the walk must reach, each naming itself.
    fn every_place() -> Document {
        let p = |s: &str| Block::Paragraph {
            content: vec![Inline::text(s)],
            span: Span::default(),
        };
        Document {
            meta: Meta {
                title: "title".into(),
                subtitle: Some("subtitle".into()),
                short_title: Some("short title".into()),
                authors: vec![Author {
                    name: "author".into(),
                    affiliation: Some("affiliation".into()),
                }],
                keywords: vec!["keyword".into()],
                ..Meta::default()
            },
            summary: vec![p("summary")],
            sections: vec![Section {
                title: Some(vec![Inline::text("section title")]),
                blocks: vec![
                    Block::Quote {
                        blocks: vec![Block::List {
                            ordered: false,
                            start: None,
                            tight: true,
                            items: vec![vec![p("item in quote")]],
                        }],
                    },
                    Block::Table {
                        align: vec![],
                        header: vec![vec![Inline::text("head")]],
                        rows: vec![vec![vec![Inline::Emph {
                            content: vec![Inline::Link {
                                url: "https://x.example".into(),
                                title: Some("link title".into()),
                                content: vec![Inline::text("cell link")],
                                span: Span::default(),
                            }],
                        }]]],
                        caption: vec![Inline::text("table caption")],
                    },
                ],
                ..Section::default()
            }],
            footnotes: vec![Footnote {
                blocks: vec![p("note")],
                ..Footnote::default()
            }],
            author_box: vec![AuthorEntry {
                name: "bio name".into(),
                bio: vec![p("bio")],
            }],
            about_publisher: vec![p("publisher")],
            disclaimer: vec![p("disclaimer")],
            copyright: Some(vec![Inline::text("copyright")]),
            part_headings: PartHeadings {
                authors: Some("authors heading".into()),
                ..PartHeadings::default()
            },
        }
    }

    #[test]
    fn strings_are_visited_everywhere_in_reading_order() {
        let mut doc = every_place();
        let mut seen = Vec::new();
        visit_strings_mut(&mut doc, &mut |s, kind| seen.push((s.clone(), kind)));
        let texts: Vec<&str> = seen.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(
            texts,
            [
                "title",
                "subtitle",
                "short title",
                "en",
                "author",
                "affiliation",
                "keyword",
                "authors heading",
                "summary",
                "section title",
                "item in quote",
                "table caption",
                "head",
                "https://x.example",
                "link title",
                "cell link",
                "note",
                "bio name",
                "bio",
                "publisher",
                "disclaimer",
                "copyright"
            ]
        );
        assert!(seen.contains(&("https://x.example".into(), StrKind::Url)));
        assert!(seen.contains(&("en".into(), StrKind::Meta)));
    }

    #[test]
    fn parts_are_named_and_nested_lists_reached() {
        struct Parts(Vec<Part>, usize);
        impl<'a> Visit<'a> for Parts {
            fn visit_part(&mut self, part: Part, blocks: &'a Vec<Block>) {
                self.0.push(part);
                self.visit_blocks(blocks)
            }
            fn visit_blocks(&mut self, blocks: &'a Vec<Block>) {
                self.1 += 1;
                walk::blocks(self, blocks)
            }
        }
        let mut v = Parts(Vec::new(), 0);
        v.visit_document(&every_place());
        assert_eq!(
            v.0,
            [
                Part::Summary,
                Part::Section(0),
                Part::Note(0),
                Part::Bio(0),
                Part::Publisher,
                Part::Disclaimer
            ]
        );
        // Six top-level lists, the quote's blocks and the list item's blocks.
        assert_eq!(v.1, 8);
    }

    #[test]
    fn a_visitor_that_skips_a_subtree_does_not_see_it() {
        struct NoQuotes(Vec<String>);
        impl<'a> Visit<'a> for NoQuotes {
            fn visit_block(&mut self, block: &'a Block) {
                if !matches!(block, Block::Quote { .. }) {
                    walk::block(self, block)
                }
            }
            fn visit_string(&mut self, s: &'a String, _kind: StrKind) {
                self.0.push(s.clone())
            }
        }
        let mut v = NoQuotes(Vec::new());
        v.visit_document(&every_place());
        assert!(!v.0.iter().any(|s| s == "item in quote"));
        assert!(v.0.iter().any(|s| s == "cell link"));
    }

    #[test]
    fn inline_lists_include_container_contents() {
        let mut doc = every_place();
        let mut lists = 0;
        let mut count = |_: &mut Vec<Inline>| lists += 1;
        let f: &mut dyn FnMut(&mut Vec<Inline>) = &mut count;
        InlineLists(f).visit_document(&mut doc);
        // summary, title, quote item, table caption, head, cell, emph content, link content,
        // note, bio, publisher, disclaimer, copyright
        assert_eq!(lists, 13);
    }
}
