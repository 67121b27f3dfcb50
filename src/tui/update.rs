//! Actions -> state changes -> an [`Effect`] for the shell. Pure: no terminal, no clock, and no
//! disk but the check whether an export would replace a file. Which key or click means what is
//! decided in [`super::action`]; this module only carries the actions out.

use super::action::{Action, Edit, Intent, Panel};
use super::app::{App, Effect, Export, Focus, Overlay, ProjectForm, Screen};
use super::input::Submit;
use super::review;
use crate::engine::NavError;
use crate::exit;
use crate::questionnaire::{Kind, QuestionIx};
use crate::report::Format;

/// Carries out one action.
pub fn update(app: &mut App, action: Action) -> Effect {
    if action == Action::Interrupt {
        return Effect::Quit(exit::INTERRUPTED);
    }
    // How far the panels of the frame the action was made on scroll.
    let max = super::layout::layout(app, app.size).scroll;
    let effect = match action {
        Action::Interrupt => Effect::Quit(exit::INTERRUPTED),
        Action::Resize(size) => {
            app.size = size;
            Effect::None
        }
        Action::Key(intent) => {
            app.status = None;
            apply(app, intent)
        }
        Action::Mouse(intent) => apply(app, intent),
    };
    app.sync_input();
    if let Some(help) = max.help {
        app.help_scroll = app.help_scroll.min(help);
    }
    if let Some(detail) = max.detail {
        app.detail_scroll = app.detail_scroll.min(detail);
    }
    if let Some(overlay) = max.overlay {
        app.overlay_scroll = app.overlay_scroll.min(overlay);
    }
    effect
}

fn apply(app: &mut App, intent: Intent) -> Effect {
    match intent {
        Intent::Nothing => {}
        Intent::Leave => return Effect::Quit(App::QUIT),
        Intent::AskQuit => app.overlay = Some(Overlay::Quit),
        Intent::OpenHelp => app.overlay = Some(Overlay::Help),
        Intent::CloseOverlay => app.overlay = None,
        Intent::ToggleNumberKeys => {
            app.number_keys = !app.number_keys;
            app.status = Some(format!(
                "Number keys 1-9 are {}.",
                if app.number_keys { "on" } else { "off" }
            ));
        }
        Intent::Scroll(panel, step) => {
            let offset = match panel {
                Panel::Help => &mut app.help_scroll,
                Panel::Detail => &mut app.detail_scroll,
                Panel::Overlay => &mut app.overlay_scroll,
            };
            *offset = step.apply(*offset);
        }
        Intent::Focus(focus) => app.focus = focus,
        Intent::OpenReview => open_review(app),
        Intent::CloseReview => app.screen = Screen::Wizard,
        Intent::SelectReview(i) => app.review_cursor = i,
        Intent::OpenFromReview => {
            let rows = review::rows(app);
            let selectable = review::selectable(&rows);
            return review_jump(app, &rows, &selectable);
        }
        Intent::SelectFinding(i) => {
            app.finding_cursor = i;
            app.detail_scroll = 0;
        }
        Intent::OpenExport => {
            app.export.outcome = None;
            app.overlay = Some(Overlay::Export);
        }
        Intent::Back => return go_back(app),
        Intent::BeginSection => {
            if let Some(s) = app.pending_intro() {
                app.intros_seen.insert(s);
            }
        }
        Intent::Acknowledge => {
            if let Some(c) = app.current() {
                return match app.engine.acknowledge(c) {
                    Ok(()) => Effect::Save,
                    Err(e) => nav_error(app, &e),
                };
            }
        }
        Intent::MoveOption(delta) => {
            if let Some(c) = app.current() {
                app.input.move_by(app.question(c), delta);
            }
        }
        Intent::Toggle(row) => {
            if let Some(c) = app.current() {
                app.input.toggle(app.question(c), row);
            }
        }
        Intent::ClickRow(row) => {
            if let Some(c) = app.current() {
                app.focus = Focus::Main;
                if app.is_field_kind(c) {
                    app.input.cursor = row;
                }
                app.input.toggle(app.question(c), row);
            }
        }
        Intent::Submit => {
            if let Some(c) = app.current() {
                return submit(app, c);
            }
        }
        Intent::Field(edit) => field_edit(app, edit),
        Intent::ExportDone => {
            app.overlay = None;
            app.export.outcome = None;
        }
        Intent::ExportSave => {
            let e = &mut app.export;
            let exists = e.target().is_some_and(|p| p.is_file());
            if exists && !e.overwrite_asked {
                e.overwrite_asked = true;
                e.outcome = None;
                return Effect::None;
            }
            return Effect::Export;
        }
        Intent::ExportFormat { backward } => export_format(&mut app.export, backward),
        Intent::ExportEdit(edit) => export_edit(&mut app.export, edit),
        Intent::ProjectSkip => app.overlay = app.after_project.take(),
        Intent::ProjectSwitch => {
            app.project_form.error = None;
            app.project_form.switch();
        }
        Intent::ProjectConfirm => return project_confirm(app),
        Intent::ProjectEdit(edit) => project_edit(&mut app.project_form, edit),
    }
    Effect::None
}

