//! Plants for the rules issue 14's data makes possible (PRV008, PRV009, PRV010, GRP001):
//! violations next to clean look-alikes. The sign-ins they need are in `identity::SIGN_INS`
//! and the risk detections in `identity::DETECTIONS`, with the rest of the week's log.
//!
//! [`plant`] runs before `ar::plant` (which reviews every privileged role held, so the new
//! holders stay clean for AR002) and before `policy::finish`; [`methods`] runs after every
//! grant, when the privileged holders are known.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use super::{
    days_from_now, guid, Gen, Grant, EXCHANGE_ADMIN, HELPDESK_ADMIN, SECURITY_ADMIN, USER_ADMIN,
};

/// Privileged users whose registered methods stay as planted (the default adds a FIDO2 key).
const OWN_METHODS: &[&str] = &["sig-otis", "sig-phil", "sig-kai"];

pub fn plant(g: &mut Gen) {
    prv008(g);
    prv009(g);
    prv010(g);
    grp001(g);
}

fn eligible(g: &mut Gen, key: &str, user: &str, role: &str) {
    g.grant(
        key,
        user,
        role,
        Grant::Eligible {
            end: json!(days_from_now(100)),
        },
    );
}

fn prv008(g: &mut Gen) {
    // Uma is eligible for User Administrator and signs in at the office, where no policy
    // applies to her (notApplied); Tia, active Global Administrator through Tier0 Admins, signs
    // in the same way. Their sign-ins are in identity::SIGN_INS.
    let uma = g.member("sig-uma", "Uma Unprotected-Admin");
    eligible(g, "sig-uma-useradmin", &uma, USER_ADMIN);
    g.expect("PRV008", &uma);
    g.expect("PRV008", &guid("user:grp-tia"));
    // Look-alikes (sign-ins only): Fiona (not privileged) with notApplied; the security lead's
    // failed password from Lagos (notApplied, but no session); the break-glass account's
    // sign-in (excluded from Conditional Access by design: skipped).
}

fn prv009(g: &mut Gen) {
    // Otis has the Authenticator app and a code generator, Phil phone sign-in (passwordless,
    // not phishing-resistant); Kai has only a passkey in Microsoft Authenticator: clean.
    for (key, name, role, methods) in [
        (
            "sig-otis",
            "Otis OTP-Admin",
            EXCHANGE_ADMIN,
            &["microsoftAuthenticatorPush", "softwareOneTimePasscode"][..],
        ),
        (
            "sig-phil",
            "Phil Phone-Sign-In-Admin",
            HELPDESK_ADMIN,
            &[
                "microsoftAuthenticatorPasswordless",
                "microsoftAuthenticatorPush",
            ][..],
        ),
        (
            "sig-kai",
            "Kai Passkey-Admin",
            SECURITY_ADMIN,
            &["passKeyDeviceBoundAuthenticator"][..],
        ),
    ] {
        let id = g.member(key, name);
        eligible(g, &format!("{key}-role"), &id, role);
        let reg = registration_mut(g, &id);
        reg["methodsRegistered"] = json!(methods);
        let passwordless = methods
            .iter()
            .any(|m| *m != "microsoftAuthenticatorPush" && *m != "softwareOneTimePasscode");
        reg["isPasswordlessCapable"] = json!(passwordless);
        if key != "sig-kai" {
            g.expect("PRV009", &id);
        }
    }
}

fn registration_mut<'a>(g: &'a mut Gen, id: &str) -> &'a mut Value {
    g.items_mut("userRegistrationDetails")
        .iter_mut()
        .find(|r| r["id"] == id)
        .expect("every planted member has a registration record")
}

fn prv010(g: &mut Gen) {
    // Aiden (a guest from a proposed organisation, EM010's plant) keeps his delivered access
    // package assignment while at high risk; Rita, confirmed compromised, keeps her standing
    // Reports Reader role (not privileged: PRV004 does not see her).
    risky(g, "gov-aiden", "atRisk", "high");
    g.expect("PRV010", &guid("user:gov-aiden"));
    risky(g, "rita", "confirmedCompromised", "high");
    g.expect("PRV010", &guid("user:rita"));
    // Look-alikes: Lena is at high risk but her assignment expired; Roy is at medium risk;
    // Rex and Cole hold privileged roles (PRV004's).
    risky(g, "gov-lena", "atRisk", "high");
}

