//! The GitHub Action's installer (`scripts/action-install.sh`) against a fake release served
//! over HTTP on 127.0.0.1: it picks the archive of the runner's platform, verifies it against
//! SHA256SUMS, refuses a tampered or mislabelled archive, and falls back to building from
//! source when the ref is no release or the release does not exist.
//!
//! Unix only: on Windows, `bash` on PATH may be WSL's rather than Git Bash (which GitHub's
//! `shell: bash` uses), so the script is exercised there by the Action itself; the Windows
//! archive (zip, govlint.exe) is chosen and unpacked here through `GOVLINT_PLATFORM`.
#![cfg(unix)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};

const VERSION: &str = env!("CARGO_PKG_VERSION");

const PLATFORMS: &[(&str, &str, &str)] = &[
    ("Linux-X64", "x86_64-unknown-linux-musl", "tar.gz"),
    ("Linux-ARM64", "aarch64-unknown-linux-musl", "tar.gz"),
    ("macOS-X64", "x86_64-apple-darwin", "tar.gz"),
    ("macOS-ARM64", "aarch64-apple-darwin", "tar.gz"),
    ("Windows-X64", "x86_64-pc-windows-msvc", "zip"),
];

/// A release server: path → body; every requested path is recorded.
struct Server {
    base: String,
    files: Arc<Mutex<HashMap<String, Vec<u8>>>>,
    requests: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let files: Arc<Mutex<HashMap<String, Vec<u8>>>> = Arc::default();
        let requests: Arc<Mutex<Vec<String>>> = Arc::default();
        let (f, r) = (files.clone(), requests.clone());
        // Serves until the test process ends; one request per connection.
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(mut conn) = conn else { continue };
                let mut reader = BufReader::new(conn.try_clone().expect("clone stream"));
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    continue;
                }
                // Drain the headers.
                let mut h = String::new();
                while reader.read_line(&mut h).is_ok_and(|n| n > 2) {
                    h.clear();
                }
                let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
                r.lock().expect("lock").push(path.clone());
                let body = f.lock().expect("lock").get(&path).cloned();
                let head = match &body {
                    Some(b) => format!(
                        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        b.len()
                    ),
                    None => "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nNot Found"
                        .to_string(),
                };
                let _ = conn.write_all(head.as_bytes());
                if let Some(b) = body {
                    let _ = conn.write_all(&b);
                }
                let _ = conn.flush();
                let mut rest = Vec::new();
                let _ = conn.shutdown(std::net::Shutdown::Write);
                let _ = conn.read_to_end(&mut rest);
            }
        });
        Server {
            base,
            files,
            requests,
        }
    }

    fn put(&self, path: &str, body: Vec<u8>) {
        self.files
            .lock()
            .expect("lock")
            .insert(path.to_string(), body);
    }

    fn requests(&self) -> Vec<String> {
        self.requests.lock().expect("lock").clone()
    }
}

