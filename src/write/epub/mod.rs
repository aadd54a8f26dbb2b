//! The EPUB 3 writer: the model as a reflowable e-book, packaged by `epub-builder`.
//!
//! # Reading units
//! Cover, title page and contents are documents of their own; the body text (summary and
//! sections) is one document, or, when it is long ([`SPLIT_ABOVE_WORDS`]), one per top-level
//! part as pandoc splits a book at its chapters; notes and back matter (about the authors,
//! the publisher, the disclaimer and the copyright line) follow, each a document. A reading
//! system starts every document on a fresh screen, so a brief cut at every section reads as a
//! string of half-empty screens; one document keeps it one text, and links, note references
//! and back-links carry the file they point into ([`id_files`]).
//!
//! The table of contents lists the headings the book has — the title, the summary's and the
//! sections' headings (those below them nested), the notes', the back matter's — and nothing
//! the text does not show: untitled leading text has no entry. It is written by the writer
//! ([`toc`]) in place of epub-builder's, which has one entry per document.
//!
//! # Notes
//! Notes are endnotes in one `notes.xhtml`, inside `<section epub:type="endnotes"
//! role="doc-endnotes">`, each note a `<div epub:type="footnote" role="doc-footnote"
//! id="fn-N">` that starts with its number linking back to the first reference and ends with
//! a back-link to every further one; references are `<a epub:type="noteref"
//! role="doc-noteref" href="notes.xhtml#fn-N">` (written by the shared markup core), numbered
//! as in the PDF and the web page. Why this shape:
//! - Apple Books shows a pop-up for any `noteref` whose target carries `epub:type="footnote"`,
//!   also across documents; but it *hides* `<aside>` footnotes from the reading view, which
//!   would leave a notes document blank when read straight through. A `div` pops up and stays
//!   readable in place.
//! - Kindle (KF8/KFX conversion) makes pop-ups from bidirectional links: the reference links
//!   to the note and the note links back. Every note here links back to every reference.
//! - Kobo and readers without pop-ups (Adobe RMSDK) simply follow the link; the back-links
//!   bring the reader back to where they were.
//!
//! # Packaging
//! epub-builder writes "now" into the archive and the OPF, a random identifier, and gives
//! `dc:language` and the first `dc:creator` the same id. So the UUID and modification date
//! are set from the model through its API (with the accessibility metadata and the series),
//! what its API cannot express (the language's id, the date, publisher, subtitle and
//! identifier, the navigation's names and page list) is patched into what it wrote, in
//! [`patch`], and [`archive::make_reproducible`] re-writes the zip with fixed times and
//! `mimetype` first. The OPF is checked for duplicate ids.
//!
//! The cover is drawn by Typst from the theme's `cover.typ` (see
//! [`crate::write::pdf::cover_png`]), so the writer works in steps: [`contents`] renders the
//! content documents once (the characters the fonts are subset to are read from them), then
//! [`Contents::package`] writes the whole archive but the cover (fonts, images and the cover enter epub-builder as empty
//! placeholders, so nothing is deflated twice), while the cover is drawn on another thread;
//! [`Unfinished::finish`] appends the cover. [`crate::write::write_all`] drives both.

mod archive;
mod fonts;
mod patch;

use crate::error::{Error, Result};
use crate::model::{
    Block, Document, Inline, Part, Section, Visit, VisitMut, blocks_plain_text, plain_text, walk,
    walk_mut,
};
use crate::theme::Theme;
use crate::theme::css::{resolve_vars, token_css};
use crate::write::fonts::{Face, Usage};
use crate::write::html::markup::{
    self, Flavor, Markup, escape_attr, escape_text, leading_page_start,
};
use crate::write::labels::{self, Labels};
use crate::write::{Options, Resources};
use epub_builder::{
    EpubBuilder, EpubContent, EpubVersion, MetadataOpfV3, PageDirection, ReferenceType, Toc,
    TocElement, ZipLibrary,
};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The notes document.
const NOTES_FILE: &str = "notes.xhtml";
/// The body text, when it is one document.
const TEXT_FILE: &str = "text.xhtml";
/// The title page, whose `<h1>` (the book's title) heads the table of contents.
const TITLE_FILE: &str = "title.xhtml";

/// Words of body text (summary and sections) above which the text is split into one document
/// per top-level part (the summary, the text before the first `##`, each `##` section), as
/// pandoc's `--split-level=1` splits a book; at or below it the body is one document.
///
/// Splitting helps a reading system only when the text is long: its documents stay small
/// (Apple and Kobo ask for under 250–300 KB of XHTML each, the most Adobe RMSDK readers lay out
/// comfortably) and "pages left in this chapter" and chapter jumps work per document. A brief
/// gains nothing from it and loses much: every document begins a new screen, so each short
/// section ends on a part-empty one. 10,000 words (some 40 screens of a 6-inch reader, about
/// 100 KB of XHTML at the writer's ~10 bytes a word) is past any policy brief — they run to
/// a few thousand words — and a report longer than that is split long before a document nears
/// the size limit (a 30,000-word one in one document would reach it).
pub const SPLIT_ABOVE_WORDS: usize = 10_000;
/// The cover image inside the package.
const COVER_FILE: &str = "cover.png";
/// Cover resolution: the printed page's size at 100 dpi (A4 is about 830 × 1170 px) — sharp
/// on a reader's library shelf and cover page, and cheap to draw.
pub const COVER_DPI: f32 = 100.0;
/// The accessibility conformance claim, made only when the content meets it.
pub const CONFORMANCE: &str = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA";

fn err(message: impl std::fmt::Display) -> Error {
    Error::Write {
        format: "epub",
        message: message.to_string(),
    }
}

/// One content document.
struct ContentDoc {
    file: String,
    /// The document's name: its `<title>`, and its label among the landmarks.
    title: String,
    reftype: Option<ReferenceType>,
    xhtml: String,
    /// The table-of-contents entries of the headings in this document, in order.
    toc: Vec<TocEntry>,
}

/// A heading in the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TocEntry {
    href: String,
    label: String,
    /// 1 for the title and the `<h2>` of a part (summary, section, notes, back matter), 2 for
    /// a `###` below it, and so on.
    level: i32,
}

/// Where the body text goes: one document, or one per top-level part of a long text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyFiles {
    /// The summary and every section in [`TEXT_FILE`].
    One,
    /// The summary, and each section, a document of its own.
    Split,
}

impl BodyFiles {
    /// Split when the body text has more than [`SPLIT_ABOVE_WORDS`] words.
    fn of(doc: &Document) -> Self {
        let words = |text: String| text.split_whitespace().count();
        let body = words(blocks_plain_text(&doc.summary))
            + doc
                .sections
                .iter()
                .map(|s| {
                    s.title.as_deref().map_or(0, |t| words(plain_text(t)))
                        + words(blocks_plain_text(&s.blocks))
                })
                .sum::<usize>();
        if body > SPLIT_ABOVE_WORDS {
            BodyFiles::Split
        } else {
            BodyFiles::One
        }
    }

    fn summary(self) -> String {
        match self {
            BodyFiles::One => TEXT_FILE.into(),
            BodyFiles::Split => "summary.xhtml".into(),
        }
    }

    /// The file of body section `i` (0-based).
    fn section(self, i: usize) -> String {
        match self {
            BodyFiles::One => TEXT_FILE.into(),
            BodyFiles::Split => format!("section-{}.xhtml", i + 1),
        }
    }
}

/// A part of the body text (the summary or a section), written but not yet in a document.
struct TextPart {
    file: String,
    /// Its heading's text; `None` for untitled text.
    heading: Option<String>,
    /// Its markup.
    body: String,
    toc: Vec<TocEntry>,
    /// A body section, not the summary: the text proper (`bodymatter`) begins at the first.
    section: bool,
}

