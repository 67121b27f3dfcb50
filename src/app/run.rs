//! What the interactive front-ends (full-screen, inline and plain) share about a run: the options
//! it starts with, autosave of the session after every answer, the lock that keeps Ctrl-C out of a
//! save, and the texts about resuming.
//!
//! Autosave never stops the wizard: when the data directory cannot be written, the front-end shows
//! the warning and the user goes on without autosave.

use std::path::PathBuf;

use super::Runtime;
use crate::engine::Engine;
use crate::project::Project;
use crate::questionnaire::Questionnaire;
use crate::session::{Restored, SessionError, SessionFile, Store};

/// Held while a session is written, so Ctrl-C never ends the process in the middle of a save.
pub static SAVE_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// How a wizard run starts.
#[derive(Debug, Clone, Default)]
pub struct WizardOptions {
    /// Questionnaire id or path; `None` lets the user choose (or takes the default).
    pub questionnaire: Option<String>,
    /// A saved session to resume.
    pub resume: Option<String>,
    /// An example answers file (by id) to pre-fill.
    pub example: Option<String>,
    /// The run's configuration, data directory (sessions, imported lists) and contact.
    pub runtime: std::sync::Arc<Runtime>,
    /// The project given on the command line (`--project`, `--reference`): set on the session
    /// (its non-empty parts replace those of a resumed session), and not asked for.
    pub project: Option<Project>,
    /// Whether colour may be used.
    pub color: bool,
    /// The colour theme of the full-screen wizard.
    pub theme: ThemeChoice,
    /// The file operations of saves; `None` is the real file system. Tests inject failures here.
    pub file_ops: Option<std::sync::Arc<dyn crate::session::FileOps>>,
}

impl WizardOptions {
    /// The session store in the data directory, over [`WizardOptions::file_ops`].
    pub fn open_store(&self) -> Result<Store, SessionError> {
        match &self.runtime.data_dir {
            Some(dir) => match &self.file_ops {
                Some(ops) => Store::open_with(dir, ops.clone()),
                None => Store::open(dir),
            },
            None => Err(SessionError::Dir {
                path: PathBuf::from("(none)"),
                source: std::io::Error::other(
                    "no data directory could be found; use --data-dir DIR",
                ),
            }),
        }
    }
}

pub use crate::config::{ThemeChoice, Ui};

/// Where the answers stand on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveState {
    /// Autosave is off (no usable data directory): nothing is on disk.
    Off,
    /// The last save succeeded: every answer given so far is on disk.
    Saved,
    /// The last save failed: the latest answers are only in memory.
    Failed,
}

/// Saves the session after every change. Holds the session record and the last problem.
#[derive(Debug)]
pub struct Autosave {
    store: Option<Store>,
    pub session: SessionFile,
    /// Set when saving failed; the wizard shows it and carries on.
    pub warning: Option<String>,
    state: SaveState,
    /// Whether the session file exists on disk (created exclusively at the start).
    created: bool,
    /// Why the last save failed.
    error: Option<String>,
}

impl Autosave {
    /// Starts autosave for a session already on disk (a resumed one). `store` is `None` (with a
    /// warning) when the data directory is unusable.
    pub fn new(store: Result<Store, SessionError>, session: SessionFile) -> Self {
        match store {
            Ok(store) => Self {
                store: Some(store),
                session,
                warning: None,
                state: SaveState::Saved,
                created: true,
                error: None,
            },
            Err(e) => Self {
                store: None,
                session,
                warning: Some(format!("{e}. Autosave is off for this run.")),
                state: SaveState::Off,
                created: false,
                error: None,
            },
        }
    }

    /// A new session for `q` in `store`, written at once under a fresh id that no other run can
    /// take (see [`Store::create`]).
    pub fn start(store: Result<Store, SessionError>, q: &Questionnaire, now: &str) -> Self {
        let id = store
            .as_ref()
            .map_or_else(|_| "unsaved".to_string(), |s| s.new_id(now));
        let mut autosave = Self::new(store, SessionFile::new(id, q, now));
        autosave.created = false;
        if let Some(store) = &autosave.store {
            match store.create(&mut autosave.session) {
                Ok(()) => autosave.created = true,
                Err(e) => autosave.fail(&e),
            }
        }
        autosave
    }

    pub fn is_on(&self) -> bool {
        self.store.is_some()
    }

    /// Where the answers stand on disk after the last save.
    pub fn state(&self) -> SaveState {
        self.state
    }

    /// Whether every answer given so far is on disk.
    pub fn is_saved(&self) -> bool {
        self.state == SaveState::Saved
    }

    fn fail(&mut self, e: &SessionError) {
        self.state = SaveState::Failed;
        self.error = Some(e.to_string());
        self.warning = Some(format!(
            "{e}. Your latest answers are kept in memory only; export the report before you quit."
        ));
    }

