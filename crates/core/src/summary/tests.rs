//! Unit tests of the summary: counting, duplicates, and every output format.

use super::*;

/// A report of session `session`: reports of different sessions have answers of their own.
fn report(verdict: &str, codes: &[&str], session: usize) -> String {
    session_report(verdict, codes, session, "2026-11-30T09:00:00Z")
}

/// A report of one session (its answers) written at a time.
fn session_report(verdict: &str, codes: &[&str], session: usize, at: &str) -> String {
    let findings: Vec<String> = codes
        .iter()
        .map(|c| format!("{{\"code\":\"{c}\",\"title\":\"secret\"}}"))
        .collect();
    format!(
        "{{\"schema\":\"{SCHEMA}\",\"questionnaire\":{{\"id\":\"q\",\"title\":\"T\",\"version\":\"1.0\",\
         \"hash\":\"h\",\"legal_data_as_of\":\"2025-11-15\"}},\"generated_at\":\"{at}\",\
         \"verdict\":\"{verdict}\",\"findings\":[{}],\
         \"answers\":{{\"x\":{{\"label\":\"private answer\"}},\"n\":{{\"value\":{session}}}}}}}",
        findings.join(",")
    )
}

#[test]
fn counts_reports_and_skips_foreign_files() {
    let mut s = Summary::default();
    s.add(
        "a",
        report(
            "stop",
            &["sanctions", "sanctions", "restricted-party"],
            1001,
        )
        .as_bytes(),
    );
    s.add("b", report("no-indicator", &[], 1002).as_bytes());
    s.add("c", b"not json");
    s.add("d", b"{\"schema\":\"other/1\"}");
    s.add("e", b"  ");
    s.add("f", b"[1,2]");
    assert_eq!(s.reports, 2);
    assert_eq!(s.by_verdict[&Tier::Stop], 1);
    assert_eq!(s.by_finding[&FindingCode::Sanctions], 1);
    assert_eq!(s.by_questionnaire[&("q".into(), "1.0".into())], 2);
    let reasons: Vec<&str> = s.skipped.iter().map(|k| k.reason.as_str()).collect();
    assert_eq!(
        reasons,
        [
            "not JSON",
            "not a dualcheck report (schema `other/1`)",
            "empty file",
            "not a dualcheck report (no `schema`)"
        ]
    );
}

#[test]
fn output_never_contains_answers_or_titles() {
    let mut s = Summary::default();
    s.add(
        "a",
        report("check-needed", &["listed-dual-use"], 1003).as_bytes(),
    );
    for out in [s.to_markdown(), s.to_json(), s.to_csv()] {
        assert!(!out.contains("private answer"), "{out}");
        assert!(!out.contains("secret"), "{out}");
    }
    assert!(s.to_csv().contains("verdict,check-needed,,1\n"));
}

/// A report with one answer to `q` (`value` is JSON text).
fn answered(session: usize, value: &str, label: &str) -> String {
    report("no-indicator", &[], session).replace(
        "\"answers\":{",
        &format!(
            "\"answers\":{{\"q\":{{\"question\":\"Q?\",\"section\":\"S\",\"value\":{value},\"label\":{label:?}}},"
        ),
    )
}

#[test]
fn only_id_shaped_answers_are_counted() {
    use serde_json::json;
    let opt = |s: &str| AnswerValue::Option(s.into());
    assert_eq!(
        classify(&json!("eu"), Some("In the EU")),
        Some(vec![opt("eu")])
    );
    assert_eq!(
        classify(&json!("not_sure"), Some("Not sure")),
        Some(vec![AnswerValue::NotSure])
    );
    assert_eq!(
        classify(&json!(["uk", "eu", "eu"]), Some("In the UK; In the EU")),
        Some(vec![opt("eu"), opt("uk")])
    );
    assert_eq!(
        classify(&json!([]), Some("None of these")),
        Some(vec![AnswerValue::NothingSelected])
    );
    assert_eq!(
        classify(&json!(120), Some("120 minutes")),
        Some(vec![AnswerValue::Number(NumberRange::Decade(2))])
    );
    // Free text: not id-shaped, or a text answer whose label is the text itself.
    for (value, label) in [
        (json!("Secret Project Berlin"), "Secret Project Berlin"),
        (json!("berlin"), "berlin"),
        (json!("Eu"), "In the EU"),
        (json!("<script>"), "x"),
        (json!("a".repeat(65)), "x"),
        (json!(""), ""),
        (json!(["eu", "free text"]), "x"),
        (json!([1]), "x"),
        (json!(true), "x"),
        (json!(null), "x"),
        (json!({"eu": 1}), "x"),
    ] {
        assert_eq!(classify(&value, Some(label)), None, "{value}");
    }
}

