//! Plants for the entitlement management and access review coverage rules (issue 7):
//! violations next to clean look-alikes.
//!
//! Runs after `em::plant` (whose objects it completes: the groups its packages grant) and
//! before `ar::plant`. Existing EM objects these rules judge: "Partners - any external
//! (self-service)" is open to all external users (EM005) and the catalog resource "Project Tango
//! site" is granted by no package (EM008); "Partners - closed to new requests" (EM005) and
//! "Vendors from Fabrikam"'s empty stage (EM006, reported by EM002) are look-alikes.
//!
//! | plant | rule | look-alike |
//! |---|---|---|
//! | policy whose stage names a deleted user and a deleted group | EM006 | policy approved by a live group |
//! | package and catalog resource of a deleted group | EM007 | the same for live groups |
//! | "Audit archive" group resource no package grants | EM008 | resources packages grant |
//! | extension calling `http://` (with a `sig`), extension without authentication | EM009 | HTTPS + PoP token |
//! | proposed Adatum with a delivered assignment | EM010 | proposed Contoso Labs with an expired one |
//! | no live recurring guest review | AR006 | one-time and ended guest reviews |
//! | review whose reviewers were deleted or disabled | AR007 | review with one live reviewer left |
//! | approval never applied 45 days after the end; denial skipped by an applied instance | AR008 | same 20 days after, NotReviewed |
//! | auto-assignment policy keeping access when users leave its rule | EM011 | the same removing access |
//! | policy approving new requests but not self-service extensions | EM012 | extensions approved; extensions off |
//! | live quarterly GA review not auto-applied; PRA review defaulting to Approve | AR009 | auto-applied with default Deny; one-time review |

use serde_json::{json, Value};

use super::{days_from_now, guid, Gen, TENANT_ID};

const GRAPH: &str = "https://graph.microsoft.com/v1.0";
const ZERO_GUID: &str = "00000000-0000-0000-0000-000000000000";

pub fn plant(g: &mut Gen) {
    existing(g);
    approvals(g);
    deleted_groups(g);
    extensions(g);
    proposed_orgs(g);
    guest_reviews(g);
    dead_reviewers(g);
    unapplied(g);
    auto_assignment(g);
    extensions_approval(g);
    privileged_review_settings(g);
}

fn group(g: &mut Gen, key: &str, name: &str) -> String {
    let id = guid(&format!("group:{key}"));
    g.push("groups", json!({
        "id": id, "displayName": name, "groupTypes": [], "securityEnabled": true,
        "mailEnabled": false, "isAssignableToRole": false, "membershipRule": null, "membershipRuleProcessingState": null,
        "visibility": "Private", "onPremisesSyncEnabled": null, "createdDateTime": days_from_now(-800)
    }));
    id
}

/// The groups `em::plant`'s packages grant exist (EM007's look-alikes), and the rules that judge
/// existing EM objects.
fn existing(g: &mut Gen) {
    group(g, "em-project-tango", "Project Tango");
    group(g, "em-finance-readers", "Finance readers");
    g.expect("EM005", &guid("em:policy:partners-open"));
    g.expect("EM008", &guid("em:resource:tango-site"));
}

fn resource(key: &str, name: &str, origin_system: &str, origin_id: &str) -> Value {
    json!({
        "id": guid(&format!("em:resource:{key}")), "displayName": name, "description": null,
        "originId": origin_id, "originSystem": origin_system, "attributes": [],
        "createdDateTime": days_from_now(-700), "modifiedDateTime": days_from_now(-700)
    })
}

