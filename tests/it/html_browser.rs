//! The HTML report in a real browser: headless Chromium renders it to a non-blank screenshot,
//! its serialised DOM holds nothing that loads or runs anything, and its network log shows no
//! request made by the page. Printed to PDF, an ordinary report takes at most six A4 pages and no
//! heading is left at a page foot (read from the PDF's structure tree); the path diagram's texts,
//! measured with the browser's fonts, stay inside their boxes and clear of each other. The
//! summary page fills a 1920x1080 window.
//!
//! Chromium comes from `.ci/setup-chromium.sh` (Debian's `chromium`). Without it the test prints
//! why it is skipped, except under CI (`CI=true`), where a missing browser is a failure.
//! The screenshots and PDFs stay in `target/tmp/html-browser/` for people to look at.

use crate::html_check;

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
        &dualcheck::app::Runtime::default(),
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

/// Ink (non-background) pixels in each column of a screenshot, and its height.
fn ink_by_column(path: &Path) -> (Vec<usize>, usize) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let (width, height) = (info.width as usize, info.height as usize);
    let mut columns = vec![0; width];
    for (i, px) in buf[..info.buffer_size()].chunks_exact(channels).enumerate() {
        if px[0] < 240 || px[1] < 240 || px[2] < 240 {
            columns[i % width] += 1;
        }
    }
    (columns, height)
}

