//! The driver loop with scripted lines and captured output: no terminal involved.

use std::io::Cursor;
use std::path::Path;

use dualcheck::answers::Answer;
use dualcheck::app::run::{Autosave, WizardOptions};
use dualcheck::engine::Engine;
use dualcheck::plain::driver::{Context, Driver, Outcome};
use dualcheck::questionnaire::{OptionIx, Questionnaire};
use dualcheck::session::Store;

use super::{clock, fixture, fixture_dir};

struct Run<'q> {
    outcome: Outcome,
    out: String,
    engine: Engine<'q>,
    autosave: Autosave,
}

fn drive<'q>(q: &'q Questionnaire, dir: &Path, script: &str, color: bool) -> Run<'q> {
    let mut autosave = Autosave::start(Store::open(dir), q, &clock());
    let mut engine = Engine::new(q);
    let mut driver = Driver::new(Cursor::new(script.as_bytes().to_vec()), Vec::new(), color);
    let ctx = Context {
        runtime: std::sync::Arc::default(),
        project: None,
        clock,
        report_stem: "test".into(),
    };
    let outcome = driver
        .run(&mut engine, &mut autosave, &ctx)
        .expect("no I/O error");
    let out = String::from_utf8(driver.into_output()).expect("UTF-8 output");
    Run {
        outcome,
        out,
        engine,
        autosave,
    }
}

fn answer_of<'a>(run: &'a Run, id: &str) -> Option<&'a Answer> {
    let q = run.engine.questionnaire();
    run.engine.answer_of(q.question_index(id).unwrap())
}

/// EU, Germany, (note), drones, 90 minutes, military yes, review: Enter, results: Enter.
const FULL_PATH: &str = "1\nGermany\n\n2\n90\n1\n\n\n";

