//! Telling briefpress's own outputs from other files, so that a build never replaces a file it
//! did not write (an extracted brief sits beside the PDF it came from, which `build -d src
//! src/report.md` would otherwise replace). Each format is recognised by what briefpress
//! always puts in it: the PDF's creator, the EPUB's and the HTML page's generator meta, the
//! shape of the JSON files, the last line of the Typst source, the depfile's first line.

use std::io::Read;
use std::path::Path;

/// The first line of every depfile briefpress writes.
pub const DEPFILE_HEADER: &str = "# Make rules written by briefpress (--depfile)\n";

/// Whether the file at `path` is one briefpress wrote (any version, any format).
pub fn written_by_briefpress(path: &Path) -> bool {
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    if bytes.starts_with(b"%PDF-") {
        // Typst writes the creator into the XMP packet, uncompressed.
        return contains(&bytes, b"<xmp:CreatorTool>briefpress");
    }
    if bytes.starts_with(b"PK") {
        return epub_generator(&bytes);
    }
    if bytes.starts_with(DEPFILE_HEADER.as_bytes()) {
        return true;
    }
    let text = String::from_utf8_lossy(&bytes);
    if let Some(head) = text
        .split("</head>")
        .next()
        .filter(|_| text.contains("</head>"))
    {
        return head.contains("<meta name=\"generator\" content=\"briefpress");
    }
    if text
        .trim_end()
        .lines()
        .last()
        .is_some_and(|l| l.starts_with("#brief(json(\""))
    {
        return true;
    }
    match serde_json::from_slice::<serde_json::Value>(&bytes) {
        // The document model (`-f json`), or the data `-f typ` writes beside its source.
        Ok(serde_json::Value::Object(o)) => {
            ["meta", "summary", "sections", "footnotes"]
                .iter()
                .all(|k| o.contains_key(*k))
                || ["theme", "doc", "layout"]
                    .iter()
                    .all(|k| o.contains_key(*k))
        }
        _ => false,
    }
}

/// An EPUB whose navigation document (where epub-builder writes it) names briefpress as its
/// generator.
fn epub_generator(bytes: &[u8]) -> bool {
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return false;
    };
    for i in 0..zip.len() {
        let Ok(mut entry) = zip.by_index(i) else {
            continue;
        };
        if !entry.name().ends_with(".xhtml") && !entry.name().ends_with(".opf") {
            continue;
        }
        let mut text = String::new();
        if entry
            .by_ref()
            .take(1 << 20)
            .read_to_string(&mut text)
            .is_ok()
            && text.contains("<meta name=\"generator\" content=\"briefpress")
        {
            return true;
        }
    }
    false
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
