//! Helpers shared by the wizard tests: the fixture, key events, a wizard with a fixed clock.

use std::path::Path;

use dualcheck::app::run::{Autosave, ThemeChoice};
use dualcheck::engine::Engine;
use dualcheck::questionnaire::Questionnaire;
use dualcheck::session::Store;
use dualcheck::tui::{App, Theme};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Size;

pub const NOW: &str = "2026-01-02T03:04:05Z";

pub fn now() -> String {
    NOW.into()
}

/// Relative, so that paths shown on screen are the same on every machine (tests run in the
/// package root).
pub const FIXTURE: &str = "tests/fixtures/valid/basic";

pub fn fixture() -> Questionnaire {
    dualcheck::app::Runtime::default()
        .load_questionnaire(FIXTURE)
        .expect("fixture loads")
}

pub fn app<'q>(q: &'q Questionnaire, dir: &Path) -> App<'q> {
    let mut app = App::new(
        Engine::new(q),
        Autosave::start(Store::open(dir), q, NOW),
        Theme::new(ThemeChoice::Default, true),
        Size::new(80, 24),
    );
    app.clock = now;
    // The export dialog shows the absolute target: the same on every machine.
    app.export.folder = "/home/ada/reports".into();
    app
}

pub fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn keys(codes: &[KeyCode]) -> Vec<Event> {
    codes.iter().map(|&c| key(c)).collect()
}

pub fn text(s: &str) -> Vec<Event> {
    s.chars().map(|c| key(KeyCode::Char(c))).collect()
}
