//! The question loop: one dialoguer prompt per question, the review, the results. Every answer
//! goes to the engine and is saved before the next question is drawn.
//!
//! The transcript: each answered question leaves one line in the scrollback,
//! `✔ question · answer`; "Why we ask" leaves the help text, Back leaves a line saying so.

use std::io;

use dialoguer::console::Key;
use dialoguer::{FuzzySelect, Input, MultiSelect, Select};

use super::convert::{self, Action, Row};
use super::{Context, Inline, Outcome, checked, read_key};
use crate::app::run::Autosave;
use crate::diag::sanitize;
use crate::engine::Engine;
use crate::questionnaire::{Kind, Question, QuestionIx, Questionnaire};

/// What happened at one question.
pub(super) enum Step {
    /// The engine moved back, or stayed.
    Moved,
    /// An answer was given or kept, or a note read.
    Answered,
    Quit,
}

/// What the review offers.
pub(super) enum ReviewChoice {
    Results,
    Edit(QuestionIx),
    Back,
    Quit,
}

impl Inline {
    /// The questions, the review and the results, until the user finishes or saves for later.
    pub(super) fn run(
        &mut self,
        engine: &mut Engine,
        autosave: &mut Autosave,
        ctx: &Context,
    ) -> io::Result<Outcome> {
        self.show_warning(autosave)?;
        // Set while an answer is changed from the review: afterwards go straight back to the first
        // open question or to the review.
        let mut editing = false;
        loop {
            if let Some(c) = engine.current() {
                match self.ask(engine, c)? {
                    Step::Quit => return Ok(Outcome::Quit),
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
            }
            self.save(engine, autosave, ctx)?;
            if self.results(engine, ctx)? {
                return Ok(Outcome::Finished);
            }
        }
    }

    /// A blank line, where the user stands, and the section intro when a section starts.
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
        let place = if question.is_answerable() {
            match to_go {
                0 => format!("question {number}, the last one for now"),
                n => format!(
                    "question {number}, {}",
                    crate::engine::Progress::to_go_text(n, progress.added_by_last)
                ),
            }
        } else {
            "a note".to_string()
        };
        let section = &q.sections[question.section];
        self.say("")?;
        let dim = self.look.dim.clone();
        self.say_wrapped(
            &format!(
                "Section {} of {} · {} · {place}",
                progress.section_number,
                progress.section_count,
                sanitize(&section.title)
            ),
            "",
            &dim,
        )?;
        if self.section != Some(question.section) {
            self.section = Some(question.section);
            if let Some(intro) = &section.intro {
                self.say_wrapped(&sanitize(intro), "", &dim)?;
            }
        }
        Ok(())
    }

    /// The question text, wrapped to fit after the prompt marker (lines joined with `\n`, so
    /// dialoguer clears exactly what it drew).
    fn prompt_text(&self, question: &Question) -> String {
        convert::wrap(&sanitize(&question.text), self.width().saturating_sub(4)).join("\n  ")
    }

    /// The question text with a key hint under it. The hint belongs to the prompt, so it is
    /// cleared with the menu and the scrollback keeps only the answer.
    fn prompt_with(&self, question: &Question, hint: &str) -> String {
        let hint = convert::wrap(hint, self.width().saturating_sub(4))
            .iter()
            .map(|l| format!("{}", self.look.dim.apply_to(l)))
            .collect::<Vec<_>>()
            .join("\n  ");
        format!("{}\n  {hint}", self.prompt_text(question))
    }

    /// How many rows a menu shows at once, so that the question, the rows and the cursor line fit
    /// the terminal (dialoguer pages by items and counts a one-line prompt; wrapped labels and
    /// question lines are counted here).
    pub(super) fn page(&self, prompt: &str, items: &[String]) -> usize {
        let rows = usize::from(self.term.size().0);
        let prompt_lines = prompt.matches('\n').count() + 1;
        let wrapped: usize = items.iter().map(|i| i.matches('\n').count()).sum();
        rows.saturating_sub(prompt_lines + 1 + wrapped).max(3)
    }

    /// Option labels, wrapped with an indent under the marker.
    pub(super) fn item_text(&self, text: &str, indent: usize) -> String {
        convert::wrap(text, self.width().saturating_sub(indent + 2))
            .join(&format!("\n{}", " ".repeat(indent + 2)))
    }

    /// The transcript line of an answer.
    fn answered(&self, question: &Question, label: &str) -> io::Result<()> {
        use dialoguer::theme::Theme as _;
        use unicode_width::UnicodeWidthStr as _;
        let prompt = self.prompt_text(question);
        // "✔ " and " · " around the last line of the question; the answer wraps after it.
        let last = prompt.rsplit('\n').next().unwrap_or(&prompt).width();
        let room = self.width().saturating_sub(last + 5);
        let label = convert::wrap_after(label, room, self.width());
        let mut line = String::new();
        let _ = self
            .look
            .prompts
            .format_select_prompt_selection(&mut line, &prompt, &label);
        self.say(&line)
    }

