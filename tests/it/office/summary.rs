//! `dualcheck summary` over a generated set of reports and broken files, with exact counts.

use dualcheck::summary::ReadReports as _;
use std::path::Path;

use dualcheck::answers::Answer;
use dualcheck::taxonomy::Tier;

use crate::office::util::{bin, fixture, run};

/// Answers of the basic fixture by variant: (question, answer) pairs.
const VARIANTS: [&[(&str, &str)]; 4] = [
    // check-needed: encryption in the EU.
    &[
        ("location", "eu"),
        ("member_state", "Secret Project Berlin"),
        ("areas", "crypto"),
        ("military", "no"),
    ],
    // no indicator.
    &[("location", "other"), ("areas", "none"), ("military", "no")],
    // licence likely: a long-endurance military drone.
    &[
        ("location", "uk"),
        ("areas", "drones"),
        ("endurance", "120"),
        ("military", "yes"),
    ],
    // check-needed: nothing known.
    &[
        ("location", "not_sure"),
        ("areas", "not_sure"),
        ("military", "not_sure"),
    ],
];

/// Writes `n` reports (variant `i % 4`; version 0.2.0 for every fifth, legal data 2024-01-01
/// for every tenth) into `dir`.
fn generate(dir: &Path, n: usize) {
    let q = dualcheck::app::Runtime::default()
        .load_questionnaire(fixture("valid/basic").to_str().unwrap())
        .map_err(|f| f.message)
        .unwrap();
    let texts: Vec<String> = VARIANTS
        .iter()
        .map(|variant| {
            let mut answers = vec![None; q.questions.len()];
            for (id, text) in *variant {
                let i = q.question_index(id).unwrap();
                answers[i] = Some(Answer::parse_for(&q.questions[i], text).unwrap());
            }
            let report = dualcheck::assess::assess(&q, &answers, "2026-09-21T14:13:20Z");
            dualcheck::report::json::write(&report)
        })
        .collect();
    for i in 0..n {
        let mut text = texts[i % 4].clone();
        if i % 5 == 0 {
            text = text.replacen("\"version\": \"0.1.0\"", "\"version\": \"0.2.0\"", 1);
        }
        if i % 10 == 0 {
            text = text.replacen(
                "\"legal_data_as_of\": \"2025-11-15\"",
                "\"legal_data_as_of\": \"2024-01-01\"",
                1,
            );
        }
        std::fs::write(dir.join(format!("report-{i:05}.json")), text).unwrap();
    }
}

fn broken(dir: &Path) {
    std::fs::write(dir.join("not-json.json"), "hello, world").unwrap();
    std::fs::write(
        dir.join("wrong-schema.json"),
        r#"{"schema": "someone-else/2", "verdict": "stop"}"#,
    )
    .unwrap();
    std::fs::write(dir.join("empty.json"), "").unwrap();
    std::fs::create_dir(dir.join("x.json")).unwrap();
    let big = std::fs::File::create(dir.join("huge.json")).unwrap();
    big.set_len(5 * 1024 * 1024 + 1).unwrap();
    std::fs::write(
        dir.join("notes.txt"),
        "not a report, not counted, not skipped",
    )
    .unwrap();
}

#[test]
fn the_variants_give_the_verdicts_the_counts_rely_on() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), 4);
    let verdicts: Vec<Tier> = (0..4)
        .map(|i| {
            let text =
                std::fs::read_to_string(dir.path().join(format!("report-{i:05}.json"))).unwrap();
            serde_json::from_str::<dualcheck::assess::Report>(&text)
                .unwrap()
                .verdict
        })
        .collect();
    assert_eq!(
        verdicts,
        [
            Tier::CheckNeeded,
            Tier::NoIndicator,
            Tier::LicenceLikely,
            Tier::CheckNeeded
        ]
    );
}

