package govlint.rules.acme001_test

import data.govlint.rules.acme001
import rego.v1

package_id := "6a1c7a4e-0000-4000-8000-000000000001"

policy(self_add, justification, approval) := {
	"id": "pol-1",
	"displayName": "Employees self-service",
	"allowedTargetScope": "allMemberUsers",
	"accessPackage": {"id": package_id},
	"requestorSettings": {"enableTargetsToSelfAddAccess": self_add, "enableOnBehalfRequestorsToAddAccess": false},
	"requestApprovalSettings": {
		"isApprovalRequiredForAdd": approval,
		"isApprovalRequiredForUpdate": approval,
		"isRequestorJustificationRequired": justification,
		"stages": [],
	},
}

tenant(policies) := {
	"collections": {"accessPackageAssignmentPolicies": policies},
	"index": {"accessPackages": {package_id: {"id": package_id, "displayName": "Finance reader"}}},
}

test_self_service_without_justification_is_flagged if {
	fs := acme001.findings with input as tenant([policy(true, false, false)])
	count(fs) == 1
	some f in fs
	f.object == {"collection": "accessPackageAssignmentPolicies", "id": "pol-1", "displayName": "Employees self-service"}
	f.message == "Assignment policy 'Employees self-service' of access package 'Finance reader' lets users request access for themselves without giving a justification, and nobody approves it."
	req := f.remediation.requests[0]
	req.method == "PUT"
	req.path == "/identityGovernance/entitlementManagement/assignmentPolicies/pol-1"
	req.body.requestApprovalSettings.isRequestorJustificationRequired == true
	req.body.requestApprovalSettings.isApprovalRequiredForAdd == false
	f.remediation.patch == {"requestApprovalSettings": object.union(policy(true, false, false).requestApprovalSettings, {"isRequestorJustificationRequired": true})}
}

test_approval_does_not_replace_justification if {
	fs := acme001.findings with input as tenant([policy(true, false, true)])
	some f in fs
	endswith(f.message, "without giving a justification.")
}

test_missing_approval_settings_is_flagged if {
	p := json.remove(policy(true, false, false), ["requestApprovalSettings"])
	fs := acme001.findings with input as tenant([p])
	some f in fs
	f.remediation.patch == {"requestApprovalSettings": {"isRequestorJustificationRequired": true}}
}

test_justification_required_is_clean if {
	count(acme001.findings) == 0 with input as tenant([policy(true, true, false)])
}

test_no_self_service_is_clean if {
	# Admin-assigned or automatic policies take no requests from the users themselves.
	count(acme001.findings) == 0 with input as tenant([policy(false, false, false)])
}

test_package_name_falls_back_to_the_embedded_one if {
	p := json.patch(policy(true, false, true), [{"op": "add", "path": "/accessPackage/displayName", "value": "Embedded name"}])
	fs := acme001.findings with input as {"collections": {"accessPackageAssignmentPolicies": [p]}, "index": {}}
	some f in fs
	contains(f.message, "access package 'Embedded name'")
}
