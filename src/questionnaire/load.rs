//! Sources -> raw files -> a validated [`Questionnaire`], collecting every problem on the way.
//!
//! Reads no files itself: callers hand it source texts registered in a [`Sources`].

use std::collections::HashMap;
use std::ops::Range;

use sha2::{Digest, Sha256};
use toml::Spanned;

use super::expr::{self, CmpOp, Expr, Literal, Name, Parsed};
use super::graph;
use super::model::{
    AnswerOption, Kind, Meta, NextRule, Question, Questionnaire, Reference, Rule, Section, Target,
    Term,
};
use super::raw::{RawFile, RawQuestion};
use crate::diag::{Diagnostic, Sources, did_you_mean};

/// Most questions, rules or options a pack may hold.
pub const MAX_ITEMS: usize = 200_000;
/// Largest single source file, in bytes.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;
/// Most files in one pack.
pub const MAX_FILES: usize = 256;

const RESERVED_IDS: [&str; 2] = ["not_sure", "end"];

/// The result of a load: the questionnaire when there were no errors, and every diagnostic.
#[derive(Debug)]
pub struct Loaded {
    pub questionnaire: Option<Questionnaire>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

struct Ctx<'s> {
    sources: &'s Sources,
    diags: Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn error(
        &mut self,
        kind: &'static str,
        file: usize,
        span: Range<usize>,
        msg: String,
    ) -> &mut Diagnostic {
        self.diags.push(Diagnostic::error(kind, msg).at(file, span));
        self.diags.last_mut().expect("just pushed")
    }

    fn warning(&mut self, kind: &'static str, file: usize, span: Range<usize>, msg: String) {
        self.diags
            .push(Diagnostic::warning(kind, msg).at(file, span));
    }

    fn position(&self, file: usize, span: &Range<usize>) -> String {
        let (l, c) = self.sources.line_col(file, span.start);
        format!("{}:{l}:{c}", self.sources.files[file].name)
    }
}

fn check_id(ctx: &mut Ctx, file: usize, id: &Spanned<String>, what: &str) {
    let text = id.get_ref();
    let valid = !text.is_empty()
        && text.len() <= 64
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if !valid {
        ctx.error(
            "invalid-id",
            file,
            id.span(),
            format!("{what} id `{text}` must be 1-64 lower-case letters, digits, `_` or `-`"),
        );
    } else if RESERVED_IDS.contains(&text.as_str()) {
        ctx.error(
            "reserved-id",
            file,
            id.span(),
            format!("`{text}` is reserved and cannot be a {what} id"),
        );
    }
}

/// Registers ids, reporting duplicates; returns id -> (index, file, span).
fn index_ids<'a>(
    ctx: &mut Ctx,
    items: impl Iterator<Item = (usize, &'a Spanned<String>)>,
    what: &str,
) -> HashMap<String, usize> {
    let mut seen: HashMap<String, (usize, Range<usize>, usize)> = HashMap::new();
    for (i, (file, id)) in items.enumerate() {
        check_id(ctx, file, id, what);
        if let Some((f0, s0, _)) = seen.get(id.get_ref()) {
            let first = ctx.position(*f0, s0);
            ctx.error(
                "duplicate-id",
                file,
                id.span(),
                format!("duplicate {what} id `{}`", id.get_ref()),
            )
            .help = Some(format!("first defined at {first}"));
        } else {
            seen.insert(id.get_ref().clone(), (file, id.span(), i));
        }
    }
    seen.into_iter().map(|(k, (_, _, i))| (k, i)).collect()
}

fn unknown<'a>(
    ctx: &mut Ctx,
    kind: &'static str,
    file: usize,
    span: Range<usize>,
    msg: String,
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) {
    let help = did_you_mean(word, candidates).map(|s| format!("did you mean `{s}`?"));
    ctx.error(kind, file, span, msg).help = help;
}

/// Looks ids up in an index, reporting each unknown one with a "did you mean".
fn resolve_ids(
    ctx: &mut Ctx,
    file: usize,
    ids: &[Spanned<String>],
    index: &HashMap<String, usize>,
    kind: &'static str,
    what: &str,
) -> Vec<usize> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        match index.get(id.get_ref()) {
            Some(&i) => out.push(i),
            None => unknown(
                ctx,
                kind,
                file,
                id.span(),
                format!("unknown {what} `{}`", id.get_ref()),
                id.get_ref(),
                index.keys().map(String::as_str),
            ),
        }
    }
    out
}

