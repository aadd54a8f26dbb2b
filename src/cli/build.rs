//! Building briefs: read each input, load its images, render every format in memory, and
//! only then write the outputs (atomically); a batch runs on the [`schedule`] and ends with
//! the depfile and a summary. `check` is the same up to the rendering, which it discards.

use super::args::human_size;
use super::report::{self, BriefReport, Reporter, batch_line, built_line};
use super::{BuildConfig, CheckConfig, EXIT_INPUT, EXIT_OK, STDIN, Target};
use super::{atomic, depfile, images, schedule};
use crate::Document;
use crate::diag::Diagnostic;
use crate::model::Span;
use crate::read::ReadOptions;
use crate::read::Recognised;
use crate::report::CheckReport;
use crate::transform::Mended;
use crate::write::{self, Format, Options, Resources};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

/// What a build did, for depfiles, watching and the exit code.
pub struct BuildReport {
    pub code: i32,
    /// Per brief built: the outputs written and every file they were made from.
    pub rules: Vec<depfile::Rule>,
    /// Every file the build read (inputs, images, theme files, fonts), for --watch.
    pub watched: Vec<PathBuf>,
}

/// A brief built: what was written, what it was made from, and its summary's counts.
struct Built {
    outputs: Vec<PathBuf>,
    images: Vec<PathBuf>,
    pages: Option<usize>,
    notes: usize,
    warnings: usize,
}

/// Builds every input, in parallel; returns what happened.
pub fn build(config: &BuildConfig) -> BuildReport {
    let started = Instant::now();
    let inputs: Vec<PathBuf> = config
        .inputs
        .iter()
        .filter(|p| p.as_os_str() != STDIN)
        .cloned()
        .collect();
    if let Err(message) = output_folders(config)
        .iter()
        .try_for_each(|d| atomic::check_writable(d))
    {
        report::eprint(&format!("briefpress: error: {message}\n"));
        return BuildReport {
            code: EXIT_INPUT,
            rules: Vec::new(),
            watched: inputs,
        };
    }
    // The Typst source carries the template; `-f html` alone never meets it.
    let laid_out = config.formats.contains(&Format::Typ)
        || write::needs_layout(&config.formats, &page_numbers(config));
    let templates = [
        (laid_out, TypstFile::Template),
        (config.formats.contains(&Format::Epub), TypstFile::Cover),
    ];
    let used: Vec<TypstFile> = templates
        .into_iter()
        .filter_map(|(used, file)| used.then_some(file))
        .collect();
    if let Err(message) = check_template(&config.theme, &config.font_paths, &used) {
        report::eprint(&message);
        return BuildReport {
            code: EXIT_INPUT,
            rules: Vec::new(),
            watched: inputs,
        };
    }
    let reporter = Reporter::new(config.inputs.len(), config.quiet);
    let results = schedule::run(
        &input_sizes(&config.inputs),
        config.jobs,
        || warm_up(&config.formats, config),
        |i| {
            let input = &config.inputs[i];
            reporter.started(&display_name(input));
            let (report, built) = build_one(config, input);
            reporter.print(&report.text);
            reporter.finished();
            Ok(built)
        },
    );
    reporter.done();
    let mut failed = Vec::new();
    let mut done = Vec::new();
    for (input, result) in config.inputs.iter().zip(results) {
        match result {
            Ok(Some(built)) => done.push((input, built)),
            Ok(None) => failed.push(display_name(input)),
            Err(e) => {
                let mut report = BriefReport::new(display_name(input), config.quiet, false);
                report.error(e);
                report.not_built("not built");
                report::eprint(&report.text);
                failed.push(display_name(input));
            }
        }
    }
    let mut code = if failed.is_empty() {
        EXIT_OK
    } else {
        EXIT_INPUT
    };
    let (rules, watched) = dependencies(config, &done, inputs);
    if let Some(depfile) = &config.depfile
        && let Err(e) = atomic::write_atomic(
            depfile,
            depfile::make_rules(&rules, &config.inputs).as_bytes(),
        )
    {
        report::eprint(&format!(
            "briefpress: error: cannot write {}: {e}\n",
            depfile.display()
        ));
        code = EXIT_INPUT;
    }
    if !config.quiet {
        eprint!("{}", summary(config, &done, &failed, started));
    }
    BuildReport {
        code,
        rules,
        watched,
    }
}

