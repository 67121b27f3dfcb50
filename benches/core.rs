//! Benchmarks of the pure core: validation (shipped and generated packs of 1k, 10k and 100k
//! questions), the assessment and the engine's per-answer work. Budgets are in BENCHMARKS.md.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use dualcheck::answers::AnswersFile;
use dualcheck::diag::Sources;
use dualcheck::engine::Engine;
use dualcheck::questionnaire::catalog::Catalog;
use dualcheck::questionnaire::load::load;
use dualcheck::testing::{generate_answers, generate_pack, generate_questionnaire};

fn validate_shipped(c: &mut Criterion) {
    c.bench_function("validate/shipped", |b| {
        b.iter(|| {
            let catalog = Catalog::embedded();
            for e in &catalog.entries {
                black_box(catalog.load(&e.id));
            }
        });
    });
}

fn validate_generated(c: &mut Criterion) {
    let mut group = c.benchmark_group("validate/generated");
    group.sample_size(10);
    for n in [1_000, 10_000, 100_000] {
        let files = generate_pack(n, 5_000);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &files, |b, files| {
            b.iter(|| {
                let mut sources = Sources::default();
                let ids: Vec<usize> = files
                    .iter()
                    .enumerate()
                    .map(|(i, t)| sources.add(format!("g{i:03}.toml"), t.clone()))
                    .collect();
                let loaded = load(&sources, &ids, "bench");
                assert!(loaded.questionnaire.is_some());
                black_box(loaded);
            });
        });
    }
    group.finish();
}

fn assess(c: &mut Criterion) {
    let mut sources = Sources::default();
    let f = sources.add("g.toml", generate_questionnaire(200));
    let q = load(&sources, &[f], "bench").questionnaire.unwrap();
    let a = sources.add("a.toml", generate_answers(200));
    let answers = AnswersFile::parse(&sources, a)
        .unwrap()
        .resolve(&q)
        .unwrap();
    c.bench_function("assess/200-questions", |b| {
        b.iter(|| black_box(dualcheck::assess::assess(&q, &answers, "t")));
    });
    c.bench_function("engine/answer-and-progress/200-questions", |b| {
        b.iter(|| {
            let mut e = Engine::with_answers(&q, answers.clone());
            let target = q.question_index("q100").unwrap();
            e.jump(target).unwrap();
            e.answer(target, answers[target].clone().unwrap()).unwrap();
            black_box(e.progress());
        });
    });
}

/// The research self-check answered with ten "Not sure" answers on the path (and three questions
/// they open left unanswered): the assessment with its materiality analysis, and the analysis alone.
fn materiality(c: &mut Criterion) {
    let catalog = Catalog::embedded();
    let q = catalog
        .load("research-self-check")
        .and_then(|l| l.questionnaire)
        .unwrap();
    let mut sources = Sources::default();
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/answers/research-ten-unknowns.toml"
    );
    let a = sources.add(path, std::fs::read_to_string(path).unwrap());
    let answers = AnswersFile::parse(&sources, a)
        .unwrap()
        .resolve(&q)
        .unwrap();
    c.bench_function("assess/research-10-unknowns", |b| {
        b.iter(|| black_box(dualcheck::assess::assess(&q, &answers, "t")));
    });
    c.bench_function("materiality/research-10-unknowns", |b| {
        b.iter(|| black_box(dualcheck::materiality::analyse(&q, &answers)));
    });
}

criterion_group!(
    benches,
    validate_shipped,
    validate_generated,
    assess,
    materiality
);
criterion_main!(benches);
