//! Building one validated question from its raw form: kind-specific checks, options, range,
//! glossary terms, `show_if` and next-rules.

use crate::diag::DiagnosticKind;
use std::collections::HashMap;

use toml::Spanned;

use super::context::{Ctx, index_ids, resolve_ids, unknown};
use super::expr::Expr;
use super::model::{AnswerOption, Kind, NextRule, Question, QuestionIx, SectionIx, Target};
use super::raw::{RawNext, RawQuestion};
use super::resolve::Resolver;

/// What building a question looks up beyond the question itself: the resolver of conditions and
/// question ids, and the indexes of sections and glossary terms.
pub(super) struct Lookup<'a> {
    pub(super) resolver: &'a Resolver<'a>,
    pub(super) sections: &'a HashMap<String, usize>,
    pub(super) terms: &'a HashMap<String, usize>,
}

/// One raw question and where it stands: its file and its index in the pack.
pub(super) struct At<'a> {
    pub(super) file: usize,
    pub(super) index: usize,
    pub(super) raw: &'a RawQuestion,
}

/// Builds one question, reporting every problem in the order of its fields; `None` when it
/// cannot be built (its errors are in `ctx` either way).
pub(super) fn build_question(ctx: &mut Ctx, look: &Lookup, at: &At) -> Option<Question> {
    let rq = at.raw;
    let kind = *rq.kind.get_ref();
    let section = resolve_section(ctx, look, at);
    let not_sure = check_not_sure(ctx, at, kind);
    let options = build_options(ctx, at, kind, not_sure);
    let (min, max) = number_range(ctx, at, kind);
    let integer = integer_flag(ctx, at, kind, min, max);
    warn_no_help(ctx, at, kind);
    let terms = resolve_ids(
        ctx,
        at.file,
        &rq.terms,
        look.terms,
        DiagnosticKind::UnknownTerm,
        "glossary term",
    );
    let show_if = rq
        .show_if
        .as_ref()
        .and_then(|s| look.resolver.resolve(ctx, at.file, s));
    let next = build_routes(ctx, look.resolver, at);
    check_text_length(ctx, at, kind);
    Some(Question {
        id: rq.id.get_ref().clone(),
        section: section?,
        kind,
        text: rq.text.clone(),
        help: rq.help.clone(),
        examples: rq.examples.clone(),
        options,
        not_sure,
        required: rq.required.unwrap_or(true),
        terms,
        show_if,
        next,
        min,
        max,
        integer,
        unit: rq.unit.clone(),
        max_length: rq.max_length.unwrap_or(200).min(10_000),
        uncertainty_tier: rq.uncertainty_tier,
    })
}

/// The index of the question's section, reporting an unknown one.
fn resolve_section(ctx: &mut Ctx, look: &Lookup, at: &At) -> Option<SectionIx> {
    let rq = at.raw;
    let section = look
        .sections
        .get(rq.section.get_ref())
        .copied()
        .map(SectionIx);
    if section.is_none() {
        unknown(
            ctx,
            DiagnosticKind::UnknownSection,
            at.file,
            rq.section.span(),
            format!("unknown section `{}`", rq.section.get_ref()),
            rq.section.get_ref(),
            look.sections.keys().map(String::as_str),
        );
    }
    section
}

/// Whether the question offers “Not sure”, reporting it on kinds that cannot.
fn check_not_sure(ctx: &mut Ctx, at: &At, kind: Kind) -> bool {
    let rq = at.raw;
    let not_sure = rq.not_sure.as_ref().is_some_and(|b| *b.get_ref());
    if not_sure && matches!(kind, Kind::Text | Kind::Info) {
        let span = rq.not_sure.as_ref().map_or(rq.id.span(), Spanned::span);
        ctx.error(
            DiagnosticKind::NotSureNotAllowed,
            at.file,
            span,
            format!("a {} question cannot offer “Not sure”", kind.code()),
        );
    }
    not_sure
}

/// The answer options of the question by its kind: the written ones for a choice, the fixed
/// `yes` and `no` for a yes/no question, none otherwise (reporting options written there).
fn build_options(ctx: &mut Ctx, at: &At, kind: Kind, not_sure: bool) -> Vec<AnswerOption> {
    let rq = at.raw;
    match kind {
        Kind::Single | Kind::Multiple => choice_options(ctx, at, kind, not_sure),
        Kind::YesNo => {
            if !rq.options.is_empty() {
                ctx.error(
                    DiagnosticKind::OptionsNotAllowed,
                    at.file,
                    rq.kind.span(),
                    "a yes_no question has the fixed options `yes` and `no`".into(),
                );
            }
            yes_no_options()
        }
        _ => {
            if !rq.options.is_empty() {
                ctx.error(
                    DiagnosticKind::OptionsNotAllowed,
                    at.file,
                    rq.kind.span(),
                    format!("a {} question has no options", kind.code()),
                );
            }
            Vec::new()
        }
    }
}

