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
    lone_numbers(l);
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

/// Bullet glyphs alone on their lines, their items' text after them (LibreOffice's PDFs
/// through pdftotext and markitdown set a list's glyphs apart, one or all of them before the
/// text, or some of them glued to an item's line): the glyphs move to the text, so that each
/// item keeps its lines together. See [`detached_list`].
fn lone_bullets(l: &mut Lines) {
    let lines = &mut l.lines;
    let mut i = 0;
    while i < lines.len() {
        if !is_lone_bullet(&lines[i].text) {
            i += 1;
            continue;
        }
        let Some(list) = detached_list(lines, i) else {
            i += 1;
            continue;
        };
        let glyph = lines[i].text.trim().to_string();
        for &j in &list.glyphs {
            lines[j].text.clear();
        }
        for &s in &list.starts {
            lines[s].text = format!("{glyph} {}", lines[s].text.trim_start());
        }
        i = list.end;
    }
}

/// A list whose glyphs were set apart from its items' text.
#[derive(Debug, PartialEq)]
struct Detached {
    /// The lines holding a glyph alone.
    glyphs: Vec<usize>,
    /// The lines where the items those glyphs mark start.
    starts: Vec<usize>,
    /// The line after the list.
    end: usize,
}

/// The list that the lone glyph at `from` opens. Every glyph marks one item; the runs of
/// text among the glyphs hold the items: one starts at a run's first line (unless it goes on
/// in lower case), at a line with its own glyph, and else where a line that ends a sentence
/// is followed by one that opens with a capital — at the shortest such lines, as many as
/// the glyphs still want (an item's last line rarely fills the measure). After the last
/// glyph, a run belongs to the list only while it goes on in lower case or items are still
/// wanting.
fn detached_list(lines: &[super::Line], from: usize) -> Option<Detached> {
    let mut glyphs = Vec::new();
    // Runs' first lines that open an item, and the other lines that may.
    let (mut opens, mut may_open) = (Vec::new(), Vec::new());
    let mut end = from;
    let mut j = from;
    while let Some(k) = (j..lines.len()).find(|&k| !lines[k].is_blank()) {
        let t = lines[k].text.trim();
        if lines[k].is_break() {
            break;
        }
        if is_lone_bullet(t) {
            glyphs.push(k);
            (j, end) = (k + 1, k + 1);
            continue;
        }
        let run_end = (k..lines.len())
            .find(|&m| lines[m].is_blank() || lines[m].is_break() || is_lone_bullet(&lines[m].text))
            .unwrap_or(lines.len());
        let lower = t.starts_with(char::is_lowercase);
        let own_glyph = bullet_item(t).is_some();
        let glyph_follows = (run_end..lines.len())
            .find(|&m| !lines[m].is_blank())
            .is_some_and(|m| {
                is_lone_bullet(&lines[m].text) || bullet_item(lines[m].text.trim()).is_some()
            });
        let wanting = opens.len() + may_open.len() < glyphs.len();
        if !(lower || own_glyph || glyph_follows || wanting) {
            break;
        }
        if !lower && !own_glyph {
            opens.push(k);
        }
        for m in k + 1..run_end {
            let line = lines[m].text.trim();
            if bullet_item(line).is_none()
                && super::ends_sentence(&lines[m - 1].text)
                && line.starts_with(char::is_uppercase)
            {
                may_open.push(m);
            }
        }
        (j, end) = (run_end, run_end);
    }
    if opens.is_empty() && may_open.is_empty() {
        return None;
    }
    let wanted = glyphs.len().saturating_sub(opens.len());
    may_open.sort_by_key(|&m| (lines[m - 1].text.trim_end().chars().count(), m));
    may_open.truncate(wanted);
    let mut starts = opens;
    starts.extend(may_open);
    starts.sort_unstable();
    Some(Detached {
        glyphs,
        starts,
        end,
    })
}

