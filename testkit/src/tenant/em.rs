//! Plants for the EM rules: violations next to clean look-alikes.
//!
//! A small but complete entitlement management setup in Graph v1.0 shapes: two catalogs (with
//! their resources and custom extensions), four access packages (with their catalog and resource
//! role scopes; one has no resources yet),
//! their assignment policies, a few assignments and five connected organizations.
//!
//! | policy | scope | expiration | approval | review | expects |
//! |---|---|---|---|---|---|
//! | Partners - connected organizations | all connected orgs | 180 days | internal sponsors | quarterly | clean |
//! | Partners - any external (self-service) | all external | 90 days | none | none | EM002, EM003 |
//! | Partners - closed to new requests | all external | 90 days | none | quarterly | clean (accepts no requests) |
//! | Vendors from Fabrikam | one connected org | never | stage without approvers | quarterly | EM001, EM002 |
//! | Vendors - contractors | all connected orgs | fixed date | internal sponsors | not recurring | EM003 |
//! | Employees self-service | all members | notSpecified | none | none | EM001 (internal: not EM002/EM003) |
//! | Finance department (auto) | attribute rule | never | - | - | clean (auto-assignment) |
//! | Admin direct assignment | admins only | 365 days | - | - | clean |

use serde_json::{json, Value};

use super::{days_from_now, guid, Gen};