/// A theme's Typst files that a run may lay out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TypstFile {
    /// `template.typ`: the PDF, and the page numbers of the EPUB and the HTML page.
    Template,
    /// `cover.typ`: the EPUB's cover.
    Cover,
}

impl TypstFile {
    fn name(self) -> &'static str {
        match self {
            TypstFile::Template => "template.typ",
            TypstFile::Cover => "cover.typ",
        }
    }
}

/// A theme folder's own Typst files (its template, its cover), laid out once with a small
/// brief before any brief is built: an error in one is the theme's, reported once, naming
/// the file, instead of once per brief as if each brief were at fault. (Built-in files are
/// tested; errors that depend on a brief's content are still reported with that brief.)
fn check_template(
    theme: &crate::theme::Theme,
    font_paths: &[PathBuf],
    files: &[TypstFile],
) -> Result<(), String> {
    let own = |file: &TypstFile| {
        matches!(
            theme.origin(file.name()),
            Some(crate::theme::Origin::File(_))
        )
    };
    if !files.iter().any(own) {
        return Ok(());
    }
    let probe = crate::parse(TEMPLATE_PROBE.as_bytes(), &ReadOptions::default());
    let Some(doc) = probe.document else {
        return Ok(());
    };
    let opts = Options {
        font_paths: font_paths.to_vec(),
        ..Options::default()
    };
    for &file in files.iter().filter(|f| own(f)) {
        let laid_out = match file {
            TypstFile::Template => {
                write::pdf::lay_out(&doc, theme, &opts, &Resources::default()).map(drop)
            }
            TypstFile::Cover => write::pdf::lay_out_cover(&doc, theme, &opts).map(drop),
        };
        if let Err(e @ crate::Error::Template { .. }) = laid_out {
            return Err(format!(
                "briefpress: {e}\nbriefpress: error: theme `{}` cannot be used: its {} fails\n",
                theme.name,
                file.name()
            ));
        }
    }
    Ok(())
}

/// The brief a theme folder's template is tried on: one of every common part.
const TEMPLATE_PROBE: &str = "---
title: Theme check
subtitle: A brief to try the template on
authors: [A. Author]
date: 2025-01-01
summary: A summary.
---

## A section

