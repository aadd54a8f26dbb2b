//! Words broken at a line end: `ven-`/`tilated` is one word (the hyphen was the typesetter's),
//! `long-`/`term` is a compound (the hyphen is the author's). Decided, in order, by what the
//! brief itself writes elsewhere (the word, then its family: `up-stream` or `upstream` for
//! `down-`/`stream`, `non-return` for `non-`/`partisan`), then by the language's hyphenation
//! patterns (a break the patterns would never make was a real hyphen), then by whether both
//! halves are words the brief uses on their own. Soft hyphens (U+00AD) are always the
//! typesetter's.

use super::{Line, Lines};
use std::collections::HashMap;

/// Markdown extractions join lines themselves: only soft hyphens are left to remove.
pub fn run_soft(l: &mut Lines) {
    remove_soft_hyphens(&mut l.lines);
    for line in l.lines.iter_mut() {
        if line.text.ends_with('\u{ad}') {
            line.text.pop();
        }
    }
}

pub fn run(l: &mut Lines) {
    remove_soft_hyphens(&mut l.lines);
    let evidence = Evidence::of(&l.lines, l.lang);
    let mut i = 0;
    while i + 1 < l.lines.len() {
        // markitdown sets a list item's lines one per paragraph: the word's rest comes after
        // a blank line.
        if double_spaced(&l.lines, i) {
            l.lines.remove(i + 1);
        }
        let Some((head, tail)) = broken_word(&l.lines[i].text, &l.lines[i + 1].text) else {
            i += 1;
            continue;
        };
        let soft = l.lines[i].text.ends_with('\u{ad}');
        let keep = !soft && evidence.is_compound(&head, &tail);
        if keep {
            l.inferred.hyphens_kept += 1;
        } else {
            l.inferred.hyphens_joined += 1;
        }
        join(&mut l.lines, i, keep);
        i += 1;
    }
}

/// Line `i` ends in a broken word whose rest opens the line after a blank one.
fn double_spaced(lines: &[Line], i: usize) -> bool {
    lines[i + 1].is_blank()
        && (lines.get(i + 2)).is_some_and(|next| broken_word(&lines[i].text, &next.text).is_some())
}

/// Soft hyphens mark where a word may break: mid-line (or before the space an extractor put
/// where the line ended) they are dropped; one ending a line is left for [`run`] to join.
fn remove_soft_hyphens(lines: &mut [Line]) {
    for line in lines.iter_mut().filter(|l| l.text.contains('\u{ad}')) {
        let text = line.text.trim_end().replace("\u{ad} ", "");
        let at_end = text.ends_with('\u{ad}');
        line.text = text.replace('\u{ad}', "");
        if at_end {
            line.text.push('\u{ad}');
        }
    }
}

/// Conjunctions after which a hyphen suspends a compound (`Wohnungs- und`, `short- and`).
const SUSPENDING: &[&str] = &[
    "and", "or", "to", "und", "oder", "bis", "sowie", "et", "ou", "y", "o", "e",
];

/// `(head, tail)` when `line` ends with a word and a hyphen and `next` starts with the rest:
/// both parts letters, the rest starting in lower case.
fn broken_word(line: &str, next: &str) -> Option<(String, String)> {
    let line = line.trim_end();
    let stem = line.strip_suffix(['-', '\u{2010}', '\u{ad}'])?;
    let head: String = stem
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    // `- ` on its own, or a dash after a space ("cut -"), is not a broken word.
    if head.is_empty() {
        return None;
    }
    let tail: String = next
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect();
    let first = tail.chars().next()?;
    // `Wohnungs- und Energiepolitik`, `pre- and post-war`: a suspended compound, not a break.
    if SUSPENDING.contains(&tail.as_str()) {
        return None;
    }
    first.is_lowercase().then_some((head, tail))
}

/// Joins the broken word onto line `i` (with or without its hyphen), taking it off line
/// `i + 1`; a next line holding nothing else is merged whole (a blank line left there would
/// end the paragraph).
fn join(lines: &mut Vec<Line>, i: usize, keep_hyphen: bool) {
    let next = lines[i + 1].text.trim_start().to_string();
    let cut = next.find(char::is_whitespace).unwrap_or(next.len());
    let (word, rest) = next.split_at(cut);
    let line = &mut lines[i].text;
    let trimmed = line.trim_end().len();
    line.truncate(trimmed);
    if !keep_hyphen {
        line.pop();
    }
    line.push_str(word);
    if rest.trim().is_empty() {
        lines.remove(i + 1);
    } else {
        lines[i + 1].text = rest.trim_start().to_string();
    }
}

