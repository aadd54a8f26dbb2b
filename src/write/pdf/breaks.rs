//! What a layout's page breaks get wrong, read back from the layout and set right in the next.
//!
//! Words hyphenated across a page break. A book never makes the reader turn the page in the
//! middle of a word (TeX's `\brokenpenalty`, InDesign's "hyphenate across column"), and a word
//! cut there is two words to a search of the PDF's text, with the page's notes and its running
//! lines between the halves. Typst has no such penalty, so the layout is read back: a page
//! whose last line of body text ends in a hyphen Typst inserted (it writes U+00AD there), and
//! the word that line and the next page's first line make. [`keep_whole`] marks that word in
//! the template's data so that the template sets it unhyphenated in the next layout; only the
//! paragraphs holding it change, so Typst reuses the rest of the layout.
//!
//! Widows pulled over by their notes. Typst keeps a paragraph's last two lines together, but
//! reckons without notes: when the last line cites a note whose first line does not fit under
//! it, the line alone moves on with its note and starts the next page. [`keep_together`] marks
//! such a paragraph (found by its last line's words) to be set unbroken, so that it moves whole
//! with its note.

use super::Typeset;
use crate::theme::Theme;
use serde_json::Value;
use std::collections::HashSet;
use typst::introspection::Introspector;
use typst::introspection::{Location, Tag};
use typst::layout::{Abs, Frame, FrameItem, Inherit, Point, Transform};
use typst::model::{FootnoteEntry, ParElem};

/// The hyphen Typst sets where it hyphenated a word.
const SHY: char = '\u{ad}';

/// What the next layout sets right: words set whole and paragraphs kept together.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Mends {
    /// Words the layout broke across a page (see [`keep_whole`]).
    pub words: Vec<String>,
    /// Widows: the text of each paragraph's last line that started a page alone (see
    /// [`keep_together`]).
    pub widows: Vec<String>,
    /// Notes printed on another page than their reference: the paragraph citing each is kept
    /// together (see [`keep_citing`]).
    pub notes: Vec<u32>,
    /// Where a page ends early to give the last page enough (see [`super::fit`]).
    pub breaks: Vec<super::fit::At>,
    /// The back matter panel set at the foot of its page, under the page's notes, in a theme
    /// that sets it after the text: notes printed after the copyright line read as if they
    /// belonged to the back matter (see [`below_notes`]).
    pub panel_below_notes: bool,
}

impl Mends {
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
            && self.widows.is_empty()
            && self.notes.is_empty()
            && self.breaks.is_empty()
            && !self.panel_below_notes
    }

    /// Adds what `found` has that these lack; whether anything was added.
    pub fn add(&mut self, found: Mends) -> bool {
        let words = merge(&mut self.words, found.words);
        let widows = merge(&mut self.widows, found.widows);
        let notes = merge(&mut self.notes, found.notes);
        let breaks = merge(&mut self.breaks, found.breaks);
        let panel = found.panel_below_notes && !self.panel_below_notes;
        self.panel_below_notes |= found.panel_below_notes;
        words || widows || notes || breaks || panel
    }

    /// Marks the data's document for the template.
    pub fn apply(&self, data: &mut Value) {
        keep_whole(data, &self.words);
        keep_together(data, &self.widows);
        keep_citing(data, &self.notes);
        super::fit::break_before(data, &self.breaks);
        below_notes(data, self.panel_below_notes);
    }
}

/// Marks the data's layout so that the template sets the back matter panel at the foot of
/// its page, below the notes, when `below` (the template's `back_matter_below_notes`).
fn below_notes(data: &mut Value, below: bool) {
    if let (true, Some(layout)) = (below, data.get_mut("layout")) {
        layout["back_matter_below_notes"] = Value::Bool(true);
    }
}

/// Adds to `have` each of `new` it lacks; whether any was added.
fn merge<T: PartialEq>(have: &mut Vec<T>, new: Vec<T>) -> bool {
    let before = have.len();
    for x in new {
        if !have.contains(&x) {
            have.push(x);
        }
    }
    have.len() > before
}