A paragraph with *emphasis*, **strength**, `code`, a [link](https://example.org) and a
note.[^1]

- an item
- another

> A quotation.

| a | b |
|---|---|
| 1 | 2 |

[^1]: The note.
";

/// Parses the fonts while the pool starts and the first briefs are read.
fn warm_up(formats: &[Format], config: &BuildConfig) {
    let opts = Options {
        font_paths: config.font_paths.clone(),
        ..page_numbers(config)
    };
    write::warm_up(formats, &config.theme, &opts);
}

/// The writers' options as far as the page numbers go.
fn page_numbers(config: &BuildConfig) -> Options {
    Options {
        page_numbers: config.page_numbers,
        ..Options::default()
    }
}

/// The folders outputs go to, checked for writing before anything is rendered.
fn output_folders(config: &BuildConfig) -> Vec<PathBuf> {
    let parent = |p: &Path| p.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut dirs = match &config.target {
        Target::Dir { dir, .. } => vec![dir.clone()],
        Target::File(file, _) => vec![parent(file)],
        Target::Stdout(_) => Vec::new(),
    };
    dirs.extend(config.depfile.as_deref().map(parent));
    dirs
}

/// The depfile's rules (per brief built: its outputs and what they were made from) and every
/// file the build read, for `--watch`.
fn dependencies(
    config: &BuildConfig,
    done: &[(&PathBuf, Built)],
    inputs: Vec<PathBuf>,
) -> (Vec<depfile::Rule>, Vec<PathBuf>) {
    let theme_deps = depfile::theme_files(&config.theme);
    let font_deps = depfile::font_files(&config.font_paths);
    let mut watched: Vec<PathBuf> = theme_deps.iter().chain(&font_deps).cloned().collect();
    watched.extend(inputs);
    // The `--font-path` fonts shape whatever Typst lays out: the PDF, the EPUB's cover, the
    // page numbers; a page alone never reads them.
    let laid_out = write::uses_typst(&config.formats, &page_numbers(config));
    let mut rules = Vec::new();
    for (input, built) in done {
        watched.extend(built.images.iter().cloned());
        let mut deps: Vec<PathBuf> = Vec::new();
        if input.as_os_str() != STDIN {
            deps.push((*input).clone());
        }
        deps.extend(built.images.iter().cloned());
        deps.extend(theme_deps.iter().cloned());
        if laid_out {
            deps.extend(font_deps.iter().cloned());
        }
        rules.push((built.outputs.clone(), deps));
    }
    (rules, watched)
}

/// After a single build, the brief's line; after a batch, the batch's.
fn summary(
    config: &BuildConfig,
    done: &[(&PathBuf, Built)],
    failed: &[String],
    started: Instant,
) -> String {
    match (&config.target, done) {
        (Target::Stdout(_), _) => String::new(),
        (_, [(_, b)]) if failed.is_empty() && config.inputs.len() == 1 => {
            built_line(&b.outputs, b.pages, b.notes, b.warnings)
        }
        (Target::Dir { dir, .. }, _) if config.inputs.len() > 1 => batch_line(
            done.len(),
            done.iter().map(|(_, b)| b.outputs.len()).sum(),
            dir,
            started.elapsed().as_secs_f64(),
            failed,
        ),
        _ => String::new(),
    }
}

/// Builds one brief: its report, and what was built (`None`: nothing was written).
fn build_one(config: &BuildConfig, input: &Path) -> (BriefReport, Option<Built>) {
    let mut report = BriefReport::new(display_name(input), config.quiet, config.strict);
    let built = match read_brief(input, &config.read, &mut report) {
        Some((doc, res, images, _)) => render_and_write(config, input, &doc, &res, &mut report)
            .map(|(outputs, pages)| Built {
                outputs,
                images,
                pages,
                notes: doc.footnotes.len(),
                warnings: report.warnings,
            }),
        None => None,
    };
    if built.is_none() {
        report.not_built("not built");
    }
    (report, built)
}

/// Renders every format in memory, then writes them all or none: nothing is written for a
/// brief that fails, and a failure while writing leaves the older outputs as they were. Returns the files written and the PDF's page count.
fn render_and_write(
    config: &BuildConfig,
    input: &Path,
    doc: &Document,
    res: &Resources,
    report: &mut BriefReport,
) -> Option<(Vec<PathBuf>, Option<usize>)> {
    let opts = Options {
        source_date_epoch: config.source_date_epoch,
        build_time: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()
            .and_then(|d| i64::try_from(d.as_secs()).ok()),
        // Outputs that name their companion files (`-f typ` reads `<stem>.data.json`) must
        // use the stem the files are written under.
        stem: config.target.stem(input),
        pdf_standards: config.pdf_standards.clone(),
        font_paths: config.font_paths.clone(),
        system_fonts: config.system_fonts,
        page_numbers: config.page_numbers,
        print_pages: None,
        html_fonts: config.html_fonts,
    };
    // All formats at once: they share one layout, and run in parallel where they can.
    let all = match write::write_all(&config.formats, doc, &config.theme, &opts, res) {
        Ok(all) => all,
        Err(e) => {
            report.error(e);
            return None;
        }
    };
    let mut pages = None;
    let mut files = Vec::new();
    for written in all {
        report.diagnostics(&written.warnings, None);
        pages = pages.or(written.pages);
        let folder = config
            .target
            .path(input, ".html")
            .map(|p| p.parent().map(Path::to_path_buf).unwrap_or_default());
        for a in written.artifacts {
            files.push((config.target.path(input, &a.suffix), a.bytes));
        }
        for b in written.beside {
            files.push((folder.as_ref().map(|f| f.join(&b.path)), b.bytes));
        }
    }
    if report.errors > 0 {
        return None;
    }
    // Standard output takes the one format there is; files are written all or nothing.
    let (to_files, to_stdout): (Vec<_>, Vec<_>) = files.into_iter().partition(|f| f.0.is_some());
    for (_, bytes) in to_stdout {
        if let Err(e) = write_stdout(&bytes) {
            report.error(format!("cannot write to standard output: {e}"));
            return None;
        }
    }
    let to_files: Vec<(PathBuf, &[u8])> = to_files
        .iter()
        .filter_map(|(path, bytes)| Some((path.clone()?, bytes.as_slice())))
        .collect();
    if let Err((path, e)) = atomic::write_all_atomic(&to_files) {
        report.error(format!(
            "cannot write {}: {e}; none of this brief's outputs were written",
            path.display()
        ));
        return None;
    }
    Some((to_files.into_iter().map(|(p, _)| p).collect(), pages))
}

/// Writes an output to standard output. A reader that stopped early (`| head`) had what it
/// wanted: that is not an error, as for other Unix tools.
fn write_stdout(bytes: &[u8]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r,
    }
}

