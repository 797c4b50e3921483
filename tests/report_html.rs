//! `govlint report`: the audit report on the demo tenant, as HTML (self-contained, escaped,
//! rendered by headless Chromium) and as Markdown.
//!
//! The browser test needs Chromium (Debian: `apt-get install chromium`; `.ci/run` installs it).
//! Without it the test prints SKIP locally, and fails when `CI=true`. Set
//! `GOVLINT_UPDATE_SCREENSHOT=1` to refresh `docs/report.png` from the rendered page.

use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::{json, Value};

const XSS_NAME: &str = "<script>alert(\"pwned\")</script><img src=x onerror=alert(1)>";

struct Fixture {
    dir: tempfile::TempDir,
    snapshot: PathBuf,
}

fn write(snap: &Value) -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let snapshot = dir.path().join("snapshot.json");
    std::fs::write(&snapshot, serde_json::to_string(snap).expect("json")).expect("write");
    Fixture { dir, snapshot }
}

fn demo() -> Value {
    govlint_testkit::tenant::demo().0
}

/// The demo plus a user whose display name is markup, holding Global Administrator standing
/// (so a finding names them and the role holder inventory lists them).
fn hostile() -> Value {
    let mut snap = demo();
    let id = "5e000000-0000-4000-8000-00000000bad1";
    let users = snap["collections"]["users"]["items"]
        .as_array_mut()
        .expect("users");
    users.push(
        json!({"id": id, "displayName": XSS_NAME, "userPrincipalName": "x@contoso.example",
                      "userType": "Member", "accountEnabled": true, "sponsors": []}),
    );
    let n = users.len();
    snap["collections"]["users"]["count"] = json!(n);
    let active = snap["collections"]["roleAssignmentScheduleInstances"]["items"]
        .as_array_mut()
        .expect("instances");
    active.push(json!({"id": "5e000000-0000-4000-8000-00000000bad2", "principalId": id,
        "roleDefinitionId": "62e90394-69f5-4237-9190-012177145e10", "directoryScopeId": "/", "appScopeId": null,
        "startDateTime": "2025-01-01T00:00:00Z", "endDateTime": null, "assignmentType": "Assigned", "memberType": "Direct",
        "principal": {"@odata.type": "#microsoft.graph.user", "id": id, "displayName": XSS_NAME}}));
    let n = active.len();
    snap["collections"]["roleAssignmentScheduleInstances"]["count"] = json!(n);
    snap
}

fn govlint() -> Command {
    let mut c = Command::cargo_bin("govlint").expect("binary");
    c.env_remove("GOVLINT_SNAPSHOT");
    c
}