/// An image resource.
struct Image {
    href: String,
    media_type: &'static str,
    bytes: Vec<u8>,
}

/// What the finished content documents hold, counted from their markup (not from the model),
/// so the package's accessibility metadata describes exactly this book.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Accessibility {
    /// The cover image is in the book and has a text alternative.
    pub cover_with_alt: bool,
    /// `<img>` elements other than the cover, and how many of them have a non-empty `alt`.
    pub images: usize,
    pub images_with_alt: usize,
    /// `<table>` elements, and how many of them have header cells.
    pub tables: usize,
    pub tables_with_headers: usize,
    /// Notes in the notes document.
    pub notes: usize,
    /// Page-break markers in the content documents.
    pub page_breaks: usize,
    /// The edition the page-break markers and the page list come from (`pageBreakSource`, the
    /// unprefixed property EPUBCheck accepts; `a11y:pageBreakSource` is not defined);
    /// set by the writer when the book has them.
    pub page_break_source: Option<String>,
}

impl Accessibility {
    /// Counts images, tables and notes in the content documents.
    fn of_pages(pages: &[ContentDoc]) -> Result<Self> {
        let mut a = Accessibility::default();
        for p in pages {
            let options = roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            };
            let xml = roxmltree::Document::parse_with_options(&p.xhtml, options)
                .map_err(|e| err(format!("{}: {e}", p.file)))?;
            for n in xml.descendants().filter(|n| n.is_element()) {
                let has_alt = || n.attribute("alt").is_some_and(|a| !a.trim().is_empty());
                match n.tag_name().name() {
                    "img" if n.attribute("role") == Some("doc-cover") => {
                        a.cover_with_alt = has_alt();
                    }
                    "img" => {
                        a.images += 1;
                        a.images_with_alt += usize::from(has_alt());
                    }
                    "table" => {
                        a.tables += 1;
                        a.tables_with_headers +=
                            usize::from(n.descendants().any(|c| c.has_tag_name("th")));
                    }
                    _ if n.attribute("role") == Some("doc-footnote") => a.notes += 1,
                    _ if n.attribute("role") == Some("doc-pagebreak") => a.page_breaks += 1,
                    _ => {}
                }
            }
        }
        Ok(a)
    }

    /// Every image, the cover included, has a text alternative.
    pub fn all_alt(&self) -> bool {
        self.cover_with_alt && self.images == self.images_with_alt
    }

    /// `(property, value)` pairs for the OPF, derived from the content. The conformance claim
    /// is made only when every image has a text alternative (the one WCAG requirement the
    /// content of a brief, rather than the writer, decides); the test suite runs Ace by DAISY
    /// on every fixture to hold the writer to the rest. No `a11y:certifiedBy`: a tool does not
    /// certify its own output.
    pub fn metadata(&self) -> Vec<(&'static str, String)> {
        let mut v = vec![
            ("schema:accessMode", "textual".to_string()),
            ("schema:accessMode", "visual".to_string()),
        ];
        if self.all_alt() {
            v.push(("schema:accessModeSufficient", "textual".into()));
        }
        v.push(("schema:accessModeSufficient", "textual,visual".into()));
        for f in ["structuralNavigation", "tableOfContents", "readingOrder"] {
            v.push(("schema:accessibilityFeature", f.into()));
        }
        if self.all_alt() {
            v.push(("schema:accessibilityFeature", "alternativeText".into()));
        }
        if let Some(source) = self.print_pages() {
            for f in ["printPageNumbers", "pageBreakMarkers", "pageNavigation"] {
                v.push(("schema:accessibilityFeature", f.into()));
            }
            v.push(("pageBreakSource", source.to_string()));
        }
        v.push(("schema:accessibilityHazard", "none".into()));
        v.push(("schema:accessibilitySummary", self.summary()));
        if self.all_alt() {
            v.push(("dcterms:conformsTo", CONFORMANCE.into()));
        }
        v
    }

    /// The printed edition the book's page numbers come from, when it has them.
    fn print_pages(&self) -> Option<&str> {
        self.page_break_source
            .as_deref()
            .filter(|_| self.page_breaks > 0)
    }

    /// What this book has, in plain English (marked `xml:lang="en"` in the package).
    pub fn summary(&self) -> String {
        let mut s = String::from(
            "Reflowable text with a table of contents, headings that give the structure and a logical reading order.",
        );
        s.push_str(if self.cover_with_alt {
            " The cover is a picture of the title and the authors' names, with a text alternative."
        } else {
            " The cover is a picture of the title and the authors' names, without a text alternative."
        });
        let plural =
            |n: usize, one: &'static str, many: &'static str| if n == 1 { one } else { many };
        match (self.images, self.images - self.images_with_alt) {
            (0, _) => s.push_str(" There are no other images."),
            (n, 0) => {
                let _ = write!(
                    s,
                    " {n} {} in the text, all with text alternatives.",
                    plural(n, "image", "images")
                );
            }
            (n, missing) => {
                let _ = write!(
                    s,
                    " {n} {} in the text; {missing} without a text alternative.",
                    plural(n, "image", "images")
                );
            }
        }
        match (self.tables, self.tables - self.tables_with_headers) {
            (0, _) => s.push_str(" There are no tables."),
            (n, 0) => {
                let _ = write!(
                    s,
                    " {n} {}, with header cells.",
                    plural(n, "table", "tables")
                );
            }
            (n, missing) => {
                let _ = write!(
                    s,
                    " {n} {}; {missing} without header cells.",
                    plural(n, "table", "tables")
                );
            }
        }
        if self.print_pages().is_some() {
            s.push_str(
                " Page-break markers and a page list give the page numbers of the PDF edition.",
            );
        }
        match self.notes {
            0 => s.push_str(" There are no notes."),
            n => {
                let _ = write!(
                    s,
                    " {n} {}, at the end, each linked from its references and back.",
                    plural(n, "note", "notes")
                );
            }
        }
        s
    }
}

/// An e-book packaged but for its cover, which Typst lays out and draws: building the rest
/// meanwhile keeps the e-book within the time of the slower of the two.
pub struct Unfinished {
    /// The archive, written but for the cover.
    archive: archive::Partial,
    /// The cover's path in the archive.
    cover_path: String,
}

impl Unfinished {
    /// The e-book, with `cover_png` (drawn at [`COVER_DPI`]) as its cover.
    pub fn finish(self, cover_png: &[u8]) -> Result<Vec<u8>> {
        self.archive.finish(&[archive::Binary {
            name: self.cover_path,
            bytes: cover_png,
            packing: archive::Packing::Store,
        }])
    }
}

/// The e-book's content documents, rendered once: what the theme's faces are subset to is
/// read from them ([`Contents::usage`]), then they are packaged with those faces
/// ([`Contents::package`]).
pub struct Contents {
    /// The brief with its in-document links pointing across the content documents.
    doc: Document,
    title: String,
    lang: String,
    labels: &'static Labels,
    /// In reading order: cover, title page, contents, text, notes, back matter.
    docs: Vec<ContentDoc>,
    /// Where each page-break marker went, for the page list.
    page_file: Vec<(u32, String)>,
    images: BTreeMap<String, Image>,
}

