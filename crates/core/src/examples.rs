//! Example personas: answers files with a `[meta]` title and description, listed and looked up by
//! id (the file stem, with "did you mean" for a typo), over whatever set of files the application
//! embeds.

use crate::answers::{Answer, AnswersFile};
use crate::diag::{Sources, did_you_mean};
use crate::questionnaire::Questionnaire;

/// One example, described for a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleInfo {
    pub id: String,
    pub title: String,
    pub description: String,
    pub questionnaire: String,
    /// Set when the embedded file does not parse (a build with a broken example).
    pub problem: Option<String>,
}

/// A loaded example: the answers file and the sources its positions point into.
#[derive(Debug)]
pub struct Example {
    pub id: String,
    /// The file as shipped, for `dualcheck examples show`.
    pub text: &'static str,
    pub sources: Sources,
    pub answers: AnswersFile,
}

impl Example {
    /// The answers by question index for `q`, or the rendered problems.
    pub fn resolve(&self, q: &Questionnaire) -> Result<Vec<Option<Answer>>, String> {
        self.answers
            .resolve(q)
            .map_err(|d| self.sources.render_all(&d))
    }
}

/// Why an example could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExampleError {
    #[error("no example `{id}`{}", help.as_ref().map(|h| format!("; {h}")).unwrap_or_default())]
    Unknown { id: String, help: Option<String> },
    #[error("the example `{id}` is invalid:\n{details}")]
    Invalid { id: String, details: String },
}

pub type Embedded = [(&'static str, &'static str, &'static str)];

fn stem(name: &str) -> &str {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    file.strip_suffix(".toml").unwrap_or(file)
}

/// The examples among any set of `(group, name, text)` entries.
pub fn list_from(items: &Embedded) -> Vec<ExampleInfo> {
    items
        .iter()
        .map(|(_, name, _)| {
            let id = stem(name).to_string();
            match load_from(items, &id) {
                Ok(e) => ExampleInfo {
                    title: e.answers.meta.title.clone(),
                    description: e.answers.meta.description.clone(),
                    questionnaire: e.answers.questionnaire.clone(),
                    id,
                    problem: None,
                },
                Err(err) => ExampleInfo {
                    id,
                    title: String::new(),
                    description: String::new(),
                    questionnaire: String::new(),
                    problem: Some(err.to_string()),
                },
            }
        })
        .collect()
}

/// Loads an example by id from any set of `(group, name, text)` entries.
pub fn load_from(items: &Embedded, id: &str) -> Result<Example, ExampleError> {
    let Some((_, name, text)) = items.iter().find(|(_, name, _)| stem(name) == id) else {
        let ids: Vec<&str> = items.iter().map(|(_, n, _)| stem(n)).collect();
        let help = match did_you_mean(id, ids.iter().copied()) {
            Some(s) => Some(format!("did you mean `{s}`?")),
            None if ids.is_empty() => Some("this build ships no examples".into()),
            None => Some(format!("examples: {}", ids.join(", "))),
        };
        return Err(ExampleError::Unknown {
            id: id.to_string(),
            help,
        });
    };
    let mut sources = Sources::default();
    let file = sources.add(format!("embedded:{name}"), *text);
    let answers = AnswersFile::parse(&sources, file).map_err(|d| ExampleError::Invalid {
        id: id.to_string(),
        details: sources.render_all(&[d]),
    })?;
    Ok(Example {
        id: id.to_string(),
        text,
        sources,
        answers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ITEMS: &Embedded = &[
        (
            "",
            "examples/personas/drone-lab.toml",
            "questionnaire = \"fixture-basic\"\n[meta]\ntitle = \"Drone lab\"\ndescription = \"A PhD student.\"\n\
             [answers]\nlocation = \"eu\"\n",
        ),
        ("", "examples/personas/broken.toml", "questionnaire = \n"),
    ];

    #[test]
    fn lists_examples_by_file_stem_with_their_meta() {
        let list = list_from(ITEMS);
        assert_eq!(list[0].id, "drone-lab");
        assert_eq!(list[0].title, "Drone lab");
        assert_eq!(list[0].questionnaire, "fixture-basic");
        assert!(
            list[1]
                .problem
                .as_ref()
                .unwrap()
                .contains("embedded:examples/personas/broken.toml:1")
        );
    }

    #[test]
    fn unknown_ids_suggest_the_closest() {
        let err = load_from(ITEMS, "drone-lbs").unwrap_err();
        assert_eq!(
            err.to_string(),
            "no example `drone-lbs`; did you mean `drone-lab`?"
        );
        let err = load_from(&[], "x").unwrap_err();
        assert_eq!(
            err.to_string(),
            "no example `x`; this build ships no examples"
        );
    }
}
