//! Which unknowns matter: for every "Not sure" answer and every required question left open on the
//! path, could some answer to it make the hint more serious than the hint without it?
//!
//! The analysis is exact in direction and conservative in degree. It evaluates the pack in
//! three-valued (Kleene) logic: an unknown question, and every question whose place on the path
//! depends on it, takes the value *unknown*; conditions over them are *true*, *false* or *unknown*;
//! a rule that is not *false* might fire. This over-approximates every concrete combination of
//! answers, including the answers to questions an answer would open, so an unknown called
//! immaterial can never hide a more serious hint (the contract checked by the property tests in
//! `tests/it/materiality.rs`). It never enumerates subsets of multiple-choice answers, so its cost is
//! linear in the size of the pack for each unknown.
//!
//! Unknowns are weighed one by one, then together: an unknown that is harmless alone but raises
//! the hint together with the unknowns already called immaterial is material too. A concrete
//! example answer ("if you answer X, the hint becomes STOP") is searched for with a small budget.

use crate::answers::Answer;
use crate::engine::walk;
use crate::questionnaire::Questionnaire;
use crate::questionnaire::expr::Expr;
use crate::questionnaire::graph::end_target;
use crate::questionnaire::model::Target;
use crate::questionnaire::{Kind, OptionIx, Question, QuestionIx};
use crate::taxonomy::{Jurisdiction, Tier};

/// Most concrete answers tried per unknown when looking for an example.
pub const EXAMPLE_BUDGET: usize = 48;

/// A truth value in three-valued logic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum T3 {
    False,
    Unknown,
    True,
}

impl T3 {
    fn from_bool(b: bool) -> Self {
        if b { T3::True } else { T3::False }
    }

    fn not(self) -> Self {
        match self {
            T3::False => T3::True,
            T3::Unknown => T3::Unknown,
            T3::True => T3::False,
        }
    }
}

/// What the analysis knows about one question's value as the rules see it.
#[derive(Debug, Clone, Copy)]
enum Val<'a> {
    /// Exactly this (None: unanswered or off the path).
    Known(Option<&'a Answer>),
    /// This answer, or nothing (the question may fall off the path).
    Either(Option<&'a Answer>),
    /// Anything: the question is unknown or may be opened.
    Free,
}

/// Whether a question is on the path in every, some or no world.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Reach {
    No,
    Maybe,
    Yes,
}

fn eval3<'a>(e: &Expr, val: &impl Fn(QuestionIx) -> Val<'a>) -> T3 {
    match e {
        Expr::And(items) => {
            let mut out = T3::True;
            for item in items {
                match eval3(item, val) {
                    T3::False => return T3::False,
                    T3::Unknown => out = T3::Unknown,
                    T3::True => {}
                }
            }
            out
        }
        Expr::Or(items) => {
            let mut out = T3::False;
            for item in items {
                match eval3(item, val) {
                    T3::True => return T3::True,
                    T3::Unknown => out = T3::Unknown,
                    T3::False => {}
                }
            }
            out
        }
        Expr::Not(inner) => eval3(inner, val).not(),
        atom => {
            // An atom names one question.
            let q = atom.questions()[0];
            let concrete =
                |a: Option<&Answer>| atom.eval(&|j: QuestionIx| if j == q { a } else { None });
            match val(q) {
                Val::Known(a) => T3::from_bool(concrete(a)),
                Val::Either(a) => {
                    let (x, y) = (concrete(a), concrete(None));
                    if x == y {
                        T3::from_bool(x)
                    } else {
                        T3::Unknown
                    }
                }
                Val::Free => T3::Unknown,
            }
        }
    }
}

/// The three-valued path: per question, whether it is on the path, and whether its value is free.
struct Walk3 {
    reach: Vec<Reach>,
    free: Vec<bool>,
}

