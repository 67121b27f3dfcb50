//! The assessment: rules -> findings -> verdict, deterministic, with a trace of which rule fired on
//! which answers. The result is the [`Report`] value that every output format writes.
//!
//! The disclaimer and the list of what was not checked are added here, by the program: a
//! questionnaire cannot change or remove them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::answers::Answer;
use crate::engine::walk;
pub use crate::project::Project;
use crate::questionnaire::model::{GuidanceBlock, Reference};
use crate::questionnaire::{QuestionIx, Questionnaire};
use crate::taxonomy::{FindingCode, Jurisdiction, Tier};

/// The JSON report schema identifier.
pub const SCHEMA: &str = "dualcheck.report/2";

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
    /// Ids of shared guidance blocks (printed once per report, in `Report::shared_guidance`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shared_guidance: Vec<String>,
    pub references: Vec<Reference>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list_area: Option<String>,
    /// The jurisdiction the finding speaks for.
    #[serde(default)]
    pub jurisdiction: Jurisdiction,
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

/// Why a question counts as unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnknownReason {
    /// A required question on the path left unanswered.
    Unanswered,
    /// Answered "Not sure".
    NotSure,
}

impl UnknownReason {
    pub fn label(self) -> &'static str {
        match self {
            UnknownReason::Unanswered => "unanswered",
            UnknownReason::NotSure => "not sure",
        }
    }
}

/// An answer that leads to a more serious hint, and the rule that fires then.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnknownExample {
    /// The answer (its label) that leads there, when a concrete one was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    /// The rule that would fire.
    pub rule: String,
    /// The example in words.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unknown {
    pub question: String,
    pub text: String,
    pub reason: UnknownReason,
    /// Whether some answer could make the hint more serious. Immaterial unknowns are not needed for
    /// this hint and raise nothing.
    #[serde(default = "yes")]
    pub material: bool,
    /// When material: the most serious hint an answer could lead to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub could_become: Option<Tier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<UnknownExample>,
}

fn yes() -> bool {
    true
}

/// The national authority named in the result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthorityRef {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The open question that matters most.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisiveQuestion {
    pub question: String,
    pub text: String,
    pub could_become: Tier,
    pub example: String,
}

/// What the user reads first: what to do, whom to ask, what to find out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AtAGlance {
    /// At most three next steps, from the most serious findings.
    pub actions: Vec<String>,
    #[serde(default)]
    pub contact: Option<Contact>,
    #[serde(default)]
    pub authority: Option<AuthorityRef>,
    #[serde(default)]
    pub decisive_question: Option<DecisiveQuestion>,
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
    /// The project the check is for (title and reference), when the user gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<Project>,
    pub questionnaire: QuestionnaireInfo,
    pub generated_at: String,
    pub verdict: Tier,
    pub verdict_label: String,
    pub verdict_meaning: String,
    /// The first screen: actions, contact, authority, the open question that matters most.
    #[serde(default)]
    pub at_a_glance: AtAGlance,
    /// The jurisdictions whose rules apply on the answers.
    #[serde(default)]
    pub jurisdictions: Vec<Jurisdiction>,
    pub findings: Vec<Finding>,
    /// Guidance shared by several findings, printed once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shared_guidance: Vec<GuidanceBlock>,
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
    /// Names screened against imported restricted-party lists, when they were (the shell adds
    /// it; see `dualcheck::screening::findings::apply`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub screening: Option<ScreeningRecord>,
}

impl Report {
    pub fn has_finding(&self, code: FindingCode) -> bool {
        self.findings.iter().any(|f| f.code == code)
    }

    /// Names the institution's contact (in the report and at a glance).
    pub fn set_contact(&mut self, contact: Option<Contact>) {
        self.at_a_glance.contact.clone_from(&contact);
        self.contact = contact;
    }

    /// Names the project the check is for (`None`, or an empty project, removes it).
    pub fn set_project(&mut self, project: Option<Project>) {
        self.project = project.and_then(Project::non_empty);
    }

    /// The unknowns some answer to which could make the hint more serious.
    pub fn material_unknowns(&self) -> impl Iterator<Item = &Unknown> {
        self.unknowns.iter().filter(|u| u.material)
    }

    /// Uncertain answers that are not needed for this hint.
    pub fn immaterial_unknowns(&self) -> impl Iterator<Item = &Unknown> {
        self.unknowns.iter().filter(|u| !u.material)
    }
}

/// Assesses a set of answers (by question index). Pure: `generated_at` comes from the caller.
pub fn assess(q: &Questionnaire, answers: &[Option<Answer>], generated_at: &str) -> Report {
    assess_with(q, answers, generated_at, None, None)
}

