//! The PDF writer, checked on the real PDFs with poppler (pdfinfo, pdffonts, pdftotext): page
//! size, metadata, embedded fonts, every note and sentence in the text, reproducibility,
//! PDF/UA and PDF/A export, and that Typst syntax in any input field comes out as text.

use crate::common;
use briefpress::model::{Block, Document, Inline, blocks_plain_text, plain_text};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs briefpress with `SOURCE_DATE_EPOCH` unset (or set to `epoch`).
fn run(args: &[&str], epoch: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_briefpress"));
    cmd.args(args).current_dir(common::root());
    match epoch {
        Some(e) => cmd.env("SOURCE_DATE_EPOCH", e),
        None => cmd.env_remove("SOURCE_DATE_EPOCH"),
    };
    cmd.output().expect("run briefpress")
}

/// Builds `input` to a PDF in a fresh folder; returns the folder (kept alive) and the path.
fn build_pdf(input: &Path, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec![
        "build",
        "-f",
        "pdf",
        "-d",
        dir.path().to_str().unwrap(),
        input.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let out = run(&args, None);
    assert!(
        out.status.success(),
        "building {} failed:\n{}",
        input.display(),
        common::stderr(&out)
    );
    let stem = input.file_stem().unwrap().to_str().unwrap();
    let pdf = dir.path().join(format!("{stem}.pdf"));
    assert!(pdf.is_file(), "no PDF written for {}", input.display());
    (dir, pdf)
}

fn tool(name: &str, args: &[&str]) -> String {
    common::require_tool(name);
    let out = Command::new(name).args(args).output().expect(name);
    assert!(
        out.status.success(),
        "{name} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pdftotext(pdf: &Path) -> String {
    tool("pdftotext", &["-enc", "UTF-8", pdf.to_str().unwrap(), "-"])
}

/// The PDF's text with every run of white space as one space.
fn pdf_words(pdf: &Path) -> String {
    pdftotext(pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The value of a `Key: value` line of pdfinfo.
fn pdfinfo(pdf: &Path, key: &str) -> String {
    let info = tool("pdfinfo", &["-enc", "UTF-8", pdf.to_str().unwrap()]);
    info.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}:")))
        .map(|v| v.trim().to_string())
        .unwrap_or_default()
}

/// A link annotation as qpdf reads it: its page (from 1), its rectangle's top, where it goes
/// (a page and a height, or a URI) and its text for screen readers (`/Contents`).
#[derive(Debug, Clone, PartialEq)]
struct LinkAnnotation {
    page: usize,
    top: f64,
    to: Result<(usize, f64), String>,
    alt: String,
}

/// Every link annotation of `pdf`, page by page (qpdf's JSON of the objects).
fn link_annotations(pdf: &Path) -> Vec<LinkAnnotation> {
    let json = tool(
        "qpdf",
        &["--json", "--json-key=qpdf", pdf.to_str().unwrap()],
    );
    let json: serde_json::Value = serde_json::from_str(&json).expect("qpdf's JSON");
    let objects = &json["qpdf"][1];
    // A reference ("12 0 R") is looked up; anything else is the value itself.
    let get = |v: &serde_json::Value| -> serde_json::Value {
        match v.as_str() {
            Some(r) if r.ends_with(" R") => objects[format!("obj:{r}")]["value"].clone(),
            _ => v.clone(),
        }
    };
    fn leaves(
        node: &serde_json::Value,
        get: &dyn Fn(&serde_json::Value) -> serde_json::Value,
        out: &mut Vec<String>,
    ) {
        for kid in node["/Kids"].as_array().into_iter().flatten() {
            let k = get(kid);
            if k["/Type"] == "/Pages" {
                leaves(&k, get, out);
            } else {
                out.push(kid.as_str().unwrap_or_default().to_string());
            }
        }
    }
    let root = get(&objects["trailer"]["value"]["/Root"]);
    let mut pages = Vec::new();
    leaves(&get(&root["/Pages"]), &get, &mut pages);
    let number = |r: &serde_json::Value| pages.iter().position(|p| r == p).map(|i| i + 1);
    let text = |v: &serde_json::Value| {
        let s = v.as_str().unwrap_or_default();
        s.strip_prefix("u:").unwrap_or(s).to_string()
    };
    let mut out = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let page = get(&serde_json::Value::String(page.clone()));
        for annot in page["/Annots"].as_array().into_iter().flatten() {
            let a = get(annot);
            if a["/Subtype"] != "/Link" {
                continue;
            }
            let action = get(&a["/A"]);
            let dest = match get(&a["/Dest"]) {
                serde_json::Value::Null if action["/S"] == "/GoTo" => get(&action["/D"]),
                d => d,
            };
            let to = match dest.as_array() {
                Some(d) => Ok((
                    number(&d[0]).expect("a destination on a page of the PDF"),
                    d.get(3).and_then(serde_json::Value::as_f64).unwrap_or(0.0),
                )),
                None => Err(text(&action["/URI"])),
            };
            out.push(LinkAnnotation {
                page: i + 1,
                top: a["/Rect"][3].as_f64().unwrap_or(0.0),
                to,
                alt: text(&a["/Contents"]),
            });
        }
    }
    out
}

/// Asserts every font is embedded (and that there are fonts at all).
fn assert_fonts_embedded(pdf: &Path) {
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(!rows.is_empty(), "{}: no fonts listed", pdf.display());
    for row in rows {
        // Columns from the right: object ID (2), uni, sub, emb.
        let cols: Vec<&str> = row.split_whitespace().collect();
        let emb = cols[cols.len() - 5];
        assert_eq!(emb, "yes", "{}: font not embedded: {row}", pdf.display());
    }
}

/// Text compared the way a reader sees it: no whitespace or line-end hyphenation, no
/// invisible break opportunities, quotation marks of any style as ASCII.
fn norm(s: &str) -> String {
    let s = s.replace("-\n", "");
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{200B}' | '\u{00AD}' | '\u{2060}'))
        // Colour emoji are drawn as bitmap glyphs, which text extraction does not return.
        .filter(|c| !matches!(*c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0xFE0F | 0xFFFD))
        .map(|c| match c {
            '“' | '”' | '„' | '«' | '»' => '"',
            '‘' | '’' | '‚' | '‹' | '›' => '\'',
            c => c,
        })
        .collect()
}

fn assert_contains(haystack_norm: &str, needle: &str, what: &str, pdf: &Path) {
    let n = norm(needle);
    if n.is_empty() {
        return;
    }
    // Line-end hyphenation can also split a genuine hyphen: accept either form.
    let alt = n.replace('-', "");
    assert!(
        haystack_norm.contains(&n) || haystack_norm.replace('-', "").contains(&alt),
        "{}: {what} {needle:?} not found in the extracted text",
        pdf.display()
    );
}

fn is_rtl_letter(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF)
}

fn letters_sorted(w: &str) -> Vec<char> {
    let mut v: Vec<char> = w.chars().filter(|c| c.is_alphanumeric()).collect();
    v.sort_unstable();
    v
}

/// Every word of `note` appears in the extracted text with the same letters.
fn assert_rtl_words(raw: &str, note: &str, pdf: &Path) {
    let words: Vec<Vec<char>> = raw.split_whitespace().map(letters_sorted).collect();
    for w in note.split_whitespace() {
        let want = letters_sorted(w);
        if want.is_empty() {
            continue;
        }
        assert!(
            words
                .iter()
                .any(|h| h.ends_with(&want) || h.starts_with(&want) || *h == want),
            "{}: word {w:?} not found in the extracted text",
            pdf.display()
        );
    }
}

fn parse(path: &Path) -> Document {
    let bytes = std::fs::read(path).unwrap();
    briefpress::parse(&bytes, &Default::default())
        .document
        .unwrap_or_else(|| panic!("{} does not parse", path.display()))
}

/// Every note's text, cut where a note cites another note (the PDF prints that citation's
/// number there, which the model's plain text leaves out).
fn note_texts(doc: &Document) -> Vec<String> {
    fn inl(inlines: &[briefpress::model::Inline], cur: &mut String, out: &mut Vec<String>) {
        use briefpress::model::Inline;
        for i in inlines {
            match i {
                Inline::Text { text } | Inline::Code { text } => cur.push_str(text),
                Inline::Emph { content }
                | Inline::Strong { content }
                | Inline::Strikeout { content }
                | Inline::Superscript { content }
                | Inline::Subscript { content }
                | Inline::Link { content, .. } => inl(content, cur, out),
                Inline::FootnoteRef { .. } => out.push(std::mem::take(cur)),
                Inline::LineBreak => cur.push(' '),
                Inline::PageStart { .. } => {}
            }
        }
    }
    let mut out = Vec::new();
    for n in &doc.footnotes {
        let mut cur = String::new();
        for b in &n.blocks {
            match b {
                briefpress::model::Block::Paragraph { content, .. } => {
                    inl(content, &mut cur, &mut out)
                }
                other => cur.push_str(&blocks_plain_text(std::slice::from_ref(other))),
            }
            cur.push('\n');
        }
        out.push(cur);
    }
    out.retain(|s| !s.trim().is_empty());
    out
}

#[test]
fn sample_pdf_smoke() {
    let sample = common::sample();
    let doc = parse(&sample);
    let (_dir, pdf) = build_pdf(&sample, &[]);
    assert!(
        pdfinfo(&pdf, "Page size").contains("(A4)"),
        "sample is not A4: {}",
        pdfinfo(&pdf, "Page size")
    );
    assert_eq!(pdfinfo(&pdf, "Title"), doc.meta.title);
    let author = pdfinfo(&pdf, "Author");
    for a in &doc.meta.authors {
        assert!(
            author.contains(&a.name),
            "author {} missing: {author}",
            a.name
        );
    }
    let subject = pdfinfo(&pdf, "Subject");
    assert!(
        !doc.summary_text().is_empty() && norm(&subject) == norm(&doc.summary_text()),
        "the PDF's subject is not the summary: {subject}"
    );
    assert_eq!(pdfinfo(&pdf, "Tagged"), "yes");
    assert_fonts_embedded(&pdf);
    let text = pdftotext(&pdf);
    let t = norm(&text);
    assert!(!text.contains("<sup>"), "raw <sup> in the PDF text");
    let notes = note_texts(&doc);
    assert!(notes.len() >= 10, "the sample has its notes");
    for note in &notes {
        assert_contains(&t, note, "note", &pdf);
    }
    for sentence in [
        "Since its formation, the group has coined the term",
        "because of Afghanistan, the North Caucasus and Syria",
        "has tried to mobilise more individuals",
    ] {
        assert_contains(&t, sentence, "rejoined sentence", &pdf);
    }
    // The date is printed for humans.
    assert!(
        text.contains("29 May 2024"),
        "the human date is missing from page 1"
    );
    // A running header from page 2: the series appears again on later pages.
    let pages: Vec<&str> = text.split('\u{c}').collect();
    assert!(pages.len() >= 3, "the sample has several pages");
    let series = doc.meta.series.clone().expect("the sample has a series");
    assert!(
        pages[1].contains(&series),
        "no running header with the series on page 2"
    );
}

#[test]
fn every_brief_builds_with_both_themes() {
    let briefs = common::every_buildable();
    assert!(!briefs.is_empty());
    for (theme, size) in [("default", "(A4)"), ("sober", "(letter)")] {
        for brief in &briefs {
            let doc = parse(brief);
            let (_dir, pdf) = build_pdf(brief, &["-t", theme]);
            let page = pdfinfo(&pdf, "Page size");
            assert!(page.contains(size), "{}: {theme}: {page}", brief.display());
            let title = pdfinfo(&pdf, "Title");
            assert!(!title.is_empty(), "{}: no title", brief.display());
            if !doc.meta.title.trim().is_empty() {
                assert_eq!(norm(&title), norm(&doc.meta.title), "{}", brief.display());
            }
            assert_fonts_embedded(&pdf);
            let raw = pdftotext(&pdf);
            let t = norm(&raw);
            for note in note_texts(&doc) {
                if note.chars().any(is_rtl_letter) {
                    // Text extraction puts right-to-left ligatures (lam-alef) back in visual
                    // order: check that every word's letters are there.
                    assert_rtl_words(&raw, &note, &pdf);
                } else if note.len() > 1000 {
                    // A note that long runs onto the next page, with the running header
                    // between its halves in the extracted text: check it word by word.
                    for word in note.split_whitespace() {
                        if word.chars().count() > 100 {
                            // Too long even for one page: its two ends.
                            let chars: Vec<char> = word.chars().collect();
                            let head: String = chars[..40].iter().collect();
                            let tail: String = chars[chars.len() - 40..].iter().collect();
                            assert_contains(&t, &head, "long word start", &pdf);
                            assert_contains(&t, &tail, "long word end", &pdf);
                        } else {
                            assert_contains(&t, word, "note word", &pdf);
                        }
                    }
                } else {
                    assert_contains(&t, &note, "note", &pdf);
                }
            }
        }
    }
}

#[test]
fn sober_theme_differs() {
    let sample = common::sample();
    let (_a, default) = build_pdf(&sample, &[]);
    let (_b, sober) = build_pdf(&sample, &["-t", "sober"]);
    assert!(pdfinfo(&sober, "Page size").contains("(letter)"));
    let fonts = tool("pdffonts", &[sober.to_str().unwrap()]);
    assert!(!fonts.contains("Libertinus"), "sober is all Inter: {fonts}");
    let fonts = tool("pdffonts", &[default.to_str().unwrap()]);
    assert!(fonts.contains("Libertinus") && fonts.contains("Inter"));
    // Full-size note numbers in brackets.
    let text = pdftotext(&sober);
    assert!(text.contains("[1]"), "sober prints note numbers full size");
}

#[test]
fn builds_are_byte_identical() {
    let sample = common::sample();
    let (_a, one) = build_pdf(&sample, &[]);
    let (_b, two) = build_pdf(&sample, &[]);
    assert!(
        std::fs::read(&one).unwrap() == std::fs::read(&two).unwrap(),
        "two builds of the sample differ"
    );
    assert!(pdfinfo(&one, "CreationDate").contains("2024"));

    // SOURCE_DATE_EPOCH wins over the document date.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let args = ["build", "-f", "pdf", "-d", d, sample.to_str().unwrap()];
    assert!(run(&args, Some("1000000000")).status.success());
    let pdf = dir.path().join("islamic-state-and-russia.pdf");
    let first = std::fs::read(&pdf).unwrap();
    assert!(
        pdfinfo(&pdf, "CreationDate").contains("2001"),
        "SOURCE_DATE_EPOCH=1000000000 is in 2001: {}",
        pdfinfo(&pdf, "CreationDate")
    );
    assert!(run(&args, Some("1000000000")).status.success());
    assert!(std::fs::read(&pdf).unwrap() == first);
}

/// The adversarial fixtures of this writer whose name starts with `prefix`.
fn typst_fixtures(prefix: &str) -> Vec<PathBuf> {
    common::fixtures("adversarial")
        .into_iter()
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .collect()
}

fn injection_fixtures() -> Vec<PathBuf> {
    let v = typst_fixtures("typst-injection");
    assert!(v.len() >= 2, "the typst-injection fixtures are missing");
    v
}

/// Every text run of the model, in any field.
fn all_texts(doc: &Document) -> Vec<(String, String)> {
    fn inl(xs: &[Inline], what: &str, out: &mut Vec<(String, String)>) {
        for x in xs {
            match x {
                Inline::Text { text } | Inline::Code { text } => {
                    out.push((what.to_string(), text.clone()))
                }
                Inline::Emph { content }
                | Inline::Strong { content }
                | Inline::Strikeout { content }
                | Inline::Superscript { content }
                | Inline::Subscript { content }
                | Inline::Link { content, .. } => inl(content, what, out),
                Inline::FootnoteRef { .. } | Inline::LineBreak | Inline::PageStart { .. } => {}
            }
        }
    }
    fn blk(xs: &[Block], what: &str, out: &mut Vec<(String, String)>) {
        for b in xs {
            match b {
                Block::Paragraph { content, .. } | Block::Heading { content, .. } => {
                    inl(content, what, out)
                }
                Block::List { items, .. } => items.iter().for_each(|i| blk(i, what, out)),
                Block::Quote { blocks } => blk(blocks, what, out),
                Block::Code { text, .. } => out.push((what.into(), text.clone())),
                Block::Table { header, rows, .. } => {
                    for c in header.iter().chain(rows.iter().flatten()) {
                        inl(c, "table cell", out)
                    }
                }
                Block::Image { alt, .. } => out.push(("alt text".into(), alt.clone())),
                Block::Rule | Block::PageBreak { .. } => {}
            }
        }
    }
    let mut out = Vec::new();
    let m = &doc.meta;
    out.push(("title".into(), m.title.clone()));
    for (what, v) in [
        ("subtitle", &m.subtitle),
        ("series", &m.series),
        ("publisher", &m.publisher),
    ] {
        if let Some(v) = v {
            out.push((what.into(), v.clone()));
        }
    }
    for a in &m.authors {
        out.push(("author".into(), a.name.clone()));
        if let Some(af) = &a.affiliation {
            out.push(("affiliation".into(), af.clone()));
        }
    }
    blk(&doc.summary, "summary", &mut out);
    for s in &doc.sections {
        if let Some(t) = &s.title {
            out.push(("heading".into(), plain_text(t)));
        }
        blk(&s.blocks, "body", &mut out);
    }
    for n in &doc.footnotes {
        blk(&n.blocks, "note", &mut out);
    }
    for a in &doc.author_box {
        out.push(("author box".into(), a.name.clone()));
        blk(&a.bio, "bio", &mut out);
    }
    blk(&doc.about_publisher, "about", &mut out);
    blk(&doc.disclaimer, "disclaimer", &mut out);
    if let Some(c) = &doc.copyright {
        inl(c, "copyright", &mut out);
    }
    out
}

#[test]
fn typst_syntax_in_every_field_comes_out_literally() {
    for fixture in injection_fixtures() {
        let doc = parse(&fixture);
        let (_dir, pdf) = build_pdf(&fixture, &[]);
        // In reading order and in layout order: code-like text offers few line breaks (none
        // after `{` or around quotes), so a justified line may spread wide enough for
        // poppler's reading order to take its words for columns, while the layout order
        // interleaves the masthead's two columns. Each field is whole in one of them.
        let text = pdftotext(&pdf)
            + "\n"
            + &tool(
                "pdftotext",
                &["-layout", "-enc", "UTF-8", pdf.to_str().unwrap(), "-"],
            );
        assert!(
            !text.contains("root:x:0:0")
                && !text.contains("/bin/bash")
                && !text.contains("nologin"),
            "{}: file content leaked into the PDF",
            fixture.display()
        );
        let t = norm(&text);
        let texts = all_texts(&doc);
        assert!(
            texts.iter().any(|(_, s)| s.contains("#read(")),
            "{}: the fixture lost its Typst syntax in the reader",
            fixture.display()
        );
        for (what, s) in texts {
            assert_contains(&t, &s, &what, &pdf);
        }
        let keywords = pdfinfo(&pdf, "Keywords");
        for k in &doc.meta.keywords {
            assert!(
                keywords.contains(k.as_str()),
                "keyword {k:?} not in {keywords:?}"
            );
        }
        assert_eq!(norm(&pdfinfo(&pdf, "Title")), norm(&doc.meta.title));
    }
}

#[test]
fn pdf_standards_work_for_every_brief() {
    let mut inputs = common::every_buildable();
    let ours = typst_fixtures("typst-");
    assert!(ours.len() >= 3, "the typst-* fixtures are missing");
    inputs.extend(ours);
    for standard in ["ua-1", "a-2b", "a-2a,ua-1"] {
        let dir = tempfile::tempdir().unwrap();
        let mut args = vec![
            "build",
            "-f",
            "pdf",
            "--pdf-standard",
            standard,
            "-d",
            dir.path().to_str().unwrap(),
        ];
        args.extend(inputs.iter().map(|p| p.to_str().unwrap()));
        let out = run(&args, None);
        assert!(
            out.status.success(),
            "--pdf-standard {standard} failed:\n{}",
            common::stderr(&out)
        );
        for input in &inputs {
            let stem = input.file_stem().unwrap().to_str().unwrap();
            assert!(dir.path().join(format!("{stem}.pdf")).is_file());
        }
    }
}

/// An unknown standard is refused for what it is: the input exists, so the only fault is the
/// standard; the diagnostic must name it, and nothing is written.
#[test]
fn unknown_pdf_standard_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let input = common::root().join("tests/fixtures/authored/heat-resilient-cities.md");
    assert!(
        input.is_file(),
        "the input must exist for this case to mean anything"
    );
    let out = run(
        &[
            "build",
            "-f",
            "pdf",
            "--pdf-standard",
            "z-9",
            "-d",
            dir.path().to_str().unwrap(),
            input.to_str().unwrap(),
        ],
        None,
    );
    assert!(!out.status.success(), "--pdf-standard z-9 was accepted");
    let err = common::stderr(&out);
    assert!(
        err.contains("--pdf-standard") && err.contains("z-9"),
        "the diagnostic does not name the bad standard: {err}"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "output was written despite the bad standard"
    );
}

