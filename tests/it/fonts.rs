//! The HTML page's fonts (`--html-fonts`): in a real browser the page is drawn with the
//! theme's families only; `link` writes the subsets beside the page and into the depfile;
//! `system` embeds none.

use crate::common::{self, briefpress};
use std::path::{Path, PathBuf};
use std::process::Command;

fn tool(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(default))
}

/// Briefs whose text is all in Latin script (the theme's fonts cover it; other scripts are
/// left to the reader's system by design).
fn latin_briefs() -> Vec<PathBuf> {
    let mut v = vec![common::sample()];
    v.extend(common::fixtures("authored"));
    v.extend(common::fixtures("extracted"));
    v
}

/// Builds `briefs` as HTML with `theme` and `extra` flags into `dir`; the pages' paths. With
/// the PDF's page numbers (`--page-numbers`), which the page shows in its margin: their digits
/// must be in the fonts too.
fn build(dir: &Path, theme: &str, extra: &[&str], briefs: &[PathBuf]) -> Vec<PathBuf> {
    let mut args = vec![
        "build",
        "-q",
        "-f",
        "html",
        "--page-numbers",
        "-t",
        theme,
        "-d",
    ];
    args.push(dir.to_str().unwrap());
    args.extend(extra);
    args.extend(briefs.iter().map(|b| b.to_str().unwrap()));
    let out = briefpress(&args);
    assert!(out.status.success(), "{}", common::stderr(&out));
    briefs
        .iter()
        .map(|b| dir.join(format!("{}.html", b.file_stem().unwrap().to_str().unwrap())))
        .collect()
}

/// The theme's first family of each role, as written in its `theme.toml`.
fn theme_families(theme: &str) -> Vec<String> {
    let t = briefpress::theme::Theme::builtin(theme).unwrap().tokens;
    [&t.fonts.body, &t.fonts.heading, &t.fonts.mono]
        .iter()
        .map(|f| f[0].clone())
        .collect()
}

/// Is a font name (`Inter Semi Bold`, `AAAAAA+LibertinusSerif-Italic`) of one of `families`?
fn of_families(name: &str, families: &[String]) -> bool {
    let squashed = |s: &str| s.replace([' ', '-'], "").to_lowercase();
    let base = squashed(name.rsplit('+').next().unwrap_or(name));
    families.iter().any(|f| base.starts_with(&squashed(f)))
}

/// Headless Chromium prints `page` to a PDF; poppler's `pdffonts` lists its fonts' names.
fn printed_fonts(page: &Path, pdf: &Path) -> Vec<String> {
    let chromium = tool("BRIEFPRESS_CHROMIUM", "/usr/bin/chromium");
    let out = Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    assert!(
        out.status.success() && pdf.is_file(),
        "{}",
        common::stderr(&out)
    );
    pdffonts(pdf)
}

