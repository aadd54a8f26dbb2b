//! The few words the writers add to a brief themselves (headings of the parts a brief's text
//! does not title, link labels), in the brief's language where we know it and in English
//! otherwise, so that a French brief does not get English headings it never had.

/// Words the writers add, in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Labels {
    pub summary: &'static str,
    pub notes: &'static str,
    pub about_author: &'static str,
    pub about_authors: &'static str,
    pub about_publisher: &'static str,
    pub disclaimer: &'static str,
    /// Before the authors' names.
    pub by: &'static str,
    /// Between the last two authors' names.
    pub and: &'static str,
    /// The accessible name of a note's back-link, followed by the note number.
    pub back_to_reference: &'static str,
    pub skip_to_content: &'static str,
    pub month_names: Option<[&'static str; 12]>,
}

const EN: Labels = Labels {
    summary: "Summary",
    notes: "Notes",
    about_author: "About the author",
    about_authors: "About the authors",
    about_publisher: "About the publisher",
    disclaimer: "Disclaimer",
    by: "By",
    and: "and",
    back_to_reference: "Back to reference",
    skip_to_content: "Skip to content",
    month_names: Some([
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
    ]),
};

const FR: Labels = Labels {
    summary: "Résumé",
    notes: "Notes",
    about_author: "À propos de l’auteur",
    about_authors: "À propos des auteurs",
    about_publisher: "À propos de l’éditeur",
    disclaimer: "Avertissement",
    by: "Par",
    and: "et",
    back_to_reference: "Retour à l’appel de note",
    skip_to_content: "Aller au contenu",
    month_names: Some([
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
    ]),
};

const DE: Labels = Labels {
    summary: "Zusammenfassung",
    notes: "Anmerkungen",
    about_author: "Über den Autor",
    about_authors: "Über die Autoren",
    about_publisher: "Über den Herausgeber",
    disclaimer: "Haftungsausschluss",
    by: "Von",
    and: "und",
    back_to_reference: "Zurück zur Anmerkung",
    skip_to_content: "Zum Inhalt springen",
    month_names: None,
};

const ES: Labels = Labels {
    summary: "Resumen",
    notes: "Notas",
    about_author: "Sobre el autor",
    about_authors: "Sobre los autores",
    about_publisher: "Sobre el editor",
    disclaimer: "Aviso legal",
    by: "Por",
    and: "y",
    back_to_reference: "Volver a la referencia",
    skip_to_content: "Ir al contenido",
    month_names: None,
};

/// Labels for a BCP 47 tag (its primary language subtag); English when unknown.
pub fn for_lang(lang: &str) -> &'static Labels {
    let primary = lang
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match primary.as_str() {
        "fr" => &FR,
        "de" => &DE,
        "es" => &ES,
        _ => &EN,
    }
}

/// A `YYYY-MM-DD` date for reading: `29 May 2024` where month names are known, else as given.
pub fn human_date(labels: &Labels, iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    if let (Some(months), [y, m, d]) = (labels.month_names, parts.as_slice())
        && let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<usize>(), d.parse::<u32>())
        && (1..=12).contains(&m)
    {
        return format!("{d} {} {y}", months[m - 1]);
    }
    iso.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_and_dates() {
        assert_eq!(for_lang("fr-CA").summary, "Résumé");
        assert_eq!(for_lang("xx").summary, "Summary");
        assert_eq!(human_date(for_lang("en"), "2024-05-09"), "9 May 2024");
        assert_eq!(human_date(for_lang("de"), "2024-05-09"), "2024-05-09");
        assert_eq!(human_date(for_lang("en"), "2024-13-09"), "2024-13-09");
    }
}
