//! Patches to the package and navigation documents epub-builder 0.8 writes, for what its API
//! cannot express. Each pattern comes from its templates (`templates/v3/content.opf`,
//! `nav.xhtml` and `toc.ncx`) and must be found exactly once: a new version that changes them fails the
//! build loudly instead of shipping an e-book without its fixes.
//!
//! What the API can express goes through it instead: accessibility metadata and the series
//! collection are `MetadataOpfV3` entries, the reading direction is `epub_direction`.

use super::{NAV, NCX, OPF, err, is_rtl};
use crate::error::Result;
use crate::write::html::markup::{escape_attr, escape_text};
use crate::write::labels::Labels;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// `text` with `from` replaced by `to`, which must happen exactly once (see the module
/// documentation); `file` names the document in the error.
pub fn replace_once(text: &str, from: &str, to: &str, file: &str) -> Result<String> {
    match text.matches(from).count() {
        1 => Ok(text.replacen(from, to, 1)),
        n => Err(err(format!(
            "{file}: expected `{from}` once, found it {n} times"
        ))),
    }
}

/// The template numbers languages and creators from the same `epub-creator-` id, a duplicate
/// id EPUBCheck rejects; the API has no way to name either. The book has one language.
pub fn language_id(opf: &str) -> Result<String> {
    replace_once(
        opf,
        "<dc:language id=\"epub-creator-",
        "<dc:language id=\"epub-language-",
        OPF,
    )
}

/// `elements` added at the end of the metadata: the API writes only `<meta>` elements
/// (`MetadataOpfV3`), and these are Dublin Core ones (a subtitle, the date as the brief gives
/// it — `set_publication_date` would write a time of day the brief does not have — and the
/// publisher).
pub fn with_metadata(opf: &str, elements: &[String]) -> Result<String> {
    replace_once(
        opf,
        "</metadata>",
        &format!("{}\n  </metadata>", elements.join("\n")),
        OPF,
    )
}

/// The book's identifier in place of the UUID URN the template writes (the API takes only a
/// UUID, `set_uuid`); `None` keeps the URN.
pub fn with_identifier(opf: &str, uuid_urn: &str, identifier: Option<&str>) -> Result<String> {
    match identifier {
        Some(id) => replace_once(
            opf,
            &format!(">{uuid_urn}</dc:identifier>"),
            &format!(">{}</dc:identifier>", escape_text(id)),
            OPF,
        ),
        None => Ok(opf.to_string()),
    }
}

/// The package's language, the default for all its metadata (reading systems and Ace read
/// it; `lang` is not an OPF attribute), and its direction; the template's `<package>` has
/// neither and the API cannot add attributes to it.
pub fn package_lang(opf: &str, lang: &str) -> Result<String> {
    let dir = if is_rtl(lang) { " dir=\"rtl\"" } else { "" };
    replace_once(
        opf,
        "<package version=\"3.0\" ",
        &format!(
            "<package version=\"3.0\" xml:lang=\"{}\"{dir} ",
            escape_attr(lang)
        ),
        OPF,
    )
}

/// Fails when two elements of the OPF share an id (what the template does to `dc:language`
/// and `dc:creator`, see [`language_id`]): a check that every patch above kept the package
/// valid.
pub fn check_unique_ids(opf: &str) -> Result<()> {
    let xml = roxmltree::Document::parse(opf).map_err(|e| err(format!("content.opf: {e}")))?;
    let mut seen = BTreeSet::new();
    for node in xml.descendants() {
        if let Some(id) = node.attribute("id")
            && !seen.insert(id)
        {
            return Err(err(format!("content.opf: duplicate id `{id}`")));
        }
    }
    Ok(())
}

