//! A table of invalid questionnaires: each must be rejected with the expected kind of problem at
//! the expected line and column, and every problem of a file must be reported at once.

use dualcheck::diag::{Diagnostic, Severity, Sources};
use dualcheck::questionnaire::load::load;

const HEADER: &str = r#"[questionnaire]
id = "t"
title = "T"
description = "D"
version = "1"
legal_data_as_of = 2025-11-15

[[section]]
id = "s"
title = "S"

[[reference]]
id = "r"
title = "R"
issuer = "I"
date = "2021"
"#;

const Q_CHOICE: &str = r#"
[[question]]
id = "a"
section = "s"
kind = "single"
text = "A?"
help = "h"
options = [{ id = "x", label = "X" }, { id = "y", label = "Y" }]
not_sure = true
"#;

const Q_MULTI: &str = r#"
[[question]]
id = "m"
section = "s"
kind = "multiple"
text = "M?"
help = "h"
options = [{ id = "p", label = "P" }, { id = "q", label = "Q" }]
"#;

fn diagnostics(body: &str) -> (Sources, Vec<dualcheck::diag::Diagnostic>) {
    let mut sources = Sources::default();
    let f = sources.add("t.toml", format!("{HEADER}{body}"));
    let loaded = load(&sources, &[f], "test");
    let d = loaded.diagnostics;
    (sources, d)
}

fn rule(when: &str) -> String {
    format!(
        "\n[[rule]]\nid = \"r1\"\nwhen = '{when}'\nfinding = \"listed-dual-use\"\ntier = \"check-needed\"\ntitle = \"T\"\nrationale = \"R\"\nguidance = [\"G\"]\nreferences = [\"r\"]\n"
    )
}

/// The header is 16 lines; each appended block starts with a blank line.
const B: usize = 17;

