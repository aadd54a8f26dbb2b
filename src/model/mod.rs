//! The intermediate document model: what a policy brief *is*, independent of how it was
//! written (Markdown, extracted or authored) and of how it is published (PDF, EPUB, HTML).
//!
//! Readers only produce it, writers only consume it, and the passes in [`crate::transform`]
//! fix it up once in between, so the three outputs cannot disagree. It knows no Markdown and
//! no Typst. Its serde form is briefpress's public JSON interchange format
//! (documented in `docs/model.md`); source positions are kept in [`Span`]s for diagnostics
//! but are not part of the JSON.

use serde::{Deserialize, Serialize};

pub mod text;
pub mod url;

/// A position in the source file, 1-based, for located diagnostics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub line: u32,
    pub col: u32,
}

impl Span {
    pub fn new(line: u32, col: u32) -> Self {
        Span { line, col }
    }
}

/// One brief: metadata, the parts every brief has, and its back matter.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub meta: Meta,
    /// The summary (abstract) shown boxed on the first page.
    pub summary: Vec<Block>,
    /// Body sections in reading order; the first may be an untitled introduction.
    pub sections: Vec<Section>,
    /// Notes, numbered 1..n in order of first reference once [`crate::transform`] has run.
    pub footnotes: Vec<Footnote>,
    /// "About the author(s)": one entry per author.
    pub author_box: Vec<AuthorEntry>,
    pub about_publisher: Vec<Block>,
    pub disclaimer: Vec<Block>,
    pub copyright: Option<Vec<Inline>>,
}

/// Bibliographic metadata; plain strings because every output format wants plain text here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub title: String,
    pub subtitle: Option<String>,
    pub series: Option<String>,
    pub publisher: Option<String>,
    pub authors: Vec<Author>,
    /// ISO 8601 calendar date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// BCP 47 language tag.
    pub lang: String,
    pub keywords: Vec<String>,
    /// A stable identifier (ISBN, DOI, URN…) when the source gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// Position of the title in the source, for diagnostics.
    #[serde(skip)]
    pub title_span: Span,
}

