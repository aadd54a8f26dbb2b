//! Words hyphenated across a page break. A book never makes the reader turn the page in the
//! middle of a word (TeX's `\brokenpenalty`, InDesign's "hyphenate across column"), and a word
//! cut there is two words to a search of the PDF's text, with the page's notes and its running
//! lines between the halves. Typst has no such penalty, so the layout is read back: a page
//! whose last line of body text ends in a hyphen Typst inserted (it writes U+00AD there), and
//! the word that line and the next page's first line make. [`keep_whole`] marks that word in
//! the template's data so that the template sets it unhyphenated in the next layout; only the
//! paragraphs holding it change, so Typst reuses the rest of the layout.

use super::Typeset;
use crate::theme::Theme;
use serde_json::Value;
use typst::layout::{Abs, Frame, FrameItem, Inherit, Point, Transform};

/// The hyphen Typst sets where it hyphenated a word.
const SHY: char = '\u{ad}';

/// The words the layout breaks across a page, each once, in page order.
pub fn words_broken_across_pages(layout: &Typeset, theme: &Theme) -> Vec<String> {
    let t = &theme.tokens.page;
    let top = Abs::pt(super::data::length_pt(&t.margin_top));
    let bottom = Abs::pt(super::data::length_pt(&t.margin_bottom));
    let edges: Vec<Edges> = (layout.document.pages().iter())
        .map(|page| {
            let block = (top, page.frame.height() - bottom);
            let mut e = Edges::default();
            walk(&page.frame, Transform::identity(), false, block, &mut e);
            e
        })
        .collect();
    let mut words = Vec::new();
    for pair in edges.windows(2) {
        if let Some(word) = broken_word(&pair[0].last.text(), &pair[1].first.text())
            && !words.contains(&word)
        {
            words.push(word);
        }
    }
    words
}

/// The word a line ending in Typst's hyphen and the next line starting make: `"…from oper\u{ad}"`
/// and `"ators, and…"` give `operators`.
fn broken_word(last_line: &str, next_line: &str) -> Option<String> {
    let head = last_line.trim_end().strip_suffix(SHY)?;
    let start = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map(|(i, _)| i)?;
    let tail: String = next_line
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect();
    (!tail.is_empty()).then(|| format!("{}{tail}", &head[start..]))
}

/// The text runs of one line, and its baseline.
#[derive(Default)]
struct Line {
    baseline: Option<Abs>,
    runs: Vec<(Abs, String)>,
}

impl Line {
    /// Keeps the run if it stands on this line, or starts the line over when `better` says
    /// the run's baseline is the one sought (higher for the first line, lower for the last).
    fn offer(&mut self, y: Abs, x: Abs, text: &str, better: impl Fn(Abs, Abs) -> bool) {
        match self.baseline {
            Some(b) if (b - y).abs() < Abs::pt(SAME_LINE_PT) => {}
            Some(b) if !better(y, b) => return,
            _ => {
                self.baseline = Some(y);
                self.runs.clear();
            }
        }
        self.runs.push((x, text.to_string()));
    }

    fn text(&self) -> String {
        let mut runs: Vec<&(Abs, String)> = self.runs.iter().collect();
        runs.sort_by_key(|r| r.0);
        runs.into_iter().map(|(_, t)| t.as_str()).collect()
    }
}

/// Runs closer than this (in points) stand on one line (a note number is raised a few points).
const SAME_LINE_PT: f64 = 5.0;

/// A page's first and last lines of body text.
#[derive(Default)]
struct Edges {
    first: Line,
    last: Line,
}

