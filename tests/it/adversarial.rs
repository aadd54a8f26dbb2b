//! Hostile and broken input (issue 7): never a panic, never code execution, never lost text.
//! Every fixture in tests/fixtures/adversarial/ runs here through every writer, with
//! assertions on the exit code, the diagnostics and the outputs.

use crate::common::{briefpress_in, root, stderr};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Output;

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/adversarial").join(name)
}

/// Builds `input` into every format in a fresh folder.
fn build_all(input: &Path) -> (Output, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let o = briefpress_in(
        &root(),
        &[
            "build",
            "-f",
            "pdf,epub,html,json",
            "-d",
            out.path().to_str().unwrap(),
            input.to_str().unwrap(),
        ],
    );
    (o, out)
}

fn output(dir: &tempfile::TempDir, input: &Path, ext: &str) -> PathBuf {
    dir.path().join(format!(
        "{}.{ext}",
        input.file_stem().unwrap().to_string_lossy()
    ))
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Every XHTML/HTML entry of an EPUB, by name.
fn epub_documents(path: &Path) -> Vec<(String, String)> {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut docs = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().to_string();
        if name.ends_with(".xhtml")
            || name.ends_with(".html")
            || name.ends_with(".opf")
            || name.ends_with(".ncx")
        {
            let mut s = String::new();
            entry.read_to_string(&mut s).unwrap();
            docs.push((name, s));
        }
    }
    docs
}

/// XHTML content documents may carry a DOCTYPE.
fn xml_options<'a>() -> roxmltree::ParsingOptions<'a> {
    roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    }
}

/// No script-capable element, no event-handler attribute, no unsafe URL, as a real HTML5
/// parser (`scraper`, html5ever) sees the markup: what a browser would build from it.
fn assert_inert(what: &str, markup: &str) {
    let doc = scraper::Html::parse_document(markup);
    let mut elements = 0;
    for node in doc.tree.nodes() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        elements += 1;
        let name = el.name().to_ascii_lowercase();
        assert!(
            !matches!(
                name.as_str(),
                "script"
                    | "iframe"
                    | "object"
                    | "embed"
                    | "svg"
                    | "math"
                    | "form"
                    | "base"
                    | "frame"
            ),
            "{what}: <{name}> must never be written"
        );
        for (attr, value) in el.attrs() {
            let attr = attr.to_ascii_lowercase();
            assert!(
                !attr.starts_with("on"),
                "{what}: <{name} {attr}=…> event handler written"
            );
            // Browsers ignore whitespace and control characters in a URL's scheme.
            let url: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            let bad: &[&str] = match attr.as_str() {
                "href" | "xlink:href" => &["javascript:", "data:", "vbscript:"],
                "src" => &["javascript:", "vbscript:"],
                _ => &[],
            };
            for scheme in bad {
                assert!(
                    !url.starts_with(scheme),
                    "{what}: unsafe URL <{name} {attr}=\"{value}\">"
                );
            }
        }
    }
    assert!(elements > 3, "{what}: the parser found no markup to check");
}

/// The checker itself can fail: each kind of live markup it names is caught, including
/// spellings a naive tag scanner misses (a comment-looking attribute value, an uppercase
/// handler, a scheme split by a tab).
#[test]
fn assert_inert_catches_live_markup() {
    let page = |body: &str| {
        format!(
            "<!DOCTYPE html><html><head><title>t</title></head><body><p>x</p>{body}</body></html>"
        )
    };
    assert_inert("clean", &page("<a href=\"https://example.org/\">ok</a>"));
    for bad in [
        "<script>alert(1)</script>",
        "<img src=x ONERROR=y>",
        "<a title=\"<!--\" onclick=y>t</a>",
        "<a href=\"java\tscript:alert(1)\">t</a>",
        "<a href=\" data:text/html,x\">t</a>",
        "<svg><g/></svg>",
        "<iframe srcdoc=x></iframe>",
    ] {
        let caught = std::panic::catch_unwind(|| assert_inert("bad", &page(bad))).is_err();
        assert!(caught, "assert_inert let through {bad}");
    }
}

