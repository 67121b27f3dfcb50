//! Where questionnaires come from: the packs embedded in the binary, and pack directories on disk
//! (an institution's own packs and extensions). Reading files is confined to the `.toml` files
//! directly inside a pack directory, within size limits.

use crate::diag::DiagnosticKind;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::load::{self, Loaded, MAX_FILE_BYTES, MAX_FILES, MAX_PACK_BYTES};
use super::model::EMBEDDED_ORIGIN;
use crate::diag::{Diagnostic, Sources};

mod generated {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// Example answers files shipped in the binary: (group, name, text).
pub fn embedded_examples() -> &'static [(&'static str, &'static str, &'static str)] {
    generated::EMBEDDED_EXAMPLES
}

/// One pack known to the catalog, not yet loaded.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: String,
    pub title: String,
    pub version: String,
    pub legal_data_as_of: String,
    /// [`EMBEDDED_ORIGIN`] or the directory.
    pub origin: String,
    pub extends: Option<String>,
    pub files: Vec<usize>,
    /// A shipped pack as validated by the build (see `build.rs`): loading it skips the TOML.
    pub prepared: Option<&'static str>,
}

impl Entry {
    /// Whether it is one of the packs shipped in the binary rather than one from a directory.
    pub fn is_embedded(&self) -> bool {
        self.origin == EMBEDDED_ORIGIN
    }
}

#[derive(Deserialize)]
struct Header {
    questionnaire: Option<HeaderMeta>,
}

#[derive(Deserialize)]
struct HeaderMeta {
    id: Option<String>,
    title: Option<String>,
    version: Option<String>,
    legal_data_as_of: Option<toml::value::Datetime>,
    extends: Option<String>,
}

/// All available packs and their sources.
#[derive(Debug, Default)]
pub struct Catalog {
    pub sources: Sources,
    pub entries: Vec<Entry>,
    /// Problems met while scanning directories (unreadable files, too many files).
    pub problems: Vec<Diagnostic>,
}

impl Catalog {
    /// The packs shipped in the binary.
    pub fn embedded() -> Self {
        let mut catalog = Catalog::default();
        let mut groups: Vec<&str> = generated::EMBEDDED_PACKS
            .iter()
            .map(|(g, _, _)| *g)
            .collect();
        groups.dedup();
        for group in groups {
            let files: Vec<usize> = generated::EMBEDDED_PACKS
                .iter()
                .filter(|(g, _, _)| *g == group)
                .map(|(_, name, text)| catalog.sources.add(*name, *text))
                .collect();
            // A pack the build prepared comes with its header read: nothing to parse here.
            match generated::EMBEDDED_PREPARED
                .iter()
                .find(|(g, ..)| *g == group)
            {
                Some((_, [id, title, version, date], text)) => catalog.entries.push(Entry {
                    id: (*id).to_string(),
                    title: (*title).to_string(),
                    version: (*version).to_string(),
                    legal_data_as_of: (*date).to_string(),
                    origin: EMBEDDED_ORIGIN.to_string(),
                    extends: None,
                    files,
                    prepared: Some(text),
                }),
                None => catalog.push_entry(files, EMBEDDED_ORIGIN, group),
            }
        }
        catalog
    }

    fn push_entry(&mut self, files: Vec<usize>, origin: &str, fallback_id: &str) {
        let mut entry = Entry {
            id: fallback_id.to_string(),
            title: String::new(),
            version: String::new(),
            legal_data_as_of: String::new(),
            origin: origin.to_string(),
            extends: None,
            files,
            prepared: None,
        };
        for &f in &entry.files {
            // Only the `[questionnaire]` table is read here; the whole pack is parsed when loaded.
            let Some(header) = header_table(&self.sources.files[f].text) else {
                continue;
            };
            // A header with a multi-line string holding "\n[" is cut too early: read the file.
            let parsed = toml::from_str::<Header>(header)
                .or_else(|_| toml::from_str::<Header>(&self.sources.files[f].text));
            if let Ok(Header {
                questionnaire: Some(m),
            }) = parsed
            {
                entry.id = m.id.unwrap_or(entry.id);
                entry.title = m.title.unwrap_or_default();
                entry.version = m.version.unwrap_or_default();
                entry.legal_data_as_of = m
                    .legal_data_as_of
                    .map(|d| d.to_string())
                    .unwrap_or_default();
                entry.extends = m.extends;
                if entry.extends.is_some() {
                    break;
                }
            }
        }
        // A pack from disk with the same id replaces the shipped one, so an institution can pin
        // its own version.
        self.entries.retain(|e| e.id != entry.id);
        self.entries.push(entry);
    }

