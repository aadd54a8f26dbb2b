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
    assert!(out.stdout.is_empty(), "check writes nothing to stdout");
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
    assert_diag(&err, "w.md:9:1: warning: ", "never referenced");

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
fn no_title_is_an_error() {
    let (code, err, _d) = check_bytes("t.md", b"Just a paragraph, no heading.\n", &[]);
    assert_eq!(code, 1);
    assert_diag(&err, "t.md:1:1: error: ", "no title");
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
