//! Expressions in a pack: parsing them where they are written and resolving every name against
//! the pack's questions and options, with positions in the source file.

use crate::diag::DiagnosticKind;
use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;

use super::context::{Ctx, unknown};
use super::expr::{self, CmpOp, Expr, Literal, Name, Parsed};
use super::model::{Kind, OptionIx, QuestionIx};
use super::raw::RawQuestion;

/// Byte offset of the first character of a TOML string's content, given the span of the string.
pub(super) fn content_offset(text: &str, span: &Range<usize>) -> usize {
    let s = &text[span.start.min(text.len())..];
    if s.starts_with("'''") || s.starts_with("\"\"\"") {
        let after = span.start + 3;
        if text[after.min(text.len())..].starts_with('\n') {
            after + 1
        } else if text[after.min(text.len())..].starts_with("\r\n") {
            after + 2
        } else {
            after
        }
    } else {
        span.start + 1
    }
}

/// Checks the syntax of a condition alone (no names resolved), reporting an error if it has one.
pub(super) fn check_syntax(ctx: &mut Ctx, file: usize, src: &Spanned<String>) {
    if let Err(e) = expr::parse(src.get_ref()) {
        let base = content_offset(&ctx.sources.files[file].text, &src.span());
        ctx.error(
            DiagnosticKind::ExpressionSyntax,
            file,
            base + e.span.start..base + e.span.end,
            e.message,
        );
    }
}

pub(super) struct Resolver<'a> {
    pub(super) questions: &'a [RawQuestion],
    pub(super) qindex: &'a HashMap<String, usize>,
}