/// What reading found beside the document: the reader's findings and the passes' mending.
type Findings = (Recognised, Mended);

/// Reads a brief and loads its images, adding every diagnostic to `report`. `None` when it
/// has errors (warnings count under `--strict`).
fn read_brief(
    input: &Path,
    opts: &ReadOptions,
    report: &mut BriefReport,
) -> Option<(Document, Resources, Vec<PathBuf>, Findings)> {
    let bytes = match read_input(input, opts.max_bytes) {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(too_large)) => {
            report.diagnostics(&[too_large], None);
            return None;
        }
        Err(e) => {
            report.error(format!("cannot read: {e}"));
            return None;
        }
    };
    let parsed = crate::parse(&bytes, opts);
    let mut diags = parsed.diagnostics;
    let loaded = parsed
        .document
        .as_ref()
        .map(|doc| images::load_images(doc, input, &mut diags));
    report.diagnostics(&diags, parsed.text.as_deref());
    let doc = parsed.document?;
    let (res, images) = loaded.unwrap_or_default();
    (report.errors == 0).then_some((doc, res, images, (parsed.recognised, parsed.mended)))
}

/// Reads an input file, or standard input for `-`, but never more than `max` bytes: a larger
/// input is an error diagnostic naming the limit. A file's size is known before it is read,
/// so a file over the limit is refused before any work; a stream (standard input, a device)
/// is read up to the limit, and the message says so rather than claim a size.
fn read_input(input: &Path, max: usize) -> std::io::Result<Result<Vec<u8>, Diagnostic>> {
    let over = |what: String| {
        Diagnostic::error(
            Span::new(1, 1),
            format!(
                "{what}, over the limit of {} (raise it with --max-input-bytes)",
                human_size(max as u64)
            ),
        )
    };
    let reader: Box<dyn Read> = if input.as_os_str() == STDIN {
        Box::new(std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(input)?;
        let meta = file.metadata()?;
        if meta.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "it is a folder, not a brief",
            ));
        }
        if meta.is_file() && meta.len() > max as u64 {
            return Ok(Err(over(format!("input is {}", human_size(meta.len())))));
        }
        Box::new(file)
    };
    let mut bytes = Vec::new();
    reader.take(max as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() <= max {
        return Ok(Ok(bytes));
    }
    Ok(Err(over(format!(
        "input goes on past {} (reading stopped there)",
        human_size(max as u64)
    ))))
}

