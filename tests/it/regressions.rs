//! Regression tests for defects found in use, one per defect, named for the property it
//! restores.

use crate::common::{briefpress, stderr};
use std::process::Command;

/// `Key: value` of pdfinfo, or `None` when the PDF has no such entry.
fn pdfinfo(pdf: &std::path::Path, key: &str) -> Option<String> {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo runs");
    String::from_utf8_lossy(&out.stdout).lines().find_map(|l| {
        l.strip_prefix(&format!("{key}:"))
            .map(|v| v.trim().to_string())
    })
}

/// The EPUB of `src`, built into a temporary folder (kept alive by the first value).
fn build_epub(src: &std::path::Path) -> (tempfile::TempDir, zip::ZipArchive<std::fs::File>) {
    let dir = tempfile::tempdir().unwrap();
    let epub = dir.path().join("book.epub");
    let out = briefpress(&[
        "build",
        "-q",
        "-o",
        epub.to_str().unwrap(),
        src.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let zip = zip::ZipArchive::new(std::fs::File::open(&epub).unwrap()).unwrap();
    (dir, zip)
}

/// One entry of an EPUB as text.
fn zip_text(zip: &mut zip::ZipArchive<std::fs::File>, name: &str) -> String {
    let mut text = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
    text
}

#[test]
fn a_brief_without_a_date_gets_no_invented_creation_date() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("undated.md");
    std::fs::write(
        &md,
        "# An Undated Brief\n\n*Ana Lima*\n\n## Summary\n\nPrices rose.\n",
    )
    .unwrap();
    let pdf = dir.path().join("undated.pdf");
    let out = briefpress(&[
        "build",
        "-q",
        "-o",
        pdf.to_str().unwrap(),
        md.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        pdfinfo(&pdf, "CreationDate"),
        None,
        "no date in the brief, none in the PDF"
    );
    // With a date, the PDF carries it.
    std::fs::write(
        &md,
        "# A Dated Brief\n\n*Ana Lima*\n\n3 September 2024\n\n## Summary\n\nPrices rose.\n",
    )
    .unwrap();
    let out = briefpress(&[
        "build",
        "-q",
        "-o",
        pdf.to_str().unwrap(),
        md.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let created = pdfinfo(&pdf, "CreationDate").unwrap_or_default();
    assert!(
        created.contains("Sep  3") && created.contains("2024"),
        "{created}"
    );
}

#[test]
fn diagnostics_in_a_front_matter_summary_point_into_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("s.md");
    // Line 6, column 9 (the block scalar is indented two spaces): the unsafe link.
    let text = "---\ntitle: T\nsummary: |\n  First line of the summary,\n  and the second,\n  and [a link](javascript:alert(1)) on line six.\n---\n\n## Body\n\nText.\n";
    std::fs::write(&md, text).unwrap();
    let out = briefpress(&["check", md.to_str().unwrap()]);
    let err = stderr(&out);
    assert!(
        err.lines()
            .any(|l| l.contains("s.md:6:7: warning:") && l.contains("javascript")),
        "{err}"
    );
}

#[test]
fn code_blocks_that_scroll_can_be_reached_from_the_keyboard() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("code.md");
    let long = "x".repeat(300);
    std::fs::write(
        &md,
        format!("---\ntitle: Code\n---\n\n## Body\n\n```sh\n{long}\n```\n\n```\nplain\n```\n"),
    )
    .unwrap();
    let out = briefpress(&["build", "-q", "-f", "html", "-o", "-", md.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = scraper::Html::parse_document(&String::from_utf8_lossy(&out.stdout));
    let pre = scraper::Selector::parse("pre").unwrap();
    let blocks: Vec<_> = html.select(&pre).collect();
    assert_eq!(blocks.len(), 2);
    for b in blocks {
        assert_eq!(b.value().attr("tabindex"), Some("0"), "{}", b.html());
    }
}

#[test]
fn the_epub_title_page_writes_the_date_in_the_briefs_language() {
    let src =
        crate::common::root().join("tests/fixtures/extractors/renovation-logement-social-fr.md");
    let (_dir, mut zip) = build_epub(&src);
    let title = zip_text(&mut zip, "OEBPS/title.xhtml");
    // The source prints "14 février 2025"; the PDF and the HTML page write it so too.
    assert!(title.contains(">14 février 2025<"), "{title}");
}

/// Every `id` in `markup`, in document order (a real HTML5 parser reads both the page and
/// the e-book's XHTML).
fn element_ids(markup: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(markup);
    let any = scraper::Selector::parse("[id]").unwrap();
    doc.select(&any)
        .map(|e| e.value().attr("id").unwrap_or_default().to_string())
        .collect()
}

#[test]
fn headings_in_quotes_list_items_and_notes_get_unique_nonempty_ids() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("nested.md");
    std::fs::write(
        &md,
        "---\ntitle: Nested Headings\ndate: 2024-05-02\n---\n\n## Context\n\n\
         See [the quote](#sec-context-quoted-heading).\n\n\
         > ### Quoted Heading\n>\n> Quoted text.[^a]\n\n\
         - ### Heading In A List\n\n  Item text.\n\n\
         - ### Heading In A List\n\n  Second item.\n\n\
         [^a]: A note.\n\n    ### Heading In A Note\n\n    Note text.\n",
    )
    .unwrap();
    let out = briefpress(&[
        "build",
        "-q",
        "-f",
        "html,epub,pdf",
        "-d",
        dir.path().to_str().unwrap(),
        md.to_str().unwrap(),
    ]);
    // The PDF labels the nested headings too, so a link to one lays out.
    assert!(out.status.success(), "{}", stderr(&out));
    let html = std::fs::read_to_string(dir.path().join("nested.html")).unwrap();
    let mut pages = vec![("nested.html".to_string(), html)];
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(dir.path().join("nested.epub")).unwrap()).unwrap();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.name().ends_with(".xhtml") {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut f, &mut s).unwrap();
            pages.push((f.name().to_string(), s));
        }
    }
    let mut headings_seen = 0;
    for (name, markup) in &pages {
        let ids = element_ids(markup);
        assert!(
            !ids.iter().any(|i| i.is_empty()),
            "{name}: empty id in {ids:?}"
        );
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{name}: duplicate ids in {ids:?}");
        let doc = scraper::Html::parse_document(markup);
        let h = scraper::Selector::parse("h3, h4").unwrap();
        for e in doc.select(&h) {
            let text = e.text().collect::<String>();
            if text.contains("Heading In A") || text.contains("Quoted Heading") {
                headings_seen += 1;
                assert!(
                    e.value().attr("id").is_some_and(|i| !i.is_empty()),
                    "{name}: heading {text:?} has no id"
                );
            }
        }
    }
    // Four headings, each in the page and in the e-book.
    assert_eq!(headings_seen, 8, "{pages:?}");
    // A link to the quoted heading stays a link in both, to the file that holds it.
    let links: Vec<String> = pages
        .iter()
        .flat_map(|(_, markup)| {
            let doc = scraper::Html::parse_document(markup);
            let a = scraper::Selector::parse("a[href]").unwrap();
            doc.select(&a)
                .filter(|e| e.text().collect::<String>() == "the quote")
                .filter_map(|e| e.value().attr("href").map(str::to_string))
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(
        links,
        [
            "#sec-context-quoted-heading",
            "text.xhtml#sec-context-quoted-heading"
        ]
    );
}

/// Calibre's converter, like other reading systems, ignores CSS custom properties: a rule
/// with `var(--bp-…)` fell back to the body face, and note numbers were drawn in a font the
/// book does not carry. Every token in the e-book's stylesheet is written out.
#[test]
fn the_epub_stylesheet_needs_no_custom_properties() {
    let (_dir, mut zip) = build_epub(&crate::common::sample());
    let name = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().to_string())
        .find(|n| n.ends_with(".css"))
        .expect("a stylesheet");
    let css = zip_text(&mut zip, &name);
    // Comments may name the mechanism; rules may not use it.
    let rules: String = css
        .split("/*")
        .map(|part| part.split_once("*/").map_or(part, |(_, after)| after))
        .collect();
    assert!(!rules.contains("var(--"), "custom property left in {name}");
    // The note references' rule is written out: in the text's own face, as the PDF sets
    // them (issue 27, item 11), not the heading family's.
    let rule = css
        .lines()
        .find(|l| l.starts_with("a[role=\"doc-noteref\"]"))
        .expect("the note reference rule");
    assert!(rule.contains("font-family: inherit"), "{rule}");
    assert!(!rule.contains("Inter"), "{rule}");
}

/// The `dir` attribute of every paragraph of `markup` whose text is `text`.
fn paragraph_dirs(markup: &str, text: &str) -> Vec<Option<String>> {
    let html = scraper::Html::parse_document(markup);
    let p = scraper::Selector::parse("p").unwrap();
    html.select(&p)
        .filter(|e| e.text().collect::<String>().trim() == text)
        .map(|e| e.value().attr("dir").map(str::to_string))
        .collect()
}

#[test]
fn paragraphs_of_arabic_indic_digits_or_starting_with_them_are_right_to_left() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("digits.md");
    std::fs::write(
        &md,
        "---\ntitle: Figures\nlang: en\n---\n\n\u{663}\u{664}\u{665}\u{666}\n\n\u{663} \u{5E9}\u{5DC}\u{5D5}\u{5DD}\n\nPlain text stays as it is.\n",
    )
    .unwrap();
    let digits = "\u{663}\u{664}\u{665}\u{666}";
    let hebrew = "\u{663} \u{5E9}\u{5DC}\u{5D5}\u{5DD}";
    let rtl = vec![Some("rtl".to_string())];

    let html_path = dir.path().join("digits.html");
    let out = briefpress(&[
        "build",
        "-q",
        "-o",
        html_path.to_str().unwrap(),
        md.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert_eq!(paragraph_dirs(&html, digits), rtl, "HTML, digits only");
    assert_eq!(
        paragraph_dirs(&html, hebrew),
        rtl,
        "HTML, digit then Hebrew"
    );
    assert_eq!(
        paragraph_dirs(&html, "Plain text stays as it is."),
        [None],
        "HTML, left-to-right text"
    );

    let (_dir, mut zip) = build_epub(&md);
    let names: Vec<String> = zip
        .file_names()
        .filter(|n| n.ends_with(".xhtml"))
        .map(str::to_string)
        .collect();
    let (mut d, mut h) = (Vec::new(), Vec::new());
    for name in names {
        let xhtml = zip_text(&mut zip, &name);
        d.extend(paragraph_dirs(&xhtml, digits));
        h.extend(paragraph_dirs(&xhtml, hebrew));
    }
    assert_eq!(d, rtl, "EPUB, digits only");
    assert_eq!(h, rtl, "EPUB, digit then Hebrew");
}

/// The HTML page (fonts left to the system) of a brief whose text is `text`, written as
/// `name` into a temporary folder: what the build said, and the page as a browser parses it.
fn html_page(name: &str, text: &str) -> (String, scraper::Html) {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join(name);
    std::fs::write(&md, text).unwrap();
    let html = md.with_extension("html");
    let out = briefpress(&[
        "build",
        "--html-fonts",
        "system",
        "-o",
        html.to_str().unwrap(),
        md.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = scraper::Html::parse_document(&std::fs::read_to_string(&html).unwrap());
    assert!(page.errors.is_empty(), "{:?}", page.errors);
    (stderr(&out), page)
}

/// Each link in the page's text (not the notes' back-links): its target and its text.
fn body_links(page: &scraper::Html) -> Vec<(String, String)> {
    page.select(&scraper::Selector::parse("main p a[href^='https:']").unwrap())
        .map(|a| {
            (
                a.attr("href").unwrap().to_string(),
                a.text().collect::<String>(),
            )
        })
        .collect()
}

/// Found by the fuzz test: comrak builds a link inside a link's text from this line (its
/// note `a` undefined), and the HTML page had `<a>` inside `<a>`, which HTML forbids.
#[test]
fn a_link_inside_a_links_text_keeps_only_its_text() {
    let (said, page) = html_page(
        "nested.md",
        "# Nested Links\n\n[[t](https://example.org/a)[^a](\\[t](https://example.org/b)\n",
    );
    assert!(
        said.contains("nested.md:3:2: warning: a link inside another link's text"),
        "{said}"
    );
    assert_eq!(
        body_links(&page),
        [("https://example.org/b".to_string(), "t([t".to_string())]
    );
}

/// Found by the fuzz test: a note reference inside a link's text (written so, or read from
/// an address that ran on into `[^1]`) put the note's `<a>` inside the link's `<a>`.
#[test]
fn a_note_reference_in_a_links_text_follows_the_link() {
    let (_, page) = html_page(
        "noted.md",
        "# Noted Links\n\nRead [the report[^1]](https://example.org/r) and \
         https://example.org/data[^2].\n\n[^1]: First.\n\n[^2]: Second.\n",
    );
    assert_eq!(
        body_links(&page),
        [
            (
                "https://example.org/r".to_string(),
                "the report".to_string()
            ),
            (
                "https://example.org/data".to_string(),
                "https://example.org/data".to_string()
            )
        ]
    );
    let marks: Vec<String> = page
        .select(&scraper::Selector::parse("main p a[role='doc-noteref']").unwrap())
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(marks, ["1", "2"]);
    assert_eq!(
        page.select(&scraper::Selector::parse("main a a").unwrap())
            .count(),
        0
    );
}

#[test]
fn a_month_and_a_year_is_published_without_an_invented_day() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("m.md");
    std::fs::write(
        &md,
        "---\ntitle: Lunch\ndate: March 2025\n---\n\n## Body\n\nText.\n",
    )
    .unwrap();
    let out = briefpress(&[
        "build",
        "-q",
        "-f",
        "json,html,pdf",
        "-d",
        dir.path().to_str().unwrap(),
        md.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("m.json")).unwrap()).unwrap();
    assert_eq!(json["meta"]["date"], "2025-03", "{}", json["meta"]);
    let html = std::fs::read_to_string(dir.path().join("m.html")).unwrap();
    assert!(
        html.contains("<time datetime=\"2025-03\">March 2025</time>"),
        "{html}"
    );
    assert!(html.contains("content=\"2025-03\""), "{html}");
    // The PDF prints the month and no day, and stamps no creation date it would have to invent.
    let pdf = dir.path().join("m.pdf");
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("March 2025") && !text.contains("20 March"),
        "{text}"
    );
    assert_eq!(pdfinfo(&pdf, "CreationDate"), None);
    let (_d, mut zip) = build_epub(&md);
    let opf = zip_text(&mut zip, "OEBPS/content.opf");
    assert!(opf.contains("<dc:date>2025-03</dc:date>"), "{opf}");
}

/// `briefpress -f json` of `text` (as a file named `name`), read back.
fn model_of(name: &str, text: &str) -> (serde_json::Value, String) {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join(name);
    std::fs::write(&src, text).unwrap();
    let out = briefpress(&["build", "-f", "json", "-o", "-", src.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    (serde_json::from_slice(&out.stdout).unwrap(), stderr(&out))
}

#[test]
fn a_body_paragraph_starting_with_a_month_and_year_is_kept_as_text() {
    let (model, _) = model_of(
        "b.md",
        "# Title\n\n*Ana Lima*\n\nIn April 2018, the United States left the agreement.\n\n## Next\n\nBody.\n",
    );
    assert!(model["meta"]["date"].is_null(), "{}", model["meta"]);
    assert!(
        model
            .to_string()
            .contains("In April 2018, the United States left the agreement."),
        "{model}"
    );
}

#[test]
fn plain_text_from_pdftotext_is_read_not_refused() {
    // What pdftotext writes: no Markdown, a form feed between pages, notes at the page's foot
    // with glued markers, a running head on page 2, a word hyphenated at a line end.
    let text = "Harbour Institute\n\nPolicy Brief\n\nTides of Change\nHow Ports Adapt to Rising Seas\nAna Lima and Bo Chen\n3 September 2024\n\nSummary\nPorts must adapt now. The cost of waiting is rising every year and the\nbill falls on the smallest harbours first.1\n\nThe Problem\nSea levels rose faster than planned, and many quays now flood at spring tides. Venti-\nlated sheds were built for a drier age.2\n1 Harbour Statistics, 2023.\n2 Port Survey, 2022.\n\n1\n\n\u{c}Policy Brief\n\nTides of Change\n\nWhat Works\nRaised quays and movable barriers work where they are maintained.\n\n2\n\n\u{c}";
    let (model, err) = model_of("t.txt", text);
    let meta = &model["meta"];
    assert_eq!(meta["title"], "Tides of Change", "{err}");
    assert_eq!(meta["subtitle"], "How Ports Adapt to Rising Seas");
    assert_eq!(meta["date"], "2024-09-03");
    let names: Vec<&str> = meta["authors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Ana Lima", "Bo Chen"]);
    let body = model.to_string();
    assert!(
        body.contains("Ventilated sheds"),
        "hyphenation removed: {body}"
    );
    assert_eq!(model["footnotes"].as_array().unwrap().len(), 2, "{body}");
    let titles: Vec<String> = model["sections"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| {
            s["title"]
                .as_array()
                .map(|t| t.iter().map(|i| i["text"].as_str().unwrap_or("")).collect())
        })
        .collect();
    assert_eq!(titles, ["The Problem", "What Works"], "{body}");
    // The running head of page 2 is gone; the title appears once, in the metadata.
    assert_eq!(body.matches("Tides of Change").count(), 1, "{body}");
}

/// `dir` of each `selector` element of `markup` whose text contains `text`.
fn dirs_of(markup: &str, selector: &str, text: &str) -> Vec<Option<String>> {
    let html = scraper::Html::parse_document(markup);
    let sel = scraper::Selector::parse(selector).unwrap();
    html.select(&sel)
        .filter(|e| e.text().collect::<String>().contains(text))
        .map(|e| e.value().attr("dir").map(str::to_string))
        .collect()
}

/// Whether `c` is a Hebrew or Arabic letter (in a PDF's extracted words).
fn hebrew_or_arabic(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{05FF}' | '\u{0600}'..='\u{06FF}')
}

#[test]
fn headings_list_items_table_cells_and_notes_that_start_right_to_left_are_set_right_to_left() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("rtl.md");
    let heading = "مقدمة السياسة";
    let paragraph = "שלום עולם, זו פסקה.";
    let item = "פריט ראשון";
    let cell = "اسم";
    let note = "ملاحظة باللغة العربية.";
    std::fs::write(
        &md,
        format!(
            "---\ntitle: Directions\nlang: en\n---\n\nIntro in English.[^1]\n\n## {heading}\n\n{paragraph}\n\n\
             - {item}\n\n  עוד טקסט\n\n- פריט שני\n\n| Column name | Value |\n|---|---|\n| {cell} | 12 |\n\n\
             [^1]: {note}\n"
        ),
    )
    .unwrap();
    let out = briefpress(&[
        "build",
        "-q",
        "-f",
        "html,epub,pdf",
        "-d",
        dir.path().to_str().unwrap(),
        md.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rtl = vec![Some("rtl".to_string())];

    let html = std::fs::read_to_string(dir.path().join("rtl.html")).unwrap();
    for (selector, text) in [
        ("h2", heading),
        ("p", paragraph),
        ("li", item),
        ("td", cell),
        ("li[id^=fn-]", note),
    ] {
        assert_eq!(
            dirs_of(&html, selector, text),
            rtl,
            "HTML {selector}: {text}"
        );
    }

    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(dir.path().join("rtl.epub")).unwrap()).unwrap();
    let names: Vec<String> = zip
        .file_names()
        .filter(|n| n.ends_with(".xhtml") && !n.ends_with("nav.xhtml"))
        .map(str::to_string)
        .collect();
    let pages: Vec<String> = names.iter().map(|n| zip_text(&mut zip, n)).collect();
    for (selector, text) in [
        ("h2", heading),
        ("p", paragraph),
        ("li", item),
        ("td", cell),
        ("div.bp-note", note),
        ("div.bp-note > p", note),
    ] {
        let dirs: Vec<_> = pages
            .iter()
            .flat_map(|p| dirs_of(p, selector, text))
            .collect();
        assert_eq!(dirs, rtl, "EPUB {selector}: {text}");
    }

    // In the PDF, each right-to-left block starts at the right edge of the text block (where
    // the left-to-right text ends its justified lines), and the heading is not left of its
    // paragraph. Lines of Hebrew or Arabic words, top to bottom: heading, paragraph, the two
    // list items' three lines, the table cell, the note.
    let pdf = dir.path().join("rtl.pdf");
    let bbox = Command::new("pdftotext")
        .args(["-bbox", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext runs");
    let xml = String::from_utf8_lossy(&bbox.stdout).into_owned();
    let attr = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..].split('"').next().unwrap().parse().unwrap()
    };
    let page = xml.split("<page ").nth(1).expect("a page");
    let width = attr(page, "width");
    // (y, x min, x max) of each line of right-to-left words.
    let mut lines: Vec<(f64, f64, f64)> = Vec::new();
    for tag in page.split("<word ").skip(1) {
        let text = tag.split_once('>').map(|(_, t)| t).unwrap_or("");
        if !text.chars().any(hebrew_or_arabic) {
            continue;
        }
        let (y, x0, x1) = (attr(tag, "yMax"), attr(tag, "xMin"), attr(tag, "xMax"));
        match lines.iter_mut().find(|l| (l.0 - y).abs() < 3.0) {
            Some(l) => (l.1, l.2) = (l.1.min(x0), l.2.max(x1)),
            None => lines.push((y, x0, x1)),
        }
    }
    lines.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert_eq!(lines.len(), 7, "lines of right-to-left text: {lines:?}");
    let (head, para, items, cell_line, note_line) =
        (lines[0], lines[1], &lines[2..5], lines[5], lines[6]);
    let right = para.2;
    // The text block's right edge on page 1 (a right-hand page: the outside margin is on the
    // right), from the theme's tokens.
    let outside = briefpress::theme::Theme::builtin("default")
        .unwrap()
        .tokens
        .page
        .margin_outside;
    let mm: f64 = outside.strip_suffix("mm").unwrap().parse().unwrap();
    let edge = width - mm * 72.0 / 25.4;
    assert!(
        (right - edge).abs() < 2.0,
        "the paragraph ends at the right edge {edge:.1}: {para:?}"
    );
    assert!(
        (head.2 - right).abs() < 1.0 && head.1 > width / 2.0,
        "the heading stands at the right margin, over its paragraph: {head:?} vs {right}"
    );
    for l in items {
        assert!(
            l.1 > width / 2.0 && l.2 > right - 30.0,
            "a list line at the right: {l:?}"
        );
    }
    assert!(
        note_line.1 > width / 2.0,
        "the note at the right: {note_line:?}"
    );
    // The cell is aligned to the right of its column, which its header fills.
    let header_x0 = page
        .split("<word ")
        .skip(1)
        .find(|t| t.contains(">Column<"))
        .map(|t| attr(t, "xMin"))
        .expect("the table header");
    assert!(
        cell_line.1 > header_x0 + 20.0,
        "the cell stands at the right of its column: {cell_line:?}, column from {header_x0}"
    );
}

/// The default input limit keeps two briefs built at `-j2` within a 4 GB machine (measured
/// in BENCHMARKS.md, "Input limit"): a brief over 4 MiB is refused before any work, and the
/// refusal names the limit and the option that raises it. One of exactly 4 MiB is read.
#[test]
fn a_brief_over_the_default_input_limit_is_refused_naming_the_limit_and_the_option() {
    let dir = tempfile::tempdir().unwrap();
    // No title: once past the size check, the brief fails at once, without a layout.
    let mut text = String::from("---\nsubtitle: S\n---\n");
    let line = "A sentence of a long brief, repeated to make it large.\n";
    while text.len() + line.len() <= 4 << 20 {
        text.push_str(line);
    }
    text.push_str(&"x".repeat((4 << 20) - text.len()));
    assert_eq!(text.len(), 4 << 20);
    let at_limit = dir.path().join("at-limit.md");
    std::fs::write(&at_limit, &text).unwrap();
    text.push('\n');
    let over = dir.path().join("over.md");
    std::fs::write(&over, &text).unwrap();

    let out = briefpress(&["check", over.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("over the limit of 4 MiB (raise it with --max-input-bytes)"),
        "{err}"
    );
    let out = briefpress(&["check", at_limit.to_str().unwrap()]);
    let err = stderr(&out);
    assert!(!err.contains("over the limit"), "{err}");
    assert!(err.contains("no title"), "{err}");
}
