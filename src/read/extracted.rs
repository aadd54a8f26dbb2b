//! Heuristics for Markdown that PDF-to-Markdown extraction produced: the masthead, series,
//! title, byline and date on the first page, and the notes that sit in page-break blocks.
//! Every rule works from the structure and the text's shape, never from particular names.

use super::date::{iso, parse_date};
use super::markdown::Item;
use crate::diag::Diagnostics;
use crate::model::{Author, Block, Footnote, Inline, Meta, Span, plain_text};

/// Headings that open the summary.
pub fn is_summary_heading(text: &str) -> bool {
    matches!(
        normalise_heading(text).as_str(),
        "summary"
            | "executive summary"
            | "abstract"
            | "key points"
            | "key findings"
            | "key takeaways"
            | "in brief"
            | "at a glance"
            | "highlights"
            | "résumé"
            | "synthèse"
            | "resumen"
            | "resumo"
            | "zusammenfassung"
            | "sintesi"
    )
}

/// Headings that open the author box.
pub fn is_authors_heading(text: &str) -> bool {
    let t = normalise_heading(text);
    matches!(
        t.as_str(),
        "about the author"
            | "about the authors"
            | "about the author(s)"
            | "about the contributors"
            | "about the contributor"
            | "authors"
            | "author"
            | "contributors"
            | "about the editors"
            | "about the editor"
            | "à propos de l'auteur"
            | "à propos de l'autrice"
            | "à propos des auteurs"
            | "à propos des auteur(e)s"
            | "les auteurs"
            | "sobre el autor"
            | "sobre la autora"
            | "sobre los autores"
            | "sobre o autor"
            | "sobre os autores"
            | "über den autor"
            | "über die autorin"
            | "über die autoren"
            | "gli autori"
    )
}

pub fn is_disclaimer_heading(text: &str) -> bool {
    matches!(
        normalise_heading(text).as_str(),
        "disclaimer"
            | "disclaimers"
            | "avertissement"
            | "avis de non-responsabilité"
            | "aviso legal"
            | "descargo de responsabilidad"
            | "haftungsausschluss"
    )
}

/// Lowercase, single spaces, straight apostrophes, no trailing colon or full stop.
pub fn normalise_heading(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches([':', '.', ' ', '\u{a0}'])
        .replace(['’', 'ʼ'], "'")
        .to_lowercase()
}

/// True when every visible character of `inlines` is inside emphasis or strong emphasis
/// (what extraction does to headings and series lines).
pub fn fully_formatted(inlines: &[Inline]) -> bool {
    !inlines.is_empty()
        && inlines.iter().all(|i| match i {
            Inline::Emph { .. } | Inline::Strong { .. } => true,
            Inline::Text { text } => text.trim().is_empty(),
            _ => false,
        })
        && inlines
            .iter()
            .any(|i| matches!(i, Inline::Emph { .. } | Inline::Strong { .. }))
}

/// True when every visible character is italic (not only bold).
pub fn fully_italic(inlines: &[Inline]) -> bool {
    fully_formatted(inlines)
        && inlines.iter().all(|i| match i {
            Inline::Emph { .. } => true,
            Inline::Strong { content } => fully_italic(content),
            Inline::Text { text } => text.trim().is_empty(),
            _ => false,
        })
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Words that name a kind of publication, for telling a series line from a byline.
fn looks_like_series(text: &str) -> bool {
    let last = text
        .split_whitespace()
        .last()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    matches!(
        last.as_str(),
        "brief"
            | "briefs"
            | "paper"
            | "papers"
            | "report"
            | "commentary"
            | "analysis"
            | "note"
            | "notes"
            | "series"
            | "perspective"
            | "perspectives"
            | "backgrounder"
            | "memo"
            | "update"
            | "insight"
            | "insights"
            | "comment"
            | "explainer"
            | "primer"
            | "bulletin"
            | "review"
            | "study"
            | "digest"
            | "outlook"
    )
}

/// Splits a byline: "A", "A and B", "A, B and C", "A, B, & C", "By A; B"; a parenthesised
/// tail is the affiliation: "A (Institute)".
pub fn split_names(byline: &str) -> Vec<(String, Option<String>)> {
    let mut s = byline.trim().trim_end_matches('.').to_string();
    for prefix in ["By ", "by ", "BY "] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.to_string();
        }
    }
    let s = s
        .replace(", and ", ", ")
        .replace(", & ", ", ")
        .replace(" and ", ", ")
        .replace(" & ", ", ")
        .replace(';', ",");
    s.split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| match n.split_once('(') {
            Some((name, rest)) if rest.trim_end().ends_with(')') => (
                name.trim().to_string(),
                Some(rest.trim_end().trim_end_matches(')').trim().to_string())
                    .filter(|a| !a.is_empty()),
            ),
            _ => (n.to_string(), None),
        })
        .collect()
}

