//! Records, for `briefpress --version`, the Typst version this build was compiled against
//! (from Cargo.lock, so it cannot drift from what is linked) and a fingerprint of each
//! built-in theme's files (they are embedded in the binary, so a team can tell which theme
//! made a file), and the themes' names for the help text. No dependencies: a line scan of
//! Cargo.lock and FNV-1a over the files.

use std::path::{Path, PathBuf};

fn main() {
    println!("cargo::rerun-if-changed=Cargo.lock");
    println!("cargo::rerun-if-changed=themes");
    let lock = std::fs::read_to_string("Cargo.lock").unwrap_or_default();
    let typst = locked_version(&lock, "typst").unwrap_or_else(|| "unknown".into());
    println!("cargo::rustc-env=BRIEFPRESS_TYPST_VERSION={typst}");
    let mut themes: Vec<PathBuf> = std::fs::read_dir("themes")
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    themes.retain(|p| p.is_dir());
    themes.sort();
    let list: Vec<String> = themes
        .iter()
        .map(|dir| {
            let name = dir.file_name().unwrap_or_default().to_string_lossy();
            format!("{name} {:016x}", fingerprint(dir))
        })
        .collect();
    println!(
        "cargo::rustc-env=BRIEFPRESS_THEME_VERSIONS={}",
        list.join(", ")
    );
    let names: Vec<String> = themes
        .iter()
        .map(|d| {
            d.file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    println!(
        "cargo::rustc-env=BRIEFPRESS_THEME_NAMES={}",
        names.join(", ")
    );
    let consts = format!("pub const BUILTIN_THEMES: &[&str] = &{names:?};\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    std::fs::write(out.join("themes.rs"), consts).expect("OUT_DIR is writable");
}

/// The version of `name` in a Cargo.lock: the `version` line after `name = "…"`.
fn locked_version(lock: &str, name: &str) -> Option<String> {
    let wanted = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    lines.find(|l| l.trim() == wanted)?;
    let version = lines.next()?.trim().strip_prefix("version = \"")?;
    Some(version.trim_end_matches('"').to_string())
}

/// FNV-1a (64 bits) over every file's relative path and contents, in sorted order.
fn fingerprint(dir: &Path) -> u64 {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for file in files {
        let rel = file.strip_prefix(dir).unwrap_or(&file).to_string_lossy();
        let bytes = std::fs::read(&file).unwrap_or_default();
        for b in rel.bytes().chain([0]).chain(bytes) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}
