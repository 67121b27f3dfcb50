//! The branching engine: navigation, visibility and what reaches the assessment.

use crate::common;

use dualcheck::answers::Answer;
use dualcheck::assess::assess;
use dualcheck::engine::{Engine, NavError};
use dualcheck::questionnaire::{Kind, OptionIx, QuestionIx};
use proptest::prelude::*;

fn idx(q: &dualcheck::questionnaire::Questionnaire, id: &str) -> QuestionIx {
    q.question_index(id).unwrap()
}

fn opt(q: &dualcheck::questionnaire::Questionnaire, qid: &str, oid: &str) -> Answer {
    let question = q.question(qid).unwrap();
    match question.kind {
        Kind::Multiple => Answer::Choices(vec![question.option_index(oid).unwrap()]),
        _ => Answer::Choice(question.option_index(oid).unwrap()),
    }
}

#[test]
fn walks_the_path_in_order_and_skips_hidden_questions() {
    let q = common::fixture();
    let mut e = Engine::new(&q);
    assert_eq!(e.current(), Some(idx(&q, "location")));
    e.answer(idx(&q, "location"), opt(&q, "location", "uk"))
        .unwrap();
    // member_state is only for the EU; the info note comes next.
    assert_eq!(e.current(), Some(idx(&q, "note")));
    e.acknowledge(idx(&q, "note")).unwrap();
    assert_eq!(e.current(), Some(idx(&q, "areas")));
    e.answer(idx(&q, "areas"), opt(&q, "areas", "crypto"))
        .unwrap();
    // endurance is only asked for drones.
    assert_eq!(e.current(), Some(idx(&q, "military")));
    e.answer(idx(&q, "military"), opt(&q, "military", "no"))
        .unwrap();
    assert_eq!(e.current(), None);
    assert!(e.is_complete());
}

#[test]
fn next_rules_jump_over_questions() {
    let q = common::fixture();
    let mut e = Engine::new(&q);
    e.answer(idx(&q, "location"), opt(&q, "location", "other"))
        .unwrap();
    assert_eq!(
        e.current(),
        Some(idx(&q, "areas")),
        "other jumps past member_state and the note"
    );
    let path = e.walk().path;
    assert!(!path.contains(&idx(&q, "note")));
}

#[test]
fn back_is_keyed_by_question_and_keeps_answers() {
    let q = common::fixture();
    let mut e = Engine::new(&q);
    e.answer(idx(&q, "location"), opt(&q, "location", "eu"))
        .unwrap();
    e.answer(idx(&q, "member_state"), Answer::Text("Germany".into()))
        .unwrap();
    assert!(e.back());
    assert_eq!(e.current(), Some(idx(&q, "member_state")));
    assert_eq!(
        e.answer_of(idx(&q, "member_state")),
        Some(&Answer::Text("Germany".into()))
    );
    assert!(e.back());
    assert_eq!(e.current(), Some(idx(&q, "location")));
    assert!(!e.back(), "nothing before the first question");
    assert!(e.forward());
    assert_eq!(e.current(), Some(idx(&q, "member_state")));
}

#[test]
fn changing_an_early_answer_sets_later_answers_aside_and_restores_them() {
    let q = common::fixture();
    let mut e = Engine::new(&q);
    e.answer(idx(&q, "location"), opt(&q, "location", "eu"))
        .unwrap();
    e.answer(idx(&q, "member_state"), Answer::Text("France".into()))
        .unwrap();
    e.jump(idx(&q, "location")).unwrap();
    e.answer(idx(&q, "location"), opt(&q, "location", "uk"))
        .unwrap();
    assert_eq!(e.set_aside(), vec![idx(&q, "member_state")]);
    let report = assess(&q, e.answers(), "2026-01-01T00:00:00Z");
    assert!(
        !report.answers.contains_key("member_state"),
        "set-aside answers are not assessed"
    );
    assert_eq!(report.set_aside, vec!["member_state".to_string()]);
    e.jump(idx(&q, "location")).unwrap();
    e.answer(idx(&q, "location"), opt(&q, "location", "eu"))
        .unwrap();
    assert!(e.set_aside().is_empty());
    assert_eq!(
        e.answer_of(idx(&q, "member_state")),
        Some(&Answer::Text("France".into()))
    );
}

