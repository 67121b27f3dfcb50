//! The engine and the writers: bytes drive the fixture questionnaire (answer, back, jump,
//! acknowledge, clear); the answers are assessed and written in every format; the session is
//! recorded, written as TOML, read back and restored with the same answers.
#![no_main]

use std::sync::OnceLock;

use dualcheck::answers::Answer;
use dualcheck::diag::Sources;
use dualcheck::engine::Engine;
use dualcheck::questionnaire::catalog::read_pack_files;
use dualcheck::questionnaire::load::load;
use dualcheck::questionnaire::{Kind, OptionIx, QuestionIx, Questionnaire};
use dualcheck::report::Format;
use dualcheck::session::SessionFile;
use libfuzzer_sys::fuzz_target;

fn fixture() -> &'static Questionnaire {
    static Q: OnceLock<Questionnaire> = OnceLock::new();
    Q.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/valid/basic");
        let mut sources = Sources::default();
        let files: Vec<usize> = read_pack_files(std::path::Path::new(dir))
            .expect("fixture")
            .into_iter()
            .map(|(n, t)| sources.add(n, t))
            .collect();
        load(&sources, &files, "fuzz").questionnaire.expect("valid fixture")
    })
}

const TEXTS: [&str; 6] = [
    "Germany",
    "~~~",
    "=1+1;@x",
    "\u{202e}evil\u{202c}",
    "<script>x</script>",
    "\u{1b}[2J",
];

fuzz_target!(|data: &[u8]| {
    let q = fixture();
    let mut engine = Engine::new(q);
    for pair in data.chunks(2).take(64) {
        let (op, arg) = (pair[0], *pair.get(1).unwrap_or(&0));
        let n = q.questions.len();
        let i = QuestionIx(usize::from(arg) % n);
        match op % 6 {
            0 | 1 => {
                let Some(c) = engine.current() else { continue };
                let question = &q.questions[c];
                let k = usize::from(arg);
                let answer = match question.kind {
                    Kind::Single | Kind::YesNo if !question.options.is_empty() => {
                        Answer::Choice(OptionIx(k % question.options.len()))
                    }
                    Kind::Multiple if !question.options.is_empty() => Answer::Choices(
                        (0..question.options.len())
                            .filter(|o| k >> o & 1 == 1)
                            .map(OptionIx)
                            .collect(),
                    ),
                    Kind::Number => Answer::Number(f64::from(arg) * 7.0 - 100.0),
                    Kind::Text => Answer::Text(TEXTS[k % TEXTS.len()].to_string()),
                    _ => Answer::NotSure,
                };
                if let Ok(a) = answer.checked(question) {
                    let _ = engine.answer(c, a);
                } else {
                    let _ = engine.acknowledge(c);
                }
            }
            2 => {
                let _ = engine.back();
            }
            3 => {
                let _ = engine.jump(i);
            }
            4 => engine.clear(i),
            _ => {
                let _ = engine.finish();
            }
        }
    }
    let report = dualcheck::assess::assess(q, engine.answers(), "2026-01-01T00:00:00Z");
    for format in [Format::Json, Format::Markdown, Format::Text, Format::Html] {
        let out = format.write(&report);
        assert!(!out.contains('\u{1b}'), "{format:?}: an escape code");
        assert!(!out.contains('\u{202e}'), "{format:?}: a bidi override");
        if format == Format::Markdown {
            assert!(
                out.lines().all(|l| !l.trim_start().starts_with("~~~")),
                "a fence in the Markdown"
            );
        }
        if format == Format::Json {
            let _: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
        }
    }
    let mut session = SessionFile::new("fuzz".into(), q, "t");
    session.record(&engine, "t");
    let text = toml::to_string(&session).expect("a session serialises");
    let back: SessionFile = toml::from_str(&text).expect("a session reads back");
    assert_eq!(back, session);
    let (restored, what) = back.restore(q);
    assert!(what.dropped.is_empty(), "{:?}", what.dropped);
    assert_eq!(restored.answers(), engine.answers());
});
