//! The identity data issue 14's questions read, in Graph's own shapes: people's names, jobs and
//! account ages, members and owners of every group, who created the recent groups
//! (`directoryAudits`), a week of sign-ins (`signIns`) and the risk detections behind the risky
//! users (`riskDetections`).
//!
//! [`hires`] runs with the other plants (its people are clean for every rule); [`plant`] runs
//! last, when every user and group exists, and adds no finding of its own: rules that read this
//! data plant their cases in their own modules.
//!
//! Sign-ins are ordered newest first, as Graph lists them. Filler users' sign-ins are made lazily
//! in one band per day (00:00 to 06:00); planted sign-ins are never inside a band, so merging the
//! two by time keeps the order without materialising the filler.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::{civil, days_from_now, guest_items, guid, member_items, Gen, Sizes};

/// Sign-ins are read for this many days before the fetch (the fetcher's default window).
pub const SIGN_IN_DAYS: i64 = 7;
/// Directory audit records are kept this long with Entra ID P1/P2.
pub const AUDIT_DAYS: i64 = 30;

/// The conditional access policies sign-ins report (ids are the policies' object ids).
pub struct Ca {
    pub key: &'static str,
    pub name: &'static str,
    pub grant: &'static str,
}

pub const CA_ADMINS: Ca = Ca {
    key: "ca:require-mfa-admins",
    name: "CA01 Require MFA for administrators",
    grant: "Mfa",
};
pub const CA_LEGACY: Ca = Ca {
    key: "ca:block-legacy-auth",
    name: "CA02 Block legacy authentication",
    grant: "Block",
};
pub const CA_RISK: Ca = Ca {
    key: "ca:block-high-risk",
    name: "CA03 Block high-risk sign-ins",
    grant: "Block",
};
pub const CA_UNTRUSTED: Ca = Ca {
    key: "ca:mfa-untrusted-locations",
    name: "CA04 Require MFA outside trusted locations",
    grant: "Mfa",
};
const POLICIES: [&Ca; 4] = [&CA_ADMINS, &CA_LEGACY, &CA_RISK, &CA_UNTRUSTED];

/// Where a sign-in came from. Addresses are documentation ranges (RFC 5737).
#[derive(Clone, Copy)]
pub struct Place {
    pub city: &'static str,
    pub state: &'static str,
    pub country: &'static str,
    pub lat: f64,
    pub lon: f64,
    pub ip: &'static str,
    /// A named location CA04 trusts (the offices).
    pub trusted: bool,
}

pub const SEATTLE: Place = Place {
    city: "Seattle",
    state: "Washington",
    country: "US",
    lat: 47.6062,
    lon: -122.3321,
    ip: "203.0.113.10",
    trusted: true,
};
pub const BERLIN: Place = Place {
    city: "Berlin",
    state: "Berlin",
    country: "DE",
    lat: 52.52,
    lon: 13.405,
    ip: "198.51.100.24",
    trusted: true,
};
pub const LONDON: Place = Place {
    city: "London",
    state: "England",
    country: "GB",
    lat: 51.5074,
    lon: -0.1278,
    ip: "198.51.100.77",
    trusted: false,
};
pub const AMSTERDAM: Place = Place {
    city: "Amsterdam",
    state: "Noord-Holland",
    country: "NL",
    lat: 52.3676,
    lon: 4.9041,
    ip: "192.0.2.45",
    trusted: false,
};
pub const SYDNEY: Place = Place {
    city: "Sydney",
    state: "New South Wales",
    country: "AU",
    lat: -33.8688,
    lon: 151.2093,
    ip: "192.0.2.190",
    trusted: false,
};
pub const LAGOS: Place = Place {
    city: "Lagos",
    state: "Lagos",
    country: "NG",
    lat: 6.5244,
    lon: 3.3792,
    ip: "203.0.113.200",
    trusted: false,
};
pub const SAO_PAULO: Place = Place {
    city: "Sao Paulo",
    state: "Sao Paulo",
    country: "BR",
    lat: -23.5505,
    lon: -46.6333,
    ip: "203.0.113.150",
    trusted: false,
};
pub const TORONTO: Place = Place {
    city: "Toronto",
    state: "Ontario",
    country: "CA",
    lat: 43.6532,
    lon: -79.3832,
    ip: "198.51.100.140",
    trusted: false,
};

/// An application signed in to and the resource it asked a token for.
#[derive(Clone, Copy)]
pub struct App {
    pub id: &'static str,
    pub name: &'static str,
    pub resource_id: &'static str,
    pub resource: &'static str,
    pub client: &'static str,
}

pub const PORTAL: App = App {
    id: "c44b4083-3bb0-49c1-b47d-974e53cbdf3c",
    name: "Azure Portal",
    resource_id: "797f4846-ba00-4fd7-ba43-dac1f8f63013",
    resource: "Windows Azure Service Management API",
    client: "Browser",
};
pub const OFFICE: App = App {
    id: "d3590ed6-52b3-4102-aeff-aad2292ab01c",
    name: "Microsoft Office",
    resource_id: "00000002-0000-0ff1-ce00-000000000000",
    resource: "Office 365 Exchange Online",
    client: "Mobile Apps and Desktop clients",
};
pub const TEAMS: App = App {
    id: "1fec8e78-bce4-4aaf-ab1b-5451cc387264",
    name: "Microsoft Teams",
    resource_id: "cc15fd57-2c6c-4117-a88c-83b1d56b4bbe",
    resource: "Microsoft Teams Services",
    client: "Mobile Apps and Desktop clients",
};
pub const OFFICE_HOME: App = App {
    id: "4765445b-32c6-49b0-83e6-1d93765276ca",
    name: "OfficeHome",
    resource_id: "00000003-0000-0ff1-ce00-000000000000",
    resource: "Office 365 SharePoint Online",
    client: "Browser",
};
pub const GRAPH_CLI: App = App {
    id: "14d82eec-204b-4c2f-b7e8-296a70dab67e",
    name: "Microsoft Graph Command Line Tools",
    resource_id: "00000003-0000-0000-c000-000000000000",
    resource: "Microsoft Graph",
    client: "Mobile Apps and Desktop clients",
};
pub const IMAP: App = App {
    id: "00000002-0000-0ff1-ce00-000000000000",
    name: "Office 365 Exchange Online",
    resource_id: "00000002-0000-0ff1-ce00-000000000000",
    resource: "Office 365 Exchange Online",
    client: "IMAP4",
};

