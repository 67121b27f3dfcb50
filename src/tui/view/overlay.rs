//! Windows over the screen: every key binding (with the number-key toggle and the privacy note),
//! the quit confirmation that says what happens to the answers, the report export and notices.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use super::para;
use crate::report::Format;
use crate::tui::app::{App, Overlay, Screen};
use crate::tui::text::{clip, width};
use crate::tui::theme::Theme;

/// Every key binding, for the help window: (keys, what they do).
pub const KEYS: [(&str, &str); 14] = [
    ("↑ ↓  j k", "move between options, findings or answers"),
    ("Space", "choose an option; tick or untick one"),
    ("Enter", "confirm and go on"),
    ("← Backspace", "go back (your answers are kept)"),
    ("Tab", "move to the help panel or details, and back"),
    ("PgUp PgDn", "scroll long text"),
    ("r", "review every answer and change any of them"),
    ("e", "export the report (on the result)"),
    ("? F1", "this help"),
    ("Esc", "close a window, or ask to quit"),
    ("q", "quit (asks first)"),
    ("Ctrl-C", "stop at once; the session is saved"),
    ("1-9", "choose option 1-9"),
    ("Mouse", "click an option, scroll long text"),
];

/// The open window: its title, its text, where it goes and the largest useful scroll offset.
struct Window {
    title: String,
    lines: Vec<Line<'static>>,
    rect: Rect,
    inner: Rect,
    max: u16,
}

fn window(app: &App, area: Rect) -> Option<Window> {
    let overlay = app.overlay.as_ref()?;
    let t = &app.theme;
    // Text is wrapped to what the window can show on this terminal, never cut by its border.
    let room = |most: usize| usize::from(area.width).saturating_sub(8).clamp(20, most);
    let (title, lines) = match overlay {
        Overlay::Help => ("Help", help_lines(app, usize::from(area.width).min(78) - 4)),
        Overlay::Quit => ("Quit dualcheck?", quit_lines(app, room(56))),
        Overlay::Export => ("Export the report", export_lines(app, room(60))),
        Overlay::Project => ("Which project is this for?", project_lines(app, room(60))),
        Overlay::Notice(text) => {
            let mut l = para(text, room(56), "", t.base);
            l.push(Line::raw(""));
            l.push(Line::styled("Enter continue", t.dim));
            ("Note", l)
        }
    };
    let inner_w = lines
        .iter()
        .map(Line::width)
        .max()
        .unwrap_or(20)
        .max(width(title) + 4);
    let w = u16::try_from(inner_w + 4)
        .unwrap_or(u16::MAX)
        .min(area.width - 2);
    let h = u16::try_from(lines.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height - 2);
    let [row] = Layout::vertical([Constraint::Length(h)])
        .flex(Flex::Center)
        .areas(area);
    let [rect] = Layout::horizontal([Constraint::Length(w)])
        .flex(Flex::Center)
        .areas(row);
    let overflows = lines.len() + 2 > usize::from(h);
    let title = if overflows {
        format!(" {title} · ↑↓ scroll · Esc close ")
    } else {
        format!(" {title} ")
    };
    let inner = block(app, title.clone()).inner(rect);
    let inner = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    let max = lines.len().saturating_sub(usize::from(inner.height));
    let max = u16::try_from(max).unwrap_or(u16::MAX);
    Some(Window {
        title,
        lines,
        rect,
        inner,
        max,
    })
}

fn block(app: &App, title: String) -> Block<'static> {
    let t = &app.theme;
    Block::bordered()
        .border_type(BorderType::Double)
        .border_style(t.focus)
        .style(t.base)
        .title(Span::styled(title, t.title))
}

/// The largest useful scroll offset of the open window, `None` when no window is open.
pub fn scroll_max(app: &App, area: Rect) -> Option<u16> {
    window(app, area).map(|w| w.max)
}

/// Draws the open overlay, if any.
pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let Some(Window {
        title,
        lines,
        rect,
        inner,
        max,
    }) = window(app, area)
    else {
        return;
    };
    let scroll = if matches!(app.overlay, Some(Overlay::Help)) {
        app.overlay_scroll.min(max)
    } else {
        0
    };
    frame.render_widget(Clear, rect);
    frame.render_widget(block(app, title), rect);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

