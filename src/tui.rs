//! The full-screen wizard (ratatui + crossterm).
//!
//! Shape: a pure state ([`App`], [`Welcome`]); events become [`Action`]s in one place
//! ([`from_event`], on the [`Layout`] of what is on screen); a pure [`update`] carries them out;
//! a [`draw`] only reads the state; and a main loop ([`run_with`]) generic over the ratatui `Backend` and an
//! [`EventSource`], so tests drive the whole program on `TestBackend` with scripted events. Only
//! [`run`] touches the real terminal: it restores it on every exit path, a panic included.
//!
//! The engine decides every branch; this module never does. It must not print.

mod action;
mod app;
mod input;
mod layout;
mod review;
mod start;
mod text;
mod theme;
mod update;
mod view;
mod welcome;

use std::io::{self, Write as _};
use std::sync::{Mutex, PoisonError};

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use ratatui::crossterm::execute;

pub use crate::app::start::Plan;
pub use action::{Action, Edit, Intent, Panel, Scroll, WelcomeAction, from_event};
pub use app::{App, Effect, Export, Focus, Hit, MIN_SIZE, Overlay, ProjectForm, Screen, WIDE};
pub use input::{Input, Submit};
pub use layout::{Layout, ScrollMax, layout};
pub use start::{Context, Prepared, prepare};
pub use theme::Theme;
pub use update::update;
pub use view::draw;
pub use welcome::{Choice, Item, Welcome};

use crate::app::Failure;
use crate::app::run::WizardOptions;
use crate::exit;

/// Where events come from: the terminal, or a script in tests.
pub trait EventSource {
    /// The next event; `None` when there are no more (a script ran out).
    fn next_event(&mut self) -> io::Result<Option<Event>>;
}

/// Events from the real terminal (blocking).
#[derive(Debug, Default)]
pub struct TerminalEvents;

impl EventSource for TerminalEvents {
    fn next_event(&mut self) -> io::Result<Option<Event>> {
        event::read().map(Some)
    }
}

/// Events from a list, for tests and benchmarks.
#[derive(Debug, Clone)]
pub struct Scripted(pub std::collections::VecDeque<Event>);

impl Scripted {
    pub fn new(events: impl IntoIterator<Item = Event>) -> Self {
        Self(events.into_iter().collect())
    }
}

impl EventSource for Scripted {
    fn next_event(&mut self) -> io::Result<Option<Event>> {
        Ok(self.0.pop_front())
    }
}

/// Runs the wizard on the real terminal. Returns the exit code (130 after Ctrl-C).
pub fn run(options: WizardOptions) -> Result<u8, Failure> {
    let mut ctx = Context::new(options)?;
    // `ratatui::try_init` installs a panic hook that restores the terminal; ours adds mouse
    // capture to what is undone.
    let mut terminal = ratatui::try_init().map_err(|e| io_failure(&e))?;
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableMouseCapture);
        previous(info);
    }));
    let _ = execute!(io::stdout(), EnableMouseCapture);
    let signals = restore_on_signals();
    let result = run_with(&mut terminal, &mut TerminalEvents, &mut ctx);
    if let Some(handle) = signals {
        handle.close();
    }
    let _ = execute!(io::stdout(), DisableMouseCapture);
    ratatui::restore();
    let _ = std::panic::take_hook();
    if let Some(farewell) = &ctx.farewell {
        println!("{farewell}");
    }
    result
}

/// What to say when a signal ends the run: where the answers stand (kept up to date by every
/// save).
static INTERRUPT_NOTE: Mutex<String> = Mutex::new(String::new());

pub(crate) fn set_interrupt_note(text: String) {
    *INTERRUPT_NOTE
        .lock()
        .unwrap_or_else(PoisonError::into_inner) = text;
}

/// SIGTERM, SIGHUP and a SIGINT sent from outside (in raw mode Ctrl-C is a key, not a signal):
/// wait for a save in progress, give the terminal back (mouse capture, alternate screen, raw
/// mode), say where the answers are, and exit with 128 + the signal number.
#[cfg(unix)]
fn restore_on_signals() -> Option<signal_hook::iterator::Handle> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT]).ok()?;
    let handle = signals.handle();
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let _guard = crate::app::run::SAVE_LOCK
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let _ = execute!(io::stdout(), DisableMouseCapture);
            ratatui::restore();
            let note = INTERRUPT_NOTE
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone();
            let mut err = io::stderr();
            let _ = writeln!(err, "\nInterrupted. {note}");
            let _ = err.flush();
            std::process::exit(128 + signal);
        }
    });
    Some(handle)
}

#[cfg(not(unix))]
fn restore_on_signals() -> Option<()> {
    None
}

fn io_failure(e: &dyn std::error::Error) -> Failure {
    Failure::io(format!("terminal error: {e}"))
}

/// A hidden test hook: with `DUALCHECK_TEST_PANIC=1`, debug builds panic after the first frame so
/// the tests can check that the terminal is restored. Release builds ignore it.
fn test_panic() {
    let asked = cfg!(debug_assertions)
        && std::env::var_os("DUALCHECK_TEST_PANIC").is_some_and(|v| v == "1");
    assert!(
        !asked,
        "DUALCHECK_TEST_PANIC: panicking after the first frame, as asked"
    );
}

