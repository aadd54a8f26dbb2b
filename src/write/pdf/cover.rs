//! The e-book's cover: page 1 of a layout (the theme's cover, see [`super::lay_out_cover`])
//! drawn with Typst's renderer and encoded as PNG.
//!
//! The cover is on the critical path of a single brief's e-book, so the page is drawn in
//! [`BANDS`] horizontal bands at once. Each band gets only the text that can reach it: Typst's
//! renderer rasterises every glyph of a frame it is given, whether or not it lands on the
//! canvas, and glyphs are nearly all of a page's drawing time.

use super::Typeset;
use crate::error::{Error, Result};
use typst::layout::{Abs, Frame, FrameItem, GroupItem, Point, Size};
use typst_layout::Page;

/// How many bands a page is drawn in. Fixed, not the number of cores: where a band ends
/// decides the last bits of some anti-aliased pixels, and a cover must come out the same on
/// every machine. Four rather than two: after the layout, the cover shares the cores with the
/// PDF's export, and smaller pieces keep both busy to the end (the sample's page 1: 10.7 ms
/// against 12.4 with two bands, and 23 drawn whole, on two cores).
const BANDS: u32 = 4;

/// Page 1 of a layout rendered as a PNG (`dpi` dots per inch), for the EPUB cover.
pub fn render_cover_png(layout: &Typeset, dpi: f32) -> Result<Vec<u8>> {
    let page = layout
        .document
        .pages()
        .first()
        .ok_or_else(|| Error::Write {
            format: "pdf",
            message: "the document has no pages".into(),
        })?;
    let dpi = if dpi.is_finite() {
        dpi.clamp(9.0, 1200.0)
    } else {
        150.0
    };
    let pixel_per_pt = f64::from(dpi) / 72.0;
    let bands = draw_in_bands(page, pixel_per_pt);
    // RGB without alpha when the page is opaque, as pages are unless a theme clears their
    // fill; premultiplied colour with full alpha is the colour itself.
    let opaque = bands.iter().all(|b| is_opaque(b.data()));
    let width = bands.first().map_or(1, |b| b.width());
    let height = bands.iter().map(|b| b.height()).sum();
    let rows: Vec<Vec<u8>> = bands
        .into_iter()
        .map(|band| {
            if opaque {
                to_rgb(band)
            } else {
                band.take_demultiplied()
            }
        })
        .collect();
    let color = if opaque {
        png::ColorType::Rgb
    } else {
        png::ColorType::Rgba
    };
    encode_png(&rows, width, height, color, dpi).map_err(|e| Error::Write {
        format: "pdf",
        message: format!("cannot encode the cover as PNG: {e}"),
    })
}

/// The page drawn as [`BANDS`] horizontal bands, top to bottom, on rayon's threads: each band
/// is a page of its own, as wide as the page and a whole number of pixels tall, showing its
/// part of page 1. The bands hold about as much drawing each: a glyph's cost is a fixed part
/// (loading its outline) and a part that grows with its area (a title page's top half has
/// few and large glyphs).
fn draw_in_bands(page: &Page, pixel_per_pt: f64) -> Vec<tiny_skia::Pixmap> {
    let size = page.frame.size();
    let edges = band_edges(&page.frame, pixel_per_pt);
    let options = typst_render::RenderOptions {
        pixel_per_pt: typst::utils::Scalar::new(pixel_per_pt),
        render_bleed: false,
    };
    use rayon::prelude::*;
    edges
        .par_windows(2)
        .map(|edge| {
            let top = Abs::pt(f64::from(edge[0]) / pixel_per_pt);
            let bottom = Abs::pt(f64::from(edge[1]) / pixel_per_pt);
            let mut frame = Frame::hard(Size::new(size.x, bottom - top));
            let part = text_reaching(&page.frame, top, bottom);
            frame.push(Point::with_y(-top), FrameItem::Group(GroupItem::new(part)));
            let band = Page {
                frame,
                ..page.clone()
            };
            typst_render::render(&band, &options)
        })
        .collect()
}