/// Where the content of a screenshot lies across its width, as shares of the width: from the
/// first to the last column with ink; between the columns at 1 % and 99 % of all ink; and the
/// share of the ink right of the middle.
fn horizontal_spread(columns: &[usize]) -> (f64, f64, f64) {
    let total: usize = columns.iter().sum();
    let at = |share: f64| {
        let mut seen = 0;
        columns
            .iter()
            .position(|n| {
                seen += n;
                seen as f64 >= share * total as f64
            })
            .unwrap_or(0)
    };
    let span = (at(0.99) - at(0.01)) as f64 / columns.len() as f64;
    let right: usize = columns[columns.len() / 2..].iter().sum();
    let inked = |n: &usize| *n >= 4;
    let first = columns.iter().position(inked).unwrap_or(0);
    let last = columns.iter().rposition(inked).unwrap_or(0);
    let extent = (last - first) as f64 / columns.len() as f64;
    (extent, span, right as f64 / total as f64)
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
    let locations = [
        ("eu", "In the EU"),
        ("eu", "In the EU"),
        ("uk", "In the UK"),
        ("eu", "In the EU"),
        ("other", "Elsewhere"),
        ("not_sure", "Not sure"),
        ("eu", "In the EU"),
    ];
    let mut s = dualcheck::summary::Summary::for_question(Some("location"))
        .titled(Some("Export control in research: workshop"));
    for i in 0..60 {
        let mut r = base.clone();
        r.verdict = verdicts[i % verdicts.len()];
        for (j, f) in r.findings.iter_mut().enumerate() {
            f.code = FindingCode::ALL[(i * 3 + j * 5) % 13];
            f.title = f.code.meaning().trim_end_matches('.').to_string();
        }
        r.findings.truncate(i % 4);
        if let Some(a) = r.answers.get_mut("location") {
            let (value, label) = locations[i % locations.len()];
            a.value = value.into();
            a.label = label.into();
        }
        // Each report is a session of its own.
        if let Some(a) = r.answers.get_mut("endurance") {
            a.value = (90 + i).into();
        }
        if i % 9 == 0 {
            r.answers.remove("location");
        }
        r.generated_at = format!("2026-09-{:02}T14:13:20Z", 21 + i % 3);
        let json = dualcheck::report::json::write(&r);
        s.add(&format!("reports/report-{i:02}.json"), json.as_bytes());
        // Three sessions exported twice.
        if i % 20 == 1 {
            r.generated_at = "2026-09-23T18:00:00Z".into();
            let again = dualcheck::report::json::write(&r);
            s.add(
                &format!("reports/report-{i:02}-again.json"),
                again.as_bytes(),
            );
        }
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
    // A projector's first screen, a smaller one, and the whole page.
    for (tag, size) in [
        ("summary", "1920,1080"),
        ("summary-720", "1280,720"),
        ("summary-full", "1920,2400"),
    ] {
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
        // The page fills the window: content from edge to edge (not a column in the middle),
        // its bulk across most of the width, and as much of it right of the middle as a
        // two-column page has. The page before it filled a projector measured 0.58, 0.46 and
        // 0.31 at 1920x1080; two columns measure about 0.90, 0.86 and 0.45.
        let (columns, height) = ink_by_column(&shot);
        let (extent, span, right) = horizontal_spread(&columns);
        assert!(
            extent > 0.8,
            "{tag}: content from {:.0} % of the width",
            extent * 100.0
        );
        assert!(
            span > 0.75,
            "{tag}: the bulk of the content spans {:.0} % of the width",
            span * 100.0
        );
        assert!(
            right > 0.38,
            "{tag}: {:.0} % of the ink right of the middle",
            right * 100.0
        );
        assert!(height >= 720);
        let netlog = run.netlog.expect("chromium wrote a network log");
        assert_eq!(
            page_requests(&netlog),
            Vec::<String>::new(),
            "{tag}: the page made requests"
        );
    }
    let dom = run_chromium(&browser, &page, &["--dump-dom".into()], "summary-dom").stdout;
    assert!(
        dom.contains("<h1>Export control in research: workshop</h1>"),
        "{dom}"
    );
    assert!(dom.contains(
        "60 reports · written 21 to 23 September 2026 · 3 repeated exports merged · 2 files skipped"
    ));
    assert!(
        dom.contains("Answers to “Where is your organisation?”"),
        "{dom}"
    );
    for label in ["In the EU", "In the UK", "Elsewhere", "Not sure"] {
        assert!(dom.contains(&format!(">{label}</text>")), "{label}: {dom}");
    }
    assert!(!dom.contains("notes"), "a skipped file's name on the page");
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

/// A report of the shipped research self-check for a scenario under `tests/scenarios/realistic/`,
/// with a configured contact, as an institution would hand it out.
fn realistic(name: &str) -> Report {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (q, _, answers) = dualcheck::cli::read_answers(
        &dualcheck::app::Runtime::default(),
        &root.join(format!("tests/scenarios/realistic/{name}.toml")),
        None,
    )
    .map_err(|f| f.message)
    .unwrap();
    let mut report = dualcheck::assess::assess(&q, &answers, "2026-09-21T14:13:20Z");
    report.contact = canonical().contact;
    report
}

/// Ordinary runs of the research self-check: typical paths with a few findings.
const ORDINARY: &[&str] = &[
    "rs-published-paper-us-coauthor",
    "i14-published-design-training-realistic",
    "rs-ecology-data-brazil",
];

/// Prints `page` to a PDF the way a user's "Save as PDF" does (A4 from the page's `@page` rule).
fn print_to_pdf(browser: &Path, page: &Path, tag: &str) -> Vec<u8> {
    let pdf = out_dir().join(format!("{tag}.pdf"));
    let _ = std::fs::remove_file(&pdf);
    let run = run_chromium(
        browser,
        page,
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".into(),
            "--generate-pdf-document-outline".into(),
        ],
        tag,
    );
    if let Some(netlog) = &run.netlog {
        assert_eq!(
            page_requests(netlog),
            Vec::<String>::new(),
            "{tag}: printing made requests"
        );
    }
    std::fs::read(&pdf).expect("chromium wrote the PDF")
}

#[test]
fn an_ordinary_report_prints_on_a_few_pages_with_no_heading_left_at_a_page_foot() {
    use std::io::Write as _;
    let Some(browser) = chromium() else {
        assert!(!in_ci(), "chromium is not installed, and CI is set");
        skip("an_ordinary_report_prints_on_a_few_pages_with_no_heading_left_at_a_page_foot");
        return;
    };
    let mut reports: Vec<(String, Report)> = ORDINARY
        .iter()
        .map(|n| ((*n).to_string(), realistic(n)))
        .collect();
    reports.push(("canonical".into(), canonical()));
    reports.push(("long-path".into(), long_path()));
    // A heavy run (many findings, long path): more pages, but headings still kept.
    reports.push((
        "rs-frt-crowd-police-worldwide".into(),
        realistic("rs-frt-crowd-police-worldwide"),
    ));
    let mut failures = Vec::new();
    for (tag, report) in &reports {
        let page = out_dir().join(format!("print-{tag}.html"));
        std::fs::write(&page, Format::Html.write(report)).unwrap();
        let pdf = pdf::Pdf::parse(&print_to_pdf(&browser, &page, &format!("print-{tag}")));
        let pages = pdf.pages().len();
        if ORDINARY.contains(&tag.as_str()) && pages > 6 {
            failures.push(format!("{tag}: {pages} A4 pages, at most 6 expected"));
        }
        for h in pdf.stranded_headings() {
            failures.push(format!("{tag}: heading {h} is the last thing on its page"));
        }
        let _ = writeln!(std::io::stderr(), "{tag}: {pages} pages");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_print_checks_catch_a_heading_at_a_page_foot() {
    let Some(browser) = chromium() else {
        assert!(!in_ci(), "chromium is not installed, and CI is set");
        skip("the_print_checks_catch_a_heading_at_a_page_foot");
        return;
    };
    let page = out_dir().join("print-negative-control.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html lang=\"en\"><head><title>x</title><style>@page { size: A4; }\
         .next { break-before: page; }</style></head><body><h1>Title</h1><p>Some text.</p>\
         <h2>Stranded heading</h2><p class=\"next\">Its text, on the next page.</p>\
         <h2>Kept heading</h2><p>Its text.</p></body></html>",
    )
    .unwrap();
    let pdf = pdf::Pdf::parse(&print_to_pdf(&browser, &page, "print-negative-control"));
    assert_eq!(pdf.pages().len(), 2);
    assert_eq!(pdf.stranded_headings(), ["H2 “Stranded heading” on page 1"]);
}

/// Measures every text of the path diagram with the browser's own fonts (`getBBox`): each must
/// lie inside its box (or its step-number circle) and overlap no other text. A script, added to a
/// copy of the page for this test only, writes what it found into the DOM.
fn path_text_problems(browser: &Path, html: &str, tag: &str) -> Vec<String> {
    const CHECK: &str = r"<script>
(() => {
  const out = [];
  const inside = (a, b) => a.x >= b.x - 0.5 && a.y >= b.y - 0.5 &&
    a.x + a.width <= b.x + b.width + 0.5 && a.y + a.height <= b.y + b.height + 0.5;
  const overlap = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width &&
    a.y < b.y + b.height && b.y < a.y + a.height;
  let texts = 0;
  document.querySelectorAll('svg g').forEach((g, gi) => {
    const rect = g.querySelector('rect');
    const circle = g.querySelector('circle');
    const boxes = [];
    g.querySelectorAll('text').forEach((t) => {
      texts += 1;
      const b = t.getBBox();
      const c = circle ? circle.getBBox() : null;
      const home = c && inside(b, c) ? c : rect.getBBox();
      if (!inside(b, home)) out.push('step ' + (gi + 1) + ': “' + t.textContent + '” runs out of its box');
      boxes.forEach(([o, ob]) => {
        if (overlap(b, ob)) out.push('step ' + (gi + 1) + ': “' + t.textContent + '” overlaps “' + o + '”');
      });
      boxes.push([t.textContent, b]);
    });
  });
  const pre = document.createElement('pre');
  pre.id = 'svg-check';
  pre.textContent = JSON.stringify({ texts, problems: out });
  document.body.appendChild(pre);
})();
</script>";
    let page = out_dir().join(format!("{tag}-svg-check.html"));
    std::fs::write(&page, html.replace("</body>", &format!("{CHECK}</body>"))).unwrap();
    let dom = run_chromium(
        browser,
        &page,
        &["--dump-dom".into()],
        &format!("{tag}-svg"),
    )
    .stdout;
    let json = dom
        .split("<pre id=\"svg-check\">")
        .nth(1)
        .and_then(|s| s.split("</pre>").next())
        .unwrap_or_else(|| panic!("{tag}: the check wrote no result: {dom}"));
    let json = json
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(v["texts"].as_u64().unwrap() > 0, "{tag}: no text measured");
    v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| format!("{tag}: {}", p.as_str().unwrap()))
        .collect()
}

#[test]
fn no_text_of_the_path_diagram_overlaps_or_leaves_its_box() {
    let Some(browser) = chromium() else {
        assert!(!in_ci(), "chromium is not installed, and CI is set");
        skip("no_text_of_the_path_diagram_overlaps_or_leaves_its_box");
        return;
    };
    // Every figure on one page: the realistic scenarios of both questionnaires and the fixtures.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios/realistic");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            (p.extension()? == "toml")
                .then(|| p.file_stem().unwrap().to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    let mut reports: Vec<Report> = names.iter().map(|n| realistic(n)).collect();
    reports.push(canonical());
    reports.push(long_path());
    let mut long = long_path();
    for a in long.answers.values_mut() {
        a.question = "W".repeat(120);
        a.label = "M".repeat(120);
    }
    reports.push(long);
    let first = Format::Html.write(&reports[0]);
    let head = first.split("<body>").next().unwrap();
    let mut page = format!("{head}<body>\n");
    for r in &reports {
        let html = Format::Html.write(r);
        let start = html.find("<figure class=\"path-figure\">").unwrap();
        let end = html[start..].find("</figure>").unwrap() + start + "</figure>".len();
        page.push_str(&html[start..end]);
    }
    page.push_str("</body>\n</html>\n");
    let problems = path_text_problems(&browser, &page, "path-figures");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_path_text_check_catches_overlapping_text() {
    let Some(browser) = chromium() else {
        assert!(!in_ci(), "chromium is not installed, and CI is set");
        skip("the_path_text_check_catches_overlapping_text");
        return;
    };
    let page = "<!DOCTYPE html><html lang=\"en\"><head><title>x</title></head><body>\
        <svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 400 100\"><g>\
        <rect x=\"10\" y=\"10\" width=\"300\" height=\"40\"/>\
        <text x=\"20\" y=\"30\" font-size=\"13\">A question that is much too long for its box, far too long to fit</text>\
        <text x=\"300\" y=\"30\" text-anchor=\"end\" font-size=\"12\">OVERPRINT</text>\
        </g></svg></body></html>";
    let problems = path_text_problems(&browser, page, "path-negative-control");
    assert!(
        problems.iter().any(|p| p.contains("runs out of its box")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("overlaps")),
        "{problems:?}"
    );
}

/// Just enough of a PDF reader for what Chromium writes: its dictionaries are not compressed, so
/// the page tree, the structure tree (tagged PDF: every heading and paragraph with the pages its
/// content is drawn on) and the outline can be read without decompressing anything.
mod pdf {
    use std::collections::HashMap;

    #[derive(Debug, Clone)]
    pub enum Obj {
        Name(String),
        Num,
        Ref(u32),
        Arr(Vec<Obj>),
        Dict(HashMap<String, Obj>),
        Str(String),
        Other,
    }

    impl Obj {
        fn get(&self, key: &str) -> Option<&Obj> {
            match self {
                Obj::Dict(d) => d.get(key),
                _ => None,
            }
        }
        fn name(&self) -> Option<&str> {
            match self {
                Obj::Name(n) => Some(n),
                _ => None,
            }
        }
        fn reference(&self) -> Option<u32> {
            match self {
                Obj::Ref(r) => Some(*r),
                _ => None,
            }
        }
    }

    pub struct Pdf {
        objects: HashMap<u32, Obj>,
    }

    fn tokens(text: &str) -> Vec<String> {
        let b: Vec<char> = text.chars().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            if c.is_whitespace() {
                i += 1;
            } else if c == '<' && b.get(i + 1) == Some(&'<') {
                out.push("<<".into());
                i += 2;
            } else if c == '>' && b.get(i + 1) == Some(&'>') {
                out.push(">>".into());
                i += 2;
            } else if c == '[' || c == ']' {
                out.push(c.to_string());
                i += 1;
            } else if c == '(' {
                // A literal string, with nested brackets and escapes.
                let mut depth = 0;
                let mut s = String::from("(");
                i += 1;
                while i < b.len() {
                    let d = b[i];
                    if d == '\\' {
                        if let Some(n) = b.get(i + 1) {
                            s.push(*n);
                        }
                        i += 2;
                        continue;
                    }
                    i += 1;
                    if d == '(' {
                        depth += 1;
                    } else if d == ')' {
                        if depth == 0 {
                            break;
                        }
                        depth -= 1;
                    }
                    s.push(d);
                }
                out.push(s);
            } else if c == '<' {
                let end = b[i..]
                    .iter()
                    .position(|&d| d == '>')
                    .map_or(b.len(), |p| i + p);
                out.push(b[i..=end.min(b.len() - 1)].iter().collect());
                i = end + 1;
            } else if c == '/' {
                let mut s = String::from("/");
                i += 1;
                while i < b.len() && !b[i].is_whitespace() && !"/[]<>()".contains(b[i]) {
                    s.push(b[i]);
                    i += 1;
                }
                out.push(s);
            } else {
                let mut s = String::new();
                while i < b.len() && !b[i].is_whitespace() && !"/[]<>()".contains(b[i]) {
                    s.push(b[i]);
                    i += 1;
                }
                out.push(s);
            }
        }
        out
    }

    fn decode_hex(h: &str) -> String {
        let digits: Vec<u8> = h
            .trim_matches(|c| c == '<' || c == '>')
            .as_bytes()
            .chunks(2)
            .filter_map(|p| u8::from_str_radix(std::str::from_utf8(p).ok()?, 16).ok())
            .collect();
        if digits.starts_with(&[0xFE, 0xFF]) {
            let units: Vec<u16> = digits[2..]
                .chunks(2)
                .map(|p| u16::from_be_bytes([p[0], *p.get(1).unwrap_or(&0)]))
                .collect();
            String::from_utf16_lossy(&units)
        } else {
            String::from_utf8_lossy(&digits).into_owned()
        }
    }

    fn value(t: &[String], i: &mut usize) -> Obj {
        let tok = t[*i].as_str();
        *i += 1;
        match tok {
            "<<" => {
                let mut d = HashMap::new();
                while *i < t.len() && t[*i] != ">>" {
                    let key = t[*i].clone();
                    *i += 1;
                    let v = value(t, i);
                    d.insert(key, v);
                }
                *i += 1;
                Obj::Dict(d)
            }
            "[" => {
                let mut a = Vec::new();
                while *i < t.len() && t[*i] != "]" {
                    a.push(value(t, i));
                }
                *i += 1;
                Obj::Arr(a)
            }
            s if s.starts_with('/') => Obj::Name(s[1..].to_string()),
            s if s.starts_with('(') => Obj::Str(s[1..].to_string()),
            s if s.starts_with('<') => Obj::Str(decode_hex(s)),
            s => match s.parse::<f64>() {
                Ok(n) => {
                    if t.get(*i + 1).map(String::as_str) == Some("R") {
                        *i += 2;
                        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                        Obj::Ref(n as u32)
                    } else {
                        Obj::Num
                    }
                }
                Err(_) => Obj::Other,
            },
        }
    }

    impl Pdf {
        pub fn parse(bytes: &[u8]) -> Pdf {
            let mut objects = HashMap::new();
            let marker = b" 0 obj\n";
            let mut at = 0;
            while let Some(p) = bytes[at..].windows(marker.len()).position(|w| w == marker) {
                let head = at + p;
                at = head + marker.len();
                let digits_start = bytes[..head]
                    .iter()
                    .rposition(|b| !b.is_ascii_digit())
                    .map_or(0, |q| q + 1);
                if digits_start == head || (digits_start > 0 && bytes[digits_start - 1] != b'\n') {
                    continue;
                }
                let Ok(num) = std::str::from_utf8(&bytes[digits_start..head])
                    .unwrap()
                    .parse()
                else {
                    continue;
                };
                let rest = &bytes[at..];
                let end = [&b"stream"[..], &b"endobj"[..]]
                    .iter()
                    .filter_map(|m| rest.windows(m.len()).position(|w| w == *m))
                    .min()
                    .unwrap_or(rest.len());
                let text = String::from_utf8_lossy(&rest[..end]);
                let t = tokens(&text);
                if !t.is_empty() {
                    let mut i = 0;
                    objects.entry(num).or_insert_with(|| value(&t, &mut i));
                }
            }
            Pdf { objects }
        }

        fn find_type(&self, ty: &str) -> Option<&Obj> {
            self.objects
                .values()
                .find(|o| o.get("/Type").and_then(Obj::name) == Some(ty))
        }

        fn deref<'a>(&'a self, o: &'a Obj) -> &'a Obj {
            match o {
                Obj::Ref(r) => self.objects.get(r).unwrap_or(&Obj::Other),
                o => o,
            }
        }

        /// The page objects, in order.
        pub fn pages(&self) -> Vec<u32> {
            fn walk(pdf: &Pdf, node: u32, out: &mut Vec<u32>) {
                let Some(o) = pdf.objects.get(&node) else {
                    return;
                };
                match o.get("/Type").and_then(Obj::name) {
                    Some("Page") => out.push(node),
                    Some("Pages") => {
                        if let Some(Obj::Arr(kids)) = o.get("/Kids") {
                            for k in kids.iter().filter_map(Obj::reference) {
                                walk(pdf, k, out);
                            }
                        }
                    }
                    _ => {}
                }
            }
            let catalog = self.find_type("Catalog").expect("a catalog");
            let root = catalog
                .get("/Pages")
                .and_then(Obj::reference)
                .expect("a page tree");
            let mut out = Vec::new();
            walk(self, root, &mut out);
            out
        }

        /// Titles of the outline entries, by the structure element they point to.
        fn outline_titles(&self) -> HashMap<u32, String> {
            self.objects
                .values()
                .filter_map(|o| {
                    let se = o.get("/SE")?.reference()?;
                    match o.get("/Title")? {
                        Obj::Str(s) => Some((se, s.clone())),
                        _ => None,
                    }
                })
                .collect()
        }

        /// Headings (H1 to H6 in the structure tree) whose content is on one page and whatever
        /// follows them on a later one: a heading left at the foot of a page.
        pub fn stranded_headings(&self) -> Vec<String> {
            struct Walk<'a> {
                pdf: &'a Pdf,
                /// Page of each piece of marked content, in reading order.
                leaves: Vec<u32>,
                /// (element, role, first leaf, end of its leaves).
                headings: Vec<(Option<u32>, String, usize, usize)>,
            }
            impl Walk<'_> {
                fn kid(&mut self, k: &Obj, page: Option<u32>, id: Option<u32>) {
                    match k {
                        Obj::Num => {
                            if let Some(p) = page {
                                self.leaves.push(p);
                            }
                        }
                        Obj::Arr(a) => {
                            for k in a {
                                self.kid(k, page, id);
                            }
                        }
                        Obj::Ref(r) => {
                            let o = self.pdf.deref(k).clone();
                            self.element(&o, page, Some(*r));
                        }
                        Obj::Dict(_) => self.element(k, page, id),
                        _ => {}
                    }
                }
                fn element(&mut self, o: &Obj, page: Option<u32>, id: Option<u32>) {
                    let page = o.get("/Pg").and_then(Obj::reference).or(page);
                    match o.get("/Type").and_then(Obj::name) {
                        Some("MCR") => {
                            if let Some(p) = page {
                                self.leaves.push(p);
                            }
                            return;
                        }
                        Some("OBJR") => return,
                        _ => {}
                    }
                    let role = o.get("/S").and_then(Obj::name).unwrap_or("").to_string();
                    let heading = role.len() == 2
                        && role.starts_with('H')
                        && role[1..].parse::<u8>().is_ok_and(|n| (1..=6).contains(&n));
                    let start = self.leaves.len();
                    if let Some(k) = o.get("/K") {
                        let k = k.clone();
                        self.kid(&k, page, id);
                    }
                    if heading {
                        self.headings.push((id, role, start, self.leaves.len()));
                    }
                }
            }
            let root = self.find_type("StructTreeRoot").expect("a tagged PDF");
            let mut w = Walk {
                pdf: self,
                leaves: Vec::new(),
                headings: Vec::new(),
            };
            if let Some(k) = root.get("/K") {
                w.kid(k, None, None);
            }
            let order: HashMap<u32, usize> = self
                .pages()
                .into_iter()
                .enumerate()
                .map(|(i, p)| (p, i + 1))
                .collect();
            let titles = self.outline_titles();
            let mut out = Vec::new();
            for (id, role, start, end) in &w.headings {
                if start == end || *end >= w.leaves.len() {
                    continue;
                }
                let here = order[&w.leaves[end - 1]];
                let next = order[&w.leaves[*end]];
                if next > here {
                    let title = id
                        .and_then(|i| titles.get(&i))
                        .map_or_else(String::new, |t| format!(" “{t}”"));
                    out.push(format!("{role}{title} on page {here}"));
                }
            }
            out
        }
    }
}
