//! Issue 28: nothing half-written, nothing overwritten that briefpress did not write, no input
//! that breaks it. Each test failed before its fix.

use crate::common::*;
use std::path::Path;

/// A brief titled `title` at `dir/rel`.
fn put_brief(dir: &Path, rel: &str, title: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(
        path,
        format!("---\ntitle: {title}\n---\n\nBody of {title}.\n"),
    )
    .unwrap();
}

/// Every file under `dir` (folders too, ending in `/`), relative and sorted.
fn tree(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            if p.is_dir() {
                out.push(format!("{rel}/"));
                stack.push(p);
            } else {
                out.push(rel);
            }
        }
    }
    out.sort();
    out
}

/// Runs briefpress in `dir`: the exit code and standard error.
fn run(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = briefpress_in(dir, args);
    (out.status.code().unwrap_or(-1), stderr(&out))
}

// ---------------------------------------------------------------------------------------------
// 1. A brief's outputs are all or nothing

#[test]
fn a_brief_that_cannot_write_one_output_writes_none_and_keeps_the_older_set() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    put_brief(d, "x.md", "Old");
    let (code, err) = run(d, &["build", "-q", "-f", "json,pdf", "x.md"]);
    assert_eq!(code, 0, "{err}");
    let old_json = std::fs::read(d.join("output/x.json")).unwrap();
    let old_pdf = std::fs::read(d.join("output/x.pdf")).unwrap();
    // The page cannot be written: a folder stands where it goes.
    std::fs::create_dir(d.join("output/x.html")).unwrap();
    put_brief(d, "x.md", "New");
    let (code, err) = run(d, &["build", "-f", "json,pdf,html", "x.md"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("output/x.html"), "{err}");
    assert!(
        err.contains("none of this brief's outputs were written"),
        "{err}"
    );
    assert_eq!(std::fs::read(d.join("output/x.json")).unwrap(), old_json);
    assert_eq!(std::fs::read(d.join("output/x.pdf")).unwrap(), old_pdf);
    assert_eq!(
        tree(&d.join("output")),
        ["x.html/", "x.json", "x.pdf"],
        "no temporary file is left behind"
    );
    // A first build that fails leaves nothing at all.
    put_brief(d, "y.md", "Y");
    std::fs::create_dir(d.join("output/y.html")).unwrap();
    let (code, _) = run(d, &["build", "-f", "json,pdf,html", "y.md"]);
    assert_eq!(code, 1);
    assert!(!d.join("output/y.json").exists());
    assert!(!d.join("output/y.pdf").exists());
}

// ---------------------------------------------------------------------------------------------
// 2. Never replace a file briefpress did not write

