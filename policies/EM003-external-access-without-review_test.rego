package govlint.rules.em003_test

import data.govlint.rules.em003
import rego.v1

base := {"now": "2026-11-20T09:00:00Z", "now_ns": 0, "tenant": {"id": "t", "cloud": "global"}}

quarterly := {
	"isEnabled": true, "expirationBehavior": "keepAccess", "isRecommendationEnabled": true,
	"isReviewerJustificationRequired": true, "isSelfReview": false,
	"schedule": {
		"startDateTime": "2024-03-01T00:00:00Z",
		"expiration": {"type": "afterDuration", "duration": "P25D", "endDateTime": null},
		"recurrence": {
			"pattern": {"type": "absoluteMonthly", "interval": 3, "month": 0, "dayOfMonth": 0, "daysOfWeek": [], "firstDayOfWeek": "sunday", "index": "first"},
			"range": {"type": "noEnd", "numberOfOccurrences": 0, "recurrenceTimeZone": null, "startDate": null, "endDate": null},
		},
	},
	"primaryReviewers": [{"@odata.type": "#microsoft.graph.targetUserSponsors"}], "fallbackReviewers": [],
}

pol(id, overrides) := object.union(
	{
		"id": id, "displayName": sprintf("Policy %s", [id]), "description": "",
		"allowedTargetScope": "allConfiguredConnectedOrganizationUsers", "specificAllowedTargets": [],
		"createdDateTime": "2025-01-01T00:00:00Z", "modifiedDateTime": "2025-01-01T00:00:00Z",
		"expiration": {"type": "afterDuration", "duration": "P90D", "endDateTime": null},
		"requestApprovalSettings": {"isApprovalRequiredForAdd": true, "stages": []},
		"reviewSettings": quarterly, "automaticRequestSettings": null,
		"accessPackage": {"id": "ap1", "displayName": "Vendor portal"},
	},
	overrides,
)

run(policies) := fs if {
	fs := em003.findings with input as object.union(base, {"collections": {"accessPackageAssignmentPolicies": policies}})
}

test_external_policy_without_review_is_flagged if {
	fs := run([pol("p1", {"reviewSettings": null})])
	count(fs) == 1
	some f in fs
	f.object == {"collection": "accessPackageAssignmentPolicies", "id": "p1", "displayName": "Policy p1"}
	f.related == [{"collection": "accessPackages", "id": "ap1", "displayName": "Vendor portal"}]
	f.message == "Assignment policy 'Policy p1' of access package 'Vendor portal' is open to external users (allConfiguredConnectedOrganizationUsers) but it has no access review settings, so their access is never re-confirmed."
	[req] := f.remediation.requests
	req.method == "PUT"
	req.path == "/identityGovernance/entitlementManagement/assignmentPolicies/p1"
	rs := req.body.reviewSettings
	rs.isEnabled == true
	rs.expirationBehavior == "removeAccess"
	rs.schedule.startDateTime == "2026-11-20T09:00:00Z"
	rs.schedule.recurrence.pattern.interval == 3
	rs.primaryReviewers == [{"@odata.type": "#microsoft.graph.targetUserSponsors"}]
	rs.fallbackReviewers[0].userId == "{fallback-reviewer-user-id}"
	f.remediation.patch == {"reviewSettings": rs}
}

test_recurring_review_is_clean if {
	count(run([pol("p2", {})])) == 0
}

test_disabled_review_is_flagged if {
	fs := run([pol("p3", {"reviewSettings": {"isEnabled": false}})])
	some f in fs
	contains(f.message, "but its access reviews are turned off,")
}

test_review_without_recurrence_is_flagged if {
	fs := run([
		pol("p4", {"reviewSettings": {"schedule": {"recurrence": null}}}),
		pol("p5", {"reviewSettings": {"schedule": {"recurrence": {"pattern": null}}}}),
		pol("p6", {"reviewSettings": {"schedule": null}}),
	])
	{f.object.id | some f in fs} == {"p4", "p5", "p6"}
	every f in fs {
		contains(f.message, "but its access review does not recur,")
	}
}

test_internal_policy_without_review_is_not_flagged if {
	count(run([pol("p7", {"allowedTargetScope": "allMemberUsers", "reviewSettings": null})])) == 0
	count(run([pol("p8", {"allowedTargetScope": "specificDirectoryUsers", "reviewSettings": null})])) == 0
}

test_policy_accepting_no_requests_is_still_flagged if {
	# Closing a policy to new requests leaves the access it granted in place.
	closed := {"reviewSettings": null, "requestorSettings": {"enableTargetsToSelfAddAccess": false, "enableOnBehalfRequestorsToAddAccess": false}}
	count(run([pol("p9", closed)])) == 1
}
