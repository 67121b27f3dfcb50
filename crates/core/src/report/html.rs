//! The HTML report: one self-contained page (inline CSS, no scripts, nothing loaded from anywhere)
//! that prints well and reads well with a screen reader.
//!
//! Every piece of text that comes from a questionnaire or from answers goes through
//! [`escape_html`], in element content, in attributes and inside the SVG diagram alike. The page
//! loads nothing: the only links are the addresses of references and of the competent authority,
//! as `<a href>` with `rel="noreferrer"`, and only for plain http(s) URLs; any other address is
//! shown as text. The program never opens them.
//!
//! Printed (`@media print` in `html.css`), an ordinary report takes a few A4 pages: headings stay
//! with what follows them, a finding breaks only between its parts, and the path diagram is a
//! compact timeline cut into blocks that never break.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::assess::{Contact, Finding, Report};
use crate::diag::sanitize;
use crate::questionnaire::model::Reference;

use super::path_svg;

pub const CSS: &str = include_str!("html.css");

/// Escapes text for HTML element content and quoted attribute values (SVG included). Control
/// characters (terminal escape codes) become U+FFFD first, so no ESC byte reaches the page.
pub fn escape_html(text: &str) -> String {
    let text = sanitize(text);
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

/// Writes the report as one HTML page.
pub fn write(r: &Report) -> String {
    let mut o = String::with_capacity(32 * 1024);
    let q = &r.questionnaire;
    let e = escape_html;
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"dualcheck {version}\">\n\
         <title>Export-control self-check: {verdict} · {title}</title>\n<style>\n{CSS}</style>\n\
         </head>\n<body>\n",
        version = env!("CARGO_PKG_VERSION"),
        verdict = e(r.verdict.label()),
        // The project first when there is one: it names the tab, and the file a print is saved as.
        title = match r.project.as_ref().map(crate::assess::Project::line) {
            Some(p) => format!("{} · {}", e(&p), e(&q.title)),
            None => e(&q.title),
        },
    );

    // Header: what this is and where it comes from.
    let _ = write!(
        o,
        "<header class=\"top\">\n<p class=\"kicker\">dualcheck · export-control self-check</p>\n\
         <h1>{}</h1>\n<p class=\"subtitle\">A hint for your export-control officer, not a legal decision.</p>\n\
         <table class=\"facts\">\n",
        e(&q.title)
    );
    for (label, text) in super::project_lines(r) {
        fact(&mut o, label, &format!("<strong>{}</strong>", e(text)));
    }
    fact(
        &mut o,
        "Questionnaire",
        &format!("<code>{}</code>, version {}", e(&q.id), e(&q.version)),
    );
    fact(
        &mut o,
        "Content hash",
        &format!("<code>{}</code>", e(&q.hash)),
    );
    fact(&mut o, "Legal data as of", &e(&q.legal_data_as_of));
    fact(&mut o, "Generated", &e(&r.generated_at));
    o.push_str("</table>\n</header>\n<main>\n");

    verdict(&mut o, r);
    if super::legal_data_is_old(&q.legal_data_as_of, &r.generated_at) {
        let _ = writeln!(
            o,
            "<p class=\"notice warning\" role=\"note\"><strong>⚠ Warning: the legal data is more than 12 months \
             old.</strong> This questionnaire reflects the law as of {}. The law may have changed since; check \
             for a newer version before you rely on this report.</p>",
            e(&q.legal_data_as_of)
        );
    }
    contact(&mut o, r.contact.as_ref());
    next_steps(&mut o, r);
    findings(&mut o, r);
    open_questions(&mut o, r);
    references(&mut o, &r.findings);

    o.push_str(
        "<section aria-labelledby=\"path-h\">\n<h2 id=\"path-h\">Your path through the questionnaire</h2>\n",
    );
    o.push_str(&path_svg::figure(r));
    o.push_str("</section>\n");

    answers(&mut o, r);

    if let Some(s) = &r.screening {
        let _ = writeln!(
            o,
            "<section aria-labelledby=\"scr-h\">\n<h2 id=\"scr-h\">Restricted-party screening</h2>\n<p>{}</p>\n</section>",
            e(&s.statement)
        );
    }
    o.push_str("<section aria-labelledby=\"nc-h\">\n<h2 id=\"nc-h\">What this check did not cover</h2>\n<ul>\n");
    for n in &r.not_checked {
        let _ = writeln!(o, "<li>{}</li>", e(n));
    }
    o.push_str("</ul>\n</section>\n");
    let _ = write!(
        o,
        "<section class=\"disclaimer\" aria-labelledby=\"disc-h\">\n<h2 id=\"disc-h\">Disclaimer</h2>\n<p>{}</p>\n</section>\n\
         </main>\n<footer>\n<p>Generated by dualcheck {} on {} · questionnaire <code>{}</code> {} · \
         <span class=\"mono\">{}</span> · legal data as of {}</p>\n</footer>\n</body>\n</html>\n",
        e(&r.disclaimer),
        env!("CARGO_PKG_VERSION"),
        e(&r.generated_at),
        e(&q.id),
        e(&q.version),
        e(&q.hash),
        e(&q.legal_data_as_of),
    );
    o
}

