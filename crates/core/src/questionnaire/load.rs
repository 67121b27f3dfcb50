//! Sources -> raw files -> a validated [`Questionnaire`], collecting every problem on the way.
//!
//! Reads no files itself: callers hand it source texts registered in a [`Sources`].

use crate::diag::DiagnosticKind;
use std::collections::HashMap;

use sha2::{Digest, Sha256};
use toml::Spanned;

use super::graph;
use super::model::{
    Authority, GuidanceBlock, JurisdictionRule, Meta, Question, QuestionIx, Questionnaire,
    Reference, ReferenceKind, Rule, Section, SectionIx, Term,
};
use super::parse::parse_file;
use super::question::{At, Lookup, build_question};
use super::raw::{
    RawAuthority, RawFile, RawGuidance, RawJurisdiction, RawMeta, RawQuestion, RawReference,
    RawRule, RawSection, RawTerm,
};
use super::resolve::Resolver;
use crate::diag::{Diagnostic, Sources};

use super::context::{Ctx, check_id, index_ids, resolve_ids, unknown};
pub use super::context::{Loaded, MAX_FILE_BYTES, MAX_FILES, MAX_ITEMS, MAX_PACK_BYTES, Work};

/// How many `[[table]]` headers a text holds: an upper bound of its questions and rules, counted
/// without parsing.
fn count_tables(text: &str) -> usize {
    text.lines()
        .filter(|l| l.trim_start().starts_with("[["))
        .count()
}