fn help_lines(app: &App, w: usize) -> Vec<Line<'static>> {
    let t = &app.theme;
    let mut lines = Vec::new();
    // When the window is too small for the help panel, its content comes first here.
    if !app.help_panel_shown()
        && app.screen == Screen::Wizard
        && let Some(c) = app.current()
    {
        lines.extend(super::help::help_lines(app, c, w));
        lines.push(Line::raw(""));
        lines.push(Line::styled("Keys", t.title));
    }
    for (keys, what) in KEYS {
        let what = if keys == "1-9" {
            format!(
                "{what} (now {}; press n to turn {})",
                if app.number_keys { "on" } else { "off" },
                if app.number_keys { "off" } else { "on" }
            )
        } else {
            what.to_string()
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{keys:<13}"), t.key),
            Span::styled(clip(&what, w.saturating_sub(13)), t.base),
        ]));
    }
    lines.push(Line::raw(""));
    lines.extend(para(
        "In a text or number field letters are typed: use F1 for help, Esc to quit, and ← at \
         the start of the field (or Backspace on an empty field) to go back.",
        w,
        "",
        t.base,
    ));
    lines.push(Line::raw(""));
    let saved = if app.autosave.is_saved() {
        format!(
            "Nothing leaves this machine: dualcheck uses no network. Your answers are saved only \
             on this computer (session {}).",
            app.autosave.session_id()
        )
    } else if app.autosave.is_on() {
        "Nothing leaves this machine: dualcheck uses no network. The last save failed: your \
         latest answers are only in memory."
            .to_string()
    } else {
        "Nothing leaves this machine: dualcheck uses no network. Autosave is off for \
                  this run."
            .to_string()
    };
    lines.extend(para(&saved, w, "", t.dim));
    lines.push(Line::styled("Esc close", t.dim));
    lines
}

fn quit_lines(app: &App, w: usize) -> Vec<Line<'static>> {
    let t = &app.theme;
    let mut lines = Vec::new();
    if app.autosave.is_saved() {
        let id = app.autosave.session_id();
        lines.extend(para(
            &format!("Your answers are saved as session {id}."),
            w,
            "",
            t.base,
        ));
        lines.extend(para("To continue later, run:", w, "", t.base));
        lines.extend(para(&app.resume, w, "  ", t.accent));
    } else {
        let why = app
            .autosave
            .warning
            .clone()
            .unwrap_or_else(|| "Autosave is off.".into());
        lines.extend(para(&format!("⚠ {why}"), w, "", t.error));
        lines.extend(para(
            if app.autosave.is_on() {
                "Your latest answers are NOT saved and will be lost when you quit (one more save \
                 is tried as you quit). Export the report first (e on the result)."
            } else {
                "Your answers will be lost when you quit. Export the report first (e on the result)."
            },
            w,
            "",
            t.base,
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::styled("y", t.key),
        Span::styled(" or Enter quit   ", t.base),
        Span::styled("n", t.key),
        Span::styled(" or Esc stay", t.base),
    ]));
    lines
}

fn export_lines(app: &App, w: usize) -> Vec<Line<'static>> {
    let t: &Theme = &app.theme;
    let e = &app.export;
    let radio =
        |f: Format, name: &str| format!("{} {name}", if e.format == f { "(•)" } else { "( )" });
    let mut lines = vec![
        Line::from(vec![
            Span::styled("Format  ", t.base),
            Span::styled(radio(Format::Markdown, "Markdown"), t.base),
            Span::raw("  "),
            Span::styled(radio(Format::Html, "HTML"), t.base),
            Span::raw("  "),
            Span::styled(radio(Format::Json, "JSON"), t.base),
            Span::raw("  "),
            Span::styled(radio(Format::Text, "Text"), t.base),
        ]),
        Line::styled("Tab switches the format", t.dim),
        Line::raw(""),
        Line::styled("File (type to change it):", t.base),
        Line::styled(field(&e.path, e.caret, w.saturating_sub(1)), t.accent),
    ];
    if let Some(target) = e.target() {
        // The absolute target in full (paths have few spaces).
        let text = crate::tui::text::clean(&format!("Saves to {}", target.display()));
        for chunk in path_lines(&text, w.max(8)) {
            lines.push(Line::styled(chunk, t.dim));
        }
    }
    lines.push(Line::raw(""));
    if e.overwrite_asked && e.outcome.is_none() {
        lines.extend(para(
            "⚠ This file already exists. Press Enter again to replace it, or change the name.",
            w,
            "",
            t.error,
        ));
        lines.push(Line::styled("Enter replace   Esc cancel", t.dim));
        return lines;
    }
    match &e.outcome {
        Some(Ok(path)) => {
            lines.extend(para(&format!("✓ Saved to {path}"), w, "", t.ok));
            lines.push(Line::styled("Enter close", t.dim));
        }
        Some(Err(err)) => {
            lines.extend(para(&format!("⚠ {err}"), w, "", t.error));
            lines.push(Line::styled("Enter try again   Esc cancel", t.dim));
        }
        None => lines.push(Line::styled("Enter save   Esc cancel", t.dim)),
    }
    lines
}

