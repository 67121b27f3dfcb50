//! The Markdown report, for people. All text from questionnaires and answers is escaped so it
//! cannot inject markup, links or terminal escape codes.

use std::fmt::Write as _;

use crate::assess::Report;
use crate::diag::sanitize;

/// Escapes text for inline Markdown: inline markup (`~` included, so `~~~` can never open a code
/// block), HTML, and the block syntax a text could start a line with (lists, headings, setext
/// underlines, indented code), since writers put escaped text at the start of lines.
pub fn escape(text: &str) -> String {
    let text = sanitize(text);
    let text = text.trim_start();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '!' | '{' | '}' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    // Line-start block syntax: `- x`, `+ x`, `===`, `1. x`, `1) x`.
    if out.starts_with(['-', '+', '=']) {
        out.insert(0, '\\');
    } else {
        let digits = out.bytes().take_while(u8::is_ascii_digit).count();
        let rest = &out[digits..];
        if (1..=9).contains(&digits)
            && rest.starts_with(['.', ')'])
            && (rest.len() == 1 || rest[1..].starts_with(' '))
        {
            out.insert(digits, '\\');
        }
    }
    out
}

pub fn write(r: &Report) -> String {
    let mut o = String::new();
    let q = &r.questionnaire;
    let _ = writeln!(o, "# dualcheck report: {}\n", escape(&q.title));
    let project = super::project_lines(r);
    if !project.is_empty() {
        let parts: Vec<String> = project
            .iter()
            .map(|(label, text)| format!("**{label}:** {}", escape(text)))
            .collect();
        let _ = writeln!(o, "{}\n", parts.join(" · "));
    }
    let _ = writeln!(o, "## Hint: {} {}\n", r.verdict.symbol(), r.verdict.label());
    let _ = writeln!(o, "{}\n", escape(&r.verdict_meaning));
    let glance = super::glance_lines(r);
    if !glance.is_empty() {
        let _ = writeln!(o, "### At a glance\n");
        for (label, text) in &glance {
            let _ = writeln!(o, "- **{label}:** {}", escape(text));
        }
        o.push('\n');
    }
    let _ = writeln!(o, "| | |\n|---|---|");
    let _ = writeln!(
        o,
        "| Questionnaire | {} (`{}`), version {} |",
        escape(&q.title),
        escape(&q.id),
        escape(&q.version)
    );
    let _ = writeln!(o, "| Content hash | `{}` |", escape(&q.hash));
    let _ = writeln!(o, "| Legal data as of | {} |", escape(&q.legal_data_as_of));
    let _ = writeln!(o, "| Generated | {} |\n", escape(&r.generated_at));
    if super::legal_data_is_old(&q.legal_data_as_of, &r.generated_at) {
        let _ = writeln!(
            o,
            "> **Warning:** the legal data of this questionnaire is more than 12 months old. The law may have \
             changed since; check for a newer version.\n"
        );
    }

    let _ = writeln!(o, "## Findings\n");
    if r.findings.is_empty() {
        let _ = writeln!(
            o,
            "No indicator found on the answers you gave. This is not a clearance.\n"
        );
    }
    for (n, f) in r.findings.iter().enumerate() {
        let _ = writeln!(
            o,
            "### {}. {} {}\n",
            n + 1,
            f.tier.symbol(),
            escape(&f.title)
        );
        let _ = writeln!(
            o,
            "- **Tier:** {} · **Code:** `{}` · **Law:** {}",
            f.tier.label(),
            f.code,
            f.jurisdiction.label()
        );
        if let Some(area) = &f.list_area {
            let _ = writeln!(o, "- **Likely list area:** {}", escape(area));
        }
        let _ = writeln!(o, "\n{}\n", escape(&f.rationale));
        if !f.triggered_by.is_empty() {
            let _ = writeln!(o, "**Because you answered:**\n");
            for t in &f.triggered_by {
                let _ = writeln!(o, "- {} — *{}*", escape(&t.text), escape(&t.label));
            }
            o.push('\n');
        }
        if !f.guidance.is_empty() {
            let _ = writeln!(o, "**What to do:**\n");
            for (i, g) in f.guidance.iter().enumerate() {
                let _ = writeln!(o, "{}. {}", i + 1, escape(g));
            }
            o.push('\n');
        }
        if !f.shared_guidance.is_empty() {
            let titles: Vec<String> = f
                .shared_guidance
                .iter()
                .filter_map(|id| r.shared_guidance.iter().find(|g| &g.id == id))
                .map(|g| escape(&g.title))
                .collect();
            let _ = writeln!(o, "See also: {}\n", titles.join("; "));
        }
        if !f.references.is_empty() {
            let _ = writeln!(o, "**Sources:**\n");
            for reference in &f.references {
                let _ = writeln!(o, "- {}", reference_markdown(reference));
            }
            o.push('\n');
        }
    }

    for g in &r.shared_guidance {
        let _ = writeln!(o, "## {}\n", escape(&g.title));
        for (i, step) in g.steps.iter().enumerate() {
            let _ = writeln!(o, "{}. {}", i + 1, escape(step));
        }
        o.push('\n');
    }

    if r.material_unknowns().next().is_some() {
        let _ = writeln!(o, "## {}\n", super::MATERIAL_HEADING);
        for u in r.material_unknowns() {
            let stake = u
                .example
                .as_ref()
                .map_or(String::new(), |e| format!(" {}", e.text));
            let _ = writeln!(
                o,
                "- {} ({}).{}",
                escape(&u.text),
                super::reason_text(u),
                escape(&stake)
            );
        }
        o.push('\n');
    }
    if r.immaterial_unknowns().next().is_some() {
        let _ = writeln!(o, "## {}\n", super::IMMATERIAL_HEADING);
        let _ = writeln!(o, "{}\n", escape(super::IMMATERIAL_NOTE));
        for u in r.immaterial_unknowns() {
            let _ = writeln!(o, "- {} ({})", escape(&u.text), super::reason_text(u));
        }
        o.push('\n');
    }

    let _ = writeln!(o, "## Your answers\n");
    let mut section = "";
    for id in &r.path {
        let Some(a) = r.answers.get(id) else { continue };
        if a.section != section {
            section = &a.section;
            let _ = writeln!(o, "\n**{}**\n", escape(section));
        }
        let _ = writeln!(o, "- {} — {}", escape(&a.question), escape(&a.label));
    }
    if !r.set_aside.is_empty() {
        let _ = writeln!(o, "\n{}", super::set_aside_sentence(r.set_aside.len()));
    }
    if let Some(s) = &r.screening {
        let _ = writeln!(
            o,
            "\n## Restricted-party screening\n\n{}",
            escape(&s.statement)
        );
    }
    let _ = writeln!(o, "\n## What this check did not cover\n");
    for n in &r.not_checked {
        let _ = writeln!(o, "- {}", escape(n));
    }
    let _ = writeln!(o, "\n## Disclaimer\n\n{}", escape(&r.disclaimer));
    o
}

