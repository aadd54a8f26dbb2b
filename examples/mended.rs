//! Prints the Markdown the reader's line passes make of an extracted brief, before comrak
//! parses it: what a developer looks at when a new extractor's habit is not read right.
//!
//! `cargo run --release --example mended -- FILE`

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: mended FILE"))?;
    let text = std::fs::read_to_string(&path)?;
    let (pages, scan) = briefpress::read::extracted::pages::normalise_pages(&text);
    let lang = briefpress::read::extracted::language::detect_text(&pages);
    let lines = match briefpress::read::kind::detect_extraction(&text) {
        briefpress::read::kind::SourceKind::PlainText => {
            briefpress::read::plain::to_markdown(&pages, lang, &scan.running_texts)
        }
        _ => briefpress::read::plain::mend_markdown(&pages, lang, &scan.running_texts),
    };
    println!("{}", lines.text());
    eprintln!("{:#?}", lines.inferred);
    Ok(())
}
