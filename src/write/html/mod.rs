//! The standalone HTML5 writer: one file per brief that opens anywhere, offline, years from now.
//! Everything it needs is inside it — the theme's CSS inlined, images as `data:` URIs — and it
//! runs no script and asks no other host for anything, so reading it leaks nothing and the file
//! cannot break when a server goes away.
//!
//! The page is semantic first (landmarks, DPUB-ARIA roles for the abstract and the notes, one
//! `h1`), so that screen readers and reader modes get the brief's structure without CSS; the
//! theme's layout tokens become classes on `<body>` that the style sheets key on.

pub mod fonts;
pub mod markup;

use crate::error::Result;
use crate::model::{Author, Block, Document};
use crate::theme::{Masthead, NoteNumbers, SummaryStyle, Theme, css};
use crate::write::fonts::Face;
use crate::write::labels::{self, Labels};
use crate::write::{Beside, Options, Resources};
use base64::Engine;
use fonts::HtmlFonts;
use markup::{Flavor, Markup, escape_attr, escape_text};
use std::fmt::Write;

/// Longest `<meta name="description">`, in characters: search engines show about this much.
const DESCRIPTION_MAX: usize = 300;

/// An image as a `data:` URI, or `None` if it is not an image type a browser shows.
pub fn data_uri(bytes: &[u8]) -> Option<String> {
    let mime = crate::write::image::sniff(bytes)?.mime;
    Some(format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    ))
}

/// The CSS of the page for a brief in `lang`: tokens (with the theme's faces for other
/// scripts), the shared style sheet, the page-only one and the print page.
pub fn page_css(theme: &Theme, lang: &str) -> String {
    let mut s = css::token_css(&theme.tokens.for_lang(lang), true);
    s.push_str(&css::page_css(&theme.tokens));
    for file in ["style.css", "html.css"] {
        s.push_str(theme.text(file));
        if !s.ends_with('\n') {
            s.push('\n');
        }
    }
    // Nothing in a theme's CSS may close the <style> element early.
    s.replace("</", "<\\/")
}

/// The classes on `<body>` that carry the theme's layout choices to the style sheets.
pub fn layout_classes(theme: &Theme) -> String {
    let l = &theme.tokens.layout;
    let summary = match l.summary {
        SummaryStyle::Boxed => "summary-boxed",
        SummaryStyle::Ruled => "summary-ruled",
    };
    let notes = match l.note_numbers {
        NoteNumbers::Superscript => "notes-superscript",
        NoteNumbers::FullSize => "notes-full-size",
    };
    let masthead = match l.masthead {
        Masthead::Band => "masthead-band",
        Masthead::Plain => "masthead-plain",
    };
    format!("{summary} {notes} {masthead}")
}

/// The byline, drawn as the PDF draws it: names alone on one line ("A, B and C"); with
/// affiliations, one author per line with the affiliation under the name, so that a name and
/// an institution never run together as one phrase.
fn byline(labels: &Labels, authors: &[Author]) -> String {
    let affiliation = |a: &Author| {
        a.affiliation
            .as_deref()
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(escape_text)
    };
    let name = |a: &Author| {
        format!(
            "<span class=\"author\">{}</span>",
            escape_text(a.name.trim())
        )
    };
    if authors.iter().any(|a| affiliation(a).is_some()) {
        let mut s = String::from("<div class=\"byline byline-stacked\">\n");
        for a in authors {
            let _ = match affiliation(a) {
                Some(aff) => writeln!(
                    s,
                    "<p>{}<br><span class=\"affiliation\">{aff}</span></p>",
                    name(a)
                ),
                None => writeln!(s, "<p>{}</p>", name(a)),
            };
        }
        s.push_str("</div>");
        return s;
    }
    let mut s = String::from("<p class=\"byline\">");
    for (i, a) in authors.iter().enumerate() {
        if i > 0 {
            s.push_str(if i + 1 == authors.len() {
                labels.list_last
            } else {
                labels.list_sep
            });
        }
        s.push_str(&name(a));
    }
    s.push_str("</p>");
    s
}

