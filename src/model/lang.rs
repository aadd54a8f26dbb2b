//! The brief's language tag: checked once with ICU4X's BCP 47 parser, and the parts of it
//! that readers and writers need, so that no layer keeps its own idea of what a tag is.

use icu_locale_core::Locale;

/// `tag` in canonical form (`pt-BR`, `zh-Hant-TW`), or `None` when it is not a well-formed
/// BCP 47 tag ("English (UK)", an empty string, markup).
pub fn canonical_tag(tag: &str) -> Option<String> {
    let tag = tag.trim();
    if tag.is_empty() || tag.contains('_') {
        return None;
    }
    Locale::try_from_str(tag).ok().map(|l| l.to_string())
}

/// The primary language subtag in lower case (`fr` for `fr-CA`); `und` for a malformed tag.
pub fn primary_language(tag: &str) -> String {
    match Locale::try_from_str(tag.trim()) {
        Ok(l) => l.id.language.as_str().to_string(),
        Err(_) => "und".to_string(),
    }
}

/// The region subtag in upper case (`CA` for `fr-CA`), when the tag has one.
pub fn region(tag: &str) -> Option<String> {
    let l = Locale::try_from_str(tag.trim()).ok()?;
    l.id.region.map(|r| r.as_str().to_string())
}

/// Is the language written right to left by default? Arabic script (Arabic, Persian, Urdu,
/// Pashto, Sindhi, Uyghur, Sorani, Dhivehi's Thaana) and Hebrew script (Hebrew, Yiddish),
/// unless the tag names a left-to-right script.
pub fn is_right_to_left(tag: &str) -> bool {
    let Ok(l) = Locale::try_from_str(tag.trim()) else {
        return false;
    };
    if let Some(script) = l.id.script {
        return matches!(
            script.as_str(),
            "Arab" | "Hebr" | "Thaa" | "Syrc" | "Nkoo" | "Adlm" | "Rohg"
        );
    }
    matches!(
        l.id.language.as_str(),
        "ar" | "he" | "fa" | "ur" | "yi" | "ps" | "dv" | "sd" | "ug" | "ckb"
    )
}

/// Is the tag's Chinese written in traditional characters: the `Hant` script, or Taiwan, Hong
/// Kong or Macau without the `Hans` script? (Cantonese too, unless `Hans`.)
pub fn writes_traditional_chinese(tag: &str) -> bool {
    let Ok(l) = Locale::try_from_str(tag.trim()) else {
        return false;
    };
    let script = l.id.script.map(|s| s.as_str().to_string());
    let region = l.id.region.map(|r| r.as_str().to_string());
    match (l.id.language.as_str(), script.as_deref()) {
        ("zh" | "yue", Some(script)) => script == "Hant",
        ("zh", None) => matches!(region.as_deref(), Some("TW" | "HK" | "MO")),
        ("yue", None) => true,
        _ => false,
    }
}

/// Does the language capitalise every noun (German, Luxembourgish)? Then a heading's capitals
/// say nothing about Title Case.
pub fn capitalises_nouns(tag: &str) -> bool {
    matches!(primary_language(tag).as_str(), "de" | "lb")
}

/// Every language [`paragraph_language`] may give: the style sheets and the PDF's data have
/// faces ready for each.
pub const PARAGRAPH_LANGUAGES: [&str; 2] = ["ja", "ko"];

/// The language a paragraph's text is certainly in when that is not the brief's own: Japanese
/// when it has kana, Korean when it has Hangul — the only scripts that name their language.
/// Han characters alone do not (Chinese or Japanese), nor Arabic or Devanagari letters (many
/// languages): those paragraphs keep the brief's language, as nothing says otherwise. What it
/// decides: Chinese, Japanese and Korean draw the same Han code points differently, so a
/// Japanese quotation in an English brief needs the Japanese face, which its tag selects.
///
/// Kana or Hangul must make at least a fifth of the paragraph's East Asian letters: Japanese
/// prose is a third to two thirds kana, Korean prose mostly Hangul, while a Chinese paragraph
/// that quotes a Japanese title or a Korean name has a few.
pub fn paragraph_language(text: &str, brief_lang: &str) -> Option<&'static str> {
    let [ja, ko] = PARAGRAPH_LANGUAGES;
    let (mut kana, mut hangul, mut han) = (0usize, 0usize, 0usize);
    for c in text.chars() {
        if is_kana(c) {
            kana += 1;
        } else if is_hangul(c) {
            hangul += 1;
        } else if is_han(c) {
            han += 1;
        }
    }
    let letters = kana + hangul + han;
    let lang = if kana > 0 && kana * 5 >= letters && kana >= hangul {
        ja
    } else if hangul > 0 && hangul * 5 >= letters {
        ko
    } else {
        return None;
    };
    (primary_language(brief_lang) != lang).then_some(lang)
}

