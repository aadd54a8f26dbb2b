//! Headings in text without Markdown: a short line that starts a block, ends without
//! punctuation, is set in capitals, Title Case, letter-spaced capitals or numbered (`1.`,
//! `1.1`, `II.`) or in sentence case, and is followed by body text (so that the lines of a
//! table, each on its own, are not taken for headings). Levels come from the numbering's
//! depth, or else from the styles the brief uses, most prominent first: capitals, Title
//! Case, sentence case.

use super::{Line, Lines, ends_sentence, words};
use crate::read::extracted::{contents, is_summary_heading};

/// How a heading is set, most prominent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Style {
    Capitals,
    TitleCase,
    SentenceCase,
    /// One word: both Title and sentence case; takes the top level.
    OneWord,
}

/// The most words a heading has.
const MAX_WORDS: usize = 14;
/// A heading is shorter than this share of the measure.
const SHORT: f64 = 0.75;

pub fn run(l: &mut Lines) {
    let toc = Contents::read(l);
    let mut found = find(l, &toc);
    drop_names_under_authors_headings(l, &mut found);
    // Where every noun is capitalised (German), Title Case and sentence case are one style.
    if l.lang.is_some_and(crate::model::lang::capitalises_nouns) {
        for h in found.iter_mut().filter(|h| h.style == Style::TitleCase) {
            h.style = Style::SentenceCase;
        }
    }
    let styles: Vec<Style> = {
        let mut s: Vec<Style> = found
            .iter()
            .filter_map(|h| (h.depth == 0 && h.style != Style::OneWord).then_some(h.style))
            .collect();
        s.sort_unstable();
        s.dedup();
        s
    };
    let levels = levels(l, &found, &styles);
    // Insert from the end, so that earlier indices stay valid.
    for (h, level) in found.into_iter().zip(levels).rev() {
        let line = &mut l.lines[h.at];
        let text = demangle(line.text.trim());
        let evidence = match (h.depth, h.style) {
            (d, _) if d > 0 => "numbered",
            (_, Style::Capitals) => "capitals",
            (_, Style::TitleCase | Style::OneWord) => "title case",
            (_, Style::SentenceCase) => "sentence case",
        };
        l.inferred.headings.insert(0, (text.clone(), evidence));
        line.text = format!("{} {text}", "#".repeat(level.min(6)));
        let src = line.src;
        // A heading ends its block: body text may follow it directly.
        if l.lines.get(h.at + 1).is_some_and(|n| !n.is_blank()) {
            l.lines.insert(h.at + 1, Line::new("", src));
        }
        if h.at > 0 && !l.lines[h.at - 1].is_blank() {
            l.lines.insert(h.at, Line::new("", src));
        }
    }
}

/// Each heading's level: from its numbering's depth, else from its style's rank. A one-word
/// heading ("Waste", "Kitchens") fits either style; unless it names one of a brief's top parts
/// (summary, introduction, recommendations…), it is a sibling of the heading before it, and
/// below it when that heading is at the brief's top level and the brief has a level under
/// it: briefs name their sections with phrases, their subsections often with a word.
fn levels(l: &Lines, found: &[Found], styles: &[Style]) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::with_capacity(found.len());
    for h in found {
        let level = if h.depth > 0 {
            (h.depth + 1).min(6)
        } else if h.style == Style::OneWord {
            let text = l.lines[h.at].text.trim();
            match out.last() {
                _ if is_top_part(text) => 2,
                Some(&before) if styles.len() >= 2 => before.max(3),
                Some(&before) => before,
                None => 2,
            }
        } else {
            2 + styles.iter().position(|s| *s == h.style).unwrap_or(0)
        };
        out.push(level);
    }
    out
}

/// Headings that name a brief's top-level parts, in the languages briefs are written in.
fn is_top_part(text: &str) -> bool {
    let t = crate::read::extracted::normalise_heading(text);
    is_summary_heading(text)
        || crate::read::extracted::is_authors_heading(text)
        || crate::read::extracted::is_disclaimer_heading(text)
        || crate::read::extracted::notes::is_notes_heading(text)
        || matches!(
            t.as_str(),
            "introduction"
                | "background"
                | "context"
                | "overview"
                | "conclusion"
                | "conclusions"
                | "recommendations"
                | "policy recommendations"
                | "methodology"
                | "appendix"
                | "annex"
                | "einleitung"
                | "hintergrund"
                | "fazit"
                | "empfehlungen"
                | "schlussfolgerungen"
                | "contexte"
                | "recommandations"
                | "introducción"
                | "conclusiones"
                | "recomendaciones"
        )
}

