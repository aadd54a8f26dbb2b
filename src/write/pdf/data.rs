//! The data the theme's Typst template receives: the theme's tokens, the document model, and a
//! few facts worked out here once so the template never has to parse anything itself (a date
//! or a length parsed in Typst could fail, and no input may ever cause a Typst error).
//!
//! Input text reaches Typst only as JSON strings, which `json()` hands to the template as
//! string values: they are never parsed as markup or code.

use crate::model::{
    Block, Document, Footnote, Inline, Meta, Part, Section, StrKind, Visit, VisitMut,
    visit_document_inlines_mut, visit_strings_mut, walk, walk_mut,
};
use crate::theme::{Paper, Theme, Tokens};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The whole JSON object: `{"theme": tokens, "doc": model, "layout": facts}`.
#[derive(Debug, Serialize)]
pub struct Data {
    /// The theme's tokens for the brief's language (see [`Tokens::for_lang`]).
    pub theme: Tokens,
    pub doc: Document,
    pub layout: Facts,
}

/// Facts derived from the model and the theme, ready to use.
#[derive(Debug, Serialize)]
pub struct Facts {
    /// The title as printed (never empty): characters no font has are U+FFFD.
    pub title: String,
    /// The title and the authors' names for the PDF's metadata and UA-1: as the brief writes
    /// them, whether or not a font can draw them (metadata is text, not glyphs).
    pub metadata_title: String,
    pub metadata_authors: Vec<String>,
    /// The running head's title: the brief's `short_title`, else its title (white space
    /// collapsed, words no font can draw left out). The template shortens it to fit the
    /// head's line.
    pub short_title: String,
    /// The PDF's description (XMP `dc:description`, Info `Subject`): the subtitle, then the
    /// plain-text summary. Typst has no subtitle field, and a title changed to "Title:
    /// Subtitle" would no longer be the brief's title.
    pub description: String,
    /// ISO 639 language code Typst accepts, and an optional ISO 3166 region.
    pub lang: String,
    pub region: Option<String>,
    /// The date for humans ("29 May 2024"), if the document has one.
    pub date_human: Option<String>,
    /// Paper name as Typst spells it.
    pub paper: &'static str,
    /// Margins and the base font size in points.
    pub margin_top_pt: f64,
    pub margin_bottom_pt: f64,
    pub margin_inside_pt: f64,
    pub margin_outside_pt: f64,
    pub base_size_pt: f64,
    /// Model image `url` → path to pass to `image()`, for images that were loaded and decode.
    pub images: BTreeMap<String, String>,
    /// Anchor ids (sections and headings) an in-page link `#id` may point to.
    pub anchors: Vec<String>,
    /// Notes not referenced from the running text; listed after the body so none is lost.
    pub unreferenced_notes: Vec<u32>,
    /// Whether the back matter cites a note (see [`back_matter_cites_notes`]).
    pub back_matter_cites_notes: bool,
    /// Whether the back matter panel is set at the foot of its page, below the notes, in a
    /// theme that sets it after the text: an earlier layout printed notes under it (see
    /// [`super::breaks::Mends::panel_below_notes`]).
    pub back_matter_below_notes: bool,
    /// Labels in the document's language.
    pub labels: TemplateLabels,
    /// How much the template eases the text to end on a fuller page: 0 (as designed), 1, 2
    /// (see [`super::lay_out`]).
    pub ease: u8,
    /// Whether the links between note marks and notes are pointed after layout (see
    /// [`super::notelinks`]): so in briefpress's own PDF; not in `-f typ`'s files, which
    /// typst-cli compiles with Typst's own links.
    pub links_after_layout: bool,
}

#[derive(Debug, Serialize)]
pub struct TemplateLabels {
    /// Headings of the fixed parts: the brief's own as written, else the label.
    pub summary: String,
    pub notes: String,
    pub authors: String,
    pub about_publisher: String,
    pub disclaimer: String,
    pub and: &'static str,
    /// Between authors' names but the last two, and between the last two (with spaces).
    pub list_sep: &'static str,
    pub list_last: &'static str,
    pub image: &'static str,
    pub page: &'static str,
}

/// The deepest heading level a section may use below its title (level 2).
const MAX_LEVEL: u8 = 6;
/// Largest list start number handed on (Typst integers are 64-bit signed).
const MAX_START: u64 = 1_000_000_000;

