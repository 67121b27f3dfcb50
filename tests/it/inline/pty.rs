//! The real binary in inline mode in a pseudo-terminal, driven like a person would: wait until a
//! prompt is drawn, press keys, wait for the answer line in the transcript. No fixed sleeps: every
//! wait is for text, with a timeout.
//!
//! Matching is done on the output with the terminal control sequences removed (dialoguer moves the
//! cursor and clears lines as it redraws); the raw bytes are kept to check the cursor.

use std::io::{Cursor, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

const TIMEOUT: Duration = Duration::from_secs(30);
/// 2026-01-02T03:00:00Z: the first session id is 20260102030000.
const EPOCH: &str = "1767322800";

const UP: &str = "\x1b[A";
const DOWN: &str = "\x1b[B";
const ENTER: &str = "\r";
const SPACE: &str = " ";
const ESC: &str = "\x1b";
const CTRL_C: &str = "\x03";

/// Terminal output without its control sequences (CSI, OSC and two-byte escapes).
fn strip(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => match chars.next() {
                Some('[') => {
                    for c in chars.by_ref() {
                        if ('@'..='~').contains(&c) {
                            break;
                        }
                    }
                }
                Some(']') => {
                    for c in chars.by_ref() {
                        if c == '\u{7}' {
                            break;
                        }
                    }
                }
                _ => {}
            },
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Every run of white space as one space.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

struct Session {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    raw: String,
    /// `raw` without control sequences, white space collapsed.
    text: String,
    /// How far `expect` has consumed `text`.
    seen: usize,
    _master: Box<dyn portable_pty::MasterPty + Send>,
    _slave: Box<dyn portable_pty::SlavePty + Send>,
}

impl Session {
    fn spawn(args: &[&str], cwd: &Path) -> Session {
        Self::spawn_with(args, cwd, &[])
    }

    fn spawn_with(args: &[&str], cwd: &Path, env: &[(&str, &str)]) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 40,
                cols: 100,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_dualcheck"));
        cmd.args(args);
        cmd.cwd(cwd);
        cmd.env("TERM", "xterm-256color");
        cmd.env("NO_COLOR", "1");
        cmd.env("SOURCE_DATE_EPOCH", EPOCH);
        cmd.env("HOME", cwd.as_os_str());
        cmd.env("XDG_CONFIG_HOME", cwd.join("config").as_os_str());
        for k in [
            "CLICOLOR_FORCE",
            "DUALCHECK_PLAIN",
            "DUALCHECK_UI",
            "DUALCHECK_DATA_DIR",
            "DUALCHECK_CONFIG",
        ] {
            cmd.env_remove(k);
        }
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
            raw: String::new(),
            text: String::new(),
            seen: 0,
            _master: pair.master,
            _slave: pair.slave,
        }
    }

    fn take(&mut self, bytes: &[u8]) {
        self.raw.push_str(&String::from_utf8_lossy(bytes));
        self.text = flat(&strip(&self.raw));
    }

    /// Waits until `needle` appears after what was already matched, and consumes up to it. Runs of
    /// white space (line breaks included) match one space: the program wraps long lines.
    fn expect(&mut self, needle: &str) {
        let needle = &flat(needle);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(at) = self.text[self.seen..].find(needle) {
                self.seen += at + needle.len();
                return;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(bytes) => self.take(&bytes),
                Err(RecvTimeoutError::Timeout) => panic!(
                    "timed out waiting for {needle:?}; output since the last match:\n{}",
                    &self.text[self.seen..]
                ),
                Err(RecvTimeoutError::Disconnected) => panic!(
                    "output ended before {needle:?}; output since the last match:\n{}",
                    &self.text[self.seen..]
                ),
            }
        }
    }

    /// Presses keys (one write: they reach the program together).
    fn keys(&mut self, keys: &[&str]) {
        self.writer.write_all(keys.concat().as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Types text and presses Enter.
    fn line(&mut self, text: &str) {
        self.keys(&[text, ENTER]);
    }

    /// Presses Enter at the project's title and reference: no project.
    fn skip_project(&mut self) {
        self.expect("Project title (optional), Enter to skip");
        self.keys(&[ENTER]);
        self.expect("Project reference, e.g. a file or case number (optional), Enter to skip");
        self.keys(&[ENTER]);
    }

    fn wait(&mut self) -> u32 {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                while let Ok(bytes) = self.output.try_recv() {
                    self.take(&bytes);
                }
                return status.exit_code();
            }
            assert!(
                Instant::now() < deadline,
                "the program did not exit:\n{}",
                self.text
            );
            if let Ok(bytes) = self.output.recv_timeout(Duration::from_millis(20)) {
                self.take(&bytes);
            }
        }
    }

    /// Whether the cursor is visible: the last hide (`ESC[?25l`) was followed by a show.
    fn cursor_shown(&self) -> bool {
        match self.raw.rfind("\u{1b}[?25l") {
            None => true,
            Some(hide) => self.raw[hide..].contains("\u{1b}[?25h"),
        }
    }
}

