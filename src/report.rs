//! What reading a brief recognised, for `briefpress check` and the line `build` prints for
//! each brief: a short report a team can scan in a batch log, or read as JSON.

use crate::model::{Block, Document};
use crate::read::extracted::markers::MarkerForm;
use serde::Serialize;

pub use crate::read::recognised::{InputStyle, Recognised};
use crate::transform::Mended;

/// The check report of one brief.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    pub file: String,
    pub style: InputStyle,
    /// The kind of source the reader decided it was, before parsing.
    pub source: crate::read::kind::SourceKind,
    /// Where the title came from: `front matter`, `markup` (a heading or a bold line) or the
    /// evidence it was inferred on.
    pub title_from: String,
    /// What the plain-text passes inferred (headings with their evidence, notes, markers,
    /// hyphens, paragraphs).
    pub inferred: crate::read::plain::Inferred,
    pub title: String,
    pub authors: Vec<String>,
    pub date: Option<String>,
    pub series: Option<String>,
    pub publisher: Option<String>,
    pub summary_paragraphs: usize,
    pub sections: usize,
    pub notes: usize,
    /// How the note markers were written.
    pub note_forms: Vec<MarkerForm>,
    /// Where the definitions stood: `page-foot`, `end-section`, `markdown`.
    pub note_placement: Vec<&'static str>,
    pub undefined_refs: Vec<String>,
    pub unused_defs: Vec<String>,
    pub page_breaks: usize,
    pub running_lines_removed: usize,
    pub paragraphs_rejoined: usize,
    pub warnings: usize,
    pub errors: usize,
}

impl CheckReport {
    pub fn new(
        file: &str,
        doc: &Document,
        rec: &Recognised,
        mended: &Mended,
        warnings: usize,
        errors: usize,
    ) -> Self {
        let notes = &rec.notes;
        let mut placement = Vec::new();
        if notes.at_page_foot > 0 {
            placement.push("page-foot");
        }
        if notes.in_end_section > 0 {
            placement.push("end-section");
        }
        if notes.forms.contains(&MarkerForm::Markdown) {
            placement.push("markdown");
        }
        CheckReport {
            file: file.to_string(),
            style: rec.style,
            source: rec.kind,
            title_from: match (&rec.inferred.title, rec.style) {
                (Some((_, evidence)), _) => format!("inferred: {evidence}"),
                (None, InputStyle::Authored) => "front matter or a # heading".into(),
                (None, InputStyle::Extracted) => "markup (a heading or a bold line)".into(),
            },
            inferred: rec.inferred.clone(),
            title: doc.meta.title.clone(),
            authors: doc.meta.authors.iter().map(|a| a.name.clone()).collect(),
            date: doc.meta.date.clone(),
            series: doc.meta.series.clone(),
            publisher: doc.meta.publisher.clone(),
            summary_paragraphs: doc
                .summary
                .iter()
                .filter(|b| matches!(b, Block::Paragraph { .. }))
                .count(),
            sections: doc.sections.len(),
            notes: doc.footnotes.len(),
            note_forms: notes.forms.iter().copied().collect(),
            note_placement: placement,
            undefined_refs: mended.undefined_refs.clone(),
            unused_defs: mended.unused_defs.clone(),
            page_breaks: rec.pages.breaks,
            running_lines_removed: rec.pages.running_lines,
            paragraphs_rejoined: mended.rejoined,
            warnings,
            errors,
        }
    }

    /// A few aligned lines, one fact each; an absent value reads `—`.
    pub fn to_text(&self) -> String {
        let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
        let list = |v: &[String]| {
            if v.is_empty() {
                "—".to_string()
            } else {
                v.join(", ")
            }
        };
        let style = match self.style {
            InputStyle::Authored => "authored",
            InputStyle::Extracted => "extracted",
        };
        let forms: Vec<String> = self
            .note_forms
            .iter()
            .map(|f| {
                serde_json::to_value(f)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            })
            .collect();
        let mut out = format!("{}: {style}\n", self.file);
        let mut line = |k: &str, v: String| out.push_str(&format!("  {k:<10} {v}\n"));
        line(
            "source",
            match self.source {
                crate::read::kind::SourceKind::Authored => "authored Markdown",
                crate::read::kind::SourceKind::MarkdownExtraction => "Markdown from an extractor",
                crate::read::kind::SourceKind::PlainText => "plain text (structure inferred)",
            }
            .to_string(),
        );
        line("title", format!("{} ({})", self.title, self.title_from));
        line("authors", list(&self.authors));
        line("date", opt(&self.date));
        line("series", opt(&self.series));
        line("publisher", opt(&self.publisher));
        line(
            "body",
            format!(
                "{} summary paragraphs, {} sections",
                self.summary_paragraphs, self.sections
            ),
        );
        line(
            "notes",
            format!(
                "{} ({}; {}); undefined: {}; unused: {}",
                self.notes,
                if forms.is_empty() {
                    "—".into()
                } else {
                    forms.join(", ")
                },
                if self.note_placement.is_empty() {
                    "—".into()
                } else {
                    self.note_placement.join(", ")
                },
                list(&self.undefined_refs),
                list(&self.unused_defs)
            ),
        );
        line(
            "pages",
            format!(
                "{} breaks, {} running lines removed, {} paragraphs rejoined",
                self.page_breaks, self.running_lines_removed, self.paragraphs_rejoined
            ),
        );
        let inf = &self.inferred;
        if inf != &crate::read::plain::Inferred::default() {
            let mut by: Vec<&str> = inf.headings.iter().map(|(_, e)| *e).collect();
            by.sort_unstable();
            by.dedup();
            line(
                "inferred",
                format!(
                    "{} headings ({}), {} notes from bare numbers with {} markers, {} hyphens joined and {} kept, {} paragraph ends, {} lines rejoined, {} two-column pages read down their columns, {} tables of prose read as lines",
                    inf.headings.len(),
                    if by.is_empty() {
                        "—".into()
                    } else {
                        by.join(", ")
                    },
                    inf.notes,
                    inf.markers,
                    inf.hyphens_joined,
                    inf.hyphens_kept,
                    inf.paragraphs_split,
                    inf.lines_joined,
                    inf.column_pages,
                    inf.prose_tables
                ),
            );
        }
        line(
            "result",
            format!("{} warnings, {} errors", self.warnings, self.errors),
        );
        out
    }
}
