package govlint.rules.prv007_test

import data.govlint.rules.prv007
import rego.v1

ga := "62e90394-69f5-4237-9190-012177145e10"

security_admin := "194ae4cb-b126-40b2-bd5b-6091b380977d"

user(id, extra) := object.union(
	{
		"id": id, "displayName": upper(id), "userPrincipalName": sprintf("%s@contoso.example", [id]),
		"userType": "Member", "accountEnabled": true, "onPremisesSyncEnabled": null,
	},
	extra,
)

inst(pid, role, extra) := object.union(
	{
		"id": sprintf("%s-%s", [pid, role]), "principalId": pid, "roleDefinitionId": role, "directoryScopeId": "/",
		"startDateTime": "2025-10-16T09:00:00Z", "endDateTime": null, "memberType": "Direct",
		"principal": {"@odata.type": "#microsoft.graph.user", "id": pid},
	},
	extra,
)

standing := {"assignmentType": "Assigned"}

# principalRoles for a list of instances (active when they have an assignmentType).
roles(instances) := {pid: {role: {
	"active": [i | some i in instances; i.principalId == pid; i.roleDefinitionId == role; i.assignmentType],
	"eligible": [i | some i in instances; i.principalId == pid; i.roleDefinitionId == role; not i.assignmentType],
} |
	some k in instances
	k.principalId == pid
	role := k.roleDefinitionId
} |
	some j in instances
	pid := j.principalId
}

input_of(users, instances) := {
	"now": "2026-11-20T09:00:00Z",
	"collections": {"users": users},
	"index": {
		"users": {u.id: u | some u in users},
		"principalRoles": roles(instances),
		"roleDefinitions": {ga: {"id": ga, "templateId": ga, "displayName": "Global Administrator"}},
	},
}

good_users := [user("bg1", {}), user("bg2", {})]

good_roles := [inst("bg1", ga, standing), inst("bg2", ga, standing)]

test_two_good_accounts_are_clean if {
	fs := prv007.findings with input as input_of(good_users, good_roles)
		with data.govlint.config.emergency_access as ["bg1", "bg2@contoso.example"]
	count(fs) == 0
	ss := prv007.skipped with input as input_of(good_users, good_roles)
		with data.govlint.config.emergency_access as ["bg1", "bg2@contoso.example"]
	count(ss) == 0
}

test_none_declared_is_skipped_not_judged if {
	fs := prv007.findings with input as input_of(good_users, [])
		with data.govlint.config.emergency_access as []
	count(fs) == 0
	ss := prv007.skipped with input as input_of(good_users, [])
		with data.govlint.config.emergency_access as []
	count(ss) == 1
	some s in ss
	s.object == {"collection": "roleDefinitions", "id": ga, "displayName": "Global Administrator"}
	contains(s.reason, "no emergency-access accounts declared")
}

test_synced_account_is_flagged_and_replaced if {
	users := [user("bg1", {"onPremisesSyncEnabled": true}), user("bg2", {})]
	fs := prv007.findings with input as input_of(users, good_roles)
		with data.govlint.config.emergency_access as ["bg1", "bg2"]
	count(fs) == 1
	some f in fs
	f.object == {"collection": "users", "id": "bg1", "displayName": "BG1"}
	contains(f.message, "Emergency-access account BG1 is synced from on-premises")
	[create, assign] := f.remediation.requests
	create.method == "POST"
	create.path == "/users"
	create.body.userPrincipalName == "{break-glass-upn}"
	assign.body.principalId == "{new-user-id}"
	assign.body.roleDefinitionId == ga
	assign.body.scheduleInfo.expiration.type == "noExpiration"
	f.remediation.before.onPremisesSyncEnabled == true
	f.remediation.after.id == "{new-user-id}"
}

test_disabled_and_eligible_only_account_has_both_problems if {
	users := [user("bg1", {}), user("bg2", {"accountEnabled": false})]
	fs := prv007.findings with input as input_of(users, [inst("bg1", ga, standing), inst("bg2", ga, {})])
		with data.govlint.config.emergency_access as ["bg1", "bg2"]
	count(fs) == 1
	some f in fs
	f.object.id == "bg2"
	f.message == "Emergency-access account BG2 is disabled (accountEnabled false); does not hold Global Administrator as a permanent active assignment (eligible only)."
	[enable, assign] := f.remediation.requests
	enable == {"method": "PATCH", "path": "/users/bg2", "body": {"accountEnabled": true}}
	assign.body.action == "adminAssign"
	assign.body.principalId == "bg2"
	f.remediation.before.globalAdministrator == "eligible only"
	f.remediation.after.globalAdministrator == "permanent active"
	f.remediation.after.accountEnabled == true
}

