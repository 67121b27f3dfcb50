//! The validated questionnaire: what every front-end, the engine and the assessment work with.
//!
//! Built only by [`super::load`], after every reference has been checked, so code that holds a
//! [`Questionnaire`] can index questions, options, sections and references without failure.

use std::collections::HashMap;

use super::expr::Expr;
use crate::taxonomy::{FindingCode, Jurisdiction, Tier};

/// Defines an index newtype into a list of `$item`, serialized as the bare number.
macro_rules! index_type {
    ($(#[$doc:meta])* $name:ident => $item:ty) => {
        $(#[$doc])*
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            PartialOrd,
            Ord,
            Hash,
            serde::Serialize,
            serde::Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub usize);

        impl $name {
            /// The plain index.
            pub const fn get(self) -> usize {
                self.0
            }
        }

        impl std::ops::Index<$name> for [$item] {
            type Output = $item;
            fn index(&self, i: $name) -> &$item {
                &self[i.0]
            }
        }

        impl std::ops::IndexMut<$name> for [$item] {
            fn index_mut(&mut self, i: $name) -> &mut $item {
                &mut self[i.0]
            }
        }

        impl std::ops::Index<$name> for Vec<$item> {
            type Output = $item;
            fn index(&self, i: $name) -> &$item {
                &self[i.0]
            }
        }

        impl std::ops::IndexMut<$name> for Vec<$item> {
            fn index_mut(&mut self, i: $name) -> &mut $item {
                &mut self[i.0]
            }
        }
    };
}

index_type!(
    /// The index of a section in [`Questionnaire::sections`].
    SectionIx => Section
);
/// The index of a question in [`Questionnaire::questions`], and of every list kept per question
/// (answers, whether it is on the path).
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(transparent)]
pub struct QuestionIx(pub usize);

impl QuestionIx {
    /// The plain index.
    pub const fn get(self) -> usize {
        self.0
    }

    /// The question after this one in file order.
    #[must_use]
    pub const fn next(self) -> QuestionIx {
        QuestionIx(self.0 + 1)
    }
}

impl<T> std::ops::Index<QuestionIx> for [T] {
    type Output = T;
    fn index(&self, i: QuestionIx) -> &T {
        &self[i.0]
    }
}

impl<T> std::ops::IndexMut<QuestionIx> for [T] {
    fn index_mut(&mut self, i: QuestionIx) -> &mut T {
        &mut self[i.0]
    }
}

impl<T> std::ops::Index<QuestionIx> for Vec<T> {
    type Output = T;
    fn index(&self, i: QuestionIx) -> &T {
        &self[i.0]
    }
}

impl<T> std::ops::IndexMut<QuestionIx> for Vec<T> {
    fn index_mut(&mut self, i: QuestionIx) -> &mut T {
        &mut self[i.0]
    }
}
index_type!(
    /// The index of an option in [`Question::options`].
    OptionIx => AnswerOption
);

