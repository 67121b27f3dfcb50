//! Files that should not be read or written: paths named inside answers and session files, FIFOs,
//! devices and symbolic links at every input and output path, oversized packs, colliding session
//! ids, stale temporary files, sessions of an unknown schema, empty environment variables.
//!
//! Every child process runs under a guard that kills it after 60 s and fails the test, so a
//! regression that hangs (a FIFO opened for reading) fails instead of blocking the test run.

#![cfg(unix)]

use crate::common;

use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use dualcheck::questionnaire::OptionIx;
use dualcheck::session::{SessionError, SessionFile, Store};

fn fixture(rel: &str) -> PathBuf {
    common::root().join("tests/fixtures").join(rel)
}

/// The binary with a clean environment, in `home`.
fn bin(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dualcheck"));
    c.env_remove("DUALCHECK_CONFIG")
        .env_remove("DUALCHECK_DATA_DIR")
        .env_remove("DUALCHECK_PLAIN")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .env("NO_COLOR", "1")
        .current_dir(home)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs a command; a hang is a failure (the child is killed after 60 s), not a stuck test.
fn run(cmd: &mut Command) -> Out {
    let mut child = cmd.spawn().expect("the binary runs");
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("the command hung: {cmd:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let o = child.wait_with_output().unwrap();
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(ok.success(), "mkfifo {}", path.display());
}

fn is_root() -> bool {
    let out = Command::new("id").arg("-u").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim() == "0"
}

// Defect 2: the questionnaire named in an answers or session file is an id, never a path.

#[test]
fn the_questionnaire_named_in_an_answers_file_is_never_read_as_a_path() {
    let home = tempfile::tempdir().unwrap();
    let secret = home.path().join("secret.txt");
    std::fs::write(
        &secret,
        "root:x:0:0:SECRET-LINE\n[questionnaire]\nid = \"x\"\n",
    )
    .unwrap();
    let fifo = home.path().join("pipe");
    mkfifo(&fifo);
    for target in [
        secret.display().to_string(),
        "/dev/zero".to_string(),
        fifo.display().to_string(),
        fixture("valid/basic").display().to_string(),
    ] {
        let answers = home.path().join("answers.toml");
        std::fs::write(
            &answers,
            format!("questionnaire = {target:?}\n[answers]\nlocation = \"eu\"\n"),
        )
        .unwrap();
        let out = run(bin(home.path()).args(["assess", "--answers"]).arg(&answers));
        assert_eq!(out.code, 2, "{target}: {}", out.stderr);
        assert!(
            out.stderr.contains("no questionnaire `"),
            "{target}: {}",
            out.stderr
        );
        assert!(!out.stderr.contains("SECRET-LINE"), "{}", out.stderr);
        assert!(out.stdout.is_empty());
    }
    // A path is still taken from `--questionnaire`, where the user typed it.
    let answers = home.path().join("answers.toml");
    std::fs::write(
        &answers,
        "questionnaire = \"fixture-basic\"\n[answers]\nlocation = \"eu\"\n",
    )
    .unwrap();
    let out = run(bin(home.path())
        .args(["assess", "--answers"])
        .arg(&answers)
        .arg("--questionnaire")
        .arg(fixture("valid/basic")));
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn the_questionnaire_named_in_a_session_file_is_never_read_as_a_path() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data-dir");
    let store = Store::open(&data).unwrap();
    let q = common::fixture();
    let secret = home.path().join("secret.txt");
    std::fs::write(&secret, "SECRET-LINE\n").unwrap();
    let mut session = SessionFile::new("s1".into(), &q, "2026-01-01T00:00:00Z");
    session.questionnaire = secret.display().to_string();
    store.save(&session).unwrap();
    for args in [
        vec!["sessions", "export", "s1"],
        vec!["sessions", "show", "s1"],
    ] {
        let out = run(bin(home.path()).arg("--data-dir").arg(&data).args(&args));
        assert!(
            !out.stderr.contains("SECRET-LINE"),
            "{args:?}: {}",
            out.stderr
        );
        assert!(
            !out.stdout.contains("SECRET-LINE"),
            "{args:?}: {}",
            out.stdout
        );
        if args[1] == "export" {
            assert_eq!(out.code, 2, "{}", out.stderr);
            assert!(out.stderr.contains("no questionnaire `"), "{}", out.stderr);
        } else {
            assert!(out.stdout.contains("is not available"), "{}", out.stdout);
        }
    }
}

#[test]
fn resuming_a_session_never_reads_the_path_it_names() {
    use dualcheck::app::run::WizardOptions;
    use dualcheck::plain::driver::Driver;
    let home = tempfile::tempdir().unwrap();
    let store = Store::open(home.path()).unwrap();
    let q = common::fixture();
    let fifo = home.path().join("pipe");
    mkfifo(&fifo);
    // A FIFO would hang a reader forever; a pack directory would be read as a pack.
    for target in [fifo.clone(), fixture("valid/basic")] {
        let mut session = SessionFile::new("s1".into(), &q, "2026-01-01T00:00:00Z");
        session.questionnaire = target.display().to_string();
        store.save(&session).unwrap();
        let options = WizardOptions {
            resume: Some("s1".into()),
            runtime: dualcheck::app::Runtime::with_data_dir(Some(home.path().to_path_buf())).into(),
            ..WizardOptions::default()
        };
        let mut driver = Driver::new(std::io::Cursor::new(b"q\n".to_vec()), Vec::new(), false);
        let err = dualcheck::plain::run_with(&mut driver, &options, || "t".into()).unwrap_err();
        assert!(
            err.message.contains("no questionnaire `"),
            "{}",
            err.message
        );
        assert!(
            err.message.contains("add --questionnaire PATH"),
            "{}",
            err.message
        );
        // The full-screen wizard prepares the resume before it takes the terminal.
        let err = dualcheck::tui::Context::new(options).unwrap_err();
        assert!(
            err.message.contains("no questionnaire `"),
            "{}",
            err.message
        );
    }
}

// Defect 3: output files are written in place; links and special files are refused.

#[test]
fn report_outputs_refuse_links_and_special_files_and_write_regular_files_in_place() {
    let home = tempfile::tempdir().unwrap();
    let answers = fixture("answers/basic-drone.toml");
    let q = fixture("valid/basic");
    let assess = |out: &Path| {
        run(bin(home.path())
            .args(["assess", "--answers"])
            .arg(&answers)
            .arg("--questionnaire")
            .arg(&q)
            .arg("-o")
            .arg(out))
    };
    // A link: refused, the link and its target untouched.
    let target = home.path().join("target.txt");
    std::fs::write(&target, "keep me").unwrap();
    let link = home.path().join("link.md");
    symlink(&target, &link).unwrap();
    let out = assess(&link);
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(out.stderr.contains("a symbolic link"), "{}", out.stderr);
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    // A link to standard output: refused too, not replaced.
    let stdout_link = home.path().join("stdout.md");
    symlink("/dev/stdout", &stdout_link).unwrap();
    let out = assess(&stdout_link);
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(
        std::fs::symlink_metadata(&stdout_link)
            .unwrap()
            .is_symlink()
    );
    // A FIFO: refused without blocking, still a FIFO.
    let fifo = home.path().join("pipe.md");
    mkfifo(&fifo);
    let out = assess(&fifo);
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(out.stderr.contains("FIFO"), "{}", out.stderr);
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(
        &std::fs::symlink_metadata(&fifo).unwrap().file_type()
    ));
    // A device: refused, never replaced (as root, replacing /dev/null would break the system).
    let out = assess(Path::new("/dev/null"));
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(out.stderr.contains("a device"), "{}", out.stderr);
    assert!(std::os::unix::fs::FileTypeExt::is_char_device(
        &std::fs::metadata("/dev/null").unwrap().file_type()
    ));
    // A regular file: written in place (same inode), owner-only.
    let report = home.path().join("report.md");
    std::fs::write(&report, "old").unwrap();
    std::fs::set_permissions(&report, std::fs::Permissions::from_mode(0o644)).unwrap();
    let inode = std::fs::metadata(&report).unwrap().ino();
    let out = assess(&report);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let meta = std::fs::metadata(&report).unwrap();
    assert_eq!(meta.ino(), inode, "written in place");
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    assert!(
        std::fs::read_to_string(&report)
            .unwrap()
            .starts_with("# dualcheck report")
    );
    // A new file: owner-only.
    let fresh = home.path().join("fresh.md");
    assert_eq!(assess(&fresh).code, 0);
    assert_eq!(
        std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn sessions_export_and_config_init_refuse_links_and_special_files() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data-dir");
    let store = Store::open(&data).unwrap();
    let q = common::load_pack(&fixture("valid/basic"));
    let mut session = SessionFile::new("s1".into(), &q, "2026-01-01T00:00:00Z");
    session.questionnaire = "research-self-check".into();
    session.answers.clear();
    store.save(&session).unwrap();
    let target = home.path().join("target.txt");
    std::fs::write(&target, "keep me").unwrap();
    let link = home.path().join("link.md");
    symlink(&target, &link).unwrap();
    let out = run(bin(home.path())
        .arg("--data-dir")
        .arg(&data)
        .args(["sessions", "export", "s1", "-o"])
        .arg(&link));
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(out.stderr.contains("a symbolic link"), "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");

    // `config init --force` on a link or a device: refused, untouched.
    for path in [link.clone(), PathBuf::from("/dev/null")] {
        let out = run(bin(home.path())
            .arg("--config")
            .arg(&path)
            .args(["config", "init", "--force"]));
        assert_eq!(out.code, 2, "{}: {}", path.display(), out.stderr);
        assert!(out.stderr.contains("left it untouched"), "{}", out.stderr);
    }
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
}

#[test]
fn the_wizard_export_refuses_a_link() {
    use dualcheck::app::run::{Autosave, ThemeChoice};
    use dualcheck::engine::Engine;
    use dualcheck::tui::{App, Effect, Theme};
    let dir = tempfile::tempdir().unwrap();
    let q = common::fixture();
    let mut app = App::new(
        Engine::new(&q),
        Autosave::start(Store::open(dir.path()), &q, "2026-01-01T00:00:00Z"),
        Theme::new(ThemeChoice::Default, false),
        ratatui::layout::Size::new(80, 24),
    );
    let target = dir.path().join("target.txt");
    std::fs::write(&target, "keep me").unwrap();
    let link = dir.path().join("link.md");
    symlink(&target, &link).unwrap();
    app.export.path = link.display().to_string();
    app.perform(Effect::Export);
    match &app.export.outcome {
        Some(Err(e)) => assert!(e.contains("a symbolic link"), "{e}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
}

// Defects 5 and 6: special files and size limits on every input.

#[test]
fn summary_skips_fifos_devices_and_links_to_devices_with_a_message() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("reports");
    std::fs::create_dir(&dir).unwrap();
    mkfifo(&dir.join("a-fifo.json"));
    symlink("/dev/zero", dir.join("b-zero.json")).unwrap();
    symlink("/dev/urandom", dir.join("c-random.json")).unwrap();
    let out = run(bin(home.path()).arg("summary").arg(&dir));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let all = format!("{}{}", out.stdout, out.stderr);
    assert!(all.contains("0 reports counted, 3 files skipped"), "{all}");
    assert!(all.contains("FIFO"), "{all}");
    assert!(all.contains("a device"), "{all}");
    // Named directly too.
    let out = run(bin(home.path()).arg("summary").arg("/dev/zero"));
    assert!(
        format!("{}{}", out.stdout, out.stderr).contains("1 file skipped"),
        "{}",
        out.stdout
    );
}

#[test]
fn every_input_path_refuses_fifos_and_devices_without_blocking() {
    let home = tempfile::tempdir().unwrap();
    let fifo = home.path().join("pipe.toml");
    mkfifo(&fifo);
    for special in [fifo.as_path(), Path::new("/dev/zero")] {
        let runs: Vec<Vec<std::ffi::OsString>> = vec![
            vec!["assess".into(), "--answers".into(), special.into()],
            vec!["validate".into(), special.into()],
            vec![
                "--config".into(),
                special.into(),
                "config".into(),
                "check".into(),
            ],
            vec!["--config".into(), special.into(), "list".into()],
            vec!["explain".into(), "--questionnaire".into(), special.into()],
        ];
        for args in runs {
            let out = run(bin(home.path()).args(&args));
            assert_ne!(out.code, 0, "{args:?}");
            assert!(
                out.stderr.contains("not a regular file"),
                "{args:?}: {}",
                out.stderr
            );
        }
    }
}

#[test]
fn fifos_and_directories_in_the_sessions_directory_are_reported_never_waited_on() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data-dir");
    let store = Store::open(&data).unwrap();
    let q = common::fixture();
    store
        .save(&SessionFile::new("good".into(), &q, "2026-01-01T00:00:00Z"))
        .unwrap();
    mkfifo(&store.path_of("fifo"));
    std::fs::create_dir(store.path_of("adir")).unwrap();
    let (listed, unreadable) = store.list_all();
    assert_eq!(listed.len(), 1);
    assert_eq!(unreadable.len(), 2, "{unreadable:?}");
    let out = run(bin(home.path())
        .arg("--data-dir")
        .arg(&data)
        .args(["sessions", "list"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("good"), "{}", out.stdout);
    assert!(
        out.stderr.contains("fifo.toml: it is a FIFO"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("adir.toml: it is a directory"),
        "{}",
        out.stderr
    );
    let out = run(bin(home.path())
        .arg("--data-dir")
        .arg(&data)
        .args(["sessions", "show", "fifo"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("left untouched"), "{}", out.stderr);
    // Neither is moved aside: they are not corrupt sessions.
    assert!(std::fs::symlink_metadata(store.path_of("fifo")).is_ok());
    assert!(store.path_of("adir").is_dir());
}

#[test]
fn a_pack_over_the_total_size_stops_at_the_file_that_passes_it() {
    use dualcheck::questionnaire::catalog::read_pack_files;
    use dualcheck::questionnaire::load::{MAX_FILE_BYTES, MAX_PACK_BYTES};
    let dir = tempfile::tempdir().unwrap();
    // 64 files at the size limit: 512 MiB. Sparse files, so the test costs no disk.
    for i in 0..64 {
        let f = std::fs::File::create(dir.path().join(format!("f{i:02}.toml"))).unwrap();
        f.set_len(MAX_FILE_BYTES as u64).unwrap();
    }
    let err = read_pack_files(dir.path()).unwrap_err();
    assert_eq!(err.kind, "too-large");
    let stopped = MAX_PACK_BYTES / MAX_FILE_BYTES;
    assert!(
        err.message.contains(&format!(
            "stopped at {}",
            dir.path().join(format!("f{stopped:02}.toml")).display()
        )),
        "read no further than the file that passes the limit: {}",
        err.message
    );
}

#[test]
fn the_item_limit_is_checked_before_each_file_is_parsed() {
    use dualcheck::diag::Sources;
    use dualcheck::questionnaire::load::{MAX_ITEMS, load};
    let mut sources = Sources::default();
    let first = sources.add("a.toml", "[questionnaire]\nid = \"x\"\n");
    // Headers only: parsed, each would give several "missing field" errors.
    let second = sources.add("b.toml", "[[question]]\n".repeat(MAX_ITEMS + 1));
    let loaded = load(&sources, &[first, second], "test");
    assert!(loaded.questionnaire.is_none());
    assert!(
        loaded
            .diagnostics
            .iter()
            .all(|d| d.location.as_ref().is_none_or(|l| l.file != second)),
        "nothing of b.toml was parsed: {:?}",
        loaded.diagnostics
    );
    let too_large: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.kind == "too-large")
        .collect();
    assert_eq!(too_large.len(), 1);
    assert!(too_large[0].message.contains("b.toml"));
}

// Defect 7: two wizards started in the same second never share a session.

#[test]
fn two_sessions_started_in_the_same_second_get_different_ids() {
    use dualcheck::app::run::Autosave;
    use dualcheck::engine::Engine;
    let dir = tempfile::tempdir().unwrap();
    let q = common::fixture();
    let now = "2026-01-01T00:00:00Z";
    let mut a = Autosave::start(Store::open(dir.path()), &q, now);
    let mut b = Autosave::start(Store::open(dir.path()), &q, now);
    assert_ne!(a.session_id(), b.session_id());
    let mut ea = Engine::new(&q);
    ea.answer(
        q.question_index("location").unwrap(),
        dualcheck::answers::Answer::Choice(OptionIx(0)),
    )
    .unwrap();
    let mut eb = Engine::new(&q);
    eb.answer(
        q.question_index("location").unwrap(),
        dualcheck::answers::Answer::Choice(OptionIx(1)),
    )
    .unwrap();
    assert!(a.save(&ea, now));
    assert!(b.save(&eb, now));
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(
        store.load(a.session_id()).unwrap().answers["location"].as_str(),
        Some("eu")
    );
    assert_eq!(
        store.load(b.session_id()).unwrap().answers["location"].as_str(),
        Some("uk")
    );
    // Creating a session whose id is taken in between (the race) takes the next id and leaves
    // the other session as it was.
    let taken = a.session_id().to_string();
    let mut late = SessionFile::new(taken.clone(), &q, now);
    store.create(&mut late).unwrap();
    assert_ne!(late.id, taken);
    assert_eq!(
        store.load(&taken).unwrap().answers["location"].as_str(),
        Some("eu")
    );
}

/// A file system without hard links (FAT, some FUSE file systems): sessions are still created
/// exclusively, with `O_EXCL`.
#[test]
fn sessions_are_created_exclusively_without_hard_links_too() {
    #[derive(Debug)]
    struct NoLinks;
    impl dualcheck::session::FileOps for NoLinks {
        fn link(&self, _: &Path, _: &Path) -> std::io::Result<()> {
            Err(std::io::Error::from_raw_os_error(1)) // EPERM, as on FAT
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_with(dir.path(), std::sync::Arc::new(NoLinks)).unwrap();
    let q = common::fixture();
    let mut a = SessionFile::new("s".into(), &q, "t");
    let mut b = SessionFile::new("s".into(), &q, "t");
    store.create(&mut a).unwrap();
    store.create(&mut b).unwrap();
    assert_eq!((a.id.as_str(), b.id.as_str()), ("s", "s-2"));
    assert_eq!(store.load("s").unwrap(), a);
    assert_eq!(store.load("s-2").unwrap(), b);
    assert_eq!(
        std::fs::metadata(store.path_of("s"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o600
    );
    let leftovers = std::fs::read_dir(store.dir())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".dualcheck-"))
        .count();
    assert_eq!(leftovers, 0, "no temporary file is left");
}

// Defect 8: temporary files left by a killed save are cleaned up.

#[test]
fn stale_temporary_files_are_removed_on_open_and_by_delete() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let q = common::fixture();
    store
        .save(&SessionFile::new("s1".into(), &q, "2026-01-01T00:00:00Z"))
        .unwrap();
    let old = store.dir().join(".dualcheck-s2.abc123.tmp");
    let fresh = store.dir().join(".dualcheck-s3.def456.tmp");
    let of_s1 = store.dir().join(".dualcheck-s1.ghi789.tmp");
    let other = store.dir().join("notes.tmp");
    for p in [&old, &fresh, &of_s1, &other] {
        std::fs::write(p, "answers = { secret = \"free text\" }").unwrap();
    }
    let two_hours_ago = std::time::SystemTime::now() - Duration::from_secs(7200);
    std::fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(two_hours_ago)
        .unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert!(
        !old.exists(),
        "a stale temporary file is removed when the store opens"
    );
    assert!(
        fresh.exists(),
        "a fresh one may belong to a save in progress"
    );
    assert!(other.exists(), "only dualcheck's own files are touched");
    // What is left is named by `sessions list`, not hidden.
    let (_, unlisted) = store.list_all();
    let named: Vec<_> = unlisted.iter().map(|u| u.path.clone()).collect();
    assert!(
        named.contains(&fresh) && named.contains(&of_s1),
        "{unlisted:?}"
    );
    assert!(
        unlisted
            .iter()
            .any(|u| u.reason.contains("dualcheck sessions delete s1")),
        "{unlisted:?}"
    );
    // `sessions delete` removes the session's temporary files, however young.
    let home = tempfile::tempdir().unwrap();
    let out = run(bin(home.path())
        .arg("--data-dir")
        .arg(dir.path())
        .args(["sessions", "delete", "s1"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!store.path_of("s1").exists());
    assert!(
        !of_s1.exists(),
        "the deleted session's temporary file is gone"
    );
    assert!(fresh.exists(), "another session's is kept");
}

// Defect 13: unknown schema, transient errors and failed renames.

#[test]
fn a_session_of_a_newer_schema_is_left_in_place_for_a_newer_dualcheck() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let path = store.path_of("s1");
    let text = "schema = \"dualcheck.session/2\"\nid = \"s1\"\nnew_field = 1\n";
    std::fs::write(&path, text).unwrap();
    match store.load("s1") {
        Err(e @ SessionError::UnknownSchema { .. }) => {
            let msg = e.to_string();
            assert!(msg.contains("left untouched"), "{msg}");
            assert!(!msg.contains("moved to"), "{msg}");
        }
        other => panic!("expected UnknownSchema, got {other:?}"),
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    let (listed, unreadable) = store.list_all();
    assert!(listed.is_empty());
    assert_eq!(unreadable.len(), 1);
    assert!(unreadable[0].reason.contains("dualcheck.session/2"));
    // An escape sequence in the schema text never reaches a message.
    std::fs::write(
        &path,
        "schema = \"dualcheck.session/\\u001b[2J\"\nid = \"s1\"\n",
    )
    .unwrap();
    let msg = store.load("s1").unwrap_err().to_string();
    assert!(!msg.contains('\u{1b}'), "{msg:?}");
}

#[test]
fn a_file_that_cannot_be_read_now_is_not_moved_aside() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    // A directory in the way: a read error, not a corrupt session.
    std::fs::create_dir(store.path_of("s1")).unwrap();
    assert!(matches!(
        store.load("s1"),
        Err(SessionError::Unreadable { .. })
    ));
    assert!(store.path_of("s1").is_dir());
    if !is_root() {
        // No read permission: the same.
        let q = common::fixture();
        store
            .save(&SessionFile::new("s2".into(), &q, "2026-01-01T00:00:00Z"))
            .unwrap();
        std::fs::set_permissions(store.path_of("s2"), std::fs::Permissions::from_mode(0o000))
            .unwrap();
        assert!(matches!(
            store.load("s2"),
            Err(SessionError::Unreadable { .. })
        ));
        assert!(store.path_of("s2").exists());
        assert!(!store.dir().join("s2.toml.corrupt-1").exists());
    }
}

#[test]
fn a_failed_move_aside_is_not_reported_as_moved() {
    use dualcheck::testing::{FaultyFs, SaveStep};
    let dir = tempfile::tempdir().unwrap();
    // Every rename fails, as in a read-only directory.
    let ops = std::sync::Arc::new(FaultyFs::new(SaveStep::Rename, 1, usize::MAX));
    let store = Store::open_with(dir.path(), ops.clone()).unwrap();
    std::fs::write(store.path_of("s1"), "not = [valid").unwrap();
    match store.load("s1") {
        Err(e @ SessionError::CorruptNotMoved { .. }) => {
            let msg = e.to_string();
            assert!(!msg.contains("moved to"), "{msg}");
            assert!(msg.contains("could not be moved aside"), "{msg}");
            assert!(msg.contains("left where it is"), "{msg}");
        }
        other => panic!("expected CorruptNotMoved, got {other:?}"),
    }
    assert_eq!(ops.failures(), 1);
    assert!(store.path_of("s1").exists());
}

// Defect 14: empty environment variables count as unset.

#[test]
fn empty_data_dir_and_config_variables_count_as_unset() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        vec!["list"],
        vec!["sessions", "list"],
        vec!["config", "path"],
    ] {
        let out = run(bin(home.path())
            .env("DUALCHECK_DATA_DIR", "")
            .env("DUALCHECK_CONFIG", "")
            .args(&args));
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    }
    let out = run(bin(home.path())
        .env("DUALCHECK_DATA_DIR", "")
        .args(["sessions", "list"]));
    assert!(
        out.stdout
            .contains(&home.path().join("data").display().to_string()),
        "the platform default is used: {}",
        out.stdout
    );
}

// Defects 9 and 10: what reaches a terminal or a report.

/// The fixture pack with the drone rule's rationale replaced.
fn pack_with_rationale(dir: &Path, rationale: &str) -> PathBuf {
    let pack = dir.join("pack");
    std::fs::create_dir(&pack).unwrap();
    for f in ["00-meta.toml", "10-questions.toml", "20-rules.toml"] {
        let text = std::fs::read_to_string(fixture("valid/basic").join(f)).unwrap();
        let text = text.replace(
            "rationale = \"Drones that fly an hour or more are listed.\"",
            &format!(
                "rationale = \"{}\"",
                rationale
                    .replace('\\', "\\\\")
                    .replace('"', "\\\"")
                    .replace('\n', "\\n")
            ),
        );
        std::fs::write(pack.join(f), text).unwrap();
    }
    pack
}

#[test]
fn a_tilde_fence_in_a_rationale_cannot_turn_a_report_or_explain_into_code() {
    let home = tempfile::tempdir().unwrap();
    let pack = pack_with_rationale(home.path(), "~~~\n```\n- item\n# heading");
    let report = run(bin(home.path())
        .args(["assess", "--format", "markdown", "--answers"])
        .arg(fixture("answers/basic-drone.toml"))
        .arg("--questionnaire")
        .arg(&pack));
    assert_eq!(report.code, 0, "{}", report.stderr);
    let explain = run(bin(home.path())
        .args(["explain", "--questionnaire"])
        .arg(&pack));
    assert_eq!(explain.code, 0, "{}", explain.stderr);
    for (what, md) in [("report", &report.stdout), ("explain", &explain.stdout)] {
        assert!(
            md.contains("\\~\\~\\~"),
            "{what}: the rationale is there, escaped:\n{md}"
        );
        for line in md.lines() {
            let t = line.trim_start();
            assert!(
                !t.starts_with("~~~") && !t.starts_with("```"),
                "{what}: a fence opens a code block: {line:?}"
            );
        }
    }
    assert!(report.stdout.contains("DISCLAIMER") || report.stdout.contains("Disclaimer"));
}

#[test]
fn bidi_and_invisible_characters_reach_no_output() {
    let home = tempfile::tempdir().unwrap();
    let pack = pack_with_rationale(
        home.path(),
        "Listed \u{202E}desrever\u{202C} \u{2066}x\u{2069}\u{200B}.",
    );
    let answers = home.path().join("answers.toml");
    std::fs::write(
        &answers,
        "questionnaire = \"fixture-basic\"\n[answers]\nlocation = \"eu\"\nmember_state = \"Ger\u{202E}many\u{200B}\"\nareas = [\"drones\"]\nendurance = 90\nmilitary = \"no\"\n",
    )
    .unwrap();
    for format in ["markdown", "html", "text", "json"] {
        let out = run(bin(home.path())
            .args(["assess", "--format", format, "--answers"])
            .arg(&answers)
            .arg("--questionnaire")
            .arg(&pack));
        assert_eq!(out.code, 0, "{format}: {}", out.stderr);
        for c in ['\u{202E}', '\u{202C}', '\u{2066}', '\u{2069}', '\u{200B}'] {
            assert!(
                !out.stdout.contains(c),
                "{format}: U+{:04X} in the output",
                u32::from(c)
            );
        }
        if format == "json" {
            // The same data, escaped: it parses back to the text as written.
            let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
            assert!(v.to_string().contains('\u{202E}'), "JSON keeps the data");
        } else {
            assert!(out.stdout.contains("desrever"), "{format}");
        }
    }
}

#[test]
fn escape_sequences_in_file_names_and_session_files_never_reach_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    // A pack file whose name holds an escape sequence, with an error in it.
    let name = home.path().join("evil\u{1b}[2J\u{202E}.toml");
    std::fs::write(&name, "[questionnaire]\nid = \"x\"\nbogus = 1\n").unwrap();
    let out = run(bin(home.path()).arg("validate").arg(&name));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("  --> "), "{}", out.stderr);
    assert!(!out.stderr.contains('\u{1b}'), "{:?}", out.stderr);
    assert!(!out.stderr.contains('\u{202E}'), "{:?}", out.stderr);
    // A session file with escape codes in broken TOML and in its schema.
    let data = home.path().join("data-dir");
    let store = Store::open(&data).unwrap();
    std::fs::write(
        store.path_of("s1"),
        "schema = \"\u{1b}]0;owned\u{7}\"\nid = [\u{1b}[31m\n",
    )
    .unwrap();
    std::fs::write(
        store.path_of("s2"),
        "schema = \"dualcheck.session/9\u{1b}[2J\"\nid = \"s2\"\n",
    )
    .unwrap();
    for id in ["s1", "s2"] {
        let out = run(bin(home.path())
            .arg("--data-dir")
            .arg(&data)
            .args(["sessions", "show", id]));
        assert_ne!(out.code, 0);
        assert!(!out.stderr.contains('\u{1b}'), "{id}: {:?}", out.stderr);
        assert!(!out.stderr.contains('\u{7}'), "{id}: {:?}", out.stderr);
    }
}