    /// Adds one pack directory (or single `.toml` file). Returns the pack id.
    pub fn add_pack(&mut self, path: &Path) -> Result<String, Diagnostic> {
        let files = read_pack_files(path)?;
        let ids: Vec<usize> = files
            .into_iter()
            .map(|(name, text)| self.sources.add(name, text))
            .collect();
        let fallback = path
            .file_stem()
            .map_or_else(|| "pack".to_string(), |s| s.to_string_lossy().into_owned());
        self.push_entry(ids, &path.display().to_string(), &fallback);
        Ok(self
            .entries
            .last()
            .map(|e| e.id.clone())
            .unwrap_or_default())
    }

    /// Adds every pack directory inside `dir` (a directory of packs), or `dir` itself when it is a
    /// pack. Problems are recorded, not fatal.
    pub fn add_dir(&mut self, dir: &Path) {
        let Ok(read) = std::fs::read_dir(dir) else {
            self.problems.push(Diagnostic::warning(
                DiagnosticKind::Unreadable,
                format!("cannot read questionnaire directory {}", dir.display()),
            ));
            return;
        };
        let mut paths: Vec<PathBuf> = read.flatten().map(|e| e.path()).collect();
        paths.sort();
        if paths
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "toml"))
        {
            if let Err(d) = self.add_pack(dir) {
                self.problems.push(d);
            }
            return;
        }
        for p in paths.iter().filter(|p| p.is_dir()) {
            if let Err(d) = self.add_pack(p) {
                self.problems.push(d);
            }
        }
    }

    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// Loads and validates a pack by id, with its base pack when it is an extension.
    pub fn load(&self, id: &str) -> Option<Loaded> {
        let entry = self.entry(id)?;
        let mut files = Vec::new();
        if let Some(base) = &entry.extends
            && let Some(b) = self.entry(base).filter(|b| b.extends.is_none())
        {
            files.extend(&b.files);
        }
        files.extend(&entry.files);
        Some(load::load(&self.sources, &files, &entry.origin))
    }

    /// Loads a pack to run a check with: a shipped pack from the form the build prepared, any
    /// other pack from its files. The validator uses [`Catalog::load`], which always reads the
    /// files and reports warnings too.
    pub fn load_for_use(&self, id: &str) -> Option<Loaded> {
        let entry = self.entry(id)?;
        if let Some(q) = entry
            .prepared
            .and_then(|text| super::prepared::read(text).ok())
        {
            return Some(Loaded {
                questionnaire: Some(q),
                diagnostics: Vec::new(),
                work: load::Work::default(),
            });
        }
        self.load(id)
    }

    /// Loads the pack at `path`, or the pack with id `spec`. Only for what the user typed
    /// (`--questionnaire`): a questionnaire named inside a file is an id, see
    /// [`Catalog::resolve_id`].
    pub fn resolve(&mut self, spec: &str) -> Result<Loaded, Diagnostic> {
        let path = Path::new(spec);
        if path.exists() {
            let id = self.add_pack(path)?;
            return Ok(self.load_for_use(&id).expect("just added"));
        }
        self.resolve_id(spec).map_err(|mut d| {
            d.message.push_str(", and no such path");
            d
        })
    }

    /// Loads the pack with this id; never reads a path.
    pub fn resolve_id(&self, spec: &str) -> Result<Loaded, Diagnostic> {
        self.load_for_use(spec).ok_or_else(|| {
            let ids: Vec<&str> = self.entries.iter().map(|e| e.id.as_str()).collect();
            let mut d = Diagnostic::error(
                DiagnosticKind::UnknownQuestionnaire,
                format!(
                    "no questionnaire `{}`",
                    crate::diag::sanitize(&crate::diag::clip(spec, 80))
                ),
            );
            d.help = Some(match crate::diag::did_you_mean(spec, ids.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("available: {}", ids.join(", ")),
            });
            d
        })
    }
}