#[test]
fn a_full_path_reaches_the_results() {
    let q = fixture();
    let dir = tempfile::tempdir().unwrap();
    let run = drive(&q, dir.path(), FULL_PATH, false);
    assert_eq!(run.outcome, Outcome::Finished, "{}", run.out);
    let out = &run.out;
    for expected in [
        "Section 1 of 2, Where you are. Question 1, about 2 to go.\nWhere is your organisation?\n  1. In the EU\n  2. In the UK\n  3. Elsewhere\n  4. Not sure\nType a number, ? for why we ask, < to go back: ",
        "Section 2 of 2, What you do. A note.\nNow a few questions about the work.\nThe next questions are about your technology.\nPress Enter to continue",
        "Type a number from 0 to 10000 (minutes), ? for why we ask, < to go back: ",
        "Question 5, the last one for now.",
        "Review your answers.\nWhere you are:\n  1. Where is your organisation? Answer: In the EU.\n  2. Which country? Answer: Germany.\nWhat you do:\n",
        "HINT: [!!] LICENCE LIKELY\n",
        "1. [!!] Long-endurance drone",
        "Because you answered:",
        "- How long can the drone fly, in minutes? Answer: 90 minutes",
        "What to do:\n   1. Talk to your export-control officer.",
        "Sources:\n   - European Union: Regulation (EU) 2021/821",
        "Likely list area: EU Annex I 9A012",
        "WHAT THIS CHECK DID NOT COVER",
        "DISCLAIMER\ndualcheck gives a hint, not a legal decision.",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
    assert!(!out.contains('\u{1b}'), "escape code with colour off");
    assert!(run.autosave.session.finished);
}

#[test]
fn invalid_input_is_explained_and_asked_again() {
    let q = fixture();
    let dir = tempfile::tempdir().unwrap();
    // The blank line after "1" skips the optional member_state; the next one reads the note.
    let script = "7\nzebra\n\n1\n\n\n1,9\n0,1\n2\nlots\n20000\n90\nmaybe\n2\n\n\n";
    let run = drive(&q, dir.path(), script, false);
    assert_eq!(run.outcome, Outcome::Finished, "{}", run.out);
    for expected in [
        "7 is not one of the numbers. Type a number from 1 to 4.\nType a number, ? for why we ask, < to go back: ",
        "`zebra` is not an option here. Type a number from 1 to 4.\n",
        "Please type the number of your answer.\n",
        "This question is optional: press Enter to skip it.\n",
        "9 is not one of the numbers. Type a number from 1 to 4.\n",
        "0 means none of these; it cannot be combined with other numbers.\n",
        "Enter a number.\n",
        "Enter a number between 0 and 10000.\n",
        "`maybe` is not an option here. Type a number from 1 to 3.\n",
    ] {
        assert!(
            run.out.contains(expected),
            "missing {expected:?} in:\n{}",
            run.out
        );
    }
    assert_eq!(answer_of(&run, "endurance"), Some(&Answer::Number(90.0)));
    assert_eq!(
        answer_of(&run, "military"),
        Some(&Answer::Choice(OptionIx(1)))
    );
}

#[test]
fn question_mark_prints_why_we_ask_examples_and_terms() {
    let q = fixture();
    let dir = tempfile::tempdir().unwrap();
    let run = drive(&q, dir.path(), "?\n3\n?\nq\n", false);
    assert_eq!(run.outcome, Outcome::Quit);
    assert!(
        run.out
            .contains("Why we ask: The rules that apply depend on where you are.\n")
    );
    assert!(run.out.contains(
        "Why we ask: Each area points to a different part of the lists.\nTerms:\n- dual-use item: An item that can be used for both civil and military purposes.\n"
    ));
    // The prompt comes back after the help.
    assert!(run.out.contains("Commands: ? help"));
}

#[test]
fn back_returns_to_the_previous_question_and_keeps_answers() {
    let q = fixture();
    let dir = tempfile::tempdir().unwrap();
    // EU, then back from "Which country?", change to Elsewhere, then back again and keep it.
    let run = drive(&q, dir.path(), "<\n1\n<\n3\n<\n\nq\n", false);
    assert_eq!(run.outcome, Outcome::Quit);
    assert!(
        run.out
            .contains("This is the first question; there is nothing before it.")
    );
    assert!(
        run.out
            .contains("Your answer: In the EU. Press Enter to keep it.")
    );
    assert!(
        run.out
            .contains("Your answer: Elsewhere. Press Enter to keep it.")
    );
    assert_eq!(
        answer_of(&run, "location"),
        Some(&Answer::Choice(OptionIx(2)))
    );
    assert_eq!(
        run.engine.current(),
        q.question_index("areas"),
        "Elsewhere skips the country question"
    );
}

#[test]
fn review_lets_an_answer_change_and_marks_set_aside_answers() {
    let q = fixture();
    let dir = tempfile::tempdir().unwrap();
    // Full path to the review, change answer 3 (areas) to encryption: the drone question falls
    // off the path and is set aside; back to the review, then the results.
    let script = "1\nGermany\n\n2\n90\n2\n3\n1\n\n\n";
    let run = drive(&q, dir.path(), script, false);
    assert_eq!(run.outcome, Outcome::Finished, "{}", run.out);
    let second_review = run.out.rsplit("Review your answers.").next().unwrap();
    assert!(
        second_review.contains("  3. Which areas does your work touch? Answer: Encryption.\n"),
        "{second_review}"
    );
    assert!(second_review.contains(
        "Set aside, because they are no longer on your path (not assessed):\n  - How long can the drone fly, in minutes? Answer: 90 minutes.\n"
    ));
    assert!(run.out.contains("HINT: [!] CHECK NEEDED"));
    assert!(run.out.contains("1. [!] Encryption"));
}

#[test]
fn not_sure_is_offered_and_reported_as_missing_information() {
    let q = fixture();
    let dir = tempfile::tempdir().unwrap();
    let run = drive(&q, dir.path(), "3\n4\nnot sure\n\n\n", false);
    assert_eq!(run.outcome, Outcome::Finished, "{}", run.out);
    assert_eq!(answer_of(&run, "areas"), Some(&Answer::NotSure));
    assert_eq!(answer_of(&run, "military"), Some(&Answer::NotSure));
    assert!(run.out.contains(
        "Open questions (the result says which of them could change the hint):\n  - Which areas does your work touch? (answered “Not sure”)\n"
    ));
    assert!(run.out.contains("HINT: [!] CHECK NEEDED"));
    assert!(
        run.out
            .contains("OPEN QUESTIONS THAT COULD CHANGE THIS HINT\n")
    );
}

#[test]
fn multiple_choice_takes_zero_for_none_of_these() {
    // The fixture offers its own "None of these" option, so the 0 hint is not shown there...
    let q = fixture();
    let dir = tempfile::tempdir().unwrap();
    let run = drive(&q, dir.path(), "3\n0\nq\n", false);
    assert!(!run.out.contains("0 for none of these"));
    // ...but 0 still means an empty selection.
    assert_eq!(answer_of(&run, "areas"), Some(&Answer::Choices(vec![])));
}

#[test]
fn colour_is_used_only_when_allowed() {
    let q = fixture();
    let dir = tempfile::tempdir().unwrap();
    let run = drive(&q, dir.path(), FULL_PATH, true);
    assert!(
        run.out
            .contains("\u{1b}[1mWhere is your organisation?\u{1b}[0m")
    );
    let run = drive(&q, dir.path(), FULL_PATH, false);
    assert!(!run.out.contains('\u{1b}'));
}

const HOSTILE: &str = r#"
[questionnaire]
id = "hostile"
title = "Evil \u001b[2J title"
description = "Desc \u001b]0;pwned\u0007"
version = "1.0.0"
legal_data_as_of = 2025-11-15
audience = ["tests"]

[[section]]
id = "s"
title = "Sec \u001b[31m"
intro = "Intro \u001b[5m"

[[reference]]
id = "r"
title = "Ref \u001b[1m"
issuer = "Iss \u009b2J"
date = "2025"

[[term]]
id = "t"
term = "Term \u001b[1m"
definition = "Def \u001b[1m"

[[question]]
id = "q1"
section = "s"
kind = "single"
text = "Pick \u001b[2K one"
help = "Help \u001b[H"
examples = ["Ex \u001b[3J"]
terms = ["t"]
options = [
  { id = "a", label = "A \u001b[31m", help = "Opt \u001b[0m" },
  { id = "b", label = "B" },
]

[[question]]
id = "q2"
section = "s"
kind = "text"
text = "Say \u001b[1m"
help = "Why \u001b[1m"

[[rule]]
id = "r1"
when = 'q1 == "a"'
finding = "listed-dual-use"
tier = "check-needed"
title = "T \u001b[1m"
rationale = "R \u001b[1m"
guidance = ["G \u001b[1m"]
references = ["r"]
list_area = "L \u001b[1m"
"#;

#[test]
fn hostile_questionnaire_and_answer_text_never_reach_the_terminal() {
    let pack = tempfile::tempdir().unwrap();
    std::fs::write(pack.path().join("q.toml"), HOSTILE).unwrap();
    let q = dualcheck::app::Runtime::default()
        .load_questionnaire(pack.path().to_str().unwrap())
        .expect("hostile pack loads");
    let dir = tempfile::tempdir().unwrap();
    let script = "?\n\u{1b}[2J\n1\n?\nhi \u{1b}[31m there\nfine\n\n\n";
    let run = drive(&q, dir.path(), script, false);
    assert_eq!(run.outcome, Outcome::Finished, "{}", run.out);
    assert!(!run.out.contains('\u{1b}'), "{:?}", run.out);
    assert!(!run.out.contains('\u{9b}'), "{:?}", run.out);
    assert!(run.out.contains("Control characters are not allowed."));
    // Help shows the examples, the option help and the glossary terms, made harmless.
    assert!(
        run.out.contains("Examples:\n- Ex \u{FFFD}[3J\n"),
        "{}",
        run.out
    );
    assert!(
        run.out
            .contains("About the answers:\n- A \u{FFFD}[31m: Opt \u{FFFD}[0m\n")
    );
    assert!(
        run.out
            .contains("Terms:\n- Term \u{FFFD}[1m: Def \u{FFFD}[1m\n")
    );
}

#[test]
fn end_of_input_and_quit_leave_the_session_saved() {
    let q = fixture();
    let dir = tempfile::tempdir().unwrap();
    let run = drive(&q, dir.path(), "1\nGermany\n", false);
    assert_eq!(run.outcome, Outcome::EndOfInput);
    let saved = Store::open(dir.path())
        .unwrap()
        .load(run.autosave.session_id())
        .unwrap();
    assert_eq!(saved.answers["location"].as_str(), Some("eu"));
    assert_eq!(saved.answers["member_state"].as_str(), Some("Germany"));
    assert!(!saved.finished);
}

#[test]
fn a_session_saved_by_the_plain_driver_restores_the_same_engine_state() {
    let q = fixture();
    let dir = tempfile::tempdir().unwrap();
    // Answer some questions, go back once, then stop.
    let run = drive(&q, dir.path(), "1\nGermany\n\n2\n<\n", false);
    assert_eq!(run.outcome, Outcome::EndOfInput);
    let saved = Store::open(dir.path())
        .unwrap()
        .load(run.autosave.session_id())
        .unwrap();
    assert_eq!(saved, run.autosave.session);
    let (restored, report) = saved.restore(&q);
    assert!(!report.questionnaire_changed);
    assert!(report.dropped.is_empty());
    assert_eq!(restored.answers(), run.engine.answers());
    assert_eq!(restored.seen_notes(), run.engine.seen_notes());
    assert_eq!(restored.current(), run.engine.current());
    assert_eq!(restored.current(), q.question_index("areas"));
    assert_eq!(restored.walk(), run.engine.walk());
}

fn options(data_dir: &Path) -> WizardOptions {
    WizardOptions {
        questionnaire: Some(fixture_dir().to_str().unwrap().to_string()),
        runtime: dualcheck::app::Runtime::with_data_dir(Some(data_dir.to_path_buf())).into(),
        ..WizardOptions::default()
    }
}

fn run_with(options: &WizardOptions, script: &str) -> (u8, String) {
    let mut driver = Driver::new(Cursor::new(script.as_bytes().to_vec()), Vec::new(), false);
    let code = dualcheck::plain::run_with(&mut driver, options, clock).expect("runs");
    (code, String::from_utf8(driver.into_output()).unwrap())
}

#[test]
fn the_start_offers_unfinished_sessions_and_resume_continues_them() {
    let dir = tempfile::tempdir().unwrap();
    let opts = options(dir.path());
    // Enter twice skips the project's title and reference.
    let (code, out) = run_with(&opts, "\n\n1\n");
    assert_eq!(code, 130, "end of input exits 130:\n{out}");
    assert!(out.contains("End of input. Your answers are saved. To continue later, run: dualcheck run --plain --questionnaire "));
    // The same questionnaire again: choose between a new check and the unfinished session.
    let (code, out) = run_with(&opts, "9\n2\nGermany\n\n2\n30\n2\n\n\n");
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Start a new check:\n  1. Fixture questionnaire, version 0.1.0"),
        "{out}"
    );
    assert!(out.contains("Or resume an unfinished session:\n  2. Fixture questionnaire, 1 answer"));
    assert!(out.contains("Type a number from 1 to 2, or q to quit."));
    assert!(out.contains("Resuming session "));
    assert!(out.contains("HINT: [-] NO INDICATOR FOUND"), "{out}");
    // Finished sessions are not offered again; --resume opens one directly.
    let store = Store::open(dir.path()).unwrap();
    let sessions = store.list();
    assert_eq!(sessions.len(), 1);
    assert!(sessions[0].finished);
    let resume = WizardOptions {
        resume: Some(sessions[0].id.clone()),
        ..opts.clone()
    };
    let (code, out) = run_with(&resume, "\n\n");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Review your answers."));
}

