//! Title-page lines an extractor ran together (pymupdf4llm joins lines of one text block):
//! `Subtitle **Ana Lima** and **Bo Chen** 4 November 2024`, or with plain names
//! `Subtitle Ana Lima Bo Chen 12 March 2025` when another title-page line names the authors
//! (`Ana Lima: Institute; Bo Chen: University`). Split back into one line per field — the
//! date off the end, the byline from its first bold name (or from the names the page gives
//! elsewhere) — so that the title-page reader reads each.

use super::{Line, Lines};
use crate::read::date::{parse_date, parse_month};
use crate::read::extracted::{inline_affiliations, looks_like_names};

pub fn run(l: &mut Lines) {
    let Some(title) = l.lines.iter().position(|x| x.text.starts_with("# ")) else {
        return;
    };
    join_broken_subtitle(l, title);
    // The title page ends at the first `##` heading, but for a subtitle set as one right
    // under the title.
    let first = (title + 1..l.lines.len()).find(|&k| !l.lines[k].is_blank());
    let subtitle = first.filter(|&k| {
        let t = &l.lines[k].text;
        t.starts_with("## ")
            && !crate::read::extracted::is_summary_heading(&plain(t.trim_start_matches('#')))
    });
    let end = (subtitle.map_or(title, |k| k) + 1..l.lines.len())
        .find(|&k| l.lines[k].text.starts_with("## ") || l.lines[k].is_break())
        .unwrap_or(l.lines.len());
    let mut known: Vec<String> = (0..end)
        .filter_map(|k| inline_affiliations(&plain(&l.lines[k].text)))
        .flatten()
        .map(|(name, _)| name)
        .collect();
    known.extend(bold_lead_names(&l.lines));
    for k in (title + 1..end).rev() {
        // A heading is one field whatever it holds (a masthead in bold is no byline).
        if l.lines[k].text.starts_with('#') {
            continue;
        }
        if let Some(parts) = split(&l.lines[k].text, &known) {
            let src = l.lines[k].src;
            l.lines.splice(
                k..=k,
                parts
                    .into_iter()
                    .flat_map(|p| [Line::new(p, src), Line::new("", src)]),
            );
        }
    }
}

/// A subtitle an extractor broke into two headings at a line's end (`## **Wie**` then
/// `## **Mietwohnungen … werden können**`): a first part of one or two words, with no
/// punctuation at its end, goes on in the next.
fn join_broken_subtitle(l: &mut Lines, title: usize) {
    let next_text = |from: usize| (from..l.lines.len()).find(|&k| !l.lines[k].is_blank());
    let Some(a) = next_text(title + 1) else {
        return;
    };
    let Some(b) = next_text(a + 1) else {
        return;
    };
    let (ta, tb) = (&l.lines[a].text, &l.lines[b].text);
    let words = |t: &str| plain(t.trim_start_matches('#')).split_whitespace().count();
    let body = plain(ta.trim_start_matches('#'));
    if ta.starts_with("## ")
        && tb.starts_with("## ")
        && words(ta) <= 2
        && !body.ends_with(['.', ':', '!', '?'])
        && !crate::read::extracted::is_summary_heading(&plain(tb.trim_start_matches('#')))
    {
        let joined = format!("## {} {}", body, plain(tb.trim_start_matches('#')));
        l.lines[a].text = joined;
        l.lines[b].text.clear();
    }
}

/// The fields of a run-together line, in order; `None` when it is one field.
fn split(line: &str, known: &[String]) -> Option<Vec<String>> {
    let text = line.trim();
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() < 4 {
        return None;
    }
    // The date at the end: the longest tail of up to four words that reads as one.
    let (body, date) = (1..=4.min(words.len() - 1))
        .rev()
        .find_map(|n| {
            let tail = words[words.len() - n..].join(" ");
            // The tail must be a date and nothing else ("Wendell 4 November 2024" is not).
            let whole = parse_date(&tail).is_some() || parse_month(&tail).is_some();
            whole.then(|| (words[..words.len() - n].join(" "), Some(tail)))
        })
        .unwrap_or((text.to_string(), None));
    let mut out = Vec::new();
    if let Some((before, byline)) = bold_byline(&body).or_else(|| known_names(&body, known)) {
        if !before.trim().is_empty() {
            out.push(before.trim().to_string());
        }
        out.push(byline);
    } else {
        let (byline, after) = leading_known_names(&body, known)?;
        out.push(byline);
        out.push(after);
    }
    out.extend(date);
    (out.len() > 1).then_some(out)
}

/// `Priya Lindqvist Callum Oduya Northgate Centre for Tarnbrook College Social Policy`: a
/// two-column author block read across (pymupdf4llm), the names the author box gives first,
/// their affiliations interleaved after. The names make the byline; the rest stays a line
/// of its own.
fn leading_known_names(text: &str, known: &[String]) -> Option<(String, String)> {
    let mut rest = text.trim_start();
    let mut names = Vec::new();
    while let Some(name) = known.iter().find(|n| {
        rest.strip_prefix(n.as_str())
            .is_some_and(|r| r.is_empty() || r.starts_with(' '))
    }) {
        rest = rest[name.len()..].trim_start();
        names.push(name.clone());
    }
    if names.len() < 2 || rest.is_empty() {
        return None;
    }
    let (last, others) = names.split_last()?;
    Some((
        format!("{} and {last}", others.join(", ")),
        rest.to_string(),
    ))
}

