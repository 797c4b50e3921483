//! `govlint fetch` against the Graph emulator over real HTTP on 127.0.0.1: paging, faults,
//! permissions, licensing, every auth flow, secrets, and the end-to-end promise that a fetched
//! tenant lints exactly like the tenant itself. Nothing here talks to Microsoft.

mod common;

use common::{base_env, certificate_env, grants, tmp, write};
use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use govlint::engine::{Linter, Selection};
use govlint::fetch::collections::SPECS;
use govlint_testkit::emulator::{
    Emulator, Fault, Options, CLIENT_CERT_PEM, CLIENT_SECRET, GITHUB_REQUEST_TOKEN, GITHUB_SUBJECT,
    IDENTITY_HEADER,
};
use govlint_testkit::tenant;
use serde_json::{json, Value};

/// The demo tenant, with every collection the fetcher reads present (empty when the
/// generator has none), so a direct lint and a fetched lint see the same data.
fn demo() -> Value {
    common::with_every_collection(tenant::demo().0)
}

fn start(snapshot: &Value, options: Options) -> Emulator {
    Emulator::start(snapshot, options).expect("emulator starts")
}

/// `govlint fetch` with a clean environment pointed at the emulator, client secret auth.
fn fetch(emu: &Emulator, out: &Path) -> Command {
    Command::from_std(common::fetch_command(emu, out))
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(c: &mut Command) -> Run {
    let out = c
        .timeout(Duration::from_secs(60))
        .output()
        .expect("govlint runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn read(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).expect("snapshot written")).expect("JSON")
}

/// A checkpoint log: its text, and its records after the header line, one per line.
fn checkpoint(p: &Path) -> (String, Vec<Value>) {
    let text = std::fs::read_to_string(p).expect("checkpoint kept");
    let mut lines = text.lines();
    let header: Value = serde_json::from_str(lines.next().expect("a header")).expect("JSON");
    assert!(header["govlintCheckpoint"].is_u64(), "{header}");
    let records = lines
        .map(|l| serde_json::from_str(l).expect("one JSON record per line"))
        .collect();
    (text, records)
}

/// The records of one kind (`page`, `child`, `done`…), with what each holds.
fn records<'a>(all: &'a [Value], kind: &str) -> Vec<&'a Value> {
    all.iter().filter_map(|r| r.get(kind)).collect()
}

fn linter() -> Linter {
    common::builtin_linter()
}

/// (rule, object id) of every finding, and the rules not evaluated, at the demo's clock.
fn lint(snapshot_text: &str) -> (BTreeSet<(String, String)>, BTreeSet<String>) {
    let snap = govlint::snapshot::parse("s", snapshot_text).expect("snapshot parses");
    let l = linter();
    let rules = l.select(&Selection::default()).expect("rules");
    let now = govlint::time::parse_rfc3339(tenant::FETCHED_AT).expect("clock");
    let r = l.lint(&snap, now, &rules);
    (
        r.findings
            .iter()
            .map(|f| (f.rule.clone(), f.object.id.clone()))
            .collect(),
        r.not_evaluated.iter().map(|n| n.rule.clone()).collect(),
    )
}

/// Drops empty arrays (a child collection Graph returns empty where the generator wrote
/// nothing), so items compare by content.
/// The demo's sign-in log starts 7 days before the tenant's clock, which the wall clock has
/// passed: ask for it from there so the whole log is fetched.
const DEMO_SIGN_INS: [&str; 2] = ["--sign-ins-since", "2026-11-13T09:00:00Z"];

/// The tenant's items a fetch must return into `fetched` (its collection record): all of them,
/// or for a log, those inside the window the fetch recorded (the audit log's hangs from the
/// fetch's own clock).
fn expected_items(tenant: &Value, fetched: &Value, name: &str) -> Vec<Value> {
    let items = tenant["collections"][name]["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let Some(since) = fetched["window"]["since"].as_str() else {
        return items;
    };
    let since: jiff::Timestamp = since.parse().expect("window since is RFC 3339");
    items
        .into_iter()
        .filter(|i| {
            ["createdDateTime", "activityDateTime"]
                .iter()
                .find_map(|k| i[*k].as_str())
                .and_then(|t| t.parse::<jiff::Timestamp>().ok())
                .is_some_and(|t| t >= since)
        })
        .collect()
}

fn norm(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, x)| !matches!(x, Value::Array(a) if a.is_empty()))
                .map(|(k, x)| (k.clone(), norm(x)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(norm).collect()),
        other => other.clone(),
    }
}

fn requests_to(emu: &Emulator, needle: &str) -> Vec<govlint_testkit::emulator::Logged> {
    emu.requests()
        .into_iter()
        .filter(|r| r.target.contains(needle))
        .collect()
}

#[test]
fn end_to_end_with_faults_lints_exactly_like_the_tenant() {
    let snap = demo();
    // Small pages, an empty first page, and transient faults on several routes.
    let options = Options {
        empty_first_page: true,
        ..Options::default()
    }
    .page_size(5)
    .with_fault(Fault::throttle("/v1.0/users", Some("0")).times(2))
    .with_fault(Fault::throttle(
        "/roleManagement/directory/roleDefinitions",
        None,
    ))
    .with_fault(Fault::unavailable("/policies/roleManagementPolicies").times(2))
    .with_fault(Fault::gateway_timeout("/reports/authenticationMethods"))
    .with_fault(Fault::expire_tokens("/v1.0/groups"))
    .with_fault(Fault::slow(
        "/identityProtection",
        Duration::from_millis(30),
    ));
    let emu = start(&snap, options);
    let dir = tmp();
    let out = dir.path().join("snapshot.json");
    let r = run(fetch(&emu, &out).arg("-v").args(DEMO_SIGN_INS));
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    assert!(
        emu.fault_counts().iter().all(|n| *n > 0),
        "every fault fired: {:?}",
        emu.fault_counts()
    );
    assert!(
        r.stderr.contains("(Retry-After)"),
        "429 with Retry-After honoured:\n{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("(backoff)"),
        "429/503 without Retry-After backed off:\n{}",
        r.stderr
    );
    assert!(r.stderr.contains("refreshing the access token once"));

    let fetched_text = std::fs::read_to_string(&out).expect("written");
    let fetched: Value = serde_json::from_str(&fetched_text).expect("JSON");
    // Every collection complete and item for item the tenant's own.
    for s in SPECS {
        let c = &fetched["collections"][s.name];
        assert_eq!(c["status"], "complete", "{}: {c:#}", s.name);
        let want = expected_items(&snap, c, s.name);
        let got = c["items"].as_array().cloned().unwrap_or_default();
        assert_eq!(want.len(), got.len(), "{} item count", s.name);
        for w in &want {
            let g = got.iter().find(|g| g["id"] == w["id"]);
            assert_eq!(g.map(norm), Some(norm(w)), "{} item {}", s.name, w["id"]);
        }
    }
    assert_eq!(fetched["tenant"]["id"], snap["tenant"]["id"]);
    assert_eq!(
        fetched["tenant"]["displayName"],
        snap["tenant"]["displayName"]
    );

    let direct = lint(&snap.to_string());
    let via_fetch = lint(&fetched_text);
    assert_eq!(direct.0, via_fetch.0, "findings differ");
    assert_eq!(direct.1, via_fetch.1, "rules not evaluated differ");
    assert!(!direct.0.is_empty(), "the demo plants findings");

    // Paging really happened, following opaque nextLinks; every request had its own id.
    assert!(requests_to(&emu, "$skiptoken=").len() > 10);
    let ids: Vec<_> = emu
        .requests()
        .into_iter()
        .filter(|r| r.target.starts_with("/v1.0/"))
        .map(|r| r.client_request_id.expect("client-request-id sent"))
        .collect();
    let unique: BTreeSet<_> = ids.iter().collect();
    assert_eq!(
        unique.len(),
        ids.len(),
        "a fresh client-request-id per request"
    );
}

#[test]
fn denied_collection_is_recorded_with_its_permission_and_lint_exits_3() {
    let emu = start(
        &demo(),
        Options::default().without_permission("RoleManagementPolicy.Read.Directory"),
    );
    let dir = tmp();
    let out = dir.path().join("s.json");
    let r = run(&mut fetch(&emu, &out));
    assert_eq!(r.code, 3, "stderr:\n{}", r.stderr);
    assert!(
        r.stderr
            .contains("warning: the token lacks RoleManagementPolicy.Read.Directory"),
        "named up front from the token's roles:\n{}",
        r.stderr
    );
    let v = read(&out);
    for name in ["roleManagementPolicies", "roleManagementPolicyAssignments"] {
        let c = &v["collections"][name];
        assert_eq!(c["status"], "unavailable", "{c:#}");
        assert_eq!(c["error"]["httpStatus"], 403);
        assert_eq!(
            c["error"]["permission"],
            "RoleManagementPolicy.Read.Directory"
        );
        assert_eq!(
            c["error"]["message"],
            "Attempted to perform an unauthorized operation."
        );
        assert!(c["error"]["requestId"]
            .as_str()
            .is_some_and(|s| s.len() == 36));
        assert_eq!(c["items"], json!([]));
    }
    assert_eq!(v["collections"]["users"]["status"], "complete");

    let lint = run(Command::cargo_bin("govlint")
        .expect("binary")
        .args([
            "lint",
            "--no-config",
            "--format",
            "json",
            "--now",
            tenant::FETCHED_AT,
        ])
        .arg(&out));
    assert_eq!(lint.code, 3, "lint stderr:\n{}", lint.stderr);
    let report: Value = serde_json::from_str(&lint.stdout).expect("lint json");
    let not_eval = report["notEvaluated"].as_array().expect("notEvaluated");
    let rules: BTreeSet<&str> = not_eval.iter().filter_map(|n| n["rule"].as_str()).collect();
    for r in ["PIM003", "PIM004", "PIM005", "PIM006", "PIM007"] {
        assert!(rules.contains(r), "{r} not evaluated: {rules:?}");
    }
    assert!(not_eval.iter().all(|n| n["reason"]
        .as_str()
        .is_some_and(|s| s.contains("RoleManagementPolicy.Read.Directory"))));
}

#[test]
fn sign_in_licensing_403_leaves_users_fetched() {
    let emu = start(
        &demo(),
        Options {
            premium: false,
            ..Options::default()
        },
    );
    let dir = tmp();
    let out = dir.path().join("s.json");
    let r = run(fetch(&emu, &out).args(["--only", "users"]));
    assert_eq!(r.code, 3, "stderr:\n{}", r.stderr);
    let v = read(&out);
    let c = &v["collections"];
    assert_eq!(c["users"]["status"], "complete");
    assert!(c["users"]["count"].as_u64().unwrap_or(0) > 10);
    for name in ["userSignInActivity", "userRegistrationDetails"] {
        assert_eq!(c[name]["status"], "unavailable");
        assert_eq!(
            c[name]["error"]["code"],
            "Authentication_RequestFromNonPremiumTenantOrB2CTenant"
        );
        assert!(
            c[name]["error"].get("permission").is_none(),
            "a licence, not a permission"
        );
    }
    assert!(
        r.stderr.contains("userSignInActivity unavailable: 403"),
        "{}",
        r.stderr
    );
    // --only users: no PIM, AR or EM collections.
    let names: BTreeSet<&str> = c
        .as_object()
        .expect("map")
        .keys()
        .map(|k| k.as_str())
        .collect();
    assert_eq!(
        names,
        BTreeSet::from([
            "organization",
            "users",
            "userSignInActivity",
            "userRegistrationDetails",
            "authorizationPolicy"
        ])
    );
}