/// An access package granting the Member role of groups (key, group id).
fn package(key: &str, name: &str, groups: &[(&str, &str)]) -> Value {
    let scopes: Vec<Value> = groups
        .iter()
        .map(|(rkey, gid)| {
            let role_id = guid(&format!("em:role:{rkey}:Member"));
            let scope_id = guid(&format!("em:scope:{rkey}"));
            json!({
                "id": format!("{role_id}_{scope_id}"), "createdDateTime": days_from_now(-300),
                "role": {"id": role_id, "displayName": "Member", "description": null, "originSystem": "AadGroup",
                         "originId": format!("Member_{gid}")},
                "scope": {"id": scope_id, "displayName": "Root", "description": "Root Scope", "originId": gid,
                          "originSystem": "AadGroup", "isRootScope": true}
            })
        })
        .collect();
    json!({
        "id": guid(&format!("em:package:{key}")), "displayName": name, "description": name, "isHidden": false,
        "createdDateTime": days_from_now(-300), "modifiedDateTime": days_from_now(-100),
        "resourceRoleScopes": scopes
    })
}

fn stage(primary: Value, fallback: Value) -> Value {
    json!({
        "durationBeforeAutomaticDenial": "P14D", "isApproverJustificationRequired": true, "isEscalationEnabled": false,
        "durationBeforeEscalation": "PT0S", "approverInformationVisibility": "default",
        "primaryApprovers": primary, "fallbackPrimaryApprovers": fallback,
        "escalationApprovers": [], "fallbackEscalationApprovers": []
    })
}

/// An internal (members only), expiring, approved policy: clean for EM001-EM005.
fn push_policy(g: &mut Gen, key: &str, name: &str, package: &Value, stages: Value) -> String {
    let id = guid(&format!("em:policy:{key}"));
    g.push("accessPackageAssignmentPolicies", json!({
        "id": id, "displayName": name, "description": name,
        "allowedTargetScope": "allMemberUsers", "specificAllowedTargets": [],
        "createdDateTime": days_from_now(-200), "modifiedDateTime": days_from_now(-20),
        "expiration": {"type": "afterDuration", "duration": "P180D", "endDateTime": null},
        "requestorSettings": {
            "enableTargetsToSelfAddAccess": true, "enableTargetsToSelfUpdateAccess": false,
            "enableTargetsToSelfRemoveAccess": true, "allowCustomAssignmentSchedule": false,
            "enableOnBehalfRequestorsToAddAccess": false, "enableOnBehalfRequestorsToUpdateAccess": false,
            "enableOnBehalfRequestorsToRemoveAccess": false, "onBehalfRequestors": []
        },
        "requestApprovalSettings": {"isApprovalRequiredForAdd": true, "isApprovalRequiredForUpdate": true,
                                    "isRequestorJustificationRequired": true, "stages": stages},
        "reviewSettings": null, "automaticRequestSettings": null,
        "accessPackage": {"id": package["id"], "displayName": package["displayName"]}
    }));
    id
}

/// EM006: a policy whose only approvers (a user and a group) were deleted, and whose fallback is
/// alive. Look-alike: a policy approved by the members of a live group, with a live fallback.
fn approvals(g: &mut Gen) {
    let finance = json!({"id": guid("em:package:finance"), "displayName": "Finance reader"});
    let approvers = group(g, "gov-finance-approvers", "Finance approvers");
    let amir = guid("user:em-approver");
    let fallback = json!([{"@odata.type": "#microsoft.graph.singleUser", "userId": amir, "description": "Amir Approver"}]);
    let dead = json!([
        {"@odata.type": "#microsoft.graph.singleUser", "userId": guid("user:gov-departed-manager"), "description": "Departed manager"},
        {"@odata.type": "#microsoft.graph.groupMembers", "groupId": guid("group:gov-deleted-approvers"), "description": "Old approvers"}
    ]);
    let id = push_policy(
        g,
        "gov-finance-managers",
        "Finance - manager approval",
        &finance,
        json!([stage(dead, fallback.clone())]),
    );
    g.expect("EM006", &id);
    let live = json!([{"@odata.type": "#microsoft.graph.groupMembers", "groupId": approvers, "description": "Finance approvers"}]);
    push_policy(
        g,
        "gov-finance-approvers",
        "Finance - approvers group",
        &finance,
        json!([stage(live, fallback)]),
    );
}

