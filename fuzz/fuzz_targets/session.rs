//! Session files: any bytes are read as a session or rejected; a session restores against the
//! fixture questionnaire without panicking.
#![no_main]

use dualcheck::session::SessionFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(s) = toml::from_str::<SessionFile>(text) {
        let _ = toml::to_string(&s);
    }
});
