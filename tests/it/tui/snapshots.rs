//! Every screen at 80x24 and 120x40 after scripted keys, through the real main loop on
//! `TestBackend`.

use dualcheck::app::run::ThemeChoice;
use dualcheck::questionnaire::OptionIx;
use dualcheck::tui::{Item, Scripted, Theme, Welcome, run_app};
use insta::assert_snapshot;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode};

use crate::tui::common::{app, fixture, key, keys, text};

const RICH: &str = "tests/fixtures/valid/tui-rich";

fn rich() -> dualcheck::questionnaire::Questionnaire {
    dualcheck::app::Runtime::default()
        .load_questionnaire(RICH)
        .expect("rich fixture loads")
}

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// Runs the wizard on the fixture with `events` and snapshots the last frame at both sizes.
fn snap(name: &str, events: &[Event]) {
    snap_on(&fixture(), name, events);
}

fn snap_on(q: &dualcheck::questionnaire::Questionnaire, name: &str, events: &[Event]) {
    let q = q.clone();
    for (w, h) in SIZES {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app(&q, dir.path());
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        let end = run_app(&mut terminal, &mut Scripted::new(events.to_vec()), &mut app).unwrap();
        assert_eq!(end, None, "{name}: the script ran to its end");
        assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
    }
}

/// EU, France, the section introduction, the note: the multiple-choice question.
fn to_areas() -> Vec<Event> {
    let mut e = keys(&[KeyCode::Char(' '), KeyCode::Enter]);
    e.extend(text("France"));
    e.extend(keys(&[KeyCode::Enter, KeyCode::Enter, KeyCode::Enter]));
    e
}

/// Drones, 90 minutes, military yes: the result.
fn to_result() -> Vec<Event> {
    let mut e = to_areas();
    e.extend(keys(&[
        KeyCode::Char(' '),
        KeyCode::Down,
        KeyCode::Char(' '),
        KeyCode::Enter,
    ]));
    e.extend(text("90"));
    e.extend(keys(&[KeyCode::Enter, KeyCode::Char(' '), KeyCode::Enter]));
    e
}

#[test]
fn question_single() {
    snap("question_single", &keys(&[KeyCode::Down]));
}

#[test]
fn question_text() {
    let mut e = keys(&[KeyCode::Char(' '), KeyCode::Enter]);
    e.extend(text("Fra"));
    snap("question_text", &e);
}

#[test]
fn section_intro() {
    let mut e = keys(&[KeyCode::Char(' '), KeyCode::Enter]);
    e.extend(text("France"));
    e.push(key(KeyCode::Enter));
    snap("section_intro", &e);
}

#[test]
fn question_info() {
    let mut e = keys(&[KeyCode::Char(' '), KeyCode::Enter]);
    e.extend(text("France"));
    e.extend(keys(&[KeyCode::Enter, KeyCode::Enter]));
    snap("question_info", &e);
}

#[test]
fn question_multiple() {
    let mut e = to_areas();
    e.extend(keys(&[
        KeyCode::Char(' '),
        KeyCode::Down,
        KeyCode::Char(' '),
    ]));
    snap("question_multiple", &e);
}

#[test]
fn question_number_invalid() {
    let mut e = to_areas();
    e.extend(keys(&[KeyCode::Down, KeyCode::Char(' '), KeyCode::Enter]));
    e.extend(text("abc"));
    e.push(key(KeyCode::Enter));
    snap("question_number_invalid", &e);
}

#[test]
fn help_overlay() {
    snap("help_overlay", &keys(&[KeyCode::Char('?')]));
}

#[test]
fn quit_confirm() {
    snap("quit_confirm", &keys(&[KeyCode::Char('q')]));
}

#[test]
fn review() {
    let mut e = to_result();
    e.extend(keys(&[KeyCode::Char('r'), KeyCode::Down]));
    snap("review", &e);
}

#[test]
fn review_with_set_aside_answer() {
    let mut e = to_areas();
    e.extend(keys(&[KeyCode::Char('r'), KeyCode::Home, KeyCode::Enter]));
    e.extend(keys(&[
        KeyCode::Down,
        KeyCode::Down,
        KeyCode::Char(' '),
        KeyCode::Enter,
    ]));
    // The changed answer brings no new question: the review comes back by itself.
    snap("review_set_aside", &e);
}

