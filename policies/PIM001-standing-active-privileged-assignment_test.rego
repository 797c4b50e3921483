package govlint.rules.pim001_test

import data.govlint.rules.pim001
import rego.v1

ga := "62e90394-69f5-4237-9190-012177145e10"

inst(id, pid, type, assignment_type) := {
	"id": id, "principalId": pid, "roleDefinitionId": ga, "directoryScopeId": "/",
	"assignmentType": assignment_type, "memberType": "Direct", "startDateTime": null, "endDateTime": null,
	"principal": {"@odata.type": sprintf("#microsoft.graph.%s", [type]), "id": pid, "displayName": pid},
}

holders(instances) := {"roleHolders": {ga: {i.principalId: {"active": [i], "eligible": []} | some i in instances}}}

base := {"now": "2026-11-20T09:00:00Z", "now_ns": 0}

test_standing_assigned_user_is_flagged if {
	fs := pim001.findings with input as object.union(base, {"index": holders([inst("a1", "ava", "user", "Assigned")])})
	count(fs) == 1
	some f in fs
	f.object.id == "a1"
	contains(f.message, "permanent")
	f.remediation.requests[0].body.action == "adminAssign"
}

test_activated_instance_is_jit_not_flagged if {
	fs := pim001.findings with input as object.union(base, {"index": holders([inst("a2", "ben", "user", "Activated")])})
	count(fs) == 0
}

test_service_principal_is_not_flagged if {
	fs := pim001.findings with input as object.union(base, {"index": holders([inst("a3", "app", "servicePrincipal", "Assigned")])})
	count(fs) == 0
}

test_agent_identity_is_not_flagged if {
	fs := pim001.findings with input as object.union(base, {"index": holders([inst("a4", "agent", "agentIdentity", "Assigned")])})
	count(fs) == 0
}

test_unprivileged_role_is_not_flagged if {
	i := object.union(inst("a4", "cy", "user", "Assigned"), {"roleDefinitionId": "88d8e3e3-8f55-4a1e-953a-9b9898b8876b"})
	fs := pim001.findings with input as object.union(base, {"index": {"roleHolders": {"88d8e3e3-8f55-4a1e-953a-9b9898b8876b": {"cy": {"active": [i], "eligible": []}}}}})
	count(fs) == 0
}

test_emergency_access_account_is_skipped_and_reported if {
	inp := object.union(base, {"index": holders([inst("a5", "breakglass", "user", "Assigned")])})
	fs := pim001.findings with input as inp with data.govlint.config.emergency_access as ["breakglass"]
	count(fs) == 0
	sk := pim001.skipped with input as inp with data.govlint.config.emergency_access as ["breakglass"]
	some s in sk
	s.object.id == "breakglass"
}

test_emergency_access_by_upn if {
	inp := object.union(base, {"index": object.union(
		holders([inst("a7", "bg-id", "user", "Assigned")]),
		{"users": {"bg-id": {"id": "bg-id", "userPrincipalName": "BreakGlass@Contoso.com"}}},
	)})
	fs := pim001.findings with input as inp with data.govlint.config.emergency_access as ["breakglass@contoso.com"]
	count(fs) == 0
}

test_time_bound_assignment_is_still_standing if {
	i := object.union(inst("a6", "dee", "user", "Assigned"), {"endDateTime": "2027-01-01T00:00:00Z"})
	fs := pim001.findings with input as object.union(base, {"index": holders([i])})
	some f in fs
	contains(f.message, "until 2027-01-01T00:00:00Z")
}

# A group's standing assignment, and the entries the holders index derives for its members.
group_inst := object.union(inst("g1", "tier0", "group", "Assigned"), {"principal": {"@odata.type": "#microsoft.graph.group", "id": "tier0", "displayName": "Tier0 Admins"}})

member_entry(pid, name, membership, type) := {
	"principalId": pid, "roleDefinitionId": ga, "directoryScopeId": "/", "memberType": "Group",
	"assignmentType": type, "roleInstanceId": "g1", "groupId": "tier0",
	"principal": {"@odata.type": "#microsoft.graph.user", "id": pid, "displayName": name},
	"via": [{"groupId": "ops", "displayName": "Tier0 Operators", "membership": membership}, {"groupId": "tier0", "displayName": "Tier0 Admins", "membership": "member"}],
}

test_group_standing_assignment_names_the_members_it_reaches_once if {
	nia := member_entry("nia", "Nia", "member", "Assigned")
	jit := member_entry("jo", "Jo", "activeMember", "Activated")
	idx := {"roleHolders": {ga: {
		"tier0": {"active": [group_inst], "eligible": []},
		"nia": {"active": [nia], "eligible": []},
		"jo": {"active": [jit], "eligible": []},
	}}}
	fs := pim001.findings with input as object.union(base, {"index": idx})
	count(fs) == 1
	some f in fs
	f.object.id == "g1"
	contains(f.message, "through it 1 hold(s) it standing: Nia via group Tier0 Operators (member) → group Tier0 Admins (member)")
	not contains(f.message, "Jo")
	"nia" in {r.id | some r in f.related}
}

test_member_through_a_group_is_not_flagged_on_its_own if {
	nia := member_entry("nia", "Nia", "member", "Assigned")
	fs := pim001.findings with input as object.union(base, {"index": {"roleHolders": {ga: {"nia": {"active": [nia], "eligible": []}}}}})
	count(fs) == 0
}
