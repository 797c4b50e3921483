//! Plants for the PRV rules: violations next to clean look-alikes.
//!
//! Every planted person breaks exactly one PRV rule and is clean otherwise: their roles are
//! eligible and time-bound (so the PIM rules stay quiet), and never Global Administrator
//! (the PIM area's) or Global Reader (the AR area's).

use serde_json::{json, Value};

use super::{
    days_from_now, Gen, Grant, EXCHANGE_ADMIN, HELPDESK_ADMIN, PRIVILEGED_ROLE_ADMIN,
    REPORTS_READER, SECURITY_ADMIN, USER_ADMIN,
};

pub fn plant(g: &mut Gen) {
    let sponsor = super::guid("user:sponsor");

    // PRV001: Pia holds Security Administrator with no MFA method registered; Noel holds
    // Helpdesk Administrator and has no registration record at all (fail closed).
    let pia = g.member("prv-pia", "Pia No-MFA");
    g.registration(&pia, &upn("prv-pia"), "Pia No-MFA", false);
    eligible(g, "prv-pia-secadmin", &pia, SECURITY_ADMIN);
    g.expect("PRV001", &pia);
    let noel = g.member("prv-noel", "Noel No-Registration");
    g.items_mut("userRegistrationDetails")
        .retain(|r| r["id"] != noel.as_str());
    eligible(g, "prv-noel-helpdesk", &noel, HELPDESK_ADMIN);
    g.expect("PRV001", &noel);

    // PRV002: Sid holds User Administrator and is synced from on-premises AD.
    let sid = g.member("prv-sid", "Sid Synced-Admin");
    g.user_mut(&sid)["onPremisesSyncEnabled"] = json!(true);
    eligible(g, "prv-sid-useradmin", &sid, USER_ADMIN);
    g.expect("PRV002", &sid);

    // PRV003: Dana's account is disabled but still eligible for Helpdesk Administrator.
    let dana = g.member("prv-dana", "Dana Disabled-Admin");
    g.user_mut(&dana)["accountEnabled"] = json!(false);
    eligible(g, "prv-dana-helpdesk", &dana, HELPDESK_ADMIN);
    g.expect("PRV003", &dana);

    // PRV004: Rex is at high risk and Cole is confirmed compromised, both privileged.
    let rex = g.member("prv-rex", "Rex Risky-Admin");
    eligible(g, "prv-rex-secadmin", &rex, SECURITY_ADMIN);
    risky(g, &rex, "prv-rex", "Rex Risky-Admin", "atRisk", "high");
    g.expect("PRV004", &rex);
    let cole = g.member("prv-cole", "Cole Compromised-Admin");
    eligible(g, "prv-cole-pra", &cole, PRIVILEGED_ROLE_ADMIN);
    risky(
        g,
        &cole,
        "prv-cole",
        "Cole Compromised-Admin",
        "confirmedCompromised",
        "high",
    );
    g.expect("PRV004", &cole);

    // PRV005: Ivo last signed in 120 days ago; Nina never signed in and her account is 700
    // days old.
    let ivo = g.member("prv-ivo", "Ivo Inactive-Admin");
    g.sign_in(&ivo, &upn("prv-ivo"), Some(days_from_now(-120)));
    eligible(g, "prv-ivo-exchange", &ivo, EXCHANGE_ADMIN);
    g.expect("PRV005", &ivo);
    let nina = g.member("prv-nina", "Nina Never-Signed-In");
    g.sign_in(&nina, &upn("prv-nina"), None);
    eligible(g, "prv-nina-useradmin", &nina, USER_ADMIN);
    g.expect("PRV005", &nina);

    // PRV006: Gita is a guest (sponsored, recently active) eligible for Exchange Administrator.
    let gita = g.guest("prv-gita", "Gita Guest-Admin", &sponsor);
    eligible(g, "prv-gita-exchange", &gita, EXCHANGE_ADMIN);
    g.expect("PRV006", &gita);

    // Look-alikes that must not fire.
    // A disabled user whose only role is not privileged.
    let dirk = g.member("prv-dirk", "Dirk Disabled-Reader");
    g.user_mut(&dirk)["accountEnabled"] = json!(false);
    eligible(g, "prv-dirk-reports", &dirk, REPORTS_READER);
    // A disabled user whose privileged eligibility has expired: holds nothing now.
    let edda = g.member("prv-edda", "Edda Expired-Disabled");
    g.user_mut(&edda)["accountEnabled"] = json!(false);
    g.grant(
        "prv-edda-secadmin-expired",
        &edda,
        SECURITY_ADMIN,
        Grant::Eligible {
            end: json!(days_from_now(-5)),
        },
    );
    // A synced user with no role; a formerly synced admin (false: now cloud-managed).
    let sana = g.member("prv-sana", "Sana Synced-User");
    g.user_mut(&sana)["onPremisesSyncEnabled"] = json!(true);
    let fern = g.member("prv-fern", "Fern Formerly-Synced-Admin");
    g.user_mut(&fern)["onPremisesSyncEnabled"] = json!(false);
    eligible(g, "prv-fern-useradmin", &fern, USER_ADMIN);
    // A privileged user whose risk was dismissed; a user at risk with no privileged role.
    let dina = g.member("prv-dina", "Dina Dismissed-Risk-Admin");
    eligible(g, "prv-dina-secadmin", &dina, SECURITY_ADMIN);
    risky(
        g,
        &dina,
        "prv-dina",
        "Dina Dismissed-Risk-Admin",
        "dismissed",
        "none",
    );
    let roy = g.member("prv-roy", "Roy Risky-User");
    risky(g, &roy, "prv-roy", "Roy Risky-User", "atRisk", "medium");
    // A privileged user created 10 days ago who never signed in yet; one who signed in 80
    // days ago (inside the 90-day window).
    let neil = g.member("prv-neil", "Neil New-Admin");
    g.user_mut(&neil)["createdDateTime"] = json!(days_from_now(-10));
    g.sign_in(&neil, &upn("prv-neil"), None);
    eligible(g, "prv-neil-helpdesk", &neil, HELPDESK_ADMIN);
    let bea = g.member("prv-bea", "Bea Eighty-Days-Admin");
    g.sign_in(&bea, &upn("prv-bea"), Some(days_from_now(-80)));
    eligible(g, "prv-bea-exchange", &bea, EXCHANGE_ADMIN);
    // A guest whose role is not privileged.
    let gus = g.guest("prv-gus", "Gus Guest-Reader", &sponsor);
    eligible(g, "prv-gus-reports", &gus, REPORTS_READER);
    // A user with no MFA and no privileged role.
    let nell = g.member("prv-nell", "Nell No-MFA-User");
    g.registration(&nell, &upn("prv-nell"), "Nell No-MFA-User", false);
}

fn upn(key: &str) -> String {
    format!("{key}@contoso.example")
}

/// An eligible, time-bound assignment (ends in 100 days): how a well-run tenant grants roles.
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

/// An ID Protection record for a user (`/identityProtection/riskyUsers`, id = user id).
fn risky(g: &mut Gen, id: &str, key: &str, name: &str, state: &str, level: &str) {
    let detail = match state {
        "dismissed" => "adminDismissedAllRiskForUser",
        "confirmedCompromised" => "adminConfirmedUserCompromised",
        _ => "none",
    };
    let item: Value = json!({
        "id": id, "isDeleted": false, "isProcessing": false,
        "riskLastUpdatedDateTime": days_from_now(-3), "riskLevel": level, "riskState": state,
        "riskDetail": detail, "userDisplayName": name, "userPrincipalName": upn(key)
    });
    g.push("riskyUsers", item);
}
