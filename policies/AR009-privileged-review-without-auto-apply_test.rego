package govlint.rules.ar009_test

import data.govlint.rules.ar009
import rego.v1

now := "2026-11-20T09:00:00Z"

ga := "62e90394-69f5-4237-9190-012177145e10" # Global Administrator (privileged)

reports := "4a5d8f65-41da-4de4-8968-e035b65339cf" # Reports Reader (not privileged)

quarterly := {"pattern": {"type": "absoluteMonthly", "interval": 3}, "range": {"type": "noEnd", "startDate": "2026-01-01", "endDate": "9999-12-31"}}

once := {"pattern": null, "range": {"type": "endDate", "startDate": "2026-11-01", "endDate": "2026-11-15"}}

settings(auto_apply, default_on, default_decision, recurrence) := {
	"mailNotificationsEnabled": true, "defaultDecisionEnabled": default_on, "defaultDecision": default_decision,
	"instanceDurationInDays": 14, "autoApplyDecisionsEnabled": auto_apply, "recurrence": recurrence,
}

review(id, role, s) := {
	"id": id, "displayName": sprintf("Review %s", [id]), "status": "InProgress",
	"createdDateTime": "2026-01-01T00:00:00Z", "createdBy": {"id": "u1"},
	"scope": {"@odata.type": "#microsoft.graph.accessReviewQueryScope", "queryType": "MicrosoftGraph", "query": sprintf("/roleManagement/directory/roleDefinitions/%s", [role])},
	"instanceEnumerationScope": null,
	"reviewers": [{"query": "./manager", "queryType": "MicrosoftGraph"}],
	"settings": s,
	"instances": [{"id": "i1", "status": "InProgress", "decisions": []}],
}

run(defs) := fs if {
	fs := ar009.findings with input as {"now": now, "now_ns": 0, "tenant": {"id": "t", "cloud": "global"}, "collections": {"accessReviewDefinitions": defs}}
}

test_privileged_review_without_auto_apply_is_flagged if {
	fs := run([review("r1", ga, settings(false, false, "None", quarterly))])
	count(fs) == 1
	some f in fs
	f.object == {"collection": "accessReviewDefinitions", "id": "r1", "displayName": "Review r1"}
	[rel] := f.related
	rel.id == ga
	contains(f.message, "does not apply its decisions automatically")
	not contains(f.message, "Approve")
	[req] := f.remediation.requests
	req.method == "PUT"
	req.path == "/identityGovernance/accessReviews/definitions/r1"
	req.body.settings.autoApplyDecisionsEnabled == true
	req.body.settings.recurrence == quarterly
	not req.body.instances
	not req.body.id
	f.remediation.patch == {"settings": {"autoApplyDecisionsEnabled": true}}
	not contains(f.remediation.summary, "defaultDecisionEnabled")
	not f.remediation.before.instances
}

test_default_approve_is_flagged if {
	fs := run([review("r2", ga, settings(true, true, "Approve", quarterly))])
	count(fs) == 1
	some f in fs
	contains(f.message, "defaultDecision Approve")
	not contains(f.message, "autoApplyDecisionsEnabled false")
	f.remediation.patch.settings == {"autoApplyDecisionsEnabled": true, "defaultDecisionEnabled": false, "defaultDecision": "None"}
	contains(f.remediation.summary, "defaultDecisionEnabled false")
}

test_both_problems_in_one_finding if {
	fs := run([review("r3", ga, settings(false, true, "approve", quarterly))])
	count(fs) == 1
	some f in fs
	contains(f.message, "autoApplyDecisionsEnabled false) and approves")
}

test_sane_review_and_look_alikes_are_clean if {
	count(run([
		review("r4", ga, settings(true, false, "None", quarterly)),
		# a default that is not Approve, or Approve that is not enabled
		review("r5", ga, settings(true, true, "Deny", quarterly)),
		review("r6", ga, settings(true, true, "Recommendation", quarterly)),
		review("r7", ga, settings(true, false, "Approve", quarterly)),
		# not a privileged role
		review("r8", reports, settings(false, true, "Approve", quarterly)),
		# one-time
		review("r9", ga, settings(false, false, "None", once)),
	])) == 0
}

test_ended_or_completed_series_is_not_flagged if {
	ended := {"pattern": {"type": "absoluteMonthly", "interval": 3}, "range": {"type": "endDate", "startDate": "2025-01-01", "endDate": "2026-06-30"}}
	completed := object.union(review("r11", ga, settings(false, false, "None", quarterly)), {"status": "Completed"})
	count(run([review("r10", ga, settings(false, false, "None", ended)), completed])) == 0
}

test_role_in_a_filter_query_counts if {
	d := object.union(review("r12", reports, settings(false, false, "None", quarterly)), {"scope": {
		"@odata.type": "#microsoft.graph.principalResourceMembershipsScope",
		"principalScopes": [{"query": "/users", "queryType": "MicrosoftGraph"}],
		"resourceScopes": [{"query": sprintf("/roleManagement/directory/roleAssignmentScheduleInstances?$filter=roleDefinitionId eq '%s'", [ga]), "queryType": "MicrosoftGraph"}],
	}})
	count(run([d])) == 1
}