/// One row of the facts table; `html` is already escaped.
fn fact(o: &mut String, name: &str, html: &str) {
    let _ = writeln!(o, "<tr><th scope=\"row\">{name}</th><td>{html}</td></tr>");
}

fn verdict(o: &mut String, r: &Report) {
    let by_tier: Vec<String> = crate::taxonomy::Tier::ALL
        .iter()
        .filter_map(|t| {
            let n = r.findings.iter().filter(|f| f.tier == *t).count();
            (n > 0).then(|| format!("{n} {}", t.label()))
        })
        .collect();
    let count = match r.findings.len() {
        0 => "No findings.".to_string(),
        1 => "1 finding.".to_string(),
        n => format!("{n} findings: {}.", by_tier.join(", ")),
    };
    let _ = write!(
        o,
        "<section class=\"verdict tier-{code}\" aria-labelledby=\"verdict-h\">\n\
         <p class=\"symbol\" aria-hidden=\"true\">{symbol}</p>\n<div>\n\
         <h2 id=\"verdict-h\">Hint: {label}</h2>\n<p>{meaning}</p>\n<p class=\"count\">{count}</p>\n\
         </div>\n</section>\n",
        code = r.verdict.code(),
        symbol = r.verdict.symbol(),
        label = escape_html(r.verdict.label()),
        meaning = escape_html(&r.verdict_meaning),
    );
}

fn contact(o: &mut String, c: Option<&Contact>) {
    o.push_str(
        "<section class=\"notice contact\" aria-labelledby=\"contact-h\">\n\
         <h2 id=\"contact-h\">Your export-control contact</h2>\n",
    );
    let rows: Vec<(&str, &str)> = c
        .map(|c| {
            vec![
                ("Institution", c.institution.as_str()),
                ("Name", c.name.as_str()),
                ("E-mail", c.email.as_str()),
                ("Phone", c.phone.as_str()),
                ("Address", c.address.as_str()),
            ]
        })
        .unwrap_or_default()
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .collect();
    if rows.is_empty() {
        o.push_str(
            "<p>No contact is configured. Ask your institution who handles export control (often the \
             research office, legal office or technology-transfer office) and take this report to them.</p>\n",
        );
    } else {
        o.push_str("<dl>\n");
        for (k, v) in rows {
            let _ = writeln!(o, "<dt>{k}</dt><dd>{}</dd>", escape_html(v));
        }
        o.push_str("</dl>\n");
    }
    o.push_str("</section>\n");
}

