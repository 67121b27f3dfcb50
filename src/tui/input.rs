//! The editing state of the question on screen: the cursor row, the ticked options, the text typed
//! and the inline validation message. Rebuilt from the engine's answer whenever the question
//! changes, so going back shows what was answered.
//!
//! Rows: a choice question has one row per option, then "Not sure" when allowed. A number or text
//! question has the input field (row 0), then "Not sure" when allowed.

use crate::answers::Answer;
use crate::questionnaire::{Kind, OptionIx, Question, QuestionIx};

/// What pressing Enter produced.
#[derive(Debug, Clone, PartialEq)]
pub enum Submit {
    /// A checked answer to give to the engine.
    Answer(Answer),
    /// Nothing to submit yet; a message says why (kept in [`Input::error`]).
    Held,
}

/// Editing state for one question.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Input {
    pub question: QuestionIx,
    pub cursor: usize,
    /// Single choice: the row marked as chosen. Only Space, a number key or a click chooses;
    /// moving the highlight never does, so nothing is answered without an explicit choice.
    pub chosen: Option<usize>,
    /// Multiple choice: ticked options.
    pub checked: Vec<bool>,
    /// "Not sure" ticked (multiple choice, number).
    pub not_sure: bool,
    pub text: String,
    /// Caret position in `text`, in characters.
    pub caret: usize,
    /// The inline message under the options (validation problems, confirmations).
    pub error: Option<String>,
    /// A line saying why other boxes were unticked ("Not sure" or an exclusive option).
    pub note: Option<String>,
    /// Multiple choice: Enter was pressed once with nothing ticked.
    confirm_empty: bool,
}

/// Enter on a single-choice question with nothing chosen (the GOV.UK wording).
pub const SELECT_AN_ANSWER: &str =
    "Select an answer: press Space to choose the highlighted option, or click one.";

/// Number of selectable rows of a question.
pub fn row_count(q: &Question) -> usize {
    let not_sure = usize::from(q.not_sure && q.kind != Kind::Text);
    match q.kind {
        Kind::Single | Kind::YesNo | Kind::Multiple => q.options.len() + not_sure,
        Kind::Number | Kind::Text => 1 + not_sure,
        Kind::Info => 0,
    }
}

/// Whether `row` is the "Not sure" row.
pub fn is_not_sure_row(q: &Question, row: usize) -> bool {
    q.not_sure && row + 1 == row_count(q) && row_count(q) > 0 && !is_field_row(q, row)
}

fn is_field_row(q: &Question, row: usize) -> bool {
    matches!(q.kind, Kind::Number | Kind::Text) && row == 0
}

impl Input {
    /// The state for question `index`, filled from its saved answer.
    pub fn new(index: QuestionIx, q: &Question, saved: Option<&Answer>) -> Self {
        let mut input = Self {
            question: index,
            checked: vec![false; q.options.len()],
            ..Self::default()
        };
        let not_sure_row = row_count(q).saturating_sub(1);
        match (q.kind, saved) {
            (_, Some(Answer::NotSure)) => {
                input.not_sure = true;
                input.cursor = not_sure_row;
                input.chosen = Some(not_sure_row);
            }
            (_, Some(Answer::Choice(o))) => {
                input.cursor = o.get();
                input.chosen = Some(o.get());
            }
            (_, Some(Answer::Choices(v))) => {
                for &o in v {
                    if let Some(c) = input.checked.get_mut(o.get()) {
                        *c = true;
                    }
                }
            }
            (_, Some(a @ (Answer::Number(_) | Answer::Text(_)))) => {
                input.text = match a {
                    Answer::Text(t) => t.clone(),
                    _ => a.to_toml(q).to_string(),
                };
                input.caret = input.text.chars().count();
            }
            (_, None) => {}
        }
        input
    }

    /// Whether typed letters go into a text field (so they are not shortcuts).
    pub fn is_editing(&self, q: &Question) -> bool {
        is_field_row(q, self.cursor)
    }

    pub fn move_by(&mut self, q: &Question, delta: isize) {
        let rows = row_count(q);
        if rows == 0 {
            return;
        }
        self.cursor = self.cursor.saturating_add_signed(delta).min(rows - 1);
    }

    /// Space or a click on a row: choose it (single), tick or untick it (multiple). "Not sure"
    /// excludes every other option, and the other way round.
    pub fn toggle(&mut self, q: &Question, row: usize) {
        if row >= row_count(q) {
            return;
        }
        self.cursor = row;
        self.error = None;
        self.note = None;
        self.confirm_empty = false;
        match q.kind {
            Kind::Single | Kind::YesNo => self.chosen = Some(row),
            Kind::Multiple if is_not_sure_row(q, row) => {
                self.not_sure = !self.not_sure;
                if self.not_sure && self.checked.iter().any(|&c| c) {
                    self.checked.iter_mut().for_each(|c| *c = false);
                    self.note = Some(
                        "\u{201c}Not sure\u{201d} cannot be combined with other answers, \
                         so the other boxes were unticked."
                            .into(),
                    );
                }
            }
            Kind::Multiple => self.tick(q, row),
            Kind::Number if is_not_sure_row(q, row) => self.not_sure = !self.not_sure,
            _ => {}
        }
    }