#[test]
fn results() {
    snap("results", &to_result());
}

#[test]
fn results_about() {
    let mut e = to_result();
    e.extend(keys(&[
        KeyCode::End,
        KeyCode::Down,
        KeyCode::Down,
        KeyCode::Down,
    ]));
    snap("results_about", &e);
}

#[test]
fn export_dialog() {
    let mut e = to_result();
    e.push(key(KeyCode::Char('e')));
    snap("export", &e);
}

#[test]
fn too_small() {
    let q = fixture();
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&q, dir.path());
    let mut terminal = Terminal::new(TestBackend::new(50, 12)).unwrap();
    run_app(&mut terminal, &mut Scripted::new([]), &mut app).unwrap();
    assert_snapshot!("too_small_50x12", terminal.backend());
}

#[test]
fn resize_relayouts() {
    let q = fixture();
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&q, dir.path());
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    run_app(&mut terminal, &mut Scripted::new([]), &mut app).unwrap();
    terminal.backend_mut().resize(80, 24);
    run_app(
        &mut terminal,
        &mut Scripted::new([Event::Resize(80, 24)]),
        &mut app,
    )
    .unwrap();
    assert_snapshot!("resized_to_80x24", terminal.backend());
}

#[test]
fn welcome() {
    let session = dualcheck::session::SessionSummary {
        id: "20260101120000".into(),
        questionnaire: "fixture-basic".into(),
        updated: "2026-01-01T12:30:00Z".into(),
        answered: 3,
        finished: false,
        project: None,
    };
    let items = vec![
        Item::Start {
            spec: "fixture-basic".into(),
            title: "Fixture questionnaire".into(),
            description: "A small questionnaire that exercises every feature, for tests.".into(),
        },
        Item::Resume(session),
    ];
    for (w, h) in SIZES {
        let welcome = Welcome::new(items.clone(), Theme::new(ThemeChoice::Default, true));
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal.draw(|f| welcome.draw(f)).unwrap();
        assert_snapshot!(format!("welcome_{w}x{h}"), terminal.backend());
    }
    let empty = Welcome::new(Vec::new(), Theme::new(ThemeChoice::HighContrast, false));
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| empty.draw(f)).unwrap();
    assert_snapshot!("welcome_empty_catalog_80x24", terminal.backend());
}

#[test]
fn rich_section_intro_wraps() {
    snap_on(&rich(), "rich_intro", &[]);
}

#[test]
fn rich_help_panel_with_examples_option_help_and_terms() {
    snap_on(
        &rich(),
        "rich_help",
        &keys(&[KeyCode::Enter, KeyCode::Down]),
    );
}

#[test]
fn rich_help_panel_scrolls_with_tab_and_arrows() {
    let e = keys(&[
        KeyCode::Enter,
        KeyCode::Down,
        KeyCode::Tab,
        KeyCode::Down,
        KeyCode::Down,
        KeyCode::Down,
        KeyCode::Down,
    ]);
    snap_on(&rich(), "rich_help_scrolled", &e);
}

#[test]
fn rich_many_options_scroll_to_the_cursor_and_escapes_are_neutralised() {
    let e = keys(&[
        KeyCode::Enter,
        KeyCode::Char(' '),
        KeyCode::Enter,
        KeyCode::End,
        KeyCode::Up,
    ]);
    snap_on(&rich(), "rich_many_options", &e);
}

#[test]
fn rich_number_not_sure_row() {
    let mut e = keys(&[
        KeyCode::Enter,
        KeyCode::Char(' '),
        KeyCode::Enter,
        KeyCode::Char(' '),
        KeyCode::Enter,
    ]);
    e.extend(keys(&[KeyCode::Down, KeyCode::Char(' ')]));
    snap_on(&rich(), "rich_number_not_sure", &e);
}

#[test]
fn without_colour_no_cell_has_a_colour() {
    use dualcheck::tui::Theme;
    use ratatui::style::Color;
    let q = fixture();
    for choice in [ThemeChoice::Default, ThemeChoice::HighContrast] {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app(&q, dir.path());
        app.theme = Theme::new(choice, false);
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        let mut events = to_result();
        events.push(key(KeyCode::Char('?')));
        run_app(&mut terminal, &mut Scripted::new(events), &mut app).unwrap();
        for cell in terminal.backend().buffer().content() {
            assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
        }
    }
}

