//! The configuration file: any text gives a configuration or diagnostics, never a panic, and the
//! rendered diagnostics carry no escape code.
#![no_main]

use dualcheck::diag::Sources;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut sources = Sources::default();
    let f = sources.add("config.toml", text.to_string());
    let (_config, diagnostics) =
        dualcheck::config::parse(&sources, f, std::path::Path::new("/nonexistent"));
    let rendered = sources.render_all(&diagnostics);
    assert!(!rendered.contains('\u{1b}'), "{rendered}");
});
