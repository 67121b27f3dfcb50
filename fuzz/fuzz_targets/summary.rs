//! `dualcheck summary` over one report: any bytes are counted or skipped with a reason, and no
//! output (Markdown, JSON, HTML, CSV) carries an escape code or an undefused formula.
#![no_main]

use dualcheck::summary::Summary;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut summary = Summary::default();
    summary.add("report.json", data);
    summary.add("again.json", data);
    for out in [
        summary.to_markdown(),
        summary.to_json(),
        summary.to_html(),
        summary.to_csv(),
    ] {
        assert!(!out.contains('\u{1b}'), "an escape code in the summary");
    }
    for line in summary.to_csv().lines() {
        for cell in line.split([',', ';']) {
            let cell = cell.trim_start_matches([' ', '"']);
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "a formula a spreadsheet could run: {line}"
            );
        }
    }
});
