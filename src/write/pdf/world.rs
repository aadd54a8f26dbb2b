//! The Typst `World` the PDF writer compiles in: a sealed, in-memory one.
//!
//! It serves exactly four kinds of file — the main source (one import and one call), the
//! theme's file it imports (the template, or the cover), the document data as JSON, and the
//! images the CLI loaded — and nothing else: no filesystem, no packages. Fonts and the standard library are built once per process and shared by every
//! document, because parsing fonts costs far more than compiling a brief.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::{Arc, LazyLock, Mutex};

use typst::diag::{FileError, FileResult, PackageError};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::fonts::FontStore;

/// Virtual path of the brief's main source: it imports the template and calls it with the
/// data.
pub const MAIN_PATH: &str = "/main.typ";
/// Virtual path of the theme's template, a module of its own: Typst memoises a module's
/// evaluation on its source, so a batch evaluates the template's definitions (and compiles
/// its regular expressions) once, not once per layout as when the call was appended to it.
pub const TEMPLATE_PATH: &str = "/template.typ";
/// Virtual path of the cover's main source, and of the theme's cover it imports (files of
/// their own, so that an error in the cover is never taken for one in the template).
pub const COVER_MAIN_PATH: &str = "/cover-main.typ";
pub const COVER_PATH: &str = "/cover.typ";
/// Virtual path of the document data the template reads with `json(..)`.
pub const DATA_PATH: &str = "/brief.json";

/// File ids are interned for the life of the process and never freed, so every document uses
/// the same few ids (images add one per distinct path).
fn file_id(path: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(path).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

fn fixed_id(path: &'static str) -> FileId {
    file_id(path).expect("valid virtual path")
}

static MAIN_ID: LazyLock<FileId> = LazyLock::new(|| fixed_id(MAIN_PATH));
static TEMPLATE_ID: LazyLock<FileId> = LazyLock::new(|| fixed_id(TEMPLATE_PATH));
static COVER_MAIN_ID: LazyLock<FileId> = LazyLock::new(|| fixed_id(COVER_MAIN_PATH));
static COVER_ID: LazyLock<FileId> = LazyLock::new(|| fixed_id(COVER_PATH));
static DATA_ID: LazyLock<FileId> = LazyLock::new(|| fixed_id(DATA_PATH));

/// Which main source a world compiles: the brief's layout or its cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Main {
    Brief,
    Cover,
}

impl Main {
    fn id(self) -> FileId {
        match self {
            Main::Brief => *MAIN_ID,
            Main::Cover => *COVER_MAIN_ID,
        }
    }

    /// The theme file the main source imports.
    fn module_id(self) -> FileId {
        match self {
            Main::Brief => *TEMPLATE_ID,
            Main::Cover => *COVER_ID,
        }
    }

    fn module_path(self) -> &'static str {
        match self {
            Main::Brief => TEMPLATE_PATH,
            Main::Cover => COVER_PATH,
        }
    }
}

/// The standard library, built once and shared by every document.
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// Builds the standard library now rather than in the first layout.
pub fn warm_up() {
    LazyLock::force(&LIBRARY);
}

/// Every font in `blobs`, in order. Parsing fonts (their metadata and the coverage of their
/// character maps) is most of the start-up time and independent per file, so it is spread
/// over the cores. Plain scoped threads, not rayon: the font cache's lock is held meanwhile,
/// and a rayon worker waiting for its jobs may pick up a brief that wants that same lock.
fn parse_in_parallel(blobs: Vec<Bytes>) -> Vec<Font> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, blobs.len().max(1));
    let mut parsed: Vec<Vec<Font>> = vec![Vec::new(); blobs.len()];
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                let blobs = &blobs;
                scope.spawn(move || {
                    (t..blobs.len())
                        .step_by(threads)
                        .map(|i| (i, Font::iter(blobs[i].clone()).collect::<Vec<_>>()))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for worker in workers {
            // A thread that panicked parsed nothing usable; its fonts are simply missing.
            for (i, fonts) in worker.join().unwrap_or_default() {
                parsed[i] = fonts;
            }
        }
    });
    parsed.into_iter().flatten().collect()
}

/// A parsed font collection: the theme's fonts (the built-in default theme's are embedded in
/// the binary), then `--font-path` folders, then (when asked for) the system's fonts.
pub struct FontSet {
    store: FontStore,
}

