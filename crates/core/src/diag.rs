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
    /// The text: borrowed for the packs compiled into the program, owned for files read.
    pub text: std::borrow::Cow<'static, str>,
    /// Byte offsets of the line starts, built once on first use, so that locating a diagnostic
    /// costs a binary search, not a scan from the start of the file.
    lines: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    fn line_starts(&self) -> &[usize] {
        self.lines.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let text = &self.text;
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s <= offset);
        let start = starts[line - 1];
        (line, text[start..offset].chars().count() + 1)
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let starts = self.line_starts();
        let Some(&start) = starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = starts.get(line).map_or(self.text.len(), |&e| e - 1);
        self.text[start..end.max(start)].trim_end_matches('\r')
    }
}

/// Where a diagnostic points: a file index into a [`Sources`] and a byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: usize,
    pub span: Range<usize>,
}

/// What kind of problem a diagnostic reports: a short stable name, printed as `error[name]`;
/// tests and tools match on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DiagnosticKind {
    CheckBudget,
    Cycle,
    DeadEnd,
    DuplicateHeader,
    DuplicateId,
    Empty,
    EmptySection,
    ExpressionSyntax,
    FieldNotAllowed,
    ForwardReference,
    IncompleteContact,
    InvalidAnswer,
    InvalidDate,
    InvalidEmail,
    InvalidId,
    InvalidJurisdiction,
    InvalidProject,
    InvalidValue,
    MissingDefault,
    MissingDir,
    MissingField,
    MissingHeader,
    More,
    NoContact,
    NoGuidance,
    NoHelp,
    NoJurisdiction,
    NoPinpoint,
    NoReferences,
    NoUrl,
    NotAnswerable,
    NotSureNotAllowed,
    OptionsNotAllowed,
    ReservedId,
    RuleNeverFires,
    SingleOption,
    Syntax,
    Toml,
    TooLarge,
    TypeMismatch,
    Unanswerable,
    UnknownField,
    UnknownGuidance,
    UnknownOption,
    UnknownPack,
    UnknownQuestion,
    UnknownQuestionnaire,
    UnknownReference,
    UnknownSection,
    UnknownTerm,
    UnknownValue,
    Unreachable,
    UnreachableRoute,
    Unreadable,
    UnusedSetting,
}

impl DiagnosticKind {
    /// The stable name, e.g. `unknown-question`.
    pub const fn as_str(self) -> &'static str {
        match self {
            DiagnosticKind::CheckBudget => "check-budget",
            DiagnosticKind::Cycle => "cycle",
            DiagnosticKind::DeadEnd => "dead-end",
            DiagnosticKind::DuplicateHeader => "duplicate-header",
            DiagnosticKind::DuplicateId => "duplicate-id",
            DiagnosticKind::Empty => "empty",
            DiagnosticKind::EmptySection => "empty-section",
            DiagnosticKind::ExpressionSyntax => "expression-syntax",
            DiagnosticKind::FieldNotAllowed => "field-not-allowed",
            DiagnosticKind::ForwardReference => "forward-reference",
            DiagnosticKind::IncompleteContact => "incomplete-contact",
            DiagnosticKind::InvalidAnswer => "invalid-answer",
            DiagnosticKind::InvalidDate => "invalid-date",
            DiagnosticKind::InvalidEmail => "invalid-email",
            DiagnosticKind::InvalidId => "invalid-id",
            DiagnosticKind::InvalidJurisdiction => "invalid-jurisdiction",
            DiagnosticKind::InvalidProject => "invalid-project",
            DiagnosticKind::InvalidValue => "invalid-value",
            DiagnosticKind::MissingDefault => "missing-default",
            DiagnosticKind::MissingDir => "missing-dir",
            DiagnosticKind::MissingField => "missing-field",
            DiagnosticKind::MissingHeader => "missing-header",
            DiagnosticKind::More => "more",
            DiagnosticKind::NoContact => "no-contact",
            DiagnosticKind::NoGuidance => "no-guidance",
            DiagnosticKind::NoHelp => "no-help",
            DiagnosticKind::NoJurisdiction => "no-jurisdiction",
            DiagnosticKind::NoPinpoint => "no-pinpoint",
            DiagnosticKind::NoReferences => "no-references",
            DiagnosticKind::NoUrl => "no-url",
            DiagnosticKind::NotAnswerable => "not-answerable",
            DiagnosticKind::NotSureNotAllowed => "not-sure-not-allowed",
            DiagnosticKind::OptionsNotAllowed => "options-not-allowed",
            DiagnosticKind::ReservedId => "reserved-id",
            DiagnosticKind::RuleNeverFires => "rule-never-fires",
            DiagnosticKind::SingleOption => "single-option",
            DiagnosticKind::Syntax => "syntax",
            DiagnosticKind::Toml => "toml",
            DiagnosticKind::TooLarge => "too-large",
            DiagnosticKind::TypeMismatch => "type-mismatch",
            DiagnosticKind::Unanswerable => "unanswerable",
            DiagnosticKind::UnknownField => "unknown-field",
            DiagnosticKind::UnknownGuidance => "unknown-guidance",
            DiagnosticKind::UnknownOption => "unknown-option",
            DiagnosticKind::UnknownPack => "unknown-pack",
            DiagnosticKind::UnknownQuestion => "unknown-question",
            DiagnosticKind::UnknownQuestionnaire => "unknown-questionnaire",
            DiagnosticKind::UnknownReference => "unknown-reference",
            DiagnosticKind::UnknownSection => "unknown-section",
            DiagnosticKind::UnknownTerm => "unknown-term",
            DiagnosticKind::UnknownValue => "unknown-value",
            DiagnosticKind::Unreachable => "unreachable",
            DiagnosticKind::UnreachableRoute => "unreachable-route",
            DiagnosticKind::Unreadable => "unreadable",
            DiagnosticKind::UnusedSetting => "unused-setting",
        }
    }
}

