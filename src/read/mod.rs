//! Readers: Markdown in either input style to the document model.
//!
//! - **Authored** briefs start with YAML front matter and use plain CommonMark + GFM.
//! - **Extracted** briefs are what PDF-to-Markdown tools produce: the title page, notes and
//!   page breaks have to be recognised from their structure.
//!
//! Both go through the same comrak conversion ([`markdown`]) and the same sorting of
//! sections and back matter ([`assemble`]); the style only changes how the title page and
//! the notes are found. Readers never fix the model up (numbering, ids, rejoining split
//! paragraphs): [`crate::transform`] does that once for every reader.

pub mod attributes;
pub mod backmatter;
pub mod date;
pub mod extracted;
pub mod fences;
pub mod frontmatter;
pub mod html;
pub mod kind;
pub mod markdown;
pub mod pandoc_tables;
pub mod plain;
pub mod recognised;

use crate::diag::{Diagnostics, span_of_offset};
use crate::model::{Block, Document, Footnote, Inline, Meta, Section, Span, plain_text};
use backmatter::{
    about_an_institution, author_paragraph, back_matter_tail, disclaimer_lead, is_copyright,
    push_author_block,
};
use markdown::{Converter, Item, Style};
pub use recognised::{InputStyle, Recognised};

/// Limits that keep hostile input from exhausting the machine.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions {
    /// Largest input accepted, in bytes.
    pub max_bytes: usize,
    /// Deepest nesting of quotes, lists and emphasis kept; deeper content is flattened.
    pub max_depth: usize,
}

/// The default input limit: two briefs this large, built at `-j2` in all three formats, fit
/// a 4 GB CI runner. Nearly all of a brief's memory is Typst's layout of the PDF, about
/// 0.4 GB per MiB of Markdown: one 3.8 MiB brief peaks at 1.6 GB, two of 3.95 MiB at `-j2` at
/// 2.2 GB, and even two layouts peaking at once stay near 3.3 GB; a 16 MiB brief (the old
/// default) took 3.9 GB alone (BENCHMARKS.md, "Input limit").
pub const DEFAULT_MAX_BYTES: usize = 4 * 1024 * 1024;

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_bytes: DEFAULT_MAX_BYTES,
            max_depth: 12,
        }
    }
}

/// Decodes the input as UTF-8 text, normalising line ends and dropping a leading BOM and
/// characters that no output format can carry. `Err` is a located error diagnostic.
pub fn decode(source: &[u8], opts: &ReadOptions, diags: &mut Diagnostics) -> Option<String> {
    if source.len() > opts.max_bytes {
        diags.error(
            Span::new(1, 1),
            format!(
                "input is {} bytes, over the limit of {} bytes (raise it with --max-input-bytes)",
                source.len(),
                opts.max_bytes
            ),
        );
        return None;
    }
    // A file of a known binary kind (an image, a PDF, an archive) was given by mistake:
    // say what it is, rather than suggest converting it from Latin-1.
    if let Some(kind) = infer::get(source).filter(|k| k.matcher_type() != infer::MatcherType::Text)
    {
        diags.error(
            Span::new(1, 1),
            format!(
                "input is a {} file ({}), not a Markdown brief",
                kind.extension().to_uppercase(),
                kind.mime_type()
            ),
        );
        return None;
    }
    let text = match std::str::from_utf8(source) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.valid_up_to();
            let valid = std::str::from_utf8(&source[..offset]).unwrap_or("");
            let span = span_of_offset(valid, offset);
            diags.error(
                span,
                format!(
                    "input is not UTF-8: byte 0x{:02X} at byte offset {offset} (convert the file to UTF-8, e.g. `iconv -f latin1 -t utf-8`)",
                    source[offset]
                ),
            );
            return None;
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = String::with_capacity(text.len());
    let mut dropped = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '\r' => {
                if chars.peek().map(|(_, n)| *n) != Some('\n') {
                    out.push('\n');
                }
            }
            // A form feed is a page break to the extracted reader (pdftotext writes one per page).
            '\u{c}' => out.push(c),
            // Replacements (private use) are the text-cleaning pass's, which says so.
            c => match crate::model::text::clean_char(c) {
                Some(_) => out.push(c),
                None => {
                    dropped.get_or_insert(at);
                }
            },
        }
    }
    if let Some(at) = dropped {
        diags.warn(
            span_of_offset(text, at),
            "control characters and bidi overrides are removed (they cannot appear in XML, HTML or PDF text)",
        );
    }
    if out.trim().is_empty() {
        diags.error(
            Span::new(1, 1),
            "input is empty: a brief needs at least a title",
        );
        return None;
    }
    Some(out)
}