/// The kind of answer a question takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Single,
    Multiple,
    YesNo,
    Number,
    Text,
    Info,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Single => "single",
            Kind::Multiple => "multiple",
            Kind::YesNo => "yes_no",
            Kind::Number => "number",
            Kind::Text => "text",
            Kind::Info => "info",
        }
    }

    /// Whether answers are option ids.
    pub fn is_choice(self) -> bool {
        matches!(self, Kind::Single | Kind::Multiple | Kind::YesNo)
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Meta {
    pub id: String,
    pub title: String,
    pub description: String,
    pub version: String,
    /// `YYYY-MM-DD`.
    pub legal_data_as_of: String,
    pub audience: Vec<String>,
    pub extends: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub intro: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct AnswerOption {
    pub id: String,
    pub label: String,
    pub help: Option<String>,
    /// Multiple choice: cannot be ticked together with any other option ("Nothing of this").
    pub exclusive: bool,
}

/// Where a next-rule goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Target {
    Question(QuestionIx),
    End,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct NextRule {
    /// `None` for the default route.
    pub when: Option<Expr>,
    pub goto: Target,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Question {
    pub id: String,
    pub section: SectionIx,
    pub kind: Kind,
    pub text: String,
    pub help: Option<String>,
    pub examples: Vec<String>,
    pub options: Vec<AnswerOption>,
    pub not_sure: bool,
    pub required: bool,
    /// Glossary indexes.
    pub terms: Vec<usize>,
    pub show_if: Option<Expr>,
    pub next: Vec<NextRule>,
    pub min: f64,
    pub max: f64,
    /// Number questions: only whole numbers are answers.
    pub integer: bool,
    pub unit: Option<String>,
    pub max_length: usize,
    /// The most an uncertain answer to this question raises the hint by itself, for questions
    /// whose uncertainty a step another finding already asks for resolves (e.g. screening).
    pub uncertainty_tier: Option<Tier>,
}

/// Whether `s` has the shape of an id in the format: 1-64 lower-case ASCII letters, digits, `_`
/// or `-`.
pub fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

/// A number as a person writes it: whole numbers without a decimal point ("5", not "5.0").
pub(crate) fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

impl Question {
    /// What a number question takes, for prompts and messages: "a whole number from 1 to 9"
    /// or "a number from 0 to 100".
    pub fn number_range(&self) -> String {
        let what = if self.integer {
            "a whole number"
        } else {
            "a number"
        };
        format!("{what} from {} to {}", fmt_num(self.min), fmt_num(self.max))
    }

    pub fn option_index(&self, id: &str) -> Option<OptionIx> {
        self.options.iter().position(|o| o.id == id).map(OptionIx)
    }

    /// Whether the question takes an answer at all.
    pub fn is_answerable(&self) -> bool {
        self.kind != Kind::Info
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Rule {
    pub id: String,
    pub when: Expr,
    pub finding: FindingCode,
    pub tier: Tier,
    pub title: String,
    pub rationale: String,
    pub guidance: Vec<String>,
    /// Indexes of shared guidance blocks.
    pub shared_guidance: Vec<usize>,
    /// Reference indexes, each with its pinpoint (article, annex entry, CFR section; may be empty).
    pub references: Vec<(usize, String)>,
    pub list_area: Option<String>,
    pub jurisdiction: Jurisdiction,
}

/// When the rules of a jurisdiction apply to the user.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct JurisdictionRule {
    pub id: Jurisdiction,
    pub applies: Expr,
}

/// A national authority named in the result when its condition holds.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Authority {
    pub id: String,
    pub jurisdiction: Jurisdiction,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Expr>,
}

/// Guidance that several rules share, printed once per report.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GuidanceBlock {
    pub id: String,
    pub title: String,
    pub steps: Vec<String>,
}

/// What kind of source a reference is: a legal instrument is cited with a pinpoint and an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReferenceKind {
    /// A legal instrument: regulation, directive, statute, order, code of regulations, treaty, a
    /// legally binding list.
    #[default]
    Law,
    /// Official or multilateral guidance, recommendations, regime lists, tools and list portals.
    Guidance,
    /// A study, paper or other secondary source.
    Study,
}

impl ReferenceKind {
    /// The stable code used in files and reports.
    pub fn code(self) -> &'static str {
        match self {
            ReferenceKind::Law => "law",
            ReferenceKind::Guidance => "guidance",
            ReferenceKind::Study => "study",
        }
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Reference {
    pub id: String,
    pub title: String,
    pub issuer: String,
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Legal instrument, guidance or study.
    #[serde(default)]
    pub kind: ReferenceKind,
    /// The exact place cited (article and paragraph, annex entry, CFR section), set per finding.
    #[serde(default)]
    pub pinpoint: String,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Term {
    pub id: String,
    pub term: String,
    pub definition: String,
}

/// The [`Questionnaire::origin`] of the packs built into the binary; a pack read from disk
/// records its path.
pub const EMBEDDED_ORIGIN: &str = "embedded";

/// A loaded, validated questionnaire.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Questionnaire {
    pub meta: Meta,
    pub sections: Vec<Section>,
    pub questions: Vec<Question>,
    pub rules: Vec<Rule>,
    pub references: Vec<Reference>,
    pub terms: Vec<Term>,
    /// When each jurisdiction's rules apply; a jurisdiction without an entry always applies.
    pub jurisdictions: Vec<JurisdictionRule>,
    pub authorities: Vec<Authority>,
    pub guidance: Vec<GuidanceBlock>,
    pub start: QuestionIx,
    /// For an extension pack: the first question of the extension, where `goto = "end"` in the
    /// base pack continues.
    pub extension_start: Option<QuestionIx>,
    /// `sha256:` of the source files, in load order.
    pub hash: String,
    /// Where it came from: [`EMBEDDED_ORIGIN`] or a path.
    pub origin: String,
    /// Question index by id: derived from `questions`, rebuilt after a prepared pack is read.
    #[serde(skip)]
    pub(crate) index: HashMap<String, QuestionIx>,
}

impl Questionnaire {
    /// Whether it is one of the packs built into the binary rather than one read from a path.
    pub fn is_embedded(&self) -> bool {
        self.origin == EMBEDDED_ORIGIN
    }

    /// The index of a question by id.
    pub fn question_index(&self, id: &str) -> Option<QuestionIx> {
        self.index.get(id).copied()
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.question_index(id).map(|i| &self.questions[i])
    }

    pub fn section_of(&self, q: QuestionIx) -> &Section {
        &self.sections[self.questions[q].section]
    }
}

/// One answer to a question: the value conditions test and the engine holds. Option answers
/// hold option indexes of their question. Checking, converting and labelling answers is
/// [`crate::answers`], which builds on the model; the model does not build on it.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Choice(OptionIx),
    Choices(Vec<OptionIx>),
    Number(f64),
    Text(String),
    NotSure,
}

impl Questionnaire {
    /// The jurisdictions whose rules apply on these answers: `any` always; a jurisdiction the
    /// pack gives no `[[jurisdiction]]` table for always applies too.
    pub fn jurisdictions_applying<'a>(
        &self,
        get: &impl Fn(QuestionIx) -> Option<&'a Answer>,
    ) -> Vec<crate::taxonomy::Jurisdiction> {
        crate::taxonomy::Jurisdiction::ALL
            .into_iter()
            .filter(|j| {
                self.jurisdictions
                    .iter()
                    .find(|x| x.id == *j)
                    .is_none_or(|x| x.applies.eval(get))
            })
            .collect()
    }
}
