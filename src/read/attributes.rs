//! pandoc's attribute syntax, which CommonMark does not know and leaves as text. Briefs that
//! went through pandoc (Word → Markdown above all) are full of it: bookmarks as empty spans
//! (`[]{#_Toc1234 .anchor}`), formatting as bracketed spans (`[text]{.underline}`), image
//! sizes (`![chart](c.png){width="6in"}`) and heading ids (`## Costs {#costs}`). This
//! recogniser keeps what a reader sees — the span's text, underlined or highlighted text as
//! emphasis — and drops the attributes.

use crate::model::Inline;
use crate::model::text::merge_text;

/// `inlines` with pandoc's attributes taken out (see the module documentation).
pub fn strip(inlines: Vec<Inline>) -> Vec<Inline> {
    if !inlines
        .iter()
        .any(|i| matches!(i, Inline::Text { text } if text.contains('{')))
    {
        return inlines;
    }
    let mut xs = merge_text(inlines);
    while let Some(span) = find_span(&xs) {
        xs = unwrap_span(xs, span);
    }
    drop_attribute_runs(&mut xs);
    merge_text(xs)
}

/// Drops attributes that open `inlines` (those of the figure before them), and the space
/// after them.
pub fn strip_leading(inlines: &mut Vec<Inline>) {
    if let Some(Inline::Text { text }) = inlines.first_mut()
        && let Some((len, _)) = attributes(text)
    {
        let rest = text[len..].trim_start().to_string();
        *text = rest;
        if text.is_empty() {
            inlines.remove(0);
        }
    }
}

/// Where a bracketed span lies: its `[` (inline index, byte) and its `]{…}` (inline index,
/// byte of `]`, byte after `}`), and the classes it names.
#[derive(Debug)]
struct Span {
    open: (usize, usize),
    close: (usize, usize, usize),
    classes: Vec<String>,
}

/// The first `]{attributes}` whose `[` is in the same list, reading backwards over any
/// inlines between them.
fn find_span(xs: &[Inline]) -> Option<Span> {
    for (i, x) in xs.iter().enumerate() {
        let Inline::Text { text } = x else { continue };
        let mut from = 0;
        while let Some(at) = text[from..].find("]{").map(|a| a + from) {
            from = at + 1;
            let Some((len, classes)) = attributes(&text[at + 1..]) else {
                continue;
            };
            if let Some(open) = opening_bracket(xs, i, at) {
                return Some(Span {
                    open,
                    close: (i, at, at + 1 + len),
                    classes,
                });
            }
        }
    }
    None
}

/// The unmatched `[` before byte `at` of inline `i`, looking back through earlier text.
fn opening_bracket(xs: &[Inline], i: usize, at: usize) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    for j in (0..=i).rev() {
        let Inline::Text { text } = &xs[j] else {
            continue;
        };
        let end = if j == i { at } else { text.len() };
        for (b, c) in text[..end].char_indices().rev() {
            match c {
                ']' => depth += 1,
                '[' if depth == 0 => return Some((j, b)),
                '[' => depth -= 1,
                _ => {}
            }
        }
    }
    None
}

/// Replaces the span with its content: emphasised when it was underlined, strong when it was
/// highlighted, as it is otherwise.
fn unwrap_span(xs: Vec<Inline>, span: Span) -> Vec<Inline> {
    let (oi, ob) = span.open;
    let (ci, cb, after) = span.close;
    let mut before = Vec::new();
    let mut content = Vec::new();
    let mut rest = Vec::new();
    for (k, x) in xs.into_iter().enumerate() {
        match x {
            Inline::Text { text } if k == oi || k == ci => {
                let start = if k == oi { ob + 1 } else { 0 };
                let end = if k == ci { cb } else { text.len() };
                if k == oi {
                    before.push(Inline::text(&text[..ob]));
                }
                content.push(Inline::text(&text[start..end]));
                if k == ci {
                    rest.push(Inline::text(&text[after..]));
                }
            }
            other if k < oi => before.push(other),
            other if k > ci => rest.push(other),
            other => content.push(other),
        }
    }
    let content = merge_text(content);
    let has = |c: &str| span.classes.iter().any(|x| x == c);
    let wrapped = if content.is_empty() {
        Vec::new()
    } else if has("underline") || has("ul") {
        vec![Inline::Emph { content }]
    } else if has("mark") {
        vec![Inline::Strong { content }]
    } else {
        content
    };
    before.into_iter().chain(wrapped).chain(rest).collect()
}

