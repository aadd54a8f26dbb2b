//! Writers: pure functions from (model, theme, options) to bytes. None of them touches the
//! filesystem — the CLI reads inputs and images and writes outputs — and [`write`] is the one
//! place that chooses a writer by format.

pub mod epub;
pub mod fonts;
pub mod html;
pub mod image;
pub mod labels;
pub mod pages;
pub mod pdf;

use crate::error::{Error, Result};
use crate::model::Document;
use crate::theme::Theme;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::str::FromStr;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Pdf,
    Epub,
    Html,
    /// The document model as JSON (the public interchange format).
    Json,
    /// The Typst source the PDF is compiled from, plus the data file it reads.
    Typ,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Pdf,
        Format::Epub,
        Format::Html,
        Format::Json,
        Format::Typ,
    ];

    /// The file extension of the main output.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Epub => "epub",
            Format::Html => "html",
            Format::Json => "json",
            Format::Typ => "typ",
        }
    }

    pub fn from_extension(ext: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.extension().eq_ignore_ascii_case(ext))
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        Format::from_extension(s.trim()).ok_or_else(|| {
            format!("unknown format `{s}` (expected one of: pdf, epub, html, json, typ)")
        })
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.extension())
    }
}

/// Build options shared by the writers.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Seconds since the epoch to stamp outputs with (`SOURCE_DATE_EPOCH`); otherwise the
    /// document date is used (see [`Options::stamp_seconds`]).
    pub source_date_epoch: Option<i64>,
    /// The time of the build (seconds since the epoch), given by the caller: the creation
    /// date PDF/A requires when the brief has none (the writers never read the clock).
    pub build_time: Option<i64>,
    /// The name of the input file without extension, for file names inside outputs.
    pub stem: String,
    /// PDF standards to check at export (`ua-1`, `a-2b`…).
    pub pdf_standards: Vec<String>,
    /// More font folders for the PDF (`--font-path`); fonts are parsed once per process.
    pub font_paths: Vec<std::path::PathBuf>,
    /// May the PDF fall back to the system's fonts for characters that the theme's, the
    /// embedded and the `--font-path` fonts lack? (Scanned only when some character needs it.)
    pub system_fonts: bool,
    /// When the EPUB and the HTML page carry the PDF's page numbers (`--page-numbers`,
    /// `--no-page-numbers`).
    pub page_numbers: PageNumbers,
    /// How many pages the PDF edition has, once [`write_all`] has marked where each begins
    /// in the model: the EPUB and HTML writers then mark page 1 and list the pages. Callers
    /// leave it `None`.
    pub print_pages: Option<usize>,
    /// How the HTML page gets the theme's fonts (`--html-fonts`).
    pub html_fonts: html::fonts::HtmlFonts,
}

/// When the EPUB and the HTML page mark where the PDF's pages begin. The marks come from the
/// PDF's layout, the expensive step: worth it when the PDF is built in the same call anyway,
/// not for a web page or an e-book on its own, which would pay a whole layout for them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PageNumbers {
    /// When the PDF is among the formats written together (the default).
    #[default]
    WithPdf,
    /// Always, laying the PDF out for them if it is not written (`--page-numbers`).
    Always,
    /// Never (`--no-page-numbers`).
    Never,
}

impl PageNumbers {
    /// Do the EPUB and the HTML page among `formats` carry page numbers?
    pub fn on(self, formats: &[Format]) -> bool {
        match self {
            PageNumbers::WithPdf => formats.contains(&Format::Pdf),
            PageNumbers::Always => true,
            PageNumbers::Never => false,
        }
    }
}

impl Options {
    /// The instant outputs are stamped with, in seconds since the epoch: `SOURCE_DATE_EPOCH`,
    /// else the brief's own date at midnight UTC. `None` when the brief has no date: a date is
    /// never invented, and never read from the clock, so builds stay reproducible.
    pub fn stamp_seconds(&self, doc: &Document) -> Option<i64> {
        if let Some(t) = self.source_date_epoch {
            return Some(t);
        }
        // A month without a day stamps nothing: the day would be invented.
        let date = crate::model::pubdate::PubDate::parse(doc.meta.date.as_deref()?)?.day()?;
        let midnight = date.to_datetime(jiff::civil::Time::midnight());
        jiff::tz::TimeZone::UTC
            .to_timestamp(midnight)
            .ok()
            .map(|t| t.as_second())
    }
}

