//! CLI tests: `check` and `build -f json`, exit codes 0/1/2, `--strict`, and every reader
//! diagnostic in its `file:line:col: severity: message` form at the right line.

use crate::common::{briefpress, briefpress_in, fixtures, root, sample, stderr};

/// Writes `name` with `bytes` into a fresh folder and runs `briefpress check name` there.
fn check_bytes(name: &str, bytes: &[u8], extra: &[&str]) -> (i32, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    let mut args = vec!["check"];
    args.extend_from_slice(extra);
    args.push(name);
    let out = briefpress_in(dir.path(), &args);
    (out.status.code().unwrap_or(-1), stderr(&out), dir)
}

/// The one diagnostic line that starts with `prefix` (`file:line:col: severity:`).
fn assert_diag(stderr: &str, prefix: &str, words: &str) {
    let hits: Vec<&str> = stderr.lines().filter(|l| l.starts_with(prefix)).collect();
    assert_eq!(
        hits.len(),
        1,
        "expected one line starting `{prefix}` in:\n{stderr}"
    );
    assert!(
        hits[0].contains(words),
        "`{}` should mention `{words}`",
        hits[0]
    );
}

/// Diagnostic lines only (not the source excerpts under them).
fn diag_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains(": warning: ") || l.contains(": error: "))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// check and build -f json

#[test]
fn check_sample_and_fixtures_is_clean() {
    let mut paths = vec![sample()];
    paths.extend(fixtures("extracted"));
    paths.extend(fixtures("authored"));
    let args: Vec<String> = std::iter::once("check".to_string())
        .chain(paths.iter().map(|p| p.display().to_string()))
        .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = briefpress(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "",
        "no diagnostics for the sample and fixtures"
    );
    // The report of what was recognised goes to stdout: one per brief.
    let report = String::from_utf8_lossy(&out.stdout);
    for p in &paths {
        let style = if p.starts_with(crate::common::root().join("tests/fixtures/authored")) {
            "authored"
        } else {
            "extracted"
        };
        assert!(
            report.contains(&format!("{}: {style}\n", p.display())),
            "{}: no report in\n{report}",
            p.display()
        );
    }
}

#[test]
fn build_json_writes_the_model() {
    let dir = tempfile::tempdir().unwrap();
    let out = briefpress(&[
        "build",
        "-f",
        "json",
        "-d",
        dir.path().to_str().unwrap(),
        sample().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = std::fs::read_to_string(dir.path().join("islamic-state-and-russia.json"))
        .expect("<stem>.json in the output folder");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["meta"]["title"], "The Islamic State and Russia");
    assert_eq!(v["meta"]["date"], "2024-05-29");
    assert_eq!(v["footnotes"].as_array().unwrap().len(), 16);
    assert_eq!(v["footnotes"][0]["number"], 1);
    assert_eq!(v["sections"][0]["title"], serde_json::Value::Null);
    // Only the JSON was asked for.
    let written: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(written.len(), 1);
}

#[test]
fn build_json_to_a_named_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("model.json");
    let input = root().join("tests/fixtures/authored/digital-public-infrastructure.md");
    let out = briefpress(&[
        "build",
        "-o",
        target.to_str().unwrap(),
        input.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&target).unwrap()).unwrap();
    assert_eq!(v["meta"]["authors"][0]["name"], "Ingrid Halvorsen");
    assert_eq!(v["sections"][1]["blocks"][0]["type"], "heading");
}

// ---------------------------------------------------------------------------------------------
// Exit codes

#[test]
fn usage_errors_exit_2() {
    let s = sample();
    let s = s.to_str().unwrap();
    for args in [
        vec!["check"],
        vec!["build", "-f", "docx", s],
        vec!["build", "--no-such-flag", s],
        vec!["build", "-o", "out.unknown", s],
        vec!["frobnicate"],
    ] {
        let out = briefpress(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).is_empty(), "{args:?} says why");
    }
}

