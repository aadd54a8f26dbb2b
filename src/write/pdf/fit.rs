//! A fitted last page: the page before the last ends early, so that the last holds enough.
//!
//! A brief whose text runs a few lines onto a page of its own, or whose back matter panel
//! does not fit under its last text, ends on a page mostly empty. Easing the text takes those
//! lines back when the pages before can absorb them (see [`super::lay_out`]); when they
//! cannot, a typesetter ends the page before the last earlier by hand (LaTeX's `\pagebreak`,
//! InDesign's frame break) so that more text stands above the panel on the last page. The
//! template marks where a page may end early — before each section, and before each block of
//! a section but its first, never inside a paragraph — and [`earlier_breaks`] chooses among
//! the marks the layout set on the page before the last.

use super::Typeset;
use super::fill::{Opening, PageFill};
use crate::theme::Theme;
use serde_json::Value;
use typst::foundations::{Label, Selector, Value as TypstValue};
use typst::introspection::{Introspector, Location, MetadataElem};
use typst::utils::PicoStr;

/// The label of the marks the template sets where a page may end early.
const BREAK_POINT: &str = "bp-break-point";

/// Where a section starts (`block` 0), its block `block` starts (`item` 0), or item `item` of
/// that block (a list) starts, as the template's data numbers them: the place a page may end
/// early. A list's items are places too: a note cited in a long list's last item would
/// otherwise move on only with the whole list.
pub type At = (usize, usize, usize);

/// A mark the layout set: where it is, on which page (from 1), how far down the text block
/// (a share of its height, from its top).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BreakPoint {
    pub at: At,
    pub page: usize,
    pub down: f64,
}

/// The marks of the layout, in document order. A theme's own template that sets none gives
/// none, and its briefs are left as laid out.
pub fn break_points(layout: &Typeset, theme: &Theme) -> Vec<BreakPoint> {
    let Some(label) = Label::new(PicoStr::intern(BREAK_POINT)) else {
        return Vec::new();
    };
    let introspector = layout.document.introspector();
    (introspector.query(&Selector::Label(label)).iter())
        .filter_map(|mark| {
            let at = at_of(mark.to_packed::<MetadataElem>()?.value.clone())?;
            let (page, down) = place_of(layout, theme, mark.location()?)?;
            Some(BreakPoint { at, page, down })
        })
        .collect()
}

/// Where an element stands: its page (from 1) and how far down that page's text block.
pub fn place_of(layout: &Typeset, theme: &Theme, location: Location) -> Option<(usize, f64)> {
    let position = layout.document.introspector().position(location)?;
    let page = layout.document.pages().get(position.page.get() - 1)?;
    let (top, bottom) = super::text_block(theme, &page.frame);
    let down = ((position.point.y - top) / (bottom - top)).clamp(0.0, 1.0);
    Some((position.page.get(), down))
}

/// Where a page may end early so that what stands at `down` on `page` (a note's reference
/// whose note the layout printed on the next page) moves on to the next page: the last mark
/// before it, on the same page, where the page may end (see [`earlier_breaks`]).
pub fn mark_before(points: &[BreakPoint], (page, down): (usize, f64), min: f64) -> Option<At> {
    let last = (points.iter())
        .take_while(|p| (p.page, p.down) <= (page, down))
        .last()?;
    let keep = if opens_section(last.at) { min } else { KEEP };
    (last.page == page && last.down >= keep).then_some(last.at)
}

/// Is the mark a section's start (where the page before may stop higher)?
fn opens_section((_, block, item): At) -> bool {
    block == 0 && item == 0
}

/// The template's `(section, block)` pair, or `(section, block, item)` triple.
fn at_of(value: TypstValue) -> Option<At> {
    let TypstValue::Array(pair) = value else {
        return None;
    };
    let index = |v: &TypstValue| match v {
        TypstValue::Int(i) => usize::try_from(*i).ok(),
        _ => None,
    };
    match pair.as_slice() {
        [section, block] => Some((index(section)?, index(block)?, 0)),
        [section, block, item] => Some((index(section)?, index(block)?, index(item)?)),
        _ => None,
    }
}

/// The least share of its text block the page before the last keeps when it ends early
/// inside a section: two thirds, the share below which a page break shows unless a section
/// starts the next page. Before a section the page may stop as high as the last page's own
/// least fill: a section that starts a new page reads as a chapter does.
const KEEP: f64 = 2.0 / 3.0;

/// Where the page before the last may end early so that the last page holds at least `min`
/// of its text block (text and back matter panel), lowest first: each mark on that page that
/// moves at least the shortfall (the body text below it, an estimate: the space above a block
/// is dropped at a page's top, notes cited below it move too, so the layout made with it is
/// judged again by [`keeps_page_rules`]) and leaves the page at least [`KEEP`] full (`min` before a
/// section). None for a brief of one page, or one whose last page holds
/// enough.
pub fn earlier_breaks(points: &[BreakPoint], fills: &[PageFill], min: f64) -> Vec<At> {
    let [.., before, last] = fills else {
        return Vec::new();
    };
    let on_last = last.text + last.back_matter.unwrap_or(0.0);
    if on_last >= min {
        return Vec::new();
    }
    let shortfall = min - on_last;
    let page = fills.len() - 1;
    let mut found: Vec<&BreakPoint> = (points.iter())
        .filter(|p| {
            let keep = if opens_section(p.at) { min } else { KEEP };
            p.page == page && p.down >= keep && before.body - p.down >= shortfall
        })
        .collect();
    found.sort_by(|a, b| b.down.total_cmp(&a.down));
    found.into_iter().map(|p| p.at).collect()
}

