//! The PDF writer: Typst as a library.
//!
//! The theme's `template.typ` defines `brief(data)`; we compile that template plus one call
//! to it, and hand the document over as JSON data (see [`data`]). Input text therefore never
//! runs as Typst code — it arrives as string values. The world the template compiles in
//! ([`world`]) can read nothing but that data and the images the CLI loaded.
//!
//! The EPUB's cover is a document of its own, laid out the same way from the theme's
//! `cover.typ`, which defines `cover(data)` (see [`cover_png`]): one page of large type, far
//! cheaper to lay out and draw than the brief, and needing no layout of it.

mod breaks;
mod cover;
mod data;
mod fill;
mod fit;
mod lines;
mod notelinks;
mod world;

pub use cover::render_cover_png;
pub use lines::{Line, page_lines};

use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use crate::model::{Document, Span};
use crate::theme::Theme;
use crate::write::{Artifact, Options, Resources};
use std::borrow::Cow;
use std::collections::BTreeMap;
use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst::layout::{Frame, FrameItem, Point};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};
use world::{BriefWorld, FontSet};

pub use breaks::{NotePlacement, note_placement};
pub use fill::{Opening, PageFill, page_fills};

/// The name of the function every theme template must define.
const ENTRY: &str = "brief";
/// The name of the function the theme's `cover.typ` must define.
const COVER_ENTRY: &str = "cover";
/// The PDF's creator, fixed so that builds are reproducible.
const CREATOR: &str = concat!("briefpress ", env!("CARGO_PKG_VERSION"));

/// A print-ready PDF from its layout ([`lay_out`]): its bytes, and the warnings found while
/// laying it out.
pub fn export(
    layout: &Typeset,
    doc: &Document,
    theme: &Theme,
    opts: &Options,
) -> Result<(Vec<u8>, Vec<Diagnostic>)> {
    let standards = standards(&opts.pdf_standards)?;
    let pdf_opts = PdfOptions {
        ident: Smart::Custom(ident(doc, opts)),
        creator: Smart::Custom(Some(CREATOR.to_string())),
        // A brief without a date gets no creation date rather than an invented one, unless
        // PDF/A requires one: then it is the build's own time.
        timestamp: opts
            .stamp_seconds(doc)
            .or(opts.build_time.filter(|_| needs_date(&opts.pdf_standards)))
            .and_then(datetime_of)
            .map(Timestamp::new_utc),
        page_ranges: None,
        standards,
        tagged: true,
        pretty: false,
    };
    let (lang, region) = data::typst_lang(&doc.meta.lang);
    let pointed = notelinks::resolve(&layout.document, &lang, region.as_deref());
    let bytes = typst_pdf::pdf(pointed.as_ref().unwrap_or(&layout.document), &pdf_opts)
        .map_err(|diags| layout.error(theme, &diags, "PDF export"))?;
    Ok((bytes, layout.warnings.clone()))
}

/// The Typst source and the data it reads, for `-f typ`: `<stem>.typ` is the theme's
/// template followed by the call, `<stem>.data.json` the data; `typst compile <stem>.typ`
/// (run next to the brief's images) gives the same layout as `layout`, whose easing the
/// data carries.
pub fn write_source(
    doc: &Document,
    theme: &Theme,
    opts: &Options,
    layout: &Typeset,
) -> Result<Vec<Artifact>> {
    let stem = if opts.stem.is_empty() {
        "brief"
    } else {
        &opts.stem
    };
    let data_name = format!("{stem}.data.json");
    let fonts = fonts_for(doc, theme, opts);
    // Without the resources at hand every image the model names is offered by path.
    let mut data = data::build(doc, theme, &|_| true, &|c| fonts.covers(c));
    data.layout.ease = layout.ease;
    // typst-cli has no pass to point briefpress's note links: Typst makes its own.
    data.layout.links_after_layout = false;
    let bytes = data_json(&data, &layout.mends, true)?;
    Ok(vec![
        Artifact {
            suffix: ".typ".into(),
            bytes: main_source(theme, &data_name).into_bytes(),
        },
        Artifact {
            suffix: ".data.json".into(),
            bytes,
        },
    ])
}

/// A laid-out document — the brief, which the PDF is exported from, or its cover, which the
/// EPUB's cover image is drawn from — and what is needed to explain errors after layout.
pub struct Typeset {
    document: PagedDocument,
    world: BriefWorld,
    /// The theme file the main source imports (`template.typ`, `cover.typ`).
    file: &'static str,
    warnings: Vec<Diagnostic>,
    /// How much the text was eased (the template's `ease`; see [`lay_out`]).
    ease: u8,
    /// What an earlier layout broke wrongly across pages and this one sets right: words set
    /// unhyphenated, paragraphs kept together.
    mends: breaks::Mends,
}

