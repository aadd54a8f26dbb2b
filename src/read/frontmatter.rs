//! YAML front matter of authored briefs.

use super::date::{iso, parse_date, parse_month};
use crate::diag::Diagnostics;
use crate::model::{Author, Meta, Span};
use serde_yaml_ng::Value;

/// Where front matter sits in the source.
pub struct FrontMatter<'s> {
    /// The YAML text between the delimiters.
    pub yaml: &'s str,
    /// 1-based line of the first YAML line.
    pub first_line: u32,
    /// Byte offset where the body starts.
    pub body_start: usize,
    /// Number of lines the front matter (with delimiters) takes.
    pub lines: usize,
}

/// Finds front matter: a first line `---`, then lines up to `---` or `...`.
/// `Err` when it is opened but never closed while looking like YAML.
pub fn split(source: &str) -> Result<Option<FrontMatter<'_>>, Span> {
    let mut lines = source.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return Ok(None);
    };
    if first.trim_end() != "---" {
        return Ok(None);
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for (count, line) in (2..).zip(lines) {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok(Some(FrontMatter {
                yaml: &source[yaml_start..offset],
                first_line: 2,
                body_start: offset + line.len(),
                lines: count,
            }));
        }
        offset += line.len();
    }
    // Unclosed: front matter if the next non-blank line looks like `key:`.
    let looks_yaml = source[yaml_start..]
        .lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| {
            l.split_once(':').is_some_and(|(k, _)| {
                !k.is_empty()
                    && k.chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
            })
        });
    if looks_yaml {
        Err(Span::new(1, 1))
    } else {
        Ok(None)
    }
}

/// What the front matter gives besides the metadata.
#[derive(Default)]
pub struct Extra {
    /// `summary:` as Markdown, with where its text starts in the file.
    pub summary: Option<(String, Span)>,
    pub copyright: Option<String>,
    pub disclaimer: Option<String>,
}

const KNOWN: &[&str] = &[
    "title",
    "subtitle",
    "short_title",
    "series",
    "publisher",
    "authors",
    "author",
    "date",
    "lang",
    "language",
    "keywords",
    "summary",
    "abstract",
    "identifier",
    "id",
    "isbn",
    "doi",
    "copyright",
    "rights",
    "disclaimer",
];

/// libyaml's context in an error message (`…, while scanning a quoted scalar at line 6
/// column 7`): what it was reading, and the line and column where that began.
fn yaml_context(message: &str) -> Option<(String, u32, u32)> {
    let (_, context) = message.split_once(", while ")?;
    let (what, mark) = context.rsplit_once(" at line ")?;
    let (line, col) = mark.split_once(" column ")?;
    Some((
        format!("while {what}"),
        line.trim().parse().ok()?,
        col.trim().parse().ok()?,
    ))
}

