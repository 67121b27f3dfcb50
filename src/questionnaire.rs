//! Questionnaires: the core's format, model and loader (re-exported from `dualcheck-core`), and
//! the catalog of packs: the ones shipped in the binary and an institution's packs on disk.

pub use dualcheck_core::questionnaire::*;

pub mod catalog;
