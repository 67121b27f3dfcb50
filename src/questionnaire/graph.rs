//! Whole-pack checks on the branching structure: unreachable questions, references to questions
//! that are not yet answered where they are used, and rules that can never fire.
//!
//! Next-rules only jump forward (checked in `load`), so the question graph is acyclic and every
//! walk ends.

use std::collections::{HashMap, VecDeque};
use std::ops::Range;

use super::model::{Questionnaire, Target};
use crate::diag::Diagnostic;

/// Where each question and rule was written, for diagnostics.
pub struct Spans {
    pub question: Vec<(usize, Range<usize>)>,
    pub rule: Vec<(usize, Range<usize>)>,
}

/// The questions that can follow `i` on some path.
pub fn successors(q: &Questionnaire, i: usize) -> Vec<usize> {
    let n = q.questions.len();
    let question = &q.questions[i];
    let mut out = Vec::new();
    let fallthrough = (i + 1 < n).then_some(i + 1);
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
pub fn end_target(q: &Questionnaire, i: usize) -> Option<usize> {
    q.extension_start
        .filter(|&s| i < s && s < q.questions.len())
}

/// Runs the structural checks.
pub fn check(q: &Questionnaire, spans: &Spans) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let n = q.questions.len();
    let succ: Vec<Vec<usize>> = (0..n).map(|i| successors(q, i)).collect();

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
        let (f, span) = &spans.question[i];
        if !reached[i] {
            diags.push(
                Diagnostic::error(
                    "unreachable",
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
                            "forward-reference",
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

    // A rule whose required questions can never be on one path together can never fire.
    let mut memo: HashMap<(usize, usize), bool> = HashMap::new();
    let mut search = Search {
        stamp: vec![0; n],
        round: 0,
        stack: Vec::new(),
    };
    for (ri, rule) in q.rules.iter().enumerate() {
        let mut req = rule.when.required_questions();
        req.sort_unstable();
        let dead = req
            .iter()
            .find(|&&x| !reached[x])
            .map(|&x| (x, x))
            .or_else(|| {
                req.windows(2)
                    .find(|w| {
                        !*memo
                            .entry((w[0], w[1]))
                            .or_insert_with(|| search.reaches(&succ, w[0], w[1]))
                    })
                    .map(|w| (w[0], w[1]))
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
            diags.push(Diagnostic::warning("rule-never-fires", msg).at(*f, span.clone()));
        }
    }
    diags
}

/// A reusable depth-first search: visited marks are round numbers, so nothing is cleared or
/// allocated between searches.
struct Search {
    stamp: Vec<u32>,
    round: u32,
    stack: Vec<usize>,
}

impl Search {
    /// Whether `to` can follow `from` on some path. The graph only goes forward, so the search
    /// never looks past `to`.
    fn reaches(&mut self, succ: &[Vec<usize>], from: usize, to: usize) -> bool {
        if from == to {
            return true;
        }
        self.round += 1;
        self.stack.clear();
        self.stack.push(from);
        while let Some(i) = self.stack.pop() {
            for &s in &succ[i] {
                if s == to {
                    return true;
                }
                if s < to && self.stamp[s] != self.round {
                    self.stamp[s] = self.round;
                    self.stack.push(s);
                }
            }
        }
        false
    }
}
