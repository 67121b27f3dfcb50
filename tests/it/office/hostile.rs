//! Hostile text (markup, scripts, quotes, terminal escape codes) in questionnaire text and in
//! answers is escaped in every format.

use dualcheck::assess::Report;
use dualcheck::report::Format;

use crate::office::util::{bin, fixture, run};

fn hostile(format: &str) -> String {
    let home = tempfile::tempdir().unwrap();
    let out = run(bin(home.path())
        .args(["assess", "--answers"])
        .arg(fixture("answers/hostile.toml"))
        .arg("--questionnaire")
        .arg(fixture("valid/hostile"))
        .args(["--format", format]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

fn assert_inert(format: &str, text: &str) {
    assert!(!text.contains('\u{1b}'), "{format}: an ESC byte");
    assert!(!text.contains('\u{7}'), "{format}: a BEL byte");
    let lower = text.to_ascii_lowercase();
    for raw in [
        "<script",
        "<img",
        "<svg onload",
        "<iframe",
        "<a href",
        "<style>body",
    ] {
        assert!(!lower.contains(raw), "{format}: raw {raw}");
    }
}

#[test]
fn hostile_questionnaire_and_answers_are_escaped_in_markdown() {
    let md = hostile("markdown");
    assert_inert("markdown", &md);
    assert!(
        md.contains("&lt;script&gt;alert('answer')&lt;/script&gt;"),
        "{md}"
    );
    assert!(md.contains("&lt;svg onload=alert(1)&gt; option A"), "{md}");
}

#[test]
fn hostile_questionnaire_and_answers_are_escaped_in_html() {
    let html = hostile("html");
    assert_inert("html", &html);
    let problems = crate::html_check::problems(&html);
    assert!(problems.is_empty(), "{problems:?}");
    assert!(html.contains("&lt;script&gt;alert(&#39;answer&#39;)&lt;/script&gt;"));
    // Inside the SVG diagram too, where `</text></svg>` would break out.
    assert!(html.contains("&lt;/text&gt;&lt;/svg&gt;"));
    assert_eq!(
        html.matches("</svg>").count(),
        html.matches("<svg ").count()
    );
    // The references' URL is text, never a link.
    assert!(html.contains("<span class=\"url\">javascript:alert(&#39;x&#39;)</span>"));
    // Legal data of 2020 is old on 2026-09-21.
    assert!(html.contains("the legal data is more than 12 months old"));
}

#[test]
fn hostile_text_stays_intact_in_json() {
    let json = hostile("json");
    assert!(!json.contains('\u{1b}'), "JSON escapes control characters");
    let report: Report = serde_json::from_str(&json).unwrap();
    assert_eq!(dualcheck::report::json::write(&report), json);
    assert!(
        report
            .questionnaire
            .title
            .starts_with("<script>alert('title')</script> \"Quoted\"")
    );
    assert!(
        report.questionnaire.title.contains("\u{1b}[2J"),
        "JSON keeps the data as it was"
    );
    let note = &report.answers["note"];
    assert!(note.label.starts_with("<script>alert('answer')</script>"));
}

#[test]
fn escape_codes_in_answer_labels_never_reach_markdown_or_html() {
    // Answers files reject control characters; a report built otherwise must still be safe.
    let mut report: Report = serde_json::from_str(&hostile("json")).unwrap();
    for a in report.answers.values_mut() {
        a.label = format!("\u{1b}[2J\u{1b}]0;title\u{7}<script>x</script>{}", a.label);
        a.question.push_str("\u{1b}[31m");
    }
    for f in &mut report.findings {
        for t in &mut f.triggered_by {
            t.label.push_str("\u{1b}[2J");
        }
    }
    for format in [Format::Markdown, Format::Html] {
        assert_inert(&format!("{format:?}"), &format.write(&report));
    }
    let json = Format::Json.write(&report);
    assert!(!json.contains('\u{1b}'));
    assert_eq!(serde_json::from_str::<Report>(&json).unwrap(), report);
}

#[test]
fn listing_a_hostile_institution_pack_prints_no_escape_codes() {
    let home = tempfile::tempdir().unwrap();
    let config = crate::office::util::config_with_fixture_packs(home.path());
    let out = run(bin(home.path()).arg("--config").arg(&config).arg("list"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("fixture-hostile"), "{}", out.stdout);
    assert!(!out.stdout.contains('\u{1b}'));
    let out = run(bin(home.path())
        .arg("--config")
        .arg(&config)
        .arg("validate"));
    assert!(!out.stdout.contains('\u{1b}'));
    assert!(!out.stderr.contains('\u{1b}'));
}
