//! Without a terminal: a short message naming `dualcheck assess --answers FILE`, exit 2, and no
//! escape code in any pipe.

use std::process::{Command, Stdio};

use super::fixture_dir;

fn run(args: &[&str], envs: &[(&str, &str)]) -> std::process::Output {
    let data = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dualcheck"));
    cmd.args(args)
        .arg("--data-dir")
        .arg(data.path())
        .env_remove("NO_COLOR")
        .env_remove("DUALCHECK_PLAIN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().expect("the binary runs")
}

#[test]
fn without_a_terminal_the_wizard_names_assess_and_exits_2() {
    let fixture = fixture_dir();
    let fixture = fixture.to_str().unwrap();
    for (args, envs) in [
        (vec![], vec![("TERM", "xterm-256color")]),
        (vec!["--plain", "--questionnaire", fixture], vec![]),
        (vec!["run", "--accessible"], vec![("CLICOLOR_FORCE", "1")]),
        (
            vec!["run", "--color", "always"],
            vec![("DUALCHECK_PLAIN", "1")],
        ),
        (vec!["run"], vec![("TERM", "dumb")]),
    ] {
        let out = run(&args, &envs);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("dualcheck assess --answers FILE"),
            "{args:?}: {stderr}"
        );
        assert!(!out.stdout.contains(&0x1b), "{args:?}: escape in stdout");
        assert!(!out.stderr.contains(&0x1b), "{args:?}: escape in stderr");
        assert!(stderr.lines().count() <= 3, "short message: {stderr}");
    }
}

#[test]
fn assess_writes_the_plain_text_report() {
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("answers.toml");
    std::fs::write(
        &answers,
        "questionnaire = \"fixture-basic\"\n[answers]\nlocation = \"uk\"\nareas = [\"crypto\"]\nmilitary = \"no\"\n",
    )
    .unwrap();
    let fixture = fixture_dir();
    let out = run(
        &[
            "assess",
            "--answers",
            answers.to_str().unwrap(),
            "--questionnaire",
            fixture.to_str().unwrap(),
            "--format",
            "text",
        ],
        &[],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("HINT: [!] CHECK NEEDED\n"), "{stdout}");
    assert!(stdout.contains("1. [!] Encryption\n"), "{stdout}");
    assert!(!out.stdout.contains(&0x1b));
}
