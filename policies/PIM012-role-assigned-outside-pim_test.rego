package govlint.rules.pim012_test

import data.govlint.rules.pim012
import rego.v1

ga := "62e90394-69f5-4237-9190-012177145e10"

security_admin := "194ae4cb-b126-40b2-bd5b-6091b380977d"

reports_reader := "4a5d8f65-41da-4de4-8968-e035b65339cf"

ra(id, pid, role) := {"id": id, "principalId": pid, "roleDefinitionId": role, "directoryScopeId": "/"}

inst(id, origin, pid, role, start, extra) := object.union(
	{
		"id": id, "principalId": pid, "roleDefinitionId": role, "directoryScopeId": "/",
		"startDateTime": start, "endDateTime": null, "assignmentType": "Assigned", "memberType": "Direct",
		"roleAssignmentOriginId": origin, "roleAssignmentScheduleId": id,
		"principal": {"@odata.type": _type(pid), "id": pid, "displayName": upper(pid)},
	},
	extra,
)

_type(pid) := "#microsoft.graph.servicePrincipal" if startswith(pid, "app")

_type(pid) := "#microsoft.graph.user" if not startswith(pid, "app")

started := "2025-10-16T09:00:00Z"

run(assignments, insts) := fs if {
	fs := pim012.findings with input as {
		"now": "2026-11-20T09:00:00Z",
		"collections": {"roleAssignments": assignments, "roleAssignmentScheduleInstances": insts},
		"index": {"roleAssignmentScheduleInstances": {i.id: i | some i in insts}, "users": {"bob": {"id": "bob", "displayName": "Bob Direct"}}, "roleDefinitions": {}},
	}
}

test_assignment_listed_without_start_is_flagged if {
	fs := run([ra("a1", "ann", ga)], [inst("a1", "a1", "ann", ga, null, {})])
	count(fs) == 1
	some f in fs
	f.object == {"collection": "roleAssignments", "id": "a1", "displayName": "Global Administrator for ANN"}
	f.related[0] == {"collection": "users", "id": "ann", "displayName": "ANN"}
	contains(f.message, "ANN holds Global Administrator through a direct role assignment made outside PIM")
	contains(f.message, "no start date")
	[grant, delete] := f.remediation.requests
	grant.path == "/roleManagement/directory/roleEligibilityScheduleRequests"
	grant.body.action == "adminAssign"
	grant.body.principalId == "ann"
	grant.body.roleDefinitionId == ga
	grant.body.directoryScopeId == "/"
	grant.body.scheduleInfo == {"startDateTime": "2026-11-20T09:00:00Z", "expiration": {"type": "afterDuration", "duration": "P365D"}}
	delete == {"method": "DELETE", "path": "/roleManagement/directory/roleAssignments/a1"}
	f.remediation.before.roleAssignment.id == "a1"
	f.remediation.after.roleAssignment == null
	f.remediation.after.pimSchedule.action == "adminAssign"
}

test_assignment_pim_never_saw_is_flagged if {
	fs := run([ra("a2", "bob", security_admin)], [])
	count(fs) == 1
	some f in fs
	contains(f.message, "PIM has no schedule instance for it")

	# Named from the users index.
	f.related[0] == {"collection": "users", "id": "bob", "displayName": "Bob Direct"}
	not contains(f.remediation.summary, "if it is a service principal")
}

test_unknown_principal_is_named_by_id if {
	fs := run([ra("a5", "zed", security_admin)], [])
	some f in fs
	f.related[0] == {"collection": "directoryObjects", "id": "zed", "displayName": "zed"}
	contains(f.remediation.summary, "if it is a service principal")
}

test_pim_managed_assignment_matched_by_origin_is_clean if {
	count(run([ra("a1", "ann", ga)], [inst("a1", "a1", "ann", ga, started, {})])) == 0
}

test_pim_managed_assignment_matched_by_principal_role_scope_is_clean if {
	# The instance's ids differ from the assignment's (an activation, say): matched by key.
	count(run(
		[ra("a1", "ann", ga)],
		[inst("i9", "o9", "ann", ga, started, {"assignmentType": "Activated"})],
	)) == 0
}

test_key_match_needs_the_same_scope if {
	fs := run(
		[object.union(ra("a1", "ann", ga), {"directoryScopeId": "/administrativeUnits/au1"})],
		[inst("i9", "o9", "ann", ga, started, {})],
	)
	count(fs) == 1
	some f in fs
	contains(f.message, "(scope /administrativeUnits/au1)")
	f.remediation.requests[0].body.directoryScopeId == "/administrativeUnits/au1"
}

test_key_match_ignores_group_instances if {
	# A member's view of its group's assignment does not manage the member's own assignment.
	count(run(
		[ra("a1", "ann", ga)],
		[inst("i9", "o9", "ann", ga, started, {"memberType": "Group"})],
	)) == 1
}

test_unprivileged_role_is_not_flagged if {
	count(run([ra("a3", "ann", reports_reader)], [])) == 0
}

test_service_principal_gets_an_active_pim_assignment if {
	fs := run([ra("a4", "app1", ga)], [inst("a4", "a4", "app1", ga, null, {})])
	some f in fs
	f.related[0].collection == "servicePrincipals"
	f.remediation.requests[0].path == "/roleManagement/directory/roleAssignmentScheduleRequests"
	f.remediation.requests[0].body.scheduleInfo.expiration.duration == "P180D"
	contains(f.remediation.summary, "cannot activate")
}

test_garbage_start_counts_as_no_start if {
	count(run([ra("a1", "ann", ga)], [inst("a1", "a1", "ann", ga, "yesterday", {})])) == 1
}

test_assignment_without_ids_is_skipped_not_an_error if {
	count(run([{"id": null, "principalId": "ann", "roleDefinitionId": ga}], [])) == 0
}