/// EM007 / EM008: a catalog of archive resources. The "Legacy CRM users" group was deleted: the
/// package that grants it and its catalog resource are EM007's. "Audit archive readers" exists
/// and no package grants it (EM008). "Records team" exists and is granted (clean).
fn deleted_groups(g: &mut Gen) {
    let crm = guid("group:gov-legacy-crm-deleted");
    let audit = group(g, "gov-audit-archive", "Audit archive readers");
    let records = group(g, "gov-records-team", "Records team");
    let legacy = package(
        "gov-legacy-crm",
        "Legacy CRM access",
        &[("gov-legacy-crm", &crm), ("gov-records", &records)],
    );
    let records_pkg = package("gov-records", "Records team", &[("gov-records", &records)]);
    g.expect("EM007", legacy["id"].as_str().unwrap_or_default());
    let crm_resource = resource("gov-legacy-crm", "Legacy CRM users", "AadGroup", &crm);
    let audit_resource = resource(
        "gov-audit-archive",
        "Audit archive readers",
        "AadGroup",
        &audit,
    );
    g.expect("EM007", crm_resource["id"].as_str().unwrap_or_default());
    g.expect("EM008", audit_resource["id"].as_str().unwrap_or_default());
    let archives = json!({
        "id": guid("em:catalog:gov-archive"), "displayName": "Archives", "description": "Archived systems",
        "catalogType": "userManaged", "state": "published", "isExternallyVisible": false,
        "createdDateTime": days_from_now(-600), "modifiedDateTime": days_from_now(-30),
        "resources": [
            crm_resource,
            audit_resource,
            resource("gov-records", "Records team", "AadGroup", &records),
        ],
        "customWorkflowExtensions": []
    });
    g.push("accessPackageCatalogs", archives.clone());
    for mut ap in [legacy, records_pkg] {
        ap["catalog"] = super::em::catalog_nav(&archives);
        g.push("accessPackages", ap);
    }
}

fn extension(key: &str, name: &str, endpoint: Value, auth: Value) -> Value {
    json!({
        "@odata.type": "#microsoft.graph.accessPackageAssignmentWorkflowExtension",
        "id": guid(&format!("em:extension:{key}")), "displayName": name, "description": name,
        "createdDateTime": days_from_now(-200), "lastModifiedDateTime": days_from_now(-200),
        "clientConfiguration": null, "endpointConfiguration": endpoint, "authenticationConfiguration": auth,
        "callbackConfiguration": {"@odata.type": "#microsoft.graph.customExtensionCallbackConfiguration", "timeoutDuration": "PT1H"}
    })
}

/// EM009: a Logic App called over plain HTTP (its URL carries a signature the message must not
/// show), an HTTP endpoint with no authentication. Look-alike: HTTPS with an Entra token.
fn extensions(g: &mut Gen) {
    let logic = |url: &str| {
        json!({
            "@odata.type": "#microsoft.graph.logicAppTriggerEndpointConfiguration",
            "subscriptionId": guid("em:subscription"), "resourceGroupName": "rg-governance",
            "logicAppWorkflowName": "elm-onboarding", "url": url
        })
    };
    let pop = json!({"@odata.type": "#microsoft.graph.azureAdPopTokenAuthentication"});
    let plain = extension(
        "gov-onboarding-http",
        "onboarding-http",
        logic("http://prod-12.westeurope.logic.azure.com/workflows/7a1b/triggers/manual/paths/invoke?api-version=2016-10-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=demo-plain-http-sig"),
        pop.clone(),
    );
    let unauthenticated = extension(
        "gov-hr-webhook",
        "hr-webhook",
        json!({"@odata.type": "#microsoft.graph.httpRequestEndpoint", "targetUrl": "https://hr.contoso.example/elm/hook"}),
        Value::Null,
    );
    let good = extension(
        "gov-hr-webhook-secure",
        "hr-webhook-secure",
        json!({"@odata.type": "#microsoft.graph.httpRequestEndpoint", "targetUrl": "https://hr.contoso.example/elm/hook2"}),
        json!({"@odata.type": "#microsoft.graph.azureAdTokenAuthentication", "resourceId": guid("app:hr-webhook")}),
    );
    for x in [&plain, &unauthenticated] {
        g.expect("EM009", x["id"].as_str().unwrap_or_default());
    }
    g.push("accessPackageCatalogs", json!({
        "id": guid("em:catalog:gov-onboarding"), "displayName": "Onboarding", "description": "Onboarding workflows",
        "catalogType": "userManaged", "state": "published", "isExternallyVisible": false,
        "createdDateTime": days_from_now(-400), "modifiedDateTime": days_from_now(-40),
        "resources": [], "customWorkflowExtensions": [plain, unauthenticated, good]
    }));
}

