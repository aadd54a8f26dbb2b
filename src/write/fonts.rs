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
//!
//! A face is cut to the [`SLICES`] of Unicode its characters fall in, not to the characters
//! themselves, the way web font services slice their families: nearly every English brief
//! draws from Basic Latin, Latin-1's symbols (©) and General Punctuation (’ “ ” –), so a batch
//! subsets each face a handful of times and every later brief takes its cut from [`CUTS`]
//! (subsetting was the largest cost the e-book and the web page add to a batch, see
//! BENCHMARKS.md). A slice's extra glyphs cost little: a brief already draws most of Basic
//! Latin. Characters outside every slice (CJK, Arabic…) are added one by one, as before, and
//! such a cut is made for its brief alone. The cut depends on the brief only, never on the
//! batch it is built in. A [`CutStore`] the command line installs keeps cuts between
//! processes too, for builds that start one process per brief (`make -j`).

use crate::theme::Theme;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write;
use std::ops::RangeInclusive;
use std::sync::{Arc, LazyLock, Mutex, OnceLock};
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
    /// The characters the text draws in it.
    pub chars: BTreeSet<char>,
    /// The face cut to those characters' slices, shared by every brief with the same slices.
    cut: Arc<Cut>,
}

/// A face cut to some characters, as OpenType and (made on first use) as WOFF2.
#[derive(Debug, Default, PartialEq, Eq)]
struct Cut {
    /// The subset as an OpenType file (the whole face if it could not be subset).
    bytes: Vec<u8>,
    woff2: OnceLock<Option<Vec<u8>>>,
    /// The e-book's archive entry for it, see [`Face::packed`].
    packed: OnceLock<Option<Vec<u8>>>,
    /// What the [`CutStore`] knows the cut by, when it may keep it.
    key: Option<String>,
}

impl Face {
    pub fn media_type(&self) -> &'static str {
        if self.ext == "otf" {
            "font/otf"
        } else {
            "font/ttf"
        }
    }

    /// The subset as an OpenType file.
    pub fn bytes(&self) -> &[u8] {
        &self.cut.bytes
    }

    /// The face as WOFF2, the web's compressed font format (`None` if encoding fails),
    /// encoded on the first call (once per cut, not per brief): a caller may encode every
    /// face on the pool ahead of the writer that needs them.
    pub fn woff2(&self) -> Option<&[u8]> {
        // Brotli quality 1. From quality 2 up, the encoder zeroes a ring buffer of several
        // megabytes (sized for its default 4 MiB window) for every face, and in a batch those
        // fresh pages cost more than all the rest of the font work: a quarter of the time of
        // 50 briefs in three formats (`perf`, see BENCHMARKS.md). Quality 1 compresses in one
        // pass without it, for files about 4 % larger than quality 3 and 9 % than quality 5.
        let cut = &self.cut;
        let encode = || woofwoof::compress(&cut.bytes, Vec::new(), WOFF2_QUALITY, true);
        cut.woff2
            .get_or_init(|| match &cut.key {
                Some(key) => {
                    kept_or_made(&format!("{key}-woff2"), |w| w.starts_with(b"wOF2"), encode)
                }
                None => encode(),
            })
            .as_deref()
    }

    /// The face as its e-book writer packs it (`pack` of the subset), packed on the first call
    /// for its cut: every brief that embeds the same cut shares one compressed copy.
    pub fn packed(&self, pack: impl FnOnce(&[u8]) -> Option<Vec<u8>>) -> Option<&[u8]> {
        self.cut
            .packed
            .get_or_init(|| pack(&self.cut.bytes))
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
    // The faces are cut on rayon's threads: for a single brief the cuts are on the e-book's
    // and the page's critical path, and the faces are independent.
    use rayon::prelude::*;
    let chosen: Vec<_> = chosen.into_iter().collect();
    chosen
        .into_par_iter()
        .map(|((family, weight, italic), (data, chars))| {
            let style = if italic { "italic" } else { "normal" };
            Face {
                name: format!("{}-{weight}-{style}", crate::model::text::slug(&family)),
                ext: if data.starts_with(b"OTTO") {
                    "otf"
                } else {
                    "ttf"
                },
                cut: cut(data, &chars),
                family,
                weight,
                italic,
                chars,
            }
        })
        .collect()
}

