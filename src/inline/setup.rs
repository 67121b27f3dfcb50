//! `dualcheck config init` in a terminal: a few inline questions (institution, the export-control
//! contact, extra questionnaire directories, the theme and the default front-end), then a
//! configuration file with the answers filled in and the comments of the template kept.
//!
//! Without a terminal, or with `--defaults`, `config init` writes the commented template instead
//! and asks nothing.

use std::io;

use dialoguer::console::Term;
use dialoguer::{Input, Select};

use super::theme::Look;
use super::{checked, set_hint};
use crate::app::run::{ThemeChoice, Ui};

/// What `config init` asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    pub institution: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    /// As typed: relative paths are read from the directory of the configuration file.
    pub dirs: Vec<String>,
    pub theme: ThemeChoice,
    pub ui: Ui,
}

fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The configuration file for the settings: every setting with its comment, the ones left empty
/// commented out.
pub fn render(s: &Settings) -> String {
    let mut o = String::from(
        "# dualcheck configuration, written by `dualcheck config init`.\n\
         #\n\
         # Every setting is optional. Check the file with `dualcheck config check`; `dualcheck config\n\
         # path` prints where dualcheck looks for it (`--config FILE` or DUALCHECK_CONFIG override it).\n\n",
    );
    o.push_str("# Your institution, as it should appear in every report.\n");
    if s.institution.is_empty() {
        o.push_str("# institution = \"Example University\"\n\n");
    } else {
        o.push_str(&format!("institution = {}\n\n", quoted(&s.institution)));
    }
    o.push_str(
        "# Directories with your institution's own questionnaire packs. Relative paths are read from\n\
         # the directory of this file.\n",
    );
    if s.dirs.is_empty() {
        o.push_str("# extra_questionnaire_dirs = [\"questionnaires\"]\n\n");
    } else {
        let list: Vec<String> = s.dirs.iter().map(|d| quoted(d)).collect();
        o.push_str(&format!(
            "extra_questionnaire_dirs = [{}]\n\n",
            list.join(", ")
        ));
    }
    let theme = match s.theme {
        ThemeChoice::Default => "default",
        ThemeChoice::HighContrast => "high-contrast",
    };
    o.push_str(&format!(
        "# Colours of the full-screen wizard: \"default\" or \"high-contrast\".\n\
         theme = \"{theme}\"\n\n"
    ));
    o.push_str(&format!(
        "# The front-end `dualcheck run` opens: \"full-screen\", \"inline\" (prompts that stay in the\n\
         # scrollback) or \"plain\" (line prompts for screen readers).\n\
         ui = \"{}\"\n\n",
        s.ui.name()
    ));
    o.push_str(
        "# Your export-control contact, shown in every report. Add more [[contact]] tables for more\n\
         # people or offices; the first one is the primary contact.\n",
    );
    let fields = [("name", &s.name), ("email", &s.email), ("phone", &s.phone)];
    if s.name.is_empty() && s.email.is_empty() {
        o.push_str(
            "# [[contact]]\n# name = \"Export Control Office\"\n# email = \"export-control@example.org\"\n",
        );
    } else {
        o.push_str("[[contact]]\n");
        for (key, value) in fields {
            if !value.is_empty() {
                o.push_str(&format!("{key} = {}\n", quoted(value)));
            }
        }
    }
    o
}

/// Why a typed setting is refused, if it is.
pub fn check_text(text: &str) -> Result<(), String> {
    if text.chars().any(char::is_control) {
        Err("Control characters are not allowed.".into())
    } else {
        Ok(())
    }
}

/// Why a typed e-mail address is refused, if it is (empty is fine: then none is set).
pub fn check_email(text: &str) -> Result<(), String> {
    let t = text.trim();
    if t.is_empty() || crate::config::is_email_shaped(t) {
        Ok(())
    } else {
        Err("That does not look like an e-mail address; write it as name@example.org.".into())
    }
}

