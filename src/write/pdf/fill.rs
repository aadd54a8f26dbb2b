//! How full each page is, read from the layout itself: the measure a designer uses to judge
//! page breaks (a page left two-thirds empty before the last one is a break a reader notices).
//!
//! The frames Typst lays out say where every glyph is. Body text is what stands in the text
//! block outside the notes: note entries are the groups Typst parents to their note without
//! inheriting its styles, and the running header and footer lie outside the text block.

use super::Typeset;
use crate::theme::Theme;
use typst::introspection::{Location, Tag};
use typst::layout::{Abs, Frame, FrameItem, Inherit, Point, Transform};
use typst::model::{FigureElem, HeadingElem, TableElem};

/// One page's fill and what opens it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageFill {
    /// The part of the text block's height that is used: from its top down to the lowest body
    /// line, plus the notes' own area when the page has notes (the space between the body and
    /// the notes is the gap a reader sees).
    pub fill: f64,
    /// The part of the text block's height from its top down to the lowest body line, notes
    /// left out.
    pub body: f64,
    /// What the page's body opens with, when that is a block that cannot start lower down:
    /// the reason the page before it may end early.
    pub opens_with: Option<Opening>,
    /// Lines of body text below the page's last heading, when the page has heading text: a
    /// heading needs two lines of what follows it on its own page.
    pub lines_after_last_heading: Option<usize>,
    /// The share of the text block the text takes, not counting the back matter panel: from
    /// the top to the last line above the panel, plus the notes' area. A page holding six
    /// lines and the panel at its foot is `fill` 1 but `text` small.
    pub text: f64,
    /// The share of the text block the back matter panel takes, on the page that has it.
    pub back_matter: Option<f64>,
    /// Whether notes print below the start of the back matter panel on this page: under its
    /// copyright line, which should end the publication.
    pub notes_below_back_matter: bool,
}

/// A block that starts at the top of a page's text block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opening {
    /// A heading: a section (or the back matter) starts on this page.
    Heading,
    /// A table.
    Table,
    /// A figure (an image, which cannot break).
    Figure,
    /// The back matter panel, which never splits and moved here whole.
    BackMatter,
}

/// The label of the marker the template puts at the start of the back matter.
const BACK_MATTER: &str = "bp-back-matter";

/// Each page's fill, in page order. `theme` gives the margins the layout was made with.
pub fn page_fills(layout: &Typeset, theme: &Theme) -> Vec<PageFill> {
    layout
        .document
        .pages()
        .iter()
        .map(|page| {
            let frame = &page.frame;
            let block = super::text_block(theme, frame);
            let mut m = Measure::default();
            walk(frame, Transform::identity(), false, block, &mut m);
            m.page_fill(block)
        })
        .collect()
}

/// What a walk over one page found, in page coordinates (y grows downwards).
#[derive(Default)]
struct Measure {
    /// Top and bottom of the body's ink.
    body_top: Option<Abs>,
    body_bottom: Option<Abs>,
    /// Top of the first note entry, and the bottom of the notes' lowest line: the back matter
    /// panel may stand below the notes.
    notes_top: Option<Abs>,
    notes_bottom: Option<Abs>,
    /// The highest start of a block that opens a page, with its kind.
    opening: Option<(Abs, Opening)>,
    /// Headings whose start tag was met and whose end tag was not, yet.
    open_headings: Vec<Location>,
    /// The lowest baseline of heading text, and the baselines of the other body text.
    last_heading_baseline: Option<Abs>,
    body_baselines: Vec<Abs>,
    /// Top and bottom of every piece of body ink, and where the back matter panel starts.
    ink: Vec<(Abs, Abs)>,
    back_matter_top: Option<Abs>,
}

impl Measure {
    fn body(&mut self, top: Abs, bottom: Abs) {
        self.body_top = Some(self.body_top.map_or(top, |t| t.min(top)));
        self.body_bottom = Some(self.body_bottom.map_or(bottom, |b| b.max(bottom)));
        self.ink.push((top, bottom));
    }

    /// (text, back matter): the shares of the text block above the panel and in it.
    fn text_and_back_matter(&self, (top, bottom): (Abs, Abs), notes: f64) -> (f64, Option<f64>) {
        let height = (bottom - top).to_pt();
        let Some(panel) = self.back_matter_top else {
            let body = self.body_bottom.map_or(0.0, |b| (b - top).to_pt());
            return (((body + notes) / height).clamp(0.0, 1.0), None);
        };
        let text_bottom = (self.ink.iter())
            .filter(|(t, _)| *t < panel)
            .map(|(_, b)| *b)
            .max();
        let text = text_bottom.map_or(0.0, |b| (b - top).to_pt());
        let panel_bottom = (self.ink.iter())
            .filter(|(t, _)| *t >= panel)
            .map(|(_, b)| *b)
            .max()
            .unwrap_or(panel);
        (
            ((text + notes) / height).clamp(0.0, 1.0),
            Some(((panel_bottom - panel).to_pt() / height).clamp(0.0, 1.0)),
        )
    }