/// A small tenant with an access review (instance, decisions) and a connected organisation.
fn governance_tenant() -> Value {
    json!({
        "schema": "govlint.snapshot/v1",
        "tenant": {"id": "11111111-2222-4333-8444-555555555555", "displayName": "Tiny", "cloud": "global"},
        "fetchedAt": "2026-11-20T09:00:00Z",
        "collections": {
            "organization": {"status": "complete", "items": [{"id": "11111111-2222-4333-8444-555555555555", "displayName": "Tiny"}]},
            "accessReviewDefinitions": {"status": "complete", "items": [
                {"id": "def-1", "displayName": "Guests", "status": "InProgress", "instances": [
                    {"id": "inst-1", "status": "InProgress",
                     "decisions": [{"id": "d-1", "decision": "Approve"}, {"id": "d-2", "decision": "Deny"}, {"id": "d-3", "decision": "NotReviewed"}],
                     "contactedReviewers": [{"id": "r-1", "displayName": "Rev"}],
                     "stages": []},
                    {"id": "inst-2", "status": "Completed", "decisions": [{"id": "d-4", "decision": "Approve"}]}
                ]},
                {"id": "def-2", "displayName": "Admins", "status": "Completed", "instances": []}
            ]},
            "connectedOrganizations": {"status": "complete", "items": [
                {"id": "co-1", "displayName": "Fabrikam", "state": "configured",
                 "internalSponsors": [{"@odata.type": "#microsoft.graph.user", "id": "u-1", "displayName": "Sara"}],
                 "externalSponsors": []}
            ]}
        }
    })
}

#[test]
fn children_are_embedded_and_a_denied_child_makes_the_parent_partial() {
    let snap = governance_tenant();
    let emu = start(
        &snap,
        Options::default()
            .page_size(2)
            .with_fault(Fault::forbidden("/instances/inst-2/decisions")),
    );
    let dir = tmp();
    let out = dir.path().join("s.json");
    let r = run(fetch(&emu, &out).args(["--only", "ar,em"]));
    assert_eq!(r.code, 3, "stderr:\n{}", r.stderr);
    let v = read(&out);
    let defs = &v["collections"]["accessReviewDefinitions"];
    assert_eq!(defs["status"], "partial", "{defs:#}");
    let gaps = defs["gaps"].as_array().expect("gaps");
    assert_eq!(gaps.len(), 1, "{gaps:#?}");
    assert_eq!(gaps[0]["what"], "decisions of instance inst-2");
    assert_eq!(gaps[0]["error"]["httpStatus"], 403);
    assert_eq!(gaps[0]["error"]["permission"], "AccessReview.Read.All");
    let inst1 = &defs["items"][0]["instances"][0];
    assert_eq!(inst1["id"], "inst-1");
    // Three decisions over pages of two.
    assert_eq!(inst1["decisions"].as_array().map(Vec::len), Some(3));
    assert_eq!(inst1["contactedReviewers"][0]["id"], "r-1");
    assert_eq!(defs["items"][1]["instances"], json!([]));
    let co = &v["collections"]["connectedOrganizations"];
    assert_eq!(co["status"], "complete");
    assert_eq!(co["items"][0]["internalSponsors"][0]["displayName"], "Sara");
    assert_eq!(co["items"][0]["externalSponsors"], json!([]));
}

#[test]
fn faults_that_outlast_the_retries_write_nothing_and_exit_4() {
    let emu = start(
        &demo(),
        Options::default().with_fault(Fault::unavailable("/v1.0/groups").always()),
    );
    let dir = tmp();
    let out = dir.path().join("s.json");
    let r = run(fetch(&emu, &out).args(["--max-retries", "2"]));
    assert_eq!(r.code, 4, "stderr:\n{}", r.stderr);
    assert!(r.stderr.contains("gave up after 2 retries"), "{}", r.stderr);
    assert!(r.stderr.contains("no snapshot was written"));
    assert!(!out.exists());
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "s.json.checkpoint")
        // The spools whose pages the checkpoint names stay with it for --resume.
        .filter(|n| !n.ends_with(".spool"))
        .collect();
    assert!(left.is_empty(), "no temp file left: {left:?}");
}

