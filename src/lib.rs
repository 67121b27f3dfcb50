//! dualcheck: an offline, explainable export-control and dual-use self-check.
//!
//! The core (questionnaires, engine, assessment, reports) is pure: it takes data and returns data.
//! Only the front-ends and the command-line layer touch the terminal or the disk.

pub use dualcheck_core::{answers, diag, project, taxonomy};
pub mod app;
pub mod assess;
pub mod cli;
pub mod config;
pub mod engine;
pub mod examples;
pub mod exit;
pub mod explain;
pub mod files;
pub mod inline;
pub mod materiality;
pub mod plain;
pub mod questionnaire;
pub mod report;
pub mod screening;
pub mod session;
pub mod summary;
#[doc(hidden)]
pub mod testing;
pub mod tui;
pub mod wizard;