#[test]
fn the_project_is_asked_first_checked_saved_and_named_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let opts = options(dir.path());
    let long = "x".repeat(121);
    let script = format!("{long}\nThermal camera spin-off\n TTO-2026-117 \n{FULL_PATH}");
    let (code, out) = run_with(&opts, &script);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(
            "Which project is this check for? This is optional: the title and reference are printed at the top of the report"
        ),
        "{out}"
    );
    assert!(out.contains("Project title (optional), or press Enter to skip: "));
    assert!(out.contains(
        "Not accepted: the project title can be at most 120 characters long; this one has 121. Type it again, or press Enter to skip."
    ));
    assert!(out.contains(
        "Project reference, e.g. a file or case number (optional), or press Enter to skip: "
    ));
    assert!(
        out.contains("dualcheck report: Fixture questionnaire\nProject: Thermal camera spin-off\nReference: TTO-2026-117\n"),
        "{out}"
    );
    let store = Store::open(dir.path()).unwrap();
    let sessions = store.list();
    let project = sessions[0].project.clone().expect("saved with the session");
    assert_eq!(project.title, "Thermal camera spin-off");
    assert_eq!(project.reference, "TTO-2026-117");
    // A resumed session is not asked again; its project is named when it resumes.
    let resume = WizardOptions {
        resume: Some(sessions[0].id.clone()),
        ..opts.clone()
    };
    let (code, out) = run_with(&resume, "\n\n");
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("Which project"), "{out}");
    assert!(
        out.contains(" (Thermal camera spin-off (reference TTO-2026-117)), last saved"),
        "{out}"
    );
    // The command line sets it without asking, and replaces what was saved.
    let given = WizardOptions {
        resume: Some(sessions[0].id.clone()),
        project: Some(dualcheck::project::Project {
            title: String::new(),
            reference: "TTO-2026-118".into(),
        }),
        ..opts.clone()
    };
    let (code, out) = run_with(&given, "\n\n");
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Project: Thermal camera spin-off\nReference: TTO-2026-118\n"),
        "{out}"
    );
}