    /// Ticks or unticks option `row` of a multiple-choice question. An exclusive option and the
    /// others exclude each other; the note says what was unticked and why.
    fn tick(&mut self, q: &Question, row: usize) {
        let Some(on) = self.checked.get(row).map(|c| !c) else {
            return;
        };
        self.checked[row] = on;
        let mut unticked = Vec::new();
        if self.not_sure && on {
            self.not_sure = false;
            unticked.push("Not sure".to_string());
        }
        if on {
            for (i, o) in q.options.iter().enumerate() {
                let clash = i != row && (q.options[row].exclusive || o.exclusive);
                if clash && self.checked[i] {
                    self.checked[i] = false;
                    unticked.push(o.label.clone());
                }
            }
        }
        let quote = |s: &str| format!("\u{201c}{s}\u{201d}");
        self.note = match unticked.as_slice() {
            [] => None,
            [one] if q.options[row].exclusive => Some(format!(
                "{} cannot be combined with other answers, so {} was unticked.",
                quote(&q.options[row].label),
                quote(one)
            )),
            _ if q.options[row].exclusive => Some(format!(
                "{} cannot be combined with other answers, so the other boxes were unticked.",
                quote(&q.options[row].label)
            )),
            [one] => Some(format!(
                "{} cannot be combined with other answers, so it was unticked.",
                quote(one)
            )),
            _ => Some("The boxes that cannot be combined with this one were unticked.".into()),
        };
    }

    /// Enter: the answer to give, or a message saying what is missing.
    pub fn submit(&mut self, q: &Question) -> Submit {
        let result = match q.kind {
            Kind::Single | Kind::YesNo => match self.chosen {
                Some(row) if is_not_sure_row(q, row) => Ok(Answer::NotSure),
                Some(row) => Ok(Answer::Choice(OptionIx(row))),
                None => {
                    self.error = Some(SELECT_AN_ANSWER.into());
                    return Submit::Held;
                }
            },
            Kind::Multiple if self.not_sure => Ok(Answer::NotSure),
            Kind::Multiple => {
                let ticked: Vec<OptionIx> = (0..self.checked.len())
                    .filter(|&i| self.checked[i])
                    .map(OptionIx)
                    .collect();
                if ticked.is_empty() && !self.confirm_empty {
                    self.confirm_empty = true;
                    self.error = Some(
                        "Nothing is ticked. Press Enter again to answer \u{201c}none of these\u{201d}, \
                         or Space to tick an option."
                            .into(),
                    );
                    return Submit::Held;
                }
                Ok(Answer::Choices(ticked))
            }
            Kind::Number
                if is_not_sure_row(q, self.cursor) || (self.not_sure && self.text.is_empty()) =>
            {
                Ok(Answer::NotSure)
            }
            Kind::Number | Kind::Text => Answer::parse_for(q, &self.text),
            Kind::Info => return Submit::Held,
        };
        match result.and_then(|a| a.checked(q)) {
            Ok(a) => {
                self.error = None;
                Submit::Answer(a)
            }
            Err(e) => {
                self.error = Some(e.to_string());
                Submit::Held
            }
        }
    }

    fn byte_at(&self, caret: usize) -> usize {
        self.text
            .char_indices()
            .nth(caret)
            .map_or(self.text.len(), |(b, _)| b)
    }

    /// Types one character at the caret (control characters are refused).
    pub fn insert(&mut self, q: &Question, c: char) {
        if c.is_control() || self.text.chars().count() >= q.max_length.max(32) + 16 {
            return;
        }
        let at = self.byte_at(self.caret);
        self.text.insert(at, c);
        self.caret += 1;
        self.not_sure = false;
        self.error = None;
    }

    /// Deletes the character before the caret. Returns false when there was none.
    pub fn backspace(&mut self) -> bool {
        if self.caret == 0 {
            return false;
        }
        let start = self.byte_at(self.caret - 1);
        let end = self.byte_at(self.caret);
        self.text.replace_range(start..end, "");
        self.caret -= 1;
        self.error = None;
        true
    }

    /// Deletes the character under the caret.
    pub fn delete(&mut self) {
        if self.caret < self.text.chars().count() {
            let start = self.byte_at(self.caret);
            let end = self.byte_at(self.caret + 1);
            self.text.replace_range(start..end, "");
        }
    }

    /// Moves the caret; returns false when it is already at that end.
    pub fn caret_by(&mut self, delta: isize) -> bool {
        let len = self.text.chars().count();
        let next = self.caret.saturating_add_signed(delta).min(len);
        let moved = next != self.caret;
        self.caret = next;
        moved
    }

    pub fn caret_to(&mut self, end: bool) {
        self.caret = if end { self.text.chars().count() } else { 0 };
    }
}