/// How a sign-in ended: Entra's error code and failure reason (0: success).
#[derive(Clone, Copy)]
pub struct Outcome {
    pub code: i64,
    pub reason: &'static str,
    pub details: &'static str,
}

pub const OK: Outcome = Outcome {
    code: 0,
    reason: "Other.",
    details: "MFA requirement satisfied by claim in the token",
};
pub const BAD_PASSWORD: Outcome = Outcome {
    code: 50126,
    reason: "Error validating credentials due to invalid username or password.",
    details: "The user didn't enter the right credentials. It's expected to see some number of these errors in your logs due to users making mistakes.",
};
pub const LOCKED: Outcome = Outcome {
    code: 50053,
    reason: "Account is locked because user tried to sign in too many times with an incorrect user ID or password.",
    details: "The account is locked after repeated failed attempts (smart lockout).",
};
pub const DISABLED: Outcome = Outcome {
    code: 50057,
    reason: "User account is disabled. The account has been disabled by an administrator.",
    details: "The user object in Active Directory backing this account has been disabled.",
};
pub const MFA_DENIED: Outcome = Outcome {
    code: 500121,
    reason: "Authentication failed during strong authentication request.",
    details: "The user didn't complete the MFA prompt.",
};
pub const CA_BLOCKED: Outcome = Outcome {
    code: 53003,
    reason: "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.",
    details: "Blocked by CA03 Block high-risk sign-ins.",
};

/// One planted sign-in; `admin` says CA01 (administrators) is in scope for the user.
#[derive(Clone, Copy)]
pub struct SignIn {
    pub user: &'static str,
    pub day: i64,
    pub time: &'static str,
    pub app: App,
    pub place: Place,
    pub outcome: Outcome,
    pub admin: bool,
    pub risk: (&'static str, &'static str),
    pub managed: bool,
}

const fn s(user: &'static str, day: i64, time: &'static str, app: App, place: Place) -> SignIn {
    SignIn {
        user,
        day,
        time,
        app,
        place,
        outcome: OK,
        admin: false,
        risk: ("none", ""),
        managed: false,
    }
}

impl SignIn {
    const fn admin(mut self) -> SignIn {
        self.admin = true;
        self.managed = true;
        self
    }
    const fn fails(mut self, o: Outcome) -> SignIn {
        self.outcome = o;
        self
    }
    const fn risk(mut self, level: &'static str, event: &'static str) -> SignIn {
        self.risk = (level, event);
        self
    }
}

/// The planted week of sign-ins (any order: they are sorted newest first when written).
pub const SIGN_INS: &[SignIn] = &[
    // The security lead works from the Seattle office on a managed laptop.
    s("sec-lead", 0, "08:12:31", PORTAL, SEATTLE).admin(),
    s("sec-lead", 1, "17:40:05", OFFICE, SEATTLE).admin(),
    s("sec-lead", 3, "10:05:44", TEAMS, BERLIN).admin(),
    // Ada travels: London, one MFA prompt she did not answer.
    s("ada", 0, "07:55:10", PORTAL, LONDON).admin(),
    s("ada", 2, "14:20:19", PORTAL, LONDON)
        .admin()
        .fails(MFA_DENIED),
    s("ada", 4, "09:30:02", OFFICE, LONDON).admin(),
    // Rex (high risk): an anonymised sign-in blocked by CA03, then his usual office sign-in.
    s("prv-rex", 1, "22:47:13", GRAPH_CLI, LAGOS)
        .admin()
        .fails(CA_BLOCKED)
        .risk("high", "anonymizedIPAddress"),
    s("prv-rex", 1, "08:30:00", PORTAL, SEATTLE).admin(),
    // Cole (confirmed compromised): a successful sign-in from a malicious address.
    s("prv-cole", 2, "23:10:57", PORTAL, SAO_PAULO)
        .admin()
        .risk("high", "maliciousIPAddress"),
    // Roy (medium risk): Seattle, then Sydney 45 minutes later.
    s("prv-roy", 3, "06:30:00", OFFICE, SEATTLE),
    s("prv-roy", 3, "07:15:26", OFFICE, SYDNEY).risk("medium", "unlikelyTravel"),
    // Dina's risk was dismissed; she signs in normally.
    s("prv-dina", 5, "11:00:00", PORTAL, BERLIN).admin(),
    // Fiona, a new hire, signs in at the office: no policy targets her there (notApplied).
    s("id-fiona", 0, "08:40:03", OFFICE, SEATTLE),
    s("id-fiona", 0, "08:41:17", TEAMS, SEATTLE),
    s("id-fiona", 5, "13:00:40", OFFICE_HOME, SEATTLE).fails(BAD_PASSWORD),
    // Felix works from Toronto: CA04 asks for MFA.
    s("id-felix", 1, "09:12:45", OFFICE_HOME, TORONTO),
    // A password spray on Farah over IMAP from Amsterdam, ending in smart lockout.
    s("em-analyst", 2, "21:03:11", IMAP, AMSTERDAM).fails(BAD_PASSWORD),
    s("em-analyst", 2, "21:04:02", IMAP, AMSTERDAM).fails(BAD_PASSWORD),
    s("em-analyst", 2, "21:05:37", IMAP, AMSTERDAM).fails(BAD_PASSWORD),
    s("em-analyst", 2, "21:06:09", IMAP, AMSTERDAM).fails(LOCKED),
    s("em-analyst", 3, "09:15:00", OFFICE, BERLIN),
    // Hana's account is not enabled yet; she tried anyway.
    s("id-hana", 1, "10:00:21", OFFICE_HOME, SEATTLE).fails(DISABLED),
    // A guest from Fabrikam in Teams.
    s("id-jonas", 2, "15:00:00", TEAMS, AMSTERDAM),
    s("sponsor", 6, "16:45:30", OFFICE, BERLIN),
    // PRV008: two privileged holders sign in where no policy applies to them.
    s("sig-uma", 0, "07:02:44", OFFICE_HOME, SEATTLE),
    s("sig-uma", 3, "16:20:00", PORTAL, SEATTLE),
    s("grp-tia", 2, "09:48:15", OFFICE, SEATTLE),
    // PRV008's look-alikes: a failed password for the security lead (no session), and the
    // break-glass account, excluded from every policy by design.
    s("sec-lead", 4, "19:33:08", PORTAL, LAGOS)
        .admin()
        .fails(BAD_PASSWORD),
    s("breakglass1", 5, "07:30:00", PORTAL, SEATTLE),
    // PRV009's admins sign in under CA01.
    s("sig-otis", 1, "11:11:11", PORTAL, SEATTLE).admin(),
    s("sig-kai", 2, "12:12:12", PORTAL, BERLIN).admin(),
];

