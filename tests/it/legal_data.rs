//! The shipped legal data holds up: its date is not older than the changelog's latest entry, the
//! packs validate with the pinpoint and address warnings enabled, and every finding of every
//! scenario cites at least one source with a pinpoint.

use std::path::{Path, PathBuf};

use dualcheck::answers::AnswersFile;
use dualcheck::assess::assess;
use dualcheck::diag::{Diagnostic, Severity, Sources};
use dualcheck::questionnaire::catalog::Catalog;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `(date, [(pack, version)])` of every `## YYYY-MM-DD: pack VERSION, ...` heading.
fn changelog_entries() -> Vec<(String, Vec<(String, String)>)> {
    let text = std::fs::read_to_string(root().join("questionnaires/CHANGELOG.md"))
        .expect("questionnaires/CHANGELOG.md exists");
    text.lines()
        .filter_map(|l| l.strip_prefix("## "))
        .filter_map(|h| {
            let (date, packs) = h.split_once(": ")?;
            let valid = date.len() == 10
                && date.chars().enumerate().all(|(i, c)| {
                    if i == 4 || i == 7 {
                        c == '-'
                    } else {
                        c.is_ascii_digit()
                    }
                });
            valid.then(|| {
                let packs = packs
                    .split(',')
                    .filter_map(|p| {
                        let mut w = p.split_whitespace();
                        Some((w.next()?.to_string(), w.next()?.to_string()))
                    })
                    .collect();
                (date.to_string(), packs)
            })
        })
        .collect()
}

#[test]
fn the_changelog_has_dated_entries_naming_packs() {
    let entries = changelog_entries();
    assert!(entries.len() >= 2, "{entries:?}");
    assert!(entries.iter().all(|(_, packs)| !packs.is_empty()));
}

#[test]
fn no_shipped_pack_has_legal_data_older_than_its_latest_changelog_entry() {
    let entries = changelog_entries();
    let catalog = Catalog::embedded();
    assert!(!catalog.entries.is_empty());
    for pack in &catalog.entries {
        // Newest first: of entries on the same day, the one higher up the file is the latest.
        let latest = entries
            .iter()
            .filter_map(|(date, packs)| {
                packs
                    .iter()
                    .find(|(id, _)| *id == pack.id)
                    .map(|(_, v)| (date, v))
            })
            .reduce(|best, e| if e.0 > best.0 { e } else { best });
        let Some((date, version)) = latest else {
            panic!("questionnaires/CHANGELOG.md has no entry for `{}`", pack.id);
        };
        // ISO dates compare as strings.
        assert!(
            pack.legal_data_as_of.as_str() >= date.as_str(),
            "`{}` has legal_data_as_of {} but the changelog's latest entry for it is dated {date}",
            pack.id,
            pack.legal_data_as_of
        );
        assert_eq!(
            &pack.version, version,
            "`{}`: the latest changelog entry names another version",
            pack.id
        );
    }
}

/// Warnings of a shipped pack, rendered, as `(kind, file name, rendered text)`.
fn warnings(id: &str) -> Vec<(&'static str, String, String)> {
    let catalog = Catalog::embedded();
    let loaded = catalog.load(id).expect("shipped pack");
    loaded
        .diagnostics
        .iter()
        .map(|d: &Diagnostic| {
            assert_eq!(
                d.severity,
                Severity::Warning,
                "{}",
                catalog.sources.render(d)
            );
            let file = d
                .location
                .as_ref()
                .map(|l| catalog.sources.files[l.file].name.clone())
                .unwrap_or_default();
            (d.kind.as_str(), file, catalog.sources.render(d))
        })
        .collect()
}

#[test]
fn the_quick_scan_validates_with_every_warning_enabled() {
    let w = warnings("workshop-quick-scan");
    assert!(
        w.is_empty(),
        "{}",
        w.iter().map(|x| x.2.as_str()).collect::<String>()
    );
}

#[test]
fn the_research_pack_validates_with_every_warning_enabled() {
    let w = warnings("research-self-check");
    assert!(
        w.is_empty(),
        "{} warnings, e.g.\n{}",
        w.len(),
        w.iter().take(5).map(|x| x.2.as_str()).collect::<String>()
    );
}

fn scenario_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/scenarios"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

