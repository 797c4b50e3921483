package govlint.rules.ar008_test

import data.govlint.rules.ar008
import data.govlint.rules.ar005
import rego.v1

group := "98f41dad-68d5-42f6-a50f-ddd75c5c5539"

dan := "1800bb2c-955d-4205-8471-3a6c3116435d"

decision(id, decision, apply_result) := {
	"id": id, "accessReviewId": "i1", "decision": decision, "recommendation": "Approve",
	"reviewedDateTime": "2026-09-10T10:00:00Z", "applyResult": apply_result, "appliedDateTime": null,
	"principalLink": sprintf("https://graph.microsoft.com/v1.0/users/%s", [dan]),
	"resourceLink": sprintf("https://graph.microsoft.com/v1.0/groups/%s", [group]),
	"reviewedBy": {"id": "r1", "displayName": "Rex", "userPrincipalName": "rex@contoso.example"},
	"principal": {"@odata.type": "#microsoft.graph.userIdentity", "id": dan, "displayName": "Dan", "userPrincipalName": "dan@contoso.example"},
}

review(status, end, decisions) := {
	"id": "def1", "displayName": "Project X members", "status": "InProgress",
	"instances": [{"id": "i1", "status": status, "startDateTime": "2026-09-01T09:00:00Z", "endDateTime": end, "decisions": decisions}],
}

# 2026-11-20T09:00:00Z
now_ns := 1795165200000000000

input_of(defs) := {"now": "2026-11-20T09:00:00Z", "now_ns": now_ns, "collections": {"accessReviewDefinitions": defs}}

lint(defs) := fs if {
	fs := ar008.findings with input as input_of(defs)
}

test_approval_never_applied_after_30_days_is_flagged if {
	fs := lint([review("Completed", "2026-10-15T09:00:00Z", [decision("d1", "Approve", "New")])])
	count(fs) == 1
	some f in fs
	f.object == {"collection": "accessReviewDecisions", "id": "d1", "displayName": "Dan"}
	f.key == "i1"
	f.message == "The approval of Dan in the access review \"Project X members\" (instance Completed, ended 36 days ago) was never applied (applyResult New): the instance was never applied, so the review's outcome is not recorded as carried out."
	f.remediation.requests == [{"method": "POST", "path": "/identityGovernance/accessReviews/definitions/def1/instances/i1/applyDecisions"}]
}

test_boundary_30_days if {
	# Ended exactly 30 days ago: not yet.
	count(lint([review("Completed", "2026-10-21T09:00:00Z", [decision("d1", "Approve", "New")])])) == 0
	count(lint([review("Completed", "2026-10-21T08:59:59Z", [decision("d1", "Approve", "New")])])) == 1
}

test_skipped_denial_in_applied_instance_is_flagged if {
	fs := lint([review("Applied", "2026-09-15T09:00:00Z", [decision("d1", "Deny", "New")])])
	some f in fs
	f.remediation.requests == [{"method": "DELETE", "path": sprintf("/groups/%s/members/%s/$ref", [group, dan])}]
	f.remediation.after == null
	contains(f.message, "so the denied access may remain")
}

test_disjoint_from_ar005 if {
	defs := [
		review("Completed", "2026-09-15T09:00:00Z", [decision("d1", "Deny", "New"), decision("d2", "Approve", "New")]),
		object.union(review("Applied", "2026-09-15T09:00:00Z", [decision("d3", "Deny", "New"), decision("d4", "Deny", "AppliedWithUnknownFailure")]), {"id": "def2"}),
		object.union(review("AutoReviewed", "2026-09-15T09:00:00Z", [decision("d5", "Deny", "New")]), {"id": "def3"}),
	]
	mine := {f.object.id | some f in lint(defs)}
	theirs := {f.object.id | some f in ar005.findings with input as input_of(defs)}
	mine == {"d2", "d3"}
	theirs == {"d1", "d4", "d5"}
	count(mine & theirs) == 0
}

test_look_alikes_are_not_flagged if {
	count(lint([
		review("Applied", "2026-09-15T09:00:00Z", [decision("d1", "Approve", "New"), decision("d2", "Deny", "AppliedSuccessfully")]),
		object.union(review("Completed", "2026-09-15T09:00:00Z", [
			decision("d3", "NotReviewed", "New"),
			decision("d4", "DontKnow", "New"),
			object.union(decision("d5", "Approve", "New"), {"appliedDateTime": "2026-09-16T09:00:00Z"}),
			decision("d6", "Approve", null),
		]), {"id": "def2"}),
		object.union(review("InProgress", "2026-09-15T09:00:00Z", [decision("d7", "Approve", "New")]), {"id": "def3"}),
		object.union(review("Completed", null, [decision("d8", "Approve", "New")]), {"id": "def4"}),
	])) == 0
}

# The engine hands the rule a pre-filter (src/engine/prefilter.rs, `decisionsNeverApplied`): the rule walks
# only the decisions it lists per definition and instance, and still tests each of them.
lint_indexed(defs, index) := fs if {
	fs := ar008.findings with input as {"now": "2026-11-20T09:00:00Z", "now_ns": now_ns, "collections": {"accessReviewDefinitions": defs}, "index": {"decisionsNeverApplied": index}}
}

test_walks_only_the_prefiltered_decisions if {
	hit := decision("d1", "Approve", "New")
	miss := decision("d2", "Approve", "AppliedSuccessfully")
	defs := [review("Completed", "2026-10-15T09:00:00Z", [hit, miss])]
	# Not listed: not walked.
	count(lint_indexed(defs, [[[miss]]])) == 0
	# Listed but not a violation: the pre-filter only narrows, the rule decides.
	{f.object.id | some f in lint_indexed(defs, [[[hit, miss]]])} == {"d1"}
	# No entry for the instance: every decision is walked.
	{f.object.id | some f in lint_indexed(defs, [])} == {"d1"}
}

test_grace_days_are_configurable if {
	defs := [review("Completed", "2026-11-10T09:00:00Z", [decision("d1", "Approve", "New")])]
	count(lint(defs)) == 0
	fs := ar008.findings with input as input_of(defs)
		with data.govlint.config.thresholds as {"decisions_unapplied_days": 7}
	some f in fs
	contains(f.message, "ended 10 days ago")
}
