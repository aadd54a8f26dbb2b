//! The few words the writers add to a brief themselves — headings of parts the brief's text
//! does not title, navigation labels, alt text, dates — in the brief's language where we know
//! it and in English otherwise, so that a French brief gets no English headings it never had.
//! One table for all writers, so the PDF, the e-book and the web page never disagree.

/// Words the writers add, in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Labels {
    pub summary: &'static str,
    pub notes: &'static str,
    pub about_author: &'static str,
    pub about_authors: &'static str,
    pub about_publisher: &'static str,
    pub disclaimer: &'static str,
    /// "By" before the authors' names, starting a line.
    pub by: &'static str,
    /// The word between the last two authors' names.
    pub and: &'static str,
    /// Between authors' names but the last two (", "; Chinese "、").
    pub list_sep: &'static str,
    /// Between the last two authors' names, with its spaces (" and "; Chinese "和").
    pub list_last: &'static str,
    /// The accessible name of a note's back-link, followed by the note number.
    pub back_to_reference: &'static str,
    pub back_to_text: &'static str,
    pub skip_to_content: &'static str,
    pub cover: &'static str,
    /// The cover image's description: `{title}` is replaced.
    pub cover_alt: &'static str,
    /// The cover image's description for a brief with authors: `{title}` and `{names}`.
    pub cover_alt_by: &'static str,
    pub title_page: &'static str,
    pub contents: &'static str,
    pub colophon: &'static str,
    /// The fallback description of an image without alt text.
    pub image: &'static str,
    pub page: &'static str,
    /// The accessible name of a note reference, followed by the note number ("Note 3"), so a
    /// screen reader announces a note, not a bare number.
    pub note: &'static str,
    /// The accessible name of the e-book's landmarks navigation (each navigation of a page
    /// needs a name of its own).
    pub landmarks: &'static str,
    /// The heading of the e-book's list of the PDF edition's pages (hidden, read aloud).
    pub pages: &'static str,
    pub months: [&'static str; 12],
    /// How a date reads: `{d}`, `{month}` and `{y}` are replaced.
    pub date_pattern: &'static str,
    /// How a month without a day reads: `{month}` and `{y}` are replaced.
    pub month_pattern: &'static str,
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
    list_sep: ", ",
    list_last: " and ",
    back_to_reference: "Back to reference",
    back_to_text: "Back to the text",
    skip_to_content: "Skip to content",
    cover: "Cover",
    cover_alt: "Cover: {title}",
    cover_alt_by: "Cover: {title}, by {names}",
    title_page: "Title page",
    contents: "Contents",
    colophon: "About this publication",
    image: "Image",
    page: "Page",
    note: "Note",
    landmarks: "Landmarks",
    pages: "Pages",
    months: crate::model::months::EN,
    date_pattern: "{d} {month} {y}",
    month_pattern: "{month} {y}",
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
    list_sep: ", ",
    list_last: " et ",
    back_to_reference: "Retour à l’appel de note",
    back_to_text: "Retour au texte",
    skip_to_content: "Aller au contenu",
    cover: "Couverture",
    cover_alt: "Couverture : {title}",
    cover_alt_by: "Couverture : {title}, par {names}",
    title_page: "Page de titre",
    contents: "Sommaire",
    colophon: "À propos de cette publication",
    image: "Image",
    page: "Page",
    note: "Note",
    landmarks: "Repères",
    pages: "Pages",
    months: crate::model::months::FR,
    date_pattern: "{d} {month} {y}",
    month_pattern: "{month} {y}",
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
    list_sep: ", ",
    list_last: " und ",
    back_to_reference: "Zurück zur Anmerkung",
    back_to_text: "Zurück zum Text",
    skip_to_content: "Zum Inhalt springen",
    cover: "Umschlag",
    cover_alt: "Umschlag: {title}",
    cover_alt_by: "Umschlag: {title}, von {names}",
    title_page: "Titelseite",
    contents: "Inhalt",
    colophon: "Impressum",
    image: "Abbildung",
    page: "Seite",
    note: "Anmerkung",
    landmarks: "Orientierungspunkte",
    pages: "Seiten",
    months: crate::model::months::DE,
    date_pattern: "{d}. {month} {y}",
    month_pattern: "{month} {y}",
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
    list_sep: ", ",
    list_last: " y ",
    back_to_reference: "Volver a la referencia",
    back_to_text: "Volver al texto",
    skip_to_content: "Ir al contenido",
    cover: "Cubierta",
    cover_alt: "Cubierta: {title}",
    cover_alt_by: "Cubierta: {title}, de {names}",
    title_page: "Portada",
    contents: "Índice",
    colophon: "Sobre esta publicación",
    image: "Imagen",
    page: "Página",
    note: "Nota",
    landmarks: "Puntos de referencia",
    pages: "Páginas",
    months: crate::model::months::ES,
    date_pattern: "{d} de {month} de {y}",
    month_pattern: "{month} de {y}",
};