/// Writes the report; returns its text and the exit code.
fn report(f: &Fixture, format: &str) -> (String, i32) {
    let out_path = f.dir.path().join(format!("report.{format}"));
    let out = govlint()
        .arg("report")
        .arg(&f.snapshot)
        .arg("-o")
        .arg(&out_path)
        .args(["--format", format])
        .output()
        .expect("run");
    let text = std::fs::read_to_string(&out_path).unwrap_or_else(|e| {
        panic!(
            "no report written ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (text, out.status.code().unwrap_or(-1))
}

/// The findings `govlint lint --format json` reports for the same snapshot.
fn lint(f: &Fixture) -> Value {
    let out = govlint()
        .arg("lint")
        .arg(&f.snapshot)
        .args(["--format", "json", "--no-config"])
        .output()
        .expect("run");
    serde_json::from_slice(&out.stdout).expect("lint JSON")
}

fn html_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[test]
fn html_report_is_self_contained_with_charts_findings_and_inventory() {
    let f = write(&demo());
    let (html, code) = report(&f, "html");
    assert_eq!(code, 0);
    assert!(html.starts_with("<!DOCTYPE html>"));
    // Self-contained: no script, no external asset, nothing fetched.
    for banned in [
        "<script",
        "<link",
        "src=\"http",
        "href=\"http",
        "@import",
        "url(",
    ] {
        assert!(!html.contains(banned), "{banned} in the report");
    }
    assert!(html.contains("Content-Security-Policy"));
    // Tenant, fetch time, completeness.
    assert!(html.contains("Contoso (demo)"));
    assert!(html.contains("2026-11-20T09:00:00Z"));
    assert!(
        html.contains("All 19 collections were read completely")
            || html.contains("collections were read completely")
    );
    // Charts.
    assert_eq!(html.matches("<svg").count(), 2);
    assert!(html.contains("id=\"chart-severity\"") && html.contains("id=\"chart-areas\""));
    // Every finding, with its fix.
    let lint = lint(&f);
    let findings = lint["findings"].as_array().expect("findings");
    assert!(!findings.is_empty());
    assert_eq!(
        html.matches("<article class=\"finding").count(),
        findings.len()
    );
    for x in findings {
        assert!(
            html.contains(&html_text(x["message"].as_str().expect("message"))),
            "{x}"
        );
        assert!(html.contains(&html_text(
            x["remediation"]["summary"].as_str().expect("summary")
        )));
        for r in x["remediation"]["requests"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let line = format!(
                "{} {}",
                r["method"].as_str().unwrap_or(""),
                r["url"].as_str().unwrap_or("")
            );
            assert!(html.contains(&html_text(&line)), "{line}");
        }
    }
    assert!(html.contains("<pre class=\"diff\">"));
    // Inventory: pending reviews, catalogs, packages, role holders, with names.
    for table in ["reviews", "catalogs", "accessPackages", "holders"] {
        assert!(html.contains(&format!("data-table=\"{table}\"")), "{table}");
    }
    assert!(html.contains("Ava Standing-Admin"));
    // Deterministic.
    let (again, _) = report(&f, "html");
    assert_eq!(html, again);
}

#[test]
fn html_and_markdown_escape_hostile_display_names() {
    let f = write(&hostile());
    let (html, _) = report(&f, "html");
    assert!(!html.contains("<script"), "raw markup in the report");
    assert!(!html.contains("<img"), "raw markup in the report");
    assert!(html.contains("&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;"));
    let (md, _) = report(&f, "markdown");
    // Outside code blocks the name is escaped.
    let outside: String = md
        .split("```")
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, s)| s)
        .collect();
    assert!(
        !outside.contains("<script"),
        "raw markup outside code blocks"
    );
    assert!(outside.contains("&lt;script&gt;"));
}

#[test]
fn incomplete_collections_are_reported_with_the_reason_and_exit_3() {
    let mut snap = demo();
    snap["collections"]["riskyUsers"] = json!({
        "status": "unavailable", "items": [],
        "error": {"httpStatus": 403, "code": "Authorization_RequestDenied", "permission": "IdentityRiskyUser.Read.All"}
    });
    let f = write(&snap);
    let (html, code) = report(&f, "html");
    assert_eq!(code, 3);
    assert!(html.contains("riskyUsers unavailable: 403 Authorization_RequestDenied (needs IdentityRiskyUser.Read.All)"));
    assert!(html.contains("id=\"not-evaluated\""));
    assert!(html.contains("PRV004"));
    let (md, code) = report(&f, "markdown");
    assert_eq!(code, 3);
    assert!(
        md.contains("1 of 19 collections are not complete")
            || md.contains("collections are not complete")
    );
    assert!(md.contains("PRV004"));
}

#[test]
fn markdown_report_has_the_same_sections_and_findings() {
    let f = write(&demo());
    let (md, code) = report(&f, "markdown");
    assert_eq!(code, 0);
    for h in [
        "# Identity governance audit report",
        "## Summary",
        "## Completeness",
        "## Findings",
        "## Inventory",
    ] {
        assert!(md.contains(h), "{h}");
    }
    let lint = lint(&f);
    let findings = lint["findings"].as_array().expect("findings");
    let headings = md
        .lines()
        .filter(|l| l.starts_with("#### ") && l.contains(" `"))
        .count();
    assert_eq!(headings, findings.len());
    assert!(md.contains("Findings by severity"));
    assert!(md.contains("### Directory role holders"));
}

/// The part of a report between two headings (or the end).
fn section<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("no {start}"));
    let rest = &text[from..];
    rest.find(end).map_or(rest, |to| &rest[..to])
}