impl Default for Meta {
    fn default() -> Self {
        Meta {
            title: String::new(),
            subtitle: None,
            series: None,
            publisher: None,
            authors: Vec::new(),
            date: None,
            lang: "en".to_string(),
            keywords: Vec::new(),
            identifier: None,
            title_span: Span::default(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Author {
    pub name: String,
    pub affiliation: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// `None` for an untitled introduction.
    pub title: Option<Vec<Inline>>,
    /// Stable anchor id (`sec-…`), unique in the document; set by [`crate::transform`].
    #[serde(default)]
    pub id: String,
    pub blocks: Vec<Block>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Footnote {
    /// 1-based number in order of first reference (0 before numbering).
    pub number: u32,
    /// The label the source used (`[^label]`, or the printed number of an extracted note).
    #[serde(default)]
    pub label: String,
    pub blocks: Vec<Block>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthorEntry {
    pub name: String,
    pub bio: Vec<Block>,
}

/// Column alignment in a table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    #[default]
    None,
    Left,
    Center,
    Right,
}

/// Block-level content. Writers match on it exhaustively (no catch-all), so adding a kind
/// does not compile until every writer handles it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Block {
    Paragraph {
        content: Vec<Inline>,
        #[serde(skip)]
        span: Span,
    },
    /// A heading inside a section; `level` 3..=6 (the section title itself is level 2).
    Heading {
        level: u8,
        content: Vec<Inline>,
        #[serde(default)]
        id: String,
        #[serde(skip)]
        span: Span,
    },
    List {
        ordered: bool,
        /// First number of an ordered list.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        start: Option<u64>,
        /// Tight lists render items without paragraph spacing.
        #[serde(default)]
        tight: bool,
        items: Vec<Vec<Block>>,
    },
    Quote {
        blocks: Vec<Block>,
    },
    Code {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        lang: Option<String>,
        text: String,
    },
    Table {
        align: Vec<Align>,
        header: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// A figure: an image on its own. `url` is relative to the brief's folder.
    Image {
        url: String,
        alt: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        #[serde(skip)]
        span: Span,
    },
    Rule,
    /// Where a page of the source PDF ended. Only readers of extracted text emit it; the
    /// rejoin pass removes every one, mending the paragraph the page split.
    PageBreak {
        #[serde(skip)]
        span: Span,
    },
}

/// Inline content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Inline {
    Text {
        text: String,
    },
    Emph {
        content: Vec<Inline>,
    },
    Strong {
        content: Vec<Inline>,
    },
    Strikeout {
        content: Vec<Inline>,
    },
    Superscript {
        content: Vec<Inline>,
    },
    Subscript {
        content: Vec<Inline>,
    },
    Code {
        text: String,
    },
    Link {
        url: String,
        content: Vec<Inline>,
        #[serde(skip)]
        span: Span,
    },
    /// A reference to a note. Readers set `label`; numbering sets `number`.
    FootnoteRef {
        number: u32,
        #[serde(default)]
        label: String,
        #[serde(skip)]
        span: Span,
    },
    LineBreak,
    /// Where page `number` of the PDF edition begins. Only the page-marking step before the
    /// EPUB and HTML writers inserts it (from the PDF's layout), so that "p. 3" can be found
    /// in the e-book and the web page; the PDF itself never sees it.
    PageStart {
        number: u32,
    },
}

impl Inline {
    pub fn text(s: impl Into<String>) -> Inline {
        Inline::Text { text: s.into() }
    }
}

/// Plain text of inlines (notes references dropped): for metadata, ids and alt text.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain(inlines, &mut out);
    out
}

fn push_plain(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text { text } | Inline::Code { text } => out.push_str(text),
            Inline::Emph { content }
            | Inline::Strong { content }
            | Inline::Strikeout { content }
            | Inline::Superscript { content }
            | Inline::Subscript { content }
            | Inline::Link { content, .. } => push_plain(content, out),
            Inline::FootnoteRef { .. } | Inline::PageStart { .. } => {}
            Inline::LineBreak => out.push(' '),
        }
    }
}

/// Plain text of blocks, paragraphs separated by blank lines.
pub fn blocks_plain_text(blocks: &[Block]) -> String {
    let mut parts = Vec::new();
    for block in blocks {
        let text = match block {
            Block::Paragraph { content, .. } | Block::Heading { content, .. } => {
                plain_text(content)
            }
            Block::List { items, .. } => items
                .iter()
                .map(|item| blocks_plain_text(item))
                .collect::<Vec<_>>()
                .join("\n"),
            Block::Quote { blocks } => blocks_plain_text(blocks),
            Block::Code { text, .. } => text.clone(),
            Block::Table { header, rows, .. } => std::iter::once(header)
                .chain(rows.iter())
                .map(|row| {
                    row.iter()
                        .map(|c| plain_text(c))
                        .collect::<Vec<_>>()
                        .join("\t")
                })
                .collect::<Vec<_>>()
                .join("\n"),
            Block::Image { alt, .. } => alt.clone(),
            Block::Rule | Block::PageBreak { .. } => String::new(),
        };
        if !text.is_empty() {
            parts.push(text);
        }
    }
    parts.join("\n\n")
}

impl Block {
    /// Where the block starts in the source, for the kinds that record it (a default span
    /// for the others).
    pub fn span(&self) -> Span {
        match self {
            Block::Paragraph { span, .. }
            | Block::Heading { span, .. }
            | Block::Image { span, .. }
            | Block::PageBreak { span } => *span,
            Block::List { .. }
            | Block::Quote { .. }
            | Block::Code { .. }
            | Block::Table { .. }
            | Block::Rule => Span::default(),
        }
    }
}

impl Document {
    /// Every list of blocks in reading order (summary, sections, notes, back matter).
    pub fn block_lists(&self) -> Vec<&[Block]> {
        let mut out: Vec<&[Block]> = vec![&self.summary];
        out.extend(self.sections.iter().map(|s| s.blocks.as_slice()));
        out.extend(self.footnotes.iter().map(|n| n.blocks.as_slice()));
        out.extend(self.author_box.iter().map(|a| a.bio.as_slice()));
        out.push(&self.about_publisher);
        out.push(&self.disclaimer);
        out
    }

