//! Whole-pack checks on the branching structure: unreachable questions, references to questions
//! that are not yet answered where they are used, and rules that can never fire.
//!
//! Next-rules only jump forward (checked in `load`), so the question graph is acyclic and every
//! walk ends.

use crate::diag::DiagnosticKind;
use std::collections::{HashMap, VecDeque};
use std::ops::Range;

use super::model::{QuestionIx, Questionnaire, Target};
use crate::diag::Diagnostic;

/// Where each question and rule was written, for diagnostics.
pub struct Spans {
    pub question: Vec<(usize, Range<usize>)>,
    pub rule: Vec<(usize, Range<usize>)>,
}

/// The questions that can follow `i` on some path.
pub fn successors(q: &Questionnaire, i: QuestionIx) -> Vec<QuestionIx> {
    let n = q.questions.len();
    let question = &q.questions[i];
    let mut out = Vec::new();
    let fallthrough = (i.get() + 1 < n).then_some(i.next());
    if question.show_if.is_some() {
        out.extend(fallthrough);
    }
    if question.next.is_empty() {
        out.extend(fallthrough);
    } else {
        for rule in &question.next {
            match rule.goto {
                Target::Question(t) => out.push(t),
                Target::End => out.extend(end_target(q, i)),
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Where `goto = "end"` from question `i` continues: nowhere, or an extension's first question.
pub fn end_target(q: &Questionnaire, i: QuestionIx) -> Option<QuestionIx> {
    q.extension_start
        .filter(|&s| i < s && s.get() < q.questions.len())
}

/// Runs the structural checks. `steps` receives the work done by the rule reachability check.
pub fn check(q: &Questionnaire, spans: &Spans, steps: &mut usize) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let n = q.questions.len();
    let succ: Vec<Vec<QuestionIx>> = (0..n).map(|i| successors(q, QuestionIx(i))).collect();

    let mut reached = vec![false; n];
    let mut queue = VecDeque::from([q.start]);
    reached[q.start] = true;
    while let Some(i) = queue.pop_front() {
        for &s in &succ[i] {
            if !reached[s] {
                reached[s] = true;
                queue.push_back(s);
            }
        }
    }
    for (i, question) in q.questions.iter().enumerate() {
        let i = QuestionIx(i);
        let (f, span) = &spans.question[i];
        if !reached[i] {
            diags.push(
                Diagnostic::error(
                    DiagnosticKind::Unreachable,
                    format!("question `{}` can never be reached", question.id),
                )
                .at(*f, span.clone())
                .with_help("check the `goto` targets and `start` that should lead here"),
            );
        }
        let mut conditions: Vec<_> = question.show_if.iter().collect();
        conditions.extend(question.next.iter().filter_map(|r| r.when.as_ref()));
        for cond in conditions {
            for r in cond.questions() {
                let allowed = if question.show_if.as_ref() == Some(cond) {
                    r < i
                } else {
                    r <= i
                };
                if !allowed {
                    diags.push(
                        Diagnostic::error(
                            DiagnosticKind::ForwardReference,
                            format!(
                                "question `{}` depends on `{}`, which comes later and is never answered at this point",
                                question.id, q.questions[r].id
                            ),
                        )
                        .at(*f, span.clone()),
                    );
                }
            }
        }
    }

    // A rule whose required questions can never be on one path together can never fire. The
    // pairs to check are collected first and answered with one search per source question (not
    // per pair), within a budget of steps, so the check is bounded whatever the pack.
    let required: Vec<Vec<QuestionIx>> = q
        .rules
        .iter()
        .map(|r| {
            let mut req = r.when.required_questions();
            req.sort_unstable();
            req.dedup();
            req
        })
        .collect();
    let mut pairs: Vec<(QuestionIx, QuestionIx)> = required
        .iter()
        .filter(|req| req.iter().all(|&x| reached[x]))
        .flat_map(|req| req.windows(2).map(|w| (w[0], w[1])))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut search = Search {
        stamp: vec![0; n],
        round: 0,
        stack: Vec::new(),
        steps: 0,
    };
    let mut reach: HashMap<(QuestionIx, QuestionIx), bool> = HashMap::with_capacity(pairs.len());
    for group in pairs.chunk_by(|x, y| x.0 == y.0) {
        if search.steps >= MAX_REACH_STEPS {
            break;
        }
        let from = group[0].0;
        let limit = group.last().map_or(from, |p| p.1);
        search.mark_from(&succ, from, limit);
        for &(a, b) in group {
            reach.insert((a, b), search.stamp[b] == search.round);
        }
    }
    *steps = search.steps;
    let mut unchecked = 0;
    for (ri, rule) in q.rules.iter().enumerate() {
        let req = &required[ri];
        let dead = req
            .iter()
            .find(|&&x| !reached[x])
            .map(|&x| (x, x))
            .or_else(|| {
                let mut dead = None;
                for w in req.windows(2) {
                    match reach.get(&(w[0], w[1])) {
                        Some(true) => {}
                        Some(false) => {
                            dead = Some((w[0], w[1]));
                            break;
                        }
                        None => {
                            unchecked += 1;
                            break;
                        }
                    }
                }
                dead
            });
        if let Some((a, b)) = dead {
            let (f, span) = &spans.rule[ri];
            let msg = if a == b {
                format!(
                    "rule `{}` can never fire: question `{}` is never reached",
                    rule.id, q.questions[a].id
                )
            } else {
                format!(
                    "rule `{}` can never fire: questions `{}` and `{}` are never on one path",
                    rule.id, q.questions[a].id, q.questions[b].id
                )
            };
            diags.push(
                Diagnostic::warning(DiagnosticKind::RuleNeverFires, msg).at(*f, span.clone()),
            );
        }
    }
    if unchecked > 0 {
        diags.push(Diagnostic::warning(
            DiagnosticKind::CheckBudget,
            format!(
                "{unchecked} rule(s) were not checked for whether they can fire: the pack's \
                 branching is too large for the check's budget of {MAX_REACH_STEPS} steps"
            ),
        ));
    }
    diags
}

/// Most steps the rule reachability check takes for one pack.
pub const MAX_REACH_STEPS: usize = 20_000_000;

/// A reusable depth-first search: visited marks are round numbers, so nothing is cleared or
/// allocated between searches.
struct Search {
    stamp: Vec<u32>,
    round: u32,
    stack: Vec<QuestionIx>,
    /// Edges looked at, over all searches.
    steps: usize,
}

impl Search {
    /// Marks (with this round's stamp) every question up to `limit` that can follow `from` on
    /// some path, `from` included. The graph only goes forward, so nothing past `limit` matters.
    fn mark_from(&mut self, succ: &[Vec<QuestionIx>], from: QuestionIx, limit: QuestionIx) {
        self.round += 1;
        self.stack.clear();
        self.stack.push(from);
        self.stamp[from] = self.round;
        while let Some(i) = self.stack.pop() {
            for &s in &succ[i] {
                self.steps += 1;
                if s <= limit && self.stamp[s] != self.round {
                    self.stamp[s] = self.round;
                    self.stack.push(s);
                }
            }
        }
    }
}