/// The whole program on any backend and event source: welcome screen (when there is a choice),
/// then the wizard. Returns the exit code; a script that runs out ends with success.
pub fn run_with<B: Backend, E: EventSource>(
    terminal: &mut Terminal<B>,
    events: &mut E,
    ctx: &mut Context,
) -> Result<u8, Failure> {
    let theme = Theme::new(ctx.options.theme, ctx.options.color);
    let prepared = if let Some(p) = ctx.ready.take() {
        p
    } else if let Some(begin) = ctx.fixed_begin() {
        prepare(ctx, begin)?
    } else {
        match choose(terminal, events, ctx, theme)? {
            Ok(p) => p,
            Err(code) => return Ok(code),
        }
    };
    let q = prepared.q;
    let now = (ctx.clock)();
    let crate::app::start::Opened {
        engine,
        autosave,
        changed,
        ask_project,
        ..
    } = crate::app::start::open(
        &q,
        prepared.start,
        prepared.store,
        &ctx.options,
        &now,
        crate::app::run::Ui::FullScreen,
    );
    // A persona opens with its story and discussion questions; then what changed since a
    // resumed session was saved, and any warning about saving.
    let notice = [prepared.story, changed, autosave.warning.clone()]
        .into_iter()
        .flatten()
        .reduce(|a, b| format!("{a}\n\n{b}"));
    let size = terminal.size().map_err(|e| io_failure(&e))?;
    let mut app = App::new(engine, autosave, theme, size);
    app.runtime = ctx.options.runtime.clone();
    app.resume =
        crate::app::run::resume_command(&ctx.options, app.autosave.session_id(), &q, false);
    app.clock = ctx.clock;
    app.overlay = notice.map(Overlay::Notice);
    if ask_project {
        app.ask_project();
    }
    set_interrupt_note(app.autosave.farewell(Some(&app.resume)));
    let code = run_app(terminal, events, &mut app)?.unwrap_or(exit::SUCCESS);
    let resume = (!app.engine.is_complete()).then_some(app.resume.as_str());
    ctx.farewell = Some(app.autosave.farewell(resume));
    Ok(code)
}

/// The welcome screen, when there is something to choose; else the preloaded questionnaire.
/// `Err(code)` when the user left from the welcome screen.
fn choose<B: Backend, E: EventSource>(
    terminal: &mut Terminal<B>,
    events: &mut E,
    ctx: &mut Context,
    theme: Theme,
) -> Result<Result<Prepared, u8>, Failure> {
    let Some(items) = ctx.welcome_items() else {
        return prepare(ctx, Plan::New(String::new())).map(Ok);
    };
    let mut welcome = Welcome::new(items, theme);
    loop {
        let begin = match welcome_loop(terminal, events, &mut welcome)? {
            Choice::Quit(code) => return Ok(Err(code)),
            Choice::Item(Item::Start { spec, .. }) => Plan::New(spec),
            Choice::Item(Item::Resume(s)) => Plan::Resume(s.id),
            Choice::Item(Item::Example { id, .. }) => Plan::Example(id),
        };
        match prepare(ctx, begin) {
            Ok(p) => return Ok(Ok(p)),
            Err(f) => welcome.error = Some(f.message.trim().to_string()),
        }
    }
}

fn welcome_loop<B: Backend, E: EventSource>(
    terminal: &mut Terminal<B>,
    events: &mut E,
    welcome: &mut Welcome,
) -> Result<Choice, Failure> {
    loop {
        let size = terminal.size().map_err(|e| io_failure(&e))?;
        terminal
            .draw(|f| welcome.draw(f))
            .map_err(|e| io_failure(&e))?;
        test_panic();
        let Some(ev) = events.next_event().map_err(|e| io_failure(&e))? else {
            return Ok(Choice::Quit(exit::SUCCESS));
        };
        let hits = welcome.hits(size);
        if let Some(action) = action::welcome_action(&ev, welcome, &hits)
            && let Some(choice) = welcome.update(action)
        {
            return Ok(choice);
        }
    }
}

/// The wizard's main loop: draw, wait for an event, turn it into an action on what was drawn,
/// update, carry out the effect. Returns the exit code, or `None` when the events ran out.
pub fn run_app<B: Backend, E: EventSource>(
    terminal: &mut Terminal<B>,
    events: &mut E,
    app: &mut App,
) -> Result<Option<u8>, Failure> {
    loop {
        app.size = terminal.size().map_err(|e| io_failure(&e))?;
        let layout = layout(app, app.size);
        terminal
            .draw(|f| draw(f, app))
            .map_err(|e| io_failure(&e))?;
        test_panic();
        let Some(ev) = events.next_event().map_err(|e| io_failure(&e))? else {
            return Ok(None);
        };
        if let Some(action) = from_event(&ev, app, &layout) {
            let effect = update(app, action);
            if let Some(code) = app.perform(effect) {
                return Ok(Some(code));
            }
        }
    }
}

/// One event and its effect, without a terminal: what tests and benchmarks call. The event is
/// read on the layout of the state at its size, as if it had just been drawn.
pub fn step(app: &mut App, event: &Event) -> Option<u8> {
    let layout = layout(app, app.size);
    let action = from_event(event, app, &layout)?;
    let effect = update(app, action);
    app.perform(effect)
}

#[cfg(test)]
mod tests;