/// What a writer produced: its files, and what it noticed (a script no font can draw…).
#[derive(Debug, Clone, Default)]
pub struct Written {
    pub artifacts: Vec<Artifact>,
    pub warnings: Vec<crate::diag::Diagnostic>,
    /// The PDF's page count (`None` for other formats), for the CLI's report.
    pub pages: Option<usize>,
    /// Files to write beside the outputs (the HTML page's linked fonts).
    pub beside: Vec<Beside>,
}

/// A file written beside a writer's outputs, at `path` relative to their folder
/// (`fonts/brief-inter-700-normal.woff2`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Beside {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// What the CLI loaded from disk on the writers' behalf.
#[derive(Debug, Clone, Default)]
pub struct Resources {
    /// Image bytes keyed by the `url` the model uses, read from the brief's own folder.
    pub images: BTreeMap<String, Vec<u8>>,
}

/// One file a writer produced: `suffix` is appended to the output stem (`.pdf`,
/// `.data.json`…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Artifact {
    pub suffix: String,
    pub bytes: Vec<u8>,
}

/// Writes `doc` in `format` (see [`write_all`]).
pub fn write(
    format: Format,
    doc: &Document,
    theme: &Theme,
    opts: &Options,
    res: &Resources,
) -> Result<Written> {
    let mut all = write_all(&[format], doc, theme, opts, res)?;
    Ok(all.pop().unwrap_or_default())
}

/// Does the formats' once-per-process set-up (parsing fonts), so that a caller can run it
/// on a thread of its own while it reads its first input. Optional: the writers do it
/// themselves when it has not been done, and later calls return at once.
pub fn warm_up(formats: &[Format], theme: &Theme, opts: &Options) {
    if formats.iter().any(|&f| uses_fonts(f)) || needs_layout(formats, opts) {
        pdf::warm_up(theme, opts);
    }
}

/// Does writing `formats` lay anything out with Typst: the brief (see [`needs_layout`]) or
/// the EPUB's cover? Those read the `--font-path` fonts.
pub fn uses_typst(formats: &[Format], opts: &Options) -> bool {
    needs_layout(formats, opts) || formats.contains(&Format::Epub)
}

/// Does writing `formats` together take the brief's Typst layout (for the PDF, or the page
/// numbers of the EPUB and the HTML page)? `-f html` alone does not, nor the EPUB's cover,
/// which is a small layout of its own.
pub fn needs_layout(formats: &[Format], opts: &Options) -> bool {
    formats
        .iter()
        .any(|&f| laid_out_by_typst(f) || marks_pages(f, formats, opts))
}

/// Does this format's writer parse the PDF's fonts (for layout or for glyph coverage)?
fn uses_fonts(format: Format) -> bool {
    match format {
        Format::Pdf | Format::Epub | Format::Typ => true,
        Format::Html | Format::Json => false,
    }
}

/// Is this format made from the brief's Typst layout? (The EPUB's cover is a small layout of
/// its own, the theme's `cover.typ`.)
fn laid_out_by_typst(format: Format) -> bool {
    match format {
        // `-f typ` carries the layout's easing (see [`pdf::lay_out`]).
        Format::Pdf | Format::Typ => true,
        Format::Epub | Format::Html | Format::Json => false,
    }
}

/// Does this format, written together with `formats`, mark where the PDF's pages begin
/// (which takes the PDF's layout)?
fn marks_pages(format: Format, formats: &[Format], opts: &Options) -> bool {
    match format {
        Format::Epub | Format::Html => opts.page_numbers.on(formats),
        Format::Pdf | Format::Json | Format::Typ => false,
    }
}

/// A format part-way: finished, or waiting for the layout.
enum Stage {
    Done(Written),
    Pdf,
    /// The Typst source, written with the layout's easing.
    Typ,
    /// The e-book or the web page, made together (see [`epub_and_html`]).
    Book(Format),
}

/// The e-book and the web page, each rendered once, their fonts subset once for both.
#[derive(Default)]
struct Books {
    /// Packaged but for its cover, which is drawn alongside.
    epub: Option<epub::Unfinished>,
    html: Option<html::HtmlPage>,
}

/// What the first round gives besides the layout: the EPUB's cover image, the e-book and the
/// web page when they carry no page numbers, and each format's stage.
type Early = (Option<Vec<u8>>, Option<Books>, Vec<Stage>);