/// One line for a reference: issuer, title, date and address.
pub fn reference_line(r: &crate::questionnaire::model::Reference) -> String {
    let mut s = format!("{}: {}", r.issuer, r.title);
    if !r.pinpoint.is_empty() {
        let _ = write!(s, ", {}", r.pinpoint);
    }
    let _ = write!(s, " ({})", r.date);
    if let Some(url) = &r.url {
        let _ = write!(s, " {url}");
    }
    s
}

/// A reference in Markdown: the text escaped, and the address as a link when it is a plain
/// http(s) URL (see [`super::web_link`]), otherwise as escaped text.
pub fn reference_markdown(r: &crate::questionnaire::model::Reference) -> String {
    let mut s = format!("{}: {}", escape(&r.issuer), escape(&r.title));
    if !r.pinpoint.is_empty() {
        let _ = write!(s, ", {}", escape(&r.pinpoint));
    }
    let _ = write!(s, " ({})", escape(&r.date));
    if let Some(url) = &r.url {
        match super::web_link(url) {
            Some(link) => {
                let _ = write!(s, " <{link}>");
            }
            None => {
                let _ = write!(s, " {}", escape(url));
            }
        }
    }
    s
}

/// One line for a contact.
pub fn contact_line(c: &crate::assess::Contact) -> String {
    [&c.name, &c.institution, &c.email, &c.phone, &c.address]
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(" · ")
}

#[cfg(test)]
mod tests {
    use super::{escape, reference_markdown};
    use crate::questionnaire::model::{Reference, ReferenceKind};

    fn reference(url: &str) -> Reference {
        Reference {
            id: "r".into(),
            title: "Reg. [x]".into(),
            issuer: "EU".into(),
            date: "2021".into(),
            url: Some(url.into()),
            kind: ReferenceKind::Law,
            pinpoint: "Art. 5(2)".into(),
        }
    }

    #[test]
    fn references_print_the_pinpoint_and_link_only_web_addresses() {
        assert_eq!(
            reference_markdown(&reference("https://eur-lex.europa.eu/eli/reg/2021/821/oj")),
            "EU: Reg. \\[x\\], Art. 5(2) (2021) <https://eur-lex.europa.eu/eli/reg/2021/821/oj>"
        );
        let md = reference_markdown(&reference("javascript:alert(1)"));
        assert!(md.ends_with(" javascript:alert(1)"), "{md}");
        assert!(!md.contains('<'), "{md}");
        let md = reference_markdown(&reference("https://x.example/<b>"));
        assert!(md.ends_with("https://x.example/&lt;b&gt;"), "{md}");
    }

    #[test]
    fn a_tilde_fence_or_block_syntax_cannot_open_a_block() {
        assert_eq!(escape("~~~"), "\\~\\~\\~");
        assert_eq!(escape("~~~ rest"), "\\~\\~\\~ rest");
        assert_eq!(escape("- item"), "\\- item");
        assert_eq!(escape("+ item"), "\\+ item");
        assert_eq!(escape("==="), "\\===");
        assert_eq!(escape("12. x"), "12\\. x");
        assert_eq!(escape("3) x"), "3\\) x");
        assert_eq!(escape("    code"), "code");
        assert_eq!(escape("a - b 1. c"), "a - b 1. c");
        assert_eq!(escape("0.1.0"), "0.1.0");
    }

    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(escape("<script>"), "&lt;script&gt;");
        assert_eq!(escape("[x](http://a)"), "\\[x\\](http://a)");
        assert_eq!(escape("a\u{1b}[31mb"), "a\u{FFFD}\\[31mb");
    }
}
