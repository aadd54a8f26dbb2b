//! Colour contrast of a theme's palettes, checked against WCAG 2.2 success criterion 1.4.3
//! (contrast minimum, level AA: 4.5:1 for body text) when the theme is loaded, so that no
//! writer can publish a brief in colours some readers cannot read.

use super::{Palette, Tokens, parse_hex};

/// WCAG 2.2 AA minimum contrast for normal-size text.
pub const AA_TEXT: f64 = 4.5;

/// Every (foreground, background) pair of palette keys the built-in style sheets and template
/// put on top of each other for text: body text, links and muted text (bylines, captions) on
/// the page; text, links and the accent (the summary heading) on the summary box; the accent
/// as text colour on the page and as a band behind page-coloured text (contrast is symmetric,
/// so one check covers both).
pub const TEXT_PAIRS: &[(&str, &str)] = &[
    ("text", "background"),
    ("link", "background"),
    ("muted", "background"),
    ("accent", "background"),
    ("text", "summary_background"),
    ("link", "summary_background"),
    ("accent", "summary_background"),
];

/// Relative luminance of an sRGB colour, as WCAG 2.2 defines it.
pub fn relative_luminance((r, g, b): (u8, u8, u8)) -> f64 {
    fn channel(c: u8) -> f64 {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

/// Contrast ratio of two colours, from 1 (same) to 21 (black on white); order does not matter.
pub fn contrast_ratio(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    let (hi, lo) = if la >= lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

fn get<'a>(p: &'a Palette, key: &str) -> &'a str {
    super::palette_entries(p)
        .into_iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
        .unwrap_or("")
}

/// Checks every pair in [`TEXT_PAIRS`] in the light and the dark palette. The error names the
/// keys, both values, the ratio found and the one required.
pub fn check(t: &Tokens) -> Result<(), String> {
    let mut failures = Vec::new();
    for (prefix, p) in [("colors", &t.colors.light), ("colors.dark", &t.colors.dark)] {
        for (fg, bg) in TEXT_PAIRS {
            let (fv, bv) = (get(p, fg), get(p, bg));
            // Malformed colours are reported by the caller's own validation.
            let (Some(f), Some(b)) = (parse_hex(fv), parse_hex(bv)) else {
                continue;
            };
            let ratio = contrast_ratio(f, b);
            // Compare at the precision WCAG tools display, so 4.496 is not "4.50 but failing".
            if (ratio * 100.0).floor() / 100.0 < AA_TEXT {
                failures.push(format!(
                    "`{prefix}.{fg}` {fv} on `{prefix}.{bg}` {bv} has contrast {:.2}:1",
                    (ratio * 100.0).floor() / 100.0
                ));
            }
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "colour contrast below WCAG 2.2 AA ({AA_TEXT}:1 for text): {}",
            failures.join("; ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BLACK: (u8, u8, u8) = (0, 0, 0);
    const WHITE: (u8, u8, u8) = (255, 255, 255);

    #[test]
    fn luminance_of_known_colours() {
        assert_eq!(relative_luminance(BLACK), 0.0);
        assert!((relative_luminance(WHITE) - 1.0).abs() < 1e-12);
        // Pure green carries 71.52 % of the luminance.
        assert!((relative_luminance((0, 255, 0)) - 0.7152).abs() < 1e-12);
    }

    #[test]
    fn ratio_of_known_pairs() {
        assert!((contrast_ratio(BLACK, WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast_ratio(WHITE, BLACK) - 21.0).abs() < 1e-9);
        assert!((contrast_ratio(WHITE, WHITE) - 1.0).abs() < 1e-12);
        // Published reference values (WebAIM contrast checker).
        let r = contrast_ratio(parse_hex("#777777").unwrap(), WHITE);
        assert!((r - 4.48).abs() < 0.01, "{r}");
        let r = contrast_ratio(parse_hex("#767676").unwrap(), WHITE);
        assert!((r - 4.54).abs() < 0.01, "{r}");
        let r = contrast_ratio(parse_hex("#0000ff").unwrap(), WHITE);
        assert!((r - 8.59).abs() < 0.01, "{r}");
    }

    #[test]
    fn builtin_themes_pass_and_low_contrast_fails() {
        for name in super::super::builtin_names() {
            let t = super::super::Theme::builtin(&name).unwrap();
            check(&t.tokens).unwrap();
        }
        let mut t = super::super::Theme::builtin("default").unwrap().tokens;
        t.colors.dark.link = "#3a3a3a".into();
        let e = check(&t).unwrap_err();
        assert!(e.contains("`colors.dark.link` #3a3a3a"), "{e}");
        assert!(e.contains("`colors.dark.background`"), "{e}");
        assert!(e.contains(":1"), "{e}");
    }
}
