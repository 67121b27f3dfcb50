//! Read-only views of a questionnaire's logic for people who review content: the `explain` logic
//! report (Markdown) and the `graph` of the branching structure (Graphviz dot or Mermaid).

use std::fmt::Write as _;

use crate::questionnaire::expr::Expr;
use crate::questionnaire::graph::end_target;
use crate::questionnaire::model::Target;
use crate::questionnaire::{Kind, OptionIx, QuestionIx, Questionnaire};
use crate::report::markdown::{escape, reference_markdown};

/// A condition in plain words, as Markdown (question texts and labels escaped).
pub fn describe(q: &Questionnaire, e: &Expr) -> String {
    let qt = |i: QuestionIx| {
        format!(
            "“{}” (`{}`)",
            escape(&q.questions[i].text),
            q.questions[i].id
        )
    };
    let labels = |i: QuestionIx, opts: &[OptionIx]| {
        opts.iter()
            .map(|&o| format!("“{}”", escape(&q.questions[i].options[o].label)))
            .collect::<Vec<_>>()
            .join(" or ")
    };
    match e {
        Expr::And(items) => items
            .iter()
            .map(|x| wrap(q, x))
            .collect::<Vec<_>>()
            .join(" AND "),
        Expr::Or(items) => items
            .iter()
            .map(|x| wrap(q, x))
            .collect::<Vec<_>>()
            .join(" OR "),
        Expr::Not(x) => format!("NOT {}", wrap(q, x)),
        Expr::Answered(i) => format!("{} is answered", qt(*i)),
        Expr::NotSure(i) => format!("{} is answered “Not sure”", qt(*i)),
        Expr::OneOf(i, opts) => format!("{} is {}", qt(*i), labels(*i, opts)),
        Expr::NoneOf(i, opts) => format!("{} is answered and is not {}", qt(*i), labels(*i, opts)),
        Expr::HasAny(i, opts) => format!("{} includes {}", qt(*i), labels(*i, opts)),
        Expr::Number(i, op, n) => format!("{} {} {n}", qt(*i), op.symbol()),
    }
}

fn wrap(q: &Questionnaire, e: &Expr) -> String {
    match e {
        Expr::And(_) | Expr::Or(_) => format!("({})", describe(q, e)),
        _ => describe(q, e),
    }
}

