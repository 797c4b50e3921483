package govlint.rules.pim011_test

import data.govlint.rules.pim011
import rego.v1

ga := "62e90394-69f5-4237-9190-012177145e10"

security_admin := "194ae4cb-b126-40b2-bd5b-6091b380977d"

user_admin := "fe930be7-5e62-47db-91af-98c3a49a38b1"

reports_reader := "4a5d8f65-41da-4de4-8968-e035b65339cf"

inst(pid, role, kind) := object.union(
	{
		"id": sprintf("%s-%s", [pid, role]), "principalId": pid, "roleDefinitionId": role, "directoryScopeId": "/",
		"startDateTime": "2025-10-16T09:00:00Z", "endDateTime": "2027-02-28T09:00:00Z", "memberType": "Direct",
		"principal": {"@odata.type": _type(pid), "id": pid, "displayName": upper(pid)},
	},
	_kind[kind],
)

_type(pid) := "#microsoft.graph.servicePrincipal" if startswith(pid, "app")

_type(pid) := "#microsoft.graph.user" if not startswith(pid, "app")

_kind := {"eligible": {}, "assigned": {"assignmentType": "Assigned"}, "activated": {"assignmentType": "Activated"}}

_active(i) if i.assignmentType

# roleHolders and principalRoles for a list of instances, as the Rust index builds them.
index(instances) := {
	"roleHolders": {role: {pid: _held(instances, role, pid) |
		some k in instances
		k.roleDefinitionId == role
		pid := k.principalId
	} |
		some j in instances
		role := j.roleDefinitionId
	},
	"principalRoles": {pid: {role: _held(instances, role, pid) |
		some k in instances
		k.principalId == pid
		role := k.roleDefinitionId
	} |
		some j in instances
		pid := j.principalId
	},
	"roleDefinitions": {},
	"users": {},
}

_held(instances, role, pid) := {
	"active": [i | some i in instances; i.roleDefinitionId == role; i.principalId == pid; _active(i)],
	"eligible": [i | some i in instances; i.roleDefinitionId == role; i.principalId == pid; not _active(i)],
}

run(instances) := fs if {
	fs := pim011.findings with input as {"now": "2026-11-20T09:00:00Z", "index": index(instances)}
}

# 3 Global Administrators among 10 privileged principals: 30%, flagged.
ten := [
	inst("ada", ga, "eligible"), inst("ada", ga, "activated"),
	inst("ava", ga, "assigned"),
	inst("app1", ga, "assigned"),
	inst("p4", security_admin, "eligible"), inst("p5", security_admin, "eligible"),
	inst("p6", user_admin, "eligible"), inst("p7", user_admin, "eligible"),
	inst("p8", user_admin, "eligible"), inst("p9", security_admin, "eligible"),
	inst("p10", user_admin, "assigned"),
]

test_thirty_percent_is_one_finding if {
	fs := run(ten)
	count(fs) == 1
	some f in fs
	f.object == {"collection": "roleDefinitions", "id": ga, "displayName": "Global Administrator"}
	[r.id | some r in f.related] == ["ada", "app1", "ava"]
	startswith(f.message, "3 of the 10 principals holding a privileged role hold Global Administrator (30%; it should be under 30%): ADA, APP1, AVA.")
	startswith(f.remediation.summary, "Move 1 of these 3 Global Administrators")
	f.remediation.before.globalAdministrators == 3
	f.remediation.after.globalAdministrators == 2
	f.remediation.after.privilegedPrincipals == 10
}

test_requests_move_each_holder if {
	some f in run(ten)
	reqs := f.remediation.requests

	# Ada: a narrower eligibility, then her GA eligibility removed (her activation ends by itself).
	ada := [r | some r in reqs; r.body.principalId == "ada"]
	count(ada) == 2
	ada[0].path == "/roleManagement/directory/roleEligibilityScheduleRequests"
	ada[0].body.action == "adminAssign"
	ada[0].body.roleDefinitionId == "{narrower-role-definition-id}"
	ada[1].body.action == "adminRemove"
	ada[1].path == "/roleManagement/directory/roleEligibilityScheduleRequests"

	# The service principal gets an active narrower assignment; its standing GA is removed.
	app := [r | some r in reqs; r.body.principalId == "app1"]
	app[0].path == "/roleManagement/directory/roleAssignmentScheduleRequests"
	app[0].body.action == "adminAssign"
	app[1].path == "/roleManagement/directory/roleAssignmentScheduleRequests"
	app[1].body.action == "adminRemove"
	app[1].body.roleDefinitionId == ga
}

test_below_the_share_is_clean if {
	# One more non-GA privileged principal: 3 of 11 is 27%.
	count(run(array.concat(ten, [inst("p11", security_admin, "eligible")]))) == 0
}

test_unprivileged_roles_do_not_count if {
	# A Reports Reader does not dilute the share.
	count(run(array.concat(ten, [inst("p11", reports_reader, "assigned")]))) == 1
}

test_holding_ga_and_another_role_counts_once if {
	fs := run(array.concat(ten, [inst("ava", security_admin, "eligible")]))
	some f in fs
	contains(f.message, "3 of the 10 principals")
}

test_emergency_access_counts_on_neither_side if {
	fs := pim011.findings with input as {"now": "2026-11-20T09:00:00Z", "index": index(ten)}
		with data.govlint.config.emergency_access as ["ava"]

	# 2 of 9 is 22%.
	count(fs) == 0
	gs := pim011.findings with input as {"now": "2026-11-20T09:00:00Z", "index": index(array.slice(ten, 0, 8))}
		with data.govlint.config.emergency_access as ["ava"]
	some g in gs
	contains(g.message, "2 of the 6 principals")
	contains(g.message, "1 emergency-access account(s) not counted")
	not "ava" in {r.id | some r in g.related}
}

test_threshold_comes_from_config if {
	fs := pim011.findings with input as {"now": "2026-11-20T09:00:00Z", "index": index(ten)}
		with data.govlint.config.thresholds.global_admin_share_percent as 50
	count(fs) == 0
}

test_no_privileged_principals_is_clean if {
	count(run([inst("p1", reports_reader, "assigned")])) == 0
}
