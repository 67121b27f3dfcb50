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

use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

pub mod chart;
pub mod html;

use crate::assess::SCHEMA;
use crate::report::markdown::escape;
use crate::taxonomy::{FindingCode, Tier};

/// Largest report file read, in bytes.
pub const MAX_REPORT_BYTES: u64 = 5 * 1024 * 1024;

#[derive(Deserialize)]
struct Schema {
    schema: String,
}

/// The fields of a report that are counted; read by [`SlimSeed`].
struct Slim {
    questionnaire: SlimQuestionnaire,
    verdict: Tier,
    findings: Vec<SlimFinding>,
    /// The answer to the chosen question, when one was chosen and the report has it.
    answer: Option<SlimAnswer>,
}

#[derive(Deserialize)]
struct SlimQuestionnaire {
    id: String,
    version: String,
    legal_data_as_of: String,
}

#[derive(Deserialize)]
struct SlimFinding {
    code: FindingCode,
}

/// The answer to the chosen question. The label is only compared with the value (a text answer's
/// label is the text itself) and dropped.
#[derive(Deserialize)]
struct SlimAnswer {
    #[serde(default)]
    value: serde_json::Value,
    #[serde(default)]
    label: Option<String>,
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum SlimField {
    Questionnaire,
    Verdict,
    Findings,
    Answers,
    #[serde(other)]
    Other,
}

/// Reads a [`Slim`] report; with a question id, also that question's answer (and nothing else of
/// `answers`). Everything else is skipped unparsed into values.
struct SlimSeed<'q> {
    question: Option<&'q str>,
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
struct AnswerSeed<'q>(&'q str);

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
struct KeyIs<'q>(&'q str);

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
                format!("{} or more", chart::thousands(10u64.pow(*k)))
            }
            AnswerValue::Number(NumberRange::Decade(k)) => format!(
                "{} to under {}",
                chart::thousands(10u64.pow(*k)),
                chart::thousands(10u64.pow(k + 1))
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
        if schema.schema != SCHEMA {
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
        match std::fs::metadata(path) {
            Err(e) => self.skip(&name, format!("cannot read: {}", io_reason(&e))),
            Ok(m) if m.is_dir() => self.skip(&name, "a directory, not a file"),
            Ok(m) if m.len() > MAX_REPORT_BYTES => {
                self.skip(&name, format!("larger than {} MiB", MAX_REPORT_BYTES >> 20));
            }
            Ok(_) => match std::fs::read(path) {
                Ok(bytes) => self.add(&name, &bytes),
                Err(e) => self.skip(&name, format!("cannot read: {}", io_reason(&e))),
            },
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
            "{} report(s) counted, {} file(s) skipped. Anonymous: only verdicts, finding codes and \
             questionnaire versions are counted, never answers.\n",
            self.reports,
            self.skipped.len()
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
            "## By verdict\n\n| Verdict | Reports | Share |\n|---|---:|---:|"
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
    let mut s = crate::diag::sanitize(s).replace(['\n', '\r', '\t'], " ");
    if s.starts_with(['=', '+', '-', '@']) {
        s.insert(0, '\'');
    }
    if s.contains([',', '"']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(verdict: &str, codes: &[&str]) -> String {
        let findings: Vec<String> = codes
            .iter()
            .map(|c| format!("{{\"code\":\"{c}\",\"title\":\"secret\"}}"))
            .collect();
        format!(
            "{{\"schema\":\"{SCHEMA}\",\"questionnaire\":{{\"id\":\"q\",\"title\":\"T\",\"version\":\"1.0\",\
             \"hash\":\"h\",\"legal_data_as_of\":\"2025-11-15\"}},\"verdict\":\"{verdict}\",\"findings\":[{}],\
             \"answers\":{{\"x\":{{\"label\":\"private answer\"}}}}}}",
            findings.join(",")
        )
    }

    #[test]
    fn counts_reports_and_skips_foreign_files() {
        let mut s = Summary::default();
        s.add(
            "a",
            report("stop", &["sanctions", "sanctions", "restricted-party"]).as_bytes(),
        );
        s.add("b", report("no-indicator", &[]).as_bytes());
        s.add("c", b"not json");
        s.add("d", b"{\"schema\":\"other/1\"}");
        s.add("e", b"  ");
        s.add("f", b"[1,2]");
        assert_eq!(s.reports, 2);
        assert_eq!(s.by_verdict[&Tier::Stop], 1);
        assert_eq!(s.by_finding[&FindingCode::Sanctions], 1);
        assert_eq!(s.by_questionnaire[&("q".into(), "1.0".into())], 2);
        let reasons: Vec<&str> = s.skipped.iter().map(|k| k.reason.as_str()).collect();
        assert_eq!(
            reasons,
            [
                "not JSON",
                "not a dualcheck report (schema `other/1`)",
                "empty file",
                "not a dualcheck report (no `schema`)"
            ]
        );
    }

    #[test]
    fn output_never_contains_answers_or_titles() {
        let mut s = Summary::default();
        s.add("a", report("check-needed", &["listed-dual-use"]).as_bytes());
        for out in [s.to_markdown(), s.to_json(), s.to_csv()] {
            assert!(!out.contains("private answer"), "{out}");
            assert!(!out.contains("secret"), "{out}");
        }
        assert!(s.to_csv().contains("verdict,check-needed,,1\n"));
    }

    /// A report with one answer to `q` (`value` is JSON text).
    fn answered(value: &str, label: &str) -> String {
        report("no-indicator", &[]).replace(
            "\"answers\":{",
            &format!(
                "\"answers\":{{\"q\":{{\"question\":\"Q?\",\"section\":\"S\",\"value\":{value},\"label\":{label:?}}},"
            ),
        )
    }

    #[test]
    fn only_id_shaped_answers_are_counted() {
        use serde_json::json;
        let opt = |s: &str| AnswerValue::Option(s.into());
        assert_eq!(
            classify(&json!("eu"), Some("In the EU")),
            Some(vec![opt("eu")])
        );
        assert_eq!(
            classify(&json!("not_sure"), Some("Not sure")),
            Some(vec![AnswerValue::NotSure])
        );
        assert_eq!(
            classify(&json!(["uk", "eu", "eu"]), Some("In the UK; In the EU")),
            Some(vec![opt("eu"), opt("uk")])
        );
        assert_eq!(
            classify(&json!([]), Some("None of these")),
            Some(vec![AnswerValue::NothingSelected])
        );
        assert_eq!(
            classify(&json!(120), Some("120 minutes")),
            Some(vec![AnswerValue::Number(NumberRange::Decade(2))])
        );
        // Free text: not id-shaped, or a text answer whose label is the text itself.
        for (value, label) in [
            (json!("Secret Project Berlin"), "Secret Project Berlin"),
            (json!("berlin"), "berlin"),
            (json!("Eu"), "In the EU"),
            (json!("<script>"), "x"),
            (json!("a".repeat(65)), "x"),
            (json!(""), ""),
            (json!(["eu", "free text"]), "x"),
            (json!([1]), "x"),
            (json!(true), "x"),
            (json!(null), "x"),
            (json!({"eu": 1}), "x"),
        ] {
            assert_eq!(classify(&value, Some(label)), None, "{value}");
        }
    }

    #[test]
    fn numbers_are_counted_by_order_of_magnitude() {
        let range = |n: f64| AnswerValue::Number(NumberRange::of(n)).label();
        assert_eq!(range(-3.0), "below 0");
        assert_eq!(range(0.0), "0 to under 1");
        assert_eq!(range(0.99), "0 to under 1");
        assert_eq!(range(1.0), "1 to under 10");
        assert_eq!(range(9.99), "1 to under 10");
        assert_eq!(range(60.0), "10 to under 100");
        assert_eq!(range(1000.0), "1,000 to under 10,000");
        assert_eq!(range(1e9), "1,000,000,000 or more");
        assert_eq!(range(1e300), "1,000,000,000 or more");
        assert!(NumberRange::of(5.0) < NumberRange::of(50.0));
    }

    #[test]
    fn the_chosen_question_is_counted_and_nothing_else_is_read() {
        let mut s = Summary::for_question(Some("q"));
        s.add("1", answered("\"eu\"", "In the EU").as_bytes());
        s.add("2", answered("\"eu\"", "In the EU").as_bytes());
        s.add(
            "3",
            answered("[\"eu\",\"uk\"]", "In the EU; In the UK").as_bytes(),
        );
        s.add(
            "4",
            answered("\"my secret lab\"", "my secret lab").as_bytes(),
        );
        s.add("5", answered("\"lab\"", "lab").as_bytes());
        s.add("6", report("stop", &[]).as_bytes());
        s.add("7", answered("\"not_sure\"", "Not sure").as_bytes());
        let q = s.question.as_ref().unwrap();
        assert_eq!(s.reports, 7);
        assert_eq!((q.answered, q.not_counted, q.unanswered), (4, 2, 1));
        let counts: Vec<(String, usize)> =
            q.by_value.iter().map(|(v, n)| (v.label(), *n)).collect();
        assert_eq!(
            counts,
            [("eu".into(), 3), ("uk".into(), 1), ("Not sure".into(), 1)]
        );
        let html = s.to_html();
        assert!(!html.contains("secret"), "{html}");
        assert!(!html.contains(">lab<"), "{html}");

        // Without a question, answers are not read at all, even when they are not valid JSON
        // shapes for an answer; with one, the other answers are skipped unread too.
        let odd = report("stop", &[]).replace("\"answers\":{", "\"answers\":{\"z\":[{}],");
        let mut plain = Summary::default();
        plain.add("odd", odd.as_bytes());
        let mut chosen = Summary::for_question(Some("q"));
        chosen.add("odd", odd.as_bytes());
        assert_eq!((plain.reports, chosen.reports), (1, 1));
        assert!(plain.question.is_none());
        assert_eq!(chosen.question.unwrap().unanswered, 1);
        // The reader still rejects what the derived one did.
        let mut s = Summary::for_question(Some("q"));
        s.add("a", format!("{{\"schema\":\"{SCHEMA}\"}}").as_bytes());
        s.add("b", format!("{} trailing", report("stop", &[])).as_bytes());
        s.add("c", report("maybe", &[]).as_bytes());
        assert_eq!(s.reports, 0);
        let reasons: Vec<&str> = s.skipped.iter().map(|k| k.reason.as_str()).collect();
        assert!(
            reasons[0].starts_with("invalid report: missing field `questionnaire`"),
            "{reasons:?}"
        );
        assert!(
            reasons[1].starts_with("not JSON") || reasons[1].starts_with("invalid report"),
            "{reasons:?}"
        );
        assert!(
            reasons[2].starts_with("invalid report: unknown variant `maybe`"),
            "{reasons:?}"
        );
    }

    #[test]
    fn an_empty_summary_renders_a_page_without_charts() {
        let html = Summary::for_question(Some("org_loc")).to_html();
        assert!(html.contains("<h1>0 reports</h1>"), "{html}");
        assert!(html.contains("No reports were counted"));
        assert!(!html.contains("<svg"));
        assert!(!html.contains("NaN"));
        let mut s = Summary::default();
        s.add("x.json", b"nope");
        let html = s.to_html();
        assert!(html.contains("<code>x.json</code>: not JSON"), "{html}");
    }

    #[test]
    fn csv_fields_are_quoted_and_defused() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("=cmd()"), "'=cmd()");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
