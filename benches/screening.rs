//! Benchmarks of restricted-party screening on a generated full-size Consolidated Screening List
//! (10,000 entries with three aliases each): import (read, parse, write the index), loading the
//! index, and screening one name. Budgets are in BENCHMARKS.md.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use dualcheck::screening::matcher::Index;
use dualcheck::screening::shell::read_list;
use dualcheck::screening::store::{self, Store};

fn file() -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screening-bench");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("csl-10000.csv");
    std::fs::write(&path, dualcheck::screening::generate::csl_csv(10_000)).unwrap();
    path
}

fn screening(c: &mut Criterion) {
    let path = file();
    let data = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("screening");
    group.sample_size(10);
    group.bench_function("import/csl-10000", |b| {
        b.iter(|| {
            let list = read_list(&path, Some("2026-11-20"), "2026-11-20T00:00:00Z").unwrap();
            assert_eq!(list.entries.len(), 10_000);
            store::save(
                data.path(),
                &Store {
                    schema: store::SCHEMA.into(),
                    lists: vec![list],
                },
            )
            .unwrap();
        });
    });
    group.bench_function("load-index/csl-10000", |b| {
        b.iter(|| black_box(Index::new(store::load(data.path()).unwrap().lists)));
    });
    group.finish();
    let ix = Index::new(store::load(data.path()).unwrap().lists);
    assert_eq!(ix.name_count(), 40_000);
    for (id, q) in [
        ("exact", "Harbin Radar Satellite Institute 17"),
        ("no-match", "Example Widgets GmbH"),
        ("common-words", "Beijing University of Technology"),
        ("transliterated", "Харбин Радар Спутник"),
    ] {
        c.bench_function(&format!("screen-one-name/{id}"), |b| {
            b.iter(|| black_box(ix.screen(q, None)));
        });
    }
}

criterion_group!(benches, screening);
criterion_main!(benches);
