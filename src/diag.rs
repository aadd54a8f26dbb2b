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
            let shown: String = line.chars().take(200).collect();
            let gutter = self.span.line.to_string();
            let col = self.span.col.max(1) as usize;
            let pad: String = shown
                .chars()
                .take(col.saturating_sub(1))
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
