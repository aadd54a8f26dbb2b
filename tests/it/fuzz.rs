//! Property-based fuzzing of the whole pipeline (issue 7): random briefs assembled from the
//! constructs that break readers and writers — page breaks, note markers, raw HTML, nested
//! containers, Typst and Markdown syntax, characters XML forbids — must never panic, must give
//! well-formed XHTML, and every note reference must resolve. Every writer's result is checked:
//! it succeeds, the HTML parses without error, the EPUB is a valid container, the PDF is a PDF. Runs a bounded number of cases
//! (`PROPTEST_CASES`, default 64) from a fresh random seed each run; proptest keeps the seed of
//! each failure in `tests/it/fuzz.proptest-regressions` and replays it first on every later
//! run, and each defect found also gets its own test in `regressions.rs`.

use briefpress::model::{Block, Document, Inline};
use briefpress::read::ReadOptions;
use briefpress::theme::Theme;
use briefpress::write::html::markup::{Flavor, Markup};
use briefpress::write::{self, Format, Options, Resources};
use proptest::prelude::*;
use std::collections::HashSet;

const PIECES: &[&str] = &[
    "# ",
    "## ",
    "### ",
    "#### ",
    "---\n\n",
    "***",
    "> ",
    "- ",
    "1. ",
    "  ",
    "\n",
    "\n\n",
    "*",
    "**",
    "_",
    "`",
    "```\n",
    "[",
    "]",
    "(",
    ")",
    "[^a]",
    "[^b]",
    "[^a]: ",
    "[^b]: ",
    "<sup>1</sup>",
    "<sup>2,3</sup>",
    "<sup>",
    "</sup>",
    "<sub>x</sub>",
    "<table><tr><th>h</th><td>c</td></tr>",
    "<table>",
    "</table>",
    "<tr>",
    "<td colspan=\"3\" rowspan=\"0\">",
    "<thead><tr><th align=\"right\">",
    "</td>",
    "]{.underline}",
    "[]{#_Toc1 .anchor}",
    "{width=\"1in\"}",
    " {#id .c}",
    "+---+---+\n| a | b |\n+===+==:+\n",
    "+---+---+\n",
    "| c | d |\n",
    "  Port   Cost\n  ----- ------\n",
    ": Table 1: x\n",
    "$^{1}$",
    "$^{2,3}$ ",
    "<script>alert(1)</script>",
    "<img src=x onerror=y>",
    "<b>",
    "</b>",
    "<br>",
    "[t](#)",
    "[t](javascript:x)",
    "[t](https://example.org/a?b=1&c=2)",
    "![alt](x.png)",
    "| a | b |\n| --- | --- |\n| c | d |\n",
    "#read(\"/etc/passwd\")",
    "#{ panic(\"x\") }",
    "$x$",
    "\\",
    "@ref",
    "<label>",
    "// c",
    "/* c",
    "= h",
    "&amp;",
    "&#0;",
    "\u{0}",
    "\u{1}",
    "\u{b}",
    "\u{fffe}",
    "\r",
    "\u{202e}",
    "\u{feff}",
    "é",
    "مرحبا",
    "中文",
    "🌍",
    "Summary",
    "*Issue Brief*",
    "May 29, 2024",
    "©",
    "*Disclaimer:* ",
    "**Name** is",
    "word",
    "the group",
    "continues here",
    "End.",
    "<",
    ">",
    "\"",
    "'",
    "&",
];

fn brief() -> impl Strategy<Value = String> {
    let front = prop_oneof![
        Just(String::new()),
        Just("---\ntitle: Fuzz <b>\"T\"</b>\nauthors: [A, B]\nsummary: \"S *x*[^a]\"\n---\n".to_string()),
        Just("# MASTHEAD\n\n## *Policy Brief*\n\n# A Title\n\n*A and B*\n\nMay 29, 2024\n\n## Summary\n\n".to_string()),
    ];
    let body = prop::collection::vec(prop::sample::select(PIECES), 0..120).prop_map(|v| v.concat());
    (front, body).prop_map(|(f, b)| format!("{f}{b}"))
}

/// Every note reference resolves, and a link's text holds neither a link nor a note
/// reference (HTML forbids `<a>` inside `<a>`).
fn check_refs_inlines(inlines: &[Inline], notes: usize) {
    check_inlines_in(inlines, notes, false)
}

fn check_inlines_in(inlines: &[Inline], notes: usize, in_link: bool) {
    for i in inlines {
        match i {
            Inline::FootnoteRef { number, .. } => {
                assert!(!in_link, "a note reference inside a link's text");
                assert!(
                    *number >= 1 && (*number as usize) <= notes,
                    "dangling note ref {number}"
                )
            }
            Inline::Link { content, .. } => {
                assert!(!in_link, "a link inside a link's text");
                check_inlines_in(content, notes, true)
            }
            Inline::Emph { content }
            | Inline::Strong { content }
            | Inline::Strikeout { content }
            | Inline::Superscript { content }
            | Inline::Subscript { content } => check_inlines_in(content, notes, in_link),
            Inline::Text { .. }
            | Inline::Code { .. }
            | Inline::LineBreak
            | Inline::PageStart { .. } => {}
        }
    }
}

