//! The PDF set as a designer would set it, checked on every fixture in both themes: how full
//! each page is (read from the layout), where every word stands (`pdftotext -bbox`), the back
//! matter as one panel, notes with hanging numbers, and a text layer without invisible
//! characters.

use crate::common::{self, briefpress_in, every_buildable, require_tool, stderr};
use briefpress::theme::Theme;
use briefpress::write::pdf::{self, Opening, PageFill};
use briefpress::write::{Options, Resources};
use std::path::{Path, PathBuf};
use std::process::Command;

const THEMES: &[&str] = &["default", "sober"];

/// The brief read as the CLI reads it, with the images it names from its own folder.
fn read(path: &Path) -> (briefpress::Document, Resources) {
    let doc = briefpress::parse(&std::fs::read(path).unwrap(), &Default::default())
        .document
        .unwrap_or_else(|| panic!("{} reads", path.display()));
    let mut res = Resources::default();
    for (url, _, _) in doc.images() {
        if let Ok(bytes) = std::fs::read(path.parent().unwrap().join(url)) {
            res.images.insert(url.to_string(), bytes);
        }
    }
    (doc, res)
}

fn fills(doc: &briefpress::Document, res: &Resources, theme: &Theme) -> Vec<PageFill> {
    let opts = Options {
        stem: "brief".into(),
        ..Default::default()
    };
    let layout = pdf::lay_out(doc, theme, &opts, res).unwrap();
    pdf::page_fills(&layout, theme)
}

/// A brief written into `dir` as `brief.md`.
fn brief(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("brief.md");
    std::fs::write(&path, text).unwrap();
    path
}

