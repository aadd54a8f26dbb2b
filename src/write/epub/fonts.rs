//! The theme's typefaces, embedded so the e-book looks like the PDF and the web page.
//!
//! Which faces to embed is decided from the content, not assumed: the finished XHTML is walked
//! and every character is attributed to the face the EPUB stylesheet draws it with (headings
//! → heading family, `strong` → bold, `em` → italic, `code` → mono). Only faces that draw at
//! least one character are embedded and declared with `@font-face`.
//!
//! Each embedded face is subset to the glyphs of the characters it draws (allsorts, minimal
//! OpenType profile with a Unicode `cmap`, which reading systems need to map text to glyphs):
//! a brief needs a few hundred glyphs of fonts that have thousands, so the book shrinks from
//! about a megabyte of fonts to tens of kilobytes. The subset keeps the outlines, metrics and
//! names; OpenType layout tables (kerning, ligatures) are not carried over. A face that cannot
//! be subset is shipped whole. (The `subsetter` crate typst uses writes PDF-only subsets
//! without `cmap` and `OS/2`, which a reading system cannot use.)

use crate::theme::Theme;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use typst::text::{FontInfo, FontStyle};

/// Which font-family token a piece of text is drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Body,
    Heading,
    Mono,
}

/// A face as the stylesheet asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FaceKey {
    pub role: Role,
    pub bold: bool,
    pub italic: bool,
}

/// Characters drawn per face, gathered from the XHTML documents.
#[derive(Debug, Default)]
pub struct Usage {
    pub chars: BTreeMap<FaceKey, BTreeSet<char>>,
}

impl Usage {
    /// Attributes every character of one XHTML document to a face. Documents that do not
    /// parse are skipped here (the writer checks well-formedness separately).
    pub fn scan(&mut self, xhtml: &str) {
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
        let start = FaceKey {
            role: Role::Body,
            bold: false,
            italic: false,
        };
        self.walk(body, start);
        // List numbers and bullets are drawn by the reading system in the body face.
        if xhtml.contains("<ol") || xhtml.contains("<ul") {
            self.chars
                .entry(start)
                .or_default()
                .extend("0123456789.•".chars());
        }
    }

    fn walk(&mut self, node: roxmltree::Node, face: FaceKey) {
        for child in node.children() {
            if child.is_text() {
                let text = child.text().unwrap_or("");
                let set = self.chars.entry(face).or_default();
                set.extend(text.chars().filter(|c| !c.is_whitespace()));
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
                        f.bold = true;
                    }
                    "strong" | "b" | "th" => f.bold = true,
                    "em" | "i" | "cite" | "figcaption" => f.italic = true,
                    "code" | "pre" | "kbd" | "samp" => f.role = Role::Mono,
                    _ => {}
                }
                self.walk(child, f);
            }
        }
        self.chars.retain(|_, set| !set.is_empty());
    }
}

/// One embedded font file.
#[derive(Debug, Clone)]
pub struct Embedded {
    pub family: String,
    pub weight: u16,
    pub italic: bool,
    /// Path inside the package, relative to the OPF (`fonts/…`).
    pub href: String,
    pub media_type: &'static str,
    pub bytes: Vec<u8>,
    /// The characters this face draws (what it is subset to).
    pub chars: BTreeSet<char>,
}

/// Every font file briefpress can embed: the theme's (a theme folder's own files override the
/// built-in default's, file by file).
fn candidates(theme: &Theme) -> Vec<&[u8]> {
    theme.fonts().map(|(_, bytes)| bytes.as_ref()).collect()
}

