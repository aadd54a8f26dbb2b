//! Criterion benchmarks of each pipeline stage, on the sample brief and on a long synthetic
//! brief (`scripts/make-long-brief.py`: ~9,000 words, 80 notes). Run with
//! `cargo bench --bench pipeline` (release profile, like everything else).

use briefpress::read::ReadOptions;
use briefpress::theme::Theme;
use briefpress::write::{self, Format, Options, Resources, epub, pdf};
use criterion::{BatchSize, Bencher, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::PathBuf;

fn load(name: &str) -> Vec<u8> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    std::fs::read(root.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn briefs() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("sample", load("input/islamic-state-and-russia.md")),
        ("long", load("benches/data/long.md")),
    ]
}

/// Times `routine` as a fresh process would run it: Typst memoizes layout, export and
/// rendering across calls (comemo), so without emptying that cache before every iteration a
/// repeated layout of the same brief costs almost nothing and the numbers mean nothing. Fonts
/// and the standard library stay loaded: that is once-per-process set-up, not a stage.
fn cold<T>(b: &mut Bencher, mut routine: impl FnMut() -> T) {
    b.iter_batched(|| comemo::evict(0), |()| routine(), BatchSize::PerIteration)
}

fn stages(c: &mut Criterion) {
    let theme = Theme::builtin("default").unwrap();
    let opts = Options {
        stem: "bench".into(),
        ..Options::default()
    };
    let res = Resources::default();
    for (name, bytes) in briefs() {
        let read_opts = ReadOptions::default();
        c.bench_function(&format!("{name}/read+transform"), |b| {
            b.iter(|| briefpress::parse(black_box(&bytes), &read_opts))
        });
        let doc = briefpress::parse(&bytes, &read_opts).document.unwrap();
        // The PDF in its two steps: Typst's layout (shared with the EPUB's cover), then export.
        c.bench_function(&format!("{name}/pdf-layout"), |b| {
            cold(b, || {
                pdf::lay_out(black_box(&doc), &theme, &opts, &res).unwrap()
            })
        });
        let layout = pdf::lay_out(&doc, &theme, &opts, &res).unwrap();
        c.bench_function(&format!("{name}/pdf-export"), |b| {
            cold(b, || {
                pdf::export(black_box(&layout), &doc, &theme, &opts).unwrap()
            })
        });
        c.bench_function(&format!("{name}/epub-cover"), |b| {
            cold(b, || {
                pdf::render_cover_png(black_box(&layout), epub::COVER_DPI).unwrap()
            })
        });
        // Each format alone (the PDF and EPUB include the layout), then all three together.
        for format in [Format::Html, Format::Epub, Format::Pdf] {
            c.bench_function(&format!("{name}/{format}"), |b| {
                cold(b, || {
                    write::write(format, black_box(&doc), &theme, &opts, &res).unwrap()
                })
            });
        }
        // The theme's fonts for the page: subsetting every face it uses (HarfBuzz), then
        // encoding them as WOFF2 — the cost `--html-fonts embed` adds to the HTML.
        let system = Options {
            html_fonts: write::html::fonts::HtmlFonts::System,
            ..opts.clone()
        };
        let page = write::html::write(&doc, &theme, &system, &res, None)
            .unwrap()
            .html;
        let usage = write::html::fonts::usage(&page);
        c.bench_function(&format!("{name}/fonts-subset"), |b| {
            b.iter(|| write::fonts::select(&theme, black_box(&usage)))
        });
        c.bench_function(&format!("{name}/fonts-woff2"), |b| {
            // Fresh faces for each iteration: a face keeps its WOFF2 once made.
            b.iter_batched(
                || write::fonts::select(&theme, &usage),
                |faces| {
                    faces
                        .iter()
                        .map(|f| f.woff2().unwrap().len())
                        .sum::<usize>()
                },
                BatchSize::SmallInput,
            )
        });
        let all = [Format::Pdf, Format::Epub, Format::Html];
        c.bench_function(&format!("{name}/pdf+epub+html"), |b| {
            cold(b, || {
                write::write_all(&all, black_box(&doc), &theme, &opts, &res).unwrap()
            })
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = stages
}
criterion_main!(benches);