/// Body text is what stands in the text block outside the notes, as the page-fill measure
/// reads it (see `fill.rs`): note entries are groups that do not inherit their parent's styles.
fn walk(frame: &Frame, ts: Transform, in_note: bool, block: (Abs, Abs), e: &mut Edges) {
    for (pos, item) in frame.items() {
        let ts_item = ts.pre_concat(Transform::translate(pos.x, pos.y));
        match item {
            FrameItem::Group(group) => {
                let note = in_note || group.parent.is_some_and(|p| p.inherit == Inherit::No);
                walk(
                    &group.frame,
                    ts_item.pre_concat(group.transform),
                    note,
                    block,
                    e,
                );
            }
            FrameItem::Text(text) if !in_note => {
                let at: Point = Point::zero().transform(ts_item);
                if at.y > block.0 && at.y <= block.1 + Abs::pt(0.5) {
                    e.first.offer(at.y, at.x, &text.text, |y, b| y < b);
                    e.last.offer(at.y, at.x, &text.text, |y, b| y > b);
                }
            }
            FrameItem::Text(_)
            | FrameItem::Shape(..)
            | FrameItem::Image(..)
            | FrameItem::Link(..)
            | FrameItem::Tag(..) => {}
        }
    }
}

/// Marks every whole occurrence of `words` in the data's document as a text node of its own
/// with `"whole": true`, which the template sets without hyphenation.
pub fn keep_whole(data: &mut Value, words: &[String]) {
    if let Some(doc) = data.get_mut("doc") {
        mark(doc, words);
    }
}

fn mark(value: &mut Value, words: &[String]) {
    match value {
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for mut item in std::mem::take(items) {
                match text_node(&item) {
                    Some(text) if words.iter().any(|w| find_word(text, w).is_some()) => {
                        out.extend(split(text, words));
                    }
                    _ => {
                        mark(&mut item, words);
                        out.push(item);
                    }
                }
            }
            *items = out;
        }
        Value::Object(map) => map.values_mut().for_each(|v| mark(v, words)),
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {}
    }
}

/// The text of a `{"type": "text", "text": …}` node.
fn text_node(v: &Value) -> Option<&str> {
    (v.get("type")?.as_str()? == "text")
        .then(|| v.get("text")?.as_str())
        .flatten()
}

/// `text` as text nodes, each of `words` a node of its own marked whole.
fn split(text: &str, words: &[String]) -> Vec<Value> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some((at, word)) = (words.iter())
        .filter_map(|w| find_word(rest, w).map(|at| (at, w)))
        .min_by_key(|(at, _)| *at)
    {
        if at > 0 {
            out.push(serde_json::json!({"type": "text", "text": &rest[..at]}));
        }
        out.push(serde_json::json!({"type": "text", "text": word, "whole": true}));
        rest = &rest[at + word.len()..];
    }
    if !rest.is_empty() {
        out.push(serde_json::json!({"type": "text", "text": rest}));
    }
    out
}

/// Where `word` stands in `text` as a whole word (no letter right before or after it).
fn find_word(text: &str, word: &str) -> Option<usize> {
    text.match_indices(word).map(|(at, _)| at).find(|&at| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphabetic) && !after.is_some_and(char::is_alphabetic)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_word_is_the_hyphenated_line_end_and_the_next_line_start() {
        assert_eq!(
            broken_word("commercial oper\u{ad}", "ators, and councils"),
            Some("operators".into())
        );
        // A line that ends in a hyphen of the text (a compound) or none breaks no word.
        assert_eq!(broken_word("a long-", "term plan"), None);
        assert_eq!(broken_word("the end of a line", "and more"), None);
        assert_eq!(broken_word("x\u{ad}", "(a)"), None);
    }

    #[test]
    fn a_marked_word_is_a_text_node_of_its_own_and_no_other_text_changes() {
        let mut data = json!({"theme": {"text": "operators"}, "doc": {"sections": [{"blocks": [
            {"type": "paragraph", "content": [
                {"type": "text", "text": "Commercial operators withdraw; cooperators stay."},
                {"type": "emph", "content": [{"type": "text", "text": "operators"}]}
            ]}
        ]}]}});
        keep_whole(&mut data, &["operators".to_string()]);
        assert_eq!(
            data["doc"]["sections"][0]["blocks"][0]["content"],
            json!([
                {"type": "text", "text": "Commercial "},
                {"type": "text", "text": "operators", "whole": true},
                {"type": "text", "text": " withdraw; cooperators stay."},
                {"type": "emph", "content": [{"type": "text", "text": "operators", "whole": true}]}
            ])
        );
        // Only the document is marked: the theme's tokens are not text to set.
        assert_eq!(data["theme"]["text"], json!("operators"));
    }
}
