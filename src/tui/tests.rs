//! Behaviour of the pure update logic, driven by key events on the fixture questionnaire.

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::Size;

use super::{App, Effect, Overlay, Screen, Theme, from_event, layout, step};
use crate::answers::Answer;
use crate::app::run::{Autosave, ThemeChoice};
use crate::engine::Engine;
use crate::questionnaire::{OptionIx, QuestionIx, Questionnaire};
use crate::session::Store;

const NOW: &str = "2026-01-02T03:04:05Z";

fn now() -> String {
    NOW.into()
}

fn fixture() -> Questionnaire {
    crate::app::Runtime::default()
        .load_questionnaire(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/valid/basic"
        ))
        .expect("fixture loads")
}

fn app<'q>(q: &'q Questionnaire, dir: &std::path::Path) -> App<'q> {
    let autosave = Autosave::start(Store::open(dir), q, NOW);
    let mut app = App::new(
        Engine::new(q),
        autosave,
        Theme::new(ThemeChoice::Default, false),
        Size::new(80, 24),
    );
    app.clock = now;
    app
}

/// One event through the mapping and the update, without carrying out the effect.
fn update(app: &mut App, event: &Event) -> Effect {
    let layout = layout(app, app.size);
    from_event(event, app, &layout).map_or(Effect::None, |action| super::update(app, action))
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn press(app: &mut App, codes: &[KeyCode]) {
    for &c in codes {
        step(app, &key(c));
    }
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        step(app, &key(KeyCode::Char(c)));
    }
}

fn id(app: &App) -> Option<String> {
    app.current().map(|c| app.question(c).id.clone())
}

/// EU, France, intro, note: lands on `areas`.
fn to_areas(app: &mut App) {
    press(app, &[KeyCode::Char(' '), KeyCode::Enter]);
    type_text(app, "France");
    press(app, &[KeyCode::Enter, KeyCode::Enter, KeyCode::Enter]);
    assert_eq!(id(app).as_deref(), Some("areas"));
}

#[test]
fn enter_on_nothing_chosen_asks_for_an_answer_in_place() {
    let q = fixture();
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&q, dir.path());
    assert_eq!(app.input.chosen, None, "nothing is selected at first");
    let effect = update(&mut app, &key(KeyCode::Enter));
    assert_eq!(effect, Effect::None);
    assert_eq!(app.engine.answer_of(QuestionIx(0)), None);
    assert_eq!(id(&app).as_deref(), Some("location"));
    assert!(
        app.input
            .error
            .as_deref()
            .unwrap()
            .starts_with("Select an answer")
    );
    // Moving the highlight does not choose either.
    press(&mut app, &[KeyCode::Down, KeyCode::Down, KeyCode::Enter]);
    assert_eq!(app.input.chosen, None);
    assert_eq!(app.engine.answer_of(QuestionIx(0)), None);
}

#[test]
fn space_chooses_the_highlighted_option_and_enter_saves() {
    let q = fixture();
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&q, dir.path());
    press(&mut app, &[KeyCode::Down, KeyCode::Char(' ')]);
    let effect = update(&mut app, &key(KeyCode::Enter));
    assert_eq!(effect, Effect::Save);
    assert_eq!(
        app.engine.answer_of(QuestionIx(0)),
        Some(&Answer::Choice(OptionIx(1)))
    );
    app.perform(effect);
    let saved = Store::open(dir.path())
        .unwrap()
        .load("20260102030405")
        .unwrap();
    assert_eq!(saved.answers["location"].as_str(), Some("uk"));
}

#[test]
fn back_is_never_blocked_by_an_invalid_answer() {
    let q = fixture();
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&q, dir.path());
    to_areas(&mut app);
    press(
        &mut app,
        &[KeyCode::Char(' '), KeyCode::Down, KeyCode::Char(' ')],
    );
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(id(&app).as_deref(), Some("endurance"));
    type_text(&mut app, "lots");
    press(&mut app, &[KeyCode::Enter]);
    assert!(app.input.error.is_some());
    // Backspace edits the field first; Left at the start of the field goes back.
    press(&mut app, &[KeyCode::Home, KeyCode::Left]);
    assert_eq!(id(&app).as_deref(), Some("areas"));
    assert_eq!(
        app.engine.answer_of(QuestionIx(3)),
        Some(&Answer::Choices(vec![OptionIx(0), OptionIx(1)]))
    );
    // The choice screen: Backspace goes back too.
    press(&mut app, &[KeyCode::Backspace]);
    assert_eq!(id(&app).as_deref(), Some("note"));
}

