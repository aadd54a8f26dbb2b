//! Which faces the e-book draws its text with: the finished XHTML is walked and every
//! character is attributed to the face the EPUB stylesheet draws it with (headings → heading
//! family, bold; `strong` → bold; `em` → italic; `code` → mono). Only faces that draw at least
//! one character are embedded (see [`crate::write::fonts`]).

use crate::write::fonts::{FaceKey, Role, Usage};

/// Attributes every character of one XHTML document to a face. Documents that do not parse
/// are skipped here (the writer checks well-formedness separately).
pub fn scan(usage: &mut Usage, xhtml: &str) {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let Ok(doc) = roxmltree::Document::parse_with_options(xhtml, options) else {
        return;
    };
    let Some(body) = doc
        .root_element()
        .children()
        .find(|n| n.tag_name().name() == "body")
    else {
        return;
    };
    walk(usage, body, FaceKey::BODY);
    // List numbers and bullets are drawn by the reading system in the body face.
    if xhtml.contains("<ol") || xhtml.contains("<ul") {
        usage.add(FaceKey::BODY, "0123456789.•");
    }
    // Labels the stylesheet sets in capitals (`text-transform`) draw the capitals: without
    // them a reading system takes those letters from another font ("ISS UE").
    for chars in usage.chars.values_mut() {
        let upper: Vec<char> = chars.iter().flat_map(|c| c.to_uppercase()).collect();
        chars.extend(upper);
    }
}

fn walk(usage: &mut Usage, node: roxmltree::Node, face: FaceKey) {
    for child in node.children() {
        if child.is_text() {
            usage.add(face, child.text().unwrap_or(""));
        } else if child.is_element() {
            let mut f = face;
            if child
                .attribute("class")
                .is_some_and(|c| c.split_whitespace().any(|c| c == "bp-sans"))
            {
                f.role = Role::Heading;
            }
            match child.tag_name().name() {
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                    if f.role != Role::Mono {
                        f.role = Role::Heading;
                    }
                    f.weight = 700;
                }
                "strong" | "b" | "th" => f.weight = 700,
                // Note references: `style.css` sets them in the heading family, semibold.
                "a" if child.attribute("role") == Some("doc-noteref") => {
                    f.role = Role::Heading;
                    f.weight = 600;
                }
                "em" | "i" | "cite" | "figcaption" => f.italic = true,
                "code" | "pre" | "kbd" | "samp" => f.role = Role::Mono,
                _ => {}
            }
            walk(usage, child, f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitals_of_every_letter_are_kept() {
        let mut usage = Usage::default();
        scan(
            &mut usage,
            "<html><body><p class=\"bp-sans\">Issue</p><p>brief</p></body></html>",
        );
        let heading = FaceKey {
            role: Role::Heading,
            ..FaceKey::BODY
        };
        let want = |s: &str| s.chars().collect::<std::collections::BTreeSet<char>>();
        assert_eq!(usage.chars[&heading], want("IssueSUE"));
        assert_eq!(usage.chars[&FaceKey::BODY], want("briefBRIEF"));
    }
}
