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
        let write = || {
            let _ = std::io::stderr().lock().write_all(text.as_bytes());
        };
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

/// A brief's diagnostics as one block of text.
pub fn render_diagnostics(
    file: &str,
    diags: &[Diagnostic],
    text: Option<&str>,
    quiet: bool,
) -> String {
    let mut out = String::new();
    for d in diags {
        if quiet && d.severity == Severity::Warning {
            continue;
        }
        out.push_str(&d.render(file, text));
        out.push('\n');
    }
    out
}

pub fn failed(diags: &[Diagnostic], strict: bool) -> bool {
    diags
        .iter()
        .any(|d| d.severity == Severity::Error || (strict && d.severity == Severity::Warning))
}