impl Typeset {
    pub fn page_count(&self) -> usize {
        self.document.pages().len()
    }

    /// How much the text was eased to end on a fuller page: what `-f typ` must pass on to
    /// give the same layout.
    pub fn ease(&self) -> u8 {
        self.ease
    }

    fn error(&self, theme: &Theme, diags: &[SourceDiagnostic], stage: &str) -> Error {
        diagnose(&self.world, self.file, theme, diags, stage)
    }

    /// How many glyphs the pages hold, page by page: what drawing a page mostly costs.
    pub fn glyphs_per_page(&self) -> Vec<usize> {
        self.document
            .pages()
            .iter()
            .map(|p| cover::glyph_count(&p.frame))
            .collect()
    }
}

/// The main source: the template, then the one line that calls it with the data.
fn main_source(theme: &Theme, data_path: &str) -> String {
    world::call_source(theme.text("template.typ"), ENTRY, data_path)
}

/// Can Typst decode this image? An image it cannot decode is left out (its alt text is
/// shown) rather than failing the document.
fn decodes(bytes: &[u8]) -> bool {
    crate::write::image::decodes(bytes)
}

/// Parses the theme's and the embedded fonts and builds Typst's standard library, the
/// once-per-process set-up of every layout (see [`crate::write::warm_up`]).
pub fn warm_up(theme: &Theme, opts: &Options) {
    font_set(theme, opts, false);
    world::warm_up();
}

/// The process-wide font set for this theme and these font folders.
fn font_set(theme: &Theme, opts: &Options, system: bool) -> std::sync::Arc<FontSet> {
    let theme_fonts: Vec<&Cow<'static, [u8]>> = theme.fonts().map(|(_, data)| data).collect();
    FontSet::get(&theme_fonts, &opts.font_paths, system)
}

/// The fonts for this document: the theme's, the embedded and `--font-path` ones, plus the
/// system's only when some character needs them (scanning them costs time): a character the
/// text faces (body and headings) cannot show, since the theme's faces for other scripts
/// may be the system's. (The mono face covers Arabic and Cyrillic, but text set in it
/// would be in the wrong style.)
fn fonts_for(doc: &Document, theme: &Theme, opts: &Options) -> std::sync::Arc<FontSet> {
    let base = font_set(theme, opts, false);
    let f = &theme.tokens.fonts;
    let text_faces: Vec<String> = f.body.iter().chain(&f.heading).cloned().collect();
    let shown = |c| base.covers_in(c, &text_faces);
    if opts.system_fonts && !data::uncovered(doc, &shown).is_empty() {
        font_set(theme, opts, true)
    } else {
        base
    }
}

/// One warning per script that no available font can draw, naming the script and a sample.
fn coverage_warnings(doc: &Document, fonts: &FontSet) -> Vec<Diagnostic> {
    use unicode_script::UnicodeScript;
    let mut by_script: BTreeMap<String, Vec<char>> = BTreeMap::new();
    for c in data::uncovered(doc, &|c| fonts.covers(c)) {
        let script = match c.script() {
            unicode_script::Script::Common | unicode_script::Script::Inherited => {
                if unic_emoji(c) {
                    "Emoji".to_string()
                } else {
                    "Symbols".to_string()
                }
            }
            s => s.full_name().replace('_', " "),
        };
        by_script.entry(script).or_default().push(c);
    }
    by_script
        .into_iter()
        .map(|(script, chars)| {
            let sample: String = chars.iter().take(5).collect();
            Diagnostic::warning(
                Span::new(1, 1),
                format!(
                    "pdf: no available font has {script} characters (e.g. `{sample}`); they are printed as U+FFFD. Install a font that covers them (e.g. Debian's fonts-noto-core, fonts-noto-cjk, fonts-noto-color-emoji) or pass --font-path DIR"
                ),
            )
        })
        .collect()
}

/// Emoji and pictographs (the script property calls them Common).
fn unic_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF)
}

/// Lays the brief out with the theme's template: the expensive step, done once per brief
/// whatever the formats asked for (see [`crate::write::write_all`]).
pub fn lay_out(doc: &Document, theme: &Theme, opts: &Options, res: &Resources) -> Result<Typeset> {
    lay_out_up_to(doc, theme, opts, res, Relayouts::ALL)
}

/// How much more a brief may be laid out after the layout as designed, each way its pages
/// are settled.
#[derive(Debug, Clone, Copy)]
struct Relayouts {
    /// The most the text is eased (see [`lay_out_eased`]).
    ease: u8,
    /// Layouts that fit the last page (see [`fit_last_page`]).
    fit: usize,
    /// Layouts that mend page breaks (see [`mend_page_breaks`]).
    mend: usize,
    /// Whether the back matter may be set again under its page's notes (see
    /// [`set_panel_below_notes`]).
    panel: bool,
}

