//! Reading one report: only the fields a summary counts, with a serde seed that skips everything
//! else, and the rule that decides which answer values may be counted (never free text).

use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use serde_json::value::RawValue;

use crate::taxonomy::{FindingCode, Tier};

#[derive(Deserialize)]
pub(super) struct Schema {
    pub(super) schema: String,
}

/// The fields of a report that are counted; read by [`SlimSeed`].
pub(super) struct Slim {
    /// The report's `schema` (empty when it has none).
    pub(super) schema: String,
    pub(super) questionnaire: SlimQuestionnaire,
    /// When the report was written (RFC 3339); empty when the report has none.
    pub(super) generated_at: String,
    pub(super) verdict: Tier,
    pub(super) findings: Vec<SlimFinding>,
    /// The answers, as written (not parsed): hashed to recognise a second export of the same
    /// session, and parsed only to read the chosen question's entry.
    pub(super) answers: Option<Box<RawValue>>,
    /// Answered questions no longer on the path (part of what identifies a session).
    pub(super) set_aside: Option<Box<RawValue>>,
}

#[derive(Deserialize)]
pub(super) struct SlimQuestionnaire {
    pub(super) id: String,
    pub(super) version: String,
    #[serde(default)]
    pub(super) hash: String,
    pub(super) legal_data_as_of: String,
}

#[derive(Deserialize)]
pub(super) struct SlimFinding {
    pub(super) code: FindingCode,
    /// The title the user saw (shown only for findings of a questionnaire's rule).
    #[serde(default)]
    pub(super) title: String,
    /// The rule that fired, or `program` / `screening` for findings the program adds.
    #[serde(default)]
    pub(super) rule: String,
}

/// The answer to the chosen question. The label is shown only for a counted option id (a text
/// answer's label is the text itself, and such an answer is never counted).
#[derive(Deserialize)]
pub(super) struct SlimAnswer {
    #[serde(default)]
    pub(super) value: serde_json::Value,
    #[serde(default)]
    pub(super) label: Option<String>,
    /// The question as the user read it.
    #[serde(default)]
    pub(super) question: Option<String>,
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
pub(super) enum SlimField {
    Schema,
    Questionnaire,
    GeneratedAt,
    Verdict,
    Findings,
    Answers,
    SetAside,
    #[serde(other)]
    Other,
}

/// Reads a [`Slim`] report. Everything else is skipped unparsed into values.
pub(super) struct SlimSeed;

impl<'de> DeserializeSeed<'de> for SlimSeed {
    type Value = Slim;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Slim, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for SlimSeed {
    type Value = Slim;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a dualcheck report")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Slim, A::Error> {
        use serde::de::Error as _;
        let (mut questionnaire, mut verdict, mut findings) = (None, None, None);
        let (mut schema, mut generated_at) = (String::new(), String::new());
        let (mut answers, mut set_aside) = (None, None);
        while let Some(field) = map.next_key::<SlimField>()? {
            match field {
                SlimField::Schema => schema = map.next_value()?,
                SlimField::Questionnaire => questionnaire = Some(map.next_value()?),
                SlimField::GeneratedAt => {
                    generated_at = map.next_value::<Option<String>>()?.unwrap_or_default();
                }
                SlimField::Verdict => verdict = Some(map.next_value()?),
                SlimField::Findings => findings = Some(map.next_value()?),
                SlimField::Answers => answers = Some(map.next_value()?),
                SlimField::SetAside => set_aside = Some(map.next_value()?),
                SlimField::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Slim {
            schema,
            questionnaire: questionnaire.ok_or_else(|| A::Error::missing_field("questionnaire"))?,
            generated_at,
            verdict: verdict.ok_or_else(|| A::Error::missing_field("verdict"))?,
            findings: findings.unwrap_or_default(),
            answers,
            set_aside,
        })
    }
}

impl Slim {
    /// The chosen question's entry in `answers`, if the report has one.
    pub(super) fn answer(&self, question: &str) -> Result<Option<SlimAnswer>, String> {
        let Some(raw) = &self.answers else {
            return Ok(None);
        };
        let answers: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(raw.get()).map_err(|e| format!("invalid report: answers: {e}"))?;
        match answers.get(question) {
            None => Ok(None),
            Some(entry) => SlimAnswer::deserialize(entry)
                .map(Some)
                .map_err(|e| format!("invalid report: answer to `{question}`: {e}")),
        }
    }

