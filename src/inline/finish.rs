//! The end of an inline run: the review (change any answer), the result summary (the hint and the
//! findings) and saving the report as Markdown, HTML, JSON or plain text.

use std::io;
use std::path::Path;

use dialoguer::{Confirm, FuzzySelect, Input, Select};

use super::ask::ReviewChoice;
use super::theme::Look;
use super::{Context, Inline, checked, convert};
use crate::answers::Answer;
use crate::assess::Report;
use crate::diag::sanitize;
use crate::engine::Engine;
use crate::questionnaire::QuestionIx;
use crate::report::Format;

/// The result summary: the hint, what it means, the contact, the findings and the open
/// questions, as styled lines wrapped to `width`. The one place the summary is written, so that
/// everything shown at the end of a run goes here.
pub fn result_summary(r: &Report, look: &Look, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let para = |out: &mut Vec<String>, text: &str, indent: &str| {
        for line in convert::wrap_hanging(text, width.saturating_sub(indent.len())) {
            out.push(format!("{indent}{line}"));
        }
    };
    out.push(format!(
        "{}",
        look.tier(r.verdict).apply_to(format!(
            "Hint: {} {}",
            r.verdict.ascii_symbol(),
            r.verdict.label()
        ))
    ));
    let project = crate::report::project_lines(r);
    if !project.is_empty() {
        let text: Vec<String> = project
            .iter()
            .map(|(label, text)| format!("{label}: {}", sanitize(text)))
            .collect();
        para(&mut out, &text.join(" · "), "");
    }
    para(&mut out, &sanitize(&r.verdict_meaning), "");
    let glance = crate::report::glance_lines(r);
    if !glance.is_empty() {
        out.push(String::new());
        out.push(format!("{}", look.title.apply_to("At a glance")));
        for (label, text) in &glance {
            para(&mut out, &format!("{label}: {}", sanitize(text)), "  ");
        }
    }
    if crate::report::legal_data_is_old(&r.questionnaire.legal_data_as_of, &r.generated_at) {
        para(
            &mut out,
            &format!(
                "Warning: the legal data ({}) is more than 12 months old; the law may have changed since.",
                sanitize(&r.questionnaire.legal_data_as_of)
            ),
            "",
        );
    }
    out.push(String::new());
    out.push(format!(
        "{}",
        look.title
            .apply_to(format!("Findings ({})", r.findings.len()))
    ));
    if r.findings.is_empty() {
        para(
            &mut out,
            "No indicator found on the answers you gave. This is not a clearance.",
            "  ",
        );
    }
    for (n, f) in r.findings.iter().enumerate() {
        out.push(format!(
            "{}",
            look.tier(f.tier).apply_to(format!(
                "{}. {} {}",
                n + 1,
                f.tier.ascii_symbol(),
                sanitize(&f.title)
            ))
        ));
        let mut tier = format!(
            "   Tier: {}. Law: {}.",
            f.tier.label(),
            f.jurisdiction.label()
        );
        if let Some(area) = &f.list_area {
            tier.push_str(&format!(" Likely list area: {}.", sanitize(area)));
        }
        para(&mut out, tier.trim_start(), "   ");
        para(&mut out, &sanitize(&f.rationale), "   ");
        if !f.triggered_by.is_empty() {
            out.push("   Because you answered:".into());
            for t in &f.triggered_by {
                para(
                    &mut out,
                    &format!("- {} {}", sanitize(&t.text), sanitize(&t.label)),
                    "   ",
                );
            }
        }
        if !f.guidance.is_empty() {
            out.push("   What to do:".into());
            for (i, g) in f.guidance.iter().enumerate() {
                para(&mut out, &format!("{}. {}", i + 1, sanitize(g)), "   ");
            }
        }
    }
    if r.material_unknowns().next().is_some() {
        out.push(String::new());
        out.push(format!(
            "{}",
            look.title.apply_to(crate::report::MATERIAL_HEADING)
        ));
        for u in r.material_unknowns() {
            let stake = u
                .example
                .as_ref()
                .map_or(String::new(), |e| format!(" {}", e.text));
            para(
                &mut out,
                &format!(
                    "- {} ({}).{}",
                    sanitize(&u.text),
                    crate::report::reason_text(u),
                    sanitize(&stake)
                ),
                "  ",
            );
        }
    }
    if r.immaterial_unknowns().next().is_some() {
        out.push(String::new());
        out.push(format!(
            "{}",
            look.title.apply_to(crate::report::IMMATERIAL_HEADING)
        ));
        for u in r.immaterial_unknowns() {
            para(
                &mut out,
                &format!(
                    "- {} ({})",
                    sanitize(&u.text),
                    crate::report::reason_text(u)
                ),
                "  ",
            );
        }
    }
    out.push(String::new());
    para(&mut out, &sanitize(&r.disclaimer), "");
    out
}

