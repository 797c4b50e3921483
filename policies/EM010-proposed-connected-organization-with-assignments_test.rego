package govlint.rules.em010_test

import data.govlint.rules.em010
import rego.v1

org(id, state, domain) := {
	"id": id, "displayName": sprintf("Org %s", [id]), "state": state,
	"identitySources": [{"@odata.type": "#microsoft.graph.domainIdentitySource", "domainName": domain, "displayName": domain}],
}

assignment(id, state, email, org_id) := {
	"id": id, "state": state,
	"target": {"id": sprintf("s-%s", [id]), "objectId": sprintf("u-%s", [id]), "displayName": sprintf("User %s", [id]), "email": email, "principalName": email, "connectedOrganization": org_id},
	"accessPackage": {"id": "ap1"},
}

run(orgs, assignments) := fs if {
	fs := em010.findings with input as {"now": "2026-11-20T09:00:00Z", "collections": {"connectedOrganizations": orgs, "accessPackageAssignments": assignments}}
}

test_proposed_org_with_delivered_assignment_is_flagged if {
	fs := run([org("o1", "proposed", "tailspin.example")], [assignment("a1", "delivered", "ty@Tailspin.example", null)])
	count(fs) == 1
	some f in fs
	f.object == {"collection": "connectedOrganizations", "id": "o1", "displayName": "Org o1"}
	f.related == [{"collection": "users", "id": "u-a1", "displayName": "User a1"}]
	f.message == "Connected organization 'Org o1' is only proposed (nobody has vetted it) but 1 of its user(s) (User a1) hold 1 delivered access package assignment(s)."
	f.remediation.requests == [{"method": "POST", "path": "/identityGovernance/entitlementManagement/assignmentRequests", "body": {"requestType": "adminRemove", "assignment": {"id": "a1"}}}]
	f.remediation.after.deliveredAssignments == []
}

test_configured_org_and_expired_assignments_are_clean if {
	count(run(
		[org("o1", "configured", "fabrikam.example"), org("o2", "proposed", "tailspin.example")],
		[
			assignment("a1", "delivered", "x@fabrikam.example", null),
			assignment("a2", "expired", "y@tailspin.example", null),
			assignment("a3", "delivered", "z@other.example", null),
		],
	)) == 0
}

test_expanded_connected_organization_is_used if {
	fs := run([org("o3", "Proposed", "litware.example")], [
		assignment("a4", "partiallyDelivered", null, {"id": "o3"}),
		assignment("a5", "delivered", "w@litware.example", null),
	])
	some f in fs
	count(f.remediation.requests) == 2
	contains(f.message, "2 of its user(s) (User a4, User a5)")
}

test_proposed_org_without_assignments_and_nulls if {
	count(run([org("o4", "proposed", "tailspin.example"), {"id": "o5", "state": null, "identitySources": null}], [{"id": "a6", "state": "delivered", "target": null}])) == 0
}
