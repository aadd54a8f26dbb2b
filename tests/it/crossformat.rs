//! The three outputs of every brief tell the same story: PDF, EPUB and HTML agree with the
//! model, and so with each other, on title, authors, date, language and the number of notes
//! (metadata), and a reader sees the same title page, date, labels and back matter in each
//! (visible text: the PDF through `pdftotext`, the EPUB and the HTML through their DOM).

use crate::common::{self, briefpress, stderr};
use std::io::Read;
use std::path::Path;
use std::process::Command;

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What one output says about the brief.
#[derive(Debug, PartialEq)]
struct Facts {
    title: String,
    authors: Vec<String>,
    date: Option<String>,
    lang: String,
    notes: usize,
}

fn html_facts(path: &Path) -> Facts {
    use scraper::{Html, Selector};
    let doc = Html::parse_document(&std::fs::read_to_string(path).unwrap());
    let sel = |s: &str| Selector::parse(s).unwrap();
    let meta = |name: &str| -> Vec<String> {
        doc.select(&sel(&format!("meta[name=\"{name}\"]")))
            .filter_map(|e| e.value().attr("content").map(str::to_string))
            .collect()
    };
    Facts {
        title: squash(
            &doc.select(&sel("h1"))
                .next()
                .unwrap()
                .text()
                .collect::<String>(),
        ),
        authors: meta("author"),
        date: meta("dcterms.date").into_iter().next(),
        lang: doc
            .select(&sel("html"))
            .next()
            .unwrap()
            .value()
            .attr("lang")
            .unwrap()
            .to_string(),
        notes: doc.select(&sel("[role=doc-endnotes] li[id^=fn-]")).count(),
    }
}

fn epub_facts(path: &Path) -> Facts {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut read = |name: &str| -> Option<String> {
        let mut f = zip.by_name(name).ok()?;
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        Some(s)
    };
    let opf = read("OEBPS/content.opf").unwrap();
    let notes = read("OEBPS/notes.xhtml").unwrap_or_default();
    let xml = roxmltree::Document::parse(&opf).unwrap();
    let dc = |name: &str| -> Vec<String> {
        xml.descendants()
            .filter(|n| {
                n.tag_name().name() == name
                    && n.tag_name().namespace() == Some("http://purl.org/dc/elements/1.1/")
            })
            .filter(|n| n.attribute("id") != Some("bp-subtitle"))
            .map(|n| n.text().unwrap_or("").to_string())
            .collect()
    };
    Facts {
        title: squash(&dc("title")[0]),
        authors: dc("creator"),
        date: dc("date").into_iter().next(),
        lang: dc("language")[0].clone(),
        notes: notes.matches(" id=\"fn-").count(),
    }
}

fn pdf_facts(path: &Path) -> Facts {
    let meta = Command::new("pdfinfo")
        .arg("-meta")
        .arg(path)
        .output()
        .unwrap();
    let meta = String::from_utf8_lossy(&meta.stdout).into_owned();
    let packet = &meta[meta.find("<x:xmpmeta").unwrap()..meta.find("</x:xmpmeta>").unwrap() + 12];
    let xml = roxmltree::Document::parse(packet).unwrap();
    let items = |name: &str| -> Vec<String> {
        xml.descendants()
            .filter(|n| n.tag_name().name() == name)
            .flat_map(|n| n.descendants().filter(|d| d.tag_name().name() == "li"))
            .map(|n| unescape(n.text().unwrap_or("")))
            .collect()
    };
    let created = xml
        .descendants()
        .find(|n| n.tag_name().name() == "CreateDate")
        .and_then(|n| n.text())
        .map(|t| t[..10].to_string());
    // Notes are tagged as /Note structure elements (Typst's tagged PDF).
    let dir = tempfile::tempdir().unwrap();
    let qdf = dir.path().join("q.pdf");
    let ok = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(path)
        .arg(&qdf)
        .status()
        .unwrap();
    assert!(
        ok.success() || ok.code() == Some(3),
        "qpdf failed on {}",
        path.display()
    );
    let raw = std::fs::read(&qdf).unwrap();
    let notes = raw
        .windows(9)
        .filter(|w| *w == b"/S /Note\n" || *w == b"/S /Note ")
        .count()
        + raw.windows(8).filter(|w| *w == b"/S/Note/").count();
    Facts {
        title: squash(&items("title")[0]),
        authors: items("creator"),
        // No date in the brief: the PDF must not invent one (no 1970, no build clock).
        date: created,
        lang: items("language")[0].clone(),
        notes,
    }
}

