//! The example personas shipped in the binary (`examples/personas/*.toml`, embedded by
//! `build.rs`), for `dualcheck examples` and for `dualcheck run --example ID`, which opens the
//! wizard pre-filled with one. The lookup itself is [`dualcheck_core::examples`].
//!
//! How a wizard uses an example:
//!
//! ```no_run
//! let example = dualcheck::examples::load("phd-drone-lab").expect("shown to the user instead");
//! let q = dualcheck::app::Runtime::default().load_questionnaire(&example.answers.questionnaire).unwrap();
//! let answers = example.resolve(&q).expect("shown to the user instead");
//! let engine = dualcheck::engine::Engine::with_answers(&q, answers);
//! ```

pub use dualcheck_core::examples::{Example, ExampleError, ExampleInfo, list_from, load_from};

use crate::questionnaire::catalog::embedded_examples;

/// The shipped examples, in file-name order.
pub fn list() -> Vec<ExampleInfo> {
    list_from(embedded_examples())
}

/// Loads a shipped example by id.
pub fn load(id: &str) -> Result<Example, ExampleError> {
    load_from(embedded_examples(), id)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_shipped_examples_all_parse() {
        let all = super::list();
        assert!(!all.is_empty());
        for e in all {
            assert_eq!(e.problem, None, "{}", e.id);
        }
    }
}