impl Walk3 {
    fn val<'a>(&self, answers: &'a [Option<Answer>], j: QuestionIx) -> Val<'a> {
        match self.reach[j] {
            Reach::No => Val::Known(None),
            _ if self.free[j] => Val::Free,
            Reach::Maybe => Val::Either(answers.get(j.get()).and_then(Option::as_ref)),
            Reach::Yes => Val::Known(answers.get(j.get()).and_then(Option::as_ref)),
        }
    }
}

/// Walks the pack with the questions in `vary` free. Questions that were not on the `baseline`
/// path but may now be reached are free too (an answer could open them).
fn walk3(
    q: &Questionnaire,
    answers: &[Option<Answer>],
    baseline: &[bool],
    vary: &[bool],
) -> Option<Walk3> {
    let n = q.questions.len();
    let mut inflow = vec![Reach::No; n];
    let mut w = Walk3 {
        reach: vec![Reach::No; n],
        free: vec![false; n],
    };
    if q.start.get() >= n {
        return Some(w);
    }
    inflow[q.start] = Reach::Yes;
    let flow =
        |inflow: &mut Vec<Reach>, from: QuestionIx, to: Option<QuestionIx>, r: Reach| -> bool {
            match to {
                Some(t) if t.get() < n => {
                    if t <= from {
                        return false; // routes only go forward; anything else: give up (fail closed)
                    }
                    inflow[t] = inflow[t].max(r);
                    true
                }
                _ => true,
            }
        };
    for i in (q.start.get()..n).map(QuestionIx) {
        let r = inflow[i];
        if r == Reach::No {
            continue;
        }
        let question = &q.questions[i];
        // Conditions see only questions already walked.
        let val = |j: QuestionIx| {
            if j < i {
                w.val(answers, j)
            } else {
                Val::Known(None)
            }
        };
        let shown = question
            .show_if
            .as_ref()
            .map_or(T3::True, |e| eval3(e, &val));
        let on = match shown {
            T3::False => Reach::No,
            T3::Unknown => r.min(Reach::Maybe),
            T3::True => r,
        };
        // Not shown: the walk goes on with the next question.
        let skip = match shown {
            T3::False => r,
            T3::Unknown => Reach::Maybe,
            T3::True => Reach::No,
        };
        if skip != Reach::No && !flow(&mut inflow, i, (i.get() + 1 < n).then_some(i.next()), skip) {
            return None;
        }
        if on == Reach::No {
            continue;
        }
        w.reach[i] = on;
        w.free[i] = vary[i] || !baseline[i];
        // Next-rules see the question's own answer too.
        let val = |j: QuestionIx| {
            if j <= i {
                w.val(answers, j)
            } else {
                Val::Known(None)
            }
        };
        // Successors when shown.
        let mut cur = on;
        if question.next.is_empty() {
            if !flow(&mut inflow, i, (i.get() + 1 < n).then_some(i.next()), cur) {
                return None;
            }
        } else {
            let mut settled = false;
            for rule in &question.next {
                let c = rule.when.as_ref().map_or(T3::True, |e| eval3(e, &val));
                if c == T3::False {
                    continue;
                }
                let target = match rule.goto {
                    Target::Question(t) => Some(t),
                    Target::End => end_target(q, i),
                };
                let r_edge = if c == T3::True { cur } else { Reach::Maybe };
                if !flow(&mut inflow, i, target, r_edge) {
                    return None;
                }
                if c == T3::True {
                    settled = true;
                    break;
                }
                cur = Reach::Maybe;
            }
            if !settled && !flow(&mut inflow, i, end_target(q, i), cur) {
                return None;
            }
        }
    }
    Some(w)
}

/// What is at stake with one unknown.
#[derive(Debug, Clone, PartialEq)]
pub struct Stake {
    /// The most serious tier an answer could lead to.
    pub could_become: Tier,
    /// A rule that could fire at that tier.
    pub rule: usize,
    /// A concrete answer to the unknown that leads there, when one was found within the budget.
    pub example: Option<Answer>,
    /// With the example: answers to the questions it opens (question index, answer), in path order.
    pub then: Vec<(QuestionIx, Answer)>,
    /// Whether the stake arises only together with other uncertain answers.
    pub joint: bool,
    /// How far this unknown raises the hint by itself: CHECK NEEDED at most, no more than its
    /// stake, and no more than the question's `uncertainty_tier`.
    pub raises: Tier,
}