/// Reads a decoded brief into the model. `None` when the diagnostics hold an error that makes
/// the brief unpublishable (no title, broken front matter).
pub fn read(
    text: &str,
    opts: &ReadOptions,
    diags: &mut Diagnostics,
    report: &mut Recognised,
) -> Option<Document> {
    let mut doc = Document::default();
    let (style, mut body, mut extra) = front_matter(text, &mut doc.meta, diags)?;
    report.style = match style {
        Style::Authored => InputStyle::Authored,
        Style::Extracted => InputStyle::Extracted,
    };
    // Before the page breaks are looked for: a simple table's rule is not one.
    if let std::borrow::Cow::Owned(rewritten) = pandoc_tables::rewrite(&body) {
        body = rewritten;
    }
    let mut line_map = None;
    if style == Style::Extracted {
        report.kind = kind::detect_extraction(&body);
        body = extracted_pages(&body, diags, report);
        let lang = extracted::language::detect_text(&body);
        let lines = match report.kind {
            kind::SourceKind::PlainText => {
                plain::to_markdown(&body, lang, &report.pages.running_texts)
            }
            _ => plain::mend_markdown(&body, lang, &report.pages.running_texts),
        };
        body = lines.text();
        line_map = Some(lines.origins());
        report.inferred = lines.inferred;
    } else {
        report.kind = kind::SourceKind::Authored;
    }
    let mut converter = Converter::new(style, diags, opts.max_depth);
    if let Some(map) = line_map {
        converter = converter.with_line_map(map);
    }
    let mut items = converter.convert(&body);
    let summary_blocks = extra
        .summary
        .take()
        .map(|(md, origin)| summary_field(&md, origin, opts, diags));
    match style {
        Style::Extracted => {
            if !extracted::titlepage::read_title_page(&mut items, &mut doc.meta, diags) {
                fallback_title(&mut items, &mut doc.meta, diags, report);
                extracted::titlepage::read_fields(&mut items, &mut doc.meta, diags);
            }
            normalise_heading_levels(&mut items);
            let mut notes = Vec::new();
            items = extracted::notes::collect(items, &mut notes, &mut report.notes);
            doc.footnotes = notes;
        }
        Style::Authored => authored_title(&mut items, &mut doc.meta, diags)?,
    }
    assemble(items, style, &mut doc);
    if style == Style::Extracted
        && let Some(lang) = extracted::language::detect(&doc)
    {
        doc.meta.lang = lang.to_string();
    }
    with_front_matter_parts(&mut doc, summary_blocks, extra, diags);
    // A summary (the front matter's `summary:` too) is not a body.
    if doc.sections.iter().all(|s| s.blocks.is_empty()) {
        diags.warn(
            doc.meta.title_span,
            if doc.summary.is_empty() {
                "the brief has no body text: only a title page is published"
            } else {
                "the brief has no body text: only a title page and the summary are published"
            },
        );
    }
    Some(doc)
}

/// Splits off and reads the front matter: the input style, the body (front matter blanked
/// out, so that body lines keep their numbers) and the fields that are parts of the body.
fn front_matter(
    text: &str,
    meta: &mut Meta,
    diags: &mut Diagnostics,
) -> Option<(Style, String, frontmatter::Extra)> {
    match frontmatter::split(text) {
        Err(span) => {
            diags.error(
                span,
                "front matter opened with `---` is never closed (add a `---` line after it)",
            );
            None
        }
        Ok(Some(fm)) => {
            let extra = frontmatter::parse(&fm, meta, diags);
            if diags.has_errors() {
                return None;
            }
            let body = format!("{}{}", "\n".repeat(fm.lines), &text[fm.body_start..]);
            Some((Style::Authored, body, extra))
        }
        Ok(None) => Some((
            Style::Extracted,
            text.to_string(),
            frontmatter::Extra::default(),
        )),
    }
}

