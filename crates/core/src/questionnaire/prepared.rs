//! A validated questionnaire written out and read back without parsing or validating again.
//!
//! The build of the application validates the shipped packs once and embeds them in this form,
//! so that starting a check does not spend its time re-reading a megabyte of TOML. The form is
//! JSON of the model, tagged with the version of this crate: a prepared pack is only read by the
//! build that wrote it, and anything else is refused, never half-read.

use std::collections::HashMap;

use super::Questionnaire;

/// The tag at the start of every prepared pack.
const TAG: &str = concat!("dualcheck-core ", env!("CARGO_PKG_VERSION"), " prepared\n");

/// Writes a loaded questionnaire in prepared form.
pub fn write(q: &Questionnaire) -> String {
    let mut out = String::from(TAG);
    out.push_str(&serde_json::to_string(q).expect("the model serialises"));
    out
}

/// Reads a questionnaire written by [`write`] of this same version.
pub fn read(text: &str) -> Result<Questionnaire, String> {
    let body = text
        .strip_prefix(TAG)
        .ok_or_else(|| "not a prepared pack of this version".to_string())?;
    let mut q: Questionnaire = serde_json::from_str(body).map_err(|e| e.to_string())?;
    q.index = q
        .questions
        .iter()
        .enumerate()
        .map(|(i, question)| (question.id.clone(), super::model::QuestionIx(i)))
        .collect::<HashMap<_, _>>();
    Ok(q)
}

#[cfg(test)]
mod tests {
    use super::{read, write};
    use crate::diag::Sources;
    use crate::questionnaire::load::load;

    const PACK: &str = r#"
[questionnaire]
id = "tiny"
title = "Tiny"
description = "A tiny pack."
version = "1.0.0"
legal_data_as_of = 2026-01-01

[[section]]
id = "s"
title = "S"

[[question]]
id = "a"
section = "s"
kind = "yes_no"
text = "A?"
not_sure = true

[[question]]
id = "n"
section = "s"
kind = "number"
text = "How many?"
min = 0
max = 10
show_if = "a == 'yes'"
"#;

    #[test]
    fn a_prepared_pack_reads_back_as_the_same_questionnaire() {
        let mut sources = Sources::default();
        let f = sources.add("tiny.toml", PACK);
        let loaded = load(&sources, &[f], crate::questionnaire::model::EMBEDDED_ORIGIN);
        let q = loaded
            .questionnaire
            .unwrap_or_else(|| panic!("{:?}", loaded.diagnostics));
        let text = write(&q);
        let back = read(&text).unwrap();
        assert_eq!(write(&back), text);
        assert_eq!(
            back.question_index("n"),
            Some(super::super::model::QuestionIx(1))
        );
        assert_eq!(back.question_index("zzz"), None);
        assert!(back.questions[1].show_if.is_some());
    }

    #[test]
    fn anything_else_is_refused_whole() {
        assert!(read("{}").is_err());
        assert!(read("dualcheck-core 0.0.0 prepared\n{}").is_err());
        let mut sources = Sources::default();
        let f = sources.add("tiny.toml", PACK);
        let text = write(
            &load(&sources, &[f], crate::questionnaire::model::EMBEDDED_ORIGIN)
                .questionnaire
                .unwrap(),
        );
        assert!(read(&text[..text.len() / 2]).is_err());
    }
}
