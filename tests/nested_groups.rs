//! Who really holds a role: a user who reaches Global Administrator only through a nested
//! group (Nia: member of Tier0 Operators, itself a member of the role-assignable Tier0 Admins,
//! which holds the role as a standing assignment) is caught by the PIM and privileged-account
//! rules, the findings name the path, and cutting the nesting makes them go away. Also: when
//! group membership could not be read, the rules that need it are not evaluated (never clean).

mod common;

use std::collections::BTreeSet;

use govlint::engine::Selection;
use govlint::finding::LintResult;
use govlint_testkit::tenant;
use serde_json::Value;

const PATH: &str = "via group Tier0 Operators (member) → group Tier0 Admins (member)";

fn lint(snapshot: &Value) -> LintResult {
    let snap =
        govlint::snapshot::parse("nested", &snapshot.to_string()).expect("snapshot is valid");
    let linter = common::demo_linter();
    let rules = linter.select(&Selection::default()).expect("all rules");
    linter.lint(&snap, snap.fetched_at, &rules)
}

fn nia() -> String {
    tenant::guid("user:grp-nia")
}

fn group_id(key: &str) -> String {
    tenant::guid(&format!("group:{key}"))
}

fn items<'a>(snapshot: &'a Value, collection: &str) -> &'a Vec<Value> {
    snapshot["collections"][collection]["items"]
        .as_array()
        .expect("collection items")
}

/// Findings that mention Nia: about her, or naming her in the message or `related`.
fn about_nia(result: &LintResult) -> Vec<(String, String)> {
    let id = nia();
    result
        .findings
        .iter()
        .filter(|f| {
            f.object.id == id
                || f.related.iter().any(|r| r.id == id)
                || f.message.contains("Nia Nested-Admin")
        })
        .map(|f| (f.rule.clone(), f.message.clone()))
        .collect()
}

#[test]
fn nia_holds_global_admin_only_through_a_nested_group() {
    let (snapshot, _) = tenant::demo();
    let id = nia();
    for c in [
        "roleAssignmentScheduleInstances",
        "roleEligibilityScheduleInstances",
        "privilegedAccessGroupEligibilityScheduleInstances",
        "privilegedAccessGroupAssignmentScheduleInstances",
    ] {
        assert!(
            !items(&snapshot, c).iter().any(|i| i["principalId"] == id),
            "Nia has a grant of her own in {c}: the plant must reach the role only through groups"
        );
    }
    let result = lint(&snapshot);
    assert!(
        result.not_evaluated.is_empty(),
        "{:#?}",
        result.not_evaluated
    );
    assert!(result.errors.is_empty(), "{:#?}", result.errors);

    // PRV001: she has no MFA, and the finding says how she holds the role.
    let prv001 = result
        .findings
        .iter()
        .find(|f| f.rule == "PRV001" && f.object.id == id)
        .expect("PRV001 on Nia");
    assert!(
        prv001
            .message
            .contains(&format!("Global Administrator (active {PATH})")),
        "{}",
        prv001.message
    );
    let related: BTreeSet<&str> = prv001.related.iter().map(|r| r.id.as_str()).collect();
    assert!(related.contains(group_id("tier0-operators").as_str()));
    assert!(related.contains(group_id("tier0-admins").as_str()));

    // PIM001: the standing access is the group's assignment, reported once on it, naming Nia
    // and her path; she gets no PIM001 finding of her own (one fault, one finding).
    let pim001: Vec<_> = result
        .findings
        .iter()
        .filter(|f| f.rule == "PIM001" && f.message.contains("Nia Nested-Admin"))
        .collect();
    assert_eq!(pim001.len(), 1, "{pim001:#?}");
    assert!(pim001[0]
        .message
        .starts_with("Tier0 Admins holds Global Administrator as a standing active assignment"));
    assert!(
        pim001[0]
            .message
            .contains(&format!("Nia Nested-Admin {PATH}")),
        "{}",
        pim001[0].message
    );
    assert_eq!(
        pim001[0].remediation.requests[0]
            .body
            .as_ref()
            .map(|b| b["principalId"].clone()),
        Some(Value::from(group_id("tier0-admins"))),
        "the fix is the group's assignment"
    );
    assert!(!result
        .findings
        .iter()
        .any(|f| f.rule == "PIM001" && f.object.id == id));

    // PIM008 counts her among the Global Administrators, with the path.
    let pim008 = result
        .findings
        .iter()
        .find(|f| f.rule == "PIM008")
        .expect("PIM008");
    assert!(
        pim008
            .message
            .contains(&format!("Nia Nested-Admin (user, standing, {PATH})")),
        "{}",
        pim008.message
    );
}

#[test]
fn cutting_the_nesting_takes_the_role_and_the_findings_away() {
    let (mut snapshot, _) = tenant::demo();
    let before = lint(&snapshot);
    assert!(!about_nia(&before).is_empty());

    // Tier0 Operators is no longer a member of Tier0 Admins.
    let admins = group_id("tier0-admins");
    let operators = group_id("tier0-operators");
    let groups = snapshot["collections"]["groups"]["items"]
        .as_array_mut()
        .expect("groups");
    let tier0 = groups
        .iter_mut()
        .find(|g| g["id"] == admins.as_str())
        .expect("Tier0 Admins");
    let members = tier0["members"].as_array_mut().expect("members");
    let n = members.len();
    members.retain(|m| m["id"] != operators.as_str());
    assert_eq!(members.len(), n - 1, "Tier0 Operators was a member");

    let after = lint(&snapshot);
    assert!(after.not_evaluated.is_empty(), "{:#?}", after.not_evaluated);
    assert_eq!(about_nia(&after), Vec::<(String, String)>::new());
    // Nothing else changes: the findings are the same but Nia's PRV001 and GRP001 on Tier0
    // Operators, which no longer grants a role (so its lack of an owner stops mattering).
    let keys = |r: &LintResult| -> BTreeSet<(String, String)> {
        r.findings
            .iter()
            .map(|f| (f.rule.clone(), f.object.id.clone()))
            .collect()
    };
    let gone: Vec<_> = keys(&before).difference(&keys(&after)).cloned().collect();
    assert_eq!(
        gone,
        vec![
            ("GRP001".to_string(), operators.clone()),
            ("PRV001".to_string(), nia())
        ]
    );
    assert!(keys(&after).is_subset(&keys(&before)));
}

#[test]
fn unread_group_membership_leaves_the_holder_rules_not_evaluated() {
    let (mut snapshot, _) = tenant::demo();
    let groups = &mut snapshot["collections"]["groups"];
    groups["status"] = Value::from("unavailable");
    groups["error"] = serde_json::json!({"httpStatus": 403, "code": "Authorization_RequestDenied", "message": "Insufficient privileges"});
    let result = lint(&snapshot);
    let blind: BTreeSet<&str> = result
        .not_evaluated
        .iter()
        .map(|n| n.rule.as_str())
        .collect();
    for rule in ["PIM001", "PIM008", "PRV001", "PRV002", "PIM014"] {
        assert!(
            blind.contains(rule),
            "{rule} evaluated without group membership: {blind:?}"
        );
        assert!(!result.findings.iter().any(|f| f.rule == rule));
    }
}
