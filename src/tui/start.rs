//! How a run starts: what the welcome screen offers, and turning a choice (new run, resumed
//! session, example) into a questionnaire, an engine and autosave.

use crate::answers::{Answer, AnswersFile};
use crate::app::Failure;
use crate::diag::Sources;
use crate::questionnaire::Questionnaire;
use crate::questionnaire::catalog::embedded_examples;
use crate::session::{SessionError, SessionFile, Store};
use crate::wizard::WizardOptions;

use super::welcome::Item;

/// Everything a run starts from.
#[derive(Debug)]
pub struct Context {
    pub options: WizardOptions,
    /// The questionnaire given with `--questionnaire`, loaded before the terminal is taken so
    /// that its errors print normally.
    pub preloaded: Option<Questionnaire>,
    /// Shipped questionnaires: (id, title, description).
    pub catalog: Vec<(String, String, String)>,
    /// The time stamp source.
    pub clock: fn() -> String,
    /// A start already prepared (a session to resume, an example), so that its errors print
    /// before the terminal is taken.
    pub ready: Option<Prepared>,
    /// Printed on the normal screen after the wizard ends: where the answers are and how to
    /// continue.
    pub farewell: Option<String>,
}

impl Context {
    /// The context for the real program.
    pub fn new(options: WizardOptions) -> Result<Self, Failure> {
        let preloaded = match &options.questionnaire {
            Some(spec) => Some(options.runtime.load_questionnaire(spec)?),
            None => None,
        };
        // The same catalog as every other front-end: the shipped packs and the institution's
        // (`extra_questionnaire_dirs`), extensions included.
        let catalog = options
            .runtime
            .catalog()
            .entries
            .iter()
            .map(|e| {
                (
                    e.id.clone(),
                    e.title.clone(),
                    format!("version {}", e.version),
                )
            })
            .collect();
        let mut ctx = Self {
            options,
            preloaded,
            catalog,
            clock: crate::app::now_rfc3339,
            ready: None,
            farewell: None,
        };
        if let Some(begin) = ctx.fixed_begin() {
            ctx.ready = Some(prepare(&mut ctx, &begin)?);
        }
        Ok(ctx)
    }

    /// The start decided by the options (`--resume`, `--example`), if any.
    pub fn fixed_begin(&self) -> Option<Begin> {
        match (&self.options.resume, &self.options.example) {
            (Some(id), _) => Some(Begin::Resume(id.clone())),
            (None, Some(id)) => Some(Begin::Example(id.clone())),
            (None, None) => None,
        }
    }

    pub fn store(&self) -> Result<Store, SessionError> {
        self.options.open_store()
    }

    /// The choices of the welcome screen (possibly none: the screen then says how to start), or
    /// `None` when there is nothing to choose (a questionnaire was given, no session to resume).
    pub fn welcome_items(&self) -> Option<Vec<Item>> {
        let sessions: Vec<_> = self
            .store()
            .map(|s| s.list())
            .unwrap_or_default()
            .into_iter()
            // A session with no answer yet (created when a run starts) has nothing to resume.
            .filter(|s| !s.finished && s.answered > 0)
            .filter(|s| {
                self.preloaded
                    .as_ref()
                    .is_none_or(|q| q.meta.id == s.questionnaire)
            })
            .collect();
        let mut items: Vec<Item> = match &self.preloaded {
            Some(q) => vec![Item::Start {
                spec: String::new(),
                title: q.meta.title.clone(),
                description: q.meta.description.clone(),
            }],
            None => self
                .catalog
                .iter()
                .map(|(id, title, description)| Item::Start {
                    spec: id.clone(),
                    title: title.clone(),
                    description: description.clone(),
                })
                .collect(),
        };
        if self.preloaded.is_some() && sessions.is_empty() {
            return None;
        }
        items.extend(sessions.into_iter().map(Item::Resume));
        // Personas for workshops, for the questionnaires on offer.
        items.extend(
            crate::examples::list()
                .into_iter()
                .filter(|e| e.problem.is_none())
                .filter(|e| match &self.preloaded {
                    Some(q) => q.meta.id == e.questionnaire,
                    None => self.catalog.iter().any(|(id, ..)| *id == e.questionnaire),
                })
                .map(|e| Item::Example {
                    id: e.id,
                    title: e.title,
                    description: e.description,
                }),
        );
        Some(items)
    }
}

