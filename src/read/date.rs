//! Dates in the forms briefs print them ("May 29, 2024", "12 March 2025", "2024-05-29",
//! "Tuesday, 3rd June 2025", "Sept. 5, 2024"), normalised to ISO 8601.

use jiff::civil::Date;

const FORMATS: &[&str] = &[
    "%Y-%m-%d",
    "%B %d, %Y",
    "%B %d %Y",
    "%d %B %Y",
    "%d %B, %Y",
    "%b %d, %Y",
    "%b %d %Y",
    "%d %b %Y",
    "%d %b, %Y",
    "%Y/%m/%d",
    "%d.%m.%Y",
];

/// Parses a date printed in a common English form; `None` when it is not one.
pub fn parse_date(text: &str) -> Option<Date> {
    let cleaned = normalise(text)?;
    FORMATS.iter().find_map(|f| {
        jiff::fmt::strtime::parse(f, &cleaned)
            .ok()
            .and_then(|t| t.to_date().ok())
    })
}

/// ISO 8601 form of a parsed date.
pub fn iso(date: Date) -> String {
    date.strftime("%Y-%m-%d").to_string()
}

fn normalise(text: &str) -> Option<String> {
    let text = text.trim().trim_end_matches('.').trim();
    if text.is_empty() || text.len() > 40 {
        return None;
    }
    let mut words: Vec<String> = Vec::new();
    for raw in text.split_whitespace() {
        let (word, comma) = match raw.strip_suffix(',') {
            Some(w) => (w, ","),
            None => (raw, ""),
        };
        let word = word.trim_end_matches('.');
        // Weekday names carry no information the date lacks.
        if is_weekday(word) {
            continue;
        }
        // 1st, 2nd, 3rd, 29th → 1, 2, 3, 29.
        let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let word = if !digits.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit())
            && matches!(
                &word[digits.len()..].to_ascii_lowercase()[..],
                "st" | "nd" | "rd" | "th"
            ) {
            digits.to_string()
        } else {
            month_name(word).unwrap_or_else(|| word.to_string())
        };
        words.push(format!("{word}{comma}"));
    }
    Some(words.join(" "))
}

fn is_weekday(word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
    .iter()
    .any(|d| w == *d || (w.len() == 3 && d.starts_with(&w)))
}

/// Full English month name for a full or abbreviated one ("Sept", "sep", "September"). The
/// names come from jiff, whose `%B` then parses them: the reader keeps no list of its own.
fn month_name(word: &str) -> Option<String> {
    let w = word.to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    (1..=12)
        .map(|m| jiff::civil::date(2000, m, 1).strftime("%B").to_string())
        .find(|m| {
            let m = m.to_ascii_lowercase();
            m == w || (m.starts_with(&w) && w.len() <= 4)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_english_forms() {
        for (text, want) in [
            ("May 29, 2024", "2024-05-29"),
            ("12 March 2025", "2025-03-12"),
            ("2024-05-29", "2024-05-29"),
            ("Sept. 5, 2024", "2024-09-05"),
            ("Tuesday, 3rd June 2025", "2025-06-03"),
            ("1st Feb 2023", "2023-02-01"),
            ("December 31 2022", "2022-12-31"),
        ] {
            assert_eq!(parse_date(text).map(iso).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn rejects_non_dates() {
        for text in [
            "Jane Doe",
            "Summary",
            "31 February 2024",
            "May 2024 was hot",
            "",
        ] {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }
}
