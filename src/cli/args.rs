//! Command-line arguments (clap derive). The doc comments are the help text. Arguments are
//! validated once into a [`super::BuildConfig`] before any brief is read.

use clap::builder::PossibleValuesParser;
use clap::{Args, Parser, Subcommand};
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

include!(concat!(env!("OUT_DIR"), "/themes.rs"));

/// The exit-code table every subcommand's help ends with (a macro, for `concat!`).
macro_rules! exit_codes {
    () => {
        "Exit codes:
  0  success (warnings allowed unless --strict)
  1  an input, theme or output error: a brief could not be built or written (diagnostics say
     where)
  2  a usage error: bad command-line arguments, refused before any brief is read"
    };
}

/// Turn policy briefs in Markdown into a print-ready PDF, an EPUB 3 e-book and a standalone
/// HTML page that share one theme.
#[derive(Debug, Parser)]
#[command(
    name = "briefpress",
    version,
    long_version = LONG_VERSION,
    about,
    long_about = None,
    after_help = concat!(
        "Examples:\n",
        "  briefpress build input/*.md     PDF, EPUB and HTML of each brief into output/\n",
        "  briefpress check --strict input/*.md\n",
        "  briefpress build --help         every option of `build`, with more examples\n\n",
        exit_codes!()
    )
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

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build briefs into PDF, EPUB, HTML, JSON or Typst source.
    #[command(after_help = concat!(
        "Examples:\n",
        "  briefpress build input/*.md                 PDF, EPUB and HTML of each into output/\n",
        "  briefpress build -f html -d site brief.md   only the HTML, into site/\n",
        "  briefpress build -o brief.pdf brief.md      one file, format from its extension\n",
        "  briefpress build -t ./house --strict a.md   a theme folder; warnings fail the build\n",
        "  briefpress build --mirror-dirs 2023/*.md 2024/*.md\n",
        "                                              keep same-named briefs apart in output/\n",
        "  briefpress build -o - -f html - < a.md     standard input to standard output\n",
        "  briefpress build -q --depfile out.d a.md    for Make: see examples/Makefile\n",
        "  briefpress build --shard 2/8 briefs/*.md    machine 2 of 8's share: see examples/ci/\n\n",
        "The EPUB and the HTML page carry the PDF's page numbers when the PDF is built in the\n",
        "same run; `-f html` alone lays no PDF out (add --page-numbers to have them anyway).\n\n",
        "`-f typ` writes <stem>.typ and <stem>.data.json: the theme's Typst template and the\n",
        "data it lays out (what `typst compile <stem>.typ` needs). `-f json` is the document\n",
        "model itself, the interchange format described in docs/model.md.\n\n",
        "Environment: SOURCE_DATE_EPOCH sets the outputs' timestamps. The fonts cut for the\n",
        "EPUB and the HTML page are kept in BRIEFPRESS_CACHE_DIR (default\n",
        "$XDG_CACHE_HOME/briefpress or ~/.cache/briefpress; `off` keeps none); they never\n",
        "change an output.\n\n",
        exit_codes!()
    ))]
    Build(BuildArgs),
    /// Read and validate briefs and their theme, print what `build` would report, write
    /// nothing.
    #[command(after_help = concat!(
        "`check` lays out each brief's PDF in memory, as `build` does with its default\n",
        "formats, so that it reports the same warnings (scripts no font covers…) and\n",
        "`check --strict` fails exactly when `build --strict` would.\n\n",
        "Examples:\n",
        "  briefpress check input/*.md\n",
        "  briefpress check --strict -t ./house brief.md\n\n",
        exit_codes!()
    ))]
    Check(CheckArgs),
    /// List the built-in themes.
    Themes,
    /// Work with themes.
    #[command(subcommand)]
    Theme(ThemeCommand),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[command(after_help = "\
Examples:
  briefpress completions bash > ~/.local/share/bash-completion/completions/briefpress
  briefpress completions zsh > ~/.zfunc/_briefpress
  briefpress completions fish > ~/.config/fish/completions/briefpress.fish")]
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to standard output, or write every page into a folder.
    #[command(after_help = "\
Examples:
  briefpress man | man -l -
  briefpress man --dir ~/.local/share/man/man1")]
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
    #[command(after_help = "\
Examples:
  briefpress theme eject default house
  briefpress build -t ./house brief.md")]
    Eject {
        /// The built-in theme to copy.
        #[arg(value_parser = PossibleValuesParser::new(BUILTIN_THEMES.iter().copied()))]
        name: String,
        /// Where to write it (must not exist, or be empty).
        dir: PathBuf,
    },
}

/// Inputs and how much to say: shared by `build` and `check`.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// Briefs to read (Markdown, with YAML front matter or as extracted from a PDF);
    /// `-` reads one brief from standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Treat warnings as errors: they are shown as errors (even with --quiet) and the brief
    /// is not built (exit 1).
    #[arg(long, display_order = 40)]
    pub strict: bool,

    /// Print only errors (no warnings, no summary).
    #[arg(short, long, display_order = 41)]
    pub quiet: bool,

    /// Largest input accepted: bytes, or with a unit (512K, 16M, 16MiB, 1G).
    #[arg(
        long,
        value_name = "SIZE",
        default_value_t = ByteSize(crate::read::ReadOptions::default().max_bytes),
        display_order = 90
    )]
    pub max_input_bytes: ByteSize,

    /// Deepest nesting of quotes, lists and emphasis kept; deeper content is flattened
    /// (with a warning).
    #[arg(long, value_name = "LEVELS", default_value_t = crate::read::ReadOptions::default().max_depth, display_order = 91)]
    pub max_depth: usize,
}

