//! Events -> state changes -> an [`Effect`] for the shell. Pure: no terminal, no disk, no clock.
//!
//! Order of precedence: Ctrl-C, resize and mouse first; then an open overlay takes the keys; then
//! the screen. While a text field has the focus, letters are typed, never shortcuts.

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::Size;

use super::app::{App, Effect, Focus, Overlay, Screen};
use super::input::Submit;
use super::review;
use crate::engine::NavError;
use crate::exit;
use crate::questionnaire::Kind;
use crate::report::Format;

/// Applies one event.
pub fn update(app: &mut App, event: &Event) -> Effect {
    // The frame the event was made on: its regions and how far its panels scroll.
    let layout = super::layout::layout(app, app.size);
    let effect = match event {
        Event::Resize(w, h) => {
            app.size = Size::new(*w, *h);
            Effect::None
        }
        Event::Mouse(m) => super::mouse::mouse(app, &layout, *m),
        Event::Key(k) if k.kind == KeyEventKind::Press => {
            if k.modifiers.contains(KeyModifiers::CONTROL) && k.code == KeyCode::Char('c') {
                return Effect::Quit(exit::INTERRUPTED);
            }
            app.status = None;
            key(app, *k)
        }
        _ => Effect::None,
    };
    app.sync_input();
    let max = layout.scroll;
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

fn key(app: &mut App, k: KeyEvent) -> Effect {
    if app.too_small() {
        if matches!(k.code, KeyCode::Char('q') | KeyCode::Esc) {
            return Effect::Quit(App::QUIT);
        }
        return Effect::None;
    }
    if let Some(overlay) = app.overlay.clone() {
        return overlay_key(app, &overlay, k);
    }
    if app.is_editing() {
        return field_key(app, k);
    }
    match (k.code, app.focus) {
        (KeyCode::Char('?') | KeyCode::F(1), _) => app.overlay = Some(Overlay::Help),
        (KeyCode::Esc, Focus::Main) if app.screen == Screen::Review => app.screen = Screen::Wizard,
        (KeyCode::Char('q'), _) | (KeyCode::Esc, Focus::Main) => app.overlay = Some(Overlay::Quit),
        (KeyCode::Esc | KeyCode::Tab | KeyCode::BackTab, Focus::Help) => app.focus = Focus::Main,
        (KeyCode::Char('r'), _) if app.screen == Screen::Wizard => open_review(app),
        (code, Focus::Help) => scroll_help(app, code),
        _ => {
            return match app.screen {
                Screen::Review => review_key(app, k),
                Screen::Wizard if app.current().is_none() => results_key(app, k),
                Screen::Wizard => question_key(app, k),
            };
        }
    }
    Effect::None
}

pub(super) fn scroll(value: &mut u16, code: KeyCode) {
    *value = match code {
        KeyCode::Up | KeyCode::Char('k') => value.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => value.saturating_add(1),
        KeyCode::PageUp => value.saturating_sub(10),
        KeyCode::PageDown | KeyCode::Char(' ') => value.saturating_add(10),
        KeyCode::Home => 0,
        _ => *value,
    };
}

fn scroll_help(app: &mut App, code: KeyCode) {
    if app.current().is_none() {
        scroll(&mut app.detail_scroll, code);
    } else {
        scroll(&mut app.help_scroll, code);
    }
}

fn overlay_key(app: &mut App, overlay: &Overlay, k: KeyEvent) -> Effect {
    match (overlay, k.code) {
        (Overlay::Quit, KeyCode::Char('y' | 'Y' | 'q') | KeyCode::Enter) => {
            return Effect::Quit(App::QUIT);
        }
        (Overlay::Help, KeyCode::Char('n')) => {
            app.number_keys = !app.number_keys;
            app.status = Some(format!(
                "Number keys 1-9 are {}.",
                if app.number_keys { "on" } else { "off" }
            ));
        }
        (Overlay::Export, _) => return export_key(app, k),
        (Overlay::Project, _) => return project_key(app, k),
        (
            Overlay::Help,
            code @ (KeyCode::Up
            | KeyCode::Down
            | KeyCode::PageUp
            | KeyCode::PageDown
            | KeyCode::Char('j' | 'k' | ' ')
            | KeyCode::Home),
        ) => scroll(&mut app.overlay_scroll, code),
        (Overlay::Quit, KeyCode::Char('n' | 'N') | KeyCode::Esc)
        | (
            Overlay::Help,
            KeyCode::Esc | KeyCode::Enter | KeyCode::Char('?' | 'q') | KeyCode::F(1),
        )
        | (Overlay::Notice(_), KeyCode::Esc | KeyCode::Enter | KeyCode::Char(' ')) => {
            app.overlay = None;
        }
        _ => {}
    }
    Effect::None
}

fn export_key(app: &mut App, k: KeyEvent) -> Effect {
    let e = &mut app.export;
    if matches!(e.outcome, Some(Ok(_))) && matches!(k.code, KeyCode::Enter | KeyCode::Esc) {
        app.overlay = None;
        e.outcome = None;
        return Effect::None;
    }
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    let chars: Vec<char> = e.path.chars().collect();
    let caret = e.caret.min(chars.len());
    let edit = |e: &mut crate::tui::app::Export, chars: Vec<char>, caret: usize| {
        e.path = chars.into_iter().collect();
        e.caret = caret;
        e.outcome = None;
        e.overwrite_asked = false;
    };
    match k.code {
        KeyCode::Esc => app.overlay = None,
        KeyCode::Enter => {
            let exists = e.target().is_some_and(|p| p.is_file());
            if exists && !e.overwrite_asked {
                e.overwrite_asked = true;
                e.outcome = None;
                return Effect::None;
            }
            return Effect::Export;
        }
        // The usual line-editing keys.
        KeyCode::Char('u') if ctrl => edit(e, chars[caret..].to_vec(), 0),
        KeyCode::Char('k') if ctrl => edit(e, chars[..caret].to_vec(), caret),
        KeyCode::Char('w') if ctrl => {
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
            edit(e, next, start);
        }
        KeyCode::Char('a') if ctrl => e.caret = 0,
        KeyCode::Char('e') if ctrl => e.caret = chars.len(),
        KeyCode::Home => e.caret = 0,
        KeyCode::End => e.caret = chars.len(),
        KeyCode::Left => e.caret = caret.saturating_sub(1),
        KeyCode::Right => e.caret = (caret + 1).min(chars.len()),
        KeyCode::Delete if caret < chars.len() => {
            let mut next = chars;
            next.remove(caret);
            edit(e, next, caret);
        }
        KeyCode::Tab | KeyCode::BackTab => {
            // Tab cycles forward, Shift-Tab backward, through every report format.
            let order = [Format::Markdown, Format::Html, Format::Json, Format::Text];
            let i = order.iter().position(|f| *f == e.format).unwrap_or(0);
            let step = if k.code == KeyCode::BackTab {
                order.len() - 1
            } else {
                1
            };
            let next = order[(i + step) % order.len()];
            if let Some(stem) = e.path.strip_suffix(&format!(".{}", e.format.extension())) {
                let at_end = caret == chars.len();
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
        KeyCode::Backspace if caret > 0 => {
            let mut next = chars;
            next.remove(caret - 1);
            edit(e, next, caret - 1);
        }
        KeyCode::Char(c) if !ctrl && !c.is_control() && chars.len() < 4096 => {
            let mut next = chars;
            next.insert(caret, c);
            edit(e, next, caret + 1);
        }
        _ => {}
    }
    Effect::None
}

/// Keys in the project form: type, move between the two fields, Enter goes on (and on the
/// reference, or with both fields filled in, closes the form), Esc skips.
fn project_key(app: &mut App, k: KeyEvent) -> Effect {
    use crate::project::{Field, MAX_CHARS, Project, check};
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    let f = &mut app.project_form;
    let mut chars: Vec<char> = f.current().chars().collect();
    let mut caret = f.caret.min(chars.len());
    let mut edited = false;
    match k.code {
        KeyCode::Esc => {
            app.overlay = app.after_project.take();
            return Effect::None;
        }
        KeyCode::Enter if !f.on_reference => {
            f.error = None;
            f.switch();
            return Effect::None;
        }
        KeyCode::Enter => {
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
                    return Effect::Save;
                }
                Err((on_reference, e)) => {
                    if f.on_reference != on_reference {
                        f.switch();
                    }
                    f.error = Some(capitalised(&e));
                }
            }
            return Effect::None;
        }
        KeyCode::Tab | KeyCode::BackTab | KeyCode::Up | KeyCode::Down => {
            f.error = None;
            f.switch();
            return Effect::None;
        }
        KeyCode::Char('u') if ctrl => {
            chars.drain(..caret);
            caret = 0;
            edited = true;
        }
        KeyCode::Char('k') if ctrl => {
            chars.truncate(caret);
            edited = true;
        }
        KeyCode::Char('a') if ctrl => caret = 0,
        KeyCode::Char('e') if ctrl => caret = chars.len(),
        KeyCode::Home => caret = 0,
        KeyCode::End => caret = chars.len(),
        KeyCode::Left => caret = caret.saturating_sub(1),
        KeyCode::Right => caret = (caret + 1).min(chars.len()),
        KeyCode::Backspace if caret > 0 => {
            chars.remove(caret - 1);
            caret -= 1;
            edited = true;
        }
        KeyCode::Delete if caret < chars.len() => {
            chars.remove(caret);
            edited = true;
        }
        KeyCode::Char(c) if !ctrl && !c.is_control() => {
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
                return Effect::None;
            }
            chars.insert(caret, c);
            caret += 1;
            edited = true;
        }
        _ => {}
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
    Effect::None
}

fn capitalised(text: &str) -> String {
    let mut c = text.chars();
    c.next().map_or_else(String::new, |first| {
        format!("{}{}.", first.to_uppercase(), c.as_str())
    })
}

/// Keys while a number or text field has the focus: letters are typed.
fn field_key(app: &mut App, k: KeyEvent) -> Effect {
    let Some(c) = app.current() else {
        return Effect::None;
    };
    let q = app.question(c);
    match k.code {
        KeyCode::Enter => return submit(app, c),
        KeyCode::Esc => app.overlay = Some(Overlay::Quit),
        KeyCode::F(1) => app.overlay = Some(Overlay::Help),
        KeyCode::Tab | KeyCode::BackTab => app.focus = Focus::Help,
        KeyCode::Down => app.input.move_by(q, 1),
        KeyCode::Backspace if !app.input.backspace() => return go_back(app),
        KeyCode::Left if !app.input.caret_by(-1) => return go_back(app),
        KeyCode::Right => {
            app.input.caret_by(1);
        }
        KeyCode::Home => app.input.caret_to(false),
        KeyCode::End => app.input.caret_to(true),
        KeyCode::Delete => app.input.delete(),
        KeyCode::Char(ch) if !k.modifiers.contains(KeyModifiers::CONTROL) => {
            app.input.insert(q, ch);
        }
        _ => {}
    }
    Effect::None
}

fn question_key(app: &mut App, k: KeyEvent) -> Effect {
    let Some(c) = app.current() else {
        return Effect::None;
    };
    let q = app.question(c);
    let back = matches!(
        k.code,
        KeyCode::Left | KeyCode::Backspace | KeyCode::Char('h')
    );
    if back {
        return go_back(app);
    }
    if k.code == KeyCode::Tab || k.code == KeyCode::BackTab {
        app.focus = Focus::Help;
        return Effect::None;
    }
    if let Some(s) = app.pending_intro() {
        if matches!(
            k.code,
            KeyCode::Enter | KeyCode::Char(' ' | 'l') | KeyCode::Right
        ) {
            app.intros_seen.insert(s);
        }
        return Effect::None;
    }
    if q.kind == Kind::Info {
        if matches!(k.code, KeyCode::Enter | KeyCode::Char(' ')) {
            return match app.engine.acknowledge(c) {
                Ok(()) => Effect::Save,
                Err(e) => nav_error(app, &e),
            };
        }
        return Effect::None;
    }
    match k.code {
        KeyCode::Up | KeyCode::Char('k') => app.input.move_by(q, -1),
        KeyCode::Down | KeyCode::Char('j') => app.input.move_by(q, 1),
        KeyCode::Home => app.input.move_by(q, -isize::MAX),
        KeyCode::End => app.input.move_by(q, isize::MAX),
        KeyCode::Char(' ') => {
            let row = app.input.cursor;
            app.input.toggle(q, row);
        }
        KeyCode::Enter => return submit(app, c),
        KeyCode::Char(d @ '1'..='9') if app.number_keys && q.kind.is_choice() => {
            let row = (d as usize) - ('1' as usize);
            app.input.toggle(q, row);
        }
        _ => {}
    }
    Effect::None
}

fn submit(app: &mut App, c: usize) -> Effect {
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

pub(super) fn review_key(app: &mut App, k: KeyEvent) -> Effect {
    let rows = review::rows(app);
    let selectable = review::selectable(&rows);
    let last = selectable.len().saturating_sub(1);
    match k.code {
        KeyCode::Up | KeyCode::Char('k') => app.review_cursor = app.review_cursor.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => app.review_cursor = (app.review_cursor + 1).min(last),
        KeyCode::Home => app.review_cursor = 0,
        KeyCode::End => app.review_cursor = last,
        KeyCode::PageUp => app.review_cursor = app.review_cursor.saturating_sub(10),
        KeyCode::PageDown => app.review_cursor = (app.review_cursor + 10).min(last),
        KeyCode::Esc | KeyCode::Char('r' | 'h') | KeyCode::Left | KeyCode::Backspace => {
            app.screen = Screen::Wizard;
        }
        KeyCode::Enter => return review_jump(app, &rows, &selectable),
        _ => {}
    }
    Effect::None
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

pub(super) fn results_key(app: &mut App, k: KeyEvent) -> Effect {
    let entries = app.report().findings.len() + 1;
    match k.code {
        KeyCode::Up | KeyCode::Char('k') => {
            app.finding_cursor = app.finding_cursor.saturating_sub(1);
            app.detail_scroll = 0;
        }
        KeyCode::Down | KeyCode::Char('j') => {
            app.finding_cursor = (app.finding_cursor + 1).min(entries - 1);
            app.detail_scroll = 0;
        }
        KeyCode::PageUp | KeyCode::PageDown => scroll(&mut app.detail_scroll, k.code),
        KeyCode::Tab | KeyCode::BackTab => app.focus = Focus::Help,
        KeyCode::Char('e') => {
            app.export.outcome = None;
            app.overlay = Some(Overlay::Export);
        }
        KeyCode::Left | KeyCode::Backspace | KeyCode::Char('h') => return go_back(app),
        _ => {}
    }
    Effect::None
}