#[test]
fn a_file_briefpress_did_not_write_is_not_replaced_without_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // An extracted brief beside the PDF it came from.
    put_brief(d, "src/report.md", "Report");
    std::fs::write(d.join("src/report.pdf"), b"%PDF-1.7 the original\n%%EOF\n").unwrap();
    let (code, err) = run(d, &["build", "-d", "src", "src/report.md"]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        err.lines().next().unwrap(),
        "briefpress: error: `src/report.pdf` exists and was not written by briefpress: \
         refusing to replace it (pass --overwrite to replace it)"
    );
    assert_eq!(
        std::fs::read(d.join("src/report.pdf")).unwrap(),
        b"%PDF-1.7 the original\n%%EOF\n"
    );
    assert_eq!(tree(&d.join("src")), ["report.md", "report.pdf"]);
    // Any format, and `-o` too.
    for (name, bytes) in [
        (
            "page.html",
            &b"<!doctype html><html><head><title>x</title></head></html>"[..],
        ),
        ("data.json", b"{\"a\": 1}"),
        ("book.epub", b"PK\x03\x04 not briefpress's"),
    ] {
        std::fs::write(d.join(name), bytes).unwrap();
        let (code, err) = run(d, &["build", "-o", name, "src/report.md"]);
        assert_eq!(code, 2, "{name}: {err}");
        assert!(err.contains(&format!("`{name}` exists")), "{err}");
        assert_eq!(std::fs::read(d.join(name)).unwrap(), bytes);
    }
    // With --overwrite it is replaced; then it is briefpress's own, rebuilt without the option.
    let (code, err) = run(
        d,
        &["build", "-q", "--overwrite", "-d", "src", "src/report.md"],
    );
    assert_eq!(code, 0, "{err}");
    for f in ["report.pdf", "report.epub", "report.html"] {
        assert!(d.join("src").join(f).is_file(), "{f}");
    }
    put_brief(d, "src/report.md", "Report, revised");
    let (code, err) = run(
        d,
        &[
            "build",
            "-q",
            "-f",
            "pdf,epub,html,json,typ",
            "-d",
            "src",
            "src/report.md",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (code, err) = run(
        d,
        &[
            "build",
            "-q",
            "-f",
            "pdf,epub,html,json,typ",
            "--depfile",
            "src/r.d",
            "-d",
            "src",
            "src/report.md",
        ],
    );
    assert_eq!(
        code, 0,
        "briefpress recognises every output it writes: {err}"
    );
    let (code, err) = run(
        d,
        &[
            "build",
            "-q",
            "--depfile",
            "src/r.d",
            "-d",
            "src",
            "src/report.md",
        ],
    );
    assert_eq!(code, 0, "and its depfile: {err}");
}

// ---------------------------------------------------------------------------------------------
// 3. The depfile is checked with the outputs, before anything is written

#[test]
fn a_depfile_onto_an_output_or_a_folder_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    put_brief(d, "x.md", "X");
    let (code, err) = run(
        d,
        &["build", "-d", "out", "--depfile", "out/x.html", "x.md"],
    );
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        err.lines().next().unwrap(),
        "briefpress: error: --depfile `out/x.html` is also where `out/x.html` is written: \
         name another file"
    );
    assert!(!d.join("out").exists());
    let (code, _) = run(
        d,
        &[
            "build",
            "-d",
            "out",
            "--depfile",
            "./out/../out/x.pdf",
            "x.md",
        ],
    );
    assert_eq!(code, 2);
    std::fs::create_dir(d.join("deps")).unwrap();
    let (code, err) = run(d, &["build", "-d", "out", "--depfile", "deps", "x.md"]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        err.lines().next().unwrap(),
        "briefpress: error: --depfile `deps` is a folder: name a file"
    );
    assert!(!d.join("out").exists(), "nothing was written");
    // Onto the input: refused as before.
    let (code, _) = run(d, &["build", "-d", "out", "--depfile", "x.md", "x.md"]);
    assert_eq!(code, 2);
    assert_eq!(tree(d), ["deps/", "x.md"]);
}

// ---------------------------------------------------------------------------------------------
// 8. -j is capped at the machine's cores

#[test]
fn jobs_beyond_the_cores_are_lowered_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    put_brief(d, "x.md", "X");
    let cores = std::thread::available_parallelism().unwrap().get();
    let started = std::time::Instant::now();
    let (code, err) = run(d, &["build", "-f", "json", "-j", "100000", "x.md"]);
    assert_eq!(code, 0, "{err}");
    let noun = if cores == 1 { "core" } else { "cores" };
    assert_eq!(
        err.lines().next().unwrap(),
        format!(
            "briefpress: note: --jobs 100000 is more than this machine's {cores} {noun}: \
             building {cores} at once"
        )
    );
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
    // Quiet: no note, same build.
    let (code, err) = run(d, &["build", "-q", "-f", "json", "-j", "100000", "x.md"]);
    assert_eq!((code, err.as_str()), (0, ""));
}

// ---------------------------------------------------------------------------------------------
// 6. --max-depth counts inline nesting, raw HTML elements included