/// A theme folder holding only `template.typ` (everything else falls back to the default).
fn theme_with_template(template: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let theme = dir.path().join("broken");
    std::fs::create_dir(&theme).unwrap();
    std::fs::write(theme.join("template.typ"), template).unwrap();
    dir
}

/// The sample built as a PDF with the theme folder `theme` into `out`.
fn build_sample_with_theme(theme: &Path, out: &Path) -> Output {
    run(
        &[
            "build",
            "-f",
            "pdf",
            "-t",
            theme.to_str().unwrap(),
            "-d",
            out.to_str().unwrap(),
            common::sample().to_str().unwrap(),
        ],
        None,
    )
}

#[test]
fn template_errors_point_at_the_template() {
    let dir = theme_with_template(
        "// a theme with a bug\n#let brief(data) = {\n  let x = data.doc.meta.title\n  x + 1\n}\n",
    );
    let theme = dir.path().join("broken");
    let out_dir = dir.path().join("out");
    let out = build_sample_with_theme(&theme, &out_dir);
    assert!(!out.status.success());
    let err = common::stderr(&out);
    let expected = format!("{}:4:3: error:", theme.join("template.typ").display());
    assert!(err.contains(&expected), "expected `{expected}` in:\n{err}");
    assert!(!out_dir.join("islamic-state-and-russia.pdf").exists());
}

