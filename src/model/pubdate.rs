//! A publication date as precise as the brief gives it. Many briefs print only a month and a
//! year ("March 2025"); the model keeps that precision (ISO 8601's reduced form, `2025-03`)
//! instead of inventing a day, and every writer reads the date through this type.

use jiff::civil::Date;

/// A day, or only a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PubDate {
    Day(Date),
    Month { year: i16, month: i8 },
}

/// The years a publication date may fall in: a two-digit year misread as one is not a date.
pub const YEARS: std::ops::RangeInclusive<i16> = 1000..=2999;

impl PubDate {
    /// Reads the model's form: `YYYY-MM-DD` or `YYYY-MM`.
    pub fn parse(iso: &str) -> Option<PubDate> {
        let iso = iso.trim();
        if let Ok(d) = iso.parse::<Date>() {
            return YEARS.contains(&d.year()).then_some(PubDate::Day(d));
        }
        let (y, m) = iso.split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let (year, month): (i16, i8) = (y.parse().ok()?, m.parse().ok()?);
        (YEARS.contains(&year) && (1..=12).contains(&month))
            .then_some(PubDate::Month { year, month })
    }

    /// The model's form.
    pub fn iso(&self) -> String {
        match self {
            PubDate::Day(d) => d.strftime("%Y-%m-%d").to_string(),
            PubDate::Month { year, month } => format!("{year:04}-{month:02}"),
        }
    }

    /// The day, when the brief gives one.
    pub fn day(&self) -> Option<Date> {
        match self {
            PubDate::Day(d) => Some(*d),
            PubDate::Month { .. } => None,
        }
    }

    pub fn year(&self) -> i16 {
        match self {
            PubDate::Day(d) => d.year(),
            PubDate::Month { year, .. } => *year,
        }
    }

    pub fn month(&self) -> i8 {
        match self {
            PubDate::Day(d) => d.month(),
            PubDate::Month { month, .. } => *month,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_months_round_trip() {
        for iso in ["2025-03-12", "2025-03"] {
            assert_eq!(PubDate::parse(iso).map(|d| d.iso()).as_deref(), Some(iso));
        }
        assert_eq!(PubDate::parse("2025-03").and_then(|d| d.day()), None);
        for bad in ["0025-03-20", "2025-13", "25-03", "2025", "March 2025", ""] {
            assert_eq!(PubDate::parse(bad), None, "{bad}");
        }
    }
}
