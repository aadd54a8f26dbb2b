//! The theme's fonts for the web page (`--html-fonts`): which faces the page draws with, and
//! the `@font-face` rules that bring them, inline as WOFF2 `data:` URLs or as files beside it.
//!
//! Faces are read off the finished page: each element is mapped to the face the shared
//! `style.css` draws it with (headings and labels in the heading family, `strong` bold, `em`
//! italic, `code` mono…). That map only decides which *styles* to embed; every face of a
//! family gets every character the page shows in that family's roles, so a character drawn
//! in a style the map did not foresee still comes from the theme's family, never from a
//! fallback font. Characters the stylesheets add (uppercase labels, list numbers, the
//! printed page's link addresses) are counted too.

use crate::write::fonts::{Face, FaceKey, Role, Usage};
use base64::Engine;
use std::collections::BTreeSet;

/// How the page gets the theme's fonts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum HtmlFonts {
    /// `@font-face` rules with WOFF2 subsets as `data:` URLs: the page stays one file.
    #[default]
    Embed,
    /// WOFF2 subsets written beside the page in `fonts/`.
    Link,
    /// No fonts: the font stacks name what the reader's system has.
    System,
}

impl std::str::FromStr for HtmlFonts {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim() {
            "embed" => Ok(HtmlFonts::Embed),
            "link" => Ok(HtmlFonts::Link),
            "system" => Ok(HtmlFonts::System),
            other => Err(format!(
                "unknown font mode `{other}` (expected embed, link or system)"
            )),
        }
    }
}

/// The faces the page's `<body>` draws with, and the characters of each.
pub fn usage(page: &str) -> Usage {
    // After the head: its style sheet may name `<body>` in a comment, and the text after that
    // is no text of the page.
    let head_end = page.find("</head>").unwrap_or(0);
    let body = page[head_end..]
        .find("<body")
        .map_or(page, |i| &page[head_end + i..]);
    let mut usage = Usage::default();
    let mut stack: Vec<(String, FaceKey)> = Vec::new();
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        let face = stack.last().map_or(FaceKey::BODY, |(_, f)| *f);
        usage.add(face, &decode(&rest[..lt]));
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        rest = &rest[lt + gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            if let Some(at) = stack.iter().rposition(|(n, _)| *n == name) {
                stack.truncate(at);
            }
            continue;
        }
        if tag.starts_with('!') {
            continue;
        }
        let name: String = tag
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let inner = face_of(&name, tag, face);
        // The printed page writes out link addresses after the link text (`html.css`).
        if name == "a"
            && let Some(href) = attribute(tag, "href")
            && !href.starts_with('#')
        {
            usage.add(inner, &format!("<>{}", decode(href)));
        }
        if !is_void(&name) && !tag.ends_with('/') {
            stack.push((name, inner));
        }
    }
    add_generated(&mut usage);
    usage
}

/// The face an element's text is drawn with, inside text drawn with `outer`.
fn face_of(name: &str, tag: &str, outer: FaceKey) -> FaceKey {
    let mut f = outer;
    let heading = |f: &mut FaceKey, weight: u16| {
        if f.role != Role::Mono {
            f.role = Role::Heading;
        }
        f.weight = weight;
    };
    match name {
        "h1" | "h2" => heading(&mut f, 700),
        "h3" | "h4" | "h5" | "h6" | "th" => heading(&mut f, 600),
        "strong" | "b" => f.weight = 700,
        "em" | "i" | "cite" | "blockquote" => f.italic = true,
        "code" | "pre" | "kbd" | "samp" => f.role = Role::Mono,
        "figcaption" => f.role = Role::Heading,
        _ => {}
    }
    let classes = attribute(tag, "class").unwrap_or("");
    for class in classes.split_whitespace() {
        match class {
            "masthead-bar" | "subtitle" | "byline" | "dateline" | "backlink" => {
                f.role = Role::Heading
            }
            "author-name" => heading(&mut f, 700),
            "publisher" => heading(&mut f, 700),
            "author" => f.weight = 600,
            _ => {}
        }
    }
    if attribute(tag, "role") == Some("doc-noteref") {
        heading(&mut f, 600);
    }
    f
}