/// The template is a module briefpress imports `brief` from: one that lacks it, or whose
/// `brief` is no function, is the theme's error, named as such, not a bug of briefpress.
#[test]
fn a_template_without_brief_is_the_themes_error() {
    for template in ["#let brif(data) = []\n", "#let brief = 3\n"] {
        let dir = theme_with_template(template);
        let theme = dir.path().join("broken");
        let out = build_sample_with_theme(&theme, &dir.path().join("out"));
        assert!(!out.status.success(), "{template} built");
        let err = common::stderr(&out);
        let expected = format!("{}:1:1: error:", theme.join("template.typ").display());
        assert!(err.contains(&expected), "expected `{expected}` in:\n{err}");
        assert!(err.contains("must define `brief`"), "{err}");
        assert!(!err.contains("bug in briefpress"), "{err}");
    }
}

#[test]
fn templates_cannot_import_packages_or_read_files() {
    for (template, needle) in [
        (
            "#import \"@preview/example:0.1.0\": *\n#let brief(data) = []\n",
            "package",
        ),
        ("#let brief(data) = read(\"/etc/passwd\")\n", "not found"),
    ] {
        let dir = theme_with_template(template);
        let theme = dir.path().join("broken");
        let out = build_sample_with_theme(&theme, &dir.path().join("out"));
        assert!(!out.status.success(), "{template} built");
        let err = common::stderr(&out);
        assert!(err.contains("template.typ:1:"), "{err}");
        assert!(err.to_lowercase().contains(needle), "{err}");
    }
}

