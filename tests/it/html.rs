//! The standalone HTML page and the themes that style it: built through the real CLI, parsed
//! with a real HTML5 parser (html5ever, via `scraper`) so the DOM checks see what a browser
//! sees, and validated by the Nu HTML Checker with zero errors and zero warnings.

use crate::common::{self, briefpress};
use scraper::{Html, Selector};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const THEMES: &[&str] = &["default", "sober"];

/// One built page.
struct Page {
    theme: &'static str,
    source: PathBuf,
    path: PathBuf,
    html: String,
}

/// Every brief (`common::all_briefs`) built as HTML with every built-in theme, once per run,
/// with the PDF's page numbers (`--page-numbers`): the page with everything it can hold is the
/// one the checks and goldens must see.
fn pages() -> &'static [Page] {
    static PAGES: OnceLock<(tempfile::TempDir, Vec<Page>)> = OnceLock::new();
    &PAGES
        .get_or_init(|| {
            let tmp = tempfile::tempdir().unwrap();
            let briefs = common::every_buildable();
            assert!(!briefs.is_empty());
            let mut pages = Vec::new();
            for theme in THEMES {
                let dir = tmp.path().join(theme);
                let mut args = vec![
                    "build",
                    "-q",
                    "-f",
                    "html",
                    "--page-numbers",
                    "-t",
                    theme,
                    "-d",
                ];
                let dir_s = dir.to_str().unwrap().to_string();
                args.push(&dir_s);
                let inputs: Vec<String> = briefs
                    .iter()
                    .map(|b| b.to_str().unwrap().to_string())
                    .collect();
                args.extend(inputs.iter().map(String::as_str));
                let out = briefpress(&args);
                assert!(
                    out.status.success(),
                    "building HTML with theme {theme} failed:\n{}",
                    common::stderr(&out)
                );
                for b in &briefs {
                    let stem = b.file_stem().unwrap().to_str().unwrap();
                    let path = dir.join(format!("{stem}.html"));
                    let html = std::fs::read_to_string(&path)
                        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                    pages.push(Page {
                        theme,
                        source: b.clone(),
                        path,
                        html,
                    });
                }
            }
            (tmp, pages)
        })
        .1
}

fn page(theme: &str, stem: &str) -> &'static Page {
    pages()
        .iter()
        .find(|p| p.theme == theme && p.source.file_stem().unwrap() == stem)
        .unwrap_or_else(|| panic!("no page {stem} with theme {theme}"))
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn texts(doc: &Html, s: &str) -> Vec<String> {
    doc.select(&sel(s))
        .map(|e| e.text().collect::<String>())
        .collect()
}

fn attrs(doc: &Html, s: &str, attr: &str) -> Vec<String> {
    doc.select(&sel(s))
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// The one definition of a safe link target in a published page.
fn safe_href(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    match u.find(':') {
        Some(c) if !u[..c].contains(['/', '?', '#']) => {
            matches!(&u[..c], "http" | "https" | "mailto")
        }
        _ => !u.starts_with("//"),
    }
}

fn fixture(name: &str) -> PathBuf {
    common::root().join("tests/fixtures/authored").join(name)
}

#[test]
fn html_build_writes_one_standalone_file_per_brief() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_str().unwrap();
    let sample = common::sample();
    let out = briefpress(&["build", "-f", "html", "-d", dir, sample.to_str().unwrap()]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let stem = sample.file_stem().unwrap().to_str().unwrap();
    let files: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(files.len(), 1, "exactly one output file");
    let html = std::fs::read_to_string(tmp.path().join(format!("{stem}.html"))).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.ends_with("</html>\n"));
}

#[test]
fn html_pages_request_nothing_from_anywhere() {
    for p in pages() {
        let doc = Html::parse_document(&p.html);
        let ctx = p.path.display();
        assert!(
            doc.select(&sel("script, link, iframe, object, embed, base, form"))
                .next()
                .is_none(),
            "{ctx}: script or external resource element"
        );
        for src in attrs(&doc, "[src]", "src") {
            assert!(src.starts_with("data:image/"), "{ctx}: src {src:.60}");
        }
        for css in texts(&doc, "style") {
            assert!(!css.contains("@import"), "{ctx}: @import in CSS");
            // Only the embedded fonts, as `data:` URLs (anything else would be fetched).
            for url in css.split("url(").skip(1) {
                assert!(
                    url.starts_with("\"data:font/woff2;base64,"),
                    "{ctx}: url({url:.40}…) in CSS would fetch something"
                );
            }
        }
        assert!(doc.select(&sel("[style]")).next().is_none(), "{ctx}");
    }
}

