//! Page debris in extracted text, found line by line before the Markdown is parsed: the many
//! ways extractors mark a page break, and the running headers and footers (page numbers, the
//! series line, a URL, the title repeated) that recur at every break with only their numbers
//! changing.
//!
//! The text keeps its line count, so every later span still points at the source: a break
//! becomes a `***` line (a thematic break that, unlike `---`, never turns the line above into
//! a heading) and a running line becomes a blank line, or a break when no marker stood there.

use std::collections::HashMap;

/// What the page pass did, for the check report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageScan {
    /// Page breaks in the text after the pass (marked ones and ones inferred from running lines).
    pub breaks: usize,
    /// Running header and footer lines removed.
    pub running_lines: usize,
    /// Lines (1-based) of marked breaks with no running line near them, in a text whose other
    /// breaks have one: a guess worth a look (a section rule taken for a page break?).
    pub lonely_breaks: Vec<u32>,
    /// The running lines removed, each text once: a running head that repeats a title-page
    /// line is evidence of the title.
    pub running_texts: Vec<String>,
}

/// The canonical break line every marker form is rewritten to.
pub const BREAK: &str = "***";

/// How far from a break (in non-blank lines) a running line may stand.
const ZONE: usize = 6;

/// Rewrites page-break markers to one form and removes running lines; see the module doc.
/// A rule of dashes inside fenced code is code.
pub fn normalise_pages(text: &str) -> (String, PageScan) {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let mut marked = 0;
    let code = crate::read::fences::in_fenced_code(&lines);
    for i in 0..lines.len() {
        if code[i] {
            continue;
        }
        match break_marker(&lines[i]) {
            BreakMarker::None => {}
            BreakMarker::Whole => {
                lines[i] = BREAK.to_string();
                marked += 1;
            }
            BreakMarker::FormFeedBefore => {
                // pdftotext puts the form feed at the start of a page's first line: the break
                // goes on the blank line above when there is one; otherwise the two lines are
                // one paragraph already.
                lines[i] = lines[i].replace('\u{c}', "");
                if i > 0 && lines[i - 1].trim().is_empty() {
                    lines[i - 1] = BREAK.to_string();
                    marked += 1;
                }
            }
        }
    }
    let running = find_running_lines(&lines);
    let lonely_breaks = lonely_breaks(&lines, &running);
    let removed = running.len();
    let mut running_texts: Vec<String> = Vec::new();
    for &i in &running {
        let t = lines[i].trim().to_string();
        if !running_texts.contains(&t) {
            running_texts.push(t);
        }
    }
    let mut inferred = 0;
    for &i in &running {
        let inside_text = |j: Option<usize>| {
            j.and_then(|j| lines.get(j))
                .is_some_and(|l| !l.trim().is_empty() && l.trim() != BREAK)
        };
        // A head above the first page's text marks no break: nothing comes before it.
        let at_start = lines[..i]
            .iter()
            .all(|l| l.trim().is_empty() || l.trim() == BREAK);
        let needs_break = !at_start
            && ((marked == 0 && !near_break(&lines, i))
                || (inside_text(i.checked_sub(1)) && inside_text(Some(i + 1))));
        if needs_break {
            lines[i] = BREAK.to_string();
            inferred += 1;
        } else {
            lines[i].clear();
        }
    }
    let scan = PageScan {
        breaks: marked + inferred,
        running_lines: removed,
        lonely_breaks,
        running_texts,
    };
    (lines.join("\n"), scan)
}

/// Marked breaks with no running line in their zone, when most breaks have one.
fn lonely_breaks(lines: &[String], running: &[usize]) -> Vec<u32> {
    let breaks: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].trim() == BREAK)
        .collect();
    let (with, without): (Vec<usize>, Vec<usize>) = breaks
        .into_iter()
        .partition(|&b| zone(lines, b).iter().any(|i| running.contains(i)));
    if with.len() < 2 || without.len() >= with.len() {
        return Vec::new();
    }
    without.into_iter().map(|b| b as u32 + 1).collect()
}