#[test]
fn invalid_answers_are_refused_and_do_not_move() {
    let q = common::fixture();
    let mut e = Engine::new(&q);
    e.answer(idx(&q, "location"), opt(&q, "location", "other"))
        .unwrap();
    e.answer(idx(&q, "areas"), opt(&q, "areas", "drones"))
        .unwrap();
    let endurance = idx(&q, "endurance");
    assert_eq!(e.current(), Some(endurance));
    assert!(matches!(
        e.answer(endurance, Answer::Number(-5.0)),
        Err(NavError::Answer(_))
    ));
    assert!(
        matches!(
            e.answer(endurance, Answer::NotSure),
            Err(NavError::Answer(_))
        ),
        "no Not sure offered"
    );
    assert_eq!(e.current(), Some(endurance));
    assert!(matches!(
        e.answer(idx(&q, "member_state"), Answer::Text("x".into())),
        Err(NavError::NotOnPath)
    ));
    assert!(matches!(
        e.jump(idx(&q, "military")),
        Err(NavError::NotYetReached)
    ));
}

#[test]
fn progress_counts_answers_and_estimates_the_rest() {
    let q = common::fixture();
    let mut e = Engine::new(&q);
    let p = e.progress();
    assert_eq!(p.answered, 0);
    assert_eq!(p.section_number, 1);
    // location, member_state? no (not shown without eu), areas, military: estimate 3.
    assert_eq!(p.remaining, 3);
    e.answer(idx(&q, "location"), opt(&q, "location", "eu"))
        .unwrap();
    let p = e.progress();
    assert_eq!(
        (p.answered, p.remaining),
        (1, 3),
        "member_state appears on the path"
    );
    assert_eq!(p.section_count, 2);
    // The rise of the estimate is explained: the answer added member_state.
    assert_eq!(p.added_by_last, 1);
    assert_eq!(p.to_go(), "about 3 to go (+1 from your answer)");
    e.answer(idx(&q, "member_state"), Answer::Text("France".into()))
        .unwrap();
    let p = e.progress();
    assert_eq!(p.added_by_last, 0, "an answer that opens nothing");
    assert_eq!(p.to_go(), format!("about {} to go", p.remaining));
    // Drones open the endurance question.
    e.acknowledge(idx(&q, "note")).unwrap();
    e.answer(idx(&q, "areas"), opt(&q, "areas", "drones"))
        .unwrap();
    assert_eq!(e.progress().added_by_last, 1, "endurance");
    // An answer that removes questions adds none.
    e.back();
    e.answer(idx(&q, "areas"), opt(&q, "areas", "crypto"))
        .unwrap();
    assert_eq!(e.progress().added_by_last, 0);
}

