package govlint.rules.ar001_test

import data.govlint.rules.ar001
import rego.v1

now := "2026-11-20T09:00:00Z"

inst(id, status, end) := {
	"id": id, "startDateTime": "2026-10-01T09:00:00Z", "endDateTime": end, "status": status,
	"scope": {"@odata.type": "#microsoft.graph.accessReviewQueryScope", "query": "/groups/g1/transitiveMembers/microsoft.graph.user", "queryType": "MicrosoftGraph"},
	"decisions": [{"id": "x1", "decision": "NotReviewed"}], "contactedReviewers": [{"id": "r1"}],
}

definition(instances, auto_apply) := {
	"id": "def1", "displayName": "Finance app access", "status": "InProgress",
	"settings": {"autoApplyDecisionsEnabled": auto_apply},
	"instances": instances,
}

lint(defs) := fs if {
	fs := ar001.findings with input as {
		"now": now, "now_ns": time.parse_rfc3339_ns(now),
		"collections": {"accessReviewDefinitions": defs},
	}
}

test_in_progress_after_end_is_flagged if {
	fs := lint([definition([inst("i1", "InProgress", "2026-11-08T09:00:00Z")], false)])
	count(fs) == 1
	some f in fs
	f.object == {"collection": "accessReviewInstances", "id": "i1", "displayName": "Finance app access"}
	f.related == [{"collection": "accessReviewDefinitions", "id": "def1", "displayName": "Finance app access"}]
	contains(f.message, "still InProgress 12 days after its end date")
	f.remediation.requests[0] == {"method": "POST", "path": "/identityGovernance/accessReviews/definitions/def1/instances/i1/stop"}
	f.remediation.requests[1].path == "/identityGovernance/accessReviews/definitions/def1/instances/i1/applyDecisions"
	f.remediation.patch == {"status": "Completed"}
}

test_before_leaves_out_embedded_children if {
	some f in lint([definition([inst("i1", "InProgress", "2026-11-08T09:00:00Z")], false)])
	f.remediation.before.id == "i1"
	not f.remediation.before.decisions
	not f.remediation.before.contactedReviewers
}

test_auto_applied_review_needs_only_stop if {
	some f in lint([definition([inst("i1", "InProgress", "2026-11-19T09:00:00Z")], true)])
	count(f.remediation.requests) == 1
	contains(f.message, "still InProgress 1 day after")
}

test_not_started_or_initializing_count_as_unfinished if {
	fs := lint([definition(
		[
			inst("i1", "NotStarted", "2026-11-01T09:00:00Z"),
			inst("i2", "initializing", "2026-11-01T09:00:00Z"),
			inst("i3", "Starting", "2026-11-01T09:00:00Z"),
		],
		false,
	)])
	{f.object.id | some f in fs} == {"i1", "i2", "i3"}
}

test_ended_hours_ago_says_less_than_a_day if {
	some f in lint([definition([inst("i1", "InProgress", "2026-11-20T06:00:00Z")], false)])
	contains(f.message, "less than a day")
}

test_in_progress_before_end_is_not_flagged if {
	count(lint([definition([inst("i1", "InProgress", "2026-11-25T09:00:00Z")], false)])) == 0
}

test_finished_or_transitional_instances_are_not_flagged if {
	fs := lint([definition(
		[
			inst("i1", "Completed", "2026-11-01T09:00:00Z"),
			inst("i2", "Applied", "2026-11-01T09:00:00Z"),
			inst("i3", "AutoReviewed", "2026-11-01T09:00:00Z"),
			inst("i4", "Completing", "2026-11-20T08:00:00Z"),
			inst("i5", "Applying", "2026-11-20T08:00:00Z"),
		],
		false,
	)])
	count(fs) == 0
}

test_missing_or_unparsable_end_is_not_flagged if {
	fs := lint([definition([inst("i1", "InProgress", null), inst("i2", "InProgress", "soon")], false)])
	count(fs) == 0
}

test_definition_without_instances_is_fine if {
	count(lint([{"id": "def2", "displayName": "x", "status": "NotStarted"}])) == 0
}
