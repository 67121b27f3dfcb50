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
