//! A publication's table of contents tells its headings' levels where the extraction lost
//! them: pymupdf4llm sizes an InDesign publication's headings `#` to `######` by their type,
//! but its contents page sets sections in bold and subsections plain. A contents heading
//! (Contents, Table of contents, Inhalt, Sommaire, Índice…) over a table whose rows are an
//! entry and a page number gives each entry's level; the body's headings with an entry's
//! words take it. The contents page itself stays text (nothing is dropped).

use super::normalise_heading;
use crate::model::{Block, Inline, plain_text};
use crate::read::markdown::Item;

/// Headings that open a table of contents, in the languages briefs come in.
pub fn is_contents_heading(text: &str) -> bool {
    matches!(
        normalise_heading(text).as_str(),
        "contents"
            | "table of contents"
            | "inhalt"
            | "inhaltsverzeichnis"
            | "sommaire"
            | "table des matières"
            | "índice"
            | "contenido"
            | "contenidos"
            | "indice"
            | "sumário"
    )
}

/// Sets the level of every heading the contents list: `2` for an entry set in bold, `3` for
/// a plain one. Does nothing unless the contents have both kinds; says whether it did.
pub fn levels_from_contents(items: &mut [Item]) -> bool {
    let Some((contents_at, entries)) = contents_entries(items) else {
        return false;
    };
    if !entries.iter().any(|(_, bold)| *bold) || entries.iter().all(|(_, bold)| *bold) {
        return false;
    }
    // A paragraph that is a whole entry's text was a heading the extractor set as text (a
    // recommendation's long heading, in the body's size).
    for (k, item) in items.iter_mut().enumerate() {
        if k <= contents_at + 1 {
            continue;
        }
        if let Item::Block(Block::Paragraph { content, span }) = item
            && entries.iter().any(|(e, _)| *e == key(&plain_text(content)))
        {
            *item = Item::Heading {
                level: 3,
                content: std::mem::take(content),
                span: *span,
            };
        }
    }
    for item in items.iter_mut() {
        if let Item::Heading { level, content, .. } = item {
            let text = plain_text(content);
            let key = key(&text);
            if let Some((_, bold)) = entries.iter().find(|(k, _)| *k == key) {
                *level = if *bold { 2 } else { 3 };
            } else if is_contents_heading(&text) {
                // The contents are a top-level part beside the sections, not over them.
                *level = 2;
            }
        }
    }
    true
}

/// The contents heading's place, and the entries of the first table under it: each entry's
/// key and whether it is set in bold.
fn contents_entries(items: &[Item]) -> Option<(usize, Vec<(String, bool)>)> {
    let at = items.iter().position(
        |i| matches!(i, Item::Heading { content, .. } if is_contents_heading(&plain_text(content))),
    )?;
    let Some(Item::Block(Block::Table { header, rows, .. })) = items.get(at + 1) else {
        return None;
    };
    let entries: Vec<(String, bool)> = std::iter::once(header)
        .chain(rows.iter())
        .filter_map(|row| entry(row))
        .collect();
    (entries.len() >= 3).then_some((at, entries))
}

/// A table of contents in text without markup: its heading's line and, for each entry, its
/// one or two lines.
pub struct PlainContents {
    pub heading: usize,
    pub entries: Vec<Vec<usize>>,
}

/// The table of contents in `lines`: under a contents heading (any language the lexicon
/// knows), entries of one or two lines, each closed by a page number at its end or on a line
/// of its own (pdftotext sets the numbers apart). Ends at a page break, or at text no number
/// closes.
pub fn plain_contents<S: AsRef<str>>(lines: &[S]) -> Option<PlainContents> {
    let heading = lines.iter().position(|l| {
        let t = l
            .as_ref()
            .trim()
            .trim_start_matches('#')
            .replace(['*', '_'], "");
        is_contents_heading(&t)
    })?;
    let mut entries = Vec::new();
    let mut pending = Vec::new();
    for (i, l) in lines.iter().enumerate().skip(heading + 1) {
        let t = l.as_ref().trim();
        if t == crate::read::extracted::pages::BREAK {
            break;
        }
        if t.is_empty() {
            continue;
        }
        let closes = page_number_at_end(t).is_some();
        pending.push(i);
        if closes {
            entries.push(std::mem::take(&mut pending));
        } else if pending.len() > 2 || t.split_whitespace().count() > 16 {
            break;
        }
    }
    Some(PlainContents { heading, entries })
}