/// A back-matter section with a visible heading that labels it.
/// `attrs` are trusted, writer-made attributes (`class="…"`, `role="…"`).
fn labelled_section(out: &mut String, attrs: &str, id: &str, heading: &str, body: &str) {
    let _ = write!(
        out,
        "<section {attrs} aria-labelledby=\"{id}\">\n<h2 id=\"{id}\">{}</h2>\n{body}</section>\n",
        escape_text(heading)
    );
}

/// The page, and the font files it links to (`--html-fonts link`).
#[derive(Debug, Clone)]
pub struct HtmlPage {
    pub html: String,
    pub beside: Vec<Beside>,
}

/// The page with the theme's fonts: `@font-face` rules for `faces`, put at the head of its
/// style sheet, and the font files to write beside it when they are linked. `html` is the
/// page as [`page`] wrote it; the fonts go in afterwards, so that the one rendering of the
/// page also says which characters the faces are subset to ([`fonts::usage`]).
pub fn with_fonts(html: String, opts: &Options, faces: &[Face]) -> HtmlPage {
    let mode = opts.html_fonts;
    let faces = match mode {
        HtmlFonts::System => &[][..],
        HtmlFonts::Embed | HtmlFonts::Link => faces,
    };
    let mut beside = Vec::new();
    let mut css = String::new();
    for face in faces {
        let Some(woff2) = face.woff2() else {
            continue;
        };
        let src = match mode {
            HtmlFonts::Link => {
                let path = fonts::linked_path(&opts.stem, face);
                beside.push(Beside {
                    path: path.clone(),
                    bytes: woff2.to_vec(),
                });
                path
            }
            HtmlFonts::Embed | HtmlFonts::System => fonts::data_url(woff2),
        };
        css.push_str(&crate::write::fonts::font_face_css(
            std::slice::from_ref(face),
            |_| (src.clone(), "woff2"),
        ));
    }
    let html = match html.split_once("<style>\n") {
        Some((head, rest)) if !css.is_empty() => format!("{head}<style>\n{css}{rest}"),
        _ => html,
    };
    HtmlPage { html, beside }
}

/// One standalone HTML5 page: CSS inlined, no script, no request to another host (with
/// `--html-fonts link`, its fonts beside it). Its fonts are `faces` when the caller subset
/// them already (for the e-book too), else the theme's faces subset to what the page draws.
pub fn write(
    doc: &Document,
    theme: &Theme,
    opts: &Options,
    res: &Resources,
    faces: Option<&[Face]>,
) -> Result<HtmlPage> {
    let html = page(doc, theme, opts, res)?;
    let own;
    let faces = match (opts.html_fonts, faces) {
        (HtmlFonts::System, _) => &[][..],
        (HtmlFonts::Embed | HtmlFonts::Link, Some(faces)) => faces,
        (HtmlFonts::Embed | HtmlFonts::Link, None) => {
            own = crate::write::fonts::select(theme, &fonts::usage(&html));
            &own
        }
    };
    Ok(with_fonts(html, opts, faces))
}

/// The page's markup and style sheet, without fonts (see [`with_fonts`]).
pub fn page(doc: &Document, theme: &Theme, opts: &Options, res: &Resources) -> Result<String> {
    let labels = labels::for_lang(&doc.meta.lang);
    let titles = labels::part_titles(doc, labels);
    let image_src = |url: &str| res.images.get(url).and_then(|b| data_uri(b));
    let mut m = Markup::new(Flavor::Html, "", &image_src);
    m.labels = labels;
    m.lang = doc.meta.lang.clone();
    let parts = Rendered::of(doc, &mut m);

    let mut out = String::with_capacity(64 * 1024);
    head(&mut out, doc, theme);
    let _ = writeln!(
        out,
        "<body class=\"{}\">\n<a class=\"skip-link\" href=\"#main\">{}</a>",
        layout_classes(theme),
        escape_text(labels.skip_to_content)
    );
    title_block(&mut out, &doc.meta, labels, opts, &mut m);
    out.push_str("<main id=\"main\">\n");
    if !parts.summary.is_empty() {
        if let Some(n) = parts.summary_page {
            m.page_start(n, &mut out);
        }
        labelled_section(
            &mut out,
            "class=\"summary\" role=\"doc-abstract\"",
            "summary",
            &titles.summary,
            &parts.summary,
        );
    }
    out.push_str(&parts.sections);
    endnotes(&mut out, doc, &parts.note_bodies, &titles, &m);
    out.push_str("</main>\n");
    back_matter(&mut out, parts, &titles, &mut m);
    out.push_str("</body>\n</html>\n");
    Ok(out)
}

