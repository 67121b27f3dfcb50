//! The end of a run: the review list (change any answer) and the results (the plain-text
//! report, then saving it as Markdown, JSON or text).

use std::io::{self, BufRead, Write};
use std::path::Path;

use crate::app::input::{self, Command};
use crate::assess::Report;
use crate::diag::sanitize;
use crate::engine::Engine;
use crate::plain::driver::{Context, Driver};
use crate::questionnaire::QuestionIx;
use crate::report::Format;

pub(super) enum ReviewChoice {
    Results,
    Edit(QuestionIx),
    Back,
    Quit,
    Eof,
}

pub(super) enum AfterResults {
    Finish,
    Review,
    Eof,
}

impl<R: BufRead, W: Write> Driver<R, W> {
    pub(super) fn review(&mut self, engine: &Engine) -> io::Result<ReviewChoice> {
        let q = engine.questionnaire();
        let walk = engine.walk();
        self.say("")?;
        self.say("Review your answers.")?;
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
            self.say(&format!(
                "  {}. {} Answer: {}.",
                numbered.len(),
                sanitize(&question.text),
                sanitize(&label)
            ))?;
        }
        let aside = engine.set_aside();
        if !aside.is_empty() {
            self.say("Set aside, because they are no longer on your path (not assessed):")?;
            for i in aside {
                let question = &q.questions[i];
                let label = engine.answer_of(i).map(|a| a.label(question));
                self.say(&format!(
                    "  - {} Answer: {}.",
                    sanitize(&question.text),
                    sanitize(&label.unwrap_or_default())
                ))?;
            }
        }
        let open: Vec<String> = walk
            .path
            .iter()
            .filter_map(|&i| {
                let question = &q.questions[i];
                match engine.answer_of(i) {
                    Some(crate::answers::Answer::NotSure) => Some(format!(
                        "  - {} (answered “Not sure”)",
                        sanitize(&question.text)
                    )),
                    None if question.is_answerable() && question.required => {
                        Some(format!("  - {} (not answered)", sanitize(&question.text)))
                    }
                    _ => None,
                }
            })
            .collect();
        if !open.is_empty() {
            self.say("Open questions (the result says which of them could change the hint):")?;
            for line in open {
                self.say(&line)?;
            }
        }
        loop {
            let Some(line) = self.prompt(
                "Type a number to change that answer, < to go back, q to save and quit, \
                 or press Enter to see the results:",
            )?
            else {
                return Ok(ReviewChoice::Eof);
            };
            let line = line.trim();
            if line.is_empty() {
                return Ok(ReviewChoice::Results);
            }
            match input::command(line) {
                Some(Command::Back) => return Ok(ReviewChoice::Back),
                Some(Command::Quit) => return Ok(ReviewChoice::Quit),
                Some(_) => {
                    self.say("Pick the number of an answer to change it, or press Enter to see the results.")?;
                    continue;
                }
                None => {}
            }
            match line.parse::<usize>() {
                Ok(n) if (1..=numbered.len()).contains(&n) => {
                    return Ok(ReviewChoice::Edit(numbered[n - 1]));
                }
                _ => self.say(&format!(
                    "Type a number from 1 to {}, or press Enter to see the results.",
                    numbered.len()
                ))?,
            }
        }
    }

    pub(super) fn results(&mut self, engine: &Engine, ctx: &Context) -> io::Result<AfterResults> {
        let q = engine.questionnaire();
        let report = ctx
            .runtime
            .report(q, engine.answers(), &(ctx.clock)(), ctx.project.clone());
        self.say("")?;
        for line in crate::report::text::write(&report).lines() {
            let line = if line.starts_with("RESULT:") {
                self.bold(line)
            } else {
                line.to_string()
            };
            self.say(&line)?;
        }
        loop {
            self.say("")?;
            let Some(line) = self.prompt(
                "Type m to save this report as Markdown, h as HTML, j as JSON, t as plain text, \
                 r to review your answers, or press Enter to finish:",
            )?
            else {
                return Ok(AfterResults::Eof);
            };
            let format = match line.trim().to_lowercase().as_str() {
                "" | "q" | "quit" => return Ok(AfterResults::Finish),
                "r" | "review" | "<" | "b" => return Ok(AfterResults::Review),
                "m" | "md" | "markdown" => Format::Markdown,
                "h" | "html" => Format::Html,
                "j" | "json" => Format::Json,
                "t" | "txt" | "text" => Format::Text,
                _ => {
                    self.say("Type m, h, j, t or r, or press Enter.")?;
                    continue;
                }
            };
            if !self.save_report(&report, format, ctx)? {
                return Ok(AfterResults::Eof);
            }
        }
    }

    /// Asks for a file name and writes the report. Returns false at the end of input.
    fn save_report(&mut self, report: &Report, format: Format, ctx: &Context) -> io::Result<bool> {
        let default = format!(
            "dualcheck-report-{}.{}",
            ctx.report_stem,
            format.extension()
        );
        let Some(line) = self.prompt(&format!("File name (press Enter for {default}):"))? else {
            return Ok(false);
        };
        let name = match line.trim() {
            "" => default,
            name => name.to_string(),
        };
        let path = Path::new(&name);
        let shown = sanitize(&name);
        if path.is_dir() {
            self.say(&format!("{shown} is a folder. Choose a file name."))?;
            return Ok(true);
        }
        if path.exists() {
            let Some(yes) = self.prompt(&format!(
                "{shown} exists. Type y to replace it, or press Enter to keep it:"
            ))?
            else {
                return Ok(false);
            };
            if !matches!(yes.trim().to_lowercase().as_str(), "y" | "yes") {
                self.say("Not saved.")?;
                return Ok(true);
            }
        }
        match crate::app::write_report(path, format.write(report).as_bytes()) {
            Ok(()) => self.say(&format!("Saved the report to {shown}."))?,
            Err(e) => self.say(&format!(
                "Could not save the report to {shown}: {}.",
                sanitize(&e.to_string())
            ))?,
        }
        Ok(true)
    }
}
