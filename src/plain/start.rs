//! How a line-based run (plain or inline) starts: a new questionnaire, a saved session or an
//! example, decided by the options or chosen by the user from a list; then the engine, autosave
//! and the texts about resuming, opened the same way for both front-ends ([`open`]).

use std::io::{self, BufRead, Write};

use crate::answers::{Answer, AnswersFile};
use crate::app::Failure;
use crate::diag::{Sources, sanitize};
use crate::engine::Engine;
use crate::questionnaire::Questionnaire;
use crate::session::{SessionError, SessionFile, SessionSummary, Store};
use crate::wizard::{Autosave, Ui, WizardOptions, describe_restore};

use super::driver::Driver;

/// What to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// A new session of a questionnaire (id or pack path).
    New(String),
    /// A saved session, by id.
    Resume(String),
    /// A new session pre-filled with an example, by id.
    Example(String),
    /// Let the user choose.
    Ask(Choices),
}

/// The numbered start list: questionnaires first, then unfinished sessions.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Choices {
    /// (questionnaire id, line shown).
    pub questionnaires: Vec<(String, String)>,
    /// (session id, line shown).
    pub sessions: Vec<(String, String)>,
}

pub enum Chosen {
    Plan(Plan),
    Quit,
    EndOfInput,
}

/// A questionnaire is loaded; what goes into the engine.
pub enum Prepared {
    /// A new session, with pre-filled answers for an example.
    New(Option<Vec<Option<Answer>>>),
    Resume(Box<SessionFile>),
}

/// The session store of the data directory, or why there is none.
pub fn store(options: &WizardOptions) -> Result<Store, SessionError> {
    options.open_store()
}

/// A run ready for its first question.
pub struct Opened<'q> {
    pub engine: Engine<'q>,
    pub autosave: Autosave,
    /// What was resumed, and what changed since, for a resumed session.
    pub notice: Option<String>,
    /// How to continue later (or that nothing is saved), for the end of the run and Ctrl-C.
    pub resume: String,
    /// Whether to ask for the project's title and reference: a new session (not an example),
    /// with neither given on the command line.
    pub ask_project: bool,
}

/// Turns a prepared start into the engine and autosave, with the texts about resuming. `ui` is
/// the front-end named in the resume command.
pub fn open<'q>(
    q: &'q Questionnaire,
    prepared: Prepared,
    store: Result<Store, SessionError>,
    options: &WizardOptions,
    now: &str,
    ui: Ui,
) -> Opened<'q> {
    let ask_project = matches!(prepared, Prepared::New(None)) && options.project.is_none();
    let (engine, mut autosave, notice) = match prepared {
        Prepared::New(answers) => {
            let engine = match answers {
                Some(a) => Engine::with_answers(q, a),
                None => Engine::new(q),
            };
            (engine, Autosave::start(store, q, now), None)
        }
        Prepared::Resume(session) => {
            let (engine, restored) = session.restore(q);
            let mut notice = format!(
                "Resuming session {}{}, last saved {}, with {}.",
                sanitize(&session.id),
                session
                    .project
                    .as_ref()
                    .map_or_else(String::new, |p| format!(" ({})", sanitize(&p.line()))),
                sanitize(&session.updated),
                crate::report::count(session.answers.len(), "answer", "answers")
            );
            if let Some(d) = describe_restore(&restored, q) {
                notice.push(' ');
                notice.push_str(&sanitize(&d));
            }
            (engine, Autosave::new(store, *session), Some(notice))
        }
    };
    if options.project.is_some() {
        let project = crate::wizard::merge_project(
            autosave.session.project.as_ref(),
            options.project.as_ref(),
        );
        autosave.set_project(project, &engine, now);
    }
    let resume = if autosave.is_on() {
        format!(
            "Your answers are saved. To continue later, run: {}",
            crate::wizard::resume_command_for(options, autosave.session_id(), q, ui)
        )
    } else {
        "Autosave was off: your answers were not saved.".to_string()
    };
    Opened {
        engine,
        autosave,
        notice,
        resume,
        ask_project,
    }
}