#[test]
fn html_dom_invariants_hold_for_every_brief_and_theme() {
    for p in pages() {
        let doc = Html::parse_document(&p.html);
        let ctx = format!("{} ({})", p.source.display(), p.theme);
        assert!(
            doc.errors.is_empty(),
            "{ctx}: HTML parse errors: {:?}",
            doc.errors
        );
        assert_eq!(
            format!("{:?}", doc.quirks_mode),
            "NoQuirks",
            "{ctx}: quirks mode"
        );
        assert_eq!(texts(&doc, "h1").len(), 1, "{ctx}: exactly one h1");
        assert!(
            !texts(&doc, "title")[0].trim().is_empty(),
            "{ctx}: empty title"
        );
        assert_eq!(
            doc.select(&sel("header h1")).count(),
            1,
            "{ctx}: h1 in header"
        );

        // Unique ids.
        let mut ids = HashSet::new();
        for id in attrs(&doc, "[id]", "id") {
            assert!(!id.is_empty(), "{ctx}: empty id");
            assert!(ids.insert(id.clone()), "{ctx}: duplicate id {id}");
        }
        // Every fragment link resolves.
        for href in attrs(&doc, "a[href^='#']", "href") {
            assert!(ids.contains(&href[1..]), "{ctx}: dangling link {href}");
        }
        // Note references ↔ notes ↔ back-links.
        let mut backlinks_per_note: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for li in doc.select(&sel("section[role='doc-endnotes'] > ol > li")) {
            let id = li.value().id().unwrap_or_default().to_string();
            assert!(id.starts_with("fn-"), "{ctx}: note without fn- id");
            let links: Vec<String> = li
                .select(&sel("a[role='doc-backlink']"))
                .filter_map(|a| a.value().attr("href").map(str::to_string))
                .collect();
            assert!(!links.is_empty(), "{ctx}: note {id} has no back-link");
            backlinks_per_note.insert(id, links);
        }
        let refs: Vec<_> = doc.select(&sel("a[role='doc-noteref']")).collect();
        assert_eq!(
            refs.is_empty(),
            backlinks_per_note.is_empty(),
            "{ctx}: notes without references or references without notes"
        );
        for r in &refs {
            let href = r.value().attr("href").unwrap();
            let id = r.value().id().unwrap();
            let note = href.strip_prefix('#').unwrap();
            let back = backlinks_per_note
                .get(note)
                .unwrap_or_else(|| panic!("{ctx}: reference {id} → {href} is not a note"));
            assert!(
                back.contains(&format!("#{id}")),
                "{ctx}: note {note} has no back-link to {id}"
            );
            let parent = scraper::ElementRef::wrap(r.parent().unwrap()).unwrap();
            assert_eq!(parent.value().name(), "sup", "{ctx}: noteref not in sup");
        }
        for links in backlinks_per_note.values() {
            for l in links {
                assert!(ids.contains(&l[1..]), "{ctx}: back-link {l} dangles");
            }
        }

        // Nothing executable, no unsafe URL.
        assert_eq!(doc.select(&sel("script")).count(), 0, "{ctx}: script");
        for el in doc
            .root_element()
            .descendants()
            .filter_map(scraper::ElementRef::wrap)
        {
            for (name, value) in el.value().attrs() {
                assert!(
                    !name.to_ascii_lowercase().starts_with("on"),
                    "{ctx}: event handler attribute {name}"
                );
                if name == "href" {
                    assert!(safe_href(value), "{ctx}: unsafe href {value}");
                }
            }
        }

        // Structure: landmarks and labelled parts.
        assert_eq!(doc.select(&sel("body > header")).count(), 1, "{ctx}");
        assert_eq!(doc.select(&sel("body > main#main")).count(), 1, "{ctx}");
        for s in doc.select(&sel("section")) {
            let label = s.value().attr("aria-labelledby").unwrap_or_else(|| {
                panic!("{ctx}: section without aria-labelledby: {:?}", s.html())
            });
            assert!(ids.contains(label), "{ctx}: label {label} missing");
            let h = s.select(&sel("h2")).next().unwrap();
            assert_eq!(h.value().id(), Some(label), "{ctx}: label is its h2");
        }
    }
}