/// Builds the data for `doc`. `usable_image` says whether an image url can be shown,
/// `covered` whether some font can show a character.
pub fn build(
    doc: &Document,
    theme: &Theme,
    usable_image: &dyn Fn(&str) -> bool,
    covered: &dyn Fn(char) -> bool,
) -> Data {
    // The metadata is text, not glyphs: it keeps what no font can draw.
    let mut metadata = Document {
        meta: doc.meta.clone(),
        ..Document::default()
    };
    clean_text(&mut metadata, &|_| true);
    let mut doc = doc.clone();
    let referenced = make_layable(&mut doc);
    unlink_unsafe_urls(&mut doc);
    clean_text(&mut doc, covered);
    MarkRtl.visit_document(&mut doc);
    let t = &theme.tokens;
    let brief_lang = doc.meta.lang.clone();
    MarkLanguage { brief: &brief_lang }.visit_document(&mut doc);
    let (lang, region) = typst_lang(&doc.meta.lang);
    let title = if doc.meta.title.trim().is_empty() {
        "Untitled".to_string()
    } else {
        doc.meta
            .title
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut images = BTreeMap::new();
    for (url, _, _) in doc.images() {
        if let Some(path) = image_path(url)
            && usable_image(url)
        {
            images.insert(url.to_string(), path);
        }
    }
    let anchors = section_anchors(&doc);
    let unreferenced_notes = doc
        .footnotes
        .iter()
        .map(|n| n.number)
        .filter(|n| !referenced.contains(n))
        .collect();
    Data {
        theme: t.for_lang(&doc.meta.lang),
        layout: Facts {
            short_title: doc
                .meta
                .short_title
                .as_deref()
                .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|s| !s.is_empty())
                .map(|s| shown_only(&s))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| shown_only(&title)),
            metadata_title: Some(collapse(&metadata.meta.title))
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| title.clone()),
            metadata_authors: metadata
                .meta
                .authors
                .iter()
                .map(|a| collapse(&a.name))
                .filter(|a| !a.is_empty())
                .collect(),
            title,
            description: description(&doc),
            // The brief's whole tag, not Typst's language: `zh-TW` has labels of its own.
            labels: labels(&doc, &doc.meta.lang),
            date_human: doc
                .meta
                .date
                .as_deref()
                .and_then(|d| human_date(d, &doc.meta.lang)),
            lang,
            region,
            paper: paper_name(t.page.paper),
            margin_top_pt: length_pt(&t.page.margin_top),
            margin_bottom_pt: length_pt(&t.page.margin_bottom),
            margin_inside_pt: length_pt(&t.page.margin_inside),
            margin_outside_pt: length_pt(&t.page.margin_outside),
            base_size_pt: length_pt(&t.fonts.base_size),
            images,
            anchors: anchors.into_iter().collect(),
            unreferenced_notes,
            back_matter_cites_notes: back_matter_cites_notes(&doc),
            back_matter_below_notes: false,
            ease: 0,
            links_after_layout: true,
        },
        doc,
    }
}

/// The cover's data, `{"theme": tokens, "cover": facts}`: the title page's metadata only (a
/// cover needs no text), cleaned as the layout's strings are. What the brief lacks is `null`
/// or empty, never invented: the theme's `cover.typ` lays out what there is.
#[derive(Debug, Serialize)]
pub struct CoverData {
    /// The theme's tokens for the brief's language (see [`Tokens::for_lang`]).
    pub theme: Tokens,
    pub cover: Cover,
}

#[derive(Debug, Serialize)]
pub struct Cover {
    /// The title, white space collapsed (empty when the brief has none).
    pub title: String,
    pub subtitle: Option<String>,
    /// The series, with its number when the brief gives one ("Policy Brief No. 12").
    pub series: Option<String>,
    pub publisher: Option<String>,
    pub authors: Vec<crate::model::Author>,
    /// The date for humans ("29 May 2024"), if the brief has one.
    pub date_human: Option<String>,
    /// Between authors' names run on in one line (", "; Chinese "、").
    pub list_sep: &'static str,
    pub lang: String,
    pub region: Option<String>,
    /// Paper name as Typst spells it: the cover has the printed page's size and shape.
    pub paper: &'static str,
}