/// The analysis of one set of answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Materiality {
    /// The hint from the rules on the answers as given.
    pub base: Tier,
    /// Per unknown (question index, in path order): its stake when material.
    pub unknowns: Vec<(QuestionIx, Option<Stake>)>,
}

impl Materiality {
    /// The tier of the information-missing finding: CHECK NEEDED at most, and no more serious than
    /// what the material unknowns could lead to. `None` when no unknown is material.
    pub fn information_tier(&self) -> Option<Tier> {
        self.unknowns
            .iter()
            .filter_map(|(_, s)| s.as_ref().map(|s| s.raises))
            .max()
    }

    /// The hint reported: the rules' hint, raised by the open questions that matter.
    pub fn hint(&self) -> Tier {
        self.information_tier()
            .map_or(self.base, |t| t.max(self.base))
    }
}

/// The rules that fire on these answers (indexes), with the jurisdictions that apply.
pub fn firing_rules(q: &Questionnaire, answers: &[Option<Answer>]) -> Vec<usize> {
    let w = walk(q, answers);
    let get = |i: QuestionIx| {
        if w.on_path.get(i.get()).copied().unwrap_or(false) {
            answers.get(i.get()).and_then(Option::as_ref)
        } else {
            None
        }
    };
    let applies = q.jurisdictions_applying(&get);
    q.rules
        .iter()
        .enumerate()
        .filter(|(_, r)| applies.contains(&r.jurisdiction) && r.when.eval(&get))
        .map(|(i, _)| i)
        .collect()
}

/// The rules' hint on these answers (without the information-missing finding).
pub fn rules_tier(q: &Questionnaire, answers: &[Option<Answer>]) -> Tier {
    firing_rules(q, answers)
        .into_iter()
        .map(|i| q.rules[i].tier)
        .max()
        .unwrap_or(Tier::NoIndicator)
}

/// The unknowns on the path: required questions left open and "Not sure" answers, in path order.
pub fn unknowns(q: &Questionnaire, answers: &[Option<Answer>]) -> Vec<QuestionIx> {
    let w = walk(q, answers);
    w.path
        .iter()
        .copied()
        .filter(|&i| {
            let question = &q.questions[i];
            match answers.get(i.get()).and_then(Option::as_ref) {
                Some(Answer::NotSure) => true,
                None => question.is_answerable() && question.required,
                Some(_) => false,
            }
        })
        .collect()
}

/// The most serious rule that might fire, above `above`, when the questions in `vary` are free
/// (and rules already firing are left out). `None` when none can.
fn possible_raise(
    q: &Questionnaire,
    answers: &[Option<Answer>],
    baseline: &[bool],
    firing: &[usize],
    vary: &[bool],
    above: Tier,
) -> Option<(Tier, usize)> {
    let Some(w) = walk3(q, answers, baseline, vary) else {
        // A route the analysis cannot follow: every rule might fire.
        return q
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.tier > above)
            .max_by_key(|(i, r)| (r.tier, std::cmp::Reverse(*i)))
            .map(|(i, r)| (r.tier, i));
    };
    let val = |j: QuestionIx| w.val(answers, j);
    let applies = |j: Jurisdiction| {
        q.jurisdictions
            .iter()
            .find(|x| x.id == j)
            .map_or(T3::True, |x| eval3(&x.applies, &val))
    };
    let mut best: Option<(Tier, usize)> = None;
    for (i, r) in q.rules.iter().enumerate() {
        if r.tier <= above || best.is_some_and(|(t, _)| r.tier <= t) || firing.contains(&i) {
            continue;
        }
        if applies(r.jurisdiction) != T3::False && eval3(&r.when, &val) != T3::False {
            best = Some((r.tier, i));
        }
    }
    best
}