/// A brief in which nothing could be taken for a title still builds: its first line of text
/// is the title (taken out of the body), and a warning says so.
fn fallback_title(
    items: &mut Vec<Item>,
    meta: &mut Meta,
    diags: &mut Diagnostics,
    report: &mut Recognised,
) {
    let first = items.iter().position(|it| match it {
        Item::Heading { content, .. } => !plain_text(content).trim().is_empty(),
        Item::Block(Block::Paragraph { content, .. }) => !plain_text(content).trim().is_empty(),
        _ => false,
    });
    let (text, span) = match first.map(|i| items.remove(i)) {
        Some(Item::Heading { content, span, .. })
        | Some(Item::Block(Block::Paragraph { content, span })) => {
            (plain_text(&content).trim().to_string(), span)
        }
        _ => (String::new(), Span::new(1, 1)),
    };
    // A long first paragraph gives its first words, up to a sentence's end or fifteen words:
    // a title is a line, not a paragraph.
    let words: Vec<&str> = text.split_whitespace().collect();
    let end = words
        .iter()
        .position(|w| w.ends_with(['.', '!', '?']))
        .map_or(words.len(), |p| p + 1)
        .min(15);
    let mut title = words[..end].join(" ");
    if end < words.len() {
        title.push('…');
    }
    if title.is_empty() {
        return;
    }
    diags.warn(
        span,
        format!("no title could be inferred: the first line, \"{title}\", is used as the title (add `# Title` or YAML front matter with `title:`)"),
    );
    report.inferred.title = Some((
        title.clone(),
        "first line (nothing else could be the title)",
    ));
    meta.title = title;
    meta.title_span = span;
}

/// Extractors copy the page's heading sizes: a first heading at `####`, levels skipped. The
/// body's headings (the title page read) are renumbered densely from `##`, in the order of
/// their levels, so that no level is skipped.
fn normalise_heading_levels(items: &mut [Item]) {
    // The contents' levels are the publication's own: styles say less.
    if !extracted::contents::levels_from_contents(items) {
        demote_second_style(items);
    }
    let mut levels: Vec<u8> = items
        .iter()
        .filter_map(|it| match it {
            Item::Heading { level, .. } => Some(*level),
            _ => None,
        })
        .collect();
    levels.sort_unstable();
    levels.dedup();
    // And in reading order, no heading more than one level below the one before it (a
    // section's first subheading is `###`, whatever the extractor's sizes said).
    let mut previous = 1;
    for it in items.iter_mut() {
        if let Item::Heading { level, .. } = it
            && let Some(rank) = levels.iter().position(|l| l == level)
        {
            *level = (2 + rank as u8).min(6).min(previous + 1);
            previous = *level;
        }
    }
}

/// An extractor that sizes headings alike may still keep their styles (pymupdf4llm on
/// LibreOffice's PDFs: sections `## **_A Network in Retreat_**`, subsections `## **Who is
/// left behind**`). Where one level holds headings in exactly two styles, two or more of
/// each, the style of its first heading (the summary's, as a rule) is that level and the
/// other goes a level below.
fn demote_second_style(items: &mut [Item]) {
    let mut styles: Vec<(u8, (bool, bool), usize)> = Vec::new();
    for it in items.iter() {
        if let Item::Heading { level, content, .. } = it {
            let style = heading_style(content);
            match styles
                .iter_mut()
                .find(|(l, s, _)| *l == *level && *s == style)
            {
                Some(entry) => entry.2 += 1,
                None => styles.push((*level, style, 1)),
            }
        }
    }
    let mut demote: Vec<(u8, (bool, bool))> = Vec::new();
    for level in styles
        .iter()
        .map(|(l, _, _)| *l)
        .collect::<std::collections::BTreeSet<_>>()
    {
        let at: Vec<&(u8, (bool, bool), usize)> =
            styles.iter().filter(|(l, _, _)| *l == level).collect();
        // `styles` is in reading order: the level's first style comes first.
        if at.len() == 2 && at.iter().all(|(_, _, n)| *n >= 2) {
            demote.push((level, at[1].1));
        }
    }
    for it in items.iter_mut() {
        if let Item::Heading { level, content, .. } = it
            && demote.contains(&(*level, heading_style(content)))
        {
            *level += 1;
        }
    }
}