/// The content documents of the e-book of `doc`.
pub fn contents(doc: &Document, theme: &Theme, opts: &Options, res: &Resources) -> Contents {
    let lang = language_tag(&doc.meta.lang);
    let labels = labels::for_lang(&lang);
    let title = book_title(doc, opts);
    // File names first, so in-document links (`#sec-…`) can point across documents.
    let files = BodyFiles::of(doc);
    let id_file = id_files(doc, files);
    let doc = with_epub_links(doc, &id_file);
    let images = images(&doc, res);
    let image_src = |url: &str| images.get(url).map(|i| i.href.clone());
    let mut markup = Markup::new(Flavor::Xhtml, NOTES_FILE, &image_src);
    markup.labels = labels;
    markup.lang = lang.clone();
    let mut w = DocWriter {
        markup: &mut markup,
        lang: &lang,
        classes: body_classes(theme),
        title: &title,
        labels,
        titles: labels::part_titles(&doc, labels),
        ref_file: BTreeMap::new(),
        page_file: Vec::new(),
    };
    let docs = w.all(&doc, opts, files);
    let page_file = std::mem::take(&mut w.page_file);
    drop(markup);
    Contents {
        doc,
        title,
        lang,
        labels,
        docs,
        page_file,
        images,
    }
}

impl Contents {
    /// Which characters the e-book's documents draw in which face: with the web page's, what
    /// the theme's faces are subset to when both are built.
    pub fn usage(&self) -> Usage {
        let mut usage = Usage::default();
        for d in &self.docs {
            fonts::scan(&mut usage, &d.xhtml);
        }
        usage
    }

    /// The EPUB 3 e-book, with `faces` as its fonts, but for its cover (see [`Unfinished`]).
    pub fn package(self, theme: &Theme, opts: &Options, faces: &[Face]) -> Result<Unfinished> {
        let Contents {
            doc,
            title,
            lang,
            labels,
            docs,
            page_file,
            images,
        } = self;
        let css = stylesheet(theme, &lang, faces);
        let book = Book {
            doc: &doc,
            uuid: book_uuid(&doc, &title),
            title,
            lang,
            labels,
            css,
            docs,
            page_file,
            images,
            faces,
            time: modified_seconds(&doc, opts),
        };
        let raw = book.generate()?;
        book.archive(&raw)
    }
}

/// The book's title: the brief's, else the input's file name, else "Untitled" (a package
/// needs one).
fn book_title(doc: &Document, opts: &Options) -> String {
    if doc.meta.title.trim().is_empty() {
        if opts.stem.trim().is_empty() {
            "Untitled".to_string()
        } else {
            opts.stem.clone()
        }
    } else {
        doc.meta.title.trim().to_string()
    }
}

/// The images the CLI loaded that a reading system can show, by URL, in order of first use.
fn images(doc: &Document, res: &Resources) -> BTreeMap<String, Image> {
    let mut images: BTreeMap<String, Image> = BTreeMap::new();
    for (url, _, _) in doc.images() {
        if images.contains_key(url) {
            continue;
        }
        let Some(bytes) = res.images.get(url) else {
            continue;
        };
        let Some(crate::write::image::ImageType {
            mime: media_type,
            ext,
        }) = crate::write::image::sniff(bytes)
        else {
            continue;
        };
        let href = format!("images/image-{}.{ext}", images.len() + 1);
        images.insert(
            url.to_string(),
            Image {
                href,
                media_type,
                bytes: bytes.clone(),
            },
        );
    }
    images
}

/// Writes the content documents through one [`Markup`], keeping which file each note
/// reference and each page-break marker went to (for the notes' back-links and the page
/// list).
struct DocWriter<'w, 'm> {
    markup: &'w mut Markup<'m>,
    lang: &'w str,
    classes: String,
    title: &'w str,
    labels: &'static Labels,
    titles: labels::PartTitles,
    /// The file each note reference is in.
    ref_file: BTreeMap<String, String>,
    /// Where each page-break marker went, for the page list.
    page_file: Vec<(u32, String)>,
}

impl DocWriter<'_, '_> {
    /// Every content document in reading order: cover, title page, contents, the body text
    /// (see [`BodyFiles`]), notes, back matter. The notes are written last, as they link back
    /// to references in every other document.
    fn all(&mut self, doc: &Document, opts: &Options, files: BodyFiles) -> Vec<ContentDoc> {
        let cover = self.cover(doc);
        let title = self.title_page(doc, opts);
        let mut parts: Vec<TextPart> = Vec::new();
        parts.extend(self.summary(doc, files.summary()));
        for (i, s) in doc.sections.iter().enumerate() {
            parts.push(self.section(s, files.section(i)));
        }
        let body = self.text(parts);
        let back = self.back_matter(doc);
        let mut after: Vec<ContentDoc> = Vec::new();
        after.extend(self.notes(doc));
        after.extend(back);
        // The contents page lists what follows it.
        let contents = self.contents(body.iter().chain(after.iter()));
        let mut docs = vec![cover, title];
        docs.extend(contents);
        docs.extend(body);
        docs.extend(after);
        docs
    }

    /// The body text's documents: parts that share a file, one document. The text proper
    /// (`bodymatter`) begins with the first section's document, or the summary's when there
    /// are no sections. A document of one titled part is named by its heading, any other by
    /// the book's title.
    fn text(&self, parts: Vec<TextPart>) -> Vec<ContentDoc> {
        let mut docs: Vec<(ContentDoc, usize)> = Vec::new();
        let mut text_begun = false;
        for p in parts {
            let begins_text = p.section && !text_begun;
            text_begun |= p.section;
            match docs.last_mut() {
                Some((d, n)) if d.file == p.file => {
                    d.xhtml.push_str(&p.body);
                    d.toc.extend(p.toc);
                    if begins_text {
                        d.reftype = Some(ReferenceType::Text);
                    }
                    *n += 1;
                }
                _ => docs.push((
                    ContentDoc {
                        file: p.file,
                        title: p.heading.unwrap_or_else(|| self.title.to_string()),
                        reftype: begins_text.then_some(ReferenceType::Text),
                        xhtml: p.body,
                        toc: p.toc,
                    },
                    1,
                )),
            }
        }
        if !text_begun && let Some((first, _)) = docs.first_mut() {
            first.reftype = Some(ReferenceType::Text);
        }
        docs.into_iter()
            .map(|(mut d, parts)| {
                if parts > 1 {
                    d.title = self.title.to_string();
                }
                d.xhtml = self.page(&d.title, &d.xhtml);
                d
            })
            .collect()
    }

    /// A complete XHTML document around `body`.
    fn page(&self, page_title: &str, body: &str) -> String {
        xhtml_page(self.lang, &self.classes, page_title, body)
    }

    /// Notes the file of the references and page-break markers just written.
    fn written_to(&mut self, file: &str) {
        for id in self.markup.refs.values().flatten() {
            self.ref_file
                .entry(id.clone())
                .or_insert_with(|| file.to_string());
        }
        for n in self.markup.pages.drain(..) {
            self.page_file.push((n, file.to_string()));
        }
    }

    /// The theme's cover: title, subtitle, series, authors, publisher and date in large type,
    /// legible as a library thumbnail. Its image is added last (see [`Unfinished`]).
    fn cover(&self, doc: &Document) -> ContentDoc {
        let labels = self.labels;
        let title = self.title;
        let authors: Vec<&str> = doc.meta.authors.iter().map(|a| a.name.as_str()).collect();
        let alt = crate::write::labels::cover_description(labels, title, &authors);
        let body = format!(
            "<section class=\"bp-cover\" epub:type=\"cover\"><img src=\"{COVER_FILE}\" alt=\"{}\" role=\"doc-cover\"/></section>\n",
            escape_attr(&alt)
        );
        ContentDoc {
            file: "cover.xhtml".into(),
            title: labels.cover.into(),
            reftype: Some(ReferenceType::Cover),
            xhtml: self.page(title, &body),
            toc: vec![],
        }
    }

