package govlint.rules.em011_test

import data.govlint.rules.em011
import rego.v1

base := {"now": "2026-11-20T09:00:00Z", "now_ns": 0, "tenant": {"id": "t", "cloud": "global"}}

auto(remove) := {
	"requestAccessForAllowedTargets": true, "removeAccessWhenTargetLeavesAllowedTargets": remove,
	"gracePeriodBeforeAccessRemoval": "P7D",
}

pol(id, ars) := 
	{
		"id": id, "displayName": sprintf("Policy %s", [id]), "description": "",
		"allowedTargetScope": "specificDirectoryUsers", "specificAllowedTargets": [],
		"createdDateTime": "2025-01-01T00:00:00Z", "modifiedDateTime": "2025-01-01T00:00:00Z",
		"expiration": {"type": "noExpiration", "duration": null, "endDateTime": null},
		"requestorSettings": {"enableTargetsToSelfAddAccess": false, "enableOnBehalfRequestorsToAddAccess": false},
		"requestApprovalSettings": {"isApprovalRequiredForAdd": false, "isApprovalRequiredForUpdate": false, "stages": []},
		"reviewSettings": null, "automaticRequestSettings": ars,
		"accessPackage": {"id": "ap1", "displayName": "Sales tools"},
	}

run(policies) := fs if {
	fs := em011.findings with input as object.union(base, {"collections": {"accessPackageAssignmentPolicies": policies}})
}

test_auto_assignment_keeping_access_is_flagged if {
	fs := run([pol("p1", auto(false))])
	count(fs) == 1
	some f in fs
	f.object == {"collection": "accessPackageAssignmentPolicies", "id": "p1", "displayName": "Policy p1"}
	f.related == [{"collection": "accessPackages", "id": "ap1", "displayName": "Sales tools"}]
	contains(f.message, "removeAccessWhenTargetLeavesAllowedTargets false")
	[req] := f.remediation.requests
	req.method == "PUT"
	req.path == "/identityGovernance/entitlementManagement/assignmentPolicies/p1"
	req.body.automaticRequestSettings.removeAccessWhenTargetLeavesAllowedTargets == true
	req.body.automaticRequestSettings.gracePeriodBeforeAccessRemoval == "P7D"
	req.body.accessPackage == {"id": "ap1"}
}

test_auto_assignment_removing_access_is_clean if {
	count(run([pol("p2", auto(true))])) == 0
}

test_request_policies_are_not_auto_assignment if {
	# automaticRequestSettings null: a request-based policy, whatever else it says.
	count(run([pol("p3", null)])) == 0
}

test_missing_or_null_setting_is_not_flagged if {
	count(run([
		pol("p4", {"requestAccessForAllowedTargets": true}),
		pol("p5", auto(null)),
	])) == 0
}
