//! Paragraphs from hard-wrapped lines. Extractors end a paragraph with a blank line only
//! where the page had space between paragraphs; where it had none (an indent, or nothing),
//! the paragraph's end is a line that stops short of the measure after a sentence, and the
//! next line starts a new sentence. The measure is the text's own (a high percentile of its
//! line lengths), not a fixed width. And where an extractor set every line apart (double
//! spacing), a full line that stops mid-sentence goes on in the next one.

use super::{Line, Lines, ends_sentence};

/// A line shorter than this share of the measure stopped before the margin.
const SHORT: f64 = 0.82;
/// A line at least this share of the measure reached the margin.
const FULL: f64 = 0.9;

/// The typical full line length: the 90th percentile of the lengths (in characters) of lines
/// that another line follows, which are a paragraph's inner lines more often than not.
pub fn measure(lines: &[Line]) -> usize {
    let length = |l: &Line| l.text.trim().chars().count();
    let mut lengths: Vec<usize> = lines
        .windows(2)
        .filter(|w| !w[0].is_blank() && !w[1].is_blank())
        .map(|w| length(&w[0]))
        .filter(|&n| n >= 20)
        .collect();
    // Double-spaced text has no runs of lines: every line counts then.
    if lengths.len() < 5 {
        lengths = lines.iter().map(length).filter(|&n| n >= 20).collect();
    }
    if lengths.is_empty() {
        return 80;
    }
    lengths.sort_unstable();
    lengths[(lengths.len() * 9 / 10).min(lengths.len() - 1)]
}

pub fn run(l: &mut Lines) {
    let measure = l.measure as f64;
    let short = |t: &str| (t.trim().chars().count() as f64) < SHORT * measure;
    let full = |t: &str| (t.trim().chars().count() as f64) >= FULL * measure;
    let mut out: Vec<Line> = Vec::with_capacity(l.lines.len());
    let mut i = 0;
    while i < l.lines.len() {
        let line = l.lines[i].clone();
        // Double spacing: a full line stopped mid-sentence, a blank, then a lower-case start.
        // A list item's first line stops short of the margin by its number (markitdown sets
        // an item's hanging lines apart from its first).
        // Where an item's line reached near the margin and ends in a lower-case word, the
        // next may open with a capital (a German noun: `die den` / `Förderantrag…`).
        let item_runs_on = is_item(&line.text)
            && !short(&line.text)
            && line.text.trim_end().ends_with(char::is_lowercase);
        if (full(&line.text) || is_item(&line.text))
            && !ends_sentence(&line.text)
            && l.lines.get(i + 1).is_some_and(Line::is_blank)
            && l.lines.get(i + 2).is_some_and(|n| {
                starts_lower(&n.text) || item_runs_on && !n.is_break() && !is_item(&n.text)
            })
        {
            out.push(line);
            l.inferred.lines_joined += 1;
            i += 2;
            continue;
        }
        let next = l.lines.get(i + 1);
        let ends_here = !line.is_blank()
            && !line.is_break()
            && short(&line.text)
            && ends_sentence(&line.text)
            && next.is_some_and(|n| !n.is_blank() && !n.is_break() && starts_new(&n.text));
        out.push(line);
        if ends_here {
            let src = out.last().map_or(0, |l| l.src);
            out.push(Line::new("", src));
            l.inferred.paragraphs_split += 1;
        }
        i += 1;
    }
    l.lines = out;
}

/// Could this line start a paragraph: a capital, a digit, an opening quote or bracket?
fn starts_new(t: &str) -> bool {
    let t = t.trim_start().trim_start_matches('\\');
    t.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"“‘'(«¿¡".contains(c))
}

/// A list item's first line as the escape pass writes it: `- Text`, `3. Text`.
fn is_item(t: &str) -> bool {
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    t.starts_with("- ") || digits > 0 && t[digits..].starts_with(". ")
}

fn starts_lower(t: &str) -> bool {
    t.trim_start()
        .chars()
        .next()
        .is_some_and(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> String {
        let mut l = Lines::new(text, None);
        run(&mut l);
        l.text()
    }

    const FULL_LINE: &str = "Governments everywhere are digitising their services. Some build";

    #[test]
    fn a_short_line_after_a_sentence_ends_the_paragraph() {
        let text = format!(
            "{FULL_LINE}\neach service on its own systems and others build\nfew.\nA new paragraph starts {FULL_LINE}\nhere."
        );
        let got = split(&text);
        assert_eq!(got.matches("\n\n").count(), 1, "{got}");
        assert!(got.contains("few.\n\nA new paragraph"), "{got}");
    }

    #[test]
    fn a_full_line_or_a_lower_case_start_goes_on() {
        let text = format!("{FULL_LINE}\n{FULL_LINE}.\nthen more.\nand {FULL_LINE}");
        assert!(!split(&text).contains("\n\n"));
    }

    #[test]
    fn a_list_items_lines_set_apart_are_joined() {
        let text = "1. Add a multiplier to the rules, so that a\n\nscheme scores higher.\n\n2. Replace the value.";
        assert_eq!(
            split(text),
            "1. Add a multiplier to the rules, so that a\nscheme scores higher.\n\n2. Replace the value."
        );
    }

    #[test]
    fn a_long_item_line_ending_in_a_small_word_goes_on_after_a_capital() {
        let text = format!(
            "{FULL_LINE}\n{FULL_LINE}\n3. Für Kleinvermieter wird eine kostenlose Erstberatung, die den\n\nFörderantrag einschließt.\n\n- Core routes\n\nThe costs follow."
        );
        let got = split(&text);
        assert!(got.contains("die den\nFörderantrag"), "{got}");
        assert!(got.contains("- Core routes\n\nThe costs"), "{got}");
    }

    #[test]
    fn double_spaced_lines_are_joined() {
        let text = format!("{FULL_LINE}\n\nwhich goes on.\n\nA new one.");
        assert_eq!(
            split(&text),
            format!("{FULL_LINE}\nwhich goes on.\n\nA new one.")
        );
    }

    #[test]
    fn the_measure_is_a_high_percentile() {
        let l = Lines::new(
            &format!("{FULL_LINE}\n{FULL_LINE}\nshort line here ok.\nx"),
            None,
        );
        assert_eq!(l.measure, FULL_LINE.chars().count());
    }
}