/// A run ready to start: the questionnaire and what fills it.
#[derive(Debug)]
pub struct Prepared {
    pub q: Questionnaire,
    pub session: Option<SessionFile>,
    pub answers: Option<Vec<Option<Answer>>>,
    pub store: Result<Store, SessionError>,
    /// An example's title and story with its discussion questions, shown first.
    pub story: Option<String>,
}

/// What to start with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Begin {
    /// A new run; an empty spec means the preloaded questionnaire.
    New(String),
    Resume(String),
    Example(String),
}

/// Loads what a start needs. Takes the preloaded questionnaire when it fits.
pub fn prepare(ctx: &mut Context, begin: &Begin) -> Result<Prepared, Failure> {
    match begin {
        Begin::New(spec) => Ok(Prepared {
            q: questionnaire(ctx, spec)?,
            session: None,
            answers: None,
            store: ctx.store(),
            story: None,
        }),
        Begin::Resume(id) => {
            let store = ctx
                .store()
                .map_err(|e| Failure::usage(format!("cannot resume: {e}")))?;
            let session = store
                .load(id)
                .map_err(|e| Failure::usage(format!("cannot resume: {e}")))?;
            let q = match &ctx.preloaded {
                Some(q) if q.meta.id == session.questionnaire => questionnaire(ctx, "")?,
                Some(q) => {
                    return Err(Failure::usage(format!(
                        "session {id} is for the questionnaire `{}`, not `{}`",
                        session.questionnaire, q.meta.id
                    )));
                }
                // The name in the session file is only an id, never a path.
                None => ctx
                    .options
                    .runtime
                    .load_questionnaire_id(&session.questionnaire)
                    .map_err(|f| {
                    Failure::usage(format!(
                        "{} To continue it, start with: dualcheck --questionnaire PATH --resume {id}",
                        f.message.trim()
                    ))
                })?,
            };
            Ok(Prepared {
                q,
                session: Some(session),
                answers: None,
                store: Ok(store),
                story: None,
            })
        }
        Begin::Example(id) => {
            let (spec, answers_of, story) = example(id)?;
            let q = questionnaire(ctx, &spec)?;
            let answers = answers_of(&q)?;
            Ok(Prepared {
                q,
                session: None,
                answers: Some(answers),
                store: ctx.store(),
                story,
            })
        }
    }
}

fn questionnaire(ctx: &mut Context, spec: &str) -> Result<Questionnaire, Failure> {
    if (spec.is_empty() || ctx.preloaded.as_ref().is_some_and(|q| q.meta.id == spec))
        && let Some(q) = ctx.preloaded.take()
    {
        return Ok(q);
    }
    ctx.options.runtime.load_questionnaire(spec)
}

type Resolve = Box<dyn FnOnce(&Questionnaire) -> Result<Vec<Option<Answer>>, Failure>>;

/// Finds a shipped example answers file by id (its file name without `.toml`). Examples are added
/// on another branch; until then none is shipped and this reports that clearly.
fn example(id: &str) -> Result<(String, Resolve, Option<String>), Failure> {
    let found = embedded_examples().iter().find(|(_, name, _)| {
        std::path::Path::new(name)
            .file_stem()
            .is_some_and(|s| s.to_string_lossy() == id)
    });
    let Some((_, name, text)) = found else {
        return Err(Failure::usage(format!(
            "no example `{id}` in this build (see `dualcheck examples`)"
        )));
    };
    let mut sources = Sources::default();
    let file = sources.add(*name, *text);
    let parsed = AnswersFile::parse(&sources, file)
        .map_err(|d| Failure::problems(sources.render_all(&[d])))?;
    let spec = parsed.questionnaire.clone();
    let meta = &parsed.meta;
    let story = (!meta.title.trim().is_empty() || !meta.description.trim().is_empty()).then(|| {
        format!(
            "{}\n\n{}\n\nThe answers are filled in: read the result, then change answers with r \
             to see what makes a difference.",
            meta.title.trim(),
            meta.description.trim()
        )
    });
    let resolve: Resolve = Box::new(move |q| {
        parsed
            .resolve(q)
            .map_err(|d| Failure::problems(sources.render_all(&d)))
    });
    Ok((spec, resolve, story))
}