impl Relayouts {
    const ALL: Self = Self {
        ease: MAX_EASE,
        fit: MAX_FIT_LAYOUTS,
        mend: MAX_UNBREAK_LAYOUTS,
        panel: true,
    };
    /// As designed only.
    #[cfg(test)]
    const NONE: Self = Self {
        ease: 0,
        fit: 0,
        mend: 0,
        panel: false,
    };
}

/// [`lay_out`], laid out again no more than `relayouts` allows.
fn lay_out_up_to(
    doc: &Document,
    theme: &Theme,
    opts: &Options,
    res: &Resources,
    relayouts: Relayouts,
) -> Result<Typeset> {
    // The template is parsed first: it needs no fonts, which may still be loading.
    let sources = world::parse_sources(world::Main::Brief, theme.text("template.typ"), ENTRY);
    let fonts = fonts_for(doc, theme, opts);
    let warnings = coverage_warnings(doc, &fonts);
    let data = data::build(
        doc,
        theme,
        &|url| res.images.get(url).is_some_and(|bytes| decodes(bytes)),
        &|c| fonts.covers(c),
    );
    let mut images = BTreeMap::new();
    for url in data.layout.images.keys() {
        if let (Some(path), Some(bytes)) = (data::image_virtual_path(url), res.images.get(url)) {
            images.insert(path, bytes.clone());
        }
    }
    let (y, m, d) = today(doc, opts);
    let today = Datetime::from_ymd(y, m, d).unwrap_or(Datetime::from_ymd(1970, 1, 1).unwrap());
    let mut data = data;
    let mut attempt = |ease: u8, mends: &breaks::Mends| -> Result<Typeset> {
        data.layout.ease = ease;
        let json = data_json(&data, mends, false)?;
        let world = BriefWorld::new(fonts.clone(), sources.clone(), json, &images, today);
        let mut typeset = compile(world, theme, "template.typ", warnings.clone(), "layout")?;
        typeset.ease = ease;
        typeset.mends = mends.clone();
        Ok(typeset)
    };
    let eased = lay_out_eased(theme, relayouts, &mut attempt)?;
    let mended = mend_page_breaks(eased, theme, relayouts, &mut attempt)?;
    if !relayouts.panel {
        return Ok(mended);
    }
    set_panel_below_notes(mended, theme, attempt)
}

/// The layout laid out again with the back matter panel at the foot of its page, under the
/// notes, when it prints notes below the start of the panel (a theme that sets the panel
/// after the text, on a page with notes): the copyright line should end the publication. The
/// panel takes the same room at the foot, so the pages stay as they were; a layout that would
/// take a page more is not kept. A long brief (see [`LONG_BRIEF_PAGES`]) is kept as laid out.
fn set_panel_below_notes(
    layout: Typeset,
    theme: &Theme,
    mut attempt: impl FnMut(u8, &breaks::Mends) -> Result<Typeset>,
) -> Result<Typeset> {
    // A theme that sets the panel at the foot has it there already (under the notes, unless
    // it cites one itself: then nothing can set it lower).
    if theme.tokens.layout.back_matter != crate::theme::BackMatter::AfterText
        || layout.mends.panel_below_notes
        || layout.page_count() > LONG_BRIEF_PAGES
    {
        return Ok(layout);
    }
    let fills = fill::page_fills(&layout, theme);
    if !fills.iter().any(|f| f.notes_below_back_matter) {
        return Ok(layout);
    }
    let mends = breaks::Mends {
        panel_below_notes: true,
        ..layout.mends.clone()
    };
    let below = attempt(layout.ease, &mends)?;
    Ok(if below.page_count() <= layout.page_count() {
        below
    } else {
        layout
    })
}

/// The data as JSON, marked with the `mends` of an earlier layout: compact for Typst,
/// indented for people (`-f typ`).
fn data_json(data: &data::Data, mends: &breaks::Mends, pretty: bool) -> Result<Vec<u8>> {
    let encoded = if mends.is_empty() {
        encode(data, pretty)
    } else {
        serde_json::to_value(data).and_then(|mut value| {
            mends.apply(&mut value);
            encode(&value, pretty)
        })
    };
    encoded.map_err(|e| Error::Write {
        format: "pdf",
        message: e.to_string(),
    })
}

