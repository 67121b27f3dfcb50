//! Restricted-party screening: import of the published formats, matching, the `lists` and
//! `screen` commands, and the restricted-party finding in every report format.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dualcheck::screening::import::{self, parse};
use dualcheck::screening::matcher::Index;
use dualcheck::screening::{Format, List, THRESHOLD};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/lists")
        .join(name)
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap()
}

fn list(name: &str) -> List {
    dualcheck::screening::shell::read_list(
        &fixture(name),
        Some("2026-11-20"),
        "2026-11-21T00:00:00Z",
    )
    .unwrap()
}

fn index() -> Index {
    Index::new(vec![list("csl.csv"), list("eu.xml"), list("uk.csv")])
}

fn best(ix: &Index, q: &str) -> Option<(f64, String)> {
    ix.screen(q, None)
        .matches
        .first()
        .map(|m| (m.score, m.name.clone()))
}

#[test]
fn the_csl_csv_is_read_with_its_multi_valued_fields() {
    let p = parse(&read("csl.csv")).unwrap();
    assert_eq!(p.format, Format::CslCsv);
    assert_eq!(p.entries.len(), 10);
    let hit = &p.entries[0];
    assert_eq!(
        hit.names,
        [
            "Harbin Institute of Technology",
            "HIT",
            "Harbin Gongye Daxue"
        ]
    );
    assert_eq!(
        hit.list,
        "Entity List (EL) - Bureau of Industry and Security"
    );
    assert_eq!(hit.programmes, ["EAR"]);
    assert_eq!(hit.countries, ["CN"]);
    assert_eq!(hit.dates, ["listed 2020-06-05"]);
    assert_eq!(hit.reference, "csl:a1f0c3d2e4b5");
    // A quoted address with commas and doubled quotes stays one address.
    let elecom = p
        .entries
        .iter()
        .find(|e| e.names[0].contains("Elecom"))
        .unwrap();
    assert_eq!(elecom.addresses, ["\"Bldg. 5, Office 12\", Moscow, RU"]);
    let rosob = p
        .entries
        .iter()
        .find(|e| e.names[0].starts_with("ROSOB"))
        .unwrap();
    assert_eq!(rosob.programmes, ["UKRAINE-EO13662", "RUSSIA-EO14024"]);
    assert_eq!(rosob.kind, "entity");
    assert!(p.published.is_none(), "the CSV does not state its date");
}

#[test]
fn the_csl_json_gives_the_same_entries_and_its_date() {
    let csv = parse(&read("csl.csv")).unwrap();
    let json = parse(&read("csl.json")).unwrap();
    assert_eq!(json.format, Format::CslJson);
    assert_eq!(json.published.as_deref(), Some("2026-11-20"));
    assert_eq!(json.entries.len(), csv.entries.len());
    for (a, b) in csv.entries.iter().zip(&json.entries) {
        assert_eq!(a.names, b.names);
        assert_eq!(a.list, b.list);
        assert_eq!(a.programmes, b.programmes);
        assert_eq!(a.reference, b.reference);
    }
}

#[test]
fn the_eu_xml_is_read_with_aliases_in_other_scripts() {
    let p = parse(&read("eu.xml")).unwrap();
    assert_eq!(p.format, Format::EuXml);
    assert_eq!(p.published.as_deref(), Some("2026-11-19"));
    assert_eq!(p.entries.len(), 3);
    let s = &p.entries[0];
    assert_eq!(s.names, ["Saddam Hussein Al-Tikriti", "Abu Ali"]);
    assert_eq!(s.kind, "individual");
    assert_eq!(s.programmes, ["IRQ"]);
    assert_eq!(s.countries, ["IQ"]);
    assert_eq!(s.reference, "eu:EU.27.28");
    let k = &p.entries[1];
    assert_eq!(
        k.names,
        [
            "Joint Stock Company \"Kalashnikov Concern\"",
            "АО «Концерн Калашников»"
        ]
    );
    assert_eq!(k.kind, "entity");
    assert_eq!(
        k.addresses,
        ["3B Deryabin Street, Izhevsk, 426006, RUSSIAN FEDERATION"]
    );
    assert!(k.dates.contains(&"listed 2022-04-08".to_string()));
}