pub fn plant(g: &mut Gen) {
    let sponsor = guid("user:sponsor");
    let sponsor_group = guid("group:guest-sponsors");
    let approver = g.member("em-approver", "Amir Approver");
    let analyst = g.member("em-analyst", "Farah Finance-Analyst");
    let controller = g.member("em-controller", "Carl Controller");
    let vendor = g.guest("em-vendor", "Vera Vendor", &sponsor);
    let litware_contact = g.guest("em-litware", "Lin Litware", &sponsor);

    // Connected organizations. EM004: Northwind (configured) and Tailspin (proposed) have no
    // sponsor at all. Look-alikes: Fabrikam has a user as internal sponsor, Woodgrove only a
    // group (a group is a sponsor), Litware only an external sponsor.
    let fabrikam = connected_org(
        "fabrikam",
        "Fabrikam",
        "configured",
        json!([{"@odata.type": "#microsoft.graph.user", "id": sponsor, "displayName": "Sara Sponsor"}]),
        json!([]),
    );
    g.push("connectedOrganizations", fabrikam);
    let fabrikam_id = guid("em:org:fabrikam");
    for (key, name, state) in [
        ("northwind", "Northwind Traders", "configured"),
        ("tailspin", "Tailspin Toys", "proposed"),
    ] {
        g.push(
            "connectedOrganizations",
            connected_org(key, name, state, json!([]), json!([])),
        );
        g.expect("EM004", &guid(&format!("em:org:{key}")));
    }
    g.push(
        "connectedOrganizations",
        connected_org(
            "woodgrove",
            "Woodgrove Bank",
            "configured",
            json!([{"@odata.type": "#microsoft.graph.group", "id": sponsor_group, "displayName": "Guest sponsors"}]),
            json!([]),
        ),
    );
    g.push(
        "connectedOrganizations",
        connected_org(
            "litware",
            "Litware",
            "configured",
            json!([]),
            json!([{"@odata.type": "#microsoft.graph.user", "id": litware_contact, "displayName": "Lin Litware"}]),
        ),
    );

    // Catalogs with their resources and custom extensions.
    let partners = guid("em:catalog:partners");
    let internal = guid("em:catalog:internal");
    let project_group = guid("group:em-project-tango");
    let finance_group = guid("group:em-finance-readers");
    let expense_app = guid("sp:em-expense-app");
    let partners_catalog = json!({
        "id": partners, "displayName": "Partner collaboration", "description": "Resources shared with partner organizations",
        "catalogType": "userManaged", "state": "published", "isExternallyVisible": true,
        "createdDateTime": days_from_now(-900), "modifiedDateTime": days_from_now(-120),
        "resources": [
            resource("tango-group", "Project Tango", "AadGroup", &project_group),
            resource("tango-site", "Project Tango site", "SharePointOnline", "https://contoso.sharepoint.com/sites/tango"),
        ],
        "customWorkflowExtensions": [{
            "@odata.type": "#microsoft.graph.accessPackageAssignmentRequestWorkflowExtension",
            "id": guid("em:extension:ticketing"), "displayName": "notify-ticketing", "description": "Open a ticket on request",
            "createdDateTime": days_from_now(-400), "lastModifiedDateTime": days_from_now(-400),
            "clientConfiguration": null,
            "endpointConfiguration": {
                "@odata.type": "#microsoft.graph.logicAppTriggerEndpointConfiguration",
                "subscriptionId": guid("em:subscription"), "resourceGroupName": "rg-governance", "logicAppWorkflowName": "elm-ticketing",
                "url": "https://prod-31.westeurope.logic.azure.com:443/workflows/0d1e2f3a/triggers/manual/paths/invoke?api-version=2016-10-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=demo-not-a-secret"
            },
            "authenticationConfiguration": {"@odata.type": "#microsoft.graph.azureAdPopTokenAuthentication"},
            "callbackConfiguration": {"@odata.type": "#microsoft.graph.customExtensionCallbackConfiguration", "timeoutDuration": "PT1H"}
        }]
    });
    g.push("accessPackageCatalogs", partners_catalog.clone());
    let internal_catalog = json!({
        "id": internal, "displayName": "Internal tools", "description": "Finance and expense tools for employees",
        "catalogType": "userManaged", "state": "published", "isExternallyVisible": false,
        "createdDateTime": days_from_now(-800), "modifiedDateTime": days_from_now(-60),
        "resources": [
            resource("finance-group", "Finance readers", "AadGroup", &finance_group),
            resource("expense-app", "Expense app", "AadApplication", &expense_app),
        ],
        "customWorkflowExtensions": []
    });
    g.push("accessPackageCatalogs", internal_catalog.clone());

    // Access packages with their resource role scopes.
    let tango = access_package(
        "tango",
        "Partner project access",
        "Project Tango group and site for partners",
        &[("tango-group", "Member", "AadGroup", &project_group)],
    );
    let vendor_portal = access_package(
        "vendor-portal",
        "Vendor portal",
        "Project Tango membership for vendors",
        &[("tango-group", "Member", "AadGroup", &project_group)],
    );
    let finance = access_package(
        "finance",
        "Finance reader",
        "Read access to finance reports and the expense app",
        &[
            ("finance-group", "Member", "AadGroup", &finance_group),
            ("expense-app", "User", "AadApplication", &expense_app),
        ],
    );
    let tango_ref = json!({"id": tango["id"], "displayName": tango["displayName"]});
    let vendor_ref =
        json!({"id": vendor_portal["id"], "displayName": vendor_portal["displayName"]});
    let finance_ref = json!({"id": finance["id"], "displayName": finance["displayName"]});
    // Set up but not stocked yet: a package with no resources is still in its catalog.
    let onboarding = access_package(
        "contractor-onboarding",
        "Contractor onboarding",
        "Resources to be added once the onboarding process is agreed",
        &[],
    );
    let catalog_of = [
        (tango, &partners_catalog),
        (vendor_portal, &partners_catalog),
        (finance, &internal_catalog),
        (onboarding, &internal_catalog),
    ];
    for (mut ap, catalog) in catalog_of {
        ap["catalog"] = catalog_nav(catalog);
        g.push("accessPackages", ap);
    }

    let fallback = json!({"@odata.type": "#microsoft.graph.singleUser", "userId": approver, "description": "Amir Approver"});
    let sponsors_approve = approval(
        json!([{"@odata.type": "#microsoft.graph.internalSponsors"}]),
        fallback.clone(),
    );
    let quarterly = quarterly_review(&approver);

    // Clean: external, sponsor approval, quarterly review, expires.
    let partners_ok = policy(
        "partners-connected",
        "Partners - connected organizations",
        &tango_ref,
        "allConfiguredConnectedOrganizationUsers",
        json!([]),
        after_days("P180D"),
        requestors(true),
        sponsors_approve.clone(),
        quarterly.clone(),
    );
    // EM002 + EM003: open to any external user, no approval, no review (it does expire).
    let partners_open = policy(
        "partners-open",
        "Partners - any external (self-service)",
        &tango_ref,
        "allExternalUsers",
        json!([]),
        after_days("P90D"),
        requestors(true),
        no_approval(),
        Value::Null,
    );
    g.expect("EM002", &partners_open.0);
    g.expect("EM003", &partners_open.0);
    // Clean: external and without approval, but closed to new requests (EM002 exempt); its
    // existing assignments are still reviewed quarterly.
    let partners_closed = policy(
        "partners-closed",
        "Partners - closed to new requests",
        &tango_ref,
        "allExternalUsers",
        json!([]),
        after_days("P90D"),
        requestors(false),
        no_approval(),
        quarterly.clone(),
    );
    // EM001 + EM002: one connected organization, assignments never expire, approval "required"
    // by a stage that names no approver.
    let empty_stage = approval(json!([]), json!(null));
    let fabrikam_vendors = policy(
        "fabrikam-vendors",
        "Vendors from Fabrikam",
        &vendor_ref,
        "specificConnectedOrganizationUsers",
        json!([{"@odata.type": "#microsoft.graph.connectedOrganizationMembers", "connectedOrganizationId": fabrikam_id, "description": "Fabrikam"}]),
        json!({"type": "noExpiration", "duration": null, "endDateTime": null}),
        requestors(true),
        empty_stage,
        quarterly.clone(),
    );
    g.expect("EM001", &fabrikam_vendors.0);
    g.expect("EM002", &fabrikam_vendors.0);
    // EM003: reviews turned on but never recurring.
    let mut one_off = quarterly.clone();
    one_off["schedule"]["recurrence"] = json!(null);
    let contractors = policy(
        "contractors",
        "Vendors - contractors",
        &vendor_ref,
        "allConfiguredConnectedOrganizationUsers",
        json!([]),
        json!({"type": "afterDateTime", "endDateTime": days_from_now(120), "duration": null}),
        requestors(true),
        sponsors_approve,
        one_off,
    );
    g.expect("EM003", &contractors.0);
    // EM001: internal self-service without an expiration (notSpecified). Not EM002/EM003:
    // members only, so no approval or review is demanded by these rules.
    let employees = policy(
        "employees",
        "Employees self-service",
        &finance_ref,
        "allMemberUsers",
        json!([]),
        json!({"type": "notSpecified", "duration": null, "endDateTime": null}),
        requestors(true),
        no_approval(),
        Value::Null,
    );
    g.expect("EM001", &employees.0);
    // Clean: an auto-assignment policy never expires; it follows its membership rule.
    let mut auto = policy(
        "finance-auto",
        "Finance department (automatic)",
        &finance_ref,
        "specificDirectoryUsers",
        json!([{"@odata.type": "#microsoft.graph.attributeRuleMembers", "description": "Finance department", "membershipRule": "(user.department -eq \"Finance\")"}]),
        json!({"type": "noExpiration", "duration": null, "endDateTime": null}),
        requestors(false),
        no_approval(),
        Value::Null,
    );
    auto.1["automaticRequestSettings"] = json!({
        "requestAccessForAllowedTargets": true, "removeAccessWhenTargetLeavesAllowedTargets": true,
        "gracePeriodBeforeAccessRemoval": "P7D"
    });
    // Clean: admin-only direct assignment that expires after a year.
    let direct = policy(
        "finance-direct",
        "Admin direct assignment",
        &finance_ref,
        "notSpecified",
        json!([]),
        after_days("P365D"),
        requestors(false),
        no_approval(),
        Value::Null,
    );

    // Assignments delivered through some of the policies (and one that expired).
    let assignments = [
        (
            "vendor-tango",
            &vendor,
            "Vera Vendor",
            &partners_ok,
            &tango_ref,
            "delivered",
            json!({"type": "afterDateTime", "endDateTime": days_from_now(150), "duration": null}),
        ),
        (
            "litware-open",
            &litware_contact,
            "Lin Litware",
            &partners_open,
            &tango_ref,
            "delivered",
            json!({"type": "afterDateTime", "endDateTime": days_from_now(40), "duration": null}),
        ),
        (
            "analyst-finance",
            &analyst,
            "Farah Finance-Analyst",
            &employees,
            &finance_ref,
            "delivered",
            json!({"type": "noExpiration", "endDateTime": null, "duration": null}),
        ),
        (
            "controller-auto",
            &controller,
            "Carl Controller",
            &auto,
            &finance_ref,
            "delivered",
            json!({"type": "noExpiration", "endDateTime": null, "duration": null}),
        ),
        (
            "vendor-expired",
            &vendor,
            "Vera Vendor",
            &contractors,
            &vendor_ref,
            "expired",
            json!({"type": "afterDateTime", "endDateTime": days_from_now(-30), "duration": null}),
        ),
    ];
    for (key, target, name, (policy_id, _), ap, state, expiration) in assignments {
        let expired = state == "expired";
        g.push("accessPackageAssignments", json!({
            "id": guid(&format!("em:assignment:{key}")),
            "state": state, "status": if expired { "ExpiredNotificationTriggered" } else { "Delivered" },
            "expiredDateTime": if expired { json!(days_from_now(-30)) } else { json!(null) },
            "schedule": {"startDateTime": days_from_now(-60), "expiration": expiration, "recurrence": null},
            "customExtensionCalloutInstances": [],
            "target": {
                "id": guid(&format!("em:subject:{target}")), "objectId": target, "displayName": name,
                "email": null, "principalName": null, "onPremisesSecurityIdentifier": null,
                "subjectType": "user", "subjectLifecycle": "governed"
            },
            "accessPackage": {"id": ap["id"]},
            "assignmentPolicy": {"id": policy_id}
        }));
    }

    for (_, p) in [
        partners_ok,
        partners_open,
        partners_closed,
        fabrikam_vendors,
        contractors,
        employees,
        auto,
        direct,
    ] {
        g.push("accessPackageAssignmentPolicies", p);
    }
}