fn project_lines(app: &App, w: usize) -> Vec<Line<'static>> {
    let t: &Theme = &app.theme;
    let f = &app.project_form;
    let mut lines = para(
        "Optional. The title and reference are printed at the top of the report, so that whoever \
         reads it knows whose project it is.",
        w,
        "",
        t.base,
    );
    let fields = [
        ("Project title (optional)", &f.title, false),
        (
            "Project reference, e.g. a file or case number (optional)",
            &f.reference,
            true,
        ),
    ];
    for (label, text, on_reference) in fields {
        lines.push(Line::raw(""));
        let active = f.on_reference == on_reference;
        lines.extend(para(label, w, "", if active { t.title } else { t.base }));
        if active {
            lines.push(Line::styled(
                field(text, f.caret, w.saturating_sub(1)),
                t.accent,
            ));
        } else if text.is_empty() {
            lines.push(Line::raw(""));
        } else {
            // The other field wraps: nothing typed is hidden.
            lines.extend(para(&crate::tui::text::clean(text), w, "", t.base));
        }
    }
    lines.push(Line::raw(""));
    if let Some(e) = &f.error {
        lines.extend(para(&format!("⚠ {e}"), w, "", t.error));
    }
    lines.push(Line::styled(
        if f.on_reference {
            "Enter start   Tab title   Esc skip"
        } else {
            "Enter next   Tab reference   Esc skip"
        },
        t.dim,
    ));
    lines
}

/// The typed path with the caret, scrolled so that the caret stays visible in `w` cells.
/// Breaks a path into lines of at most `w` characters, after a separator where one is in the
/// last two thirds of the line, anywhere otherwise.
fn path_lines(text: &str, w: usize) -> Vec<String> {
    let mut rest: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    while rest.len() > w {
        let cut = rest[..w]
            .iter()
            .rposition(|&c| c == '/' || c == std::path::MAIN_SEPARATOR || c == ' ')
            .filter(|&i| i + 1 >= w / 3)
            .map_or(w, |i| i + 1);
        out.push(rest.drain(..cut).collect());
    }
    out.push(rest.into_iter().collect());
    out
}

fn field(text: &str, caret: usize, w: usize) -> String {
    let chars: Vec<char> = crate::tui::text::clean(text).chars().collect();
    let caret = caret.min(chars.len());
    let before: String = chars[..caret].iter().collect();
    let after: String = chars[caret..].iter().collect();
    let room = w.saturating_sub(1);
    let before = tail(
        &before,
        room.min(room.saturating_sub(width(&after).min(room / 2))),
    );
    let mut out = format!("{before}▏");
    for c in after.chars() {
        if width(&out) + width(&c.to_string()) > w {
            break;
        }
        out.push(c);
    }
    out
}

/// The end of `text` that fits in `w` cells (the part being typed stays visible).
fn tail(text: &str, w: usize) -> String {
    let clean = crate::tui::text::clean(text);
    let chars: Vec<char> = clean.chars().collect();
    let mut start = chars.len();
    let mut used = 0;
    while start > 0 {
        let cw = width(&chars[start - 1].to_string());
        if used + cw > w {
            break;
        }
        used += cw;
        start -= 1;
    }
    let s: String = chars[start..].iter().collect();
    if start > 0 {
        format!("…{}", s.chars().skip(1).collect::<String>())
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::path_lines;

    #[test]
    fn paths_break_after_a_separator_near_the_end() {
        let lines = path_lines("Saves to /home/ada/reports/dualcheck-report.md", 30);
        assert_eq!(
            lines,
            ["Saves to /home/ada/reports/", "dualcheck-report.md"]
        );
        // No separator in the last two thirds: broken at the width.
        let lines = path_lines("/a/bcdefghijklmnopqrstuvwxyz0123456789", 20);
        assert_eq!(lines, ["/a/bcdefghijklmnopqr", "stuvwxyz0123456789"]);
        assert!(path_lines("", 10) == [""]);
        for l in path_lines(&"x/".repeat(100), 9) {
            assert!(l.chars().count() <= 9);
        }
    }
}