    /// Records and saves the engine state. Returns false when it could not be saved.
    pub fn save(&mut self, engine: &Engine, now: &str) -> bool {
        self.session.record(engine, now);
        let Some(store) = &self.store else {
            return false;
        };
        let result = if self.created {
            store.save(&self.session)
        } else {
            store.create(&mut self.session)
        };
        match result {
            Ok(()) => {
                self.created = true;
                self.state = SaveState::Saved;
                self.warning = None;
                self.error = None;
                true
            }
            Err(e) => {
                self.fail(&e);
                false
            }
        }
    }

    pub fn session_id(&self) -> &str {
        &self.session.id
    }

    /// Sets the session's project (`None` or an empty one removes it) and saves at once.
    /// Returns false when it could not be saved.
    pub fn set_project(&mut self, project: Option<Project>, engine: &Engine, now: &str) -> bool {
        self.session.set_project(project);
        self.save(engine, now)
    }

    /// What to tell the user about their answers when the run ends: saved (with how to go on),
    /// not saved since a failure, or never saved.
    pub fn farewell(&self, resume: Option<&str>) -> String {
        match self.state {
            SaveState::Off => "Autosave was off: your answers were not saved.".to_string(),
            SaveState::Saved => match resume {
                Some(cmd) => format!(
                    "Your answers are saved as session {}. To continue, run: {cmd}",
                    self.session.id
                ),
                None => format!("Your answers are saved as session {}.", self.session.id),
            },
            SaveState::Failed => format!(
                "Warning: your latest answers were NOT saved ({}). Session {} holds only the \
                 answers saved before the failure.",
                crate::diag::sanitize(self.error.as_deref().unwrap_or("the last save failed")),
                self.session.id
            ),
        }
    }
}

/// The project after the command line: the non-empty parts given replace the saved ones.
pub fn merge_project(saved: Option<&Project>, given: Option<&Project>) -> Option<Project> {
    let mut out = saved.cloned().unwrap_or_default();
    if let Some(g) = given {
        if !g.title.is_empty() {
            out.title.clone_from(&g.title);
        }
        if !g.reference.is_empty() {
            out.reference.clone_from(&g.reference);
        }
    }
    out.non_empty()
}

/// What the start of a front-end asks about the project: why, and the two prompts.
pub const PROJECT_WHY: &str = "Which project is this check for? This is optional: the title and \
     reference are printed at the top of the report, so that whoever reads it knows whose project \
     it is. Press Enter to skip either.";
/// The prompt for the project's title.
pub const PROJECT_TITLE_PROMPT: &str = "Project title (optional)";
/// The prompt for the project's reference.
pub const PROJECT_REFERENCE_PROMPT: &str =
    "Project reference, e.g. a file or case number (optional)";

/// Describes what changed when a session was restored, for the user.
pub fn describe_restore(restored: &Restored, q: &Questionnaire) -> Option<String> {
    if !restored.questionnaire_changed && restored.dropped.is_empty() {
        return None;
    }
    let mut text = String::new();
    if restored.questionnaire_changed {
        text.push_str(&format!(
            "The questionnaire has changed since this session was saved (now version {}). Answers that still fit were kept.",
            q.meta.version
        ));
    }
    for (id, why) in &restored.dropped {
        text.push_str(&format!(" Answer to `{id}` not restored: {why}."));
    }
    Some(text.trim().to_string())
}

/// The command that resumes a session, with the options it needs (questionnaire path, data
/// directory), shell-quoted and sanitised.
pub fn resume_command(options: &WizardOptions, id: &str, q: &Questionnaire, plain: bool) -> String {
    let ui = if plain { Ui::Plain } else { Ui::FullScreen };
    resume_command_for(options, id, q, ui)
}

/// [`resume_command`] for any front-end.
pub fn resume_command_for(options: &WizardOptions, id: &str, q: &Questionnaire, ui: Ui) -> String {
    let quote = |s: &str| {
        let s = crate::diag::sanitize(s);
        if s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@+,".contains(c))
        {
            s
        } else {
            format!("'{}'", s.replace('\'', "'\\''"))
        }
    };
    let mut cmd = String::from(match ui {
        Ui::FullScreen => "dualcheck",
        Ui::Inline => "dualcheck run --inline",
        Ui::Plain => "dualcheck run --plain",
    });
    if !q.is_embedded() {
        cmd.push_str(" --questionnaire ");
        cmd.push_str(&quote(&q.origin));
    }
    if let Some(dir) = &options.runtime.data_dir
        && crate::session::data_dir(None).as_ref() != Some(dir)
    {
        cmd.push_str(" --data-dir ");
        cmd.push_str(&quote(&dir.display().to_string()));
    }
    cmd.push_str(" --resume ");
    cmd.push_str(&quote(id));
    cmd
}