/// Is there a break line within the blank lines around line `i`?
fn near_break(lines: &[String], i: usize) -> bool {
    let up = lines[..i]
        .iter()
        .rev()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.trim() == BREAK);
    let down = lines[i + 1..]
        .iter()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.trim() == BREAK);
    up || down
}

#[derive(Debug, PartialEq, Eq)]
enum BreakMarker {
    None,
    /// The whole line marks the break.
    Whole,
    /// A form feed starts a line of text: the break is before it.
    FormFeedBefore,
}

/// The forms extractors use for a page break: `---`, `-----`, `***`, `* * *`, `___`, a form
/// feed, or an HTML comment that names a page (`<!-- page 3 -->`, `<!-- PageBreak -->`).
fn break_marker(line: &str) -> BreakMarker {
    let t = line.trim();
    if t.is_empty() {
        return if line.contains('\u{c}') {
            BreakMarker::Whole
        } else {
            BreakMarker::None
        };
    }
    if line.contains('\u{c}') {
        return BreakMarker::FormFeedBefore;
    }
    let rule_of = |c: char| {
        let compact: String = t.chars().filter(|c| *c != ' ').collect();
        compact.len() >= 3 && compact.chars().all(|x| x == c)
    };
    // Indented four spaces or more it would be code, not a break.
    let indent = line.len() - line.trim_start().len();
    if indent < 4 && (rule_of('-') || rule_of('*') || rule_of('_')) {
        return BreakMarker::Whole;
    }
    if let Some(inner) = t.strip_prefix("<!--").and_then(|r| r.strip_suffix("-->")) {
        let lower = inner.to_lowercase();
        let words: String = lower.chars().filter(|c| c.is_alphanumeric()).collect();
        if lower.contains("page")
            || (!words.is_empty() && words.chars().all(|c| c.is_ascii_digit()))
        {
            return BreakMarker::Whole;
        }
    }
    BreakMarker::None
}

/// The shape of a line for recurrence: lower case, emphasis marks dropped, every run of
/// digits as `#`, white space collapsed.
fn shape(line: &str) -> String {
    let mut out = String::new();
    let mut in_digits = false;
    for c in line.trim().chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push('#');
            }
            in_digits = true;
            continue;
        }
        in_digits = false;
        if matches!(c, '*' | '_' | '`') {
            continue;
        }
        out.extend(c.to_lowercase());
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A line that is only a page number: `3`, `- 3 -`, `Page 3`, `Page 3 of 9`, `3 / 9`, `p. 3`
/// (not a date such as `2024-11-04`, which has three numbers).
fn is_page_number(shape: &str) -> bool {
    (1..=2).contains(&shape.matches('#').count())
        && shape
            .split(|c: char| {
                c.is_whitespace()
                    || matches!(c, '-' | '–' | '—' | '|' | '/' | '·' | '[' | ']' | '(' | ')')
            })
            .filter(|w| !w.is_empty())
            .all(|w| {
                matches!(
                    w,
                    "#" | "page"
                        | "p."
                        | "pg."
                        | "pp."
                        | "of"
                        | "seite"
                        | "von"
                        | "página"
                        | "de"
                        | "pagina"
                        | "sur"
                )
            })
}

fn is_url_line(shape: &str) -> bool {
    !shape.contains(' ')
        && (shape.starts_with("http://")
            || shape.starts_with("https://")
            || shape.starts_with("www.")
            || (shape.contains('.') && shape.contains('/')))
}

/// Could this line be a running header or footer? A page number always; otherwise a short
/// line that is not a heading, list item, table row, quote, note definition or raw HTML.
fn candidate(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() || t == BREAK || t.len() > 140 || t.split_whitespace().count() > 16 {
        return false;
    }
    if line.len() - line.trim_start().len() >= 4 {
        return false;
    }
    if is_page_number(&shape(t)) {
        return true;
    }
    let first = t.chars().next().unwrap_or(' ');
    let list_item = ["- ", "* ", "+ "].iter().any(|p| t.starts_with(p)) || {
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        digits > 0 && (t[digits..].starts_with(". ") || t[digits..].starts_with(") "))
    };
    !(list_item
        || matches!(first, '#' | '>' | '|' | '<' | '[' | '^' | '!' | '`')
        || super::markers::superscript_digit(first))
}