fn connected_org(key: &str, name: &str, domain: &str, sponsor: &str) -> Value {
    json!({
        "id": guid(&format!("em:org:{key}")), "displayName": name, "description": format!("{name} ({domain})"),
        "state": "proposed", "createdDateTime": days_from_now(-90), "modifiedDateTime": days_from_now(-90),
        "identitySources": [{"@odata.type": "#microsoft.graph.domainIdentitySource", "domainName": domain, "displayName": domain}],
        "internalSponsors": [{"@odata.type": "#microsoft.graph.user", "id": sponsor, "displayName": "Sara Sponsor"}],
        "externalSponsors": []
    })
}

/// EM010: Adatum, proposed, whose user holds a delivered assignment through the open partner
/// policy. Look-alike: Contoso Labs, proposed, whose user's assignment expired.
fn proposed_orgs(g: &mut Gen) {
    let sponsor = guid("user:sponsor");
    let tango = guid("em:package:tango");
    let open = guid("em:policy:partners-open");
    for (key, name, domain, person, who, state) in [
        (
            "gov-adatum",
            "Adatum (proposed)",
            "adatum.example",
            "gov-aiden",
            "Aiden Adatum",
            "delivered",
        ),
        (
            "gov-contoso-labs",
            "Contoso Labs (proposed)",
            "labs.example",
            "gov-lena",
            "Lena Labs",
            "expired",
        ),
    ] {
        g.push(
            "connectedOrganizations",
            connected_org(key, name, domain, &sponsor),
        );
        let user = g.guest(person, who, &sponsor);
        let email = format!("{}@{domain}", person.trim_start_matches("gov-"));
        let expired = state == "expired";
        g.push("accessPackageAssignments", json!({
            "id": guid(&format!("em:assignment:{person}")),
            "state": state, "status": if expired { "ExpiredNotificationTriggered" } else { "Delivered" },
            "expiredDateTime": if expired { json!(days_from_now(-10)) } else { json!(null) },
            "schedule": {"startDateTime": days_from_now(-80),
                         "expiration": {"type": "afterDateTime", "endDateTime": if expired { days_from_now(-10) } else { days_from_now(10) }, "duration": null},
                         "recurrence": null},
            "customExtensionCalloutInstances": [],
            "target": {
                "id": guid(&format!("em:subject:{user}")), "objectId": user, "displayName": who,
                "email": email, "principalName": email, "onPremisesSecurityIdentifier": null,
                "subjectType": "user", "subjectLifecycle": "governed"
            },
            "accessPackage": {"id": tango},
            "assignmentPolicy": {"id": open}
        }));
        if !expired {
            g.expect("EM010", &guid(&format!("em:org:{key}")));
        }
    }
}

// --- access reviews ---------------------------------------------------------------------------

fn date(days: i64) -> String {
    days_from_now(days)[..10].to_string()
}

fn query(q: &str) -> Value {
    json!({"@odata.type": "#microsoft.graph.accessReviewQueryScope", "query": q, "queryType": "MicrosoftGraph", "queryRoot": null})
}

fn user_reviewer(id: &str) -> Value {
    json!({"query": format!("/users/{id}"), "queryType": "MicrosoftGraph", "queryRoot": null})
}

