package govlint.rules.ar003_test

import data.govlint.rules.ar003
import rego.v1

group := "98f41dad-68d5-42f6-a50f-ddd75c5c5539"

carl := "04777c4b-4d43-4d32-a2e7-1eba5d03f8cf"

joey := "ace08ec9-aa11-4ada-9145-addf0398233e"

zero := "00000000-0000-0000-0000-000000000000"

decision(id, decision, recommendation) := {
	"id": id, "accessReviewId": "i1", "decision": decision, "recommendation": recommendation,
	"justification": "", "reviewedDateTime": "2026-11-10T10:00:00Z", "applyResult": "New", "appliedDateTime": null,
	"principalLink": sprintf("https://graph.microsoft.com/v1.0/users/%s", [carl]),
	"resourceLink": sprintf("https://graph.microsoft.com/v1.0/groups/%s", [group]), "resource": null,
	"reviewedBy": {"id": joey, "displayName": "Joey Cruz", "userPrincipalName": "joey@contoso.example"},
	"appliedBy": {"id": zero, "displayName": "", "userPrincipalName": ""},
	"principal": {"@odata.type": "#microsoft.graph.userIdentity", "id": carl, "displayName": "Carl Contractor", "userPrincipalName": "carl@contoso.example"},
}

review(status, decisions) := {
	"id": "def1", "displayName": "Contractors group review", "status": "InProgress",
	"instances": [{"id": "i1", "status": status, "endDateTime": "2026-12-01T09:00:00Z", "decisions": decisions}],
}

lint(defs) := fs if {
	fs := ar003.findings with input as {"now": "2026-11-20T09:00:00Z", "collections": {"accessReviewDefinitions": defs}}
}

test_approve_against_deny_recommendation_is_flagged if {
	fs := lint([review("InProgress", [decision("d1", "Approve", "Deny")])])
	count(fs) == 1
	some f in fs
	f.object == {"collection": "accessReviewDecisions", "id": "d1", "displayName": "Carl Contractor"}
	f.related == [
		{"collection": "users", "id": carl, "displayName": "Carl Contractor"},
		{"collection": "users", "id": joey, "displayName": "Joey Cruz"},
		{"collection": "accessReviewDefinitions", "id": "def1", "displayName": "Contractors group review"},
	]
	contains(f.message, "Joey Cruz approved Carl Contractor's access")
	contains(f.message, "no justification given")
}

test_open_review_fix_patches_the_decision if {
	some f in lint([review("InProgress", [decision("d1", "Approve", "Deny")])])
	f.remediation.requests[0].method == "PATCH"
	f.remediation.requests[0].path == "/identityGovernance/accessReviews/definitions/def1/instances/i1/decisions/d1"
	f.remediation.requests[0].body.decision == "Deny"
	f.remediation.patch.decision == "Deny"
	f.remediation.before.id == "d1"
}

test_ended_review_fix_removes_group_membership if {
	some f in lint([review("Applied", [decision("d1", "approve", "deny")])])
	f.remediation.requests == [{"method": "DELETE", "path": sprintf("/groups/%s/members/%s/$ref", [group, carl])}]
	f.remediation.after == null
	f.remediation.before.principal.id == f.related[0].id
	contains(f.remediation.summary, "has ended")
}

test_ended_review_of_non_group_resource_has_no_request if {
	d := object.union(decision("d1", "Approve", "Deny"), {"resourceLink": null})
	some f in lint([review("Completed", [d])])
	f.remediation.requests == []
}

test_justification_is_quoted if {
	d := object.union(decision("d1", "Approve", "Deny"), {"justification": "Still on project"})
	some f in lint([review("InProgress", [d])])
	contains(f.message, "justification: \"Still on project\"")
}

test_decisions_that_follow_or_lack_a_recommendation_are_not_flagged if {
	fs := lint([review("InProgress", [
		decision("d1", "Deny", "Deny"),
		decision("d2", "NotReviewed", "Deny"),
		decision("d3", "DontKnow", "Deny"),
		decision("d4", "Approve", "Approve"),
		decision("d5", "Approve", "NoInfoAvailable"),
		decision("d6", "Approve", "NotAvailable"),
		decision("d7", "Approve", null),
		object.remove(decision("d8", "Approve", "Deny"), ["recommendation"]),
	])])
	count(fs) == 0
}

test_service_principal_principal_is_referenced_as_such if {
	d := object.union(decision("d1", "Approve", "Deny"), {
		"principal": {"@odata.type": "#microsoft.graph.servicePrincipalIdentity", "id": "sp1", "displayName": "Payroll sync", "appId": "a1"},
		"principalLink": "https://graph.microsoft.com/v1.0/servicePrincipals/sp1",
	})
	some f in lint([review("InProgress", [d])])
	f.related[0] == {"collection": "servicePrincipals", "id": "sp1", "displayName": "Payroll sync"}
}

test_system_decision_names_the_system if {
	d := object.union(decision("d1", "Approve", "Deny"), {"reviewedBy": {"id": zero, "displayName": "", "userPrincipalName": ""}})
	some f in lint([review("AutoReviewed", [d])])
	startswith(f.message, "the system approved")
	count(f.related) == 2
}

# The engine hands the rule a pre-filter (src/engine/prefilter.rs, `decisionsApprovedAgainstDeny`): the rule walks
# only the decisions it lists per definition and instance, and still tests each of them.
lint_indexed(defs, index) := fs if {
	fs := ar003.findings with input as {"now": "2026-11-20T09:00:00Z", "collections": {"accessReviewDefinitions": defs}, "index": {"decisionsApprovedAgainstDeny": index}}
}

test_walks_only_the_prefiltered_decisions if {
	hit := decision("d1", "Approve", "Deny")
	miss := decision("d2", "Approve", "Approve")
	defs := [review("InProgress", [hit, miss])]
	# Not listed: not walked.
	count(lint_indexed(defs, [[[miss]]])) == 0
	# Listed but not a violation: the pre-filter only narrows, the rule decides.
	{f.object.id | some f in lint_indexed(defs, [[[hit, miss]]])} == {"d1"}
	# No entry for the instance: every decision is walked.
	{f.object.id | some f in lint_indexed(defs, [])} == {"d1"}
}
