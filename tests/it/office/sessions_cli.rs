//! `dualcheck sessions list|show|export|delete` through the binary, over a data directory the
//! test fills through the library.

use std::path::{Path, PathBuf};

use dualcheck::engine::Engine;
use dualcheck::session::{SessionFile, Store};

use crate::office::util::{Out, bin, config_with_fixture_packs, fixture, run};

struct Setup {
    home: tempfile::TempDir,
    config: PathBuf,
    data: PathBuf,
}

impl Setup {
    /// A data directory with two sessions of the basic fixture: one finished, one in progress.
    fn new() -> Self {
        let home = tempfile::tempdir().unwrap();
        let config = config_with_fixture_packs(home.path());
        let data = home.path().join("data-dir");
        let q = dualcheck::app::Runtime::default()
            .load_questionnaire(fixture("valid/basic").to_str().unwrap())
            .map_err(|f| f.message)
            .unwrap();
        let store = Store::open(&data).unwrap();
        let answer = |e: &mut Engine, id: &str, text: &str| {
            let i = q.question_index(id).unwrap();
            let a = dualcheck::answers::Answer::parse_for(&q.questions[i], text).unwrap();
            e.answer(i, a).unwrap();
        };
        let mut e = Engine::new(&q);
        answer(&mut e, "location", "eu");
        answer(&mut e, "member_state", "Bavaria");
        let mut s = SessionFile::new("20260101120000".into(), &q, "2026-01-01T12:00:00Z");
        s.record(&e, "2026-01-01T12:05:00Z");
        store.save(&s).unwrap();

        let mut e = Engine::new(&q);
        answer(&mut e, "location", "other");
        answer(&mut e, "areas", "drones");
        answer(&mut e, "endurance", "75");
        answer(&mut e, "military", "no");
        let mut s = SessionFile::new("20260102090000".into(), &q, "2026-01-02T09:00:00Z");
        s.record(&e, "2026-01-02T09:30:00Z");
        s.set_project(Some(dualcheck::project::Project {
            title: "Thermal camera spin-off".into(),
            reference: "TTO-2026-117".into(),
        }));
        store.save(&s).unwrap();
        Self { home, config, data }
    }

    fn run(&self, args: &[&str]) -> Out {
        run(bin(self.home.path())
            .arg("--config")
            .arg(&self.config)
            .arg("--data-dir")
            .arg(&self.data)
            .args(args))
    }

    fn session_file(&self, id: &str) -> PathBuf {
        self.data.join("sessions").join(format!("{id}.toml"))
    }
}

