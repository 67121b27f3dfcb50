//! The HTML report in a real browser: headless Chromium renders it to a non-blank screenshot,
//! its serialised DOM holds nothing that loads or runs anything, and its network log shows no
//! request made by the page.
//!
//! Chromium comes from `.ci/setup-chromium.sh` (Debian's `chromium`). Without it the test prints
//! why it is skipped, except under CI (`CI=true`), where a missing browser is a failure.
//! The screenshots stay in `target/tmp/html-browser/` for people to look at.

#[path = "common/html_check.rs"]
mod html_check;

use std::path::{Path, PathBuf};
use std::process::Command;

use dualcheck::assess::Report;
use dualcheck::report::Format;

fn chromium() -> Option<PathBuf> {
    let from_env = std::env::var_os("DUALCHECK_CHROMIUM").map(PathBuf::from);
    let candidates = ["chromium", "chromium-browser", "google-chrome"];
    from_env
        .into_iter()
        .chain(candidates.iter().map(PathBuf::from))
        .find(|c| {
            Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// Says why a test did nothing, on the real standard error: the test harness captures `eprintln!`
/// of passing tests, and a silent skip would look like a pass.
fn skip(test: &str) {
    use std::io::Write as _;
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED {test}: chromium is not installed. Run .ci/setup-chromium.sh \
         (with CI=true a missing browser fails this test)."
    );
}

fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("html-browser");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The canonical report: the basic fixture with every part filled in and a contact.
fn canonical() -> Report {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (q, _, answers) = dualcheck::cli::read_answers(
        &root.join("tests/fixtures/answers/canonical.toml"),
        Some(root.join("tests/fixtures/valid/basic").to_str().unwrap()),
    )
    .map_err(|f| f.message)
    .unwrap();
    let mut report = dualcheck::assess::assess(&q, &answers, "2026-09-21T14:13:20Z");
    report.contact = Some(dualcheck::assess::Contact {
        institution: "Example University".into(),
        name: "Export Control Office".into(),
        email: "export-control@example.org".into(),
        phone: "+49 30 1234 5678".into(),
        address: "Research Office, Main Building, Room 101".into(),
    });
    report
}

/// A long path (36 steps) to check the diagram stays readable.
fn long_path() -> Report {
    let mut r = canonical();
    let template = r.answers.values().next().unwrap().clone();
    for i in 0..31 {
        let id = format!("extra_{i:02}");
        let mut a = template.clone();
        a.question = format!(
            "Additional question number {i} with a fairly long text to see how it is clipped"
        );
        a.label = if i % 3 == 0 {
            "Yes".into()
        } else {
            "No, not at all".into()
        };
        a.section = format!("Section {}", i / 8 + 3);
        r.path.push(id.clone());
        r.answers.insert(id.clone(), a);
        if i % 7 == 0 {
            let t = r.findings[0].triggered_by[0].clone();
            r.findings[0]
                .triggered_by
                .push(dualcheck::assess::Trigger { question: id, ..t });
        }
    }
    r
}

struct Run {
    stdout: String,
    netlog: Option<serde_json::Value>,
}

fn run_chromium(browser: &Path, page: &Path, extra: &[String], tag: &str) -> Run {
    let profile = tempfile::tempdir().unwrap();
    let netlog = out_dir().join(format!("{tag}.netlog.json"));
    let _ = std::fs::remove_file(&netlog);
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            "--disable-extensions",
            "--hide-scrollbars",
            // Belt and braces: even if the page asked for something, no name would resolve.
            "--host-resolver-rules=MAP * ~NOTFOUND",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--log-net-log={}", netlog.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let netlog = std::fs::read_to_string(&netlog).ok().and_then(|t| {
        // A log cut short at exit lacks its closing brackets.
        serde_json::from_str(&t)
            .or_else(|_| {
                serde_json::from_str(&format!("{}]}}", t.trim_end().trim_end_matches(',')))
            })
            .ok()
    });
    Run {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        netlog,
    }
}

