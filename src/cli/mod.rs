//! The command line: parse arguments, validate them once into a [`BuildConfig`], then read,
//! transform and write each brief. The only part of briefpress that touches the filesystem.

pub mod args;

use crate::diag::{Diagnostic, Severity};

use crate::read::ReadOptions;
use crate::theme::{self, Theme};
use crate::write::{self, Format, Options, Resources};
use anyhow::{Context, anyhow, bail};
use args::{BuildArgs, Cli, Command, CommonArgs, ThemeCommand};
use clap::Parser;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Exit code: every brief built (warnings allowed).
pub const EXIT_OK: i32 = 0;
/// Exit code: an input or theme error.
pub const EXIT_INPUT: i32 = 1;
/// Exit code: a usage error.
pub const EXIT_USAGE: i32 = 2;

/// Where outputs go.
#[derive(Debug, Clone)]
pub enum Target {
    /// `<dir>/<stem>.<ext>` per input and format.
    Dir(PathBuf),
    /// One file, one format.
    File(PathBuf, Format),
}

/// Validated build settings.
pub struct BuildConfig {
    pub inputs: Vec<PathBuf>,
    pub formats: Vec<Format>,
    pub target: Target,
    pub theme: Theme,
    pub strict: bool,
    pub quiet: bool,
    pub read: ReadOptions,
    pub pdf_standards: Vec<String>,
    pub font_paths: Vec<PathBuf>,
    pub source_date_epoch: Option<i64>,
}

/// A usage error: exit 2.
#[derive(Debug)]
struct Usage(String);
impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for Usage {}

/// Runs the CLI and returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("briefpress: error: {e:#}");
            if e.downcast_ref::<Usage>().is_some() {
                EXIT_USAGE
            } else {
                EXIT_INPUT
            }
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<i32> {
    match cli.command {
        Command::Build(args) => {
            let config = build_config(args)?;
            Ok(build(&config))
        }
        Command::Check(args) => Ok(check(&args.common)),
        Command::Themes => {
            let mut out = std::io::stdout().lock();
            for name in theme::builtin_names() {
                let t = Theme::builtin(&name)?;
                writeln!(out, "{name:<10} {}", t.tokens.meta.description)?;
            }
            Ok(EXIT_OK)
        }
        Command::Theme(ThemeCommand::Eject { name, dir }) => {
            let written = theme::eject(&name, &dir)
                .with_context(|| format!("cannot eject theme `{name}` into {}", dir.display()))?;
            eprintln!(
                "briefpress: wrote {} files of theme `{name}` into {}",
                written.len(),
                dir.display()
            );
            Ok(EXIT_OK)
        }
    }
}

fn read_options(c: &CommonArgs) -> ReadOptions {
    ReadOptions {
        max_bytes: c.max_input_bytes,
        max_depth: c.max_depth.max(1),
    }
}

fn build_config(args: BuildArgs) -> anyhow::Result<BuildConfig> {
    let (formats, target) = match &args.output {
        Some(file) => {
            if args.common.inputs.len() != 1 {
                return Err(Usage("--output takes exactly one input".into()).into());
            }
            let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
            let format = Format::from_extension(ext).ok_or_else(|| {
                Usage(format!(
                    "cannot tell the format of `{}` from its extension (use .pdf, .epub, .html, .json or .typ)",
                    file.display()
                ))
            })?;
            (vec![format], Target::File(file.clone(), format))
        }
        None => {
            let mut formats = Vec::new();
            for f in &args.format {
                let f: Format = f.parse().map_err(Usage)?;
                if !formats.contains(&f) {
                    formats.push(f);
                }
            }
            if formats.is_empty() {
                return Err(Usage("--format lists no format".into()).into());
            }
            (formats, Target::Dir(args.out_dir.clone()))
        }
    };
    let theme = Theme::resolve(&args.theme).map_err(|e| anyhow!(e))?;
    let source_date_epoch = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(s) if !s.trim().is_empty() => Some(s.trim().parse::<i64>().map_err(|_| {
            Usage(format!(
                "SOURCE_DATE_EPOCH=`{s}` is not a whole number of seconds"
            ))
        })?),
        _ => None,
    };
    Ok(BuildConfig {
        inputs: args.common.inputs.clone(),
        formats,
        target,
        theme,
        strict: args.common.strict,
        quiet: args.common.quiet,
        read: read_options(&args.common),
        pdf_standards: args.pdf_standard.clone(),
        font_paths: args.font_path.clone(),
        source_date_epoch,
    })
}

/// Prints a brief's diagnostics as one block, so that reports never interleave mid-line.
fn report(file: &str, diags: &[Diagnostic], text: Option<&str>, quiet: bool) {
    let mut out = String::new();
    for d in diags {
        if quiet && d.severity == Severity::Warning {
            continue;
        }
        out.push_str(&d.render(file, text));
        out.push('\n');
    }
    if !out.is_empty() {
        let _ = std::io::stderr().lock().write_all(out.as_bytes());
    }
}

