//! Plants for the PIM, workload identity, emergency access and guest settings coverage rules (issue 7):
//! violations next to clean look-alikes.
//!
//! PRV007 (emergency-access accounts) judges only the accounts declared in `[emergency_access]`
//! of govlint.toml; the demo is linted with `examples/govlint.toml` ([`super::DEMO_CONFIG`]),
//! which declares `breakglass1` (cloud-only, enabled, permanent standing Global Administrator:
//! the look-alike, which PIM001 then skips and says so), `cov-bg-disabled` (disabled, no role)
//! and `cov-bg-missing` (no such user).

use serde_json::{json, Value};

use super::{
    days_from_now, guid, policy_id, Gen, Grant, EXCHANGE_ADMIN, GLOBAL_ADMIN, GLOBAL_READER,
    REPORTS_READER, SECURITY_ADMIN, USER_ADMIN,
};

pub fn plant(g: &mut Gen) {
    pim009(g);
    pim010(g);
    pim011(g);
    prv007(g);
}

fn pim009(g: &mut Gen) {
    // PIM009: nobody is told when someone is made eligible for Exchange Administrator (alert
    // off), nor when someone is assigned User Administrator as active (defaults off, no
    // recipient).
    g.policy_rule_mut(EXCHANGE_ADMIN, "Notification_Admin_Admin_Eligibility")
        ["notificationLevel"] = json!("None");
    g.expect("PIM009", &policy_id(EXCHANGE_ADMIN));
    let alert = g.policy_rule_mut(USER_ADMIN, "Notification_Admin_Admin_Assignment");
    alert["isDefaultRecipientsEnabled"] = json!(false);
    alert["notificationRecipients"] = json!([]);
    g.expect("PIM009", &policy_id(USER_ADMIN));
    // Look-alikes: Reports Reader (not privileged) has both assignment alerts off; Global
    // Reader sends its eligible-assignment alert to the security team's mailbox only; Security
    // Administrator turned off the alert to the requestor, not the one to admins.
    for rule in [
        "Notification_Admin_Admin_Eligibility",
        "Notification_Admin_Admin_Assignment",
    ] {
        g.policy_rule_mut(REPORTS_READER, rule)["notificationLevel"] = json!("None");
    }
    let alert = g.policy_rule_mut(GLOBAL_READER, "Notification_Admin_Admin_Eligibility");
    alert["isDefaultRecipientsEnabled"] = json!(false);
    alert["notificationRecipients"] = json!(["soc@contoso.example"]);
    g.policy_rule_mut(SECURITY_ADMIN, "Notification_Requestor_Admin_Eligibility")
        ["notificationLevel"] = json!("None");
}

/// Adds a service principal's role instance, named like an application.
fn app_grant(g: &mut Gen, key: &str, app: &str, name: &str, role: &str, kind: Grant) -> String {
    let inst = g.grant_to(key, app, "servicePrincipal", role, kind);
    for item in g.items_mut("roleAssignmentScheduleInstances") {
        if item["id"] == inst.as_str() {
            item["principal"]["displayName"] = json!(name);
        }
    }
    inst
}

fn pim010(g: &mut Gen) {
    // PIM010: the deployment pipeline's service principal holds Global Administrator as a
    // standing assignment. The automation service principal that PIM001's plant gave Security
    // Administrator (PIM001 skips it) is reported here too.
    let pipeline = guid("sp:cov-deploy-pipeline");
    app_grant(
        g,
        "cov-pipeline-ga-standing",
        &pipeline,
        "Deploy Pipeline",
        GLOBAL_ADMIN,
        Grant::Standing { end: json!(null) },
    );
    g.expect("PIM010", &pipeline);
    g.expect("PIM010", &guid("sp:automation"));
    // Look-alikes: a reporting app with Reports Reader (not privileged); a migration app whose
    // Global Administrator assignment ended last month (not in effect).
    app_grant(
        g,
        "cov-reporting-reports-standing",
        &guid("sp:cov-reporting"),
        "Usage Reporting",
        REPORTS_READER,
        Grant::Standing { end: json!(null) },
    );
    app_grant(
        g,
        "cov-migration-ga-expired",
        &guid("sp:cov-migration"),
        "Tenant Migration",
        GLOBAL_ADMIN,
        Grant::Standing {
            end: json!(days_from_now(-30)),
        },
    );
}

fn pim011(g: &mut Gen) {
    // PIM011: Global Administrator is the tenant's default admin role. Five more admins are
    // eligible for it, so with the pipeline above 11 of the 30 principals holding a privileged
    // role hold Global Administrator (37%; the limit is 30%). The margin leaves room for other
    // areas' privileged plants: up to 36 privileged principals keep the share at 30% or more.
    // PIM008's finding (more than four Global Administrators) stays one finding on the role.
    for (key, name) in [
        ("cov-gaia", "Gaia Global-Admin"),
        ("cov-gabe", "Gabe Global-Admin"),
        ("cov-gert", "Gert Global-Admin"),
        ("cov-gwyn", "Gwyn Global-Admin"),
        ("cov-gary", "Gary Global-Admin"),
    ] {
        let id = g.member(key, name);
        g.grant(&format!("{key}-ga-eligible"), &id, GLOBAL_ADMIN, eligible());
    }
    g.expect("PIM011", GLOBAL_ADMIN);
    // Look-alike (for the count): a Message Center Reader is not privileged and does not
    // dilute the share; the expired migration app above does not count either.
    let mia = g.member("cov-mia", "Mia Message-Reader");
    g.grant(
        "cov-mia-mcr-eligible",
        &mia,
        super::MESSAGE_CENTER_READER,
        eligible(),
    );
}

/// Eligible and time-bound (ends in 100 days).
fn eligible() -> Grant {
    Grant::Eligible {
        end: Value::String(days_from_now(100)),
    }
}

fn prv007(g: &mut Gen) {
    // A break-glass account as it should be: the look-alike.
    let bg = g.member("breakglass1", "Break-Glass One");
    g.grant(
        "breakglass1-ga",
        &bg,
        GLOBAL_ADMIN,
        Grant::Standing { end: Value::Null },
    );
    // A break-glass account someone disabled and whose Global Administrator assignment was
    // removed, and one declared but deleted.
    let id = g.member("cov-bg-disabled", "Bruno Break-Glass");
    g.user_mut(&id)["accountEnabled"] = json!(false);
    g.expect("PRV007", &id);
    g.expect("PRV007", "cov-bg-missing@contoso.example");
}