#[test]
fn font_path_is_accepted() {
    let fonts = common::root().join("themes/default/fonts");
    let (_dir, pdf) = build_pdf(&common::sample(), &["--font-path", fonts.to_str().unwrap()]);
    assert_fonts_embedded(&pdf);
}

#[test]
fn typst_source_and_data_goldens() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        &[
            "build",
            "-f",
            "typ",
            "-d",
            dir.path().to_str().unwrap(),
            common::sample().to_str().unwrap(),
        ],
        None,
    );
    assert!(out.status.success(), "{}", common::stderr(&out));
    let typ = std::fs::read_to_string(dir.path().join("islamic-state-and-russia.typ")).unwrap();
    let data =
        std::fs::read_to_string(dir.path().join("islamic-state-and-russia.data.json")).unwrap();
    let template =
        std::fs::read_to_string(common::root().join("themes/default/template.typ")).unwrap();
    assert!(
        typ.starts_with(&template),
        "the .typ is the template plus the call"
    );
    assert_eq!(
        typ[template.len()..].trim(),
        "#brief(json(\"islamic-state-and-russia.data.json\"))"
    );
    let value: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert!(value["doc"]["meta"]["title"].is_string());
    assert_eq!(value["theme"]["page"]["paper"], "a4");
    // With `-o`, the source reads the data file written beside it.
    let custom = dir.path().join("custom.typ");
    let out = run(
        &[
            "build",
            "-o",
            custom.to_str().unwrap(),
            common::sample().to_str().unwrap(),
        ],
        None,
    );
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert!(dir.path().join("custom.data.json").is_file());
    assert!(
        std::fs::read_to_string(&custom)
            .unwrap()
            .trim_end()
            .ends_with("#brief(json(\"custom.data.json\"))")
    );
    insta::assert_snapshot!("pdf_sample_typ", typ);
    insta::assert_snapshot!("pdf_sample_data_json", data);
}

