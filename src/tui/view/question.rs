//! The question screen: the header with the section and progress, the question and its options
//! (or input field, or information note, or section introduction), and the help panel beside or
//! below it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::help::{draw_help, help_lines, text_area};

use super::{heading, keep_visible, more_marks, para, progress_line};
use crate::questionnaire::{Kind, Question, QuestionIx};
use crate::tui::app::{App, Focus, Hit};
use crate::tui::input::{is_not_sure_row, row_count};
use crate::tui::text::{clean, clip, width, wrap_hanging};

/// Draws the question screen; returns the column of the panel split, if any.
pub fn draw(frame: &mut Frame, app: &App, c: QuestionIx, header: Rect, body: Rect) -> Option<u16> {
    let p = app.engine.progress();
    let section = app.q.section_of(c);
    let right = format!(
        "Section {} of {} · {}",
        p.section_number, p.section_count, section.title
    );
    let total = p.answered + p.remaining;
    let bar = usize::from(header.width / 3).clamp(10, 40);
    // Counted on the current path: the questions still open on it. Back on an answered question
    // with nothing open, it says so rather than "about 1 to go".
    let caption = if p.remaining == 0 {
        format!("{} answered · none left to answer", p.answered)
    } else {
        format!("{} answered · {}", p.answered, p.to_go())
    };
    let second = progress_line(&app.theme, p.answered, total, bar, &caption);
    super::header(frame, app, header, &right, second);

    let panels = panels(app, c, body);
    draw_main(frame, app, c, panels.main);
    if let Some(area) = panels.help {
        draw_help(frame, app, panels.help_lines, area, panels.split.is_some());
    }
    panels.split
}

/// Where the question and its help panel go in the body.
pub struct Panels {
    /// The question (empty when the help panel takes its place).
    pub main: Rect,
    /// The help panel, when it is on screen.
    pub help: Option<Rect>,
    /// The column of the split when the help panel is beside the question.
    pub split: Option<u16>,
    /// The text of the help panel.
    pub help_lines: Vec<Line<'static>>,
}

/// Splits the body between the question and its help panel.
pub fn panels(app: &App, c: QuestionIx, body: Rect) -> Panels {
    let help = help_lines(app, c, panel_width(app, body));
    let (main, help_area, split) = if !app.help_panel_shown() && app.focus == Focus::Help {
        // Too small for both: Tab shows the help panel in place of the question, Tab again back.
        (Rect::new(body.x, body.y, body.width, 0), Some(body), None)
    } else if !app.help_panel_shown() {
        (body, None, None)
    } else if app.wide() {
        let [m, h] = Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)])
            .areas(body);
        (m, Some(h), Some(h.x))
    } else {
        let want = u16::try_from(help.len() + 1).unwrap_or(u16::MAX);
        let h = want.clamp(4, body.height * 2 / 5);
        let [m, h] = Layout::vertical([Constraint::Min(1), Constraint::Length(h)]).areas(body);
        (m, Some(h), None)
    };
    Panels {
        main,
        help: help_area,
        split,
        help_lines: help,
    }
}

/// The regions of the question screen for the mouse, and the help panel's largest scroll
/// offset (`None` when the panel is not on screen).
pub fn hits(app: &App, c: QuestionIx, body: Rect) -> (Vec<(Rect, Hit)>, Option<u16>) {
    let panels = panels(app, c, body);
    let main = main_text(app, c, panels.main);
    let mut hits = row_hits(&main, panels.main);
    let help_max = panels.help.map(|area| {
        hits.push((area, Hit::HelpPanel));
        text_area(app, area, panels.split.is_some(), panels.help_lines.len()).1
    });
    (hits, help_max)
}

fn panel_width(app: &App, body: Rect) -> usize {
    if app.wide() {
        usize::from(body.width * 2 / 5).saturating_sub(3)
    } else {
        usize::from(body.width).saturating_sub(3)
    }
}

/// The question panel's text: its lines, the rows (row, first line, line count) and the scroll
/// offset that keeps the cursor row (and any message under it) visible.
struct MainText {
    lines: Vec<Line<'static>>,
    rows: Vec<(usize, usize, usize)>,
    offset: usize,
}

