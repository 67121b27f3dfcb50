//! The state of the wizard once a questionnaire is chosen: the engine, what is on screen, the
//! editing state, overlays and focus. No terminal in here: [`super::update`] changes it, the views
//! only read it, and [`App::perform`] is the one place that touches the disk (autosave, export).

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::path::PathBuf;

use ratatui::layout::Size;

use super::input::Input;
use super::theme::Theme;
use crate::app::run::Autosave;
use crate::assess::Report;
use crate::engine::Engine;
use crate::exit;
use crate::questionnaire::{Kind, Question, QuestionIx, Questionnaire, SectionIx};
use crate::report::Format;

/// The smallest terminal the layout is designed for.
pub const MIN_SIZE: Size = Size {
    width: 60,
    height: 16,
};

/// Terminals at least this wide show the help panel beside the question.
pub const WIDE: u16 = 100;

/// The main screens. Whether the wizard shows a question or the result follows from the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Wizard,
    Review,
}

/// Windows drawn over the screen; they take the keys while open.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help,
    Quit,
    Export,
    Notice(String),
    /// The project's title and reference, asked when a new session starts.
    Project,
}

/// The project form: a title and a reference, both optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProjectForm {
    pub title: String,
    pub reference: String,
    /// The field being typed in: the title (`false`) or the reference (`true`).
    pub on_reference: bool,
    /// Caret position in the field being typed in, in characters.
    pub caret: usize,
    /// Why the last Enter or key was refused.
    pub error: Option<String>,
}

impl ProjectForm {
    /// The text of the field being typed in.
    pub fn current(&self) -> &str {
        if self.on_reference {
            &self.reference
        } else {
            &self.title
        }
    }

    /// Moves to the other field, caret at its end.
    pub fn switch(&mut self) {
        self.on_reference = !self.on_reference;
        self.caret = self.current().chars().count();
    }
}

/// Which panel the arrows scroll.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Main,
    Help,
}

/// What a region of the frame is, for the mouse (see [`super::layout`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    Row(usize),
    HelpPanel,
    MainPanel,
    Finding(usize),
    Detail,
    ReviewRow(usize),
}

/// The export dialog.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    pub path: String,
    pub format: Format,
    /// The outcome of the last attempt: the absolute path written, or the error.
    pub outcome: Option<Result<String, String>>,
    /// Caret position in `path`, in characters.
    pub caret: usize,
    /// Enter was pressed once on a file that exists: the next Enter replaces it.
    pub overwrite_asked: bool,
    /// The folder relative names are saved under: the working folder when the wizard started.
    pub folder: PathBuf,
}

impl Export {
    /// The file the report goes to: `~` expanded, relative names under the working folder.
    pub fn target(&self) -> Option<PathBuf> {
        let typed = self.path.trim();
        if typed.is_empty() {
            return None;
        }
        let home = || directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
        let path = match typed.strip_prefix('~') {
            Some("") => home()?,
            Some(rest) if rest.starts_with('/') || rest.starts_with(std::path::MAIN_SEPARATOR) => {
                home()?.join(rest.trim_start_matches(['/', std::path::MAIN_SEPARATOR]))
            }
            _ => PathBuf::from(typed),
        };
        let path = self.folder.join(path);
        Some(std::path::absolute(&path).unwrap_or(path))
    }

    /// Replaces the typed path, caret at its end.
    pub fn set_path(&mut self, path: String) {
        self.caret = path.chars().count();
        self.path = path;
        self.outcome = None;
        self.overwrite_asked = false;
    }
}

/// A write error in words, without temporary file names or other internals.
fn write_error(path: &std::path::Path, e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let folder = path
        .parent()
        .map_or_else(String::new, |p| p.display().to_string());
    match e.kind() {
        ErrorKind::NotFound => format!("The folder {folder} does not exist. Choose another one."),
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
            format!("You may not write to the folder {folder}. Choose another one.")
        }
        ErrorKind::IsADirectory => format!("{} is a folder: add a file name.", path.display()),
        ErrorKind::NotADirectory => format!("Part of {folder} is a file, not a folder."),
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
            "The disk is full. Free some space or choose another place.".into()
        }
        kind => format!("Cannot write {}: {kind}.", path.display()),
    }
}

/// Something the shell must do after an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    None,
    /// Save the session (after an answer or a move).
    Save,
    /// Write the report as set in the export dialog.
    Export,
    /// Save and end with this exit code.
    Quit(u8),
}

