//! Start-to-first-question and key-to-frame of the full-screen wizard, on `TestBackend` at 80x24
//! and 200x60: app construction plus the first draw, and one key event plus a draw.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use dualcheck::app::run::{Autosave, ThemeChoice};
use dualcheck::engine::Engine;
use dualcheck::questionnaire::{Kind, OptionIx, Questionnaire};
use dualcheck::tui::{App, Theme, draw, step};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Size;

const SIZES: [(u16, u16); 2] = [(80, 24), (200, 60)];

fn fixture() -> Questionnaire {
    dualcheck::app::Runtime::default()
        .load_questionnaire("tests/fixtures/valid/basic")
        .expect("fixture loads")
}

/// A wizard without autosave, so the benchmark measures drawing, not the disk.
fn app(q: &Questionnaire, w: u16, h: u16) -> App<'_> {
    let store = Err(dualcheck::session::SessionError::NotFound("bench".into()));
    let mut app = App::new(
        Engine::new(q),
        Autosave::start(store, q, "2026-01-02T03:04:05Z"),
        Theme::new(ThemeChoice::Default, true),
        Size::new(w, h),
    );
    app.clock = || "2026-01-02T03:04:05Z".into();
    app
}

fn start_to_first_question(c: &mut Criterion) {
    let q = fixture();
    let mut group = c.benchmark_group("start_to_first_question");
    for (w, h) in SIZES {
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{w}x{h}")),
            &(w, h),
            |b, _| {
                b.iter(|| {
                    let app = app(&q, w, h);
                    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
                    terminal.draw(|f| draw(f, &app)).unwrap();
                    black_box(terminal.backend().buffer().area);
                });
            },
        );
    }
    group.finish();
}

fn key_to_frame(c: &mut Criterion) {
    let q = fixture();
    let down = Event::Key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE));
    let up = Event::Key(KeyEvent::new(KeyCode::Up, KeyModifiers::NONE));
    let mut group = c.benchmark_group("key_to_frame");
    for (w, h) in SIZES {
        let mut app = app(&q, w, h);
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal.draw(|f| draw(f, &app)).unwrap();
        let mut flip = false;
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{w}x{h}")),
            &(w, h),
            |b, _| {
                b.iter(|| {
                    flip = !flip;
                    step(&mut app, if flip { &down } else { &up });
                    terminal.draw(|f| draw(f, &app)).unwrap();
                });
            },
        );
    }
    group.finish();
}

/// The result screen of the research self-check with ten "Not sure" answers: a key that moves
/// between findings, and the redraw, after the assessment (with its materiality analysis) has run
/// once.
fn result_screen(c: &mut Criterion) {
    let catalog = dualcheck::questionnaire::catalog::Catalog::embedded();
    let q = catalog
        .load("research-self-check")
        .and_then(|l| l.questionnaire)
        .unwrap();
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/answers/research-ten-unknowns.toml"
    );
    let mut sources = dualcheck::diag::Sources::default();
    let f = sources.add(path, std::fs::read_to_string(path).unwrap());
    let mut answers = dualcheck::answers::AnswersFile::parse(&sources, f)
        .unwrap()
        .resolve(&q)
        .unwrap();
    // Answer the questions the file leaves open so the wizard reaches the result.
    loop {
        let e = Engine::with_answers(&q, answers.clone());
        let Some(open) = e.first_open() else { break };
        let question = &q.questions[open];
        let answer = if question.not_sure {
            dualcheck::answers::Answer::NotSure
        } else {
            match question.kind {
                Kind::Text => dualcheck::answers::Answer::Text("Example".into()),
                Kind::Number => dualcheck::answers::Answer::Number(question.min),
                Kind::Multiple => dualcheck::answers::Answer::Choices(vec![OptionIx(0)]),
                _ => dualcheck::answers::Answer::Choice(OptionIx(0)),
            }
        };
        answers[open] = Some(answer.checked(question).expect("a valid answer"));
    }
    let down = Event::Key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE));
    let up = Event::Key(KeyEvent::new(KeyCode::Up, KeyModifiers::NONE));
    let mut group = c.benchmark_group("result_screen_key_to_frame");
    for (w, h) in SIZES {
        let mut app = app(&q, w, h);
        app.engine = Engine::with_answers(&q, answers.clone());
        app.engine.finish();
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal.draw(|f| draw(f, &app)).unwrap();
        let mut flip = false;
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{w}x{h}")),
            &(w, h),
            |b, _| {
                b.iter(|| {
                    flip = !flip;
                    step(&mut app, if flip { &down } else { &up });
                    terminal.draw(|f| draw(f, &app)).unwrap();
                });
            },
        );
    }
    group.finish();
}

criterion_group!(
    benches,
    start_to_first_question,
    key_to_frame,
    result_screen
);
criterion_main!(benches);
