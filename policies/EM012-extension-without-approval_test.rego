package govlint.rules.em012_test

import data.govlint.rules.em012
import rego.v1

base := {"now": "2026-11-20T09:00:00Z", "now_ns": 0, "tenant": {"id": "t", "cloud": "global"}}

stage := {"durationBeforeAutomaticDenial": "P14D", "primaryApprovers": [{"@odata.type": "#microsoft.graph.requestorManager", "managerLevel": 1}]}

pol(id, add, update, self_update) := {
	"id": id, "displayName": sprintf("Policy %s", [id]), "description": "",
	"allowedTargetScope": "allMemberUsers", "specificAllowedTargets": [],
	"createdDateTime": "2025-01-01T00:00:00Z", "modifiedDateTime": "2025-01-01T00:00:00Z",
	"expiration": {"type": "afterDuration", "duration": "P90D", "endDateTime": null},
	"requestorSettings": {"enableTargetsToSelfAddAccess": true, "enableTargetsToSelfUpdateAccess": self_update, "enableOnBehalfRequestorsToAddAccess": false},
	"requestApprovalSettings": {"isApprovalRequiredForAdd": add, "isApprovalRequiredForUpdate": update, "isRequestorJustificationRequired": true, "stages": [stage]},
	"reviewSettings": null, "automaticRequestSettings": null,
	"accessPackage": {"id": "ap1", "displayName": "Finance reports"},
}

run(policies) := fs if {
	fs := em012.findings with input as object.union(base, {"collections": {"accessPackageAssignmentPolicies": policies}})
}

test_unapproved_extension_is_flagged if {
	fs := run([pol("p1", true, false, true)])
	count(fs) == 1
	some f in fs
	f.object == {"collection": "accessPackageAssignmentPolicies", "id": "p1", "displayName": "Policy p1"}
	f.related == [{"collection": "accessPackages", "id": "ap1", "displayName": "Finance reports"}]
	contains(f.message, "extend their access without approval")
	[req] := f.remediation.requests
	req.method == "PUT"
	req.path == "/identityGovernance/entitlementManagement/assignmentPolicies/p1"
	req.body.requestApprovalSettings.isApprovalRequiredForUpdate == true
	req.body.requestApprovalSettings.isApprovalRequiredForAdd == true
	req.body.requestApprovalSettings.stages == [stage]
	req.body.accessPackage == {"id": "ap1"}
}

test_approved_extension_is_clean if {
	count(run([pol("p2", true, true, true)])) == 0
}

test_extension_not_allowed_is_clean if {
	count(run([pol("p3", true, false, false)])) == 0
}

test_policy_without_any_approval_is_not_flagged if {
	# No approval for new requests either: EM002's concern for external policies, not this rule's.
	count(run([pol("p4", false, false, true)])) == 0
}

test_null_settings_are_not_flagged if {
	p := object.remove(pol("p5", true, false, true), ["requestApprovalSettings"])
	count(run([p, object.union(p, {"id": "p6", "requestApprovalSettings": null}), object.union(pol("p7", true, null, true), {})])) == 0
}