/// The slices of Unicode a face is cut to: a character brings in every character of its
/// slice that the face has. Unicode's blocks, but for the three that nearly every brief draws
/// from and draws little of, which are cut finer, so that each slice a brief does not need
/// costs a few kilobytes a face at most (measured on the default theme's faces):
/// - Basic Latin: letters, digits and the punctuation of running text, apart from the ASCII
///   symbols (`# * < @ {`…), which a brief seldom draws and which bring in Inter's
///   contextual alternates (`->` drawn as an arrow): 6 KB of its 21 KB;
/// - Latin-1: a © is in every brief, accented letters in few;
/// - General Punctuation: quotes and dashes are in every brief, the rest in few.
const SLICES: [&[RangeInclusive<u32>]; 28] = [
    // Basic Latin: letters, digits, the punctuation of running text and brackets (and
    // controls).
    &[
        0x00..=0x22,
        0x25..=0x29,
        0x2C..=0x3B,
        0x3F..=0x3F,
        0x41..=0x5B,
        0x5D..=0x5D,
        0x61..=0x7A,
        0x7F..=0x7F,
    ],
    // Basic Latin: the ASCII symbols # $ * + < = > @ \ ^ _ ` { | } ~.
    &[
        0x23..=0x24,
        0x2A..=0x2B,
        0x3C..=0x3E,
        0x40..=0x40,
        0x5C..=0x5C,
        0x5E..=0x60,
        0x7B..=0x7E,
    ],
    &[0x0080..=0x00AF], // Latin-1: no-break space, ©, «, ®
    &[0x00B0..=0x00BF], // Latin-1: °, ±, superscripts, fractions, »
    &[0x00C0..=0x00FF], // Latin-1 letters
    &[0x0100..=0x017F], // Latin Extended-A
    &[0x0180..=0x024F], // Latin Extended-B
    &[0x0250..=0x02FF], // IPA extensions, spacing modifier letters
    &[0x0300..=0x036F], // combining diacritical marks
    &[0x0370..=0x03FF], // Greek and Coptic
    &[0x0400..=0x052F], // Cyrillic and its supplement
    &[0x1E00..=0x1EFF], // Latin Extended Additional (Vietnamese)
    &[0x1F00..=0x1FFF], // Greek Extended
    &[0x2000..=0x200F], // General Punctuation: spaces and format characters
    &[0x2010..=0x2027], // General Punctuation: dashes, quotes, bullet, ellipsis
    &[0x2028..=0x206F], // General Punctuation: the rest (‰, primes, ‹ ›)
    &[0x2070..=0x209F], // superscripts and subscripts
    &[0x20A0..=0x20CF], // currency symbols
    &[0x2100..=0x214F], // letterlike symbols
    &[0x2150..=0x218F], // number forms
    &[0x2190..=0x21AF], // arrows: simple ones, ↩ (the notes' back-links)
    &[0x21B0..=0x21FF], // arrows: the rest
    &[0x2200..=0x22FF], // mathematical operators
    &[0x2460..=0x24FF], // enclosed alphanumerics
    &[0x2500..=0x25FF], // box drawing, block elements, geometric shapes
    &[0x2600..=0x27BF], // miscellaneous symbols, dingbats
    &[0xFB00..=0xFB4F], // alphabetic presentation forms (ligatures)
    &[0xFE00..=0xFE0F], // variation selectors (↩︎ asks for its text form)
];

