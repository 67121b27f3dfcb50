//! Questionnaires: the file format (raw), the validated model, the condition language, loading
//! and validation, and the packs shipped in the binary.

pub mod catalog;
pub mod expr;
pub mod graph;
pub mod load;
pub mod model;
mod parse;
mod question;
pub mod raw;
mod resolve;

pub use model::{Kind, Question, Questionnaire};