/// Picks and loads the faces `usage` needs from the theme's first family of each role.
/// A face that is not available is left to the reading system (the stylesheet's font stack
/// names fallbacks).
pub fn select(theme: &Theme, usage: &Usage) -> Vec<Embedded> {
    let infos: Vec<(FontInfo, &[u8])> = candidates(theme)
        .into_iter()
        .filter_map(|data| FontInfo::new(data, 0).map(|i| (i, data)))
        .collect();
    let fonts = &theme.tokens.fonts;
    let mut wanted: BTreeMap<(String, bool, bool), BTreeSet<char>> = BTreeMap::new();
    for (key, chars) in &usage.chars {
        let family = match key.role {
            Role::Body => &fonts.body,
            Role::Heading => &fonts.heading,
            Role::Mono => &fonts.mono,
        };
        if let Some(first) = family.first() {
            wanted
                .entry((first.clone(), key.bold, key.italic))
                .or_default()
                .extend(chars);
        }
    }
    let mut out: Vec<Embedded> = Vec::new();
    for ((family, bold, italic), chars) in wanted {
        let target = if bold { 700 } else { 400 };
        let best = infos
            .iter()
            .filter(|(i, _)| i.family.eq_ignore_ascii_case(&family))
            .filter(|(i, _)| (i.variant.style != FontStyle::Normal) == italic)
            .min_by_key(|(i, _)| i.variant.weight.to_number().abs_diff(target));
        let Some((info, data)) = best else {
            continue;
        };
        let weight = info.variant.weight.to_number();
        // Only faces close to what is asked for: a thin face is no substitute for a bold one.
        if weight.abs_diff(target) > 100 {
            continue;
        }
        if let Some(e) = out
            .iter_mut()
            .find(|e| e.family == family && e.weight == weight && e.italic == italic)
        {
            e.chars.extend(chars);
            continue;
        }
        let (ext, media_type) = if data.starts_with(b"OTTO") {
            ("otf", "font/otf")
        } else {
            ("ttf", "font/ttf")
        };
        let slug = crate::model::text::slug(&family);
        let style = if italic { "italic" } else { "normal" };
        out.push(Embedded {
            family,
            weight,
            italic,
            href: format!("fonts/{slug}-{weight}-{style}.{ext}"),
            media_type,
            bytes: data.to_vec(),
            chars,
        });
    }
    for e in &mut out {
        if let Some(smaller) = subset(&e.bytes, &e.chars) {
            e.bytes = smaller;
        }
    }
    out
}

/// The face cut down to the glyphs of `chars` (plus `.notdef`), as a standalone OpenType
/// font with a Unicode `cmap`; `None` if the font cannot be subset.
pub fn subset(data: &[u8], chars: &BTreeSet<char>) -> Option<Vec<u8>> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font::{Font, MatchingPresentation};
    use allsorts::font_data::FontData;
    use allsorts::subset::{CmapTarget, SubsetProfile};
    let file = ReadScope::new(data).read::<FontData<'_>>().ok()?;
    let provider = file.table_provider(0).ok()?;
    let mut font = Font::new(provider).ok()?;
    let mut glyphs: BTreeSet<u16> = BTreeSet::from([0]);
    // The space is always drawn between words, even where no text node holds one alone.
    for &c in chars.iter().chain([' ', '\u{a0}'].iter()) {
        let (gid, _) = font.lookup_glyph_index(c, MatchingPresentation::NotRequired, None);
        if gid != 0 {
            glyphs.insert(gid);
        }
    }
    let glyphs: Vec<u16> = glyphs.into_iter().collect();
    allsorts::subset::subset(
        &font.font_table_provider,
        &glyphs,
        &SubsetProfile::Minimal,
        CmapTarget::Unicode,
    )
    .ok()
}

/// `@font-face` rules for the embedded faces (URLs relative to the stylesheet).
pub fn font_face_css(faces: &[Embedded]) -> String {
    let mut css = String::new();
    for f in faces {
        let format = if f.media_type == "font/otf" {
            "opentype"
        } else {
            "truetype"
        };
        let _ = writeln!(
            css,
            "@font-face {{\n  font-family: \"{}\";\n  src: url(\"{}\") format(\"{format}\");\n  font-weight: {};\n  font-style: {};\n}}",
            f.family,
            f.href,
            if f.weight >= 600 { 700 } else { 400 },
            if f.italic { "italic" } else { "normal" },
        );
    }
    css
}
