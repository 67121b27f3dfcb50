//! Building one validated question from its raw form: kind-specific checks, options, range,
//! glossary terms, `show_if` and next-rules.

use std::collections::HashMap;

use toml::Spanned;

use super::load::{Ctx, index_ids, resolve_ids, unknown};
use super::model::{AnswerOption, Kind, NextRule, Question, Target};
use super::raw::RawQuestion;
use super::resolve::Resolver;

#[allow(clippy::too_many_arguments)]
pub(super) fn build_question(
    ctx: &mut Ctx,
    resolver: &Resolver,
    f: usize,
    i: usize,
    rq: &RawQuestion,
    sindex: &HashMap<String, usize>,
    tindex: &HashMap<String, usize>,
) -> Option<Question> {
    let id = rq.id.get_ref();
    let kind = *rq.kind.get_ref();
    let section = sindex.get(rq.section.get_ref()).copied();
    if section.is_none() {
        unknown(
            ctx,
            "unknown-section",
            f,
            rq.section.span(),
            format!("unknown section `{}`", rq.section.get_ref()),
            rq.section.get_ref(),
            sindex.keys().map(String::as_str),
        );
    }
    let not_sure = rq.not_sure.as_ref().is_some_and(|b| *b.get_ref());
    if not_sure && matches!(kind, Kind::Text | Kind::Info) {
        let span = rq.not_sure.as_ref().map_or(rq.id.span(), Spanned::span);
        ctx.error(
            "not-sure-not-allowed",
            f,
            span,
            format!("a {} question cannot offer “Not sure”", kind.code()),
        );
    }
    let mut options = Vec::new();
    match kind {
        Kind::Single | Kind::Multiple => {
            if rq.options.is_empty() {
                ctx.error(
                    "dead-end",
                    f,
                    rq.kind.span(),
                    format!("question `{id}` is a choice with no options: nobody can answer it"),
                )
                .help = Some("add options = [{ id = \"...\", label = \"...\" }, ...]".into());
            } else if kind == Kind::Single && rq.options.len() == 1 && !not_sure {
                ctx.warning(
                    "single-option",
                    f,
                    rq.id.span(),
                    format!("question `{id}` offers only one answer"),
                );
            }
            let oindex = index_ids(ctx, rq.options.iter().map(|o| (f, &o.id)), "option");
            let _ = oindex;
            options = rq
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
                        "field-not-allowed",
                        f,
                        e.span(),
                        "`exclusive` belongs to options of multiple-choice questions".into(),
                    );
                }
            }
        }
        Kind::YesNo => {
            if !rq.options.is_empty() {
                ctx.error(
                    "options-not-allowed",
                    f,
                    rq.kind.span(),
                    "a yes_no question has the fixed options `yes` and `no`".into(),
                );
            }
            options = vec![
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
            ];
        }
        _ => {
            if !rq.options.is_empty() {
                ctx.error(
                    "options-not-allowed",
                    f,
                    rq.kind.span(),
                    format!("a {} question has no options", kind.code()),
                );
            }
        }
    }
    let (min, max) = match (kind, rq.min, rq.max) {
        (Kind::Number, Some(a), Some(b)) if a.is_finite() && b.is_finite() && a <= b => (a, b),
        (Kind::Number, Some(_), Some(_)) => {
            ctx.error(
                "dead-end",
                f,
                rq.kind.span(),
                format!("question `{id}` has an empty or invalid range: nobody can answer it"),
            );
            (0.0, 0.0)
        }
        (Kind::Number, _, _) => {
            ctx.error(
                "missing-field",
                f,
                rq.kind.span(),
                format!("number question `{id}` needs both `min` and `max`"),
            );
            (0.0, 0.0)
        }
        (_, None, None) => (0.0, 0.0),
        _ => {
            ctx.error(
                "field-not-allowed",
                f,
                rq.kind.span(),
                "`min` and `max` belong to number questions".into(),
            );
            (0.0, 0.0)
        }
    };
    let integer = match &rq.integer {
        Some(flag) if kind != Kind::Number => {
            ctx.error(
                "field-not-allowed",
                f,
                flag.span(),
                "`integer` belongs to number questions".into(),
            );
            false
        }
        Some(flag) if *flag.get_ref() && (min.fract() != 0.0 || max.fract() != 0.0) => {
            ctx.error(
                "dead-end",
                f,
                flag.span(),
                format!("question `{id}` takes whole numbers, so `min` and `max` must be whole"),
            );
            true
        }
        Some(flag) => *flag.get_ref(),
        None => false,
    };
    if rq.help.as_deref().is_none_or(|h| h.trim().is_empty()) && kind != Kind::Info {
        ctx.warning(
            "no-help",
            f,
            rq.id.span(),
            format!("question `{id}` has no help (\"why we ask\")"),
        );
    }
    let terms = resolve_ids(ctx, f, &rq.terms, tindex, "unknown-term", "glossary term");
    let show_if = rq
        .show_if
        .as_ref()
        .and_then(|s| resolver.resolve(ctx, f, s));
    let mut next = Vec::new();
    if let Some(rules) = &rq.next {
        let list = rules.get_ref();
        for (k, nr) in list.iter().enumerate() {
            let is_last = k + 1 == list.len();
            let when = match (&nr.when, is_last) {
                (Some(c), false) => resolver.resolve(ctx, f, c),
                (Some(c), true) => {
                    ctx.error(
                        "missing-default",
                        f,
                        c.span(),
                        format!(
                            "the last next-rule of `{id}` must be the default route, without `if`"
                        ),
                    )
                    .help =
                        Some("add { goto = \"...\" } (or goto = \"end\") as the last entry".into());
                    None
                }
                (None, false) => {
                    ctx.error("unreachable-route", f, nr.goto.span(), "a next-rule without `if` must be the last one; the rules after it can never be used".into());
                    None
                }
                (None, true) => None,
            };
            let goto = if nr.goto.get_ref() == "end" {
                Some(Target::End)
            } else if let Some(&t) = resolver.qindex.get(nr.goto.get_ref()) {
                if t <= i {
                    ctx.error(
                        "cycle",
                        f,
                        nr.goto.span(),
                        format!(
                            "goto `{}` jumps back from `{id}` and creates a cycle",
                            nr.goto.get_ref()
                        ),
                    )
                    .help = Some("next-rules may only jump forward, to a later question".into());
                }
                Some(Target::Question(t))
            } else {
                unknown(
                    ctx,
                    "unknown-question",
                    f,
                    nr.goto.span(),
                    format!("goto to unknown question `{}`", nr.goto.get_ref()),
                    nr.goto.get_ref(),
                    resolver.qindex.keys().map(String::as_str),
                );
                None
            };
            if let Some(goto) = goto {
                next.push(NextRule { when, goto });
            }
        }
        if list.is_empty() {
            ctx.error(
                "missing-default",
                f,
                rules.span(),
                format!("`next` of `{id}` is empty; it needs at least a default route"),
            )
            .help = Some("remove `next` or add { goto = \"...\" }".into());
        }
    }
    if kind == Kind::Text && rq.max_length == Some(0) && rq.required.unwrap_or(true) {
        ctx.error(
            "unanswerable",
            f,
            rq.id.span(),
            format!(
                "required text question `{id}` has max_length = 0: no answer fits, so it can never \
                 be answered"
            ),
        )
        .help = Some("raise max_length, or make the question optional (required = false)".into());
    }
    Some(Question {
        id: id.clone(),
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
