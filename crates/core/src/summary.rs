//! `dualcheck summary`: anonymous counts over many JSON reports, for an export-control office or a
//! workshop. What is counted and shown: hints, findings (by the title the questionnaire gave them,
//! or by code), questionnaire versions, legal-data dates, the dates of the reports, and with a
//! chosen question the option answers to it (with the questionnaire's labels). Never free text,
//! names, or an answer in the user's own words, so a summary can be shared.
//!
//! Each report is read from its bytes into a small struct of just the fields needed (serde skips
//! the rest), so ten thousand reports take about a second. Reports that are not JSON or not a
//! dualcheck report are listed and skipped, never fatal; reading the files is the application's
//! (`dualcheck::summary`), which lists unreadable and oversized files the same way.
//!
//! Reports carry no session id: two reports of the same questionnaire (id, version and hash) with
//! the same answers are taken for two exports of one session and counted once, the latest by
//! `generated_at` (see [`Summary::keep_duplicates`] to count every file).
//!
//! With a chosen question ([`Summary::for_question`]), the answer to that one question is counted
//! only when it is an option id (or a list of them, or a number, counted by range): a free-text
//! answer is never counted, shown or kept.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use serde::Serialize;
use serde::de::DeserializeSeed;

pub mod chart;
pub mod html;
mod read;

pub use read::{AnswerValue, NumberRange, classify};
use read::{Schema, Slim, SlimSeed};

use crate::assess::SCHEMA;

/// Earlier report schemas that `summary` still reads (the counted fields did not change).
const READS: [&str; 1] = ["dualcheck.report/1"];
use crate::report::markdown::escape;
use crate::taxonomy::{FindingCode, Tier};

/// Largest report file read, in bytes.
pub const MAX_REPORT_BYTES: u64 = 5 * 1024 * 1024;

/// Longest finding title or option label kept, in characters (a longer one is cut).
const MAX_TEXT: usize = 200;

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
    /// The question's text as the latest report gives it: (`generated_at`, text).
    pub text: Option<(String, String)>,
    /// Option id -> its label as the latest report that chose it gives it: (`generated_at`,
    /// label). Only options of counted answers.
    pub labels: BTreeMap<String, (String, String)>,
}

impl QuestionCounts {
    /// The words for an answer value: the option's label as the user saw it, else its id.
    pub fn label_of(&self, v: &AnswerValue) -> String {
        match v {
            AnswerValue::Option(id) => self
                .labels
                .get(id)
                .map_or_else(|| id.clone(), |(_, l)| l.clone()),
            _ => v.label(),
        }
    }

    /// The question's text, when a report gave it.
    pub fn text(&self) -> Option<&str> {
        self.text.as_ref().map(|(_, t)| t.as_str())
    }
}

/// A file that was not counted, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub file: String,
    pub reason: String,
}

/// What one report adds to the counts (kept per session, to replace an older export).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Counted {
    generated_at: String,
    verdict: Tier,
    codes: Vec<FindingCode>,
    /// The findings' labels (see [`finding_label`]), each once.
    titles: Vec<String>,
    questionnaire: (String, String),
    legal_data_as_of: String,
    /// The `YYYY-MM-DD` of `generated_at`, when it has one.
    date: Option<String>,
    answer: Tallied,
}

/// The chosen question's answer in one report.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tallied {
    NoQuestion,
    Unanswered,
    NotCounted,
    Counted(Vec<AnswerValue>),
}

/// Counts over a set of reports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Reports counted (a session exported more than once counts once).
    pub reports: usize,
    pub by_verdict: BTreeMap<Tier, usize>,
    /// Reports with at least one finding of the code.
    pub by_finding: BTreeMap<FindingCode, usize>,
    /// Reports with at least one finding of the title: a questionnaire rule's title as the user
    /// saw it, or for findings the program adds, words for their code.
    pub by_finding_title: BTreeMap<String, usize>,
    /// By (questionnaire id, version).
    pub by_questionnaire: BTreeMap<(String, String), usize>,
    pub by_legal_data: BTreeMap<String, usize>,
    /// By the date the report was written (`YYYY-MM-DD`).
    pub by_date: BTreeMap<String, usize>,
    pub skipped: Vec<Skipped>,
    /// Reports not counted because a later export of the same session was (or an equal one).
    pub duplicates: usize,
    /// Count every file, even two exports of one session.
    pub keep_duplicates: bool,
    /// A title for the page (a workshop's name), given by the user.
    pub title: Option<String>,
    /// The split of the answers to the chosen question, if one was chosen.
    pub question: Option<QuestionCounts>,
    /// Counted reports by session key, when duplicates are merged.
    sessions: HashMap<[u8; 32], Counted>,
}

/// Adds one to, or takes one from, a count; a count that falls to zero is removed.
fn bump<K: Ord>(map: &mut BTreeMap<K, usize>, key: K, add: bool) {
    if add {
        *map.entry(key).or_default() += 1;
    } else if let Some(n) = map.get_mut(&key) {
        *n = n.saturating_sub(1);
        if *n == 0 {
            map.remove(&key);
        }
    }
}

