//! Issue 28: nothing half-written, nothing overwritten that briefpress did not write, no input
//! that breaks it. Each test failed before its fix.

use crate::common::*;
use std::path::Path;

/// A brief titled `title` at `dir/rel`.
fn put_brief(dir: &Path, rel: &str, title: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(
        path,
        format!("---\ntitle: {title}\n---\n\nBody of {title}.\n"),
    )
    .unwrap();
}

/// Every file under `dir` (folders too, ending in `/`), relative and sorted.
fn tree(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            if p.is_dir() {
                out.push(format!("{rel}/"));
                stack.push(p);
            } else {
                out.push(rel);
            }
        }
    }
    out.sort();
    out
}

/// Runs briefpress in `dir`: the exit code and standard error.
fn run(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = briefpress_in(dir, args);
    (out.status.code().unwrap_or(-1), stderr(&out))
}

// ---------------------------------------------------------------------------------------------
// 1. A brief's outputs are all or nothing

#[test]
fn a_brief_that_cannot_write_one_output_writes_none_and_keeps_the_older_set() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    put_brief(d, "x.md", "Old");
    let (code, err) = run(d, &["build", "-q", "-f", "json,pdf", "x.md"]);
    assert_eq!(code, 0, "{err}");
    let old_json = std::fs::read(d.join("output/x.json")).unwrap();
    let old_pdf = std::fs::read(d.join("output/x.pdf")).unwrap();
    // The page cannot be written: a folder stands where it goes.
    std::fs::create_dir(d.join("output/x.html")).unwrap();
    put_brief(d, "x.md", "New");
    let (code, err) = run(d, &["build", "-f", "json,pdf,html", "x.md"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("output/x.html"), "{err}");
    assert!(
        err.contains("none of this brief's outputs were written"),
        "{err}"
    );
    assert_eq!(std::fs::read(d.join("output/x.json")).unwrap(), old_json);
    assert_eq!(std::fs::read(d.join("output/x.pdf")).unwrap(), old_pdf);
    assert_eq!(
        tree(&d.join("output")),
        ["x.html/", "x.json", "x.pdf"],
        "no temporary file is left behind"
    );
    // A first build that fails leaves nothing at all.
    put_brief(d, "y.md", "Y");
    std::fs::create_dir(d.join("output/y.html")).unwrap();
    let (code, _) = run(d, &["build", "-f", "json,pdf,html", "y.md"]);
    assert_eq!(code, 1);
    assert!(!d.join("output/y.json").exists());
    assert!(!d.join("output/y.pdf").exists());
}
