//! Embeds the shipped questionnaire packs and example answers files in the binary, so `dualcheck`
//! runs anywhere with no files beside it.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn collect(root: &str, out: &mut String, name: &str, nested: bool) {
    println!("cargo:rerun-if-changed={root}");
    let _ = writeln!(out, "pub static {name}: &[(&str, &str, &str)] = &[");
    let mut dirs: Vec<_> = fs::read_dir(root)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    dirs.sort();
    for dir in dirs {
        let (group, files): (String, Vec<_>) = if nested {
            if !dir.is_dir() {
                continue;
            }
            let mut files: Vec<_> = fs::read_dir(&dir)
                .map(|d| d.flatten().map(|e| e.path()).collect())
                .unwrap_or_default();
            files.sort();
            (
                dir.file_name().unwrap().to_string_lossy().into_owned(),
                files,
            )
        } else {
            (String::new(), vec![dir])
        };
        for file in files {
            if file.extension().and_then(|e| e.to_str()) != Some("toml") {
                continue;
            }
            println!("cargo:rerun-if-changed={}", file.display());
            let abs = fs::canonicalize(&file).unwrap();
            let rel = file.to_string_lossy().replace('\\', "/");
            let _ = writeln!(
                out,
                "    ({group:?}, {rel:?}, include_str!({:?})),",
                abs.display().to_string()
            );
        }
    }
    out.push_str("];\n");
}

fn main() {
    let mut out = String::new();
    collect("questionnaires", &mut out, "EMBEDDED_PACKS", true);
    collect("examples/personas", &mut out, "EMBEDDED_EXAMPLES", false);
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("embedded.rs");
    fs::write(dest, out).unwrap();
}
