//! Plain text has no markup, so nothing in it may be read as Markdown: characters Markdown
//! gives meaning to are escaped, leading white space (which Markdown reads as code) is
//! dropped, and only what plain text really has survives as structure — bullet glyphs become
//! list items, and a numbered line stays an item only where it continues a numbering.

use super::Lines;

/// Bullet glyphs extractors leave at the start of a list item.
const BULLETS: &[char] = &[
    '•', '●', '▪', '◦', '○', '■', '□', '‣', '⁃', '∙', '·', '-', '*', '+',
];

pub fn run(l: &mut Lines) {
    lone_bullets(l);
    let mut numbering = Numbering::default();
    for line in l.lines.iter_mut() {
        if line.is_break() || line.is_blank() {
            if line.is_blank() {
                line.text.clear();
            }
            continue;
        }
        let t = line.text.trim();
        // A pipe table's row (markitdown writes tables so) stays a table.
        if t.len() > 1 && t.starts_with('|') && t.ends_with('|') {
            line.text = t.to_string();
            continue;
        }
        line.text = if let Some(item) = bullet_item(t) {
            numbering = Numbering::default();
            format!("- {}", escape(item))
        } else if let Some((n, item)) = numbered_item(t)
            && numbering.continues(n)
        {
            format!("{n}. {}", escape(item))
        } else {
            escape_line_start(&escape(t))
        };
    }
}

/// A bullet glyph alone on its line, its item's text after a blank line (LibreOffice's PDFs):
/// the glyph moves to the text, so that the item keeps its lines together.
fn lone_bullets(l: &mut Lines) {
    let lines = &mut l.lines;
    for i in 0..lines.len() {
        let t = lines[i].text.trim();
        let lone = t.chars().count() == 1 && t.chars().all(|c| BULLETS.contains(&c));
        if !lone {
            continue;
        }
        if let Some(j) = (i + 1..lines.len().min(i + 4)).find(|&j| !lines[j].is_blank())
            && !lines[j].is_break()
        {
            let glyph = t.to_string();
            lines[j].text = format!("{glyph} {}", lines[j].text.trim_start());
            lines[i].text.clear();
        }
    }
}

/// Which number an ordered list would take next: 1 starts a list, and a list goes on only
/// with the next number (so "2024. The year…" stays a sentence).
#[derive(Default)]
struct Numbering {
    last: u32,
}

impl Numbering {
    fn continues(&mut self, n: u32) -> bool {
        let ok = n == 1 || n == self.last + 1;
        if ok {
            self.last = n;
        }
        ok
    }
}

/// The item's text when the line starts with a bullet glyph and a space.
fn bullet_item(t: &str) -> Option<&str> {
    let first = t.chars().next()?;
    let rest = t[first.len_utf8()..].strip_prefix([' ', '\t'])?;
    (BULLETS.contains(&first) && !rest.trim().is_empty()).then(|| rest.trim_start())
}

/// `3. Text` or `3) Text`: the number and the text.
fn numbered_item(t: &str) -> Option<(u32, &str)> {
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return None;
    }
    let rest = t[digits..].strip_prefix(['.', ')'])?.strip_prefix(' ')?;
    Some((t[..digits].parse().ok()?, rest.trim_start()))
}

/// Backslash-escapes every character Markdown (CommonMark with GFM tables, strikethrough and
/// footnotes) could read as markup inside a line.
pub fn escape(t: &str) -> String {
    let mut out = String::with_capacity(t.len() + 8);
    for c in t.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '$' | '^'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes what only counts at a line's start: `#` (heading), `-`, `+`, `=` (list item or
/// setext underline), and `12.`/`12)` (an ordered item).
fn escape_line_start(t: &str) -> String {
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && t[digits..].starts_with(['.', ')']) {
        return format!("{}\\{}", &t[..digits], &t[digits..]);
    }
    if t.starts_with(['#', '-', '+', '=']) {
        return format!("\\{t}");
    }
    t.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(text: &str) -> String {
        let mut l = Lines::new(text, None);
        run(&mut l);
        l.text()
    }

    #[test]
    fn markup_characters_are_text() {
        assert_eq!(
            escaped("a *b* [c](d) <e> x|y"),
            r"a \*b\* \[c\](d) \<e\> x\|y"
        );
        assert_eq!(escaped("# not a heading"), r"\# not a heading");
        assert_eq!(escaped("    indented"), "indented");
        assert_eq!(escaped("==="), r"\===");
        assert_eq!(escaped("| a | b |\n|---|---|"), "| a | b |\n|---|---|");
    }

    #[test]
    fn bullets_become_items_and_numbers_only_in_sequence() {
        assert_eq!(escaped("• one\n▪ two"), "- one\n- two");
        assert_eq!(escaped("1. a\n2. b\n4. c"), "1. a\n2. b\n4\\. c");
        assert_eq!(escaped("2024. The year"), "2024\\. The year");
        assert_eq!(escaped("•not a bullet"), "•not a bullet");
        assert_eq!(
            escaped("•\n\nItem text\ngoes on."),
            "\n\n- Item text\ngoes on."
        );
    }
}