/// Builds the cover's data for `doc` (`covered` says whether some font can show a character).
pub fn build_cover(doc: &Document, theme: &Theme, covered: &dyn Fn(char) -> bool) -> CoverData {
    let mut only_meta = Document {
        meta: doc.meta.clone(),
        ..Document::default()
    };
    clean_text(&mut only_meta, covered);
    let meta = only_meta.meta;
    let (lang, region) = typst_lang(&meta.lang);
    let present = |s: Option<String>| s.map(|s| shown_only(&s)).filter(|s| !s.is_empty());
    CoverData {
        theme: theme.tokens.for_lang(&meta.lang),
        cover: Cover {
            title: shown_only(&meta.title),
            subtitle: present(meta.subtitle),
            series: present(meta.series),
            publisher: present(meta.publisher),
            authors: meta
                .authors
                .into_iter()
                .filter(|a| !a.name.trim().is_empty())
                .map(|a| crate::model::Author {
                    name: shown_only(&a.name),
                    affiliation: present(a.affiliation),
                })
                .collect(),
            date_human: meta.date.as_deref().and_then(|d| human_date(d, &meta.lang)),
            list_sep: crate::write::labels::for_lang(&meta.lang).list_sep,
            lang,
            region,
            paper: paper_name(theme.tokens.page.paper),
        },
    }
}

fn paper_name(paper: Paper) -> &'static str {
    match paper {
        Paper::A4 => "a4",
        Paper::UsLetter => "us-letter",
    }
}

/// Makes the model safe to lay out as tagged PDF: heading levels never skip (PDF/UA), list
/// starts fit in a Typst integer; and columns of figures are aligned as the other formats
/// draw them.
/// Returns the numbers of the notes cited in the flow of the text.
fn make_layable(doc: &mut Document) -> BTreeSet<u32> {
    Layable {
        section_base: 2,
        base: 2,
        prev: 2,
    }
    .visit_document(doc);
    cited_in_text(doc)
}

/// The reader drops link targets that are not safe to publish; the PDF checks again, as the
/// web page does, and sets such a link as its text. Among them are the URLs the template
/// links notes with (see [`super::notelinks`]), which would be pointed at a note.
fn unlink_unsafe_urls(doc: &mut Document) {
    visit_document_inlines_mut(doc, &mut |inline| {
        if let Inline::Link { url, .. } = inline
            && !crate::model::url::safe_url(url)
        {
            url.clear();
        }
    });
}

/// The notes cited in the flow of the text (summary, body, back matter); the others, cited
/// only from other notes, are listed at the end so none is lost.
fn cited_in_text(doc: &Document) -> BTreeSet<u32> {
    struct Cited(BTreeSet<u32>);
    impl<'a> Visit<'a> for Cited {
        /// A note's own text is not part of the flow.
        fn visit_note(&mut self, _index: usize, _note: &'a Footnote) {}
        fn visit_inline(&mut self, inline: &'a Inline) {
            if let Inline::FootnoteRef { number, .. } = inline {
                self.0.insert(*number);
            }
            walk::inline(self, inline)
        }
    }
    let mut cited = Cited(BTreeSet::new());
    cited.visit_document(doc);
    cited.0
}

/// Does the back matter (bios, about the publisher, disclaimer, copyright) cite a note? The
/// template floats the back matter's panel across the page, under the page's notes, so that
/// nothing prints below the copyright line; but Typst drops the notes cited inside such a float
/// (typst#5765), so a panel that cites one stays in the text's column, above the notes.
fn back_matter_cites_notes(doc: &Document) -> bool {
    struct Cites(bool);
    impl<'a> Visit<'a> for Cites {
        fn visit_inline(&mut self, inline: &'a Inline) {
            self.0 |= matches!(inline, Inline::FootnoteRef { .. });
            walk::inline(self, inline)
        }
    }
    let mut cites = Cites(false);
    for (i, entry) in doc.author_box.iter().enumerate() {
        cites.visit_author_entry(i, entry);
    }
    cites.visit_part(Part::Publisher, &doc.about_publisher);
    cites.visit_part(Part::Disclaimer, &doc.disclaimer);
    if let Some(copyright) = &doc.copyright {
        cites.visit_inlines(copyright);
    }
    cites.0
}

/// Every character the PDF will show can be shown: control characters go (tabs and line ends
/// become spaces outside code), and a character no font covers becomes a replacement mark
/// (U+FFFD, else `?`) instead of an invisible box that PDF/A and PDF/UA reject.
fn clean_text(doc: &mut Document, covered: &dyn Fn(char) -> bool) {
    let mut cache: BTreeMap<char, bool> = BTreeMap::new();
    let mut ok = |c: char| *cache.entry(c).or_insert_with(|| covered(c));
    let replacement = if ok('\u{FFFD}') { '\u{FFFD}' } else { '?' };
    let mut clean = |s: &mut String, code: bool| {
        if s.chars().all(|c| c.is_ascii_graphic() || c == ' ') {
            return;
        }
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            match c {
                '\n' | '\t' if code => out.push(c),
                '\n' | '\r' | '\t' => out.push(' '),
                c if c.is_control() => {}
                // Invisible format characters (joiners, marks, variation selectors, soft hyphen)
                // are never drawn, so need no glyph.
                '\u{00AD}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2060}'..='\u{2064}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}' => out.push(c),
                c if c.is_whitespace() => out.push(c),
                // Private-use characters mean nothing outside their font; PDF/A forbids them.
                '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{10FFFF}' => out.push(replacement),
                c if ok(c) => out.push(c),
                _ => out.push(replacement),
            }
        }
        *s = out;
    };
    walk_strings(doc, &mut clean);
}

