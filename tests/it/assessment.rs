//! The assessment on a fixture questionnaire: rules -> findings -> verdict, with the trace.

use crate::common;

use dualcheck::answers::Answer;
use dualcheck::assess::{DISCLAIMER, SCHEMA, assess};
use dualcheck::questionnaire::OptionIx;
use dualcheck::taxonomy::{FindingCode, Tier};

fn answers(
    q: &dualcheck::questionnaire::Questionnaire,
    pairs: &[(&str, Answer)],
) -> Vec<Option<Answer>> {
    let mut out = vec![None; q.questions.len()];
    for (id, a) in pairs {
        out[q.question_index(id).unwrap()] = Some(a.clone());
    }
    out
}

#[test]
fn verdict_is_the_most_serious_tier_and_findings_are_ordered() {
    let q = common::fixture();
    let a = answers(
        &q,
        &[
            ("location", Answer::Choice(OptionIx(0))),
            ("member_state", Answer::Text("Germany".into())),
            ("areas", Answer::Choices(vec![OptionIx(0), OptionIx(1)])),
            ("endurance", Answer::Number(90.0)),
            ("military", Answer::Choice(OptionIx(1))),
        ],
    );
    let r = assess(&q, &a, "2026-01-01T00:00:00Z");
    assert_eq!(r.verdict, Tier::LicenceLikely);
    assert_eq!(r.schema, SCHEMA);
    assert_eq!(r.disclaimer, DISCLAIMER);
    let tiers: Vec<Tier> = r.findings.iter().map(|f| f.tier).collect();
    assert_eq!(tiers, vec![Tier::LicenceLikely, Tier::CheckNeeded]);
    let drone = &r.findings[0];
    assert_eq!(drone.rule, "drone-long");
    assert_eq!(drone.list_area.as_deref(), Some("EU Annex I 9A012"));
    let named: Vec<&str> = drone
        .triggered_by
        .iter()
        .map(|t| t.question.as_str())
        .collect();
    assert_eq!(named, vec!["areas", "endurance"]);
    assert_eq!(drone.triggered_by[1].label, "90 minutes");
    assert_eq!(drone.references[0].id, "reg-2021-821");
    assert!(r.unknowns.is_empty());
}

#[test]
fn a_short_drone_flight_does_not_fire_the_listing_rule() {
    let q = common::fixture();
    let a = answers(
        &q,
        &[
            ("location", Answer::Choice(OptionIx(2))),
            ("areas", Answer::Choices(vec![OptionIx(1)])),
            ("endurance", Answer::Number(20.0)),
            ("military", Answer::Choice(OptionIx(1))),
        ],
    );
    let r = assess(&q, &a, "t");
    assert_eq!(r.verdict, Tier::NoIndicator);
    assert!(r.findings.is_empty());
    assert!(r.verdict_meaning.contains("No indicator found"));
    assert!(!r.verdict_meaning.to_lowercase().contains("not controlled"));
}

#[test]
fn not_sure_is_a_finding_not_a_no() {
    let q = common::fixture();
    let a = answers(
        &q,
        &[
            ("location", Answer::Choice(OptionIx(2))),
            ("areas", Answer::Choices(vec![OptionIx(2)])),
            ("military", Answer::NotSure),
        ],
    );
    let r = assess(&q, &a, "t");
    assert_eq!(r.verdict, Tier::CheckNeeded);
    let f = r
        .findings
        .iter()
        .find(|f| f.code == FindingCode::InformationMissing)
        .unwrap();
    assert_eq!(f.rule, "program");
    assert_eq!(f.triggered_by[0].question, "military");
    assert_eq!(
        r.unknowns[0].reason,
        dualcheck::assess::UnknownReason::NotSure
    );
    assert!(r.unknowns[0].material);
}

#[test]
fn unanswered_questions_on_the_path_are_reported() {
    let q = common::fixture();
    let a = answers(&q, &[("location", Answer::Choice(OptionIx(1)))]);
    let r = assess(&q, &a, "t");
    let open: Vec<&str> = r.unknowns.iter().map(|u| u.question.as_str()).collect();
    assert_eq!(open, vec!["areas", "military"]);
    assert!(r.has_finding(FindingCode::InformationMissing));
    assert_eq!(r.verdict, Tier::CheckNeeded);
}

#[test]
fn assessment_is_deterministic() {
    let q = common::fixture();
    let a = answers(
        &q,
        &[
            ("location", Answer::Choice(OptionIx(0))),
            ("areas", Answer::Choices(vec![OptionIx(0), OptionIx(1)])),
            ("endurance", Answer::Number(61.0)),
        ],
    );
    let one = assess(&q, &a, "t");
    let two = assess(&q, &a, "t");
    assert_eq!(one, two);
    assert_eq!(
        dualcheck::report::json::write(&one),
        dualcheck::report::json::write(&two)
    );
}
