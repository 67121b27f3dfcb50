//! Autosaved sessions: one TOML file per run in the data directory, written atomically with
//! owner-only permissions, so nothing a user typed is lost to a crash, Ctrl-C or a bad file.
//!
//! The records themselves (what a session file holds, recording an engine, restoring one) are
//! pure and live in [`dualcheck_core::session`]; this module is the store: the data directory,
//! atomic private writes, listing, and files that cannot be read moved aside, never overwritten.

use std::io::Write as _;
use std::path::{Path, PathBuf};

pub use dualcheck_core::session::{
    MAX_SESSION_BYTES, Restored, SCHEMA, SessionFile, SessionSummary,
};

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("cannot use the data directory {}: {source}", sanitize_path(path))]
    Dir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no session `{}`", sanitize(.0))]
    NotFound(String),
    #[error(
        "the session file {} could not be read ({}); it was moved to {} and left untouched",
        sanitize_path(path),
        sanitize(reason),
        sanitize_path(moved_to)
    )]
    Corrupt {
        path: PathBuf,
        reason: String,
        moved_to: PathBuf,
    },
    /// Could not be parsed, and could not be moved aside either: left where it is.
    #[error(
        "the session file {} could not be read ({}); it could not be moved aside ({}) and was left where it is",
        sanitize_path(path),
        sanitize(reason),
        sanitize(error)
    )]
    CorruptNotMoved {
        path: PathBuf,
        reason: String,
        error: String,
    },
    /// Written by a newer dualcheck (or another program): left untouched for it.
    #[error(
        "the session file {} has the schema `{}`, which this version of dualcheck does not know; \
         it was left untouched (a newer dualcheck may read it)",
        sanitize_path(path),
        sanitize(schema)
    )]
    UnknownSchema { path: PathBuf, schema: String },
    /// Could not be read right now (permissions, I/O error, a special file): left untouched.
    #[error(
        "cannot read the session file {}: {}; it was left untouched",
        sanitize_path(path),
        sanitize(reason)
    )]
    Unreadable { path: PathBuf, reason: String },
    #[error("cannot save the session to {}: {source}", sanitize_path(path))]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn sanitize(text: &str) -> String {
    crate::diag::sanitize(text)
}

fn sanitize_path(path: &Path) -> String {
    crate::diag::sanitize(&path.display().to_string())
}

/// A session file that `list` could not read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unlisted {
    pub path: PathBuf,
    pub reason: String,
}

/// The file operations a save makes, one method per step, so that tests can make any step fail
/// (a store over a fault-injecting layer). [`RealFs`] is the real thing.
pub trait FileOps: std::fmt::Debug + Send + Sync {
    /// Writes the bytes into the new temporary file.
    fn write(&self, file: &mut std::fs::File, bytes: &[u8]) -> std::io::Result<()> {
        file.write_all(bytes)
    }
    /// Flushes the temporary file to the disk.
    fn sync(&self, file: &std::fs::File) -> std::io::Result<()> {
        file.sync_all()
    }
    /// Puts the temporary file in place, replacing what is there.
    fn rename(&self, from: &Path, to: &Path) -> std::io::Result<()> {
        std::fs::rename(from, to)
    }
    /// Puts the temporary file in place only if nothing is there yet (`link(2)`, atomic and
    /// exclusive like `O_EXCL`).
    fn link(&self, from: &Path, to: &Path) -> std::io::Result<()> {
        std::fs::hard_link(from, to)
    }
}

/// The real file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct RealFs;

impl FileOps for RealFs {}

/// The directory of saved sessions.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    ops: std::sync::Arc<dyn FileOps>,
}

