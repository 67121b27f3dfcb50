//! The plain-text report, for dumb terminals, screen readers and `assess --format text`.
//!
//! Same order as the Markdown report. One idea per line, ASCII symbols for the verdict (never
//! colour alone), no markup, no drawing characters of its own. All text from questionnaires and
//! answers goes through [`sanitize`] so it cannot emit terminal escape codes.

use std::fmt::Write as _;

use crate::assess::Report;
use crate::diag::sanitize;
use crate::report::markdown::reference_line;

/// Writes the report as plain text.
pub fn write(r: &Report) -> String {
    let mut o = String::new();
    let q = &r.questionnaire;
    let _ = writeln!(o, "dualcheck report: {}", sanitize(&q.title));
    for (label, text) in super::project_lines(r) {
        let _ = writeln!(o, "{label}: {}", sanitize(text));
    }
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "HINT: {} {}",
        r.verdict.ascii_symbol(),
        r.verdict.label()
    );
    let _ = writeln!(o, "{}", sanitize(&r.verdict_meaning));
    let glance = super::glance_lines(r);
    if !glance.is_empty() {
        let _ = writeln!(o);
        let _ = writeln!(o, "AT A GLANCE");
        for (label, text) in &glance {
            let _ = writeln!(o, "- {label}: {}", sanitize(text));
        }
    }
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "Questionnaire: {} ({}), version {}.",
        sanitize(&q.title),
        sanitize(&q.id),
        sanitize(&q.version)
    );
    let _ = writeln!(o, "Content hash: {}", sanitize(&q.hash));
    let _ = writeln!(o, "Legal data as of: {}", sanitize(&q.legal_data_as_of));
    let _ = writeln!(o, "Generated: {}", sanitize(&r.generated_at));
    if super::legal_data_is_old(&q.legal_data_as_of, &r.generated_at) {
        let _ = writeln!(
            o,
            "Warning: the legal data of this questionnaire is more than 12 months old. The law may \
             have changed since; check for a newer version."
        );
    }

    let _ = writeln!(o);
    let _ = writeln!(o, "FINDINGS ({})", r.findings.len());
    if r.findings.is_empty() {
        let _ = writeln!(
            o,
            "No indicator found on the answers you gave. This is not a clearance."
        );
    }
    for (n, f) in r.findings.iter().enumerate() {
        let _ = writeln!(o);
        let _ = writeln!(
            o,
            "{}. {} {}",
            n + 1,
            f.tier.ascii_symbol(),
            sanitize(&f.title)
        );
        let _ = writeln!(
            o,
            "   Tier: {}. Code: {}. Law: {}.",
            f.tier.label(),
            f.code,
            f.jurisdiction.label()
        );
        if let Some(area) = &f.list_area {
            let _ = writeln!(o, "   Likely list area: {}", sanitize(area));
        }
        let _ = writeln!(o, "   {}", sanitize(&f.rationale));
        if !f.triggered_by.is_empty() {
            let _ = writeln!(o, "   Because you answered:");
            for t in &f.triggered_by {
                let _ = writeln!(
                    o,
                    "   - {} Answer: {}",
                    sanitize(&t.text),
                    sanitize(&t.label)
                );
            }
        }
        if !f.guidance.is_empty() {
            let _ = writeln!(o, "   What to do:");
            for (i, g) in f.guidance.iter().enumerate() {
                let _ = writeln!(o, "   {}. {}", i + 1, sanitize(g));
            }
        }
        for g in f
            .shared_guidance
            .iter()
            .filter_map(|id| r.shared_guidance.iter().find(|g| &g.id == id))
        {
            let _ = writeln!(o, "   See also: {}", sanitize(&g.title));
        }
        if !f.references.is_empty() {
            let _ = writeln!(o, "   Sources:");
            for reference in &f.references {
                let _ = writeln!(o, "   - {}", sanitize(&reference_line(reference)));
            }
        }
    }

    for g in &r.shared_guidance {
        let _ = writeln!(o);
        let _ = writeln!(o, "{}", sanitize(&g.title).to_uppercase());
        for (i, step) in g.steps.iter().enumerate() {
            let _ = writeln!(o, "{}. {}", i + 1, sanitize(step));
        }
    }
    if r.material_unknowns().next().is_some() {
        let _ = writeln!(o);
        let _ = writeln!(o, "{}", super::MATERIAL_HEADING.to_uppercase());
        for u in r.material_unknowns() {
            let stake = u
                .example
                .as_ref()
                .map_or(String::new(), |e| format!(" {}", e.text));
            let _ = writeln!(
                o,
                "- {} ({}).{}",
                sanitize(&u.text),
                super::reason_text(u),
                sanitize(&stake)
            );
        }
    }
    if r.immaterial_unknowns().next().is_some() {
        let _ = writeln!(o);
        let _ = writeln!(o, "{}", super::IMMATERIAL_HEADING.to_uppercase());
        let _ = writeln!(o, "{}", super::IMMATERIAL_NOTE);
        for u in r.immaterial_unknowns() {
            let _ = writeln!(o, "- {} ({})", sanitize(&u.text), super::reason_text(u));
        }
    }

    let _ = writeln!(o);
    let _ = writeln!(o, "YOUR ANSWERS");
    let mut section = "";
    for id in &r.path {
        let Some(a) = r.answers.get(id) else { continue };
        if a.section != section {
            section = &a.section;
            let _ = writeln!(o, "{}:", sanitize(section));
        }
        let _ = writeln!(
            o,
            "- {} Answer: {}",
            sanitize(&a.question),
            sanitize(&a.label)
        );
    }
    if !r.set_aside.is_empty() {
        let _ = writeln!(o, "{}", super::set_aside_sentence(r.set_aside.len()));
    }
    if let Some(s) = &r.screening {
        let _ = writeln!(o);
        let _ = writeln!(o, "RESTRICTED-PARTY SCREENING");
        let _ = writeln!(o, "{}", sanitize(&s.statement));
    }
    let _ = writeln!(o);
    let _ = writeln!(o, "WHAT THIS CHECK DID NOT COVER");
    for n in &r.not_checked {
        let _ = writeln!(o, "- {}", sanitize(n));
    }
    let _ = writeln!(o);
    let _ = writeln!(o, "DISCLAIMER");
    let _ = writeln!(o, "{}", sanitize(&r.disclaimer));
    o
}