#[test]
fn an_interrupted_fetch_resumes_from_its_checkpoint() {
    let snap = demo();
    // The seventh request for users fails and --max-retries 0 makes that fatal.
    let emu = start(
        &snap,
        Options::default()
            .page_size(5)
            .with_fault(Fault::unavailable("/v1.0/users?").after(6)),
    );
    let dir = tmp();
    let out = dir.path().join("s.json");
    let cp = dir.path().join("s.json.checkpoint");
    let first = run(fetch(&emu, &out)
        .args(["--max-retries", "0", "--concurrency", "1"])
        .args(DEMO_SIGN_INS));
    assert_eq!(first.code, 4, "stderr:\n{}", first.stderr);
    assert!(!out.exists(), "no snapshot from an interrupted fetch");
    assert!(first.stderr.contains("--resume"), "{}", first.stderr);
    let (text, kept) = checkpoint(&cp);
    assert!(!text.contains("eyJ"), "no token in the checkpoint");
    let done: BTreeSet<&str> = records(&kept, "done")
        .iter()
        .filter_map(|d| d["collection"].as_str())
        .collect();
    let paging: BTreeSet<&str> = records(&kept, "page")
        .iter()
        .filter(|p| p["pages"].as_u64().unwrap_or(0) > 0 && p["items"].is_array())
        .filter_map(|p| p["collection"].as_str())
        .filter(|c| !done.contains(c))
        .collect();
    assert!(!paging.is_empty(), "a collection kept its pages: {text}");
    // A crash in the middle of an append leaves a torn last line: resuming ignores it.
    let mut torn = std::fs::OpenOptions::new()
        .append(true)
        .open(&cp)
        .expect("open checkpoint");
    std::io::Write::write_all(
        &mut torn,
        br#"{"page":{"collection":"users","items":[{"id":"#,
    )
    .expect("tear");
    drop(torn);
    let before = emu.requests().len();

    let second = run(fetch(&emu, &out)
        .args(["--resume", "--concurrency", "1"])
        .args(DEMO_SIGN_INS));
    assert_eq!(second.code, 0, "stderr:\n{}", second.stderr);
    assert!(second.stderr.contains("resuming from"), "{}", second.stderr);
    assert!(
        !cp.exists(),
        "the checkpoint is removed once the snapshot is written"
    );
    let resumed_requests = emu.requests().len() - before;
    let fetched = read(&out);
    for s in SPECS {
        let want = expected_items(&snap, &fetched["collections"][s.name], s.name);
        let got = fetched["collections"][s.name]["items"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(want.len(), got.len(), "{} item count after resume", s.name);
        for w in &want {
            let g = got.iter().find(|g| g["id"] == w["id"]);
            assert_eq!(g.map(norm), Some(norm(w)), "{} item {}", s.name, w["id"]);
        }
    }
    // A fresh fetch of the same tenant needs more requests than the resumed one did.
    let fresh_before = emu.requests().len();
    let third = run(fetch(&emu, &dir.path().join("fresh.json"))
        .args(["--concurrency", "1"])
        .args(DEMO_SIGN_INS));
    assert_eq!(third.code, 0, "stderr:\n{}", third.stderr);
    let fresh_requests = emu.requests().len() - fresh_before;
    assert!(
        resumed_requests < fresh_requests,
        "resumed {resumed_requests} requests, a fresh fetch {fresh_requests}"
    );
    // The same snapshot, byte for byte but for the time it was fetched and the log windows
    // hanging from each fetch's clock (the resumed one keeps its first start's).
    let text = |p: &Path| -> String {
        std::fs::read_to_string(p)
            .expect("written")
            .lines()
            .filter(|l| !l.trim_start().starts_with("\"fetchedAt\""))
            .filter(|l| !l.contains(" ge 20") && !l.contains("\"since\""))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(
        text(&out) == text(&dir.path().join("fresh.json")),
        "a resumed fetch writes what a fresh one does"
    );
}

#[test]
fn a_wrong_secret_fails_fast_with_exit_4_and_never_prints_a_secret() {
    let emu = start(&demo(), Options::default());
    let dir = tmp();
    let out = dir.path().join("s.json");
    let wrong = "WRONG-secret-value-3b1f";
    let r = run(fetch(&emu, &out)
        .env("AZURE_CLIENT_SECRET", wrong)
        .arg("-v"));
    assert_eq!(r.code, 4, "stderr:\n{}", r.stderr);
    assert!(r.stderr.contains("AADSTS7000215"), "{}", r.stderr);
    assert!(r.stderr.contains("wrong client secret"), "{}", r.stderr);
    assert!(!r.stderr.contains(wrong) && !r.stdout.contains(wrong));
    assert!(!out.exists());
    assert!(
        requests_to(&emu, "/v1.0/").is_empty(),
        "no Graph request without a token"
    );
}

#[test]
fn no_secret_or_token_appears_in_any_output() {
    let emu = start(
        &demo(),
        Options::default().with_fault(Fault::expire_tokens("/v1.0/users")),
    );
    let dir = tmp();
    let out = dir.path().join("s.json");
    let r = run(fetch(&emu, &out).arg("-v"));
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    let snapshot = std::fs::read_to_string(&out).expect("written");
    let minted = emu.mint_access_token();
    // JWTs all start with the base64 of `{"`; their header and the emulator's secrets are
    // recognisable.
    let header = minted.split('.').next().unwrap_or("x").to_string();
    for text in [&r.stdout, &r.stderr, &snapshot] {
        assert!(!text.contains(CLIENT_SECRET), "the client secret leaked");
        assert!(!text.contains(&header), "an access token leaked");
        assert!(!text.contains("Bearer "), "an Authorization header leaked");
    }
}

#[test]
fn plain_http_to_a_remote_host_is_refused() {
    let dir = tmp();
    let out = dir.path().join("s.json");
    let r = run(Command::cargo_bin("govlint")
        .expect("binary")
        .env_clear()
        .args(["fetch", "-o"])
        .arg(&out)
        .args([
            "--graph-url",
            "http://graph.example.com",
            "--authority-url",
            "http://127.0.0.1:9",
        ]));
    assert_eq!(r.code, 2, "stderr:\n{}", r.stderr);
    assert!(r.stderr.contains("plain http://"), "{}", r.stderr);
    assert!(!out.exists());
}

/// Requests straight to the emulator with a token it minted, for the tests that probe its
/// Graph rules rather than fetch through it.
struct Probe {
    rt: tokio::runtime::Runtime,
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Probe {
    fn new(emu: &Emulator) -> Probe {
        Probe {
            rt: tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime"),
            http: reqwest::Client::new(),
            base: emu.url(),
            token: emu.mint_access_token(),
        }
    }

    /// GET `path` below /v1.0 (or a whole URL, such as a nextLink), with the token if `auth`.
    fn get(&self, path: &str, auth: bool) -> reqwest::Response {
        let url = if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}/v1.0{path}", self.base)
        };
        let mut r = self.http.get(url);
        if auth {
            r = r.bearer_auth(&self.token);
        }
        self.rt.block_on(r.send()).expect("sent")
    }

    fn status(&self, path: &str) -> u16 {
        self.get(path, true).status().as_u16()
    }

    /// The JSON body of an authenticated GET.
    fn json(&self, path: &str) -> Value {
        self.body(self.get(path, true))
    }

    fn body(&self, r: reqwest::Response) -> Value {
        self.rt.block_on(r.json()).expect("json")
    }

    fn batch(&self, body: Value) -> reqwest::Response {
        let r = self
            .http
            .post(format!("{}/v1.0/$batch", self.base))
            .bearer_auth(&self.token)
            .json(&body)
            .send();
        self.rt.block_on(r).expect("sent")
    }
}

#[test]
fn emulator_enforces_graph_rules() {
    let emu = start(&demo(), Options::default().page_size(3));
    let p = Probe::new(&emu);
    let r = p.get("/users", false);
    assert_eq!(r.status(), 401);
    assert!(r.headers().get("www-authenticate").is_some());
    let r = p.get("/users?$top=1000", true);
    assert_eq!(r.status(), 400);
    let body = p.body(r);
    assert!(body["error"]["message"]
        .as_str()
        .unwrap_or("")
        .contains("Must be between 1 and 999"));
    assert_eq!(
        p.status("/policies/roleManagementPolicies"),
        400,
        "the scope filter is required"
    );
    // Users: default property set without $select, sponsors only when expanded.
    let body = p.json("/users");
    let u = &body["value"][0];
    assert!(
        u.get("userType").is_none() && u.get("sponsors").is_none(),
        "{u}"
    );
    let next = body["@odata.nextLink"].as_str().expect("paged").to_string();
    assert!(
        next.starts_with(&format!("{}/v1.0/users?$skiptoken=", p.base)),
        "{next}"
    );
    // A tampered skiptoken is refused.
    assert_eq!(p.status(&format!("{next}x")), 400);
    let body = p.json("/users?$select=id,userType&$expand=sponsors($select=id)");
    assert!(body["value"][0]["sponsors"].is_array());
    assert!(body["value"][0].get("displayName").is_none());
    // Instances expand their principal on request only.
    let body = p.json("/roleManagement/directory/roleAssignmentScheduleInstances");
    assert!(body["value"][0].get("principal").is_none());
    let body =
        p.json("/roleManagement/directory/roleAssignmentScheduleInstances?$expand=principal");
    assert!(body["value"][0]["principal"]["@odata.type"].is_string());
    // signInActivity pages are at most 500, sign-ins 1,000, risk detections 500; gzip is
    // offered.
    assert_eq!(p.status("/users?$select=id,signInActivity&$top=501"), 400);
    assert_eq!(p.status("/auditLogs/signIns?$top=1001"), 400);
    assert_eq!(p.status("/auditLogs/signIns?$top=1000"), 200);
    assert_eq!(p.status("/identityProtection/riskDetections?$top=501"), 400);
    assert_eq!(
        p.status("/auditLogs/signIns?$filter=createdDateTime%20ge%202026-11-13T09:00:00Z%20and%20status/errorCode%20ne%200"),
        200
    );
    let raw = reqwest::Client::builder()
        .no_gzip()
        .build()
        .expect("client");
    let r = raw
        .get(format!("{}/v1.0/groups", p.base))
        .bearer_auth(&p.token)
        .header("accept-encoding", "gzip")
        .send();
    let r = p.rt.block_on(r).expect("sent");
    assert_eq!(
        r.headers().get("content-encoding").map(|v| v.as_bytes()),
        Some(&b"gzip"[..])
    );
    assert!(r.headers().get("request-id").is_some());
}

// ---- auth flows, each against the emulator's token endpoint ----

fn fetch_with(emu: &Emulator, out: &Path, env: &[(&str, String)], args: &[&str]) -> Run {
    let mut c = Command::cargo_bin("govlint").expect("binary built");
    c.env_clear();
    for (k, v) in env {
        c.env(k, v);
    }
    c.args(["fetch", "-o"])
        .arg(out)
        .args(["--graph-url", &emu.url(), "--authority-url", &emu.url()])
        .args(["--retry-base-ms", "1", "--only", "risk"])
        .args(args);
    run(&mut c)
}

#[test]
fn auth_certificate_assertion() {
    let emu = start(&demo(), Options::default());
    let dir = tmp();
    let pem = write(dir.path(), "cert.pem", CLIENT_CERT_PEM);
    let env = certificate_env(&emu, &pem);
    let r = fetch_with(&emu, &dir.path().join("s.json"), &env, &[]);
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    assert_eq!(grants(&emu), vec!["client_credentials+certificate"]);
    assert!(!r.stderr.contains("PRIVATE KEY"));
}

#[test]
fn auth_certificate_with_an_unregistered_key_is_refused() {
    let emu = start(
        &demo(),
        Options {
            apps: vec![govlint_testkit::emulator::App {
                certificate: None,
                ..govlint_testkit::emulator::App::default_app()
            }],
            ..Options::default()
        },
    );
    let dir = tmp();
    let pem = write(dir.path(), "cert.pem", CLIENT_CERT_PEM);
    let env = certificate_env(&emu, &pem);
    let r = fetch_with(
        &emu,
        &dir.path().join("s.json"),
        &env,
        &["--auth", "certificate"],
    );
    assert_eq!(r.code, 4, "stderr:\n{}", r.stderr);
    assert!(r.stderr.contains("AADSTS700027"), "{}", r.stderr);
}

#[test]
fn auth_federated_token_file() {
    let emu = start(&demo(), Options::default());
    let dir = tmp();
    let file = write(dir.path(), "token", emu.federated_token(GITHUB_SUBJECT));
    let mut env = base_env(&emu);
    env.push(("AZURE_FEDERATED_TOKEN_FILE", file.display().to_string()));
    let r = fetch_with(&emu, &dir.path().join("s.json"), &env, &[]);
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    assert_eq!(grants(&emu), vec!["client_credentials+federated"]);

    // A subject the app does not trust is refused with the AADSTS code and a hint.
    let bad = write(
        dir.path(),
        "bad",
        emu.federated_token("repo:evil/fork:pull_request"),
    );
    let mut env = base_env(&emu);
    env.push(("AZURE_FEDERATED_TOKEN_FILE", bad.display().to_string()));
    let r = fetch_with(&emu, &dir.path().join("t.json"), &env, &[]);
    assert_eq!(r.code, 4, "stderr:\n{}", r.stderr);
    assert!(
        r.stderr.contains("AADSTS70021") && r.stderr.contains("federated identity credential"),
        "{}",
        r.stderr
    );
}

#[test]
fn auth_github_actions_oidc() {
    let emu = start(&demo(), Options::default());
    let dir = tmp();
    let mut env = base_env(&emu);
    env.push((
        "ACTIONS_ID_TOKEN_REQUEST_URL",
        format!("{}/github/oidc?api-version=2.0", emu.url()),
    ));
    env.push((
        "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
        GITHUB_REQUEST_TOKEN.to_string(),
    ));
    let r = fetch_with(&emu, &dir.path().join("s.json"), &env, &[]);
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    assert_eq!(
        grants(&emu),
        vec!["github-oidc", "client_credentials+federated"]
    );
    let gh = requests_to(&emu, "/github/oidc");
    assert!(gh[0]
        .target
        .contains("audience=api%3A%2F%2FAzureADTokenExchange"));
    assert!(!r.stderr.contains(GITHUB_REQUEST_TOKEN));
}

#[test]
fn auth_managed_identity_app_service_and_imds() {
    let emu = start(&demo(), Options::default());
    let dir = tmp();
    let env = vec![
        ("IDENTITY_ENDPOINT", format!("{}/msi/token", emu.url())),
        ("IDENTITY_HEADER", IDENTITY_HEADER.to_string()),
    ];
    let r = fetch_with(&emu, &dir.path().join("s.json"), &env, &[]);
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    assert_eq!(grants(&emu), vec!["app-service"]);

    let emu = start(&demo(), Options::default());
    let env = vec![("AZURE_POD_IDENTITY_AUTHORITY_HOST", emu.url())];
    let r = fetch_with(
        &emu,
        &dir.path().join("t.json"),
        &env,
        &["--auth", "managed-identity"],
    );
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    assert_eq!(grants(&emu), vec!["imds"]);
    assert!(requests_to(&emu, "/metadata/identity/oauth2/token")[0]
        .target
        .contains("resource=https%3A%2F%2Fgraph.microsoft.com"));
}

#[cfg(unix)]
#[test]
fn auth_azure_cli() {
    use std::os::unix::fs::PermissionsExt;
    let emu = start(&demo(), Options::default());
    let dir = tmp();
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).expect("mkdir");
    let token = emu.mint_access_token();
    let script = format!(
        "#!/bin/sh\n[ \"$1 $2\" = \"account get-access-token\" ] || exit 2\necho '{{\"accessToken\": \"{token}\", \"expires_on\": 4102444800, \"tokenType\": \"Bearer\"}}'\n"
    );
    let az = write(&bin, "az", &script);
    std::fs::set_permissions(&az, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let env = vec![("PATH", format!("{}:/usr/bin:/bin", bin.display()))];
    let r = fetch_with(&emu, &dir.path().join("s.json"), &env, &[]);
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    assert!(
        grants(&emu).is_empty(),
        "the token came from az, not the token endpoint"
    );
    assert!(!r.stderr.contains(&token));
}

#[test]
fn auth_device_code() {
    let emu = start(
        &demo(),
        Options {
            device_pending_polls: 2,
            ..Options::default()
        },
    );
    let dir = tmp();
    let r = fetch_with(
        &emu,
        &dir.path().join("s.json"),
        &base_env(&emu),
        &["--auth", "device-code"],
    );
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    assert!(r.stderr.contains("enter the code EMU-4242"), "{}", r.stderr);
    assert_eq!(
        grants(&emu),
        vec!["devicecode", "device_code", "device_code", "device_code"]
    );
}

#[test]
fn no_credentials_is_exit_4_with_the_variables_to_set() {
    let dir = tmp();
    let r = run(Command::cargo_bin("govlint")
        .expect("binary")
        .env_clear()
        .args(["fetch", "-o"])
        .arg(dir.path().join("s.json")));
    assert_eq!(r.code, 4, "stderr:\n{}", r.stderr);
    assert!(r.stderr.contains("AZURE_CLIENT_SECRET"), "{}", r.stderr);
}

#[test]
fn permissions_lists_least_privilege_per_area() {
    let r = run(Command::cargo_bin("govlint")
        .expect("binary")
        .args(["permissions"]));
    assert_eq!(r.code, 0);
    for s in SPECS {
        assert!(r.stdout.contains(s.permission), "{}", s.permission);
    }
    let r = run(Command::cargo_bin("govlint").expect("binary").args([
        "permissions",
        "--only",
        "ar",
        "--format",
        "json",
    ]));
    assert_eq!(r.code, 0);
    let v: Value = serde_json::from_str(&r.stdout).expect("json");
    let perms: BTreeSet<&str> = v
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|p| p["permission"].as_str())
        .collect();
    assert_eq!(
        perms,
        BTreeSet::from(["AccessReview.Read.All", "Organization.Read.All"])
    );
    // Licences beside permissions: the logs need Entra ID P1, ID Protection P1 or P2.
    let r = run(Command::cargo_bin("govlint").expect("binary").args([
        "permissions",
        "--only",
        "signins,risk",
    ]));
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("AuditLog.Read.All") && r.stdout.contains("IdentityRiskEvent.Read.All")
    );
    assert!(
        r.stdout.contains("6e472fd1-ad78-48da-a0f0-97ab2c6b769e"),
        "{}",
        r.stdout
    );
    for line in ["signIns", "riskDetections", "riskyUsers"] {
        assert!(
            r.stdout
                .lines()
                .any(|l| l.trim_start().starts_with(line) && l.contains("Entra ID P1")),
            "{line} licence: {}",
            r.stdout
        );
    }
    let r = run(Command::cargo_bin("govlint").expect("binary").args([
        "permissions",
        "--only",
        "signins",
        "--format",
        "json",
    ]));
    let v: Value = serde_json::from_str(&r.stdout).expect("json");
    let audit = v
        .as_array()
        .expect("array")
        .iter()
        .find(|p| p["permission"] == "AuditLog.Read.All")
        .expect("AuditLog.Read.All");
    assert_eq!(audit["licenses"], json!({"signIns": "Entra ID P1"}));
}