/// What the brief writes elsewhere, and its language.
struct Evidence {
    /// How often each word (lower case) stands in the brief, compounds whole.
    words: HashMap<String, usize>,
    /// How the brief writes the compounds that share a first or last part with another word:
    /// see [`Family`].
    heads: HashMap<String, Family>,
    tails: HashMap<String, Family>,
    lang: Option<hypher::Lang>,
}

/// Compounds of the brief that start (or end) with one part, counted by how they are written:
/// `non-return` is a hyphenated one of `non`; `upstream` (`up` and `stream` being words of the
/// brief) a closed one of `stream`.
#[derive(Default, Clone, Copy)]
struct Family {
    hyphenated: usize,
    closed: usize,
}

/// The shortest part a closed compound is split into: `up` in `upstream`.
const MIN_PART: usize = 2;
/// The shortest broken half whose family counts: shorter ones (`-er`, `-ed`) are endings.
const MIN_FAMILY_HALF: usize = 3;

impl Evidence {
    fn of(lines: &[Line], lang: Option<&str>) -> Self {
        let mut words = HashMap::new();
        for l in lines {
            for w in l.text.split(|c: char| !(c.is_alphabetic() || c == '-')) {
                let w = w.trim_matches('-');
                if !w.is_empty() {
                    *words.entry(w.to_lowercase()).or_insert(0) += 1;
                }
            }
        }
        let lang = lang.and_then(|tag| {
            let b = tag.as_bytes();
            (b.len() >= 2)
                .then(|| hypher::Lang::from_iso([b[0], b[1]]))
                .flatten()
        });
        let (heads, tails) = families(&words);
        Evidence {
            words,
            heads,
            tails,
            lang,
        }
    }

    /// What the brief's compounds sharing the broken word's first or last part say: `Some(true)`
    /// when they are hyphenated and none closed, `Some(false)` the other way round.
    fn family_says_compound(&self, head: &str, tail: &str) -> Option<bool> {
        let none = Family::default();
        let long = |w: &str| w.chars().count() >= MIN_FAMILY_HALF;
        let h = if long(head) {
            self.heads.get(head)
        } else {
            None
        };
        let t = if long(tail) {
            self.tails.get(tail)
        } else {
            None
        };
        let (h, t) = (h.unwrap_or(&none), t.unwrap_or(&none));
        let hyphenated = h.hyphenated + t.hyphenated;
        let closed = h.closed + t.closed;
        match (hyphenated > 0, closed > 0) {
            (true, false) => Some(true),
            (false, true) => Some(false),
            _ => None,
        }
    }

    /// Is `head-tail` a compound the author wrote, rather than one word hyphenated?
    fn is_compound(&self, head: &str, tail: &str) -> bool {
        let (h, t) = (head.to_lowercase(), tail.to_lowercase());
        let count = |w: &str| self.words.get(w).copied().unwrap_or(0);
        if count(&format!("{h}-{t}")) > 0 {
            return true;
        }
        if count(&format!("{h}{t}")) > 0 {
            return false;
        }
        if let Some(lang) = self.lang
            && !pattern_breaks_at(&format!("{h}{t}"), h.chars().count(), lang)
        {
            return true;
        }
        if let Some(compound) = self.family_says_compound(&h, &t) {
            return compound;
        }
        // The broken halves themselves count once each: the words must stand elsewhere too.
        h.chars().count() >= 3 && t.chars().count() >= 3 && count(&h) >= 2 && count(&t) >= 2
    }
}

/// The families of the brief's compounds, by first part and by last part. A hyphenated word
/// counts for its first and last parts; a closed word for every split into two words the
/// brief also uses on their own (`upstream`: `up` and `stream`).
fn families(words: &HashMap<String, usize>) -> (HashMap<String, Family>, HashMap<String, Family>) {
    let mut heads: HashMap<String, Family> = HashMap::new();
    let mut tails: HashMap<String, Family> = HashMap::new();
    for word in words.keys() {
        if let Some((first, _)) = word.split_once('-') {
            let last = word.rsplit('-').next().unwrap_or_default();
            heads.entry(first.to_string()).or_default().hyphenated += 1;
            tails.entry(last.to_string()).or_default().hyphenated += 1;
            continue;
        }
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        for (at, _) in chars
            .iter()
            .skip(MIN_PART)
            .take(chars.len().saturating_sub(2 * MIN_PART) + 1)
        {
            let (first, last) = word.split_at(*at);
            if words.contains_key(first) && words.contains_key(last) {
                heads.entry(first.to_string()).or_default().closed += 1;
                tails.entry(last.to_string()).or_default().closed += 1;
            }
        }
    }
    (heads, tails)
}

