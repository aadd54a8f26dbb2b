//! Which link targets and image sources a brief may publish: the reader's passes drop the
//! others, and the writers check again before they emit one.

/// Is this link target safe to publish? http(s), mailto, in-page fragments and relative paths.
pub fn safe_url(url: &str) -> bool {
    let u: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    if u.is_empty() {
        return false;
    }
    // A scheme is letters, digits, `+`, `-`, `.` before the first `:` that precedes any `/?#`.
    match u.find(':') {
        Some(colon) if !u[..colon].contains(['/', '?', '#']) => {
            let scheme = &u[..colon];
            matches!(scheme, "http" | "https" | "mailto")
        }
        // Two leading slashes (browsers read `\` as `/`) name another host: `//evil.example`,
        // `///evil.example` and `/\evil.example` all leave the page's site.
        _ => !(u.starts_with(['/', '\\']) && u[1..].starts_with(['/', '\\'])),
    }
}

/// Images come only from the brief's own folder: a relative path, no scheme, no `..`.
pub fn safe_image_url(url: &str) -> bool {
    !url.is_empty()
        && !url.contains(':')
        && !url.starts_with('/')
        && !url.starts_with('\\')
        && !url.split(['/', '\\']).any(|p| p == "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_and_paths() {
        assert!(safe_url("https://example.org/a"));
        assert!(safe_url("mailto:a@b.org"));
        assert!(safe_url("#fn-1"));
        assert!(safe_url("notes/a.html"));
        assert!(!safe_url("javascript:alert(1)"));
        assert!(!safe_url(" JaVaScRiPt :x"));
        assert!(!safe_url("//evil.example"));
        assert!(safe_image_url("fig/a.png"));
        assert!(!safe_image_url("../a.png"));
        assert!(!safe_image_url("/etc/a.png"));
        assert!(!safe_image_url("data:image/png;base64,x"));
    }
}
