//! Autosaved sessions: one TOML file per run in the data directory, written atomically with
//! owner-only permissions, so nothing a user typed is lost to a crash, Ctrl-C or a bad file.
//!
//! A session records the questionnaire id, version and content hash. When the questionnaire has
//! changed since, the answers that still fit are kept and the rest are reported, never silently
//! dropped. A session file that cannot be read is moved aside, never overwritten.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::answers::Answer;
use crate::engine::Engine;
use crate::questionnaire::Questionnaire;

pub const SCHEMA: &str = "dualcheck.session/1";
/// Largest session file read, in bytes.
pub const MAX_SESSION_BYTES: u64 = 1024 * 1024;

/// A saved session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionFile {
    pub schema: String,
    pub id: String,
    pub questionnaire: String,
    pub questionnaire_version: String,
    pub questionnaire_hash: String,
    pub created: String,
    pub updated: String,
    /// The question the user was looking at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<String>,
    #[serde(default)]
    pub finished: bool,
    /// Information notes already read.
    #[serde(default)]
    pub seen_notes: Vec<String>,
    /// Same shape as the `[answers]` table of an answers file.
    #[serde(default)]
    pub answers: BTreeMap<String, toml::Value>,
}

/// What changed when a session was restored against a different questionnaire version.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Restored {
    /// The questionnaire version or content differs from the one the session was started with.
    pub questionnaire_changed: bool,
    /// Answers that no longer fit (question removed or options changed): id and reason.
    pub dropped: Vec<(String, String)>,
}

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("cannot use the data directory {path}: {source}")]
    Dir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no session `{0}`")]
    NotFound(String),
    #[error(
        "the session file {path} could not be read ({reason}); it was moved to {moved_to} and left untouched"
    )]
    Corrupt {
        path: PathBuf,
        reason: String,
        moved_to: PathBuf,
    },
    #[error("cannot save the session to {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl SessionFile {
    /// A new, empty session.
    pub fn new(id: String, q: &Questionnaire, now: &str) -> Self {
        Self {
            schema: SCHEMA.into(),
            id,
            questionnaire: q.meta.id.clone(),
            questionnaire_version: q.meta.version.clone(),
            questionnaire_hash: q.hash.clone(),
            created: now.into(),
            updated: now.into(),
            current: None,
            finished: false,
            seen_notes: Vec::new(),
            answers: BTreeMap::new(),
        }
    }

    /// Records the engine's state.
    pub fn record(&mut self, engine: &Engine, now: &str) {
        let q = engine.questionnaire();
        self.answers = engine
            .answers()
            .iter()
            .enumerate()
            .filter_map(|(i, a)| {
                a.as_ref()
                    .map(|a| (q.questions[i].id.clone(), a.to_toml(&q.questions[i])))
            })
            .collect();
        self.seen_notes = engine
            .seen_notes()
            .iter()
            .map(|&i| q.questions[i].id.clone())
            .collect();
        self.current = engine.current().map(|i| q.questions[i].id.clone());
        self.finished = engine.is_complete();
        self.questionnaire_version.clone_from(&q.meta.version);
        self.questionnaire_hash.clone_from(&q.hash);
        self.updated = now.into();
    }

    /// Rebuilds an engine from the saved answers, keeping every answer that still fits.
    pub fn restore<'q>(&self, q: &'q Questionnaire) -> (Engine<'q>, Restored) {
        let mut restored = Restored {
            questionnaire_changed: self.questionnaire_hash != q.hash
                || self.questionnaire_version != q.meta.version,
            dropped: Vec::new(),
        };
        let mut answers: Vec<Option<Answer>> = vec![None; q.questions.len()];
        for (id, value) in &self.answers {
            match q.question_index(id) {
                None => restored
                    .dropped
                    .push((id.clone(), "the question was removed".into())),
                Some(i) => match Answer::from_toml(&q.questions[i], value) {
                    Ok(a) => answers[i] = Some(a),
                    Err(e) => restored
                        .dropped
                        .push((id.clone(), format!("the saved answer no longer fits: {e}"))),
                },
            }
        }
        let mut engine = Engine::with_answers(q, answers);
        engine.set_seen_notes(self.seen_notes.iter().filter_map(|id| q.question_index(id)));
        if let Some(c) = self.current.as_deref().and_then(|id| q.question_index(id)) {
            let _ = engine.jump(c);
        }
        (engine, restored)
    }
}

/// A short description of a saved session, for lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionSummary {
    pub id: String,
    pub questionnaire: String,
    pub updated: String,
    pub answered: usize,
    pub finished: bool,
}

