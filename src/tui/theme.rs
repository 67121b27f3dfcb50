//! Styles of the full-screen wizard: a default theme, a high-contrast theme and a colourless one
//! (`NO_COLOR`, `--color never`).
//!
//! Nothing on screen relies on colour alone: selection is also a marker and reverse video, the
//! verdict is also a word and a symbol. Without colour only modifiers (bold, reverse, underline)
//! are used.

use ratatui::style::{Color, Modifier, Style};

use crate::app::run::ThemeChoice;
use crate::taxonomy::Tier;

/// The styles every view draws with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Everything not styled otherwise.
    pub base: Style,
    /// Secondary text: hints, counts, separators.
    pub dim: Style,
    /// Titles and headings.
    pub title: Style,
    /// The row under the cursor.
    pub cursor: Style,
    /// Chosen options and the filled part of the progress bar.
    pub accent: Style,
    /// Validation messages and failures.
    pub error: Style,
    /// Success messages.
    pub ok: Style,
    /// Key names in hints.
    pub key: Style,
    /// The border of the panel that has the focus.
    pub focus: Style,
    color: bool,
    high_contrast: bool,
}

impl Theme {
    /// The theme for a choice, with or without colour.
    pub fn new(choice: ThemeChoice, color: bool) -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        match (choice, color) {
            (ThemeChoice::Default, true) => Self {
                base: Style::new(),
                dim: Style::new().fg(Color::DarkGray),
                title: bold.fg(Color::Cyan),
                cursor: Style::new().add_modifier(Modifier::REVERSED),
                accent: Style::new().fg(Color::Cyan),
                error: bold.fg(Color::Red),
                ok: bold.fg(Color::Green),
                key: bold.fg(Color::Cyan),
                focus: Style::new().fg(Color::Cyan),
                color,
                high_contrast: false,
            },
            (ThemeChoice::HighContrast, true) => Self {
                base: Style::new().fg(Color::White).bg(Color::Black),
                dim: Style::new().fg(Color::White).bg(Color::Black),
                title: bold.fg(Color::Yellow).bg(Color::Black),
                cursor: bold.fg(Color::Black).bg(Color::Yellow),
                accent: bold.fg(Color::Yellow).bg(Color::Black),
                error: bold
                    .fg(Color::LightRed)
                    .bg(Color::Black)
                    .add_modifier(Modifier::UNDERLINED),
                ok: bold.fg(Color::LightGreen).bg(Color::Black),
                key: bold.fg(Color::Yellow).bg(Color::Black),
                focus: bold.fg(Color::Yellow).bg(Color::Black),
                color,
                high_contrast: true,
            },
            (choice, false) => Self {
                base: Style::new(),
                dim: Style::new(),
                title: bold,
                cursor: Style::new().add_modifier(Modifier::REVERSED),
                accent: bold,
                error: bold.add_modifier(Modifier::UNDERLINED),
                ok: bold,
                key: bold,
                focus: bold,
                color,
                high_contrast: choice == ThemeChoice::HighContrast,
            },
        }
    }

    /// The style of a verdict tier (the word and the symbol carry the meaning; this only adds).
    pub fn tier(&self, tier: Tier) -> Style {
        let bold = self.base.add_modifier(Modifier::BOLD);
        if !self.color {
            return bold;
        }
        let fg = match (tier, self.high_contrast) {
            (Tier::Stop | Tier::LicenceLikely, false) => Color::Red,
            (Tier::Stop | Tier::LicenceLikely, true) => Color::LightRed,
            (Tier::CheckNeeded, false) => Color::Yellow,
            (Tier::CheckNeeded, true) => Color::LightYellow,
            (Tier::DueDiligence, false) => Color::Magenta,
            (Tier::DueDiligence, true) => Color::LightMagenta,
            (Tier::NoIndicator, false) => Color::Green,
            (Tier::NoIndicator, true) => Color::LightGreen,
        };
        bold.fg(fg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_colour_no_style_sets_a_colour() {
        for choice in [ThemeChoice::Default, ThemeChoice::HighContrast] {
            let t = Theme::new(choice, false);
            for s in [
                t.base, t.dim, t.title, t.cursor, t.accent, t.error, t.ok, t.key,
            ] {
                assert_eq!(s.fg, None);
                assert_eq!(s.bg, None);
            }
            assert_eq!(t.tier(Tier::Stop).fg, None);
        }
    }
}
