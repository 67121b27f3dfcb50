//! The commands of the core: `validate`, `assess`, `list`, and loading questionnaires and answers
//! files for every command, with failures rendered as diagnostics.

use std::path::{Path, PathBuf};

use super::print;
use crate::answers::AnswersFile;
use crate::app::{Failure, FailureKind, Runtime, now_rfc3339, write_report};
use crate::assess::{self, Report};
use crate::diag::Sources;
use crate::exit;
use crate::report::Format;

pub(super) fn validate(
    rt: &Runtime,
    paths: &[PathBuf],
    deny_warnings: bool,
) -> Result<u8, Failure> {
    let mut catalog = rt.catalog();
    let mut ids = Vec::new();
    let mut diags = Vec::new();
    if paths.is_empty() {
        ids = catalog.entries.iter().map(|e| e.id.clone()).collect();
        diags.append(&mut catalog.problems);
    }
    for p in paths {
        if !p.exists() {
            return Err(Failure::usage(format!(
                "no such file or directory: {}",
                p.display()
            )));
        }
        match catalog.add_pack(p) {
            Ok(id) => ids.push(id),
            Err(d) => diags.push(d),
        }
    }
    let mut summary = Vec::new();
    for id in ids {
        let Some(loaded) = catalog.load(&id) else {
            continue;
        };
        if let Some(q) = &loaded.questionnaire {
            summary.push(format!(
                "{}: {} {} ({} questions, {} rules, {} references)",
                if loaded.diagnostics.is_empty() {
                    "ok"
                } else {
                    "checked"
                },
                q.meta.id,
                q.meta.version,
                q.questions.len(),
                q.rules.len(),
                q.references.len()
            ));
        } else {
            summary.push(format!("failed: {id}"));
        }
        diags.extend(loaded.diagnostics);
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    if !diags.is_empty() {
        eprint!(
            "{}",
            crate::app::render_diagnostics(&catalog.sources, &diags, rt.stderr_color)
        );
    }
    println!("{}", crate::diag::sanitize(&summary.join("\n")));
    if errors > 0 || (deny_warnings && warnings > 0) {
        Ok(exit::PROBLEMS)
    } else {
        Ok(exit::SUCCESS)
    }
}

/// Reads and resolves an answers file: the questionnaire and the answers by question index.
pub fn read_answers(
    rt: &Runtime,
    path: &Path,
    questionnaire: Option<&str>,
) -> Result<
    (
        crate::questionnaire::Questionnaire,
        AnswersFile,
        Vec<Option<crate::answers::Answer>>,
    ),
    Failure,
> {
    let shown = crate::diag::sanitize(&path.display().to_string());
    let text = crate::files::read_text(path, crate::answers::MAX_ANSWERS_BYTES as u64).map_err(
        |e| match e {
            crate::files::InputError::TooLarge(_) | crate::files::InputError::NotUtf8 => {
                Failure::problems(format!("{shown}: {e}"))
            }
            e => Failure::usage(format!("cannot read {shown}: {e}")),
        },
    )?;
    let mut sources = Sources::default();
    let file = sources.add(path.display().to_string(), text);
    let answers_file = AnswersFile::parse(&sources, file)
        .map_err(|d| rt.render_failure(&sources, &[d], FailureKind::Problems))?;
    // `-q` may be a path; the name inside the file is only ever an id.
    let q = match questionnaire {
        Some(spec) => rt.load_questionnaire(spec)?,
        None => rt.load_questionnaire_id(&answers_file.questionnaire)?,
    };
    if questionnaire.is_none() && q.meta.id != answers_file.questionnaire {
        return Err(Failure::usage(format!(
            "the answers file is for `{}`",
            crate::diag::sanitize(&answers_file.questionnaire)
        )));
    }
    let answers = answers_file
        .resolve(&q)
        .map_err(|d| rt.render_failure(&sources, &d, FailureKind::Problems))?;
    Ok((q, answers_file, answers))
}

pub(super) fn assess_file(
    rt: &Runtime,
    path: &Path,
    questionnaire: Option<&str>,
    format: Format,
    output: Option<&Path>,
    strict: bool,
    (title, reference): (Option<&str>, Option<&str>),
) -> Result<u8, Failure> {
    let (q, file, answers) = read_answers(rt, path, questionnaire)?;
    // `--project` and `--reference` replace what the answers file says.
    let mut project = file.project;
    if let Some(t) = title {
        t.clone_into(&mut project.title);
    }
    if let Some(r) = reference {
        r.clone_into(&mut project.reference);
    }
    let report: Report = rt.report(&q, &answers, &now_rfc3339(), Some(project));
    let unanswered: Vec<&str> = report
        .unknowns
        .iter()
        .filter(|u| u.reason == assess::UnknownReason::Unanswered)
        .map(|u| u.question.as_str())
        .collect();
    if strict && !unanswered.is_empty() {
        return Err(Failure::problems(format!(
            "{} on the path {} unanswered: {}",
            crate::report::count(unanswered.len(), "question", "questions"),
            if unanswered.len() == 1 { "is" } else { "are" },
            unanswered.join(", ")
        )));
    }
    let text = format.write(&report);
    match output {
        Some(out) => write_report(out, text.as_bytes())
            .map(|()| exit::SUCCESS)
            .map_err(|e| {
                Failure::io(format!(
                    "cannot write {}: {e}",
                    crate::diag::sanitize(&out.display().to_string())
                ))
            }),
        None => print(&text),
    }
}

pub(super) fn list(rt: &Runtime) -> Result<u8, Failure> {
    let catalog = rt.catalog();
    let mut out = String::new();
    for e in &catalog.entries {
        out.push_str(&format!(
            "{:<24} {:<8} legal data {:<10}  {}  [{}]\n",
            e.id, e.version, e.legal_data_as_of, e.title, e.origin
        ));
    }
    // An institution's pack could put terminal escape codes in its title.
    print(&crate::diag::sanitize(&out))
}
