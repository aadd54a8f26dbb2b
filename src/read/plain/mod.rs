//! Plain text (pdftotext, markitdown) made into Markdown that the rest of the reader reads:
//! its structure is inferred from evidence every extraction keeps — line lengths, blank
//! lines, capitals, numbering, the number sequence of notes — by small line passes, each in
//! its own file and run in the order of [`PASSES`].
//!
//! Passes may insert and remove lines: every line remembers the source line it came from,
//! so spans and diagnostics still point into the file ([`Lines::origins`]).

mod columns;
mod columntables;
mod escape;
mod footnotes;
mod headings;
mod hyphens;
mod ligatures;
mod notecolumns;
mod paragraphs;
mod prosetables;
mod runon;
mod spaces;
mod tables;
mod title;

use serde::Serialize;

/// One line of the text being rewritten, with the 1-based source line it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub src: u32,
}

impl Line {
    fn new(text: impl Into<String>, src: u32) -> Self {
        Line {
            text: text.into(),
            src,
        }
    }

    fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// A page break as the page pass writes it.
    fn is_break(&self) -> bool {
        self.text.trim() == crate::read::extracted::pages::BREAK
    }
}

/// The lines, and what the passes inferred from them.
#[derive(Debug, Default)]
pub struct Lines {
    pub lines: Vec<Line>,
    /// The brief's language (BCP 47), when known: hyphenation follows it.
    pub lang: Option<&'static str>,
    /// The typical full line length, in characters (see [`paragraphs::measure`]).
    pub measure: usize,
    /// The source line where the body starts (after the title page), once the title pass
    /// has run: later passes leave the title page's lines alone.
    pub body_from: u32,
    /// The running heads and feet the page pass removed (a title-page line they repeat is the
    /// title).
    pub running: Vec<String>,
    pub inferred: Inferred,
}

impl Lines {
    pub fn new(text: &str, lang: Option<&'static str>) -> Self {
        let lines: Vec<Line> = text
            .split('\n')
            .enumerate()
            .map(|(i, l)| Line::new(l, i as u32 + 1))
            .collect();
        let mut l = Lines {
            lines,
            lang,
            ..Lines::default()
        };
        l.measure = paragraphs::measure(&l.lines);
        l
    }

    /// The Markdown text.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (i, l) in self.lines.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&l.text);
        }
        out
    }

    /// Source line of each line of [`Lines::text`], first line first.
    pub fn origins(&self) -> Vec<u32> {
        self.lines.iter().map(|l| l.src).collect()
    }
}

/// What was inferred, and from what, for `check`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Inferred {
    /// Line-end hyphens removed (hyphenation) and kept (compounds).
    pub hyphens_joined: usize,
    pub hyphens_kept: usize,
    /// Paragraph ends found inside runs of lines, from line lengths and sentence ends.
    pub paragraphs_split: usize,
    /// Lines of a paragraph set one per paragraph (double-spaced), joined.
    pub lines_joined: usize,
    /// Pages read across their two columns (their note markers out of order), read down them.
    pub column_pages: usize,
    /// Pipe tables that were lines of running text cut at their word gaps, read back as lines.
    pub prose_tables: usize,
    /// Headings inferred, with the evidence that made each one (`numbered`, `capitals`,
    /// `title case`, `sentence case`).
    pub headings: Vec<(String, &'static str)>,
    /// Page-foot and end notes found in plain text, and the markers linked to them.
    pub notes: usize,
    pub markers: usize,
    /// The title line and the evidence it was chosen on; `None` when a title was marked up.
    pub title: Option<(String, &'static str)>,
}

/// One line pass.
type Pass = fn(&mut Lines);

/// The passes for plain text, in order: words first (ligatures, prose set as tables, hyphens), then what Markdown would
/// misread (escape), pages read across their two columns, notes whose numbers stand in a column of their own, then blocks (tables
/// row by row and column by column, title page, paragraphs), spaces, notes (whose numbered lines are
/// no headings), headings.
const PASSES: &[(&str, Pass)] = &[
    ("ligatures", ligatures::run),
    ("prose tables", prosetables::run),
    ("hyphens", hyphens::run),
    ("escape", escape::run),
    ("two-column pages", columns::run),
    ("note columns", notecolumns::run),
    ("tables", tables::run),
    ("column tables", columntables::run),
    ("title page", title::run),
    ("paragraphs", paragraphs::run),
    ("spaces", spaces::run),
    ("notes", footnotes::run),
    ("headings", headings::run),
];

/// The passes Markdown an extractor wrote needs: it has its own structure, but soft hyphens
/// and notes in shapes that are not Markdown.
const MARKDOWN_PASSES: &[(&str, Pass)] = &[
    ("ligatures", ligatures::run),
    ("soft hyphens", hyphens::run_soft),
    ("run-on title page", runon::run),
    ("notes", footnotes::run_markdown),
];

/// Runs every pass over plain text whose page debris is already gone.
pub fn to_markdown(text: &str, lang: Option<&'static str>, running: &[String]) -> Lines {
    run_passes(text, lang, running, PASSES)
}

/// Runs the passes for Markdown an extractor wrote.
pub fn mend_markdown(text: &str, lang: Option<&'static str>, running: &[String]) -> Lines {
    run_passes(text, lang, running, MARKDOWN_PASSES)
}

fn run_passes(
    text: &str,
    lang: Option<&'static str>,
    running: &[String],
    passes: &[(&str, Pass)],
) -> Lines {
    let mut lines = Lines::new(text, lang);
    lines.running = running.to_vec();
    for (_, pass) in passes {
        pass(&mut lines);
    }
    lines
}

/// The text of a line without a glued note number and closing quotes or brackets at its end.
fn sentence_tail(text: &str) -> &str {
    text.trim_end()
        .trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, '¹' | '²' | '³'))
        .trim_end_matches(['"', '”', '’', '\'', ')', ']', '*', '_'])
}

/// Does the line end a sentence (or a clause that introduces what follows)?
fn ends_sentence(text: &str) -> bool {
    sentence_tail(text).ends_with(['.', '!', '?', ':', ';', '…'])
}

/// Words of a line, without Markdown escapes.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_their_source_lines() {
        let l = Lines::new("a\nb\n\nc", None);
        assert_eq!(l.origins(), [1, 2, 3, 4]);
        assert_eq!(l.text(), "a\nb\n\nc");
    }

    #[test]
    fn sentence_ends() {
        assert!(ends_sentence("the heat.1"));
        assert!(ends_sentence("as “they said.”"));
        assert!(ends_sentence("three components:"));
        assert!(!ends_sentence("Rails for the Digital State"));
        assert!(!ends_sentence("the cost of"));
    }
}
