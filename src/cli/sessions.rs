//! `dualcheck sessions list|show|export|delete` over the session store.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::print as out;
use crate::app::{Failure, Runtime, now_rfc3339, write_report};
use crate::diag::sanitize;
use crate::exit;
use crate::report::Format;
use crate::session::{SessionError, Store};

/// `dualcheck sessions ...`
#[derive(Debug, Clone, Subcommand)]
pub enum SessionsCommand {
    /// List saved sessions, most recent first (the default)
    List,
    /// Print the answers and the progress of a session
    Show { id: String },
    /// Assess a session and write its report
    Export {
        id: String,
        #[arg(long, short, value_enum, default_value_t = super::FormatArg::Markdown)]
        format: super::FormatArg,
        /// Write the report here instead of standard output
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Delete a saved session
    Delete { id: String },
}

fn store(rt: &Runtime) -> Result<Store, Failure> {
    let dir = rt.data_dir.clone().ok_or_else(|| {
        Failure::usage("no data directory could be determined; use --data-dir DIR")
    })?;
    Store::open(&dir).map_err(|e| Failure::usage(e.to_string()))
}

fn session_failure(e: SessionError) -> Failure {
    match e {
        SessionError::NotFound(id) => Failure::usage(format!(
            "no session `{}`\nSee the saved sessions with `dualcheck sessions list`.",
            sanitize(&id)
        )),
        e @ (SessionError::Corrupt { .. }
        | SessionError::CorruptNotMoved { .. }
        | SessionError::UnknownSchema { .. }
        | SessionError::Unreadable { .. }) => Failure::problems(e.to_string()),
        e => Failure::usage(e.to_string()),
    }
}

pub fn run(rt: &Runtime, command: &SessionsCommand) -> Result<u8, Failure> {
    let store = store(rt)?;
    match command {
        SessionsCommand::List => {
            let (list, unreadable) = store.list_all();
            // Files that could not be read are named, never dropped without a word.
            for u in &unreadable {
                eprintln!(
                    "warning: skipped {}: {}",
                    sanitize(&u.path.display().to_string()),
                    sanitize(&u.reason)
                );
            }
            if list.is_empty() {
                return out(&format!(
                    "No saved sessions in {}.\n",
                    store.dir().display()
                ));
            }
            // The project comes last: it is the one column of any length.
            let mut o = format!(
                "{:<20} {:<24} {:<22} {:>8}  {:<11}  PROJECT\n",
                "ID", "QUESTIONNAIRE", "UPDATED", "ANSWERED", "STATUS"
            );
            for s in list {
                let line = format!(
                    "{:<20} {:<24} {:<22} {:>8}  {:<11}  {}",
                    sanitize(&s.id),
                    sanitize(&s.questionnaire),
                    sanitize(&s.updated),
                    s.answered,
                    if s.finished {
                        "finished"
                    } else {
                        "in progress"
                    },
                    s.project
                        .as_ref()
                        .map_or_else(|| "-".to_string(), |p| sanitize(&p.line()))
                );
                let _ = writeln!(o, "{}", line.trim_end());
            }
            out(&o)
        }
        SessionsCommand::Show { id } => show(rt, &store, id),
        SessionsCommand::Export { id, format, output } => {
            export(rt, &store, id, (*format).into(), output.as_deref())
        }
        SessionsCommand::Delete { id } => {
            let summary = store.list().into_iter().find(|s| &s.id == id);
            let path = store.path_of(id);
            store.delete(id).map_err(session_failure)?;
            let what = summary.map_or_else(String::new, |s| {
                format!(
                    " ({}, {}, updated {})",
                    sanitize(&s.questionnaire),
                    crate::report::count(s.answered, "answer", "answers"),
                    sanitize(&s.updated)
                )
            });
            out(&format!(
                "deleted session {}{what}: {}\n",
                sanitize(id),
                path.display()
            ))
        }
    }
}

fn show(rt: &Runtime, store: &Store, id: &str) -> Result<u8, Failure> {
    let session = store.load(id).map_err(session_failure)?;
    let mut o = format!(
        "Session {}\nQuestionnaire: {} (saved with version {})\nCreated: {}   Updated: {}\n",
        sanitize(&session.id),
        sanitize(&session.questionnaire),
        sanitize(&session.questionnaire_version),
        sanitize(&session.created),
        sanitize(&session.updated)
    );
    if let Some(p) = &session.project {
        for (label, text) in [("Project", &p.title), ("Reference", &p.reference)] {
            if !text.is_empty() {
                let _ = writeln!(o, "{label}: {}", sanitize(text));
            }
        }
    }
    let Ok(q) = rt.load_questionnaire_id(&session.questionnaire) else {
        // The questionnaire is gone: the raw answers are still worth showing.
        let _ = writeln!(
            o,
            "The questionnaire `{}` is not available; answers as saved:\n",
            sanitize(&session.questionnaire)
        );
        for (k, v) in &session.answers {
            let _ = writeln!(o, "  {}: {}", sanitize(k), sanitize(&v.to_string()));
        }
        return out(&o);
    };
    let (engine, restored) = session.restore(&q);
    let p = engine.progress();
    let _ = writeln!(
        o,
        "Progress: {} answered, {} still open on the path (an estimate){}\n",
        p.answered,
        p.remaining,
        if engine.is_complete() {
            "; complete"
        } else {
            ""
        }
    );
    if let Some(note) = crate::app::run::describe_restore(&restored, &q) {
        let _ = writeln!(o, "Note: {}\n", sanitize(&note));
    }
    let walk = engine.walk();
    let mut section = None;
    for &i in &walk.path {
        let question = &q.questions[i];
        if !question.is_answerable() {
            continue;
        }
        if section != Some(question.section) {
            section = Some(question.section);
            let _ = writeln!(o, "{}", sanitize(&q.sections[question.section].title));
        }
        let answer = engine
            .answer_of(i)
            .map_or_else(|| "(open)".to_string(), |a| a.label(question));
        let _ = writeln!(
            o,
            "  {}\n    {}",
            sanitize(&question.text),
            sanitize(&answer)
        );
    }
    let aside = engine.set_aside().len();
    if aside > 0 {
        let _ = writeln!(
            o,
            "\n{}",
            if aside == 1 {
                "1 earlier answer is no longer on the path and is set aside.".to_string()
            } else {
                format!("{aside} earlier answers are no longer on the path and are set aside.")
            }
        );
    }
    out(&o)
}

fn export(
    rt: &Runtime,
    store: &Store,
    id: &str,
    format: Format,
    output: Option<&Path>,
) -> Result<u8, Failure> {
    let session = store.load(id).map_err(session_failure)?;
    let q = rt.load_questionnaire_id(&session.questionnaire)?;
    let (engine, restored) = session.restore(&q);
    if let Some(note) = crate::app::run::describe_restore(&restored, &q) {
        eprintln!("note: {}", sanitize(&note));
    }
    let report = rt.report(
        &q,
        engine.answers(),
        &now_rfc3339(),
        session.project.clone(),
    );
    let text = format.write(&report);
    match output {
        Some(path) => {
            write_report(path, text.as_bytes())
                .map_err(|e| Failure::io(format!("cannot write {}: {e}", path.display())))?;
            eprintln!("wrote {}", path.display());
            Ok(exit::SUCCESS)
        }
        None => out(&text),
    }
}
