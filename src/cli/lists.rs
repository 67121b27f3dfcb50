//! `dualcheck lists import|status|remove` and `dualcheck screen`: the restricted-party lists in
//! the data directory, and names screened against them from the command line.

use std::path::{Path, PathBuf};

use clap::{Subcommand, ValueEnum};

use super::print;
use crate::app::{Failure, now_rfc3339};
use crate::exit;
use crate::screening::matcher::{self, Index, Outcome};
use crate::screening::shell::{labels, read_list, screen_text};
use crate::screening::{List, THRESHOLD, store};

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

fn data_dir(dir: Option<&Path>) -> Result<PathBuf, Failure> {
    dir.map(Path::to_path_buf)
        .ok_or_else(|| Failure::usage("no data directory; set --data-dir or DUALCHECK_DATA_DIR"))
}

fn io_failure(message: &str) -> Failure {
    Failure::io(message.to_string())
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
    d.len() == 10 && b[4] == b'-' && b[7] == b'-' && crate::screening::import::uk_date(d).is_some()
}

fn import(dir: &Path, files: &[PathBuf], date: Option<&str>) -> Result<u8, Failure> {
    if let Some(d) = date
        && !valid_date(d)
    {
        return Err(Failure::usage(format!("--date wants YYYY-MM-DD, not {d}")));
    }
    let mut store = store::load(dir).map_err(Failure::problems)?;
    let now = now_rfc3339();
    // Every file is parsed before anything is written: nothing is half-imported.
    let mut new: Vec<List> = Vec::new();
    for f in files {
        let list = read_list(f, date, &now)
            .map_err(|m| Failure::problems(format!("{m}\nNothing was imported.")))?;
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
    let store = store::load(dir).map_err(Failure::problems)?;
    if store.lists.is_empty() {
        return print(
            "No lists are imported. Download them from their publishers (see docs/office.md) and run\n  dualcheck lists import FILE...\n",
        );
    }
    let today: String = now_rfc3339().chars().take(10).collect();
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
            "name the lists to remove (us-csl, eu-fsf, uk) or give --all",
        ));
    }
    let mut store = store::load(dir).map_err(Failure::problems)?;
    for id in ids {
        if !store.lists.iter().any(|l| &l.id == id) {
            return Err(Failure::usage(format!(
                "no imported list `{}` (see dualcheck lists status)",
                crate::diag::sanitize(id)
            )));
        }
    }
    let before = store.lists.len();
    store.lists.retain(|l| !all && !ids.contains(&l.id));
    store::save(dir, &store).map_err(|m| io_failure(&m))?;
    print(&format!("removed {} list(s)\n", before - store.lists.len()))
}

/// `dualcheck screen NAME...`: exit 0 without a possible match, 1 with one.
pub fn screen_command(
    dir: Option<&Path>,
    names: &[String],
    country: Option<&str>,
    format: ScreenFormat,
) -> Result<u8, Failure> {
    if names.len() > matcher::MAX_QUERIES {
        return Err(Failure::usage(format!(
            "at most {} names at a time",
            matcher::MAX_QUERIES
        )));
    }
    if names.iter().any(|n| n.trim().is_empty()) {
        return Err(Failure::usage("an empty name"));
    }
    if let Some(c) = country
        && !(c.len() == 2 && c.chars().all(|x| x.is_ascii_alphabetic()))
    {
        return Err(Failure::usage(format!(
            "--country wants a two-letter ISO code, not {}",
            crate::diag::sanitize(c)
        )));
    }
    let dir = data_dir(dir)?;
    let store = store::load(&dir).map_err(Failure::problems)?;
    if store.lists.is_empty() {
        return Err(Failure::usage(
            "no lists are imported, so nothing can be screened; see dualcheck lists import",
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
