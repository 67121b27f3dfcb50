//! The branching engine: a pure state machine over one questionnaire and its answers.
//!
//! Everything shown is derived from the answers: the path is recomputed after every change, never
//! stored. Navigation is keyed by question index (a question id), so going back and forward never
//! loses an answer. No I/O, no clock.

use std::collections::BTreeSet;

use crate::answers::{Answer, AnswerError};
use crate::questionnaire::graph::end_target;
use crate::questionnaire::model::Target;
use crate::questionnaire::{Kind, QuestionIx, Questionnaire, SectionIx};

/// The path through the questionnaire for the current answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Walk {
    /// Questions on the path in order, including the estimated rest after the first open question.
    pub path: Vec<QuestionIx>,
    /// Per question: whether it is on the path.
    pub on_path: Vec<bool>,
}

/// Where the user stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// Answered questions on the path.
    pub answered: usize,
    /// Questions on the path still to answer (an estimate: later answers can change it).
    pub remaining: usize,
    /// How many questions the last answer added to the path (0 when it added none), so a rise
    /// of the estimate is explained rather than a surprise.
    pub added_by_last: usize,
    /// 1-based position of the current question's section among the sections on the path.
    pub section_number: usize,
    /// Sections on the path.
    pub section_count: usize,
    /// Per section on the path, in order: (section index, answered, on the path).
    pub sections: Vec<(SectionIx, usize, usize)>,
}

impl Progress {
    /// "about 9 to go", with "(+4 from your answer)" when the last answer opened questions.
    pub fn to_go(&self) -> String {
        Self::to_go_text(self.remaining, self.added_by_last)
    }

    /// The same words for a count of the caller's own (see [`Progress::to_go`]).
    pub fn to_go_text(to_go: usize, added: usize) -> String {
        match added {
            0 => format!("about {to_go} to go"),
            n => format!("about {to_go} to go (+{n} from your answer)"),
        }
    }
}

/// Why a navigation request was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NavError {
    #[error("that question is not on the current path")]
    NotOnPath,
    #[error("answer the earlier questions first")]
    NotYetReached,
    #[error("this question needs an answer; “Not sure” is offered where it is allowed")]
    Required,
    #[error(transparent)]
    Answer(#[from] AnswerError),
}

/// The state of one run through a questionnaire.
#[derive(Debug, Clone)]
pub struct Engine<'q> {
    q: &'q Questionnaire,
    answers: Vec<Option<Answer>>,
    /// Information notes the user has read and optional questions the user skipped.
    seen: BTreeSet<QuestionIx>,
    /// The question the user is looking at, when not the first open one.
    cursor: Option<QuestionIx>,
    /// Questions the last answer put on the path (net), so the estimate's rise can be explained.
    added_by_last: usize,
}

impl<'q> Engine<'q> {
    pub fn new(q: &'q Questionnaire) -> Self {
        Self {
            q,
            answers: vec![None; q.questions.len()],
            seen: BTreeSet::new(),
            cursor: None,
            added_by_last: 0,
        }
    }

    /// Restores a run from saved answers. Answers must already be checked against `q`.
    pub fn with_answers(q: &'q Questionnaire, answers: Vec<Option<Answer>>) -> Self {
        let mut e = Self::new(q);
        let n = e.answers.len();
        e.answers = answers;
        e.answers.resize(n, None);
        e
    }

