//! Plants for the PIM rules: violations next to clean look-alikes.
//!
//! Role settings plants change one rule of one role's policy (`policy_rule_mut`), so each
//! role can carry plants of several PIM rules without them touching each other. People added
//! here are clean members (`g.member`) with eligible, time-bound grants unless the plant needs
//! otherwise. The PIM area owns every Global Administrator grant.

use serde_json::{json, Value};

use super::{
    days_from_now, policy_id, Gen, Grant, EXCHANGE_ADMIN, GLOBAL_ADMIN, GLOBAL_READER,
    HELPDESK_ADMIN, MESSAGE_CENTER_READER, PRIVILEGED_ROLE_ADMIN, REPORTS_READER, SECURITY_ADMIN,
    USER_ADMIN,
};

pub fn plant(g: &mut Gen) {
    pim001(g);
    pim002(g);
    pim003(g);
    pim004(g);
    pim005(g);
    pim006(g);
    pim007(g);
    pim008(g);
}

fn pim001(g: &mut Gen) {
    // PIM001: Ava holds Global Administrator as a permanent standing assignment; Tom holds
    // Security Administrator standing until a date (time-bound is still standing).
    let ava = g.member("ava", "Ava Standing-Admin");
    let inst = g.grant(
        "ava-ga-standing",
        &ava,
        GLOBAL_ADMIN,
        Grant::Standing { end: json!(null) },
    );
    g.expect("PIM001", &inst);
    let tom = g.member("tom", "Tom Timebound");
    let inst = g.grant(
        "tom-secadmin-standing",
        &tom,
        SECURITY_ADMIN,
        Grant::Standing {
            end: json!(days_from_now(60)),
        },
    );
    g.expect("PIM001", &inst);
    // Look-alikes: a standing assignment of a role that is not privileged; an expired standing
    // assignment (not in effect); a service principal (cannot be made eligible).
    let rita = g.member("rita", "Rita Reports-Reader");
    g.grant(
        "rita-reports-standing",
        &rita,
        REPORTS_READER,
        Grant::Standing { end: json!(null) },
    );
    let olga = g.member("olga", "Olga Expired");
    g.grant(
        "olga-ga-expired",
        &olga,
        GLOBAL_ADMIN,
        Grant::Standing {
            end: json!(days_from_now(-3)),
        },
    );
    g.grant_to(
        "app-ga-standing",
        &super::guid("sp:automation"),
        "servicePrincipal",
        SECURITY_ADMIN,
        Grant::Standing { end: json!(null) },
    );
}

fn pim002(g: &mut Gen) {
    // PIM002: Hugo is eligible for User Administrator with no end date.
    let hugo = g.member("pim-hugo", "Hugo Forever-Eligible");
    let inst = g.grant(
        "pim-hugo-useradmin-permanent",
        &hugo,
        USER_ADMIN,
        Grant::Eligible { end: json!(null) },
    );
    g.expect("PIM002", &inst);
    // Look-alikes: a permanent eligibility for a role that is not privileged; a privileged
    // eligibility that ended last week (not in effect); a permanent privileged eligibility
    // scheduled to start next month (not in effect yet).
    let rhea = g.member("pim-rhea", "Rhea Reader-Forever");
    g.grant(
        "pim-rhea-reports-permanent",
        &rhea,
        REPORTS_READER,
        Grant::Eligible { end: json!(null) },
    );
    let xena = g.member("pim-xena", "Xena Expired-Eligible");
    g.grant(
        "pim-xena-useradmin-expired",
        &xena,
        USER_ADMIN,
        Grant::Eligible {
            end: json!(days_from_now(-7)),
        },
    );
    let finn = g.member("pim-finn", "Finn Future-Eligible");
    let inst = g.grant(
        "pim-finn-useradmin-scheduled",
        &finn,
        USER_ADMIN,
        Grant::Eligible { end: json!(null) },
    );
    let start = json!(days_from_now(30));
    let schedule = super::guid("schedule:pim-finn-useradmin-scheduled");
    for item in g.items_mut("roleEligibilityScheduleInstances") {
        if item["id"] == inst.as_str() {
            item["startDateTime"] = start.clone();
        }
    }
    for item in g.items_mut("roleEligibilitySchedules") {
        if item["id"] == schedule.as_str() {
            item["scheduleInfo"]["startDateTime"] = start.clone();
        }
    }
}