/// Byte offset of the first character of a TOML string's content, given the span of the string.
fn content_offset(text: &str, span: &Range<usize>) -> usize {
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

struct Resolver<'a> {
    questions: &'a [RawQuestion],
    qfile: &'a [usize],
    qindex: &'a HashMap<String, usize>,
}

impl Resolver<'_> {
    /// Parses and resolves an expression written at `src` in `file`.
    fn resolve(&self, ctx: &mut Ctx, file: usize, src: &Spanned<String>) -> Option<Expr> {
        let base = content_offset(&ctx.sources.files[file].text, &src.span());
        let at = |r: &Range<usize>| base + r.start..base + r.end;
        match expr::parse(src.get_ref()) {
            Err(e) => {
                ctx.error("expression-syntax", file, at(&e.span), e.message);
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
    ) -> Option<usize> {
        if let Some(&q) = self.qindex.get(&name.text) {
            return Some(q);
        }
        unknown(
            ctx,
            "unknown-question",
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
        q: usize,
        name: &Name,
    ) -> Option<usize> {
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
            return Some(i);
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
            "unknown-option",
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
        q: usize,
        op: &str,
        fits: &str,
    ) {
        let raw = &self.questions[q];
        ctx.error(
            "type-mismatch",
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

    fn lower(
        &self,
        ctx: &mut Ctx,
        file: usize,
        at: &impl Fn(&Range<usize>) -> Range<usize>,
        p: &Parsed,
    ) -> Option<Expr> {
        let fits_choice = "for single choice and yes/no use ==, != or in; for multiple choice use has or has_any; for numbers use <, <=, >, >=, == or !=";
        Some(match p {
            // Lower every part before giving up, so all problems of an expression are reported.
            Parsed::And(items) => Expr::And(
                items
                    .iter()
                    .map(|i| self.lower(ctx, file, at, i))
                    .collect::<Vec<_>>()
                    .into_iter()
                    .collect::<Option<_>>()?,
            ),
            Parsed::Or(items) => Expr::Or(
                items
                    .iter()
                    .map(|i| self.lower(ctx, file, at, i))
                    .collect::<Vec<_>>()
                    .into_iter()
                    .collect::<Option<_>>()?,
            ),
            Parsed::Not(inner) => Expr::Not(Box::new(self.lower(ctx, file, at, inner)?)),
            Parsed::Answered(n) => {
                let q = self.question(ctx, file, at, n)?;
                let _ = self.qfile;
                Expr::Answered(q)
            }
            Parsed::NotSure(n) => {
                let q = self.question(ctx, file, at, n)?;
                let raw = &self.questions[q];
                if !raw.not_sure.as_ref().is_some_and(|b| *b.get_ref()) {
                    ctx.error(
                        "type-mismatch",
                        file,
                        at(&n.span),
                        format!("question `{}` does not offer \"Not sure\"", n.text),
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

fn parse_file(ctx: &mut Ctx, file: usize) -> Option<RawFile> {
    let text = &ctx.sources.files[file].text;
    if text.len() > MAX_FILE_BYTES {
        ctx.diags.push(Diagnostic::error(
            "too-large",
            format!(
                "{} is larger than {} MiB",
                ctx.sources.files[file].name,
                MAX_FILE_BYTES >> 20
            ),
        ));
        return None;
    }
    // Syntax errors are recovered from where the parser can, and each table is read on its own,
    // so one run reports every problem of the file, not only the first.
    let (root, syntax) = toml::de::DeTable::parse_recoverable(text);
    if !syntax.is_empty() {
        for e in &syntax {
            report_toml_error(ctx, file, e);
        }
        return None;
    }
    let mut raw = RawFile::default();
    let mut ok = true;
    for (key, value) in root.get_ref() {
        let name: &str = key.get_ref();
        match name {
            "questionnaire" => raw.questionnaire = read_item(ctx, file, value, &mut ok),
            "section" => raw.section = read_items(ctx, file, value, &mut ok),
            "question" => raw.question = read_items(ctx, file, value, &mut ok),
            "rule" => raw.rule = read_items(ctx, file, value, &mut ok),
            "reference" => raw.reference = read_items(ctx, file, value, &mut ok),
            "term" => raw.term = read_items(ctx, file, value, &mut ok),
            other => {
                ok = false;
                unknown(
                    ctx,
                    "unknown-field",
                    file,
                    key.span(),
                    format!("unknown table `{other}`"),
                    other,
                    TOP_LEVEL,
                );
                if let Some(d) = ctx.diags.last_mut()
                    && d.help.is_none()
                {
                    d.help = Some(format!("a pack file holds {}", TOP_LEVEL.join(", ")));
                }
            }
        }
    }
    ok.then_some(raw)
}

/// The tables a pack file may hold.
const TOP_LEVEL: [&str; 6] = [
    "questionnaire",
    "section",
    "question",
    "rule",
    "reference",
    "term",
];

/// Deserialises one value, reporting a failure with its position.
fn read_item<T: serde::de::DeserializeOwned>(
    ctx: &mut Ctx,
    file: usize,
    value: &Spanned<toml::de::DeValue<'_>>,
    ok: &mut bool,
) -> Option<T> {
    match T::deserialize(toml::de::ValueDeserializer::from(value.clone())) {
        Ok(v) => Some(v),
        Err(e) => {
            *ok = false;
            if e.span().is_none() {
                let mut d = Diagnostic::error("toml", e.message().trim().to_string());
                d.location = Some(crate::diag::Location {
                    file,
                    span: value.span(),
                });
                ctx.diags.push(d);
            } else {
                report_toml_error(ctx, file, &e);
            }
            None
        }
    }
}

/// Deserialises every element of an array of tables, each on its own.
fn read_items<T: serde::de::DeserializeOwned>(
    ctx: &mut Ctx,
    file: usize,
    value: &Spanned<toml::de::DeValue<'_>>,
    ok: &mut bool,
) -> Vec<T> {
    let toml::de::DeValue::Array(items) = value.get_ref() else {
        *ok = false;
        ctx.error(
            "toml",
            file,
            value.span(),
            "expected an array of tables, written [[name]]".into(),
        );
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| read_item(ctx, file, item, ok))
        .collect()
}

fn report_toml_error(ctx: &mut Ctx, file: usize, e: &toml::de::Error) {
    let span = e.span().unwrap_or(0..0);
    let message = e.message().trim().to_string();
    let help = suggest_field(&message);
    let kind = if message.starts_with("unknown field") {
        "unknown-field"
    } else if message.starts_with("missing field") {
        "missing-field"
    } else if message.starts_with("unknown variant") {
        "unknown-value"
    } else {
        "toml"
    };
    ctx.error(kind, file, span, message).help = help;
}

/// "unknown field `tittle`, expected one of `id`, `title`" -> "did you mean `title`?"
fn suggest_field(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))?;
    let (word, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    did_you_mean(word, candidates).map(|s| format!("did you mean `{s}`?"))
}

/// Loads one pack from source files already registered in `sources`, in the given order.
///
/// `origin` is recorded in the questionnaire (`embedded` or a path).
pub fn load(sources: &Sources, files: &[usize], origin: &str) -> Loaded {
    let mut ctx = Ctx {
        sources,
        diags: Vec::new(),
    };
    if files.len() > MAX_FILES {
        ctx.diags.push(Diagnostic::error(
            "too-large",
            format!("a pack may hold at most {MAX_FILES} files"),
        ));
        return Loaded {
            questionnaire: None,
            diagnostics: ctx.diags,
        };
    }
    let mut raws: Vec<(usize, RawFile)> = Vec::new();
    for &f in files {
        if let Some(raw) = parse_file(&mut ctx, f) {
            raws.push((f, raw));
        }
    }
    if ctx.diags.iter().any(Diagnostic::is_error) {
        return Loaded {
            questionnaire: None,
            diagnostics: ctx.diags,
        };
    }
    let q = build(&mut ctx, raws, files, origin);
    let q = if ctx.diags.iter().any(Diagnostic::is_error) {
        None
    } else {
        q
    };
    Loaded {
        questionnaire: q,
        diagnostics: ctx.diags,
    }
}

fn build(
    ctx: &mut Ctx,
    mut raws: Vec<(usize, RawFile)>,
    files: &[usize],
    origin: &str,
) -> Option<Questionnaire> {
    // Header: one base header, optionally one extending header which names the combination.
    let mut base_meta = None;
    let mut ext_meta = None;
    let mut extension_first_question = None;
    let mut question_count = 0;
    for (f, raw) in &mut raws {
        if let Some(m) = raw.questionnaire.take() {
            let is_ext = m.get_ref().extends.is_some();
            let slot = if is_ext {
                &mut ext_meta
            } else {
                &mut base_meta
            };
            if let Some((f0, m0)) = slot.as_ref() {
                let m0: &Spanned<super::raw::RawMeta> = m0;
                let first = ctx.position(*f0, &m0.span());
                ctx.error(
                    "duplicate-header",
                    *f,
                    m.span(),
                    "a pack has exactly one [questionnaire] table".into(),
                )
                .help = Some(format!("the first one is at {first}"));
            } else {
                if is_ext {
                    extension_first_question = Some(question_count);
                }
                *slot = Some((*f, m));
            }
        }
        question_count += raw.question.len();
    }
    let Some((meta_file, meta)) = ext_meta.as_ref().or(base_meta.as_ref()) else {
        ctx.diags.push(
            Diagnostic::error("missing-header", "no [questionnaire] table in this pack")
                .at(files.first().copied().unwrap_or(0), 0..0)
                .with_help(
                    "add [questionnaire] with id, title, description, version and legal_data_as_of",
                ),
        );
        return None;
    };
    let meta_file = *meta_file;
    let m = meta.get_ref();
    if ext_meta.is_some() && base_meta.is_none() {
        let ext = m.extends.as_ref().expect("extension header");
        ctx.error(
            "unknown-pack",
            meta_file,
            ext.span(),
            format!("the pack `{}` this extends was not found", ext.get_ref()),
        );
    }
    check_id(ctx, meta_file, &m.id, "questionnaire");
    let date = m.legal_data_as_of.get_ref();
    let legal_date = if let (Some(d), None) = (&date.date, &date.time) {
        format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
    } else {
        ctx.error(
            "invalid-date",
            meta_file,
            m.legal_data_as_of.span(),
            "legal_data_as_of must be a date such as 2025-11-15".into(),
        );
        String::new()
    };

    let mut sections_raw = Vec::new();
    let mut questions_raw = Vec::new();
    let mut qfile = Vec::new();
    let mut rules_raw = Vec::new();
    let mut refs_raw = Vec::new();
    let mut terms_raw = Vec::new();
    for (f, raw) in raws {
        sections_raw.extend(raw.section.into_iter().map(|s| (f, s)));
        qfile.extend(std::iter::repeat_n(f, raw.question.len()));
        questions_raw.extend(raw.question);
        rules_raw.extend(raw.rule.into_iter().map(|r| (f, r)));
        refs_raw.extend(raw.reference.into_iter().map(|r| (f, r)));
        terms_raw.extend(raw.term.into_iter().map(|t| (f, t)));
    }
    if questions_raw.len() + rules_raw.len() > MAX_ITEMS {
        ctx.diags.push(Diagnostic::error(
            "too-large",
            format!("a pack may hold at most {MAX_ITEMS} questions and rules"),
        ));
        return None;
    }
    if questions_raw.is_empty() {
        ctx.error(
            "empty",
            meta_file,
            meta.span(),
            "the pack has no questions".into(),
        );
        return None;
    }

    let sindex = index_ids(
        ctx,
        sections_raw.iter().map(|(f, s)| (*f, &s.id)),
        "section",
    );
    let qindex = index_ids(
        ctx,
        questions_raw.iter().zip(&qfile).map(|(q, f)| (*f, &q.id)),
        "question",
    );
    let rindex = index_ids(ctx, refs_raw.iter().map(|(f, r)| (*f, &r.id)), "reference");
    let tindex = index_ids(
        ctx,
        terms_raw.iter().map(|(f, t)| (*f, &t.id)),
        "glossary term",
    );
    let _ = index_ids(ctx, rules_raw.iter().map(|(f, r)| (*f, &r.id)), "rule");

    let resolver = Resolver {
        questions: &questions_raw,
        qfile: &qfile,
        qindex: &qindex,
    };
    let mut questions = Vec::with_capacity(questions_raw.len());
    for (i, rq) in questions_raw.iter().enumerate() {
        let f = qfile[i];
        questions.push(build_question(ctx, &resolver, f, i, rq, &sindex, &tindex));
    }
    let mut rules = Vec::with_capacity(rules_raw.len());
    for (f, rr) in &rules_raw {
        let when = resolver.resolve(ctx, *f, &rr.when);
        let references = resolve_ids(
            ctx,
            *f,
            &rr.references,
            &rindex,
            "unknown-reference",
            "reference",
        );
        if rr.references.is_empty() {
            ctx.warning(
                "no-references",
                *f,
                rr.id.span(),
                format!("rule `{}` cites no reference", rr.id.get_ref()),
            );
        }
        if rr.guidance.is_empty() {
            ctx.warning(
                "no-guidance",
                *f,
                rr.id.span(),
                format!("rule `{}` gives no guidance steps", rr.id.get_ref()),
            );
        }
        if let Some(when) = when {
            rules.push(Rule {
                id: rr.id.get_ref().clone(),
                when,
                finding: *rr.finding.get_ref(),
                tier: *rr.tier.get_ref(),
                title: rr.title.clone(),
                rationale: rr.rationale.clone(),
                guidance: rr.guidance.clone(),
                references,
                list_area: rr.list_area.clone(),
            });
        }
    }

    let start = match &m.start {
        Some(s) => qindex.get(s.get_ref()).copied().or_else(|| {
            unknown(
                ctx,
                "unknown-question",
                meta_file,
                s.span(),
                format!("unknown start question `{}`", s.get_ref()),
                s.get_ref(),
                qindex.keys().map(String::as_str),
            );
            None
        }),
        None => Some(0),
    };
    if ctx.diags.iter().any(Diagnostic::is_error) {
        return None;
    }
    let questions: Vec<Question> = questions.into_iter().collect::<Option<_>>()?;

    // Unused sections and terms are warnings: they usually mean a typo elsewhere.
    for (si, (f, s)) in sections_raw.iter().enumerate() {
        if !questions.iter().any(|q| q.section == si) {
            ctx.warning(
                "empty-section",
                *f,
                s.id.span(),
                format!("section `{}` has no questions", s.id.get_ref()),
            );
        }
    }

    let mut hasher = Sha256::new();
    for &f in files {
        hasher.update(ctx.sources.files[f].text.as_bytes());
        hasher.update([0u8]);
    }
    let hash: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();

    let questionnaire = Questionnaire {
        meta: Meta {
            id: m.id.get_ref().clone(),
            title: m.title.clone(),
            description: m.description.clone(),
            version: m.version.clone(),
            legal_data_as_of: legal_date,
            audience: m.audience.clone(),
            extends: m.extends.as_ref().map(|e| e.get_ref().clone()),
        },
        sections: sections_raw
            .into_iter()
            .map(|(_, s)| Section {
                id: s.id.into_inner(),
                title: s.title,
                intro: s.intro,
            })
            .collect(),
        questions,
        rules,
        references: refs_raw
            .into_iter()
            .map(|(_, r)| Reference {
                id: r.id.into_inner(),
                title: r.title,
                issuer: r.issuer,
                date: r.date,
                url: r.url,
            })
            .collect(),
        terms: terms_raw
            .into_iter()
            .map(|(_, t)| Term {
                id: t.id.into_inner(),
                term: t.term,
                definition: t.definition,
            })
            .collect(),
        start: start.unwrap_or(0),
        extension_start: extension_first_question,
        hash: format!("sha256:{hash}"),
        origin: origin.to_string(),
        index: qindex,
    };
    let spans = graph::Spans {
        question: questions_raw
            .iter()
            .zip(&qfile)
            .map(|(q, f)| (*f, q.id.span()))
            .collect(),
        rule: rules_raw.iter().map(|(f, r)| (*f, r.when.span())).collect(),
    };
    ctx.diags.extend(graph::check(&questionnaire, &spans));
    Some(questionnaire)
}

#[allow(clippy::too_many_arguments)]
fn build_question(
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
            format!("a {} question cannot offer \"Not sure\"", kind.code()),
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
                })
                .collect();
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
                },
                AnswerOption {
                    id: "no".into(),
                    label: "No".into(),
                    help: None,
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
        unit: rq.unit.clone(),
        max_length: rq.max_length.unwrap_or(200).min(10_000),
    })
}
