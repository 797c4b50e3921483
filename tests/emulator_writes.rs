//! The Graph emulator's writes over real HTTP on 127.0.0.1: each changes the tenant so a later
//! GET shows it, demands its write permission, and answers as Graph does when the object is
//! missing.

use govlint_testkit::emulator::{Emulator, Options};
use serde_json::{json, Value};

fn demo() -> Value {
    serde_json::from_str(&govlint_testkit::tenant::demo_json()).expect("demo tenant")
}

struct Http {
    rt: tokio::runtime::Runtime,
    client: reqwest::Client,
    base: String,
    token: String,
}

impl Http {
    fn new(emu: &Emulator, token: String) -> Http {
        Http {
            rt: tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime"),
            client: reqwest::Client::new(),
            base: format!("{}/v1.0", emu.url()),
            token,
        }
    }

    fn send(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        self.rt.block_on(async {
            let m = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
            let mut r = self
                .client
                .request(m, format!("{}{path}", self.base))
                .bearer_auth(&self.token);
            if let Some(b) = body {
                r = r.json(&b);
            }
            let resp = r.send().await.expect("sent");
            let status = resp.status().as_u16();
            let bytes = resp.bytes().await.expect("body");
            let v = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
            (status, v)
        })
    }
}

/// The id of the first item of a collection the emulator serves.
fn first_id(emu: &Emulator, collection: &str) -> String {
    emu.items(collection)[0]["id"]
        .as_str()
        .expect("id")
        .to_string()
}

const GA: &str = "62e90394-69f5-4237-9190-012177145e10";

#[test]
fn patch_put_delete_and_refs_change_what_get_shows() {
    let emu =
        Emulator::start(&demo(), Options::default().with_write_permissions()).expect("emulator");
    let h = Http::new(&emu, emu.mint_access_token());

    let (s, _) = h.send(
        "PATCH",
        "/policies/authorizationPolicy",
        Some(json!({"allowInvitesFrom": "adminsAndGuestInviters"})),
    );
    assert_eq!(s, 204);
    let (s, p) = h.send("GET", "/policies/authorizationPolicy", None);
    assert_eq!(s, 200);
    assert_eq!(p["allowInvitesFrom"], "adminsAndGuestInviters");

    // A nested object: a PIM policy's rule.
    let policy = emu.items("roleManagementPolicies")[0].clone();
    let pid = policy["id"].as_str().expect("id").to_string();
    let rule = policy["rules"][0]["id"].as_str().expect("rule").to_string();
    let path = format!("/policies/roleManagementPolicies/{pid}/rules/{rule}");
    let (s, _) = h.send(
        "PATCH",
        &path,
        Some(json!({"@odata.type": policy["rules"][0]["@odata.type"], "id": rule, "target": {"caller": "EndUser"}})),
    );
    assert_eq!(s, 204);
    let (s, r) = h.send("GET", &path, None);
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["target"]["caller"], "EndUser");

    // DELETE a user: GET answers 404 after.
    let guest = emu
        .items("users")
        .into_iter()
        .find(|u| u["userType"] == "Guest")
        .expect("a guest");
    let gid = guest["id"].as_str().expect("id");
    assert_eq!(h.send("DELETE", &format!("/users/{gid}"), None).0, 204);
    assert_eq!(h.send("GET", &format!("/users/{gid}"), None).0, 404);
    assert_eq!(h.send("DELETE", &format!("/users/{gid}"), None).0, 404);

    // Group owners: add by $ref, then remove.
    let group = emu.items("groups")[0].clone();
    let grp = group["id"].as_str().expect("id");
    let user = emu
        .items("users")
        .into_iter()
        .find(|u| u["userType"] == "Member")
        .expect("member");
    let uid = user["id"].as_str().expect("id");
    let body = json!({"@odata.id": format!("https://graph.microsoft.com/v1.0/users/{uid}")});
    assert_eq!(
        h.send("POST", &format!("/groups/{grp}/owners/$ref"), Some(body))
            .0,
        204
    );
    let (_, owners) = h.send("GET", &format!("/groups/{grp}/owners"), None);
    assert!(owners["value"]
        .as_array()
        .expect("list")
        .iter()
        .any(|o| o["id"] == uid));
    assert_eq!(
        h.send("DELETE", &format!("/groups/{grp}/owners/{uid}/$ref"), None)
            .0,
        204
    );
    let (_, owners) = h.send("GET", &format!("/groups/{grp}/owners"), None);
    assert!(!owners["value"]
        .as_array()
        .expect("list")
        .iter()
        .any(|o| o["id"] == uid));

    // Every write is recorded with its body.
    let w = emu.writes();
    assert_eq!(w[0].method, "PATCH");
    assert_eq!(w[0].body["allowInvitesFrom"], "adminsAndGuestInviters");
}

