//! Unit tests of the configuration: parsing, validation with positions, and the template.

use std::path::Path;

use super::*;

fn check(text: &str) -> (Option<Config>, Vec<Diagnostic>, Sources) {
    let mut sources = Sources::default();
    let f = sources.add("config.toml", text.to_string());
    let (c, d) = parse(&sources, f, Path::new("."));
    (c, d, sources)
}

#[test]
fn an_empty_file_gives_the_defaults() {
    let (c, d, _) = check("");
    assert!(d.is_empty());
    let c = c.unwrap();
    assert_eq!(c.theme, Theme::Default);
    assert_eq!(c.contact(), None);
}

#[test]
fn the_template_is_valid_commented_and_uncommented() {
    let (c, d, _) = check(TEMPLATE);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(c.unwrap().contact(), None);

    let uncommented: String = TEMPLATE
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(rest)
                if rest.starts_with("[[")
                    || rest
                        .split_once(" = ")
                        .is_some_and(|(k, _)| !k.contains(' ')) =>
            {
                rest.replace("[\"questionnaires\"]", "[]")
            }
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let (c, d, _) = check(&uncommented);
    assert!(d.is_empty(), "{d:?}\n{uncommented}");
    let c = c.unwrap();
    assert_eq!(c.institution, "Example University");
    let contact = c.contact().unwrap();
    assert_eq!(contact.email, "export-control@example.org");
    assert_eq!(contact.institution, "Example University");
}

#[test]
fn the_first_contact_is_the_primary_one() {
    let (c, d, _) = check(
        "institution = \"Uni\"\ntheme = \"high-contrast\"\n\
         [[contact]]\nname = \"A\"\n[[contact]]\nemail = \"b@example.org\"\n",
    );
    assert!(d.is_empty(), "{d:?}");
    let c = c.unwrap();
    assert_eq!(c.contacts.len(), 2);
    assert_eq!(c.contact().unwrap().name, "A");
    assert_eq!(c.theme, Theme::HighContrast);
}

#[test]
fn unknown_fields_point_at_the_key_with_a_suggestion() {
    let (c, d, s) = check("instituion = \"Uni\"\n");
    assert!(c.is_none());
    assert_eq!(d[0].kind, "unknown-field");
    let text = s.render(&d[0]);
    assert!(text.contains("--> config.toml:1:1"), "{text}");
    assert!(text.contains("did you mean `institution`?"), "{text}");

    let (_, d, s) = check("[[contact]]\nname = \"A\"\ntheme = \"default\"\n");
    let text = s.render(&d[0]);
    assert!(text.contains("config.toml:3:1"), "{text}");
    assert!(
        text.contains("move it above the first [[contact]]"),
        "{text}"
    );

    let (_, d, s) = check("[[contact]]\nnmae = \"A\"\n");
    let text = s.render(&d[0]);
    assert!(text.contains("config.toml:2:1"), "{text}");
    assert!(text.contains("did you mean `name`?"), "{text}");
}

#[test]
fn every_semantic_problem_is_reported_at_its_value() {
    let (c, d, s) = check(
        "theme = \"high-contrats\"\ndefault_jurisdiction = \"EU DE\"\n\
         extra_questionnaire_dirs = [\"/no/such/dir\"]\n\
         [[contact]]\nname = \"A\"\nemail = \"not-an-email\"\n[[contact]]\nphone = \"1\"\n",
    );
    assert!(c.is_none());
    let kinds: Vec<&str> = d.iter().map(|d| d.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "invalid-email",
            "incomplete-contact",
            "unused-setting",
            "invalid-value",
            "missing-dir"
        ]
    );
    let all = s.render_all(&d);
    assert!(all.contains("config.toml:6:9"), "{all}");
    assert!(all.contains("did you mean \"high-contrast\"?"), "{all}");
    assert!(all.contains("config.toml:3:29"), "{all}");
    assert!(all.contains("3 errors, 2 warnings"), "{all}");
}

#[test]
fn a_missing_directory_is_only_a_warning() {
    let (c, d, _) = check("extra_questionnaire_dirs = [\"nope\"]\n");
    assert!(c.is_some());
    assert_eq!(d.len(), 1);
    assert!(!d[0].is_error());
}

#[test]
fn syntax_errors_have_a_position() {
    let (_, d, s) = check("institution = \"Uni\nx = 1\n");
    assert_eq!(d[0].kind, "toml");
    assert!(s.render(&d[0]).contains("config.toml:1:"));
}

#[test]
fn email_shapes() {
    for ok in ["a@b.org", "first.last+tag@sub.example.ac.uk"] {
        assert!(is_email_shaped(ok), "{ok}");
    }
    for bad in [
        "",
        "a",
        "a@b",
        "@b.org",
        "a@@b.org",
        "a b@c.org",
        "a@.org",
        "a@b..org",
    ] {
        assert!(!is_email_shaped(bad), "{bad}");
    }
}

#[test]
fn the_default_front_end_is_read_and_checked() {
    let (c, d, _) = check("ui = \"inline\"\n");
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(c.unwrap().ui, Some(super::Ui::Inline));
    let (c, _, _) = check("");
    assert_eq!(c.unwrap().ui, None);
    let (c, d, s) = check("ui = \"inlne\"\n");
    assert!(c.is_none());
    let all = s.render_all(&d);
    assert!(all.contains("unknown front-end \"inlne\""), "{all}");
    assert!(all.contains("did you mean \"inline\"?"), "{all}");
    assert!(all.contains("config.toml:1:6"), "{all}");
}
