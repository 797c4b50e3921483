//! Embeds the built-in policies (`policies/`) and rule docs (`rules/`) into the binary, so
//! `govlint` runs from anywhere with nothing beside it, and stamps the build with its commit
//! and the rule catalogue's digest for `govlint --version`.

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

/// The files under `root/sub` with one of `exts`, sorted (the embedding and the digest agree).
fn embedded_files(root: &Path, sub: &str, exts: &[&str]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    walk(&root.join(sub), &mut files);
    files.retain(|p| {
        p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| exts.contains(&e))
    });
    files.sort();
    files
}

fn table(name: &str, root: &Path, files: &[PathBuf]) -> String {
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

/// The rule catalogue's identity: the number of rules and a digest of every embedded file
/// (path and text), so two binaries with the same version but different rules tell apart.
/// FNV-1a 64: an identity, not a security check (the release's SHA256SUMS are that).
fn catalogue(root: &Path, files: &[PathBuf]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    let mut rules = 0;
    for f in files {
        let rel = f
            .strip_prefix(root)
            .expect("under root")
            .to_string_lossy()
            .replace('\\', "/");
        // Line endings differ by checkout (git's autocrlf on Windows), the rules do not.
        let text = std::fs::read_to_string(f)
            .expect("read embedded file")
            .replace("\r\n", "\n");
        eat(rel.as_bytes());
        eat(&[0]);
        eat(text.as_bytes());
        eat(&[0]);
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let top_level_rule = rel.starts_with("policies/")
            && rel.matches('/').count() == 1
            && name.ends_with(".rego")
            && !name.ends_with("_test.rego")
            && name.split('-').next().is_some_and(|c| {
                c.len() > 1
                    && c.chars().next().is_some_and(|ch| ch.is_ascii_uppercase())
                    && c.chars().last().is_some_and(|ch| ch.is_ascii_digit())
            });
        if top_level_rule {
            rules += 1;
        }
    }
    format!("{h:016x}, {rules} rules")
}

fn git(root: &Path, args: &[&str]) -> Option<String> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .ok()?;
    let s = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !s.is_empty()).then_some(s)
}

/// The commit this build is from: `GOVLINT_BUILD_COMMIT` when the builder says (a container
/// build has no .git), else git when the crate is the root of its own checkout, else the
/// commit `cargo package` recorded in `.cargo_vcs_info.json` (a build from the crates.io
/// tarball), else "unknown". Never fails the build.
fn commit(root: &Path) -> String {
    println!("cargo:rerun-if-env-changed=GOVLINT_BUILD_COMMIT");
    if let Some(c) = std::env::var("GOVLINT_BUILD_COMMIT")
        .ok()
        .filter(|c| !c.trim().is_empty())
    {
        return c.trim().chars().take(12).collect();
    }
    // Only our own checkout: a crate unpacked inside some other repository (a home directory
    // kept in git) must not report that repository's commit.
    let top = git(root, &["rev-parse", "--show-toplevel"]).map(PathBuf::from);
    let ours = top.as_deref().and_then(|t| t.canonicalize().ok()) == root.canonicalize().ok();
    if ours {
        if let Some(c) = git(root, &["rev-parse", "--short=12", "HEAD"]) {
            // Rebuild when HEAD moves: HEAD itself, the branch it names, or packed refs.
            for rel in ["HEAD", "packed-refs"] {
                if let Some(p) = git(root, &["rev-parse", "--git-path", rel]) {
                    println!("cargo:rerun-if-changed={}", root.join(p).display());
                }
            }
            if let Some(branch) = git(root, &["symbolic-ref", "-q", "HEAD"]) {
                if let Some(p) = git(root, &["rev-parse", "--git-path", &branch]) {
                    println!("cargo:rerun-if-changed={}", root.join(p).display());
                }
            }
            return c;
        }
    }
    let vcs = root.join(".cargo_vcs_info.json");
    if let Ok(text) = std::fs::read_to_string(&vcs) {
        // {"git": {"sha1": "…"}, …}: read without a JSON dependency in the build script.
        if let Some(sha) = text
            .split("\"sha1\"")
            .nth(1)
            .and_then(|rest| rest.split('"').nth(1))
            .filter(|s| s.len() >= 12 && s.chars().all(|c| c.is_ascii_hexdigit()))
        {
            return sha[..12].to_string();
        }
    }
    "unknown".to_string()
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("manifest dir"));
    println!("cargo:rerun-if-changed=policies");
    println!("cargo:rerun-if-changed=rules");
    // A checkout builds against the patched engine (`[patch.crates-io]` to vendor/regorus); the
    // crates.io package leaves vendor/ out and links the published regorus, which lacks the
    // hooks some of govlint's limits need (the memory budget, patch 116).
    println!("cargo:rustc-check-cfg=cfg(patched_engine)");
    println!("cargo:rerun-if-changed=vendor/regorus/PATCHES.md");
    if root.join("vendor/regorus/PATCHES.md").is_file() {
        println!("cargo:rustc-cfg=patched_engine");
    }
    let policies = embedded_files(&root, "policies", &["rego", "json"]);
    let docs = embedded_files(&root, "rules", &["md"]);
    let mut src = table("POLICIES", &root, &policies);
    src.push_str(&table("RULE_DOCS", &root, &docs));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("out dir")).join("embedded.rs");
    std::fs::write(out, src).expect("write embedded.rs");

    let all: Vec<PathBuf> = policies.into_iter().chain(docs).collect();
    println!(
        "cargo:rustc-env=GOVLINT_CATALOGUE={}",
        catalogue(&root, &all)
    );
    println!("cargo:rustc-env=GOVLINT_COMMIT={}", commit(&root));
}
