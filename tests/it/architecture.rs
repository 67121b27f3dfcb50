//! The layering of `docs/architecture.md`, checked on the source: no module outside `cli`
//! imports `cli`, no front-end imports another, and neither crate has an import cycle between
//! its top-level modules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level module -> the top-level modules its files name as `crate::...`.
fn imports(root: &Path) -> BTreeMap<String, BTreeSet<String>> {
    fn visit(dir: &Path, root: &Path, out: &mut BTreeMap<String, BTreeSet<String>>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                visit(&path, root, out);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let top = rel
                .split('/')
                .next()
                .unwrap()
                .trim_end_matches(".rs")
                .to_string();
            let text = std::fs::read_to_string(&path).unwrap();
            let code: String = text
                .lines()
                .map(|l| l.split("//").next().unwrap_or(""))
                .collect::<Vec<_>>()
                .join("\n");
            let mut named = BTreeSet::new();
            for (at, _) in code.match_indices("crate::") {
                let rest = &code[at + "crate::".len()..];
                if let Some(group) = rest.strip_prefix('{') {
                    let group = &group[..group.find('}').unwrap_or(group.len())];
                    for item in group.split(',') {
                        let word: String = item
                            .trim()
                            .chars()
                            .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                            .collect();
                        named.insert(word);
                    }
                } else {
                    let word: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                        .collect();
                    named.insert(word);
                }
            }
            named.remove(&top);
            named.remove("");
            out.entry(top).or_default().extend(named);
        }
    }
    let mut out = BTreeMap::new();
    visit(root, root, &mut out);
    out
}

fn cycles(deps: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let reaches = |from: &str| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_string()];
        while let Some(m) = stack.pop() {
            for d in deps.get(&m).into_iter().flatten() {
                if seen.insert(d.clone()) {
                    stack.push(d.clone());
                }
            }
        }
        seen
    };
    deps.keys()
        .filter(|m| reaches(m).contains(*m))
        .cloned()
        .collect()
}

#[test]
fn the_modules_are_layered_without_cycles() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shell = imports(&root.join("src"));
    let core = imports(&root.join("crates/core/src"));
    assert!(
        shell.len() > 10 && core.len() > 8,
        "the walk found the modules"
    );
    assert_eq!(cycles(&shell), Vec::<String>::new(), "{shell:#?}");
    assert_eq!(cycles(&core), Vec::<String>::new(), "{core:#?}");
    for (module, named) in &shell {
        if module != "cli" && module != "main" {
            assert!(!named.contains("cli"), "`{module}` imports `cli`");
        }
    }
    let front_ends = ["tui", "plain", "inline"];
    for a in front_ends {
        for b in front_ends {
            assert!(
                a == b || !shell[a].contains(b),
                "the front-end `{a}` imports `{b}`"
            );
        }
    }
}