/// What the layout breaks wrongly across its pages, each once, in page order.
pub fn faults(layout: &Typeset, theme: &Theme) -> Mends {
    let scans: Vec<Scan> = (layout.document.pages().iter())
        .map(|page| {
            let block = super::text_block(theme, &page.frame);
            let mut scan = Scan::default();
            walk(&page.frame, Transform::identity(), false, block, &mut scan);
            scan
        })
        .collect();
    let mut found = Mends::default();
    // The paragraphs begun on the pages so far.
    let mut begun: HashSet<Location> = HashSet::new();
    for pair in scans.windows(2) {
        begun.extend(&pair[0].par_starts);
        if let Some(word) = broken_word(&pair[0].last.text(), &pair[1].first.text()) {
            found.add(Mends {
                words: vec![word],
                ..Mends::default()
            });
        }
        if pair[1].opens_with_a_widow(&begun) {
            found.add(Mends {
                widows: vec![pair[1].first.text()],
                ..Mends::default()
            });
        }
    }
    found.add(displaced_mends(layout, theme));
    found
}

/// For each note printed a page after its reference, the page ends before the block that
/// cites it where it may (see [`super::fit::mark_before`]), so that reference and note move
/// on together; else the paragraph citing it is kept together (see [`keep_citing`]).
fn displaced_mends(layout: &Typeset, theme: &Theme) -> Mends {
    let (_, displaced) = placed_notes(layout);
    let mut mends = Mends::default();
    if displaced.is_empty() {
        return mends;
    }
    let points = super::fit::break_points(layout, theme);
    for (note, location) in displaced {
        let mark = (note.printed > note.cited)
            .then(|| super::fit::place_of(layout, theme, location))
            .flatten()
            .and_then(|place| super::fit::mark_before(&points, place, super::MIN_LAST_PAGE));
        match (mark, note.number) {
            (Some(at), _) => merge(&mut mends.breaks, vec![at]),
            (None, Some(n)) => merge(&mut mends.notes, vec![n]),
            (None, None) => false,
        };
    }
    mends
}

/// Where a layout set its notes: how many entries, and each entry that starts on another page
/// than its reference. A reader looks for a note at the foot of the page that cites it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct NotePlacement {
    pub entries: usize,
    pub displaced: Vec<DisplacedNote>,
}

/// A note entry printed on another page than its reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DisplacedNote {
    /// The note's number, read from the label the template gives it.
    pub number: Option<u32>,
    /// The reference's page and the entry's, from 1.
    pub cited: usize,
    pub printed: usize,
}

/// The prefix of the label the template gives each note, before its number.
const NOTE_LABEL: &str = "bp-fn-";

/// Reads the layout's note entries (their tags in each page's frames) and their references'
/// pages (Typst's introspector).
pub fn note_placement(layout: &Typeset) -> NotePlacement {
    let (entries, displaced) = placed_notes(layout);
    NotePlacement {
        entries,
        displaced: displaced.into_iter().map(|(note, _)| note).collect(),
    }
}

/// How many note entries the layout has, and the displaced ones with their reference's
/// location.
fn placed_notes(layout: &Typeset) -> (usize, Vec<(DisplacedNote, Location)>) {
    let introspector = layout.document.introspector();
    let (mut entries, mut displaced) = (0, Vec::new());
    for (i, page) in layout.document.pages().iter().enumerate() {
        let mut refs = Vec::new();
        entry_refs(&page.frame, &mut refs);
        for (note, number) in refs {
            entries += 1;
            let cited = introspector.page(note).map(|p| p.get());
            if cited.is_some_and(|p| p != i + 1) {
                let d = DisplacedNote {
                    number,
                    cited: cited.unwrap_or(0),
                    printed: i + 1,
                };
                displaced.push((d, note));
            }
        }
    }
    (entries, displaced)
}