#[test]
fn the_uk_csv_groups_names_by_unique_id() {
    let p = parse(&read("uk.csv")).unwrap();
    assert_eq!(p.format, Format::UkCsv);
    assert_eq!(p.published.as_deref(), Some("2026-11-20"));
    assert_eq!(p.entries.len(), 2);
    let stc = &p.entries[0];
    assert_eq!(
        stc.names,
        [
            "SPECIAL TECHNOLOGY CENTRE",
            "ООО Специальный Технологический Центр",
            "STC"
        ]
    );
    assert_eq!(stc.reference, "uk:RUS1501");
    assert_eq!(stc.dates, ["listed 2022-05-04"]);
    assert_eq!(p.entries[1].names, ["Sergei Borisovich IVANOV"]);
    assert_eq!(p.entries[1].kind, "individual");
}

#[test]
fn the_former_ofsi_csv_is_read_too() {
    let text = "Last Updated,03/06/2026\nName 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,Country,Group Type,Alias Type,Regime,Listed On,Group ID\n\
                DOE,John,,,,,,Russia,Individual,Primary name,Russia,01/03/2022,500\nDOE,Johnny,,,,,,Russia,Individual,AKA,Russia,01/03/2022,500\n";
    let p = parse(text.as_bytes()).unwrap();
    assert_eq!(p.format, Format::OfsiCsv);
    assert_eq!(p.published.as_deref(), Some("2026-06-03"));
    assert_eq!(p.entries.len(), 1);
    assert_eq!(p.entries[0].names, ["John DOE", "Johnny DOE"]);
}

#[test]
fn malformed_and_truncated_files_name_the_place() {
    let e = parse(&read("csl-truncated.csv")).unwrap_err();
    assert_eq!(e.place, "line 5");
    assert!(e.message.contains("truncated"), "{e:?}");
    let e = parse(&read("csl-truncated.json")).unwrap_err();
    assert!(e.place.starts_with("line "), "{e:?}");
    assert!(e.message.contains("truncated"), "{e:?}");
    let e = parse(&read("eu-truncated.xml")).unwrap_err();
    assert!(e.place.starts_with("line "), "{e:?}");
    // Closed at a tag boundary: the open elements are named.
    let xml = String::from_utf8(read("eu.xml")).unwrap();
    let cut = &xml[..xml.find("</sanctionEntity>").unwrap()];
    let e = parse(cut.as_bytes()).unwrap_err();
    assert!(e.message.contains("ends inside <sanctionEntity>"), "{e:?}");
    let e = parse(
        xml.replace("http://eu.europa.ec/fpi/fsd/export", "urn:other")
            .as_bytes(),
    )
    .unwrap_err();
    assert!(e.message.contains("namespace"), "{e:?}");
    let e = parse(b"<html><body>Service unavailable</body></html>").unwrap_err();
    assert!(e.message.contains("<html>"), "{e:?}");
    assert!(parse(b"").is_err());
    assert!(
        parse(b"name,age\nBob,3\n")
            .unwrap_err()
            .message
            .contains("not a list format")
    );
    assert!(parse(&[0xff, 0xfe, b'a', b'\n']).is_err());
    // A row without a name.
    let csv = String::from_utf8(read("csl.csv"))
        .unwrap()
        .replace("Harbin Engineering University", "");
    assert_eq!(parse(csv.as_bytes()).unwrap_err().place, "line 3");
}

