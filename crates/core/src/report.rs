//! Report writers: one [`Report`](crate::assess::Report) value, one writer per format. Writers never
//! print; they return text, escaped for their format.

pub mod html;
pub mod json;
pub mod markdown;
pub mod path_svg;
pub mod text;

use crate::assess::{Report, Unknown, UnknownReason};

/// Output formats of `assess` and of the wizard's export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// Escapes text for HTML element content and quoted attribute values (SVG included). Control
/// characters (terminal escape codes) become U+FFFD first, so no ESC byte reaches the page.
pub fn escape_html(text: &str) -> String {
    let text = crate::diag::sanitize(text);
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Why a question is open, in words (shared by every format).
pub fn reason_text(u: &Unknown) -> &'static str {
    match u.reason {
        UnknownReason::NotSure => "answered \u{201c}Not sure\u{201d}",
        UnknownReason::Unanswered => "not answered",
    }
}

/// The heading of the open questions that can change the hint.
pub const MATERIAL_HEADING: &str = "Open questions that could change this hint";
/// The heading of uncertain answers that cannot.
pub const IMMATERIAL_HEADING: &str = "Uncertain answers not needed for this hint";
/// What the immaterial list means.
pub const IMMATERIAL_NOTE: &str = "Whatever the answer to these, the hint on your other answers stays the same. \
     They may still matter for a full classification by your export-control officer.";

/// The project's title and reference as labelled lines (shared by every format); none when the
/// report names no project.
pub fn project_lines(r: &Report) -> Vec<(&'static str, &str)> {
    let Some(p) = &r.project else {
        return Vec::new();
    };
    [
        ("Project", p.title.as_str()),
        ("Reference", p.reference.as_str()),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .collect()
}

/// The at-a-glance block as labelled lines of plain text (shared by every format).
pub fn glance_lines(r: &Report) -> Vec<(&'static str, String)> {
    let g = &r.at_a_glance;
    let mut out = Vec::new();
    for (i, a) in g.actions.iter().enumerate() {
        out.push((if i == 0 { "Do first" } else { "Then" }, a.clone()));
    }
    if let Some(d) = &g.decisive_question {
        let mut text = format!("\u{201c}{}\u{201d}", d.text);
        if !d.example.is_empty() {
            text.push(' ');
            text.push_str(&d.example);
        }
        out.push(("Find out", text));
    }
    if let Some(c) = g.contact.as_ref().or(r.contact.as_ref()) {
        out.push(("Ask", markdown::contact_line(c)));
    }
    if let Some(a) = &g.authority {
        let mut text = a.name.clone();
        if let Some(url) = &a.url {
            text.push_str(" (");
            text.push_str(url);
            text.push(')');
        }
        out.push(("Authority", text));
    }
    out
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

/// The address of a reference when it is safe to print as a link: an `http://` or `https://` URL
/// with a host and no blank, control character, quote, backslash or angle bracket. Anything else
/// (another scheme, `javascript:`, markup) is shown as text only.
pub fn web_link(url: &str) -> Option<&str> {
    let lower = url
        .get(..8)
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return None;
    };
    let host_ok = rest
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    let chars_ok = url.chars().all(|c| {
        !c.is_whitespace()
            && !c.is_control()
            && !matches!(
                c,
                '<' | '>' | '"' | '\'' | '\\' | '`' | '{' | '}' | '|' | '^'
            )
    });
    (host_ok && chars_ok).then_some(url)
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

pub use crate::count;

/// The sentence about answers set aside, in the right number.
pub fn set_aside_sentence(n: usize) -> String {
    if n == 1 {
        "1 earlier answer no longer on your path was set aside and not assessed.".into()
    } else {
        format!("{n} earlier answers no longer on your path were set aside and not assessed.")
    }
}

#[cfg(test)]
mod tests {
    use super::{legal_data_is_old, web_link};

    #[test]
    fn only_plain_http_and_https_addresses_are_links() {
        assert_eq!(
            web_link("https://eur-lex.europa.eu/eli/reg/2021/821/oj"),
            Some("https://eur-lex.europa.eu/eli/reg/2021/821/oj")
        );
        assert!(web_link("HTTP://example.org/a?b=1&c=2").is_some());
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "//example.org",
            "ftp://example.org",
            "https://",
            "https:///x",
            "https://a.example/\"onmouseover=\"x",
            "https://a.example/<script>",
            "https://a.example/ b",
            "https://a.example/\u{1b}[2J",
            "file:///etc/passwd",
        ] {
            assert_eq!(web_link(bad), None, "{bad}");
        }
    }

    #[test]
    fn legal_data_older_than_twelve_months_is_old() {
        assert!(!legal_data_is_old("2025-11-15", "2026-11-15T10:00:00Z"));
        assert!(legal_data_is_old("2025-11-15", "2026-11-16T10:00:00Z"));
        assert!(!legal_data_is_old("garbage", "2026-11-16"));
    }
}
