//! Inline mode (`dualcheck run --inline`, `--ui inline`, `DUALCHECK_UI=inline`, or `ui = "inline"`
//! in the configuration): the wizard as dialoguer prompts drawn in the normal screen, so that the
//! questions and answers stay in the scrollback, for editor terminals, multiplexer panes and slow
//! remote sessions.
//!
//! It starts like every front-end (the same [`crate::app::start`]: questionnaire, new session,
//! resume or example), drives the same [`Engine`](crate::engine::Engine), saves the same session
//! file after every answer and prints the same reports, so a session moves freely between the
//! three front-ends.
//!
//! dialoguer is used here and in `config init` only. It hides the cursor while a menu is open;
//! every way out of a prompt (an answer, Esc, Ctrl-C) shows it again. Its keys: in menus `q` also
//! goes back (like Esc) and `j`/`k` move; a fresh single choice starts with no row selected, so
//! Enter does nothing until an arrow key picks a row. In a number or text field Esc goes back
//! while the field is empty (the first key is read here, then dialoguer's input takes over).
//!
//! Ending early: Ctrl-C saves (waiting for a save in progress), shows the cursor, says how to
//! resume and exits 130; so does the end of input. "Save and finish later" in the review, or `q`
//! typed in a field, saves and exits 0.

mod ask;
pub mod convert;
mod finish;
pub mod setup;
pub mod theme;

use std::io::{self, Write as _};
use std::sync::{Mutex, PoisonError};

use dialoguer::console::{Key, Term};

use crate::app::run::SAVE_LOCK;
use crate::app::run::{Autosave, Ui, WizardOptions};
use crate::app::start::{self, Plan};
use crate::app::{Failure, FailureKind};
use crate::diag::sanitize;
use crate::exit;
use crate::questionnaire::{Questionnaire, SectionIx};
use theme::Look;

/// What to tell the user when Ctrl-C ends the run: how to resume.
static RESUME_HINT: Mutex<String> = Mutex::new(String::new());
/// Held by whoever ends the run on Ctrl-C (the signal handler or a prompt that read the key), so
/// the message is printed once.
static EXITING: Mutex<()> = Mutex::new(());

fn set_hint(text: &str) {
    text.clone_into(&mut RESUME_HINT.lock().unwrap_or_else(PoisonError::into_inner));
}

/// Ctrl-C: wait for a save in progress, show the cursor, say how to resume, exit 130. Every
/// answer is saved when it is given, so there is nothing else to write. Called from the signal
/// handler and from a prompt that read Ctrl-C as a key; whichever comes second waits here until
/// the process has ended.
fn interrupted() -> ! {
    let _exiting = EXITING.lock().unwrap_or_else(PoisonError::into_inner);
    let _saving = SAVE_LOCK.lock().unwrap_or_else(PoisonError::into_inner);
    let _ = Term::stdout().show_cursor();
    let hint = RESUME_HINT
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    let mut err = io::stderr();
    let _ = writeln!(err, "\nInterrupted. {hint}");
    let _ = err.flush();
    std::process::exit(i32::from(exit::INTERRUPTED));
}

/// A prompt's failure as an I/O error; Ctrl-C read as a key ends the run here.
fn checked<T>(r: dialoguer::Result<T>) -> io::Result<T> {
    match r {
        Ok(v) => Ok(v),
        Err(dialoguer::Error::IO(e)) if e.kind() == io::ErrorKind::Interrupted => interrupted(),
        Err(dialoguer::Error::IO(e)) => Err(e),
    }
}

/// One key, with Ctrl-C ending the run.
fn read_key(term: &Term) -> io::Result<Key> {
    match term.read_key() {
        Err(e) if e.kind() == io::ErrorKind::Interrupted => interrupted(),
        other => other,
    }
}

/// How the question loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The results were shown and the user finished.
    Finished,
    /// "Save and finish later".
    Quit,
}

/// What the loop needs besides the engine and the session.
pub struct Context {
    /// The run's configuration and lists: reports are built by it.
    pub runtime: std::sync::Arc<crate::app::Runtime>,
    /// The project the check is for, named in the report.
    pub project: Option<crate::project::Project>,
    pub clock: fn() -> String,
    /// Used in the suggested file name of a saved report (the session id).
    pub report_stem: String,
    /// How to continue later: what Ctrl-C says once the session file exists.
    pub resume: String,
}

