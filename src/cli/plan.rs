//! Where each brief's outputs go, decided once before any brief is read, and the checks that
//! keep a build from losing files: two briefs written to one path, an output written over an
//! input, `-o` disagreeing with `-f`, an output file given as an input. Each is a usage error
//! (exit 2) raised before anything is written.

use super::{STDIN, UsageError, owned};
use crate::write::Format;
use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};

/// Where outputs go.
#[derive(Debug, Clone)]
pub enum Target {
    /// `<dir>/<stem>.<ext>` per input and format. With `mirror`, each input's folder relative
    /// to `mirror` (the inputs' common ancestor) is kept under `dir`.
    Dir {
        dir: PathBuf,
        mirror: Option<PathBuf>,
    },
    /// One file, one format.
    File(PathBuf, Format),
    /// Standard output, one format.
    Stdout(Format),
}

impl Target {
    /// The name outputs are written under, which `-f typ` also uses to name its data file.
    pub fn stem(&self, input: &Path) -> String {
        match self {
            Target::File(file, _) => file_stem(file),
            Target::Dir { .. } | Target::Stdout(_) => input_stem(input),
        }
    }

    /// Where the artifact of `input` ending in `suffix` (`.pdf`, `.data.json`…) is written;
    /// `None` for standard output.
    pub fn path(&self, input: &Path, suffix: &str) -> Option<PathBuf> {
        match self {
            Target::Dir { dir, mirror } => {
                let dir = match mirror {
                    Some(root) if input.as_os_str() != STDIN => {
                        let folder = folder_of(input);
                        dir.join(folder.strip_prefix(root).unwrap_or(Path::new("")))
                    }
                    _ => dir.clone(),
                };
                Some(dir.join(format!("{}{suffix}", input_stem(input))))
            }
            Target::File(file, format) if suffix == format!(".{}", format.extension()) => {
                Some(file.clone())
            }
            Target::File(file, _) => {
                Some(file.with_file_name(format!("{}{suffix}", file_stem(file))))
            }
            Target::Stdout(_) => None,
        }
    }
}

/// `brief` for `dir/brief.md`; `stdin` for standard input.
fn input_stem(input: &Path) -> String {
    if input.as_os_str() == STDIN {
        "stdin".into()
    } else {
        file_stem(input)
    }
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "brief".into())
}

/// The suffixes each format's files end in (`-f typ` writes the source and its data).
pub fn suffixes(format: Format) -> Vec<String> {
    match format {
        Format::Typ => vec![".typ".into(), ".data.json".into()],
        f => vec![format!(".{}", f.extension())],
    }
}

/// The format an output file's extension names; `.htm` is HTML too.
pub fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?;
    if ext.eq_ignore_ascii_case("htm") {
        return Some(Format::Html);
    }
    Format::from_extension(ext)
}

/// The formats, for messages: `pdf, epub, html, json, typ`.
pub fn format_list() -> String {
    Format::ALL.map(|f| f.extension()).join(", ")
}

/// The folder an input is in: absolute, with links and `..` resolved, so that `a/../b/x.md`
/// and `/abs/b/x.md` are mirrored alike.
fn folder_of(input: &Path) -> PathBuf {
    let parent = input
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    parent
        .canonicalize()
        .or_else(|_| std::path::absolute(parent))
        .unwrap_or_else(|_| parent.to_path_buf())
}

/// The deepest folder that holds every input (standard input aside): what `--mirror-dirs`
/// mirrors relative to.
pub fn common_ancestor(inputs: &[PathBuf]) -> PathBuf {
    let mut common: Option<Vec<Component<'_>>> = None;
    let folders: Vec<PathBuf> = inputs
        .iter()
        .filter(|p| p.as_os_str() != STDIN)
        .map(|p| folder_of(p))
        .collect();
    for folder in &folders {
        let parts: Vec<Component<'_>> = folder.components().collect();
        common = Some(match common {
            None => parts,
            Some(c) => c
                .into_iter()
                .zip(parts)
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a)
                .collect(),
        });
    }
    common.map(|c| c.iter().collect()).unwrap_or_default()
}

/// An input that is an output of this tool (`old.pdf`) was almost always meant as `-o`.
pub fn reject_output_inputs(inputs: &[PathBuf]) -> Result<(), UsageError> {
    for input in inputs.iter().filter(|p| p.as_os_str() != STDIN) {
        if matches!(
            format_of(input),
            Some(Format::Pdf | Format::Epub | Format::Html)
        ) {
            return Err(UsageError(format!(
                "`{0}` is an output file, not a brief: did you mean `-o {0}`?",
                input.display()
            )));
        }
    }
    Ok(())
}

/// The one format `-o FILE` writes: `-f` if given (and then the extension must agree), else
/// the extension's.
pub fn output_format(file: &Path, requested: &[Format]) -> Result<Format, UsageError> {
    let from_ext = format_of(file);
    match (requested, from_ext) {
        ([one], Some(ext)) if *one != ext && file.as_os_str() != STDIN => Err(UsageError(format!(
            "--output `{}` names a .{} file but --format is {one}: make them agree",
            file.display(),
            ext.extension()
        ))),
        ([one], _) => Ok(*one),
        ([], Some(f)) => Ok(f),
        ([], None) => Err(UsageError(format!(
            "cannot tell the format of `{}` from its extension: give --format ({})",
            file.display(),
            format_list()
        ))),
        _ => Err(UsageError(
            "--output writes one format: give at most one --format".into(),
        )),
    }
}

