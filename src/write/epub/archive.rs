//! Makes epub-builder's archive reproducible and fixes what it gets wrong.
//!
//! epub-builder stamps every zip entry with the current time and cannot write some of the
//! metadata we need, so its output is re-written entry by entry: `mimetype` first and stored
//! (the OCF rule readers sniff for), every other entry deflated, all with one fixed time, in
//! the order epub-builder wrote them (which only depends on the input). Text fix-ups are
//! applied to named entries on the way.

use crate::error::{Error, Result};
use std::io::{Cursor, Read, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

fn err(message: impl std::fmt::Display) -> Error {
    Error::Write {
        format: "epub",
        message: message.to_string(),
    }
}

/// The zip timestamp for `secs` since the epoch (UTC), clamped to the range zip can store.
pub fn zip_time(secs: i64) -> DateTime {
    let ts = jiff::Timestamp::from_second(secs).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let dt = jiff::tz::TimeZone::UTC.to_datetime(ts);
    let year = dt.year();
    if year < 1980 {
        return DateTime::default();
    }
    if year > 2107 {
        return DateTime::from_date_and_time(2107, 12, 31, 23, 59, 58).unwrap_or_default();
    }
    DateTime::from_date_and_time(
        year as u16,
        dt.month() as u8,
        dt.day() as u8,
        dt.hour() as u8,
        dt.minute() as u8,
        // DOS times have two-second resolution.
        (dt.second() as u8) & !1,
    )
    .unwrap_or_default()
}

/// A binary entry (font, image, cover) that epub-builder was given only as an empty
/// placeholder, so that it lists it in the manifest without deflating it. Its bytes go into
/// the archive once, in [`make_reproducible`], as `packing` says.
pub struct Binary<'a> {
    /// The entry's path in the archive (`OEBPS/…`).
    pub name: String,
    pub bytes: &'a [u8],
    pub packing: Packing<'a>,
}

/// How a [`Binary`]'s bytes go into the archive.
#[derive(Debug, Clone, Copy)]
pub enum Packing<'a> {
    /// As they are: they are compressed already (PNG, JPEG, GIF, WebP).
    Store,
    /// Deflated here.
    Deflate,
    /// Deflated before: a one-entry archive from [`deflated_entry`] holding the same bytes
    /// under the same name, copied still compressed. A batch's briefs share a few font cuts,
    /// and deflating each cut again for every e-book was half the archive's cost.
    Copy(&'a [u8]),
}

/// `bytes` deflated as [`make_reproducible`] deflates them, as a one-entry archive naming
/// them `name`: for [`Packing::Copy`].
pub fn deflated_entry(name: &str, bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    out.start_file(name, deflated_options(DateTime::default()))
        .map_err(err)?;
    out.write_all(bytes).map_err(err)?;
    Ok(out.finish().map_err(err)?.into_inner())
}

/// Level 2, not zlib's default 6: what is deflated here is mostly the fonts, where level 6
/// took 1.6 times as long for files 2 % smaller (the sample's subsets, 145 KB).
fn deflated_options(time: DateTime) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(DEFLATE_LEVEL))
        .last_modified_time(time)
        .unix_permissions(0o644)
}

/// The deflate level of the entries this module compresses (see [`deflated_options`]).
const DEFLATE_LEVEL: i64 = 2;

/// One entry of an archive, decompressed.
pub fn read(archive: &[u8], name: &str) -> Result<Vec<u8>> {
    let mut archive = ZipArchive::new(Cursor::new(archive)).map_err(err)?;
    let mut file = archive
        .by_name(name)
        .map_err(|e| err(format!("{name}: {e}")))?;
    let mut bytes = Vec::with_capacity(file.size() as usize);
    file.read_to_end(&mut bytes).map_err(err)?;
    Ok(bytes)
}

/// An archive written but for its last entries (see [`make_reproducible`]).
pub struct Partial {
    out: ZipWriter<Cursor<Vec<u8>>>,
    stored: SimpleFileOptions,
    deflated: SimpleFileOptions,
    time: DateTime,
}

