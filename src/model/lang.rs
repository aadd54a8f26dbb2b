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
}