/// Every part of the brief as markup, with the print page each part begins on. Rendered
/// before the page is put together, every part that may hold note references before the
/// notes themselves, so that the notes know every reference to link back to; a page that
/// begins where a part begins is marked before its heading (or name), so it is taken out.
struct Rendered {
    summary_page: Option<u32>,
    summary: String,
    sections: String,
    authors_page: Option<u32>,
    authors: String,
    about_page: Option<u32>,
    about: String,
    disclaimer_page: Option<u32>,
    disclaimer: String,
    copyright: Option<String>,
    note_bodies: Vec<String>,
}

impl Rendered {
    fn of(doc: &Document, m: &mut Markup<'_>) -> Rendered {
        let (summary_page, summary) = markup::leading_page_start(&doc.summary);
        let summary = m.blocks_to_string(&summary);
        let sections = sections(doc, m);
        let (authors_page, authors) = author_box(doc, m);
        let (about_page, about) = markup::leading_page_start(&doc.about_publisher);
        let about = m.blocks_to_string(&about);
        let (disclaimer_page, disclaimer) = markup::leading_page_start(&doc.disclaimer);
        let disclaimer = m.blocks_to_string(&disclaimer);
        let copyright = doc.copyright.as_ref().map(|c| m.inlines_to_string(c));
        let note_bodies = doc
            .footnotes
            .iter()
            .map(|n| m.blocks_to_string(&n.blocks))
            .collect();
        Rendered {
            summary_page,
            summary,
            sections,
            authors_page,
            authors,
            about_page,
            about,
            disclaimer_page,
            disclaimer,
            copyright,
            note_bodies,
        }
    }
}

/// The body sections; an untitled introduction is a `div`, since a `section` needs a name.
fn sections(doc: &Document, m: &mut Markup<'_>) -> String {
    let mut sections = String::new();
    // A section named by its heading is a landmark; two landmarks of one name cannot be told
    // apart, so a repeated heading names no landmark.
    let mut names = std::collections::HashSet::new();
    for s in &doc.sections {
        match &s.title {
            Some(title) => {
                let name = crate::model::plain_text(title).trim().to_lowercase();
                let labelled = if names.insert(name) {
                    format!(" aria-labelledby=\"{}\"", escape_attr(&s.id))
                } else {
                    String::new()
                };
                let _ = write!(
                    sections,
                    "<section class=\"section\"{labelled}>\n<h2 id=\"{id}\"{dir}>",
                    id = escape_attr(&s.id),
                    dir = markup::dir_attr(title)
                );
                m.inlines(title, &mut sections);
                sections.push_str("</h2>\n");
                m.blocks(&s.blocks, &mut sections);
                sections.push_str("</section>\n");
            }
            None => {
                let _ = writeln!(
                    sections,
                    "<div class=\"section section-untitled\" id=\"{}\">",
                    escape_attr(&s.id)
                );
                m.blocks(&s.blocks, &mut sections);
                sections.push_str("</div>\n");
            }
        }
    }
    sections
}

/// The author entries, and the page the first one begins on (marked before the box's
/// heading; later entries' pages are marked in place).
fn author_box(doc: &Document, m: &mut Markup<'_>) -> (Option<u32>, String) {
    let mut authors = String::new();
    let mut authors_page = None;
    for (i, a) in doc.author_box.iter().enumerate() {
        authors.push_str("<div class=\"author-entry\">\n");
        let (page_first, bio) = markup::leading_page_start(&a.bio);
        match (page_first, i) {
            (Some(n), 0) => authors_page = Some(n),
            (Some(n), _) => m.page_start(n, &mut authors),
            (None, _) => {}
        }
        let name = escape_text(a.name.trim());
        if crate::model::text::bio_continues_name(&bio) {
            if let Some((Block::Paragraph { content, .. }, rest)) = bio.split_first() {
                let _ = write!(authors, "<p><strong class=\"author-name\">{name}</strong> ");
                m.inlines(&crate::model::text::trim_leading(content), &mut authors);
                authors.push_str("</p>\n");
                m.blocks(rest, &mut authors);
            }
        } else {
            let _ = writeln!(
                authors,
                "<p class=\"author-name-line\"><strong class=\"author-name\">{name}</strong></p>"
            );
            m.blocks(&bio, &mut authors);
        }
        authors.push_str("</div>\n");
    }
    (authors_page, authors)
}

