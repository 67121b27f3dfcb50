//! Answers files against the fixture questionnaire: any bytes give answers or diagnostics.
#![no_main]

use std::sync::OnceLock;

use dualcheck::answers::AnswersFile;
use dualcheck::diag::Sources;
use dualcheck::questionnaire::Questionnaire;
use dualcheck::questionnaire::catalog::read_pack_files;
use dualcheck::questionnaire::load::load;
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

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut sources = Sources::default();
    let f = sources.add("answers.toml", text.to_string());
    if let Ok(file) = AnswersFile::parse(&sources, f) {
        if let Ok(answers) = file.resolve(fixture()) {
            let _ = dualcheck::assess::assess(fixture(), &answers, "t");
        }
    }
});
