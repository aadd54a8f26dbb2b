//! The title page of plain text: its lines, from the start to the first body paragraph, the
//! summary's heading or the first page break, each set apart as a paragraph of its own so
//! that the title-page reader classifies them one by one; the title among them chosen by
//! evidence, not position: not a © line, a memo field, a genre or series line, a date, a
//! byline, an institution's name or an address — the first line left, joined with the next
//! when it breaks mid-phrase; a memo's subject line wins. The line after the title, when it
//! is no field either, is the subtitle.

use super::{Line, Lines, ends_sentence};
use crate::read::backmatter::names_institution;
use crate::read::extracted::{
    is_summary_heading, looks_like_names, looks_like_series, split_names,
};

/// The most non-blank lines a title page has.
const MAX_LINES: usize = 16;

/// What a title-page line is, as far as choosing the title goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A memo's `SUBJECT:` or `RE:` line: the title, whatever else there is.
    Subject,
    /// A field the title-page reader reads (byline, date, series, publisher, ©, memo field).
    Field,
    /// A line that may be the title or the subtitle.
    Candidate,
    /// A line shaped like one person's name ("Cooler Streets" is shaped so too): the title
    /// when another such line follows it (the byline) or nothing else can be.
    Name,
    /// A line naming an institution: the publisher, unless it stands right under the title
    /// (a subtitle can name one: "Making School Meals Cost-Effective").
    Institution,
    /// A byline (authors after "By", several names, or names with their affiliations).
    Byline,
}

pub fn run(l: &mut Lines) {
    move_displaced_fragment(l);
    // The lines joined are blank then: the zone is read again without them.
    join_broken_bylines(l, &zone(l));
    let zone = zone(l);
    let Some(&last) = zone.last() else {
        return;
    };
    l.body_from = l.lines[last].src + 1;
    let mut kinds: Vec<Kind> = zone
        .iter()
        .map(|&i| kind(&unescaped(&l.lines[i].text)))
        .collect();
    // With a byline elsewhere, a line shaped like a name is no author: a short title.
    if kinds.contains(&Kind::Byline) {
        for k in kinds.iter_mut().filter(|k| **k == Kind::Name) {
            *k = Kind::Candidate;
        }
    }
    let pick = repeated_by_running_head(l, &zone, &kinds).or_else(|| pick_title(&kinds));
    let Some((at, evidence)) = pick else {
        separate(l, &zone);
        return;
    };
    let title_line = zone[at];
    let mut title = unescaped(&l.lines[title_line].text);
    if kinds[at] == Kind::Subject {
        title = title
            .split_once(':')
            .map_or(title.clone(), |(_, t)| t.trim().to_string());
    }
    // `Beyond Blockchain:` over the lines of its subtitle, to the block's end.
    if let Some(head) = title.strip_suffix(':').filter(|_| colon_head(&title)) {
        title = head.trim().to_string();
        let run: Vec<usize> = (at + 1..zone.len())
            .take_while(|&k| {
                zone[k] == title_line + (k - at) && matches!(kinds[k], Kind::Candidate | Kind::Name)
            })
            .map(|k| zone[k])
            .collect();
        if let Some((&first, rest)) = run.split_first() {
            let words: Vec<String> = run.iter().map(|&i| unescaped(&l.lines[i].text)).collect();
            l.lines[first].text = format!("## {}", super::escape::escape(&words.join(" ")));
            for &i in rest {
                l.lines[i].text.clear();
            }
            l.inferred.title = Some((title.clone(), evidence));
            l.lines[title_line].text = format!("# {}", super::escape::escape(&title));
            separate(l, &zone);
            return;
        }
    }
    let mut subtitle = None;
    let mut after = at + 1;
    // A title broken over two lines: the first ends in a small word or the second goes on
    // in lower case.
    if let Some(&next) = zone.get(after)
        && next == title_line + 1
        && matches!(kinds[after], Kind::Candidate | Kind::Name)
    {
        let next_text = unescaped(&l.lines[next].text);
        if breaks_mid_phrase(&title, &next_text) {
            title = format!("{title} {next_text}");
            l.lines[next].text.clear();
            after += 1;
        }
    }
    // An institution's name is the subtitle right under the title, or next after it when
    // another institution line, before or after, is the publisher (a masthead above the
    // title; markitdown sets every line apart).
    let right_under = |next: usize| l.lines[next].src == l.lines[title_line].src + 1;
    let publisher_elsewhere = kinds
        .iter()
        .enumerate()
        .any(|(k, kind)| k != after && *kind == Kind::Institution);
    if let Some(&next) = zone.get(after)
        && (kinds[after] == Kind::Candidate
            || kinds[after] == Kind::Institution && (right_under(next) || publisher_elsewhere))
        && kinds[at] != Kind::Subject
    {
        subtitle = Some(next);
    }
    // A subtitle broken over two lines, as a title can be (`Paying for Flood Defences in` /
    // `Small Towns`): joined before names are, so that its second line is no author.
    if let Some(s) = subtitle {
        let mut text = l.lines[s].text.trim().to_string();
        if let Some(&next) = zone.get(after + 1)
            && next == s + 1
            && matches!(kinds[after + 1], Kind::Candidate | Kind::Name)
            && breaks_mid_phrase(&text, l.lines[next].text.trim())
        {
            text = format!("{text} {}", l.lines[next].text.trim());
            l.lines[next].text.clear();
            kinds[after + 1] = Kind::Candidate;
        }
        l.lines[s].text = format!("## {text}");
    }
    join_names(l, &zone, &kinds, at);
    l.inferred.title = Some((title.clone(), evidence));
    l.lines[title_line].text = format!("# {}", super::escape::escape(&title));
    separate(l, &zone);
}