/// Parses the YAML into `meta`; errors (broken YAML) go to `diags`.
pub fn parse(fm: &FrontMatter<'_>, meta: &mut Meta, diags: &mut Diagnostics) -> Extra {
    let mut extra = Extra::default();
    let value: Value = match serde_yaml_ng::from_str(fm.yaml) {
        Ok(v) => v,
        Err(e) => {
            let span = e
                .location()
                .map(|l| Span::new(fm.first_line + l.line() as u32 - 1, l.column() as u32))
                .unwrap_or(Span::new(fm.first_line, 1));
            let msg = e.to_string();
            let problem = msg.split(" at line ").next().unwrap_or(&msg).to_string();
            // Where the parser gave up is often lines after the mistake (a quote or bracket
            // never closed): point at where that construct opened, which libyaml names.
            let (span, msg) = match yaml_context(&msg) {
                Some((context, line, col)) => (
                    Span::new(fm.first_line + line - 1, col),
                    format!("{problem}, {context} that starts here"),
                ),
                None => (span, problem),
            };
            diags.error(span, format!("front matter is not valid YAML: {msg}"));
            return extra;
        }
    };
    let map = match value {
        Value::Mapping(m) => m,
        Value::Null => return extra,
        _ => {
            diags.error(
                Span::new(fm.first_line, 1),
                "front matter must be a YAML mapping of `key: value` lines",
            );
            return extra;
        }
    };
    let line_of = |key: &str| -> Span {
        fm.yaml
            .lines()
            .position(|l| l.starts_with(key) && l[key.len()..].trim_start().starts_with(':'))
            .map(|i| Span::new(fm.first_line + i as u32, 1))
            .unwrap_or(Span::new(fm.first_line, 1))
    };
    for (k, v) in map {
        let Some(key) = k.as_str().map(str::to_string) else {
            diags.warn(
                Span::new(fm.first_line, 1),
                "front matter key is not a string; ignored",
            );
            continue;
        };
        let span = line_of(&key);
        if !KNOWN.contains(&key.as_str()) {
            diags.warn(span, format!("unknown front matter key `{key}` is ignored"));
            continue;
        }
        let mut string = |what: &str| -> Option<String> {
            match scalar(&v) {
                Some(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                Some(_) => None,
                None => {
                    diags.warn(span, format!("`{key}` should be {what}; ignored"));
                    None
                }
            }
        };
        match key.as_str() {
            "title" => {
                if let Some(s) = string("a string") {
                    meta.title = s;
                    meta.title_span = span;
                }
            }
            "subtitle" => meta.subtitle = string("a string"),
            "short_title" => meta.short_title = string("a string"),
            "series" => meta.series = string("a string"),
            "publisher" => meta.publisher = string("a string"),
            "identifier" | "id" | "isbn" | "doi" => meta.identifier = string("a string"),
            "copyright" | "rights" => extra.copyright = string("a string"),
            "disclaimer" => extra.disclaimer = string("a string"),
            "summary" | "abstract" => {
                if let Some(s) = string("Markdown text") {
                    extra.summary = Some((s, value_origin(fm.yaml, fm.first_line, span.line)));
                }
            }
            "lang" | "language" => {
                if let Some(s) = string("a language tag such as `en` or `fr-CA`") {
                    if let Some(tag) = crate::model::lang::canonical_tag(&s) {
                        meta.lang = tag;
                    } else {
                        diags.warn(span, format!("`{key}: {s}` is not a BCP 47 language tag; using `en`"));
                    }
                }
            }
            "date" => {
                if let Some(s) = string("a date") {
                    match parse_date(&s)
                        .map(iso)
                        .or_else(|| parse_month(&s).map(|m| m.iso()))
                    {
                        Some(d) => meta.date = Some(d),
                        None => diags.warn(span, format!("date `{s}` not understood (write it as 2024-05-29 or May 29, 2024)")),
                    }
                }
            }
            "keywords" => match &v {
                Value::Sequence(seq) => {
                    meta.keywords = seq.iter().filter_map(scalar).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
                }
                _ => {
                    if let Some(s) = string("a list or a comma-separated string") {
                        meta.keywords = s.split([',', ';']).map(|k| k.trim().to_string()).filter(|k| !k.is_empty()).collect();
                    }
                }
            },
            "authors" | "author" => match authors(&v) {
                Some(list) => meta.authors.extend(list),
                None => diags.warn(
                    span,
                    format!("`{key}` should be a name, a list of names, or a list of `{{name, affiliation}}`; ignored"),
                ),
            },
            _ => unreachable!("every known key is handled"),
        }
    }
    extra
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Tagged(t) => scalar(&t.value),
        Value::Null | Value::Sequence(_) | Value::Mapping(_) => None,
    }
}

fn authors(v: &Value) -> Option<Vec<Author>> {
    match v {
        Value::Sequence(seq) => seq.iter().map(author).collect(),
        Value::String(s) => Some(
            super::extracted::split_names(s)
                .into_iter()
                .map(|(name, affiliation)| Author { name, affiliation })
                .collect(),
        ),
        Value::Mapping(_) => author(v).map(|a| vec![a]),
        _ => None,
    }
}

fn author(v: &Value) -> Option<Author> {
    match v {
        Value::String(s) => Some(Author {
            name: s.trim().to_string(),
            affiliation: None,
        }),
        Value::Mapping(m) => {
            let mut name = None;
            let mut affiliation = None;
            for (k, v) in m {
                match k.as_str()? {
                    "name" => name = scalar(v),
                    "affiliation" | "org" | "organization" | "organisation" => {
                        affiliation = scalar(v)
                    }
                    _ => return None,
                }
            }
            Some(Author {
                name: name?.trim().to_string(),
                affiliation: affiliation
                    .map(|a| a.trim().to_string())
                    .filter(|a| !a.is_empty()),
            })
        }
        _ => None,
    }
}