#[test]
fn numbers_are_counted_by_order_of_magnitude() {
    let range = |n: f64| AnswerValue::Number(NumberRange::of(n)).label();
    assert_eq!(range(-3.0), "below 0");
    assert_eq!(range(0.0), "0 to under 1");
    assert_eq!(range(0.99), "0 to under 1");
    assert_eq!(range(1.0), "1 to under 10");
    assert_eq!(range(9.99), "1 to under 10");
    assert_eq!(range(60.0), "10 to under 100");
    assert_eq!(range(1000.0), "1,000 to under 10,000");
    assert_eq!(range(1e9), "1,000,000,000 or more");
    assert_eq!(range(1e300), "1,000,000,000 or more");
    assert!(NumberRange::of(5.0) < NumberRange::of(50.0));
}

#[test]
fn the_chosen_question_is_counted_and_nothing_else_is_read() {
    let mut s = Summary::for_question(Some("q"));
    s.add("1", answered(2002, "\"eu\"", "In the EU").as_bytes());
    s.add("2", answered(2003, "\"eu\"", "In the EU").as_bytes());
    s.add(
        "3",
        answered(2004, "[\"eu\",\"uk\"]", "In the EU; In the UK").as_bytes(),
    );
    s.add(
        "4",
        answered(2005, "\"my secret lab\"", "my secret lab").as_bytes(),
    );
    s.add("5", answered(2006, "\"lab\"", "lab").as_bytes());
    s.add("6", report("stop", &[], 1005).as_bytes());
    s.add("7", answered(2007, "\"not_sure\"", "Not sure").as_bytes());
    let q = s.question.as_ref().unwrap();
    assert_eq!(s.reports, 7);
    assert_eq!((q.answered, q.not_counted, q.unanswered), (4, 2, 1));
    let counts: Vec<(String, usize)> = q.by_value.iter().map(|(v, n)| (v.label(), *n)).collect();
    assert_eq!(
        counts,
        [("eu".into(), 3), ("uk".into(), 1), ("Not sure".into(), 1)]
    );
    let html = s.to_html();
    assert!(!html.contains("secret"), "{html}");
    assert!(!html.contains(">lab<"), "{html}");

    // Without a question, answers are not read at all, even when they are not valid JSON
    // shapes for an answer; with one, the other answers are skipped unread too.
    let odd = report("stop", &[], 1006).replace("\"answers\":{", "\"answers\":{\"z\":[{}],");
    let mut plain = Summary::default();
    plain.add("odd", odd.as_bytes());
    let mut chosen = Summary::for_question(Some("q"));
    chosen.add("odd", odd.as_bytes());
    assert_eq!((plain.reports, chosen.reports), (1, 1));
    assert!(plain.question.is_none());
    assert_eq!(chosen.question.unwrap().unanswered, 1);
    // The reader still rejects what the derived one did.
    let mut s = Summary::for_question(Some("q"));
    s.add("a", format!("{{\"schema\":\"{SCHEMA}\"}}").as_bytes());
    s.add(
        "b",
        format!("{} trailing", report("stop", &[], 1007)).as_bytes(),
    );
    s.add("c", report("maybe", &[], 1008).as_bytes());
    assert_eq!(s.reports, 0);
    let reasons: Vec<&str> = s.skipped.iter().map(|k| k.reason.as_str()).collect();
    assert!(
        reasons[0].starts_with("invalid report: missing field `questionnaire`"),
        "{reasons:?}"
    );
    assert!(
        reasons[1].starts_with("not JSON") || reasons[1].starts_with("invalid report"),
        "{reasons:?}"
    );
    assert!(
        reasons[2].starts_with("invalid report: unknown variant `maybe`"),
        "{reasons:?}"
    );
}

