package govlint.rules.pim013_test

import data.govlint.rules.pim013
import rego.v1

ga := "62e90394-69f5-4237-9190-012177145e10"

security_admin := "194ae4cb-b126-40b2-bd5b-6091b380977d"

reports_reader := "4a5d8f65-41da-4de4-8968-e035b65339cf"

now := "2026-11-20T09:00:00Z"

eligible(pid, role, start, extra) := object.union(
	{
		"id": sprintf("%s-%s", [pid, role]), "principalId": pid, "roleDefinitionId": role, "directoryScopeId": "/",
		"startDateTime": start, "endDateTime": "2027-06-01T00:00:00Z", "memberType": "Direct",
		"roleEligibilityScheduleId": "s1",
		"principal": {"@odata.type": "#microsoft.graph.user", "id": pid, "displayName": upper(pid)},
	},
	extra,
)

activation(pid, role, created, status) := {
	"id": sprintf("req-%s-%s-%s", [pid, role, created]), "action": "selfActivate", "principalId": pid,
	"roleDefinitionId": role, "directoryScopeId": "/", "status": status, "createdDateTime": created,
	"completedDateTime": created, "justification": "incident",
	"scheduleInfo": {"startDateTime": created, "expiration": {"type": "afterDuration", "duration": "PT4H"}},
}

run(elig, reqs) := fs if {
	fs := pim013.findings with input as {
		"now": now, "now_ns": time.parse_rfc3339_ns(now),
		"collections": {"roleEligibilityScheduleInstances": elig, "roleAssignmentScheduleRequests": reqs},
		"index": {"roleDefinitions": {}},
	}
}

old := "2025-10-16T09:00:00Z"

test_old_eligibility_never_activated_is_flagged if {
	fs := run([eligible("ann", security_admin, old, {})], [])
	count(fs) == 1
	some f in fs
	f.object == {"collection": "users", "id": "ann", "displayName": "ANN"}
	f.key == security_admin
	f.related == [{"collection": "roleDefinitions", "id": security_admin, "displayName": "Security Administrator"}]
	f.message == "ANN has been eligible for Security Administrator for 400 days (since 2025-10-16) and has not asked to activate it in the last 90 days."
	[req] := f.remediation.requests
	req.path == "/roleManagement/directory/roleEligibilityScheduleRequests"
	req.body == {
		"action": "adminRemove", "principalId": "ann", "roleDefinitionId": security_admin,
		"directoryScopeId": "/", "justification": "govlint PIM013: eligibility not activated in 90 days",
	}
	f.remediation.before.id == "ann-194ae4cb-b126-40b2-bd5b-6091b380977d"
	f.remediation.after == null
}

test_recent_activation_keeps_it_clean if {
	count(run([eligible("ann", security_admin, old, {})], [activation("ann", security_admin, "2026-10-01T10:00:00Z", "Provisioned")])) == 0
}

test_pending_activation_counts_as_use if {
	count(run([eligible("ann", security_admin, old, {})], [activation("ann", security_admin, "2026-11-19T10:00:00Z", "PendingApproval")])) == 0
}

test_old_activation_does_not_count if {
	# 100 days ago: outside the 90-day window.
	count(run([eligible("ann", security_admin, old, {})], [activation("ann", security_admin, "2026-08-12T09:00:00Z", "Provisioned")])) == 1
}

test_refused_activation_does_not_count if {
	every s in ["Denied", "Failed", "Canceled"] {
		count(run([eligible("ann", security_admin, old, {})], [activation("ann", security_admin, "2026-11-01T09:00:00Z", s)])) == 1
	}
}

test_activation_of_another_role_or_by_another_user_does_not_count if {
	count(run(
		[eligible("ann", security_admin, old, {})],
		[activation("ann", ga, "2026-11-01T09:00:00Z", "Provisioned"), activation("bob", security_admin, "2026-11-01T09:00:00Z", "Provisioned")],
	)) == 1
}

test_admin_assign_request_is_not_an_activation if {
	req := object.union(activation("ann", security_admin, "2026-11-01T09:00:00Z", "Provisioned"), {"action": "adminAssign"})
	count(run([eligible("ann", security_admin, old, {})], [req])) == 1
}

test_young_eligibility_is_not_flagged if {
	# Eligible since 60 days ago: it has not had 90 days to be used.
	count(run([eligible("ann", security_admin, "2026-09-21T09:00:00Z", {})], [])) == 0
}

test_missing_start_is_judged if {
	fs := run([eligible("ann", security_admin, null, {})], [])
	some f in fs
	contains(f.message, "since an unrecorded date")
}

test_expired_and_unprivileged_eligibilities_are_not_flagged if {
	count(run(
		[
			eligible("ann", security_admin, old, {"endDateTime": "2026-11-01T00:00:00Z"}),
			eligible("bob", reports_reader, old, {}),
		],
		[],
	)) == 0
}

test_group_inherited_and_group_principals_are_not_flagged if {
	fs := run(
		[
			eligible("ann", security_admin, old, {"memberType": "Group"}),
			eligible("grp", security_admin, old, {"principal": {"@odata.type": "#microsoft.graph.group", "id": "grp", "displayName": "Tier0"}}),
		],
		[],
	)
	count(fs) == 0
	skipped := pim013.skipped with input as {
		"now": now, "now_ns": time.parse_rfc3339_ns(now),
		"collections": {"roleEligibilityScheduleInstances": [eligible("grp", security_admin, old, {"principal": {"@odata.type": "#microsoft.graph.group", "id": "grp", "displayName": "Tier0"}})], "roleAssignmentScheduleRequests": []},
		"index": {"roleDefinitions": {}},
	}
	some s in skipped
	s.object.id == "grp"
	contains(s.reason, "eligible group")
}

test_one_finding_per_scope if {
	fs := run(
		[
			eligible("ann", security_admin, old, {}),
			eligible("ann", security_admin, old, {"id": "x2", "directoryScopeId": "/administrativeUnits/au1"}),
		],
		[],
	)
	count(fs) == 2
	{f.key | some f in fs} == {security_admin, sprintf("%s /administrativeUnits/au1", [security_admin])}
}

test_threshold_comes_from_config if {
	# 30 days: the activation 40 days ago no longer counts.
	fs := pim013.findings with input as {
		"now": now, "now_ns": time.parse_rfc3339_ns(now),
		"collections": {
			"roleEligibilityScheduleInstances": [eligible("ann", security_admin, old, {})],
			"roleAssignmentScheduleRequests": [activation("ann", security_admin, "2026-10-11T09:00:00Z", "Provisioned")],
		},
		"index": {"roleDefinitions": {}},
	}
		with data.govlint.config.thresholds.eligible_unused_days as 30
	count(fs) == 1
	some f in fs
	contains(f.message, "in the last 30 days")
}

test_request_without_a_readable_time_does_not_count if {
	req := object.union(activation("ann", security_admin, "x", "Provisioned"), {"scheduleInfo": null})
	count(run([eligible("ann", security_admin, old, {})], [req])) == 1
}
