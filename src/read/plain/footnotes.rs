//! Notes in plain text: the definitions at a page's foot (`1 Text`, one after another, each
//! number the next) or under a notes heading, and their markers in the body, which plain
//! text writes as digits glued to a word or a stop (`home.1`, `goods1,`). A foot run counts
//! only when its numbers run on and the page's body cites its first one; a glued number
//! counts only when a note with that number exists and it comes next in the sequence. Both
//! are rewritten in the superscript shape the notes recogniser reads (`¹ Text`, `home.¹`).

use super::{Line, Lines};
use crate::read::extracted::notes::is_notes_heading;

pub fn run(l: &mut Lines) {
    let mut page_start = 0;
    let mut i = 0;
    while i <= l.lines.len() {
        let end_of_page = i == l.lines.len() || l.lines[i].is_break();
        if end_of_page {
            let inserted = page_foot(l, page_start, i);
            i += inserted;
            page_start = i + 1;
        }
        i += 1;
    }
    end_section(l);
}

/// The notes at the foot of the page `[start, end)`; returns how many lines were inserted.
fn page_foot(l: &mut Lines, start: usize, end: usize) -> usize {
    let Some(first) = foot_run(&l.lines[start..end]).map(|s| start + s) else {
        return 0;
    };
    let numbers: Vec<u32> = (first..end)
        .filter_map(|k| note_start(&l.lines[k].text).map(|(n, _)| n))
        .collect();
    let linked = link_markers(&mut l.lines[start..first], &numbers);
    if linked == 0 {
        return 0;
    }
    l.inferred.markers += linked;
    l.inferred.notes += numbers.len();
    definitions(l, first, end)
}

/// Where the run of note definitions ending the page starts: the first line starting with a
/// number after which every block is a note (each starting with the next number, its text
/// running on without a blank line) up to the page's end. The body must come first.
fn foot_run(page: &[Line]) -> Option<usize> {
    'candidates: for s in 1..page.len() {
        let Some((mut expected, _)) = note_start(&page[s].text) else {
            continue;
        };
        for k in s + 1..page.len() {
            let line = &page[k];
            if line.text.starts_with('#') {
                continue 'candidates;
            }
            match note_start(&line.text) {
                Some((n, _)) if n == expected + 1 => expected = n,
                // A number out of sequence at a line's start: not this run.
                Some(_) if page[k - 1].is_blank() || n_like_note(&line.text) => {
                    continue 'candidates;
                }
                _ if line.is_blank() => {}
                // A block that is not a note: what came before was the body.
                _ if page[k - 1].is_blank() => continue 'candidates,
                _ => {}
            }
        }
        return Some(s);
    }
    None
}

/// A numbered line set like a note (a short number, then a capitalised word).
fn n_like_note(t: &str) -> bool {
    note_start(t).is_some_and(|(_, rest)| rest.chars().next().is_some_and(char::is_uppercase))
}

/// `12 Text` (a number, a space, text starting with a letter, quote or bracket): the number
/// and the text.
fn note_start(t: &str) -> Option<(u32, &str)> {
    let t = t.trim_start();
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let rest = t[digits..].strip_prefix(' ')?.trim_start();
    let c = rest.chars().find(|c| *c != '\\')?;
    let n: u32 = t[..digits].parse().ok()?;
    (n > 0 && (c.is_alphabetic() || "\"“‘'(«".contains(c))).then_some((n, rest))
}

/// Rewrites the definitions from line `first` to `end` as `¹ Text` paragraphs; returns the
/// number of blank lines inserted between them.
fn definitions(l: &mut Lines, first: usize, end: usize) -> usize {
    let mut inserted = 0;
    let mut k = first;
    let mut end = end;
    while k < end {
        if let Some((n, rest)) = note_start(&l.lines[k].text) {
            l.lines[k].text = format!("{} {rest}", superscript(n));
            if k > 0 && !l.lines[k - 1].is_blank() {
                let src = l.lines[k].src;
                l.lines.insert(k, Line::new("", src));
                inserted += 1;
                end += 1;
                k += 1;
            }
        }
        k += 1;
    }
    inserted
}

