//! The cache folder: the theme's faces cut to Unicode slices, kept between processes (see
//! [`crate::write::fonts::CutStore`]), so that a build starting one process per brief
//! (`make -j`) cuts each face's slices once rather than once per brief. What is kept depends
//! only on the font and the slices, never on a brief, and is checked when read back; deleting
//! the folder loses nothing but time.
//!
//! The folder is `$BRIEFPRESS_CACHE_DIR`, else `$XDG_CACHE_HOME/briefpress`, else
//! `~/.cache/briefpress`; `BRIEFPRESS_CACHE_DIR=off` keeps nothing.

use crate::write::fonts::{CutStore, keep_cuts_in};
use std::path::PathBuf;

/// Cuts as files in one folder, written atomically (a reader never sees half a font).
struct DiskCuts {
    dir: PathBuf,
}

impl CutStore for DiskCuts {
    fn load(&self, key: &str) -> Option<Vec<u8>> {
        std::fs::read(self.dir.join(key)).ok()
    }

    fn save(&self, key: &str, bytes: &[u8]) {
        if std::fs::create_dir_all(&self.dir).is_ok() {
            let _ = super::atomic::write_atomic(&self.dir.join(key), bytes);
        }
    }
}

/// The cache folder, from the environment (`None`: keep nothing).
fn folder() -> Option<PathBuf> {
    let var = |name| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(dir) = var("BRIEFPRESS_CACHE_DIR") {
        return (dir != "off").then(|| PathBuf::from(dir));
    }
    var("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| var("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .map(|d| d.join("briefpress"))
}

/// Keeps the process's font cuts in the cache folder, if there is one.
pub fn install() {
    if let Some(dir) = folder() {
        keep_cuts_in(Box::new(DiskCuts {
            dir: dir.join("fonts"),
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_bytes_come_back_and_a_missing_key_is_none() {
        let tmp = tempfile::tempdir().unwrap();
        let store = DiskCuts {
            dir: tmp.path().join("fonts"),
        };
        assert_eq!(store.load("cut-x"), None);
        store.save("cut-x", b"OTTO bytes");
        assert_eq!(store.load("cut-x").as_deref(), Some(&b"OTTO bytes"[..]));
    }
}
