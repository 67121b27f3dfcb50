//! The JSON report (`dualcheck.report/2`), documented in `docs/report-schema.md`.

use crate::assess::Report;

pub fn write(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).expect("a report always serialises");
    text.push('\n');
    text
}