#[test]
fn hostile_input_is_bounded() {
    // Deep nesting is refused, not recursed into.
    let deep = format!("<export>{}", "<a>".repeat(1000));
    assert!(
        parse(deep.as_bytes())
            .unwrap_err()
            .message
            .contains("64 deep")
    );
    // Very long names are cut; very long queries are bounded.
    let long = "x".repeat(100_000);
    let csv = format!(
        "_id,source,name,alt_names\n1,Entity List,{long},{}\n",
        "a;".repeat(10_000)
    );
    let p = parse(csv.as_bytes()).unwrap();
    assert_eq!(p.entries[0].names[0].len(), import::MAX_FIELD_CHARS);
    assert!(p.entries[0].names.len() <= import::MAX_NAMES_PER_ENTRY);
    let ix = index();
    assert!(ix.screen(&"harbin ".repeat(50_000), None).matches.len() <= 20);
}

#[test]
fn exact_names_aliases_and_abbreviations_match() {
    let ix = index();
    assert!((best(&ix, "Harbin Institute of Technology").unwrap().0 - 1.0).abs() < 1e-9);
    let o = ix.screen("BUAA", None);
    assert_eq!(
        o.matches[0].name,
        "Beijing University of Aeronautics and Astronautics"
    );
    assert_eq!(o.matches[0].matched_alias, "BUAA");
    assert!(o.matches[0].why.iter().any(|w| w.contains("alias")));
    assert_eq!(
        best(&ix, "Beihang Univ.").unwrap().1,
        "Beijing University of Aeronautics and Astronautics"
    );
    assert_eq!(
        best(&ix, "Moscow Inst. of Physics & Tech.").unwrap().1,
        "Moscow Institute of Physics and Technology"
    );
    assert_eq!(
        best(&ix, "Rosoboroneksport").unwrap().1,
        "ROSOBORONEKSPORT OAO"
    );
    // An acronym no list gives: computed from the name.
    assert_eq!(best(&ix, "HIOT"), None);
    let m = &ix.screen("MIPT", None).matches[0];
    assert_eq!(m.name, "Moscow Institute of Physics and Technology");
}

#[test]
fn word_order_legal_forms_and_spelling_do_not_hide_a_match() {
    let ix = index();
    let o = ix.screen("Technology Institute Harbin Co., Ltd.", None);
    assert_eq!(o.matches[0].name, "Harbin Institute of Technology");
    assert!(o.matches[0].why.iter().any(|w| w.contains("another order")));
    assert!(
        o.matches[0]
            .why
            .iter()
            .any(|w| w.contains("legal-form words ignored: co, ltd"))
    );
    assert!((best(&ix, "Huawei Technologies GmbH").unwrap().0 - 1.0).abs() < 1e-9);
    assert_eq!(
        best(&ix, "Kalashnikov Concern JSC").unwrap().1,
        "Joint Stock Company \"Kalashnikov Concern\""
    );
    assert_eq!(
        best(&ix, "OOO Elekom").unwrap().1,
        "Limited Liability Company Elecom"
    );
    let m = &ix.screen("Hauwei Technologies", None).matches[0];
    assert!(m.score >= THRESHOLD && m.score < 1.0);
    assert!(m.why.iter().any(|w| w.contains("spelt close")));
    assert_eq!(
        best(&ix, "Special Technology Center").unwrap().1,
        "SPECIAL TECHNOLOGY CENTRE"
    );
}

#[test]
fn names_in_other_scripts_are_transliterated() {
    let ix = index();
    assert_eq!(
        best(&ix, "Путин Владимир Владимирович").unwrap().1,
        "PUTIN, Vladimir Vladimirovich"
    );
    let m = &ix.screen("Концерн Калашников", None).matches[0];
    assert_eq!(m.matched_alias, "АО «Концерн Калашников»");
    let m = &ix.screen("صدام حسين التكريتي", None).matches[0];
    assert_eq!(m.name, "Saddam Hussein Al-Tikriti");
    assert!(m.why.iter().any(|w| w.contains("Arabic")));
    assert!((best(&ix, "Αθηναϊκή Ναυτιλιακή Εταιρεία").unwrap().0 - 1.0).abs() < 1e-9);
    assert!(best(&ix, "Athinaiki Naftiliaki").is_some());
    // Chinese characters are matched on the published romanisation.
    assert_eq!(
        best(&ix, "哈尔滨工业大学").unwrap().1,
        "Harbin Institute of Technology"
    );
}