#[cfg(test)]
mod tests {
    use crate::assess::{Contact, Finding, Report, Trigger};
    use crate::taxonomy::{FindingCode, Tier};

    fn report() -> Report {
        let mut r = crate::assess::Report {
            schema: crate::assess::SCHEMA.into(),
            project: Some(crate::assess::Project {
                title: "Thermal camera \u{1b}[2J spin-off".into(),
                reference: "TTO-2026-117".into(),
            }),
            questionnaire: crate::assess::QuestionnaireInfo {
                id: "q".into(),
                title: "Title \u{1b}[2J".into(),
                version: "1".into(),
                hash: "sha256:0".into(),
                legal_data_as_of: "2025-11-15".into(),
            },
            generated_at: "2025-11-20T00:00:00Z".into(),
            verdict: Tier::LicenceLikely,
            verdict_label: Tier::LicenceLikely.label().into(),
            verdict_meaning: Tier::LicenceLikely.meaning().into(),
            at_a_glance: crate::assess::AtAGlance::default(),
            jurisdictions: Vec::new(),
            shared_guidance: Vec::new(),
            findings: Vec::new(),
            answers: std::collections::BTreeMap::new(),
            path: Vec::new(),
            set_aside: Vec::new(),
            unknowns: Vec::new(),
            not_checked: vec!["Screening.".into()],
            contact: Some(Contact {
                name: "Export Control Office".into(),
                email: "ec@example.edu".into(),
                ..Contact::default()
            }),
            disclaimer: crate::assess::DISCLAIMER.into(),
            screening: None,
        };
        r.findings.push(Finding {
            code: FindingCode::ListedMilitary,
            tier: Tier::LicenceLikely,
            title: "Military item".into(),
            rationale: "Items designed for military use are listed.".into(),
            triggered_by: vec![Trigger {
                question: "military".into(),
                text: "Is it designed for military use?".into(),
                answer: serde_json::Value::String("yes".into()),
                label: "Yes".into(),
            }],
            guidance: vec!["Talk to your officer.".into()],
            references: Vec::new(),
            list_area: Some("Military list".into()),
            jurisdiction: crate::taxonomy::Jurisdiction::Any,
            shared_guidance: Vec::new(),
            rule: "military".into(),
        });
        r
    }

    #[test]
    fn text_report_names_verdict_in_words_and_ascii_and_has_no_escape() {
        let text = super::write(&report());
        assert!(text.contains("HINT: [!!] LICENCE LIKELY\n"), "{text}");
        assert!(
            text.contains(
                "Because you answered:\n   - Is it designed for military use? Answer: Yes"
            )
        );
        assert!(text.contains("What to do:\n   1. Talk to your officer."));
        assert!(text.contains("Likely list area: Military list"));
        assert!(text.contains("- Ask: Export Control Office"));
        assert!(text.contains("DISCLAIMER"));
        assert!(
            text.starts_with(
                "dualcheck report: Title \u{fffd}[2J\nProject: Thermal camera \u{fffd}[2J spin-off\n\
                 Reference: TTO-2026-117\n"
            ),
            "{text}"
        );
        assert!(text.is_ascii() || !text.contains('\u{1b}'));
        assert!(!text.contains('\u{1b}'));
    }
}
