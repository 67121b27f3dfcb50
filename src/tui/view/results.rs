//! The result screen: the verdict in words and a symbol, the findings list, and the detail of the
//! selected finding (because you answered ..., what to do, list area, sources). The last entry,
//! "About this hint", holds the disclaimer and what was not checked.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{heading, keep_visible, more_marks, para, progress_line};
use crate::assess::{Finding, Report};
use crate::tui::app::{App, Focus, Hit};
use crate::tui::text::{clean, wrap_hanging};
use crate::tui::theme::Theme;

/// Draws the result screen; returns the column of the panel split.
pub fn draw(frame: &mut Frame, app: &App, header: Rect, body: Rect) -> Option<u16> {
    let t = &app.theme;
    let report = app.report();
    let p = app.engine.progress();
    let second = progress_line(
        t,
        1,
        1,
        usize::from(header.width / 3).clamp(10, 40),
        &format!("complete · {} answered", p.answered),
    );
    super::header(frame, app, header, "Result", second);

    let areas = areas(app, &report, body);
    frame.render_widget(Paragraph::new(areas.top), areas.top_area);
    for x in areas.sep.left()..areas.sep.right() {
        let ch = if x == areas.detail.x { '┬' } else { '─' };
        frame.buffer_mut()[(x, areas.sep.y)]
            .set_char(ch)
            .set_style(t.base.patch(t.dim));
    }
    draw_list(frame, app, &report, areas.list);
    draw_detail(frame, app, &report, areas.detail);
    Some(areas.detail.x)
}

/// The regions of the result screen for the mouse, the detail's largest scroll offset and the
/// number of entries in the list (the findings and "About this hint").
pub fn hits(app: &App, body: Rect) -> (Vec<(Rect, Hit)>, u16, usize) {
    let report = app.report();
    let areas = areas(app, &report, body);
    let list = list_text(app, &report, areas.list);
    let mut hits = list_hits(&list, areas.list);
    let detail = detail_text(app, &report, areas.detail);
    hits.push((areas.detail, Hit::Detail));
    (hits, detail.max, report.findings.len() + 1)
}

/// Where the parts of the result screen go.
struct Areas {
    /// The hint and what it means, above the list.
    top: Vec<Line<'static>>,
    top_area: Rect,
    /// The rule between the top and the list.
    sep: Rect,
    list: Rect,
    detail: Rect,
}

