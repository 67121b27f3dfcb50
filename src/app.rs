//! The application layer under every command and front-end.
//!
//! [`Runtime`] is what a run knows about its surroundings: the configuration, read once by the
//! command line and passed down (there is no global configuration), the data directory and the
//! restricted-party lists imported there. Through it the shell loads questionnaires (shipped
//! packs and the institution's) and builds reports, which therefore always carry the contact and
//! the screening. [`Failure`] is the one error the shell ends a command with; [`now_rfc3339`] is
//! its clock. [`start`] is how every interactive run starts.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::answers::Answer;
use crate::assess::{self, Contact, Report};
use crate::config::Config;
use crate::diag::{Diagnostic, Sources};
use crate::exit;
use crate::project::Project;
use crate::questionnaire::Questionnaire;
use crate::questionnaire::catalog::Catalog;
use crate::questionnaire::load::Loaded;
use crate::screening::matcher::Index;

pub mod input;
pub mod run;
pub mod start;

/// What kind of failure ended a command; it decides the exit code (the table in [`crate::exit`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// A mistake in how the program was called, or something asked for that does not exist.
    Usage,
    /// A file with problems in it (rendered diagnostics, or one line saying what is wrong).
    Problems,
    /// Reading or writing failed.
    Io,
    /// Input ended or the user interrupted.
    Interrupted,
}

/// The one error the shell ends a command with: what went wrong, in words people can act on,
/// and its kind. The message carries no prefix: [`Failure::render`] gives the one style every
/// command prints, and [`Failure::code`] the one mapping to exit codes.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.render())]
pub struct Failure {
    pub kind: FailureKind,
    pub message: String,
}

impl Failure {
    pub fn new(kind: FailureKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }
    /// A mistake in how the program was called (exit code 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(FailureKind::Usage, message)
    }
    /// A file with problems in it (exit code 1).
    pub fn problems(message: impl Into<String>) -> Self {
        Self::new(FailureKind::Problems, message)
    }
    /// Reading or writing failed (exit code 3).
    pub fn io(message: impl Into<String>) -> Self {
        Self::new(FailureKind::Io, message)
    }

    /// The exit code of this failure.
    pub fn code(&self) -> u8 {
        match self.kind {
            FailureKind::Usage => exit::USAGE,
            FailureKind::Problems => exit::PROBLEMS,
            FailureKind::Io => exit::IO,
            FailureKind::Interrupted => exit::INTERRUPTED,
        }
    }

    /// The failure as printed: `error: ` and the message, or rendered diagnostics as they are
    /// (they carry their own `error[...]` and `warning[...]` headings); empty for none.
    pub fn render(&self) -> String {
        let m = self.message.trim_end();
        let diagnostics =
            m.starts_with("error[") || m.starts_with("warning[") || m.starts_with('\u{1b}');
        if m.is_empty() || diagnostics {
            m.to_string()
        } else {
            format!("error: {m}")
        }
    }

    /// The same failure with a line added to its message.
    #[must_use]
    pub fn with_line(mut self, line: &str) -> Self {
        self.message = format!("{}\n{line}", self.message.trim_end());
        self
    }
}

