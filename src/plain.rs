//! Plain mode (`dualcheck run --plain`, `--accessible`, `DUALCHECK_PLAIN=1`, `TERM=dumb`): the
//! wizard as plain line prompts for screen readers, dumb terminals and slow links.
//!
//! It drives the same [`Engine`](crate::engine::Engine), saves the same [`SessionFile`](crate::session::SessionFile)
//! after every answer (through the shared [`Autosave`]) and prints the same report as the
//! full-screen wizard, so a session started in one mode resumes in the other.
//!
//! Prompts are read with plain `read_line`, not dialoguer: dialoguer's widgets redraw lines, which
//! screen readers and dumb terminals cannot follow. Nothing here hides the cursor or changes the
//! terminal mode, so there is nothing to restore on exit.
//!
//! Ending early: `q` saves and exits 0. Ctrl-C saves (waiting for a save in progress) and exits
//! 130. The end of input (Ctrl-D) also saves and exits 130, as it interrupts the run too.

pub mod driver;
mod review;
pub(crate) mod start;

use std::io::{self, BufRead, Write};
use std::sync::{Mutex, PoisonError};

use crate::app::run::{Autosave, SaveState, WizardOptions};
use crate::app::{Failure, FailureKind};
use crate::diag::sanitize;
use crate::exit;
use crate::questionnaire::Questionnaire;
use driver::{Context, Driver, Outcome};
use start::Plan;

use crate::app::run::SAVE_LOCK;

/// What to tell the user when Ctrl-C ends the run: how to resume.
static RESUME_HINT: Mutex<String> = Mutex::new(String::new());

/// What to tell the user when Ctrl-C ends the run after a failed save (empty when the last save
/// succeeded): then the resume hint would claim too much.
static SAVE_FAILED: Mutex<String> = Mutex::new(String::new());

/// Runs plain mode on standard input and output.
pub fn run(options: &WizardOptions) -> Result<u8, Failure> {
    install_interrupt_handler();
    let stdin = io::stdin();
    let stdout = io::stdout();
    let mut driver = Driver::new(stdin.lock(), stdout.lock(), options.color);
    run_with(&mut driver, options, crate::app::now_rfc3339)
}

/// Ctrl-C: wait for a save in progress, say how to resume, exit 130. Every answer is already
/// saved when it is given, so there is nothing else to write.
fn install_interrupt_handler() {
    // Fails only when a handler is already installed (a second run in one process).
    let _ = ctrlc::set_handler(|| {
        let _guard = SAVE_LOCK.lock().unwrap_or_else(PoisonError::into_inner);
        let failed = SAVE_FAILED
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let hint = if failed.is_empty() {
            RESUME_HINT
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone()
        } else {
            failed
        };
        let mut err = io::stderr();
        let _ = writeln!(err, "\nInterrupted. {hint}");
        let _ = err.flush();
        std::process::exit(i32::from(exit::INTERRUPTED));
    });
}

fn set_hint(text: &str) {
    text.clone_into(&mut RESUME_HINT.lock().unwrap_or_else(PoisonError::into_inner));
}

/// Records where the answers stand after a save, for the Ctrl-C handler.
pub(crate) fn note_save(autosave: &Autosave) {
    let text = if autosave.state() == SaveState::Failed {
        autosave.farewell(None)
    } else {
        String::new()
    };
    text.clone_into(&mut SAVE_FAILED.lock().unwrap_or_else(PoisonError::into_inner));
}