/// Assesses a set of answers for an institution whose contact the report names, and for the
/// project the user named (if any).
pub fn assess_with(
    q: &Questionnaire,
    answers: &[Option<Answer>],
    generated_at: &str,
    contact: Option<Contact>,
    project: Option<Project>,
) -> Report {
    let walk = walk(q, answers);
    let get = |i: QuestionIx| {
        if walk.on_path.get(i.get()).copied().unwrap_or(false) {
            answers.get(i.get()).and_then(Option::as_ref)
        } else {
            None
        }
    };
    let trigger = |i: QuestionIx| -> Option<Trigger> {
        let question = &q.questions[i];
        get(i).map(|a| Trigger {
            question: question.id.clone(),
            text: question.text.clone(),
            answer: a.to_json(question),
            label: a.label(question),
        })
    };

    let mut findings: Vec<Finding> = crate::materiality::firing_rules(q, answers)
        .into_iter()
        .map(|ri| {
            let r = &q.rules[ri];
            Finding {
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
                shared_guidance: r
                    .shared_guidance
                    .iter()
                    .map(|&g| q.guidance[g].id.clone())
                    .collect(),
                references: r
                    .references
                    .iter()
                    .map(|(i, pinpoint)| Reference {
                        pinpoint: pinpoint.clone(),
                        ..q.references[*i].clone()
                    })
                    .collect(),
                list_area: r.list_area.clone(),
                jurisdiction: r.jurisdiction,
                rule: r.id.clone(),
            }
        })
        .collect();

    let analysis = crate::materiality::analyse(q, answers);
    let unknowns: Vec<Unknown> = analysis
        .unknowns
        .iter()
        .map(|(i, stake)| unknown_entry(q, *i, answers, stake.as_ref()))
        .collect();
    if let Some(tier) = analysis.information_tier() {
        findings.push(missing_information_finding(q, &unknowns, tier, &trigger));
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
    let jurisdictions = jurisdictions_applying(q, &get);
    let authority = q
        .authorities
        .iter()
        .find(|a| {
            jurisdictions.contains(&a.jurisdiction) && a.when.as_ref().is_some_and(|e| e.eval(&get))
        })
        .map(|a| AuthorityRef {
            name: a.name.clone(),
            url: a.url.clone(),
        });
    let mut shared_guidance: Vec<GuidanceBlock> = Vec::new();
    for id in findings.iter().flat_map(|f| &f.shared_guidance) {
        if !shared_guidance.iter().any(|g| &g.id == id)
            && let Some(g) = q.guidance.iter().find(|g| &g.id == id)
        {
            shared_guidance.push(g.clone());
        }
    }
    let at_a_glance = AtAGlance {
        actions: actions(&findings, &shared_guidance, verdict),
        contact: contact.clone(),
        authority,
        decisive_question: decisive_question(&unknowns),
    };
    Report {
        schema: SCHEMA.into(),
        project: project.and_then(Project::non_empty),
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
        at_a_glance,
        jurisdictions,
        findings,
        shared_guidance,
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
        contact,
        disclaimer: DISCLAIMER.into(),
        screening: None,
    }
}

fn unknown_entry(
    q: &Questionnaire,
    i: QuestionIx,
    answers: &[Option<Answer>],
    stake: Option<&crate::materiality::Stake>,
) -> Unknown {
    let question = &q.questions[i];
    let reason = if matches!(answers.get(i.get()), Some(Some(Answer::NotSure))) {
        UnknownReason::NotSure
    } else {
        UnknownReason::Unanswered
    };
    let example = stake.map(|s| {
        let rule = &q.rules[s.rule];
        let answer = s.example.as_ref().map(|a| a.label(question));
        let then: Vec<String> = s
            .then
            .iter()
            .map(|(o, a)| {
                let oq = &q.questions[*o];
                format!("\u{201c}{}\u{201d} \u{2192} {}", oq.text, a.label(oq))
            })
            .collect();
        let text = match (&answer, s.joint) {
            (Some(label), _) if !then.is_empty() => format!(
                "If the answer is \u{201c}{label}\u{201d} (and then {}), the hint becomes {}: {}.",
                then.join("; "),
                s.could_become.label(),
                rule.title
            ),
            (Some(label), _) => format!(
                "If the answer is \u{201c}{label}\u{201d}, the hint becomes {}: {}.",
                s.could_become.label(),
                rule.title
            ),
            (None, true) => format!(
                "Together with your other uncertain answers, this could lead to {}: {}.",
                s.could_become.label(),
                rule.title
            ),
            (None, false) => format!(
                "Depending on this answer (and the questions it opens), the hint could become {}: {}.",
                s.could_become.label(),
                rule.title
            ),
        };
        UnknownExample {
            answer,
            rule: rule.id.clone(),
            text,
        }
    });
    Unknown {
        question: question.id.clone(),
        text: question.text.clone(),
        reason,
        material: stake.is_some(),
        could_become: stake.map(|s| s.could_become),
        example,
    }
}

/// The open question that matters most: the material unknown with the most serious stake.
fn decisive_question(unknowns: &[Unknown]) -> Option<DecisiveQuestion> {
    let best = unknowns
        .iter()
        .filter(|u| u.material)
        .max_by_key(|u| (u.could_become, std::cmp::Reverse(0)))?;
    // The first of the most serious, in path order.
    let best = unknowns
        .iter()
        .find(|u| u.material && u.could_become == best.could_become)?;
    Some(DecisiveQuestion {
        question: best.question.clone(),
        text: best.text.clone(),
        could_become: best.could_become.unwrap_or(Tier::CheckNeeded),
        example: best
            .example
            .as_ref()
            .map(|e| e.text.clone())
            .unwrap_or_default(),
    })
}

/// Up to three next steps, drawn from the most serious findings.
fn actions(findings: &[Finding], shared: &[GuidanceBlock], verdict: Tier) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // The findings' own first steps, most serious first; the open questions come last, because
    // the one that matters most is shown on its own ("Find out") and their step is to go through
    // them with the officer.
    let ordered = findings
        .iter()
        .filter(|f| f.rule != "program")
        .chain(findings.iter().filter(|f| f.rule == "program"));
    for f in ordered {
        let own = if f.rule == "program" {
            f.guidance.last()
        } else {
            f.guidance.first()
        };
        let step = own.cloned().or_else(|| {
            f.shared_guidance
                .first()
                .and_then(|id| shared.iter().find(|g| &g.id == id))
                .and_then(|g| g.steps.first().cloned())
        });
        if let Some(step) = step
            && !out.contains(&step)
        {
            out.push(step);
        }
        if out.len() == 3 {
            break;
        }
    }
    if verdict == Tier::NoIndicator && out.is_empty() {
        out.push(
            "Keep this report with your project records: it shows what you checked and when."
                .into(),
        );
        out.push(
            "Run the self-check again if the project changes: a new partner, destination, funder or result to share."
                .into(),
        );
    }
    out
}

