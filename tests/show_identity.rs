//! `govlint show`'s identity questions (users, groups, sign-ins, risk) end to end on the demo
//! tenant, in JSON and text. Expected answers are worked out here from the generated JSON
//! (memberships, audit records, sign-ins), independently of the show module, and compared
//! with what the CLI prints. The last tests fetch the demo from the Graph emulator over HTTP
//! first, so the answers are those of a snapshot `fetch` wrote, a denied sign-in log included.

mod common;

use common::{items, str_of, Fixture};

use std::collections::BTreeSet;
use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::{json, Value};

fn write(snap: Value) -> Fixture {
    common::snapshot_fixture(snap)
}

fn demo() -> Fixture {
    write(govlint_testkit::tenant::demo().0)
}

use common::{ask, show as run};

fn rows<'a>(answer: &'a Value, key: &str) -> &'a [Value] {
    answer[key]
        .as_array()
        .unwrap_or_else(|| panic!("no `{key}` rows in {answer}"))
}

fn ids(rows: &[Value], key: &str) -> Vec<String> {
    rows.iter()
        .map(|r| str_of(&r[key], "id").to_string())
        .collect()
}

fn by_name<'a>(snap: &'a Value, c: &str, name: &str) -> &'a Value {
    items(snap, c)
        .iter()
        .find(|x| x["displayName"] == name)
        .unwrap_or_else(|| panic!("the demo has {c} {name}"))
}

fn fetched_at(snap: &Value) -> jiff::Timestamp {
    str_of(snap, "fetchedAt").parse().expect("fetchedAt")
}

/// Groups listing `id` among their members.
fn parents<'a>(snap: &'a Value, id: &str) -> Vec<&'a Value> {
    items(snap, "groups")
        .iter()
        .filter(|g| {
            g["members"]
                .as_array()
                .is_some_and(|ms| ms.iter().any(|m| m["id"] == id))
        })
        .collect()
}

#[test]
fn a_users_dossier_has_groups_with_paths_roles_through_groups_sign_ins_and_risk() {
    let f = demo();
    let snap = &f.snap;
    // A member of a group nested in a role-holding group.
    let operators = by_name(snap, "groups", "Tier0 Operators");
    let admins = by_name(snap, "groups", "Tier0 Admins");
    assert!(parents(snap, str_of(operators, "id")).contains(&admins));
    let user_id = str_of(&operators["members"][0], "id");
    let user = items(snap, "users")
        .iter()
        .find(|u| u["id"] == user_id)
        .expect("member is a user");
    let upn = str_of(user, "userPrincipalName");
    let a = ask(&f, &["user", upn], 0);
    assert_eq!(a["user"]["id"], user_id);
    assert_eq!(a["user"]["accountEnabled"], user["accountEnabled"]);

    let groups = rows(&a, "groups");
    let direct: BTreeSet<String> = parents(snap, user_id)
        .iter()
        .map(|g| str_of(g, "id").to_string())
        .collect();
    let shown_direct: BTreeSet<String> = groups
        .iter()
        .filter(|g| g["how"] == "direct")
        .map(|g| str_of(&g["group"], "id").to_string())
        .collect();
    assert_eq!(shown_direct, direct);
    let nested = groups
        .iter()
        .find(|g| g["group"]["id"] == admins["id"])
        .expect("Tier0 Admins through nesting");
    assert_eq!(nested["how"], "nested");
    assert_eq!(nested["path"], "Tier0 Operators → Tier0 Admins");

    // Every role Tier0 Admins holds in effect reaches the user through the two groups.
    let now = fetched_at(snap);
    let in_effect = |i: &&Value| {
        let t = |k: &str| {
            i[k].as_str()
                .and_then(|s| s.parse::<jiff::Timestamp>().ok())
        };
        t("startDateTime").is_none_or(|s| s <= now) && t("endDateTime").is_none_or(|e| e > now)
    };
    let granted: BTreeSet<String> = [
        "roleAssignmentScheduleInstances",
        "roleEligibilityScheduleInstances",
    ]
    .iter()
    .flat_map(|c| items(snap, c))
    .filter(|i| i["principalId"] == admins["id"])
    .filter(in_effect)
    .map(|i| str_of(i, "roleDefinitionId").to_string())
    .collect();
    assert!(!granted.is_empty());
    let through: BTreeSet<String> = rows(&a, "roles")
        .iter()
        .filter(|r| str_of(r, "via").contains("Tier0 Operators → Tier0 Admins"))
        .map(|r| str_of(&r["role"], "id").to_string())
        .collect();
    assert_eq!(through, granted);

    // Authentication methods as the registration report lists them.
    let reg = items(snap, "userRegistrationDetails")
        .iter()
        .find(|r| r["id"] == user_id)
        .expect("registration");
    let methods: Vec<&str> = reg["methodsRegistered"]
        .as_array()
        .expect("methods")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(a["user"]["methodsRegistered"], methods.join(", "));
    assert!(a["incomplete"].as_array().is_some_and(Vec::is_empty), "{a}");
}

