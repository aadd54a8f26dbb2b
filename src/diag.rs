//! Located diagnostics in the `file:line:col: severity: message` form that editors, Make and
//! CI logs understand. Library code collects them as values (like Typst's warnings); only the
//! CLI decides where they go and whether `--strict` turns warnings into failures.

use crate::model::Span;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One problem found in an input, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub span: Span,
    pub message: String,
}

impl Diagnostic {
    pub fn warning(span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            span,
            message: message.into(),
        }
    }

    pub fn error(span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            span,
            message: message.into(),
        }
    }

    /// Renders `file:line:col: severity: message`, then the source line and a caret when the
    /// source is at hand.
    pub fn render(&self, file: &str, source: Option<&str>) -> String {
        let mut out = format!(
            "{}:{}:{}: {}: {}",
            file,
            self.span.line.max(1),
            self.span.col.max(1),
            self.severity,
            self.message
        );
        if let Some(line) = source.and_then(|s| source_line(s, self.span.line)) {
            let col = self.span.col.max(1) as usize;
            let (shown, caret_at) = snippet(line, col);
            let gutter = self.span.line.to_string();
            let pad: String = shown
                .chars()
                .take(caret_at)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            out.push_str(&format!(
                "\n {gutter} | {shown}\n {} | {pad}^",
                " ".repeat(gutter.len())
            ));
        }
        out
    }
}

/// Longest source excerpt shown under a diagnostic, in characters.
const SNIPPET_CHARS: usize = 200;

/// The part of `line` shown under a diagnostic at column `col` (1-based, in characters), and
/// how many characters of it precede the caret. A long line is cut to a window around the
/// column, marked with `…` where it was cut, so the caret always points into what is shown.
fn snippet(line: &str, col: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    let at = (col - 1).min(chars.len());
    if chars.len() <= SNIPPET_CHARS {
        return (line.to_string(), at);
    }
    let start = at
        .saturating_sub(SNIPPET_CHARS / 2)
        .min(chars.len() - SNIPPET_CHARS);
    let end = start + SNIPPET_CHARS;
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    (shown, at - start + usize::from(start > 0))
}

fn source_line(source: &str, line: u32) -> Option<&str> {
    if line == 0 {
        return None;
    }
    source
        .split('\n')
        .nth(line as usize - 1)
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty())
}

/// A sink for diagnostics, passed through the reader and the model passes.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn warn(&mut self, span: Span, message: impl Into<String>) {
        self.items.push(Diagnostic::warning(span, message));
    }

    pub fn error(&mut self, span: Span, message: impl Into<String>) {
        self.items.push(Diagnostic::error(span, message));
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Sorted by position, as a reader of the file expects them.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by_key(|d| d.span);
        self.items
    }
}

/// Line and column (1-based, in characters) of a byte offset.
pub fn span_of_offset(source: &str, offset: usize) -> Span {
    let offset = offset.min(source.len());
    let before = &source[..source.floor_char_boundary(offset)];
    let line = before.matches('\n').count() as u32 + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let col = before[line_start..].chars().count() as u32 + 1;
    Span::new(line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The caret sits under the character the column names, whatever the line's length.
    fn caret_char(rendered: &str) -> char {
        let lines: Vec<&str> = rendered.lines().collect();
        let (code, caret) = (lines[1], lines[2]);
        let offset = caret.chars().count() - 1;
        code.chars()
            .nth(offset)
            .expect("the caret points into the excerpt")
    }

    #[test]
    fn caret_stays_within_a_long_line_cut_around_the_column() {
        let line = format!("{}X{}", "a".repeat(399), "b".repeat(300));
        let d = Diagnostic::warning(Span::new(1, 400), "here");
        let out = d.render("f.md", Some(&line));
        assert_eq!(caret_char(&out), 'X', "{out}");
        let code = out.lines().nth(1).unwrap();
        assert!(code.contains('…') && code.chars().count() < 220, "{code}");
        // Near the start and at the very end of a long line too.
        for (col, want) in [(1, 'a'), (700, 'b')] {
            let d = Diagnostic::warning(Span::new(1, col), "here");
            assert_eq!(caret_char(&d.render("f.md", Some(&line))), want);
        }
    }

    #[test]
    fn short_lines_are_shown_whole() {
        let d = Diagnostic::error(Span::new(2, 3), "x");
        let out = d.render("f.md", Some("one\ntwo three\n"));
        assert_eq!(out, "f.md:2:3: error: x\n 2 | two three\n   |   ^");
    }
}
