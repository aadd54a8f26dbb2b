//! Accessibility, proven by the independent checkers publishers run, in a real browser:
//! Ace by DAISY on every e-book and axe-core on every web page (light and dark colour scheme),
//! for every brief (the samples in `input/` and every fixture folder but the hostile one) with
//! every built-in theme. Zero violations of any impact. The checkers are installed by
//! `scripts/install-validators.sh`; a missing one fails the test, it never skips it.

use crate::common;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

const THEMES: [&str; 2] = ["default", "sober"];

/// Ace runs one Chromium per book; three at a time keep two cores busy while each waits on the
/// browser's start-up.
const ACE_THREADS: usize = 3;

/// The samples in `input/` and every brief of every fixture folder but `adversarial` (which
/// holds hostile input whose checks live in `adversarial.rs`): whatever folders exist, so a
/// new fixture folder is checked without touching this file.
fn briefs() -> Vec<PathBuf> {
    let mut v = md_files(&common::root().join("input"));
    let fixtures = common::root().join("tests/fixtures");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir() && !p.ends_with("adversarial"))
        .collect();
    dirs.sort();
    for d in dirs {
        v.extend(md_files(&d));
    }
    assert!(v.len() >= 9, "only {} briefs found", v.len());
    v
}

fn md_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("README.md"))
        .collect();
    v.sort();
    v
}

/// Builds every brief in `format` with every theme into `dir/<theme>/`: the outputs' paths.
/// With the PDF's page numbers (`--page-numbers`): the page-break markers and the page list
/// are what the checkers must see too.
/// Stems are unique across the folders (checked), so one output folder per theme holds all.
fn build_all(dir: &Path, format: &str) -> Vec<PathBuf> {
    let briefs = briefs();
    let mut stems: Vec<_> = briefs.iter().map(|b| b.file_stem().unwrap()).collect();
    stems.sort();
    stems.dedup();
    assert_eq!(stems.len(), briefs.len(), "two briefs share a file name");
    let mut out = Vec::new();
    for theme in THEMES {
        let d = dir.join(theme);
        let o = Command::new(env!("CARGO_BIN_EXE_briefpress"))
            .current_dir(common::root())
            .args([
                "build",
                "-q",
                "-f",
                format,
                "--page-numbers",
                "-t",
                theme,
                "-d",
            ])
            .arg(&d)
            .args(&briefs)
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .expect("run briefpress");
        assert!(
            o.status.success(),
            "briefpress build -f {format} -t {theme}: {}",
            common::stderr(&o)
        );
        for b in &briefs {
            let p = d.join(format!(
                "{}.{format}",
                b.file_stem().unwrap().to_string_lossy()
            ));
            assert!(p.is_file(), "{} was not written", p.display());
            out.push(p);
        }
    }
    out
}

/// A path from the environment (printed by `scripts/install-validators.sh`), else where that
/// script puts it; missing is a failure that says how to install.
fn tool(var: &str, default: &str) -> PathBuf {
    let p = std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(default));
    assert!(
        p.exists(),
        "{var}: {} not found; run `bash scripts/install-validators.sh` (scripts/test.sh does)",
        p.display()
    );
    p
}

fn chromium() -> PathBuf {
    tool("BRIEFPRESS_CHROMIUM", "/usr/bin/chromium")
}

fn a11y_node_modules() -> PathBuf {
    tool(
        "BRIEFPRESS_A11Y_NODE_MODULES",
        "/opt/briefpress-tools/a11y/node_modules",
    )
}

/// Ace's violations in one `report.json`: `(impact, rule, title, location)` per failed
/// assertion, over every content document of the book.
fn ace_violations(report: &serde_json::Value) -> Vec<String> {
    let mut v = Vec::new();
    for doc in report["assertions"].as_array().expect("report.assertions") {
        let subject = doc["earl:testSubject"]["url"].as_str().unwrap_or("?");
        for a in doc["assertions"].as_array().into_iter().flatten() {
            let test = &a["earl:test"];
            v.push(format!(
                "{} {} in {subject}: {} ({})",
                test["earl:impact"].as_str().unwrap_or("?"),
                test["dct:title"].as_str().unwrap_or("?"),
                test["dct:description"].as_str().unwrap_or(""),
                a["earl:result"]["earl:pointer"]["css"]
                    .as_array()
                    .map(|c| format!("{c:?}"))
                    .unwrap_or_default()
            ));
        }
    }
    v
}