/// New accounts (hires and a guest) so "created in the last 30 days" has answers, with one just
/// outside. Clean for every rule: MFA registered, recent sign-in activity, no role.
pub fn hires(g: &mut Gen) {
    let sponsor = guid("user:sponsor");
    for (key, name, days) in [
        ("id-fiona", "Fiona Fischer", -6),
        ("id-felix", "Felix Fernandes", -20),
        ("id-hana", "Hana Hoffmann", -3),
        ("id-lars", "Lars Lindqvist", -45),
    ] {
        let id = g.member(key, name);
        g.user_mut(&id)["createdDateTime"] = json!(days_from_now(days));
    }
    // Provisioned ahead of her start date: not enabled yet, never signed in.
    let hana = guid("user:id-hana");
    g.user_mut(&hana)["accountEnabled"] = json!(false);
    g.sign_in(&hana, "id-hana@contoso.example", None);
    let jonas = g.guest("id-jonas", "Jonas Jansen", &sponsor);
    let u = g.user_mut(&jonas);
    u["createdDateTime"] = json!(days_from_now(-25));
    u["externalUserStateChangeDateTime"] = json!(days_from_now(-24));
    u["mail"] = json!("jonas.jansen@fabrikam.example");
}

/// Job titles and departments of the people questions are asked about (the rest have none,
/// as many real accounts do).
const JOBS: &[(&str, &str, &str)] = &[
    ("sec-lead", "Security Lead", "Information Security"),
    ("sponsor", "Partner Manager", "Business Development"),
    ("ada", "Identity Engineer", "IT"),
    ("prv-rex", "Security Analyst", "Information Security"),
    ("prv-cole", "Systems Administrator", "IT"),
    ("prv-roy", "Account Executive", "Sales"),
    ("prv-dina", "Security Analyst", "Information Security"),
    ("em-analyst", "Financial Analyst", "Finance"),
    ("em-approver", "Finance Manager", "Finance"),
    ("em-controller", "Controller", "Finance"),
    ("ar-fay", "Accountant", "Finance"),
    ("ar-omar", "Operations Manager", "Operations"),
    ("id-fiona", "Financial Analyst", "Finance"),
    ("id-felix", "Financial Controller", "Finance"),
    ("id-hana", "HR Generalist", "Human Resources"),
    ("id-lars", "Sales Representative", "Sales"),
    ("id-jonas", "Consultant", "Fabrikam"),
];

/// Everything that needs every user and group to exist: run last.
pub fn plant(g: &mut Gen, sizes: &Sizes) {
    jobs(g);
    let recent = recent_groups(g);
    memberships(g, sizes);
    audits(g, &recent);
    sign_ins(g, sizes);
    detections(g);
}

fn jobs(g: &mut Gen) {
    for (key, title, dept) in JOBS {
        let id = guid(&format!("user:{key}"));
        if let Some(u) = g.items_mut("users").iter_mut().find(|u| u["id"] == id) {
            u["jobTitle"] = json!(title);
            u["department"] = json!(dept);
        }
    }
}

