//! One token, three outputs: an ejected theme with its accent colour changed restyles the
//! PDF, the EPUB and the HTML page alike (every style lives in theme files).

use crate::common::{self, briefpress};
use std::io::{Cursor, Read};
use std::path::Path;
use std::process::Command;

const OLD: &str = "#0b4f8a";
const NEW: &str = "#5a1e6e";

/// Pixels of page 1 of `pdf`, drawn by poppler at 40 dpi, within 2 of `rgb` in every channel.
fn pixels_of(pdf: &Path, rgb: [u8; 3]) -> usize {
    let out = Command::new("pdftoppm")
        .args(["-r", "40", "-f", "1", "-l", "1"])
        .arg(pdf)
        .output()
        .expect("run pdftoppm");
    assert!(out.status.success());
    // Binary PPM: "P6\n<w> <h>\n255\n" then RGB triples.
    let ppm = out.stdout;
    let mut fields = 0;
    let mut start = 0;
    for (i, b) in ppm.iter().enumerate() {
        if b.is_ascii_whitespace() && i > 0 && !ppm[i - 1].is_ascii_whitespace() {
            fields += 1;
            if fields == 4 {
                start = i + 1;
                break;
            }
        }
    }
    assert!(ppm.starts_with(b"P6") && start > 0);
    ppm[start..]
        .chunks_exact(3)
        .filter(|p| (0..3).all(|c| p[c].abs_diff(rgb[c]) <= 2))
        .count()
}

fn rgb(hex: &str) -> [u8; 3] {
    let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap();
    [(v >> 16) as u8, (v >> 8) as u8, v as u8]
}

fn stylesheet(epub: &Path) -> String {
    let bytes = std::fs::read(epub).unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut css = String::new();
    zip.by_name("OEBPS/stylesheet.css")
        .unwrap()
        .read_to_string(&mut css)
        .unwrap();
    css
}

/// Builds the sample in all three formats with `theme` into `dir`.
fn build(theme: &str, dir: &Path) -> (std::path::PathBuf, String, String) {
    let sample = common::sample();
    let out = briefpress(&[
        "build",
        "-q",
        "-t",
        theme,
        "-f",
        "pdf,epub,html",
        "-d",
        dir.to_str().unwrap(),
        sample.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let stem = sample.file_stem().unwrap().to_str().unwrap();
    let html = std::fs::read_to_string(dir.join(format!("{stem}.html"))).unwrap();
    (
        dir.join(format!("{stem}.pdf")),
        stylesheet(&dir.join(format!("{stem}.epub"))),
        html,
    )
}

/// `theme eject default`, the light accent changed in `theme.toml` and nothing else: the new
/// colour is in the page's CSS tokens, written out in the e-book's stylesheet (in place of
/// the old one), and drawn in the PDF (page 1's masthead band and headings, read back as
/// pixels by poppler). The built-in theme is the control: it draws the old colour and not
/// the new one.
#[test]
fn theme_accent_token_restyles_all_three_outputs() {
    common::require_tool("pdftoppm");
    let tmp = tempfile::tempdir().unwrap();
    let theme = tmp.path().join("house");
    let out = briefpress(&["theme", "eject", "default", theme.to_str().unwrap()]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert!(theme.join("epub.css").is_file(), "epub.css is ejected");
    let toml = std::fs::read_to_string(theme.join("theme.toml")).unwrap();
    let edited = toml.replacen(
        &format!("accent = \"{OLD}\""),
        &format!("accent = \"{NEW}\""),
        1,
    );
    assert_ne!(edited, toml);
    std::fs::write(theme.join("theme.toml"), edited).unwrap();

    let (pdf, epub_css, html) = build(theme.to_str().unwrap(), &tmp.path().join("house-out"));
    let (pdf0, epub_css0, html0) = build("default", &tmp.path().join("default-out"));

    assert!(html.contains(&format!("--bp-accent: {NEW};")));
    assert!(html0.contains(&format!("--bp-accent: {OLD};")));
    // The e-book's rules name the colour itself (reading systems ignore custom properties).
    // (The built-in link colour is the same blue as the accent: `a` rules are not counted.)
    let rules = |css: &str, hex: &str| {
        css.lines()
            .filter(|l| !l.trim_start().starts_with("--bp-") && !l.starts_with("a {"))
            .filter(|l| l.contains(hex))
            .count()
    };
    assert!(rules(&epub_css, NEW) >= 2, "{epub_css}");
    assert_eq!(rules(&epub_css, OLD), 0);
    assert!(rules(&epub_css0, OLD) >= 2);
    let drawn = pixels_of(&pdf, rgb(NEW));
    assert!(drawn > 200, "{drawn} pixels of {NEW} in the PDF");
    // (Anti-aliased edges may come near any colour in a pixel or two.)
    let stray = pixels_of(&pdf0, rgb(NEW));
    assert!(
        stray * 50 < drawn,
        "{stray} pixels of {NEW} with the built-in theme"
    );
    assert!(pixels_of(&pdf0, rgb(OLD)) > 200);
}