#[test]
fn resume_tells_what_changed() {
    use dualcheck::app::run::WizardOptions;
    use dualcheck::session::{SessionFile, Store};
    use dualcheck::tui::{Context, run_with};
    let q = fixture();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut session = SessionFile::new("s1".into(), &q, crate::tui::common::NOW);
    session.questionnaire_version = "0.0.9".into();
    session
        .answers
        .insert("location".into(), toml::Value::String("uk".into()));
    session
        .answers
        .insert("funding".into(), toml::Value::String("eu".into()));
    store.save(&session).unwrap();
    let mut ctx = Context {
        options: WizardOptions {
            resume: Some("s1".into()),
            runtime: dualcheck::app::Runtime::with_data_dir(Some(dir.path().to_path_buf())).into(),
            ..WizardOptions::default()
        },
        preloaded: Some(q),
        catalog: Vec::new(),
        clock: crate::tui::common::now,
        ready: None,
        farewell: None,
    };
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let code = run_with(&mut terminal, &mut Scripted::new([]), &mut ctx).unwrap();
    assert_eq!(code, 0);
    assert_snapshot!("resume_notice_80x24", terminal.backend());
}

#[test]
fn results_show_the_institution_contact() {
    let q = fixture();
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&q, dir.path());
    let mut runtime = dualcheck::app::Runtime::default();
    runtime.config.contacts = vec![dualcheck::assess::Contact {
        institution: "Export Control Office".into(),
        email: "exportcontrol@example.edu".into(),
        phone: "+00 000 000".into(),
        ..Default::default()
    }];
    app.runtime = runtime.into();
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    run_app(&mut terminal, &mut Scripted::new(to_result()), &mut app).unwrap();
    assert_snapshot!("results_contact_100x30", terminal.backend());
}

#[test]
fn a_click_chooses_an_option_and_the_wheel_never_answers() {
    use ratatui::crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mouse = |kind, column, row| {
        Event::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    let q = fixture();
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&q, dir.path());
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    // Rows: header (2), rule, blank, question, blank, then the options from row 6.
    let events = [mouse(MouseEventKind::Down(MouseButton::Left), 10, 8)];
    run_app(&mut terminal, &mut Scripted::new(events), &mut app).unwrap();
    assert_eq!((app.input.cursor, app.input.chosen), (2, Some(2)));
    // The wheel moves the highlight to read, never the choice.
    let events = [
        mouse(MouseEventKind::ScrollUp, 10, 8),
        mouse(MouseEventKind::ScrollUp, 10, 8),
        mouse(MouseEventKind::ScrollDown, 10, 8),
    ];
    run_app(&mut terminal, &mut Scripted::new(events), &mut app).unwrap();
    assert_eq!(app.input.chosen, Some(2));
    run_app(
        &mut terminal,
        &mut Scripted::new([key(KeyCode::Enter)]),
        &mut app,
    )
    .unwrap();
    assert_eq!(
        app.engine
            .answer_of(dualcheck::questionnaire::QuestionIx(0)),
        Some(&dualcheck::answers::Answer::Choice(OptionIx(2)))
    );
}

/// The fixture with long titles everywhere: the questionnaire, sections, questions, options and
/// findings.
fn long() -> dualcheck::questionnaire::Questionnaire {
    let mut q = fixture();
    // Old legal data: the warning must show on the result at every size.
    q.meta.legal_data_as_of = "2024-01-15".into();
    q.meta.title = "Research export-control self-check for universities and research institutes \
                    (dual-use, military and sanctions)"
        .into();
    for s in &mut q.sections {
        s.title = format!("{} and everything around it that matters here", s.title);
    }
    for question in &mut q.questions {
        question.text = format!(
            "{} Think of every project, partner and destination, including visitors and \
             remote access.",
            question.text
        );
        for o in &mut question.options {
            o.label = format!(
                "{}: a long option label that needs to wrap at narrow widths",
                o.label
            );
        }
    }
    for r in &mut q.rules {
        r.title = format!(
            "{}: possibly listed, check the annex entry and the catch-all clauses before you \
             send anything",
            r.title
        );
    }
    q
}