/// Loads one pack from source files already registered in `sources`, in the given order.
///
/// `origin` is recorded in the questionnaire ([`super::model::EMBEDDED_ORIGIN`] or a path).
pub fn load(sources: &Sources, files: &[usize], origin: &str) -> Loaded {
    let mut ctx = Ctx::new(sources);
    if files.len() > MAX_FILES {
        ctx.diags.push(Diagnostic::error(
            DiagnosticKind::TooLarge,
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
                DiagnosticKind::TooLarge,
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

/// Builds the questionnaire from the parsed files of a pack, reporting every problem in `ctx`;
/// `None` when it cannot be built.
fn build(
    ctx: &mut Ctx,
    mut raws: Vec<(usize, RawFile)>,
    files: &[usize],
    origin: &str,
) -> Option<Questionnaire> {
    let headers = take_headers(ctx, &mut raws);
    let Some((meta_file, meta)) = headers.naming() else {
        ctx.diags.push(
            Diagnostic::error(
                DiagnosticKind::MissingHeader,
                "no [questionnaire] table in this pack",
            )
            .at(files.first().copied().unwrap_or(0), 0..0)
            .with_help(
                "add [questionnaire] with id, title, description, version and legal_data_as_of",
            ),
        );
        return None;
    };
    let m = meta.get_ref();
    let legal_date = check_header(ctx, &headers, meta_file, m);

    let tables = Tables::gather(raws);
    if !check_size(ctx, &tables, meta_file, meta) {
        return None;
    }
    let idx = index_tables(ctx, &tables);
    let resolver = Resolver {
        questions: &tables.questions,
        qindex: &idx.questions,
    };
    let questions = build_questions(ctx, &resolver, &tables, &idx);
    warn_references_without_url(ctx, &tables.references);
    let ref_kinds: Vec<ReferenceKind> = tables.references.iter().map(|(_, r)| r.kind).collect();
    let rules = build_rules(
        ctx,
        &resolver,
        &tables.rules,
        &idx.references,
        &ref_kinds,
        &idx.guidance,
    );
    let jurisdictions = build_jurisdictions(ctx, &resolver, &tables.jurisdictions);
    let authorities = build_authorities(ctx, &resolver, &tables.authorities);
    warn_guidance_without_steps(ctx, &tables.guidance);
    let start = resolve_start(ctx, meta_file, m, &idx.questions);
    if ctx.diags.iter().any(Diagnostic::is_error) {
        return None;
    }
    let questions: Vec<Question> = questions.into_iter().collect::<Option<_>>()?;
    warn_empty_sections(ctx, &tables.sections, &questions);

    let hash = pack_hash(ctx.sources, files);
    let Tables {
        sections,
        questions: questions_raw,
        qfile,
        rules: rules_raw,
        references,
        terms,
        guidance,
        ..
    } = tables;
    let questionnaire = Questionnaire {
        meta: build_meta(m, legal_date),
        sections: build_sections(sections),
        questions,
        rules,
        references: build_references(references),
        terms: build_terms(terms),
        jurisdictions,
        authorities,
        guidance: build_guidance(guidance),
        start: QuestionIx(start.unwrap_or(0)),
        extension_start: headers.extension_start.map(QuestionIx),
        hash,
        origin: origin.to_string(),
        index: idx
            .questions
            .into_iter()
            .map(|(id, i)| (id, QuestionIx(i)))
            .collect(),
    };
    check_graph(ctx, &questionnaire, &questions_raw, &qfile, &rules_raw);
    Some(questionnaire)
}

/// A `[questionnaire]` table with the file it is written in.
type Header = (usize, Spanned<RawMeta>);

/// The `[questionnaire]` headers of a pack: the base one and the extending one.
struct Headers {
    base: Option<Header>,
    extension: Option<Header>,
    /// The index of the first question of the file with the extending header.
    extension_start: Option<usize>,
}

impl Headers {
    /// The header that names the pack, with its file: the extending one when there is one.
    fn naming(&self) -> Option<(usize, &Spanned<RawMeta>)> {
        self.extension
            .as_ref()
            .or(self.base.as_ref())
            .map(|(f, m)| (*f, m))
    }
}

/// Takes the `[questionnaire]` tables out of the files: one base header, optionally one
/// extending header which names the combination; reports every further one.
fn take_headers(ctx: &mut Ctx, raws: &mut [(usize, RawFile)]) -> Headers {
    let mut headers = Headers {
        base: None,
        extension: None,
        extension_start: None,
    };
    let mut question_count = 0;
    for (f, raw) in raws {
        if let Some(m) = raw.questionnaire.take() {
            let is_ext = m.get_ref().extends.is_some();
            let slot = if is_ext {
                &mut headers.extension
            } else {
                &mut headers.base
            };
            if let Some((f0, m0)) = slot.as_ref() {
                let first = ctx.position(*f0, &m0.span());
                ctx.error(
                    DiagnosticKind::DuplicateHeader,
                    *f,
                    m.span(),
                    "a pack has exactly one [questionnaire] table".into(),
                )
                .help = Some(format!("the first one is at {first}"));
            } else {
                if is_ext {
                    headers.extension_start = Some(question_count);
                }
                *slot = Some((*f, m));
            }
        }
        question_count += raw.question.len();
    }
    headers
}

/// Checks the naming header `m`: that the pack it extends was found, its id and its
/// `legal_data_as_of`; returns that date as `YYYY-MM-DD` (empty when it is not a date).
fn check_header(ctx: &mut Ctx, headers: &Headers, meta_file: usize, m: &RawMeta) -> String {
    if headers.extension.is_some() && headers.base.is_none() {
        let ext = m.extends.as_ref().expect("extension header");
        ctx.error(
            DiagnosticKind::UnknownPack,
            meta_file,
            ext.span(),
            format!("the pack `{}` this extends was not found", ext.get_ref()),
        );
    }
    check_id(ctx, meta_file, &m.id, "questionnaire");
    let date = m.legal_data_as_of.get_ref();
    if let (Some(d), None) = (&date.date, &date.time) {
        format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
    } else {
        ctx.error(
            DiagnosticKind::InvalidDate,
            meta_file,
            m.legal_data_as_of.span(),
            "legal_data_as_of must be a date such as 2025-11-15".into(),
        );
        String::new()
    }
}

/// The tables of all the files of a pack by kind, in load order, each with its file.
struct Tables {
    sections: Vec<(usize, RawSection)>,
    questions: Vec<RawQuestion>,
    /// The file of each question.
    qfile: Vec<usize>,
    rules: Vec<(usize, RawRule)>,
    references: Vec<(usize, RawReference)>,
    terms: Vec<(usize, RawTerm)>,
    jurisdictions: Vec<(usize, RawJurisdiction)>,
    authorities: Vec<(usize, RawAuthority)>,
    guidance: Vec<(usize, RawGuidance)>,
}

impl Tables {
    /// Gathers the tables of the files, in their order.
    fn gather(raws: Vec<(usize, RawFile)>) -> Self {
        let mut t = Tables {
            sections: Vec::new(),
            questions: Vec::new(),
            qfile: Vec::new(),
            rules: Vec::new(),
            references: Vec::new(),
            terms: Vec::new(),
            jurisdictions: Vec::new(),
            authorities: Vec::new(),
            guidance: Vec::new(),
        };
        for (f, raw) in raws {
            t.jurisdictions
                .extend(raw.jurisdiction.into_iter().map(|j| (f, j)));
            t.authorities
                .extend(raw.authority.into_iter().map(|a| (f, a)));
            t.guidance.extend(raw.guidance.into_iter().map(|g| (f, g)));
            t.sections.extend(raw.section.into_iter().map(|s| (f, s)));
            t.qfile.extend(std::iter::repeat_n(f, raw.question.len()));
            t.questions.extend(raw.question);
            t.rules.extend(raw.rule.into_iter().map(|r| (f, r)));
            t.references
                .extend(raw.reference.into_iter().map(|r| (f, r)));
            t.terms.extend(raw.term.into_iter().map(|t| (f, t)));
        }
        t
    }
}

/// Reports a pack over the item limit or without questions; whether it can be built.
fn check_size(ctx: &mut Ctx, t: &Tables, meta_file: usize, meta: &Spanned<RawMeta>) -> bool {
    if t.questions.len() + t.rules.len() > MAX_ITEMS {
        ctx.diags.push(Diagnostic::error(
            DiagnosticKind::TooLarge,
            format!("a pack may hold at most {MAX_ITEMS} questions and rules"),
        ));
        return false;
    }
    if t.questions.is_empty() {
        ctx.error(
            DiagnosticKind::Empty,
            meta_file,
            meta.span(),
            "the pack has no questions".into(),
        );
        return false;
    }
    true
}

/// The ids of a pack's tables that others refer to, each mapped to its index.
struct Indexes {
    sections: HashMap<String, usize>,
    questions: HashMap<String, usize>,
    references: HashMap<String, usize>,
    terms: HashMap<String, usize>,
    guidance: HashMap<String, usize>,
}

/// Indexes the ids of every kind of table, reporting invalid and duplicate ones; rule and
/// authority ids are checked the same way but nothing refers to them.
fn index_tables(ctx: &mut Ctx, t: &Tables) -> Indexes {
    let sections = index_ids(ctx, t.sections.iter().map(|(f, s)| (*f, &s.id)), "section");
    let questions = index_ids(
        ctx,
        t.questions.iter().zip(&t.qfile).map(|(q, f)| (*f, &q.id)),
        "question",
    );
    let references = index_ids(
        ctx,
        t.references.iter().map(|(f, r)| (*f, &r.id)),
        "reference",
    );
    let terms = index_ids(
        ctx,
        t.terms.iter().map(|(f, t)| (*f, &t.id)),
        "glossary term",
    );
    let _ = index_ids(ctx, t.rules.iter().map(|(f, r)| (*f, &r.id)), "rule");
    let guidance = index_ids(
        ctx,
        t.guidance.iter().map(|(f, g)| (*f, &g.id)),
        "shared guidance",
    );
    let _ = index_ids(
        ctx,
        t.authorities.iter().map(|(f, a)| (*f, &a.id)),
        "authority",
    );
    Indexes {
        sections,
        questions,
        references,
        terms,
        guidance,
    }
}

/// Builds every question in order; `None` for each one that cannot be built.
fn build_questions(
    ctx: &mut Ctx,
    resolver: &Resolver,
    t: &Tables,
    idx: &Indexes,
) -> Vec<Option<Question>> {
    let look = Lookup {
        resolver,
        sections: &idx.sections,
        terms: &idx.terms,
    };
    let mut questions = Vec::with_capacity(t.questions.len());
    for (i, rq) in t.questions.iter().enumerate() {
        let at = At {
            file: t.qfile[i],
            index: i,
            raw: rq,
        };
        questions.push(build_question(ctx, &look, &at));
    }
    questions
}

/// Warns about each legal reference without a url.
fn warn_references_without_url(ctx: &mut Ctx, refs: &[(usize, RawReference)]) {
    for (f, r) in refs {
        if r.kind == ReferenceKind::Law && r.url.as_deref().is_none_or(|u| u.trim().is_empty()) {
            ctx.diags.push(
                Diagnostic::warning(
                    DiagnosticKind::NoUrl,
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
}

/// Builds the authorities, resolving each one's `when` (an authority whose condition does not
/// resolve is kept without it; the error is reported).
fn build_authorities(
    ctx: &mut Ctx,
    resolver: &Resolver,
    raw: &[(usize, RawAuthority)],
) -> Vec<Authority> {
    raw.iter()
        .map(|(f, a)| Authority {
            id: a.id.get_ref().clone(),
            jurisdiction: *a.jurisdiction.get_ref(),
            name: a.name.clone(),
            url: a.url.clone(),
            when: resolver.resolve(ctx, *f, &a.when),
        })
        .collect()
}

/// Warns about each shared guidance block without steps.
fn warn_guidance_without_steps(ctx: &mut Ctx, raw: &[(usize, RawGuidance)]) {
    for (f, g) in raw {
        if g.steps.is_empty() {
            ctx.warning(
                DiagnosticKind::NoGuidance,
                *f,
                g.id.span(),
                format!("shared guidance `{}` has no steps", g.id.get_ref()),
            );
        }
    }
}

/// The index of the first question: the header's `start`, or the first one; `None` after
/// reporting an unknown `start`.
fn resolve_start(
    ctx: &mut Ctx,
    meta_file: usize,
    m: &RawMeta,
    qindex: &HashMap<String, usize>,
) -> Option<usize> {
    match &m.start {
        Some(s) => qindex.get(s.get_ref()).copied().or_else(|| {
            unknown(
                ctx,
                DiagnosticKind::UnknownQuestion,
                meta_file,
                s.span(),
                format!("unknown start question `{}`", s.get_ref()),
                s.get_ref(),
                qindex.keys().map(String::as_str),
            );
            None
        }),
        None => Some(0),
    }
}

/// Warns about each section no question is in: it usually means a typo elsewhere.
fn warn_empty_sections(ctx: &mut Ctx, sections: &[(usize, RawSection)], questions: &[Question]) {
    for (si, (f, s)) in sections.iter().enumerate() {
        if !questions.iter().any(|q| q.section == SectionIx(si)) {
            ctx.warning(
                DiagnosticKind::EmptySection,
                *f,
                s.id.span(),
                format!("section `{}` has no questions", s.id.get_ref()),
            );
        }
    }
}

/// `sha256:` and the hex digest of the pack's source texts in load order, each followed by a
/// zero byte.
fn pack_hash(sources: &Sources, files: &[usize]) -> String {
    let mut hasher = Sha256::new();
    for &f in files {
        hasher.update(sources.files[f].text.as_bytes());
        hasher.update([0u8]);
    }
    let hash: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256:{hash}")
}

/// The pack's metadata from its naming header and the checked date.
fn build_meta(m: &RawMeta, legal_data_as_of: String) -> Meta {
    Meta {
        id: m.id.get_ref().clone(),
        title: m.title.clone(),
        description: m.description.clone(),
        version: m.version.clone(),
        legal_data_as_of,
        audience: m.audience.clone(),
        extends: m.extends.as_ref().map(|e| e.get_ref().clone()),
    }
}

/// The sections, in order.
fn build_sections(raw: Vec<(usize, RawSection)>) -> Vec<Section> {
    raw.into_iter()
        .map(|(_, s)| Section {
            id: s.id.into_inner(),
            title: s.title,
            intro: s.intro,
        })
        .collect()
}

/// The references, in order; a rule's citation adds the pinpoint.
fn build_references(raw: Vec<(usize, RawReference)>) -> Vec<Reference> {
    raw.into_iter()
        .map(|(_, r)| Reference {
            id: r.id.into_inner(),
            title: r.title,
            issuer: r.issuer,
            date: r.date,
            url: r.url,
            kind: r.kind,
            pinpoint: String::new(),
        })
        .collect()
}

/// The glossary, in order.
fn build_terms(raw: Vec<(usize, RawTerm)>) -> Vec<Term> {
    raw.into_iter()
        .map(|(_, t)| Term {
            id: t.id.into_inner(),
            term: t.term,
            definition: t.definition,
        })
        .collect()
}

/// The shared guidance blocks, in order.
fn build_guidance(raw: Vec<(usize, RawGuidance)>) -> Vec<GuidanceBlock> {
    raw.into_iter()
        .map(|(_, g)| GuidanceBlock {
            id: g.id.into_inner(),
            title: g.title,
            steps: g.steps,
        })
        .collect()
}

/// Checks the routes and rules of the built questionnaire for reachability, reporting at the
/// questions' ids and the rules' conditions, and records the work done.
fn check_graph(
    ctx: &mut Ctx,
    questionnaire: &Questionnaire,
    questions: &[RawQuestion],
    qfile: &[usize],
    rules: &[(usize, RawRule)],
) {
    let spans = graph::Spans {
        question: questions
            .iter()
            .zip(qfile)
            .map(|(q, f)| (*f, q.id.span()))
            .collect(),
        rule: rules.iter().map(|(f, r)| (*f, r.when.span())).collect(),
    };
    let mut steps = 0;
    ctx.diags
        .extend(graph::check(questionnaire, &spans, &mut steps));
    ctx.reach_steps = steps;
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

/// Builds the rules, resolving their conditions, citations and shared guidance; warns about
/// rules without references, guidance or jurisdiction and legal citations without a pinpoint.
fn build_rules(
    ctx: &mut Ctx,
    resolver: &Resolver,
    rules_raw: &[(usize, RawRule)],
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
                                DiagnosticKind::NoPinpoint,
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
                    DiagnosticKind::UnknownReference,
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
            DiagnosticKind::UnknownGuidance,
            "shared guidance",
        );
        if rr.references.is_empty() {
            ctx.warning(
                DiagnosticKind::NoReferences,
                f,
                rr.id.span(),
                format!("rule `{}` cites no reference", rr.id.get_ref()),
            );
        }
        if rr.guidance.is_empty() && rr.shared_guidance.is_empty() {
            ctx.warning(
                DiagnosticKind::NoGuidance,
                f,
                rr.id.span(),
                format!("rule `{}` gives no guidance steps", rr.id.get_ref()),
            );
        }
        if rr.jurisdiction.is_none() {
            ctx.diags.push(
                Diagnostic::warning(
                    DiagnosticKind::NoJurisdiction,
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

/// Builds the `[[jurisdiction]]` tables, resolving their conditions; reports one for `any` and
/// a jurisdiction given twice.
fn build_jurisdictions(
    ctx: &mut Ctx,
    resolver: &Resolver,
    raw: &[(usize, RawJurisdiction)],
) -> Vec<JurisdictionRule> {
    let mut out: Vec<JurisdictionRule> = Vec::new();
    for (f, j) in raw {
        let id = *j.id.get_ref();
        if id == crate::taxonomy::Jurisdiction::Any {
            ctx.error(
                DiagnosticKind::InvalidJurisdiction,
                *f,
                j.id.span(),
                "rules for `any` jurisdiction always apply; a [[jurisdiction]] table names eu, uk or us".into(),
            );
            continue;
        }
        if out.iter().any(|x| x.id == id) {
            ctx.error(
                DiagnosticKind::DuplicateId,
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