/// A byline broken over two lines goes on in the next: after a comma, semicolon, colon or a
/// joining word (`…Devraj Ramanathan,` / `University of Bredon`), or where a list of
/// `Name: Affiliation` entries broke inside a name (`…; Devraj` / `Ramanathan: University…`).
fn join_broken_bylines(l: &mut Lines, zone: &[usize]) {
    for pair in zone.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let (first, next) = (unescaped(&l.lines[a].text), unescaped(&l.lines[b].text));
        if b != a + 1
            || first.is_empty()
            || next.is_empty()
            || matches!(kind(&next), Kind::Field | Kind::Subject)
        {
            continue;
        }
        let last_word = first.split_whitespace().last().unwrap_or("");
        let runs_on = first.ends_with([',', ';', ':', '&'])
            || matches!(last_word, "and" | "und" | "et" | "y" | "e" | "en");
        let name_goes_on = first.contains(':')
            && next.split_once(':').is_some_and(|(name, _)| {
                looks_like_names(name) && name.split_whitespace().count() <= 3
            });
        // `…; Callum Oduya: Tarnbrook` / `College`, `…, Hochschule` / `Lahntal`: the last
        // affiliation's tail, a word or two, after a colon list or a line the margin cut.
        let wrapped = first.chars().count() as f64 >= 0.8 * l.measure as f64;
        let affiliation_goes_on = (first.contains(':') || wrapped)
            && kind(&first) == Kind::Byline
            && next.split_whitespace().count() <= 2
            && next.starts_with(char::is_uppercase);
        let whole = format!("{first} {next}");
        // The first half is a byline, or the two make one (a name cut in two is no name).
        // `…; Devraj Ramanathan:` / `University of Bredon`: a name waits for its affiliation.
        let affiliation_follows = first.ends_with(':') && first.contains(';');
        let byline = kind(&first) == Kind::Byline && runs_on
            || name_goes_on
            || affiliation_goes_on
            || affiliation_follows;
        if byline && kind(&whole) == Kind::Byline {
            let text = format!("{} {}", l.lines[a].text.trim_end(), l.lines[b].text.trim());
            l.lines[a].text = text;
            l.lines[b].text.clear();
        }
    }
}

