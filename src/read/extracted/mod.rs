//! Heuristics for Markdown that PDF-to-Markdown extraction produced: the masthead, series,
//! title, byline and date on the first page, and the notes that sit in page-break blocks.
//! Every rule works from the structure and the text's shape, never from particular names.

pub mod contents;
pub mod language;
pub mod markers;
pub mod notes;
pub mod pages;
pub mod titlepage;
use crate::model::{Block, Inline, Span, plain_text};

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

/// True when every visible character is bold (italic too or not).
pub fn fully_bold(inlines: &[Inline]) -> bool {
    fully_formatted(inlines)
        && inlines.iter().all(|i| match i {
            Inline::Strong { .. } => true,
            Inline::Emph { content } => fully_bold(content),
            Inline::Text { text } => text.trim().is_empty(),
            _ => false,
        })
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

/// Words that name a kind of publication, in the languages briefs come in.
const PUBLICATION_KINDS: &[&str] = &[
    "brief",
    "briefs",
    "paper",
    "papers",
    "report",
    "commentary",
    "analysis",
    "note",
    "notes",
    "series",
    "perspective",
    "perspectives",
    "backgrounder",
    "memo",
    "update",
    "insight",
    "insights",
    "comment",
    "explainer",
    "primer",
    "bulletin",
    "review",
    "study",
    "digest",
    "outlook",
    "kurzanalyse",
    "analyse",
    "studie",
    "impulspapier",
    "rapport",
    "étude",
    "documento",
    "informe",
    "nota",
    "notas",
    "boletín",
    "análisis",
    "dossier",
];

/// Does `block` still belong to an extracted summary whose box extraction lost? A list after
/// a lead-in ending in a colon does, and so does a paragraph that speaks of the publication
/// itself ("This brief estimates…", "Cette note propose…"), as abstracts do; any other text
/// after the summary's first block is the untitled introduction.
pub fn continues_summary(summary: &[Block], block: &Block) -> bool {
    match block {
        Block::List { .. } => summary.last().is_some_and(|b| match b {
            Block::Paragraph { content, .. } => plain_text(content).trim_end().ends_with(':'),
            _ => false,
        }),
        Block::Paragraph { content, .. } => speaks_of_itself(&plain_text(content)),
        Block::Heading { .. }
        | Block::Quote { .. }
        | Block::Code { .. }
        | Block::Table { .. }
        | Block::Image { .. }
        | Block::Rule
        | Block::PageBreak { .. } => false,
    }
}

/// "This brief…", "This policy paper…", "Diese Kurzanalyse…", "Este documento…": a
/// demonstrative, then within two words a kind of publication.
fn speaks_of_itself(text: &str) -> bool {
    const DEMONSTRATIVES: &[&str] = &[
        "this", "cette", "ce", "cet", "diese", "dieser", "dieses", "este", "esta", "questo",
        "questa", "deze", "dit",
    ];
    const DOCUMENTS: &[&str] = &["document", "dokument", "documento", "publication", "study"];
    let words: Vec<String> = text
        .split_whitespace()
        .take(4)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    words
        .first()
        .is_some_and(|w| DEMONSTRATIVES.contains(&w.as_str()))
        && words[1..]
            .iter()
            .take(2)
            .any(|w| PUBLICATION_KINDS.contains(&w.as_str()) || DOCUMENTS.contains(&w.as_str()))
}

/// Numbering that follows a series name: "No. 7", "n.º 8", "22", "4/2024".
fn is_numbering(word: &str) -> bool {
    let w = word.to_lowercase();
    w.chars().any(|c| c.is_ascii_digit())
        || matches!(
            w.as_str(),
            "no." | "no" | "nr." | "n°" | "nº" | "n.º" | "#" | "vol." | "issue"
        )
}

/// Is `text` a series line? Its last word (numbering aside) names a kind of publication:
/// "Issue Brief", "Working Paper 22", "Kurzanalyse 4/2024", "Note d'analyse n° 31".
pub fn looks_like_series(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let end = words
        .iter()
        .rposition(|w| !is_numbering(w))
        .map_or(0, |i| i + 1);
    let kind = |w: &str| {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        PUBLICATION_KINDS.contains(&w.as_str())
    };
    let named = &words[..end];
    // "Note d'analyse", "Documento de Política": the kind may open a short name too.
    named.last().is_some_and(|w| kind(w))
        || named.len() <= 4 && named.first().is_some_and(|w| kind(w))
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
    // A suspended compound (`Wohnungs- und Energiepolitik`) is one name: its `und` joins
    // words, not authors.
    let s = s
        .replace("- ", "-\u{0}")
        .replace(", and ", ", ")
        .replace(", & ", ", ")
        .replace(" and ", ", ")
        .replace(" & ", ", ")
        // French, German, Spanish, Italian and Portuguese "and".
        .replace(" et ", ", ")
        .replace(" und ", ", ")
        .replace(" y ", ", ")
        .replace(" e ", ", ")
        .replace(';', ",");
    s.split(',')
        .map(|n| n.trim().replace('\u{0}', " "))
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

/// A byline with each author's affiliation after their name, as a title page sets it inline:
/// "A, Institute of X and B, University of Y" or "A (Institute of X) and B". `None` unless
/// every part is a name or an institution's name following one, and one affiliation at least.
pub fn inline_affiliations(text: &str) -> Option<Vec<(String, Option<String>)>> {
    if let Some(listed) = colon_affiliations(text) {
        return Some(listed);
    }
    let mut authors: Vec<(String, Option<String>)> = Vec::new();
    for (part, paren) in split_names(text) {
        let institution = crate::read::backmatter::names_institution(&part);
        let last_free = authors.last().is_some_and(|(_, a)| a.is_none());
        if institution && last_free {
            if let Some(last) = authors.last_mut() {
                last.1 = Some(part);
            }
        } else if !institution && looks_like_names(&part) && part.split_whitespace().count() <= 4 {
            authors.push((part, paren));
        } else {
            return None;
        }
    }
    (authors.iter().any(|(_, a)| a.is_some())).then_some(authors)
}

/// `A: Institute of X; B: University of Y`, each author with their affiliation after a colon.
fn colon_affiliations(text: &str) -> Option<Vec<(String, Option<String>)>> {
    let text = text.trim().trim_matches(['*', '_']).trim();
    if !text.contains(':') {
        return None;
    }
    let mut out = Vec::new();
    for part in text.split(';') {
        let (name, affiliation) = part.split_once(':')?;
        let one_line = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        let (name, affiliation) = (one_line(name), one_line(affiliation));
        let (name, affiliation) = (name.as_str(), affiliation.as_str());
        if !looks_like_names(name) || split_names(name).len() != 1 || affiliation.is_empty() {
            return None;
        }
        out.push((name.to_string(), Some(affiliation.to_string())));
    }
    Some(out)
}

/// Could `text` be a list of personal names? Each part 1–5 words, each word capitalised.
pub fn looks_like_names(text: &str) -> bool {
    let names = split_names(text);
    !names.is_empty()
        && !text.chars().any(|c| c.is_ascii_digit())
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

/// A line that starts with a number and a full stop (`2022.` continuing a note, `3. März
/// 2024`) reads as an ordered list in CommonMark; turn such a one-item list back into text.
pub fn unlist_number_line(block: Block) -> Block {
    let Block::List {
        ordered: true,
        start,
        items,
        ..
    } = &block
    else {
        return block;
    };
    let [only] = items.as_slice() else {
        return block;
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
        _ => return block,
    };
    Block::Paragraph {
        content: crate::model::text::merge_text(content),
        span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;
    use crate::model::plain_text;
    use crate::read::markdown::Item;

    #[test]
    fn bylines_with_affiliations_inline() {
        let got = inline_affiliations(
            "Priya Lindqvist, Northgate Centre for Social Policy and Callum Oduya, Tarnbrook College",
        )
        .unwrap();
        assert_eq!(
            got,
            [
                (
                    "Priya Lindqvist".to_string(),
                    Some("Northgate Centre for Social Policy".to_string())
                ),
                (
                    "Callum Oduya".to_string(),
                    Some("Tarnbrook College".to_string())
                ),
            ]
        );
        assert_eq!(inline_affiliations("Ana Lima and Bo Chen"), None);
        assert_eq!(
            inline_affiliations(
                "_Harriet Ashdown: Severn Institute; Devraj Ramanathan: University of Bredon_"
            )
            .map(|v| v.len()),
            Some(2)
        );
        assert_eq!(
            inline_affiliations("Note: this is a sentence; it goes on"),
            None
        );
        assert_eq!(
            inline_affiliations("Rain, wind and the River Authority"),
            None
        );
    }

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
        // A suspended compound's `und` joins words, not authors.
        assert_eq!(
            names(
                "Katharina Vollmer, Institut für Wohnungs- und Energiepolitik und Jonas Albrecht"
            ),
            [
                "Katharina Vollmer",
                "Institut für Wohnungs- und Energiepolitik",
                "Jonas Albrecht"
            ]
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
    fn a_summary_goes_on_only_where_it_speaks_of_the_publication() {
        let p = |s: &str| Block::Paragraph {
            content: vec![Inline::text(s)],
            span: Span::default(),
        };
        let first = [p("Prices rose.")];
        assert!(continues_summary(
            &first,
            &p("This brief estimates the gap.")
        ));
        assert!(continues_summary(
            &first,
            &p("Diese Kurzanalyse zeigt, wo.")
        ));
        assert!(continues_summary(&first, &p("This policy paper reviews.")));
        assert!(!continues_summary(&first, &p("On 22 March, a storm hit.")));
        assert!(!continues_summary(&first, &p("This is a hard year.")));
        let list = Block::List {
            ordered: false,
            start: None,
            tight: true,
            items: vec![vec![p("One.")]],
        };
        assert!(continues_summary(&[p("In short:")], &list));
        assert!(!continues_summary(&first, &list));
    }

    #[test]
    fn series_words() {
        assert!(looks_like_series("Issue Brief"));
        assert!(looks_like_series("Occasional Paper"));
        assert!(!looks_like_series("Jane Doe"));
    }
}
