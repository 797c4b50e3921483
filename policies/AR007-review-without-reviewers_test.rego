package govlint.rules.ar007_test

import data.govlint.rules.ar007
import rego.v1

rex := "aaaaaaaa-0000-4000-8000-000000000001"

off := "aaaaaaaa-0000-4000-8000-000000000002"

gone := "aaaaaaaa-0000-4000-8000-000000000003"

grp := "bbbbbbbb-0000-4000-8000-000000000001"

deleted_group := "bbbbbbbb-0000-4000-8000-000000000002"

u(id) := {"query": sprintf("/users/%s", [id]), "queryType": "MicrosoftGraph", "queryRoot": null}

def(id, status, reviewers, fallback) := {
	"id": id, "displayName": sprintf("Review %s", [id]), "status": status,
	"createdDateTime": "2025-01-01T00:00:00Z", "createdBy": {"id": rex},
	"scope": {"query": "/groups/x/transitiveMembers/microsoft.graph.user"},
	"reviewers": reviewers, "fallbackReviewers": fallback, "stageSettings": [],
	"settings": {"recurrence": {"pattern": {"type": "absoluteMonthly", "interval": 3}, "range": {"type": "noEnd"}}},
	"instances": [{"id": "i1"}],
}

run(defs) := fs if {
	fs := ar007.findings with input as {
		"now": "2026-11-20T09:00:00Z",
		"collections": {"accessReviewDefinitions": defs},
		"index": {
			"users": {rex: {"id": rex, "displayName": "Rex", "accountEnabled": true}, off: {"id": off, "displayName": "Olga Offboarded", "accountEnabled": false}},
			"groups": {grp: {"id": grp}},
		},
	}
}

test_review_whose_reviewers_left_is_flagged if {
	fs := run([def("d1", "InProgress", [u(gone), u(off)], [])])
	count(fs) == 1
	some f in fs
	f.object == {"collection": "accessReviewDefinitions", "id": "d1", "displayName": "Review d1"}
	f.message == sprintf("Access review \"Review d1\" has no reviewer who can act: user %s no longer exists; user Olga Offboarded (%s) is disabled.", [gone, off])
	f.related == [{"collection": "users", "id": off, "displayName": "Olga Offboarded"}]
	[req] := f.remediation.requests
	req.method == "PUT"
	req.path == "/identityGovernance/accessReviews/definitions/d1"
	req.body.reviewers == [{"query": "/users/{reviewer-user-id}", "queryType": "MicrosoftGraph", "queryRoot": null}]
	not req.body.instances
	not req.body.createdBy
	not f.remediation.before.instances
	contains(f.remediation.summary, "{reviewer-user-id}")
}

test_live_reviewer_or_relative_reviewer_is_clean if {
	count(run([
		def("d2", "InProgress", [u(gone), u(rex)], []),
		def("d3", "InProgress", [{"query": "./manager", "queryType": "MicrosoftGraph", "queryRoot": "decisions"}], []),
		def("d4", "InProgress", [{"query": sprintf("/groups/%s/owners", [grp]), "queryType": "MicrosoftGraph"}], []),
		def("d5", "NotStarted", [u(gone)], [u(rex)]),
	])) == 0
}

test_self_review_is_not_flagged if {
	count(run([def("d6", "InProgress", [], [])])) == 0
}

test_finished_review_is_not_flagged if {
	ended := object.union(def("d8", "InProgress", [u(gone)], []), {"settings": {"recurrence": {"pattern": null, "range": {"type": "numbered", "endDate": "2026-01-01"}}}})
	count(run([def("d7", "Completed", [u(gone)], []), ended])) == 0
}

test_deleted_group_empty_query_and_dead_fallback_are_flagged if {
	fs := run([
		def("d9", "InProgress", [{"query": sprintf("/v1.0/groups/%s/transitiveMembers", [deleted_group]), "queryType": "MicrosoftGraph"}], [u(gone)]),
		def("d10", "InProgress", [{"query": null}], []),
	])
	{f.object.id | some f in fs} == {"d9", "d10"}
	some f in fs
	f.object.id == "d9"
	contains(f.message, sprintf("group %s no longer exists; user %s no longer exists", [deleted_group, gone]))
	f.remediation.patch.fallbackReviewers == []
}

test_multi_stage_reviewers_are_judged if {
	staged := object.union(def("d11", "InProgress", [], []), {"stageSettings": [{"stageId": "1", "reviewers": [u(gone)], "fallbackReviewers": []}]})
	fs := run([staged])
	some f in fs
	f.remediation.patch.stageSettings[0].reviewers == [{"query": "/users/{reviewer-user-id}", "queryType": "MicrosoftGraph", "queryRoot": null}]
	f.remediation.patch.reviewers == []
}