    /// The title page; its `<h1>`, the book's title, is the first entry of the table of
    /// contents (as in pandoc's e-books).
    fn title_page(&mut self, doc: &Document, opts: &Options) -> ContentDoc {
        let file = TITLE_FILE;
        let mut body = title_page(doc, self.title, self.lang);
        if opts.print_pages.is_some() {
            // Page 1 of the PDF begins with the title page.
            let mut marker = String::new();
            self.markup.page_start(1, &mut marker);
            self.written_to(file);
            body.insert_str(body.find('>').map_or(0, |i| i + 1), &marker);
        }
        ContentDoc {
            file: file.into(),
            title: self.labels.title_page.into(),
            reftype: Some(ReferenceType::TitlePage),
            xhtml: self.page(self.title, &body),
            toc: vec![TocEntry {
                href: file.into(),
                label: self.title.into(),
                level: 1,
            }],
        }
    }

    fn summary(&mut self, doc: &Document, file: String) -> Option<TextPart> {
        if doc.summary.is_empty() {
            return None;
        }
        let heading = self.titles.summary.clone();
        let heading = heading.as_str();
        let mut body = String::new();
        let (page_first, summary) = leading_page_start(&doc.summary);
        if let Some(n) = page_first {
            self.markup.page_start(n, &mut body);
        }
        let _ = write!(
            body,
            "<section id=\"bp-summary\" class=\"bp-summary\" epub:type=\"abstract\" role=\"doc-abstract\" aria-labelledby=\"bp-summary-title\">\n<h2 id=\"bp-summary-title\">{}</h2>\n",
            escape_text(heading)
        );
        self.markup.blocks(&summary, &mut body);
        body.push_str("</section>\n");
        self.written_to(&file);
        let mut toc = vec![TocEntry {
            href: format!("{file}#bp-summary"),
            label: heading.into(),
            level: 1,
        }];
        toc.extend(toc_children(&file, &doc.summary));
        Some(TextPart {
            file,
            heading: Some(heading.into()),
            body,
            toc,
            section: false,
        })
    }

    /// A body section. An untitled one (the text before the first heading) is a `div`: it
    /// has no heading to name a `section` by, and no entry in the table of contents.
    fn section(&mut self, s: &Section, file: String) -> TextPart {
        let mut body = String::new();
        let mut toc = Vec::new();
        let (heading, close) = match &s.title {
            Some(t) => {
                let text = plain_text(t);
                let _ = write!(
                    body,
                    "<section id=\"{}\" epub:type=\"chapter\" role=\"doc-chapter\">\n<h2{}>",
                    escape_attr(&s.id),
                    markup::dir_attr(t)
                );
                self.markup.inlines(t, &mut body);
                body.push_str("</h2>\n");
                let heading = (!text.trim().is_empty()).then_some(text);
                if let Some(label) = &heading {
                    toc.push(TocEntry {
                        href: format!("{file}#{}", s.id),
                        label: label.clone(),
                        level: 1,
                    });
                }
                (heading, "</section>\n")
            }
            None => {
                let _ = writeln!(
                    body,
                    "<div id=\"{}\" class=\"bp-untitled\">",
                    escape_attr(&s.id)
                );
                (None, "</div>\n")
            }
        };
        self.markup.blocks(&s.blocks, &mut body);
        body.push_str(close);
        self.written_to(&file);
        toc.extend(toc_children(&file, &s.blocks));
        TextPart {
            file,
            heading,
            body,
            toc,
            section: true,
        }
    }

    fn back_matter(&mut self, doc: &Document) -> Option<ContentDoc> {
        let file = "about.xhtml";
        let (heading, body) = back_matter(doc, self.labels, self.markup)?;
        self.written_to(file);
        // Only a copyright line: no heading to list, a name for the landmark.
        let title = heading
            .as_deref()
            .unwrap_or(self.labels.colophon)
            .to_string();
        Some(ContentDoc {
            file: file.into(),
            xhtml: self.page(&title, &body),
            title,
            reftype: doc.copyright.is_some().then_some(ReferenceType::Copyright),
            toc: heading
                .map(|label| TocEntry {
                    href: file.into(),
                    label,
                    level: 1,
                })
                .into_iter()
                .collect(),
        })
    }

    /// The notes, each linking back to every reference to it, in whichever file it is.
    fn notes(&mut self, doc: &Document) -> Option<ContentDoc> {
        if doc.footnotes.is_empty() {
            return None;
        }
        let heading = self.titles.notes.clone();
        let heading = heading.as_str();
        let mut body = String::new();
        let _ = writeln!(
            body,
            "<section id=\"bp-notes\" class=\"bp-notes\" epub:type=\"endnotes\" role=\"doc-endnotes\" aria-labelledby=\"bp-notes-title\">\n<h2 id=\"bp-notes-title\">{}</h2>",
            escape_text(heading)
        );
        let refs_before = self.markup.refs.clone();
        for note in &doc.footnotes {
            let backs: Vec<String> = refs_before
                .get(&note.number)
                .into_iter()
                .flatten()
                .filter_map(|id| self.ref_file.get(id).map(|f| format!("{f}#{id}")))
                .collect();
            write_note(self.markup, note, &backs, self.labels, &mut body);
        }
        body.push_str("</section>\n");
        // A page that holds only the rest of a long note begins in it.
        self.written_to(NOTES_FILE);
        Some(ContentDoc {
            file: NOTES_FILE.into(),
            title: heading.into(),
            reftype: Some(ReferenceType::Notes),
            xhtml: self.page(heading, &body),
            toc: vec![TocEntry {
                href: NOTES_FILE.into(),
                label: heading.into(),
                level: 1,
            }],
        })
    }

    /// The contents page: the table-of-contents entries of the documents in `listed`, those
    /// of level 2 nested under the entry before them (deeper ones are left to the navigation).
    /// None for a brief with fewer than two entries: a page listing nothing, or one heading,
    /// helps no reader (the navigation document, which reading systems show, is still made).
    fn contents<'d>(&self, listed: impl Iterator<Item = &'d ContentDoc>) -> Option<ContentDoc> {
        let labels = self.labels;
        let mut body = format!(
            "<nav class=\"bp-contents\" role=\"doc-toc\" aria-labelledby=\"bp-contents-title\">\n<h2 id=\"bp-contents-title\">{}</h2>\n<ol>\n",
            escape_text(labels.contents)
        );
        let entries: Vec<&TocEntry> = (listed.flat_map(|d| d.toc.iter()))
            .filter(|e| e.level <= 2)
            .collect();
        if entries.len() < 2 {
            return None;
        }
        // Whether an entry is open (`<li>` without `</li>`), and a nested list in it.
        let (mut open, mut nested) = (false, false);
        for e in entries {
            let link = format!(
                "<li><a href=\"{}\">{}</a>",
                escape_attr(&e.href),
                escape_text(&e.label)
            );
            match (e.level, open) {
                (2, true) => {
                    if !nested {
                        body.push_str("\n<ol>\n");
                        nested = true;
                    }
                    body.push_str(&link);
                    body.push_str("</li>\n");
                }
                _ => {
                    close_entry(&mut body, open, nested);
                    body.push_str(&link);
                    (open, nested) = (true, false);
                }
            }
        }
        close_entry(&mut body, open, nested);
        body.push_str("</ol>\n</nav>\n");
        Some(ContentDoc {
            file: "contents.xhtml".into(),
            title: labels.contents.into(),
            reftype: Some(ReferenceType::Toc),
            xhtml: self.page(labels.contents, &body),
            toc: vec![],
        })
    }
}