/// URLs of the requests the page made (Chromium's own background requests have no origin).
fn page_requests(netlog: &serde_json::Value) -> Vec<String> {
    let start_job = netlog["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"].as_u64();
    netlog["events"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["type"].as_u64() == start_job)
        .filter(|e| e["params"]["initiator"].as_str() != Some("not an origin"))
        .filter_map(|e| e["params"]["url"].as_str().map(str::to_string))
        .filter(|u| !u.starts_with("file:") && !u.starts_with("data:"))
        .collect()
}

/// (distinct colours, share of non-white pixels) of an RGB(A) PNG.
fn png_stats(path: &Path) -> (usize, f64) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    assert!(
        channels >= 3,
        "an RGB screenshot, got {:?}",
        info.color_type
    );
    let bytes = &buf[..info.buffer_size()];
    let mut colours = std::collections::HashSet::new();
    let mut ink = 0usize;
    let mut total = 0usize;
    for px in bytes.chunks_exact(channels) {
        colours.insert((px[0], px[1], px[2]));
        total += 1;
        if px[0] < 240 || px[1] < 240 || px[2] < 240 {
            ink += 1;
        }
    }
    (colours.len(), ink as f64 / total as f64)
}

#[test]
fn the_html_report_renders_in_chromium_without_any_request() {
    let Some(browser) = chromium() else {
        assert!(
            !in_ci(),
            "chromium is not installed, and CI is set: run .ci/setup-chromium.sh first"
        );
        skip("the_html_report_renders_in_chromium_without_any_request");
        return;
    };
    let dir = out_dir();
    for (tag, report) in [("canonical", canonical()), ("long-path", long_path())] {
        let html = Format::Html.write(&report);
        let problems = html_check::problems(&html);
        assert!(problems.is_empty(), "{tag}: {problems:?}");
        let page = dir.join(format!("{tag}.html"));
        std::fs::write(&page, &html).unwrap();

        let shot = dir.join(format!("{tag}.png"));
        let _ = std::fs::remove_file(&shot);
        let run = run_chromium(
            &browser,
            &page,
            &[
                format!("--screenshot={}", shot.display()),
                "--window-size=1024,2000".into(),
            ],
            tag,
        );
        let (colours, ink) = png_stats(&shot);
        assert!(
            colours > 16,
            "{tag}: the screenshot has only {colours} colours"
        );
        assert!(
            ink > 0.02,
            "{tag}: the screenshot is almost blank ({ink:.4} ink)"
        );
        let netlog = run.netlog.expect("chromium wrote a network log");
        assert_eq!(
            page_requests(&netlog),
            Vec::<String>::new(),
            "{tag}: the page made requests"
        );

        let dom = run_chromium(
            &browser,
            &page,
            &["--dump-dom".into()],
            &format!("{tag}-dom"),
        )
        .stdout;
        assert!(dom.contains("Hint: LICENCE LIKELY"), "{tag}: {dom}");
        let problems = html_check::problems(&dom);
        assert!(
            problems.is_empty(),
            "{tag}: the browser's DOM has {problems:?}"
        );
        for needle in ["<script", "<img", "<link", "<iframe", "@import"] {
            assert!(
                !dom.to_ascii_lowercase().contains(needle),
                "{tag}: {needle} in the DOM"
            );
        }
    }
}

#[test]
fn the_network_check_catches_a_page_that_loads_something() {
    let Some(browser) = chromium() else {
        assert!(!in_ci(), "chromium is not installed, and CI is set");
        skip("the_network_check_catches_a_page_that_loads_something");
        return;
    };
    let page = out_dir().join("negative-control.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html lang=\"en\"><body><img src=\"http://example.invalid/x.png\" alt=\"\"></body></html>",
    )
    .unwrap();
    let run = run_chromium(
        &browser,
        &page,
        &[
            format!(
                "--screenshot={}",
                out_dir().join("negative-control.png").display()
            ),
            "--window-size=400,300".into(),
        ],
        "negative-control",
    );
    let requests = page_requests(&run.netlog.expect("a network log"));
    assert_eq!(requests, ["http://example.invalid/x.png"]);
    assert!(!html_check::problems("<img src=\"http://example.invalid/x.png\">").is_empty());
}

