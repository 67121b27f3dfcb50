//! What every step of loading a pack shares: the limits, the context that collects diagnostics
//! and counts the work, and the id checks and lookups with their "did you mean". The loader
//! ([`super::load`]) and its steps ([`super::parse`], [`super::question`], [`super::resolve`])
//! all build on it, so none of them imports another to get it.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;

use super::model::Questionnaire;
use crate::diag::{Diagnostic, DiagnosticKind, Sources, did_you_mean};

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
    pub(super) fn finish(self, questionnaire: Option<Questionnaire>) -> Loaded {
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
        kind: DiagnosticKind,
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
        kind: DiagnosticKind,
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
    if !super::model::is_id(text) {
        ctx.error(
            DiagnosticKind::InvalidId,
            file,
            id.span(),
            format!("{what} id `{text}` must be 1-64 lower-case letters, digits, `_` or `-`"),
        );
    } else if RESERVED_IDS.contains(&text.as_str()) {
        ctx.error(
            DiagnosticKind::ReservedId,
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
                DiagnosticKind::DuplicateId,
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
    kind: DiagnosticKind,
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
    kind: DiagnosticKind,
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
