package govlint.rules.pim002_test

import data.govlint.rules.pim002
import rego.v1

helpdesk := "729827e3-9c14-49f7-bb1b-9608f156bbb8"

reports_reader := "4a5d8f65-41da-4de4-8968-e035b65339cf"

now := "2026-11-20T09:00:00Z"

elig(id, pid, type, role, end) := {
	"id": id, "principalId": pid, "roleDefinitionId": role, "directoryScopeId": "/", "appScopeId": null,
	"startDateTime": "2025-10-16T09:00:00Z", "endDateTime": end, "memberType": "Direct",
	"roleEligibilityScheduleId": id,
	"principal": {"@odata.type": sprintf("#microsoft.graph.%s", [type]), "id": pid, "displayName": upper(pid)},
}

input_of(instances) := {
	"now": now, "now_ns": time.parse_rfc3339_ns(now),
	"collections": {"roleEligibilityScheduleInstances": instances},
	"index": {"users": {}},
}

run(instances) := fs if {
	fs := pim002.findings with input as input_of(instances)
}

test_permanent_eligible_privileged_user_is_flagged if {
	fs := run([elig("e1", "hana", "user", helpdesk, null)])
	count(fs) == 1
	some f in fs
	f.object == {"collection": "roleEligibilityScheduleInstances", "id": "e1", "displayName": "HANA: Helpdesk Administrator"}
	contains(f.message, "eligible for Helpdesk Administrator permanently")
	f.related[0] == {"collection": "users", "id": "hana", "displayName": "HANA"}
	f.related[1].id == helpdesk
	req := f.remediation.requests[0]
	req.method == "POST"
	req.path == "/roleManagement/directory/roleEligibilityScheduleRequests"
	req.body.action == "adminUpdate"
	req.body.principalId == "hana"
	req.body.roleDefinitionId == helpdesk
	req.body.scheduleInfo == {"startDateTime": now, "expiration": {"type": "afterDuration", "duration": "P365D"}}
	f.remediation.before.endDateTime == null
	f.remediation.after.endDateTime == "2027-11-20T09:00:00Z"
	f.remediation.after.startDateTime == now
}

test_time_bound_eligibility_is_not_flagged if {
	count(run([elig("e2", "ben", "user", helpdesk, "2027-02-28T09:00:00Z")])) == 0
}

test_unprivileged_role_is_not_flagged if {
	count(run([elig("e3", "rita", "user", reports_reader, null)])) == 0
}

test_empty_end_counts_as_permanent if {
	fs := run([elig("e4", "cy", "user", helpdesk, "")])
	count(fs) == 1
}

test_future_start_is_not_in_effect_yet if {
	i := object.union(elig("e5", "dee", "user", helpdesk, null), {"startDateTime": "2026-12-01T09:00:00Z"})
	count(run([i])) == 0
}

test_unreadable_start_counts_as_in_effect if {
	i := object.union(elig("e6", "eve", "user", helpdesk, null), {"startDateTime": "last tuesday"})
	fs := run([i])
	count(fs) == 1
}

test_emergency_access_by_id_is_skipped if {
	fs := pim002.findings with input as {
		"now": now, "now_ns": time.parse_rfc3339_ns(now),
		"collections": {"roleEligibilityScheduleInstances": [elig("e7", "bg1", "user", helpdesk, null)]},
		"index": {"users": {}},
	}
		with data.govlint.config.emergency_access as ["bg1"]
	count(fs) == 0
	sk := pim002.skipped with input as input_of([elig("e7", "bg1", "user", helpdesk, null)])
		with data.govlint.config.emergency_access as ["bg1"]
	count(sk) == 1
	some s in sk
	s.object == {"collection": "users", "id": "bg1", "displayName": "BG1"}
	contains(s.reason, "emergency-access")
}

test_emergency_access_by_expanded_principal_upn_is_skipped if {
	i := object.union(elig("e11", "bg3", "user", helpdesk, null), {"principal": {"userPrincipalName": "BG3@contoso.com"}})
	fs := pim002.findings with input as input_of([i])
		with data.govlint.config.emergency_access as ["bg3@contoso.com"]
	count(fs) == 0
}

test_emergency_access_by_upn_is_skipped if {
	fs := pim002.findings with input as {
		"now": now, "now_ns": time.parse_rfc3339_ns(now),
		"collections": {"roleEligibilityScheduleInstances": [elig("e8", "bg2", "user", helpdesk, null)]},
		"index": {"users": {"bg2": {"id": "bg2", "displayName": "Break Glass", "userPrincipalName": "BreakGlass2@contoso.com"}}},
	}
		with data.govlint.config.emergency_access as ["breakglass2@contoso.com"]
	count(fs) == 0
}

test_groups_and_service_principals_are_flagged_too if {
	fs := run([elig("e9", "grp", "group", helpdesk, null), elig("e10", "app", "servicePrincipal", helpdesk, null)])
	count(fs) == 2
	some g in fs
	g.object.id == "e9"
	g.related[0].collection == "groups"
	contains(g.message, "(group)")
	some s in fs
	s.object.id == "e10"
	s.related[0].collection == "servicePrincipals"
}

test_eligibility_inherited_through_a_group_is_not_flagged_on_the_member if {
	member := object.union(elig("e12", "mia", "user", helpdesk, null), {"memberType": "Group"})
	group := elig("e13", "grp", "group", helpdesk, null)
	fs := run([member, group])
	{f.object.id | some f in fs} == {"e13"}
}
