//! Themes: one set of design tokens (`theme.toml`) styling all three outputs, plus the
//! format-specific files that consume them (`style.css` for HTML and EPUB, `html.css` for the
//! web page only, `epub.css` for the e-book only, `template.typ` for the PDF, `cover.typ` for
//! the e-book's cover, optional `fonts/`).
//!
//! Like mdBook's themes: the built-in ones are embedded in the binary, a user theme folder
//! overrides them file by file (anything it lacks comes from the built-in `default`), and
//! `briefpress theme eject` writes a copy to edit. Unknown keys are errors that name the key
//! and the file, because a misspelt token silently ignored is a theme that silently lies.

pub mod contrast;
pub mod css;

use crate::error::{Error, Result};
use include_dir::{Dir, include_dir};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes");

/// The theme every other theme falls back to, file by file.
pub const DEFAULT_THEME: &str = "default";

/// The files a theme may contain besides fonts; anything else in a theme folder is ignored.
pub const THEME_FILES: &[&str] = &[
    "theme.toml",
    "style.css",
    "html.css",
    "epub.css",
    "template.typ",
    "cover.typ",
];

/// Design tokens, shared by every writer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tokens {
    pub meta: ThemeMeta,
    pub page: PageGeometry,
    pub fonts: Fonts,
    pub colors: Colors,
    pub layout: Layout,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeMeta {
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Paper {
    A4,
    UsLetter,
}

/// Print geometry. Lengths are strings with a unit (`mm`, `cm`, `in`, `pt`), valid in both
/// CSS and Typst.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageGeometry {
    pub paper: Paper,
    pub margin_top: String,
    pub margin_bottom: String,
    pub margin_inside: String,
    pub margin_outside: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fonts {
    /// Family names in order of preference; the last CSS entry should be generic.
    pub body: Vec<String>,
    pub heading: Vec<String>,
    pub mono: Vec<String>,
    /// Faces for scripts the body's families lack (Arabic, Hebrew, Devanagari, CJK…), tried
    /// in order before any system font. `{cjk}` stands for the CJK variant of the brief's
    /// language (`SC`, `TC`, `HK`, `JP`, `KR`): Chinese, Japanese and Korean draw the same
    /// code points differently.
    #[serde(default)]
    pub body_scripts: Vec<String>,
    /// The same for the headings' families.
    #[serde(default)]
    pub heading_scripts: Vec<String>,
    /// The body's families for a paragraph in another language than the brief's, by tag
    /// (see [`crate::model::lang::paragraph_language`]): the brief's, with that language's
    /// CJK variant. Filled by [`Tokens::for_lang`], not read from `theme.toml`.
    #[serde(
        default,
        skip_deserializing,
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub body_by_lang: BTreeMap<String, Vec<String>>,
    /// Base body size, e.g. `10.5pt`.
    pub base_size: String,
    /// Line height as a multiple of the font size.
    pub line_height: f64,
}

/// CSS's generic families: they close a font stack, so script faces go before them.
const GENERIC_FAMILIES: &[&str] = &[
    "serif",
    "sans-serif",
    "monospace",
    "cursive",
    "fantasy",
    "system-ui",
];

impl Tokens {
    /// The tokens for a brief in `lang` (BCP 47): the body's and the headings' families are
    /// followed by the theme's faces for other scripts, with the CJK variant of the brief's
    /// language, and closed by the generic family. One function, so the PDF, the EPUB and the
    /// HTML page fall back to the same faces.
    ///
    /// A brief written in one of those scripts (Chinese, Hindi, Arabic…) is set in that
    /// script's face first, so that its figures and Latin words are drawn in the face of its
    /// text, not in the Latin body face beside it.
    pub fn for_lang(&self, lang: &str) -> Tokens {
        let mut t = self.clone();
        let cjk = cjk_variant(lang);
        let own = own_script(lang);
        t.fonts.body = with_scripts(&self.fonts.body, &self.fonts.body_scripts, cjk, own);
        t.fonts.heading = with_scripts(&self.fonts.heading, &self.fonts.heading_scripts, cjk, own);
        t.fonts.body_by_lang = (crate::model::lang::PARAGRAPH_LANGUAGES.iter())
            .map(|lang| {
                let faces = with_scripts(
                    &self.fonts.body,
                    &self.fonts.body_scripts,
                    cjk_variant(lang),
                    own,
                );
                (lang.to_string(), faces)
            })
            .collect();
        t
    }
}

/// The word that names a language's own script in the faces' names (Noto's: "Noto Serif
/// Devanagari", "Noto Sans CJK SC"), for the languages whose script Latin faces lack.
fn own_script(lang: &str) -> Option<&'static str> {
    let primary = lang
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    Some(match primary.as_str() {
        "zh" | "yue" | "ja" | "ko" => "CJK",
        "hi" | "mr" | "ne" | "sa" => "Devanagari",
        "ar" | "fa" | "ur" | "ps" => "Arabic",
        "he" | "yi" => "Hebrew",
        "bn" | "as" => "Bengali",
        "th" => "Thai",
        _ => return None,
    })
}

