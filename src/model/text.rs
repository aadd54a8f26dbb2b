//! Text helpers over inlines that the reader, the passes and the writers all need. They live
//! next to the model so that no layer has to call sideways into another one for them.

use super::{Block, Inline, plain_text};

/// Joins adjacent text runs and drops empty ones.
pub fn merge_text(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        match (out.last_mut(), inline) {
            (_, Inline::Text { text }) if text.is_empty() => {}
            (Some(Inline::Text { text: prev }), Inline::Text { text }) => prev.push_str(&text),
            (_, other) => out.push(other),
        }
    }
    out
}

/// Removes leading and trailing white space (and line breaks) from a run of inlines.
pub fn trim_inlines(mut inlines: Vec<Inline>) -> Vec<Inline> {
    while matches!(inlines.first(), Some(Inline::LineBreak)) {
        inlines.remove(0);
    }
    while matches!(inlines.last(), Some(Inline::LineBreak)) {
        inlines.pop();
    }
    if let Some(Inline::Text { text }) = inlines.first_mut() {
        let trimmed = text.trim_start().to_string();
        *text = trimmed;
    }
    if let Some(Inline::Text { text }) = inlines.last_mut() {
        let trimmed = text.trim_end().to_string();
        *text = trimmed;
    }
    merge_text(inlines)
}

/// Does this run of inlines end a sentence? Trailing note references, closing quotes and
/// brackets are looked through: `…attack.”³` ends one.
pub fn ends_sentence(content: &[Inline]) -> bool {
    let mut text = String::new();
    let mut stripped: Vec<&Inline> = content.iter().collect();
    while matches!(stripped.last(), Some(Inline::FootnoteRef { .. })) {
        stripped.pop();
    }
    for i in stripped {
        text.push_str(&plain_text(std::slice::from_ref(i)));
    }
    let t = text
        .trim_end()
        .trim_end_matches(['"', '\'', '”', '’', ')', ']', '»', '*', '_']);
    t.ends_with(['.', '!', '?', ':', ';', '…', '。', '！', '？']) && !ends_with_abbreviation(t)
}

/// Abbreviations that end in a full stop but never end a sentence: citation parts
/// ("vol.", "pp."), titles ("Dr.") and Latin ("e.g."), matched case-insensitively.
const ABBREVIATIONS: &[&str] = &[
    "vol.", "vols.", "no.", "nos.", "p.", "pp.", "ed.", "eds.", "trans.", "ch.", "chap.", "fig.",
    "figs.", "art.", "arts.", "para.", "paras.", "sec.", "cf.", "e.g.", "i.e.", "viz.", "vs.",
    "dr.", "mr.", "mrs.", "ms.", "prof.", "st.", "gen.", "col.", "lt.", "sr.", "jr.", "rev.",
    "approx.", "ca.", "c.", "op.", "n.", "nn.",
];

/// Does `text` (ending in `.`) end with an abbreviation or a personal initial ("Colin P.")?
fn ends_with_abbreviation(text: &str) -> bool {
    let last = text
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '[')
        .next()
        .unwrap_or("");
    let lower = last.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    // A single capital letter and a full stop is an initial, unless it is the whole text.
    let mut chars = last.chars();
    matches!((chars.next(), chars.next(), chars.next()), (Some(c), Some('.'), None) if c.is_uppercase())
        && text.len() > last.len()
}

/// Does the text start with a lower-case letter (a sentence carried on from elsewhere)?
pub fn starts_lowercase(content: &[Inline]) -> bool {
    plain_text(content)
        .trim_start()
        .chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| c.is_lowercase())
}

/// Whether a bio continues its author's name as a sentence (`… is a senior fellow`), so the
/// name can lead its first paragraph; otherwise the name stands on a line of its own.
pub fn bio_continues_name(bio: &[Block]) -> bool {
    matches!(bio.first(), Some(Block::Paragraph { content, .. }) if starts_lowercase(content))
}

