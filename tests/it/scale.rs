//! Generated questionnaires of every size load, validate cleanly and assess: the inputs of the
//! benchmarks are valid, and validation has no hidden super-linear failure mode at 10k.

use dualcheck::answers::AnswersFile;
use dualcheck::diag::Sources;
use dualcheck::questionnaire::load::load;
use dualcheck::taxonomy::Tier;
use dualcheck::testing::{generate_answers, generate_questionnaire};

#[test]
fn generated_questionnaires_validate_and_assess() {
    for n in [10, 1_000, 10_000] {
        let mut sources = Sources::default();
        let f = sources.add("generated.toml", generate_questionnaire(n));
        let loaded = load(&sources, &[f], "generated");
        assert!(
            loaded.diagnostics.is_empty(),
            "{}",
            sources.render_all(&loaded.diagnostics)
        );
        let q = loaded.questionnaire.unwrap();
        assert_eq!(q.questions.len(), n);
        let a = sources.add("answers.toml", generate_answers(n));
        let answers = AnswersFile::parse(&sources, a)
            .unwrap()
            .resolve(&q)
            .unwrap();
        let report = dualcheck::assess::assess(&q, &answers, "t");
        assert_eq!(report.verdict, Tier::CheckNeeded);
        assert!(
            report.unknowns.is_empty(),
            "{:?}",
            &report.unknowns[..report.unknowns.len().min(3)]
        );
    }
}

/// Loads generated pack files as one questionnaire.
fn load_files(files: &[String]) -> (Sources, dualcheck::questionnaire::load::Loaded) {
    let mut sources = Sources::default();
    let ids: Vec<usize> = files
        .iter()
        .enumerate()
        .map(|(i, t)| sources.add(format!("g{i}.toml"), t.clone()))
        .collect();
    let loaded = load(&sources, &ids, "generated");
    (sources, loaded)
}

#[test]
fn a_generated_pack_split_into_files_loads_as_one_questionnaire() {
    let files = dualcheck::testing::generate_pack(2_000, 500);
    assert_eq!(
        files.len(),
        6,
        "2,000 questions and 998 rules in files of 500"
    );
    let (sources, loaded) = load_files(&files);
    assert!(
        loaded.diagnostics.is_empty(),
        "{}",
        sources.render_all(&loaded.diagnostics)
    );
    assert_eq!(loaded.questionnaire.unwrap().questions.len(), 2_000);
}

#[test]
#[ignore = "slow in debug builds; run with --ignored"]
fn hundred_thousand_questions_load() {
    let files = dualcheck::testing::generate_pack(100_000, 5_000);
    let (_, loaded) = load_files(&files);
    let shown: Vec<_> = loaded.diagnostics.iter().take(3).collect();
    assert!(loaded.diagnostics.is_empty(), "{shown:?}");
}

// Adversarial scale: the work of validation is bounded by counting (diagnostics kept, "did you
// mean" searches, reachability steps), never by the clock. Budgets: BENCHMARKS.md.

use dualcheck::diag::{MAX_DIAGNOSTICS_PER_FILE, MAX_SUGGESTION_CANDIDATES};
use dualcheck::questionnaire::graph::MAX_REACH_STEPS;
use dualcheck::questionnaire::load::MAX_FILE_BYTES;

const HEADER: &str = "[questionnaire]\nid = \"adv\"\ntitle = \"A\"\ndescription = \"D\"\nversion = \"1\"\nlegal_data_as_of = 2025-11-15\n\n[[section]]\nid = \"s\"\ntitle = \"S\"\n";