/// Whether a heading's whole text is bold, and italic.
fn heading_style(content: &[Inline]) -> (bool, bool) {
    (
        extracted::fully_bold(content),
        extracted::fully_italic(content),
    )
}

/// Extracted text with its running headers and footers turned into page breaks.
fn extracted_pages(body: &str, diags: &mut Diagnostics, report: &mut Recognised) -> String {
    let (text, pages) = extracted::pages::normalise_pages(body);
    for &line in &pages.lonely_breaks {
        diags.warn(
            Span::new(line, 1),
            "a page break with no running header or footer, unlike the others: taken as a page break (if it is a rule between sections, write it as a heading)",
        );
    }
    report.pages = pages;
    text
}

/// The front matter's `summary:` value, read as Markdown where it stands in the file;
/// headings in it become bold paragraphs (a summary has no sections).
fn summary_field(
    md: &str,
    origin: Span,
    opts: &ReadOptions,
    diags: &mut Diagnostics,
) -> Vec<Block> {
    Converter::new(Style::Authored, diags, opts.max_depth)
        .with_origin(origin)
        .convert(md)
        .into_iter()
        .filter_map(|it| match it {
            Item::Block(b) => Some(b),
            Item::Heading { content, span, .. } => Some(Block::Paragraph {
                content: vec![Inline::Strong { content }],
                span,
            }),
            Item::Break(_) | Item::FootnoteDef { .. } => None,
        })
        .collect()
}

/// An authored brief's title: the front matter's, or else a leading `# Title` heading. A
/// `# Title` repeating the front matter's is not a section. `None` (reported) without one.
fn authored_title(items: &mut Vec<Item>, meta: &mut Meta, diags: &mut Diagnostics) -> Option<()> {
    if meta.title.is_empty() {
        if let Some(pos) = items
            .iter()
            .position(|it| matches!(it, Item::Heading { level: 1, .. }))
            && let Item::Heading { content, span, .. } = items.remove(pos)
        {
            meta.title = plain_text(&content).trim().to_string();
            meta.title_span = span;
        }
    } else if let Some(Item::Heading {
        level: 1, content, ..
    }) = items.first()
        && plain_text(content).trim() == meta.title
    {
        items.remove(0);
    }
    if meta.title.is_empty() {
        diags.error(
            Span::new(1, 1),
            "no title: add `title:` to the front matter",
        );
        return None;
    }
    Some(())
}

/// The parts the front matter gives (summary, copyright, disclaimer) in their places; a
/// `summary:` field wins over a Summary section, which is kept as body text.
fn with_front_matter_parts(
    doc: &mut Document,
    summary: Option<Vec<Block>>,
    extra: frontmatter::Extra,
    diags: &mut Diagnostics,
) {
    if let Some(blocks) = summary {
        if !doc.summary.is_empty() {
            diags.warn(Span::new(1, 1), "both a `summary:` field and a Summary section: the field wins, the section is kept as body text");
            let section = Section {
                title: Some(vec![Inline::text("Summary")]),
                id: String::new(),
                blocks: std::mem::take(&mut doc.summary),
                span: Span::default(),
            };
            doc.sections.insert(0, section);
        }
        doc.summary = blocks;
    }
    if let Some(c) = extra.copyright {
        doc.copyright = Some(vec![Inline::text(c)]);
    }
    if let Some(d) = extra.disclaimer {
        doc.disclaimer = vec![Block::Paragraph {
            content: vec![Inline::text(d)],
            span: Span::default(),
        }];
    }
}

/// Where the blocks being read go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Destination {
    Body,
    Summary,
    Authors,
    Disclaimer,
}

/// Sorts body items into summary, sections, notes and back matter.
fn assemble(items: Vec<Item>, style: Style, doc: &mut Document) {
    let mut a = Assembler {
        style,
        part: Destination::Body,
        current: None,
        last_paragraph: items
            .iter()
            .rposition(|it| matches!(it, Item::Block(Block::Paragraph { .. }))),
        tail: back_matter_tail(&items, &doc.meta),
        doc,
    };
    for (index, item) in items.into_iter().enumerate() {
        match item {
            Item::Heading {
                level,
                content,
                span,
            } if level <= 2 => a.part_heading(content, span),
            Item::Heading {
                level,
                content,
                span,
            } => a.push(Block::Heading {
                level: level.clamp(3, 6),
                content,
                id: String::new(),
                span,
            }),
            // A label defined twice is reported once, by the numbering pass.
            Item::FootnoteDef {
                label,
                blocks,
                span,
            } => a.doc.footnotes.push(Footnote {
                number: 0,
                label,
                blocks,
                span,
            }),
            Item::Break(span) => {
                let block = if style == Style::Authored {
                    Block::Rule
                } else {
                    Block::PageBreak { span }
                };
                route(block, a.part, &mut a.current, a.doc);
            }
            Item::Block(block) => a.block(index, block),
        }
    }
    a.finish_section();
}