/// Inlines with leading whitespace removed from the first text run.
pub fn trim_leading(content: &[Inline]) -> Vec<Inline> {
    let mut v = content.to_vec();
    if let Some(Inline::Text { text }) = v.first_mut() {
        *text = text.trim_start().to_string();
    }
    v
}

/// A URL- and XML-safe slug: lowercase letters and digits (any script) joined by `-`.
/// `text` cut to at most `max` characters, ellipsis included: at a word boundary (trailing
/// punctuation dropped) when there is one, else mid-word. For descriptions, running heads and
/// the source text quoted in diagnostics.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let budget = max.saturating_sub(1);
    let mut out = String::new();
    for word in text.split_whitespace() {
        let sep = usize::from(!out.is_empty());
        if out.chars().count() + sep + word.chars().count() > budget {
            break;
        }
        if sep == 1 {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = text.chars().take(budget).collect();
    }
    let out = out.trim_end_matches([',', ';', ':', '-', '–', '—']);
    format!("{out}…")
}

pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    out.chars()
        .take(60)
        .collect::<String>()
        .trim_end_matches('-')
        .to_string()
}

/// What to do with one character that no output format can carry: keep it (`Some(c)`), drop
/// it (`None`), or replace it. The one rule for the decoder and the text-cleaning pass.
pub fn clean_char(c: char) -> Option<char> {
    match c {
        '\t' | '\n' => Some(c),
        // C0 and C1 controls, DEL: XML 1.0 forbids most, HTML forbids all.
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => None,
        // Bidi overrides and isolates leak direction into surrounding text.
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => None,
        // Noncharacters.
        '\u{fdd0}'..='\u{fdef}' => None,
        c if (c as u32) & 0xfffe == 0xfffe => None,
        // Private use: symbol-font bullets that PDF extraction leaves behind have standard
        // equivalents; any other private-use character means nothing outside its font.
        '\u{f0b7}' | '\u{f06c}' | '\u{f0a8}' => Some('•'),
        '\u{f0a7}' | '\u{f06e}' => Some('▪'),
        '\u{f0fc}' => Some('✓'),
        '\u{f0e0}' | '\u{f0d8}' => Some('→'),
        '\u{e000}'..='\u{f8ff}' | '\u{f0000}'..='\u{10ffff}' => Some('\u{fffd}'),
        c => Some(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_cuts_at_a_word_within_the_limit() {
        assert_eq!(shorten("alpha beta gamma delta", 12), "alpha beta…");
        assert_eq!(shorten("One two three", 8), "One two…");
        assert_eq!(shorten("short", 12), "short");
        assert_eq!(shorten("Rates, prices and wages", 15), "Rates, prices…");
        assert_eq!(shorten("Costs; then", 9), "Costs…");
        // No word boundary: cut mid-word, still within the limit.
        let url = "https://example.org/".repeat(5);
        let cut = shorten(&url, 20);
        assert_eq!(cut.chars().count(), 20, "{cut}");
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn sentence_ends_look_through_notes_and_quotes() {
        let t = |s: &str| vec![Inline::text(s)];
        assert!(ends_sentence(&t("It ended.”")));
        assert!(!ends_sentence(&t("See vol.")));
        assert!(!ends_sentence(&t("by Colin P.")));
        assert!(!ends_sentence(&t("and the")));
        let mut with_ref = t("Done.");
        with_ref.push(Inline::FootnoteRef {
            number: 0,
            label: "1".into(),
            repeat: false,
            span: Default::default(),
        });
        assert!(ends_sentence(&with_ref));
    }

    #[test]
    fn merging_and_trimming() {
        let v = trim_inlines(vec![
            Inline::LineBreak,
            Inline::text("  a"),
            Inline::text(""),
            Inline::text("b  "),
        ]);
        assert_eq!(v, vec![Inline::text("ab")]);
    }
}
