//! Notes whose definitions start with a bare number: `1 Text` at a page's foot (pdftotext,
//! markitdown), `1. Text` in an end list (a browser's print of pandoc's HTML), the number on a
//! line of its own above the text (LibreOffice's PDFs), `> 1 Text` and `- 1 Text`
//! (pymupdf4llm). A number at a line's start is common in prose, so a definition is taken
//! only as part of the chain 1, 2, 3… in reading order (starting again at 1 on a later page
//! where a brief numbers per page), and only when its marker stands before it, after the
//! previous note's marker: glued digits (`home.1`, `goods1,`), `<sup>1</sup>`, `[1]` or `¹`.
//! Accepted definitions and glued markers are rewritten in the superscript shape the notes
//! recogniser reads (`¹ Text`, `home.¹`).

use super::{Line, Lines};

/// Which definition shapes a source may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shapes {
    /// Plain text: `1 Text`, `1. Text`, and a number alone above its text.
    Plain,
    /// Markdown an extractor wrote: `1 Text`, `> 1 Text`, `- 1 Text`.
    Markdown,
}

pub fn run(l: &mut Lines) {
    link(l, Shapes::Plain);
}

/// Markdown extractions: only where no definition is marked up already (`[^1]:`,
/// `<sup>1</sup> Text`, `¹ Text`, `[1] Text`), which the notes recogniser reads as it is.
pub fn run_markdown(l: &mut Lines) {
    let marked = l.lines.iter().any(|line| {
        let t = line.text.trim_start();
        t.starts_with("[^")
            || t.starts_with("<sup>")
            || t.starts_with("$^")
            || t.starts_with('^')
            || t.starts_with('[') && t[1..].starts_with(|c: char| c.is_ascii_digit())
            || t.starts_with(crate::read::extracted::markers::superscript_digit)
    });
    if !marked {
        link(l, Shapes::Markdown);
    }
}

/// Finds, links and rewrites the notes; see the module doc.
pub fn link(l: &mut Lines, shapes: Shapes) {
    split_run_together(&mut l.lines, shapes);
    let mut candidates = candidates(&l.lines, shapes);
    if candidates.is_empty() {
        return;
    }
    // A brief's notes share one shape: where some end with a back-link (an end list printed
    // from HTML), a numbered list without one is a list. (Markdown extractions may quote
    // page-foot notes beside such a list.)
    if shapes == Shapes::Plain
        && candidates
            .iter()
            .any(|c| has_back_link(&l.lines, c.text_line))
    {
        candidates.retain(|c| has_back_link(&l.lines, c.text_line));
    }
    lost_back_links(&l.lines, &mut candidates);
    // Every candidate's lines, the rarer shape's too, may go on a note (`15 (2024): 112–128.`).
    let starts = candidate_lines(&candidates);
    keep_the_common_shape(&l.lines, &mut candidates, &starts);
    let (notes, markers) = chain(&l.lines, &candidates, &starts);
    l.inferred.notes += notes.len();
    l.inferred.markers += markers.len();
    for m in markers.iter().rev() {
        let text = &mut l.lines[m.line].text;
        match m.moved_to {
            Some(at) => {
                text.insert_str(at, &superscript(m.n));
                text.replace_range(m.start..m.end, "");
            }
            None => text.replace_range(m.start..m.end, &superscript(m.n)),
        }
    }
    for c in notes.iter().rev() {
        rewrite_definition(&mut l.lines, c);
    }
}

/// An end list's item whose back-link the extraction lost or split off (pymupdf4llm writes
/// `- <u>↩</u>` and then `- 4. Data were…`): between the back-linked notes 3 and 6, lines
/// `4. Text` and `5. Text` (bulleted or not), in that order, are notes 4 and 5.
fn lost_back_links(lines: &[Line], candidates: &mut Vec<Candidate>) {
    let linked: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| has_back_link(lines, c.text_line))
        .collect();
    let mut found = Vec::new();
    for pair in linked.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let mut from = a.text_line + 1;
        for n in a.n + 1..b.n.min(a.n + 4) {
            let Some(c) = (from..b.line).find_map(|k| numbered_item(lines, k, n, a.page)) else {
                break;
            };
            from = c.line + 1;
            found.push(c);
        }
    }
    if !found.is_empty() {
        candidates.extend(found);
        candidates.sort_by_key(|c| c.line.min(c.text_line));
        candidates.dedup_by_key(|c| c.line);
    }
}

/// Line `k` as item `n` of an end list: `n. Text`, `- n. Text`.
fn numbered_item(lines: &[Line], k: usize, n: u32, page: usize) -> Option<Candidate> {
    let t = &lines[k].text;
    let bullet = ["- ", "* "]
        .iter()
        .find(|p| t.starts_with(**p))
        .map_or(0, |p| p.len());
    let (number, text_at) = note_start(&t[bullet..], Shapes::Plain)?;
    (number == n).then_some(Candidate {
        line: k,
        n,
        text_line: k,
        text_at: bullet + text_at,
        page,
        dotted: Some(true),
    })
}

/// A brief numbers its notes one way: where `1. Text` and `1 Text` both stand where notes
/// stand (nothing but notes after them on their page), the rarer shape is a numbered list in
/// the body (`7. Extend inspections…` just above the page's `7 The comparison…`). Numbers
/// alone on their lines are a third shape, left alone.
fn keep_the_common_shape(
    lines: &[Line],
    candidates: &mut Vec<Candidate>,
    starts: &std::collections::HashSet<usize>,
) {
    let count = |shape| {
        candidates
            .iter()
            .filter(|c| c.dotted == Some(shape) && ends_its_page(lines, c, starts))
            .count()
    };
    let (dotted, bare) = (count(true), count(false));
    if dotted > 0 && bare > 0 && dotted != bare {
        let rare = dotted < bare;
        candidates.retain(|c| c.dotted != Some(rare));
    }
}