fn next_steps(o: &mut String, r: &Report) {
    let g = &r.at_a_glance;
    o.push_str(
        "<section class=\"glance\" aria-labelledby=\"next-h\">\n<h2 id=\"next-h\">At a glance</h2>\n",
    );
    if !g.actions.is_empty() {
        o.push_str("<h3 class=\"label\">What to do first</h3>\n<ol class=\"steps\">\n");
        for a in &g.actions {
            let _ = writeln!(o, "<li>{}</li>", escape_html(a));
        }
        o.push_str("</ol>\n");
    }
    if let Some(d) = &g.decisive_question {
        let _ = writeln!(
            o,
            "<h3 class=\"label\">The open question that matters most</h3>\n<p>\u{201c}{}\u{201d} {}</p>",
            escape_html(&d.text),
            escape_html(&d.example)
        );
    }
    if let Some(a) = &g.authority {
        let _ = writeln!(
            o,
            "<h3 class=\"label\">Competent authority</h3>\n<p>{}{}</p>",
            escape_html(&a.name),
            a.url
                .as_ref()
                .map_or(String::new(), |u| format!(" {}", address_html(u)))
        );
    }
    o.push_str("</section>\n");
}

fn findings(o: &mut String, r: &Report) {
    o.push_str("<section aria-labelledby=\"findings-h\">\n<h2 id=\"findings-h\">Findings</h2>\n");
    if r.findings.is_empty() {
        o.push_str("<p>No indicator found on the answers you gave. This is not a clearance.</p>\n");
    }
    for (n, f) in r.findings.iter().enumerate() {
        finding(o, n + 1, f);
    }
    o.push_str("</section>\n");
}

fn finding(o: &mut String, n: usize, f: &Finding) {
    let e = escape_html;
    let _ = write!(
        o,
        "<article class=\"finding tier-{tier}\">\n<h3><span class=\"sym\" aria-hidden=\"true\">{sym}</span>{n}. {title}</h3>\n\
         <p class=\"meta\"><span class=\"badge\">{sym} {label}</span> · code <code>{code}</code> · {law}",
        law = e(f.jurisdiction.label()),
        tier = f.tier.code(),
        sym = f.tier.symbol(),
        title = e(&f.title),
        label = e(f.tier.label()),
        code = e(f.code.code()),
    );
    if let Some(area) = &f.list_area {
        let _ = write!(o, " · likely list area: {}", e(area));
    }
    o.push_str("</p>\n");
    let _ = writeln!(o, "<p>{}</p>", e(&f.rationale));
    if !f.triggered_by.is_empty() {
        o.push_str("<h4 class=\"label\">Because you answered</h4>\n<ul class=\"because\">\n");
        for t in &f.triggered_by {
            let _ = writeln!(
                o,
                "<li>{} — <span class=\"answer\">{}</span></li>",
                e(&t.text),
                e(&t.label)
            );
        }
        o.push_str("</ul>\n");
    }
    if !f.guidance.is_empty() {
        o.push_str("<h4 class=\"label\">What to do</h4>\n<ol>\n");
        for g in &f.guidance {
            let _ = writeln!(o, "<li>{}</li>", e(g));
        }
        o.push_str("</ol>\n");
    }
    if !f.references.is_empty() {
        o.push_str("<h4 class=\"label\">Sources</h4>\n<ul class=\"sources\">\n");
        for reference in &f.references {
            let _ = writeln!(o, "<li>{}</li>", reference_html(reference, true));
        }
        o.push_str("</ul>\n");
    }
    o.push_str("</article>\n");
}

/// A reference: issuer, title, the pinpoint (under a finding), date and address. A plain http(s)
/// address is a link; anything else is text.
fn reference_html(r: &Reference, with_pinpoint: bool) -> String {
    let mut s = format!(
        "{}: <cite>{}</cite>",
        escape_html(&r.issuer),
        escape_html(&r.title)
    );
    if with_pinpoint && !r.pinpoint.is_empty() {
        let _ = write!(s, ", <strong>{}</strong>", escape_html(&r.pinpoint));
    }
    let _ = write!(s, " ({})", escape_html(&r.date));
    if let Some(url) = &r.url {
        let _ = write!(s, " {}", address_html(url));
    }
    s
}

