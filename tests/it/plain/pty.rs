//! The real binary in plain mode in a pseudo-terminal, driven like a person would: read until the
//! prompt appears, type, read the next. No fixed sleeps: every wait is for text, with a timeout.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

use super::fixture_dir;

const TIMEOUT: Duration = Duration::from_secs(30);

struct Session {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    /// Everything read so far, with carriage returns removed.
    text: String,
    /// How far `expect` has consumed `text`.
    seen: usize,
    _master: Box<dyn portable_pty::MasterPty + Send>,
    /// Kept open: on Linux, output still buffered when the last slave descriptor closes can be
    /// lost to the hangup, and the last words of the program are what these tests check.
    _slave: Box<dyn portable_pty::SlavePty + Send>,
}

impl Session {
    fn spawn(args: &[&str], cwd: &Path, env: &[(&str, &str)]) -> Session {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows: 30,
                cols: 100,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_dualcheck"));
        cmd.args(args);
        cmd.cwd(cwd);
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("CLICOLOR_FORCE");
        cmd.env_remove("DUALCHECK_PLAIN");
        cmd.env_remove("DUALCHECK_DATA_DIR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("the binary starts");
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if tx.send(buf[..n].to_vec()).is_err() {
                            break;
                        }
                    }
                }
            }
        });
        Session {
            child,
            writer,
            output: rx,
            text: String::new(),
            seen: 0,
            _master: pair.master,
            _slave: pair.slave,
        }
    }

    /// Waits until `needle` appears after what was already matched, and consumes up to it.
    fn expect(&mut self, needle: &str) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(at) = self.text[self.seen..].find(needle) {
                self.seen += at + needle.len();
                return;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(bytes) => self
                    .text
                    .push_str(&String::from_utf8_lossy(&bytes).replace('\r', "")),
                Err(RecvTimeoutError::Timeout) => {
                    panic!("timed out waiting for {needle:?}; output:\n{}", self.text)
                }
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("output ended before {needle:?}; output:\n{}", self.text)
                }
            }
        }
    }

    fn send(&mut self, text: &str) {
        self.writer.write_all(text.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Presses Enter at the project's title and reference: no project.
    fn skip_project(&mut self) {
        self.expect("Project title (optional), or press Enter to skip: ");
        self.line("");
        self.expect("or press Enter to skip: ");
        self.line("");
    }

    /// Types a line and presses Enter.
    fn line(&mut self, text: &str) {
        self.send(&format!("{text}\r"));
    }

    fn wait(&mut self) -> u32 {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            assert!(
                Instant::now() < deadline,
                "the program did not exit:\n{}",
                self.text
            );
            // Drain output meanwhile so the child never blocks on a full pty buffer.
            if let Ok(bytes) = self.output.recv_timeout(Duration::from_millis(20)) {
                self.text
                    .push_str(&String::from_utf8_lossy(&bytes).replace('\r', ""));
            }
        }
    }
}

fn plain_args<'a>(fixture: &'a str, data: &'a str) -> Vec<&'a str> {
    vec![
        "run",
        "--plain",
        "--questionnaire",
        fixture,
        "--data-dir",
        data,
    ]
}

