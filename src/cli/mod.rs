//! The command line: parse arguments, validate them once into a [`BuildConfig`], then read,
//! transform and write each brief. The only part of briefpress that touches the filesystem.
//!
//! This module is the argument handling; the work is in its own modules: `plan` (where
//! outputs go, and what is refused), `build` (reading, rendering, writing), `schedule` (the
//! batch), `atomic` (writes), `images` (which images a brief may load), `depfile` and
//! `report` (what the user sees).

pub mod args;
mod atomic;
mod build;
mod cache;
mod depfile;
mod images;
mod owned;
mod plan;
mod report;
mod schedule;
pub mod shard;
mod watch;

pub use atomic::write_atomic;
pub use build::{BuildReport, build, check};
pub use plan::Target;
pub use report::Reporter;

use crate::read::ReadOptions;
use crate::theme::{self, Theme};
use crate::write::html::fonts::HtmlFonts;
use crate::write::{Format, PageNumbers};
use anyhow::{Context, anyhow};
use args::{BuildArgs, CheckArgs, Cli, Command, CommonArgs, ThemeArgs, ThemeCommand};
use clap::{CommandFactory, Parser};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Exit code: every brief built (warnings allowed).
pub const EXIT_OK: i32 = 0;
/// Exit code: an input, theme or output error.
pub const EXIT_INPUT: i32 = 1;
/// Exit code: a usage error.
pub const EXIT_USAGE: i32 = 2;

/// The input name that means standard input.
pub const STDIN: &str = "-";

/// Validated build settings.
pub struct BuildConfig {
    pub inputs: Vec<PathBuf>,
    pub formats: Vec<Format>,
    pub target: Target,
    pub theme: Theme,
    pub strict: bool,
    pub quiet: bool,
    pub jobs: usize,
    pub read: ReadOptions,
    pub pdf_standards: Vec<String>,
    pub font_paths: Vec<PathBuf>,
    pub system_fonts: bool,
    /// `--page-numbers`, `--no-page-numbers`, or by default with the PDF.
    pub page_numbers: PageNumbers,
    pub html_fonts: HtmlFonts,
    pub source_date_epoch: Option<i64>,
    pub depfile: Option<PathBuf>,
    pub watch: bool,
    /// The theme argument, to reload the theme when watching.
    pub theme_spec: String,
}

/// Validated `check` settings: what `build` needs to read and lay a brief out.
pub struct CheckConfig {
    pub inputs: Vec<PathBuf>,
    pub theme: Theme,
    pub strict: bool,
    pub quiet: bool,
    pub jobs: usize,
    pub read: ReadOptions,
    pub font_paths: Vec<PathBuf>,
    pub system_fonts: bool,
    /// The report of what was recognised as JSON instead of text.
    pub json: bool,
}

/// A usage error: exit 2.
#[derive(Debug)]
pub(crate) struct UsageError(pub(crate) String);
impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for UsageError {}

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
    cache::install();
    match run(cli) {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => EXIT_OK,
        Err(e) => {
            report::eprint(&format!("briefpress: error: {e:#}\n"));
            if e.downcast_ref::<UsageError>().is_some() {
                EXIT_USAGE
            } else {
                EXIT_INPUT
            }
        }
    }
}

/// Standard output was closed early (`briefpress man | head -1`): the reader had what it
/// wanted. Like ripgrep, exit quietly with success rather than report a broken pipe.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Prints to standard output in one write (a broken pipe is then one error, see above).
fn print_stdout(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()?;
    Ok(())
}

fn run(cli: Cli) -> anyhow::Result<i32> {
    match cli.command {
        Command::Build(args) => {
            let config = build_config(args)?;
            if config.watch {
                watch::watch(config)
            } else {
                Ok(build(&config).code)
            }
        }
        Command::Check(args) => Ok(check(&check_config(args)?)),
        Command::Themes => {
            let mut list = String::new();
            for name in theme::builtin_names() {
                let t = Theme::builtin(&name)?;
                list.push_str(&format!("{name:<10} {}\n", t.tokens.meta.description));
            }
            print_stdout(list.as_bytes())?;
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
        Command::Completions { shell } => {
            // Into memory first: clap_complete panics when its writer fails.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "briefpress", &mut script);
            print_stdout(&script)?;
            Ok(EXIT_OK)
        }
        Command::Man { dir: None } => {
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut page)?;
            print_stdout(&page)?;
            Ok(EXIT_OK)
        }
        Command::Man { dir: Some(dir) } => write_man_pages(&dir),
    }
}