/// The theme and the PDF's fonts: shared by `build` and `check`, so that both see the same
/// warnings.
#[derive(Debug, Args)]
pub struct ThemeArgs {
    // The help names the built-in themes (see build.rs).
    #[arg(
        short,
        long,
        value_name = "NAME|DIR",
        default_value = "default",
        help = concat!(
            "A built-in theme (",
            env!("BRIEFPRESS_THEME_NAMES"),
            ") or a theme folder, written as a path (`./house`)"
        ),
        display_order = 13
    )]
    pub theme: String,

    /// More font folders for the PDF (searched after the theme's and the built-in fonts).
    #[arg(long, value_name = "DIR", display_order = 31)]
    pub font_path: Vec<PathBuf>,

    /// Never fall back to the system's fonts in the PDF (for builds that must not depend on
    /// what a machine has installed).
    #[arg(long, display_order = 32)]
    pub ignore_system_fonts: bool,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub common: CommonArgs,

    #[command(flatten)]
    pub look: ThemeArgs,

    /// Write the one output to FILE (one input only); the format comes from the extension
    /// (.pdf .epub .html/.htm .json .typ), and must agree with --format if both are given.
    /// `-o -` writes to standard output and needs --format.
    #[arg(
        short,
        long,
        value_name = "FILE",
        conflicts_with = "out_dir",
        display_order = 10
    )]
    pub output: Option<PathBuf>,

    /// Write `<stem>.<ext>` for each input and format into DIR.
    #[arg(
        short = 'd',
        long,
        value_name = "DIR",
        default_value = "output",
        display_order = 11
    )]
    pub out_dir: PathBuf,

    /// Keep the input folders' structure under the output folder: `2023/brief.md` and
    /// `2024/brief.md` give `output/2023/brief.pdf` and `output/2024/brief.pdf`. Folders are
    /// taken relative to the deepest folder holding every input (links and `..` resolved).
    #[arg(long, conflicts_with = "output", display_order = 14)]
    pub mirror_dirs: bool,

    /// Formats to write, comma-separated: pdf, epub, html, json, typ [default: pdf,epub,html]
    #[arg(
        short,
        long,
        value_name = "LIST",
        value_delimiter = ',',
        display_order = 12
    )]
    pub format: Vec<String>,

    /// Build this many briefs at once [default: the number of cores].
    #[arg(short, long, value_name = "N", display_order = 20)]
    pub jobs: Option<usize>,

    /// Write Make rules listing, for each output, every file it was made from (the input,
    /// theme files, fonts, images), so editing any of them rebuilds exactly what depends on it.
    #[arg(long, value_name = "FILE", display_order = 21)]
    pub depfile: Option<PathBuf>,

    /// Replace existing files that briefpress did not write (it recognises its own outputs by
    /// their metadata; without this option such a file is a usage error).
    #[arg(long, display_order = 15)]
    pub overwrite: bool,

    /// Build only shard K of N (1 ≤ K ≤ N) of the inputs, for a CI matrix or a job array:
    /// the N shards together build each brief exactly once. A brief's shard depends on its
    /// path alone (relative to the working directory), never on the other inputs.
    #[arg(
        long,
        value_name = "K/N",
        conflicts_with = "output",
        display_order = 23
    )]
    pub shard: Option<super::shard::Shard>,

    /// Keep running: rebuild whenever an input, theme file or image changes.
    #[arg(short, long, display_order = 22)]
    pub watch: bool,

    /// PDF standards to conform to and check at export, comma-separated: ua-1, a-2b, a-2a, …
    #[arg(long, value_name = "LIST", value_delimiter = ',', display_order = 30)]
    pub pdf_standard: Vec<String>,

    /// Give the EPUB and the HTML page the PDF's page numbers (page-break markers, a page
    /// list) even when the PDF is not built: it is laid out for them, which costs its time.
    /// Without this option they carry them only when the PDF is built in the same run.
    #[arg(long, conflicts_with = "no_page_numbers", display_order = 33)]
    pub page_numbers: bool,

    /// Leave the PDF's page numbers out of the EPUB and the HTML page, even when the PDF is
    /// built in the same run.
    #[arg(long, display_order = 34)]
    pub no_page_numbers: bool,
    /// How the HTML page gets the theme's fonts: `embed` subsets them into the page, `link`
    /// writes them beside it in fonts/, `system` leaves fonts to the reader's machine.
    #[arg(
        long,
        value_name = "MODE",
        default_value = "embed",
        value_parser = ["embed", "link", "system"],
        display_order = 35
    )]
    pub html_fonts: String,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: CommonArgs,

    #[command(flatten)]
    pub look: ThemeArgs,

    /// Print what was recognised as JSON on standard output: an array, one object per brief
    /// read (the text report otherwise; diagnostics stay on standard error).
    #[arg(long, display_order = 5)]
    pub json: bool,
}