/// From the doctype to `</head>`: the language, the title and the metadata search engines
/// and reference managers read, and the style sheet.
fn head(out: &mut String, doc: &Document, theme: &Theme) {
    let meta = &doc.meta;
    let lang = crate::model::lang::canonical_tag(&meta.lang).unwrap_or_else(|| "und".into());
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        escape_attr(&lang)
    );
    let mut title = meta.title.trim().to_string();
    if let Some(sub) = meta.subtitle.as_deref().filter(|s| !s.trim().is_empty()) {
        let _ = write!(title, ": {}", sub.trim());
    }
    let _ = writeln!(out, "<title>{}</title>", escape_text(&title));
    for a in &meta.authors {
        let _ = writeln!(
            out,
            "<meta name=\"author\" content=\"{}\">",
            escape_attr(a.name.trim())
        );
    }
    let description = crate::model::text::shorten(&doc.summary_text(), DESCRIPTION_MAX);
    if !description.is_empty() {
        let _ = writeln!(
            out,
            "<meta name=\"description\" content=\"{}\">",
            escape_attr(&description)
        );
    }
    if !meta.keywords.is_empty() {
        let _ = writeln!(
            out,
            "<meta name=\"keywords\" content=\"{}\">",
            escape_attr(&meta.keywords.join(", "))
        );
    }
    if let Some(date) = &meta.date {
        let _ = writeln!(
            out,
            "<meta name=\"dcterms.date\" content=\"{}\">",
            escape_attr(date)
        );
    }
    if let Some(id) = &meta.identifier {
        let _ = writeln!(
            out,
            "<meta name=\"dcterms.identifier\" content=\"{}\">",
            escape_attr(id)
        );
    }
    out.push_str("<meta name=\"generator\" content=\"briefpress\">\n");
    out.push_str("<meta name=\"color-scheme\" content=\"light dark\">\n");
    let _ = write!(
        out,
        "<style>\n{}</style>\n</head>\n",
        page_css(theme, &meta.lang)
    );
}

/// The masthead (publisher, series) and the title block (title, subtitle, byline, date).
fn title_block(
    out: &mut String,
    meta: &crate::model::Meta,
    labels: &Labels,
    opts: &Options,
    m: &mut Markup<'_>,
) {
    out.push_str("<header class=\"masthead\">\n");
    if opts.print_pages.is_some() {
        // Page 1 of the PDF begins with the masthead.
        m.page_start(1, out);
        out.push('\n');
    }
    let publisher = meta.publisher.as_deref().filter(|s| !s.trim().is_empty());
    let series = meta.series.as_deref().filter(|s| !s.trim().is_empty());
    if publisher.is_some() || series.is_some() {
        out.push_str("<div class=\"masthead-bar\">\n");
        if let Some(p) = publisher {
            let _ = writeln!(out, "<p class=\"publisher\">{}</p>", escape_text(p.trim()));
        }
        if let Some(s) = series {
            let _ = writeln!(out, "<p class=\"series\">{}</p>", escape_text(s.trim()));
        }
        out.push_str("</div>\n");
    }
    out.push_str("<div class=\"title-block\">\n");
    let _ = writeln!(out, "<h1>{}</h1>", escape_text(meta.title.trim()));
    if let Some(sub) = meta.subtitle.as_deref().filter(|s| !s.trim().is_empty()) {
        let _ = writeln!(out, "<p class=\"subtitle\">{}</p>", escape_text(sub.trim()));
    }
    if !meta.authors.is_empty() {
        let _ = writeln!(out, "{}", byline(labels, &meta.authors));
    }
    if let Some(date) = &meta.date {
        let shown =
            escape_text(&labels::human_date(labels, date).unwrap_or_else(|| date.to_string()));
        if crate::model::pubdate::PubDate::parse(date).is_some() {
            let _ = writeln!(
                out,
                "<p class=\"dateline\"><time datetime=\"{}\">{shown}</time></p>",
                escape_attr(date)
            );
        } else {
            let _ = writeln!(out, "<p class=\"dateline\">{shown}</p>");
        }
    }
    out.push_str("</div>\n</header>\n");
}