fn with_scripts(
    families: &[String],
    scripts: &[String],
    cjk: &str,
    own: Option<&str>,
) -> Vec<String> {
    let generic_at = families
        .iter()
        .position(|f| GENERIC_FAMILIES.contains(&f.as_str()))
        .unwrap_or(families.len());
    let mut out: Vec<String> = (scripts.iter())
        .map(|face| face.replace("{cjk}", cjk))
        .filter(|face| own.is_some_and(|script| face.split(' ').any(|w| w == script)))
        .take(1)
        .collect();
    out.extend(families[..generic_at].iter().cloned());
    for face in scripts {
        let face = face.replace("{cjk}", cjk);
        if !out.contains(&face) {
            out.push(face);
        }
    }
    out.extend_from_slice(&families[generic_at..]);
    out
}

/// The CJK variant (as Noto and Source Han name them) for a language tag: Japanese,
/// Korean, Chinese in Hong Kong, traditional Chinese (Taiwan, Macau, `Hant`), and simplified
/// Chinese for every other language, the commonest reading of Han characters quoted in
/// another language.
pub fn cjk_variant(lang: &str) -> &'static str {
    let tag = lang.to_ascii_lowercase();
    let mut parts = tag.split(['-', '_']);
    let primary = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    match primary {
        "ja" => "JP",
        "ko" => "KR",
        "zh" | "yue" if rest.contains(&"hk") => "HK",
        "zh" | "yue" if rest.iter().any(|p| matches!(*p, "tw" | "mo" | "hant")) => "TC",
        "yue" => "HK",
        _ => "SC",
    }
}

/// A colour palette; every value is `#rrggbb`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Palette {
    pub text: String,
    pub background: String,
    pub accent: String,
    pub muted: String,
    pub rule: String,
    pub summary_background: String,
    pub link: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Colors {
    #[serde(flatten)]
    pub light: Palette,
    pub dark: Palette,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SummaryStyle {
    Boxed,
    Ruled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoteNumbers {
    Superscript,
    FullSize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Masthead {
    Band,
    Plain,
}

/// Where the PDF sets the back matter (about the authors, the publisher, disclaimer, ©),
/// which is always one panel that never splits across pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BackMatter {
    /// At the foot of the last page of text, as designed briefs close; on a page of its own
    /// when it does not fit there. The default, so theme folders written before this token
    /// existed keep building.
    #[default]
    Foot,
    /// Straight after the text; on the next page when it does not fit.
    AfterText,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    pub summary: SummaryStyle,
    pub note_numbers: NoteNumbers,
    pub masthead: Masthead,
    #[serde(default)]
    pub back_matter: BackMatter,
}

/// Where a theme file came from, for diagnostics and depfiles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Builtin(String),
    File(PathBuf),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Builtin(p) => write!(f, "<builtin>/{p}"),
            Origin::File(p) => write!(f, "{}", p.display()),
        }
    }
}

