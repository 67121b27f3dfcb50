//! The plain front-end's loop: one question at a time as numbered lines, then the review list,
//! then the results. Generic over input ([`BufRead`]) and output ([`Write`]) so tests drive it with
//! scripted lines and read what it printed; the real run wires standard input and output.
//!
//! One idea per line, nothing that redraws itself, no drawing characters. Every text that comes
//! from a questionnaire or from the user goes through [`sanitize`] before it is printed, and no
//! escape code is written when colour is off. The engine decides every branch; this loop only
//! turns lines into engine calls and saves the session after every change.

use std::io::{self, BufRead, Write};

use crate::app::input::{self, Command};
use crate::app::run::Autosave;
use crate::diag::sanitize;
use crate::engine::Engine;
use crate::plain::review::{AfterResults, ReviewChoice};
use crate::questionnaire::{Kind, Question, QuestionIx, SectionIx};

/// Longest line read; the rest of a longer line is discarded.
const MAX_LINE_BYTES: usize = 64 * 1024;

/// What the loop needs besides the engine and the session.
pub struct Context {
    /// The run's configuration and lists: reports are built by it.
    pub runtime: std::sync::Arc<crate::app::Runtime>,
    /// The project the check is for, named in the report.
    pub project: Option<crate::project::Project>,
    /// The time stamp of saves and reports.
    pub clock: fn() -> String,
    /// Used in the suggested file name of a saved report (the session id).
    pub report_stem: String,
}

/// How a run of the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The user saw the results and finished.
    Finished,
    /// The user typed `q`: the session is saved for later.
    Quit,
    /// Standard input ended (Ctrl-D): the session is saved for later.
    EndOfInput,
}

/// What happened at one question.
enum Step {
    /// The engine moved (answer, keep, back).
    Moved,
    /// An answer was given or kept.
    Answered,
    Quit,
    Eof,
}

/// The line-prompt driver.
pub struct Driver<R, W> {
    pub(super) input: R,
    pub(super) out: W,
    pub(super) color: bool,
    /// The section last announced, so an intro is shown once when a section starts.
    section: Option<SectionIx>,
    /// Whether the current autosave problem was already shown.
    warned: bool,
}

impl<R: BufRead, W: Write> Driver<R, W> {
    pub fn new(input: R, out: W, color: bool) -> Self {
        Self {
            input,
            out,
            color,
            section: None,
            warned: false,
        }
    }

    /// The output, for tests.
    pub fn into_output(self) -> W {
        self.out
    }

    /// Prints one line (already sanitised by the caller where it holds outside text).
    pub fn say(&mut self, text: &str) -> io::Result<()> {
        writeln!(self.out, "{text}")?;
        self.out.flush()
    }

    /// Prints a prompt and reads the answer line; `None` at the end of input.
    pub fn prompt(&mut self, text: &str) -> io::Result<Option<String>> {
        write!(self.out, "{text} ")?;
        self.out.flush()?;
        self.read_line()
    }