/// The lines to remove: shapes that recur at two or more page boundaries (or, with no break
/// marked at all, anywhere, when a number in them changes), page-number lines next to a break,
/// and a line next to a break that repeats a heading (the title as a running head).
fn find_running_lines(lines: &[String]) -> Vec<usize> {
    let breaks: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].trim() == BREAK)
        .collect();
    let headings: Vec<String> = lines
        .iter()
        .filter(|l| l.trim_start().starts_with('#'))
        .map(|l| shape(l.trim_start().trim_start_matches('#')))
        .filter(|s| !s.is_empty())
        .collect();
    let title_page = title_page_lines(lines);
    let title_shapes: Vec<String> = title_page
        .iter()
        .map(|&i| shape(lines[i].trim_start().trim_start_matches('#')))
        .filter(|s| s.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .collect();
    // Lines that are never running lines: the title page's, and a contents page's, whose
    // entries recur as the body's headings, often at the top of a page.
    let mut kept = title_page.clone();
    kept.extend(contents_lines(lines));
    let mut found = Vec::new();
    if breaks.is_empty() {
        let by_shape = candidates_by_shape(lines, &kept);
        let mut fixed = Vec::new();
        for (s, at) in by_shape {
            let numbers_change = at
                .windows(2)
                .any(|w| digits_of(&lines[w[0]]) != digits_of(&lines[w[1]]));
            if s == "#" {
                // Bare numbers are page numbers only where they count pages: the longest run
                // going up by one (note numbers and table figures stand between them).
                found.extend(counting_run(lines, &at));
            } else if at.len() >= 2 && s.contains('#') && numbers_change
                || at.len() >= 2 && is_url_line(&s)
            {
                found.extend(at);
            } else if at.len() >= 2 {
                fixed.push(at);
            }
        }
        // A line without a number recurs beside every page number found (pymupdf4llm writes
        // no page marks: the folio then the next page's head), or repeats a title-page line.
        let folios: Vec<usize> = found.clone();
        for at in fixed {
            let s = shape(&lines[at[0]]);
            let by_folio = at.iter().all(|&i| beside_any(lines, i, &folios));
            if by_folio || title_shapes.contains(&s) && !headings.contains(&s) {
                found.extend(at);
            }
        }
    } else {
        // Each candidate near a boundary, with the boundary it is near.
        let mut by_shape: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        // The end of the text is the last page's foot: a boundary like the breaks.
        let ends = breaks.iter().copied().chain(std::iter::once(lines.len()));
        for (b, at) in ends.enumerate() {
            for i in zone(lines, at) {
                if candidate(&lines[i]) && !kept.contains(&i) {
                    by_shape.entry(shape(&lines[i])).or_default().push((i, b));
                }
            }
        }
        for (s, at) in by_shape {
            // One line can stand near two breaks: recurrence needs two lines at two breaks.
            let distinct = |f: fn(&(usize, usize)) -> usize| {
                let mut v: Vec<usize> = at.iter().map(f).collect();
                v.sort_unstable();
                v.dedup();
                v
            };
            let (at_lines, boundaries) = (distinct(|p| p.0), distinct(|p| p.1));
            // Twice at two breaks, or once at a break repeating a title-page line word for word
            // (a short brief's running head: its title or series, printed from page 2 on).
            let recurs = at_lines.len() >= 2 && boundaries.len() >= 2
                || title_shapes.contains(&s) && !is_page_number(&s);
            if s == "#" {
                found.extend(bare_folios(lines, &breaks, &at_lines));
            } else if recurs || is_page_number(&s) || headings.contains(&s) {
                found.extend(at_lines);
            }
        }
        found.extend(misplaced_heads(lines, &breaks, &kept, &title_shapes));
    }
    // The first page's header is a running line too when it is the very first line and recurs
    // word for word: a series or institute line elsewhere on the title page stays metadata.
    let recurring: Vec<String> = found.iter().map(|&i| shape(&lines[i])).collect();
    if let Some(first) = lines.iter().position(|l| !l.trim().is_empty())
        && found.len() >= 2
        && !is_page_number(&shape(&lines[first]))
        && recurring
            .iter()
            .filter(|s| **s == shape(&lines[first]))
            .count()
            >= 2
        && !lines[first].trim_start().starts_with('#')
    {
        found.push(first);
    }
    found.sort_unstable();
    found.dedup();
    found
}