/// Could `text` be a list of personal names? Each part 1–5 words, each word capitalised.
fn looks_like_names(text: &str) -> bool {
    let names = split_names(text);
    !names.is_empty()
        && names.len() <= 12
        && names.iter().all(|(n, _)| {
            let words: Vec<&str> = n.split_whitespace().collect();
            (1..=6).contains(&words.len())
                && words.iter().all(|w| {
                    w.chars()
                        .next()
                        .is_some_and(|c| c.is_uppercase() || !c.is_alphabetic())
                        || matches!(
                            *w,
                            "van"
                                | "von"
                                | "de"
                                | "da"
                                | "del"
                                | "der"
                                | "di"
                                | "al"
                                | "bin"
                                | "ibn"
                                | "la"
                                | "le"
                        )
                })
        })
}

/// Reads the title page of extracted text (masthead, series, title, subtitle, byline, date)
/// into `meta`, removing those items. Returns `false` when no title was found.
pub fn read_header(items: &mut Vec<Item>, meta: &mut Meta, diags: &mut Diagnostics) -> bool {
    // The header zone ends at the first summary-like heading, or the first long paragraph.
    let zone_end = items
        .iter()
        .position(|it| match it {
            Item::Heading { content, .. } => {
                let t = plain_text(content);
                is_summary_heading(&t) || is_authors_heading(&t)
            }
            Item::Block(Block::Paragraph { content, .. }) => word_count(&plain_text(content)) > 40,
            Item::Block(_) | Item::Break(_) | Item::FootnoteDef { .. } => true,
        })
        .unwrap_or(items.len());
    let level1: Vec<usize> = (0..zone_end)
        .filter(|&i| matches!(&items[i], Item::Heading { level: 1, .. }))
        .collect();
    let title_at = match level1.last() {
        Some(&i) => i,
        None => match (0..zone_end).find(|&i| matches!(&items[i], Item::Heading { .. })) {
            Some(i) => i,
            None => return false,
        },
    };
    let mut remove = vec![title_at];
    if let Item::Heading { content, span, .. } = &items[title_at] {
        meta.title = plain_text(content).trim().to_string();
        meta.title_span = *span;
    }
    // Before the title: masthead (publisher) and series.
    for (i, item) in items.iter().enumerate().take(title_at) {
        let (content, is_h1) = match item {
            Item::Heading { level, content, .. } => (content, *level == 1),
            Item::Block(Block::Paragraph { content, .. }) => (content, false),
            _ => continue,
        };
        let text = plain_text(content).trim().to_string();
        if text.is_empty() || word_count(&text) > 12 {
            continue;
        }
        if is_h1 && meta.publisher.is_none() {
            meta.publisher = Some(text);
            remove.push(i);
        } else if meta.series.is_none() && (fully_italic(content) || looks_like_series(&text)) {
            meta.series = Some(text);
            remove.push(i);
        } else if meta.publisher.is_none() && fully_formatted(content) {
            meta.publisher = Some(text);
            remove.push(i);
        }
    }
    // After the title: subtitle, series, byline, date — while the items keep matching.
    let mut i = title_at + 1;
    while i < zone_end {
        let matched = match &items[i] {
            Item::Heading { level, content, .. } if *level >= 2 => {
                let text = plain_text(content).trim().to_string();
                if meta.series.is_none() && fully_italic(content) && looks_like_series(&text) {
                    meta.series = Some(text);
                    true
                } else if meta.subtitle.is_none() && meta.authors.is_empty() {
                    meta.subtitle = Some(text);
                    true
                } else {
                    false
                }
            }
            Item::Block(Block::Paragraph { content, span }) => {
                let text = plain_text(content).trim().to_string();
                if let Some(d) = parse_date(&text) {
                    if meta.date.is_none() {
                        meta.date = Some(iso(d));
                    }
                    true
                } else if meta.series.is_none() && fully_italic(content) && looks_like_series(&text)
                {
                    meta.series = Some(text);
                    true
                } else if meta.authors.is_empty()
                    && (fully_formatted(content)
                        || text.starts_with("By ")
                        || text.starts_with("by "))
                    && looks_like_names(&text)
                {
                    meta.authors = split_names(&text)
                        .into_iter()
                        .map(|(name, affiliation)| Author { name, affiliation })
                        .collect();
                    true
                } else if date_like(&text) {
                    diags.warn(
                        *span,
                        format!(
                            "date `{text}` not understood (write it as 2024-05-29 or May 29, 2024)"
                        ),
                    );
                    true
                } else {
                    false
                }
            }
            _ => false,
        };
        if !matched {
            break;
        }
        remove.push(i);
        i += 1;
    }
    remove.sort_unstable();
    for i in remove.into_iter().rev() {
        items.remove(i);
    }
    true
}

