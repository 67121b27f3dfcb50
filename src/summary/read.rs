//! Reading one report: only the fields a summary counts, with serde seeds that skip everything
//! else, and the rule that decides which answer values may be counted (never free text).

use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::taxonomy::{FindingCode, Tier};

#[derive(Deserialize)]
pub(super) struct Schema {
    pub(super) schema: String,
}

/// The fields of a report that are counted; read by [`SlimSeed`].
pub(super) struct Slim {
    pub(super) questionnaire: SlimQuestionnaire,
    pub(super) verdict: Tier,
    pub(super) findings: Vec<SlimFinding>,
    /// The answer to the chosen question, when one was chosen and the report has it.
    pub(super) answer: Option<SlimAnswer>,
}

#[derive(Deserialize)]
pub(super) struct SlimQuestionnaire {
    pub(super) id: String,
    pub(super) version: String,
    pub(super) legal_data_as_of: String,
}

#[derive(Deserialize)]
pub(super) struct SlimFinding {
    pub(super) code: FindingCode,
}

/// The answer to the chosen question. The label is only compared with the value (a text answer's
/// label is the text itself) and dropped.
#[derive(Deserialize)]
pub(super) struct SlimAnswer {
    #[serde(default)]
    pub(super) value: serde_json::Value,
    #[serde(default)]
    pub(super) label: Option<String>,
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
pub(super) enum SlimField {
    Questionnaire,
    Verdict,
    Findings,
    Answers,
    #[serde(other)]
    Other,
}

/// Reads a [`Slim`] report; with a question id, also that question's answer (and nothing else of
/// `answers`). Everything else is skipped unparsed into values.
pub(super) struct SlimSeed<'q> {
    pub(super) question: Option<&'q str>,
}

impl<'de> DeserializeSeed<'de> for SlimSeed<'_> {
    type Value = Slim;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Slim, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for SlimSeed<'_> {
    type Value = Slim;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a dualcheck report")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Slim, A::Error> {
        use serde::de::Error as _;
        let (mut questionnaire, mut verdict, mut findings, mut answer) = (None, None, None, None);
        while let Some(field) = map.next_key::<SlimField>()? {
            match (field, self.question) {
                (SlimField::Questionnaire, _) => questionnaire = Some(map.next_value()?),
                (SlimField::Verdict, _) => verdict = Some(map.next_value()?),
                (SlimField::Findings, _) => findings = Some(map.next_value()?),
                (SlimField::Answers, Some(q)) => answer = map.next_value_seed(AnswerSeed(q))?,
                (SlimField::Answers | SlimField::Other, _) => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Slim {
            questionnaire: questionnaire.ok_or_else(|| A::Error::missing_field("questionnaire"))?,
            verdict: verdict.ok_or_else(|| A::Error::missing_field("verdict"))?,
            findings: findings.unwrap_or_default(),
            answer,
        })
    }
}

/// Finds one question's entry in `answers`, skipping the others.
pub(super) struct AnswerSeed<'q>(&'q str);

impl<'de> DeserializeSeed<'de> for AnswerSeed<'_> {
    type Value = Option<SlimAnswer>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for AnswerSeed<'_> {
    type Value = Option<SlimAnswer>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("the answers of a report")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(is_it) = map.next_key_seed(KeyIs(self.0))? {
            if is_it && found.is_none() {
                found = Some(map.next_value()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

/// Whether a map key equals the string, without allocating it.
pub(super) struct KeyIs<'q>(&'q str);

impl<'de> DeserializeSeed<'de> for KeyIs<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeyIs<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a question id")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<bool, E> {
        Ok(v == self.0)
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
        Value::String(s) if crate::config::is_id(s) && label != Some(s.as_str()) => {
            Some(vec![AnswerValue::Option(s.clone())])
        }
        Value::Array(items) if items.is_empty() => Some(vec![AnswerValue::NothingSelected]),
        Value::Array(items) => {
            let mut ids = items
                .iter()
                .map(|v| {
                    v.as_str()
                        .filter(|s| crate::config::is_id(s))
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
