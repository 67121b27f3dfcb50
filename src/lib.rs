//! dualcheck: an offline, explainable export-control and dual-use self-check.
//!
//! The core (questionnaires, engine, assessment, reports) is pure: it takes data and returns data.
//! Only the front-ends and the command-line layer touch the terminal or the disk.

pub mod answers;
pub mod assess;
pub mod cli;
pub mod diag;
pub mod engine;
pub mod exit;
pub mod explain;
pub mod questionnaire;
pub mod report;
pub mod session;
pub mod taxonomy;
pub mod tui;
pub mod wizard;