/// An item's number alone on its line (`4.`), which markitdown sets apart from the item's
/// text on LibreOffice's PDFs: the number goes to the text. Taken only where it continues a
/// numbering (the item before is `3.`). The text is the next block when that opens with a
/// capital; else, in the block around the number, the line that opens a sentence after one
/// that ends a sentence — after the number (the item before goes on in lower case first),
/// or else before it (pdfminer read the text before its number).
fn lone_numbers(l: &mut Lines) {
    let lines = &mut l.lines;
    let mut last = 0;
    // The lines the numbers stood on, with one blank line beside each, go: the blocks on
    // either side stay one blank line apart (an item going on in lower case is joined).
    let mut gone = Vec::new();
    for i in 0..lines.len() {
        let t = lines[i].text.trim();
        if let Some((n, _)) = numbered_item(t) {
            last = n;
            continue;
        }
        let Some(n) = lone_number(t) else {
            continue;
        };
        if last == 0 || n != last + 1 {
            continue;
        }
        let Some(at) = lone_number_text(lines, i) else {
            continue;
        };
        lines[at].text = format!("{n}. {}", lines[at].text.trim_start());
        gone.push(i);
        if i > 0 && lines[i - 1].is_blank() && lines.get(i + 1).is_some_and(|x| x.is_blank()) {
            gone.push(i + 1);
        }
        last = n;
    }
    for i in gone.into_iter().rev() {
        lines.remove(i);
    }
}