/// The options of a single or multiple choice: reports a choice without options, a single
/// choice with only one, bad or duplicate option ids and `exclusive` outside multiple choice.
fn choice_options(ctx: &mut Ctx, at: &At, kind: Kind, not_sure: bool) -> Vec<AnswerOption> {
    let (f, rq) = (at.file, at.raw);
    let id = rq.id.get_ref();
    if rq.options.is_empty() {
        ctx.error(
            DiagnosticKind::DeadEnd,
            f,
            rq.kind.span(),
            format!("question `{id}` is a choice with no options: nobody can answer it"),
        )
        .help = Some("add options = [{ id = \"...\", label = \"...\" }, ...]".into());
    } else if kind == Kind::Single && rq.options.len() == 1 && !not_sure {
        ctx.warning(
            DiagnosticKind::SingleOption,
            f,
            rq.id.span(),
            format!("question `{id}` offers only one answer"),
        );
    }
    let _ = index_ids(ctx, rq.options.iter().map(|o| (f, &o.id)), "option");
    let options = rq
        .options
        .iter()
        .map(|o| AnswerOption {
            id: o.id.get_ref().clone(),
            label: o.label.clone(),
            help: o.help.clone(),
            exclusive: o.exclusive.as_ref().is_some_and(|e| *e.get_ref()),
        })
        .collect();
    for o in &rq.options {
        if let Some(e) = o.exclusive.as_ref().filter(|_| kind != Kind::Multiple) {
            ctx.error(
                DiagnosticKind::FieldNotAllowed,
                f,
                e.span(),
                "`exclusive` belongs to options of multiple-choice questions".into(),
            );
        }
    }
    options
}

/// The fixed options of a yes/no question.
fn yes_no_options() -> Vec<AnswerOption> {
    vec![
        AnswerOption {
            id: "yes".into(),
            label: "Yes".into(),
            help: None,
            exclusive: false,
        },
        AnswerOption {
            id: "no".into(),
            label: "No".into(),
            help: None,
            exclusive: false,
        },
    ]
}

/// The `min` and `max` of a number question (`0.0, 0.0` for other kinds and on errors),
/// reporting a missing or empty range and a range on another kind.
fn number_range(ctx: &mut Ctx, at: &At, kind: Kind) -> (f64, f64) {
    let (f, rq) = (at.file, at.raw);
    let id = rq.id.get_ref();
    match (kind, rq.min, rq.max) {
        (Kind::Number, Some(a), Some(b)) if a.is_finite() && b.is_finite() && a <= b => (a, b),
        (Kind::Number, Some(_), Some(_)) => {
            ctx.error(
                DiagnosticKind::DeadEnd,
                f,
                rq.kind.span(),
                format!("question `{id}` has an empty or invalid range: nobody can answer it"),
            );
            (0.0, 0.0)
        }
        (Kind::Number, _, _) => {
            ctx.error(
                DiagnosticKind::MissingField,
                f,
                rq.kind.span(),
                format!("number question `{id}` needs both `min` and `max`"),
            );
            (0.0, 0.0)
        }
        (_, None, None) => (0.0, 0.0),
        _ => {
            ctx.error(
                DiagnosticKind::FieldNotAllowed,
                f,
                rq.kind.span(),
                "`min` and `max` belong to number questions".into(),
            );
            (0.0, 0.0)
        }
    }
}

/// Whether a number question takes whole numbers only, reporting the flag on another kind and
/// a whole-number question whose range is not whole.
fn integer_flag(ctx: &mut Ctx, at: &At, kind: Kind, min: f64, max: f64) -> bool {
    let (f, rq) = (at.file, at.raw);
    match &rq.integer {
        Some(flag) if kind != Kind::Number => {
            ctx.error(
                DiagnosticKind::FieldNotAllowed,
                f,
                flag.span(),
                "`integer` belongs to number questions".into(),
            );
            false
        }
        Some(flag) if *flag.get_ref() && (min.fract() != 0.0 || max.fract() != 0.0) => {
            ctx.error(
                DiagnosticKind::DeadEnd,
                f,
                flag.span(),
                format!(
                    "question `{}` takes whole numbers, so `min` and `max` must be whole",
                    rq.id.get_ref()
                ),
            );
            true
        }
        Some(flag) => *flag.get_ref(),
        None => false,
    }
}