/// A short line with a year in it that did not parse as a date.
fn date_like(text: &str) -> bool {
    word_count(text) <= 5
        && text
            .split(|c: char| !c.is_ascii_digit())
            .any(|d| d.len() == 4 && (d.starts_with("19") || d.starts_with("20")))
}

/// Takes the notes out of extracted text: every paragraph led by a note marker is a note
/// definition. At the top of a page-break block, unmarked paragraphs before the first marked
/// one continue the previous note (as does a first paragraph when the previous note stops
/// mid-sentence and no marked note follows); after the last marked note the body resumes.
pub fn collect_notes(mut items: Vec<Item>, notes: &mut Vec<Footnote>) -> Vec<Item> {
    let mut out = Vec::with_capacity(items.len());
    let mut i = 0;
    while i < items.len() {
        match &items[i] {
            Item::Break(span) => {
                let span = *span;
                out.push(Item::Block(Block::PageBreak { span }));
                i += 1;
                if notes.last().is_some_and(note_unfinished)
                    && let Some(item) = items.get_mut(i)
                {
                    unlist_number_line(item);
                }
                // The run of paragraphs that follows the break.
                let run_end = (i..items.len())
                    .find(|&j| !matches!(&items[j], Item::Block(Block::Paragraph { .. })))
                    .unwrap_or(items.len());
                let first_marked = (i..run_end).find(|&j| paragraph_marker(&items[j]).is_some());
                let continued = match first_marked {
                    Some(m) if !notes.is_empty() => m,
                    Some(_) => i,
                    None if i < run_end && notes.last().is_some_and(note_unfinished) => i + 1,
                    None => i,
                };
                if let Some(prev) = notes.last_mut() {
                    if i < continued {
                        // The note ran over the page: the rejoin pass mends its paragraph
                        // from the text, as it does for the body.
                        prev.blocks.push(Block::PageBreak { span });
                    }
                    for item in &items[i..continued] {
                        if let Item::Block(b) = item {
                            prev.blocks.push(b.clone());
                        }
                    }
                }
                out.extend(
                    items[i.min(continued)..continued]
                        .iter()
                        .filter(|_| notes.is_empty())
                        .cloned(),
                );
                i = continued;
            }
            item => {
                if let Some((label, rest, span)) = paragraph_marker(item) {
                    notes.push(Footnote {
                        number: 0,
                        label,
                        blocks: vec![Block::Paragraph {
                            content: rest,
                            span,
                        }],
                        span,
                    });
                } else {
                    out.push(item.clone());
                }
                i += 1;
            }
        }
    }
    out
}

