//! The real binary in a pseudo-terminal: start-up, answering to the result, resize, Ctrl-C
//! (exit 130) and resume with every answer intact, and the terminal given back after a panic.
//!
//! The tests wait for the screen to show the expected text and settle (two identical frames),
//! never for a fixed time.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const TIMEOUT: Duration = Duration::from_secs(30);
/// 2026-01-02T03:00:00Z: the session id is 20260102030000.
const EPOCH: &str = "1767322800";
const SESSION: &str = "20260102030000";

const DOWN: &str = "\x1b[B";
const ENTER: &str = "\r";
const CTRL_C: &str = "\x03";

struct Pty {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
}

fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("non-zero size")
}

impl Pty {
    fn spawn(args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Self {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_dualcheck"));
        cmd.args(args);
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("SOURCE_DATE_EPOCH", EPOCH);
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("DUALCHECK_PLAIN");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn dualcheck");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (p, r) = (Arc::clone(&parser), Arc::clone(&raw));
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Self {
            child,
            master: pair.master,
            writer,
            parser,
            raw,
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until the screen contains `needle` and two frames in a row are identical.
    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        let mut last = String::new();
        loop {
            let now = self.screen();
            if now.contains(needle) && now == last {
                return now;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "timed out waiting for {needle:?}; the screen shows:\n{now}"
            );
            last = now;
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Enter at the project's title and at its reference: no project, the form closes.
    fn skip_project(&mut self) {
        self.wait_for("Which project is this for?");
        self.send("\r\r");
        self.wait_until_gone("Which project is this for?");
    }

    /// Waits until `needle` is no longer on the screen.
    fn wait_until_gone(&self, needle: &str) {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while self.screen().contains(needle) {
            assert!(
                std::time::Instant::now() < deadline,
                "{needle:?} stays on the screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn resize(&self, cols: u16, rows: u16) {
        self.parser.lock().unwrap().set_size(nz(rows), nz(cols));
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "dualcheck did not exit; the screen shows:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Whether the terminal is in canonical (cooked) mode, when the platform tells.
    #[cfg(target_os = "linux")]
    fn cooked(&self) -> Option<bool> {
        // ICANON on Linux.
        self.master
            .get_termios()
            .map(|t| t.local_flags.bits() & 0o000_002 != 0)
    }

    #[cfg(not(target_os = "linux"))]
    fn cooked(&self) -> Option<bool> {
        None
    }

    fn raw_output(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().unwrap()).into_owned()
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn wizard(data: &Path, extra: &[&str]) -> Pty {
    let mut args = vec![
        "--questionnaire",
        "tests/fixtures/valid/basic",
        "--data-dir",
        data.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    Pty::spawn(&args, &[], 100, 30)
}

#[test]
fn answer_resize_interrupt_and_resume() {
    let data = tempfile::tempdir().unwrap();
    let mut pty = wizard(data.path(), &[]);
    // The project form opens first; Enter goes from the title to the reference, then starts.
    pty.wait_for("Which project is this for?");
    pty.send("Thermal camera spin-off\r");
    pty.wait_for("Enter start   Tab title   Esc skip");
    pty.send("TTO-2026-117\r");
    pty.wait_until_gone("Which project is this for?");
    let screen = pty.wait_for("Where is your organisation?");
    assert!(screen.contains("Section 1 of 2"), "{screen}");
    assert!(pty.cooked().is_none_or(|c| !c), "raw mode while running");
    pty.send(" ");
    pty.wait_for("(•) 1  In the EU");
    pty.send(ENTER);
    pty.wait_for("Which country?");
    pty.send("France");
    pty.wait_for("[France");
    pty.send(ENTER);
    pty.wait_for("Press Enter to begin this section.");
    pty.send(ENTER);
    pty.wait_for("The next questions are about your technology.");
    pty.send(ENTER);
    pty.wait_for("Which areas does your work touch?");
    pty.send(" ");
    pty.wait_for("[x] 1  Encryption");
    pty.send(DOWN);
    pty.send(" ");
    pty.wait_for("[x] 2  Drones");
    pty.send(ENTER);
    let wide = pty.wait_for("How long can the drone fly");
    assert!(
        wide.contains("│ Why we ask"),
        "help beside when wide:\n{wide}"
    );

    // Narrower: the help panel moves below the question.
    pty.resize(70, 24);
    let narrow = pty.wait_for("Help · Tab to scroll");
    assert!(narrow.contains("How long can the drone fly"), "{narrow}");

    // Too small: a message instead of a broken layout; then back.
    pty.resize(50, 12);
    pty.wait_for("dualcheck needs at least");
    pty.resize(100, 30);
    pty.wait_for("│ Why we ask");

    pty.send("45");
    pty.wait_for("[45");
    pty.send(CTRL_C);
    assert_eq!(pty.wait_exit(), 130);
    let out = pty.raw_output();
    assert!(out.contains("\x1b[?1049l"), "the alternate screen was left");
    assert!(
        pty.cooked().is_none_or(|c| c),
        "raw mode is off after Ctrl-C"
    );
    drop(pty);

    // Resume by id: every answer is there, and the unconfirmed 45 is not.
    let mut pty = wizard(data.path(), &["--resume", SESSION]);
    pty.wait_for("How long can the drone fly");
    pty.send("\t");
    pty.send("r");
    let review = pty.wait_for("Review your answers");
    for answer in [
        "In the EU",
        "France",
        "Encryption; Drones",
        "not answered yet",
    ] {
        assert!(review.contains(answer), "{answer} missing:\n{review}");
    }
    pty.send("q");
    pty.wait_for("Quit dualcheck?");
    pty.send("y");
    assert_eq!(pty.wait_exit(), 0);
    drop(pty);

    // Resume from the welcome screen, then finish.
    let mut pty = wizard(data.path(), &[]);
    pty.wait_for("Continue where you left off");
    pty.send(DOWN);
    pty.send(ENTER);
    pty.wait_for("How long can the drone fly");
    pty.send("90");
    pty.send(ENTER);
    pty.wait_for("Is it designed for military use?");
    pty.send(" ");
    pty.wait_for("(•) 1  Yes");
    pty.send(ENTER);
    let result = pty.wait_for("HINT   ");
    assert!(result.contains("LICENCE LIKELY"), "{result}");
    assert!(
        result.contains("Project: Thermal camera spin-off · Reference: TTO-2026-117"),
        "{result}"
    );
    assert!(result.contains("Long-endurance drone"), "{result}");
    pty.send("q");
    pty.wait_for("Quit dualcheck?");
    pty.send(ENTER);
    assert_eq!(pty.wait_exit(), 0);
}

/// SGR mouse report: the wheel (64 up, 65 down) at a 1-based column and row.
fn wheel(down: bool, column: u16, row: u16) -> String {
    format!("\x1b[<{};{column};{row}M", if down { 65 } else { 64 })
}

#[test]
fn enter_on_an_untouched_single_choice_asks_and_the_wheel_never_answers() {
    let data = tempfile::tempdir().unwrap();
    let mut pty = wizard(data.path(), &[]);
    pty.skip_project();
    pty.wait_for("Where is your organisation?");
    pty.send(ENTER);
    let screen = pty.wait_for("Select an answer");
    assert!(screen.contains("Where is your organisation?"), "{screen}");
    assert!(!screen.contains("(•)"), "nothing chosen:\n{screen}");
    // The wheel over the options scrolls: nothing is chosen, Enter still asks.
    for _ in 0..3 {
        pty.send(&wheel(true, 10, 8));
    }
    pty.send(&wheel(false, 10, 8));
    pty.send(DOWN);
    pty.send(ENTER);
    // Keys are handled in order: once the review is open, the Enter before it was handled.
    pty.send("r");
    let review = pty.wait_for("Review your answers");
    assert!(review.contains("not answered yet"), "{review}");
    assert!(!review.contains("In the EU"), "{review}");
    pty.send("\x1b");
    let screen = pty.wait_for("Where is your organisation?");
    assert!(!screen.contains("(•)"), "{screen}");
    // A choice, then the wheel: the choice stays.
    pty.send("\x1b[H");
    pty.send(DOWN);
    pty.send(" ");
    pty.wait_for("(•) 2  In the UK");
    pty.send(&wheel(true, 10, 8));
    pty.send(&wheel(false, 10, 8));
    pty.send(&wheel(false, 10, 8));
    let screen = pty.wait_for("(•) 2  In the UK");
    assert!(!screen.contains("(•) 1"), "{screen}");
    pty.send("q");
    pty.wait_for("Quit dualcheck?");
    pty.send("y");
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn the_terminal_is_restored_after_a_panic() {
    let data = tempfile::tempdir().unwrap();
    let args = [
        "--questionnaire",
        "tests/fixtures/valid/basic",
        "--data-dir",
        data.path().to_str().unwrap(),
    ];
    let mut pty = Pty::spawn(&args, &[("DUALCHECK_TEST_PANIC", "1")], 100, 30);
    let code = pty.wait_exit();
    assert_ne!(code, 0);
    let screen = pty.wait_for("DUALCHECK_TEST_PANIC");
    let out = pty.raw_output();
    let entered = out
        .find("\x1b[?1049h")
        .expect("entered the alternate screen");
    let left = out.rfind("\x1b[?1049l").expect("left the alternate screen");
    assert!(left > entered);
    assert!(
        out.rfind("\x1b[?1000l").is_some_and(|i| i > entered),
        "mouse capture turned off"
    );
    assert!(
        !screen.contains("Where is your organisation?"),
        "the main screen is back:\n{screen}"
    );
    assert!(
        pty.cooked().is_none_or(|c| c),
        "raw mode is off after a panic"
    );
}

fn kill(pty: &Pty, signal: &str) {
    let pid = pty.child.process_id().expect("a pid");
    let ok = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
}

/// SIGTERM, SIGHUP and a SIGINT sent with `kill`: the terminal is given back (alternate screen
/// left, mouse capture off, raw mode off), the exit code is 128 + the signal, and the answer
/// given before is in the session.
#[test]
fn the_terminal_is_restored_after_sigterm_sighup_and_an_external_sigint() {
    for (signal, code) in [("TERM", 143), ("HUP", 129), ("INT", 130)] {
        let data = tempfile::tempdir().unwrap();
        let mut pty = wizard(data.path(), &[]);
        pty.skip_project();
        pty.wait_for("Where is your organisation?");
        pty.send(" ");
        pty.send(ENTER);
        pty.wait_for("Which country?");
        kill(&pty, signal);
        assert_eq!(pty.wait_exit(), code, "SIG{signal}");
        // The note is printed after the terminal is restored: once it is read, so is the rest.
        let screen = pty.wait_for("Interrupted.");
        let out = pty.raw_output();
        let entered = out
            .find("\x1b[?1049h")
            .expect("entered the alternate screen");
        assert!(
            out.rfind("\x1b[?1049l").is_some_and(|i| i > entered),
            "SIG{signal}: the alternate screen was left"
        );
        assert!(
            out.rfind("\x1b[?1000l").is_some_and(|i| i > entered),
            "SIG{signal}: mouse capture turned off"
        );
        assert!(
            pty.cooked().is_none_or(|c| c),
            "SIG{signal}: raw mode is off"
        );
        assert!(
            screen.contains(&format!("Your answers are saved as session {SESSION}")),
            "SIG{signal}:\n{screen}"
        );
        let store = dualcheck::session::Store::open(data.path()).unwrap();
        let session = store.load(SESSION).unwrap();
        assert_eq!(
            session.answers.get("location").and_then(|v| v.as_str()),
            Some("eu"),
            "SIG{signal}"
        );
    }
}

/// SIGKILL at random moments of the full-screen wizard, a save included: every session file
/// stays readable and holds every answer the screen had confirmed. Kills that landed inside a
/// save are counted by the temporary file they leave (removed on a later start).
#[test]
fn sigkill_of_the_full_screen_wizard_loses_no_confirmed_answer() {
    // (keys, the screen that confirms the answer, the answer now saved)
    type Step = (
        &'static str,
        &'static str,
        Option<(&'static str, &'static str)>,
    );
    let steps: [Step; 3] = [
        (" \r", "Which country?", Some(("location", "eu"))),
        (
            "France\r",
            "Press Enter to begin this section.",
            Some(("member_state", "France")),
        ),
        (ENTER, "The next questions are about your technology.", None),
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
    let rounds = 12;
    let mut mid_save = 0;
    for round in 0..rounds {
        let data = tempfile::tempdir().unwrap();
        let mut pty = wizard(data.path(), &[]);
        pty.skip_project();
        pty.wait_for("Where is your organisation?");
        let confirmed_steps = (next() % steps.len() as u64) as usize;
        let mut confirmed = Vec::new();
        for (keys, screen, saved) in &steps[..confirmed_steps] {
            pty.send(keys);
            pty.wait_for(screen);
            confirmed.extend(*saved);
        }
        if let Some((keys, _, _)) = steps.get(confirmed_steps) {
            pty.send(keys);
        }
        std::thread::sleep(Duration::from_micros(next() % 20_000));
        kill(&pty, "KILL");
        let _ = pty.wait_exit();
        drop(pty);
        let dir = data.path().join("sessions");
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        mid_save += names
            .iter()
            .filter(|n| {
                std::path::Path::new(n)
                    .extension()
                    .is_some_and(|e| e == "tmp")
            })
            .count();
        let store = dualcheck::session::Store::open(data.path()).unwrap();
        let (sessions, unlisted) = store.list_all();
        let unreadable: Vec<_> = unlisted
            .iter()
            .filter(|u| u.path.extension().is_some_and(|e| e == "toml"))
            .collect();
        assert!(unreadable.is_empty(), "round {round}: {unreadable:?}");
        assert_eq!(
            sessions.len(),
            1,
            "round {round}: the session was created at start"
        );
        let session = store.load(SESSION).unwrap();
        for (id, value) in &confirmed {
            assert_eq!(
                session.answers.get(*id).and_then(|v| v.as_str()),
                Some(*value),
                "round {round}: confirmed answer `{id}` lost"
            );
        }
    }
    eprintln!(
        "{rounds} SIGKILLs of the full-screen wizard, {mid_save} inside a save: 0 answers lost"
    );
}

/// A FIFO named like a session in the sessions directory: the full-screen wizard starts (in raw
/// mode, where a hang would also swallow Ctrl-C), never waiting on the FIFO.
#[test]
fn a_fifo_in_the_sessions_directory_does_not_hang_the_full_screen_start() {
    let data = tempfile::tempdir().unwrap();
    let sessions = data.path().join("sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    let ok = std::process::Command::new("mkfifo")
        .arg(sessions.join("20250101000000.toml"))
        .status()
        .unwrap();
    assert!(ok.success());
    let mut pty = wizard(data.path(), &[]);
    pty.skip_project();
    pty.wait_for("Where is your organisation?");
    pty.send(CTRL_C);
    assert_eq!(pty.wait_exit(), 130);
}

/// The welcome screen offers the workshop personas: choosing one opens its story first.
#[test]
fn a_persona_is_chosen_from_the_welcome_screen_and_opens_with_its_story() {
    let data = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(&["--data-dir", data.path().to_str().unwrap()], &[], 120, 40);
    pty.wait_for("Workshop examples");
    // Two questionnaires, then the personas in order of their ids.
    pty.send("\x1b[B\x1b[B");
    let screen = pty.wait_for("▸ Persona:");
    let title = screen
        .lines()
        .find_map(|l| l.split("▸ ").nth(1))
        .unwrap()
        .trim()
        .to_string();
    pty.send("\r");
    // The story names the persona, before any answer is shown.
    let story = pty.wait_for("The answers are filled in");
    assert!(
        story.contains(title.trim_end_matches('…')),
        "{title}\n{story}"
    );
    pty.send("q");
}

/// The full-screen welcome lists the institution's packs from `extra_questionnaire_dirs`, as the
/// other front-ends do.
#[test]
fn the_welcome_screen_lists_the_institutions_packs() {
    let home = tempfile::tempdir().unwrap();
    let pack = home.path().join("packs/basic");
    std::fs::create_dir_all(&pack).unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/basic");
    for f in std::fs::read_dir(fixture).unwrap().flatten() {
        std::fs::copy(f.path(), pack.join(f.file_name())).unwrap();
    }
    let config = home.path().join("config.toml");
    let dirs = home.path().join("packs");
    std::fs::write(
        &config,
        format!(
            "extra_questionnaire_dirs = [{:?}]\n",
            dirs.display().to_string()
        ),
    )
    .unwrap();
    let data = home.path().join("data");
    let mut pty = Pty::spawn(
        &[
            "--config",
            config.to_str().unwrap(),
            "--data-dir",
            data.to_str().unwrap(),
        ],
        &[],
        120,
        40,
    );
    let screen = pty.wait_for("Fixture questionnaire");
    assert!(screen.contains("Research export-control"), "{screen}");
    pty.send("q");
}