#[test]
fn cover_png_renders_page_one() {
    let doc = parse(&common::sample());
    let theme = briefpress::theme::Theme::builtin("default").unwrap();
    let layout =
        briefpress::write::pdf::lay_out(&doc, &theme, &Default::default(), &Default::default())
            .unwrap();
    let png = briefpress::write::pdf::render_cover_png(&layout, 72.0).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    // IHDR: width and height, big-endian, at bytes 16..24; A4 at 72 dpi is 595 x 842.
    let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!((w, h), (595, 842));
}

#[test]
fn characters_no_font_shows_are_replaced() {
    let fixture = typst_fixtures("typst-unshowable")
        .pop()
        .expect("the typst-unshowable-chars fixture");
    let (_dir, pdf) = build_pdf(&fixture, &["--pdf-standard", "a-2a,ua-1"]);
    let text = pdftotext(&pdf);
    assert!(
        !text
            .chars()
            .any(|c| matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..)),
        "private-use characters reached the PDF"
    );
    assert!(!text.contains('\u{1}') && !text.contains('\u{7}'));
    // What fonts can show is kept.
    for kept in ["Emoji", "combining", "Zed Writer", "31 January 2024"] {
        assert!(text.contains(kept), "{kept:?} missing from {text}");
    }
    assert!(
        text.contains('\u{FFFD}'),
        "unshowable characters are marked"
    );
}

