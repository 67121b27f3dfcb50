//! A structural check of a generated (or browser-serialised) HTML report: it may only use a
//! known set of tags, no attribute that loads anything, no event handler, no script, and CSS
//! without `url(` or `@import`. The one link allowed is `<a href>` to a plain http(s) address with
//! `rel="noreferrer"` (the addresses of references). Text is escaped by the writer, so every `<`
//! starts a tag.

/// Tags the report may use.
const ALLOWED_TAGS: &[&str] = &[
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "main",
    "footer",
    "section",
    "article",
    "div",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "dl",
    "dt",
    "dd",
    "ol",
    "ul",
    "li",
    "span",
    "strong",
    "em",
    "code",
    "cite",
    "a",
    "figure",
    "figcaption",
    "br",
    "svg",
    "g",
    "rect",
    "circle",
    "path",
    "text",
];

/// Attributes that would load, link or run something.
const FORBIDDEN_ATTRIBUTES: &[&str] = &[
    "src",
    "href",
    "xlink:href",
    "srcset",
    "action",
    "formaction",
    "poster",
    "background",
    "data",
    "style",
    "ping",
    "manifest",
    "codebase",
    "cite",
];

/// Returns every problem found (empty when the page is self-contained and script-free).
pub fn problems(html: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let lower = html.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        if rest.starts_with("!doctype") || rest.starts_with("!--") {
            if rest.starts_with("!--") {
                problems.push("an HTML comment".into());
            }
            rest = &rest[rest.find('>').map_or(rest.len(), |i| i + 1)..];
            continue;
        }
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        rest = &rest[end..];
        let closing = tag.starts_with('/');
        let tag = tag.trim_start_matches('/').trim_end_matches('/');
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == ':' || *c == '-')
            .collect();
        if !ALLOWED_TAGS.contains(&name.as_str()) {
            problems.push(format!("tag <{name}>"));
        }
        if closing {
            continue;
        }
        let attrs = attributes(&tag[name.len()..]);
        if name == "a" {
            let rel = attrs
                .iter()
                .find(|(a, _)| a == "rel")
                .map(|(_, v)| v.as_str());
            if rel != Some("noreferrer") {
                problems.push(format!("<a> without rel=\"noreferrer\": {tag}"));
            }
        }
        for (attr, value) in attrs {
            if name == "a" && attr == "href" {
                let web = (value.starts_with("https://") || value.starts_with("http://"))
                    && value.len() > "https://".len();
                if !web {
                    problems.push(format!("a link to something other than http(s): {value}"));
                }
                continue;
            }
            if attr.starts_with("on") || FORBIDDEN_ATTRIBUTES.contains(&attr.as_str()) {
                problems.push(format!("attribute {attr}= on <{name}>"));
            }
            if attr == "xmlns" && value != "http://www.w3.org/2000/svg" {
                problems.push(format!("xmlns={value}"));
            }
            if attr != "xmlns" && (value.contains("://") || value.starts_with("//")) {
                problems.push(format!("a URL in {attr}= on <{name}>"));
            }
        }
        if name == "style" && !closing {
            let css_end = rest.find("</style").unwrap_or(rest.len());
            let css = &rest[..css_end];
            for bad in ["url(", "@import", "://", "expression("] {
                if css.contains(bad) {
                    problems.push(format!("`{bad}` in CSS"));
                }
            }
            rest = &rest[css_end..];
        }
    }
    problems
}

/// `name="value"` pairs of a tag's inside (values already escaped: no quotes inside).
fn attributes(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = s.trim().chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let name: String =
            std::iter::from_fn(|| chars.next_if(|c| !c.is_whitespace() && *c != '=')).collect();
        if name.is_empty() {
            break;
        }
        let mut value = String::new();
        if chars.next_if_eq(&'=').is_some() {
            match chars.next() {
                Some(q @ ('"' | '\'')) => {
                    value = std::iter::from_fn(|| chars.next_if(|c| *c != q)).collect();
                    chars.next();
                }
                Some(c) => {
                    value.push(c);
                    value.extend(std::iter::from_fn(|| chars.next_if(|c| !c.is_whitespace())));
                }
                None => {}
            }
        }
        out.push((name, value));
    }
    out
}