impl Inline {
    pub(super) fn review(&self, engine: &Engine) -> io::Result<ReviewChoice> {
        let q = engine.questionnaire();
        let walk = engine.walk();
        self.say("")?;
        self.say(&format!(
            "{}",
            self.look.title.apply_to("Review your answers")
        ))?;
        let plain = dialoguer::console::Style::new();
        let mut numbered = Vec::new();
        let mut section = None;
        for &i in &walk.path {
            let question = &q.questions[i];
            if !question.is_answerable() {
                continue;
            }
            if section != Some(question.section) {
                section = Some(question.section);
                self.say(&format!(
                    "{}:",
                    sanitize(&q.sections[question.section].title)
                ))?;
            }
            numbered.push(i);
            let label = engine
                .answer_of(i)
                .map_or_else(|| "not answered".to_string(), |a| a.label(question));
            self.say_wrapped(
                &format!(
                    "{}. {} · {}",
                    numbered.len(),
                    sanitize(&question.text),
                    sanitize(&label)
                ),
                "  ",
                &plain,
            )?;
        }
        let aside = engine.set_aside();
        if !aside.is_empty() {
            self.say("Set aside, because they are no longer on your path (not assessed):")?;
            for i in aside {
                let question = &q.questions[i];
                let label = engine.answer_of(i).map(|a| a.label(question));
                self.say_wrapped(
                    &format!(
                        "- {} · {}",
                        sanitize(&question.text),
                        sanitize(&label.unwrap_or_default())
                    ),
                    "  ",
                    &plain,
                )?;
            }
        }
        let open: Vec<String> = walk
            .path
            .iter()
            .filter_map(|&i| {
                let question = &q.questions[i];
                match engine.answer_of(i) {
                    Some(Answer::NotSure) => Some(format!(
                        "- {} (answered “Not sure”)",
                        sanitize(&question.text)
                    )),
                    None if question.is_answerable() && question.required => {
                        Some(format!("- {} (not answered)", sanitize(&question.text)))
                    }
                    _ => None,
                }
            })
            .collect();
        if !open.is_empty() {
            self.say("Open questions (the result says which of them could change the hint):")?;
            for line in open {
                self.say_wrapped(&line, "  ", &plain)?;
            }
        }
        loop {
            let picked = checked(
                Select::with_theme(&self.look.prompts)
                    .with_prompt("What next?")
                    .items([
                        "See the result",
                        "Change an answer",
                        "Back to the last question",
                        "Save and finish later",
                    ])
                    .default(0)
                    .report(false)
                    .interact_on_opt(&self.term),
            )?;
            match picked {
                Some(0) => return Ok(ReviewChoice::Results),
                Some(1) => {
                    if let Some(i) = self.pick_answer(engine, &numbered)? {
                        return Ok(ReviewChoice::Edit(i));
                    }
                }
                Some(3) => return Ok(ReviewChoice::Quit),
                _ => {
                    self.went_back()?;
                    return Ok(ReviewChoice::Back);
                }
            }
        }
    }

    /// Which answer to change; `None` on Esc.
    fn pick_answer(
        &self,
        engine: &Engine,
        numbered: &[QuestionIx],
    ) -> io::Result<Option<QuestionIx>> {
        let q = engine.questionnaire();
        let items: Vec<String> = numbered
            .iter()
            .enumerate()
            .map(|(n, &i)| {
                let question = &q.questions[i];
                let label = engine
                    .answer_of(i)
                    .map_or_else(|| "not answered".to_string(), |a| a.label(question));
                let line = format!(
                    "{}. {} · {}",
                    n + 1,
                    sanitize(&question.text),
                    sanitize(&label)
                );
                convert::wrap(&line, self.width().saturating_sub(4)).join("\n    ")
            })
            .collect();
        if items.is_empty() {
            return Ok(None);
        }
        let picked = if items.len() >= convert::FUZZY_FROM {
            checked(
                FuzzySelect::with_theme(&self.look.prompts)
                    .with_prompt("Which answer? (type to filter)")
                    .items(&items)
                    .max_length(self.page("", &items).min(10))
                    .report(false)
                    .interact_on_opt(&self.term),
            )?
        } else {
            checked(
                Select::with_theme(&self.look.prompts)
                    .with_prompt("Which answer?")
                    .items(&items)
                    .max_length(self.page("", &items))
                    .report(false)
                    .interact_on_opt(&self.term),
            )?
        };
        Ok(picked.and_then(|n| numbered.get(n).copied()))
    }