/// An ID Protection record for a planted user (`id` = user id).
fn risky(g: &mut Gen, key: &str, state: &str, level: &str) {
    let id = guid(&format!("user:{key}"));
    let u = g
        .collections
        .get("users")
        .and_then(|us| us.iter().find(|u| u["id"] == id.as_str()))
        .cloned()
        .unwrap_or(Value::Null);
    let detail = if state == "confirmedCompromised" {
        "adminConfirmedUserCompromised"
    } else {
        "none"
    };
    g.push("riskyUsers", json!({
        "id": id, "isDeleted": false, "isProcessing": false,
        "riskLastUpdatedDateTime": days_from_now(-2), "riskLevel": level, "riskState": state,
        "riskDetail": detail, "userDisplayName": u["displayName"], "userPrincipalName": u["userPrincipalName"]
    }));
}

fn grp001(g: &mut Gen) {
    // Tier0 Operators (nested in Tier0 Admins, so it grants Global Administrator) has no owner:
    // pimgroups plants it with none. Project Tango, handed out by two access packages, is
    // owned only by a partner's guest (identity's memberships); PRA Operators by Olga, whose
    // account is disabled.
    for name in ["Tier0 Operators", "Project Tango", "PRA Operators"] {
        let id = group_id(g, name);
        g.expect("GRP001", &id);
    }
    let pra = group_id(g, "PRA Operators");
    set_owners(g, &pra, &[guid("user:gov-olga")]);
    // Look-alikes: Security Responders is owned by a guest and by the security lead; Tier1
    // Report Readers (a role that is not privileged) and Lobby screens (no role, no package)
    // have no owner.
    let responders = group_id(g, "Security Responders");
    set_owners(
        g,
        &responders,
        &[guid("user:sec-lead"), guid("user:prv-gita")],
    );
    let readers = group_id(g, "Tier1 Report Readers");
    set_owners(g, &readers, &[]);
}

fn group_id(g: &Gen, name: &str) -> String {
    g.collections
        .get("groups")
        .and_then(|gs| gs.iter().find(|x| x["displayName"] == name))
        .and_then(|x| x["id"].as_str())
        .expect("the group is planted before")
        .to_string()
}

/// Sets a group's owners to users (entries completed by `identity::plant`).
fn set_owners(g: &mut Gen, gid: &str, owners: &[String]) {
    let entries: Vec<Value> = owners
        .iter()
        .map(|id| json!({"@odata.type": "#microsoft.graph.user", "id": id}))
        .collect();
    if let Some(x) = g.items_mut("groups").iter_mut().find(|x| x["id"] == gid) {
        x["owners"] = json!(entries);
    }
}

/// Privileged holders register a FIDO2 security key, as a careful tenant asks of its admins
/// (PRV009's plants keep theirs). A holder is a user principal of a role instance, a user
/// member of a group that has members already (role-assignable groups and the groups nested
/// in them) or a PIM-for-groups principal: a superset of the holders, which costs nothing.
pub fn methods(g: &mut Gen) {
    let mut holders: BTreeSet<String> = BTreeSet::new();
    for c in [
        "roleEligibilityScheduleInstances",
        "roleAssignmentScheduleInstances",
        "privilegedAccessGroupEligibilityScheduleInstances",
        "privilegedAccessGroupAssignmentScheduleInstances",
    ] {
        for i in g.collections.get(c).into_iter().flatten() {
            if let Some(p) = i["principalId"].as_str() {
                holders.insert(p.to_string());
            }
        }
    }
    for x in g.collections.get("groups").into_iter().flatten() {
        for m in x["members"].as_array().into_iter().flatten() {
            if let Some(p) = m["id"].as_str() {
                holders.insert(p.to_string());
            }
        }
    }
    let keep: BTreeSet<String> = OWN_METHODS
        .iter()
        .map(|k| guid(&format!("user:{k}")))
        .collect();
    for r in g.items_mut("userRegistrationDetails") {
        let id = r["id"].as_str().unwrap_or_default();
        if !holders.contains(id) || keep.contains(id) || r["isMfaRegistered"] != true {
            continue;
        }
        if let Some(ms) = r["methodsRegistered"].as_array_mut() {
            ms.push(json!("fido2SecurityKey"));
        }
        r["isPasswordlessCapable"] = json!(true);
    }
}