/// `man --dir DIR`: the main page and one per subcommand, the names `briefpress(1)` refers to.
fn write_man_pages(dir: &Path) -> anyhow::Result<i32> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    clap_mangen::generate_to(Cli::command(), dir)
        .with_context(|| format!("cannot write man pages into {}", dir.display()))?;
    Ok(EXIT_OK)
}

/// The reading limits. `--max-depth 0` would keep not even a paragraph inside the brief: a
/// usage error, as `-j 0` is.
fn read_options(c: &CommonArgs) -> anyhow::Result<ReadOptions> {
    if c.max_depth == 0 {
        return Err(UsageError("--max-depth must be at least 1".into()).into());
    }
    Ok(ReadOptions {
        max_bytes: c.max_input_bytes.0,
        max_depth: c.max_depth,
    })
}

fn parse_formats(list: &[String]) -> anyhow::Result<Vec<Format>> {
    let mut formats = Vec::new();
    for f in list {
        let f: Format = f.parse().map_err(UsageError)?;
        if !formats.contains(&f) {
            formats.push(f);
        }
    }
    Ok(formats)
}

/// `-o FILE` (or `-o -`): one input, one format.
fn output_target(
    file: &Path,
    inputs: &[PathBuf],
    requested: &[Format],
) -> anyhow::Result<(Vec<Format>, Target)> {
    if inputs.len() != 1 {
        return Err(UsageError("--output takes exactly one input".into()).into());
    }
    if file.is_dir() || file.as_os_str().to_string_lossy().ends_with('/') {
        return Err(UsageError(format!(
            "--output `{0}` is a folder: use `-d {0}` to write into it",
            file.display()
        ))
        .into());
    }
    let format = plan::output_format(file, requested)?;
    if file.as_os_str() != STDIN {
        return Ok((vec![format], Target::File(file.to_path_buf(), format)));
    }
    if format == Format::Typ {
        return Err(UsageError(
            "`-f typ` writes two files and cannot go to standard output".into(),
        )
        .into());
    }
    Ok((vec![format], Target::Stdout(format)))
}

/// `--font-path` folders, which must exist. (Settings are checked in this order: usage
/// errors, exit 2, first; then the theme, exit 1; all before any brief is read.)
fn font_paths(look: &ThemeArgs) -> anyhow::Result<Vec<PathBuf>> {
    for dir in &look.font_path {
        if !dir.exists() {
            return Err(
                UsageError(format!("--font-path `{}` does not exist", dir.display())).into(),
            );
        }
    }
    Ok(look.font_path.clone())
}

/// Resolves `-t`: a path (`./house`) is a theme folder, a bare name a built-in theme, even
/// when a folder of that name is here: a note then says which was used.
fn resolve_theme(spec: &str, quiet: bool) -> anyhow::Result<Theme> {
    let theme = Theme::resolve(spec).map_err(|e| anyhow!(e))?;
    let defaulted = theme.defaulted_files();
    if !quiet && !defaulted.is_empty() {
        report::eprint(&format!(
            "briefpress: note: theme folder `{spec}` has no {}: the built-in default's {} used\n",
            defaulted.join(", "),
            if defaulted.len() == 1 { "is" } else { "are" }
        ));
    }
    if !quiet && theme::is_builtin_spec(spec) && Path::new(spec).is_dir() {
        report::eprint(&format!(
            "briefpress: note: `-t {spec}` is the built-in theme `{spec}`; for the folder \
             `{spec}`, write `-t ./{spec}`\n"
        ));
    }
    Ok(theme)
}

/// `-j`: at least 1, and at most the machine's cores. Briefs are built on the CPU alone, so
/// more at once only costs memory and threads (`-j 100000` started 4,000+ threads for
/// minutes); a larger value is lowered, with a note.
fn jobs(requested: Option<usize>, quiet: bool) -> anyhow::Result<usize> {
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let jobs = requested.unwrap_or(cores);
    if jobs == 0 {
        return Err(UsageError("--jobs must be at least 1".into()).into());
    }
    if jobs > cores {
        if !quiet {
            let noun = if cores == 1 { "core" } else { "cores" };
            report::eprint(&format!(
                "briefpress: note: --jobs {jobs} is more than this machine's {cores} {noun}: \
                 building {cores} at once\n"
            ));
        }
        return Ok(cores);
    }
    Ok(jobs)
}

/// `--pdf-standard` names, checked once (whatever the formats) rather than per brief.
fn pdf_standards(names: &[String]) -> anyhow::Result<Vec<String>> {
    crate::write::pdf::standards(names).map_err(|e| match e {
        crate::Error::Write { message, .. } => UsageError(format!("--pdf-standard: {message}")),
        other => UsageError(format!("--pdf-standard: {other}")),
    })?;
    Ok(names.to_vec())
}