/// Names one per line after the title (one author a line) become one byline, `A, B and C`,
/// which the title-page reader reads as the authors.
fn join_names(l: &mut Lines, zone: &[usize], kinds: &[Kind], title_at: usize) {
    let Some(first) = (title_at + 1..zone.len()).find(|&k| kinds[k] == Kind::Name) else {
        return;
    };
    let run: Vec<usize> = (first..zone.len())
        .take_while(|&k| kinds[k] == Kind::Name)
        .map(|k| zone[k])
        .collect();
    if run.len() < 2 {
        return;
    }
    let names: Vec<String> = run
        .iter()
        .map(|&i| l.lines[i].text.trim().to_string())
        .collect();
    let (last, rest) = names.split_last().unwrap_or((&names[0], &[]));
    l.lines[run[0]].text = format!("{} and {last}", rest.join(", "));
    for &i in &run[1..] {
        l.lines[i].text.clear();
    }
}

/// Which line is the title, and why.
fn pick_title(kinds: &[Kind]) -> Option<(usize, &'static str)> {
    let first = |k: Kind| kinds.iter().position(|x| *x == k);
    if let Some(p) = first(Kind::Subject) {
        return Some((p, "memo subject line"));
    }
    let names = kinds.iter().filter(|k| **k == Kind::Name).count();
    match (first(Kind::Candidate), first(Kind::Name)) {
        (Some(c), Some(n)) if n < c && names >= 2 => Some((
            n,
            "first title-page line that is no field, a name-shaped line before the byline",
        )),
        (Some(c), _) => Some((c, "first title-page line that is no field")),
        (None, Some(n)) => Some((n, "the only title-page line that is no field")),
        (None, None) => None,
    }
}

/// A title-page line that a running head repeats as one of its parts (`Policy Brief No. 21 —
/// Room for the River`, `Institute · Room for the River`): the title, wherever the extractor
/// put it among the title page's lines (a two-column page read across sets a heading of the
/// other column first). Only a line that could be a title, and not where a memo names its
/// subject.
fn repeated_by_running_head(
    l: &Lines,
    zone: &[usize],
    kinds: &[Kind],
) -> Option<(usize, &'static str)> {
    if kinds.contains(&Kind::Subject) {
        return None;
    }
    let norm = |t: &str| {
        t.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let parts: Vec<String> = l
        .running
        .iter()
        .flat_map(|r| {
            r.split([' ', '\u{a0}'])
                .collect::<Vec<_>>()
                .join(" ")
                .split(['—', '–', '·', '|', '•'])
                .map(norm)
                .collect::<Vec<_>>()
        })
        .filter(|p| !p.is_empty())
        .collect();
    let repeated = |kind: Kind| {
        (0..zone.len()).find(|&k| {
            kinds[k] == kind && parts.contains(&norm(&unescaped(&l.lines[zone[k]].text)))
        })
    };
    // A title shaped like a name ("Buses Before Bypasses") too, when no other line is repeated.
    repeated(Kind::Candidate)
        .or_else(|| repeated(Kind::Name))
        .map(|k| (k, "a title-page line the running head repeats"))
}

/// A block among the first page's first that opens in lower case is no title-page line: it
/// goes on with a sentence cut elsewhere (pdfminer, on a two-column title page, can set the
/// right column's first lines under the title). It goes back to the end of the first body
/// paragraph after it that stops mid-sentence: two or more lines, the last one full, not
/// already going on in lower case.
fn move_displaced_fragment(l: &mut Lines) {
    let blocks = blocks(l);
    let Some(&(from, to)) = blocks.iter().take(3).find(|&&(from, _)| {
        l.lines[from]
            .text
            .trim_start()
            .starts_with(char::is_lowercase)
    }) else {
        return;
    };
    let full = |t: &str| t.trim().chars().count() as f64 >= 0.8 * l.measure as f64;
    let cut = blocks.iter().enumerate().find(|&(k, &(a, b))| {
        let last = &l.lines[b - 1].text;
        let continued = blocks.get(k + 1).is_some_and(|&(next, _)| {
            l.lines[next]
                .text
                .trim_start()
                .starts_with(char::is_lowercase)
        });
        a > to && b - a >= 2 && full(last) && !ends_sentence(last) && !continued
    });
    let Some((_, &(_, end))) = cut else {
        return;
    };
    let fragment: Vec<Line> = l.lines[from..to].to_vec();
    l.lines.splice(end..end, fragment);
    l.lines.drain(from..to);
}

/// The first page's blocks (lines between blank lines), as `from..to` line ranges.
fn blocks(l: &Lines) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < l.lines.len() && !l.lines[i].is_break() {
        if l.lines[i].is_blank() {
            i += 1;
            continue;
        }
        let end = (i..l.lines.len())
            .find(|&j| l.lines[j].is_blank() || l.lines[j].is_break())
            .unwrap_or(l.lines.len());
        out.push((i, end));
        i = end;
    }
    out
}