fn failed(diags: &[Diagnostic], strict: bool) -> bool {
    diags
        .iter()
        .any(|d| d.severity == Severity::Error || (strict && d.severity == Severity::Warning))
}

fn check(common: &CommonArgs) -> i32 {
    let opts = read_options(common);
    let mut code = EXIT_OK;
    for input in &common.inputs {
        let name = input.display().to_string();
        let bytes = match std::fs::read(input) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{name}: error: cannot read: {e}");
                code = EXIT_INPUT;
                continue;
            }
        };
        let parsed = crate::parse(&bytes, &opts);
        let mut diags = parsed.diagnostics;
        if let Some(doc) = &parsed.document {
            load_images(doc, input, &mut diags);
        }
        report(&name, &diags, parsed.text.as_deref(), common.quiet);
        if parsed.document.is_none() || failed(&diags, common.strict) {
            code = EXIT_INPUT;
        }
    }
    code
}

/// Loads every image the brief shows from its own folder (no absolute paths, no escape by
/// `..` or symlink). Missing or escaping images are warnings; they are left out of outputs.
fn load_images(doc: &crate::Document, input: &Path, diags: &mut Vec<Diagnostic>) -> Resources {
    let mut res = Resources::default();
    let base = input
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let Ok(base) = base.canonicalize() else {
        return res;
    };
    for (url, _alt, span) in doc.images() {
        let path = base.join(url);
        match path.canonicalize() {
            Ok(real) if real.starts_with(&base) && real.is_file() => match std::fs::read(&real) {
                Ok(bytes) => {
                    res.images.insert(url.to_string(), bytes);
                }
                Err(e) => diags.push(Diagnostic::warning(
                    span,
                    format!("image `{url}` cannot be read: {e}"),
                )),
            },
            Ok(_) => diags.push(Diagnostic::warning(
                span,
                format!("image `{url}` lies outside the brief's folder; it is left out"),
            )),
            Err(_) => diags.push(Diagnostic::warning(
                span,
                format!("image file `{url}` is missing"),
            )),
        }
    }
    diags.sort_by_key(|d| d.span);
    res
}

/// Builds every input; returns the exit code.
pub fn build(config: &BuildConfig) -> i32 {
    let mut code = EXIT_OK;
    for input in &config.inputs {
        if let Err(e) = build_one(config, input) {
            eprintln!("briefpress: error: {}: {e:#}", input.display());
            code = EXIT_INPUT;
        }
    }
    code
}

#[derive(Debug)]
struct Reported;
impl std::fmt::Display for Reported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not built (see the diagnostics above)")
    }
}
impl std::error::Error for Reported {}

fn build_one(config: &BuildConfig, input: &Path) -> anyhow::Result<()> {
    let name = input.display().to_string();
    let bytes = std::fs::read(input).with_context(|| "cannot read the input".to_string())?;
    let parsed = crate::parse(&bytes, &config.read);
    let mut diags = parsed.diagnostics;
    let res = match &parsed.document {
        Some(doc) => load_images(doc, input, &mut diags),
        None => Resources::default(),
    };
    report(&name, &diags, parsed.text.as_deref(), config.quiet);
    let Some(doc) = parsed.document else {
        bail!(Reported);
    };
    if failed(&diags, config.strict) {
        bail!(Reported);
    }
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "brief".into());
    let opts = Options {
        source_date_epoch: config.source_date_epoch,
        // Outputs that name their companion files (`-f typ` reads `<stem>.data.json`) must
        // use the stem the files are written under.
        stem: match &config.target {
            Target::File(file, _) => file
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| stem.clone()),
            Target::Dir(_) => stem.clone(),
        },
        pdf_standards: config.pdf_standards.clone(),
        font_paths: config.font_paths.clone(),
    };
    // Render everything first: nothing is written for a brief that fails.
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for &format in &config.formats {
        let artifacts =
            write::write(format, &doc, &config.theme, &opts, &res).map_err(|e| anyhow!(e))?;
        for a in artifacts {
            let path = match &config.target {
                Target::Dir(dir) => dir.join(format!("{stem}{}", a.suffix)),
                Target::File(file, f) if a.suffix == format!(".{}", f.extension()) => file.clone(),
                Target::File(file, _) => {
                    let s = file
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    file.with_file_name(format!("{s}{}", a.suffix))
                }
            };
            files.push((path, a.bytes));
        }
    }
    for (path, bytes) in files {
        write_atomic(&path, &bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// Writes to a temporary file beside `path`, then renames it into place: readers never see a
/// half-written file, and a failure leaves any older file untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".briefpress-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
