package govlint.rules.em002_test

import data.govlint.rules.em002
import rego.v1

base := {"now": "2026-11-20T09:00:00Z", "now_ns": 0, "tenant": {"id": "t", "cloud": "global"}}

sponsor_stage := {
	"durationBeforeAutomaticDenial": "P14D", "isApproverJustificationRequired": true, "isEscalationEnabled": false,
	"durationBeforeEscalation": "PT0S", "approverInformationVisibility": "default",
	"primaryApprovers": [{"@odata.type": "#microsoft.graph.internalSponsors"}],
	"fallbackPrimaryApprovers": [], "escalationApprovers": [], "fallbackEscalationApprovers": [],
}

pol(id, overrides) := object.union(
	{
		"id": id, "displayName": sprintf("Policy %s", [id]), "description": "",
		"allowedTargetScope": "allExternalUsers", "specificAllowedTargets": [],
		"createdDateTime": "2025-01-01T00:00:00Z", "modifiedDateTime": "2025-01-01T00:00:00Z",
		"expiration": {"type": "afterDuration", "duration": "P90D", "endDateTime": null},
		"requestorSettings": {"enableTargetsToSelfAddAccess": true, "enableOnBehalfRequestorsToAddAccess": false},
		"requestApprovalSettings": {"isApprovalRequiredForAdd": true, "isApprovalRequiredForUpdate": true, "stages": [sponsor_stage]},
		"reviewSettings": null, "automaticRequestSettings": null,
		"accessPackage": {"id": "ap1", "displayName": "Partner project"},
	},
	overrides,
)

run(policies) := fs if {
	fs := em002.findings with input as object.union(base, {"collections": {"accessPackageAssignmentPolicies": policies}})
}

no_approval := {"requestApprovalSettings": {"isApprovalRequiredForAdd": false, "isApprovalRequiredForUpdate": false, "stages": []}}

test_external_policy_without_approval_is_flagged if {
	fs := run([pol("p1", no_approval)])
	count(fs) == 1
	some f in fs
	f.object == {"collection": "accessPackageAssignmentPolicies", "id": "p1", "displayName": "Policy p1"}
	f.related == [{"collection": "accessPackages", "id": "ap1", "displayName": "Partner project"}]
	f.message == "Assignment policy 'Policy p1' of access package 'Partner project' lets external users (allExternalUsers) get access without approval: approval is not required for new requests."
	contains(f.remediation.summary, "{fallback-approver-user-id}")
	[req] := f.remediation.requests
	req.method == "PUT"
	req.path == "/identityGovernance/entitlementManagement/assignmentPolicies/p1"
	req.body.requestApprovalSettings.isApprovalRequiredForAdd == true
	[stage] := req.body.requestApprovalSettings.stages
	stage.primaryApprovers == [{"@odata.type": "#microsoft.graph.internalSponsors"}]
	stage.fallbackPrimaryApprovers[0].userId == "{fallback-approver-user-id}"
	f.remediation.patch.requestApprovalSettings.stages == [stage]
}

test_external_policy_with_sponsor_approval_is_clean if {
	count(run([pol("p2", {})])) == 0
}

test_internal_policy_without_approval_is_not_flagged if {
	count(run([pol("p3", object.union(no_approval, {"allowedTargetScope": "allMemberUsers"}))])) == 0
	count(run([pol("p4", object.union(no_approval, {"allowedTargetScope": "allDirectoryUsers"}))])) == 0
}

test_every_external_scope_counts if {
	fs := run([
		pol("c1", object.union(no_approval, {"allowedTargetScope": "specificConnectedOrganizationUsers"})),
		pol("c2", object.union(no_approval, {"allowedTargetScope": "allConfiguredConnectedOrganizationUsers"})),
		pol("c3", object.union(no_approval, {"allowedTargetScope": "AllExternalUsers"})),
	])
	{f.object.id | some f in fs} == {"c1", "c2", "c3"}
}

test_missing_approval_settings_is_flagged if {
	fs := run([pol("p5", {"requestApprovalSettings": null})])
	some f in fs
	endswith(f.message, "without approval: it has no approval settings.")
	# The merge patch replaces the null settings; the diff shows the new object.
	f.remediation.before.requestApprovalSettings == null
}

test_stages_without_primary_approvers_are_flagged if {
	empty_stage := object.union(sponsor_stage, {"primaryApprovers": []})
	fs := run([
		pol("p6", {"requestApprovalSettings": {"isApprovalRequiredForAdd": true, "stages": []}}),
		pol("p7", {"requestApprovalSettings": {"isApprovalRequiredForAdd": true, "stages": [empty_stage]}}),
		pol("p8", {"requestApprovalSettings": {"isApprovalRequiredForAdd": true, "stages": [object.union(sponsor_stage, {"primaryApprovers": null})]}}),
	])
	{f.object.id | some f in fs} == {"p6", "p7", "p8"}
	every f in fs {
		endswith(f.message, "approval is required but no stage names a primary approver.")
	}
}

test_policy_accepting_no_requests_is_not_flagged if {
	closed := object.union(no_approval, {"requestorSettings": {"enableTargetsToSelfAddAccess": false, "enableOnBehalfRequestorsToAddAccess": false}})
	count(run([pol("p9", closed)])) == 0

	# Only self-service off, on-behalf requests still possible: flagged.
	on_behalf := object.union(no_approval, {"requestorSettings": {"enableTargetsToSelfAddAccess": false, "enableOnBehalfRequestorsToAddAccess": true}})
	count(run([pol("p10", on_behalf)])) == 1
}

test_null_scope_does_not_break_the_rule if {
	count(run([pol("p11", object.union(no_approval, {"allowedTargetScope": null}))])) == 0
}
