//! `govlint fix` end to end over HTTP on 127.0.0.1 against the Graph emulator: plan, show,
//! apply (success, drift, partial failure and resume), the guard rails and the dry run. The
//! emulator's request log is the witness of what was sent.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use govlint_testkit::emulator::{Action, Emulator, Fault, Options, CLIENT_ID, CLIENT_SECRET};
use serde_json::{json, Value};

const GA: &str = "62e90394-69f5-4237-9190-012177145e10";

struct Setup {
    dir: tempfile::TempDir,
    snapshot: PathBuf,
    emu: Emulator,
}

fn demo() -> Value {
    serde_json::from_str(&govlint_testkit::tenant::demo_json()).expect("demo tenant")
}

fn setup(options: Options) -> Setup {
    setup_without(options, &[])
}

/// As [`setup`], with every write permission granted but `withheld`.
fn setup_without(options: Options, withheld: &[&str]) -> Setup {
    let dir = common::tmp();
    let snap = demo();
    let snapshot = common::write(dir.path(), "snapshot.json", snap.to_string());
    let options = withheld
        .iter()
        .fold(options.with_write_permissions(), |o, p| {
            o.without_permission(p)
        });
    let emu = Emulator::start(&snap, options).expect("emulator");
    Setup { dir, snapshot, emu }
}

fn govlint() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_govlint"));
    c.env_clear();
    c
}