#[test]
fn images_with_and_without_alt_text_pass_ua1() {
    // A real PNG (a rendered cover) and a broken one beside a brief.
    let doc = parse(&common::sample());
    let theme = briefpress::theme::Theme::builtin("default").unwrap();
    let layout =
        briefpress::write::pdf::lay_out(&doc, &theme, &Default::default(), &Default::default())
            .unwrap();
    let png = briefpress::write::pdf::render_cover_png(&layout, 10.0).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("figure.png"), &png).unwrap();
    std::fs::write(
        dir.path().join("broken.png"),
        b"\x89PNG\r\n\x1a\nnot really",
    )
    .unwrap();
    let brief = dir.path().join("pictures.md");
    std::fs::write(
        &brief,
        "---\ntitle: Pictures\nlang: en\n---\n\nText.\n\n![A described figure](figure.png \"The caption\")\n\n![](figure.png)\n\n![Broken #read(\"/etc/passwd\")](broken.png)\n",
    )
    .unwrap();
    let (_out, pdf) = build_pdf(&brief, &["--pdf-standard", "ua-1"]);
    let images = tool("pdfimages", &["-list", pdf.to_str().unwrap()]);
    assert!(
        images.lines().count() >= 3,
        "the figure is in the PDF:\n{images}"
    );
    let text = pdftotext(&pdf);
    assert!(text.contains("The caption"), "{text}");
    // The broken image is left out; its alt text stands in for it.
    assert!(text.contains("Broken #read"), "{text}");
}

/// A note cited twice is printed once, at its first citation; the second citation shows the
/// same number and refers back to it.
#[test]
fn a_note_cited_twice_is_printed_once() {
    let brief = common::root().join("tests/fixtures/authored/html-features.md");
    let doc = parse(&brief);
    // The fixture cites its first note twice in the body.
    let note = blocks_plain_text(&doc.footnotes[0].blocks);
    let (_dir, pdf) = build_pdf(&brief, &[]);
    let text = norm(&pdftotext(&pdf));
    assert_eq!(
        text.matches(&norm(&note)).count(),
        1,
        "{note:?} printed once"
    );
    assert!(
        text.contains(&norm("its absence costs a great deal.1")),
        "the repeat keeps number 1"
    );
}

/// `write_all` shares one layout between the PDF and the EPUB's cover, and one font subset
/// between the EPUB and the HTML page, and runs the formats in parallel: the results come in
/// the order asked, byte for byte what each writer gives alone, but for the EPUB and the page,
/// which are byte for byte what the two give when built together with the PDF (whose layout
/// gives them page numbers).
#[test]
fn write_all_gives_each_writers_bytes_in_the_order_asked() {
    use briefpress::write::{Format, Options, Resources, write, write_all};
    let doc = parse(&common::sample());
    let theme = briefpress::theme::Theme::builtin("default").unwrap();
    let opts = Options {
        stem: "sample".into(),
        ..Default::default()
    };
    let res = Resources::default();
    let order = [
        Format::Html,
        Format::Epub,
        Format::Typ,
        Format::Pdf,
        Format::Json,
    ];
    let all = write_all(&order, &doc, &theme, &opts, &res).unwrap();
    assert_eq!(all.len(), order.len());
    for (format, written) in order.iter().zip(&all) {
        assert_eq!(
            written.artifacts[0].suffix,
            format!(".{}", format.extension())
        );
        let alone = match format {
            Format::Html | Format::Epub => {
                let together = [Format::Epub, Format::Html, Format::Pdf];
                let both = write_all(&together, &doc, &theme, &opts, &res).unwrap();
                both[together.iter().position(|f| f == format).unwrap()].clone()
            }
            Format::Pdf | Format::Typ | Format::Json => {
                write(*format, &doc, &theme, &opts, &res).unwrap()
            }
        };
        assert!(
            written.artifacts == alone.artifacts,
            "{format}: write_all and write differ"
        );
    }
}

/// Each note's mark and the note's number link to each other, as qpdf reads the PDF: the mark
/// to the page and height where the note is printed, the number back to the mark's line, and
/// both are named for screen readers in the brief's language (PDF/UA asks for a name). The
/// sample prints its notes 1 to 16, each cited once; the French brief its two, as "Note".
#[test]
fn note_marks_and_notes_link_to_each_other() {
    let french = common::root().join("tests/fixtures/authored/securite-alimentaire-fr.md");
    for (input, notes, name) in [(common::sample(), 16, "Footnote"), (french, 2, "Note")] {
        let (_dir, pdf) = build_pdf(&input, &[]);
        let links = link_annotations(&pdf);
        for n in 1..=notes {
            let alt = format!("{name} {n}");
            let pair: Vec<&LinkAnnotation> = links.iter().filter(|l| l.alt == alt).collect();
            assert_eq!(pair.len(), 2, "{alt}: a mark and a note: {pair:?}");
            // The mark comes first in reading order: on an earlier page, or higher up.
            let (mark, note) = (pair[0], pair[1]);
            let (to_note, to_mark) = (mark.to.clone().unwrap(), note.to.clone().unwrap());
            assert_eq!(
                to_note.0, note.page,
                "{alt}: the mark goes to the note's page"
            );
            assert_eq!(
                to_mark.0, mark.page,
                "{alt}: the note goes back to the mark's page"
            );
            // A destination is the top of the line it leads to (a line is under 20 pt).
            assert!(
                (to_note.1 - note.top).abs() < 20.0,
                "{alt}: {mark:?} → {note:?}"
            );
            assert!(
                (to_mark.1 - mark.top).abs() < 20.0,
                "{alt}: {note:?} → {mark:?}"
            );
        }
        let named = links.iter().filter(|l| l.alt.starts_with(name)).count();
        assert_eq!(named, 2 * notes, "{}: no other note links", input.display());
        assert!(
            links
                .iter()
                .all(|l| l.to.is_ok() || !l.to.as_ref().unwrap_err().starts_with("briefpress-")),
            "no link is left to briefpress's own placeholders"
        );
    }
}