/// The inline front-end on the terminal: prompts and text go to standard output.
pub struct Inline {
    term: Term,
    look: Look,
    /// The section last announced, so its intro is shown once.
    section: Option<SectionIx>,
    /// Whether the current autosave problem was already shown.
    warned: bool,
}

impl Inline {
    fn new(look: Look) -> Self {
        Self {
            term: Term::stdout(),
            look,
            section: None,
            warned: false,
        }
    }

    /// Prints one line (already sanitised where it holds outside text).
    fn say(&self, text: &str) -> io::Result<()> {
        self.term.write_line(text)
    }

    /// Text wrapped to the terminal, each line with `indent` in front; a list item ("- ", "1. ")
    /// hangs under its first word.
    fn say_wrapped(
        &self,
        text: &str,
        indent: &str,
        style: &dialoguer::console::Style,
    ) -> io::Result<()> {
        for line in convert::wrap_hanging(text, self.width().saturating_sub(indent.len())) {
            self.say(&format!("{indent}{}", style.apply_to(line)))?;
        }
        Ok(())
    }

    /// Columns available for text (the terminal's width, at most 100).
    fn width(&self) -> usize {
        usize::from(self.term.size().1).clamp(20, 100) - 2
    }
}

/// Runs inline mode on the terminal.
pub fn run(options: &WizardOptions) -> Result<u8, Failure> {
    let _ = ctrlc::set_handler(|| interrupted());
    set_hint("Nothing was saved yet.");
    let io_failure = |e: io::Error| {
        let kind = if e.kind() == io::ErrorKind::UnexpectedEof {
            FailureKind::Interrupted
        } else {
            FailureKind::Io
        };
        Failure::new(kind, e.to_string())
    };
    let mut ui = Inline::new(Look::new(options.theme, options.color));
    let store = start::store(options);
    let plan = match start::plan(options, store.as_ref().ok())? {
        Plan::Ask(choices) => match ui.choose(&choices).map_err(io_failure)? {
            Some(p) => p,
            None => return Ok(exit::SUCCESS),
        },
        plan => plan,
    };
    let (q, prepared) = start::prepare(plan, options, store.as_ref().ok(), &mut None)?;
    let clock: fn() -> String = crate::app::now_rfc3339;
    let start::Opened {
        mut engine,
        mut autosave,
        notice,
        resume,
        ask_project,
        ..
    } = start::open(&q, prepared, store, options, &clock(), Ui::Inline);
    // Ctrl-C names the session only once its file exists: after the first save, or now for a
    // resumed session.
    if notice.is_some() {
        set_hint(&resume);
    }
    ui.welcome(&q, &autosave, notice.as_deref())
        .map_err(io_failure)?;
    if ask_project {
        let project = ui.ask_project().map_err(io_failure)?;
        if project.is_some() {
            let _guard = SAVE_LOCK.lock().unwrap_or_else(PoisonError::into_inner);
            if autosave.set_project(project, &engine, &clock()) {
                set_hint(&resume);
            }
        }
    }
    let ctx = Context {
        runtime: options.runtime.clone(),
        project: autosave.session.project.clone(),
        clock,
        report_stem: autosave.session_id().to_string(),
        resume: resume.clone(),
    };
    let outcome = ui.run(&mut engine, &mut autosave, &ctx);
    {
        let _guard = SAVE_LOCK.lock().unwrap_or_else(PoisonError::into_inner);
        autosave.save(&engine, &clock());
    }
    let _ = ui.term.show_cursor();
    // After a failed save, "saved" would be a lie: say what is and is not on disk instead.
    let resume = if autosave.state() == crate::app::run::SaveState::Failed {
        autosave.farewell(None)
    } else {
        resume
    };
    let outcome = match outcome {
        Ok(o) => o,
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
            let _ = ui.say(&format!("\nEnd of input. {resume}"));
            return Ok(exit::INTERRUPTED);
        }
        Err(e) => {
            return Err(io_failure(e).with_line(&resume));
        }
    };
    let closing = match outcome {
        Outcome::Finished if autosave.state() == crate::app::run::SaveState::Failed => resume,
        Outcome::Finished if autosave.is_on() => format!(
            "Done. Your answers stay in session {}.",
            autosave.session_id()
        ),
        Outcome::Finished => "Done.".to_string(),
        Outcome::Quit => resume,
    };
    ui.say("").map_err(io_failure)?;
    ui.say(&closing).map_err(io_failure)?;
    Ok(exit::SUCCESS)
}