/// The title-page lines: non-blank lines from the start to the end of the zone.
fn zone(l: &Lines) -> Vec<usize> {
    let long = |t: &str| t.trim().chars().count() as f64 >= 0.6 * l.measure as f64;
    let mut out = Vec::new();
    for (i, line) in l.lines.iter().enumerate() {
        if line.is_break() || out.len() == MAX_LINES {
            break;
        }
        if line.is_blank() {
            continue;
        }
        let t = unescaped(&line.text);
        let next_long = l.lines.get(i + 1).is_some_and(|n| long(&n.text));
        // A colon ends no title-page line ("Ana Lima: Institute of X; Bo Chen:" runs on).
        let ends = ends_sentence(&t) && !t.ends_with(':');
        if is_summary_heading(&t) || (long(&t) && (ends || next_long)) {
            break;
        }
        out.push(i);
    }
    out
}

/// Sets each title-page line apart as its own paragraph.
fn separate(l: &mut Lines, zone: &[usize]) {
    for &i in zone.iter().rev() {
        if i + 1 < l.lines.len() && !l.lines[i + 1].is_blank() {
            let src = l.lines[i].src;
            l.lines.insert(i + 1, Line::new("", src));
        }
    }
}

fn kind(t: &str) -> Kind {
    let lower = t.to_lowercase();
    let label = lower.split_once(':').map(|(k, _)| k.trim());
    if matches!(
        label,
        Some("subject" | "re" | "objet" | "betreff" | "asunto")
    ) {
        return Kind::Subject;
    }
    let byline = looks_like_names(t) && split_names(t).len() > 1
        || crate::read::extracted::inline_affiliations(t).is_some()
        || lower.starts_with("by ");
    if byline {
        return Kind::Byline;
    }
    if names_institution(t) {
        return Kind::Institution;
    }
    let field = matches!(
        label,
        Some(
            "to" | "from" | "date" | "cc" | "à" | "de" | "an" | "von" | "para" | "datum" | "fecha"
        )
    ) || t.starts_with('©')
        || lower.starts_with("copyright")
        || looks_like_series(t)
        || crate::read::date::find_pub_date(t).is_some() && t.split_whitespace().count() <= 6
        || unread_date(t)
        || t.contains('@')
        || lower.starts_with("http")
        || lower.starts_with("www.")
        || t.chars().filter(|c| c.is_alphabetic()).count() < 2;
    // A sentence or a paragraph is no title (a title over its subtitle may end in a colon).
    let sentence = ends_sentence(t) && !t.ends_with('?') && !colon_head(t)
        || t.split_whitespace().count() > 20;
    if field || sentence {
        Kind::Field
    } else if looks_like_names(t)
        && (2..=4).contains(&t.split_whitespace().count())
        && !colon_head(t)
    {
        Kind::Name
    } else {
        Kind::Candidate
    }
}

/// A short line with a month's name and a number that did not read as a date ("20 March 25"):
/// a date all the same, for the title-page reader to warn about, never a title.
fn unread_date(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    words.len() <= 4
        && words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit()))
        && words.iter().any(|w| {
            crate::model::months::number(w.trim_matches(|c: char| !c.is_alphabetic())).is_some()
        })
}

