//! `dualcheck summary`: anonymous counts over many JSON reports, for an export-control office or a
//! workshop. Only ids, codes, dates and counts are read and written: never an answer, a label or
//! any free text, so a summary can be shared.
//!
//! Each file is read into a small struct of just the fields counted (serde skips the rest), so ten
//! thousand reports take about a second. Files that are unreadable, too large, not JSON or not a
//! dualcheck report are listed and skipped, never fatal.
//!
//! With a chosen question ([`Summary::for_question`]), the answer to that one question is read too,
//! and only counted when it is an option id (or a list of them, or a number, counted by range): a
//! free-text answer is never counted, shown or kept.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeSeed;

pub mod chart;
pub mod html;
mod read;

pub use read::{AnswerValue, NumberRange, classify};
use read::{Schema, SlimSeed};

use crate::assess::SCHEMA;

/// Earlier report schemas that `summary` still reads (the counted fields did not change).
const READS: [&str; 1] = ["dualcheck.report/1"];
use crate::report::markdown::escape;
use crate::taxonomy::{FindingCode, Tier};

/// Largest report file read, in bytes.
pub const MAX_REPORT_BYTES: u64 = 5 * 1024 * 1024;

/// How the answers to one question split across the reports counted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuestionCounts {
    /// The question id, as given on the command line.
    pub id: String,
    /// Reports with a counted answer.
    pub answered: usize,
    /// Reports per answer value (a multiple-choice answer counts once for each option).
    pub by_value: BTreeMap<AnswerValue, usize>,
    /// Reports whose answer was not counted: free text, or not an option id.
    pub not_counted: usize,
    /// Reports without an answer to the question (not on their path, or another questionnaire).
    pub unanswered: usize,
}

/// A file that was not counted, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub file: String,
    pub reason: String,
}

/// Counts over a set of reports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub reports: usize,
    pub by_verdict: BTreeMap<Tier, usize>,
    /// Reports with at least one finding of the code.
    pub by_finding: BTreeMap<FindingCode, usize>,
    /// By (questionnaire id, version).
    pub by_questionnaire: BTreeMap<(String, String), usize>,
    pub by_legal_data: BTreeMap<String, usize>,
    pub skipped: Vec<Skipped>,
    /// The split of the answers to the chosen question, if one was chosen.
    pub question: Option<QuestionCounts>,
}

impl Summary {
    /// An empty summary that also counts the answers to `question` (an id).
    pub fn for_question(question: Option<&str>) -> Self {
        Summary {
            question: question.map(|id| QuestionCounts {
                id: id.to_string(),
                ..QuestionCounts::default()
            }),
            ..Summary::default()
        }
    }

    /// Counts one report from its bytes, or records why it was skipped.
    pub fn add(&mut self, name: &str, bytes: &[u8]) {
        if let Err(reason) = self.try_add(bytes) {
            self.skip(name, reason);
        }
    }

    fn skip(&mut self, name: &str, reason: impl Into<String>) {
        self.skipped.push(Skipped {
            file: name.to_string(),
            reason: reason.into(),
        });
    }

