//! Hostile input gets an error, never a panic; limits hold; sessions survive bad files.

use crate::common;

use dualcheck::answers::AnswersFile;
use dualcheck::diag::Sources;
use dualcheck::questionnaire::OptionIx;
use dualcheck::questionnaire::catalog::read_pack_files;
use dualcheck::questionnaire::expr;
use dualcheck::questionnaire::load::load;
use dualcheck::session::{SessionError, SessionFile, Store};
use proptest::prelude::*;

fn fixture_text() -> String {
    let dir = common::root().join("tests/fixtures/valid/basic");
    read_pack_files(&dir)
        .unwrap()
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join("\n")
}

fn load_text(text: &str) -> bool {
    let mut sources = Sources::default();
    let f = sources.add("fuzz.toml", text.to_string());
    let loaded = load(&sources, &[f], "fuzz");
    for d in &loaded.diagnostics {
        let rendered = sources.render(d);
        assert!(
            !rendered.contains('\u{1b}'),
            "escape code reached a diagnostic: {rendered}"
        );
    }
    loaded.questionnaire.is_some()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn expression_parser_never_panics(s in "\\PC{0,200}") {
        let _ = expr::parse(&s);
    }

    #[test]
    fn expression_parser_never_panics_on_grammar_soup(
        parts in proptest::collection::vec(prop_oneof![
            Just("a"), Just("=="), Just("!="), Just("("), Just(")"), Just("["), Just("]"), Just(","),
            Just("\"x\""), Just("'y"), Just("and"), Just("or"), Just("not"), Just("has"), Just("in"),
            Just("has_any"), Just("answered"), Just("not_sure"), Just("3.5"), Just("-"), Just(">="), Just("<"),
        ], 0..60)
    ) {
        let _ = expr::parse(&parts.join(" "));
    }

    /// Deleting or replacing a slice of a valid pack gives a questionnaire or errors, never a panic.
    #[test]
    fn mutated_questionnaires_never_panic(start in 0usize..4000, len in 0usize..200, insert in "\\PC{0,20}") {
        let text = fixture_text();
        let mut start = start.min(text.len());
        while !text.is_char_boundary(start) { start -= 1; }
        let mut end = (start + len).min(text.len());
        while !text.is_char_boundary(end) { end -= 1; }
        let mutated = format!("{}{}{}", &text[..start], insert, &text[end..]);
        let _ = load_text(&mutated);
    }

    #[test]
    fn arbitrary_text_as_questionnaire_never_panics(s in "\\PC{0,400}") {
        let _ = load_text(&s);
    }

    #[test]
    fn answers_files_never_panic(s in "\\PC{0,300}", id in "[a-z_]{1,12}", value in "\\PC{0,20}") {
        let q = common::fixture();
        for text in [s.clone(), format!("questionnaire = \"fixture-basic\"\n[answers]\n{id} = {value:?}\n"), format!("questionnaire = \"fixture-basic\"\n[answers]\nareas = [{value:?}]\nendurance = {}\n", value.len())] {
            let mut sources = Sources::default();
            let f = sources.add("a.toml", text);
            if let Ok(file) = AnswersFile::parse(&sources, f) {
                let _ = file.resolve(&q);
            }
        }
    }

    #[test]
    fn session_files_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        std::fs::write(store.path_of("s1"), &bytes).unwrap();
        match store.load("s1") {
            Ok(s) => { let _ = s.restore(&common::fixture()); }
            Err(SessionError::Corrupt { moved_to, .. }) => prop_assert!(moved_to.exists()),
            // A (random) newer schema is left in place.
            Err(SessionError::UnknownSchema { path, .. }) => prop_assert!(path.exists()),
            Err(e) => prop_assert!(false, "unexpected error {e}"),
        }
    }
}

#[test]
fn limits_give_clear_errors() {
    let deep = format!("{}a == 1{}", "(".repeat(40), ")".repeat(40));
    assert!(
        expr::parse(&deep)
            .unwrap_err()
            .message
            .contains("nested deeper than 32")
    );
    let long = vec!["a == 1"; 200].join(" or ");
    assert!(
        expr::parse(&long)
            .unwrap_err()
            .message
            .contains("longer than 1000")
    );

    let mut sources = Sources::default();
    let big = sources.add(
        "big.toml",
        "#".repeat(dualcheck::questionnaire::load::MAX_FILE_BYTES + 1),
    );
    let loaded = load(&sources, &[big], "t");
    assert!(loaded.diagnostics.iter().any(|d| d.kind == "too-large"));

    let mut sources = Sources::default();
    let text = format!(
        "questionnaire = \"x\"\n#{}\n",
        "x".repeat(dualcheck::answers::MAX_ANSWERS_BYTES)
    );
    let f = sources.add("a.toml", text);
    assert_eq!(
        AnswersFile::parse(&sources, f).unwrap_err().kind,
        "too-large"
    );
}