struct Found {
    at: usize,
    style: Style,
    /// Depth of its numbering (`1.` is 1, `1.2` is 2); 0 when unnumbered.
    depth: usize,
}

/// A name right under an authors heading ("Über die Autoren" / "Katharina Vollmer") opens the
/// first author's note, it is no heading of its own.
fn drop_names_under_authors_headings(l: &Lines, found: &mut Vec<Found>) {
    let text = |h: &Found| l.lines[h.at].text.trim().to_string();
    let mut keep = vec![true; found.len()];
    for k in 1..found.len() {
        let (before, h) = (&found[k - 1], &found[k]);
        let next_to = (before.at + 1..h.at).all(|j| l.lines[j].is_blank());
        if next_to
            && crate::read::extracted::is_authors_heading(&text(before))
            && crate::read::extracted::looks_like_names(&text(h))
        {
            keep[k] = false;
        }
    }
    let mut k = 0;
    found.retain(|_| {
        k += 1;
        keep[k - 1]
    });
}

/// A table of contents' entries, which name the body's headings whatever their shape.
struct Contents {
    keys: Vec<String>,
    /// The line after the contents: entries are looked for past it.
    end: usize,
}

impl Contents {
    /// The contents in the text, when it has a contents page; the lines of an entry the
    /// body's heading wraps over are joined (`R6: … requires mobilising the entire` /
    /// `community`).
    fn read(l: &mut Lines) -> Contents {
        let texts: Vec<&str> = l.lines.iter().map(|x| x.text.as_str()).collect();
        let (keys, end) = match contents::plain_contents(&texts) {
            Some(c) => (
                contents::plain_entry_keys(&texts, &c),
                c.entries
                    .last()
                    .and_then(|e| e.last())
                    .map_or(0, |&i| i + 1),
            ),
            None => (Vec::new(), 0),
        };
        let toc = Contents { keys, end };
        let mut i = toc.end;
        while i + 1 < l.lines.len() {
            let (a, b) = (&l.lines[i], &l.lines[i + 1]);
            let apart = a.is_blank() || b.is_blank() || a.is_break() || b.is_break();
            if !(apart || toc.names(&a.text)) {
                let joined = format!("{} {}", a.text.trim(), b.text.trim());
                if toc.names(&joined) {
                    l.lines[i].text = joined;
                    l.lines.remove(i + 1);
                }
            }
            i += 1;
        }
        toc
    }

    fn names(&self, text: &str) -> bool {
        let k = contents::key(text);
        !k.is_empty() && self.keys.contains(&k)
    }

    /// Is line `i` a heading the contents name: its text an entry's, standing where a
    /// heading may (a block's start, or after a line that ends a sentence)?
    fn heading_at(&self, lines: &[Line], i: usize) -> bool {
        let after_sentence = i == 0
            || lines[i - 1].is_blank()
            || lines[i - 1].is_break()
            || ends_sentence(&lines[i - 1].text)
            || self.names(&lines[i - 1].text);
        i >= self.end && after_sentence && self.names(&lines[i].text)
    }
}

/// The heading lines, in order.
fn find(l: &Lines, toc: &Contents) -> Vec<Found> {
    let lines = &l.lines;
    let short = |t: &str| (t.trim().chars().count() as f64) < SHORT * l.measure as f64;
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].src < l.body_from {
            i += 1;
            continue;
        }
        if toc.heading_at(lines, i) {
            let (depth, rest) = numbering(lines[i].text.trim());
            out.push(Found {
                at: i,
                style: style_of(rest),
                depth,
            });
            i += 1;
            continue;
        }
        let starts_block = i == 0 || lines[i - 1].is_blank() || lines[i - 1].is_break();
        // Several heading lines may open a block ("Section" then "Subsection" then text).
        let mut j = i;
        let mut run = Vec::new();
        while starts_block && j < lines.len() && !lines[j].is_blank() {
            let t = lines[j].text.trim();
            match heading_shape(t) {
                Some((style, depth)) if short(t) => run.push((j, style, depth)),
                _ => break,
            }
            j += 1;
        }
        let list_goes_on = run.last().is_some_and(|&(_, _, depth)| depth > 0)
            && (j..lines.len())
                .find(|&k| !lines[k].is_blank())
                .is_some_and(|k| {
                    numbering(lines[k].text.trim()).0 > 0 || lines[k].text.starts_with("- ")
                });
        let part_at_page_foot = run.len() == 1
            && is_top_part(lines[run[0].0].text.trim())
            && body_follows_the_break(lines, j, &short);
        if !run.is_empty() && !list_goes_on && (body_follows(lines, j, &short) || part_at_page_foot)
        {
            out.extend(
                run.into_iter()
                    .map(|(at, style, depth)| Found { at, style, depth }),
            );
        }
        i = j.max(i + 1);
    }
    out
}

