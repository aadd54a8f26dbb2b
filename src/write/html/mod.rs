//! The standalone HTML5 writer.

pub mod markup;

use crate::error::Result;
use crate::model::Document;
use crate::theme::Theme;
use crate::write::{Options, Resources};

/// One standalone HTML5 page: CSS inlined, no script, no request to another host.
pub fn write(_doc: &Document, _theme: &Theme, _opts: &Options, _res: &Resources) -> Result<String> {
    Err(crate::write::not_yet("html"))
}
