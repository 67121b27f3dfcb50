//! The charts of the summary page: their data (bars with counts and shares), and horizontal bar
//! charts drawn from it as inline SVG.
//!
//! Every bar is labelled in words (verdicts also by their symbol) with its count and share, so
//! nothing depends on colour. All text goes through [`escape_html`]; colours come from the page's
//! CSS classes (`tier-*`, as in the HTML report).

use std::fmt::Write as _;

use crate::report::html::escape_html;
use crate::report::path_svg::clip;

use super::{QuestionCounts, Summary};

/// Finding codes drawn in the findings chart.
pub const TOP_FINDINGS: usize = 10;
/// Answer values drawn in the chosen question's chart; the rest are counted in words.
pub const TOP_ANSWERS: usize = 12;
/// Longest label drawn (longer ones are clipped, with the full text in the bar's tooltip).
const MAX_LABEL: usize = 30;

/// One bar of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The words for the bar (not escaped).
    pub label: String,
    /// A symbol that carries the meaning without colour (verdicts), or empty.
    pub symbol: &'static str,
    pub count: usize,
    /// What the share is of (reports, or reports that answered).
    pub of: usize,
    /// `count` as a percentage of `of`; 0 when `of` is 0.
    pub percent: f64,
    /// The CSS class of the bar's colour (`tier-stop`, ...; empty: the accent colour).
    pub class: &'static str,
    /// The label is a code or an id (drawn in monospace).
    pub code: bool,
}

/// `n` as a percentage of `of`, 0 when `of` is 0 (no division by zero).
pub fn percent(n: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        n as f64 * 100.0 / of as f64
    }
}

/// A share in whole percent; never rounds a non-zero share to "0 %" or a partial one to "100 %".
pub fn fmt_percent(p: f64) -> String {
    if p <= 0.0 {
        "0 %".into()
    } else if p < 1.0 {
        "<1 %".into()
    } else if p > 99.0 && p < 100.0 {
        ">99 %".into()
    } else {
        format!("{p:.0} %")
    }
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Every verdict, most serious first, with its share of the reports.
pub fn verdict_bars(s: &Summary) -> Vec<Bar> {
    s.verdict_rows()
        .map(|(t, n)| Bar {
            label: t.label().to_string(),
            symbol: t.symbol(),
            count: n,
            of: s.reports,
            percent: percent(n, s.reports),
            class: tier_class(t),
            code: false,
        })
        .collect()
}

fn tier_class(t: crate::taxonomy::Tier) -> &'static str {
    use crate::taxonomy::Tier;
    match t {
        Tier::Stop => "tier-stop",
        Tier::LicenceLikely => "tier-licence-likely",
        Tier::CheckNeeded => "tier-check-needed",
        Tier::DueDiligence => "tier-due-diligence",
        Tier::NoIndicator => "tier-no-indicator",
    }
}

/// The [`TOP_FINDINGS`] most frequent findings, by the title the user saw (reports with at least
/// one finding of the title), by count, then by title.
pub fn finding_bars(s: &Summary) -> Vec<Bar> {
    let mut rows: Vec<(&str, usize)> = s
        .by_finding_title
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(t, n)| (t.as_str(), *n))
        .collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    rows.truncate(TOP_FINDINGS);
    rows.into_iter()
        .map(|(title, n)| Bar {
            label: title.to_string(),
            symbol: "",
            count: n,
            of: s.reports,
            percent: percent(n, s.reports),
            class: "",
            code: false,
        })
        .collect()
}

/// The answers to the chosen question, by count, then by value (numbers by range), with their
/// share of the reports that answered; at most [`TOP_ANSWERS`] bars. Also returns how many more
/// values were given than are drawn.
pub fn answer_bars(q: &QuestionCounts) -> (Vec<Bar>, usize) {
    let mut rows: Vec<_> = q.by_value.iter().collect();
    rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let more = rows.len().saturating_sub(TOP_ANSWERS);
    let bars = rows
        .into_iter()
        .take(TOP_ANSWERS)
        .map(|(v, n)| Bar {
            label: q.label_of(v),
            symbol: "",
            count: *n,
            of: q.answered,
            percent: percent(*n, q.answered),
            class: match v {
                super::AnswerValue::NotSure | super::AnswerValue::NothingSelected => "muted",
                _ => "",
            },
            // An option whose label no report gave is shown by its id.
            code: matches!(v, super::AnswerValue::Option(id) if !q.labels.contains_key(id)),
        })
        .collect();
    (bars, more)
}

