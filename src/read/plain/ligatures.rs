//! Typographic ligatures a PDF drew as one glyph: pdfminer (markitdown) and some pdftotext
//! builds write them as the Unicode presentation forms (`ﬁ`, `ﬂ`, `ﬀ`, `ﬃ`, `ﬄ`, `ﬅ`, `ﬆ`),
//! so "ﬁrst" and "first" are different words to a search, a screen reader's dictionary and a
//! hyphenation pattern. They are spelt out, as Unicode's compatibility mappings have them.
//! Authored briefs are never changed: this pass runs on extractions only.

use super::Lines;

pub fn run(l: &mut Lines) {
    for line in l.lines.iter_mut() {
        if line.text.chars().any(|c| spelt(c).is_some()) {
            line.text = spell_out(&line.text);
        }
    }
}

/// The letters of a Latin ligature's presentation form (U+FB00–U+FB06).
fn spelt(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{fb00}' => "ff",
        '\u{fb01}' => "fi",
        '\u{fb02}' => "fl",
        '\u{fb03}' => "ffi",
        '\u{fb04}' => "ffl",
        '\u{fb05}' | '\u{fb06}' => "st",
        _ => return None,
    })
}

fn spell_out(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    for c in text.chars() {
        match spelt(c) {
            Some(s) => out.push_str(s),
            None => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ligatures_are_spelt_out_and_other_text_is_kept() {
        let mut l = Lines::new(
            "the ﬁrst ﬂood\nCost-Eﬀective, eﬃcient, baﬄing\nIch weiß: ﬅ, ﬆ",
            None,
        );
        run(&mut l);
        assert_eq!(
            l.text(),
            "the first flood\nCost-Effective, efficient, baffling\nIch weiß: st, st"
        );
        assert_eq!(l.origins(), [1, 2, 3]);
    }
}
