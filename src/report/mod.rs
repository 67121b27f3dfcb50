//! Report writers: one [`Report`](crate::assess::Report) value, one writer per format. Writers never
//! print; they return text, escaped for their format.

pub mod html;
pub mod json;
pub mod markdown;
pub(crate) mod path_svg;
pub mod text;

use crate::assess::Report;

/// Output formats of `assess` and of the wizard's export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Markdown,
    Text,
    Html,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Markdown => "md",
            Format::Text => "txt",
            Format::Html => "html",
        }
    }

    /// Writes a report in this format. A last pass over the whole text keeps control, bidi and
    /// invisible characters out of every format (JSON keeps them as `\uXXXX` escapes, the same
    /// data), whatever a writer forgot.
    pub fn write(self, report: &Report) -> String {
        match self {
            Format::Json => escape_unsafe_json(&json::write(report)),
            Format::Markdown => crate::diag::sanitize(&markdown::write(report)),
            Format::Text => crate::diag::sanitize(&text::write(report)),
            Format::Html => crate::diag::sanitize(&html::write(report)),
        }
    }
}

/// JSON with the characters of [`crate::diag::is_unsafe_char`] written as `\uXXXX` escapes: they
/// can only occur inside strings (control characters are already escaped there), so the data
/// parses the same, and no raw bidi or invisible character is in the file.
pub fn escape_unsafe_json(json: &str) -> String {
    if !json.chars().any(crate::diag::is_unsafe_char) {
        return json.to_string();
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if crate::diag::is_unsafe_char(c) && c != '\n' {
            let mut buf = [0u16; 2];
            for unit in c.encode_utf16(&mut buf) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether the legal data is more than 12 months older than the report date (both `YYYY-MM-DD...`).
pub fn legal_data_is_old(legal_data_as_of: &str, generated_at: &str) -> bool {
    let parse = |s: &str| -> Option<(i32, u32, u32)> {
        let y = s.get(0..4)?.parse().ok()?;
        let m = s.get(5..7)?.parse().ok()?;
        let d = s.get(8..10)?.parse().ok()?;
        Some((y, m, d))
    };
    match (parse(legal_data_as_of), parse(generated_at)) {
        (Some((y1, m1, d1)), Some((y2, m2, d2))) => (y1 + 1, m1, d1) < (y2, m2, d2),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::legal_data_is_old;

    #[test]
    fn legal_data_older_than_twelve_months_is_old() {
        assert!(!legal_data_is_old("2025-11-15", "2026-11-15T10:00:00Z"));
        assert!(legal_data_is_old("2025-11-15", "2026-11-16T10:00:00Z"));
        assert!(!legal_data_is_old("garbage", "2026-11-16"));
    }
}
