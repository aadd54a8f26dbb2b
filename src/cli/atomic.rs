//! Atomic writes: every output goes to a temporary file beside its target, then is renamed
//! into place, so readers (and Make) never see a half-written file.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes to a temporary file beside `path`, then renames it into place: readers never see a
/// half-written file, and a failure leaves any older file untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    // No fsync: like cargo's and typst-cli's outputs, these can always be built again, and
    // the rename alone is what keeps readers from ever seeing a partial file. (Syncing every
    // output cost a pool thread 0.3–0.7 ms per file, blocked.)
    stage(path, bytes)?.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Writes a brief's outputs all or nothing: every file goes to a temporary file beside its
/// target first, and only when all of them are written are they renamed into place. Should a
/// rename still fail (the target is a folder, say), the files already renamed are put back as
/// they were, older outputs restored from hard links taken beforehand, so an older output set
/// never becomes a mix of old and new. On failure, returns the file and the reason.
pub fn write_all_atomic(files: &[(PathBuf, &[u8])]) -> Result<(), (PathBuf, std::io::Error)> {
    let mut staged = Vec::new();
    for (path, bytes) in files {
        let tmp = stage(path, bytes).map_err(|e| (path.clone(), e))?;
        staged.push((path, tmp));
    }
    // Nothing is in place yet: keep each existing target's content under a second name so a
    // failed rename further on can put it back.
    let mut done: Vec<(&PathBuf, Option<tempfile::TempPath>)> = Vec::new();
    for (path, tmp) in staged {
        let backup = backup(path);
        if let Err(e) = tmp.persist(path) {
            roll_back(done);
            let reason = if path.is_dir() {
                std::io::Error::new(e.error.kind(), "it is a folder")
            } else {
                e.error
            };
            return Err((path.clone(), reason));
        }
        done.push((path, backup));
    }
    Ok(())
}

/// A temporary file beside `path` holding `bytes`, with the mode `path` has (or 0644).
fn stage(path: &Path, bytes: &[u8]) -> std::io::Result<tempfile::TempPath> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".briefpress-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(without_temporary_name)?;
    tmp.write_all(bytes)?;
    // Temporary files are created owner-only; a published output gets the usual mode.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = match std::fs::metadata(path) {
            Ok(m) if m.is_file() => m.permissions().mode() & 0o7777,
            _ => 0o644,
        };
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    Ok(tmp.into_temp_path())
}

/// A hard link to the file at `path` under a temporary name beside it (deleted when dropped),
/// or `None` when there is no file there or the filesystem has no hard links.
fn backup(path: &Path) -> Option<tempfile::TempPath> {
    if !path.is_file() {
        return None;
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // Reserve a free name, then put the link there in its place.
    let name = tempfile::Builder::new()
        .prefix(".briefpress-")
        .suffix(".old")
        .tempfile_in(dir)
        .ok()?
        .into_temp_path();
    std::fs::remove_file(&name).ok()?;
    std::fs::hard_link(path, &name).ok()?;
    Some(name)
}

/// Undoes renames already made: a target that had an older file gets it back, a new one is
/// removed.
fn roll_back(done: Vec<(&PathBuf, Option<tempfile::TempPath>)>) {
    for (path, backup) in done.into_iter().rev() {
        match backup {
            Some(old) => {
                let _ = old.persist(path);
            }
            None => {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}

/// The system's reason alone: tempfile's errors end with ` at path "<temporary file>"`, which
/// means nothing to the user (the caller names the output or its folder).
fn without_temporary_name(e: std::io::Error) -> std::io::Error {
    if e.raw_os_error().is_some() {
        return e;
    }
    let text = e.to_string();
    match text.split_once(" at path \"") {
        Some((reason, _)) => std::io::Error::new(e.kind(), reason.to_string()),
        None => e,
    }
}

/// Checks, before any brief is rendered, that outputs can be created in the folder `dir`
/// (created later if missing): one error naming the folder, instead of one per brief after
/// its rendering, naming a temporary file.
pub fn check_writable(dir: &Path) -> Result<(), String> {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let mut existing = dir;
    while !existing.exists() {
        existing = match existing.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
    }
    if !existing.is_dir() {
        return Err(if existing == dir {
            format!("the output folder `{}` is a file", dir.display())
        } else {
            format!(
                "cannot create the output folder `{}`: `{}` is a file",
                dir.display(),
                existing.display()
            )
        });
    }
    match tempfile::tempfile_in(existing).map_err(without_temporary_name) {
        Ok(_) => Ok(()),
        Err(e) if existing == dir => Err(format!(
            "cannot write into the output folder `{}`: {e}",
            dir.display()
        )),
        Err(e) => Err(format!(
            "cannot create the output folder `{}` in `{}`: {e}",
            dir.display(),
            existing.display()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// sysfs refuses new files, even to root.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_failed_write_names_no_temporary_file() {
        let e = write_atomic(Path::new("/sys/briefpress-test.pdf"), b"x").unwrap_err();
        assert!(!e.to_string().contains(".briefpress-"), "{e}");
        let e = check_writable(Path::new("/sys")).unwrap_err();
        assert!(!e.contains(".tmp"), "{e}");
    }
}
