//! Settings: the raw configuration (a serde struct with `deny_unknown_fields` and spanned values)
//! becomes a validated [`Config`] in one place, [`parse`], which reports every problem with its
//! position. Reading the file, and where it is looked for, is the application's.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::assess::Contact;
use crate::diag::{Diagnostic, DiagnosticKind, Sources, did_you_mean};

/// Names of the themes.
pub const THEMES: [&str; 2] = ["default", "high-contrast"];

/// The colours of the full-screen wizard: the one theme type, also `--theme`'s.
pub use ThemeChoice as Theme;

/// The colour theme of the full-screen wizard (the `theme` setting, `--theme`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ThemeChoice {
    #[default]
    Default,
    /// Bright text on black, bold highlights: for low vision and bright rooms.
    HighContrast,
}

impl ThemeChoice {
    /// The theme named in the settings and on the command line ([`THEMES`]).
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "default" => Some(ThemeChoice::Default),
            "high-contrast" => Some(ThemeChoice::HighContrast),
            _ => None,
        }
    }
}

/// Which front-end `dualcheck run` opens (the `ui` setting, `--ui`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Ui {
    /// The full-screen wizard.
    #[default]
    FullScreen,
    /// Inline prompts that stay in the scrollback.
    Inline,
    /// Plain line prompts for screen readers, dumb terminals and slow links.
    Plain,
}

impl Ui {
    /// The name used in `--ui` and in the configuration.
    pub fn name(self) -> &'static str {
        match self {
            Ui::FullScreen => "full-screen",
            Ui::Inline => "inline",
            Ui::Plain => "plain",
        }
    }

    /// Every name, for messages.
    pub const NAMES: [&'static str; 3] = ["full-screen", "inline", "plain"];

    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "full-screen" => Some(Ui::FullScreen),
            "inline" => Some(Ui::Inline),
            "plain" => Some(Ui::Plain),
            _ => None,
        }
    }
}

/// The validated configuration. `Config::default()` is what applies without a file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// The file it was read from.
    pub path: Option<PathBuf>,
    pub institution: String,
    /// Export-control contacts; the first is the primary contact. `institution` is filled in.
    pub contacts: Vec<Contact>,
    /// Resolved against the directory of the configuration file.
    pub extra_questionnaire_dirs: Vec<PathBuf>,
    pub theme: Theme,
    /// The front-end `dualcheck run` opens when no option or variable chooses one.
    pub ui: Option<Ui>,
}

impl Config {
    /// The contact shown in reports: the primary contact, or the institution alone.
    pub fn contact(&self) -> Option<Contact> {
        match self.contacts.first() {
            Some(c) => Some(c.clone()),
            None if !self.institution.is_empty() => Some(Contact {
                institution: self.institution.clone(),
                ..Contact::default()
            }),
            None => None,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    institution: Option<Spanned<String>>,
    #[serde(default, rename = "contact")]
    contacts: Vec<RawContact>,
    default_jurisdiction: Option<Spanned<String>>,
    #[serde(default)]
    extra_questionnaire_dirs: Vec<Spanned<String>>,
    theme: Option<Spanned<String>>,
    ui: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContact {
    name: Option<Spanned<String>>,
    email: Option<Spanned<String>>,
    phone: Option<Spanned<String>>,
    address: Option<Spanned<String>>,
}

/// Whether `s` looks like an e-mail address: one `@`, a local part, a dotted domain, no spaces.
pub fn is_email_shaped(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let labels: Vec<&str> = domain.split('.').collect();
    !local.is_empty()
        && !domain.contains('@')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty() && !l.starts_with('-') && !l.ends_with('-') && !l.contains(['<', '>'])
        })
}

struct Checker<'a> {
    file: usize,
    diags: &'a mut Vec<Diagnostic>,
}

impl Checker<'_> {
    fn error(
        &mut self,
        kind: DiagnosticKind,
        span: Range<usize>,
        message: String,
    ) -> &mut Diagnostic {
        self.diags
            .push(Diagnostic::error(kind, message).at(self.file, span));
        self.diags.last_mut().expect("just pushed")
    }

    /// A text setting: trimmed, without control characters.
    fn text(&mut self, field: &str, value: Option<Spanned<String>>) -> String {
        let Some(v) = value else {
            return String::new();
        };
        if v.get_ref().chars().any(char::is_control) {
            self.error(
                DiagnosticKind::InvalidValue,
                v.span(),
                format!("`{field}` must not contain control characters or line breaks"),
            );
            return String::new();
        }
        v.into_inner().trim().to_string()
    }
}