/// Warns about a question, other than an info page, without help ("why we ask").
fn warn_no_help(ctx: &mut Ctx, at: &At, kind: Kind) {
    let rq = at.raw;
    if rq.help.as_deref().is_none_or(|h| h.trim().is_empty()) && kind != Kind::Info {
        ctx.warning(
            DiagnosticKind::NoHelp,
            at.file,
            rq.id.span(),
            format!(
                "question `{}` has no help (\"why we ask\")",
                rq.id.get_ref()
            ),
        );
    }
}

/// The question's next-rules, each with its condition and target resolved; reports an empty
/// `next`, a last rule with a condition and a rule without one before the last.
fn build_routes(ctx: &mut Ctx, resolver: &Resolver, at: &At) -> Vec<NextRule> {
    let mut next = Vec::new();
    let Some(rules) = &at.raw.next else {
        return next;
    };
    let list = rules.get_ref();
    for (k, nr) in list.iter().enumerate() {
        let when = route_condition(ctx, resolver, at, nr, k + 1 == list.len());
        if let Some(goto) = route_target(ctx, resolver, at, nr) {
            next.push(NextRule { when, goto });
        }
    }
    if list.is_empty() {
        ctx.error(
            DiagnosticKind::MissingDefault,
            at.file,
            rules.span(),
            format!(
                "`next` of `{}` is empty; it needs at least a default route",
                at.raw.id.get_ref()
            ),
        )
        .help = Some("remove `next` or add { goto = \"...\" }".into());
    }
    next
}

/// The resolved `if` of one next-rule: only rules before the last have one, and only the last
/// may go without.
fn route_condition(
    ctx: &mut Ctx,
    resolver: &Resolver,
    at: &At,
    nr: &RawNext,
    is_last: bool,
) -> Option<Expr> {
    let f = at.file;
    match (&nr.when, is_last) {
        (Some(c), false) => resolver.resolve(ctx, f, c),
        (Some(c), true) => {
            ctx.error(
                DiagnosticKind::MissingDefault,
                f,
                c.span(),
                format!(
                    "the last next-rule of `{}` must be the default route, without `if`",
                    at.raw.id.get_ref()
                ),
            )
            .help = Some("add { goto = \"...\" } (or goto = \"end\") as the last entry".into());
            None
        }
        (None, false) => {
            ctx.error(
                DiagnosticKind::UnreachableRoute,
                f,
                nr.goto.span(),
                "a next-rule without `if` must be the last one; the rules after it can never be \
                 used"
                    .into(),
            );
            None
        }
        (None, true) => None,
    }
}

/// Where one next-rule goes: `end` or a later question; reports a jump back (a cycle) and an
/// unknown question, with a "did you mean".
fn route_target(ctx: &mut Ctx, resolver: &Resolver, at: &At, nr: &RawNext) -> Option<Target> {
    let f = at.file;
    if nr.goto.get_ref() == "end" {
        Some(Target::End)
    } else if let Some(&t) = resolver.qindex.get(nr.goto.get_ref()) {
        if t <= at.index {
            ctx.error(
                DiagnosticKind::Cycle,
                f,
                nr.goto.span(),
                format!(
                    "goto `{}` jumps back from `{}` and creates a cycle",
                    nr.goto.get_ref(),
                    at.raw.id.get_ref()
                ),
            )
            .help = Some("next-rules may only jump forward, to a later question".into());
        }
        Some(Target::Question(QuestionIx(t)))
    } else {
        unknown(
            ctx,
            DiagnosticKind::UnknownQuestion,
            f,
            nr.goto.span(),
            format!("goto to unknown question `{}`", nr.goto.get_ref()),
            nr.goto.get_ref(),
            resolver.qindex.keys().map(String::as_str),
        );
        None
    }
}

/// Reports a required text question whose `max_length` of 0 lets no answer fit.
fn check_text_length(ctx: &mut Ctx, at: &At, kind: Kind) {
    let rq = at.raw;
    if kind == Kind::Text && rq.max_length == Some(0) && rq.required.unwrap_or(true) {
        ctx.error(
            DiagnosticKind::Unanswerable,
            at.file,
            rq.id.span(),
            format!(
                "required text question `{}` has max_length = 0: no answer fits, so it can never \
                 be answered",
                rq.id.get_ref()
            ),
        )
        .help = Some("raise max_length, or make the question optional (required = false)".into());
    }
}