test_time_bound_or_group_or_other_role_is_not_permanent_ga if {
	timebound := [inst("bg1", ga, standing), inst("bg2", ga, object.union(standing, {"endDateTime": "2027-01-01T00:00:00Z"}))]
	fs := prv007.findings with input as input_of(good_users, timebound)
		with data.govlint.config.emergency_access as ["bg1", "bg2"]
	some f in fs
	contains(f.message, "(active until 2027-01-01T00:00:00Z)")
	f.remediation.requests[0].body.action == "adminUpdate"

	via_group := [inst("bg1", ga, standing), inst("bg2", ga, object.union(standing, {"memberType": "Group"}))]
	gs := prv007.findings with input as input_of(good_users, via_group)
		with data.govlint.config.emergency_access as ["bg1", "bg2"]
	some g in gs
	contains(g.message, "(through a group)")

	other := [inst("bg1", ga, standing), inst("bg2", security_admin, standing)]
	hs := prv007.findings with input as input_of(good_users, other)
		with data.govlint.config.emergency_access as ["bg1", "bg2"]
	some h in hs
	contains(h.message, "(not held)")
}

test_missing_account_and_too_few if {
	fs := prv007.findings with input as input_of(good_users, good_roles)
		with data.govlint.config.emergency_access as ["bg1", "ghost@contoso.example"]
	count(fs) == 2
	some missing in fs
	missing.object == {"collection": "users", "id": "ghost@contoso.example", "displayName": "ghost@contoso.example"}
	contains(missing.message, "no such user exists")
	missing.remediation.before == null
	some few in fs
	few.key == "emergency-access-count"
	few.object.id == ga
	few.related == [{"collection": "users", "id": "bg1", "displayName": "BG1"}]
	startswith(few.message, "Only 1 of the declared emergency-access accounts exist (2 declared)")
	few.remediation.after == {"emergencyAccessAccounts": 2}
}

test_one_account_named_twice_counts_once if {
	fs := prv007.findings with input as input_of(good_users, good_roles)
		with data.govlint.config.emergency_access as ["bg1", "BG1@Contoso.example"]
	count(fs) == 1
	some f in fs
	f.key == "emergency-access-count"
}

test_global_admin_only_through_a_group_names_the_path if {
	via := inst("bg2", ga, {
		"memberType": "Group", "assignmentType": "Assigned", "roleInstanceId": "g-inst", "groupId": "tier0",
		"via": [{"groupId": "tier0", "displayName": "Tier0 Admins", "membership": "member"}],
	})
	fs := prv007.findings with input as input_of(good_users, [inst("bg1", ga, standing), via])
		with data.govlint.config.emergency_access as ["bg1", "bg2"]
	count(fs) == 1
	some f in fs
	f.object.id == "bg2"
	contains(f.message, "(through a group only, via group Tier0 Admins (member))")
	f.remediation.requests[0].body.action == "adminAssign"
}

# An account declared by name that holds no role is found among all users, or among the users
# the engine's pre-filter kept (input.index.emergencyAccessByUpn) when the input has them.
bg3_users := array.concat(good_users, [user("bg3", {})])

findings_for(inp) := fs if {
	fs := prv007.findings with input as inp
		with data.govlint.config.emergency_access as ["bg1", "bg2", "BG3@contoso.example"]
}

test_roleless_account_is_found_by_name_with_or_without_the_prefilter if {
	plain := input_of(bg3_users, good_roles)
	indexed := object.union(plain, {"index": {"emergencyAccessByUpn": [user("bg3", {})]}})
	every inp in [plain, indexed] {
		fs := findings_for(inp)
		count(fs) == 1
		some f in fs
		f.object.id == "bg3"
		contains(f.message, "does not hold Global Administrator")
	}
}

# The pre-filter is trusted to narrow: a user it left out is not looked for among all users.
test_prefilter_narrows_the_search_by_name if {
	inp := object.union(input_of(bg3_users, good_roles), {"index": {"emergencyAccessByUpn": []}})
	some f in findings_for(inp)
	contains(f.message, "no such user exists")
}
