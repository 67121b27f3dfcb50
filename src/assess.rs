//! The assessment: rules -> findings -> verdict, deterministic, with a trace of which rule fired on
//! which answers. The result is the [`Report`] value that every output format writes.
//!
//! The disclaimer and the list of what was not checked are added here, by the program: a
//! questionnaire cannot change or remove them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::answers::Answer;
use crate::engine::walk;
use crate::questionnaire::Questionnaire;
use crate::questionnaire::model::Reference;
use crate::taxonomy::{FindingCode, Jurisdiction, Tier};

/// The JSON report schema identifier.
pub const SCHEMA: &str = "dualcheck.report/1";

/// Added to every report by the program.
pub const DISCLAIMER: &str = "dualcheck gives a hint, not a legal decision. It found what the answers you gave point to; \
it does not classify items against the full control lists, does not screen named parties against sanctions or \
restricted-party lists, and cannot know what you did not tell it. Only your export-control officer or the competent \
authority can decide whether an authorisation is needed. Keep this report with your project records.";

/// What the questionnaires do not check, stated in every report.
pub const NOT_CHECKED: [&str; 9] = [
    "Technical parameters against the full text of the control-list entries (classification).",
    "Named partners, customers or end users against sanctions and restricted-party lists (screening): no list is imported, so no name was checked.",
    "National control lists and national catch-alls (for example national lists under Art. 9 of Regulation (EU) 2021/821), beyond those the questions name.",
    "Brokering and transit (for example Arts 6 and 7 of Regulation (EU) 2021/821, brokering bans in sanctions regimes), where the questions did not ask about them.",
    "Sanctions that target sectors, services or funds rather than items.",
    "The EU AI Act (Regulation (EU) 2024/1689) and data-protection law (such as the GDPR): they are not export controls and were not assessed.",
    "Biosafety and biosecurity rules, and institutional review of dual-use research of concern.",
    "Civil clauses and other institutional policies that limit military or security research.",
    "Changes to the law after the legal-data date of the questionnaire.",
];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionnaireInfo {
    pub id: String,
    pub title: String,
    pub version: String,
    pub hash: String,
    pub legal_data_as_of: String,
}

/// One answer that triggered a finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trigger {
    pub question: String,
    pub text: String,
    pub answer: serde_json::Value,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub code: FindingCode,
    pub tier: Tier,
    pub title: String,
    pub rationale: String,
    pub triggered_by: Vec<Trigger>,
    pub guidance: Vec<String>,
    pub references: Vec<Reference>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list_area: Option<String>,
    /// The rule that fired, or `program` for findings the program adds.
    pub rule: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerEntry {
    pub question: String,
    pub section: String,
    pub value: serde_json::Value,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unknown {
    pub question: String,
    pub text: String,
    /// `unanswered` or `not-sure`.
    pub reason: String,
}

/// The institution's export-control contact, from the configuration.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub institution: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub email: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub phone: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub address: String,
}

/// The result of an assessment: the contract of every report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema: String,
    pub questionnaire: QuestionnaireInfo,
    pub generated_at: String,
    pub verdict: Tier,
    pub verdict_label: String,
    pub verdict_meaning: String,
    pub findings: Vec<Finding>,
    /// Answers on the path, by question id.
    pub answers: BTreeMap<String, AnswerEntry>,
    /// The path taken, in order.
    pub path: Vec<String>,
    /// Answered questions no longer on the path: not assessed.
    pub set_aside: Vec<String>,
    pub unknowns: Vec<Unknown>,
    pub not_checked: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    pub disclaimer: String,
}

impl Report {
    pub fn has_finding(&self, code: FindingCode) -> bool {
        self.findings.iter().any(|f| f.code == code)
    }
}