/// Directories typed as a comma-separated list.
pub fn split_dirs(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Asks the questions on the terminal and returns the file to write; `None` when the user
/// pressed Esc at a menu (nothing is written). Ctrl-C ends the process with 130, cursor shown.
/// `base` is the directory of the configuration file, against which relative questionnaire
/// directories are read.
pub fn ask(color: bool, base: &std::path::Path) -> io::Result<Option<String>> {
    let _ = ctrlc::set_handler(|| super::interrupted());
    set_hint("Nothing was written.");
    let look = Look::new(ThemeChoice::Default, color);
    let term = Term::stdout();
    let say = |text: &str| term.write_line(text);
    say(&format!(
        "{}",
        look.title.apply_to("dualcheck configuration")
    ))?;
    say(&format!(
        "{}",
        look.dim
            .apply_to("Press Enter to leave a setting empty. Nothing is written until the end.")
    ))?;
    let text = |prompt: &str| -> io::Result<String> {
        let s: String = checked(
            Input::with_theme(&look.prompts)
                .with_prompt(prompt)
                .allow_empty(true)
                .validate_with(|s: &String| check_text(s))
                .interact_text_on(&term),
        )?;
        Ok(s.trim().to_string())
    };
    let mut s = Settings {
        institution: text("Institution, as shown in every report")?,
        name: text("Export-control contact: name")?,
        ..Settings::default()
    };
    s.email = checked(
        Input::<String>::with_theme(&look.prompts)
            .with_prompt("Contact e-mail")
            .allow_empty(true)
            .validate_with(|s: &String| check_text(s).and_then(|()| check_email(s)))
            .interact_text_on(&term),
    )?
    .trim()
    .to_string();
    s.phone = text("Contact phone")?;
    s.dirs = split_dirs(&text(
        "Extra questionnaire directories, separated by commas (relative to the config file)",
    )?);
    for d in &s.dirs {
        if !base.join(d).is_dir() {
            say(&format!(
                "{}",
                look.dim.apply_to(format!(
                    "Note: {} is not a directory yet; `dualcheck config check` will warn until it is.",
                    crate::diag::sanitize(&base.join(d).display().to_string())
                ))
            ))?;
        }
    }
    let Some(theme) = checked(
        Select::with_theme(&look.prompts)
            .with_prompt("Colour theme")
            .items(["default", "high-contrast (bright text on black)"])
            .default(0)
            .interact_on_opt(&term),
    )?
    else {
        return Ok(None);
    };
    s.theme = if theme == 1 {
        ThemeChoice::HighContrast
    } else {
        ThemeChoice::Default
    };
    let Some(ui) = checked(
        Select::with_theme(&look.prompts)
            .with_prompt("Default front-end of `dualcheck run`")
            .items([
                "full-screen: the wizard fills the terminal",
                "inline: prompts that stay in the scrollback",
                "plain: line prompts for screen readers and dumb terminals",
            ])
            .default(0)
            .interact_on_opt(&term),
    )?
    else {
        return Ok(None);
    };
    s.ui = [Ui::FullScreen, Ui::Inline, Ui::Plain][ui.min(2)];
    Ok(Some(render(&s)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Sources;

    fn parse(text: &str) -> crate::config::Config {
        let mut sources = Sources::default();
        let file = sources.add("config.toml", text.to_string());
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("packs")).unwrap();
        let (config, diags) = crate::config::parse(&sources, file, dir.path());
        assert!(diags.is_empty(), "{}", sources.render_all(&diags));
        config.expect("valid")
    }

    #[test]
    fn the_written_file_reads_back_as_the_answers() {
        let s = Settings {
            institution: "Uni \"Nord\"".into(),
            name: "Export Office".into(),
            email: "ec@uni.example.org".into(),
            phone: "+49 30 1".into(),
            dirs: vec!["packs".into()],
            theme: ThemeChoice::HighContrast,
            ui: Ui::Inline,
        };
        let c = parse(&render(&s));
        assert_eq!(c.institution, "Uni \"Nord\"");
        assert_eq!(c.contacts.len(), 1);
        assert_eq!(c.contacts[0].name, "Export Office");
        assert_eq!(c.contacts[0].email, "ec@uni.example.org");
        assert_eq!(c.contacts[0].phone, "+49 30 1");
        assert_eq!(c.extra_questionnaire_dirs.len(), 1);
        assert_eq!(c.theme, crate::config::Theme::HighContrast);
        assert_eq!(c.ui, Some(Ui::Inline));
    }

    #[test]
    fn empty_answers_leave_the_settings_commented_out() {
        let text = render(&Settings::default());
        let c = parse(&text);
        assert!(c.contacts.is_empty());
        assert!(c.institution.is_empty());
        assert_eq!(c.ui, Some(Ui::FullScreen));
        assert!(text.contains("# [[contact]]"));
    }

    #[test]
    fn typed_settings_are_checked() {
        assert!(check_email("").is_ok());
        assert!(check_email("a@b.org").is_ok());
        assert!(check_email("not an address").is_err());
        assert!(check_text("line\u{7}").is_err());
        assert_eq!(split_dirs(" a, ,b/c ,"), ["a", "b/c"]);
    }
}
