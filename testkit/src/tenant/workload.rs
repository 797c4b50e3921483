//! Plants for the workload and agent identity rules (issue 19): applications and service
//! principals with owners, credentials and application permissions; agent identity
//! blueprints, their principals, agent identities and agent users with sponsors; service
//! principal sign-in activity. Each plant has a clean look-alike beside it.

use serde_json::{json, Value};

use super::{days_from_now, guid, Gen, Grant, SECURITY_ADMIN, TENANT_ID};

/// Microsoft Graph's application id and Microsoft's tenant (first-party apps' owner).
pub const GRAPH_APP_ID: &str = "00000003-0000-0000-c000-000000000000";
const MICROSOFT_TENANT: &str = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";

/// Some of Microsoft Graph's application permissions (app role id, value).
const GRAPH_ROLES: &[(&str, &str)] = &[
    (
        "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8",
        "RoleManagement.ReadWrite.Directory",
    ),
    (
        "06b708a9-e830-4db3-a914-8e69da51d44f",
        "AppRoleAssignment.ReadWrite.All",
    ),
    (
        "19dbc75e-c2e2-444c-a770-ec69d8559fc7",
        "Directory.ReadWrite.All",
    ),
    ("df021288-bdef-4463-88db-98f22de89214", "User.Read.All"),
    ("810c84a8-4a9e-49e6-bf7d-12d183f40d01", "Mail.Read"),
];

fn role_id(value: &str) -> &'static str {
    GRAPH_ROLES
        .iter()
        .find(|(_, v)| *v == value)
        .map(|(id, _)| *id)
        .expect("a Graph role the generator knows")
}

/// A user-or-service-principal reference as `owners`/`sponsors` list them.
fn user_ref(key: &str, name: &str) -> Value {
    json!({"@odata.type": "#microsoft.graph.user", "id": guid(&format!("user:{key}")),
           "displayName": name, "userPrincipalName": format!("{key}@contoso.example")})
}

fn secret(key: &str, name: &str, start: i64, end: i64) -> Value {
    json!({"customKeyIdentifier": null, "displayName": name, "keyId": guid(&format!("cred:{key}")),
           "startDateTime": days_from_now(start), "endDateTime": days_from_now(end)})
}

fn certificate(key: &str, name: &str, start: i64, end: i64) -> Value {
    json!({"customKeyIdentifier": "9A1B2C3D4E5F60718293A4B5C6D7E8F901234567", "displayName": name,
           "keyId": guid(&format!("cred:{key}")), "type": "AsymmetricX509Cert", "usage": "Verify",
           "startDateTime": days_from_now(start), "endDateTime": days_from_now(end)})
}

/// What one planted workload is.
struct Workload<'a> {
    key: &'a str,
    name: &'a str,
    /// `None`: an ordinary service principal; else the derived type's name.
    odata: Option<&'a str>,
    sp_type: &'a str,
    owners: Vec<Value>,
    secrets: Vec<Value>,
    certificates: Vec<Value>,
    /// Graph application permissions granted.
    permissions: &'a [&'a str],
    /// Whether it has an app registration in this tenant (with the same owners and
    /// credentials).
    registered: bool,
}

fn app_id(key: &str) -> String {
    guid(&format!("appid:{key}"))
}

fn add(g: &mut Gen, w: Workload) -> String {
    let sp = guid(&format!("sp:{}", w.key));
    let assignments: Vec<Value> = w
        .permissions
        .iter()
        .map(|p| {
            json!({"id": guid(&format!("ara:{}:{p}", w.key)), "appRoleId": role_id(p), "principalId": sp,
                   "principalType": "ServicePrincipal", "principalDisplayName": w.name,
                   "resourceId": guid("sp:msgraph"), "resourceDisplayName": "Microsoft Graph",
                   "createdDateTime": days_from_now(-300), "deletedDateTime": null})
        })
        .collect();
    let (sp_secrets, sp_certs) = if w.registered {
        (json!([]), json!([]))
    } else {
        (json!(w.secrets), json!(w.certificates))
    };
    let mut item = json!({
        "id": sp, "appId": app_id(w.key), "displayName": w.name, "servicePrincipalType": w.sp_type,
        "accountEnabled": true, "appOwnerOrganizationId": TENANT_ID, "appRoles": [],
        "keyCredentials": sp_certs, "passwordCredentials": sp_secrets, "tags": [],
        "owners": w.owners, "appRoleAssignments": assignments
    });
    if let Some(t) = w.odata {
        item["@odata.type"] = json!(format!("#microsoft.graph.{t}"));
    }
    if w.sp_type == "ManagedIdentity" {
        item["appOwnerOrganizationId"] = json!(null);
    }
    g.push("servicePrincipals", item);
    if w.registered {
        g.push("applications", json!({
            "id": guid(&format!("app:{}", w.key)), "appId": app_id(w.key), "displayName": w.name,
            "createdDateTime": days_from_now(-500), "signInAudience": "AzureADMyOrg",
            "keyCredentials": w.certificates, "passwordCredentials": w.secrets, "owners": w.owners
        }));
    }
    sp
}