/// Whether `raw` holds a colour or style code (a CSI sequence ending in `m`).
fn has_style_codes(raw: &str) -> bool {
    raw.split("\u{1b}[").skip(1).any(|rest| {
        rest.chars()
            .find(|c| ('@'..='~').contains(c))
            .is_some_and(|c| c == 'm')
    })
}

fn saved_count(data: &str) -> usize {
    std::fs::read_dir(Path::new(data).join("sessions")).map_or(0, |d| {
        d.flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "toml"))
            .count()
    })
}

fn clock() -> String {
    "2026-01-02T03:00:00Z".to_string()
}

/// The answers table of the only session in `data`.
fn saved_answers(data: &Path) -> (toml::Table, bool) {
    let dir = data.join("sessions");
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "toml"))
        .collect();
    assert_eq!(files.len(), 1, "one session in {}", dir.display());
    let text = std::fs::read_to_string(files[0].path()).unwrap();
    let table: toml::Table = toml::from_str(&text).unwrap();
    let answers = table["answers"].as_table().unwrap().clone();
    let finished = table
        .get("finished")
        .and_then(toml::Value::as_bool)
        .unwrap_or(false);
    (answers, finished)
}

/// The same questionnaire in plain mode with typed lines, in-process; its saved answers.
fn plain_answers(questionnaire: &str, script: &str) -> (toml::Table, bool) {
    let data = tempfile::tempdir().unwrap();
    let options = dualcheck::app::run::WizardOptions {
        questionnaire: Some(questionnaire.into()),
        runtime: dualcheck::app::Runtime::with_data_dir(Some(data.path().to_path_buf())).into(),
        ..Default::default()
    };
    let mut driver = dualcheck::plain::driver::Driver::new(
        // Enter twice: no project title or reference.
        Cursor::new(format!("\n\n{script}").into_bytes()),
        Vec::new(),
        false,
    );
    let _ = dualcheck::plain::run_with(&mut driver, &options, clock).expect("plain mode runs");
    saved_answers(data.path())
}

