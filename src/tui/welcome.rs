//! The welcome screen: start a questionnaire or continue an unfinished session, with one line on
//! privacy and where help is. Pure state and update (its actions come from
//! [`super::action::welcome_action`]), plus its view.

use ratatui::Frame;
use ratatui::layout::{Position, Rect, Size};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::action::WelcomeAction;
use super::text::clip;
use super::theme::Theme;
use super::view::{keep_visible, more_marks, para, screen_areas, split};
use crate::exit;
use crate::session::SessionSummary;

/// One choice on the welcome screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// Start a new run: the questionnaire spec (id or path), title, description.
    Start {
        spec: String,
        title: String,
        description: String,
    },
    /// Continue a saved session.
    Resume(SessionSummary),
    /// Open a workshop persona: its story first, then the answers filled in.
    Example {
        id: String,
        title: String,
        description: String,
    },
}

/// What the welcome screen decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    Item(Item),
    /// Leave with this exit code.
    Quit(u8),
}

/// The welcome screen's state.
#[derive(Debug, Clone)]
pub struct Welcome {
    pub items: Vec<Item>,
    pub cursor: usize,
    /// A problem with the last choice (e.g. a session whose questionnaire is not installed).
    pub error: Option<String>,
    pub show_help: bool,
    pub theme: Theme,
}

impl Welcome {
    pub fn new(items: Vec<Item>, theme: Theme) -> Self {
        Self {
            items,
            cursor: 0,
            error: None,
            show_help: false,
            theme,
        }
    }

    /// Carries out one action; returns the choice once made.
    pub fn update(&mut self, action: WelcomeAction) -> Option<Choice> {
        match action {
            WelcomeAction::Interrupt => return Some(Choice::Quit(exit::INTERRUPTED)),
            WelcomeAction::CloseHelp => self.show_help = false,
            WelcomeAction::Select(i) => self.cursor = i,
            WelcomeAction::Choose => return self.items.get(self.cursor).cloned().map(Choice::Item),
            WelcomeAction::OpenHelp => self.show_help = true,
            WelcomeAction::Quit => return Some(Choice::Quit(exit::SUCCESS)),
            WelcomeAction::Nothing => {}
        }
        None
    }

    /// The item rows on a terminal of `size`, for the mouse.
    pub fn hits(&self, size: Size) -> Vec<(Rect, usize)> {
        let area = Rect::from((Position::ORIGIN, size));
        split(area).map_or_else(Vec::new, |[_, _, body, _, _]| {
            self.body_text(area, body).hits
        })
    }

