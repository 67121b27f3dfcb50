//! Drawing: `draw(frame, &app)` only reads the state. Where things go is worked out by pure
//! functions that [`super::layout`] shares, so the mouse sees the regions drawn. Every
//! questionnaire or user text goes through [`super::text`] (sanitised) first.
//!
//! The frame: a two-line header (where you are), a separator, the body, a separator that carries
//! status messages, and one line of key hints that match the keys of the screen.

mod help;
pub(super) mod overlay;
pub(super) mod question;
pub(super) mod results;
pub(super) mod review;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::app::{App, MIN_SIZE, Screen};
use super::text::{clip, width, wrap};
use super::theme::Theme;
use crate::app::run::SaveState;

/// Clears the screen and splits it into header, separator, body, separator and footer; below the
/// minimum size it draws the "too small" message instead and returns `None`.
pub fn screen_areas(frame: &mut Frame, theme: &Theme) -> Option<[Rect; 5]> {
    let area = frame.area();
    frame.render_widget(Block::new().style(theme.base), area);
    let areas = split(area);
    if areas.is_none() {
        too_small(frame, theme, area);
    }
    areas
}

/// The header, separator, body, separator and footer of a screen; `None` below the minimum size.
pub fn split(area: Rect) -> Option<[Rect; 5]> {
    if area.width < MIN_SIZE.width || area.height < MIN_SIZE.height {
        return None;
    }
    Some(
        Layout::vertical([
            Constraint::Length(2),
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area),
    )
}

/// Draws the whole wizard.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let Some([header, sep1, body, sep2, footer]) = screen_areas(frame, &app.theme) else {
        return;
    };
    let split = match app.screen {
        Screen::Review => {
            review::draw(frame, app, header, body);
            None
        }
        Screen::Wizard => match app.current() {
            Some(c) => question::draw(frame, app, c, header, body),
            None => results::draw(frame, app, header, body),
        },
    };
    let on_result = app.screen == Screen::Wizard && app.current().is_none();
    let top_split = if on_result { None } else { split };
    separator(frame.buffer_mut(), &app.theme, sep1, top_split, '┬');
    separator(frame.buffer_mut(), &app.theme, sep2, split, '┴');
    if let Some(status) = &app.status {
        let line = Line::from(vec![
            Span::styled(" ⚠ ", app.theme.error),
            Span::styled(clip(status, usize::from(sep2.width) - 4), app.theme.base),
            Span::raw(" "),
        ]);
        frame.render_widget(line, sep2);
    }
    let hints = match app.screen {
        Screen::Review => review::hints(),
        Screen::Wizard if app.current().is_none() => results::hints(app),
        Screen::Wizard => question::hints(app),
    };
    footer_line(frame, app, footer, &hints);
    overlay::draw(frame, app, area);
}

/// Draws the minimum-size message instead of a broken layout.
pub fn too_small(frame: &mut Frame, theme: &Theme, area: Rect) {
    let text = format!(
        "The window is {}×{}. dualcheck needs at least {}×{}: make the window larger, or run \
         `dualcheck --plain`. Press q to quit.",
        area.width, area.height, MIN_SIZE.width, MIN_SIZE.height
    );
    let lines: Vec<Line> = wrap(&text, usize::from(area.width.saturating_sub(2)))
        .into_iter()
        .map(|l| Line::styled(format!(" {l}"), theme.base))
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// A horizontal rule with an optional junction at column `split`.
fn separator(buf: &mut Buffer, theme: &Theme, area: Rect, split: Option<u16>, junction: char) {
    for x in area.left()..area.right() {
        let symbol = if Some(x) == split { junction } else { '─' };
        buf[(x, area.y)]
            .set_char(symbol)
            .set_style(theme.base.patch(theme.dim));
    }
}

/// The header: title on the left, where-you-are on the right, and a second line.
pub(super) fn header(frame: &mut Frame, app: &App, area: Rect, right: &str, second: Line<'_>) {
    let t = &app.theme;
    // The questionnaire title is never cut while it can fit: first the program name goes, then
    // the right-hand part is shortened (its last part, e.g. the section title, is dropped).
    let w = usize::from(area.width);
    let title = app.q.meta.title.trim();
    let full = format!(" dualcheck · {title}");
    let short = format!(" {title}");
    let fits = |left: &str, right: &str| width(left) + width(right) + 2 <= w;
    let short_right = right.split(" · ").next().unwrap_or(right).to_string();
    // A title too long for one line with the rest: the title alone, shortened only when it is
    // wider than the terminal.
    let (left, right) = [
        (&full, right.to_string()),
        (&short, right.to_string()),
        (&short, short_right.clone()),
    ]
    .into_iter()
    .find(|(l, r)| fits(l, r))
    .map_or_else(
        || (clip(&short, w.saturating_sub(1)), String::new()),
        |(l, r)| (l.clone(), r),
    );
    // When the title took the whole first line, the section moves to the end of the second.
    let mut second = second;
    if right.is_empty() {
        let used = second.width();
        if used + width(&short_right) + 2 <= w {
            second
                .spans
                .push(Span::raw(" ".repeat(w - used - width(&short_right) - 1)));
            second.spans.push(Span::styled(short_right.clone(), t.base));
        }
    }
    let pad = w.saturating_sub(width(&left) + width(&right) + 1);
    let first = Line::from(vec![
        Span::styled(left, t.title),
        Span::raw(" ".repeat(pad)),
        Span::styled(right, t.base),
        Span::raw(" "),
    ]);
    frame.render_widget(Paragraph::new(vec![first, second]), area);
}

/// A progress bar of `width` cells followed by a caption.
pub(super) fn progress_line(
    theme: &Theme,
    done: usize,
    total: usize,
    width: usize,
    caption: &str,
) -> Line<'static> {
    let filled = (done * width).checked_div(total).unwrap_or(0).min(width);
    Line::from(vec![
        Span::raw(" "),
        Span::styled("█".repeat(filled), theme.accent),
        Span::styled("░".repeat(width - filled), theme.dim),
        Span::styled(format!("  {caption}"), theme.base),
    ])
}