    pub fn questionnaire(&self) -> &'q Questionnaire {
        self.q
    }

    pub fn answers(&self) -> &[Option<Answer>] {
        &self.answers
    }

    pub fn answer_of(&self, q: QuestionIx) -> Option<&Answer> {
        self.answers.get(q.get()).and_then(Option::as_ref)
    }

    pub fn seen_notes(&self) -> &BTreeSet<QuestionIx> {
        &self.seen
    }

    pub fn set_seen_notes(&mut self, seen: impl IntoIterator<Item = QuestionIx>) {
        self.seen = seen
            .into_iter()
            .filter(|&i| i.get() < self.answers.len())
            .collect();
    }

    /// Computes the path from the answers.
    pub fn walk(&self) -> Walk {
        walk(self.q, &self.answers)
    }

    fn is_open(&self, i: QuestionIx) -> bool {
        let question = &self.q.questions[i];
        match question.kind {
            Kind::Info => !self.seen.contains(&i),
            _ => self.answers[i].is_none() && (question.required || !self.seen.contains(&i)),
        }
    }

    /// Whether the user may pass `q` without an answer: an information note, or an optional
    /// question.
    pub fn can_skip(&self, q: QuestionIx) -> bool {
        self.q
            .questions
            .get(q.get())
            .is_some_and(|x| x.kind == Kind::Info || !x.required)
    }

    /// The first question on the path that still needs an answer (or a look, for a note).
    pub fn first_open(&self) -> Option<QuestionIx> {
        self.walk().path.into_iter().find(|&i| self.is_open(i))
    }

    /// The question to show, or `None` when every question on the path is answered.
    pub fn current(&self) -> Option<QuestionIx> {
        let walk = self.walk();
        let first_open = walk.path.iter().copied().find(|&i| self.is_open(i));
        match self.cursor {
            Some(c)
                if walk.on_path[c]
                    && first_open.is_none_or(|f| position(&walk, c) <= position(&walk, f)) =>
            {
                Some(c)
            }
            _ => first_open,
        }
    }

    /// Whether every question on the path is answered.
    pub fn is_complete(&self) -> bool {
        self.first_open().is_none()
    }

    /// Answers question `q` and moves to the next question on the (recomputed) path.
    pub fn answer(&mut self, q: QuestionIx, answer: Answer) -> Result<(), NavError> {
        let walk = self.walk();
        if !walk.on_path.get(q.get()).copied().unwrap_or(false) {
            return Err(NavError::NotOnPath);
        }
        let answer = answer.checked(&self.q.questions[q])?;
        let before = self.path_questions(&walk);
        self.answers[q] = Some(answer);
        self.added_by_last = self.path_questions(&self.walk()).saturating_sub(before);
        self.move_after(q);
        Ok(())
    }

    /// Answerable questions on a path.
    fn path_questions(&self, walk: &Walk) -> usize {
        walk.path
            .iter()
            .filter(|&&i| self.q.questions[i].is_answerable())
            .count()
    }

    /// Marks an information note as read, or skips an optional question, and moves on.
    pub fn acknowledge(&mut self, q: QuestionIx) -> Result<(), NavError> {
        if !self.walk().on_path.get(q.get()).copied().unwrap_or(false) {
            return Err(NavError::NotOnPath);
        }
        if !self.can_skip(q) {
            return Err(NavError::Required);
        }
        self.seen.insert(q);
        self.move_after(q);
        Ok(())
    }

    fn move_after(&mut self, q: QuestionIx) {
        let walk = self.walk();
        let pos = position(&walk, q);
        self.cursor = walk.path.get(pos + 1).copied();
    }

    /// Removes the answer to `q` (the answer is gone, not set aside).
    pub fn clear(&mut self, q: QuestionIx) {
        if let Some(a) = self.answers.get_mut(q.get()) {
            *a = None;
        }
    }

    /// Goes to the previous question on the path. Returns false at the first question.
    pub fn back(&mut self) -> bool {
        let walk = self.walk();
        let pos = match self.current() {
            Some(c) => position(&walk, c),
            None => walk.path.len(),
        };
        if pos == 0 {
            return false;
        }
        self.cursor = Some(walk.path[pos - 1]);
        true
    }

    /// Moves to the next question when the current one is answered. Returns false otherwise.
    pub fn forward(&mut self) -> bool {
        match self.current() {
            Some(c) if !self.is_open(c) => {
                self.move_after(c);
                true
            }
            _ => false,
        }
    }

    /// Jumps to a question on the path that has been reached (answered, or the first open one).
    pub fn jump(&mut self, q: QuestionIx) -> Result<(), NavError> {
        let walk = self.walk();
        if !walk.on_path.get(q.get()).copied().unwrap_or(false) {
            return Err(NavError::NotOnPath);
        }
        if let Some(f) = walk.path.iter().copied().find(|&i| self.is_open(i))
            && position(&walk, q) > position(&walk, f)
        {
            return Err(NavError::NotYetReached);
        }
        self.cursor = Some(q);
        Ok(())
    }

    /// Goes to the end of the path (the results), when it is complete.
    pub fn finish(&mut self) -> bool {
        if self.is_complete() {
            self.cursor = None;
            true
        } else {
            false
        }
    }

    /// Answered questions that are no longer on the path: kept, but not assessed.
    pub fn set_aside(&self) -> Vec<QuestionIx> {
        let walk = self.walk();
        (0..self.answers.len())
            .map(QuestionIx)
            .filter(|&i| self.answers[i].is_some() && !walk.on_path[i])
            .collect()
    }

    /// Answers that count: those on the current path.
    pub fn effective_answers(&self) -> Vec<Option<Answer>> {
        let walk = self.walk();
        self.answers
            .iter()
            .enumerate()
            .map(|(i, a)| if walk.on_path[i] { a.clone() } else { None })
            .collect()
    }

    pub fn progress(&self) -> Progress {
        let walk = self.walk();
        let answerable: Vec<QuestionIx> = walk
            .path
            .iter()
            .copied()
            .filter(|&i| self.q.questions[i].is_answerable())
            .collect();
        let answered = answerable
            .iter()
            .filter(|&&i| self.answers[i].is_some())
            .count();
        let mut sections: Vec<(SectionIx, usize, usize)> = Vec::new();
        for &i in &walk.path {
            let s = self.q.questions[i].section;
            let done = usize::from(!self.is_open(i));
            match sections.iter_mut().find(|(x, _, _)| *x == s) {
                Some(entry) => {
                    entry.1 += done;
                    entry.2 += 1;
                }
                None => sections.push((s, done, 1)),
            }
        }
        let section_number = self
            .current()
            .and_then(|c| {
                sections
                    .iter()
                    .position(|(s, _, _)| *s == self.q.questions[c].section)
            })
            .map_or(sections.len(), |p| p + 1);
        Progress {
            answered,
            remaining: answerable.len() - answered,
            added_by_last: self.added_by_last,
            section_number,
            section_count: sections.len(),
            sections,
        }
    }
}