/// The state of [`assemble`]: which part is being read and the section being filled.
struct Assembler<'d> {
    style: Style,
    part: Destination,
    current: Option<Section>,
    /// Index of the last paragraph item (a © line there is the copyright).
    last_paragraph: Option<usize>,
    /// Index from which institute paragraphs are taken as back matter.
    tail: usize,
    doc: &'d mut Document,
}

impl Assembler<'_> {
    fn finish_section(&mut self) {
        if let Some(s) = self.current.take()
            && (s.title.is_some() || !s.blocks.is_empty())
        {
            self.doc.sections.push(s);
        }
    }

    /// A level 1–2 heading: a fixed part's heading (kept as written) or a new section.
    fn part_heading(&mut self, content: Vec<Inline>, span: Span) {
        let text = plain_text(&content);
        let heading = text.split_whitespace().collect::<Vec<_>>().join(" ");
        self.finish_section();
        let headings = &mut self.doc.part_headings;
        if extracted::is_summary_heading(&text) && self.doc.summary.is_empty() {
            self.part = Destination::Summary;
            headings.summary.get_or_insert(heading);
            return;
        }
        if extracted::is_authors_heading(&text) {
            self.part = Destination::Authors;
            headings.authors.get_or_insert(heading);
            return;
        }
        if extracted::is_disclaimer_heading(&text) {
            self.part = Destination::Disclaimer;
            headings.disclaimer.get_or_insert(heading);
            return;
        }
        self.part = Destination::Body;
        // Extraction mangles headings into emphasis fragments: keep the words.
        let title = if self.style == Style::Extracted || extracted::fully_formatted(&content) {
            vec![Inline::text(text.trim())]
        } else {
            content
        };
        self.current = Some(Section {
            title: Some(title),
            id: String::new(),
            blocks: Vec::new(),
            span,
        });
    }

    /// A heading inside a part.
    fn push(&mut self, block: Block) {
        match self.part {
            Destination::Summary if self.style == Style::Authored => self.doc.summary.push(block),
            Destination::Body | Destination::Summary => {
                self.part = Destination::Body;
                self.section().push(block);
            }
            Destination::Authors => push_author_block(self.doc, block),
            Destination::Disclaimer => self.doc.disclaimer.push(block),
        }
    }

    fn section(&mut self) -> &mut Vec<Block> {
        &mut self.current.get_or_insert_with(Section::default).blocks
    }

    /// A block that is not a heading: back-matter paragraphs are recognised wherever they
    /// stand; the rest goes to the part being read.
    fn block(&mut self, index: usize, block: Block) {
        if let Block::Paragraph { content, .. } = &block {
            if let Some(rest) = disclaimer_lead(content) {
                self.doc.disclaimer.push(Block::Paragraph {
                    content: rest,
                    span: block.span(),
                });
                return;
            }
            if index >= self.tail && about_an_institution(&plain_text(content), &self.doc.meta) {
                self.doc.about_publisher.push(block);
                return;
            }
            let in_back = self.part == Destination::Authors || self.part == Destination::Disclaimer;
            if is_copyright(content) && (in_back || Some(index) == self.last_paragraph) {
                self.doc.copyright = Some(content.clone());
                return;
            }
        }
        if self.strays_from_the_authors_part(&block) {
            author_paragraph(self.doc, block);
            return;
        }
        match self.part {
            Destination::Summary => self.summary_block(block),
            Destination::Authors => author_paragraph(self.doc, block),
            Destination::Disclaimer => self.doc.disclaimer.push(block),
            Destination::Body => route(block, self.part, &mut self.current, self.doc),
        }
    }

    /// An author's entry (`**Name** is…`, the name one of the brief's authors) found in the
    /// body after the authors heading: two columns read out of order put the next section's
    /// heading between them.
    fn strays_from_the_authors_part(&self, block: &Block) -> bool {
        let Block::Paragraph { content, .. } = block else {
            return false;
        };
        let Some(Inline::Strong { content: name }) = content.first() else {
            return false;
        };
        let name = plain_text(name);
        self.style == Style::Extracted
            && self.part == Destination::Body
            && self.doc.part_headings.authors.is_some()
            && self.doc.meta.authors.iter().any(|a| a.name == name.trim())
    }

    fn summary_block(&mut self, block: Block) {
        let is_break = matches!(block, Block::PageBreak { .. });
        if self.style == Style::Extracted
            && !is_break
            && !self.doc.summary.is_empty()
            && !extracted::continues_summary(&self.doc.summary, &block)
        {
            // Extracted: what follows the summary is the untitled introduction.
            self.part = Destination::Body;
            self.section().push(block);
        } else {
            self.doc.summary.push(block);
        }
    }
}

