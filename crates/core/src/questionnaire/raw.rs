//! The questionnaire files as written: serde structs that mirror the TOML, with spans, and no
//! validation beyond what serde does. [`super::load`] turns them into the model.

use serde::Deserialize;
use toml::Spanned;

use super::model::{Kind, ReferenceKind};
use crate::taxonomy::{FindingCode, Jurisdiction, Tier};

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    pub questionnaire: Option<Spanned<RawMeta>>,
    #[serde(default)]
    pub section: Vec<RawSection>,
    #[serde(default)]
    pub question: Vec<RawQuestion>,
    #[serde(default)]
    pub rule: Vec<RawRule>,
    #[serde(default)]
    pub reference: Vec<RawReference>,
    #[serde(default)]
    pub term: Vec<RawTerm>,
    #[serde(default)]
    pub jurisdiction: Vec<RawJurisdiction>,
    #[serde(default)]
    pub authority: Vec<RawAuthority>,
    #[serde(default)]
    pub guidance: Vec<RawGuidance>,
}

/// When a jurisdiction's rules apply to the user (`applies` is a condition over the answers).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawJurisdiction {
    pub id: Spanned<Jurisdiction>,
    pub applies: Spanned<String>,
}

/// A national authority, named in the result when its condition holds.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAuthority {
    pub id: Spanned<String>,
    pub jurisdiction: Spanned<Jurisdiction>,
    pub name: String,
    pub when: Spanned<String>,
    pub url: Option<String>,
}

/// Guidance that several rules share, printed once per report.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGuidance {
    pub id: Spanned<String>,
    pub title: String,
    pub steps: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeta {
    pub id: Spanned<String>,
    pub title: String,
    pub description: String,
    pub version: String,
    pub legal_data_as_of: Spanned<toml::value::Datetime>,
    #[serde(default)]
    pub audience: Vec<String>,
    pub start: Option<Spanned<String>>,
    pub extends: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSection {
    pub id: Spanned<String>,
    pub title: String,
    pub intro: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOption {
    pub id: Spanned<String>,
    pub label: String,
    pub help: Option<String>,
    /// Multiple choice: this option cannot be ticked together with any other.
    pub exclusive: Option<Spanned<bool>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNext {
    #[serde(rename = "if")]
    pub when: Option<Spanned<String>>,
    pub goto: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub id: Spanned<String>,
    pub section: Spanned<String>,
    pub kind: Spanned<Kind>,
    pub text: String,
    pub help: Option<String>,
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(default)]
    pub options: Vec<RawOption>,
    #[serde(default)]
    pub not_sure: Option<Spanned<bool>>,
    pub required: Option<bool>,
    #[serde(default)]
    pub terms: Vec<Spanned<String>>,
    pub show_if: Option<Spanned<String>>,
    pub next: Option<Spanned<Vec<RawNext>>>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Number questions: only whole numbers are answers (a level, a count).
    pub integer: Option<Spanned<bool>>,
    pub unit: Option<String>,
    pub max_length: Option<usize>,
    /// The most an uncertain answer to this question may raise the hint by itself.
    pub uncertainty_tier: Option<Tier>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub id: Spanned<String>,
    pub when: Spanned<String>,
    pub finding: Spanned<FindingCode>,
    pub tier: Spanned<Tier>,
    pub jurisdiction: Option<Spanned<Jurisdiction>>,
    pub title: String,
    pub rationale: String,
    #[serde(default)]
    pub guidance: Vec<String>,
    #[serde(default)]
    pub shared_guidance: Vec<Spanned<String>>,
    #[serde(default)]
    pub references: Vec<Spanned<String>>,
    pub list_area: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReference {
    pub id: Spanned<String>,
    pub title: String,
    pub issuer: String,
    pub date: String,
    pub url: Option<String>,
    /// `law` (the default), `guidance` or `study`.
    #[serde(default)]
    pub kind: ReferenceKind,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTerm {
    pub id: Spanned<String>,
    pub term: String,
    pub definition: String,
}