#[test]
fn summary_counts_two_hundred_reports_and_lists_broken_files() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("reports");
    std::fs::create_dir(&dir).unwrap();
    generate(&dir, 200);
    broken(&dir);
    let out = run(bin(home.path())
        .args(["summary", "--keep-duplicates", "--format", "json"])
        .arg(&dir));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let s: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(s["schema"], "dualcheck.summary/1");
    assert_eq!(s["reports"], 200);
    assert_eq!(
        s["by_verdict"],
        serde_json::json!({"stop": 0, "licence-likely": 50, "check-needed": 100, "due-diligence": 0, "no-indicator": 50})
    );
    assert_eq!(
        s["by_finding"],
        serde_json::json!({"listed-dual-use": 100, "listed-military": 50, "information-missing": 50})
    );
    assert_eq!(
        s["by_questionnaire"],
        serde_json::json!([
            {"id": "fixture-basic", "version": "0.1.0", "reports": 160},
            {"id": "fixture-basic", "version": "0.2.0", "reports": 40}
        ])
    );
    assert_eq!(
        s["by_legal_data"],
        serde_json::json!({"2024-01-01": 20, "2025-11-15": 180})
    );
    let skipped: Vec<(String, String)> = s["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            let file = k["file"].as_str().unwrap();
            let name = Path::new(file)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (name, k["reason"].as_str().unwrap().to_string())
        })
        .collect();
    assert_eq!(
        skipped,
        [
            ("empty.json".to_string(), "empty file".to_string()),
            ("huge.json".into(), "larger than 5 MiB".into()),
            ("not-json.json".into(), "not JSON".into()),
            (
                "wrong-schema.json".into(),
                "not a dualcheck report (schema `someone-else/2`)".into()
            ),
            ("x.json".into(), "a directory, not a file".into()),
        ]
    );
    assert_eq!(
        out.stderr
            .lines()
            .filter(|l| l.starts_with("warning: skipped "))
            .count(),
        5
    );

    // Anonymous in every format: the free-text answer never appears.
    for format in ["markdown", "json", "csv"] {
        let out = run(bin(home.path())
            .args(["summary", "--keep-duplicates", "--format", format])
            .arg(&dir));
        assert_eq!(out.code, 0);
        assert!(!out.stdout.contains("Secret Project"), "{format}");
        assert!(
            !out.stdout.contains("In the EU"),
            "{format}: an answer label"
        );
    }
    let csv = run(bin(home.path())
        .args(["summary", "--keep-duplicates", "-f", "csv"])
        .arg(&dir))
    .stdout;
    for row in [
        "dimension,key,version,count",
        "reports,all,,200",
        "verdict,check-needed,,100",
        "finding,listed-military,,50",
        "questionnaire,fixture-basic,0.2.0,40",
        "legal_data_as_of,2024-01-01,,20",
        "skipped,all,,5",
    ] {
        assert!(csv.lines().any(|l| l == row), "missing {row} in\n{csv}");
    }
    let md = run(bin(home.path())
        .args(["summary", "--keep-duplicates"])
        .arg(&dir))
    .stdout;
    assert!(md.contains("| ◆ LICENCE LIKELY | 50 | 25.0 % |"), "{md}");
    assert!(md.contains("## Skipped files"));
}

#[test]
fn summary_takes_files_and_directories_and_survives_missing_ones() {
    let home = tempfile::tempdir().unwrap();
    generate(home.path(), 3);
    let out = run(bin(home.path()).args([
        "summary",
        "-f",
        "json",
        "report-00000.json",
        "report-00001.json",
        "missing.json",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let s: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(s["reports"], 2);
    assert_eq!(s["skipped"][0]["reason"], "cannot read: no such file");
    let out = run(bin(home.path()).arg("summary"));
    assert_eq!(out.code, 2, "a path is required");
}

#[test]
fn ten_thousand_reports_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), 10_000);
    let started = std::time::Instant::now();
    let s = dualcheck::summary::Summary::default()
        .keep_duplicates(true)
        .read_paths(&[dir.path().to_path_buf()]);
    eprintln!("summary of 10000 reports: {:?}", started.elapsed());
    assert_eq!(s.reports, 10_000);
    assert_eq!(s.by_verdict[&Tier::CheckNeeded], 5_000);
    assert_eq!(s.by_verdict[&Tier::NoIndicator], 2_500);
    assert!(s.skipped.is_empty());
}