/// The locations and numbers of the notes whose entries start in `frame`.
fn entry_refs(frame: &Frame, out: &mut Vec<(Location, Option<u32>)>) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => entry_refs(&group.frame, out),
            FrameItem::Tag(Tag::Start(content, _)) => {
                if let Some(entry) = content.to_packed::<FootnoteEntry>()
                    && let Some(location) = entry.note.location()
                {
                    let number = (entry.note.label())
                        .and_then(|l| l.resolve().strip_prefix(NOTE_LABEL)?.parse().ok());
                    out.push((location, number));
                }
            }
            FrameItem::Tag(Tag::End(..))
            | FrameItem::Text(_)
            | FrameItem::Shape(..)
            | FrameItem::Image(..)
            | FrameItem::Link(..) => {}
        }
    }
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

/// What a walk over one page found: its first and last lines of body text, the baselines of
/// its body text, and where paragraphs start and end on it.
#[derive(Default)]
struct Scan {
    first: Line,
    last: Line,
    baselines: Vec<Abs>,
    par_starts: Vec<Location>,
    par_ends: Vec<(Abs, Location)>,
}

impl Scan {
    /// Is the page's first line of body text the last line of a paragraph `begun` on a page
    /// before? The first such paragraph to end on the page ends under exactly one line.
    fn opens_with_a_widow(&self, begun: &HashSet<Location>) -> bool {
        let Some(end) = (self.par_ends.iter())
            .filter(|(_, loc)| begun.contains(loc))
            .map(|(y, _)| *y)
            .min()
        else {
            return false;
        };
        let mut above: Vec<i64> = (self.baselines.iter())
            .filter(|&&b| b < end)
            .map(|b| (b.to_pt() * 2.0).round() as i64)
            .collect();
        above.sort_unstable();
        above.dedup();
        above.len() == 1
    }
}

