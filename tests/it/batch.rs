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

/// `man --dir` writes the main page and every page it refers to (`briefpress-build(1)`…).
#[test]
fn man_dir_writes_every_page_the_main_page_names() {
    let dir = tempfile::tempdir().unwrap();
    let out = briefpress_in(dir.path(), &["man", "--dir", "share/man/man1"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pages = files_in(&dir.path().join("share/man/man1"));
    for page in [
        "briefpress.1",
        "briefpress-build.1",
        "briefpress-check.1",
        "briefpress-theme-eject.1",
    ] {
        assert!(
            pages.iter().any(|p| p == page),
            "{page} missing from {pages:?}"
        );
    }
    let main = std::fs::read_to_string(dir.path().join("share/man/man1/briefpress.1")).unwrap();
    for (i, _) in main.match_indices("briefpress\\-") {
        let name: String = main[i..]
            .chars()
            .take_while(|c| *c != '(')
            .collect::<String>()
            .replace("\\-", "-");
        assert!(
            pages.contains(&format!("{name}.1")),
            "{name}(1) is named but not written"
        );
    }
}

/// `--version` names the Typst version the binary was built with (as Cargo.lock pins it) and
/// every built-in theme.
#[test]
fn version_names_typst_and_the_builtin_themes() {
    let out = briefpress_in(&root(), &["--version"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        format!("briefpress {}", env!("CARGO_PKG_VERSION"))
    );
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).unwrap();
    let typst = lock
        .split("[[package]]")
        .find(|p| p.contains("\nname = \"typst\"\n"))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = ")))
        .unwrap()
        .trim_matches('"');
    assert_eq!(lines[1], format!("typst {typst}"));
    let themes = lines[2]
        .strip_prefix("built-in themes: ")
        .expect("a themes line");
    for theme in std::fs::read_dir(root().join("themes")).unwrap().flatten() {
        let name = theme.file_name().to_string_lossy().into_owned();
        assert!(
            themes.contains(&format!("{name} ")),
            "{name} missing: {themes}"
        );
    }
}

/// The example Makefile: `make -j2` builds everything from a clean tree (briefs of the same
/// name in two subfolders into two output subfolders), a second `make` has nothing to do, and
/// touching one input rebuilds only that brief.
#[test]
fn example_makefile_builds_incrementally() {
    let dir = scratch(false);
    for year in ["2023", "2024"] {
        std::fs::create_dir_all(dir.path().join("input").join(year)).unwrap();
        std::fs::write(
            dir.path().join(format!("input/{year}/brief.md")),
            format!("---\ntitle: The {year} Brief\n---\n\nText.\n"),
        )
        .unwrap();
    }
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
    for year in ["2023", "2024"] {
        assert_eq!(
            files_in(&dir.path().join("output").join(year)),
            ["brief.d", "brief.epub", "brief.html", "brief.pdf"]
        );
        let html = std::fs::read_to_string(dir.path().join(format!("output/{year}/brief.html")));
        assert!(html.unwrap().contains(&format!("The {year} Brief")));
    }
    assert_eq!(
        files_in(&dir.path().join("output")),
        [
            ".briefpress-theme",
            "2023",
            "2024",
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
        plan.contains("input/second.md")
            && !plan.contains("input/sample.md")
            && !plan.contains("brief.md"),
        "{plan}"
    );
}

/// Issue 18: from a clean copy of the repository (what `git clone` gives), with no
/// `briefpress` on the PATH and no `BRIEFPRESS=`, the example Makefile falls back to the
/// checkout's release binary (already built here: `CARGO_TARGET_DIR` points at it, so
/// "build it first if needed" has nothing to do), makes the three outputs of every brief, and
/// a second `make` does nothing.
#[test]
fn example_makefile_works_from_a_clean_copy_without_briefpress_on_the_path() {
    let copy = tempfile::tempdir().unwrap();
    clean_copy(&root(), copy.path());
    let path = "/usr/local/bin:/usr/bin:/bin";
    let which = Command::new("sh")
        .args(["-c", "command -v briefpress"])
        .env("PATH", path)
        .output()
        .unwrap();
    assert!(!which.status.success(), "briefpress must not be on {path}");
    let target_dir = Path::new(bin()).parent().unwrap().parent().unwrap();
    let make = |args: &[&str]| {
        Command::new("make")
            .args(["-f", "examples/Makefile"])
            .args(args)
            .current_dir(copy.path())
            .env("PATH", path)
            .env("CARGO_TARGET_DIR", target_dir)
            .env_remove("BRIEFPRESS")
            .env_remove("MAKEFLAGS")
            .env_remove("MFLAGS")
            .output()
            .expect("make is installed")
    };
    let out = make(&["-j2"]);
    let log = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    assert!(out.status.success(), "{log}");
    assert!(!log.contains("cargo build"), "the binary was there: {log}");
    let briefs: Vec<String> = files_in(&copy.path().join("input"))
        .into_iter()
        .filter(|n| n.ends_with(".md"))
        .collect();
    assert!(!briefs.is_empty());
    let mut stamps = Vec::new();
    for brief in &briefs {
        let stem = brief.trim_end_matches(".md");
        for (ext, magic) in [
            ("pdf", &b"%PDF-"[..]),
            ("epub", b"PK\x03\x04"),
            ("html", b"<!DOCTYPE html>"),
        ] {
            let file = copy.path().join(format!("output/{stem}.{ext}"));
            let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            assert!(
                bytes.starts_with(magic),
                "{} is not a {ext}",
                file.display()
            );
            stamps.push((
                file.clone(),
                std::fs::metadata(&file).unwrap().modified().unwrap(),
            ));
        }
    }
    let out = make(&["-q"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "a second make must have nothing to do"
    );
    let out = make(&[]);
    assert!(out.status.success());
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains(" build "),
        "a second make ran briefpress: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    for (file, stamp) in stamps {
        assert_eq!(std::fs::metadata(&file).unwrap().modified().unwrap(), stamp);
    }
}

/// The example Makefile copied into a team's own repository, as its header says: with
/// `BRIEFPRESS=` and its own folders it builds; with no briefpress anywhere it stops before
/// running anything and says how to get one.
#[test]
fn example_makefile_works_when_copied_into_another_repository() {
    let team = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(team.path().join("briefs/2024")).unwrap();
    std::fs::write(
        team.path().join("briefs/2024/note.md"),
        "---\ntitle: A Team Note\n---\n\nText.\n",
    )
    .unwrap();
    std::fs::copy(
        root().join("examples/Makefile"),
        team.path().join("briefs.mk"),
    )
    .unwrap();
    let make = |args: &[&str]| {
        Command::new("make")
            .args(["-f", "briefs.mk", "IN=briefs", "OUT=public/briefs"])
            .args(args)
            .current_dir(team.path())
            .env("PATH", "/usr/local/bin:/usr/bin:/bin")
            .env_remove("BRIEFPRESS")
            .env_remove("MAKEFLAGS")
            .env_remove("MFLAGS")
            .output()
            .expect("make is installed")
    };
    let out = make(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("briefpress is not on the PATH")
            && stderr(&out).contains("BRIEFPRESS="),
        "{}",
        stderr(&out)
    );
    assert!(!team.path().join("public").exists());
    let with = format!("BRIEFPRESS={}", bin());
    let out = make(&[&with]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        files_in(&team.path().join("public/briefs/2024")),
        ["note.d", "note.epub", "note.html", "note.pdf"]
    );
    assert_eq!(make(&[&with, "-q"]).status.code(), Some(0));
}

/// The repository's tracked files (what a clone has), copied from the working tree into `to`.
fn clean_copy(from: &Path, to: &Path) {
    let out = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(from)
        .output()
        .expect("git is installed");
    assert!(out.status.success(), "{}", stderr(&out));
    for rel in out.stdout.split(|&b| b == 0).filter(|r| !r.is_empty()) {
        let rel = Path::new(std::str::from_utf8(rel).unwrap());
        let src = from.join(rel);
        if !src.is_file() {
            continue;
        }
        std::fs::create_dir_all(to.join(rel).parent().unwrap()).unwrap();
        std::fs::copy(&src, to.join(rel)).unwrap();
    }
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

/// Every file under `dir`, by its path relative to `dir` (`/` between parts), with its bytes.
fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    files
}

/// A depfile's rules (`outputs: inputs`, continuation lines joined), without the header and
/// the empty rules after them.
fn depfile_rules(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let body = text.split("\n\n").next().unwrap();
    body.replace(" \\\n  ", " ")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// Issue 26, item 5: three shards of a batch, built into three folders, hold between them
/// exactly the files of one unsharded build, byte for byte, each brief built by one shard
/// only; each shard's depfile has rules for its own outputs only, and the three together
/// have the unsharded build's. Same-named briefs in two folders with `--mirror-dirs`: each
/// shard mirrors relative to all the inputs, as the whole build does. (Builds are
/// reproducible without SOURCE_DATE_EPOCH: the briefs' own dates stamp them.)
#[test]
fn three_shards_build_what_one_build_does_each_brief_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fixtures = root().join("tests/fixtures");
    let mut inputs: Vec<String> = Vec::new();
    for year in ["2023", "2024"] {
        let folder = d.join("in").join(year);
        std::fs::create_dir_all(&folder).unwrap();
        for kind in ["authored", "extracted"] {
            for e in std::fs::read_dir(fixtures.join(kind)).unwrap() {
                let p = e.unwrap().path();
                let name = p.file_name().unwrap().to_str().unwrap().to_string();
                std::fs::copy(&p, folder.join(&name)).unwrap();
                if name.ends_with(".md") {
                    inputs.push(format!("in/{year}/{name}"));
                }
            }
        }
    }
    std::fs::copy(sample(), d.join("in/2024/sample.md")).unwrap();
    inputs.push("in/2024/sample.md".into());
    inputs.sort();
    assert_eq!(inputs.len(), 17);
    let build = |out: &str, shard: Option<&str>| {
        std::fs::create_dir_all(d.join("deps")).unwrap();
        let depfile = format!("deps/{out}.d");
        let mut args = vec![
            "build",
            "-q",
            "-j",
            "2",
            "--mirror-dirs",
            "-d",
            out,
            "--depfile",
            &depfile,
        ];
        if let Some(k) = shard {
            args.extend(["--shard", k]);
        }
        args.extend(inputs.iter().map(String::as_str));
        let o = briefpress_in(d, &args);
        assert!(o.status.success(), "{shard:?}: {}", stderr(&o));
        (tree(&d.join(out)), depfile_rules(&d.join(&depfile)))
    };
    let (whole, whole_rules) = build("all", None);
    // 17 briefs × 3 formats, the two folders kept apart.
    assert_eq!(whole.len(), 51, "{:?}", whole.keys());
    assert!(whole.contains_key("2023/coastal-insurance.pdf"));
    assert!(whole.contains_key("2024/coastal-insurance.pdf"));
    assert_eq!(whole_rules.len(), 17);

    let mut union = std::collections::BTreeMap::new();
    let mut union_rules = Vec::new();
    for k in 1..=3 {
        let name = format!("shard{k}");
        let (files, rules) = build(&name, Some(&format!("{k}/3")));
        // These paths fall in all three shards, 2 in the first (so the test shows a
        // partition; twelve of them, without 2024's authored briefs, left shard 1 empty).
        assert!(!files.is_empty(), "shard {k}/3 built nothing");
        for (path, bytes) in files {
            assert!(
                union.insert(path.clone(), bytes).is_none(),
                "{path} was built by two shards"
            );
        }
        // The shard's depfile names its own outputs and no other.
        let prefix = format!("{name}/");
        let mut outputs_in_rules: Vec<String> = rules
            .iter()
            .flat_map(|r| r.split(": ").next().unwrap().split(' '))
            .map(|o| o.strip_prefix(&prefix).unwrap_or(o).to_string())
            .collect();
        outputs_in_rules.sort();
        let mut written: Vec<String> = tree(&d.join(&name)).into_keys().collect();
        written.sort();
        assert_eq!(outputs_in_rules, written, "shard {k}/3's depfile");
        union_rules.extend(rules.iter().map(|r| r.replace(&prefix, "all/")));
    }
    assert_eq!(
        union.keys().collect::<Vec<_>>(),
        whole.keys().collect::<Vec<_>>(),
        "the shards' files are not the whole build's"
    );
    for (path, bytes) in &whole {
        assert!(
            union[path] == *bytes,
            "{path} differs from the unsharded build"
        );
    }
    union_rules.sort();
    let mut whole_rules = whole_rules;
    whole_rules.sort();
    assert_eq!(union_rules, whole_rules);
}

/// `--shard` values that name no shard, and inputs it cannot divide, are usage errors (exit
/// 2) that say why, before anything is written.
#[test]
fn bad_shards_are_usage_errors() {
    let dir = scratch(false);
    for (shard, expect) in [
        ("0/3", "shards are counted from 1 (1/3 … 3/3)"),
        ("4/3", "there is no shard 4 of 3 (1/3 … 3/3)"),
        ("1/0", "N, the number of shards, must be at least 1"),
        ("two/3", "`two/3` is not K/N"),
    ] {
        let out = briefpress_in(dir.path(), &["build", "--shard", shard, "input/sample.md"]);
        assert_eq!(out.status.code(), Some(2), "{shard}");
        let err = stderr(&out);
        assert!(
            err.contains(&format!("invalid value '{shard}' for '--shard <K/N>'"))
                && err.contains(expect),
            "{shard}: {err}"
        );
    }
    let out = briefpress_in(
        dir.path(),
        &["build", "--shard", "1/2", "input/sample.md", "-"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .contains("--shard divides briefs by their paths: standard input (`-`) has none"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("output").exists());
}

/// A project laid out as the CI examples expect: `briefs/2023/` and `briefs/2024/`, each with
/// the authored and extracted fixtures (same names in both folders); the number of briefs.
fn ci_project(d: &Path) -> usize {
    let mut n = 0;
    for year in ["2023", "2024"] {
        let folder = d.join("briefs").join(year);
        std::fs::create_dir_all(&folder).unwrap();
        for kind in ["authored", "extracted"] {
            for e in std::fs::read_dir(root().join("tests/fixtures").join(kind)).unwrap() {
                let p = e.unwrap().path();
                std::fs::copy(&p, folder.join(p.file_name().unwrap())).unwrap();
                n += usize::from(p.extension().is_some_and(|e| e == "md"));
            }
        }
    }
    n
}

/// Runs a shell script from an example in `dir`, with this build's briefpress first on the
/// PATH and `env` set.
fn run_example_script(dir: &Path, script: &str, env: &[(&str, String)]) {
    let bin_dir = Path::new(bin()).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .env("PATH", path)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{script}\n{env:?}\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        stderr(&out)
    );
}

/// Every brief of the project has its three outputs under `output/<folder>/`, and nothing
/// else is there; the depfiles under `deps/` hold one rule per brief.
fn assert_whole_batch(d: &Path, briefs: usize) {
    let files = tree(&d.join("output"));
    assert_eq!(files.len(), briefs * 3, "{:?}", files.keys());
    for year in ["2023", "2024"] {
        for e in std::fs::read_dir(d.join("briefs").join(year)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|e| e == "md") {
                let stem = p.file_stem().unwrap().to_str().unwrap();
                for ext in ["pdf", "epub", "html"] {
                    assert!(files.contains_key(&format!("{year}/{stem}.{ext}")));
                }
            }
        }
    }
    let mut rules: Vec<String> = std::fs::read_dir(d.join("deps"))
        .unwrap()
        .flat_map(|e| depfile_rules(&e.unwrap().path()))
        .collect();
    rules.sort();
    let count = rules.len();
    rules.dedup();
    assert_eq!((count, rules.len()), (briefs, briefs), "{rules:#?}");
}

/// The Kubernetes example's pod script, run once per completion index as the Job would run
/// it, builds every brief once onto the "shared volume"; its `completions` match its SHARDS.
#[test]
fn the_kubernetes_example_builds_every_brief_once() {
    let text = std::fs::read_to_string(root().join("examples/ci/k8s-indexed-job.yaml")).unwrap();
    let job: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
    let spec = &job["spec"];
    assert_eq!(spec["completionMode"].as_str(), Some("Indexed"));
    let completions = spec["completions"].as_u64().unwrap();
    let container = &spec["template"]["spec"]["containers"][0];
    let shards = container["env"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|e| e["name"].as_str() == Some("SHARDS"))
        .and_then(|e| e["value"].as_str())
        .unwrap()
        .to_string();
    assert_eq!(shards, completions.to_string(), "completions and SHARDS");
    let script = container["args"][0].as_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let briefs = ci_project(dir.path());
    for index in 0..completions {
        run_example_script(
            dir.path(),
            script,
            &[
                ("JOB_COMPLETION_INDEX", index.to_string()),
                ("SHARDS", shards.clone()),
            ],
        );
    }
    assert_whole_batch(dir.path(), briefs);
}

/// The GitHub Actions example: each matrix job's build step, run in a folder of its own as a
/// runner would, then the artifacts merged as the gather job's download does, and the gather
/// job's own check run on them; the matrix lists shards 1 to SHARDS.
#[test]
fn the_github_actions_example_builds_every_brief_once() {
    let text =
        std::fs::read_to_string(root().join("examples/ci/github-actions-shards.yml")).unwrap();
    let flow: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
    let n = flow["env"]["SHARDS"].as_u64().unwrap();
    let build = &flow["jobs"]["build"];
    let matrix: Vec<u64> = build["strategy"]["matrix"]["shard"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|k| k.as_u64().unwrap())
        .collect();
    assert_eq!(matrix, (1..=n).collect::<Vec<_>>());
    let step = |job: &serde_yaml_ng::Value, name_starts: &str| -> String {
        job["steps"]
            .as_sequence()
            .unwrap()
            .iter()
            .find(|s| {
                s["name"]
                    .as_str()
                    .is_some_and(|t| t.starts_with(name_starts))
            })
            .and_then(|s| s["run"].as_str())
            .unwrap()
            .to_string()
    };
    let build_script = step(build, "Build shard");
    let check_script = step(&flow["jobs"]["gather"], "Every brief built");
    let gathered = tempfile::tempdir().unwrap();
    let briefs = ci_project(gathered.path());
    for k in matrix {
        let runner = tempfile::tempdir().unwrap();
        ci_project(runner.path());
        let script = build_script.replace("${{ matrix.shard }}", &k.to_string());
        run_example_script(runner.path(), &script, &[("SHARD", format!("{k}/{n}"))]);
        // The artifact: output/ and deps/, merged into one tree (no file twice).
        for folder in ["output", "deps"] {
            for (rel, bytes) in tree(&runner.path().join(folder)) {
                let to = gathered.path().join(folder).join(&rel);
                assert!(!to.exists(), "{folder}/{rel} came from two shards");
                std::fs::create_dir_all(to.parent().unwrap()).unwrap();
                std::fs::write(to, bytes).unwrap();
            }
        }
    }
    run_example_script(gathered.path(), &check_script, &[]);
    assert_whole_batch(gathered.path(), briefs);
}

/// The depfile lists the `--font-path` fonts for the outputs Typst lays out (the PDF, the
/// EPUB's cover, the page numbers of a page asked for with `--page-numbers`), and not for a
/// page alone, which never reads them: editing such a font rebuilds exactly what it shaped.
#[test]
fn depfiles_list_font_path_fonts_only_where_typst_lays_out() {
    let dir = scratch(false);
    let d = dir.path();
    std::fs::create_dir(d.join("fonts")).unwrap();
    std::fs::copy(
        root().join("themes/default/fonts/DejaVuSansMono.ttf"),
        d.join("fonts/Extra.ttf"),
    )
    .unwrap();
    for (formats, extra, listed) in [
        ("html", None, false),
        ("html", Some("--page-numbers"), true),
        ("epub", None, true),
        ("pdf", None, true),
        ("json", None, false),
    ] {
        let mut args = vec![
            "build",
            "-q",
            "-f",
            formats,
            "--font-path",
            "fonts",
            "-d",
            "out",
            "--depfile",
            "out.d",
        ];
        args.extend(extra);
        args.push("input/second.md");
        let out = briefpress_in(d, &args);
        assert!(out.status.success(), "{}", stderr(&out));
        let rules = std::fs::read_to_string(d.join("out.d")).unwrap();
        assert_eq!(
            rules.contains("fonts/Extra.ttf"),
            listed,
            "-f {formats} {extra:?}:\n{rules}"
        );
    }
}