/// A loaded theme: tokens plus every file, with where each came from.
#[derive(Debug, Clone)]
pub struct Theme {
    pub name: String,
    pub tokens: Tokens,
    files: BTreeMap<String, (Cow<'static, [u8]>, Origin)>,
}

impl Theme {
    /// A theme embedded in the binary.
    pub fn builtin(name: &str) -> Result<Theme> {
        let Some(dir) = BUILTIN.get_dir(name) else {
            return Err(Error::Theme {
                theme: name.to_string(),
                file: String::new(),
                message: format!(
                    "no built-in theme of that name (built-in: {})",
                    builtin_names().join(", ")
                ),
            });
        };
        let mut files = BTreeMap::new();
        if name != DEFAULT_THEME {
            files = Theme::builtin(DEFAULT_THEME)?.files;
        }
        collect_builtin(dir, &mut files);
        Theme::from_files(name, files)
    }

    /// A theme folder on disk; files it lacks come from the built-in default.
    pub fn from_dir(dir: &Path) -> Result<Theme> {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "theme".into());
        if !dir.is_dir() {
            return Err(Error::Theme {
                theme: name,
                file: dir.display().to_string(),
                message: if dir.exists() {
                    "not a folder".into()
                } else {
                    "does not exist".into()
                },
            });
        }
        // A folder with none of a theme's files is a mistake (an empty folder, the wrong
        // path), not a theme that is all default.
        let fonts = dir.join("fonts");
        if !THEME_FILES.iter().any(|f| dir.join(f).is_file()) && !fonts.is_dir() {
            return Err(Error::Theme {
                theme: name,
                file: dir.display().to_string(),
                message: format!(
                    "not a theme folder: it has none of {} (start one with `briefpress theme \
                     eject default {}`)",
                    THEME_FILES.join(", "),
                    dir.display()
                ),
            });
        }
        let mut files = Theme::builtin(DEFAULT_THEME)?.files;
        let read = |path: &Path| {
            std::fs::read(path).map_err(|e| Error::Theme {
                theme: name.clone(),
                file: path.display().to_string(),
                message: e.to_string(),
            })
        };
        for file in THEME_FILES {
            let path = dir.join(file);
            if path.is_file() {
                files.insert(
                    file.to_string(),
                    (Cow::Owned(read(&path)?), Origin::File(path)),
                );
            }
        }
        if fonts.is_dir() {
            let mut entries: Vec<_> = std::fs::read_dir(&fonts)
                .map_err(|e| Error::Theme {
                    theme: name.clone(),
                    file: fonts.display().to_string(),
                    message: e.to_string(),
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| is_font_file(p))
                .collect();
            entries.sort();
            for path in entries {
                let key = format!("fonts/{}", path.file_name().unwrap().to_string_lossy());
                files.insert(key, (Cow::Owned(read(&path)?), Origin::File(path)));
            }
        }
        Theme::from_files(&name, files)
    }

    /// A bare `NAME` is a built-in theme; a path (anything with a separator, such as
    /// `./house`) is a theme folder. A folder named like a built-in theme never silently
    /// replaces it.
    pub fn resolve(spec: &str) -> Result<Theme> {
        let path = Path::new(spec);
        if !is_builtin_spec(spec) {
            return Theme::from_dir(path);
        }
        Theme::builtin(spec).map_err(|e| match e {
            Error::Theme { theme, message, .. } if path.is_dir() => Error::Theme {
                message: format!("{message}; for the folder `{spec}`, write `./{spec}`"),
                theme,
                file: String::new(),
            },
            e => e,
        })
    }

