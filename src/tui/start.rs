//! How a run starts: what the welcome screen offers, and turning a choice (new run, resumed
//! session, example) into a questionnaire, an engine and autosave.

use crate::app::Failure;
use crate::app::run::WizardOptions;
use crate::app::start::Plan;
use crate::questionnaire::Questionnaire;
use crate::session::{SessionError, Store};

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
            ctx.ready = Some(prepare(&mut ctx, begin)?);
        }
        Ok(ctx)
    }

    /// The start decided by the options (`--resume`, `--example`), if any.
    pub fn fixed_begin(&self) -> Option<Plan> {
        match (&self.options.resume, &self.options.example) {
            (Some(id), _) => Some(Plan::Resume(id.clone())),
            (None, Some(id)) => Some(Plan::Example(id.clone())),
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

/// A run ready to start: the questionnaire, what fills it, and the session store.
#[derive(Debug)]
pub struct Prepared {
    pub q: Questionnaire,
    pub start: crate::app::start::Prepared,
    pub store: Result<Store, SessionError>,
    /// An example's title and story with its discussion questions, shown first.
    pub story: Option<String>,
}

/// Loads what a start needs, through the start every front-end shares. Takes the preloaded
/// questionnaire when it fits; `Plan::New` with an empty spec means the preloaded one.
pub fn prepare(ctx: &mut Context, plan: Plan) -> Result<Prepared, Failure> {
    let store = ctx.store();
    let opening = match &plan {
        Plan::Example(id) => crate::app::start::story(id),
        _ => None,
    };
    let (q, start) =
        crate::app::start::prepare(plan, &ctx.options, store.as_ref().ok(), &mut ctx.preloaded)?;
    Ok(Prepared {
        q,
        start,
        store,
        story: opening,
    })
}
