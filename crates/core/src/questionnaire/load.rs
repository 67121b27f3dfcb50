//! Sources -> raw files -> a validated [`Questionnaire`], collecting every problem on the way.
//!
//! Reads no files itself: callers hand it source texts registered in a [`Sources`].

use std::collections::HashMap;
use std::ops::Range;

use sha2::{Digest, Sha256};
use toml::Spanned;

use super::graph;
use super::model::{
    Authority, GuidanceBlock, JurisdictionRule, Meta, Question, Questionnaire, Reference,
    ReferenceKind, Rule, Section, Term,
};
use super::parse::parse_file;
use super::question::build_question;
use super::raw::RawFile;
use super::resolve::Resolver;
use crate::diag::{Diagnostic, Sources, did_you_mean};

/// Most questions, rules or options a pack may hold.
pub const MAX_ITEMS: usize = 200_000;
/// Largest single source file, in bytes.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;
/// Most files in one pack.
pub const MAX_FILES: usize = 256;
/// Largest pack, all its files together, in bytes.
pub const MAX_PACK_BYTES: usize = 32 * 1024 * 1024;

const RESERVED_IDS: [&str; 2] = ["not_sure", "end"];

/// The result of a load: the questionnaire when there were no errors, and every diagnostic.
#[derive(Debug)]
pub struct Loaded {
    pub questionnaire: Option<Questionnaire>,
    pub diagnostics: Vec<Diagnostic>,
    /// How much work validation did, for the scale tests.
    pub work: Work,
}

/// Counts of the work of one load: bounded by the limits, whatever the input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Work {
    /// "Did you mean" searches made (each compares at most
    /// [`crate::diag::MAX_SUGGESTION_CANDIDATES`] names).
    pub suggestions: usize,
    /// Steps of the rule reachability check (at most [`super::graph::MAX_REACH_STEPS`] and one
    /// search's worth).
    pub reach_steps: usize,
    /// Diagnostics found before the per-file cap.
    pub diagnostics_found: usize,
}

impl Loaded {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

pub(super) struct Ctx<'s> {
    pub(super) sources: &'s Sources,
    pub(super) diags: Vec<Diagnostic>,
    /// Diagnostics per file so far: past the cap, no "did you mean" is computed (they are not
    /// shown anyway).
    counts: Vec<usize>,
    /// How many "did you mean" searches were made: the tests count the work of validation.
    pub(super) suggestions: usize,
    pub(super) reach_steps: usize,
    /// Every condition written in the pack (file, the string as written): checked for syntax
    /// alone when other errors stop the pack from being built, so one run reports both.
    pub(super) conditions: Vec<(usize, Spanned<String>)>,
}

impl<'s> Ctx<'s> {
    pub(super) fn new(sources: &'s Sources) -> Self {
        Self {
            sources,
            diags: Vec::new(),
            counts: vec![0; sources.files.len()],
            suggestions: 0,
            reach_steps: 0,
            conditions: Vec::new(),
        }
    }

    /// The result: diagnostics capped per file, and the work counts.
    fn finish(self, questionnaire: Option<Questionnaire>) -> Loaded {
        let work = Work {
            suggestions: self.suggestions,
            reach_steps: self.reach_steps,
            diagnostics_found: self.diags.len(),
        };
        Loaded {
            questionnaire,
            diagnostics: crate::diag::cap_per_file(self.diags, self.sources),
            work,
        }
    }

    fn count(&mut self, file: usize) {
        if let Some(c) = self.counts.get_mut(file) {
            *c += 1;
        }
    }

    /// Whether the file already has more diagnostics than are shown.
    pub(super) fn crowded(&self, file: usize) -> bool {
        self.counts
            .get(file)
            .is_some_and(|&c| c >= crate::diag::MAX_DIAGNOSTICS_PER_FILE)
    }

    pub(super) fn error(
        &mut self,
        kind: &'static str,
        file: usize,
        span: Range<usize>,
        msg: String,
    ) -> &mut Diagnostic {
        self.count(file);
        self.diags.push(Diagnostic::error(kind, msg).at(file, span));
        self.diags.last_mut().expect("just pushed")
    }

    pub(super) fn warning(
        &mut self,
        kind: &'static str,
        file: usize,
        span: Range<usize>,
        msg: String,
    ) {
        self.count(file);
        self.diags
            .push(Diagnostic::warning(kind, msg).at(file, span));
    }

    pub(super) fn position(&self, file: usize, span: &Range<usize>) -> String {
        let (l, c) = self.sources.line_col(file, span.start);
        format!("{}:{l}:{c}", self.sources.files[file].name)
    }
}

pub(super) fn check_id(ctx: &mut Ctx, file: usize, id: &Spanned<String>, what: &str) {
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
pub(super) fn index_ids<'a>(
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

pub(super) fn unknown<'a>(
    ctx: &mut Ctx,
    kind: &'static str,
    file: usize,
    span: Range<usize>,
    msg: String,
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) {
    let help = if ctx.crowded(file) {
        None
    } else {
        ctx.suggestions += 1;
        did_you_mean(word, candidates).map(|s| format!("did you mean `{s}`?"))
    };
    ctx.error(kind, file, span, msg).help = help;
}

