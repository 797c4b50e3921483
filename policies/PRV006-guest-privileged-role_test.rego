package govlint.rules.prv006_test

import data.govlint.rules.prv006
import rego.v1

exchange_admin := "29232cdf-9323-42fd-ade2-1d097af3e4de"

reports_reader := "4a5d8f65-41da-4de4-8968-e035b65339cf"

user(id, type) := {"id": id, "displayName": sprintf("User %s", [id]), "userType": type, "accountEnabled": true}

eligible(uid, role) := {"id": sprintf("e-%s", [uid]), "principalId": uid, "roleDefinitionId": role, "directoryScopeId": "/", "memberType": "Direct"}

activated(uid, role) := {"id": sprintf("a-%s", [uid]), "principalId": uid, "roleDefinitionId": role, "directoryScopeId": "/", "memberType": "Direct", "assignmentType": "Activated"}

tenant(u, roles) := {"now": "2026-11-20T09:00:00Z", "now_ns": 0, "index": {"users": {u.id: u}, "principalRoles": {u.id: roles}}}

test_guest_with_privileged_role_is_flagged if {
	fs := prv006.findings with input as tenant(user("gwen", "Guest"), {exchange_admin: {"active": [], "eligible": [eligible("gwen", exchange_admin)]}})
	count(fs) == 1
	some f in fs
	f.object == {"collection": "users", "id": "gwen", "displayName": "User gwen"}
	f.related == [{"collection": "roleDefinitions", "id": exchange_admin, "displayName": "Exchange Administrator"}]
	f.message == "Guest User gwen holds Exchange Administrator (eligible)."
	f.remediation.requests == [{"method": "POST", "path": "/roleManagement/directory/roleEligibilityScheduleRequests", "body": {
		"action": "adminRemove", "principalId": "gwen", "roleDefinitionId": exchange_admin, "directoryScopeId": "/",
		"justification": "govlint PRV006: remove privileged role",
	}}]
	f.remediation.after == {"roleAssignmentScheduleInstances": [], "roleEligibilityScheduleInstances": []}
}

test_member_with_privileged_role_is_not_flagged if {
	fs := prv006.findings with input as tenant(user("mona", "Member"), {exchange_admin: {"active": [], "eligible": [eligible("mona", exchange_admin)]}})
	count(fs) == 0
}

test_guest_with_unprivileged_role_is_not_flagged if {
	fs := prv006.findings with input as tenant(user("gil", "Guest"), {reports_reader: {"active": [], "eligible": [eligible("gil", reports_reader)]}})
	count(fs) == 0
}

test_user_type_is_compared_case_insensitively if {
	fs := prv006.findings with input as tenant(user("gus", "guest"), {exchange_admin: {"active": [], "eligible": [eligible("gus", exchange_admin)]}})
	count(fs) == 1
}

test_guest_holding_only_an_activation_gets_no_request_and_a_note if {
	fs := prv006.findings with input as tenant(user("gia", "Guest"), {exchange_admin: {"active": [activated("gia", exchange_admin)], "eligible": []}})
	count(fs) == 1
	some f in fs
	f.message == "Guest User gia holds Exchange Administrator (active)."
	f.remediation.requests == []
	contains(f.remediation.summary, "just-in-time activation is not covered")
}