impl std::fmt::Display for DiagnosticKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for DiagnosticKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<DiagnosticKind> for &str {
    fn eq(&self, other: &DiagnosticKind) -> bool {
        *self == other.as_str()
    }
}

/// One problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub kind: DiagnosticKind,
    pub message: String,
    pub location: Option<Location>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(kind: DiagnosticKind, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            kind,
            message: message.into(),
            location: None,
            help: None,
        }
    }

    pub fn warning(kind: DiagnosticKind, message: impl Into<String>) -> Self {
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
    pub fn add(
        &mut self,
        name: impl Into<String>,
        text: impl Into<std::borrow::Cow<'static, str>>,
    ) -> usize {
        self.files.push(SourceFile {
            name: name.into(),
            text: text.into(),
            lines: std::sync::OnceLock::new(),
        });
        self.files.len() - 1
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, file: usize, offset: usize) -> (usize, usize) {
        self.files[file].line_col(offset)
    }

    /// Renders one diagnostic as text, without colour.
    pub fn render(&self, diag: &Diagnostic) -> String {
        self.render_with(diag, &|_, word| word.to_string())
    }

    /// Renders one diagnostic; `label` dresses the severity word (`error`, `warning`), e.g. with
    /// a terminal colour (the application's business: this crate writes no escape codes).
    pub fn render_with(
        &self,
        diag: &Diagnostic,
        label: &dyn Fn(Severity, &str) -> String,
    ) -> String {
        let mut out = String::new();
        let label = label(
            diag.severity,
            match diag.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
        );
        let _ = writeln!(out, "{label}[{}]: {}", diag.kind, sanitize(&diag.message));
        if let Some(loc) = &diag.location
            && let Some(file) = self.files.get(loc.file)
        {
            let start = loc.span.start.min(file.text.len());
            let (line, col) = file.line_col(start);
            let _ = writeln!(out, "  --> {}:{line}:{col}", sanitize(&file.name));
            let line_text = file.line_text(line);
            let gutter = line.to_string().len();
            let _ = writeln!(out, "{:gutter$} |", "");
            let _ = writeln!(out, "{line} | {}", shown(line_text));
            let line_chars = line_text.chars().count();
            let end = loc.span.end.max(start).min(file.text.len());
            let (end_line, end_col) = file.line_col(end);
            let width = if end_line == line {
                end_col.saturating_sub(col)
            } else {
                0
            };
            let width = width.clamp(1, line_chars.saturating_sub(col - 1).max(1));
            // The caret goes under the columns the terminal shows: tabs expanded, wide
            // characters counted twice.
            let before: String = line_text.chars().take(col - 1).collect();
            let marked: String = line_text.chars().skip(col - 1).take(width).collect();
            let _ = writeln!(
                out,
                "{:gutter$} | {}{}",
                "",
                " ".repeat(display_width(&before)),
                "^".repeat(display_width(&marked).max(1))
            );
        }
        if let Some(help) = &diag.help {
            let _ = writeln!(out, "  = help: {}", sanitize(help));
        }
        out
    }

    /// Renders every diagnostic followed by a one-line summary.
    pub fn render_all(&self, diags: &[Diagnostic]) -> String {
        self.render_all_with(diags, &|_, word| word.to_string())
    }

    /// Renders every diagnostic followed by a one-line summary, each severity dressed by `label`.
    pub fn render_all_with(
        &self,
        diags: &[Diagnostic],
        label: &dyn Fn(Severity, &str) -> String,
    ) -> String {
        let mut out = String::new();
        for d in diags {
            out.push_str(&self.render_with(d, label));
            out.push('\n');
        }
        let errors = diags.iter().filter(|d| d.is_error()).count();
        let warnings = diags.len() - errors;
        let _ = writeln!(
            out,
            "{}, {}",
            crate::count(errors, "error", "errors"),
            crate::count(warnings, "warning", "warnings")
        );
        out
    }
}