impl Resolver<'_> {
    /// Parses and resolves an expression written at `src` in `file`.
    pub(super) fn resolve(
        &self,
        ctx: &mut Ctx,
        file: usize,
        src: &Spanned<String>,
    ) -> Option<Expr> {
        let base = content_offset(&ctx.sources.files[file].text, &src.span());
        let at = |r: &Range<usize>| base + r.start..base + r.end;
        match expr::parse(src.get_ref()) {
            Err(e) => {
                ctx.error(
                    DiagnosticKind::ExpressionSyntax,
                    file,
                    at(&e.span),
                    e.message,
                );
                None
            }
            Ok(parsed) => {
                let before = ctx.diags.len();
                let e = self.lower(ctx, file, &at, &parsed);
                if ctx.diags.len() > before { None } else { e }
            }
        }
    }

    fn question(
        &self,
        ctx: &mut Ctx,
        file: usize,
        at: &impl Fn(&Range<usize>) -> Range<usize>,
        name: &Name,
    ) -> Option<QuestionIx> {
        if let Some(&q) = self.qindex.get(&name.text) {
            return Some(QuestionIx(q));
        }
        unknown(
            ctx,
            DiagnosticKind::UnknownQuestion,
            file,
            at(&name.span),
            format!("unknown question `{}`", name.text),
            &name.text,
            self.qindex.keys().map(String::as_str),
        );
        None
    }

    fn option(
        &self,
        ctx: &mut Ctx,
        file: usize,
        at: &impl Fn(&Range<usize>) -> Range<usize>,
        q: QuestionIx,
        name: &Name,
    ) -> Option<OptionIx> {
        let raw = &self.questions[q];
        let ids: Vec<&str> = if raw.kind.get_ref() == &Kind::YesNo {
            vec!["yes", "no"]
        } else {
            raw.options
                .iter()
                .map(|o| o.id.get_ref().as_str())
                .collect()
        };
        if let Some(i) = ids.iter().position(|id| *id == name.text) {
            return Some(OptionIx(i));
        }
        let mut msg = format!(
            "`{}` is not an option of question `{}`",
            name.text,
            raw.id.get_ref()
        );
        if name.text == "not_sure" {
            msg.push_str("; use `not_sure(...)` to test for a \"Not sure\" answer");
        } else if let Some(other) = self
            .questions
            .iter()
            .find(|o| o.options.iter().any(|x| x.id.get_ref() == &name.text))
        {
            msg.push_str(&format!(" (it is an option of `{}`)", other.id.get_ref()));
        }
        unknown(
            ctx,
            DiagnosticKind::UnknownOption,
            file,
            at(&name.span),
            msg,
            &name.text,
            ids.iter().copied(),
        );
        None
    }

    fn kind_error(
        &self,
        ctx: &mut Ctx,
        file: usize,
        span: Range<usize>,
        q: QuestionIx,
        op: &str,
        fits: &str,
    ) {
        let raw = &self.questions[q];
        ctx.error(
            DiagnosticKind::TypeMismatch,
            file,
            span,
            format!(
                "`{op}` does not fit question `{}`, which is {}",
                raw.id.get_ref(),
                raw.kind.get_ref().code()
            ),
        )
        .help = Some(fits.to_string());
    }

    /// Lowers every part before giving up, so all problems of an expression are reported.
    fn lower_all(
        &self,
        ctx: &mut Ctx,
        file: usize,
        at: &impl Fn(&Range<usize>) -> Range<usize>,
        items: &[Parsed],
    ) -> Option<Vec<Expr>> {
        let lowered: Vec<Option<Expr>> =
            items.iter().map(|i| self.lower(ctx, file, at, i)).collect();
        lowered.into_iter().collect()
    }

    fn lower(
        &self,
        ctx: &mut Ctx,
        file: usize,
        at: &impl Fn(&Range<usize>) -> Range<usize>,
        p: &Parsed,
    ) -> Option<Expr> {
        let fits_choice = "for single choice and yes/no use ==, != or in; for multiple choice use has or has_any; for numbers use <, <=, >, >=, == or !=";
        Some(match p {
            Parsed::And(items) => Expr::And(self.lower_all(ctx, file, at, items)?),
            Parsed::Or(items) => Expr::Or(self.lower_all(ctx, file, at, items)?),
            Parsed::Not(inner) => Expr::Not(Box::new(self.lower(ctx, file, at, inner)?)),
            Parsed::Answered(n) => {
                let q = self.question(ctx, file, at, n)?;
                Expr::Answered(q)
            }
            Parsed::NotSure(n) => {
                let q = self.question(ctx, file, at, n)?;
                let raw = &self.questions[q];
                if !raw.not_sure.as_ref().is_some_and(|b| *b.get_ref()) {
                    ctx.error(
                        DiagnosticKind::TypeMismatch,
                        file,
                        at(&n.span),
                        format!("question `{}` does not offer “Not sure”", n.text),
                    )
                    .help = Some("add `not_sure = true` to the question".into());
                    return None;
                }
                Expr::NotSure(q)
            }
            Parsed::Compare(n, op, lit) => {
                let q = self.question(ctx, file, at, n)?;
                let kind = *self.questions[q].kind.get_ref();
                match (kind, lit) {
                    (Kind::Number, Literal::Num(v, _)) => Expr::Number(q, *op, *v),
                    (Kind::Single | Kind::YesNo, Literal::Str(s))
                        if matches!(op, CmpOp::Eq | CmpOp::Ne) =>
                    {
                        let o = self.option(ctx, file, at, q, s)?;
                        if *op == CmpOp::Eq {
                            Expr::OneOf(q, vec![o])
                        } else {
                            Expr::NoneOf(q, vec![o])
                        }
                    }
                    _ => {
                        let span = match lit {
                            Literal::Str(s) => n.span.start..s.span.end,
                            Literal::Num(_, s) => n.span.start..s.end,
                        };
                        self.kind_error(ctx, file, at(&span), q, op.symbol(), fits_choice);
                        return None;
                    }
                }
            }
            Parsed::In(n, list) | Parsed::HasAny(n, list) => {
                let q = self.question(ctx, file, at, n)?;
                let kind = *self.questions[q].kind.get_ref();
                let is_in = matches!(p, Parsed::In(..));
                let ok = if is_in {
                    matches!(kind, Kind::Single | Kind::YesNo)
                } else {
                    kind == Kind::Multiple
                };
                if !ok {
                    let end = list.last().map_or(n.span.end, |l| l.span.end);
                    self.kind_error(
                        ctx,
                        file,
                        at(&(n.span.start..end)),
                        q,
                        if is_in { "in" } else { "has_any" },
                        fits_choice,
                    );
                    return None;
                }
                let opts = list
                    .iter()
                    .map(|s| self.option(ctx, file, at, q, s))
                    .collect::<Option<Vec<_>>>()?;
                if is_in {
                    Expr::OneOf(q, opts)
                } else {
                    Expr::HasAny(q, opts)
                }
            }
            Parsed::Has(n, s) => {
                let q = self.question(ctx, file, at, n)?;
                if *self.questions[q].kind.get_ref() != Kind::Multiple {
                    self.kind_error(
                        ctx,
                        file,
                        at(&(n.span.start..s.span.end)),
                        q,
                        "has",
                        fits_choice,
                    );
                    return None;
                }
                Expr::HasAny(q, vec![self.option(ctx, file, at, q, s)?])
            }
        })
    }
}
