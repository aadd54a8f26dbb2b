//! Model → HTML markup, shared by the HTML writer (HTML5 syntax) and the EPUB writer (XHTML
//! syntax). Every text run and attribute value is escaped here, in one place; link targets
//! are checked again even though the transform pass already dropped unsafe ones.

use crate::model::{Align, Block, Inline};
use crate::write::labels::{self, Labels};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Which serialisation: HTML5 (`<br>`) or XHTML for EPUB (`<br/>`, `epub:type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    Html,
    Xhtml,
}

/// Escapes text content.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// A URL as a valid `href`: characters URLs may not contain (space, quotes, angle brackets,
/// backslash, braces, `|`, `^`, backtick, controls, a second `#`) are percent-encoded, and a `%`
/// that starts no escape becomes `%25`. Letters of any script are kept (IRIs are valid).
pub fn encode_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    let bytes = url.as_bytes();
    let mut seen_hash = false;
    for (i, c) in url.char_indices() {
        let escape = match c {
            ' ' | '"' | '<' | '>' | '\\' | '{' | '}' | '|' | '^' | '`' => true,
            '#' => std::mem::replace(&mut seen_hash, true),
            '%' => {
                !(bytes.len() > i + 2
                    && bytes[i + 1].is_ascii_hexdigit()
                    && bytes[i + 2].is_ascii_hexdigit())
            }
            c => c.is_control(),
        };
        if escape {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Is the first strongly directional character of `text` right-to-left (`Some(true)`),
/// left-to-right (`Some(false)`), or is there none?
pub fn first_strong_rtl(text: &str) -> Option<bool> {
    use unicode_bidi::{BidiClass, bidi_class};
    text.chars().find_map(|c| match bidi_class(c) {
        BidiClass::L => Some(false),
        BidiClass::R | BidiClass::AL => Some(true),
        _ => None,
    })
}

/// ` dir="rtl"` for a block whose text starts right-to-left (Arabic, Hebrew…), so that it
/// is laid out and aligned from the right; nothing otherwise. The first strong character
/// decides (digits and punctuation before it do not); a block with none, but with
/// Arabic-Indic digits (a figure, a table cell, a year), is right-to-left too, as its
/// digits are Arabic script's.
pub fn dir_attr(content: &[Inline]) -> &'static str {
    if rtl_inlines(content) { RTL } else { "" }
}

/// ` dir="rtl"` for a container of blocks (a list item, a note) whose text starts
/// right-to-left, by the same rule as [`dir_attr`]: its bullet or number then stands on the
/// right too.
pub fn blocks_dir_attr(blocks: &[Block]) -> &'static str {
    if rtl_blocks(blocks) { RTL } else { "" }
}

const RTL: &str = " dir=\"rtl\"";

/// Is a block of these inlines right-to-left (see [`dir_attr`])? The one test every writer
/// uses: the PDF's data marks the same blocks that the HTML and EPUB give `dir="rtl"`.
pub fn rtl_inlines(content: &[Inline]) -> bool {
    is_rtl_block(&crate::model::plain_text(content))
}

/// Are these blocks, read as one (a list item, a note), right-to-left (see [`dir_attr`])?
/// Their printed text in reading order decides, whichever kind of block holds it.
pub fn rtl_blocks(blocks: &[Block]) -> bool {
    use crate::model::{StrKind, Visit};
    struct Printed(String);
    impl<'a> Visit<'a> for Printed {
        fn visit_string(&mut self, s: &'a String, kind: StrKind) {
            match kind {
                StrKind::Text | StrKind::Code { .. } => self.0.push_str(s),
                StrKind::Url | StrKind::Meta => {}
            }
        }
    }
    let mut printed = Printed(String::new());
    for b in blocks {
        printed.visit_block(b);
        if first_strong_rtl(&printed.0).is_some() {
            break;
        }
    }
    is_rtl_block(&printed.0)
}

/// Is a block of `text` right-to-left (see [`dir_attr`])?
fn is_rtl_block(text: &str) -> bool {
    first_strong_rtl(text).unwrap_or_else(|| text.chars().any(is_arabic_indic_digit))
}

/// Arabic-Indic (U+0660–U+0669) and Extended Arabic-Indic (U+06F0–U+06F9) digits: weak
/// characters to the bidi algorithm, so they do not make a block right-to-left by themselves.
fn is_arabic_indic_digit(c: char) -> bool {
    matches!(c, '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}')
}

fn is_rtl(c: char) -> bool {
    use unicode_bidi::{BidiClass, bidi_class};
    matches!(bidi_class(c), BidiClass::R | BidiClass::AL)
}

fn is_ltr(c: char) -> bool {
    unicode_bidi::bidi_class(c) == unicode_bidi::BidiClass::L
}

/// Escaped text; a right-to-left run inside it (from its first right-to-left letter to the
/// last one before a left-to-right letter) is isolated in `<span dir="rtl">`, so that its
/// punctuation and numbers are ordered as its readers expect.
fn push_text_with_direction(text: &str, out: &mut String) {
    if !text.chars().any(is_rtl) {
        out.push_str(&escape_text(text));
        return;
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    let mut plain_from = 0;
    while i < chars.len() {
        if !is_rtl(chars[i].1) {
            i += 1;
            continue;
        }
        // A run: up to the last right-to-left character before the next left-to-right one.
        let start = chars[i].0;
        let mut last = i;
        let mut j = i;
        while j < chars.len() && !is_ltr(chars[j].1) {
            if is_rtl(chars[j].1) {
                last = j;
            }
            j += 1;
        }
        let end = chars[last].0 + chars[last].1.len_utf8();
        out.push_str(&escape_text(&text[plain_from..start]));
        let _ = write!(
            out,
            "<span dir=\"rtl\">{}</span>",
            escape_text(&text[start..end])
        );
        plain_from = end;
        i = last + 1;
    }
    out.push_str(&escape_text(&text[plain_from..]));
}

/// Escapes an attribute value (always written in double quotes).
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A page of the PDF that begins where a part begins (its first inline is a page start)
/// begins before the part's heading or name, which the writers print: returns that page's
/// number and the part without it, so the writer can put the marker first.
pub fn leading_page_start(blocks: &[Block]) -> (Option<u32>, Vec<Block>) {
    let mut blocks = blocks.to_vec();
    let number = match blocks.first_mut() {
        Some(Block::Paragraph { content, .. } | Block::Heading { content, .. }) => {
            match content.first() {
                Some(&Inline::PageStart { number }) => {
                    content.remove(0);
                    Some(number)
                }
                _ => None,
            }
        }
        _ => None,
    };
    (number, blocks)
}

/// Renders blocks and inlines. Remembers every note reference it wrote, so that the notes
/// can link back to each one.
pub struct Markup<'a> {
    pub flavor: Flavor,
    /// Prefix of note links: `""` for notes on the same page, `"notes.xhtml"` in an EPUB.
    pub notes_href: String,
    /// Maps an image's model `url` to the `src` to write; `None` leaves the image out (its alt
    /// text is kept).
    pub image_src: &'a dyn Fn(&str) -> Option<String>,
    /// The ids of the references written, per note number, in order.
    pub refs: BTreeMap<u32, Vec<String>>,
    /// The words the markup adds (a note reference's accessible name); English unless the
    /// writer sets the brief's language.
    pub labels: &'static Labels,
    /// The page-break markers written, in order (see [`Markup::page_start`]).
    pub pages: Vec<u32>,
    /// The brief's language tag: a paragraph certainly in another (see
    /// [`crate::model::lang::paragraph_language`]) gets its own `lang`. Empty when not set.
    pub lang: String,
    /// The reference about to be written directly follows another (see [`Markup::inlines`]).
    note_follows: bool,
}

impl<'a> Markup<'a> {
    pub fn new(
        flavor: Flavor,
        notes_href: &str,
        image_src: &'a dyn Fn(&str) -> Option<String>,
    ) -> Self {
        Markup {
            flavor,
            notes_href: notes_href.to_string(),
            image_src,
            refs: BTreeMap::new(),
            labels: labels::for_lang("en"),
            pages: Vec::new(),
            lang: String::new(),
            note_follows: false,
        }
    }

    /// ` lang="ja"` for a paragraph certainly in another language than the brief's, so that
    /// the style sheet draws it in that language's face (`:lang()`).
    fn lang_attr(&self, content: &[Inline]) -> String {
        crate::model::lang::paragraph_language(&crate::model::plain_text(content), &self.lang)
            .map(|lang| format!(" lang=\"{lang}\""))
            .unwrap_or_default()
    }

    fn void(&self, tag: &str) -> String {
        match self.flavor {
            Flavor::Html => format!("<{tag}>"),
            Flavor::Xhtml => format!("<{tag}/>"),
        }
    }

    pub fn blocks(&mut self, blocks: &[Block], out: &mut String) {
        for b in blocks {
            self.block(b, out);
        }
    }

    /// The blocks of a tight list item: paragraphs without `<p>`. A paragraph in another
    /// language than the brief's gets a `<span lang>` in place of the `<p lang>` it would have
    /// in a loose list, so that it is drawn in its language's faces in every list.
    fn tight_blocks(&mut self, blocks: &[Block], out: &mut String) {
        for (i, b) in blocks.iter().enumerate() {
            match b {
                Block::Paragraph { content, .. } => {
                    if i > 0 {
                        out.push_str(&self.void("br"));
                    }
                    let lang = self.lang_attr(content);
                    if !lang.is_empty() {
                        let _ = write!(out, "<span{lang}>");
                    }
                    self.inlines(content, out);
                    if !lang.is_empty() {
                        out.push_str("</span>");
                    }
                }
                other => self.block(other, out),
            }
        }
    }

    pub fn block(&mut self, block: &Block, out: &mut String) {
        match block {
            // Where a page begins before a figure: the marker alone, not an empty paragraph.
            Block::Paragraph { content, .. }
                if !content.is_empty()
                    && content
                        .iter()
                        .all(|i| matches!(i, Inline::PageStart { .. })) =>
            {
                self.inlines(content, out);
                out.push('\n');
            }
            Block::Paragraph { content, .. } => {
                let _ = write!(out, "<p{}{}>", dir_attr(content), self.lang_attr(content));
                self.inlines(content, out);
                out.push_str("</p>\n");
            }
            Block::Heading {
                level, content, id, ..
            } => {
                let level = (*level).clamp(3, 6);
                let _ = write!(
                    out,
                    "<h{level} id=\"{}\"{}>",
                    escape_attr(id),
                    dir_attr(content)
                );
                self.inlines(content, out);
                let _ = writeln!(out, "</h{level}>");
            }
            Block::List {
                ordered,
                start,
                tight,
                items,
            } => {
                let tag = if *ordered { "ol" } else { "ul" };
                match start {
                    Some(n) if *ordered => {
                        let _ = writeln!(out, "<{tag} start=\"{n}\">");
                    }
                    _ => {
                        let _ = writeln!(out, "<{tag}>");
                    }
                }
                for item in items {
                    let _ = write!(out, "<li{}>", blocks_dir_attr(item));
                    if *tight {
                        self.tight_blocks(item, out);
                    } else {
                        self.blocks(item, out);
                    }
                    out.push_str("</li>\n");
                }
                let _ = writeln!(out, "</{tag}>");
            }
            Block::Quote { blocks } => {
                out.push_str("<blockquote>\n");
                self.blocks(blocks, out);
                out.push_str("</blockquote>\n");
            }
            Block::Code { lang, text } => {
                // A code block scrolls sideways rather than wrap: keyboard users must be able
                // to reach it to scroll it (WCAG 2.1.1; axe's scrollable-region-focusable).
                match lang {
                    Some(l) => {
                        let _ = write!(
                            out,
                            "<pre tabindex=\"0\"><code class=\"language-{}\">",
                            escape_attr(&crate::model::text::slug(l))
                        );
                    }
                    None => out.push_str("<pre tabindex=\"0\"><code>"),
                }
                out.push_str(&escape_text(text));
                out.push_str("</code></pre>\n");
            }
            Block::Table {
                align,
                header,
                rows,
                caption,
            } => {
                let align = crate::model::figures::column_alignment(align, header, rows);
                // The wrapper scrolls a wide table: keyboard users must be able to reach it.
                out.push_str("<div class=\"table-wrap\" tabindex=\"0\"><table>\n");
                if !caption.is_empty() {
                    let _ = write!(out, "<caption{}>", dir_attr(caption));
                    self.inlines(caption, out);
                    out.push_str("</caption>\n");
                }
                if !header.is_empty() {
                    out.push_str("<thead><tr>");
                    for (i, cell) in header.iter().enumerate() {
                        // A header cell with no text heads nothing: a plain cell, so that
                        // assistive technology does not announce an empty header.
                        let tag = if crate::model::plain_text(cell).trim().is_empty() {
                            "td"
                        } else {
                            "th"
                        };
                        self.cell(tag, align.get(i).copied().unwrap_or_default(), cell, out);
                    }
                    out.push_str("</tr></thead>\n");
                }
                out.push_str("<tbody>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for (i, cell) in row.iter().enumerate() {
                        self.cell("td", align.get(i).copied().unwrap_or_default(), cell, out);
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody></table></div>\n");
            }
            Block::Image {
                url, alt, title, ..
            } => {
                let src = if url.is_empty() {
                    None
                } else {
                    (self.image_src)(url)
                };
                match src {
                    Some(src) => {
                        out.push_str("<figure>");
                        let img = format!(
                            "img src=\"{}\" alt=\"{}\"",
                            escape_attr(&src),
                            escape_attr(alt)
                        );
                        out.push_str(&self.void(&img));
                        if let Some(t) = title {
                            let _ = write!(out, "<figcaption>{}</figcaption>", escape_text(t));
                        }
                        out.push_str("</figure>\n");
                    }
                    None if !alt.is_empty() => {
                        let _ =
                            writeln!(out, "<p class=\"missing-image\">[{}]</p>", escape_text(alt));
                    }
                    None => {}
                }
            }
            Block::Rule => {
                out.push_str(&self.void("hr"));
                out.push('\n');
            }
            Block::PageBreak { .. } => {}
        }
    }

    fn cell(&mut self, tag: &str, align: Align, content: &[Inline], out: &mut String) {
        let class = match align {
            Align::None => "",
            Align::Left => " class=\"align-left\"",
            Align::Center => " class=\"align-center\"",
            Align::Right => " class=\"align-right\"",
        };
        let _ = write!(out, "<{tag}{class}{}>", dir_attr(content));
        self.inlines(content, out);
        let _ = write!(out, "</{tag}>");
    }

    /// Writes `inlines`. A note reference right after another gets the class `noteref-next`,
    /// so the theme can set them apart (`²,³`, not `²³`, which reads as note 23).
    pub fn inlines(&mut self, inlines: &[Inline], out: &mut String) {
        let mut after_note = false;
        for i in inlines {
            let is_note = matches!(i, Inline::FootnoteRef { .. });
            self.note_follows = is_note && after_note;
            self.inline(i, out);
            after_note = is_note;
        }
    }

    fn wrap(&mut self, tag: &str, content: &[Inline], out: &mut String) {
        let _ = write!(out, "<{tag}>");
        self.inlines(content, out);
        let _ = write!(out, "</{tag}>");
    }

    pub fn inline(&mut self, inline: &Inline, out: &mut String) {
        match inline {
            Inline::Text { text } => push_text_with_direction(text, out),
            Inline::Emph { content } => self.wrap("em", content, out),
            Inline::Strong { content } => self.wrap("strong", content, out),
            Inline::Strikeout { content } => self.wrap("s", content, out),
            Inline::Superscript { content } => self.wrap("sup", content, out),
            Inline::Subscript { content } => self.wrap("sub", content, out),
            Inline::Code { text } => {
                let _ = write!(out, "<code>{}</code>", escape_text(text));
            }
            Inline::Link {
                url,
                title,
                content,
                ..
            } => {
                if crate::model::url::safe_url(url) {
                    let _ = write!(out, "<a href=\"{}\"", escape_attr(&encode_url(url)));
                    if let Some(t) = title {
                        let _ = write!(out, " title=\"{}\"", escape_attr(t));
                    }
                    out.push('>');
                    self.inlines(content, out);
                    out.push_str("</a>");
                } else {
                    self.inlines(content, out);
                }
            }
            Inline::FootnoteRef { number, .. } => {
                let ids = self.refs.entry(*number).or_default();
                let id = if ids.is_empty() {
                    format!("fnref-{number}")
                } else {
                    format!("fnref-{number}-{}", ids.len() + 1)
                };
                ids.push(id.clone());
                let epub = match self.flavor {
                    Flavor::Html => "",
                    Flavor::Xhtml => " epub:type=\"noteref\"",
                };
                // The accessible name says "Note 3", not "3": assistive technology seldom
                // announces the `doc-noteref` role itself.
                // `noteref` lets style sheets set the reference's `sup` (its size and
                // raise) where reading systems lack `:has()`.
                let class = if std::mem::take(&mut self.note_follows) {
                    " class=\"noteref noteref-next\""
                } else {
                    " class=\"noteref\""
                };
                let _ = write!(
                    out,
                    "<sup{class}><a href=\"{}#fn-{number}\" id=\"{id}\" role=\"doc-noteref\"{epub} aria-label=\"{} {number}\">{number}</a></sup>",
                    escape_attr(&self.notes_href),
                    escape_attr(self.labels.note)
                );
            }
            Inline::LineBreak => out.push_str(&self.void("br")),
            Inline::PageStart { number } => self.page_start(*number, out),
        }
    }

    /// The marker of where page `number` of the PDF edition begins: empty, named by its
    /// number for assistive technology; the theme decides whether it is seen. The e-book names
    /// it with `aria-label` (what Ace by DAISY looks for); the web page with `title`, because
    /// axe-core rejects `aria-label` on an empty element (both are its accessible name).
    pub fn page_start(&mut self, number: u32, out: &mut String) {
        let (epub, name) = match self.flavor {
            Flavor::Html => ("", "title"),
            Flavor::Xhtml => (" epub:type=\"pagebreak\"", "aria-label"),
        };
        let _ = write!(
            out,
            "<span class=\"bp-page\" id=\"page-{number}\" role=\"doc-pagebreak\"{epub} {name}=\"{number}\"></span>"
        );
        self.pages.push(number);
    }

    /// Renders inlines to a new string.
    pub fn inlines_to_string(&mut self, inlines: &[Inline]) -> String {
        let mut s = String::new();
        self.inlines(inlines, &mut s);
        s
    }

    /// Renders blocks to a new string.
    pub fn blocks_to_string(&mut self, blocks: &[Block]) -> String {
        let mut s = String::new();
        self.blocks(blocks, &mut s);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_right_after_another_is_marked_for_the_theme_to_set_apart() {
        let note = |n: u32| Inline::FootnoteRef {
            number: n,
            label: n.to_string(),
            repeat: false,
            span: Default::default(),
        };
        let none = |_: &str| None;
        let mut m = Markup::new(Flavor::Html, "", &none);
        let html = m.inlines_to_string(&[
            Inline::text("a"),
            note(1),
            note(2),
            note(3),
            Inline::text(" b"),
            note(4),
        ]);
        let classes: Vec<&str> = html
            .split("<sup")
            .skip(1)
            .map(|s| {
                if s.starts_with(" class=\"noteref noteref-next\"") {
                    "next"
                } else {
                    "first"
                }
            })
            .collect();
        assert_eq!(classes, ["first", "next", "next", "first"]);
    }

    #[test]
    fn the_first_strong_character_or_arabic_indic_digits_decide_the_direction() {
        assert!(is_rtl_block("\u{663}\u{664}\u{665}"));
        assert!(is_rtl_block("\u{6F3}\u{6F4}"));
        assert!(is_rtl_block("\u{663} \u{5E9}\u{5DC}\u{5D5}\u{5DD}"));
        assert!(!is_rtl_block("\u{663} and"));
        assert!(!is_rtl_block("345 (2024)"));
        assert!(!is_rtl_block(""));
    }

    #[test]
    fn right_to_left_text_gets_a_direction() {
        let none = |_: &str| None;
        let mut m = Markup::new(Flavor::Html, "", &none);
        let p = |t: &str| Block::Paragraph {
            content: vec![Inline::text(t)],
            span: Default::default(),
        };
        assert_eq!(
            m.blocks_to_string(&[p("שלום עולם.")]),
            "<p dir=\"rtl\"><span dir=\"rtl\">שלום עולם</span>.</p>\n"
        );
        assert_eq!(
            m.blocks_to_string(&[p("Arabic: مرحبا بالعالم، نعم. Done")]),
            "<p>Arabic: <span dir=\"rtl\">مرحبا بالعالم، نعم</span>. Done</p>\n"
        );
        assert_eq!(m.blocks_to_string(&[p("plain")]), "<p>plain</p>\n");
    }

    #[test]
    fn urls_are_encoded_for_href() {
        assert_eq!(
            encode_url("https://e.org/a b\"c?q=#x#y%zz%41"),
            "https://e.org/a%20b%22c?q=#x%23y%25zz%41"
        );
        assert_eq!(encode_url("https://e.org/ünï"), "https://e.org/ünï");
    }

    #[test]
    fn escapes_everything() {
        let none = |_: &str| None;
        let mut m = Markup::new(Flavor::Html, "", &none);
        let s = m.inlines_to_string(&[
            Inline::text("<script>alert('x')</script> & \"q\""),
            Inline::Link {
                url: "javascript:alert(1)".into(),
                title: None,
                content: vec![Inline::text("x")],
                span: Default::default(),
            },
            Inline::Link {
                url: "https://e.org/".into(),
                title: Some("A \"quoted\" <title>".into()),
                content: vec![Inline::text("y")],
                span: Default::default(),
            },
        ]);
        assert_eq!(
            s,
            "&lt;script&gt;alert('x')&lt;/script&gt; &amp; \"q\"x\
             <a href=\"https://e.org/\" title=\"A &quot;quoted&quot; &lt;title&gt;\">y</a>"
        );
    }

    #[test]
    fn a_tight_list_items_paragraph_in_another_language_gets_its_lang() {
        let none = |_: &str| None;
        let mut m = Markup::new(Flavor::Html, "", &none);
        m.lang = "en".into();
        let para = |t: &str| Block::Paragraph {
            content: vec![Inline::text(t)],
            span: Default::default(),
        };
        let list = Block::List {
            ordered: false,
            start: None,
            tight: true,
            items: vec![
                vec![para("港湾の整備には長期的な計画が必要です。")],
                vec![para("Ports and trade."), para("항만 개발 계획.")],
            ],
        };
        let mut out = String::new();
        m.block(&list, &mut out);
        assert!(out.contains("<li><span lang=\"ja\">港湾の整備"), "{out}");
        assert!(
            out.contains("<li>Ports and trade.<br><span lang=\"ko\">항만"),
            "{out}"
        );
        // In a loose list the paragraph carries it, as anywhere else.
        let Block::List { items, .. } = list else {
            unreachable!()
        };
        let mut out = String::new();
        m.block(
            &Block::List {
                ordered: false,
                start: None,
                tight: false,
                items,
            },
            &mut out,
        );
        assert!(out.contains("<p lang=\"ja\">港湾"), "{out}");
    }

    #[test]
    fn note_refs_get_unique_ids() {
        let none = |_: &str| None;
        let mut m = Markup::new(Flavor::Xhtml, "notes.xhtml", &none);
        let r = Inline::FootnoteRef {
            number: 3,
            label: "a".into(),
            repeat: false,
            span: Default::default(),
        };
        let s = m.inlines_to_string(&[r.clone(), r]);
        assert!(s.contains("id=\"fnref-3\""));
        assert!(s.contains("id=\"fnref-3-2\""));
        assert!(s.contains("href=\"notes.xhtml#fn-3\""));
        assert!(s.contains("epub:type=\"noteref\""));
        assert!(s.contains("aria-label=\"Note 3\""), "{s}");
        assert_eq!(m.refs[&3], ["fnref-3", "fnref-3-2"]);
        m.labels = labels::for_lang("de");
        assert!(
            m.inlines_to_string(&[Inline::FootnoteRef {
                number: 4,
                label: "b".into(),
                repeat: false,
                span: Default::default(),
            }])
            .contains("aria-label=\"Anmerkung 4\"")
        );
    }
}