#[test]
fn each_invalid_questionnaire_is_rejected_at_its_position() {
    // Q_CHOICE spans lines B..B+8; the rule block starts with a blank line, then [[rule]], id, when.
    let r1_when_line = B + 12;
    let cases: Vec<(&str, String, &str, usize, usize)> = vec![
        ("toml syntax", format!("{Q_CHOICE}\n[[question]\nid = 1"), "toml", B + 10, 12),
        ("unknown field", format!("{Q_CHOICE}tittle = \"x\"\n"), "unknown-field", B + 9, 1),
        ("unknown kind", Q_CHOICE.replace("\"single\"", "\"singel\""), "unknown-value", B + 4, 8),
        ("duplicate question", format!("{Q_CHOICE}{Q_CHOICE}"), "duplicate-id", B + 11, 6),
        ("unknown section", Q_CHOICE.replace("section = \"s\"", "section = \"z\""), "unknown-section", B + 3, 11),
        ("unknown question in rule", format!("{Q_CHOICE}{}", rule("b == \"x\"")), "unknown-question", r1_when_line, 9),
        ("unknown option in rule", format!("{Q_CHOICE}{}", rule("a == \"xx\"")), "unknown-option", r1_when_line, 14),
        ("option of another question", format!("{Q_CHOICE}{Q_MULTI}{}", rule("a == \"p\"")), "unknown-option", r1_when_line + 8, 14),
        ("numeric comparison on choice", format!("{Q_CHOICE}{}", rule("a >= 3")), "type-mismatch", r1_when_line, 9),
        ("has on single choice", format!("{Q_CHOICE}{}", rule("a has \"x\"")), "type-mismatch", r1_when_line, 9),
        ("== on multiple choice", format!("{Q_MULTI}{}", rule("m == \"p\"")), "type-mismatch", r1_when_line - 1, 9),
        ("expression syntax", format!("{Q_CHOICE}{}", rule("a = \"x\"")), "expression-syntax", r1_when_line, 11),
        ("unknown finding code", format!("{Q_CHOICE}{}", rule("a == \"x\"")).replace("listed-dual-use", "not-controlled"), "unknown-value", r1_when_line + 1, 11),
        ("unknown reference", format!("{Q_CHOICE}{}", rule("a == \"x\"")).replace("[\"r\"]", "[\"rr\"]"), "unknown-reference", r1_when_line + 6, 15),
        ("missing default route", Q_CHOICE.replace("not_sure = true", "next = [{ if = 'a == \"x\"', goto = \"end\" }]"), "missing-default", B + 8, 16),
        ("goto unknown question", Q_CHOICE.replace("not_sure = true", "next = [{ goto = \"nowhere\" }]"), "unknown-question", B + 8, 18),
        ("cycle", format!("{Q_CHOICE}{}", Q_MULTI.replace("options =", "next = [{ goto = \"a\" }]\noptions =")), "cycle", B + 16, 18),
        ("unreachable", Q_CHOICE.replace("not_sure = true", "next = [{ goto = \"end\" }]") + Q_MULTI, "unreachable", B + 11, 6),
        ("dead end: no options", Q_CHOICE.replace("options = [{ id = \"x\", label = \"X\" }, { id = \"y\", label = \"Y\" }]\n", ""), "dead-end", B + 4, 8),
        ("dead end: empty range", "\n[[question]]\nid = \"n\"\nsection = \"s\"\nkind = \"number\"\ntext = \"N?\"\nhelp = \"h\"\nmin = 5\nmax = 1\n".to_string(), "dead-end", B + 4, 8),
        ("reserved id", Q_CHOICE.replace("id = \"a\"", "id = \"end\""), "reserved-id", B + 2, 6),
        ("forward reference", format!("{}{Q_MULTI}", Q_CHOICE.replace("not_sure = true", "show_if = 'm has \"p\"'")), "forward-reference", B + 2, 6),
        ("not sure on text", "\n[[question]]\nid = \"t1\"\nsection = \"s\"\nkind = \"text\"\ntext = \"T?\"\nhelp = \"h\"\nnot_sure = true\n".to_string(), "not-sure-not-allowed", B + 7, 12),
        ("not_sure() without not sure", format!("{Q_MULTI}{}", rule("not_sure(m)")), "type-mismatch", r1_when_line - 1, 18),
        ("required text with max_length = 0", "\n[[question]]\nid = \"t0\"\nsection = \"s\"\nkind = \"text\"\ntext = \"T?\"\nhelp = \"h\"\nmax_length = 0\n".to_string(), "unanswerable", B + 2, 6),
        ("integer with a fractional range", "\n[[question]]\nid = \"n\"\nsection = \"s\"\nkind = \"number\"\ntext = \"N?\"\nhelp = \"h\"\nmin = 0.5\nmax = 9\ninteger = true\n".to_string(), "dead-end", B + 9, 11),
        ("integer on a choice", format!("{Q_CHOICE}integer = true\n"), "field-not-allowed", B + 9, 11),
        ("exclusive on single choice", Q_CHOICE.replace("label = \"Y\" }", "label = \"Y\", exclusive = true }"), "field-not-allowed", B + 7, 76),
    ];
    // An optional text question may have max_length = 0 (only an empty answer): no error.
    let (_, diags) = diagnostics(
        "\n[[question]]\nid = \"t0\"\nsection = \"s\"\nkind = \"text\"\ntext = \"T?\"\nhelp = \"h\"\nrequired = false\nmax_length = 0\n",
    );
    assert!(diags.iter().all(|d| d.kind != "unanswerable"), "{diags:?}");
    let mut failures = Vec::new();
    for (name, body, kind, line, col) in &cases {
        let (sources, diags) = diagnostics(body);
        let found = diags.iter().find(|d| d.kind == *kind);
        match found {
            None => failures.push(format!(
                "{name}: expected {kind}, got {:?}",
                diags.iter().map(|d| d.kind).collect::<Vec<_>>()
            )),
            Some(d) => {
                let loc = d.location.as_ref().expect("located");
                let got = sources.line_col(loc.file, loc.span.start);
                if got != (*line, *col) {
                    failures.push(format!(
                        "{name}: expected {line}:{col}, got {}:{}\n{}",
                        got.0,
                        got.1,
                        sources.render(d)
                    ));
                }
                let rendered = sources.render(d);
                assert!(
                    rendered.contains(&format!("t.toml:{}:{}", got.0, got.1)),
                    "{rendered}"
                );
                assert!(rendered.contains('^'), "{rendered}");
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn suggestions_name_the_closest_id() {
    let (sources, diags) =
        diagnostics(&format!("{Q_CHOICE}{}", rule("a == \"xy\" or aa == \"x\"")));
    let text = sources.render_all(&diags);
    assert!(
        text.contains("did you mean `x`?") || text.contains("did you mean `y`?"),
        "{text}"
    );
    assert!(text.contains("did you mean `a`?"), "{text}");
}

#[test]
fn every_problem_of_a_file_is_reported_at_once() {
    let body = format!(
        "{}{}{}",
        Q_CHOICE.replace("section = \"s\"", "section = \"z\""),
        rule("b == \"x\""),
        rule("a == \"nope\"").replace("r1", "r2")
    );
    let (_, diags) = diagnostics(&body);
    let kinds: Vec<&str> = diags.iter().map(|d| d.kind.as_str()).collect();
    for k in ["unknown-section", "unknown-question", "unknown-option"] {
        assert!(kinds.contains(&k), "{kinds:?}");
    }
}

#[test]
fn warnings_do_not_fail_the_load() {
    let body = Q_CHOICE.replace("help = \"h\"\n", "");
    let mut sources = Sources::default();
    let f = sources.add("t.toml", format!("{HEADER}{body}"));
    let loaded = load(&sources, &[f], "test");
    assert!(loaded.questionnaire.is_some());
    assert!(
        loaded
            .diagnostics
            .iter()
            .any(|d| d.kind == "no-help" && d.severity == Severity::Warning)
    );
}

#[test]
fn rule_that_can_never_fire_is_a_warning() {
    let body = format!(
        "{}{}{}",
        Q_CHOICE.replace(
            "not_sure = true",
            "next = [{ if = 'a == \"x\"', goto = \"end\" }, { goto = \"m\" }]\nnot_sure = true"
        ),
        Q_MULTI,
        rule("a == \"x\" and m has \"p\"")
    );
    let (_, diags) = diagnostics(&body);
    assert!(
        !diags.iter().any(|d| d.kind == "rule-never-fires"),
        "a and m can be on one path (a = y): {diags:?}"
    );
    // Split the path: m only after a skip route that cannot reach... make m unreachable from a == x.
    let body = format!(
        "{}{}\n[[question]]\nid = \"z\"\nsection = \"s\"\nkind = \"yes_no\"\ntext = \"Z?\"\nhelp = \"h\"\n{}",
        Q_CHOICE.replace(
            "not_sure = true",
            "next = [{ if = 'a == \"x\"', goto = \"z\" }, { goto = \"m\" }]\nnot_sure = true"
        ),
        Q_MULTI.replace("options =", "next = [{ goto = \"end\" }]\noptions ="),
        rule("m has \"p\" and z == \"yes\"")
    );
    let (sources, diags) = diagnostics(&body);
    let d = diags
        .iter()
        .find(|d| d.kind == "rule-never-fires")
        .unwrap_or_else(|| panic!("{diags:?}"));
    assert_eq!(d.severity, Severity::Warning);
    assert!(sources.render(d).contains("never on one path"));
}

#[test]
fn hostile_input_never_panics() {
    for body in [
        "\u{0}\u{1b}[2J",
        "[[question]]\nid = \"\u{1b}[2J\"",
        "[questionnaire]\nid = \"x\"",
        "[[rule]]\nwhen = '((((((((((((((((((((((((((((((((((((((a == 1))))))))))))))))))))))))))))))))))))))'",
        &"x".repeat(100_000),
        &format!("a = {}{}", "[".repeat(200_000), "]".repeat(200_000)),
        &format!("a = {}1{}", "{b=".repeat(50_000), "}".repeat(50_000)),
    ] {
        let _ = diagnostics(body);
        let mut sources = Sources::default();
        let f = sources.add("t.toml", body.to_string());
        let loaded = load(&sources, &[f], "test");
        for d in &loaded.diagnostics {
            let text = sources.render(d);
            assert!(!text.contains('\u{1b}'), "{text}");
        }
    }
}

#[test]
fn unknown_fields_in_several_tables_are_all_reported() {
    let body = format!(
        "{}{}\n[[sectoin]]\nid = \"x\"\n",
        Q_CHOICE.replace("help = \"h\"", "help = \"h\"\nexemples = [\"x\"]"),
        Q_MULTI.replace("help = \"h\"", "help = \"h\"\nnotsure = true")
    );
    let (sources, diags) = diagnostics(&body);
    let text = sources.render_all(&diags);
    assert!(text.contains("unknown field `exemples`"), "{text}");
    assert!(text.contains("did you mean `examples`?"), "{text}");
    assert!(text.contains("unknown field `notsure`"), "{text}");
    assert!(text.contains("did you mean `not_sure`?"), "{text}");
    assert!(text.contains("unknown table `sectoin`"), "{text}");
    assert!(text.contains("did you mean `section`?"), "{text}");
    assert_eq!(diags.iter().filter(|d| d.is_error()).count(), 3, "{text}");
}

#[test]
fn several_syntax_errors_are_reported_together() {
    let (_, diags) = diagnostics(
        "\n[[question]]\nid = \nsection = \"s\"\n\n[[question]]\nid = \"b\"\ntext = \"unterminated\n",
    );
    assert!(
        diags.iter().filter(|d| d.kind == "toml").count() >= 2,
        "{diags:?}"
    );
}

/// A pack with one reference of the given extra lines, and one rule citing `cite`.
fn reference_pack(reference_extra: &str, cite: &str) -> Vec<Diagnostic> {
    let text = format!(
        "{}\n{reference_extra}\n{Q_CHOICE}{}",
        HEADER.trim_end(),
        rule("a == \"x\"").replace(
            "references = [\"r\"]",
            &format!("jurisdiction = \"any\"\nreferences = [\"{cite}\"]")
        )
    );
    let mut sources = Sources::default();
    let f = sources.add("t.toml", text);
    let loaded = load(&sources, &[f], "test");
    assert!(
        loaded.questionnaire.is_some(),
        "{}",
        sources.render_all(&loaded.diagnostics)
    );
    loaded.diagnostics
}

/// A structural error stops the pack from being built; the conditions' syntax is still checked,
/// in every table and in a file of its own, so one run shows both.
#[test]
fn condition_syntax_errors_are_reported_with_structural_ones() {
    let broken_question = Q_CHOICE.replace("not_sure = true", "not_sure = true\ncolour = \"red\"");
    let body = format!(
        "{broken_question}{}{}",
        rule("a == \"x\" or").replace("tier = \"check-needed\"", "tier = \"check\""),
        "\n[[question]]\nid = \"b\"\nsection = \"s\"\nkind = \"yes_no\"\ntext = \"B?\"\n\
         show_if = 'a == \"x\" and and'\n\n[[question.next]]\nif = '(a == \"x\"'\ngoto = \"end\"\n"
    );
    let (sources, diags) = diagnostics(&body);
    let k = kinds(&diags);
    assert!(k.contains(&"unknown-field"), "{k:?}");
    assert!(k.contains(&"unknown-value"), "{k:?}");
    let syntax: Vec<String> = diags
        .iter()
        .filter(|d| d.kind == "expression-syntax")
        .map(|d| sources.render(d))
        .collect();
    assert_eq!(syntax.len(), 3, "{syntax:?}");
    assert!(
        syntax.iter().any(|r| r.contains("when = 'a == \"x\" or'")),
        "{syntax:?}"
    );
    assert!(syntax.iter().any(|r| r.contains("and and")), "{syntax:?}");
    assert!(syntax.iter().any(|r| r.contains("if = '(a")), "{syntax:?}");

    // A sound file beside a broken one: its conditions are checked too.
    let mut sources = Sources::default();
    let good = sources.add(
        "a.toml",
        format!("{HEADER}{Q_CHOICE}{}", rule("a == \"x\" and")),
    );
    let bad = sources.add("b.toml", "[[question]]\nid = 1\n".to_string());
    let loaded = load(&sources, &[good, bad], "test");
    assert!(
        loaded
            .diagnostics
            .iter()
            .any(|d| d.kind == "expression-syntax"
                && d.location.as_ref().is_some_and(|l| l.file == good)),
        "{:?}",
        loaded.diagnostics
    );
    // A valid pack is not checked twice: one error per broken condition.
    let (_, diags) = diagnostics(&format!("{Q_CHOICE}{}", rule("a == \"x\" or")));
    let errors: Vec<&str> = diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.kind.as_str())
        .collect();
    assert_eq!(errors, ["expression-syntax"], "{diags:?}");
}

fn kinds(diags: &[Diagnostic]) -> Vec<&'static str> {
    diags.iter().map(|d| d.kind.as_str()).collect()
}

#[test]
fn a_legal_reference_without_an_address_is_a_warning() {
    let diags = reference_pack("", "r Art. 1");
    assert!(kinds(&diags).contains(&"no-url"), "{diags:?}");
    let d = diags.iter().find(|d| d.kind == "no-url").unwrap();
    assert_eq!(d.severity, Severity::Warning);
    assert!(d.message.contains("`r`"), "{}", d.message);
    // A legal reference with an address, and sources that are not legal instruments, are fine.
    for extra in [
        "url = \"https://eur-lex.europa.eu/eli/reg/2021/821/oj\"",
        "kind = \"law\"\nurl = \"https://www.ecfr.gov/current/title-15\"",
        "kind = \"guidance\"",
        "kind = \"study\"",
    ] {
        let diags = reference_pack(extra, "r Art. 1");
        assert!(!kinds(&diags).contains(&"no-url"), "{extra}: {diags:?}");
    }
}

#[test]
fn citing_a_legal_instrument_without_a_pinpoint_is_a_warning() {
    let url = "url = \"https://example.org/r\"";
    let diags = reference_pack(url, "r");
    assert_eq!(kinds(&diags), ["no-pinpoint"], "{diags:?}");
    assert_eq!(diags[0].severity, Severity::Warning);
    assert!(diags[0].message.contains("`r1`") && diags[0].message.contains("`r`"));
    assert!(
        diags[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("r Art. 4(1)")
    );
    // With a pinpoint, or when the source is not a legal instrument, there is no warning.
    assert!(reference_pack(url, "r Art. 5(2)").is_empty());
    assert!(reference_pack(url, "r § 734.8(a)").is_empty());
    assert!(reference_pack("kind = \"guidance\"", "r").is_empty());
    assert!(reference_pack("kind = \"study\"", "r").is_empty());
}

#[test]
fn an_unknown_reference_kind_is_an_error() {
    let mut sources = Sources::default();
    let f = sources.add(
        "t.toml",
        format!("{}\nkind = \"opinion\"\n{Q_CHOICE}", HEADER.trim_end()),
    );
    let loaded = load(&sources, &[f], "test");
    assert!(loaded.questionnaire.is_none());
    assert!(loaded.diagnostics.iter().any(Diagnostic::is_error));
}