/// Parses and validates the configuration registered as `file` in `sources`. Relative
/// questionnaire directories are resolved against `base_dir`; `is_dir` says whether one exists
/// (the caller looks: this crate reads no file). Returns the configuration when there are no
/// errors, and every problem.
pub fn parse(
    sources: &Sources,
    file: usize,
    base_dir: &Path,
    is_dir: &dyn Fn(&Path) -> bool,
) -> (Option<Config>, Vec<Diagnostic>) {
    let text = &sources.files[file].text;
    let mut diags = Vec::new();
    let raw: RawConfig = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let message = e.message().trim().to_string();
            let kind = if message.starts_with("unknown field") {
                DiagnosticKind::UnknownField
            } else {
                DiagnosticKind::Toml
            };
            let mut d = Diagnostic::error(kind, message.clone()).at(file, e.span().unwrap_or(0..0));
            d.help = suggest_field(&message);
            return (None, vec![d]);
        }
    };
    let mut c = Checker {
        file,
        diags: &mut diags,
    };
    let institution = c.text("institution", raw.institution);
    let mut contacts = Vec::new();
    for (n, rc) in raw.contacts.into_iter().enumerate() {
        let first_span = [&rc.name, &rc.email, &rc.phone, &rc.address]
            .iter()
            .find_map(|f| f.as_ref().map(Spanned::span));
        if let Some(email) = &rc.email
            && !is_email_shaped(email.get_ref().trim())
        {
            c.error(
                DiagnosticKind::InvalidEmail,
                email.span(),
                format!(
                    "`{}` does not look like an e-mail address",
                    crate::diag::sanitize(email.get_ref())
                ),
            )
            .help = Some("write it as name@example.org".into());
        }
        let contact = Contact {
            institution: institution.clone(),
            name: c.text("name", rc.name),
            email: c.text("email", rc.email),
            phone: c.text("phone", rc.phone),
            address: c.text("address", rc.address),
        };
        if contact.name.is_empty() && contact.email.is_empty() {
            let span = first_span.unwrap_or(0..0);
            c.error(
                DiagnosticKind::IncompleteContact,
                span,
                format!("contact {} needs at least a `name` or an `email`", n + 1),
            );
        }
        contacts.push(contact);
    }
    // Read by nothing: the jurisdiction comes from the answers. Still accepted, so that older
    // files keep working, with a warning.
    if let Some(j) = raw.default_jurisdiction {
        c.diags.push(
            Diagnostic::warning(
                DiagnosticKind::UnusedSetting,
                "`default_jurisdiction` has no effect: the jurisdiction comes from your answers",
            )
            .at(file, j.span())
            .with_help("remove the line"),
        );
    }
    let theme = match raw.theme {
        None => Theme::Default,
        Some(t) => match t.get_ref().as_str() {
            "default" => Theme::Default,
            "high-contrast" => Theme::HighContrast,
            other => {
                let help = did_you_mean(other, THEMES).map_or_else(
                    || format!("themes: {}", THEMES.join(", ")),
                    |s| format!("did you mean \"{s}\"?"),
                );
                c.error(
                    DiagnosticKind::InvalidValue,
                    t.span(),
                    format!("unknown theme \"{}\"", crate::diag::sanitize(other)),
                )
                .help = Some(help);
                Theme::Default
            }
        },
    };
    let ui = raw.ui.and_then(|u| {
        let found = Ui::from_name(u.get_ref());
        if found.is_none() {
            let names = Ui::NAMES;
            let help = did_you_mean(u.get_ref(), names).map_or_else(
                || format!("front-ends: {}", names.join(", ")),
                |s| format!("did you mean \"{s}\"?"),
            );
            c.error(
                DiagnosticKind::InvalidValue,
                u.span(),
                format!(
                    "unknown front-end \"{}\"",
                    crate::diag::sanitize(u.get_ref())
                ),
            )
            .help = Some(help);
        }
        found
    });
    let mut extra_questionnaire_dirs = Vec::new();
    for d in raw.extra_questionnaire_dirs {
        let path = base_dir.join(d.get_ref());
        if d.get_ref().trim().is_empty() {
            c.error(
                DiagnosticKind::InvalidValue,
                d.span(),
                "empty directory name".into(),
            );
        } else if !is_dir(&path) {
            c.diags.push(
                Diagnostic::warning(
                    DiagnosticKind::MissingDir,
                    format!("questionnaire directory {} does not exist", path.display()),
                )
                .at(file, d.span()),
            );
        } else {
            extra_questionnaire_dirs.push(path);
        }
    }
    let has_errors = diags.iter().any(Diagnostic::is_error);
    let config = Config {
        path: Some(PathBuf::from(&sources.files[file].name)),
        institution,
        contacts,
        extra_questionnaire_dirs,
        theme,
        ui,
    };
    ((!has_errors).then_some(config), diags)
}

/// Top-level settings, for the hint when one is written inside a `[[contact]]` table.
const TOP_LEVEL: [&str; 6] = [
    "institution",
    "contact",
    "default_jurisdiction",
    "extra_questionnaire_dirs",
    "theme",
    "ui",
];

/// "unknown field `instituion`, expected one of `institution`, ..." -> "did you mean `institution`?"
fn suggest_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (word, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    if let Some(s) = did_you_mean(word, candidates.iter().copied()) {
        return Some(format!("did you mean `{s}`?"));
    }
    (TOP_LEVEL.contains(&word) && candidates.contains(&"email")).then(|| {
        format!(
            "`{word}` is a top-level setting: move it above the first [[contact]] table (in TOML, \
             a key after a table header belongs to that table)"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::{THEMES, ThemeChoice, Ui};

    #[test]
    fn every_name_of_a_theme_and_a_front_end_is_understood() {
        for name in Ui::NAMES {
            assert_eq!(Ui::from_name(name).map(Ui::name), Some(name));
        }
        for name in THEMES {
            assert!(ThemeChoice::from_name(name).is_some(), "{name}");
        }
        assert_eq!(Ui::from_name("full screen"), None);
        assert_eq!(ThemeChoice::from_name("dark"), None);
    }
}
