//! Offline restricted-party screening: the lists an office downloads (US Consolidated Screening
//! List, EU consolidated financial sanctions, UK sanctions list), imported into a local index,
//! and the names a user types compared with them.
//!
//! The parsing ([`import`]), the matching ([`matcher`]) and the report additions ([`findings`])
//! are pure; [`store`] and [`shell`] read and write the data directory.
//!
//! A possible match is a hint for the export-control officer to confirm, never a verdict, and no
//! possible match is never a clearance.

use serde::{Deserialize, Serialize};

pub mod findings;
#[doc(hidden)]
pub mod generate;
pub mod import;
pub mod matcher;
pub mod normalize;
pub mod shell;
pub mod store;

/// The score from which a name is reported as a possible match (see `docs/screening.md`).
pub const THRESHOLD: f64 = 0.80;

/// One listed party, with every name it is listed under.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The primary name first, then the aliases.
    pub names: Vec<String>,
    /// `entity`, `individual`, `vessel`, `aircraft`, or empty when the list does not say.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub kind: String,
    /// Countries of the addresses, citizenships or nationalities (ISO codes or names as published).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<String>,
    /// The list within the file, e.g. "Entity List (EL) - Bureau of Industry and Security".
    pub list: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub programmes: Vec<String>,
    /// Dates as published, each with what it is ("listed 2020-06-05").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dates: Vec<String>,
    /// The publisher's identifier of the entry (CSL id, EU logical id, UK unique id).
    pub reference: String,
}

/// The formats that can be imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    CslCsv,
    CslJson,
    EuXml,
    UkCsv,
    OfsiCsv,
}

impl Format {
    /// The list a file of this format replaces when imported.
    pub fn list_id(self) -> &'static str {
        match self {
            Format::CslCsv | Format::CslJson => "us-csl",
            Format::EuXml => "eu-fsf",
            Format::UkCsv | Format::OfsiCsv => "uk",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Format::CslCsv | Format::CslJson => "US Consolidated Screening List",
            Format::EuXml => "EU consolidated list of financial sanctions",
            Format::UkCsv => "UK Sanctions List",
            Format::OfsiCsv => "UK OFSI consolidated list",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Format::CslCsv => "csl-csv",
            Format::CslJson => "csl-json",
            Format::EuXml => "eu-xml",
            Format::UkCsv => "uk-csv",
            Format::OfsiCsv => "ofsi-csv",
        }
    }
}

/// One imported file: the list it holds and its entries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct List {
    /// `us-csl`, `eu-fsf` or `uk`.
    pub id: String,
    pub title: String,
    pub format: Format,
    /// The name of the imported file (without its directory).
    pub file: String,
    /// SHA-256 of the imported file.
    pub sha256: String,
    /// The publication date of the list, YYYY-MM-DD.
    pub published: String,
    /// Where the publication date comes from (the file itself, or the file's modification time).
    pub published_from: String,
    /// When it was imported (RFC 3339).
    pub imported_at: String,
    pub entries: Vec<Entry>,
}

impl List {
    /// "US Consolidated Screening List of 2026-11-20".
    pub fn label(&self) -> String {
        format!("{} of {}", self.title, self.published)
    }
}
