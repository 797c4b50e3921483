package govlint.rules.prv001_test

import data.govlint.rules.prv001
import rego.v1

sec_admin := "194ae4cb-b126-40b2-bd5b-6091b380977d"

reports_reader := "4a5d8f65-41da-4de4-8968-e035b65339cf"

user(id, props) := object.union({"id": id, "displayName": sprintf("User %s", [id]), "userPrincipalName": sprintf("%s@contoso.example", [id]), "userType": "Member", "accountEnabled": true}, props)

eligible(uid, role) := {"id": sprintf("e-%s", [uid]), "principalId": uid, "roleDefinitionId": role, "directoryScopeId": "/", "memberType": "Direct", "startDateTime": null, "endDateTime": null}

reg(uid, mfa) := {"id": uid, "userPrincipalName": sprintf("%s@contoso.example", [uid]), "isMfaRegistered": mfa, "isMfaCapable": mfa, "methodsRegistered": []}

# One user holding `role` eligibly, with registration records `regs`.
tenant(u, role, regs) := {
	"now": "2026-11-20T09:00:00Z", "now_ns": 0,
	"index": {
		"users": {u.id: u},
		"principalRoles": {u.id: {role: {"active": [], "eligible": [eligible(u.id, role)]}}},
		"userRegistrationDetails": {r.id: r | some r in regs},
	},
}

test_privileged_user_without_mfa_is_flagged if {
	fs := prv001.findings with input as tenant(user("ann", {}), sec_admin, [reg("ann", false)])
	count(fs) == 1
	some f in fs
	f.object == {"collection": "users", "id": "ann", "displayName": "User ann"}
	f.related[0].id == sec_admin
	f.message == "User ann holds Security Administrator (eligible) and has no MFA method registered."
	f.remediation.requests[0].path == "/users/ann/authentication/temporaryAccessPassMethods"
	f.remediation.requests[0].body.isUsableOnce == true
	f.remediation.before.isMfaRegistered == false
	f.remediation.after.isMfaRegistered == true
	contains(f.remediation.summary, "Temporary Access Pass")
}

test_privileged_user_with_mfa_is_not_flagged if {
	fs := prv001.findings with input as tenant(user("bob", {}), sec_admin, [reg("bob", true)])
	count(fs) == 0
}

test_missing_registration_record_fails_closed if {
	fs := prv001.findings with input as tenant(user("cy", {}), sec_admin, [reg("someone-else", true)])
	count(fs) == 1
	some f in fs
	f.object.id == "cy"
	contains(f.message, "has no authentication-method registration record")
	f.remediation.before == null
	f.remediation.after.id == "cy"
}

test_unprivileged_role_is_not_flagged if {
	fs := prv001.findings with input as tenant(user("dee", {}), reports_reader, [reg("dee", false)])
	count(fs) == 0
}

test_guest_is_left_to_prv006 if {
	fs := prv001.findings with input as tenant(user("gus", {"userType": "Guest"}), sec_admin, [reg("gus", false)])
	count(fs) == 0
}

test_disabled_account_is_left_to_prv003 if {
	fs := prv001.findings with input as tenant(user("dan", {"accountEnabled": false}), sec_admin, [reg("dan", false)])
	count(fs) == 0
}

test_principal_that_is_not_a_user_is_ignored if {
	t := tenant(user("eve", {}), sec_admin, [])
	fs := prv001.findings with input as object.union(t, {"index": {"principalRoles": {"some-group": {sec_admin: {"active": [], "eligible": [eligible("some-group", sec_admin)]}}}}})
	count(fs) == 1
	some f in fs
	f.object.id == "eve"
}

test_active_and_eligible_roles_are_named if {
	u := user("fay", {})
	t := tenant(u, sec_admin, [reg("fay", false)])
	uaa := "fe930be7-5e62-47db-91af-98c3a49a38b1"
	active := {"id": "a-fay", "principalId": "fay", "roleDefinitionId": uaa, "directoryScopeId": "/", "assignmentType": "Activated", "memberType": "Direct"}
	roles := {"fay": {sec_admin: {"active": [], "eligible": [eligible("fay", sec_admin)]}, uaa: {"active": [active], "eligible": []}}}
	fs := prv001.findings with input as object.union(t, {"index": {"principalRoles": roles}})
	some f in fs
	f.message == "User fay holds Security Administrator (eligible), User Administrator (active) and has no MFA method registered."
	count(f.related) == 2
}

test_role_through_a_nested_group_is_named_with_its_path if {
	entry := {
		"principalId": "nia", "roleDefinitionId": sec_admin, "memberType": "Group", "assignmentType": "Assigned",
		"roleInstanceId": "i1", "groupId": "adm",
		"via": [{"groupId": "ops", "displayName": "Ops", "membership": "member"}, {"groupId": "adm", "displayName": "Admins", "membership": "member"}],
	}
	t := tenant(user("nia", {}), sec_admin, [reg("nia", false)])
	fs := prv001.findings with input as json.patch(t, [{"op": "replace", "path": "/index/principalRoles/nia", "value": {sec_admin: {"active": [entry], "eligible": []}}}])
	count(fs) == 1
	some f in fs
	f.message == "User nia holds Security Administrator (active via group Ops (member) → group Admins (member)) and has no MFA method registered."
	[r.id | some r in f.related] == [sec_admin, "adm", "ops"]
}

test_inherited_instance_beside_its_path_is_said_once if {
	via := {
		"principalId": "nia", "roleDefinitionId": sec_admin, "memberType": "Group", "roleInstanceId": "i1", "groupId": "adm",
		"via": [{"groupId": "adm", "displayName": "Admins", "membership": "eligibleMember"}],
	}
	inherited := object.union(eligible("nia", sec_admin), {"memberType": "Group"})
	t := tenant(user("nia", {}), sec_admin, [reg("nia", false)])
	fs := prv001.findings with input as json.patch(t, [{"op": "replace", "path": "/index/principalRoles/nia", "value": {sec_admin: {"active": [], "eligible": [inherited, via]}}}])
	some f in fs
	f.message == "User nia holds Security Administrator (eligible via group Admins (eligible member)) and has no MFA method registered."
}
