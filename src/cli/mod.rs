//! The command line: parse arguments, validate them once into a [`BuildConfig`], then read,
//! transform and write each brief. The only part of briefpress that touches the filesystem.
//!
//! Batch builds run in parallel (rayon), report each brief's diagnostics as one block (so
//! reports never interleave mid-line), write every output atomically (temporary file beside
//! it, then rename) and write nothing at all for a brief that failed.

pub mod args;
mod plan;
mod watch;

use crate::diag::{Diagnostic, Severity};
use crate::read::ReadOptions;
use crate::theme::{self, Origin, Theme};
use crate::write::{self, Format, Options, Resources};
use anyhow::{Context, anyhow};
use args::{BuildArgs, Cli, Command, CommonArgs, ThemeCommand};
use clap::{CommandFactory, Parser};
use indicatif::{ProgressBar, ProgressStyle};
pub use plan::Target;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// Exit code: every brief built (warnings allowed).
pub const EXIT_OK: i32 = 0;
/// Exit code: an input or theme error.
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
    pub source_date_epoch: Option<i64>,
    pub depfile: Option<PathBuf>,
    pub watch: bool,
    /// The theme argument, to reload the theme when watching.
    pub theme_spec: String,
}

/// A usage error: exit 2.
#[derive(Debug)]
pub(crate) struct Usage(pub(crate) String);
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
            if config.watch {
                watch::watch(config)
            } else {
                Ok(build(&config).code)
            }
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
        Command::Completions { shell } => {
            let mut cmd = Cli::command();
            clap_complete::generate(shell, &mut cmd, "briefpress", &mut std::io::stdout());
            Ok(EXIT_OK)
        }
        Command::Man { dir: None } => {
            clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout())?;
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

fn read_options(c: &CommonArgs) -> ReadOptions {
    ReadOptions {
        max_bytes: c.max_input_bytes,
        max_depth: c.max_depth.max(1),
    }
}