/// Closes an entry of the contents page: its nested list when it has one, then the entry.
fn close_entry(body: &mut String, open: bool, nested: bool) {
    if nested {
        body.push_str("</ol>\n");
    }
    if open {
        body.push_str("</li>\n");
    }
}

/// Everything that goes into the package once the content documents are written.
struct Book<'a> {
    doc: &'a Document,
    title: String,
    lang: String,
    labels: &'static Labels,
    css: String,
    docs: Vec<ContentDoc>,
    page_file: Vec<(u32, String)>,
    images: BTreeMap<String, Image>,
    faces: &'a [Face],
    /// The modification time, in seconds since the epoch.
    time: i64,
    uuid: uuid::Uuid,
}

impl Book<'_> {
    /// The package as epub-builder writes it (to be patched and re-written, see
    /// [`Book::archive`]).
    fn generate(&self) -> Result<Vec<u8>> {
        let mut b = EpubBuilder::new(ZipLibrary::new().map_err(err)?).map_err(err)?;
        b.epub_version(EpubVersion::V30);
        self.metadata(&mut b)?;
        self.accessibility_metadata(&mut b)?;
        self.resources(&mut b)?;
        for p in &self.docs {
            let mut content = EpubContent::new(p.file.as_str(), p.xhtml.as_bytes()).title(&p.title);
            if let Some(r) = p.reftype {
                content = content.reftype(r);
            }
            b.add_content(content).map_err(err)?;
        }
        let mut raw = Vec::new();
        b.generate(&mut raw).map_err(err)?;
        Ok(raw)
    }

    /// The bibliographic metadata epub-builder has fields for (see [`patch`] for the rest).
    fn metadata(&self, b: &mut EpubBuilder<ZipLibrary>) -> Result<()> {
        let doc = self.doc;
        if is_rtl(&self.lang) {
            b.epub_direction(PageDirection::Rtl);
            b.metadata("direction", "rtl").map_err(err)?;
        }
        b.set_title(self.title.clone());
        for a in &doc.meta.authors {
            if !a.name.trim().is_empty() {
                b.add_author(a.name.trim());
            }
        }
        let description = doc.summary_text();
        if !description.is_empty() {
            b.add_description(description);
        }
        for k in &doc.meta.keywords {
            if !k.trim().is_empty() {
                b.add_subject(k.trim());
            }
        }
        if let Some(c) = &doc.copyright {
            let rights = plain_text(c);
            if !rights.trim().is_empty() {
                b.set_license(rights.trim());
            }
        }
        b.set_generator("briefpress");
        b.set_toc_name(self.labels.contents);
        b.set_uuid(self.uuid);
        b.set_modified_date(
            chrono::DateTime::<chrono::Utc>::from_timestamp(self.time, 0).unwrap_or_default(),
        );
        b.add_language(self.lang.clone());
        // The series ("Issue Brief", "Policy Paper"…) as an EPUB 3 collection, which library
        // apps (Apple Books, Calibre, Thorium) show as the book's series. `add_refines` sets
        // the id in epub-builder 0.8.3, so the field is set directly.
        if let Some(series) = doc.meta.series.as_deref().map(str::trim)
            && !series.is_empty()
        {
            let mut collection =
                MetadataOpfV3::new("belongs-to-collection".into(), escape_text(series));
            collection.add_id("bp-series".into());
            let mut kind = MetadataOpfV3::new("collection-type".into(), "series".into());
            kind.refines = Some("#bp-series".into());
            b.add_metadata_opf(Box::new(collection));
            b.add_metadata_opf(Box::new(kind));
        }
        Ok(())
    }

    /// What the content documents hold, declared for reading systems and catalogues.
    fn accessibility_metadata(&self, b: &mut EpubBuilder<ZipLibrary>) -> Result<()> {
        let mut accessibility = Accessibility::of_pages(&self.docs)?;
        accessibility.page_break_source = Some(page_break_source(self.doc, &self.title));
        for (property, value) in accessibility.metadata() {
            // epub-builder writes the content as is: escape it here.
            let mut meta = MetadataOpfV3::new(property.to_string(), escape_text(&value));
            if property == "schema:accessibilitySummary" {
                // Written in English whatever the book's language (`xml:lang` on the package).
                meta.add_xml_lang("en".to_string());
            }
            b.add_metadata_opf(Box::new(meta));
        }
        Ok(())
    }

    /// The stylesheet, and fonts, images and the cover as empty placeholders: epub-builder
    /// lists them in the manifest, and `archive::make_reproducible` puts their bytes in once,
    /// without deflating what is already compressed. The cover need not exist yet.
    fn resources(&self, b: &mut EpubBuilder<ZipLibrary>) -> Result<()> {
        b.stylesheet(self.css.as_bytes()).map_err(err)?;
        let none: &[u8] = &[];
        for f in self.faces {
            b.add_resource(font_href(f), none, f.media_type())
                .map_err(err)?;
        }
        b.add_cover_image(COVER_FILE, none, "image/png")
            .map_err(err)?;
        for img in self.images.values() {
            b.add_resource(&img.href, none, img.media_type)
                .map_err(err)?;
        }
        Ok(())
    }

    /// The package document epub-builder wrote, with what it cannot write (see [`patch`]).
    fn opf(&self, raw: &[u8]) -> Result<String> {
        let identifier = self
            .doc
            .meta
            .identifier
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let uuid_urn = uuid::fmt::Urn::from_uuid(self.uuid).to_string();
        let opf = String::from_utf8(archive::read(raw, OPF)?).map_err(err)?;
        let opf = patch::language_id(&opf)?;
        let opf = patch::with_metadata(&opf, &extra_metadata(self.doc))?;
        let opf = patch::with_identifier(&opf, &uuid_urn, identifier)?;
        let opf = patch::package_lang(&opf, &self.lang)?;
        patch::check_unique_ids(&opf)?;
        Ok(opf)
    }

    /// The navigation document epub-builder wrote, made accessible, with the book's table
    /// of contents (see [`toc`]) and a page list.
    fn nav(&self, raw: &[u8]) -> Result<String> {
        let nav = String::from_utf8(archive::read(raw, NAV)?).map_err(err)?;
        let nav = patch::fix_nav(&nav, &self.lang, self.labels)?;
        let nav = patch::with_toc(&nav, &toc(&self.docs).render(true, true))?;
        patch::with_page_list(&nav, &self.page_file, self.labels)
    }

    /// The NCX epub-builder wrote, with the same table of contents as the navigation.
    fn ncx(&self, raw: &[u8]) -> Result<String> {
        let ncx = String::from_utf8(archive::read(raw, NCX)?).map_err(err)?;
        let depth = self
            .docs
            .iter()
            .flat_map(|d| &d.toc)
            .map(|e| e.level)
            .max()
            .unwrap_or(1);
        patch::ncx_with_toc(
            &ncx,
            &toc(&self.docs).render_epub(true),
            usize::try_from(depth).unwrap_or(1),
        )
    }

    /// Everything but the cover in the final archive, while the layout the cover is drawn
    /// from may still be running.
    fn archive(&self, raw: &[u8]) -> Result<Unfinished> {
        let opf = self.opf(raw)?;
        let nav = self.nav(raw)?;
        let ncx = self.ncx(raw)?;
        let mut binaries: Vec<archive::Binary> = self
            .faces
            .iter()
            .map(|f| {
                let name = format!("OEBPS/{}", font_href(f));
                let entry = f.packed(|bytes| archive::deflated_entry(&name, bytes).ok());
                archive::Binary {
                    bytes: f.bytes(),
                    packing: entry.map_or(archive::Packing::Deflate, archive::Packing::Copy),
                    name,
                }
            })
            .collect();
        binaries.extend(self.images.values().map(|img| archive::Binary {
            name: format!("OEBPS/{}", img.href),
            bytes: &img.bytes,
            // Raster formats are compressed already; SVG is text.
            packing: if img.media_type == "image/svg+xml" {
                archive::Packing::Deflate
            } else {
                archive::Packing::Store
            },
        }));
        let cover_path = format!("OEBPS/{COVER_FILE}");
        let archive = archive::make_reproducible(
            raw,
            archive::zip_time(self.time),
            &binaries,
            &[
                (OPF, opf.into_bytes()),
                (NAV, nav.into_bytes()),
                (NCX, ncx.into_bytes()),
            ],
            &[cover_path.as_str()],
        )?;
        Ok(Unfinished {
            archive,
            cover_path,
        })
    }
}