/// Han ideographs: the unified blocks and the compatibility block.
fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}')
}

/// Hiragana, Katakana (with its phonetic extensions) and halfwidth Katakana — not the
/// prolonged sound mark or the middle dot alone, which Chinese text borrows.
fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9D}')
}

/// Hangul syllables and jamo.
fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3131}'..='\u{318E}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_chinese_is_hant_or_taiwan_hong_kong_macau() {
        for tag in ["zh-Hant", "zh-TW", "zh-HK", "zh-Hant-CN", "zh-MO", "yue"] {
            assert!(writes_traditional_chinese(tag), "{tag}");
        }
        for tag in ["zh", "zh-CN", "zh-SG", "zh-Hans-TW", "ja", "en-HK", "x"] {
            assert!(!writes_traditional_chinese(tag), "{tag}");
        }
    }

    #[test]
    fn tags_are_checked_and_canonicalised() {
        assert_eq!(canonical_tag("en").as_deref(), Some("en"));
        assert_eq!(canonical_tag(" pt-br ").as_deref(), Some("pt-BR"));
        assert_eq!(canonical_tag("ZH-hant-tw").as_deref(), Some("zh-Hant-TW"));
        assert_eq!(canonical_tag("de-CH-1996").as_deref(), Some("de-CH-1996"));
        for bad in ["English (UK)", "", "e\"><x", "en_US", "x", "toolongtag-1"] {
            assert_eq!(canonical_tag(bad), None, "{bad}");
        }
    }

    #[test]
    fn parts_of_a_tag() {
        assert_eq!(primary_language("fr-CA"), "fr");
        assert_eq!(primary_language("#x"), "und");
        assert_eq!(region("en-GB").as_deref(), Some("GB"));
        assert_eq!(region("en"), None);
        assert!(is_right_to_left("ar-EG") && is_right_to_left("he"));
        assert!(!is_right_to_left("az-Latn") && !is_right_to_left("en"));
        assert!(is_right_to_left("az-Arab"));
        assert!(capitalises_nouns("de-AT") && capitalises_nouns("lb"));
        assert!(!capitalises_nouns("en") && !capitalises_nouns("da"));
    }

    #[test]
    fn kana_or_hangul_name_a_paragraphs_language_when_it_is_not_the_briefs() {
        let ja = "Japanese: こんにちは世界。これは日本語の段落です。";
        let katakana = "ポートの改革";
        let ko = "안녕하세요 세계. 이것은 한국어 단락입니다.";
        assert_eq!(paragraph_language(ja, "en"), Some("ja"));
        assert_eq!(paragraph_language(katakana, "zh-Hans"), Some("ja"));
        assert_eq!(paragraph_language(ko, "en-GB"), Some("ko"));
        assert_eq!(paragraph_language(ko, "ja"), Some("ko"));
        // The brief's own language is not repeated.
        assert_eq!(paragraph_language(ja, "ja-JP"), None);
        assert_eq!(paragraph_language(ko, "ko"), None);
    }

    #[test]
    fn han_alone_and_other_scripts_say_no_language() {
        // Han characters are Chinese or Japanese; the prolonged sound mark and the middle dot
        // appear in Chinese text too; Arabic script is many languages' script.
        for text in [
            // Chinese quoting a Japanese title: 3 kana among 20 letters.
            "经济增长与港口建设的关系。日本語の段落です。",
            "你好，世界。这是一个中文段落。",
            "经济增长与港口建设的关系",
            "卡拉OK・ー",
            "مرحبا بالعالم",
            "नमस्ते दुनिया",
            "Ports and trade.",
            "",
        ] {
            assert_eq!(paragraph_language(text, "en"), None, "{text}");
        }
    }
}