/// Resolves the data directory: an explicit path, `DUALCHECK_DATA_DIR`, or the platform default.
/// An empty value (`DUALCHECK_DATA_DIR=`, `--data-dir ''`) counts as not given.
pub fn data_dir(explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = explicit.filter(|p| !p.as_os_str().is_empty()) {
        return Some(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os("DUALCHECK_DATA_DIR").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("org", "dualcheck", "dualcheck")
        .map(|d| d.data_dir().to_path_buf())
}

/// Creates a directory (and parents) readable by the owner only.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// The prefix of every temporary file dualcheck writes.
pub const TEMP_PREFIX: &str = ".dualcheck-";
/// The suffix of every temporary file dualcheck writes.
pub const TEMP_SUFFIX: &str = ".tmp";
/// Temporary files older than this are left over from a killed save and are removed when the
/// store opens. A save takes milliseconds; a younger file may belong to a save in progress.
pub const STALE_TEMP_SECS: u64 = 60;

/// Writes a file atomically (temporary file in the same directory, fsync, rename, fsync of the
/// directory) with owner-only permissions.
pub fn write_private_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(&RealFs, path, bytes, "", false)
}

fn parent_dir(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The atomic write over `ops`. `tag` goes into the temporary file's name (a session id, so
/// `sessions delete` finds its leftovers). With `exclusive`, fails with `AlreadyExists` when the
/// target exists.
fn write_atomic_with(
    ops: &dyn FileOps,
    path: &Path,
    bytes: &[u8],
    tag: &str,
    exclusive: bool,
) -> std::io::Result<()> {
    let dir = parent_dir(path);
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!("{TEMP_PREFIX}{tag}."))
        .suffix(TEMP_SUFFIX)
        .permissions(private_permissions())
        .tempfile_in(dir)?;
    ops.write(tmp.as_file_mut(), bytes)?;
    ops.sync(tmp.as_file())?;
    if exclusive {
        match ops.link(tmp.path(), path) {
            // The temporary name goes when `tmp` is dropped.
            Ok(()) => {}
            Err(e) if link_unsupported(&e) => {
                drop(tmp);
                create_new_in_place(ops, path, bytes)?;
            }
            Err(e) => return Err(e),
        }
    } else {
        ops.rename(tmp.path(), path)?;
        // Renamed: nothing left to remove.
        let _ = tmp.into_temp_path().keep();
    }
    // Make the rename itself durable.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Whether `link(2)` failed only because the file system has no hard links (FAT, some network
/// and FUSE file systems).
fn link_unsupported(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        matches!(
            e.raw_os_error(),
            Some(libc::EPERM | libc::EOPNOTSUPP | libc::EMLINK | libc::ENOSYS)
        )
    }
    #[cfg(not(unix))]
    {
        e.kind() == std::io::ErrorKind::Unsupported
    }
}

/// Where there are no hard links: create the file exclusively (`O_EXCL`) and write it in place;
/// a failed write removes it again, so no half session is left.
fn create_new_in_place(ops: &dyn FileOps, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    let written = ops.write(&mut file, bytes).and_then(|()| ops.sync(&file));
    if written.is_err() {
        let _ = std::fs::remove_file(path);
    }
    written
}

fn private_permissions() -> std::fs::Permissions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::Permissions::from_mode(0o600)
    }
    #[cfg(not(unix))]
    {
        tempfile::NamedTempFile::new()
            .and_then(|f| f.as_file().metadata())
            .map(|m| m.permissions())
            .expect("a temporary file")
    }
}

fn valid_session_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The session id a temporary file was written for, when it is one of ours.
fn temp_tag(name: &str) -> Option<&str> {
    let rest = name.strip_prefix(TEMP_PREFIX)?.strip_suffix(TEMP_SUFFIX)?;
    Some(rest.split_once('.').map_or("", |(tag, _)| tag))
}

impl Store {
    /// Opens (and creates, owner-only) the sessions directory inside `data_dir`, and removes
    /// temporary files left there by a save that was killed.
    pub fn open(data_dir: &Path) -> Result<Self, SessionError> {
        Self::open_with(data_dir, std::sync::Arc::new(RealFs))
    }