/// The package document, the navigation document and the NCX inside the archive.
const OPF: &str = "OEBPS/content.opf";
const NAV: &str = "OEBPS/nav.xhtml";
const NCX: &str = "OEBPS/toc.ncx";

/// The edition the e-book's page numbers come from: the PDF that briefpress makes from the
/// same brief, named by the brief's identifier or title.
fn page_break_source(doc: &Document, title: &str) -> String {
    let name = doc
        .meta
        .identifier
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(title);
    format!("{name} (PDF)")
}

/// OPF metadata epub-builder has no field for: subtitle, date and publisher (added by
/// [`patch::with_metadata`]).
fn extra_metadata(doc: &Document) -> Vec<String> {
    let mut v = Vec::new();
    if let Some(sub) = doc.meta.subtitle.as_deref().map(str::trim)
        && !sub.is_empty()
    {
        v.push(format!(
            "<dc:title id=\"bp-subtitle\">{}</dc:title>",
            escape_text(sub)
        ));
        v.push(
            "<meta refines=\"#bp-subtitle\" property=\"title-type\">subtitle</meta>".to_string(),
        );
    }
    if let Some(date) = doc.meta.date.as_deref().and_then(parse_date) {
        v.push(format!("<dc:date>{date}</dc:date>"));
    }
    if let Some(p) = doc.meta.publisher.as_deref().map(str::trim)
        && !p.is_empty()
    {
        v.push(format!("<dc:publisher>{}</dc:publisher>", escape_text(p)));
    }
    v
}

/// A well-formed BCP 47 tag for the brief's language, or `und` (undetermined): the model's
/// `lang` is free text from the front matter, and a malformed tag fails validation.
fn language_tag(lang: &str) -> String {
    crate::model::lang::canonical_tag(lang).unwrap_or_else(|| "und".to_string())
}

fn is_rtl(lang: &str) -> bool {
    crate::model::lang::is_right_to_left(lang)
}

/// `YYYY-MM-DD` as a date, when it is one.
/// The date as the OPF writes it (W3CDTF: a day, or only a month).
fn parse_date(s: &str) -> Option<String> {
    crate::model::pubdate::PubDate::parse(s).map(|d| d.iso())
}

/// The modification time EPUB requires: the stamp (see [`Options::stamp_seconds`]), else the
/// epoch, never the clock, so builds are reproducible.
fn modified_seconds(doc: &Document, opts: &Options) -> i64 {
    opts.stamp_seconds(doc).unwrap_or(0)
}

/// A stable identifier: a name-based UUID from title, authors and date, so rebuilding the
/// same brief gives the same book and a different brief a different one.
fn book_uuid(doc: &Document, title: &str) -> uuid::Uuid {
    let mut name = String::from("briefpress:");
    name.push_str(title);
    for a in &doc.meta.authors {
        name.push('\n');
        name.push_str(&a.name);
    }
    name.push('\n');
    name.push_str(doc.meta.date.as_deref().unwrap_or(""));
    if let Some(id) = &doc.meta.identifier {
        name.push('\n');
        name.push_str(id);
    }
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes())
}