#[test]
fn the_quick_scan_inline_with_back_not_sure_help_and_ctrl_c_then_resume() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data = data.to_str().unwrap();
    let args = [
        "run",
        "--inline",
        "--questionnaire",
        "workshop-quick-scan",
        "--data-dir",
        data,
    ];
    let mut s = Session::spawn(&args, dir.path());
    s.expect("dualcheck · Export-control quick scan for workshops");
    s.expect("Your answers are saved after every question, as session 20260102030000.");

    // The project, optional: a text too long is explained under the field and asked again.
    s.expect("Which project is this check for? This is optional");
    s.expect("Project title (optional), Enter to skip");
    s.line(&"x".repeat(121));
    s.expect("the project title can be at most 120 characters long; this one has 121");
    s.line("Thermal camera spin-off");
    s.expect("Project reference, e.g. a file or case number (optional), Enter to skip");
    s.line("TTO-2026-117");

    // Nothing is selected on a fresh question: Enter alone does nothing, so the two arrows land on
    // the second option.
    s.expect("? Where is your organisation based?");
    s.expect("Why we ask (help and terms)");
    s.keys(&[ENTER, DOWN, DOWN, ENTER]);
    s.expect("✔ Where is your organisation based? · United Kingdom");

    // Multiple choice: Space ticks, Enter confirms.
    s.expect("? What will you send, share or provide outside your organisation?");
    s.expect("Back to the previous question");
    s.keys(&[SPACE, DOWN, DOWN, SPACE, ENTER]);
    s.expect(
        "✔ What will you send, share or provide outside your organisation? · Physical items: \
         samples, prototypes, equipment; Technology: designs, data, unpublished results, know-how",
    );

    // Esc goes back; the ticks are still there, and Enter keeps them.
    s.expect("? Which areas does the work touch?");
    s.expect("Back to the previous question");
    s.keys(&[ESC]);
    s.expect("« Back to the previous question");
    s.expect("[x] Technology: designs, data, unpublished results, know-how");
    s.expect("Back to the previous question");
    s.keys(&[ENTER]);
    s.expect("✔ What will you send, share or provide outside your organisation? · Physical items");

    // "Not sure" goes alone: ticked with an option it is refused, alone it is the answer.
    s.expect("? Which areas does the work touch?");
    s.expect("Back to the previous question");
    s.keys(&[SPACE, UP, UP, UP, SPACE, ENTER]);
    s.expect("✘ “Not sure” cannot be combined with other answers.");
    s.expect("Back to the previous question");
    s.keys(&[SPACE, ENTER]);
    s.expect("✔ Which areas does the work touch? · Not sure");

    // "Why we ask" prints the help into the scrollback and asks again.
    s.expect("? Was it designed or modified for military use?");
    s.expect("Back to the previous question");
    s.keys(&[UP, UP, ENTER]);
    s.expect("Why we ask");
    s.expect("Military list items are controlled more strictly than dual-use items");
    s.expect("Back to the previous question");
    s.keys(&[DOWN, DOWN, ENTER]);
    s.expect("✔ Was it designed or modified for military use? · No");

    // The "Back" entry (the last row) goes back too; the saved answer is selected, Enter keeps it.
    s.expect("? What kind of work is it?");
    s.expect("Back to the previous question");
    s.keys(&[UP, ENTER]);
    s.expect("« Back to the previous question");
    s.expect("? Was it designed or modified for military use?");
    s.expect("Back to the previous question");
    s.keys(&[ENTER]);
    s.expect("✔ Was it designed or modified for military use? · No");

    for (question, keys, answer) in [
        (
            "What kind of work is it?",
            vec![DOWN, ENTER],
            "Basic research",
        ),
        (
            "Is what you share already openly published?",
            vec![DOWN, DOWN, DOWN, ENTER],
            "No, it stays confidential",
        ),
        (
            "Who funds the work?",
            vec![DOWN, DOWN, DOWN, SPACE, ENTER],
            "A company or industry partner",
        ),
        (
            "Where does it go, or where are the people who receive it or can reach it from?",
            vec![DOWN, DOWN, DOWN, SPACE, ENTER],
            "China",
        ),
        (
            "Who will use it?",
            vec![SPACE, ENTER],
            "Universities, companies or consumers",
        ),
        (
            "Have your partners been checked against sanctions and restricted-party lists?",
            vec![DOWN, DOWN, DOWN, ENTER],
            "Not yet",
        ),
        (
            "Do you know or suspect a use for chemical, biological or nuclear weapons or missiles?",
            vec![DOWN, DOWN, DOWN, DOWN, ENTER],
            "No",
        ),
    ] {
        s.expect(&format!("? {question}"));
        s.expect("Back to the previous question");
        s.keys(&keys);
        s.expect(&format!("✔ {question} · {answer}"));
    }

    // Ctrl-C at the last question: saved, the cursor shown again, exit 130.
    s.expect("? Do you know or suspect a use for repression");
    s.expect("Back to the previous question");
    s.keys(&[CTRL_C]);
    s.expect("Interrupted. Your answers are saved. To continue later, run: dualcheck run --inline");
    assert_eq!(s.wait(), 130, "{}", s.text);
    assert!(s.cursor_shown(), "the cursor is shown again after Ctrl-C");
    let (answers, finished) = saved_answers(Path::new(data));
    assert!(!finished);
    assert_eq!(answers.len(), 11, "{answers:?}");

    // Resume from the start menu and finish.
    let mut s = Session::spawn(&args, dir.path());
    s.expect(
        "Resume: Export-control quick scan for workshops, project Thermal camera spin-off (reference TTO-2026-117), 11 answers",
    );
    s.expect("Quit");
    s.keys(&[DOWN, DOWN, ENTER]);
    s.expect("Resuming session 20260102030000");
    s.expect("? Do you know or suspect a use for repression");
    s.expect("Back to the previous question");
    s.keys(&[DOWN, DOWN, DOWN, DOWN, ENTER]);
    s.expect("✔ Do you know or suspect a use for repression");
    // The optional partner names: Enter alone skips it.
    s.expect("? Who are your partners, customers or end users?");
    s.keys(&[ENTER]);
    s.expect("Review your answers");
    s.expect("3. Which areas does the work touch? · Not sure");
    s.expect("Save and finish later");
    s.keys(&[ENTER]);
    s.expect("Hint: ");
    s.expect("Project: Thermal camera spin-off · Reference: TTO-2026-117");
    s.expect("Findings (");
    s.expect("not needed for this hint");
    s.expect("dualcheck gives a hint, not a legal decision.");
    s.expect("Finish");
    s.keys(&[DOWN, DOWN, ENTER]);
    s.expect("Done. Your answers stay in session 20260102030000.");
    assert_eq!(s.wait(), 0, "{}", s.text);
    assert!(s.cursor_shown());
    // NO_COLOR: no colour or style code anywhere (cursor movement only).
    assert!(!has_style_codes(&s.raw), "{:?}", s.raw);

    // Plain mode, given the same answers, saves the same session answers.
    let inline = saved_answers(Path::new(data));
    let plain = plain_answers(
        "workshop-quick-scan",
        "2\n1,3\n12\n2\n1\n3\n4\n4\n1\n3\n4\n4\n\n\n",
    );
    assert_eq!(inline, plain);
    assert!(inline.1, "finished");
}