/// Who created a group, as the audit log names the initiator.
enum Creator {
    User(&'static str),
    App {
        key: &'static str,
        app_id: &'static str,
        name: &'static str,
    },
}

struct NewGroup {
    key: &'static str,
    name: &'static str,
    unified: bool,
    created: (i64, &'static str),
    creator: Creator,
}

/// Groups whose names start with "Fin" (and one that only contains it), created at different
/// ages: inside the audit window with a user or an app as creator, and before it.
const NEW_GROUPS: &[NewGroup] = &[
    NewGroup {
        key: "id-fin-close",
        name: "Finance month-end close",
        unified: true,
        created: (12, "14:05:09"),
        creator: Creator::User("id-felix"),
    },
    NewGroup {
        key: "id-finops-automation",
        name: "FinOps automation",
        unified: false,
        created: (4, "03:15:00"),
        creator: Creator::App {
            key: "sp:id-provisioning",
            app_id: "5b2f7e0c-3c1a-4f7e-9d2b-6a4c8e1f0a37",
            name: "Contoso Provisioning",
        },
    },
    NewGroup {
        key: "id-infra-finance",
        name: "Infrastructure finance",
        unified: false,
        created: (20, "10:30:00"),
        creator: Creator::User("sec-lead"),
    },
    NewGroup {
        key: "id-finland-office",
        name: "Finland office",
        unified: false,
        created: (60, "09:00:00"),
        creator: Creator::User("sec-lead"),
    },
];

/// Adds the new groups; returns those created inside the audit window.
fn recent_groups(g: &mut Gen) -> Vec<(String, &'static NewGroup)> {
    let mut recent = Vec::new();
    for n in NEW_GROUPS {
        let id = guid(&format!("group:{}", n.key));
        let (types, mail) = if n.unified {
            (json!(["Unified"]), true)
        } else {
            (json!([]), false)
        };
        let nick: String = n.name.split_whitespace().collect::<Vec<_>>().join("-");
        g.push("groups", json!({
            "id": id, "displayName": n.name, "groupTypes": types, "securityEnabled": !n.unified,
            "mailEnabled": mail, "mail": if mail { json!(format!("{nick}@contoso.example")) } else { json!(null) },
            "isAssignableToRole": false, "membershipRule": null, "membershipRuleProcessingState": null,
            "visibility": "Private", "onPremisesSyncEnabled": null,
            "createdDateTime": at(n.created.0, n.created.1)
        }));
        if n.created.0 <= AUDIT_DAYS {
            recent.push((id, n));
        }
    }
    // Everyone who works here, kept by a dynamic rule: the large membership of a real tenant.
    g.push("groups", json!({
        "id": guid("group:id-all-staff"), "displayName": "All Contoso staff", "groupTypes": ["DynamicMembership"],
        "securityEnabled": true, "mailEnabled": false, "isAssignableToRole": false,
        "membershipRule": "(user.userType -eq \"Member\") and (user.accountEnabled -eq true)",
        "membershipRuleProcessingState": "On", "visibility": "Private", "onPremisesSyncEnabled": null,
        "createdDateTime": days_from_now(-900)
    }));
    recent
}

/// Members and owners (by user key) of groups that had none; groups not listed get the
/// security lead as owner and no members.
const MEMBERSHIPS: &[(&str, &[&str], &[&str])] = &[
    ("Guest sponsors", &["sponsor", "sec-lead"], &["sponsor"]),
    // A partner's project lead owns the partner project's group (GRP001's plant).
    (
        "Project Tango",
        &["ar-pat", "ar-omar", "em-litware"],
        &["em-litware"],
    ),
    ("Lobby screens", &[], &[]),
    (
        "Finance readers",
        &["em-analyst", "ar-fay", "id-fiona"],
        &["em-controller"],
    ),
    (
        "Finance approvers",
        &["em-approver", "em-controller"],
        &["em-controller"],
    ),
    (
        "Finance app users",
        &["ar-fay", "em-analyst", "id-felix"],
        &["em-controller"],
    ),
    (
        "Finance month-end close",
        &["id-felix", "id-fiona", "em-analyst", "id-jonas"],
        &["id-felix"],
    ),
    ("FinOps automation", &["id-felix"], &["em-controller"]),
    (
        "Infrastructure finance",
        &["ar-omar", "id-lars"],
        &["sec-lead"],
    ),
    ("Finland office", &["id-lars"], &["ar-omar"]),
    ("Audit archive readers", &["ar-fay"], &["em-controller"]),
    ("Records team", &["ar-fay", "ar-omar"], &["ar-omar"]),
    (
        "Partner collaboration",
        &["em-vendor", "em-litware", "sponsor"],
        &["sponsor"],
    ),
    ("Operations admins", &["ar-omar", "ar-otto"], &["ar-omar"]),
    (
        "Contractors",
        &[
            "ar-carl", "ar-cora", "ar-cody", "ar-cleo", "ar-cyd", "ar-cruz",
        ],
        &["ar-omar"],
    ),
    (
        "Vendor portal users",
        &["ar-vera", "ar-vic", "ar-walt"],
        &["sponsor"],
    ),
    ("Project Phoenix", &["ar-pat", "ar-dana"], &["ar-omar"]),
    ("Legacy app users", &["ar-lou", "ar-gwen"], &["ar-omar"]),
    (
        "Sales app users",
        &["ar-sal", "prv-roy", "id-lars"],
        &["ar-omar"],
    ),
    ("Badge system operators", &["ar-bo", "ar-bea"], &["ar-omar"]),
    (
        "Warehouse app users",
        &["gov-wes", "gov-wyn", "gov-will"],
        &["ar-omar"],
    ),
    ("Intranet editors", &["ar-sue", "ar-sid"], &["ar-omar"]),
];

/// Every group gets `members` and `owners`, as the fetcher now reads them for all groups.
/// Groups already given them (role-assignable ones and those nested in them) keep theirs.
fn memberships(g: &mut Gen, sizes: &Sizes) {
    let users: BTreeMap<String, Value> = g
        .collections
        .get("users")
        .into_iter()
        .flatten()
        .filter_map(|u| Some((u["id"].as_str()?.to_string(), entry(u))))
        .collect();
    let by_key = |key: &str| users.get(&guid(&format!("user:{key}"))).cloned();
    let staff: Vec<Value> = users
        .values()
        .filter(|u| u["userType"] == "Member" && u["accountEnabled"] == true)
        .cloned()
        .collect();
    let filler = g.lazy(sizes.users, |i| {
        entry(&member_items(&format!("member{i:06}"), &format!("Member {i:06}")).0)
    });
    let lead = by_key("sec-lead");
    for group in g.items_mut("groups") {
        if group.get("members").is_some() {
            // Owners read before issue 14 lacked userType and accountEnabled.
            for o in group["owners"].as_array_mut().into_iter().flatten() {
                if let Some(u) = users.get(o["id"].as_str().unwrap_or_default()) {
                    *o = u.clone();
                }
            }
            continue;
        }
        let name = group["displayName"].as_str().unwrap_or_default();
        let (members, owners): (Vec<Value>, Vec<Value>) = if name == "All Contoso staff" {
            let mut m = staff.clone();
            m.push(filler.clone());
            (m, Vec::new())
        } else if let Some((_, ms, os)) = MEMBERSHIPS.iter().find(|(n, _, _)| *n == name) {
            (
                ms.iter().filter_map(|k| by_key(k)).collect(),
                os.iter().filter_map(|k| by_key(k)).collect(),
            )
        } else {
            (Vec::new(), lead.iter().cloned().collect())
        };
        group["members"] = json!(members);
        group["owners"] = json!(owners);
    }
}

/// A user as `/groups/{id}/members` and `/owners` list it (`$select` of the contract).
fn entry(u: &Value) -> Value {
    json!({"@odata.type": "#microsoft.graph.user", "id": u["id"], "displayName": u["displayName"],
        "userPrincipalName": u["userPrincipalName"], "userType": u["userType"], "accountEnabled": u["accountEnabled"]})
}

/// "Add group" records for the groups created inside the audit window, newest first.
fn audits(g: &mut Gen, recent: &[(String, &NewGroup)]) {
    let mut items: Vec<(String, Value)> = Vec::new();
    for (id, n) in recent {
        let when = at(n.created.0, n.created.1);
        let initiated = match n.creator {
            Creator::User(key) => {
                let uid = guid(&format!("user:{key}"));
                let u = g
                    .collections
                    .get("users")
                    .and_then(|us| us.iter().find(|u| u["id"] == uid.as_str()))
                    .cloned()
                    .unwrap_or(Value::Null);
                json!({"app": null, "user": {"id": uid, "displayName": u["displayName"],
                    "userPrincipalName": u["userPrincipalName"], "ipAddress": SEATTLE.ip}})
            }
            Creator::App { key, app_id, name } => json!({"user": null, "app": {
                "appId": app_id, "displayName": name, "servicePrincipalId": guid(key), "servicePrincipalName": name}}),
        };
        let group_type = if n.unified {
            "unifiedGroups"
        } else {
            "azureAD"
        };
        let props = json!([
            {"displayName": "DisplayName", "oldValue": "[]", "newValue": format!("[\"{}\"]", n.name)},
            {"displayName": "GroupType", "oldValue": "[]", "newValue": if n.unified { "[\"Unified\"]" } else { "[]" }},
            {"displayName": "SecurityEnabled", "oldValue": "[]", "newValue": format!("[{}]", !n.unified)},
            {"displayName": "Included Updated Properties", "oldValue": null, "newValue": "\"DisplayName, GroupType, SecurityEnabled\""}
        ]);
        items.push((when.clone(), json!({
            "id": format!("Directory_{}", guid(&format!("audit:add-group:{}", n.key))),
            "category": "GroupManagement", "correlationId": guid(&format!("audit-correlation:{}", n.key)),
            "result": "success", "resultReason": "", "activityDisplayName": "Add group",
            "activityDateTime": when, "loggedByService": "Core Directory", "operationType": "Add",
            "initiatedBy": initiated,
            "targetResources": [{"id": id, "displayName": n.name, "type": "Group", "userPrincipalName": null,
                "groupType": group_type, "modifiedProperties": props}],
            "additionalDetails": []
        })));
    }
    items.sort_by(|a, b| b.0.cmp(&a.0));
    g.items_mut("directoryAudits")
        .extend(items.into_iter().map(|(_, v)| v));
    g.window("directoryAudits", &days_from_now(-AUDIT_DAYS));
}

/// Seconds since the epoch of `days` before `FETCHED_AT` at `time` (HH:MM:SS) that day.
fn secs(days: i64, time: &str) -> i64 {
    let part = |i: usize| -> i64 { time.get(i..i + 2).and_then(|s| s.parse().ok()).unwrap_or(0) };
    (20_777 - days) * 86_400 + part(0) * 3600 + part(3) * 60 + part(6)
}

fn stamp(secs: i64) -> String {
    let (y, m, d) = civil(secs.div_euclid(86_400));
    let t = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        t / 3600,
        t / 60 % 60,
        t % 60
    )
}

/// `days` before `FETCHED_AT` at `time` (HH:MM:SS).
pub fn at(days: i64, time: &str) -> String {
    stamp(secs(days, time))
}

/// The sign-in's id, which tests and the risk detections refer to.
pub fn sign_in_id(s: &SignIn) -> String {
    guid(&format!("signin:{}:{}:{}", s.user, s.day, s.time))
}

fn sign_ins(g: &mut Gen, sizes: &Sizes) {
    let users: BTreeMap<String, Value> = g
        .collections
        .get("users")
        .into_iter()
        .flatten()
        .filter_map(|u| Some((u["id"].as_str()?.to_string(), u.clone())))
        .collect();
    let mut timed: Vec<(i64, Value)> = Vec::new();
    let mut newest: BTreeMap<String, (i64, Option<i64>)> = BTreeMap::new();
    for p in SIGN_INS {
        let uid = guid(&format!("user:{}", p.user));
        let Some(u) = users.get(&uid) else { continue };
        let t = secs(p.day, p.time);
        let e = newest.entry(uid).or_insert((t, None));
        e.0 = e.0.max(t);
        if p.outcome.code == 0 {
            e.1 = Some(e.1.map_or(t, |x: i64| x.max(t)));
        }
        timed.push((t, planted(p, u)));
    }
    // Each user's sign-in activity agrees with the log.
    for (uid, (last, ok)) in newest {
        if let Some(a) = g
            .items_mut("userSignInActivity")
            .iter_mut()
            .find(|a| a["id"] == uid.as_str())
        {
            // An account that never signed in successfully keeps "never" (no activity object).
            if let Some(act) = a.get_mut("signInActivity").filter(|x| x.is_object()) {
                act["lastSignInDateTime"] = json!(stamp(last));
                if let Some(ok) = ok {
                    act["lastSuccessfulSignInDateTime"] = json!(stamp(ok));
                }
            }
        }
    }
    // Filler: one sign-in per filler account, user i on day i % 7 inside that day's band.
    let people = sizes.users + sizes.guests;
    let (members, guests) = (sizes.users, sizes.guests);
    for day in 0..SIGN_IN_DAYS {
        let count = (people + (SIGN_IN_DAYS as usize - 1 - day as usize)) / SIGN_IN_DAYS as usize;
        if count == 0 {
            continue;
        }
        let start = secs(day, "06:00:00");
        let marker = g.lazy(count, move |i| {
            let person = i * SIGN_IN_DAYS as usize + day as usize;
            filler(
                person,
                members,
                guests,
                start - 1 - (i as i64 * 21_600) / count as i64,
            )
        });
        timed.push((start, marker));
    }
    timed.sort_by_key(|t| std::cmp::Reverse(t.0));
    g.items_mut("signIns")
        .extend(timed.into_iter().map(|(_, v)| v));
    g.window("signIns", &days_from_now(-SIGN_IN_DAYS));
}

/// The CA policies' verdicts for a sign-in and the overall status.
fn conditional_access(p: &SignIn) -> (&'static str, Vec<Value>) {
    let first_factor_failed = matches!(p.outcome.code, 50126 | 50053 | 50057);
    let verdict = |ca: &Ca| -> &'static str {
        if first_factor_failed {
            return "notApplied";
        }
        let applies = match ca.key {
            k if k == CA_ADMINS.key => p.admin,
            k if k == CA_LEGACY.key => p.app.client == "IMAP4",
            k if k == CA_RISK.key => p.risk.0 == "high" && p.outcome.code == 53003,
            _ => !p.place.trusted,
        };
        match (applies, p.outcome.code) {
            (false, _) => "notApplied",
            (true, 0) => "success",
            (true, 53003) if ca.key == CA_RISK.key => "failure",
            (true, 53003) => "notApplied",
            (true, _) => "failure",
        }
    };
    let list: Vec<Value> = POLICIES
        .iter()
        .map(|ca| {
            let r = verdict(ca);
            let grant = if r == "notApplied" {
                json!([])
            } else {
                json!([ca.grant])
            };
            json!({"id": guid(ca.key), "displayName": ca.name, "enforcedGrantControls": grant,
                   "enforcedSessionControls": [], "result": r})
        })
        .collect();
    let status = if list.iter().any(|c| c["result"] == "failure") {
        "failure"
    } else if list.iter().any(|c| c["result"] == "success") {
        "success"
    } else {
        "notApplied"
    };
    (status, list)
}