fn candidate_lines(candidates: &[Candidate]) -> std::collections::HashSet<usize> {
    candidates
        .iter()
        .flat_map(|c| [c.line, c.text_line])
        .collect()
}

/// Two notes read as one line (pymupdf4llm on LibreOffice's PDFs: `> 9 Bredon… (2023).
/// 10 Figures adapted…`): a line that opens note `n` and holds `. n+1 Capital` is cut there,
/// each note a block of its own. The chain still decides whether either is a note.
fn split_run_together(lines: &mut Vec<Line>, shapes: Shapes) {
    let mut k = 0;
    while k < lines.len() {
        let cut = note_start(&lines[k].text, shapes)
            .and_then(|(n, text_at)| next_note_inside(&lines[k].text, text_at, n + 1));
        if let Some(at) = cut {
            let rest = lines[k].text.split_off(at);
            let src = lines[k].src;
            let kept = lines[k].text.trim_end().len();
            lines[k].text.truncate(kept);
            lines.insert(k + 1, Line::new("", src));
            lines.insert(k + 2, Line::new(rest.trim_start(), src));
            k += 2;
            continue;
        }
        k += 1;
    }
}

/// Where `. n Capital` puts note `n`'s number in `text` after byte `from`.
fn next_note_inside(text: &str, from: usize, n: u32) -> Option<usize> {
    let needle = format!(". {n} ");
    text[from..].match_indices(&needle).find_map(|(i, _)| {
        let number = from + i + 2;
        let after = &text[number + needle.len() - 2..];
        after
            .trim_start_matches(['*', '_'])
            .starts_with(char::is_uppercase)
            .then_some(number)
    })
}

/// A line that may open a note definition.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Candidate {
    /// The line holding the number.
    line: usize,
    n: u32,
    /// The line holding the text (the number's line, or a later one when it stands alone).
    text_line: usize,
    /// Bytes of `text_line` before the note's text (`> 1 `, `1. `).
    text_at: usize,
    page: usize,
    /// The number's shape: `1. Text` (an end list), `1 Text`, or `None` for a number alone on
    /// its line.
    dotted: Option<bool>,
}

fn candidates(lines: &[Line], shapes: Shapes) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut lone = Vec::new();
    let mut page = 0;
    for (i, line) in lines.iter().enumerate() {
        if line.is_break() {
            out.extend(pair_lone_numbers(lines, &mut lone, page));
            page += 1;
            continue;
        }
        if let Some((n, text_at)) = note_start(&line.text, shapes) {
            out.push(Candidate {
                line: i,
                n,
                text_line: i,
                text_at,
                page,
                dotted: Some(line.text[..text_at].trim_end().ends_with('.')),
            });
        } else if shapes == Shapes::Plain
            && let Some(n) = lone_number(&line.text)
        {
            lone.push((i, n));
        }
    }
    out.extend(pair_lone_numbers(lines, &mut lone, page));
    out.sort_by_key(|c| c.line.min(c.text_line));
    out
}

/// A page's numbers that stand alone on their lines, each paired with the note text next to
/// it. LibreOffice's PDFs put the number above its text or, in other layouts, below it
/// (pdftotext orders a raised number by its baseline), both on one page at times:
/// `T 1 T 2 3 T`. Paired from the page's end backwards, a number takes the text below it
/// unless a later number took that text already, else the text above it; so every text goes
/// to one number and the body above the first note stays body.
fn pair_lone_numbers(lines: &[Line], lone: &mut Vec<(usize, u32)>, page: usize) -> Vec<Candidate> {
    let mut taken = std::collections::HashSet::new();
    let mut out = Vec::new();
    for &(i, n) in lone.iter().rev() {
        let below = text_below(lines, i).filter(|j| !taken.contains(j));
        let Some(text_line) = below.or_else(|| text_above(lines, i).filter(|j| !taken.contains(j)))
        else {
            continue;
        };
        taken.insert(text_line);
        out.push(Candidate {
            line: i,
            n,
            text_line,
            text_at: 0,
            page,
            dotted: None,
        });
    }
    lone.clear();
    out
}

/// The first line of note text under a lone number, blank lines between (a folio removed
/// between the number and its text leaves three).
fn text_below(lines: &[Line], i: usize) -> Option<usize> {
    let j = (i + 1..lines.len().min(i + 6)).find(|&j| !lines[j].is_blank())?;
    (!lines[j].is_break()
        && lone_number(&lines[j].text).is_none()
        && starts_note_text(&lines[j].text))
    .then_some(j)
}

/// Where the note text ended by a lone number under it (a blank line between at most) begins. The text may follow
/// the body with no blank line between (a paragraph that goes on over the page): in a block
/// longer than three lines, the note begins after a line that ends a sentence, else at the
/// higher of its last two lines that opens with a capital after a line cut mid-sentence (not
/// higher: citations in Title Case and German nouns open lines with capitals too).
fn text_above(lines: &[Line], i: usize) -> Option<usize> {
    let is_text = |k: usize| {
        let l = &lines[k];
        !l.is_blank() && !l.is_break() && !l.text.starts_with('#') && lone_number(&l.text).is_none()
    };
    // The paragraphs pass may have set the number apart by a blank line.
    let last = [1, 2]
        .into_iter()
        .filter_map(|d| i.checked_sub(d))
        .find(|&k| !lines[k].is_blank())
        .filter(|&k| is_text(k))?;
    let i = last + 1;
    let mut top = last;
    while top > 0 && is_text(top - 1) {
        top -= 1;
    }
    let mut start = top;
    if i - top > 3 {
        let after_stop = (top + 1..i)
            .rev()
            .find(|&k| super::ends_sentence(&lines[k - 1].text));
        let after_cut = || {
            (i - 2..i).find(|&k| {
                let opens = lines[k].text.trim_start().starts_with(char::is_uppercase);
                let cut = lines[k - 1]
                    .text
                    .trim_end()
                    .ends_with(|c: char| c.is_alphanumeric());
                opens && cut
            })
        };
        start = after_stop.or_else(after_cut).unwrap_or(top);
    }
    starts_note_text(&lines[start].text).then_some(start)
}