fn position(walk: &Walk, q: QuestionIx) -> usize {
    walk.path.iter().position(|&i| i == q).unwrap_or(usize::MAX)
}

/// Computes the path for a set of answers (shared by the engine and the assessment).
///
/// Conditions see only answers of questions already on the path. Unanswered questions take their
/// default route, so the path after the first open question is the best estimate. Every walk ends:
/// routes only go forward, and a question is never visited twice.
pub fn walk(q: &Questionnaire, answers: &[Option<Answer>]) -> Walk {
    let n = q.questions.len();
    let mut on_path = vec![false; n];
    let mut path = Vec::new();
    let mut visited = vec![false; n];
    let mut next = Some(q.start);
    while let Some(i) = next {
        if i.get() >= n || visited[i] {
            break;
        }
        visited[i] = true;
        let question = &q.questions[i];
        let get = |j: QuestionIx| {
            if on_path[j] {
                answers.get(j.get()).and_then(Option::as_ref)
            } else {
                None
            }
        };
        let shown = question.show_if.as_ref().is_none_or(|e| e.eval(&get));
        if !shown {
            next = (i.get() + 1 < n).then_some(i.next());
            continue;
        }
        on_path[i] = true;
        path.push(i);
        let get = |j: QuestionIx| {
            if on_path[j] {
                answers.get(j.get()).and_then(Option::as_ref)
            } else {
                None
            }
        };
        next = if question.next.is_empty() {
            (i.get() + 1 < n).then_some(i.next())
        } else {
            let rule = question
                .next
                .iter()
                .find(|r| r.when.as_ref().is_none_or(|e| e.eval(&get)));
            match rule.map(|r| r.goto) {
                Some(Target::Question(t)) => Some(t),
                Some(Target::End) | None => end_target(q, i),
            }
        };
    }
    Walk { path, on_path }
}