#[test]
fn an_empty_summary_renders_a_page_without_charts() {
    let html = Summary::for_question(Some("org_loc")).to_html();
    assert!(html.contains("<h1>0 reports</h1>"), "{html}");
    assert!(html.contains("No reports were counted"));
    assert!(!html.contains("<svg"));
    assert!(!html.contains("NaN"));
    let mut s = Summary::default();
    s.add("x.json", b"nope");
    let html = s.to_html();
    // Counted, not named: file names are not for a projector.
    assert!(html.contains("1 file was not counted"), "{html}");
    assert!(html.contains("1 file skipped"), "{html}");
    assert!(!html.contains("x.json"), "{html}");
}

#[test]
fn csv_fields_are_quoted_and_defused() {
    assert_eq!(csv_field("a,b"), "\"a,b\"");
    assert_eq!(csv_field("=cmd()"), "'=cmd()");
    // A spreadsheet splitting at `;` sees three cells: each is defused.
    assert_eq!(csv_field("x;=1+1;y"), "x;'=1+1;y");
    assert_eq!(csv_field("x, @SUM(A1)"), "\"x, '@SUM(A1)\"");
    assert_eq!(csv_field(" -2+3"), " '-2+3");
    assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
}

#[test]
fn reports_of_the_previous_schema_are_counted_too() {
    let mut s = Summary::default();
    let v1 = report("check-needed", &["sanctions"], 1009).replace(SCHEMA, "dualcheck.report/1");
    s.add("old", v1.as_bytes());
    s.add("new", report("stop", &["sanctions"], 1010).as_bytes());
    assert_eq!(s.reports, 2, "{:?}", s.skipped);
}

#[test]
fn a_session_exported_twice_counts_once_by_its_latest_report() {
    let mut s = Summary::default();
    // Session 1001 exported three times (the middle one latest, with a later screening hit);
    // session 1002 once.
    s.add(
        "a",
        session_report("check-needed", &["sanctions"], 1001, "2026-11-30T09:00:00Z").as_bytes(),
    );
    s.add(
        "b",
        session_report("stop", &["restricted-party"], 1001, "2026-12-02T10:00:00Z").as_bytes(),
    );
    s.add(
        "c",
        session_report("check-needed", &["sanctions"], 1001, "2026-12-01T09:00:00Z").as_bytes(),
    );
    s.add(
        "d",
        session_report("no-indicator", &[], 1002, "2026-11-29T09:00:00Z").as_bytes(),
    );
    assert_eq!((s.reports, s.duplicates), (2, 2));
    assert_eq!(
        s.by_verdict,
        BTreeMap::from([(Tier::Stop, 1), (Tier::NoIndicator, 1)])
    );
    assert_eq!(
        s.by_finding,
        BTreeMap::from([(FindingCode::RestrictedParty, 1)])
    );
    assert_eq!(s.by_questionnaire[&("q".into(), "1.0".into())], 2);
    assert_eq!(s.date_range(), Some(("2026-11-29", "2026-12-02")));
    let html = s.to_html();
    assert!(html.contains("2 repeated exports merged"), "{html}");
    assert!(html.contains("each session is counted once, by its latest report"));
    assert!(
        s.to_markdown()
            .contains("2 more exports of a session already counted")
    );
    assert!(s.to_json().contains("\"duplicates\": 2"));
    assert!(s.to_csv().contains("duplicates,all,,2\n"));

    // Another questionnaire version, or other answers: another session.
    let other_version = session_report("stop", &[], 1001, "2026-12-03T00:00:00Z")
        .replace("\"version\":\"1.0\"", "\"version\":\"1.1\"");
    s.add("e", other_version.as_bytes());
    assert_eq!((s.reports, s.duplicates), (3, 2));

    // Counting every file.
    let mut all = Summary::default().keep_duplicates(true);
    for at in ["2026-11-30T09:00:00Z", "2026-11-30T09:00:00Z"] {
        all.add("x", session_report("stop", &[], 7, at).as_bytes());
    }
    assert_eq!((all.reports, all.duplicates), (2, 0));
    assert!(!all.to_html().contains("merged"));
}