fn run(c: &mut Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = c.output().expect("govlint runs");
    (
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

impl Setup {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `govlint fix SNAPSHOT --plan plan.json` with these extra arguments; the plan read back.
    fn plan(&self, extra: &[&str]) -> (PathBuf, Value) {
        let out = self.path("plan.json");
        let (code, _, err) = run(govlint()
            .arg("fix")
            .arg(&self.snapshot)
            .arg("--plan")
            .arg(&out)
            .arg("--no-config")
            .args(extra));
        assert_eq!(code, 0, "{err}");
        let plan: Value =
            serde_json::from_str(&std::fs::read_to_string(&out).expect("plan")).expect("json");
        (out, plan)
    }

    fn apply(&self, plan: &Path, extra: &[&str]) -> (i32, String) {
        let (code, _, err) = run(govlint()
            .env("AZURE_TENANT_ID", self.emu.tenant())
            .env("AZURE_CLIENT_ID", CLIENT_ID)
            .env("AZURE_CLIENT_SECRET", CLIENT_SECRET)
            .arg("fix")
            .arg("--apply")
            .arg(plan)
            .args([
                "--graph-url",
                &self.emu.url(),
                "--authority-url",
                &self.emu.url(),
            ])
            .args(["--retry-base-ms", "1", "--timeout", "20"])
            .args(extra));
        assert!(!err.contains(CLIENT_SECRET), "secret leaked: {err}");
        (code, err)
    }

    /// Requests to Graph (not the token endpoint) other than GETs: the writes sent.
    fn writes_sent(&self) -> Vec<(String, String)> {
        self.emu
            .requests()
            .into_iter()
            .filter(|r| r.target.starts_with("/v1.0/") && r.method != "GET")
            .map(|r| (r.method, r.target))
            .collect()
    }
}

/// Every step's request of a plan: (method, path under the root, body).
fn planned(plan: &Value) -> Vec<(String, String, Value)> {
    plan["fixes"]
        .as_array()
        .expect("fixes")
        .iter()
        .flat_map(|f| f["steps"].as_array().expect("steps").iter())
        .map(|s| {
            let r = &s["request"];
            (
                r["method"].as_str().expect("method").to_string(),
                r["url"]
                    .as_str()
                    .expect("url")
                    .trim_start_matches("https://graph.microsoft.com")
                    .to_string(),
                r.get("body").cloned().unwrap_or(Value::Null),
            )
        })
        .collect()
}

#[test]
fn plan_show_and_apply_send_exactly_the_remediations_and_verify_them() {
    let s = setup(Options::default());
    let (plan_path, plan) = s.plan(&["--select", "EXT003,EXT004,PIM003"]);
    assert_eq!(plan["schema"], "govlint.fix-plan/v1");
    assert_eq!(plan["version"], 1);
    assert_eq!(plan["fixes"].as_array().map(Vec::len), Some(3));
    let step = &plan["fixes"][0]["steps"][0];
    assert_eq!(step["precondition"]["kind"], "fields");

    // The plan as text and as Markdown for a pull request.
    let (code, text, _) = run(govlint().args(["fix", "--show"]).arg(&plan_path));
    assert_eq!(code, 0);
    assert!(text.contains("3 fixes in 3 steps"), "{text}");
    assert!(
        text.contains("PATCH /v1.0/policies/authorizationPolicy"),
        "{text}"
    );
    let (code, md, _) = run(govlint()
        .args(["fix", "--show"])
        .arg(&plan_path)
        .args(["--format", "markdown"]));
    assert_eq!(code, 0);
    assert!(md.starts_with("## govlint fix plan"), "{md}");
    assert!(
        md.contains("| Rule | Severity | Object | Fix | Requests |"),
        "{md}"
    );
    assert!(md.contains("```diff"), "{md}");

    // Without --yes (and no terminal) nothing happens.
    let (code, err) = s.apply(&plan_path, &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--yes"), "{err}");
    assert!(s.writes_sent().is_empty());

    let (code, err) = s.apply(&plan_path, &["--yes"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("3 applied, 0 drifted, 0 failed"), "{err}");
    // What was sent is what the findings' remediations name: method, path and body.
    let sent: Vec<(String, String, Value)> = s
        .emu
        .writes()
        .into_iter()
        .map(|w| (w.method, format!("/v1.0{}", w.path), w.body))
        .collect();
    assert_eq!(sent, planned(&plan));
    let policy = &s.emu.items("authorizationPolicy")[0];
    assert_eq!(policy["allowInvitesFrom"], "adminsAndGuestInviters");
    assert_eq!(
        policy["guestUserRoleId"],
        "10dae51f-b6af-4016-8d66-8c2a99b929b3"
    );
    // Each write sits between its precondition read and its verification read.
    let log: Vec<(String, String)> = s
        .emu
        .requests()
        .into_iter()
        .filter(|r| r.target.starts_with("/v1.0/"))
        .map(|r| (r.method, r.target))
        .collect();
    let at = log.iter().position(|(m, _)| m == "PATCH").expect("a PATCH");
    assert_eq!(log[at - 1].0, "GET");
    assert_eq!(log[at + 1].0, "GET");
    assert_eq!(log[at - 1].1, log[at + 1].1);

    // Run again: the journal says every step is done; nothing is sent again.
    let (code, err) = s.apply(&plan_path, &["--yes"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(s.emu.writes().len(), 3);
}

/// An agent identity is disabled through its own update (agentidentity-update): the type cast
/// path and AgentIdentity.EnableDisable.All. Application.ReadWrite.All alone is refused, and the
/// agent reads back disabled through either path.
#[test]
fn an_agent_is_disabled_through_its_own_update_with_the_enable_disable_permission() {
    let agent = "9fcdc941-3ef4-444e-8937-822a9ed7e095";
    let cast = format!("/v1.0/servicePrincipals/{agent}/microsoft.graph.agentIdentity");

    let s = setup_without(Options::default(), &["AgentIdentity.EnableDisable.All"]);
    let (plan_path, plan) = s.plan(&["--select", "WID002"]);
    let step = &plan["fixes"][0]["steps"][0];
    assert_eq!(step["request"]["method"], "PATCH");
    assert_eq!(
        step["request"]["url"],
        format!("https://graph.microsoft.com{cast}")
    );
    assert_eq!(step["precondition"]["fields"]["accountEnabled"], true);
    let (code, err) = s.apply(&plan_path, &["--yes"]);
    assert_ne!(code, 0, "{err}");
    assert!(err.contains("403"), "{err}");
    assert_eq!(s.emu.items("agentIdentities")[0]["accountEnabled"], true);

    let s = setup_without(
        Options::default(),
        &["Application.ReadWrite.All", "AgentIdentity.ReadWrite.All"],
    );
    let (plan_path, _) = s.plan(&["--select", "WID002"]);
    let (code, err) = s.apply(&plan_path, &["--yes"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 applied, 0 drifted, 0 failed"), "{err}");
    assert_eq!(s.writes_sent(), vec![("PATCH".to_string(), cast)]);
    for collection in ["agentIdentities", "servicePrincipals"] {
        let items = s.emu.items(collection);
        let a = items
            .iter()
            .find(|v| v["id"] == agent)
            .unwrap_or_else(|| panic!("{agent} in {collection}"));
        assert_eq!(a["accountEnabled"], false, "{collection}");
    }
}

#[test]
fn a_step_whose_object_changed_since_the_plan_is_skipped_as_drifted() {
    let s = setup(Options::default());
    let (plan_path, _) = s.plan(&["--select", "EXT003"]);
    // Another admin changes the setting between plan and apply.
    s.emu.edit("authorizationPolicy", |items| {
        items[0]["allowInvitesFrom"] = json!("none");
    });
    let (code, err) = s.apply(&plan_path, &["--yes"]);
    assert_eq!(code, 5, "{err}");
    assert!(err.contains("drifted"), "{err}");
    assert!(err.contains("allowInvitesFrom = \"none\""), "{err}");
    assert!(s.writes_sent().is_empty(), "{:?}", s.writes_sent());
    assert_eq!(
        s.emu.items("authorizationPolicy")[0]["allowInvitesFrom"],
        "none"
    );
    let journal: Value = serde_json::from_str(
        &std::fs::read_to_string(s.path("plan.json.journal")).expect("journal"),
    )
    .expect("json");
    let states: Vec<&Value> = journal["steps"]
        .as_object()
        .expect("steps")
        .values()
        .collect();
    assert_eq!(states[0]["state"], "drifted");
}

#[test]
fn a_failed_step_is_resumed_and_no_applied_step_is_sent_twice() {
    let pim003_rule = "/rules/Enablement_EndUser_Assignment";
    // The PATCH of PIM003 (the second request to its path, after the precondition read) is
    // refused once with a non-transient error.
    let s = setup(Options::default().with_fault(Fault {
        path: pim003_rule.into(),
        after: 1,
        times: Some(1),
        action: Action::Status {
            status: 409,
            code: "Conflict".into(),
            message: "The policy is being updated.".into(),
            retry_after: None,
        },
    }));
    let (plan_path, plan) = s.plan(&["--select", "EXT003,PIM003"]);
    assert_eq!(plan["fixes"].as_array().map(Vec::len), Some(2));
    let (code, err) = s.apply(&plan_path, &["--yes"]);
    assert_eq!(code, 6, "{err}");
    assert!(err.contains("1 applied, 0 drifted, 1 failed"), "{err}");
    assert!(err.contains("409"), "{err}");

    let (code, err) = s.apply(&plan_path, &["--yes"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("applied in an earlier run"), "{err}");
    let patches = |needle: &str| {
        s.writes_sent()
            .iter()
            .filter(|(m, t)| m == "PATCH" && t.contains(needle))
            .count()
    };
    // The authorization policy was patched once over both runs; the rule twice (refused, then
    // applied).
    assert_eq!(patches("/policies/authorizationPolicy"), 1);
    assert_eq!(patches(pim003_rule), 2);

    // A run killed after sending a write but before recording it: the journal says
    // `started`; the next run reads the object, finds the write landed, and does not resend.
    let jpath = s.path("plan.json.journal");
    let mut journal: Value =
        serde_json::from_str(&std::fs::read_to_string(&jpath).expect("journal")).expect("json");
    for (_, e) in journal["steps"].as_object_mut().expect("steps").iter_mut() {
        e["state"] = json!("started");
    }
    std::fs::write(&jpath, journal.to_string()).expect("write");
    let before = s.writes_sent().len();
    let (code, err) = s.apply(&plan_path, &["--yes"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("interrupted run"), "{err}");
    assert_eq!(s.writes_sent().len(), before);
}

/// A PIM001 fix (make eligible, then remove the standing assignment) of a Global
/// Administrator: its fingerprint and principal.
fn ga_pim001(plan: &Value) -> (String, String) {
    let f = plan["fixes"]
        .as_array()
        .expect("fixes")
        .iter()
        .find(|f| {
            f["rule"] == "PIM001"
                && f["steps"].as_array().is_some_and(|s| {
                    s.iter()
                        .any(|s| s["request"]["body"]["roleDefinitionId"] == GA)
                })
        })
        .expect("a PIM001 fix of a Global Administrator");
    let principal = f["steps"][0]["request"]["body"]["principalId"]
        .as_str()
        .expect("principal")
        .to_string();
    (
        f["fingerprint"].as_str().expect("fp").to_string(),
        principal,
    )
}

#[test]
fn the_last_active_global_administrator_is_never_removed() {
    let s = setup(Options::default());
    let (_, all) = s.plan(&["--select", "PIM001"]);
    let (fp, principal) = ga_pim001(&all);
    let (plan_path, _) = s.plan(&["--select", "PIM001", "--finding", &fp]);
    // Every other Global Administrator is gone by apply time.
    for c in ["roleAssignmentScheduleInstances", "roleAssignments"] {
        s.emu.edit(c, |items| {
            items.retain(|i| i["roleDefinitionId"] != GA || i["principalId"] == principal.as_str())
        });
    }
    let (code, err) = s.apply(&plan_path, &["--yes"]);
    assert_eq!(code, 7, "{err}");
    assert!(err.contains("last active Global Administrator"), "{err}");
    // The eligible assignment was added (step 1); the removal (step 2) was never sent.
    let removals: Vec<_> = s
        .emu
        .writes()
        .into_iter()
        .filter(|w| w.body["action"] == "adminRemove")
        .collect();
    assert!(removals.is_empty(), "{removals:?}");
    assert!(s
        .emu
        .items("roleAssignmentScheduleInstances")
        .iter()
        .any(|i| i["principalId"] == principal.as_str() && i["roleDefinitionId"] == GA));
}

#[test]
fn a_disabled_co_holder_does_not_keep_the_tenant_reachable() {
    let s = setup(Options::default());
    let (_, all) = s.plan(&["--select", "PIM001"]);
    let (fp, principal) = ga_pim001(&all);
    let (plan_path, _) = s.plan(&["--select", "PIM001", "--finding", &fp]);
    // The other Global Administrators still hold the role, but their accounts are disabled.
    let mut others = std::collections::HashSet::new();
    for c in ["roleAssignmentScheduleInstances", "roleAssignments"] {
        for i in s.emu.items(c) {
            if i["roleDefinitionId"] == GA && i["principalId"] != principal.as_str() {
                others.insert(i["principalId"].as_str().unwrap_or("").to_string());
            }
        }
    }
    assert!(!others.is_empty());
    s.emu.edit("users", |items| {
        for u in items.iter_mut() {
            if others.contains(u["id"].as_str().unwrap_or("")) {
                u["accountEnabled"] = Value::Bool(false);
            }
        }
    });
    // Groups holding the role: their members are disabled too.
    s.emu.edit("groups", |items| {
        for g in items.iter_mut() {
            if others.contains(g["id"].as_str().unwrap_or("")) {
                if let Some(ms) = g["members"].as_array_mut() {
                    for m in ms {
                        m["accountEnabled"] = Value::Bool(false);
                    }
                }
            }
        }
    });
    let (code, err) = s.apply(&plan_path, &["--yes"]);
    assert_eq!(code, 7, "{err}");
    assert!(err.contains("last active Global Administrator"), "{err}");
    assert!(!s
        .emu
        .writes()
        .iter()
        .any(|w| w.body["action"] == "adminRemove"));
}

#[test]
fn an_emergency_access_account_is_never_removed() {
    let s = setup(Options::default());
    let (_, all) = s.plan(&["--select", "PIM001"]);
    let (fp, principal) = ga_pim001(&all);
    let (plan_path, _) = s.plan(&["--select", "PIM001", "--finding", &fp]);
    let config = common::write(
        s.dir.path(),
        "govlint.toml",
        format!("[emergency_access]\naccounts = [\"{principal}\"]\n"),
    );
    let (code, err) = s.apply(
        &plan_path,
        &["--yes", "--config", config.to_str().expect("utf-8")],
    );
    assert_eq!(code, 7, "{err}");
    assert!(err.contains("emergency-access account"), "{err}");
    assert!(!s
        .emu
        .writes()
        .iter()
        .any(|w| w.body["action"] == "adminRemove"));
}

#[test]
fn more_removals_than_the_cap_refuse_the_run_and_a_dry_run_sends_only_reads() {
    let s = setup(Options::default());
    let (plan_path, plan) = s.plan(&["--select", "EXT002,PIM001"]);
    let removals = plan["fixes"]
        .as_array()
        .expect("fixes")
        .iter()
        .flat_map(|f| f["steps"].as_array().expect("steps").iter())
        .filter(|s| s["removal"] == true)
        .count();
    assert!(removals > 3, "{removals}");
    let (code, err) = s.apply(&plan_path, &["--yes", "--max-removals", "3"]);
    assert_eq!(code, 7, "{err}");
    assert!(err.contains("more than the cap of 3"), "{err}");
    assert!(s.writes_sent().is_empty());
    // The cap from govlint.toml, too.
    let config = common::write(s.dir.path(), "govlint.toml", "[fix]\nmax_removals = 2\n");
    let (code, err) = s.apply(
        &plan_path,
        &["--yes", "--config", config.to_str().expect("utf-8")],
    );
    assert_eq!(code, 7, "{err}");
    assert!(err.contains("cap of 2"), "{err}");

    // A dry run with the cap lifted: reads only, nothing written, no journal.
    let (code, err) = s.apply(&plan_path, &["--dry-run", "--allow-mass-change"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(s.writes_sent().is_empty(), "{:?}", s.writes_sent());
    assert!(s
        .emu
        .requests()
        .iter()
        .any(|r| r.method == "GET" && r.target.starts_with("/v1.0/")));
    assert!(!s.path("plan.json.journal").exists());
}

/// A concrete path of a row of the docs' table: each `{id}` filled in.
fn concrete(template: &str) -> String {
    format!("/v1.0{}", template.replace("{id}", "3f6c0a52"))
}

/// Every write in Microsoft's docs table (`tests/graph/write-permissions.tsv`) gets the docs'
/// permission from govlint, and the rules' own tables list it.
#[test]
fn govlint_gives_every_write_the_permission_microsofts_docs_give_it() {
    use govlint_testkit::emulator::writes::{permission_rows, row_of};
    let rows = permission_rows();
    assert!(rows.len() > 30, "{}", rows.len());
    for r in rows {
        let path = concrete(r.path);
        let expected = Some(r.permission).filter(|p| *p != "-");
        assert_eq!(
            govlint::fix::perms::permission_of(r.method, &path),
            expected,
            "{} {path} ({})",
            r.method,
            r.docs
        );
        // The table's own order must not hide a row behind an earlier, broader one.
        assert_eq!(row_of(r.method, &path).map(|x| x.path), Some(r.path));
    }
    // Every permission `permissions --write` names is one the docs ask for some write.
    let documented: std::collections::BTreeSet<&str> =
        govlint_testkit::emulator::writes::write_permissions()
            .into_iter()
            .collect();
    for (rule, ps) in govlint::fix::perms::BY_RULE {
        for p in *ps {
            assert!(documented.contains(p), "{rule}: {p} is in no docs row");
        }
    }
}

#[test]
fn every_planned_write_has_its_permission_listed_for_its_rule() {
    let s = setup(Options::default());
    let out = s.path("all.json");
    let (code, _, err) = run(govlint()
        .arg("lint")
        .arg(&s.snapshot)
        .args(["--no-config", "--format", "json", "-o"])
        .arg(&out));
    assert!(code == 0 || code == 1, "{err}");
    let result: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("findings")).expect("json");
    let mut checked = 0;
    let mut missing = std::collections::BTreeSet::new();
    let mut rules_seen = std::collections::BTreeSet::new();
    for f in result["findings"].as_array().expect("findings") {
        let rule = f["rule"].as_str().expect("rule");
        let listed = govlint::fix::perms::BY_RULE
            .iter()
            .find(|(r, _)| *r == rule)
            .map(|(_, p)| *p)
            .unwrap_or_else(|| panic!("{rule} is not in `permissions --write`"));
        for r in f["remediation"]["requests"].as_array().expect("requests") {
            let method = r["method"].as_str().expect("method");
            let path = r["url"]
                .as_str()
                .expect("url")
                .trim_start_matches("https://graph.microsoft.com");
            // Every write the rules emit is a row of the docs' table...
            let row = govlint_testkit::emulator::writes::row_of(method, path)
                .unwrap_or_else(|| panic!("{rule}: {method} {path} is in no docs row"));
            // ...gets the row's permission from govlint...
            assert_eq!(
                govlint::fix::perms::permission_of(method, path),
                Some(row.permission).filter(|p| *p != "-"),
                "{method} {path} ({})",
                row.docs
            );
            // ...and its rule lists it, with what the docs require besides (always or when
            // the group is role-assignable).
            for p in std::iter::once(&row.permission)
                .filter(|p| **p != "-")
                .chain(&row.also)
                .chain(&row.conditional)
            {
                if !listed.contains(p) {
                    missing.insert(format!("{rule} needs {p} for {method} {}", row.path));
                }
            }
            rules_seen.insert(rule.to_string());
            checked += 1;
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
    assert!(checked > 50, "{checked}");
    assert!(rules_seen.len() > 30, "{rules_seen:?}");

    // And nothing more: each rule lists exactly what its requests need, those the demo's
    // findings send plus those of the branches the demo does not reach (read off the rules'
    // Rego), each priced by the docs' table.
    let mut needs: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    let mut add = |rule: &str, method: &str, path: &str| {
        let row = govlint_testkit::emulator::writes::row_of(method, path)
            .unwrap_or_else(|| panic!("{rule}: {method} {path} is in no docs row"));
        let set = needs.entry(rule.to_string()).or_default();
        set.extend(
            std::iter::once(row.permission)
                .filter(|p| *p != "-")
                .chain(row.also.iter().copied())
                .chain(row.conditional.iter().copied()),
        );
    };
    for f in result["findings"].as_array().expect("findings") {
        for r in f["remediation"]["requests"].as_array().expect("requests") {
            let path = r["url"]
                .as_str()
                .expect("url")
                .trim_start_matches("https://graph.microsoft.com");
            add(
                f["rule"].as_str().expect("rule"),
                r["method"].as_str().expect("method"),
                path,
            );
        }
    }
    const ROLE_REMOVALS: &[(&str, &str)] = &[
        (
            "POST",
            "/roleManagement/directory/roleEligibilityScheduleRequests",
        ),
        (
            "POST",
            "/roleManagement/directory/roleAssignmentScheduleRequests",
        ),
        ("DELETE", "/groups/{id}/members/{id}/$ref"),
        (
            "POST",
            "/identityGovernance/privilegedAccess/group/eligibilityScheduleRequests",
        ),
        (
            "POST",
            "/identityGovernance/privilegedAccess/group/assignmentScheduleRequests",
        ),
    ];
    let unreached: &[(&str, &[(&str, &str)])] = &[
        // An ended review's self-approval: the member is removed from the group.
        ("AR004", &[("DELETE", "/groups/{id}/members/{id}/$ref")]),
        // prv.removal_requests: direct roles and the group memberships they come through.
        ("PIM010", ROLE_REMOVALS),
        ("PRV002", ROLE_REMOVALS),
        ("PRV003", ROLE_REMOVALS),
        ("PRV005", ROLE_REMOVALS),
        ("PRV006", ROLE_REMOVALS),
        ("PRV010", ROLE_REMOVALS),
        // A role assigned outside PIM is granted back as active or eligible.
        (
            "PIM012",
            &[(
                "POST",
                "/roleManagement/directory/roleAssignmentScheduleRequests",
            )],
        ),
        // wid.update_path: an agent identity or blueprint principal is disabled through its
        // own update (the demo's inactive workload is an application).
        (
            "WID008",
            &[
                ("PATCH", "/servicePrincipals/{id}"),
                (
                    "PATCH",
                    "/servicePrincipals/{id}/microsoft.graph.agentIdentity",
                ),
                (
                    "PATCH",
                    "/servicePrincipals/{id}/microsoft.graph.agentIdentityBlueprintPrincipal",
                ),
            ],
        ),
        // Re-enable, or create a cloud-only account and make it Global Administrator.
        (
            "PRV007",
            &[
                ("PATCH", "/users/{id}"),
                ("POST", "/users"),
                (
                    "POST",
                    "/roleManagement/directory/roleAssignmentScheduleRequests",
                ),
            ],
        ),
    ];
    for (rule, reqs) in unreached {
        for (method, template) in *reqs {
            add(rule, method, &concrete(template));
        }
    }
    let mut differ = Vec::new();
    for (rule, listed) in govlint::fix::perms::BY_RULE {
        let listed: BTreeSet<&str> = listed.iter().copied().collect();
        let need = needs.remove(*rule).unwrap_or_default();
        if listed != need {
            differ.push(format!(
                "{rule}: lists {listed:?}, its requests need {need:?}"
            ));
        }
    }
    assert!(differ.is_empty(), "{differ:#?}");
    assert!(needs.is_empty(), "rules missing from BY_RULE: {needs:?}");
    let (code, text, _) = run(govlint().args(["permissions", "--write"]));
    assert_eq!(code, 0);
    assert!(
        text.contains("EXT003  Policy.ReadWrite.Authorization"),
        "{text}"
    );
    assert!(
        text.contains("GRP001  Group.ReadWrite.All, RoleManagement.ReadWrite.Directory"),
        "{text}"
    );
}

/// The README's fixing section: every flag its `govlint fix` and `govlint pim` lines use exists.
#[test]
fn the_readme_fix_and_pim_examples_use_real_flags() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    let section = readme
        .split("\n## Fixing: plan, review, apply")
        .nth(1)
        .expect("a fixing section");
    let section = section.split("\n## ").next().unwrap_or(section);
    let flag = regex::Regex::new(r"(?:^|\s)(--[a-z][a-z-]*)").expect("regex");
    let mut checked = 0;
    for line in section.lines() {
        let Some(at) = line
            .find("govlint fix")
            .or_else(|| line.find("govlint pim"))
        else {
            continue;
        };
        // A quoted title (`gh pr create --title "govlint fix plan"`) is not a command.
        if line[..at].ends_with('"') {
            continue;
        }
        let cmd = line[at..].split('#').next().unwrap_or("");
        let words: Vec<&str> = cmd.split_whitespace().collect();
        let mut help_args = vec![words[1]];
        if words[1] == "pim" {
            help_args.push(words[2]);
        }
        help_args.push("--help");
        let (_, help, _) = run(govlint().args(&help_args));
        for c in flag.captures_iter(cmd) {
            let f = &c[1];
            assert!(
                help.contains(&format!("{f} "))
                    || help.contains(&format!("{f}\n"))
                    || help.contains(&format!("{f}="))
                    || help.contains(&format!("{f} <")),
                "README: `govlint {}` has no {f}",
                help_args[..help_args.len() - 1].join(" ")
            );
            checked += 1;
        }
    }
    assert!(checked > 15, "{checked}");
}
