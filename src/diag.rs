//! Diagnostics people can act on: `path:line:col`, the source line, a caret under the span and a
//! "did you mean" where one fits.
//!
//! Library code collects [`Diagnostic`]s; only the command-line layer renders them.

use std::fmt::Write as _;
use std::ops::Range;

/// Whether a problem fails validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// A source text that diagnostics point into.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown to people: a path, or `embedded:pack/file.toml`.
    pub name: String,
    pub text: String,
}

/// Where a diagnostic points: a file index into a [`Sources`] and a byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: usize,
    pub span: Range<usize>,
}

/// One problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A short stable kind, e.g. `unknown-question`; tests match on it.
    pub kind: &'static str,
    pub message: String,
    pub location: Option<Location>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(kind: &'static str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            kind,
            message: message.into(),
            location: None,
            help: None,
        }
    }

    pub fn warning(kind: &'static str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(kind, message)
        }
    }

    #[must_use]
    pub fn at(mut self, file: usize, span: Range<usize>) -> Self {
        self.location = Some(Location { file, span });
        self
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The set of source files of one run.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> usize {
        self.files.push(SourceFile {
            name: name.into(),
            text: text.into(),
        });
        self.files.len() - 1
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, file: usize, offset: usize) -> (usize, usize) {
        line_col(&self.files[file].text, offset)
    }

    /// Renders one diagnostic as text, without colour.
    pub fn render(&self, diag: &Diagnostic) -> String {
        self.render_styled(diag, false)
    }

    /// Renders one diagnostic, with ANSI colour when `color` is true.
    pub fn render_styled(&self, diag: &Diagnostic, color: bool) -> String {
        let paint = |code: &str, text: &str| {
            if color {
                format!("\x1b[{code}m{text}\x1b[0m")
            } else {
                text.to_string()
            }
        };
        let mut out = String::new();
        let label = match diag.severity {
            Severity::Error => paint("1;31", "error"),
            Severity::Warning => paint("1;33", "warning"),
        };
        let _ = writeln!(out, "{label}[{}]: {}", diag.kind, sanitize(&diag.message));
        if let Some(loc) = &diag.location
            && let Some(file) = self.files.get(loc.file)
        {
            let start = loc.span.start.min(file.text.len());
            let (line, col) = line_col(&file.text, start);
            let _ = writeln!(out, "  --> {}:{line}:{col}", file.name);
            let line_text = file.text.lines().nth(line - 1).unwrap_or("");
            let gutter = line.to_string().len();
            let _ = writeln!(out, "{:gutter$} |", "");
            let _ = writeln!(out, "{line} | {}", sanitize(line_text));
            let line_chars = line_text.chars().count();
            let end = loc.span.end.max(start).min(file.text.len());
            let (end_line, end_col) = line_col(&file.text, end);
            let width = if end_line == line {
                end_col.saturating_sub(col)
            } else {
                0
            };
            let width = width.clamp(1, line_chars.saturating_sub(col - 1).max(1));
            let _ = writeln!(
                out,
                "{:gutter$} | {}{}",
                "",
                " ".repeat(col - 1),
                "^".repeat(width)
            );
        }
        if let Some(help) = &diag.help {
            let _ = writeln!(out, "  = help: {}", sanitize(help));
        }
        out
    }

    /// Renders every diagnostic followed by a one-line summary.
    pub fn render_all(&self, diags: &[Diagnostic]) -> String {
        self.render_all_styled(diags, false)
    }

    /// Renders every diagnostic followed by a one-line summary, with colour when `color` is true.
    pub fn render_all_styled(&self, diags: &[Diagnostic], color: bool) -> String {
        let mut out = String::new();
        for d in diags {
            out.push_str(&self.render_styled(d, color));
            out.push('\n');
        }
        let errors = diags.iter().filter(|d| d.is_error()).count();
        let warnings = diags.len() - errors;
        let _ = writeln!(
            out,
            "{}, {}",
            crate::report::count(errors, "error", "errors"),
            crate::report::count(warnings, "warning", "warnings")
        );
        out
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..offset].chars().count() + 1;
    (line, col)
}

/// Replaces control characters (terminal escape sequences included) with visible placeholders so
/// that hostile input can never drive the terminal.
pub fn sanitize(text: &str) -> String {
    if !text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return text.to_string();
    }
    text.chars()
        .map(|c| match c {
            '\n' | '\t' => c,
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// The closest candidate to `word`, if one is close enough to be a useful "did you mean".
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    let close = candidates
        .iter()
        .map(|&c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d <= (word.len().max(c.len()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c);
    // Else a candidate that starts with the word or contains it (or the other way round), when
    // the word is long enough to mean something: `xfer` for `xfer_what`, `trl_level` for `trl`.
    let lower = word.to_lowercase();
    close.or_else(|| {
        (lower.chars().count() >= 3)
            .then(|| {
                candidates
                    .iter()
                    .copied()
                    .filter(|c| {
                        let c = c.to_lowercase();
                        c.starts_with(&lower)
                            || lower.starts_with(&c) && c.chars().count() >= 3
                            || c.contains(&lower)
                    })
                    .min_by_key(|c| c.len().abs_diff(word.len()))
            })
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_by_edit_distance_prefix_or_substring() {
        let ids = ["xfer_what", "trl", "destination_country"];
        assert_eq!(did_you_mean("trk", ids), Some("trl"));
        assert_eq!(did_you_mean("xfer", ids), Some("xfer_what"));
        assert_eq!(did_you_mean("trl_level", ids), Some("trl"));
        assert_eq!(did_you_mean("country", ids), Some("destination_country"));
        assert_eq!(did_you_mean("zz", ids), None);
    }

    #[test]
    fn renders_path_line_col_with_caret() {
        let mut s = Sources::default();
        let f = s.add("q.toml", "a = 1\nwhen = 'tech has \"bio\"'\n");
        let d = Diagnostic::error("unknown-option", "unknown option \"bio\"")
            .at(f, 23..28)
            .with_help("did you mean \"biometrics\"?");
        let text = s.render(&d);
        assert!(text.contains("  --> q.toml:2:18\n"), "{text}");
        assert!(text.contains("2 | when = 'tech has \"bio\"'\n"), "{text}");
        assert!(text.contains("  |                  ^^^^^\n"), "{text}");
        assert!(text.contains("= help: did you mean"), "{text}");
    }

    #[test]
    fn sanitize_removes_escape_sequences() {
        assert_eq!(sanitize("a\u{1b}[2Jb"), "a\u{FFFD}[2Jb");
        assert_eq!(sanitize("plain\ttext"), "plain\ttext");
    }

    #[test]
    fn suggests_close_names_only() {
        let c = ["biometrics", "encryption", "quantum"];
        assert_eq!(did_you_mean("biometric", c), Some("biometrics"));
        assert_eq!(did_you_mean("zzz", c), None);
    }
}
