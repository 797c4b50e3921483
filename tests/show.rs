//! `govlint show`: every question on the demo tenant as the generator makes it today. Expected
//! rows are worked out here from the generated JSON itself (by display names, ids and embedded
//! children), independently of the show module, and compared with the rows the CLI prints.
//! A few objects the demo does not hold (namesakes, a domain-based connected organisation, a
//! formula-like name) are added to the generated tenant by `fixture()`.

mod common;

use common::{items, str_of, Fixture};

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use assert_cmd::Command;
use serde_json::{json, Value};

const UNFINISHED: &[&str] = &["notstarted", "starting", "initializing", "inprogress"];

fn items_mut<'a>(snap: &'a mut Value, c: &str) -> &'a mut Vec<Value> {
    snap["collections"][c]["items"]
        .as_array_mut()
        .expect("collection exists")
}

fn write(snap: &Value) -> Fixture {
    common::snapshot_fixture(snap.clone())
}

fn fix_counts(snap: &mut Value) {
    let names: Vec<String> = snap["collections"]
        .as_object()
        .expect("collections")
        .keys()
        .cloned()
        .collect();
    for n in names {
        let len = items(snap, &n).len();
        snap["collections"][n]["count"] = json!(len);
    }
}

/// The demo tenant plus a few objects of this test's own.
fn fixture() -> Fixture {
    let (mut snap, _) = govlint_testkit::tenant::demo();
    let fabrikam = items(&snap, "connectedOrganizations")
        .iter()
        .find(|o| o["displayName"] == "Fabrikam")
        .map(|o| str_of(o, "id").to_string())
        .expect("the demo has Fabrikam");
    let package = str_of(&items(&snap, "accessPackages")[0], "id").to_string();
    let users = items_mut(&mut snap, "users");
    for (id, name, upn, kind, mail) in [
        (
            "5e000000-0000-4000-8000-000000000001",
            "Showtest Twin",
            "twin1@contoso.example",
            "Member",
            "twin1@contoso.example",
        ),
        (
            "5e000000-0000-4000-8000-000000000002",
            "Showtest Twin",
            "twin2@contoso.example",
            "Member",
            "twin2@contoso.example",
        ),
        (
            "5e000000-0000-4000-8000-000000000003",
            "=HYPERLINK(\"http://x\",\"Showtest Formula\")",
            "formula@contoso.example",
            "Member",
            "formula@contoso.example",
        ),
        (
            "5e000000-0000-4000-8000-000000000004",
            "Olu Outsider",
            "olu_showtest.example#EXT#@contoso.onmicrosoft.com",
            "Guest",
            "olu@showtest.example",
        ),
        (
            "5e000000-0000-4000-8000-000000000005",
            "Fay Fabrikam",
            "fay_fabrikam.example#EXT#@contoso.onmicrosoft.com",
            "Guest",
            "fay@fabrikam.example",
        ),
    ] {
        users.push(
            json!({"id": id, "displayName": name, "userPrincipalName": upn, "mail": mail,
                          "userType": kind, "accountEnabled": true, "sponsors": []}),
        );
    }
    items_mut(&mut snap, "roleEligibilityScheduleInstances").push(json!({
        "id": "5e000000-0000-4000-8000-0000000000e1", "principalId": "5e000000-0000-4000-8000-000000000003",
        "roleDefinitionId": "4a5d8f65-41da-4de4-8968-e035b65339cf", "directoryScopeId": "/",
        "startDateTime": "2026-01-01T00:00:00Z", "endDateTime": "2027-01-01T00:00:00Z", "memberType": "Direct",
        "principal": {"@odata.type": "#microsoft.graph.user", "id": "5e000000-0000-4000-8000-000000000003", "displayName": "stale name"}
    }));
    items_mut(&mut snap, "connectedOrganizations").push(json!({
        "id": "5e000000-0000-4000-8000-0000000000c1", "displayName": "Showtest Partners", "state": "configured",
        "identitySources": [{"@odata.type": "#microsoft.graph.domainIdentitySource", "domainName": "showtest.example", "displayName": "Showtest"}],
        "internalSponsors": [{"@odata.type": "#microsoft.graph.user", "id": "5e000000-0000-4000-8000-000000000001", "displayName": "embedded name"}],
        "externalSponsors": [{"@odata.type": "#microsoft.graph.user", "id": "5e000000-0000-4000-8000-000000000004"}]
    }));
    items_mut(&mut snap, "accessPackageAssignments").push(json!({
        "id": "5e000000-0000-4000-8000-0000000000a1", "state": "delivered", "status": "Delivered",
        "schedule": {"startDateTime": "2026-10-01T00:00:00Z", "expiration": {"type": "noExpiration"}},
        "target": {"id": "5e000000-0000-4000-8000-0000000000a2", "objectId": "5e000000-0000-4000-8000-000000000005",
                   "displayName": "Fay Fabrikam", "subjectType": "user",
                   "connectedOrganization": {"id": fabrikam, "displayName": "Fabrikam"}},
        "accessPackage": {"id": package}, "assignmentPolicy": {"id": "5e000000-0000-4000-8000-0000000000a3"}
    }));
    fix_counts(&mut snap);
    write(&snap)
}

fn govlint(dir: Option<&Path>) -> Command {
    let mut c = Command::cargo_bin("govlint").expect("binary");
    c.env_remove("GOVLINT_SNAPSHOT");
    if let Some(d) = dir {
        c.current_dir(d);
    }
    c
}

/// Runs `govlint show ARGS --format json` and returns the answer (asserting exit 0).
fn show(f: &Fixture, args: &[&str]) -> Value {
    let out = govlint(None)
        .arg("show")
        .args(args)
        .arg("--snapshot")
        .arg(&f.path)
        .args(["--format", "json"])
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "show {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON answer")
}

fn show_fails(f: &Fixture, args: &[&str]) -> (i32, String) {
    let out = govlint(None)
        .arg("show")
        .args(args)
        .arg("--snapshot")
        .arg(&f.path)
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn rows<'a>(answer: &'a Value, key: &str) -> &'a [Value] {
    answer[key]
        .as_array()
        .unwrap_or_else(|| panic!("no `{key}` rows in {answer}"))
}

