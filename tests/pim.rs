//! `govlint pim` end to end over HTTP on 127.0.0.1 against the Graph emulator, signed in as a
//! person through the Azure CLI (a fake `az` printing a delegated token the emulator minted):
//! status, activation (success, pending approval, duration and MFA refused), deactivation,
//! and the same for a PIM for Groups membership.

mod common;

use std::path::Path;
use std::process::Command;

use govlint_testkit::emulator::{Emulator, Options};
use serde_json::{json, Value};

fn demo() -> Value {
    serde_json::from_str(&govlint_testkit::tenant::demo_json()).expect("demo tenant")
}

/// An eligible role of the demo: (principal, role definition id, role name).
fn eligible_role(snap: &Value) -> (String, String, String) {
    let c = &snap["collections"];
    let e = c["roleEligibilityScheduleInstances"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|e| {
            c["roleDefinitions"]["items"]
                .as_array()
                .is_some_and(|d| d.iter().any(|d| d["id"] == e["roleDefinitionId"]))
                && e["directoryScopeId"] == "/"
                && !c["roleAssignmentScheduleInstances"]["items"]
                    .as_array()
                    .is_some_and(|a| {
                        a.iter().any(|i| {
                            i["principalId"] == e["principalId"]
                                && i["roleDefinitionId"] == e["roleDefinitionId"]
                        })
                    })
        })
        .expect("an eligible role with a definition");
    let role = e["roleDefinitionId"].as_str().expect("role").to_string();
    let name = c["roleDefinitions"]["items"]
        .as_array()
        .expect("defs")
        .iter()
        .find(|d| d["id"] == role.as_str())
        .and_then(|d| d["displayName"].as_str())
        .expect("name")
        .to_string();
    (
        e["principalId"].as_str().expect("principal").to_string(),
        role,
        name,
    )
}

/// Sets the end-user rules of the PIM policy that governs `role`.
fn set_policy(emu: &Emulator, role: &str, enabled: &[&str], max: &str, approval: bool) {
    let assignment = emu
        .items("roleManagementPolicyAssignments")
        .into_iter()
        .find(|a| a["roleDefinitionId"] == role && a["scopeId"] == "/")
        .expect("the role's policy assignment");
    let policy = assignment["policyId"].as_str().expect("policy").to_string();
    emu.edit("roleManagementPolicies", |items| {
        let p = items
            .iter_mut()
            .find(|p| p["id"] == policy.as_str())
            .expect("policy");
        for r in p["rules"].as_array_mut().expect("rules") {
            match r["id"].as_str() {
                Some("Enablement_EndUser_Assignment") => r["enabledRules"] = json!(enabled),
                Some("Expiration_EndUser_Assignment") => r["maximumDuration"] = json!(max),
                Some("Approval_EndUser_Assignment") => {
                    r["setting"]["isApprovalRequired"] = json!(approval)
                }
                _ => {}
            }
        }
    });
}

/// A fake `az` in `dir` printing `token` as `az account get-access-token` does.
fn fake_az(dir: &Path, token: &str) {
    let expires = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() + 3600)
        .unwrap_or(0);
    let script = format!(
        "#!/bin/sh\nprintf '%s' '{{\"accessToken\": \"{token}\", \"expires_on\": {expires}, \"tokenType\": \"Bearer\"}}'\n"
    );
    let p = dir.join("az");
    std::fs::write(&p, script).expect("write az");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
}