fn main_text(app: &App, c: QuestionIx, area: Rect) -> MainText {
    let t = &app.theme;
    let q = app.question(c);
    let w = usize::from(area.width).saturating_sub(2);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut rows: Vec<(usize, usize, usize)> = Vec::new();
    let mut focus = (0, 0);
    lines.push(Line::raw(""));
    if let Some(s) = app.pending_intro() {
        let section = &app.q.sections[s];
        lines.push(heading(&format!(" {}", clean(&section.title)), t));
        lines.push(Line::raw(""));
        lines.extend(para(section.intro.as_deref().unwrap_or(""), w, " ", t.base));
        lines.push(Line::raw(""));
        lines.push(Line::styled(" Press Enter to begin this section.", t.dim));
    } else {
        for l in para(&q.text, w, " ", t.base.add_modifier(Modifier::BOLD)) {
            lines.push(l);
        }
        lines.push(Line::raw(""));
        match q.kind {
            Kind::Info => lines.push(Line::styled(" Press Enter to continue.", t.dim)),
            Kind::Number | Kind::Text => field(app, q, w, &mut lines, &mut rows),
            _ => options(app, q, w, &mut lines, &mut rows),
        }
        if let Some((_, start, n)) = rows.iter().find(|(r, _, _)| *r == app.input.cursor) {
            focus = (*start, start + n);
        }
        if let Some(n) = &app.input.note {
            lines.push(Line::raw(""));
            let start = lines.len();
            for l in wrap_hanging(" ℹ ", n, w) {
                lines.push(Line::styled(l, t.dim));
            }
            focus.1 = lines.len();
            focus.0 = focus.0.min(start);
        }
        if let Some(e) = &app.input.error {
            lines.push(Line::raw(""));
            let start = lines.len();
            for l in wrap_hanging(" ⚠ ", e, w) {
                lines.push(Line::styled(l, t.error));
            }
            focus.1 = lines.len();
            focus.0 = focus.0.min(start);
        }
    }
    let height = usize::from(area.height);
    let offset = keep_visible(focus.0, focus.1, height, lines.len());
    MainText {
        lines,
        rows,
        offset,
    }
}

/// The question panel, then each visible row.
fn row_hits(main: &MainText, area: Rect) -> Vec<(Rect, Hit)> {
    let height = usize::from(area.height);
    let offset = main.offset;
    let mut hits = vec![(area, Hit::MainPanel)];
    for &(row, start, n) in &main.rows {
        if start < offset || start - offset >= height {
            continue;
        }
        let y = area.y + u16::try_from(start - offset).unwrap_or(0);
        let h = u16::try_from(n).unwrap_or(1).min(area.bottom() - y);
        hits.push((Rect::new(area.x, y, area.width, h), Hit::Row(row)));
    }
    hits
}

fn draw_main(frame: &mut Frame, app: &App, c: QuestionIx, area: Rect) {
    let w = usize::from(area.width).saturating_sub(2);
    let MainText {
        lines,
        rows,
        offset,
    } = main_text(app, c, area);
    let height = usize::from(area.height);
    if app.is_editing() {
        let field_line = rows.first().map_or(0, |r| r.1);
        if field_line >= offset && field_line - offset < height {
            let y = area.y + u16::try_from(field_line - offset).unwrap_or(0);
            let x = area.x + u16::try_from(caret_column(app, w)).unwrap_or(0);
            frame.set_cursor_position(Position::new(x.min(area.right() - 1), y));
        }
    }
    let scroll = u16::try_from(offset).unwrap_or(0);
    let total = lines.len();
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), area);
    more_marks(frame, &app.theme, area, offset, total);
}

fn options(
    app: &App,
    q: &Question,
    w: usize,
    lines: &mut Vec<Line<'static>>,
    rows: &mut Vec<(usize, usize, usize)>,
) {
    let t = &app.theme;
    let digits = row_count(q).to_string().len();
    for row in 0..row_count(q) {
        let is_cursor = row == app.input.cursor && app.focus == Focus::Main;
        let label = if is_not_sure_row(q, row) {
            "Not sure".to_string()
        } else {
            q.options[row].label.clone()
        };
        let marker = match q.kind {
            Kind::Multiple => {
                let on = if is_not_sure_row(q, row) {
                    app.input.not_sure
                } else {
                    app.input.checked.get(row).copied().unwrap_or(false)
                };
                if on { "[x]" } else { "[ ]" }
            }
            _ if app.input.chosen == Some(row) => "(•)",
            _ => "( )",
        };
        // The key number, then two spaces, so it never runs into a label that starts with a
        // digit ("1  9 Hz or less"); right-aligned when there are ten or more rows.
        let number = if app.number_keys {
            format!("{:>digits$}  ", row + 1)
        } else {
            String::new()
        };
        let prefix = format!(" {} {marker} {number}", if is_cursor { "▸" } else { " " });
        let start = lines.len();
        for l in wrap_hanging(&prefix, &label, w) {
            let style = if is_cursor { t.cursor } else { t.base };
            let pad = w.saturating_sub(width(&l));
            let text = if is_cursor {
                format!("{l}{}", " ".repeat(pad))
            } else {
                l
            };
            lines.push(Line::styled(text, style));
        }
        rows.push((row, start, lines.len() - start));
    }
}

