//! Command-line arguments (clap derive). The doc comments are the help text. Arguments are
//! validated once into a [`super::BuildConfig`] before any brief is read.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Turn policy briefs in Markdown into a print-ready PDF, an EPUB 3 e-book and a standalone
/// HTML page that share one theme.
#[derive(Debug, Parser)]
#[command(
    name = "briefpress",
    version,
    long_version = LONG_VERSION,
    about,
    long_about = None,
    after_help = EXIT_CODES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// `--version`: what a team records to know which build made a file. The built-in themes are
/// part of the binary; each is named with a fingerprint of its files (see build.rs).
pub const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "\ntypst ",
    env!("BRIEFPRESS_TYPST_VERSION"),
    "\nbuilt-in themes: ",
    env!("BRIEFPRESS_THEME_VERSIONS"),
);

pub const EXIT_CODES: &str = "\
Exit codes:
  0  success (warnings allowed unless --strict)
  1  an input or theme error: a brief could not be built (diagnostics say where)
  2  a usage error: bad command-line arguments";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build briefs into PDF, EPUB, HTML, JSON or Typst source.
    #[command(after_help = EXIT_CODES)]
    Build(BuildArgs),
    /// Read and validate briefs, print diagnostics, write nothing.
    #[command(after_help = EXIT_CODES)]
    Check(CheckArgs),
    /// List the built-in themes.
    Themes,
    /// Work with themes.
    #[command(subcommand)]
    Theme(ThemeCommand),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to standard output, or write every page into a folder.
    Man {
        /// Write `briefpress.1`, `briefpress-build.1` and a page per subcommand into DIR
        /// (created if missing) instead.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ThemeCommand {
    /// Write an editable copy of a built-in theme into DIR.
    Eject {
        /// The built-in theme to copy.
        name: String,
        /// Where to write it (must not exist, or be empty).
        dir: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct CommonArgs {
    /// Briefs to read (Markdown, with YAML front matter or as extracted from a PDF);
    /// `-` reads one brief from standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Treat warnings as errors (exit 1 if any brief has a warning).
    #[arg(long)]
    pub strict: bool,

    /// Print only errors.
    #[arg(short, long)]
    pub quiet: bool,

    /// Largest input accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 12 * 1024 * 1024)]
    pub max_input_bytes: usize,

    /// Deepest nesting of quotes, lists and emphasis kept; deeper content is flattened
    /// (with a warning).
    #[arg(long, value_name = "LEVELS", default_value_t = 12)]
    pub max_depth: usize,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub common: CommonArgs,

    /// Write the one output to FILE (one input only); the format comes from the extension
    /// (.pdf .epub .html .json .typ) unless --format names one. `-o -` writes to standard
    /// output and needs --format.
    #[arg(short, long, value_name = "FILE", conflicts_with = "out_dir")]
    pub output: Option<PathBuf>,

    /// Write `<stem>.<ext>` for each input and format into DIR.
    #[arg(short = 'd', long, value_name = "DIR", default_value = "output")]
    pub out_dir: PathBuf,

    /// Keep the input folders' structure under the output folder: `2023/brief.md` and
    /// `2024/brief.md` give `output/2023/brief.pdf` and `output/2024/brief.pdf`. Folders are
    /// taken relative to the deepest folder holding every input (links and `..` resolved).
    #[arg(long, conflicts_with = "output")]
    pub mirror_dirs: bool,

    /// Formats to write, comma-separated: pdf, epub, html, json, typ [default: pdf,epub,html]
    #[arg(short, long, value_name = "LIST", value_delimiter = ',')]
    pub format: Vec<String>,

    /// Build this many briefs at once [default: the number of cores].
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,

    /// Write Make rules listing, for each output, every file it was made from (the input,
    /// theme files, fonts, images), so editing any of them rebuilds exactly what depends on it.
    #[arg(long, value_name = "FILE")]
    pub depfile: Option<PathBuf>,

    /// Keep running: rebuild whenever an input, theme file or image changes.
    #[arg(short, long)]
    pub watch: bool,

    /// A built-in theme name (see `briefpress themes`) or a theme folder.
    #[arg(short, long, value_name = "NAME|DIR", default_value = "default")]
    pub theme: String,

    /// PDF standards to conform to and check at export, comma-separated: ua-1, a-2b, a-2a, …
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub pdf_standard: Vec<String>,

    /// More font folders for the PDF (searched after the theme's and the built-in fonts).
    #[arg(long, value_name = "DIR")]
    pub font_path: Vec<PathBuf>,

    /// Never fall back to the system's fonts in the PDF (for builds that must not depend on
    /// what a machine has installed).
    #[arg(long)]
    pub ignore_system_fonts: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: CommonArgs,
}