/// Ace by DAISY on every brief's e-book with every theme: 0 violations of any impact (critical,
/// serious, moderate and minor alike), and the book passes as a whole.
#[test]
fn a11y_ace_finds_no_violation_in_any_epub() {
    let ace = tool(
        "BRIEFPRESS_ACE",
        "/opt/briefpress-tools/a11y/node_modules/.bin/ace-puppeteer",
    );
    let chromium = chromium();
    let dir = tempfile::tempdir().unwrap();
    let books = build_all(&dir.path().join("books"), "epub");
    let total = books.len();
    let queue = Mutex::new(books.into_iter().enumerate().collect::<Vec<_>>());
    let failures = Mutex::new(Vec::new());
    let checked = Mutex::new(0usize);
    std::thread::scope(|s| {
        for _ in 0..ACE_THREADS {
            s.spawn(|| {
                loop {
                    let Some((i, book)) = queue.lock().unwrap().pop() else {
                        break;
                    };
                    let outdir = dir.path().join(format!("ace-{i}"));
                    let out = Command::new("node")
                        .arg(&ace)
                        .args(["-f", "-s", "-o"])
                        .arg(&outdir)
                        .arg(&book)
                        .env("PUPPETEER_EXECUTABLE_PATH", &chromium)
                        .env("PUPPETEER_SKIP_DOWNLOAD", "1")
                        .output()
                        .expect("run node (Ace by DAISY)");
                    let name = book
                        .strip_prefix(dir.path())
                        .unwrap_or(&book)
                        .display()
                        .to_string();
                    let report = std::fs::read(outdir.join("report.json"));
                    let problems = match (out.status.success(), report) {
                        (true, Ok(bytes)) => {
                            let report: serde_json::Value =
                                serde_json::from_slice(&bytes).expect("report.json is JSON");
                            let mut p = ace_violations(&report);
                            let outcome = report["earl:result"]["earl:outcome"].as_str();
                            if outcome != Some("pass") {
                                p.push(format!("outcome {outcome:?}"));
                            }
                            // The report covers the package, the navigation and the
                            // content documents (cover, title page, contents, text…).
                            let subjects: Vec<&str> = report["assertions"]
                                .as_array()
                                .into_iter()
                                .flatten()
                                .filter_map(|d| d["earl:testSubject"]["url"].as_str())
                                .collect();
                            let xhtml = subjects.iter().filter(|s| s.ends_with(".xhtml")).count();
                            if xhtml < 5 || !subjects.iter().any(|s| s.ends_with(".opf")) {
                                p.push(format!("the report covers only {subjects:?}"));
                            }
                            *checked.lock().unwrap() += 1;
                            p
                        }
                        (ok, report) => vec![format!(
                            "Ace failed (exit ok: {ok}, report: {:?}): {}{}",
                            report.err(),
                            String::from_utf8_lossy(&out.stdout),
                            String::from_utf8_lossy(&out.stderr)
                        )],
                    };
                    if !problems.is_empty() {
                        failures
                            .lock()
                            .unwrap()
                            .push(format!("{name}:\n  {}", problems.join("\n  ")));
                    }
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap();
    failures.sort();
    assert!(
        failures.is_empty(),
        "Ace by DAISY, {} of {total} books:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(*checked.lock().unwrap(), total, "every book was checked");
}

/// axe-core (every rule, best practices included) in Chromium on every brief's web page with
/// every theme, in the light and the dark colour scheme: 0 violations. One browser for all
/// (scripts/axe.mjs).
#[test]
fn a11y_axe_finds_no_violation_in_any_html_page_light_or_dark() {
    let modules = a11y_node_modules();
    let chromium = chromium();
    let dir = tempfile::tempdir().unwrap();
    let pages = build_all(dir.path(), "html");
    let out = Command::new("node")
        .arg(common::root().join("scripts/axe.mjs"))
        .args(&pages)
        .env("BRIEFPRESS_A11Y_NODE_MODULES", &modules)
        .env("BRIEFPRESS_CHROMIUM", &chromium)
        .output()
        .expect("run node (scripts/axe.mjs)");
    assert!(
        out.status.success(),
        "scripts/axe.mjs failed: {}",
        common::stderr(&out)
    );
    let report: Vec<serde_json::Value> =
        serde_json::from_slice(&out.stdout).expect("axe.mjs prints JSON");
    // Every page was checked in both schemes.
    let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for r in &report {
        let file = r["file"].as_str().unwrap().to_string();
        let scheme = r["scheme"].as_str().unwrap().to_string();
        for v in r["violations"].as_array().unwrap() {
            let nodes: Vec<String> = v["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| format!("{} — {}", n["target"], n["summary"].as_str().unwrap_or("")))
                .collect();
            failures.push(format!(
                "{} ({scheme}): {} {} — {}\n    {}",
                Path::new(&file)
                    .strip_prefix(dir.path())
                    .unwrap_or(Path::new(&file))
                    .display(),
                v["impact"].as_str().unwrap_or("?"),
                v["id"].as_str().unwrap_or("?"),
                v["help"].as_str().unwrap_or(""),
                nodes.join("\n    ")
            ));
        }
        *seen.entry((file, scheme)).or_default() += 1;
    }
    for p in &pages {
        for scheme in ["light", "dark"] {
            let key = (p.to_str().unwrap().to_string(), scheme.to_string());
            assert_eq!(
                seen.get(&key),
                Some(&1),
                "{} was not checked once in the {scheme} scheme",
                p.display()
            );
        }
    }
    assert_eq!(report.len(), pages.len() * 2);
    assert!(
        failures.is_empty(),
        "axe-core, {} violations:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