/// After the heading lines ending before `j`: body text — a line of the same block, or
/// after blank lines a long line, a list, or another block that opens with a heading.
fn body_follows(lines: &[Line], j: usize, short: &dyn Fn(&str) -> bool) -> bool {
    let Some(next) = lines.get(j) else {
        return false;
    };
    if !next.is_blank() {
        // Text going on in lower case continues the line (a wrapped list item or table
        // cell): body text after a heading starts a sentence.
        let lower = next.text.trim_start().starts_with(char::is_lowercase);
        return !next.is_break() && !lower;
    }
    let Some(k) = (j..lines.len()).find(|&k| !lines[k].is_blank()) else {
        return false;
    };
    let t = lines[k].text.trim();
    if lines[k].is_break() {
        return false;
    }
    // The next block opens with a heading over its text, not a wrapped cell ("In-house" /
    // "service") of a table whose cells stand one per line.
    let more_lines = lines.get(k + 1).is_some_and(|n| {
        !n.is_blank() && !n.is_break() && !n.text.trim_start().starts_with(char::is_lowercase)
    });
    !short(t)
        || t.starts_with("- ")
        || t.starts_with("1. ")
        || (more_lines && heading_shape(t).is_some())
}

/// A page break straight after the heading lines ending before `j`, and body text after it:
/// a heading left at the foot of a page (a browser's print keeps no heading with its text).
fn body_follows_the_break(lines: &[Line], j: usize, short: &dyn Fn(&str) -> bool) -> bool {
    (j..lines.len())
        .find(|&k| !lines[k].is_blank())
        .is_some_and(|k| lines[k].is_break() && body_follows(lines, k + 1, short))
}

/// The style and numbering depth of a line shaped like a heading.
fn heading_shape(t: &str) -> Option<(Style, usize)> {
    if t.is_empty()
        || t.starts_with("- ")
        || t.starts_with(crate::read::extracted::markers::superscript_digit)
        || t.starts_with('#')
        || t.starts_with('|')
        || t.chars().count() > 100
        || words(t).count() > MAX_WORDS
        || ends_sentence(t)
        || t.ends_with(',')
        || is_caption(t)
        || words(t).count() <= 4 && crate::read::date::find_date(t).is_some()
        || t.starts_with(['©', '('])
    {
        return None;
    }
    let (depth, rest) = numbering(t);
    let letters: String = rest.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.chars().count() < 2 {
        return None;
    }
    let first = rest.chars().find(|c| c.is_alphabetic())?;
    if !first.is_uppercase() {
        return None;
    }
    let style = style_of(rest);
    // An unnumbered line in sentence case needs more: few words, and not a name or a
    // fragment of a sentence that was cut (those end in a function word or a comma).
    if depth == 0 && style == Style::SentenceCase && words(rest).count() > 8 {
        return None;
    }
    Some((style, depth))
}

/// `Figure 2: …`, `Table 1 …`, `Source: …`: captions and sources, not headings.
fn is_caption(t: &str) -> bool {
    let first = t
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("")
        .to_lowercase();
    matches!(
        first.as_str(),
        "figure"
            | "fig"
            | "table"
            | "chart"
            | "box"
            | "source"
            | "sources"
            | "note"
            | "graph"
            | "map"
            | "tableau"
            | "graphique"
            | "tabelle"
            | "abbildung"
            | "quelle"
            | "tabla"
            | "gráfico"
            | "cuadro"
            | "figura"
            | "fuente"
    )
}

/// `1.`, `1.2`, `1.2.3`, `II.`, `A.` before the words: the depth and the words.
fn numbering(t: &str) -> (usize, &str) {
    let first = t.split_whitespace().next().unwrap_or("");
    let rest = t[first.len()..].trim_start();
    if rest.is_empty() {
        return (0, t);
    }
    // The escape pass wrote `2\.` where a number did not continue a list.
    let unescaped = first.replace('\\', "");
    let bare = unescaped.trim_end_matches(['.', ')']);
    let arabic = !bare.is_empty()
        && bare
            .split('.')
            .all(|p| !p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit()));
    if arabic {
        return (bare.split('.').count(), rest);
    }
    let roman = !bare.is_empty()
        && unescaped.ends_with('.')
        && bare.len() <= 5
        && bare.chars().all(|c| "IVXL".contains(c));
    if roman {
        return (1, rest);
    }
    (0, t)
}