    /// The body's lines, the regions of the visible items and the scroll offset that keeps the
    /// selected item visible.
    fn body_text(&self, area: Rect, body: Rect) -> WelcomeText {
        let t = &self.theme;
        let w = usize::from(area.width).saturating_sub(2);
        let mut lines = vec![Line::raw("")];
        lines.extend(para(
            "Welcome. dualcheck asks about your technology, funding, partners and destinations, \
             then gives a hint (never a verdict) and the next steps to take to your \
             export-control officer. You can go back and change any answer.",
            w,
            " ",
            t.base,
        ));
        lines.push(Line::raw(""));
        let mut rows = Vec::new();
        let starts: Vec<usize> = (0..self.items.len())
            .filter(|&i| matches!(self.items[i], Item::Start { .. }))
            .collect();
        if starts.is_empty() {
            lines.push(Line::styled(" Start a new check", t.title));
            lines.extend(para(
                "No questionnaire is installed in this build. Start one from a folder with: \
                 dualcheck --questionnaire PATH",
                w,
                "   ",
                t.base,
            ));
        }
        let mut heading = None;
        for (i, item) in self.items.iter().enumerate() {
            let this = match item {
                Item::Start { .. } => " Start a new check",
                Item::Resume(_) => " Continue where you left off",
                Item::Example { .. } => " Workshop examples (a persona’s story, answers filled in)",
            };
            if heading != Some(this) {
                if heading.is_some() {
                    lines.push(Line::raw(""));
                }
                heading = Some(this);
                lines.push(Line::styled(this, t.title));
            }
            let selected = i == self.cursor;
            let (main, sub) = describe(item);
            let text = format!(
                " {} {}",
                if selected { "▸" } else { " " },
                clip(&main, w - 3)
            );
            let start = lines.len();
            lines.push(if selected {
                Line::styled(format!("{text:<w$}"), t.cursor)
            } else {
                Line::styled(text, t.base)
            });
            if !sub.is_empty() {
                lines.push(Line::styled(format!("     {}", clip(&sub, w - 5)), t.dim));
            }
            rows.push((i, start, lines.len() - start));
        }
        if let Some(e) = &self.error {
            lines.push(Line::raw(""));
            lines.extend(para(&format!("⚠ {e}"), w, " ", t.error));
        }
        lines.push(Line::raw(""));
        lines.extend(para(
            "Privacy: nothing leaves this machine. dualcheck uses no network, and your answers \
             are saved only on this computer. Help: press ? at any time to see every key.",
            w,
            " ",
            t.dim,
        ));
        if self.show_help {
            lines.push(Line::raw(""));
            lines.extend(para(
                "Keys: ↑↓ choose, Enter start, q quit. During the check: Space chooses, Enter \
                 goes on, ← goes back, r reviews your answers, ? shows every key. Press any key \
                 to close this help.",
                w,
                " ",
                t.accent,
            ));
        }
        let (cur_start, cur_end) = rows
            .iter()
            .find(|(i, _, _)| *i == self.cursor)
            .map_or((0, 0), |(_, s, n)| (*s, s + n));
        let height = usize::from(body.height);
        let offset = keep_visible(cur_start, cur_end, height, lines.len());
        let mut hits = Vec::new();
        for (i, start, n) in rows {
            if start >= offset && start - offset < height {
                let y = body.y + u16::try_from(start - offset).unwrap_or(0);
                let h = u16::try_from(n).unwrap_or(1).min(body.bottom() - y);
                hits.push((Rect::new(body.x, y, body.width, h), i));
            }
        }
        WelcomeText {
            lines,
            hits,
            offset,
        }
    }

    /// Draws the welcome screen.
    pub fn draw(&self, frame: &mut Frame) {
        let t = &self.theme;
        let area = frame.area();
        let Some([head, sep1, body, sep2, foot]) = screen_areas(frame, t) else {
            return;
        };
        let w = usize::from(area.width).saturating_sub(2);
        frame.render_widget(
            Paragraph::new(vec![
                Line::styled(" dualcheck · export-control self-check", t.title),
                Line::styled(
                    clip(
                        " A hint about export controls for your research, start-up or transfer",
                        w,
                    ),
                    t.base,
                ),
            ]),
            head,
        );
        let rule = Line::styled("─".repeat(usize::from(area.width)), t.dim);
        frame.render_widget(rule.clone(), sep1);
        frame.render_widget(rule, sep2);

        let WelcomeText {
            lines,
            offset,
            hits: _,
        } = self.body_text(area, body);
        let scroll = u16::try_from(offset).unwrap_or(0);
        let total = lines.len();
        frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), body);
        more_marks(frame, t, body, offset, total);
        let hints = [
            ("↑↓", "choose"),
            ("Enter", "start"),
            ("?", "help"),
            ("q", "quit"),
        ];
        let mut spans = vec![Span::raw(" ")];
        for (k, l) in hints {
            spans.push(Span::styled(k, t.key));
            spans.push(Span::styled(format!(" {l}  "), t.base));
        }
        frame.render_widget(Line::from(spans), foot);
    }
}

/// What the welcome screen's body shows.
struct WelcomeText {
    lines: Vec<Line<'static>>,
    hits: Vec<(Rect, usize)>,
    offset: usize,
}

fn describe(item: &Item) -> (String, String) {
    match item {
        Item::Start {
            title, description, ..
        }
        | Item::Example {
            title, description, ..
        } => (title.clone(), description.clone()),
        Item::Resume(s) => {
            let when: String = s
                .updated
                .chars()
                .take(16)
                .collect::<String>()
                .replace('T', " ");
            (
                format!(
                    "{} · {} answer{} · last saved {when}",
                    s.questionnaire,
                    s.answered,
                    if s.answered == 1 { "" } else { "s" }
                ),
                match &s.project {
                    Some(p) => super::text::clean(&format!("session {} · {}", s.id, p.line())),
                    None => format!("session {}", s.id),
                },
            )
        }
    }
}