/// A continued note's text that starts with a number and a full stop (`2022.`, `12. Available
/// at…`) reads as an ordered list in CommonMark; turn such a one-item list back into text.
fn unlist_number_line(item: &mut Item) {
    let Item::Block(Block::List {
        ordered: true,
        start,
        items,
        ..
    }) = item
    else {
        return;
    };
    let [only] = items.as_slice() else {
        return;
    };
    let mut content = vec![Inline::text(format!("{}.", start.unwrap_or(1)))];
    let span = match only.as_slice() {
        [] => Span::default(),
        [
            Block::Paragraph {
                content: rest,
                span,
            },
        ] => {
            content.push(Inline::text(" "));
            content.extend(rest.iter().cloned());
            *span
        }
        _ => return,
    };
    *item = Item::Block(Block::Paragraph {
        content: super::markdown::merge_text(content),
        span,
    });
}

fn paragraph_marker(item: &Item) -> Option<(String, Vec<Inline>, Span)> {
    match item {
        Item::Block(Block::Paragraph { content, span }) => {
            marker(content).map(|(label, rest)| (label, rest, *span))
        }
        _ => None,
    }
}

/// A note whose text stops without closing punctuation probably continues on the next page.
fn note_unfinished(note: &Footnote) -> bool {
    match note.blocks.last() {
        Some(Block::Paragraph { content, .. }) => !crate::transform::ends_sentence(content),
        _ => false,
    }
}