/// Every line that could be a running line, but the `kept` ones, grouped by its shape.
fn candidates_by_shape(lines: &[String], kept: &[usize]) -> HashMap<String, Vec<usize>> {
    let mut by_shape: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, l) in lines.iter().enumerate() {
        if candidate(l) && !kept.contains(&i) {
            by_shape.entry(shape(l)).or_default().push(i);
        }
    }
    by_shape
}

/// A running head that names a title-page line as one of its parts (`Policy Brief No. 21 —
/// Room for the River`), seen at a break and again elsewhere: every time it recurs it is the
/// running head, wherever the extractor set it (pdfminer writes a two-column page's boxes out
/// of order, its head in the middle of the page's text).
fn misplaced_heads(
    lines: &[String],
    breaks: &[usize],
    kept: &[usize],
    title_shapes: &[String],
) -> Vec<usize> {
    let near: Vec<usize> = breaks
        .iter()
        .copied()
        .chain(std::iter::once(lines.len()))
        .flat_map(|b| zone(lines, b))
        .collect();
    let names_title = |s: &str| {
        let parts: Vec<&str> = s.split(['—', '–', '|', '·']).map(str::trim).collect();
        parts.len() >= 2 && parts.iter().any(|p| title_shapes.iter().any(|t| t == p))
    };
    candidates_by_shape(lines, kept)
        .into_iter()
        .filter(|(s, at)| at.len() >= 2 && names_title(s) && at.iter().any(|i| near.contains(i)))
        .flat_map(|(_, at)| at)
        .collect()
}

/// The bare numbers (`at`, near breaks) that are folios. Where the folios count the pages
/// (a number equal to its page's index plus one offset, on at least three pages and most of
/// those that have one), that sequence decides: a folio set apart from the break by notes,
/// or above a note's text, is still a folio, and a note's number set alone (`2`, `3`, `4`
/// in a column beside the notes' texts) is not. Otherwise a bare number is a folio only in
/// the folio's place, next to the break: deeper in the page's foot it numbers a note
/// (LibreOffice sets the number alone).
fn bare_folios(lines: &[String], breaks: &[usize], at: &[usize]) -> Vec<usize> {
    let page_of = |i: usize| breaks.iter().filter(|&&b| b < i).count() as i64;
    let value = |i: usize| lines[i].trim().parse::<i64>().unwrap_or(-1);
    let mut offsets: HashMap<i64, Vec<i64>> = HashMap::new();
    for &i in at {
        offsets
            .entry(value(i) - page_of(i))
            .or_default()
            .push(page_of(i));
    }
    let pages_with_numbers = {
        let mut p: Vec<i64> = at.iter().map(|&i| page_of(i)).collect();
        p.dedup();
        p.len()
    };
    let counting = offsets
        .iter()
        .map(|(&c, pages)| {
            let mut p = pages.clone();
            p.dedup();
            (c, p.len())
        })
        .filter(|&(_, n)| n >= 3 && 2 * n > pages_with_numbers)
        .max_by_key(|&(c, n)| (n, -c));
    if let Some((c, _)) = counting {
        // One folio a page: the number of the right value nearest to a break.
        // Running lines and notes can push it further from the break than other debris.
        let wide: Vec<usize> = breaks
            .iter()
            .copied()
            .chain([lines.len()])
            .flat_map(|b| zone_of(lines, b, 2 * ZONE))
            .filter(|&i| lines[i].trim().chars().all(|c| c.is_ascii_digit()))
            .collect();
        let mut by_page: HashMap<i64, usize> = HashMap::new();
        for &i in wide.iter().filter(|&&i| value(i) - page_of(i) == c) {
            let distance = |i: usize| {
                breaks
                    .iter()
                    .chain([&lines.len()])
                    .map(|&b| b.abs_diff(i))
                    .min()
            };
            let e = by_page.entry(page_of(i)).or_insert(i);
            if distance(i) < distance(*e) {
                *e = i;
            }
        }
        let mut out: Vec<usize> = by_page.into_values().collect();
        out.sort_unstable();
        return out;
    }
    let ends: Vec<usize> = breaks.iter().copied().chain([lines.len()]).collect();
    at.iter()
        .copied()
        .filter(|&i| {
            (beside_break(lines, i, &ends) || !above_words(lines, i)) && !under_words(lines, i)
        })
        .collect()
}