#[test]
fn packs_are_confined_to_their_own_toml_files() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    std::fs::create_dir(&pack).unwrap();
    std::fs::write(dir.path().join("secret.toml"), "secret = true").unwrap();
    std::fs::write(pack.join("a.toml"), "[questionnaire]").unwrap();
    std::fs::write(pack.join("notes.txt"), "ignored").unwrap();
    std::fs::create_dir(pack.join("sub")).unwrap();
    std::fs::write(pack.join("sub/b.toml"), "x = 1").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("secret.toml"), pack.join("link.toml")).unwrap();
    let files = read_pack_files(&pack).unwrap();
    let names: Vec<String> = files
        .iter()
        .map(|(n, _)| n.rsplit('/').next().unwrap().to_string())
        .collect();
    assert_eq!(
        names,
        vec!["a.toml"],
        "symlinks, sub-directories and other files are not read"
    );
}

#[cfg(unix)]
#[test]
fn sessions_are_owner_only_and_atomic() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let store = Store::open(&data).unwrap();
    let q = common::fixture();
    let session = SessionFile::new(
        store.new_id("2026-01-01T00:00:00Z"),
        &q,
        "2026-01-01T00:00:00Z",
    );
    store.save(&session).unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&store.path_of(&session.id)), 0o600);
    assert_eq!(mode(store.dir()), 0o700);
    assert_eq!(mode(&data), 0o700);
    // No temporary files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(store.dir())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
    assert_eq!(store.load(&session.id).unwrap(), session);
}

#[test]
fn a_corrupt_session_is_moved_aside_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let path = store.path_of("20260101000000");
    std::fs::write(
        &path,
        "schema = \"dualcheck.session/1\"\nid = \"20260101000000\"\nanswers = {",
    )
    .unwrap();
    match store.load("20260101000000") {
        Err(SessionError::Corrupt {
            moved_to, reason, ..
        }) => {
            assert!(!path.exists());
            assert_eq!(
                std::fs::read_to_string(&moved_to).unwrap(),
                "schema = \"dualcheck.session/1\"\nid = \"20260101000000\"\nanswers = {"
            );
            assert!(!reason.is_empty());
            let msg = SessionError::Corrupt {
                path: path.clone(),
                reason,
                moved_to,
            }
            .to_string();
            assert!(msg.contains("moved to"), "{msg}");
        }
        other => panic!("expected Corrupt, got {other:?}"),
    }
    // A truncated file, too.
    let q = common::fixture();
    let s = SessionFile::new("s2".into(), &q, "t");
    store.save(&s).unwrap();
    let text = std::fs::read_to_string(store.path_of("s2")).unwrap();
    std::fs::write(store.path_of("s2"), &text[..text.len() / 2]).unwrap();
    assert!(matches!(
        store.load("s2"),
        Err(SessionError::Corrupt { .. })
    ));
    // Path tricks in ids are refused.
    assert!(matches!(
        store.load("../etc/passwd"),
        Err(SessionError::NotFound(_))
    ));
}

#[test]
fn a_session_restores_every_answer_and_reports_what_no_longer_fits() {
    use dualcheck::answers::Answer;
    use dualcheck::engine::Engine;
    let q = common::fixture();
    let mut e = Engine::new(&q);
    e.answer(
        q.question_index("location").unwrap(),
        Answer::Choice(OptionIx(0)),
    )
    .unwrap();
    e.answer(
        q.question_index("member_state").unwrap(),
        Answer::Text("Germany".into()),
    )
    .unwrap();
    let mut s = SessionFile::new("s".into(), &q, "t");
    s.record(&e, "t2");
    let (restored, what) = s.restore(&q);
    assert_eq!(restored.answers(), e.answers());
    assert_eq!(restored.current(), e.current());
    assert!(!what.questionnaire_changed && what.dropped.is_empty());
    // The questionnaire changed: an answer to a removed question and a bad option are reported.
    s.questionnaire_hash = "sha256:old".into();
    s.answers
        .insert("gone".into(), toml::Value::String("x".into()));
    s.answers
        .insert("location".into(), toml::Value::String("mars".into()));
    let (_, what) = s.restore(&q);
    assert!(what.questionnaire_changed);
    let dropped: Vec<&str> = what.dropped.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(dropped, vec!["gone", "location"]);
}

#[test]
fn an_unusable_data_directory_turns_autosave_off_with_a_warning() {
    // A file where the directory should be fails for every user, root included (root ignores
    // permission bits, so a read-only directory would not).
    let dir = tempfile::tempdir().unwrap();
    let file_in_the_way = dir.path().join("data");
    std::fs::write(&file_in_the_way, "not a directory").unwrap();
    let q = common::fixture();
    let mut auto = dualcheck::app::run::Autosave::start(Store::open(&file_in_the_way), &q, "t");
    assert!(!auto.is_on());
    assert!(auto.warning.as_deref().unwrap().contains("Autosave is off"));
    let e = dualcheck::engine::Engine::new(&q);
    assert!(!auto.save(&e, "t"));
}
