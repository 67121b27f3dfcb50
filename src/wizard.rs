//! What the interactive front-ends (full-screen, inline and plain) share: the options they start
//! with, and autosave of the session after every answer.
//!
//! Autosave never stops the wizard: when the data directory cannot be written, the front-end shows
//! the warning and the user goes on without autosave.

use std::path::PathBuf;

use crate::assess::Contact;
use crate::engine::Engine;
use crate::questionnaire::Questionnaire;
use crate::session::{Restored, SessionError, SessionFile, Store};

/// How a wizard run starts.
#[derive(Debug, Clone, Default)]
pub struct WizardOptions {
    /// Questionnaire id or path; `None` lets the user choose (or takes the default).
    pub questionnaire: Option<String>,
    /// A saved session to resume.
    pub resume: Option<String>,
    /// An example answers file (by id) to pre-fill.
    pub example: Option<String>,
    /// The data directory (sessions); `None` when none could be determined.
    pub data_dir: Option<PathBuf>,
    /// The institution's export-control contact.
    pub contact: Option<Contact>,
    /// Whether colour may be used.
    pub color: bool,
    /// The colour theme of the full-screen wizard.
    pub theme: ThemeChoice,
}

/// `--theme` / `DUALCHECK_THEME`: the colour theme of the full-screen wizard.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ThemeChoice {
    #[default]
    Default,
    /// Bright text on black, bold highlights: for low vision and bright rooms.
    HighContrast,
}

/// `--ui` / `DUALCHECK_UI` / the `ui` setting: which front-end `dualcheck run` opens.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Ui {
    /// The full-screen wizard.
    #[default]
    FullScreen,
    /// Inline prompts that stay in the scrollback.
    Inline,
    /// Plain line prompts for screen readers, dumb terminals and slow links.
    Plain,
}

impl Ui {
    /// The name used in `--ui` and in the configuration.
    pub fn name(self) -> &'static str {
        match self {
            Ui::FullScreen => "full-screen",
            Ui::Inline => "inline",
            Ui::Plain => "plain",
        }
    }

    /// Every name, for messages.
    pub const NAMES: [&'static str; 3] = ["full-screen", "inline", "plain"];

    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "full-screen" => Some(Ui::FullScreen),
            "inline" => Some(Ui::Inline),
            "plain" => Some(Ui::Plain),
            _ => None,
        }
    }
}

/// Saves the session after every change. Holds the session record and the last problem.
#[derive(Debug)]
pub struct Autosave {
    store: Option<Store>,
    pub session: SessionFile,
    /// Set when saving failed; the wizard shows it and carries on.
    pub warning: Option<String>,
}

impl Autosave {
    /// Starts autosave for a new or restored session. `store` is `None` (with a warning) when the
    /// data directory is unusable.
    pub fn new(store: Result<Store, SessionError>, session: SessionFile) -> Self {
        match store {
            Ok(store) => Self {
                store: Some(store),
                session,
                warning: None,
            },
            Err(e) => Self {
                store: None,
                session,
                warning: Some(format!("{e}. Autosave is off for this run.")),
            },
        }
    }

    /// A new session for `q` in `store`.
    pub fn start(store: Result<Store, SessionError>, q: &Questionnaire, now: &str) -> Self {
        let id = store
            .as_ref()
            .map_or_else(|_| "unsaved".to_string(), |s| s.new_id(now));
        Self::new(store, SessionFile::new(id, q, now))
    }

    pub fn is_on(&self) -> bool {
        self.store.is_some()
    }

    /// Records and saves the engine state. Returns false when it could not be saved.
    pub fn save(&mut self, engine: &Engine, now: &str) -> bool {
        self.session.record(engine, now);
        let Some(store) = &self.store else {
            return false;
        };
        match store.save(&self.session) {
            Ok(()) => {
                self.warning = None;
                true
            }
            Err(e) => {
                self.warning = Some(format!(
                    "{e}. Your answers are kept in memory; export the report before you quit."
                ));
                false
            }
        }
    }

    pub fn session_id(&self) -> &str {
        &self.session.id
    }
}

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
    if q.origin != "embedded" {
        cmd.push_str(" --questionnaire ");
        cmd.push_str(&quote(&q.origin));
    }
    if let Some(dir) = &options.data_dir
        && crate::session::data_dir(None).as_ref() != Some(dir)
    {
        cmd.push_str(" --data-dir ");
        cmd.push_str(&quote(&dir.display().to_string()));
    }
    cmd.push_str(" --resume ");
    cmd.push_str(&quote(id));
    cmd
}
