//! What screening adds to a report. Pure: the shell screens, this function records the result.
//!
//! A possible match becomes a `restricted-party` finding (CHECK NEEDED: the officer must confirm
//! or rule it out) naming the listed entry and the list's date. No possible match is recorded as
//! "screened against LISTS of DATE: no possible match", never as a clearance.

use super::matcher::Outcome;
use crate::assess::{Finding, Report, Trigger};
use crate::taxonomy::{FindingCode, Jurisdiction, Tier};

/// The id of the partner-names question in the shipped packs.
pub const QUESTION: &str = "partner_names";
/// The rules of the "not screened yet" step (research self-check, quick scan), done once the
/// names are screened here.
pub const NOT_SCREENED_RULES: [&str; 4] = [
    "partners-not-screened",
    "partners-not-screened-risky",
    "ws-not-screened",
    "ws-not-screened-decisive",
];

pub use crate::assess::ScreeningRecord as Record;

/// The input of [`apply`]: what the shell screened.
#[derive(Debug, Clone)]
pub struct Screened {
    pub lists: Vec<String>,
    pub outcomes: Vec<Outcome>,
    /// The question the names were given in, for the trace.
    pub question: Option<Trigger>,
}

const CONFIRM: &str = "Have your export-control officer confirm or rule out each possible restricted-party match (compare addresses, identifiers, parent companies) before going ahead with that party.";

/// Adds the screening to a report: a finding per name with a possible match, the record, and the
/// "not screened" step marked as done.
pub fn apply(report: &mut Report, s: &Screened) {
    if s.outcomes.is_empty() || s.lists.is_empty() {
        return;
    }
    let lists = s.lists.join("; ");
    let hits: Vec<&Outcome> = s
        .outcomes
        .iter()
        .filter(|o| !o.matches.is_empty())
        .collect();
    let statement = if hits.is_empty() {
        format!(
            "Screened {} name(s) against {lists}: no possible match. This is not a clearance: lists change, names are \
             spelt in many ways, and owners, parents and intermediaries were not screened.",
            s.outcomes.len()
        )
    } else {
        format!(
            "Screened {} name(s) against {lists}: {} with a possible match (see the restricted-party finding). A \
             possible match is a hint from name similarity only, to be confirmed by the export-control officer.",
            s.outcomes.len(),
            hits.len()
        )
    };
    // The "not screened yet" step is done.
    let before = report.findings.len();
    let dropped: Vec<Finding> = report
        .findings
        .iter()
        .filter(|f| NOT_SCREENED_RULES.contains(&f.rule.as_str()))
        .cloned()
        .collect();
    report
        .findings
        .retain(|f| !NOT_SCREENED_RULES.contains(&f.rule.as_str()));
    if report.findings.len() != before {
        let gone: Vec<&String> = dropped.iter().flat_map(|f| &f.guidance).collect();
        report.at_a_glance.actions.retain(|a| !gone.contains(&a));
    }
    for o in &hits {
        report.findings.push(finding(o, s.question.clone()));
    }
    if !hits.is_empty() {
        report.at_a_glance.actions.retain(|a| a != CONFIRM);
        report.at_a_glance.actions.insert(0, CONFIRM.into());
        report.at_a_glance.actions.truncate(3);
    }
    report.findings.sort_by_key(|f| std::cmp::Reverse(f.tier));
    let verdict = report
        .findings
        .iter()
        .map(|f| f.tier)
        .max()
        .unwrap_or(Tier::NoIndicator);
    report.verdict = verdict;
    report.verdict_label = verdict.label().into();
    report.verdict_meaning = verdict.meaning().into();
    for n in &mut report.not_checked {
        if n.contains("(screening)") {
            *n = "Owners, parents and intermediaries of the screened names, names not given, and lists not imported \
                  (screening)."
                .into();
        }
    }
    report.screening = Some(Record {
        lists: s.lists.clone(),
        names: s.outcomes.iter().map(|o| o.query.clone()).collect(),
        possible_matches: hits.len(),
        threshold: super::THRESHOLD,
        statement,
    });
}

fn finding(o: &Outcome, question: Option<Trigger>) -> Finding {
    let best = &o.matches[0];
    let mut rationale = format!(
        "\u{201c}{}\u{201d} resembles \u{201c}{}\u{201d} (score {:.2}, threshold {:.2}) on the {} in the {} of {}",
        o.query,
        best.matched_alias,
        best.score,
        super::THRESHOLD,
        best.list,
        best.source,
        best.published
    );
    if best.matched_alias != best.name {
        rationale.push_str(&format!(", an alias of \u{201c}{}\u{201d}", best.name));
    }
    if !best.programmes.is_empty() {
        rationale.push_str(&format!("; programme {}", best.programmes.join(", ")));
    }
    rationale.push_str(&format!(
        "; reference {}. Why: {}.",
        best.reference,
        best.why.join("; ")
    ));
    if o.matches.len() > 1 {
        let others: Vec<String> = o.matches[1..]
            .iter()
            .take(4)
            .map(|m| {
                format!(
                    "\u{201c}{}\u{201d} ({:.2}, {} of {})",
                    m.name, m.score, m.source, m.published
                )
            })
            .collect();
        rationale.push_str(&format!(" Other possible matches: {}.", others.join("; ")));
    }
    Finding {
        code: FindingCode::RestrictedParty,
        tier: Tier::CheckNeeded,
        title: format!(
            "Possible restricted-party match: \u{201c}{}\u{201d} ({} of {})",
            best.name, best.source, best.published
        ),
        rationale,
        triggered_by: question.into_iter().collect(),
        guidance: vec![
            CONFIRM.into(),
            "If it is the listed party, do not share items, software, technology or services with it until the officer \
             has decided; a listing can prohibit any dealing, or require a licence even for unlisted items."
                .into(),
            "A possible match comes from name similarity only: it is not a finding that the party is listed.".into(),
        ],
        shared_guidance: Vec::new(),
        references: Vec::new(),
        list_area: None,
        jurisdiction: Jurisdiction::Any,
        rule: "screening".into(),
    }
}