/// Would the language's hyphenation patterns break `word` after `at` characters?
fn pattern_breaks_at(word: &str, at: usize, lang: hypher::Lang) -> bool {
    let mut chars = 0;
    for syllable in hypher::hyphenate_bounded(word, lang, 1, 1) {
        chars += syllable.chars().count();
        if chars == at {
            return true;
        }
        if chars > at {
            return false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(text: &str, lang: Option<&'static str>) -> String {
        let mut l = Lines::new(text, lang);
        run(&mut l);
        l.text()
    }

    #[test]
    fn hyphenation_is_removed_and_compounds_kept() {
        assert_eq!(
            joined("rooms must be ven-\ntilated at night", Some("en")),
            "rooms must be ventilated\nat night"
        );
        // The brief writes the compound whole elsewhere.
        assert_eq!(
            joined("a long-\nterm plan and a long-term view", Some("en")),
            "a long-term\nplan and a long-term view"
        );
        // Both halves are words of the brief, and the patterns may break there: a compound.
        assert_eq!(
            joined("low-\nincome homes; low wages and income", Some("en")),
            "low-income\nhomes; low wages and income"
        );
        // A suspended compound keeps its hyphen and its space.
        assert_eq!(
            joined("Institut für Wohnungs-\nund Energiepolitik", Some("de")),
            "Institut für Wohnungs-\nund Energiepolitik"
        );
        // A capital after the hyphen is not a continued word.
        assert_eq!(joined("Franco-\nGerman", Some("en")), "Franco-\nGerman");
    }

    #[test]
    fn the_family_of_compounds_decides_where_the_word_is_not_written_elsewhere() {
        // `down` and `stream` are words of the brief, but its other -stream compound is closed.
        assert_eq!(
            joined(
                "peaks down-\nstream; hold it upstream, up and down the valley. A funding stream.",
                Some("en")
            ),
            "peaks downstream;\nhold it upstream, up and down the valley. A funding stream."
        );
        // Its other non- compound is hyphenated.
        assert_eq!(
            joined("a non-\npartisan body; non-return valves", Some("en")),
            "a non-partisan\nbody; non-return valves"
        );
        // Families that disagree decide nothing.
        let both = "policy-makers and lawmakers make law; decision-\nmakers";
        let ev = Evidence::of(&Lines::new(both, Some("en")).lines, Some("en"));
        assert_eq!(ev.family_says_compound("decision", "makers"), None);
    }

    #[test]
    fn a_word_broken_across_a_blank_line_is_joined() {
        // markitdown's list items, one line per paragraph.
        assert_eq!(
            joined("- printed timeta-\n\nbles still available", Some("en")),
            "- printed timetables\nstill available"
        );
        // A capital after the blank line starts something else.
        assert_eq!(
            joined("ends with a dash-\n\nNew paragraph", Some("en")),
            "ends with a dash-\n\nNew paragraph"
        );
    }

    #[test]
    fn soft_hyphens_always_join() {
        assert_eq!(
            joined("indepen\u{ad}\ndent oversight", Some("en")),
            "independent\noversight"
        );
        assert_eq!(
            joined("indepen\u{ad} dent oversight", None),
            "independent oversight"
        );
    }

    #[test]
    fn a_line_of_one_word_is_merged_whole() {
        let mut l = Lines::new("the ven-\ntilated\nroom", Some("en"));
        run(&mut l);
        assert_eq!(l.text(), "the ventilated\nroom");
        assert_eq!(l.origins(), [1, 3]);
    }

    #[test]
    fn patterns_decide_where_the_brief_says_nothing() {
        assert!(pattern_breaks_at("ventilated", 3, hypher::Lang::English));
        assert!(!pattern_breaks_at("ventilated", 2, hypher::Lang::English));
    }
}