/// The summary page with the HTML report's CSS (snapshotted with the report) left out.
fn without_report_css(page: &str) -> String {
    let css = dualcheck::report::html::CSS;
    assert!(page.contains(css), "the page reuses the report's CSS");
    page.replacen(css, "/* the HTML report's CSS */\n", 1)
}

#[test]
fn summary_html_snapshot() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("reports");
    std::fs::create_dir(&dir).unwrap();
    generate(&dir, 8);
    broken(&dir);
    let out = run(bin(home.path()).args([
        "summary",
        "--format",
        "html",
        "--question",
        "areas",
        "reports",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let page = out.stdout;
    let problems = crate::html_check::problems(&page);
    assert!(problems.is_empty(), "{problems:?}");
    for part in [
        "<html lang=\"en\">",
        // 8 files, 6 sessions: reports 6 and 7 repeat reports 2 and 3.
        "<h1>6 reports</h1>",
        "<p class=\"facts\">written 21 September 2026 · 2 repeated exports merged · 5 files skipped</p>",
        "▲ CHECK NEEDED",
        "3 · 50 %",
        // Findings by the rule's title, options by their label.
        ">Long-endurance drone</text>",
        ">Military item</text>",
        "Answers to “Which areas does your work touch?”",
        ">Encryption</text>",
        ">Drones</text>",
        "5 files were not counted",
        "@media print",
    ] {
        assert!(page.contains(part), "missing {part}");
    }
    // Free text (the text answer of variant 0) and file names are never on the page.
    assert!(!page.contains("Secret Project"));
    assert!(!page.contains("huge.json"));
    insta::assert_snapshot!("summary.html", without_report_css(&page));

    let plain = run(bin(home.path()).args(["summary", "-f", "html", "reports"])).stdout;
    assert!(plain.contains("Add <code>--question ID</code>"), "{plain}");
    assert!(!plain.contains("Answers to <code>"));
}

#[test]
fn summary_html_of_nothing_is_a_page() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir(home.path().join("empty")).unwrap();
    let out = run(bin(home.path()).args(["summary", "-f", "html", "--question", "areas", "empty"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("<h1>0 reports</h1>"));
    assert!(out.stdout.contains("No reports were counted"));
    assert!(out.stdout.ends_with("</html>\n"));
    assert!(crate::html_check::problems(&out.stdout).is_empty());
}

#[test]
fn summary_question_is_an_id_and_only_for_html() {
    let home = tempfile::tempdir().unwrap();
    generate(home.path(), 1);
    let out = run(bin(home.path()).args(["summary", "--question", "areas", "report-00000.json"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("--question is only used by --format html")
    );
    let out = run(bin(home.path()).args([
        "summary",
        "-f",
        "html",
        "--question",
        "<script>\u{1b}[2J",
        "report-00000.json",
    ]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("is not a question id"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains('\u{1b}'));
}

#[test]
fn summary_html_escapes_hostile_file_names_and_values() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("reports");
    std::fs::create_dir(&dir).unwrap();
    generate(&dir, 4);
    for name in [
        "\u{1b}[2J<script>alert(1)<script>.json",
        "\"><svg onload=alert(2)>.json",
        "'&amp;<img src=x onerror=alert(3)>.json",
    ] {
        std::fs::write(dir.join(name), "not json").unwrap();
    }
    // A report with hostile questionnaire fields and a hostile answer value.
    let text = std::fs::read_to_string(dir.join("report-00000.json")).unwrap();
    let hostile = text
        .replacen(
            "\"id\": \"fixture-basic\"",
            "\"id\": \"\\\"><svg onload=alert(4)>\"",
            1,
        )
        .replacen(
            "\"version\": \"0.2.0\"",
            "\"version\": \"<script>alert(5)</script>\\u001b[2J\"",
            1,
        )
        .replacen(
            "\"legal_data_as_of\": \"2024-01-01\"",
            "\"legal_data_as_of\": \"<style>body{}</style>\"",
            1,
        )
        .replacen(
            "\"value\": \"eu\"",
            "\"value\": \"<script>alert(6)</script>\"",
            1,
        );
    assert_ne!(hostile, text);
    std::fs::write(dir.join("report-00000.json"), &hostile).unwrap();

    for question in ["location", "member_state"] {
        let out = run(bin(home.path()).args([
            "summary",
            "-f",
            "html",
            "--question",
            question,
            "reports",
        ]));
        assert_eq!(out.code, 0, "{}", out.stderr);
        let page = &out.stdout;
        assert!(!page.contains('\u{1b}'), "an ESC byte");
        let lower = page.to_ascii_lowercase();
        for raw in ["<script", "<img", "<svg onload", "<style>body"] {
            assert!(!lower.contains(raw), "raw {raw}");
        }
        let problems = crate::html_check::problems(page);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            page.matches("</svg>").count(),
            page.matches("<svg ").count()
        );
        // Skipped files are counted, not named.
        for n in 1..=3 {
            assert!(!page.contains(&format!("alert({n})")), "file name {n}");
        }
        assert!(page.contains("3 files were not counted"));
        assert!(page.contains("&quot;&gt;&lt;svg onload=alert(4)&gt;"));
        assert!(page.contains("&lt;script&gt;alert(5)&lt;/script&gt;\u{fffd}[2J"));
        assert!(page.contains("&lt;style&gt;body{}&lt;/style&gt;"));
        // The hostile answer and the free text are not counted, so never shown.
        assert!(!page.contains("alert(6)"));
        assert!(!page.contains("Secret Project"));
        assert!(page.contains("Not counted: 1 answer"), "{question}");
    }
}

#[test]
fn summary_counts_a_session_once_and_names_skipped_files_on_standard_error_only() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("reports");
    std::fs::create_dir(&dir).unwrap();
    // 40 files, but only 8 sessions: four sets of answers, each in two questionnaire versions.
    generate(&dir, 40);
    broken(&dir);
    let out = run(bin(home.path()).args(["summary", "-f", "json", "reports"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let s: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        (s["reports"].as_u64(), s["duplicates"].as_u64()),
        (Some(8), Some(32))
    );
    assert!(
        out.stderr
            .contains("note: 32 reports were repeated exports of a session already counted"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("--keep-duplicates counts every file"));

    let out = run(bin(home.path()).args([
        "summary",
        "-f",
        "html",
        "--title",
        "  Export control in research: workshop  ",
        "reports",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let page = &out.stdout;
    assert!(
        page.contains("<h1>Export control in research: workshop</h1>"),
        "{page}"
    );
    assert!(
        page.contains(
            "8 reports · written 21 September 2026 · 32 repeated exports merged · 5 files skipped"
        ),
        "{page}"
    );
    assert!(page.contains("5 files were not counted"));
    // The names are on standard error, never on the page.
    for name in [
        "huge.json",
        "not-json.json",
        "wrong-schema.json",
        "empty.json",
        "x.json",
    ] {
        assert!(!page.contains(name), "{name} on the page");
        assert!(out.stderr.contains(name), "{name} not on standard error");
    }
    let md = run(bin(home.path()).args(["summary", "--title", "Workshop", "reports"])).stdout;
    assert!(md.starts_with("# Workshop\n"), "{md}");
    assert!(md.contains("written on 2026-09-21"), "{md}");

    let out = run(bin(home.path()).args(["summary", "-f", "csv", "--title", "W", "reports"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("--title is only used by --format html and --format markdown")
    );
}
