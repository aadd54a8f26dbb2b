//! The intermediate document model: what a policy brief *is*, independent of how it was
//! written (Markdown, extracted or authored) and of how it is published (PDF, EPUB, HTML).
//!
//! Readers only produce it, writers only consume it, and the passes in [`crate::transform`]
//! fix it up once in between, so the three outputs cannot disagree. It knows no Markdown and
//! no Typst. Its serde form is briefpress's public JSON interchange format
//! (documented in `docs/model.md`); source positions are kept in [`Span`]s for diagnostics
//! but are not part of the JSON.

use serde::{Deserialize, Serialize};

pub mod figures;
pub mod lang;
pub mod months;
pub mod pubdate;
pub mod text;
pub mod url;
pub mod visit;

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
    /// The headings the brief gives its fixed parts, as written.
    #[serde(default, skip_serializing_if = "PartHeadings::is_empty")]
    pub part_headings: PartHeadings,
}

/// Headings of the fixed parts as the brief writes them ("About the Authors", "Key
/// Findings"). `None` where the brief gives none: writers then print the theme's label in
/// the brief's language, never a heading the brief did not write in its place.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartHeadings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authors: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disclaimer: Option<String>,
}

impl PartHeadings {
    pub fn is_empty(&self) -> bool {
        *self == PartHeadings::default()
    }
}

/// Bibliographic metadata; plain strings because every output format wants plain text here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub title: String,
    pub subtitle: Option<String>,
    /// A shorter form of the title for the PDF's running head (front matter `short_title`);
    /// without it the theme shortens the title to fit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_title: Option<String>,
    pub series: Option<String>,
    pub publisher: Option<String>,
    pub authors: Vec<Author>,
    /// ISO 8601 calendar date, `YYYY-MM-DD`, or only a month, `YYYY-MM`, when the brief
    /// gives no day (see [`pubdate::PubDate`]).
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
            short_title: None,
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
        /// The table's caption ("Table 2: Trade by port"), empty when it has none. Every
        /// writer sets it over the table and keeps it with it.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        caption: Vec<Inline>,
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
        /// The link's title (`[text](url "title")`), shown by browsers and reading systems
        /// as a tooltip.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        content: Vec<Inline>,
        #[serde(skip)]
        span: Span,
    },
    /// A reference to a note. Readers set `label`; numbering sets `number`.
    FootnoteRef {
        number: u32,
        #[serde(default)]
        label: String,
        /// The note was cited before, in reading order (numbering sets it): the PDF refers
        /// back to where the note was placed instead of printing it twice.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        repeat: bool,
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
        struct Images<'a>(Vec<(&'a str, &'a str, Span)>);
        impl<'a> Visit<'a> for Images<'a> {
            fn visit_block(&mut self, block: &'a Block) {
                if let Block::Image { url, alt, span, .. } = block
                    && !url.is_empty()
                {
                    self.0.push((url, alt, *span))
                }
                walk::block(self, block)
            }
        }
        let mut images = Images(Vec::new());
        images.visit_document(self);
        images.0
    }

    /// Plain text of the summary, for descriptions in metadata.
    pub fn summary_text(&self) -> String {
        blocks_plain_text(&self.summary)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

pub use visit::{
    Part, StrKind, Visit, VisitMut, visit_block_inlines_mut, visit_document_inlines_mut,
    visit_inline_list_mut, visit_inline_lists_mut, visit_inlines_mut, visit_strings_mut, walk,
    walk_mut,
};
