//! Mouse: a click chooses an option (or a finding, or an answer in the review) and moves the
//! focus; the wheel scrolls the panel under the pointer. Uses the regions the last frame drew.

use ratatui::crossterm::event::{KeyCode, KeyEvent, MouseButton, MouseEvent, MouseEventKind};

use super::app::{App, Effect, Focus, Hit, Screen};
use super::layout::Layout;
use super::update::{results_key, review_key, scroll};

/// Applies one mouse event.
pub fn mouse(app: &mut App, layout: &Layout, m: MouseEvent) -> Effect {
    if app.overlay.is_some() || app.too_small() {
        return Effect::None;
    }
    let hit = layout.hit(m.column, m.row);
    let down = match m.kind {
        MouseEventKind::ScrollDown => true,
        MouseEventKind::ScrollUp => false,
        MouseEventKind::Down(MouseButton::Left) => return click(app, hit),
        _ => return Effect::None,
    };
    let code = if down { KeyCode::Down } else { KeyCode::Up };
    match hit {
        Some(Hit::HelpPanel) => scroll(&mut app.help_scroll, code),
        Some(Hit::Detail) => scroll(&mut app.detail_scroll, code),
        Some(Hit::ReviewRow(_)) if app.screen == Screen::Review => {
            return review_key(app, KeyEvent::from(code));
        }
        Some(Hit::Finding(_)) => return results_key(app, KeyEvent::from(code)),
        Some(Hit::Row(_) | Hit::MainPanel) => {
            if let Some(c) = app.current() {
                app.input
                    .move_by(app.question(c), if down { 1 } else { -1 });
            }
        }
        _ => {}
    }
    Effect::None
}

fn click(app: &mut App, hit: Option<Hit>) -> Effect {
    match hit {
        Some(Hit::Row(row)) => {
            if let Some(c) = app.current() {
                app.focus = Focus::Main;
                let q = app.question(c);
                if app.is_field_kind(c) {
                    app.input.cursor = row;
                }
                app.input.toggle(q, row);
            }
        }
        Some(Hit::Finding(i)) => {
            app.finding_cursor = i;
            app.detail_scroll = 0;
        }
        Some(Hit::ReviewRow(i)) => app.review_cursor = i,
        Some(Hit::HelpPanel | Hit::Detail) => app.focus = Focus::Help,
        Some(Hit::MainPanel) | None => app.focus = Focus::Main,
    }
    Effect::None
}