/// Simplified Chinese, the Chinese of every tag but traditional ones.
const ZH: Labels = Labels {
    summary: "摘要",
    notes: "注释",
    about_author: "关于作者",
    about_authors: "关于作者",
    about_publisher: "关于出版机构",
    disclaimer: "免责声明",
    by: "作者",
    and: "和",
    list_sep: "、",
    list_last: "和",
    back_to_reference: "返回引用处",
    back_to_text: "返回正文",
    skip_to_content: "跳至正文",
    cover: "封面",
    cover_alt: "封面：{title}",
    cover_alt_by: "封面：{title}，作者：{names}",
    title_page: "扉页",
    contents: "目录",
    colophon: "关于本出版物",
    image: "图片",
    page: "页",
    note: "注释",
    landmarks: "地标",
    pages: "页码",
    months: crate::model::months::ZH,
    date_pattern: "{y}年{month}{d}日",
    month_pattern: "{y}年{month}",
};

/// Traditional Chinese (`zh-Hant`, Taiwan, Hong Kong, Macau).
const ZH_HANT: Labels = Labels {
    summary: "摘要",
    notes: "註釋",
    about_author: "關於作者",
    about_authors: "關於作者",
    about_publisher: "關於出版機構",
    disclaimer: "免責聲明",
    by: "作者",
    and: "和",
    list_sep: "、",
    list_last: "和",
    back_to_reference: "返回引用處",
    back_to_text: "返回正文",
    skip_to_content: "跳至正文",
    cover: "封面",
    cover_alt: "封面：{title}",
    cover_alt_by: "封面：{title}，作者：{names}",
    title_page: "扉頁",
    contents: "目錄",
    colophon: "關於本出版物",
    image: "圖片",
    page: "頁",
    note: "註釋",
    landmarks: "地標",
    pages: "頁碼",
    months: crate::model::months::ZH,
    date_pattern: "{y}年{month}{d}日",
    month_pattern: "{y}年{month}",
};

/// The headings printed above the fixed parts: the brief's own, as written, else the label
/// in the brief's language. One function, so all three outputs print the same words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartTitles {
    pub summary: String,
    pub notes: String,
    pub authors: String,
    pub publisher: String,
    pub disclaimer: String,
}

pub fn part_titles(doc: &crate::model::Document, labels: &Labels) -> PartTitles {
    let h = &doc.part_headings;
    let authors_label = if doc.author_box.len() > 1 {
        labels.about_authors
    } else {
        labels.about_author
    };
    // Our labels take the case of the brief's own: an English brief that heads its author box
    // "About the Author" gets "About the Publisher" beside it, not "About the publisher".
    let own = [&h.summary, &h.notes, &h.authors, &h.disclaimer];
    let headline = *labels == EN
        && own
            .iter()
            .filter_map(|t| t.as_deref())
            .any(is_headline_case);
    let ours = |label: &str| {
        if headline {
            headline_case(label)
        } else {
            label.to_string()
        }
    };
    let or_ours = |own: &Option<String>, label: &str| own.clone().unwrap_or_else(|| ours(label));
    PartTitles {
        summary: or_ours(&h.summary, labels.summary),
        notes: or_ours(&h.notes, labels.notes),
        authors: or_ours(&h.authors, authors_label),
        publisher: ours(labels.about_publisher),
        disclaimer: or_ours(&h.disclaimer, labels.disclaimer),
    }
}

/// English words a headline leaves in lower case (Chicago's rule for short function words).
const SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "and", "but", "or", "nor", "of", "in", "on", "at", "to", "for", "by", "as",
];

