//! Fenced code in source lines, for the recognisers that work on lines before the Markdown is
//! parsed (page breaks, pandoc's tables): what stands inside a fence is code, never debris.

/// Which lines are inside fenced code, fences included: a fence is three or more backticks or
/// tildes indented less than four spaces, closed by a run of the same character at least as
/// long.
pub fn in_fenced_code<S: AsRef<str>>(lines: &[S]) -> Vec<bool> {
    let mut inside: Option<(char, usize)> = None;
    lines
        .iter()
        .map(|line| {
            let line = line.as_ref();
            let t = line.trim_start();
            let fence = t
                .chars()
                .next()
                .filter(|c| matches!(c, '`' | '~'))
                .map(|c| (c, t.chars().take_while(|x| *x == c).count()));
            match (inside, fence) {
                (Some((c, n)), Some((f, m))) if f == c && m >= n => {
                    inside = None;
                    true
                }
                (Some(_), _) => true,
                (None, Some((f, m))) if m >= 3 && line.len() - t.len() < 4 => {
                    inside = Some((f, m));
                    true
                }
                (None, _) => false,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_open_and_close_by_character_and_length() {
        let lines = [
            "a", "```rust", "x", "~~~", "````", "b", "    ```", "~~~~", "y", "~~~", "~~~~", "c",
        ];
        let expected = [
            false, true, true, true, true, false, false, true, true, true, true, false,
        ];
        assert_eq!(in_fenced_code(&lines), expected);
    }
}