#[test]
fn identities_section_counts_accounts_mfa_risk_and_failed_sign_ins() {
    let snap = demo();
    let f = write(&snap);
    let items = |c: &str| {
        snap["collections"][c]["items"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    };
    let (md, code) = report(&f, "markdown");
    assert_eq!(code, 0);
    let ids = section(&md, "## Identities", "## Inventory");
    // Accounts by type and state, as the users collection has them.
    for kind in ["Member", "Guest"] {
        let of: Vec<Value> = items("users")
            .into_iter()
            .filter(|u| u["userType"] == kind)
            .collect();
        let on = of.iter().filter(|u| u["accountEnabled"] == true).count();
        let off = of.iter().filter(|u| u["accountEnabled"] == false).count();
        let row = format!("| {kind} | {on} | {off} | 0 | {} |", of.len());
        assert!(ids.contains(&row), "{row} in {ids}");
    }
    // A privileged holder with no registration record is shown as such.
    let noel = items("users")
        .into_iter()
        .find(|u| u["displayName"] == "Noel No-Registration")
        .expect("the demo plants a holder without registration");
    assert!(!items("userRegistrationDetails")
        .iter()
        .any(|r| r["id"] == noel["id"]));
    assert!(
        ids.lines()
            .any(|l| l.starts_with("| Noel No-Registration |")
                && l.contains("no registration record")),
        "{ids}"
    );
    // Every risky user.
    for r in items("riskyUsers") {
        assert!(
            ids.contains(r["userDisplayName"].as_str().expect("name")),
            "{r}"
        );
    }
    // Failed sign-ins: how many, by whom, and every city they came from.
    let signins = items("signIns");
    let failed: Vec<&Value> = signins
        .iter()
        .filter(|s| s["status"]["errorCode"].as_i64() != Some(0))
        .collect();
    let users: std::collections::BTreeSet<&str> =
        failed.iter().filter_map(|s| s["userId"].as_str()).collect();
    let counts = format!(
        "_{} sign-ins · {} failed · {} users with a failure_",
        signins.len(),
        failed.len(),
        users.len()
    );
    assert!(ids.contains(&counts), "{counts} in {ids}");
    for s in &failed {
        assert!(
            ids.contains(s["location"]["city"].as_str().expect("city")),
            "{s}"
        );
    }
    let since = snap["collections"]["signIns"]["window"]["since"]
        .as_str()
        .expect("window");
    assert!(ids.contains(&format!("since {since}")));

    let (html, _) = report(&f, "html");
    assert!(html.contains("<a href=\"#identities\">Identities</a>"));
    let ids = section(&html, "<section id=\"identities\">", "</section>");
    for table in [
        "accountsByType",
        "guestsByState",
        "privilegedMfa",
        "riskyUsers",
        "failureReasons",
        "failureLocations",
    ] {
        assert!(ids.contains(&format!("data-table=\"{table}\"")), "{table}");
    }
    assert!(!ids.contains("May be incomplete"), "{ids}");
}

#[test]
fn identities_section_says_what_it_could_not_read() {
    let mut snap = demo();
    snap["collections"]["signIns"] = json!({
        "status": "unavailable", "items": [],
        "error": {"httpStatus": 403, "code": "Authentication_RequestFromNonPremiumTenantOrB2CTenant", "permission": "AuditLog.Read.All"}
    });
    let f = write(&snap);
    let (html, code) = report(&f, "html");
    assert_eq!(code, 3, "a section could not be read whole");
    let ids = section(&html, "<section id=\"identities\">", "</section>");
    assert!(
        ids.contains("May be incomplete: signIns unavailable: 403"),
        "{ids}"
    );
    let (md, _) = report(&f, "markdown");
    let ids = section(&md, "## Identities", "## Inventory");
    assert!(
        ids.contains("**May be incomplete:** signIns unavailable: 403"),
        "{ids}"
    );
}

// ---- headless Chromium --------------------------------------------------------------------

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM").map(PathBuf::from) {
        return Some(p);
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in [
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
        ] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Runs Chromium headless on `page` with `extra` arguments, killing it after two minutes.
fn run_chromium(bin: &Path, profile: &Path, page: &Path, extra: &[String]) -> String {
    let url = format!("file://{}", page.display());
    let mut child = Process::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(&url)
        // Chromium (and its wrapper script) must not inherit the test's standard streams.
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut s);
        s
    });
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if start.elapsed() > Duration::from_secs(120) => {
                let _ = child.kill();
                panic!("chromium did not finish within 120 s");
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(100)),
            Err(e) => panic!("chromium: {e}"),
        }
    }
    reader.join().unwrap_or_default()
}