/// Glued numbers in `body` that are the notes' markers, in order: each must be the next of
/// `numbers`. Returns how many were rewritten.
fn link_markers(body: &mut [Line], numbers: &[u32]) -> usize {
    let mut next = 0;
    for line in body.iter_mut() {
        if next == numbers.len() {
            break;
        }
        let mut out = String::with_capacity(line.text.len());
        let text = std::mem::take(&mut line.text);
        let mut rest = text.as_str();
        while let Some((before, n, after)) = glued_number(rest) {
            out.push_str(before);
            if numbers.get(next) == Some(&n) {
                out.push_str(&superscript(n));
                next += 1;
            } else {
                out.push_str(&n.to_string());
            }
            rest = after;
        }
        out.push_str(rest);
        line.text = out;
    }
    next
}

/// The first number glued to a lower-case letter or a closing stop, quote or bracket, and
/// followed by a space, punctuation or the line's end: the text before it, the number and
/// the text after it. `CO2`, `G20`, `COVID-19`, `2,000` and `p. 4` are not markers.
fn glued_number(text: &str) -> Option<(&str, u32, &str)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += text[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let before = text[..start].chars().next_back();
        let after = text[i..].chars().next();
        let glued = before.is_some_and(|c| {
            c.is_lowercase() || matches!(c, '.' | ',' | ';' | ':' | ')' | '’' | '”' | '"' | '\'')
        });
        // `2,000`, `1.5`: a digit before the stop means a number, not a marker.
        let number_before = text[..start]
            .chars()
            .rev()
            .nth(1)
            .is_some_and(|c| c.is_ascii_digit());
        let ends =
            after.is_none_or(|c| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':' | ')'));
        if glued && ends && !number_before && i - start <= 3 {
            let n = text[start..i].parse().ok()?;
            return Some((&text[..start], n, &text[i..]));
        }
    }
    None
}

/// An end section of notes: the numbered lines under a notes heading become definitions, and
/// the body's glued numbers their markers.
fn end_section(l: &mut Lines) {
    let Some(h) = l.lines.iter().position(|line| {
        let t = line.text.trim_start_matches('#');
        line.text.starts_with('#') && is_notes_heading(t.trim())
    }) else {
        return;
    };
    let end = (h + 1..l.lines.len())
        .find(|&k| l.lines[k].text.starts_with('#'))
        .unwrap_or(l.lines.len());
    let numbers: Vec<u32> = (h + 1..end)
        .filter_map(|k| note_start(&l.lines[k].text).map(|(n, _)| n))
        .collect();
    if numbers.first() != Some(&1) || numbers.windows(2).any(|w| w[1] != w[0] + 1) {
        return;
    }
    l.inferred.markers += link_markers(&mut l.lines[..h], &numbers);
    l.inferred.notes += numbers.len();
    definitions(l, h + 1, end);
}

fn superscript(n: u32) -> String {
    n.to_string()
        .chars()
        .map(|c| match c {
            '1' => '¹',
            '2' => '²',
            '3' => '³',
            d => char::from_u32(0x2070 + d.to_digit(10).unwrap_or(0)).unwrap_or(d),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notes(text: &str) -> String {
        let mut l = Lines::new(text, None);
        run(&mut l);
        l.text()
    }

    #[test]
    fn a_page_foot_run_and_its_glued_markers() {
        let page = "Deaths were attributed to the\nheat.1 Older people were at risk.\nFew trees.2\n1 Estimates from a study.\n2 This is known as the\nheat island effect.\n***\nNext page.";
        assert_eq!(
            notes(page),
            "Deaths were attributed to the\nheat.¹ Older people were at risk.\nFew trees.²\n\n¹ Estimates from a study.\n\n² This is known as the\nheat island effect.\n***\nNext page."
        );
    }

    #[test]
    fn numbers_that_are_not_markers_stay() {
        assert_eq!(glued_number("CO2 and G20"), None);
        assert_eq!(glued_number("in 2,000 homes"), None);
        assert_eq!(glued_number("COVID-19 cases"), None);
        assert_eq!(glued_number("see p. 4"), None);
        assert_eq!(glued_number("goods1, and"), Some(("goods", 1, ", and")));
        // A foot run whose first number the body never cites is left as text.
        let page = "The rate was 3 per cent.\n3 Other text.";
        assert_eq!(notes(page), page);
        // Numbers out of sequence are not a run.
        let page = "Text.1\n1 One.\n3 Three.";
        assert_eq!(notes(page), "Text.1\n1 One.\n3 Three.");
    }

    #[test]
    fn an_end_section_of_numbered_notes() {
        let text = "Body cites this.1 And that.2\n\n## Notes\n\n1 First source.\n2 Second source.";
        assert_eq!(
            notes(text),
            "Body cites this.¹ And that.²\n\n## Notes\n\n¹ First source.\n\n² Second source."
        );
    }
}