/// JSON, compact or indented (with a final newline) for people.
fn encode<T: serde::Serialize>(value: &T, pretty: bool) -> serde_json::Result<Vec<u8>> {
    if !pretty {
        return serde_json::to_vec(value);
    }
    let mut bytes = serde_json::to_vec_pretty(value)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The layout as designed, or eased when it ends on a short page (see [`easings`]), or with
/// its last page fitted (see [`fit`]).
fn lay_out_eased(
    theme: &Theme,
    relayouts: Relayouts,
    mut attempt: impl FnMut(u8, &breaks::Mends) -> Result<Typeset>,
) -> Result<Typeset> {
    // A brief that ends on a page less than a third full (text and back matter together) is
    // laid out again with the text eased, up to twice; the first layout that ends on a fuller
    // page is kept. Most briefs are laid out once.
    let designed = attempt(0, &breaks::Mends::default())?;
    if designed.page_count() > LONG_BRIEF_PAGES {
        return Ok(designed);
    }
    let fills = fill::page_fills(&designed, theme);
    if !ends_nearly_empty(&fills) {
        return Ok(designed);
    }
    for ease in easings(&fills, relayouts.ease).into_iter().flatten() {
        let eased = attempt(ease, &breaks::Mends::default())?;
        if !ends_nearly_empty(&fill::page_fills(&eased, theme)) {
            return Ok(eased);
        }
    }
    fit_last_page(designed, &fills, theme, relayouts.fit, attempt)
}

/// How many places the page before the last is tried ending at (see [`fit`]).
const MAX_FIT_LAYOUTS: usize = 2;

/// The layout laid out again with the page before the last ending early (see [`fit`]), as
/// long as that neither adds a page nor breaks the pages' rules (see [`fit::keeps_page_rules`]); else
/// the layout as it was.
fn fit_last_page(
    layout: Typeset,
    fills: &[PageFill],
    theme: &Theme,
    max_layouts: usize,
    mut attempt: impl FnMut(u8, &breaks::Mends) -> Result<Typeset>,
) -> Result<Typeset> {
    if max_layouts == 0 {
        return Ok(layout);
    }
    let points = fit::break_points(&layout, theme);
    for at in fit::earlier_breaks(&points, fills, MIN_LAST_PAGE)
        .into_iter()
        .take(max_layouts)
    {
        let mut mends = layout.mends.clone();
        mends.breaks.push(at);
        let fitted = attempt(layout.ease, &mends)?;
        if fitted.page_count() == layout.page_count()
            && fit::keeps_page_rules(&fill::page_fills(&fitted, theme), MIN_LAST_PAGE)
        {
            return Ok(fitted);
        }
    }
    Ok(layout)
}

/// How many more layouts a brief gets to mend its page breaks: setting one word whole or
/// moving one paragraph moves the breaks after it, which may make another fault.
const MAX_UNBREAK_LAYOUTS: usize = 2;

/// The layout laid out again with each word it breaks across a page set whole, each
/// paragraph whose last line it leaves alone atop a page kept together, and each note it
/// prints a page after its reference moved on with it (see [`breaks`]), as long as that
/// neither adds a page, nor leaves a page after the first nearly empty where none was (a
/// widow is worse than a last page of a few lines above the back matter), nor breaks a rule
/// of page breaks the layout kept (see [`fit::keeps_page_rules`]); when it does, the text
/// eased a step more, then another (up to `relayouts.ease`), is tried before the layout is
/// kept as it was. Only the paragraphs marked change: Typst reuses the rest of the
/// layout before. A long brief (see [`LONG_BRIEF_PAGES`]) is kept as laid out.
fn mend_page_breaks(
    mut layout: Typeset,
    theme: &Theme,
    relayouts: Relayouts,
    mut attempt: impl FnMut(u8, &breaks::Mends) -> Result<Typeset>,
) -> Result<Typeset> {
    if layout.page_count() > LONG_BRIEF_PAGES {
        return Ok(layout);
    }
    for _ in 0..relayouts.mend {
        let mut mends = layout.mends.clone();
        if !mends.add(breaks::faults(&layout, theme)) {
            break;
        }
        // A mend may not break a rule of page breaks the layout kept (a page ended early
        // for a note may not leave its heading over one line).
        let judge = |t: &Typeset| {
            let fills = fill::page_fills(t, theme);
            (
                fit::keeps_page_rules(&fills, MIN_LAST_PAGE),
                !fit::is_fitted(&fills, MIN_LAST_PAGE),
            )
        };
        let (kept, was_short) = judge(&layout);
        let better = |t: &Typeset| {
            let (keeps, short) = judge(t);
            t.page_count() <= layout.page_count() && (was_short || !short) && (!kept || keeps)
        };
        let mut again = attempt(layout.ease, &mends)?;
        for ease in layout.ease + 1..=relayouts.ease {
            if better(&again) {
                break;
            }
            again = attempt(ease, &mends)?;
        }
        if !better(&again) {
            break;
        }
        layout = again;
    }
    Ok(layout)
}

/// Where a page's text block begins and ends, from the page's top: the theme's margins, which
/// the layout was made with. What the readers of a layout (fill, faults, marks) measure in.
fn text_block(
    theme: &Theme,
    page: &typst::layout::Frame,
) -> (typst::layout::Abs, typst::layout::Abs) {
    let t = &theme.tokens.page;
    let top = typst::layout::Abs::pt(data::length_pt(&t.margin_top));
    let bottom = typst::layout::Abs::pt(data::length_pt(&t.margin_bottom));
    (top, page.height() - bottom)
}

/// A brief laid out on more pages than this is long: it is laid out once, as designed, and
/// neither eased nor mended. Each further layout costs as much as the brief's own and Typst
/// keeps the ones before cached beside it: a 3.8 MiB brief of 3,490 notes took five layouts,
/// 2.3 times typst-cli's memory (3.4 GB) and 4.4 times its time (BENCHMARKS.md). A page
/// ending in a broken word or a widow matters less in a book-length document than the cost
/// of settling it, and a long brief's last page is one of many.
const LONG_BRIEF_PAGES: usize = 24;

/// The most a layout eases the text (see the template's `ease`).
const MAX_EASE: u8 = 2;

/// About the most of a page each step of easing gains on every page before the last (less
/// leading on each line, less space between paragraphs and before headings), generously: a
/// layout whose last page holds more than this can take in is not laid out again.
const EASE_GAIN: f64 = 0.1;

/// The easings worth trying for a layout that ends short, least first: none when what stands
/// on the last page is more than the pages before can take in at the most ease (the layout
/// is kept as designed without laying it out again). (Easing is not monotonic — a little
/// more ease can move another break — so each is tried from the least.)
fn easings(fills: &[PageFill], max_ease: u8) -> Option<std::ops::RangeInclusive<u8>> {
    let last = fills.last()?;
    let on_last = last.text + last.back_matter.unwrap_or(0.0);
    let before = (fills.len() - 1) as f64;
    (on_last <= before * EASE_GAIN * f64::from(max_ease)).then_some(1..=max_ease)
}

/// The least share of its text block the last page of a brief of several pages holds: text
/// above the back matter, or the back matter panel itself.
const MIN_LAST_PAGE: f64 = 1.0 / 3.0;

/// Does the layout end on a page (after the first) less than a third full, text and back
/// matter together?
fn ends_nearly_empty(fills: &[PageFill]) -> bool {
    match fills.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            last.text + last.back_matter.unwrap_or(0.0) < MIN_LAST_PAGE
        }
        _ => false,
    }
}

