//! briefpress: one policy brief in Markdown → a print-ready PDF, an EPUB 3 e-book and a
//! standalone HTML page that look like one family.
//!
//! The pipeline is pandoc's: a reader ([`read`]) turns Markdown into one document model
//! ([`model`]), passes ([`transform`]) fix the model up once, and pure writers ([`write`])
//! turn it into bytes, styled by one [`theme`]. Only the CLI ([`cli`]) touches the
//! filesystem.

pub mod cli;
pub mod diag;
pub mod error;
pub mod model;
pub mod read;
pub mod report;
pub mod theme;
pub mod transform;
pub mod write;

pub use diag::{Diagnostic, Diagnostics, Severity};
pub use error::{Error, Result};
pub use model::Document;

/// A brief read and fixed up, with what was noticed on the way.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// `None` when an error makes the brief unpublishable.
    pub document: Option<Document>,
    /// Warnings and errors, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// The decoded source text, for showing source lines under diagnostics.
    pub text: Option<String>,
    /// What the reader recognised on the way, for the check report.
    pub recognised: read::Recognised,
    /// What the passes mended, for the check report.
    pub mended: transform::Mended,
}

/// Reads a brief (either input style) and runs every model pass.
pub fn parse(source: &[u8], opts: &read::ReadOptions) -> Parsed {
    let mut diags = Diagnostics::new();
    let mut recognised = read::Recognised::default();
    let mut mended = transform::Mended::default();
    let text = read::decode(source, opts, &mut diags);
    let document = text.as_deref().and_then(|t| {
        let mut doc = read::read(t, opts, &mut diags, &mut recognised)?;
        mended = transform::run(&mut doc, &mut diags);
        Some(doc)
    });
    let document = if diags.has_errors() { None } else { document };
    Parsed {
        document,
        diagnostics: diags.into_sorted(),
        text,
        recognised,
        mended,
    }
}
