//! Design tokens as CSS custom properties, so `style.css` and `html.css` consume the same
//! values the Typst template does: a colour or typeface changes in `theme.toml` only.

use super::{Palette, Paper, Tokens, palette_entries};
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
/// readers apply their own night modes). The dark block is for screens only, so a page
/// printed from a browser in dark mode still prints dark ink on white paper.
pub fn token_css(t: &Tokens, dark: bool) -> String {
    let mut out = String::from(":root {\n");
    palette_vars(&t.colors.light, &mut out);
    let _ = writeln!(out, "  --bp-font-body: {};", font_stack(&t.fonts.body));
    let _ = writeln!(
        out,
        "  --bp-font-heading: {};",
        font_stack(&t.fonts.heading)
    );
    // A paragraph certainly in Japanese or Korean within a brief in another language (see
    // `model::lang::paragraph_language`) is drawn in that language's faces, as the PDF draws it.
    for (lang, faces) in &t.fonts.body_by_lang {
        let _ = writeln!(out, "  --bp-font-body-{lang}: {};", font_stack(faces));
    }
    let _ = writeln!(out, "  --bp-font-mono: {};", font_stack(&t.fonts.mono));
    let _ = writeln!(out, "  --bp-base-size: {};", t.fonts.base_size);
    let _ = writeln!(out, "  --bp-line-height: {};", t.fonts.line_height);
    let _ = writeln!(
        out,
        "  color-scheme: {};",
        if dark { "light dark" } else { "light" }
    );
    out.push_str("}\n");
    if dark {
        out.push_str("@media screen and (prefers-color-scheme: dark) {\n:root {\n");
        palette_vars(&t.colors.dark, &mut out);
        out.push_str("}\n}\n");
    }
    out
}

/// `css` with every `var(--bp-NAME)` written out as the token's (light) value, for readers
/// that ignore custom properties. The names are those [`token_css`] declares; an unknown name
/// is left as it is.
pub fn resolve_vars(css: &str, t: &Tokens) -> String {
    let declared = token_css(t, false);
    let values: Vec<(String, &str)> = declared
        .lines()
        .filter_map(|l| l.trim().strip_prefix("--bp-")?.split_once(": "))
        .map(|(name, value)| (format!("var(--bp-{name})"), value.trim_end_matches(';')))
        .collect();
    let mut out = css.to_string();
    for (var, value) in &values {
        out = out.replace(var.as_str(), value);
    }
    out
}

/// `@page` with the theme's paper and margins, for printing the HTML page. Custom properties
/// do not work inside `@page`, so the values are written out.
pub fn page_css(t: &Tokens) -> String {
    let size = match t.page.paper {
        Paper::A4 => "A4",
        Paper::UsLetter => "letter",
    };
    // A web page printed single-sided: inside and outside margins become left and right.
    format!(
        "@page {{\n  size: {size};\n  margin: {} {} {} {};\n}}\n",
        t.page.margin_top, t.page.margin_outside, t.page.margin_bottom, t.page.margin_inside
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::theme::Theme;

    #[test]
    fn tokens_become_custom_properties() {
        let t = Theme::builtin("default").unwrap().tokens;
        let css = token_css(&t, true);
        assert!(css.contains(&format!("--bp-text: {};", t.colors.light.text)));
        assert!(css.contains(&format!(
            "--bp-summary-background: {};",
            t.colors.dark.summary_background
        )));
        assert!(css.contains("@media screen and (prefers-color-scheme: dark)"));
        assert!(!token_css(&t, false).contains("prefers-color-scheme"));
        assert!(css.contains("--bp-font-body: \"Libertinus Serif\""));
        assert!(font_stack(&["A B".into(), "serif".into()]) == "\"A B\", serif");
    }

    #[test]
    fn vars_are_written_out() {
        let t = Theme::builtin("default").unwrap().tokens;
        let css = resolve_vars(
            "a { color: var(--bp-accent); font-family: var(--bp-font-body); x: var(--bp-nope); }",
            &t,
        );
        assert_eq!(
            css,
            format!(
                "a {{ color: {}; font-family: \"Libertinus Serif\", \"Georgia\", serif; x: var(--bp-nope); }}",
                t.colors.light.accent
            )
        );
    }

    #[test]
    fn page_rule_follows_paper() {
        let d = Theme::builtin("default").unwrap().tokens;
        assert!(page_css(&d).contains("size: A4;"));
        let s = Theme::builtin("sober").unwrap().tokens;
        assert!(page_css(&s).contains("size: letter;"));
        assert!(page_css(&s).contains("margin: 1in 1.75in 1in 1.75in;"));
    }
}