fn planted(p: &SignIn, u: &Value) -> Value {
    let (status, policies) = conditional_access(p);
    let id = sign_in_id(p);
    let (level, event) = p.risk;
    let risk_state = match (level, p.user) {
        ("none", _) => "none",
        (_, "prv-cole") => "confirmedCompromised",
        _ => "atRisk",
    };
    let risk_detail = if risk_state == "confirmedCompromised" {
        "adminConfirmedUserCompromised"
    } else {
        "none"
    };
    let events: Vec<&str> = if event.is_empty() {
        vec![]
    } else {
        vec![event]
    };
    let device = if p.managed {
        json!({"deviceId": guid(&format!("device:{}", p.user)), "displayName": format!("CONTOSO-LT-{}", &guid(p.user)[..4].to_uppercase()),
               "operatingSystem": "Windows10", "browser": "Edge 131.0.0", "isCompliant": true, "isManaged": true, "trustType": "Azure AD joined"})
    } else {
        let (os, browser) = match p.app.client {
            "Browser" => ("Windows10", "Chrome 131.0.0"),
            "IMAP4" => ("", ""),
            _ => ("Ios", "Mobile Safari"),
        };
        json!({"deviceId": "", "displayName": "", "operatingSystem": os, "browser": browser,
               "isCompliant": false, "isManaged": false, "trustType": ""})
    };
    let details = if p.outcome.code == 0 && status == "notApplied" {
        "MFA requirement satisfied by claim in the token"
    } else {
        p.outcome.details
    };
    sign_in_item(SignInParts {
        id,
        when: at(p.day, p.time),
        user: u,
        app: p.app,
        place: p.place,
        outcome: json!({"errorCode": p.outcome.code, "failureReason": p.outcome.reason, "additionalDetails": details}),
        ca: (status, policies),
        risk: json!({"riskDetail": risk_detail, "riskLevelAggregated": level, "riskLevelDuringSignIn": level,
                     "riskState": risk_state, "riskEventTypes_v2": events}),
        device,
        correlation: guid(&format!("correlation:{}:{}", p.user, p.day)),
    })
}