/// Decides from the options, or lists the choices.
pub fn plan(options: &WizardOptions, store: Option<&Store>) -> Result<Plan, Failure> {
    if let Some(id) = &options.resume {
        return Ok(Plan::Resume(id.clone()));
    }
    if let Some(id) = &options.example {
        return Ok(Plan::Example(id.clone()));
    }
    let unfinished: Vec<SessionSummary> = store
        .map(Store::list)
        .unwrap_or_default()
        .into_iter()
        // A session with no answer yet (created when a run starts) has nothing to resume.
        .filter(|s| !s.finished && s.answered > 0)
        .collect();
    if let Some(spec) = &options.questionnaire {
        // The questionnaire is decided; offer its unfinished sessions, if any.
        if unfinished.is_empty() {
            return Ok(Plan::New(spec.clone()));
        }
        let q = options.runtime.load_questionnaire(spec)?;
        let title = |_: &str| q.meta.title.clone();
        let sessions = session_lines(
            unfinished.iter().filter(|s| s.questionnaire == q.meta.id),
            &title,
        );
        if sessions.is_empty() {
            return Ok(Plan::New(spec.clone()));
        }
        let m = &q.meta;
        return Ok(Plan::Ask(Choices {
            questionnaires: vec![(
                spec.clone(),
                questionnaire_line(&m.title, &m.version, &m.legal_data_as_of),
            )],
            sessions,
        }));
    }
    let catalog = options.runtime.catalog();
    let title_of = |id: &str| {
        catalog
            .entry(id)
            .map_or_else(|| id.to_string(), |e| e.title.clone())
    };
    let choices = Choices {
        questionnaires: catalog
            .entries
            .iter()
            .map(|e| {
                (
                    e.id.clone(),
                    questionnaire_line(&e.title, &e.version, &e.legal_data_as_of),
                )
            })
            .collect(),
        sessions: session_lines(unfinished.iter(), &title_of),
    };
    match (choices.questionnaires.len(), choices.sessions.len()) {
        (0, 0) => Err(Failure::usage(
            "dualcheck: no questionnaire is installed in this build and no session is saved.\n\
             Start one from a pack directory: dualcheck run --plain --questionnaire PATH",
        )),
        (1, 0) => Ok(Plan::New(choices.questionnaires[0].0.clone())),
        _ => Ok(Plan::Ask(choices)),
    }
}

fn questionnaire_line(title: &str, version: &str, legal: &str) -> String {
    format!(
        "{}, version {}, legal data as of {}",
        sanitize(title),
        sanitize(version),
        sanitize(legal)
    )
}

fn session_lines<'a>(
    sessions: impl Iterator<Item = &'a SessionSummary>,
    title_of: &dyn Fn(&str) -> String,
) -> Vec<(String, String)> {
    sessions
        .map(|s| {
            let line = format!(
                "{}{}, {}, last saved {} (session {})",
                sanitize(&title_of(&s.questionnaire)),
                s.project.as_ref().map_or_else(String::new, |p| format!(
                    ", project {}",
                    sanitize(&p.line())
                )),
                crate::report::count(s.answered, "answer", "answers"),
                sanitize(&s.updated),
                sanitize(&s.id)
            );
            (s.id.clone(), line)
        })
        .collect()
}

/// Asks for the project's title and reference, each optional; a line that does not fit is
/// explained and asked again. The end of input skips (the questions then end the run).
pub fn ask_project<R: BufRead, W: Write>(
    driver: &mut Driver<R, W>,
) -> io::Result<Option<crate::project::Project>> {
    use crate::project::{Field, Project, check};
    driver.say("")?;
    driver.say(crate::wizard::PROJECT_WHY)?;
    let mut read = |field: Field, prompt: &str| -> io::Result<String> {
        loop {
            let Some(line) = driver.prompt(&format!("{prompt}, or press Enter to skip:"))? else {
                return Ok(String::new());
            };
            match check(field, &line) {
                Ok(text) => return Ok(text),
                Err(e) => driver.say(&format!(
                    "Not accepted: {e}. Type it again, or press Enter to skip."
                ))?,
            }
        }
    };
    let title = read(Field::Title, crate::wizard::PROJECT_TITLE_PROMPT)?;
    let reference = read(Field::Reference, crate::wizard::PROJECT_REFERENCE_PROMPT)?;
    Ok(Project { title, reference }.non_empty())
}