/// Writes `doc` in each of `formats` (results in the same order). The one place that chooses
/// writers.
///
/// The PDF and the page numbers of the EPUB and the HTML page share one Typst layout, the
/// expensive step. So the work runs in two rounds: the layout alongside everything that does
/// not need it (JSON, Typst source, the EPUB's cover; without page numbers the HTML page and
/// the EPUB), then the PDF export alongside the e-book and the page marked with the PDF's
/// pages. Both rounds are rayon joins: nothing blocks a thread waiting for another, so briefs
/// built in parallel on the same pool cannot deadlock on each other.
///
/// The EPUB and the HTML page carry page numbers as [`Options::page_numbers`] says; by
/// default only when the PDF is among `formats`, so the results for a format depend on what
/// it is written with, and `write(Format::Html, …)` lays nothing out.
pub fn write_all(
    formats: &[Format],
    doc: &Document,
    theme: &Theme,
    opts: &Options,
    res: &Resources,
) -> Result<Vec<Written>> {
    let single = |format: Format, bytes: Vec<u8>| Written {
        artifacts: vec![Artifact {
            suffix: format!(".{}", format.extension()),
            bytes,
        }],
        warnings: Vec::new(),
        pages: None,
        beside: Vec::new(),
    };
    let bug = |format: &'static str, what: &str| Error::Write {
        format,
        message: format!("{what} (this is a bug in briefpress)"),
    };
    let needs_layout = needs_layout(formats, opts);
    // The e-book and the web page mark the PDF's pages together or not at all.
    let marking = formats.iter().any(|&f| marks_pages(f, formats, opts));
    let (layout, early) = rayon::join(
        || {
            needs_layout
                .then(|| pdf::lay_out(doc, theme, opts, res))
                .transpose()
        },
        || -> Result<Early> {
            // The cover is its own small layout, drawn while the rest is prepared.
            let (cover, books) = rayon::join(
                || {
                    formats
                        .contains(&Format::Epub)
                        .then(|| pdf::cover_png(doc, theme, opts, epub::COVER_DPI))
                        .transpose()
                },
                || {
                    (!marking)
                        .then(|| epub_and_html(formats, doc, theme, opts, res))
                        .transpose()
                },
            );
            let (cover, books) = (cover?, books?);
            let stages = formats
                .par_iter()
                .map(|&format| {
                    Ok(match format {
                        Format::Json => Stage::Done(single(format, to_json(doc)?)),
                        Format::Typ => Stage::Typ,
                        Format::Pdf => Stage::Pdf,
                        Format::Epub | Format::Html => Stage::Book(format),
                    })
                })
                .collect::<Result<Vec<Stage>>>()?;
            Ok((cover, books, stages))
        },
    );
    let (layout, (cover, books, stages)) = (layout?, early?);
    let laid_out = || {
        layout
            .as_ref()
            .ok_or_else(|| bug("pdf", "no layout was made"))
    };
    // With page numbers, the e-book and the web page are rendered once, from the brief marked
    // with the PDF's page starts, while the PDF is exported.
    let (pdf, marked) = rayon::join(
        || -> Result<Option<Written>> {
            if !formats.contains(&Format::Pdf) {
                return Ok(None);
            }
            let (bytes, warnings) = pdf::export(laid_out()?, doc, theme, opts)?;
            Ok(Some(Written {
                warnings,
                pages: Some(laid_out()?.page_count()),
                ..single(Format::Pdf, bytes)
            }))
        },
        || -> Result<Option<(Books, Vec<crate::diag::Diagnostic>)>> {
            if !marking {
                return Ok(None);
            }
            let (doc, opts, warnings) = mark_pages(laid_out()?, doc, theme, opts);
            Ok(Some((
                epub_and_html(formats, &doc, theme, &opts, res)?,
                warnings,
            )))
        },
    );
    let (pdf, marked) = (pdf?, marked?);
    let (books, warnings) = match (marked, books) {
        (Some((books, warnings)), _) => (books, warnings),
        (None, Some(books)) => (books, Vec::new()),
        (None, None) => (Books::default(), Vec::new()),
    };
    let epub = match books.epub {
        Some(unfinished) => {
            let cover = cover
                .as_deref()
                .ok_or_else(|| bug("epub", "no cover was drawn"))?;
            Some(unfinished.finish(cover)?)
        }
        None => None,
    };
    let html = books.html;
    stages
        .into_iter()
        .map(|stage| match stage {
            Stage::Done(written) => Ok(written),
            Stage::Pdf => pdf.clone().ok_or_else(|| bug("pdf", "no PDF was exported")),
            Stage::Typ => Ok(Written {
                artifacts: pdf::write_source(doc, theme, opts, laid_out()?)?,
                ..Written::default()
            }),
            Stage::Book(format) => {
                let (bytes, beside) = match format {
                    Format::Epub => (
                        epub.clone()
                            .ok_or_else(|| bug("epub", "no e-book was made"))?,
                        Vec::new(),
                    ),
                    Format::Html => {
                        let page = html
                            .clone()
                            .ok_or_else(|| bug("html", "no page was made"))?;
                        (page.html.into_bytes(), page.beside)
                    }
                    Format::Pdf | Format::Json | Format::Typ => {
                        return Err(bug("html", "a book stage for another format"));
                    }
                };
                // The EPUB and the web page share the pages' warnings: reported once.
                let warn_here = format == Format::Epub || !formats.contains(&Format::Epub);
                Ok(Written {
                    warnings: if warn_here {
                        warnings.clone()
                    } else {
                        Vec::new()
                    },
                    beside,
                    ..single(format, bytes)
                })
            }
        })
        .collect()
}