/// `<sup>N</sup> text` → (N, text).
fn marker(content: &[Inline]) -> Option<(String, Vec<Inline>)> {
    match content.first() {
        Some(Inline::FootnoteRef { label, .. }) => {
            let rest = super::markdown::trim_inlines(content[1..].to_vec());
            Some((label.clone(), rest))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines() {
        let names = |s: &str| {
            split_names(s)
                .into_iter()
                .map(|(n, _)| n)
                .collect::<Vec<_>>()
        };
        assert_eq!(names("Jane Doe"), ["Jane Doe"]);
        assert_eq!(names("Jane Doe and John Roe"), ["Jane Doe", "John Roe"]);
        assert_eq!(
            names("A. Bell, C. Dunn and E. Fox"),
            ["A. Bell", "C. Dunn", "E. Fox"]
        );
        assert_eq!(
            names("By A. Bell, C. Dunn, & E. Fox"),
            ["A. Bell", "C. Dunn", "E. Fox"]
        );
        assert_eq!(
            split_names("Ana Lima (Lisbon Policy Centre)")[0]
                .1
                .as_deref(),
            Some("Lisbon Policy Centre")
        );
    }

    #[test]
    fn mangled_headings_are_fully_formatted() {
        let h = vec![
            Inline::Strong {
                content: vec![Inline::text("S")],
            },
            Inline::Emph {
                content: vec![Inline::text("ummary")],
            },
        ];
        assert!(fully_formatted(&h));
        assert!(is_summary_heading(&plain_text(&h)));
        assert!(!fully_italic(&h));
    }

    #[test]
    fn back_matter_headings_in_several_languages() {
        assert!(is_summary_heading("Executive Summary:"));
        assert!(is_summary_heading("Résumé"));
        assert!(is_authors_heading("About the Author(s)"));
        assert!(is_authors_heading("À propos des auteurs"));
        assert!(is_authors_heading("À propos de l’auteur"));
        assert!(is_disclaimer_heading("Avertissement"));
        assert!(!is_summary_heading("Summary of Findings in Detail"));
        assert!(!is_authors_heading("The Way Forward"));
    }

    fn items(text: &str) -> Vec<Item> {
        let mut d = Diagnostics::new();
        super::super::markdown::Converter::new(super::super::markdown::Style::Extracted, &mut d, 32)
            .convert(text)
    }

    #[test]
    fn title_page() {
        let mut it = items(
            "# ACME\n\n## *Policy Brief*\n\n# The Title\n\n*Ana Lima, Bo Chen and Cy Dunn*\n\n12 March 2025\n\n## Summary\n\nText.\n",
        );
        let mut meta = Meta::default();
        let mut d = Diagnostics::new();
        assert!(read_header(&mut it, &mut meta, &mut d));
        assert!(d.is_empty());
        assert_eq!(meta.publisher.as_deref(), Some("ACME"));
        assert_eq!(meta.series.as_deref(), Some("Policy Brief"));
        assert_eq!(meta.title, "The Title");
        assert_eq!(meta.authors.len(), 3);
        assert_eq!(meta.date.as_deref(), Some("2025-03-12"));
        assert_eq!(it.len(), 2, "summary heading and text remain: {it:?}");
    }

    #[test]
    fn title_page_with_italic_series_paragraph_and_unknown_date() {
        let mut it =
            items("*Issue Brief*\n\n# The Title\n\n*Ana Lima*\n\nLate 2024\n\nBody text.\n");
        let mut meta = Meta::default();
        let mut d = Diagnostics::new();
        assert!(read_header(&mut it, &mut meta, &mut d));
        assert_eq!(meta.series.as_deref(), Some("Issue Brief"));
        assert_eq!(meta.date, None);
        assert_eq!(d.iter().count(), 1, "date not understood");
        assert!(!read_header(
            &mut items("Only text.\n"),
            &mut Meta::default(),
            &mut d
        ));
    }

    #[test]
    fn notes_are_collected_after_breaks() {
        let it = items(
            "Body.<sup>1</sup>\n\n---\n\n<sup>1</sup> Note one,\n\nnext page body.\n\n---\n\ncontinued.\n\n<sup>2</sup> Two.\n\nMore body.\n",
        );
        let mut notes = Vec::new();
        let rest = collect_notes(it, &mut notes);
        assert_eq!(notes.len(), 2);
        assert_eq!(notes[0].label, "1");
        // Note 1: its text, the page break, the continuation (the rejoin pass mends it).
        assert_eq!(notes[0].blocks.len(), 3);
        assert!(matches!(notes[0].blocks[1], Block::PageBreak { .. }));
        let body: Vec<String> = rest
            .iter()
            .filter_map(|i| match i {
                Item::Block(Block::Paragraph { content, .. }) => Some(plain_text(content)),
                _ => None,
            })
            .collect();
        assert_eq!(body, ["Body.", "next page body.", "More body."]);
    }

    #[test]
    fn note_continued_by_a_number_line_is_not_a_list() {
        let it = items(
            "Body.<sup>1</sup>\n\n---\n\n<sup>1</sup> A report, Hamburg,\n\nMore body.\n\n---\n\n2022.\n\nLast body.\n",
        );
        let mut notes = Vec::new();
        let rest = collect_notes(it, &mut notes);
        let texts: Vec<String> = notes[0]
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph { content, .. } => Some(plain_text(content)),
                _ => None,
            })
            .collect();
        assert_eq!(texts, ["A report, Hamburg,", "2022."]);
        assert!(
            !rest
                .iter()
                .any(|i| matches!(i, Item::Block(Block::List { .. })))
        );
    }

    #[test]
    fn mangled_headings_read_as_words() {
        for (md, want) in [
            ("## **Th***e Way Forward*\n", "The Way Forward"),
            ("## *S*ummary\n", "Summary"),
            ("## **S***ummary*\n", "Summary"),
        ] {
            let it = items(md);
            let Some(Item::Heading { content, .. }) = it.first() else {
                panic!("{md}: {it:?}")
            };
            assert_eq!(plain_text(content), want);
        }
    }

    #[test]
    fn series_words() {
        assert!(looks_like_series("Issue Brief"));
        assert!(looks_like_series("Occasional Paper"));
        assert!(!looks_like_series("Jane Doe"));
    }
}