fn users_by_id(snap: &Value) -> HashMap<String, Value> {
    items(snap, "users")
        .iter()
        .map(|u| (str_of(u, "id").to_string(), u.clone()))
        .collect()
}

fn set<I: IntoIterator<Item = String>>(i: I) -> BTreeSet<String> {
    i.into_iter().collect()
}

fn fetched_at(snap: &Value) -> jiff::Timestamp {
    str_of(snap, "fetchedAt").parse().expect("fetchedAt")
}

fn ts(v: &Value, k: &str) -> Option<jiff::Timestamp> {
    v[k].as_str().and_then(|s| s.parse().ok())
}

// ---- access reviews -------------------------------------------------------------------

/// (definition, instance) pairs still open to reviewers.
fn unfinished(snap: &Value) -> Vec<(Value, Value)> {
    let mut out = Vec::new();
    for d in items(snap, "accessReviewDefinitions") {
        for i in d["instances"].as_array().into_iter().flatten() {
            if UNFINISHED.contains(&str_of(i, "status").to_lowercase().as_str()) {
                out.push((d.clone(), i.clone()));
            }
        }
    }
    out
}

#[test]
fn pending_reviews_are_the_unfinished_instances_most_overdue_first() {
    let f = fixture();
    let expected = unfinished(&f.snap);
    assert!(!expected.is_empty(), "the demo plants open reviews");
    let now = fetched_at(&f.snap);
    let a = show(&f, &["reviews", "--pending"]);
    let got = rows(&a, "reviews");
    assert_eq!(
        set(got.iter().map(|r| str_of(r, "instanceId").to_string())),
        set(expected.iter().map(|(_, i)| str_of(i, "id").to_string()))
    );
    // Each row names its review by display name and id.
    let by_instance: HashMap<String, &Value> = expected
        .iter()
        .map(|(d, i)| (str_of(i, "id").to_string(), d))
        .collect();
    for r in got {
        let d = by_instance[str_of(r, "instanceId")];
        assert_eq!(r["review"]["id"], d["id"]);
        assert_eq!(r["review"]["displayName"], d["displayName"]);
    }
    // Most overdue (earliest due) first.
    let dues: Vec<jiff::Timestamp> = got
        .iter()
        .map(|r| ts(r, "endDateTime").expect("due"))
        .collect();
    assert!(dues.windows(2).all(|w| w[0] <= w[1]), "{dues:?}");
    let overdue = expected
        .iter()
        .filter(|(_, i)| ts(i, "endDateTime").is_some_and(|e| e < now))
        .count();
    assert!(overdue > 0, "AR001 plants an overdue review");
    assert_eq!(a["counts"]["pending"], expected.len());
    assert_eq!(a["counts"]["overdue"], overdue);
    let first = &got[0];
    let days =
        (now.as_second() - ts(first, "endDateTime").expect("due").as_second()).div_euclid(86_400);
    assert_eq!(first["overdueDays"], days);
    for r in got {
        let still_due = ts(r, "endDateTime").is_some_and(|e| e >= now);
        assert_eq!(r["overdueDays"].is_null(), still_due, "{r}");
    }

    // --top N keeps the first N of the same order.
    let top = show(&f, &["reviews", "--pending", "--top", "2"]);
    let top_rows = rows(&top, "reviews");
    assert_eq!(top_rows.len(), 2.min(got.len()));
    assert_eq!(top_rows, &got[..top_rows.len()]);
    assert_eq!(top["counts"]["pending"], expected.len());
    assert_eq!(top["counts"]["shown"], top_rows.len());

    // --now moves the clock: a year later every open instance is overdue.
    let later = show(
        &f,
        &["reviews", "--pending", "--now", "2027-12-31T00:00:00Z"],
    );
    assert_eq!(later["counts"]["overdue"], expected.len());
}

/// The review with the most decisions that has a `/users/{id}` reviewer, for detail questions.
fn busiest_review(snap: &Value) -> Value {
    items(snap, "accessReviewDefinitions")
        .iter()
        .max_by_key(|d| {
            let n: usize = d["instances"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|i| i["decisions"].as_array().map_or(0, Vec::len))
                .sum();
            (n, str_of(d, "id").to_string())
        })
        .cloned()
        .expect("the demo has access reviews")
}