fn field_width(q: &Question, w: usize) -> usize {
    match q.kind {
        Kind::Number => 16.min(w.saturating_sub(6)),
        _ => w.saturating_sub(6).max(8),
    }
}

fn visible_start(app: &App, fw: usize) -> usize {
    app.input.caret.saturating_sub(fw.saturating_sub(1))
}

fn caret_column(app: &App, w: usize) -> usize {
    let Some(c) = app.current() else { return 0 };
    let fw = field_width(app.question(c), w);
    let start = visible_start(app, fw);
    let before: String = app
        .input
        .text
        .chars()
        .skip(start)
        .take(app.input.caret - start)
        .collect();
    4 + width(&before)
}

fn field(
    app: &App,
    q: &Question,
    w: usize,
    lines: &mut Vec<Line<'static>>,
    rows: &mut Vec<(usize, usize, usize)>,
) {
    let t = &app.theme;
    let fw = field_width(q, w);
    let start = visible_start(app, fw);
    let shown: String = app.input.text.chars().skip(start).take(fw).collect();
    let pad = fw.saturating_sub(width(&shown));
    let on_field = app.input.cursor == 0 && app.focus == Focus::Main;
    let marker = if on_field { " ▸ " } else { "   " };
    let field_style = if on_field {
        t.accent.add_modifier(Modifier::UNDERLINED)
    } else {
        t.base.add_modifier(Modifier::UNDERLINED)
    };
    let mut spans = vec![
        Span::styled(marker, t.base),
        Span::styled("[", t.dim),
        Span::styled(format!("{}{}", clean(&shown), " ".repeat(pad)), field_style),
        Span::styled("]", t.dim),
    ];
    if let Some(unit) = &q.unit {
        spans.push(Span::styled(format!(" {}", clip(unit, 20)), t.base));
    }
    rows.push((0, lines.len(), 1));
    lines.push(Line::from(spans));
    let note = match q.kind {
        Kind::Number => format!("{}.", upper_first(&q.number_range())),
        _ => format!(
            "Up to {} characters ({} typed).",
            q.max_length,
            app.input.text.chars().count()
        ),
    };
    lines.push(Line::styled(format!("     {note}"), t.dim));
    if q.not_sure && q.kind == Kind::Number {
        let is_cursor = app.input.cursor == 1 && app.focus == Focus::Main;
        let mark = if app.input.not_sure { "(•)" } else { "( )" };
        let text = format!(" {} {mark} Not sure", if is_cursor { "▸" } else { " " });
        rows.push((1, lines.len(), 1));
        let style = if is_cursor { t.cursor } else { t.base };
        lines.push(Line::styled(
            format!("{text}{}", " ".repeat(w.saturating_sub(width(&text)))),
            style,
        ));
    }
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Key hints that match what the keys do on this screen.
pub fn hints(app: &App) -> Vec<(&'static str, &'static str)> {
    let Some(c) = app.current() else {
        return Vec::new();
    };
    let q = app.question(c);
    if app.focus == Focus::Help {
        return vec![
            ("↑↓", "scroll"),
            ("Tab", "back to question"),
            ("?", "keys"),
            ("q", "quit"),
        ];
    }
    if app.pending_intro().is_some() {
        return vec![
            ("Enter", "begin"),
            ("←", "back"),
            ("r", "review"),
            ("?", "help"),
            ("q", "quit"),
        ];
    }
    if app.is_editing() {
        return vec![
            ("Enter", "next"),
            ("← at start", "back"),
            ("Tab", "help panel"),
            ("F1", "keys"),
            ("Esc", "quit"),
        ];
    }
    match q.kind {
        Kind::Info => vec![
            ("Enter", "continue"),
            ("←", "back"),
            ("r", "review"),
            ("?", "help"),
            ("q", "quit"),
        ],
        Kind::Multiple => vec![
            ("↑↓", "move"),
            ("Space", "tick"),
            ("Enter", "next"),
            ("←", "back"),
            ("r", "review"),
            ("?", "help"),
            ("q", "quit"),
        ],
        _ => vec![
            ("↑↓", "move"),
            ("Space", "choose"),
            ("Enter", "next"),
            ("←", "back"),
            ("r", "review"),
            ("?", "help"),
            ("q", "quit"),
        ],
    }
}
