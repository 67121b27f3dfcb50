//! Questionnaire loading and validation: any bytes give a questionnaire or diagnostics.
#![no_main]

use dualcheck::diag::Sources;
use dualcheck::questionnaire::load::load;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut sources = Sources::default();
    let f = sources.add("fuzz.toml", text.to_string());
    let loaded = load(&sources, &[f], "fuzz");
    for d in &loaded.diagnostics {
        assert!(!sources.render(d).contains('\u{1b}'));
    }
});