    pub(super) fn went_back(&self) -> io::Result<()> {
        self.say(&format!(
            "{}",
            self.look.dim.apply_to("« Back to the previous question")
        ))
    }

    fn first_question(&self) -> io::Result<()> {
        self.say(&format!(
            "{}",
            self.look
                .dim
                .apply_to("This is the first question; there is nothing before it.")
        ))
    }

    fn retry(&self, message: &str) -> io::Result<()> {
        use dialoguer::theme::Theme as _;
        let mut line = String::new();
        let _ = self.look.prompts.format_error(&mut line, message);
        self.say(&line)
    }

    fn ask(&mut self, engine: &mut Engine, c: QuestionIx) -> io::Result<Step> {
        self.announce(engine, c)?;
        let question = &engine.questionnaire().questions[c];
        let walk = engine.walk();
        let can_go_back = walk.path.first().is_some_and(|&first| first != c);
        loop {
            let action = match question.kind {
                Kind::Info => self.note(question, can_go_back)?,
                Kind::Single | Kind::YesNo => {
                    self.single(question, engine.answer_of(c), can_go_back)?
                }
                Kind::Multiple => self.multiple(
                    engine.questionnaire(),
                    question,
                    engine.answer_of(c),
                    can_go_back,
                )?,
                Kind::Number | Kind::Text => self.field(question, engine.answer_of(c))?,
            };
            match action {
                Action::Help => self.help(engine.questionnaire(), question)?,
                Action::Back => {
                    if engine.back() {
                        self.went_back()?;
                        return Ok(Step::Moved);
                    }
                    self.first_question()?;
                }
                Action::Quit => return Ok(Step::Quit),
                Action::Keep => {
                    if let Some(a) = engine.answer_of(c) {
                        self.answered(question, &sanitize(&a.label(question)))?;
                    }
                    engine.forward();
                    return Ok(Step::Answered);
                }
                Action::Skip => {
                    if question.kind != Kind::Info {
                        // Skipping an optional question leaves it unanswered, also on a
                        // second visit.
                        engine.clear(c);
                        self.answered(question, "skipped")?;
                    }
                    let _ = engine.acknowledge(c);
                    return Ok(Step::Answered);
                }
                Action::Answer(a) => {
                    let label = sanitize(&a.label(question));
                    match engine.answer(c, a) {
                        Ok(()) => {
                            self.answered(question, &label)?;
                            return Ok(Step::Answered);
                        }
                        Err(e) => self.retry(&format!("{e}. Try again."))?,
                    }
                }
                Action::Retry(message) => self.retry(&message)?,
            }
        }
    }

    /// An information note: its text, then Continue or Back.
    fn note(&self, question: &Question, can_go_back: bool) -> io::Result<Action> {
        let plain = dialoguer::console::Style::new();
        self.say_wrapped(&sanitize(&question.text), "", &plain)?;
        if let Some(h) = &question.help {
            let dim = self.look.dim.clone();
            self.say_wrapped(&sanitize(h), "", &dim)?;
        }
        let mut items = vec!["Continue"];
        if can_go_back {
            items.push("Back to the previous question");
        }
        let picked = checked(
            Select::with_theme(&self.look.prompts)
                .items(&items)
                .default(0)
                .report(false)
                .interact_on_opt(&self.term),
        )?;
        Ok(match picked {
            Some(0) => Action::Skip,
            _ => Action::Back,
        })
    }

    /// Single choice and yes/no: a menu with nothing selected on a fresh question; long lists
    /// filter as you type.
    fn single(
        &self,
        question: &Question,
        saved: Option<&crate::answers::Answer>,
        can_go_back: bool,
    ) -> io::Result<Action> {
        let rows = convert::single_rows(question, can_go_back);
        let items: Vec<String> = rows
            .iter()
            .map(|&r| self.item_text(&convert::label(question, r), 2))
            .collect();
        let default = convert::single_default(&rows, saved);
        let picked = if question.options.len() >= convert::FUZZY_FROM {
            let prompt = self.prompt_with(
                question,
                "Type to filter, ↑/↓ move, Enter chooses, Esc goes back.",
            );
            let page = self.page(&prompt, &items).min(10);
            let mut menu = FuzzySelect::with_theme(&self.look.prompts)
                .with_prompt(prompt)
                .items(&items)
                .max_length(page)
                .report(false);
            if let Some(d) = default {
                menu = menu.default(d);
            }
            checked(menu.interact_on_opt(&self.term))?
        } else {
            let prompt = self.prompt_with(question, "↑/↓ move, Enter chooses, Esc goes back.");
            let page = self.page(&prompt, &items);
            let mut menu = Select::with_theme(&self.look.prompts)
                .with_prompt(prompt)
                .items(&items)
                .max_length(page)
                .report(false);
            if let Some(d) = default {
                menu = menu.default(d);
            }
            checked(menu.interact_on_opt(&self.term))?
        };
        Ok(match picked.and_then(|i| rows.get(i)) {
            Some(&row) => convert::single_action(question, row),
            None => Action::Back,
        })
    }