/// The wizard's state.
#[derive(Debug)]
pub struct App<'q> {
    pub q: &'q Questionnaire,
    pub engine: Engine<'q>,
    pub autosave: Autosave,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    pub input: Input,
    pub focus: Focus,
    pub help_scroll: u16,
    /// Sections whose introduction was shown.
    pub intros_seen: BTreeSet<SectionIx>,
    pub review_cursor: usize,
    pub finding_cursor: usize,
    pub detail_scroll: u16,
    pub export: Export,
    /// Keys 1-9 choose options (can be turned off in the help window).
    pub number_keys: bool,
    pub theme: Theme,
    /// The run's configuration and lists: reports are built by it (with the contact).
    pub runtime: std::sync::Arc<crate::app::Runtime>,
    /// The command that resumes this session, shown when quitting.
    pub resume: String,
    /// A one-line message for the status line, cleared by the next key.
    pub status: Option<String>,
    pub size: Size,
    /// The last assessment and the answers it was made on.
    report_cache: RefCell<Option<(Vec<Option<crate::answers::Answer>>, Report)>>,
    /// Scroll offset of the help window.
    pub overlay_scroll: u16,
    /// The time stamp source (injected, so tests are deterministic).
    pub clock: fn() -> String,
    /// Whether a save has succeeded in this run.
    pub saved_once: bool,
    /// The question on screen was opened with "change this answer" from the review: once it is
    /// answered (and any question the change brought in), the review comes back.
    /// Holds the first open question at the time of the jump (`None`: all were answered).
    pub return_to_review: Option<Option<QuestionIx>>,
    /// The project form's state (see [`Overlay::Project`]).
    pub project_form: ProjectForm,
    /// The window to show once the project form closes (e.g. an autosave warning).
    pub after_project: Option<Overlay>,
}

impl<'q> App<'q> {
    /// A wizard over `engine`, saving through `autosave`.
    pub fn new(engine: Engine<'q>, autosave: Autosave, theme: Theme, size: Size) -> Self {
        let q = engine.questionnaire();
        let session = autosave.session_id().to_string();
        let default_export = format!(
            "dualcheck-report-{session}.{}",
            Format::Markdown.extension()
        );
        let mut app = Self {
            q,
            engine,
            autosave,
            screen: Screen::Wizard,
            overlay: None,
            input: Input::default(),
            focus: Focus::Main,
            help_scroll: 0,
            intros_seen: BTreeSet::new(),
            review_cursor: 0,
            finding_cursor: 0,
            detail_scroll: 0,
            export: Export {
                caret: default_export.chars().count(),
                path: default_export,
                format: Format::Markdown,
                outcome: None,
                overwrite_asked: false,
                folder: std::env::current_dir().unwrap_or_default(),
            },
            number_keys: true,
            theme,
            runtime: std::sync::Arc::default(),
            resume: crate::app::run::resume_command(
                &crate::app::run::WizardOptions::default(),
                &session,
                q,
                false,
            ),
            status: None,
            size,
            report_cache: RefCell::new(None),
            overlay_scroll: 0,
            clock: crate::app::now_rfc3339,
            saved_once: false,
            return_to_review: None,
            project_form: ProjectForm::default(),
            after_project: None,
        };
        // Sections the user already worked in need no introduction again.
        let walk = app.engine.walk();
        for &i in &walk.path {
            let done = app.engine.answer_of(i).is_some() || app.engine.seen_notes().contains(&i);
            if done {
                app.intros_seen.insert(q.questions[i].section);
            }
        }
        if let Some(c) = app.current() {
            app.input = Input::new(c, &q.questions[c], app.engine.answer_of(c));
        }
        app
    }

    /// The question on screen, `None` on the result.
    pub fn current(&self) -> Option<QuestionIx> {
        self.engine.current()
    }

