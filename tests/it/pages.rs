//! Print page numbers in the EPUB and the HTML page (issue 14, items 4–7), checked against
//! the PDF by poppler: every page of the PDF has one marker, and the word after each marker
//! is the first word poppler reads on that page.

use crate::common;
use scraper::{Html, Node, Selector};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The default theme's top and bottom margins (`theme.toml`, `[page]`): the running header
/// and the page number are printed inside them, the text block between them.
fn margins() -> (f64, f64) {
    let text = std::fs::read_to_string(common::root().join("themes/default/theme.toml")).unwrap();
    let toml: toml::Value = toml::from_str(&text).unwrap();
    let mm = |key: &str| {
        let v = toml["page"][key].as_str().unwrap();
        let n: f64 = v
            .strip_suffix("mm")
            .expect("margins in mm")
            .parse()
            .unwrap();
        n * 72.0 / 25.4
    };
    (mm("margin_top"), mm("margin_bottom"))
}

/// A word poppler reads, at the middle of its box.
struct Word {
    y: f64,
    x: f64,
    text: String,
}

/// The words of the text block of page `n`, line by line (lines are words whose middles lie
/// within 5 pt of each other; a note number is raised by less, the next line lower by more),
/// each line left to right. Words in the top and bottom margins (the running header and the
/// page number) are left out.
fn pdf_lines(pdf: &Path, n: usize) -> Vec<Vec<String>> {
    let out = Command::new("pdftotext")
        .args(["-f", &n.to_string(), "-l", &n.to_string(), "-bbox"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&out.stdout);
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let xml = roxmltree::Document::parse_with_options(&text, opts).unwrap();
    let page = xml.descendants().find(|e| e.has_tag_name("page")).unwrap();
    let height: f64 = page.attribute("height").unwrap().parse().unwrap();
    let (top, bottom) = margins();
    let num = |e: roxmltree::Node, a: &str| e.attribute(a).unwrap().parse::<f64>().unwrap();
    let mut words: Vec<Word> = page
        .descendants()
        .filter(|e| e.has_tag_name("word"))
        .map(|e| Word {
            y: (num(e, "yMin") + num(e, "yMax")) / 2.0,
            x: num(e, "xMin"),
            text: e.text().unwrap_or("").to_string(),
        })
        .filter(|w| w.y > top && w.y < height - bottom)
        .collect();
    words.sort_by(|a, b| a.y.total_cmp(&b.y));
    let mut lines: Vec<(f64, Vec<Word>)> = Vec::new();
    for w in words {
        match lines.last_mut() {
            Some((y, line)) if w.y - *y < 5.0 => line.push(w),
            _ => lines.push((w.y, vec![w])),
        }
    }
    lines
        .into_iter()
        .map(|(_, mut l)| {
            l.sort_by(|a, b| a.x.total_cmp(&b.x));
            l.into_iter().map(|w| w.text).collect()
        })
        .collect()
}

/// Letters and digits, lower-cased: the same word whatever the quotes, dashes, invisible
/// break opportunities (U+200B) or soft hyphens around it.
fn norm(word: &str) -> String {
    word.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A list's bullet or number: drawn by the layout in the PDF, by CSS in the e-book and the
/// web page, so not text there.
fn is_list_marker(word: &str) -> bool {
    let body = word.trim_end_matches(['.', ')']);
    matches!(word, "•" | "‣" | "◦" | "–" | "-")
        || (body.len() < word.len() && !body.is_empty() && body.chars().all(|c| c.is_ascii_digit()))
}

/// What the PDF's page `n` begins with, as the e-book must show it after the page's marker:
/// its first word with letters or digits, after the list marker that may start the line.
/// A first line that also began the previous page is a table header Typst repeats on
/// every page the table runs over; the e-book has it once, so the next line counts.
fn pdf_first_word(lines: &[Vec<String>], previous_first: Option<&Vec<String>>) -> Option<String> {
    let mut lines = lines.iter().peekable();
    if lines.peek().copied() == previous_first {
        lines.next();
    }
    lines
        .flat_map(|l| l.iter())
        .find(|w| !is_list_marker(w) && !norm(w).is_empty())
        .cloned()
}

/// Does a word break over the end of this page (a hyphen, a soft hyphen or a break
/// opportunity inside a word that is longer than the line)? Then the next page begins
/// inside that word, and its marker at the word's start.
fn ends_inside_a_word(lines: &[Vec<String>]) -> bool {
    lines
        .iter()
        .flatten()
        .last()
        .is_some_and(|w| w.ends_with(['-', '\u{2010}', '\u{00AD}', '\u{200B}']))
}

/// The word pieces that end this page's lines before a hyphen: a page's last body line may
/// end inside a word with the page's notes printed below it, so the break is not on the
/// page's last line.
fn line_end_fragments(lines: &[Vec<String>]) -> Vec<String> {
    lines
        .iter()
        .filter_map(|l| l.last())
        .filter_map(|w| w.strip_suffix(['-', '\u{2010}', '\u{00AD}']))
        .map(norm)
        .filter(|f| !f.is_empty())
        .collect()
}

/// How the page before ends: inside a word, and with which hyphenated pieces at line ends.
struct PageEnd {
    inside_word: bool,
    fragments: Vec<String>,
}

const BLOCKS: &[&str] = &[
    "p",
    "li",
    "td",
    "th",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "div",
    "section",
    "header",
    "footer",
    "main",
    "figure",
    "figcaption",
    "blockquote",
    "pre",
    "br",
    "nav",
    "dt",
    "dd",
];

/// The first word (with letters or digits) of the document's text after the element
/// `#id`; text in separate blocks (paragraphs, table cells) is separate words.
fn dom_word_after(html: &Html, id: &str) -> Option<String> {
    let marker = html
        .select(&Selector::parse(&format!("[id='{id}']")).unwrap())
        .next()?;
    let mut text = String::new();
    let mut after = false;
    for node in html.tree.root().descendants() {
        if node.id() == marker.id() {
            after = true;
            continue;
        }
        if !after {
            continue;
        }
        match node.value() {
            Node::Element(e) if BLOCKS.contains(&e.name()) => text.push(' '),
            Node::Text(t) => {
                let in_style = node.ancestors().any(|a| {
                    a.value()
                        .as_element()
                        .is_some_and(|e| matches!(e.name(), "style" | "script"))
                });
                if !in_style {
                    text.push_str(t);
                }
            }
            _ => {}
        }
        if text
            .split_whitespace()
            .filter(|w| !norm(w).is_empty())
            .nth(1)
            .is_some()
        {
            break;
        }
    }
    text.split_whitespace()
        .find(|w| !norm(w).is_empty())
        .map(str::to_string)
}

/// Checks one marker: the word after it is the page's first word; or the page begins inside
/// a word that the previous page broke (then the marker is at that word's start); or with a
/// word longer than a line (poppler reads its first line as a word); or briefpress said it
/// could not find the page's text (a page of notes alone: notes are not in the flow).
/// Letters no line of any theme holds: a word this long is broken by the layout.
const LONGER_THAN_A_LINE: usize = 120;

fn check_word(
    what: &str,
    n: usize,
    dom: Option<String>,
    pdf: Option<String>,
    before: &PageEnd,
    said: &str,
    failures: &mut Vec<String>,
) {
    let (d, p) = (dom.as_deref().map(norm), pdf.as_deref().map(norm));
    let warned = said.contains(&format!(
        "warning: page {n} of the PDF begins with text not found"
    ));
    let ok = warned
        || match (&d, &p) {
            (Some(d), Some(p)) => {
                d == p
                    // A word longer than a line breaks wherever the line ends, with no
                    // mark: a page may begin anywhere inside it.
                    || ((before.inside_word || d.chars().count() > LONGER_THAN_A_LINE)
                        && d.contains(p.as_str()))
                    || (!p.is_empty() && d.starts_with(p.as_str()))
                    // The word was hyphenated at the end of the page's text, above its notes.
                    || before.fragments.iter().any(|f| *d == format!("{f}{p}"))
            }
            (None, None) => true,
            _ => false,
        };
    if !ok {
        failures.push(format!(
            "{what}: page {n}: after the marker {dom:?}, the PDF page begins with {pdf:?}"
        ));
    }
}

fn page_count(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("run pdfinfo");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the page count")
}

fn zip_text(epub: &Path, name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// Builds the PDF, EPUB and HTML page of `brief` into `dir` (with more arguments).
fn build(brief: &Path, dir: &Path, extra: &[&str]) -> Option<(PathBuf, PathBuf, PathBuf, String)> {
    let mut args = vec![
        "build",
        brief.to_str().unwrap(),
        "--out-dir",
        dir.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let out = common::briefpress(&args);
    if !out.status.success() {
        return None;
    }
    let stem = brief.file_stem().unwrap().to_str().unwrap();
    let f = |ext: &str| dir.join(format!("{stem}.{ext}"));
    Some((f("pdf"), f("epub"), f("html"), common::stderr(&out)))
}

/// Checks that every page of `brief`'s PDF is marked at its first word in the EPUB (its page
/// list, in order, to markers) and in the HTML page (markers in order); returns the PDF's
/// page count.
fn check_pages(brief: &Path, dir: &Path, failures: &mut Vec<String>) -> usize {
    let name = brief.file_name().unwrap().to_string_lossy().into_owned();
    let (pdf, epub, html, said) = build(brief, dir, &[]).expect("builds");
    // Each page warning once, not once per format.
    let page_warnings: Vec<&str> = said
        .lines()
        .filter(|l| l.contains("of the PDF begins with text"))
        .collect();
    let distinct: std::collections::BTreeSet<&&str> = page_warnings.iter().collect();
    if distinct.len() != page_warnings.len() {
        failures.push(format!("{name}: a page warning is repeated:\n{said}"));
    }
    let n = page_count(&pdf);
    let pages: Vec<Vec<Vec<String>>> = (1..=n).map(|i| pdf_lines(&pdf, i)).collect();

    // The EPUB: one page-list entry per PDF page, in order, each to its marker.
    let nav = Html::parse_document(&zip_text(&epub, "OEBPS/nav.xhtml"));
    let entries: Vec<(String, String)> = nav
        .select(&Selector::parse("nav[role='doc-pagelist'] li a").unwrap())
        .map(|a| {
            (
                a.text().collect(),
                a.value().attr("href").unwrap().to_string(),
            )
        })
        .collect();
    let numbers: Vec<String> = entries.iter().map(|(t, _)| t.clone()).collect();
    let expected: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
    if numbers != expected {
        failures.push(format!(
            "{name}: EPUB page list {numbers:?}, the PDF has {n} pages"
        ));
        return n;
    }
    let html_page = Html::parse_document(&std::fs::read_to_string(&html).unwrap());
    // The web page's markers: pages 1..=n in order, each named by its number.
    let markers: Vec<(String, String)> = html_page
        .select(&Selector::parse("[role='doc-pagebreak']").unwrap())
        .map(|m| {
            let v = m.value();
            (
                v.id().unwrap_or("").to_string(),
                v.attr("title").unwrap_or("").to_string(),
            )
        })
        .collect();
    let expected_html: Vec<(String, String)> = (1..=n)
        .map(|i| (format!("page-{i}"), i.to_string()))
        .collect();
    if markers != expected_html {
        failures.push(format!(
            "{name}: HTML markers {markers:?}, the PDF has {n} pages"
        ));
    }
    for (i, (_, href)) in entries.iter().enumerate() {
        let page = i + 1;
        let pdf_word = pdf_first_word(&pages[i], i.checked_sub(1).and_then(|p| pages[p].first()));
        let before = PageEnd {
            inside_word: i > 0 && ends_inside_a_word(&pages[i - 1]),
            fragments: i
                .checked_sub(1)
                .map(|p| line_end_fragments(&pages[p]))
                .unwrap_or_default(),
        };
        let (file, id) = href.split_once('#').unwrap();
        let doc = Html::parse_document(&zip_text(&epub, &format!("OEBPS/{file}")));
        let marker = doc
            .select(&Selector::parse(&format!("[id='{id}']")).unwrap())
            .next();
        match marker {
            Some(m) => {
                let v = m.value();
                if v.attr("role") != Some("doc-pagebreak")
                    || v.attr("epub:type") != Some("pagebreak")
                    || v.attr("aria-label") != Some(page.to_string().as_str())
                {
                    failures.push(format!("{name}: EPUB marker {page} is {:?}", v));
                }
            }
            None => failures.push(format!("{name}: EPUB page {page}: no #{id} in {file}")),
        }
        check_word(
            &format!("{name} EPUB"),
            page,
            dom_word_after(&doc, id),
            pdf_word.clone(),
            &before,
            &said,
            failures,
        );
        check_word(
            &format!("{name} HTML"),
            page,
            dom_word_after(&html_page, id),
            pdf_word,
            &before,
            &said,
            failures,
        );
    }
    n
}

#[test]
fn pages_every_pdf_page_is_marked_at_its_first_word_in_the_epub_and_the_html_page() {
    common::require_tool("pdftotext");
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    let mut multi_page = 0;
    for brief in &common::every_buildable() {
        multi_page += usize::from(check_pages(brief, dir.path(), &mut failures) > 1);
    }
    assert!(
        multi_page >= 10,
        "too few briefs of several pages ({multi_page}) to prove anything"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn pages_the_epub_names_the_pdf_edition_and_claims_print_page_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let brief = common::root().join("tests/fixtures/extractors/fisheries-wind-llamaparse.md");
    let (_, epub, _, _) = build(&brief, dir.path(), &[]).unwrap();
    let opf = zip_text(&epub, "OEBPS/content.opf");
    for feature in ["printPageNumbers", "pageBreakMarkers", "pageNavigation"] {
        assert!(
            opf.contains(&format!(
                "<meta property=\"schema:accessibilityFeature\">{feature}</meta>"
            )),
            "{feature} missing:\n{opf}"
        );
    }
    // The brief's title, written by hand from the fixture's front matter.
    assert!(
        opf.contains("<meta property=\"pageBreakSource\">Sharing the Sea (PDF)</meta>"),
        "{opf}"
    );
}

#[test]
fn pages_no_page_numbers_leaves_every_trace_out() {
    let dir = tempfile::tempdir().unwrap();
    let brief = common::root().join("tests/fixtures/extractors/fisheries-wind-llamaparse.md");
    let (pdf, epub, html, _) = build(&brief, dir.path(), &["--no-page-numbers"]).unwrap();
    assert!(page_count(&pdf) > 1, "the fixture must have several pages");
    let html = std::fs::read_to_string(html).unwrap();
    assert!(!html.contains("doc-pagebreak"), "a marker in the HTML page");
    let mut z = zip::ZipArchive::new(std::fs::File::open(&epub).unwrap()).unwrap();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().to_string();
        if name.ends_with(".xhtml") || name.ends_with(".opf") {
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            for trace in [
                "pagebreak",
                "page-list",
                "printPageNumbers",
                "pageBreakSource",
            ] {
                assert!(!s.contains(trace), "{name} has `{trace}`");
            }
        }
    }
}

/// The page-break markers of an HTML page (`<span … role="doc-pagebreak" title="N">`): their
/// numbers, in order.
fn html_markers(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    doc.select(&Selector::parse("[role='doc-pagebreak']").unwrap())
        .map(|e| e.value().attr("title").unwrap_or("").to_string())
        .collect()
}

/// Issue 26, item 3: the EPUB and the HTML page carry the PDF's page numbers only when the PDF
/// is built in the same run, or `--page-numbers` asks for them; `--no-page-numbers` leaves
/// them out even with the PDF. A page that has them has one marker per page of the PDF, in
/// order (the fixture's PDF has more than one page: checked).
#[test]
fn pages_come_with_the_pdf_or_when_asked_for() {
    let brief = common::root().join("tests/fixtures/extractors/fisheries-wind-llamaparse.md");
    let stem = "fisheries-wind-llamaparse";
    let run = |args: &[&str]| -> (tempfile::TempDir, String) {
        let dir = tempfile::tempdir().unwrap();
        let mut all = vec!["build", "-q", "-d", dir.path().to_str().unwrap()];
        all.extend_from_slice(args);
        all.push(brief.to_str().unwrap());
        let out = common::briefpress(&all);
        assert!(out.status.success(), "{args:?}: {}", common::stderr(&out));
        let html = std::fs::read_to_string(dir.path().join(format!("{stem}.html"))).unwrap();
        (dir, html)
    };

    let (with_pdf, html) = run(&["-f", "html,pdf"]);
    let pages = page_count(&with_pdf.path().join(format!("{stem}.pdf")));
    assert!(pages >= 2, "{pages} pages");
    let both: Vec<String> = (1..=pages).map(|n| n.to_string()).collect();
    assert_eq!(html_markers(&html), both, "-f html,pdf");
    let html_with_pdf = html;

    let (_, html) = run(&["-f", "html"]);
    assert_eq!(html_markers(&html), Vec::<String>::new(), "-f html alone");
    assert!(
        !html.contains("doc-pagebreak"),
        "-f html alone has a page marker"
    );

    let (_, html) = run(&["-f", "html", "--page-numbers"]);
    assert_eq!(html_markers(&html), both, "-f html --page-numbers");
    // The same layout gives the same page, whether the PDF is written or not.
    assert!(
        html == html_with_pdf,
        "--page-numbers and -f html,pdf differ"
    );

    let (_, html) = run(&["-f", "html,pdf", "--no-page-numbers"]);
    assert_eq!(
        html_markers(&html),
        Vec::<String>::new(),
        "--no-page-numbers"
    );

    // The e-book without the PDF: no page list, no claim of print page numbers.
    let (dir, html) = run(&["-f", "epub,html"]);
    assert_eq!(html_markers(&html), Vec::<String>::new(), "-f epub,html");
    let epub = dir.path().join(format!("{stem}.epub"));
    let opf = zip_text(&epub, "OEBPS/content.opf");
    assert!(!opf.contains("printPageNumbers"), "{opf}");
    assert!(!opf.contains("pageBreakSource"), "{opf}");
    assert!(!zip_text(&epub, "OEBPS/nav.xhtml").contains("page-list"));
}

/// `--page-numbers` and `--no-page-numbers` contradict each other: a usage error (exit 2)
/// naming both, before anything is written.
#[test]
fn pages_both_page_number_flags_are_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let brief = common::sample();
    let out = common::briefpress(&[
        "build",
        "--page-numbers",
        "--no-page-numbers",
        "-d",
        dir.path().to_str().unwrap(),
        brief.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = common::stderr(&out);
    assert!(
        err.contains("'--page-numbers' cannot be used with '--no-page-numbers'"),
        "{err}"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// `-f html` alone does no Typst layout at all: a theme whose template cannot be compiled
/// still gives the page, while asking for page numbers meets the broken template (which is
/// laid out for them) and fails naming it.
#[test]
fn pages_html_alone_never_lays_the_pdf_out() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("house")).unwrap();
    std::fs::write(
        d.join("house/template.typ"),
        "#let brief(data) = { undefined-thing }\n",
    )
    .unwrap();
    std::fs::copy(common::sample(), d.join("x.md")).unwrap();
    let html = common::briefpress_in(d, &["build", "-f", "html", "-t", "./house", "x.md"]);
    assert_eq!(html.status.code(), Some(0), "{}", common::stderr(&html));
    assert!(d.join("output/x.html").is_file());
    let asked = common::briefpress_in(
        d,
        &[
            "build",
            "-f",
            "html",
            "--page-numbers",
            "-t",
            "./house",
            "-d",
            "asked",
            "x.md",
        ],
    );
    assert_eq!(asked.status.code(), Some(1));
    let err = common::stderr(&asked);
    assert!(
        err.contains("theme `house` cannot be used: its template.typ fails"),
        "{err}"
    );
    assert!(!d.join("asked/x.html").exists());
}

/// A note too long for the page that cites it runs on at the foot of the next; when the text
/// has ended, that page holds nothing else, and its marker goes inside the note.
#[test]
fn pages_a_page_holding_only_the_rest_of_a_long_note_is_marked_inside_it() {
    common::require_tool("pdftotext");
    let dir = tempfile::tempdir().unwrap();
    let places = ["Arles", "Tarbes", "Nevers", "Dole", "Albi", "Gap", "Mende"];
    let note: String = (1..=220)
        .map(|i| {
            format!(
                "Board {i} at {} logged {} leaks in {} canals. ",
                places[i % places.len()],
                i * 7 + 3,
                i * 3 + 11
            )
        })
        .collect();
    let md = dir.path().join("long-note.md");
    std::fs::write(
        &md,
        format!(
            "---\ntitle: Canal Repairs\nauthors: [Ines Duarte]\n---\n\n## Findings\n\n\
             Repairs cost more than expected.[^1] Most boards had no reserve.\n\n[^1]: {note}\n"
        ),
    )
    .unwrap();
    let mut failures = Vec::new();
    let n = check_pages(&md, dir.path(), &mut failures);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(n >= 2, "the note must run on to a page of its own");
    // The last page's text is all note: its marker is in the notes, in both formats.
    let nav = zip_text(&dir.path().join("long-note.epub"), "OEBPS/nav.xhtml");
    assert!(
        nav.contains(&format!("href=\"notes.xhtml#page-{n}\"")),
        "{nav}"
    );
    let html =
        Html::parse_document(&std::fs::read_to_string(dir.path().join("long-note.html")).unwrap());
    let in_notes = format!("[role='doc-endnotes'] [id='page-{n}']");
    assert_eq!(html.select(&Selector::parse(&in_notes).unwrap()).count(), 1);
}
