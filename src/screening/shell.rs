//! Screening in reports: the names given in the wizard or an answers file against the imported
//! lists, the partner-names question told whether names are screened here, and reading one list
//! file. The `lists` and `screen` commands are in `cli::lists`.

use std::path::Path;

use sha2::Digest as _;

use super::findings::{QUESTION, Screened};
use super::matcher::{Index, Outcome, split_names};
use super::store;
use super::{List, THRESHOLD};
use crate::answers::Answer;
use crate::assess::{Report, Trigger};
use crate::questionnaire::Questionnaire;

/// "US Consolidated Screening List of 2026-11-20; ..." for the lists of an index.
pub fn labels(lists: &[List]) -> Vec<String> {
    lists.iter().map(List::label).collect()
}

/// Tells, in the partner-names question's help, whether names will be screened here.
pub fn annotate(q: &mut Questionnaire, lists: Option<&Index>) {
    let Some(i) = q.question_index(QUESTION) else {
        return;
    };
    let note = match lists {
        Some(ix) => format!(
            "The names are screened on this computer against {}. A possible match is a hint for your export-control officer to confirm; no possible match is not a clearance.",
            labels(&ix.lists).join("; ")
        ),
        None => "No restricted-party lists are imported on this computer, so these names are not screened here: your export-control office can screen them, or import the lists (dualcheck lists import).".into(),
    };
    let help = &mut q.questions[i].help;
    *help = Some(match help.take() {
        Some(h) if !h.is_empty() => format!("{h} {note}"),
        _ => note,
    });
}

/// Screens the names of the partner-names answer against an index.
pub fn screen_answers(
    q: &Questionnaire,
    answers: &[Option<Answer>],
    index: &Index,
) -> Option<Screened> {
    let i = q.question_index(QUESTION)?;
    let Some(Some(Answer::Text(text))) = answers.get(i.get()) else {
        return None;
    };
    let names = split_names(text);
    if names.is_empty() || index.is_empty() {
        return None;
    }
    let question = &q.questions[i];
    let a = Answer::Text(text.clone());
    Some(Screened {
        lists: labels(&index.lists),
        outcomes: names.iter().map(|n| index.screen(n, None)).collect(),
        question: Some(Trigger {
            question: question.id.clone(),
            text: question.text.clone(),
            answer: a.to_json(question),
            label: a.label(question),
        }),
    })
}

/// Adds the screening against `lists` to a report (nothing without imported lists).
pub fn apply(
    report: &mut Report,
    q: &Questionnaire,
    answers: &[Option<Answer>],
    lists: Option<&Index>,
) {
    if let Some(ix) = lists
        && let Some(s) = screen_answers(q, answers, ix)
    {
        super::findings::apply(report, &s);
    }
}

fn mtime_date(path: &Path) -> Option<String> {
    let t = std::fs::metadata(path).ok()?.modified().ok()?;
    let t = time::OffsetDateTime::from(t);
    Some(format!(
        "{:04}-{:02}-{:02}",
        t.year(),
        u8::from(t.month()),
        t.day()
    ))
}

/// Reads and parses one file into a list (nothing is written).
pub fn read_list(path: &Path, date: Option<&str>, imported_at: &str) -> Result<List, String> {
    let bytes = store::read_capped(path, store::MAX_IMPORT_BYTES)?;
    let parsed = super::import::parse(&bytes)
        .map_err(|e| format!("{}: {}: {}", path.display(), e.place, e.message))?;
    if parsed.entries.is_empty() {
        return Err(format!("{}: the file holds no entries", path.display()));
    }
    let (published, published_from) = match (parsed.published, date) {
        (_, Some(d)) => (d.to_string(), "given with --date".to_string()),
        (Some(d), None) => (d, "stated in the file".to_string()),
        (None, None) => (
            mtime_date(path).unwrap_or_else(|| imported_at.chars().take(10).collect()),
            "the file's modification date".to_string(),
        ),
    };
    Ok(List {
        id: parsed.format.list_id().into(),
        title: parsed.format.title().into(),
        format: parsed.format,
        file: path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default(),
        sha256: sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
        published,
        published_from,
        imported_at: imported_at.into(),
        entries: parsed.entries,
    })
}

/// The text output of `screen`.
pub fn screen_text(lists: &[String], outcomes: &[Outcome]) -> String {
    let mut out = format!(
        "Screened against {} (threshold {THRESHOLD:.2}).\n",
        lists.join("; ")
    );
    for o in outcomes {
        out.push('\n');
        if o.matches.is_empty() {
            out.push_str(&format!(
                "\u{201c}{}\u{201d}: no possible match. This is not a clearance.\n",
                o.query
            ));
            continue;
        }
        out.push_str(&format!(
            "\u{201c}{}\u{201d}: {} possible match(es), to be confirmed by your export-control officer\n",
            o.query,
            o.matches.len() + o.more
        ));
        for m in &o.matches {
            out.push_str(&format!("  {:.2}  {}\n", m.score, m.name));
            if m.matched_alias != m.name {
                out.push_str(&format!("        matched alias: {}\n", m.matched_alias));
            }
            out.push_str(&format!(
                "        list: {} ({} of {})\n",
                m.list, m.source, m.published
            ));
            if !m.programmes.is_empty() {
                out.push_str(&format!("        programme: {}\n", m.programmes.join(", ")));
            }
            if !m.countries.is_empty() {
                out.push_str(&format!("        country: {}\n", m.countries.join(", ")));
            }
            if let Some(a) = m.addresses.first() {
                out.push_str(&format!("        address: {a}\n"));
            }
            if !m.dates.is_empty() {
                out.push_str(&format!("        dates: {}\n", m.dates.join(", ")));
            }
            out.push_str(&format!("        reference: {}\n", m.reference));
            out.push_str(&format!("        why: {}\n", m.why.join("; ")));
        }
        if o.more > 0 {
            out.push_str(&format!("  ... and {} more\n", o.more));
        }
    }
    out
}