    fn try_add(&mut self, bytes: &[u8]) -> Result<(), String> {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err("empty file".into());
        }
        let schema: Schema = serde_json::from_slice(bytes).map_err(|e| {
            if e.is_syntax() || e.is_eof() {
                "not JSON".to_string()
            } else {
                "not a dualcheck report (no `schema`)".to_string()
            }
        })?;
        if schema.schema != SCHEMA && !READS.contains(&schema.schema.as_str()) {
            return Err(format!(
                "not a dualcheck report (schema `{}`)",
                schema.schema.chars().take(60).collect::<String>()
            ));
        }
        let seed = SlimSeed {
            question: self.question.as_ref().map(|q| q.id.as_str()),
        };
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let r = seed
            .deserialize(&mut de)
            .and_then(|r| de.end().map(|()| r))
            .map_err(|e| format!("invalid report: {e}"))?;
        self.reports += 1;
        if let Some(q) = &mut self.question {
            match r.answer.map(|a| classify(&a.value, a.label.as_deref())) {
                None => q.unanswered += 1,
                Some(None) => q.not_counted += 1,
                Some(Some(values)) => {
                    q.answered += 1;
                    for v in values {
                        *q.by_value.entry(v).or_default() += 1;
                    }
                }
            }
        }
        *self.by_verdict.entry(r.verdict).or_default() += 1;
        let mut codes: Vec<FindingCode> = r.findings.iter().map(|f| f.code).collect();
        codes.sort_unstable();
        codes.dedup();
        for code in codes {
            *self.by_finding.entry(code).or_default() += 1;
        }
        *self
            .by_questionnaire
            .entry((r.questionnaire.id, r.questionnaire.version))
            .or_default() += 1;
        *self
            .by_legal_data
            .entry(r.questionnaire.legal_data_as_of)
            .or_default() += 1;
        Ok(())
    }

    /// Reads one file (size-limited) and counts it.
    pub fn add_file(&mut self, path: &Path) {
        let name = path.display().to_string();
        // Regular files only (a FIFO or a link to `/dev/zero` is skipped, never read), at most
        // the limit, whatever the file claims its size is.
        match crate::files::read_bytes(path, MAX_REPORT_BYTES) {
            Ok(bytes) => self.add(&name, &bytes),
            Err(crate::files::InputError::Io(e)) => {
                self.skip(&name, format!("cannot read: {}", io_reason(&e)));
            }
            Err(crate::files::InputError::NotFound) => {
                self.skip(&name, "cannot read: no such file");
            }
            Err(crate::files::InputError::Directory) => self.skip(&name, "a directory, not a file"),
            Err(crate::files::InputError::TooLarge(_)) => {
                self.skip(&name, format!("larger than {} MiB", MAX_REPORT_BYTES >> 20));
            }
            Err(e) => self.skip(&name, e.to_string()),
        }
    }

    /// Counts files and directories (every `*.json` directly inside, in name order).
    pub fn collect(paths: &[PathBuf]) -> Self {
        Summary::default().read_paths(paths)
    }

    /// Adds files and directories to this summary, like [`Summary::collect`].
    #[must_use]
    pub fn read_paths(self, paths: &[PathBuf]) -> Self {
        let mut s = self;
        for p in paths {
            if p.is_dir() {
                match std::fs::read_dir(p) {
                    Ok(read) => {
                        let mut files: Vec<PathBuf> = read
                            .flatten()
                            .map(|e| e.path())
                            .filter(|f| f.extension().is_some_and(|e| e == "json"))
                            .collect();
                        files.sort();
                        for f in files {
                            s.add_file(&f);
                        }
                    }
                    Err(e) => s.skip(
                        &p.display().to_string(),
                        format!("cannot read: {}", io_reason(&e)),
                    ),
                }
            } else {
                s.add_file(p);
            }
        }
        s
    }

    fn verdict_rows(&self) -> impl Iterator<Item = (Tier, usize)> + '_ {
        Tier::ALL
            .iter()
            .map(|t| (*t, self.by_verdict.get(t).copied().unwrap_or(0)))
    }

    /// A Markdown summary.
    pub fn to_markdown(&self) -> String {
        let mut o = String::new();
        let _ = writeln!(o, "# dualcheck summary\n");
        let _ = writeln!(
            o,
            "{} counted, {} skipped. Anonymous: only hints, finding codes and \
             questionnaire versions are counted, never answers.\n",
            crate::report::count(self.reports, "report", "reports"),
            crate::report::count(self.skipped.len(), "file", "files")
        );
        let pct = |n: usize| {
            if self.reports == 0 {
                0.0
            } else {
                n as f64 * 100.0 / self.reports as f64
            }
        };
        let _ = writeln!(
            o,
            "## By hint\n\n| Hint | Reports | Share |\n|---|---:|---:|"
        );
        for (t, n) in self.verdict_rows() {
            let _ = writeln!(
                o,
                "| {} {} | {n} | {:.1} % |",
                t.symbol(),
                t.label(),
                pct(n)
            );
        }
        let _ = writeln!(
            o,
            "\n## By finding\n\nReports with at least one finding of the code.\n"
        );
        table(
            &mut o,
            "| Code | Reports | Meaning |\n|---|---:|---|",
            self.by_finding
                .iter()
                .map(|(c, n)| format!("| `{}` | {n} | {} |", c.code(), escape(c.meaning()))),
        );
        let _ = writeln!(o, "\n## By questionnaire\n");
        table(
            &mut o,
            "| Questionnaire | Version | Reports |\n|---|---|---:|",
            self.by_questionnaire
                .iter()
                .map(|((id, v), n)| format!("| {} | {} | {n} |", escape(id), escape(v))),
        );
        let _ = writeln!(o, "\n## By legal-data date\n");
        table(
            &mut o,
            "| Legal data as of | Reports |\n|---|---:|",
            self.by_legal_data
                .iter()
                .map(|(d, n)| format!("| {} | {n} |", escape(d))),
        );
        if !self.skipped.is_empty() {
            let _ = writeln!(o, "\n## Skipped files\n");
            for s in &self.skipped {
                let _ = writeln!(o, "- {}: {}", escape(&s.file), escape(&s.reason));
            }
        }
        o
    }

    /// A JSON summary (`dualcheck.summary/1`).
    pub fn to_json(&self) -> String {
        let count_map = |it: &mut dyn Iterator<Item = (String, usize)>| {
            serde_json::Value::Object(it.map(|(k, v)| (k, v.into())).collect())
        };
        let value = serde_json::json!({
            "schema": "dualcheck.summary/1",
            "reports": self.reports,
            "by_verdict": count_map(&mut self.verdict_rows().map(|(t, n)| (t.code().to_string(), n))),
            "by_finding": count_map(&mut self.by_finding.iter().map(|(c, n)| (c.code().to_string(), *n))),
            "by_questionnaire": self.by_questionnaire.iter().map(|((id, v), n)| {
                serde_json::json!({"id": id, "version": v, "reports": n})
            }).collect::<Vec<_>>(),
            "by_legal_data": count_map(&mut self.by_legal_data.iter().map(|(d, n)| (d.clone(), *n))),
            "skipped": self.skipped,
        });
        let mut s = serde_json::to_string_pretty(&value).expect("a summary always serialises");
        s.push('\n');
        s
    }

    /// A self-contained HTML page with charts (see [`html`]).
    pub fn to_html(&self) -> String {
        html::write(self)
    }

    /// CSV: `dimension,key,version,count`, one row per count. Skipped files are not rows.
    pub fn to_csv(&self) -> String {
        let mut o = String::from("dimension,key,version,count\n");
        let _ = writeln!(o, "reports,all,,{}", self.reports);
        for (t, n) in self.verdict_rows() {
            let _ = writeln!(o, "verdict,{},,{n}", t.code());
        }
        for (c, n) in &self.by_finding {
            let _ = writeln!(o, "finding,{},,{n}", c.code());
        }
        for ((id, v), n) in &self.by_questionnaire {
            let _ = writeln!(o, "questionnaire,{},{},{n}", csv_field(id), csv_field(v));
        }
        for (d, n) in &self.by_legal_data {
            let _ = writeln!(o, "legal_data_as_of,{},,{n}", csv_field(d));
        }
        let _ = writeln!(o, "skipped,all,,{}", self.skipped.len());
        o
    }
}

/// A Markdown table, or "None." when it has no rows.
fn table(o: &mut String, header: &str, rows: impl Iterator<Item = String>) {
    let mut rows = rows.peekable();
    if rows.peek().is_none() {
        o.push_str("None.\n");
        return;
    }
    let _ = writeln!(o, "{header}");
    for row in rows {
        let _ = writeln!(o, "{row}");
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Quotes a CSV field when needed, and defuses spreadsheet formulas and control characters.
fn csv_field(s: &str) -> String {
    let s = crate::diag::sanitize(s).replace(['\n', '\r', '\t'], " ");
    // Every part a spreadsheet could split off (at `,` or `;`, whatever separator it uses) is
    // defused, not only the start of the field.
    let mut defused = String::with_capacity(s.len() + 2);
    let mut part_start = true;
    for c in s.chars() {
        if part_start && c != ' ' {
            if matches!(c, '=' | '+' | '-' | '@') {
                defused.push('\'');
            }
            part_start = false;
        }
        if matches!(c, ',' | ';') {
            part_start = true;
        }
        defused.push(c);
    }
    let s = defused;
    if s.contains([',', '"']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests;