fn connected_org(key: &str, name: &str, state: &str, internal: Value, external: Value) -> Value {
    json!({
        "id": guid(&format!("em:org:{key}")), "displayName": name,
        "description": format!("{name} ({key}.example)"),
        "state": state, "createdDateTime": days_from_now(-500), "modifiedDateTime": days_from_now(-90),
        "identitySources": [{"@odata.type": "#microsoft.graph.azureActiveDirectoryTenant", "tenantId": guid(&format!("tenant:{key}")), "displayName": name}],
        "internalSponsors": internal, "externalSponsors": external
    })
}

fn resource(key: &str, name: &str, origin_system: &str, origin_id: &str) -> Value {
    json!({
        "id": guid(&format!("em:resource:{key}")), "displayName": name, "description": null,
        "originId": origin_id, "originSystem": origin_system, "attributes": [],
        "createdDateTime": days_from_now(-700), "modifiedDateTime": days_from_now(-700)
    })
}

/// A catalog as Graph embeds it under an access package (`$expand=catalog`): its own
/// properties, without its navigations.
pub(super) fn catalog_nav(catalog: &Value) -> Value {
    let mut nav = catalog.clone();
    if let Some(o) = nav.as_object_mut() {
        o.remove("resources");
        o.remove("customWorkflowExtensions");
    }
    nav
}