const ALL_SIZES: [(u16, u16); 4] = [(60, 20), (80, 24), (120, 40), (200, 50)];

/// Runs the wizard on the long-title fixture at every size and snapshots the last frame.
fn snap_long(name: &str, events: &[Event]) {
    let q = long();
    for (w, h) in ALL_SIZES {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app(&q, dir.path());
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        let end = run_app(&mut terminal, &mut Scripted::new(events.to_vec()), &mut app).unwrap();
        assert_eq!(end, None, "{name}: the script ran to its end");
        assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
    }
}

#[test]
fn long_titles_question() {
    snap_long("long_question", &keys(&[KeyCode::Down, KeyCode::Char(' ')]));
}

#[test]
fn long_titles_question_help_behind_tab() {
    snap_long("long_question_tab", &keys(&[KeyCode::Tab]));
}

#[test]
fn long_titles_review_row_expands() {
    let mut e = to_result();
    e.extend(keys(&[KeyCode::Char('r'), KeyCode::Down]));
    snap_long("long_review", &e);
}

#[test]
fn long_titles_result() {
    snap_long("long_result", &to_result());
}

#[test]
fn long_titles_export() {
    let mut e = to_result();
    e.push(key(KeyCode::Char('e')));
    snap_long("long_export", &e);
}

/// The project form of a new session, at every size: the title typed, Enter, the reference half
/// typed.
#[test]
fn project_form() {
    let q = long();
    for (w, h) in ALL_SIZES {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app(&q, dir.path());
        app.ask_project();
        let mut events = text("Thermal camera spin-off for a university spin-out company");
        events.push(key(KeyCode::Enter));
        events.extend(text("TTO-2026"));
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        run_app(&mut terminal, &mut Scripted::new(events), &mut app).unwrap();
        assert_snapshot!(format!("project_form_{w}x{h}"), terminal.backend());
    }
}

#[test]
fn project_form_refuses_a_text_too_long_and_enter_saves_the_project() {
    let q = fixture();
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&q, dir.path());
    app.ask_project();
    let mut events = text(&"x".repeat(121));
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    run_app(&mut terminal, &mut Scripted::new(events.clone()), &mut app).unwrap();
    assert_eq!(app.project_form.title.chars().count(), 120);
    assert_snapshot!("project_form_too_long_80x24", terminal.backend());
    // Ctrl-U clears the field; Enter twice takes the title and the reference and saves them.
    events = vec![Event::Key(ratatui::crossterm::event::KeyEvent::new(
        KeyCode::Char('u'),
        ratatui::crossterm::event::KeyModifiers::CONTROL,
    ))];
    events.extend(text("Thermal camera spin-off"));
    events.push(key(KeyCode::Enter));
    events.extend(text("TTO-2026-117"));
    events.push(key(KeyCode::Enter));
    run_app(&mut terminal, &mut Scripted::new(events), &mut app).unwrap();
    assert_eq!(app.overlay, None);
    let project = app.autosave.session.project.clone().expect("set");
    assert_eq!(project.title, "Thermal camera spin-off");
    assert_eq!(project.reference, "TTO-2026-117");
    let saved = dualcheck::session::Store::open(dir.path())
        .unwrap()
        .load(app.autosave.session_id())
        .unwrap();
    assert_eq!(saved.project, Some(project));
    // The result names it under the hint.
    run_app(&mut terminal, &mut Scripted::new(to_result()), &mut app).unwrap();
    assert_snapshot!("results_project_80x24", terminal.backend());
}

#[test]
fn project_form_esc_skips_and_leaves_no_project() {
    let q = fixture();
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&q, dir.path());
    app.overlay = Some(dualcheck::tui::Overlay::Notice("Autosave is off.".into()));
    app.ask_project();
    let mut events = text("Half typed");
    events.push(key(KeyCode::Esc));
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    run_app(&mut terminal, &mut Scripted::new(events), &mut app).unwrap();
    assert_eq!(app.autosave.session.project, None);
    // The notice the form was opened over comes next.
    assert_eq!(
        app.overlay,
        Some(dualcheck::tui::Overlay::Notice("Autosave is off.".into()))
    );
}