fn step(n: &mut usize, add: bool) {
    if add {
        *n += 1;
    } else {
        *n = n.saturating_sub(1);
    }
}

/// At most [`MAX_TEXT`] characters of a text from a file, on one line.
fn short(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    crate::report::path_svg::clip(&one_line, MAX_TEXT)
}

/// The words a finding is counted under: the rule's title as the user saw it; for findings the
/// program adds (whose titles can hold names or counts), words for the code.
fn finding_label(code: FindingCode, rule: &str, title: &str) -> String {
    let added = rule.is_empty() || rule == "program" || rule == "screening";
    match code {
        _ if !added && !title.trim().is_empty() => short(title),
        FindingCode::InformationMissing => "Open questions could change the hint".into(),
        FindingCode::RestrictedParty => "Possible restricted-party match".into(),
        _ => code.meaning().trim_end_matches('.').to_string(),
    }
}

/// The `YYYY-MM-DD` a timestamp starts with, if it does.
fn date_of(generated_at: &str) -> Option<String> {
    let d = generated_at.get(..10)?;
    let b = d.as_bytes();
    let shaped = b.iter().enumerate().all(|(i, c)| {
        if i == 4 || i == 7 {
            *c == b'-'
        } else {
            c.is_ascii_digit()
        }
    });
    shaped.then(|| d.to_string())
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

    /// Counts every file, even two exports of one session (e.g. a workshop where everyone runs
    /// the same example).
    #[must_use]
    pub fn keep_duplicates(mut self, keep: bool) -> Self {
        self.keep_duplicates = keep;
        self
    }

    /// Gives the page a title.
    #[must_use]
    pub fn titled(mut self, title: Option<&str>) -> Self {
        self.title = title.map(str::to_string);
        self
    }

    /// The first and the last date reports were written on, if any report has one.
    pub fn date_range(&self) -> Option<(&str, &str)> {
        let first = self.by_date.keys().next()?;
        let last = self.by_date.keys().next_back()?;
        Some((first, last))
    }

    /// Counts one report from its bytes, or records why it was skipped.
    pub fn add(&mut self, name: &str, bytes: &[u8]) {
        if let Err(reason) = self.try_add(bytes) {
            self.skip(name, reason);
        }
    }

    /// Lists a file as skipped, with why (a file the caller could not read, say).
    pub fn skip(&mut self, name: &str, reason: impl Into<String>) {
        self.skipped.push(Skipped {
            file: name.to_string(),
            reason: reason.into(),
        });
    }

    fn try_add(&mut self, bytes: &[u8]) -> Result<(), String> {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err("empty file".into());
        }
        // One pass: the fields counted, `schema` among them. Only a file that does not read as a
        // report is parsed again, to say why.
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let read = SlimSeed
            .deserialize(&mut de)
            .and_then(|r| de.end().map(|()| r));
        let schema = match &read {
            Ok(r) => r.schema.clone(),
            Err(_) => match serde_json::from_slice::<Schema>(bytes) {
                Ok(s) => s.schema,
                Err(e) if e.is_syntax() || e.is_eof() => return Err("not JSON".to_string()),
                Err(_) => return Err("not a dualcheck report (no `schema`)".to_string()),
            },
        };
        if schema.is_empty() {
            return Err("not a dualcheck report (no `schema`)".to_string());
        }
        if schema != SCHEMA && !READS.contains(&schema.as_str()) {
            return Err(format!(
                "not a dualcheck report (schema `{}`)",
                schema.chars().take(60).collect::<String>()
            ));
        }
        let r = read.map_err(|e| format!("invalid report: {e}"))?;
        let counted = self.counted(&r)?;
        if self.keep_duplicates {
            self.tally(&counted, true);
            return Ok(());
        }
        let key = r.session_key();
        match self.sessions.get(&key) {
            Some(earlier) if earlier.generated_at >= counted.generated_at => {
                self.duplicates += 1;
            }
            Some(earlier) => {
                let earlier = earlier.clone();
                self.tally(&earlier, false);
                self.duplicates += 1;
                self.tally(&counted, true);
                self.sessions.insert(key, counted);
            }
            None => {
                self.tally(&counted, true);
                self.sessions.insert(key, counted);
            }
        }
        Ok(())
    }

    /// What a report adds to the counts; labels of the chosen question are noted here.
    fn counted(&mut self, r: &Slim) -> Result<Counted, String> {
        let answer = match &mut self.question {
            None => Tallied::NoQuestion,
            Some(q) => match r.answer(&q.id)? {
                None => Tallied::Unanswered,
                Some(a) => match classify(&a.value, a.label.as_deref()) {
                    None => Tallied::NotCounted,
                    Some(values) => {
                        note_labels(q, &r.generated_at, &a);
                        Tallied::Counted(values)
                    }
                },
            },
        };
        let mut codes: Vec<FindingCode> = r.findings.iter().map(|f| f.code).collect();
        codes.sort_unstable();
        codes.dedup();
        let mut titles: Vec<String> = r
            .findings
            .iter()
            .map(|f| finding_label(f.code, &f.rule, &f.title))
            .collect();
        titles.sort_unstable();
        titles.dedup();
        Ok(Counted {
            generated_at: r.generated_at.clone(),
            verdict: r.verdict,
            codes,
            titles,
            questionnaire: (r.questionnaire.id.clone(), r.questionnaire.version.clone()),
            legal_data_as_of: r.questionnaire.legal_data_as_of.clone(),
            date: date_of(&r.generated_at),
            answer,
        })
    }

    /// Adds a report to every count, or takes it out again (`add` false).
    fn tally(&mut self, c: &Counted, add: bool) {
        step(&mut self.reports, add);
        if let Some(q) = &mut self.question {
            match &c.answer {
                Tallied::NoQuestion | Tallied::Unanswered => step(&mut q.unanswered, add),
                Tallied::NotCounted => step(&mut q.not_counted, add),
                Tallied::Counted(values) => {
                    step(&mut q.answered, add);
                    for v in values {
                        bump(&mut q.by_value, v.clone(), add);
                    }
                }
            }
        }
        bump(&mut self.by_verdict, c.verdict, add);
        for code in &c.codes {
            bump(&mut self.by_finding, *code, add);
        }
        for title in &c.titles {
            bump(&mut self.by_finding_title, title.clone(), add);
        }
        bump(&mut self.by_questionnaire, c.questionnaire.clone(), add);
        bump(&mut self.by_legal_data, c.legal_data_as_of.clone(), add);
        if let Some(d) = &c.date {
            bump(&mut self.by_date, d.clone(), add);
        }
    }

    fn verdict_rows(&self) -> impl Iterator<Item = (Tier, usize)> + '_ {
        Tier::ALL
            .iter()
            .map(|t| (*t, self.by_verdict.get(t).copied().unwrap_or(0)))
    }

    /// A Markdown summary.
    pub fn to_markdown(&self) -> String {
        let mut o = String::new();
        match &self.title {
            Some(t) => {
                let _ = writeln!(o, "# {}\n\ndualcheck summary\n", escape(t));
            }
            None => {
                let _ = writeln!(o, "# dualcheck summary\n");
            }
        }
        let _ = writeln!(
            o,
            "{} counted, {} skipped{}{}. Anonymous: only hints, finding codes and \
             questionnaire versions are counted, never answers.\n",
            crate::report::count(self.reports, "report", "reports"),
            crate::report::count(self.skipped.len(), "file", "files"),
            self.date_range()
                .map_or_else(String::new, |(a, b)| if a == b {
                    format!(", written on {a}")
                } else {
                    format!(", written from {a} to {b}")
                }),
            if self.duplicates > 0 {
                format!(
                    "; {} of a session already counted (same questionnaire, same answers) merged, \
                     the latest kept",
                    crate::report::count(self.duplicates, "more export", "more exports")
                )
            } else {
                String::new()
            },
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
            "duplicates": self.duplicates,
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
        let _ = writeln!(o, "duplicates,all,,{}", self.duplicates);
        let _ = writeln!(o, "skipped,all,,{}", self.skipped.len());
        o
    }
}