    /// Multiple choice: Space ticks, Enter confirms. The ticks survive a "Why we ask" or a
    /// mistake.
    fn multiple(
        &self,
        qn: &Questionnaire,
        question: &Question,
        saved: Option<&crate::answers::Answer>,
        can_go_back: bool,
    ) -> io::Result<Action> {
        let rows = convert::multi_rows(question, can_go_back);
        let items: Vec<String> = rows
            .iter()
            .map(|&r| self.item_text(&convert::label(question, r), 4))
            .collect();
        let mut ticks = convert::multi_defaults(&rows, saved);
        let prompt = self.prompt_with(
            question,
            "Space ticks or unticks, Enter confirms, Esc goes back. Tick “Why we ask” for help.",
        );
        let page = self.page(&prompt, &items);
        loop {
            let picked = checked(
                MultiSelect::with_theme(&self.look.prompts)
                    .with_prompt(&prompt)
                    .items(&items)
                    .max_length(page)
                    .defaults(&ticks)
                    .report(false)
                    .interact_on_opt(&self.term),
            )?;
            let Some(picked) = picked else {
                return Ok(Action::Back);
            };
            let action = convert::multi_action(question, &rows, &picked);
            ticks = (0..rows.len())
                .map(|i| picked.contains(&i) && !matches!(rows[i], Row::Help | Row::Back))
                .collect();
            match action {
                Action::Retry(message) => self.retry(&message)?,
                // Shown here, so that the ticks are kept for the next round.
                Action::Help => self.help(qn, question)?,
                other => return Ok(other),
            }
        }
    }

    /// Number and text: Esc on an empty field goes back, `?` shows why we ask, Enter keeps a
    /// saved answer; everything typed is checked before it is accepted.
    fn field(
        &self,
        question: &Question,
        saved: Option<&crate::answers::Answer>,
    ) -> io::Result<Action> {
        use dialoguer::theme::Theme as _;
        let answered = saved.is_some();
        let prompt = self.prompt_with(question, &convert::field_hint(question));
        let shown = convert::field_text(question, saved);
        // The first key is read here, so that Esc and `?` work on an empty field; dialoguer's
        // input takes over from the first character typed.
        let mut head = String::new();
        let _ = self
            .look
            .prompts
            .format_input_prompt(&mut head, &prompt, shown.as_deref());
        self.term.show_cursor()?;
        self.term.write_str(&head)?;
        self.term.flush()?;
        let key = read_key(&self.term)?;
        self.term.clear_line()?;
        self.term.clear_last_lines(head.matches('\n').count())?;
        let first = match key {
            Key::Escape => return Ok(Action::Back),
            Key::Char('?') => return Ok(Action::Help),
            Key::Enter => return Ok(convert::typed(question, "", answered)),
            Key::Char(c) if !c.is_control() => c.to_string(),
            _ => String::new(),
        };
        // Checked after Enter (not by dialoguer's validator, which would type the first
        // character again after a mistake); a mistake is shown and the field asked afresh.
        let text: String = checked(
            Input::with_theme(&self.look.prompts)
                .with_prompt(prompt)
                .with_initial_text(first)
                .allow_empty(true)
                .report(false)
                .interact_text_on(&self.term),
        )?;
        Ok(convert::typed(question, &text, answered))
    }

    /// "Why we ask", examples, option help and glossary terms, printed into the scrollback.
    fn help(&self, q: &Questionnaire, question: &Question) -> io::Result<()> {
        let plain = dialoguer::console::Style::new();
        let title = self.look.title.clone();
        self.say_wrapped("Why we ask", "", &title)?;
        match &question.help {
            Some(h) => self.say_wrapped(&sanitize(h), "  ", &plain)?,
            None => self.say_wrapped("No explanation is given for this question.", "  ", &plain)?,
        }
        if !question.examples.is_empty() {
            self.say_wrapped("Examples", "", &title)?;
            for e in &question.examples {
                self.say_wrapped(&format!("- {}", sanitize(e)), "  ", &plain)?;
            }
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
            self.say_wrapped("About the answers", "", &title)?;
            for line in option_help {
                self.say_wrapped(&line, "  ", &plain)?;
            }
        }
        let terms: Vec<String> = question
            .terms
            .iter()
            .filter_map(|&t| q.terms.get(t))
            .map(|t| format!("- {}: {}", sanitize(&t.term), sanitize(&t.definition)))
            .collect();
        if !terms.is_empty() {
            self.say_wrapped("Terms", "", &title)?;
            for line in terms {
                self.say_wrapped(&line, "  ", &plain)?;
            }
        }
        Ok(())
    }
}
