//! The scenario suite: every answers file under `tests/scenarios/` is assessed with the shipped
//! questionnaires and must give exactly its expected verdict, with the findings it requires present
//! and the ones it excludes absent. Example personas must load and assess too.

use std::path::{Path, PathBuf};

use dualcheck::answers::AnswersFile;
use dualcheck::assess::assess;
use dualcheck::diag::Sources;
use dualcheck::questionnaire::Questionnaire;
use dualcheck::questionnaire::catalog::Catalog;

fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn shipped(catalog: &Catalog, id: &str) -> Questionnaire {
    let loaded = catalog
        .load(id)
        .unwrap_or_else(|| panic!("no shipped questionnaire {id}"));
    loaded
        .questionnaire
        .unwrap_or_else(|| panic!("{}", catalog.sources.render_all(&loaded.diagnostics)))
}

/// Runs every file in `dir`; returns the failures.
fn run_dir(dir: &Path, check_expect: bool) -> (usize, Vec<String>) {
    let catalog = Catalog::embedded();
    let mut failures = Vec::new();
    let files = toml_files(dir);
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut sources = Sources::default();
        let f = sources.add(
            path.display().to_string(),
            std::fs::read_to_string(path).unwrap(),
        );
        let file = match AnswersFile::parse(&sources, f) {
            Ok(file) => file,
            Err(d) => {
                failures.push(sources.render(&d));
                continue;
            }
        };
        let q = shipped(&catalog, &file.questionnaire);
        let answers = match file.resolve(&q) {
            Ok(a) => a,
            Err(diags) => {
                failures.push(sources.render_all(&diags));
                continue;
            }
        };
        let report = assess(&q, &answers, "2026-01-01T00:00:00Z");
        let codes: Vec<String> = report
            .findings
            .iter()
            .map(|f| format!("{}({})", f.code, f.tier))
            .collect();
        if !check_expect {
            continue;
        }
        let e = &file.expect;
        let Some(verdict) = e.verdict else {
            failures.push(format!("{name}: no [expect] verdict"));
            continue;
        };
        if report.verdict != verdict {
            failures.push(format!(
                "{name}: verdict {} expected {verdict}; findings {codes:?}; unknowns {:?}",
                report.verdict,
                report
                    .unknowns
                    .iter()
                    .map(|u| &u.question)
                    .collect::<Vec<_>>()
            ));
        }
        for code in &e.findings {
            if !report.has_finding(*code) {
                failures.push(format!("{name}: missing finding {code}; got {codes:?}"));
            }
        }
        for code in &e.absent {
            if report.has_finding(*code) {
                failures.push(format!("{name}: unexpected finding {code}; got {codes:?}"));
            }
        }
    }
    (files.len(), failures)
}

#[test]
fn every_scenario_gives_its_expected_outcome() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let (count, failures) = run_dir(&dir, true);
    assert!(
        count >= 40,
        "the suite has {count} scenarios; at least 40 expected"
    );
    assert!(
        failures.is_empty(),
        "{} of {count} scenarios failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_example_persona_loads_and_assesses() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/personas");
    let (count, failures) = run_dir(&dir, false);
    assert!(count >= 8, "{count} personas; at least 8 expected");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The scenarios answered the way real users answer: some "Not sure", partners not screened.
#[test]
fn every_realistic_scenario_gives_its_expected_outcome() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios/realistic");
    let (count, failures) = run_dir(&dir, true);
    assert!(
        count >= 30,
        "{count} realistic scenarios in {}; at least 30 expected",
        dir.display()
    );
    assert!(
        failures.is_empty(),
        "{} of {count} realistic scenarios failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// For every scenario and every question on its path that offers "Not sure": the variant that
/// answers "Not sure" never falls below what the facts required (capped at CHECK NEEDED, the tier
/// of an open question), an immaterial "Not sure" keeps at least the scenario's hint, and a
/// material one names what is at stake and the open question.
#[test]
fn not_sure_variants_of_every_scenario_keep_or_flag_the_hint() {
    use dualcheck::answers::Answer;
    use dualcheck::taxonomy::{FindingCode, Tier};
    let catalog = Catalog::embedded();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut variants = 0;
    let mut material = 0;
    let mut failures = Vec::new();
    for path in toml_files(&dir) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut sources = Sources::default();
        let f = sources.add(
            path.display().to_string(),
            std::fs::read_to_string(&path).unwrap(),
        );
        let Ok(file) = AnswersFile::parse(&sources, f) else {
            continue;
        };
        let q = shipped(&catalog, &file.questionnaire);
        let Ok(answers) = file.resolve(&q) else {
            continue;
        };
        let original = assess(&q, &answers, "2026-01-01T00:00:00Z");
        for id in &original.path {
            let i = q.question_index(id).unwrap();
            if !q.questions[i].not_sure || matches!(answers[i], Some(Answer::NotSure) | None) {
                continue;
            }
            let mut variant = answers.clone();
            variant[i] = Some(Answer::NotSure);
            let r = assess(&q, &variant, "2026-01-01T00:00:00Z");
            variants += 1;
            // A question may cap what its uncertainty raises by itself (a step such as screening
            // resolves it); the floor follows that cap.
            let cap = q.questions[i].uncertainty_tier.unwrap_or(Tier::CheckNeeded);
            let floor = original.verdict.min(Tier::CheckNeeded).min(cap);
            if r.verdict < floor {
                failures.push(format!(
                    "{name}: \"Not sure\" on {id} gives {} below {floor}",
                    r.verdict
                ));
            }
            let Some(u) = r.unknowns.iter().find(|u| &u.question == id) else {
                failures.push(format!("{name}: {id} is not listed as unknown"));
                continue;
            };
            if u.material {
                material += 1;
                let names = r
                    .findings
                    .iter()
                    .find(|f| f.code == FindingCode::InformationMissing && f.rule == "program")
                    .is_some_and(|f| f.triggered_by.iter().any(|t| &t.question == id));
                if !names || u.could_become.is_none() || u.example.is_none() {
                    failures.push(format!(
                        "{name}: material \"Not sure\" on {id} does not name its stake"
                    ));
                }
            } else if r.verdict < original.verdict {
                failures.push(format!(
                    "{name}: immaterial \"Not sure\" on {id} lowers {} to {}",
                    original.verdict, r.verdict
                ));
            }
        }
    }
    assert!(variants >= 500, "only {variants} variants");
    assert!(material >= 50, "only {material} material variants");
    assert!(
        failures.is_empty(),
        "{} of {variants} variants failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
