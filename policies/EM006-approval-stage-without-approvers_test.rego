package govlint.rules.em006_test

import data.govlint.rules.em006
import rego.v1

base := {"now": "2026-11-20T09:00:00Z", "now_ns": 0, "tenant": {"id": "t", "cloud": "global"}}

amir := "u-amir"

gone := "u-gone"

managers := "g-managers"

user(id) := {"@odata.type": "#microsoft.graph.singleUser", "userId": id, "description": sprintf("User %s", [id])}

group(id) := {"@odata.type": "#microsoft.graph.groupMembers", "groupId": id, "description": ""}

stage(primary, fallback) := {
	"durationBeforeAutomaticDenial": "P14D", "isApproverJustificationRequired": true, "isEscalationEnabled": false,
	"durationBeforeEscalation": "PT0S", "primaryApprovers": primary, "fallbackPrimaryApprovers": fallback,
	"escalationApprovers": [], "fallbackEscalationApprovers": [],
}

pol(id, scope, stages) := {
	"id": id, "displayName": sprintf("Policy %s", [id]), "allowedTargetScope": scope, "specificAllowedTargets": [],
	"requestorSettings": {"enableTargetsToSelfAddAccess": true, "enableOnBehalfRequestorsToAddAccess": false},
	"requestApprovalSettings": {"isApprovalRequiredForAdd": true, "isApprovalRequiredForUpdate": false, "stages": stages},
	"accessPackage": {"id": "ap1", "displayName": "Finance"},
}

run(policies) := fs if {
	fs := em006.findings with input as object.union(base, {
		"collections": {"accessPackageAssignmentPolicies": policies},
		"index": {"users": {amir: {"id": amir}}, "groups": {managers: {"id": managers}}},
	})
}

test_deleted_approver_is_flagged_and_replaced_by_placeholder if {
	fs := run([pol("p1", "allMemberUsers", [stage([user(gone)], [user(amir)])])])
	count(fs) == 1
	some f in fs
	f.object.id == "p1"
	f.message == "Assignment policy 'Policy p1' of access package 'Finance' requires approval but stage 1 names user 'User u-gone' (u-gone) that no longer exist, so the stage has no primary approver left."
	contains(f.remediation.summary, "{approver-user-id}")
	[req] := f.remediation.requests
	req.method == "PUT"
	[s] := req.body.requestApprovalSettings.stages
	s.primaryApprovers == [{"@odata.type": "#microsoft.graph.singleUser", "userId": "{approver-user-id}", "description": "Approver"}]
	s.fallbackPrimaryApprovers == [user(amir)]
}

test_live_approvers_are_clean if {
	count(run([pol("p2", "allMemberUsers", [stage([user(amir), group(managers)], [])])])) == 0
	count(run([pol("p3", "allExternalUsers", [stage([{"@odata.type": "#microsoft.graph.internalSponsors"}], [user(amir)])])])) == 0
}

test_deleted_group_and_fallback_are_flagged_without_placeholder if {
	fs := run([pol("p4", "allMemberUsers", [stage([user(amir), group("g-gone")], [user(gone)])])])
	some f in fs
	contains(f.message, "stage 1 names group g-gone, user 'User u-gone' (u-gone) that no longer exist.")
	not contains(f.remediation.summary, "{approver-user-id}")
	f.remediation.patch.requestApprovalSettings.stages[0].primaryApprovers == [user(amir)]
	f.remediation.patch.requestApprovalSettings.stages[0].fallbackPrimaryApprovers == []
}

test_empty_stage_of_internal_policy_is_flagged if {
	fs := run([
		pol("p5", "allMemberUsers", [stage([], [])]),
		pol("p6", "allMemberUsers", []),
		pol("p7", "allMemberUsers", [stage([user(amir)], []), stage(null, [])]),
	])
	{f.object.id | some f in fs} == {"p5", "p6", "p7"}
	some f in fs
	f.object.id == "p7"
	endswith(f.message, "requires approval but stage 2 names no primary approver.")
}

test_empty_stage_that_em002_reports_is_not_repeated if {
	count(run([pol("p8", "allExternalUsers", [stage([], [])])])) == 0
	# A dead fallback approver is still EM006's.
	fs := run([pol("p9", "allExternalUsers", [stage([], [user(gone)])])])
	some f in fs
	not contains(f.message, "names no primary approver")
	contains(f.message, "u-gone")
}

test_policy_without_approval_is_not_flagged if {
	p := object.union(pol("p10", "allMemberUsers", [stage([user(gone)], [])]), {"requestApprovalSettings": {"isApprovalRequiredForAdd": false, "isApprovalRequiredForUpdate": false, "stages": [stage([user(gone)], [])]}})
	count(run([p, object.union(pol("p11", "allMemberUsers", []), {"requestApprovalSettings": null})])) == 0
}
