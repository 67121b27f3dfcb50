//! The outcome taxonomy: verdict tiers and finding codes, exactly as every report promises them.
//!
//! These are fixed by the program, not by questionnaires: a questionnaire picks from them, and the
//! validator rejects anything else.

use serde::{Deserialize, Serialize};

/// The legal order a rule speaks for. A finding is shown only where its jurisdiction applies to the
/// user, as the pack's `[[jurisdiction]]` tables decide from the answers.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "kebab-case")]
pub enum Jurisdiction {
    Eu,
    Uk,
    Us,
    /// Applies whatever the user's jurisdiction (human-rights due diligence, research security).
    #[default]
    Any,
}

impl Jurisdiction {
    pub const ALL: [Jurisdiction; 4] = [
        Jurisdiction::Eu,
        Jurisdiction::Uk,
        Jurisdiction::Us,
        Jurisdiction::Any,
    ];

    /// The stable code used in files and reports.
    pub fn code(self) -> &'static str {
        match self {
            Jurisdiction::Eu => "eu",
            Jurisdiction::Uk => "uk",
            Jurisdiction::Us => "us",
            Jurisdiction::Any => "any",
        }
    }

    /// A short name for people.
    pub fn label(self) -> &'static str {
        match self {
            Jurisdiction::Eu => "EU",
            Jurisdiction::Uk => "UK",
            Jurisdiction::Us => "US",
            Jurisdiction::Any => "all jurisdictions",
        }
    }
}

/// How serious a finding is. The verdict of an assessment is the most serious tier of its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tier {
    /// No indicator found on the answers given (never "not controlled").
    NoIndicator,
    /// No licence indicator, but misuse, human-rights or IHL risk, or a step to do.
    DueDiligence,
    /// A control may apply: needs classification or a decision by the export-control officer.
    CheckNeeded,
    /// An export authorisation is likely required.
    LicenceLikely,
    /// Prohibited, or an obligation not to proceed without authorisation: do not proceed.
    Stop,
}

impl Tier {
    /// Every tier, most serious first.
    pub const ALL: [Tier; 5] = [
        Tier::Stop,
        Tier::LicenceLikely,
        Tier::CheckNeeded,
        Tier::DueDiligence,
        Tier::NoIndicator,
    ];

    /// The stable code used in files and reports.
    pub fn code(self) -> &'static str {
        match self {
            Tier::Stop => "stop",
            Tier::LicenceLikely => "licence-likely",
            Tier::CheckNeeded => "check-needed",
            Tier::DueDiligence => "due-diligence",
            Tier::NoIndicator => "no-indicator",
        }
    }

    /// The verdict in words, for people.
    pub fn label(self) -> &'static str {
        match self {
            Tier::Stop => "STOP",
            Tier::LicenceLikely => "LICENCE LIKELY",
            Tier::CheckNeeded => "CHECK NEEDED",
            Tier::DueDiligence => "DUE DILIGENCE",
            Tier::NoIndicator => "NO INDICATOR FOUND",
        }
    }

    /// A symbol that carries the meaning without colour.
    pub fn symbol(self) -> &'static str {
        match self {
            Tier::Stop => "■",
            Tier::LicenceLikely => "◆",
            Tier::CheckNeeded => "▲",
            Tier::DueDiligence => "●",
            Tier::NoIndicator => "○",
        }
    }

    /// An ASCII symbol for plain output.
    pub fn ascii_symbol(self) -> &'static str {
        match self {
            Tier::Stop => "[STOP]",
            Tier::LicenceLikely => "[!!]",
            Tier::CheckNeeded => "[!]",
            Tier::DueDiligence => "[i]",
            Tier::NoIndicator => "[-]",
        }
    }

    /// One sentence that says what the verdict means and what to do.
    pub fn meaning(self) -> &'static str {
        match self {
            Tier::Stop => {
                "Do not proceed: your answers point to a prohibition (such as a sanctions ban or \
                 an arms embargo) or to a duty not to go ahead without an authorisation (such as \
                 after the authority has informed you). Each finding says which. Do not send, \
                 share, ship or start the collaboration before your export-control officer or the \
                 authority has cleared it."
            }
            Tier::LicenceLikely => {
                "An export authorisation is likely required. Talk to your export-control officer \
                 before you send, publish, ship or present anything."
            }
            Tier::CheckNeeded => {
                "A control may apply. Your export-control officer needs to classify the item or \
                 decide before you send, publish or ship anything."
            }
            Tier::DueDiligence => {
                "No licence indicator on your answers, but a risk of misuse, human-rights or \
                 humanitarian-law harm, or a step still to take (such as screening partners): do \
                 the due diligence before you go ahead."
            }
            Tier::NoIndicator => {
                "No indicator found on the answers you gave. This is not a clearance: keep this \
                 record and ask your export-control officer if anything changes or is unclear."
            }
        }
    }
}

