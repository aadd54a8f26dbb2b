//! What kind of image a file is, from its bytes (never from its name, which may lie): one
//! answer for every writer, so an image the web page shows is one the e-book carries.

/// An image type a browser and an EPUB 3 reading system can both show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageType {
    pub mime: &'static str,
    /// The file extension to store it under.
    pub ext: &'static str,
}

const KNOWN: &[ImageType] = &[
    ImageType {
        mime: "image/png",
        ext: "png",
    },
    ImageType {
        mime: "image/jpeg",
        ext: "jpg",
    },
    ImageType {
        mime: "image/gif",
        ext: "gif",
    },
    ImageType {
        mime: "image/webp",
        ext: "webp",
    },
    ImageType {
        mime: "image/svg+xml",
        ext: "svg",
    },
];

/// The type of the image in `bytes`, or `None` when it is not one of [`KNOWN`]'s types
/// (a PDF, HTML, a truncated file…). An SVG must also be well-formed XML, since EPUB
/// reading systems parse it as such.
pub fn sniff(bytes: &[u8]) -> Option<ImageType> {
    if let Some(t) = infer::get(bytes)
        && let Some(known) = KNOWN.iter().find(|k| k.mime == t.mime_type())
    {
        return Some(*known);
    }
    // SVG is text (sniffers call it XML): an XML declaration, comments or whitespace may come
    // before `<svg`.
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    let svg_start =
        head.starts_with("<svg") || (head.starts_with("<?xml") && head.contains("<svg"));
    let well_formed = || {
        std::str::from_utf8(bytes)
            .ok()
            .is_some_and(|s| roxmltree::Document::parse(s).is_ok())
    };
    (svg_start && well_formed()).then_some(KNOWN[4])
}

/// Does the image decode? Typst's own decoders (the PDF's), on the whole image, so a file
/// with an image's first bytes and anything after them (a truncated or corrupt PNG) is told
/// apart from an image every format can show.
pub fn decodes(bytes: &[u8]) -> bool {
    use typst::foundations::Bytes;
    use typst::visualize::{ImageFormat, RasterImage, SvgImage, VectorFormat};
    let data = Bytes::new(bytes.to_vec());
    match ImageFormat::detect(bytes) {
        Some(ImageFormat::Raster(format)) => RasterImage::plain(data, format).is_ok(),
        Some(ImageFormat::Vector(VectorFormat::Svg)) => SvgImage::new(data).is_ok(),
        Some(ImageFormat::Vector(VectorFormat::Pdf)) | None => false,
    }
}

/// An image every output can show: one of [`KNOWN`]'s types, and decodable.
pub fn usable(bytes: &[u8]) -> bool {
    sniff(bytes).is_some() && decodes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mime(bytes: &[u8]) -> Option<&'static str> {
        sniff(bytes).map(|t| t.mime)
    }

    #[test]
    fn images_are_known_by_their_bytes() {
        assert_eq!(mime(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some("image/png"));
        assert_eq!(mime(b"\xff\xd8\xff\xe0\0\x10JFIF\0"), Some("image/jpeg"));
        assert_eq!(mime(b"GIF89a\x01\0\x01\0"), Some("image/gif"));
        assert_eq!(
            sniff(b"RIFF\x24\0\0\0WEBPVP8 ").map(|t| t.ext),
            Some("webp")
        );
        assert_eq!(
            mime(b"<?xml version=\"1.0\"?>\n<!-- a comment -->\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            Some("image/svg+xml")
        );
        assert_eq!(
            mime(b"\n  <svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            Some("image/svg+xml")
        );
    }

    #[test]
    fn other_bytes_are_not_images() {
        assert_eq!(mime(b"<html><script>alert(1)</script>"), None);
        assert_eq!(mime(b"%PDF-1.7"), None);
        assert_eq!(mime(b""), None);
        // Starts like an SVG but is not well-formed XML.
        assert_eq!(mime(b"<svg><g></svg>"), None);
        // Nothing may come before an XML declaration; readers reject the file.
        assert_eq!(mime(b"  <?xml version=\"1.0\"?><svg/>"), None);
    }
}