fn display_name(input: &Path) -> String {
    if input.as_os_str() == STDIN {
        "<stdin>".to_string()
    } else {
        input.display().to_string()
    }
}

/// Each input's size in bytes, for the scheduler to start the longest first (0 for standard
/// input and for a file it cannot read yet: the build reports that one).
fn input_sizes(inputs: &[PathBuf]) -> Vec<u64> {
    inputs
        .iter()
        .map(|p| {
            if p.as_os_str() == STDIN {
                0
            } else {
                std::fs::metadata(p).map_or(0, |m| m.len())
            }
        })
        .collect()
}

/// `check`: reads each brief and lays its PDF out in memory with the theme, reporting what
/// `build` would (font coverage included), writing nothing.
pub fn check(config: &CheckConfig) -> i32 {
    let files = [TypstFile::Template, TypstFile::Cover];
    if let Err(message) = check_template(&config.theme, &config.font_paths, &files) {
        report::eprint(&message);
        return EXIT_INPUT;
    }
    let recognised: Mutex<Vec<Option<CheckReport>>> = Mutex::new(vec![None; config.inputs.len()]);
    let results = schedule::run(
        &input_sizes(&config.inputs),
        config.jobs,
        || {
            let opts = Options {
                font_paths: config.font_paths.clone(),
                ..Options::default()
            };
            write::warm_up(&[Format::Pdf], &config.theme, &opts);
        },
        |i| {
            let (report, found) = check_one(config, &config.inputs[i]);
            // One write per brief: reports never interleave.
            report::eprint(&report.text);
            if let Some(found) = &found
                && !config.json
                && !config.quiet
            {
                let _ = std::io::stdout()
                    .lock()
                    .write_all(found.to_text().as_bytes());
            }
            if let Ok(mut all) = recognised.lock() {
                all[i] = found;
            }
            Ok(report.errors == 0)
        },
    );
    let ok = results.iter().all(|r| matches!(r, Ok(true)));
    for (input, r) in config.inputs.iter().zip(&results) {
        if let Err(e) = r {
            report::eprint(&format!("{}: error: {e:#}\n", display_name(input)));
        }
    }
    if config.json {
        let all: Vec<CheckReport> = recognised
            .into_inner()
            .unwrap_or_default()
            .into_iter()
            .flatten()
            .collect();
        match serde_json::to_string_pretty(&all) {
            Ok(json) => {
                let _ = writeln!(std::io::stdout().lock(), "{json}");
            }
            Err(e) => report::eprint(&format!(
                "error: the report could not be written as JSON: {e}\n"
            )),
        }
    }
    if ok { EXIT_OK } else { EXIT_INPUT }
}

fn check_one(config: &CheckConfig, input: &Path) -> (BriefReport, Option<CheckReport>) {
    let mut report = BriefReport::new(display_name(input), config.quiet, config.strict);
    let mut found = None;
    if let Some((doc, res, _, (recognised, mended))) = read_brief(input, &config.read, &mut report)
    {
        let opts = Options {
            stem: input_stem(input),
            font_paths: config.font_paths.clone(),
            system_fonts: config.system_fonts,
            ..Options::default()
        };
        match write::write(Format::Pdf, &doc, &config.theme, &opts, &res) {
            Ok(written) => report.diagnostics(&written.warnings, None),
            Err(e) => report.error(e),
        }
        found = Some(CheckReport::new(
            &display_name(input),
            &doc,
            &recognised,
            &mended,
            report.warnings,
            report.errors,
        ));
    }
    if report.errors > 0 {
        report.not_built("would not be built");
    }
    (report, found)
}

fn input_stem(input: &Path) -> String {
    input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "brief".into())
}
