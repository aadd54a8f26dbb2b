//! Reader tests: Markdown → model JSON goldens (insta) for the sample and every fixture, and
//! the specific facts each brief is there to prove.
//!
//! Re-bless the goldens with `INSTA_UPDATE=always cargo test --release --test it reader`
//! (see docs/model.md), then review the diff of `tests/it/snapshots/`.

use crate::common::{all_briefs, fixtures, root, sample};
use briefpress::model::{Block, Document, Inline, blocks_plain_text, plain_text};
use briefpress::read::ReadOptions;
use std::path::Path;

/// Reads a brief through the library, as the CLI does.
fn read(path: &Path) -> (Document, Vec<briefpress::Diagnostic>) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let parsed = briefpress::parse(&bytes, &ReadOptions::default());
    let doc = parsed
        .document
        .unwrap_or_else(|| panic!("{} did not read: {:?}", path.display(), parsed.diagnostics));
    (doc, parsed.diagnostics)
}

fn fixture(kind: &str, name: &str) -> Document {
    let path = root().join("tests/fixtures").join(kind).join(name);
    let (doc, diags) = read(&path);
    assert!(
        diags.is_empty(),
        "{}: unexpected diagnostics {diags:?}",
        path.display()
    );
    doc
}

/// Whitespace collapsed, quotes made straight: smart punctuation turns `'` and `"` into curly
/// ones, and sources mix both.
fn norm(s: &str) -> String {
    s.replace(['‘', '’'], "'")
        .replace(['“', '”'], "\"")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn section_titles(doc: &Document) -> Vec<Option<String>> {
    doc.sections
        .iter()
        .map(|s| s.title.as_ref().map(|t| plain_text(t)))
        .collect()
}

fn section<'a>(doc: &'a Document, title: &str) -> &'a [Block] {
    &doc.sections
        .iter()
        .find(|s| s.title.as_ref().is_some_and(|t| plain_text(t) == title))
        .unwrap_or_else(|| panic!("no section `{title}` in {:?}", section_titles(doc)))
        .blocks
}

/// Every paragraph's plain text, everywhere in the document (list items and quotes too).
fn paragraphs(doc: &Document) -> Vec<String> {
    fn walk(blocks: &[Block], out: &mut Vec<String>) {
        for b in blocks {
            match b {
                Block::Paragraph { content, .. } => out.push(plain_text(content)),
                Block::List { items, .. } => items.iter().for_each(|i| walk(i, out)),
                Block::Quote { blocks } => walk(blocks, out),
                Block::Heading { .. }
                | Block::Code { .. }
                | Block::Table { .. }
                | Block::Image { .. }
                | Block::Rule
                | Block::PageBreak { .. } => {}
            }
        }
    }
    let mut out = Vec::new();
    for list in doc.block_lists() {
        walk(list, &mut out);
    }
    out
}

fn paragraph_with<'a>(paras: &'a [String], needle: &str) -> &'a str {
    let hits: Vec<&String> = paras.iter().filter(|p| p.contains(needle)).collect();
    assert_eq!(
        hits.len(),
        1,
        "`{needle}` should be in exactly one paragraph"
    );
    hits[0]
}

fn lists(blocks: &[Block]) -> Vec<(bool, &Vec<Vec<Block>>)> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::List { ordered, items, .. } => Some((*ordered, items)),
            _ => None,
        })
        .collect()
}

/// Every string value in the model's JSON.
fn json_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| json_strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| json_strings(x, out)),
        _ => {}
    }
}

