//! Answers: the value type, checking one answer against its question, and answers files
//! (`questionnaire = "..."`, optional `project = "..."` and `reference = "..."`, plus an
//! `[answers]` table) with `path:line:col` errors.

use crate::diag::DiagnosticKind;
use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, Sources, did_you_mean};
use crate::project::{Field, Project};
use crate::questionnaire::model::fmt_num;
use crate::questionnaire::{Kind, OptionIx, Question, Questionnaire};
use crate::taxonomy::{FindingCode, Tier};

/// Largest answers file accepted, in bytes.
pub const MAX_ANSWERS_BYTES: usize = 1024 * 1024;

/// The stable text of a "Not sure" answer in files.
pub const NOT_SURE: &str = "not_sure";

pub use crate::questionnaire::model::Answer;

/// Why an answer does not fit its question.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("`{0}` is not an option here")]
    UnknownOption(String),
    #[error("enter a number between {min} and {max}")]
    OutOfRange { min: String, max: String },
    /// A question that takes whole numbers only (a level, a count): "4.5" is not an answer.
    #[error("enter {0}")]
    NotWhole(String),
    #[error("{0}")]
    Invalid(String),
}

impl Answer {
    /// Checks an answer against its question and normalises it (sorted, de-duplicated choices).
    pub fn checked(self, q: &Question) -> Result<Answer, AnswerError> {
        match (self, q.kind) {
            (Answer::NotSure, _) if q.not_sure => Ok(Answer::NotSure),
            (Answer::NotSure, _) => Err(AnswerError::Invalid(
                "this question has no “Not sure” answer".into(),
            )),
            (Answer::Choice(o), Kind::Single | Kind::YesNo) if o.get() < q.options.len() => {
                Ok(Answer::Choice(o))
            }
            (Answer::Choices(mut v), Kind::Multiple)
                if v.iter().all(|o| o.get() < q.options.len()) =>
            {
                v.sort_unstable();
                v.dedup();
                match v.iter().find(|&&o| q.options[o].exclusive) {
                    Some(&o) if v.len() > 1 => Err(AnswerError::Invalid(format!(
                        "\u{201c}{}\u{201d} cannot be combined with other answers",
                        q.options[o].label
                    ))),
                    _ => Ok(Answer::Choices(v)),
                }
            }
            (Answer::Number(n), Kind::Number) if q.integer && n.fract() != 0.0 => {
                Err(AnswerError::NotWhole(q.number_range()))
            }
            (Answer::Number(n), Kind::Number) if n.is_finite() && n >= q.min && n <= q.max => {
                Ok(Answer::Number(n))
            }
            (Answer::Number(_), Kind::Number) if q.integer => {
                Err(AnswerError::NotWhole(q.number_range()))
            }
            (Answer::Number(_), Kind::Number) => Err(AnswerError::OutOfRange {
                min: fmt_num(q.min),
                max: fmt_num(q.max),
            }),
            (Answer::Text(t), Kind::Text) => {
                let t = t.trim().to_string();
                if t.chars().count() > q.max_length {
                    Err(AnswerError::Invalid(format!(
                        "at most {} characters",
                        q.max_length
                    )))
                } else if t.chars().any(char::is_control) {
                    Err(AnswerError::Invalid(
                        "control characters are not allowed".into(),
                    ))
                } else if t.is_empty() {
                    Err(AnswerError::Invalid("the answer is empty".into()))
                } else {
                    Ok(Answer::Text(t))
                }
            }
            (_, kind) => Err(AnswerError::Invalid(format!(
                "this is a {} question",
                kind.code()
            ))),
        }
    }

    /// Parses the text form of an answer (an option id, a number, free text or `not_sure`).
    pub fn parse_for(q: &Question, text: &str) -> Result<Answer, AnswerError> {
        let text = text.trim();
        if text == NOT_SURE && q.not_sure {
            return Ok(Answer::NotSure);
        }
        let option = |id: &str| {
            q.option_index(id)
                .ok_or_else(|| AnswerError::UnknownOption(id.to_string()))
        };
        let answer = match q.kind {
            Kind::Single | Kind::YesNo => Answer::Choice(option(text)?),
            Kind::Multiple => Answer::Choices(
                text.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(option)
                    .collect::<Result<_, _>>()?,
            ),
            Kind::Number => Answer::Number(
                text.replace(',', ".")
                    .parse()
                    .map_err(|_| AnswerError::Invalid("enter a number".into()))?,
            ),
            Kind::Text => Answer::Text(text.to_string()),
            Kind::Info => {
                return Err(AnswerError::Invalid(
                    "an information note takes no answer".into(),
                ));
            }
        };
        answer.checked(q)
    }