/// Whether a character must never reach a terminal or a report as it is: control characters
/// (terminal escape sequences included; not newline and tab), bidirectional overrides and
/// isolates (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C), and invisible characters
/// that make two texts look the same (U+200B zero-width space, U+2060 word joiner, U+FEFF,
/// U+2028/U+2029 separators, U+00AD soft hyphen). The zero-width joiner and non-joiner (U+200C,
/// U+200D) are kept: several scripts and emoji need them.
pub fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200B}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{061C}'
                | '\u{2060}'
                | '\u{FEFF}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{00AD}'
        )
}

/// A source line as printed under a diagnostic: tabs expanded to four spaces, sanitised.
fn shown(line: &str) -> String {
    sanitize(&line.replace('\t', "    "))
}

/// The columns `text` takes in a terminal once [`shown`].
fn display_width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(shown(text).as_str())
}

/// The one sanitiser for everything that reaches a terminal or a report: replaces the characters
/// of [`is_unsafe_char`] with U+FFFD, so hostile input can never drive the terminal or hide or
/// reorder text.
pub fn sanitize(text: &str) -> String {
    if !text.chars().any(is_unsafe_char) {
        return text.to_string();
    }
    text.chars()
        .map(|c| if is_unsafe_char(c) { '\u{FFFD}' } else { c })
        .collect()
}

/// Like [`sanitize`], but keeps colour codes (`ESC [ digits;... m`), for diagnostics the program
/// coloured itself when colour is on. Every other control character is replaced.
pub fn sanitize_keep_colour(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\u{1b}') {
        out.push_str(&sanitize(&rest[..at]));
        let after = &rest[at + 1..];
        let params = after.strip_prefix('[').map(|p| {
            p.find(|c: char| !(c.is_ascii_digit() || c == ';'))
                .map(|n| (p, n))
        });
        match params {
            Some(Some((p, n))) if p[n..].starts_with('m') && n <= 16 => {
                out.push('\u{1b}');
                out.push('[');
                out.push_str(&p[..=n]);
                rest = &p[n + 1..];
            }
            _ => {
                out.push('\u{FFFD}');
                rest = after;
            }
        }
    }
    out.push_str(&sanitize(rest));
    out
}

/// At most `max` characters of `text`, with `…` when cut: hostile input can be long.
pub fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// Most diagnostics shown for one file; the rest are counted in one "N more" line.
pub const MAX_DIAGNOSTICS_PER_FILE: usize = 100;

/// Keeps at most [`MAX_DIAGNOSTICS_PER_FILE`] diagnostics per file (in their order) and adds one
/// `more` diagnostic per file that had more, with the count; it is an error when any of those
/// left out is one, so a capped run fails exactly when the full one would.
pub fn cap_per_file(diags: Vec<Diagnostic>, sources: &Sources) -> Vec<Diagnostic> {
    let group = |d: &Diagnostic| d.location.as_ref().map(|l| l.file);
    let mut counts: std::collections::HashMap<Option<usize>, (usize, bool)> =
        std::collections::HashMap::new();
    let mut kept = Vec::with_capacity(diags.len().min(4 * MAX_DIAGNOSTICS_PER_FILE));
    let mut order = Vec::new();
    for d in diags {
        let entry = counts.entry(group(&d)).or_insert_with(|| {
            order.push(group(&d));
            (0, false)
        });
        entry.0 += 1;
        if entry.0 <= MAX_DIAGNOSTICS_PER_FILE {
            kept.push(d);
        } else {
            entry.1 |= d.is_error();
        }
    }
    for g in order {
        let (n, error) = counts[&g];
        if n <= MAX_DIAGNOSTICS_PER_FILE {
            continue;
        }
        let more = n - MAX_DIAGNOSTICS_PER_FILE;
        let place = g.and_then(|f| sources.files.get(f)).map_or_else(
            || if g.is_some() { "this file" } else { "this run" }.to_string(),
            |f| f.name.clone(),
        );
        let message = format!(
            "{more} more problem(s) in {place} not shown (at most {MAX_DIAGNOSTICS_PER_FILE} are \
             shown per file); fix these first"
        );
        kept.push(if error {
            Diagnostic::error(DiagnosticKind::More, message)
        } else {
            Diagnostic::warning(DiagnosticKind::More, message)
        });
    }
    kept
}