    fn page_fill(&self, (top, bottom): (Abs, Abs)) -> PageFill {
        let height = (bottom - top).to_pt();
        let body = self.body_bottom.map_or(0.0, |b| (b - top).to_pt());
        let notes = self.notes_top.map_or(0.0, |n| {
            (self.notes_bottom.unwrap_or(bottom).clamp(n, bottom) - n).to_pt()
        });
        let fill = ((body + notes) / height).clamp(0.0, 1.0);
        // A block opens the page when it starts above the first line of body text (a
        // heading's block starts above its text; 1pt allows for rounding).
        let opens_with = match (self.opening, self.body_top) {
            (Some((y, kind)), Some(first)) if y <= first + Abs::pt(1.0) => Some(kind),
            (Some((_, kind)), None) => Some(kind),
            _ => None,
        };
        let lines_after_last_heading = self.last_heading_baseline.map(|h| {
            let mut below: Vec<i64> = (self.body_baselines.iter())
                .filter(|&&b| b > h + Abs::pt(0.5))
                .map(|b| (b.to_pt() * 2.0).round() as i64)
                .collect();
            below.sort_unstable();
            below.dedup();
            below.len()
        });
        let (text, back_matter) = self.text_and_back_matter((top, bottom), notes);
        let notes_below_back_matter = matches!(
            (self.back_matter_top, self.notes_top),
            (Some(panel), Some(notes)) if notes > panel
        );
        PageFill {
            fill,
            body: (body / height).clamp(0.0, 1.0),
            opens_with,
            lines_after_last_heading,
            text,
            back_matter,
            notes_below_back_matter,
        }
    }
}

fn walk(frame: &Frame, ts: Transform, in_note: bool, block: (Abs, Abs), m: &mut Measure) {
    for (pos, item) in frame.items() {
        let ts_item = ts.pre_concat(Transform::translate(pos.x, pos.y));
        let at = Point::zero().transform(ts_item);
        match item {
            FrameItem::Group(group) => {
                let note = in_note || group.parent.is_some_and(|p| p.inherit == Inherit::No);
                if note && !in_note {
                    m.notes_top = Some(m.notes_top.map_or(at.y, |n| n.min(at.y)));
                }
                walk(
                    &group.frame,
                    ts_item.pre_concat(group.transform),
                    note,
                    block,
                    m,
                );
            }
            FrameItem::Text(text) => {
                // A line's extent from the font's metrics: from its cap height (Typst's top
                // edge of a line, where a block's first line starts) down to its descender.
                // Not the glyphs' bounding box, which parses every glyph's outline: a tenth
                // of a brief's layout time (`perf`, BENCHMARKS.md), for a difference of a
                // fraction of a line.
                let metrics = text.font.metrics();
                let (top, bottom) = (
                    at.y - metrics.cap_height.at(text.size),
                    at.y - metrics.descender.at(text.size),
                );
                // A line belongs to the text block by its baseline: the last line of a block
                // set at the foot stands on the block's bottom edge, its descent below it.
                if in_note {
                    m.notes_bottom = Some(m.notes_bottom.map_or(bottom, |b| b.max(bottom)));
                } else if on_baseline_inside(at.y, block) {
                    m.body(top, bottom);
                    if m.open_headings.is_empty() {
                        m.body_baselines.push(at.y);
                    } else {
                        m.last_heading_baseline =
                            Some(m.last_heading_baseline.map_or(at.y, |h| h.max(at.y)));
                    }
                }
            }
            FrameItem::Image(_, size, _) => {
                if !in_note && inside(at.y, at.y + size.y, block) {
                    m.body(at.y, at.y + size.y);
                }
            }
            FrameItem::Tag(Tag::Start(content, _)) if !in_note => {
                if content.is::<HeadingElem>() {
                    m.open_headings.extend(content.location());
                }
                let kind = if content.is::<HeadingElem>() {
                    Some(Opening::Heading)
                } else if content.is::<TableElem>() {
                    Some(Opening::Table)
                } else if content.is::<FigureElem>() {
                    Some(Opening::Figure)
                } else if content
                    .label()
                    .is_some_and(|l| l.resolve().as_str() == BACK_MATTER)
                {
                    m.back_matter_top = Some(at.y);
                    Some(Opening::BackMatter)
                } else {
                    None
                };
                if let Some(kind) = kind
                    && at.y >= block.0 - Abs::pt(1.0)
                    && m.opening.is_none_or(|(y, _)| at.y < y)
                {
                    m.opening = Some((at.y, kind));
                }
            }
            // Rules and table strokes end with the text they frame; the notes' separator is a
            // shape too, and belongs to the notes.
            FrameItem::Tag(Tag::End(loc, ..)) => m.open_headings.retain(|h| h != loc),
            FrameItem::Shape(..) | FrameItem::Link(..) | FrameItem::Tag(Tag::Start(..)) => {}
        }
    }
}

/// Does a line with this baseline stand in the text block (not the header or footer)? Half a
/// point of rounding is allowed at the bottom edge.
fn on_baseline_inside(baseline: Abs, (block_top, block_bottom): (Abs, Abs)) -> bool {
    baseline > block_top && baseline <= block_bottom + Abs::pt(0.5)
}

/// Is the ink between `top` and `bottom` in the text block (not the header or footer)?
fn inside(top: Abs, bottom: Abs, (block_top, block_bottom): (Abs, Abs)) -> bool {
    bottom > block_top && top < block_bottom
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_standing_on_the_blocks_bottom_edge_is_in_it() {
        let block = (Abs::pt(68.0), Abs::pt(773.86));
        assert!(on_baseline_inside(Abs::pt(773.86), block));
        assert!(on_baseline_inside(Abs::pt(80.0), block));
        // The running header above the block and the page number below it are not.
        assert!(!on_baseline_inside(Abs::pt(46.0), block));
        assert!(!on_baseline_inside(Abs::pt(806.0), block));
    }
}
