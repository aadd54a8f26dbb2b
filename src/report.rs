//! What reading a brief recognised, for `briefpress check` and the line `build` prints for
//! each brief: a short report a team can scan in a batch log, or read as JSON.

use crate::model::{Block, Document};
use crate::read::extracted::markers::MarkerForm;
use crate::read::extracted::notes::NoteScan;
use crate::read::extracted::pages::PageScan;
use serde::Serialize;

/// Which input style a brief was read as.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputStyle {
    /// YAML front matter, then Markdown.
    Authored,
    /// Markdown extracted from a PDF, recognised from its structure.
    #[default]
    Extracted,
}

/// What the reader and the passes found, beyond the document itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recognised {
    pub style: InputStyle,
    /// The kind of source, decided before anything was parsed.
    pub kind: crate::read::kind::SourceKind,
    /// What the plain-text passes inferred, and from what.
    pub inferred: crate::read::plain::Inferred,
    pub pages: PageScan,
    pub notes: NoteScan,
    /// Paragraphs and list items a page break had split, joined again.
    pub rejoined: usize,
    /// Note labels referenced but not defined.
    pub undefined_refs: Vec<String>,
    /// Note labels defined but never referenced.
    pub unused_defs: Vec<String>,
}

/// The check report of one brief.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    pub file: String,
    pub style: InputStyle,
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
            undefined_refs: rec.undefined_refs.clone(),
            unused_defs: rec.unused_defs.clone(),
            page_breaks: rec.pages.breaks,
            running_lines_removed: rec.pages.running_lines,
            paragraphs_rejoined: rec.rejoined,
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
        line("title", self.title.clone());
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
        line(
            "result",
            format!("{} warnings, {} errors", self.warnings, self.errors),
        );
        out
    }
}