/// Findings of the scenarios of `pack` (all packs when `None`) that cite no source with a
/// pinpoint. Findings the program adds itself (`rule = "program"`) are not rules of a pack.
fn findings_without_pinpoint(pack: Option<&str>) -> (usize, Vec<String>) {
    let catalog = Catalog::embedded();
    let mut checked = 0;
    let mut missing = Vec::new();
    for path in scenario_files() {
        let mut sources = Sources::default();
        let f = sources.add(
            path.display().to_string(),
            std::fs::read_to_string(&path).unwrap(),
        );
        let file =
            AnswersFile::parse(&sources, f).unwrap_or_else(|d| panic!("{}", sources.render(&d)));
        if pack.is_some_and(|p| p != file.questionnaire) {
            continue;
        }
        let q = catalog
            .load(&file.questionnaire)
            .and_then(|l| l.questionnaire)
            .expect("shipped pack");
        let answers = file
            .resolve(&q)
            .unwrap_or_else(|d| panic!("{}", sources.render_all(&d)));
        let report = assess(&q, &answers, "2026-12-01T00:00:00Z");
        for finding in report.findings.iter().filter(|f| f.rule != "program") {
            checked += 1;
            if !finding.references.iter().any(|r| !r.pinpoint.is_empty()) {
                missing.push(format!(
                    "{}: rule `{}` ({})",
                    path.file_name().unwrap().to_string_lossy(),
                    finding.rule,
                    finding.code
                ));
            }
        }
    }
    missing.sort();
    missing.dedup();
    (checked, missing)
}

#[test]
fn every_quick_scan_finding_cites_a_pinpoint() {
    let (checked, missing) = findings_without_pinpoint(Some("workshop-quick-scan"));
    assert!(checked > 0);
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn every_finding_in_every_scenario_report_cites_a_pinpoint() {
    let (checked, missing) = findings_without_pinpoint(None);
    assert!(checked > 0);
    assert!(
        missing.is_empty(),
        "{} findings without a pinpoint:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn references_in_json_reports_carry_their_pinpoint_and_kind() {
    let catalog = Catalog::embedded();
    let path = root().join("tests/scenarios/ws-cuba-us-technology.toml");
    let mut sources = Sources::default();
    let f = sources.add("s.toml", std::fs::read_to_string(path).unwrap());
    let file = AnswersFile::parse(&sources, f).unwrap();
    let q = catalog
        .load(&file.questionnaire)
        .and_then(|l| l.questionnaire)
        .unwrap();
    let report = assess(&q, &file.resolve(&q).unwrap(), "2026-12-01T00:00:00Z");
    let json: serde_json::Value =
        serde_json::from_str(&dualcheck::report::json::write(&report)).unwrap();
    let refs = json["findings"][0]["references"].as_array().unwrap();
    let ear = refs
        .iter()
        .find(|r| r["id"] == "us-ear-746")
        .expect("the EAR Part 746 reference");
    assert_eq!(ear["pinpoint"], "§ 746.2(a)");
    assert_eq!(ear["kind"], "law");
    assert!(
        ear["url"]
            .as_str()
            .unwrap()
            .starts_with("https://www.ecfr.gov/")
    );
    // The text and Markdown reports print the pinpoint after the title.
    let text = dualcheck::report::text::write(&report);
    assert!(
        text.contains("special controls, § 746.2(a) (current edition)"),
        "{text}"
    );
    let md = dualcheck::report::markdown::write(&report);
    assert!(
        md.contains("§ 746.2(a) (current edition) <https://www.ecfr.gov/"),
        "{md}"
    );
}

/// Every shipped pack is prepared by the build, and the prepared form is the very questionnaire
/// the TOML gives: same model, same hash, same question lookup.
#[test]
fn every_shipped_pack_is_prepared_and_equals_its_toml() {
    use dualcheck::questionnaire::prepared;
    let catalog = Catalog::embedded();
    assert!(catalog.entries.len() >= 2);
    for e in &catalog.entries {
        let text = e
            .prepared
            .unwrap_or_else(|| panic!("{}: the build prepared no form", e.id));
        let fast = prepared::read(text).expect("the prepared form reads back");
        let slow = catalog
            .load(&e.id)
            .and_then(|l| l.questionnaire)
            .expect("the TOML loads");
        assert_eq!(prepared::write(&fast), prepared::write(&slow), "{}", e.id);
        assert_eq!(fast.hash, slow.hash);
        // The catalog's header facts, taken from the build, are the pack's own.
        assert_eq!(
            (&e.title, &e.version, &e.legal_data_as_of, &e.extends),
            (
                &slow.meta.title,
                &slow.meta.version,
                &slow.meta.legal_data_as_of,
                &slow.meta.extends
            )
        );
        assert_eq!(e.id, slow.meta.id);
        for (i, q) in slow.questions.iter().enumerate() {
            assert_eq!(
                fast.question_index(&q.id),
                Some(dualcheck::questionnaire::QuestionIx(i)),
                "{}: {}",
                e.id,
                q.id
            );
        }
        let used = catalog
            .load_for_use(&e.id)
            .and_then(|l| l.questionnaire)
            .unwrap();
        assert_eq!(prepared::write(&used), prepared::write(&slow));
    }
}