/// Numbers of every note reference, in reading order of the body (then of the notes).
fn ref_numbers(doc: &Document) -> Vec<u32> {
    fn inl(inlines: &[Inline], out: &mut Vec<u32>) {
        for i in inlines {
            match i {
                Inline::FootnoteRef { number, .. } => out.push(*number),
                Inline::Emph { content }
                | Inline::Strong { content }
                | Inline::Strikeout { content }
                | Inline::Superscript { content }
                | Inline::Subscript { content }
                | Inline::Link { content, .. } => inl(content, out),
                Inline::Text { .. }
                | Inline::Code { .. }
                | Inline::LineBreak
                | Inline::PageStart { .. } => {}
            }
        }
    }
    fn blk(blocks: &[Block], out: &mut Vec<u32>) {
        for b in blocks {
            match b {
                Block::Paragraph { content, .. } | Block::Heading { content, .. } => {
                    inl(content, out)
                }
                Block::List { items, .. } => items.iter().for_each(|i| blk(i, out)),
                Block::Quote { blocks } => blk(blocks, out),
                Block::Table { header, rows, .. } => header
                    .iter()
                    .chain(rows.iter().flatten())
                    .for_each(|c| inl(c, out)),
                Block::Code { .. }
                | Block::Image { .. }
                | Block::Rule
                | Block::PageBreak { .. } => {}
            }
        }
    }
    // Reading order: summary, each section's title then body, back matter, then the notes'
    // own text (notes citing notes).
    let mut out = Vec::new();
    blk(&doc.summary, &mut out);
    for s in &doc.sections {
        if let Some(t) = &s.title {
            inl(t, &mut out);
        }
        blk(&s.blocks, &mut out);
    }
    for a in &doc.author_box {
        blk(&a.bio, &mut out);
    }
    blk(&doc.about_publisher, &mut out);
    blk(&doc.disclaimer, &mut out);
    for n in &doc.footnotes {
        blk(&n.blocks, &mut out);
    }
    out
}

/// Invariants every read brief keeps: notes numbered 1..n by first reference, every
/// reference resolves, every note is referenced, no page break or extraction debris is left.
fn assert_invariants(name: &str, doc: &Document) {
    let numbers: Vec<u32> = doc.footnotes.iter().map(|n| n.number).collect();
    let want: Vec<u32> = (1..=doc.footnotes.len() as u32).collect();
    assert_eq!(numbers, want, "{name}: notes are numbered 1..n");
    let refs = ref_numbers(doc);
    let mut first_seen = Vec::new();
    for r in &refs {
        assert!(
            (1..=doc.footnotes.len() as u32).contains(r),
            "{name}: reference {r} resolves"
        );
        if !first_seen.contains(r) {
            first_seen.push(*r);
        }
    }
    assert_eq!(
        first_seen, want,
        "{name}: notes are numbered in order of first reference, each referenced"
    );
    let json = serde_json::to_value(doc).unwrap();
    let mut strings = Vec::new();
    json_strings(&json, &mut strings);
    for s in &strings {
        for debris in ["<sup>", "</sup>", "---", "](#)"] {
            assert!(!s.contains(debris), "{name}: `{debris}` left in {s:?}");
        }
    }
    let text = serde_json::to_string(&json).unwrap();
    assert!(
        !text.contains("\"page_break\""),
        "{name}: a page break survived"
    );
}

// ---------------------------------------------------------------------------------------------
// Goldens

#[test]
fn goldens_for_sample_and_every_fixture() {
    let briefs = all_briefs();
    assert!(
        briefs.len() >= 7,
        "the sample plus at least three extracted and three authored fixtures: {briefs:?}"
    );
    for path in briefs {
        let (doc, _) = read(&path);
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        assert_invariants(&name, &doc);
        insta::assert_json_snapshot!(name, doc);
    }
}

#[test]
fn fixtures_read_without_diagnostics() {
    for path in fixtures("extracted")
        .into_iter()
        .chain(fixtures("authored"))
    {
        let (_, diags) = read(&path);
        assert!(diags.is_empty(), "{}: {diags:?}", path.display());
    }
    let (_, diags) = read(&sample());
    assert!(diags.is_empty(), "sample: {diags:?}");
}

