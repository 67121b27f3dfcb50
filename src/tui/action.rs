//! What the user asked for: every key and mouse event becomes an [`Action`] here, and only here.
//! The mapping reads the state and the [`Layout`] of the frame the event was made on; it changes
//! nothing. [`super::update`] then carries the action out.
//!
//! Order of precedence: Ctrl-C, resize and mouse first; then an open overlay takes the keys; then
//! the screen. While a text field has the focus, letters are typed, never shortcuts.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect, Size};

use super::app::{App, Focus, Hit, Overlay, Screen};
use super::layout::Layout;
use crate::questionnaire::Kind;

/// One event, decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Ctrl-C: stop at once (the session is saved).
    Interrupt,
    /// The terminal has a new size.
    Resize(Size),
    /// A key press: the status line clears, whether or not the key means anything here.
    Key(Intent),
    /// A click or a turn of the wheel: the status line stays.
    Mouse(Intent),
}

/// What a key or the mouse asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// A key with no meaning here.
    Nothing,
    /// Leave now (the quit window was confirmed, or q on a too small terminal).
    Leave,
    /// Open the quit window, which says what happens to the answers.
    AskQuit,
    /// Open the help window.
    OpenHelp,
    /// Close the window over the screen.
    CloseOverlay,
    /// Turn the number keys 1-9 on or off.
    ToggleNumberKeys,
    /// Scroll a panel.
    Scroll(Panel, Scroll),
    /// Move the focus to the question (or findings) or to the help panel (or detail).
    Focus(Focus),
    /// Open the review of every answer.
    OpenReview,
    /// Back from the review to the wizard.
    CloseReview,
    /// Select this answer of the review.
    SelectReview(usize),
    /// Open the question of the selected review answer.
    OpenFromReview,
    /// Select this entry of the findings list (the detail starts at the top).
    SelectFinding(usize),
    /// Open the export dialog.
    OpenExport,
    /// Go back one question.
    Back,
    /// Begin the section whose introduction is shown.
    BeginSection,
    /// Go on from an information note.
    Acknowledge,
    /// Move the highlight among the options by this many rows.
    MoveOption(isize),
    /// Choose, tick or untick this row (Space on the highlight, or a number key).
    Toggle(usize),
    /// A click on this row of the question.
    ClickRow(usize),
    /// Confirm the answer and go on.
    Submit,
    /// Edit the number or text field of the question.
    Field(Edit),
    /// Close the export dialog after a report was saved.
    ExportDone,
    /// Save the report (asks first before replacing a file).
    ExportSave,
    /// Switch to the next report format (`backward`: the previous one).
    ExportFormat { backward: bool },
    /// Edit the file name of the export dialog.
    ExportEdit(Edit),
    /// Close the project form without changes.
    ProjectSkip,
    /// Move to the other field of the project form.
    ProjectSwitch,
    /// Check the project form and close it.
    ProjectConfirm,
    /// Edit the field of the project form being typed in.
    ProjectEdit(Edit),
}

/// The panels that scroll.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    /// The help panel of a question.
    Help,
    /// The detail of the selected finding.
    Detail,
    /// The help window.
    Overlay,
}

/// One step of scrolling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scroll {
    Up(u16),
    Down(u16),
    Top,
}

impl Scroll {
    /// The offset after this step (the update keeps it within the text).
    pub fn apply(self, offset: u16) -> u16 {
        match self {
            Self::Up(n) => offset.saturating_sub(n),
            Self::Down(n) => offset.saturating_add(n),
            Self::Top => 0,
        }
    }

    fn of(code: KeyCode) -> Option<Self> {
        match code {
            KeyCode::Up | KeyCode::Char('k') => Some(Self::Up(1)),
            KeyCode::Down | KeyCode::Char('j') => Some(Self::Down(1)),
            KeyCode::PageUp => Some(Self::Up(10)),
            KeyCode::PageDown | KeyCode::Char(' ') => Some(Self::Down(10)),
            KeyCode::Home => Some(Self::Top),
            _ => None,
        }
    }
}

/// A line-editing step in a text field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Insert(char),
    /// Delete the character before the caret.
    Backspace,
    /// Delete the character under the caret.
    Delete,
    Left,
    Right,
    Home,
    End,
    /// Ctrl-U: delete everything before the caret.
    ClearBefore,
    /// Ctrl-K: delete everything from the caret on.
    ClearAfter,
    /// Ctrl-W: delete the word before the caret.
    DeleteWord,
}