#[test]
fn deep_inline_nesting_is_flattened_with_a_warning_and_the_pdf_builds() {
    let input = root().join("tests/fixtures/adversarial/deep-inline.md");
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_str().unwrap();
    let (code, err) = run(
        &root(),
        &[
            "build",
            "-f",
            "pdf,html,json",
            "-d",
            o,
            input.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("bug in briefpress"), "{err}");
    assert!(
        err.contains("warning: nesting deeper than 12 levels is flattened (the text is kept)"),
        "{err}"
    );
    let html = std::fs::read_to_string(out.path().join("deep-inline.html")).unwrap();
    for text in ["deep sup text", "deep mixed text", "deep unclosed text"] {
        assert!(html.contains(text), "{text} lost");
    }
    assert!(html.matches("<sup>").count() <= 12, "sup not flattened");
    assert!(out.path().join("deep-inline.pdf").is_file());
    // The cap is the option's: --max-depth 3 keeps three.
    let (code, err) = run(
        &root(),
        &[
            "build",
            "--max-depth",
            "3",
            "-f",
            "html",
            "--no-page-numbers",
            "-d",
            o,
            input.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(out.path().join("deep-inline.html")).unwrap();
    let first = html.split("Sixty nested superscripts:").nth(1).unwrap();
    let first = first.split("</p>").next().unwrap();
    assert_eq!(first.matches("<sup>").count(), 3, "{first}");
}

// ---------------------------------------------------------------------------------------------
// 7. Every image is decoded before it is used

#[test]
fn an_image_that_does_not_decode_gets_a_warning_and_the_placeholder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("x.md"),
        "---\ntitle: Images\n---\n\nText.\n\n![a text file](notes.png)\n\n![a corrupt chart](chart.png)\n",
    )
    .unwrap();
    std::fs::write(d.join("notes.png"), "just some text\n").unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x02\0\0\0".to_vec();
    png.extend_from_slice(&[0xAB; 200]);
    std::fs::write(d.join("chart.png"), &png).unwrap();
    let (code, err) = run(
        d,
        &["build", "-f", "epub,html", "--no-page-numbers", "x.md"],
    );
    assert_eq!(code, 0, "{err}");
    for (line, url) in [(7, "notes.png"), (9, "chart.png")] {
        assert!(
            err.contains(&format!(
                "x.md:{line}:1: warning: image `{url}` is not a PNG, JPEG, GIF, WebP or SVG \
                 image that can be decoded; its description is shown instead"
            )),
            "{err}"
        );
    }
    let html = std::fs::read_to_string(d.join("output/x.html")).unwrap();
    assert!(!html.contains("data:image"), "a broken image was embedded");
    assert!(html.contains("[a corrupt chart]"), "no placeholder");
    let epub = std::fs::File::open(d.join("output/x.epub")).unwrap();
    let zip = zip::ZipArchive::new(epub).unwrap();
    assert!(
        !zip.file_names().any(|n| n.contains("images/")),
        "{:?}",
        zip.file_names().collect::<Vec<_>>()
    );
}

// ---------------------------------------------------------------------------------------------
// 12. A brief with front matter and no body is warned about, summary or not

#[test]
fn front_matter_with_a_summary_and_no_body_is_warned_about() {
    let input = root().join("tests/fixtures/adversarial/front-matter-summary-only.md");
    let (code, err) = run(&root(), &["check", input.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(
            "front-matter-summary-only.md:2:1: warning: the brief has no body text: only a \
             title page and the summary are published"
        ),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------------
// 13. Theme errors: once, naming the theme file, before any brief

/// Briefs `a.md` and `b.md` and an ejected theme `house` whose `file` ends in an unclosed
/// delimiter; the line of the error.
fn break_theme_file(d: &std::path::Path, file: &str) -> usize {
    put_brief(d, "a.md", "A");
    put_brief(d, "b.md", "B");
    let (code, err) = run(d, &["theme", "eject", "default", "house"]);
    assert_eq!(code, 0, "{err}");
    let path = d.join("house").join(file);
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("\n#let broken = (\n");
    std::fs::write(&path, &text).unwrap();
    text.lines().count()
}

#[test]
fn a_broken_template_is_reported_once_before_any_brief() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let line = break_theme_file(d, "template.typ");
    for cmd in ["build", "check"] {
        let (code, err) = run(
            d,
            &[cmd, "-t", "./house", "-f", "pdf", "a.md", "b.md"]
                .into_iter()
                .filter(|a| cmd == "build" || (*a != "-f" && *a != "pdf"))
                .collect::<Vec<_>>(),
        );
        assert_eq!(code, 1, "{err}");
        assert_eq!(
            err.lines().collect::<Vec<_>>(),
            [
                format!("briefpress: ./house/template.typ:{line}:15: error: unclosed delimiter")
                    .as_str(),
                "briefpress: error: theme `house` cannot be used: its template.typ fails"
            ],
            "{cmd}"
        );
    }
    assert!(!d.join("output").exists());
}

#[test]
fn a_broken_cover_is_reported_once_before_any_epub_and_spares_other_formats() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let line = break_theme_file(d, "cover.typ");
    let (code, err) = run(d, &["build", "-t", "./house", "-f", "epub", "a.md", "b.md"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        [
            format!("briefpress: ./house/cover.typ:{line}:15: error: unclosed delimiter").as_str(),
            "briefpress: error: theme `house` cannot be used: its cover.typ fails"
        ]
    );
    assert!(!d.join("output").exists());
    // The PDF and the HTML page do not use the cover.
    let (code, err) = run(d, &["build", "-t", "./house", "-f", "pdf,html", "a.md"]);
    assert_eq!(code, 0, "{err}");
    assert!(d.join("output/a.pdf").exists() && d.join("output/a.html").exists());
}

#[test]
fn a_theme_folder_says_which_files_are_the_defaults_and_an_empty_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    put_brief(d, "a.md", "A");
    std::fs::create_dir(d.join("house")).unwrap();
    std::fs::copy(
        root().join("themes/default/theme.toml"),
        d.join("house/theme.toml"),
    )
    .unwrap();
    let (code, err) = run(d, &["build", "-f", "json", "-t", "./house", "a.md"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err.lines().next().unwrap(),
        "briefpress: note: theme folder `./house` has no style.css, html.css, epub.css, \
         template.typ, cover.typ: the built-in default's are used"
    );
    std::fs::remove_dir_all(d.join("output")).unwrap();
    std::fs::create_dir(d.join("empty")).unwrap();
    let (code, err) = run(d, &["build", "-f", "json", "-t", "./empty", "a.md"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.starts_with("briefpress: error: theme `empty`: ./empty: not a theme folder: it has none of theme.toml"),
        "{err}"
    );
    assert!(!d.join("output").exists());
}

// ---------------------------------------------------------------------------------------------
// 14. Messages that said the wrong thing

#[test]
fn messages_say_what_is_wrong() {
    let adv = root().join("tests/fixtures/adversarial");
    let check = |args: &[&str]| run(&adv, &[&["check"], args].concat());
    // A PNG given as a brief.
    let (code, err) = check(&["png-named-md.md"]);
    assert_eq!(code, 1);
    assert_eq!(
        err.lines().next().unwrap(),
        "png-named-md.md:1:1: error: input is a PNG file (image/png), not a Markdown brief"
    );
    // A YAML quote never closed: where it opens, not where the parser gave up.
    let (code, err) = check(&["yaml-unclosed-quote.md"]);
    assert_eq!(code, 1);
    assert_eq!(
        err.lines().next().unwrap(),
        "yaml-unclosed-quote.md:6:7: error: front matter is not valid YAML: found unexpected \
         end of stream, while scanning a quoted scalar that starts here"
    );
    // --max-depth 0 is a usage error; 1 is one level.
    let (code, err) = check(&["--max-depth", "0", "front-matter-only.md"]);
    assert_eq!(code, 2);
    assert_eq!(
        err.trim(),
        "briefpress: error: --max-depth must be at least 1"
    );
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("q.md"), "---\ntitle: Q\n---\n\n> > quoted\n").unwrap();
    let (_, err) = run(d, &["check", "--max-depth", "1", "q.md"]);
    assert!(
        err.contains("warning: nesting deeper than 1 level is flattened"),
        "{err}"
    );
    // A stream over the limit: no size claimed before it was read.
    let (code, err) = run(d, &["check", "--max-input-bytes", "1K", "/dev/zero"]);
    assert_eq!(code, 1);
    assert_eq!(
        err.lines().next().unwrap(),
        "/dev/zero:1:1: error: input goes on past 1 KiB (reading stopped there), over the \
         limit of 1 KiB (raise it with --max-input-bytes)"
    );
    // A folder used as an image is a folder, not outside the brief's folder.
    std::fs::create_dir(d.join("charts")).unwrap();
    std::fs::write(
        d.join("f.md"),
        "---\ntitle: F\n---\n\nBody.\n\n![a chart](charts)\n",
    )
    .unwrap();
    let (code, err) = run(d, &["check", "f.md"]);
    assert_eq!(code, 0);
    assert!(
        err.contains("f.md:7:1: warning: image `charts` is a folder, not an image; it is left out"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------------
// 4, 5. Make: deleted theme files, images added later, THEME= changes; warnings shown

#[test]
fn the_example_makefile_survives_deleted_prerequisites_and_sees_new_images_and_themes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("input")).unwrap();
    std::fs::write(
        d.join("input/a.md"),
        "---\ntitle: A\n---\n\nBody.\n\n![a chart](chart.png)\n",
    )
    .unwrap();
    let (code, err) = run(d, &["theme", "eject", "default", "house"]);
    assert_eq!(code, 0, "{err}");
    let make = |args: &[&str]| {
        let out = std::process::Command::new("make")
            .arg("-f")
            .arg(root().join("examples/Makefile"))
            .arg(format!("BRIEFPRESS={}", env!("CARGO_BIN_EXE_briefpress")))
            .args(args)
            .current_dir(d)
            .env_remove("MAKEFLAGS")
            .env_remove("MFLAGS")
            .output()
            .expect("make is installed");
        let log = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
        (out.status.code().unwrap_or(-1), log)
    };
    let (code, log) = make(&["THEME=./house"]);
    assert_eq!(code, 0, "{log}");
    // 5: the warning is shown.
    assert!(
        log.contains("warning: image file `chart.png` is missing"),
        "{log}"
    );
    // 4: an optional theme file deleted: a rebuild, not "No rule to make target".
    std::fs::remove_file(d.join("house/epub.css")).unwrap();
    let (code, log) = make(&["THEME=./house"]);
    assert_eq!(code, 0, "{log}");
    // The missing image, added: the brief is rebuilt with it.
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(
        &std::fs::read(root().join("tests/fixtures/adversarial/png-named-md.md")).unwrap()[8..],
    );
    std::fs::write(d.join("input/chart.png"), &png).unwrap();
    let (code, log) = make(&["THEME=./house"]);
    assert_eq!(code, 0, "{log}");
    let html = std::fs::read_to_string(d.join("output/a.html")).unwrap();
    assert!(
        html.contains("data:image/png"),
        "not rebuilt with the image: {log}"
    );
    let (code, log) = make(&["-q", "THEME=./house"]);
    assert_eq!(code, 0, "nothing left to do: {log}");
    // Another THEME= rebuilds; then nothing is left to do.
    let (code, _) = make(&["-q", "THEME=sober"]);
    assert_eq!(code, 1, "THEME=sober must rebuild");
    let (code, log) = make(&["THEME=sober"]);
    assert_eq!(code, 0, "{log}");
    let (code, log) = make(&["-q", "THEME=sober"]);
    assert_eq!(code, 0, "{log}");
}
