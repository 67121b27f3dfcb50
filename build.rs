//! Embeds the shipped questionnaire packs and example answers files in the binary, so `dualcheck`
//! runs anywhere with no files beside it, and each shipped pack once more in prepared form:
//! loaded and validated here, by the core crate, so a check starts without re-reading its TOML.
//! A pack with errors is not prepared; the program then loads it from its TOML at run time and
//! shows the errors as it would for any pack.

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

/// Loads every pack directory under `root` with the core's loader and writes the valid ones in
/// prepared form beside the generated code.
fn prepare(root: &str, out: &mut String, out_dir: &Path) {
    let _ = writeln!(
        out,
        "/// (group, [id, title, version, legal data date], prepared form)\n\
         pub static EMBEDDED_PREPARED: &[(&str, [&str; 4], &str)] = &["
    );
    let mut dirs: Vec<_> = fs::read_dir(root)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    for dir in dirs {
        let mut files: Vec<_> = fs::read_dir(&dir)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        let mut sources = dualcheck_core::diag::Sources::default();
        let ids: Vec<usize> = files
            .iter()
            .filter(|f| f.extension().and_then(|e| e.to_str()) == Some("toml"))
            .map(|f| {
                let rel = f.to_string_lossy().replace('\\', "/");
                sources.add(rel, fs::read_to_string(f).unwrap_or_default())
            })
            .collect();
        let loaded = dualcheck_core::questionnaire::load::load(
            &sources,
            &ids,
            dualcheck_core::questionnaire::model::EMBEDDED_ORIGIN,
        );
        let Some(q) = loaded.questionnaire.filter(|q| q.meta.extends.is_none()) else {
            continue;
        };
        let group = dir.file_name().unwrap().to_string_lossy().into_owned();
        let dest = out_dir.join(format!("prepared-{group}.json"));
        fs::write(&dest, dualcheck_core::questionnaire::prepared::write(&q)).unwrap();
        let m = &q.meta;
        let _ = writeln!(
            out,
            "    ({group:?}, [{:?}, {:?}, {:?}, {:?}], include_str!({:?})),",
            m.id,
            m.title,
            m.version,
            m.legal_data_as_of,
            dest.display().to_string()
        );
    }
    out.push_str("];\n");
}

fn main() {
    let mut out = String::new();
    collect("questionnaires", &mut out, "EMBEDDED_PACKS", true);
    collect("examples/personas", &mut out, "EMBEDDED_EXAMPLES", false);
    let out_dir = env::var("OUT_DIR").unwrap();
    prepare("questionnaires", &mut out, Path::new(&out_dir));
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("embedded.rs");
    fs::write(dest, out).unwrap();
}
