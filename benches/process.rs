//! Whole-process figures: the real release binary, started as a user starts it. Prints the median
//! of repeated runs for each command, the binary size and peak resident memory. Run with
//! `cargo bench --bench process`; budgets are in BENCHMARKS.md.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 30;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_dualcheck")
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time_command(label: &str, args: &[&str]) {
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        let status = Command::new(bin())
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("binary runs");
        times.push(start.elapsed());
        assert!(
            status.success() || status.code() == Some(1),
            "{label} failed: {status}"
        );
    }
    println!(
        "{label:<44} median {:>8.2} ms over {RUNS} runs",
        median(times).as_secs_f64() * 1e3
    );
}

/// Peak resident memory of one run, from GNU time, in KiB.
fn peak_rss(args: &[&str]) -> Option<u64> {
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(bin())
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::null())
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .last()?
        .trim()
        .parse()
        .ok()
}

/// Starts the full-screen wizard in a pseudo-terminal of `cols`x`rows`; returns the time until the
/// first question screen is drawn, the time for one key press to reach the screen, and the peak
/// resident memory (KiB) after answering a few questions.
fn wizard(cols: u16, rows: u16) -> (Duration, Duration, Option<u64>) {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::{Read, Write};
    let data = tempfile::tempdir().expect("tempdir");
    let pair = native_pty_system()
        .openpty(PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("pty");
    let mut cmd = CommandBuilder::new(bin());
    cmd.args([
        "run",
        "-q",
        "research-self-check",
        "--data-dir",
        data.path().to_str().unwrap(),
        // Named here, so the first screen is the first question rather than the project form.
        "--project",
        "Benchmark",
    ]);
    cmd.env("TERM", "xterm-256color");
    let mut reader = pair.master.try_clone_reader().unwrap();
    let mut writer = pair.master.take_writer().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<Vec<u8>>();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let start = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).expect("spawn");
    let nz = |v: u16| std::num::NonZero::new(v).expect("non-zero size");
    let mut screen = vt100::Parser::new(nz(rows), nz(cols), 0);
    let wait_for = |needle: &str, screen: &mut vt100::Parser| {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !screen.screen().contents().contains(needle) {
            let left = deadline.saturating_duration_since(Instant::now());
            let bytes = rx
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no {needle:?} on screen"));
            screen.process(&bytes);
        }
    };
    wait_for("Section 1 of", &mut screen);
    let first = start.elapsed();
    // One key: Enter leaves the section intro for the first question.
    let t = Instant::now();
    writer.write_all(b"\r").unwrap();
    writer.flush().unwrap();
    wait_for("0 answered", &mut screen);
    wait_for("( )", &mut screen);
    let key = t.elapsed();
    for _ in 0..6 {
        writer.write_all(b"\r").unwrap();
        writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(30));
    }
    let rss = child.process_id().and_then(|pid| {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    });
    writer.write_all(&[3]).unwrap();
    writer.flush().unwrap();
    let _ = child.wait();
    (first, key, rss)
}

fn main() {
    // `cargo bench` passes --bench; a filter argument is accepted and ignored.
    let dir = tempfile::tempdir().expect("tempdir");
    let generated = dir.path().join("generated.toml");
    std::fs::write(
        &generated,
        dualcheck::testing::generate_questionnaire(10_000),
    )
    .unwrap();
    let answers = dir.path().join("answers.toml");
    std::fs::write(&answers, dualcheck::testing::generate_answers(200)).unwrap();
    let small = dir.path().join("small.toml");
    std::fs::write(&small, dualcheck::testing::generate_questionnaire(200)).unwrap();
    let g = generated.to_str().unwrap();
    let s = small.to_str().unwrap();
    let a = answers.to_str().unwrap();

    time_command("dualcheck --version", &["--version"]);
    time_command("dualcheck validate (shipped)", &["validate"]);
    time_command(
        "dualcheck validate (generated, 10k questions)",
        &["validate", g],
    );
    time_command(
        "dualcheck assess (200 questions, json)",
        &["assess", "--answers", a, "-q", s, "--format", "json"],
    );
    let unknowns = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/answers/research-ten-unknowns.toml");
    time_command(
        "dualcheck assess (research, 10 unknowns, json)",
        &[
            "assess",
            "--answers",
            unknowns.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    if let Some(first) = std::fs::read_dir(&scenario).ok().and_then(|d| {
        d.flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|e| e == "toml"))
    }) {
        time_command(
            "dualcheck assess (a shipped scenario, markdown)",
            &["assess", "--answers", first.to_str().unwrap()],
        );
    }
    for (cols, rows) in [(80, 24), (200, 60)] {
        let runs: Vec<(Duration, Duration, Option<u64>)> =
            (0..10).map(|_| wizard(cols, rows)).collect();
        let first = median(runs.iter().map(|r| r.0).collect());
        let key = median(runs.iter().map(|r| r.1).collect());
        println!(
            "{:<44} median {:>8.2} ms over 10 runs",
            format!("wizard {cols}x{rows}: start to first screen"),
            first.as_secs_f64() * 1e3
        );
        println!(
            "{:<44} median {:>8.2} ms over 10 runs",
            format!("wizard {cols}x{rows}: key to screen (pty)"),
            key.as_secs_f64() * 1e3
        );
        if let Some(kb) = runs.iter().filter_map(|r| r.2).max() {
            println!(
                "{:<44} {:>8.2} MB",
                format!("wizard {cols}x{rows}: peak RSS"),
                kb as f64 / 1024.0
            );
        }
    }
    // `summary` over 10,000 JSON reports: one real report, varied in verdict and findings.
    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    let q = {
        let mut sources = dualcheck::diag::Sources::default();
        let f = sources.add("small.toml", std::fs::read_to_string(&small).unwrap());
        dualcheck::questionnaire::load::load(&sources, &[f], "bench")
            .questionnaire
            .unwrap()
    };
    let mut sources = dualcheck::diag::Sources::default();
    let f = sources.add("a.toml", std::fs::read_to_string(&answers).unwrap());
    let resolved = dualcheck::answers::AnswersFile::parse(&sources, f)
        .unwrap()
        .resolve(&q)
        .unwrap();
    let report = dualcheck::assess::assess(&q, &resolved, "2026-01-01T00:00:00Z");
    let tiers = dualcheck::taxonomy::Tier::ALL;
    for i in 0..10_000 {
        let mut r = report.clone();
        r.verdict = tiers[i % tiers.len()];
        r.findings.truncate(i % 7);
        std::fs::write(
            reports.join(format!("r{i:05}.json")),
            dualcheck::report::json::write(&r),
        )
        .unwrap();
    }
    time_command(
        "dualcheck summary (10,000 reports)",
        &["summary", reports.to_str().unwrap()],
    );

    let size = std::fs::metadata(bin()).map_or(0, |m| m.len());
    println!(
        "{:<44} {:>8.2} MB",
        "binary size (bench profile)",
        size as f64 / 1e6
    );
    if let Some(kb) = peak_rss(&["validate", g]) {
        println!(
            "{:<44} {:>8.2} MB",
            "peak RSS, validate 10k questions",
            kb as f64 / 1024.0
        );
    }
    if let Some(kb) = peak_rss(&["assess", "--answers", a, "-q", s]) {
        println!("{:<44} {:>8.2} MB", "peak RSS, assess", kb as f64 / 1024.0);
    }
}