    /// Every image the document shows, with where it is in the source.
    pub fn images(&self) -> Vec<(&str, &str, Span)> {
        fn walk<'a>(blocks: &'a [Block], out: &mut Vec<(&'a str, &'a str, Span)>) {
            for b in blocks {
                match b {
                    Block::Image { url, alt, span, .. } => {
                        if !url.is_empty() {
                            out.push((url, alt, *span))
                        }
                    }
                    Block::List { items, .. } => items.iter().for_each(|i| walk(i, out)),
                    Block::Quote { blocks } => walk(blocks, out),
                    Block::Paragraph { .. }
                    | Block::Heading { .. }
                    | Block::Code { .. }
                    | Block::Table { .. }
                    | Block::Rule
                    | Block::PageBreak { .. } => {}
                }
            }
        }
        let mut out = Vec::new();
        for list in self.block_lists() {
            walk(list, &mut out);
        }
        out
    }

    /// Plain text of the summary, for descriptions in metadata.
    pub fn summary_text(&self) -> String {
        blocks_plain_text(&self.summary)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// What a string of the document is, for passes that treat kinds differently: text is
/// cleaned everywhere, but only printed strings need a font, and URLs are never printed as
/// prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrKind {
    /// Printed prose: titles, names, keywords, text, alt text, image titles.
    Text,
    /// Printed verbatim; in a code block line ends and tabs matter.
    Code { block: bool },
    /// A link target or image source.
    Url,
    /// Metadata not printed as it is written: the date as written, the identifier, the
    /// language tag, a code block's language.
    Meta,
}

/// Calls `f` on every string of `doc` with its kind, in reading order: metadata, summary,
/// sections (title, then blocks), notes, author box, publisher, disclaimer, copyright. One
/// walk for every pass over strings, so none of them can miss a field another one sees.
pub fn visit_strings_mut(doc: &mut Document, f: &mut dyn FnMut(&mut String, StrKind)) {
    fn inl(xs: &mut [Inline], f: &mut dyn FnMut(&mut String, StrKind)) {
        for x in xs {
            match x {
                Inline::Text { text } => f(text, StrKind::Text),
                Inline::Code { text } => f(text, StrKind::Code { block: false }),
                Inline::Link { url, content, .. } => {
                    f(url, StrKind::Url);
                    inl(content, f);
                }
                Inline::Emph { content }
                | Inline::Strong { content }
                | Inline::Strikeout { content }
                | Inline::Superscript { content }
                | Inline::Subscript { content } => inl(content, f),
                Inline::FootnoteRef { .. } | Inline::LineBreak | Inline::PageStart { .. } => {}
            }
        }
    }
    fn blk(xs: &mut [Block], f: &mut dyn FnMut(&mut String, StrKind)) {
        for b in xs {
            match b {
                Block::Paragraph { content, .. } | Block::Heading { content, .. } => {
                    inl(content, f)
                }
                Block::List { items, .. } => items.iter_mut().for_each(|i| blk(i, f)),
                Block::Quote { blocks } => blk(blocks, f),
                Block::Code { lang, text } => {
                    f(text, StrKind::Code { block: true });
                    if let Some(l) = lang {
                        f(l, StrKind::Meta);
                    }
                }
                Block::Table { header, rows, .. } => {
                    for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                        inl(cell, f);
                    }
                }
                Block::Image {
                    url, alt, title, ..
                } => {
                    f(url, StrKind::Url);
                    f(alt, StrKind::Text);
                    if let Some(t) = title {
                        f(t, StrKind::Text);
                    }
                }
                Block::Rule | Block::PageBreak { .. } => {}
            }
        }
    }
    let m = &mut doc.meta;
    f(&mut m.title, StrKind::Text);
    for s in [&mut m.subtitle, &mut m.series, &mut m.publisher]
        .into_iter()
        .flatten()
    {
        f(s, StrKind::Text);
    }
    for s in [&mut m.date, &mut m.identifier].into_iter().flatten() {
        f(s, StrKind::Meta);
    }
    f(&mut m.lang, StrKind::Meta);
    for a in &mut m.authors {
        f(&mut a.name, StrKind::Text);
        if let Some(af) = &mut a.affiliation {
            f(af, StrKind::Text);
        }
    }
    for k in &mut m.keywords {
        f(k, StrKind::Text);
    }
    blk(&mut doc.summary, f);
    for s in &mut doc.sections {
        if let Some(t) = &mut s.title {
            inl(t, f);
        }
        blk(&mut s.blocks, f);
    }
    for n in &mut doc.footnotes {
        blk(&mut n.blocks, f);
    }
    for a in &mut doc.author_box {
        f(&mut a.name, StrKind::Text);
        blk(&mut a.bio, f);
    }
    blk(&mut doc.about_publisher, f);
    blk(&mut doc.disclaimer, f);
    if let Some(c) = &mut doc.copyright {
        inl(c, f);
    }
}

