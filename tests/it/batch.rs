//! Batch builds (issue 6): parallel builds where one bad brief does not stop the others,
//! atomic writes, depfiles, standard input and output, completions and man page, and the
//! example Makefile driving it all.

use crate::common::{briefpress_in, root, sample, stderr};
use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_briefpress")
}

/// A scratch project folder with `input/` holding the sample and one broken brief.
fn scratch(with_bad: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("input")).unwrap();
    std::fs::copy(sample(), dir.path().join("input/sample.md")).unwrap();
    std::fs::write(
        dir.path().join("input/second.md"),
        "---\ntitle: A Second Brief\nauthors: [Ana Lima]\ndate: 2025-03-12\n---\n\n## Summary\n\nShort and clear.[^a]\n\n## Body\n\nText.\n\n[^a]: A note.\n",
    )
    .unwrap();
    if with_bad {
        std::fs::write(dir.path().join("input/bad.md"), b"caf\xe9 au lait\n").unwrap();
    }
    dir
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn one_bad_brief_does_not_stop_the_others() {
    let dir = scratch(true);
    let out = briefpress_in(
        dir.path(),
        &[
            "build",
            "-j",
            "2",
            "-f",
            "json",
            "input/bad.md",
            "input/sample.md",
            "input/second.md",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("input/bad.md:1:4: error: input is not UTF-8"),
        "{err}"
    );
    assert_eq!(
        files_in(&dir.path().join("output")),
        ["sample.json", "second.json"]
    );
}

#[test]
fn nothing_is_written_for_a_failed_brief_and_no_temporary_files_remain() {
    let dir = scratch(true);
    let out = briefpress_in(
        dir.path(),
        &["build", "-f", "json", "-d", "out", "input/bad.md"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(files_in(&dir.path().join("out")).is_empty());
    let out = briefpress_in(
        dir.path(),
        &["build", "-f", "json", "-d", "out", "input/second.md"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(files_in(&dir.path().join("out")), ["second.json"]);
}

#[test]
fn depfile_lists_inputs_theme_files_and_images() {
    let dir = scratch(false);
    // A user theme overriding one file, and a brief with an image.
    std::fs::create_dir_all(dir.path().join("mytheme")).unwrap();
    let toml = crate::common::root().join("themes/default/theme.toml");
    std::fs::copy(toml, dir.path().join("mytheme/theme.toml")).unwrap();
    std::fs::write(dir.path().join("input/chart.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    std::fs::write(
        dir.path().join("input/fig.md"),
        "---\ntitle: Figures\n---\n\nText.\n\n![A chart](chart.png)\n",
    )
    .unwrap();
    let out = briefpress_in(
        dir.path(),
        &[
            "build",
            "-f",
            "json",
            "-t",
            "./mytheme",
            "--depfile",
            "deps.d",
            "input/fig.md",
            "input/second.md",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let deps = std::fs::read_to_string(dir.path().join("deps.d")).unwrap();
    let rule = deps
        .split("\noutput")
        .find(|r| r.contains("fig.json:"))
        .unwrap_or_else(|| panic!("no rule for fig.json in {deps}"));
    assert!(rule.contains("input/fig.md"), "{deps}");
    assert!(rule.contains("chart.png"), "{deps}");
    assert!(rule.contains("mytheme/theme.toml"), "{deps}");
    // Files the user theme lacks come from the binary: it is a dependency too.
    assert!(rule.contains(bin()), "{deps}");
    assert!(!rule.contains("second.md"), "{deps}");
}

#[test]
fn reads_stdin_and_writes_stdout() {
    let dir = scratch(false);
    let brief = std::fs::read(dir.path().join("input/second.md")).unwrap();
    let mut child = Command::new(bin())
        .args(["build", "-o", "-", "-f", "json", "-"])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(&brief).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["meta"]["title"], "A Second Brief");
    assert!(
        !dir.path().join("output").exists(),
        "nothing may be written to output/ with -o -"
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = scratch(false);
    for args in [
        vec!["build", "-o", "-", "input/second.md"],
        vec!["build", "-f", "docx", "input/second.md"],
        vec!["build", "-o", "x.pdf", "input/second.md", "input/sample.md"],
        vec!["build", "-j", "0", "input/second.md"],
        vec!["build", "--no-such-flag", "input/second.md"],
    ] {
        let out = briefpress_in(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn completions_and_man_page_come_from_the_same_definitions() {
    let out = briefpress_in(&root(), &["completions", "bash"]);
    assert_eq!(out.status.code(), Some(0));
    let script = String::from_utf8(out.stdout).unwrap();
    assert!(
        script.contains("--depfile") && script.contains("--theme"),
        "{script}"
    );
    let out = briefpress_in(&root(), &["man"]);
    assert_eq!(out.status.code(), Some(0));
    let man = String::from_utf8(out.stdout).unwrap();
    assert!(
        man.starts_with(".ie") || man.contains(".TH briefpress"),
        "{man}"
    );
    assert!(man.contains("build"), "{man}");
}

/// The example Makefile: `make -j2` builds everything from a clean tree, a second `make` has
/// nothing to do, and touching one input rebuilds only that brief.
#[test]
fn example_makefile_builds_incrementally() {
    let dir = scratch(false);
    let makefile: PathBuf = root().join("examples/Makefile");
    let make = |args: &[&str]| {
        Command::new("make")
            .arg("-f")
            .arg(&makefile)
            .arg(format!("BRIEFPRESS={}", bin()))
            .args(args)
            .current_dir(dir.path())
            .env_remove("MAKEFLAGS")
            .env_remove("MFLAGS")
            .output()
            .expect("make is installed")
    };
    let out = make(&["-j2"]);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        stderr(&out)
    );
    assert_eq!(
        files_in(&dir.path().join("output")),
        [
            "sample.d",
            "sample.epub",
            "sample.html",
            "sample.pdf",
            "second.d",
            "second.epub",
            "second.html",
            "second.pdf"
        ]
    );
    let out = make(&["-q"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "a second make must have nothing to do"
    );
    // Touch one input: only its outputs are out of date.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let f = std::fs::OpenOptions::new()
        .append(true)
        .open(dir.path().join("input/second.md"))
        .unwrap();
    f.set_modified(std::time::SystemTime::now()).unwrap();
    let out = make(&["-n"]);
    let plan = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        plan.contains("input/second.md") && !plan.contains("input/sample.md"),
        "{plan}"
    );
}

/// `--watch` builds, says when the build finished, rebuilds when an input changes, keeps
/// going after an error, and rebuilds again once the error is fixed.
#[test]
fn watch_rebuilds_on_change_and_survives_errors() {
    use std::io::{BufRead, BufReader};
    let dir = scratch(false);
    let input = dir.path().join("input/second.md");
    let mut child = Command::new(bin())
        .args(["build", "--watch", "-f", "json", "input/second.md"])
        .current_dir(dir.path())
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let wait_for = |needle: &str| -> Vec<String> {
        let mut seen = Vec::new();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while std::time::Instant::now() < deadline {
            if let Ok(line) = rx.recv_timeout(std::time::Duration::from_millis(200)) {
                let hit = line.contains(needle);
                seen.push(line);
                if hit {
                    return seen;
                }
            }
        }
        panic!("no line with {needle:?} within 30 s; saw {seen:?}");
    };
    let out = dir.path().join("output/second.json");
    wait_for("build finished");
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("A Second Brief")
    );

    // Break the brief: an error is reported and the watch goes on.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    std::fs::write(&input, "---\ntitle: [broken\n---\n").unwrap();
    let lines = wait_for("build finished");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("error: front matter is not valid YAML")),
        "{lines:?}"
    );
    assert!(lines.iter().any(|l| l.contains("with errors")), "{lines:?}");

    // Fix it: rebuilt.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    std::fs::write(&input, "---\ntitle: A Mended Brief\n---\n\nText.\n").unwrap();
    let lines = wait_for("build finished");
    assert!(lines.iter().any(|l| l.contains("(ok)")), "{lines:?}");
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("A Mended Brief")
    );
    child.kill().unwrap();
    let _ = child.wait();
}

/// A parallel batch gives, for every brief, exactly the bytes a build of that brief alone
/// gives — also when several briefs have the same content (they once shared a layout
/// through a cache that a waiting thread could re-enter) and when briefs differ.
#[test]
fn parallel_batch_equals_single_builds_even_for_identical_briefs() {
    let dir = scratch(false);
    let input = dir.path().join("input");
    for i in 1..=3 {
        std::fs::copy(sample(), input.join(format!("copy-{i}.md"))).unwrap();
        std::fs::copy(input.join("second.md"), input.join(format!("again-{i}.md"))).unwrap();
    }
    let mut names: Vec<String> = files_in(&input);
    names.retain(|n| n.ends_with(".md"));
    let mut args = vec!["build", "-q", "-j", "2", "-d", "batch"];
    let paths: Vec<String> = names.iter().map(|n| format!("input/{n}")).collect();
    args.extend(paths.iter().map(String::as_str));
    let out = briefpress_in(dir.path(), &args);
    assert!(out.status.success(), "{}", stderr(&out));
    for (name, path) in names.iter().zip(&paths) {
        let alone = format!("alone-{name}");
        let out = briefpress_in(dir.path(), &["build", "-q", "-j", "1", "-d", &alone, path]);
        assert!(out.status.success(), "{}", stderr(&out));
        let stem = name.trim_end_matches(".md");
        for ext in ["pdf", "epub", "html"] {
            let file = format!("{stem}.{ext}");
            let a = std::fs::read(dir.path().join("batch").join(&file)).unwrap();
            let b = std::fs::read(dir.path().join(&alone).join(&file)).unwrap();
            assert!(a == b, "{file}: the batch and the single build differ");
        }
    }
}