/// Appends a block to the part being read.
fn route(block: Block, part: Destination, current: &mut Option<Section>, doc: &mut Document) {
    match part {
        Destination::Body | Destination::Summary => current
            .get_or_insert_with(Section::default)
            .blocks
            .push(block),
        Destination::Authors => push_author_block(doc, block),
        Destination::Disclaimer => doc.disclaimer.push(block),
    }
}

#[cfg(test)]
mod tests {
    use super::backmatter::*;
    use super::*;
    use crate::model::Meta;

    /// Reads and runs the passes, as `crate::parse` does.
    fn doc(text: &str) -> (Document, Diagnostics) {
        let mut d = Diagnostics::new();
        let mut rec = Recognised::default();
        let mut doc = read(text, &ReadOptions::default(), &mut d, &mut rec).expect("reads");
        crate::transform::run(&mut doc, &mut d);
        (doc, d)
    }

    fn texts(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .map(|b| crate::model::blocks_plain_text(std::slice::from_ref(b)))
            .collect()
    }

    #[test]
    fn decode_normalises_and_locates_bad_bytes() {
        let mut d = Diagnostics::new();
        let opts = ReadOptions::default();
        assert_eq!(
            decode(b"\xef\xbb\xbf# T\r\nx\ry", &opts, &mut d).as_deref(),
            Some("# T\nx\ny")
        );
        assert!(d.is_empty());
        assert_eq!(decode(b"ab\nc\xff", &opts, &mut d), None);
        let e = d.iter().next().unwrap();
        assert_eq!((e.span.line, e.span.col), (2, 2));
        assert!(e.message.contains("byte offset 4"), "{}", e.message);
        let mut d = Diagnostics::new();
        assert_eq!(decode(b" \n\t", &opts, &mut d), None);
        assert!(d.has_errors());
    }