/// Body text is what stands in the text block outside the notes, as the page-fill measure
/// reads it (see `fill.rs`): note entries are groups that do not inherit their parent's styles.
fn walk(frame: &Frame, ts: Transform, in_note: bool, block: (Abs, Abs), scan: &mut Scan) {
    for (pos, item) in frame.items() {
        let ts_item = ts.pre_concat(Transform::translate(pos.x, pos.y));
        let at: Point = Point::zero().transform(ts_item);
        let in_block = at.y > block.0 && at.y <= block.1 + Abs::pt(0.5);
        match item {
            FrameItem::Group(group) => {
                let note = in_note || group.parent.is_some_and(|p| p.inherit == Inherit::No);
                walk(
                    &group.frame,
                    ts_item.pre_concat(group.transform),
                    note,
                    block,
                    scan,
                );
            }
            FrameItem::Text(text) if !in_note && in_block => {
                scan.first.offer(at.y, at.x, &text.text, |y, b| y < b);
                scan.last.offer(at.y, at.x, &text.text, |y, b| y > b);
                scan.baselines.push(at.y);
            }
            FrameItem::Tag(Tag::Start(content, _)) if !in_note && content.is::<ParElem>() => {
                scan.par_starts.extend(content.location());
            }
            FrameItem::Tag(Tag::End(loc, ..)) if !in_note => scan.par_ends.push((at.y, *loc)),
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

/// Marks the paragraphs whose last line is one of `widows` with `"keep": true`, which the
/// template sets unbroken. A paragraph is found by its last words (letters only, so that note
/// numbers and the half of a word hyphenated at the line's start do not count); one that more
/// than one paragraph ends with is left alone, as is a paragraph too long to move whole.
pub fn keep_together(data: &mut Value, widows: &[String]) {
    let Some(doc) = data.get_mut("doc") else {
        return;
    };
    for widow in widows {
        let mut words = letters_only(widow);
        if words.len() > 2 {
            // The first may be the end of a word hyphenated on the page before.
            words.remove(0);
        }
        if words.is_empty() {
            continue;
        }
        let mut found = Vec::new();
        let ends = |_: &Value, text: &str| short(text) && letters_only(text).ends_with(&words);
        paragraphs_where(doc, &ends, &mut found);
        if let [one] = found.as_slice() {
            let path: Vec<PathStep> = one.clone();
            if let Some(Value::Object(map)) = at_path(doc, &path) {
                map.insert("keep".into(), Value::Bool(true));
            }
        }
    }
}

/// Marks the paragraphs citing `notes` (a first citation, where the note is printed) with
/// `"keep": true`, which the template sets unbroken, so that the paragraph moves whole with
/// its note: Typst keeps only a line's first note with the line (typst#5405), and leaves a
/// note on the page before its reference when widow control moves the line on (typst#5314).
/// A paragraph too long to move whole is left alone.
pub fn keep_citing(data: &mut Value, notes: &[u32]) {
    let Some(doc) = data.get_mut("doc") else {
        return;
    };
    for &note in notes {
        let mut found = Vec::new();
        paragraphs_where(
            doc,
            &|content, text| cites(content, note) && short(text),
            &mut found,
        );
        if let Some(path) = found.first()
            && let Some(Value::Object(map)) = at_path(doc, path)
        {
            map.insert("keep".into(), Value::Bool(true));
        }
    }
}

/// Do these inline nodes cite `note` first (not a repeated citation)?
fn cites(content: &Value, note: u32) -> bool {
    match content {
        Value::Array(items) => items.iter().any(|i| cites(i, note)),
        Value::Object(map) => {
            let is_ref = map.get("type").and_then(Value::as_str) == Some("footnote_ref");
            if is_ref {
                return map.get("number").and_then(Value::as_u64) == Some(u64::from(note))
                    && map.get("repeat").and_then(Value::as_bool) != Some(true);
            }
            map.get("content").is_some_and(|c| cites(c, note))
        }
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => false,
    }
}

/// Is a paragraph of this text short enough to move whole (see [`KEEP_TOGETHER_MAX_CHARS`])?
fn short(text: &str) -> bool {
    text.chars().count() <= KEEP_TOGETHER_MAX_CHARS
}

/// The longest paragraph (in characters) moved whole to keep its last line: about a fifth of
/// a page. A longer one is better left with its widow than leaving a gap that large.
const KEEP_TOGETHER_MAX_CHARS: usize = 700;

/// A step into the data: a key of an object or an index of an array.
#[derive(Clone, Debug)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn at_path<'a>(mut value: &'a mut Value, path: &[PathStep]) -> Option<&'a mut Value> {
    for step in path {
        value = match step {
            PathStep::Key(k) => value.get_mut(k.as_str())?,
            PathStep::Index(i) => value.get_mut(*i)?,
        };
    }
    Some(value)
}

/// The words of `text`, lower-cased, letters only; words without letters are left out.
fn letters_only(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphabetic())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// The paths of the paragraphs (not the notes') for which `pred` holds, given their inline
/// content and its plain text.
fn paragraphs_where(
    doc: &Value,
    pred: &dyn Fn(&Value, &str) -> bool,
    found: &mut Vec<Vec<PathStep>>,
) {
    fn visit(
        v: &Value,
        pred: &dyn Fn(&Value, &str) -> bool,
        path: &mut Vec<PathStep>,
        found: &mut Vec<Vec<PathStep>>,
    ) {
        match v {
            Value::Object(map) => {
                if map.get("type").and_then(Value::as_str) == Some("paragraph") {
                    let content = map.get("content").unwrap_or(&Value::Null);
                    let mut text = String::new();
                    plain(content, &mut text);
                    if pred(content, &text) {
                        found.push(path.clone());
                    }
                    return;
                }
                for (k, child) in map {
                    if k == "footnotes" {
                        continue;
                    }
                    path.push(PathStep::Key(k.clone()));
                    visit(child, pred, path, found);
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    path.push(PathStep::Index(i));
                    visit(child, pred, path, found);
                    path.pop();
                }
            }
            Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {}
        }
    }
    visit(doc, pred, &mut Vec::new(), found);
}

/// The text of inline nodes, without note references.
fn plain(v: &Value, out: &mut String) {
    match v {
        Value::Array(items) => items.iter().for_each(|i| plain(i, out)),
        Value::Object(map) => match map.get("type").and_then(Value::as_str) {
            Some("footnote_ref") => {}
            Some("line_break") => out.push(' '),
            _ => {
                if let Some(t) = map.get("text").and_then(Value::as_str) {
                    out.push_str(t);
                }
                if let Some(c) = map.get("content") {
                    plain(c, out);
                }
            }
        },
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {}
    }
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

    #[test]
    fn the_paragraph_a_widow_ends_is_marked_to_keep_together_and_no_other() {
        let para = |text: &str, note: bool| {
            let mut content = vec![json!({"type": "text", "text": text})];
            if note {
                content.push(json!({"type": "footnote_ref", "number": 4, "label": "4"}));
            }
            json!({"type": "paragraph", "content": content})
        };
        let mut data = json!({"doc": {
            "sections": [{"blocks": [
                para("Public schemes fill part of the gap and send the wrong signal about where to build.", true),
                para("Another paragraph that ends elsewhere.", false),
            ]}],
            "footnotes": [{"blocks": [para("A note about where to build.", false)]}],
        }});
        // The widow as the layout printed it: the note's number run on, the line's first word
        // possibly the end of a hyphenated one.
        keep_together(&mut data, &["nal about where to build.4".to_string()]);
        let blocks = &data["doc"]["sections"][0]["blocks"];
        assert_eq!(blocks[0]["keep"], json!(true));
        assert_eq!(blocks[1].get("keep"), None);
        assert_eq!(data["doc"]["footnotes"][0]["blocks"][0].get("keep"), None);
    }

    #[test]
    fn the_paragraph_first_citing_a_displaced_note_is_kept_together() {
        let cite =
            |n: u32, repeat: bool| json!({"type": "footnote_ref", "number": n, "repeat": repeat});
        let para = |content: Vec<Value>| json!({"type": "paragraph", "content": content});
        let text = |t: &str| json!({"type": "text", "text": t});
        let mut data = json!({"doc": {
            "sections": [{"blocks": [
                para(vec![text("Ports silt up."), cite(3, false)]),
                // In a list item, inside emphasis: found all the same.
                {"type": "list", "items": [[para(vec![json!({"type": "emph", "content": [text("Dredging"), cite(5, false)]})])]]},
                // Cites note 3 again: not where it is printed.
                para(vec![text("As said."), cite(3, true)]),
                para(vec![text(&"word ".repeat(200)), cite(7, false)]),
            ]}],
            "footnotes": [{"blocks": [para(vec![text("See note"), cite(3, false)])]}],
        }});
        keep_citing(&mut data, &[3, 5, 7, 9]);
        let blocks = &data["doc"]["sections"][0]["blocks"];
        assert_eq!(blocks[0]["keep"], json!(true));
        assert_eq!(blocks[1]["items"][0][0]["keep"], json!(true));
        assert_eq!(blocks[2].get("keep"), None);
        // Too long to move whole.
        assert_eq!(blocks[3].get("keep"), None);
        assert_eq!(data["doc"]["footnotes"][0]["blocks"][0].get("keep"), None);
    }

    #[test]
    fn a_widow_two_paragraphs_end_with_or_a_long_paragraph_is_left_alone() {
        let para = |text: String| json!({"type": "paragraph", "content": [{"type": "text", "text": text}]});
        let mut data = json!({"doc": {"sections": [{"blocks": [
            para("First, the same end of the story.".into()),
            para("Second, the same end of the story.".into()),
            para(format!("{} and a long last line.", "word ".repeat(200))),
        ]}]}});
        keep_together(
            &mut data,
            &[
                "the same end of the story.".into(),
                "and a long last line.".into(),
            ],
        );
        for block in data["doc"]["sections"][0]["blocks"].as_array().unwrap() {
            assert_eq!(block.get("keep"), None);
        }
    }
}