/// Does `first` stop mid-phrase, so that `second` goes on with it?
/// A short Title Case line ending in a colon (`Beyond Blockchain:`): a title whose
/// subtitle follows, not a sentence introducing a list ("Most definitions agree:").
fn colon_head(t: &str) -> bool {
    let Some(head) = t.trim_end().strip_suffix(':') else {
        return false;
    };
    let words: Vec<&str> = head.split_whitespace().collect();
    (1..=6).contains(&words.len())
        && !head.contains(['.', ':', ';'])
        && words
            .iter()
            .all(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()))
}

fn breaks_mid_phrase(first: &str, second: &str) -> bool {
    let last = first.split_whitespace().last().unwrap_or("").to_lowercase();
    let small = [
        "a", "an", "the", "of", "in", "on", "for", "and", "or", "to", "with", "at", "by", "from",
        "de", "la", "le", "les", "des", "du", "et", "der", "die", "das", "und", "el", "los", "y",
    ];
    small.contains(&last.as_str())
        || first.ends_with([',', '-', '–', '—'])
        || second.chars().next().is_some_and(char::is_lowercase)
}

/// A line without the escape pass's backslashes.
fn unescaped(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut chars = t.trim().chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&n) = chars.peek()
            && n.is_ascii_punctuation()
        {
            continue;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titled(text: &str) -> (String, Option<(String, &'static str)>) {
        let mut l = Lines::new(text, None);
        l.measure = 90;
        run(&mut l);
        (l.text(), l.inferred.title)
    }

    const BODY: &str =
        "Heatwaves now kill more Europeans than any other natural hazard, and cities";

    #[test]
    fn a_block_in_lower_case_under_the_title_goes_back_to_its_sentence() {
        // markitdown on a two-column title page: the right column's first lines under the
        // title.
        let text = format!(
            "Lunch That Lasts\n\nin the regions covered were entitled to a free lunch.2\n\nMaking free meals cost less\n\nPriya Lindqvist\n\nSummary\n{BODY} worse.\n\n{BODY}\n{BODY} pupils\n\n1 Department for Education."
        );
        let (got, title) = titled(&text);
        assert_eq!(title.unwrap().0, "Lunch That Lasts");
        assert!(
            got.contains(&format!(
                "{BODY} pupils\nin the regions covered were entitled to a free lunch.2\n"
            )),
            "{got}"
        );
        assert!(got.contains("## Making free meals cost less"), "{got}");
    }

    #[test]
    fn a_title_page_line_the_running_head_repeats_is_the_title() {
        // pdftotext read a two-column title page across: the right column's heading first.
        let text = format!(
            "The arithmetic of appraisal\n\nRoom for the River\n\nHarriet Ashdown\n\nSummary\n{BODY}\ncan cut the toll."
        );
        let mut l = Lines::new(&text, None);
        l.measure = 90;
        l.running = vec!["Policy Brief No. 21 — Room for the River".to_string()];
        run(&mut l);
        assert_eq!(
            l.inferred.title,
            Some((
                "Room for the River".to_string(),
                "a title-page line the running head repeats"
            ))
        );
        // Without the running head, the first line is taken.
        let (_, title) = titled(&text);
        assert_eq!(
            title.map(|t| t.0).as_deref(),
            Some("The arithmetic of appraisal")
        );
        // A title shaped like a name is taken too.
        let text = format!(
            "Who is left behind\n\nBuses Before Bypasses\n\nMoira Castellan\n\nSummary\n{BODY}\ncan cut the toll."
        );
        let mut l = Lines::new(&text, None);
        l.measure = 90;
        l.running = vec!["Mobility Paper 4 — Buses Before Bypasses".to_string()];
        run(&mut l);
        assert_eq!(
            l.inferred.title.map(|t| t.0).as_deref(),
            Some("Buses Before Bypasses")
        );
    }

    #[test]
    fn the_title_is_the_first_line_that_is_no_field() {
        let (text, title) = titled(&format!(
            "Danube Urban Policy Centre\n\nIssue Brief\n\nCooler Streets\nProtecting City Dwellers from Extreme Heat\nTomasz Wróbel\n12 March 2025\n\nSummary\n{BODY}\ncan cut the toll."
        ));
        assert_eq!(title.unwrap().0, "Cooler Streets");
        assert!(
            text.contains("# Cooler Streets\n\n## Protecting City Dwellers from Extreme Heat\n\nTomasz Wróbel\n\n12 March 2025\n\nSummary"),
            "{text}"
        );
    }

    #[test]
    fn a_subtitle_naming_a_kind_of_institution_set_apart_by_a_blank_line() {
        // markitdown sets every title-page line apart; the publisher comes later.
        let (text, _) = titled(&format!(
            "Lunch That Lasts\n\nMaking Universal Free School Meals Cost-Effective\n\nPriya Lindqvist\n\nMarch 2025\n\nNorthgate Centre for Social Policy\n\nSummary\n{BODY}\ncan cut the toll."
        ));
        assert!(
            text.contains(
                "# Lunch That Lasts\n\n## Making Universal Free School Meals Cost-Effective\n"
            ),
            "{text}"
        );
        // The publisher's masthead above the title tells it too.
        let (text, _) = titled(&format!(
            "Northgate Centre for Social Policy\n\nLunch That Lasts\n\nMaking Universal Free School Meals Cost-Effective\nPriya Lindqvist\n\nSummary\n{BODY}\ncan cut the toll."
        ));
        assert!(
            text.contains("## Making Universal Free School Meals Cost-Effective\n"),
            "{text}"
        );
        // Alone, an institution under the title is the publisher.
        let (text, _) = titled(&format!(
            "Lunch That Lasts\n\nNorthgate Centre for Social Policy\n\nPriya Lindqvist\n\nSummary\n{BODY}\ncan cut the toll."
        ));
        assert!(!text.contains("## Northgate"), "{text}");
    }

    #[test]
    fn a_subtitle_broken_over_two_lines_is_joined() {
        let (text, _) = titled(&format!(
            "W\u{e4}rme im Bestand\nWie Mietwohnungen sozialvertr\u{e4}glich auf W\u{e4}rmepumpen\numgestellt werden k\u{f6}nnen\nKatharina Vollmer\n\nZusammenfassung\n{BODY}\ncan cut the toll."
        ));
        assert!(
            text.contains("## Wie Mietwohnungen sozialvertr\u{e4}glich auf W\u{e4}rmepumpen umgestellt werden k\u{f6}nnen\n"),
            "{text}"
        );
        // Its second line shaped like a name, over the authors' names each on a line.
        let (text, _) = titled(&format!(
            "Room for the River\nPaying for Flood Defences in\nSmall Towns\nHarriet Ashdown\nDevraj Ramanathan\n\nSummary\n{BODY}\ncan cut the toll."
        ));
        assert!(
            text.contains("## Paying for Flood Defences in Small Towns\n"),
            "{text}"
        );
        assert!(
            text.contains("\nHarriet Ashdown and Devraj Ramanathan\n"),
            "{text}"
        );
    }

    #[test]
    fn copyright_genre_and_memo_lines_are_not_titles() {
        let (_, title) = titled("© 2024 Some Institute\n\nPolicy Brief\n\nWater for Cities\n");
        assert_eq!(title.unwrap().0, "Water for Cities");
        let (_, title) = titled(
            "MEMORANDUM\n\nTO: The Board\nFROM: Jane Doe\nDATE: 3 May 2024\nSUBJECT: Budget Options for 2025\n",
        );
        assert_eq!(title.unwrap().0, "Budget Options for 2025");
    }

    #[test]
    fn a_title_broken_over_two_lines_is_joined() {
        let (text, title) = titled("Keeping Doctors in the\nValleys of Wales\nAled Morgan\n");
        assert_eq!(title.unwrap().0, "Keeping Doctors in the Valleys of Wales");
        assert!(
            text.starts_with("# Keeping Doctors in the Valleys of Wales\n"),
            "{text}"
        );
    }

    #[test]
    fn a_byline_broken_over_two_lines_is_one() {
        let (text, _) = titled(&format!(
            "Room for the River\nPaying for Defences\nHarriet Ashdown, Severn Institute and Devraj Ramanathan,\nUniversity of Bredon\n12 March 2025\n\nSummary\n{BODY}\ncan cut the toll."
        ));
        assert!(
            text.contains("Devraj Ramanathan, University of Bredon\n\n12 March 2025"),
            "{text}"
        );
        let (text, _) = titled(&format!(
            "Room for the River\nHarriet Ashdown\nDevraj Ramanathan\nHarriet Ashdown: Severn Institute; Devraj\nRamanathan: University of Bredon\n\nSummary\n{BODY}\ncan cut the toll."
        ));
        assert!(
            text.contains("Severn Institute; Devraj Ramanathan: University of Bredon"),
            "{text}"
        );
        // Cut after the last name's colon (LibreOffice through pdftotext).
        let (text, _) = titled(&format!(
            "Room for the River\nHarriet Ashdown\nDevraj Ramanathan\nHarriet Ashdown: Severn Institute; Devraj Ramanathan:\nUniversity of Bredon\n\nSummary\n{BODY}\ncan cut the toll."
        ));
        assert!(
            text.contains("Severn Institute; Devraj Ramanathan: University of Bredon"),
            "{text}"
        );
        let (text, _) = titled(&format!(
            "Lunch That Lasts\nPriya Lindqvist: Northgate Centre; Callum Oduya: Tarnbrook\nCollege\n\nSummary\n{BODY}\ncan cut the toll."
        ));
        assert!(text.contains("Callum Oduya: Tarnbrook College"), "{text}");
        // A byline the margin cut, its affiliation's last word on the next line.
        let (text, _) = titled(&format!(
            "Wärme im Bestand\nKatharina Vollmer, Institut für Wohnungs- und Energiepolitik und Jonas Albrecht, Hochschule\nLahntal\n17. Februar 2025\n\nZusammenfassung\n{BODY}\ncan cut the toll."
        ));
        assert!(
            text.contains("Jonas Albrecht, Hochschule Lahntal\n"),
            "{text}"
        );
    }

    #[test]
    fn a_title_ending_in_a_colon_has_its_subtitle_to_the_blocks_end() {
        let (text, title) = titled(&format!(
            "Beyond Blockchain:\nPolicy Brief on Next Generation\nWeb Technologies and their\nimpact on OER\n\nPublished in 2024 by UNESCO.\n\nIntroduction\n{BODY}\ncan cut the toll."
        ));
        assert_eq!(title.unwrap().0, "Beyond Blockchain");
        assert!(
            text.contains("# Beyond Blockchain\n\n## Policy Brief on Next Generation Web Technologies and their impact on OER\n"),
            "{text}"
        );
        // A sentence that ends in a colon is no title.
        assert!(!colon_head("Most definitions agree:"));
    }

    #[test]
    fn names_one_per_line_become_one_byline() {
        let (text, _) =
            titled("Room for the River\nHarriet Ashdown\nDevraj Ramanathan\n12 March 2025\n");
        assert!(
            text.contains("Harriet Ashdown and Devraj Ramanathan\n"),
            "{text}"
        );
    }

    #[test]
    fn a_name_shaped_title_over_a_byline_and_an_unread_date() {
        let (text, title) = titled(
            "Research Note 7\n\nLunch That Lasts\nMaking School Meals Cost-Effective\nPriya Lindqvist, Northgate Centre for Social Policy and Callum Oduya, Tarnbrook College\n20 March 25\n",
        );
        assert_eq!(title.unwrap().0, "Lunch That Lasts");
        assert!(
            text.contains("## Making School Meals Cost-Effective"),
            "{text}"
        );
    }

    #[test]
    fn nothing_but_fields_gives_no_title() {
        let (_, title) = titled("12 March 2025\n\nPolicy Brief\n");
        assert_eq!(title, None);
    }
}