/// Concrete answers to try for one question when looking for an example.
fn candidates(q: &Questionnaire, qi: QuestionIx) -> Vec<Answer> {
    let question: &Question = &q.questions[qi];
    let mut out = Vec::new();
    match question.kind {
        Kind::Single | Kind::YesNo => out.extend(
            (0..question.options.len())
                .map(OptionIx)
                .map(Answer::Choice),
        ),
        Kind::Multiple => {
            out.extend((0..question.options.len()).map(|o| Answer::Choices(vec![OptionIx(o)])));
            out.push(Answer::Choices(
                (0..question.options.len()).map(OptionIx).collect(),
            ));
        }
        Kind::Number => {
            let mut values = vec![question.min, question.max];
            for r in &q.rules {
                collect_thresholds(&r.when, qi, &mut values);
            }
            for v in values {
                for x in [v, v - 1.0, v + 1.0, v - 0.001, v + 0.001] {
                    if x >= question.min && x <= question.max && !out.contains(&Answer::Number(x)) {
                        out.push(Answer::Number(x));
                    }
                }
            }
        }
        Kind::Text => out.push(Answer::Text("…".into())),
        Kind::Info => {}
    }
    out.truncate(EXAMPLE_BUDGET);
    out
}

fn collect_thresholds(e: &Expr, qi: QuestionIx, out: &mut Vec<f64>) {
    match e {
        Expr::And(items) | Expr::Or(items) => {
            items.iter().for_each(|x| collect_thresholds(x, qi, out));
        }
        Expr::Not(x) => collect_thresholds(x, qi, out),
        Expr::Number(q, _, v) if *q == qi => out.push(*v),
        _ => {}
    }
}

/// The questions whose answer can change a hint: named by a rule, a jurisdiction, a `show_if`
/// or a route.
fn influential(q: &Questionnaire) -> Vec<bool> {
    let mut out = vec![false; q.questions.len()];
    let mut mark = |e: &Expr| {
        for j in e.questions() {
            out[j] = true;
        }
    };
    q.rules.iter().for_each(|r| mark(&r.when));
    q.jurisdictions.iter().for_each(|j| mark(&j.applies));
    for question in &q.questions {
        question.show_if.iter().for_each(&mut mark);
        question
            .next
            .iter()
            .filter_map(|n| n.when.as_ref())
            .for_each(&mut mark);
    }
    out
}

/// One concrete example: `c` for the unknown `u`, then, in path order, an answer to every
/// question it opens whose answer can matter, each the one that raises the hint most. `None`
/// when the budget runs out before every such question has an answer.
fn example(
    q: &Questionnaire,
    answers: &[Option<Answer>],
    baseline: &[bool],
    matters: &[bool],
    u: QuestionIx,
    c: Answer,
    budget: &mut usize,
) -> Option<(Tier, Vec<(QuestionIx, Answer)>)> {
    let mut trial = answers.to_vec();
    trial[u] = Some(c.clone());
    let mut chosen = vec![(u, c)];
    let mut done = vec![false; q.questions.len()];
    loop {
        let w = walk(q, &trial);
        let Some(o) =
            w.path.iter().copied().find(|&i| {
                !baseline[i] && !done[i] && matters[i] && q.questions[i].is_answerable()
            })
        else {
            return Some((rules_tier(q, &trial), chosen));
        };
        done[o] = true;
        let mut pick: Option<(Tier, Answer)> = None;
        for oc in candidates(q, o) {
            if *budget == 0 {
                return None;
            }
            *budget -= 1;
            let mut x = trial.clone();
            x[o] = Some(oc.clone());
            let tx = rules_tier(q, &x);
            if pick.as_ref().is_none_or(|(b, _)| tx > *b) {
                pick = Some((tx, oc));
            }
        }
        let (_, oc) = pick?;
        trial[o] = Some(oc.clone());
        chosen.push((o, oc));
    }
}

fn raises(q: &Questionnaire, u: QuestionIx, could_become: Tier) -> Tier {
    let cap = q.questions[u].uncertainty_tier.unwrap_or(Tier::CheckNeeded);
    could_become.min(Tier::CheckNeeded).min(cap)
}