/// `dualcheck summary --format html --question location` over 60 variants of the canonical
/// report (verdicts, finding codes and answers varied), and two files that are not reports.
fn summary_page() -> String {
    use dualcheck::taxonomy::{FindingCode, Tier};
    let base = canonical();
    let verdicts = [
        Tier::CheckNeeded,
        Tier::LicenceLikely,
        Tier::NoIndicator,
        Tier::CheckNeeded,
        Tier::DueDiligence,
        Tier::CheckNeeded,
        Tier::Stop,
        Tier::LicenceLikely,
    ];
    let locations = ["eu", "eu", "uk", "eu", "other", "not_sure", "eu"];
    let mut s = dualcheck::summary::Summary::for_question(Some("location"));
    for i in 0..60 {
        let mut r = base.clone();
        r.verdict = verdicts[i % verdicts.len()];
        for (j, f) in r.findings.iter_mut().enumerate() {
            f.code = FindingCode::ALL[(i * 3 + j * 5) % 13];
        }
        r.findings.truncate(i % 4);
        if let Some(a) = r.answers.get_mut("location") {
            a.value = locations[i % locations.len()].into();
        }
        if i % 9 == 0 {
            r.answers.remove("location");
        }
        let json = dualcheck::report::json::write(&r);
        s.add(&format!("reports/report-{i:02}.json"), json.as_bytes());
    }
    s.add("reports/<b>notes</b>.json", b"not json");
    s.add("reports/empty.json", b"");
    s.to_html()
}

#[test]
fn the_summary_page_renders_in_chromium_without_any_request() {
    let Some(browser) = chromium() else {
        assert!(!in_ci(), "chromium is not installed, and CI is set");
        skip("the_summary_page_renders_in_chromium_without_any_request");
        return;
    };
    let html = summary_page();
    let problems = html_check::problems(&html);
    assert!(problems.is_empty(), "{problems:?}");
    let page = out_dir().join("summary.html");
    std::fs::write(&page, &html).unwrap();
    // The first screen of a projector, and the whole page.
    for (tag, size) in [("summary", "1280,720"), ("summary-full", "1280,2400")] {
        let shot = out_dir().join(format!("{tag}.png"));
        let _ = std::fs::remove_file(&shot);
        let run = run_chromium(
            &browser,
            &page,
            &[
                format!("--screenshot={}", shot.display()),
                format!("--window-size={size}"),
            ],
            tag,
        );
        let (colours, ink) = png_stats(&shot);
        assert!(colours > 16, "{tag}: only {colours} colours");
        assert!(ink > 0.02, "{tag}: almost blank ({ink:.4} ink)");
        let netlog = run.netlog.expect("chromium wrote a network log");
        assert_eq!(
            page_requests(&netlog),
            Vec::<String>::new(),
            "{tag}: the page made requests"
        );
    }
    let dom = run_chromium(&browser, &page, &["--dump-dom".into()], "summary-dom").stdout;
    assert!(dom.contains("<h1>60 reports</h1>"), "{dom}");
    assert!(dom.contains("Answers to <code>location</code>"));
    assert!(dom.contains("&lt;b&gt;notes&lt;/b&gt;.json"));
    assert_eq!(dom.matches("<svg ").count(), 3, "three charts");
    let problems = html_check::problems(&dom);
    assert!(problems.is_empty(), "the browser's DOM has {problems:?}");
    for needle in ["<script", "<img", "<link", "<iframe", "@import", "<b>"] {
        assert!(
            !dom.to_ascii_lowercase().contains(needle),
            "{needle} in the DOM"
        );
    }
}