/// Is this heading in headline case: several words, and every word but the small ones
/// capitalised ("About the Author", not "About the author")?
fn is_headline_case(heading: &str) -> bool {
    let words: Vec<&str> = heading.split_whitespace().collect();
    let later_big = words
        .iter()
        .skip(1)
        .filter(|w| !SMALL_WORDS.contains(&w.to_lowercase().as_str()))
        .collect::<Vec<_>>();
    !later_big.is_empty()
        && later_big
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// A label in headline case: each word capitalised but the small ones after the first.
fn headline_case(label: &str) -> String {
    label
        .split(' ')
        .enumerate()
        .map(|(i, w)| {
            if i > 0 && SMALL_WORDS.contains(&w) {
                return w.to_string();
            }
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Labels for a BCP 47 tag, by its primary language subtag; English when unknown.
pub fn for_lang(lang: &str) -> &'static Labels {
    match crate::model::lang::primary_language(lang).as_str() {
        "fr" => &FR,
        "de" => &DE,
        "es" => &ES,
        "zh" | "yue" if crate::model::lang::writes_traditional_chinese(lang) => &ZH_HANT,
        "zh" => &ZH,
        _ => &EN,
    }
}

/// Authors' names as a phrase: "A, B and C", "甲、乙和丙".
pub fn name_list(labels: &Labels, names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        [first @ .., last] => format!("{}{}{last}", first.join(labels.list_sep), labels.list_last),
    }
}

/// The cover image's description: "Cover: Title, by A and B", in the brief's language.
pub fn cover_description(labels: &Labels, title: &str, authors: &[&str]) -> String {
    if authors.is_empty() {
        return fill(labels.cover_alt, &[("{title}", title)]);
    }
    let names = name_list(labels, authors);
    fill(
        labels.cover_alt_by,
        &[("{title}", title), ("{names}", &names)],
    )
}

/// `pattern` with each placeholder replaced by its value, in one pass: a value that holds a
/// placeholder's name (a title with `{names}` in it) stays as written.
fn fill(pattern: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some((at, (key, value))) = values
        .iter()
        .filter_map(|kv| rest.find(kv.0).map(|at| (at, *kv)))
        .min_by_key(|(at, _)| *at)
    {
        out.push_str(&rest[..at]);
        out.push_str(value);
        rest = &rest[at + key.len()..];
    }
    out.push_str(rest);
    out
}

/// A `YYYY-MM-DD` date for reading ("29 May 2024", "29. Mai 2024"); `None` if it is not a
/// valid calendar date.
pub fn human_date(labels: &Labels, iso: &str) -> Option<String> {
    let date = crate::model::pubdate::PubDate::parse(iso)?;
    let month = labels.months[usize::try_from(date.month()).ok()? - 1];
    let pattern = match date.day() {
        Some(d) => labels.date_pattern.replace("{d}", &d.day().to_string()),
        None => labels.month_pattern.to_string(),
    };
    Some(
        pattern
            .replace("{month}", month)
            .replace("{y}", &date.year().to_string()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_without_a_day_is_printed_without_one() {
        assert_eq!(
            human_date(for_lang("en"), "2025-03").as_deref(),
            Some("March 2025")
        );
        assert_eq!(
            human_date(for_lang("de"), "2025-03").as_deref(),
            Some("März 2025")
        );
        assert_eq!(
            human_date(for_lang("en"), "2025-03-12").as_deref(),
            Some(
                for_lang("en")
                    .date_pattern
                    .replace("{d}", "12")
                    .replace("{month}", "March")
                    .replace("{y}", "2025")
                    .as_str()
            )
        );
    }

    #[test]
    fn part_titles_are_the_briefs_own_else_the_label() {
        use crate::model::{AuthorEntry, Document};
        let mut doc = Document {
            author_box: vec![AuthorEntry::default(), AuthorEntry::default()],
            ..Document::default()
        };
        let fr = for_lang("fr");
        let t = part_titles(&doc, fr);
        assert_eq!(
            (
                t.summary.as_str(),
                t.notes.as_str(),
                t.authors.as_str(),
                t.disclaimer.as_str()
            ),
            ("Résumé", "Notes", "À propos des auteurs", "Avertissement")
        );
        doc.part_headings.authors = Some("Les auteurs".into());
        doc.part_headings.summary = Some("Points clés".into());
        let t = part_titles(&doc, fr);
        assert_eq!(
            (t.summary.as_str(), t.authors.as_str()),
            ("Points clés", "Les auteurs")
        );
        doc.author_box.pop();
        doc.part_headings.authors = None;
        assert_eq!(
            part_titles(&doc, for_lang("en")).authors,
            "About the author"
        );
    }

    /// The labels briefpress adds take the case of the brief's own headings (issue 27,
    /// item 6): "About the Author" beside "About the Publisher", and sentence case stays.
    #[test]
    fn our_labels_follow_the_case_of_the_briefs_own() {
        use crate::model::{AuthorEntry, Document};
        let en = for_lang("en");
        let mut doc = Document {
            author_box: vec![AuthorEntry::default()],
            ..Document::default()
        };
        doc.part_headings.authors = Some("About the Author".into());
        let t = part_titles(&doc, en);
        assert_eq!(t.authors, "About the Author");
        assert_eq!(t.publisher, "About the Publisher");
        doc.part_headings.authors = Some("About the author".into());
        assert_eq!(part_titles(&doc, en).publisher, "About the publisher");
        // One word says nothing about case.
        doc.part_headings.authors = None;
        doc.part_headings.summary = Some("Summary".into());
        assert_eq!(part_titles(&doc, en).publisher, "About the publisher");
        // French labels keep French case whatever the headings.
        doc.part_headings.authors = Some("À Propos De L’Auteur".into());
        assert_eq!(
            part_titles(&doc, for_lang("fr")).publisher,
            "À propos de l’éditeur"
        );
    }

    #[test]
    fn languages_and_dates() {
        assert_eq!(for_lang("fr-CA").summary, "Résumé");
        assert_eq!(for_lang("xx").summary, "Summary");
        assert_eq!(
            human_date(for_lang("en"), "2024-05-09").unwrap(),
            "9 May 2024"
        );
        assert_eq!(
            human_date(for_lang("de"), "2024-03-01").unwrap(),
            "1. März 2024"
        );
        assert_eq!(
            human_date(for_lang("es"), "2024-03-01").unwrap(),
            "1 de marzo de 2024"
        );
        assert_eq!(
            human_date(for_lang("zh"), "2024-03-01").as_deref(),
            Some("2024年3月1日")
        );
        assert_eq!(
            human_date(for_lang("zh-TW"), "2024-11").as_deref(),
            Some("2024年11月")
        );
        assert_eq!(human_date(for_lang("en"), "2024-13-09"), None);
        assert_eq!(human_date(for_lang("en"), "2024-02-30"), None);
    }

    #[test]
    fn chinese_briefs_get_chinese_labels_in_their_script() {
        assert_eq!(for_lang("zh").notes, "注释");
        assert_eq!(for_lang("zh-Hans-CN").contents, "目录");
        assert_eq!(for_lang("zh-TW").notes, "註釋");
        assert_eq!(for_lang("zh-Hant").contents, "目錄");
        assert_eq!(for_lang("ja").notes, "Notes", "no Chinese for Japanese");
    }

    #[test]
    fn names_are_listed_with_the_languages_separators() {
        assert_eq!(name_list(for_lang("en"), &[]), "");
        assert_eq!(name_list(for_lang("en"), &["A"]), "A");
        assert_eq!(name_list(for_lang("en"), &["A", "B"]), "A and B");
        assert_eq!(name_list(for_lang("fr"), &["A", "B", "C"]), "A, B et C");
        assert_eq!(
            name_list(for_lang("zh"), &["王伟", "李娜", "张敏"]),
            "王伟、李娜和张敏"
        );
    }

    #[test]
    fn the_cover_is_described_in_the_briefs_language() {
        assert_eq!(
            cover_description(for_lang("en"), "Ports", &["A", "B"]),
            "Cover: Ports, by A and B"
        );
        assert_eq!(
            cover_description(for_lang("de"), "Häfen", &[]),
            "Umschlag: Häfen"
        );
        assert_eq!(
            cover_description(for_lang("zh"), "港口与贸易", &["王伟", "李娜"]),
            "封面：港口与贸易，作者：王伟和李娜"
        );
        assert_eq!(
            cover_description(for_lang("en"), "On {names}", &["A"]),
            "Cover: On {names}, by A"
        );
    }
}
