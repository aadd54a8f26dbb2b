//! The theme's typefaces for the EPUB and the HTML page: which faces a text needs, and each
//! face cut down to the glyphs it draws.
//!
//! Each writer says which characters each face draws ([`Usage`]); [`select`] picks the theme's
//! faces for them and subsets each one with HarfBuzz's subsetter, which keeps the OpenType
//! layout tables (GSUB, GPOS, GDEF) for the glyphs it keeps, and the glyphs those tables reach
//! (ligatures, alternates): kerning and ligatures in the e-book and the web page match the
//! PDF's. A brief needs a few hundred glyphs of fonts that have thousands, so a megabyte of
//! fonts becomes tens of kilobytes. (Typst's `subsetter` writes PDF-only subsets without
//! `cmap` and `OS/2`, which a reading system cannot use; allsorts drops the layout tables.)

use crate::theme::Theme;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write;
use std::sync::{LazyLock, Mutex, OnceLock};
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
    /// CSS weight: 400 regular, 600 semibold, 700 bold.
    pub weight: u16,
    pub italic: bool,
}

impl FaceKey {
    pub const BODY: FaceKey = FaceKey {
        role: Role::Body,
        weight: 400,
        italic: false,
    };
}

/// Characters drawn per face.
#[derive(Debug, Default, Clone)]
pub struct Usage {
    pub chars: BTreeMap<FaceKey, BTreeSet<char>>,
}

impl Usage {
    /// Counts the visible characters of `text` as drawn in `face`.
    pub fn add(&mut self, face: FaceKey, text: &str) {
        let set = self.chars.entry(face).or_default();
        set.extend(text.chars().filter(|c| !c.is_whitespace()));
        if set.is_empty() {
            self.chars.remove(&face);
        }
    }

    /// Adds another usage's characters (the EPUB's and the page's, subset once).
    pub fn extend(&mut self, other: &Usage) {
        for (face, chars) in &other.chars {
            self.chars.entry(*face).or_default().extend(chars);
        }
    }
}

/// One face of the theme, subset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Face {
    pub family: String,
    pub weight: u16,
    pub italic: bool,
    /// A file name for it, without extension (`libertinus-serif-400-italic`).
    pub name: String,
    /// `otf` (CFF outlines) or `ttf`.
    pub ext: &'static str,
    /// The subset as an OpenType file (the whole face if it could not be subset).
    pub bytes: Vec<u8>,
    /// The characters it was subset to.
    pub chars: BTreeSet<char>,
    /// The subset as WOFF2, made once on first use (see [`Face::woff2`]).
    woff2: OnceLock<Option<Vec<u8>>>,
}

impl Face {
    pub fn media_type(&self) -> &'static str {
        if self.ext == "otf" {
            "font/otf"
        } else {
            "font/ttf"
        }
    }

    /// The face as WOFF2, the web's compressed font format (`None` if encoding fails),
    /// encoded on the first call: a caller may encode every face on the pool ahead of the
    /// writer that needs them.
    pub fn woff2(&self) -> Option<&[u8]> {
        // Brotli quality 1. From quality 2 up, the encoder zeroes a ring buffer of several
        // megabytes (sized for its default 4 MiB window) for every face, and in a batch those
        // fresh pages cost more than all the rest of the font work: a quarter of the time of
        // 50 briefs in three formats (`perf`, see BENCHMARKS.md). Quality 1 compresses in one
        // pass without it, for files about 4 % larger than quality 3 and 9 % than quality 5.
        self.woff2
            .get_or_init(|| woofwoof::compress(&self.bytes, Vec::new(), WOFF2_QUALITY, true))
            .as_deref()
    }
}

/// Brotli quality for WOFF2 (0–11).
const WOFF2_QUALITY: usize = 1;

/// The first family of a role's font stack, the one the theme ships.
fn family(theme: &Theme, role: Role) -> Option<&String> {
    let fonts = &theme.tokens.fonts;
    match role {
        Role::Body => fonts.body.first(),
        Role::Heading => fonts.heading.first(),
        Role::Mono => fonts.mono.first(),
    }
}