/// Drops attribute blocks that follow an image's or a link's text (`{width="6in"}`) or end
/// the list after a space (a heading's `{#id}`).
fn drop_attribute_runs(xs: &mut [Inline]) {
    let last = xs.len().saturating_sub(1);
    for k in 0..xs.len() {
        let after_link = k > 0 && matches!(xs[k - 1], Inline::Link { .. });
        let Inline::Text { text } = &mut xs[k] else {
            continue;
        };
        if after_link && let Some((len, _)) = attributes(text) {
            text.replace_range(..len, "");
        }
        if k == last
            && let Some(open) = text.rfind(" {")
            && let Some((len, _)) = attributes(&text[open + 1..])
            && open + 1 + len == text.trim_end().len()
        {
            text.truncate(open);
        }
    }
}

/// The length of pandoc attributes opening `text` (`{#id .class key="value" -}`) and their
/// classes; `None` unless every word inside is one of those forms.
fn attributes(text: &str) -> Option<(usize, Vec<String>)> {
    let inner = text.strip_prefix('{')?;
    let mut classes = Vec::new();
    let mut words = 0;
    let mut rest = inner;
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix('}') {
            let len = text.len() - after.len();
            return (words > 0).then_some((len, classes));
        }
        let word_end = rest
            .find(|c: char| c.is_whitespace() || c == '}' || is_quote(c))
            .unwrap_or(rest.len());
        let (word, tail) = rest.split_at(word_end);
        let ident = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ':' | '.'))
        };
        rest = if let Some(id) = word.strip_prefix('#') {
            ident(id).then_some(tail)?
        } else if let Some(class) = word.strip_prefix('.') {
            classes.push(class.to_string());
            ident(class).then_some(tail)?
        } else if word == "-" {
            tail
        } else if let Some(key) = word.strip_suffix('=') {
            // key="quoted value" (curly when the reader's smart punctuation got to it)
            let quoted = tail.strip_prefix(is_quote)?;
            let close = quoted.find(is_quote)?;
            let after = &quoted[close..];
            ident(key).then_some(&after[after.chars().next()?.len_utf8()..])?
        } else if let Some((key, value)) = word.split_once('=') {
            (ident(key) && !value.is_empty()).then_some(tail)?
        } else {
            return None;
        };
        words += 1;
        if words > 32 {
            return None;
        }
    }
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Inline {
        Inline::text(s)
    }

    #[test]
    fn attributes_are_told_from_braces_in_prose() {
        assert_eq!(attributes("{#_Toc123 .anchor} x").map(|a| a.0), Some(18));
        assert_eq!(
            attributes("{width=\"6.5in\" height=\"3in\"}").map(|a| a.0),
            Some(28)
        );
        assert_eq!(attributes("{.underline}").unwrap().1, ["underline"]);
        assert_eq!(
            attributes("{width=“6in”}").map(|a| a.0),
            Some("{width=“6in”}".len())
        );
        assert_eq!(attributes("{-}").map(|a| a.0), Some(3));
        for prose in ["{x}", "{a, b}", "{}", "{#}", "{ see below }", "{width=}"] {
            assert_eq!(attributes(prose), None, "{prose}");
        }
    }

    #[test]
    fn bookmarks_go_and_spans_keep_their_text() {
        assert_eq!(
            strip(vec![t(
                "[]{#_Toc98 .anchor}Costs rose by [a third]{.mark} in [2019]{.smallcaps}."
            )]),
            vec![
                t("Costs rose by "),
                Inline::Strong {
                    content: vec![t("a third")]
                },
                t(" in 2019.")
            ]
        );
    }

    #[test]
    fn a_span_reaches_over_formatting_and_nested_brackets() {
        let got = strip(vec![
            t("See [the "),
            Inline::Emph {
                content: vec![t("annual")],
            },
            t(" report [2023]]{.underline} now."),
        ]);
        assert_eq!(
            got,
            vec![
                t("See "),
                Inline::Emph {
                    content: vec![
                        t("the "),
                        Inline::Emph {
                            content: vec![t("annual")]
                        },
                        t(" report [2023]")
                    ]
                },
                t(" now.")
            ]
        );
    }

    #[test]
    fn sizes_after_links_and_ids_ending_a_heading_go() {
        let link = Inline::Link {
            url: "https://example.org".into(),
            title: None,
            content: vec![t("site")],
            span: Default::default(),
        };
        assert_eq!(
            strip(vec![link.clone(), t("{target=\"_blank\"} and more")]),
            vec![link, t(" and more")]
        );
        assert_eq!(
            strip(vec![t("Costs and Benefits {#costs .unnumbered}")]),
            vec![t("Costs and Benefits")]
        );
        // Prose keeps its braces.
        assert_eq!(
            strip(vec![t("a set {x} of [items]")]),
            vec![t("a set {x} of [items]")]
        );
    }
}
