package govlint.rules.grp001_test

import data.govlint.rules.grp001
import rego.v1

ga := "62e90394-69f5-4237-9190-012177145e10"

reports_reader := "4a5d8f65-41da-4de4-8968-e035b65339cf"

owner(id, type, enabled) := {"@odata.type": "#microsoft.graph.user", "id": id, "displayName": sprintf("User %s", [id]), "userType": type, "accountEnabled": enabled}

group(id, owners) := {"id": id, "displayName": sprintf("Group %s", [id]), "owners": owners}

# A group holding `role` as the principal of an eligible instance.
tenant(groups, role) := {
	"now": "2026-11-20T09:00:00Z", "now_ns": 0,
	"collections": {"accessPackages": [], "privilegedAccessGroupEligibilityScheduleInstances": [], "privilegedAccessGroupAssignmentScheduleInstances": []},
	"index": {
		"groups": {g.id: g | some g in groups},
		"users": {},
		"roleHolders": {role: {groups[0].id: {"active": [], "eligible": [{"id": "i1", "principalId": groups[0].id, "roleDefinitionId": role}]}}},
	},
}

test_privileged_group_without_owner_is_flagged if {
	fs := grp001.findings with input as tenant([group("ops", [])], ga)
	count(fs) == 1
	some f in fs
	f.object == {"collection": "groups", "id": "ops", "displayName": "Group ops"}
	f.message == "Group Group ops grants Global Administrator, and has no owner."
	f.remediation.requests == [{"method": "POST", "path": "/groups/ops/owners/$ref", "body": {"@odata.id": "https://graph.microsoft.com/v1.0/users/{owner-user-id}"}}]
	f.remediation.after.owners == [{"@odata.type": "#microsoft.graph.user", "id": "{owner-user-id}", "userType": "Member", "accountEnabled": true}]
}

test_owned_only_by_guest_and_disabled_is_flagged_and_they_are_removed if {
	owners := [owner("lin", "Guest", true), owner("olga", "Member", false)]
	fs := grp001.findings with input as tenant([group("pra", owners)], ga)
	some f in fs
	contains(f.message, "is owned only by User lin (guest), User olga (disabled).")
	[f.remediation.requests[1].path, f.remediation.requests[2].path] == ["/groups/pra/owners/lin/$ref", "/groups/pra/owners/olga/$ref"]
	f.remediation.requests[1].method == "DELETE"
	[r.id | some r in f.related] == ["lin", "olga"]
}

test_application_owner_is_not_accountable if {
	sp := {"@odata.type": "#microsoft.graph.servicePrincipal", "id": "sp1", "displayName": "Provisioning"}
	fs := grp001.findings with input as tenant([group("g", [sp])], ga)
	some f in fs
	contains(f.message, "Provisioning (application)")
	count(f.remediation.requests) == 1
}

test_one_enabled_member_owner_is_enough if {
	owners := [owner("lin", "Guest", true), owner("sam", "Member", true)]
	count(grp001.findings) == 0 with input as tenant([group("resp", owners)], ga)
}

test_users_collection_overrides_the_owner_entry if {
	inp := tenant([group("g", [owner("sam", "Member", true)])], ga)
	gone := object.union(inp, {"index": object.union(inp.index, {"users": {"sam": {"id": "sam", "userType": "Member", "accountEnabled": false}}})})
	count(grp001.findings) == 1 with input as gone
}

test_owner_state_not_read_is_not_accountable if {
	o := {"@odata.type": "#microsoft.graph.user", "id": "x", "displayName": "X"}
	fs := grp001.findings with input as tenant([group("g", [o])], ga)
	some f in fs
	contains(f.message, "X (account state not read)")
}

test_owners_not_read_is_flagged_fail_closed if {
	fs := grp001.findings with input as tenant([{"id": "g", "displayName": "Big"}], ga)
	some f in fs
	contains(f.message, "its owners were not read")
}

test_group_with_a_role_that_is_not_privileged_is_not_flagged if {
	count(grp001.findings) == 0 with input as tenant([group("readers", [])], reports_reader)
}

test_group_on_a_members_path_is_flagged if {
	inp := tenant([group("admins", [owner("sam", "Member", true)]), group("operators", [])], ga)
	via := {"id": "h1", "principalId": "nia", "roleDefinitionId": ga, "via": [{"groupId": "operators", "displayName": "Group operators", "membership": "member"}, {"groupId": "admins", "displayName": "Group admins", "membership": "member"}]}
	holders := {ga: {"admins": {"active": [], "eligible": [{"id": "i1", "principalId": "admins"}]}, "nia": {"active": [via], "eligible": []}}}
	fs := grp001.findings with input as object.union(inp, {"index": object.union(inp.index, {"roleHolders": holders})})
	[f.object.id | some f in fs] == ["operators"]
}

test_access_package_and_pim_groups_are_in_scope if {
	inp := tenant([group("tango", [owner("lin", "Guest", true)]), group("pimg", []), group("plain", [])], reports_reader)
	cs := {
		"accessPackages": [{"id": "p1", "displayName": "Partner project access", "resourceRoleScopes": [{"scope": {"originSystem": "AadGroup", "originId": "tango"}}, {"scope": {"originSystem": "AadApplication", "originId": "plain"}}]}],
		"privilegedAccessGroupEligibilityScheduleInstances": [{"groupId": "pimg", "principalId": "u1", "accessId": "member"}],
		"privilegedAccessGroupAssignmentScheduleInstances": [],
	}
	fs := grp001.findings with input as object.union(inp, {"collections": cs})
	ids := {f.object.id | some f in fs}
	ids == {"tango", "pimg"}
	some f in fs
	f.object.id == "tango"
	contains(f.message, "Group tango is handed out by access package(s) Partner project access, and is owned only by User lin (guest).")
}

test_package_naming_a_deleted_group_is_left_to_em007 if {
	inp := tenant([group("x", [owner("sam", "Member", true)])], reports_reader)
	cs := object.union(inp.collections, {"accessPackages": [{"id": "p1", "displayName": "P", "resourceRoleScopes": [{"scope": {"originSystem": "AadGroup", "originId": "deleted"}}]}]})
	count(grp001.findings) == 0 with input as object.union(inp, {"collections": cs})
}