/// An access package; `roles` are (resource key, role name, origin system, origin id).
fn access_package(
    key: &str,
    name: &str,
    description: &str,
    roles: &[(&str, &str, &str, &str)],
) -> Value {
    let scopes: Vec<Value> = roles
        .iter()
        .map(|(resource_key, role, system, origin)| {
            let role_id = guid(&format!("em:role:{resource_key}:{role}"));
            let scope_id = guid(&format!("em:scope:{resource_key}"));
            json!({
                "id": format!("{role_id}_{scope_id}"), "createdDateTime": days_from_now(-600),
                "role": {"id": role_id, "displayName": role, "description": null, "originSystem": system,
                         "originId": format!("{role}_{origin}")},
                "scope": {"id": scope_id, "displayName": "Root", "description": "Root Scope", "originId": origin,
                          "originSystem": system, "isRootScope": true}
            })
        })
        .collect();
    json!({
        "id": guid(&format!("em:package:{key}")), "displayName": name, "description": description, "isHidden": false,
        "createdDateTime": days_from_now(-600), "modifiedDateTime": days_from_now(-100),
        "resourceRoleScopes": scopes
    })
}

fn after_days(duration: &str) -> Value {
    json!({"type": "afterDuration", "duration": duration, "endDateTime": null})
}

