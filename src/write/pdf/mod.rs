//! The PDF writer: Typst as a library.

use crate::error::Result;
use crate::model::Document;
use crate::theme::Theme;
use crate::write::{Artifact, Options, Resources};

/// A print-ready PDF.
pub fn write(
    _doc: &Document,
    _theme: &Theme,
    _opts: &Options,
    _res: &Resources,
) -> Result<Vec<u8>> {
    Err(crate::write::not_yet("pdf"))
}

/// The Typst source and the data it reads, for `-f typ`.
pub fn write_source(_doc: &Document, _theme: &Theme, _opts: &Options) -> Result<Vec<Artifact>> {
    Err(crate::write::not_yet("typ"))
}

/// Page 1 of the PDF rendered as a PNG (`dpi` dots per inch), for the EPUB cover.
pub fn render_cover_png(
    _doc: &Document,
    _theme: &Theme,
    _opts: &Options,
    _res: &Resources,
    _dpi: f32,
) -> Result<Vec<u8>> {
    Err(crate::write::not_yet("pdf"))
}