fn areas(app: &App, report: &Report, body: Rect) -> Areas {
    let t = &app.theme;
    let w = usize::from(body.width).saturating_sub(2);
    let mut top = vec![Line::from(vec![
        Span::styled(" HINT   ", t.title),
        Span::styled(
            format!("{} {}", report.verdict.symbol(), report.verdict.label()),
            t.tier(report.verdict),
        ),
    ])];
    // The stale-data warning comes right under the hint, so no terminal size cuts it off.
    if crate::report::legal_data_is_old(
        &report.questionnaire.legal_data_as_of,
        &report.generated_at,
    ) {
        top.extend(para(
            &format!(
                "⚠ The legal data ({}) is more than 12 months old: the law may have changed.",
                report.questionnaire.legal_data_as_of
            ),
            w,
            " ",
            t.tier(crate::taxonomy::Tier::CheckNeeded),
        ));
    }
    let project = crate::report::project_lines(report);
    if !project.is_empty() {
        let text: Vec<String> = project
            .iter()
            .map(|(label, text)| format!("{label}: {text}"))
            .collect();
        top.extend(para(&clean(&text.join(" · ")), w, " ", t.dim));
    }
    top.extend(para(report.verdict.meaning(), w, " ", t.base));
    if crate::report::legal_data_is_old(
        &report.questionnaire.legal_data_as_of,
        &report.generated_at,
    ) {
        top.extend(para(
            &format!(
                "⚠ The legal data ({}) is more than 12 months old: the law may have changed.",
                report.questionnaire.legal_data_as_of
            ),
            w,
            " ",
            t.tier(crate::taxonomy::Tier::CheckNeeded),
        ));
    }
    for (label, text) in crate::report::glance_lines(report) {
        let style = if label == "Ask" || label == "Authority" {
            t.accent
        } else {
            t.base
        };
        top.extend(para(&clean(&format!("{label}: {text}")), w, " ", style));
    }
    top.extend(para(
        "This is a hint, not a legal decision: see “About this hint” below.",
        w,
        " ",
        t.dim,
    ));
    let top_h = u16::try_from(top.len())
        .unwrap_or(4)
        .min(body.height * 3 / 5);
    let [top_area, sep, rest] = Layout::vertical([
        Constraint::Length(top_h),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(body);
    // The list and the detail share the width in proportion (2 : 3); titles wrap in both.
    let list_w = (body.width * 2 / 5).max(24);
    let [list, detail] =
        Layout::horizontal([Constraint::Length(list_w), Constraint::Min(1)]).areas(rest);
    Areas {
        top,
        top_area,
        sep,
        list,
        detail,
    }
}

/// The findings list: its lines, the lines of each entry (first, end) and the scroll offset that
/// keeps the selected entry visible.
struct ListText {
    lines: Vec<Line<'static>>,
    spans: Vec<(usize, usize)>,
    offset: usize,
}

fn list_text(app: &App, report: &Report, area: Rect) -> ListText {
    let t = &app.theme;
    let w = usize::from(area.width).saturating_sub(4);
    let mut lines = vec![Line::styled(" Findings", t.title)];
    let entries = report.findings.len() + 1;
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for i in 0..entries {
        let (symbol, title, style) = match report.findings.get(i) {
            Some(f) => (f.tier.symbol(), f.title.as_str(), t.tier(f.tier)),
            None => ("i", "About this hint", t.base),
        };
        let selected = i == app.finding_cursor;
        let cursor = if selected { "▸" } else { " " };
        let start = lines.len();
        let wrapped = wrap_hanging("   ", &clean(title), w + 3);
        for (n, l) in wrapped.into_iter().enumerate() {
            let rest = l.get(3..).unwrap_or("").to_string();
            let line = if selected && app.focus == Focus::Main {
                let head = if n == 0 {
                    format!("{cursor}{symbol} ")
                } else {
                    "   ".into()
                };
                Line::styled(format!("{head}{rest:<w$}"), t.cursor)
            } else if n == 0 {
                Line::from(vec![
                    Span::raw(cursor.to_string()),
                    Span::styled(symbol.to_string(), style),
                    Span::styled(format!(" {rest}"), t.base),
                ])
            } else {
                Line::styled(format!("   {rest}"), t.base)
            };
            lines.push(line);
        }
        spans.push((start, lines.len()));
    }
    let height = usize::from(area.height);
    let (sel, sel_end) = spans.get(app.finding_cursor).copied().unwrap_or((1, 2));
    let offset = keep_visible(sel, sel_end, height, lines.len());
    ListText {
        lines,
        spans,
        offset,
    }
}

/// Each visible entry of the list.
fn list_hits(list: &ListText, area: Rect) -> Vec<(Rect, Hit)> {
    let height = usize::from(area.height);
    let offset = list.offset;
    let mut hits = Vec::new();
    for (i, &(line, end)) in list.spans.iter().enumerate() {
        if line >= offset && line - offset < height {
            let y = area.y + u16::try_from(line - offset).unwrap_or(0);
            let n = u16::try_from(end - line)
                .unwrap_or(1)
                .min(area.bottom() - y);
            hits.push((Rect::new(area.x, y, area.width, n), Hit::Finding(i)));
        }
    }
    hits
}

fn draw_list(frame: &mut Frame, app: &App, report: &Report, area: Rect) {
    let list = list_text(app, report, area);
    let scroll = u16::try_from(list.offset).unwrap_or(0);
    frame.render_widget(Paragraph::new(list.lines).scroll((scroll, 0)), area);
}

/// The detail panel: its frame, where its text goes, the text and its largest scroll offset.
struct DetailText {
    block: Block<'static>,
    inner: Rect,
    lines: Vec<Line<'static>>,
    max: u16,
}

fn detail_text(app: &App, report: &Report, area: Rect) -> DetailText {
    let t = &app.theme;
    let border = if app.focus == Focus::Help {
        t.focus
    } else {
        t.dim
    };
    let block = Block::new().borders(Borders::LEFT).border_style(border);
    let inner = block.inner(area);
    let inner = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    let w = usize::from(inner.width);
    let lines = match report.findings.get(app.finding_cursor) {
        Some(f) => finding_lines(f, t, w),
        None => about_lines(app, report, t, w),
    };
    let max = lines.len().saturating_sub(usize::from(inner.height));
    let max = u16::try_from(max).unwrap_or(u16::MAX);
    DetailText {
        block,
        inner,
        lines,
        max,
    }
}

fn draw_detail(frame: &mut Frame, app: &App, report: &Report, area: Rect) {
    let DetailText {
        block,
        inner,
        lines,
        max,
    } = detail_text(app, report, area);
    frame.render_widget(block, area);
    let scroll = app.detail_scroll.min(max);
    let total = lines.len();
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
    more_marks(frame, &app.theme, inner, usize::from(scroll), total);
}

fn bullets(items: impl IntoIterator<Item = String>, t: &Theme, w: usize) -> Vec<Line<'static>> {
    items
        .into_iter()
        .flat_map(|s| wrap_hanging(" · ", &s, w))
        .map(|l| Line::styled(l, t.base))
        .collect()
}

/// The detail of one finding.
pub fn finding_lines(f: &Finding, t: &Theme, w: usize) -> Vec<Line<'static>> {
    // The tier, then the title in full, wrapped (never cut).
    let mut lines = vec![Line::styled(
        format!("{} {}", f.tier.symbol(), f.tier.label()),
        t.tier(f.tier),
    )];
    lines.extend(para(&f.title, w, "", t.title));
    lines.extend(para(&f.rationale, w, "", t.base));
    if !f.triggered_by.is_empty() {
        lines.push(Line::raw(""));
        lines.push(heading("Because you answered", t));
        lines.extend(bullets(
            f.triggered_by
                .iter()
                .map(|tr| format!("{} → {}", clean(&tr.text), clean(&tr.label))),
            t,
            w,
        ));
    }
    if !f.guidance.is_empty() {
        lines.push(Line::raw(""));
        lines.push(heading("What to do", t));
        for (i, g) in f.guidance.iter().enumerate() {
            let prefix = format!(" {}. ", i + 1);
            lines.extend(
                wrap_hanging(&prefix, g, w)
                    .into_iter()
                    .map(|l| Line::styled(l, t.base)),
            );
        }
    }
    if let Some(area) = &f.list_area {
        lines.push(Line::raw(""));
        lines.push(heading("Likely list area", t));
        lines.extend(para(area, w, " ", t.base));
    }
    if !f.references.is_empty() {
        lines.push(Line::raw(""));
        lines.push(heading("Sources", t));
        lines.extend(bullets(
            f.references.iter().map(|r| {
                let mut s = r.title.clone();
                if !r.pinpoint.is_empty() {
                    s.push_str(&format!(", {}", r.pinpoint));
                }
                s.push_str(&format!(" ({}, {})", r.issuer, r.date));
                if let Some(u) = &r.url {
                    s.push_str(&format!(" {u}"));
                }
                s
            }),
            t,
            w,
        ));
    }
    lines
}