/// The PDF of `input` in `theme`, written into `dir`.
fn build_pdf(input: &Path, theme: &str, dir: &Path) -> PathBuf {
    let out = dir.join(format!(
        "{}-{theme}.pdf",
        input.file_stem().unwrap().to_string_lossy()
    ));
    let o = briefpress_in(
        &common::root(),
        &[
            "build",
            "-q",
            "-f",
            "pdf",
            "-t",
            theme,
            "-o",
            out.to_str().unwrap(),
            input.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}: {}", input.display(), stderr(&o));
    out
}

struct Word {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    text: String,
}

struct Page {
    width: f64,
    height: f64,
    words: Vec<Word>,
}

/// Every word's box, page by page, as poppler reads the PDF.
fn word_boxes(pdf: &Path) -> Vec<Page> {
    require_tool("pdftotext");
    let out = Command::new("pdftotext")
        .args(["-bbox", pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    assert!(out.status.success());
    // Lossy: poppler writes some emoji as unpaired surrogates.
    let xml = String::from_utf8_lossy(&out.stdout).into_owned();
    let attr = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..].split('"').next().unwrap().parse().unwrap()
    };
    xml.split("<page ")
        .skip(1)
        .map(|page| Page {
            width: attr(page, "width"),
            height: attr(page, "height"),
            words: page
                .split("<word ")
                .skip(1)
                .map(|tag| Word {
                    x0: attr(tag, "xMin"),
                    y0: attr(tag, "yMin"),
                    x1: attr(tag, "xMax"),
                    y1: attr(tag, "yMax"),
                    text: tag
                        .split_once('>')
                        .and_then(|(_, rest)| rest.split_once("</word>"))
                        .map(|(t, _)| {
                            t.replace("&amp;", "&")
                                .replace("&lt;", "<")
                                .replace("&gt;", ">")
                                .replace("&quot;", "\"")
                        })
                        .unwrap_or_default(),
                })
                .collect(),
        })
        .collect()
}

/// The words of a line of inlines (a copyright line), as printed.
fn text_of(inlines: &[briefpress::model::Inline]) -> String {
    inlines
        .iter()
        .map(|i| match i {
            briefpress::model::Inline::Text { text, .. } => text.clone(),
            _ => String::new(),
        })
        .collect()
}

/// A length from `theme.toml` in points, parsed here rather than by the library under test.
fn points(length: &str) -> f64 {
    let unit_at = length.find(|c: char| c.is_ascii_alphabetic()).unwrap();
    let n: f64 = length[..unit_at].parse().unwrap();
    match &length[unit_at..] {
        "mm" => n * 72.0 / 25.4,
        "cm" => n * 72.0 / 2.54,
        "in" => n * 72.0,
        "pt" => n,
        u => panic!("unit {u}"),
    }
}

/// The text block of page `index` (0-based) as (left, right, top, bottom): the inside margin
/// is on the left of right-hand (odd-numbered) pages and on the right of the others.
fn text_block(theme: &Theme, index: usize, width: f64, height: f64) -> (f64, f64, f64, f64) {
    let p = &theme.tokens.page;
    let (inside, outside) = (points(&p.margin_inside), points(&p.margin_outside));
    let (left, right) = if index.is_multiple_of(2) {
        (inside, outside)
    } else {
        (outside, inside)
    };
    (
        left,
        width - right,
        points(&p.margin_top),
        height - points(&p.margin_bottom),
    )
}

/// How far past the text block's edge a glyph box may reach: rounding in the PDF and in
/// poppler's reading of it, nothing a reader could see.
const TOLERANCE: f64 = 0.5;

fn assert_words_inside(pdf: &Path, theme: &Theme, what: &str) -> usize {
    let mut count = 0;
    for (i, page) in word_boxes(pdf).iter().enumerate() {
        let (left, right, _, _) = text_block(theme, i, page.width, page.height);
        for w in &page.words {
            assert!(
                w.x0 >= left - TOLERANCE && w.x1 <= right + TOLERANCE,
                "{what}, page {}: `{}` spans {:.2}..{:.2}, outside the text block {left:.2}..{right:.2}",
                i + 1,
                w.text,
                w.x0,
                w.x1
            );
            count += 1;
        }
    }
    count
}

/// No line is overfull: no word of any fixture, in either theme, reaches outside the text
/// block (hostile fixtures included: 5,000-character words, URLs and paths).
#[test]
fn every_word_stays_inside_the_text_block() {
    let dir = tempfile::tempdir().unwrap();
    for name in THEMES {
        let theme = Theme::builtin(name).unwrap();
        for input in every_buildable() {
            let pdf = build_pdf(&input, name, dir.path());
            let what = format!("{} ({name})", input.display());
            assert!(
                assert_words_inside(&pdf, &theme, &what) > 5,
                "{what} has text"
            );
        }
    }
}

/// Why page `i` may end early: the next page opens with a section (a heading, or the back
/// matter panel, which never splits) or with a table that could not start lower. Not a
/// figure: figures float, and the text runs on past them.
fn excused(fills: &[PageFill], i: usize) -> bool {
    matches!(
        fills.get(i + 1).and_then(|f| f.opens_with),
        Some(Opening::Heading | Opening::Table | Opening::BackMatter)
    )
}

/// The page's share of the text block a designer accepts before the last page.
const MIN_FILL: f64 = 2.0 / 3.0;

/// Page breaks a reader does not notice: every page but the last is at least two-thirds full
/// (body and notes), unless the next page opens with a section or a table.
#[test]
fn no_page_but_the_last_is_less_than_two_thirds_full() {
    let mut pages = 0;
    for name in THEMES {
        let theme = Theme::builtin(name).unwrap();
        for input in every_buildable() {
            let (doc, res) = read(&input);
            let fills = fills(&doc, &res, &theme);
            for (i, f) in fills.iter().enumerate().take(fills.len() - 1) {
                assert!(
                    f.fill >= MIN_FILL || excused(&fills, i),
                    "{} ({name}): page {} is {:.0} % full and page {} opens with {:?}",
                    input.display(),
                    i + 1,
                    f.fill * 100.0,
                    i + 2,
                    fills[i + 1].opens_with
                );
                pages += 1;
            }
        }
    }
    assert!(pages > 40, "the rule was checked on {pages} pages");
}

/// Headings stay with what follows: on every page but the last, the page's last heading has
/// at least two lines of text below it on the same page (unless the page is all heading).
#[test]
fn headings_keep_two_lines_of_what_follows() {
    let mut headings = 0;
    for name in THEMES {
        let theme = Theme::builtin(name).unwrap();
        for input in every_buildable() {
            let (doc, res) = read(&input);
            let fills = fills(&doc, &res, &theme);
            for (i, f) in fills.iter().enumerate().take(fills.len() - 1) {
                // A page that is all heading (a heading longer than a page, as hostile input
                // has) cannot keep lines with it.
                let all_heading = f.opens_with == Some(Opening::Heading) && f.fill > 0.9;
                if let Some(lines) = f.lines_after_last_heading {
                    assert!(
                        lines >= 2 || (lines == 0 && all_heading),
                        "{} ({name}): page {} ends with a heading followed by {lines} line(s)",
                        input.display(),
                        i + 1
                    );
                    headings += 1;
                }
            }
        }
    }
    assert!(headings > 20, "the rule was checked on {headings} pages");
    // A heading after every number of lines from half a page to a page and a half: one of
    // them falls at the foot of page 1, wherever the page ends.
    let theme = Theme::builtin("default").unwrap();
    let mut at_foot = 0;
    for k in 20..70 {
        let lines: Vec<String> = (0..k).map(|i| format!("Line {i} of the lead.")).collect();
        let text = format!(
            "---\ntitle: Sweep\n---\n\n{}\n\n## A Heading\n\n{}\n",
            lines.join("  \n"),
            "A sentence that follows the heading and runs on. ".repeat(30)
        );
        let doc = briefpress::parse(text.as_bytes(), &Default::default())
            .document
            .unwrap();
        let fills = fills(&doc, &Resources::default(), &theme);
        if fills.len() > 1 && fills[1].opens_with == Some(Opening::Heading) {
            at_foot += 1;
        }
        if let Some(lines) = fills[0]
            .lines_after_last_heading
            .filter(|_| fills.len() > 1)
        {
            assert!(
                lines >= 2,
                "{k} lines of lead: the heading ends page 1 with {lines} line(s)"
            );
        }
    }
    assert!(
        at_foot > 0,
        "some heading was pushed from the foot of page 1 to page 2"
    );
}

/// The fill measure sees what a reader sees: a short brief leaves most of its one page
/// empty, a long one fills its first page, and notes count as part of the page they end.
#[test]
fn page_fill_is_what_the_layout_shows() {
    let theme = Theme::builtin("default").unwrap();
    let short = "---\ntitle: A Short Brief\n---\n\nOne paragraph of three words.\n";
    let (doc, res) = (
        briefpress::parse(short.as_bytes(), &Default::default())
            .document
            .unwrap(),
        Resources::default(),
    );
    let f = fills(&doc, &res, &theme);
    assert_eq!(f.len(), 1);
    assert!(
        f[0].fill > 0.05 && f[0].fill < 0.3,
        "short brief: {:?}",
        f[0]
    );
    // The title is a heading; one line of text follows it.
    assert_eq!(f[0].lines_after_last_heading, Some(1), "{:?}", f[0]);
    let two = "---\ntitle: Two Lines\n---\n\n## Part\n\nFirst line.  \nSecond line.\n";
    let doc = briefpress::parse(two.as_bytes(), &Default::default())
        .document
        .unwrap();
    let f = fills(&doc, &res, &theme);
    assert_eq!(f[0].lines_after_last_heading, Some(2), "{:?}", f[0]);

    let para = "Words of an ordinary paragraph follow each other across the line, and this \
                sentence is long enough to fill a few lines of the page on its own. ";
    let long = format!(
        "---\ntitle: A Long Brief\n---\n\n{}\n",
        (0..40)
            .map(|i| format!("{}{}\n", para.repeat(3), if i == 0 { "[^1]" } else { "" }))
            .collect::<Vec<_>>()
            .join("\n")
    ) + "\n[^1]: A note.\n";
    let doc = briefpress::parse(long.as_bytes(), &Default::default())
        .document
        .unwrap();
    let f = fills(&doc, &res, &theme);
    assert!(f.len() >= 3, "{f:?}");
    assert_eq!(
        f[0].opens_with,
        Some(Opening::Heading),
        "the title opens page 1"
    );
    for page in &f[..f.len() - 1] {
        assert!(page.fill > 0.93, "a page of running text is full: {f:?}");
    }
    for page in &f[1..] {
        assert_eq!(
            page.opens_with, None,
            "running text opens the later pages: {f:?}"
        );
    }
}

/// The back matter (authors, publisher, disclaimer, ©) is one panel: its first and last
/// lines stand on the same page, the last one. At the foot (default theme) the panel ends
/// where the page's text block (or its notes) begins.
#[test]
fn back_matter_is_one_panel_on_the_last_page() {
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for name in THEMES {
        let theme = Theme::builtin(name).unwrap();
        for input in common::all_briefs() {
            let (doc, res) = read(&input);
            let (Some(first_author), Some(copyright)) =
                (doc.author_box.first(), doc.copyright.as_ref())
            else {
                continue;
            };
            let copyright = text_of(copyright);
            let name_word = first_author
                .name
                .split_whitespace()
                .last()
                .unwrap()
                .to_string();
            let last_word = copyright.split_whitespace().last().unwrap().to_string();
            let pdf = build_pdf(&input, name, dir.path());
            let pages = word_boxes(&pdf);
            let on = |word: &str| -> Vec<usize> {
                pages
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.words.iter().any(|w| w.text.contains(word)))
                    .map(|(i, _)| i)
                    .collect()
            };
            let last = pages.len() - 1;
            let what = format!("{} ({name})", input.display());
            assert!(
                on("©").contains(&last) || on(&last_word).contains(&last),
                "{what}: the © line `{copyright}` is on the last page"
            );
            assert!(
                on(&name_word).contains(&last),
                "{what}: the author box (`{name_word}`) is on the last page with the © line"
            );
            if theme.tokens.layout.back_matter == briefpress::theme::BackMatter::Foot {
                let f = fills(&doc, &res, &theme);
                // Full, less the gap Typst leaves above the notes when the page has notes
                // (their clearance, 1.2 em, about 2 % of the text block).
                assert!(
                    f[last].fill > 0.96,
                    "{what}: the back matter stands at the foot of the last page: {:?}",
                    f[last]
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 10, "{checked} briefs with back matter");
}

/// Nothing prints under the copyright line (issue 27, item 2), in either theme. The default
/// theme sets the back matter at the foot of the last page; the sober theme sets it after the
/// text, and when notes fell on that page they printed under the panel, below the © line.
/// Now the © line ends the page: on every brief with a copyright line, no line of the last
/// page's text block stands lower. The briefs whose last page carries notes (lines in the
/// notes' size, about 0.7 of the body's, as poppler reads them) are counted, per theme: they
/// are the case that failed.
#[test]
fn the_copyright_line_ends_the_last_page_under_its_notes() {
    let dir = tempfile::tempdir().unwrap();
    for name in THEMES {
        let theme = Theme::builtin(name).unwrap();
        let (mut checked, mut with_notes) = (0, 0);
        for input in common::all_briefs() {
            let (doc, _) = read(&input);
            let Some(copyright) = doc.copyright.as_ref() else {
                continue;
            };
            let copyright = text_of(copyright);
            let Some(last_word) = copyright.split_whitespace().last() else {
                continue;
            };
            let pdf = build_pdf(&input, name, dir.path());
            let pages = word_boxes(&pdf);
            let index = pages.len() - 1;
            let page = &pages[index];
            let (_, _, top, bottom) = text_block(&theme, index, page.width, page.height);
            let what = format!("{} ({name}, last page)", input.display());
            let copyright_bottom = (page.words.iter())
                .filter(|w| w.text.contains(last_word))
                .map(|w| w.y1)
                .fold(f64::MIN, f64::max);
            assert!(copyright_bottom > top, "{what}: `{copyright}` is on it");
            let in_block: Vec<Line> = lines(page)
                .into_iter()
                .filter(|l| l.y1 > top && l.y1 <= bottom + TOLERANCE)
                .collect();
            let lowest = in_block.iter().map(|l| l.y1).fold(f64::MIN, f64::max);
            assert!(
                lowest <= copyright_bottom + TOLERANCE,
                "{what}: a line stands {:.1} pt below the © line `{copyright}`",
                lowest - copyright_bottom
            );
            let body = body_line_height(&pages).unwrap();
            if in_block
                .iter()
                .any(|l| (0.62..0.78).contains(&(l.height / body)))
            {
                with_notes += 1;
            }
            checked += 1;
        }
        assert!(
            checked >= 10,
            "{name}: {checked} briefs with a copyright line"
        );
        assert!(
            with_notes >= 3,
            "{name}: only {with_notes} briefs have notes on the back matter's page"
        );
    }
}

/// A note cited in the back matter is printed with the others: Typst drops the notes cited
/// in a float across the page (typst#5765), where the default theme sets its panel.
#[test]
fn a_note_cited_in_the_back_matter_is_printed() {
    let dir = tempfile::tempdir().unwrap();
    let input = brief(
        dir.path(),
        "---\ntitle: A Note in the Back Matter\npublisher: Some Institute\nauthors: [Ann Author]\n\
         copyright: \"© Some Institute 2024.\"\n---\n\nThe text cites a note.[^a]\n\n\
         ## About the author\n\nAnn Author is a fellow at the institute.[^b]\n\n\
         [^a]: The first note.\n[^b]: Quillwort, cited in the author's bio.\n",
    );
    for theme in THEMES {
        let pdf = build_pdf(&input, theme, dir.path());
        let words: Vec<String> = (word_boxes(&pdf).into_iter())
            .flat_map(|p| p.words.into_iter().map(|w| w.text))
            .collect();
        assert!(
            words.iter().any(|w| w.starts_with("Quillwort")),
            "{theme}: the bio's note is printed: {words:?}"
        );
        assert!(words.iter().any(|w| w == "fellow"), "{theme}: {words:?}");
    }
}

/// The pages of `pdf` that start with a widow, as poppler reads them: a paragraph's last line
/// alone at the top of a page. The page before ends on a full line of body text (the
/// paragraph goes on); the page's first line of body text is short (a paragraph's last line)
/// and more than a line's leading stands between it and the next (a new block starts).
fn widows(pdf: &Path, theme: &Theme) -> Vec<(usize, String)> {
    let pages = word_boxes(pdf);
    let Some(body) = body_line_height(&pages) else {
        return Vec::new();
    };
    let body_lines = |i: usize| -> (Vec<(Line, String)>, f64) {
        let page = &pages[i];
        let (_, right, top, bottom) = text_block(theme, i, page.width, page.height);
        let mut rows: std::collections::BTreeMap<i64, Vec<&Word>> = Default::default();
        for w in &page.words {
            rows.entry((w.y1 * 2.0).round() as i64).or_default().push(w);
        }
        let texts: Vec<String> = rows
            .into_values()
            .map(|mut r| {
                r.sort_by(|a, b| a.x0.total_cmp(&b.x0));
                r.iter()
                    .map(|w| w.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let kept = lines(page)
            .into_iter()
            .zip(texts)
            .filter(|(l, _)| (l.height - body).abs() < 0.3 && l.y1 > top && l.y1 <= bottom)
            .collect();
        (kept, right)
    };
    let mut found = Vec::new();
    for i in 1..pages.len() {
        let ((before, right_before), (after, right)) = (body_lines(i - 1), body_lines(i));
        let (Some((last, _)), [(first, text), (second, _), ..]) = (before.last(), after.as_slice())
        else {
            continue;
        };
        let leading = after
            .windows(2)
            .map(|w| w[1].0.y1 - w[0].0.y1)
            .fold(f64::MAX, f64::min);
        if last.x1 > right_before - 3.0
            && first.x1 < right - 20.0
            && second.y1 - first.y1 > 1.2 * leading
        {
            found.push((i + 1, text.clone()));
        }
    }
    found
}

/// The real extractions of `tests/fixtures/real` (what real extractors made of real PDFs),
/// at least 90 of them.
fn real_extractions() -> Vec<PathBuf> {
    let real: Vec<PathBuf> = std::fs::read_dir(common::root().join("tests/fixtures/real"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| !p.ends_with("README.md"))
        .filter(|p| p.extension().is_some_and(|e| e == "md" || e == "txt"))
        .collect();
    assert!(real.len() >= 90, "{} real extractions", real.len());
    real
}

/// Every note is printed at the foot of the page that cites it (issue 27, item 3): no note
/// entry starts on another page than its reference, in any fixture in either theme nor in
/// any of the real extractions. Read from Typst's own account of the layout: the page each
/// note entry's tag stands on, and the page its introspector gives the reference. Typst keeps
/// only a line's first note with it (typst#5405: two notes cited on a page's last line, the
/// second printed overleaf), and leaves a note behind when widow prevention moves its line on
/// (typst#5314: the note printed a page before its reference). Such a note is mended: the
/// page ends before the block (or the list item, or the subheading over the block) citing
/// it, or the paragraph is kept together, unless that breaks another rule of page breaks (a
/// heading left over one line, a page less than two thirds full). 8 were displaced before
/// the mend, 3 before a page could end between list items, 2 before it could end before a
/// subheading (the break before the paragraph under it had left the subheading behind).
#[test]
fn every_note_starts_on_the_page_that_cites_it() {
    let mut briefs: Vec<(PathBuf, &str)> = Vec::new();
    for name in THEMES {
        briefs.extend(every_buildable().into_iter().map(|p| (p, *name)));
    }
    briefs.extend(real_extractions().into_iter().map(|p| (p, "default")));
    let opts = Options {
        stem: "brief".into(),
        ..Default::default()
    };
    let (mut entries, mut displaced) = (0, Vec::new());
    for (input, name) in &briefs {
        let theme = Theme::builtin(name).unwrap();
        let (doc, res) = read(input);
        let layout = pdf::lay_out(&doc, &theme, &opts, &res).unwrap();
        let placement = pdf::note_placement(&layout);
        entries += placement.entries;
        for d in placement.displaced {
            displaced.push(format!(
                "{} ({name}): note {:?} cited on page {} printed on page {}",
                input.display(),
                d.number,
                d.cited,
                d.printed
            ));
        }
    }
    assert!(entries > 500, "{entries} notes were placed");
    assert!(
        displaced.is_empty(),
        "{} notes displaced:\n{}",
        displaced.len(),
        displaced.join("\n")
    );
}

/// A full-size note mark ("[6]", the sober theme's) stays on the line of the word it follows
/// (issue 27): the line breaker may break between a full stop and an opening bracket, and left
/// marks at the start of a line, or alone on a paragraph's last line (seven in the fixtures).
/// Read with poppler: no line of any page begins with a mark, over every fixture and the real
/// extractions in the sober theme. The marks read are counted, so that the rule is seen to
/// hold where marks are.
#[test]
fn a_full_size_note_mark_never_starts_a_line() {
    let theme = Theme::builtin("sober").unwrap();
    assert_eq!(
        theme.tokens.layout.note_numbers,
        briefpress::theme::NoteNumbers::FullSize
    );
    let dir = tempfile::tempdir().unwrap();
    let mut inputs = common::all_briefs();
    inputs.extend(real_extractions());
    let mut args = vec!["build", "-q", "-j2", "-f", "pdf", "-t", "sober", "-d"];
    let out = dir.path().to_str().unwrap().to_string();
    args.push(&out);
    args.extend(inputs.iter().map(|p| p.to_str().unwrap()));
    let o = briefpress_in(&common::root(), &args);
    assert!(o.status.success(), "{}", stderr(&o));
    let is_mark = |w: &str| {
        let w = w.trim_end_matches([',', '.', ';', ':']);
        w.len() > 2
            && w.starts_with('[')
            && w.ends_with(']')
            && w[1..w.len() - 1].chars().all(|c| c.is_ascii_digit())
    };
    let (mut marks, mut starting) = (0, Vec::new());
    for input in &inputs {
        let pdf = dir
            .path()
            .join(input.with_extension("pdf").file_name().unwrap());
        for (i, page) in word_boxes(&pdf).iter().enumerate() {
            let mut rows: std::collections::BTreeMap<i64, Vec<&Word>> = Default::default();
            for w in &page.words {
                rows.entry((w.y1 * 2.0).round() as i64).or_default().push(w);
            }
            for row in rows.values_mut() {
                row.sort_by(|a, b| a.x0.total_cmp(&b.x0));
                marks += row.iter().filter(|w| w.text.contains('[')).count();
                if is_mark(&row[0].text) {
                    let line: Vec<&str> = row.iter().map(|w| w.text.as_str()).collect();
                    starting.push(format!("{} p{}: {}", pdf.display(), i + 1, line.join(" ")));
                }
            }
        }
    }
    assert!(marks > 300, "only {marks} words with a mark were read");
    assert!(
        starting.is_empty(),
        "{} lines start with a note mark:\n{}",
        starting.len(),
        starting.join("\n")
    );
}

/// No page starts with a paragraph's last line (issue 27, item 3). Typst keeps a paragraph's
/// last two lines together but reckons without notes: a last line citing a note that does not
/// fit under it moved on alone with its note. Such a paragraph is now kept whole. On every
/// fixture in both themes no page starts with a widow (coastal-insurance's page 2 did), nor on
/// any of the 100 real extractions in the default theme (17 did).
#[test]
fn no_page_starts_with_a_paragraphs_last_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut pages = 0;
    for name in THEMES {
        let theme = Theme::builtin(name).unwrap();
        for input in common::all_briefs() {
            let pdf = build_pdf(&input, name, dir.path());
            let found = widows(&pdf, &theme);
            assert!(
                found.is_empty(),
                "{} ({name}): pages start with a paragraph's last line: {found:?}",
                input.display()
            );
            pages += word_boxes(&pdf).len();
        }
    }
    assert!(pages > 40, "{pages} pages were read");
    let real = real_extractions();
    let out = dir.path().join("real");
    let mut args = vec![
        "build",
        "-q",
        "-j2",
        "-f",
        "pdf",
        "-d",
        out.to_str().unwrap(),
    ];
    args.extend(real.iter().map(|p| p.to_str().unwrap()));
    let o = briefpress_in(&common::root(), &args);
    assert!(o.status.success(), "{}", stderr(&o));
    let theme = Theme::builtin("default").unwrap();
    let mut widowed = Vec::new();
    for input in &real {
        let pdf = out.join(input.with_extension("pdf").file_name().unwrap());
        for (page, text) in widows(&pdf, &theme) {
            widowed.push(format!("{} p{page}: {text}", pdf.display()));
        }
    }
    assert!(
        widowed.is_empty(),
        "{} widows:\n{}",
        widowed.len(),
        widowed.join("\n")
    );
}

/// Notes as in a book: each number hangs in the same indent, right-aligned; the note's text
/// starts after it, and a note's second paragraph aligns with its first.
#[test]
fn note_numbers_hang_and_note_paragraphs_align() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("---\ntitle: Notes\nauthors: [A. Writer]\n---\n\n## Part\n\n");
    for n in 1..=10 {
        text.push_str(&format!("Claim number {n} stands here.[^{n}]\n\n"));
    }
    text.push_str("[^1]: Alphaword opens the first paragraph of this note.\n\n    Betaword opens its second paragraph.\n\n");
    for n in 2..=9 {
        text.push_str(&format!("[^{n}]: Another note.\n\n"));
    }
    text.push_str("[^10]: Gammaword opens the tenth note.\n");
    let input = brief(dir.path(), &text);
    for name in THEMES {
        let theme = Theme::builtin(name).unwrap();
        let pdf = build_pdf(&input, name, dir.path());
        let pages = word_boxes(&pdf);
        let words: Vec<&Word> = pages.iter().flat_map(|p| p.words.iter()).collect();
        let find = |w: &str| {
            let i = words.iter().position(|x| x.text == w);
            i.unwrap_or_else(|| panic!("({name}) `{w}` is a word of its own"))
        };
        let (alpha, beta, gamma) = (find("Alphaword"), find("Betaword"), find("Gammaword"));
        let (one, ten) = (words[alpha - 1], words[gamma - 1]);
        assert!(
            one.text.trim_end_matches('.') == "1" && ten.text.trim_end_matches('.') == "10",
            "({name}) the numbers precede the notes: `{}`, `{}`",
            one.text,
            ten.text
        );
        let (left, ..) = text_block(&theme, 0, pages[0].width, pages[0].height);
        let x = |w: &Word| w.x0;
        assert!(
            (x(words[alpha]) - x(words[beta])).abs() < TOLERANCE
                && (x(words[alpha]) - x(words[gamma])).abs() < TOLERANCE,
            "({name}) the notes' text and later paragraphs align: {:.2} {:.2} {:.2}",
            x(words[alpha]),
            x(words[beta]),
            x(words[gamma])
        );
        assert!(
            (one.x1 - ten.x1).abs() < TOLERANCE && one.x1 < x(words[alpha]),
            "({name}) the numbers end at the same place, before the text: 1 ends at {:.2}, 10 at {:.2}",
            one.x1,
            ten.x1
        );
        assert!(
            ten.x0 >= left - TOLERANCE && x(words[alpha]) - left < 30.0,
            "({name}) the hang is within the text block and narrow"
        );
        assert!(
            words[beta].y0 > words[alpha].y1,
            "({name}) the second paragraph is below the first"
        );
    }
}

/// Break opportunities never become characters: no U+200B in the text layer, so Chinese,
/// Japanese and Thai copy as written, and a long path with no `://` still breaks inside the
/// text block.
#[test]
fn long_runs_break_without_invisible_characters() {
    let dir = tempfile::tempdir().unwrap();
    let path: String = (371..=420).map(|n| format!("a-{n:04}/")).collect();
    let chinese =
        "这是一个很长的中文段落用来检查复制文本时不会出现看不见的字符也不会在中间插入任何零宽空格";
    let japanese = "これは日本語の長い段落でありコピーしたときに見えない文字が入らないことを確かめるためのものです";
    let thai = "นี่คือย่อหน้าภาษาไทยที่ยาวมากเพื่อตรวจสอบว่าการคัดลอกข้อความจะไม่มีอักขระที่มองไม่เห็น";
    let text = format!(
        "---\ntitle: Runs\n---\n\nThe files are under {path} in the archive.\n\n{chinese}\n\n{japanese}\n\n{thai}\n"
    );
    let input = brief(dir.path(), &text);
    for name in THEMES {
        let theme = Theme::builtin(name).unwrap();
        let pdf = build_pdf(&input, name, dir.path());
        let out = Command::new("pdftotext")
            .args([pdf.to_str().unwrap(), "-"])
            .output()
            .unwrap();
        let plain = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            !plain.contains('\u{200B}'),
            "({name}) no zero-width space in the text layer"
        );
        let joined: String = plain.chars().filter(|c| !c.is_whitespace()).collect();
        for (what, run) in [
            ("path", path.as_str()),
            ("Chinese", chinese),
            ("Japanese", japanese),
            ("Thai", thai),
        ] {
            assert!(
                joined.contains(run),
                "({name}) the {what} copies as written:\n{plain}"
            );
        }
        let words = assert_words_inside(&pdf, &theme, &format!("runs ({name})"));
        assert!(words > 10);
    }
}

/// Hyphenation follows the brief's language: a German brief breaks German words only where
/// German hyphenation allows (points written by hand after Duden), and the same text declared
/// English breaks at least one of them elsewhere (so the test can tell the two apart).
#[test]
fn hyphenation_follows_the_language() {
    const WORDS: &[&str] = &[
        "Bun-des-ver-fas-sungs-ge-richt",
        "Wär-me-pla-nungs-ge-setz",
        "Kom-mu-nal-ver-wal-tung",
        "Fern-wär-me-ver-sor-gung",
        "Ener-gie-ef-fi-zi-enz",
        "Nah-wär-me-net-ze",
    ];
    // Every prefix of a word that ends at one of its German break points.
    let german: Vec<String> = WORDS
        .iter()
        .flat_map(|w| {
            let parts: Vec<&str> = w.split('-').collect();
            (1..parts.len()).map(move |n| parts[..n].concat())
        })
        .collect();
    let plain: Vec<String> = WORDS.iter().map(|w| w.replace('-', "")).collect();
    // Several hundred words in a varied order, so that lines end in many different places.
    let para: Vec<String> = (0..400)
        .map(|i: usize| {
            let w = &plain[(i * i + i / 5) % plain.len()];
            // Filler of uneven lengths, so no line width repeats the same breaks.
            match i % 7 {
                0 => format!("{w} und"),
                2 => format!("{w} oder die"),
                5 => format!("{w} mit"),
                _ => w.clone(),
            }
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    for (lang, expect_german) in [("de", true), ("en", false)] {
        let input = brief(
            dir.path(),
            &format!(
                "---\ntitle: Silbentrennung\nlang: {lang}\n---\n\n{}\n",
                para.join(" ")
            ),
        );
        let pdf = build_pdf(&input, "default", dir.path());
        let out = Command::new("pdftotext")
            .args(["-raw", pdf.to_str().unwrap(), "-"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        // Typst marks a hyphenation with a soft hyphen at the end of the line.
        let broken: Vec<String> = text
            .lines()
            .filter_map(|l| l.trim_end().strip_suffix(['\u{AD}', '-']))
            .filter_map(|l| l.split_whitespace().last().map(str::to_string))
            .collect();
        assert!(
            broken.len() >= 5,
            "({lang}) lines end in hyphenations: {broken:?}"
        );
        let foreign: Vec<&String> = broken.iter().filter(|b| !german.contains(b)).collect();
        if expect_german {
            assert!(
                foreign.is_empty(),
                "(de) breaks German does not allow: {foreign:?}"
            );
        } else {
            assert!(
                !foreign.is_empty(),
                "(en) English patterns break elsewhere: {broken:?}"
            );
        }
    }
}

/// A page's lines as poppler reads them: words sharing a baseline, left to right, with the
/// height of their boxes (the face's size) and their extent.
struct Line {
    height: f64,
    /// The bottom of the line's boxes.
    y1: f64,
    x0: f64,
    x1: f64,
    chars: usize,
}

/// The body's line height as poppler reads it: the commonest height of a line's boxes, to a
/// tenth of a point. `None` for a PDF without text.
fn body_line_height(pages: &[Page]) -> Option<f64> {
    let mut heights: std::collections::BTreeMap<i64, usize> = Default::default();
    for l in pages.iter().flat_map(lines) {
        *heights.entry((l.height * 10.0).round() as i64).or_default() += 1;
    }
    let (&commonest, _) = heights.iter().max_by_key(|(_, n)| **n)?;
    Some(commonest as f64 / 10.0)
}

fn lines(page: &Page) -> Vec<Line> {
    let mut rows: std::collections::BTreeMap<i64, Vec<&Word>> = Default::default();
    for w in &page.words {
        rows.entry((w.y1 * 2.0).round() as i64).or_default().push(w);
    }
    rows.into_values()
        .map(|mut row| {
            row.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let mut heights: Vec<f64> = row.iter().map(|w| w.y1 - w.y0).collect();
            heights.sort_by(f64::total_cmp);
            Line {
                height: heights[heights.len() / 2],
                y1: row.iter().map(|w| w.y1).fold(f64::MIN, f64::max),
                x0: row[0].x0,
                x1: row[row.len() - 1].x1,
                chars: row.iter().map(|w| w.text.chars().count()).sum::<usize>() + row.len() - 1,
            }
        })
        .collect()
}

/// The median number of characters (spaces included) on the body's full lines: lines in the
/// body's size (the commonest line height) that run from edge to edge of the text block, so
/// that a paragraph's short last line, headings, notes and the summary box do not count.
/// `None` when the brief has too few such lines to say.
fn body_measure(pdf: &Path, theme: &Theme) -> Option<usize> {
    let pages = word_boxes(pdf);
    let mut all = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let (left, right, _, _) = text_block(theme, i, page.width, page.height);
        all.extend(lines(page).into_iter().map(|l| (l, right - left)));
    }
    let mut heights: std::collections::BTreeMap<i64, usize> = Default::default();
    for (l, _) in &all {
        *heights.entry((l.height * 10.0).round() as i64).or_default() += 1;
    }
    let body = *heights.iter().max_by_key(|(_, n)| **n)?.0 as f64 / 10.0;
    let mut full: Vec<usize> = all
        .iter()
        .filter(|(l, width)| (l.height - body).abs() < 0.3 && l.x1 - l.x0 > 0.97 * width)
        .map(|(l, _)| l.chars)
        .collect();
    if full.len() < 10 {
        return None;
    }
    full.sort_unstable();
    Some(full[full.len() / 2])
}

/// A readable measure: in both themes, the body of every brief runs 60–80 characters to the
/// line (Bringhurst's 45–75 for a single column, with room for a justified line's spread).
#[test]
fn body_measure_is_sixty_to_eighty_characters() {
    let dir = tempfile::tempdir().unwrap();
    let mut measured = 0;
    for name in THEMES {
        let theme = Theme::builtin(name).unwrap();
        for input in common::all_briefs() {
            let pdf = build_pdf(&input, name, dir.path());
            let Some(median) = body_measure(&pdf, &theme) else {
                continue;
            };
            assert!(
                (60..=80).contains(&median),
                "{} ({name}): the body runs {median} characters to the line",
                input.display()
            );
            measured += 1;
        }
    }
    assert!(measured >= 20, "the measure was taken on {measured} briefs");
}

/// The longest lines of the notes (the 90th percentile of characters, spaces included, on the
/// lines set in the notes' size, which poppler's boxes make about 0.7 of the body's; the
/// disclaimer's, 0.86, and the tables' are larger): the notes are ragged, so their long lines
/// show their measure. `None` when the brief has too few note lines to say.
fn note_measure(pdf: &Path, body: f64) -> Option<usize> {
    let mut chars: Vec<usize> = word_boxes(pdf)
        .iter()
        .flat_map(lines)
        .filter(|l| (0.62..0.78).contains(&(l.height / body)))
        .map(|l| l.chars)
        .collect();
    if chars.len() < 10 {
        return None;
    }
    chars.sort_unstable();
    Some(chars[chars.len() * 9 / 10])
}

/// The notes keep a readable measure too (issue 27, item 1): set smaller than the text, across
/// the whole text block they ran some 95 characters to the line; in both themes, on every
/// brief with notes enough to measure, their long lines hold at most 80.
#[test]
fn notes_keep_a_readable_measure() {
    let dir = tempfile::tempdir().unwrap();
    let mut measured = 0;
    for name in THEMES {
        for input in common::all_briefs() {
            let pdf = build_pdf(&input, name, dir.path());
            let pages = word_boxes(&pdf);
            let body = body_line_height(&pages).unwrap();
            let Some(measure) = note_measure(&pdf, body) else {
                continue;
            };
            assert!(
                measure <= 80,
                "{} ({name}): the notes run {measure} characters to the line",
                input.display()
            );
            measured += 1;
        }
    }
    assert!(
        measured >= 10,
        "the notes' measure was taken on {measured} briefs"
    );
}

/// The stroked straight lines of a PDF's first page as (horizontal, y or x, stroke width), read
/// by poppler (`pdftocairo -svg`); glyphs are filled paths and do not count.
fn stroked_lines(pdf: &Path, dir: &Path) -> Vec<(bool, f64, f64)> {
    require_tool("pdftocairo");
    let svg = dir.join("page.svg");
    let out = Command::new("pdftocairo")
        .args(["-svg", "-f", "1", "-l", "1"])
        .arg(pdf)
        .arg(&svg)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = std::fs::read_to_string(&svg).unwrap();
    let mut lines = Vec::new();
    for tag in text.split("<path ").skip(1) {
        let tag = &tag[..tag.find("/>").unwrap_or(tag.len())];
        let Some(width) = tag
            .split("stroke-width:")
            .nth(1)
            .and_then(|w| w.split(';').next())
            .and_then(|w| w.parse::<f64>().ok())
        else {
            continue;
        };
        let d = tag.split("d=\"").nth(1).unwrap().split('"').next().unwrap();
        let n: Vec<f64> = d
            .split_whitespace()
            .filter_map(|t| t.parse().ok())
            .collect();
        if n.len() == 4 {
            let horizontal = (n[1] - n[3]).abs() < 0.01;
            let at = tag
                .split("matrix(")
                .nth(1)
                .and_then(|m| m.split(')').next())
                .map(|m| {
                    m.split(',')
                        .map(|x| x.parse::<f64>().unwrap())
                        .collect::<Vec<_>>()
                })
                .map(|m| if horizontal { m[5] } else { m[4] })
                .unwrap_or(0.0);
            lines.push((horizontal, at, width));
        }
    }
    lines
}

/// Tables as publications set them (issue 27, item 4): in both themes a table of a header and
/// three rows has three rules — over it, under its header (the thinnest) and under it — and
/// no line between columns or around cells; its text is smaller than the body's.
#[test]
fn tables_are_ruled_not_boxed() {
    let dir = tempfile::tempdir().unwrap();
    let input = brief(
        dir.path(),
        "---\ntitle: Harbour Dues\n---\n\nTable 1. Harbour dues by port, in euros\n\n\
         | Port | Dues | Change |\n|------|-----:|-------:|\n| Brest | 120 | 4 % |\n\
         | Sete | 95 | 2 % |\n| Bastia | 88 | 7 % |\n\nOrdinary text follows the table here.\n",
    );
    for name in THEMES {
        let pdf = build_pdf(&input, name, dir.path());
        let lines = stroked_lines(&pdf, dir.path());
        let mut rules: Vec<(f64, f64)> = lines
            .iter()
            .filter(|(h, ..)| *h)
            .map(|(_, y, w)| (*y, *w))
            .collect();
        rules.sort_by(|a, b| a.0.total_cmp(&b.0));
        rules.dedup_by(|a, b| (a.0 - b.0).abs() < 0.5);
        assert_eq!(
            lines.iter().filter(|(h, ..)| !h).count(),
            0,
            "({name}) no vertical lines: {lines:?}"
        );
        assert_eq!(rules.len(), 3, "({name}) three rules: {lines:?}");
        assert!(
            rules[1].1 < rules[0].1 && rules[1].1 < rules[2].1,
            "({name}) the rule under the header is the thinnest: {rules:?}"
        );
        let pages = word_boxes(&pdf);
        let height = |word: &str| {
            let w = pages[0].words.iter().find(|w| w.text == word).unwrap();
            w.y1 - w.y0
        };
        assert!(
            height("Brest") < height("Ordinary") - 0.3,
            "({name}) the table's text is smaller than the body's"
        );
    }
}

/// The XHTML documents of an EPUB, one after another.
fn epub_text(epub: &Path) -> String {
    use std::io::Read;
    let bytes = std::fs::read(epub).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.name().ends_with(".xhtml") {
            f.read_to_string(&mut out).unwrap();
        }
    }
    out
}

/// The brief's markup built as `format`: the HTML page, or the EPUB's XHTML documents one
/// after another.
fn markup_as(input: &Path, format: &str, dir: &Path) -> String {
    let out = build_as(input, format, dir);
    if format == "html" {
        std::fs::read_to_string(&out).unwrap()
    } else {
        epub_text(&out)
    }
}

/// Figures aligned (issue 27, item 4): a column of figures the brief leaves unaligned (as
/// extractions' pipe tables do) is set flush right, units under units, in the PDF in both
/// themes (poppler's boxes: the figures' right edges meet, their left edges do not) and in the
/// HTML page and the EPUB (the cells carry the theme's right-aligned class); a column of words
/// stays at the start.
#[test]
fn columns_of_figures_are_set_flush_right() {
    let dir = tempfile::tempdir().unwrap();
    let input = brief(
        dir.path(),
        "---\ntitle: Harbour Dues\n---\n\nDues fell at every port but one.\n\n\
         | Port | Dues | Change |\n|---|---|---|\n| Brest | 1,120 | 4.5 % |\n\
         | Sete | 95 | 12 % |\n| Bastia | 8 | — |\n\nOrdinary text follows the table here.\n",
    );
    for name in THEMES {
        let pdf = build_pdf(&input, name, dir.path());
        let pages = word_boxes(&pdf);
        let word = |text: &str| {
            (pages[0].words.iter())
                .find(|w| w.text == text)
                .unwrap_or_else(|| panic!("({name}) `{text}` is on page 1"))
        };
        let (a, b, c) = (word("1,120"), word("95"), word("8"));
        assert!(
            (a.x1 - b.x1).abs() < 0.5 && (a.x1 - c.x1).abs() < 0.5,
            "({name}) the dues end under each other: {:.1} {:.1} {:.1}",
            a.x1,
            b.x1,
            c.x1
        );
        assert!(a.x0 < b.x0 - 3.0, "({name}) and start apart");
        let (brest, sete) = (word("Brest"), word("Sete"));
        assert!(
            (brest.x0 - sete.x0).abs() < 0.5,
            "({name}) the ports start under each other"
        );
    }
    for format in ["html", "epub"] {
        let markup = markup_as(&input, format, dir.path());
        for figure in ["1,120", "95", "8", "4.5 %", "12 %"] {
            assert!(
                markup.contains(&format!("<td class=\"align-right\">{figure}</td>")),
                "({format}) `{figure}` is set right"
            );
        }
        assert!(
            markup.contains("<td>Brest</td>"),
            "({format}) the port is not"
        );
    }
}

/// A table's caption is set over its table and kept with it in every format (issue 27, item
/// 4), wherever the brief wrote it: over the table ("Table 1. …") or under it ("Table 2: …",
/// as some extractions leave it). In the PDF (both themes) each caption's words stand above
/// its table's header and on the same page; in the HTML page and the EPUB each is the
/// table's own `<caption>`, not a paragraph of body text. A sentence that mentions a table
/// ("Table 3 shows …") stays a paragraph.
#[test]
fn a_tables_caption_is_set_over_it_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let input = brief(
        dir.path(),
        "---\ntitle: Harbour Dues\n---\n\nTable 1. Harbour dues by port\n\n\
         | Port | Dues |\n|---|---|\n| Brest | 120 |\n| Sete | 95 |\n\n\
         Ordinary text sits between the two tables.\n\n\
         | Site | Berths |\n|---|---|\n| Bastia | 12 |\n| Ajaccio | 9 |\n\n\
         Table 2: Berths by site\n\nTable 3 shows nothing at all.\n",
    );
    for name in THEMES {
        let pdf = build_pdf(&input, name, dir.path());
        let pages = word_boxes(&pdf);
        let words: Vec<_> = pages
            .iter()
            .enumerate()
            .flat_map(|(p, pg)| pg.words.iter().map(move |w| (p, w)))
            .collect();
        let at = |text: &str| {
            words
                .iter()
                .find(|(_, w)| w.text == text)
                .map(|(p, w)| (*p, w.y0))
                .unwrap_or_else(|| panic!("({name}) `{text}` is in the PDF"))
        };
        for (caption_word, header_word) in [("dues", "Port"), ("Berths", "Site")] {
            let (cp, cy) = at(caption_word);
            let (hp, hy) = at(header_word);
            assert!(
                cp == hp && cy < hy,
                "({name}) `{caption_word}` (page {cp}, y {cy:.1}) stands over `{header_word}` (page {hp}, y {hy:.1})"
            );
        }
        let (_, between) = at("between");
        let (_, berths) = at("Berths");
        assert!(
            berths > between,
            "({name}) the second caption is under the text before its table"
        );
    }
    for format in ["html", "epub"] {
        let markup = markup_as(&input, format, dir.path());
        let doc = scraper::Html::parse_document(&markup);
        let captions: Vec<String> = doc
            .select(&scraper::Selector::parse("table > caption").unwrap())
            .map(|c| c.text().collect::<String>())
            .collect();
        assert_eq!(
            captions,
            ["Table 1. Harbour dues by port", "Table 2: Berths by site"],
            "({format})"
        );
        let paragraphs: Vec<String> = doc
            .select(&scraper::Selector::parse("p").unwrap())
            .map(|c| c.text().collect::<String>())
            .collect();
        assert!(
            !paragraphs
                .iter()
                .any(|p| p.starts_with("Table 1") || p.starts_with("Table 2")),
            "({format}) a caption left as a paragraph: {paragraphs:?}"
        );
        assert!(
            paragraphs
                .iter()
                .any(|p| p == "Table 3 shows nothing at all."),
            "({format}) the sentence stays a paragraph"
        );
    }
}

/// A masthead's rule is drawn only under a masthead (issue 27, item 5): a brief with neither a
/// publisher nor a series nor a summary draws no line at all on its first page in either theme
/// (no lone rule where the masthead would be, none framing an absent summary), while the same
/// brief with a publisher draws the sober theme's rule under it.
#[test]
fn no_lone_rule_where_the_masthead_would_be() {
    let dir = tempfile::tempdir().unwrap();
    let bare = brief(
        dir.path(),
        "---\ntitle: Harbour Dues\ndate: 2024-03-01\n---\n\nOrdinary text of the brief, a few words long.\n",
    );
    for name in THEMES {
        let pdf = build_pdf(&bare, name, dir.path());
        let lines = stroked_lines(&pdf, dir.path());
        assert!(lines.is_empty(), "({name}) lines on page 1: {lines:?}");
    }
    let published = dir.path().join("published.md");
    std::fs::write(
        &published,
        "---\ntitle: Harbour Dues\npublisher: Harbour Institute\ndate: 2024-03-01\n---\n\nOrdinary text of the brief, a few words long.\n",
    )
    .unwrap();
    let pdf = build_pdf(&published, "sober", dir.path());
    let rules = stroked_lines(&pdf, dir.path());
    assert!(
        rules.iter().any(|(horizontal, ..)| *horizontal),
        "(sober) no rule under the masthead: {rules:?}"
    );
}

/// Authors with affiliations stand one to a line, the affiliation under the name (issue 27,
/// item 5), in the PDF and in the HTML page: never "A, Institute of X and B" as one phrase.
#[test]
fn authors_with_affiliations_are_stacked() {
    let dir = tempfile::tempdir().unwrap();
    let input = brief(
        dir.path(),
        "---\ntitle: Harbour Dues\nauthors:\n  - name: Ines Duarte\n    affiliation: Coastal Institute\n  \
         - name: Tomas Berg\n    affiliation: Northern Ports Council\n---\n\nText of the brief.\n",
    );
    for name in THEMES {
        let pdf = build_pdf(&input, name, dir.path());
        let pages = word_boxes(&pdf);
        let y = |word: &str| {
            pages[0]
                .words
                .iter()
                .find(|w| w.text == word)
                .unwrap_or_else(|| panic!("{word}"))
                .y0
        };
        assert!(
            y("Duarte") < y("Coastal") - 3.0
                && y("Coastal") < y("Berg") - 3.0
                && y("Berg") < y("Northern") - 3.0,
            "({name}) name, affiliation, name, affiliation, each on a line of its own"
        );
    }
    let expected: [(String, String); 2] = [
        ("Ines Duarte".into(), "Coastal Institute".into()),
        ("Tomas Berg".into(), "Northern Ports Council".into()),
    ];
    let html = build_as(&input, "html", dir.path());
    let html = scraper::Html::parse_document(&std::fs::read_to_string(&html).unwrap());
    assert_eq!(
        byline_entries(&html, ".byline p", ".author", ".affiliation"),
        expected,
        "HTML"
    );
    // The EPUB's title page, the same way.
    let epub = build_as(&input, "epub", dir.path());
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&epub).unwrap()).unwrap();
    let mut title = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("OEBPS/title.xhtml").unwrap(), &mut title)
        .unwrap();
    let title = scraper::Html::parse_document(&title);
    assert_eq!(
        byline_entries(&title, ".bp-authors p", ".bp-author", ".bp-affiliation"),
        expected,
        "EPUB"
    );
}

/// `input` built as `format` (`html`, `epub`) into `dir`: the file's path.
fn build_as(input: &Path, format: &str, dir: &Path) -> PathBuf {
    let out = dir.join(format!("brief.{format}"));
    let o = briefpress_in(
        &common::root(),
        &[
            "build",
            "-q",
            "-f",
            format,
            "-o",
            out.to_str().unwrap(),
            input.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

/// Each byline entry (`entry` elements) as (name, affiliation), from the elements `name` and
/// `affiliation` inside it.
fn byline_entries(
    doc: &scraper::Html,
    entry: &str,
    name: &str,
    affiliation: &str,
) -> Vec<(String, String)> {
    doc.select(&scraper::Selector::parse(entry).unwrap())
        .map(|p| {
            let part = |s: &str| {
                p.select(&scraper::Selector::parse(s).unwrap())
                    .map(|e| e.text().collect::<String>())
                    .collect::<String>()
            };
            (part(name), part(affiliation))
        })
        .collect()
}

/// The share of a page a designer accepts after the first: a third (issue 27, item 2).
const MIN_TEXT: f64 = 1.0 / 3.0;

/// No page after the first is less than a third full (issue 27, item 2): text and the back
/// matter panel together fill at least a third of its text block, so that the back matter's
/// own page holds a panel of a third of it at least (a page of four lines with a small panel
/// fails; so does a small panel alone). Checked on every fixture in both themes and on the
/// real extractions in the default theme. Before this was enforced, 12 fixture layouts ended
/// on such a page; a brief whose last page the pages before cannot take in now has the page
/// before the last end earlier, at a block or a section.
#[test]
fn no_page_after_the_first_is_less_than_a_third_full() {
    let mut briefs: Vec<(PathBuf, &str)> = Vec::new();
    for name in THEMES {
        briefs.extend(every_buildable().into_iter().map(|p| (p, *name)));
    }
    briefs.extend(real_extractions().into_iter().map(|p| (p, "default")));
    let (mut pages, mut short) = (0, Vec::new());
    for (input, name) in &briefs {
        let theme = Theme::builtin(name).unwrap();
        let (doc, res) = read(input);
        let fills = fills(&doc, &res, &theme);
        for (i, f) in fills.iter().enumerate().skip(1) {
            pages += 1;
            if f.text + f.back_matter.unwrap_or(0.0) < MIN_TEXT {
                short.push(format!(
                    "{} ({name}): page {} of {} holds {:.0} % text and a back matter panel of \
                     {:?} %",
                    input.display(),
                    i + 1,
                    fills.len(),
                    f.text * 100.0,
                    f.back_matter.map(|b| (b * 100.0).round())
                ));
            }
        }
    }
    assert!(pages > 200, "the rule was checked on {pages} pages");
    assert!(short.is_empty(), "{}", short.join("\n"));
}

/// Titles and subtitles balanced and ragged (issue 27, item 5): no last line of one word under
/// a full one, and no word spacing spread as a justified line would be — in both themes.
#[test]
fn titles_and_subtitles_are_balanced_and_ragged() {
    let dir = tempfile::tempdir().unwrap();
    let input = brief(
        dir.path(),
        "---\ntitle: Rails for the Digital State of Tomorrow\nsubtitle: Lessons from Five \
         Countries on Shared Public Infrastructure and Trust\n---\n\nText of the brief.\n",
    );
    for name in THEMES {
        let pdf = build_pdf(&input, name, dir.path());
        let pages = word_boxes(&pdf);
        let page = &pages[0];
        let title_words = ["Rails", "for", "the", "Digital", "State", "of", "Tomorrow"];
        let sub_words = [
            "Lessons",
            "from",
            "Five",
            "Countries",
            "on",
            "Shared",
            "Public",
            "Infrastructure",
            "and",
            "Trust",
        ];
        for (what, words) in [("title", &title_words[..]), ("subtitle", &sub_words[..])] {
            let boxes: Vec<&Word> = words
                .iter()
                .map(|w| page.words.iter().find(|b| b.text == *w).unwrap())
                .collect();
            let mut lines: Vec<Vec<&Word>> = Vec::new();
            for b in boxes {
                match lines.last_mut() {
                    Some(l) if (l[0].y1 - b.y1).abs() < 1.0 => l.push(b),
                    _ => lines.push(vec![b]),
                }
            }
            assert!(
                lines.len() >= 2,
                "({name}) the {what} takes two lines or more"
            );
            assert!(
                lines.last().unwrap().len() >= 2,
                "({name}) the {what}'s last line is not one word"
            );
            for l in &lines {
                let size = l[0].y1 - l[0].y0;
                for pair in l.windows(2) {
                    let gap = pair[1].x0 - pair[0].x1;
                    assert!(
                        gap < 0.45 * size,
                        "({name}) the {what}'s words `{}` and `{}` stand {gap:.1} pt apart \
                         at {size:.1} pt: spread as if justified",
                        pair[0].text,
                        pair[1].text
                    );
                }
            }
        }
    }
}

/// A table whose columns can each hold their longest word sets none of its words hyphenated,
/// as a browser sets the table of the HTML page ("Lithium-ion / battery", not "Lithium-ion
/// bat- / tery"): the table of a real Word → pandoc extraction (whose old PDF hyphenated
/// "embankment") and the marker-shaped fixture's (old PDF: "duration", "battery", "fatigue"),
/// each alone under a title so that every word of the PDF is the title's or the table's, in
/// both themes. Typst marks a hyphenation with a soft hyphen in the text layer.
#[test]
fn table_words_are_not_hyphenated_when_their_columns_can_hold_them() {
    let cases: [(&str, usize, &[&str]); 2] = [
        (
            "tests/fixtures/real/room-for-the-river--word-docx--pandoc-gfm.md",
            7,
            &["Ledwardine", "embankment", "protected"],
        ),
        (
            "tests/fixtures/extractors/winter-batteries-marker.md",
            7,
            &[
                "Lithium-ion",
                "battery",
                "duration",
                "fatigue",
                "reservoirs",
            ],
        ),
    ];
    for (fixture, rows, whole_words) in cases {
        let source = std::fs::read_to_string(common::root().join(fixture)).unwrap();
        let table: Vec<&str> = source.lines().filter(|l| l.starts_with('|')).collect();
        assert_eq!(table.len(), rows, "{fixture}: header, rule and rows");
        let dir = tempfile::tempdir().unwrap();
        let input = brief(
            dir.path(),
            &format!("---\ntitle: Options\n---\n\n{}\n", table.join("\n")),
        );
        for theme in ["default", "sober"] {
            let pdf = build_pdf(&input, theme, dir.path());
            let words: Vec<String> = word_boxes(&pdf)
                .into_iter()
                .flat_map(|p| p.words)
                .map(|w| w.text)
                .collect();
            for whole in whole_words {
                assert!(
                    words.iter().any(|w| w.trim_end_matches(',') == *whole),
                    "{fixture}, {theme}: {whole:?} in {words:?}"
                );
            }
            let hyphenated: Vec<&String> = words.iter().filter(|w| w.contains('\u{ad}')).collect();
            assert!(hyphenated.is_empty(), "{fixture}, {theme}: {hyphenated:?}");
        }
    }
}
