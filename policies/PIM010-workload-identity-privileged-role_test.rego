package govlint.rules.pim010_test

import data.govlint.rules.pim010
import rego.v1

ga := "62e90394-69f5-4237-9190-012177145e10"

security_admin := "194ae4cb-b126-40b2-bd5b-6091b380977d"

reports_reader := "4a5d8f65-41da-4de4-8968-e035b65339cf"

inst(id, pid, type, role, extra) := object.union(
	{
		"id": id, "principalId": pid, "roleDefinitionId": role, "directoryScopeId": "/",
		"startDateTime": "2025-10-16T09:00:00Z", "endDateTime": null, "memberType": "Direct",
		"principal": {"@odata.type": sprintf("#microsoft.graph.%s", [type]), "id": pid, "displayName": upper(pid)},
	},
	extra,
)

standing := {"assignmentType": "Assigned"}

# roleHolders for a list of [instance, active?] pairs, as the Rust index builds it.
holders(pairs) := {role: {pid: {
	"active": [i | some [i, a] in pairs; i.roleDefinitionId == role; i.principalId == pid; a],
	"eligible": [i | some [i, a] in pairs; i.roleDefinitionId == role; i.principalId == pid; not a],
} |
	some [k, _] in pairs
	k.roleDefinitionId == role
	pid := k.principalId
} |
	some [j, _] in pairs
	role := j.roleDefinitionId
}

run(pairs) := fs if {
	fs := pim010.findings with input as {
		"now": "2026-11-20T09:00:00Z",
		"index": {"roleHolders": holders(pairs), "roleDefinitions": {}},
	}
}

test_service_principal_with_standing_global_admin_is_flagged if {
	fs := run([[inst("i1", "app", "servicePrincipal", ga, standing), true]])
	count(fs) == 1
	some f in fs
	f.object == {"collection": "servicePrincipals", "id": "app", "displayName": "APP"}
	f.key == ga
	f.related == [{"collection": "roleDefinitions", "id": ga, "displayName": "Global Administrator"}]
	contains(f.message, "Service principal APP holds Global Administrator (active)")
	[narrow, remove] := f.remediation.requests
	narrow.body.action == "adminAssign"
	narrow.body.roleDefinitionId == "{narrower-role-definition-id}"
	narrow.body.principalId == "app"
	remove.path == "/roleManagement/directory/roleAssignmentScheduleRequests"
	remove.body == {
		"action": "adminRemove", "principalId": "app", "roleDefinitionId": ga,
		"directoryScopeId": "/", "justification": "govlint PIM010: remove privileged role",
	}
	count(f.remediation.before.roleAssignmentScheduleInstances) == 1
	f.remediation.after.roleAssignmentScheduleInstances == []
}

test_eligible_service_principal_is_flagged_per_role if {
	fs := run([
		[inst("i1", "app", "servicePrincipal", security_admin, {}), false],
		[inst("i2", "app", "servicePrincipal", ga, standing), true],
	])
	count(fs) == 2
	some f in fs
	f.key == security_admin
	contains(f.message, "(eligible)")
	f.remediation.requests[1].path == "/roleManagement/directory/roleEligibilityScheduleRequests"
}

test_users_and_groups_are_not_flagged if {
	count(run([
		[inst("i1", "ann", "user", ga, standing), true],
		[inst("i2", "grp", "group", security_admin, {}), false],
	])) == 0
}

test_unprivileged_role_is_not_flagged if {
	count(run([[inst("i1", "app", "servicePrincipal", reports_reader, standing), true]])) == 0
}

test_role_through_a_group_is_flagged_but_not_removed_directly if {
	fs := run([[inst("i1", "app", "servicePrincipal", ga, object.union(standing, {"memberType": "Group"})), true]])
	count(fs) == 1
	some f in fs
	count(f.remediation.requests) == 1
	contains(f.remediation.summary, "remove the group membership")
}

test_service_principal_member_of_a_role_holding_group_is_flagged_with_its_path if {
	entry := inst("g-inst", "app", "servicePrincipal", ga, {
		"memberType": "Group", "assignmentType": "Assigned", "roleInstanceId": "g-inst", "groupId": "tier0",
		"via": [{"groupId": "tier0", "displayName": "Tier0 Admins", "membership": "member"}],
	})
	fs := run([[entry, true]])
	count(fs) == 1
	some f in fs
	contains(f.message, "Service principal APP holds Global Administrator (active via group Tier0 Admins (member))")
	{"collection": "groups", "id": "tier0", "displayName": "Tier0 Admins"} in f.related
	f.remediation.requests[1] == {"method": "DELETE", "path": "/groups/tier0/members/app/$ref"}
	not contains(f.remediation.summary, "remove the group membership")
}

test_agent_identity_and_managed_identity_are_flagged_and_named if {
	mi := object.union(inst("i2", "mi", "servicePrincipal", ga, standing), {"principal": {"@odata.type": "#microsoft.graph.servicePrincipal", "id": "mi", "displayName": "MI", "servicePrincipalType": "ManagedIdentity"}})
	fs := run([
		[inst("i1", "agent", "agentIdentity", security_admin, standing), true],
		[mi, true],
	])
	{f.object.id: f.message | some f in fs} == {
		"agent": "Agent identity AGENT holds Security Administrator (active); a workload's credentials are not protected by MFA or just-in-time activation.",
		"mi": "Managed identity MI holds Global Administrator (active); a workload's credentials are not protected by MFA or just-in-time activation.",
	}
	some f in fs
	f.object == {"collection": "servicePrincipals", "id": "agent", "displayName": "AGENT"}
}