/// The navigation document as the template writes it, made accessible: the document gets
/// the book's language (it is read aloud like any page), the table of contents its
/// `doc-toc` role, and each navigation a name of its own (two unnamed navigations are two
/// indistinguishable landmarks to a screen reader). The API sets none of these.
pub fn fix_nav(nav: &str, lang: &str, labels: &Labels) -> Result<String> {
    let lang = escape_attr(lang);
    let dir = if is_rtl(&lang) { " dir=\"rtl\"" } else { "" };
    let nav = replace_once(
        nav,
        "xmlns:epub=\"http://www.idpf.org/2007/ops\">",
        &format!(
            "xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\"{dir}>"
        ),
        NAV,
    )?;
    let nav = replace_once(
        &nav,
        "<nav epub:type = \"toc\" id=\"toc\">",
        "<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\" aria-labelledby=\"toc-title\">",
        NAV,
    )?;
    replace_once(
        &nav,
        "<nav epub:type = \"landmarks\">",
        &format!(
            "<nav epub:type=\"landmarks\" id=\"landmarks\" aria-labelledby=\"landmarks-title\" hidden=\"hidden\">\n    <h2 id=\"landmarks-title\">{}</h2>",
            escape_text(labels.landmarks)
        ),
        NAV,
    )
}

/// What lies between `start`, which must be found exactly once, and the first `end` after it,
/// replaced by `with`.
fn replace_between(text: &str, start: &str, end: &str, with: &str, file: &str) -> Result<String> {
    let missing = |what: &str| err(format!("{file}: expected `{what}` once"));
    if text.matches(start).count() != 1 {
        return Err(missing(start));
    }
    let from = text.find(start).ok_or_else(|| missing(start))? + start.len();
    let to = from + text[from..].find(end).ok_or_else(|| missing(end))?;
    Ok(format!("{}{with}{}", &text[..from], &text[to..]))
}

/// The navigation document with `list` (the book's headings, see `toc` in the writer) as
/// its table of contents: the API makes one entry per content document, where a document
/// may hold several of the book's headings, or none.
pub fn with_toc(nav: &str, list: &str) -> Result<String> {
    // The only `h1` of the document: the table of contents' heading.
    replace_between(nav, "</h1>\n", "\n  </nav>", list, NAV)
}

/// The NCX (for EPUB 2 reading systems) with `points` as its `navMap` and `depth` as its
/// depth, like the navigation document's table of contents.
pub fn ncx_with_toc(ncx: &str, points: &str, depth: usize) -> Result<String> {
    let ncx = replace_between(ncx, "<navMap>\n", "\n  </navMap>", points, NCX)?;
    replace_once(
        &ncx,
        "<meta name=\"dtb:depth\" content=\"1\" />",
        &format!("<meta name=\"dtb:depth\" content=\"{depth}\" />"),
        NCX,
    )
}