/// The notes, each with links back to every reference to it.
fn endnotes(
    out: &mut String,
    doc: &Document,
    bodies: &[String],
    titles: &labels::PartTitles,
    m: &Markup<'_>,
) {
    if doc.footnotes.is_empty() {
        return;
    }
    out.push_str("<section class=\"endnotes\" role=\"doc-endnotes\" aria-labelledby=\"notes\">\n");
    let _ = writeln!(
        out,
        "<h2 id=\"notes\">{}</h2>\n<ol>",
        escape_text(&titles.notes)
    );
    for (note, body) in doc.footnotes.iter().zip(bodies) {
        let n = note.number;
        let links = backlinks(n, m);
        let _ = write!(
            out,
            "<li id=\"fn-{n}\"{}>",
            markup::blocks_dir_attr(&note.blocks)
        );
        match body.strip_suffix("</p>\n") {
            // The back-links end the note's last paragraph, where a reader's eye is.
            Some(head) if matches!(note.blocks.last(), Some(Block::Paragraph { .. })) => {
                let _ = writeln!(out, "{head}{links}</p>");
            }
            _ => {
                out.push_str(body);
                if !links.is_empty() {
                    let _ = writeln!(out, "<p class=\"backlinks\">{}</p>", links.trim_start());
                }
            }
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</section>\n");
}

/// The links from note `n` back to each reference to it, numbered when there are several.
fn backlinks(n: u32, m: &Markup<'_>) -> String {
    let labels = m.labels;
    let mut links = String::new();
    let ids = m.refs.get(&n).map(Vec::as_slice).unwrap_or(&[]);
    for (k, id) in ids.iter().enumerate() {
        let (suffix, label) = if ids.len() > 1 {
            (
                format!("<sup>{}</sup>", k + 1),
                // "Back to reference 3, 2": the visible "2" is part of the name
                // (a parenthesis would hide it from the name as axe reads it).
                format!("{} {n}, {}", labels.back_to_reference, k + 1),
            )
        } else {
            (String::new(), format!("{} {n}", labels.back_to_reference))
        };
        let _ = write!(
            links,
            " <a href=\"#{}\" class=\"backlink\" role=\"doc-backlink\" aria-label=\"{}\">↩\u{fe0e}{suffix}</a>",
            escape_attr(id),
            escape_attr(&label)
        );
    }
    links
}

/// The footer: author box, about the publisher, disclaimer, copyright; none when all are
/// empty.
fn back_matter(out: &mut String, parts: Rendered, titles: &labels::PartTitles, m: &mut Markup<'_>) {
    let copyright = parts.copyright.filter(|c| !c.is_empty());
    let boxes = [
        (
            parts.authors_page,
            &parts.authors,
            "class=\"author-box\"",
            "about-authors",
            titles.authors.as_str(),
        ),
        (
            parts.about_page,
            &parts.about,
            "class=\"about-publisher\"",
            "about-publisher",
            titles.publisher.as_str(),
        ),
        (
            parts.disclaimer_page,
            &parts.disclaimer,
            "class=\"disclaimer\"",
            "disclaimer",
            titles.disclaimer.as_str(),
        ),
    ];
    if boxes.iter().all(|(_, body, ..)| body.is_empty()) && copyright.is_none() {
        return;
    }
    out.push_str("<footer class=\"back-matter\">\n");
    for (page, body, attrs, id, heading) in boxes {
        if !body.is_empty() {
            if let Some(n) = page {
                m.page_start(n, out);
            }
            labelled_section(out, attrs, id, heading, body);
        }
    }
    if let Some(c) = copyright {
        let _ = writeln!(out, "<p class=\"copyright\"><small>{c}</small></p>");
    }
    out.push_str("</footer>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn style_cannot_close_early() {
        let t = Theme::builtin("default").unwrap();
        assert!(!page_css(&t, "en").contains("</"));
    }

    #[test]
    fn description_is_cut_at_a_word() {
        let s = crate::model::text::shorten("alpha beta gamma delta", 12);
        assert_eq!(s, "alpha beta…");
        assert_eq!(crate::model::text::shorten("short", 12), "short");
    }
}