/// Picks the theme's faces for `usage` (the theme's first family of each role, the nearest
/// weight within 100) and subsets each to the characters it draws. A face the theme does not
/// have is left to the reader's system (the stylesheets' font stacks name fallbacks).
pub fn select(theme: &Theme, usage: &Usage) -> Vec<Face> {
    let infos: Vec<(FontInfo, &[u8])> = theme
        .fonts()
        .filter_map(|(_, data)| info(data).map(|i| (i, data.as_ref())))
        .collect();
    // Faces found, by family, weight and slant: the font file and the characters it draws.
    type Found<'a> = BTreeMap<(String, u16, bool), (&'a [u8], BTreeSet<char>)>;
    let mut chosen: Found = BTreeMap::new();
    for (key, chars) in &usage.chars {
        let Some(family) = family(theme, key.role) else {
            continue;
        };
        let best = infos
            .iter()
            .filter(|(i, _)| i.family.eq_ignore_ascii_case(family))
            .filter(|(i, _)| (i.variant.style != FontStyle::Normal) == key.italic)
            .min_by_key(|(i, _)| i.variant.weight.to_number().abs_diff(key.weight));
        let Some((info, data)) = best else {
            continue;
        };
        let weight = info.variant.weight.to_number();
        // Only faces close to what is asked for: a thin face is no substitute for a bold one.
        if weight.abs_diff(key.weight) > 100 {
            continue;
        }
        chosen
            .entry((family.clone(), weight, key.italic))
            .or_insert_with(|| (*data, BTreeSet::new()))
            .1
            .extend(chars);
    }
    chosen
        .into_iter()
        .map(|((family, weight, italic), (data, chars))| {
            let style = if italic { "italic" } else { "normal" };
            Face {
                name: format!("{}-{weight}-{style}", crate::model::text::slug(&family)),
                ext: if data.starts_with(b"OTTO") {
                    "otf"
                } else {
                    "ttf"
                },
                bytes: subset(data, &chars).unwrap_or_else(|| data.to_vec()),
                family,
                weight,
                italic,
                chars,
                woff2: OnceLock::new(),
            }
        })
        .collect()
}

/// What Typst makes of a font file (family, weight, slant), worked out once per process:
/// `FontInfo::new` reads the face's whole character map, and for the default theme's sixteen
/// faces that was 2.6 % of a batch's time, brief after brief. A file is known by its length
/// and its first kilobyte, which holds the table directory with a checksum of every table.
fn info(data: &[u8]) -> Option<FontInfo> {
    use std::hash::{Hash, Hasher};
    static INFOS: LazyLock<Mutex<HashMap<u64, Option<FontInfo>>>> =
        LazyLock::new(|| Mutex::new(HashMap::new()));
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (data.len(), &data[..data.len().min(1024)]).hash(&mut hasher);
    let key = hasher.finish();
    let known = INFOS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&key)
        .cloned();
    known.unwrap_or_else(|| {
        let info = FontInfo::new(data, 0);
        INFOS
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, info.clone());
        info
    })
}

/// The face cut down to the glyphs of `chars` (and the spaces), with the layout tables
/// (GSUB, GPOS, GDEF) and HarfBuzz's default features (kerning, ligatures, marks, every
/// script's shaping…) kept for them, but for [`UNAPPLIED_FEATURES`]; `None` if the font cannot
/// be subset.
pub fn subset(data: &[u8], chars: &BTreeSet<char>) -> Option<Vec<u8>> {
    use hb_subset::{Blob, FontFace, SubsetInput, Tag};
    let mut input = SubsetInput::new().ok()?;
    {
        let mut set = input.unicode_set();
        // The space is always drawn between words, even where no text node holds one alone.
        for c in chars.iter().copied().chain([' ', '\u{a0}']) {
            set.insert(c);
        }
    }
    {
        let mut features = input.layout_feature_tag_set();
        for tag in UNAPPLIED_FEATURES {
            features.remove(Tag::new(tag));
        }
    }
    let face = FontFace::new(Blob::from_bytes(data).ok()?).ok()?;
    let subset = input.subset_font(&face).ok()?;
    Some(subset.underlying_blob().to_vec()).filter(|s| !s.is_empty())
}

/// Features HarfBuzz's subsetter keeps by default that neither the stylesheets nor a reading
/// system's default shaping apply to horizontal text: fractions, vertical writing, Arabic
/// justification alternates and East Asian spacing. The glyphs only they reach (numerators,
/// denominators, vertical forms) made the sample's six subsets 16 % larger (145 KB against
/// 122 KB). A theme that asks for one of them (`font-variant-numeric: diagonal-fractions`)
/// would need it back here.
const UNAPPLIED_FEATURES: [&[u8; 4]; 13] = [
    b"frac", b"numr", b"dnom", b"valt", b"vert", b"vkrn", b"vpal", b"vrt2", b"jalt", b"chws",
    b"vchw", b"halt", b"vhal",
];

