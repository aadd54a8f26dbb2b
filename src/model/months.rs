//! Month names in the languages briefpress knows, as they are printed: one table that the
//! reader parses dates with and the writers print dates with, so a month the reader knows
//! is one the writers can write back.

pub const EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
pub const FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
pub const DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
pub const ES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];

/// Chinese (and Japanese) months are numbered: 三月 is written 3月 in dates.
pub const ZH: [&str; 12] = [
    "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月",
];

/// Every table above.
pub const ALL: [[&str; 12]; 5] = [EN, FR, DE, ES, ZH];

/// The month (1–12) a full month name in any known language names, ignoring case.
pub fn number(word: &str) -> Option<u8> {
    let w = word.to_lowercase();
    ALL.iter().find_map(|names| {
        names
            .iter()
            .position(|n| n.to_lowercase() == w)
            .and_then(|i| u8::try_from(i + 1).ok())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_names_in_every_language() {
        assert_eq!(number("March"), Some(3));
        assert_eq!(number("février"), Some(2));
        assert_eq!(number("MÄRZ"), Some(3));
        assert_eq!(number("diciembre"), Some(12));
        assert_eq!(number("Mars"), Some(3));
        assert_eq!(number("Sept"), None);
    }
}
