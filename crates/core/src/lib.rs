//! The pure core of dualcheck: data in, data out.
//!
//! It holds the questionnaire format (raw tables, the validated model, the condition language),
//! the loader and validator over in-memory sources, answers files, the engine that walks a
//! questionnaire, the assessment and its materiality analysis, the report writers, the graph
//! and explanation of a pack, session records, settings, example lookup, summary counting, the
//! outcome taxonomy and diagnostics as data. It reads no file, environment or clock and has no
//! global state; the `dualcheck` application crate does all of that and passes the results in.

pub mod answers;
pub mod assess;
pub mod diag;
pub mod engine;
pub mod examples;
pub mod explain;
pub mod materiality;
pub mod project;
pub mod questionnaire;
pub mod report;
pub mod session;
pub mod settings;
pub mod summary;
pub mod taxonomy;

/// "1 report", "3 reports": a count with the right singular or plural, never "report(s)".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