fn about_lines(app: &App, report: &Report, t: &Theme, w: usize) -> Vec<Line<'static>> {
    let mut lines = vec![heading("About this hint", t)];
    lines.extend(para(&report.disclaimer, w, "", t.base));
    lines.push(Line::raw(""));
    if report.immaterial_unknowns().next().is_some() {
        lines.push(heading(crate::report::IMMATERIAL_HEADING, t));
        lines.extend(para(crate::report::IMMATERIAL_NOTE, w, "", t.dim));
        lines.extend(bullets(
            report
                .immaterial_unknowns()
                .map(|u| format!("{} ({})", u.text, crate::report::reason_text(u))),
            t,
            w,
        ));
        lines.push(Line::raw(""));
    }
    lines.push(heading("Not checked", t));
    lines.extend(bullets(report.not_checked.iter().cloned(), t, w));
    lines.push(Line::raw(""));
    lines.push(heading("Questionnaire", t));
    lines.extend(para(
        &format!(
            "{} {} (legal data as of {}).",
            report.questionnaire.title,
            report.questionnaire.version,
            report.questionnaire.legal_data_as_of
        ),
        w,
        "",
        t.base,
    ));
    let aside = app.set_aside_count();
    if aside > 0 {
        lines.extend(para(
            &if aside == 1 {
                "1 answer is set aside (no longer on your path) and was not assessed.".to_string()
            } else {
                format!(
                    "{aside} answers are set aside (no longer on your path) and were not assessed."
                )
            },
            w,
            "",
            t.base,
        ));
    }
    lines
}

/// Key hints of the result screen.
pub fn hints(app: &App) -> Vec<(&'static str, &'static str)> {
    if app.focus == Focus::Help {
        return vec![("↑↓", "scroll"), ("Tab", "back to findings"), ("q", "quit")];
    }
    vec![
        ("e", "export"),
        ("↑↓", "findings"),
        ("Tab", "details"),
        ("r", "review"),
        ("←", "back"),
        ("?", "help"),
        ("q", "quit"),
    ]
}
