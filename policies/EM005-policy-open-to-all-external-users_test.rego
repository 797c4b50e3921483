package govlint.rules.em005_test

import data.govlint.rules.em005
import rego.v1

base := {"now": "2026-11-20T09:00:00Z", "now_ns": 0, "tenant": {"id": "t", "cloud": "global"}}

pol(id, overrides) := object.union(
	{
		"id": id, "displayName": sprintf("Policy %s", [id]), "description": "",
		"allowedTargetScope": "allExternalUsers", "specificAllowedTargets": [],
		"createdDateTime": "2025-01-01T00:00:00Z", "modifiedDateTime": "2025-01-01T00:00:00Z",
		"expiration": {"type": "afterDuration", "duration": "P90D", "endDateTime": null},
		"requestorSettings": {"enableTargetsToSelfAddAccess": true, "enableOnBehalfRequestorsToAddAccess": false},
		"requestApprovalSettings": {"isApprovalRequiredForAdd": true, "isApprovalRequiredForUpdate": true, "stages": []},
		"reviewSettings": null, "automaticRequestSettings": null,
		"accessPackage": {"id": "ap1", "displayName": "Partner project"},
	},
	overrides,
)

run(policies) := fs if {
	fs := em005.findings with input as object.union(base, {"collections": {"accessPackageAssignmentPolicies": policies}})
}

test_policy_open_to_all_external_users_is_flagged if {
	fs := run([pol("p1", {})])
	count(fs) == 1
	some f in fs
	f.object == {"collection": "accessPackageAssignmentPolicies", "id": "p1", "displayName": "Policy p1"}
	f.related == [{"collection": "accessPackages", "id": "ap1", "displayName": "Partner project"}]
	contains(f.message, "accepts requests from any external user (allExternalUsers)")
	[req] := f.remediation.requests
	req.method == "PUT"
	req.path == "/identityGovernance/entitlementManagement/assignmentPolicies/p1"
	req.body.allowedTargetScope == "allConfiguredConnectedOrganizationUsers"
	req.body.accessPackage == {"id": "ap1"}
	f.remediation.patch.allowedTargetScope == "allConfiguredConnectedOrganizationUsers"
}

test_connected_organization_scopes_are_clean if {
	count(run([
		pol("p2", {"allowedTargetScope": "allConfiguredConnectedOrganizationUsers"}),
		pol("p3", {"allowedTargetScope": "specificConnectedOrganizationUsers"}),
		pol("p4", {"allowedTargetScope": "allMemberUsers"}),
		pol("p5", {"allowedTargetScope": null}),
	])) == 0
}

test_casing_does_not_matter if {
	count(run([pol("p6", {"allowedTargetScope": "AllExternalUsers"})])) == 1
}

test_policy_accepting_no_requests_is_not_flagged if {
	closed := {"requestorSettings": {"enableTargetsToSelfAddAccess": false, "enableOnBehalfRequestorsToAddAccess": false}}
	count(run([pol("p7", closed)])) == 0
	on_behalf := {"requestorSettings": {"enableTargetsToSelfAddAccess": false, "enableOnBehalfRequestorsToAddAccess": true}}
	count(run([pol("p8", on_behalf)])) == 1
}