#[test]
fn space_toggles_and_not_sure_excludes_the_rest() {
    let q = fixture();
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&q, dir.path());
    to_areas(&mut app);
    press(&mut app, &[KeyCode::Char(' ')]);
    assert_eq!(app.input.checked, vec![true, false, false]);
    press(&mut app, &[KeyCode::Char(' ')]);
    assert_eq!(app.input.checked, vec![false, false, false]);
    press(
        &mut app,
        &[KeyCode::Char(' '), KeyCode::Down, KeyCode::Char(' ')],
    );
    press(&mut app, &[KeyCode::End, KeyCode::Char(' ')]);
    assert!(app.input.not_sure);
    assert_eq!(app.input.checked, vec![false, false, false]);
    press(&mut app, &[KeyCode::Home, KeyCode::Char(' ')]);
    assert!(!app.input.not_sure);
    press(
        &mut app,
        &[KeyCode::End, KeyCode::Char(' '), KeyCode::Enter],
    );
    assert_eq!(app.engine.answer_of(QuestionIx(3)), Some(&Answer::NotSure));
}

#[test]
fn nothing_ticked_asks_before_answering_none() {
    let q = fixture();
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&q, dir.path());
    to_areas(&mut app);
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(id(&app).as_deref(), Some("areas"));
    assert!(
        app.input
            .error
            .as_deref()
            .unwrap()
            .contains("Nothing is ticked")
    );
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(
        app.engine.answer_of(QuestionIx(3)),
        Some(&Answer::Choices(vec![]))
    );
}

#[test]
fn a_bad_number_shows_the_range_inline() {
    let q = fixture();
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&q, dir.path());
    to_areas(&mut app);
    press(
        &mut app,
        &[KeyCode::Down, KeyCode::Char(' '), KeyCode::Enter],
    );
    type_text(&mut app, "99999");
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(
        app.input.error.as_deref(),
        Some("enter a number between 0 and 10000")
    );
    assert_eq!(id(&app).as_deref(), Some("endurance"));
    press(&mut app, &[KeyCode::Backspace, KeyCode::Enter]);
    assert_eq!(
        app.engine.answer_of(QuestionIx(4)),
        Some(&Answer::Number(9999.0))
    );
}

#[test]
fn letters_are_typed_in_a_text_field_not_shortcuts() {
    let q = fixture();
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&q, dir.path());
    press(&mut app, &[KeyCode::Char(' '), KeyCode::Enter]);
    type_text(&mut app, "qrjk?");
    assert_eq!(app.input.text, "qrjk?");
    assert_eq!(app.overlay, None);
    assert_eq!(app.screen, Screen::Wizard);
}

#[test]
fn review_jumps_to_an_answer_and_lists_set_aside_ones() {
    let q = fixture();
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&q, dir.path());
    to_areas(&mut app);
    press(&mut app, &[KeyCode::Char(' '), KeyCode::Enter]);
    press(&mut app, &[KeyCode::Char('r')]);
    assert_eq!(app.screen, Screen::Review);
    press(&mut app, &[KeyCode::Home, KeyCode::Enter]);
    assert_eq!(app.screen, Screen::Wizard);
    assert_eq!(id(&app).as_deref(), Some("location"));
    // Elsewhere: the country question falls off the path, its answer is set aside.
    press(
        &mut app,
        &[
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::Char(' '),
            KeyCode::Enter,
        ],
    );
    assert_eq!(app.engine.set_aside(), vec![QuestionIx(1)]);
    let rows = super::review::rows(&app);
    assert!(
        rows.iter()
            .any(|r| r.kind == super::review::RowKind::SetAside(QuestionIx(1)))
    );
}