/// Does the note text at `line` (its paragraph, and blocks that go on with it) end with a
/// back-link arrow (`↩︎`)?
fn has_back_link(lines: &[Line], line: usize) -> bool {
    let ends_with_arrow = |t: &str| {
        t.trim_end()
            .trim_end_matches(['\u{fe0e}', '\u{fe0f}'])
            .ends_with(['↩', '↑'])
    };
    let mut k = line;
    while k < lines.len().min(line + 8) && !lines[k].is_break() {
        if lines[k].is_blank() {
            match (k..lines.len()).find(|&j| !lines[j].is_blank()) {
                Some(j) if continues_note(lines, j) => k = j,
                _ => return false,
            }
        }
        if k > line && note_start(&lines[k].text, Shapes::Plain).is_some() {
            return false;
        }
        if ends_with_arrow(&lines[k].text) {
            return true;
        }
        k += 1;
    }
    false
}

/// `12 Text`, `12. Text` (plain; also `12\. Text` as the escape pass writes it), `> 12 Text`,
/// `- 12 Text` (Markdown): the number and where its text starts.
fn note_start(t: &str, shapes: Shapes) -> Option<(u32, usize)> {
    let mut at = 0;
    if shapes == Shapes::Markdown {
        for prefix in ["> ", "- ", "* "] {
            if t.starts_with(prefix) {
                at = prefix.len();
                break;
            }
        }
    }
    let rest = &t[at..];
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let mut after = &rest[digits..];
    let quoted = at > 0 && t.starts_with('>');
    // A back-link arrow ends a note of an end list: a browser's print of pandoc's HTML.
    let back_link = t
        .trim_end()
        .trim_end_matches(['\u{fe0e}', '\u{fe0f}'])
        .ends_with('↩');
    // `1. Text`: plain text's end lists, a quoted note in Markdown (`> 1. Text`), an end list.
    if shapes == Shapes::Plain || quoted || back_link {
        after = after
            .strip_prefix("\\.")
            .or_else(|| after.strip_prefix('.'))
            .unwrap_or(after);
    }
    // `> 1Department…`, `3National…`: pymupdf4llm and markitdown glue a page-foot note's
    // raised number to its text's capital; in plain text only to a capitalised word (`3D`,
    // `4G` are no notes).
    let word = {
        let mut c = after.chars();
        c.next().is_some_and(char::is_uppercase) && c.next().is_some_and(char::is_lowercase)
    };
    let glued = after.starts_with(char::is_uppercase)
        && (quoted || shapes == Shapes::Markdown && at == 0 || shapes == Shapes::Plain && word);
    let text = if glued {
        after
    } else {
        after.strip_prefix(' ')?.trim_start()
    };
    let n: u32 = rest[..digits].parse().ok()?;
    let text_at = t.len() - text.len();
    (n > 0 && starts_note_text(text)).then_some((n, text_at))
}

/// `3National Travel Survey…`: a number glued to a capital opening the line (pymupdf4llm's
/// raised note number), a mark of a note as plain as a quote.
fn glued_definition(t: &str) -> bool {
    let t = t.strip_prefix("> ").unwrap_or(t);
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    (1..=3).contains(&digits) && t[digits..].starts_with(char::is_uppercase)
}

/// A note's text starts with a letter, an opening quote or bracket or a section sign (German
/// legal citations: `§ 22 SGB II`), not a figure.
pub(super) fn starts_note_text(t: &str) -> bool {
    t.trim_start()
        .chars()
        .find(|c| *c != '\\' && *c != '*' && *c != '_')
        .is_some_and(|c| c.is_alphabetic() || "\"“‘'(«„§".contains(c))
}

/// A line holding nothing but a small number.
pub(super) fn lone_number(t: &str) -> Option<u32> {
    let t = t.trim();
    (!t.is_empty() && t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
        .filter(|&n| n > 0)
}

/// A marker found in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Marker {
    line: usize,
    start: usize,
    end: usize,
    n: u32,
    /// Glued digits, to be rewritten; other forms are read as they are.
    glued: bool,
    /// Where a displaced number belongs (after its sentence's stop), when it is not where
    /// it stands.
    moved_to: Option<usize>,
}