/// The e-book and the web page among `formats`, each rendered once. Their fonts are the
/// theme's faces subset once, to the union of the characters both draw, as read off the
/// rendered markup; the page gets its `@font-face` rules afterwards ([`html::with_fonts`]),
/// and the e-book's stylesheet and font files are written after its content documents.
fn epub_and_html(
    formats: &[Format],
    doc: &Document,
    theme: &Theme,
    opts: &Options,
    res: &Resources,
) -> Result<Books> {
    let in_epub = formats.contains(&Format::Epub);
    let in_html = formats.contains(&Format::Html);
    let html_fonts = in_html && opts.html_fonts != html::fonts::HtmlFonts::System;
    let (epub, html) = rayon::join(
        || {
            in_epub.then(|| {
                let contents = epub::contents(doc, theme, opts, res);
                let usage = contents.usage();
                (contents, usage)
            })
        },
        || -> Result<Option<(String, Option<fonts::Usage>)>> {
            in_html
                .then(|| {
                    let page = html::page(doc, theme, opts, res)?;
                    let usage = html_fonts.then(|| html::fonts::usage(&page));
                    Ok((page, usage))
                })
                .transpose()
        },
    );
    let html = html?;
    let mut usage = fonts::Usage::default();
    for part in [
        epub.as_ref().map(|(_, u)| u),
        html.as_ref().and_then(|(_, u)| u.as_ref()),
    ]
    .into_iter()
    .flatten()
    {
        usage.extend(part);
    }
    let faces = if in_epub || html_fonts {
        fonts::select(theme, &usage)
    } else {
        Vec::new()
    };
    let (epub, html) = rayon::join(
        || {
            epub.map(|(contents, _)| contents.package(theme, opts, &faces))
                .transpose()
        },
        || {
            html.map(|(page, _)| {
                if html_fonts {
                    faces.par_iter().for_each(|f| {
                        f.woff2();
                    });
                }
                html::with_fonts(page, opts, &faces)
            })
        },
    );
    Ok(Books { epub: epub?, html })
}

/// The document with a marker where each page of the PDF begins (see [`pages`]), the options
/// that tell the writers so, and a warning for each page whose place was not found.
fn mark_pages(
    layout: &pdf::Typeset,
    doc: &Document,
    theme: &Theme,
    opts: &Options,
) -> (Document, Options, Vec<crate::diag::Diagnostic>) {
    let lines = pdf::page_lines(layout, theme);
    let (marked, missed) = pages::mark(doc, &lines);
    let warnings = missed
        .into_iter()
        .map(|n| {
            crate::diag::Diagnostic::warning(
                crate::model::Span::new(1, 1),
                format!("page {n} of the PDF begins with text not found in the brief's flow; the e-book and the web page mark it where page {} begins", n - 1),
            )
        })
        .collect();
    let opts = Options {
        print_pages: Some(lines.len()),
        ..opts.clone()
    };
    (marked, opts, warnings)
}

/// The model as pretty JSON with a final newline.
pub fn to_json(doc: &Document) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(doc).map_err(|e| Error::Write {
        format: "json",
        message: e.to_string(),
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}