/// Assesses a set of answers (by question index). Pure: `generated_at` comes from the caller.
pub fn assess(q: &Questionnaire, answers: &[Option<Answer>], generated_at: &str) -> Report {
    let walk = walk(q, answers);
    let get = |i: usize| {
        if walk.on_path.get(i).copied().unwrap_or(false) {
            answers.get(i).and_then(Option::as_ref)
        } else {
            None
        }
    };
    let trigger = |i: usize| -> Option<Trigger> {
        let question = &q.questions[i];
        get(i).map(|a| Trigger {
            question: question.id.clone(),
            text: question.text.clone(),
            answer: a.to_json(question),
            label: a.label(question),
        })
    };

    let applies = jurisdictions_applying(q, &get);
    let mut findings: Vec<Finding> = q
        .rules
        .iter()
        .filter(|r| applies.contains(&r.jurisdiction) && r.when.eval(&get))
        .map(|r| Finding {
            code: r.finding,
            tier: r.tier,
            title: r.title.clone(),
            rationale: r.rationale.clone(),
            triggered_by: r
                .when
                .triggered_by(&get)
                .into_iter()
                .filter_map(trigger)
                .collect(),
            guidance: r.guidance.clone(),
            references: r
                .references
                .iter()
                .map(|(i, pinpoint)| Reference {
                    pinpoint: pinpoint.clone(),
                    ..q.references[*i].clone()
                })
                .collect(),
            list_area: r.list_area.clone(),
            rule: r.id.clone(),
        })
        .collect();

    let mut unknowns = Vec::new();
    for &i in &walk.path {
        let question = &q.questions[i];
        let reason = match get(i) {
            Some(Answer::NotSure) => "not-sure",
            None if question.is_answerable() && question.required => "unanswered",
            _ => continue,
        };
        unknowns.push(Unknown {
            question: question.id.clone(),
            text: question.text.clone(),
            reason: reason.into(),
        });
    }
    if !unknowns.is_empty() {
        findings.push(missing_information_finding(q, &unknowns, &trigger));
    }
    // Most serious first; rule order breaks ties, so the result is deterministic.
    findings.sort_by_key(|f| std::cmp::Reverse(f.tier));

    let verdict = findings
        .iter()
        .map(|f| f.tier)
        .max()
        .unwrap_or(Tier::NoIndicator);
    let answer_entries = walk
        .path
        .iter()
        .filter_map(|&i| {
            let question = &q.questions[i];
            get(i).map(|a| {
                (
                    question.id.clone(),
                    AnswerEntry {
                        question: question.text.clone(),
                        section: q.sections[question.section].title.clone(),
                        value: a.to_json(question),
                        label: a.label(question),
                    },
                )
            })
        })
        .collect();
    Report {
        schema: SCHEMA.into(),
        questionnaire: QuestionnaireInfo {
            id: q.meta.id.clone(),
            title: q.meta.title.clone(),
            version: q.meta.version.clone(),
            hash: q.hash.clone(),
            legal_data_as_of: q.meta.legal_data_as_of.clone(),
        },
        generated_at: generated_at.into(),
        verdict,
        verdict_label: verdict.label().into(),
        verdict_meaning: verdict.meaning().into(),
        findings,
        answers: answer_entries,
        path: walk
            .path
            .iter()
            .map(|&i| q.questions[i].id.clone())
            .collect(),
        set_aside: (0..q.questions.len())
            .filter(|&i| answers.get(i).is_some_and(Option::is_some) && !walk.on_path[i])
            .map(|i| q.questions[i].id.clone())
            .collect(),
        unknowns,
        not_checked: NOT_CHECKED.iter().map(|s| (*s).to_string()).collect(),
        contact: None,
        disclaimer: DISCLAIMER.into(),
    }
}

/// The jurisdictions whose rules apply on these answers: `any` always; a jurisdiction the pack
/// gives no `[[jurisdiction]]` table for always applies too.
pub fn jurisdictions_applying<'a>(
    q: &Questionnaire,
    get: &impl Fn(usize) -> Option<&'a Answer>,
) -> Vec<Jurisdiction> {
    Jurisdiction::ALL
        .into_iter()
        .filter(|j| {
            q.jurisdictions
                .iter()
                .find(|x| x.id == *j)
                .is_none_or(|x| x.applies.eval(get))
        })
        .collect()
}

fn missing_information_finding(
    q: &Questionnaire,
    unknowns: &[Unknown],
    trigger: &impl Fn(usize) -> Option<Trigger>,
) -> Finding {
    let unsure = unknowns.iter().filter(|u| u.reason == "not-sure").count();
    let open = unknowns.len() - unsure;
    let mut parts = Vec::new();
    if unsure > 0 {
        parts.push(format!("{unsure} answer(s) were \"Not sure\""));
    }
    if open > 0 {
        parts.push(format!(
            "{open} question(s) on your path were left unanswered"
        ));
    }
    Finding {
        code: FindingCode::InformationMissing,
        tier: Tier::CheckNeeded,
        title: "Some answers are missing or uncertain".into(),
        rationale: format!(
            "{}. Each of these could change the outcome, so an uncertain answer is treated as a reason to \
             check, never as a no.",
            parts.join(" and ")
        ),
        triggered_by: unknowns
            .iter()
            .filter_map(|u| q.question_index(&u.question))
            .filter_map(trigger)
            .collect(),
        guidance: vec![
            "Find the missing facts (the technical specification, the funding contract, the partner's details) and \
             answer these questions again."
                .into(),
            "Where you cannot find out, take this report to your export-control officer and go through the open \
             questions together."
                .into(),
        ],
        references: Vec::new(),
        list_area: None,
        rule: "program".into(),
    }
}