struct SignInParts<'a> {
    id: String,
    when: String,
    user: &'a Value,
    app: App,
    place: Place,
    outcome: Value,
    ca: (&'static str, Vec<Value>),
    risk: Value,
    device: Value,
    correlation: String,
}

/// A `microsoft.graph.signIn` with the contract's properties.
fn sign_in_item(s: SignInParts) -> Value {
    let mut v = json!({
        "id": s.id, "createdDateTime": s.when, "userId": s.user["id"], "userDisplayName": s.user["displayName"],
        "userPrincipalName": s.user["userPrincipalName"], "appId": s.app.id, "appDisplayName": s.app.name,
        "ipAddress": s.place.ip, "clientAppUsed": s.app.client, "correlationId": s.correlation,
        "isInteractive": true, "conditionalAccessStatus": s.ca.0, "appliedConditionalAccessPolicies": s.ca.1,
        "status": s.outcome,
        "location": {"city": s.place.city, "state": s.place.state, "countryOrRegion": s.place.country,
                     "geoCoordinates": {"altitude": null, "latitude": s.place.lat, "longitude": s.place.lon}},
        "deviceDetail": s.device,
        "resourceDisplayName": s.app.resource, "resourceId": s.app.resource_id
    });
    if let (Some(o), Value::Object(r)) = (v.as_object_mut(), s.risk) {
        o.extend(r);
    }
    v
}