#[test]
fn export_writes_the_report() {
    let q = fixture();
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&q, dir.path());
    to_areas(&mut app);
    press(
        &mut app,
        &[
            KeyCode::Char(' '),
            KeyCode::Enter,
            KeyCode::Char(' '),
            KeyCode::Enter,
        ],
    );
    assert_eq!(app.current(), None, "on the result");
    press(&mut app, &[KeyCode::Char('e')]);
    assert_eq!(app.overlay, Some(Overlay::Export));
    let target = dir.path().join("report.json");
    app.export.path = target.display().to_string();
    app.export.format = crate::report::Format::Json;
    press(&mut app, &[KeyCode::Enter]);
    assert!(matches!(app.export.outcome, Some(Ok(_))));
    let text = std::fs::read_to_string(&target).unwrap();
    assert!(text.contains("\"verdict\""));
    // Tab cycles the formats (Markdown, HTML, JSON, text) and the extension follows.
    press(&mut app, &[KeyCode::Enter, KeyCode::Char('e')]);
    app.export.path = "r.json".into();
    press(&mut app, &[KeyCode::Tab]);
    assert_eq!(app.export.path, "r.txt");
    press(&mut app, &[KeyCode::Tab]);
    assert_eq!(app.export.path, "r.md");
    press(&mut app, &[KeyCode::Tab]);
    assert_eq!(app.export.path, "r.html");
    press(&mut app, &[KeyCode::BackTab]);
    assert_eq!(app.export.path, "r.md");
    // A directory that does not exist: the error is in words, without temporary file names.
    app.export.path = dir.path().join("no/such/dir/r.md").display().to_string();
    press(&mut app, &[KeyCode::Enter]);
    let Some(Err(message)) = &app.export.outcome else {
        panic!("an error");
    };
    assert!(message.contains("does not exist"), "{message}");
    assert!(
        !message.contains(".dualcheck-") && !message.contains("os error"),
        "{message}"
    );
    // An existing file: the first Enter asks, the second replaces.
    app.export.set_path(target.display().to_string());
    app.export.format = crate::report::Format::Json;
    press(&mut app, &[KeyCode::Enter]);
    assert!(app.export.overwrite_asked);
    assert_eq!(app.export.outcome, None, "not written yet");
    press(&mut app, &[KeyCode::Enter]);
    assert!(matches!(app.export.outcome, Some(Ok(_))));
    // Line editing: Ctrl-U clears to the start, Ctrl-W deletes a word, Ctrl-A and Home go to
    // the start, typing inserts at the caret; ~ is the home folder.
    press(&mut app, &[KeyCode::Enter, KeyCode::Char('e')]);
    let ctrl = |c| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    app.export.set_path("reports/r.md".into());
    step(&mut app, &ctrl('w'));
    assert_eq!(app.export.path, "reports/r.");
    step(&mut app, &ctrl('u'));
    assert_eq!(app.export.path, "");
    type_text(&mut app, "r.md");
    step(&mut app, &ctrl('a'));
    type_text(&mut app, "~/");
    assert_eq!(app.export.path, "~/r.md");
    press(&mut app, &[KeyCode::End]);
    assert_eq!(app.export.caret, 6);
    let home = directories::BaseDirs::new()
        .unwrap()
        .home_dir()
        .join("r.md");
    assert_eq!(app.export.target(), Some(home));
}

#[test]
fn ctrl_c_interrupts_and_q_asks_first() {
    let q = fixture();
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&q, dir.path());
    let ctrl_c = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert_eq!(step(&mut app, &ctrl_c), Some(130));
    press(&mut app, &[KeyCode::Char('q')]);
    assert_eq!(app.overlay, Some(Overlay::Quit));
    press(&mut app, &[KeyCode::Esc]);
    assert_eq!(app.overlay, None);
    press(&mut app, &[KeyCode::Char('q')]);
    assert_eq!(step(&mut app, &key(KeyCode::Char('y'))), Some(0));
}

#[test]
fn key_releases_are_ignored_and_number_keys_can_be_turned_off() {
    let q = fixture();
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&q, dir.path());
    let mut release = KeyEvent::new(KeyCode::Down, KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    step(&mut app, &Event::Key(release));
    assert_eq!(app.input.cursor, 0);
    press(&mut app, &[KeyCode::Char('3')]);
    assert_eq!(app.input.cursor, 2);
    press(
        &mut app,
        &[KeyCode::Char('?'), KeyCode::Char('n'), KeyCode::Esc],
    );
    assert!(!app.number_keys);
    press(&mut app, &[KeyCode::Char('1')]);
    assert_eq!(app.input.cursor, 2);
}

#[test]
fn autosave_failure_is_a_warning_not_an_end() {
    let q = fixture();
    let file = tempfile::NamedTempFile::new().unwrap();
    // A file where the data directory should be: it cannot be created.
    let autosave = Autosave::start(Store::open(file.path()), &q, NOW);
    assert!(autosave.warning.is_some());
    let mut app = App::new(
        Engine::new(&q),
        autosave,
        Theme::new(ThemeChoice::Default, false),
        Size::new(80, 24),
    );
    press(&mut app, &[KeyCode::Char(' '), KeyCode::Enter]);
    assert_eq!(id(&app).as_deref(), Some("member_state"));
}

#[test]
fn an_empty_optional_text_question_is_skipped() {
    let q = fixture();
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&q, dir.path());
    press(&mut app, &[KeyCode::Char(' '), KeyCode::Enter]);
    assert_eq!(id(&app).as_deref(), Some("member_state"));
    let effect = update(&mut app, &key(KeyCode::Enter));
    assert_eq!(
        effect,
        Effect::Save,
        "Enter on an empty optional question skips it"
    );
    assert_ne!(id(&app).as_deref(), Some("member_state"));
    assert_eq!(
        app.engine
            .answer_of(q.question_index("member_state").unwrap()),
        None
    );
}