fn source_date_epoch() -> anyhow::Result<Option<i64>> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(s) if !s.trim().is_empty() => Ok(Some(s.trim().parse::<i64>().map_err(|_| {
            UsageError(format!(
                "SOURCE_DATE_EPOCH=`{s}` is not a whole number of seconds"
            ))
        })?)),
        _ => Ok(None),
    }
}

fn check_config(args: CheckArgs) -> anyhow::Result<CheckConfig> {
    let read = read_options(&args.common)?;
    let font_paths = font_paths(&args.look)?;
    let jobs = jobs(None, args.common.quiet)?;
    let theme = resolve_theme(&args.look.theme, args.common.quiet)?;
    Ok(CheckConfig {
        inputs: plan::dedup_inputs(&args.common.inputs),
        theme,
        strict: args.common.strict,
        quiet: args.common.quiet,
        jobs,
        read,
        font_paths,
        system_fonts: !args.look.ignore_system_fonts,
        json: args.json,
    })
}

/// The inputs shard `shard` builds (see [`shard`]), with a note saying how many of all.
fn sharded(shard: shard::Shard, inputs: &[PathBuf], quiet: bool) -> anyhow::Result<Vec<PathBuf>> {
    if inputs.iter().any(|p| p.as_os_str() == STDIN) {
        return Err(UsageError(
            "--shard divides briefs by their paths: standard input (`-`) has none".into(),
        )
        .into());
    }
    let cwd = std::env::current_dir().context("cannot read the working directory")?;
    let mine = shard.select(inputs, &cwd);
    if !quiet {
        report::eprint(&format!(
            "briefpress: note: shard {shard}: {} of the {} briefs given\n",
            mine.len(),
            inputs.len()
        ));
    }
    Ok(mine)
}

fn build_config(args: BuildArgs) -> anyhow::Result<BuildConfig> {
    plan::reject_output_inputs(&args.common.inputs)?;
    let requested = parse_formats(&args.format)?;
    let inputs = &plan::dedup_inputs(&args.common.inputs);
    if inputs.iter().filter(|p| p.as_os_str() == STDIN).count() > 1 {
        return Err(UsageError("standard input (`-`) can be read only once".into()).into());
    }
    let (formats, target) = match &args.output {
        Some(file) => output_target(file, inputs, &requested)?,
        None => {
            let formats = if requested.is_empty() {
                vec![Format::Pdf, Format::Epub, Format::Html]
            } else {
                requested
            };
            let mirror = args.mirror_dirs.then(|| plan::common_ancestor(inputs));
            let dir = args.out_dir.clone();
            (formats, Target::Dir { dir, mirror })
        }
    };
    plan::check_outputs(
        inputs,
        &formats,
        &target,
        args.depfile.as_deref(),
        args.overwrite,
    )?;
    let html_fonts: HtmlFonts = args.html_fonts.parse().map_err(UsageError)?;
    if html_fonts == HtmlFonts::Link && matches!(target, Target::Stdout(_)) {
        return Err(UsageError(
            "--html-fonts link writes files beside the page: not with `-o -`".into(),
        )
        .into());
    }
    if args.watch && inputs.iter().any(|p| p.as_os_str() == STDIN) {
        return Err(UsageError("--watch cannot watch standard input".into()).into());
    }
    // Every shard checks the whole plan above (two briefs written to one file are refused on
    // every machine alike, and --mirror-dirs mirrors relative to all the inputs), then builds
    // its own briefs only.
    let inputs = &match args.shard {
        Some(shard) => sharded(shard, inputs, args.common.quiet)?,
        None => inputs.clone(),
    };
    let read = read_options(&args.common)?;
    let pdf_standards = pdf_standards(&args.pdf_standard)?;
    let font_paths = font_paths(&args.look)?;
    let source_date_epoch = source_date_epoch()?;
    let jobs = jobs(args.jobs, args.common.quiet)?;
    let theme = resolve_theme(&args.look.theme, args.common.quiet)?;
    Ok(BuildConfig {
        inputs: inputs.clone(),
        formats,
        target,
        theme,
        strict: args.common.strict,
        quiet: args.common.quiet,
        jobs,
        read,
        pdf_standards,
        font_paths,
        system_fonts: !args.look.ignore_system_fonts,
        page_numbers: match (args.page_numbers, args.no_page_numbers) {
            (true, _) => PageNumbers::Always,
            (_, true) => PageNumbers::Never,
            (false, false) => PageNumbers::WithPdf,
        },
        html_fonts,
        source_date_epoch,
        depfile: args.depfile.clone(),
        watch: args.watch,
        theme_spec: args.look.theme.clone(),
    })
}