/// The time stamp of reports: `SOURCE_DATE_EPOCH` when set (reproducible output), else now.
pub fn now_rfc3339() -> String {
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .and_then(|s| time::OffsetDateTime::from_unix_timestamp(s).ok())
        .unwrap_or_else(time::OffsetDateTime::now_utc);
    now.replace_nanosecond(0)
        .unwrap_or(now)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Writes a report in place, owner-only (reports hold answers); refuses symbolic links and
/// special files rather than replacing them (see [`crate::files::write_output`]).
pub fn write_report(path: &Path, bytes: &[u8]) -> Result<(), crate::files::OutputError> {
    crate::files::write_output(path, bytes)
}

/// Diagnostics as printed on standard error: the severity in bold red or yellow when `color`
/// is on (the core renders plain text and leaves the colour to the shell).
pub fn render_diagnostics(sources: &Sources, diags: &[Diagnostic], color: bool) -> String {
    sources.render_all_with(diags, &|severity, word| {
        if color {
            let code = match severity {
                crate::diag::Severity::Error => "1;31",
                crate::diag::Severity::Warning => "1;33",
            };
            format!("\x1b[{code}m{word}\x1b[0m")
        } else {
            word.to_string()
        }
    })
}

/// What a run knows about its surroundings, built once by the command line and passed down.
///
/// `Runtime::default()` is hermetic: no configuration file, no data directory, no lists. Tests
/// use it, so nothing in a developer's own configuration can change their outcome.
#[derive(Debug, Default, Clone)]
pub struct Runtime {
    /// The configuration (the defaults when there is no file).
    pub config: Config,
    /// The data directory (sessions, imported lists); `None` when none could be determined.
    pub data_dir: Option<PathBuf>,
    /// Whether diagnostics on standard error are coloured.
    pub stderr_color: bool,
    /// The imported lists, read on first use.
    lists: OnceLock<Option<Arc<Index>>>,
}

impl Runtime {
    pub fn new(config: Config, data_dir: Option<PathBuf>, stderr_color: bool) -> Self {
        Self {
            config,
            data_dir,
            stderr_color,
            lists: OnceLock::new(),
        }
    }

    /// A hermetic context over a data directory (tests, benchmarks).
    pub fn with_data_dir(data_dir: Option<PathBuf>) -> Self {
        Self {
            data_dir,
            ..Self::default()
        }
    }

    /// The export-control contact printed in reports.
    pub fn contact(&self) -> Option<Contact> {
        self.config.contact()
    }

    /// The catalog: shipped packs, and the institution's packs from the configured
    /// `extra_questionnaire_dirs` (which replace a shipped pack of the same id).
    pub fn catalog(&self) -> Catalog {
        let mut catalog = Catalog::embedded();
        for dir in &self.config.extra_questionnaire_dirs {
            catalog.add_dir(dir);
        }
        catalog
    }

    /// The restricted-party lists imported in the data directory, read once; `None` without
    /// imported lists (or when the index cannot be read: then the partner-names question says
    /// that the names are not screened).
    pub fn lists(&self) -> Option<Arc<Index>> {
        self.lists
            .get_or_init(|| {
                let dir = self.data_dir.as_ref()?;
                let store = crate::screening::store::load(dir).ok()?;
                (!store.lists.is_empty()).then(|| Arc::new(Index::new(store.lists)))
            })
            .clone()
    }

    /// Diagnostics rendered for standard error, as a failure of `kind`.
    pub fn render_failure(
        &self,
        sources: &Sources,
        diags: &[Diagnostic],
        kind: FailureKind,
    ) -> Failure {
        Failure::new(kind, render_diagnostics(sources, diags, self.stderr_color))
    }

    /// Loads a questionnaire by id or path, failing with rendered diagnostics.
    pub fn load_questionnaire(&self, spec: &str) -> Result<Questionnaire, Failure> {
        let mut catalog = self.catalog();
        let loaded = catalog
            .resolve(spec)
            .map_err(|d| self.render_failure(&catalog.sources, &[d], FailureKind::Usage))?;
        self.finish_load(&catalog.sources, loaded)
    }

    /// Loads a questionnaire by id only: for the `questionnaire` named inside an answers or
    /// session file, which must never make dualcheck read a path.
    pub fn load_questionnaire_id(&self, id: &str) -> Result<Questionnaire, Failure> {
        let catalog = self.catalog();
        let loaded = catalog
            .resolve_id(id)
            .map_err(|d| self.render_failure(&catalog.sources, &[d], FailureKind::Usage))?;
        self.finish_load(&catalog.sources, loaded)
    }

    fn finish_load(&self, sources: &Sources, loaded: Loaded) -> Result<Questionnaire, Failure> {
        let errors: Vec<Diagnostic> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        match loaded.questionnaire {
            Some(mut q) if errors.is_empty() => {
                crate::screening::shell::annotate(&mut q, self.lists().as_deref());
                Ok(q)
            }
            _ => Err(self.render_failure(sources, &errors, FailureKind::Problems)),
        }
    }

    /// The report on these answers, with this run's contact and the screening of the partner
    /// names against the imported lists: every front-end and command builds reports here.
    pub fn report(
        &self,
        q: &Questionnaire,
        answers: &[Option<Answer>],
        generated_at: &str,
        project: Option<Project>,
    ) -> Report {
        let mut report = assess::assess_with(q, answers, generated_at, self.contact(), project);
        crate::screening::shell::apply(&mut report, q, answers, self.lists().as_deref());
        report
    }
}
