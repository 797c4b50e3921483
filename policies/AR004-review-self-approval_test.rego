package govlint.rules.ar004_test

import data.govlint.rules.ar004
import rego.v1

group := "98f41dad-68d5-42f6-a50f-ddd75c5c5539"

sue := "1800bb2c-955d-4205-8471-3a6c3116435d"

joey := "ace08ec9-aa11-4ada-9145-addf0398233e"

zero := "00000000-0000-0000-0000-000000000000"

user(id, name) := {"id": id, "displayName": name, "userPrincipalName": sprintf("%s@contoso.example", [name])}

decision(id, decision, reviewer, principal) := {
	"id": id, "accessReviewId": "i1", "decision": decision, "recommendation": "Approve",
	"justification": "I still need it", "reviewedDateTime": "2026-11-10T10:00:00Z", "applyResult": "New", "appliedDateTime": null,
	"principalLink": sprintf("https://graph.microsoft.com/v1.0/users/%s", [principal.id]),
	"resourceLink": sprintf("https://graph.microsoft.com/v1.0/groups/%s", [group]),
	"reviewedBy": reviewer, "appliedBy": user(zero, ""),
	"principal": object.union({"@odata.type": "#microsoft.graph.userIdentity"}, principal),
}

review(status, reviewers, decisions) := {
	"id": "def1", "displayName": "Sales app attestation", "status": "InProgress", "reviewers": reviewers,
	"instances": [{"id": "i1", "status": status, "endDateTime": "2026-12-01T09:00:00Z", "decisions": decisions}],
}

manager := [{"query": "./manager", "queryType": "MicrosoftGraph", "queryRoot": "decisions"}]

lint(defs) := fs if {
	fs := ar004.findings with input as {"now": "2026-11-20T09:00:00Z", "collections": {"accessReviewDefinitions": defs}}
}

test_reviewer_approving_own_access_is_flagged if {
	fs := lint([review("InProgress", manager, [decision("d1", "Approve", user(sue, "Sue Self"), user(sue, "Sue Self"))])])
	count(fs) == 1
	some f in fs
	f.object == {"collection": "accessReviewDecisions", "id": "d1", "displayName": "Sue Self"}
	f.related == [
		{"collection": "users", "id": sue, "displayName": "Sue Self"},
		{"collection": "accessReviewDefinitions", "id": "def1", "displayName": "Sales app attestation"},
	]
	f.message == "Sue Self approved their own access in the access review \"Sales app attestation\"."
	f.remediation.requests[0].method == "PATCH"
	f.remediation.requests[0].path == "/identityGovernance/accessReviews/definitions/def1/instances/i1/decisions/d1"
	f.remediation.patch.decision == "Deny"
}

test_ids_compare_case_insensitively if {
	fs := lint([review("InProgress", manager, [decision("d1", "approve", user(upper(sue), "Sue Self"), user(sue, "Sue Self"))])])
	count(fs) == 1
}

test_self_review_definition_is_named_in_the_message if {
	some f in lint([review("InProgress", [], [decision("d1", "Approve", user(sue, "Sue Self"), user(sue, "Sue Self"))])])
	contains(f.message, "the review has no reviewers, so principals review themselves")
}

test_ended_review_fix_removes_group_membership if {
	some f in lint([review("Applied", manager, [decision("d1", "Approve", user(sue, "Sue Self"), user(sue, "Sue Self"))])])
	f.remediation.requests == [{"method": "DELETE", "path": sprintf("/groups/%s/members/%s/$ref", [group, sue])}]
	f.remediation.after == null
	f.remediation.before.principal.id == f.related[0].id
}

test_denying_own_access_is_fine if {
	count(lint([review("InProgress", manager, [decision("d1", "Deny", user(sue, "Sue Self"), user(sue, "Sue Self"))])])) == 0
}

test_approval_by_someone_else_is_fine if {
	count(lint([review("InProgress", manager, [decision("d1", "Approve", user(joey, "Joey Cruz"), user(sue, "Sue Self"))])])) == 0
}

test_system_decision_with_zero_guid_reviewer_is_not_self_approval if {
	fs := lint([review("AutoReviewed", manager, [
		decision("d1", "Approve", user(zero, ""), user(sue, "Sue Self")),
		# even a malformed principal with the zero GUID or no id is not "approved by itself"
		decision("d2", "Approve", user(zero, ""), user(zero, "")),
		decision("d3", "Approve", user("", ""), user("", "")),
		object.remove(decision("d4", "Approve", user(sue, "Sue Self"), user(sue, "Sue Self")), ["reviewedBy"]),
		object.union(decision("d5", "Approve", user(sue, "Sue Self"), user(sue, "Sue Self")), {"reviewedBy": null}),
	])])
	count(fs) == 0
}

# The engine hands the rule a pre-filter (src/engine/prefilter.rs, `decisionsSelfReviewed`): the rule walks
# only the decisions it lists per definition and instance, and still tests each of them.
lint_indexed(defs, index) := fs if {
	fs := ar004.findings with input as {"now": "2026-11-20T09:00:00Z", "collections": {"accessReviewDefinitions": defs}, "index": {"decisionsSelfReviewed": index}}
}

test_walks_only_the_prefiltered_decisions if {
	hit := decision("d1", "Approve", user(sue, "Sue Self"), user(sue, "Sue Self"))
	miss := decision("d2", "Approve", user(joey, "Joey Cruz"), user(sue, "Sue Self"))
	defs := [review("InProgress", manager, [hit, miss])]
	# Not listed: not walked.
	count(lint_indexed(defs, [[[miss]]])) == 0
	# Listed but not a violation: the pre-filter only narrows, the rule decides.
	{f.object.id | some f in lint_indexed(defs, [[[hit, miss]]])} == {"d1"}
	# No entry for the instance: every decision is walked.
	{f.object.id | some f in lint_indexed(defs, [])} == {"d1"}
}