/// Compiles the world's main file (which imports the theme's `file`) into pages.
fn compile(
    world: BriefWorld,
    theme: &Theme,
    file: &'static str,
    warnings: Vec<Diagnostic>,
    stage: &str,
) -> Result<Typeset> {
    let result = typst::compile::<PagedDocument>(&world);
    // Batch mode: keep comemo's global cache from growing with every document, but keep
    // what the next brief reuses (the template's own evaluation, shaping of common words).
    comemo::evict(10);
    match result.output {
        Ok(document) => Ok(Typeset {
            document,
            world,
            file,
            warnings,
            ease: 0,
            mends: breaks::Mends::default(),
        }),
        Err(diags) => Err(diagnose(&world, file, theme, &diags, stage)),
    }
}

/// A frame of the same size, kind and baseline as `frame`, holding `items`: for the passes
/// that redraw a laid-out page in part ([`cover`]) or point its links ([`notelinks`]).
fn frame_with(frame: &Frame, items: impl IntoIterator<Item = (Point, FrameItem)>) -> Frame {
    let mut out = Frame::new(frame.size(), frame.kind());
    for (pos, item) in items {
        out.push(pos, item);
    }
    if frame.has_baseline() {
        out.set_baseline(frame.baseline());
    }
    out
}

/// Lays out the brief's cover with the theme's `cover.typ`: one page the size of the printed
/// page, from the title page's metadata alone (see [`data::build_cover`]).
pub fn lay_out_cover(doc: &Document, theme: &Theme, opts: &Options) -> Result<Typeset> {
    let file = "cover.typ";
    let sources = world::parse_sources(world::Main::Cover, theme.text(file), COVER_ENTRY);
    // The fonts the title page's text needs (the system's only when some character of it
    // needs them).
    let meta_only = Document {
        meta: doc.meta.clone(),
        ..Document::default()
    };
    let fonts = fonts_for(&meta_only, theme, opts);
    let data = data::build_cover(doc, theme, &|c| fonts.covers(c));
    let json = serde_json::to_vec(&data).map_err(|e| Error::Write {
        format: "epub",
        message: e.to_string(),
    })?;
    let (y, m, d) = today(doc, opts);
    let today = Datetime::from_ymd(y, m, d).unwrap_or(Datetime::from_ymd(1970, 1, 1).unwrap());
    let world = BriefWorld::new(fonts, sources, json, &BTreeMap::new(), today);
    compile(world, theme, file, Vec::new(), "cover layout")
}