/// The sign-in of filler account `person` (members first, then guests) at `t` seconds.
fn filler(person: usize, members: usize, guests: usize, t: i64) -> Value {
    let user = if person < members {
        member_items(
            &format!("member{person:06}"),
            &format!("Member {person:06}"),
        )
        .0
    } else {
        let i = (person - members).min(guests.saturating_sub(1));
        guest_items(
            &format!("guest{i:06}"),
            &format!("Guest {i:06}"),
            &guid("user:sponsor"),
        )
        .0
    };
    let place = [SEATTLE, BERLIN, SEATTLE, LONDON, TORONTO][person % 5];
    let app = [OFFICE, TEAMS, OFFICE_HOME, OFFICE][person % 4];
    let outcome = if person % 9 == 4 { BAD_PASSWORD } else { OK };
    let p = SignIn {
        user: "",
        day: 0,
        time: "",
        app,
        place,
        outcome,
        admin: false,
        risk: ("none", ""),
        managed: person.is_multiple_of(3),
    };
    let ca = conditional_access(&p);
    let device = if p.managed {
        json!({"deviceId": guid(&format!("device:filler:{person}")), "displayName": format!("CONTOSO-LT-{person:04}"),
               "operatingSystem": "Windows10", "browser": "Edge 131.0.0", "isCompliant": true, "isManaged": true, "trustType": "Azure AD joined"})
    } else {
        json!({"deviceId": "", "displayName": "", "operatingSystem": "Ios", "browser": "Mobile Safari",
               "isCompliant": false, "isManaged": false, "trustType": ""})
    };
    sign_in_item(SignInParts {
        id: guid(&format!("signin:filler:{person}")),
        when: stamp(t),
        user: &user,
        app,
        place,
        outcome: json!({"errorCode": outcome.code, "failureReason": outcome.reason, "additionalDetails": outcome.details}),
        ca,
        risk: json!({"riskDetail": "none", "riskLevelAggregated": "none", "riskLevelDuringSignIn": "none",
                     "riskState": "none", "riskEventTypes_v2": []}),
        device,
        correlation: guid(&format!("correlation:filler:{person}")),
    })
}

