//! Note markers in the forms extractors write them inside text: Unicode superscript digits
//! (`overlap.¹`, `²³` is 23, `¹,²` two notes), brackets (`[4]`, `[7, 8]`, `[7–9]`) and
//! pandoc's carets (`^5^`) and LaTeX superscripts (`$^{6}$`, as OCR-based extractors such as
//! MinerU write them). (`<sup>N</sup>` and `[^N]` are parsed with the Markdown.)
//!
//! A marker found here is only a candidate: whether it is a note reference depends on the
//! notes the brief defines, which [`super::notes`] decides.

use serde::Serialize;

/// How a brief writes its note markers, for the check report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MarkerForm {
    /// `<sup>N</sup>`
    SupTag,
    /// `¹²`
    Superscript,
    /// `[N]`
    Bracket,
    /// `^N^`
    Caret,
    /// `$^{N}$`
    Math,
    /// `[^N]`
    Markdown,
    /// `1.` items of a numbered list in a notes section
    ListNumber,
}

/// A marker candidate in text: the note numbers it names and its form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub numbers: Vec<u32>,
    pub form: MarkerForm,
    /// The marker as the source wrote it, kept when it turns out not to be a reference.
    pub raw: String,
}

/// A piece of text: plain, or a marker candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Marker(Marker),
}

pub fn superscript_digit(c: char) -> bool {
    superscript_value(c).is_some()
}

fn superscript_value(c: char) -> Option<u32> {
    match c {
        '⁰' => Some(0),
        '¹' => Some(1),
        '²' => Some(2),
        '³' => Some(3),
        '⁴'..='⁹' => Some(c as u32 - '⁴' as u32 + 4),
        _ => None,
    }
}

/// Units written with a superscript power (`m²`, `km³`): their digit is not a note.
const UNITS: &[&str] = &["m", "cm", "mm", "km", "ft", "in", "yd", "mi", "dm"];

/// Splits `text` into plain runs and marker candidates.
pub fn scan(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let found = superscript_at(text, i)
            .or_else(|| delimited_at(rest, '[', ']', MarkerForm::Bracket))
            .or_else(|| delimited_at(rest, '^', '^', MarkerForm::Caret))
            .or_else(|| math_at(rest));
        match found {
            Some((marker, len)) => {
                if !plain.is_empty() {
                    out.push(Piece::Text(std::mem::take(&mut plain)));
                }
                out.push(Piece::Marker(marker));
                i += len;
            }
            None => {
                let c = rest.chars().next().unwrap_or(' ');
                plain.push(c);
                i += c.len_utf8();
            }
        }
    }
    if !plain.is_empty() {
        out.push(Piece::Text(plain));
    }
    out
}

/// A marker that opens `text` (a note definition's number) and the text after it, trimmed:
/// `¹ Source`, `[1] Source`, `^1^ Source`, `$^{1}$ Source`; `1 Source` is not one (too
/// common in prose).
pub fn leading(text: &str) -> Option<(Marker, &str)> {
    leading_marker(text).filter(|(_, rest)| !rest.trim().is_empty())
}

/// [`leading`] without the text after it: a definition whose text goes on in other inlines
/// (`² ` then a link) has its marker alone in its first one.
pub fn leading_marker(text: &str) -> Option<(Marker, &str)> {
    let t = text.trim_start();
    let (marker, len) = superscript_at(t, 0)
        .or_else(|| delimited_at(t, '[', ']', MarkerForm::Bracket))
        .or_else(|| delimited_at(t, '^', '^', MarkerForm::Caret))
        .or_else(|| math_at(t))?;
    let rest = &t[len..];
    // One note per definition.
    (marker.numbers.len() == 1).then(|| (marker, rest.trim_start()))
}

