package govlint.rules.prv003_test

import data.govlint.rules.prv003
import rego.v1

sec_admin := "194ae4cb-b126-40b2-bd5b-6091b380977d"

helpdesk := "729827e3-9c14-49f7-bb1b-9608f156bbb8"

reports_reader := "4a5d8f65-41da-4de4-8968-e035b65339cf"

user(id, enabled) := {"id": id, "displayName": sprintf("User %s", [id]), "userType": "Member", "accountEnabled": enabled}

eligible(uid, role) := {"id": sprintf("e-%s-%s", [uid, role]), "principalId": uid, "roleDefinitionId": role, "directoryScopeId": "/", "memberType": "Direct"}

assigned(uid, role) := {"id": sprintf("a-%s-%s", [uid, role]), "principalId": uid, "roleDefinitionId": role, "directoryScopeId": "/administrativeUnits/au1", "memberType": "Direct", "assignmentType": "Assigned"}

tenant(u, roles) := {"now": "2026-11-20T09:00:00Z", "now_ns": 0, "index": {"users": {u.id: u}, "principalRoles": {u.id: roles}}}

test_disabled_privileged_user_is_flagged_and_every_role_removed if {
	roles := {
		sec_admin: {"active": [], "eligible": [eligible("dora", sec_admin)]},
		helpdesk: {"active": [assigned("dora", helpdesk)], "eligible": []},
	}
	fs := prv003.findings with input as tenant(user("dora", false), roles)
	count(fs) == 1
	some f in fs
	f.object == {"collection": "users", "id": "dora", "displayName": "User dora"}
	{r.id | some r in f.related} == {sec_admin, helpdesk}
	f.message == "User dora is disabled but still holds Helpdesk Administrator (active), Security Administrator (eligible)."
	count(f.remediation.requests) == 2
	{r | some r in f.remediation.requests} == {
		{"method": "POST", "path": "/roleManagement/directory/roleAssignmentScheduleRequests", "body": {"action": "adminRemove", "principalId": "dora", "roleDefinitionId": helpdesk, "directoryScopeId": "/administrativeUnits/au1", "justification": "govlint PRV003: remove privileged role"}},
		{"method": "POST", "path": "/roleManagement/directory/roleEligibilityScheduleRequests", "body": {"action": "adminRemove", "principalId": "dora", "roleDefinitionId": sec_admin, "directoryScopeId": "/", "justification": "govlint PRV003: remove privileged role"}},
	}
	f.remediation.after == {"roleAssignmentScheduleInstances": [], "roleEligibilityScheduleInstances": []}
}

test_enabled_privileged_user_is_not_flagged if {
	fs := prv003.findings with input as tenant(user("erin", true), {sec_admin: {"active": [], "eligible": [eligible("erin", sec_admin)]}})
	count(fs) == 0
}

test_disabled_user_with_unprivileged_role_is_not_flagged if {
	fs := prv003.findings with input as tenant(user("finn", false), {reports_reader: {"active": [], "eligible": [eligible("finn", reports_reader)]}})
	count(fs) == 0
}

test_unknown_account_state_is_not_flagged if {
	fs := prv003.findings with input as tenant(object.remove(user("gia", false), ["accountEnabled"]), {sec_admin: {"active": [], "eligible": [eligible("gia", sec_admin)]}})
	count(fs) == 0
}

test_disabled_user_with_no_role_in_effect_is_not_flagged if {
	# Expired instances never reach principalRoles: a user absent from it holds nothing now.
	t := {"now": "2026-11-20T09:00:00Z", "now_ns": 0, "index": {"users": {"hal": user("hal", false)}, "principalRoles": {}}}
	fs := prv003.findings with input as t
	count(fs) == 0
}