#[test]
fn findings_are_shown_by_the_title_the_user_saw_and_options_by_their_label() {
    let finding = |code: &str, rule: &str, title: &str| {
        format!("{{\"code\":\"{code}\",\"rule\":\"{rule}\",\"title\":\"{title}\"}}")
    };
    let with_findings = |session: usize, findings: &[String], answer: &str| {
        report("check-needed", &[], session)
            .replace(
                "\"findings\":[]",
                &format!("\"findings\":[{}]", findings.join(",")),
            )
            .replace("\"answers\":{", &format!("\"answers\":{{{answer},"))
    };
    let org = |value: &str, label: &str| {
        format!(
            "\"org_loc\":{{\"question\":\"Where is your organisation based?\",\"section\":\"S\",\
             \"value\":{value},\"label\":\"{label}\"}}"
        )
    };
    let mut s = Summary::for_question(Some("org_loc")).titled(Some("Workshop <Leipzig>"));
    s.add(
        "1",
        with_findings(
            2008,
            &[
                finding("sanctions", "russia-clause", "EU: a no re-export clause"),
                finding(
                    "information-missing",
                    "program",
                    "3 open questions could change this hint",
                ),
                finding(
                    "restricted-party",
                    "screening",
                    "Possible restricted-party match: \\u201cAcme Secret GmbH\\u201d",
                ),
            ],
            &org("\"eu\"", "In an EU member state"),
        )
        .as_bytes(),
    );
    s.add(
        "2",
        with_findings(
            2009,
            &[
                finding("sanctions", "russia-clause", "EU: a no re-export clause"),
                finding(
                    "information-missing",
                    "program",
                    "An open question could change this hint",
                ),
            ],
            &org(
                "[\"us\",\"eu\"]",
                "In the United States; In an EU member state",
            ),
        )
        .as_bytes(),
    );
    // A multiple-choice label that does not split into one per id keeps the ids bare.
    s.add(
        "3",
        with_findings(
            2010,
            &[],
            &org("[\"uk\",\"eu\"]", "In the UK, or in the EU"),
        )
        .as_bytes(),
    );
    assert_eq!(
        s.by_finding_title,
        BTreeMap::from([
            ("EU: a no re-export clause".to_string(), 2),
            ("Open questions could change the hint".to_string(), 2),
            ("Possible restricted-party match".to_string(), 1),
        ])
    );
    let html = s.to_html();
    assert!(html.contains("<h1>Workshop &lt;Leipzig&gt;</h1>"), "{html}");
    assert!(
        html.contains("3 reports · written 30 November 2026"),
        "{html}"
    );
    assert!(html.contains(">EU: a no re-export clause</text>"), "{html}");
    assert!(!html.contains("Acme"), "a name from a screening title");
    let findings = &html[html.find("id=\"findings-h\"").unwrap()..];
    let findings = &findings[..findings.find("</section>").unwrap()];
    assert!(
        !findings.contains(" code\""),
        "no finding labelled by a code: {findings}"
    );
    assert!(html.contains("Answers to “Where is your organisation based?”"));
    for label in ["In an EU member state", "In the United States"] {
        assert!(
            html.contains(&format!(">{label}</text>")),
            "{label}: {html}"
        );
    }
    // `uk` came only with a label that did not split: shown by its id, in monospace.
    assert!(html.contains("<text class=\"label code\""), "{html}");
    assert!(html.contains(">uk</text>"), "{html}");
    let md = s.to_markdown();
    assert!(md.starts_with("# Workshop "), "{md}");
    assert!(!md.contains("<Leipzig>"), "{md}");
}

#[test]
fn dates_read_as_words() {
    use html::{date_range, long_date};
    assert_eq!(long_date("2026-12-01"), "1 December 2026");
    assert_eq!(long_date("2026-13-01"), "2026-13-01");
    assert_eq!(date_range("2026-12-01", "2026-12-01"), "1 December 2026");
    assert_eq!(
        date_range("2026-12-01", "2026-12-03"),
        "1 to 3 December 2026"
    );
    assert_eq!(
        date_range("2026-11-30", "2026-12-03"),
        "30 November 2026 to 3 December 2026"
    );
    assert_eq!(
        date_of("2026-12-01T10:00:00Z").as_deref(),
        Some("2026-12-01")
    );
    assert_eq!(date_of("yesterday"), None);
    assert_eq!(date_of(""), None);
}