/// Editing the number or text field of the question.
fn field_edit(app: &mut App, edit: Edit) {
    let Some(c) = app.current() else {
        return;
    };
    let q = app.question(c);
    let input = &mut app.input;
    match edit {
        Edit::Insert(ch) => input.insert(q, ch),
        Edit::Backspace => {
            input.backspace();
        }
        Edit::Delete => input.delete(),
        Edit::Left => {
            input.caret_by(-1);
        }
        Edit::Right => {
            input.caret_by(1);
        }
        Edit::Home => input.caret_to(false),
        Edit::End => input.caret_to(true),
        Edit::ClearBefore | Edit::ClearAfter | Edit::DeleteWord => {}
    }
}

/// Tab cycles forward, Shift-Tab backward, through every report format; a file name that ends
/// in the old format's extension gets the new one.
fn export_format(e: &mut Export, backward: bool) {
    let len = e.path.chars().count();
    let caret = e.caret.min(len);
    let order = [Format::Markdown, Format::Html, Format::Json, Format::Text];
    let i = order.iter().position(|f| *f == e.format).unwrap_or(0);
    let step = if backward { order.len() - 1 } else { 1 };
    let next = order[(i + step) % order.len()];
    if let Some(stem) = e.path.strip_suffix(&format!(".{}", e.format.extension())) {
        let at_end = caret == len;
        let caret = e.caret;
        e.set_path(format!("{stem}.{}", next.extension()));
        if !at_end {
            e.caret = caret.min(e.path.chars().count());
        }
    }
    e.format = next;
    e.outcome = None;
    e.overwrite_asked = false;
}

/// The usual line-editing keys in the export dialog's file name.
fn export_edit(e: &mut Export, edit: Edit) {
    let chars: Vec<char> = e.path.chars().collect();
    let caret = e.caret.min(chars.len());
    let set = |e: &mut Export, chars: Vec<char>, caret: usize| {
        e.path = chars.into_iter().collect();
        e.caret = caret;
        e.outcome = None;
        e.overwrite_asked = false;
    };
    match edit {
        Edit::ClearBefore => set(e, chars[caret..].to_vec(), 0),
        Edit::ClearAfter => set(e, chars[..caret].to_vec(), caret),
        Edit::DeleteWord => {
            let mut start = caret;
            while start > 0 && chars[start - 1] == ' ' {
                start -= 1;
            }
            while start > 0 && !matches!(chars[start - 1], ' ' | '/' | '\\' | '.' | '-') {
                start -= 1;
            }
            if start == caret && start > 0 {
                start -= 1;
            }
            let mut next = chars[..start].to_vec();
            next.extend_from_slice(&chars[caret..]);
            set(e, next, start);
        }
        Edit::Home => e.caret = 0,
        Edit::End => e.caret = chars.len(),
        Edit::Left => e.caret = caret.saturating_sub(1),
        Edit::Right => e.caret = (caret + 1).min(chars.len()),
        Edit::Delete if caret < chars.len() => {
            let mut next = chars;
            next.remove(caret);
            set(e, next, caret);
        }
        Edit::Backspace if caret > 0 => {
            let mut next = chars;
            next.remove(caret - 1);
            set(e, next, caret - 1);
        }
        Edit::Insert(c) if chars.len() < 4096 => {
            let mut next = chars;
            next.insert(caret, c);
            set(e, next, caret + 1);
        }
        Edit::Delete | Edit::Backspace | Edit::Insert(_) => {}
    }
}

/// Enter on the reference: both fields are checked; the form closes, and the project is saved
/// when it changed something.
fn project_confirm(app: &mut App) -> Effect {
    use crate::project::{Field, Project, check};
    let f = &mut app.project_form;
    let checked = check(Field::Title, &f.title)
        .map_err(|e| (false, e))
        .and_then(|title| {
            check(Field::Reference, &f.reference)
                .map(|reference| Project { title, reference })
                .map_err(|e| (true, e))
        });
    match checked {
        Ok(project) => {
            app.overlay = app.after_project.take();
            if project.is_empty() && app.autosave.session.project.is_none() {
                return Effect::None;
            }
            app.autosave.session.set_project(Some(project));
            Effect::Save
        }
        Err((on_reference, e)) => {
            if f.on_reference != on_reference {
                f.switch();
            }
            f.error = Some(capitalised(&e));
            Effect::None
        }
    }
}

