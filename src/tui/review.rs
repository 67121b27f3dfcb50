//! The rows of the review screen, derived from the engine: every question on the path by section
//! (answered or not), then the answers set aside because they are no longer on the path.

use super::app::App;
use crate::questionnaire::{QuestionIx, SectionIx};

/// What a review row shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowKind {
    /// A section heading (section index).
    Section(SectionIx),
    /// A question on the path (answered, or still open).
    OnPath(QuestionIx),
    /// The heading of the set-aside group.
    SetAsideHeading,
    /// An answer that no longer counts.
    SetAside(QuestionIx),
}

/// One row of the review list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub kind: RowKind,
    /// The question Enter opens, when it can be opened now.
    pub target: Option<QuestionIx>,
}

/// Every row of the review, in order.
pub fn rows(app: &App) -> Vec<Row> {
    let walk = app.engine.walk();
    let mut rows = Vec::new();
    let mut section = None;
    for &i in &walk.path {
        let q = app.question(i);
        if section != Some(q.section) {
            section = Some(q.section);
            rows.push(Row {
                kind: RowKind::Section(q.section),
                target: None,
            });
        }
        rows.push(Row {
            kind: RowKind::OnPath(i),
            target: Some(i),
        });
    }
    let aside = app.engine.set_aside();
    if !aside.is_empty() {
        rows.push(Row {
            kind: RowKind::SetAsideHeading,
            target: None,
        });
        rows.extend(aside.into_iter().map(|i| Row {
            kind: RowKind::SetAside(i),
            target: None,
        }));
    }
    rows
}

/// Required questions on the path that are still unanswered.
pub fn missing(app: &App) -> Vec<QuestionIx> {
    app.engine
        .walk()
        .path
        .into_iter()
        .filter(|&i| {
            let q = app.question(i);
            q.is_answerable() && q.required && app.engine.answer_of(i).is_none()
        })
        .collect()
}

/// Rows the cursor can rest on (questions, including set-aside ones, for reading).
pub fn selectable(rows: &[Row]) -> Vec<usize> {
    rows.iter()
        .enumerate()
        .filter(|(_, r)| matches!(r.kind, RowKind::OnPath(_) | RowKind::SetAside(_)))
        .map(|(i, _)| i)
        .collect()
}