#[test]
fn a_research_self_check_branch_with_a_filtered_list_a_number_and_resume() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data = data.to_str().unwrap();
    let args = [
        "run",
        "--inline",
        "--questionnaire",
        "research-self-check",
        "--data-dir",
        data,
    ];
    let mut s = Session::spawn(&args, dir.path());
    s.skip_project();
    s.expect("? What kind of organisation are you checking for?");
    s.expect("Why we ask (help and terms)");
    s.keys(&[DOWN, ENTER]);
    s.expect("✔ What kind of organisation are you checking for? · University or public research institute");
    s.expect("? Where is your organisation based?");
    s.expect("Back to the previous question");
    s.keys(&[DOWN, ENTER]);
    s.expect("✔ Where is your organisation based? · In an EU member state");

    // A long list filters as you type.
    s.expect("? Which EU member state?");
    s.expect("Type to filter");
    s.expect("Denmark");
    s.keys(&["swe"]);
    s.expect("Sweden");
    s.keys(&[ENTER]);
    s.expect("✔ Which EU member state? · Sweden");

    s.expect("? Does what you transfer contain, or was it made with, US-origin goods");
    s.expect("Back to the previous question");
    s.keys(&[DOWN, DOWN, DOWN, ENTER]);
    s.expect("· Not sure");
    s.expect("? Will US persons take part in the work on your side");
    s.expect("Back to the previous question");
    s.keys(&[DOWN, DOWN, ENTER]);
    s.expect("· No");
    s.expect("? ");
    s.expect("Back to the previous question");
    s.keys(&[CTRL_C]);
    s.expect("Interrupted. Your answers are saved.");
    assert_eq!(s.wait(), 130, "{}", s.text);
    assert!(s.cursor_shown());

    // Resume by id: Esc goes back to the last answered question, whose answer is kept.
    let mut resume = args.to_vec();
    resume.extend(["--resume", "20260102030000"]);
    let mut s = Session::spawn(&resume, dir.path());
    s.expect("Resuming session 20260102030000");
    s.expect("? ");
    s.expect("Back to the previous question");
    s.keys(&[ESC]);
    s.expect("« Back to the previous question");
    s.expect("? Will US persons take part in the work on your side");
    s.keys(&[CTRL_C]);
    s.expect("Interrupted.");
    assert_eq!(s.wait(), 130, "{}", s.text);

    // Plain mode with the same answers (then the end of input) saves the same answers.
    let inline = saved_answers(Path::new(data));
    let plain = plain_answers("research-self-check", "1\n1\nse\n3\n2\n");
    assert_eq!(inline.0, plain.0);
}

#[test]
fn without_a_terminal_inline_mode_exits_2_like_the_others() {
    let out = Command::new(env!("CARGO_BIN_EXE_dualcheck"))
        .args(["run", "--inline"])
        .env("DUALCHECK_UI", "inline")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: the wizard needs a terminal"),
        "{stderr}"
    );
    assert!(stderr.contains("dualcheck assess --answers FILE"));
    assert!(!out.stderr.contains(&0x1b));
}