#[test]
fn browser_renders_the_report_with_charts_and_findings() {
    let Some(bin) = chromium() else {
        if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
            panic!("chromium is not installed but CI=true: the browser test must run in CI (.ci/run installs it)");
        }
        println!("SKIP browser_renders_the_report_with_charts_and_findings: chromium not installed (apt-get install chromium)");
        return;
    };
    let f = write(&hostile());
    let (html, _) = report(&f, "html");
    let page = f.dir.path().join("report.html");
    assert!(page.is_file());
    let findings = html.matches("<article class=\"finding").count();

    let profile = tempfile::tempdir().expect("profile");
    let dom = run_chromium(&bin, profile.path(), &page, &["--dump-dom".to_string()]);
    assert!(
        dom.contains("Identity governance audit report"),
        "no report in the DOM:\n{}",
        &dom[..dom.len().min(2000)]
    );
    // The charts rendered as SVG elements with their bars.
    assert_eq!(dom.matches("<svg").count(), 2, "charts");
    assert!(dom.contains("class=\"bar\" data-severity=\"high\""));
    assert!(dom.contains("class=\"stack\" data-area=\"pim\""));
    // Every finding is in the DOM, with its fix.
    assert_eq!(dom.matches("<article class=\"finding").count(), findings);
    assert!(dom.contains("PIM001"));
    assert!(dom.contains("<details class=\"fix\" open=\"\">"));
    // The hostile name is text, not elements.
    assert!(!dom.contains("<script"), "a script element in the DOM");
    assert!(!dom.contains("<img"), "an img element in the DOM");
    assert!(dom.contains("&lt;script&gt;alert(\"pwned\")&lt;/script&gt;"));

    let png = f.dir.path().join("report.png");
    let profile = tempfile::tempdir().expect("profile");
    run_chromium(
        &bin,
        profile.path(),
        &page,
        &[
            format!("--screenshot={}", png.display()),
            "--window-size=1280,1800".to_string(),
        ],
    );
    let bytes = std::fs::read(&png).expect("screenshot written");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    assert!(bytes.len() > 20_000, "a blank page? {} bytes", bytes.len());

    if std::env::var_os("GOVLINT_UPDATE_SCREENSHOT").is_some() {
        // The README's picture: the demo tenant as shipped, without the hostile user.
        let demo = write(&demo());
        report(&demo, "html");
        let page = demo.dir.path().join("report.html");
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
        std::fs::create_dir_all(&docs).expect("docs/");
        let profile = tempfile::tempdir().expect("profile");
        run_chromium(
            &bin,
            profile.path(),
            &page,
            &[
                format!("--screenshot={}", docs.join("report.png").display()),
                "--window-size=1280,1400".to_string(),
            ],
        );
        println!("updated docs/report.png");
    }
}
