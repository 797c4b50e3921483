//! Embeds the built-in policies (`policies/`) and rule docs (`rules/`) into the binary, so
//! `govlint` runs from anywhere with nothing beside it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn table(name: &str, root: &Path, sub: &str, exts: &[&str]) -> String {
    let mut files = Vec::new();
    walk(&root.join(sub), &mut files);
    files.retain(|p| {
        p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| exts.contains(&e))
    });
    files.sort();
    let mut s = format!("pub static {name}: &[(&str, &str)] = &[\n");
    for f in files {
        let rel = f
            .strip_prefix(root)
            .expect("under root")
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            s,
            "    ({rel:?}, include_str!({:?})),",
            f.display().to_string()
        )
        .expect("write");
    }
    s.push_str("];\n");
    s
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("manifest dir"));
    println!("cargo:rerun-if-changed=policies");
    println!("cargo:rerun-if-changed=rules");
    let mut src = table("POLICIES", &root, "policies", &["rego", "json"]);
    src.push_str(&table("RULE_DOCS", &root, "rules", &["md"]));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("out dir")).join("embedded.rs");
    std::fs::write(out, src).expect("write embedded.rs");
}