#[test]
fn an_exclusive_option_and_not_sure_untick_the_others_and_say_why() {
    let q = crate::app::Runtime::default()
        .load_questionnaire("questionnaires/research-self-check")
        .unwrap();
    let i = q.question_index("xfer_what").unwrap();
    let question = &q.questions[i];
    let nothing = question.option_index("nothing").unwrap().get();
    let mut input = super::input::Input::new(i, question, None);
    input.toggle(question, 0);
    input.toggle(question, 1);
    input.toggle(question, nothing);
    assert_eq!(
        input.checked.iter().filter(|&&c| c).count(),
        1,
        "only \u{201c}nothing\u{201d} is ticked"
    );
    assert!(
        input
            .note
            .as_deref()
            .unwrap()
            .contains("cannot be combined")
    );
    input.toggle(question, 0);
    assert!(!input.checked[nothing]);
    assert!(input.note.as_deref().unwrap().contains("was unticked"));
    let not_sure = super::input::row_count(question) - 1;
    input.toggle(question, not_sure);
    assert!(input.not_sure && input.checked.iter().all(|&c| !c));
    assert!(
        input
            .note
            .as_deref()
            .unwrap()
            .starts_with("\u{201c}Not sure\u{201d}")
    );
}

#[test]
fn change_this_answer_returns_to_the_review() {
    let q = fixture();
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&q, dir.path());
    to_areas(&mut app);
    // Encryption only: no drone questions; military yes; the result.
    press(
        &mut app,
        &[
            KeyCode::Char(' '),
            KeyCode::Enter,
            KeyCode::Char(' '),
            KeyCode::Enter,
        ],
    );
    assert_eq!(app.current(), None, "on the result");
    press(
        &mut app,
        &[KeyCode::Char('r'), KeyCode::Home, KeyCode::Enter],
    );
    assert_eq!(id(&app).as_deref(), Some("location"));
    // The same country again: straight back to the review.
    press(&mut app, &[KeyCode::Char(' '), KeyCode::Enter]);
    assert_eq!(app.screen, Screen::Review);
    // Going back from the result onto an answered question: no "about 1 to go".
    press(&mut app, &[KeyCode::Esc]);
    assert_eq!(app.engine.progress().remaining, 0);
}

#[test]
fn events_become_actions_without_changing_the_state() {
    use super::{Action, Intent};
    let q = fixture();
    let dir = tempfile::tempdir().unwrap();
    let app = app(&q, dir.path());
    let layout = layout(&app, app.size);
    let before = format!("{:?}", app.input);
    assert_eq!(
        from_event(&key(KeyCode::Char(' ')), &app, &layout),
        Some(Action::Key(Intent::Toggle(0)))
    );
    assert_eq!(
        from_event(&key(KeyCode::Char('x')), &app, &layout),
        Some(Action::Key(Intent::Nothing)),
        "a key with no meaning still clears the status line"
    );
    let ctrl_c = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert_eq!(from_event(&ctrl_c, &app, &layout), Some(Action::Interrupt));
    let mut release = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    assert_eq!(from_event(&Event::Key(release), &app, &layout), None);
    assert_eq!(format!("{:?}", app.input), before);
}

#[test]
fn a_click_is_read_on_the_layout_of_the_state() {
    use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let q = fixture();
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&q, dir.path());
    // Header (2), rule, blank, question, blank: the third option is on row 8.
    let click = Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 10,
        row: 8,
        modifiers: KeyModifiers::NONE,
    });
    step(&mut app, &click);
    assert_eq!((app.input.cursor, app.input.chosen), (2, Some(2)));
}

#[test]
fn the_findings_list_length_comes_from_the_layout() {
    let q = fixture();
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&q, dir.path());
    to_areas(&mut app);
    press(
        &mut app,
        &[
            KeyCode::Char(' '),
            KeyCode::Down,
            KeyCode::Char(' '),
            KeyCode::Enter,
        ],
    );
    type_text(&mut app, "90");
    press(
        &mut app,
        &[KeyCode::Enter, KeyCode::Char(' '), KeyCode::Enter],
    );
    assert_eq!(app.current(), None, "on the result");
    let entries = layout(&app, app.size).entries;
    assert_eq!(entries, app.report().findings.len() + 1);
    for _ in 0..entries + 3 {
        press(&mut app, &[KeyCode::Down]);
    }
    assert_eq!(
        app.finding_cursor,
        entries - 1,
        "the cursor stops at the last entry"
    );
}
