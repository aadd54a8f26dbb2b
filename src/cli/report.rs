//! What a build tells its user on stderr: each brief's diagnostics as one block (so reports
//! never interleave mid-line), above the progress bar when there is one.

use crate::diag::{Diagnostic, Severity};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Write};

/// Prints whole reports to stderr, above the progress bar when there is one.
pub struct Reporter {
    bar: Option<ProgressBar>,
}

impl Reporter {
    pub fn new(total: usize, quiet: bool) -> Reporter {
        let show = !quiet && total > 1 && std::io::stderr().is_terminal();
        let bar = show.then(|| {
            let bar = ProgressBar::new(total as u64);
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {pos}/{len} {wide_msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        });
        Reporter { bar }
    }

    /// Prints `text` (whole lines) in one write.
    pub fn print(&self, text: &str) {
        if text.is_empty() {
            return;
        }
        let write = || eprint(text);
        match &self.bar {
            Some(bar) => bar.suspend(write),
            None => write(),
        }
    }

    pub fn started(&self, name: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(name.to_string());
        }
    }

    pub fn finished(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    pub fn done(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Writes `text` (whole lines) to stderr in one write, its labels coloured on a terminal.
pub fn eprint(text: &str) {
    let text = if colour() {
        paint(text)
    } else {
        text.to_string()
    };
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Colour only on a terminal, and not when `NO_COLOR` is set (<https://no-color.org>): logs,
/// pipes and editors get plain text.
fn colour() -> bool {
    static COLOUR: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *COLOUR.get_or_init(|| {
        std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
    })
}

/// Makes the first `error:`, `warning:` or `note:` label of each message line bold red,
/// yellow or cyan. Source excerpts (lines starting with a space) are left as they are.
fn paint(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let label = [("error:", "1;31"), ("warning:", "1;33"), ("note:", "1;36")]
            .into_iter()
            .filter_map(|(label, style)| {
                let at = if line.starts_with(label) {
                    0
                } else {
                    line.find(&format!(": {label}"))? + 2
                };
                Some((at, label, style))
            })
            .min_by_key(|(at, _, _)| *at);
        match label {
            Some((at, label, style)) if !line.starts_with(' ') => {
                let end = at + label.len() - 1;
                out.push_str(&format!(
                    "{}\x1b[{style}m{}\x1b[0m{}",
                    &line[..at],
                    &line[at..end],
                    &line[end..]
                ));
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// One brief's report, gathered into one block of text so that briefs built in parallel never
/// interleave, and the counts its summary line needs.
pub struct BriefReport {
    name: String,
    quiet: bool,
    strict: bool,
    pub text: String,
    /// Errors, counting warnings under `--strict`.
    pub errors: usize,
    pub warnings: usize,
}

impl BriefReport {
    pub fn new(name: String, quiet: bool, strict: bool) -> BriefReport {
        BriefReport {
            name,
            quiet,
            strict,
            text: String::new(),
            errors: 0,
            warnings: 0,
        }
    }

    /// Adds located diagnostics, with their source lines when `source` is at hand. Under
    /// `--strict` a warning is shown as an error, even with `--quiet`: it is why the brief
    /// fails.
    pub fn diagnostics(&mut self, diags: &[Diagnostic], source: Option<&str>) {
        for d in diags {
            let shown = match d.severity {
                Severity::Error => {
                    self.errors += 1;
                    d.clone()
                }
                Severity::Warning if self.strict => {
                    self.errors += 1;
                    Diagnostic::error(d.span, format!("{} [--strict]", d.message))
                }
                Severity::Warning => {
                    self.warnings += 1;
                    if self.quiet {
                        continue;
                    }
                    d.clone()
                }
            };
            self.text.push_str(&shown.render(&self.name, source));
            self.text.push('\n');
        }
    }

    /// Adds an error with no place in the source (the file cannot be read, a writer failed).
    pub fn error(&mut self, message: impl std::fmt::Display) {
        self.errors += 1;
        self.text
            .push_str(&format!("{}: error: {message:#}\n", self.name));
    }

    /// Ends a failed brief's report with one line saying so, e.g. `error: a.md: not built
    /// (2 errors)`.
    pub fn not_built(&mut self, verb: &str) {
        let n = self.errors.max(1);
        self.text.push_str(&format!(
            "error: {}: {verb} ({})\n",
            self.name,
            count(n, "error")
        ));
    }
}

/// `1 error`, `2 errors`.
pub fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// The line after a single build, like cargo's: `built output/x.pdf, x.epub, x.html (5
/// pages, 16 notes, 0 warnings)`. Files beside the first are named without their folder.
pub fn built_line(
    outputs: &[std::path::PathBuf],
    pages: Option<usize>,
    notes: usize,
    warnings: usize,
) -> String {
    let first = outputs.first().map(|p| p.parent());
    let names: Vec<String> = outputs
        .iter()
        .enumerate()
        .map(|(i, p)| match p.file_name() {
            Some(name) if i > 0 && Some(p.parent()) == first => name.to_string_lossy().into(),
            _ => p.display().to_string(),
        })
        .collect();
    let mut facts = Vec::new();
    if let Some(pages) = pages {
        facts.push(count(pages, "page"));
    }
    facts.push(count(notes, "note"));
    facts.push(count(warnings, "warning"));
    format!("built {} ({})\n", names.join(", "), facts.join(", "))
}

/// The line after a batch: `built 30 briefs (90 files) into output/ in 1.1 s; 2 failed:
/// a.md, b.md`.
pub fn batch_line(
    built: usize,
    files: usize,
    into: &std::path::Path,
    seconds: f64,
    failed: &[String],
) -> String {
    let mut line = format!(
        "built {} ({}) into {}/ in {seconds:.1} s",
        count(built, "brief"),
        count(files, "file"),
        into.display().to_string().trim_end_matches('/')
    );
    if !failed.is_empty() {
        line.push_str(&format!("; {} failed: {}", failed.len(), failed.join(", ")));
    }
    line.push('\n');
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    #[test]
    fn lines_name_files_and_counts_like_cargo() {
        let outs = ["output/x.pdf", "output/x.epub", "output/x.html"].map(PathBuf::from);
        assert_eq!(
            built_line(&outs, Some(5), 16, 0),
            "built output/x.pdf, x.epub, x.html (5 pages, 16 notes, 0 warnings)\n"
        );
        assert_eq!(
            built_line(&outs[2..], None, 1, 1),
            "built output/x.html (1 note, 1 warning)\n"
        );
        let failed = ["a.md".to_string(), "b.md".to_string()];
        assert_eq!(
            batch_line(30, 90, Path::new("output"), 1.06, &failed),
            "built 30 briefs (90 files) into output/ in 1.1 s; 2 failed: a.md, b.md\n"
        );
    }

    #[test]
    fn paint_colours_the_first_label_of_message_lines_only() {
        let text = "a.md:1:2: error: bad: note: x\n 1 | error: in source\nerror: a.md: not built (1 error)\n";
        assert_eq!(
            paint(text),
            "a.md:1:2: \x1b[1;31merror\x1b[0m: bad: note: x\n 1 | error: in source\n\x1b[1;31merror\x1b[0m: a.md: not built (1 error)\n"
        );
    }
}