/// `-f typ` writes a Typst project that stands on its own: an independent build of Typst 0.15
/// (the PyPI `typst` package, not the crate briefpress links), run next to the brief's images
/// with the theme's fonts, makes the same pages with the same text and fonts as briefpress's
/// own PDF.
#[test]
fn typst_source_compiles_standalone_to_the_same_pdf() {
    let typst_py = common::typst_py();
    let fonts = common::root().join("themes/default/fonts");
    let briefs = [
        common::sample(),
        common::root().join("tests/fixtures/authored/digital-public-infrastructure.md"),
    ];
    for input in briefs {
        let dir = tempfile::tempdir().unwrap();
        let out = run(
            &[
                "build",
                "-q",
                "-f",
                "typ,pdf",
                "-d",
                dir.path().to_str().unwrap(),
                input.to_str().unwrap(),
            ],
            None,
        );
        assert!(out.status.success(), "{}", common::stderr(&out));
        // "Run next to the brief's images": the data names them by their relative paths.
        for entry in std::fs::read_dir(input.parent().unwrap()).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "png") {
                std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
            }
        }
        let stem = input.file_stem().unwrap().to_str().unwrap();
        let typ = dir.path().join(format!("{stem}.typ"));
        let ours = dir.path().join(format!("{stem}.pdf"));
        let theirs = dir.path().join(format!("{stem}-typst.pdf"));
        let compiled = Command::new("python3")
            .env("PYTHONPATH", &typst_py)
            .args([
                "-c",
                "import sys, typst\n\
                 pdf = typst.compile(sys.argv[1], font_paths=[sys.argv[3]], ignore_system_fonts=True)\n\
                 open(sys.argv[2], 'wb').write(pdf)",
            ])
            .arg(&typ)
            .arg(&theirs)
            .arg(&fonts)
            .output()
            .expect("run python3");
        assert!(
            compiled.status.success(),
            "{stem}: Typst could not compile the -f typ output:\n{}",
            String::from_utf8_lossy(&compiled.stderr)
        );
        assert_eq!(
            pdfinfo(&theirs, "Pages"),
            pdfinfo(&ours, "Pages"),
            "{stem}: page count"
        );
        assert_eq!(pdftotext(&theirs), pdftotext(&ours), "{stem}: text");
        let font_names = |pdf: &Path| {
            let mut names: Vec<String> = tool("pdffonts", &[pdf.to_str().unwrap()])
                .lines()
                .skip(2)
                .filter_map(|l| l.split_whitespace().next())
                // Subset tags (`ABCDEF+`) differ between builds.
                .map(|n| n.split_once('+').map_or(n, |(_, name)| name).to_string())
                .collect();
            names.sort();
            names
        };
        assert_eq!(font_names(&theirs), font_names(&ours), "{stem}: fonts");
        // Typst's own note links (typst-cli has no pass to point briefpress's) go where
        // briefpress's go.
        let places = |pdf: &Path| -> Vec<String> {
            link_annotations(pdf)
                .into_iter()
                .map(|l| format!("{} → {:?}", l.page, l.to.map(|(page, y)| (page, y.round()))))
                .collect()
        };
        assert_eq!(places(&theirs), places(&ours), "{stem}: links");
        // And the text compared is the brief's, not two empty pages.
        let doc = parse(&input);
        let text = pdftotext(&ours);
        for word in doc.meta.title.split_whitespace() {
            assert!(text.contains(word), "{stem}: title word {word:?} missing");
        }
    }
}

/// Quotation marks, straight or curly in the source, come out as the brief's language writes
/// them, in running text with and without a long unbroken run beside them, and a text without
/// any quotation mark is left exactly as written.
#[test]
fn quotation_marks_follow_the_language() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "de",
            "Er sagte \"Hallo Welt\" und 'ja'. Pfad: /srv/archiv/berichte/zweitausendvierundzwanzig/datei.txt",
            "Er sagte „Hallo Welt“ und ‚ja‘.",
        ),
        (
            "fr",
            "Il a dit \"bonjour\" hier.",
            "Il a dit « bonjour » hier.",
        ),
        (
            "en",
            "She said \"yes\" and 'no'.",
            "She said “yes” and ‘no’.",
        ),
        (
            "en",
            "No quotation mark at all here.",
            "No quotation mark at all here.",
        ),
    ];
    for (i, (lang, source, expected)) in cases.iter().enumerate() {
        let brief = dir.path().join(format!("quotes-{i}.md"));
        std::fs::write(
            &brief,
            format!("---\ntitle: Quotes\nlang: {lang}\n---\n\n{source}\n"),
        )
        .unwrap();
        let (_out, pdf) = build_pdf(&brief, &[]);
        let text = pdf_words(&pdf);
        // French sets a thin no-break space inside guillemets; compare with plain spaces.
        let text = text.replace(['\u{202f}', '\u{a0}'], " ");
        assert!(
            text.contains(expected),
            "{lang}: {expected:?} not in {text:?}"
        );
    }
}