#[test]
fn pdf_epub_and_html_agree_with_the_model() {
    let briefs = common::all_briefs();
    let out = tempfile::tempdir().unwrap();
    let mut args = vec!["build", "-q", "-j", "2", "-d", out.path().to_str().unwrap()];
    let inputs: Vec<String> = briefs
        .iter()
        .map(|b| b.to_str().unwrap().to_string())
        .collect();
    args.extend(inputs.iter().map(String::as_str));
    let o = briefpress(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for brief in &briefs {
        let bytes = std::fs::read(brief).unwrap();
        let doc = briefpress::parse(&bytes, &Default::default())
            .document
            .unwrap();
        let m = &doc.meta;
        let model = Facts {
            title: squash(&m.title),
            authors: m.authors.iter().map(|a| a.name.clone()).collect(),
            date: m.date.clone(),
            lang: m.lang.clone(),
            notes: doc.footnotes.len(),
        };
        let stem = brief.file_stem().unwrap().to_string_lossy();
        let file = |ext: &str| out.path().join(format!("{stem}.{ext}"));
        assert_eq!(html_facts(&file("html")), model, "{stem}: HTML");
        assert_eq!(epub_facts(&file("epub")), model, "{stem}: EPUB");
        // Typst writes the authors into the PDF's metadata as one comma-separated entry.
        let mut pdf = pdf_facts(&file("pdf"));
        pdf.authors = vec![pdf.authors.join(", ")];
        let pdf_model = Facts {
            authors: vec![model.authors.join(", ")],
            ..model
        };
        assert_eq!(pdf, pdf_model, "{stem}: PDF");
    }
}

// ---- What a reader sees ---------------------------------------------------------------------

/// Month names by language, written here by hand (not the crate's label table).
fn months(lang: &str) -> Option<[&'static str; 12]> {
    let primary = lang.split('-').next().unwrap_or(lang);
    Some(match primary {
        "en" => [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        "fr" => [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ],
        "es" => [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ],
        "de" => [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ],
        _ => return None,
    })
}

/// The date as a reader of `lang` expects it, from the source's ISO date, by hand.
fn visible_date(iso: &str, lang: &str) -> String {
    let mut parts = iso.trim().splitn(3, '-');
    let (y, m, d) = (
        parts.next().unwrap(),
        parts.next().unwrap().parse::<usize>().unwrap(),
        parts.next().unwrap().parse::<u32>().unwrap(),
    );
    let names = months(lang).unwrap_or_else(|| panic!("no month names for {lang}: add them"));
    let month = names[m - 1];
    match lang.split('-').next().unwrap() {
        "en" | "fr" => format!("{d} {month} {y}"),
        "es" => format!("{d} de {month} de {y}"),
        "de" => format!("{d}. {month} {y}"),
        other => panic!("no date pattern for {other}"),
    }
}

/// Does `text` show something that reads as a date: an ISO date, or a month name (of any
/// language above) next to a four-digit year?
fn shows_a_date(text: &str) -> bool {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == '.')
        .filter(|w| !w.is_empty())
        .collect();
    let year = |w: &str| w.len() == 4 && w.chars().all(|c| c.is_ascii_digit());
    let iso = words.iter().any(|w| {
        let b = w.as_bytes();
        b.len() >= 10 && year(&w[..4]) && b[4] == b'-' && b[7] == b'-'
    });
    let all: Vec<&str> = ["en", "fr", "es", "de"]
        .iter()
        .flat_map(|l| months(l).unwrap())
        .collect();
    let named = words.iter().enumerate().any(|(i, w)| {
        all.iter().any(|m| m.eq_ignore_ascii_case(w))
            && words[i + 1..].iter().take(2).any(|n| year(n))
    });
    iso || named
}

/// Text compared across formats: whitespace squashed, typographic apostrophes and quotes as
/// ASCII (Typst makes quotes smart; the DOM keeps what the source had).
fn norm(s: &str) -> String {
    squash(s)
        .replace(['\u{2019}', '\u{2018}'], "'")
        .replace(['\u{201c}', '\u{201d}'], "\"")
}

/// Text as a key that survives line breaks and hyphenation in `pdftotext`: no whitespace, no
/// hyphens, lower case.
fn key(s: &str) -> String {
    norm(s)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{ad}' | '\u{2010}' | '\u{2011}'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// What a reader sees of one output.
#[derive(Debug, PartialEq)]
struct Visible {
    title: String,
    authors: Vec<String>,
    date: Option<String>,
    /// The headings of the fixed parts, in reading order: Summary, About…, Disclaimer.
    labels: Vec<String>,
    /// The heading of the endnotes (the PDF has footnotes instead, with no heading).
    notes_label: Option<String>,
    /// Every paragraph of the back matter.
    back: Vec<String>,
    /// The whole title page (or title block) as text.
    title_page: String,
}

fn dom_texts(doc: &scraper::Html, selector: &str) -> Vec<String> {
    doc.select(&scraper::Selector::parse(selector).unwrap())
        .map(|e| norm(&e.text().collect::<String>()))
        .filter(|t| !t.is_empty())
        .collect()
}

fn html_visible(path: &Path) -> Visible {
    let doc = scraper::Html::parse_document(&std::fs::read_to_string(path).unwrap());
    let one = |s: &str| dom_texts(&doc, s).into_iter().next();
    let mut labels = dom_texts(&doc, "main .summary > h2");
    labels.extend(dom_texts(&doc, "footer.back-matter h2"));
    Visible {
        title: one("header h1").unwrap_or_default(),
        authors: dom_texts(&doc, "header .author"),
        date: one("header time"),
        labels,
        notes_label: one("[role=doc-endnotes] > h2"),
        back: dom_texts(&doc, "footer.back-matter p"),
        title_page: one("header").unwrap_or_default(),
    }
}

fn epub_visible(path: &Path) -> Visible {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut dom = |name: &str| -> scraper::Html {
        let mut s = String::new();
        if let Ok(mut f) = zip.by_name(&format!("OEBPS/{name}")) {
            f.read_to_string(&mut s).unwrap();
        }
        scraper::Html::parse_document(&s)
    };
    // The summary is in the body text's one document, or its own when the text is split.
    let (title, text, summary, notes, about) = (
        dom("title.xhtml"),
        dom("text.xhtml"),
        dom("summary.xhtml"),
        dom("notes.xhtml"),
        dom("about.xhtml"),
    );
    let mut labels = dom_texts(&text, ".bp-summary > h2");
    labels.extend(dom_texts(&summary, ".bp-summary > h2"));
    labels.extend(dom_texts(&about, "h2"));
    let one = |d: &scraper::Html, s: &str| dom_texts(d, s).into_iter().next();
    Visible {
        title: one(&title, "h1").unwrap_or_default(),
        authors: dom_texts(&title, ".bp-author"),
        date: one(&title, "time"),
        labels,
        notes_label: one(&notes, "h2"),
        back: dom_texts(&about, "p"),
        title_page: one(&title, "body").unwrap_or_default(),
    }
}

fn pdftotext(pdf: &Path, first_page_only: bool) -> String {
    let mut cmd = Command::new("pdftotext");
    if first_page_only {
        cmd.args(["-f", "1", "-l", "1"]);
    }
    let o = cmd.arg(pdf).arg("-").output().unwrap();
    assert!(o.status.success(), "pdftotext failed on {}", pdf.display());
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Builds PDF, EPUB, HTML and the model's JSON of every brief into one temporary folder.
fn build_all_formats(briefs: &[std::path::PathBuf]) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec![
        "build",
        "-q",
        "-j",
        "2",
        "-f",
        "pdf,epub,html,json",
        "-d",
        out.path().to_str().unwrap(),
    ];
    let inputs: Vec<String> = briefs
        .iter()
        .map(|b| b.to_str().unwrap().to_string())
        .collect();
    args.extend(inputs.iter().map(String::as_str));
    let o = briefpress(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    out
}

/// The three outputs of every fixture show the same title page (title, authors, date in the
/// brief's language), the same labels (as the brief wrote them) and the same back matter.
#[test]
fn a_reader_sees_the_same_words_in_pdf_epub_and_html() {
    let briefs = common::every_buildable();
    let out = build_all_formats(&briefs);
    let mut failures = Vec::new();
    for brief in &briefs {
        let stem = brief.file_stem().unwrap().to_string_lossy().into_owned();
        let file = |ext: &str| out.path().join(format!("{stem}.{ext}"));
        let model: serde_json::Value =
            serde_json::from_slice(&std::fs::read(file("json")).unwrap()).unwrap();
        let lang = model["meta"]["lang"].as_str().unwrap().to_string();
        let html = html_visible(&file("html"));
        let epub = epub_visible(&file("epub"));
        let page1 = pdftotext(&file("pdf"), true);
        let whole = pdftotext(&file("pdf"), false);
        let mut check = |ok: bool, what: String| {
            if !ok {
                failures.push(format!("{stem}: {what}"));
            }
        };
        // The date, from the source's ISO date with the month table above.
        match model["meta"]["date"].as_str() {
            Some(iso) => {
                let want = visible_date(iso, &lang);
                check(
                    html.date.as_deref() == Some(want.as_str()),
                    format!("HTML date {:?}, want {want:?}", html.date),
                );
                check(
                    epub.date.as_deref() == Some(want.as_str()),
                    format!("EPUB date {:?}, want {want:?}", epub.date),
                );
                check(
                    squash(&page1).contains(&want),
                    format!("PDF page 1 lacks the date {want:?}"),
                );
            }
            None => {
                check(
                    html.date.is_none() && !shows_a_date(&html.title_page),
                    format!(
                        "HTML shows a date for a dateless brief: {:?}",
                        html.title_page
                    ),
                );
                check(
                    epub.date.is_none() && !shows_a_date(&epub.title_page),
                    format!(
                        "EPUB shows a date for a dateless brief: {:?}",
                        epub.title_page
                    ),
                );
                check(
                    !shows_a_date(&page1),
                    "PDF page 1 shows a date for a dateless brief".into(),
                );
            }
        }
        // The title page: the EPUB and the HTML agree; the PDF shows the same words.
        check(
            html.title == epub.title,
            format!("title: HTML {:?} vs EPUB {:?}", html.title, epub.title),
        );
        check(
            html.title == norm(model["meta"]["title"].as_str().unwrap()),
            format!("HTML title {:?} is not the brief's", html.title),
        );
        // Word by word: pdftotext reorders right-to-left runs and drops glyphs no font has
        // (emoji, private use); every word with a letter or digit must be there.
        for w in html.title.split_whitespace() {
            let w: String = w
                .chars()
                .filter(|c| !matches!(c, ',' | ':' | ';'))
                .collect();
            if w.chars().any(char::is_alphanumeric) {
                check(
                    key(&page1).contains(&key(&w)),
                    format!("PDF page 1 lacks the title word {w:?}"),
                );
            }
        }
        let names: Vec<String> = model["meta"]["authors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| norm(a["name"].as_str().unwrap()))
            .collect();
        check(
            html.authors == names,
            format!("HTML authors {:?}, want {names:?}", html.authors),
        );
        check(
            epub.authors == names,
            format!("EPUB authors {:?}, want {names:?}", epub.authors),
        );
        for n in &names {
            check(
                key(&page1).contains(&key(n)),
                format!("PDF page 1 lacks the author {n:?}"),
            );
        }
        // The labels: the same in the EPUB and the HTML, and each a line of the PDF, as written
        // (case included).
        check(
            html.labels == epub.labels,
            format!("labels: HTML {:?} vs EPUB {:?}", html.labels, epub.labels),
        );
        check(
            html.notes_label == epub.notes_label,
            format!(
                "notes heading: HTML {:?} vs EPUB {:?}",
                html.notes_label, epub.notes_label
            ),
        );
        let lines: Vec<String> = whole.lines().map(norm).collect();
        for l in &html.labels {
            check(lines.contains(l), format!("PDF has no heading line {l:?}"));
        }
        // The back matter: the same text in the EPUB and the HTML (paragraphing aside), and
        // every paragraph of it in the PDF.
        check(
            key(&html.back.concat()) == key(&epub.back.concat()),
            format!("back matter: HTML {:?} vs EPUB {:?}", html.back, epub.back),
        );
        let pdf_key = key(&whole);
        for p in &html.back {
            check(
                pdf_key.contains(&key(p)),
                format!("PDF lacks the back-matter text {p:?}"),
            );
        }
    }
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Fixed parts keep the headings the brief gave them ("About the Authors", "Key Points"), in
/// all three outputs: the model's `part_headings` is the ground truth.
#[test]
fn fixed_part_headings_appear_as_the_brief_wrote_them() {
    let briefs = common::all_briefs();
    let out = build_all_formats(&briefs);
    let mut failures = Vec::new();
    let mut seen = 0;
    for brief in &briefs {
        let stem = brief.file_stem().unwrap().to_string_lossy().into_owned();
        let file = |ext: &str| out.path().join(format!("{stem}.{ext}"));
        let model: serde_json::Value =
            serde_json::from_slice(&std::fs::read(file("json")).unwrap()).unwrap();
        let Some(written) = model["part_headings"].as_object() else {
            continue;
        };
        let html = html_visible(&file("html"));
        let epub = epub_visible(&file("epub"));
        let lines: Vec<String> = pdftotext(&file("pdf"), false).lines().map(norm).collect();
        for (part, h) in written {
            seen += 1;
            let h = norm(h.as_str().unwrap());
            if !html.labels.contains(&h) {
                failures.push(format!(
                    "{stem}: HTML does not show the {part} heading {h:?}: {:?}",
                    html.labels
                ));
            }
            if !epub.labels.contains(&h) {
                failures.push(format!(
                    "{stem}: EPUB does not show the {part} heading {h:?}: {:?}",
                    epub.labels
                ));
            }
            if !lines.contains(&h) {
                failures.push(format!("{stem}: PDF has no heading line {h:?}"));
            }
        }
    }
    assert!(
        seen > 10,
        "too few briefs with headings of their own: the fixtures changed"
    );
    assert!(
        failures.is_empty(),
        "{} headings not as written:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_date_table_and_the_date_detector_are_right() {
    assert_eq!(visible_date("2024-05-29", "en"), "29 May 2024");
    assert_eq!(visible_date("2025-04-07", "fr"), "7 avril 2025");
    assert_eq!(visible_date("2023-05-05", "es"), "5 de mayo de 2023");
    assert_eq!(visible_date("2024-03-03", "de-DE"), "3. März 2024");
    assert!(shows_a_date("Policy Brief 29 May 2024"));
    assert!(shows_a_date("7 avril, 2025"));
    assert!(shows_a_date("issued 2024-05-29"));
    assert!(!shows_a_date("Outlook 2030: May the rains come"));
    assert!(!shows_a_date("A title with no date"));
}

/// Issue 27: a Chinese brief gets no English words from the writers. Its date, the names
/// joined, and the headings the writers add (summary, notes) are Chinese
/// in all three formats, in the script its tag asks for: simplified for `zh`, traditional for
/// `zh-TW`. The expected words are written here by hand.
#[test]
fn a_chinese_brief_gets_chinese_labels_and_dates_in_every_format() {
    let cases = [("zh", "注释", "摘要"), ("zh-TW", "註釋", "摘要")];
    for (lang, notes, summary) in cases {
        let dir = tempfile::tempdir().unwrap();
        let md = dir.path().join("brief.md");
        std::fs::write(
            &md,
            format!(
                "---\ntitle: 港口与贸易\nlang: {lang}\ndate: 2024-03-01\n\
                 authors: [王伟, 李娜]\nsummary: 本文讨论港口的发展。\n\
                 ---\n\n港口吞吐量增长了百分之十二。[^1]\n\n## 结论\n\n港口建设需要长期规划。\n\n\
                 [^1]: 数据来自港口管理局。\n"
            ),
        )
        .unwrap();
        let out = briefpress(&[
            "build",
            "-q",
            "-f",
            "pdf,epub,html",
            "-d",
            dir.path().to_str().unwrap(),
            md.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{lang}: {}", stderr(&out));
        let pdf = squash(&pdftotext(&dir.path().join("brief.pdf"), false)).replace(' ', "");
        let body_text = |markup: &str| {
            let doc = scraper::Html::parse_document(markup);
            let body = scraper::Selector::parse("body").unwrap();
            doc.select(&body).flat_map(|b| b.text()).collect::<String>()
        };
        let html = body_text(&std::fs::read_to_string(dir.path().join("brief.html")).unwrap());
        let mut zip =
            zip::ZipArchive::new(std::fs::File::open(dir.path().join("brief.epub")).unwrap())
                .unwrap();
        let mut epub = String::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).unwrap();
            if f.name().ends_with(".xhtml") {
                let mut doc = String::new();
                f.read_to_string(&mut doc).unwrap();
                epub.push_str(&body_text(&doc));
            }
        }
        // The PDF sets its notes at the foot of the page, without a heading.
        for (format, text, labels) in [
            ("PDF", &pdf, vec![summary]),
            ("HTML", &html, vec![summary, notes]),
            ("EPUB", &epub, vec![summary, notes]),
        ] {
            for want in ["2024年3月1日", "王伟和李娜"].into_iter().chain(labels) {
                assert!(text.contains(want), "{lang} {format}: no {want:?}");
            }
            for english in ["March", "Notes", "Summary", " and "] {
                assert!(!text.contains(english), "{lang} {format}: {english:?}");
            }
        }
    }
}
