//! Back matter, wherever it stands and in either input style: the author box ("About the
//! Author(s)", "About the Contributors", "Authors"), the paragraph about the publishing
//! institute, the disclaimer (a `*Disclaimer:*` paragraph or a headed section) and the ©
//! line. Recognised from the shape of each paragraph, never from particular names.

use crate::model::text::{merge_text, trim_inlines};
use crate::model::{AuthorEntry, Block, Document, Inline, Meta, Span, plain_text};
use crate::read::markdown::Item;

/// Where the closing run of back-matter paragraphs starts: from the end, paragraphs about an
/// institution, disclaimers and © lines (and page breaks). An institute paragraph there is
/// about the publisher even with no "About" heading above it.
pub(super) fn back_matter_tail(items: &[Item], meta: &Meta) -> usize {
    let mut start = items.len();
    for (i, item) in items.iter().enumerate().rev() {
        let back = match item {
            Item::Block(Block::Paragraph { content, .. }) => {
                is_copyright(content)
                    || disclaimer_lead(content).is_some()
                    || about_an_institution(&plain_text(content), meta)
            }
            Item::Block(Block::PageBreak { .. }) | Item::Break(_) => true,
            Item::Block(_) | Item::Heading { .. } | Item::FootnoteDef { .. } => false,
        };
        if !back {
            break;
        }
        start = i;
    }
    start
}

/// Blocks in the author part that are not a new entry continue the last one.
pub(super) fn push_author_block(doc: &mut Document, block: Block) {
    if !doc.about_publisher.is_empty() {
        doc.about_publisher.push(block);
    } else if let Some(last) = doc.author_box.last_mut() {
        last.bio.push(block);
    } else {
        doc.about_publisher.push(block);
    }
}

/// A paragraph in the author part: `**Name** bio…` is an author entry, unless the bold name
/// is the publisher (an institution), whose paragraph is about the publisher.
pub(super) fn author_paragraph(doc: &mut Document, block: Block) {
    let Block::Paragraph { content, span } = &block else {
        return push_author_block(doc, block);
    };
    let lead = match content.first() {
        Some(Inline::Strong { content: name }) => plain_text(name).trim().to_string(),
        _ => String::new(),
    };
    if lead.is_empty() {
        if about_an_institution(&plain_text(content), &doc.meta) {
            doc.about_publisher.push(block);
            return;
        }
        if let Some(entry) = plain_author_entry(content, *span, &doc.meta) {
            doc.author_box.push(entry);
            return;
        }
        return push_author_block(doc, block);
    }
    if is_publisher_name(&lead, &doc.meta) {
        doc.about_publisher.push(block);
        return;
    }
    let rest = trim_inlines(content[1..].to_vec());
    let rest = strip_leading_punct(rest);
    doc.author_box.push(AuthorEntry {
        name: lead.trim_end_matches([',', ':']).trim().to_string(),
        bio: if rest.is_empty() {
            Vec::new()
        } else {
            vec![Block::Paragraph {
                content: rest,
                span: *span,
            }]
        },
    });
}

/// A bio that opens with an author's name in plain text ("Aled Morgan is a fellow…").
pub(super) fn plain_author_entry(
    content: &[Inline],
    span: Span,
    meta: &Meta,
) -> Option<AuthorEntry> {
    let Some(Inline::Text { text }) = content.first() else {
        return None;
    };
    let author = meta.authors.iter().find(|a| {
        text.strip_prefix(a.name.as_str())
            .is_some_and(|rest| rest.starts_with([' ', ',']))
    })?;
    let mut rest = content.to_vec();
    rest[0] = Inline::text(&text[author.name.len()..]);
    Some(AuthorEntry {
        name: author.name.clone(),
        bio: vec![Block::Paragraph {
            content: trim_inlines(rest),
            span,
        }],
    })
}

/// An unbolded paragraph about an institution ("Bluewater Policy Lab is an independent…",
/// "The Helix Centre is…"): its subject, before `is`, is the publisher or names an
/// institution, and no author.
pub(super) fn about_an_institution(text: &str, meta: &Meta) -> bool {
    // "is" in the languages briefs come in.
    const COPULAS: &[&str] = &[" is ", " es ", " est ", " ist ", " è ", " é "];
    const ARTICLES: &[&str] = &[
        "The ", "El ", "La ", "Los ", "Las ", "Le ", "Les ", "L'", "L’", "Der ", "Die ", "Das ",
        "Il ", "Lo ", "O ", "A ",
    ];
    let Some(subject) = COPULAS
        .iter()
        .filter_map(|c| text.find(c).map(|at| &text[..at]))
        .min_by_key(|s| s.len())
    else {
        return false;
    };
    let subject = subject.trim();
    let subject = ARTICLES
        .iter()
        .find_map(|a| subject.strip_prefix(a))
        .unwrap_or(subject);
    subject.split_whitespace().count() <= 8 && is_publisher_name(subject, meta)
}

