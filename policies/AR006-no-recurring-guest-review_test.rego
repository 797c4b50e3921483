package govlint.rules.ar006_test

import data.govlint.rules.ar006
import rego.v1

quarterly := {"pattern": {"type": "absoluteMonthly", "interval": 3}, "range": {"type": "noEnd", "startDate": "2026-01-01", "endDate": "9999-12-31"}}

once := {"pattern": null, "range": {"type": "numbered", "startDate": "2026-01-01", "endDate": "2026-01-15"}}

def(id, status, scope, recurrence) := {
	"id": id, "displayName": sprintf("Review %s", [id]), "status": status, "scope": scope,
	"instanceEnumerationScope": null, "reviewers": [], "settings": {"recurrence": recurrence}, "instances": [],
}

q(query) := {"@odata.type": "#microsoft.graph.accessReviewQueryScope", "query": query, "queryType": "MicrosoftGraph"}

guests_of_group := q("/groups/g1/transitiveMembers/microsoft.graph.user/?$filter=(userType eq 'Guest')")

org := {"id": "t1", "displayName": "Contoso"}

run(defs) := fs if {
	fs := ar006.findings with input as {"now": "2026-11-20T09:00:00Z", "tenant": {"id": "t1", "displayName": "Contoso"}, "collections": {"accessReviewDefinitions": defs, "organization": [org]}}
}

test_tenant_without_guest_review_is_flagged if {
	fs := run([def("d1", "InProgress", q("/groups/g1/transitiveMembers/microsoft.graph.user"), quarterly)])
	count(fs) == 1
	some f in fs
	f.object == {"collection": "organization", "id": "t1", "displayName": "Contoso"}
	f.message == "No recurring access review in progress covers guest users in Contoso: no access review selects guests."
	f.remediation.before == null
	[req] := f.remediation.requests
	req.method == "POST"
	req.path == "/identityGovernance/accessReviews/definitions"
	req.body.fallbackReviewers[0].query == "/users/{fallback-reviewer-user-id}"
	contains(f.remediation.summary, "{fallback-reviewer-user-id}")
	req.body.settings.recurrence.range.startDate == "2026-11-20"
}

test_recurring_live_guest_review_is_clean if {
	count(run([def("d2", "InProgress", guests_of_group, quarterly)])) == 0
	# All Microsoft 365 groups, encoded query.
	all_groups := object.union(def("d3", "InProgress", q("./members/microsoft.graph.user/?$count=true&$filter=(userType+eq+%27Guest%27)"), quarterly), {"instanceEnumerationScope": q("/groups")})
	count(run([all_groups])) == 0
}

test_inactive_guests_scope_counts if {
	scope := {"@odata.type": "#microsoft.graph.principalResourceMembershipsScope",
		"principalScopes": [{"@odata.type": "#microsoft.graph.accessReviewInactiveUsersQueryScope", "query": "/v1.0/users?$filter=(userType eq 'Guest')", "queryType": "MicrosoftGraph", "inactiveDuration": "P30D"}],
		"resourceScopes": [q("/groups")]}
	count(run([def("d4", "NotStarted", scope, quarterly)])) == 0
}

test_one_time_or_ended_guest_reviews_do_not_count if {
	ended := object.union(quarterly, {"range": {"type": "endDate", "startDate": "2025-01-01", "endDate": "2026-06-30"}})
	fs := run([
		def("d5", "InProgress", guests_of_group, once),
		def("d6", "Completed", guests_of_group, quarterly),
		def("d7", "InProgress", guests_of_group, ended),
	])
	some f in fs
	endswith(f.message, "the 3 review(s) of guests are one-time or have ended.")
}

test_no_organization_object_falls_back_to_tenant if {
	fs := ar006.findings with input as {"now": "2026-11-20T09:00:00Z", "tenant": {"id": "t9"}, "collections": {"accessReviewDefinitions": [], "organization": []}}
	some f in fs
	f.object == {"collection": "organization", "id": "t9", "displayName": "t9"}
}
