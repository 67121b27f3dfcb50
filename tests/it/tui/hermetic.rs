//! In-process tests never read the user's configuration: the configuration is read once by the
//! command line and passed down, so a hostile `config.toml` in every place dualcheck looks for one
//! changes none of the snapshots of this binary.

use std::process::Command;

const CHILD: &str = "DUALCHECK_HERMETIC_CHILD";

#[test]
fn a_hostile_user_configuration_changes_no_in_process_test() {
    if std::env::var_os(CHILD).is_some() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let config_dir = home.path().join("config/dualcheck");
    std::fs::create_dir_all(&config_dir).unwrap();
    let extra = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/valid/basic");
    let config = format!(
        "institution = \"Hostile Institute\"\nextra_questionnaire_dirs = [\"{extra}\"]\n\
         theme = \"high-contrast\"\nui = \"plain\"\n\n[[contact]]\nname = \"Hostile Office\"\n\
         email = \"hostile@example.org\"\n"
    );
    let file = config_dir.join("config.toml");
    std::fs::write(&file, &config).unwrap();
    // The file is valid: were it read, it would change the welcome list, the theme and the
    // contact in the results.
    assert!(
        dualcheck::config::load(Some(&file))
            .unwrap()
            .config
            .contact()
            .is_some()
    );
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["tui::snapshots", "--test-threads", "2"])
        .env(CHILD, "1")
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("HOME", home.path())
        .env("DUALCHECK_CONFIG", &file)
        .env("INSTA_UPDATE", "no")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The snapshot tests ran under it.
    assert!(stdout.contains("tui::snapshots::"), "{stdout}");
}