/// `@font-face` rules for `faces`, each with the `src` that `url` gives it.
pub fn font_face_css(faces: &[Face], url: impl Fn(&Face) -> (String, &'static str)) -> String {
    let mut css = String::new();
    for f in faces {
        let (src, format) = url(f);
        let _ = writeln!(
            css,
            "@font-face {{\n  font-family: \"{}\";\n  src: url(\"{src}\") format(\"{format}\");\n  font-weight: {};\n  font-style: {};\n}}",
            f.family,
            f.weight,
            if f.italic { "italic" } else { "normal" },
        );
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> BTreeSet<char> {
        s.chars().collect()
    }

    #[test]
    fn faces_follow_usage() {
        let theme = Theme::builtin("default").unwrap();
        let mut usage = Usage::default();
        usage.add(FaceKey::BODY, "Plain text");
        usage.add(
            FaceKey {
                role: Role::Heading,
                weight: 600,
                italic: false,
            },
            "Heading",
        );
        let faces = select(&theme, &usage);
        let names: Vec<&str> = faces.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["inter-600-normal", "libertinus-serif-400-normal"]);
        assert_eq!(faces[1].chars, chars("Plaintex"));
        // Far smaller than the whole face.
        let whole = theme.file("fonts/LibertinusSerif-Regular.otf").unwrap();
        assert!(faces[1].bytes.len() * 5 < whole.len());
        assert_eq!(faces[1].ext, "otf");
    }

    #[test]
    fn a_missing_weight_is_left_out() {
        let theme = Theme::builtin("default").unwrap();
        let mut usage = Usage::default();
        let thin = FaceKey {
            weight: 100,
            ..FaceKey::BODY
        };
        usage.add(thin, "x");
        assert!(select(&theme, &usage).is_empty());
    }

    #[test]
    fn woff2_round_trips() {
        let theme = Theme::builtin("default").unwrap();
        let mut usage = Usage::default();
        usage.add(FaceKey::BODY, "Office");
        let face = &select(&theme, &usage)[0];
        let woff2 = face.woff2().unwrap();
        assert_eq!(&woff2[..4], b"wOF2");
        assert!(woff2.len() < face.bytes.len());
        let back = woofwoof::decompress(woff2).unwrap();
        let info = FontInfo::new(&back, 0).expect("the WOFF2 decodes to a font");
        assert_eq!(info.family, "Libertinus Serif");
    }

    /// The GSUB features a font lists.
    fn gsub_features(font: &[u8]) -> BTreeSet<String> {
        let face = rustybuzz::ttf_parser::Face::parse(font, 0).unwrap();
        let gsub = face.tables().gsub.expect("a GSUB table");
        gsub.features
            .into_iter()
            .map(|f| String::from_utf8_lossy(&f.tag.to_bytes()).into_owned())
            .collect()
    }

    /// The subset keeps the ligatures and the locale forms but drops the features nothing
    /// applies to horizontal text; the whole face has both kinds, so the test can fail.
    #[test]
    fn subsets_drop_the_features_nothing_applies() {
        let theme = Theme::builtin("default").unwrap();
        let whole = theme.file("fonts/LibertinusSerif-Regular.otf").unwrap();
        let before = gsub_features(whole);
        assert!(
            before.contains("frac") && before.contains("liga"),
            "{before:?}"
        );
        let sub = subset(whole, &chars("Half: 1/2 of the office")).unwrap();
        let after = gsub_features(&sub);
        assert!(after.contains("liga"), "{after:?}");
        for tag in UNAPPLIED_FEATURES {
            let tag = String::from_utf8_lossy(tag);
            assert!(!after.contains(tag.as_ref()), "{tag} kept: {after:?}");
        }
    }

    /// What HarfBuzz's shaper makes of `text`: per glyph, its outline's bounding box (the
    /// glyph itself, whatever its id), advance and offsets.
    fn shaped(font: &[u8], text: &str) -> Vec<(Option<[i16; 4]>, i32, i32, i32)> {
        let face = rustybuzz::Face::from_slice(font, 0).expect("a font");
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        let out = rustybuzz::shape(&face, &[], buffer);
        out.glyph_infos()
            .iter()
            .zip(out.glyph_positions())
            .map(|(info, pos)| {
                let id = rustybuzz::ttf_parser::GlyphId(info.glyph_id as u16);
                let bbox = face
                    .glyph_bounding_box(id)
                    .map(|r| [r.x_min, r.y_min, r.x_max, r.y_max]);
                (bbox, pos.x_advance, pos.x_offset, pos.y_offset)
            })
            .collect()
    }

    /// Kerning pairs and ligatures shape the same with the subset as with the whole face:
    /// same glyphs (by outline), same advances. The test first makes sure the whole face does
    /// kern and ligate these strings, so it could not pass with a font that does neither.
    #[test]
    fn subsets_kern_and_ligate_like_the_whole_face() {
        let theme = Theme::builtin("default").unwrap();
        for file in [
            "fonts/LibertinusSerif-Regular.otf",
            "fonts/LibertinusSerif-Italic.otf",
            "fonts/Inter-Regular.otf",
        ] {
            let whole = theme.file(file).unwrap();
            let words = ["AV", "To", "Wa", "office", "ffi", "affluent fjord"];
            let sub = subset(whole, &chars(&words.concat())).unwrap();
            let tables = rustybuzz::ttf_parser::RawFace::parse(&sub, 0).unwrap();
            for tag in [b"GSUB", b"GPOS", b"GDEF"] {
                let tag = rustybuzz::ttf_parser::Tag::from_bytes(tag);
                assert!(
                    tables.table(tag).is_some(),
                    "{file}: no {tag} in the subset"
                );
            }
            for word in words {
                assert_eq!(shaped(&sub, word), shaped(whole, word), "{file}: {word:?}");
            }
            // The whole face kerns "AV" (A's advance differs from A alone)…
            let (a_alone, av) = (shaped(whole, "A"), shaped(whole, "AV"));
            assert_ne!(a_alone[0].1, av[0].1, "{file}: no kerning in AV");
            // …and Libertinus draws "ffi" as one ligature glyph.
            if file.contains("Libertinus") {
                assert_eq!(shaped(whole, "ffi").len(), 1, "{file}: no ffi ligature");
                assert_eq!(shaped(&sub, "office").len(), 4, "{file}: office");
            }
        }
    }
}
