//! The title page of extracted text: publisher (masthead or institute line), series, title,
//! subtitle, byline and date, in whatever order the house template printed them before the
//! first section. Each line is classified by its own shape, never by its position alone.

use super::{fully_formatted, fully_italic, looks_like_names, looks_like_series, split_names};
use crate::diag::Diagnostics;
use crate::model::{Author, Block, Inline, Meta, plain_text};
use crate::read::backmatter::names_institution;
use crate::read::date::{find_date, find_pub_date, parse_date, parse_month};
use crate::read::markdown::Item;

/// What one title-page line is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    Date(String),
    /// A date opening a line whose rest continues a sentence: two columns read across
    /// ("4 November 2024 to reach a college"). The date is taken, the rest stays text.
    DateFirst(String, String),
    /// A series line, with the date it carried, if any.
    Series(String, Option<String>),
    Byline(Vec<(String, Option<String>)>),
    Publisher(String),
    /// A heading or a whole-bold or whole-italic line: the title, a subtitle or a masthead.
    Display,
    Other,
}

/// Byline prefixes: "By A and B", "Authors: A, B" (in the languages briefs come in).
const BYLINE_PREFIXES: &[&str] = &[
    "by ",
    "authors:",
    "author:",
    "written by ",
    "par ",
    "auteurs :",
    "auteurs:",
    "auteur :",
    "auteur:",
    "autoren:",
    "autor:",
    "autorin:",
    "von ",
    "por ",
    "autores:",
    "autora:",
];

/// Strips a byline prefix; `None` when the line has none.
fn byline_text(text: &str) -> Option<&str> {
    let lower = text.to_lowercase();
    BYLINE_PREFIXES
        .iter()
        .find(|p| lower.starts_with(*p))
        .map(|p| text[p.len()..].trim())
}

/// Classifies one line of the title page.
pub fn classify(content: &[Inline], is_heading: bool) -> Field {
    let text = plain_text(content).trim().to_string();
    if text.is_empty() || text.split_whitespace().count() > 25 {
        return Field::Other;
    }
    if let Some(names) = byline_text(&text).filter(|n| looks_like_names(n)) {
        return Field::Byline(split_names(names));
    }
    if !is_heading
        && let Some(names) = super::inline_affiliations(byline_text(&text).unwrap_or(&text))
    {
        return Field::Byline(names);
    }
    if let Some((date, rest)) = date_first(&text) {
        return Field::DateFirst(date, rest);
    }
    let date = find_pub_date(&text).map(|d| d.iso());
    if let Some(d) = &date {
        let rest = strip_date_parts(&text);
        if rest.is_empty() {
            return Field::Date(d.clone());
        }
        if looks_like_series(&rest) || series_number(&rest) {
            return Field::Series(rest, date);
        }
    }
    // A heading is a series only when it is set like one (italic, or numbered): "A Brief
    // History of Ports" is a title.
    let set_as_series = !is_heading || fully_italic(content) || series_number(&text);
    if (looks_like_series(&text) || series_number(&text))
        && set_as_series
        && !names_institution(&text)
    {
        return Field::Series(text, None);
    }
    if names_institution(&text) && !is_heading && text.split_whitespace().count() <= 12 {
        return Field::Publisher(text);
    }
    if !is_heading
        && (fully_formatted(content) || plain_byline(&text))
        && looks_like_names(&text)
        && !is_capitals(&text)
    {
        return Field::Byline(split_names(&text));
    }
    if is_heading || fully_formatted(content) {
        return Field::Display;
    }
    if is_capitals(&text) && text.split_whitespace().count() <= 8 {
        return Field::Display;
    }
    Field::Other
}

/// An unformatted line with no "By" is a byline only when it names two people or more and
/// has no sentence in it ("Ana Lima and Bo Chen", not "Text. More.").
fn plain_byline(text: &str) -> bool {
    split_names(text).len() >= 2 && text.split_whitespace().count() <= 12 && no_sentence(text)
}

/// No word but an initial ("A.") or a title ("Dr.") ends with a full stop.
fn no_sentence(text: &str) -> bool {
    text.split_whitespace().all(|w| {
        let w = w.trim_end_matches(',');
        let initial = w.chars().filter(|c| c.is_alphabetic()).count() == 1;
        let title = matches!(
            w,
            "Dr." | "Prof." | "Mr." | "Mrs." | "Ms." | "Jr." | "Sr." | "St."
        );
        !w.ends_with('.') || initial || title
    })
}