/// The action an event asks for, given the state and the layout of the frame on screen; `None`
/// for events that mean nothing (a key released, the mouse moved, a click under a window).
pub fn from_event(event: &Event, app: &App, layout: &Layout) -> Option<Action> {
    match event {
        Event::Resize(w, h) => Some(Action::Resize(Size::new(*w, *h))),
        Event::Mouse(m) => mouse(app, layout, *m).map(Action::Mouse),
        Event::Key(k) if k.kind == KeyEventKind::Press => {
            if k.modifiers.contains(KeyModifiers::CONTROL) && k.code == KeyCode::Char('c') {
                return Some(Action::Interrupt);
            }
            Some(Action::Key(key(app, layout, *k)))
        }
        _ => None,
    }
}

fn key(app: &App, layout: &Layout, k: KeyEvent) -> Intent {
    if app.too_small() {
        if matches!(k.code, KeyCode::Char('q') | KeyCode::Esc) {
            return Intent::Leave;
        }
        return Intent::Nothing;
    }
    if let Some(overlay) = &app.overlay {
        return overlay_key(app, overlay, k);
    }
    if app.is_editing() {
        return field_key(app, k);
    }
    match (k.code, app.focus) {
        (KeyCode::Char('?') | KeyCode::F(1), _) => Intent::OpenHelp,
        (KeyCode::Esc, Focus::Main) if app.screen == Screen::Review => Intent::CloseReview,
        (KeyCode::Char('q'), _) | (KeyCode::Esc, Focus::Main) => Intent::AskQuit,
        (KeyCode::Esc | KeyCode::Tab | KeyCode::BackTab, Focus::Help) => Intent::Focus(Focus::Main),
        (KeyCode::Char('r'), _) if app.screen == Screen::Wizard => Intent::OpenReview,
        (code, Focus::Help) => {
            // On the result the detail takes the place of the help panel.
            let panel = if app.current().is_none() {
                Panel::Detail
            } else {
                Panel::Help
            };
            Scroll::of(code).map_or(Intent::Nothing, |s| Intent::Scroll(panel, s))
        }
        _ => match app.screen {
            Screen::Review => review_key(app, layout, k.code),
            Screen::Wizard if app.current().is_none() => results_key(app, layout, k.code),
            Screen::Wizard => question_key(app, k.code),
        },
    }
}

fn overlay_key(app: &App, overlay: &Overlay, k: KeyEvent) -> Intent {
    match (overlay, k.code) {
        (Overlay::Quit, KeyCode::Char('y' | 'Y' | 'q') | KeyCode::Enter) => Intent::Leave,
        (Overlay::Help, KeyCode::Char('n')) => Intent::ToggleNumberKeys,
        (Overlay::Export, _) => export_key(app, k),
        (Overlay::Project, _) => project_key(app, k),
        (
            Overlay::Help,
            code @ (KeyCode::Up
            | KeyCode::Down
            | KeyCode::PageUp
            | KeyCode::PageDown
            | KeyCode::Char('j' | 'k' | ' ')
            | KeyCode::Home),
        ) => Scroll::of(code).map_or(Intent::Nothing, |s| Intent::Scroll(Panel::Overlay, s)),
        (Overlay::Quit, KeyCode::Char('n' | 'N') | KeyCode::Esc)
        | (
            Overlay::Help,
            KeyCode::Esc | KeyCode::Enter | KeyCode::Char('?' | 'q') | KeyCode::F(1),
        )
        | (Overlay::Notice(_), KeyCode::Esc | KeyCode::Enter | KeyCode::Char(' ')) => {
            Intent::CloseOverlay
        }
        _ => Intent::Nothing,
    }
}

/// The usual line-editing keys, shared by the export dialog and the project form.
fn edit_key(k: KeyEvent) -> Option<Edit> {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    Some(match k.code {
        KeyCode::Char('u') if ctrl => Edit::ClearBefore,
        KeyCode::Char('k') if ctrl => Edit::ClearAfter,
        KeyCode::Char('w') if ctrl => Edit::DeleteWord,
        KeyCode::Char('a') if ctrl => Edit::Home,
        KeyCode::Char('e') if ctrl => Edit::End,
        KeyCode::Home => Edit::Home,
        KeyCode::End => Edit::End,
        KeyCode::Left => Edit::Left,
        KeyCode::Right => Edit::Right,
        KeyCode::Delete => Edit::Delete,
        KeyCode::Backspace => Edit::Backspace,
        KeyCode::Char(c) if !ctrl && !c.is_control() => Edit::Insert(c),
        _ => return None,
    })
}

fn export_key(app: &App, k: KeyEvent) -> Intent {
    if matches!(app.export.outcome, Some(Ok(_))) && matches!(k.code, KeyCode::Enter | KeyCode::Esc)
    {
        return Intent::ExportDone;
    }
    match k.code {
        KeyCode::Esc => Intent::CloseOverlay,
        KeyCode::Enter => Intent::ExportSave,
        KeyCode::Tab => Intent::ExportFormat { backward: false },
        KeyCode::BackTab => Intent::ExportFormat { backward: true },
        _ => edit_key(k).map_or(Intent::Nothing, Intent::ExportEdit),
    }
}