fn quarterly(start: i64, end: Option<i64>) -> Value {
    let (kind, end) = match end {
        Some(e) => ("endDate", date(e)),
        None => ("noEnd", "9999-12-31".to_string()),
    };
    json!({"pattern": {"type": "absoluteMonthly", "interval": 3, "month": 0, "dayOfMonth": 0, "daysOfWeek": [],
                       "firstDayOfWeek": "sunday", "index": "first"},
           "range": {"type": kind, "numberOfOccurrences": 0, "recurrenceTimeZone": null, "startDate": date(start), "endDate": end}})
}

fn once(start: i64, end: i64) -> Value {
    json!({"pattern": null, "range": {"type": "numbered", "numberOfOccurrences": 0, "recurrenceTimeZone": null,
                                      "startDate": date(start), "endDate": date(end)}})
}

struct Review<'a> {
    key: &'a str,
    name: &'a str,
    status: &'a str,
    scope: Value,
    reviewers: Value,
    recurrence: Value,
}

impl Review<'_> {
    /// The definition, built by the access review area's builder (auto-apply off: the plants
    /// that need it on set it on the result).
    fn build(&self, instances: Vec<Value>) -> Value {
        super::ar::Def {
            key: self.key,
            name: self.name,
            status: self.status,
            scope: self.scope.clone(),
            reviewers: self.reviewers.clone(),
            recurrence: self.recurrence.clone(),
            auto_apply: false,
        }
        .build(instances)
    }

    fn instance(&self, key: &str, span: (i64, i64), status: &str, decisions: Vec<Value>) -> Value {
        json!({
            "id": guid(&format!("review-instance:{}:{key}", self.key)),
            "startDateTime": days_from_now(span.0), "endDateTime": days_from_now(span.1),
            "status": status, "scope": self.scope, "reviewers": self.reviewers, "fallbackReviewers": [],
            "decisions": decisions, "contactedReviewers": [], "stages": []
        })
    }
}

/// AR006 (the tenant has no live recurring review of guests): look-alikes are a one-time guest
/// attestation and a quarterly guest review whose series ended.
fn guest_reviews(g: &mut Gen) {
    let lead = guid("user:sec-lead");
    let partners = group(g, "gov-partner-guests", "Partner collaboration");
    let guests = query(&format!(
        "/groups/{partners}/transitiveMembers/microsoft.graph.user/?$filter=(userType eq 'Guest')"
    ));
    let r = Review {
        key: "gov-guest-attestation",
        name: "Guest attestation (one-time)",
        status: "Completed",
        scope: guests.clone(),
        reviewers: json!([user_reviewer(&lead)]),
        recurrence: once(-200, -186),
    };
    let inst = r.instance("once", (-200, -186), "Applied", vec![]);
    g.push("accessReviewDefinitions", r.build(vec![inst]));
    let r = Review {
        key: "gov-guest-quarterly-retired",
        name: "Quarterly guest review (retired)",
        status: "Completed",
        scope: query("./members/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')"),
        reviewers: json!([{"query": "./owners", "queryType": "MicrosoftGraph", "queryRoot": null}]),
        recurrence: quarterly(-500, Some(-100)),
    };
    let mut def = r.build(vec![]);
    def["instanceEnumerationScope"] =
        query("/groups?$filter=(groupTypes/any(c:c+eq+'Unified'))&$count=true");
    g.push("accessReviewDefinitions", def);
    g.expect("AR006", TENANT_ID);
}

