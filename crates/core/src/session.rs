//! Session records: what a session file holds, an engine recorded into one, and an engine
//! restored from one.
//!
//! A session records the questionnaire id, version and content hash. When the questionnaire has
//! changed since, the answers that still fit are kept and the rest are reported, never silently
//! dropped. Reading and writing the files is the application's store.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::answers::Answer;
use crate::engine::Engine;
use crate::project::Project;
use crate::questionnaire::Questionnaire;

pub const SCHEMA: &str = "dualcheck.session/1";
/// Largest session file read, in bytes.
pub const MAX_SESSION_BYTES: u64 = 1024 * 1024;

/// A saved session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionFile {
    pub schema: String,
    pub id: String,
    pub questionnaire: String,
    pub questionnaire_version: String,
    pub questionnaire_hash: String,
    pub created: String,
    pub updated: String,
    /// The question the user was looking at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<String>,
    #[serde(default)]
    pub finished: bool,
    /// Information notes already read.
    #[serde(default)]
    pub seen_notes: Vec<String>,
    /// The project the check is for (title and reference), when given. Older session files
    /// have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<Project>,
    /// Same shape as the `[answers]` table of an answers file.
    #[serde(default)]
    pub answers: BTreeMap<String, toml::Value>,
}

/// What changed when a session was restored against a different questionnaire version.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Restored {
    /// The questionnaire version or content differs from the one the session was started with.
    pub questionnaire_changed: bool,
    /// Answers that no longer fit (question removed or options changed): id and reason.
    pub dropped: Vec<(String, String)>,
}

impl SessionFile {
    /// A new, empty session.
    pub fn new(id: String, q: &Questionnaire, now: &str) -> Self {
        Self {
            schema: SCHEMA.into(),
            id,
            questionnaire: q.meta.id.clone(),
            questionnaire_version: q.meta.version.clone(),
            questionnaire_hash: q.hash.clone(),
            created: now.into(),
            updated: now.into(),
            current: None,
            finished: false,
            seen_notes: Vec::new(),
            project: None,
            answers: BTreeMap::new(),
        }
    }

    /// Sets the project (`None`, or an empty one, removes it).
    pub fn set_project(&mut self, project: Option<Project>) {
        self.project = project.and_then(Project::non_empty);
    }

    /// Records the engine's state.
    pub fn record(&mut self, engine: &Engine, now: &str) {
        let q = engine.questionnaire();
        self.answers = engine
            .answers()
            .iter()
            .enumerate()
            .filter_map(|(i, a)| {
                a.as_ref()
                    .map(|a| (q.questions[i].id.clone(), a.to_toml(&q.questions[i])))
            })
            .collect();
        self.seen_notes = engine
            .seen_notes()
            .iter()
            .map(|&i| q.questions[i].id.clone())
            .collect();
        self.current = engine.current().map(|i| q.questions[i].id.clone());
        self.finished = engine.is_complete();
        self.questionnaire_version.clone_from(&q.meta.version);
        self.questionnaire_hash.clone_from(&q.hash);
        self.updated = now.into();
    }

    /// Rebuilds an engine from the saved answers, keeping every answer that still fits.
    pub fn restore<'q>(&self, q: &'q Questionnaire) -> (Engine<'q>, Restored) {
        let mut restored = Restored {
            questionnaire_changed: self.questionnaire_hash != q.hash
                || self.questionnaire_version != q.meta.version,
            dropped: Vec::new(),
        };
        let mut answers: Vec<Option<Answer>> = vec![None; q.questions.len()];
        for (id, value) in &self.answers {
            match q.question_index(id) {
                None => restored
                    .dropped
                    .push((id.clone(), "the question was removed".into())),
                Some(i) => match Answer::from_toml(&q.questions[i], value) {
                    Ok(a) => answers[i] = Some(a),
                    Err(e) => restored
                        .dropped
                        .push((id.clone(), format!("the saved answer no longer fits: {e}"))),
                },
            }
        }
        let mut engine = Engine::with_answers(q, answers);
        engine.set_seen_notes(self.seen_notes.iter().filter_map(|id| q.question_index(id)));
        if let Some(c) = self.current.as_deref().and_then(|id| q.question_index(id)) {
            let _ = engine.jump(c);
        }
        (engine, restored)
    }
}

/// A short description of a saved session, for lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionSummary {
    pub id: String,
    pub questionnaire: String,
    pub updated: String,
    pub answered: usize,
    pub finished: bool,
    /// The project the session is for, when one was given.
    pub project: Option<Project>,
}