/// Keys in the project form: type, move between the two fields, Enter goes on (and on the
/// reference closes the form), Esc skips.
fn project_key(app: &App, k: KeyEvent) -> Intent {
    match k.code {
        KeyCode::Esc => Intent::ProjectSkip,
        KeyCode::Enter if app.project_form.on_reference => Intent::ProjectConfirm,
        KeyCode::Enter | KeyCode::Tab | KeyCode::BackTab | KeyCode::Up | KeyCode::Down => {
            Intent::ProjectSwitch
        }
        _ => match edit_key(k) {
            // The project form has no Ctrl-W.
            Some(Edit::DeleteWord) | None => Intent::Nothing,
            Some(edit) => Intent::ProjectEdit(edit),
        },
    }
}

/// Keys while a number or text field has the focus: letters are typed.
fn field_key(app: &App, k: KeyEvent) -> Intent {
    let input = &app.input;
    match k.code {
        KeyCode::Enter => Intent::Submit,
        KeyCode::Esc => Intent::AskQuit,
        KeyCode::F(1) => Intent::OpenHelp,
        KeyCode::Tab | KeyCode::BackTab => Intent::Focus(Focus::Help),
        KeyCode::Down => Intent::MoveOption(1),
        // At the start of the field, Backspace and Left go back.
        KeyCode::Backspace if input.caret == 0 => Intent::Back,
        KeyCode::Backspace => Intent::Field(Edit::Backspace),
        KeyCode::Left
            if input
                .caret
                .saturating_sub(1)
                .min(input.text.chars().count())
                == input.caret =>
        {
            Intent::Back
        }
        KeyCode::Left => Intent::Field(Edit::Left),
        KeyCode::Right => Intent::Field(Edit::Right),
        KeyCode::Home => Intent::Field(Edit::Home),
        KeyCode::End => Intent::Field(Edit::End),
        KeyCode::Delete => Intent::Field(Edit::Delete),
        KeyCode::Char(ch) if !k.modifiers.contains(KeyModifiers::CONTROL) => {
            Intent::Field(Edit::Insert(ch))
        }
        _ => Intent::Nothing,
    }
}

fn question_key(app: &App, code: KeyCode) -> Intent {
    let Some(c) = app.current() else {
        return Intent::Nothing;
    };
    let q = app.question(c);
    if matches!(
        code,
        KeyCode::Left | KeyCode::Backspace | KeyCode::Char('h')
    ) {
        return Intent::Back;
    }
    if code == KeyCode::Tab || code == KeyCode::BackTab {
        return Intent::Focus(Focus::Help);
    }
    if app.pending_intro().is_some() {
        if matches!(
            code,
            KeyCode::Enter | KeyCode::Char(' ' | 'l') | KeyCode::Right
        ) {
            return Intent::BeginSection;
        }
        return Intent::Nothing;
    }
    if q.kind == Kind::Info {
        if matches!(code, KeyCode::Enter | KeyCode::Char(' ')) {
            return Intent::Acknowledge;
        }
        return Intent::Nothing;
    }
    match code {
        KeyCode::Up | KeyCode::Char('k') => Intent::MoveOption(-1),
        KeyCode::Down | KeyCode::Char('j') => Intent::MoveOption(1),
        KeyCode::Home => Intent::MoveOption(-isize::MAX),
        KeyCode::End => Intent::MoveOption(isize::MAX),
        KeyCode::Char(' ') => Intent::Toggle(app.input.cursor),
        KeyCode::Enter => Intent::Submit,
        KeyCode::Char(d @ '1'..='9') if app.number_keys && q.kind.is_choice() => {
            Intent::Toggle((d as usize) - ('1' as usize))
        }
        _ => Intent::Nothing,
    }
}

fn review_key(app: &App, layout: &Layout, code: KeyCode) -> Intent {
    let last = layout.entries.saturating_sub(1);
    let at = app.review_cursor;
    match code {
        KeyCode::Up | KeyCode::Char('k') => Intent::SelectReview(at.saturating_sub(1)),
        KeyCode::Down | KeyCode::Char('j') => Intent::SelectReview((at + 1).min(last)),
        KeyCode::Home => Intent::SelectReview(0),
        KeyCode::End => Intent::SelectReview(last),
        KeyCode::PageUp => Intent::SelectReview(at.saturating_sub(10)),
        KeyCode::PageDown => Intent::SelectReview((at + 10).min(last)),
        KeyCode::Esc | KeyCode::Char('r' | 'h') | KeyCode::Left | KeyCode::Backspace => {
            Intent::CloseReview
        }
        KeyCode::Enter => Intent::OpenFromReview,
        _ => Intent::Nothing,
    }
}

