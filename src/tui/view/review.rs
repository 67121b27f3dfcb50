//! The review screen: every question on the path by section with its answer, the answers set
//! aside, and what is still to answer. Enter on a row opens that question.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{keep_visible, progress_line};
use crate::questionnaire::QuestionIx;
use crate::tui::app::{App, Hit};
use crate::tui::review::{self, RowKind};
use crate::tui::text::{clean, clip, width, wrap_hanging};

/// Draws the review screen.
pub fn draw(frame: &mut Frame, app: &App, header: Rect, body: Rect) {
    let t = &app.theme;
    let p = app.engine.progress();
    let rows = review::rows(app);
    let selectable = review::selectable(&rows);
    let missing = review::missing(app);
    let aside = app.set_aside_count();
    let mut caption = format!(
        "{} answered · {} still to answer",
        p.answered,
        missing.len()
    );
    if aside > 0 {
        caption.push_str(&format!(" · {aside} set aside"));
    }
    let second = progress_line(
        t,
        p.answered,
        p.answered + p.remaining,
        usize::from(header.width / 3).clamp(10, 40),
        &caption,
    );
    super::header(frame, app, header, "Review your answers", second);

    let text = body_text(app, &rows, &selectable, &missing, body);
    let scroll = u16::try_from(text.offset).unwrap_or(0);
    frame.render_widget(Paragraph::new(text.lines).scroll((scroll, 0)), body);
}

/// The review's regions for the mouse (one per visible answer) and the number of answers that
/// can be selected.
pub fn hits(app: &App, body: Rect) -> (Vec<(Rect, Hit)>, usize) {
    let rows = review::rows(app);
    let selectable = review::selectable(&rows);
    let missing = review::missing(app);
    let text = body_text(app, &rows, &selectable, &missing, body);
    (text.hits, selectable.len())
}

/// The review's lines, the regions of its visible answers and the scroll offset that keeps the
/// selected one visible.
struct BodyText {
    lines: Vec<Line<'static>>,
    hits: Vec<(Rect, Hit)>,
    offset: usize,
}

fn body_text(
    app: &App,
    rows: &[review::Row],
    selectable: &[usize],
    missing: &[QuestionIx],
    body: Rect,
) -> BodyText {
    let t = &app.theme;
    let w = usize::from(body.width).saturating_sub(1);
    let qw = (w * 3 / 5).max(20);
    let aw = w.saturating_sub(qw + 5);
    let mut lines: Vec<Line<'static>> = Vec::new();
    if !missing.is_empty() {
        let first = app.question(missing[0]);
        lines.push(Line::styled(
            clip(
                &format!(
                    " Still to answer: {} required {}; next: {}",
                    missing.len(),
                    if missing.len() == 1 {
                        "question"
                    } else {
                        "questions"
                    },
                    first.text
                ),
                w,
            ),
            t.accent,
        ));
    }
    let selected_row = selectable.get(app.review_cursor).copied();
    let mut row_lines = Vec::new();
    let mut expanded = (0, 0);
    for (i, row) in rows.iter().enumerate() {
        let is_cursor = Some(i) == selected_row;
        let cursor = if is_cursor { "▸" } else { " " };
        let line = match &row.kind {
            RowKind::Section(s) => Line::styled(
                format!(" {}", clip(&app.q.sections[*s].title, w - 1)),
                t.title,
            ),
            RowKind::SetAsideHeading => Line::styled(
                clip(
                    " Set aside: no longer on your path, not assessed (kept in case you change back)",
                    w,
                ),
                t.title,
            ),
            RowKind::OnPath(q) | RowKind::SetAside(q) => {
                let question = app.question(*q);
                let (mark, answer) = match app.engine.answer_of(*q) {
                    Some(a) => (
                        if matches!(row.kind, RowKind::SetAside(_)) {
                            "–"
                        } else {
                            "✓"
                        },
                        a.label(question),
                    ),
                    None if !question.is_answerable() => (
                        if app.engine.seen_notes().contains(q) {
                            "✓"
                        } else {
                            "·"
                        },
                        "(note)".to_string(),
                    ),
                    None => ("·", "not answered yet".to_string()),
                };
                if is_cursor {
                    // The selected row expands: the question and the answer in full, wrapped.
                    row_lines.push((i, lines.len()));
                    let first = lines.len();
                    for l in wrap_hanging(&format!("{cursor} {mark} "), &clean(&question.text), w) {
                        lines.push(Line::styled(format!("{l:<w$}"), t.cursor));
                    }
                    for l in wrap_hanging("     → ", &clean(&answer), w) {
                        lines.push(Line::styled(format!("{l:<w$}"), t.cursor));
                    }
                    expanded = (first, lines.len());
                    continue;
                }
                let text = clip(&question.text, qw);
                let pad = qw.saturating_sub(width(&text));
                let body = format!(
                    "{cursor} {mark} {text}{}  {}",
                    " ".repeat(pad),
                    clip(&clean(&answer), aw)
                );
                Line::from(vec![Span::styled(body, t.base)])
            }
        };
        row_lines.push((i, lines.len()));
        lines.push(line);
    }
    let height = usize::from(body.height);
    let cursor_line = selected_row
        .and_then(|r| row_lines.iter().find(|(i, _)| *i == r))
        .map_or(0, |(_, l)| *l);
    let end = if expanded.0 == cursor_line && expanded.1 > cursor_line {
        expanded.1
    } else {
        cursor_line + 1
    };
    let offset = keep_visible(cursor_line, end, height, lines.len());
    let mut hits = Vec::new();
    for (sel, &row) in selectable.iter().enumerate() {
        let Some(&(_, line)) = row_lines.iter().find(|(i, _)| *i == row) else {
            continue;
        };
        if line >= offset && line - offset < height {
            let y = body.y + u16::try_from(line - offset).unwrap_or(0);
            let n = if line == expanded.0 {
                expanded.1 - expanded.0
            } else {
                1
            };
            let n = u16::try_from(n).unwrap_or(1).min(body.bottom() - y);
            hits.push((Rect::new(body.x, y, body.width, n), Hit::ReviewRow(sel)));
        }
    }
    BodyText {
        lines,
        hits,
        offset,
    }
}

/// Key hints of the review screen.
pub fn hints() -> Vec<(&'static str, &'static str)> {
    vec![
        ("↑↓", "move"),
        ("Enter", "change this answer"),
        ("Esc", "back"),
        ("?", "help"),
        ("q", "quit"),
    ]
}