#[test]
fn plain_mode_in_a_terminal_runs_a_full_path_to_the_results() {
    let data = tempfile::tempdir().unwrap();
    let fixture = fixture_dir();
    let data_str = data.path().to_str().unwrap();
    let mut s = Session::spawn(
        &plain_args(fixture.to_str().unwrap(), data_str),
        data.path(),
        &[("TERM", "xterm-256color"), ("NO_COLOR", "1")],
    );
    s.expect("dualcheck, plain mode. Fixture questionnaire");
    s.expect("Project title (optional), or press Enter to skip: ");
    s.line("Thermal camera spin-off");
    s.expect("Project reference, e.g. a file or case number (optional), or press Enter to skip: ");
    s.line("TTO-2026-117");
    s.expect("Section 1 of 2, Where you are. Question 1, about 2 to go.\nWhere is your organisation?\n  1. In the EU\n");
    s.expect("Type a number, ? for why we ask, < to go back: ");
    s.line("8");
    s.expect("8 is not one of the numbers. Type a number from 1 to 4.");
    s.expect("< to go back: ");
    s.line("1");
    s.expect("Which country?");
    s.expect("(at most 200 characters), ? for why we ask, < to go back: ");
    s.line("Germany");
    s.expect("Press Enter to continue, < to go back: ");
    s.line("");
    s.expect("Which areas does your work touch?");
    s.expect("< to go back: ");
    s.line("?");
    s.expect("Why we ask: Each area points to a different part of the lists.");
    s.expect("< to go back: ");
    s.line("2");
    s.expect("How long can the drone fly, in minutes?");
    s.expect("Type a number from 0 to 10000 (minutes)");
    s.line("120");
    s.expect("Is it designed for military use?");
    s.expect("< to go back: ");
    s.line("n");
    s.expect("Review your answers.");
    s.expect("or press Enter to see the results: ");
    s.line("");
    s.expect("Project: Thermal camera spin-off\nReference: TTO-2026-117\n");
    s.expect("HINT: [!!] LICENCE LIKELY");
    s.expect("Long-endurance drone");
    s.expect("DISCLAIMER");
    s.expect("or press Enter to finish: ");
    s.line("m");
    s.expect("File name (press Enter for dualcheck-report-");
    s.line("");
    s.expect("Saved the report to dualcheck-report-");
    s.expect("or press Enter to finish: ");
    s.line("");
    s.expect("Done. Your answers stay in session ");
    assert_eq!(s.wait(), 0, "{}", s.text);
    // NO_COLOR: not a single escape code in the whole conversation.
    assert!(!s.text.contains('\u{1b}'), "{:?}", s.text);
    let report = std::fs::read_dir(data.path())
        .unwrap()
        .flatten()
        .find(|e| e.file_name().to_string_lossy().ends_with(".md"))
        .expect("the report was saved in the working directory");
    let text = std::fs::read_to_string(report.path()).unwrap();
    assert!(text.contains("LICENCE LIKELY"));
    assert!(
        text.contains("**Project:** Thermal camera spin-off · **Reference:** TTO-2026-117"),
        "{text}"
    );
}

#[test]
fn ctrl_c_saves_the_session_and_exits_130() {
    let data = tempfile::tempdir().unwrap();
    let fixture = fixture_dir();
    let data_str = data.path().to_str().unwrap();
    // TERM=dumb alone chooses plain mode.
    let mut s = Session::spawn(
        &[
            "--questionnaire",
            fixture.to_str().unwrap(),
            "--data-dir",
            data_str,
        ],
        data.path(),
        &[("TERM", "dumb")],
    );
    s.skip_project();
    s.expect("Where is your organisation?");
    s.expect("< to go back: ");
    s.line("2");
    s.expect("Press Enter to continue, < to go back: ");
    s.line("");
    s.expect("Which areas does your work touch?");
    s.expect("< to go back: ");
    s.send("\u{3}");
    s.expect("Interrupted. Your answers are saved. To continue later, run: dualcheck run --plain --questionnaire ");
    assert_eq!(s.wait(), 130, "{}", s.text);
    assert!(
        !s.text.contains('\u{1b}'),
        "TERM=dumb: no escape code at all"
    );
    let sessions: Vec<_> = std::fs::read_dir(data.path().join("sessions"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "toml"))
        .collect();
    assert_eq!(sessions.len(), 1);
    let saved = std::fs::read_to_string(sessions[0].path()).unwrap();
    assert!(saved.contains("location = \"uk\""), "{saved}");
    assert!(saved.contains("finished = false"), "{saved}");

    // Resume it in plain mode from the start list and press Ctrl-D: saved, exit 130.
    let mut s = Session::spawn(
        &[
            "--questionnaire",
            fixture.to_str().unwrap(),
            "--data-dir",
            data_str,
        ],
        data.path(),
        &[("TERM", "dumb")],
    );
    s.expect("Or resume an unfinished session:\n  2. Fixture questionnaire, 1 answer");
    s.expect("Type a number, or q to quit: ");
    s.line("2");
    s.expect("Resuming session ");
    s.expect("Which areas does your work touch?");
    s.expect("< to go back: ");
    s.line("1");
    s.expect("Is it designed for military use?");
    s.expect("< to go back: ");
    s.send("\u{4}");
    s.expect("End of input. Your answers are saved.");
    assert_eq!(s.wait(), 130, "{}", s.text);
    let saved = std::fs::read_to_string(sessions[0].path()).unwrap();
    assert!(saved.contains("areas = [\"crypto\"]"), "{saved}");
}