/// The jurisdictions whose rules apply on these answers (see
/// [`Questionnaire::jurisdictions_applying`]).
pub fn jurisdictions_applying<'a>(
    q: &Questionnaire,
    get: &impl Fn(QuestionIx) -> Option<&'a Answer>,
) -> Vec<Jurisdiction> {
    q.jurisdictions_applying(get)
}

fn missing_information_finding(
    q: &Questionnaire,
    unknowns: &[Unknown],
    tier: Tier,
    trigger: &impl Fn(QuestionIx) -> Option<Trigger>,
) -> Finding {
    let material: Vec<&Unknown> = unknowns.iter().filter(|u| u.material).collect();
    let others = unknowns.len() - material.len();
    let n = material.len();
    let mut rationale = if n == 1 {
        "One of your uncertain or unanswered answers could make this hint more serious, so it is treated as a \
         reason to check, never as a no."
            .to_string()
    } else {
        format!(
            "{n} of your uncertain or unanswered answers could make this hint more serious, so they are treated as \
             reasons to check, never as a no."
        )
    };
    match others {
        0 => {}
        1 => rationale.push_str(" One other uncertain answer does not change this hint."),
        k => rationale.push_str(&format!(
            " {k} other uncertain answers do not change this hint."
        )),
    }
    let mut guidance: Vec<String> = material
        .iter()
        .map(|u| {
            let stake = u
                .example
                .as_ref()
                .map_or(String::new(), |e| format!(" {}", e.text));
            format!("Find out: \u{201c}{}\u{201d}{stake}", u.text)
        })
        .collect();
    guidance.push(
        "Where you cannot find out, take this report to your export-control officer and go through these open \
         questions together."
            .into(),
    );
    Finding {
        code: FindingCode::InformationMissing,
        tier,
        title: if n == 1 {
            "An open question could change this hint".into()
        } else {
            format!("{n} open questions could change this hint")
        },
        rationale,
        triggered_by: material
            .iter()
            .filter_map(|u| q.question_index(&u.question))
            .filter_map(trigger)
            .collect(),
        guidance,
        shared_guidance: Vec::new(),
        references: Vec::new(),
        list_area: None,
        jurisdiction: Jurisdiction::Any,
        rule: "program".into(),
    }
}

/// The screening recorded in a report.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ScreeningRecord {
    /// The lists screened against, each with its publication date.
    pub lists: Vec<String>,
    /// The names screened.
    pub names: Vec<String>,
    /// How many of them have at least one possible match.
    pub possible_matches: usize,
    /// The score from which a name is a possible match.
    pub threshold: f64,
    /// The sentence every report format prints.
    pub statement: String,
}