/// Weighs every unknown of these answers.
pub fn analyse(q: &Questionnaire, answers: &[Option<Answer>]) -> Materiality {
    let n = q.questions.len();
    let mut answers: Vec<Option<Answer>> = answers.to_vec();
    answers.resize(n, None);
    let baseline = walk(q, &answers).on_path;
    // Only answers on the path count; set-aside answers are free like any question an answer
    // could open.
    for (a, on) in answers.iter_mut().zip(&baseline) {
        if !on {
            *a = None;
        }
    }
    let firing = firing_rules(q, &answers);
    let base = firing
        .iter()
        .map(|&i| q.rules[i].tier)
        .max()
        .unwrap_or(Tier::NoIndicator);
    let open = unknowns(q, &answers);

    // One by one.
    let mut stakes: Vec<Option<Stake>> = open
        .iter()
        .map(|&u| {
            let mut vary = vec![false; n];
            vary[u] = true;
            possible_raise(q, &answers, &baseline, &firing, &vary, base).map(|(tier, rule)| Stake {
                could_become: tier,
                rule,
                example: None,
                then: Vec::new(),
                joint: false,
                raises: raises(q, u, tier),
            })
        })
        .collect();

    // Together: grow the set of immaterial unknowns one at a time, keeping it sound.
    let hint = |stakes: &[Option<Stake>]| {
        stakes
            .iter()
            .filter_map(|s| s.as_ref().map(|s| s.raises))
            .max()
            .map_or(base, |t| t.max(base))
    };
    let mut vary = vec![false; n];
    for k in 0..open.len() {
        if stakes[k].is_some() {
            continue;
        }
        vary[open[k]] = true;
        let h = hint(&stakes);
        if let Some((tier, rule)) = possible_raise(q, &answers, &baseline, &firing, &vary, h) {
            vary[open[k]] = false;
            stakes[k] = Some(Stake {
                could_become: tier,
                rule,
                example: None,
                then: Vec::new(),
                joint: true,
                raises: raises(q, open[k], tier),
            });
        }
    }

    // Concrete examples for the material ones: an answer to the unknown, and answers to every
    // question it opens whose answer can matter (named by a rule, a jurisdiction or a route),
    // chosen greedily within the budget. Pinning all of them keeps an example true whatever
    // the user answered earlier on a question the example brings back, and keeps the report
    // independent of answers off the path.
    let matters = influential(q);
    for (k, &u) in open.iter().enumerate() {
        let Some(stake) = stakes[k].as_mut() else {
            continue;
        };
        if stake.joint {
            continue;
        }
        let mut budget = EXAMPLE_BUDGET * 8;
        let mut best: Option<(Tier, Vec<(QuestionIx, Answer)>)> = None;
        for c in candidates(q, u) {
            if let Some((t, chosen)) = example(q, &answers, &baseline, &matters, u, c, &mut budget)
                && t > base
                && best.as_ref().is_none_or(|(b, _)| t > *b)
            {
                best = Some((t, chosen));
            }
            if budget == 0 || best.as_ref().is_some_and(|(b, _)| *b >= stake.could_become) {
                break;
            }
        }
        if let Some((t, chosen)) = best
            && t >= stake.could_become
        {
            let mut trial = answers.clone();
            for (i, a) in &chosen {
                trial[*i] = Some(a.clone());
            }
            stake.could_become = t;
            stake.raises = raises(q, u, t);
            let mut chosen = chosen.into_iter();
            stake.example = chosen.next().map(|(_, a)| a);
            stake.then = chosen.collect();
            if let Some(&r) = firing_rules(q, &trial)
                .iter()
                .filter(|&&r| q.rules[r].tier == t)
                .find(|r| !firing.contains(r))
            {
                stake.rule = r;
            }
        }
    }

    Materiality {
        base,
        unknowns: open.into_iter().zip(stakes).collect(),
    }
}