    fn from_files(
        name: &str,
        files: BTreeMap<String, (Cow<'static, [u8]>, Origin)>,
    ) -> Result<Theme> {
        let (toml_bytes, origin) = files.get("theme.toml").ok_or_else(|| Error::Theme {
            theme: name.to_string(),
            file: "theme.toml".into(),
            message: "missing".into(),
        })?;
        let text = std::str::from_utf8(toml_bytes).map_err(|e| Error::Theme {
            theme: name.to_string(),
            file: origin.to_string(),
            message: format!("not UTF-8: {e}"),
        })?;
        let tokens: Tokens = toml::from_str(text).map_err(|e| {
            let (line, col, message) = explain_toml_error(text, &e);
            Error::Theme {
                theme: name.to_string(),
                file: format!("{origin}:{line}:{col}"),
                message,
            }
        })?;
        validate(&tokens).map_err(|(key, message)| {
            let line = line_of_key(text, &key).unwrap_or(1);
            Error::Theme {
                theme: name.to_string(),
                file: format!("{origin}:{line}:1"),
                message,
            }
        })?;
        contrast::check(&tokens).map_err(|message| Error::Theme {
            theme: name.to_string(),
            file: origin.to_string(),
            message,
        })?;
        Ok(Theme {
            name: name.to_string(),
            tokens,
            files,
        })
    }

    /// A theme file's bytes (`style.css`, `template.typ`, `fonts/X.otf`…).
    pub fn file(&self, name: &str) -> Option<&[u8]> {
        self.files.get(name).map(|(b, _)| b.as_ref())
    }

    /// A theme file as text (theme files are checked UTF-8 where it matters).
    pub fn text(&self, name: &str) -> &str {
        self.file(name)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("")
    }

    pub fn origin(&self, name: &str) -> Option<&Origin> {
        self.files.get(name).map(|(_, o)| o)
    }

    /// The theme files (not fonts) a theme folder lacks, which come from the built-in default:
    /// empty for a built-in theme.
    pub fn defaulted_files(&self) -> Vec<&'static str> {
        if self
            .files
            .values()
            .all(|(_, o)| matches!(o, Origin::Builtin(_)))
        {
            return Vec::new();
        }
        THEME_FILES
            .iter()
            .copied()
            .filter(|f| matches!(self.origin(f), Some(Origin::Builtin(_))))
            .collect()
    }

    /// Every file with its origin (for depfiles and eject).
    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8], &Origin)> {
        self.files
            .iter()
            .map(|(k, (b, o))| (k.as_str(), b.as_ref(), o))
    }

    /// The theme's own font files. A built-in theme's are borrowed from the binary
    /// (`Cow::Borrowed`), so consumers can use them without a copy.
    pub fn fonts(&self) -> impl Iterator<Item = (&str, &Cow<'static, [u8]>)> {
        self.files
            .iter()
            .filter(|(k, _)| k.starts_with("fonts/") && is_font_file(Path::new(k)))
            .map(|(k, (b, _))| (k.as_str(), b))
    }
}

/// A font licence shipped beside the built-in fonts (`fonts/LICENSE-Inter.txt`): it travels
/// with them when a theme is ejected, as their licences require.
fn is_licence(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("LICENSE"))
}

fn is_font_file(p: &Path) -> bool {
    matches!(
        p.extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref(),
        Some("otf" | "ttf" | "ttc" | "otc")
    )
}

fn collect_builtin(
    dir: &'static Dir<'static>,
    files: &mut BTreeMap<String, (Cow<'static, [u8]>, Origin)>,
) {
    let root = dir.path().to_path_buf();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for f in d.files() {
            let rel = f.path().strip_prefix(&root).unwrap_or(f.path());
            let key = rel.to_string_lossy().replace('\\', "/");
            if THEME_FILES.contains(&key.as_str())
                || (key.starts_with("fonts/") && (is_font_file(f.path()) || is_licence(f.path())))
            {
                files.insert(
                    key,
                    (
                        // Borrowed from the binary: nothing is copied.
                        Cow::Borrowed(f.contents()),
                        Origin::Builtin(f.path().to_string_lossy().into_owned()),
                    ),
                );
            }
        }
        stack.extend(d.dirs());
    }
}