    /// The result summary and what to do with the report. Returns true when the user finished,
    /// false to go back to the review.
    pub(super) fn results(&self, engine: &Engine, ctx: &Context) -> io::Result<bool> {
        let q = engine.questionnaire();
        let report = ctx
            .runtime
            .report(q, engine.answers(), &(ctx.clock)(), ctx.project.clone());
        self.say("")?;
        for line in result_summary(&report, &self.look, self.width()) {
            self.say(&line)?;
        }
        let mut default = 0;
        loop {
            self.say("")?;
            let picked = checked(
                Select::with_theme(&self.look.prompts)
                    .with_prompt("What next?")
                    .items([
                        "Save the report as a file",
                        "Review or change answers",
                        "Finish",
                    ])
                    .default(default)
                    .report(false)
                    .interact_on_opt(&self.term),
            )?;
            match picked {
                Some(0) => {
                    if self.save_report(&report, ctx)? {
                        default = 2;
                    }
                }
                Some(2) => return Ok(true),
                _ => return Ok(false),
            }
        }
    }

    /// Asks for the format and the file name and writes the report. Returns whether it was saved.
    fn save_report(&self, report: &Report, ctx: &Context) -> io::Result<bool> {
        const FORMATS: [(Format, &str); 4] = [
            (Format::Markdown, "Markdown (.md), to read or e-mail"),
            (Format::Html, "HTML (.html), a page to print"),
            (Format::Json, "JSON (.json), for tools and office summaries"),
            (Format::Text, "Plain text (.txt)"),
        ];
        let Some(f) = checked(
            Select::with_theme(&self.look.prompts)
                .with_prompt("Format")
                .items(FORMATS.iter().map(|(_, l)| *l))
                .default(0)
                .report(true)
                .interact_on_opt(&self.term),
        )?
        else {
            return Ok(false);
        };
        let format = FORMATS[f].0;
        let default = format!(
            "dualcheck-report-{}.{}",
            ctx.report_stem,
            format.extension()
        );
        let name: String = checked(
            Input::with_theme(&self.look.prompts)
                .with_prompt("File name")
                .default(default)
                .validate_with(|s: &String| {
                    let p = Path::new(s.trim());
                    if s.trim().is_empty() {
                        Err("Type a file name.".to_string())
                    } else if p.is_dir() {
                        Err(format!(
                            "{} is a folder. Choose a file name.",
                            sanitize(s.trim())
                        ))
                    } else {
                        Ok(())
                    }
                })
                .interact_text_on(&self.term),
        )?;
        let name = name.trim().to_string();
        let path = Path::new(&name);
        let shown = sanitize(&name);
        if path.exists() {
            let replace = checked(
                Confirm::with_theme(&self.look.prompts)
                    .with_prompt(format!("{shown} exists. Replace it?"))
                    .default(false)
                    .interact_on_opt(&self.term),
            )?;
            if replace != Some(true) {
                self.say("Not saved.")?;
                return Ok(false);
            }
        }
        match crate::app::write_report(path, format.write(report).as_bytes()) {
            Ok(()) => {
                self.say(&format!(
                    "{}",
                    self.look
                        .ok
                        .apply_to(format!("Saved the report to {shown}."))
                ))?;
                Ok(true)
            }
            Err(e) => {
                self.say(&format!(
                    "{}",
                    self.look.error.apply_to(format!(
                        "Could not save the report to {shown}: {}.",
                        sanitize(&e.to_string())
                    ))
                ))?;
                Ok(false)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::run::ThemeChoice;

    #[test]
    fn the_summary_gives_the_hint_the_findings_and_the_open_questions() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/valid/basic");
        let q = crate::app::Runtime::default()
            .load_questionnaire(dir)
            .expect("fixture loads");
        let mut answers = vec![None; q.questions.len()];
        let set = |answers: &mut Vec<Option<Answer>>, id: &str, text: &str| {
            let i = q.question_index(id).unwrap();
            answers[i] = Some(Answer::parse_for(&q.questions[i], text).unwrap());
        };
        set(&mut answers, "location", "eu");
        set(&mut answers, "member_state", "Germany");
        set(&mut answers, "areas", "drones");
        set(&mut answers, "endurance", "90");
        answers[q.question_index("military").unwrap()] = Some(Answer::NotSure);
        let report = crate::assess::assess(&q, &answers, "2025-11-20T10:00:00Z");
        let look = Look::new(ThemeChoice::Default, false);
        let lines = result_summary(&report, &look, 60);
        let text = lines.join("\n");
        assert!(lines[0].starts_with("Hint: [!!] LICENCE LIKELY"), "{text}");
        assert!(text.contains("Findings ("), "{text}");
        assert!(text.contains("1. [!!] Long-endurance drone"), "{text}");
        assert!(text.contains("   Because you answered:"), "{text}");
        // Military use cannot make a LICENCE LIKELY hint more serious here: not needed.
        assert!(
            text.contains(
                "Uncertain answers not needed for this hint\n  - Is it designed for military use? (answered \u{201c}Not sure\u{201d})"
            ),
            "{text}"
        );
        assert!(text.contains("At a glance\n  Do first: "), "{text}");
        assert!(
            text.contains("dualcheck gives a hint, not a legal decision."),
            "{text}"
        );
        assert!(lines.iter().all(|l| l.chars().count() <= 60), "{text}");
        assert!(!text.contains('\u{1b}'), "no escape code without colour");
    }
}