/// The theme's layout choices as classes on `<body>` for `epub.css` (the web page's, with a
/// `bp-` prefix, so the shared `style.css` rules for the page do not apply to the book).
fn body_classes(theme: &Theme) -> String {
    crate::write::html::layout_classes(theme)
        .split_whitespace()
        .map(|c| format!("bp-{c}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn xhtml_page(lang: &str, classes: &str, title: &str, body: &str) -> String {
    let dir = if is_rtl(lang) { " dir=\"rtl\"" } else { "" };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{l}\" xml:lang=\"{l}\"{dir}>\n<head>\n<meta charset=\"utf-8\"/>\n<title>{t}</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n<body class=\"{c}\">\n{body}</body>\n</html>\n",
        l = escape_attr(lang),
        c = escape_attr(classes),
        t = escape_text(title),
    )
}

fn title_page(doc: &Document, title: &str, lang: &str) -> String {
    let m = &doc.meta;
    let mut s = String::from("<section class=\"bp-titlepage\" epub:type=\"titlepage\">\n");
    let line = |s: &mut String, class: &str, text: &Option<String>| {
        if let Some(t) = text.as_deref().map(str::trim)
            && !t.is_empty()
        {
            let _ = writeln!(s, "<p class=\"{class}\">{}</p>", escape_text(t));
        }
    };
    line(&mut s, "bp-publisher bp-sans", &m.publisher);
    line(&mut s, "bp-series bp-sans", &m.series);
    let _ = writeln!(s, "<h1 class=\"bp-title\">{}</h1>", escape_text(title));
    line(&mut s, "bp-subtitle", &m.subtitle);
    // The byline as the PDF and the HTML page draw it: names alone on one line ("A, B and
    // C"); with affiliations, one author per line with the affiliation under the name.
    let authors: Vec<(String, Option<String>)> = m
        .authors
        .iter()
        .filter(|a| !a.name.trim().is_empty())
        .map(|a| {
            (
                escape_text(a.name.trim()),
                a.affiliation
                    .as_deref()
                    .map(str::trim)
                    .filter(|x| !x.is_empty())
                    .map(escape_text),
            )
        })
        .collect();
    let name = |n: &str| format!("<span class=\"bp-author\">{n}</span>");
    if authors.iter().any(|(_, aff)| aff.is_some()) {
        s.push_str("<div class=\"bp-authors bp-authors-stacked\">\n");
        for (n, aff) in &authors {
            let _ = match aff {
                Some(aff) => writeln!(
                    s,
                    "<p>{}<br/><span class=\"bp-affiliation\">{aff}</span></p>",
                    name(n)
                ),
                None => writeln!(s, "<p>{}</p>", name(n)),
            };
        }
        s.push_str("</div>\n");
    } else if !authors.is_empty() {
        let names: Vec<String> = authors.iter().map(|(n, _)| name(n)).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let line = labels::name_list(labels::for_lang(lang), &names);
        let _ = writeln!(s, "<p class=\"bp-authors\">{line}</p>");
    }
    if let Some(d) = m.date.as_deref().and_then(parse_date) {
        // Written as the PDF and the HTML page write it, in the brief's language.
        let shown = crate::write::labels::human_date(crate::write::labels::for_lang(lang), &d)
            .unwrap_or_else(|| d.clone());
        let _ = writeln!(
            s,
            "<p class=\"bp-date\"><time datetime=\"{d}\">{}</time></p>",
            escape_text(&shown)
        );
    }
    s.push_str("</section>\n");
    s
}

/// The back matter page: (its first heading, body), or `None` when the brief has none. A
/// page of only a copyright line has no heading.
fn back_matter(
    doc: &Document,
    labels: &Labels,
    markup: &mut Markup,
) -> Option<(Option<String>, String)> {
    let titles = labels::part_titles(doc, labels);
    let copyright = doc
        .copyright
        .as_ref()
        .filter(|c| !plain_text(c).trim().is_empty());
    if doc.author_box.is_empty()
        && doc.about_publisher.is_empty()
        && doc.disclaimer.is_empty()
        && copyright.is_none()
    {
        return None;
    }
    let mut label: Option<&str> = None;
    let mut s =
        String::from("<section id=\"bp-about\" class=\"bp-about\" epub:type=\"backmatter\">\n");
    if !doc.author_box.is_empty() {
        let heading = titles.authors.as_str();
        label.get_or_insert(heading);
        let bios: Vec<(Option<u32>, Vec<Block>)> = doc
            .author_box
            .iter()
            .map(|e| leading_page_start(&e.bio))
            .collect();
        // A page that begins with the first author begins with the heading above.
        if let Some((Some(n), _)) = bios.first() {
            markup.page_start(*n, &mut s);
        }
        let _ = writeln!(
            s,
            "<section class=\"bp-author-box\">\n<h2>{}</h2>",
            escape_text(heading)
        );
        for (i, (entry, (page_first, bio))) in doc.author_box.iter().zip(&bios).enumerate() {
            let name = escape_text(entry.name.trim());
            s.push_str("<div class=\"bp-author-entry\">\n");
            if let (Some(n), true) = (page_first, i > 0) {
                markup.page_start(*n, &mut s);
            }
            // As the PDF and the page set it: a bio that continues the name runs in after
            // it; any other starts under the name.
            match bio.split_first() {
                Some((Block::Paragraph { content, .. }, rest))
                    if crate::model::text::bio_continues_name(bio) =>
                {
                    let _ = write!(s, "<p><strong class=\"bp-author-name\">{name}</strong> ");
                    markup.inlines(&crate::model::text::trim_leading(content), &mut s);
                    s.push_str("</p>\n");
                    markup.blocks(rest, &mut s);
                }
                _ => {
                    let _ = writeln!(
                        s,
                        "<p class=\"bp-author-name-line\"><strong class=\"bp-author-name\">{name}</strong></p>"
                    );
                    markup.blocks(bio, &mut s);
                }
            }
            s.push_str("</div>\n");
        }
        s.push_str("</section>\n");
    }
    if !doc.about_publisher.is_empty() {
        label.get_or_insert(&titles.publisher);
        let (page_first, about) = leading_page_start(&doc.about_publisher);
        if let Some(n) = page_first {
            markup.page_start(n, &mut s);
        }
        let _ = writeln!(
            s,
            "<section class=\"bp-about-publisher\">\n<h2>{}</h2>",
            escape_text(&titles.publisher)
        );
        markup.blocks(&about, &mut s);
        s.push_str("</section>\n");
    }
    if !doc.disclaimer.is_empty() {
        // Labelled as in the PDF and the HTML page.
        label.get_or_insert(&titles.disclaimer);
        let (page_first, disclaimer) = leading_page_start(&doc.disclaimer);
        if let Some(n) = page_first {
            markup.page_start(n, &mut s);
        }
        let _ = writeln!(
            s,
            "<section class=\"bp-disclaimer\">\n<h2>{}</h2>",
            escape_text(&titles.disclaimer)
        );
        markup.blocks(&disclaimer, &mut s);
        s.push_str("</section>\n");
    }
    if let Some(c) = copyright {
        s.push_str("<p class=\"bp-copyright\">");
        markup.inlines(c, &mut s);
        s.push_str("</p>\n");
    }
    s.push_str("</section>\n");
    Some((label.map(str::to_string), s))
}

/// One note: its number links back to the first reference, further references get their
/// own back-links at the end.
fn write_note(
    markup: &mut Markup,
    note: &crate::model::Footnote,
    backs: &[String],
    labels: &Labels,
    out: &mut String,
) {
    let n = note.number;
    let _ = writeln!(
        out,
        "<div class=\"bp-note\" id=\"fn-{n}\" epub:type=\"footnote\" role=\"doc-footnote\"{}>",
        markup::blocks_dir_attr(&note.blocks)
    );
    let number = match backs.first() {
        Some(href) => format!(
            "<a class=\"bp-note-number\" href=\"{}\" role=\"doc-backlink\">{n}</a> ",
            escape_attr(href)
        ),
        None => format!("<span class=\"bp-note-number\">{n}</span> "),
    };
    match note.blocks.split_first() {
        Some((Block::Paragraph { content, .. }, rest)) => {
            let _ = write!(out, "<p{}>", markup::dir_attr(content));
            out.push_str(&number);
            markup.inlines(content, out);
            out.push_str("</p>\n");
            markup.blocks(rest, out);
        }
        _ => {
            let _ = writeln!(out, "<p>{number}</p>");
            markup.blocks(&note.blocks, out);
        }
    }
    if backs.len() > 1 {
        out.push_str("<p class=\"bp-backlinks\">");
        for (k, href) in backs.iter().enumerate().skip(1) {
            let _ = write!(
                out,
                "<a href=\"{}\" role=\"doc-backlink\" aria-label=\"{}, {}\">↩{}</a> ",
                escape_attr(href),
                escape_attr(labels.back_to_text),
                k + 1,
                k + 1
            );
        }
        out.push_str("</p>\n");
    }
    out.push_str("</div>\n");
}

/// The headings standing in `blocks` themselves: (id, level, plain text). The visitor does
/// not walk into quotes and lists: a heading there is part of the quote or the list, not a
/// division of the section to list in the table of contents (links still reach it, see
/// [`id_files`]).
fn heading_ids(blocks: &[Block]) -> Vec<(String, u8, String)> {
    struct Headings(Vec<(String, u8, String)>);
    impl<'a> Visit<'a> for Headings {
        fn visit_block(&mut self, block: &'a Block) {
            if let Block::Heading {
                level, content, id, ..
            } = block
                && !id.is_empty()
            {
                self.0.push((id.clone(), *level, plain_text(content)));
            }
        }
    }
    let mut v = Headings(Vec::new());
    blocks.iter().for_each(|b| v.visit_block(b));
    v.0
}

/// Table-of-contents entries of the headings in a part's blocks, level 2 for a `###`.
fn toc_children(file: &str, blocks: &[Block]) -> Vec<TocEntry> {
    heading_ids(blocks)
        .into_iter()
        .filter(|(_, _, t)| !t.trim().is_empty())
        .map(|(id, level, label)| TocEntry {
            href: format!("{file}#{id}"),
            label,
            level: i32::from(level.clamp(3, 6)) - 1,
        })
        .collect()
}

/// The table of contents: every document's entries, nested by level, for the navigation
/// document and the NCX.
fn toc(docs: &[ContentDoc]) -> Toc {
    let mut toc = Toc::new();
    for e in docs.iter().flat_map(|d| &d.toc) {
        toc.add(TocElement::new(e.href.as_str(), e.label.as_str()).level(e.level));
    }
    toc
}

/// A copy of the document whose links work inside the e-book: web and mail links stay,
/// `#id` links to a section or heading point into the right document, and any other link
/// (relative paths, dangling fragments) keeps only its text — a link to a file that is not in
/// the package is an error to EPUBCheck and a dead end to a reader.
/// The file of the book that holds each section's and heading's id (nested headings
/// included), so in-document links (`#sec-…`) can point across files.
fn id_files(doc: &Document, files: BodyFiles) -> BTreeMap<String, String> {
    struct IdFiles {
        file: String,
        files: BodyFiles,
        out: BTreeMap<String, String>,
    }
    impl<'a> Visit<'a> for IdFiles {
        fn visit_section(&mut self, index: usize, section: &'a crate::model::Section) {
            self.file = self.files.section(index);
            self.out.insert(section.id.clone(), self.file.clone());
            walk::section(self, index, section)
        }
        /// Only the summary's and the sections' headings are printed with their ids.
        fn visit_part(&mut self, part: Part, blocks: &'a Vec<Block>) {
            match part {
                Part::Summary => {
                    self.file = self.files.summary();
                    self.visit_blocks(blocks)
                }
                Part::Section(_) => self.visit_blocks(blocks),
                Part::Note(_) | Part::Bio(_) | Part::Publisher | Part::Disclaimer => {}
            }
        }
        fn visit_block(&mut self, block: &'a Block) {
            if let Block::Heading { id, .. } = block
                && !id.is_empty()
            {
                self.out.insert(id.clone(), self.file.clone());
            }
            walk::block(self, block)
        }
    }
    let mut ids = IdFiles {
        file: String::new(),
        files,
        out: BTreeMap::new(),
    };
    ids.visit_document(doc);
    ids.out
}

fn with_epub_links(doc: &Document, id_file: &BTreeMap<String, String>) -> Document {
    let mut d = doc.clone();
    EpubLinks { id_file }.visit_document(&mut d);
    d
}

/// Points in-page links (`#id`) at the file of the book that holds the id, and keeps only
/// links a reading system can follow: web and mail links, and ids the book has. A link to
/// anything else keeps its text.
struct EpubLinks<'a> {
    id_file: &'a BTreeMap<String, String>,
}

