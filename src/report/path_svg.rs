//! The path taken through the questionnaire as inline SVG: a vertical flow of the answered (and
//! open) questions with their short answers, each marked by the most serious finding it triggered.
//!
//! Long paths are cut into blocks of [`STEPS_PER_BLOCK`] steps, one `<svg>` each, so a printed
//! report breaks between blocks instead of through a box. Marks carry a symbol and words, never
//! colour alone. All text is escaped with [`escape_html`].

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::assess::Report;
use crate::taxonomy::Tier;

use super::html::escape_html;

/// Steps drawn in one SVG block.
pub const STEPS_PER_BLOCK: usize = 10;

const WIDTH: u32 = 720;
const BOX_X: u32 = 46;
const BOX_H: u32 = 56;
const GAP: u32 = 22;
const TOP: u32 = 8;

/// One drawn step.
struct Step<'a> {
    number: usize,
    question: &'a str,
    answer: String,
    /// The most serious tier and the codes of the findings this answer triggered.
    mark: Option<(Tier, Vec<&'static str>)>,
    open: bool,
}

fn steps(r: &Report) -> Vec<Step<'_>> {
    let mut marks: BTreeMap<&str, (Tier, Vec<&'static str>)> = BTreeMap::new();
    for f in &r.findings {
        for t in &f.triggered_by {
            let m = marks
                .entry(t.question.as_str())
                .or_insert((f.tier, Vec::new()));
            m.0 = m.0.max(f.tier);
            if !m.1.contains(&f.code.code()) {
                m.1.push(f.code.code());
            }
        }
    }
    let mut out = Vec::new();
    for id in &r.path {
        let unknown = r.unknowns.iter().find(|u| &u.question == id);
        let (question, answer) = match (r.answers.get(id), unknown) {
            (Some(a), _) => (a.question.as_str(), a.label.clone()),
            (None, Some(u)) => (u.text.as_str(), "Not answered".to_string()),
            // Information notes and optional questions left blank are not drawn.
            (None, None) => continue,
        };
        out.push(Step {
            number: out.len() + 1,
            question,
            answer,
            mark: marks.get(id.as_str()).cloned(),
            open: unknown.is_some(),
        });
    }
    out
}

/// Shortens text to `max` characters, with an ellipsis.
pub(crate) fn clip(text: &str, max: usize) -> String {
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        text
    } else {
        let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
        s = s.trim_end().to_string();
        s.push('…');
        s
    }
}

fn colours(tier: Option<Tier>) -> (&'static str, &'static str, &'static str) {
    // (fill, stroke, ink) — the ink colours reach at least 7:1 on their fills.
    match tier {
        Some(Tier::Stop) => ("#fdecec", "#b42318", "#7a0f0f"),
        Some(Tier::LicenceLikely) => ("#fff0e3", "#c4520f", "#7a2e06"),
        Some(Tier::CheckNeeded) => ("#fff7d6", "#b7860b", "#5c3f00"),
        Some(Tier::DueDiligence) => ("#e6efff", "#2f5fc4", "#173f8a"),
        Some(Tier::NoIndicator) | None => ("#ffffff", "#9aa3b2", "#1a1f2b"),
    }
}

/// The figure: the SVG blocks, a legend and a text summary.
pub fn figure(r: &Report) -> String {
    let steps = steps(r);
    let mut o = String::new();
    if steps.is_empty() {
        o.push_str("<p>No questions were answered.</p>\n");
        return o;
    }
    let marked = steps.iter().filter(|s| s.mark.is_some()).count();
    let _ = writeln!(
        o,
        "<p>{} on your path; {} of your answers raised a finding (marked with the finding’s \
         symbol and level).</p>\n<figure class=\"path-figure\">",
        super::count(steps.len(), "question", "questions"),
        marked
    );
    let blocks = steps.len().div_ceil(STEPS_PER_BLOCK);
    for (b, chunk) in steps.chunks(STEPS_PER_BLOCK).enumerate() {
        block(&mut o, chunk, b + 1 < blocks, b + 1, blocks);
    }
    o.push_str(
        "<figcaption><ul class=\"legend\">\n\
         <li>■ STOP · ◆ LICENCE LIKELY · ▲ CHECK NEEDED · ● DUE DILIGENCE: this answer raised a finding at that level</li>\n\
         <li>? an open question (not answered, or “Not sure”)</li>\n\
         <li>Plain box: no finding from this answer</li>\n</ul></figcaption>\n</figure>\n",
    );
    o
}