/// `Subtitle **Ana Lima** , Institute and **Bo Chen**`: what comes before the first bold
/// name, and the byline from it on (without the bold marks).
fn bold_byline(text: &str) -> Option<(String, String)> {
    let start = text.find("**")?;
    let rest = &text[start + 2..];
    let name = &rest[..rest.find("**")?];
    if !looks_like_names(name) {
        return None;
    }
    let byline = text[start..]
        .replace("**", "")
        .replace(" ,", ",")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    Some((text[..start].to_string(), byline))
}

/// `Subtitle Ana Lima Bo Chen` where the brief names Ana Lima and Bo Chen elsewhere: the
/// known names the text ends with, in its order.
fn known_names(text: &str, known: &[String]) -> Option<(String, String)> {
    let mut before = text.trim_end();
    let mut names = Vec::new();
    while let Some(name) = known.iter().find(|n| {
        before
            .strip_suffix(n.as_str())
            .is_some_and(|b| b.is_empty() || b.ends_with(' '))
    }) {
        before = before[..before.len() - name.len()].trim_end();
        names.insert(0, name.clone());
    }
    // A byline already (`Camille Aubert et Julien Moreau`): nothing ran into it.
    if !before.is_empty() && looks_like_names(text) {
        return None;
    }
    let (last, rest) = names.split_last()?;
    let byline = if rest.is_empty() {
        last.clone()
    } else {
        format!("{} and {last}", rest.join(", "))
    };
    Some((before.to_string(), byline))
}

/// Names set in bold at the start of a paragraph that goes on (`**Moira Castellan** is Head
/// of Policy…`): an author box names its authors so.
fn bold_lead_names(lines: &[Line]) -> Vec<String> {
    lines
        .iter()
        .filter_map(|l| {
            let rest = l.text.trim_start().strip_prefix("**")?;
            let end = rest.find("**")?;
            let (name, after) = (&rest[..end], rest[end + 2..].trim());
            let words = name.split_whitespace().count();
            ((2..=4).contains(&words) && looks_like_names(name) && !after.is_empty())
                .then(|| name.trim().to_string())
        })
        .collect()
}

/// A Markdown line's words without emphasis marks.
fn plain(t: &str) -> String {
    t.replace(['*', '_'], "").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_lines(text: &str) -> String {
        let mut l = Lines::new(text, None);
        run(&mut l);
        l.text()
    }

    #[test]
    fn bold_names_and_a_date_run_into_the_subtitle() {
        assert_eq!(
            split_lines(
                "# Buses\n\nRebuilding Rural Transport **Moira Castellan** and **Tobias Wendell** 4 November 2024\n\n## Summary"
            ),
            "# Buses\n\nRebuilding Rural Transport\n\nMoira Castellan and Tobias Wendell\n\n4 November 2024\n\n\n## Summary"
        );
    }

    #[test]
    fn plain_names_the_page_gives_elsewhere() {
        let got = split_lines(
            "# Room\n\nPaying for Defences Harriet Ashdown Devraj Ramanathan 12 March 2025\n\n_Harriet Ashdown: Severn Institute; Devraj Ramanathan: University of Bredon_\n\n## Summary",
        );
        assert!(
            got.contains(
                "Paying for Defences\n\nHarriet Ashdown and Devraj Ramanathan\n\n12 March 2025\n"
            ),
            "{got}"
        );
    }

    #[test]
    fn plain_names_an_author_box_sets_in_bold() {
        let got = split_lines(
            "# Buses\n\nRebuilding Rural Transport Moira Castellan Tobias Wendell 4 November 2024\n\n## Summary\n\nText.\n\n**Lakeland Mobility Forum** is a charity.\n\n**Tobias Wendell** is an economist.\n\n**Moira Castellan** is Head of Policy.",
        );
        assert!(
            got.contains(
                "Rebuilding Rural Transport\n\nMoira Castellan and Tobias Wendell\n\n4 November 2024\n"
            ),
            "{got}"
        );
        // A byline is left whole.
        let byline = "# Rénover\n\nCamille Aubert et Julien Moreau\n\n## Résumé\n\n**Julien Moreau** est économiste.";
        assert_eq!(split_lines(byline), byline);
    }

    #[test]
    fn names_first_in_an_author_block_read_across_two_columns() {
        let got = split_lines(
            "# Lunch\n\n## Making Meals Cost-Effective\n\nPriya Lindqvist Callum Oduya Northgate Centre for Tarnbrook College Social Policy\n\nMarch 2025\n\n## Summary\n\nText.\n\n**Priya Lindqvist** is a Fellow.\n\n**Callum Oduya** is a Lecturer.",
        );
        assert!(
            got.contains("Priya Lindqvist and Callum Oduya\n\nNorthgate Centre for Tarnbrook College Social Policy\n"),
            "{got}"
        );
    }

    #[test]
    fn a_subtitle_broken_into_two_headings_is_one() {
        assert_eq!(
            split_lines(
                "# **Wärme**\n\n## **Wie**\n\n## **Mietwohnungen umgestellt werden**\n\nText."
            ),
            "# **Wärme**\n\n## Wie Mietwohnungen umgestellt werden\n\n\n\nText."
        );
    }

    #[test]
    fn a_heading_is_never_split() {
        let text = "# Buses\n\n#### **Lakeland Mobility Forum** of 4 November 2024\n\n## Summary";
        assert_eq!(split_lines(text), text);
    }

    #[test]
    fn a_plain_subtitle_stays_whole() {
        let text = "# Buses\n\nRebuilding Rural Public Transport on a Tight Budget\n\n## Summary";
        assert_eq!(split_lines(text), text);
    }
}