fn pim(emu: &Emulator, dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_govlint"))
        .env_clear()
        .env("PATH", dir)
        .arg("pim")
        .args(args)
        .args(["--auth", "azure-cli"])
        .args(["--graph-url", &emu.url(), "--authority-url", &emu.url()])
        .args(["--retry-base-ms", "1", "--timeout", "20"])
        .output()
        .expect("govlint runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn activated(emu: &Emulator, principal: &str, role: &str) -> bool {
    emu.items("roleAssignmentScheduleInstances")
        .iter()
        .any(|i| {
            i["principalId"] == principal
                && i["roleDefinitionId"] == role
                && i["assignmentType"] == "Activated"
        })
}

#[test]
fn activate_within_the_policy_then_deactivate() {
    let snap = demo();
    let (principal, role, name) = eligible_role(&snap);
    let emu = Emulator::start(&snap, Options::default()).expect("emulator");
    set_policy(&emu, &role, &["Justification"], "PT4H", false);
    let dir = common::tmp();
    fake_az(dir.path(), &emu.mint_user_token(&principal, true));

    let (code, out, err) = pim(&emu, dir.path(), &["status"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(&format!("role  {name} (scope /)")), "{out}");

    // Longer than the policy allows: refused, naming the rule.
    let (code, _, err) = pim(
        &emu,
        dir.path(),
        &[
            "activate",
            &name,
            "--justification",
            "INC-1",
            "--duration",
            "PT8H",
        ],
    );
    assert_eq!(code, 6, "{err}");
    assert!(err.contains("ExpirationRule"), "{err}");
    assert!(err.contains("--duration"), "{err}");
    assert!(!activated(&emu, &principal, &role));

    let (code, out, err) = pim(
        &emu,
        dir.path(),
        &[
            "activate",
            &role,
            "--justification",
            "INC-1",
            "--duration",
            "PT2H",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("active for PT2H"), "{out}");
    assert!(activated(&emu, &principal, &role));
    // The request is the documented selfActivate body.
    let w = emu.writes();
    let sent = &w.last().expect("a write").body;
    assert_eq!(
        w.last().map(|w| w.path.as_str()),
        Some("/roleManagement/directory/roleAssignmentScheduleRequests")
    );
    assert_eq!(sent["action"], "selfActivate");
    assert_eq!(sent["principalId"], principal.as_str());
    assert_eq!(sent["roleDefinitionId"], role.as_str());
    assert_eq!(sent["directoryScopeId"], "/");
    assert_eq!(sent["justification"], "INC-1");
    assert_eq!(sent["scheduleInfo"]["expiration"]["type"], "afterDuration");
    assert_eq!(sent["scheduleInfo"]["expiration"]["duration"], "PT2H");

    let (code, out, _) = pim(&emu, dir.path(), &["status", "--format", "json"]);
    assert_eq!(code, 0);
    let s: Value = serde_json::from_str(&out).expect("json");
    assert!(s["active"]
        .as_array()
        .expect("active")
        .iter()
        .any(|g| g["id"] == role.as_str()
            && g["assignmentType"] == "Activated"
            && g["end"].is_string()));

    let (code, out, err) = pim(&emu, dir.path(), &["deactivate", &name]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("deactivated"), "{out}");
    assert!(!activated(&emu, &principal, &role));
    assert_eq!(
        emu.writes().last().map(|w| w.body["action"].clone()),
        Some(json!("selfDeactivate"))
    );
}

#[test]
fn approval_pending_and_mfa_required_are_reported() {
    let snap = demo();
    let (principal, role, name) = eligible_role(&snap);
    let emu = Emulator::start(&snap, Options::default()).expect("emulator");
    let dir = common::tmp();

    // Approval required: the request waits, nothing is active.
    set_policy(&emu, &role, &["Justification"], "PT8H", true);
    fake_az(dir.path(), &emu.mint_user_token(&principal, true));
    let (code, out, err) = pim(
        &emu,
        dir.path(),
        &[
            "activate",
            &name,
            "--justification",
            "change 42",
            "--duration",
            "PT1H",
        ],
    );
    assert_eq!(code, 5, "{err}");
    assert!(out.contains("waits for approval"), "{out}");
    assert!(!activated(&emu, &principal, &role));

    // MFA required and the sign-in had none.
    set_policy(
        &emu,
        &role,
        &["Justification", "MultiFactorAuthentication", "Ticketing"],
        "PT8H",
        false,
    );
    fake_az(dir.path(), &emu.mint_user_token(&principal, false));
    let (code, _, err) = pim(
        &emu,
        dir.path(),
        &["activate", &name, "--justification", "change 42"],
    );
    assert_eq!(code, 6, "{err}");
    assert!(err.contains("MfaRule"), "{err}");
    assert!(err.contains("TicketingRule"), "{err}");
    assert!(err.contains("multifactor"), "{err}");
    assert!(!activated(&emu, &principal, &role));

    // A role the person is not eligible for.
    let (code, _, err) = pim(
        &emu,
        dir.path(),
        &["activate", "No Such Role", "--justification", "x"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not a role you hold"), "{err}");
}

#[test]
fn a_group_membership_activates_and_deactivates() {
    let snap = demo();
    let e = snap["collections"]["privilegedAccessGroupEligibilityScheduleInstances"]["items"][0]
        .clone();
    let principal = e["principalId"].as_str().expect("principal");
    let group = e["groupId"].as_str().expect("group");
    let emu = Emulator::start(&snap, Options::default()).expect("emulator");
    // No approval for this test's activation.
    emu.edit("groupRoleManagementPolicies", |items| {
        for p in items.iter_mut() {
            for r in p["rules"].as_array_mut().into_iter().flatten() {
                if r["id"] == "Approval_EndUser_Assignment" {
                    r["setting"]["isApprovalRequired"] = json!(false);
                }
            }
        }
    });
    let dir = common::tmp();
    fake_az(dir.path(), &emu.mint_user_token(principal, true));
    let active = |emu: &Emulator| {
        emu.items("privilegedAccessGroupAssignmentScheduleInstances")
            .iter()
            .any(|i| {
                i["principalId"] == principal
                    && i["groupId"] == group
                    && i["assignmentType"] == "Activated"
            })
    };
    let (code, out, err) = pim(
        &emu,
        dir.path(),
        &[
            "activate",
            group,
            "--group",
            "--justification",
            "patch night",
            "--duration",
            "PT1H",
        ],
    );
    assert_eq!(code, 0, "{err}{out}");
    assert!(active(&emu));
    let w = emu.writes();
    let last = w.last().expect("a write");
    assert_eq!(
        last.path,
        "/identityGovernance/privilegedAccess/group/assignmentScheduleRequests"
    );
    assert_eq!(last.body["accessId"], "member");
    assert_eq!(last.body["groupId"], group);
    let (code, _, err) = pim(&emu, dir.path(), &["deactivate", group, "--group"]);
    assert_eq!(code, 0, "{err}");
    assert!(!active(&emu));
}
