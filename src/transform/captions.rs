//! A table's caption, as authors and extractions write one: a short paragraph right before
//! the table, or right after it when the one before is not, that opens with a label and a
//! number ("Table 2:", "Figure 1.", "Tabelle 3 –", "Exhibit A1"). The pass moves it into the
//! table, so every writer sets it over its table and keeps it there (a caption left as a
//! paragraph was drawn as body text in the HTML and the e-book, and could be parted from its
//! table by a page break).

use crate::model::{Block, Inline, VisitMut, plain_text, walk_mut};

/// The longest caption, in characters: longer, it is a paragraph that mentions a table.
const MAX_CHARS: usize = 200;

struct Captions;

impl VisitMut for Captions {
    fn visit_blocks(&mut self, blocks: &mut Vec<Block>) {
        walk_mut::blocks(self, blocks);
        attach(blocks);
    }
    /// Captions are blocks: nothing inside text to look at.
    fn visit_inlines(&mut self, _inlines: &mut Vec<Inline>) {}
}

/// Moves every caption paragraph of `doc` into the table beside it.
pub fn attach_captions(doc: &mut crate::model::Document) {
    Captions.visit_document(doc);
}

/// Moves caption paragraphs in one list of blocks into their tables.
fn attach(blocks: &mut Vec<Block>) {
    let mut i = 0;
    while i < blocks.len() {
        if matches!(&blocks[i], Block::Table { caption, .. } if caption.is_empty()) {
            let before = i.checked_sub(1).filter(|&b| is_caption_block(&blocks[b]));
            let after = Some(i + 1).filter(|&a| a < blocks.len() && is_caption_block(&blocks[a]));
            // A caption before the table wins; one after is taken only when it does not open
            // the next table's caption.
            let after = after.filter(|&a| {
                !matches!(blocks.get(a + 1), Some(Block::Table { caption, .. }) if caption.is_empty())
            });
            if let Some(at) = before.or(after) {
                let table = if at < i { i - 1 } else { i };
                if let Block::Paragraph { content, .. } = blocks.remove(at)
                    && let Block::Table { caption, .. } = &mut blocks[table]
                {
                    *caption = content;
                }
                i = table;
            }
        }
        i += 1;
    }
}

fn is_caption_block(block: &Block) -> bool {
    match block {
        Block::Paragraph { content, .. } => is_caption(&plain_text(content)),
        Block::Heading { .. }
        | Block::List { .. }
        | Block::Quote { .. }
        | Block::Code { .. }
        | Block::Table { .. }
        | Block::Image { .. }
        | Block::Rule
        | Block::PageBreak { .. } => false,
    }
}

/// Does `text` read as a caption: short, a capitalised label word, a number of at most three
/// figures (`2`, `2.1`, `A1`; a year is text: "In 2024 the port…"), then punctuation or the
/// caption's capitalised first word ("Figure 3 shows…" is a sentence)?
pub fn is_caption(text: &str) -> bool {
    let text = text.trim();
    if text.chars().count() > MAX_CHARS {
        return false;
    }
    let mut words = text.split_whitespace();
    let (Some(label), Some(number)) = (words.next(), words.next()) else {
        return false;
    };
    let label = label.strip_suffix('.').unwrap_or(label);
    let is_label = label.chars().next().is_some_and(char::is_uppercase)
        && label.chars().all(char::is_alphabetic)
        && label.chars().count() >= 3;
    let (number, punctuated) = match number.strip_suffix(['.', ':', '–', '—', '-', '|']) {
        Some(n) => (n, true),
        None => (number, false),
    };
    let is_number = {
        let digits = number
            .strip_prefix(|c: char| c.is_ascii_uppercase())
            .unwrap_or(number);
        !digits.is_empty()
            && digits
                .split('.')
                .all(|p| (1..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()))
    };
    let next = words.next();
    let separated = punctuated
        || next.is_none()
        || next.is_some_and(|w| {
            matches!(w, "–" | "—" | "-" | "|" | ":")
                || w.chars().next().is_some_and(char::is_uppercase)
        });
    is_label && is_number && separated
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Align, Span};

    #[test]
    fn captions_open_with_a_label_and_a_number() {
        for t in [
            "Table 2: Trade by port, 2020–2024",
            "Figure 1. Grid capacity",
            "Tabelle 3 – Ausgaben nach Land",
            "Exhibit A1 Coastal cities",
            "Table 2.1 | Budget lines",
            "Tableau 4",
            "Cuadro 5 — Gasto",
        ] {
            assert!(is_caption(t), "{t}");
        }
    }

    #[test]
    fn sentences_and_years_are_not_captions() {
        for t in [
            "In 2024 the port grew by a tenth.",
            "Figure 3 shows the trend since 2010.",
            "Table",
            "table 2: lower-case label",
            "At 12 ports, trade fell.",
            "",
        ] {
            assert!(!is_caption(t), "{t:?}");
        }
        let long = format!("Table 1: {}", "word ".repeat(60));
        assert!(!is_caption(&long));
    }

    fn para(text: &str) -> Block {
        Block::Paragraph {
            content: vec![Inline::text(text)],
            span: Span::default(),
        }
    }

    fn table() -> Block {
        Block::Table {
            align: vec![Align::None],
            header: vec![vec![Inline::text("Port")]],
            rows: vec![vec![vec![Inline::text("Rotterdam")]]],
            caption: Vec::new(),
        }
    }

    fn caption_of(b: &Block) -> String {
        match b {
            Block::Table { caption, .. } => plain_text(caption),
            other => panic!("not a table: {other:?}"),
        }
    }

    #[test]
    fn a_caption_before_or_after_its_table_moves_into_it() {
        let mut blocks = vec![
            para("Intro."),
            para("Table 1: Before"),
            table(),
            para("Text between."),
            table(),
            para("Table 2. After"),
            para("Outro."),
        ];
        attach(&mut blocks);
        assert_eq!(blocks.len(), 5, "{blocks:?}");
        assert_eq!(caption_of(&blocks[1]), "Table 1: Before");
        assert_eq!(caption_of(&blocks[3]), "Table 2. After");
        assert_eq!(blocks[4], para("Outro."));
    }

    /// Between two tables, a caption is the second one's: captions stand over tables far
    /// more often than under them.
    #[test]
    fn a_caption_between_two_tables_is_the_seconds() {
        let mut blocks = vec![table(), para("Table 2: Second"), table()];
        attach(&mut blocks);
        assert_eq!(blocks.len(), 2);
        assert_eq!(caption_of(&blocks[0]), "");
        assert_eq!(caption_of(&blocks[1]), "Table 2: Second");
    }

    #[test]
    fn a_paragraph_not_beside_a_table_stays() {
        let mut blocks = vec![para("Table 1: Orphan"), para("Text."), table()];
        attach(&mut blocks);
        assert_eq!(blocks.len(), 3);
        assert_eq!(caption_of(&blocks[2]), "");
    }
}