/// Superscript digits at byte `i` of `text`, with `,` or `⁻`/`–` between numbers.
fn superscript_at(text: &str, i: usize) -> Option<(Marker, usize)> {
    let rest = &text[i..];
    superscript_value(rest.chars().next()?)?;
    if let Some(prev) = text[..i].chars().next_back() {
        if prev.is_ascii_digit() || superscript_digit(prev) {
            return None;
        }
        let word: String = text[..i]
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .collect::<String>()
            .chars()
            .rev()
            .collect();
        if UNITS.contains(&word.as_str()) {
            return None;
        }
    }
    let mut numbers: Vec<u32> = Vec::new();
    let mut current: Option<u32> = None;
    let mut range_from: Option<u32> = None;
    let mut len = 0;
    let mut pending_sep = 0;
    for c in rest.chars() {
        if let Some(d) = superscript_value(c) {
            current = Some(current.unwrap_or(0).saturating_mul(10).saturating_add(d));
            len += pending_sep + c.len_utf8();
            pending_sep = 0;
            continue;
        }
        let is_sep = matches!(c, ',' | '⁻' | '–' | '-');
        let Some(n) = current else { break };
        if !is_sep || pending_sep > 0 {
            break;
        }
        // A separator counts only if another superscript digit follows it.
        push_number(&mut numbers, &mut range_from, n)?;
        current = None;
        if c != ',' {
            range_from = numbers.pop();
        }
        pending_sep = c.len_utf8();
    }
    if let Some(n) = current {
        push_number(&mut numbers, &mut range_from, n)?;
    } else if let Some(from) = range_from {
        numbers.push(from);
    }
    (!numbers.is_empty()).then_some((
        Marker {
            numbers,
            form: MarkerForm::Superscript,
            raw: rest[..len].to_string(),
        },
        len,
    ))
}

/// Adds `n`, or the range that ends at `n`; `None` for note 0 or an implausible range.
fn push_number(numbers: &mut Vec<u32>, range_from: &mut Option<u32>, n: u32) -> Option<()> {
    if n == 0 || n > 9999 {
        return None;
    }
    match range_from.take() {
        Some(a) if a < n && n - a <= 20 => numbers.extend(a..=n),
        Some(_) => return None,
        None => numbers.push(n),
    }
    Some(())
}

/// `[7]`, `[7, 8]`, `[7–9]`, `^7^` at the start of `text`.
fn delimited_at(text: &str, open: char, close: char, form: MarkerForm) -> Option<(Marker, usize)> {
    let inner_and_rest = text.strip_prefix(open)?;
    let end = inner_and_rest.find(close)?;
    let inner = &inner_and_rest[..end];
    if inner.is_empty()
        || inner.len() > 24
        || !inner
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | ' ' | '–' | '-'))
    {
        return None;
    }
    let numbers = number_list(inner)?;
    let len = open.len_utf8() + end + close.len_utf8();
    // `[3](…)` is a link and `[3]:` a definition of one: neither is a note marker.
    if form == MarkerForm::Bracket && text[len..].starts_with(['(', ':']) {
        return None;
    }
    let raw = text[..len].to_string();
    Some((Marker { numbers, form, raw }, len))
}

/// A LaTeX superscript of note numbers at the start of `text`: `$^{1}$`, `$^{1,2}$`, `$^3$`,
/// `${}^{4}$`, `$^{\text{5}}$`, spaces anywhere inside (`$^ { 6 }$`).
fn math_at(text: &str) -> Option<(Marker, usize)> {
    let inner_and_rest = text.strip_prefix('$')?;
    let end = inner_and_rest.find('$').filter(|&e| e <= 48)?;
    let inner: String = inner_and_rest[..end]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let inner = inner
        .strip_prefix("{}")
        .unwrap_or(&inner)
        .strip_prefix('^')?;
    let braced = |s: &str| s.strip_prefix('{')?.strip_suffix('}').map(str::to_string);
    let mut inner = braced(inner).unwrap_or_else(|| inner.to_string());
    for wrapper in ["\\text", "\\mathrm", "\\textsuperscript"] {
        if let Some(unwrapped) = inner.strip_prefix(wrapper).and_then(braced) {
            inner = unwrapped;
        }
    }
    if !inner
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ',' | '-' | '–'))
    {
        return None;
    }
    let numbers = number_list(&inner.replace("--", "-"))?;
    let len = 1 + end + 1;
    Some((
        Marker {
            numbers,
            form: MarkerForm::Math,
            raw: text[..len].to_string(),
        },
        len,
    ))
}