#[test]
fn model_json_round_trips() {
    for path in all_briefs() {
        let (doc, _) = read(&path);
        let json = serde_json::to_string(&doc).unwrap();
        let back: Document = serde_json::from_str(&json).unwrap();
        assert_eq!(
            serde_json::to_value(&back).unwrap(),
            serde_json::to_value(&doc).unwrap(),
            "{}",
            path.display()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The sample

#[test]
fn sample_title_page() {
    let (doc, _) = read(&sample());
    let m = &doc.meta;
    assert_eq!(m.title, "The Islamic State and Russia");
    assert_eq!(m.series.as_deref(), Some("Issue Brief"));
    assert_eq!(m.publisher.as_deref(), Some("MP-IDSA"));
    assert_eq!(m.authors.len(), 1);
    assert_eq!(m.authors[0].name, "Jason Wahlang");
    assert_eq!(m.date.as_deref(), Some("2024-05-29"));
    assert_eq!(m.lang, "en");
}

#[test]
fn sample_summary_and_sections() {
    let (doc, _) = read(&sample());
    assert_eq!(doc.summary.len(), 1, "one summary paragraph");
    assert!(
        blocks_plain_text(&doc.summary).starts_with("The March 2024 terrorist attack"),
        "{:?}",
        doc.summary
    );
    assert_eq!(
        section_titles(&doc),
        [
            None,
            Some("Islamic State and Russia".to_string()),
            Some("Islamic State Motives".to_string()),
            Some("Conclusion".to_string())
        ]
    );
    let intro = blocks_plain_text(&doc.sections[0].blocks);
    assert!(intro.starts_with("On 22 March 2024, a major terrorist attack"));
}

#[test]
fn sample_notes_match_the_source_text() {
    let (doc, _) = read(&sample());
    let source = std::fs::read_to_string(sample()).unwrap();
    assert_eq!(doc.footnotes.len(), 16);
    for note in &doc.footnotes {
        let marker = format!("<sup>{}</sup> ", note.number);
        let line = source
            .lines()
            .find(|l| l.starts_with(&marker))
            .unwrap_or_else(|| panic!("no definition of note {} in the source", note.number));
        // The source's Markdown made plain: link brackets and emphasis stars removed.
        let want = line[marker.len()..]
            .replace("](#)", "")
            .replace(['[', ']', '*'], "");
        assert_eq!(note.label, note.number.to_string());
        assert_eq!(
            norm(&blocks_plain_text(&note.blocks)),
            norm(&want),
            "note {}",
            note.number
        );
    }
}

#[test]
fn sample_page_split_sentences_are_rejoined() {
    let (doc, _) = read(&sample());
    let paras = paragraphs(&doc);
    let p = paragraph_with(&paras, "Since its formation, the group");
    assert!(
        norm(p).contains("Since its formation, the group has coined the term 'Crusader East'"),
        "{p}"
    );
    let p = paragraph_with(&paras, "thought process because of");
    assert!(
        p.contains("thought process because of Afghanistan, the North Caucasus and Syria"),
        "{p}"
    );
    let p = paragraph_with(&paras, "through its propaganda machinery, has tried to");
    assert!(p.contains("has tried to mobilise more individuals"), "{p}");
    // Paragraphs that merely sit on either side of a break stay apart.
    let p = paragraph_with(&paras, "Apart from individuals pledging allegiance");
    assert!(p.starts_with("Apart from individuals"), "{p}");
    let p = paragraph_with(&paras, "With the rising propaganda against Russia");
    assert!(!p.contains("Vilayat Caucasus was founded"), "{p}");
}

#[test]
fn sample_back_matter() {
    let (doc, _) = read(&sample());
    assert_eq!(doc.author_box.len(), 1);
    assert_eq!(doc.author_box[0].name, "Dr. Jason Wahlang");
    assert!(blocks_plain_text(&doc.author_box[0].bio).starts_with("is Research Analyst"));
    let about = blocks_plain_text(&doc.about_publisher);
    assert!(
        about.starts_with(
            "Manohar Parrikar Institute for Defence Studies and Analyses is a non-partisan"
        ),
        "{about}"
    );
    let disclaimer = norm(&blocks_plain_text(&doc.disclaimer));
    assert!(
        disclaimer.starts_with("Views expressed in Manohar Parrikar IDSA's publications"),
        "{disclaimer}"
    );
    assert_eq!(
        doc.copyright.as_deref().map(plain_text).as_deref(),
        Some("© Manohar Parrikar Institute for Defence Studies and Analyses (MP-IDSA) 2024")
    );
}

// ---------------------------------------------------------------------------------------------
// Extracted fixtures

#[test]
fn cables_title_page_three_authors_day_month_date() {
    let doc = fixture("extracted", "undersea-cables-pacific.md");
    let m = &doc.meta;
    assert_eq!(
        m.title,
        "Cutting the Cord: Undersea Cable Resilience in the South Pacific"
    );
    assert_eq!(m.publisher.as_deref(), Some("TCSI"));
    assert_eq!(m.series.as_deref(), Some("Policy Brief"));
    let names: Vec<&str> = m.authors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Mereana Tupou", "Daniel Okafor", "Sofia Lindqvist"]);
    assert_eq!(
        m.date.as_deref(),
        Some("2025-03-12"),
        "from “12 March 2025”"
    );
    assert_eq!(doc.summary.len(), 1);
    assert!(blocks_plain_text(&doc.summary).starts_with("Twelve Pacific island states"));
    assert_eq!(
        section_titles(&doc),
        [
            None,
            Some("The Cable Landscape".into()),
            Some("Threats at Sea".into()),
            Some("The Way Forward".into()),
            Some("Conclusion".into())
        ],
        "the mangled `## **Th***e Way Forward*` is plain text"
    );
}

#[test]
fn cables_twenty_two_notes_and_a_double_reference() {
    let doc = fixture("extracted", "undersea-cables-pacific.md");
    assert_eq!(doc.footnotes.len(), 22);
    for (i, n) in doc.footnotes.iter().enumerate() {
        assert_eq!(
            n.label,
            (i + 1).to_string(),
            "printed numbers kept as labels"
        );
    }
    // `<sup>2,3</sup>` is two references, side by side.
    let Block::Paragraph { content, .. } = &doc.sections[0].blocks[0] else {
        panic!("intro starts with a paragraph");
    };
    let refs: Vec<u32> = content
        .iter()
        .filter_map(|i| match i {
            Inline::FootnoteRef { number, .. } => Some(*number),
            _ => None,
        })
        .collect();
    assert_eq!(refs, [1, 2, 3]);
    assert!(matches!(
        &content[content.len() - 2..],
        [
            Inline::FootnoteRef { number: 2, .. },
            Inline::FootnoteRef { number: 3, .. }
        ]
    ));
}

#[test]
fn cables_note_split_across_pages_is_one_note() {
    let doc = fixture("extracted", "undersea-cables-pacific.md");
    let note = &doc.footnotes[12];
    assert_eq!(note.number, 13);
    assert_eq!(note.blocks.len(), 1, "one paragraph: {:?}", note.blocks);
    assert_eq!(
        blocks_plain_text(&note.blocks),
        "International Cable Protection Committee, Fault Statistics 2010–2023: Causes of \
         Submarine Cable Faults by Region, Depth and Season, Lymington, 2024, pp. 4–9, with a \
         discussion of reporting gaps in the Pacific."
    );
    // The note after it starts cleanly.
    assert!(blocks_plain_text(&doc.footnotes[13].blocks).starts_with("Huang Wei-ming"));
}

#[test]
fn cables_list_split_across_pages_is_one_list() {
    let doc = fixture("extracted", "undersea-cables-pacific.md");
    let blocks = section(&doc, "The Cable Landscape");
    let l = lists(blocks);
    assert_eq!(l.len(), 1, "one bullet list: {blocks:?}");
    let (ordered, items) = l[0];
    assert!(!ordered);
    assert_eq!(items.len(), 3);
    assert_eq!(
        blocks_plain_text(&items[1]),
        "Scarce repair capacity. Only two cable repair ships are stationed in the western \
         Pacific, and a damaged cable can wait for six weeks or more while a vessel is \
         mobilised from Singapore or Yokohama."
    );
    assert!(blocks_plain_text(&items[2]).starts_with("Thin terrestrial redundancy."));
    // The paragraph split before the list is rejoined too.
    let paras = paragraphs(&doc);
    let p = paragraph_with(&paras, "and that the operators of");
    assert!(
        p.contains("the operators of the regional trunk lines"),
        "{p}"
    );
    // The ordered list split between items 2 and 3 is one list of four.
    let l = lists(section(&doc, "The Way Forward"));
    assert_eq!(l.len(), 1);
    assert!(l[0].0);
    assert_eq!(l[0].1.len(), 4);
}

#[test]
fn cables_back_matter_three_authors() {
    let doc = fixture("extracted", "undersea-cables-pacific.md");
    let names: Vec<&str> = doc.author_box.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        ["Dr. Mereana Tupou", "Daniel Okafor", "Sofia Lindqvist"]
    );
    for a in &doc.author_box {
        assert!(blocks_plain_text(&a.bio).starts_with("is "), "{a:?}");
    }
    assert!(
        blocks_plain_text(&doc.about_publisher)
            .starts_with("Tasman Centre for Strategic Infrastructure is an independent")
    );
    assert!(blocks_plain_text(&doc.disclaimer).starts_with("The views expressed in this brief"));
    assert_eq!(
        doc.copyright.as_deref().map(plain_text).as_deref(),
        Some("© Tasman Centre for Strategic Infrastructure (TCSI) 2025")
    );
}

#[test]
fn groundwater_two_authors_italic_series_paragraph() {
    let doc = fixture("extracted", "groundwater-sahel.md");
    let m = &doc.meta;
    assert_eq!(m.publisher.as_deref(), Some("SAHEL WATER FORUM"));
    assert_eq!(m.series.as_deref(), Some("Issue Brief"));
    assert_eq!(
        m.title,
        "Beneath the Sand: Governing Groundwater in the Central Sahel"
    );
    let names: Vec<&str> = m.authors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Aminata Diallo", "Pieter Vos"]);
    assert_eq!(m.date.as_deref(), Some("2025-06-03"));
    // `## *S*ummary` is the summary heading.
    assert!(blocks_plain_text(&doc.summary).starts_with("Groundwater supplies drinking water"));
    assert_eq!(
        section_titles(&doc),
        [
            None,
            Some("Why Groundwater Matters".into()),
            Some("Governance Gaps".into()),
            Some("Recommendations".into())
        ]
    );
    assert_eq!(doc.footnotes.len(), 8);
    let names: Vec<&str> = doc.author_box.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Aminata Diallo", "Pieter Vos"]);
    assert!(blocks_plain_text(&doc.about_publisher).starts_with("Sahel Water Forum is"));
}

#[test]
fn groundwater_rejoin_is_decided_by_the_text() {
    let doc = fixture("extracted", "groundwater-sahel.md");
    let paras = paragraphs(&doc);
    // Unfinished sentence, resumed with a capitalised name: joined.
    let p = paragraph_with(&paras, "subsidised the equipment in");
    assert!(
        p.contains("subsidised the equipment in Mali and Niger on a large scale. Yet"),
        "{p}"
    );
    // A finished paragraph, then a capitalised new one: apart.
    let p = paragraph_with(&paras, "Nobody knows how many solar pumps");
    assert!(p.starts_with("Nobody knows"), "{p}");
    let p = paragraph_with(&paras, "Customary rules still govern");
    assert!(p.starts_with("Customary rules"), "{p}");
    // An ordered list split between two items is one list.
    let l = lists(section(&doc, "Recommendations"));
    assert_eq!(l.len(), 1);
    assert_eq!(l[0].1.len(), 4);
    assert!(blocks_plain_text(&l[0].1[2]).starts_with("Require a simple registration"));
}

#[test]
fn coastal_single_author_iso_date_and_lowercase_resumption() {
    let doc = fixture("extracted", "coastal-insurance.md");
    let m = &doc.meta;
    assert_eq!(m.series.as_deref(), Some("Occasional Paper"));
    assert_eq!(m.authors.len(), 1);
    assert_eq!(m.authors[0].name, "Clara Meinhardt");
    assert_eq!(m.date.as_deref(), Some("2024-11-04"));
    assert!(blocks_plain_text(&doc.summary).starts_with("Rising seas"));
    // "… according to the U.S." ends like a sentence, but the text resumes in lower case.
    let paras = paragraphs(&doc);
    let p = paragraph_with(&paras, "according to the U.S.");
    assert!(
        p.contains("according to the U.S. and European supervisors who have studied the trend."),
        "{p}"
    );
}

#[test]
fn coastal_note_continued_alone_on_the_next_page() {
    // The continuation `2022. Summarised…` would read as an ordered list; it is note text.
    let doc = fixture("extracted", "coastal-insurance.md");
    assert_eq!(doc.footnotes.len(), 5);
    let n4 = &doc.footnotes[3];
    assert_eq!(n4.blocks.len(), 1);
    assert!(
        blocks_plain_text(&n4.blocks).ends_with(
            "Hamburg, Centre for Insurance Economics, 2022. Summarised in Appendix B, pp. 30–41."
        ),
        "{:?}",
        n4.blocks
    );
    // The body resumes after the continuation, in its own paragraph.
    let body = blocks_plain_text(section(&doc, "Paying for Adaptation"));
    assert!(
        body.contains("\n\nSome places cannot be defended"),
        "{body}"
    );
    assert!(!body.contains("Appendix B"));
    assert!(lists(section(&doc, "Paying for Adaptation")).is_empty());
    // `[text](#)` is plain text, not a link.
    let n1 = &doc.footnotes[0];
    assert!(matches!(&n1.blocks[0], Block::Paragraph { content, .. }
            if !content.iter().any(|i| matches!(i, Inline::Link { .. }))));
    assert!(blocks_plain_text(&n1.blocks).contains("“Protection Gap Dashboard”"));
    assert_eq!(doc.author_box.len(), 1);
    assert!(blocks_plain_text(&doc.about_publisher).starts_with("Harbour Policy Institute"));
}

// ---------------------------------------------------------------------------------------------
// Authored fixtures

#[test]
fn dpi_front_matter() {
    let doc = fixture("authored", "digital-public-infrastructure.md");
    let m = &doc.meta;
    assert_eq!(m.title, "Rails for the Digital State");
    assert_eq!(
        m.subtitle.as_deref(),
        Some("Lessons from Five Countries on Digital Public Infrastructure")
    );
    assert_eq!(m.series.as_deref(), Some("Policy Brief"));
    assert_eq!(
        m.publisher.as_deref(),
        Some("Meridian Institute for Public Technology")
    );
    assert_eq!(m.authors.len(), 2);
    assert_eq!(m.authors[0].name, "Ingrid Halvorsen");
    assert_eq!(
        m.authors[0].affiliation.as_deref(),
        Some("Meridian Institute for Public Technology")
    );
    assert_eq!(m.authors[1].name, "Kwame Asante");
    assert_eq!(m.authors[1].affiliation, None);
    assert_eq!(m.date.as_deref(), Some("2025-02-14"), "a YAML date");
    assert_eq!(
        m.keywords,
        [
            "digital identity",
            "payments",
            "data exchange",
            "public procurement"
        ]
    );
    // `summary:` is Markdown: two paragraphs, with strong emphasis kept.
    assert_eq!(doc.summary.len(), 2);
    assert!(matches!(&doc.summary[0], Block::Paragraph { content, .. }
        if content.iter().any(|i| matches!(i, Inline::Strong { .. }))));
}

#[test]
fn dpi_body_blocks() {
    let doc = fixture("authored", "digital-public-infrastructure.md");
    assert_eq!(
        section_titles(&doc),
        [
            None,
            Some("What Counts as Infrastructure".into()),
            Some("Five Countries Compared".into()),
            Some("Recommendations".into())
        ],
        "`###` headings stay inside their `##` section"
    );
    let infra = section(&doc, "What Counts as Infrastructure");
    let headings: Vec<(u8, String)> = infra
        .iter()
        .filter_map(|b| match b {
            Block::Heading {
                level, content, id, ..
            } => {
                assert!(id.starts_with("sec-what-counts-as-infrastructure-"), "{id}");
                Some((*level, plain_text(content)))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        headings,
        [
            (3, "Three building blocks".into()),
            (3, "Why shared systems".into())
        ]
    );
    // Nested list: the first item of the ordered list holds a bullet list.
    let l = lists(infra);
    assert_eq!(l.len(), 1);
    let (ordered, items) = l[0];
    assert!(ordered);
    assert_eq!(items.len(), 3);
    let inner = lists(&items[0]);
    assert_eq!(inner.len(), 1);
    assert!(!inner[0].0);
    assert_eq!(inner[0].1.len(), 2);
    // The image, with its alt text and title.
    let image = infra
        .iter()
        .find_map(|b| match b {
            Block::Image {
                url, alt, title, ..
            } => Some((url, alt, title)),
            _ => None,
        })
        .expect("an image");
    assert_eq!(image.0, "dpi-adoption.png");
    assert!(image.1.starts_with("Share of adults"));
    assert_eq!(
        image.2.as_deref(),
        Some("Figure 1: Monthly use of digital ID")
    );
    assert!(
        root()
            .join("tests/fixtures/authored/dpi-adoption.png")
            .is_file()
    );

    let compared = section(&doc, "Five Countries Compared");
    let table = compared
        .iter()
        .find_map(|b| match b {
            Block::Table {
                align,
                header,
                rows,
                ..
            } => Some((align, header, rows)),
            _ => None,
        })
        .expect("a table");
    use briefpress::model::Align;
    assert_eq!(
        table.0,
        &[
            Align::Left,
            Align::Center,
            Align::Center,
            Align::Center,
            Align::Right
        ]
    );
    assert_eq!(plain_text(&table.1[4]), "Adults covered");
    assert_eq!(table.2.len(), 5);
    assert_eq!(plain_text(&table.2[3][0]), "Singapore");
    assert!(compared.iter().any(|b| matches!(b, Block::Quote { blocks }
        if blocks_plain_text(blocks).starts_with("A digital public infrastructure is only"))));
    assert!(
        compared
            .iter()
            .any(|b| matches!(b, Block::Code { lang: Some(l), text }
        if l == "json" && text.contains("\"instant-transfer\"")))
    );
    let links: Vec<String> = compared
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph { content, .. } => Some(content),
            _ => None,
        })
        .flatten()
        .filter_map(|i| match i {
            Inline::Link { url, .. } => Some(url.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        links,
        ["https://example.org/open-payments", "notes/interfaces.html"]
    );
}

#[test]
fn dpi_multi_paragraph_notes_and_back_matter() {
    let doc = fixture("authored", "digital-public-infrastructure.md");
    let labels: Vec<&str> = doc.footnotes.iter().map(|n| n.label.as_str()).collect();
    assert_eq!(labels, ["dpi", "costs", "offline"]);
    assert_eq!(doc.footnotes[0].blocks.len(), 2, "two paragraphs");
    assert!(blocks_plain_text(&doc.footnotes[0].blocks[1..]).starts_with("Other definitions"));
    assert_eq!(doc.footnotes[2].blocks.len(), 2);
    let names: Vec<&str> = doc.author_box.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Ingrid Halvorsen", "Kwame Asante"]);
    assert!(blocks_plain_text(&doc.disclaimer).starts_with("The views expressed are those"));
    assert_eq!(
        doc.copyright.as_deref().map(plain_text).as_deref(),
        Some("© 2025 Meridian Institute for Public Technology. Licensed under CC BY 4.0.")
    );
}

#[test]
fn heat_singular_author_string_date_summary_section() {
    let doc = fixture("authored", "heat-resilient-cities.md");
    let m = &doc.meta;
    assert_eq!(m.authors.len(), 1);
    assert_eq!(m.authors[0].name, "Tomasz Wróbel");
    assert_eq!(
        m.date.as_deref(),
        Some("2025-03-12"),
        "from the string “12 March 2025”"
    );
    assert_eq!(m.keywords, ["heat", "urban planning", "public health"]);
    assert_eq!(m.lang, "en", "the default");
    assert!(blocks_plain_text(&doc.summary).starts_with("Heatwaves now kill"));
    assert_eq!(
        section_titles(&doc),
        [
            Some("The Scale of the Problem".into()),
            Some("What Works".into())
        ]
    );
    assert!(
        section(&doc, "The Scale of the Problem")
            .iter()
            .any(|b| matches!(b, Block::Heading { level: 3, .. }))
    );
    assert_eq!(doc.author_box.len(), 1);
    assert_eq!(doc.author_box[0].name, "Tomasz Wróbel");
    assert!(doc.copyright.is_some());
}

#[test]
fn french_brief_lang_and_back_matter() {
    let doc = fixture("authored", "securite-alimentaire-fr.md");
    let m = &doc.meta;
    assert_eq!(m.lang, "fr");
    assert_eq!(m.date.as_deref(), Some("2025-04-07"));
    assert_eq!(m.keywords, ["sécurité alimentaire", "villes", "marchés"]);
    assert_eq!(m.authors[0].name, "Awa Ndiaye");
    assert_eq!(
        m.authors[1].affiliation.as_deref(),
        Some("Université de Ouagadougou")
    );
    assert!(blocks_plain_text(&doc.summary).starts_with("Les villes d’Afrique"));
    assert_eq!(
        section_titles(&doc),
        [
            None,
            Some("Des marchés sous tension".into()),
            Some("Recommandations".into())
        ]
    );
    assert_eq!(doc.author_box.len(), 2);
    assert_eq!(
        blocks_plain_text(&doc.disclaimer),
        "Les opinions exprimées n’engagent que leurs auteurs."
    );
}
