//! What kind of source a brief is, decided from evidence in its lines before anything is
//! parsed: an authored brief (YAML front matter), Markdown an extractor wrote, or plain text
//! (pdftotext, markitdown), which has no Markdown at all and whose structure must be inferred
//! line by line before comrak can read it.

/// The kind of source, which decides the line passes a brief goes through.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// YAML front matter, then Markdown written by hand.
    Authored,
    /// Markdown written by an extraction tool: headings, emphasis, notes are marked up.
    #[default]
    MarkdownExtraction,
    /// Plain text: no Markdown structure, only lines.
    PlainText,
}

/// How many Markdown structures a text has, by kind of evidence.
#[derive(Debug, Default, PartialEq, Eq)]
struct Markup {
    /// ATX headings (`# T`), setext underlines are rare in extractions and not counted.
    headings: usize,
    /// Whole-bold or whole-italic lines (`**T**`), the way extractors mark headings.
    emphasis_lines: usize,
    /// Note syntax: `[^1]`, `<sup>`, `$^{1}$`, `^1^`.
    notes: usize,
    /// Pipe table rows and HTML blocks.
    tables: usize,
    /// Non-blank lines looked at.
    lines: usize,
}

/// Decides the kind of a body without front matter from its first lines: Markdown when the
/// text marks up its structure anywhere (a heading, a bold heading line, note syntax or a
/// table), plain text when it marks up nothing.
pub fn detect_extraction(text: &str) -> SourceKind {
    let m = markup(text);
    // Tables alone are no evidence: markitdown writes a page's columns as phantom pipe tables
    // in what is otherwise plain text (the plain-text passes leave table rows as they are).
    if m.lines == 0 || m.headings + m.emphasis_lines + m.notes > 0 {
        SourceKind::MarkdownExtraction
    } else {
        SourceKind::PlainText
    }
}

fn markup(text: &str) -> Markup {
    let mut m = Markup::default();
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        m.lines += 1;
        if atx_heading(t) {
            m.headings += 1;
        }
        if whole_emphasis(t) {
            m.emphasis_lines += 1;
        }
        if ["[^", "<sup>", "$^", "^{"].iter().any(|s| t.contains(s)) {
            m.notes += 1;
        }
        if (t.starts_with('|') && t.ends_with('|') && t.len() > 2)
            || t.starts_with("<table")
            || t.starts_with("<html")
        {
            m.tables += 1;
        }
    }
    m
}

/// `# Title` … `###### Title`: hashes, then a space.
fn atx_heading(t: &str) -> bool {
    let hashes = t.chars().take_while(|&c| c == '#').count();
    (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') && t[hashes..].trim().len() > 1
}

/// `**Title**` or `__Title__`: a line that is one strong span.
fn whole_emphasis(t: &str) -> bool {
    ["**", "__"].iter().any(|d| {
        t.len() > 4
            && t.starts_with(d)
            && t.ends_with(d)
            && !t[2..t.len() - 2].contains(d)
            && !t[2..].starts_with(' ')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdftotext_and_markitdown_are_plain_text() {
        let pdftotext = "Keeping Doctors in the Valleys\n\nAled Morgan\n\nRural practices close.1 Money\nalone does not help.\n\n2\n\u{c}1 Welsh Primary Care Statistics, 2024.\n";
        assert_eq!(detect_extraction(pdftotext), SourceKind::PlainText);
        // Asterisks inside prose and a hyphen list are not Markdown evidence.
        let markitdown = "Title\n\n- a point * with a star\n\nText (see p. 4).\n";
        assert_eq!(detect_extraction(markitdown), SourceKind::PlainText);
    }

    #[test]
    fn any_structure_makes_it_markdown() {
        for text in [
            "# Title\n\nText.\n",
            "**Title**\n\nText.\n",
            "Title\n\nText.<sup>1</sup>\n",
            "Title\n\nText.[^1]\n\n[^1]: Note.\n",
        ] {
            assert_eq!(
                detect_extraction(text),
                SourceKind::MarkdownExtraction,
                "{text}"
            );
        }
        assert_eq!(detect_extraction(""), SourceKind::MarkdownExtraction);
        // A pipe table in plain text (markitdown's columns) does not make it Markdown.
        assert_eq!(
            detect_extraction("Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"),
            SourceKind::PlainText
        );
        // `#hashtag` and `** note` are not headings or emphasis lines.
        assert_eq!(
            detect_extraction("#hashtag\n\n** note\n"),
            SourceKind::PlainText
        );
    }
}
