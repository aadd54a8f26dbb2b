//! The links between a note's mark in the text and its number in the note, pointed once the
//! pages are final.
//!
//! Typst's own mark, and any link to a place in the document, ask the document where the
//! note is (for its number, and for the link's alternative text, "Footnote 3"). The first
//! layout cannot answer, so every paragraph citing a note was laid out a second time: the
//! sample's second layout took 17 ms, 3 ms once nothing in the text asked. So the template
//! links a mark to the URL `briefpress-note:<label>` and the note's number to
//! `briefpress-cite:<label>`, which no layout needs to resolve, and [`resolve`] turns them
//! into the links Typst would have made: to the note's entry at the foot of the page, and
//! back to the mark, each with Typst's alternative text.

use std::collections::HashMap;
use std::str::FromStr;
use typst::foundations::{Content, NativeElement, Packed};
use typst::introspection::{Introspector, Location, Tag};
use typst::layout::{Frame, FrameItem, GroupItem, Point};
use typst::model::{Destination, Document as _, FootnoteElem, FootnoteEntry, LinkMarker};
use typst::text::{Lang, LocalName, Region};
use typst_layout::{Page, PagedDocument};

/// A link to the entry of the note with the label that follows.
const NOTE_SCHEME: &str = "briefpress-note:";
/// A link back to the mark of the note with the label that follows.
const CITE_SCHEME: &str = "briefpress-cite:";

/// `document` with its note links pointed (see the module's documentation), or `None` when it
/// has none to point. `lang` and `region` name "Footnote" in the alternative text, as Typst
/// does in the brief's language.
pub(super) fn resolve(
    document: &PagedDocument,
    lang: &str,
    region: Option<&str>,
) -> Option<PagedDocument> {
    let targets = Targets::of(document, lang, region);
    let pointed: Vec<Option<Frame>> = document
        .pages()
        .iter()
        .map(|page| targets.point(&page.frame))
        .collect();
    if pointed.iter().all(Option::is_none) {
        return None;
    }
    let pages = document
        .pages()
        .iter()
        .zip(pointed)
        .map(|(page, frame)| Page {
            frame: frame.unwrap_or_else(|| page.frame.clone()),
            ..page.clone()
        })
        .collect();
    Some(PagedDocument::new(pages, document.info().clone()))
}

/// Where the links go, by the note's label: its mark, and its entry.
struct Targets {
    marks: HashMap<String, Location>,
    entries: HashMap<String, Location>,
    /// Typst's word for a footnote in the brief's language.
    footnote: &'static str,
}

impl Targets {
    fn of(document: &PagedDocument, lang: &str, region: Option<&str>) -> Self {
        let introspector = document.introspector();
        let mut marks = HashMap::new();
        for note in introspector.query(&FootnoteElem::ELEM.select()) {
            if let (Some(label), Some(loc)) = (note.label(), note.location()) {
                marks.insert(label.resolve().to_string(), loc);
            }
        }
        let by_mark: HashMap<Location, &String> = marks.iter().map(|(l, m)| (*m, l)).collect();
        let mut entries = HashMap::new();
        for entry in introspector.query(&FootnoteEntry::ELEM.select()) {
            let (Some(packed), Some(loc)) = (entry.to_packed::<FootnoteEntry>(), entry.location())
            else {
                continue;
            };
            if let Some(label) = packed.note.location().and_then(|m| by_mark.get(&m)) {
                entries.insert((*label).clone(), loc);
            }
        }
        let lang = Lang::from_str(lang).unwrap_or(Lang::ENGLISH);
        let region = region.and_then(|r| Region::from_str(r).ok());
        Self {
            marks,
            entries,
            footnote: <Packed<FootnoteElem> as LocalName>::local_name(lang, region),
        }
    }

    /// Where a placeholder URL goes: `None` for any other URL, `Some(None)` for a note
    /// briefpress cannot find (the link is left out, its text stays).
    fn target(&self, url: &str) -> Option<Option<Location>> {
        if let Some(label) = url.strip_prefix(NOTE_SCHEME) {
            Some(self.entries.get(label).copied())
        } else {
            let label = url.strip_prefix(CITE_SCHEME)?;
            Some(self.marks.get(label).copied())
        }
    }

    /// `frame` with its placeholder links pointed and their alternative text set, or `None`
    /// when it holds none (it is kept as it is): one walk down the frame's tree.
    fn point(&self, frame: &Frame) -> Option<Frame> {
        let mut changed = false;
        let items: Vec<(Point, Option<FrameItem>)> = frame
            .items()
            .map(|(pos, item)| {
                let new = match item {
                    FrameItem::Link(Destination::Url(url), size) => self
                        .target(url)
                        .map(|to| to.map(|loc| FrameItem::Link(Destination::Location(loc), *size))),
                    FrameItem::Group(group) => self.point(&group.frame).map(|frame| {
                        Some(FrameItem::Group(GroupItem {
                            frame,
                            ..group.clone()
                        }))
                    }),
                    FrameItem::Link(..)
                    | FrameItem::Tag(_)
                    | FrameItem::Text(_)
                    | FrameItem::Shape(..)
                    | FrameItem::Image(..) => None,
                };
                changed |= new.is_some();
                (*pos, new.unwrap_or_else(|| Some(item.clone())))
            })
            .collect();
        // A link's start tag comes before its link item, in this frame or one above it.
        changed.then(|| {
            super::frame_with(
                frame,
                items.into_iter().filter_map(|(pos, item)| match item? {
                    FrameItem::Tag(Tag::Start(elem, flags)) => {
                        Some((pos, FrameItem::Tag(Tag::Start(self.alt_text(&elem), flags))))
                    }
                    item => Some((pos, item)),
                }),
            )
        })
    }