/// The navigation document with a `page-list` navigation when the book has page-break
/// markers: one entry per page of the PDF edition, in page order, hidden like the landmarks
/// (reading systems offer it as "go to page"). The API knows only the table of contents and
/// the landmarks.
pub fn with_page_list(nav: &str, page_file: &[(u32, String)], labels: &Labels) -> Result<String> {
    if page_file.is_empty() {
        return Ok(nav.to_string());
    }
    let mut list = format!(
        "<nav epub:type=\"page-list\" id=\"page-list\" role=\"doc-pagelist\" aria-labelledby=\"page-list-title\" hidden=\"hidden\">\n    <h2 id=\"page-list-title\">{}</h2>\n    <ol>\n",
        escape_text(labels.pages)
    );
    let mut sorted = page_file.to_vec();
    sorted.sort();
    for (n, file) in sorted {
        let _ = writeln!(
            list,
            "      <li><a href=\"{}#page-{n}\">{n}</a></li>",
            escape_attr(&file)
        );
    }
    list.push_str("    </ol>\n  </nav>\n</body>");
    replace_once(nav, "</body>", &list, NAV)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::labels;

    /// The parts of epub-builder 0.8.3's `content.opf` template the patches touch.
    const OPF_IN: &str = "<package version=\"3.0\" xmlns=\"http://www.idpf.org/2007/opf\" unique-identifier=\"epub-id-1\">\n  <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n    <dc:identifier id=\"epub-id-1\">urn:uuid:0</dc:identifier>\n    <dc:language id=\"epub-creator-0\">en</dc:language>\n    <dc:creator id=\"epub-creator-0\">A</dc:creator>\n  </metadata>\n</package>";

    /// The parts of its `nav.xhtml` template the patches touch.
    const NAV_IN: &str = "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\">\n<body>\n  <nav epub:type = \"toc\" id=\"toc\">\n  </nav>\n  <nav epub:type = \"landmarks\">\n  </nav>\n</body>\n</html>";

    fn message(r: Result<String>) -> String {
        r.expect_err("a patch whose pattern is not there once must fail")
            .to_string()
    }

    #[test]
    fn the_table_of_contents_is_replaced_whole() {
        // The parts of epub-builder 0.8.3's `nav.xhtml` and `toc.ncx` templates the patches
        // touch.
        let nav = "<body>\n  <nav epub:type = \"toc\" id=\"toc\">\n    <h1 id=\"toc-title\">Contents</h1>\n    <ol>\n      <li><a href=\"a.xhtml\">A</a></li>\n    </ol>\n  </nav>\n  <nav epub:type = \"landmarks\">\n  </nav>\n</body>";
        let patched = with_toc(
            nav,
            "    <ol>\n      <li><a href=\"b.xhtml#x\">X</a></li>\n    </ol>",
        )
        .unwrap();
        assert!(!patched.contains("a.xhtml"), "{patched}");
        assert!(patched.contains("<h1 id=\"toc-title\">Contents</h1>\n    <ol>\n      <li><a href=\"b.xhtml#x\">X</a></li>\n    </ol>\n  </nav>\n  <nav epub:type = \"landmarks\">"), "{patched}");
        let ncx = "<ncx>\n  <head>\n    <meta name=\"dtb:depth\" content=\"1\" />\n  </head>\n  <navMap>\n    <navPoint/>\n  </navMap>\n</ncx>";
        let patched = ncx_with_toc(ncx, "    <navPoint id=\"x\"/>", 2).unwrap();
        assert!(patched.contains("content=\"2\""), "{patched}");
        assert!(
            patched.contains("<navMap>\n    <navPoint id=\"x\"/>\n  </navMap>"),
            "{patched}"
        );
        assert!(message(with_toc("<body/>", "")).contains("expected `</h1>"));
    }

    #[test]
    fn replace_once_needs_exactly_one_match() {
        assert_eq!(replace_once("a-b-c", "-b-", "+", "f").unwrap(), "a+c");
        let absent = message(replace_once("abc", "x", "y", "f.opf"));
        assert!(
            absent.contains("f.opf: expected `x` once, found it 0 times"),
            "{absent}"
        );
        let twice = message(replace_once("xax", "x", "y", "f.opf"));
        assert!(twice.contains("found it 2 times"), "{twice}");
    }

    #[test]
    fn the_language_gets_an_id_of_its_own() {
        let opf = language_id(OPF_IN).unwrap();
        assert!(opf.contains("<dc:language id=\"epub-language-0\">en</dc:language>"));
        assert!(opf.contains("<dc:creator id=\"epub-creator-0\">A</dc:creator>"));
        assert!(check_unique_ids(&opf).is_ok());
        // Already patched (or a template that changed): the pattern is gone.
        assert!(language_id(&opf).is_err());
    }

    #[test]
    fn metadata_goes_before_the_end_of_the_metadata() {
        let opf = with_metadata(OPF_IN, &["<dc:publisher>P</dc:publisher>".into()]).unwrap();
        assert!(opf.contains("<dc:publisher>P</dc:publisher>\n  </metadata>"));
        assert!(with_metadata("<metadata/>", &[]).is_err());
        let twice = format!("{OPF_IN}</metadata>");
        assert!(with_metadata(&twice, &[]).is_err());
    }

    #[test]
    fn the_identifier_replaces_the_uuid_escaped() {
        assert_eq!(with_identifier(OPF_IN, "urn:uuid:0", None).unwrap(), OPF_IN);
        let opf = with_identifier(OPF_IN, "urn:uuid:0", Some("doi:10.1/a&b")).unwrap();
        assert!(opf.contains("<dc:identifier id=\"epub-id-1\">doi:10.1/a&amp;b</dc:identifier>"));
        assert!(with_identifier(OPF_IN, "urn:uuid:1", Some("x")).is_err());
    }

    #[test]
    fn the_package_gets_the_language_and_its_direction() {
        let ltr = package_lang(OPF_IN, "en").unwrap();
        assert!(ltr.starts_with("<package version=\"3.0\" xml:lang=\"en\" xmlns="));
        let rtl = package_lang(OPF_IN, "ar").unwrap();
        assert!(rtl.starts_with("<package version=\"3.0\" xml:lang=\"ar\" dir=\"rtl\" xmlns="));
        assert!(package_lang("<package version=\"2.0\" >", "en").is_err());
    }

    #[test]
    fn duplicate_ids_are_caught() {
        let bad = r#"<package xmlns="http://www.idpf.org/2007/opf"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:language id="epub-creator-0">en</dc:language><dc:creator id="epub-creator-0">A</dc:creator></metadata></package>"#;
        assert!(check_unique_ids(bad).is_err());
        assert!(check_unique_ids(&bad.replacen("epub-creator-0", "x", 1)).is_ok());
    }

    #[test]
    fn the_template_has_duplicate_ids_and_non_xml_fails() {
        assert!(check_unique_ids(OPF_IN).is_err());
        assert!(check_unique_ids(&OPF_IN.replacen("epub-creator-0", "x", 1)).is_ok());
        assert!(check_unique_ids("<package>").is_err(), "not XML");
    }

    #[test]
    fn the_navigation_is_named_and_in_the_books_language() {
        let labels = labels::for_lang("en");
        let nav = fix_nav(NAV_IN, "he", labels).unwrap();
        let expected = format!(
            "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"he\" xml:lang=\"he\" dir=\"rtl\">\n<body>\n  <nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\" aria-labelledby=\"toc-title\">\n  </nav>\n  <nav epub:type=\"landmarks\" id=\"landmarks\" aria-labelledby=\"landmarks-title\" hidden=\"hidden\">\n    <h2 id=\"landmarks-title\">{}</h2>\n  </nav>\n</body>\n</html>",
            labels.landmarks
        );
        assert_eq!(nav, expected);
        assert!(!fix_nav(NAV_IN, "en", labels).unwrap().contains("dir="));
        let no_landmarks = NAV_IN.replace("<nav epub:type = \"landmarks\">", "<nav>");
        assert!(message(fix_nav(&no_landmarks, "en", labels)).contains("landmarks"));
    }

    #[test]
    fn the_page_list_is_in_page_order() {
        let labels = labels::for_lang("en");
        assert_eq!(with_page_list(NAV_IN, &[], labels).unwrap(), NAV_IN);
        let pages = [(2, "b.xhtml".to_string()), (1, "a&.xhtml".to_string())];
        let nav = with_page_list(NAV_IN, &pages, labels).unwrap();
        let expected = format!(
            "  </nav>\n<nav epub:type=\"page-list\" id=\"page-list\" role=\"doc-pagelist\" aria-labelledby=\"page-list-title\" hidden=\"hidden\">\n    <h2 id=\"page-list-title\">{}</h2>\n    <ol>\n      <li><a href=\"a&amp;.xhtml#page-1\">1</a></li>\n      <li><a href=\"b.xhtml#page-2\">2</a></li>\n    </ol>\n  </nav>\n</body>\n</html>",
            labels.pages
        );
        assert!(nav.ends_with(&expected), "{nav}");
        assert!(with_page_list("<html></html>", &pages, labels).is_err());
    }
}