    /// [`Store::open`] over other file operations (tests inject failures this way).
    pub fn open_with(
        data_dir: &Path,
        ops: std::sync::Arc<dyn FileOps>,
    ) -> Result<Self, SessionError> {
        let dir = data_dir.join("sessions");
        create_private_dir(&dir).map_err(|source| SessionError::Dir {
            path: dir.clone(),
            source,
        })?;
        let store = Self { dir, ops };
        store.remove_temp_files(None, std::time::Duration::from_secs(STALE_TEMP_SECS));
        Ok(store)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn path_of(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.toml"))
    }

    /// Removes our temporary files (for session `id`, or any) older than `age`. Returns how many
    /// were removed.
    pub fn remove_temp_files(&self, id: Option<&str>, age: std::time::Duration) -> usize {
        let Ok(read) = std::fs::read_dir(&self.dir) else {
            return 0;
        };
        let now = std::time::SystemTime::now();
        let mut removed = 0;
        for e in read.flatten() {
            let name = e.file_name();
            let Some(tag) = name.to_str().and_then(temp_tag) else {
                continue;
            };
            if id.is_some_and(|id| id != tag) {
                continue;
            }
            let Ok(meta) = std::fs::symlink_metadata(e.path()) else {
                continue;
            };
            let old = meta
                .modified()
                .ok()
                .and_then(|m| now.duration_since(m).ok())
                .is_some_and(|a| a >= age);
            if meta.is_file() && old && std::fs::remove_file(e.path()).is_ok() {
                removed += 1;
            }
        }
        removed
    }

    /// A new session id from a time stamp, not yet used in this directory. [`Store::create`]
    /// makes sure of it when the file is written.
    pub fn new_id(&self, now: &str) -> String {
        let base = Self::id_base(now);
        let mut id = base.clone();
        let mut n = 1;
        while std::fs::symlink_metadata(self.path_of(&id)).is_ok() {
            n += 1;
            id = format!("{base}-{n}");
        }
        id
    }

    fn id_base(now: &str) -> String {
        let base: String = now.chars().filter(char::is_ascii_digit).take(14).collect();
        if base.is_empty() {
            "session".to_string()
        } else {
            base
        }
    }

    /// Writes a new session under a fresh id: the file is put in place only if no file of that
    /// name exists (atomically, like `O_EXCL`), so two wizards started in the same second never
    /// share a session. Sets `session.id` to the id taken.
    pub fn create(&self, session: &mut SessionFile) -> Result<(), SessionError> {
        let base = if valid_session_id(&session.id) {
            session.id.clone()
        } else {
            "session".to_string()
        };
        for n in 1..=10_000 {
            let id = if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            session.id.clone_from(&id);
            let path = self.path_of(&id);
            let text = toml::to_string(session).map_err(|e| SessionError::Write {
                path: path.clone(),
                source: std::io::Error::other(e.to_string()),
            })?;
            match write_atomic_with(&*self.ops, &path, text.as_bytes(), &id, true) {
                Ok(()) => return Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(source) => return Err(SessionError::Write { path, source }),
            }
        }
        Err(SessionError::Write {
            path: self.path_of(&base),
            source: std::io::Error::other("no free session id"),
        })
    }

    pub fn save(&self, session: &SessionFile) -> Result<(), SessionError> {
        let path = self.path_of(&session.id);
        let text = toml::to_string(session).map_err(|e| SessionError::Write {
            path: path.clone(),
            source: std::io::Error::other(e.to_string()),
        })?;
        write_atomic_with(&*self.ops, &path, text.as_bytes(), &session.id, false)
            .map_err(|source| SessionError::Write { path, source })
    }

    /// Loads a session. A file that cannot be parsed is moved aside (`*.corrupt-N`) and
    /// reported; a file of an unknown schema, or one that cannot be read right now, is reported
    /// and left untouched.
    pub fn load(&self, id: &str) -> Result<SessionFile, SessionError> {
        if !valid_session_id(id) {
            return Err(SessionError::NotFound(id.to_string()));
        }
        let path = self.path_of(id);
        match Self::read(&path, Some(id)) {
            Ok(s) => Ok(s),
            Err(Problem::Missing) => Err(SessionError::NotFound(id.to_string())),
            Err(Problem::Unreadable(reason)) => Err(SessionError::Unreadable { path, reason }),
            Err(Problem::Schema(schema)) => Err(SessionError::UnknownSchema { path, schema }),
            Err(Problem::Corrupt(reason)) => match self.set_aside(&path) {
                Ok(moved_to) => Err(SessionError::Corrupt {
                    path,
                    reason,
                    moved_to,
                }),
                Err(e) => Err(SessionError::CorruptNotMoved {
                    path,
                    reason,
                    error: e.to_string(),
                }),
            },
        }
    }

    /// Reads and checks one session file.
    fn read(path: &Path, id: Option<&str>) -> Result<SessionFile, Problem> {
        use crate::files::InputError;
        let text = crate::files::read_text(path, MAX_SESSION_BYTES).map_err(|e| match e {
            InputError::NotFound => Problem::Missing,
            InputError::TooLarge(_) | InputError::NotUtf8 => Problem::Corrupt(e.to_string()),
            e => Problem::Unreadable(e.to_string()),
        })?;
        let table: toml::Table =
            toml::from_str(&text).map_err(|e| Problem::Corrupt(sanitize(e.message().trim())))?;
        match table.get("schema").and_then(toml::Value::as_str) {
            Some(SCHEMA) => {}
            // A newer dualcheck's session: not ours to judge or move.
            Some(other) if other.starts_with("dualcheck.session/") => {
                return Err(Problem::Schema(other.to_string()));
            }
            Some(other) => {
                return Err(Problem::Corrupt(format!(
                    "unknown schema `{}`",
                    sanitize(other)
                )));
            }
            None => return Err(Problem::Corrupt("no schema".into())),
        }
        let s: SessionFile = table
            .try_into()
            .map_err(|e: toml::de::Error| Problem::Corrupt(sanitize(e.message().trim())))?;
        if id.is_some_and(|id| s.id != id) {
            return Err(Problem::Corrupt(
                "the id inside does not match the file name".into(),
            ));
        }
        Ok(s)
    }

    fn set_aside(&self, path: &Path) -> std::io::Result<PathBuf> {
        let mut n = 1;
        loop {
            let target = path.with_extension(format!("toml.corrupt-{n}"));
            if std::fs::symlink_metadata(&target).is_err() {
                return self.ops.rename(path, &target).map(|()| target);
            }
            n += 1;
            if n > 10_000 {
                return Err(std::io::Error::other("too many set-aside copies"));
            }
        }
    }

    /// Saved sessions, most recently updated first. Unreadable files are left out here (and set
    /// aside when loaded); [`Store::list_all`] names them.
    pub fn list(&self) -> Vec<SessionSummary> {
        self.list_all().0
    }

    /// Saved sessions, most recently updated first, and the session files that could not be
    /// read, with the reason. Never blocks on a special file.
    pub fn list_all(&self) -> (Vec<SessionSummary>, Vec<Unlisted>) {
        let Ok(read) = std::fs::read_dir(&self.dir) else {
            return (Vec::new(), Vec::new());
        };
        let mut out = Vec::new();
        let mut problems = Vec::new();
        for e in read.flatten() {
            let p = e.path();
            if let Some(tag) = e.file_name().to_str().and_then(temp_tag) {
                // A copy of answers that is not a session: named, so it is not forgotten.
                problems.push(Unlisted {
                    path: p,
                    reason: format!(
                        "a temporary file of a save that is running or was interrupted (removed \
                         when the store is opened once it is {STALE_TEMP_SECS} s old{})",
                        if tag.is_empty() {
                            String::new()
                        } else {
                            format!(", or by `dualcheck sessions delete {}`", sanitize(tag))
                        }
                    ),
                });
                continue;
            }
            if p.extension().is_none_or(|x| x != "toml") {
                continue;
            }
            let stem = p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            match Self::read(&p, valid_session_id(&stem).then_some(stem.as_str())) {
                Ok(s) => out.push(SessionSummary {
                    id: s.id,
                    questionnaire: s.questionnaire,
                    updated: s.updated,
                    answered: s.answers.len(),
                    finished: s.finished,
                    project: s.project,
                }),
                Err(Problem::Missing) => {}
                Err(Problem::Unreadable(reason) | Problem::Corrupt(reason)) => {
                    problems.push(Unlisted { path: p, reason });
                }
                Err(Problem::Schema(schema)) => problems.push(Unlisted {
                    path: p,
                    reason: format!(
                        "schema `{}` is not known to this version of dualcheck",
                        sanitize(&schema)
                    ),
                }),
            }
        }
        out.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| b.id.cmp(&a.id)));
        problems.sort_by(|a, b| a.path.cmp(&b.path));
        (out, problems)
    }

    /// Deletes a session and any temporary file left by one of its saves.
    pub fn delete(&self, id: &str) -> Result<(), SessionError> {
        if !valid_session_id(id) {
            return Err(SessionError::NotFound(id.to_string()));
        }
        let removed = std::fs::remove_file(self.path_of(id));
        let temps = self.remove_temp_files(Some(id), std::time::Duration::ZERO);
        match removed {
            Ok(()) => Ok(()),
            Err(_) if temps > 0 => Ok(()),
            Err(_) => Err(SessionError::NotFound(id.to_string())),
        }
    }
}

/// Why a session file was not read.
enum Problem {
    Missing,
    Unreadable(String),
    Schema(String),
    Corrupt(String),
}