/// The font names poppler's `pdffonts` lists for a PDF, subset tags and all.
fn pdffonts(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdffonts")
        .arg(pdf)
        .output()
        .expect("run pdffonts");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

/// Every page of Latin text, with both built-in themes, is drawn in the theme's families and
/// nothing else: Chromium's own account of the fonts it used for every element (DevTools'
/// `CSS.getPlatformFontsForNode`, screen and print) lists only web fonts of the theme's
/// families, and the PDF it prints names no other font. (Chromium writes CFF web fonts —
/// Libertinus and Inter are CFF — as unnamed Type 3 fonts, shown as `[none]`; a fallback to
/// a font of the machine's is a named TrueType font, as the control with `--html-fonts
/// system` shows.)
/// Runs `scripts/<script>` (Puppeteer over Debian's Chromium) on the pages; its JSON report.
fn in_chromium(script: &str, pages: &[PathBuf]) -> Vec<serde_json::Value> {
    let out = Command::new("node")
        .arg(common::root().join("scripts").join(script))
        .args(pages)
        .env(
            "BRIEFPRESS_A11Y_NODE_MODULES",
            tool(
                "BRIEFPRESS_A11Y_NODE_MODULES",
                "/opt/briefpress-tools/a11y/node_modules",
            ),
        )
        .env(
            "BRIEFPRESS_CHROMIUM",
            tool("BRIEFPRESS_CHROMIUM", "/usr/bin/chromium"),
        )
        .output()
        .unwrap_or_else(|e| panic!("run node (scripts/{script}): {e}"));
    assert!(out.status.success(), "{}", common::stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn html_fonts_in_chromium_are_only_the_themes() {
    common::require_tool("pdffonts");
    let tmp = tempfile::tempdir().unwrap();
    let briefs = latin_briefs();
    let mut checked = 0;
    for theme in ["default", "sober"] {
        let families = theme_families(theme);
        let pages = build(&tmp.path().join(theme), theme, &[], &briefs);
        let report = in_chromium("fonts-used.mjs", &pages);
        assert_eq!(report.len(), pages.len() * 2, "screen and print per page");
        for r in &report {
            let fonts = r["fonts"].as_array().unwrap();
            assert!(!fonts.is_empty());
            for f in fonts {
                let family = f["family"].as_str().unwrap();
                assert!(
                    f["custom"] == true && of_families(family, &families),
                    "{theme}, {} ({}): drawn with {family} (web font: {})",
                    r["file"],
                    r["media"],
                    f["custom"]
                );
            }
        }
        for page in &pages {
            let names = printed_fonts(page, &page.with_extension("pdf"));
            assert!(!names.is_empty());
            for name in &names {
                assert!(
                    name == "[none]" || of_families(name, &families),
                    "{theme}, {}: printed with {name}",
                    page.display()
                );
            }
            checked += 1;
        }
    }
    assert_eq!(checked, briefs.len() * 2);
    // The control: the same page without the theme's fonts prints with the machine's, by
    // name — what the check above would catch.
    let dir = tmp.path().join("system");
    let page = &build(&dir, "default", &["--html-fonts", "system"], &briefs[..1])[0];
    let names = printed_fonts(page, &dir.join("page.pdf"));
    assert!(
        names.iter().any(|n| !n.starts_with('[')),
        "system fonts are named: {names:?}"
    );
    assert!(
        !names
            .iter()
            .any(|n| of_families(n, &theme_families("default")))
    );
}

/// The sample's page with its fonts embedded stays small: one file under 200 KB, with a
/// WOFF2 `data:` URL per face, and only the faces it uses (no bold italic, no mono: the
/// sample has neither).
#[test]
fn html_fonts_embedded_page_stays_under_200_kb() {
    let tmp = tempfile::tempdir().unwrap();
    let page = &build(tmp.path(), "default", &[], &[common::sample()])[0];
    let html = std::fs::read_to_string(page).unwrap();
    assert!(html.len() < 200_000, "{} bytes", html.len());
    let faces = html.matches("@font-face {").count();
    assert_eq!(
        faces,
        html.matches("src: url(\"data:font/woff2;base64,").count()
    );
    assert!(faces >= 3, "{faces} faces");
    assert!(!html.contains("font-family: \"DejaVu Sans Mono\";\n  src"));
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
}

/// `--html-fonts link`: the subsets are WOFF2 files in `fonts/` beside the page, which names
/// them by relative URLs, and the depfile lists them among the brief's outputs.
#[test]
fn html_fonts_link_writes_subsets_beside_the_page() {
    let tmp = tempfile::tempdir().unwrap();
    let depfile = tmp.path().join("deps.d");
    let out_dir = tmp.path().join("out");
    let page = &build(
        &out_dir,
        "default",
        &[
            "--html-fonts",
            "link",
            "--depfile",
            depfile.to_str().unwrap(),
        ],
        &[common::sample()],
    )[0];
    let html = std::fs::read_to_string(page).unwrap();
    assert!(!html.contains("data:font"));
    let deps = std::fs::read_to_string(&depfile).unwrap();
    let targets = deps.split(": ").next().unwrap();
    let urls: Vec<&str> = html
        .split("src: url(\"")
        .skip(1)
        .map(|u| u.split('"').next().unwrap())
        .collect();
    assert!(urls.len() >= 3, "{urls:?}");
    for url in &urls {
        assert!(
            url.starts_with("fonts/") && url.ends_with(".woff2"),
            "{url}"
        );
        let file = out_dir.join(url);
        let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{url}: {e}"));
        assert_eq!(&bytes[..4], b"wOF2", "{url}");
        assert!(
            targets.contains(file.to_str().unwrap()),
            "{url} not in {targets}"
        );
    }
    // Nothing else in fonts/.
    assert_eq!(
        std::fs::read_dir(out_dir.join("fonts")).unwrap().count(),
        urls.len()
    );
}

/// `--html-fonts system` is the page without fonts: no `@font-face`, only the font stacks.
#[test]
fn html_fonts_system_embeds_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let page = &build(
        tmp.path(),
        "default",
        &["--html-fonts", "system"],
        &[common::sample()],
    )[0];
    let html = std::fs::read_to_string(page).unwrap();
    assert!(!html.contains("@font-face"));
    assert!(html.contains("--bp-font-body: \"Libertinus Serif\""));
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
}

/// The characters a font file maps (its `cmap`).
fn mapped_chars(font: &[u8]) -> std::collections::BTreeSet<char> {
    let face = rustybuzz::ttf_parser::Face::parse(font, 0).expect("a font");
    let mut chars = std::collections::BTreeSet::new();
    if let Some(cmap) = face.tables().cmap {
        for sub in cmap.subtables {
            if sub.is_unicode() {
                sub.codepoints(|c| chars.extend(char::from_u32(c)));
            }
        }
    }
    chars
}

/// Built together, the e-book and the web page carry the same subset of each face (made once,
/// for the characters either draws): the same faces, each mapping the same characters, in the
/// EPUB as OpenType and beside the page as WOFF2.
#[test]
fn the_epub_and_the_page_share_one_subset_per_face() {
    let dir = tempfile::tempdir().unwrap();
    let sample = common::sample();
    let out = briefpress(&[
        "build",
        "-q",
        "-f",
        "epub,html",
        "--html-fonts",
        "link",
        "-d",
        dir.path().to_str().unwrap(),
        sample.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let stem = sample.file_stem().unwrap().to_str().unwrap();
    let epub = std::fs::File::open(dir.path().join(format!("{stem}.epub"))).unwrap();
    let mut zip = zip::ZipArchive::new(epub).unwrap();
    let mut in_epub = std::collections::BTreeMap::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().to_string();
        if let Some(file) = name.strip_prefix("OEBPS/fonts/") {
            let face = file.rsplit_once('.').unwrap().0.to_string();
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
            in_epub.insert(face, mapped_chars(&bytes));
        }
    }
    let mut beside = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(dir.path().join("fonts")).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_str().unwrap();
        let face = file
            .strip_prefix(&format!("{stem}-"))
            .and_then(|f| f.strip_suffix(".woff2"))
            .unwrap()
            .to_string();
        let font = woofwoof::decompress(&std::fs::read(&path).unwrap()).expect("WOFF2");
        beside.insert(face, mapped_chars(&font));
    }
    assert!(
        in_epub.len() >= 3,
        "faces in the EPUB: {:?}",
        in_epub.keys()
    );
    assert_eq!(
        in_epub.keys().collect::<Vec<_>>(),
        beside.keys().collect::<Vec<_>>()
    );
    for (face, chars) in &in_epub {
        assert!(chars.contains(&'a'), "{face} maps no 'a'");
        assert_eq!(
            chars, &beside[face],
            "{face}: the two subsets map different characters"
        );
    }
}

/// Note references are set as the PDF sets them (issue 27, item 11): in Chromium, with both
/// built-in themes, a reference is in its paragraph's own face and weight (not the headings'
/// semibold sans), smaller than the text and raised (superscript, unless the theme sets
/// full-size numbers), and starts where the word before it ends, with no gap.
#[test]
fn html_note_references_are_set_in_the_text_face_without_a_gap() {
    let tmp = tempfile::tempdir().unwrap();
    let briefs = vec![common::sample()];
    for theme in ["default", "sober"] {
        let pages = build(&tmp.path().join(theme), theme, &[], &briefs);
        let report = in_chromium("noteref-style.mjs", &pages);
        let refs = report[0]["refs"].as_array().unwrap();
        // The sample cites its notes right after words and full stops.
        assert!(
            refs.len() >= 10,
            "{theme}: {} references measured",
            refs.len()
        );
        let superscript = briefpress::theme::Theme::builtin(theme)
            .unwrap()
            .tokens
            .layout
            .note_numbers
            == briefpress::theme::NoteNumbers::Superscript;
        for r in refs {
            let num = |k: &str| r[k].as_f64().unwrap();
            assert_eq!(r["family"], r["parFamily"], "{theme}: {r}");
            assert_eq!(r["weight"], r["parWeight"], "{theme}: {r}");
            assert!(
                num("gap").abs() < 0.5,
                "{theme}: a gap before the reference: {r}"
            );
            if superscript {
                assert!(num("size") < 0.8 * num("parSize"), "{theme}: {r}");
                assert!(num("raise") > 0.25 * num("parSize"), "{theme}: {r}");
            }
        }
    }
}

/// `brief`'s HTML page in each built-in theme (built under `dir`), as Chromium sets it:
/// `scripts/noteref-style.mjs`'s report of the page.
fn styles_in_chromium(dir: &Path, brief: &Path) -> Vec<(&'static str, serde_json::Value)> {
    ["default", "sober"]
        .into_iter()
        .map(|theme| {
            let pages = build(&dir.join(theme), theme, &[], &[brief.to_path_buf()]);
            let mut report = in_chromium("noteref-style.mjs", &pages);
            (theme, report.remove(0))
        })
        .collect()
}

/// Headings of every level are drawn in the theme's accent, as the PDF draws them (issue 27,
/// item 6: one family across the formats): in Chromium, with both built-in themes, on a
/// brief with sections and subsections.
#[test]
fn html_headings_of_every_level_are_in_the_accent_as_in_the_pdf() {
    let tmp = tempfile::tempdir().unwrap();
    let brief = tmp.path().join("levels.md");
    std::fs::write(
        &brief,
        "---\ntitle: Harbours\n---\n\n## Ports\n\nText.\n\n### Cranes\n\nText.\n\n\
         #### Rails\n\nText.\n",
    )
    .unwrap();
    for (theme, report) in styles_in_chromium(tmp.path(), &brief) {
        let accent = report["accent"].as_str().unwrap();
        let headings = report["headings"].as_array().unwrap();
        let tags: Vec<&str> = headings.iter().filter_map(|h| h["tag"].as_str()).collect();
        for level in ["h2", "h3", "h4"] {
            assert!(tags.contains(&level), "{theme}: no {level} in {tags:?}");
        }
        for h in headings {
            assert_eq!(h["color"], accent, "{theme}: {h}");
        }
    }
}

/// A figure's image spans the text's measure, as the PDF sets it (`width: 100%`), whatever
/// its pixel size: the fixture's chart is 120 pixels wide and was drawn at that size, a
/// thumbnail beside the PDF's full-width figure (issue 27, item 6).
#[test]
fn html_figures_span_the_measure_as_in_the_pdf() {
    let tmp = tempfile::tempdir().unwrap();
    let brief = common::root().join("tests/fixtures/authored/html-features.md");
    for (theme, report) in styles_in_chromium(tmp.path(), &brief) {
        let figures = report["figures"].as_array().unwrap();
        assert!(!figures.is_empty(), "{theme}: no figure measured");
        for f in figures {
            let (img, bx) = (f["img"].as_f64().unwrap(), f["box"].as_f64().unwrap());
            assert!(bx > 300.0, "{theme}: {f}");
            assert!((img - bx).abs() < 1.0, "{theme}: {f}");
        }
    }
}

/// The cache folder keeps the faces' cuts between processes (one process per brief, as
/// `make -j` runs briefpress, cuts each face once) and changes no output: built with an
/// empty cache, with the cache filled, with its files damaged, and with no cache at all, the
/// e-book and the page are the same bytes.
#[test]
fn the_font_cache_keeps_cuts_between_processes_and_changes_no_output() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    let sample = common::sample();
    let stem = sample.file_stem().unwrap().to_str().unwrap().to_string();
    let build = |out: &str, cache_dir: &str| {
        let dir = tmp.path().join(out);
        let status = Command::new(env!("CARGO_BIN_EXE_briefpress"))
            .args(["build", "-q", "-f", "epub,html", "-d"])
            .arg(&dir)
            .arg(&sample)
            .env("BRIEFPRESS_CACHE_DIR", cache_dir)
            .status()
            .unwrap();
        assert!(status.success());
        ["epub", "html"].map(|ext| std::fs::read(dir.join(format!("{stem}.{ext}"))).unwrap())
    };
    let cache_dir = cache.to_str().unwrap();
    let fresh = build("fresh", cache_dir);
    let kept: Vec<PathBuf> = std::fs::read_dir(cache.join("fonts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    // Each face the sample draws: its OpenType cut and its WOFF2.
    assert!(kept.len() >= 6, "{kept:?}");
    assert_eq!(build("cached", cache_dir), fresh, "built from the cache");
    for file in &kept {
        std::fs::write(file, b"not a font").unwrap();
    }
    assert_eq!(
        build("damaged", cache_dir),
        fresh,
        "built over damaged files"
    );
    assert_eq!(build("uncached", "off"), fresh, "built with no cache");
}

/// The names of the fonts poppler finds in a PDF, subset tags dropped.
fn pdf_font_names(pdf: &Path) -> Vec<String> {
    pdffonts(pdf)
        .iter()
        .map(|n| n.rsplit('+').next().unwrap_or(n).to_string())
        .collect()
}

/// Issue 27, item 9: a Chinese brief's figures are drawn in the face of its text, not in the
/// Latin serif beside it: its PDF, Han characters and figures only (title, date, text, the
/// page numbers), uses the theme's CJK faces and neither of the theme's Latin faces.
#[test]
fn figures_in_a_chinese_brief_are_in_the_face_of_its_text() {
    common::require_tool("pdffonts");
    let tmp = tempfile::tempdir().unwrap();
    let md = tmp.path().join("zh.md");
    std::fs::write(
        &md,
        "---\ntitle: 港口与贸易\nlang: zh\ndate: 2024-03-01\n---\n\n         二〇二四年港口吞吐量增长了12%，达到3500万吨。\n\n## 结论\n\n港口建设需要长期规划。\n",
    )
    .unwrap();
    let out = briefpress(&[
        "build",
        "-q",
        "-f",
        "pdf",
        "-d",
        tmp.path().to_str().unwrap(),
        md.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let names = pdf_font_names(&tmp.path().join("zh.pdf"));
    assert!(
        names.iter().any(|n| n.starts_with("NotoSerifCJKsc")),
        "the text in Noto Serif CJK SC: {names:?}"
    );
    for latin in ["LibertinusSerif", "Inter"] {
        assert!(
            !names.iter().any(|n| n.starts_with(latin)),
            "no {latin}: {names:?}"
        );
    }
}

/// Issue 27, item 9: text in a script the theme's faces lack is drawn with the theme's face
/// for that script, in the theme's style (a Naskh for Arabic in the serif body, not the
/// first system font that has the letters), and Han characters with the variant of the
/// brief's language (Chinese is not drawn with the Japanese forms, nor Japanese with the
/// Chinese), nor a Japanese paragraph in an English brief (its kana tag it `ja`). Written
/// from the theme's `body_scripts`: the faces are Debian's Noto, which the
/// test script installs. Both in the PDF (poppler's `pdffonts`) and in the HTML page
/// (Chromium's account of the fonts it drew with).
#[test]
fn script_faces_follow_the_script_and_the_language() {
    common::require_tool("pdffonts");
    let tmp = tempfile::tempdir().unwrap();
    let arabic = "هذه فقرة كاملة باللغة العربية تبدأ من اليمين إلى اليسار.";
    let han = "经济增长与港口建设的关系。日本語の段落です。";
    // A Japanese quotation (kana and kanji) and a Chinese one (Han alone) in an English brief:
    // the kana say the first is Japanese; nothing says the second is not the brief's
    // language's commonest reading of Han, simplified Chinese.
    // And a Korean item in a tight list (written without `<p>`: its own `<span lang>`).
    let quotes = "港湾の整備には長期的な計画が必要です。\n\n港口建设需要长期规划。\n\n\
                  - Ports and trade.\n- 항만 개발 계획은 장기적입니다.";
    // (language, paragraph, a face that must draw it, faces that must not appear)
    let cases: &[(&str, &str, &str, &[&str])] = &[
        ("en", arabic, "NotoNaskhArabic", &["DejaVuSans-"]),
        ("zh", han, "NotoSerifCJKsc", &["CJKjp", "CJKtc"]),
        ("zh-TW", han, "NotoSerifCJKtc", &["CJKjp", "CJKsc"]),
        ("ja", han, "NotoSerifCJKjp", &["CJKsc", "CJKtc"]),
        ("en", quotes, "NotoSerifCJKjp", &["CJKtc"]),
    ];
    let mut pages = Vec::new();
    for (i, (lang, text, face, not)) in cases.iter().enumerate() {
        let md = tmp.path().join(format!("brief-{i}.md"));
        std::fs::write(
            &md,
            format!("---\ntitle: Ports\nlang: {lang}\n---\n\n{text}\n\nPorts and trade.\n"),
        )
        .unwrap();
        let out = briefpress(&[
            "build",
            "-q",
            "-f",
            "pdf,html",
            "-d",
            tmp.path().to_str().unwrap(),
            md.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{}", common::stderr(&out));
        let names = pdf_font_names(&tmp.path().join(format!("brief-{i}.pdf")));
        assert!(
            names.iter().any(|n| n.starts_with(face)),
            "{lang}: {face} draws the text: {names:?}"
        );
        for bad in *not {
            assert!(
                !names.iter().any(|n| n.contains(bad)),
                "{lang}: no {bad}: {names:?}"
            );
        }
        if *lang == "en" && text.contains('の') {
            assert!(
                names.iter().any(|n| n.starts_with("NotoSerifCJKsc")),
                "the Chinese quotation in the Chinese face: {names:?}"
            );
            assert!(
                names.iter().any(|n| n.starts_with("NotoSerifCJKkr")),
                "the Korean list item in the Korean face: {names:?}"
            );
            let html = std::fs::read_to_string(tmp.path().join(format!("brief-{i}.html"))).unwrap();
            assert!(
                html.contains("<p lang=\"ja\">港湾") && html.contains("<p>港口"),
                "only the Japanese paragraph is tagged"
            );
            assert!(
                html.contains("<li><span lang=\"ko\">항만"),
                "the Korean list item is tagged"
            );
        }
        pages.push(tmp.path().join(format!("brief-{i}.html")));
    }
    // The HTML page falls back to the same faces, by name, in a real browser.
    let report = in_chromium("fonts-used.mjs", &pages);
    let families = |i: usize| -> Vec<String> {
        report
            .iter()
            .filter(|r| {
                r["file"]
                    .as_str()
                    .unwrap()
                    .ends_with(&format!("brief-{i}.html"))
            })
            .flat_map(|r| r["fonts"].as_array().unwrap().clone())
            .map(|f| f["family"].as_str().unwrap().to_string())
            .collect()
    };
    for (i, want) in [
        "Noto Naskh Arabic",
        "Noto Serif CJK SC",
        "Noto Serif CJK TC",
        "Noto Serif CJK JP",
        "Noto Serif CJK JP",
    ]
    .iter()
    .enumerate()
    {
        let used = families(i);
        assert!(used.iter().any(|f| f == want), "{want}: {used:?}");
    }
    let quoted = families(4);
    assert!(
        quoted.iter().any(|f| f == "Noto Serif CJK SC"),
        "the Chinese quotation: {quoted:?}"
    );
    assert!(
        quoted.iter().any(|f| f == "Noto Serif CJK KR"),
        "the Korean list item: {quoted:?}"
    );
}

/// The e-book draws the title page, the summary and the note references as the page (and the
/// PDF) does (issue 27, item 6: one family across the formats): in Chromium, with both
/// built-in themes, the HTML page and the EPUB's own XHTML documents with their style sheet
/// give the byline's names the same weight in the title's face, the publisher the same case,
/// the summary the same rules and its label the same colour; and both set each note
/// reference in its paragraph's face and weight with no gap, raised and smaller for
/// superscript numbers, on the line in brackets for full-size ones.
#[test]
fn the_epub_draws_title_page_summary_and_note_references_as_the_page_does() {
    let tmp = tempfile::tempdir().unwrap();
    let brief = common::root().join("tests/fixtures/authored/html-features.md");
    for theme in ["default", "sober"] {
        let dir = tmp.path().join(theme);
        let out = briefpress(&[
            "build",
            "-q",
            "-f",
            "html,epub",
            "-t",
            theme,
            "-d",
            dir.to_str().unwrap(),
            brief.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{}", common::stderr(&out));
        let book = dir.join("book");
        let mut zip =
            zip::ZipArchive::new(std::fs::File::open(dir.join("html-features.epub")).unwrap())
                .unwrap();
        zip.extract(&book).unwrap();
        let mut xhtml: Vec<PathBuf> = std::fs::read_dir(book.join("OEBPS"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "xhtml"))
            .collect();
        xhtml.sort();
        let page = report_of(&in_chromium(
            "noteref-style.mjs",
            &[dir.join("html-features.html")],
        ));
        let ebook = report_of(&in_chromium("noteref-style.mjs", &xhtml));
        let superscript = briefpress::theme::Theme::builtin(theme)
            .unwrap()
            .tokens
            .layout
            .note_numbers
            == briefpress::theme::NoteNumbers::Superscript;
        for (format, (roles, refs)) in [("html", &page), ("epub", &ebook)] {
            let role = |name: &str| {
                roles
                    .get(name)
                    .unwrap_or_else(|| panic!("{theme} {format}: no {name} measured"))
            };
            assert_eq!(
                role("author")["family"],
                role("title")["family"],
                "{theme} {format}: byline names not in the title's face"
            );
            assert!(
                refs.len() >= 4,
                "{theme} {format}: {} references",
                refs.len()
            );
            for r in refs {
                let num = |k: &str| r[k].as_f64().unwrap();
                assert_eq!(r["family"], r["parFamily"], "{theme} {format}: {r}");
                assert_eq!(r["weight"], r["parWeight"], "{theme} {format}: {r}");
                assert!(num("gap").abs() < 0.5, "{theme} {format}: a gap: {r}");
                if superscript {
                    assert!(num("size") < 0.8 * num("parSize"), "{theme} {format}: {r}");
                    assert!(
                        num("raise") > 0.25 * num("parSize"),
                        "{theme} {format}: {r}"
                    );
                } else {
                    assert!(
                        (num("size") - num("parSize")).abs() < 0.5,
                        "{theme} {format}: {r}"
                    );
                    assert!(
                        num("raise").abs() < 0.1 * num("parSize"),
                        "{theme} {format}: {r}"
                    );
                    assert!(
                        r["before"].as_str().unwrap().contains('['),
                        "{theme} {format}: {r}"
                    );
                }
            }
        }
        let same = |name: &str, keys: &[&str]| {
            for k in keys {
                assert_eq!(
                    page.0[name][k], ebook.0[name][k],
                    "{theme}: the {name}'s {k} differs between the page and the e-book"
                );
            }
        };
        same("author", &["weight"]);
        same("publisher", &["weight", "transform"]);
        same("summary", &["borderTop", "borderBottom", "borderLeft"]);
        same("summaryLabel", &["color"]);
    }
}

/// The roles measured in a set of documents (the first document that has each) and every
/// note reference measured in them.
fn report_of(
    report: &[serde_json::Value],
) -> (
    serde_json::Map<String, serde_json::Value>,
    Vec<serde_json::Value>,
) {
    let mut roles = serde_json::Map::new();
    let mut refs = Vec::new();
    for doc in report {
        for (name, value) in doc["roles"].as_object().unwrap() {
            if !value.is_null() && !roles.contains_key(name) {
                roles.insert(name.clone(), value.clone());
            }
        }
        refs.extend(doc["refs"].as_array().unwrap().iter().cloned());
    }
    (roles, refs)
}
