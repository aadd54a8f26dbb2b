//! What the reader recognised on the way, beyond the document itself: the input style and
//! the kind of source, the page debris, the notes, and what the plain-text passes inferred.
//! It belongs to the reader; `crate::report` only prints it.

use super::extracted::notes::NoteScan;
use super::extracted::pages::PageScan;
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

/// What the reader found, beyond the document itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recognised {
    pub style: InputStyle,
    /// The kind of source, decided before anything was parsed.
    pub kind: super::kind::SourceKind,
    /// What the plain-text passes inferred, and from what.
    pub inferred: super::plain::Inferred,
    pub pages: PageScan,
    pub notes: NoteScan,
}