fn check_blocks(blocks: &[Block], notes: usize) {
    for b in blocks {
        match b {
            Block::Paragraph { content, .. } | Block::Heading { content, .. } => {
                check_refs_inlines(content, notes)
            }
            Block::List { items, .. } => items.iter().for_each(|i| check_blocks(i, notes)),
            Block::Quote { blocks } => check_blocks(blocks, notes),
            Block::Table { header, rows, .. } => header
                .iter()
                .chain(rows.iter().flatten())
                .for_each(|c| check_refs_inlines(c, notes)),
            Block::PageBreak { .. } => panic!("a page break survived the transform"),
            Block::Code { .. } | Block::Image { .. } | Block::Rule => {}
        }
    }
}

fn check_model(doc: &Document) {
    let n = doc.footnotes.len();
    for (i, note) in doc.footnotes.iter().enumerate() {
        assert_eq!(note.number as usize, i + 1, "notes numbered 1..n");
    }
    for list in doc.block_lists() {
        check_blocks(list, n);
    }
    for s in &doc.sections {
        if let Some(t) = &s.title {
            check_refs_inlines(t, n);
        }
    }
    let mut ids = HashSet::new();
    for s in &doc.sections {
        assert!(ids.insert(s.id.clone()), "duplicate section id {}", s.id);
    }
}

fn check_xhtml(doc: &Document) {
    let none = |_: &str| None;
    let mut m = Markup::new(Flavor::Xhtml, "", &none);
    let mut body = String::new();
    for list in doc.block_lists() {
        m.blocks(list, &mut body);
    }
    let xml = format!(
        "<div xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\">{body}</div>"
    );
    if let Err(e) = roxmltree::Document::parse(&xml) {
        panic!("XHTML not well-formed: {e}\n{xml}");
    }
}

/// Runs one writer; it must succeed on any document the reader accepted (the writers have
/// no documented refusal of a parsed document), and give one non-empty main artifact.
fn written(format: Format, doc: &Document) -> Vec<u8> {
    let theme = Theme::builtin("default").unwrap();
    let opts = Options {
        stem: "fuzz".into(),
        ..Options::default()
    };
    let w = write::write(format, doc, &theme, &opts, &Resources::default())
        .unwrap_or_else(|e| panic!("the {format} writer refused a parsed document: {e}"));
    let main = w
        .artifacts
        .iter()
        .find(|a| a.suffix == format!(".{}", format.extension()))
        .unwrap_or_else(|| panic!("no .{} artifact", format.extension()));
    assert!(!main.bytes.is_empty(), "empty {format} output");
    main.bytes.clone()
}

/// The page parses as HTML5 without a single parse error, with one `<h1>` and a `<main>`.
fn check_html(bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).expect("HTML is UTF-8");
    let doc = scraper::Html::parse_document(text);
    assert!(doc.errors.is_empty(), "HTML parse errors: {:?}", doc.errors);
    let count = |s: &str| doc.select(&scraper::Selector::parse(s).unwrap()).count();
    assert_eq!(count("h1"), 1, "one title heading");
    assert_eq!(count("main"), 1, "one main landmark");
}

/// A valid OCF container: a zip whose first entry is `mimetype`, stored uncompressed, holding
/// exactly `application/epub+zip`; every XHTML, OPF and NCX entry is well-formed XML.
fn check_epub(bytes: &[u8]) {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("EPUB is a zip");
    {
        let mut first = zip.by_index(0).unwrap();
        assert_eq!(first.name(), "mimetype", "mimetype must be the first entry");
        assert_eq!(first.compression(), zip::CompressionMethod::Stored);
        let mut s = String::new();
        first.read_to_string(&mut s).unwrap();
        assert_eq!(s, "application/epub+zip");
    }
    assert!(
        zip.by_name("META-INF/container.xml").is_ok(),
        "no container.xml"
    );
    for i in 0..zip.len() {
        let mut e = zip.by_index(i).unwrap();
        let name = e.name().to_string();
        if [".xhtml", ".opf", ".ncx", ".xml"]
            .iter()
            .any(|x| name.ends_with(x))
        {
            let mut s = String::new();
            e.read_to_string(&mut s).unwrap();
            let opts = roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            };
            if let Err(err) = roxmltree::Document::parse_with_options(&s, opts) {
                panic!("{name} not well-formed: {err}\n{s}");
            }
        }
    }
}

fn check_pdf(bytes: &[u8]) {
    assert!(bytes.starts_with(b"%PDF-"), "no PDF header");
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    assert!(tail.windows(5).any(|w| w == b"%%EOF"), "no %%EOF trailer");
}

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(64),
        failure_persistence: Some(Box::new(proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn pipeline_never_panics_and_stays_well_formed(src in brief()) {
        let parsed = briefpress::parse(src.as_bytes(), &ReadOptions::default());
        if let Some(doc) = parsed.document {
            check_model(&doc);
            check_xhtml(&doc);
            let json = written(Format::Json, &doc);
            serde_json::from_slice::<serde_json::Value>(&json).expect("the model JSON parses");
            check_html(&written(Format::Html, &doc));
            written(Format::Typ, &doc);
        }
    }
}

// The PDF (a Typst compile) and the EPUB (fonts, a zip) cost far more per case: fewer cases.
proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(16),
        failure_persistence: Some(Box::new(proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn pdf_and_epub_writers_succeed_on_any_parsed_brief(src in brief()) {
        let parsed = briefpress::parse(src.as_bytes(), &ReadOptions::default());
        if let Some(doc) = parsed.document {
            check_pdf(&written(Format::Pdf, &doc));
            check_epub(&written(Format::Epub, &doc));
        }
    }
}
