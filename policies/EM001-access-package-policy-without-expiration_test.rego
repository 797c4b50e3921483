package govlint.rules.em001_test

import data.govlint.rules.em001
import rego.v1

base := {"now": "2026-11-20T09:00:00Z", "now_ns": 0, "tenant": {"id": "t", "cloud": "global"}}

pol(id, overrides) := object.union(
	{
		"id": id, "displayName": sprintf("Policy %s", [id]), "description": "",
		"allowedTargetScope": "allMemberUsers", "specificAllowedTargets": [],
		"createdDateTime": "2025-01-01T00:00:00Z", "modifiedDateTime": "2025-01-01T00:00:00Z",
		"expiration": {"type": "afterDuration", "duration": "P180D", "endDateTime": null},
		"requestorSettings": {"enableTargetsToSelfAddAccess": true}, "requestApprovalSettings": null,
		"reviewSettings": null, "automaticRequestSettings": null,
		"accessPackage": {"id": "ap1", "displayName": "Finance reader"},
	},
	overrides,
)

run(policies) := fs if {
	fs := em001.findings with input as object.union(base, {"collections": {"accessPackageAssignmentPolicies": policies}})
}

test_no_expiration_is_flagged if {
	fs := run([pol("p1", {"expiration": {"type": "noExpiration", "duration": null, "endDateTime": null}})])
	count(fs) == 1
	some f in fs
	f.object == {"collection": "accessPackageAssignmentPolicies", "id": "p1", "displayName": "Policy p1"}
	f.related == [{"collection": "accessPackages", "id": "ap1", "displayName": "Finance reader"}]
	f.message == "Assignment policy 'Policy p1' of access package 'Finance reader' grants assignments that never expire (expiration type noExpiration)."
	f.remediation.patch == {"expiration": {"type": "afterDuration", "duration": "P365D"}}
	f.remediation.before.id == "p1"
	[req] := f.remediation.requests
	req.method == "PUT"
	req.path == "/identityGovernance/entitlementManagement/assignmentPolicies/p1"
}

test_put_body_is_the_whole_policy_with_the_fix if {
	fs := run([pol("p1", {"expiration": {"type": "noExpiration", "duration": null, "endDateTime": null}})])
	some f in fs
	body := f.remediation.requests[0].body
	body.expiration == {"type": "afterDuration", "duration": "P365D", "endDateTime": null}
	body.accessPackage == {"id": "ap1"}
	body.displayName == "Policy p1"
	body.allowedTargetScope == "allMemberUsers"
	not body.createdDateTime
	not body.modifiedDateTime
}

test_after_duration_is_clean if {
	count(run([pol("p2", {})])) == 0
}

test_after_date_time_is_clean if {
	count(run([pol("p3", {"expiration": {"type": "afterDateTime", "endDateTime": "2027-06-30T00:00:00Z", "duration": null}})])) == 0
}

test_not_specified_without_duration_or_end_is_flagged if {
	fs := run([pol("p4", {"expiration": {"type": "notSpecified", "duration": null, "endDateTime": null}})])
	count(fs) == 1
	some f in fs
	f.object.id == "p4"
	contains(f.message, "expiration notSpecified, with no duration and no end date")
}

test_not_specified_with_a_duration_is_clean if {
	count(run([pol("p5", {"expiration": {"type": "notSpecified", "duration": "P90D", "endDateTime": null}})])) == 0
}

test_missing_expiration_is_flagged if {
	fs := run([pol("p6", {"expiration": null})])
	some f in fs
	f.object.id == "p6"
	contains(f.message, "(no expiration is set)")
}

test_after_duration_without_a_duration_is_flagged if {
	fs := run([pol("p7", {"expiration": {"type": "afterDuration", "duration": null, "endDateTime": null}})])
	some f in fs
	contains(f.message, "afterDuration without a valid duration")
}

test_auto_assignment_policy_is_exempt if {
	auto := pol("p8", {
		"allowedTargetScope": "specificDirectoryUsers",
		"specificAllowedTargets": [{"@odata.type": "#microsoft.graph.attributeRuleMembers", "membershipRule": "(user.department -eq \"Finance\")", "description": "Finance"}],
		"automaticRequestSettings": {"requestAccessForAllowedTargets": true, "removeAccessWhenTargetLeavesAllowedTargets": true, "gracePeriodBeforeAccessRemoval": "P7D"},
		"expiration": {"type": "noExpiration", "duration": null, "endDateTime": null},
	})
	count(run([auto])) == 0
}

test_casing_of_graph_enums_is_ignored if {
	count(run([pol("p9", {"expiration": {"type": "NOEXPIRATION"}})])) == 1
	count(run([pol("p10", {"expiration": {"type": "AfterDuration", "duration": "P30D"}})])) == 0
}

test_nulls_do_not_break_the_rule if {
	fs := run([pol("p11", {"expiration": {"type": null, "duration": null}, "accessPackage": null, "allowedTargetScope": null, "displayName": null})])
	some f in fs
	f.object.displayName == "p11"
	f.related == []
	f.remediation.requests[0].body.id == "p11"
	contains(f.message, "access package '(unknown access package)'")
}
