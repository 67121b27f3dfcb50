//! Privacy: no network crate may enter the dependency tree, and what the program writes for a user
//! is readable by that user only.

use std::process::Command;

/// Crates that exist to talk to a network. None of them may be a dependency.
const NETWORK_CRATES: &[&str] = &[
    "reqwest",
    "hyper",
    "hyper-util",
    "ureq",
    "curl",
    "curl-sys",
    "isahc",
    "surf",
    "attohttpc",
    "rustls",
    "native-tls",
    "openssl",
    "openssl-sys",
    "h2",
    "h3",
    "quinn",
    "tungstenite",
    "tokio-tungstenite",
    "websocket",
    "hickory-resolver",
    "trust-dns-resolver",
    "socket2",
    "async-std",
    "smol",
    "tiny_http",
    "axum",
    "actix-web",
    "warp",
    "libp2p",
];

#[test]
fn no_network_crate_in_the_dependency_tree() {
    let out = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let packages = meta["packages"].as_array().unwrap();
    let name_of = |id: &str| {
        packages
            .iter()
            .find(|p| p["id"] == id)
            .and_then(|p| p["name"].as_str())
            .unwrap_or("")
            .to_string()
    };
    // The resolved graph holds only what is actually compiled in (all targets, dev included).
    let nodes = meta["resolve"]["nodes"].as_array().unwrap();
    let mut resolved = Vec::new();
    for node in nodes {
        let name = name_of(node["id"].as_str().unwrap());
        // mio's `net` feature is on because crossterm's signal handling uses a Unix-domain socket
        // pair as a self-pipe; it opens no network connection.
        assert!(
            !NETWORK_CRATES.contains(&name.as_str()),
            "network crate `{name}` is in the dependency tree"
        );
        resolved.push(name);
    }
    assert!(
        resolved.iter().any(|n| n == "dualcheck"),
        "the check read the real graph"
    );
    assert!(resolved.len() > 20);
}

/// The licences `deny.toml` allows; every crate compiled in must offer one of them.
const ALLOWED_LICENCES: &[&str] = &[
    "MIT",
    "Apache-2.0",
    "Apache-2.0 WITH LLVM-exception",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "ISC",
    "Zlib",
    "Unicode-3.0",
    "Unicode-DFS-2016",
    "MPL-2.0",
    "Unlicense",
    "BSL-1.0",
    "CC0-1.0",
];

/// Whether an SPDX expression (as crates write them) is satisfied by the allow-list.
fn licence_ok(expr: &str) -> bool {
    let expr = expr.replace(['(', ')'], "");
    // `/` is the old spelling of OR.
    expr.split(" OR ")
        .flat_map(|a| a.split('/'))
        .any(|alternative| {
            alternative
                .split(" AND ")
                .all(|part| ALLOWED_LICENCES.contains(&part.trim()))
        })
}

#[test]
fn every_dependency_has_an_allowed_licence() {
    assert!(licence_ok("MIT OR Apache-2.0"));
    assert!(licence_ok("(MIT OR Apache-2.0) AND Unicode-3.0"));
    assert!(!licence_ok("GPL-3.0"));
    assert!(!licence_ok("MIT AND GPL-3.0"));
    let out = Command::new(env!("CARGO"))
        .args([
            "tree",
            "--locked",
            "-e",
            "normal,build,dev",
            "--prefix",
            "none",
            "-f",
            "{p}|{l}",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let mut checked = 0;
    for line in text.lines().filter(|l| !l.starts_with("dualcheck ")) {
        // Repeated packages end with " (*)".
        let line = line.trim_end_matches(" (*)");
        let Some((package, licence)) = line.split_once('|') else {
            continue;
        };
        assert!(!licence.is_empty(), "{package} declares no licence");
        assert!(
            licence_ok(licence),
            "{package} has licence `{licence}`, not in deny.toml's allow-list"
        );
        checked += 1;
    }
    assert!(checked > 20, "only {checked} crates checked");
}
