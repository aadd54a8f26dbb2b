//! The few words the e-book adds itself (navigation labels, alt text), in the brief's language
//! where we know it, else English.

/// Generated text for one language.
#[derive(Debug, Clone, Copy)]
pub struct Labels {
    pub cover: &'static str,
    pub title_page: &'static str,
    pub contents: &'static str,
    pub summary: &'static str,
    pub introduction: &'static str,
    pub notes: &'static str,
    pub about_author: &'static str,
    pub about_authors: &'static str,
    pub about_publisher: &'static str,
    pub colophon: &'static str,
    pub back_to_text: &'static str,
    pub cover_alt: &'static str,
    pub by: &'static str,
}

const EN: Labels = Labels {
    cover: "Cover",
    title_page: "Title page",
    contents: "Contents",
    summary: "Summary",
    introduction: "Introduction",
    notes: "Notes",
    about_author: "About the author",
    about_authors: "About the authors",
    about_publisher: "About the publisher",
    colophon: "About this publication",
    back_to_text: "Back to the text",
    cover_alt: "Cover",
    by: "by",
};

const DE: Labels = Labels {
    cover: "Umschlag",
    title_page: "Titelseite",
    contents: "Inhalt",
    summary: "Zusammenfassung",
    introduction: "Einleitung",
    notes: "Anmerkungen",
    about_author: "Über den Autor",
    about_authors: "Über die Autoren",
    about_publisher: "Über den Herausgeber",
    colophon: "Impressum",
    back_to_text: "Zurück zum Text",
    cover_alt: "Umschlag",
    by: "von",
};

const FR: Labels = Labels {
    cover: "Couverture",
    title_page: "Page de titre",
    contents: "Sommaire",
    summary: "Résumé",
    introduction: "Introduction",
    notes: "Notes",
    about_author: "À propos de l’auteur",
    about_authors: "À propos des auteurs",
    about_publisher: "À propos de l’éditeur",
    colophon: "À propos de cette publication",
    back_to_text: "Retour au texte",
    cover_alt: "Couverture",
    by: "par",
};

const ES: Labels = Labels {
    cover: "Cubierta",
    title_page: "Portada",
    contents: "Índice",
    summary: "Resumen",
    introduction: "Introducción",
    notes: "Notas",
    about_author: "Sobre el autor",
    about_authors: "Sobre los autores",
    about_publisher: "Sobre el editor",
    colophon: "Sobre esta publicación",
    back_to_text: "Volver al texto",
    cover_alt: "Cubierta",
    by: "de",
};

impl Labels {
    /// Labels for a BCP 47 tag, by its primary language subtag.
    pub fn for_lang(lang: &str) -> &'static Labels {
        let primary = lang.split('-').next().unwrap_or("").to_ascii_lowercase();
        match primary.as_str() {
            "de" => &DE,
            "fr" => &FR,
            "es" => &ES,
            _ => &EN,
        }
    }
}
