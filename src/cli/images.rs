//! The image-loading policy: a brief may show images from its own folder only. The writers
//! never touch the filesystem; they get the bytes loaded here.

use super::STDIN;
use crate::diag::Diagnostic;
use crate::write::Resources;
use std::path::{Path, PathBuf};

/// The folder relative image paths are resolved in: the input's own folder (the current
/// folder for standard input).
fn base_dir(input: &Path) -> PathBuf {
    if input.as_os_str() == STDIN {
        return PathBuf::from(".");
    }
    input
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

/// Loads every image the brief shows from its own folder (no absolute paths, no escape by
/// `..` or symlink). Missing, escaping or undecodable images are warnings; they are left out
/// of outputs. Returns the resources and the image files read or looked for (a missing image
/// too, so that its arrival rebuilds the brief).
pub fn load_images(
    doc: &crate::Document,
    input: &Path,
    diags: &mut Vec<Diagnostic>,
) -> (Resources, Vec<PathBuf>) {
    let mut res = Resources::default();
    let mut files = Vec::new();
    let Ok(base) = base_dir(input).canonicalize() else {
        return (res, files);
    };
    for (url, _alt, span) in doc.images() {
        if res.images.contains_key(url) {
            continue;
        }
        let path = base.join(url);
        match path.canonicalize() {
            Ok(real) if real.starts_with(&base) && real.is_file() => match std::fs::read(&real) {
                // Decoded before use: a text file or a corrupt PNG would otherwise be carried
                // into the EPUB and the page as an image no reader can show.
                Ok(bytes) if !crate::write::image::usable(&bytes) => {
                    diags.push(Diagnostic::warning(
                        span,
                        format!(
                            "image `{url}` is not a PNG, JPEG, GIF, WebP or SVG image that can \
                             be decoded; its description is shown instead"
                        ),
                    ));
                    files.push(real);
                }
                Ok(bytes) => {
                    res.images.insert(url.to_string(), bytes);
                    files.push(real);
                }
                Err(e) => diags.push(Diagnostic::warning(
                    span,
                    format!("image `{url}` cannot be read: {e}"),
                )),
            },
            Ok(real) if real.starts_with(&base) && real.is_dir() => {
                diags.push(Diagnostic::warning(
                    span,
                    format!("image `{url}` is a folder, not an image; it is left out"),
                ))
            }
            Ok(_) => diags.push(Diagnostic::warning(
                span,
                format!("image `{url}` lies outside the brief's folder; it is left out"),
            )),
            Err(_) => {
                diags.push(Diagnostic::warning(
                    span,
                    format!("image file `{url}` is missing"),
                ));
                // Where it would be read from, so that adding it later rebuilds (Make, watch).
                if is_plain_relative(url) {
                    files.push(base.join(url));
                }
            }
        }
    }
    diags.sort_by_key(|d| d.span);
    (res, files)
}

/// A relative path inside the folder: no root, no `..`.
fn is_plain_relative(url: &str) -> bool {
    Path::new(url).components().all(|c| {
        matches!(
            c,
            std::path::Component::Normal(_) | std::path::Component::CurDir
        )
    })
}
