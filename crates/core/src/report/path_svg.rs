//! The path taken through the questionnaire as inline SVG: a compact vertical timeline of the
//! answered (and open) questions with their short answers, each marked by the most serious finding
//! it triggered and the numbers of those findings (as numbered under "Findings").
//!
//! Long paths are cut into blocks of [`STEPS_PER_BLOCK`] steps, one `<svg>` each, so a printed
//! report breaks between blocks instead of through a box. Marks carry a symbol and words, never
//! colour alone. Text is shortened to the room it has by a deliberately generous estimate of its
//! width ([`text_width`]), so it never runs out of its box or into the mark beside it. All text is
//! escaped with [`escape_html`].

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::assess::Report;
use crate::taxonomy::Tier;

use super::escape_html;

/// Steps drawn in one SVG block.
pub const STEPS_PER_BLOCK: usize = 5;

const WIDTH: u32 = 720;
const BOX_X: u32 = 40;
const BOX_H: u32 = 38;
const GAP: u32 = 7;
const TOP: u32 = 4;
/// Left and right padding inside a box, and the least room between two texts on one line.
const PAD: f64 = 12.0;
const SPACING: f64 = 14.0;
/// Font sizes: question, answer, mark (level) and the finding numbers.
const Q_SIZE: f64 = 13.0;
const A_SIZE: f64 = 12.5;
const TAG_SIZE: f64 = 11.5;
const REF_SIZE: f64 = 11.5;

/// One drawn step.
struct Step<'a> {
    number: usize,
    question: &'a str,
    answer: String,
    /// The most serious tier and the numbers (1-based, as listed) of the findings this answer
    /// triggered.
    mark: Option<(Tier, Vec<usize>)>,
    open: bool,
}