#[test]
fn near_misses_do_not_match() {
    let ix = index();
    for q in [
        "Harbin Medical University",
        "Harbin University",
        "Harbin Normal University",
        "Beijing University of Posts and Telecommunications",
        "Peking University",
        "Beijing Institute of Technology",
        "Tehran University",
        "University of Tehran",
        "Moscow State University",
        "Huawai Cloud Computing Technologies Co., Ltd. Ireland",
        "Vladimir Ivanov",
        "Example Widgets GmbH",
        "Technical University of Munich",
    ] {
        let o = ix.screen(q, None);
        assert!(
            o.matches.is_empty(),
            "{q}: {:?}",
            o.matches.first().map(|m| (&m.name, m.score))
        );
    }
}

#[test]
fn the_country_lowers_a_match_elsewhere() {
    let ix = index();
    let here = &ix.screen("Hauwei Technologies", Some("CN")).matches[0];
    assert!(
        here.why
            .iter()
            .any(|w| w.contains("listed with country CN"))
    );
    let elsewhere = ix.screen("Hauwei Technologies", Some("DE"));
    assert!(elsewhere.matches.is_empty() || elsewhere.matches[0].score < here.score);
}

fn bin(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dualcheck"))
        .args(args)
        .env("DUALCHECK_DATA_DIR", dir)
        .env_remove("DUALCHECK_CONFIG")
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("HOME", dir)
        .env("SOURCE_DATE_EPOCH", "1796000000")
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

fn f(name: &str) -> String {
    fixture(name).display().to_string()
}

#[test]
fn import_status_remove_and_nothing_half_imported() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = bin(d, &["screen", "Huawei"]);
    assert_eq!(out.status.code(), Some(2), "no lists: a usage error");
    // A bad file among good ones: nothing is imported.
    let out = bin(
        d,
        &["lists", "import", &f("csl.json"), &f("eu-truncated.xml")],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("eu-truncated.xml: line"), "{err}");
    assert!(err.contains("Nothing was imported"));
    assert!(!d.join("lists/index.json").exists());
    // Not a regular file.
    let out = bin(d, &["lists", "import", &d.display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a regular file"));
    let out = bin(
        d,
        &["lists", "import", "--date", "20-11-2026", &f("csl.csv")],
    );
    assert_eq!(out.status.code(), Some(2));

    let out = bin(
        d,
        &[
            "lists",
            "import",
            &f("csl.json"),
            &f("eu.xml"),
            &f("uk.csv"),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&d.join("lists")), 0o700);
        assert_eq!(mode(&d.join("lists/index.json")), 0o600);
    }
    let status = String::from_utf8(bin(d, &["lists", "status"]).stdout).unwrap();
    assert!(
        status.contains("us-csl  US Consolidated Screening List: 10 entries, published 2026-11-20"),
        "{status}"
    );
    assert!(status.contains("stated in the file"));
    assert!(status.contains("eu-fsf"));
    assert!(status.contains("uk "));
    // The CSV replaces the JSON import of the same list.
    let out = bin(
        d,
        &["lists", "import", "--date", "2026-11-21", &f("csl.csv")],
    );
    assert_eq!(out.status.code(), Some(0));
    let status = String::from_utf8(bin(d, &["lists", "status"]).stdout).unwrap();
    assert_eq!(status.matches("us-csl").count(), 1);
    assert!(
        status.contains("published 2026-11-21, 9 days old (given with --date)"),
        "{status}"
    );

    assert_eq!(bin(d, &["lists", "remove", "nope"]).status.code(), Some(2));
    assert_eq!(bin(d, &["lists", "remove"]).status.code(), Some(2));
    assert_eq!(bin(d, &["lists", "remove", "uk"]).status.code(), Some(0));
    let status = String::from_utf8(bin(d, &["lists", "status"]).stdout).unwrap();
    assert!(!status.contains("uk "));
    assert_eq!(bin(d, &["lists", "remove", "--all"]).status.code(), Some(0));
    assert!(
        String::from_utf8(bin(d, &["lists", "status"]).stdout)
            .unwrap()
            .contains("No lists are imported")
    );

    // A damaged index is an error, not a panic.
    std::fs::write(
        d.join("lists/index.json"),
        "{\"schema\": \"dualcheck.lists/1\", \"lists\": [",
    )
    .unwrap();
    let out = bin(d, &["lists", "status"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("damaged"));
}

#[test]
fn screen_exit_codes_and_formats() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(
        bin(d, &["lists", "import", &f("csl.json")])
            .status
            .success()
    );
    let out = bin(d, &["screen", "Example Widgets GmbH"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("no possible match. This is not a clearance."),
        "{text}"
    );
    assert!(text.contains("US Consolidated Screening List of 2026-11-20"));

    let out = bin(
        d,
        &[
            "screen",
            "Example Widgets GmbH",
            "Technology Institute of Harbin",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    for want in [
        "1.00  Harbin Institute of Technology",
        "list: Entity List (EL) - Bureau of Industry and Security",
        "programme: EAR",
        "reference: csl:a1f0c3d2e4b5",
        "why: 3 of 3 words the same; the words are in another order",
    ] {
        assert!(text.contains(want), "{want}\n{text}");
    }
    let out = bin(d, &["screen", "--format", "json", "BUAA"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema"], "dualcheck.screening/1");
    assert_eq!(v["results"][0]["matches"][0]["matched_alias"], "BUAA");
    assert_eq!(v["results"][0]["matches"][0]["published"], "2026-11-20");
    assert_eq!(
        bin(d, &["screen", "x", "--country", "Germany"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(bin(d, &["screen", " "]).status.code(), Some(2));
    assert_eq!(bin(d, &["screen"]).status.code(), Some(2));
}

#[test]
fn a_partner_on_the_entity_list_is_a_restricted_party_finding_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let answers = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/answers/partner-on-entity-list.toml");
    let answers = answers.display().to_string();
    // Without lists: not screened, and the step remains.
    let out = bin(d, &["assess", "--answers", &answers, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v.get("screening").is_none());
    assert!(v["findings"].as_array().unwrap().iter().any(
        |f| f["rule"] == "partners-not-screened" || f["rule"] == "partners-not-screened-risky"
    ));

    assert!(
        bin(d, &["lists", "import", &f("csl.json")])
            .status
            .success()
    );
    let out = bin(d, &["assess", "--answers", &answers, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = v["findings"].as_array().unwrap();
    let rp: Vec<_> = findings
        .iter()
        .filter(|f| f["code"] == "restricted-party")
        .collect();
    assert_eq!(rp.len(), 1);
    assert_eq!(rp[0]["tier"], "check-needed");
    assert!(
        rp[0]["title"]
            .as_str()
            .unwrap()
            .contains("Harbin Institute of Technology")
    );
    assert!(rp[0]["title"].as_str().unwrap().contains("2026-11-20"));
    assert_eq!(rp[0]["triggered_by"][0]["question"], "partner_names");
    assert!(
        !findings
            .iter()
            .any(|f| f["rule"] == "partners-not-screened"
                || f["rule"] == "partners-not-screened-risky"),
        "the step is done"
    );
    assert_eq!(v["screening"]["possible_matches"], 1);
    for format in ["markdown", "html", "text"] {
        let out = bin(d, &["assess", "--answers", &answers, "--format", format]);
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("Possible restricted-party match"), "{format}");
        assert!(text.contains("Harbin Institute of Technology"), "{format}");
        assert!(
            text.contains("US Consolidated Screening List of 2026-11-20"),
            "{format}"
        );
        assert!(text.contains("restricted-party"), "{format}");
    }
}

#[test]
fn no_possible_match_is_recorded_never_as_a_clearance_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let answers = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/answers/partner-not-listed.toml");
    let answers = answers.display().to_string();
    assert!(
        bin(d, &["lists", "import", &f("csl.json"), &f("eu.xml")])
            .status
            .success()
    );
    for format in ["json", "markdown", "html", "text"] {
        let out = bin(d, &["assess", "--answers", &answers, "--format", format]);
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("against EU consolidated list of financial sanctions of 2026-11-19; US Consolidated Screening List of 2026-11-20: no possible match. This is not a clearance"),
            "{format}\n{text}"
        );
        assert!(
            !text.contains("Possible restricted-party match"),
            "{format}"
        );
    }
}

/// The labelled fixture set of `docs/screening.md`: names that must match and near misses that
/// must not. The rates in the docs are these counts.
pub const MUST_MATCH: &[&str] = &[
    "Harbin Institute of Technology",
    "BUAA",
    "Beihang Univ.",
    "Moscow Inst. of Physics & Tech.",
    "Rosoboroneksport",
    "MIPT",
    "Technology Institute Harbin Co., Ltd.",
    "Huawei Technologies GmbH",
    "Kalashnikov Concern JSC",
    "OOO Elekom",
    "Hauwei Technologies",
    "Special Technology Center",
    "Путин Владимир Владимирович",
    "Концерн Калашников",
    "صدام حسين التكريتي",
    "Αθηναϊκή Ναυτιλιακή Εταιρεία",
    "Athinaiki Naftiliaki",
    "哈尔滨工业大学",
    "Huawei",
    "Vladimir Putin",
    "Harbin Engineering Univ",
    "Tehran Univ. of Medical Sciences",
    "Rosoboronexport OAO",
    "ACME Precision Tooling Inc",
    "Sergei Ivanov",
];
pub const MUST_NOT_MATCH: &[&str] = &[
    "Harbin Medical University",
    "Harbin University",
    "Harbin Normal University",
    "Beijing University of Posts and Telecommunications",
    "Peking University",
    "Beijing Institute of Technology",
    "Tehran University",
    "University of Tehran",
    "Moscow State University",
    "Huawai Cloud Computing Technologies Co., Ltd. Ireland",
    "Vladimir Ivanov",
    "Example Widgets GmbH",
    "Technical University of Munich",
    "Moscow Institute of Steel and Alloys",
    "Harbin Institute of Physics",
    "Special Technology Group",
    "ACME Corporation",
    "Beijing Aeronautical Manufacturing Technology Research Institute",
    "Kalashnikov Vodka Ltd",
];

#[test]
fn the_fixture_set_gives_the_rates_in_the_docs() {
    let ix = index();
    let misses: Vec<&str> = MUST_MATCH
        .iter()
        .copied()
        .filter(|q| ix.screen(q, None).matches.is_empty())
        .collect();
    let false_hits: Vec<&str> = MUST_NOT_MATCH
        .iter()
        .copied()
        .filter(|q| !ix.screen(q, None).matches.is_empty())
        .collect();
    assert_eq!((MUST_MATCH.len(), MUST_NOT_MATCH.len()), (25, 19));
    assert_eq!(misses, Vec::<&str>::new(), "false negatives");
    assert_eq!(false_hits, Vec::<&str>::new(), "false positives");
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screening.md"))
            .unwrap();
    assert!(
        docs.contains("0 of 25"),
        "docs/screening.md states the false-negative rate"
    );
    assert!(
        docs.contains("0 of 19"),
        "docs/screening.md states the false-positive rate"
    );
}
