//! The EPUB 3 writer.

use crate::error::Result;
use crate::model::Document;
use crate::theme::Theme;
use crate::write::{Options, Resources};

/// An EPUB 3 e-book.
pub fn write(
    _doc: &Document,
    _theme: &Theme,
    _opts: &Options,
    _res: &Resources,
) -> Result<Vec<u8>> {
    Err(crate::write::not_yet("epub"))
}