/// AR007: a quarterly review whose reviewers are a deleted user and a disabled one. Look-alike:
/// a review with a deleted reviewer and a live one.
fn dead_reviewers(g: &mut Gen) {
    let olga = g.member("gov-olga", "Olga Offboarded");
    g.user_mut(&olga)["accountEnabled"] = json!(false);
    let departed = guid("user:gov-departed-reviewer");
    let lead = guid("user:sec-lead");
    let kiosk = group(g, "gov-kiosk-operators", "Kiosk operators");
    let r = Review {
        key: "gov-kiosk-operators",
        name: "Quarterly review: Kiosk operators",
        status: "InProgress",
        scope: query(&format!(
            "/groups/{kiosk}/transitiveMembers/microsoft.graph.user"
        )),
        reviewers: json!([user_reviewer(&departed), user_reviewer(&olga)]),
        recurrence: quarterly(-100, None),
    };
    let inst = r.instance("2026-q4", (-5, 9), "InProgress", vec![]);
    let def = r.build(vec![inst]);
    g.expect("AR007", def["id"].as_str().unwrap_or_default());
    g.push("accessReviewDefinitions", def);
    let lobby = group(g, "gov-lobby-screens", "Lobby screens");
    let r = Review {
        key: "gov-lobby-screens",
        name: "Quarterly review: Lobby screens",
        status: "InProgress",
        scope: query(&format!(
            "/groups/{lobby}/transitiveMembers/microsoft.graph.user"
        )),
        reviewers: json!([user_reviewer(&departed), user_reviewer(&lead)]),
        recurrence: quarterly(-100, None),
    };
    let inst = r.instance("2026-q4", (-5, 9), "InProgress", vec![]);
    g.push("accessReviewDefinitions", r.build(vec![inst]));
}

struct Who {
    id: String,
    name: String,
    upn: String,
}

fn member(g: &mut Gen, key: &str, name: &str) -> Who {
    let id = g.member(key, name);
    Who {
        id,
        name: name.into(),
        upn: format!("{key}@contoso.example"),
    }
}

#[allow(clippy::too_many_arguments)]
fn decision(
    review: &str,
    inst: &str,
    key: &str,
    group: &str,
    who: &Who,
    choice: &str,
    result: &str,
    reviewed: i64,
) -> (String, Value) {
    let id = guid(&format!("review-decision:{review}:{inst}:{key}"));
    let lead = json!({"id": guid("user:sec-lead"), "displayName": "Sam Security-Lead", "userPrincipalName": "sec-lead@contoso.example"});
    let nobody = json!({"id": ZERO_GUID, "displayName": "", "userPrincipalName": ""});
    let is_reviewed = choice != "NotReviewed";
    let d = json!({
        "id": id, "accessReviewId": guid(&format!("review-instance:{review}:{inst}")),
        "reviewedDateTime": if is_reviewed { json!(days_from_now(reviewed)) } else { Value::Null },
        "decision": choice, "justification": if is_reviewed { "Reviewed" } else { "" },
        "appliedDateTime": Value::Null, "applyResult": result,
        "recommendation": if choice == "Deny" { "Deny" } else { "Approve" },
        "principalLink": format!("{GRAPH}/users/{}", who.id),
        "resourceLink": format!("{GRAPH}/groups/{group}"), "resource": null,
        "reviewedBy": if is_reviewed { lead } else { nobody.clone() },
        "appliedBy": nobody,
        "principal": {"@odata.type": "#microsoft.graph.userIdentity", "id": who.id,
                      "displayName": who.name, "userPrincipalName": who.upn}
    });
    (id, d)
}