/// White space collapsed to single spaces.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A line of display type (the running head, the cover) without the characters no font can
/// draw: `clean_text` made them U+FFFD, which the body shows with a warning, but a title in
/// large type full of replacement marks is worse than the words that can be drawn. A word
/// left with no letter or digit by that goes too.
fn shown_only(s: &str) -> String {
    s.split_whitespace()
        .filter_map(|w| {
            if !w.contains('\u{FFFD}') {
                return Some(w.to_string());
            }
            let rest = w.replace('\u{FFFD}', "");
            rest.chars().any(char::is_alphanumeric).then_some(rest)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The characters of `doc` that will be printed but that no font covers, in order, once each.
pub fn uncovered(doc: &Document, covered: &dyn Fn(char) -> bool) -> Vec<char> {
    let mut doc = doc.clone();
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    walk_strings(&mut doc, &mut |s: &mut String, _code| {
        for c in s.chars() {
            if c.is_control()
                || c.is_whitespace()
                || matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFFD}')
                || matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{10FFFF}')
            {
                continue;
            }
            if seen.insert(c) && !covered(c) {
                out.push(c);
            }
        }
    });
    out
}

/// Calls `f` on every string of `doc` that gets printed (`true` for a code block, where line
/// ends and tabs matter); URLs and unprinted metadata are left alone.
fn walk_strings(doc: &mut Document, f: &mut dyn FnMut(&mut String, bool)) {
    visit_strings_mut(doc, &mut |s, kind| match kind {
        StrKind::Text | StrKind::Code { block: false } => f(s, false),
        StrKind::Code { block: true } => f(s, true),
        StrKind::Url | StrKind::Meta => {}
    });
}

/// Heading levels of one top-level list of blocks (see [`Layable`]) from `base`, the level
/// of the heading it sits under: the pass on its own, as the tests drive it.
#[cfg(test)]
fn normalise_blocks(blocks: &mut Vec<Block>, base: u8) {
    let mut v = Layable {
        section_base: base,
        base,
        prev: base,
    };
    walk_mut::blocks(&mut v, blocks)
}

/// Makes headings and lists safe to lay out. A heading goes at most one level below the
/// heading before it, never to or above its list's base, and never past [`MAX_LEVEL`]; a
/// nested list of blocks (a list item, a quote) starts from the heading it follows. List
/// starts are capped at [`MAX_START`].
struct Layable {
    /// Where the current section's blocks start: under its title, or under the brief's.
    section_base: u8,
    /// The level of the heading the current list of blocks sits under.
    base: u8,
    /// The level of the last heading seen in it (`base` before any).
    prev: u8,
}

impl VisitMut for Layable {
    /// Metadata holds no blocks.
    fn visit_meta(&mut self, _meta: &mut Meta) {}

    fn visit_section(&mut self, index: usize, section: &mut Section) {
        // An untitled introduction sits under the title (level 1).
        self.section_base = if section.title.is_some() { 2 } else { 1 };
        walk_mut::section(self, index, section)
    }

    fn visit_part(&mut self, part: Part, blocks: &mut Vec<Block>) {
        let base = match part {
            Part::Section(_) => self.section_base,
            Part::Summary | Part::Note(_) | Part::Bio(_) | Part::Publisher | Part::Disclaimer => 2,
        };
        (self.base, self.prev) = (base, base);
        walk_mut::blocks(self, blocks)
    }

    /// A nested list of blocks starts from the heading its container follows, and leaves
    /// the levels around it as they were.
    fn visit_blocks(&mut self, blocks: &mut Vec<Block>) {
        let outer = (self.base, self.prev);
        self.base = self.prev;
        walk_mut::blocks(self, blocks);
        (self.base, self.prev) = outer;
    }

    fn visit_block(&mut self, block: &mut Block) {
        match block {
            Block::Heading { level, .. } => {
                let lo = (self.base + 1).min(MAX_LEVEL);
                let hi = (self.prev + 1).clamp(lo, MAX_LEVEL);
                *level = (*level).clamp(lo, hi);
                self.prev = *level;
            }
            Block::List { start, .. } => {
                if let Some(s) = start {
                    *s = (*s).min(MAX_START);
                }
            }
            // Columns of figures are drawn flush right, as in the HTML and the EPUB.
            Block::Table {
                align,
                header,
                rows,
                ..
            } => *align = crate::model::figures::column_alignment(align, header, rows),
            Block::Paragraph { .. }
            | Block::Quote { .. }
            | Block::Code { .. }
            | Block::Image { .. }
            | Block::Rule
            | Block::PageBreak { .. } => {}
        }
        walk_mut::block(self, block)
    }

    /// Inline content holds no blocks.
    fn visit_inlines(&mut self, _inlines: &mut Vec<Inline>) {}
}

/// What the PDF's template is told of a block that is right-to-left (see [`MarkRtl`]).
pub const RTL_MARK: &str = "\u{200F}";

/// Marks every block of text whose first strong character is right-to-left — by the test the
/// HTML and EPUB writers use for `dir="rtl"` — by starting its inlines with a text of U+200F
/// RIGHT-TO-LEFT MARK alone, the character Unicode has for saying so. The template sets such a
/// block right-to-left (aligned right, a list's bullets and a note's number on the right) and
/// drops the mark, so the PDF's text stays the brief's. The model has no field for it: the
/// direction follows from the text, and the JSON interchange format stays as it is.
struct MarkRtl;

fn mark_rtl(content: &mut Vec<Inline>) {
    if crate::write::html::markup::rtl_inlines(content) {
        content.insert(0, Inline::text(RTL_MARK));
    }
}

impl VisitMut for MarkRtl {
    fn visit_section(&mut self, index: usize, section: &mut Section) {
        if let Some(title) = &mut section.title {
            mark_rtl(title);
        }
        walk_mut::section(self, index, section)
    }

    fn visit_block(&mut self, block: &mut Block) {
        match block {
            Block::Paragraph { content, .. } | Block::Heading { content, .. } => mark_rtl(content),
            Block::Table { header, rows, .. } => {
                for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                    mark_rtl(cell);
                }
            }
            // A list item or a quote is as its first paragraph says.
            Block::List { .. }
            | Block::Quote { .. }
            | Block::Code { .. }
            | Block::Image { .. }
            | Block::Rule
            | Block::PageBreak { .. } => {}
        }
        walk_mut::block(self, block)
    }

    /// Inline content holds no blocks.
    fn visit_inlines(&mut self, _inlines: &mut Vec<Inline>) {}
}

/// What the PDF's template is told of a paragraph certainly in another language than the
/// brief's (see [`crate::model::lang::paragraph_language`]): Unicode's LANGUAGE TAG, U+E0001,
/// followed by the tag in tag characters (U+E0020–U+E007E), the characters Unicode has for
/// saying so in plain text.
pub const LANGUAGE_TAG: char = '\u{E0001}';

/// Marks every paragraph certainly in another language than the brief's — by the test the
/// HTML and EPUB writers use for `lang` — by a text of [`LANGUAGE_TAG`] and the tag, put
/// first (after the right-to-left mark of [`MarkRtl`], which comes first). The template sets
/// the paragraph in that language with its faces (the theme's `fonts.body_by_lang`) and drops
/// the text. As for the direction, the model has no field for it: the language follows from the text.
struct MarkLanguage<'a> {
    brief: &'a str,
}

