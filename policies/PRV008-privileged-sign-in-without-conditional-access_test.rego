package govlint.rules.prv008_test

import data.govlint.rules.prv008
import rego.v1

user_admin := "fe930be7-5e62-47db-91af-98c3a49a38b1"

reports_reader := "4a5d8f65-41da-4de4-8968-e035b65339cf"

user(id) := {"id": id, "displayName": sprintf("User %s", [id]), "userPrincipalName": sprintf("%s@contoso.example", [id]), "userType": "Member", "accountEnabled": true}

eligible(uid, role) := {"id": sprintf("e-%s", [uid]), "principalId": uid, "roleDefinitionId": role, "directoryScopeId": "/", "memberType": "Direct"}

sign_in(id, uid, at, ca, code) := {
	"id": id, "createdDateTime": at, "userId": uid, "userDisplayName": sprintf("User %s", [uid]),
	"appDisplayName": "OfficeHome", "ipAddress": "203.0.113.10", "clientAppUsed": "Browser",
	"conditionalAccessStatus": ca, "appliedConditionalAccessPolicies": [],
	"status": {"errorCode": code, "failureReason": "Other."},
	"location": {"city": "Seattle", "state": "Washington", "countryOrRegion": "US"},
}

tenant(roles, sign_ins) := {
	"now": "2026-11-20T09:00:00Z", "now_ns": 0,
	"collections": {"signIns": sign_ins},
	"index": {
		"users": {uid: user(uid) | some uid, _ in roles},
		"principalRoles": {uid: {role: {"active": [], "eligible": [eligible(uid, role)]}} | some uid, role in roles},
	},
}

test_privileged_sign_in_without_policy_is_flagged if {
	inp := tenant({"uma": user_admin}, [
		sign_in("s1", "uma", "2026-11-17T16:20:00Z", "notApplied", 0),
		sign_in("s2", "uma", "2026-11-20T07:02:44Z", "notApplied", 0),
	])
	fs := prv008.findings with input as inp
	count(fs) == 1
	some f in fs
	f.object == {"collection": "users", "id": "uma", "displayName": "User uma"}
	f.related[0].id == user_admin
	[f.related[1].id, f.related[2].id] == ["s2", "s1"]
	f.message == "User uma holds User Administrator (eligible) and signed in 2 times with no Conditional Access policy applied; latest 2026-11-20T07:02:44Z to OfficeHome from Seattle, US (203.0.113.10), client Browser."
	[r] := f.remediation.requests
	r.method == "POST"
	r.path == "/identity/conditionalAccess/policies"
	r.body.state == "enabledForReportingButNotEnforced"
	r.body.conditions.users == {"includeUsers": ["uma"], "includeRoles": [user_admin]}
	r.body.grantControls == {"operator": "OR", "builtInControls": ["mfa"]}
	f.remediation.before == null
	f.remediation.after == r.body
}

test_one_sign_in_says_once_and_shows_at_most_three if {
	fs := prv008.findings with input as tenant({"uma": user_admin}, [sign_in("s1", "uma", "2026-11-20T07:02:44Z", "NOTAPPLIED", 0)])
	some f in fs
	contains(f.message, "signed in once with")
	many := [sign_in(sprintf("s%d", [i]), "uma", sprintf("2026-11-1%dT07:00:00Z", [i]), "notApplied", 0) | some i in numbers.range(1, 5)]
	gs := prv008.findings with input as tenant({"uma": user_admin}, many)
	some g in gs
	[x.id | some x in g.related; x.collection == "signIns"] == ["s5", "s4", "s3"]
	contains(g.message, "5 times")
}

test_sign_ins_under_a_policy_are_not_flagged if {
	every ca in ["success", "failure", "unknownFutureValue"] {
		fs := prv008.findings with input as tenant({"uma": user_admin}, [sign_in("s1", "uma", "2026-11-20T07:00:00Z", ca, 0)])
		count(fs) == 0
	}
}

test_failed_sign_ins_are_not_flagged if {
	# A wrong password is refused before any policy is evaluated: notApplied, but no session.
	fs := prv008.findings with input as tenant({"uma": user_admin}, [sign_in("s1", "uma", "2026-11-20T07:00:00Z", "notApplied", 50126)])
	count(fs) == 0
}

test_missing_status_is_not_a_success if {
	s := object.remove(sign_in("s1", "uma", "2026-11-20T07:00:00Z", "notApplied", 0), ["status"])
	fs := prv008.findings with input as tenant({"uma": user_admin}, [s])
	count(fs) == 0
}

test_users_without_a_privileged_role_are_not_flagged if {
	fs := prv008.findings with input as tenant({"fiona": reports_reader}, [sign_in("s1", "fiona", "2026-11-20T07:00:00Z", "notApplied", 0)])
	count(fs) == 0
}

test_sign_ins_of_unknown_users_are_not_flagged if {
	fs := prv008.findings with input as tenant({"uma": user_admin}, [sign_in("s1", "ghost", "2026-11-20T07:00:00Z", "notApplied", 0)])
	count(fs) == 0
}

test_privileged_through_a_group_is_flagged_with_the_path if {
	via := {
		"id": "h-tia", "principalId": "tia", "roleDefinitionId": "62e90394-69f5-4237-9190-012177145e10", "directoryScopeId": "/",
		"memberType": "Group", "assignmentType": "Assigned", "roleInstanceId": "i-grp", "groupId": "g1",
		"via": [{"groupId": "g1", "displayName": "Tier0 Admins", "membership": "member"}],
	}
	inp := {
		"now": "2026-11-20T09:00:00Z", "now_ns": 0,
		"collections": {"signIns": [sign_in("s1", "tia", "2026-11-18T09:48:15Z", "notApplied", 0)]},
		"index": {"users": {"tia": user("tia")}, "principalRoles": {"tia": {"62e90394-69f5-4237-9190-012177145e10": {"active": [via], "eligible": []}}}},
	}
	fs := prv008.findings with input as inp
	some f in fs
	contains(f.message, "Global Administrator (active via group Tier0 Admins (member))")
	{"collection": "groups", "id": "g1", "displayName": "Tier0 Admins"} in f.related
}

test_emergency_access_account_is_skipped if {
	inp := tenant({"bg": "62e90394-69f5-4237-9190-012177145e10"}, [sign_in("s1", "bg", "2026-11-20T07:00:00Z", "notApplied", 0)])
	fs := prv008.findings with input as inp with data.govlint.config.emergency_access as ["bg"]
	count(fs) == 0
	sk := prv008.skipped with input as inp with data.govlint.config.emergency_access as ["bg"]
	[entry] := [e | some e in sk]
	entry.object.id == "bg"
	contains(entry.reason, "emergency-access")
}

test_pre_filter_index_is_used_when_present if {
	inp := tenant({"uma": user_admin}, [])
	with_index := object.union(inp, {"index": object.union(inp.index, {"signInsWithoutConditionalAccess": [sign_in("s1", "uma", "2026-11-20T07:00:00Z", "notApplied", 0)]})})
	fs := prv008.findings with input as with_index
	count(fs) == 1
}
