use std::path::{Path, PathBuf};
use std::process::Command;

/// The fixed report time of every test: 2026-09-21T14:13:20Z.
pub const EPOCH: &str = "1790000000";

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

/// The binary with a clean environment: no user config or data, fixed time, no colour.
/// `home` stands in for the user's home and config directories.
pub fn bin(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dualcheck"));
    c.env_remove("DUALCHECK_CONFIG")
        .env_remove("DUALCHECK_DATA_DIR")
        .env_remove("DUALCHECK_PLAIN")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env("NO_COLOR", "1")
        .current_dir(home);
    c
}

#[derive(Debug)]
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(cmd: &mut Command) -> Out {
    let o = cmd.output().expect("the binary runs");
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8(o.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(o.stderr).expect("UTF-8 stderr"),
    }
}

/// A configuration file in `dir` naming the fixture packs and the institution contact.
pub fn config_with_fixture_packs(dir: &Path) -> PathBuf {
    let path = dir.join("config.toml");
    let contact = std::fs::read_to_string(fixture("config/institution.toml")).unwrap();
    let (top, contacts) = contact.split_once("[[contact]]").unwrap();
    std::fs::write(
        &path,
        format!(
            "{top}extra_questionnaire_dirs = [{:?}]\n\n[[contact]]{contacts}",
            fixture("valid").display().to_string()
        ),
    )
    .unwrap();
    path
}