#[test]
fn html_injection_is_inert_and_the_visible_text_survives() {
    for name in ["html-injection.md", "html-injection-extracted.md"] {
        let input = fixture(name);
        let (o, dir) = build_all(&input);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains("warning: link target `"), "{name}: {err}");
        let html = read(&output(&dir, &input, "html"));
        assert_inert(name, &html);
        for (entry, doc) in epub_documents(&output(&dir, &input, "epub")) {
            assert_inert(&format!("{name}!{entry}"), &doc);
            roxmltree::Document::parse_with_options(&doc, xml_options())
                .unwrap_or_else(|e| panic!("{name}!{entry}: {e}"));
        }
    }
    let input = fixture("html-injection.md");
    let (_, dir) = build_all(&input);
    let html = read(&output(&dir, &input, "html"));
    for visible in [
        "Ports need rules.",
        "A raw HTML block whose text survives.",
        "plain javascript",
        "entity encoded",
        "good link",
        "survives as text.",
        "Coastal Policy Lab",
    ] {
        assert!(html.contains(visible), "visible text lost: {visible}");
    }
    // Script content is not text a reader should see.
    assert!(!html.contains("document.write"));
    assert!(html.contains("href=\"https://example.org/report?a=1&amp;b=2\""));
}

#[test]
fn characters_xml_forbids_are_removed_and_every_output_is_made() {
    let input = fixture("control-chars.md");
    let (o, dir) = build_all(&input);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("control-chars.md:2:16: warning: control characters"),
        "{}",
        stderr(&o)
    );
    let json: serde_json::Value =
        serde_json::from_str(&read(&output(&dir, &input, "json"))).unwrap();
    // The BOM did not hide the front matter.
    assert_eq!(json["meta"]["title"], "Control Characters");
    let html = read(&output(&dir, &input, "html"));
    for bad in [
        '\u{0}', '\u{1}', '\u{b}', '\u{fffe}', '\r', '\u{202e}', '\u{2066}',
    ] {
        assert!(!html.contains(bad), "{:?} in HTML", bad);
    }
    assert!(html.contains("Null byte"));
    for (entry, doc) in epub_documents(&output(&dir, &input, "epub")) {
        roxmltree::Document::parse_with_options(&doc, xml_options())
            .unwrap_or_else(|e| panic!("{entry}: {e}"));
    }
    assert!(
        std::fs::metadata(output(&dir, &input, "pdf"))
            .unwrap()
            .len()
            > 1000
    );
}

#[test]
fn unreadable_inputs_are_located_errors_and_write_nothing() {
    for (name, expect) in [
        (
            "latin1.md",
            "latin1.md:2:11: error: input is not UTF-8: byte 0xE9 at byte offset 14",
        ),
        ("empty.md", "empty.md:1:1: error: input is empty"),
        (
            "whitespace-only.md",
            "whitespace-only.md:1:1: error: input is empty",
        ),
        (
            "broken-yaml.md",
            "broken-yaml.md:3:10: error: front matter is not valid YAML",
        ),
        (
            "unclosed-front-matter.md",
            "unclosed-front-matter.md:1:1: error: front matter opened with `---` is never closed",
        ),
    ] {
        let input = fixture(name);
        let (o, dir) = build_all(&input);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains(expect), "{name}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{name}");
        let written: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert!(written.is_empty(), "{name}: wrote {written:?}");
    }
}

#[test]
fn front_matter_only_gives_a_title_page_and_a_warning() {
    let input = fixture("front-matter-only.md");
    let (o, dir) = build_all(&input);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning: the brief has no body text"),
        "{}",
        stderr(&o)
    );
    let html = read(&output(&dir, &input, "html"));
    assert!(html.contains("A Title Page and Nothing Else"));
    assert!(output(&dir, &input, "pdf").is_file() && output(&dir, &input, "epub").is_file());
}

#[test]
fn duplicate_notes_warn_and_the_first_definition_wins() {
    for (name, first, second) in [
        (
            "duplicate-notes.md",
            "The first definition wins.",
            "The second definition is ignored.",
        ),
        (
            "duplicate-notes-extracted.md",
            "The first definition of note one.",
            "A second definition of note one, ignored.",
        ),
    ] {
        let input = fixture(name);
        let (o, dir) = build_all(&input);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("is defined twice; the first definition is used"),
            "{name}: {}",
            stderr(&o)
        );
        let html = read(&output(&dir, &input, "html"));
        assert!(html.contains(first) && !html.contains(second), "{name}");
        let mut ids: Vec<String> = html
            .split(" id=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap().to_string())
            .collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n, "{name}: duplicate ids");
    }
}