#[test]
fn config_init_asks_in_a_terminal_and_writes_a_valid_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("packs")).unwrap();
    let path = dir.path().join("config.toml");
    let path_str = path.to_str().unwrap();
    let mut s = Session::spawn(&["--config", path_str, "config", "init"], dir.path());
    s.expect("? Institution, as shown in every report");
    s.line("Uni Nord");
    s.expect("✔ Institution, as shown in every report · Uni Nord");
    s.expect("? Export-control contact: name");
    s.line("Export Office");
    s.expect("? Contact e-mail");
    s.line("not an address");
    s.expect("✘ That does not look like an e-mail address");
    s.expect("? Contact e-mail");
    s.line("ec@uni.example.org");
    s.expect("✔ Contact e-mail · ec@uni.example.org");
    s.expect("? Contact phone");
    s.line("");
    s.expect("? Extra questionnaire directories");
    s.line("packs");
    s.expect("? Colour theme");
    s.expect("high-contrast");
    s.keys(&[DOWN, ENTER]);
    s.expect("? Default front-end of `dualcheck run`");
    s.expect("plain: line prompts");
    s.keys(&[DOWN, ENTER]);
    s.expect(&format!("wrote {path_str}"));
    assert_eq!(s.wait(), 0, "{}", s.text);
    assert!(s.cursor_shown());

    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("institution = \"Uni Nord\"\n"), "{text}");
    assert!(
        text.contains("[[contact]]\nname = \"Export Office\"\nemail = \"ec@uni.example.org\"\n"),
        "{text}"
    );
    assert!(!text.contains("phone ="), "{text}");
    assert!(
        text.contains("extra_questionnaire_dirs = [\"packs\"]\n"),
        "{text}"
    );
    assert!(text.contains("theme = \"high-contrast\"\n"), "{text}");
    assert!(text.contains("ui = \"inline\"\n"), "{text}");
    let check = Command::new(env!("CARGO_BIN_EXE_dualcheck"))
        .args(["--config", path_str, "config", "check"])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(0));
    let out = String::from_utf8_lossy(&check.stdout);
    assert!(out.contains("front-end: inline"), "{out}");
    assert!(
        check.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );

    // --defaults asks nothing: the commented template.
    let mut s = Session::spawn(
        &[
            "--config",
            path_str,
            "config",
            "init",
            "--force",
            "--defaults",
        ],
        dir.path(),
    );
    s.expect("wrote ");
    assert_eq!(s.wait(), 0, "{}", s.text);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        dualcheck::config::TEMPLATE
    );
}

#[test]
fn the_configuration_and_dualcheck_ui_choose_inline_mode() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "ui = \"inline\"\n").unwrap();
    let data = dir.path().join("data");
    let (config, data) = (config.to_str().unwrap(), data.to_str().unwrap());
    // `ui = "inline"` in the configuration: plain `dualcheck` opens inline mode.
    let mut s = Session::spawn(
        &[
            "--config",
            config,
            "--data-dir",
            data,
            "-q",
            "workshop-quick-scan",
        ],
        dir.path(),
    );
    s.expect("dualcheck · Export-control quick scan for workshops");
    s.skip_project();
    s.expect("? Where is your organisation based?");
    s.expect("Why we ask (help and terms)");
    s.keys(&[CTRL_C]);
    // Nothing was answered, so there is no session to name.
    s.expect("Interrupted. Nothing was saved yet.");
    assert_eq!(s.wait(), 130, "{}", s.text);
    assert!(s.cursor_shown());
    // The session file is created (empty) when the run starts, so no other run can take its id.
    assert!(saved_count(data) <= 1);

    // `--ui plain` wins over the configuration.
    let mut s = Session::spawn(
        &[
            "--config",
            config,
            "--data-dir",
            data,
            "run",
            "--ui",
            "plain",
            "-q",
            "workshop-quick-scan",
        ],
        dir.path(),
    );
    s.expect("dualcheck, plain mode.");
    s.expect("Project title (optional), or press Enter to skip:");
    s.line("");
    s.expect("or press Enter to skip:");
    s.line("");
    s.expect("Type a number, ? for why we ask, < to go back:");
    s.line("q");
    assert_eq!(s.wait(), 0, "{}", s.text);

    // DUALCHECK_UI=inline, without a configuration (and a fresh data directory: plain mode's
    // `q` saved a session); `--color always` wins over NO_COLOR: the theme's colours are used.
    let fresh = dir.path().join("fresh");
    let mut s = Session::spawn_with(
        &[
            "--data-dir",
            fresh.to_str().unwrap(),
            "--color",
            "always",
            "-q",
            "workshop-quick-scan",
        ],
        dir.path(),
        &[("DUALCHECK_UI", "inline")],
    );
    s.skip_project();
    s.expect("? Where is your organisation based?");
    s.expect("Why we ask (help and terms)");
    assert!(has_style_codes(&s.raw), "colour with --color always");
    s.keys(&[CTRL_C]);
    s.expect("Interrupted.");
    assert_eq!(s.wait(), 130, "{}", s.text);
}