impl std::fmt::Display for Tier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

macro_rules! finding_codes {
    ($($variant:ident => $code:literal, $meaning:literal;)*) => {
        /// A finding code from the taxonomy.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum FindingCode {
            $(#[serde(rename = $code)] #[doc = $meaning] $variant,)*
        }

        impl FindingCode {
            /// Every finding code, in taxonomy order.
            pub const ALL: &'static [FindingCode] = &[$(FindingCode::$variant,)*];

            /// The stable code used in files and reports.
            pub fn code(self) -> &'static str {
                match self { $(FindingCode::$variant => $code,)* }
            }

            /// What the code means, in one line.
            pub fn meaning(self) -> &'static str {
                match self { $(FindingCode::$variant => $meaning,)* }
            }

            /// Looks a code up by its stable text.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some(FindingCode::$variant),)* _ => None }
            }
        }
    };
}

finding_codes! {
    ListedDualUse => "listed-dual-use", "The item, software or technology probably matches a dual-use list entry.";
    ListedMilitary => "listed-military", "Probably a military list item (specially designed or modified for military use).";
    AnnexIvIntraEu => "annex-iv-intra-eu", "An Annex IV item: authorisation needed even inside the EU.";
    CatchAllWmd => "catch-all-wmd", "Informed of, aware of, or suspecting a weapons-of-mass-destruction end use.";
    CatchAllMilitary => "catch-all-military", "A military end use in an arms-embargoed destination.";
    CatchAllCyberSurveillance => "catch-all-cyber-surveillance", "A non-listed cyber-surveillance item with a risk of internal repression or serious human-rights or IHL violations.";
    TechnicalAssistance => "technical-assistance", "Help, training or consulting that may need authorisation.";
    RestrictedParty => "restricted-party", "A partner, customer or end user on a restricted-party list.";
    Sanctions => "sanctions", "An embargoed or sanctioned destination, or nationals of one, needing a sanctions check.";
    UsJurisdiction => "us-jurisdiction", "US rules reach the transfer: US-origin items or content, US persons.";
    DeemedExport => "deemed-export", "Release of controlled technology to a foreign national inside the country.";
    NotAnExport => "not-an-export", "The way it is transferred is not an export under the applicable rules.";
    ExemptionPublicDomain => "exemption-public-domain", "The public-domain exemption (or US published information) likely applies.";
    ExemptionBasicResearch => "exemption-basic-research", "The basic-scientific-research exemption likely applies.";
    ExemptionFundamentalResearch => "exemption-fundamental-research", "The US fundamental-research exclusion likely applies.";
    ExemptionVoid => "exemption-void", "An exemption you might rely on is not available.";
    Decontrolled => "decontrolled", "Within a listed family but released by a decontrol note.";
    FundingDefence => "funding-defence", "Defence funding with its conditions.";
    FundingSecurityReview => "funding-security-review", "A funder's security self-assessment or scrutiny applies.";
    HumanRightsDueDiligence => "human-rights-due-diligence", "Misuse, human-rights or IHL risk that calls for due diligence.";
    ResearchSecurity => "research-security", "Partner or knowledge-security risk beyond export controls.";
    InformationMissing => "information-missing", "Unanswered or “Not sure” answers that could change the outcome.";
}

impl std::fmt::Display for FindingCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_order_from_least_to_most_serious() {
        assert!(Tier::Stop > Tier::LicenceLikely);
        assert!(Tier::LicenceLikely > Tier::CheckNeeded);
        assert!(Tier::CheckNeeded > Tier::DueDiligence);
        assert!(Tier::DueDiligence > Tier::NoIndicator);
    }

    #[test]
    fn codes_round_trip() {
        assert_eq!(FindingCode::ALL.len(), 22);
        for code in FindingCode::ALL {
            assert_eq!(FindingCode::from_code(code.code()), Some(*code));
        }
        assert_eq!(FindingCode::from_code("not-controlled"), None);
    }
}