/// Looks ids up in an index, reporting each unknown one with a "did you mean".
pub(super) fn resolve_ids(
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

/// How many `[[table]]` headers a text holds: an upper bound of its questions and rules, counted
/// without parsing.
fn count_tables(text: &str) -> usize {
    text.lines()
        .filter(|l| l.trim_start().starts_with("[["))
        .count()
}

/// Loads one pack from source files already registered in `sources`, in the given order.
///
/// `origin` is recorded in the questionnaire (`embedded` or a path).
pub fn load(sources: &Sources, files: &[usize], origin: &str) -> Loaded {
    let mut ctx = Ctx::new(sources);
    if files.len() > MAX_FILES {
        ctx.diags.push(Diagnostic::error(
            "too-large",
            format!("a pack may hold at most {MAX_FILES} files"),
        ));
        return ctx.finish(None);
    }
    let mut raws: Vec<(usize, RawFile)> = Vec::new();
    let mut items = 0;
    let mut parsed = 0;
    let mut bytes = 0;
    for &f in files {
        // The limits are checked file by file, before each file is parsed, so a pack over them
        // stops at the file that passes them.
        let text = &sources.files[f].text;
        bytes += text.len();
        items += count_tables(text);
        if bytes > MAX_PACK_BYTES || items > MAX_ITEMS {
            ctx.diags.push(Diagnostic::error(
                "too-large",
                format!(
                    "a pack may hold at most {MAX_ITEMS} questions and rules and {} MiB; {} passes \
                     the limit",
                    MAX_PACK_BYTES >> 20,
                    crate::diag::sanitize(&sources.files[f].name)
                ),
            ));
            break;
        }
        if let Some(raw) = parse_file(&mut ctx, f) {
            // Items written as inline arrays are not seen by the count above.
            parsed += raw.question.len() + raw.rule.len();
            items = items.max(parsed);
            raws.push((f, raw));
        }
    }
    if ctx.diags.iter().any(Diagnostic::is_error) {
        // The pack cannot be built, so its conditions are not resolved: check their syntax now
        // rather than only in the next run.
        for (file, src) in std::mem::take(&mut ctx.conditions) {
            super::resolve::check_syntax(&mut ctx, file, &src);
        }
        return ctx.finish(None);
    }
    ctx.conditions = Vec::new();
    let q = build(&mut ctx, raws, files, origin);
    let q = if ctx.diags.iter().any(Diagnostic::is_error) {
        None
    } else {
        q
    };
    ctx.finish(q)
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
    let mut jurisdictions_raw = Vec::new();
    let mut authorities_raw = Vec::new();
    let mut guidance_raw = Vec::new();
    for (f, raw) in raws {
        jurisdictions_raw.extend(raw.jurisdiction.into_iter().map(|j| (f, j)));
        authorities_raw.extend(raw.authority.into_iter().map(|a| (f, a)));
        guidance_raw.extend(raw.guidance.into_iter().map(|g| (f, g)));
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
    let gindex = index_ids(
        ctx,
        guidance_raw.iter().map(|(f, g)| (*f, &g.id)),
        "shared guidance",
    );
    let _ = index_ids(
        ctx,
        authorities_raw.iter().map(|(f, a)| (*f, &a.id)),
        "authority",
    );

    let resolver = Resolver {
        questions: &questions_raw,
        qindex: &qindex,
    };
    let mut questions = Vec::with_capacity(questions_raw.len());
    for (i, rq) in questions_raw.iter().enumerate() {
        let f = qfile[i];
        questions.push(build_question(ctx, &resolver, f, i, rq, &sindex, &tindex));
    }
    for (f, r) in &refs_raw {
        if r.kind == ReferenceKind::Law && r.url.as_deref().is_none_or(|u| u.trim().is_empty()) {
            ctx.diags.push(
                Diagnostic::warning(
                    "no-url",
                    format!(
                        "legal reference `{}` has no url (official journal, legislation site or regulator page)",
                        r.id.get_ref()
                    ),
                )
                .at(*f, r.id.span())
                .with_help(
                    "add url = \"https://...\", or kind = \"guidance\" or \"study\" if it is not a legal instrument",
                ),
            );
        }
    }
    let ref_kinds: Vec<ReferenceKind> = refs_raw.iter().map(|(_, r)| r.kind).collect();
    let rules = build_rules(ctx, &resolver, &rules_raw, &rindex, &ref_kinds, &gindex);
    let jurisdictions = build_jurisdictions(ctx, &resolver, &jurisdictions_raw);
    let authorities: Vec<Authority> = authorities_raw
        .iter()
        .map(|(f, a)| Authority {
            id: a.id.get_ref().clone(),
            jurisdiction: *a.jurisdiction.get_ref(),
            name: a.name.clone(),
            url: a.url.clone(),
            when: resolver.resolve(ctx, *f, &a.when),
        })
        .collect();
    for (f, g) in &guidance_raw {
        if g.steps.is_empty() {
            ctx.warning(
                "no-guidance",
                *f,
                g.id.span(),
                format!("shared guidance `{}` has no steps", g.id.get_ref()),
            );
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
                kind: r.kind,
                pinpoint: String::new(),
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
        jurisdictions,
        authorities,
        guidance: guidance_raw
            .into_iter()
            .map(|(_, g)| GuidanceBlock {
                id: g.id.into_inner(),
                title: g.title,
                steps: g.steps,
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
    let mut steps = 0;
    ctx.diags
        .extend(graph::check(&questionnaire, &spans, &mut steps));
    ctx.reach_steps = steps;
    Some(questionnaire)
}

/// Splits a rule's reference into its id and pinpoint: `"eu-2021-821 Art. 5(2)"` cites
/// Art. 5(2) of the reference `eu-2021-821`; a bare id cites the whole instrument.
pub(super) fn split_reference(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    match text.find(char::is_whitespace) {
        Some(at) => (&text[..at], text[at..].trim()),
        None => (text, ""),
    }
}

fn build_rules(
    ctx: &mut Ctx,
    resolver: &Resolver,
    rules_raw: &[(usize, super::raw::RawRule)],
    rindex: &HashMap<String, usize>,
    ref_kinds: &[ReferenceKind],
    gindex: &HashMap<String, usize>,
) -> Vec<Rule> {
    let mut rules = Vec::with_capacity(rules_raw.len());
    for (f, rr) in rules_raw {
        let f = *f;
        let when = resolver.resolve(ctx, f, &rr.when);
        let mut references = Vec::with_capacity(rr.references.len());
        for cited in &rr.references {
            let (id, pinpoint) = split_reference(cited.get_ref());
            // The id's place in the file: inside the quotes, past leading blanks.
            let base = super::resolve::content_offset(&ctx.sources.files[f].text, &cited.span());
            let lead = cited.get_ref().len() - cited.get_ref().trim_start().len();
            let id_span = cited.span().start..base + lead + id.len();
            match rindex.get(id) {
                Some(&i) => {
                    if pinpoint.is_empty() && ref_kinds.get(i) == Some(&ReferenceKind::Law) {
                        ctx.diags.push(
                            Diagnostic::warning(
                                "no-pinpoint",
                                format!(
                                    "rule `{}` cites the legal instrument `{id}` without a pinpoint",
                                    rr.id.get_ref()
                                ),
                            )
                            .at(f, id_span.clone())
                            .with_help(format!(
                                "name the exact place after the id, e.g. \"{id} Art. 4(1)\", \"{id} Annex I, 5A002\" or \"{id} § 734.8(a)\""
                            )),
                        );
                    }
                    references.push((i, pinpoint.to_string()));
                }
                None => unknown(
                    ctx,
                    "unknown-reference",
                    f,
                    id_span,
                    format!("unknown reference `{id}`"),
                    id,
                    rindex.keys().map(String::as_str),
                ),
            }
        }
        let shared_guidance = resolve_ids(
            ctx,
            f,
            &rr.shared_guidance,
            gindex,
            "unknown-guidance",
            "shared guidance",
        );
        if rr.references.is_empty() {
            ctx.warning(
                "no-references",
                f,
                rr.id.span(),
                format!("rule `{}` cites no reference", rr.id.get_ref()),
            );
        }
        if rr.guidance.is_empty() && rr.shared_guidance.is_empty() {
            ctx.warning(
                "no-guidance",
                f,
                rr.id.span(),
                format!("rule `{}` gives no guidance steps", rr.id.get_ref()),
            );
        }
        if rr.jurisdiction.is_none() {
            ctx.diags.push(
                Diagnostic::warning(
                    "no-jurisdiction",
                    format!(
                        "rule `{}` does not say which jurisdiction it speaks for",
                        rr.id.get_ref()
                    ),
                )
                .at(f, rr.id.span())
                .with_help("add jurisdiction = \"eu\", \"uk\", \"us\" or \"any\""),
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
                shared_guidance,
                references,
                list_area: rr.list_area.clone(),
                jurisdiction: rr
                    .jurisdiction
                    .as_ref()
                    .map_or_else(Default::default, |j| *j.get_ref()),
            });
        }
    }
    rules
}

fn build_jurisdictions(
    ctx: &mut Ctx,
    resolver: &Resolver,
    raw: &[(usize, super::raw::RawJurisdiction)],
) -> Vec<JurisdictionRule> {
    let mut out: Vec<JurisdictionRule> = Vec::new();
    for (f, j) in raw {
        let id = *j.id.get_ref();
        if id == crate::taxonomy::Jurisdiction::Any {
            ctx.error(
                "invalid-jurisdiction",
                *f,
                j.id.span(),
                "rules for `any` jurisdiction always apply; a [[jurisdiction]] table names eu, uk or us".into(),
            );
            continue;
        }
        if out.iter().any(|x| x.id == id) {
            ctx.error(
                "duplicate-id",
                *f,
                j.id.span(),
                format!("duplicate [[jurisdiction]] `{}`", id.code()),
            );
            continue;
        }
        if let Some(applies) = resolver.resolve(ctx, *f, &j.applies) {
            out.push(JurisdictionRule { id, applies });
        }
    }
    out
}