/// The definitions taken, in order, and the glued markers to rewrite.
fn chain(
    lines: &[Line],
    candidates: &[Candidate],
    is_candidate: &std::collections::HashSet<usize>,
) -> (Vec<Candidate>, Vec<Marker>) {
    // Text above its number may be body (a table's figure over a paragraph): markers are
    // looked for in it.
    let definitions: std::collections::HashSet<usize> = candidates
        .iter()
        .flat_map(|c| [c.line, c.text_line.max(c.line)])
        .collect();
    let mut notes: Vec<Candidate> = Vec::new();
    let mut markers = Vec::new();
    let mut cursor = (0usize, 0usize);
    let mut expected = 1;
    let mut gaps: Vec<Gap> = Vec::new();
    for c in candidates {
        // A number the chain skipped, defined later on (pymupdf4llm may set a page's notes
        // out of order: 13, 14, then 12): its marker stands where the gap is.
        if let Some(g) = gaps.iter().position(|g| g.n == c.n)
            && ends_its_page(lines, c, is_candidate)
            && let Some(m) =
                find_marker(lines, gaps[g].from, gaps[g].until.0 + 1, c.n, &definitions)
                    .filter(|m| (m.line, m.start) < gaps[g].until)
        {
            gaps.remove(g);
            if m.glued {
                markers.push(m);
            }
            notes.push(c.clone());
            continue;
        }
        let restart =
            c.n == 1 && expected > 1 && notes.last().is_some_and(|last| c.page > last.page);
        // A note whose marker the extraction lost must not stop the chain: the next one or
        // two numbers are taken too, each with its own marker.
        if !(expected..=expected + 2).contains(&c.n) && !restart {
            continue;
        }
        // A quoted definition (`> 1Text`, pymupdf4llm's page-foot note) is marked as one: in
        // a two-column page it stands at its column's foot, with the next column after it.
        let quoted =
            lines[c.text_line].text.starts_with("> ") || glued_definition(&lines[c.text_line].text);
        if !quoted && !ends_its_page(lines, c, is_candidate) {
            continue;
        }
        // The marker of a page-numbered note stands on its own page.
        let from = if restart {
            page_start(lines, c.line).max(cursor.0)
        } else {
            cursor.0
        };
        let start = if from == cursor.0 { cursor } else { (from, 0) };
        let until = c.line.min(c.text_line);
        // A marker in markup (`<sup>2</sup>`, `[2]`, `²`) is one wherever it stands: a
        // two-column page read column by column may cite note 2 before note 1.
        let markup_anywhere =
            || find_marker(lines, (0, 0), until, c.n, &definitions).filter(|m| !m.glued && quoted);
        let Some(m) = find_marker(lines, start, until, c.n, &definitions)
            .or_else(|| find_displaced_marker(lines, start, until, c.n, &definitions))
            .or_else(markup_anywhere)
        else {
            continue;
        };
        let m_before_cursor = (m.line, m.end) < cursor;
        if !restart {
            gaps.extend((expected..c.n).map(|n| Gap {
                n,
                from: start,
                until: (m.line, m.start),
            }));
        }
        if !m_before_cursor {
            cursor = (m.line, m.end);
        }
        if m.glued {
            markers.push(m);
        }
        notes.push(c.clone());
        expected = c.n + 1;
    }
    // Rewritten from the end backwards, so in the order of the lines.
    notes.sort_by_key(|c| c.line.min(c.text_line));
    markers.sort_by_key(|m| (m.line, m.start));
    (notes, markers)
}

/// A number the chain went past: the marker of note `n`, if it is defined later, stands
/// between `from` and `until` (the marker of the note after it).
struct Gap {
    n: u32,
    from: (usize, usize),
    until: (usize, usize),
}

/// Notes stand at the end of their page (or of the text): after a definition, up to the next
/// page break, every block must open with another definition — a numbered list in the body,
/// with prose after it, is a list.
fn ends_its_page(lines: &[Line], c: &Candidate, starts: &std::collections::HashSet<usize>) -> bool {
    let mut k = c.text_line.max(c.line) + 1;
    while k < lines.len() && !lines[k].is_break() {
        let opens_block = !lines[k].is_blank() && lines[k - 1].is_blank();
        if lines[k].text.starts_with('#')
            || opens_block && !starts.contains(&k) && !continues_note(lines, k)
        {
            return false;
        }
        k += 1;
    }
    true
}

/// Does the block at line `k` go on with the note above it, set apart by a blank line
/// (markitdown sets one between lines of a note)? The note's last line must not end a
/// sentence, and the block is short.
fn continues_note(lines: &[Line], k: usize) -> bool {
    let Some(prev) = (0..k).rev().find(|&j| !lines[j].is_blank()) else {
        return false;
    };
    let len = lines[k..]
        .iter()
        .take_while(|l| !l.is_blank() && !l.is_break())
        .count();
    // A note does not end with a colon: a cited title's subtitle follows it.
    let ends_note = |t: &str| super::ends_sentence(t) && !t.trim_end().ends_with([':', ';']);
    !lines[prev].is_break()
        && !ends_note(&lines[prev].text)
        && lone_number(&lines[prev].text).is_none()
        && lone_number(&lines[k].text).is_none()
        && note_start(&lines[k].text, Shapes::Plain).is_none()
        && len <= 3
}

fn page_start(lines: &[Line], line: usize) -> usize {
    (0..line)
        .rev()
        .find(|&k| lines[k].is_break())
        .map_or(0, |k| k + 1)
}

/// The first marker of note `n` from `(line, byte)` up to line `end`, skipping definitions.
fn find_marker(
    lines: &[Line],
    from: (usize, usize),
    end: usize,
    n: u32,
    skip: &std::collections::HashSet<usize>,
) -> Option<Marker> {
    scan_lines(lines, from, end, n, skip, |text, at| {
        marker_in(text, at, n).map(|(start, stop, glued)| (start, stop, glued, None))
    })
}

/// pymupdf4llm reads a raised number at a line's start with the line above: `its own 4
/// arrangements.` for `its own` / `arrangements.⁴`. Only where no marker of note `n` stands
/// in its place: a number set apart between two words, with its sentence ending a few words
/// on (no figure between); the marker moves after that stop.
fn find_displaced_marker(
    lines: &[Line],
    from: (usize, usize),
    end: usize,
    n: u32,
    skip: &std::collections::HashSet<usize>,
) -> Option<Marker> {
    scan_lines(lines, from, end, n, skip, |text, at| {
        displaced_in(text, at, n).map(|(start, stop, to)| (start, stop, true, Some(to)))
    })
}

