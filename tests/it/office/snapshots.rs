//! One canonical assessment in every format, with the time fixed by `SOURCE_DATE_EPOCH`.

use dualcheck::assess::Report;

use crate::office::util::{bin, fixture, run};

fn canonical(format: &str) -> String {
    let home = tempfile::tempdir().unwrap();
    let out = run(bin(home.path())
        .arg("--config")
        .arg(fixture("config/institution.toml"))
        .args(["assess", "--answers"])
        .arg(fixture("answers/canonical.toml"))
        .arg("--questionnaire")
        .arg(fixture("valid/basic"))
        .args(["--format", format]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "");
    out.stdout
}

#[test]
fn json_report_snapshot() {
    let text = canonical("json");
    insta::assert_snapshot!("canonical.json", text);
    let report: Report = serde_json::from_str(&text).unwrap();
    assert_eq!(
        dualcheck::report::json::write(&report),
        text,
        "JSON round-trips"
    );
    let contact = report.contact.unwrap();
    assert_eq!(contact.name, "Export Control Office");
    assert_eq!(contact.institution, "Example University");
}

#[test]
fn markdown_report_snapshot() {
    let text = canonical("markdown");
    assert!(text.contains("**Ask:** Export Control Office"));
    insta::assert_snapshot!("canonical.md", text);
}

#[test]
fn html_report_snapshot() {
    let text = canonical("html");
    let problems = crate::html_check::problems(&text);
    assert!(problems.is_empty(), "{problems:?}");
    for part in [
        "<html lang=\"en\">",
        "Hint: LICENCE LIKELY",
        "Because you answered",
        "At a glance",
        "References",
        "likely list area: EU Annex I 9A012",
        "Your path through the questionnaire",
        "<svg ",
        "not needed for this hint",
        "fixture-basic",
        "sha256:",
        "export-control@example.org",
        "What this check did not cover",
        "Disclaimer",
        "break-inside: avoid",
        "@media print",
    ] {
        assert!(text.contains(part), "missing {part}");
    }
    // Legal data of 2025-11-15 is not yet old on 2026-09-21.
    assert!(!text.contains("more than 12 months old"));
    insta::assert_snapshot!("canonical.html", text);
}

#[test]
fn old_legal_data_shows_a_warning_in_html() {
    let mut report: Report = serde_json::from_str(&canonical("json")).unwrap();
    report.questionnaire.legal_data_as_of = "2024-01-31".into();
    let html = dualcheck::report::Format::Html.write(&report);
    assert!(html.contains("class=\"notice warning\" role=\"note\""));
    assert!(html.contains("the legal data is more than 12 months old"));
}

#[test]
fn set_aside_answers_are_counted_in_html() {
    let mut report: Report = serde_json::from_str(&canonical("json")).unwrap();
    report.set_aside = vec!["a".into(), "b".into()];
    let html = dualcheck::report::Format::Html.write(&report);
    assert!(html.contains("2 earlier answers no longer on your path were set aside"));
}