impl Partial {
    /// Adds the entries `make_reproducible` left for later, at the end, and closes the archive.
    pub fn finish(mut self, last: &[Binary<'_>]) -> Result<Vec<u8>> {
        for bin in last {
            self.add(bin)?;
        }
        Ok(self.out.finish().map_err(err)?.into_inner())
    }

    /// Writes `bin`'s entry as its packing says. A copy whose archive does not name the entry
    /// as `bin` does is deflated here instead.
    fn add(&mut self, bin: &Binary<'_>) -> Result<()> {
        if let Packing::Copy(entry) = bin.packing {
            let mut one = ZipArchive::new(Cursor::new(entry)).map_err(err)?;
            let file = one.by_index_raw(0).map_err(err)?;
            if file.name() == bin.name {
                return self
                    .out
                    .raw_copy_file_touch(file, self.time, Some(0o644))
                    .map_err(err);
            }
        }
        let options = match bin.packing {
            Packing::Store => self.stored,
            Packing::Deflate | Packing::Copy(_) => self.deflated,
        };
        self.out
            .start_file(bin.name.as_str(), options)
            .map_err(err)?;
        self.out.write_all(bin.bytes).map_err(err)
    }
}

/// Re-writes `input` deterministically: `mimetype` first and stored, every entry with the
/// same time and mode. Entries named by `binaries` get their real bytes, entries named by
/// `replacements` the bytes given; all others are copied still compressed (re-compressing is
/// what costs, not copying). The placeholders named by `later` are left out, for
/// [`Partial::finish`] to add at the end once their bytes exist (the e-book's cover is drawn
/// from the PDF's layout, which may still be running).
pub fn make_reproducible(
    input: &[u8],
    time: DateTime,
    binaries: &[Binary<'_>],
    replacements: &[(&str, Vec<u8>)],
    later: &[&str],
) -> Result<Partial> {
    let mut archive = ZipArchive::new(Cursor::new(input)).map_err(err)?;
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(time)
        .unix_permissions(0o644);
    let mut partial = Partial {
        out: ZipWriter::new(Cursor::new(Vec::new())),
        stored,
        deflated: deflated_options(time),
        time,
    };
    let mimetype = match archive.by_name("mimetype") {
        Ok(mut f) => {
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).map_err(err)?;
            bytes
        }
        Err(_) => b"application/epub+zip".to_vec(),
    };
    partial.out.start_file("mimetype", stored).map_err(err)?;
    partial.out.write_all(&mimetype).map_err(err)?;
    let mut placed = 0;
    for i in 0..archive.len() {
        let file = archive.by_index(i).map_err(err)?;
        let name = file.name().to_string();
        if file.is_dir() || name == "mimetype" {
            continue;
        }
        if later.contains(&name.as_str()) {
            if file.size() != 0 {
                return Err(err(format!("{name}: expected an empty placeholder")));
            }
        } else if let Some(bin) = binaries.iter().find(|b| b.name == name) {
            if file.size() != 0 {
                return Err(err(format!("{name}: expected an empty placeholder")));
            }
            drop(file);
            partial.add(bin)?;
            placed += 1;
        } else if let Some((_, bytes)) = replacements.iter().find(|(n, _)| *n == name) {
            drop(file);
            partial
                .out
                .start_file(name, partial.deflated)
                .map_err(err)?;
            partial.out.write_all(bytes).map_err(err)?;
        } else {
            drop(file);
            let file = archive.by_index_raw(i).map_err(err)?;
            partial
                .out
                .raw_copy_file_touch(file, time, Some(0o644))
                .map_err(err)?;
        }
    }
    if placed != binaries.len() {
        let missing: Vec<&str> = binaries
            .iter()
            .filter(|b| archive.index_for_name(&b.name).is_none())
            .map(|b| b.name.as_str())
            .collect();
        return Err(err(format!(
            "epub-builder did not write {}",
            missing.join(", ")
        )));
    }
    Ok(partial)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in entries {
            w.start_file(*name, SimpleFileOptions::default()).unwrap();
            w.write_all(bytes).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn placeholders_get_their_bytes_stored_or_deflated_and_mimetype_comes_first() {
        let raw = zip_of(&[
            ("OEBPS/a.xhtml", b"<p>text</p>"),
            ("OEBPS/cover.png", b""),
            ("OEBPS/font.otf", b""),
            ("OEBPS/content.opf", b"old"),
            ("OEBPS/later.png", b""),
            ("mimetype", b"application/epub+zip"),
        ]);
        let png = b"\x89PNG not really".to_vec();
        let font = vec![7u8; 4096];
        let out = make_reproducible(
            &raw,
            zip_time(1_700_000_000),
            &[
                Binary {
                    name: "OEBPS/cover.png".into(),
                    bytes: &png,
                    packing: Packing::Store,
                },
                Binary {
                    name: "OEBPS/font.otf".into(),
                    bytes: &font,
                    packing: Packing::Deflate,
                },
            ],
            &[("OEBPS/content.opf", b"new".to_vec())],
            &["OEBPS/later.png"],
        )
        .unwrap()
        .finish(&[Binary {
            name: "OEBPS/later.png".into(),
            bytes: &png,
            packing: Packing::Store,
        }])
        .unwrap();
        let mut zip = ZipArchive::new(Cursor::new(&out)).unwrap();
        let names: Vec<String> = zip.file_names().map(String::from).collect();
        assert_eq!(names.len(), 6);
        assert_eq!(names.last().map(String::as_str), Some("OEBPS/later.png"));
        let first = zip.by_index(0).unwrap();
        assert_eq!(
            (first.name(), first.compression()),
            ("mimetype", CompressionMethod::Stored)
        );
        drop(first);
        let method = |zip: &mut ZipArchive<_>, name: &str| zip.by_name(name).unwrap().compression();
        assert_eq!(
            method(&mut zip, "OEBPS/cover.png"),
            CompressionMethod::Stored
        );
        assert_eq!(
            method(&mut zip, "OEBPS/font.otf"),
            CompressionMethod::Deflated
        );
        assert_eq!(read(&out, "OEBPS/cover.png").unwrap(), png);
        assert_eq!(read(&out, "OEBPS/font.otf").unwrap(), font);
        assert_eq!(read(&out, "OEBPS/content.opf").unwrap(), b"new");
        assert_eq!(read(&out, "OEBPS/a.xhtml").unwrap(), b"<p>text</p>");
        assert_eq!(read(&out, "OEBPS/later.png").unwrap(), png);
    }

    #[test]
    fn a_binary_without_its_placeholder_is_an_error() {
        let raw = zip_of(&[("mimetype", b"application/epub+zip")]);
        let e = make_reproducible(
            &raw,
            zip_time(0),
            &[Binary {
                name: "OEBPS/cover.png".into(),
                bytes: b"x",
                packing: Packing::Store,
            }],
            &[],
            &[],
        )
        .err()
        .expect("an error");
        assert!(e.to_string().contains("OEBPS/cover.png"), "{e}");
    }

    /// A font deflated once and copied into each e-book makes the same archive as deflating
    /// it for each; a copy made under another name is deflated again, not misnamed.
    #[test]
    fn a_copied_entry_makes_the_same_archive_as_deflating_it_here() {
        let raw = zip_of(&[
            ("mimetype", b"application/epub+zip"),
            ("OEBPS/font.otf", b""),
        ]);
        let font: Vec<u8> = (0..20_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let build = |packing| {
            make_reproducible(
                &raw,
                zip_time(1_700_000_000),
                &[Binary {
                    name: "OEBPS/font.otf".into(),
                    bytes: &font,
                    packing,
                }],
                &[],
                &[],
            )
            .unwrap()
            .finish(&[])
            .unwrap()
        };
        let deflated_here = build(Packing::Deflate);
        let entry = deflated_entry("OEBPS/font.otf", &font).unwrap();
        assert_eq!(build(Packing::Copy(&entry)), deflated_here);
        let misnamed = deflated_entry("OEBPS/other.otf", b"not the font").unwrap();
        let fallback = build(Packing::Copy(&misnamed));
        assert_eq!(read(&fallback, "OEBPS/font.otf").unwrap(), font);
        assert_eq!(fallback, deflated_here);
    }
}