/// Capitals, Title Case (every word of four letters or more capitalised), or sentence case.
fn style_of(t: &str) -> Style {
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 4 && letters.iter().all(|c| !c.is_lowercase()) {
        return Style::Capitals;
    }
    let is_long = |w: &&str| w.chars().filter(|c| c.is_alphabetic()).count() >= 4;
    let long: Vec<&str> = words(t).filter(is_long).collect();
    // The long words after the first word, whose case tells the style.
    let later_long: Vec<&str> = words(t).skip(1).filter(is_long).collect();
    if words(t).count() == 1 || long.len() <= 1 && words(t).count() <= 2 {
        return Style::OneWord;
    }
    let capitalised = |w: &&str| {
        w.chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_uppercase)
    };
    if later_long.iter().all(capitalised) && long.len() > 1 {
        return Style::TitleCase;
    }
    // A short word capitalised after the first, where no long word is in lower case: Title
    // Case that keeps its minor words small ("Paying for It"); sentence case would write "it".
    // (Acronyms, "US" or "EU", are capitals in any case.)
    let short_capital = words(t).skip(1).any(|w| {
        let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
        letters.len() < 4
            && letters.first().is_some_and(|c| c.is_uppercase())
            && letters[1..].iter().any(|c| c.is_lowercase())
    });
    if short_capital && later_long.iter().all(capitalised) {
        Style::TitleCase
    } else {
        // Sentence case, or mixed: proper names in a sentence-case heading.
        Style::SentenceCase
    }
}

