//! The EPUB writer: the package unzipped and read back (metadata, navigation, notes, fonts),
//! reproducibility, and EPUBCheck over every brief with every theme.

use crate::common;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

const OPF: &str = "OEBPS/content.opf";
const THEMES: [&str; 2] = ["default", "sober"];

/// Builds `inputs` as EPUB into `dir` with `theme`; `epoch` sets SOURCE_DATE_EPOCH. With the
/// PDF's page numbers (`--page-numbers`), so EPUBCheck sees the page list and its markers.
fn build(inputs: &[PathBuf], dir: &Path, theme: &str, epoch: Option<&str>) -> Vec<PathBuf> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_briefpress"));
    cmd.current_dir(common::root())
        .args(["build", "-f", "epub", "--page-numbers", "-t", theme, "-d"])
        .arg(dir)
        .args(inputs)
        .env_remove("SOURCE_DATE_EPOCH");
    if let Some(e) = epoch {
        cmd.env("SOURCE_DATE_EPOCH", e);
    }
    let out = cmd.output().expect("run briefpress");
    assert!(
        out.status.success(),
        "briefpress build -f epub failed: {}",
        common::stderr(&out)
    );
    inputs
        .iter()
        .map(|p| {
            let stem = p.file_stem().unwrap().to_string_lossy();
            let path = dir.join(format!("{stem}.epub"));
            assert!(path.is_file(), "{} was not written", path.display());
            path
        })
        .collect()
}

fn sample_epub(dir: &Path) -> Vec<u8> {
    let path = build(&[common::sample()], dir, "default", None).remove(0);
    std::fs::read(path).unwrap()
}

/// Every entry of the archive, in order.
fn entries(epub: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(epub)).expect("the EPUB is a zip archive");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().to_string(), bytes)
        })
        .collect()
}

fn text_of(entries: &[(String, Vec<u8>)], name: &str) -> String {
    let bytes = &entries
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name} is missing"))
        .1;
    String::from_utf8(bytes.clone()).unwrap()
}

fn parse(text: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, options).expect("well-formed XML")
}

/// `(property or dc element name, text)` pairs of the OPF metadata.
fn opf_metadata(opf: &str) -> Vec<(String, String)> {
    let doc = parse(opf);
    let meta = doc
        .descendants()
        .find(|n| n.has_tag_name("metadata"))
        .unwrap();
    meta.children()
        .filter(|n| n.is_element())
        .map(|n| {
            let key = match n.attribute("property") {
                Some(p) if n.attribute("refines").is_none() => p.to_string(),
                Some(p) => format!("refines:{p}"),
                None => format!("dc:{}", n.tag_name().name()),
            };
            (key, n.text().unwrap_or("").trim().to_string())
        })
        .collect()
}

fn values<'a>(meta: &'a [(String, String)], key: &str) -> Vec<&'a str> {
    meta.iter()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .collect()
}

