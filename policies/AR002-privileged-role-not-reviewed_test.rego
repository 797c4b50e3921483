package govlint.rules.ar002_test

import data.govlint.rules.ar002
import rego.v1

now := "2026-11-20T09:00:00Z"

gr := "f2ef992c-3afb-46b9-b7cf-a126ee74c451" # Global Reader (privileged)

ga := "62e90394-69f5-4237-9190-012177145e10" # Global Administrator (privileged)

reports := "4a5d8f65-41da-4de4-8968-e035b65339cf" # Reports Reader (not privileged)

eligible(id, pid, name, role) := {
	"id": id, "principalId": pid, "roleDefinitionId": role, "directoryScopeId": "/",
	"startDateTime": "2025-10-16T09:00:00Z", "endDateTime": "2027-02-28T09:00:00Z", "memberType": "Direct",
	"principal": {"@odata.type": "#microsoft.graph.user", "id": pid, "displayName": name},
}

holders(role, insts) := {role: {i.principalId: {"active": [], "eligible": [i]} | some i in insts}}

gina := eligible("e1", "gina", "Gina Reader", gr)

quarterly := {"pattern": {"type": "absoluteMonthly", "interval": 3}, "range": {"type": "noEnd", "startDate": "2026-01-01", "endDate": "9999-12-31"}}

review(id, scope, recurrence, status) := {
	"id": id, "displayName": sprintf("Review %s", [id]), "status": status, "scope": scope,
	"instanceEnumerationScope": null, "settings": {"recurrence": recurrence}, "instances": [],
}

role_scope(query) := {"@odata.type": "#microsoft.graph.accessReviewQueryScope", "query": query, "queryType": "MicrosoftGraph"}

lint(defs, role_holders) := fs if {
	fs := ar002.findings with input as {
		"now": now, "now_ns": time.parse_rfc3339_ns(now),
		"collections": {"accessReviewDefinitions": defs},
		"index": {"roleHolders": role_holders, "roleDefinitions": {}},
	}
}

test_privileged_role_without_any_review_is_flagged if {
	fs := lint([], holders(gr, [gina]))
	count(fs) == 1
	some f in fs
	f.object == {"collection": "roleDefinitions", "id": gr, "displayName": "Global Reader"}
	f.related == [{"collection": "users", "id": "gina", "displayName": "Gina Reader"}]
	contains(f.message, "held by 1 principal(s) (Gina Reader) and no access review covers it")
	req := f.remediation.requests[0]
	req.method == "POST"
	req.path == "/identityGovernance/accessReviews/definitions"
	req.body.scope.query == sprintf("/roleManagement/directory/roleDefinitions/%s", [gr])
	req.body.settings.recurrence.pattern == {"type": "absoluteMonthly", "interval": 3}
	req.body.settings.recurrence.range.type == "noEnd"
	req.body.settings.autoApplyDecisionsEnabled == true
	f.remediation.after == req.body
}

test_recurring_live_review_covers_the_role if {
	count(lint([review("r1", role_scope(sprintf("/roleManagement/directory/roleDefinitions/%s", [gr])), quarterly, "InProgress")], holders(gr, [gina]))) == 0
}

test_pim_style_resource_scope_with_beta_prefix_and_upper_case_covers if {
	scope := {
		"@odata.type": "#microsoft.graph.principalResourceMembershipsScope",
		"principalScopes": [{"query": "/v1.0/users", "queryType": "MicrosoftGraph"}, {"query": "/v1.0/groups", "queryType": "MicrosoftGraph"}],
		"resourceScopes": [{"query": sprintf("/beta/roleManagement/directory/roleDefinitions/%s", [upper(gr)]), "queryType": "MicrosoftGraph"}],
	}
	count(lint([review("r1", scope, quarterly, "InProgress")], holders(gr, [gina]))) == 0
}

test_role_definition_id_filter_covers if {
	q := sprintf("/v1.0/roleManagement/directory/roleEligibilityScheduleInstances?$expand=principal&$filter=(isof(principal,'microsoft.graph.user') and roleDefinitionId eq '%s')", [gr])
	count(lint([review("r1", role_scope(q), quarterly, "InProgress")], holders(gr, [gina]))) == 0
}

test_instance_scope_covers if {
	d := object.union(review("r1", role_scope("/groups"), quarterly, "InProgress"), {"instances": [{"id": "i1", "status": "InProgress", "scope": role_scope(sprintf("/roleManagement/directory/roleDefinitions/%s", [gr]))}]})
	count(lint([d], holders(gr, [gina]))) == 0
}

test_one_time_review_does_not_count if {
	once := {"pattern": null, "range": {"type": "numbered", "numberOfOccurrences": 0, "startDate": "2026-10-01", "endDate": "2026-10-15"}}
	fs := lint([review("r1", role_scope(sprintf("/roleManagement/directory/roleDefinitions/%s", [gr])), once, "InProgress")], holders(gr, [gina]))
	count(fs) == 1
	some f in fs
	contains(f.message, "only a one-time or ended review")
}

test_completed_recurring_review_does_not_count if {
	count(lint([review("r1", role_scope(sprintf("/roleManagement/directory/roleDefinitions/%s", [gr])), quarterly, "Completed")], holders(gr, [gina]))) == 1
}

test_recurrence_range_that_ended_does_not_count if {
	ended := {"pattern": {"type": "weekly", "interval": 1}, "range": {"type": "endDate", "startDate": "2026-01-01", "endDate": "2026-11-19"}}
	count(lint([review("r1", role_scope(sprintf("/roleManagement/directory/roleDefinitions/%s", [gr])), ended, "InProgress")], holders(gr, [gina]))) == 1
}

test_recurrence_range_ending_today_or_later_counts if {
	today := {"pattern": {"type": "weekly", "interval": 1}, "range": {"type": "endDate", "startDate": "2026-01-01", "endDate": "2026-11-20"}}
	count(lint([review("r1", role_scope(sprintf("/roleManagement/directory/roleDefinitions/%s", [gr])), today, "InProgress")], holders(gr, [gina]))) == 0
}

test_review_of_another_role_does_not_cover if {
	fs := lint([review("r1", role_scope(sprintf("/roleManagement/directory/roleDefinitions/%s", [ga])), quarterly, "InProgress")], holders(gr, [gina]))
	{f.object.id | some f in fs} == {gr}
}

test_unprivileged_role_is_not_flagged if {
	count(lint([], holders(reports, [eligible("e2", "rita", "Rita", reports)]))) == 0
}

test_role_without_holders_is_not_flagged if {
	count(lint([], {gr: {}})) == 0
}

test_many_holders_are_counted_and_related_is_capped if {
	insts := [eligible(sprintf("e%02d", [i]), sprintf("p%02d", [i]), sprintf("Person %02d", [i]), gr) | some i in numbers.range(1, 12)]
	some f in lint([], holders(gr, insts))
	count(f.related) == 10
	contains(f.message, "held by 12 principal(s) (Person 01, Person 02, Person 03, Person 04, Person 05 and 7 more)")
}