    /// Converts a TOML value from an answers or session file.
    pub fn from_toml(q: &Question, value: &toml::Value) -> Result<Answer, AnswerError> {
        match value {
            toml::Value::String(s) if s == NOT_SURE => Answer::NotSure.checked(q),
            toml::Value::String(s) if q.kind == Kind::Text => Answer::Text(s.clone()).checked(q),
            toml::Value::String(s) if q.kind == Kind::Multiple => Err(AnswerError::Invalid(
                format!("a multiple-choice answer is a list, e.g. [\"{s}\"]"),
            )),
            toml::Value::String(s) => Answer::parse_for(q, s),
            toml::Value::Integer(i) => Answer::Number(*i as f64).checked(q),
            toml::Value::Float(f) => Answer::Number(*f).checked(q),
            toml::Value::Boolean(b) if q.kind == Kind::YesNo => {
                Answer::Choice(OptionIx(usize::from(!*b))).checked(q)
            }
            toml::Value::Array(items) => {
                let ids: Vec<OptionIx> = items
                    .iter()
                    .map(|v| match v {
                        toml::Value::String(s) => q
                            .option_index(s)
                            .ok_or_else(|| AnswerError::UnknownOption(s.clone())),
                        _ => Err(AnswerError::Invalid("list items must be option ids".into())),
                    })
                    .collect::<Result<_, _>>()?;
                Answer::Choices(ids).checked(q)
            }
            _ => Err(AnswerError::Invalid(format!(
                "this is a {} question",
                q.kind.code()
            ))),
        }
    }

    /// The TOML form written to answers and session files.
    pub fn to_toml(&self, q: &Question) -> toml::Value {
        match self {
            Answer::Choice(o) => toml::Value::String(q.options[*o].id.clone()),
            Answer::Choices(v) => toml::Value::Array(
                v.iter()
                    .map(|o| toml::Value::String(q.options[*o].id.clone()))
                    .collect(),
            ),
            Answer::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => {
                toml::Value::Integer(*n as i64)
            }
            Answer::Number(n) => toml::Value::Float(*n),
            Answer::Text(t) => toml::Value::String(t.clone()),
            Answer::NotSure => toml::Value::String(NOT_SURE.into()),
        }
    }

    /// The JSON form used in reports (same shape as the TOML form).
    pub fn to_json(&self, q: &Question) -> serde_json::Value {
        match self.to_toml(q) {
            toml::Value::String(s) => serde_json::Value::String(s),
            toml::Value::Integer(i) => serde_json::Value::from(i),
            toml::Value::Float(f) => serde_json::Value::from(f),
            toml::Value::Array(a) => serde_json::Value::Array(
                a.into_iter()
                    .map(|v| serde_json::Value::String(v.as_str().unwrap_or_default().to_string()))
                    .collect(),
            ),
            _ => serde_json::Value::Null,
        }
    }

    /// The answer in words, for people.
    pub fn label(&self, q: &Question) -> String {
        match self {
            Answer::Choice(o) => q.options[*o].label.clone(),
            Answer::Choices(v) if v.is_empty() => "None of these".into(),
            Answer::Choices(v) => v
                .iter()
                .map(|o| q.options[*o].label.as_str())
                .collect::<Vec<_>>()
                .join("; "),
            Answer::Number(n) => match &q.unit {
                Some(u) => format!("{} {u}", fmt_num(*n)),
                None => fmt_num(*n),
            },
            Answer::Text(t) => t.clone(),
            Answer::NotSure => "Not sure".into(),
        }
    }
}

/// What a scenario expects, used by the scenario tests.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    pub verdict: Option<Tier>,
    #[serde(default)]
    pub findings: Vec<FindingCode>,
    #[serde(default)]
    pub absent: Vec<FindingCode>,
}

/// Describes an example or scenario.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileMeta {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnswersFile {
    questionnaire: Spanned<String>,
    /// The project's title, shown in the report.
    #[serde(default)]
    project: Option<Spanned<String>>,
    /// The project's reference (a file or case number), shown in the report.
    #[serde(default)]
    reference: Option<Spanned<String>>,
    #[serde(default)]
    meta: FileMeta,
    #[serde(default)]
    expect: Expect,
    #[serde(default)]
    answers: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
}

