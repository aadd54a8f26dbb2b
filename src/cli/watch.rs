//! `build --watch`: rebuild when any file a build read changes.
//!
//! Polls modification times (every 300 ms) rather than subscribing to filesystem events: it
//! needs no platform backend, works on network and container mounts where inotify does not,
//! and the set of files is small (inputs, images, theme files, fonts).

use super::{BuildConfig, EXIT_OK, build};
use crate::theme::Theme;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

fn stamps(files: &[PathBuf]) -> BTreeMap<PathBuf, Option<SystemTime>> {
    files
        .iter()
        .map(|f| {
            (
                f.clone(),
                std::fs::metadata(f).and_then(|m| m.modified()).ok(),
            )
        })
        .collect()
}

/// Builds, then rebuilds on every change until interrupted. Errors are reported and the
/// watch goes on.
pub fn watch(mut config: BuildConfig) -> anyhow::Result<i32> {
    loop {
        let started = std::time::Instant::now();
        let report = build(&config);
        let mut watched = report.watched.clone();
        watched.extend(config.inputs.iter().cloned());
        watched.sort();
        watched.dedup();
        eprintln!(
            "briefpress: build finished in {:.2} s ({}); watching {} files for changes…",
            started.elapsed().as_secs_f64(),
            if report.code == EXIT_OK {
                "ok"
            } else {
                "with errors"
            },
            watched.len()
        );
        let before = stamps(&watched);
        loop {
            std::thread::sleep(Duration::from_millis(300));
            if stamps(&watched) != before {
                // Let an editor finish writing.
                std::thread::sleep(Duration::from_millis(100));
                break;
            }
        }
        // Theme files may have changed too.
        match Theme::resolve(&config.theme_spec) {
            Ok(theme) => config.theme = theme,
            Err(e) => super::report::eprint(&format!(
                "briefpress: error: {e} (keeping the previous theme)\n"
            )),
        }
    }
}