    fn read_line(&mut self) -> io::Result<Option<String>> {
        let mut buf = Vec::new();
        let n = loop {
            match io::Read::take(&mut self.input, MAX_LINE_BYTES as u64).read_until(b'\n', &mut buf)
            {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        };
        if n == 0 {
            return Ok(None);
        }
        if buf.last() != Some(&b'\n') && buf.len() >= MAX_LINE_BYTES {
            // Discard the rest of an over-long line so it is not read as the next answer.
            let mut rest = Vec::new();
            loop {
                rest.clear();
                let m = io::Read::take(&mut self.input, MAX_LINE_BYTES as u64)
                    .read_until(b'\n', &mut rest)?;
                if m == 0 || rest.last() == Some(&b'\n') {
                    break;
                }
            }
        }
        let text = String::from_utf8_lossy(&buf);
        Ok(Some(text.trim_end_matches(['\n', '\r']).to_string()))
    }

    pub(super) fn bold(&self, text: &str) -> String {
        if self.color {
            format!("\u{1b}[1m{text}\u{1b}[0m")
        } else {
            text.to_string()
        }
    }

    /// Runs the questions, the review and the results until the user finishes, quits or input ends.
    pub fn run(
        &mut self,
        engine: &mut Engine,
        autosave: &mut Autosave,
        ctx: &Context,
    ) -> io::Result<Outcome> {
        self.show_warning(autosave)?;
        // Set while the user changes an answer from the review list: after it, go straight back
        // to the first open question or to the review.
        let mut editing = false;
        loop {
            if let Some(c) = engine.current() {
                match self.ask(engine, c)? {
                    Step::Quit => return Ok(Outcome::Quit),
                    Step::Eof => return Ok(Outcome::EndOfInput),
                    Step::Moved => {}
                    Step::Answered => {
                        if editing {
                            if engine.finish() {
                                editing = false;
                            } else if let Some(f) = engine.first_open() {
                                let _ = engine.jump(f);
                            }
                        }
                    }
                }
                self.save(engine, autosave, ctx)?;
                continue;
            }
            match self.review(engine)? {
                ReviewChoice::Results => {}
                ReviewChoice::Edit(q) => {
                    if engine.jump(q).is_ok() {
                        editing = true;
                        self.section = None;
                    }
                    continue;
                }
                ReviewChoice::Back => {
                    engine.back();
                    self.section = None;
                    continue;
                }
                ReviewChoice::Quit => return Ok(Outcome::Quit),
                ReviewChoice::Eof => return Ok(Outcome::EndOfInput),
            }
            self.save(engine, autosave, ctx)?;
            match self.results(engine, ctx)? {
                // At the end of input the results were shown and the session is complete:
                // nothing is left to save, so that is a finish too.
                AfterResults::Finish | AfterResults::Eof => return Ok(Outcome::Finished),
                AfterResults::Review => {}
            }
        }
    }

    fn save(&mut self, engine: &Engine, autosave: &mut Autosave, ctx: &Context) -> io::Result<()> {
        {
            // Ctrl-C waits for a save in progress before the process ends.
            let _guard = super::SAVE_LOCK
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let was_failing = autosave.state() == crate::app::run::SaveState::Failed;
            if autosave.save(engine, &(ctx.clock)()) {
                self.warned = false;
            } else if was_failing && self.warned {
                // Every failure is told, not only the first of a series.
                self.say("Warning: this answer was not saved either.")?;
            }
            super::note_save(autosave);
        }
        self.show_warning(autosave)
    }

    fn show_warning(&mut self, autosave: &Autosave) -> io::Result<()> {
        if let Some(w) = &autosave.warning
            && !self.warned
        {
            self.warned = true;
            let text = format!("Warning: {}", sanitize(w));
            self.say(&text)?;
        }
        Ok(())
    }

    /// Prints where the user stands: a blank line, the position line, the section intro.
    fn announce(&mut self, engine: &Engine, c: QuestionIx) -> io::Result<()> {
        let q = engine.questionnaire();
        let question = &q.questions[c];
        let progress = engine.progress();
        let walk = engine.walk();
        let pos = walk.path.iter().position(|&i| i == c).unwrap_or(0);
        let number = 1 + walk.path[..pos]
            .iter()
            .filter(|&&i| q.questions[i].is_answerable())
            .count();
        let to_go = walk.path[pos + 1..]
            .iter()
            .filter(|&&i| q.questions[i].is_answerable() && engine.answer_of(i).is_none())
            .count();
        let section = &q.sections[question.section];
        let place = if question.is_answerable() {
            match to_go {
                0 => format!("Question {number}, the last one for now."),
                n => format!(
                    "Question {number}, {}.",
                    crate::engine::Progress::to_go_text(n, progress.added_by_last)
                ),
            }
        } else {
            "A note.".to_string()
        };
        self.say("")?;
        self.say(&format!(
            "Section {} of {}, {}. {place}",
            progress.section_number,
            progress.section_count,
            sanitize(&section.title)
        ))?;
        if self.section != Some(question.section) {
            self.section = Some(question.section);
            if let Some(intro) = &section.intro {
                self.say(&sanitize(intro))?;
            }
        }
        Ok(())
    }

    fn ask(&mut self, engine: &mut Engine, c: QuestionIx) -> io::Result<Step> {
        let q = engine.questionnaire();
        let question = &q.questions[c];
        self.announce(engine, c)?;
        let text = self.bold(&sanitize(&question.text));
        self.say(&text)?;
        for (n, label) in option_lines(question).iter().enumerate() {
            self.say(&format!("  {}. {label}", n + 1))?;
        }
        let answered = engine.answer_of(c).is_some();
        if let Some(a) = engine.answer_of(c) {
            let line = format!(
                "Your answer: {}. Press Enter to keep it.",
                sanitize(&a.label(question))
            );
            self.say(&line)?;
        }
        if !question.required && !answered && question.kind != Kind::Info {
            self.say("This question is optional: press Enter to skip it.")?;
        }
        let prompt = prompt_text(question);
        loop {
            let Some(line) = self.prompt(&prompt)? else {
                return Ok(Step::Eof);
            };
            match input::parse(question, &line, answered) {
                Ok(Command::Help) => self.help(engine, c)?,
                Ok(Command::Back) => {
                    if engine.back() {
                        return Ok(Step::Moved);
                    }
                    self.say("This is the first question; there is nothing before it.")?;
                }
                Ok(Command::Quit) => return Ok(Step::Quit),
                Ok(Command::Keep) => {
                    if answered {
                        engine.forward();
                    } else {
                        // An information note, or an optional question left blank.
                        let _ = engine.acknowledge(c);
                    }
                    return Ok(Step::Answered);
                }
                Ok(Command::Answer(a)) => match engine.answer(c, a) {
                    Ok(()) => return Ok(Step::Answered),
                    Err(e) => self.say(&format!("{e}. Try again."))?,
                },
                Err(message) => self.say(&message)?,
            }
        }
    }

    /// "Why we ask", examples, option help and glossary terms.
    fn help(&mut self, engine: &Engine, c: QuestionIx) -> io::Result<()> {
        let q = engine.questionnaire();
        let question = &q.questions[c];
        let mut lines = Vec::new();
        match &question.help {
            Some(h) => lines.push(format!("Why we ask: {}", sanitize(h))),
            None => lines.push("Why we ask: no explanation is given for this question.".into()),
        }
        if !question.examples.is_empty() {
            lines.push("Examples:".into());
            lines.extend(
                question
                    .examples
                    .iter()
                    .map(|e| format!("- {}", sanitize(e))),
            );
        }
        let option_help: Vec<String> = question
            .options
            .iter()
            .filter_map(|o| {
                o.help
                    .as_ref()
                    .map(|h| format!("- {}: {}", sanitize(&o.label), sanitize(h)))
            })
            .collect();
        if !option_help.is_empty() {
            lines.push("About the answers:".into());
            lines.extend(option_help);
        }
        if !question.terms.is_empty() {
            lines.push("Terms:".into());
            lines.extend(
                question
                    .terms
                    .iter()
                    .filter_map(|&t| q.terms.get(t))
                    .map(|t| format!("- {}: {}", sanitize(&t.term), sanitize(&t.definition))),
            );
        }
        lines.push(
            "Commands: ? help, < back to the previous question, q save and quit. Ctrl-C also saves."
                .into(),
        );
        for line in lines {
            self.say(&line)?;
        }
        Ok(())
    }
}

/// The numbered lines of a choice question, "Not sure" last where it is offered.
pub fn option_lines(q: &Question) -> Vec<String> {
    if !q.kind.is_choice() {
        return Vec::new();
    }
    let mut lines: Vec<String> = q.options.iter().map(|o| sanitize(&o.label)).collect();
    if input::not_sure_number(q).is_some() {
        lines.push("Not sure".into());
    }
    lines
}

/// The prompt line of a question: what to type, with the range or the limits.
pub fn prompt_text(q: &Question) -> String {
    const COMMANDS: &str = "? for why we ask, < to go back:";
    match q.kind {
        Kind::Single | Kind::YesNo => format!("Type a number, {COMMANDS}"),
        Kind::Multiple => {
            let none = if input::offers_zero_for_none(q) {
                ", 0 for none of these"
            } else {
                ""
            };
            format!("Type one or more numbers separated by commas{none}, {COMMANDS}")
        }
        Kind::Number => {
            let unit = q
                .unit
                .as_ref()
                .map(|u| format!(" ({})", sanitize(u)))
                .unwrap_or_default();
            let not_sure = if q.not_sure { " or \"not sure\"" } else { "" };
            format!("Type {}{unit}{not_sure}, {COMMANDS}", q.number_range())
        }
        Kind::Text => format!(
            "Type your answer (at most {} characters), {COMMANDS}",
            q.max_length
        ),
        Kind::Info => "Press Enter to continue, < to go back:".into(),
    }
}