/// Is every page after the first at least `min` full (text and back matter panel together)?
pub fn is_fitted(fills: &[PageFill], min: f64) -> bool {
    (fills.iter().skip(1)).all(|f| f.text + f.back_matter.unwrap_or(0.0) >= min)
}

/// Does a layout keep the rules of page breaks that a page ended early could break? Every
/// page after the first at least `min` full; every page but the last at least [`KEEP`] full
/// unless the next opens with a block that could not start higher (a section's heading, a
/// table, the panel), and its last heading followed by two lines of what follows it.
pub fn keeps_page_rules(fills: &[PageFill], min: f64) -> bool {
    is_fitted(fills, min)
        && fills.windows(2).all(|pair| {
            let (page, next) = (&pair[0], &pair[1]);
            (page.fill >= KEEP || next.opens_with.is_some_and(|o| o != Opening::Figure))
                && page.lines_after_last_heading.is_none_or(|lines| lines >= 2)
        })
}

/// Marks the section starts and blocks at `breaks` with `"break_before": true` in the data's
/// document, and a list whose item `k` a break goes before with `"break_before_item": k`,
/// where the template starts a new page.
pub fn break_before(data: &mut Value, breaks: &[At]) {
    for &(section, block, item) in breaks {
        let Some(s) = data.pointer_mut(&format!("/doc/sections/{section}")) else {
            continue;
        };
        let target = if block == 0 {
            Some(s)
        } else {
            s.pointer_mut(&format!("/blocks/{block}"))
        };
        if let Some(Value::Object(map)) = target {
            if item == 0 {
                map.insert("break_before".into(), Value::Bool(true));
            } else if map.get("type").and_then(Value::as_str) == Some("list") {
                map.insert("break_before_item".into(), Value::from(item));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fill(fill: f64, text: f64, back_matter: Option<f64>) -> PageFill {
        PageFill {
            fill,
            body: fill,
            opens_with: None,
            lines_after_last_heading: None,
            text,
            back_matter,
            notes_below_back_matter: false,
        }
    }

    fn point(at: At, page: usize, down: f64) -> BreakPoint {
        BreakPoint { at, page, down }
    }

    #[test]
    fn the_lowest_mark_that_moves_enough_comes_first() {
        // The last page holds a panel of 18 %: 18 % more (with the margin) must move.
        let fills = [fill(1.0, 1.0, None), fill(0.18, 0.0, Some(0.18))];
        let points = [
            point((0, 0, 0), 1, 0.1),
            point((0, 1, 0), 1, 0.55),
            point((1, 0, 0), 1, 0.4),
            point((0, 2, 0), 1, 0.75),
            point((1, 1, 0), 1, 0.85),
            point((1, 2, 0), 1, 0.95),
        ];
        // 0.95 and 0.85 move too little; 0.55 would leave page 1 too empty for a break
        // inside a section, 0.1 for any break.
        assert_eq!(
            earlier_breaks(&points, &fills, 1.0 / 3.0),
            [(0, 2, 0), (1, 0, 0)]
        );
    }

    #[test]
    fn a_displaced_notes_reference_moves_on_from_the_mark_before_it() {
        let third = 1.0 / 3.0;
        let points = [
            point((0, 1, 0), 1, 0.5),
            point((0, 2, 0), 1, 0.8),
            point((1, 0, 0), 2, 0.4),
            point((1, 1, 0), 2, 0.5),
        ];
        assert_eq!(mark_before(&points, (1, 0.9), third), Some((0, 2, 0)));
        // The mark before it is too high for a break inside a section.
        assert_eq!(mark_before(&points, (1, 0.7), third), None);
        // A section may start the next page from a third down; the mark inside it may not.
        assert_eq!(mark_before(&points, (2, 0.45), third), Some((1, 0, 0)));
        assert_eq!(mark_before(&points, (2, 0.9), third), None);
        // The mark before it is on an earlier page.
        assert_eq!(mark_before(&points, (2, 0.1), third), None);
    }

    #[test]
    fn only_marks_on_the_page_before_the_last_count() {
        let fills = [
            fill(1.0, 1.0, None),
            fill(1.0, 1.0, None),
            fill(0.1, 0.1, None),
        ];
        let points = [point((0, 3, 0), 1, 0.7), point((1, 2, 0), 2, 0.7)];
        assert_eq!(earlier_breaks(&points, &fills, 1.0 / 3.0), [(1, 2, 0)]);
    }

    #[test]
    fn a_full_enough_last_page_or_a_single_page_moves_nothing() {
        let points = [point((0, 1, 0), 1, 0.7)];
        let full = [fill(1.0, 1.0, None), fill(0.3, 0.1, Some(0.25))];
        assert!(earlier_breaks(&points, &full, 1.0 / 3.0).is_empty());
        assert!(earlier_breaks(&points, &[fill(0.2, 0.2, None)], 1.0 / 3.0).is_empty());
    }

    #[test]
    fn fitted_means_every_page_after_the_first_a_third_full() {
        let third = 1.0 / 3.0;
        let first_short = [fill(0.2, 0.2, None), fill(0.5, 0.5, None)];
        assert!(is_fitted(&first_short, third));
        let panel_counts = [fill(1.0, 1.0, None), fill(0.4, 0.1, Some(0.3))];
        assert!(is_fitted(&panel_counts, third));
        let middle_short = [
            fill(1.0, 1.0, None),
            fill(0.3, 0.3, None),
            fill(0.9, 0.9, None),
        ];
        assert!(!is_fitted(&middle_short, third));
    }

    #[test]
    fn a_page_ended_early_keeps_two_thirds_unless_a_section_follows_and_keeps_headings() {
        let third = 1.0 / 3.0;
        let ended = |fill_before: f64, opens: Option<Opening>, heading: Option<usize>| {
            let before = PageFill {
                lines_after_last_heading: heading,
                ..fill(fill_before, fill_before, None)
            };
            let last = PageFill {
                opens_with: opens,
                ..fill(0.5, 0.3, Some(0.2))
            };
            [fill(1.0, 1.0, None), before, last]
        };
        assert!(keeps_page_rules(&ended(0.7, None, None), third));
        assert!(!keeps_page_rules(&ended(0.6, None, None), third));
        assert!(keeps_page_rules(
            &ended(0.4, Some(Opening::Heading), None),
            third
        ));
        assert!(!keeps_page_rules(
            &ended(0.4, Some(Opening::Figure), None),
            third
        ));
        assert!(!keeps_page_rules(&ended(0.7, None, Some(1)), third));
        assert!(keeps_page_rules(&ended(0.7, None, Some(2)), third));
        assert!(!keeps_page_rules(
            &ended(0.2, Some(Opening::Heading), None),
            third
        ));
    }

    #[test]
    fn a_break_marks_the_section_or_its_block() {
        let mut data = json!({"doc": {"sections": [
            {"title": null, "blocks": [{"type": "paragraph"}, {"type": "paragraph"}]},
            {"title": [], "blocks": [{"type": "paragraph"}]}
        ]}});
        break_before(&mut data, &[(0, 1, 0), (1, 0, 0), (5, 0, 0), (1, 9, 0)]);
        assert_eq!(
            data["doc"]["sections"][0]["blocks"][1]["break_before"],
            true
        );
        assert_eq!(data["doc"]["sections"][1]["break_before"], true);
        assert!(data["doc"]["sections"][0].get("break_before").is_none());
        assert!(
            data["doc"]["sections"][0]["blocks"][0]
                .get("break_before")
                .is_none()
        );
    }

    #[test]
    fn a_break_before_a_list_item_marks_the_list_and_nothing_else() {
        let mut data = json!({"doc": {"sections": [
            {"title": null, "blocks": [
                {"type": "paragraph"},
                {"type": "list", "items": [[], [], []]},
                {"type": "paragraph"}
            ]}
        ]}});
        break_before(&mut data, &[(0, 1, 2), (0, 2, 1)]);
        let blocks = &data["doc"]["sections"][0]["blocks"];
        assert_eq!(blocks[1]["break_before_item"], 2);
        assert!(blocks[1].get("break_before").is_none());
        // An item of a block that is not a list names nothing.
        assert!(blocks[2].get("break_before_item").is_none());
        assert!(blocks[2].get("break_before").is_none());
    }

    #[test]
    fn a_list_items_mark_does_not_open_a_section() {
        // Inside a section, the page before keeps two thirds, whatever the mark.
        let points = [point((0, 1, 2), 1, 0.6), point((0, 1, 3), 1, 0.7)];
        assert_eq!(mark_before(&points, (1, 0.9), 1.0 / 3.0), Some((0, 1, 3)));
        let points = [point((0, 1, 2), 1, 0.6)];
        assert_eq!(mark_before(&points, (1, 0.9), 1.0 / 3.0), None);
    }

    #[test]
    fn a_mark_is_a_pair_of_indices() {
        let pair = |a: i64, b: i64| {
            TypstValue::Array(
                vec![TypstValue::Int(a), TypstValue::Int(b)]
                    .into_iter()
                    .collect(),
            )
        };
        assert_eq!(at_of(pair(2, 5)), Some((2, 5, 0)));
        let triple = TypstValue::Array(
            vec![TypstValue::Int(2), TypstValue::Int(5), TypstValue::Int(3)]
                .into_iter()
                .collect(),
        );
        assert_eq!(at_of(triple), Some((2, 5, 3)));
        assert_eq!(at_of(pair(-1, 5)), None);
        assert_eq!(at_of(TypstValue::Int(3)), None);
    }
}