/// Characters the stylesheets draw that the page's text does not hold: uppercase labels
/// (`text-transform`), list numbers (`::marker`), brackets around full-size note numbers.
fn add_generated(usage: &mut Usage) {
    let text_roles = [Role::Body, Role::Heading];
    let mut shown: BTreeSet<char> = BTreeSet::new();
    for (face, chars) in &usage.chars {
        if text_roles.contains(&face.role) {
            shown.extend(chars);
        }
    }
    shown.extend(shown.clone().iter().flat_map(|c| c.to_uppercase()));
    shown.extend("0123456789.[]".chars());
    let all: String = shown.into_iter().collect();
    let faces: Vec<FaceKey> = usage.chars.keys().copied().collect();
    for face in faces {
        if text_roles.contains(&face.role) {
            usage.add(face, &all);
        }
    }
}

/// The value of attribute `name` in a start tag as this writer writes them (`name="…"`).
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Text with the character references this writer emits decoded (`&amp;`, `&#39;`, `&#x…;`).
fn decode(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| match &rest[1..e] {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "nbsp" => Some('\u{a0}'),
            num => num
                .strip_prefix("#x")
                .or_else(|| num.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| num.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        });
        match (decoded, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A face's file beside the page, relative to it (`--html-fonts link`). The brief's stem is
/// part of the name: briefs built into one folder each get their own subsets.
pub fn linked_path(stem: &str, face: &Face) -> String {
    format!("fonts/{stem}-{}.woff2", face.name)
}

/// A WOFF2 face as a `data:` URL.
pub fn data_url(woff2: &[u8]) -> String {
    format!(
        "data:font/woff2;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(woff2)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(role: Role, weight: u16, italic: bool) -> FaceKey {
        FaceKey {
            role,
            weight,
            italic,
        }
    }

    #[test]
    fn a_style_sheet_naming_the_body_draws_nothing() {
        // A theme's comment that names `<body>` is no start of the page's text: the rules
        // after it (`{ | }`) were counted as drawn, and every face was subset for them.
        let page = "<head><style>/* classes on <body>: a | b */ p { c: d }</style></head>\
            <body><p>Text</p></body>";
        let u = usage(page);
        let body = &u.chars[&FaceKey::BODY];
        for c in ['{', '|', '}', '*', ':'] {
            assert!(!body.contains(&c), "{c:?} counted from the style sheet");
        }
        assert!(body.contains(&'T'));
    }

    #[test]
    fn styles_follow_the_markup() {
        let page = "<head><style>h1 { x: y }</style></head><body class=\"x\">\
            <h1>Title</h1><p>Plain <em>slanted</em> and <strong>heavy</strong> \
            <code>mono()</code> &amp; <a href=\"https://ex.org/q\">link</a></p></body>";
        let u = usage(page);
        let faces: Vec<FaceKey> = u.chars.keys().copied().collect();
        assert_eq!(
            faces,
            [
                key(Role::Body, 400, false),
                key(Role::Body, 400, true),
                key(Role::Body, 700, false),
                key(Role::Heading, 700, false),
                key(Role::Mono, 400, false),
            ]
        );
        let mono = &u.chars[&key(Role::Mono, 400, false)];
        assert_eq!(mono, &"mono()".chars().collect());
        let body = &u.chars[&FaceKey::BODY];
        // Every face of a text family gets every character shown in one: here the heading's.
        assert!(body.contains(&'T') && body.contains(&'&'));
        // Link addresses (printed), uppercase forms (labels), list numbers.
        assert!(body.contains(&'/') && body.contains(&'<') && body.contains(&'Q'));
        assert!(body.contains(&'7'));
        // The style sheet in the head is not text.
        assert!(!body.contains(&'{'));
    }

    #[test]
    fn references_are_decoded() {
        assert_eq!(
            decode("a &amp; b &#39;c&#x2019; &bogus x&"),
            "a & b 'c\u{2019} &bogus x&"
        );
    }

    #[test]
    fn modes_parse() {
        assert_eq!("link".parse::<HtmlFonts>(), Ok(HtmlFonts::Link));
        assert!("woff".parse::<HtmlFonts>().is_err());
    }
}
