//! Injected I/O errors: a store over a fault-injecting file layer fails the write, the fsync or the
//! rename of each save in turn (once, or from then on like a full disk). After every event the
//! tests check that a failure is shown at once, that the footer, the quit screen and the farewell
//! never say "saved" while the last save failed, and that every answer confirmed as saved is on
//! disk.

use crate::common;

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;

use dualcheck::app::run::{Autosave, SaveState, ThemeChoice, WizardOptions};
use dualcheck::engine::Engine;
use dualcheck::plain::driver::Driver;
use dualcheck::questionnaire::Questionnaire;
use dualcheck::session::{FileOps, Store};
use dualcheck::testing::{FaultyFs, SaveStep};
use dualcheck::tui::{App, Overlay, Theme, draw, step};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Size;

const NOW: &str = "2026-01-02T03:04:05Z";
const STEPS: [SaveStep; 3] = [SaveStep::Write, SaveStep::Sync, SaveStep::Rename];

fn now() -> String {
    NOW.into()
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// EU, France, the introduction, the note, drones and sensors, 90 minutes, military yes.
fn script() -> Vec<Event> {
    // Single choice: Space chooses the highlighted option, Enter confirms.
    let mut e = vec![key(KeyCode::Char(' ')), key(KeyCode::Enter)];
    e.extend("France".chars().map(|c| key(KeyCode::Char(c))));
    e.extend(
        [
            KeyCode::Enter,
            KeyCode::Enter,
            KeyCode::Enter,
            KeyCode::Char(' '),
            KeyCode::Down,
            KeyCode::Char(' '),
            KeyCode::Enter,
        ]
        .map(key),
    );
    e.extend("90".chars().map(|c| key(KeyCode::Char(c))));
    e.extend([KeyCode::Enter, KeyCode::Char(' '), KeyCode::Enter].map(key));
    e
}

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal.draw(|f| draw(f, app)).unwrap();
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// The answers in the session file on disk, read with the real file system.
fn on_disk(dir: &Path, id: &str) -> Option<BTreeMap<String, toml::Value>> {
    let store = Store::open(dir).unwrap();
    store.load(id).ok().map(|s| s.answers)
}

fn tui_app<'q>(q: &'q Questionnaire, dir: &Path, ops: Arc<dyn FileOps>) -> App<'q> {
    let store = Store::open_with(dir, ops);
    let mut app = App::new(
        Engine::new(q),
        Autosave::start(store, q, NOW),
        Theme::new(ThemeChoice::Default, false),
        Size::new(100, 30),
    );
    app.clock = now;
    app
}

/// How many calls of each step a run without faults makes.
fn clean_calls(q: &Questionnaire) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let ops = Arc::new(FaultyFs::new(SaveStep::Write, usize::MAX, usize::MAX));
    let mut app = tui_app(q, dir.path(), ops.clone());
    for ev in script() {
        step(&mut app, &ev);
    }
    assert!(app.autosave.is_saved());
    ops.calls()
}