#[test]
fn admin_schedule_requests_change_the_instances() {
    let emu =
        Emulator::start(&demo(), Options::default().with_write_permissions()).expect("emulator");
    let h = Http::new(&emu, emu.mint_access_token());
    let inst = emu
        .items("roleAssignmentScheduleInstances")
        .into_iter()
        .find(|i| i["roleDefinitionId"] == GA)
        .expect("an active GA");
    let principal = inst["principalId"].as_str().expect("principal");
    let filter = format!(
        "/roleManagement/directory/roleAssignmentScheduleInstances?$filter=principalId%20eq%20'{principal}'%20and%20roleDefinitionId%20eq%20'{GA}'"
    );
    let (_, before) = h.send("GET", &filter, None);
    assert_eq!(before["value"].as_array().map(Vec::len), Some(1));
    let remove = json!({"action": "adminRemove", "principalId": principal, "roleDefinitionId": GA,
        "directoryScopeId": "/", "justification": "test"});
    let path = "/roleManagement/directory/roleAssignmentScheduleRequests";
    let (s, r) = h.send("POST", path, Some(remove.clone()));
    assert_eq!(s, 201, "{r}");
    assert_eq!(r["status"], "Revoked");
    assert_eq!(r["action"], "adminRemove");
    let (_, after) = h.send("GET", &filter, None);
    assert_eq!(after["value"].as_array().map(Vec::len), Some(0));
    // Removing it again: it no longer exists.
    let (s, e) = h.send("POST", path, Some(remove));
    assert_eq!(s, 400);
    assert_eq!(e["error"]["code"], "RoleAssignmentDoesNotExist");
    // And assigning it back.
    let assign = json!({"action": "adminAssign", "principalId": principal, "roleDefinitionId": GA,
        "directoryScopeId": "/", "justification": "test",
        "scheduleInfo": {"startDateTime": null, "expiration": {"type": "afterDuration", "duration": "P30D"}}});
    let (s, r) = h.send("POST", path, Some(assign.clone()));
    assert_eq!(s, 201, "{r}");
    assert_eq!(r["status"], "Provisioned");
    let (_, again) = h.send("GET", &filter, None);
    assert_eq!(again["value"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        h.send("POST", path, Some(assign)).1["error"]["code"],
        "RoleAssignmentExists"
    );
}

#[test]
fn writes_need_their_write_permission() {
    let emu = Emulator::start(
        &demo(),
        Options::default()
            .with_write_permissions()
            .without_permission("Policy.ReadWrite.Authorization"),
    )
    .expect("emulator");
    let h = Http::new(&emu, emu.mint_access_token());
    let (s, e) = h.send(
        "PATCH",
        "/policies/authorizationPolicy",
        Some(json!({"allowInvitesFrom": "none"})),
    );
    assert_eq!(s, 403);
    assert_eq!(e["error"]["code"], "Authorization_RequestDenied");
    let (_, p) = h.send("GET", "/policies/authorizationPolicy", None);
    assert_ne!(p["allowInvitesFrom"], "none");
    // A method nothing serves at a path.
    assert_eq!(
        h.send("PATCH", "/auditLogs/signIns", Some(json!({}))).0,
        405
    );
}

/// The emulator demands what Microsoft's docs table says (tests/graph/write-permissions.tsv):
/// a group's owners need Group.ReadWrite.All (GroupMember.ReadWrite.All is not enough), an
/// application's owners Directory.Read.All besides, and a review decision no app permission.
#[test]
fn writes_demand_the_permissions_of_the_docs_table() {
    let group = "a31d1a94-61fd-4842-8714-8c3f7897db63";
    let emu = Emulator::start(
        &demo(),
        Options::default()
            .with_write_permissions()
            .without_permission("Group.ReadWrite.All")
            .without_permission("Directory.Read.All"),
    )
    .expect("emulator");
    let h = Http::new(&emu, emu.mint_access_token());
    let uid = first_id(&emu, "users");
    let user = format!("https://graph.microsoft.com/v1.0/users/{uid}");
    let owners = format!("/groups/{group}/owners/$ref");
    let (s, _) = h.send("POST", &owners, Some(json!({"@odata.id": user})));
    assert_eq!(s, 403, "GroupMember.ReadWrite.All does not cover owners");
    let app = first_id(&emu, "applications");
    let (s, _) = h.send(
        "POST",
        &format!("/applications/{app}/owners/$ref"),
        Some(json!({"@odata.id": user})),
    );
    assert_eq!(
        s, 403,
        "Application.ReadWrite.All alone does not add an owner"
    );
    let (s, _) = h.send(
        "PATCH",
        "/identityGovernance/accessReviews/definitions/d/instances/i/decisions/x",
        Some(json!({"decision": "Deny"})),
    );
    assert_eq!(s, 403, "no application permission records a decision");

    let emu =
        Emulator::start(&demo(), Options::default().with_write_permissions()).expect("emulator");
    let h = Http::new(&emu, emu.mint_access_token());
    let (s, e) = h.send("POST", &owners, Some(json!({"@odata.id": user})));
    assert_eq!(s, 204, "{e}");
}

/// A write through a type cast (`/servicePrincipals/{id}/microsoft.graph.agentIdentity`,
/// agentidentity-update) reaches only an object of that type, needs the cast's own permission,
/// and changes the one object Graph has: a GET through either path shows it.
#[test]
fn a_write_through_a_type_cast_changes_the_one_object_behind_both_paths() {
    let emu =
        Emulator::start(&demo(), Options::default().with_write_permissions()).expect("emulator");
    let h = Http::new(&emu, emu.mint_access_token());
    let id_of = |collection: &str, name: &str| -> String {
        emu.items(collection)
            .iter()
            .find(|v| v["displayName"] == name)
            .and_then(|v| v["id"].as_str())
            .unwrap_or_else(|| panic!("{name} in {collection}"))
            .to_string()
    };
    let agent = id_of("agentIdentities", "Helpdesk Agent");
    let app = id_of("servicePrincipals", "Usage Reporting");
    let off = json!({"accountEnabled": false});

    let cast = format!("/servicePrincipals/{agent}/microsoft.graph.agentIdentity");
    let (s, e) = h.send("PATCH", &cast, Some(off.clone()));
    assert_eq!(s, 204, "{e}");
    for path in [
        format!("{cast}?$select=id,accountEnabled"),
        format!("/servicePrincipals/{agent}?$select=id,accountEnabled"),
    ] {
        let (s, v) = h.send("GET", &path, None);
        assert_eq!(s, 200, "{path}: {v}");
        assert_eq!(v["accountEnabled"], false, "{path}: {v}");
    }
    // A navigation below the cast: a sponsor added by reference (agentidentity-post-sponsors).
    let user = first_id(&emu, "users");
    let (s, e) = h.send(
        "POST",
        &format!("{cast}/sponsors/$ref"),
        Some(json!({"@odata.id": format!("https://graph.microsoft.com/v1.0/users/{user}")})),
    );
    assert_eq!(s, 204, "{e}");
    let (s, v) = h.send("GET", &format!("{cast}/sponsors"), None);
    assert_eq!(s, 200, "{v}");
    assert!(
        v["value"]
            .as_array()
            .is_some_and(|a| a.iter().any(|x| x["id"] == user.as_str())),
        "{v}"
    );
    // An application's service principal is no agent identity.
    let (s, _) = h.send(
        "PATCH",
        &format!("/servicePrincipals/{app}/microsoft.graph.agentIdentity"),
        Some(off.clone()),
    );
    assert_eq!(s, 404);
    assert_eq!(
        h.send(
            "GET",
            &format!("/servicePrincipals/{app}?$select=accountEnabled"),
            None
        )
        .1["accountEnabled"],
        true
    );

    // The cast's write needs AgentIdentity.EnableDisable.All, which Application.ReadWrite.All
    // does not stand in for.
    let emu = Emulator::start(
        &demo(),
        Options::default()
            .with_write_permissions()
            .without_permission("AgentIdentity.EnableDisable.All"),
    )
    .expect("emulator");
    let h = Http::new(&emu, emu.mint_access_token());
    let (s, _) = h.send("PATCH", &cast, Some(off));
    assert_eq!(s, 403);
}