/// The pixel rows where the bands begin, and the page's last row: cuts where the text drawn
/// above reaches each [`BANDS`]th of the page's total drawing cost. Fewer bands when the page
/// has too little text to cut.
fn band_edges(frame: &Frame, pixel_per_pt: f64) -> Vec<u32> {
    let rows = (pixel_per_pt * frame.size().y.to_pt()).round().max(1.0) as u32;
    let mut costs = Vec::new();
    glyph_rows(frame, Abs::zero(), &mut costs);
    costs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: usize = costs.iter().map(|g| g.1).sum();
    let mut edges = vec![0];
    let mut seen = 0;
    for (y, cost) in costs {
        seen += cost;
        if edges.len() < BANDS as usize && seen * BANDS as usize >= total * edges.len() {
            let row = (y * pixel_per_pt).round().clamp(1.0, f64::from(rows)) as u32;
            if row > *edges.last().unwrap_or(&0) && row < rows {
                edges.push(row);
            }
        }
    }
    edges.push(rows);
    edges
}

/// The baseline (in points from the top of the page) and drawing cost of every text item in
/// `frame`, placed at `y`: per glyph, 20 plus its size in points squared (outline loading
/// weighs about as much as a 4.5 pt glyph's pixels).
fn glyph_rows(frame: &Frame, y: Abs, out: &mut Vec<(f64, usize)>) {
    for (pos, item) in frame.items() {
        match item {
            FrameItem::Text(text) => {
                let size = text.size.to_pt();
                let cost = text.glyphs.len() * (20 + (size * size) as usize);
                out.push(((y + pos.y).to_pt(), cost));
            }
            FrameItem::Group(group) => glyph_rows(&group.frame, y + pos.y, out),
            FrameItem::Shape(..)
            | FrameItem::Image(..)
            | FrameItem::Link(..)
            | FrameItem::Tag(_) => {}
        }
    }
}

/// How many glyphs `frame` holds, its groups' included.
pub(super) fn glyph_count(frame: &Frame) -> usize {
    frame
        .items()
        .map(|(_, item)| match item {
            FrameItem::Text(text) => text.glyphs.len(),
            FrameItem::Group(group) => glyph_count(&group.frame),
            FrameItem::Shape(..)
            | FrameItem::Image(..)
            | FrameItem::Link(..)
            | FrameItem::Tag(_) => 0,
        })
        .sum()
}

/// `frame` without the text that cannot reach the band from `top` to `bottom` (in the frame's
/// coordinates). Only text is left out: shapes, images and transformed or clipped groups are
/// cheap to draw or hard to bound, and stay.
fn text_reaching(frame: &Frame, top: Abs, bottom: Abs) -> Frame {
    let items = frame.items().filter_map(|(pos, item)| match item {
        FrameItem::Text(text) => {
            // A glyph stays within about an em of its baseline (accents above capitals,
            // descenders, marks); two ems leave room for any font.
            let reach = text.size * 2.0;
            (pos.y + reach >= top && pos.y - reach <= bottom).then(|| (*pos, item.clone()))
        }
        FrameItem::Group(group) if group.transform.is_identity() && group.clip.is_none() => {
            let inner = text_reaching(&group.frame, top - pos.y, bottom - pos.y);
            let group = GroupItem {
                frame: inner,
                ..group.clone()
            };
            Some((*pos, FrameItem::Group(group)))
        }
        FrameItem::Group(_)
        | FrameItem::Shape(..)
        | FrameItem::Image(..)
        | FrameItem::Link(..)
        | FrameItem::Tag(_) => Some((*pos, item.clone())),
    });
    super::frame_with(frame, items)
}

/// Whether every pixel of RGBA `data` has full alpha. Alpha is and-ed over blocks of
/// sixteen pixels without stopping early, which the compiler turns into vector instructions:
/// a cover is a million pixels.
fn is_opaque(data: &[u8]) -> bool {
    let blocks = data.chunks_exact(64);
    let rest = blocks.remainder();
    let alpha = |block: &[u8]| block.chunks_exact(4).fold(0xFF, |a, p| a & p[3]);
    blocks.map(alpha).fold(0xFF, |a, b| a & b) & alpha(rest) == 0xFF
}

