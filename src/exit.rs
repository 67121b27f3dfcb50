//! The exit codes of `dualcheck`: one table, used by the code, `--help` and the README.

use std::process::ExitCode;

/// Every exit code the program uses, with its meaning.
pub const TABLE: [(u8, &str); 5] = [
    (
        0,
        "success: the command did what was asked (for `assess`: a report was produced, whatever its hint; for `screen`: no possible match, which is not a clearance)",
    ),
    (
        1,
        "problems found: validation errors in a questionnaire, answers file, configuration or list file; for `screen`: at least one possible match",
    ),
    (
        2,
        "usage error: bad arguments, a missing or unreadable file, no terminal for the wizard",
    ),
    (
        3,
        "input or output failure: a report or session could not be written",
    ),
    (130, "interrupted (Ctrl-C); the session was saved"),
];

pub const SUCCESS: u8 = 0;
pub const PROBLEMS: u8 = 1;
pub const USAGE: u8 = 2;
pub const IO: u8 = 3;
pub const INTERRUPTED: u8 = 130;

/// The table as text, for `--help` and the README.
pub fn table_text() -> String {
    TABLE
        .iter()
        .map(|(c, m)| format!("  {c:>3}  {m}"))
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn code(c: u8) -> ExitCode {
    ExitCode::from(c)
}