/// One line of key hints; hints that do not fit are left out from the end.
fn footer_line(frame: &mut Frame, app: &App, area: Rect, hints: &[(&str, &str)]) {
    let t = &app.theme;
    let status = match app.autosave.state() {
        SaveState::Saved if app.saved_once => "✓ saved",
        SaveState::Saved => "",
        SaveState::Failed => "⚠ NOT saved",
        SaveState::Off => "⚠ autosave off",
    };
    let room = usize::from(area.width).saturating_sub(width(status) + 2);
    // Hints that do not fit are dropped from the middle: the first ones (what to do here) and the
    // last ones (help, quit) stay.
    let mut hints: Vec<(&str, &str)> = hints.to_vec();
    let total = |h: &[(&str, &str)]| -> usize {
        1 + h
            .iter()
            .map(|(k, l)| width(k) + 1 + width(l) + 2)
            .sum::<usize>()
            .saturating_sub(2)
    };
    // First the hints a newcomer needs least: the arrows, the help window (F1 and ? are listed in
    // it), then from the middle.
    for drop in ["↑↓", "?", "F1"] {
        if total(&hints) > room {
            hints.retain(|(k, _)| *k != drop);
        }
    }
    while hints.len() > 1 && total(&hints) > room {
        let at = hints
            .len()
            .saturating_sub(3)
            .max(usize::from(hints.len() > 3));
        hints.remove(at.min(hints.len() - 1));
    }
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for (key, label) in &hints {
        let w = width(key) + 1 + width(label);
        if used + w > room {
            break;
        }
        used += w + 2;
        spans.push(Span::styled((*key).to_string(), t.key));
        spans.push(Span::styled(format!(" {label}  "), t.base));
    }
    spans.push(Span::raw(" ".repeat(
        usize::from(area.width).saturating_sub(used + width(status) + 1),
    )));
    let status_style = if app.autosave.is_saved() {
        t.dim
    } else {
        t.error
    };
    spans.push(Span::styled(status.to_string(), status_style));
    frame.render_widget(Line::from(spans), area);
}

/// Heading line used inside panels.
pub(super) fn heading(text: &str, theme: &Theme) -> Line<'static> {
    Line::styled(text.to_string(), theme.title)
}

/// Wrapped text as styled lines with a left margin.
pub(super) fn para(text: &str, width: usize, margin: &str, style: Style) -> Vec<Line<'static>> {
    wrap(text, width.saturating_sub(super::text::width(margin)))
        .into_iter()
        .map(|l| Line::styled(format!("{margin}{l}"), style))
        .collect()
}

/// The scroll offset that keeps rows `start..end` of `total` visible in `height` rows.
pub(super) fn keep_visible(start: usize, end: usize, height: usize, total: usize) -> usize {
    let max = total.saturating_sub(height);
    if end > height {
        (end - height).min(start).min(max)
    } else {
        0
    }
}

/// Marks on the right edge of `area` when text continues above or below the visible part.
pub(super) fn more_marks(
    frame: &mut Frame,
    theme: &Theme,
    area: Rect,
    offset: usize,
    total: usize,
) {
    // The marks sit on the rules just above and below the panel, so they never cover text.
    let height = usize::from(area.height);
    if area.width < 10 || height == 0 {
        return;
    }
    let screen = frame.area();
    let x = area.right() - 8;
    if offset > 0 && area.y > screen.y {
        frame.render_widget(
            Span::styled(" ▲ more ", theme.accent),
            Rect::new(x, area.y - 1, 8, 1),
        );
    }
    if offset + height < total && area.bottom() < screen.bottom() {
        frame.render_widget(
            Span::styled(" ▼ more ", theme.accent),
            Rect::new(x, area.bottom(), 8, 1),
        );
    }
}