fn run(cmd: &mut Command) {
    let out = cmd.output().expect("tool runs");
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// An archive as release.yml packs it: `govlint-vV-TARGET/` holding the binary and README.
/// The fake binary prints `version` and names its target, so the test sees which one landed.
fn archive(work: &Path, target: &str, ext: &str, version: &str) -> Vec<u8> {
    let name = format!("govlint-v{VERSION}-{target}");
    let dir = work.join(format!("pack-{target}-{version}"));
    let inner = dir.join(&name);
    std::fs::create_dir_all(&inner).expect("mkdir");
    let exe = if ext == "zip" {
        "govlint.exe"
    } else {
        "govlint"
    };
    let bin = inner.join(exe);
    std::fs::write(
        &bin,
        format!("#!/bin/sh\necho 'govlint {version} (commit fake-{target}; rule catalogue 0, 1 rules)'\n"),
    )
    .expect("write fake binary");
    run(Command::new("chmod").arg("+x").arg(&bin));
    std::fs::write(inner.join("README.md"), "# govlint\n").expect("readme");
    let file = dir.join(format!("{name}.{ext}"));
    if ext == "zip" {
        run(Command::new("zip")
            .arg("-qr")
            .arg(&file)
            .arg(&name)
            .current_dir(&dir));
    } else {
        run(Command::new("tar")
            .arg("-czf")
            .arg(&file)
            .arg(&name)
            .current_dir(&dir));
    }
    std::fs::read(&file).expect("archive")
}

fn sha256_hex(b: &[u8]) -> String {
    Sha256::digest(b)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect()
}

/// Publishes a release of every platform at /vVERSION/ (archives and SHA256SUMS).
fn publish(server: &Server, work: &Path) {
    let mut sums = String::new();
    for (_, target, ext) in PLATFORMS {
        let bytes = archive(work, target, ext, VERSION);
        let file = format!("govlint-v{VERSION}-{target}.{ext}");
        sums.push_str(&format!("{}  {file}\n", sha256_hex(&bytes)));
        server.put(&format!("/v{VERSION}/{file}"), bytes);
    }
    server.put(&format!("/v{VERSION}/SHA256SUMS"), sums.into_bytes());
}

struct Outcome {
    code: i32,
    outputs: HashMap<String, String>,
    stderr: String,
    dest: PathBuf,
}

fn install(server: &Server, work: &Path, mode: &str, env: &[(&str, &str)]) -> Outcome {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/action-install.sh");
    let dest = work.join(format!("bin-{}", fastrand::u64(..)));
    let github_output = work.join(format!("out-{}", fastrand::u64(..)));
    let mut cmd = Command::new("bash");
    cmd.arg(&script)
        .arg(mode)
        .env("GOVLINT_RELEASE_BASE_URL", &server.base)
        .env("GOVLINT_INSTALL_DIR", &dest)
        .env("GITHUB_OUTPUT", &github_output)
        .env_remove("GOVLINT_VERSION")
        .env_remove("GOVLINT_INSTALL")
        .env_remove("RUNNER_OS")
        .env_remove("RUNNER_ARCH");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("bash runs");
    let text = std::fs::read_to_string(&github_output).unwrap_or_default();
    let outputs: HashMap<String, String> = text
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    // Standard output carries the same key=value lines.
    let stdout = String::from_utf8_lossy(&out.stdout);
    for (k, v) in &outputs {
        assert!(stdout.contains(&format!("{k}={v}")), "stdout lacks {k}={v}");
    }
    Outcome {
        code: out.status.code().unwrap_or(-1),
        outputs,
        stderr: String::from_utf8_lossy(&out.stderr).to_string(),
        dest,
    }
}

fn release_ref() -> String {
    format!("v{VERSION}")
}

#[test]
fn each_platform_gets_its_own_verified_archive() {
    let work = tempfile::tempdir().expect("tempdir");
    let server = Server::start();
    publish(&server, work.path());
    for (platform, target, ext) in PLATFORMS {
        let before = server.requests().len();
        let r = install(
            &server,
            work.path(),
            "install",
            &[
                ("GOVLINT_PLATFORM", platform),
                ("GOVLINT_REF", &release_ref()),
            ],
        );
        assert_eq!(r.code, 0, "{platform}: {}", r.stderr);
        assert_eq!(r.outputs["method"], "release", "{platform}");
        assert_eq!(r.outputs["target"], *target);
        assert_eq!(r.outputs["version"], VERSION);
        let file = format!("govlint-v{VERSION}-{target}.{ext}");
        assert_eq!(r.outputs["archive"], file);
        let asked: Vec<String> = server.requests()[before..].to_vec();
        assert_eq!(
            asked,
            vec![
                format!("/v{VERSION}/SHA256SUMS"),
                format!("/v{VERSION}/{file}")
            ],
            "{platform}: only the sums and its own archive"
        );
        let exe = if *ext == "zip" {
            "govlint.exe"
        } else {
            "govlint"
        };
        let installed = std::fs::read_to_string(r.dest.join(exe)).expect("installed binary");
        assert!(
            installed.contains(&format!("fake-{target};")),
            "{platform}: {installed}"
        );
    }
}

#[test]
fn a_floating_major_tag_and_a_forced_release_download_too() {
    let work = tempfile::tempdir().expect("tempdir");
    let server = Server::start();
    publish(&server, work.path());
    let major = format!("v{}", VERSION.split('.').next().expect("major"));
    for env in [
        vec![("GOVLINT_REF", major.as_str())],
        vec![
            ("GOVLINT_REF", "refs/tags/v0.0.0-not-it"),
            ("GOVLINT_INSTALL", "release"),
        ],
    ] {
        let mut env = env.clone();
        env.push(("GOVLINT_PLATFORM", "Linux-X64"));
        let r = install(&server, work.path(), "install", &env);
        assert_eq!(r.code, 0, "{env:?}: {}", r.stderr);
        assert_eq!(r.outputs["method"], "release", "{env:?}");
        assert!(r.dest.join("govlint").is_file());
    }
}

#[test]
fn a_tampered_archive_is_rejected_and_nothing_installed() {
    let work = tempfile::tempdir().expect("tempdir");
    let server = Server::start();
    publish(&server, work.path());
    let path = format!("/v{VERSION}/govlint-v{VERSION}-x86_64-unknown-linux-musl.tar.gz");
    // Same size, one byte flipped in the gzip stream.
    let mut bytes = server.files.lock().expect("lock")[&path].clone();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    server.put(&path, bytes);
    let r = install(
        &server,
        work.path(),
        "install",
        &[
            ("GOVLINT_PLATFORM", "Linux-X64"),
            ("GOVLINT_REF", &release_ref()),
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("does not match SHA256SUMS"),
        "{}",
        r.stderr
    );
    assert!(!r.dest.join("govlint").exists(), "nothing installed");
    // A checksum failure is an error, never a quiet build from source.
    assert_ne!(r.outputs.get("method").map(String::as_str), Some("source"));
}

#[test]
fn an_archive_of_another_version_is_rejected() {
    let work = tempfile::tempdir().expect("tempdir");
    let server = Server::start();
    let bytes = archive(work.path(), "x86_64-apple-darwin", "tar.gz", "9.9.9");
    let file = format!("govlint-v{VERSION}-x86_64-apple-darwin.tar.gz");
    server.put(
        &format!("/v{VERSION}/SHA256SUMS"),
        format!("{}  {file}\n", sha256_hex(&bytes)).into_bytes(),
    );
    server.put(&format!("/v{VERSION}/{file}"), bytes);
    let r = install(
        &server,
        work.path(),
        "install",
        &[
            ("GOVLINT_PLATFORM", "macOS-X64"),
            ("GOVLINT_REF", &release_ref()),
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("not govlint"), "{}", r.stderr);
    assert!(!r.dest.join("govlint").exists());
}

#[test]
fn no_release_means_building_from_source() {
    let work = tempfile::tempdir().expect("tempdir");
    let server = Server::start();
    // 1. The ref is a release tag, but nothing is published for it.
    let r = install(
        &server,
        work.path(),
        "install",
        &[
            ("GOVLINT_PLATFORM", "Linux-X64"),
            ("GOVLINT_REF", &release_ref()),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.outputs["method"], "source");
    assert!(!r.dest.join("govlint").exists());
    assert_eq!(server.requests(), vec![format!("/v{VERSION}/SHA256SUMS")]);

    // 2. A release without this platform's archive.
    server.put(
        &format!("/v{VERSION}/SHA256SUMS"),
        format!(
            "{}  govlint-v{VERSION}-x86_64-apple-darwin.tar.gz\n",
            "0".repeat(64)
        )
        .into_bytes(),
    );
    let r = install(
        &server,
        work.path(),
        "install",
        &[
            ("GOVLINT_PLATFORM", "Linux-ARM64"),
            ("GOVLINT_REF", &release_ref()),
        ],
    );
    assert_eq!(
        (r.code, r.outputs["method"].as_str()),
        (0, "source"),
        "{}",
        r.stderr
    );

    // 3. A branch, a commit, or a local `uses: ./`: the source is not a release; nothing is
    //    asked of the server. Likewise a platform no release builds, and GOVLINT_INSTALL=source.
    let asked = server.requests().len();
    for env in [
        vec![("GOVLINT_REF", "main"), ("GOVLINT_PLATFORM", "Linux-X64")],
        vec![("GOVLINT_REF", ""), ("GOVLINT_PLATFORM", "Linux-X64")],
        vec![
            ("GOVLINT_REF", "0123456789abcdef0123456789abcdef01234567"),
            ("GOVLINT_PLATFORM", "Linux-X64"),
        ],
        vec![("GOVLINT_REF", "v9"), ("GOVLINT_PLATFORM", "Linux-X64")],
        vec![
            ("GOVLINT_REF", release_ref().as_str()),
            ("GOVLINT_PLATFORM", "Windows-ARM64"),
        ],
        vec![
            ("GOVLINT_REF", release_ref().as_str()),
            ("GOVLINT_PLATFORM", "Linux-X64"),
            ("GOVLINT_INSTALL", "source"),
        ],
    ] {
        let r = install(&server, work.path(), "install", &env);
        assert_eq!(r.code, 0, "{env:?}: {}", r.stderr);
        assert_eq!(r.outputs["method"], "source", "{env:?}");
    }
    assert_eq!(
        server.requests().len(),
        asked,
        "no request without a release ref"
    );
}

#[test]
fn plan_names_the_archive_without_downloading() {
    let work = tempfile::tempdir().expect("tempdir");
    let server = Server::start();
    let r = install(
        &server,
        work.path(),
        "plan",
        &[
            ("GOVLINT_PLATFORM", "Windows-X64"),
            ("GOVLINT_REF", &release_ref()),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.outputs["method"], "release");
    assert_eq!(
        r.outputs["archive"],
        format!("govlint-v{VERSION}-x86_64-pc-windows-msvc.zip")
    );
    assert!(server.requests().is_empty());
    let r = install(&server, work.path(), "bogus", &[]);
    assert_eq!(r.code, 2);
}

/// The packer (scripts/package-release.sh, run by release.yml) and the installer agree: the
/// archives it makes from a real govlint hold the binary, README, LICENSE, completions and man
/// pages, its SHA256SUMS verify, the installer takes them, and `cargo binstall`'s templates in
/// Cargo.toml name the same archive and path.
#[test]
fn packed_release_holds_docs_completions_and_man_pages_and_installs() {
    let work = tempfile::tempdir().expect("tempdir");
    let real = Path::new(env!("CARGO_BIN_EXE_govlint"));
    let bins = work.path().join("bin");
    for (target, exe) in [
        ("x86_64-unknown-linux-musl", "govlint"),
        ("x86_64-pc-windows-msvc", "govlint.exe"),
    ] {
        std::fs::create_dir_all(bins.join(target)).expect("mkdir");
        std::fs::copy(real, bins.join(target).join(exe)).expect("copy binary");
    }
    let dist = work.path().join("dist");
    let packer = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/package-release.sh");
    run(Command::new("bash")
        .arg(&packer)
        .arg(VERSION)
        .arg(&bins)
        .arg(&dist)
        .arg(real));

    let linux = format!("govlint-v{VERSION}-x86_64-unknown-linux-musl");
    let listing = Command::new("tar")
        .arg("-tzf")
        .arg(dist.join(format!("{linux}.tar.gz")))
        .output()
        .expect("tar lists");
    let listing = String::from_utf8_lossy(&listing.stdout).to_string();
    for f in [
        "govlint",
        "README.md",
        "LICENSE",
        "completions/govlint.bash",
        "completions/_govlint",
        "completions/govlint.fish",
        "completions/_govlint.ps1",
        "completions/govlint.elv",
        "man/man1/govlint.1",
        "man/man1/govlint-lint.1",
    ] {
        assert!(
            listing.lines().any(|l| l == format!("{linux}/{f}")),
            "{f} missing from the archive:\n{listing}"
        );
    }
    let windows = format!("govlint-v{VERSION}-x86_64-pc-windows-msvc");
    let zip_listing = Command::new("unzip")
        .arg("-Z1")
        .arg(dist.join(format!("{windows}.zip")))
        .output()
        .expect("unzip lists");
    let zip_listing = String::from_utf8_lossy(&zip_listing.stdout).to_string();
    assert!(zip_listing
        .lines()
        .any(|l| l == format!("{windows}/govlint.exe")));
    assert!(zip_listing
        .lines()
        .any(|l| l == format!("{windows}/man/man1/govlint.1")));

    let sums = std::fs::read_to_string(dist.join("SHA256SUMS")).expect("SHA256SUMS");
    assert_eq!(sums.lines().count(), 2, "{sums}");
    for line in sums.lines() {
        let (hex, file) = line.split_once("  ").expect("sha256sum format");
        let bytes = std::fs::read(dist.join(file)).expect("archive");
        assert_eq!(hex, sha256_hex(&bytes), "{file}");
    }

    // The installer takes the packed release and the real binary passes its version check.
    let server = Server::start();
    for entry in std::fs::read_dir(&dist).expect("dist") {
        let p = entry.expect("entry").path();
        let name = p.file_name().expect("name").to_string_lossy().to_string();
        server.put(
            &format!("/v{VERSION}/{name}"),
            std::fs::read(&p).expect("read"),
        );
    }
    let r = install(
        &server,
        work.path(),
        "install",
        &[
            ("GOVLINT_PLATFORM", "Linux-X64"),
            ("GOVLINT_REF", &release_ref()),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.outputs["method"], "release");
    assert!(
        r.stderr
            .contains(&format!("installed govlint {VERSION} (commit ")),
        "{}",
        r.stderr
    );

    // cargo binstall's templates (Cargo.toml) render to the same archive and binary path.
    let manifest: toml::Value = toml::from_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
            .expect("Cargo.toml"),
    )
    .expect("Cargo.toml parses");
    let binstall = &manifest["package"]["metadata"]["binstall"];
    let render = |t: &str, target: &str, ext: &str| {
        t.replace("{ repo }", "REPO")
            .replace("{ name }", "govlint")
            .replace("{ version }", VERSION)
            .replace("{ target }", target)
            .replace("{ bin }", "govlint")
            .replace("{ binary-ext }", ext)
    };
    let tgz = render(
        binstall["pkg-url"].as_str().expect("pkg-url"),
        "x86_64-unknown-linux-musl",
        "",
    );
    assert_eq!(
        tgz,
        format!("REPO/releases/download/v{VERSION}/{linux}.tar.gz")
    );
    let win = &binstall["overrides"]["x86_64-pc-windows-msvc"];
    let zip = render(
        win["pkg-url"].as_str().expect("windows pkg-url"),
        "x86_64-pc-windows-msvc",
        ".exe",
    );
    assert_eq!(
        zip,
        format!("REPO/releases/download/v{VERSION}/{windows}.zip")
    );
    assert_eq!(win["pkg-fmt"].as_str(), Some("zip"));
    let bin_dir = render(
        binstall["bin-dir"].as_str().expect("bin-dir"),
        "x86_64-pc-windows-msvc",
        ".exe",
    );
    assert_eq!(bin_dir, format!("{windows}/govlint.exe"));
    // Every archive the packer made is one binstall's templates name.
    for file in sums
        .lines()
        .filter_map(|l| l.split_once("  "))
        .map(|(_, f)| f)
    {
        assert!(
            tgz.ends_with(file) || zip.ends_with(file),
            "{file} is named by no binstall template"
        );
    }
}