pub(super) fn strip_leading_punct(mut inlines: Vec<Inline>) -> Vec<Inline> {
    if let Some(Inline::Text { text }) = inlines.first_mut() {
        let t = text
            .trim_start_matches([',', ':', '—', '–', ' '])
            .to_string();
        *text = t;
    }
    merge_text(inlines)
}

/// Words that mark a name as an institution's rather than a person's.
const INSTITUTION_WORDS: &[&str] = &[
    "institute",
    "institution",
    "centre",
    "center",
    "council",
    "foundation",
    "forum",
    "association",
    "society",
    "university",
    "programme",
    "program",
    "initiative",
    "organisation",
    "organization",
    "commission",
    "agency",
    "trust",
    "network",
    "observatory",
    "school",
    "academy",
    "college",
    "fund",
    "group",
    "office",
    "department",
    "ministry",
    "bureau",
    "laboratory",
    "lab",
    "project",
    "alliance",
    "federation",
    "consortium",
    "partnership",
    "corporation",
    "company",
    "press",
    "service",
    "think",
    "tank",
    "studies",
    "unit",
    "institut",
    "instituto",
    "centro",
    "fondation",
    "fundación",
    "stiftung",
    "université",
    "universidad",
    "universität",
    "hochschule",
    "akademie",
    "école",
    "escuela",
    "observatoire",
    "observatorio",
    "conseil",
    "consejo",
];

pub(super) fn is_publisher_name(name: &str, meta: &Meta) -> bool {
    let lower = name.to_lowercase();
    let is_author = meta.authors.iter().any(|a| {
        let a = a.name.to_lowercase();
        lower.ends_with(&a) || a.ends_with(&lower)
    });
    if is_author {
        return false;
    }
    if let Some(p) = &meta.publisher {
        let p_lower = p.to_lowercase();
        if lower == p_lower || lower.contains(&p_lower) || acronym_matches(name, p) {
            return true;
        }
    }
    names_institution(name)
}

/// Does `name` contain a word that names an institution ("Institute", "Centre", "Council"…)?
pub(crate) fn names_institution(name: &str) -> bool {
    name.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| INSTITUTION_WORDS.contains(&w))
}

/// "Centre for Policy Research" ~ "CPR", "Lisbon Institute of Global Studies" ~ "LIGS" /
/// "L-IGS": the initials of the capitalised words spell the short name.
pub(super) fn acronym_matches(long: &str, short: &str) -> bool {
    let letters: String = short
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_uppercase();
    if letters.len() < 2 {
        return false;
    }
    let initials: String = long
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect();
    initials == letters
}

/// `*Disclaimer:* text` / `**Disclaimer:** text` / `Disclaimer: text` → text.
pub(super) fn disclaimer_lead(content: &[Inline]) -> Option<Vec<Inline>> {
    let first = content.first()?;
    let (lead, rest) = match first {
        Inline::Emph { content: c } | Inline::Strong { content: c } => {
            (plain_text(c), content[1..].to_vec())
        }
        Inline::Text { text } => {
            let (l, r) = text.split_once(':')?;
            let mut rest = vec![Inline::text(r)];
            rest.extend_from_slice(&content[1..]);
            (format!("{l}:"), rest)
        }
        _ => return None,
    };
    let lead = lead.trim().to_lowercase();
    if lead == "disclaimer:" || lead == "disclaimer" {
        let rest = strip_leading_punct(trim_inlines(rest));
        (!rest.is_empty()).then_some(rest)
    } else {
        None
    }
}

pub(crate) fn is_copyright(content: &[Inline]) -> bool {
    let t = plain_text(content);
    let t = t.trim();
    (t.starts_with('©')
        || t.starts_with("(c) ")
        || t.starts_with("(C) ")
        || t.starts_with("Copyright "))
        && t.split_whitespace().count() <= 30
}
