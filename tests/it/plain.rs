//! Plain mode: the line-prompt driver with scripted input, the real binary in a pseudo-terminal,
//! session interop, and the behaviour without a terminal.

mod driver;
mod notty;
mod pty;

use std::path::PathBuf;

use dualcheck::questionnaire::Questionnaire;

/// The fixture pack that exercises every question kind.
pub fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/basic")
}

pub fn fixture() -> Questionnaire {
    dualcheck::app::Runtime::default()
        .load_questionnaire(fixture_dir().to_str().unwrap())
        .expect("fixture loads")
}

/// A fixed clock, so sessions and reports are reproducible.
pub fn clock() -> String {
    "2025-11-20T10:00:00Z".to_string()
}