/// Notes the question's text and the labels of the options chosen in a counted answer, where this
/// report is the latest to give them. A multiple-choice label lists the options' labels in the
/// order of the ids, joined by `; `; when it does not split into one per id, the ids stay bare.
fn note_labels(q: &mut QuestionCounts, at: &str, a: &read::SlimAnswer) {
    fn note(slot: &mut Option<(String, String)>, at: &str, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        if slot.as_ref().is_none_or(|(seen, _)| at > seen.as_str()) {
            *slot = Some((at.to_string(), short(text)));
        }
    }
    if let Some(text) = &a.question {
        note(&mut q.text, at, text);
    }
    let Some(label) = a.label.as_deref() else {
        return;
    };
    let ids: Vec<&str> = match &a.value {
        serde_json::Value::String(id) if id != crate::answers::NOT_SURE => vec![id.as_str()],
        serde_json::Value::Array(items) => items.iter().filter_map(|v| v.as_str()).collect(),
        _ => return,
    };
    let parts: Vec<&str> = if ids.len() == 1 {
        vec![label]
    } else {
        label.split("; ").collect()
    };
    if parts.len() != ids.len() {
        return;
    }
    for (id, part) in ids.into_iter().zip(parts) {
        if part == id {
            continue;
        }
        let mut slot = q.labels.remove(id);
        note(&mut slot, at, part);
        if let Some(slot) = slot {
            q.labels.insert(id.to_string(), slot);
        }
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
