//! Building briefs: read each input, load its images, render every format in memory, and
//! only then write the outputs (atomically); a batch runs on the [`schedule`] and ends with
//! the depfile.

use super::args::CommonArgs;
use super::report::{Reporter, failed, render_diagnostics};
use super::{
    BuildConfig, EXIT_INPUT, EXIT_OK, STDIN, atomic::write_atomic, depfile, images, schedule,
};
use crate::read::ReadOptions;
use crate::write::{self, Options, Resources};
use anyhow::{Context, anyhow};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What a build did, for depfiles, watching and the exit code.
pub struct BuildReport {
    pub code: i32,
    /// Per brief built: the outputs written and every file they were made from.
    pub rules: Vec<(Vec<PathBuf>, Vec<PathBuf>)>,
    /// Every file the build read (inputs, images, theme files, fonts), for --watch.
    pub watched: Vec<PathBuf>,
}

/// Builds every input, in parallel; returns what happened.
pub fn build(config: &BuildConfig) -> BuildReport {
    let reporter = Reporter::new(config.inputs.len(), config.quiet);
    let results = schedule::run(
        config.inputs.len(),
        config.jobs,
        || {
            // Fonts are parsed while the pool starts and the first briefs are read.
            let opts = Options {
                font_paths: config.font_paths.clone(),
                ..Options::default()
            };
            write::warm_up(&config.formats, &config.theme, &opts);
        },
        |i| {
            let input = &config.inputs[i];
            reporter.started(&display_name(input));
            let r = build_one(config, input, &reporter);
            reporter.finished();
            r
        },
    );
    let results: Vec<(PathBuf, anyhow::Result<Built>)> =
        config.inputs.iter().cloned().zip(results).collect();
    reporter.done();
    let theme_deps = depfile::theme_files(&config.theme);
    let font_deps = depfile::font_files(&config.font_paths);
    let mut code = EXIT_OK;
    let mut rules = Vec::new();
    let mut watched: Vec<PathBuf> = theme_deps.iter().chain(font_deps.iter()).cloned().collect();
    for (input, result) in results {
        if input.as_os_str() != STDIN {
            watched.push(input.clone());
        }
        match result {
            Ok(built) => {
                watched.extend(built.images.iter().cloned());
                let mut deps = Vec::new();
                if input.as_os_str() != STDIN {
                    deps.push(input.clone());
                }
                deps.extend(built.images);
                deps.extend(theme_deps.iter().cloned());
                if built
                    .outputs
                    .iter()
                    .any(|o| o.extension().is_some_and(|e| e == "pdf"))
                {
                    deps.extend(font_deps.iter().cloned());
                }
                rules.push((built.outputs, deps));
            }
            Err(e) => {
                code = EXIT_INPUT;
                if e.downcast_ref::<Reported>().is_none() {
                    reporter.print(&format!("{}: error: {e:#}\n", display_name(&input)));
                }
            }
        }
    }
    if let Some(depfile) = &config.depfile
        && let Err(e) = write_atomic(depfile, depfile::make_rules(&rules).as_bytes())
    {
        reporter.print(&format!(
            "briefpress: error: cannot write {}: {e}\n",
            depfile.display()
        ));
        code = EXIT_INPUT;
    }
    BuildReport {
        code,
        rules,
        watched,
    }
}

/// A brief that failed with its diagnostics already printed.
#[derive(Debug)]
struct Reported;
impl std::fmt::Display for Reported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not built (see the diagnostics above)")
    }
}
impl std::error::Error for Reported {}

struct Built {
    outputs: Vec<PathBuf>,
    images: Vec<PathBuf>,
}

fn build_one(config: &BuildConfig, input: &Path, reporter: &Reporter) -> anyhow::Result<Built> {
    let name = display_name(input);
    let started = Instant::now();
    let bytes = read_input(input).context("cannot read the input")?;
    let parsed = crate::parse(&bytes, &config.read);
    let mut diags = parsed.diagnostics;
    let (res, images) = match &parsed.document {
        Some(doc) => images::load_images(doc, input, &mut diags),
        None => (Resources::default(), Vec::new()),
    };
    reporter.print(&render_diagnostics(
        &name,
        &diags,
        parsed.text.as_deref(),
        config.quiet,
    ));
    let Some(doc) = parsed.document else {
        return Err(Reported.into());
    };
    if failed(&diags, config.strict) {
        return Err(Reported.into());
    }
    let opts = Options {
        source_date_epoch: config.source_date_epoch,
        // Outputs that name their companion files (`-f typ` reads `<stem>.data.json`) must
        // use the stem the files are written under.
        stem: config.target.stem(input),
        pdf_standards: config.pdf_standards.clone(),
        font_paths: config.font_paths.clone(),
        system_fonts: config.system_fonts,
    };
    // Render everything first: nothing is written for a brief that fails.
    let mut files: Vec<(Option<PathBuf>, Vec<u8>)> = Vec::new();
    let mut warnings = Vec::new();
    // All formats at once: they share one layout, and run in parallel where they can.
    let all = write::write_all(&config.formats, &doc, &config.theme, &opts, &res)
        .map_err(|e| anyhow!(e))?;
    for written in all {
        warnings.extend(written.warnings);
        for a in written.artifacts {
            let path = config.target.path(input, &a.suffix);
            files.push((path, a.bytes));
        }
    }
    reporter.print(&render_diagnostics(&name, &warnings, None, config.quiet));
    if config.strict && !warnings.is_empty() {
        return Err(Reported.into());
    }
    let mut outputs = Vec::new();
    for (path, bytes) in files {
        match path {
            Some(path) => {
                write_atomic(&path, &bytes)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                outputs.push(path);
            }
            None => {
                let mut out = std::io::stdout().lock();
                out.write_all(&bytes)?;
                out.flush()?;
            }
        }
    }
    if !config.quiet && config.watch {
        reporter.print(&format!(
            "briefpress: built {name} in {:.2} s\n",
            started.elapsed().as_secs_f64()
        ));
    }
    Ok(Built { outputs, images })
}

/// Reads an input file, or standard input for `-`.
fn read_input(input: &Path) -> std::io::Result<Vec<u8>> {
    if input.as_os_str() == STDIN {
        let mut bytes = Vec::new();
        std::io::stdin().lock().read_to_end(&mut bytes)?;
        Ok(bytes)
    } else {
        std::fs::read(input)
    }
}

fn display_name(input: &Path) -> String {
    if input.as_os_str() == STDIN {
        "<stdin>".to_string()
    } else {
        input.display().to_string()
    }
}

pub fn check(common: &CommonArgs, opts: &ReadOptions) -> i32 {
    let mut code = EXIT_OK;
    let reporter = Reporter::new(0, common.quiet);
    for input in &common.inputs {
        let name = display_name(input);
        let bytes = match read_input(input) {
            Ok(b) => b,
            Err(e) => {
                reporter.print(&format!("{name}: error: cannot read: {e}\n"));
                code = EXIT_INPUT;
                continue;
            }
        };
        let parsed = crate::parse(&bytes, opts);
        let mut diags = parsed.diagnostics;
        if let Some(doc) = &parsed.document {
            images::load_images(doc, input, &mut diags);
        }
        reporter.print(&render_diagnostics(
            &name,
            &diags,
            parsed.text.as_deref(),
            common.quiet,
        ));
        if parsed.document.is_none() || failed(&diags, common.strict) {
            code = EXIT_INPUT;
        }
    }
    code
}
