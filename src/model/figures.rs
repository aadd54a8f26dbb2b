//! Figures in tables. Publications set a column of figures flush right, so that units stand
//! under units, whether or not the author aligned it: an extraction or a pipe table written in
//! haste rarely says. Writers draw a column the brief leaves unaligned by
//! [`column_alignment`]; the model keeps what the brief wrote (`Align::None`).

use super::{Align, Inline, plain_text};

/// The alignment each column is drawn with: the brief's own where it gives one; flush right
/// for a column whose body cells are all figures (at least one, blanks and dashes aside);
/// else none (the start of the line).
pub fn column_alignment(
    align: &[Align],
    header: &[Vec<Inline>],
    rows: &[Vec<Vec<Inline>>],
) -> Vec<Align> {
    let columns = rows
        .iter()
        .map(Vec::len)
        .chain([header.len(), align.len()])
        .max()
        .unwrap_or(0);
    (0..columns)
        .map(|col| match align.get(col).copied().unwrap_or_default() {
            Align::None if all_figures(rows.iter().filter_map(|r| r.get(col))) => Align::Right,
            given @ (Align::None | Align::Left | Align::Center | Align::Right) => given,
        })
        .collect()
}

/// Are the cells all figures or placeholders, with at least one figure?
fn all_figures<'a>(cells: impl Iterator<Item = &'a Vec<Inline>>) -> bool {
    let mut figures = 0;
    for cell in cells {
        let text = plain_text(cell);
        let text = text.trim();
        if is_placeholder(text) {
            continue;
        }
        if !is_figure(text) {
            return false;
        }
        figures += 1;
    }
    figures > 0
}

/// An empty cell, or one that says "none" with a dash or "n/a".
fn is_placeholder(text: &str) -> bool {
    matches!(text, "" | "-" | "–" | "—" | "n/a" | "N/A" | "..." | "…")
}

/// A number as tables print them: an optional sign or currency, digits with group and decimal
/// separators (comma, point, thin or no-break space, apostrophe), and an optional percent or
/// per-mille sign or a short unit ("bn", "m", "k", "x"); negative figures may stand in
/// parentheses. Footnote marks and letters beyond a short unit make it text.
pub fn is_figure(text: &str) -> bool {
    let text = text.trim();
    let text = text
        .strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .unwrap_or(text);
    let text = text.trim_start_matches(['+', '-', '−', '±', '~', '≈', '<', '>']);
    let text = text
        .trim_start_matches(['$', '€', '£', '¥', '₹'])
        .trim_start();
    let digits_end = text
        .char_indices()
        .find(|&(_, c)| {
            !(c.is_ascii_digit()
                || matches!(
                    c,
                    ',' | '.' | ' ' | '\'' | '\u{202F}' | '\u{2009}' | '\u{A0}'
                ))
        })
        .map_or(text.len(), |(i, _)| i);
    let (number, rest) = text.split_at(digits_end);
    if !number.starts_with(|c: char| c.is_ascii_digit()) && !number.starts_with('.') {
        return false;
    }
    if !number.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let rest = rest.trim_start();
    matches!(
        rest,
        "" | "%" | "‰" | "bn" | "m" | "k" | "x" | "×" | "pp" | "pt" | "pts"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(s: &str) -> Vec<Inline> {
        vec![Inline::Text {
            text: s.to_string(),
        }]
    }

    #[test]
    fn figures_as_tables_print_them_are_figures() {
        for f in [
            "12", "1,250", "3.5", "48 %", "17%", "-4.2", "−4.2", "(12)", "$1.2bn", "€ 300",
            "1 250", "0.75", "+3 pp", "2023", ".5",
        ] {
            assert!(is_figure(f), "{f}");
        }
        for t in [
            "Port Alder",
            "12 ports",
            "n/a",
            "",
            "3a",
            "Q1 2024",
            "1.2.3 draft",
            "%",
        ] {
            assert!(!is_figure(t), "{t}");
        }
    }

    #[test]
    fn a_column_of_figures_the_brief_leaves_unaligned_is_set_right() {
        let header = vec![cell("Port"), cell("Berths"), cell("Share"), cell("Note")];
        let rows = vec![
            vec![cell("Alder"), cell("12"), cell("48 %"), cell("1")],
            vec![cell("Brisk"), cell("7"), cell("—"), cell("deep water")],
        ];
        // The brief centred the share: that stands.
        let align = [Align::None, Align::None, Align::Center];
        assert_eq!(
            column_alignment(&align, &header, &rows),
            [Align::None, Align::Right, Align::Center, Align::None]
        );
        // A column of blanks and dashes only holds no figure.
        let rows = vec![vec![cell("a"), cell("–")], vec![cell("b"), cell("")]];
        assert_eq!(
            column_alignment(&[], &[], &rows),
            [Align::None, Align::None]
        );
    }
}