fn pim003(g: &mut Gen) {
    // PIM003: Helpdesk Administrator can be activated with a justification alone.
    g.policy_rule_mut(HELPDESK_ADMIN, "Enablement_EndUser_Assignment")["enabledRules"] =
        json!(["Justification"]);
    g.expect("PIM003", &policy_id(HELPDESK_ADMIN));
    // Look-alikes: Reports Reader (not privileged) needs nothing to activate; Global Reader
    // does not list MFA but requires a Conditional Access authentication context instead.
    g.policy_rule_mut(REPORTS_READER, "Enablement_EndUser_Assignment")["enabledRules"] = json!([]);
    g.policy_rule_mut(GLOBAL_READER, "Enablement_EndUser_Assignment")["enabledRules"] =
        json!(["Justification"]);
    let ctx = g.policy_rule_mut(GLOBAL_READER, "AuthenticationContext_EndUser_Assignment");
    ctx["isEnabled"] = json!(true);
    ctx["claimValue"] = json!("c1");
}

fn pim004(g: &mut Gen) {
    // PIM004: Privileged Role Administrator (critical) no longer needs approval to activate,
    // though its approver is still named; Global Administrator needs approval but its approver
    // list was emptied.
    g.policy_rule_mut(PRIVILEGED_ROLE_ADMIN, "Approval_EndUser_Assignment")["setting"]
        ["isApprovalRequired"] = json!(false);
    g.expect("PIM004", &policy_id(PRIVILEGED_ROLE_ADMIN));
    g.policy_rule_mut(GLOBAL_ADMIN, "Approval_EndUser_Assignment")["setting"]["approvalStages"]
        [0]["primaryApprovers"] = json!([]);
    g.expect("PIM004", &policy_id(GLOBAL_ADMIN));
    // Look-alike: Security Administrator is privileged but not critical, and (like every role
    // outside the critical list in the base tenant) activates without approval.
    let setting = &mut g.policy_rule_mut(SECURITY_ADMIN, "Approval_EndUser_Assignment")["setting"];
    setting["isApprovalRequired"] = json!(false);
    setting["approvalMode"] = json!("NoApproval");
}

fn pim005(g: &mut Gen) {
    // PIM005: Exchange Administrator allows permanent active assignments.
    g.policy_rule_mut(EXCHANGE_ADMIN, "Expiration_Admin_Assignment")["isExpirationRequired"] =
        json!(false);
    g.expect("PIM005", &policy_id(EXCHANGE_ADMIN));
    // Look-alike: so does Reports Reader, which is not privileged.
    g.policy_rule_mut(REPORTS_READER, "Expiration_Admin_Assignment")["isExpirationRequired"] =
        json!(false);
}

fn pim006(g: &mut Gen) {
    // PIM006: User Administrator activations last up to 10 hours.
    g.policy_rule_mut(USER_ADMIN, "Expiration_EndUser_Assignment")["maximumDuration"] =
        json!("PT10H");
    g.expect("PIM006", &policy_id(USER_ADMIN));
    // Look-alikes: Security Administrator at exactly 8 hours, written in minutes; Reports
    // Reader (not privileged) at 24 hours.
    g.policy_rule_mut(SECURITY_ADMIN, "Expiration_EndUser_Assignment")["maximumDuration"] =
        json!("PT480M");
    g.policy_rule_mut(REPORTS_READER, "Expiration_EndUser_Assignment")["maximumDuration"] =
        json!("PT24H");
}

fn pim007(g: &mut Gen) {
    // PIM007: nobody is told when Security Administrator is activated.
    g.policy_rule_mut(SECURITY_ADMIN, "Notification_Admin_EndUser_Assignment")
        ["notificationLevel"] = json!("None");
    g.expect("PIM007", &policy_id(SECURITY_ADMIN));
    // Look-alikes: Message Center Reader (not privileged) has the alert off too; Global Reader
    // sends it to the security team's mailbox instead of the default recipients.
    g.policy_rule_mut(
        MESSAGE_CENTER_READER,
        "Notification_Admin_EndUser_Assignment",
    )["notificationLevel"] = json!("None");
    let alert = g.policy_rule_mut(GLOBAL_READER, "Notification_Admin_EndUser_Assignment");
    alert["isDefaultRecipientsEnabled"] = json!(false);
    alert["notificationRecipients"] = json!(["soc@contoso.example"]);
}

fn pim008(g: &mut Gen) {
    // PIM008: five distinct principals hold Global Administrator now: Ada (eligible and
    // activated, counted once) and Ava (standing, PIM001's plant) from above, and three
    // eligible, time-bound admins. Olga's expired assignment does not count.
    for (key, name) in [
        ("pim-gale", "Gale Global-Admin"),
        ("pim-glen", "Glen Global-Admin"),
        ("pim-gord", "Gord Global-Admin"),
    ] {
        let id = g.member(key, name);
        g.grant(&format!("{key}-ga-eligible"), &id, GLOBAL_ADMIN, eligible());
    }
    g.expect("PIM008", GLOBAL_ADMIN);
}

/// Eligible and time-bound (ends in 100 days): how a well-run tenant grants roles.
fn eligible() -> Grant {
    Grant::Eligible {
        end: Value::String(days_from_now(100)),
    }
}