/// Most candidates compared for one "did you mean": the suggestion is a help, never a cost that
/// grows with the size of the pack.
pub const MAX_SUGGESTION_CANDIDATES: usize = 1_000;
/// Longest word or candidate compared (the distance costs the product of the lengths).
pub const MAX_SUGGESTION_LEN: usize = 64;

/// The closest candidate to `word`, if one is close enough to be a useful "did you mean". At most
/// [`MAX_SUGGESTION_CANDIDATES`] candidates of a plausible length are compared; ties go to the
/// smallest candidate, so the answer does not depend on the order of the candidates.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    if word.len() > MAX_SUGGESTION_LEN {
        return None;
    }
    let candidates: Vec<&'a str> = candidates
        .into_iter()
        .filter(|c| c.len() <= MAX_SUGGESTION_LEN)
        .take(MAX_SUGGESTION_CANDIDATES)
        .collect();
    let close = candidates
        .iter()
        .filter(|c| c.len().abs_diff(word.len()) <= c.len().max(word.len()) / 3 + 1)
        .map(|&c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d <= (word.len().max(c.len()) / 3).max(1))
        .min()
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
mod colour_tests {
    #[test]
    fn colour_codes_survive_and_other_escapes_do_not() {
        let t = "\u{1b}[1;31merror\u{1b}[0m: \u{1b}]0;title\u{7}x\u{1b}[2J";
        let s = super::sanitize_keep_colour(t);
        assert!(s.starts_with("\u{1b}[1;31merror\u{1b}[0m: "), "{s:?}");
        assert!(!s.contains("\u{1b}]"), "{s:?}");
        assert!(!s.contains("\u{1b}[2J"), "{s:?}");
        assert!(!s.contains('\u{7}'), "{s:?}");
    }
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
        let d = Diagnostic::error(DiagnosticKind::UnknownOption, "unknown option \"bio\"")
            .at(f, 23..28)
            .with_help("did you mean \"biometrics\"?");
        let text = s.render(&d);
        assert!(text.contains("  --> q.toml:2:18\n"), "{text}");
        assert!(text.contains("2 | when = 'tech has \"bio\"'\n"), "{text}");
        assert!(text.contains("  |                  ^^^^^\n"), "{text}");
        assert!(text.contains("= help: did you mean"), "{text}");
    }

    #[test]
    fn the_caret_stays_under_the_text_after_tabs_and_wide_characters() {
        let mut s = Sources::default();
        let f = s.add("q.toml", "\ttitle = \"無人機\" # 説明 bad\n");
        let at = "\ttitle = \"無人機\" # 説明 ".len();
        let d = Diagnostic::error(DiagnosticKind::Syntax, "unexpected `bad`").at(f, at..at + 3);
        assert_eq!(
            s.render(&d),
            format!(
                "error[syntax]: unexpected `bad`\n  --> q.toml:1:21\n  |\n\
                 1 |     title = \"無人機\" # 説明 bad\n  | {}^^^\n",
                " ".repeat(28)
            )
        );
        // A wide character under the caret is marked across both its columns.
        let f = s.add("r.toml", "x = \"無\"\n");
        let d = Diagnostic::error(DiagnosticKind::Syntax, "wide").at(f, 5..8);
        assert!(
            s.render(&d).ends_with("1 | x = \"無\"\n  |      ^^\n"),
            "{}",
            s.render(&d)
        );
    }

    #[test]
    fn sanitize_removes_escape_sequences() {
        assert_eq!(sanitize("a\u{1b}[2Jb"), "a\u{FFFD}[2Jb");
        assert_eq!(sanitize("plain\ttext"), "plain\ttext");
    }

    #[test]
    fn sanitize_removes_bidi_and_invisible_characters() {
        for c in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200B}', '\u{200E}', '\u{200F}', '\u{FEFF}', '\u{2060}',
            '\u{9b}',
        ] {
            assert_eq!(
                sanitize(&format!("a{c}b")),
                "a\u{FFFD}b",
                "U+{:04X}",
                u32::from(c)
            );
        }
        // Joiners some scripts need, and ordinary non-ASCII text, are kept.
        assert_eq!(sanitize("می\u{200C}خواهم Grüße"), "می\u{200C}خواهم Grüße");
    }

    #[test]
    fn suggests_close_names_only() {
        let c = ["biometrics", "encryption", "quantum"];
        assert_eq!(did_you_mean("biometric", c), Some("biometrics"));
        assert_eq!(did_you_mean("zzz", c), None);
    }
}
