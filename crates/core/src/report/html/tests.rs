//! Unit tests of the HTML report: escaping, structure and the print style.

use super::{escape_html, write};

/// The same structural check the browser tests use on the rendered page.
#[path = "../../../../../tests/common/html_check.rs"]
mod html_check;
use crate::assess::{AnswerEntry, Finding, Report, Trigger, Unknown};
use crate::questionnaire::model::{Reference, ReferenceKind};
use crate::taxonomy::{FindingCode, Tier};

const HOSTILE: &str = "<script>alert(1)</script> \"' & \u{1b}[2J <img src=//x>";

fn hostile_report() -> Report {
    let trigger = Trigger {
        question: "q1".into(),
        text: HOSTILE.into(),
        answer: serde_json::Value::String("a".into()),
        label: HOSTILE.into(),
    };
    Report {
        schema: crate::assess::SCHEMA.into(),
        project: Some(crate::assess::Project {
            title: HOSTILE.into(),
            reference: HOSTILE.into(),
        }),
        questionnaire: crate::assess::QuestionnaireInfo {
            id: "q".into(),
            title: HOSTILE.into(),
            version: HOSTILE.into(),
            hash: HOSTILE.into(),
            legal_data_as_of: "2020-01-01".into(),
        },
        generated_at: "2026-01-01T00:00:00Z".into(),
        verdict: Tier::Stop,
        verdict_label: Tier::Stop.label().into(),
        verdict_meaning: HOSTILE.into(),
        at_a_glance: crate::assess::AtAGlance {
            actions: vec![HOSTILE.into()],
            contact: None,
            authority: Some(crate::assess::AuthorityRef {
                name: HOSTILE.into(),
                url: Some(HOSTILE.into()),
            }),
            decisive_question: Some(crate::assess::DecisiveQuestion {
                question: "q2".into(),
                text: HOSTILE.into(),
                could_become: Tier::Stop,
                example: HOSTILE.into(),
            }),
        },
        jurisdictions: Vec::new(),
        shared_guidance: vec![crate::questionnaire::model::GuidanceBlock {
            id: "g".into(),
            title: HOSTILE.into(),
            steps: vec![HOSTILE.into()],
        }],
        findings: vec![Finding {
            code: FindingCode::Sanctions,
            tier: Tier::Stop,
            title: HOSTILE.into(),
            rationale: HOSTILE.into(),
            triggered_by: vec![trigger],
            guidance: vec![HOSTILE.into()],
            references: vec![Reference {
                id: "r".into(),
                title: HOSTILE.into(),
                issuer: HOSTILE.into(),
                date: HOSTILE.into(),
                url: Some("https://example.org/x".into()),
                kind: ReferenceKind::Law,
                pinpoint: HOSTILE.into(),
            }],
            list_area: Some(HOSTILE.into()),
            jurisdiction: crate::taxonomy::Jurisdiction::Eu,
            shared_guidance: Vec::new(),
            rule: "r".into(),
        }],
        answers: [(
            "q1".to_string(),
            AnswerEntry {
                question: HOSTILE.into(),
                section: HOSTILE.into(),
                value: serde_json::Value::Null,
                label: HOSTILE.into(),
            },
        )]
        .into(),
        path: vec!["q1".into(), "q2".into()],
        set_aside: vec!["q3".into()],
        unknowns: vec![Unknown {
            question: "q2".into(),
            text: HOSTILE.into(),
            reason: crate::assess::UnknownReason::Unanswered,
            material: true,
            could_become: Some(Tier::Stop),
            example: Some(crate::assess::UnknownExample {
                answer: Some(HOSTILE.into()),
                rule: "r".into(),
                text: HOSTILE.into(),
            }),
        }],
        not_checked: vec![HOSTILE.into()],
        contact: Some(crate::assess::Contact {
            institution: HOSTILE.into(),
            name: HOSTILE.into(),
            email: HOSTILE.into(),
            phone: String::new(),
            address: String::new(),
        }),
        disclaimer: HOSTILE.into(),
        screening: None,
    }
}

#[test]
fn the_page_is_self_contained_and_inert() {
    let html = write(&hostile_report());
    assert!(!html.contains('\u{1b}'));
    for bad in ["<script", "<img", "<link", "<iframe"] {
        assert!(!html.contains(bad), "{bad}");
    }
    let css = &html[html.find("<style>").unwrap()..html.find("</style>").unwrap()];
    assert!(!css.contains("url(") && !css.contains("@import"));
    // The only URLs are the SVG namespace and the reference's address, a link that loads nothing.
    assert_eq!(
        html.matches("://").count(),
        5,
        "the namespace, and the reference link (href and text) under the finding and in the references"
    );
    assert!(html.contains(
        "<a class=\"url\" href=\"https://example.org/x\" rel=\"noreferrer\">https://example.org/x</a>"
    ));
    assert_eq!(html.matches("<style>").count(), 1);
    // Every tag the writer opens is one of a known few, with no loading attribute or handler.
    let problems = html_check::problems(&html);
    assert!(problems.is_empty(), "{problems:?}");
    assert!(!html.contains(" style="), "no inline style attributes");
}

#[test]
fn the_page_has_a_language_headings_and_the_verdict_in_words_and_symbol() {
    let html = write(&hostile_report());
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert_eq!(html.matches("<h1>").count(), 1);
    assert!(html.contains("<p class=\"symbol\" aria-hidden=\"true\">■</p>"));
    assert!(html.contains("<h2 id=\"verdict-h\">Hint: STOP</h2>"));
    assert!(html.contains("the legal data is more than 12 months old"));
    assert!(html.contains("1 earlier answer no longer on your path was set aside"));
    assert!(
        html.contains("? OPEN"),
        "the unanswered question is marked in the diagram"
    );
}

#[test]
fn escapes_markup_quotes_and_control_characters() {
    assert_eq!(
        escape_html("<script>alert('x') & \"y\"</script>"),
        "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
    );
    assert_eq!(escape_html("a\u{1b}[2Jb"), "a\u{FFFD}[2Jb");
}

#[test]
fn references_show_the_pinpoint_and_link_only_plain_web_addresses() {
    let mut report = hostile_report();
    report.findings[0].references[0].pinpoint = "Art. 5(2)".into();
    let html = write(&report);
    assert!(
        html.contains("</cite>, <strong>Art. 5(2)</strong> ("),
        "{html}"
    );
    for bad in [
        "javascript:alert(1)",
        "https://x.example/\" onclick=\"alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "//x.example/y",
    ] {
        let mut report = hostile_report();
        report.findings[0].references[0].url = Some(bad.into());
        let html = write(&report);
        assert!(!html.contains("<a "), "{bad} must not become a link");
        assert!(
            html.contains("<span class=\"url\">"),
            "{bad} is shown as text"
        );
        let problems = html_check::problems(&html);
        assert!(problems.is_empty(), "{problems:?}");
    }
}

#[test]
fn the_structural_check_rejects_links_that_are_not_plain_web_links() {
    assert!(
        html_check::problems("<a href=\"https://example.org\" rel=\"noreferrer\">x</a>").is_empty()
    );
    assert!(!html_check::problems("<a href=\"https://example.org\">x</a>").is_empty());
    assert!(
        !html_check::problems("<a href=\"javascript:alert(1)\" rel=\"noreferrer\">x</a>")
            .is_empty()
    );
    assert!(!html_check::problems("<span href=\"https://example.org\">x</span>").is_empty());
}