/// One ID Protection detection; sign-in detections point at the planted sign-in.
struct Detection {
    user: &'static str,
    event: &'static str,
    level: &'static str,
    state: &'static str,
    detail: &'static str,
    timing: &'static str,
    when: (i64, &'static str),
    place: Option<Place>,
    sign_in: Option<(i64, &'static str)>,
}

const DETECTIONS: &[Detection] = &[
    Detection {
        user: "gov-aiden",
        event: "anonymizedIPAddress",
        level: "high",
        state: "atRisk",
        detail: "none",
        timing: "realtime",
        when: (2, "04:10:00"),
        place: Some(LAGOS),
        sign_in: None,
    },
    Detection {
        user: "rita",
        event: "leakedCredentials",
        level: "high",
        state: "confirmedCompromised",
        detail: "adminConfirmedUserCompromised",
        timing: "offline",
        when: (6, "00:00:00"),
        place: None,
        sign_in: None,
    },
    Detection {
        user: "gov-lena",
        event: "leakedCredentials",
        level: "high",
        state: "atRisk",
        detail: "none",
        timing: "offline",
        when: (8, "00:00:00"),
        place: None,
        sign_in: None,
    },
    Detection {
        user: "prv-rex",
        event: "anonymizedIPAddress",
        level: "high",
        state: "atRisk",
        detail: "none",
        timing: "realtime",
        when: (1, "22:47:13"),
        place: Some(LAGOS),
        sign_in: Some((1, "22:47:13")),
    },
    Detection {
        user: "prv-rex",
        event: "unfamiliarFeatures",
        level: "medium",
        state: "atRisk",
        detail: "none",
        timing: "realtime",
        when: (9, "19:02:40"),
        place: Some(AMSTERDAM),
        sign_in: None,
    },
    Detection {
        user: "prv-cole",
        event: "maliciousIPAddress",
        level: "high",
        state: "confirmedCompromised",
        detail: "adminConfirmedUserCompromised",
        timing: "offline",
        when: (2, "23:10:57"),
        place: Some(SAO_PAULO),
        sign_in: Some((2, "23:10:57")),
    },
    Detection {
        user: "prv-cole",
        event: "leakedCredentials",
        level: "high",
        state: "confirmedCompromised",
        detail: "adminConfirmedUserCompromised",
        timing: "offline",
        when: (4, "00:00:00"),
        place: None,
        sign_in: None,
    },
    Detection {
        user: "prv-roy",
        event: "unlikelyTravel",
        level: "medium",
        state: "atRisk",
        detail: "none",
        timing: "offline",
        when: (3, "07:15:26"),
        place: Some(SYDNEY),
        sign_in: Some((3, "07:15:26")),
    },
    Detection {
        user: "prv-dina",
        event: "unfamiliarFeatures",
        level: "low",
        state: "dismissed",
        detail: "adminDismissedAllRiskForUser",
        timing: "realtime",
        when: (20, "18:22:05"),
        place: Some(TORONTO),
        sign_in: None,
    },
];

/// `/identityProtection/riskDetections` for the risky users, newest first.
fn detections(g: &mut Gen) {
    let mut items: Vec<(i64, Value)> = Vec::new();
    for d in DETECTIONS {
        let uid = guid(&format!("user:{}", d.user));
        let Some(u) = g
            .collections
            .get("users")
            .and_then(|us| us.iter().find(|u| u["id"] == uid.as_str()))
            .cloned()
        else {
            continue;
        };
        let request = d
            .sign_in
            .map(|(day, time)| guid(&format!("signin:{}:{}:{}", d.user, day, time)));
        let location = d.place.map_or(json!(null), |p| {
            json!({"city": p.city, "state": p.state, "countryOrRegion": p.country,
                   "geoCoordinates": {"altitude": null, "latitude": p.lat, "longitude": p.lon}})
        });
        let when = secs(d.when.0, d.when.1);
        let detected = if d.timing == "offline" {
            when + 3 * 3600
        } else {
            when
        };
        let updated = if d.state == "atRisk" {
            detected
        } else {
            secs(1, "10:00:00").max(detected)
        };
        items.push((when, json!({
            "id": guid(&format!("detection:{}:{}", d.user, d.event)),
            "requestId": request, "correlationId": d.sign_in.map(|(day, _)| guid(&format!("correlation:{}:{}", d.user, day))),
            "riskEventType": d.event, "riskState": d.state, "riskLevel": d.level, "riskDetail": d.detail,
            "source": "IdentityProtection", "detectionTimingType": d.timing,
            "activity": if d.sign_in.is_some() || d.place.is_some() { "signin" } else { "user" },
            "tokenIssuerType": "AzureAD", "ipAddress": d.place.map(|p| p.ip), "location": location,
            "activityDateTime": stamp(when), "detectedDateTime": stamp(detected), "lastUpdatedDateTime": stamp(updated),
            "userId": uid, "userDisplayName": u["displayName"], "userPrincipalName": u["userPrincipalName"],
            "additionalInfo": "[]"
        })));
    }
    items.sort_by_key(|t| std::cmp::Reverse(t.0));
    g.items_mut("riskDetections")
        .extend(items.into_iter().map(|(_, v)| v));
}

#[cfg(test)]
mod tests {
    use super::super::{generate, Sizes, FETCHED_AT};
    use super::*;

    fn tenant() -> Value {
        generate(&Sizes {
            users: 100,
            guests: 20,
            decisions: 0,
            sign_ins: 0,
        })
        .0
    }

    fn items<'a>(t: &'a Value, c: &str) -> &'a [Value] {
        t["collections"][c]["items"]
            .as_array()
            .map_or(&[][..], Vec::as_slice)
    }

    #[test]
    fn sign_ins_are_newest_first_inside_their_window() {
        let t = tenant();
        let since = days_from_now(-SIGN_IN_DAYS);
        assert_eq!(t["collections"]["signIns"]["window"]["since"], since);
        let times: Vec<&str> = items(&t, "signIns")
            .iter()
            .map(|s| s["createdDateTime"].as_str().expect("time"))
            .collect();
        // Planted and filler (one per filler account) alike.
        assert_eq!(
            times.len(),
            SIGN_INS.len() + 120,
            "every planted user exists"
        );
        assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
        assert!(times
            .iter()
            .all(|t| *t >= since.as_str() && *t <= FETCHED_AT));
    }

    #[test]
    fn every_group_has_members_and_owners_and_recent_ones_an_audit_record() {
        let t = tenant();
        let since = days_from_now(-AUDIT_DAYS);
        let mut recent = Vec::new();
        for g in items(&t, "groups") {
            assert!(g["members"].is_array() && g["owners"].is_array(), "{g}");
            if g["createdDateTime"].as_str().expect("created") >= since.as_str() {
                recent.push(g["id"].clone());
            }
        }
        let audited: Vec<Value> = items(&t, "directoryAudits")
            .iter()
            .map(|a| a["targetResources"][0]["id"].clone())
            .collect();
        recent.sort_by_key(|v| v.to_string());
        let mut sorted = audited.clone();
        sorted.sort_by_key(|v| v.to_string());
        assert_eq!(recent, sorted);
        assert_eq!(audited.len(), 3);
        let staff = items(&t, "groups")
            .iter()
            .find(|g| g["displayName"] == "All Contoso staff")
            .expect("staff group");
        assert!(staff["members"].as_array().expect("members").len() > 100);
    }
}