fn steps(r: &Report) -> Vec<Step<'_>> {
    let mut marks: BTreeMap<&str, (Tier, Vec<usize>)> = BTreeMap::new();
    for (n, f) in r.findings.iter().enumerate() {
        for t in &f.triggered_by {
            let m = marks
                .entry(t.question.as_str())
                .or_insert((f.tier, Vec::new()));
            m.0 = m.0.max(f.tier);
            if !m.1.contains(&(n + 1)) {
                m.1.push(n + 1);
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
pub fn clip(text: &str, max: usize) -> String {
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

/// A generous estimate of the width of `text` at font size `size`, in the same units: wider than
/// the common sans-serif fonts draw it (the wide `DejaVu Sans` included), so text
/// fitted by it fits when drawn.
pub fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let em: f64 = text
        .chars()
        .map(|c| match c {
            ' ' => 0.34,
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' | '(' | ')' => 0.36,
            'f' | 't' | 'r' | 'I' | '-' | '/' => 0.46,
            'm' | 'w' => 0.98,
            'M' | 'W' | '■' | '◆' | '▲' | '●' | '…' | '→' => 1.05,
            c if c.is_ascii_lowercase() => 0.62,
            c if c.is_ascii_digit() => 0.68,
            c if c.is_ascii_uppercase() => 0.8,
            _ => 0.9,
        })
        .sum();
    em * size * if bold { 1.08 } else { 1.0 }
}

/// `text` with its spaces collapsed, shortened with an ellipsis to fit `room` (see [`text_width`]).
pub fn fit(text: &str, room: f64, size: f64, bold: bool) -> String {
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text_width(&text, size, bold) <= room {
        return text;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut n = chars.len();
    while n > 0 {
        n -= 1;
        let mut s: String = chars[..n].iter().collect();
        s = s.trim_end().to_string();
        s.push('…');
        if text_width(&s, size, bold) <= room {
            return s;
        }
    }
    String::new()
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
         symbol, level and number).</p>\n<figure class=\"path-figure\">",
        super::count(steps.len(), "question", "questions"),
        marked
    );
    let blocks = steps.len().div_ceil(STEPS_PER_BLOCK);
    for (b, chunk) in steps.chunks(STEPS_PER_BLOCK).enumerate() {
        block(&mut o, chunk, b + 1 < blocks, b + 1, blocks);
    }
    o.push_str(
        "<figcaption><ul class=\"legend\">\n\
         <li>■ STOP · ◆ LICENCE LIKELY · ▲ CHECK NEEDED · ● DUE DILIGENCE: this answer raised a finding at that level; \
         “finding 2” is the second under Findings</li>\n\
         <li>? an open question (not answered, or “Not sure”)</li>\n\
         <li>Plain box: no finding from this answer</li>\n</ul></figcaption>\n</figure>\n",
    );
    o
}

fn block(o: &mut String, steps: &[Step<'_>], continues: bool, n: usize, of: usize) {
    let count = steps.len() as u32;
    // A continued block ends where the next one's first box is a gap away, its rail running on.
    let height = TOP + count * (BOX_H + GAP) - GAP + if continues { GAP - TOP } else { 4 };
    let first = steps.first().map_or(0, |s| s.number);
    let last = steps.last().map_or(0, |s| s.number);
    let _ = writeln!(
        o,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" \
         aria-labelledby=\"path-t{n}\">\n<title id=\"path-t{n}\">Path through the questionnaire, steps {first} to {last} \
         (part {n} of {of})</title>"
    );
    if n > 1 {
        let _ = writeln!(
            o,
            "<path d=\"M20 0 V{cy}\" stroke=\"#6b7385\" stroke-width=\"1.6\" fill=\"none\"/>",
            cy = TOP + BOX_H / 2,
        );
    }
    for (i, s) in steps.iter().enumerate() {
        let y = TOP + i as u32 * (BOX_H + GAP);
        let is_last = i + 1 == steps.len();
        if !is_last || continues {
            rail(o, y + BOX_H / 2);
        }
        step(o, s, y);
    }
    o.push_str("</svg>\n");
}

/// The line from one step's number to the next, drawn under both circles.
fn rail(o: &mut String, cy: u32) {
    let x = 20;
    let _ = writeln!(
        o,
        "<path d=\"M{x} {cy} V{y2}\" stroke=\"#6b7385\" stroke-width=\"1.6\" fill=\"none\"/>",
        y2 = cy + BOX_H + GAP,
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
    let refs = match s.mark.as_ref().map(|(_, n)| n.as_slice()) {
        Some([one]) => format!("finding {one}"),
        Some(many) if !many.is_empty() => format!(
            "findings {}",
            many.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => String::new(),
    };
    let inner = f64::from(box_w) - 2.0 * PAD;
    let beside = |text: &str, size: f64, bold: bool| {
        if text.is_empty() {
            0.0
        } else {
            text_width(text, size, bold) + SPACING
        }
    };
    let q = fit(
        s.question,
        inner - beside(&tag, TAG_SIZE, true),
        Q_SIZE,
        true,
    );
    let a = fit(
        &format!("→ {}", s.answer),
        inner - beside(&refs, REF_SIZE, false),
        A_SIZE,
        false,
    );
    let cx = 20;
    let tx = BOX_X + 12;
    let y1 = y + 16;
    let y2 = y + 31;
    let _ = write!(
        o,
        "<g>\n<title>{num}. {q_full} — {a_full}</title>\n\
         <rect x=\"{BOX_X}\" y=\"{y}\" width=\"{box_w}\" height=\"{BOX_H}\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\" \
         stroke-width=\"{stroke_w}\"{dash}/>\n\
         <circle cx=\"{cx}\" cy=\"{cy}\" r=\"13\" fill=\"{circle_fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"/>\
         <text x=\"{cx}\" y=\"{ty}\" text-anchor=\"middle\" font-size=\"11\" font-weight=\"700\" fill=\"{circle_ink}\">{num}</text>\n\
         <text x=\"{tx}\" y=\"{y1}\" font-size=\"{Q_SIZE}\" font-weight=\"700\" fill=\"#1a1f2b\">{q}</text>\n\
         <text x=\"{tx}\" y=\"{y2}\" font-size=\"{A_SIZE}\" fill=\"#3b4252\">{a}</text>\n",
        num = s.number,
        q_full = e(s.question),
        a_full = e(&s.answer),
        cy = y + BOX_H / 2,
        ty = y + BOX_H / 2 + 4,
        circle_fill = if tier.is_some() { ink } else { "#ffffff" },
        circle_ink = if tier.is_some() { "#ffffff" } else { "#1a1f2b" },
        q = e(&q),
        a = e(&a),
    );
    let right = WIDTH - 4 - 12;
    if !tag.is_empty() {
        let _ = writeln!(
            o,
            "<text x=\"{right}\" y=\"{y1}\" text-anchor=\"end\" font-size=\"{TAG_SIZE}\" font-weight=\"700\" fill=\"{ink}\">{t}</text>",
            t = e(&tag),
        );
    }
    if !refs.is_empty() {
        let _ = writeln!(
            o,
            "<text x=\"{right}\" y=\"{y2}\" text-anchor=\"end\" font-size=\"{REF_SIZE}\" fill=\"{ink}\">{c}</text>",
            c = e(&fit(&refs, inner / 2.0, REF_SIZE, false)),
        );
    }
    o.push_str("</g>\n");
}

#[cfg(test)]
mod tests {
    use super::{clip, fit, text_width};

    #[test]
    fn clips_long_text_with_an_ellipsis() {
        assert_eq!(clip("short", 10), "short");
        assert_eq!(clip("a  b\nc", 10), "a b c");
        assert_eq!(clip("abcdefghijkl", 6), "abcde…");
    }

    #[test]
    fn fits_text_to_its_room_with_an_ellipsis() {
        assert_eq!(fit("short", 100.0, 10.0, false), "short");
        let long = "A question with a fairly long text that cannot fit";
        let f = fit(long, 120.0, 12.0, true);
        assert!(f.ends_with('…') && f.len() < long.len(), "{f}");
        assert!(text_width(&f, 12.0, true) <= 120.0);
        assert_eq!(fit(long, 1.0, 12.0, true), "");
    }
}
