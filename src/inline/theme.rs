//! The one dialoguer theme of the inline front-end, built from the project's colours (the same
//! palette as the full-screen wizard's default and high-contrast themes), and the styles of the
//! lines printed between prompts.
//!
//! Nothing relies on colour alone: the row under the cursor has a `>` marker, ticked boxes read
//! `[x]`, the hint carries its symbol and its word. Without colour (`NO_COLOR`, `--color never`)
//! no colour or style code is written at all.

use dialoguer::console::{self, Style, StyledObject, style};
use std::fmt;

use dialoguer::theme::{ColorfulTheme, Theme};

use crate::app::run::ThemeChoice;
use crate::taxonomy::Tier;

/// The dialoguer theme: the colourful theme in the project's colours, with a `>` marker on the
/// row under the cursor of a multiple choice too (the colourful theme marks it by colour only).
pub struct Prompts(pub ColorfulTheme);

impl Theme for Prompts {
    fn format_prompt(&self, f: &mut dyn fmt::Write, prompt: &str) -> fmt::Result {
        self.0.format_prompt(f, prompt)
    }
    fn format_error(&self, f: &mut dyn fmt::Write, err: &str) -> fmt::Result {
        self.0.format_error(f, err)
    }
    fn format_confirm_prompt(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        default: Option<bool>,
    ) -> fmt::Result {
        self.0.format_confirm_prompt(f, prompt, default)
    }
    fn format_confirm_prompt_selection(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        selection: Option<bool>,
    ) -> fmt::Result {
        self.0.format_confirm_prompt_selection(f, prompt, selection)
    }
    fn format_input_prompt(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        default: Option<&str>,
    ) -> fmt::Result {
        self.0.format_input_prompt(f, prompt, default)
    }
    fn format_input_prompt_selection(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        sel: &str,
    ) -> fmt::Result {
        self.0.format_input_prompt_selection(f, prompt, sel)
    }
    fn format_select_prompt(&self, f: &mut dyn fmt::Write, prompt: &str) -> fmt::Result {
        self.0.format_select_prompt(f, prompt)
    }
    fn format_select_prompt_selection(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        sel: &str,
    ) -> fmt::Result {
        self.0.format_select_prompt_selection(f, prompt, sel)
    }
    fn format_multi_select_prompt(&self, f: &mut dyn fmt::Write, prompt: &str) -> fmt::Result {
        self.0.format_multi_select_prompt(f, prompt)
    }
    fn format_multi_select_prompt_selection(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        selections: &[&str],
    ) -> fmt::Result {
        self.0
            .format_multi_select_prompt_selection(f, prompt, selections)
    }
    fn format_select_prompt_item(
        &self,
        f: &mut dyn fmt::Write,
        text: &str,
        active: bool,
    ) -> fmt::Result {
        self.0.format_select_prompt_item(f, text, active)
    }
    fn format_multi_select_prompt_item(
        &self,
        f: &mut dyn fmt::Write,
        text: &str,
        checked: bool,
        active: bool,
    ) -> fmt::Result {
        let t = &self.0;
        let marker = if active {
            &t.active_item_prefix
        } else {
            &t.inactive_item_prefix
        };
        let tick = if checked {
            &t.checked_item_prefix
        } else {
            &t.unchecked_item_prefix
        };
        let style = if active {
            &t.active_item_style
        } else {
            &t.inactive_item_style
        };
        write!(f, "{marker} {tick} {}", style.apply_to(text))
    }
    fn format_fuzzy_select_prompt(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        search_term: &str,
        bytes_pos: usize,
    ) -> fmt::Result {
        self.0
            .format_fuzzy_select_prompt(f, prompt, search_term, bytes_pos)
    }
}

/// The styles of one run.
pub struct Look {
    pub prompts: Prompts,
    /// Headings: the question position, section titles, the hint.
    pub title: Style,
    /// Secondary text: key hints, notes.
    pub dim: Style,
    pub error: Style,
    pub ok: Style,
    high_contrast: bool,
    color: bool,
}

impl Look {
    /// The styles for a theme, with or without colour. Colour is switched on or off for the whole
    /// process here (standard output, where every prompt is drawn).
    pub fn new(choice: ThemeChoice, color: bool) -> Self {
        console::set_colors_enabled(color);
        console::set_colors_enabled_stderr(color);
        let high = choice == ThemeChoice::HighContrast;
        let plain = Style::new();
        let bold = Style::new().bold();
        // The palette of `tui::theme`: cyan accents, green for done, red for problems; yellow on
        // black, light red and light green for high contrast.
        let (accent, ok, error, dim) = if high {
            (
                Style::new().yellow().on_black().bold(),
                Style::new().green().bright().on_black().bold(),
                Style::new().red().bright().on_black().bold().underlined(),
                Style::new().white().on_black(),
            )
        } else {
            (
                Style::new().cyan(),
                Style::new().green().bold(),
                Style::new().red().bold(),
                Style::new().black().bright(),
            )
        };
        let text = |s: &str, st: &Style| -> StyledObject<String> { st.apply_to(s.to_string()) };
        let prompts = Prompts(ColorfulTheme {
            defaults_style: dim.clone(),
            prompt_style: bold.clone(),
            prompt_prefix: text("?", &accent.clone().bold()),
            prompt_suffix: text("›", &dim),
            success_prefix: text("✔", &ok),
            success_suffix: text("·", &dim),
            error_prefix: text("✘", &error),
            error_style: error.clone(),
            hint_style: dim.clone(),
            values_style: accent.clone(),
            active_item_style: if high {
                Style::new().black().on_yellow().bold()
            } else {
                accent.clone().bold()
            },
            inactive_item_style: plain,
            active_item_prefix: text(">", &accent.clone().bold()),
            inactive_item_prefix: style(" ".to_string()),
            checked_item_prefix: text("[x]", &ok),
            unchecked_item_prefix: text("[ ]", &dim),
            picked_item_prefix: text(">", &accent.clone().bold()),
            unpicked_item_prefix: style(" ".to_string()),
            fuzzy_cursor_style: Style::new().reverse(),
            fuzzy_match_highlight_style: bold.clone().underlined(),
        });
        Self {
            prompts,
            title: accent.bold(),
            dim,
            error,
            ok,
            high_contrast: high,
            color,
        }
    }

    /// The style of a hint tier (the symbol and the word carry the meaning; colour only adds).
    pub fn tier(&self, tier: Tier) -> Style {
        let bold = Style::new().bold();
        if !self.color {
            return bold;
        }
        let s = match tier {
            Tier::Stop | Tier::LicenceLikely => bold.red(),
            Tier::CheckNeeded => bold.yellow(),
            Tier::DueDiligence => bold.magenta(),
            Tier::NoIndicator => bold.green(),
        };
        if self.high_contrast {
            s.bright().on_black()
        } else {
            s
        }
    }
}