fn block(o: &mut String, steps: &[Step<'_>], continues: bool, n: usize, of: usize) {
    let count = steps.len() as u32;
    let height = TOP + count * (BOX_H + GAP) - GAP + if continues { GAP + 4 } else { 8 };
    let first = steps.first().map_or(0, |s| s.number);
    let last = steps.last().map_or(0, |s| s.number);
    let _ = writeln!(
        o,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" \
         aria-labelledby=\"path-t{n}\">\n<title id=\"path-t{n}\">Path through the questionnaire, steps {first} to {last} \
         (part {n} of {of})</title>"
    );
    for (i, s) in steps.iter().enumerate() {
        let y = TOP + i as u32 * (BOX_H + GAP);
        step(o, s, y);
        let is_last = i + 1 == steps.len();
        if !is_last || continues {
            arrow(o, y + BOX_H);
        }
    }
    o.push_str("</svg>\n");
}

fn arrow(o: &mut String, y: u32) {
    let x = BOX_X + 28;
    let _ = writeln!(
        o,
        "<path d=\"M{x} {y1} V{y2}\" stroke=\"#6b7385\" stroke-width=\"1.6\" fill=\"none\"/>\
         <path d=\"M{l} {y2} L{x} {y3} L{r} {y2} Z\" fill=\"#6b7385\"/>",
        y1 = y + 1,
        y2 = y + GAP - 7,
        y3 = y + GAP - 1,
        l = x - 5,
        r = x + 5,
    );
}

fn step(o: &mut String, s: &Step<'_>, y: u32) {
    let e = escape_html;
    let tier = s.mark.as_ref().map(|(t, _)| *t);
    let (fill, stroke, ink) = colours(tier);
    let box_w = WIDTH - BOX_X - 4;
    let dash = if s.open && tier.is_none() {
        " stroke-dasharray=\"5 4\""
    } else {
        ""
    };
    let stroke_w = if tier.is_some() { "2.2" } else { "1.2" };
    let tag = match (&s.mark, s.open) {
        (Some((t, _)), true) => format!("? {} {}", t.symbol(), t.label()),
        (Some((t, _)), false) => format!("{} {}", t.symbol(), t.label()),
        (None, true) => "? OPEN".to_string(),
        (None, false) => String::new(),
    };
    // Room for the text next to the tag on the right.
    let q_max = if tag.is_empty() { 78 } else { 58 };
    let codes = s
        .mark
        .as_ref()
        .map(|(_, c)| c.join(", "))
        .unwrap_or_default();
    let a_max = if codes.is_empty() { 84 } else { 64 };
    let _ = write!(
        o,
        "<g>\n<title>{num}. {q_full} — {a_full}</title>\n\
         <circle cx=\"22\" cy=\"{cy}\" r=\"15\" fill=\"{circle_fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"/>\
         <text x=\"22\" y=\"{ty}\" text-anchor=\"middle\" font-size=\"12\" font-weight=\"700\" fill=\"{circle_ink}\">{num}</text>\n\
         <rect x=\"{BOX_X}\" y=\"{y}\" width=\"{box_w}\" height=\"{BOX_H}\" rx=\"7\" fill=\"{fill}\" stroke=\"{stroke}\" \
         stroke-width=\"{stroke_w}\"{dash}/>\n\
         <text x=\"{tx}\" y=\"{y1}\" font-size=\"13.5\" font-weight=\"600\" fill=\"#1a1f2b\">{q}</text>\n\
         <text x=\"{tx}\" y=\"{y2}\" font-size=\"13\" fill=\"#3b4252\">→ {a}</text>\n",
        num = s.number,
        q_full = e(s.question),
        a_full = e(&s.answer),
        cy = y + BOX_H / 2,
        ty = y + BOX_H / 2 + 4,
        circle_fill = if tier.is_some() { ink } else { "#ffffff" },
        circle_ink = if tier.is_some() { "#ffffff" } else { "#1a1f2b" },
        tx = BOX_X + 14,
        y1 = y + 23,
        y2 = y + 43,
        q = e(&clip(s.question, q_max)),
        a = e(&clip(&s.answer, a_max)),
    );
    let right = WIDTH - 16;
    if !tag.is_empty() {
        let _ = writeln!(
            o,
            "<text x=\"{right}\" y=\"{y1}\" text-anchor=\"end\" font-size=\"12\" font-weight=\"700\" fill=\"{ink}\">{t}</text>",
            y1 = y + 23,
            t = e(&tag),
        );
    }
    if !codes.is_empty() {
        let _ = writeln!(
            o,
            "<text x=\"{right}\" y=\"{y2}\" text-anchor=\"end\" font-size=\"11.5\" fill=\"{ink}\">{c}</text>",
            y2 = y + 43,
            c = e(&clip(&codes, 40)),
        );
    }
    o.push_str("</g>\n");
}

#[cfg(test)]
mod tests {
    use super::clip;

    #[test]
    fn clips_long_text_with_an_ellipsis() {
        assert_eq!(clip("short", 10), "short");
        assert_eq!(clip("a  b\nc", 10), "a b c");
        assert_eq!(clip("abcdefghijkl", 6), "abcde…");
    }
}