/// The directory of saved sessions.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

/// Resolves the data directory: an explicit path, `DUALCHECK_DATA_DIR`, or the platform default.
pub fn data_dir(explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = explicit {
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

/// Writes a file atomically (temporary file in the same directory, fsync, rename) with owner-only
/// permissions.
pub fn write_private_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".dualcheck-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    // Make the rename itself durable.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

fn valid_session_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

impl Store {
    /// Opens (and creates, owner-only) the sessions directory inside `data_dir`.
    pub fn open(data_dir: &Path) -> Result<Self, SessionError> {
        let dir = data_dir.join("sessions");
        create_private_dir(&dir).map_err(|source| SessionError::Dir {
            path: dir.clone(),
            source,
        })?;
        Ok(Self { dir })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn path_of(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.toml"))
    }

    /// A new session id from a time stamp, unique in this directory.
    pub fn new_id(&self, now: &str) -> String {
        let base: String = now.chars().filter(char::is_ascii_digit).take(14).collect();
        let base = if base.is_empty() {
            "session".to_string()
        } else {
            base
        };
        let mut id = base.clone();
        let mut n = 1;
        while self.path_of(&id).exists() {
            n += 1;
            id = format!("{base}-{n}");
        }
        id
    }

    pub fn save(&self, session: &SessionFile) -> Result<(), SessionError> {
        let path = self.path_of(&session.id);
        let text = toml::to_string(session).map_err(|e| SessionError::Write {
            path: path.clone(),
            source: std::io::Error::other(e.to_string()),
        })?;
        write_private_atomic(&path, text.as_bytes())
            .map_err(|source| SessionError::Write { path, source })
    }

    /// Loads a session. A file that cannot be parsed is moved aside (`*.corrupt-N`) and reported.
    pub fn load(&self, id: &str) -> Result<SessionFile, SessionError> {
        if !valid_session_id(id) {
            return Err(SessionError::NotFound(id.to_string()));
        }
        let path = self.path_of(id);
        let meta = std::fs::metadata(&path).map_err(|_| SessionError::NotFound(id.to_string()))?;
        let parsed = if meta.len() > MAX_SESSION_BYTES {
            Err(format!("larger than {} KiB", MAX_SESSION_BYTES >> 10))
        } else {
            std::fs::read_to_string(&path)
                .map_err(|e| e.to_string())
                .and_then(|t| {
                    toml::from_str::<SessionFile>(&t).map_err(|e| e.message().trim().to_string())
                })
                .and_then(|s| {
                    if s.schema != SCHEMA {
                        Err(format!("unknown schema `{}`", s.schema))
                    } else if s.id != id {
                        Err("the id inside does not match the file name".into())
                    } else {
                        Ok(s)
                    }
                })
        };
        parsed.map_err(|reason| {
            let moved_to = Self::set_aside(&path);
            SessionError::Corrupt {
                path,
                reason,
                moved_to,
            }
        })
    }

    fn set_aside(path: &Path) -> PathBuf {
        let mut n = 1;
        loop {
            let target = path.with_extension(format!("toml.corrupt-{n}"));
            if !target.exists() {
                return match std::fs::rename(path, &target) {
                    Ok(()) => target,
                    Err(_) => path.to_path_buf(),
                };
            }
            n += 1;
        }
    }

    /// Saved sessions, most recently updated first. Unreadable files are skipped here (and set
    /// aside when loaded).
    pub fn list(&self) -> Vec<SessionSummary> {
        let Ok(read) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut out: Vec<SessionSummary> = read
            .flatten()
            .filter_map(|e| {
                let p = e.path();
                if p.extension()? != "toml" || e.metadata().ok()?.len() > MAX_SESSION_BYTES {
                    return None;
                }
                let s: SessionFile = toml::from_str(&std::fs::read_to_string(&p).ok()?).ok()?;
                (s.schema == SCHEMA).then_some(SessionSummary {
                    id: s.id,
                    questionnaire: s.questionnaire,
                    updated: s.updated,
                    answered: s.answers.len(),
                    finished: s.finished,
                })
            })
            .collect();
        out.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| b.id.cmp(&a.id)));
        out
    }

    pub fn delete(&self, id: &str) -> Result<(), SessionError> {
        if !valid_session_id(id) {
            return Err(SessionError::NotFound(id.to_string()));
        }
        std::fs::remove_file(self.path_of(id)).map_err(|_| SessionError::NotFound(id.to_string()))
    }
}
