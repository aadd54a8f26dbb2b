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

/// Every table above.
pub const ALL: [[&str; 12]; 4] = [EN, FR, DE, ES];

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