#[test]
fn without_a_questionnaire_the_shipped_and_institution_packs_are_offered() {
    let dir = tempfile::tempdir().unwrap();
    // An institution's pack, named by the configuration, is offered beside the shipped ones.
    let mut runtime = dualcheck::app::Runtime::with_data_dir(Some(dir.path().to_path_buf()));
    runtime.config.extra_questionnaire_dirs = vec![fixture_dir()];
    let catalog = runtime.catalog();
    let opts = WizardOptions {
        runtime: runtime.into(),
        ..WizardOptions::default()
    };
    let mut driver = Driver::new(Cursor::new(b"q\n".to_vec()), Vec::new(), false);
    let code = dualcheck::plain::run_with(&mut driver, &opts, clock).expect("quits cleanly");
    assert_eq!(code, 0);
    let out = String::from_utf8(driver.into_output()).unwrap();
    assert!(out.contains("Start a new check:"), "{out}");
    assert!(
        catalog.entries.len() >= 3,
        "two shipped packs and the institution's"
    );
    for e in &catalog.entries {
        assert!(out.contains(&e.title), "{} missing from:\n{out}", e.title);
    }
}

#[test]
fn without_a_usable_data_directory_the_run_goes_on_without_autosave() {
    let file = tempfile::NamedTempFile::new().unwrap();
    // A file where the data directory should be: the sessions folder cannot be created.
    let opts = WizardOptions {
        questionnaire: Some(fixture_dir().to_str().unwrap().to_string()),
        runtime: dualcheck::app::Runtime::with_data_dir(Some(file.path().to_path_buf())).into(),
        ..WizardOptions::default()
    };
    let (code, out) = run_with(&opts, &format!("\n\n{FULL_PATH}"));
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out.matches("Warning: cannot use the data directory")
            .count(),
        1,
        "{out}"
    );
    assert!(out.contains("Autosave is off for this run."));
    assert!(out.contains("HINT: [!!] LICENCE LIKELY"));
    let (code, out) = run_with(&opts, "1\n");
    assert_eq!(code, 130);
    assert!(out.contains("Autosave was off: your answers were not saved."));
}