/// One scripted step: the answer to type, the prompt that confirms it was saved, and the saved
/// question id and value.
type Step<'a> = (&'a str, &'a str, Option<(&'a str, toml::Value)>);

/// Crash safety: the process is killed with SIGKILL at random moments of a session; every answer
/// the program had confirmed (by showing the next question) is in the session file, which always
/// parses, and the session resumes.
#[test]
fn sigkill_at_random_moments_loses_no_confirmed_answer() {
    use dualcheck::session::Store;
    let fixture = fixture_dir();
    let fixture = fixture.to_str().unwrap();
    // (answer to type, the prompt that confirms it was saved, the saved id and value)
    let steps: [Step; 4] = [
        (
            "2",
            "Press Enter",
            Some(("location", toml::Value::String("uk".into()))),
        ),
        ("", "Which areas does your work touch?", None),
        (
            "1,2",
            "How long can the drone fly",
            Some((
                "areas",
                toml::Value::Array(vec!["crypto".into(), "drones".into()]),
            )),
        ),
        (
            "90",
            "Is it designed for military use?",
            Some(("endurance", toml::Value::Integer(90))),
        ),
    ];
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let iterations = 12;
    for round in 0..iterations {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().to_str().unwrap();
        let mut s = Session::spawn(&plain_args(fixture, data), dir.path(), &[("NO_COLOR", "1")]);
        s.skip_project();
        s.expect("Where is your organisation?");
        let confirmed_steps = (next() % steps.len() as u64) as usize;
        let mut confirmed = Vec::new();
        for (answer, prompt, saved) in &steps[..confirmed_steps] {
            s.line(answer);
            s.expect(prompt);
            confirmed.extend(saved.clone());
        }
        // Type the next answer (or part of it) and kill at a random moment, mid-save included.
        if let Some((answer, _, _)) = steps.get(confirmed_steps) {
            s.line(answer);
        }
        std::thread::sleep(Duration::from_micros(next() % 20_000));
        let pid = s.child.process_id().expect("a pid");
        let killed = std::process::Command::new("kill")
            .args(["-9", &pid.to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let _ = s.wait();

        let store = Store::open(dir.path()).unwrap();
        let sessions = store.list();
        let files = std::fs::read_dir(store.dir())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".toml"))
            .count();
        assert_eq!(
            files,
            sessions.len(),
            "round {round}: every session file is readable"
        );
        if confirmed.is_empty() && sessions.is_empty() {
            // Killed before the first save: nothing had been confirmed, so nothing is lost.
            continue;
        }
        assert_eq!(sessions.len(), 1, "round {round}: one readable session");
        let session = store
            .load(&sessions[0].id)
            .unwrap_or_else(|e| panic!("round {round}: {e}"));
        for (id, value) in &confirmed {
            assert_eq!(
                session.answers.get(*id),
                Some(value),
                "round {round}: confirmed answer `{id}` lost"
            );
        }
        let leftovers = std::fs::read_dir(store.dir())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .count();
        assert!(leftovers <= 1, "at most the one interrupted temporary file");

        // The session resumes at the first open question, with the answers intact.
        let mut args = plain_args(fixture, data);
        args.extend(["--resume", &sessions[0].id]);
        let mut s = Session::spawn(&args, dir.path(), &[("NO_COLOR", "1")]);
        s.expect("Section ");
        s.expect(": ");
        s.send("q\r");
        let _ = s.wait();
        let again = store.load(&sessions[0].id).unwrap();
        for (id, value) in &confirmed {
            assert_eq!(
                again.answers.get(*id),
                Some(value),
                "round {round}: `{id}` lost on resume"
            );
        }
    }
}

/// A FIFO named like a session in the sessions directory: the start list is shown at once,
/// never waiting on the FIFO.
#[test]
fn a_fifo_in_the_sessions_directory_does_not_hang_the_start() {
    let data = tempfile::tempdir().unwrap();
    let sessions = data.path().join("sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    let ok = std::process::Command::new("mkfifo")
        .arg(sessions.join("20250101000000.toml"))
        .status()
        .unwrap();
    assert!(ok.success());
    let fixture = fixture_dir();
    let mut s = Session::spawn(
        &plain_args(fixture.to_str().unwrap(), data.path().to_str().unwrap()),
        data.path(),
        &[("NO_COLOR", "1")],
    );
    s.skip_project();
    s.expect("Where is your organisation?");
    s.send("q\r");
    assert_eq!(s.wait(), 0);
}
