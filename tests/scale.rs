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
        .map(|(i, t)| sources.add(format!("g{i}.toml"), t.as_str()))
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