/// The text of the `[questionnaire]` table of a file: from its header line to the next table.
fn header_table(text: &str) -> Option<&str> {
    // Tolerates a header after comments or other tables, and a pack whose header comes first.
    let start = text
        .find("\n[questionnaire]")
        .map(|i| i + 1)
        .or_else(|| text.starts_with("[questionnaire]").then_some(0))?;
    let rest = &text[start + "[questionnaire]".len()..];
    let end = rest
        .find("\n[")
        .map_or(text.len(), |i| start + "[questionnaire]".len() + i + 1);
    Some(&text[start..end])
}

/// Reads the `.toml` files of a pack directory (sorted by name), or one file.
pub fn read_pack_files(path: &Path) -> Result<Vec<(String, String)>, Diagnostic> {
    let meta = std::fs::metadata(path).map_err(|e| {
        Diagnostic::error(
            DiagnosticKind::Unreadable,
            format!("cannot read {}: {e}", path.display()),
        )
    })?;
    let mut paths = Vec::new();
    if meta.is_dir() {
        let read = std::fs::read_dir(path).map_err(|e| {
            Diagnostic::error(
                DiagnosticKind::Unreadable,
                format!("cannot read {}: {e}", path.display()),
            )
        })?;
        for entry in read.flatten() {
            let p = entry.path();
            // Only regular files directly in the pack: no symlinks out of it, no sub-directories.
            let is_file = entry.file_type().is_ok_and(|t| t.is_file());
            if is_file && p.extension().is_some_and(|e| e == "toml") {
                paths.push(p);
            }
        }
        paths.sort();
        if paths.is_empty() {
            return Err(Diagnostic::error(
                DiagnosticKind::Empty,
                format!("{} holds no .toml files", path.display()),
            ));
        }
        if paths.len() > MAX_FILES {
            return Err(Diagnostic::error(
                DiagnosticKind::TooLarge,
                format!("{} holds more than {MAX_FILES} files", path.display()),
            ));
        }
    } else {
        paths.push(path.to_path_buf());
    }
    let mut total: u64 = 0;
    let mut out = Vec::with_capacity(paths.len());
    for p in paths {
        // Each file is capped on its own as it is read, and the pack as a whole: nothing is read
        // past either limit, whatever the files claim their size is.
        let room = (MAX_PACK_BYTES as u64).saturating_sub(total);
        let limit = (MAX_FILE_BYTES as u64).min(room);
        let text = crate::files::read_text(&p, limit).map_err(|e| match e {
            crate::files::InputError::TooLarge(_) if limit < MAX_FILE_BYTES as u64 => {
                Diagnostic::error(
                    DiagnosticKind::TooLarge,
                    format!(
                        "the files of {} are larger than {} MiB together (stopped at {})",
                        sanitize_path(path),
                        MAX_PACK_BYTES >> 20,
                        sanitize_path(&p)
                    ),
                )
            }
            crate::files::InputError::TooLarge(_) => Diagnostic::error(
                DiagnosticKind::TooLarge,
                format!(
                    "{} is larger than {} MiB",
                    sanitize_path(&p),
                    MAX_FILE_BYTES >> 20
                ),
            ),
            e => Diagnostic::error(
                DiagnosticKind::Unreadable,
                format!("cannot read {}: {e}", sanitize_path(&p)),
            ),
        })?;
        total += text.len() as u64;
        out.push((p.display().to_string(), text));
    }
    Ok(out)
}

fn sanitize_path(p: &Path) -> String {
    crate::diag::sanitize(&p.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::header_table;

    #[test]
    fn header_table_is_cut_at_the_next_table() {
        let text = "# c\n[questionnaire]\nid = \"a\"\n\n[[section]]\nid = \"s\"\n";
        assert_eq!(header_table(text), Some("[questionnaire]\nid = \"a\"\n\n"));
        assert_eq!(
            header_table("[questionnaire]\nid = \"b\"\n"),
            Some("[questionnaire]\nid = \"b\"\n")
        );
        assert_eq!(header_table("[[question]]\nid = \"q\"\n"), None);
    }
}