impl VisitMut for MarkLanguage<'_> {
    fn visit_block(&mut self, block: &mut Block) {
        if let Block::Paragraph { content, .. } = block {
            let text = crate::model::plain_text(content);
            if let Some(lang) = crate::model::lang::paragraph_language(&text, self.brief) {
                let tag: String = std::iter::once(LANGUAGE_TAG)
                    .chain(
                        lang.chars()
                            .filter_map(|c| char::from_u32(0xE0000 + c as u32)),
                    )
                    .collect();
                let at = usize::from(
                    matches!(content.first(), Some(Inline::Text { text, .. }) if text == RTL_MARK),
                );
                content.insert(at, Inline::text(tag));
            }
        }
        walk_mut::block(self, block)
    }

    /// Inline content holds no blocks.
    fn visit_inlines(&mut self, _inlines: &mut Vec<Inline>) {}
}

/// The ids of the sections and of every heading in them, nested ones included: the anchors
/// an in-page link may point to.
fn section_anchors(doc: &Document) -> BTreeSet<String> {
    struct Anchors(BTreeSet<String>);
    impl<'a> Visit<'a> for Anchors {
        fn visit_section(&mut self, index: usize, section: &'a crate::model::Section) {
            self.0.insert(section.id.clone());
            walk::section(self, index, section)
        }
        /// Only the sections' headings are laid out with their ids.
        fn visit_part(&mut self, part: Part, blocks: &'a Vec<Block>) {
            if let Part::Section(_) = part {
                self.visit_blocks(blocks)
            }
        }
        fn visit_block(&mut self, block: &'a Block) {
            if let Block::Heading { id, .. } = block {
                self.0.insert(id.clone());
            }
            walk::block(self, block)
        }
    }
    let mut anchors = Anchors(BTreeSet::new());
    anchors.visit_document(doc);
    anchors.0.remove("");
    anchors.0
}