/// The sample's model, as the JSON writer gives it: expectations come from the model, not
/// from hard-coded strings.
fn sample_model() -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.json");
    let o = common::briefpress(&[
        "build",
        "-o",
        out.to_str().unwrap(),
        common::sample().to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap()
}

#[test]
fn epub_mimetype_first_and_stored() {
    let dir = tempfile::tempdir().unwrap();
    let epub = sample_epub(dir.path());
    let mut zip = zip::ZipArchive::new(Cursor::new(&epub)).unwrap();
    let first = zip.by_index(0).unwrap();
    assert_eq!(first.name(), "mimetype");
    assert_eq!(first.compression(), zip::CompressionMethod::Stored);
    drop(first);
    // OCF: the bytes at offset 30 spell the media type, with no extra field before it.
    assert_eq!(&epub[30..38], b"mimetype");
    assert_eq!(&epub[38..58], b"application/epub+zip");
}

#[test]
fn epub_opf_metadata_comes_from_the_model() {
    let dir = tempfile::tempdir().unwrap();
    let all = entries(&sample_epub(dir.path()));
    let opf = text_of(&all, OPF);
    let model = sample_model();
    let m = &model["meta"];
    let meta = opf_metadata(&opf);

    assert!(opf.contains("<package version=\"3.0\""), "not EPUB 3");
    assert_eq!(values(&meta, "dc:title")[0], m["title"].as_str().unwrap());
    let authors: Vec<&str> = m["authors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert!(!authors.is_empty());
    assert_eq!(values(&meta, "dc:creator"), authors);
    assert_eq!(values(&meta, "dc:language"), [m["lang"].as_str().unwrap()]);
    let date = m["date"].as_str().unwrap();
    assert_eq!(values(&meta, "dc:date"), [date]);
    assert_eq!(
        values(&meta, "dcterms:modified"),
        [format!("{date}T00:00:00Z").as_str()]
    );
    assert_eq!(
        values(&meta, "dc:publisher"),
        [m["publisher"].as_str().unwrap()]
    );
    assert!(
        opf.contains(&format!(
            "<meta id=\"bp-series\" property=\"belongs-to-collection\">{}</meta>",
            m["series"].as_str().unwrap()
        )) && opf.contains("property=\"collection-type\">series<"),
        "the series is a collection"
    );
    let description = values(&meta, "dc:description");
    assert_eq!(description.len(), 1);
    let summary_start: String = model["summary"][0]["content"][0]["text"]
        .as_str()
        .unwrap()
        .chars()
        .take(40)
        .collect();
    assert!(description[0].starts_with(&summary_start));
    let rights = values(&meta, "dc:rights");
    assert_eq!(
        rights,
        [model["copyright"][0]["text"].as_str().unwrap().trim()]
    );
    let id = values(&meta, "dc:identifier");
    assert_eq!(id.len(), 1);
    assert!(id[0].starts_with("urn:uuid:"), "{id:?}");
    assert!(
        opf.contains(&format!("id=\"epub-id-1\">{}<", id[0])),
        "the unique identifier is the dc:identifier"
    );
}

/// epub-builder gives `dc:language` and the first `dc:creator` the same id when both are
/// set (EPUBCheck: duplicate id). The sample has both.
#[test]
fn epub_opf_ids_are_unique() {
    let dir = tempfile::tempdir().unwrap();
    let all = entries(&sample_epub(dir.path()));
    let opf = text_of(&all, OPF);
    let doc = parse(&opf);
    assert!(doc.descendants().any(|n| n.has_tag_name("language")));
    assert!(doc.descendants().any(|n| n.has_tag_name("creator")));
    let mut seen = BTreeSet::new();
    for id in doc.descendants().filter_map(|n| n.attribute("id")) {
        assert!(seen.insert(id), "duplicate id `{id}` in content.opf");
    }
}

/// For every brief: the accessibility metadata describes what this book's content documents
/// hold (images and their text alternatives, tables and their header cells, notes), claims
/// conformance only when every image has a text alternative, and certifies nothing itself.
#[test]
fn epub_accessibility_claims_match_the_content() {
    let dir = tempfile::tempdir().unwrap();
    let briefs = common::all_briefs();
    let books = build(&briefs, dir.path(), "default", None);
    let mut with_tables = 0;
    let mut with_images = 0;
    for book in &books {
        let name = book.display();
        let all = entries(&std::fs::read(book).unwrap());
        let opf = text_of(&all, OPF);
        let meta = opf_metadata(&opf);
        let features = values(&meta, "schema:accessibilityFeature");
        for f in ["structuralNavigation", "tableOfContents", "readingOrder"] {
            assert!(
                features.contains(&f),
                "{name}: {f} missing from {features:?}"
            );
        }
        assert!(values(&meta, "schema:accessMode").contains(&"textual"));
        assert_eq!(values(&meta, "schema:accessibilityHazard"), ["none"]);
        assert!(
            !meta.iter().any(|(k, _)| k.starts_with("a11y:")),
            "{name}: the book certifies itself: {meta:?}"
        );
        // What the content documents hold.
        let (mut images, mut images_alt, mut cover_alt) = (0, 0, false);
        let (mut tables, mut tables_th, mut notes) = (0, 0, 0);
        for (n, b) in all
            .iter()
            .filter(|(n, _)| n.ends_with(".xhtml") && !n.ends_with("nav.xhtml"))
        {
            let text = String::from_utf8(b.clone()).unwrap();
            let doc = parse(&text);
            for e in doc.descendants().filter(|e| e.is_element()) {
                let alt = e.attribute("alt").is_some_and(|a| !a.trim().is_empty());
                match e.tag_name().name() {
                    "img" if n.ends_with("cover.xhtml") => cover_alt = alt,
                    "img" => {
                        images += 1;
                        images_alt += usize::from(alt);
                    }
                    "table" => {
                        tables += 1;
                        tables_th += usize::from(e.descendants().any(|c| c.has_tag_name("th")));
                    }
                    _ => {}
                }
                if e.attribute(("http://www.idpf.org/2007/ops", "type")) == Some("footnote") {
                    notes += 1;
                }
            }
        }
        assert!(cover_alt, "{name}: the cover has no text alternative");
        with_tables += usize::from(tables > 0);
        with_images += usize::from(images > 0);
        let summary = values(&meta, "schema:accessibilitySummary");
        assert_eq!(summary.len(), 1, "{name}");
        let summary = summary[0];
        let expect_images = match (images, images - images_alt) {
            (0, _) => "There are no other images.".to_string(),
            (1, 0) => "1 image in the text, all with text alternatives.".to_string(),
            (n, 0) => format!("{n} images in the text, all with text alternatives."),
            (n, m) => format!(
                "{n} image{} in the text; {m} without a text alternative.",
                if n == 1 { "" } else { "s" }
            ),
        };
        let expect_tables = match (tables, tables - tables_th) {
            (0, _) => "There are no tables.".to_string(),
            (1, 0) => "1 table, with header cells.".to_string(),
            (n, 0) => format!("{n} tables, with header cells."),
            (n, m) => format!(
                "{n} table{}; {m} without header cells.",
                if n == 1 { "" } else { "s" }
            ),
        };
        let expect_notes = match notes {
            0 => "There are no notes.".to_string(),
            1 => "1 note, at the end".to_string(),
            n => format!("{n} notes, at the end"),
        };
        for e in [&expect_images, &expect_tables, &expect_notes] {
            assert!(
                summary.contains(e.as_str()),
                "{name}: {e:?} not in {summary:?}"
            );
        }
        assert!(
            opf.contains("property=\"schema:accessibilitySummary\" xml:lang=\"en\"")
                || opf.contains("xml:lang=\"en\" property=\"schema:accessibilitySummary\""),
            "{name}: the summary is English and says so"
        );
        let all_alt = images == images_alt;
        assert_eq!(features.contains(&"alternativeText"), all_alt, "{name}");
        assert_eq!(
            values(&meta, "dcterms:conformsTo"),
            if all_alt {
                vec!["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
            } else {
                vec![]
            },
            "{name}"
        );
    }
    assert!(
        with_tables > 0 && with_images > 0,
        "the fixtures exercise tables and images"
    );
}

/// The package and every XHTML document (navigation included) carry the brief's language, as
/// `xml:lang` and, in XHTML, `lang`; the navigation's two `nav`s are named apart, the table
/// of contents has its `doc-toc` role.
#[test]
fn epub_language_and_navigation_names() {
    let dir = tempfile::tempdir().unwrap();
    let briefs = common::all_briefs();
    let books = build(&briefs, dir.path(), "default", None);
    let xml_lang = ("http://www.w3.org/XML/1998/namespace", "lang");
    for book in &books {
        let name = book.display();
        let all = entries(&std::fs::read(book).unwrap());
        let opf = text_of(&all, OPF);
        let lang = values(&opf_metadata(&opf), "dc:language")[0].to_string();
        assert_eq!(
            parse(&opf).root_element().attribute(xml_lang),
            Some(lang.as_str()),
            "{name}: package"
        );
        for (n, b) in all.iter().filter(|(n, _)| n.ends_with(".xhtml")) {
            let text = String::from_utf8(b.clone()).unwrap();
            let doc = parse(&text);
            let root = doc.root_element();
            assert_eq!(root.attribute(xml_lang), Some(lang.as_str()), "{name} {n}");
            assert_eq!(root.attribute("lang"), Some(lang.as_str()), "{name} {n}");
        }
        let nav = text_of(&all, "OEBPS/nav.xhtml");
        let doc = parse(&nav);
        let mut names = Vec::new();
        for n in doc.descendants().filter(|n| n.has_tag_name("nav")) {
            let by = n.attribute("aria-labelledby").expect("every nav is named");
            let label = doc
                .descendants()
                .find(|e| e.attribute("id") == Some(by))
                .unwrap_or_else(|| panic!("{name}: no element #{by}"));
            let text: String = label.descendants().filter_map(|t| t.text()).collect();
            assert!(!text.trim().is_empty(), "{name}: #{by} is empty");
            names.push(text);
            if n.attribute(("http://www.idpf.org/2007/ops", "type")) == Some("toc") {
                assert_eq!(n.attribute("role"), Some("doc-toc"), "{name}");
            }
        }
        let count = names.len();
        names.sort();
        names.dedup();
        assert!(
            count >= 2 && names.len() == count,
            "{name}: nav names {names:?}"
        );
    }
}

#[test]
fn epub_nav_has_toc_and_landmarks() {
    let dir = tempfile::tempdir().unwrap();
    let all = entries(&sample_epub(dir.path()));
    let nav = text_of(&all, "OEBPS/nav.xhtml");
    let doc = parse(&nav);
    let navs: BTreeMap<&str, roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("nav"))
        .filter_map(|n| {
            n.attribute(("http://www.idpf.org/2007/ops", "type"))
                .map(|t| (t, n))
        })
        .collect();
    let toc = navs.get("toc").expect("a toc nav");
    let toc_text: Vec<String> = toc
        .descendants()
        .filter(|n| n.has_tag_name("a"))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect();
    let model = sample_model();
    for s in model["sections"].as_array().unwrap() {
        if let Some(t) = s["title"].as_array() {
            let title: String = t.iter().filter_map(|i| i["text"].as_str()).collect();
            assert!(toc_text.contains(&title), "{title} not in {toc_text:?}");
        }
    }
    // Every entry is a heading the book shows, in the document it links to: nothing
    // synthetic (an untitled opening has no entry).
    for (_, label, href) in nav_toc(&all) {
        let file = href.split('#').next().unwrap();
        let text = text_of(&all, &format!("OEBPS/{file}"));
        let headings: Vec<String> = parse(&text)
            .descendants()
            .filter(|n| matches!(n.tag_name().name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6"))
            .map(text_content)
            .collect();
        assert!(
            headings.contains(&label),
            "{label:?} ({href}) is not a heading of {file}: {headings:?}"
        );
    }
    let landmarks: BTreeSet<&str> = navs
        .get("landmarks")
        .expect("a landmarks nav")
        .descendants()
        .filter_map(|n| n.attribute(("http://www.idpf.org/2007/ops", "type")))
        .collect();
    for l in ["titlepage", "toc", "bodymatter", "endnotes"] {
        assert!(landmarks.contains(l), "landmark {l} missing: {landmarks:?}");
    }
    assert!(all.iter().any(|(n, _)| n == "OEBPS/toc.ncx"), "NCX missing");
    // Every nav link resolves to a document in the package.
    for a in doc.descendants().filter(|n| n.has_tag_name("a")) {
        let href = a.attribute("href").unwrap();
        let file = href.split('#').next().unwrap();
        assert!(
            all.iter().any(|(n, _)| *n == format!("OEBPS/{file}")),
            "nav links to missing {href}"
        );
    }
}

/// Every note reference resolves to a note, and every note links back to every reference.
#[test]
fn epub_notes_link_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let all = entries(&sample_epub(dir.path()));
    let texts = xhtml_texts(&all);
    let docs: BTreeMap<&str, roxmltree::Document> =
        texts.iter().map(|(n, t)| (n.as_str(), parse(t))).collect();
    let epub_type = ("http://www.idpf.org/2007/ops", "type");
    let find = |href: &str| {
        let (file, id) = href.split_once('#').expect("a fragment");
        let doc = docs
            .get(file)
            .unwrap_or_else(|| panic!("{href}: no such file"));
        doc.descendants()
            .find(|n| n.attribute("id") == Some(id))
            .unwrap_or_else(|| panic!("{href}: no such id"))
    };
    let mut refs = 0;
    let mut forward: BTreeSet<(String, String)> = BTreeSet::new();
    for (file, doc) in &docs {
        for a in doc
            .descendants()
            .filter(|n| n.attribute(epub_type) == Some("noteref"))
        {
            refs += 1;
            assert_eq!(a.attribute("role"), Some("doc-noteref"));
            let href = a.attribute("href").unwrap();
            let note = find(href);
            assert_eq!(note.attribute(epub_type), Some("footnote"), "{href}");
            assert_eq!(note.attribute("role"), Some("doc-footnote"));
            let number = a.text().unwrap();
            assert_eq!(note.attribute("id"), Some(format!("fn-{number}").as_str()));
            let ref_id = a.attribute("id").expect("references have ids");
            forward.insert((format!("{file}#{ref_id}"), href.to_string()));
        }
    }
    let model = sample_model();
    let notes = model["footnotes"].as_array().unwrap().len();
    assert!(
        notes > 0 && refs >= notes,
        "{refs} references to {notes} notes"
    );
    // Back-links: from each note to every reference of it, and nothing else.
    let mut back: BTreeSet<(String, String)> = BTreeSet::new();
    let notes_doc = docs.get("notes.xhtml").expect("a notes document");
    let section = notes_doc
        .descendants()
        .find(|n| n.attribute(epub_type) == Some("endnotes"))
        .expect("an endnotes section");
    assert_eq!(section.attribute("role"), Some("doc-endnotes"));
    let mut numbers = Vec::new();
    for note in notes_doc
        .descendants()
        .filter(|n| n.attribute(epub_type) == Some("footnote"))
    {
        let id = note.attribute("id").unwrap();
        numbers.push(id.trim_start_matches("fn-").parse::<u32>().unwrap());
        let links: Vec<_> = note
            .descendants()
            .filter(|n| n.attribute("role") == Some("doc-backlink"))
            .collect();
        assert!(!links.is_empty(), "note {id} does not link back");
        for l in links {
            let href = l.attribute("href").unwrap();
            let target = find(href);
            assert_eq!(target.attribute(epub_type), Some("noteref"), "{href}");
            back.insert((href.to_string(), format!("notes.xhtml#{id}")));
        }
    }
    assert_eq!(numbers, (1..=notes as u32).collect::<Vec<_>>());
    assert_eq!(forward, back, "references and back-links differ");
}

#[test]
fn epub_xhtml_is_well_formed_and_in_the_briefs_language() {
    let dir = tempfile::tempdir().unwrap();
    let all = entries(&sample_epub(dir.path()));
    let lang = sample_model()["meta"]["lang"].as_str().unwrap().to_string();
    let mut n = 0;
    for (name, bytes) in &all {
        if name.ends_with(".xhtml") || name.ends_with(".opf") || name.ends_with(".ncx") {
            let text = String::from_utf8(bytes.clone()).unwrap();
            let doc = parse(&text);
            if name.ends_with(".xhtml") {
                n += 1;
                let root = doc.root_element();
                assert_eq!(
                    root.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
                    Some(lang.as_str()),
                    "{name}"
                );
            }
        }
    }
    assert!(n >= 5, "only {n} XHTML documents");
}

#[test]
fn epub_embeds_the_theme_faces_it_declares() {
    let dir = tempfile::tempdir().unwrap();
    let all = entries(&sample_epub(dir.path()));
    let css = text_of(&all, "OEBPS/stylesheet.css");
    let opf = text_of(&all, OPF);
    let theme = briefpress::theme::Theme::builtin("default").unwrap();
    let body = &theme.tokens.fonts.body[0];
    assert!(
        css.contains(&format!("font-family: \"{body}\";")),
        "no @font-face for {body}"
    );
    let mut faces = 0;
    for url in css.split("url(\"").skip(1) {
        let href = url.split('"').next().unwrap();
        faces += 1;
        let (_, bytes) = all
            .iter()
            .find(|(n, _)| *n == format!("OEBPS/{href}"))
            .unwrap_or_else(|| panic!("{href} declared but not in the package"));
        assert!(bytes.starts_with(b"OTTO") || bytes.starts_with(&[0, 1, 0, 0]));
        assert!(
            opf.contains(&format!("href=\"{href}\"")),
            "{href} not in manifest"
        );
    }
    assert!(faces >= 2, "{faces} faces");
    // No face is embedded that the stylesheet does not declare.
    let embedded = all.iter().filter(|(n, _)| n.contains("/fonts/")).count();
    assert_eq!(embedded, faces);
}

/// The embedded faces are subset to what the book draws: small, yet every character of the
/// text maps to a glyph of the body face (a reading system can use them).
#[test]
fn epub_fonts_are_subset_to_the_glyphs_used() {
    let dir = tempfile::tempdir().unwrap();
    let all = entries(&sample_epub(dir.path()));
    let fonts: Vec<&(String, Vec<u8>)> =
        all.iter().filter(|(n, _)| n.contains("/fonts/")).collect();
    assert!(!fonts.is_empty());
    for (name, bytes) in &fonts {
        assert!(
            bytes.len() < 100_000,
            "{name} is {} bytes: not subset",
            bytes.len()
        );
    }
    let theme = briefpress::theme::Theme::builtin("default").unwrap();
    let whole: usize = theme.fonts().map(|(_, b)| b.len()).take(2).sum();
    assert!(whole > 400_000, "the theme's own faces are large");
    // The body face covers every letter of the text.
    let body = fonts
        .iter()
        .find(|(n, _)| n.contains("libertinus-serif-400-normal"))
        .expect("the regular body face");
    let info = typst::text::FontInfo::new(&body.1, 0).expect("the subset parses as a font");
    let section = text_of(&all, "OEBPS/text.xhtml");
    let doc = parse(&section);
    let body_el = doc.descendants().find(|n| n.has_tag_name("body")).unwrap();
    let mut checked = 0;
    for node in body_el.descendants().filter(|n| n.is_text()) {
        let styled = node.ancestors().any(|a| {
            matches!(
                a.tag_name().name(),
                "h1" | "h2" | "h3" | "em" | "strong" | "sup" | "code" | "a"
            )
        });
        if styled {
            continue;
        }
        for c in node
            .text()
            .unwrap_or("")
            .chars()
            .filter(|c| c.is_alphanumeric())
        {
            assert!(
                info.coverage.contains(c as u32),
                "{c:?} has no glyph in the subset"
            );
            checked += 1;
        }
    }
    assert!(checked > 1000, "checked {checked} characters");
}

/// The book's fonts keep their OpenType layout tables (kerning in GPOS, ligatures in GSUB,
/// glyph classes in GDEF), and the body face still ligates and kerns: shaping a word of the
/// book with rustybuzz gives a ligature glyph for "fi"/"ff" where the text has one.
#[test]
fn epub_fonts_keep_kerning_and_ligatures() {
    use rustybuzz::ttf_parser::{RawFace, Tag};
    let dir = tempfile::tempdir().unwrap();
    let all = entries(&sample_epub(dir.path()));
    let fonts: Vec<&(String, Vec<u8>)> =
        all.iter().filter(|(n, _)| n.contains("/fonts/")).collect();
    assert!(fonts.len() >= 2);
    for (name, bytes) in &fonts {
        let raw = RawFace::parse(bytes, 0).unwrap_or_else(|e| panic!("{name}: {e}"));
        for tag in [b"GSUB", b"GPOS", b"GDEF", b"cmap"] {
            assert!(
                raw.table(Tag::from_bytes(tag)).is_some(),
                "{name}: no {} table",
                String::from_utf8_lossy(tag)
            );
        }
    }
    let body = fonts
        .iter()
        .find(|(n, _)| n.contains("libertinus-serif-400-normal"))
        .expect("the regular body face");
    // A word of the body text with an "fi" or "ff" in it.
    let section = text_of(&all, "OEBPS/text.xhtml");
    let word = section
        .split(|c: char| !c.is_alphabetic())
        .find(|w| w.contains("fi") || w.contains("ff"))
        .expect("a word with fi or ff in the text");
    let face = rustybuzz::Face::from_slice(&body.1, 0).unwrap();
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(word);
    let glyphs = rustybuzz::shape(&face, &[], buffer).len();
    assert!(
        glyphs < word.chars().count(),
        "{word:?}: {glyphs} glyphs, no ligature"
    );
    // And the text's letter pairs kern: some pair's first advance differs from the letter's
    // own advance (the subset kept the GPOS pairs of the glyphs it kept).
    let advance = |text: &str| {
        let mut b = rustybuzz::UnicodeBuffer::new();
        b.push_str(text);
        rustybuzz::shape(&face, &[], b).glyph_positions()[0].x_advance
    };
    let letters: Vec<char> = section.chars().collect();
    let kerned = letters
        .windows(2)
        .filter(|p| p[0].is_alphabetic() && p[1].is_alphabetic())
        .find(|p| advance(&p.iter().collect::<String>()) != advance(&p[0].to_string()));
    assert!(kerned.is_some(), "no kerned pair in the body face");
}

#[test]
fn epub_is_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    let a = sample_epub(&dir.path().join("a"));
    let b = sample_epub(&dir.path().join("b"));
    assert!(a == b, "two builds differ");

    let s1 = build(
        &[common::sample()],
        &dir.path().join("c"),
        "default",
        Some("1700000000"),
    );
    let s2 = build(
        &[common::sample()],
        &dir.path().join("d"),
        "default",
        Some("1700000000"),
    );
    let (s1, s2) = (
        std::fs::read(&s1[0]).unwrap(),
        std::fs::read(&s2[0]).unwrap(),
    );
    assert!(s1 == s2, "two builds with SOURCE_DATE_EPOCH differ");
    assert!(s1 != a, "SOURCE_DATE_EPOCH is ignored");
    let meta = opf_metadata(&text_of(&entries(&s1), OPF));
    assert_eq!(values(&meta, "dcterms:modified"), ["2023-11-14T22:13:20Z"]);
    let mut zip = zip::ZipArchive::new(Cursor::new(&s1)).unwrap();
    for i in 0..zip.len() {
        let f = zip.by_index(i).unwrap();
        let t = f.last_modified().unwrap();
        assert_eq!(
            (t.year(), t.month(), t.day(), t.hour(), t.minute()),
            (2023, 11, 14, 22, 13),
            "{}",
            f.name()
        );
    }
}

/// Decodes a PNG into (width, height, RGB bytes), alpha composited over white.
fn rgb(png_bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut dec = png::Decoder::new(Cursor::new(png_bytes));
    dec.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = dec.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let px = &buf[..info.buffer_size()];
    let over_white = |c: u8, a: u8| ((c as u32 * a as u32 + 255 * (255 - a as u32)) / 255) as u8;
    let out = match info.color_type {
        png::ColorType::Rgb => px.to_vec(),
        png::ColorType::Rgba => px
            .chunks(4)
            .flat_map(|p| [0, 1, 2].map(|i| over_white(p[i], p[3])))
            .collect(),
        png::ColorType::Grayscale => px.iter().flat_map(|&g| [g, g, g]).collect(),
        png::ColorType::GrayscaleAlpha => px
            .chunks(2)
            .flat_map(|p| [over_white(p[0], p[1]); 3])
            .collect(),
        png::ColorType::Indexed => unreachable!("EXPAND turns palettes into RGB"),
    };
    (info.width, info.height, out)
}

/// Renders one page of a PDF with poppler at `dpi`.
fn poppler_page(pdf: &Path, page: u32, dpi: f64) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("p");
    let n = page.to_string();
    let ok = Command::new("pdftoppm")
        .args([
            "-png",
            "-r",
            &format!("{dpi:.4}"),
            "-f",
            &n,
            "-l",
            &n,
            "-singlefile",
        ])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(ok.success(), "pdftoppm failed");
    std::fs::read(prefix.with_extension("png")).unwrap()
}

/// The cover is the theme's own design, not page 1 of the PDF: it has the printed page's size
/// (page 1 drawn by poppler at the cover's resolution is as many pixels), the default theme's
/// accent band at its head where page 1 is white; it is also declared, marked and described.
#[test]
fn epub_cover_is_designed_at_the_pages_size() {
    let dir = tempfile::tempdir().unwrap();
    let all = entries(&sample_epub(dir.path()));
    let opf = text_of(&all, OPF);
    assert!(
        opf.contains("properties=\"cover-image\""),
        "the cover image is declared"
    );
    let png_bytes = &all.iter().find(|(n, _)| n == "OEBPS/cover.png").unwrap().1;
    assert!(png_bytes.starts_with(b"\x89PNG"));
    let cover = rgb(png_bytes);
    // The PDF of the same brief, by the same binary and theme.
    let out = common::briefpress(&[
        "build",
        "-q",
        "-f",
        "pdf",
        "-d",
        dir.path().to_str().unwrap(),
        common::sample().to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let pdf = dir.path().join("islamic-state-and-russia.pdf");
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    let size = info
        .lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .expect("pdfinfo gives a page size");
    let width_pt: f64 = size.split_whitespace().next().unwrap().parse().unwrap();
    let dpi = f64::from(briefpress::write::epub::COVER_DPI);
    let page1 = rgb(&poppler_page(&pdf, 1, dpi));
    assert!(
        cover.0.abs_diff(page1.0) <= 1 && cover.1.abs_diff(page1.1) <= 1,
        "the cover is {}x{} px, page 1 at {dpi} dpi is {}x{}",
        cover.0,
        cover.1,
        page1.0,
        page1.1
    );
    assert_eq!(cover.0, (width_pt * dpi / 72.0).round() as u32);
    // The default theme's accent, #0b4f8a, fills the head of the cover, where page 1 is white.
    let pixel = |img: &(u32, u32, Vec<u8>), x: u32, y: u32| {
        let at = ((y * img.0 + x) * 3) as usize;
        [img.2[at], img.2[at + 1], img.2[at + 2]]
    };
    assert_eq!(pixel(&cover, 10, 10), [0x0b, 0x4f, 0x8a]);
    assert_eq!(pixel(&page1, 10, 10), [255, 255, 255]);
    let cover_doc = text_of(&all, "OEBPS/cover.xhtml");
    let doc = parse(&cover_doc);
    let img = doc.descendants().find(|n| n.has_tag_name("img")).unwrap();
    let title = sample_model()["meta"]["title"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(img.attribute("alt").unwrap_or("").contains(&title));
    let nav = text_of(&all, "OEBPS/nav.xhtml");
    assert!(nav.contains("epub:type=\"cover\""));
}

/// The widths of the title's lines on the default theme's cover: the title is drawn in the
/// page's ground colour (white) on the accent band that fills the cover's upper part; a line
/// is a run of pixel rows holding white, its width from its leftmost white pixel to its
/// rightmost.
fn cover_title_line_widths(png_bytes: &[u8]) -> Vec<u32> {
    let (w, h, px) = rgb(png_bytes);
    let white = |x: u32, y: u32| {
        let at = ((y * w + x) * 3) as usize;
        px[at] > 200 && px[at + 1] > 200 && px[at + 2] > 200
    };
    // The band: the rows whose first pixel is not white.
    let band = (0..h).take_while(|&y| !white(0, y)).count() as u32;
    let mut widths = Vec::new();
    let mut line: Option<(u32, u32)> = None;
    for y in 0..band {
        let xs: Vec<u32> = (0..w).filter(|&x| white(x, y)).collect();
        match (xs.first(), xs.last(), line) {
            (Some(&a), Some(&b), Some((l, r))) => line = Some((l.min(a), r.max(b))),
            (Some(&a), Some(&b), None) => line = Some((a, b)),
            (_, _, Some((l, r))) => {
                widths.push(r - l);
                line = None;
            }
            (_, _, None) => {}
        }
    }
    widths
}

/// Issue 27, item 5: the cover's title is balanced, as the title page's is; no line of a
/// title of several lines is a word or two under full ones. Titles written to break with a
/// short last line in the cover's column.
#[test]
fn the_covers_title_lines_are_balanced() {
    let dir = tempfile::tempdir().unwrap();
    let titles = [
        "Ports and Power Grids in a Warming World: Adapting Infrastructure Now",
        "Why Municipal Water Utilities Should Plan for Drought Before the Next Crisis",
        "The Long Road to Housing Reform in Mid-Sized European Cities",
    ];
    let mut inputs = Vec::new();
    for (i, title) in titles.iter().enumerate() {
        let md = dir.path().join(format!("t{i}.md"));
        std::fs::write(&md, format!("---\ntitle: \"{title}\"\n---\n\nText.\n")).unwrap();
        inputs.push(md);
    }
    let books = build(&inputs, &dir.path().join("out"), "default", None);
    for (book, title) in books.iter().zip(titles) {
        let all = entries(&std::fs::read(book).unwrap());
        let png = &all.iter().find(|(n, _)| n == "OEBPS/cover.png").unwrap().1;
        let widths = cover_title_line_widths(png);
        assert!(
            widths.len() >= 2,
            "{title}: {widths:?}, expected several lines"
        );
        let (shortest, longest) = (widths.iter().min().unwrap(), widths.iter().max().unwrap());
        assert!(
            f64::from(*shortest) >= 0.6 * f64::from(*longest),
            "{title}: line widths {widths:?} px"
        );
    }
}

/// EPUBCheck over every brief with every theme: 0 errors and 0 warnings. One JVM per book
/// (EPUBCheck takes one file), two at a time.
#[test]
fn epub_passes_epubcheck() {
    let jar = common::epubcheck_jar();
    let briefs = common::every_buildable();
    assert!(!briefs.is_empty());
    let dir = tempfile::tempdir().unwrap();
    let mut books = Vec::new();
    for theme in THEMES {
        books.extend(build(&briefs, &dir.path().join(theme), theme, None));
    }
    let queue = std::sync::Mutex::new(books);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                loop {
                    let Some(book) = queue.lock().unwrap().pop() else {
                        break;
                    };
                    let out = Command::new("java")
                        .arg("-jar")
                        .arg(&jar)
                        .arg(&book)
                        .output()
                        .expect("run java (install a JRE: scripts/install-validators.sh)");
                    let text = format!(
                        "{}{}",
                        String::from_utf8_lossy(&out.stdout),
                        String::from_utf8_lossy(&out.stderr)
                    );
                    if !out.status.success() || !text.contains("0 errors / 0 warnings") {
                        failures
                            .lock()
                            .unwrap()
                            .push(format!("{}:\n{text}", book.display()));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(failures.is_empty(), "EPUBCheck:\n{}", failures.join("\n"));
}

/// Writes `markdown` as `name.md` in `dir` and builds its e-book there.
fn build_markdown(dir: &Path, name: &str, markdown: &str) -> Vec<(String, Vec<u8>)> {
    let input = dir.join(format!("{name}.md"));
    std::fs::write(&input, markdown).unwrap();
    let book = build(&[input], &dir.join("out"), "default", None).remove(0);
    entries(&std::fs::read(book).unwrap())
}

/// The content documents in spine order (file names inside `OEBPS/`).
fn spine(all: &[(String, Vec<u8>)]) -> Vec<String> {
    let opf = text_of(all, OPF);
    let doc = parse(&opf);
    let href: BTreeMap<&str, &str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("item"))
        .map(|n| (n.attribute("id").unwrap(), n.attribute("href").unwrap()))
        .collect();
    doc.descendants()
        .filter(|n| n.has_tag_name("itemref"))
        .map(|n| href[n.attribute("idref").unwrap()].to_string())
        .collect()
}

/// The labels of the navigation document's table of contents, in order, with their depth
/// (1 for a top-level entry) and link.
fn nav_toc(all: &[(String, Vec<u8>)]) -> Vec<(usize, String, String)> {
    let nav = text_of(all, "OEBPS/nav.xhtml");
    let doc = parse(&nav);
    let toc = doc
        .descendants()
        .find(|n| n.attribute(("http://www.idpf.org/2007/ops", "type")) == Some("toc"))
        .expect("a toc nav");
    toc.descendants()
        .filter(|n| n.has_tag_name("a"))
        .map(|a| {
            let depth = a.ancestors().filter(|n| n.has_tag_name("ol")).count();
            let label: String = a
                .descendants()
                .filter(|t| t.is_text())
                .filter_map(|t| t.text())
                .collect();
            (depth, label, a.attribute("href").unwrap().to_string())
        })
        .collect()
}

/// An element's text, all its descendants' together.
fn text_content(n: roxmltree::Node) -> String {
    n.descendants()
        .filter(|t| t.is_text())
        .filter_map(|t| t.text())
        .collect()
}

/// The package's XHTML documents by their path inside `OEBPS/`, as text.
fn xhtml_texts(all: &[(String, Vec<u8>)]) -> BTreeMap<String, String> {
    all.iter()
        .filter(|(n, _)| n.ends_with(".xhtml"))
        .map(|(n, b)| {
            (
                n.trim_start_matches("OEBPS/").to_string(),
                String::from_utf8(b.clone()).unwrap(),
            )
        })
        .collect()
}

/// Every link and note reference in the content documents and the navigation resolves to an
/// element of the package, across documents or within one.
fn assert_links_resolve(all: &[(String, Vec<u8>)]) {
    let texts = xhtml_texts(all);
    let docs: BTreeMap<&str, roxmltree::Document> =
        texts.iter().map(|(n, t)| (n.as_str(), parse(t))).collect();
    let mut checked = 0;
    for (file, doc) in &docs {
        for a in doc.descendants().filter(|n| n.has_tag_name("a")) {
            let Some(href) = a.attribute("href") else {
                continue;
            };
            if href.starts_with("http") || href.starts_with("mailto:") {
                continue;
            }
            let (target, id) = match href.split_once('#') {
                Some(("", id)) => (*file, Some(id)),
                Some((f, id)) => (f, Some(id)),
                None => (href, None),
            };
            let target_doc = docs
                .get(target)
                .unwrap_or_else(|| panic!("{file}: {href} points to no document"));
            if let Some(id) = id {
                assert!(
                    target_doc
                        .descendants()
                        .any(|n| n.attribute("id") == Some(id)),
                    "{file}: {href} points to no element"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 0);
}

/// Filler text of `words` words, in paragraphs of 60.
fn filler(words: usize) -> String {
    let vocabulary = [
        "policy", "budget", "reform", "council", "evidence", "region", "market", "public",
        "service", "growth", "option", "risk",
    ];
    let mut out = String::new();
    for i in 0..words {
        out.push_str(vocabulary[i % vocabulary.len()]);
        out.push_str(if i % 60 == 59 { "\n\n" } else { " " });
    }
    out.push('\n');
    out
}

/// A brief without headings gets no contents page: it would list nothing (Calibre showed an
/// empty "Contents" page). The navigation document is still there for reading systems, and
/// the book still passes EPUBCheck in the validator test.
#[test]
fn epub_of_a_brief_without_headings_has_no_empty_contents_page() {
    let dir = tempfile::tempdir().unwrap();
    let all = build_markdown(
        dir.path(),
        "plain",
        "---\ntitle: Harbour Dues\n---\n\nDues fell at every port but one.\n\nAnother paragraph.\n",
    );
    assert_eq!(spine(&all), ["cover.xhtml", "title.xhtml", "text.xhtml"]);
    assert!(all.iter().all(|(n, _)| n != "OEBPS/contents.xhtml"));
    assert!(all.iter().any(|(n, _)| n == "OEBPS/nav.xhtml"));
}

/// A brief of a few hundred words is one body document — summary, untitled opening and every
/// section in it — and its table of contents lists the headings it has, no synthetic
/// "Introduction" for the untitled opening; notes and cross-references still resolve.
#[test]
fn epub_short_brief_is_one_body_document() {
    let dir = tempfile::tempdir().unwrap();
    let markdown = format!(
        "---\ntitle: Water for Small Towns\nauthors:\n  - Ada Lind\ndate: 2025-03-01\nlang: en\nsummary: |\n  Small towns pay more for water. {summary}\n---\n\nSmall utilities serve most towns.[^a] {open}\n\n## Why Costs Rise\n\n{why}See [the options](#sec-three-options).[^b]\n\n### Ageing Pipes\n\n{pipes}\n\n## Three Options\n\n{options}Back to [the costs](#sec-why-costs-rise).[^a]\n\n## Conclusion\n\n{end}\n\n[^a]: A survey of utilities.\n[^b]: See the appendix.\n",
        summary = filler(40),
        open = filler(60),
        why = filler(80),
        pipes = filler(50),
        options = filler(80),
        end = filler(40),
    );
    let all = build_markdown(dir.path(), "short", &markdown);
    assert_eq!(
        spine(&all),
        [
            "cover.xhtml",
            "title.xhtml",
            "contents.xhtml",
            "text.xhtml",
            "notes.xhtml"
        ]
    );
    let xhtml: Vec<&str> = all
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| n.ends_with(".xhtml"))
        .collect();
    assert_eq!(xhtml.len(), 6, "{xhtml:?}");
    let text = text_of(&all, "OEBPS/text.xhtml");
    let doc = parse(&text);
    let h2: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("h2"))
        .map(text_content)
        .collect();
    assert_eq!(
        h2,
        ["Summary", "Why Costs Rise", "Three Options", "Conclusion"]
    );
    assert!(text.contains("Small utilities serve most towns."));
    let toc: Vec<(usize, String)> = nav_toc(&all).into_iter().map(|(d, l, _)| (d, l)).collect();
    let expected = [
        (1, "Water for Small Towns"),
        (1, "Summary"),
        (1, "Why Costs Rise"),
        (2, "Ageing Pipes"),
        (1, "Three Options"),
        (1, "Conclusion"),
        (1, "Notes"),
    ];
    assert_eq!(
        toc,
        expected.map(|(d, l)| (d, l.to_string())),
        "the table of contents lists the brief's headings"
    );
    let nav = text_of(&all, "OEBPS/nav.xhtml");
    assert!(!nav.contains("Introduction"), "{nav}");
    // The NCX lists the same entries.
    let ncx = text_of(&all, "OEBPS/toc.ncx");
    let ncx_labels: Vec<String> = parse(&ncx)
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .skip(1) // the document's title
        .map(|n| n.text().unwrap_or("").to_string())
        .collect();
    assert_eq!(ncx_labels, expected.map(|(_, l)| l.to_string()));
    // Cross-references point into the one document, references and back-links resolve.
    assert!(
        text.contains("href=\"text.xhtml#sec-three-options\""),
        "{text}"
    );
    assert!(text.contains("href=\"notes.xhtml#fn-1\""));
    let notes = text_of(&all, "OEBPS/notes.xhtml");
    assert!(notes.contains("href=\"text.xhtml#fnref-"), "{notes}");
    assert_links_resolve(&all);
    // The landmarks still mark the cover, title page, contents, text and notes.
    let landmarks: BTreeMap<String, String> = parse(&nav)
        .descendants()
        .filter_map(|a| {
            let t = a.attribute(("http://www.idpf.org/2007/ops", "type"))?;
            Some((t.to_string(), a.attribute("href")?.to_string()))
        })
        .filter(|(t, _)| t != "toc" && t != "landmarks")
        .collect();
    assert_eq!(landmarks["cover"], "cover.xhtml");
    assert_eq!(landmarks["titlepage"], "title.xhtml");
    assert_eq!(landmarks["bodymatter"], "text.xhtml");
    assert_eq!(landmarks["endnotes"], "notes.xhtml");
}

/// A brief longer than the threshold is split at its top-level sections: one document each for
/// the summary, the untitled opening and every `##` section, with links, note references and
/// back-links resolving across them, and no table-of-contents entry for the untitled opening.
#[test]
fn epub_long_brief_is_split_at_top_level_sections() {
    let section_words = briefpress::write::epub::SPLIT_ABOVE_WORDS / 3;
    let dir = tempfile::tempdir().unwrap();
    let markdown = format!(
        "---\ntitle: A Long Report\nauthors:\n  - Ada Lind\nlang: en\nsummary: |\n  The report in short.\n---\n\nThe opening, before any heading.[^a]\n\n## First Part\n\n{one}See [the third part](#sec-third-part).\n\n### A Detail\n\n{two}\n\n## Second Part\n\n{three}[^b]\n\n## Third Part\n\n{four}Back to [the first part](#sec-first-part).[^a]\n\n[^a]: A source.\n[^b]: Another source.\n",
        one = filler(section_words / 2),
        two = filler(section_words / 2),
        three = filler(section_words),
        four = filler(section_words),
    );
    let all = build_markdown(dir.path(), "long", &markdown);
    assert_eq!(
        spine(&all),
        [
            "cover.xhtml",
            "title.xhtml",
            "contents.xhtml",
            "summary.xhtml",
            "section-1.xhtml",
            "section-2.xhtml",
            "section-3.xhtml",
            "section-4.xhtml",
            "notes.xhtml"
        ]
    );
    let h2_of = |file: &str| -> Vec<String> {
        let text = text_of(&all, &format!("OEBPS/{file}"));
        parse(&text)
            .descendants()
            .filter(|n| n.has_tag_name("h2"))
            .map(|n| {
                n.descendants()
                    .filter(|t| t.is_text())
                    .filter_map(|t| t.text())
                    .collect()
            })
            .collect()
    };
    assert_eq!(h2_of("section-1.xhtml"), Vec::<String>::new());
    assert_eq!(h2_of("section-2.xhtml"), ["First Part"]);
    assert_eq!(h2_of("section-3.xhtml"), ["Second Part"]);
    assert_eq!(h2_of("section-4.xhtml"), ["Third Part"]);
    let toc = nav_toc(&all);
    let labels: Vec<(usize, &str, &str)> = toc
        .iter()
        .map(|(d, l, h)| (*d, l.as_str(), h.as_str()))
        .collect();
    assert_eq!(
        labels,
        [
            (1, "A Long Report", "title.xhtml"),
            (1, "Summary", "summary.xhtml#bp-summary"),
            (1, "First Part", "section-2.xhtml#sec-first-part"),
            (2, "A Detail", "section-2.xhtml#sec-first-part-a-detail"),
            (1, "Second Part", "section-3.xhtml#sec-second-part"),
            (1, "Third Part", "section-4.xhtml#sec-third-part"),
            (1, "Notes", "notes.xhtml"),
        ]
    );
    let first = text_of(&all, "OEBPS/section-2.xhtml");
    assert!(first.contains("href=\"section-4.xhtml#sec-third-part\""));
    let last = text_of(&all, "OEBPS/section-4.xhtml");
    assert!(last.contains("href=\"section-2.xhtml#sec-first-part\""));
    // Note 1 is referred to from the opening and the last part: it links back to both.
    let notes = text_of(&all, "OEBPS/notes.xhtml");
    assert!(
        notes.contains("href=\"section-1.xhtml#fnref-1\""),
        "{notes}"
    );
    assert!(notes.contains("href=\"section-4.xhtml#fnref-"), "{notes}");
    assert_links_resolve(&all);
}