#[test]
fn a_risky_users_dossier_has_detections_failures_and_findings() {
    let f = demo();
    let snap = &f.snap;
    let risky = items(snap, "riskyUsers")
        .iter()
        .find(|r| r["riskLevel"] == "high" && r["riskState"] == "atRisk")
        .expect("a high-risk user");
    let id = str_of(risky, "id");
    let a = ask(&f, &["user", id], 0);
    assert_eq!(a["user"]["riskLevel"], "high");
    assert_eq!(a["user"]["atRisk"], true);
    let detections: BTreeSet<&str> = items(snap, "riskDetections")
        .iter()
        .filter(|d| d["userId"] == id)
        .map(|d| str_of(d, "id"))
        .collect();
    let shown: BTreeSet<&str> = rows(&a, "riskDetections")
        .iter()
        .map(|d| str_of(d, "id"))
        .collect();
    assert_eq!(shown, detections);
    let mine: Vec<&Value> = items(snap, "signIns")
        .iter()
        .filter(|s| s["userId"] == id)
        .collect();
    let failed = mine
        .iter()
        .filter(|s| s["status"]["errorCode"].as_i64() != Some(0))
        .count();
    assert_eq!(a["user"]["signIns"], json!(mine.len()));
    assert_eq!(a["user"]["failedSignIns"], json!(failed));
    // The findings that name them include the risky-privileged-user rule.
    assert!(
        rows(&a, "findings").iter().any(|x| x["rule"] == "PRV004"),
        "{a}"
    );
    // The text form says the same, section by section.
    let (code, text, _) = run(&f, &["user", id], "table");
    assert_eq!(code, 0);
    for part in [
        "Risk level",
        "Risk detections (",
        "Latest sign-ins (up to 10)",
        "Lint findings that name them",
        "PRV004",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
}

#[test]
fn users_by_creation_state_type_and_name() {
    let f = demo();
    let snap = &f.snap;
    let since = fetched_at(snap) - jiff::SignedDuration::from_hours(30 * 24);
    let want: BTreeSet<String> = items(snap, "users")
        .iter()
        .filter(|u| u["accountEnabled"] == true)
        .filter(|u| {
            u["createdDateTime"]
                .as_str()
                .and_then(|t| t.parse::<jiff::Timestamp>().ok())
                .is_some_and(|t| t >= since)
        })
        .map(|u| str_of(u, "id").to_string())
        .collect();
    assert!(!want.is_empty(), "the demo has new hires");
    let a = ask(&f, &["users", "--created-within", "30", "--enabled"], 0);
    let got: BTreeSet<String> = ids(rows(&a, "users"), "user").into_iter().collect();
    assert_eq!(got, want);

    let guests = items(snap, "users")
        .iter()
        .filter(|u| u["userType"] == "Guest")
        .count();
    let a = ask(&f, &["users", "--guests"], 0);
    assert_eq!(rows(&a, "users").len(), guests);
    let disabled = items(snap, "users")
        .iter()
        .filter(|u| u["accountEnabled"] == false)
        .count();
    let a = ask(&f, &["users", "--disabled"], 0);
    assert_eq!(rows(&a, "users").len(), disabled);
    let want: BTreeSet<String> = items(snap, "users")
        .iter()
        .filter(|u| {
            str_of(u, "displayName").to_lowercase().starts_with("rex")
                || str_of(u, "userPrincipalName")
                    .to_lowercase()
                    .starts_with("rex")
        })
        .map(|u| str_of(u, "id").to_string())
        .collect();
    assert!(want.len() > 1);
    let a = ask(&f, &["users", "--name-starts-with", "REX"], 0);
    let got: BTreeSet<String> = ids(rows(&a, "users"), "user").into_iter().collect();
    assert_eq!(got, want);
}

#[test]
fn a_group_shows_kind_owners_counts_and_who_created_it() {
    let f = demo();
    let snap = &f.snap;
    let audits = items(snap, "directoryAudits");
    let since = str_of(&snap["collections"]["directoryAudits"]["window"], "since");
    // Created by an app, per its "Add group" record.
    let g = by_name(snap, "groups", "FinOps automation");
    let record = audits
        .iter()
        .find(|r| r["targetResources"][0]["id"] == g["id"])
        .expect("an Add group record");
    let a = ask(&f, &["group", "FinOps automation"], 0);
    assert_eq!(
        a["group"]["createdBy"]["displayName"],
        record["initiatedBy"]["app"]["displayName"]
    );
    assert_eq!(
        a["group"]["directMembers"],
        json!(g["members"].as_array().map(Vec::len))
    );
    let owners: Vec<String> = g["owners"]
        .as_array()
        .expect("owners")
        .iter()
        .map(|o| str_of(o, "id").to_string())
        .collect();
    assert_eq!(ids(rows(&a, "owners"), "owner"), owners);
    // Created by a user.
    let g = by_name(snap, "groups", "Finance month-end close");
    let record = audits
        .iter()
        .find(|r| r["targetResources"][0]["id"] == g["id"])
        .expect("an Add group record");
    let a = ask(&f, &["group", str_of(g, "id")], 0);
    assert_eq!(
        a["group"]["createdBy"]["id"],
        record["initiatedBy"]["user"]["id"]
    );
    // Created before the log's window: said so, never "nobody".
    let old = items(snap, "groups")
        .iter()
        .find(|g| {
            str_of(g, "createdDateTime") < since
                && !audits
                    .iter()
                    .any(|r| r["targetResources"][0]["id"] == g["id"])
                && str_of(g, "displayName").starts_with("Finland")
        })
        .expect("an old group");
    let a = ask(&f, &["group", str_of(old, "displayName")], 0);
    assert_eq!(
        a["group"]["createdBy"],
        format!("before the audit window (since {since})")
    );
    // A role-assignable group: its kind and the roles it grants.
    let (code, text, _) = run(&f, &["group", "Tier0 Admins"], "table");
    assert_eq!(code, 0);
    assert!(text.contains("security, role-assignable"), "{text}");
    assert!(
        text.contains("Directory roles it grants its members"),
        "{text}"
    );
    assert!(text.contains("Global Administrator"), "{text}");
}

#[test]
fn membership_is_yes_with_the_path_or_no() {
    let f = demo();
    let snap = &f.snap;
    let operators = by_name(snap, "groups", "Tier0 Operators");
    let user_id = str_of(&operators["members"][0], "id");
    let a = ask(&f, &["group", "Tier0 Admins", "--member", user_id], 0);
    assert_eq!(a["membership"]["isMember"], true);
    assert_eq!(a["membership"]["how"], "nested");
    assert_eq!(a["membership"]["path"], "Tier0 Operators → Tier0 Admins");
    let a = ask(
        &f,
        &["group", "Tier0 Operators", "--member", "Rex Risky-Admin"],
        0,
    );
    assert_eq!(a["membership"]["isMember"], false);
    let (code, text, _) = run(&f, &["group", "Tier0 Admins", "--member", user_id], "table");
    assert_eq!(code, 0);
    assert!(text.contains("Yes, through Tier0 Operators."), "{text}");
}

#[test]
fn groups_by_name_prefix() {
    let f = demo();
    let want: BTreeSet<String> = items(&f.snap, "groups")
        .iter()
        .filter(|g| str_of(g, "displayName").to_lowercase().starts_with("fin"))
        .map(|g| str_of(g, "id").to_string())
        .collect();
    assert!(want.len() > 2);
    let a = ask(&f, &["groups", "--name-starts-with", "Fin"], 0);
    let got: BTreeSet<String> = ids(rows(&a, "groups"), "group").into_iter().collect();
    assert_eq!(got, want);
}

#[test]
fn sign_ins_by_user_outcome_location_and_app_newest_first_in_the_window() {
    let f = demo();
    let snap = &f.snap;
    let all = items(snap, "signIns");
    let newest = |mut v: Vec<&Value>| -> Vec<String> {
        v.sort_by(|a, b| {
            str_of(b, "createdDateTime")
                .cmp(str_of(a, "createdDateTime"))
                .then_with(|| str_of(a, "id").cmp(str_of(b, "id")))
        });
        v.iter().map(|s| str_of(s, "id").to_string()).collect()
    };
    let sign_in_ids = |a: &Value| -> Vec<String> {
        rows(a, "signIns")
            .iter()
            .map(|r| str_of(r, "id").to_string())
            .collect()
    };
    let since = str_of(&snap["collections"]["signIns"]["window"], "since");
    let user = "Farah Finance-Analyst";
    let hers: Vec<&Value> = all
        .iter()
        .filter(|s| s["userDisplayName"] == user)
        .collect();
    let a = ask(&f, &["sign-ins", "--user", user, "--top", "3"], 0);
    let mut want = newest(hers.clone());
    want.truncate(3);
    assert_eq!(sign_in_ids(&a), want);
    assert_eq!(a["window"]["since"], since);
    assert_eq!(a["counts"]["matched"], json!(hers.len()));

    let failed = |s: &&Value| s["status"]["errorCode"].as_i64() != Some(0);
    let a = ask(&f, &["sign-ins", "--user", user, "--failed"], 0);
    assert_eq!(
        sign_in_ids(&a),
        newest(hers.iter().copied().filter(failed).collect())
    );
    let a = ask(&f, &["sign-ins", "--failed", "--location", "amsterdam"], 0);
    assert_eq!(
        sign_in_ids(&a),
        newest(
            all.iter()
                .filter(failed)
                .filter(|s| s["location"]["city"] == "Amsterdam")
                .collect()
        )
    );
    let a = ask(&f, &["sign-ins", "--app", "teams"], 0);
    assert_eq!(
        sign_in_ids(&a),
        newest(
            all.iter()
                .filter(|s| str_of(s, "appDisplayName").to_lowercase().contains("teams"))
                .collect()
        )
    );
    let (code, text, _) = run(&f, &["sign-ins", "--user", user, "--top", "3"], "table");
    assert_eq!(code, 0);
    assert!(text.contains(&format!("since {since}")), "{text}");
    assert!(text.contains("newest first"), "{text}");
}

#[test]
fn risky_users_by_level() {
    let f = demo();
    let want: BTreeSet<&str> = items(&f.snap, "riskyUsers")
        .iter()
        .filter(|r| r["riskLevel"] == "high")
        .map(|r| str_of(r, "id"))
        .collect();
    let a = ask(&f, &["risky-users", "--level", "high"], 0);
    let got: BTreeSet<String> = ids(rows(&a, "riskyUsers"), "user").into_iter().collect();
    assert_eq!(got, want.iter().map(|s| s.to_string()).collect());
    let (code, text, _) = run(&f, &["risky-users"], "table");
    assert_eq!(code, 0);
    assert!(text.contains("highest risk first"), "{text}");
}

#[test]
fn denied_sign_ins_are_exit_3_naming_what_could_not_be_answered() {
    let (mut snap, _) = govlint_testkit::tenant::demo();
    snap["collections"]["signIns"] = json!({
        "status": "unavailable",
        "error": {"httpStatus": 403, "code": "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
                  "permission": "AuditLog.Read.All"},
        "items": [],
    });
    let f = write(snap);
    for args in [&["sign-ins"][..], &["user", "Rex Risky-Admin"]] {
        let (code, out, err) = run(&f, args, "json");
        assert_eq!(code, 3, "{args:?}: {err}");
        let a: Value = serde_json::from_str(&out).expect("json");
        assert!(
            a["incomplete"]
                .as_array()
                .is_some_and(|r| r.iter().any(|r| {
                    r.as_str().is_some_and(|r| {
                        r.starts_with("signIns unavailable: 403") && r.contains("AuditLog.Read.All")
                    })
                })),
            "{a}"
        );
        assert!(
            err.contains("warning: may be incomplete: signIns unavailable"),
            "{err}"
        );
    }
    let (code, text, _) = run(&f, &["sign-ins"], "table");
    assert_eq!(code, 3);
    assert!(text.contains("none: signIns unavailable"), "{text}");
}

#[test]
fn a_missing_audit_log_is_exit_3_and_the_creator_unknown() {
    let (mut snap, _) = govlint_testkit::tenant::demo();
    snap["collections"]
        .as_object_mut()
        .expect("collections")
        .remove("directoryAudits");
    let f = write(snap);
    let a = ask(&f, &["group", "FinOps automation"], 3);
    assert_eq!(
        a["group"]["createdBy"],
        "unknown: directoryAudits is not in the snapshot"
    );
    assert_eq!(
        a["incomplete"],
        json!(["directoryAudits not in the snapshot"])
    );
}

#[test]
fn unknown_and_ambiguous_user_names_are_exit_2() {
    let (mut snap, _) = govlint_testkit::tenant::demo();
    let users = snap["collections"]["users"]["items"]
        .as_array_mut()
        .expect("users");
    for (id, upn) in [
        (
            "7e000000-0000-4000-8000-000000000001",
            "twin1@contoso.example",
        ),
        (
            "7e000000-0000-4000-8000-000000000002",
            "twin2@contoso.example",
        ),
    ] {
        users.push(json!({"id": id, "displayName": "Identity Twin", "userPrincipalName": upn, "userType": "Member", "accountEnabled": true}));
    }
    let n = users.len();
    snap["collections"]["users"]["count"] = json!(n);
    let f = write(snap);
    let (code, _, err) = run(&f, &["user", "Rex Risky Admn"], "table");
    assert_eq!(code, 2);
    assert!(err.contains("no user named `Rex Risky Admn`"), "{err}");
    assert!(
        err.contains("the closest:") && err.contains("prv-rex@contoso.example"),
        "{err}"
    );
    let (code, _, err) = run(&f, &["user", "identity twin"], "table");
    assert_eq!(code, 2);
    assert!(
        err.contains("twin1@contoso.example") && err.contains("twin2@contoso.example"),
        "{err}"
    );
    let (code, _, err) = run(
        &f,
        &["group", "Tier0 Admins", "--member", "nobody-such"],
        "json",
    );
    assert_eq!(code, 2, "{err}");
}

// ---- fetched from the Graph emulator --------------------------------------------------------

/// The demo served by the Graph emulator (every collection the fetcher reads present), fetched
/// by `govlint fetch` over HTTP on 127.0.0.1 into `out`; the exit code and stderr.
fn fetch_demo(options: govlint_testkit::emulator::Options, out: &std::path::Path) -> (i32, String) {
    let snap = common::with_every_collection(govlint_testkit::tenant::demo().0);
    let emu = govlint_testkit::emulator::Emulator::start(&snap, options).expect("emulator starts");
    let r = Command::from_std(common::fetch_command(&emu, out))
        // The demo's sign-ins are a week before its own clock, not the wall clock's.
        .args(["--sign-ins-since", "2026-11-13T09:00:00Z"])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .expect("fetch runs");
    (
        r.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&r.stderr).into_owned(),
    )
}

