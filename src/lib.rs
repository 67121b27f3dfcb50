//! dualcheck: an offline, explainable export-control and dual-use self-check.
//!
//! The core (questionnaires, engine, assessment, reports) is pure: it takes data and returns data.
//! Only the front-ends and the command-line layer touch the terminal or the disk.

pub use dualcheck_core::{
    answers, assess, diag, engine, explain, materiality, project, report, taxonomy,
};
pub mod app;
pub mod cli;
pub mod config;
pub mod examples;
pub mod exit;
pub mod files;
pub mod inline;
pub mod plain;
pub mod questionnaire;
pub mod screening;
pub mod session;
pub mod summary;
#[doc(hidden)]
pub mod testing;
pub mod tui;
