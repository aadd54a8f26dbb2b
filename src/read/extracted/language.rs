//! The language of an extracted brief, which nothing in the text declares: recognised from
//! its prose (whatlang's trigram model), so that labels, dates and hyphenation follow it.

use crate::model::{Document, blocks_plain_text};

/// How much prose is enough to decide (and no more is read).
const SAMPLE_CHARS: usize = 6000;

/// The BCP 47 tag of the language the summary and body are written in, when the model is
/// confident; `None` leaves the reader's default.
pub fn detect(doc: &Document) -> Option<&'static str> {
    let mut text = blocks_plain_text(&doc.summary);
    for s in &doc.sections {
        if text.len() >= SAMPLE_CHARS {
            break;
        }
        text.push('\n');
        text.push_str(&blocks_plain_text(&s.blocks));
    }
    detect_text(&text)
}

/// The language of raw text (the reader's line passes need it before anything is parsed):
/// the same model on the first [`SAMPLE_CHARS`] characters.
pub fn detect_text(text: &str) -> Option<&'static str> {
    let cut = text.floor_char_boundary(SAMPLE_CHARS);
    let info = whatlang::detect(&text[..cut])?;
    if !info.is_reliable() {
        return None;
    }
    use whatlang::Lang;
    Some(match info.lang() {
        Lang::Eng => "en",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Spa => "es",
        Lang::Ita => "it",
        Lang::Por => "pt",
        Lang::Nld => "nl",
        Lang::Pol => "pl",
        Lang::Swe => "sv",
        Lang::Dan => "da",
        Lang::Nob => "nb",
        Lang::Fin => "fi",
        Lang::Ces => "cs",
        Lang::Ron => "ro",
        Lang::Hun => "hu",
        Lang::Tur => "tr",
        Lang::Rus => "ru",
        Lang::Ukr => "uk",
        Lang::Ara => "ar",
        Lang::Heb => "he",
        Lang::Cmn => "zh",
        Lang::Jpn => "ja",
        Lang::Kor => "ko",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, Inline, Section};

    fn doc(text: &str) -> Document {
        Document {
            sections: vec![Section {
                blocks: vec![Block::Paragraph {
                    content: vec![Inline::text(text)],
                    span: Default::default(),
                }],
                ..Section::default()
            }],
            ..Document::default()
        }
    }

    #[test]
    fn prose_in_several_languages() {
        let fr = "Les bailleurs sociaux doivent rénover leurs logements avant la fin de la décennie, mais le financement reste insuffisant pour les ménages les plus modestes.";
        let de = "Seit Anfang des Jahres müssen alle Städte und Gemeinden eine kommunale Wärmeplanung erstellen, doch vielen fehlt dafür das Personal.";
        let es = "Argentina, Bolivia y Chile concentran más de la mitad de los recursos conocidos de litio del mundo, pero retienen poco de su valor.";
        let en = "Rural general practices are closing or merging faster than anywhere else, and the communities they served are left without a doctor nearby.";
        assert_eq!(detect(&doc(fr)), Some("fr"));
        assert_eq!(detect(&doc(de)), Some("de"));
        assert_eq!(detect(&doc(es)), Some("es"));
        assert_eq!(detect(&doc(en)), Some("en"));
        assert_eq!(detect(&doc("")), None);
    }
}
