//! Inline mode (dialoguer prompts in the scrollback): the real binary in a pseudo-terminal, driven
//! with arrow keys, Space, Enter, Esc and Ctrl-C, and the sessions it saves compared with what
//! plain mode saves for the same answers.

mod pty;

/// dialoguer is the inline front-end's (and `config init`'s, which lives with it): no other
/// module uses it.
#[test]
fn dialoguer_is_used_only_by_the_inline_front_end() {
    fn visit(dir: &std::path::Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                visit(&path, found);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                if text.contains("dialoguer::") || text.contains("use dialoguer") {
                    found.push(path.display().to_string());
                }
            }
        }
    }
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    visit(&src, &mut found);
    let inline = src.join("inline").display().to_string();
    assert!(!found.is_empty());
    for f in &found {
        assert!(
            f.starts_with(&inline),
            "dialoguer used outside src/inline: {f}"
        );
    }
}