// Layout, in SVG user units (about pixels when the chart fills a 1280-pixel window).
const WIDTH: f64 = 1200.0;
const ROW: f64 = 62.0;
const BAR_H: f64 = 44.0;
const FONT: f64 = 28.0;
const GAP: f64 = 18.0;
/// Room right of a bar for its count and share, at least: the widest value drawn decides, so
/// that bars reach as far as they can (e.g. "10,000 · 100 %" needs about 240).
const VALUE_W: f64 = 120.0;
/// Space between a bar's end and its value.
const VALUE_GAP: f64 = 14.0;

/// The words right of a bar: its count and share.
fn value_text(b: &Bar) -> String {
    format!("{} · {}", thousands(b.count as u64), fmt_percent(b.percent))
}

/// A rough width of text at `FONT` size: enough to place the bars after the longest label.
fn text_width(text: &str, mono: bool) -> f64 {
    text.chars()
        .map(|c| {
            if mono {
                0.61
            } else if c.is_ascii_uppercase() {
                0.72
            } else if c.is_ascii() {
                0.56
            } else {
                0.85
            }
        })
        .sum::<f64>()
        * FONT
}

fn drawn_label(b: &Bar, max: usize) -> String {
    let label = clip(&b.label, max);
    if b.symbol.is_empty() {
        label
    } else {
        format!("{} {label}", b.symbol)
    }
}

/// Widest label drawn left of its bar; wider ones go above their bar, on up to [`LINES`] lines.
const SIDE_LABEL_W: f64 = WIDTH * 0.42;
/// Lines of a label drawn above its bar.
const LINES: usize = 2;
const LINE_H: f64 = FONT * 1.25;