/// The keys of `[colors]`: the light palette's (flattened into it, so serde cannot list
/// them) and the `dark` table.
const COLOR_KEYS: &[&str] = &[
    "text",
    "background",
    "accent",
    "muted",
    "rule",
    "summary_background",
    "link",
    "dark",
];

/// Line, column and message for a `theme.toml` that does not parse into [`Tokens`]: an
/// unknown key at its own line (not its table's) with the keys the table takes, and a
/// missing key with the table that lacks it.
fn explain_toml_error(text: &str, e: &toml::de::Error) -> (u32, u32, String) {
    let (mut line, mut col) = e
        .span()
        .map(|s| {
            let span = crate::diag::span_of_offset(text, s.start);
            (span.line, span.col)
        })
        .unwrap_or((1, 1));
    let mut message = e.message().trim_end().to_string();
    let table = header_at(text, line);
    if let Some(field) = quoted_after(&message, "unknown field `") {
        if let Some(at) = table
            .as_deref()
            .and_then(|t| line_of_key(text, &format!("{t}.{field}")))
        {
            (line, col) = (at, 1);
        }
        if table.as_deref() == Some("colors") && !message.contains("expected") {
            message.push_str(&format!(", expected one of `{}`", COLOR_KEYS.join("`, `")));
        }
    } else if message.starts_with("missing field") {
        match &table {
            Some(t) => message.push_str(&format!(" in table `[{t}]`")),
            None => message.push_str(" at the top level"),
        }
    }
    (line, col, message)
}

/// The text between `prefix` and the next backtick.
fn quoted_after<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = &message[message.find(prefix)? + prefix.len()..];
    rest.split('`').next()
}

/// The table named by a `[header]` on line `line` (1-based), if that line is one.
fn header_at(text: &str, line: u32) -> Option<String> {
    let l = text.lines().nth((line as usize).checked_sub(1)?)?.trim();
    let name = l.strip_prefix('[')?.split(']').next()?;
    Some(name.trim().to_string())
}

/// The line (1-based) where the dotted key `table.key` is set, e.g. `colors.dark.link`.
fn line_of_key(text: &str, dotted: &str) -> Option<u32> {
    let (table, key) = dotted.rsplit_once('.')?;
    let mut current = String::new();
    for (i, l) in text.lines().enumerate() {
        let l = l.trim();
        if let Some(h) = l.strip_prefix('[') {
            current = h.split(']').next().unwrap_or("").trim().to_string();
        } else if let Some((k, _)) = l.split_once('=')
            && current == table
            && k.trim().trim_matches('"') == key
        {
            return Some(i as u32 + 1);
        }
    }
    None
}

/// Does `-t SPEC` name a built-in theme (a bare name) rather than a folder (a path)?
pub fn is_builtin_spec(spec: &str) -> bool {
    !spec.contains('/') && !spec.contains(std::path::MAIN_SEPARATOR) && spec != "." && spec != ".."
}

