//! The shell of screening: the `lists` and `screen` commands, and the screening of the names
//! given in the wizard or an answers file against the lists imported in the data directory.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use clap::{Subcommand, ValueEnum};
use sha2::Digest as _;

use super::findings::{QUESTION, Screened};
use super::matcher::{Index, Outcome, split_names};
use super::store;
use super::{List, THRESHOLD};
use crate::answers::Answer;
use crate::assess::{Report, Trigger};
use crate::cli::Failure;
use crate::exit;
use crate::questionnaire::Questionnaire;

#[derive(Debug, Subcommand)]
pub enum ListsCommand {
    /// Import list files downloaded from their publishers (CSL CSV or JSON, EU XML, UK CSV)
    Import {
        /// The files; each replaces an earlier import of the same list
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Publication date (YYYY-MM-DD) for files that do not state it (the CSL CSV);
        /// default: the file's modification date
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
    /// What is imported, and how old it is
    Status,
    /// Remove an imported list (us-csl, eu-fsf, uk) or all of them
    Remove {
        /// The list ids; none with --all
        ids: Vec<String>,
        #[arg(long, conflicts_with = "ids")]
        all: bool,
    },
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ScreenFormat {
    #[default]
    Text,
    Json,
}

static DATA_DIR: OnceLock<Option<PathBuf>> = OnceLock::new();
static INDEX: OnceLock<Option<Arc<Index>>> = OnceLock::new();

/// Names the data directory whose lists the wizard and `assess` screen against (once per run).
pub fn activate(data_dir: Option<PathBuf>) {
    let _ = DATA_DIR.set(data_dir);
}

/// The index of the active data directory, loaded once; none without imported lists (or when the
/// index cannot be read: then the question's help says the names are not screened).
fn active() -> Option<Arc<Index>> {
    INDEX
        .get_or_init(|| {
            let dir = DATA_DIR.get()?.as_ref()?;
            let store = store::load(dir).ok()?;
            (!store.lists.is_empty()).then(|| Arc::new(Index::new(store.lists)))
        })
        .clone()
}

/// "US Consolidated Screening List of 2026-11-20; ..." for the lists of an index.
pub fn labels(lists: &[List]) -> Vec<String> {
    lists.iter().map(List::label).collect()
}

/// Tells, in the partner-names question's help, whether names will be screened here.
pub fn annotate(q: &mut Questionnaire) {
    let Some(i) = q.question_index(QUESTION) else {
        return;
    };
    let note = match active() {
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
    let Some(Some(Answer::Text(text))) = answers.get(i) else {
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

/// Adds the screening of the active lists to a report (nothing without imported lists).
pub fn apply(report: &mut Report, q: &Questionnaire, answers: &[Option<Answer>]) {
    if let Some(ix) = active()
        && let Some(s) = screen_answers(q, answers, &ix)
    {
        super::findings::apply(report, &s);
    }
}

fn data_dir(dir: Option<&Path>) -> Result<PathBuf, Failure> {
    dir.map(Path::to_path_buf).ok_or_else(|| {
        Failure::usage("error: no data directory; set --data-dir or DUALCHECK_DATA_DIR")
    })
}

fn io_failure(message: &str) -> Failure {
    Failure {
        code: exit::IO,
        message: format!("error: {message}"),
    }
}

/// `dualcheck lists ...`.
pub fn lists_command(dir: Option<&Path>, command: &ListsCommand) -> Result<u8, Failure> {
    let dir = data_dir(dir)?;
    match command {
        ListsCommand::Import { files, date } => import(&dir, files, date.as_deref()),
        ListsCommand::Status => status(&dir),
        ListsCommand::Remove { ids, all } => remove(&dir, ids, *all),
    }
}

fn valid_date(d: &str) -> bool {
    let b = d.as_bytes();
    d.len() == 10 && b[4] == b'-' && b[7] == b'-' && super::import::uk_date(d).is_some()
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

fn import(dir: &Path, files: &[PathBuf], date: Option<&str>) -> Result<u8, Failure> {
    if let Some(d) = date
        && !valid_date(d)
    {
        return Err(Failure::usage(format!(
            "error: --date wants YYYY-MM-DD, not {d}"
        )));
    }
    let mut store = store::load(dir).map_err(|m| Failure::problems(format!("error: {m}")))?;
    let now = crate::cli::now_rfc3339();
    // Every file is parsed before anything is written: nothing is half-imported.
    let mut new: Vec<List> = Vec::new();
    for f in files {
        let list = read_list(f, date, &now)
            .map_err(|m| Failure::problems(format!("error: {m}\nNothing was imported.")))?;
        new.retain(|l| l.id != list.id);
        new.push(list);
    }
    let mut out = String::new();
    for l in new {
        out.push_str(&format!(
            "imported {}: {} entries, published {} ({}), from {}\n",
            l.title,
            l.entries.len(),
            l.published,
            l.published_from,
            l.file
        ));
        store.lists.retain(|x| x.id != l.id);
        store.lists.push(l);
    }
    store.schema = store::SCHEMA.into();
    store.lists.sort_by(|a, b| a.id.cmp(&b.id));
    store::save(dir, &store).map_err(|m| io_failure(&m))?;
    print(&crate::diag::sanitize(&out))
}

fn days_between(from: &str, to: &str) -> Option<i64> {
    let parse = |s: &str| -> Option<time::Date> {
        let y: i32 = s.get(..4)?.parse().ok()?;
        let m: u8 = s.get(5..7)?.parse().ok()?;
        let d: u8 = s.get(8..10)?.parse().ok()?;
        time::Date::from_calendar_date(y, time::Month::try_from(m).ok()?, d).ok()
    };
    Some((parse(to)? - parse(from)?).whole_days())
}

fn status(dir: &Path) -> Result<u8, Failure> {
    let store = store::load(dir).map_err(|m| Failure::problems(format!("error: {m}")))?;
    if store.lists.is_empty() {
        return print(
            "No lists are imported. Download them from their publishers (see docs/office.md) and run\n  dualcheck lists import FILE...\n",
        );
    }
    let today: String = crate::cli::now_rfc3339().chars().take(10).collect();
    let mut out = String::new();
    for l in &store.lists {
        let age =
            days_between(&l.published, &today).map_or(String::new(), |d| format!(", {d} days old"));
        out.push_str(&format!(
            "{:<7} {}: {} entries, published {}{age} ({}); file {}, imported {}\n",
            l.id,
            l.title,
            l.entries.len(),
            l.published,
            l.published_from,
            l.file,
            l.imported_at
        ));
        if days_between(&l.published, &today).is_some_and(|d| d > 31) {
            out.push_str("        older than a month: download and import it again\n");
        }
    }
    print(&crate::diag::sanitize(&out))
}

fn remove(dir: &Path, ids: &[String], all: bool) -> Result<u8, Failure> {
    if ids.is_empty() && !all {
        return Err(Failure::usage(
            "error: name the lists to remove (us-csl, eu-fsf, uk) or give --all",
        ));
    }
    let mut store = store::load(dir).map_err(|m| Failure::problems(format!("error: {m}")))?;
    for id in ids {
        if !store.lists.iter().any(|l| &l.id == id) {
            return Err(Failure::usage(format!(
                "error: no imported list `{}` (see dualcheck lists status)",
                crate::diag::sanitize(id)
            )));
        }
    }
    let before = store.lists.len();
    store.lists.retain(|l| !all && !ids.contains(&l.id));
    store::save(dir, &store).map_err(|m| io_failure(&m))?;
    print(&format!("removed {} list(s)\n", before - store.lists.len()))
}

fn print(text: &str) -> Result<u8, Failure> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
    Ok(exit::SUCCESS)
}

/// `dualcheck screen NAME...`: exit 0 without a possible match, 1 with one.
pub fn screen_command(
    dir: Option<&Path>,
    names: &[String],
    country: Option<&str>,
    format: ScreenFormat,
) -> Result<u8, Failure> {
    if names.len() > super::matcher::MAX_QUERIES {
        return Err(Failure::usage(format!(
            "error: at most {} names at a time",
            super::matcher::MAX_QUERIES
        )));
    }
    if names.iter().any(|n| n.trim().is_empty()) {
        return Err(Failure::usage("error: an empty name"));
    }
    if let Some(c) = country
        && !(c.len() == 2 && c.chars().all(|x| x.is_ascii_alphabetic()))
    {
        return Err(Failure::usage(format!(
            "error: --country wants a two-letter ISO code, not {}",
            crate::diag::sanitize(c)
        )));
    }
    let dir = data_dir(dir)?;
    let store = store::load(&dir).map_err(|m| Failure::problems(format!("error: {m}")))?;
    if store.lists.is_empty() {
        return Err(Failure::usage(
            "error: no lists are imported, so nothing can be screened; see dualcheck lists import",
        ));
    }
    let index = Index::new(store.lists);
    let outcomes: Vec<Outcome> = names.iter().map(|n| index.screen(n, country)).collect();
    let hit = outcomes.iter().any(|o| !o.matches.is_empty());
    let lists = labels(&index.lists);
    let text = match format {
        ScreenFormat::Json => {
            let v = serde_json::json!({
                "schema": "dualcheck.screening/1",
                "lists": lists,
                "threshold": THRESHOLD,
                "results": outcomes,
            });
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
        }
        ScreenFormat::Text => crate::diag::sanitize(&screen_text(&lists, &outcomes)),
    };
    print(&text)?;
    Ok(if hit { exit::PROBLEMS } else { exit::SUCCESS })
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