/// "Issue Brief No. 12", "Policy Paper #4", "Brief 7": a kind of publication and a number.
fn series_number(text: &str) -> bool {
    let lower = text.to_lowercase();
    [
        "no. ", "no ", "nr. ", "n° ", "nº ", "#", "number ", "vol. ", "issue ",
    ]
    .iter()
    .any(|m| lower.contains(m) && lower.chars().any(|c| c.is_ascii_digit()))
        && text.split_whitespace().count() <= 10
}

/// A whole date expression (two to four words) opening the line, and the rest when it goes
/// on in lower case, as a sentence's middle does.
fn date_first(text: &str) -> Option<(String, String)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    (2..=4.min(words.len().saturating_sub(1)))
        .rev()
        .find_map(|n| {
            let rest = words[n..].join(" ");
            let head = words[..n].join(" ");
            let head = head.trim_end_matches(',');
            let date = parse_date(head)
                .map(crate::read::date::iso)
                .or_else(|| parse_month(head).map(|d| d.iso()))?;
            rest.starts_with(char::is_lowercase).then_some((date, rest))
        })
}

/// The line without the parts that hold its date: "Brief No. 12 | 3 September 2024" →
/// "Brief No. 12".
fn strip_date_parts(text: &str) -> String {
    // What is cut must be a date and nothing else: a line that only holds a date among other
    // words ("4 November 2024 to reach a college", two columns read across) is kept whole.
    let is_date = |s: &str| {
        let s = s.trim_matches(|c: char| c == ',' || c == '(' || c == ')');
        parse_date(s).is_some() || parse_month(s).is_some()
    };
    let parts: Vec<&str> = text
        .split(['|', '·', '•', '—', '–'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let kept: Vec<&str> = parts.iter().copied().filter(|p| !is_date(p)).collect();
    if kept.len() < parts.len() {
        return kept.join(" | ");
    }
    // One part: cut the date's words off the end ("Brief No. 12, 3 September 2024").
    let words: Vec<&str> = text.split_whitespace().collect();
    match (0..words.len()).find(|&cut| is_date(&words[cut..].join(" "))) {
        Some(cut) => words[..cut]
            .join(" ")
            .trim_end_matches([',', ';', ' '])
            .to_string(),
        None => text.to_string(),
    }
}

fn is_capitals(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

/// The title-page lines: from the start up to the first section, the summary, a long
/// paragraph, a page break or any block other than a paragraph.
fn zone_end(items: &[Item]) -> usize {
    let mut seen_h1 = false;
    let mut after_h1 = false;
    items
        .iter()
        .position(|it| match it {
            Item::Heading { level, content, .. } => {
                let t = plain_text(content);
                let opens_part = super::is_summary_heading(&t)
                    || super::is_authors_heading(&t)
                    || super::notes::is_notes_heading(&t);
                // A `##` right under the title is its subtitle; a later one opens a section.
                let section = *level == 2
                    && seen_h1
                    && !after_h1
                    && classify(content, true) == Field::Display;
                seen_h1 |= *level == 1;
                after_h1 = *level == 1;
                opens_part || section
            }
            Item::Block(Block::Paragraph { content, .. }) => {
                after_h1 = false;
                plain_text(content).split_whitespace().count() > 40
            }
            Item::Block(_) | Item::Break(_) | Item::FootnoteDef { .. } => true,
        })
        .unwrap_or(items.len())
}

/// Reads the title page into `meta`, removing its lines. Returns `false` when no title was
/// found.
pub fn read_title_page(items: &mut Vec<Item>, meta: &mut Meta, diags: &mut Diagnostics) -> bool {
    unlist_dates(items);
    unhead_copyright(items);
    let lines = title_page_lines(items);
    let Some(title_at) = pick_title(items, &lines) else {
        return false;
    };
    take_title(items, title_at, meta, diags);
    let mut remove = vec![title_at];
    if let Some(i) = institution_shaped_subtitle(items, &lines, title_at) {
        meta.subtitle = Some(line_text(&items[i]));
        remove.push(i);
    }
    if let Some(i) = set_masthead(items, &lines, title_at) {
        meta.publisher = Some(line_text(&items[i]));
        remove.push(i);
    }
    for (i, field, level) in &lines {
        if remove.contains(i) {
            continue;
        }
        if take_field(items, *i, field, *level, title_at, meta, diags) {
            remove.push(*i);
        }
    }
    if meta.authors.is_empty() && take_lone_name(items, &lines, title_at, meta, &mut remove) {
        let names: Vec<&str> = meta.authors.iter().map(|a| a.name.as_str()).collect();
        let first = remove.len() - names.len();
        diags.warn(
            span_of(&items[remove[first]]),
            format!(
                "`{}` {} taken as the author{}: {} on {} own under the title, with no \"By\" or formatting",
                names.join("`, `"),
                if names.len() > 1 { "are" } else { "is" },
                if names.len() > 1 { "s" } else { "" },
                if names.len() > 1 { "names" } else { "a name" },
                if names.len() > 1 { "their" } else { "its" },
            ),
        );
    }
    remove.sort_unstable();
    remove.dedup();
    for i in remove.into_iter().rev() {
        items.remove(i);
    }
    true
}

/// The line right under the title when it names a kind of institution ("Making Universal
/// Free School Meals Cost-Effective") while another title-page line, above or below, names
/// the publisher: then it is the subtitle, not the publisher.
fn institution_shaped_subtitle(
    items: &[Item],
    lines: &[(usize, Field, u8)],
    title_at: usize,
) -> Option<usize> {
    let under = title_at + 1;
    let (_, field, _) = lines.iter().find(|(i, _, _)| *i == under)?;
    let names_publisher = |(j, f, _): &&(usize, Field, u8)| {
        *j != under
            && *j != title_at
            && (matches!(f, Field::Publisher(_))
                || matches!(f, Field::Display) && names_institution(&line_text(&items[*j])))
    };
    (matches!(field, Field::Publisher(_)) && lines.iter().any(|l| names_publisher(&l)))
        .then_some(under)
}

/// Where plain lines and a line set as a heading or in bold below the title all name an
/// institution, the one set apart is the publisher's masthead; a plain one may be an author
/// block read across two columns (`Severn Valley Institute University of Bredon for Local
/// Government`).
fn set_masthead(items: &[Item], lines: &[(usize, Field, u8)], title_at: usize) -> Option<usize> {
    let plain = lines
        .iter()
        .filter(|(i, f, level)| *i > title_at && matches!(f, Field::Publisher(_)) && *level == 9)
        .count();
    if plain == 0 {
        return None;
    }
    lines
        .iter()
        .find(|(i, f, level)| {
            // Right under the title, a heading is the subtitle.
            *i > title_at + 1
                && *level < 9
                && matches!(f, Field::Display)
                && names_institution(&line_text(&items[*i]))
        })
        .map(|(i, _, _)| *i)
}

/// The title page's fields when the title came from elsewhere (the first line, for want of
/// anything better): the series, byline, date and publisher lines are read all the same.
pub fn read_fields(items: &mut Vec<Item>, meta: &mut Meta, diags: &mut Diagnostics) {
    unlist_dates(items);
    let lines = title_page_lines(items);
    let mut remove = Vec::new();
    for (i, field, level) in &lines {
        if take_field(items, *i, field, *level, 0, meta, diags) {
            remove.push(*i);
        }
    }
    for i in remove.into_iter().rev() {
        items.remove(i);
    }
}

/// An imprint page's © line set as a heading (`###### © UNESCO 2024`) is a line of the back
/// matter, not a heading: it becomes a paragraph for the back-matter reader.
fn unhead_copyright(items: &mut [Item]) {
    let end = zone_end(items);
    for item in items.iter_mut().take(end) {
        if let Item::Heading { content, span, .. } = item
            && crate::read::backmatter::is_copyright(content)
        {
            *item = Item::Block(Block::Paragraph {
                content: std::mem::take(content),
                span: *span,
            });
        }
    }
}

/// "3. März 2024" on a line of its own parses as a numbered list: it is a date.
fn unlist_dates(items: &mut [Item]) {
    for item in items.iter_mut().take(12) {
        if let Item::Block(block @ Block::List { .. }) = item {
            let line = super::unlist_number_line(block.clone());
            if let Block::Paragraph { content, .. } = &line
                && find_date(&plain_text(content)).is_some()
            {
                *block = line;
            }
        }
    }
}

/// The lines of the title page zone: index, what the line looks like, and its heading level
/// (9 for a paragraph).
fn title_page_lines(items: &[Item]) -> Vec<(usize, Field, u8)> {
    (0..zone_end(items))
        .filter_map(|i| match &items[i] {
            Item::Heading { level, content, .. } => Some((i, classify(content, true), *level)),
            Item::Block(Block::Paragraph { content, .. }) => Some((i, classify(content, false), 9)),
            Item::Block(_) | Item::Break(_) | Item::FootnoteDef { .. } => None,
        })
        .collect()
}

/// The title from the line at `title_at`; a bold line taken for want of a heading is reported.
fn take_title(items: &[Item], title_at: usize, meta: &mut Meta, diags: &mut Diagnostics) {
    if !matches!(items[title_at], Item::Heading { .. }) {
        diags.warn(
            span_of(&items[title_at]),
            format!(
                "no heading on the title page: the bold line `{}` is taken as the title",
                line_text(&items[title_at])
            ),
        );
    }
    if let Item::Heading { content, span, .. } | Item::Block(Block::Paragraph { content, span }) =
        &items[title_at]
    {
        meta.title = plain_text(content).trim().to_string();
        meta.title_span = *span;
    }
}

/// Reads the title page line `i` into `meta`; `true` when it was title page (to be removed).
fn take_field(
    items: &mut [Item],
    i: usize,
    field: &Field,
    level: u8,
    title_at: usize,
    meta: &mut Meta,
    diags: &mut Diagnostics,
) -> bool {
    match field {
        Field::Date(d) => set_once(&mut meta.date, d.clone()),
        Field::DateFirst(d, rest) => {
            if meta.date.is_none()
                && let Item::Block(Block::Paragraph { content, .. }) = &mut items[i]
                && content
                    .iter()
                    .all(|c| matches!(c, Inline::Text { .. } | Inline::LineBreak))
            {
                meta.date = Some(d.clone());
                *content = vec![Inline::text(rest.clone())];
            }
            false
        }
        Field::Series(s, d) => {
            if let Some(d) = d {
                set_once(&mut meta.date, d.clone());
            }
            set_once(&mut meta.series, s.clone())
        }
        Field::Byline(names) if meta.authors.is_empty() => {
            meta.authors = names
                .iter()
                .map(|(name, affiliation)| Author {
                    name: name.clone(),
                    affiliation: affiliation.clone(),
                })
                .collect();
            true
        }
        // The same people again, with their affiliations (`Name: Institute; Name: …` under
        // names set alone): the affiliations join the authors.
        Field::Byline(names) => add_affiliations(&mut meta.authors, names),
        // An institute line: the publisher, or the masthead again; another institute's
        // name (a misread affiliation holds the slot) stays text.
        Field::Publisher(p) => set_once(&mut meta.publisher, p.clone()),
        // A © line is the back matter's, wherever it stands.
        Field::Display if crate::read::backmatter::is_copyright(content_of(&items[i])) => false,
        Field::Display if i < title_at => take_masthead(&items[i], level, meta, diags),
        // A `##` right under the title is its subtitle, even one naming a kind of
        // institution ("Making Free School Meals Cost-Effective").
        Field::Display if i == title_at + 1 && level == 2 && meta.subtitle.is_none() => {
            set_once(&mut meta.subtitle, line_text(&items[i]))
        }
        Field::Display if names_institution(&line_text(&items[i])) => {
            set_once(&mut meta.publisher, line_text(&items[i]))
        }
        Field::Display if meta.subtitle.is_none() && meta.authors.is_empty() => {
            set_once(&mut meta.subtitle, line_text(&items[i]))
        }
        // A plain line right under the title that is no sentence: its standfirst (an
        // extractor sets the subtitle in the body's style, bold gone).
        Field::Other
            if i == title_at + 1
                && meta.subtitle.is_none()
                && meta.authors.is_empty()
                && is_standfirst(&line_text(&items[i])) =>
        {
            set_once(&mut meta.subtitle, line_text(&items[i]))
        }
        Field::Display | Field::Other => {
            warn_unread_date(&items[i], diags);
            false
        }
    }
}

/// Gives each author the affiliation a second byline names them with, when that byline names
/// exactly the same people and each with an affiliation; `false` (nothing changed) otherwise.
fn add_affiliations(authors: &mut [Author], byline: &[(String, Option<String>)]) -> bool {
    let same_people = byline.len() == authors.len()
        && byline
            .iter()
            .all(|(name, aff)| aff.is_some() && authors.iter().any(|a| a.name == *name));
    if !same_people || authors.iter().any(|a| a.affiliation.is_some()) {
        return false;
    }
    for a in authors.iter_mut() {
        a.affiliation = byline
            .iter()
            .find(|(name, _)| *name == a.name)
            .and_then(|(_, aff)| aff.clone());
    }
    true
}

/// A short line opening with a capital that ends no sentence and is no lone name:
/// "Rebuilding Rural Public Transport on a Tight Budget", not "This brief argues for a
/// simpler formula." nor "Ana Lima".
fn is_standfirst(text: &str) -> bool {
    let t = text.trim();
    let words = t.split_whitespace().count();
    words <= 16
        && !(words <= 4 && looks_like_names(t))
        && t.starts_with(char::is_uppercase)
        && !t.ends_with(['.', '!', ':', ';', ','])
}

/// A display line above the title: the series when set like one, else the publisher.
fn take_masthead(item: &Item, level: u8, meta: &mut Meta, diags: &mut Diagnostics) -> bool {
    let text = line_text(item);
    let set_as_series = fully_italic(content_of(item)) || looks_like_series(&text);
    if meta.series.is_none() && set_as_series && level > 1 {
        set_once(&mut meta.series, text)
    } else {
        // A masthead is a heading or set in capitals; a plain line above the title is a
        // guess from its place alone.
        let guessed = level == 9 && !is_capitals(&text) && meta.publisher.is_none();
        if guessed {
            diags.warn(
                span_of(item),
                format!("`{text}` is taken as the publisher from its place above the title"),
            );
        }
        set_once(&mut meta.publisher, text)
    }
}

/// A plain line of two to four capitalised words straight after the title (and subtitle)
/// is its single author's name: "Aled Morgan".
fn take_lone_name(
    items: &[Item],
    lines: &[(usize, Field, u8)],
    title_at: usize,
    meta: &mut Meta,
    remove: &mut Vec<usize>,
) -> bool {
    let next = lines
        .iter()
        .find(|(i, _, _)| *i > title_at && !remove.contains(i));
    let Some((i, Field::Other | Field::Display, 9)) = next else {
        return false;
    };
    let preceded = (title_at + 1..*i).all(|j| remove.contains(&j));
    let lone_name = |k: usize| {
        let text = line_text(&items[k]);
        let words = text.split_whitespace().count();
        ((2..=4).contains(&words)
            && no_sentence(&text)
            && looks_like_names(&text)
            && !is_capitals(&text))
        .then_some(text)
    };
    if !preceded || lone_name(*i).is_none() {
        return false;
    }
    // Co-authors each on a line of their own follow (a browser's print of a byline block).
    let mut k = *i;
    while let Some(name) = lines
        .iter()
        .find(|(j, _, _)| *j == k)
        .filter(|(_, f, level)| matches!(f, Field::Other | Field::Display) && *level == 9)
        .and_then(|_| lone_name(k))
    {
        meta.authors.push(Author {
            name,
            affiliation: None,
        });
        remove.push(k);
        k += 1;
    }
    true
}

fn span_of(item: &Item) -> crate::model::Span {
    match item {
        Item::Heading { span, .. } | Item::Block(Block::Paragraph { span, .. }) => *span,
        Item::Block(_) | Item::Break(_) | Item::FootnoteDef { .. } => Default::default(),
    }
}

/// Fills an empty slot. Says whether the line is taken: when it filled the slot or repeats
/// what the slot holds; a line that differs from a filled slot stays text (nothing is lost).
fn set_once(slot: &mut Option<String>, value: String) -> bool {
    let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    match slot {
        None if !value.is_empty() => {
            *slot = Some(value);
            true
        }
        None => true,
        Some(held) => words(held) == words(&value),
    }
}

fn content_of(item: &Item) -> &[Inline] {
    match item {
        Item::Heading { content, .. } | Item::Block(Block::Paragraph { content, .. }) => content,
        Item::Block(_) | Item::Break(_) | Item::FootnoteDef { .. } => &[],
    }
}

fn line_text(item: &Item) -> String {
    plain_text(content_of(item)).trim().to_string()
}

/// The title: the highest-level display heading (the last of equals, since a masthead set at
/// the same level comes first), not a masthead in capitals when another candidate exists;
/// without headings, the first whole-bold line.
fn pick_title(items: &[Item], lines: &[(usize, Field, u8)]) -> Option<usize> {
    // A © line is never the title, however it is set (an imprint page's `###### © UNESCO`).
    let display: Vec<(usize, u8)> = lines
        .iter()
        .filter(|(i, f, level)| {
            *f == Field::Display
                && *level < 9
                && !crate::read::backmatter::is_copyright(content_of(&items[*i]))
        })
        .map(|(i, _, level)| (*i, *level))
        .collect();
    // A masthead in capitals or an institute's name is not the title while another
    // candidate is.
    let plain: Vec<(usize, u8)> = display
        .iter()
        .copied()
        .filter(|(i, _)| {
            let t = line_text(&items[*i]);
            !is_capitals(&t) && !names_institution(&t)
        })
        .collect();
    let pool = if plain.is_empty() { &display } else { &plain };
    let best = pool.iter().map(|(_, l)| *l).min();
    if let Some(best) = best {
        return pool.iter().rev().find(|(_, l)| *l == best).map(|(i, _)| *i);
    }
    // No heading: the first whole-bold line that is not a date, series or institute (a bold
    // title can look like a name, so a byline guess does not stop it).
    lines
        .iter()
        .find(|(i, f, _)| {
            matches!(f, Field::Display | Field::Byline(_))
                && matches!(content_of(&items[*i]), [Inline::Strong { .. }])
        })
        .or_else(|| lines.iter().find(|(_, _, level)| *level < 9))
        .map(|(i, _, _)| *i)
}

/// A short line with a year in it that did not parse as a date.
fn warn_unread_date(item: &Item, diags: &mut Diagnostics) {
    let text = line_text(item);
    let year = text
        .split(|c: char| !c.is_ascii_digit())
        .any(|d| d.len() == 4 && (d.starts_with("19") || d.starts_with("20")));
    if year && text.split_whitespace().count() <= 5 {
        diags.warn(
            span_of(item),
            format!("date `{text}` not understood (write it as 2024-05-29 or May 29, 2024)"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_line_that_differs_from_the_filled_slot_stays_text() {
        // A misread affiliation holds the publisher's slot: the publisher's own line is then
        // not dropped as the slot's repeat (its words would be lost).
        let mut slot = Some("Northgate  Centre  for".to_string());
        assert!(!set_once(
            &mut slot,
            "Northgate Centre for Social Policy".into()
        ));
        assert!(set_once(&mut slot, "Northgate Centre for".into()));
        let mut empty = None;
        assert!(set_once(&mut empty, "Tarnbrook College".into()));
        assert_eq!(empty.as_deref(), Some("Tarnbrook College"));
    }
    use crate::read::markdown::{Converter, Style};

    fn items(text: &str) -> Vec<Item> {
        let mut d = Diagnostics::new();
        Converter::new(Style::Extracted, &mut d, 32).convert(text)
    }

    fn read(text: &str) -> (Meta, Vec<Item>, Diagnostics) {
        let mut it = items(text);
        let mut meta = Meta::default();
        let mut d = Diagnostics::new();
        assert!(
            read_title_page(&mut it, &mut meta, &mut d),
            "no title in {text}"
        );
        (meta, it, d)
    }

    fn names(meta: &Meta) -> Vec<&str> {
        meta.authors.iter().map(|a| a.name.as_str()).collect()
    }

    #[test]
    fn masthead_series_title_byline_date() {
        let (meta, rest, d) = read(
            "# ACME\n\n## *Policy Brief*\n\n# The Title\n\n*Ana Lima, Bo Chen and Cy Dunn*\n\n12 March 2025\n\n## Summary\n\nText.\n",
        );
        assert!(d.is_empty());
        assert_eq!(meta.publisher.as_deref(), Some("ACME"));
        assert_eq!(meta.series.as_deref(), Some("Policy Brief"));
        assert_eq!(meta.title, "The Title");
        assert_eq!(names(&meta), ["Ana Lima", "Bo Chen", "Cy Dunn"]);
        assert_eq!(meta.date.as_deref(), Some("2025-03-12"));
        assert_eq!(rest.len(), 2, "summary heading and text remain: {rest:?}");
    }

    #[test]
    fn series_line_with_number_and_date_after_the_title_and_institute_line() {
        let (meta, _, _) = read(
            "## The Water Ledger\n\n**Authors:** Ana Lima, Bo Chen\n\nNordic Water Institute\n\nBrief No. 12 | 3 September 2024\n\n## Summary\n\nText.\n",
        );
        assert_eq!(meta.title, "The Water Ledger");
        assert_eq!(names(&meta), ["Ana Lima", "Bo Chen"]);
        assert_eq!(meta.publisher.as_deref(), Some("Nordic Water Institute"));
        assert_eq!(meta.series.as_deref(), Some("Brief No. 12"));
        assert_eq!(meta.date.as_deref(), Some("2024-09-03"));
    }

    #[test]
    fn a_date_among_other_words_is_no_date_line() {
        // Two columns read across: the date beside a line of the body. The date is taken, the
        // rest stays text.
        let line = "4 November 2024 to reach a further education college without a";
        assert_eq!(strip_date_parts(line), line);
        assert_eq!(
            classify(&[Inline::text(line)], false),
            Field::DateFirst(
                "2024-11-04".into(),
                "to reach a further education college without a".into()
            )
        );
        assert_eq!(
            classify(&[Inline::text("November 2024 to reach a college")], false),
            Field::DateFirst("2024-11".into(), "to reach a college".into())
        );
        // A date before a capital is no sentence's middle.
        assert!(!matches!(
            classify(&[Inline::text("4 November 2024 Policy Brief No. 4")], false),
            Field::DateFirst(..)
        ));
        // A date at the end is cut off, whatever stands before it.
        assert_eq!(
            strip_date_parts("Brief No. 12, 3 September 2024"),
            "Brief No. 12"
        );
        assert_eq!(
            strip_date_parts("Mobility Paper 4, November 2024"),
            "Mobility Paper 4"
        );
        assert_eq!(strip_date_parts("3 September 2024"), "");
    }

    #[test]
    fn an_institution_shaped_line_under_the_title_is_the_subtitle_beside_a_masthead() {
        // The masthead above the title, and below it.
        for text in [
            "**Northgate Centre for Social Policy**\n\nResearch Note 7\n\n# **Lunch That Lasts**\n\nMaking Universal Free School Meals Cost-Effective\n\n**Priya Lindqvist**\n\n## Summary\n\nText.\n",
            "# **Lunch That Lasts**\n\nMaking Universal Free School Meals Cost-Effective\n\n### **Northgate Centre for Social Policy**\n\n## Summary\n\nText.\n",
        ] {
            let (meta, _, _) = read(text);
            assert_eq!(meta.title, "Lunch That Lasts");
            assert_eq!(
                meta.subtitle.as_deref(),
                Some("Making Universal Free School Meals Cost-Effective")
            );
            assert_eq!(
                meta.publisher.as_deref(),
                Some("Northgate Centre for Social Policy")
            );
        }
    }

    #[test]
    fn a_masthead_set_apart_is_the_publisher_over_an_author_block_read_across() {
        let (meta, _, _) = read(
            "# **Room for the River**\n\n## **Paying for Defences**\n\nHarriet Ashdown and Devraj Ramanathan\n\nSevern Valley Institute University of Bredon for Local Government\n\n12 March 2025\n\n### **Severn Valley Institute for Local Government**\n\n## Summary\n\nText.\n",
        );
        assert_eq!(
            meta.publisher.as_deref(),
            Some("Severn Valley Institute for Local Government")
        );
        assert_eq!(meta.subtitle.as_deref(), Some("Paying for Defences"));
    }

    #[test]
    fn a_copyright_heading_is_neither_title_nor_subtitle() {
        let (meta, rest, _) = read(
            "**Beyond Blockchain: Policy Brief on Next Generation Web Technologies**\n\n###### © UNESCO 2024\n\nThis publication is available in Open Access.\n",
        );
        // One line holds title and subtitle as the author wrote them: the title stays whole.
        assert_eq!(
            meta.title,
            "Beyond Blockchain: Policy Brief on Next Generation Web Technologies"
        );
        assert_eq!(meta.subtitle, None);
        // The © line stays, as a paragraph for the back matter.
        assert!(rest.iter().any(|i| matches!(i, Item::Block(Block::Paragraph { content, .. }) if plain_text(content) == "© UNESCO 2024")), "{rest:?}");
    }

    #[test]
    fn bold_title_without_headings_and_plain_byline() {
        let (meta, _, _) = read(
            "HARBOUR POLICY CENTRE\n\n**Ports After Carbon**\n\nBy Jane Roe and Tim Moe\n\n2024-09-03\n\n## Key Points\n\n- One.\n",
        );
        assert_eq!(meta.publisher.as_deref(), Some("HARBOUR POLICY CENTRE"));
        assert_eq!(meta.title, "Ports After Carbon");
        assert_eq!(names(&meta), ["Jane Roe", "Tim Moe"]);
        assert_eq!(meta.date.as_deref(), Some("2024-09-03"));
    }

    #[test]
    fn date_first_and_capitals_masthead_heading_below_the_title() {
        let (meta, _, _) = read(
            "03.09.2024\n\n# Grain Corridors in Crisis\n\n### EUROPEAN FOOD FORUM\n\n*Marta Ruiz*\n\n## Abstract\n\nText.\n",
        );
        assert_eq!(meta.title, "Grain Corridors in Crisis");
        assert_eq!(meta.date.as_deref(), Some("2024-09-03"));
        assert_eq!(names(&meta), ["Marta Ruiz"]);
        assert_eq!(meta.publisher.as_deref(), Some("EUROPEAN FOOD FORUM"));
    }

    #[test]
    fn a_brief_without_a_date_has_none_and_an_unread_one_warns() {
        let (meta, _, d) = read("# Title\n\n*Ana Lima*\n\n## Summary\n\nText.\n");
        assert_eq!(meta.date, None);
        assert!(d.is_empty());
        let (meta, _, d) =
            read("*Issue Brief*\n\n# The Title\n\n*Ana Lima*\n\nLate 2024\n\nBody text.\n");
        assert_eq!(meta.series.as_deref(), Some("Issue Brief"));
        assert_eq!(meta.date, None);
        assert_eq!(d.iter().count(), 1, "date not understood");
    }

    #[test]
    fn subtitle_heading_under_the_title_and_a_lone_plain_author() {
        let (meta, rest, _) = read(
            "# Keeping Doctors Here\n\n## Why Valleys Lose Them\n\nAled Morgan\n\nWorking Paper 22\n\n## Summary\n\nText.\n",
        );
        assert_eq!(meta.subtitle.as_deref(), Some("Why Valleys Lose Them"));
        assert_eq!(names(&meta), ["Aled Morgan"]);
        assert_eq!(meta.series.as_deref(), Some("Working Paper 22"));
        assert_eq!(rest.len(), 2, "{rest:?}");
    }

    #[test]
    fn co_authors_each_alone_on_a_line_are_all_authors() {
        let (meta, _, d) = read(
            "# **Buses Before Bypasses**\n\nRebuilding Rural Public Transport on a Tight Budget\n\nMoira Castellan\n\nTobias Wendell\n\n4 November 2024\n\n## Summary\n\nText.\n",
        );
        assert_eq!(names(&meta), ["Moira Castellan", "Tobias Wendell"]);
        assert_eq!(meta.date.as_deref(), Some("2024-11-04"));
        let warning = d
            .iter()
            .map(|x| x.message.clone())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            warning.contains("`Moira Castellan`, `Tobias Wendell` are taken as the authors"),
            "{warning}"
        );
    }

    #[test]
    fn a_plain_standfirst_under_the_title_is_the_subtitle_but_not_a_sentence() {
        let (meta, _, _) = read(
            "# Buses Before Bypasses\n\nRebuilding Rural Public Transport on a Tight Budget\n\n**Moira Castellan** and **Tobias Wendell**\n\n## Summary\n\nText.\n",
        );
        assert_eq!(
            meta.subtitle.as_deref(),
            Some("Rebuilding Rural Public Transport on a Tight Budget")
        );
        assert_eq!(names(&meta), ["Moira Castellan", "Tobias Wendell"]);
        let (meta, _, _) = read(
            "# Buses Before Bypasses\n\nRural buses have declined for decades.\n\n## Summary\n\nText.\n",
        );
        assert_eq!(meta.subtitle, None);
    }

    #[test]
    fn no_heading_and_no_bold_line_is_no_title() {
        let mut d = Diagnostics::new();
        assert!(!read_title_page(
            &mut items("Only text.\n"),
            &mut Meta::default(),
            &mut d
        ));
    }

    #[test]
    fn classifying_lines() {
        let t = |s: &str| vec![Inline::text(s)];
        assert_eq!(
            classify(&t("September 3, 2024"), false),
            Field::Date("2024-09-03".into())
        );
        assert!(
            matches!(classify(&t("Authors: A. Bell, C. Dunn"), false), Field::Byline(n) if n.len() == 2)
        );
        assert!(matches!(
            classify(&t("Institut für Klimapolitik"), false),
            Field::Publisher(_)
        ));
        assert!(matches!(
            classify(&t("Energy Brief No. 7"), false),
            Field::Series(_, None)
        ));
        assert_eq!(
            classify(&t("Water is scarce in the region this year."), false),
            Field::Other
        );
    }
}