/// The page number that closes a contents line (`Background 6`, `6`, `Limits ..... 13`).
fn page_number_at_end(t: &str) -> Option<&str> {
    t.rsplit(|c: char| c.is_whitespace() || c == '|' || c == '.')
        .find(|w| !w.is_empty())
        .filter(|w| w.chars().all(|c| c.is_ascii_digit()) && w.len() <= 4)
}

/// The keys of a plain table of contents' entries (their text without the page number), to
/// find the headings they name in the body.
pub fn plain_entry_keys<S: AsRef<str>>(lines: &[S], c: &PlainContents) -> Vec<String> {
    c.entries
        .iter()
        .map(|entry| {
            let text: Vec<&str> = entry.iter().map(|&i| lines[i].as_ref().trim()).collect();
            let text = text.join(" ");
            let cut = page_number_at_end(&text)
                .and_then(|n| text.rfind(n))
                .unwrap_or(text.len());
            key(&text[..cut])
        })
        .filter(|k| !k.is_empty())
        .collect()
}

/// A row `Entry | 12`: the entry's key and whether it is bold.
fn entry(row: &[Vec<Inline>]) -> Option<(String, bool)> {
    let [title, page] = row else {
        return None;
    };
    let page = plain_text(page);
    let page = page.trim();
    if page.is_empty() || !page.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((key(&plain_text(title)), super::fully_bold(title)))
}

/// Letters and digits only, lower case: `R1: ‘Crypto’ Technologies` and `R1: 'Crypto'
/// Technologies` are one entry.
pub fn key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;
    use crate::read::markdown::{Converter, Style};

    fn levels(md: &str) -> Vec<(String, u8)> {
        let mut d = Diagnostics::new();
        let mut items = Converter::new(Style::Extracted, &mut d, 64).convert(md);
        levels_from_contents(&mut items);
        items
            .iter()
            .filter_map(|i| match i {
                Item::Heading { level, content, .. } => Some((plain_text(content), *level)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn bold_entries_are_sections_and_plain_ones_subsections() {
        let md = "# **Table of contents**\n\n|**Background**|**6**|\n|---|---|\n|Blockchain for OER|6|\n|**Unmet Promises**|**7**|\n|R1: ‘Crypto’ matters|14|\n\n# **Background**\n\nText.\n\n### **Blockchain for OER**\n\nText.\n\n#### **Unmet Promises**\n\nText.\n\n##### R1: 'Crypto' matters\n\nText.\n";
        assert_eq!(
            levels(md),
            [
                // The contents beside the sections, not over them.
                ("Table of contents".to_string(), 2),
                ("Background".to_string(), 2),
                ("Blockchain for OER".to_string(), 3),
                ("Unmet Promises".to_string(), 2),
                // Smart quotes in the heading, as the reader sets them.
                ("R1: ‘Crypto’ matters".to_string(), 3),
            ]
        );
    }

    #[test]
    fn a_paragraph_that_is_an_entry_is_its_heading() {
        // pymupdf4llm sets a long heading in the body's size: a paragraph of its own.
        let md = "# **Contents**\n\n|**Background**|**6**|\n|---|---|\n|Blockchain for OER|6|\n|R1: Crypto matters to all|14|\n\n# **Background**\n\nText.\n\nR1: Crypto matters to all\n\nText.\n";
        assert_eq!(
            levels(md),
            [
                ("Contents".to_string(), 2),
                ("Background".to_string(), 2),
                ("R1: Crypto matters to all".to_string(), 3),
            ]
        );
    }

    #[test]
    fn contents_in_one_style_or_no_contents_change_nothing() {
        let md = "## Contents\n\n|A|1|\n|---|---|\n|B|2|\n|C|3|\n\n#### A\n\n##### B\n";
        assert_eq!(
            levels(md),
            [
                ("Contents".to_string(), 2),
                ("A".to_string(), 4),
                ("B".to_string(), 5)
            ]
        );
        assert!(!is_contents_heading("Contents of a kitchen"));
        assert!(is_contents_heading("Inhaltsverzeichnis"));
    }
}
