//! Where things are on screen, as a pure function of the state and the terminal size: the regions
//! the mouse can hit, the largest useful scroll offsets and the length of the list on screen. The
//! views place what they draw with the same functions, so the layout is what the frame shows, and
//! nothing is recorded while drawing.

use ratatui::layout::{Position, Rect, Size};

use super::app::{App, Hit, Screen};
use super::view;

/// The facts about a frame that the event mapping and the update need.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    /// Regions of the frame for the mouse, in drawing order: where they overlap, the last wins.
    pub hits: Vec<(Rect, Hit)>,
    /// The largest useful scroll offsets.
    pub scroll: ScrollMax,
    /// Entries of the list on screen: the findings and "About this hint" on the result, the
    /// answers that can be selected on the review; 0 elsewhere.
    pub entries: usize,
}

/// The largest useful scroll offset of each scrolling panel; `None` for a panel not on screen
/// (its offset is kept as it is until it shows again).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScrollMax {
    /// The help panel of a question.
    pub help: Option<u16>,
    /// The detail of the selected finding on the result.
    pub detail: Option<u16>,
    /// The window over the screen.
    pub overlay: Option<u16>,
}

impl Layout {
    /// The region under a mouse position (the last drawn wins).
    pub fn hit(&self, column: u16, row: u16) -> Option<Hit> {
        let p = Position { x: column, y: row };
        self.hits
            .iter()
            .rev()
            .find(|(r, _)| r.contains(p))
            .map(|(_, h)| *h)
    }
}

/// The layout of the wizard's frame for `app` on a terminal of `size`. Below the minimum size
/// nothing but the "too small" message is drawn: no regions, no scrolling.
pub fn layout(app: &App, size: Size) -> Layout {
    let mut out = Layout::default();
    let area = Rect::from((Position::ORIGIN, size));
    let Some([_, _, body, _, _]) = view::split(area) else {
        return out;
    };
    match (app.screen, app.current()) {
        (Screen::Review, _) => (out.hits, out.entries) = view::review::hits(app, body),
        (Screen::Wizard, Some(c)) => {
            (out.hits, out.scroll.help) = view::question::hits(app, c, body);
        }
        (Screen::Wizard, None) => {
            let (hits, detail, entries) = view::results::hits(app, body);
            out.hits = hits;
            out.scroll.detail = Some(detail);
            out.entries = entries;
        }
    }
    out.scroll.overlay = view::overlay::scroll_max(app, area);
    out
}
