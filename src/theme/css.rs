//! Design tokens as CSS custom properties, so `style.css` and `html.css` consume the same
//! values the Typst template does: a colour or typeface changes in `theme.toml` only.

use super::{Palette, Tokens, palette_entries};
use std::fmt::Write;

/// A CSS font stack: quoted family names, generic families bare.
pub fn font_stack(families: &[String]) -> String {
    families
        .iter()
        .map(|f| {
            if matches!(
                f.as_str(),
                "serif" | "sans-serif" | "monospace" | "cursive" | "fantasy" | "system-ui"
            ) {
                f.clone()
            } else {
                format!("\"{f}\"")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn palette_vars(p: &Palette, out: &mut String) {
    for (key, value) in palette_entries(p) {
        let _ = writeln!(out, "  --bp-{}: {value};", key.replace('_', "-"));
    }
}

/// `:root { --bp-… }` for the light palette, fonts and sizes; with `dark`, also a
/// `prefers-color-scheme: dark` block with the dark palette (the HTML page only: e-book
/// readers apply their own night modes).
pub fn token_css(t: &Tokens, dark: bool) -> String {
    let mut out = String::from(":root {\n");
    palette_vars(&t.colors.light, &mut out);
    let _ = writeln!(out, "  --bp-font-body: {};", font_stack(&t.fonts.body));
    let _ = writeln!(
        out,
        "  --bp-font-heading: {};",
        font_stack(&t.fonts.heading)
    );
    let _ = writeln!(out, "  --bp-font-mono: {};", font_stack(&t.fonts.mono));
    let _ = writeln!(out, "  --bp-base-size: {};", t.fonts.base_size);
    let _ = writeln!(out, "  --bp-line-height: {};", t.fonts.line_height);
    out.push_str("}\n");
    if dark {
        out.push_str("@media (prefers-color-scheme: dark) {\n:root {\n");
        palette_vars(&t.colors.dark, &mut out);
        out.push_str("}\n}\n");
    }
    out
}
