//! `briefpress check`: the report of what the reader recognised, as text and as JSON, with
//! the facts written by hand from the briefs read.

use crate::common::{briefpress, root, stderr};

fn check_json(files: &[&str]) -> serde_json::Value {
    let mut args = vec!["check", "--json"];
    args.extend_from_slice(files);
    let out = briefpress(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("check --json prints JSON")
}

#[test]
fn check_json_reports_what_was_recognised_in_an_extracted_brief() {
    let path = root().join("tests/fixtures/extractors/rural-doctors-pdftotext.md");
    let report = check_json(&[path.to_str().unwrap()]);
    let r = &report[0];
    assert_eq!(r["style"], "extracted");
    assert_eq!(r["title"], "Keeping Doctors in the Valleys");
    assert_eq!(r["authors"], serde_json::json!(["Aled Morgan"]));
    assert_eq!(r["date"], serde_json::Value::Null, "the brief has no date");
    assert_eq!(r["series"], "Working Paper 22");
    assert_eq!(r["publisher"], "Cambrian Health Policy Unit");
    assert_eq!(r["summary_paragraphs"], 2);
    assert_eq!(r["sections"], 3);
    // Seven notes at the page feet, numbered again on every page, written as superscripts.
    assert_eq!(r["notes"], 7);
    assert_eq!(r["note_forms"], serde_json::json!(["superscript"]));
    assert_eq!(r["note_placement"], serde_json::json!(["page-foot"]));
    // Three form feeds; a page number at the foot of every page but the first (2 to 5).
    assert_eq!(r["page_breaks"], 3);
    assert_eq!(r["running_lines_removed"], 4);
    // The author is a name on its own under the title: a guess, so a located warning.
    assert_eq!(r["warnings"], 1);
}

#[test]
fn check_says_which_two_column_pages_were_read_down_their_columns_and_why_the_title() {
    // pdftotext on a two-column Typst PDF (tests/fixtures/real): its pages 1 and 2 are read
    // across the columns, their note markers out of order (2, 3, 4, 1 and 6, 7, 8, 5), and are
    // read down them; page 3, whose table sets each cell as a block of its own, is left as
    // written, and page 4's markers (12, 13) come in order. The running head prints "Policy
    // Brief No. 21 — Room for the River" from page 2; the text's first line is the right
    // column's heading "The arithmetic of appraisal".
    let path = root().join("tests/fixtures/real/room-for-the-river--typst-2col--pdftotext.txt");
    let report = check_json(&[path.to_str().unwrap()]);
    let r = &report[0];
    assert_eq!(r["inferred"]["column_pages"], 2);
    assert_eq!(r["title"], "Room for the River");
    assert_eq!(
        r["title_from"],
        "inferred: a title-page line the running head repeats"
    );
}

#[test]
fn a_guess_from_position_alone_is_a_located_warning() {
    let path = root().join("tests/fixtures/extractors/rural-doctors-pdftotext.md");
    let out = briefpress(&["check", path.to_str().unwrap()]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(
            "rural-doctors-pdftotext.md:3:1: warning: `Aled Morgan` is taken as the author"
        ),
        "{err}"
    );
    let strict = briefpress(&["check", "-q", "--strict", path.to_str().unwrap()]);
    assert_eq!(
        strict.status.code(),
        Some(1),
        "--strict makes the guess an error"
    );
}

#[test]
fn check_json_lists_undefined_and_unused_notes() {
    let path = root().join("tests/fixtures/extractors/seasonal-workers-word-pandoc.md");
    let r = &check_json(&[path.to_str().unwrap()])[0];
    assert_eq!(r["undefined_refs"], serde_json::json!(["7"]));
    assert_eq!(r["unused_defs"], serde_json::json!(["8"]));
    assert_eq!(r["note_placement"], serde_json::json!(["markdown"]));
    assert_eq!(r["warnings"], 2);
}

#[test]
fn check_prints_a_text_report_per_brief_unless_quiet() {
    let a = root().join("tests/fixtures/extractors/litio-andino-es.md");
    let b = root().join("tests/fixtures/extractors/desalination-pymupdf4llm.md");
    let out = briefpress(&["check", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("litio-andino-es.md: extracted"), "{text}");
    assert!(text.contains("Más allá de la salmuera"), "{text}");
    assert!(text.contains("Lucía Fernández, Diego Paredes"), "{text}");
    assert!(text.contains("2023-05-05"), "{text}");
    assert!(
        text.contains("desalination-pymupdf4llm.md: extracted"),
        "{text}"
    );
    assert!(text.contains("end-section"), "{text}");
    let quiet = briefpress(&["check", "-q", a.to_str().unwrap()]);
    assert!(quiet.status.success());
    assert!(quiet.stdout.is_empty(), "-q prints no report");
}