    #[test]
    fn extracted_summary_is_first_paragraph_then_untitled_intro() {
        let (doc, d) = doc(
            "# Title\n\n## Summary\n\nThe summary.\n\nIntro one.\n\nIntro two.\n\n## Next\n\nBody.\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(texts(&doc.summary), ["The summary."]);
        assert_eq!(doc.sections[0].title, None);
        assert_eq!(texts(&doc.sections[0].blocks), ["Intro one.", "Intro two."]);
        assert_eq!(
            doc.sections[1].title.as_deref().map(plain_text).as_deref(),
            Some("Next")
        );
    }

    #[test]
    fn authored_summary_section_and_subheadings() {
        let (doc, _) = doc(
            "---\ntitle: T\n---\n\n## Summary\n\nOne.\n\nTwo.\n\n## Body\n\n### Sub\n\nText.\n",
        );
        assert_eq!(texts(&doc.summary), ["One.", "Two."]);
        assert_eq!(doc.sections.len(), 1);
        assert!(matches!(
            doc.sections[0].blocks[0],
            Block::Heading { level: 3, .. }
        ));
    }

    #[test]
    fn headings_sized_alike_in_two_styles_are_two_levels() {
        let (doc, _) = doc(
            "# **Buses**\n\n## **_Summary_**\n\nOne.\n\n## **_A Network in Retreat_**\n\nText.\n\n## **Who is left behind**\n\nText.\n\n## **What it costs**\n\nText.\n\n## **_Paying for It_**\n\nText.\n",
        );
        let titles: Vec<String> = doc
            .sections
            .iter()
            .map(|s| plain_text(s.title.as_deref().unwrap_or_default()))
            .collect();
        assert_eq!(titles, ["A Network in Retreat", "Paying for It"]);
        let subheadings = doc.sections[0]
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Heading { level: 3, .. }))
            .count();
        assert_eq!(subheadings, 2);
    }

    #[test]
    fn sup_markers_after_words_and_punctuation_and_pairs() {
        let (doc, d) = doc(
            "# Title\n\nA word<sup>1</sup> and a stop.<sup>2,3</sup>\n\n---\n\n<sup>1</sup> One.\n\n<sup>2</sup> Two.\n\n<sup>3</sup> Three.\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let Block::Paragraph { content, .. } = &doc.sections[0].blocks[0] else {
            panic!()
        };
        let numbers: Vec<u32> = content
            .iter()
            .filter_map(|i| match i {
                Inline::FootnoteRef { number, .. } => Some(*number),
                _ => None,
            })
            .collect();
        assert_eq!(numbers, [1, 2, 3]);
        assert_eq!(plain_text(content), "A word and a stop.");
        assert_eq!(doc.footnotes.len(), 3);
    }

    #[test]
    fn empty_link_targets_are_plain_text() {
        let (doc, _) = doc("# Title\n\nSee [the report](#) and [site](https://example.org).\n");
        let Block::Paragraph { content, .. } = &doc.sections[0].blocks[0] else {
            panic!()
        };
        let links = content
            .iter()
            .filter(|i| matches!(i, Inline::Link { .. }))
            .count();
        assert_eq!(links, 1);
        assert_eq!(plain_text(content), "See the report and site.");
    }

    #[test]
    fn note_split_over_a_page_is_rejoined_from_its_text() {
        let (doc, _) = doc(
            "# Title\n\nText.<sup>1</sup> More.<sup>2</sup>\n\n---\n\n<sup>1</sup> A book, vol.\n\nBody goes on.\n\n---\n\n3, 2020.\n\n<sup>2</sup> Other.\n",
        );
        assert_eq!(texts(&doc.footnotes[0].blocks), ["A book, vol. 3, 2020."]);
        assert_eq!(texts(&doc.footnotes[1].blocks), ["Other."]);
        assert_eq!(
            texts(&doc.sections[0].blocks),
            ["Text. More.", "Body goes on."]
        );
    }

    #[test]
    fn back_matter_parts() {
        let (doc, _) = doc(
            "# ACME\n\n# Title\n\n*Ana Lima and Bo Chen*\n\nBody.\n\n## About the Authors\n\n**Ana Lima** is a fellow.\n\n**Bo Chen**, economist, writes.\n\n**Alpha Centre for Maritime Economics** is a think tank.\n\n*Disclaimer:* Our own views.\n\n© ACME 2025\n",
        );
        let names: Vec<&str> = doc.author_box.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["Ana Lima", "Bo Chen"]);
        assert_eq!(texts(&doc.author_box[1].bio), ["economist, writes."]);
        assert_eq!(
            texts(&doc.about_publisher),
            ["Alpha Centre for Maritime Economics is a think tank."]
        );
        assert_eq!(texts(&doc.disclaimer), ["Our own views."]);
        assert_eq!(
            doc.copyright.as_deref().map(plain_text).as_deref(),
            Some("© ACME 2025")
        );
    }

    #[test]
    fn an_unbolded_institute_paragraph_is_about_the_publisher() {
        let (doc, _) = doc(
            "# Title\n\n*Ana Lima*\n\nBody.\n\n## Authors\n\n**Ana Lima** is a fellow.\n\nHarbour Policy Lab is an independent centre.\n",
        );
        assert_eq!(
            texts(&doc.about_publisher),
            ["Harbour Policy Lab is an independent centre."]
        );
        assert!(!about_an_institution("Ana Lima is a fellow.", &doc.meta));

        assert!(about_an_institution(
            "Das Forum Kommunale Energiewende ist ein Verein.",
            &doc.meta
        ));
        assert!(about_an_institution(
            "L'Institut de recherche est un centre.",
            &doc.meta
        ));
    }

    #[test]
    fn a_bio_opening_with_an_author_name_is_their_entry() {
        let (plain, _) =
            doc("# Title\n\nAna Lima\n\nBody.\n\n## About the Author\n\nAna Lima is a fellow.\n");
        assert_eq!(plain.author_box.len(), 1);
        assert_eq!(texts(&plain.author_box[0].bio), ["is a fellow."]);
        assert!(plain.about_publisher.is_empty());
    }

    #[test]
    fn an_author_entry_after_the_next_heading_is_still_the_authors() {
        // Two columns read out of order: the authors heading, the next section's heading, and
        // then the entries.
        let text = "# Title\n\nBy Ana Lima and Bo Chen\n\n## Intro\n\nBody text here.\n\n\
                    ## About the Authors\n\n## Next Steps\n\nMore text.\n\n\
                    **Ana Lima** is a fellow.\n\n**Bo Chen** is a lecturer.\n";
        let (d, _) = doc(text);
        let names: Vec<&str> = d.author_box.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["Ana Lima", "Bo Chen"]);
        assert_eq!(texts(&d.author_box[1].bio), ["is a lecturer."]);
        // A bold name that is no author stays in the body.
        let (d, _) = doc(&text.replace("**Bo Chen**", "**Cy Dunn**"));
        assert_eq!(d.author_box.len(), 1);
    }

    #[test]
    fn copyright_lines() {
        assert!(is_copyright(&[Inline::text("© Some Institute 2024")]));
        assert!(is_copyright(&[Inline::text(
            "Copyright 2024 Some Institute"
        )]));
        assert!(!is_copyright(&[Inline::text(
            "The copyright regime matters."
        )]));
    }

    #[test]
    fn publisher_names() {
        let meta = Meta {
            publisher: Some("NIMA".into()),
            authors: vec![crate::model::Author {
                name: "Ana Lima".into(),
                affiliation: None,
            }],
            ..Meta::default()
        };
        assert!(is_publisher_name(
            "Nordic Institute of Maritime Affairs",
            &meta
        ));
        assert!(is_publisher_name("Harbour Policy Institute", &meta));
        assert!(!is_publisher_name("Dr. Ana Lima", &meta));
        assert!(!is_publisher_name("Bo Chen", &meta));
    }

    #[test]
    fn acronyms() {
        assert!(acronym_matches("Centre for Policy Research", "CPR"));
        assert!(acronym_matches(
            "Nordic Institute of Maritime Affairs",
            "N-IMA"
        ));
        assert!(!acronym_matches("Jane Doe", "CPR"));
    }

    #[test]
    fn disclaimer_paragraphs() {
        let p = vec![
            Inline::Emph {
                content: vec![Inline::text("Disclaimer:")],
            },
            Inline::text(" Views are the authors'."),
        ];
        assert_eq!(
            plain_text(&disclaimer_lead(&p).unwrap()),
            "Views are the authors'."
        );
        assert!(disclaimer_lead(&[Inline::text("No disclaimer here.")]).is_none());
    }

    #[test]
    fn summary_field_cites_notes_defined_in_the_body() {
        let src = "---\ntitle: T\nsummary: \"Prices rose.[^p] And [^nowhere].\"\n---\n\n## Body\n\nText.[^q]\n\n[^p]: Price note.\n[^q]: Other note.\n";
        let parsed = crate::parse(src.as_bytes(), &ReadOptions::default());
        let doc = parsed.document.unwrap();
        let labels: Vec<&str> = doc.footnotes.iter().map(|n| n.label.as_str()).collect();
        assert_eq!(labels, ["p", "q"], "the summary's citation comes first");
        match &doc.summary[0] {
            Block::Paragraph { content, .. } => {
                assert!(
                    content
                        .iter()
                        .any(|i| matches!(i, Inline::FootnoteRef { number: 1, .. }))
                );
                assert_eq!(plain_text(content), "Prices rose. And .");
            }
            other => panic!("{other:?}"),
        }
        assert!(
            parsed.diagnostics.iter().any(|d| d
                .message
                .contains("`nowhere` is referenced but not defined")
                && (d.span.line, d.span.col) == (3, 32)),
            "{:?}",
            parsed.diagnostics
        );
    }
}