/// The logic report for an export-control officer.
pub fn explain(q: &Questionnaire) -> String {
    let mut o = String::new();
    let m = &q.meta;
    let _ = writeln!(o, "# Logic of `{}`: {}\n", m.id, escape(&m.title));
    let _ = writeln!(
        o,
        "Version {} · legal data as of {} · {} questions · {} rules · content hash `{}`\n",
        m.version,
        m.legal_data_as_of,
        q.questions.len(),
        q.rules.len(),
        q.hash
    );
    let _ = writeln!(o, "{}\n", escape(&m.description));
    let _ = writeln!(
        o,
        "A finding fires when its condition is true on the answers of the path the user took. A comparison on \
         a question that was not answered, answered “Not sure” or not on the path is false. The program adds an \
         `information-missing` finding (check-needed) for every “Not sure” answer and every required question \
         left unanswered, and a disclaimer to every report.\n"
    );
    let _ = writeln!(o, "## Findings\n");
    for r in &q.rules {
        let _ = writeln!(o, "### `{}`: {}\n", r.id, escape(&r.title));
        let _ = writeln!(
            o,
            "- **Finding:** `{}` ({}) · **Tier:** {}",
            r.finding,
            r.finding.meaning(),
            r.tier.label()
        );
        if let Some(a) = &r.list_area {
            let _ = writeln!(o, "- **Likely list area:** {}", escape(a));
        }
        let _ = writeln!(o, "- **Fires when:** {}\n", describe(q, &r.when));
        let _ = writeln!(o, "{}\n", escape(&r.rationale));
        for (i, g) in r.guidance.iter().enumerate() {
            let _ = writeln!(o, "{}. {}", i + 1, escape(g));
        }
        if !r.references.is_empty() {
            let _ = writeln!(
                o,
                "\nSources: {}",
                r.references
                    .iter()
                    .map(|(i, pinpoint)| {
                        reference_markdown(&crate::questionnaire::model::Reference {
                            pinpoint: pinpoint.clone(),
                            ..q.references[*i].clone()
                        })
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            );
        }
        o.push('\n');
    }
    let _ = writeln!(o, "## Questions\n");
    for (i, question) in q.questions.iter().enumerate() {
        let i = QuestionIx(i);
        let _ = writeln!(
            o,
            "### `{}` ({}, section “{}”)\n",
            question.id,
            question.kind.code(),
            escape(&q.sections[question.section].title)
        );
        let _ = writeln!(o, "{}\n", escape(&question.text));
        if let Some(s) = &question.show_if {
            let _ = writeln!(o, "- **Asked only when:** {}", describe(q, s));
        }
        for nr in &question.next {
            let target = match nr.goto {
                Target::Question(t) => format!("`{}`", q.questions[t].id),
                Target::End => "the end".into(),
            };
            match &nr.when {
                Some(w) => {
                    let _ = writeln!(o, "- **Then goes to** {target} when {}", describe(q, w));
                }
                None => {
                    let _ = writeln!(o, "- **Otherwise goes to** {target}");
                }
            }
        }
        if question.not_sure {
            let _ = writeln!(o, "- Offers “Not sure”.");
        }
        let used_by: Vec<String> = q
            .rules
            .iter()
            .filter(|r| r.when.questions().contains(&i))
            .map(|r| format!("`{}` ({})", r.id, r.finding))
            .collect();
        let shown: Vec<String> = q
            .questions
            .iter()
            .filter(|x| {
                x.show_if
                    .as_ref()
                    .is_some_and(|s| s.questions().contains(&i))
            })
            .map(|x| format!("`{}`", x.id))
            .collect();
        let _ = writeln!(
            o,
            "- **Used by findings:** {}",
            if used_by.is_empty() {
                "none".into()
            } else {
                used_by.join(", ")
            }
        );
        if !shown.is_empty() {
            let _ = writeln!(
                o,
                "- **Decides whether these are asked:** {}",
                shown.join(", ")
            );
        }
        o.push('\n');
    }
    o
}

/// Edges of the branching structure: (from, to or `None` for the end, label).
fn edges(q: &Questionnaire) -> Vec<(QuestionIx, Option<QuestionIx>, String)> {
    let n = q.questions.len();
    let mut out = Vec::new();
    for (i, question) in q.questions.iter().enumerate() {
        let i = QuestionIx(i);
        let next = (i.get() + 1 < n).then_some(i.next());
        if question.show_if.is_some() {
            out.push((i, next, "skipped".into()));
        }
        if question.next.is_empty() {
            out.push((i, next, String::new()));
        }
        for nr in &question.next {
            let to = match nr.goto {
                Target::Question(t) => Some(t),
                Target::End => end_target(q, i),
            };
            let label = if nr.when.is_some() {
                "if".to_string()
            } else {
                "default".to_string()
            };
            out.push((i, to, label));
        }
    }
    out
}

/// The branching structure in Graphviz dot.
pub fn dot(q: &Questionnaire) -> String {
    let mut o = format!(
        "digraph \"{}\" {{\n  rankdir=TB;\n  node [shape=box];\n",
        q.meta.id
    );
    for question in &q.questions {
        let style = if question.show_if.is_some() {
            ", style=dashed"
        } else {
            ""
        };
        let kind = if question.kind == Kind::Info {
            "note"
        } else {
            question.kind.code()
        };
        let _ = writeln!(
            o,
            "  \"{}\" [label=\"{}\\n({kind})\"{style}];",
            question.id, question.id
        );
    }
    o.push_str("  \"end\" [shape=doublecircle];\n");
    for (from, to, label) in edges(q) {
        let to = to.map_or("end", |t| q.questions[t].id.as_str());
        let _ = writeln!(
            o,
            "  \"{}\" -> \"{to}\" [label=\"{label}\"];",
            q.questions[from].id
        );
    }
    o.push_str("}\n");
    o
}

/// The branching structure as a Mermaid flowchart.
pub fn mermaid(q: &Questionnaire) -> String {
    let mut o = String::from("flowchart TD\n");
    for (i, question) in q.questions.iter().enumerate() {
        let _ = writeln!(o, "  q{i}[\"{}\"]", question.id);
    }
    o.push_str("  end_((end))\n");
    for (from, to, label) in edges(q) {
        let to = to.map_or("end_".to_string(), |t| format!("q{}", t.get()));
        if label.is_empty() {
            let _ = writeln!(o, "  q{} --> {to}", from.get());
        } else {
            let _ = writeln!(o, "  q{} -->|{label}| {to}", from.get());
        }
    }
    o
}