#[test]
fn html_passes_the_nu_checker_with_no_message_at_all() {
    let jar = common::vnu_jar();
    let files: Vec<&Path> = pages().iter().map(|p| p.path.as_path()).collect();
    // One JVM for every file: the checker is slow to start.
    let out = std::process::Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--format", "json", "--exit-zero-always"])
        .args(&files)
        .output()
        .expect("run java (install it with scripts/install-validators.sh)");
    let json: serde_json::Value = serde_json::from_slice(&out.stderr)
        .or_else(|_| serde_json::from_slice(&out.stdout))
        .unwrap_or_else(|e| {
            panic!(
                "vnu gave no JSON ({e}): {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
    let messages = json["messages"].as_array().expect("messages");
    let report: Vec<String> = messages
        .iter()
        .map(|m| {
            format!(
                "{} line {}: {} {}: {}",
                m["url"].as_str().unwrap_or(""),
                m["lastLine"],
                m["type"].as_str().unwrap_or(""),
                m["subType"].as_str().unwrap_or(""),
                m["message"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert!(
        report.is_empty(),
        "vnu on {} files:\n{}",
        files.len(),
        report.join("\n")
    );
    assert!(files.len() >= 2 * 3, "checked too few files");
}

#[test]
fn html_head_and_header_carry_the_metadata() {
    let p = page("default", "html-features");
    let doc = Html::parse_document(&p.html);
    assert_eq!(attrs(&doc, "html", "lang"), ["en-GB"]);
    assert_eq!(
        texts(&doc, "title"),
        [
            "Harbour Cities and the Grain Corridor: What a Quiet Shipping Lane Tells Us About Food Security"
        ]
    );
    assert_eq!(
        attrs(&doc, "meta[name='author']", "content"),
        ["Ada Quillfeather", "Tomasz Brennig", "Ines Okonkwo-Laurent"]
    );
    let desc = attrs(&doc, "meta[name='description']", "content");
    assert!(
        desc[0].starts_with("Grain leaves three harbour cities along a single corridor."),
        "{desc:?}"
    );
    assert_eq!(
        attrs(&doc, "meta[name='keywords']", "content"),
        ["shipping, grain, ports, food security"]
    );
    assert_eq!(
        attrs(&doc, "meta[name='dcterms.date']", "content"),
        ["2023-11-07"]
    );
    assert_eq!(
        texts(&doc, "header .publisher"),
        ["Northfield Centre for Maritime Studies"]
    );
    assert_eq!(texts(&doc, "header .series"), ["Policy Note"]);
    assert_eq!(
        texts(&doc, "header .subtitle"),
        ["What a Quiet Shipping Lane Tells Us About Food Security"]
    );
    assert_eq!(
        texts(&doc, "header .byline p"),
        [
            "Ada QuillfeatherNorthfield Centre",
            "Tomasz Brennig",
            "Ines Okonkwo-Laurent"
        ]
    );
    assert_eq!(attrs(&doc, "header time", "datetime"), ["2023-11-07"]);
    assert_eq!(texts(&doc, "header time"), ["7 November 2023"]);

    // Summary, sections with the model's ids, subheadings.
    let abs = doc
        .select(&sel("main > section[role='doc-abstract']"))
        .next()
        .unwrap();
    assert_eq!(
        texts(&doc, "section[role='doc-abstract'] > h2"),
        ["Summary"]
    );
    assert!(abs.text().collect::<String>().contains("early-warning"));
    assert_eq!(
        attrs(&doc, "main > section.section > h2", "id"),
        ["sec-three-harbours-one-lane", "sec-the-register-we-propose"]
    );
    assert_eq!(
        attrs(&doc, "main h3", "id"),
        ["sec-three-harbours-one-lane-where-the-bottlenecks-are"]
    );
    assert_eq!(doc.select(&sel("main table th")).count(), 3);
    assert_eq!(attrs(&doc, "td.align-right", "class").len(), 3);
    // The image is embedded, typed by its bytes, with its alt text and caption.
    let img = doc.select(&sel("figure img")).next().unwrap();
    assert!(
        img.value()
            .attr("src")
            .unwrap()
            .starts_with("data:image/png;base64,iVBORw0KGgo")
    );
    assert_eq!(
        img.value().attr("alt"),
        Some("A bar chart of the three ports’ shares of exports")
    );
    assert_eq!(texts(&doc, "figcaption"), ["Shares of exports by port"]);

    // A note referenced twice links back twice; a multi-paragraph note ends with its link.
    let note1 = doc.select(&sel("li#fn-1")).next().unwrap();
    assert_eq!(
        note1
            .select(&sel("a[role='doc-backlink']"))
            .map(|a| a.value().attr("href").unwrap())
            .collect::<Vec<_>>(),
        ["#fnref-1", "#fnref-1-2", "#fnref-1-3"]
    );
    let last_p = doc.select(&sel("li#fn-2 > p:last-child")).next().unwrap();
    assert_eq!(last_p.select(&sel("a[role='doc-backlink']")).count(), 1);
    // A reference in a section title works too.
    assert_eq!(
        doc.select(&sel("h2#sec-three-harbours-one-lane a[role='doc-noteref']"))
            .count(),
        1
    );

    // Back matter: labelled, inside the footer.
    assert_eq!(
        texts(&doc, "footer > section > h2"),
        ["About the authors", "About the publisher", "Disclaimer"]
    );
    assert_eq!(
        texts(&doc, "footer .author-name"),
        ["Ada Quillfeather", "Tomasz Brennig"]
    );
    // A bio that continues the name reads as one sentence.
    let first_bio = texts(&doc, "footer .author-entry p")[0].clone();
    assert!(
        first_bio.starts_with("Ada Quillfeather is a senior fellow"),
        "{first_bio}"
    );
    assert_eq!(
        texts(&doc, "footer .copyright small"),
        ["© Northfield Centre for Maritime Studies 2023. Some rights reserved."]
    );
}

#[test]
fn html_without_optional_parts_has_no_empty_shells() {
    let p = page("default", "html-minimal-fr");
    let doc = Html::parse_document(&p.html);
    assert_eq!(attrs(&doc, "html", "lang"), ["fr"]);
    for absent in [
        "footer",
        "section[role='doc-abstract']",
        "section[role='doc-endnotes']",
        ".masthead-bar",
        ".byline",
        "meta[name='author']",
        "meta[name='keywords']",
    ] {
        assert!(doc.select(&sel(absent)).next().is_none(), "{absent}");
    }
    // Dates in a language whose month names are unknown stay ISO; French are known.
    assert_eq!(texts(&doc, "time"), ["15 août 2021"]);
    assert_eq!(texts(&doc, ".skip-link"), ["Aller au contenu"]);
}

#[test]
fn html_unsafe_input_is_text_and_unsafe_links_are_gone() {
    let p = page("default", "html-unsafe");
    let doc = Html::parse_document(&p.html);
    // No markup from the input survives as markup: only the writer's own elements exist.
    for tag in [
        "script",
        "iframe",
        "div:not(.masthead-bar, .title-block, .section, .table-wrap, .author-entry)",
        "span:not(.author, .bp-page)",
        "b",
        "i",
        "img",
    ] {
        assert!(doc.select(&sel(tag)).next().is_none(), "<{tag}> in output");
    }
    // No attribute anywhere holds a script or data URL (the only `src` would be data:image).
    for el in doc
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        for (name, value) in el.value().attrs() {
            let v: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            for scheme in ["javascript:", "vbscript:", "data:"] {
                assert!(
                    !(matches!(name, "href" | "src") && v.starts_with(scheme)),
                    "{name}={value}"
                );
            }
        }
    }
    for url in attrs(&doc, "[href]", "href") {
        assert!(safe_href(&url), "unsafe href {url}");
    }
    let hrefs = attrs(&doc, "main a[href]:not([role])", "href");
    assert_eq!(
        hrefs,
        [
            "https://example.org/a?b=1&c=2",
            "http://example.org/",
            "mailto:someone@example.org",
            "../other/brief.html",
            "#sec-links-that-must-not-survive",
            "?page=2",
            "https://example.org/why"
        ]
    );
    let body = doc
        .select(&sel("main"))
        .next()
        .unwrap()
        .text()
        .collect::<String>();
    // The text of dropped links stays.
    for kept in [
        "javascript link",
        "mixed-case one",
        "leading spaces and tabs",
        "an entity",
        "vbscript link",
        "data link",
        "bad link",
    ] {
        assert!(body.contains(kept), "lost text {kept}");
    }
    assert!(
        body.contains("Text with <, >, & and “quotes” and ‘apostrophes’"),
        "{body}"
    );
    // The metadata round-trips as text through the parser, escaped on the way.
    assert_eq!(
        texts(&doc, "title"),
        [
            "Escaping <Everything> & \"Quoting\" 'Safely' </title><script>alert(1)</script>: A fixture whose text tries to be code"
        ]
    );
    assert_eq!(
        texts(&doc, "h1"),
        ["Escaping <Everything> & \"Quoting\" 'Safely' </title><script>alert(1)</script>"]
    );
    assert_eq!(
        attrs(&doc, "meta[name='author']", "content"),
        ["Mallory \"><img src=x onerror=alert(1)> Example"]
    );
    assert_eq!(texts(&doc, ".series"), ["Test </style> Series"]);
    assert_eq!(doc.select(&sel("style")).count(), 1);
}

#[test]
fn html_layout_tokens_change_the_page() {
    let d = Html::parse_document(&page("default", "html-features").html);
    let s = Html::parse_document(&page("sober", "html-features").html);
    assert_eq!(
        attrs(&d, "body", "class"),
        ["summary-boxed notes-superscript masthead-band"]
    );
    assert_eq!(
        attrs(&s, "body", "class"),
        ["summary-ruled notes-full-size masthead-plain"]
    );
    // The shared style sheet styles every class each token can produce.
    let css = texts(&d, "style").concat();
    for class in [
        ".summary-boxed",
        ".summary-ruled",
        ".notes-superscript",
        ".notes-full-size",
        ".masthead-band",
        ".masthead-plain",
    ] {
        assert!(css.contains(class), "no rule for {class}");
    }
    // Colours and type come from the tokens.
    let sober_css = texts(&s, "style").concat();
    assert!(sober_css.contains("--bp-accent: #333333;"));
    assert!(css.contains("--bp-accent: #0b4f8a;"));
    assert!(css.contains("--bp-font-body: \"Libertinus Serif\""));
    assert!(sober_css.contains("--bp-font-body: \"Inter\""));
    assert!(css.contains("size: A4;") && sober_css.contains("size: letter;"));
    // Dark mode follows the reader's setting on screens; print stays light.
    assert!(css.contains("@media screen and (prefers-color-scheme: dark)"));
    assert!(css.contains("--bp-background: #121820;"));
    assert!(css.contains("@media print"));
}

/// The page with its inlined CSS replaced by a marker, for goldens that change with the
/// markup, not with every tweak of a style sheet (the CSS is checked on its own).
fn without_css(html: &str) -> String {
    let start = html.find("<style>\n").unwrap() + "<style>\n".len();
    let end = html.find("</style>").unwrap();
    format!("{}/* theme CSS */\n{}", &html[..start], &html[end..])
}

/// The page carries the theme as written on disk: the token values of `theme.toml` as custom
/// properties, ahead of the rules of `style.css` and `html.css`, which appear verbatim. The
/// expected facts are read from the theme's files and written here by hand, not computed by
/// the writer's own CSS builder.
#[test]
fn html_inlines_tokens_and_both_style_sheets() {
    let p = page("default", "islamic-state-and-russia");
    let doc = Html::parse_document(&p.html);
    let css = texts(&doc, "style").concat();
    // The embedded fonts' @font-face rules come first, then the theme's CSS.
    assert!(
        css.trim_start().starts_with("@font-face {"),
        "{}",
        &css[..200]
    );
    let dir = common::root().join("themes/default");
    let file = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    // The accent token, light and dark, as the theme file spells it.
    let toml = file("theme.toml");
    assert!(
        toml.contains("accent = \"#0b4f8a\""),
        "theme.toml changed: update this test"
    );
    assert!(
        toml.contains("accent = \"#7fb8f0\""),
        "theme.toml changed: update this test"
    );
    let accent = css
        .find("--bp-accent: #0b4f8a;")
        .expect("no light accent property");
    let dark = css
        .find("@media screen and (prefers-color-scheme: dark)")
        .expect("no dark-mode block");
    let dark_accent = css
        .find("--bp-accent: #7fb8f0;")
        .expect("no dark accent property");
    assert!(
        dark < dark_accent,
        "the dark accent is outside the dark-mode block"
    );
    // Rules from both style sheets, verbatim, after the tokens they use.
    let style_rule =
        "h2 { font-size: 1.3em; font-weight: 700; margin: 2em 0 0.6em; color: var(--bp-accent); }";
    let html_rule = ".author-box { background: none; border: 1pt solid var(--bp-rule); border-left: 3pt solid var(--bp-accent); }";
    assert!(
        file("style.css").contains(style_rule),
        "style.css changed: update this test"
    );
    assert!(
        file("html.css").contains(html_rule),
        "html.css changed: update this test"
    );
    let at_style = css.find(style_rule).expect("a style.css rule is missing");
    let at_html = css.find(html_rule).expect("an html.css rule is missing");
    assert!(
        accent < at_style && accent < at_html,
        "tokens must come before the rules"
    );
    // And each sheet whole, as the file on disk holds it.
    assert!(
        css.contains(file("style.css").trim()),
        "style.css not inlined whole"
    );
    assert!(
        css.contains(file("html.css").trim()),
        "html.css not inlined whole"
    );
}

#[test]
fn html_goldens() {
    for (theme, stem) in [
        ("default", "islamic-state-and-russia"),
        ("default", "html-features"),
        ("default", "html-unsafe"),
        ("sober", "html-features"),
    ] {
        let html = without_css(&page(theme, stem).html);
        insta::assert_snapshot!(format!("html-{theme}-{stem}"), html);
    }
}

// ---- Themes ---------------------------------------------------------------------------------

fn build_with_theme(theme: &str, input: &Path) -> (std::process::Output, Option<String>) {
    let tmp = tempfile::tempdir().unwrap();
    let out_file = tmp.path().join("out.html");
    let out = briefpress(&[
        "build",
        "-q",
        "-t",
        theme,
        "-o",
        out_file.to_str().unwrap(),
        input.to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(&out_file).ok();
    (out, html)
}

#[test]
fn themes_lists_the_built_in_themes() {
    let out = briefpress(&["themes"]);
    assert!(out.status.success());
    let s = String::from_utf8_lossy(&out.stdout);
    let names: Vec<&str> = s
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(names, ["default", "sober"]);
}

#[test]
fn theme_folder_overrides_file_by_file_and_falls_back_to_default() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("house");
    std::fs::create_dir(&dir).unwrap();
    let toml = briefpress::theme::Theme::builtin("default")
        .unwrap()
        .text("theme.toml")
        .replace("accent = \"#0b4f8a\"", "accent = \"#5a1e6e\"");
    assert!(toml.contains("#5a1e6e"));
    std::fs::write(dir.join("theme.toml"), &toml).unwrap();
    std::fs::write(
        dir.join("html.css"),
        "/* house web rules */\n.house { color: red; }\n",
    )
    .unwrap();
    let (out, html) = build_with_theme(dir.to_str().unwrap(), &fixture("html-features.md"));
    assert!(out.status.success(), "{}", common::stderr(&out));
    let html = html.unwrap();
    assert!(html.contains("--bp-accent: #5a1e6e;"), "own token");
    assert!(html.contains("/* house web rules */"), "own html.css");
    let default = briefpress::theme::Theme::builtin("default").unwrap();
    assert!(
        html.contains(default.text("style.css").trim()),
        "style.css falls back to the default theme"
    );
    assert!(
        !html.contains(default.text("html.css").trim()),
        "html.css replaced"
    );
}

#[test]
fn theme_eject_writes_a_copy_that_builds_the_same_page() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("mine");
    let out = briefpress(&["theme", "eject", "sober", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    for f in [
        "theme.toml",
        "style.css",
        "html.css",
        "epub.css",
        "template.typ",
        "cover.typ",
    ] {
        assert!(dir.join(f).is_file(), "{f} not ejected");
    }
    // The fonts go with their licences (the OFL requires it).
    for family in ["Inter", "Libertinus", "DejaVu"] {
        let licence = dir.join(format!("fonts/LICENSE-{family}.txt"));
        assert!(licence.is_file(), "{} not ejected", licence.display());
        let fonts = std::fs::read_dir(dir.join("fonts"))
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.starts_with(family) && (name.ends_with(".otf") || name.ends_with(".ttf"))
            })
            .count();
        assert!(fonts >= 4, "{family}: {fonts} font files ejected");
    }
    let toml = std::fs::read_to_string(dir.join("theme.toml")).unwrap();
    assert!(toml.contains("summary = \"ruled\""));
    let input = fixture("html-features.md");
    let (a, ejected) = build_with_theme(dir.to_str().unwrap(), &input);
    let (b, builtin) = build_with_theme("sober", &input);
    assert!(a.status.success() && b.status.success());
    assert_eq!(ejected.unwrap(), builtin.unwrap());
    // Ejecting again into a folder that is no longer empty is refused.
    let again = briefpress(&["theme", "eject", "sober", dir.to_str().unwrap()]);
    assert!(!again.status.success());
}

/// A theme folder whose theme.toml is the default's with one edit; the build must fail
/// naming the file and `expect`ed words.
fn assert_theme_error(edit: impl Fn(&str) -> String, expect: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("broken");
    std::fs::create_dir(&dir).unwrap();
    let base = briefpress::theme::Theme::builtin("default")
        .unwrap()
        .text("theme.toml")
        .to_string();
    let edited = edit(&base);
    assert_ne!(edited, base, "the edit changed nothing");
    std::fs::write(dir.join("theme.toml"), edited).unwrap();
    let (out, html) = build_with_theme(dir.to_str().unwrap(), &fixture("html-features.md"));
    let err = common::stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(html.is_none(), "nothing is written with a broken theme");
    assert!(
        err.contains(&dir.join("theme.toml").display().to_string()),
        "{err}"
    );
    for e in expect {
        assert!(err.contains(e), "expected {e:?} in: {err}");
    }
}

#[test]
fn theme_unknown_key_is_an_error_naming_key_and_file() {
    assert_theme_error(
        |t| {
            t.replace(
                "link = \"#0b4f8a\"",
                "link = \"#0b4f8a\"\nlnik = \"#000000\"",
            )
        },
        &["lnik"],
    );
}

#[test]
fn theme_bad_values_are_errors_naming_the_key() {
    assert_theme_error(
        |t| t.replace("line_height = 1.45", "line_height = 9"),
        &["fonts.line_height"],
    );
    assert_theme_error(
        |t| t.replace("muted = \"#55606e\"", "muted = \"grey\""),
        &["colors.muted", "grey"],
    );
    assert_theme_error(
        |t| t.replace("summary = \"boxed\"", "summary = \"framed\""),
        &["framed"],
    );
}

#[test]
fn theme_low_contrast_fails_with_keys_and_ratio() {
    // #8a8a8a on white is 3.45:1 — below AA.
    assert_theme_error(
        |t| t.replace("link = \"#0b4f8a\"", "link = \"#8a8a8a\""),
        &[
            "`colors.link` #8a8a8a",
            "`colors.background` #ffffff",
            "3.45:1",
            "4.5:1",
        ],
    );
    // Dark palettes are checked too.
    assert_theme_error(
        |t| t.replace("text = \"#e6ebf1\"", "text = \"#303a46\""),
        &["`colors.dark.text` #303a46", "`colors.dark.background`"],
    );
}