/// The path `image()` is called with: the url itself when it is a plain relative path (so the
/// `.typ` output compiles next to the brief's images), else nothing.
fn image_path(url: &str) -> Option<String> {
    let url = url.strip_prefix("./").unwrap_or(url);
    let ok = !url.is_empty()
        && !url.starts_with('/')
        && !url.contains(['\\', ':', '\0'])
        && url
            .split('/')
            .all(|seg| !seg.is_empty() && seg != "." && seg != "..");
    ok.then(|| url.to_string())
}

/// The virtual path an image is served at in the world (the main file sits at the root).
pub fn image_virtual_path(url: &str) -> Option<String> {
    image_path(url).map(|p| format!("/{p}"))
}

/// BCP 47 tag → (ISO 639 language, ISO 3166 region), as Typst's `text(lang, region)` accept.
pub(super) fn typst_lang(tag: &str) -> (String, Option<String>) {
    use crate::model::lang;
    match lang::primary_language(tag).as_str() {
        // Typst takes two- or three-letter ISO 639 codes only.
        "und" => ("en".to_string(), None),
        primary if primary.len() <= 3 => (primary.to_string(), lang::region(tag)),
        _ => ("en".to_string(), None),
    }
}

/// `12pt`, `2.5cm`, `20mm`, `1in` → points (the theme validated the form).
pub fn length_pt(s: &str) -> f64 {
    let s = s.trim();
    let at = s.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(s.len());
    let n: f64 = s[..at].parse().unwrap_or(0.0);
    match &s[at..] {
        "mm" => n * 72.0 / 25.4,
        "cm" => n * 72.0 / 2.54,
        "in" => n * 72.0,
        _ => n,
    }
}

fn human_date(date: &str, lang: &str) -> Option<String> {
    crate::write::labels::human_date(crate::write::labels::for_lang(lang), date)
}

/// The labels the template prints, from the table every writer shares, and the headings of
/// the fixed parts as every writer prints them.
fn labels(doc: &Document, lang: &str) -> TemplateLabels {
    let l = crate::write::labels::for_lang(lang);
    let titles = crate::write::labels::part_titles(doc, l);
    TemplateLabels {
        summary: titles.summary,
        notes: titles.notes,
        authors: titles.authors,
        about_publisher: titles.publisher,
        disclaimer: titles.disclaimer,
        and: l.and,
        list_sep: l.list_sep,
        list_last: l.list_last,
        image: l.image,
        page: l.page,
    }
}