/// The first marker `find` sees in the body's lines from `(line, byte)` up to line `end`
/// (headings and the lines in `skip` left out): its span, whether it is glued digits, and
/// where it belongs if not where it stands.
fn scan_lines(
    lines: &[Line],
    (line, byte): (usize, usize),
    end: usize,
    n: u32,
    skip: &std::collections::HashSet<usize>,
    find: impl Fn(&str, usize) -> Option<(usize, usize, bool, Option<usize>)>,
) -> Option<Marker> {
    for (k, l) in lines.iter().enumerate().take(end).skip(line) {
        if skip.contains(&k) || l.text.starts_with('#') {
            continue;
        }
        let from = if k == line { byte.min(l.text.len()) } else { 0 };
        if let Some((start, stop, glued, moved_to)) = find(&l.text, from) {
            return Some(Marker {
                line: k,
                start,
                end: stop,
                n,
                glued,
                moved_to,
            });
        }
    }
    None
}

/// ` n ` between a lower-case word and the rest of a sentence that ends within
/// [`DISPLACED_REACH`] characters: the span of ` n` and where the stop's end is.
fn displaced_in(text: &str, from: usize, n: u32) -> Option<(usize, usize, usize)> {
    let needle = format!(" {n} ");
    text[from..].match_indices(&needle).find_map(|(i, _)| {
        let start = from + i;
        let stop = start + needle.len() - 1;
        let word_before = text[..start].chars().next_back()?.is_lowercase();
        let rest = &text[stop + 1..];
        let end = rest.find(['.', '!', '?'])?;
        let tail = &rest[end + 1..];
        let sentence_ends = tail.is_empty() || tail.starts_with(char::is_whitespace);
        let plain_words = !rest[..end].contains(|c: char| c.is_ascii_digit() || "()[]".contains(c));
        (word_before && sentence_ends && plain_words && end <= DISPLACED_REACH).then_some((
            start,
            stop,
            stop + 1 + end + 1,
        ))
    })
}

/// How far, in bytes, a displaced number's sentence may go on: about one printed line.
const DISPLACED_REACH: usize = 90;

/// Where the marker of note `n` is in `text` after byte `from`: glued digits, `<sup>n</sup>`,
/// `[n]` (escaped or not) or superscript digits.
fn marker_in(text: &str, from: usize, n: u32) -> Option<(usize, usize, bool)> {
    let digits = n.to_string();
    let sup = superscript(n);
    let mut best: Option<(usize, usize, bool)> = None;
    let mut consider = |found: Option<(usize, usize, bool)>| {
        if let Some(f) = found
            && best.is_none_or(|b| f.0 < b.0)
        {
            best = Some(f);
        }
    };
    for form in [
        format!("<sup>{digits}</sup>"),
        format!("\\[{digits}\\]"),
        format!("[{digits}]"),
    ] {
        consider(
            text[from..]
                .find(&form)
                .map(|i| (from + i, from + i + form.len(), false)),
        );
    }
    consider(
        text[from..]
            .match_indices(&sup)
            .find(|(i, _)| {
                let after = text[from + i + sup.len()..].chars().next();
                !after.is_some_and(super::super::extracted::markers::superscript_digit)
            })
            .map(|(i, _)| (from + i, from + i + sup.len(), false)),
    );
    // `flood. 4 None`: a number set apart after a stop, before a capital or the line's end.
    for stop in [". ", ", ", "; "] {
        let spaced = format!("{stop}{digits}");
        consider(text[from..].match_indices(&spaced).find_map(|(i, _)| {
            // The space before the number goes with it: `flood.¹ None`.
            let start = from + i + stop.len() - 1;
            let stop_at = start + 1 + digits.len();
            let rest = &text[stop_at..];
            let next = rest.trim_start().chars().next();
            (rest.is_empty() || rest.starts_with(' ') && next.is_some_and(char::is_uppercase))
                .then_some((start, stop_at, true))
        }));
    }
    let mut at = from;
    while let Some((before, m, _)) = glued_number(&text[at..]) {
        let start = at + before.len();
        let stop = start + m.to_string().len();
        if m == n {
            consider(Some((start, stop, true)));
            break;
        }
        at = stop;
    }
    best
}

/// The first number glued to a lower-case letter or a closing stop, quote or bracket, and
/// followed by a space, punctuation or the line's end: the text before it, the number and
/// the text after it. `CO2`, `G20`, `COVID-19`, `2,000` and `p. 4` are not markers.
pub(super) fn glued_number(text: &str) -> Option<(&str, u32, &str)> {
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
        // The escape pass's backslashes are not text: `6\.8` is a number.
        let mut prior = text[..start].chars().rev().filter(|&c| c != '\\');
        let before = prior.next();
        let number_before = prior.next().is_some_and(|c| c.is_ascii_digit())
            && !after_a_year_that_ends_a_sentence(&text[..start], &text[i..]);
        let after = text[i..].chars().next();
        let glued = before.is_some_and(|c| {
            c.is_lowercase() || matches!(c, '.' | ',' | ';' | ':' | ')' | '’' | '”' | '"' | '\'')
        });
        let ends = after
            .is_none_or(|c| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':' | ')' | '\\'));
        if glued && ends && !number_before && i - start <= 3 {
            let n = text[start..i].parse().ok()?;
            return Some((&text[..start], n, &text[i..]));
        }
    }
    None
}

/// `spring of 2026.12 The money`: a note's number glued to a year that ends its sentence.
/// A decimal number (`3.12`) has no four-digit whole part starting 1 or 2 with a capital or
/// the line's end after its fraction, so the year's stop is a full stop, not a decimal point.
fn after_a_year_that_ends_a_sentence(before: &str, after: &str) -> bool {
    let Some(whole) = before.strip_suffix('.') else {
        return false;
    };
    let digits = whole.len() - whole.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let year = &whole[whole.len() - digits..];
    let opens = whole[..whole.len() - digits].chars().next_back();
    let next = after.trim_start().chars().next();
    digits == 4
        && (year.starts_with('1') || year.starts_with('2'))
        && opens.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '–' | '-'))
        && (after.is_empty() || after.starts_with(' ') && next.is_some_and(char::is_uppercase))
}

