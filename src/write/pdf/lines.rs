//! The text lines of each laid-out page, read from Typst's frames: what the page-marking step
//! ([`crate::write::pages`]) needs to find where each page of the PDF begins in the model.
//!
//! Only the text block counts: the running header and the page number sit in the top and
//! bottom margins, outside it, whatever a theme's template puts there.

use super::Typeset;
use super::data::length_pt;
use crate::theme::Theme;
use typst::layout::{Frame, FrameItem, Point, Transform};

/// A line of a page: its text runs, left to right.
pub type Line = Vec<String>;

/// Lines closer than this (in points) are one line: a superscript note number sits a few
/// points above its line's baseline, the next line a whole leading below.
const SAME_LINE_PT: f64 = 5.0;

/// The lines of the text block of every page, top to bottom.
pub fn page_lines(layout: &Typeset, theme: &Theme) -> Vec<Vec<Line>> {
    let top = length_pt(&theme.tokens.page.margin_top);
    let bottom = length_pt(&theme.tokens.page.margin_bottom);
    layout
        .document
        .pages()
        .iter()
        .map(|page| {
            let height = page.frame.height().to_pt();
            let mut runs = Vec::new();
            collect(&page.frame, Transform::identity(), &mut runs);
            runs.retain(|r| r.y > top && r.y < height - bottom);
            group_lines(runs)
        })
        .collect()
}

/// The baselines of the text block's lines on every page, top to bottom (runs within
/// [`SAME_LINE_PT`] of each other are one line).
#[cfg(test)]
pub fn page_baselines(layout: &Typeset, theme: &Theme) -> Vec<Vec<f64>> {
    let top = length_pt(&theme.tokens.page.margin_top);
    let bottom = length_pt(&theme.tokens.page.margin_bottom);
    (layout.document.pages().iter())
        .map(|page| {
            let height = page.frame.height().to_pt();
            let mut runs = Vec::new();
            collect(&page.frame, Transform::identity(), &mut runs);
            let mut ys: Vec<f64> = (runs.iter())
                .filter(|r| r.y > top && r.y < height - bottom)
                .map(|r| r.y)
                .collect();
            ys.sort_by(f64::total_cmp);
            ys.dedup_by(|b, a| *b - *a < SAME_LINE_PT);
            ys
        })
        .collect()
}

/// A text run at its baseline position on the page.
struct Run {
    y: f64,
    x: f64,
    text: String,
}

fn collect(frame: &Frame, ts: Transform, out: &mut Vec<Run>) {
    for (pos, item) in frame.items() {
        match item {
            FrameItem::Group(group) => {
                let inner = ts
                    .pre_concat(Transform::translate(pos.x, pos.y))
                    .pre_concat(group.transform);
                collect(&group.frame, inner, out);
            }
            FrameItem::Text(text) => {
                let at: Point = pos.transform(ts);
                out.push(Run {
                    y: at.y.to_pt(),
                    x: at.x.to_pt(),
                    text: text.text.to_string(),
                });
            }
            FrameItem::Shape(..)
            | FrameItem::Image(..)
            | FrameItem::Link(..)
            | FrameItem::Tag(_) => {}
        }
    }
}

/// Runs grouped into lines by baseline, each line's runs in order of position.
fn group_lines(mut runs: Vec<Run>) -> Vec<Line> {
    runs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<(f64, Vec<Run>)> = Vec::new();
    for run in runs {
        match lines.last_mut() {
            Some((y, line)) if run.y - *y < SAME_LINE_PT => line.push(run),
            _ => lines.push((run.y, vec![run])),
        }
    }
    lines
        .into_iter()
        .map(|(_, mut line)| {
            line.sort_by(|a, b| a.x.total_cmp(&b.x));
            line.into_iter().map(|r| r.text).collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_on_one_baseline_make_one_line() {
        let run = |y, x, t: &str| Run {
            y,
            x,
            text: t.into(),
        };
        let lines = group_lines(vec![
            run(100.0, 50.0, "b"),
            run(97.0, 60.0, "3"),
            run(100.0, 10.0, "a"),
            run(115.0, 10.0, "c"),
        ]);
        assert_eq!(lines, vec![vec!["a", "b", "3"], vec!["c"]]);
    }
}