fn arb_answer(q: &dualcheck::questionnaire::Question) -> BoxedStrategy<Answer> {
    let n = q.options.len();
    let not_sure = q.not_sure;
    let base: BoxedStrategy<Answer> = match q.kind {
        Kind::Single | Kind::YesNo => (0..n).prop_map(|o| Answer::Choice(OptionIx(o))).boxed(),
        Kind::Multiple => proptest::collection::vec(0..n, 0..=n)
            .prop_map(|v| Answer::Choices(v.into_iter().map(OptionIx).collect()))
            .boxed(),
        Kind::Number => (q.min..=q.max).prop_map(Answer::Number).boxed(),
        Kind::Text => "[a-z]{1,10}".prop_map(Answer::Text).boxed(),
        Kind::Info => Just(Answer::NotSure).boxed(),
    };
    if not_sure {
        prop_oneof![4 => base, 1 => Just(Answer::NotSure)].boxed()
    } else {
        base
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Answering whatever is current always reaches the end within the number of questions.
    #[test]
    fn every_path_terminates(seed in proptest::collection::vec(any::<u32>(), 20)) {
        let q = common::fixture();
        let mut e = Engine::new(&q);
        let mut steps = 0;
        while let Some(c) = e.current() {
            steps += 1;
            prop_assert!(steps <= q.questions.len(), "more steps than questions");
            let question = &q.questions[c];
            let s = seed[steps % seed.len()] as usize;
            let a = match question.kind {
                Kind::Info => { e.acknowledge(c).unwrap(); continue; }
                Kind::Single | Kind::YesNo => Answer::Choice(OptionIx(s % question.options.len())),
                Kind::Multiple => Answer::Choices(vec![OptionIx(s % question.options.len())]),
                Kind::Number => Answer::Number(question.min + (s % 100) as f64),
                Kind::Text => Answer::Text("t".into()),
            };
            e.answer(c, a).unwrap();
        }
        prop_assert!(e.is_complete());
    }

    /// Back then forward returns to the same question with the same answers.
    #[test]
    fn back_then_forward_restores_the_state(answers in proptest::collection::vec(any::<u8>(), 6)) {
        let q = common::fixture();
        let mut e = Engine::new(&q);
        for (k, s) in answers.iter().enumerate() {
            let Some(c) = e.current() else { break };
            let question = &q.questions[c];
            if question.kind == Kind::Info { e.acknowledge(c).unwrap(); continue; }
            let s = *s as usize + k;
            let a = match question.kind {
                Kind::Single | Kind::YesNo => Answer::Choice(OptionIx(s % question.options.len())),
                Kind::Multiple => Answer::Choices(vec![OptionIx(s % question.options.len())]),
                Kind::Number => Answer::Number(question.min + (s % 50) as f64),
                _ => Answer::Text("t".into()),
            };
            e.answer(c, a).unwrap();
        }
        let before_current = e.current();
        let before_answers = e.answers().to_vec();
        if e.back() {
            prop_assert!(e.forward());
            prop_assert_eq!(e.current(), before_current);
        }
        prop_assert_eq!(e.answers(), &before_answers[..]);
    }

    /// Whatever is stored for questions off the path never reaches the assessment.
    #[test]
    fn answers_on_hidden_questions_never_reach_the_assessment(
        picks in proptest::collection::vec(any::<proptest::sample::Index>(), 6)
    ) {
        let q = common::fixture();
        let strategies: Vec<_> = q.questions.iter().map(arb_answer).collect();
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let answers: Vec<Option<Answer>> = q.questions.iter().enumerate().map(|(i, question)| {
            if question.kind == Kind::Info || picks[i % picks.len()].index(3) == 0 { return None; }
            let a = strategies[i].new_tree(&mut runner).unwrap().current();
            a.checked(question).ok()
        }).collect();
        let report = assess(&q, &answers, "2026-01-01T00:00:00Z");
        let walk = dualcheck::engine::walk(&q, &answers);
        for (i, question) in q.questions.iter().enumerate() {
            if !walk.on_path[i] {
                prop_assert!(!report.answers.contains_key(&question.id));
                for f in &report.findings {
                    prop_assert!(f.triggered_by.iter().all(|t| t.question != question.id));
                }
            }
        }
        // A copy with the hidden answers removed assesses identically.
        let visible: Vec<Option<Answer>> = answers.iter().enumerate()
            .map(|(i, a)| if walk.on_path[i] { a.clone() } else { None }).collect();
        let again = assess(&q, &visible, "2026-01-01T00:00:00Z");
        prop_assert_eq!(&report.findings, &again.findings);
        prop_assert_eq!(report.verdict, again.verdict);
    }
}

#[test]
fn optional_questions_can_be_skipped_required_ones_cannot() {
    let q = common::fixture();
    let mut e = Engine::new(&q);
    e.answer(idx(&q, "location"), opt(&q, "location", "eu"))
        .unwrap();
    let ms = idx(&q, "member_state");
    assert_eq!(e.current(), Some(ms));
    assert!(e.can_skip(ms), "member_state is optional");
    e.acknowledge(ms).unwrap();
    assert_eq!(e.current(), Some(idx(&q, "note")), "skipping moves on");
    assert_eq!(e.answer_of(ms), None);
    e.acknowledge(idx(&q, "note")).unwrap();
    let areas = idx(&q, "areas");
    assert!(matches!(e.acknowledge(areas), Err(NavError::Required)));
    assert_eq!(e.current(), Some(areas));
    // A skipped optional question is not reported as missing information.
    e.answer(areas, opt(&q, "areas", "none")).unwrap();
    e.answer(idx(&q, "military"), opt(&q, "military", "no"))
        .unwrap();
    assert!(e.is_complete());
    let report = assess(&q, e.answers(), "t");
    assert!(report.unknowns.is_empty(), "{:?}", report.unknowns);
}

#[test]
fn an_extension_continues_after_the_base_path_ends() {
    use dualcheck::diag::Sources;
    use dualcheck::questionnaire::catalog::read_pack_files;
    let mut sources = Sources::default();
    let mut files = Vec::new();
    for dir in [
        "tests/fixtures/valid/basic",
        "tests/fixtures/valid/extension",
    ] {
        for (n, t) in read_pack_files(&common::root().join(dir)).unwrap() {
            files.push(sources.add(n, t));
        }
    }
    let q = dualcheck::questionnaire::load::load(&sources, &files, "test")
        .questionnaire
        .unwrap();
    assert_eq!(q.meta.id, "fixture-basic-example-university");
    let mut e = Engine::new(&q);
    // "Elsewhere" takes a next-rule; the base path still ends in the extension's section.
    e.answer(idx(&q, "location"), opt(&q, "location", "other"))
        .unwrap();
    e.answer(idx(&q, "areas"), opt(&q, "areas", "drones"))
        .unwrap();
    e.answer(idx(&q, "endurance"), Answer::Number(10.0))
        .unwrap();
    e.answer(idx(&q, "military"), opt(&q, "military", "no"))
        .unwrap();
    assert_eq!(e.current(), Some(idx(&q, "local_lab")));
    e.answer(idx(&q, "local_lab"), opt(&q, "local_lab", "yes"))
        .unwrap();
    let report = assess(&q, e.answers(), "t");
    assert!(report.findings.iter().any(|f| f.rule == "local-clean-room"));
}

#[test]
fn a_whole_number_question_refuses_fractions_and_an_exclusive_option_stands_alone() {
    let q = dualcheck::app::Runtime::default()
        .load_questionnaire("questionnaires/research-self-check")
        .expect("the research self-check loads");
    let trl = q.question("trl").unwrap();
    assert!(trl.integer);
    for typed in ["4.5", "4,5"] {
        let e = Answer::parse_for(trl, typed).unwrap_err();
        assert_eq!(e.to_string(), "enter a whole number from 1 to 9", "{typed}");
    }
    assert_eq!(Answer::parse_for(trl, "4"), Ok(Answer::Number(4.0)));
    assert_eq!(
        Answer::parse_for(trl, "12").unwrap_err().to_string(),
        "enter a whole number from 1 to 9"
    );
    let what = q
        .questions
        .iter()
        .find(|x| x.options.iter().any(|o| o.id == "nothing" && o.exclusive))
        .expect("an exclusive \u{201c}nothing\u{201d} option");
    let nothing = what.option_index("nothing").unwrap();
    let software = what.option_index("software").unwrap();
    let e = Answer::Choices(vec![software, nothing])
        .checked(what)
        .unwrap_err();
    assert!(e.to_string().contains("cannot be combined"), "{e}");
    assert!(Answer::Choices(vec![nothing]).checked(what).is_ok());
    assert!(Answer::Choices(vec![software]).checked(what).is_ok());
}