/// Drops an input named twice (the same file, however spelt): it would be built twice into
/// the same files.
pub fn dedup_inputs(inputs: &[PathBuf]) -> Vec<PathBuf> {
    let mut seen = std::collections::HashSet::new();
    inputs
        .iter()
        .filter(|p| match file_id(p) {
            Some(id) => seen.insert(id),
            None => true,
        })
        .cloned()
        .collect()
}

/// Refuses a plan that would lose a file: two inputs written to one path, an output (or the
/// depfile) written over an input, the depfile written over an output or onto a folder, or
/// (unless `overwrite`) an existing file that briefpress did not write replaced.
pub fn check_outputs(
    inputs: &[PathBuf],
    formats: &[Format],
    target: &Target,
    depfile: Option<&Path>,
    overwrite: bool,
) -> Result<(), UsageError> {
    let mut owner: BTreeMap<PathBuf, &PathBuf> = BTreeMap::new();
    let mut planned: Vec<PathBuf> = depfile.map(Path::to_path_buf).into_iter().collect();
    for input in inputs {
        for suffix in formats.iter().flat_map(|&f| suffixes(f)) {
            let Some(path) = target.path(input, &suffix) else {
                continue;
            };
            if let Some(first) = owner.insert(path.clone(), input)
                && first != input
            {
                return Err(collision(first, input, &path, target));
            }
            planned.push(path);
        }
    }
    if let Some(depfile) = depfile {
        check_depfile(depfile, &planned[1..])?;
    }
    let ids: HashMap<FileId, &PathBuf> = inputs
        .iter()
        .filter_map(|p| file_id(p).map(|id| (id, p)))
        .collect();
    for path in &planned {
        if let Some(input) = file_id(path).and_then(|id| ids.get(&id)) {
            return Err(UsageError(format!(
                "`{}` would be written over the input `{}`: refusing to overwrite a brief",
                path.display(),
                input.display()
            )));
        }
    }
    if !overwrite {
        for path in &planned {
            if path.is_file() && !owned::written_by_briefpress(path) {
                return Err(UsageError(format!(
                    "`{}` exists and was not written by briefpress: refusing to replace it \
                     (pass --overwrite to replace it)",
                    path.display()
                )));
            }
        }
    }
    Ok(())
}

/// The depfile must be neither a folder nor one of the build's outputs: checked with the
/// outputs, before anything is written, rather than found out after the outputs were.
fn check_depfile(depfile: &Path, outputs: &[PathBuf]) -> Result<(), UsageError> {
    if depfile.is_dir() || depfile.as_os_str().to_string_lossy().ends_with('/') {
        return Err(UsageError(format!(
            "--depfile `{}` is a folder: name a file",
            depfile.display()
        )));
    }
    let place = same_place(depfile);
    if let Some(output) = outputs.iter().find(|o| same_place(o) == place) {
        return Err(UsageError(format!(
            "--depfile `{}` is also where `{}` is written: name another file",
            depfile.display(),
            output.display()
        )));
    }
    Ok(())
}

/// A path as the file it names, before either is written: the part that exists resolved
/// (links, `..`), the rest taken as written with `.` and `..` applied, so `out/x.html` and
/// `./out/../out/x.html` compare equal whether or not `out` exists yet.
fn same_place(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    let base = loop {
        if let Ok(real) = existing.canonicalize() {
            break real;
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => break existing.to_path_buf(),
        }
    };
    let mut out = base;
    for part in rest.into_iter().rev() {
        out.push(part);
    }
    let mut normal = PathBuf::new();
    for c in out.components() {
        match c {
            Component::ParentDir => {
                normal.pop();
            }
            Component::CurDir => {}
            c => normal.push(c),
        }
    }
    normal
}

fn collision(first: &Path, second: &Path, path: &Path, target: &Target) -> UsageError {
    let name = |p: &Path| {
        if p.as_os_str() == STDIN {
            "standard input".to_string()
        } else {
            format!("`{}`", p.display())
        }
    };
    let hint = match target {
        Target::Dir { dir, mirror: None } => format!(
            "; rename one, or pass --mirror-dirs to keep their folders apart under {}",
            dir.display()
        ),
        _ => "; rename one".into(),
    };
    UsageError(format!(
        "{} and {} would both be written to `{}`{hint}",
        name(first),
        name(second),
        path.display()
    ))
}

/// What makes two paths one file: device and inode on Unix (hard links too), the resolved
/// path elsewhere.
#[cfg(unix)]
type FileId = (u64, u64);
#[cfg(not(unix))]
type FileId = PathBuf;

fn file_id(path: &Path) -> Option<FileId> {
    if path.as_os_str() == STDIN {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        path.canonicalize().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_ancestor_of_sibling_folders_is_their_parent() {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["2023", "2024/q1"] {
            std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        let inputs = vec![
            dir.path().join("2023/brief.md"),
            dir.path().join("2024/q1/../q1/brief.md"),
        ];
        let root = common_ancestor(&inputs);
        assert_eq!(root, dir.path().canonicalize().unwrap());
        let target = Target::Dir {
            dir: PathBuf::from("out"),
            mirror: Some(root),
        };
        assert_eq!(
            target.path(&inputs[1], ".pdf"),
            Some(PathBuf::from("out/2024/q1/brief.pdf"))
        );
    }

    #[test]
    fn htm_is_html_and_unknown_extensions_have_no_format() {
        assert_eq!(format_of(Path::new("a.HTM")), Some(Format::Html));
        assert_eq!(format_of(Path::new("a.docx")), None);
    }
}