/// An answers file before it is matched against a questionnaire.
#[derive(Debug)]
pub struct AnswersFile {
    pub file: usize,
    pub questionnaire: String,
    /// The `project` and `reference` keys (empty when not given).
    pub project: Project,
    pub meta: FileMeta,
    pub expect: Expect,
    entries: Vec<(Spanned<String>, Spanned<toml::Value>)>,
}

impl AnswersFile {
    /// Parses the file registered as `file` in `sources`.
    pub fn parse(sources: &Sources, file: usize) -> Result<Self, Diagnostic> {
        let text = &sources.files[file].text;
        if text.len() > MAX_ANSWERS_BYTES {
            return Err(Diagnostic::error(
                DiagnosticKind::TooLarge,
                format!("answers file larger than {} KiB", MAX_ANSWERS_BYTES >> 10),
            ));
        }
        let raw: RawAnswersFile = toml::from_str(text).map_err(|e| {
            Diagnostic::error(DiagnosticKind::Toml, e.message().trim().to_string())
                .at(file, e.span().unwrap_or(0..0))
        })?;
        let mut entries: Vec<_> = raw.answers.into_iter().collect();
        entries.sort_by_key(|(k, _)| k.span().start);
        let field = |field: Field, value: Option<Spanned<String>>| match value {
            None => Ok(String::new()),
            Some(v) => crate::project::check(field, v.get_ref()).map_err(|e| {
                Diagnostic::error(DiagnosticKind::InvalidProject, e).at(file, v.span())
            }),
        };
        let project = Project {
            title: field(Field::Title, raw.project)?,
            reference: field(Field::Reference, raw.reference)?,
        };
        Ok(Self {
            file,
            questionnaire: raw.questionnaire.into_inner(),
            project,
            meta: raw.meta,
            expect: raw.expect,
            entries,
        })
    }

    /// Matches the answers against a questionnaire: answers by question index, or every problem.
    pub fn resolve(&self, q: &Questionnaire) -> Result<Vec<Option<Answer>>, Vec<Diagnostic>> {
        let mut answers = vec![None; q.questions.len()];
        let mut diags = Vec::new();
        for (key, value) in &self.entries {
            let Some(qi) = q.question_index(key.get_ref()) else {
                let mut d = Diagnostic::error(
                    DiagnosticKind::UnknownQuestion,
                    format!(
                        "unknown question `{}` in questionnaire `{}`",
                        key.get_ref(),
                        q.meta.id
                    ),
                )
                .at(self.file, key.span());
                // Past the cap nothing more is shown: no suggestion is searched for.
                if diags.len() < crate::diag::MAX_DIAGNOSTICS_PER_FILE {
                    d.help = did_you_mean(key.get_ref(), q.questions.iter().map(|x| x.id.as_str()))
                        .map(|s| format!("did you mean `{s}`?"));
                }
                diags.push(d);
                continue;
            };
            let question = &q.questions[qi];
            if !question.is_answerable() {
                diags.push(
                    Diagnostic::error(
                        DiagnosticKind::NotAnswerable,
                        format!(
                            "`{}` is an information note and takes no answer",
                            question.id
                        ),
                    )
                    .at(self.file, key.span()),
                );
                continue;
            }
            match Answer::from_toml(question, value.get_ref()) {
                Ok(a) => answers[qi] = Some(a),
                Err(e) => {
                    let mut d = Diagnostic::error(
                        if matches!(e, AnswerError::UnknownOption(_)) {
                            DiagnosticKind::UnknownOption
                        } else {
                            DiagnosticKind::InvalidAnswer
                        },
                        format!("{} (question `{}`)", e, question.id),
                    )
                    .at(self.file, value.span());
                    d.help = match &e {
                        _ if diags.len() >= crate::diag::MAX_DIAGNOSTICS_PER_FILE => None,
                        AnswerError::UnknownOption(o) => Some(
                            match did_you_mean(o, question.options.iter().map(|x| x.id.as_str())) {
                                Some(s) => format!("did you mean `{s}`?"),
                                None => format!(
                                    "options: {}{}",
                                    question
                                        .options
                                        .iter()
                                        .map(|x| x.id.as_str())
                                        .collect::<Vec<_>>()
                                        .join(", "),
                                    if question.not_sure { ", not_sure" } else { "" }
                                ),
                            },
                        ),
                        _ => None,
                    };
                    diags.push(d);
                }
            }
        }
        if diags.is_empty() {
            Ok(answers)
        } else {
            Err(crate::diag::cap_per_file(
                diags,
                &crate::diag::Sources::default(),
            ))
        }
    }
}