/// The lines of `at` (bare numbers, in order) that count pages: the longest chain whose
/// values go up by one, in reading order.
fn counting_run(lines: &[String], at: &[usize]) -> Vec<usize> {
    let values: Vec<u64> = at
        .iter()
        .map(|&i| lines[i].trim().parse().unwrap_or(0))
        .collect();
    // best[k]: length of the longest chain ending at k, and the index before it.
    let mut best: Vec<(usize, Option<usize>)> = vec![(1, None); at.len()];
    for k in 0..at.len() {
        // Look back a bounded distance: folios are a page apart, not hundreds of numbers.
        for j in k.saturating_sub(64)..k {
            if values[j] + 1 == values[k] && best[j].0 + 1 > best[k].0 {
                best[k] = (best[j].0 + 1, Some(j));
            }
        }
    }
    let Some(mut k) = (0..at.len()).max_by_key(|&k| best[k].0) else {
        return Vec::new();
    };
    if best[k].0 < 2 {
        return Vec::new();
    }
    let mut out = vec![at[k]];
    while let Some(j) = best[k].1 {
        out.push(at[j]);
        k = j;
    }
    out
}

/// Does a line starting with a letter follow line `i` (blank lines aside), as a note's text
/// follows its number set alone?
fn above_words(lines: &[String], i: usize) -> bool {
    lines[i + 1..]
        .iter()
        .take(3)
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| {
            l.trim_start()
                .chars()
                .next()
                .is_some_and(char::is_alphabetic)
        })
}

/// Is line `i` within two non-blank lines of one of `marks`?
fn beside_any(lines: &[String], i: usize, marks: &[usize]) -> bool {
    marks.iter().any(|&m| {
        let (lo, hi) = (i.min(m), i.max(m));
        hi - lo > 0
            && lines[lo + 1..hi]
                .iter()
                .filter(|l| !l.trim().is_empty())
                .count()
                < 2
    })
}

/// Does line `i` stand directly under a line of words, as a note's number set alone under
/// its text does (LibreOffice at Letter size, through pdftotext)? A folio is a block of its
/// own, even beside the break.
fn under_words(lines: &[String], i: usize) -> bool {
    i > 0 && {
        let above = lines[i - 1].trim();
        !above.is_empty() && above != BREAK && above.parse::<u64>().is_err()
    }
}

/// Is line `i` one of the two non-blank lines nearest to a break (or to the text's end)?
fn beside_break(lines: &[String], i: usize, breaks: &[usize]) -> bool {
    let nearest = |range: &mut dyn Iterator<Item = usize>| {
        range
            .filter(|&k| !lines[k].trim().is_empty())
            .take(2)
            .collect::<Vec<_>>()
    };
    breaks.iter().any(|&b| {
        nearest(&mut (0..b).rev()).contains(&i) || nearest(&mut (b + 1..lines.len())).contains(&i)
    })
}

fn digits_of(line: &str) -> String {
    line.chars().filter(char::is_ascii_digit).collect()
}

/// Up to [`ZONE`] non-blank lines either side of the break at `at`, not past another break.
fn zone(lines: &[String], at: usize) -> Vec<usize> {
    zone_of(lines, at, ZONE)
}