/// Letter-spaced capitals (`I NTRODU CT I O N`, what small caps become) closed up; other
/// headings as written.
fn demangle(t: &str) -> String {
    let parts: Vec<&str> = t.split(' ').filter(|p| !p.is_empty()).collect();
    let single = parts.iter().filter(|p| p.chars().count() <= 2).count();
    let spaced = parts.len() >= 3
        && single * 2 >= parts.len()
        && parts.iter().all(|p| p.chars().all(char::is_uppercase));
    if spaced && !is_summary_heading(t) {
        parts.concat()
    } else {
        t.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(text: &str) -> String {
        let mut l = Lines::new(text, None);
        l.measure = 60;
        run(&mut l);
        l.text()
    }

    const BODY: &str = "The summer of 2022 was the hottest on record in Europe and more";

    #[test]
    fn a_short_line_opening_a_block_of_text_is_a_heading() {
        assert_eq!(
            marked(&format!("The Scale of the Problem\n{BODY}\nwords.")),
            format!("## The Scale of the Problem\n\n{BODY}\nwords.")
        );
    }

    #[test]
    fn levels_follow_the_styles_the_brief_uses() {
        let got = marked(&format!(
            "What Counts as Infrastructure\nThree building blocks\n{BODY}\n\nWhy shared systems\n{BODY}"
        ));
        assert!(got.contains("## What Counts as Infrastructure\n"), "{got}");
        assert!(got.contains("### Three building blocks\n"), "{got}");
        assert!(got.contains("### Why shared systems\n"), "{got}");
        // Title Case whose only word after the first that is capitalised is a short one; an
        // acronym in a sentence-case heading is no such word.
        let got = marked(&format!(
            "Paying for It\n{BODY}\n\nLessons from the US\n{BODY}\n\nA Network in Retreat\n{BODY}"
        ));
        assert!(got.contains("## Paying for It\n"), "{got}");
        assert!(got.contains("### Lessons from the US\n"), "{got}");
    }

    #[test]
    fn a_part_heading_at_a_page_foot_heads_the_text_on_the_next_page() {
        let brk = crate::read::extracted::pages::BREAK;
        let text = format!(
            "The last paragraph of the body ends here with a full stop.\n\nDisclaimer\n\n\n{brk}\n\n\n\
             The views in this paper are the authors' own. They do not represent the views of\n\
             the members or funders of the institute that published it.\n"
        );
        assert!(
            marked(&text).contains("## Disclaimer\n"),
            "{}",
            marked(&text)
        );
        // Any other short line at a page's foot is no heading: its text may go on.
        let other = text.replace("Disclaimer", "Road Funding");
        assert!(!marked(&other).contains("## "), "{}", marked(&other));
    }

    #[test]
    fn a_name_under_an_authors_heading_is_no_heading() {
        let got = marked(&format!(
            "Über die Autoren\n\nKatharina Vollmer\nEnergiepolitik und leitet dort den Bereich.\n\nWhat Comes Next\n{BODY}"
        ));
        assert!(got.contains("## Über die Autoren\n"), "{got}");
        assert!(got.contains("\nKatharina Vollmer\nEnergiepolitik"), "{got}");
        assert!(got.contains("## What Comes Next\n"), "{got}");
    }

    #[test]
    fn a_long_word_in_lower_case_after_the_first_word_is_sentence_case() {
        // The first long word is the second word: its case counts.
        assert_eq!(style_of("The emergence of Web 3.0"), Style::SentenceCase);
        assert_eq!(style_of("The Emergence of Web 3.0"), Style::TitleCase);
    }

    #[test]
    fn one_word_headings_under_a_section_are_subsections_in_a_two_level_brief() {
        let got = marked(&format!(
            "Where the Money Goes\n{BODY}\n\nWaste\n{BODY}\n\nKitchens\n{BODY}\n\nThe case for reform\n{BODY}\n\nRecommendations\n{BODY}"
        ));
        assert!(
            got.contains("### Waste\n") && got.contains("### Kitchens\n"),
            "{got}"
        );
        // A brief's top part keeps the top level.
        assert!(got.contains("## Recommendations\n"), "{got}");
        // With one level only, a one-word heading is a sibling.
        let got = marked(&format!("Where the Money Goes\n{BODY}\n\nWaste\n{BODY}"));
        assert!(got.contains("## Waste\n"), "{got}");
    }

    #[test]
    fn in_german_title_case_and_sentence_case_are_one_level() {
        let mut l = Lines::new(
            &format!("Kosten und Verteilung\n{BODY}\n\nWo die Umstellung scheitert\n{BODY}"),
            Some("de"),
        );
        l.measure = 60;
        run(&mut l);
        let got = l.text();
        assert!(got.contains("## Kosten und Verteilung\n"), "{got}");
        assert!(got.contains("## Wo die Umstellung scheitert\n"), "{got}");
    }

    #[test]
    fn headings_the_contents_name_are_headings_whatever_their_shape() {
        // UNESCO's brief through markitdown: a long heading straight after a paragraph's last
        // line, and one wrapped over two lines; neither has a heading's shape alone.
        let text = format!(
            "Table of contents\nBackground 5\nR1: Signing creative works is what makes open resources traceable again 6\nR2: Implementing technologies requires mobilising\nthe entire community 7\n\nBackground\n{BODY} ends.\nR1: Signing creative works is what makes open resources traceable again\n{BODY}\n\nR2: Implementing technologies requires mobilising the\nentire community\n{BODY}"
        );
        let got = marked(&text);
        assert!(got.contains("\n## Background\n"), "{got}");
        assert!(
            got.contains("ends.\n\n## R1: Signing creative works is what makes open resources traceable again\n\n"),
            "{got}"
        );
        assert!(
            got.contains(
                "## R2: Implementing technologies requires mobilising the entire community\n"
            ),
            "{got}"
        );
        // The contents' own lines stay as they are.
        assert!(
            got.starts_with("Table of contents\nBackground 5\n"),
            "{got}"
        );
    }

    #[test]
    fn numbered_and_capital_headings() {
        let got = marked(&format!(
            "1. INTRODUCTION\n{BODY}\n\n1.1 Scope of work\n{BODY}"
        ));
        assert!(
            got.contains("## INTRODUCTION") || got.contains("## 1. INTRODUCTION"),
            "{got}"
        );
        assert!(got.contains("### 1.1 Scope of work"), "{got}");
        assert_eq!(demangle("I NTRODU CT I O N"), "INTRODUCTION");
    }

    #[test]
    fn table_cells_captions_and_sentences_are_not_headings() {
        let cells = "Country\n\nIdentity\n\nEstonia\n\nyes\n\nIndia";
        assert_eq!(marked(cells), cells);
        let caption = format!("Figure 1: Monthly use\n{BODY}");
        assert_eq!(marked(&caption), caption);
        let sentence = format!("Most definitions agree:\n{BODY}");
        assert_eq!(marked(&sentence), sentence);
        let lower = format!("and so on\n{BODY}");
        assert_eq!(marked(&lower), lower);
        // A wrapped table cell or list item goes on in lower case.
        let cell = format!("Upper Teme\nstorage\n\n{BODY}");
        assert_eq!(marked(&cell), cell);
        let item = "1. Add a multiplier to the rules, so that a\nscheme scores higher.";
        assert_eq!(marked(item), item);
        // A cell before a wrapped cell ("In-house" / "service") is no heading either.
        let row = "Overheads\n\nTotal\n\nIn-house\nservice\n\n92\n\n121";
        assert_eq!(marked(row), row);
        // A table the tables pass rebuilt keeps its header row.
        let table = format!("| Fall | Miete |\n| --- | ---: |\n| A | 1 |\n\n{BODY}");
        assert_eq!(marked(&table), table);
    }
}