#[test]
fn sessions_list_shows_the_most_recent_first() {
    let s = Setup::new();
    let out = s.run(&["sessions", "list"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", out.stdout);
    assert!(lines[0].starts_with("ID "));
    assert!(
        lines[1].starts_with("20260102090000       fixture-basic"),
        "{}",
        lines[1]
    );
    assert!(
        lines[0].ends_with("ANSWERED  STATUS       PROJECT"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].ends_with("4  finished     Thermal camera spin-off (reference TTO-2026-117)"),
        "{}",
        lines[1]
    );
    // A session without a project (as every session saved before projects existed).
    assert!(lines[2].ends_with("2  in progress  -"), "{}", lines[2]);
    // `sessions` alone lists too.
    assert_eq!(s.run(&["sessions"]).stdout, out.stdout);
}

#[test]
fn a_session_file_keeps_its_project_and_older_files_without_one_still_load() {
    let s = Setup::new();
    let saved = std::fs::read_to_string(s.session_file("20260102090000")).unwrap();
    assert!(
        saved.contains(
            "[project]\ntitle = \"Thermal camera spin-off\"\nreference = \"TTO-2026-117\"\n"
        ),
        "{saved}"
    );
    let old = std::fs::read_to_string(s.session_file("20260101120000")).unwrap();
    assert!(!old.contains("project"), "{old}");
    let out = s.run(&["sessions", "show", "20260102090000"]);
    assert!(
        out.stdout
            .contains("Project: Thermal camera spin-off\nReference: TTO-2026-117\n"),
        "{}",
        out.stdout
    );
    // A hand-edited project with a terminal escape is shown neutralised.
    let edited = saved.replace("Thermal camera", "Thermal \\u001b[2J camera");
    std::fs::write(s.session_file("20260102090000"), edited).unwrap();
    let out = s.run(&["sessions", "list"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stdout.contains('\u{1b}'));
    assert!(
        out.stdout.contains("Thermal \u{fffd}[2J camera"),
        "{}",
        out.stdout
    );
}

#[test]
fn sessions_list_of_an_empty_directory_says_so() {
    let home = tempfile::tempdir().unwrap();
    let out = run(bin(home.path()).args(["--data-dir", "d", "sessions", "list"]));
    assert_eq!(out.code, 0);
    assert_eq!(
        out.stdout,
        format!(
            "No saved sessions in {}.\n",
            Path::new("d/sessions").display()
        )
    );
}

#[test]
fn sessions_show_prints_answers_and_progress() {
    let s = Setup::new();
    let out = s.run(&["sessions", "show", "20260101120000"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.starts_with(
            "Session 20260101120000\nQuestionnaire: fixture-basic (saved with version 0.1.0)\n"
        ),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("Progress: 2 answered, 2 still open on the path (an estimate)"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("Where you are\n  Where is your organisation?\n    In the EU\n  Which country?\n    Bavaria\n"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("  Is it designed for military use?\n    (open)\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn sessions_export_writes_a_report_in_any_format_with_the_contact() {
    let s = Setup::new();
    let out = s.run(&["sessions", "export", "20260102090000", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let report: dualcheck::assess::Report = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(report.verdict, dualcheck::taxonomy::Tier::LicenceLikely);
    assert_eq!(report.generated_at, "2026-09-21T14:13:20Z");
    assert_eq!(report.contact.unwrap().email, "export-control@example.org");
    let project = report
        .project
        .expect("the session's project is carried into the report");
    assert_eq!(project.title, "Thermal camera spin-off");
    assert_eq!(project.reference, "TTO-2026-117");
    let md = s.run(&["sessions", "export", "20260102090000"]).stdout;
    assert!(
        md.contains("**Project:** Thermal camera spin-off · **Reference:** TTO-2026-117\n"),
        "{md}"
    );
    // No project, no field.
    let out = s.run(&["sessions", "export", "20260101120000", "--format", "json"]);
    assert!(!out.stdout.contains("\"project\""), "{}", out.stdout);

    let target = s.home.path().join("out.html");
    let out = s.run(&[
        "sessions",
        "export",
        "20260102090000",
        "-f",
        "html",
        "-o",
        target.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "");
    assert_eq!(out.stderr, format!("wrote {}\n", target.display()));
    let html = std::fs::read_to_string(&target).unwrap();
    assert!(html.contains("Hint: LICENCE LIKELY"));
    assert!(html.contains("Export Control Office"));

    let out = s.run(&[
        "sessions",
        "export",
        "20260102090000",
        "-o",
        "/no/such/dir/r.md",
    ]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(
        out.stderr
            .starts_with("error: cannot write /no/such/dir/r.md")
    );
}

#[test]
fn sessions_delete_says_what_it_deleted() {
    let s = Setup::new();
    let path = s.session_file("20260101120000");
    assert!(path.exists());
    let out = s.run(&["sessions", "delete", "20260101120000"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        format!(
            "deleted session 20260101120000 (fixture-basic, 2 answers, updated 2026-01-01T12:05:00Z): {}\n",
            path.display()
        )
    );
    assert!(!path.exists());
    let out = s.run(&["sessions", "delete", "20260101120000"]);
    assert_eq!(out.code, 2);
}

#[test]
fn unknown_and_malformed_ids_are_usage_errors() {
    let s = Setup::new();
    for args in [
        &["sessions", "show", "nope"][..],
        &["sessions", "export", "nope"],
        &["sessions", "delete", "nope"],
        &["sessions", "show", "../../etc/passwd"],
    ] {
        let out = s.run(args);
        assert_eq!(out.code, 2, "{args:?}");
        assert!(
            out.stderr.starts_with("error: no session `"),
            "{}",
            out.stderr
        );
        assert!(out.stderr.contains("dualcheck sessions list"));
        assert_eq!(out.stdout, "");
    }
}

#[test]
fn a_corrupt_session_is_moved_aside_and_reported() {
    let s = Setup::new();
    let path = s.session_file("20260101120000");
    std::fs::write(&path, "this is = = not toml").unwrap();
    let out = s.run(&["sessions", "show", "20260101120000"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("could not be read"), "{}", out.stderr);
    assert!(!path.exists());
    assert!(path.with_extension("toml.corrupt-1").exists());
}
