//! The condition language parser: any text parses or gives an error with a span inside the text.
#![no_main]

use dualcheck::questionnaire::expr::parse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Err(e) = parse(text) {
        assert!(e.span.start <= text.len() && e.span.end <= text.len());
    }
});