/// A size in bytes, written plain or with a binary unit: `512K`, `16M`, `16MiB`, `1G`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteSize(pub usize);

impl FromStr for ByteSize {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim();
        let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        let (digits, unit) = t.split_at(split);
        let shift = match unit.trim().to_ascii_lowercase().as_str() {
            "" | "b" => 0,
            "k" | "kib" => 10,
            "m" | "mib" => 20,
            "g" | "gib" => 30,
            _ => return Err(format!("`{s}` is not a size (e.g. 512K, 16M, 16MiB, 1G)")),
        };
        let n: usize = digits
            .parse()
            .map_err(|_| format!("`{s}` is not a size (e.g. 512K, 16M, 16MiB, 1G)"))?;
        n.checked_mul(1 << shift)
            .map(ByteSize)
            .ok_or_else(|| format!("`{s}` is too large"))
    }
}

/// The shortest exact form, so the help shows the default as `16MiB`.
impl fmt::Display for ByteSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (shift, unit) in [(30, "GiB"), (20, "MiB"), (10, "KiB")] {
            if self.0 != 0 && self.0.is_multiple_of(1 << shift) {
                return write!(f, "{}{unit}", self.0 >> shift);
            }
        }
        write!(f, "{}", self.0)
    }
}

/// A size for messages, in MiB (KiB or bytes when smaller): `16 MiB`, `16.5 MiB`, `2 KiB`.
pub fn human_size(bytes: u64) -> String {
    for (shift, unit) in [(20, "MiB"), (10, "KiB")] {
        if bytes >= 1 << shift {
            let v = bytes as f64 / (1u64 << shift) as f64;
            return if bytes.is_multiple_of(1 << shift) {
                format!("{v:.0} {unit}")
            } else {
                format!("{v:.1} {unit}")
            };
        }
    }
    format!("{bytes} bytes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[test]
    fn sizes_parse_with_binary_units() {
        for (text, bytes) in [
            ("1000", 1000),
            ("512K", 512 << 10),
            ("16M", 16 << 20),
            ("16MiB", 16 << 20),
            ("16 mib", 16 << 20),
            ("1G", 1 << 30),
        ] {
            assert_eq!(text.parse::<ByteSize>(), Ok(ByteSize(bytes)), "{text}");
        }
        for bad in ["", "M", "16MB", "1.5M", "-1"] {
            assert!(bad.parse::<ByteSize>().is_err(), "{bad}");
        }
        assert_eq!(ByteSize(16 << 20).to_string(), "16MiB");
        assert_eq!(human_size(17 << 20), "17 MiB");
        assert_eq!(human_size((16 << 20) + (1 << 19)), "16.5 MiB");
    }

    /// Issue 16: the CLI's default input limit is the library's, whatever either says.
    #[test]
    fn input_limit_default_is_the_librarys() {
        let cli = Cli::try_parse_from(["briefpress", "check", "x.md"]).unwrap();
        let Command::Check(args) = cli.command else {
            panic!("check")
        };
        let lib = crate::read::ReadOptions::default();
        assert_eq!(args.common.max_input_bytes, ByteSize(lib.max_bytes));
        assert_eq!(args.common.max_depth, lib.max_depth);
    }
}