#[test]
fn the_full_screen_wizard_never_claims_saved_after_a_failed_save() {
    let q = common::fixture();
    let saves = clean_calls(&q);
    assert!(saves >= 6, "the script saves after every answer ({saves})");
    let mut cases = 0;
    for step_kind in STEPS {
        for k in 1..=saves {
            for disk_full in [false, true] {
                cases += 1;
                let case = format!("{step_kind:?} of save {k}, disk full: {disk_full}");
                let dir = tempfile::tempdir().unwrap();
                let to = if disk_full { usize::MAX } else { k + 1 };
                let ops = Arc::new(FaultyFs::new(step_kind, k, to));
                let mut app = tui_app(&q, dir.path(), ops.clone());
                let id = app.autosave.session_id().to_string();
                // What the program has confirmed as saved so far.
                let mut confirmed = app
                    .autosave
                    .is_saved()
                    .then(|| app.autosave.session.answers.clone());
                let mut shown_failures = usize::from(!app.autosave.is_saved());
                for ev in script() {
                    let was_saved = app.autosave.is_saved();
                    step(&mut app, &ev);
                    if was_saved && app.autosave.state() == SaveState::Failed {
                        // Shown at once, in a notice over the screen.
                        match &app.overlay {
                            Some(Overlay::Notice(w)) => {
                                assert!(w.contains("cannot save the session"), "{case}: {w}");
                                assert!(w.contains("injected failure"), "{case}: {w}");
                            }
                            other => panic!("{case}: no notice of the failure, {other:?}"),
                        }
                        shown_failures += 1;
                        step(&mut app, &key(KeyCode::Enter));
                    }
                    let footer = screen(&app);
                    if app.autosave.is_saved() {
                        confirmed = Some(app.autosave.session.answers.clone());
                        assert!(!footer.contains("NOT saved"), "{case}:\n{footer}");
                    } else {
                        assert!(footer.contains("⚠ NOT saved"), "{case}:\n{footer}");
                        assert!(!footer.contains("✓ saved"), "{case}:\n{footer}");
                    }
                    if let Some(c) = &confirmed {
                        assert_eq!(
                            on_disk(dir.path(), &id).as_ref(),
                            Some(c),
                            "{case}: an answer confirmed as saved is not on disk"
                        );
                    }
                }
                assert!(ops.failures() >= 1, "{case}: the fault was injected");
                assert!(shown_failures >= 1, "{case}: the failure was shown");
                // The quit screen and the farewell tell the truth.
                app.overlay = Some(Overlay::Quit);
                let quit = screen(&app);
                let farewell = app.autosave.farewell(Some(&app.resume));
                if app.autosave.is_saved() {
                    assert!(
                        quit.contains("Your answers are saved as"),
                        "{case}:\n{quit}"
                    );
                    assert!(farewell.starts_with("Your answers are saved"), "{case}");
                } else {
                    assert!(
                        disk_full || k == saves,
                        "{case}: a single failure is healed by the next save"
                    );
                    assert!(quit.contains("NOT saved"), "{case}:\n{quit}");
                    assert!(!quit.contains("Your answers are saved"), "{case}:\n{quit}");
                    assert!(farewell.contains("NOT saved"), "{case}: {farewell}");
                    assert!(!farewell.contains("are saved"), "{case}: {farewell}");
                }
                // Quitting tries once more; with the disk still full the farewell still warns.
                step(&mut app, &key(KeyCode::Char('y')));
                let farewell = app.autosave.farewell(None);
                if disk_full {
                    assert!(farewell.contains("NOT saved"), "{case}: {farewell}");
                } else {
                    assert_eq!(
                        on_disk(dir.path(), &id),
                        Some(app.autosave.session.answers.clone()),
                        "{case}: after a single failure every answer reaches the disk"
                    );
                }
            }
        }
    }
    assert_eq!(cases, 3 * saves * 2);
    eprintln!("{cases} full-screen cases");
}

/// The plain front-end end to end, for a failure at each save: the warning is printed, and the
/// closing line never says "saved" when the last save failed.
#[test]
fn plain_mode_never_claims_saved_after_a_failed_save() {
    // No project (Enter twice), EU, Germany, (note), drones, 90 minutes, military yes, review,
    // results.
    const FULL_PATH: &str = "\n\n1\nGermany\n\n2\n90\n1\n\n\n";
    // The same, quitting at the third question.
    const QUIT_EARLY: &str = "\n\n1\nGermany\nq\n";
    let mut cases = 0;
    for script in [FULL_PATH, QUIT_EARLY] {
        for step_kind in STEPS {
            for k in 1..=8 {
                for disk_full in [false, true] {
                    let case = format!("{step_kind:?} of save {k}, disk full: {disk_full}");
                    let dir = tempfile::tempdir().unwrap();
                    let to = if disk_full { usize::MAX } else { k + 1 };
                    let ops = Arc::new(FaultyFs::new(step_kind, k, to));
                    let options = WizardOptions {
                        questionnaire: Some(
                            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/valid/basic")
                                .to_string(),
                        ),
                        runtime: dualcheck::app::Runtime::with_data_dir(Some(
                            dir.path().to_path_buf(),
                        ))
                        .into(),
                        file_ops: Some(ops.clone()),
                        ..WizardOptions::default()
                    };
                    let mut driver =
                        Driver::new(Cursor::new(script.as_bytes().to_vec()), Vec::new(), false);
                    let code = dualcheck::plain::run_with(&mut driver, &options, now).unwrap();
                    assert_eq!(code, 0, "{case}");
                    let out = String::from_utf8(driver.into_output()).unwrap();
                    if ops.failures() == 0 {
                        continue;
                    }
                    cases += 1;
                    // Whether the last save (the one made when the run ends) failed.
                    let last_failed = disk_full || k == ops.calls();
                    let last = out.trim_end().lines().last().unwrap_or_default();
                    assert!(
                        out.contains("Warning: cannot save the session")
                            || (last_failed && last.contains("cannot save the session")),
                        "{case}: the failure is shown:\n{out}"
                    );
                    assert_eq!(last.contains("NOT saved"), last_failed, "{case}: {last}");
                    if disk_full && ops.failures() >= 3 {
                        // Two failed saves while answering (and the last one): each is told.
                        assert!(
                            out.contains("Warning: this answer was not saved either."),
                            "{case}:\n{out}"
                        );
                    }
                    if last_failed {
                        assert!(!last.contains("are saved"), "{case}: {last}");
                    }
                }
            }
        }
    }
    assert!(cases >= 30, "{cases} cases with a failure");
    eprintln!("{cases} plain runs with a failure");
}