/// Two references in a row are set apart (`1,2`): run together, `12` reads as note 12. One
/// reference alone gets no separator.
#[test]
fn references_in_a_row_are_set_apart() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("adjacent.md");
    std::fs::write(
        &md,
        "# Adjacent Notes\n\n*Ana Lima*\n\n## Findings\n\nPrices rose.[^a][^b] Wages fell.[^c]\n\n\
         [^a]: First.\n\n[^b]: Second.\n\n[^c]: Third.\n",
    )
    .unwrap();
    let (_out, pdf) = build_pdf(&md, &[]);
    let text = pdf_words(&pdf);
    assert!(text.contains("Prices rose.1,2 Wages fell.3 "), "{text}");
}

/// A brief of `pages` pages' worth of text with this front matter.
fn long_brief(dir: &Path, name: &str, front: &str) -> PathBuf {
    let mut text = format!("---\n{front}\n---\n\n");
    for n in 0..60 {
        text.push_str(&format!(
            "Paragraph {n} says something about harbours and tariffs, at some length so that it wraps across the line and fills pages.\n\n"
        ));
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The running head on page 2 (its line that holds the title's first words), from the PDF's
/// text layer.
fn running_head(pdf: &Path, first_words: &str) -> String {
    let text = pdftotext(pdf);
    let page2 = text.split('\u{c}').nth(1).expect("a second page");
    let line = page2
        .lines()
        .take(4)
        .find(|l| l.contains(first_words))
        .unwrap_or_else(|| panic!("no running head with {first_words:?} on page 2:\n{page2}"));
    line[line.find(first_words).unwrap()..].trim().to_string()
}

/// A title too long for the running head is shortened to whole words and an ellipsis, never
/// cut inside a word nor after a little word ("of", "in"); a `short_title` in the front
/// matter is the running head as written (issue 27, item 10).
#[test]
fn a_long_titles_running_head_ends_with_a_whole_word_and_an_ellipsis() {
    let dir = tempfile::tempdir().unwrap();
    let title = "The Long and Winding Road of Market Reform in Electricity Supply and Distribution Networks Across the European Union and Beyond in the Coming Decade";
    let long = long_brief(
        dir.path(),
        "long.md",
        &format!("title: {title}\nseries: Policy Brief No. 7"),
    );
    let (_out, pdf) = build_pdf(&long, &[]);
    let head = running_head(&pdf, "The Long and");
    let shown = head
        .strip_suffix('…')
        .unwrap_or_else(|| panic!("no ellipsis: {head:?}"));
    let words: Vec<&str> = shown.split_whitespace().collect();
    let all: Vec<&str> = title.split_whitespace().collect();
    assert!(
        words.len() > 3 && words.len() < all.len(),
        "{head:?}: too few or all words"
    );
    assert_eq!(
        words,
        all[..words.len()],
        "{head:?}: not whole words of the title"
    );
    let last = words.last().unwrap();
    assert!(
        !(last.chars().count() <= 3 && last.starts_with(char::is_lowercase)),
        "{head:?} ends on a little word"
    );

    let short = long_brief(
        dir.path(),
        "short.md",
        &format!(
            "title: {title}\nshort_title: Market Reform in Electricity\nseries: Policy Brief No. 7"
        ),
    );
    let (_out, pdf) = build_pdf(&short, &[]);
    assert_eq!(
        running_head(&pdf, "Market Reform"),
        "Market Reform in Electricity"
    );
    // The title page still has the whole title.
    assert!(norm(&pdftotext(&pdf)).contains(&norm(title)));
}

/// Issue 27, item 9: when no font can draw a script, its characters become U+FFFD in the
/// text (with a warning), but never in the PDF's metadata, which is text and keeps the title
/// and the authors as the brief writes them, nor in the running head, which leaves the
/// undrawable words out.
#[test]
fn missing_fonts_leave_no_replacement_marks_in_metadata_or_running_head() {
    let dir = tempfile::tempdir().unwrap();
    let title = "Harbours and Trade हिन्दी";
    let para = "Ports handle most of the trade of coastal regions, and their budgets depend \
                on decisions taken far inland. ";
    let md = dir.path().join("brief.md");
    std::fs::write(
        &md,
        format!(
            "---\ntitle: {title}\nauthors: [अनिल शर्मा, Ana Lima]\n---\n\n{}\n",
            (0..30)
                .map(|_| para.repeat(4))
                .collect::<Vec<_>>()
                .join("\n\n")
        ),
    )
    .unwrap();
    let (_dir, pdf) = build_pdf(&md, &["--ignore-system-fonts"]);
    assert_eq!(pdfinfo(&pdf, "Title"), title);
    assert_eq!(pdfinfo(&pdf, "Author"), "अनिल शर्मा, Ana Lima");
    let head = tool(
        "pdftotext",
        &[
            "-f",
            "2",
            "-l",
            "2",
            "-enc",
            "UTF-8",
            pdf.to_str().unwrap(),
            "-",
        ],
    );
    let first = head.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    assert!(
        first.contains("Harbours and Trade") && !first.contains('\u{FFFD}'),
        "running head: {first:?}"
    );
}