#[test]
fn one_review_shows_scope_settings_reviewers_and_instances() {
    let f = fixture();
    let users = users_by_id(&f.snap);
    let d = busiest_review(&f.snap);
    let name = str_of(&d, "displayName").to_uppercase();
    let a = show(&f, &["review", &name]);
    assert_eq!(a["review"]["id"], d["id"]);
    assert_eq!(a["review"]["displayName"], d["displayName"]);
    assert_eq!(a["review"]["status"], d["status"]);
    assert_eq!(a["review"]["scopeQuery"], d["scope"]["query"]);
    assert_eq!(
        a["review"]["autoApplyDecisionsEnabled"],
        d["settings"]["autoApplyDecisionsEnabled"]
    );
    // Reviewer scopes: one row each, users named from the snapshot.
    let scopes: Vec<&Value> = d["reviewers"]
        .as_array()
        .into_iter()
        .flatten()
        .chain(d["fallbackReviewers"].as_array().into_iter().flatten())
        .collect();
    let got = rows(&a, "reviewers");
    assert_eq!(got.len(), scopes.len());
    for (row, scope) in got.iter().zip(&scopes) {
        let q = str_of(scope, "query");
        assert_eq!(row["query"], q);
        if let Some(id) = q.strip_prefix("/users/") {
            assert_eq!(row["reviewer"]["id"], id);
            assert_eq!(row["reviewer"]["displayName"], users[id]["displayName"]);
        }
    }
    // Instances and the reviewers each one contacted.
    let insts = d["instances"].as_array().expect("instances");
    assert_eq!(
        set(rows(&a, "instances")
            .iter()
            .map(|r| str_of(r, "id").to_string())),
        set(insts.iter().map(|i| str_of(i, "id").to_string()))
    );
    let contacted: BTreeSet<(String, String)> = insts
        .iter()
        .flat_map(|i| {
            i["contactedReviewers"]
                .as_array()
                .into_iter()
                .flatten()
                .map(move |r| (str_of(r, "id").to_string(), str_of(i, "id").to_string()))
        })
        .collect();
    let got: BTreeSet<(String, String)> = rows(&a, "contactedReviewers")
        .iter()
        .map(|r| {
            let id = str_of(&r["reviewer"], "id").to_string();
            if let Some(u) = users.get(&id) {
                assert_eq!(r["reviewer"]["displayName"], u["displayName"]);
            }
            (id, str_of(r, "instanceId").to_string())
        })
        .collect();
    assert_eq!(got, contacted);
    let total: usize = insts
        .iter()
        .map(|i| i["decisions"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(a["counts"]["decisions"], total);
}

/// The name of an identity as the snapshot's users say, else as embedded.
fn name_of(users: &HashMap<String, Value>, ident: &Value) -> Value {
    users.get(str_of(ident, "id")).map_or_else(
        || ident["displayName"].clone(),
        |u| u["displayName"].clone(),
    )
}

#[test]
fn decisions_of_a_review_name_principals_and_reviewers() {
    let f = fixture();
    let users = users_by_id(&f.snap);
    let d = busiest_review(&f.snap);
    let mut expected: BTreeMap<String, Value> = BTreeMap::new();
    for i in d["instances"].as_array().into_iter().flatten() {
        for x in i["decisions"].as_array().into_iter().flatten() {
            expected.insert(str_of(x, "id").to_string(), x.clone());
        }
    }
    assert!(!expected.is_empty());
    let a = show(&f, &["decisions", "--review", str_of(&d, "id")]);
    let got = rows(&a, "decisions");
    assert_eq!(got.len(), expected.len());
    let mut approved = 0;
    for r in got {
        let x = &expected[str_of(r, "id")];
        assert_eq!(r["decision"], x["decision"]);
        assert_eq!(r["recommendation"], x["recommendation"]);
        assert_eq!(r["principal"]["id"], x["principal"]["id"]);
        assert_eq!(
            r["principal"]["displayName"],
            name_of(&users, &x["principal"])
        );
        let by = str_of(&x["reviewedBy"], "id");
        if by.is_empty() || by == "00000000-0000-0000-0000-000000000000" {
            assert!(r["reviewedBy"].is_null(), "{r}");
        } else {
            assert_eq!(r["reviewedBy"]["id"], by);
            assert_eq!(
                r["reviewedBy"]["displayName"],
                name_of(&users, &x["reviewedBy"])
            );
        }
        approved += usize::from(x["decision"] == "Approve");
    }
    assert_eq!(a["counts"]["decisions"], expected.len());
    assert_eq!(a["counts"]["approved"], approved);
}

fn is_override(x: &Value) -> bool {
    let (d, r) = (
        str_of(x, "decision").to_lowercase(),
        str_of(x, "recommendation").to_lowercase(),
    );
    (d == "approve" && r == "deny") || (d == "deny" && r == "approve")
}

#[test]
fn overrides_are_decisions_against_the_recommendation() {
    let f = fixture();
    let mut expected = BTreeMap::new();
    for d in items(&f.snap, "accessReviewDefinitions") {
        for i in d["instances"].as_array().into_iter().flatten() {
            for x in i["decisions"].as_array().into_iter().flatten() {
                if is_override(x) {
                    expected.insert(str_of(x, "id").to_string(), (d.clone(), x.clone()));
                }
            }
        }
    }
    assert!(!expected.is_empty(), "AR003 plants an override");
    let a = show(&f, &["decisions", "--overrides"]);
    let got = rows(&a, "decisions");
    assert_eq!(
        set(got.iter().map(|r| str_of(r, "id").to_string())),
        set(expected.keys().cloned())
    );
    for r in got {
        let (d, x) = &expected[str_of(r, "id")];
        assert_eq!(r["review"]["displayName"], d["displayName"]);
        assert_eq!(r["decision"], x["decision"]);
    }
    // Combined with --review: only that review's overrides.
    let (d, _) = expected.values().next().expect("one");
    let one = show(
        &f,
        &["decisions", "--overrides", "--review", str_of(d, "id")],
    );
    for r in rows(&one, "decisions") {
        assert_eq!(r["review"]["id"], d["id"]);
        assert!(expected.contains_key(str_of(r, "id")));
    }
}

#[test]
fn reviews_of_a_reviewer_by_upn() {
    let f = fixture();
    let users = users_by_id(&f.snap);
    // The user contacted in the most reviews.
    let mut count: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for d in items(&f.snap, "accessReviewDefinitions") {
        for i in d["instances"].as_array().into_iter().flatten() {
            for r in i["contactedReviewers"].as_array().into_iter().flatten() {
                count
                    .entry(str_of(r, "id").to_string())
                    .or_default()
                    .insert(str_of(d, "id").to_string());
            }
        }
    }
    let (reviewer, _) = count
        .iter()
        .filter(|(id, _)| users.contains_key(*id))
        .max_by_key(|(id, ds)| (ds.len(), (*id).clone()))
        .expect("a contacted reviewer");
    let user = &users[reviewer];
    // Every review that assigns, contacted or heard from them.
    let expected: BTreeSet<String> = items(&f.snap, "accessReviewDefinitions")
        .iter()
        .filter(|d| {
            let stages = d["stageSettings"].as_array().into_iter().flatten();
            let assigned = std::iter::once(*d).chain(stages).any(|holder| {
                ["reviewers", "fallbackReviewers"].iter().any(|k| {
                    holder[*k].as_array().into_iter().flatten().any(|s| {
                        str_of(s, "query").eq_ignore_ascii_case(&format!("/users/{reviewer}"))
                    })
                })
            });
            let involved = d["instances"].as_array().into_iter().flatten().any(|i| {
                i["contactedReviewers"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|r| r["id"] == user["id"])
                    || i["decisions"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .any(|x| x["reviewedBy"]["id"] == user["id"])
            });
            assigned || involved
        })
        .map(|d| str_of(d, "id").to_string())
        .collect();
    let upn = str_of(user, "userPrincipalName").to_uppercase();
    let a = show(&f, &["reviews", "--reviewer", &upn]);
    assert_eq!(a["reviewer"]["id"], user["id"]);
    assert_eq!(a["reviewer"]["displayName"], user["displayName"]);
    let got = rows(&a, "reviews");
    assert_eq!(
        set(got.iter().map(|r| str_of(&r["review"], "id").to_string())),
        expected
    );
    assert_eq!(a["counts"]["reviews"], expected.len());
}

// ---- entitlement management -------------------------------------------------------------

/// Catalog of each package: by the catalog that holds its resources' origin ids.
fn catalog_of_packages(snap: &Value) -> HashMap<String, String> {
    let mut by_origin = HashMap::new();
    for c in items(snap, "accessPackageCatalogs") {
        for r in c["resources"].as_array().into_iter().flatten() {
            by_origin.insert(
                str_of(r, "originId").to_string(),
                str_of(c, "id").to_string(),
            );
        }
    }
    let mut out = HashMap::new();
    for p in items(snap, "accessPackages") {
        let cat = p["catalog"]["id"].as_str().map(str::to_string).or_else(|| {
            p["resourceRoleScopes"]
                .as_array()
                .into_iter()
                .flatten()
                .find_map(|r| by_origin.get(str_of(&r["scope"], "originId")).cloned())
        });
        if let Some(c) = cat {
            out.insert(str_of(p, "id").to_string(), c);
        }
    }
    out
}

#[test]
fn catalogs_list_counts_packages_resources_and_extensions() {
    let f = fixture();
    let cats = items(&f.snap, "accessPackageCatalogs");
    assert!(!cats.is_empty());
    let of = catalog_of_packages(&f.snap);
    let a = show(&f, &["catalogs"]);
    let got = rows(&a, "catalogs");
    assert_eq!(got.len(), cats.len());
    for c in cats {
        let r = got
            .iter()
            .find(|r| r["catalog"]["id"] == c["id"])
            .expect("every catalog listed");
        assert_eq!(r["catalog"]["displayName"], c["displayName"]);
        assert_eq!(
            r["resources"],
            c["resources"].as_array().map_or(0, Vec::len)
        );
        assert_eq!(
            r["customWorkflowExtensions"],
            c["customWorkflowExtensions"].as_array().map_or(0, Vec::len)
        );
        assert_eq!(
            r["accessPackages"],
            of.values().filter(|x| **x == str_of(c, "id")).count()
        );
    }
    assert_eq!(a["counts"]["catalogs"], cats.len());
    assert_eq!(a["counts"]["accessPackages"], of.len());
}

#[test]
fn one_catalog_lists_its_packages_resources_and_extensions() {
    let f = fixture();
    let of = catalog_of_packages(&f.snap);
    // The catalog with the most extensions among those that hold packages.
    let c = items(&f.snap, "accessPackageCatalogs")
        .iter()
        .filter(|c| of.values().any(|x| x == str_of(c, "id")))
        .max_by_key(|c| c["customWorkflowExtensions"].as_array().map_or(0, Vec::len))
        .expect("a catalog");
    let a = show(&f, &["catalog", &str_of(c, "displayName").to_lowercase()]);
    assert_eq!(a["catalog"]["id"], c["id"]);
    let names = |rows: &[Value], k: &str| {
        set(rows
            .iter()
            .map(|r| str_of(&r[k], "displayName").to_string()))
    };
    let expected_packages = set(items(&f.snap, "accessPackages")
        .iter()
        .filter(|p| {
            of.get(str_of(p, "id"))
                .is_some_and(|x| x == str_of(c, "id"))
        })
        .map(|p| str_of(p, "displayName").to_string()));
    assert!(!expected_packages.is_empty());
    assert_eq!(
        names(rows(&a, "accessPackages"), "accessPackage"),
        expected_packages
    );
    let child_names = |k: &str| {
        set(c[k]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| str_of(r, "displayName").to_string()))
    };
    assert_eq!(
        names(rows(&a, "resources"), "resource"),
        child_names("resources")
    );
    assert_eq!(
        names(rows(&a, "customWorkflowExtensions"), "extension"),
        child_names("customWorkflowExtensions")
    );
}

#[test]
fn packages_by_name_fragment() {
    let f = fixture();
    let all = items(&f.snap, "accessPackages");
    let a = show(&f, &["packages"]);
    assert_eq!(rows(&a, "accessPackages").len(), all.len());
    assert_eq!(a["counts"]["accessPackages"], all.len());
    // A fragment of one name, in another case.
    let word = str_of(&all[0], "displayName")
        .split_whitespace()
        .next()
        .expect("a word")
        .to_uppercase();
    let expected = set(all
        .iter()
        .filter(|p| {
            str_of(p, "displayName")
                .to_lowercase()
                .contains(&word.to_lowercase())
        })
        .map(|p| str_of(p, "id").to_string()));
    let a = show(&f, &["packages", "--name-contains", &word]);
    let got = rows(&a, "accessPackages");
    assert_eq!(
        set(got
            .iter()
            .map(|r| str_of(&r["accessPackage"], "id").to_string())),
        expected
    );
    assert_eq!(a["counts"]["total"], all.len());
    let policies = items(&f.snap, "accessPackageAssignmentPolicies");
    for r in got {
        let id = str_of(&r["accessPackage"], "id");
        let n = policies
            .iter()
            .filter(|p| p["accessPackage"]["id"] == id)
            .count();
        assert_eq!(r["policies"], n);
    }
}

#[test]
fn one_package_shows_resource_role_scopes_policies_and_assignments() {
    let f = fixture();
    let p = items(&f.snap, "accessPackages")
        .iter()
        .max_by_key(|p| p["resourceRoleScopes"].as_array().map_or(0, Vec::len))
        .expect("a package");
    let a = show(&f, &["package", str_of(p, "displayName")]);
    assert_eq!(a["accessPackage"]["id"], p["id"]);
    let scopes = p["resourceRoleScopes"].as_array().expect("scopes");
    let got = rows(&a, "resourceRoleScopes");
    assert_eq!(
        set(got.iter().map(|r| str_of(r, "id").to_string())),
        set(scopes.iter().map(|r| str_of(r, "id").to_string()))
    );
    for r in got {
        let s = scopes.iter().find(|s| s["id"] == r["id"]).expect("scope");
        assert_eq!(r["role"], s["role"]["displayName"]);
        assert_eq!(r["roleOriginId"], s["role"]["originId"]);
        // The resource is named (from the catalog), never just an id.
        assert!(r["resource"]["displayName"].is_string(), "{r}");
    }
    let policies = set(items(&f.snap, "accessPackageAssignmentPolicies")
        .iter()
        .filter(|x| x["accessPackage"]["id"] == p["id"])
        .map(|x| str_of(x, "id").to_string()));
    assert_eq!(
        set(rows(&a, "policies")
            .iter()
            .map(|r| str_of(&r["policy"], "id").to_string())),
        policies
    );
    let assignments = items(&f.snap, "accessPackageAssignments")
        .iter()
        .filter(|x| x["accessPackage"]["id"] == p["id"])
        .count();
    assert_eq!(a["counts"]["assignments"], assignments);
}

#[test]
fn a_users_access_package_assignments() {
    let f = fixture();
    let users = users_by_id(&f.snap);
    let packages: HashMap<&str, &Value> = items(&f.snap, "accessPackages")
        .iter()
        .map(|p| (str_of(p, "id"), p))
        .collect();
    let all = items(&f.snap, "accessPackageAssignments");
    let target = all
        .iter()
        .map(|a| str_of(&a["target"], "objectId"))
        .find(|id| users.contains_key(*id))
        .expect("an assignment to a user");
    let user = &users[target];
    let expected: BTreeMap<String, &Value> = all
        .iter()
        .filter(|a| a["target"]["objectId"] == target)
        .map(|a| (str_of(a, "id").to_string(), a))
        .collect();
    let a = show(&f, &["assignments", "--user", str_of(user, "id")]);
    assert_eq!(a["user"]["displayName"], user["displayName"]);
    let got = rows(&a, "assignments");
    assert_eq!(
        set(got.iter().map(|r| str_of(r, "id").to_string())),
        set(expected.keys().cloned())
    );
    for r in got {
        let x = expected[str_of(r, "id")];
        let pid = str_of(&x["accessPackage"], "id");
        assert_eq!(r["accessPackage"]["id"], pid);
        assert_eq!(
            r["accessPackage"]["displayName"],
            packages[pid]["displayName"]
        );
        assert_eq!(r["state"], x["state"]);
    }
    assert_eq!(a["counts"]["assignments"], expected.len());
}

#[test]
fn connected_org_sponsors_and_external_users() {
    let f = fixture();
    let users = users_by_id(&f.snap);
    for org in items(&f.snap, "connectedOrganizations") {
        let a = show(&f, &["connected-org", str_of(org, "id")]);
        assert_eq!(
            a["connectedOrganization"]["displayName"],
            org["displayName"]
        );
        let mut expected = BTreeSet::new();
        for (key, kind) in [
            ("internalSponsors", "internal"),
            ("externalSponsors", "external"),
        ] {
            for s in org[key].as_array().into_iter().flatten() {
                let name = users
                    .get(str_of(s, "id"))
                    .map_or_else(|| s["displayName"].clone(), |u| u["displayName"].clone());
                expected.insert((
                    kind.to_string(),
                    str_of(s, "id").to_string(),
                    name.to_string(),
                ));
            }
        }
        let got: BTreeSet<(String, String, String)> = rows(&a, "sponsors")
            .iter()
            .map(|r| {
                (
                    str_of(r, "kind").to_string(),
                    str_of(&r["sponsor"], "id").to_string(),
                    r["sponsor"]["displayName"].to_string(),
                )
            })
            .collect();
        assert_eq!(got, expected, "sponsors of {}", org["displayName"]);
    }
    // External users: by assignment target (Fabrikam) and by domain (the test's own org).
    let a = show(&f, &["connected-org", "fabrikam"]);
    let ext = rows(&a, "externalUsers");
    assert!(
        ext.iter()
            .any(|r| r["user"]["displayName"] == "Fay Fabrikam"),
        "{a}"
    );
    let a = show(&f, &["connected-org", "Showtest Partners"]);
    let ext = rows(&a, "externalUsers");
    assert_eq!(ext.len(), 1, "{a}");
    assert_eq!(ext[0]["user"]["displayName"], "Olu Outsider");
    // Sponsors named from users, not from what Graph embedded.
    let sponsors = rows(&a, "sponsors");
    assert_eq!(sponsors[0]["sponsor"]["displayName"], "Showtest Twin");
    assert_eq!(sponsors[1]["sponsor"]["displayName"], "Olu Outsider");
    assert_eq!(a["counts"]["externalSponsors"], 1);
}

// ---- PIM ----------------------------------------------------------------------------------

/// (instance, active) pairs in effect at the snapshot's clock.
fn in_effect(snap: &Value, all: bool) -> Vec<(Value, bool)> {
    let now = fetched_at(snap);
    let mut out = Vec::new();
    for (c, active) in [
        ("roleAssignmentScheduleInstances", true),
        ("roleEligibilityScheduleInstances", false),
    ] {
        for i in items(snap, c) {
            let started = ts(i, "startDateTime").is_none_or(|t| t <= now);
            let not_ended = ts(i, "endDateTime").is_none_or(|t| t > now);
            if all || (started && not_ended) {
                out.push((i.clone(), active));
            }
        }
    }
    out
}

fn role_names(snap: &Value) -> HashMap<String, String> {
    items(snap, "roleDefinitions")
        .iter()
        .map(|r| {
            (
                str_of(r, "id").to_string(),
                str_of(r, "displayName").to_string(),
            )
        })
        .collect()
}

#[test]
fn a_users_roles_eligible_and_active() {
    let f = fixture();
    let users = users_by_id(&f.snap);
    let roles = role_names(&f.snap);
    let held = in_effect(&f.snap, false);
    // A user holding something both actively and eligibly.
    let both = held
        .iter()
        .filter(|(i, a)| {
            *a && held
                .iter()
                .any(|(j, b)| !b && j["principalId"] == i["principalId"])
        })
        .map(|(i, _)| str_of(i, "principalId").to_string())
        .find(|p| users.contains_key(p))
        .expect("a user with active and eligible roles");
    let user = &users[&both];
    let mine: Vec<&(Value, bool)> = held
        .iter()
        .filter(|(i, _)| i["principalId"] == user["id"])
        .collect();
    let a = show(
        &f,
        &[
            "roles",
            "--user",
            &str_of(user, "displayName").to_lowercase(),
        ],
    );
    assert_eq!(a["user"]["id"], user["id"]);
    let got = rows(&a, "roles");
    let key =
        |id: &str, active: bool| format!("{id}:{}", if active { "active" } else { "eligible" });
    assert_eq!(
        set(got
            .iter()
            .map(|r| key(str_of(r, "id"), str_of(r, "assignment") == "active"))),
        set(mine.iter().map(|(i, a)| key(str_of(i, "id"), *a)))
    );
    for r in got {
        let rid = str_of(&r["role"], "id");
        assert_eq!(
            r["role"]["displayName"].as_str(),
            roles.get(rid).map(String::as_str)
        );
    }
    for (flag, active) in [("--eligible", false), ("--active", true)] {
        let a = show(&f, &["roles", "--user", str_of(user, "id"), flag]);
        let got = rows(&a, "roles");
        assert_eq!(got.len(), mine.iter().filter(|(_, x)| *x == active).count());
        assert!(got.iter().all(|r| (r["assignment"] == "active") == active));
    }
    // The role is named from roleDefinitions, the user from users (not the stale embedded name).
    let a = show(&f, &["roles", "--user", "formula@contoso.example"]);
    assert_eq!(
        rows(&a, "roles")[0]["role"]["displayName"],
        "Reports Reader"
    );
}

#[test]
fn who_holds_a_role_eligible_and_active() {
    let f = fixture();
    let users = users_by_id(&f.snap);
    let ga = items(&f.snap, "roleDefinitions")
        .iter()
        .find(|r| r["displayName"] == "Global Administrator")
        .expect("GA");
    let gid = str_of(ga, "id");
    let held: Vec<(Value, bool)> = in_effect(&f.snap, false)
        .into_iter()
        .filter(|(i, _)| i["roleDefinitionId"] == gid)
        .collect();
    let a = show(&f, &["role", "global", "administrator"]);
    assert_eq!(a["role"]["id"], gid);
    let got = rows(&a, "holders");
    assert_eq!(
        set(got.iter().map(|r| str_of(r, "id").to_string())),
        set(held.iter().map(|(i, _)| str_of(i, "id").to_string()))
    );
    for r in got {
        let (i, active) = held.iter().find(|(i, _)| i["id"] == r["id"]).expect("held");
        assert_eq!(r["principal"]["id"], i["principalId"]);
        if let Some(u) = users.get(str_of(i, "principalId")) {
            assert_eq!(r["principal"]["displayName"], u["displayName"]);
            assert_eq!(r["principal"]["userPrincipalName"], u["userPrincipalName"]);
        }
        assert_eq!(r["assignment"] == "active", *active);
    }
    let principals = |active: Option<bool>| {
        held.iter()
            .filter(|(_, a)| active.is_none_or(|x| x == *a))
            .map(|(i, _)| str_of(i, "principalId").to_string())
            .collect::<BTreeSet<_>>()
            .len()
    };
    assert_eq!(a["counts"]["principals"], principals(None));
    assert_eq!(a["counts"]["active"], principals(Some(true)));
    assert_eq!(a["counts"]["eligible"], principals(Some(false)));
    let active = show(&f, &["role", gid, "--active"]);
    assert_eq!(
        rows(&active, "holders").len(),
        held.iter().filter(|(_, a)| *a).count()
    );
    let eligible = show(&f, &["role", "Global Administrator", "--eligible"]);
    assert_eq!(
        rows(&eligible, "holders").len(),
        held.iter().filter(|(_, a)| !*a).count()
    );
    // Expired grants (PIM001's look-alike) are not holders, unless --all.
    let every: Vec<Value> = in_effect(&f.snap, true)
        .into_iter()
        .filter(|(i, _)| i["roleDefinitionId"] == gid)
        .map(|(i, _)| i)
        .collect();
    assert!(every.len() > held.len(), "the demo has an expired GA grant");
    let all = show(&f, &["role", "Global Administrator", "--all"]);
    assert_eq!(rows(&all, "holders").len(), every.len());
}

// ---- names, formats, inputs -----------------------------------------------------------

#[test]
fn an_ambiguous_name_lists_the_candidates_and_exits_2() {
    let f = fixture();
    let (code, err) = show_fails(&f, &["roles", "--user", "showtest twin"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("matches 2 users"), "{err}");
    assert!(
        err.contains("5e000000-0000-4000-8000-000000000001"),
        "{err}"
    );
    assert!(
        err.contains("5e000000-0000-4000-8000-000000000002"),
        "{err}"
    );
    assert!(err.contains("twin2@contoso.example"), "{err}");
    // The id or the UPN picks one.
    let a = show(&f, &["roles", "--user", "TWIN2@contoso.example"]);
    assert_eq!(a["user"]["id"], "5e000000-0000-4000-8000-000000000002");
    // A fragment matching several reviews is ambiguous too.
    let (code, err) = show_fails(&f, &["review", "review"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("access reviews"), "{err}");
}

#[test]
fn an_unknown_name_exits_2_with_a_clear_message() {
    let f = fixture();
    for (args, what) in [
        (
            vec!["review", "No such review"],
            "no access review named `No such review`",
        ),
        (
            vec!["role", "Chief Wizard"],
            "no directory role named `Chief Wizard`",
        ),
        (
            vec!["package", "Nothing"],
            "no access package named `Nothing`",
        ),
        (vec!["catalog", "Nothing"], "no catalog named `Nothing`"),
        (
            vec!["connected-org", "Nothing"],
            "no connected organization named `Nothing`",
        ),
        (
            vec!["assignments", "--user", "Nobody Here"],
            "no user named `Nobody Here`",
        ),
        (
            vec!["reviews", "--reviewer", "Nobody Here"],
            "no user named `Nobody Here`",
        ),
        (
            vec!["decisions", "--review", "Nothing"],
            "no access review named `Nothing`",
        ),
    ] {
        let (code, err) = show_fails(&f, &args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(what), "{args:?}: {err}");
    }
}

#[test]
fn json_has_query_snapshot_rows_and_counts() {
    let f = fixture();
    let a = show(&f, &["catalogs"]);
    let keys: Vec<&str> = a
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "query",
            "snapshot",
            "now",
            "catalogs",
            "counts",
            "incomplete"
        ]
    );
    assert_eq!(a["query"], "show catalogs");
    assert_eq!(a["snapshot"]["fetchedAt"], f.snap["fetchedAt"]);
    assert_eq!(a["now"], f.snap["fetchedAt"]);
    assert_eq!(a["incomplete"], json!([]));
    let row = &rows(&a, "catalogs")[0];
    assert!(row["catalog"]["id"].is_string() && row["catalog"]["displayName"].is_string());
}

/// A minimal RFC 4180 reader for the checks below.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut field, mut quoted, mut chars) =
        (Vec::new(), String::new(), false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    rows
}

#[test]
fn csv_has_a_header_and_one_line_per_row_with_names_and_ids() {
    let f = fixture();
    let json = show(&f, &["role", "Global Administrator"]);
    let out = govlint(None)
        .args([
            "show",
            "role",
            "Global Administrator",
            "--format",
            "csv",
            "--snapshot",
        ])
        .arg(&f.path)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.ends_with("\r\n"));
    let csv = parse_csv(&text);
    assert_eq!(
        csv[0][..4],
        ["PRINCIPAL", "PRINCIPAL ID", "ASSIGNMENT", "TYPE"].map(String::from)
    );
    let holders = rows(&json, "holders");
    assert_eq!(csv.len() - 1, holders.len());
    for (line, r) in csv[1..].iter().zip(holders) {
        assert_eq!(line.len(), csv[0].len());
        assert_eq!(
            Some(line[0].as_str()),
            r["principal"]["displayName"].as_str()
        );
        assert_eq!(Some(line[1].as_str()), r["principal"]["id"].as_str());
    }
    // A name a spreadsheet would run as a formula is defused.
    let out = govlint(None)
        .args([
            "show",
            "role",
            "Reports Reader",
            "--format",
            "csv",
            "--snapshot",
        ])
        .arg(&f.path)
        .output()
        .expect("run");
    let csv = parse_csv(&String::from_utf8_lossy(&out.stdout));
    let cell = csv
        .iter()
        .find(|r| r[1] == "5e000000-0000-4000-8000-000000000003")
        .expect("row");
    assert!(cell[0].starts_with("'=HYPERLINK"), "{cell:?}");
}

#[test]
fn table_output_names_things_and_ends_with_counts() {
    let f = fixture();
    let out = govlint(None)
        .args(["show", "catalogs", "--snapshot"])
        .arg(&f.path)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let n = items(&f.snap, "accessPackageCatalogs").len();
    assert!(text.contains("CATALOG ID"), "{text}");
    for c in items(&f.snap, "accessPackageCatalogs") {
        assert!(text.contains(str_of(c, "displayName")), "{text}");
    }
    assert!(
        text.trim_end()
            .lines()
            .last()
            .expect("footer")
            .starts_with(&format!("{n} catalogs")),
        "{text}"
    );
}

#[test]
fn snapshot_comes_from_the_flag_the_environment_or_the_working_directory() {
    let f = fixture();
    let dir = f.path.parent().expect("dir");
    // snapshot.json in the working directory.
    govlint(Some(dir))
        .args(["show", "catalogs"])
        .assert()
        .code(0);
    // $GOVLINT_SNAPSHOT.
    let elsewhere = tempfile::tempdir().expect("tempdir");
    govlint(Some(elsewhere.path()))
        .env("GOVLINT_SNAPSHOT", &f.path)
        .args(["show", "catalogs"])
        .assert()
        .code(0);
    // Neither: a clear error, exit 2.
    let out = govlint(Some(elsewhere.path()))
        .args(["show", "catalogs"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read snapshot snapshot.json"));
}

#[test]
fn an_incomplete_collection_is_said_and_exits_3() {
    let (mut snap, _) = govlint_testkit::tenant::demo();
    snap["collections"]["accessReviewDefinitions"]["status"] = json!("partial");
    snap["collections"]["accessReviewDefinitions"]["gaps"] =
        json!([{"what": "decisions of instance x", "error": {"httpStatus": 429}}]);
    let f = write(&snap);
    let out = govlint(None)
        .args([
            "show",
            "reviews",
            "--pending",
            "--format",
            "json",
            "--snapshot",
        ])
        .arg(&f.path)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(3));
    let a: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(
        a["incomplete"][0]
            .as_str()
            .is_some_and(|r| r.contains("accessReviewDefinitions partial")),
        "{a}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("warning: may be incomplete"));
}

/// Not a test of speed (tests never assert a time): prints how long questions take on a
/// 200k-user tenant. `cargo test --release --test show -- --ignored --nocapture`
#[test]
#[ignore]
fn scale_200k_users_prints_timings() {
    let (mut snap, _) = govlint_testkit::tenant::demo();
    let users = items_mut(&mut snap, "users");
    for i in 0..200_000 {
        users.push(json!({"id": format!("00000000-0000-4000-8000-{i:012}"), "displayName": format!("Scale User {i:06}"),
                          "userPrincipalName": format!("scale{i:06}@contoso.example"), "userType": "Member", "accountEnabled": true}));
    }
    let elig = items_mut(&mut snap, "roleEligibilityScheduleInstances");
    for i in 0..20_000 {
        elig.push(json!({"id": format!("e0000000-0000-4000-8000-{i:012}"), "principalId": format!("00000000-0000-4000-8000-{:012}", i * 7),
                         "roleDefinitionId": "f2ef992c-3afb-46b9-b7cf-a126ee74c451", "directoryScopeId": "/",
                         "startDateTime": "2026-01-01T00:00:00Z", "endDateTime": null, "memberType": "Direct"}));
    }
    fix_counts(&mut snap);
    let f = write(&snap);
    let t = std::time::Instant::now();
    let loaded = govlint::snapshot::load(&f.path).expect("load");
    println!("load: {:?}", t.elapsed());
    for q in [
        govlint::show::Question::RolesOf {
            user: "scale123456@contoso.example".into(),
            which: govlint::show::Which::Both,
            all: false,
        },
        govlint::show::Question::Role {
            name: "Global Reader".into(),
            which: govlint::show::Which::Both,
            all: false,
        },
        govlint::show::Question::Assignments {
            user: "Scale User 199999".into(),
        },
        govlint::show::Question::PendingReviews { top: Some(10) },
        govlint::show::Question::Packages {
            name_contains: None,
        },
    ] {
        let t = std::time::Instant::now();
        let v = govlint::show::answer(&loaded, loaded.fetched_at, &q).expect("answer");
        let text = govlint::show::render(&v, govlint::show::ShowFormat::Json);
        println!("{q:?}: {:?} ({} bytes)", t.elapsed(), text.len());
    }
}

/// Issue 15: a package with no resources yet is listed in its catalog. Graph embeds each
/// package's own catalog (`$expand=catalog`); fetched from the emulator, `show catalog`,
/// `show catalogs` and the audit report place the package by it. A snapshot without it (an older
/// fetch) falls back to inferring the catalog from resources, and says the answer may be
/// incomplete for the package that has none.
#[test]
fn a_package_without_resources_is_listed_in_its_catalog() {
    use govlint_testkit::emulator::{Emulator, Options};

    let snap = common::with_every_collection(govlint_testkit::tenant::demo().0);
    let onboarding = items(&snap, "accessPackages")
        .iter()
        .find(|p| p["displayName"] == "Contractor onboarding")
        .expect("the demo has a package with no resources yet")
        .clone();
    assert_eq!(onboarding["resourceRoleScopes"], json!([]));
    let internal = items(&snap, "accessPackageCatalogs")
        .iter()
        .find(|c| c["displayName"] == "Internal tools")
        .expect("the demo has the Internal tools catalog")
        .clone();

    // Fetched over HTTP from the emulator, which answers `$expand=catalog`.
    let emu = Emulator::start(&snap, Options::default()).expect("emulator starts");
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("fetched.json");
    let fetched = Command::from_std(common::fetch_command(&emu, &out))
        .output()
        .expect("fetch runs");
    assert_eq!(
        fetched.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&fetched.stderr)
    );
    assert!(emu
        .requests()
        .iter()
        .any(|r| r.target.contains("/accessPackages?") && r.target.contains("catalog")));
    let fetched: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("snapshot")).expect("json");
    let f = write(&fetched);
    let got = items(&fetched, "accessPackages")
        .iter()
        .find(|p| p["id"] == onboarding["id"])
        .expect("fetched");
    assert_eq!(got["catalog"]["id"], internal["id"]);

    // Expected: every package whose own catalog is Internal tools, from the JSON itself.
    let expected = set(items(&fetched, "accessPackages")
        .iter()
        .filter(|p| p["catalog"]["id"] == internal["id"])
        .map(|p| str_of(p, "displayName").to_string()));
    assert!(expected.contains("Contractor onboarding") && expected.len() >= 2);
    let a = show(&f, &["catalog", "Internal tools"]);
    let listed = set(rows(&a, "accessPackages")
        .iter()
        .map(|r| str_of(&r["accessPackage"], "displayName").to_string()));
    assert_eq!(listed, expected);
    let a = show(&f, &["catalogs"]);
    let row = rows(&a, "catalogs")
        .iter()
        .find(|r| r["catalog"]["id"] == internal["id"])
        .expect("listed");
    assert_eq!(row["accessPackages"], expected.len());

    // The audit report's catalog inventory counts it too.
    let md = govlint(None)
        .args(["report", "--format", "markdown"])
        .arg(&f.path)
        .output()
        .expect("report runs");
    let md = String::from_utf8_lossy(&md.stdout).into_owned();
    let line = md
        .lines()
        .find(|l| l.contains("Internal tools") && l.starts_with('|'))
        .unwrap_or_else(|| panic!("no catalog row in the report:\n{md}"));
    assert!(
        line.split('|')
            .any(|c| c.trim() == expected.len().to_string()),
        "{line}"
    );

    // An older snapshot without `catalog`: inferred from resources, and the package with
    // none is in no catalog, which the answer says (exit 3).
    let mut old = fetched.clone();
    for p in items_mut(&mut old, "accessPackages") {
        if let Some(o) = p.as_object_mut() {
            o.remove("catalog");
        }
    }
    let f = write(&old);
    let out = govlint(None)
        .args([
            "show",
            "catalog",
            "Internal tools",
            "--format",
            "json",
            "--snapshot",
        ])
        .arg(&f.path)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(3));
    let a: Value = serde_json::from_slice(&out.stdout).expect("JSON answer");
    let listed = set(rows(&a, "accessPackages")
        .iter()
        .map(|r| str_of(&r["accessPackage"], "displayName").to_string()));
    assert!(!listed.contains("Contractor onboarding") && !listed.is_empty());
    assert!(
        a["incomplete"]
            .as_array()
            .is_some_and(|r| r.iter().any(|x| x
                .as_str()
                .is_some_and(|x| x.contains("1 access package(s) have no `catalog`")))),
        "{a}"
    );
}
