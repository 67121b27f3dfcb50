//! How every interactive run starts, whatever the front-end: a new questionnaire, a saved
//! session or an example, decided by the options ([`plan`]) or chosen by the user from the
//! choices; then the questionnaire and answers loaded ([`prepare`]), and the engine, autosave
//! and the texts about resuming opened ([`open`]). The front-ends only draw the choice.

use crate::answers::Answer;
use crate::app::Failure;
use crate::app::run::{Autosave, Ui, WizardOptions, describe_restore};
use crate::diag::sanitize;
use crate::engine::Engine;
use crate::questionnaire::Questionnaire;
use crate::session::{SessionError, SessionFile, SessionSummary, Store};

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

/// A questionnaire is loaded; what goes into the engine.
#[derive(Debug)]
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
    /// What changed in the questionnaire since a resumed session was saved, alone (the
    /// full-screen wizard names the session in its header and shows only this).
    pub changed: Option<String>,
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
    let mut changed = None;
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
                changed = Some(d);
            }
            (engine, Autosave::new(store, *session), Some(notice))
        }
    };
    if options.project.is_some() {
        let project = crate::app::run::merge_project(
            autosave.session.project.as_ref(),
            options.project.as_ref(),
        );
        autosave.set_project(project, &engine, now);
    }
    let resume = if autosave.is_on() {
        format!(
            "Your answers are saved. To continue later, run: {}",
            crate::app::run::resume_command_for(options, autosave.session_id(), q, ui)
        )
    } else {
        "Autosave was off: your answers were not saved.".to_string()
    };
    Opened {
        engine,
        autosave,
        notice,
        changed,
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
            "no questionnaire is installed in this build and no session is saved.\n\
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

/// Loads the questionnaire and the saved or example answers. `preloaded` is the questionnaire
/// of `--questionnaire`, when a front-end loaded it already (it is taken when it fits).
pub fn prepare(
    plan: Plan,
    options: &WizardOptions,
    store: Option<&Store>,
    preloaded: &mut Option<Questionnaire>,
) -> Result<(Questionnaire, Prepared), Failure> {
    let rt = &options.runtime;
    match plan {
        Plan::New(spec) => {
            let fits = preloaded.as_ref().is_some_and(|q| {
                q.meta.id == spec || options.questionnaire.as_deref() == Some(spec.as_str())
            });
            let q = if spec.is_empty() || fits {
                given(options, preloaded, None)?
            } else {
                rt.load_questionnaire(&spec)?
            };
            Ok((q, Prepared::New(None)))
        }
        Plan::Ask(_) => Err(Failure::usage("no questionnaire chosen")),
        Plan::Resume(id) => {
            let store = store.ok_or_else(|| {
                Failure::usage("no usable data directory, so no session can be resumed")
            })?;
            let session = store.load(&id).map_err(|e| {
                Failure::usage(format!(
                    "cannot resume: {e}\nSee the saved sessions with `dualcheck sessions list`."
                ))
            })?;
            // `--questionnaire` may be a path; the name in the session file is only an id.
            let q = given(options, preloaded, Some(&session.questionnaire)).map_err(|f| {
                f.with_line(&format!(
                    "Session {id} is for questionnaire `{}`. If it came from a pack directory, \
                     add --questionnaire PATH.",
                    sanitize(&session.questionnaire)
                ))
            })?;
            if q.meta.id != session.questionnaire {
                return Err(Failure::usage(format!(
                    "session {id} is for questionnaire `{}`, not `{}`",
                    sanitize(&session.questionnaire),
                    q.meta.id
                )));
            }
            Ok((q, Prepared::Resume(Box::new(session))))
        }
        Plan::Example(id) => {
            let example = crate::examples::load(&id).map_err(|e| Failure::usage(e.to_string()))?;
            let q = given(options, preloaded, Some(&example.answers.questionnaire))?;
            let answers = example.resolve(&q).map_err(Failure::problems)?;
            Ok((q, Prepared::New(Some(answers))))
        }
    }
}

/// The questionnaire of `--questionnaire` (a path or an id; the preloaded one when there is
/// one), else `fallback`, by id only: a name inside a session or answers file is never a path.
fn given(
    options: &WizardOptions,
    preloaded: &mut Option<Questionnaire>,
    fallback: Option<&str>,
) -> Result<Questionnaire, Failure> {
    if let Some(q) = preloaded.take() {
        return Ok(q);
    }
    match (&options.questionnaire, fallback) {
        (Some(spec), _) => options.runtime.load_questionnaire(spec),
        (None, Some(id)) => options.runtime.load_questionnaire_id(id),
        (None, None) => Err(Failure::usage("no questionnaire chosen")),
    }
}

/// An example's title and story, with what to do next, for the front-ends that show it first.
pub fn story(id: &str) -> Option<String> {
    let example = crate::examples::load(id).ok()?;
    let meta = &example.answers.meta;
    (!meta.title.trim().is_empty() || !meta.description.trim().is_empty()).then(|| {
        format!(
            "{}\n\n{}\n\nThe answers are filled in: read the result, then change answers to see \
             what makes a difference.",
            meta.title.trim(),
            meta.description.trim()
        )
    })
}