#[test]
fn a_sign_ins_window_that_is_not_days_or_a_time_is_a_usage_error() {
    for bad in ["yesterday", "0", "7w", "2026-13-01T00:00:00Z"] {
        let r = run(Command::cargo_bin("govlint")
            .expect("binary")
            .env_clear()
            .args(["fetch", "--sign-ins-since", bad]));
        assert_eq!(r.code, 2, "{bad}: {}", r.stderr);
        assert!(r.stderr.contains("--sign-ins-since"), "{bad}: {}", r.stderr);
    }
    // A time after the fetch's clock reads nothing: refused before any request.
    let emu = start(&identity_tenant(1, 0), Options::default());
    let dir = tmp();
    let r =
        run(fetch(&emu, &dir.path().join("s.json"))
            .args(["--sign-ins-since", "2999-01-01T00:00:00Z"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("after the fetch's clock"), "{}", r.stderr);
    assert!(emu.requests().is_empty(), "nothing asked of Graph");
}

/// Where a fetch's requests go, on a generated tenant (`GOVLINT_FETCH_TENANT=FILE`, e.g. from
/// `gen-tenant --compact --users 5000 --guests 500 --decisions 20000`): prints requests per
/// path shape. Run by hand: `cargo test --test fetch request_breakdown -- --ignored --nocapture`.
#[test]
#[ignore]
fn request_breakdown() {
    let Some(path) = std::env::var_os("GOVLINT_FETCH_TENANT") else {
        eprintln!("set GOVLINT_FETCH_TENANT to a generated tenant");
        return;
    };
    let mut snap: Value =
        serde_json::from_slice(&std::fs::read(path).expect("tenant")).expect("JSON");
    for s in SPECS {
        if snap["collections"].get(s.name).is_none() {
            snap["collections"][s.name] =
                json!({"status": "complete", "apiVersion": "v1.0", "count": 0, "items": []});
        }
    }
    let emu = start(&snap, Options::default());
    drop(snap);
    let dir = tmp();
    let out = dir.path().join("s.json");
    let o = fetch(&emu, &out)
        // The generated sign-ins cover the week before the tenant's clock, not the machine's.
        .args(["--sign-ins-since", &tenant::days_from_now(-7)])
        .timeout(Duration::from_secs(1200))
        .output()
        .expect("govlint runs");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(matches!(o.status.code(), Some(0 | 3)), "stderr:\n{stderr}");
    eprintln!("{stderr}");
    let mut by: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for q in emu.requests().into_iter().filter(|q| q.grant.is_none()) {
        let path = q.target.split('?').next().unwrap_or("").to_string();
        // Ids become `{id}` so per-parent children group together.
        let shape: Vec<String> = path
            .split('/')
            .map(|s| {
                if s.len() > 8 && s.chars().any(|c| c.is_ascii_digit()) {
                    "{id}".to_string()
                } else {
                    s.to_string()
                }
            })
            .collect();
        let e = by.entry(shape.join("/")).or_default();
        if q.batched {
            e.1 += 1;
        } else {
            e.0 += 1;
        }
    }
    let total: usize = by.values().map(|v| v.0).sum();
    eprintln!("{:>6} {:>8}  path", "HTTP", "batched");
    for (k, (n, b)) in &by {
        eprintln!("{n:>6} {b:>8}  {k}");
    }
    eprintln!("{total:>6}           HTTP requests in all");
}

// ---- the privilege collections: group members, PIM for groups, policies, $batch ----

const G_TIER0: &str = "aaaaaaaa-0000-4000-8000-000000000001";
const G_NESTED: &str = "aaaaaaaa-0000-4000-8000-000000000002";
const G_DEEP: &str = "aaaaaaaa-0000-4000-8000-000000000003";
const G_PLAIN: &str = "aaaaaaaa-0000-4000-8000-000000000004";
const G_EMPTY_RA: &str = "aaaaaaaa-0000-4000-8000-000000000005";

fn user_ref(id: &str) -> Value {
    json!({"@odata.type": "#microsoft.graph.user", "id": id, "displayName": id,
           "userPrincipalName": format!("{id}@contoso.example"), "userType": "Member", "accountEnabled": true})
}

fn group_ref(id: &str) -> Value {
    json!({"@odata.type": "#microsoft.graph.group", "id": id, "displayName": id})
}

fn owner_ref(id: &str) -> Value {
    json!({"@odata.type": "#microsoft.graph.user", "id": id, "displayName": id,
           "userPrincipalName": format!("{id}@contoso.example")})
}

fn group(
    id: &str,
    role_assignable: bool,
    members: Option<Vec<Value>>,
    owners: Vec<Value>,
) -> Value {
    let mut g = json!({"id": id, "displayName": id, "groupTypes": [], "securityEnabled": true,
                       "mailEnabled": false, "isAssignableToRole": role_assignable});
    if let Some(m) = members {
        g["members"] = json!(m);
        g["owners"] = json!(owners);
    }
    g
}

/// Role-assignable groups with a nested group, a deeper one and a membership cycle, PIM for
/// groups data, the tenant's authorization policy, role assignments and activations.
fn privilege_tenant() -> Value {
    let instance = |id: &str, gid: &str, access: &str| {
        json!({"id": id, "groupId": gid, "principalId": "u-1", "accessId": access,
               "memberType": "direct", "startDateTime": "2026-01-01T00:00:00Z", "endDateTime": null,
               "eligibilityScheduleId": format!("sched-{id}")})
    };
    let policy = |gid: &str, role: &str| {
        json!({"id": format!("Group_{gid}_{role}"), "displayName": "Group", "scopeId": gid, "scopeType": "Group",
               "isOrganizationDefault": false,
               "rules": [{"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyApprovalRule",
                          "id": "Approval_EndUser_Assignment", "setting": {"isApprovalRequired": false}}]})
    };
    let assignment = |gid: &str, role: &str| {
        json!({"id": format!("Group_{gid}_{role}_a"), "policyId": format!("Group_{gid}_{role}"),
               "scopeId": gid, "scopeType": "Group", "roleDefinitionId": role})
    };
    json!({
        "schema": "govlint.snapshot/v1",
        "tenant": {"id": "11111111-2222-4333-8444-555555555555", "displayName": "Tiny", "cloud": "global"},
        "fetchedAt": "2026-11-20T09:00:00Z",
        "collections": {
            "organization": {"status": "complete", "items": [{"id": "11111111-2222-4333-8444-555555555555", "displayName": "Tiny"}]},
            "groups": {"status": "complete", "items": [
                group(G_TIER0, true, Some(vec![user_ref("u-1"), group_ref(G_NESTED)]), vec![owner_ref("u-2")]),
                group(G_NESTED, false, Some(vec![user_ref("u-3"), group_ref(G_DEEP)]), vec![]),
                // G_DEEP and G_NESTED contain each other: a cycle.
                group(G_DEEP, false, Some(vec![group_ref(G_NESTED), user_ref("u-4")]), vec![owner_ref("u-5")]),
                // Not role-assignable and not nested in one: its members are never read.
                group(G_PLAIN, false, Some(vec![user_ref("u-6")]), vec![]),
                group(G_EMPTY_RA, true, Some(vec![]), vec![])
            ]},
            "privilegedAccessGroupEligibilityScheduleInstances": {"status": "complete", "items": [
                instance("e-1", G_TIER0, "member"), instance("e-2", G_TIER0, "owner"),
                instance("e-3", G_EMPTY_RA, "member"),
                // A group that is not role-assignable is not read.
                instance("e-4", G_PLAIN, "member")
            ]},
            "privilegedAccessGroupAssignmentScheduleInstances": {"status": "complete", "items": [
                {"id": "a-1", "groupId": G_TIER0, "principalId": "u-1", "accessId": "member", "memberType": "direct",
                 "assignmentType": "activated", "startDateTime": "2026-11-19T08:00:00Z", "endDateTime": "2026-11-19T16:00:00Z",
                 "assignmentScheduleId": "as-1"}
            ]},
            "groupRoleManagementPolicies": {"status": "complete", "items": [
                policy(G_TIER0, "member"), policy(G_TIER0, "owner"), policy(G_EMPTY_RA, "member")
            ]},
            "groupRoleManagementPolicyAssignments": {"status": "complete", "items": [
                assignment(G_TIER0, "member"), assignment(G_TIER0, "owner"), assignment(G_EMPTY_RA, "member")
            ]},
            "roleManagementPolicies": {"status": "complete", "items": [
                {"id": "DirectoryRole_x", "scopeId": "/", "scopeType": "DirectoryRole", "rules": []}
            ]},
            "authorizationPolicy": {"status": "complete", "items": [
                {"id": "authorizationPolicy", "displayName": "Authorization Policy",
                 "allowInvitesFrom": "everyone", "guestUserRoleId": "10dae51f-b6af-4016-8d66-8c2a99b929b3"}
            ]},
            "roleAssignments": {"status": "complete", "items": [
                {"id": "ra-1", "principalId": "u-1", "roleDefinitionId": "62e90394-69f5-4237-9190-012177145e10", "directoryScopeId": "/"}
            ]},
            "roleAssignmentScheduleRequests": {"status": "complete", "items": [
                {"id": "req-1", "action": "selfActivate", "principalId": "u-1",
                 "roleDefinitionId": "62e90394-69f5-4237-9190-012177145e10", "directoryScopeId": "/",
                 "status": "Provisioned", "createdDateTime": "2026-11-01T08:00:00Z", "completedDateTime": "2026-11-01T08:00:05Z",
                 "justification": "incident 42", "scheduleInfo": {"startDateTime": "2026-11-01T08:00:05Z",
                 "expiration": {"type": "afterDuration", "duration": "PT8H"}}},
                {"id": "req-2", "action": "adminAssign", "principalId": "u-2",
                 "roleDefinitionId": "62e90394-69f5-4237-9190-012177145e10", "directoryScopeId": "/", "status": "Provisioned"}
            ]}
        }
    })
}

fn ids(items: &Value) -> BTreeSet<String> {
    items
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["id"].as_str().map(str::to_string))
        .collect()
}

fn set(xs: &[&str]) -> BTreeSet<String> {
    xs.iter().map(|s| s.to_string()).collect()
}

#[test]
fn privilege_collections_are_fetched_nested_members_transitively_in_batches() {
    let emu = start(&privilege_tenant(), Options::default());
    let dir = tmp();
    let out = dir.path().join("s.json");
    // Today's set, for huge tenants: role-assignable groups and the groups nested in them.
    let r = run(fetch(&emu, &out).args([
        "--only",
        "groups,pim,users",
        "--group-members",
        "privileged",
    ]));
    let v = read(&out);
    let c = &v["collections"];
    // users/sign-ins/registration are empty here, so everything is complete.
    assert_eq!(r.code, 0, "stderr:\n{}\n{c:#}", r.stderr);

    let groups = c["groups"]["items"].as_array().expect("groups");
    let g = |id: &str| groups.iter().find(|g| g["id"] == id).expect("group");
    assert_eq!(ids(&g(G_TIER0)["members"]), set(&["u-1", G_NESTED]));
    assert_eq!(
        g(G_TIER0)["members"][1]["@odata.type"],
        "#microsoft.graph.group"
    );
    assert_eq!(g(G_TIER0)["members"][0]["userType"], "Member");
    assert_eq!(ids(&g(G_TIER0)["owners"]), set(&["u-2"]));
    // Transitively: the nested group and the one nested in it, despite the cycle.
    assert_eq!(ids(&g(G_NESTED)["members"]), set(&["u-3", G_DEEP]));
    assert_eq!(ids(&g(G_DEEP)["members"]), set(&[G_NESTED, "u-4"]));
    assert_eq!(ids(&g(G_DEEP)["owners"]), set(&["u-5"]));
    assert_eq!(g(G_EMPTY_RA)["members"], json!([]));
    // Absent means not read: a group outside the closure has no navs.
    assert!(g(G_PLAIN).get("members").is_none() && g(G_PLAIN).get("owners").is_none());
    // Each group's members read once (the cycle does not loop).
    for gid in [G_TIER0, G_NESTED, G_DEEP] {
        let n = requests_to(&emu, &format!("/groups/{gid}/members")).len();
        assert_eq!(n, 1, "members of {gid} read {n} times");
    }
    assert!(requests_to(&emu, &format!("/groups/{G_PLAIN}/")).is_empty());

    // PIM for groups: per role-assignable group, concatenated.
    let pick = |name: &str| ids(&c[name]["items"]);
    for name in [
        "privilegedAccessGroupEligibilityScheduleInstances",
        "privilegedAccessGroupAssignmentScheduleInstances",
        "groupRoleManagementPolicies",
        "groupRoleManagementPolicyAssignments",
        "authorizationPolicy",
        "roleAssignments",
        "roleAssignmentScheduleRequests",
    ] {
        assert_eq!(c[name]["status"], "complete", "{name}: {:#}", c[name]);
    }
    assert_eq!(
        pick("privilegedAccessGroupEligibilityScheduleInstances"),
        set(&["e-1", "e-2", "e-3"])
    );
    assert_eq!(
        pick("privilegedAccessGroupAssignmentScheduleInstances"),
        set(&["a-1"])
    );
    let policies = &c["groupRoleManagementPolicies"]["items"];
    assert_eq!(policies.as_array().map(Vec::len), Some(3));
    assert_eq!(policies[0]["rules"][0]["id"], "Approval_EndUser_Assignment");
    assert_eq!(c["groupRoleManagementPolicyAssignments"]["count"], 3);
    // The directory policies stay the directory's.
    assert_eq!(pick("roleManagementPolicies"), set(&["DirectoryRole_x"]));
    // The required filters were sent, one request per group (in $batch).
    let pim = requests_to(&emu, "/privilegedAccess/group/eligibilityScheduleInstances");
    assert_eq!(pim.len(), 2, "{pim:#?}");
    assert!(pim
        .iter()
        .all(|q| q.batched && q.target.contains("$filter=groupId%20eq%20%27")));
    assert!(requests_to(&emu, "scopeType%20eq%20%27Group%27")
        .iter()
        .all(|q| q.target.contains("scopeId%20eq%20%27aaaaaaaa-")));

    // authorizationPolicy: one object, stored as a one-item collection.
    let ap = &c["authorizationPolicy"];
    assert_eq!(ap["count"], 1);
    assert_eq!(ap["items"][0]["allowInvitesFrom"], "everyone");
    assert!(ap["items"][0].get("@odata.context").is_none());
    // Role assignments without $top; only self-activations.
    assert_eq!(pick("roleAssignments"), set(&["ra-1"]));
    assert!(requests_to(&emu, "/roleAssignments")
        .iter()
        .all(|q| !q.target.contains("top")));
    assert_eq!(pick("roleAssignmentScheduleRequests"), set(&["req-1"]));
    assert_eq!(
        c["roleAssignmentScheduleRequests"]["items"][0]["scheduleInfo"]["expiration"]["duration"],
        "PT8H"
    );

    // $batch carried the fan-outs: fewer HTTP requests than lists read.
    let all = emu.requests();
    let http = all
        .iter()
        .filter(|q| !q.batched && q.grant.is_none())
        .count();
    let batched = all.iter().filter(|q| q.batched).count();
    let envelopes = requests_to(&emu, "/v1.0/$batch");
    assert!(
        !envelopes.is_empty()
            && envelopes
                .iter()
                .all(|q| q.method == "POST" && q.status == 200)
    );
    assert!(batched >= 12, "{batched} sub-requests");
    assert!(
        http + batched - envelopes.len() > http + 8,
        "{http} HTTP requests for {} lists",
        http + batched - envelopes.len()
    );
}

#[test]
fn only_pim_finds_the_role_assignable_groups_itself() {
    let emu = start(&privilege_tenant(), Options::default());
    let dir = tmp();
    let out = dir.path().join("s.json");
    let r = run(fetch(&emu, &out).args(["--only", "pim"]));
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    let c = &read(&out)["collections"];
    assert!(c.get("groups").is_none());
    assert_eq!(
        ids(&c["privilegedAccessGroupEligibilityScheduleInstances"]["items"]),
        set(&["e-1", "e-2", "e-3"])
    );
    let q = requests_to(&emu, "/v1.0/groups?");
    assert_eq!(q.len(), 1, "{q:#?}");
    assert!(q[0].target.contains("isAssignableToRole%20eq%20true"));
}

#[test]
fn denied_pim_for_groups_is_recorded_with_its_permission() {
    // The permission missing: every per-group read is refused, the collection unavailable.
    let emu = start(
        &privilege_tenant(),
        Options::default().without_permission("PrivilegedEligibilitySchedule.Read.AzureADGroup"),
    );
    let dir = tmp();
    let out = dir.path().join("s.json");
    let r = run(fetch(&emu, &out).args(["--only", "groups,pim"]));
    assert_eq!(r.code, 3, "stderr:\n{}", r.stderr);
    assert!(
        r.stderr
            .contains("warning: the token lacks PrivilegedEligibilitySchedule.Read.AzureADGroup"),
        "{}",
        r.stderr
    );
    let c = &read(&out)["collections"];
    let e = &c["privilegedAccessGroupEligibilityScheduleInstances"];
    assert_eq!(e["status"], "unavailable", "{e:#}");
    assert_eq!(e["error"]["httpStatus"], 403);
    assert_eq!(
        e["error"]["permission"],
        "PrivilegedEligibilitySchedule.Read.AzureADGroup"
    );
    assert_eq!(e["items"], json!([]));
    assert_eq!(
        c["privilegedAccessGroupAssignmentScheduleInstances"]["status"],
        "complete"
    );

    // One group's read refused: partial, the gap naming the group and the permission.
    let emu = start(
        &privilege_tenant(),
        Options::default().with_fault(Fault::forbidden(&format!(
            "eligibilityScheduleInstances?$filter=groupId%20eq%20%27{G_EMPTY_RA}"
        ))),
    );
    let out = dir.path().join("t.json");
    let r = run(fetch(&emu, &out).args(["--only", "groups,pim"]));
    assert_eq!(r.code, 3, "stderr:\n{}", r.stderr);
    let c = &read(&out)["collections"];
    let e = &c["privilegedAccessGroupEligibilityScheduleInstances"];
    assert_eq!(e["status"], "partial", "{e:#}");
    assert_eq!(ids(&e["items"]), set(&["e-1", "e-2"]));
    let gaps = e["gaps"].as_array().expect("gaps");
    assert_eq!(gaps.len(), 1, "{gaps:#?}");
    assert_eq!(
        gaps[0]["what"],
        format!("privilegedAccessGroupEligibilityScheduleInstances of group {G_EMPTY_RA}")
    );
    assert_eq!(
        gaps[0]["error"]["permission"],
        "PrivilegedEligibilitySchedule.Read.AzureADGroup"
    );

    // Without the groups, which groups to read is unknown: unavailable, naming that gap.
    let emu = start(
        &privilege_tenant(),
        Options::default().without_permission("GroupMember.Read.All"),
    );
    let out = dir.path().join("u.json");
    let r = run(fetch(&emu, &out).args(["--only", "groups,pim"]));
    assert_eq!(r.code, 3, "stderr:\n{}", r.stderr);
    let c = &read(&out)["collections"];
    for name in ["groups", "groupRoleManagementPolicies"] {
        assert_eq!(c[name]["status"], "unavailable", "{name}");
        assert_eq!(
            c[name]["error"]["permission"], "GroupMember.Read.All",
            "{name}"
        );
    }
}

#[test]
fn a_throttled_sub_request_is_retried_after_its_retry_after() {
    let emu = start(
        &privilege_tenant(),
        Options::default()
            .with_fault(Fault::throttle(
                &format!("/groups/{G_NESTED}/members"),
                Some("0.05"),
            ))
            .with_fault(Fault::throttle("assignmentScheduleInstances?", None).times(2)),
    );
    let dir = tmp();
    let out = dir.path().join("s.json");
    let r = run(fetch(&emu, &out).args(["--only", "groups,pim", "-v"]));
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    assert_eq!(emu.fault_counts(), vec![1, 2]);
    let members = requests_to(&emu, &format!("/groups/{G_NESTED}/members"));
    assert_eq!(
        members.iter().map(|q| q.status).collect::<Vec<_>>(),
        vec![429, 200],
        "{members:#?}"
    );
    // Throttled inside a batch; sent again alone (a batch of one would be a wasted envelope).
    assert!(members[0].batched && !members[1].batched);
    assert!(r.stderr.contains("HTTP 429 in $batch"), "{}", r.stderr);
    let c = &read(&out)["collections"];
    let groups = c["groups"]["items"].as_array().expect("groups");
    let nested = groups.iter().find(|g| g["id"] == G_NESTED).expect("nested");
    assert_eq!(ids(&nested["members"]), set(&["u-3", G_DEEP]));
    assert_eq!(
        ids(&c["privilegedAccessGroupAssignmentScheduleInstances"]["items"]),
        set(&["a-1"])
    );
}

#[test]
fn a_guest_with_more_sponsors_than_expand_returns_is_read_in_full() {
    let sponsors: Vec<Value> = (0..25)
        .map(|i| json!({"@odata.type": "#microsoft.graph.user", "id": format!("s-{i:02}"), "displayName": format!("S {i}")}))
        .collect();
    let snap = json!({
        "schema": "govlint.snapshot/v1",
        "tenant": {"id": "11111111-2222-4333-8444-555555555555", "displayName": "Tiny", "cloud": "global"},
        "fetchedAt": "2026-11-20T09:00:00Z",
        "collections": {
            "organization": {"status": "complete", "items": [{"id": "11111111-2222-4333-8444-555555555555"}]},
            "users": {"status": "complete", "items": [
                {"id": "g-1", "displayName": "Guest", "userType": "Guest", "sponsors": sponsors},
                {"id": "m-1", "displayName": "Member", "userType": "Member", "sponsors": [sponsors[0]]}
            ]},
            "authorizationPolicy": {"status": "complete", "items": [{"id": "authorizationPolicy", "allowInvitesFrom": "none"}]}
        }
    });
    let emu = start(&snap, Options::default());
    let dir = tmp();
    let out = dir.path().join("s.json");
    let r = run(fetch(&emu, &out).args(["--only", "users"]));
    let c = &read(&out)["collections"];
    assert_eq!(c["users"]["status"], "complete", "{}", r.stderr);
    let users = c["users"]["items"].as_array().expect("users");
    assert_eq!(users[0]["sponsors"].as_array().map(Vec::len), Some(25));
    // Sponsors are read for guests only: a member carries no `sponsors` (not read).
    assert!(users[1].get("sponsors").is_none(), "{:#}", users[1]);
    assert_eq!(requests_to(&emu, "/users/g-1/sponsors").len(), 1);
    assert!(requests_to(&emu, "/users/m-1/sponsors").is_empty());
    let guest_reads = queries_to(&emu, "/v1.0/users")
        .into_iter()
        .filter(|q| q.contains("userType eq 'Guest'"))
        .count();
    assert_eq!(guest_reads, 1, "one read of the guests");
}

#[test]
fn emulator_batch_and_privilege_routes_follow_graph() {
    let emu = start(&privilege_tenant(), Options::default().page_size(2));
    let p = Probe::new(&emu);
    // PIM for groups lists need a groupId or principalId filter.
    let pim = "/identityGovernance/privilegedAccess/group/eligibilityScheduleInstances";
    assert_eq!(p.status(pim), 400);
    let body = p.json(&format!("{pim}?$filter=principalId eq 'u-1'"));
    assert_eq!(body["value"].as_array().map(Vec::len), Some(2), "{body}");
    assert!(body["@odata.nextLink"].is_string(), "paged at 2");
    let body = p.json(&format!("{pim}?$filter=groupId eq '{G_EMPTY_RA}'"));
    assert_eq!(ids(&body["value"]), set(&["e-3"]));
    // Group policies: their own collection, filtered by scope.
    let body = p.json(&format!(
        "/policies/roleManagementPolicies?$filter=scopeId eq '{G_EMPTY_RA}' and scopeType eq 'Group'"
    ));
    assert_eq!(
        ids(&body["value"]),
        set(&[&format!("Group_{G_EMPTY_RA}_member")[..]])
    );
    assert!(
        body["value"][0].get("rules").is_none(),
        "rules only when expanded"
    );
    // authorizationPolicy: one object, no value, no paging.
    let body = p.json("/policies/authorizationPolicy");
    assert!(
        body.get("value").is_none() && body["id"] == "authorizationPolicy",
        "{body}"
    );
    assert_eq!(
        p.status("/roleManagement/directory/roleAssignments?$top=5"),
        400
    );
    // Group members: directory objects with their type.
    let body = p.json(&format!("/groups/{G_TIER0}/members?$select=id"));
    assert_eq!(body["value"][1]["@odata.type"], "#microsoft.graph.group");
    assert!(body["value"][1].get("displayName").is_none());
    // Resource units as Graph counts them: members 3, $select -1.
    let r = p.get(&format!("/groups/{G_TIER0}/members?$select=id"), true);
    assert_eq!(
        r.headers().get("x-ms-resource-unit").map(|v| v.as_bytes()),
        Some(&b"2"[..])
    );
    // Groups never carry their navs in a list.
    let body = p.json("/groups?$top=5");
    assert!(body["value"][0].get("members").is_none());

    // $batch: ≤ 20, unique ids, any order, per-request status.
    let many: Vec<Value> = (0..21)
        .map(|i| json!({"id": i.to_string(), "method": "GET", "url": "/organization"}))
        .collect();
    assert_eq!(p.batch(json!({"requests": many})).status(), 400);
    let dup = json!({"requests": [
        {"id": "a", "method": "GET", "url": "/organization"},
        {"id": "A", "method": "GET", "url": "/organization"}]});
    assert_eq!(p.batch(dup).status(), 400);
    let r = p.batch(json!({"requests": [
        {"id": "1", "method": "GET", "url": "/organization"},
        {"id": "2", "method": "GET", "url": pim},
        {"id": "3", "method": "GET", "url": "groups/nope/members"},
        {"id": "4", "method": "GET", "url": format!("/groups/{G_TIER0}/owners"), "dependsOn": ["2"]}
    ]}));
    assert_eq!(r.status(), 200);
    let body = p.body(r);
    let got: Vec<(String, u64)> = body["responses"]
        .as_array()
        .expect("responses")
        .iter()
        .map(|x| {
            (
                x["id"].as_str().unwrap_or("").to_string(),
                x["status"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let order: Vec<&str> = got.iter().map(|(id, _)| id.as_str()).collect();
    assert_ne!(order, vec!["1", "2", "3", "4"], "answered out of order");
    let by: std::collections::BTreeMap<_, _> = got.into_iter().collect();
    assert_eq!(by["1"], 200);
    assert_eq!(by["2"], 400, "required filter inside a batch too");
    assert_eq!(by["3"], 404);
    assert_eq!(by["4"], 424, "its dependency failed");
}

#[test]
fn a_page_size_graph_refuses_is_read_again_at_its_default() {
    // Graph documents no maximum for many governance lists: a smaller one than guessed.
    let snap = governance_tenant();
    let emu = start(
        &snap,
        Options {
            max_top: Some(50),
            ..Options::default()
        },
    );
    let dir = tmp();
    let out = dir.path().join("s.json");
    let r = run(fetch(&emu, &out).args(["--only", "ar,em", "-v"]));
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    let c = &read(&out)["collections"];
    let defs = &c["accessReviewDefinitions"];
    assert_eq!(defs["status"], "complete");
    assert_eq!(
        defs["items"][0]["instances"][0]["decisions"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );
    // Refused once each (plain and inside a batch), then read without $top.
    let refused: Vec<_> = emu
        .requests()
        .into_iter()
        .filter(|q| q.status == 400)
        .collect();
    assert!(
        refused.iter().any(|q| !q.batched) && refused.iter().any(|q| q.batched),
        "{refused:#?}"
    );
    assert!(refused.iter().all(|q| q.target.contains("top=999")));
    assert!(
        r.stderr
            .contains("reading it again at Graph's default page size"),
        "{}",
        r.stderr
    );
    assert_eq!(
        c["connectedOrganizations"]["items"][0]["internalSponsors"][0]["displayName"],
        "Sara"
    );
}

#[test]
fn a_connection_dropped_mid_body_is_retried() {
    let emu = start(
        &privilege_tenant(),
        Options::default()
            .with_fault(Fault::drop_mid_body("/v1.0/groups?"))
            .with_fault(Fault::drop_mid_body(&format!("/groups/{G_TIER0}/owners"))),
    );
    let dir = tmp();
    let out = dir.path().join("s.json");
    let r = run(fetch(&emu, &out).args(["--only", "groups,pim", "-v"]));
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    assert_eq!(emu.fault_counts(), vec![1, 1]);
    assert!(r.stderr.contains("response cut off"), "{}", r.stderr);
    // The list and the batch holding the owners' read were both sent again.
    assert_eq!(requests_to(&emu, "/v1.0/groups?").len(), 2);
    assert_eq!(
        requests_to(&emu, &format!("/groups/{G_TIER0}/owners")).len(),
        2
    );
    let c = &read(&out)["collections"];
    let groups = c["groups"]["items"].as_array().expect("groups");
    assert_eq!(groups.len(), 5);
    let tier0 = groups.iter().find(|g| g["id"] == G_TIER0).expect("tier0");
    assert_eq!(ids(&tier0["owners"]), set(&["u-2"]));
}

#[test]
fn a_resumed_fetch_keeps_the_child_lists_it_had_read() {
    let emu = start(
        &governance_tenant(),
        Options::default().with_fault(Fault::unavailable("/instances/inst-2/decisions")),
    );
    let dir = tmp();
    let out = dir.path().join("s.json");
    let first = run(fetch(&emu, &out).args(["--only", "ar", "--max-retries", "0"]));
    assert_eq!(first.code, 4, "stderr:\n{}", first.stderr);
    let (text, kept) = checkpoint(&dir.path().join("s.json.checkpoint"));
    assert!(
        records(&kept, "child").iter().any(|c| {
            c["collection"] == "accessReviewDefinitions"
                && c["key"]
                    .as_str()
                    .is_some_and(|k| k.contains("/def-1/instances"))
        }),
        "the instances lists are kept: {text}"
    );
    let instances = |emu: &Emulator| requests_to(emu, "/def-1/instances?").len();
    assert_eq!(instances(&emu), 1);

    let second = run(fetch(&emu, &out).args(["--only", "ar", "--resume"]));
    assert_eq!(second.code, 0, "stderr:\n{}", second.stderr);
    assert_eq!(instances(&emu), 1, "instances were not read again");
    // The level that failed is read again, all of it.
    assert_eq!(requests_to(&emu, "/instances/inst-1/decisions").len(), 2);
    let defs = &read(&out)["collections"]["accessReviewDefinitions"];
    assert_eq!(defs["status"], "complete");
    assert_eq!(
        defs["items"][0]["instances"][0]["decisions"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );
    assert_eq!(
        defs["items"][0]["instances"][1]["decisions"][0]["id"],
        "d-4"
    );
}

#[test]
fn a_resumed_fetch_keeps_the_group_members_it_had_read() {
    // Members of the nested-in-nested group fail (third round of the closure).
    let emu = start(
        &privilege_tenant(),
        Options::default().with_fault(Fault::unavailable(&format!("/groups/{G_DEEP}/members"))),
    );
    let dir = tmp();
    let out = dir.path().join("s.json");
    let privileged = ["--only", "groups", "--group-members", "privileged"];
    let first = run(fetch(&emu, &out)
        .args(privileged)
        .args(["--max-retries", "0"]));
    assert_eq!(first.code, 4, "stderr:\n{}", first.stderr);
    let tier0 = format!("/groups/{G_TIER0}/members");
    assert_eq!(requests_to(&emu, &tier0).len(), 1);
    let second = run(fetch(&emu, &out).args(privileged).arg("--resume"));
    assert_eq!(second.code, 0, "stderr:\n{}", second.stderr);
    assert_eq!(requests_to(&emu, &tier0).len(), 1, "not read again");
    assert_eq!(
        requests_to(&emu, &format!("/groups/{G_DEEP}/members")).len(),
        2
    );
    let groups = &read(&out)["collections"]["groups"]["items"];
    let deep = groups
        .as_array()
        .into_iter()
        .flatten()
        .find(|g| g["id"] == G_DEEP)
        .expect("deep");
    assert_eq!(ids(&deep["members"]), set(&[G_NESTED, "u-4"]));
    let top = groups
        .as_array()
        .into_iter()
        .flatten()
        .find(|g| g["id"] == G_TIER0)
        .expect("tier0");
    assert_eq!(ids(&top["members"]), set(&["u-1", G_NESTED]));
}

// ---- identity collections: sign-ins, audit records, risk detections, group members, users ----

const TENANT: &str = "11111111-2222-4333-8444-555555555555";

/// A sign-in in Graph's `signIn` shape.
fn sign_in(n: usize, at: &str, user: &str, error_code: i64) -> Value {
    json!({
        "id": format!("si-{n:04}"), "createdDateTime": at, "userId": user,
        "userDisplayName": user, "userPrincipalName": format!("{user}@contoso.example"),
        "appId": "de8bc8b5-d9f9-48b1-a8ad-b748da725064", "appDisplayName": "Graph Explorer",
        "ipAddress": "203.0.113.7", "clientAppUsed": "Browser",
        "correlationId": format!("c-{n}"), "isInteractive": true,
        "conditionalAccessStatus": if error_code == 0 { "success" } else { "notApplied" },
        "appliedConditionalAccessPolicies": [],
        "status": {"errorCode": error_code,
                   "failureReason": if error_code == 0 { Value::Null } else { json!("Invalid username or password.") },
                   "additionalDetails": null},
        "location": {"city": "Oslo", "state": "Oslo", "countryOrRegion": "NO",
                     "geoCoordinates": {"altitude": null, "latitude": 59.91, "longitude": 10.75}},
        "deviceDetail": {"deviceId": "", "displayName": null, "operatingSystem": "Windows 10",
                         "browser": "Edge", "isCompliant": null, "isManaged": null, "trustType": null},
        "riskDetail": "none", "riskLevelAggregated": "none", "riskLevelDuringSignIn": "none",
        "riskState": "none", "riskEventTypes_v2": [],
        "resourceDisplayName": "Microsoft Graph", "resourceId": "00000003-0000-0000-c000-000000000000"
    })
}

/// A directory audit record of a group creation (or of another activity), in Graph's shape.
fn audit(id: &str, at: &str, activity: &str, group: &str) -> Value {
    json!({
        "id": id, "category": "GroupManagement", "correlationId": format!("corr-{id}"),
        "result": "success", "resultReason": "", "activityDisplayName": activity,
        "activityDateTime": at, "loggedByService": "Core Directory", "operationType": "Add",
        "initiatedBy": {"user": {"id": "u-admin", "displayName": "Admin",
                                 "userPrincipalName": "admin@contoso.example", "ipAddress": "203.0.113.9"},
                        "app": null},
        "targetResources": [{"id": group, "displayName": group, "type": "Group",
                             "userPrincipalName": null, "groupType": "azureAD",
                             "modifiedProperties": []}],
        "additionalDetails": []
    })
}

/// A time `days` before now (the fetch's windows hang from its own clock).
fn days_ago(days: i64) -> String {
    let t = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24 * days);
    t.round(jiff::Unit::Second).expect("rounds").to_string()
}

/// `members` members (one a guest) and `guests` guests with a sponsor and sign-in activity,
/// a plain group with members and owners, sign-ins over two weeks, audit records, and 45
/// risk detections.
fn identity_tenant(members: usize, guests: usize) -> Value {
    let mut users = Vec::new();
    let mut activity = Vec::new();
    for i in 0..members + guests {
        let guest = i >= members;
        let id = format!("u-{i:05}");
        let mut u = json!({"id": id, "displayName": format!("User {i}"),
            "userPrincipalName": format!("{id}@contoso.example"),
            "userType": if guest { "Guest" } else { "Member" }, "accountEnabled": true});
        if guest {
            u["sponsors"] = json!([{"@odata.type": "#microsoft.graph.user", "id": "u-00000", "displayName": "User 0"}]);
        }
        users.push(u);
        let mut a = json!({"id": id, "userPrincipalName": format!("{id}@contoso.example")});
        if i % 3 != 0 {
            a["signInActivity"] = json!({"lastSignInDateTime": "2026-11-01T08:00:00Z",
                "lastSignInRequestId": format!("r-{i}"), "lastNonInteractiveSignInDateTime": null,
                "lastNonInteractiveSignInRequestId": null, "lastSuccessfulSignInDateTime": null,
                "lastSuccessfulSignInRequestId": null});
        }
        activity.push(a);
    }
    // Oldest first here: Graph (and the emulator) serves them newest first.
    let sign_ins: Vec<Value> = (0..14 * 24)
        .map(|h| {
            let at = format!("2026-11-{:02}T{:02}:30:00Z", 6 + h / 24, h % 24);
            sign_in(h, &at, "u-00001", if h % 4 == 0 { 50126 } else { 0 })
        })
        .collect();
    let detections: Vec<Value> = (0..45)
        .map(|i| {
            json!({"id": format!("rd-{i:02}"), "requestId": format!("req-{i}"),
            "correlationId": format!("c-{i}"), "riskEventType": "unfamiliarFeatures",
            "riskState": "atRisk", "riskLevel": "medium", "riskDetail": "none",
            "source": "IdentityProtection", "detectionTimingType": "realtime", "activity": "signin",
            "tokenIssuerType": "AzureAD", "ipAddress": "203.0.113.7",
            "location": {"city": "Oslo", "state": "Oslo", "countryOrRegion": "NO"},
            "activityDateTime": "2026-11-19T08:00:00Z", "detectedDateTime": "2026-11-19T08:01:00Z",
            "lastUpdatedDateTime": "2026-11-19T08:01:00Z", "userId": "u-00001",
            "userDisplayName": "User 1", "userPrincipalName": "u-00001@contoso.example",
            "additionalInfo": "[]"})
        })
        .collect();
    let guest_owner = json!({"@odata.type": "#microsoft.graph.user", "id": "g-owner", "displayName": "Guest owner",
        "userPrincipalName": "g_fabrikam.example#EXT#@contoso.example", "userType": "Guest", "accountEnabled": false});
    json!({
        "schema": "govlint.snapshot/v1",
        "tenant": {"id": TENANT, "displayName": "Tiny", "cloud": "global"},
        "fetchedAt": "2026-11-20T09:00:00Z",
        "collections": {
            "organization": {"status": "complete", "items": [{"id": TENANT, "displayName": "Tiny"}]},
            "users": {"status": "complete", "items": users},
            "userSignInActivity": {"status": "complete", "items": activity},
            "userRegistrationDetails": {"status": "complete", "items": []},
            "authorizationPolicy": {"status": "complete", "items": [{"id": "authorizationPolicy", "allowInvitesFrom": "none"}]},
            "groups": {"status": "complete", "items": [
                group("fin-team", false, Some(vec![user_ref("u-00001"), group_ref("fin-sub")]), vec![guest_owner]),
                group("fin-sub", false, Some(vec![user_ref("u-00002")]), vec![]),
                group("no-members", false, None, vec![])
            ]},
            "signIns": {"status": "complete", "items": sign_ins},
            "directoryAudits": {"status": "complete", "items": [
                audit("a-new", &days_ago(2), "Add group", "fin-team"),
                audit("a-other", &days_ago(3), "Add member to group", "fin-team"),
                audit("a-old", &days_ago(45), "Add group", "fin-sub")
            ]},
            "riskyUsers": {"status": "complete", "items": []},
            "riskDetections": {"status": "complete", "items": detections}
        }
    })
}

/// The query of every logged request to `path` (decoded, `+` and `%xx`).
fn queries_to(emu: &Emulator, path: &str) -> Vec<String> {
    emu.requests()
        .into_iter()
        .filter_map(|r| {
            let (p, q) = r.target.split_once('?').unwrap_or((&r.target, ""));
            (p == path).then(|| decode(q))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(x) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(x);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn identity_collections_are_fetched_with_their_windows_and_paging() {
    let snap = identity_tenant(5, 2);
    let emu = start(&snap, Options::default());
    let dir = tmp();
    let out = dir.path().join("s.json");
    let r = run(fetch(&emu, &out).args([
        "--only",
        "signins,audit,risk,groups",
        "--sign-ins-since",
        "2026-11-13T09:00:00Z",
    ]));
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    let c = &read(&out)["collections"];
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .expect("ls")
        .filter_map(|e| e.ok().map(|e| e.file_name()))
        .collect();
    assert_eq!(
        left,
        vec![std::ffi::OsString::from("s.json")],
        "spools removed"
    );

    // Sign-ins: the window sent as Graph's filter, at Graph's page size, and recorded.
    let si = &c["signIns"];
    assert_eq!(si["status"], "complete");
    assert_eq!(
        si["window"],
        json!({"since": "2026-11-13T09:00:00Z"}),
        "{si:#}"
    );
    assert_eq!(
        queries_to(&emu, "/v1.0/auditLogs/signIns")[0],
        "$filter=createdDateTime ge 2026-11-13T09:00:00Z&$top=1000"
    );
    let items = si["items"].as_array().expect("items");
    let want = snap["collections"]["signIns"]["items"]
        .as_array()
        .expect("planted")
        .iter()
        .filter(|s| s["createdDateTime"].as_str().unwrap_or("") >= "2026-11-13T09:00:00Z")
        .count();
    assert_eq!(items.len(), want);
    assert!(want > 100 && want < 14 * 24);
    // Newest first, Graph's shape kept (nested status and location).
    assert!(items
        .windows(2)
        .all(|w| w[0]["createdDateTime"].as_str().unwrap_or("")
            > w[1]["createdDateTime"].as_str().unwrap_or("")));
    assert_eq!(items[0]["location"]["geoCoordinates"]["latitude"], 59.91);
    assert!(items.iter().any(|s| s["status"]["errorCode"] == 50126));

    // Group creations: only `Add group`, from 30 days before the fetch's clock.
    let da = &c["directoryAudits"];
    assert_eq!(ids(&da["items"]), set(&["a-new"]), "{da:#}");
    assert_eq!(da["items"][0]["initiatedBy"]["user"]["id"], "u-admin");
    assert_eq!(da["items"][0]["targetResources"][0]["type"], "Group");
    let since = da["window"]["since"].as_str().expect("window since");
    let fetched_at = read(&out)["fetchedAt"]
        .as_str()
        .expect("fetchedAt")
        .to_string();
    let gap = fetched_at.parse::<jiff::Timestamp>().expect("time")
        - since.parse::<jiff::Timestamp>().expect("time");
    assert!(
        gap >= jiff::SignedDuration::from_hours(30 * 24)
            && gap < jiff::SignedDuration::from_hours(30 * 24 + 1),
        "30 days before the fetch: {since} .. {fetched_at}"
    );
    assert!(queries_to(&emu, "/v1.0/auditLogs/directoryAudits")[0].starts_with(
        "$filter=category eq 'GroupManagement' and activityDisplayName eq 'Add group' and activityDateTime ge "
    ));

    // Risk detections: 45 at Graph's maximum of 500 a page (its default is 20).
    assert_eq!(
        c["riskDetections"]["items"].as_array().map(Vec::len),
        Some(45)
    );
    assert_eq!(
        queries_to(&emu, "/v1.0/identityProtection/riskDetections"),
        vec!["$top=500"]
    );

    // Members and owners of every group, not only role-assignable ones.
    let groups = c["groups"]["items"].as_array().expect("groups");
    let g = |id: &str| groups.iter().find(|g| g["id"] == id).expect("group");
    assert_eq!(ids(&g("fin-team")["members"]), set(&["u-00001", "fin-sub"]));
    assert_eq!(
        g("fin-team")["members"][1]["@odata.type"],
        "#microsoft.graph.group"
    );
    let owner = &g("fin-team")["owners"][0];
    assert_eq!(owner["@odata.type"], "#microsoft.graph.user");
    assert_eq!(owner["userType"], "Guest");
    assert_eq!(owner["accountEnabled"], false);
    assert_eq!(ids(&g("fin-sub")["members"]), set(&["u-00002"]));
    assert_eq!(g("no-members")["members"], json!([]));
    assert_eq!(g("no-members")["owners"], json!([]));
    assert!(
        requests_to(&emu, "/groups/fin-team/members")
            .iter()
            .all(|q| q.batched),
        "per-group reads go in $batch"
    );
}

#[test]
fn failed_sign_ins_only_over_days_and_small_pages() {
    let snap = identity_tenant(2, 0);
    let emu = start(&snap, Options::default().page_size(7));
    let dir = tmp();
    let out = dir.path().join("s.json");
    let r = run(fetch(&emu, &out).args([
        "--only",
        "signins",
        "--sign-ins",
        "failures",
        "--sign-ins-since",
        "30d",
    ]));
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    let v = read(&out);
    let si = &v["collections"]["signIns"];
    assert_eq!(si["window"]["failuresOnly"], true);
    let since: jiff::Timestamp = si["window"]["since"]
        .as_str()
        .expect("since")
        .parse()
        .expect("time");
    let fetched_at: jiff::Timestamp = v["fetchedAt"].as_str().expect("at").parse().expect("time");
    let gap = fetched_at - since;
    assert!(
        gap >= jiff::SignedDuration::from_hours(30 * 24)
            && gap < jiff::SignedDuration::from_hours(30 * 24 + 1)
    );
    let q = &queries_to(&emu, "/v1.0/auditLogs/signIns")[0];
    assert_eq!(
        q,
        &format!("$filter=createdDateTime ge {since} and status/errorCode ne 0&$top=1000")
    );
    assert!(si["request"]
        .as_str()
        .unwrap_or("")
        .contains("status/errorCode ne 0"));
    let items = si["items"].as_array().expect("items");
    // Every fourth of 336 sign-ins failed; all are within 30 days of the tenant's times only
    // if the machine's clock is near them, so count against the filter itself.
    let want: Vec<&Value> = snap["collections"]["signIns"]["items"]
        .as_array()
        .expect("planted")
        .iter()
        .filter(|s| s["status"]["errorCode"] != 0)
        .filter(|s| s["createdDateTime"].as_str().unwrap_or("") >= since.to_string().as_str())
        .collect();
    assert_eq!(items.len(), want.len());
    assert!(items.iter().all(|s| s["status"]["errorCode"] != 0));
    // Paged by the emulator's small pages, following nextLinks.
    let pages = queries_to(&emu, "/v1.0/auditLogs/signIns").len();
    assert_eq!(pages, want.len().div_ceil(7).max(1));
}

#[test]
fn refused_sign_ins_name_the_permission_and_the_licence_and_exit_3() {
    let snap = identity_tenant(2, 0);
    // No licence: Graph's licensing refusal.
    let emu = start(
        &snap,
        Options {
            premium: false,
            ..Options::default()
        },
    );
    let dir = tmp();
    let out = dir.path().join("s.json");
    let r = run(fetch(&emu, &out).args(["--only", "signins,risk,audit"]));
    assert_eq!(r.code, 3, "stderr:\n{}", r.stderr);
    let v = read(&out);
    let c = &v["collections"];
    // The audit log is read, but an unlicensed tenant keeps 7 days of it: the window says so.
    assert_eq!(c["directoryAudits"]["status"], "complete");
    let since: jiff::Timestamp = c["directoryAudits"]["window"]["since"]
        .as_str()
        .expect("since")
        .parse()
        .expect("time");
    let at: jiff::Timestamp = v["fetchedAt"].as_str().expect("at").parse().expect("time");
    let gap = at - since;
    assert!(
        gap >= jiff::SignedDuration::from_hours(7 * 24)
            && gap < jiff::SignedDuration::from_hours(7 * 24 + 1),
        "{since} .. {at}"
    );
    for (name, licence, permission) in [
        ("signIns", "Entra ID P1", "AuditLog.Read.All"),
        (
            "riskDetections",
            "Entra ID P1 or P2",
            "IdentityRiskEvent.Read.All",
        ),
    ] {
        let e = &c[name]["error"];
        assert_eq!(c[name]["status"], "unavailable");
        assert_eq!(
            e["code"],
            "Authentication_RequestFromNonPremiumTenantOrB2CTenant"
        );
        assert_eq!(e["license"], licence, "{e:#}");
        assert!(
            e.get("permission").is_none(),
            "granted: a licence is what is missing"
        );
        assert!(
            r.stderr.contains(&format!("{name} unavailable: 403 Authentication_RequestFromNonPremiumTenantOrB2CTenant (needs an {licence} licence)")),
            "{}",
            r.stderr
        );
        assert!(
            r.stderr
                .contains(&format!("it needs {permission} and an {licence} licence")),
            "{}",
            r.stderr
        );
    }
    assert_eq!(c["signIns"]["items"], json!([]));
    assert!(
        c["signIns"]["window"]["since"].is_string(),
        "the window asked for"
    );

    // No permission: both named.
    let emu = start(
        &snap,
        Options::default().without_permission("AuditLog.Read.All"),
    );
    let r = run(fetch(&emu, &out).args(["--only", "signins"]));
    assert_eq!(r.code, 3, "stderr:\n{}", r.stderr);
    let e = &read(&out)["collections"]["signIns"]["error"];
    assert_eq!(e["httpStatus"], 403);
    assert_eq!(e["permission"], "AuditLog.Read.All");
    assert_eq!(e["license"], "Entra ID P1");
    assert!(
        r.stderr.contains("signIns unavailable: 403")
            && r.stderr
                .contains("(needs AuditLog.Read.All and an Entra ID P1 licence)"),
        "{}",
        r.stderr
    );

    // A lint of it says which rules could not be evaluated (exit 3).
    let lint = run(Command::cargo_bin("govlint")
        .expect("binary")
        .args([
            "lint",
            "--no-config",
            "--format",
            "json",
            "--now",
            tenant::FETCHED_AT,
        ])
        .arg(&out));
    assert_eq!(lint.code, 3, "lint stderr:\n{}", lint.stderr);
}

#[test]
fn users_are_read_once_with_sign_in_activity_and_guests_sponsors() {
    // 1,200 users of whom 30 guests: 3 pages of 500 and one page of guests, where reading
    // sponsors for everyone took 12 pages of 100 and a second pass 3 more.
    let snap = identity_tenant(1170, 30);
    let emu = start(&snap, Options::default());
    let dir = tmp();
    let out = dir.path().join("s.json");
    let r = run(fetch(&emu, &out).args(["--only", "users"]));
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    let c = &read(&out)["collections"];
    let users_reads = queries_to(&emu, "/v1.0/users");
    assert_eq!(users_reads.len(), 4, "{users_reads:#?}");
    let all: Vec<&String> = users_reads
        .iter()
        .filter(|q| !q.contains("Guest"))
        .collect();
    assert_eq!(all.len(), 3);
    assert!(
        all[0].contains("signInActivity") && all[0].contains("$top=500"),
        "{}",
        all[0]
    );
    assert!(
        !all[0].contains("$expand"),
        "no sponsors for every user: {}",
        all[0]
    );
    let guests: Vec<&String> = users_reads.iter().filter(|q| q.contains("Guest")).collect();
    assert_eq!(
        guests,
        vec!["$filter=userType eq 'Guest'&$select=id&$expand=sponsors($select=id,displayName)&$top=100"]
    );

    // The contract: `users` without signInActivity, sponsors on guests only.
    let users = c["users"]["items"].as_array().expect("users");
    assert_eq!(users.len(), 1200);
    assert!(users.iter().all(|u| u.get("signInActivity").is_none()));
    for u in users {
        let guest = u["userType"] == "Guest";
        assert_eq!(u.get("sponsors").is_some(), guest, "{u}");
        if guest {
            assert_eq!(u["sponsors"][0]["id"], "u-00000");
        }
    }
    // `userSignInActivity` split off the same read, item for item the tenant's.
    let sia = &c["userSignInActivity"];
    assert_eq!(sia["status"], "complete");
    let want = snap["collections"]["userSignInActivity"]["items"]
        .as_array()
        .expect("planted");
    let got = sia["items"].as_array().expect("items");
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        assert_eq!(g, w);
    }
}

#[test]
fn an_interrupted_fetch_resumes_in_the_middle_of_the_sign_ins() {
    use std::io::Write as _;
    let snap = identity_tenant(2, 0);
    // The fourth page of sign-ins fails and --max-retries 0 makes that fatal.
    let emu = start(
        &snap,
        Options::default()
            .page_size(20)
            .with_fault(Fault::unavailable("/auditLogs/signIns").after(3)),
    );
    let dir = tmp();
    let out = dir.path().join("s.json");
    let cp = dir.path().join("s.json.checkpoint");
    let args = [
        "--only",
        "signins",
        "--sign-ins-since",
        "2026-11-06T00:00:00Z",
    ];
    let first = run(fetch(&emu, &out).args(args).args(["--max-retries", "0"]));
    assert_eq!(first.code, 4, "stderr:\n{}", first.stderr);
    let spool = dir.path().join("s.json.signIns.spool");
    let spooled = std::fs::read_to_string(&spool).expect("the spool stays with the checkpoint");
    assert_eq!(spooled.lines().count(), 60, "three pages spooled");
    let (_, kept) = checkpoint(&cp);
    let pages: Vec<_> = records(&kept, "page")
        .into_iter()
        .filter(|p| p["collection"] == "signIns")
        .collect();
    assert_eq!(pages.len(), 3, "three pages of sign-ins kept");
    // The log names the spool's length; the items are on disk once, in the spool.
    for (n, p) in pages.iter().enumerate() {
        assert_eq!(p["items"], serde_json::json!([]), "{p}");
        assert_eq!(p["spooled"]["items"], 20 * (n + 1), "{p}");
    }
    assert_eq!(pages[2]["spooled"]["bytes"], spooled.len());
    // What a kill leaves past the last record: a page fsync'd whose record never came, then a
    // page torn mid-line. The resume cuts both off and reads that page again.
    let first_line = spooled.lines().next().expect("a sign-in");
    let mut tail = std::fs::OpenOptions::new()
        .append(true)
        .open(&spool)
        .expect("spool");
    for _ in 0..20 {
        writeln!(tail, "{first_line}").expect("unrecorded page");
    }
    write!(tail, "{}", &first_line[..first_line.len() / 2]).expect("torn page");
    drop(tail);
    let before = queries_to(&emu, "/v1.0/auditLogs/signIns").len();

    // Pages read for one window are never mixed with another's.
    let other = run(fetch(&emu, &out)
        .args(["--only", "signins", "--sign-ins", "failures"])
        .args(["--sign-ins-since", "2026-11-06T00:00:00Z", "--resume"]));
    assert_eq!(other.code, 2, "stderr:\n{}", other.stderr);
    let said = other
        .stderr
        .replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(said.contains("was made for other choices"), "{said}");
    assert!(cp.exists(), "kept for the right resume");

    let second = run(fetch(&emu, &out).args(args).arg("--resume"));
    assert_eq!(second.code, 0, "stderr:\n{}", second.stderr);
    let all = queries_to(&emu, "/v1.0/auditLogs/signIns");
    let resumed = &all[before..];
    assert!(
        resumed.iter().all(|q| q.contains("$skiptoken=")),
        "continued from the fourth page's nextLink, never from the start: {resumed:#?}"
    );
    let total = 14 * 24;
    assert_eq!(resumed.len(), total / 20 + 1 - 3);
    let items = read(&out)["collections"]["signIns"]["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(items.len(), total);
    let unique: BTreeSet<&str> = items.iter().filter_map(|s| s["id"].as_str()).collect();
    assert_eq!(unique.len(), total, "no page read twice");
    assert!(
        !spool.exists(),
        "the spool goes once the snapshot is written"
    );
}

#[test]
fn a_fetch_clears_what_a_killed_fetch_to_the_same_output_left() {
    let emu = start(&identity_tenant(2, 0), Options::default());
    let dir = tmp();
    let out = dir.path().join("s.json");
    // A SIGKILL runs no destructor: the temp files of the snapshot's and the checkpoint's
    // writes and the logs' spools stay. Another file's temp file is not this fetch's.
    let debris = [
        ".s.json.a1B2c3.tmp",
        ".s.json.checkpoint.Zz9yX8.tmp",
        "s.json.signIns.spool",
        "s.json.directoryAudits.spool",
    ];
    for n in debris.iter().chain(&[".other.json.a1B2c3.tmp"]) {
        write(dir.path(), n, "half");
    }
    let r = run(fetch(&emu, &out).args(["--only", "users", "--resume"]));
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    let left: BTreeSet<String> = std::fs::read_dir(dir.path())
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, set(&[".other.json.a1B2c3.tmp", "s.json"]));
}

#[test]
fn a_fetch_stopped_between_the_sign_in_activity_and_the_users_resumes_with_it() {
    let snap = identity_tenant(3, 2);
    // The guests' sponsors are read after `userSignInActivity` is recorded and before
    // `users` is: the fetch stops there.
    let emu = start(
        &snap,
        Options::default().with_fault(Fault::unavailable("sponsors")),
    );
    let dir = tmp();
    let out = dir.path().join("s.json");
    let only = ["--only", "users"];
    let first = run(fetch(&emu, &out).args(only).args(["--max-retries", "0"]));
    assert_eq!(first.code, 4, "stderr:\n{}", first.stderr);
    let (_, kept) = checkpoint(&dir.path().join("s.json.checkpoint"));
    let done: BTreeSet<&str> = records(&kept, "done")
        .iter()
        .filter_map(|d| d["collection"].as_str())
        .collect();
    assert!(
        done.contains("userSignInActivity") && !done.contains("users"),
        "stopped between the two: {done:?}"
    );

    let second = run(fetch(&emu, &out).args(only).arg("--resume"));
    assert_eq!(second.code, 0, "stderr:\n{}", second.stderr);
    let fetched = read(&out);
    let users = &fetched["collections"]["users"];
    // Read with the sign-in activity, as recorded (it was never refused).
    assert!(
        users["request"]
            .as_str()
            .is_some_and(|r| r.contains("signInActivity")),
        "{}",
        users["request"]
    );
    assert!(users["items"]
        .as_array()
        .is_some_and(|a| a.len() == 5 && a.iter().all(|u| u.get("signInActivity").is_none())));
    let activity = &fetched["collections"]["userSignInActivity"];
    assert_eq!(activity["status"], "complete", "{activity}");
    assert_eq!(activity["items"].as_array().map(Vec::len), Some(5));
}

#[test]
fn without_audit_log_permission_users_are_read_without_sign_in_activity() {
    let snap = identity_tenant(1170, 30);
    let emu = start(
        &snap,
        Options::default().without_permission("AuditLog.Read.All"),
    );
    let dir = tmp();
    let out = dir.path().join("s.json");
    let r = run(fetch(&emu, &out).args(["--only", "users"]));
    assert_eq!(r.code, 3, "stderr:\n{}", r.stderr);
    let c = &read(&out)["collections"];
    assert_eq!(c["users"]["status"], "complete");
    assert_eq!(c["users"]["items"].as_array().map(Vec::len), Some(1200));
    let e = &c["userSignInActivity"]["error"];
    assert_eq!(c["userSignInActivity"]["status"], "unavailable");
    assert_eq!(e["permission"], "AuditLog.Read.All");
    assert_eq!(e["license"], "Entra ID P1");
    // One refused page, then the users at Graph's maximum without signInActivity.
    let reads: Vec<String> = queries_to(&emu, "/v1.0/users")
        .into_iter()
        .filter(|q| !q.contains("Guest"))
        .collect();
    assert_eq!(reads.len(), 1 + 2, "{reads:#?}");
    assert!(reads[0].contains("signInActivity"));
    assert!(reads[1].ends_with("$top=999") && !reads[1].contains("signInActivity"));
    assert!(
        c["users"]["request"]
            .as_str()
            .unwrap_or("")
            .ends_with("$top=999"),
        "the request recorded is the one that read them"
    );
}