/// Editing the field of the project form being typed in.
fn project_edit(f: &mut ProjectForm, edit: Edit) {
    use crate::project::{Field, MAX_CHARS};
    let mut chars: Vec<char> = f.current().chars().collect();
    let mut caret = f.caret.min(chars.len());
    let mut edited = false;
    match edit {
        Edit::ClearBefore => {
            chars.drain(..caret);
            caret = 0;
            edited = true;
        }
        Edit::ClearAfter => {
            chars.truncate(caret);
            edited = true;
        }
        Edit::Home => caret = 0,
        Edit::End => caret = chars.len(),
        Edit::Left => caret = caret.saturating_sub(1),
        Edit::Right => caret = (caret + 1).min(chars.len()),
        Edit::Backspace if caret > 0 => {
            chars.remove(caret - 1);
            caret -= 1;
            edited = true;
        }
        Edit::Delete if caret < chars.len() => {
            chars.remove(caret);
            edited = true;
        }
        Edit::Insert(c) => {
            if chars.len() >= MAX_CHARS {
                let name = if f.on_reference {
                    Field::Reference
                } else {
                    Field::Title
                }
                .name();
                f.error = Some(format!(
                    "The {name} can be at most {MAX_CHARS} characters long."
                ));
                return;
            }
            chars.insert(caret, c);
            caret += 1;
            edited = true;
        }
        Edit::Backspace | Edit::Delete | Edit::DeleteWord => {}
    }
    if edited {
        let text: String = chars.into_iter().collect();
        if f.on_reference {
            f.reference = text;
        } else {
            f.title = text;
        }
        f.error = None;
    }
    f.caret = caret;
}

fn capitalised(text: &str) -> String {
    let mut c = text.chars();
    c.next().map_or_else(String::new, |first| {
        format!("{}{}.", first.to_uppercase(), c.as_str())
    })
}

fn submit(app: &mut App, c: QuestionIx) -> Effect {
    let q = app.question(c);
    // An optional number or text question left empty is skipped, not refused.
    let skip = !q.required
        && matches!(q.kind, Kind::Number | Kind::Text)
        && app.input.text.trim().is_empty()
        && !app.input.not_sure
        && app.engine.answer_of(c).is_none();
    if skip {
        return match app.engine.acknowledge(c) {
            Ok(()) => after_change(app),
            Err(e) => nav_error(app, &e),
        };
    }
    match app.input.submit(q) {
        Submit::Held => Effect::None,
        Submit::Answer(a) => match app.engine.answer(c, a) {
            Ok(()) => after_change(app),
            Err(e) => nav_error(app, &e),
        },
    }
}

/// After an answer given from the review: back to the review (GOV.UK's check-answers pattern),
/// or first to a question the change brought onto the path.
fn after_change(app: &mut App) -> Effect {
    let Some(before) = app.return_to_review else {
        return Effect::Save;
    };
    match app.engine.first_open() {
        // Nothing new to answer: back to the review.
        open if open == before => {
            app.return_to_review = None;
            open_review(app);
        }
        // Every open question is answered now (the change removed some): the review too.
        None => {
            app.return_to_review = None;
            open_review(app);
        }
        // The change brought in a question: answer it first, then the review comes back.
        Some(next) => {
            let _ = app.engine.jump(next);
        }
    }
    Effect::Save
}

fn nav_error(app: &mut App, e: &NavError) -> Effect {
    match e {
        NavError::Answer(a) => app.input.error = Some(a.to_string()),
        other => app.status = Some(format!("{}{}", upper_first(&other.to_string()), ".")),
    }
    Effect::None
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Back is never blocked: whatever was typed but not confirmed is dropped, the saved answer kept.
fn go_back(app: &mut App) -> Effect {
    app.return_to_review = None;
    if app.engine.back() {
        Effect::Save
    } else {
        app.status = Some("This is the first question.".into());
        Effect::None
    }
}

fn open_review(app: &mut App) {
    app.screen = Screen::Review;
    app.focus = Focus::Main;
    let rows = review::rows(app);
    let selectable = review::selectable(&rows);
    let here = app.current();
    app.review_cursor = selectable
        .iter()
        .position(|&r| here.is_some() && rows[r].target == here)
        .unwrap_or(0);
}

fn review_jump(app: &mut App, rows: &[review::Row], selectable: &[usize]) -> Effect {
    let Some(row) = selectable.get(app.review_cursor).map(|&r| &rows[r]) else {
        return Effect::None;
    };
    match (row.target, &row.kind) {
        (Some(t), _) => match app.engine.jump(t) {
            Ok(()) => {
                app.screen = Screen::Wizard;
                app.intros_seen.insert(app.question(t).section);
                app.return_to_review = Some(app.engine.first_open());
                Effect::Save
            }
            Err(NavError::NotYetReached) => {
                app.status =
                    Some("Answer the earlier questions first: that one is not reached yet.".into());
                Effect::None
            }
            Err(e) => nav_error(app, &e),
        },
        (None, review::RowKind::SetAside(_)) => {
            app.status =
                Some("This answer is set aside: change an earlier answer to bring it back.".into());
            Effect::None
        }
        _ => Effect::None,
    }
}
