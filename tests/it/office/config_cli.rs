//! `dualcheck config ...` and the configuration's effect on other commands.

use crate::office::util::{bin, config_with_fixture_packs, fixture, run};

#[test]
fn config_path_follows_xdg_then_the_flag_then_the_environment() {
    let home = tempfile::tempdir().unwrap();
    let out = run(bin(home.path()).args(["config", "path"]));
    assert_eq!(out.code, 0);
    assert_eq!(
        out.stdout.trim(),
        home.path()
            .join("config/dualcheck/config.toml")
            .display()
            .to_string()
    );
    let out = run(bin(home.path()).args(["--config", "/etc/x.toml", "config", "path"]));
    assert_eq!(out.stdout, "/etc/x.toml\n");
    let out = run(bin(home.path())
        .env("DUALCHECK_CONFIG", "/srv/y.toml")
        .args(["config", "path"]));
    assert_eq!(out.stdout, "/srv/y.toml\n");
}

#[test]
fn a_missing_default_config_is_not_an_error() {
    let home = tempfile::tempdir().unwrap();
    let out = run(bin(home.path()).args(["config", "check"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.starts_with("no configuration file at "),
        "{}",
        out.stdout
    );
    assert!(out.stdout.ends_with(": the defaults apply\n"));
    assert_eq!(run(bin(home.path()).arg("list")).code, 0);
}

#[test]
fn a_missing_explicit_config_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    let out = run(bin(home.path()).args(["--config", "nope.toml", "list"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .starts_with("error: the configuration file nope.toml does not exist"),
        "{}",
        out.stderr
    );
    let out = run(bin(home.path()).args(["config", "check", "nope.toml"]));
    assert_eq!(out.code, 2);
    assert_eq!(out.stderr, "error: no such file: nope.toml\n");
}

#[cfg(unix)]
#[test]
fn config_init_writes_a_private_template_and_refuses_to_overwrite() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("config/dualcheck/config.toml");
    let out = run(bin(home.path()).args(["config", "init"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .starts_with(&format!("wrote {}\n", path.display()))
    );
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        dualcheck::config::TEMPLATE
    );

    std::fs::write(&path, "institution = \"Mine\"\n").unwrap();
    let out = run(bin(home.path()).args(["config", "init"]));
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        format!(
            "error: {} already exists; use --force to overwrite it\n",
            path.display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "institution = \"Mine\"\n"
    );
    let out = run(bin(home.path()).args(["config", "init", "--force"]));
    assert_eq!(out.code, 0);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        dualcheck::config::TEMPLATE
    );

    // The fresh template checks clean, with a reminder that no contact is set.
    let out = run(bin(home.path()).args(["config", "check"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("warning[no-contact]"), "{}", out.stderr);
}

#[test]
fn config_check_points_at_every_problem() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("c.toml");
    std::fs::write(
        &path,
        "institution = \"Uni\"\ntheme = \"hi-contrast\"\nextra_questionnaire_dirs = [\"gone\"]\n\n\
         [[contact]]\nname = \"Officer\"\nemail = \"officer(at)uni\"\n",
    )
    .unwrap();
    let out = run(bin(home.path()).args(["config", "check", "c.toml"]));
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "");
    let expected = format!(
        "error[invalid-email]: `officer(at)uni` does not look like an e-mail address
  --> c.toml:7:9
  |
7 | email = \"officer(at)uni\"
  |         ^^^^^^^^^^^^^^^^
  = help: write it as name@example.org

error[invalid-value]: unknown theme \"hi-contrast\"
  --> c.toml:2:9
  |
2 | theme = \"hi-contrast\"
  |         ^^^^^^^^^^^^^
  = help: did you mean \"high-contrast\"?

warning[missing-dir]: questionnaire directory {} does not exist
  --> c.toml:3:29
  |
3 | extra_questionnaire_dirs = [\"gone\"]
  |                             ^^^^^^

2 errors, 1 warning
",
        std::path::Path::new(".").join("gone").display()
    );
    assert_eq!(out.stderr, expected);

    std::fs::write(&path, "[[contact]]\nname = \"A\"\ninstitution = \"Uni\"\n").unwrap();
    let out = run(bin(home.path()).args(["config", "check", "c.toml"]));
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("--> c.toml:3:1\n"), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("move it above the first [[contact]] table"),
        "{}",
        out.stderr
    );

    std::fs::write(&path, "institutoin = \"Uni\"\n").unwrap();
    let out = run(bin(home.path()).args(["config", "check", "c.toml"]));
    assert!(
        out.stderr
            .starts_with("error[unknown-field]: unknown field `institutoin`"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("--> c.toml:1:1\n"));
    assert!(out.stderr.contains("= help: did you mean `institution`?"));

    // Any other command refuses to run with a broken configuration, and says how to fix it.
    let out = run(bin(home.path()).args(["--config", "c.toml", "list"]));
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("dualcheck config check"),
        "{}",
        out.stderr
    );
}

#[test]
fn institution_packs_are_listed_validated_and_used_with_the_contact() {
    let home = tempfile::tempdir().unwrap();
    let config = config_with_fixture_packs(home.path());
    let out = run(bin(home.path()).arg("config").arg("check").arg(&config));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("  questionnaire: fixture-basic 0.1.0 (ok) from "),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("  contacts: 2 (primary: Export Control Office · Example University")
    );

    let out = run(bin(home.path())
        .arg("--config")
        .arg(&config)
        .arg("validate"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("ok: fixture-basic 0.1.0"),
        "{}",
        out.stdout
    );

    // The answers file names `fixture-basic`: found through the configured directory.
    let out = run(bin(home.path())
        .arg("--config")
        .arg(&config)
        .args(["assess", "--answers"])
        .arg(fixture("answers/canonical.toml")));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains(
        "**Ask:** Export Control Office · Example University · export-control@example.org"
    ));
    let out = run(bin(home.path()).env("DUALCHECK_CONFIG", &config).args([
        "explain",
        "--questionnaire",
        "fixture-basic",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn relative_questionnaire_dirs_are_read_from_the_config_directory() {
    let home = tempfile::tempdir().unwrap();
    let etc = home.path().join("etc");
    let pack = etc.join("packs/basic");
    std::fs::create_dir_all(&pack).unwrap();
    for f in std::fs::read_dir(fixture("valid/basic")).unwrap().flatten() {
        std::fs::copy(f.path(), pack.join(f.file_name())).unwrap();
    }
    std::fs::write(
        etc.join("config.toml"),
        "extra_questionnaire_dirs = [\"packs\"]\n",
    )
    .unwrap();
    let out = run(bin(home.path()).args(["--config", "etc/config.toml", "list"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.lines().any(|l| l.starts_with("fixture-basic ")),
        "{}",
        out.stdout
    );
}
