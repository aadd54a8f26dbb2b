//! Depfiles: Make rules that list, for each brief's outputs, every file they were made from
//! (the input, images, theme files, fonts, and the binary for built-in theme files), so that
//! Make rebuilds exactly what an edit affects.

use crate::theme::{Origin, Theme};
use std::path::{Path, PathBuf};

/// One brief's rule: its outputs, and every file they were made from.
pub type Rule = (Vec<PathBuf>, Vec<PathBuf>);

/// Files a theme was read from (built-in files come from the binary itself).
pub fn theme_files(theme: &Theme) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = theme
        .files()
        .filter_map(|(_, _, origin)| match origin {
            Origin::File(p) => Some(p.clone()),
            Origin::Builtin(_) => None,
        })
        .collect();
    if theme
        .files()
        .any(|(_, _, o)| matches!(o, Origin::Builtin(_)))
        && let Ok(exe) = std::env::current_exe()
    {
        files.push(exe);
    }
    files.sort();
    files.dedup();
    files
}

/// Font files under the `--font-path` folders.
pub fn font_files(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = dirs.to_vec();
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                matches!(
                    e.to_ascii_lowercase().as_str(),
                    "ttf" | "otf" | "ttc" | "otc"
                )
            }) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Make syntax: `out1 out2: dep1 dep2`, spaces and `$` escaped, one rule per brief, then an
/// empty rule for every prerequisite that is not one of the `briefs`.
pub fn make_rules(rules: &[Rule], briefs: &[PathBuf]) -> String {
    fn esc(p: &Path) -> String {
        p.display()
            .to_string()
            .replace('$', "$$")
            .replace(' ', "\\ ")
            .replace('#', "\\#")
    }
    // The header lets a later build recognise the file as its own (see `owned`).
    let mut out = String::from(super::owned::DEPFILE_HEADER);
    for (outputs, deps) in rules {
        if outputs.is_empty() {
            continue;
        }
        let outs: Vec<String> = outputs.iter().map(|p| esc(p)).collect();
        let ds: Vec<String> = deps.iter().map(|p| esc(p)).collect();
        out.push_str(&format!("{}: {}\n", outs.join(" "), ds.join(" \\\n  ")));
    }
    // As `gcc -MP` does: an empty rule for every prerequisite but the briefs (Make's own rule
    // makes those: an empty one would hide a brief deleted by mistake), so that deleting one
    // (an optional theme file) rebuilds instead of stopping Make with "No rule to make
    // target". A prerequisite that does not exist (an image still missing) keeps its brief
    // out of date until it is there.
    let outputs: std::collections::BTreeSet<&PathBuf> = rules.iter().flat_map(|(o, _)| o).collect();
    let mut phony: Vec<&PathBuf> = rules
        .iter()
        .filter(|(o, _)| !o.is_empty())
        .flat_map(|(_, d)| d)
        .filter(|d| !outputs.contains(d) && !briefs.contains(d))
        .collect();
    phony.sort();
    phony.dedup();
    for dep in phony {
        out.push_str(&format!("\n{}:\n", esc(dep)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn make_rules_escape_spaces_and_dollars() {
        let rules = vec![(
            vec![PathBuf::from("out/a b.pdf")],
            vec![PathBuf::from("in/a b.md"), PathBuf::from("th/$x.css")],
        )];
        assert_eq!(
            make_rules(&rules, &[PathBuf::from("in/a b.md")]),
            super::super::owned::DEPFILE_HEADER.to_string()
                + "out/a\\ b.pdf: in/a\\ b.md \\\n  th/$$x.css\n\nth/$$x.css:\n"
        );
    }
}