impl FontSet {
    fn load(theme_fonts: &[&Cow<'static, [u8]>], font_paths: &[PathBuf], system: bool) -> FontSet {
        let blobs: Vec<Bytes> = theme_fonts
            .iter()
            .map(|data| match data {
                Cow::Borrowed(data) => Bytes::new(*data),
                Cow::Owned(data) => Bytes::new(data.clone()),
            })
            .collect();
        let mut store = FontStore::new();
        for font in parse_in_parallel(blobs) {
            let info = font.info().clone();
            store.push((font, info));
        }
        for dir in font_paths {
            store.extend(typst_kit::fonts::scan(dir));
        }
        if system {
            store.extend(typst_kit::fonts::system());
        }
        FontSet { store }
    }

    /// Can some font show this character? Characters none can show would be boxes in the PDF
    /// (and make PDF/A and PDF/UA export fail), so the writer replaces them first.
    pub fn covers(&self, c: char) -> bool {
        let book = self.store.book();
        (0..)
            .map_while(|i| book.info(i))
            .any(|info| info.coverage.contains(c as u32))
    }

    /// Can a face of one of `families` (names as a theme writes them) show this character?
    pub fn covers_in(&self, c: char, families: &[String]) -> bool {
        let book = self.store.book();
        (0..)
            .map_while(|i| book.info(i))
            .filter(|info| {
                families
                    .iter()
                    .any(|f| f.eq_ignore_ascii_case(&info.family))
            })
            .any(|info| info.coverage.contains(c as u32))
    }

    /// The font set for a theme's fonts and font folders: parsed on first use, then shared.
    pub fn get(
        theme_fonts: &[&Cow<'static, [u8]>],
        font_paths: &[PathBuf],
        system: bool,
    ) -> Arc<FontSet> {
        static CACHE: LazyLock<Mutex<HashMap<u64, Arc<FontSet>>>> =
            LazyLock::new(|| Mutex::new(HashMap::new()));
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        // Fonts built into the binary are known by where they are; hashing their megabytes
        // on every call would cost a millisecond per brief.
        for data in theme_fonts {
            match data {
                Cow::Borrowed(data) => (0u8, data.as_ptr() as usize, data.len()).hash(&mut hasher),
                Cow::Owned(data) => (1u8, data).hash(&mut hasher),
            }
        }
        font_paths.hash(&mut hasher);
        system.hash(&mut hasher);
        let key = hasher.finish();
        let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .entry(key)
            .or_insert_with(|| Arc::new(FontSet::load(theme_fonts, font_paths, system)))
            .clone()
    }
}

/// One document's world: its main source, its data, its images, its date.
pub struct BriefWorld {
    fonts: Arc<FontSet>,
    sources: Sources,
    data: Bytes,
    images: HashMap<FileId, Bytes>,
    today: Datetime,
}

/// A main source and the theme file it imports, parsed. Every brief of a process compiles
/// the same two pairs (the theme's template and its cover), so the last one parsed of each is
/// kept: a batch parses each once, and Typst's memo of the module's evaluation, which is
/// keyed on its source, holds for the whole batch.
#[derive(Clone)]
pub struct Sources {
    main: Source,
    module: Source,
    /// The function the main source imports and calls.
    entry: &'static str,
}

/// The sources that lay out `module_text` (the theme's template or cover), which defines
/// `entry`: a main source importing it and calling `entry` with the data.
pub fn parse_sources(main: Main, module_text: &str, entry: &'static str) -> Sources {
    static LAST: Mutex<[Option<Sources>; 2]> = Mutex::new([None, None]);
    let slot = match main {
        Main::Brief => 0,
        Main::Cover => 1,
    };
    let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
    match &last[slot] {
        Some(sources) if sources.module.text() == module_text => sources.clone(),
        Some(_) | None => {
            let import = format!("#import \"{}\": {entry}", main.module_path());
            let call = call_source(&import, entry, DATA_PATH);
            let sources = Sources {
                main: Source::new(main.id(), call),
                module: Source::new(main.module_id(), module_text.to_string()),
                entry,
            };
            last[slot] = Some(sources.clone());
            sources
        }
    }
}

/// A theme file's Typst source followed by one line calling `entry` with the data at
/// `data_path`.
pub fn call_source(file: &str, entry: &str, data_path: &str) -> String {
    let mut src = String::with_capacity(file.len() + 64);
    src.push_str(file);
    if !src.ends_with('\n') {
        src.push('\n');
    }
    src.push_str(&format!(
        "#{entry}(json(\"{}\"))\n",
        typst_string_escape(data_path)
    ));
    src
}

fn typst_string_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

impl BriefWorld {
    pub fn new(
        fonts: Arc<FontSet>,
        sources: Sources,
        data: Vec<u8>,
        images: &BTreeMap<String, Vec<u8>>,
        today: Datetime,
    ) -> BriefWorld {
        let images = images
            .iter()
            .filter_map(|(path, bytes)| Some((file_id(path)?, Bytes::new(bytes.clone()))))
            .collect();
        BriefWorld {
            fonts,
            sources,
            data: Bytes::new(data),
            images,
            today,
        }
    }

    /// The theme file the main source imports: where an error in the theme is.
    pub fn module_source(&self) -> &Source {
        &self.sources.module
    }

    /// The main source, which only imports the theme file's entry and calls it.
    pub fn main_source(&self) -> &Source {
        &self.sources.main
    }

    /// The function the theme file must define.
    pub fn entry(&self) -> &'static str {
        self.sources.entry
    }

    /// The world's Typst source by id: the main source or the theme file.
    fn typst_source(&self, id: FileId) -> Option<&Source> {
        [&self.sources.main, &self.sources.module]
            .into_iter()
            .find(|s| s.id() == id)
    }
}

fn is_package(id: FileId) -> bool {
    matches!(id.get().root(), VirtualRoot::Package(_))
}

fn not_found(id: FileId) -> FileError {
    if let VirtualRoot::Package(spec) = id.get().root() {
        return FileError::Package(PackageError::Other(Some(
            format!("packages are not available (briefpress never downloads: {spec})").into(),
        )));
    }
    FileError::NotFound(id.get().vpath().get_with_slash().into())
}

impl World for BriefWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.store.book()
    }

    fn main(&self) -> FileId {
        self.sources.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if let Some(source) = self.typst_source(id) {
            Ok(source.clone())
        } else if is_package(id) || id != *DATA_ID && !self.images.contains_key(&id) {
            Err(not_found(id))
        } else {
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if is_package(id) {
            return Err(not_found(id));
        }
        if let Some(source) = self.typst_source(id) {
            return Ok(Bytes::from_string(source.clone()));
        }
        if id == *DATA_ID {
            return Ok(self.data.clone());
        }
        self.images.get(&id).cloned().ok_or_else(|| not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.store.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