/// An address: a link if it is a plain http(s) address, text otherwise.
fn address_html(url: &str) -> String {
    match super::web_link(url) {
        Some(link) => {
            let link = escape_html(link);
            format!("<a class=\"url\" href=\"{link}\" rel=\"noreferrer\">{link}</a>")
        }
        None => format!("<span class=\"url\">{}</span>", escape_html(url)),
    }
}

fn open_questions(o: &mut String, r: &Report) {
    for g in &r.shared_guidance {
        let _ = writeln!(
            o,
            "<section class=\"shared\">\n<h2>{}</h2>\n<ol>",
            escape_html(&g.title)
        );
        for step in &g.steps {
            let _ = writeln!(o, "<li>{}</li>", escape_html(step));
        }
        o.push_str("</ol>\n</section>\n");
    }
    if r.material_unknowns().next().is_some() {
        let _ = writeln!(
            o,
            "<section aria-labelledby=\"open-h\">\n<h2 id=\"open-h\">{}</h2>\n\
             <p>Some answer to each of these could make the hint more serious. Find out the answers, or go \
             through them with your export-control officer.</p>\n<ul>",
            super::MATERIAL_HEADING
        );
        for u in r.material_unknowns() {
            let stake = u.example.as_ref().map_or(String::new(), |e| e.text.clone());
            let _ = writeln!(
                o,
                "<li>{} <em>({})</em> {}</li>",
                escape_html(&u.text),
                super::reason_text(u),
                escape_html(&stake)
            );
        }
        o.push_str("</ul>\n</section>\n");
    }
    if r.immaterial_unknowns().next().is_some() {
        let _ = writeln!(
            o,
            "<section aria-labelledby=\"imm-h\">\n<h2 id=\"imm-h\">{}</h2>\n<p>{}</p>\n<ul>",
            super::IMMATERIAL_HEADING,
            escape_html(super::IMMATERIAL_NOTE)
        );
        for u in r.immaterial_unknowns() {
            let _ = writeln!(
                o,
                "<li>{} <em>({})</em></li>",
                escape_html(&u.text),
                super::reason_text(u)
            );
        }
        o.push_str("</ul>\n</section>\n");
    }
}

fn references(o: &mut String, findings: &[Finding]) {
    let mut all: BTreeMap<&str, &Reference> = BTreeMap::new();
    for r in findings.iter().flat_map(|f| &f.references) {
        all.entry(r.id.as_str()).or_insert(r);
    }
    if all.is_empty() {
        return;
    }
    o.push_str("<section aria-labelledby=\"refs-h\">\n<h2 id=\"refs-h\">References</h2>\n<ul class=\"refs\">\n");
    for r in all.values() {
        let _ = writeln!(o, "<li>{}</li>", reference_html(r, false));
    }
    o.push_str("</ul>\n</section>\n");
}

fn answers(o: &mut String, r: &Report) {
    o.push_str("<section class=\"answers\" aria-labelledby=\"answers-h\">\n<h2 id=\"answers-h\">Your answers</h2>\n");
    let mut section: Option<&str> = None;
    let mut any = false;
    for id in &r.path {
        let Some(a) = r.answers.get(id) else { continue };
        if section != Some(a.section.as_str()) {
            if section.is_some() {
                o.push_str("</tbody>\n</table>\n");
            }
            section = Some(&a.section);
            let _ = write!(
                o,
                "<h3>{}</h3>\n<table class=\"answers\">\n<thead><tr><th scope=\"col\">Question</th>\
                 <th scope=\"col\">Your answer</th></tr></thead>\n<tbody>\n",
                escape_html(&a.section)
            );
        }
        any = true;
        let _ = writeln!(
            o,
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
            escape_html(&a.question),
            escape_html(&a.label)
        );
    }
    if section.is_some() {
        o.push_str("</tbody>\n</table>\n");
    }
    if !any {
        o.push_str("<p>No answers were given.</p>\n");
    }
    if !r.set_aside.is_empty() {
        let _ = writeln!(
            o,
            "<p class=\"notice\">{}</p>",
            super::set_aside_sentence(r.set_aside.len())
        );
    }
    o.push_str("</section>\n");
}

#[cfg(test)]
mod tests;