/// Where the value of the key on `key_line` starts in the file: the first indented line of a
/// block scalar (`summary: |`), or just after the key (and an opening quote) on its line.
fn value_origin(yaml: &str, first_line: u32, key_line: u32) -> Span {
    let lines: Vec<&str> = yaml.lines().collect();
    let at = (key_line - first_line) as usize;
    let Some(line) = lines.get(at) else {
        return Span::new(key_line, 1);
    };
    let after_colon = line.find(':').map_or(line.len(), |c| c + 1);
    let rest = &line[after_colon..];
    let value = rest.trim_start();
    if value.is_empty() || value.starts_with(['|', '>']) {
        // A block scalar: its text starts on the next non-blank line, after the indent.
        for (i, l) in lines.iter().enumerate().skip(at + 1) {
            if !l.trim().is_empty() {
                let indent = l.len() - l.trim_start().len();
                return Span::new(first_line + i as u32, indent as u32 + 1);
            }
        }
        return Span::new(key_line + 1, 1);
    }
    let quote = usize::from(value.starts_with(['"', '\'']));
    let col = after_colon + (rest.len() - value.len()) + quote;
    Span::new(key_line, col as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta_of(yaml: &str) -> (Meta, Extra, Diagnostics) {
        let text = format!("---\n{yaml}---\n\nBody.\n");
        let fm = split(&text).unwrap().unwrap();
        let mut meta = Meta::default();
        let mut d = Diagnostics::new();
        let extra = parse(&fm, &mut meta, &mut d);
        (meta, extra, d)
    }

    #[test]
    fn authors_as_strings_mappings_or_one_author() {
        let (m, _, d) =
            meta_of("authors:\n  - Ana Lima\n  - name: Bo Chen\n    affiliation: Alpha Centre\n");
        assert!(d.is_empty());
        assert_eq!(m.authors.len(), 2);
        assert_eq!(m.authors[1].affiliation.as_deref(), Some("Alpha Centre"));
        let (m, _, _) = meta_of("author: Ana Lima\n");
        assert_eq!(m.authors[0].name, "Ana Lima");
        let (m, _, d) = meta_of("authors: 42\n");
        assert!(m.authors.is_empty());
        assert_eq!(d.iter().count(), 1);
    }

    #[test]
    fn dates_lang_keywords_summary() {
        let (m, _, _) = meta_of("date: 2025-02-14\n");
        assert_eq!(m.date.as_deref(), Some("2025-02-14"));
        let (m, _, _) = meta_of("date: \"3 June 2025\"\n");
        assert_eq!(m.date.as_deref(), Some("2025-06-03"));
        let (m, _, d) = meta_of("title: T\ndate: soon\n");
        assert_eq!(m.date, None);
        assert_eq!(d.iter().next().unwrap().span.line, 3, "the `date:` line");
        let (m, _, d) = meta_of("lang: fr-CA\n");
        assert_eq!((m.lang.as_str(), d.is_empty()), ("fr-CA", true));
        let (m, _, d) = meta_of("lang: not a tag\n");
        assert_eq!((m.lang.as_str(), d.is_empty()), ("en", false));
        let (m, _, _) = meta_of("keywords: a, b; c\n");
        assert_eq!(m.keywords, ["a", "b", "c"]);
        let (_, e, _) = meta_of("title: T\nsummary: |\n  Some *text*.\n");
        assert_eq!(
            e.summary,
            Some(("Some *text*.".to_string(), Span::new(4, 3))),
            "the block scalar's text starts on line 4, after a two-space indent"
        );
    }

    #[test]
    fn broken_yaml_is_a_located_error() {
        let (_, _, d) = meta_of("title: T\nsubtitle: a: b\n");
        let e = d.iter().next().unwrap();
        assert_eq!(e.severity, crate::diag::Severity::Error);
        assert_eq!(e.span.line, 3);
        assert!(split("---\ntitle: T\nno end\n").is_err());
        assert!(split("---\n\nA rule, then text.\n").unwrap().is_none());
    }
}
