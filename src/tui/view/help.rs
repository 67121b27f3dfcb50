//! The help panel of a question: why we ask, examples, the option under the cursor, glossary
//! terms; or, before a section, the sections on the path. Beside the question when wide, below
//! it when narrow, and inside the help window when the terminal is too small for either.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{heading, more_marks, para};
use crate::questionnaire::QuestionIx;
use crate::tui::app::{App, Focus};
use crate::tui::text::{clean, clip, wrap_hanging};

/// The help panel: why we ask, examples, the option under the cursor, glossary terms.
pub fn help_lines(app: &App, c: QuestionIx, w: usize) -> Vec<Line<'static>> {
    let t = &app.theme;
    let q = app.question(c);
    let mut lines = Vec::new();
    if let Some(s) = app.pending_intro() {
        lines.push(heading("Sections on your path", t));
        for (section, done, total) in app.engine.progress().sections {
            let mark = if section == s {
                "▸"
            } else if done == total {
                "✓"
            } else {
                " "
            };
            let text = format!(
                "{} ({done} of {total})",
                clean(&app.q.sections[section].title)
            );
            lines.extend(
                wrap_hanging(&format!(" {mark} "), &text, w)
                    .into_iter()
                    .map(|l| Line::styled(l, t.base)),
            );
        }
        return lines;
    }
    if let Some(help) = &q.help {
        lines.push(heading("Why we ask", t));
        lines.extend(para(help, w, "", t.base));
    }
    if !q.examples.is_empty() {
        lines.push(Line::raw(""));
        lines.push(heading("Examples", t));
        for e in &q.examples {
            lines.extend(
                wrap_hanging(" · ", e, w)
                    .into_iter()
                    .map(|l| Line::styled(l, t.base)),
            );
        }
    }
    if let Some(o) = q.options.get(app.input.cursor)
        && let Some(h) = &o.help
        && q.kind.is_choice()
    {
        lines.push(Line::raw(""));
        lines.push(heading(&clip(&format!("About “{}”", o.label), w), t));
        lines.extend(para(h, w, "", t.base));
    }
    if !q.terms.is_empty() {
        lines.push(Line::raw(""));
        lines.push(heading("Terms", t));
        for term in q.terms.iter().filter_map(|&i| app.q.terms.get(i)) {
            let text = format!("{}: {}", clean(&term.term), clean(&term.definition));
            lines.extend(
                wrap_hanging(" · ", &text, w)
                    .into_iter()
                    .map(|l| Line::styled(l, t.base)),
            );
        }
    }
    if lines.is_empty() {
        lines.push(Line::styled("No extra help for this question.", t.dim));
    }
    lines
}

/// The help panel's frame: a rule on the left beside the question, a titled rule above it below.
fn block(app: &App, beside: bool) -> Block<'static> {
    let t = &app.theme;
    let focused = app.focus == Focus::Help;
    let border = if focused { t.focus } else { t.dim };
    if beside {
        Block::new().borders(Borders::LEFT).border_style(border)
    } else {
        let title = if focused {
            " Help · ↑↓ scroll · Tab back "
        } else {
            " Help · Tab to scroll "
        };
        Block::new()
            .borders(Borders::TOP)
            .border_style(border)
            .title(Span::styled(title, border))
    }
}

/// Where the text of the help panel in `area` goes, and its largest useful scroll offset for
/// `total` lines.
pub fn text_area(app: &App, area: Rect, beside: bool, total: usize) -> (Rect, u16) {
    let inner = block(app, beside).inner(area);
    let inner = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(1),
        ..inner
    };
    let max = total.saturating_sub(usize::from(inner.height));
    (inner, u16::try_from(max).unwrap_or(u16::MAX))
}

pub fn draw_help(
    frame: &mut Frame,
    app: &App,
    lines: Vec<Line<'static>>,
    area: Rect,
    beside: bool,
) {
    let t = &app.theme;
    let total = lines.len();
    let (inner, max) = text_area(app, area, beside, total);
    frame.render_widget(block(app, beside), area);
    let scroll = app.help_scroll.min(max);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
    more_marks(frame, t, inner, usize::from(scroll), total);
}