/// An opaque band's pixels as RGB, packed in place: no second buffer of megabytes to
/// allocate and fault in. Four pixels at a time (16 bytes in, 12 out, a fixed shuffle the
/// compiler vectorises); what is written never overtakes what is still to be read.
fn to_rgb(band: tiny_skia::Pixmap) -> Vec<u8> {
    let mut data = band.take();
    let pixels = data.len() / 4;
    let quads = pixels / 4;
    for q in 0..quads {
        let i: [u8; 16] = data[16 * q..16 * q + 16].try_into().unwrap_or([0; 16]);
        let o = [
            i[0], i[1], i[2], i[4], i[5], i[6], i[8], i[9], i[10], i[12], i[13], i[14],
        ];
        data[12 * q..12 * q + 12].copy_from_slice(&o);
    }
    for p in 4 * quads..pixels {
        data.copy_within(4 * p..4 * p + 3, 3 * p);
    }
    data.truncate(3 * pixels);
    data
}

/// Rows of pixels as one PNG, written for speed: deflate level 2 takes about half the time of
/// the default level 6, for a file about 2 % larger (measured on rendered pages; fdeflate's
/// fast mode is faster still but makes files a third larger). No row filter: on a page of
/// anti-aliased text on a plain ground, the filters' differences compress worse than the
/// pixels themselves (a cover of 827 × 1169 px: 303 KB unfiltered against 361 KB with the
/// adaptive filter, and faster). The resolution is recorded.
fn encode_png(
    bands: &[Vec<u8>],
    width: u32,
    height: u32,
    color: png::ColorType,
    dpi: f32,
) -> std::result::Result<Vec<u8>, png::EncodingError> {
    use std::io::Write;
    let total: usize = bands.iter().map(Vec::len).sum();
    let mut out = Vec::with_capacity(total / 8);
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(color);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_deflate_compression(png::DeflateCompression::Level(2));
    encoder.set_filter(png::Filter::NoFilter);
    let per_metre = (f64::from(dpi) / 0.0254).round() as u32;
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: per_metre,
        yppu: per_metre,
        unit: png::Unit::Meter,
    }));
    let mut writer = encoder.write_header()?;
    let mut stream = writer.stream_writer()?;
    for band in bands {
        stream.write_all(band)?;
    }
    stream.finish()?;
    writer.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Page 1 of a brief with a title block and a page of text, laid out.
    fn page_one() -> Typeset {
        let mut text = String::from(
            "---\ntitle: A Title Long Enough to Wrap onto a Second Line of the Title Block\nauthors: [Ann Author]\ndate: 2024-03-01\n---\n\n",
        );
        for n in 0..40 {
            text.push_str(&format!("Paragraph {n} says something about harbours, tariffs and “quoted” words, at some length so that it wraps.\n\n"));
        }
        let doc = crate::parse(text.as_bytes(), &Default::default())
            .document
            .expect("the brief reads");
        let theme = crate::theme::Theme::builtin("default").unwrap();
        super::super::lay_out(&doc, &theme, &Default::default(), &Default::default()).unwrap()
    }

    /// The bands, joined, are the page drawn whole: same size, and no pixel off by more than
    /// the rounding of a band's offset can make (one level in a channel, along the seam's
    /// glyphs). The page has text above and below the seam, so leaving out the wrong text
    /// would show.
    #[test]
    fn rgb_packing_keeps_every_pixel_in_order() {
        // Seven pixels: one block of four and three left over.
        let mut band = tiny_skia::Pixmap::new(7, 1).unwrap();
        for (i, p) in band.data_mut().chunks_exact_mut(4).enumerate() {
            let v = 10 * i as u8;
            p.copy_from_slice(&[v, v + 1, v + 2, 255]);
        }
        let rgb = to_rgb(band);
        let want: Vec<u8> = (0..7u8)
            .flat_map(|i| [10 * i, 10 * i + 1, 10 * i + 2])
            .collect();
        assert_eq!(rgb, want);
    }

    #[test]
    fn one_translucent_pixel_anywhere_makes_a_band_not_opaque() {
        let pixels = 16 * 3 + 5;
        for at in [0, 17, pixels - 1] {
            let mut data = vec![255u8; 4 * pixels];
            assert!(is_opaque(&data));
            data[4 * at + 3] = 254;
            assert!(!is_opaque(&data), "pixel {at}");
        }
    }

    #[test]
    fn bands_join_into_the_whole_page() {
        let layout = page_one();
        let page = &layout.document.pages()[0];
        let ppp = 100.0 / 72.0;
        let whole = typst_render::render(
            page,
            &typst_render::RenderOptions {
                pixel_per_pt: typst::utils::Scalar::new(ppp),
                render_bleed: false,
            },
        );
        let bands = draw_in_bands(page, ppp);
        assert_eq!(bands.len(), BANDS as usize);
        assert!(bands.iter().all(|b| b.width() == whole.width()));
        let joined: Vec<u8> = bands.iter().flat_map(|b| b.data().to_vec()).collect();
        assert_eq!(joined.len(), whole.data().len());
        let inked = whole.data().chunks(4).filter(|p| p[0] < 128).count();
        assert!(inked > 10_000, "the page has text: {inked} dark pixels");
        let off = joined
            .iter()
            .zip(whole.data())
            .filter(|(a, b)| a.abs_diff(**b) > 1)
            .count();
        assert_eq!(off, 0, "{off} channels differ by more than one level");
    }

    /// Text is left out of a band only when it cannot reach it.
    #[test]
    fn a_band_keeps_the_text_that_reaches_it() {
        let layout = page_one();
        let frame = &layout.document.pages()[0].frame;
        let mut all = Vec::new();
        glyph_rows(frame, Abs::zero(), &mut all);
        let count = |f: &Frame| {
            let mut rows = Vec::new();
            glyph_rows(f, Abs::zero(), &mut rows);
            rows.len()
        };
        let height = frame.size().y;
        let (top, bottom) = (
            text_reaching(frame, Abs::zero(), height / 2.0),
            text_reaching(frame, height / 2.0, height),
        );
        assert!(count(&top) < all.len() && count(&bottom) < all.len());
        // Every line is in one band or the other, and lines near the seam in both.
        assert!(count(&top) + count(&bottom) >= all.len());
        assert_eq!(count(&text_reaching(frame, Abs::zero(), height)), all.len());
    }

    fn brief(front: &str) -> crate::model::Document {
        let text = format!("---\n{front}\n---\n\nA paragraph.\n");
        crate::parse(text.as_bytes(), &Default::default())
            .document
            .expect("the brief reads")
    }

    /// A PNG's width and height, from its header.
    fn png_size(png: &[u8]) -> (u32, u32) {
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
        (be(16), be(20))
    }

    /// The cover has the printed page's size at the EPUB's resolution, whichever the paper:
    /// A4 (default theme) and US Letter (sober).
    #[test]
    fn the_cover_has_the_printed_pages_size() {
        let doc = brief("title: A Title\nauthors: [Ann Author]");
        let dpi = crate::write::epub::COVER_DPI;
        for (theme, size) in [("default", (827, 1169)), ("sober", (850, 1100))] {
            let theme = crate::theme::Theme::builtin(theme).unwrap();
            let png = super::super::cover_png(&doc, &theme, &Default::default(), dpi).unwrap();
            assert_eq!(png_size(&png), size, "{}", theme.name);
        }
    }

    /// A brief with only a title still gets a cover, and it shows the title's letters and
    /// nothing invented: no other glyphs.
    #[test]
    fn a_title_only_brief_gets_a_cover() {
        let doc = brief("title: Harbours");
        for name in ["default", "sober"] {
            let theme = crate::theme::Theme::builtin(name).unwrap();
            let cover = super::super::lay_out_cover(&doc, &theme, &Default::default()).unwrap();
            assert_eq!(cover.page_count(), 1, "{name}");
            assert_eq!(
                cover.glyphs_per_page(),
                [8],
                "{name}: the cover shows `Harbours` alone"
            );
        }
    }

    /// A word no available font can draw is left off the cover rather than shown as
    /// replacement marks in large type (issue 27, item 9): the cover of "Harbours हिन्दी"
    /// without Devanagari fonts shows `Harbours` alone.
    #[test]
    fn no_replacement_marks_on_the_cover() {
        let doc = brief("title: Harbours हिन्दी");
        let theme = crate::theme::Theme::builtin("default").unwrap();
        let opts = crate::write::Options {
            system_fonts: false,
            ..Default::default()
        };
        let cover = super::super::lay_out_cover(&doc, &theme, &opts).unwrap();
        assert_eq!(cover.glyphs_per_page(), [8]);
    }

    /// The cover is far fewer glyphs to draw than page 1 of the brief (which is what it was
    /// drawn from before): a full page of text against the title page's facts.
    #[test]
    fn the_cover_has_far_fewer_glyphs_than_page_one() {
        let paragraph = "Ports handle most of the trade of coastal regions, and their \
            budgets depend on decisions taken far inland, by ministries that rarely visit.\n\n";
        let text = format!(
            "---\ntitle: Harbours After Coal\nseries: Policy Brief 9\nauthors: [Ana Lima]\n\
             date: 2024-05-29\npublisher: Coastal Institute\n---\n\n## Summary\n\n{}",
            paragraph.repeat(40)
        );
        let doc = crate::parse(text.as_bytes(), &Default::default())
            .document
            .unwrap();
        let theme = crate::theme::Theme::builtin("default").unwrap();
        let page_one =
            super::super::lay_out(&doc, &theme, &Default::default(), &Default::default())
                .unwrap()
                .glyphs_per_page()[0];
        let cover = super::super::lay_out_cover(&doc, &theme, &Default::default())
            .unwrap()
            .glyphs_per_page();
        assert_eq!(cover.len(), 1);
        // Title, series, author, date and publisher: their characters (spaces are glyphs
        // too), and no more.
        let letters = [
            "Harbours After Coal",
            "Policy Brief 9",
            "Ana Lima",
            "29 May 2024",
            "Coastal Institute",
        ]
        .iter()
        .map(|s| s.chars().count())
        .sum::<usize>();
        assert_eq!(cover[0], letters, "the cover's glyphs");
        assert!(
            page_one > 20 * cover[0],
            "page 1 has {page_one} glyphs, the cover {}",
            cover[0]
        );
    }

    /// Brief text reaches the cover as data: Typst markup and code in a title are shown as
    /// they are, never run.
    #[test]
    fn brief_text_is_data_on_the_cover() {
        let title = r#"#panic("x") *b* $x$ ] \\"#;
        let doc = brief(&format!(
            "title: '{title}'\nsubtitle: '#read(\"/etc/passwd\")'"
        ));
        let theme = crate::theme::Theme::builtin("default").unwrap();
        let cover = super::super::lay_out_cover(&doc, &theme, &Default::default()).unwrap();
        let expected = [doc.meta.title.as_str(), "#read(\"/etc/passwd\")"]
            .iter()
            .map(|s| s.chars().count())
            .sum::<usize>();
        assert_eq!(cover.glyphs_per_page(), [expected]);
    }

    /// A theme folder's `cover.typ` replaces the built-in one, and one that fails is the
    /// theme's error, naming the file and the line.
    #[test]
    fn a_theme_folders_cover_overrides_and_its_errors_name_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("cover.typ"),
            "#let cover(data) = {\n  set page(width: 144pt, height: 72pt, margin: 0pt)\n  data.cover.title\n}\n",
        )
        .unwrap();
        let theme = crate::theme::Theme::from_dir(dir.path()).unwrap();
        let doc = brief("title: Own");
        let png = super::super::cover_png(&doc, &theme, &Default::default(), 72.0).unwrap();
        assert_eq!(png_size(&png), (144, 72));
        std::fs::write(
            dir.path().join("cover.typ"),
            "#let cover(data) = {\n  data.cover.no-such-field\n}\n",
        )
        .unwrap();
        let theme = crate::theme::Theme::from_dir(dir.path()).unwrap();
        let err = super::super::lay_out_cover(&doc, &theme, &Default::default())
            .err()
            .expect("a broken cover fails");
        match &err {
            Error::Template { file, line, .. } => {
                assert!(file.ends_with("cover.typ"), "{err}");
                assert_eq!(*line, 2, "{err}");
            }
            Error::Input(_) | Error::Theme { .. } | Error::Write { .. } => panic!("{err}"),
        }
    }
}