#[test]
fn a_hundred_thousand_invalid_ids_give_a_bounded_report() {
    // Two files of 50,000 questions, each with an invalid id and an unknown section: about 8 MB,
    // every file within the size limit.
    let mut files = vec![HEADER.to_string()];
    for f in 0..2 {
        let mut text = String::with_capacity(MAX_FILE_BYTES);
        for i in 0..50_000 {
            let _ = std::fmt::Write::write_fmt(
                &mut text,
                format_args!(
                    "[[question]]\nid = \"Bad-{f}-{i}\"\nsection = \"z{i}\"\nkind = \"yes_no\"\ntext = \"T\"\nhelp = \"h\"\n"
                ),
            );
        }
        assert!(text.len() <= MAX_FILE_BYTES);
        files.push(text);
    }
    let (sources, loaded) = load_files(&files);
    let work = loaded.work;
    assert!(
        work.diagnostics_found >= 200_000,
        "every problem was found: {work:?}"
    );
    // At most 100 shown per file and one "N more" line per file.
    assert!(
        loaded.diagnostics.len() <= 3 * (MAX_DIAGNOSTICS_PER_FILE + 1),
        "{}",
        loaded.diagnostics.len()
    );
    let more: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.kind == "more")
        .collect();
    assert_eq!(more.len(), 2, "one count per crowded file");
    assert!(more.iter().all(|d| d.is_error()));
    assert!(
        more[0].message.contains("more problem(s) in g1.toml"),
        "{}",
        more[0].message
    );
    // "Did you mean" is searched for only while the file is not crowded.
    assert!(
        work.suggestions <= 2 * MAX_DIAGNOSTICS_PER_FILE,
        "{work:?}, each over at most {MAX_SUGGESTION_CANDIDATES} names"
    );
    let rendered = sources.render_all(&loaded.diagnostics);
    assert!(
        rendered.len() < 200_000,
        "{} bytes of diagnostics",
        rendered.len()
    );
    assert!(rendered.contains("g1.toml:"), "located by the line index");
}

#[test]
fn a_hundred_thousand_unknown_answer_keys_give_a_bounded_report() {
    let q = {
        let mut sources = Sources::default();
        let f = sources.add("generated.toml", generate_questionnaire(1_000));
        load(&sources, &[f], "generated").questionnaire.unwrap()
    };
    let mut text = String::from("questionnaire = \"generated\"\n[answers]\n");
    for i in 0..100_000 {
        let _ = std::fmt::Write::write_fmt(&mut text, format_args!("k{i}=1\n"));
    }
    assert!(text.len() <= dualcheck::answers::MAX_ANSWERS_BYTES);
    let mut sources = Sources::default();
    let f = sources.add("answers.toml", text);
    let diags = AnswersFile::parse(&sources, f)
        .unwrap()
        .resolve(&q)
        .unwrap_err();
    assert_eq!(diags.len(), MAX_DIAGNOSTICS_PER_FILE + 1);
    let last = diags.last().unwrap();
    assert_eq!(last.kind, "more");
    assert!(
        last.message.starts_with("99900 more problem(s)"),
        "{}",
        last.message
    );
    assert!(last.is_error());
    let rendered = sources.render_all(&diags);
    assert!(
        rendered.contains("answers.toml:102:1"),
        "the last shown, located"
    );
}

#[test]
fn the_rule_reachability_check_stops_at_its_budget() {
    // Rules that pair question i with the last question: a search each from a different source
    // that crosses the rest of the pack (about 34 million steps without the budget).
    let n = 16_000;
    let mut text = generate_questionnaire(n);
    for i in (0..n - 1).step_by(4) {
        let _ = std::fmt::Write::write_fmt(
            &mut text,
            format_args!(
                "\n[[rule]]\nid = \"far{i}\"\nwhen = 'q{i} == \"a\" and q{} >= 50'\nfinding = \"listed-dual-use\"\ntier = \"check-needed\"\n\
                 title = \"T\"\nrationale = \"R\"\nguidance = [\"G\"]\nreferences = [\"ref\"]\n",
                n - 1
            ),
        );
    }
    let files = vec![text];
    let (_, loaded) = load_files(&files);
    let work = loaded.work;
    // The budget, plus at most one search's worth past it.
    assert!(work.reach_steps <= MAX_REACH_STEPS + 4 * n, "{work:?}");
    assert!(
        work.reach_steps >= MAX_REACH_STEPS,
        "the budget was reached: {work:?}"
    );
    let budget: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.kind == "check-budget")
        .collect();
    assert_eq!(
        budget.len(),
        1,
        "the rules not checked are counted, not dropped silently"
    );
    assert!(!budget[0].is_error(), "a warning: the pack is still valid");
    assert!(loaded.questionnaire.is_some());
}