    pub fn question(&self, i: QuestionIx) -> &'q Question {
        &self.q.questions[i]
    }

    /// The section whose introduction is shown before the current question, if any.
    pub fn pending_intro(&self) -> Option<SectionIx> {
        let c = self.current()?;
        let s = self.q.questions[c].section;
        (self.q.sections[s].intro.is_some() && !self.intros_seen.contains(&s)).then_some(s)
    }

    /// Rebuilds the editing state when the question on screen changed.
    pub fn sync_input(&mut self) {
        let Some(c) = self.current() else {
            return;
        };
        if self.input.question != c {
            self.input = Input::new(c, &self.q.questions[c], self.engine.answer_of(c));
            self.help_scroll = 0;
            self.focus = Focus::Main;
        }
    }

    /// Whether typed letters go into a text field right now.
    pub fn is_editing(&self) -> bool {
        match self.overlay {
            Some(Overlay::Export | Overlay::Project) => return true,
            Some(_) => return false,
            None => {}
        }
        self.screen == Screen::Wizard
            && self.focus == Focus::Main
            && self.pending_intro().is_none()
            && self
                .current()
                .is_some_and(|c| self.input.is_editing(self.question(c)))
    }

    /// Whether the terminal is below the minimum size.
    pub fn too_small(&self) -> bool {
        self.size.width < MIN_SIZE.width || self.size.height < MIN_SIZE.height
    }

    /// Whether the help panel is beside the question (else below, or only behind `?`).
    pub fn wide(&self) -> bool {
        self.size.width >= WIDE
    }

    /// Whether the help panel fits on screen at all.
    pub fn help_panel_shown(&self) -> bool {
        self.wide() || self.size.height >= 22
    }

    /// The assessment of the current answers, computed once per set of answers (the materiality
    /// analysis is not redone for every frame).
    pub fn report(&self) -> Report {
        let answers = self.engine.answers();
        let cached = self
            .report_cache
            .borrow()
            .as_ref()
            .filter(|(a, _)| a.as_slice() == answers)
            .map(|(_, r)| r.clone());
        let mut report = cached.unwrap_or_else(|| {
            let r = self.runtime.report(self.q, answers, &(self.clock)(), None);
            *self.report_cache.borrow_mut() = Some((answers.to_vec(), r.clone()));
            r
        });
        report.set_project(self.autosave.session.project.clone());
        report
    }

    /// Opens the project form over what else would show (`after`, e.g. a notice, comes next).
    pub fn ask_project(&mut self) {
        let p = self.autosave.session.project.clone().unwrap_or_default();
        self.project_form = ProjectForm {
            caret: p.title.chars().count(),
            title: p.title,
            reference: p.reference,
            ..ProjectForm::default()
        };
        self.after_project = self.overlay.take();
        self.overlay = Some(Overlay::Project);
    }

    /// Number of answered questions that no longer count.
    pub fn set_aside_count(&self) -> usize {
        self.engine.set_aside().len()
    }

    /// Whether the question takes typed input.
    pub fn is_field_kind(&self, i: QuestionIx) -> bool {
        matches!(self.q.questions[i].kind, Kind::Number | Kind::Text)
    }

    /// Carries out an effect. Returns the exit code when the run ends.
    pub fn perform(&mut self, effect: Effect) -> Option<u8> {
        match effect {
            Effect::None => None,
            Effect::Save => {
                self.save();
                None
            }
            Effect::Export => {
                self.write_export();
                None
            }
            Effect::Quit(code) => {
                self.save();
                Some(code)
            }
        }
    }

    fn save(&mut self) {
        let now = (self.clock)();
        let was_saved = self.autosave.is_saved();
        // A signal that ends the run waits for a save in progress.
        let guard = crate::app::run::SAVE_LOCK
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let saved = self.autosave.save(&self.engine, &now);
        let resume = (!self.engine.is_complete()).then_some(self.resume.as_str());
        super::set_interrupt_note(self.autosave.farewell(resume));
        drop(guard);
        if saved {
            self.saved_once = true;
        } else if was_saved && let Some(w) = &self.autosave.warning {
            // A save just failed: say so at once, not only on the quit screen.
            self.overlay = Some(Overlay::Notice(w.clone()));
        }
    }

    fn write_export(&mut self) {
        let Some(path) = self.export.target() else {
            self.export.outcome = Some(Err("Enter a file name.".into()));
            return;
        };
        if path.is_dir() {
            self.export.outcome = Some(Err(format!(
                "{} is a folder: add a file name.",
                path.display()
            )));
            return;
        }
        let text = self.export.format.write(&self.report());
        self.export.overwrite_asked = false;
        self.export.outcome = Some(match crate::app::write_report(&path, text.as_bytes()) {
            Ok(()) => Ok(std::path::absolute(&path)
                .unwrap_or(path)
                .display()
                .to_string()),
            Err(crate::files::OutputError::Io(e)) => Err(write_error(&path, &e)),
            Err(e) => Err(format!("Not saved to {}: {e}.", path.display())),
        });
    }

    /// The exit code for a plain quit.
    pub const QUIT: u8 = exit::SUCCESS;
}
