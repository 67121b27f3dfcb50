//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use dualcheck::diag::Sources;
use dualcheck::questionnaire::Questionnaire;
use dualcheck::questionnaire::catalog::read_pack_files;
use dualcheck::questionnaire::load::load;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Loads a pack from a directory, panicking with rendered diagnostics on errors.
pub fn load_pack(path: &Path) -> Questionnaire {
    let mut sources = Sources::default();
    let files: Vec<usize> = read_pack_files(path)
        .expect("readable pack")
        .into_iter()
        .map(|(n, t)| sources.add(n, t))
        .collect();
    let loaded = load(&sources, &files, "test");
    match loaded.questionnaire {
        Some(q) => q,
        None => panic!("{}", sources.render_all(&loaded.diagnostics)),
    }
}

pub fn fixture() -> Questionnaire {
    load_pack(&root().join("tests/fixtures/valid/basic"))
}