/// Keys on the result. The number of findings comes from the layout (the report on screen), so
/// nothing is assessed to count them.
fn results_key(app: &App, layout: &Layout, code: KeyCode) -> Intent {
    let last = layout.entries.saturating_sub(1);
    let at = app.finding_cursor;
    match code {
        KeyCode::Up | KeyCode::Char('k') => Intent::SelectFinding(at.saturating_sub(1)),
        KeyCode::Down | KeyCode::Char('j') => Intent::SelectFinding((at + 1).min(last)),
        KeyCode::PageUp | KeyCode::PageDown => {
            Scroll::of(code).map_or(Intent::Nothing, |s| Intent::Scroll(Panel::Detail, s))
        }
        KeyCode::Tab | KeyCode::BackTab => Intent::Focus(Focus::Help),
        KeyCode::Char('e') => Intent::OpenExport,
        KeyCode::Left | KeyCode::Backspace | KeyCode::Char('h') => Intent::Back,
        _ => Intent::Nothing,
    }
}

/// Mouse: a click chooses an option (or a finding, or an answer in the review) and moves the
/// focus; the wheel scrolls the panel under the pointer. Nothing while a window is open.
fn mouse(app: &App, layout: &Layout, m: MouseEvent) -> Option<Intent> {
    if app.overlay.is_some() || app.too_small() {
        return None;
    }
    let hit = layout.hit(m.column, m.row);
    let down = match m.kind {
        MouseEventKind::ScrollDown => true,
        MouseEventKind::ScrollUp => false,
        MouseEventKind::Down(MouseButton::Left) => return Some(click(hit)),
        _ => return None,
    };
    let (code, step) = if down {
        (KeyCode::Down, Scroll::Down(1))
    } else {
        (KeyCode::Up, Scroll::Up(1))
    };
    match hit? {
        Hit::HelpPanel => Some(Intent::Scroll(Panel::Help, step)),
        Hit::Detail => Some(Intent::Scroll(Panel::Detail, step)),
        Hit::ReviewRow(_) if app.screen == Screen::Review => Some(review_key(app, layout, code)),
        Hit::Finding(_) => Some(results_key(app, layout, code)),
        Hit::Row(_) | Hit::MainPanel => Some(Intent::MoveOption(if down { 1 } else { -1 })),
        Hit::ReviewRow(_) => None,
    }
}

fn click(hit: Option<Hit>) -> Intent {
    match hit {
        Some(Hit::Row(row)) => Intent::ClickRow(row),
        Some(Hit::Finding(i)) => Intent::SelectFinding(i),
        Some(Hit::ReviewRow(i)) => Intent::SelectReview(i),
        Some(Hit::HelpPanel | Hit::Detail) => Intent::Focus(Focus::Help),
        Some(Hit::MainPanel) | None => Intent::Focus(Focus::Main),
    }
}

/// What the welcome screen is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WelcomeAction {
    /// Ctrl-C.
    Interrupt,
    /// Any key while the help text shows closes it.
    CloseHelp,
    /// Move the highlight to this item.
    Select(usize),
    /// Start the highlighted item.
    Choose,
    OpenHelp,
    Quit,
    /// A key with no meaning here.
    Nothing,
}

/// The welcome screen's action for an event, given where its items are on screen.
pub fn welcome_action(
    event: &Event,
    welcome: &super::Welcome,
    hits: &[(Rect, usize)],
) -> Option<WelcomeAction> {
    match event {
        Event::Key(k) if k.kind == KeyEventKind::Press => {
            if k.modifiers.contains(KeyModifiers::CONTROL) && k.code == KeyCode::Char('c') {
                return Some(WelcomeAction::Interrupt);
            }
            if welcome.show_help {
                return Some(WelcomeAction::CloseHelp);
            }
            let last = welcome.items.len().saturating_sub(1);
            Some(match k.code {
                KeyCode::Up | KeyCode::Char('k') => {
                    WelcomeAction::Select(welcome.cursor.saturating_sub(1))
                }
                KeyCode::Down | KeyCode::Char('j') => {
                    WelcomeAction::Select((welcome.cursor + 1).min(last))
                }
                KeyCode::Enter | KeyCode::Char(' ') => WelcomeAction::Choose,
                KeyCode::Char('?') | KeyCode::F(1) => WelcomeAction::OpenHelp,
                KeyCode::Char('q') | KeyCode::Esc => WelcomeAction::Quit,
                _ => WelcomeAction::Nothing,
            })
        }
        Event::Mouse(m) if m.kind == MouseEventKind::Down(MouseButton::Left) => {
            let p = Position::new(m.column, m.row);
            hits.iter()
                .find(|(r, _)| r.contains(p))
                .map(|&(_, i)| WelcomeAction::Select(i))
        }
        _ => None,
    }
}