/// `¹ Text` in place of the definition's own shape, set apart as a paragraph; a back-link
/// arrow (`↩︎`) at the end of its text goes.
fn rewrite_definition(lines: &mut Vec<Line>, c: &Candidate) {
    let text = lines[c.text_line].text[c.text_at..]
        .trim_start()
        .to_string();
    lines[c.text_line].text = format!("{} {text}", superscript(c.n));
    // The paragraph's lines: drop a back-link arrow where it ends one.
    let mut k = c.text_line;
    while k < lines.len() && !lines[k].is_blank() && !lines[k].is_break() {
        let t = &mut lines[k].text;
        let kept = t
            .trim_end()
            .trim_end_matches(['\u{fe0e}', '\u{fe0f}'])
            .trim_end_matches(['↩', '↑'])
            .trim_end()
            .len();
        t.truncate(kept);
        k += 1;
        if lines
            .get(k)
            .is_some_and(|l| note_start(&l.text, Shapes::Plain).is_some())
        {
            break;
        }
    }
    // Blocks that go on with the note join it (`k` is now the line after its paragraph).
    while k < lines.len() && lines[k].is_blank() {
        let next = (k..lines.len()).find(|&j| !lines[j].is_blank());
        match next {
            Some(j) if !lines[j].is_break() && continues_note(lines, j) => {
                lines.drain(k..j);
                while k < lines.len() && !lines[k].is_blank() && !lines[k].is_break() {
                    k += 1;
                }
            }
            _ => break,
        }
    }
    // The number's own line goes, above or below its text.
    if c.text_line > c.line {
        lines.drain(c.line..c.text_line);
    } else if c.text_line < c.line {
        lines.remove(c.line);
    }
    let first = c.line.min(c.text_line);
    if first > 0 && !lines[first - 1].is_blank() {
        let src = lines[first].src;
        lines.insert(first, Line::new("", src));
    }
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

    fn notes(text: &str, shapes: Shapes) -> String {
        let mut l = Lines::new(text, None);
        link(&mut l, shapes);
        l.text()
    }

    #[test]
    fn a_page_foot_run_and_its_glued_markers() {
        let page = "Deaths were attributed to the\nheat.1 Older people were at risk.\nFew trees.2\n1 Estimates from a study.\n2 This is known as the\nheat island effect.\n***\nNext page.";
        assert_eq!(
            notes(page, Shapes::Plain),
            "Deaths were attributed to the\nheat.¹ Older people were at risk.\nFew trees.²\n\n¹ Estimates from a study.\n\n² This is known as the\nheat island effect.\n***\nNext page."
        );
    }

    #[test]
    fn numbers_that_are_not_markers_stay() {
        assert_eq!(glued_number("CO2 and G20"), None);
        assert_eq!(glued_number("in 2,000 homes"), None);
        assert_eq!(glued_number("COVID-19 cases"), None);
        assert_eq!(glued_number("see p. 4"), None);
        assert_eq!(glued_number("rates of 6\\.8 and"), None);
        assert_eq!(glued_number("goods1, and"), Some(("goods", 1, ", and")));
        assert_eq!(glued_number("a ratio of 3.12 The"), None);
        assert_eq!(glued_number("in 2026.12 homes"), None);
        assert_eq!(glued_number("by 12026.12 The"), None);
        // A definition whose marker the body never has is left as text.
        for page in ["The rate was 3 per cent.\n1 Other text.", "Text.1\n2 Two."] {
            assert_eq!(notes(page, Shapes::Plain), page);
        }
    }

    #[test]
    fn a_numbered_list_over_page_foot_notes_is_a_list() {
        let page = "Costs fell.1 Waste fell.2\nWe recommend:\n1. Pool purchasing.\n2. Measure waste.\n3. Fund kitchens.3\n1 Audit data.\n2 A survey.\n3 Treasury figures.\n4 Unused.";
        assert_eq!(
            notes(page, Shapes::Plain),
            "Costs fell.¹ Waste fell.²\nWe recommend:\n1. Pool purchasing.\n2. Measure waste.\n3. Fund kitchens.³\n\n¹ Audit data.\n\n² A survey.\n\n³ Treasury figures.\n4 Unused."
        );
    }

    #[test]
    fn a_number_glued_to_a_year_that_ends_a_sentence() {
        assert_eq!(
            glued_number("in the spring of 2026.12 The money"),
            Some(("in the spring of 2026.", 12, " The money"))
        );
        assert_eq!(
            glued_number("bis Mitte 2028.10"),
            Some(("bis Mitte 2028.", 10, ""))
        );
        let page = "It opens in 2026.1 The money is modest.\n1 HM Treasury, Spending Review.";
        assert_eq!(
            notes(page, Shapes::Plain),
            "It opens in 2026.¹ The money is modest.\n\n¹ HM Treasury, Spending Review."
        );
    }

    #[test]
    fn an_end_list_with_back_links_and_brackets() {
        let text = "Body cites this.\\[1\\] And that.2\n\n1. First source.↩︎\n2. Second source.↩︎";
        assert_eq!(
            notes(text, Shapes::Plain),
            "Body cites this.\\[1\\] And that.²\n\n¹ First source.\n\n² Second source."
        );
    }

    #[test]
    fn a_number_alone_above_its_text() {
        // A table's figures, one per line, are no notes; the number over the note's text is.
        let text = "Funded.1 More.\n\n95\n\n3.9\n\n1\n\nDepartment of Flood Risk, 2020.";
        assert_eq!(
            notes(text, Shapes::Plain),
            "Funded.¹ More.\n\n95\n\n3.9\n\n¹ Department of Flood Risk, 2020."
        );
    }

    #[test]
    fn a_number_alone_below_its_text_and_both_ways_on_one_page() {
        // LibreOffice at Letter size, through pdftotext: `T 1 T 2 3 T`, the first note
        // following a paragraph cut mid-sentence by the page.
        let text = "Funded.1 Cut.2 More.3 The count\nchanged the ranking of the\nschemes in every year and the\nDepartment of Flood Risk, Appraisal\nGuidance (2020).\n1\n\nAshdown, Scale Bias (2023).\n2\n\n3\n\nSurvey of residents, 2022.\n***\nsince 2015.";
        assert_eq!(
            notes(text, Shapes::Plain),
            "Funded.¹ Cut.² More.³ The count\nchanged the ranking of the\nschemes in every year and the\n\n¹ Department of Flood Risk, Appraisal\nGuidance (2020).\n\n² Ashdown, Scale Bias (2023).\n\n³ Survey of residents, 2022.\n***\nsince 2015."
        );
    }

    #[test]
    fn a_number_glued_under_the_body_takes_the_text_below_it() {
        // The A4 layout of the same editor: each number directly under the text before it.
        let text = "Funded.1 And.2\nthe plans.\n1\n\nAgency, Emissions (2024).\n2\n\nAct of 2023, section 71.";
        assert_eq!(
            notes(text, Shapes::Plain),
            "Funded.¹ And.²\nthe plans.\n\n¹ Agency, Emissions (2024).\n\n² Act of 2023, section 71."
        );
        // A German paragraph cut by the page, its nouns capitalised, then two notes.
        let text = "Gesetz.1 Kosten.2\n\nIm Bestand treffen zwei Interessen aufeinander. Der Vermieter\ntr\u{e4}gt die Kosten einer neuen Heizung, w\u{e4}hrend die Einsparungen den\nMietern zugutekommen. Umgekehrt haben Mieter keinen Einfluss auf die Wahl,\ntragen aber die Kosten. Dieses sogenannte Dilemma ist seit\nUmweltbundesamt, Emissionen nach Sektoren 2023 (Dessau, 2024).\n1\n\n2\n\n\u{a7} 71 Geb\u{e4}udeenergiegesetz.";
        assert_eq!(
            notes(text, Shapes::Plain),
            "Gesetz.\u{b9} Kosten.\u{b2}\n\nIm Bestand treffen zwei Interessen aufeinander. Der Vermieter\ntr\u{e4}gt die Kosten einer neuen Heizung, w\u{e4}hrend die Einsparungen den\nMietern zugutekommen. Umgekehrt haben Mieter keinen Einfluss auf die Wahl,\ntragen aber die Kosten. Dieses sogenannte Dilemma ist seit\n\n\u{b9} Umweltbundesamt, Emissionen nach Sektoren 2023 (Dessau, 2024).\n\n\u{b2} \u{a7} 71 Geb\u{e4}udeenergiegesetz."
        );
    }

    #[test]
    fn a_note_set_apart_from_its_last_line_is_one_note() {
        // markitdown puts a blank line inside a note whose lines are spaced apart.
        let text = "Claimed.1 Then.2\n\n1 Department for Education, Free School Meals: Take-Up Among Eligible\n\nPupils (London, 2013).\n\n2 Census, 2024.\n***\nMore.";
        assert_eq!(
            notes(text, Shapes::Plain),
            "Claimed.¹ Then.²\n\n¹ Department for Education, Free School Meals: Take-Up Among Eligible\nPupils (London, 2013).\n\n² Census, 2024.\n***\nMore."
        );
    }

    #[test]
    fn quoted_and_listed_definitions_in_markdown() {
        let text = "Funded.<sup>1</sup> Then.2\n\n> 1 Department, 2020.\n\n- 2 Ashdown, 2023.";
        assert_eq!(
            notes(text, Shapes::Markdown),
            "Funded.<sup>1</sup> Then.²\n\n¹ Department, 2020.\n\n² Ashdown, 2023."
        );
    }

    #[test]
    fn a_marker_set_apart_after_a_stop_and_a_lost_marker() {
        let text =
            "A flood. 1 None of this.\nAnd more.3\n1 Survey, 2022.\n2 Lost marker.\n3 Found.";
        assert_eq!(
            notes(text, Shapes::Plain),
            "A flood.¹ None of this.\nAnd more.³\n\n¹ Survey, 2022.\n2 Lost marker.\n\n³ Found."
        );
    }

    #[test]
    fn end_lists_with_back_links_and_glued_quoted_numbers_in_markdown() {
        let text = "Funded.1 Then.2\n\n> 1Department, 2020.\n\n2. Ashdown, 2023.↩";
        assert_eq!(
            notes(text, Shapes::Markdown),
            "Funded.¹ Then.²\n\n¹ Department, 2020.\n\n² Ashdown, 2023."
        );
        // Without a back-link, a Markdown numbered list is a list.
        let list = "Funded.1\n\n1. First step.\n2. Second step.";
        assert_eq!(notes(list, Shapes::Markdown), list);
    }

    #[test]
    fn a_note_broken_after_a_colon_goes_on_in_the_next_block() {
        let page = "Heat pumps work.1\n\n1 Albrecht, „Wärmepumpen in Mehrfamilienhäusern:\n\nErgebnisse eines Feldtests“ (2024).";
        assert_eq!(
            notes(page, Shapes::Plain),
            "Heat pumps work.¹\n\n¹ Albrecht, „Wärmepumpen in Mehrfamilienhäusern:\nErgebnisse eines Feldtests“ (2024)."
        );
    }

    #[test]
    fn a_raised_number_read_with_the_line_above_moves_after_its_stop() {
        let text = "Costs differ.1 Some let each school make its own 2 arrangements. Others do not.\n\n1. Audit, 2013.↩\n\n2. Data were confidential.↩";
        assert_eq!(
            notes(text, Shapes::Markdown),
            "Costs differ.¹ Some let each school make its own arrangements.² Others do not.\n\n¹ Audit, 2013.\n\n² Data were confidential."
        );
        // A count in a sentence is no marker; nor is one whose sentence runs on with figures.
        assert_eq!(displaced_in("it takes 2 weeks in 2024.", 0, 2), None);
        assert_eq!(displaced_in("from 2 to 3 weeks.", 0, 2), None);
    }

    #[test]
    fn a_note_defined_after_the_next_ones_on_its_page_is_linked() {
        let text =
            "One.1 Two.2 Three.3\n\n> 2 Second source.\n\n> 3 Third source.\n\n1 First source.";
        assert_eq!(
            notes(text, Shapes::Markdown),
            "One.¹ Two.² Three.³\n\n² Second source.\n\n³ Third source.\n\n¹ First source."
        );
    }

    #[test]
    fn quoted_notes_of_a_two_column_page_and_markup_markers_out_of_order() {
        let text = "Entitled to a lunch.<sup>2</sup>\n\nTargeted at children.<sup>1</sup>\n\n> 1Department for Education (2013).\n\nThe argument against is cost.\n\n> 2Authors’ calculation.\n\nMore text.";
        assert_eq!(
            notes(text, Shapes::Markdown),
            "Entitled to a lunch.<sup>2</sup>\n\nTargeted at children.<sup>1</sup>\n\n¹ Department for Education (2013).\n\nThe argument against is cost.\n\n² Authors’ calculation.\n\nMore text."
        );
    }

    #[test]
    fn a_number_glued_to_a_capital_opens_a_note() {
        let text = "Few cars.<sup>1</sup> Old age.<sup>2</sup>\n\n1National Travel Survey 2022.\n\nThe body goes on.\n\n> 2Moira Castellan (2021).";
        assert_eq!(
            notes(text, Shapes::Markdown),
            "Few cars.<sup>1</sup> Old age.<sup>2</sup>\n\n¹ National Travel Survey 2022.\n\nThe body goes on.\n\n² Moira Castellan (2021)."
        );
        // In plain text only before a capitalised word: `3D` opens no note.
        assert_eq!(note_start("3National Survey", Shapes::Plain), Some((3, 1)));
        assert_eq!(note_start("3D printing", Shapes::Plain), None);
        assert_eq!(note_start("4G masts", Shapes::Plain), None);
    }

    #[test]
    fn two_notes_read_as_one_line_are_two_notes() {
        let text = "Storage.1 Figures.2 Review.3\n\n> 1 Bredon Partnership (2023). 2 Figures adapted from the summaries.\n\n> 3 Treasury, Review 2025.";
        assert_eq!(
            notes(text, Shapes::Markdown),
            "Storage.¹ Figures.² Review.³\n\n¹ Bredon Partnership (2023).\n\n² Figures adapted from the summaries.\n\n³ Treasury, Review 2025."
        );
        // A number inside a note's text that is not the next note's stays.
        let one = "Storage.1\n\n1 Act of 2019, s. 4 Schedule 2.";
        assert_eq!(
            notes(one, Shapes::Plain),
            "Storage.¹\n\n¹ Act of 2019, s. 4 Schedule 2."
        );
    }

    #[test]
    fn an_end_list_item_that_lost_its_back_link_is_a_note() {
        let text = "One.1 Two.2 Three.3\n\n1. Department, 2013.↩\n\n- <u>↩</u>\n\n- 2. Data were supplied in confidence.\n\n3. Waste Action, 2020.↩";
        assert_eq!(
            notes(text, Shapes::Markdown),
            "One.¹ Two.² Three.³\n\n¹ Department, 2013.\n\n- <u>↩</u>\n\n² Data were supplied in confidence.\n\n³ Waste Action, 2020."
        );
    }

    #[test]
    fn where_notes_have_back_links_a_list_ending_a_page_is_no_notes() {
        let text = "Funded.1 Cut.2\n\n1. Redirect a share of the budget.\n2. Allow councils to keep the levies.\n***\n3. Combine the budgets.\n\n1. Department, Statistics\n(2024).↩︎\n2. Campaign, Losses (2023).↩︎";
        assert_eq!(
            notes(text, Shapes::Plain),
            "Funded.¹ Cut.²\n\n1. Redirect a share of the budget.\n2. Allow councils to keep the levies.\n***\n3. Combine the budgets.\n\n¹ Department, Statistics\n(2024).\n\n² Campaign, Losses (2023)."
        );
    }

    #[test]
    fn a_numbered_list_in_the_body_is_no_notes() {
        let text = "Funded.1 More.\n\n1. Add a multiplier.\n2. Publish the scores.\n\nThe body goes on.\n\n1. Department, 2020.";
        assert_eq!(
            notes(text, Shapes::Plain),
            "Funded.¹ More.\n\n1. Add a multiplier.\n2. Publish the scores.\n\nThe body goes on.\n\n¹ Department, 2020."
        );
    }

    #[test]
    fn numbering_per_page_starts_again() {
        let text = "One.1\n1 First.\n***\nTwo.1\n1 Second.";
        assert_eq!(
            notes(text, Shapes::Plain),
            "One.¹\n\n¹ First.\n***\nTwo.¹\n\n¹ Second."
        );
    }
}
