//! `dualcheck examples`.

use crate::office::util::{bin, run};

#[test]
fn examples_lists_what_the_build_ships() {
    let home = tempfile::tempdir().unwrap();
    let out = run(bin(home.path()).arg("examples"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let shipped = dualcheck::examples::list();
    if shipped.is_empty() {
        assert_eq!(out.stdout, "No examples are shipped in this build.\n");
    }
    assert!(!shipped.is_empty(), "the build ships the workshop personas");
    for e in &shipped {
        assert!(out.stdout.contains(&e.id), "{}", out.stdout);
        // Each id starts its own line with its questionnaire beside it, however long the id.
        assert!(
            out.stdout
                .lines()
                .any(|l| l == format!("{}  ({})", e.id, e.questionnaire)),
            "{}",
            out.stdout
        );
        let show = run(bin(home.path()).args(["examples", "show", &e.id]));
        assert_eq!(show.code, 0);
        assert!(show.stdout.contains("[answers]"), "{}", show.stdout);
        assert!(
            !show.stdout.contains("[expect]"),
            "no spoilers: {}",
            show.stdout
        );
        let key = run(bin(home.path()).args(["examples", "show", "--answers", &e.id]));
        assert!(key.stdout.contains("[expect]"), "{}", key.stdout);
    }
}

#[test]
fn an_unknown_example_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    let out = run(bin(home.path()).args(["examples", "show", "no-such-persona"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .starts_with("error: no example `no-such-persona`"),
        "{}",
        out.stderr
    );
}