/// The start, the questions, the results and the exit code, on any input and output.
pub fn run_with<R: BufRead, W: Write>(
    driver: &mut Driver<R, W>,
    options: &WizardOptions,
    clock: fn() -> String,
) -> Result<u8, Failure> {
    let io_failure = |e: io::Error| {
        let kind = if e.kind() == io::ErrorKind::BrokenPipe {
            FailureKind::Interrupted
        } else {
            FailureKind::Io
        };
        Failure::new(kind, e.to_string())
    };
    let store = options.open_store();
    set_hint("Nothing was saved yet.");
    let plan = match start::plan(options, store.as_ref().ok())? {
        Plan::Ask(choices) => match start::choose(driver, &choices).map_err(io_failure)? {
            start::Chosen::Plan(p) => p,
            start::Chosen::Quit => return Ok(exit::SUCCESS),
            start::Chosen::EndOfInput => return Ok(exit::INTERRUPTED),
        },
        plan => plan,
    };
    let (q, prepared) = start::prepare(plan, options, store.as_ref().ok(), &mut None)?;
    let start::Opened {
        mut engine,
        mut autosave,
        notice,
        resume,
        ask_project,
        ..
    } = start::open(
        &q,
        prepared,
        store,
        options,
        &clock(),
        crate::app::run::Ui::Plain,
    );
    set_hint(&resume);
    note_save(&autosave);
    welcome(driver, &q, &autosave, notice.as_deref()).map_err(io_failure)?;
    if ask_project {
        let project = start::ask_project(driver).map_err(io_failure)?;
        if project.is_some() {
            let _guard = SAVE_LOCK.lock().unwrap_or_else(PoisonError::into_inner);
            autosave.set_project(project, &engine, &clock());
            note_save(&autosave);
        }
        driver.say("").map_err(io_failure)?;
    }
    driver.say(KEYS_LINE).map_err(io_failure)?;
    let ctx = Context {
        runtime: options.runtime.clone(),
        project: autosave.session.project.clone(),
        clock,
        report_stem: autosave.session_id().to_string(),
    };
    let outcome = driver.run(&mut engine, &mut autosave, &ctx);
    {
        let _guard = SAVE_LOCK.lock().unwrap_or_else(PoisonError::into_inner);
        autosave.save(&engine, &clock());
        note_save(&autosave);
    }
    // After a failed save, "saved" would be a lie: say what is and is not on disk instead.
    let resume = if autosave.state() == SaveState::Failed {
        autosave.farewell(None)
    } else {
        resume
    };
    let outcome = outcome.map_err(|e| io_failure(e).with_line(&resume))?;
    let (code, closing) = match outcome {
        Outcome::Finished if autosave.state() == SaveState::Failed => (exit::SUCCESS, resume),
        Outcome::Finished if autosave.is_on() => (
            exit::SUCCESS,
            format!(
                "Done. Your answers stay in session {}.",
                autosave.session_id()
            ),
        ),
        Outcome::Finished => (exit::SUCCESS, "Done.".to_string()),
        Outcome::Quit => (exit::SUCCESS, resume),
        Outcome::EndOfInput => (exit::INTERRUPTED, format!("End of input. {resume}")),
    };
    driver.say("").map_err(io_failure)?;
    driver.say(&closing).map_err(io_failure)?;
    Ok(code)
}

fn welcome<R: BufRead, W: Write>(
    driver: &mut Driver<R, W>,
    q: &Questionnaire,
    autosave: &Autosave,
    notice: Option<&str>,
) -> io::Result<()> {
    let m = &q.meta;
    driver.say(&format!(
        "dualcheck, plain mode. {}, version {}, legal data as of {}.",
        sanitize(&m.title),
        sanitize(&m.version),
        sanitize(&m.legal_data_as_of)
    ))?;
    if !m.description.trim().is_empty() {
        driver.say(&sanitize(m.description.trim()))?;
    }
    driver.say("The result is a hint about export control, not a legal decision.")?;
    if let Some(n) = notice {
        driver.say(n)?;
    }
    if autosave.is_saved() {
        driver.say(&format!(
            "Your answers are saved after every question, as session {}.",
            autosave.session_id()
        ))?;
    }
    Ok(())
}

/// The keys of every question, said once before the first one.
const KEYS_LINE: &str =
    "At every question: type ? for why we ask, < to go back, q to save and quit.";
