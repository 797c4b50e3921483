package govlint.rules.ar005_test

import data.govlint.rules.ar005
import rego.v1

group := "98f41dad-68d5-42f6-a50f-ddd75c5c5539"

dan := "1800bb2c-955d-4205-8471-3a6c3116435d"

zero := "00000000-0000-0000-0000-000000000000"

decision(id, decision, apply_result) := {
	"id": id, "accessReviewId": "i1", "decision": decision, "recommendation": "Deny",
	"justification": "Left the project", "reviewedDateTime": "2026-11-10T10:00:00Z",
	"applyResult": apply_result, "appliedDateTime": null,
	"principalLink": sprintf("https://graph.microsoft.com/v1.0/users/%s", [dan]),
	"resourceLink": sprintf("https://graph.microsoft.com/v1.0/groups/%s", [group]),
	"reviewedBy": {"id": "ace08ec9-aa11-4ada-9145-addf0398233e", "displayName": "Joey Cruz", "userPrincipalName": "joey@contoso.example"},
	"appliedBy": {"id": zero, "displayName": "", "userPrincipalName": ""},
	"principal": {"@odata.type": "#microsoft.graph.userIdentity", "id": dan, "displayName": "Dan Denied", "userPrincipalName": "dan@contoso.example"},
}

review(status, decisions) := {
	"id": "def1", "displayName": "Project X members", "status": "InProgress",
	"instances": [{"id": "i1", "status": status, "startDateTime": "2026-10-01T09:00:00Z", "endDateTime": "2026-10-15T09:00:00Z", "decisions": decisions}],
}

lint(defs) := fs if {
	fs := ar005.findings with input as {"now": "2026-11-20T09:00:00Z", "collections": {"accessReviewDefinitions": defs}}
}

test_denial_in_completed_review_never_applied_is_flagged if {
	fs := lint([review("Completed", [decision("d1", "Deny", "New")])])
	count(fs) == 1
	some f in fs
	f.object == {"collection": "accessReviewDecisions", "id": "d1", "displayName": "Dan Denied"}
	f.related == [
		{"collection": "users", "id": dan, "displayName": "Dan Denied"},
		{"collection": "accessReviewDefinitions", "id": "def1", "displayName": "Project X members"},
	]
	contains(f.message, "Dan Denied was denied access in the access review \"Project X members\" (instance Completed, ended 2026-10-15T09:00:00Z)")
	contains(f.message, "was never applied (applyResult New)")
	f.remediation.requests == [{"method": "POST", "path": "/identityGovernance/accessReviews/definitions/def1/instances/i1/applyDecisions"}]
	f.remediation.patch == {"applyResult": "AppliedSuccessfully", "appliedDateTime": "2026-11-20T09:00:00Z"}
}

test_empty_or_null_apply_result_and_auto_reviewed_count if {
	fs := lint([
		review("AutoReviewed", [decision("d1", "Deny", null), decision("d2", "deny", "")]),
		object.union(review("Completed", [object.remove(decision("d3", "Deny", "x"), ["applyResult"])]), {"id": "def2"}),
	])
	{f.object.id | some f in fs} == {"d1", "d2", "d3"}
	some f in fs
	f.object.id == "d2"
	contains(f.message, "applyResult not set")
}

test_failure_in_completed_review_is_reapplied if {
	some f in lint([review("Completed", [decision("d1", "Deny", "AppliedWithUnknownFailure")])])
	contains(f.message, "failed to apply")
	f.remediation.requests[0].path == "/identityGovernance/accessReviews/definitions/def1/instances/i1/applyDecisions"
}

test_failure_in_applied_review_is_removed_by_hand if {
	fs := lint([review("Applied", [decision("d1", "Deny", "AppliedWithUnknownFailure")])])
	count(fs) == 1
	some f in fs
	f.remediation.requests == [{"method": "DELETE", "path": sprintf("/groups/%s/members/%s/$ref", [group, dan])}]
	f.remediation.after == null
	f.remediation.before.principal.id == f.related[0].id
}

test_applied_results_are_not_flagged if {
	fs := lint([review("Applied", [
		decision("d1", "Deny", "AppliedSuccessfully"),
		decision("d2", "Deny", "AppliedSuccessfullyButObjectNotFound"),
		decision("d3", "Deny", "New"),
	])])
	count(fs) == 0
}

test_apply_not_supported_is_not_flagged if {
	count(lint([review("Completed", [decision("d1", "Deny", "ApplyNotSupported")])])) == 0
}

test_denial_in_open_or_transitional_review_is_not_yet_due if {
	fs := lint([
		review("InProgress", [decision("d1", "Deny", "New")]),
		object.union(review("Applying", [decision("d2", "Deny", "New")]), {"id": "def2"}),
		object.union(review("Completing", [decision("d3", "Deny", "New")]), {"id": "def3"}),
	])
	count(fs) == 0
}

test_approvals_and_unreviewed_items_are_not_flagged if {
	fs := lint([review("Completed", [
		decision("d1", "Approve", "New"),
		decision("d2", "NotReviewed", "New"),
		decision("d3", "DontKnow", "New"),
	])])
	count(fs) == 0
}

test_role_review_failure_has_no_api_request if {
	d := object.union(decision("d1", "Deny", "AppliedWithUnknownFailure"), {"resourceLink": null})
	some f in lint([review("Applied", [d])])
	f.remediation.requests == []
	contains(f.remediation.summary, "by hand")
}

# The engine hands the rule a pre-filter (src/engine/prefilter.rs, `decisionsDeniedNotApplied`): the rule walks
# only the decisions it lists per definition and instance, and still tests each of them.
lint_indexed(defs, index) := fs if {
	fs := ar005.findings with input as {"now": "2026-11-20T09:00:00Z", "collections": {"accessReviewDefinitions": defs}, "index": {"decisionsDeniedNotApplied": index}}
}

test_walks_only_the_prefiltered_decisions if {
	hit := decision("d1", "Deny", "New")
	miss := decision("d2", "Deny", "AppliedSuccessfully")
	defs := [review("Completed", [hit, miss])]
	# Not listed: not walked.
	count(lint_indexed(defs, [[[miss]]])) == 0
	# Listed but not a violation: the pre-filter only narrows, the rule decides.
	{f.object.id | some f in lint_indexed(defs, [[[hit, miss]]])} == {"d1"}
	# No entry for the instance: every decision is walked.
	{f.object.id | some f in lint_indexed(defs, [])} == {"d1"}
}