/// Requestor settings: self-service on or off (off: admins assign, or nobody can request).
fn requestors(self_service: bool) -> Value {
    json!({
        "enableTargetsToSelfAddAccess": self_service, "enableTargetsToSelfUpdateAccess": false,
        "enableTargetsToSelfRemoveAccess": self_service, "allowCustomAssignmentSchedule": false,
        "enableOnBehalfRequestorsToAddAccess": false, "enableOnBehalfRequestorsToUpdateAccess": false,
        "enableOnBehalfRequestorsToRemoveAccess": false, "onBehalfRequestors": []
    })
}

fn approval(primary: Value, fallback: Value) -> Value {
    let fallback = if fallback.is_null() {
        json!([])
    } else {
        json!([fallback])
    };
    json!({
        "isApprovalRequiredForAdd": true, "isApprovalRequiredForUpdate": true, "isRequestorJustificationRequired": true,
        "stages": [{
            "durationBeforeAutomaticDenial": "P14D", "isApproverJustificationRequired": true, "isEscalationEnabled": false,
            "durationBeforeEscalation": "PT0S", "approverInformationVisibility": "default",
            "primaryApprovers": primary, "fallbackPrimaryApprovers": fallback,
            "escalationApprovers": [], "fallbackEscalationApprovers": []
        }]
    })
}

fn no_approval() -> Value {
    json!({"isApprovalRequiredForAdd": false, "isApprovalRequiredForUpdate": false, "isRequestorJustificationRequired": false, "stages": []})
}

fn quarterly_review(fallback_reviewer: &str) -> Value {
    json!({
        "isEnabled": true, "expirationBehavior": "removeAccess", "isRecommendationEnabled": true,
        "isReviewerJustificationRequired": true, "isSelfReview": false,
        "schedule": {
            "startDateTime": days_from_now(-260),
            "expiration": {"type": "afterDuration", "duration": "P14D", "endDateTime": null},
            "recurrence": {
                "pattern": {"type": "absoluteMonthly", "interval": 3, "month": 0, "dayOfMonth": 0, "daysOfWeek": [], "firstDayOfWeek": "sunday", "index": "first"},
                "range": {"type": "noEnd", "numberOfOccurrences": 0, "recurrenceTimeZone": null, "startDate": null, "endDate": null}
            }
        },
        "primaryReviewers": [{"@odata.type": "#microsoft.graph.targetUserSponsors"}],
        "fallbackReviewers": [{"@odata.type": "#microsoft.graph.singleUser", "userId": fallback_reviewer, "description": "Amir Approver"}]
    })
}

/// An assignment policy in Graph v1.0 shape; returns its id and the object.
#[allow(clippy::too_many_arguments)]
fn policy(
    key: &str,
    name: &str,
    access_package: &Value,
    scope: &str,
    targets: Value,
    expiration: Value,
    requestor_settings: Value,
    approval: Value,
    review: Value,
) -> (String, Value) {
    let id = guid(&format!("em:policy:{key}"));
    let p = json!({
        "id": id, "displayName": name, "description": name,
        "allowedTargetScope": scope, "specificAllowedTargets": targets,
        "createdDateTime": days_from_now(-500), "modifiedDateTime": days_from_now(-45),
        "expiration": expiration,
        "requestorSettings": requestor_settings,
        "requestApprovalSettings": approval,
        "reviewSettings": review,
        "automaticRequestSettings": null,
        "accessPackage": access_package
    });
    (id, p)
}