/// AR008: a monthly review that does not auto-apply. Its August instance (ended 45 days ago,
/// Completed) holds an approval never applied; its July instance (Applied, ended 75 days ago)
/// a denial the service skipped. Look-alikes: the October instance (Completed, ended 20 days
/// ago) with an approval not applied yet, an unreviewed item, an approval in the Applied
/// instance.
fn unapplied(g: &mut Gen) {
    let key = "gov-warehouse-app";
    let warehouse = group(g, key, "Warehouse app users");
    let wes = member(g, "gov-wes", "Wes Warehouse");
    let wyn = member(g, "gov-wyn", "Wyn Warehouse");
    let will = member(g, "gov-will", "Will Warehouse");
    let r = Review {
        key,
        name: "Monthly review: Warehouse app",
        status: "InProgress",
        scope: query(&format!(
            "/groups/{warehouse}/transitiveMembers/microsoft.graph.user"
        )),
        reviewers: json!([user_reviewer(&guid("user:sec-lead"))]),
        recurrence: json!({"pattern": {"type": "absoluteMonthly", "interval": 1, "month": 0, "dayOfMonth": 0, "daysOfWeek": [],
                                       "firstDayOfWeek": "sunday", "index": "first"},
                           "range": {"type": "noEnd", "numberOfOccurrences": 0, "recurrenceTimeZone": null,
                                     "startDate": date(-120), "endDate": "9999-12-31"}}),
    };
    let (id, july_deny) = decision(key, "2026-07", "wes", &warehouse, &wes, "Deny", "New", -85);
    g.expect("AR008", &id);
    let (_, july_ok) = decision(
        key, "2026-07", "wyn", &warehouse, &wyn, "Approve", "New", -85,
    );
    let july = r.instance("2026-07", (-89, -75), "Applied", vec![july_deny, july_ok]);
    let (id, aug_approve) = decision(
        key, "2026-08", "wyn", &warehouse, &wyn, "Approve", "New", -55,
    );
    g.expect("AR008", &id);
    let (_, aug_unreviewed) = decision(
        key,
        "2026-08",
        "will",
        &warehouse,
        &will,
        "NotReviewed",
        "New",
        -55,
    );
    let aug = r.instance(
        "2026-08",
        (-59, -45),
        "Completed",
        vec![aug_approve, aug_unreviewed],
    );
    let (_, oct_approve) = decision(
        key, "2026-10", "wyn", &warehouse, &wyn, "Approve", "New", -30,
    );
    let oct = r.instance("2026-10", (-34, -20), "Completed", vec![oct_approve]);
    let now = r.instance("2026-11", (-4, 10), "InProgress", vec![]);
    g.push(
        "accessReviewDefinitions",
        r.build(vec![july, aug, oct, now]),
    );
}

/// EM011: an auto-assignment policy that keeps the access it assigned after a user stops
/// matching its rule. Look-alike: the same policy removing that access after a grace period.
/// (`em::plant`'s "Finance department (automatic)" is another look-alike.)
fn auto_assignment(g: &mut Gen) {
    let finance = json!({"id": guid("em:package:finance"), "displayName": "Finance reader"});
    for (key, name, remove) in [
        (
            "gov-finance-contractors-auto",
            "Finance contractors (automatic, keeps access)",
            false,
        ),
        (
            "gov-finance-interns-auto",
            "Finance interns (automatic)",
            true,
        ),
    ] {
        let id = push_policy(g, key, name, &finance, json!([]));
        let p = g
            .items_mut("accessPackageAssignmentPolicies")
            .last_mut()
            .expect("push_policy pushed a policy");
        p["allowedTargetScope"] = json!("specificDirectoryUsers");
        p["specificAllowedTargets"] = json!([{"@odata.type": "#microsoft.graph.attributeRuleMembers",
            "description": name, "membershipRule": "(user.department -eq \"Finance\")"}]);
        p["requestorSettings"]["enableTargetsToSelfAddAccess"] = json!(false);
        p["requestorSettings"]["enableTargetsToSelfRemoveAccess"] = json!(false);
        p["requestApprovalSettings"] = json!({"isApprovalRequiredForAdd": false, "isApprovalRequiredForUpdate": false,
                                              "isRequestorJustificationRequired": false, "stages": []});
        p["automaticRequestSettings"] = json!({
            "requestAccessForAllowedTargets": true, "removeAccessWhenTargetLeavesAllowedTargets": remove,
            "gracePeriodBeforeAccessRemoval": if remove { json!("P7D") } else { Value::Null }
        });
        if !remove {
            g.expect("EM011", &id);
        }
    }
}