/// The EPUB's cover as a PNG at `dpi`: the theme's cover laid out ([`lay_out_cover`]) and its
/// page drawn.
pub fn cover_png(doc: &Document, theme: &Theme, opts: &Options, dpi: f32) -> Result<Vec<u8>> {
    render_cover_png(&lay_out_cover(doc, theme, opts)?, dpi)
}

/// Maps Typst's errors to ours: an error in the theme's template points at the template's
/// file and line; anything else is a bug in briefpress (no input may cause a Typst error).
fn diagnose(
    world: &BriefWorld,
    file: &str,
    theme: &Theme,
    diags: &[SourceDiagnostic],
    stage: &str,
) -> Error {
    let Some(diag) = diags
        .iter()
        .find(|d| d.severity == Severity::Error)
        .or(diags.first())
    else {
        return Error::Write {
            format: "pdf",
            message: format!("{stage} failed without a diagnostic"),
        };
    };
    let mut message = diag.message.to_string();
    for hint in &diag.hints {
        message.push_str(&format!(" (hint: {})", hint.v));
    }
    let shown = || {
        theme
            .origin(file)
            .map(|o| o.to_string())
            .unwrap_or_else(|| file.into())
    };
    // Errors raised inside functions point at the call site in the trace; the innermost
    // location inside the template is the useful one.
    let spans: Vec<_> = std::iter::once(diag.span)
        .chain(diag.trace.iter().map(|t| t.span.into()))
        .collect();
    let module = world.module_source();
    for &span in spans.iter().filter(|s| s.id() == Some(module.id())) {
        let Some(range) = world.range(span) else {
            continue;
        };
        let Some((line, col)) = module.lines().byte_to_line_column(range.start) else {
            continue;
        };
        return Error::Template {
            file: shown(),
            line: line as u32 + 1,
            col: col as u32 + 1,
            message,
        };
    }
    // The main source only imports the entry and calls it: failing there, the theme file
    // lacks the entry, or it is no function of the data.
    let main_id = world.main_source().id();
    if spans.iter().any(|span| span.id() == Some(main_id)) {
        return Error::Template {
            file: shown(),
            line: 1,
            col: 1,
            message: format!(
                "{message}: the file must define `{}` as a function of the brief's data",
                world.entry()
            ),
        };
    }
    Error::Write {
        format: "pdf",
        message: format!("{stage} failed: {message} (this is a bug in briefpress)"),
    }
}

/// `--pdf-standard` names (`ua-1`, `a-2b`…) → Typst's standards.
pub fn standards(names: &[String]) -> Result<PdfStandards> {
    let mut list = Vec::new();
    for name in names {
        let name = name.trim().to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        let standard: PdfStandard = serde_json::from_value(serde_json::Value::String(name.clone()))
            .map_err(|_| Error::Write {
                format: "pdf",
                message: format!(
                    "unknown PDF standard `{name}` (known: 1.4–1.7, 2.0, a-1b, a-1a, a-2b, a-2u, a-2a, a-3b, a-3u, a-3a, a-4, a-4f, a-4e, ua-1)"
                ),
            })?;
        list.push(standard);
    }
    PdfStandards::new(&list).map_err(|e| Error::Write {
        format: "pdf",
        message: format!("PDF standards {}: {}", names.join(","), e.message()),
    })
}

/// A stable document identifier: the same input gives the same PDF id.
fn ident(doc: &Document, opts: &Options) -> String {
    match &doc.meta.identifier {
        Some(id) if !id.trim().is_empty() => id.trim().to_string(),
        _ => format!("briefpress:{}:{}", opts.stem, doc.meta.title),
    }
}

/// PDF/A (any part and level) requires a creation date in the document's metadata.
fn needs_date(standards: &[String]) -> bool {
    standards
        .iter()
        .any(|s| s.trim().to_ascii_lowercase().starts_with('a'))
}

/// A Typst date-time from seconds since the epoch (UTC).
fn datetime_of(seconds: i64) -> Option<Datetime> {
    let ts = jiff::Timestamp::from_second(seconds).ok()?;
    let dt = jiff::tz::Offset::UTC.to_datetime(ts);
    Datetime::from_ymd_hms(
        dt.year() as i32,
        dt.month() as u8,
        dt.day() as u8,
        dt.hour() as u8,
        dt.minute() as u8,
        dt.second() as u8,
    )
}