/// Writes a generated brief into a temporary folder.
fn generated(name: &str, body: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(
        &path,
        format!("---\ntitle: Generated {name}\n---\n\n{body}"),
    )
    .unwrap();
    (dir, path)
}

#[test]
fn deep_nesting_is_capped_with_a_warning_and_the_text_kept() {
    let cases = [
        (
            "quotes.md",
            format!("{}deep quote text\n", "> ".repeat(10_000)),
        ),
        (
            "lists.md",
            format!("{}deep list text\n", "- ".repeat(5_000)),
        ),
        (
            "emphasis.md",
            format!(
                "{}deep emphasis text{}\n",
                "*_".repeat(2_500),
                "_*".repeat(2_500)
            ),
        ),
        (
            "brackets.md",
            format!("{}unmatched bracket text\n", "[".repeat(10_000)),
        ),
    ];
    for (name, body) in cases {
        let (_keep, input) = generated(name, &body);
        let (o, dir) = build_all(&input);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        let html = read(&output(&dir, &input, "html"));
        let want = body
            .split_whitespace()
            .rev()
            .find(|w| w.chars().all(char::is_alphabetic))
            .unwrap();
        assert!(
            html.contains(want) && html.contains("text"),
            "{name}: deep text lost"
        );
        for (entry, doc) in epub_documents(&output(&dir, &input, "epub")) {
            roxmltree::Document::parse_with_options(
                &doc,
                roxmltree::ParsingOptions {
                    allow_dtd: true,
                    nodes_limit: u32::MAX,
                    ..Default::default()
                },
            )
            .unwrap_or_else(|e| panic!("{name}!{entry}: {e}"));
        }
        assert!(output(&dir, &input, "pdf").is_file(), "{name}: no PDF");
    }
    let (_keep, input) = generated("q.md", &format!("{}x\n", "> ".repeat(100)));
    let (o, _dir) = build_all(&input);
    assert!(
        stderr(&o).contains("warning: nesting deeper than 12 levels is flattened"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn three_thousand_notes_are_numbered_and_linked_both_ways() {
    let mut body = String::from("## Claims\n\n");
    for i in 0..3000 {
        body.push_str(&format!("Claim {i}.[^n{i}] "));
    }
    body.push_str("\n\n");
    for i in 0..3000 {
        body.push_str(&format!("[^n{i}]: Source number {i}.\n"));
    }
    let (_keep, input) = generated("notes.md", &body);
    let (o, dir) = build_all(&input);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = read(&output(&dir, &input, "html"));
    for n in [1, 1500, 3000] {
        assert!(html.contains(&format!("id=\"fn-{n}\"")), "note {n}");
        assert!(html.contains(&format!("href=\"#fn-{n}\"")), "ref {n}");
        assert!(
            html.contains(&format!("href=\"#fnref-{n}\"")),
            "backlink {n}"
        );
    }
    assert!(!html.contains("id=\"fn-3001\""));
}

#[test]
fn long_urls_and_words_are_kept_exactly_in_html() {
    let input = fixture("long-words.md");
    let (o, dir) = build_all(&input);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let src = read(&input);
    let url = src
        .split_whitespace()
        .find(|w| w.starts_with("https://example.org/aaaa"))
        .unwrap();
    let word = src
        .split_whitespace()
        .find(|w| w.len() > 4000 && !w.contains("http"))
        .unwrap();
    let html = read(&output(&dir, &input, "html"));
    assert!(html.contains(url) && html.contains(word));
}

#[test]
fn every_script_is_drawn_with_a_font_that_has_it_or_named_in_a_warning() {
    let input = fixture("scripts.md");
    // With the system's fonts (the test script installs Debian's Noto fonts): every script
    // is drawn, nothing is replaced, no warning.
    let (o, dir) = build_all(&input);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("no available font"), "{}", stderr(&o));
    let pdf = output(&dir, &input, "pdf");
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(!text.contains('\u{fffd}'), "a replacement mark was printed");
    for sample in [
        "नमस्ते",
        "你好",
        "こんにちは",
        "안녕하세요",
        "สวัสดี",
        "Γειά",
        "Привет",
        "שלום",
    ] {
        assert!(text.contains(sample), "{sample} missing from the PDF text");
    }
    let fonts = std::process::Command::new("pdffonts")
        .arg(&pdf)
        .output()
        .unwrap();
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    for family in ["NotoSansDevanagari", "NotoSansCJK", "NotoSansThai"] {
        assert!(fonts.contains(family), "{family} not used: {fonts}");
    }
    // HTML keeps the text exactly, with the right-to-left paragraph marked.
    let html = read(&output(&dir, &input, "html"));
    assert!(
        html.contains("<p dir=\"rtl\"><span dir=\"rtl\">هذه فقرة كاملة"),
        "rtl paragraph"
    );
    assert!(html.contains("Hebrew: <span dir=\"rtl\">שלום עולם, זו פסקה בעברית</span>"));
    assert!(html.contains("你好，世界。") && html.contains("🌍"));

    // Without them: a warning names every script no font covers.
    let out = tempfile::tempdir().unwrap();
    let o = briefpress_in(
        &root(),
        &[
            "build",
            "-f",
            "pdf",
            "--ignore-system-fonts",
            "-d",
            out.path().to_str().unwrap(),
            input.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for script in ["Devanagari", "Han", "Hangul", "Thai", "Emoji"] {
        assert!(
            stderr(&o).contains(&format!(
                "warning: pdf: no available font has {script} characters"
            )),
            "{script}: {}",
            stderr(&o)
        );
    }
    // --strict turns that into a failure, and nothing is written.
    let strict = tempfile::tempdir().unwrap();
    let o = briefpress_in(
        &root(),
        &[
            "build",
            "-f",
            "pdf",
            "--strict",
            "--ignore-system-fonts",
            "-d",
            strict.path().to_str().unwrap(),
            input.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read_dir(strict.path()).unwrap().count(), 0);
}

/// In the PDF, a 5,000-character word, URLs (one with a 300-letter query that has nowhere to
/// break) and a 5,000-digit inline code span are broken so that every word box lies inside
/// the text block, between the side margins (word boxes from `pdftotext -bbox-layout`).
#[test]
fn long_urls_and_words_never_leave_the_printed_page() {
    let input = fixture("long-words.md");
    let (o, dir) = build_all(&input);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let pdf = output(&dir, &input, "pdf");
    let bbox = dir.path().join("bbox.html");
    let status = std::process::Command::new("pdftotext")
        .arg("-bbox-layout")
        .arg(&pdf)
        .arg(&bbox)
        .status()
        .unwrap();
    assert!(status.success());
    let xml = read(&bbox);
    let attr = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..].split('"').next().unwrap().parse().unwrap()
    };
    let mut words = 0;
    let mut digits = 0;
    for page in xml.split("<page ").skip(1) {
        let width = attr(page, "width");
        // The default theme's side margins are 22 mm; the text block lies between them
        // (nothing overhangs it: the template sets `overhang: false`).
        let margin = 22.0 / 25.4 * 72.0;
        let (left, right) = (margin - 0.5, width - margin + 0.5);
        for tag in page.split("<word ").skip(1) {
            let (x_min, x_max) = (attr(tag, "xMin"), attr(tag, "xMax"));
            let text = tag
                .split_once('>')
                .and_then(|(_, t)| t.split_once("</word>"))
                .map_or("", |(t, _)| t);
            assert!(
                x_min >= left && x_max <= right,
                "a word runs into the margin: {x_min}..{x_max} on a page {width} wide: {text:.60}"
            );
            words += 1;
            digits += text.chars().filter(char::is_ascii_digit).count();
        }
    }
    assert!(words > 100, "the PDF has text");
    // The code span is printed whole, not cut off where it met the margin.
    assert!(digits >= 5000, "{digits} digits printed");
    assert!(words > 100, "the PDF has text");
}
