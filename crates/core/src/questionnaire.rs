//! Questionnaires: the file format (raw), the validated model, the condition language, and
//! loading and validation over sources held in memory.

mod context;
pub mod expr;
pub mod graph;
pub mod load;
pub mod model;
mod parse;
pub mod prepared;
mod question;
pub mod raw;
mod resolve;

pub use model::{Kind, OptionIx, Question, QuestionIx, Questionnaire, SectionIx};
