package govlint.lib.prv_test

import data.govlint.lib.prv
import rego.v1

sec_admin := "194ae4cb-b126-40b2-bd5b-6091b380977d"

reports_reader := "4a5d8f65-41da-4de4-8968-e035b65339cf"

inst(pid, role, extra) := object.union({"id": sprintf("%s-%s", [pid, role]), "principalId": pid, "roleDefinitionId": role, "directoryScopeId": "/", "memberType": "Direct"}, extra)

index := {
	"users": {"ann": {"id": "ann"}, "bob": {"id": "bob"}},
	"principalRoles": {
		"ann": {
			sec_admin: {"active": [], "eligible": [inst("ann", sec_admin, {})]},
			reports_reader: {"active": [inst("ann", reports_reader, {"assignmentType": "Assigned"})], "eligible": []},
		},
		"bob": {reports_reader: {"active": [], "eligible": [inst("bob", reports_reader, {})]}},
		"grp": {sec_admin: {"active": [], "eligible": [inst("grp", sec_admin, {})]}},
	},
}

test_privileged_users_are_users_with_a_privileged_role_and_only_those_roles if {
	pu := prv.privileged_users with input as {"index": index}
	object.keys(pu) == {"ann"}
	object.keys(pu.ann) == {sec_admin}
}

test_is_disabled_needs_an_explicit_false if {
	prv.is_disabled({"accountEnabled": false})
	not prv.is_disabled({"accountEnabled": true})
	not prv.is_disabled({"accountEnabled": null})
	not prv.is_disabled({})
}

test_removal_requests_cover_direct_eligible_and_standing_only if {
	roles := {sec_admin: {
		"active": [
			inst("ann", sec_admin, {"id": "standing", "assignmentType": "Assigned"}),
			inst("ann", sec_admin, {"id": "jit", "assignmentType": "Activated"}),
		],
		"eligible": [
			inst("ann", sec_admin, {"id": "direct"}),
			inst("ann", sec_admin, {"id": "direct-again"}),
			inst("ann", sec_admin, {"id": "via-group", "memberType": "Group", "directoryScopeId": "/administrativeUnits/x"}),
		],
	}}
	rs := prv.removal_requests("ann", roles, "TST001")

	# The two direct eligibilities at the same scope collapse into one request.
	count(rs) == 2
	{r.path | some r in rs} == {"/roleManagement/directory/roleAssignmentScheduleRequests", "/roleManagement/directory/roleEligibilityScheduleRequests"}
	after := prv.held_after(roles)
	{i.id | some i in after.roleAssignmentScheduleInstances} == {"jit"}
	{i.id | some i in after.roleEligibilityScheduleInstances} == {"via-group"}
	note := prv.unremovable_note(roles)
	contains(note, "remove the group membership")
	contains(note, "just-in-time activation")
}

test_no_note_when_the_requests_remove_everything if {
	prv.unremovable_note({sec_admin: {"active": [], "eligible": [inst("ann", sec_admin, {})]}}) == ""
}

test_roles_phrase_says_how_each_role_is_held if {
	roles := {
		sec_admin: {"active": [inst("ann", sec_admin, {})], "eligible": [inst("ann", sec_admin, {})]},
		"fe930be7-5e62-47db-91af-98c3a49a38b1": {"active": [], "eligible": [inst("ann", "fe930be7-5e62-47db-91af-98c3a49a38b1", {})]},
	}
	prv.roles_phrase(roles) == "Security Administrator (active and eligible), User Administrator (eligible)"
}