/// Shows the numbered start list and reads the choice.
pub fn choose<R: BufRead, W: Write>(
    driver: &mut Driver<R, W>,
    choices: &Choices,
) -> io::Result<Chosen> {
    let mut n = 0;
    if !choices.questionnaires.is_empty() {
        driver.say("Start a new check:")?;
        for (_, line) in &choices.questionnaires {
            n += 1;
            driver.say(&format!("  {n}. {line}"))?;
        }
    }
    if !choices.sessions.is_empty() {
        driver.say(if n == 0 {
            "Resume an unfinished session:"
        } else {
            "Or resume an unfinished session:"
        })?;
        for (_, line) in &choices.sessions {
            n += 1;
            driver.say(&format!("  {n}. {line}"))?;
        }
    }
    loop {
        let Some(line) = driver.prompt("Type a number, or q to quit:")? else {
            return Ok(Chosen::EndOfInput);
        };
        let line = line.trim();
        if matches!(line.to_lowercase().as_str(), "q" | "quit") {
            return Ok(Chosen::Quit);
        }
        match line.parse::<usize>() {
            Ok(k) if (1..=choices.questionnaires.len()).contains(&k) => {
                return Ok(Chosen::Plan(Plan::New(
                    choices.questionnaires[k - 1].0.clone(),
                )));
            }
            Ok(k) if k > choices.questionnaires.len() && k <= n => {
                let i = k - choices.questionnaires.len() - 1;
                return Ok(Chosen::Plan(Plan::Resume(choices.sessions[i].0.clone())));
            }
            _ => driver.say(&format!("Type a number from 1 to {n}, or q to quit."))?,
        }
    }
}

/// Loads the questionnaire and the saved or example answers.
pub fn prepare(
    plan: Plan,
    options: &WizardOptions,
    store: Option<&Store>,
) -> Result<(Questionnaire, Prepared), Failure> {
    match plan {
        Plan::New(spec) => Ok((
            options.runtime.load_questionnaire(&spec)?,
            Prepared::New(None),
        )),
        Plan::Ask(_) => Err(Failure::usage("error: no questionnaire chosen")),
        Plan::Resume(id) => {
            let store = store.ok_or_else(|| {
                Failure::usage("error: no usable data directory, so no session can be resumed")
            })?;
            let session = store
                .load(&id)
                .map_err(|e| Failure::usage(format!("error: {e}")))?;
            // `--questionnaire` may be a path; the name in the session file is only an id.
            let q = match &options.questionnaire {
                Some(spec) => options.runtime.load_questionnaire(spec),
                None => options
                    .runtime
                    .load_questionnaire_id(&session.questionnaire),
            }
            .map_err(|mut f| {
                f.message.push_str(&format!(
                    "\nSession {id} is for questionnaire `{}`. If it came from a pack directory, \
                     add --questionnaire PATH.",
                    session.questionnaire
                ));
                f
            })?;
            if q.meta.id != session.questionnaire {
                return Err(Failure::usage(format!(
                    "error: session {id} is for questionnaire `{}`, not `{}`",
                    session.questionnaire, q.meta.id
                )));
            }
            Ok((q, Prepared::Resume(Box::new(session))))
        }
        Plan::Example(id) => {
            let (q, answers) = example(&options.runtime, &id, options.questionnaire.as_deref())?;
            Ok((q, Prepared::New(Some(answers))))
        }
    }
}

/// An example answers file shipped in the binary (`examples/personas/ID.toml`).
///
/// A stand-in: the branch that adds the example personas may replace this with its own lookup.
pub fn example(
    rt: &crate::app::Runtime,
    id: &str,
    questionnaire: Option<&str>,
) -> Result<(Questionnaire, Vec<Option<Answer>>), Failure> {
    let examples = crate::questionnaire::catalog::embedded_examples();
    let stem = |name: &str| {
        std::path::Path::new(name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
    };
    let Some((_, name, text)) = examples
        .iter()
        .find(|(_, name, _)| stem(name).as_deref() == Some(id))
    else {
        let ids: Vec<String> = examples.iter().filter_map(|(_, n, _)| stem(n)).collect();
        return Err(Failure::usage(if ids.is_empty() {
            format!("error: no example `{id}`: this build ships no examples")
        } else {
            format!("error: no example `{id}`; available: {}", ids.join(", "))
        }));
    };
    let mut sources = Sources::default();
    let file = sources.add(*name, *text);
    let parsed = AnswersFile::parse(&sources, file).map_err(|d| Failure {
        code: crate::exit::PROBLEMS,
        message: sources.render_all(&[d]),
    })?;
    let q = match questionnaire {
        Some(spec) => rt.load_questionnaire(spec)?,
        None => rt.load_questionnaire_id(&parsed.questionnaire)?,
    };
    let answers = parsed.resolve(&q).map_err(|d| Failure {
        code: crate::exit::PROBLEMS,
        message: sources.render_all(&d),
    })?;
    Ok((q, answers))
}
