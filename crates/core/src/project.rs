//! The project a check is for: an optional title ("Thermal camera spin-off") and reference
//! ("TTO-2026-117"), so that a report says whose project it is. Both are one line of at most
//! [`MAX_CHARS`] characters, with no control, bidi or invisible characters.

use serde::{Deserialize, Serialize};

/// The longest title or reference, in characters.
pub const MAX_CHARS: usize = 120;

/// The project of a session or report. Either part may be empty; a project with neither is
/// [`Project::is_empty`] and is left out of session files and reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// The project's title, e.g. "Thermal camera spin-off".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// The institution's reference, e.g. a file or case number.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reference: String,
}

/// Which part of a project a text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Reference,
}

impl Field {
    /// The field in words, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "project title",
            Field::Reference => "project reference",
        }
    }
}

/// Checks a typed or read title or reference: trimmed; empty is fine (none given); one line of
/// at most [`MAX_CHARS`] characters without control, bidi or invisible characters.
pub fn check(field: Field, text: &str) -> Result<String, String> {
    let t = text.trim();
    let n = t.chars().count();
    if t.chars()
        .any(|c| c == '\n' || c == '\t' || crate::diag::is_unsafe_char(c))
    {
        Err(format!(
            "the {} must be one line of plain text, without tabs, line breaks or control characters",
            field.name()
        ))
    } else if n > MAX_CHARS {
        Err(format!(
            "the {} can be at most {MAX_CHARS} characters long; this one has {n}",
            field.name()
        ))
    } else {
        Ok(t.to_string())
    }
}

impl Project {
    /// A project from a title and a reference, each checked with [`check`].
    pub fn new(title: &str, reference: &str) -> Result<Self, String> {
        Ok(Self {
            title: check(Field::Title, title)?,
            reference: check(Field::Reference, reference)?,
        })
    }

    /// Whether neither a title nor a reference is given.
    pub fn is_empty(&self) -> bool {
        self.title.is_empty() && self.reference.is_empty()
    }

    /// The project, or `None` when it is empty.
    pub fn non_empty(self) -> Option<Self> {
        (!self.is_empty()).then_some(self)
    }

    /// Checks a project read from a file (a session file may have been edited by hand).
    pub fn checked(&self) -> Result<Self, String> {
        Self::new(&self.title, &self.reference)
    }

    /// The project in one line, e.g. `Thermal camera spin-off (reference TTO-2026-117)`; not
    /// sanitised (every writer does that for its medium).
    pub fn line(&self) -> String {
        match (self.title.is_empty(), self.reference.is_empty()) {
            (false, false) => format!("{} (reference {})", self.title, self.reference),
            (false, true) => self.title.clone(),
            (true, false) => format!("reference {}", self.reference),
            (true, true) => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_references_are_trimmed_and_checked() {
        let p = Project::new("  Thermal camera spin-off ", "TTO-2026-117").unwrap();
        assert_eq!(p.title, "Thermal camera spin-off");
        assert_eq!(p.line(), "Thermal camera spin-off (reference TTO-2026-117)");
        assert!(Project::new("", "").unwrap().is_empty());
        assert_eq!(Project::new("", "").unwrap().non_empty(), None);
        assert_eq!(
            Project::new("", "R-1").unwrap().line(),
            "reference R-1".to_string()
        );
        let long = "x".repeat(MAX_CHARS + 1);
        let e = Project::new(&long, "").unwrap_err();
        assert!(
            e.contains("at most 120 characters") && e.contains("121"),
            "{e}"
        );
        assert!(Project::new(&"é".repeat(MAX_CHARS), "").is_ok());
        for bad in ["a\u{1b}[2Jb", "two\nlines", "tab\there", "bidi\u{202e}x"] {
            let e = Project::new("ok", bad).unwrap_err();
            assert!(e.contains("project reference"), "{e}");
        }
    }
}