    /// What identifies a session: the exact questionnaire and every answer. Two exports of one
    /// session differ only in when they were written (and what that time decides, such as
    /// whether the legal data is old), so they share this key.
    pub(super) fn session_key(&self) -> [u8; 32] {
        use sha2::Digest as _;
        /// Feeds the JSON straight into the hash: no copy of the answers, no buffer.
        struct Hashing(sha2::Sha256);
        impl std::io::Write for Hashing {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                self.0.update(bytes);
                Ok(bytes.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let q = &self.questionnaire;
        let mut hashing = Hashing(sha2::Sha256::new());
        serde_json::to_writer(&mut hashing, &(&q.id, &q.version, &q.hash))
            .expect("strings serialise");
        // The answers as written: one writer wrote every report, so equal sessions are equal text.
        for part in [&self.answers, &self.set_aside] {
            hashing.0.update([0]);
            hashing
                .0
                .update(part.as_ref().map_or("null", |r| r.get()).as_bytes());
        }
        hashing.0.finalize().into()
    }
}

/// One bar of the chosen question's split: what an answer counted as.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AnswerValue {
    /// Numbers in a range (a number question).
    Number(NumberRange),
    /// An option id (single or multiple choice, yes/no).
    Option(String),
    /// "Not sure" (`not_sure`).
    NotSure,
    /// A multiple-choice answer with nothing selected.
    NothingSelected,
}

/// Ranges of numbers, by order of magnitude.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NumberRange {
    Negative,
    /// `0 <= n < 1`.
    BelowOne,
    /// `10^k <= n < 10^(k+1)`; the last one, [`NumberRange::MAX_DECADE`], has no upper end.
    Decade(u32),
}

impl NumberRange {
    /// The open-ended top range: a billion or more.
    pub const MAX_DECADE: u32 = 9;

    pub fn of(n: f64) -> Self {
        if n < 0.0 {
            NumberRange::Negative
        } else if n < 1.0 {
            NumberRange::BelowOne
        } else {
            let mut k = 0;
            let mut upper = 10.0;
            while n >= upper && k < Self::MAX_DECADE {
                k += 1;
                upper *= 10.0;
            }
            NumberRange::Decade(k)
        }
    }
}

impl AnswerValue {
    /// Short words for a chart (the caller escapes them).
    pub fn label(&self) -> String {
        match self {
            AnswerValue::Option(id) => id.clone(),
            AnswerValue::NotSure => "Not sure".into(),
            AnswerValue::NothingSelected => "nothing selected".into(),
            AnswerValue::Number(NumberRange::Negative) => "below 0".into(),
            AnswerValue::Number(NumberRange::BelowOne) => "0 to under 1".into(),
            AnswerValue::Number(NumberRange::Decade(k)) if *k >= NumberRange::MAX_DECADE => {
                format!("{} or more", super::chart::thousands(10u64.pow(*k)))
            }
            AnswerValue::Number(NumberRange::Decade(k)) => format!(
                "{} to under {}",
                super::chart::thousands(10u64.pow(*k)),
                super::chart::thousands(10u64.pow(k + 1))
            ),
        }
    }
}

/// What an answer counts as: `None` when it is not counted (free text, or not an option id).
///
/// A string counts only when it is shaped like an id (`[a-z0-9_-]{1,64}`) and differs from its
/// label: the label of a text answer is the text itself, so even id-shaped free text is dropped.
pub fn classify(value: &serde_json::Value, label: Option<&str>) -> Option<Vec<AnswerValue>> {
    use serde_json::Value;
    match value {
        Value::String(s) if s == crate::answers::NOT_SURE => Some(vec![AnswerValue::NotSure]),
        Value::String(s) if crate::questionnaire::model::is_id(s) && label != Some(s.as_str()) => {
            Some(vec![AnswerValue::Option(s.clone())])
        }
        Value::Array(items) if items.is_empty() => Some(vec![AnswerValue::NothingSelected]),
        Value::Array(items) => {
            let mut ids = items
                .iter()
                .map(|v| {
                    v.as_str()
                        .filter(|s| crate::questionnaire::model::is_id(s))
                        .map(|s| AnswerValue::Option(s.to_string()))
                })
                .collect::<Option<Vec<_>>>()?;
            ids.sort_unstable();
            ids.dedup();
            Some(ids)
        }
        Value::Number(n) => n
            .as_f64()
            .map(|n| vec![AnswerValue::Number(NumberRange::of(n))]),
        _ => None,
    }
}