impl VisitMut for EpubLinks<'_> {
    fn visit_inlines(&mut self, inlines: &mut Vec<Inline>) {
        walk_mut::inlines(self, inlines);
        let old = std::mem::take(inlines);
        for mut inline in old {
            if let Inline::Link { url, content, .. } = &mut inline {
                let lower = url.trim().to_ascii_lowercase();
                let web = ["http://", "https://", "mailto:"]
                    .iter()
                    .any(|p| lower.starts_with(p));
                if !web {
                    match url
                        .trim()
                        .strip_prefix('#')
                        .and_then(|frag| self.id_file.get(frag).map(|f| format!("{f}#{frag}")))
                    {
                        Some(target) => *url = target,
                        None => {
                            inlines.append(content);
                            continue;
                        }
                    }
                }
            }
            inlines.push(inline);
        }
    }
}

/// Where a font goes in the package, relative to the OPF and the stylesheet.
fn font_href(face: &Face) -> String {
    format!("fonts/{}.{}", face.name, face.ext)
}

/// The stylesheet: `@font-face` rules for the embedded faces, the tokens, the theme's
/// `epub.css` and its shared `style.css`. Token values are written out where the sheets use
/// them, as many reading systems ignore CSS custom properties.
/// The book's CSS: the embedded faces, the tokens for the book's language (the theme's faces
/// for other scripts, see [`crate::theme::Tokens::for_lang`]) and the theme's style sheets.
fn stylesheet(theme: &Theme, lang: &str, faces: &[Face]) -> String {
    let tokens = theme.tokens.for_lang(lang);
    let mut css = crate::write::fonts::font_face_css(faces, |f| {
        let format = if f.ext == "otf" {
            "opentype"
        } else {
            "truetype"
        };
        (font_href(f), format)
    });
    css.push_str(&token_css(&tokens, false));
    css.push_str(&resolve_vars(theme.text("epub.css"), &tokens));
    // Written out here too: a reading system that ignores custom properties (Calibre's
    // converter does) would otherwise draw these rules in the body face.
    css.push_str(&resolve_vars(theme.text("style.css"), &tokens));
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A brief of `words` words of sections (two, the first untitled) and a summary.
    fn brief(words: usize) -> Document {
        let para = |n: usize| Block::Paragraph {
            content: vec![Inline::text(vec!["word"; n].join(" "))],
            span: Default::default(),
        };
        Document {
            summary: vec![para(10)],
            sections: vec![
                Section {
                    title: None,
                    id: "sec-introduction".into(),
                    blocks: vec![para(words / 2)],
                    ..Default::default()
                },
                Section {
                    title: Some(vec![Inline::text("Two Words")]),
                    id: "sec-two-words".into(),
                    blocks: vec![para(words - 10 - 2 - words / 2)],
                    ..Default::default()
                },
            ],
            ..Default::default()
        }
    }

    #[test]
    fn the_text_is_split_only_when_long() {
        let short = brief(SPLIT_ABOVE_WORDS);
        assert_eq!(BodyFiles::of(&short), BodyFiles::One);
        let ids = id_files(&short, BodyFiles::of(&short));
        assert_eq!(ids["sec-introduction"], TEXT_FILE);
        assert_eq!(ids["sec-two-words"], TEXT_FILE);
        let long = brief(SPLIT_ABOVE_WORDS + 1);
        assert_eq!(BodyFiles::of(&long), BodyFiles::Split);
        let ids = id_files(&long, BodyFiles::of(&long));
        assert_eq!(ids["sec-introduction"], "section-1.xhtml");
        assert_eq!(ids["sec-two-words"], "section-2.xhtml");
        assert_eq!(BodyFiles::Split.summary(), "summary.xhtml");
    }

    #[test]
    fn language_tags_are_checked() {
        assert_eq!(language_tag("en"), "en");
        assert_eq!(language_tag(" pt-BR "), "pt-BR");
        assert_eq!(language_tag("English (UK)"), "und");
        assert_eq!(language_tag(""), "und");
        assert_eq!(language_tag("e\"><x"), "und");
    }

    #[test]
    fn claims_follow_content() {
        let has = |m: &[(&str, String)], k: &str, v: &str| m.iter().any(|(a, b)| *a == k && b == v);
        let plain = Accessibility {
            cover_with_alt: true,
            ..Default::default()
        };
        let m = plain.metadata();
        assert!(has(&m, "dcterms:conformsTo", CONFORMANCE));
        assert!(has(&m, "schema:accessibilityFeature", "alternativeText"));
        assert!(
            !m.iter().any(|(k, _)| k.starts_with("a11y:")),
            "no self-certification"
        );
        assert!(!has(&m, "schema:accessibilityFeature", "printPageNumbers"));
        // Page numbers are claimed only when a source is named and markers are in the book.
        let named_only = Accessibility {
            page_break_source: Some("X (PDF)".into()),
            ..plain.clone()
        };
        assert!(!has(
            &named_only.metadata(),
            "schema:accessibilityFeature",
            "printPageNumbers"
        ));
        let paged = Accessibility {
            page_breaks: 3,
            ..named_only
        };
        let pm = paged.metadata();
        assert!(has(&pm, "schema:accessibilityFeature", "printPageNumbers"));
        assert!(has(&pm, "pageBreakSource", "X (PDF)"));
        let s = plain.summary();
        assert!(
            s.contains("no other images") && s.contains("no tables") && s.contains("no notes"),
            "{s}"
        );

        let missing = Accessibility {
            cover_with_alt: true,
            images: 2,
            images_with_alt: 1,
            tables: 1,
            tables_with_headers: 1,
            notes: 3,
            ..Default::default()
        };
        let m = missing.metadata();
        assert!(!m.iter().any(|(k, _)| *k == "dcterms:conformsTo"));
        assert!(!has(&m, "schema:accessibilityFeature", "alternativeText"));
        assert!(!has(&m, "schema:accessModeSufficient", "textual"));
        let s = missing.summary();
        assert!(
            s.contains("2 images in the text; 1 without a text alternative"),
            "{s}"
        );
        assert!(
            s.contains("1 table, with header cells") && s.contains("3 notes"),
            "{s}"
        );
    }
}