#[test]
fn an_unknown_example_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let opts = WizardOptions {
        example: Some("no-such-example".into()),
        runtime: dualcheck::app::Runtime::with_data_dir(Some(dir.path().to_path_buf())).into(),
        ..WizardOptions::default()
    };
    let mut driver = Driver::new(Cursor::new(Vec::new()), Vec::new(), false);
    let f = dualcheck::plain::run_with(&mut driver, &opts, clock).expect_err("no such example");
    assert_eq!(f.code(), 2);
    assert!(
        f.message.contains("no example `no-such-example`"),
        "{}",
        f.message
    );
}

#[test]
fn a_mistyped_example_gets_one_message_with_a_suggestion_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let opts = WizardOptions {
        example: Some("thermal-camera-startp".into()),
        runtime: dualcheck::app::Runtime::with_data_dir(Some(dir.path().to_path_buf())).into(),
        ..WizardOptions::default()
    };
    let mut driver = Driver::new(Cursor::new(Vec::new()), Vec::new(), false);
    let plain = dualcheck::plain::run_with(&mut driver, &opts, clock)
        .expect_err("no such example")
        .message;
    let full_screen = dualcheck::tui::Context::new(opts)
        .expect_err("no such example")
        .message;
    let shown = std::process::Command::new(env!("CARGO_BIN_EXE_dualcheck"))
        .args(["examples", "show", "thermal-camera-startp"])
        .output()
        .unwrap();
    let command = String::from_utf8(shown.stderr).unwrap();
    assert_eq!(
        plain,
        "no example `thermal-camera-startp`; did you mean `thermal-camera-startup`?"
    );
    assert_eq!(full_screen, plain);
    assert_eq!(command.trim_end(), format!("error: {plain}"));
    assert_eq!(shown.status.code(), Some(2));
}

#[test]
fn resuming_an_unknown_session_gets_one_message_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let opts = WizardOptions {
        resume: Some("20260101000000".into()),
        runtime: dualcheck::app::Runtime::with_data_dir(Some(dir.path().to_path_buf())).into(),
        ..WizardOptions::default()
    };
    let mut driver = Driver::new(Cursor::new(Vec::new()), Vec::new(), false);
    let plain = dualcheck::plain::run_with(&mut driver, &opts, clock).expect_err("no session");
    let full_screen = dualcheck::tui::Context::new(opts).expect_err("no session");
    assert_eq!(plain.code(), 2);
    assert_eq!(full_screen.code(), plain.code());
    assert_eq!(full_screen.message, plain.message);
    assert!(
        plain.message.contains("20260101000000")
            && plain.message.contains("dualcheck sessions list"),
        "{}",
        plain.message
    );
}