/// How many cuts a process keeps: enough for every combination of slices a batch of briefs
/// in a few languages draws, and a bound on memory (a cut is tens of kilobytes) for an odd
/// batch where every brief draws its own.
const CUTS_KEPT: usize = 256;

/// Cuts made so far in this process, by face and slices. Each entry is filled once: a second
/// thread asking for a cut being made waits for it rather than making it again.
type Cuts = HashMap<(u64, u32), Arc<OnceLock<Arc<Cut>>>>;
static CUTS: LazyLock<Mutex<Cuts>> = LazyLock::new(|| Mutex::new(HashMap::new()));

/// The slices `chars` fall in (a bit per slice of [`SLICES`]), and the characters outside
/// every slice.
fn slices_of(chars: &BTreeSet<char>) -> (u32, BTreeSet<char>) {
    let mut mask = 0;
    let mut rest = BTreeSet::new();
    for &c in chars {
        let code = u32::from(c);
        match SLICES
            .iter()
            .position(|slice| slice.iter().any(|r| r.contains(&code)))
        {
            Some(i) => mask |= 1 << i,
            None => {
                rest.insert(c);
            }
        }
    }
    (mask, rest)
}

/// Where cuts outlive the process (the command line's cache folder). The library itself
/// touches no files: a store is installed once, with [`keep_cuts_in`], by whoever may.
pub trait CutStore: Send + Sync {
    /// The bytes kept under `key`, if any.
    fn load(&self, key: &str) -> Option<Vec<u8>>;
    /// Keeps `bytes` under `key`; failing to is no error (the cut is made again next time).
    fn save(&self, key: &str, bytes: &[u8]);
}

static STORE: OnceLock<Box<dyn CutStore>> = OnceLock::new();

/// Installs the store cuts are kept in between processes (the first call wins).
pub fn keep_cuts_in(store: Box<dyn CutStore>) {
    let _ = STORE.set(store);
}

/// What a kept cut is known by: the face, the slices, and what else decides a cut's bytes
/// (briefpress's version, the [`SLICES`] and the [`UNAPPLIED_FEATURES`]).
fn store_key(face: u64, mask: u32) -> String {
    static RECIPE: LazyLock<u64> = LazyLock::new(|| {
        use std::hash::Hasher;
        let mut hasher = siphasher::sip::SipHasher13::new();
        let recipe = format!(
            "{} {SLICES:?} {UNAPPLIED_FEATURES:?} {WOFF2_QUALITY}",
            env!("CARGO_PKG_VERSION")
        );
        hasher.write(recipe.as_bytes());
        hasher.finish()
    });
    format!("cut-{:016x}-{face:016x}-{mask:08x}", *RECIPE)
}

/// The bytes the [`CutStore`] keeps under `key` when `valid` accepts them; else `make`'s,
/// which are then kept.
fn kept_or_made(
    key: &str,
    valid: impl Fn(&[u8]) -> bool,
    make: impl FnOnce() -> Option<Vec<u8>>,
) -> Option<Vec<u8>> {
    let store = STORE.get();
    if let Some(kept) = store.and_then(|s| s.load(key)).filter(|b| valid(b)) {
        return Some(kept);
    }
    let made = make()?;
    if let Some(store) = store {
        store.save(key, &made);
    }
    Some(made)
}