/// Names of the built-in themes.
pub fn builtin_names() -> Vec<String> {
    let mut names: Vec<String> = BUILTIN
        .dirs()
        .map(|d| d.path().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Checks the values serde cannot: lengths, ranges, family names, colours. `Err` names the
/// dotted key (`colors.dark.link`) and says what is wrong.
fn validate(t: &Tokens) -> std::result::Result<(), (String, String)> {
    for (key, value) in [
        ("page.margin_top", &t.page.margin_top),
        ("page.margin_bottom", &t.page.margin_bottom),
        ("page.margin_inside", &t.page.margin_inside),
        ("page.margin_outside", &t.page.margin_outside),
        ("fonts.base_size", &t.fonts.base_size),
    ] {
        if !is_length(value) {
            return Err((
                key.to_string(),
                format!("`{key}` = {value:?} is not a length with a unit (mm, cm, in, pt)"),
            ));
        }
    }
    if !(1.0..=3.0).contains(&t.fonts.line_height) {
        return Err((
            "fonts.line_height".into(),
            format!(
                "`fonts.line_height` = {} is outside 1.0..=3.0",
                t.fonts.line_height
            ),
        ));
    }
    for (key, list) in [
        ("fonts.body", &t.fonts.body),
        ("fonts.heading", &t.fonts.heading),
        ("fonts.mono", &t.fonts.mono),
    ] {
        if list.is_empty()
            || list
                .iter()
                .any(|f| f.trim().is_empty() || !is_safe_family(f))
        {
            return Err((
                key.to_string(),
                format!(
                    "`{key}` must list one or more font family names (letters, digits, spaces, `-`, `_`, `.`)"
                ),
            ));
        }
    }
    for (prefix, p) in [("colors", &t.colors.light), ("colors.dark", &t.colors.dark)] {
        for (key, value) in palette_entries(p) {
            if parse_hex(value).is_none() {
                return Err((
                    format!("{prefix}.{key}"),
                    format!("`{prefix}.{key}` = {value:?} is not a colour `#rrggbb`"),
                ));
            }
        }
    }
    Ok(())
}

/// The palette as (key, value) pairs, in a fixed order.
pub fn palette_entries(p: &Palette) -> [(&'static str, &str); 7] {
    [
        ("text", &p.text),
        ("background", &p.background),
        ("accent", &p.accent),
        ("muted", &p.muted),
        ("rule", &p.rule),
        ("summary_background", &p.summary_background),
        ("link", &p.link),
    ]
}

fn is_safe_family(f: &str) -> bool {
    f.chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.'))
}

/// `12pt`, `2.5cm`, `20mm`, `1in`.
pub fn is_length(s: &str) -> bool {
    let s = s.trim();
    let Some(unit_at) = s.find(|c: char| c.is_ascii_alphabetic()) else {
        return false;
    };
    let (num, unit) = s.split_at(unit_at);
    matches!(unit, "mm" | "cm" | "in" | "pt") && num.parse::<f64>().is_ok_and(|n| n >= 0.0)
}

/// `#rrggbb` → (r, g, b).
pub fn parse_hex(s: &str) -> Option<(u8, u8, u8)> {
    let h = s.strip_prefix('#')?;
    if h.len() != 6 || !h.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let v = u32::from_str_radix(h, 16).ok()?;
    Some(((v >> 16) as u8, (v >> 8) as u8, v as u8))
}

/// Writes an editable copy of a built-in theme into `dest` (which must not exist or be empty).
pub fn eject(name: &str, dest: &Path) -> std::io::Result<Vec<PathBuf>> {
    let theme = Theme::builtin(name).map_err(|e| std::io::Error::other(e.to_string()))?;
    if dest.exists() && std::fs::read_dir(dest)?.next().is_some() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!("{} exists and is not empty", dest.display()),
        ));
    }
    let mut written = Vec::new();
    for (key, bytes, _) in theme.files() {
        let path = dest.join(key);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, bytes)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(lang: &str) -> Vec<String> {
        Theme::builtin("default")
            .unwrap()
            .tokens
            .for_lang(lang)
            .fonts
            .body
    }

    #[test]
    fn a_brief_in_another_script_is_set_in_that_scripts_face_first() {
        assert_eq!(body("zh")[0], "Noto Serif CJK SC");
        assert_eq!(body("ja-JP")[0], "Noto Serif CJK JP");
        assert_eq!(body("hi")[0], "Noto Serif Devanagari");
        assert_eq!(body("ar")[0], "Noto Naskh Arabic");
        // Latin briefs keep the theme's face first, the script faces as fallbacks, the
        // generic family last, each face once.
        let en = body("en");
        assert_eq!(en[0], "Libertinus Serif");
        assert!(en.contains(&"Noto Serif CJK SC".to_string()));
        assert_eq!(en.last().map(String::as_str), Some("serif"));
        let zh = body("zh");
        assert_eq!(zh.iter().filter(|f| *f == "Noto Serif CJK SC").count(), 1);
        assert_eq!(zh[1], "Libertinus Serif");
    }
}