/// A fetched snapshot as a fixture, asked at the demo's clock (`fetch` stamps the wall clock).
fn fetched(path: PathBuf) -> Fixture {
    let snap: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("snapshot written"))
            .expect("JSON");
    Fixture {
        _dir: tempfile::tempdir().expect("tempdir"),
        path,
        snap,
    }
}

const DEMO_NOW: &str = "2026-11-20T09:00:00Z";

#[test]
fn a_tenant_fetched_from_the_emulator_answers_the_identity_questions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("fetched.json");
    let (code, err) = fetch_demo(Default::default(), &out);
    assert_eq!(code, 0, "fetch: {err}");
    let f = fetched(out);
    let snap = &f.snap;
    let now = ["--now", DEMO_NOW];

    // A user's dossier: nested groups with the path, roles through them, methods, risk.
    let operators = by_name(snap, "groups", "Tier0 Operators");
    let user_id = str_of(&operators["members"][0], "id");
    let a = ask(&f, &[&["user", user_id][..], &now].concat(), 0);
    let nested = rows(&a, "groups")
        .iter()
        .find(|g| g["group"]["displayName"] == "Tier0 Admins")
        .expect("Tier0 Admins through nesting");
    assert_eq!(nested["path"], "Tier0 Operators → Tier0 Admins");
    assert!(
        rows(&a, "roles")
            .iter()
            .any(|r| str_of(r, "via").contains("Tier0 Operators → Tier0 Admins")),
        "{a}"
    );

    // Sign-ins: the window fetch recorded, newest first, as Graph returned them.
    let user = "Farah Finance-Analyst";
    let a = ask(
        &f,
        &[&["sign-ins", "--user", user, "--failed"][..], &now].concat(),
        0,
    );
    assert_eq!(a["window"]["since"], "2026-11-13T09:00:00Z");
    let mut want: Vec<&Value> = items(snap, "signIns")
        .iter()
        .filter(|s| s["userDisplayName"] == user && s["status"]["errorCode"].as_i64() != Some(0))
        .collect();
    want.sort_by(|a, b| str_of(b, "createdDateTime").cmp(str_of(a, "createdDateTime")));
    assert!(!want.is_empty());
    let got: Vec<&str> = rows(&a, "signIns")
        .iter()
        .map(|r| str_of(r, "id"))
        .collect();
    let want: Vec<&str> = want.iter().map(|s| str_of(s, "id")).collect();
    assert_eq!(got, want);

    // Who created a group: its record when the fetched log's window holds it, else said so.
    let g = by_name(snap, "groups", "FinOps automation");
    let since = str_of(&snap["collections"]["directoryAudits"]["window"], "since");
    let record = items(snap, "directoryAudits")
        .iter()
        .find(|r| r["targetResources"][0]["id"] == g["id"]);
    let a = ask(&f, &[&["group", "FinOps automation"][..], &now].concat(), 0);
    match record {
        Some(r) => assert_eq!(
            a["group"]["createdBy"]["displayName"],
            r["initiatedBy"]["app"]["displayName"]
        ),
        None => assert_eq!(
            a["group"]["createdBy"],
            format!("before the audit window (since {since})")
        ),
    }
    let a = ask(
        &f,
        &[&["group", "Tier0 Admins", "--member", user_id][..], &now].concat(),
        0,
    );
    assert_eq!(a["membership"]["path"], "Tier0 Operators → Tier0 Admins");
    let (code, text, _) = run(
        &f,
        &[&["risky-users", "--level", "high"][..], &now].concat(),
        "table",
    );
    assert_eq!(code, 0);
    assert!(text.contains("Rex Risky-Admin"), "{text}");
}

#[test]
fn sign_ins_denied_by_graph_are_exit_3_naming_the_permission() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("fetched.json");
    let (code, err) = fetch_demo(
        govlint_testkit::emulator::Options::default().without_permission("AuditLog.Read.All"),
        &out,
    );
    assert_eq!(code, 3, "fetch: {err}");
    let f = fetched(out);
    let (code, text, err) = run(&f, &["sign-ins", "--now", DEMO_NOW], "table");
    assert_eq!(code, 3, "{err}");
    assert!(
        text.contains("warning: may be incomplete: signIns unavailable: 403")
            && text.contains("AuditLog.Read.All"),
        "{text}"
    );
    let a = ask(&f, &["user", "Rex Risky-Admin", "--now", DEMO_NOW], 3);
    assert!(
        a["incomplete"]
            .as_array()
            .is_some_and(|r| r.iter().any(|r| r
                .as_str()
                .is_some_and(|r| r.starts_with("signIns unavailable: 403")))),
        "{a}"
    );
}