/// `4.` or `4)` alone: the number.
fn lone_number(t: &str) -> Option<u32> {
    let digits = t.strip_suffix(['.', ')'])?;
    (!digits.is_empty() && digits.len() <= 2 && digits.chars().all(|c| c.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

/// Where the text of the item whose number stands alone at line `i` starts.
fn lone_number_text(lines: &[super::Line], i: usize) -> Option<usize> {
    let opens_sentence = |j: usize| {
        j > 0
            && super::ends_sentence(&lines[j - 1].text)
            && lines[j].text.trim_start().starts_with(char::is_uppercase)
            && numbered_item(lines[j].text.trim()).is_none()
    };
    let next = (i + 1..lines.len()).find(|&j| !lines[j].is_blank())?;
    if lines[next].is_break() {
        return None;
    }
    if lines[next]
        .text
        .trim_start()
        .starts_with(char::is_uppercase)
    {
        return (numbered_item(lines[next].text.trim()).is_none()
            && lone_number(lines[next].text.trim()).is_none())
        .then_some(next);
    }
    // The item before goes on first: the text is in that block, after a sentence's end.
    let block_end = (next..lines.len())
        .find(|&j| lines[j].is_blank() || lines[j].is_break())
        .unwrap_or(lines.len());
    if let Some(j) = (next + 1..block_end).find(|&j| opens_sentence(j)) {
        return Some(j);
    }
    // Read before its number: in the block just above, the last line that opens a sentence.
    let above_end = (0..i).rev().find(|&j| !lines[j].is_blank())?;
    let above_start = (0..=above_end)
        .rev()
        .find(|&j| lines[j].is_blank() || lines[j].is_break())
        .map_or(0, |j| j + 1);
    (above_start + 1..=above_end)
        .rev()
        .find(|&j| opens_sentence(j))
}

fn is_lone_bullet(t: &str) -> bool {
    let t = t.trim();
    t.chars().count() == 1 && t.chars().all(is_bullet)
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
    (is_bullet(first) && !rest.trim().is_empty()).then(|| rest.trim_start())
}

/// A bullet glyph, or a symbol font's bullet that PDF extraction left in the private-use area
/// (Word's Symbol `U+F0B7`), which the text-cleaning pass maps to its standard equivalent.
fn is_bullet(c: char) -> bool {
    BULLETS.contains(&c)
        || ('\u{e000}'..='\u{f8ff}').contains(&c)
            && matches!(
                crate::model::text::clean_char(c),
                Some('•' | '▪' | '→' | '✓')
            )
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
        // Word's Symbol-font bullet, as poppler extracts it.
        assert_eq!(escaped("\u{f0b7}\n\nItem text."), "\n\n- Item text.");
        assert_eq!(
            escaped("•\n\nItem text\ngoes on."),
            "\n\n- Item text\ngoes on."
        );
    }

    #[test]
    fn bullets_set_apart_before_their_items_mark_one_item_each() {
        // LibreOffice through pdftotext: three glyphs, then three items of one sentence each.
        let text = "layers:\n•\n\n•\n\n•\n\nA core network of routes running hourly, seven\ndays a week.\nFeeder services every two hours. They connect\nwith core buses.\nDemand-responsive services.";
        assert_eq!(
            escaped(text),
            "layers:\n\n\n\n\n\n\n- A core network of routes running hourly, seven\ndays a week.\n- Feeder services every two hours. They connect\nwith core buses.\n- Demand-responsive services."
        );
        // After a page break the run may open by going on with the item before it.
        let text = "•\n•\n\nbookable by phone.\nA single fare.\nReal-time information.";
        assert_eq!(
            escaped(text),
            "\n\n\nbookable by phone.\n- A single fare.\n- Real-time information."
        );
    }

    #[test]
    fn a_number_alone_goes_to_its_items_text() {
        // markitdown on LibreOffice's PDFs: the text after the number, after the item before
        // goes on in lower case, or before the number.
        for (text, want) in [
            (
                "1. Require a framework.\n\n2. Set a contract\n\n3.\n\nIntroduce a protocol.",
                "1. Require a framework.\n\n2. Set a contract\n\n3. Introduce a protocol.",
            ),
            (
                "1. Require a framework.\n\n2. Set a contract length tied\n\n3.\n\nto measures.\nIntroduce a protocol.",
                "1. Require a framework.\n\n2. Set a contract length tied\n\nto measures.\n3. Introduce a protocol.",
            ),
            (
                "1. Combine the budgets.\nIntroduce settlements of five years.\n\n2.\n\n3. Require developers.",
                "1. Combine the budgets.\n2. Introduce settlements of five years.\n\n3. Require developers.",
            ),
        ] {
            assert_eq!(escaped(text), want);
        }
        // A number that continues no numbering, or with no text to take, stays as it was.
        assert_eq!(escaped("Totals\n\n4.\n\nText."), "Totals\n\n4\\.\n\nText.");
        assert_eq!(
            escaped("1. One.\n\n2.\n\n3. Three."),
            "1. One.\n\n2\\.\n\n3\\. Three."
        );
    }

    #[test]
    fn glyphs_set_apart_among_their_items_are_counted_across_the_list() {
        // markitdown on LibreOffice's PDF (U+F0B7): two glyphs before two items, a glyph
        // before an item that kept its own and two more, then glyphs and items in turn; the
        // paragraph after the last item is no item.
        let text = "\u{f0b7}\n\n\u{f0b7}\n\nA core network.\nFeeder services every\ntwo hours.\n\n\u{f0b7}\n\n\u{f0b7} Demand-responsive services.\nA single fare.\nReal-time information.\n\n\u{f0b7}\n\n\u{f0b7} Concessionary travel, including\n\nthe demand-responsive services.\n\n\u{f0b7} Guaranteed connections.\n\nThe table below compares costs.";
        let got = escaped(text);
        let items: Vec<&str> = got.lines().filter(|l| l.starts_with("- ")).collect();
        assert_eq!(
            items,
            [
                "- A core network.",
                "- Feeder services every",
                "- Demand-responsive services.",
                "- A single fare.",
                "- Real-time information.",
                "- Concessionary travel, including",
                "- Guaranteed connections.",
            ]
        );
        assert!(
            got.ends_with("\n\nThe table below compares costs."),
            "{got}"
        );
    }
}
