//! The command line through the built binary: arguments, stdout, stderr, exit codes, files.

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn dualcheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dualcheck"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .env_remove("DUALCHECK_DATA_DIR")
        .env_remove("DUALCHECK_CONFIG")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn validate_accepts_a_valid_pack() {
    let out = dualcheck(&["validate", "tests/fixtures/valid/basic"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("ok: fixture-basic 0.1.0 (6 questions, 3 rules"));
}

#[test]
fn validate_reports_errors_with_position_and_suggestion() {
    let out = dualcheck(&["validate", "tests/fixtures/invalid/typo"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("error[unknown-option]: `drone` is not an option of question `areas`"),
        "{err}"
    );
    assert!(
        err.contains("--> tests/fixtures/invalid/typo/20-rules.toml:3:19"),
        "{err}"
    );
    assert!(err.contains("did you mean `drones`?"), "{err}");
    assert!(err.contains("^^^^^^^"), "{err}");
}

#[test]
fn validate_of_a_missing_path_is_a_usage_error() {
    let out = dualcheck(&["validate", "no/such/pack"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no such file or directory"));
}

#[test]
fn validate_deny_warnings_fails_on_warnings() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["00-meta.toml", "10-questions.toml", "20-rules.toml"] {
        let src = std::fs::read_to_string(Path::new("tests/fixtures/valid/basic").join(f)).unwrap();
        let src = src.replace("help = \"For the competent authority.\"\n", "");
        std::fs::write(dir.path().join(f), src).unwrap();
    }
    let p = dir.path().to_str().unwrap();
    let out = dualcheck(&["validate", p]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stderr).contains("warning[no-help]"));
    let out = dualcheck(&["validate", "--deny-warnings", p]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn unknown_arguments_are_usage_errors() {
    let out = dualcheck(&["assess", "--frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    let out = dualcheck(&["assess"]);
    assert_eq!(out.status.code(), Some(2), "--answers is required");
}

#[test]
fn assess_writes_a_json_report_with_the_documented_fields() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("report.json");
    let out = dualcheck(&[
        "assess",
        "--answers",
        "tests/fixtures/answers/basic-drone.toml",
        "--questionnaire",
        "tests/fixtures/valid/basic",
        "--format",
        "json",
        "--output",
        out_path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out_path).unwrap()).unwrap();
    assert_eq!(v["schema"], "dualcheck.report/2");
    assert_eq!(v["verdict"], "licence-likely");
    assert_eq!(v["questionnaire"]["id"], "fixture-basic");
    assert_eq!(v["questionnaire"]["legal_data_as_of"], "2025-11-15");
    assert!(
        v["questionnaire"]["hash"]
            .as_str()
            .unwrap()
            .starts_with("sha256:")
    );
    assert_eq!(v["generated_at"], "2026-01-01T00:00:00Z");
    assert_eq!(v["findings"][0]["code"], "listed-dual-use");
    assert_eq!(v["findings"][0]["triggered_by"][1]["question"], "endurance");
    assert_eq!(v["answers"]["endurance"]["value"], 90);
    assert_eq!(v["answers"]["endurance"]["label"], "90 minutes");
    assert!(
        v["disclaimer"]
            .as_str()
            .unwrap()
            .contains("hint, not a legal decision")
    );
    assert!(v["unknowns"].as_array().unwrap().is_empty());
}

#[test]
fn assess_markdown_goes_to_stdout_whatever_the_verdict() {
    let out = dualcheck(&[
        "assess",
        "--answers",
        "tests/fixtures/answers/basic-partial.toml",
        "-q",
        "tests/fixtures/valid/basic",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let md = text(&out.stdout);
    assert!(md.contains("## Hint: ▲ CHECK NEEDED"), "{md}");
    assert!(md.contains("## Open questions"));
    assert!(md.contains("## Disclaimer"));
}

#[test]
fn assess_strict_fails_on_unanswered_questions() {
    let out = dualcheck(&[
        "assess",
        "--strict",
        "--answers",
        "tests/fixtures/answers/basic-partial.toml",
        "-q",
        "tests/fixtures/valid/basic",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("2 questions on the path are unanswered: areas, military"),
        "{err}"
    );
}

#[test]
fn assess_reports_unknown_questions_and_options_with_positions() {
    let out = dualcheck(&[
        "assess",
        "--answers",
        "tests/fixtures/answers/basic-bad-option.toml",
        "-q",
        "tests/fixtures/valid/basic",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("basic-bad-option.toml:5:9"), "{err}");
    assert!(err.contains("did you mean `drones`?"), "{err}");
    assert!(err.contains("basic-bad-option.toml:6:1"), "{err}");
    assert!(err.contains("did you mean `military`?"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_fractional_trl_in_an_answers_file_is_an_error() {
    let persona =
        std::fs::read_to_string("examples/personas/virologist-unpublished-manuscript.toml")
            .unwrap()
            .replace("trl = 3", "trl = 4.5");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.toml");
    std::fs::write(&file, persona).unwrap();
    let out = dualcheck(&["assess", "--answers", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("enter a whole number from 1 to 9 (question `trl`)"),
        "{err}"
    );
}

#[test]
fn assess_of_a_missing_file_is_a_usage_error() {
    let out = dualcheck(&["assess", "--answers", "nope.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot read nope.toml"));
}

#[test]
fn assess_of_an_unknown_questionnaire_suggests_one() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.toml");
    std::fs::write(&p, "questionnaire = \"research-self-chek\"\n[answers]\n").unwrap();
    let out = dualcheck(&["assess", "--answers", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("no questionnaire `research-self-chek`"),
        "{err}"
    );
}

#[test]
fn graph_prints_dot_and_mermaid() {
    let out = dualcheck(&["graph", "-q", "tests/fixtures/valid/basic"]);
    assert_eq!(out.status.code(), Some(0));
    let dot = text(&out.stdout);
    assert!(dot.starts_with("digraph \"fixture-basic\""));
    assert!(
        dot.contains("\"location\" -> \"areas\" [label=\"if\"]"),
        "{dot}"
    );
    let out = dualcheck(&[
        "graph",
        "-q",
        "tests/fixtures/valid/basic",
        "--format",
        "mermaid",
    ]);
    assert!(text(&out.stdout).starts_with("flowchart TD"));
}

#[test]
fn explain_describes_rules_in_plain_language() {
    let out = dualcheck(&["explain", "-q", "tests/fixtures/valid/basic"]);
    assert_eq!(out.status.code(), Some(0));
    let md = text(&out.stdout);
    assert!(md.contains("**Fires when:** “Which areas does your work touch?” (`areas`) includes “Drones” AND “How long can the drone fly, in minutes?” (`endurance`) >= 60"), "{md}");
    assert!(
        md.contains("- **Used by findings:** `drone-long` (listed-dual-use)"),
        "{md}"
    );
}

#[test]
fn list_names_the_shipped_questionnaires() {
    let out = dualcheck(&["list"]);
    assert_eq!(out.status.code(), Some(0));
    let s = text(&out.stdout);
    assert!(s.contains("research-self-check"), "{s}");
    assert!(s.contains("workshop-quick-scan"), "{s}");
    assert!(s.contains("[embedded]"));
}

#[test]
fn shipped_questionnaires_validate_without_warnings() {
    // The quick scan with every warning enabled, through the command line. The research pack's
    // warnings are checked in tests/it/legal_data.rs while its rule files gain their pinpoints.
    let out = dualcheck(&[
        "validate",
        "--deny-warnings",
        "questionnaires/workshop-quick-scan",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = dualcheck(&["validate"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn help_and_version() {
    let out = dualcheck(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("Exit codes"));
    let out = dualcheck(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).starts_with("dualcheck "));
}

#[test]
fn exit_code_table_is_the_same_in_code_help_and_readme() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let help = text(&dualcheck(&["--help"]).stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for (code, meaning) in dualcheck::exit::TABLE {
        assert!(
            readme.contains(&format!("| {code} | {meaning} |")),
            "README lacks exit code {code}"
        );
        let flat = meaning.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            help.contains(&format!("{code} {flat}")),
            "--help lacks exit code {code}: {help}"
        );
    }
    // And the binary uses them: usage error, problems, success.
    assert_eq!(
        dualcheck(&["frobnicate"]).status.code(),
        Some(dualcheck::exit::USAGE.into())
    );
    assert_eq!(
        dualcheck(&["validate", "tests/fixtures/invalid/typo"])
            .status
            .code(),
        Some(dualcheck::exit::PROBLEMS.into())
    );
    assert_eq!(
        dualcheck(&["list"]).status.code(),
        Some(dualcheck::exit::SUCCESS.into())
    );
}

#[test]
fn completions_and_man_page_generate_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = dualcheck(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let s = text(&out.stdout);
        assert!(
            s.contains("dualcheck") && s.contains("validate") && s.contains("deny-warnings"),
            "{shell}: {s}"
        );
    }
    assert_eq!(dualcheck(&["completions", "tcsh"]).status.code(), Some(2));
    let man = text(&dualcheck(&["man"]).stdout);
    assert!(man.contains(".TH dualcheck 1"));
    assert!(man.contains("validate"));
    // Only pages that exist: no dualcheck-run(1) and the like; the exit codes are a list.
    assert!(!man.contains("(1)"), "{man}");
    assert!(
        man.contains(".SH \"EXIT STATUS\"\n.TP\n\\fB0\\fR\n"),
        "{man}"
    );
}

#[test]
fn color_choice_controls_escape_codes_in_diagnostics() {
    let esc = |args: &[&str]| dualcheck(args).stderr.contains(&0x1b);
    assert!(esc(&[
        "--color",
        "always",
        "validate",
        "tests/fixtures/invalid/typo"
    ]));
    assert!(!esc(&[
        "--color",
        "never",
        "validate",
        "tests/fixtures/invalid/typo"
    ]));
    // auto: stderr is a pipe here, and NO_COLOR is set by the helper.
    assert!(!esc(&["validate", "tests/fixtures/invalid/typo"]));
    let forced = Command::new(env!("CARGO_BIN_EXE_dualcheck"))
        .args(["validate", "tests/fixtures/invalid/typo"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(
        forced.stderr.contains(&0x1b),
        "CLICOLOR_FORCE colours a pipe"
    );
    // assess diagnostics too.
    let args = [
        "assess",
        "--answers",
        "tests/fixtures/answers/basic-bad-option.toml",
        "-q",
        "tests/fixtures/valid/basic",
    ];
    let always = dualcheck(&[&["--color", "always"][..], &args[..]].concat());
    assert!(
        always.stderr.contains(&0x1b),
        "--color always colours assess"
    );
    let never = dualcheck(&[&["--color", "never"][..], &args[..]].concat());
    assert!(!never.stderr.contains(&0x1b));
}

#[test]
fn an_extension_pack_adds_questions_and_rules_to_its_base() {
    let out = dualcheck(&[
        "validate",
        "tests/fixtures/valid/basic",
        "tests/fixtures/valid/extension",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains(
            "ok: fixture-basic-example-university 0.1.0+eu.1 (7 questions, 4 rules, 2 references)"
        ),
        "{}",
        text(&out.stdout)
    );
    // Without its base pack the extension cannot load.
    let out = dualcheck(&["validate", "tests/fixtures/valid/extension"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("the pack `fixture-basic` this extends was not found"),
        "{}",
        text(&out.stderr)
    );
}

#[cfg(unix)]
#[test]
fn reports_written_to_a_file_are_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("report.md");
    let out = dualcheck(&[
        "assess",
        "--answers",
        "tests/fixtures/answers/basic-drone.toml",
        "-q",
        "tests/fixtures/valid/basic",
        "--output",
        out_path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let mode = std::fs::metadata(&out_path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "a report holds the user's answers");
}

#[test]
fn summary_of_a_missing_path_is_a_usage_error_and_o_writes_a_file() {
    let out = dualcheck(&["summary", "no/such/reports"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("does not exist"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.md");
    let out = dualcheck(&[
        "summary",
        dir.path().to_str().unwrap(),
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("# dualcheck summary")
    );
}

#[test]
fn summary_takes_its_format_from_the_output_name_unless_told() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().to_str().unwrap();
    let summary = |name: &str, extra: &[&str]| {
        let file = dir.path().join(name);
        let mut args = vec!["summary", reports, "-o", file.to_str().unwrap()];
        args.extend_from_slice(extra);
        let out = dualcheck(&args);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        std::fs::read_to_string(&file).unwrap()
    };
    assert!(summary("s.html", &[]).starts_with("<!DOCTYPE html>"));
    assert!(summary("s.HTM", &[]).starts_with("<!DOCTYPE html>"));
    assert!(summary("s.json", &[]).trim_start().starts_with('{'));
    assert!(summary("s.txt", &[]).contains("# dualcheck summary"));
    // An explicit format wins over the name.
    assert!(summary("t.html", &["--format", "markdown"]).contains("# dualcheck summary"));
}

#[test]
fn commands_that_only_print_do_not_list_the_global_data_options() {
    for cmd in ["completions", "man"] {
        let out = dualcheck(&[cmd, "--help"]);
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{cmd}: {help}");
        assert!(!help.contains("--data-dir"), "{cmd}: {help}");
        assert!(!help.contains("--config"), "{cmd}: {help}");
    }
    // Still accepted (a shell may pass them through), and still listed where they matter.
    assert!(
        dualcheck(&["completions", "bash", "--data-dir", "/nonexistent"])
            .status
            .success()
    );
    let help = String::from_utf8_lossy(&dualcheck(&["sessions", "--help"]).stdout).into_owned();
    assert!(help.contains("--data-dir"), "{help}");
}

#[test]
fn assess_names_the_project_of_the_answers_file_and_the_command_line_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("a.toml");
    std::fs::write(
        &answers,
        "questionnaire = \"fixture-basic\"\nproject = \"Thermal camera spin-off\"\n\
         reference = \"TTO-2026-117\"\n\n[answers]\nlocation = \"eu\"\n",
    )
    .unwrap();
    let a = answers.to_str().unwrap();
    let q = "tests/fixtures/valid/basic";
    let run = |extra: &[&str]| {
        let mut args = vec!["assess", "--answers", a, "-q", q];
        args.extend_from_slice(extra);
        let out = dualcheck(&args);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let json: serde_json::Value = serde_json::from_str(&run(&["-f", "json"])).unwrap();
    assert_eq!(json["schema"], "dualcheck.report/2");
    assert_eq!(json["project"]["title"], "Thermal camera spin-off");
    assert_eq!(json["project"]["reference"], "TTO-2026-117");
    let md = run(&[]);
    assert!(
        md.starts_with(
            "# dualcheck report: Fixture questionnaire\n\n**Project:** Thermal camera spin-off · \
             **Reference:** TTO-2026-117\n\n"
        ),
        "{md}"
    );
    let txt = run(&["-f", "text"]);
    assert!(
        txt.starts_with(
            "dualcheck report: Fixture questionnaire\nProject: Thermal camera spin-off\n\
             Reference: TTO-2026-117\n"
        ),
        "{txt}"
    );
    let html = run(&["-f", "html"]);
    assert!(
        html.contains(
            "<title>Export-control self-check: CHECK NEEDED · Thermal camera spin-off (reference \
             TTO-2026-117) · Fixture questionnaire</title>"
        ),
        "{html}"
    );
    assert!(html.contains(
        "<tr><th scope=\"row\">Project</th><td><strong>Thermal camera spin-off</strong></td></tr>"
    ));
    // The command line replaces what the file says, part by part.
    let json: serde_json::Value =
        serde_json::from_str(&run(&["-f", "json", "--reference", "TTO-2026-118"])).unwrap();
    assert_eq!(json["project"]["title"], "Thermal camera spin-off");
    assert_eq!(json["project"]["reference"], "TTO-2026-118");
    // Without a project, the field is left out.
    let out = dualcheck(&[
        "assess",
        "--answers",
        "tests/fixtures/answers/basic-drone.toml",
        "-q",
        q,
        "-f",
        "json",
    ]);
    assert!(!text(&out.stdout).contains("\"project\""));
}

#[test]
fn a_project_too_long_or_with_control_characters_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("a.toml");
    let long = "x".repeat(121);
    std::fs::write(
        &answers,
        format!("questionnaire = \"fixture-basic\"\nproject = \"{long}\"\n[answers]\n"),
    )
    .unwrap();
    let a = answers.to_str().unwrap();
    let out = dualcheck(&["assess", "--answers", a, "-q", "tests/fixtures/valid/basic"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("the project title can be at most 120 characters long; this one has 121"),
        "{err}"
    );
    assert!(err.contains("a.toml:2:11"), "{err}");
    // Misspelt keys are refused as before, naming the ones that exist.
    std::fs::write(
        &answers,
        "questionnaire = \"fixture-basic\"\nprojekt = \"x\"\n[answers]\n",
    )
    .unwrap();
    let out = dualcheck(&["assess", "--answers", a, "-q", "tests/fixtures/valid/basic"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("`project`"),
        "{}",
        text(&out.stderr)
    );
    // On the command line: a usage error.
    let out = dualcheck(&[
        "assess",
        "--answers",
        "tests/fixtures/answers/basic-drone.toml",
        "--reference",
        "TTO\u{1b}[2J",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("the project reference must be one line of plain text"),
        "{err}"
    );
    assert!(!err.contains('\u{1b}'), "{err:?}");
    let out = dualcheck(&["run", "--plain", "--project", &long]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("at most 120 characters"));
}

/// Every answers-file example in the README and the questionnaire format guide is assessed as
/// written: its question and option ids exist in the questionnaire it names.
#[test]
fn every_answers_example_in_the_docs_assesses() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for doc in ["README.md", "questionnaires/README.md"] {
        let text = std::fs::read_to_string(root.join(doc)).unwrap();
        let blocks = text
            .split("```toml\n")
            .skip(1)
            .map(|b| b.split("```").next().unwrap());
        for (k, block) in blocks.enumerate() {
            if !block.lines().any(|l| l.starts_with("questionnaire = "))
                || !block.contains("[answers]")
            {
                continue;
            }
            let file = dir
                .path()
                .join(format!("{}-{k}.toml", doc.replace('/', "-")));
            std::fs::write(&file, block).unwrap();
            let out = dualcheck(&["assess", "--answers", file.to_str().unwrap()]);
            assert!(
                out.status.success(),
                "{doc}, example {k}:\n{block}\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 2,
        "the README and the format guide each show one"
    );
}