/// EM012: a policy that approves new requests but lets requestors extend their own access
/// unapproved. Look-alikes: extensions approved too; extensions not self-service.
fn extensions_approval(g: &mut Gen) {
    let finance = json!({"id": guid("em:package:finance"), "displayName": "Finance reader"});
    let approvers = json!([{"@odata.type": "#microsoft.graph.groupMembers",
        "groupId": guid("group:gov-finance-approvers"), "description": "Finance approvers"}]);
    let fallback = json!([{"@odata.type": "#microsoft.graph.singleUser",
        "userId": guid("user:em-approver"), "description": "Amir Approver"}]);
    for (key, name, update_approved, self_update) in [
        (
            "gov-finance-extend-unapproved",
            "Finance - approved once, extend freely",
            false,
            true,
        ),
        (
            "gov-finance-extend-approved",
            "Finance - extensions approved",
            true,
            true,
        ),
        (
            "gov-finance-no-extensions",
            "Finance - no self-service extensions",
            false,
            false,
        ),
    ] {
        let id = push_policy(
            g,
            key,
            name,
            &finance,
            json!([stage(approvers.clone(), fallback.clone())]),
        );
        let p = g
            .items_mut("accessPackageAssignmentPolicies")
            .last_mut()
            .expect("push_policy pushed a policy");
        p["requestorSettings"]["enableTargetsToSelfUpdateAccess"] = json!(self_update);
        p["requestApprovalSettings"]["isApprovalRequiredForUpdate"] = json!(update_approved);
        if self_update && !update_approved {
            g.expect("EM012", &id);
        }
    }
}

const GLOBAL_ADMIN: &str = "62e90394-69f5-4237-9190-012177145e10";
const PRIVILEGED_ROLE_ADMIN: &str = "e8611ab8-c189-46e8-94e1-60213ab1f814";

/// AR009: a live quarterly review of Global Administrator whose decisions are not applied
/// automatically, and one of Privileged Role Administrator that approves every holder nobody
/// reviewed. Look-alikes: an auto-applied Global Administrator review defaulting to Deny, and a
/// one-time Global Administrator review without auto-apply. (`ar::plant` gives both roles
/// their own sane reviews too; none of these has instances, so no other AR rule judges them.)
fn privileged_review_settings(g: &mut Gen) {
    let lead = guid("user:sec-lead");
    let role = |id: &str| query(&format!("/roleManagement/directory/roleDefinitions/{id}"));
    let plants = [
        (
            "gov-ga-manual-apply",
            "Quarterly review: Global Administrator (manual apply)",
            GLOBAL_ADMIN,
            quarterly(-150, None),
            false,
            None,
            true,
        ),
        (
            "gov-pra-default-approve",
            "Quarterly review: Privileged Role Administrator",
            PRIVILEGED_ROLE_ADMIN,
            quarterly(-150, None),
            true,
            Some("Approve"),
            true,
        ),
        (
            "gov-ga-default-deny",
            "Quarterly review: Global Administrator (default deny)",
            GLOBAL_ADMIN,
            quarterly(-150, None),
            true,
            Some("Deny"),
            false,
        ),
        (
            "gov-ga-one-time",
            "Global Administrator attestation (one-time, manual apply)",
            GLOBAL_ADMIN,
            once(-3, 11),
            false,
            None,
            false,
        ),
    ];
    for (key, name, role_id, recurrence, auto_apply, default, violates) in plants {
        let r = Review {
            key,
            name,
            status: "InProgress",
            scope: role(role_id),
            reviewers: json!([user_reviewer(&lead)]),
            recurrence,
        };
        // An in-progress review always has its current instance (on time, nothing decided yet).
        let current = r.instance("current", (-3, 9), "InProgress", vec![]);
        let mut def = r.build(vec![current]);
        def["settings"]["autoApplyDecisionsEnabled"] = json!(auto_apply);
        if let Some(d) = default {
            def["settings"]["defaultDecisionEnabled"] = json!(true);
            def["settings"]["defaultDecision"] = json!(d);
        }
        if violates {
            g.expect("AR009", def["id"].as_str().unwrap_or_default());
        }
        g.push("accessReviewDefinitions", def);
    }
}
