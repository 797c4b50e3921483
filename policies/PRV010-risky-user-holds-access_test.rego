package govlint.rules.prv010_test

import data.govlint.rules.prv010
import rego.v1

reports_reader := "4a5d8f65-41da-4de4-8968-e035b65339cf"

sec_admin := "194ae4cb-b126-40b2-bd5b-6091b380977d"

user(id, type) := {"id": id, "displayName": sprintf("User %s", [id]), "userType": type, "accountEnabled": true}

standing(uid, role) := {"id": sprintf("a-%s", [uid]), "principalId": uid, "roleDefinitionId": role, "directoryScopeId": "/", "memberType": "Direct", "assignmentType": "Assigned"}

risky(uid, state, level) := {"id": uid, "riskLevel": level, "riskState": state, "riskDetail": "none", "riskLastUpdatedDateTime": "2026-11-18T09:00:00Z"}

assignment(id, uid, state) := {"id": id, "state": state, "target": {"objectId": uid}, "accessPackage": {"id": "p1"}}

tenant(users, roles, risks, assignments) := {
	"now": "2026-11-20T09:00:00Z", "now_ns": 0,
	"collections": {"riskyUsers": risks, "accessPackageAssignments": assignments},
	"index": {
		"users": {u.id: u | some u in users},
		"principalRoles": {uid: {role: {"active": [standing(uid, role)], "eligible": []}} | some uid, role in roles},
		"riskyUsers": {r.id: r | some r in risks},
		"accessPackages": {"p1": {"id": "p1", "displayName": "Vendor portal"}},
		"roleDefinitions": {reports_reader: {"id": reports_reader, "displayName": "Reports Reader"}},
	},
}

test_high_risk_guest_with_a_package_is_flagged if {
	inp := tenant([user("aiden", "Guest")], {}, [risky("aiden", "atRisk", "high")], [assignment("as1", "aiden", "delivered")])
	fs := prv010.findings with input as inp
	count(fs) == 1
	some f in fs
	f.object.id == "aiden"
	f.message == "Guest User aiden is at high risk in Microsoft Entra ID Protection (risk level high since 2026-11-18T09:00:00Z) and still holds 1 access package assignment(s) (Vendor portal)."
	f.related == [
		{"collection": "riskyUsers", "id": "aiden", "displayName": "User aiden"},
		{"collection": "accessPackageAssignments", "id": "as1", "displayName": "Vendor portal"},
	]
	f.remediation.requests == [
		{"method": "POST", "path": "/users/aiden/revokeSignInSessions"},
		{"method": "POST", "path": "/identityGovernance/entitlementManagement/assignmentRequests", "body": {"requestType": "adminRemove", "assignment": {"id": "as1"}}},
	]
}

test_compromised_member_with_a_role_is_flagged if {
	inp := tenant([user("rita", "Member")], {"rita": reports_reader}, [risky("rita", "confirmedCompromised", "high")], [])
	fs := prv010.findings with input as inp
	some f in fs
	contains(f.message, "User rita is confirmed compromised")
	contains(f.message, "still holds Reports Reader (active).")
	f.remediation.requests[1].path == "/roleManagement/directory/roleAssignmentScheduleRequests"
	f.remediation.requests[1].body.action == "adminRemove"
	f.remediation.requests[1].body.roleDefinitionId == reports_reader
}

test_lower_or_closed_risk_is_not_flagged if {
	every r in [risky("x", "atRisk", "medium"), risky("x", "atRisk", "low"), risky("x", "dismissed", "none"), risky("x", "remediated", "none")] {
		inp := tenant([user("x", "Member")], {"x": reports_reader}, [r], [assignment("as1", "x", "delivered")])
		count(prv010.findings) == 0 with input as inp
	}
}

test_no_access_or_ended_access_is_not_flagged if {
	inp := tenant([user("lena", "Guest")], {}, [risky("lena", "atRisk", "high")], [assignment("as1", "lena", "expired"), assignment("as2", "lena", "deliveryFailed")])
	count(prv010.findings) == 0 with input as inp
}

test_privileged_users_are_left_to_prv004 if {
	inp := tenant([user("rex", "Member")], {"rex": sec_admin}, [risky("rex", "atRisk", "high")], [assignment("as1", "rex", "delivered")])
	count(prv010.findings) == 0 with input as inp
}

test_hidden_level_is_skipped_not_judged if {
	inp := tenant([user("hal", "Member")], {}, [risky("hal", "atRisk", "hidden")], [assignment("as1", "hal", "Delivered")])
	count(prv010.findings) == 0 with input as inp
	sk := prv010.skipped with input as inp
	[e] := [x | some x in sk]
	e.object.id == "hal"
	contains(e.reason, "P2")
}

test_unknown_user_is_not_flagged if {
	inp := tenant([], {}, [risky("ghost", "atRisk", "high")], [assignment("as1", "ghost", "delivered")])
	count(prv010.findings) == 0 with input as inp
}
