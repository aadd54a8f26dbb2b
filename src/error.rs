//! The library's typed errors. The CLI maps them to exit codes; `anyhow` stays in the CLI.

use crate::diag::Diagnostic;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input cannot be published: the diagnostics say where and why.
    #[error("the input has {} error(s)", .0.iter().filter(|d| d.severity == crate::diag::Severity::Error).count())]
    Input(Vec<Diagnostic>),
    /// A theme is broken: a key, a value or a file.
    #[error("theme `{theme}`: {}{message}", located(.file))]
    Theme {
        theme: String,
        file: String,
        message: String,
    },
    /// A theme's Typst template failed; the location is in the template.
    #[error("{file}:{line}:{col}: error: {message}")]
    Template {
        file: String,
        line: u32,
        col: u32,
        message: String,
    },
    /// A writer could not produce its format.
    #[error("{format}: {message}")]
    Write {
        format: &'static str,
        message: String,
    },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// `file: ` before a message, or nothing when there is no file to name.
fn located(file: &str) -> String {
    if file.is_empty() {
        String::new()
    } else {
        format!("{file}: ")
    }
}