fn description(doc: &Document) -> String {
    let summary = doc.summary_text();
    match doc.meta.subtitle.as_deref().map(str::trim) {
        Some(sub) if !sub.is_empty() && summary.is_empty() => sub.to_string(),
        Some(sub) if !sub.is_empty() && sub.ends_with(['.', '?', '!']) => {
            format!("{sub} {summary}")
        }
        Some(sub) if !sub.is_empty() => format!("{sub}. {summary}"),
        Some(_) | None => summary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_lengths() {
        assert_eq!(
            human_date("2024-05-29", "en").as_deref(),
            Some("29 May 2024")
        );
        assert_eq!(human_date("2024-02-30", "en"), None);
        assert_eq!(
            human_date("2024-03-01", "de").as_deref(),
            Some("1. März 2024")
        );
        assert!((length_pt("1in") - 72.0).abs() < 1e-9);
        assert!((length_pt("25.4mm") - 72.0).abs() < 1e-9);
    }

    /// A model that did not come through the reader (a library user's) may hold any URL.
    #[test]
    fn links_to_unsafe_urls_and_the_templates_note_placeholders_are_text() {
        let mut doc = crate::parse(
            b"---\ntitle: T\n---\n\n[a](https://example.org/) [b](https://example.org/) [c](#x) [d](https://example.org/).[^a]\n\n[^a]: A note.\n",
            &Default::default(),
        )
        .document
        .unwrap();
        let set = [
            "briefpress-note:bp-fn-1",
            "javascript:alert(1)",
            "#x",
            "https://example.org/",
        ];
        let mut given = set.iter();
        visit_document_inlines_mut(&mut doc, &mut |inline| {
            if let Inline::Link { url, .. } = inline {
                *url = given.next().unwrap().to_string();
            }
        });
        let theme = crate::theme::Theme::builtin("default").unwrap();
        let mut built = build(&doc, &theme, &|_| true, &|_| true).doc;
        let mut urls = Vec::new();
        visit_document_inlines_mut(&mut built, &mut |inline| {
            if let Inline::Link { url, .. } = inline {
                urls.push(url.clone());
            }
        });
        assert_eq!(urls, ["", "", "#x", "https://example.org/"]);
    }

    #[test]
    fn unshowable_characters_are_replaced() {
        let mut doc = Document::default();
        doc.meta.title = "a\u{1}b\tc \u{E000} \u{1F600} \u{200D}".into();
        doc.summary = vec![Block::Code {
            lang: None,
            text: "x\ty\nz".into(),
        }];
        clean_text(&mut doc, &|c| c.is_ascii());
        assert_eq!(doc.meta.title, "ab c ? ? \u{200D}");
        assert_eq!(
            doc.summary,
            vec![Block::Code {
                lang: None,
                text: "x\ty\nz".into()
            }]
        );
    }

    #[test]
    fn heading_levels_never_skip() {
        let h = |level| Block::Heading {
            level,
            content: vec![Inline::text("h")],
            id: String::new(),
            span: Default::default(),
        };
        let mut blocks = vec![h(5), h(6), h(3), h(9)];
        normalise_blocks(&mut blocks, 2);
        let levels: Vec<u8> = blocks
            .iter()
            .filter_map(|b| {
                if let Block::Heading { level, .. } = b {
                    Some(*level)
                } else {
                    None
                }
            })
            .collect();
        assert_eq!(levels, vec![3, 4, 3, 4]);
        let mut deep = vec![h(6)];
        normalise_blocks(&mut deep, 6);
        assert!(matches!(deep[0], Block::Heading { level: 6, .. }));
    }

    #[test]
    fn languages_and_paths() {
        assert_eq!(typst_lang("en-GB"), ("en".into(), Some("GB".into())));
        assert_eq!(typst_lang("zz-#"), ("en".into(), None));
        assert_eq!(typst_lang("#x"), ("en".into(), None));
        assert_eq!(image_path("./fig/a.png").as_deref(), Some("fig/a.png"));
        assert_eq!(image_path("../a.png"), None);
        assert_eq!(image_path("/etc/a.png"), None);
    }
}