/// `data` cut to the slices of `chars` (and the characters outside them), from [`CUTS`] (or
/// the [`CutStore`]) when every character falls in a slice.
fn cut(data: &[u8], chars: &BTreeSet<char>) -> Arc<Cut> {
    let (mask, rest) = slices_of(chars);
    let subset_to_slices = || {
        let mut wanted: BTreeSet<char> = SLICES
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .flat_map(|(_, slice)| slice.iter().cloned().flatten())
            .filter_map(char::from_u32)
            .collect();
        wanted.extend(&rest);
        subset(data, &wanted).unwrap_or_else(|| data.to_vec())
    };
    if !rest.is_empty() {
        return Arc::new(Cut {
            bytes: subset_to_slices(),
            ..Cut::default()
        });
    }
    let face = face_key(data);
    let key = store_key(face, mask);
    // A kept cut must still read as a font of this face's kind.
    let valid = |b: &[u8]| b.get(..4) == data.get(..4) && FontInfo::new(b, 0).is_some();
    let make = || {
        let bytes = kept_or_made(&key, valid, || Some(subset_to_slices())).unwrap_or_default();
        Arc::new(Cut {
            bytes,
            woff2: OnceLock::new(),
            packed: OnceLock::new(),
            key: Some(key.clone()),
        })
    };
    let slot = {
        let mut cuts = CUTS.lock().unwrap_or_else(|e| e.into_inner());
        if cuts.len() >= CUTS_KEPT && !cuts.contains_key(&(face, mask)) {
            None
        } else {
            Some(cuts.entry((face, mask)).or_default().clone())
        }
    };
    match slot {
        Some(slot) => slot.get_or_init(make).clone(),
        None => make(),
    }
}

/// A font file known by its length and its first kilobyte, which holds the table directory
/// with a checksum of every table.
/// SipHash with fixed keys, not the standard library's hasher, whose algorithm may change
/// between Rust releases: the key also names cuts kept on disk.
fn face_key(data: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut hasher = siphasher::sip::SipHasher13::new();
    hasher.write(&(data.len() as u64).to_le_bytes());
    hasher.write(&data[..data.len().min(1024)]);
    hasher.finish()
}

/// What Typst makes of a font file (family, weight, slant), worked out once per process:
/// `FontInfo::new` reads the face's whole character map, and for the default theme's sixteen
/// faces that was 2.6 % of a batch's time, brief after brief.
fn info(data: &[u8]) -> Option<FontInfo> {
    static INFOS: LazyLock<Mutex<HashMap<u64, Option<FontInfo>>>> =
        LazyLock::new(|| Mutex::new(HashMap::new()));
    let key = face_key(data);
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
        assert!(faces[1].bytes().len() * 5 < whole.len());
        assert_eq!(faces[1].ext, "otf");
    }

    #[test]
    fn a_brief_in_the_same_slices_shares_the_cut() {
        let theme = Theme::builtin("default").unwrap();
        let faces = |text: &str| {
            let mut usage = Usage::default();
            usage.add(FaceKey::BODY, text);
            select(&theme, &usage).remove(0)
        };
        // Two texts with different characters from the same slices: one cut, made once.
        let a = faces("Plain text, © 2026 – “quoted”");
        let b = faces("Other words: © 1999 — ‘quoted’");
        assert!(Arc::ptr_eq(&a.cut, &b.cut));
        assert_ne!(a.chars, b.chars);
        // Every character of either text maps to a glyph of the cut.
        let info = FontInfo::new(b.bytes(), 0).unwrap();
        for c in a.chars.iter().chain(&b.chars) {
            assert!(info.coverage.contains(u32::from(*c)), "{c:?}");
        }
        // A character from another slice makes another cut; one outside every slice (a CJK
        // ideograph) makes one for that brief alone, not kept.
        let accented = faces("Plain téxt");
        assert!(!Arc::ptr_eq(&a.cut, &accented.cut));
        let (mask, rest) = slices_of(&"Plain 中".chars().collect());
        assert_eq!((mask, rest), (1, ['中'].into()));
    }

    #[test]
    fn slices_do_not_overlap() {
        let mut seen = std::collections::BTreeMap::new();
        for (i, slice) in SLICES.iter().enumerate() {
            for code in slice.iter().cloned().flatten() {
                if let Some(j) = seen.insert(code, i) {
                    panic!("U+{code:04X} is in slices {j} and {i}");
                }
            }
        }
        // Basic Latin is whole between its two slices.
        assert!((0..0x80).all(|c| seen.contains_key(&c)));
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
        assert!(woff2.len() < face.bytes().len());
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
