//! The three outputs of every brief tell the same story: PDF, EPUB and HTML agree with the
//! model, and so with each other, on title, authors, date, language and the number of notes.

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

fn pdf_facts(path: &Path, has_date: bool) -> Facts {
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
        date: if has_date { created } else { None },
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
        let mut pdf = pdf_facts(&file("pdf"), m.date.is_some());
        pdf.authors = vec![pdf.authors.join(", ")];
        let pdf_model = Facts {
            authors: vec![model.authors.join(", ")],
            ..model
        };
        assert_eq!(pdf, pdf_model, "{stem}: PDF");
    }
}