/// Up to `reach` non-blank lines either side of the break at `at`, not past another break.
fn zone_of(lines: &[String], at: usize, reach: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut take = |range: &mut dyn Iterator<Item = usize>| {
        let mut n = 0;
        for i in range {
            let t = lines[i].trim();
            if t == BREAK {
                break;
            }
            if t.is_empty() {
                continue;
            }
            out.push(i);
            n += 1;
            if n == reach {
                break;
            }
        }
    };
    take(&mut (0..at).rev());
    take(&mut (at + 1..lines.len()));
    out
}

/// The first lines of the document, up to its first break or second-level heading: the title
/// page, whose series or institute line is metadata even when it recurs as a running line.
fn title_page_lines(lines: &[String]) -> Vec<usize> {
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim();
        if t == BREAK || out.len() >= 12 {
            break;
        }
        if t.is_empty() {
            continue;
        }
        let heading = t.trim_start_matches('#').replace(['*', '_'], "");
        if t.starts_with('#') && super::is_summary_heading(&heading) {
            break;
        }
        out.push(i);
    }
    out
}

/// The lines of a table of contents (its heading and its entries' lines, see
/// [`super::contents::plain_contents`]).
fn contents_lines(lines: &[String]) -> Vec<usize> {
    let Some(c) = super::contents::plain_contents(lines) else {
        return Vec::new();
    };
    std::iter::once(c.heading)
        .chain(c.entries.into_iter().flatten())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (String, PageScan) {
        normalise_pages(text)
    }

    #[test]
    fn a_running_head_naming_the_title_goes_wherever_the_extractor_set_it() {
        // markitdown on a two-column PDF: the form feeds fall mid-text and the head stands
        // beside the folio in the middle of the page's text, once near a break.
        let body = "Text of the page goes on here in a line of some length.\n";
        let text = format!(
            "Room for the River\n\nSummary\n{body}{body}{body}{body}{body}{body}{body}{body}{body}{body}{body}{body}\n2\n\nPolicy Brief No. 21 — Room for the River\n\n{body}{body}\u{c}{body}{body}\n3\n\nPolicy Brief No. 21 — Room for the River\n\n{body}\n\u{c}Policy Brief No. 21 — Room for the River\n\n{body}"
        );
        let (out, scan) = run(&text);
        assert!(!out.contains("Policy Brief No. 21"), "{out}");
        assert_eq!(
            scan.running_texts[0],
            "Policy Brief No. 21 — Room for the River"
        );
        // A line recurring without naming the title stays where no break is near.
        let text = text.replace(
            "Policy Brief No. 21 — Room for the River",
            "Source: the census",
        );
        let (out, _) = run(&text);
        assert!(out.contains("\n2\n\nSource: the census\n"), "{out}");
    }

    #[test]
    fn break_forms_become_one_form_and_keep_the_line_count() {
        for marker in [
            "---",
            "-----",
            "***",
            "* * *",
            "___",
            "<!-- page 3 -->",
            "<!-- PageBreak -->",
            "\u{c}",
        ] {
            let src = format!("One.\n\n{marker}\n\nTwo.");
            let (out, scan) = run(&src);
            assert_eq!(out, "One.\n\n***\n\nTwo.", "{marker:?}");
            assert_eq!(scan.breaks, 1, "{marker:?}");
        }
        // Not breaks: a comment about something else, an indented rule, a list item.
        for text in ["<!-- image -->", "    ---", "- item"] {
            assert_eq!(run(text).1.breaks, 0, "{text}");
        }
    }

    #[test]
    fn rules_inside_fenced_code_are_code() {
        let src = "One.\n\n```\n-----\n~~~\n---\n```\n\n~~~~\n***\n~~~~\n\n---\n\nTwo.";
        let (out, scan) = run(src);
        assert_eq!(
            out,
            "One.\n\n```\n-----\n~~~\n---\n```\n\n~~~~\n***\n~~~~\n\n***\n\nTwo."
        );
        assert_eq!(scan.breaks, 1);
    }

    #[test]
    fn form_feed_at_the_start_of_a_line_breaks_before_it() {
        let (out, scan) = run("the end of a\n\n\u{c}page and more");
        assert_eq!(out, "the end of a\n***\npage and more");
        assert_eq!(scan.breaks, 1);
    }

    #[test]
    fn recurring_footers_with_changing_numbers_are_removed() {
        let src = "# T\n\n## Summary\n\nText one.\n\n2 | Water Brief No. 7 · May 2025\n\n---\n\nText two.\n\n3 | Water Brief No. 7 · May 2025\n\n---\n\nText three.\n";
        let (out, scan) = run(src);
        assert!(!out.contains("Water Brief"), "{out}");
        assert_eq!(scan.running_lines, 2);
        assert_eq!(scan.breaks, 2);
        assert_eq!(out.lines().count(), src.lines().count());
    }

    #[test]
    fn a_lone_page_number_next_to_a_break_is_removed_but_not_a_number_far_from_one() {
        let (out, _) = run("# T\n\n## Summary\n\nBody.\n\nPage 2 of 5\n\n***\n\nMore.\n");
        assert!(!out.contains("Page 2"), "{out}");
        let (out, _) =
            run("# T\n\n## S\n\n2024\n\nA.\n\nB.\n\nC.\n\nD.\n\nE.\n\nF.\n\nG.\n\n***\n\nH.\n");
        assert!(out.contains("2024"), "{out}");
    }

    #[test]
    fn a_running_head_beside_every_folio_is_found_without_breaks() {
        // pymupdf4llm: no page marks; each page's head follows the last page's folio.
        let body = "Body text goes on here.\n\n".repeat(12);
        let src = format!(
            "Short Title \u{b7} Paper 4\n\n# Short Title\n\n## Summary\n\n{body}\u{2013} 1 \u{2013}\n\nShort Title \u{b7} Paper 4\n\n{body}\u{2013} 2 \u{2013}\n\nShort Title \u{b7} Paper 4\n\n{body}Last words.\n\n\u{2013} 3 \u{2013}\n"
        );
        let (out, _) = run(&src);
        assert_eq!(out.matches("Paper 4").count(), 0, "{out}");
        assert!(
            out.contains("# Short Title") && out.contains("Last words."),
            "{out}"
        );
        // A line that recurs away from the page numbers, and is no title-page line, stays.
        let src = format!(
            "# T\n\n## Summary\n\n{body}See the annex.\n\n{body}\u{2013} 1 \u{2013}\n\n{body}See the annex.\n\n{body}\u{2013} 2 \u{2013}\n"
        );
        let (out, _) = run(&src);
        assert_eq!(out.matches("See the annex.").count(), 2, "{out}");
    }

    #[test]
    fn a_note_number_under_its_text_is_no_folio() {
        // LibreOffice at Letter size, through pdftotext: numbers under their notes' text.
        let src = "Body goes on.\n\nAgency, Report (2024).\n1\n\nAshdown, Bias (2023).\n2\n\n3\n\nSurvey, 2022.\n\n\u{2013}1\u{2013}\n\n\u{c}More body.\n\nOther, Report (n =\n640).\n4\n\n\u{2013}2\u{2013}\n";
        let (out, _) = run(src);
        assert!(out.contains("(2024).\n1\n"), "{out}");
        assert!(out.contains("(2023).\n2\n\n3\n"), "{out}");
        // Beside the break too, with the folio under it.
        assert!(out.contains("640).\n4\n"), "{out}");
    }

    #[test]
    fn without_any_marker_running_lines_become_the_breaks() {
        let src = "# T\n\n## Summary\n\nFirst page text that runs\nPage 1 of 3\non to the second page.\n\nMore.\n\nPage 2 of 3\n\nLast page.\n";
        let (out, scan) = run(src);
        assert_eq!(scan.running_lines, 2);
        assert_eq!(scan.breaks, 2);
        assert!(out.contains("runs\n***\non to"), "{out}");
        assert!(!out.contains("Page 2 of 3"));
    }

    #[test]
    fn a_break_without_the_running_line_the_others_have_is_pointed_out() {
        let src = "# T\n\n## Summary\n\nA.\n\nPage 1 of 4\n\n---\n\nB.\n\nPage 2 of 4\n\n---\n\nC.\n\nPage 3 of 4\n\n---\n\nD.\n\n---\n\nE.\n";
        let (_, scan) = run(src);
        assert_eq!(scan.lonely_breaks, [25]);
        assert!(
            run("A.\n\n---\n\nB.\n").1.lonely_breaks.is_empty(),
            "no running lines at all"
        );
    }

    #[test]
    fn a_title_repeated_next_to_a_break_is_a_running_head() {
        let (out, scan) = run(
            "# Rivers of Trade\n\n## Summary\n\nText.\n\n---\n\nRivers of Trade\n\nMore text.\n",
        );
        assert_eq!(scan.running_lines, 1);
        assert!(out.starts_with("# Rivers of Trade"));
        assert_eq!(out.matches("Rivers of Trade").count(), 1);
    }

    #[test]
    fn lines_that_recur_but_are_not_debris_stay() {
        // Note definitions, list items and headings near breaks are never running lines.
        let src = "# T\n\n## S\n\nA.\n\n---\n\n<sup>6</sup> Ibid.\n\nB.\n\n---\n\n<sup>9</sup> Ibid.\n\n- Yes\n\n---\n\n- Yes\n";
        let (out, scan) = run(src);
        assert_eq!(scan.running_lines, 0, "{out}");
    }

    #[test]
    fn contents_entries_that_open_pages_as_headings_are_no_running_lines() {
        // pdftotext on a publication's contents page: entries and their page numbers apart;
        // two entries open later pages as headings.
        let src = "Title\n\u{c}Table of contents\nIntroduction\n\n3\n\nBackground\n\n4\n\nA long entry that goes\non to a second line\n\n4\n\u{c}Introduction\nText of the first page.\n\n3\n\u{c}Background\nText of the second page.\n\n4\n";
        let (out, _) = run(src);
        assert_eq!(out.matches("Introduction").count(), 2, "{out}");
        assert_eq!(out.matches("Background").count(), 2, "{out}");
        let lines: Vec<String> = src
            .replace('\u{c}', "***\n")
            .lines()
            .map(str::to_string)
            .collect();
        // The heading, two entries of one line and one of two, each with its number.
        assert_eq!(contents_lines(&lines).len(), 8);
    }

    #[test]
    fn folios_that_count_the_pages_are_found_past_notes_and_note_numbers_are_not() {
        // Pages 1–5 print folios 3–7 at their feet. On page 3 a note's number stands alone
        // above the folio and the note's text; on page 4 two note numbers stand in a column.
        let mut src = String::new();
        for (page, foot) in [
            ("Body one ends here.", "3"),
            ("Body two ends here.", "4"),
            (
                "Body three.1\n\n1\n\n5\n\nThe note's text, line one,\nline two,\nline three,\nline four,\nand line five.\n\nShort Title · Series",
                "",
            ),
            ("Body four.2 More.3\n\n2\n3\n\nA note.\nAnother note.", "6"),
            ("Body five.", "7"),
        ] {
            src.push_str(page);
            if !foot.is_empty() {
                src.push_str(&format!("\n\n{foot}"));
            }
            src.push_str("\n\n\u{c}Short Title · Series\n\n");
        }
        let (out, _) = run(&src);
        let lone: Vec<&str> = out
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_digit()))
            .collect();
        assert_eq!(lone, ["1", "2", "3"], "{out}");
    }

    #[test]
    fn shapes_and_page_numbers() {
        assert_eq!(shape("  *Page 12 of 30* "), "page # of #");
        assert!(is_page_number("page # of #"));
        assert!(is_page_number("- # -"));
        assert!(is_page_number("#"));
        assert!(!is_page_number("table #"));
        assert!(!is_page_number("#-#-#"), "an ISO date");
        assert!(is_url_line("www.example.org"));
        assert!(!is_url_line("e.g. this"));
    }
}
