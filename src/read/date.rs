//! Dates in the forms briefs print them ("May 29, 2024", "12 March 2025", "2024-05-29",
//! "03.09.2024", "Tuesday, 3rd June 2025", "Sept. 5, 2024", and with French, German and
//! Spanish month names: "14 février 2025", "3. März 2024", "5 de mayo de 2023"), normalised
//! to ISO 8601.

use crate::model::pubdate::{PubDate, YEARS};
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

/// Finds a date inside a line that holds more ("Brief No. 12 | 3 September 2024"): the
/// whole line, then each part between separators, then runs of up to four words.
pub fn find_date(text: &str) -> Option<Date> {
    // Every form has a year in figures; most lines a reader tries have none.
    if !has_digit(text) {
        return None;
    }
    if let Some(d) = parse_date(text) {
        return Some(d);
    }
    let parts: Vec<&str> = text
        .split(['|', '·', '•', '—', '–', '/'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() > 1
        && let Some(d) = parts.iter().find_map(|p| parse_date(p))
    {
        return Some(d);
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    (1..=6.min(words.len())).rev().find_map(|n| {
        words
            .windows(n)
            .filter(|w| w.iter().any(|x| has_digit(x)))
            .find_map(|w| {
                parse_date(
                    w.join(" ")
                        .trim_matches(|c: char| c == ',' || c == '(' || c == ')'),
                )
            })
    })
}

fn has_digit(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit())
}

/// Parses a date printed in a common form; `None` when it is not one (nor one whose year a
/// two-digit number was misread as: "March 2025" is not 20 March 0025).
pub fn parse_date(text: &str) -> Option<Date> {
    let cleaned = to_english_words(text)?;
    FORMATS.iter().find_map(|f| {
        jiff::fmt::strtime::parse(f, &cleaned)
            .ok()
            .and_then(|t| t.to_date().ok())
            .filter(|d| YEARS.contains(&d.year()))
    })
}

/// A month and a year and nothing more ("March 2025", "mars 2025", "marzo de 2025",
/// "2025-03"): the month, without a day.
pub fn parse_month(text: &str) -> Option<PubDate> {
    if let Some(d) = PubDate::parse(text).filter(|d| d.day().is_none()) {
        return Some(d);
    }
    let cleaned = to_english_words(text)?;
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let [month, year] = words[..] else {
        return None;
    };
    let month = crate::model::months::EN
        .iter()
        .position(|m| *m == month.trim_end_matches(','))?;
    let year: i16 = (year.len() == 4).then(|| year.parse().ok()).flatten()?;
    YEARS.contains(&year).then(|| PubDate::Month {
        year,
        month: i8::try_from(month + 1).ok().unwrap_or(1),
    })
}

/// A date inside a line, as precise as the line gives it: a day anywhere in it (see
/// [`find_date`]), else a month and year that make up the whole line or one of its parts
/// between separators ("Research Note 7 | March 2025"), never words inside a sentence.
pub fn find_pub_date(text: &str) -> Option<PubDate> {
    if let Some(d) = find_date(text) {
        return Some(PubDate::Day(d));
    }
    text.split(['|', '·', '•', '—', '–'])
        .map(str::trim)
        .find_map(parse_month)
}

/// ISO 8601 form of a parsed date.
pub fn iso(date: Date) -> String {
    date.strftime("%Y-%m-%d").to_string()
}

/// The date with weekdays and filler words dropped, ordinals made plain and month names in
/// any of the known languages made English, for one English-only parser.
fn to_english_words(text: &str) -> Option<String> {
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
        // Weekday names carry no information the date lacks; Spanish writes "5 de mayo de".
        if is_weekday(word) || matches!(word.to_lowercase().as_str(), "de" | "del" | "le") {
            continue;
        }
        // German "3." and French "1er" are the day.
        let word = word
            .strip_suffix("er")
            .filter(|d| d.chars().all(|c| c.is_ascii_digit()) && !d.is_empty())
            .unwrap_or(word);
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

/// French, German and Spanish month names (and their usual abbreviations' stems), January
/// first.
/// Spellings besides the full names of [`crate::model::months`]: abbreviations, names typed
/// without accents, and regional forms.
const OTHER_SPELLINGS: [&[&str]; 12] = [
    &["janv", "jänner"],
    &["fevrier", "févr"],
    &["marz"],
    &["avr"],
    &[],
    &[],
    &["juil"],
    &["aout"],
    &["sept", "setiembre"],
    &[],
    &[],
    &["decembre", "déc"],
];

/// Full English month name for a full or abbreviated one ("Sept", "sep", "September"), or a
/// French, German or Spanish one. The English names come from jiff, whose `%B` then parses
/// them.
fn month_name(word: &str) -> Option<String> {
    let w = word.to_lowercase();
    if w.chars().count() < 3 {
        return None;
    }
    let known = crate::model::months::number(&w).or_else(|| {
        OTHER_SPELLINGS
            .iter()
            .position(|names| names.contains(&w.as_str()))
            .and_then(|m| u8::try_from(m + 1).ok())
    });
    if let Some(m) = known {
        return Some(crate::model::months::EN[usize::from(m) - 1].to_string());
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
            ("03.09.2024", "2024-09-03"),
            ("14 février 2025", "2025-02-14"),
            ("1er mars 2024", "2024-03-01"),
            ("3. März 2024", "2024-03-03"),
            ("5 de mayo de 2023", "2023-05-05"),
            ("5 de Mayo, 2023", "2023-05-05"),
        ] {
            assert_eq!(parse_date(text).map(iso).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn dates_inside_longer_lines() {
        for (text, want) in [
            ("Brief No. 12 | 3 September 2024", "2024-09-03"),
            ("Policy Note 4 · 2024-09-03", "2024-09-03"),
            (
                "Issue Brief No. 7, published 14 February 2025",
                "2025-02-14",
            ),
        ] {
            assert_eq!(find_date(text).map(iso).as_deref(), Some(want), "{text}");
        }
        assert_eq!(find_date("Brief No. 12 | Water"), None);
    }

    #[test]
    fn a_month_and_a_year_is_kept_without_a_day() {
        for (text, want) in [
            ("March 2025", "2025-03"),
            ("mars 2025", "2025-03"),
            ("marzo de 2025", "2025-03"),
            ("März 2025", "2025-03"),
            ("2025-03", "2025-03"),
            ("Research Note 7 | March 2025", "2025-03"),
        ] {
            assert_eq!(
                find_pub_date(text).map(|d| d.iso()).as_deref(),
                Some(want),
                "{text}"
            );
        }
        // Not a date: a two-digit year, or a month and year inside a sentence.
        assert_eq!(parse_date("20 March 25"), None);
        assert_eq!(find_pub_date("In April 2018, the United States left"), None);
        assert_eq!(find_pub_date("March 2025 was wet"), None);
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