/// The date `today()` answers in the template: the stamp's day, else the epoch's (the
/// template never prints it; a fixed value keeps the layout reproducible).
fn today(doc: &Document, opts: &Options) -> (i32, u8, u8) {
    opts.stamp_seconds(doc)
        .and_then(datetime_of)
        .and_then(|d| Some((d.year()?, d.month()?, d.day()?)))
        .unwrap_or((1970, 1, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The brief `text` reads as, with default options and no resources.
    fn brief(text: &str) -> (Document, Options, Resources) {
        let doc = crate::parse(text.as_bytes(), &Default::default())
            .document
            .unwrap();
        (doc, Options::default(), Resources::default())
    }

    /// The page may end before a subheading but not between it and the text under it: the
    /// block under a subheading has no break mark, so a note cited there moves on with the
    /// subheading (a break before the paragraph had left the subheading at the page's foot).
    #[test]
    fn no_break_mark_stands_between_a_subheading_and_its_text() {
        let theme = Theme::builtin("default").unwrap();
        let (doc, opts, res) = brief(
            "---\ntitle: Harbours\n---\n\n## Ports\n\nPorts handle trade.\n\n\
             ### Dredging\n\nDredging costs money.\n\nBudgets are set inland.\n",
        );
        let layout = lay_out_up_to(&doc, &theme, &opts, &res, Relayouts::NONE).unwrap();
        let marked: Vec<fit::At> = (fit::break_points(&layout, &theme).iter())
            .map(|p| p.at)
            .collect();
        let s = marked.first().map_or(0, |at| at.0);
        // The section's start, then its blocks: 0 the paragraph (kept with the section's
        // heading), 1 the subheading, 2 the paragraph under it, 3 the last.
        assert_eq!(marked, [(s, 0, 0), (s, 1, 0), (s, 3, 0)], "{marked:?}");
    }

    /// Issue 27, item 2: a brief whose last page would hold a line or two and a small back
    /// matter panel is laid out again with the text eased, and ends on a fuller page, one page
    /// fewer; when the pages before cannot take it in, the page before the last ends earlier
    /// and every page after the first is a third full. Briefs of every length from one page
    /// to three are tried, so that some end just past a page whatever the fonts' metrics.
    #[test]
    fn a_short_last_page_is_pulled_back_or_fitted() {
        let theme = Theme::builtin("default").unwrap();
        let para = "Ports handle most of the trade of coastal regions, and their budgets \
                    depend on decisions taken far inland, by ministries that rarely visit. ";
        let (mut short, mut pulled, mut fitted) = (0, 0, 0);
        for k in 8..40 {
            let text = format!(
                "---\ntitle: Harbours\n---\n\n{}\n## About the author\n\nAna Lima is a \
                 researcher at the Coastal Institute.\n",
                (0..k)
                    .map(|_| format!("{}\n\n", para.repeat(2)))
                    .collect::<String>()
            );
            let (doc, opts, res) = brief(&text);
            let designed = lay_out_up_to(&doc, &theme, &opts, &res, Relayouts::NONE).unwrap();
            if !ends_nearly_empty(&page_fills(&designed, &theme)) {
                continue;
            }
            short += 1;
            let laid = lay_out(&doc, &theme, &opts, &res).unwrap();
            let fills = page_fills(&laid, &theme);
            assert!(fit::is_fitted(&fills, MIN_LAST_PAGE), "k = {k}: {fills:?}");
            if laid.page_count() < designed.page_count() {
                pulled += 1;
            } else {
                assert_eq!(laid.page_count(), designed.page_count(), "k = {k}");
                assert!(!laid.mends.breaks.is_empty(), "k = {k}");
                fitted += 1;
            }
        }
        assert!(short > 0, "some lengths end on a short page as designed");
        assert!(pulled > 0, "easing pulled {pulled} of {short} back");
        assert!(fitted > 0, "{fitted} of {short} fitted");
    }

    /// Issue 27, item 2: in a theme that sets the back matter after the text (sober), notes
    /// cited on the panel's page printed under it, below the © line. Such a layout is laid out
    /// again with the panel at the foot, under the notes, on as many pages. Briefs of several
    /// lengths, each citing a note in its last paragraph, so that the panel shares a page with
    /// notes at several heights.
    #[test]
    fn notes_on_the_back_matters_page_print_above_the_panel() {
        let theme = Theme::builtin("sober").unwrap();
        assert_eq!(
            theme.tokens.layout.back_matter,
            crate::theme::BackMatter::AfterText
        );
        let para = "Ports handle most of the trade of coastal regions, and their budgets \
                    depend on decisions taken far inland, by ministries that rarely visit. ";
        let mut moved = 0;
        for k in [1, 4, 9] {
            let text = format!(
                "---\ntitle: Harbours\ncopyright: © Coastal Institute 2025\n---\n\n{}Budgets \
                 follow trade.[^1]\n\n[^1]: Coastal Institute, Port Budgets, 2024.\n\n## About \
                 the author\n\nAna Lima is a researcher at the Coastal Institute.\n",
                (0..k)
                    .map(|_| format!("{}\n\n", para.repeat(2)))
                    .collect::<String>()
            );
            let (doc, opts, res) = brief(&text);
            let designed = lay_out_up_to(&doc, &theme, &opts, &res, Relayouts::NONE).unwrap();
            let before = page_fills(&designed, &theme);
            let laid = lay_out(&doc, &theme, &opts, &res).unwrap();
            let after = page_fills(&laid, &theme);
            assert!(
                after.iter().all(|f| !f.notes_below_back_matter),
                "k = {k}: {after:?}"
            );
            if before.iter().any(|f| f.notes_below_back_matter) {
                assert!(laid.mends.panel_below_notes, "k = {k}");
                assert_eq!(laid.page_count(), designed.page_count(), "k = {k}");
                moved += 1;
            }
        }
        assert_eq!(
            moved, 3,
            "every length printed its note under the panel as designed"
        );
    }

    /// A word hyphenated at the foot of a page, its end on the next, is laid out again whole
    /// unless that adds a page. Briefs of many lengths, in long words, so that some pages end
    /// on a hyphenated line.
    #[test]
    fn a_word_broken_across_a_page_is_set_whole() {
        let theme = Theme::builtin("default").unwrap();
        let para = "Intergovernmental transportation responsibilities, comprehensive \
                    infrastructure appraisals and unprecedented administrative \
                    considerations complicate municipal procurement. ";
        let (mut broken, mut whole) = (0, 0);
        for k in 2..16 {
            let text = format!(
                "---\ntitle: Harbours\nlang: en\n---\n\n{}",
                (0..k)
                    .map(|i| format!("{}\n\n", para.repeat(4 + i % 5)))
                    .collect::<String>()
            );
            let (doc, opts, res) = brief(&text);
            let designed = lay_out_up_to(&doc, &theme, &opts, &res, Relayouts::NONE).unwrap();
            let words = breaks::faults(&designed, &theme).words;
            if words.is_empty() {
                continue;
            }
            broken += 1;
            let laid = lay_out_up_to(
                &doc,
                &theme,
                &opts,
                &res,
                Relayouts {
                    mend: MAX_UNBREAK_LAYOUTS,
                    ..Relayouts::NONE
                },
            )
            .unwrap();
            let still = breaks::faults(&laid, &theme).words;
            if words.iter().any(|w| still.contains(w)) {
                // Kept as designed: setting the words whole would have cost a page.
                assert_eq!(laid.mends.words, Vec::<String>::new(), "k = {k}");
            } else {
                assert_eq!(laid.page_count(), designed.page_count(), "k = {k}");
                whole += 1;
            }
        }
        assert!(
            broken >= 5,
            "{broken} lengths break a word across a page as designed"
        );
        assert!(whole * 4 >= broken * 3, "{whole} of {broken} set whole");
    }

    /// A back matter panel taller than a page cannot float whole to a page's foot: it follows
    /// the text and breaks, its lines apart (it once overflowed, its lines over each other).
    #[test]
    fn a_back_matter_taller_than_a_page_breaks_and_no_lines_overlap() {
        let theme = Theme::builtin("default").unwrap();
        let bio = "is a researcher at the Coastal Institute, where she leads the programme \
                   on ports, trade and the public budgets that depend on them. "
            .repeat(5);
        let text = format!(
            "---\ntitle: Harbours\nlang: en\n---\n\nBody text.\n\n## About the authors\n\n{}\
             ## Disclaimer\n\nThe views expressed are the authors' own.\n",
            (0..9)
                .map(|i| format!("**Author {i}** {bio}\n\n"))
                .collect::<String>()
        );
        let doc = crate::parse(text.as_bytes(), &Default::default())
            .document
            .unwrap();
        assert_eq!(doc.author_box.len(), 9);
        let layout = lay_out(&doc, &theme, &Options::default(), &Resources::default()).unwrap();
        assert!(layout.page_count() >= 2);
        for (page, ys) in lines::page_baselines(&layout, &theme).iter().enumerate() {
            for pair in ys.windows(2) {
                assert!(
                    pair[1] - pair[0] >= 8.0,
                    "page {}: lines at {pair:?}",
                    page + 1
                );
            }
        }
        let text: String = lines::page_lines(&layout, &theme)
            .concat()
            .concat()
            .concat();
        assert!(
            text.contains("Author 8") && text.contains("expressed are"),
            "{text}"
        );
    }
}