/// Calls `f` on every inline of `inlines`, depth first, parents before their content: one
/// exhaustive walk that passes and writers can share instead of each writing its own.
pub fn visit_inlines_mut(inlines: &mut [Inline], f: &mut dyn FnMut(&mut Inline)) {
    for inline in inlines {
        f(inline);
        match inline {
            Inline::Emph { content }
            | Inline::Strong { content }
            | Inline::Strikeout { content }
            | Inline::Superscript { content }
            | Inline::Subscript { content }
            | Inline::Link { content, .. } => visit_inlines_mut(content, f),
            Inline::Text { .. }
            | Inline::Code { .. }
            | Inline::FootnoteRef { .. }
            | Inline::LineBreak
            | Inline::PageStart { .. } => {}
        }
    }
}

/// Calls `f` on every inline inside `blocks` (paragraphs, headings, list items, quotes, table
/// cells), in document order.
pub fn visit_block_inlines_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Inline)) {
    for block in blocks {
        match block {
            Block::Paragraph { content, .. } | Block::Heading { content, .. } => {
                visit_inlines_mut(content, f)
            }
            Block::List { items, .. } => {
                items.iter_mut().for_each(|i| visit_block_inlines_mut(i, f))
            }
            Block::Quote { blocks } => visit_block_inlines_mut(blocks, f),
            Block::Table { header, rows, .. } => {
                for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                    visit_inlines_mut(cell, f);
                }
            }
            Block::Code { .. } | Block::Image { .. } | Block::Rule | Block::PageBreak { .. } => {}
        }
    }
}

/// Calls `f` on `xs`, then on the content of every inline container in it, depth first (the
/// order [`visit_inline_lists_mut`] uses inside a block).
pub fn visit_inline_list_mut(xs: &mut Vec<Inline>, f: &mut dyn FnMut(&mut Vec<Inline>)) {
    f(xs);
    for x in xs.iter_mut() {
        match x {
            Inline::Emph { content }
            | Inline::Strong { content }
            | Inline::Strikeout { content }
            | Inline::Superscript { content }
            | Inline::Subscript { content }
            | Inline::Link { content, .. } => visit_inline_list_mut(content, f),
            Inline::Text { .. }
            | Inline::Code { .. }
            | Inline::FootnoteRef { .. }
            | Inline::LineBreak
            | Inline::PageStart { .. } => {}
        }
    }
}

/// Calls `f` on every list of inlines inside `blocks` (paragraphs, headings, list items,
/// quotes, table cells), then on the content of every inline container in it: for passes
/// that replace one inline with several.
pub fn visit_inline_lists_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Vec<Inline>)) {
    let inlines = visit_inline_list_mut;
    for block in blocks {
        match block {
            Block::Paragraph { content, .. } | Block::Heading { content, .. } => {
                inlines(content, f)
            }
            Block::List { items, .. } => {
                items.iter_mut().for_each(|i| visit_inline_lists_mut(i, f))
            }
            Block::Quote { blocks } => visit_inline_lists_mut(blocks, f),
            Block::Table { header, rows, .. } => {
                for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                    inlines(cell, f);
                }
            }
            Block::Code { .. } | Block::Image { .. } | Block::Rule | Block::PageBreak { .. } => {}
        }
    }
}