/// `text` in lines of at most `width` (at `FONT` size), at most [`LINES`] of them; the last one
/// ends in `…` when text is left over.
pub fn wrap(text: &str, width: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if text_width(&candidate, false) <= width || line.is_empty() {
            line = candidate;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > LINES {
        let rest = lines.split_off(LINES - 1).join(" ");
        let mut last = String::new();
        for word in rest.split_whitespace() {
            let candidate = if last.is_empty() {
                word.to_string()
            } else {
                format!("{last} {word}")
            };
            if text_width(&format!("{candidate} …"), false) > width {
                break;
            }
            last = candidate;
        }
        lines.push(format!("{last} …").trim_start().to_string());
    }
    for l in &mut lines {
        // One word wider than the line (a long id): cut to what fits.
        if text_width(l, false) > width {
            *l = clip(l, (width / (0.72 * FONT)) as usize);
        }
    }
    lines
}

/// A horizontal bar chart: `<svg>` with a title (`title` is plain text; it is escaped here).
/// Bars are drawn to scale of 100 % of what their share is of. Short labels stand left of their
/// bars; when one is too long for that, every label stands above its bar, wrapped.
pub fn svg(o: &mut String, id: &str, title: &str, bars: &[Bar]) {
    let e = escape_html;
    let side = bars
        .iter()
        .all(|b| text_width(&drawn_label(b, usize::MAX), b.code) <= SIDE_LABEL_W);
    // Each bar's label lines, and where its bar starts.
    let labels: Vec<Vec<String>> = bars
        .iter()
        .map(|b| {
            if side {
                vec![drawn_label(b, MAX_LABEL)]
            } else {
                wrap(&drawn_label(b, usize::MAX), WIDTH - GAP)
            }
        })
        .collect();
    let label_w = if side {
        bars.iter()
            .zip(&labels)
            .map(|(b, l)| text_width(&l[0], b.code))
            .fold(120.0_f64, f64::max)
            .min(SIDE_LABEL_W)
            .ceil()
    } else {
        0.0
    };
    let x0 = if side { label_w + GAP } else { 0.0 };
    // Values are bold: a tenth wider than the estimate.
    let value_w = bars
        .iter()
        .map(|b| text_width(&value_text(b), false) * 1.1 + VALUE_GAP + 4.0)
        .fold(VALUE_W, f64::max)
        .ceil();
    let track = WIDTH - x0 - value_w;
    let row_h = |lines: usize| {
        if side {
            ROW
        } else {
            lines as f64 * LINE_H + BAR_H + GAP
        }
    };
    let height: f64 = labels.iter().map(|l| row_h(l.len())).sum();
    // The chart is one image to a screen reader: its title carries every bar in words.
    let described: Vec<String> = bars
        .iter()
        .map(|b| {
            format!(
                "{}{}{} {}, {}",
                b.symbol,
                if b.symbol.is_empty() { "" } else { " " },
                b.label,
                thousands(b.count as u64),
                fmt_percent(b.percent)
            )
        })
        .collect();
    let _ = writeln!(
        o,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bars\" viewBox=\"0 0 {WIDTH} {height}\" \
         role=\"img\" aria-labelledby=\"{id}-t\">\n<title id=\"{id}-t\">{}: {}</title>",
        e(title),
        e(&described.join("; "))
    );
    let mut top = 0.0;
    for (b, lines) in bars.iter().zip(&labels) {
        let (y, label) = if side {
            let y = top + (ROW - BAR_H) / 2.0;
            let mid = y + BAR_H / 2.0 + FONT * 0.35;
            (
                y,
                format!(
                    "<text class=\"label{mono}\" x=\"{label_w}\" y=\"{mid:.1}\" text-anchor=\"end\" \
                     font-size=\"{FONT}\">{}</text>\n",
                    e(&lines[0]),
                    mono = if b.code { " code" } else { "" },
                ),
            )
        } else {
            let mut text = String::new();
            for (i, line) in lines.iter().enumerate() {
                let _ = writeln!(
                    text,
                    "<text class=\"label above{mono}\" x=\"0\" y=\"{:.1}\" font-size=\"{FONT}\">{}</text>",
                    top + (i + 1) as f64 * LINE_H - FONT * 0.3,
                    e(line),
                    mono = if b.code { " code" } else { "" },
                );
            }
            (top + lines.len() as f64 * LINE_H, text)
        };
        let mid = y + BAR_H / 2.0 + FONT * 0.35;
        let w = (track * b.percent.clamp(0.0, 100.0) / 100.0).round();
        let count = thousands(b.count as u64);
        let share = fmt_percent(b.percent);
        let symbol = if b.symbol.is_empty() {
            String::new()
        } else {
            format!(" ({})", b.symbol)
        };
        let _ = writeln!(
            o,
            "<g class=\"bar{class}\">\n<title>{full}{symbol}: {count} of {of} reports · {share}</title>\n\
             <rect class=\"track\" x=\"{x0}\" y=\"{y}\" width=\"{track}\" height=\"{BAR_H}\" rx=\"4\"/>\n\
             <rect class=\"fill\" x=\"{x0}\" y=\"{y}\" width=\"{w}\" height=\"{BAR_H}\" rx=\"4\"/>\n\
             {label}<text class=\"value\" x=\"{vx}\" y=\"{mid:.1}\" font-size=\"{FONT}\">{count} · {share}</text>\n</g>",
            class = if b.class.is_empty() {
                String::new()
            } else {
                format!(" {}", b.class)
            },
            full = e(&b.label),
            of = thousands(b.of as u64),
            vx = x0 + w + VALUE_GAP,
        );
        top += row_h(lines.len());
    }
    o.push_str("</svg>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::{AnswerValue, NumberRange};
    use crate::taxonomy::{FindingCode, Tier};

    #[test]
    fn percentages_never_divide_by_zero() {
        assert!((percent(1, 4) - 25.0).abs() < f64::EPSILON);
        assert!(percent(0, 0).abs() < f64::EPSILON);
        assert!(percent(3, 0).abs() < f64::EPSILON);
        let empty = Summary::default();
        assert!(verdict_bars(&empty).iter().all(|b| b.percent == 0.0));
        assert!(finding_bars(&empty).is_empty());
        assert_eq!(answer_bars(&QuestionCounts::default()), (vec![], 0));
    }

    #[test]
    fn shares_are_whole_percent_without_misleading_rounding() {
        assert_eq!(fmt_percent(0.0), "0 %");
        assert_eq!(fmt_percent(0.4), "<1 %");
        assert_eq!(fmt_percent(25.0), "25 %");
        assert_eq!(fmt_percent(33.333), "33 %");
        assert_eq!(fmt_percent(99.6), ">99 %");
        assert_eq!(fmt_percent(100.0), "100 %");
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn verdict_bars_cover_every_tier_most_serious_first() {
        let mut s = Summary {
            reports: 4,
            ..Summary::default()
        };
        s.by_verdict.insert(Tier::CheckNeeded, 3);
        s.by_verdict.insert(Tier::NoIndicator, 1);
        let bars = verdict_bars(&s);
        let rows: Vec<(&str, &str, usize)> = bars
            .iter()
            .map(|b| (b.label.as_str(), b.symbol, b.count))
            .collect();
        assert_eq!(
            rows,
            [
                ("STOP", "■", 0),
                ("LICENCE LIKELY", "◆", 0),
                ("CHECK NEEDED", "▲", 3),
                ("DUE DILIGENCE", "●", 0),
                ("NO INDICATOR FOUND", "○", 1),
            ]
        );
        assert!((bars[2].percent - 75.0).abs() < 1e-9);
        assert_eq!(bars[2].class, "tier-check-needed");
    }

    #[test]
    fn top_findings_are_ten_by_count_then_code() {
        let mut s = Summary {
            reports: 100,
            ..Summary::default()
        };
        // Twelve codes; counts tie in pairs, so the code decides within a pair.
        for (i, code) in FindingCode::ALL.iter().take(12).enumerate() {
            s.by_finding_title
                .insert(code.code().to_string(), 20 - i / 2);
        }
        let bars = finding_bars(&s);
        assert_eq!(bars.len(), TOP_FINDINGS);
        for pair in bars.windows(2) {
            assert!(
                pair[0].count > pair[1].count
                    || (pair[0].count == pair[1].count && pair[0].label < pair[1].label),
                "{pair:?}"
            );
        }
        let mut expected: Vec<(usize, &str)> = FindingCode::ALL
            .iter()
            .take(12)
            .enumerate()
            .map(|(i, c)| (20 - i / 2, c.code()))
            .collect();
        expected.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        let got: Vec<(usize, &str)> = bars.iter().map(|b| (b.count, b.label.as_str())).collect();
        assert_eq!(got, expected[..10]);
        assert!((bars[0].percent - 20.0).abs() < 1e-9);
        assert!(bars.iter().all(|b| !b.code && b.class.is_empty()));
    }

    #[test]
    fn answer_bars_by_count_then_value_with_the_rest_counted() {
        let mut q = QuestionCounts {
            id: "org_loc".into(),
            answered: 10,
            ..QuestionCounts::default()
        };
        for (i, id) in ["eu", "uk", "us", "other"].iter().enumerate() {
            q.by_value
                .insert(AnswerValue::Option((*id).into()), [4, 4, 1, 2][i]);
        }
        q.by_value.insert(AnswerValue::NotSure, 2);
        let (bars, more) = answer_bars(&q);
        let got: Vec<(&str, usize)> = bars.iter().map(|b| (b.label.as_str(), b.count)).collect();
        assert_eq!(
            got,
            [
                ("eu", 4),
                ("uk", 4),
                ("other", 2),
                ("Not sure", 2),
                ("us", 1)
            ]
        );
        assert_eq!(more, 0);
        assert!((bars[0].percent - 40.0).abs() < 1e-9);
        assert_eq!(bars[3].class, "muted");

        for i in 0..20 {
            q.by_value
                .insert(AnswerValue::Number(NumberRange::Decade(i % 10)), 1);
            q.by_value
                .insert(AnswerValue::Option(format!("o{i:02}")), 1);
        }
        let (bars, more) = answer_bars(&q);
        assert_eq!(bars.len(), TOP_ANSWERS);
        assert_eq!(more, 5 + 10 + 20 - TOP_ANSWERS);
    }

    #[test]
    fn values_fit_right_of_the_longest_bar_and_long_labels_wrap_above() {
        let bar = |label: &str, count: usize, of: usize| Bar {
            label: label.into(),
            symbol: "",
            count,
            of,
            percent: percent(count, of),
            class: "",
            code: false,
        };
        for bars in [
            vec![bar("Short", 10_000, 10_000), bar("Other", 1, 10_000)],
            vec![bar(&"A long finding title ".repeat(12), 3, 3)],
        ] {
            let mut o = String::new();
            svg(&mut o, "x", "t", &bars);
            // The full bar's value: its x plus its width stays inside the chart.
            let value = o.split("<text class=\"value\" x=\"").nth(1).unwrap();
            let x: f64 = value[..value.find('"').unwrap()].parse().unwrap();
            let text =
                value[value.find('>').unwrap() + 1..value.find("</text>").unwrap()].to_string();
            assert!(
                x + text_width(&text, false) * 1.1 <= WIDTH,
                "{x} + {text} in {o}"
            );
        }
        let lines = wrap(&"A long finding title ".repeat(12), WIDTH - GAP);
        assert_eq!(lines.len(), LINES);
        assert!(lines[1].ends_with(" …"), "{lines:?}");
        assert!(lines.iter().all(|l| text_width(l, false) <= WIDTH - GAP));
        assert_eq!(wrap("Short title", WIDTH), ["Short title"]);
    }

    #[test]
    fn the_svg_escapes_labels_and_titles() {
        let bar = Bar {
            label: "<script>\u{1b}[2J".into(),
            symbol: "",
            count: 1,
            of: 1,
            percent: 100.0,
            class: "",
            code: true,
        };
        let mut o = String::new();
        svg(&mut o, "x", "a \"title\" </svg>", &[bar]);
        assert!(!o.contains("<script"), "{o}");
        assert!(!o.contains('\u{1b}'));
        assert!(o.contains("&lt;script&gt;"));
        assert!(o.contains("a &quot;title&quot; &lt;/svg&gt;"));
        assert_eq!(o.matches("</svg>").count(), 1);
    }
}