#[test]
fn input_errors_exit_1() {
    let out = briefpress(&["check", "no-such-brief.md"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no-such-brief.md"));
    // One bad input among good ones fails the run, and the good one is still checked.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.md"), "").unwrap();
    let out = briefpress_in(dir.path(), &["check", "bad.md", sample().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(diag_lines(&stderr(&out)).len(), 1, "{}", stderr(&out));
}

#[test]
fn warnings_pass_unless_strict() {
    let brief = "---\ntitle: T\n---\n\nBody.[^a]\n\n[^a]: A.\n\n[^b]: Unused.\n";
    let (code, err, _d) = check_bytes("w.md", brief.as_bytes(), &[]);
    assert_eq!(code, 0, "{err}");
    assert_diag(&err, "w.md:9:1: warning: ", "never referenced");
    let (code, err, _d) = check_bytes("w.md", brief.as_bytes(), &["--strict"]);
    assert_eq!(code, 1, "{err}");
    assert_diag(&err, "w.md:9:1: error: ", "never referenced");

    // build: written with a warning; with --strict nothing is written.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("w.md"), brief).unwrap();
    let out = briefpress_in(dir.path(), &["build", "-f", "json", "-d", "out", "w.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("out/w.json").is_file());
    std::fs::remove_dir_all(dir.path().join("out")).unwrap();
    let out = briefpress_in(
        dir.path(),
        &["build", "--strict", "-f", "json", "-d", "out", "w.md"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!dir.path().join("out/w.json").exists());
}

// ---------------------------------------------------------------------------------------------
// Each diagnostic, located

#[test]
fn note_referenced_but_not_defined() {
    // Authored: comrak leaves an undefined `[^label]` as text; it is still reported.
    let (code, err, _d) = check_bytes(
        "a.md",
        b"---\ntitle: T\n---\n\nText with a note.[^missing] More.\n",
        &[],
    );
    assert_eq!(code, 0);
    assert_diag(
        &err,
        "a.md:5:18: warning: ",
        "note `missing` is referenced but not defined",
    );
    // Extracted: `<sup>N</sup>` with no definition, located at the marker.
    let (code, err, _d) = check_bytes(
        "e.md",
        b"# A Title\n\nBody text.<sup>1</sup> More text.<sup>2</sup>\n\n---\n\n<sup>1</sup> The note.\n",
        &[],
    );
    assert_eq!(code, 0);
    assert_diag(
        &err,
        "e.md:3:34: warning: ",
        "note `2` is referenced but not defined",
    );
    assert_eq!(diag_lines(&err).len(), 1, "{err}");
}

#[test]
fn note_defined_but_not_referenced() {
    let (code, err, _d) = check_bytes(
        "a.md",
        b"---\ntitle: T\n---\n\nBody.[^a]\n\n[^a]: Used.\n\n[^spare]: Unused.\n",
        &[],
    );
    assert_eq!(code, 0);
    assert_diag(
        &err,
        "a.md:9:1: warning: ",
        "note `spare` is defined but never referenced",
    );
    let (_, err, _d) = check_bytes(
        "e.md",
        b"# A Title\n\nBody.<sup>1</sup>\n\n---\n\n<sup>1</sup> Used.\n\n<sup>2</sup> Unused.\n",
        &[],
    );
    assert_diag(
        &err,
        "e.md:9:1: warning: ",
        "note `2` is defined but never referenced",
    );
}

#[test]
fn note_defined_twice_first_wins() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "---\ntitle: T\n---\n\nBody.[^a]\n\n[^a]: First.\n\n[^a]: Second.\n",
    )
    .unwrap();
    let out = briefpress_in(dir.path(), &["build", "-f", "json", "-d", ".", "a.md"]);
    assert_eq!(out.status.code(), Some(0));
    assert_diag(
        &stderr(&out),
        "a.md:9:1: warning: ",
        "note `a` is defined twice",
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("a.json")).unwrap()).unwrap();
    assert_eq!(
        v["footnotes"][0]["blocks"][0]["content"][0]["text"],
        "First."
    );
    let (_, err, _d) = check_bytes(
        "e.md",
        b"# A Title\n\nBody.<sup>1</sup>\n\n---\n\n<sup>1</sup> First.\n\n<sup>1</sup> Again.\n",
        &[],
    );
    assert_diag(&err, "e.md:9:1: warning: ", "note `1` is defined twice");
}

#[test]
fn no_title_is_an_error_only_in_front_matter() {
    // Plain text with nothing that could be a title still builds: its first line is the
    // title, and a warning says so.
    let (code, err, _d) = check_bytes(
        "t.md",
        b"Just a paragraph, no heading.\n\nAnd the body goes on.\n",
        &[],
    );
    assert_eq!(code, 0, "{err}");
    assert_diag(&err, "t.md:1:1: warning: ", "no title could be inferred");
    // Front matter that names no title is an error: the author meant to give one.
    let (code, err, _d) = check_bytes("t.md", b"---\nsubtitle: S\n---\n\nBody.\n", &[]);
    assert_eq!(code, 1);
    assert_diag(&err, "t.md:1:1: error: ", "no title");
}

#[test]
fn date_not_understood() {
    let (code, err, _d) = check_bytes(
        "d.md",
        b"---\ntitle: T\nlang: en\ndate: next spring\n---\n\nBody.\n",
        &[],
    );
    assert_eq!(code, 0);
    assert_diag(
        &err,
        "d.md:4:1: warning: ",
        "date `next spring` not understood",
    );
    let (code, err, _d) = check_bytes(
        "e.md",
        b"# A Title\n\n*Jo Bloggs*\n\nSpring 2024\n\n## Summary\n\nText.\n",
        &[],
    );
    assert_eq!(code, 0);
    assert_diag(
        &err,
        "e.md:5:1: warning: ",
        "date `Spring 2024` not understood",
    );
}

#[test]
fn image_file_missing() {
    let (code, err, _d) = check_bytes(
        "i.md",
        b"---\ntitle: T\n---\n\nBody.\n\n![A chart](charts/missing.png)\n",
        &[],
    );
    assert_eq!(code, 0);
    assert_diag(
        &err,
        "i.md:7:1: warning: ",
        "image file `charts/missing.png` is missing",
    );
    // Present next to the brief: no warning.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("tests/fixtures/authored/dpi-adoption.png"),
        dir.path().join("c.png"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("i.md"),
        "---\ntitle: T\n---\n\n![A chart](c.png)\n",
    )
    .unwrap();
    let out = briefpress_in(dir.path(), &["check", "i.md"]);
    assert_eq!(stderr(&out), "");
}

#[test]
fn yaml_error_with_its_line() {
    let (code, err, _d) = check_bytes(
        "y.md",
        b"---\ntitle: Fine\nsubtitle: a: b\n---\n\nBody.\n",
        &[],
    );
    assert_eq!(code, 1);
    assert_diag(&err, "y.md:3:", "front matter is not valid YAML");
    assert!(diag_lines(&err)[0].contains(": error: "), "{err}");
    // Never closed.
    let (code, err, _d) = check_bytes("y.md", b"---\ntitle: T\n\nBody.\n", &[]);
    assert_eq!(code, 1);
    assert_diag(&err, "y.md:1:1: error: ", "never closed");
}

#[test]
fn input_not_utf8_with_byte_offset() {
    let (code, err, _d) = check_bytes("l.md", b"# Title\n\nCaf\xe9 society.\n", &[]);
    assert_eq!(code, 1);
    assert_diag(&err, "l.md:3:4: error: ", "not UTF-8");
    assert!(err.contains("byte offset 12"), "{err}");
}

#[test]
fn empty_input_is_an_error() {
    for bytes in [&b""[..], b"  \n\n\t\n", b"\xef\xbb\xbf\n"] {
        let (code, err, _d) = check_bytes("z.md", bytes, &[]);
        assert_eq!(code, 1, "{bytes:?}");
        assert_diag(&err, "z.md:1:1: error: ", "empty");
    }
}

#[test]
fn diagnostics_show_the_source_line() {
    let (_, err, _d) = check_bytes(
        "a.md",
        b"---\ntitle: T\n---\n\nText with a note.[^missing] More.\n",
        &[],
    );
    assert!(
        err.contains(" 5 | Text with a note.[^missing] More.\n   |                  ^"),
        "{err}"
    );
    // --quiet keeps errors only.
    let (code, err, _d) = check_bytes(
        "a.md",
        b"---\ntitle: T\n---\n\nText with a note.[^missing] More.\n",
        &["--quiet"],
    );
    assert_eq!(code, 0);
    assert_eq!(err, "");
}

// ---------------------------------------------------------------------------------------------
// Never lose a file: refused before anything is written (issue 19)

/// Every file under `dir`, relative and sorted.
fn tree(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap();
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

/// Runs briefpress in `dir`: the exit code, the first line of stderr, the files afterwards.
fn run_in(dir: &std::path::Path, args: &[&str]) -> (i32, String, Vec<String>) {
    let out = briefpress_in(dir, args);
    let err = stderr(&out);
    let first = err.lines().next().unwrap_or("").to_string();
    (out.status.code().unwrap_or(-1), first, tree(dir))
}

/// A brief titled `title` at `dir/rel`.
fn put_brief(dir: &std::path::Path, rel: &str, title: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(
        path,
        format!("---\ntitle: {title}\n---\n\nBody of {title}.\n"),
    )
    .unwrap();
}

fn json_title(path: &std::path::Path) -> String {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["meta"]["title"].as_str().unwrap().to_string()
}

#[test]
fn same_stem_in_two_folders_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    put_brief(dir.path(), "2023/brief.md", "Old");
    put_brief(dir.path(), "2024/brief.md", "New");
    let (code, first, files) = run_in(
        dir.path(),
        &["build", "-f", "json", "2023/brief.md", "2024/brief.md"],
    );
    assert_eq!(code, 2);
    assert_eq!(
        first,
        "briefpress: error: `2023/brief.md` and `2024/brief.md` would both be written to \
         `output/brief.json`; rename one, or pass --mirror-dirs to keep their folders apart \
         under output"
    );
    assert_eq!(files, ["2023/brief.md", "2024/brief.md"]);
}

#[test]
fn mirror_dirs_keeps_both_briefs_and_the_depfile_names_each() {
    let dir = tempfile::tempdir().unwrap();
    put_brief(dir.path(), "2023/brief.md", "Old");
    put_brief(dir.path(), "2024/brief.md", "New");
    let (code, first, files) = run_in(
        dir.path(),
        &[
            "build",
            "-q",
            "-f",
            "json",
            "--mirror-dirs",
            "--depfile",
            "deps.d",
            "2023/brief.md",
            "2024/brief.md",
        ],
    );
    assert_eq!((code, first.as_str()), (0, ""));
    assert_eq!(
        files,
        [
            "2023/brief.md",
            "2024/brief.md",
            "deps.d",
            "output/2023/brief.json",
            "output/2024/brief.json"
        ]
    );
    assert_eq!(
        json_title(&dir.path().join("output/2023/brief.json")),
        "Old"
    );
    assert_eq!(
        json_title(&dir.path().join("output/2024/brief.json")),
        "New"
    );
    let deps = std::fs::read_to_string(dir.path().join("deps.d")).unwrap();
    assert!(
        deps.contains("output/2023/brief.json: 2023/brief.md")
            && deps.contains("output/2024/brief.json: 2024/brief.md"),
        "{deps}"
    );
}

#[test]
fn mirror_dirs_is_relative_to_the_inputs_common_folder_whatever_the_spelling() {
    // `..` and an absolute path for briefs in sibling folders: mirrored from their parent.
    let dir = tempfile::tempdir().unwrap();
    put_brief(dir.path(), "briefs/2023/brief.md", "Old");
    put_brief(dir.path(), "briefs/2024/brief.md", "New");
    std::fs::create_dir(dir.path().join("work")).unwrap();
    let absolute = dir.path().join("briefs/2024/brief.md");
    let out = briefpress_in(
        &dir.path().join("work"),
        &[
            "build",
            "-q",
            "-f",
            "json",
            "--mirror-dirs",
            "../briefs/2023/brief.md",
            absolute.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        tree(&dir.path().join("work")),
        ["output/2023/brief.json", "output/2024/brief.json"]
    );
}

#[test]
fn output_onto_an_input_is_refused_however_it_is_reached() {
    let dir = tempfile::tempdir().unwrap();
    put_brief(dir.path(), "victim.md", "Victim");
    let before = std::fs::read(dir.path().join("victim.md")).unwrap();
    std::fs::hard_link(dir.path().join("victim.md"), dir.path().join("hard.md")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("victim.md", dir.path().join("soft.md")).unwrap();
    for target in ["victim.md", "./victim.md", "hard.md", "soft.md"] {
        let (code, first, _) = run_in(
            dir.path(),
            &["build", "-o", target, "-f", "html", "victim.md"],
        );
        assert_eq!(code, 2, "-o {target}");
        assert_eq!(
            first,
            format!(
                "briefpress: error: `{target}` would be written over the input `victim.md`: \
                 refusing to overwrite a brief"
            )
        );
        assert_eq!(std::fs::read(dir.path().join("victim.md")).unwrap(), before);
    }
    assert_eq!(tree(dir.path()), ["hard.md", "soft.md", "victim.md"]);
}

#[test]
fn output_extension_must_agree_with_the_format() {
    let dir = tempfile::tempdir().unwrap();
    put_brief(dir.path(), "b.md", "B");
    let (code, first, files) = run_in(
        dir.path(),
        &["build", "-o", "report.pdf", "-f", "html", "b.md"],
    );
    assert_eq!(code, 2);
    assert_eq!(
        first,
        "briefpress: error: --output `report.pdf` names a .pdf file but --format is html: \
         make them agree"
    );
    assert_eq!(files, ["b.md"]);
    // Agreeing, or `.htm` for HTML, is fine.
    let (code, _, files) = run_in(
        dir.path(),
        &["build", "-o", "page.htm", "-f", "html", "b.md"],
    );
    assert_eq!(code, 0);
    assert_eq!(files, ["b.md", "page.htm"]);
}

#[test]
fn an_output_file_given_as_an_input_suggests_dash_o() {
    let dir = tempfile::tempdir().unwrap();
    put_brief(dir.path(), "brief.md", "B");
    for name in ["old.pdf", "old.epub", "old.html"] {
        let (code, first, files) = run_in(dir.path(), &["build", "brief.md", name]);
        assert_eq!(code, 2);
        assert_eq!(
            first,
            format!(
                "briefpress: error: `{name}` is an output file, not a brief: did you mean \
                 `-o {name}`?"
            )
        );
        assert_eq!(files, ["brief.md"]);
    }
}

// ---------------------------------------------------------------------------------------------
// Say what happened (issue 19)

const WARNS: &str = "---\ntitle: T\n---\n\nBody.[^a]\n\n[^a]: A.\n\n[^b]: Unused.\n";

fn stderr_lines(dir: &std::path::Path, args: &[&str]) -> (i32, Vec<String>, Vec<String>) {
    let out = briefpress_in(dir, args);
    let lines = stderr(&out).lines().map(str::to_string).collect();
    (out.status.code().unwrap_or(-1), lines, tree(dir))
}

#[test]
fn strict_shows_warnings_as_errors_even_when_quiet() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("w.md"), WARNS).unwrap();
    let (code, lines, files) = stderr_lines(
        dir.path(),
        &["build", "--strict", "-q", "-f", "json", "w.md"],
    );
    assert_eq!(code, 1);
    assert_eq!(
        lines[0],
        "w.md:9:1: error: note `b` is defined but never referenced; it is left out [--strict]"
    );
    assert_eq!(lines.last().unwrap(), "error: w.md: not built (1 error)");
    assert_eq!(files, ["w.md"]);
}

#[test]
fn every_failed_brief_ends_with_one_not_built_line_and_the_batch_with_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.md"), b"caf\xe9\n").unwrap();
    put_brief(dir.path(), "good.md", "Good");
    let (code, lines, files) =
        stderr_lines(dir.path(), &["build", "-f", "json", "bad.md", "good.md"]);
    assert_eq!(code, 1);
    assert!(
        lines[0].starts_with("bad.md:1:4: error: input is not UTF-8"),
        "{lines:?}"
    );
    let not_built: Vec<&String> = lines.iter().filter(|l| l.contains("not built")).collect();
    assert_eq!(not_built, ["error: bad.md: not built (1 error)"]);
    let last = lines.last().unwrap();
    assert!(
        last.starts_with("built 1 brief (1 file) into output/ in ")
            && last.ends_with(" s; 1 failed: bad.md"),
        "{last}"
    );
    assert_eq!(files, ["bad.md", "good.md", "output/good.json"]);
    // Quiet: the error and its line, no summary.
    let (_, lines, _) = stderr_lines(
        dir.path(),
        &["build", "-q", "-f", "json", "bad.md", "good.md"],
    );
    assert_eq!(lines.last().unwrap(), "error: bad.md: not built (1 error)");
    let (code, lines, _) = stderr_lines(dir.path(), &["build", "-q", "-f", "json", "good.md"]);
    assert_eq!((code, lines.len()), (0, 0));
}

#[test]
fn a_batch_says_what_it_built() {
    let dir = tempfile::tempdir().unwrap();
    put_brief(dir.path(), "a.md", "A");
    put_brief(dir.path(), "b.md", "B");
    let (code, lines, _) = stderr_lines(
        dir.path(),
        &["build", "-d", "site", "-f", "html,json", "a.md", "b.md"],
    );
    assert_eq!(code, 0);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("built 2 briefs (4 files) into site/ in "),
        "{lines:?}"
    );
}

#[test]
fn a_single_build_names_its_files_pages_notes_and_warnings() {
    crate::common::require_tool("pdfinfo");
    let dir = tempfile::tempdir().unwrap();
    let input = sample();
    let (code, lines, _) =
        stderr_lines(dir.path(), &["build", "-d", "out", input.to_str().unwrap()]);
    assert_eq!(code, 0, "{lines:?}");
    let pdf = dir.path().join("out/islamic-state-and-russia.pdf");
    let info = std::process::Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .unwrap();
    let pages: usize = String::from_utf8_lossy(&info.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert_eq!(
        lines,
        [format!(
            "built out/islamic-state-and-russia.pdf, islamic-state-and-russia.epub, \
             islamic-state-and-russia.html ({pages} pages, 16 notes, 0 warnings)"
        )]
    );
    // Without a PDF there are no pages to count; warnings are counted.
    std::fs::write(dir.path().join("w.md"), WARNS).unwrap();
    let (_, lines, _) = stderr_lines(dir.path(), &["build", "-o", "w.html", "w.md"]);
    assert_eq!(lines.last().unwrap(), "built w.html (1 note, 1 warning)");
}

// ---------------------------------------------------------------------------------------------
// Options and errors (issue 19)

#[test]
fn an_unwritable_output_folder_fails_once_before_rendering() {
    let dir = tempfile::tempdir().unwrap();
    put_brief(dir.path(), "a.md", "A");
    put_brief(dir.path(), "b.md", "B");
    std::fs::write(dir.path().join("afile"), "").unwrap();
    let (code, lines, files) =
        stderr_lines(dir.path(), &["build", "-d", "afile/out", "a.md", "b.md"]);
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        ["briefpress: error: cannot create the output folder `afile/out`: `afile` is a file"]
    );
    assert_eq!(files, ["a.md", "afile", "b.md"]);
    // A folder no one may write into (sysfs refuses even root).
    #[cfg(target_os = "linux")]
    {
        let (code, lines, _) = stderr_lines(
            dir.path(),
            &["build", "-d", "/sys/briefpress-out", "a.md", "b.md"],
        );
        assert_eq!(code, 1);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(
            lines[0].starts_with(
                "briefpress: error: cannot create the output folder `/sys/briefpress-out` in `/sys`: "
            ),
            "{lines:?}"
        );
        assert!(!lines[0].contains(".tmp"), "{lines:?}");
    }
}

#[test]
fn output_onto_a_folder_says_it_is_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    put_brief(dir.path(), "a.md", "A");
    std::fs::create_dir(dir.path().join("adir")).unwrap();
    for arg in ["adir/", "adir"] {
        let (code, first, files) = run_in(dir.path(), &["build", "-o", arg, "a.md"]);
        assert_eq!(code, 2);
        assert_eq!(
            first,
            format!(
                "briefpress: error: --output `{arg}` is a folder: use `-d {arg}` to write into it"
            )
        );
        assert_eq!(files, ["a.md"]);
    }
}

#[test]
fn input_limit_takes_units_and_speaks_in_mib() {
    let dir = tempfile::tempdir().unwrap();
    // No title in the front matter: once past the size check, the brief fails at once,
    // without a layout.
    let mut big = String::from("---\nsubtitle: S\n---\n");
    while big.len() < 3 << 19 {
        big.push_str("A sentence of a long brief, repeated to make it large.\n");
    }
    std::fs::write(dir.path().join("big.md"), &big).unwrap();
    let size = big.len() as f64 / (1 << 20) as f64;
    let (code, first, _) = run_in(dir.path(), &["check", "--max-input-bytes", "1M", "big.md"]);
    assert_eq!(code, 1);
    assert_eq!(
        first,
        format!(
            "big.md:1:1: error: input is {size:.1} MiB, over the limit of 1 MiB (raise it with \
             --max-input-bytes)"
        )
    );
    for ok in ["2M", "2MiB", "2048K", "16777216"] {
        let (code, first, _) = run_in(dir.path(), &["check", "--max-input-bytes", ok, "big.md"]);
        assert_eq!(code, 1, "{ok}");
        assert!(
            first.starts_with("big.md:1:1: error: no title"),
            "{ok}: {first}"
        );
    }
    let (code, first, _) = run_in(dir.path(), &["check", "--max-input-bytes", "2MB", "big.md"]);
    assert_eq!(code, 2);
    assert!(first.contains("`2MB` is not a size"), "{first}");
    // The default is the library's one value, and the help says it.
    let help = briefpress(&["build", "--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("[default: 4MiB]"));
}

#[test]
fn option_values_are_usage_errors_before_any_brief_is_read() {
    let dir = tempfile::tempdir().unwrap();
    put_brief(dir.path(), "a.md", "A");
    // `missing.md` would be an error of its own if any brief were read.
    let (code, lines, files) = stderr_lines(
        dir.path(),
        &[
            "build",
            "--pdf-standard",
            "foo",
            "-f",
            "html",
            "a.md",
            "missing.md",
        ],
    );
    assert_eq!(code, 2);
    assert_eq!(
        lines,
        [
            "briefpress: error: --pdf-standard: unknown PDF standard `foo` (known: 1.4–1.7, 2.0, \
          a-1b, a-1a, a-2b, a-2u, a-2a, a-3b, a-3u, a-3a, a-4, a-4f, a-4e, ua-1)"
        ]
    );
    assert_eq!(files, ["a.md"]);
    let (code, lines, files) = stderr_lines(
        dir.path(),
        &["build", "--font-path", "nofonts", "a.md", "missing.md"],
    );
    assert_eq!(code, 2);
    assert_eq!(
        lines,
        ["briefpress: error: --font-path `nofonts` does not exist"]
    );
    assert_eq!(files, ["a.md"]);
}

/// Ejects the default theme into `dir/house` and replaces `from` with `to` in its
/// theme.toml; returns the 1-based line of the first line of `to`.
fn broken_theme(dir: &std::path::Path, from: &str, to: &str) -> usize {
    let out = briefpress_in(dir, &["theme", "eject", "default", "house"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let path = dir.join("house/theme.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from}");
    let text = text.replacen(from, to, 1);
    std::fs::write(&path, &text).unwrap();
    text[..text.find(to).unwrap()].matches('\n').count() + 1
}

#[test]
fn theme_errors_name_the_line_of_the_bad_key_or_value() {
    let keys = "`text`, `background`, `accent`, `muted`, `rule`, `summary_background`, `link`";
    for (from, to, message) in [
        (
            "rule = ",
            "shade = \"#000000\"\nrule = ",
            format!("unknown field `shade`, expected one of {keys}, `dark`"),
        ),
        (
            "margin_top = ",
            "margin_tpo = ",
            "unknown field `margin_tpo`, expected one of `paper`, `margin_top`, \
             `margin_bottom`, `margin_inside`, `margin_outside`"
                .into(),
        ),
        (
            "base_size = \"11pt\"",
            "base_size = \"11px\"",
            "`fonts.base_size` = \"11px\" is not a length with a unit (mm, cm, in, pt)".into(),
        ),
        (
            "link = \"#8cc4ff\"",
            "link = \"blue\"",
            "`colors.dark.link` = \"blue\" is not a colour `#rrggbb`".into(),
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        put_brief(dir.path(), "a.md", "A");
        let line = broken_theme(dir.path(), from, to);
        let (code, first, files) = run_in(dir.path(), &["check", "-t", "./house", "a.md"]);
        assert_eq!(code, 1);
        assert_eq!(
            first,
            format!("briefpress: error: theme `house`: ./house/theme.toml:{line}:1: {message}")
        );
        assert!(!files.iter().any(|f| f.starts_with("output")));
    }
    // A missing key: which table lacks it.
    let dir = tempfile::tempdir().unwrap();
    put_brief(dir.path(), "a.md", "A");
    broken_theme(dir.path(), "\nmuted = \"#55606e\"", "");
    let text = std::fs::read_to_string(dir.path().join("house/theme.toml")).unwrap();
    let header = text.lines().position(|l| l == "[colors]").unwrap() + 1;
    let (code, first, _) = run_in(dir.path(), &["build", "-t", "./house", "a.md"]);
    assert_eq!(code, 1);
    assert_eq!(
        first,
        format!(
            "briefpress: error: theme `house`: ./house/theme.toml:{header}:1: missing field \
             `muted` in table `[colors]`"
        )
    );
}

#[test]
fn theme_names_and_folders_are_told_apart() {
    let dir = tempfile::tempdir().unwrap();
    put_brief(dir.path(), "a.md", "A");
    let mut names: Vec<String> = std::fs::read_dir(root().join("themes"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let (code, first, _) = run_in(dir.path(), &["build", "-t", "nosuch", "a.md"]);
    assert_eq!(code, 1);
    assert_eq!(
        first,
        format!(
            "briefpress: error: theme `nosuch`: no built-in theme of that name (built-in: {})",
            names.join(", ")
        )
    );
    let (code, first, _) = run_in(dir.path(), &["build", "-t", "./missing", "a.md"]);
    assert_eq!(code, 1);
    assert_eq!(
        first,
        "briefpress: error: theme `missing`: ./missing: does not exist"
    );
    // A folder named like a built-in theme does not silently win: the note says which was
    // used (the folder's broken theme.toml would fail the build).
    std::fs::create_dir(dir.path().join("sober")).unwrap();
    std::fs::write(dir.path().join("sober/theme.toml"), "not = [toml").unwrap();
    let (code, first, files) = run_in(dir.path(), &["build", "-f", "html", "-t", "sober", "a.md"]);
    assert_eq!(code, 0);
    assert_eq!(
        first,
        "briefpress: note: `-t sober` is the built-in theme `sober`; for the folder `sober`, \
         write `-t ./sober`"
    );
    assert!(files.contains(&"output/a.html".to_string()));
    // A folder with a name no built-in has needs its `./`.
    std::fs::create_dir(dir.path().join("house")).unwrap();
    let (code, first, _) = run_in(dir.path(), &["build", "-t", "house", "a.md"]);
    assert_eq!(code, 1);
    assert_eq!(
        first,
        format!(
            "briefpress: error: theme `house`: no built-in theme of that name (built-in: {}); \
             for the folder `house`, write `./house`",
            names.join(", ")
        )
    );
}

#[test]
fn help_puts_common_options_first_and_shows_examples() {
    let out = briefpress(&["build", "--help"]);
    let help = String::from_utf8(out.stdout).unwrap();
    let at = |flag: &str| {
        help.find(flag)
            .unwrap_or_else(|| panic!("{flag} in {help}"))
    };
    let order = [
        "\n  -o, --output",
        "\n  -d, --out-dir",
        "\n  -f, --format",
        "\n  -t, --theme",
        "\n  -j, --jobs",
        "\n      --strict",
        "\n      --max-input-bytes",
    ];
    for pair in order.windows(2) {
        assert!(at(pair[0]) < at(pair[1]), "{pair:?} in\n{help}");
    }
    assert!(
        help.contains(".data.json") && help.contains("docs/model.md"),
        "{help}"
    );
    for sub in [
        &["build", "--help"][..],
        &["check", "--help"],
        &["theme", "eject", "--help"],
        &["completions", "--help"],
        &["man", "--help"],
    ] {
        let out = briefpress(sub);
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("Examples:\n  briefpress "),
            "{sub:?}:\n{text}"
        );
        assert!(!text.contains('\x1b'), "colour only on a terminal: {sub:?}");
    }
    let out = briefpress(&["theme", "eject", "--help"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("[possible values: default, sober]"), "{text}");
    let out = briefpress(&["theme", "eject", "nosuch", "x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("[possible values: default, sober]"));
    assert!(!stderr(&out).contains('\x1b'), "colour only on a terminal");
}

#[test]
fn an_unknown_extension_lists_every_format() {
    let dir = tempfile::tempdir().unwrap();
    put_brief(dir.path(), "a.md", "A");
    let (code, first, files) = run_in(dir.path(), &["build", "-o", "out.docx", "a.md"]);
    assert_eq!(code, 2);
    assert_eq!(
        first,
        "briefpress: error: cannot tell the format of `out.docx` from its extension: give \
         --format (pdf, epub, html, json, typ)"
    );
    assert_eq!(files, ["a.md"]);
}

#[test]
fn typ_writes_the_source_and_its_data_which_is_not_the_model() {
    let dir = tempfile::tempdir().unwrap();
    put_brief(dir.path(), "a.md", "A");
    let (code, _, files) = run_in(dir.path(), &["build", "-q", "-f", "typ,json", "a.md"]);
    assert_eq!(code, 0);
    assert_eq!(
        files,
        [
            "a.md",
            "output/a.data.json",
            "output/a.json",
            "output/a.typ"
        ]
    );
    let typ = std::fs::read_to_string(dir.path().join("output/a.typ")).unwrap();
    assert!(typ.contains("json(\"a.data.json\")"));
    let data = std::fs::read(dir.path().join("output/a.data.json")).unwrap();
    let model = std::fs::read(dir.path().join("output/a.json")).unwrap();
    assert_ne!(data, model);
}

/// A closed pipe on standard output ends the command quietly with success, as for other
/// Unix tools (the pipe is closed before briefpress starts, so every write fails).
#[test]
fn a_closed_pipe_exits_quietly() {
    let dir = tempfile::tempdir().unwrap();
    put_brief(dir.path(), "a.md", "A");
    for args in [
        &["man"][..],
        &["completions", "bash"],
        &["themes"],
        &["build", "-o", "-", "-f", "pdf", "a.md"],
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_briefpress"))
            .args(args)
            .current_dir(dir.path())
            .stdout(writer)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{args:?}");
    }
    assert_eq!(tree(dir.path()), ["a.md"]);
}

#[test]
fn check_takes_the_theme_and_agrees_with_build_under_strict() {
    let dir = tempfile::tempdir().unwrap();
    put_brief(dir.path(), "a.md", "A");
    // The theme is validated.
    broken_theme(dir.path(), "link = \"#8cc4ff\"", "link = \"blue\"");
    let (code, first, _) = run_in(dir.path(), &["check", "-t", "./house", "a.md"]);
    assert_eq!(code, 1);
    assert!(
        first.contains("`colors.dark.link` = \"blue\" is not a colour"),
        "{first}"
    );
    // Han characters no embedded font has: a PDF warning build gives, and check too.
    std::fs::write(
        dir.path().join("han.md"),
        "---\ntitle: Han\n---\n\nThe word 漢字 in a sentence.\n",
    )
    .unwrap();
    let fonts = ["--ignore-system-fonts"];
    let run = |cmd: &str, strict: bool| {
        let mut args = vec![cmd];
        args.extend(fonts);
        if strict {
            args.push("--strict");
        }
        if cmd == "build" {
            args.extend(["-f", "pdf", "-d", "out"]);
        }
        args.push("han.md");
        let out = briefpress_in(dir.path(), &args);
        let err = stderr(&out);
        let diag: Vec<String> = err
            .lines()
            .filter(|l| l.starts_with("han.md:"))
            .map(str::to_string)
            .collect();
        (out.status.code().unwrap_or(-1), diag)
    };
    let (check_code, check_diag) = run("check", false);
    let (build_code, build_diag) = run("build", false);
    assert_eq!((check_code, build_code), (0, 0));
    assert_eq!(check_diag, build_diag);
    assert!(
        check_diag.len() == 1
            && check_diag[0]
                .starts_with("han.md:1:1: warning: pdf: no available font has Han characters"),
        "{check_diag:?}"
    );
    let (check_code, check_diag) = run("check", true);
    let (build_code, build_diag) = run("build", true);
    assert_eq!((check_code, build_code), (1, 1));
    assert_eq!(check_diag, build_diag);
    assert!(
        check_diag[0].contains(": error: pdf: no available font"),
        "{check_diag:?}"
    );
}

#[test]
fn a_long_line_shows_a_window_with_the_caret_under_the_column() {
    // Issue 16: the caret once pointed past a snippet cut at 200 characters.
    let long = format!("{} text.[^missing] More.", "word ".repeat(80));
    let col = long.find("[^missing]").unwrap() + 1;
    let (code, err, _d) = check_bytes(
        "l.md",
        format!("---\ntitle: T\n---\n\n{long}\n").as_bytes(),
        &[],
    );
    assert_eq!(code, 0);
    assert_diag(&err, &format!("l.md:5:{col}: warning: "), "not defined");
    let lines: Vec<&str> = err.lines().collect();
    let caret = lines[2].chars().count() - 1;
    let under = lines[1].chars().nth(caret);
    assert_eq!(under, Some('['), "{err}");
}

/// Labels are coloured on a terminal (a pseudo-terminal from util-linux's `script`), and
/// never in a pipe or with `NO_COLOR`.
#[test]
fn colour_only_on_a_terminal() {
    crate::common::require_tool("script");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("w.md"), WARNS).unwrap();
    let on_tty = |no_color: bool| {
        let mut cmd = std::process::Command::new("script");
        cmd.args([
            "-qec",
            &format!("{} check w.md", env!("CARGO_BIN_EXE_briefpress")),
            "/dev/null",
        ])
        .current_dir(dir.path())
        .env_remove("NO_COLOR");
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        String::from_utf8_lossy(&cmd.output().unwrap().stdout).into_owned()
    };
    let tty = on_tty(false);
    assert!(
        tty.contains("w.md:9:1: \x1b[1;33mwarning\x1b[0m: note `b`"),
        "{tty:?}"
    );
    assert!(!on_tty(true).contains('\x1b'));
    let (_, err, _d) = check_bytes("w.md", WARNS.as_bytes(), &[]);
    assert!(
        err.starts_with("w.md:9:1: warning: ") && !err.contains('\x1b'),
        "{err:?}"
    );
}