fn parse_formats(list: &[String]) -> anyhow::Result<Vec<Format>> {
    let mut formats = Vec::new();
    for f in list {
        let f: Format = f.parse().map_err(Usage)?;
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
        return Err(Usage("--output takes exactly one input".into()).into());
    }
    if file.is_dir() || file.as_os_str().to_string_lossy().ends_with('/') {
        return Err(Usage(format!(
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
        return Err(
            Usage("`-f typ` writes two files and cannot go to standard output".into()).into(),
        );
    }
    Ok((vec![format], Target::Stdout(format)))
}

fn build_config(args: BuildArgs) -> anyhow::Result<BuildConfig> {
    plan::reject_output_inputs(&args.common.inputs)?;
    let requested = parse_formats(&args.format)?;
    let inputs = &plan::dedup_inputs(&args.common.inputs);
    if inputs.iter().filter(|p| p.as_os_str() == STDIN).count() > 1 {
        return Err(Usage("standard input (`-`) can be read only once".into()).into());
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
    plan::check_outputs(inputs, &formats, &target, args.depfile.as_deref())?;
    if args.watch && inputs.iter().any(|p| p.as_os_str() == STDIN) {
        return Err(Usage("--watch cannot watch standard input".into()).into());
    }
    let theme = Theme::resolve(&args.theme).map_err(|e| anyhow!(e))?;
    let source_date_epoch = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(s) if !s.trim().is_empty() => Some(s.trim().parse::<i64>().map_err(|_| {
            Usage(format!(
                "SOURCE_DATE_EPOCH=`{s}` is not a whole number of seconds"
            ))
        })?),
        _ => None,
    };
    let jobs = args.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    if jobs == 0 {
        return Err(Usage("--jobs must be at least 1".into()).into());
    }
    Ok(BuildConfig {
        inputs: inputs.clone(),
        formats,
        target,
        theme,
        strict: args.common.strict,
        quiet: args.common.quiet,
        jobs,
        read: read_options(&args.common),
        pdf_standards: args.pdf_standard.clone(),
        font_paths: args.font_path.clone(),
        system_fonts: !args.ignore_system_fonts,
        source_date_epoch,
        depfile: args.depfile.clone(),
        watch: args.watch,
        theme_spec: args.theme.clone(),
    })
}

/// Prints whole reports to stderr, above the progress bar when there is one.
pub struct Reporter {
    bar: Option<ProgressBar>,
}

impl Reporter {
    fn new(total: usize, quiet: bool) -> Reporter {
        let show = !quiet && total > 1 && std::io::stderr().is_terminal();
        let bar = show.then(|| {
            let bar = ProgressBar::new(total as u64);
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {pos}/{len} {wide_msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        });
        Reporter { bar }
    }

    /// Prints `text` (whole lines) in one write.
    pub fn print(&self, text: &str) {
        if text.is_empty() {
            return;
        }
        let write = || {
            let _ = std::io::stderr().lock().write_all(text.as_bytes());
        };
        match &self.bar {
            Some(bar) => bar.suspend(write),
            None => write(),
        }
    }

    fn started(&self, name: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(name.to_string());
        }
    }

    fn finished(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    fn done(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// A brief's diagnostics as one block of text.
fn render_diagnostics(file: &str, diags: &[Diagnostic], text: Option<&str>, quiet: bool) -> String {
    let mut out = String::new();
    for d in diags {
        if quiet && d.severity == Severity::Warning {
            continue;
        }
        out.push_str(&d.render(file, text));
        out.push('\n');
    }
    out
}

fn failed(diags: &[Diagnostic], strict: bool) -> bool {
    diags
        .iter()
        .any(|d| d.severity == Severity::Error || (strict && d.severity == Severity::Warning))
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

fn check(common: &CommonArgs) -> i32 {
    let opts = read_options(common);
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
        let parsed = crate::parse(&bytes, &opts);
        let mut diags = parsed.diagnostics;
        if let Some(doc) = &parsed.document {
            load_images(doc, input, &mut diags);
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

/// The folder relative image paths are resolved in: the input's own folder (the current
/// folder for standard input).
fn base_dir(input: &Path) -> PathBuf {
    if input.as_os_str() == STDIN {
        return PathBuf::from(".");
    }
    input
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

/// Loads every image the brief shows from its own folder (no absolute paths, no escape by
/// `..` or symlink). Missing or escaping images are warnings; they are left out of outputs.
/// Returns the resources and the image files read.
fn load_images(
    doc: &crate::Document,
    input: &Path,
    diags: &mut Vec<Diagnostic>,
) -> (Resources, Vec<PathBuf>) {
    let mut res = Resources::default();
    let mut files = Vec::new();
    let Ok(base) = base_dir(input).canonicalize() else {
        return (res, files);
    };
    for (url, _alt, span) in doc.images() {
        if res.images.contains_key(url) {
            continue;
        }
        let path = base.join(url);
        match path.canonicalize() {
            Ok(real) if real.starts_with(&base) && real.is_file() => match std::fs::read(&real) {
                Ok(bytes) => {
                    res.images.insert(url.to_string(), bytes);
                    files.push(real);
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
    (res, files)
}

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
    // One feeder thread per job takes the next brief and builds it on the pool. A pool thread
    // that waits inside a brief (for Typst's parallel layout, or a format's other half) works
    // on whatever the pool holds meanwhile; were the briefs themselves pool jobs (a
    // `par_iter`), that would be the next brief, and the next, each half-built on the stack
    // of the one before: resident memory then grew with the batch (137 MiB for 50 briefs,
    // 274 MiB for 200). With feeders, at most `jobs` briefs are in flight.
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<anyhow::Result<Built>>>> =
        config.inputs.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|outer| {
        // Fonts are parsed while the pool starts and the first briefs are read.
        outer.spawn(|| {
            let opts = Options {
                font_paths: config.font_paths.clone(),
                ..Options::default()
            };
            write::warm_up(&config.formats, &config.theme, &opts);
        });
        let pool = match rayon::ThreadPoolBuilder::new()
            .num_threads(config.jobs)
            .build()
        {
            Ok(pool) => pool,
            Err(e) => {
                // The system refused the threads: every brief fails, with the reason.
                for slot in &slots {
                    *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(Err(anyhow!(
                        "cannot start {} worker threads: {e}",
                        config.jobs
                    )));
                }
                return;
            }
        };
        std::thread::scope(|scope| {
            for _ in 0..config.jobs.min(config.inputs.len()) {
                scope.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(input) = config.inputs.get(i) else {
                            break;
                        };
                        reporter.started(&display_name(input));
                        let r = pool.install(|| build_one(config, input, &reporter));
                        release_free_memory();
                        reporter.finished();
                        *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
                    }
                });
            }
        });
    });
    let results: Vec<(PathBuf, anyhow::Result<Built>)> = config
        .inputs
        .iter()
        .zip(slots)
        .map(|(input, slot)| {
            let r = slot.into_inner().unwrap_or_else(|e| e.into_inner());
            (
                input.clone(),
                r.unwrap_or_else(|| Err(anyhow!("the build of this brief did not finish"))),
            )
        })
        .collect();
    reporter.done();
    let theme_deps = theme_files(&config.theme);
    let font_deps = font_files(&config.font_paths);
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
        && let Err(e) = write_atomic(depfile, make_rules(&rules).as_bytes())
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

/// Files a theme was read from (built-in files come from the binary itself).
fn theme_files(theme: &Theme) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = theme
        .files()
        .filter_map(|(_, _, origin)| match origin {
            Origin::File(p) => Some(p.clone()),
            Origin::Builtin(_) => None,
        })
        .collect();
    if theme
        .files()
        .any(|(_, _, o)| matches!(o, Origin::Builtin(_)))
        && let Ok(exe) = std::env::current_exe()
    {
        files.push(exe);
    }
    files.sort();
    files.dedup();
    files
}

/// Font files under the `--font-path` folders.
fn font_files(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = dirs.to_vec();
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                matches!(
                    e.to_ascii_lowercase().as_str(),
                    "ttf" | "otf" | "ttc" | "otc"
                )
            }) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Make syntax: `out1 out2: dep1 dep2`, spaces and `$` escaped, one rule per brief.
fn make_rules(rules: &[(Vec<PathBuf>, Vec<PathBuf>)]) -> String {
    fn esc(p: &Path) -> String {
        p.display()
            .to_string()
            .replace('$', "$$")
            .replace(' ', "\\ ")
            .replace('#', "\\#")
    }
    let mut out = String::new();
    for (outputs, deps) in rules {
        if outputs.is_empty() {
            continue;
        }
        let outs: Vec<String> = outputs.iter().map(|p| esc(p)).collect();
        let ds: Vec<String> = deps.iter().map(|p| esc(p)).collect();
        out.push_str(&format!("{}: {}\n", outs.join(" "), ds.join(" \\\n  ")));
    }
    out
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
        Some(doc) => load_images(doc, input, &mut diags),
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

/// Hands memory freed by finished briefs back to the system once enough has gathered, so
/// that a batch's resident size stays flat instead of creeping up with the number of briefs.
/// glibc keeps freed pages that lie between live allocations: with a live heap steady at
/// about 25 MiB, resident memory rose from 94 MiB (50 briefs) to 148 MiB (400 briefs);
/// trimming keeps it at 92–98 MiB. Trimming after every brief costs about 10 % of a batch's
/// time (the pages are faulted in again), so it waits until 32 MiB are free.
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallinfo2` reads glibc's allocator statistics and `malloc_trim` returns unused
    // pages of its arenas to the system; both take the allocator's own locks and touch no
    // memory of ours.
    unsafe {
        const THRESHOLD: usize = 32 << 20;
        if libc::mallinfo2().fordblks > THRESHOLD {
            libc::malloc_trim(0);
        }
    }
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
    // Temporary files are created owner-only; a published output gets the usual mode.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = match std::fs::metadata(path) {
            Ok(m) => m.permissions().mode() & 0o7777,
            Err(_) => 0o644,
        };
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    // No fsync: like cargo's and typst-cli's outputs, these can always be built again, and
    // the rename alone is what keeps readers from ever seeing a partial file. (Syncing every
    // output cost a pool thread 0.3–0.7 ms per file, blocked.)
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn make_rules_escape_spaces_and_dollars() {
        let rules = vec![(
            vec![PathBuf::from("out/a b.pdf")],
            vec![PathBuf::from("in/a b.md"), PathBuf::from("th/$x.css")],
        )];
        assert_eq!(
            make_rules(&rules),
            "out/a\\ b.pdf: in/a\\ b.md \\\n  th/$$x.css\n"
        );
    }
}