impl Inline {
    /// The start menu: a new check of a questionnaire, or an unfinished session. `None`: quit.
    fn choose(&self, choices: &start::Choices) -> io::Result<Option<Plan>> {
        let mut items: Vec<String> = Vec::new();
        let mut plans: Vec<Plan> = Vec::new();
        for (spec, line) in &choices.questionnaires {
            items.push(self.item_text(&format!("New check: {line}"), 2));
            plans.push(Plan::New(spec.clone()));
        }
        for (id, line) in &choices.sessions {
            items.push(self.item_text(&format!("Resume: {line}"), 2));
            plans.push(Plan::Resume(id.clone()));
        }
        items.push("Quit".into());
        let prompt = format!(
            "What would you like to do?\n  {}",
            self.look
                .dim
                .apply_to("↑/↓ move, Enter chooses, Esc quits.")
        );
        let picked = checked(
            dialoguer::Select::with_theme(&self.look.prompts)
                .max_length(self.page(&prompt, &items))
                .with_prompt(prompt)
                .items(&items)
                .report(false)
                .interact_on_opt(&self.term),
        )?;
        Ok(picked.and_then(|i| plans.get(i).cloned()))
    }

    fn welcome(
        &mut self,
        q: &Questionnaire,
        autosave: &Autosave,
        notice: Option<&str>,
    ) -> io::Result<()> {
        let m = &q.meta;
        self.say("")?;
        let title = self.look.title.clone();
        self.say_wrapped(
            &format!(
                "dualcheck · {}, version {}, legal data as of {}",
                sanitize(&m.title),
                sanitize(&m.version),
                sanitize(&m.legal_data_as_of)
            ),
            "",
            &title,
        )?;
        let plain = dialoguer::console::Style::new();
        if !m.description.trim().is_empty() {
            self.say_wrapped(&sanitize(m.description.trim()), "", &plain)?;
        }
        self.say_wrapped(
            "The result is a hint about export control, not a legal decision.",
            "",
            &plain,
        )?;
        if let Some(n) = notice {
            self.say_wrapped(n, "", &plain)?;
        }
        if autosave.is_on() {
            self.say_wrapped(
                &format!(
                    "Your answers are saved after every question, as session {}.",
                    autosave.session_id()
                ),
                "",
                &plain,
            )?;
        }
        let dim = self.look.dim.clone();
        self.say_wrapped(
            "Keys: ↑/↓ move, Space ticks (several answers), Enter confirms, Esc goes back. \
             Choose “Why we ask” for help. Ctrl-C saves and quits.",
            "",
            &dim,
        )
    }

    /// Asks for the project's title and reference, each optional (Enter skips); a text that does
    /// not fit is explained under the field and asked again.
    fn ask_project(&self) -> io::Result<Option<crate::project::Project>> {
        use crate::project::{Field, Project, check};
        self.say("")?;
        let plain = dialoguer::console::Style::new();
        self.say_wrapped(crate::app::run::PROJECT_WHY, "", &plain)?;
        let read = |field: Field, prompt: &str| -> io::Result<String> {
            let text: String = checked(
                dialoguer::Input::with_theme(&self.look.prompts)
                    .with_prompt(format!("{prompt}, Enter to skip"))
                    .allow_empty(true)
                    .validate_with(move |s: &String| check(field, s).map(|_| ()))
                    .interact_text_on(&self.term),
            )?;
            Ok(check(field, &text).unwrap_or_default())
        };
        let title = read(Field::Title, crate::app::run::PROJECT_TITLE_PROMPT)?;
        let reference = read(Field::Reference, crate::app::run::PROJECT_REFERENCE_PROMPT)?;
        Ok(Project { title, reference }.non_empty())
    }

    /// Shows an autosave problem once.
    fn show_warning(&mut self, autosave: &Autosave) -> io::Result<()> {
        if let Some(w) = &autosave.warning
            && !self.warned
        {
            self.warned = true;
            let text = format!("Warning: {}", sanitize(w));
            let style = self.look.error.clone();
            self.say_wrapped(&text, "", &style)?;
        }
        Ok(())
    }

    fn save(
        &mut self,
        engine: &crate::engine::Engine,
        autosave: &mut Autosave,
        ctx: &Context,
    ) -> io::Result<()> {
        {
            let _guard = SAVE_LOCK.lock().unwrap_or_else(PoisonError::into_inner);
            if autosave.save(engine, &(ctx.clock)()) {
                self.warned = false;
                set_hint(&ctx.resume);
            } else {
                // Ctrl-C must not claim the answers are saved.
                set_hint(&autosave.farewell(None));
            }
        }
        self.show_warning(autosave)
    }
}