/// `1`, `1, 2`, `3–5` → the numbers they name.
fn number_list(text: &str) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    for part in text.split(',') {
        let part = part.trim();
        let mut range_from = None;
        if let Some((a, b)) = part.split_once(['-', '–']) {
            range_from = Some(a.trim().parse().ok()?);
            push_number(&mut out, &mut range_from, b.trim().parse().ok()?)?;
        } else {
            push_number(&mut out, &mut range_from, part.parse().ok()?)?;
        }
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn markers(text: &str) -> Vec<(Vec<u32>, MarkerForm)> {
        scan(text)
            .into_iter()
            .filter_map(|p| match p {
                Piece::Marker(m) => Some((m.numbers, m.form)),
                Piece::Text(_) => None,
            })
            .collect()
    }

    #[test]
    fn latex_superscripts() {
        use MarkerForm::Math as M;
        assert_eq!(markers("rose.$^{1}$ Next"), [(vec![1], M)]);
        assert_eq!(
            markers("both$^{2,3}$ and$^ { 14 }$"),
            [(vec![2, 3], M), (vec![14], M)]
        );
        assert_eq!(markers("a range${}^{4-6}$"), [(vec![4, 5, 6], M)]);
        assert_eq!(
            markers("x$^7$ y$^{\\text{8}}$"),
            [(vec![7], M), (vec![8], M)]
        );
        // Mathematics stays text: a power, a variable, prices.
        assert!(markers("area $x^{2}$ and $^{n}$ or $5 and $6").is_empty());
        let (m, rest) = leading("$^{12}$ Harbour Authority, 2023.").unwrap();
        assert_eq!(
            (m.numbers, m.form, rest),
            (vec![12], M, "Harbour Authority, 2023.")
        );
    }

    #[test]
    fn unicode_superscripts() {
        use MarkerForm::Superscript as S;
        assert_eq!(markers("overlap.¹ Next"), [(vec![1], S)]);
        assert_eq!(markers("rose²³ and"), [(vec![23], S)]);
        assert_eq!(markers("both.¹,² Then"), [(vec![1, 2], S)]);
        assert_eq!(markers("a range⁴⁻⁶"), [(vec![4, 5, 6], S)]);
        // A list ending in a comma keeps the comma as text.
        let p = scan("first¹, then");
        assert_eq!(p[2], Piece::Text(", then".into()));
    }

    #[test]
    fn powers_and_units_are_not_notes() {
        assert!(markers("10⁶ tonnes").is_empty());
        assert!(markers("40 m² of roof").is_empty());
        assert!(markers("3 km³").is_empty());
    }

    #[test]
    fn brackets_and_carets() {
        use MarkerForm::{Bracket as B, Caret as C};
        assert_eq!(markers("as shown [4]."), [(vec![4], B)]);
        assert_eq!(
            markers("see [7, 8] and [10–12]"),
            [(vec![7, 8], B), (vec![10, 11, 12], B)]
        );
        assert_eq!(markers("rose^5^ sharply"), [(vec![5], C)]);
        assert!(markers("[a] [] [1](x) [0] [ref 2] 2^10").is_empty());
    }

    #[test]
    fn leading_markers_of_definitions() {
        let (m, rest) = leading("¹ World Bank, 2021.").unwrap();
        assert_eq!((m.numbers, rest), (vec![1], "World Bank, 2021."));
        let (m, rest) = leading("[12] Ibid.").unwrap();
        assert_eq!(
            (m.numbers, m.form, rest),
            (vec![12], MarkerForm::Bracket, "Ibid.")
        );
        assert!(leading("^3^ Source.").is_some());
        assert!(leading("[1]").is_none(), "no text");
        assert!(leading("1 Source").is_none());
        assert!(leading("The year 2020").is_none());
    }
}