fn sign_in(g: &mut Gen, key: &str, days_ago: i64) {
    let t = days_from_now(-days_ago);
    let activity =
        json!({"lastSignInDateTime": t, "lastSignInRequestId": guid(&format!("spsignin:{key}"))});
    let none = json!({"lastSignInDateTime": null, "lastSignInRequestId": null});
    g.push(
        "servicePrincipalSignInActivities",
        json!({
            "id": guid(&format!("spact:{key}")), "appId": app_id(key),
            "lastSignInActivity": activity,
            "applicationAuthenticationClientSignInActivity": activity,
            "applicationAuthenticationResourceSignInActivity": none,
            "delegatedClientSignInActivity": none, "delegatedResourceSignInActivity": none
        }),
    );
}

pub fn plant(g: &mut Gen) {
    let lead = || user_ref("sec-lead", "Sam Security-Lead");
    let sponsor = || user_ref("sponsor", "Sara Sponsor");
    // Microsoft Graph itself: first-party, no owners (WID007 skips other organisations' apps).
    let roles: Vec<Value> = GRAPH_ROLES
        .iter()
        .map(|(id, v)| json!({"id": id, "value": v, "displayName": v, "description": v,
                               "allowedMemberTypes": ["Application"], "isEnabled": true, "origin": "Application"}))
        .collect();
    g.push(
        "servicePrincipals",
        json!({
            "id": guid("sp:msgraph"), "appId": GRAPH_APP_ID, "displayName": "Microsoft Graph",
            "servicePrincipalType": "Application", "accountEnabled": true,
            "appOwnerOrganizationId": MICROSOFT_TENANT, "appRoles": roles, "keyCredentials": [],
            "passwordCredentials": [], "tags": [], "owners": [], "appRoleAssignments": []
        }),
    );

    // WID004 + WID005: Payroll Sync holds Directory.ReadWrite.All and signs in with a secret.
    let payroll = add(
        g,
        Workload {
            key: "payroll-sync",
            name: "Payroll Sync",
            odata: None,
            sp_type: "Application",
            owners: vec![lead()],
            secrets: vec![secret("payroll", "prod", -30, 60)],
            certificates: vec![],
            permissions: &["Directory.ReadWrite.All"],
            registered: true,
        },
    );
    g.expect("WID004", &payroll);
    g.expect("WID005", &guid("app:payroll-sync"));
    sign_in(g, "payroll-sync", 2);
    // WID004 (not WID005): Deploy Pipeline (PIM010's plant too) holds
    // RoleManagement.ReadWrite.Directory with a certificate; WID008: no sign-in for 200 days.
    let pipeline = add(
        g,
        Workload {
            key: "cov-deploy-pipeline",
            name: "Deploy Pipeline",
            odata: None,
            sp_type: "Application",
            owners: vec![lead()],
            secrets: vec![],
            certificates: vec![certificate("pipeline", "ci", -60, 120)],
            permissions: &["RoleManagement.ReadWrite.Directory"],
            registered: true,
        },
    );
    g.expect("WID004", &pipeline);
    g.expect("WID008", &pipeline);
    sign_in(g, "cov-deploy-pipeline", 200);
    // Look-alike: Usage Reporting reads users with a short-lived secret, signed in last week.
    add(
        g,
        Workload {
            key: "usage-reporting",
            name: "Usage Reporting",
            odata: None,
            sp_type: "Application",
            owners: vec![sponsor()],
            secrets: vec![secret("reporting", "prod", -10, 80)],
            certificates: vec![],
            permissions: &["User.Read.All"],
            registered: true,
        },
    );
    sign_in(g, "usage-reporting", 6);
    // Look-alike: Old Reporting still holds User.Read.All and has not signed in for 200 days,
    // but is disabled (what WID008's fix does): it cannot use the permission.
    let old_reporting = add(
        g,
        Workload {
            key: "old-reporting",
            name: "Old Reporting",
            odata: None,
            sp_type: "Application",
            owners: vec![sponsor()],
            secrets: vec![],
            certificates: vec![],
            permissions: &["User.Read.All"],
            registered: true,
        },
    );
    sign_in(g, "old-reporting", 200);
    disable(g, &old_reporting);
    // WID006 twice and WID007 twice: Legacy CRM Connector has a two-year secret and an expired
    // certificate still present, and neither its registration nor its service principal has an
    // owner. No permissions: not WID008 though it has not signed in for 300 days.
    let crm = add(
        g,
        Workload {
            key: "legacy-crm",
            name: "Legacy CRM Connector",
            odata: None,
            sp_type: "Application",
            owners: vec![],
            secrets: vec![secret("crm-secret", "forever", -100, 630)],
            certificates: vec![certificate("crm-cert", "old", -500, -20)],
            permissions: &[],
            registered: true,
        },
    );
    g.expect("WID006", &guid("app:legacy-crm"));
    g.expect("WID007", &guid("app:legacy-crm"));
    g.expect("WID007", &crm);
    sign_in(g, "legacy-crm", 300);
    // Look-alike: a managed identity (no owners by design) with Mail.Read, active yesterday.
    add(
        g,
        Workload {
            key: "mi-backup",
            name: "Backup Vault Identity",
            odata: None,
            sp_type: "ManagedIdentity",
            owners: vec![],
            secrets: vec![],
            certificates: vec![],
            permissions: &["Mail.Read"],
            registered: false,
        },
    );
    sign_in(g, "mi-backup", 1);

    // Agent identity blueprints (applications) and their principals.
    let blueprint = |g: &mut Gen, key: &str, name: &str, sponsors: Vec<Value>, scopes: &[&str]| {
        let id = guid(&format!("app:{key}"));
        g.push("applications", json!({
            "@odata.type": "#microsoft.graph.agentIdentityBlueprint", "id": id, "appId": app_id(key),
            "displayName": name, "createdDateTime": days_from_now(-120), "signInAudience": "AzureADMyOrg",
            "keyCredentials": [], "passwordCredentials": [], "owners": [user_ref("sec-lead", "Sam Security-Lead")]
        }));
        g.push("agentIdentityBlueprints", json!({
            "@odata.type": "#microsoft.graph.agentIdentityBlueprint", "id": id, "appId": app_id(key),
            "displayName": name, "createdDateTime": days_from_now(-120), "sponsors": sponsors,
            "inheritablePermissions": [{"resourceAppId": GRAPH_APP_ID, "inheritableScopes": {
                "@odata.type": "#microsoft.graph.enumeratedScopes", "kind": "enumerated", "scopes": scopes}}]
        }));
        let principal = add(
            g,
            Workload {
                key: &format!("bpp-{key}"),
                name,
                odata: Some("agentIdentityBlueprintPrincipal"),
                sp_type: "Application",
                owners: vec![user_ref("sec-lead", "Sam Security-Lead")],
                secrets: vec![],
                certificates: vec![],
                permissions: &[],
                registered: false,
            },
        );
        g.push(
            "agentIdentityBlueprintPrincipals",
            json!({
                "@odata.type": "#microsoft.graph.agentIdentityBlueprintPrincipal", "id": principal,
                "appId": app_id(&format!("bpp-{key}")), "displayName": name,
                "sponsors": [user_ref("sponsor", "Sara Sponsor")]
            }),
        );
        id
    };
    // Look-alike: the helpdesk blueprint has a sponsor and hands agents User.Read.All only.
    blueprint(
        g,
        "bp-helpdesk",
        "Helpdesk Agent Blueprint",
        vec![sponsor()],
        &["User.Read.All"],
    );
    // WID001 + WID003: the admin blueprint has no sponsor and hands every agent made from it
    // RoleManagement.ReadWrite.Directory.
    let admin_bp = blueprint(
        g,
        "bp-admin",
        "Tenant Admin Agent Blueprint",
        vec![],
        &["User.Read.All", "RoleManagement.ReadWrite.Directory"],
    );
    g.expect("WID001", &admin_bp);
    g.expect("WID003", &admin_bp);

    // Agent identities.
    let agent = |g: &mut Gen,
                 key: &str,
                 name: &str,
                 blueprint: &str,
                 sponsors: Vec<Value>,
                 permissions: &[&str]| {
        let id = add(
            g,
            Workload {
                key,
                name,
                odata: Some("agentIdentity"),
                sp_type: "ServiceIdentity",
                owners: vec![],
                secrets: vec![],
                certificates: vec![],
                permissions,
                registered: false,
            },
        );
        g.push("agentIdentities", json!({
            "@odata.type": "#microsoft.graph.agentIdentity", "id": id, "displayName": name,
            "agentIdentityBlueprintId": app_id(blueprint), "createdDateTime": days_from_now(-60),
            "accountEnabled": true,
            "sponsors": sponsors
        }));
        id
    };
    // Look-alike: a sponsored helpdesk agent from a live blueprint, active today.
    agent(
        g,
        "agent-helpdesk",
        "Helpdesk Agent",
        "bp-helpdesk",
        vec![sponsor()],
        &[],
    );
    sign_in(g, "agent-helpdesk", 0);
    // WID001: an agent nobody sponsors.
    let lonely = agent(
        g,
        "agent-unsponsored",
        "Unsponsored Agent",
        "bp-helpdesk",
        vec![],
        &[],
    );
    g.expect("WID001", &lonely);
    sign_in(g, "agent-unsponsored", 3);
    // WID002: an agent whose blueprint was deleted.
    let orphan = agent(
        g,
        "agent-orphan",
        "Orphaned Agent",
        "bp-deleted",
        vec![sponsor()],
        &[],
    );
    g.expect("WID002", &orphan);
    sign_in(g, "agent-orphan", 3);
    // Look-alike: an agent of the same deleted blueprint, already disabled (what WID002's fix
    // does), in both lists that hold it.
    let retired = agent(
        g,
        "agent-retired",
        "Retired Agent",
        "bp-deleted",
        vec![sponsor()],
        &[],
    );
    disable(g, &retired);
    // WID004 and PIM010 (an agent identity): Ops Agent holds Directory.ReadWrite.All and
    // Security Administrator.
    let ops = agent(
        g,
        "agent-ops",
        "Ops Agent",
        "bp-helpdesk",
        vec![sponsor()],
        &["Directory.ReadWrite.All"],
    );
    g.expect("WID004", &ops);
    sign_in(g, "agent-ops", 1);
    let inst = g.grant_to(
        "agent-ops-secadmin",
        &ops,
        "agentIdentity",
        SECURITY_ADMIN,
        Grant::Standing { end: json!(null) },
    );
    for item in g.items_mut("roleAssignmentScheduleInstances") {
        if item["id"] == inst.as_str() {
            item["principal"]["displayName"] = json!("Ops Agent");
        }
    }
    g.expect("PIM010", &ops);

    // Agent users: one sponsored (look-alike), one not (WID001).
    for (key, name, sponsors) in [
        ("agentuser-helpdesk", "Helpdesk Agent User", vec![sponsor()]),
        ("agentuser-orphan", "Unsponsored Agent User", vec![]),
    ] {
        let id = guid(&format!("user:{key}"));
        g.push(
            "agentUsers",
            json!({
                "@odata.type": "#microsoft.graph.agentUser", "id": id, "displayName": name,
                "userPrincipalName": format!("{key}@contoso.example"), "accountEnabled": true,
                "createdDateTime": days_from_now(-40), "sponsors": sponsors
            }),
        );
        if key == "agentuser-orphan" {
            g.expect("WID001", &id);
        }
    }
}

/// Disables a service principal wherever the tenant lists it (its set and its cast's list).
fn disable(g: &mut Gen, id: &str) {
    for collection in ["servicePrincipals", "agentIdentities"] {
        for item in g.items_mut(collection) {
            if item["id"] == id {
                item["accountEnabled"] = json!(false);
            }
        }
    }
}