    /// A placeholder link's start tag with Typst's alternative text for a note link
    /// ("Footnote 3", read by screen readers and required by PDF/UA) in place of the URL.
    fn alt_text(&self, elem: &Content) -> Content {
        let Some(marker) = elem
            .to_packed::<LinkMarker>()
            .filter(|m| m.alt.as_deref().and_then(|alt| self.target(alt)).is_some())
        else {
            return elem.clone();
        };
        let body = marker.body.plain_text();
        let number = body.trim_matches(|c: char| !c.is_alphanumeric());
        let mut marker = marker.clone();
        marker.alt = Some(format!("{} {number}", self.footnote).into());
        marker.pack()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A brief's pages, laid out with the default theme, and its note links pointed.
    fn pointed(markdown: &str) -> PagedDocument {
        let doc = crate::parse(markdown.as_bytes(), &Default::default())
            .document
            .expect("the brief reads");
        let theme = crate::theme::Theme::builtin("default").unwrap();
        let layout =
            super::super::lay_out(&doc, &theme, &Default::default(), &Default::default()).unwrap();
        let (lang, region) = super::super::data::typst_lang(&doc.meta.lang);
        resolve(&layout.document, &lang, region.as_deref()).expect("the brief has note links")
    }

    /// Every link in `frame`'s tree, with the alternative text of the link it belongs to.
    fn links(frame: &Frame, alt: &mut Option<String>, out: &mut Vec<(Destination, String)>) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Tag(Tag::Start(elem, _)) => {
                    if let Some(marker) = elem.to_packed::<LinkMarker>() {
                        *alt = marker.alt.as_deref().map(str::to_string);
                    }
                }
                FrameItem::Link(dest, _) => {
                    out.push((dest.clone(), alt.clone().unwrap_or_default()));
                }
                FrameItem::Group(group) => links(&group.frame, alt, out),
                FrameItem::Tag(Tag::End(..))
                | FrameItem::Text(_)
                | FrameItem::Shape(..)
                | FrameItem::Image(..) => {}
            }
        }
    }

    fn all_links(document: &PagedDocument) -> Vec<(Destination, String)> {
        let mut out = Vec::new();
        for page in document.pages() {
            links(&page.frame, &mut None, &mut out);
        }
        out
    }

    /// Where each note's mark is and where its entry is, by the note's number as printed.
    fn notes(document: &PagedDocument) -> Vec<(Location, Location)> {
        let introspector = document.introspector();
        let mut notes: Vec<(Location, Location)> = introspector
            .query(&FootnoteEntry::ELEM.select())
            .iter()
            .map(|entry| {
                let packed = entry.to_packed::<FootnoteEntry>().unwrap();
                (packed.note.location().unwrap(), entry.location().unwrap())
            })
            .collect();
        notes.sort_by_key(|(mark, _)| introspector.position(*mark).map(|p| (p.page, p.point.y)));
        notes
    }

    #[test]
    fn marks_link_to_their_notes_and_notes_back_to_their_marks() {
        let document = pointed(
            "---\ntitle: Two Notes\n---\n\nA claim.[^a] Another.[^b]\n\nThe first again.[^a]\n\n\
             [^a]: The first note.\n[^b]: The second note.\n",
        );
        let links = all_links(&document);
        let notes = notes(&document);
        assert_eq!(notes.len(), 2, "two notes, each printed once");
        for (n, (mark, entry)) in notes.iter().enumerate() {
            let name = format!("Footnote {}", n + 1);
            let to_note: Vec<_> = links
                .iter()
                .filter(|(d, _)| *d == Destination::Location(*entry))
                .collect();
            let cited = if n == 0 { 2 } else { 1 };
            assert_eq!(to_note.len(), cited, "{name}: one link per citation");
            assert!(to_note.iter().all(|(_, alt)| *alt == name), "{to_note:?}");
            let back: Vec<_> = links
                .iter()
                .filter(|(d, _)| *d == Destination::Location(*mark))
                .collect();
            assert_eq!(
                back.len(),
                1,
                "{name}: the note links back to its first mark"
            );
            assert_eq!(back[0].1, name);
        }
        let placeholders = links.iter().filter(|(d, alt)| {
            matches!(d, Destination::Url(u) if u.as_str().starts_with("briefpress-"))
                || alt.starts_with("briefpress-")
        });
        assert_eq!(placeholders.count(), 0, "every placeholder is pointed");
        assert_eq!(links.len(), 5, "three marks and two notes link: {links:?}");
    }

    #[test]
    fn the_links_are_named_in_the_briefs_language() {
        let document = pointed(
            "---\ntitle: Eine Anmerkung\nlang: de\n---\n\nEine Behauptung.[^a]\n\n[^a]: Die Quelle.\n",
        );
        let alts: Vec<String> = all_links(&document).into_iter().map(|l| l.1).collect();
        assert_eq!(alts, ["Fußnote 1", "Fußnote 1"]);
    }

    #[test]
    fn a_brief_without_notes_is_left_as_it_was() {
        let doc = crate::parse(b"---\ntitle: No Notes\n---\n\nText.\n", &Default::default())
            .document
            .unwrap();
        let theme = crate::theme::Theme::builtin("default").unwrap();
        let layout =
            super::super::lay_out(&doc, &theme, &Default::default(), &Default::default()).unwrap();
        assert!(resolve(&layout.document, "en", None).is_none());
    }
}
