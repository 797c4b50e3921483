package govlint.rules.prv005_test

import data.govlint.rules.prv005
import rego.v1

sec_admin := "194ae4cb-b126-40b2-bd5b-6091b380977d"

reports_reader := "4a5d8f65-41da-4de4-8968-e035b65339cf"

now := "2026-11-20T09:00:00Z"

user(id, props) := object.union({"id": id, "displayName": sprintf("User %s", [id]), "userType": "Member", "accountEnabled": true, "createdDateTime": "2024-01-01T00:00:00Z"}, props)

eligible(uid, role) := {"id": sprintf("e-%s", [uid]), "principalId": uid, "roleDefinitionId": role, "directoryScopeId": "/", "memberType": "Direct"}

signed_in(uid, t) := {"id": uid, "userPrincipalName": uid, "signInActivity": {
	"lastSignInDateTime": t, "lastNonInteractiveSignInDateTime": null, "lastSuccessfulSignInDateTime": t,
}}

never(uid) := {"id": uid, "userPrincipalName": uid}

tenant(u, role, activity) := {
	"now": now, "now_ns": time.parse_rfc3339_ns(now),
	"index": {
		"users": {u.id: u},
		"principalRoles": {u.id: {role: {"active": [], "eligible": [eligible(u.id, role)]}}},
		"userSignInActivity": {a.id: a | some a in activity},
	},
}

test_privileged_user_inactive_for_120_days_is_flagged if {
	fs := prv005.findings with input as tenant(user("ina", {}), sec_admin, [signed_in("ina", "2026-07-23T09:00:00Z")])
	count(fs) == 1
	some f in fs
	f.object == {"collection": "users", "id": "ina", "displayName": "User ina"}
	f.related[0].id == sec_admin
	f.message == "User ina holds Security Administrator (eligible) and has not signed in for 120 days (last sign-in 2026-07-23T09:00:00Z)."
	f.remediation.requests[0].path == "/roleManagement/directory/roleEligibilityScheduleRequests"
	f.remediation.requests[0].body.principalId == "ina"
	f.remediation.requests[0].body.justification == "govlint PRV005: remove privileged role"
}

test_recent_sign_in_is_not_flagged if {
	fs := prv005.findings with input as tenant(user("act", {}), sec_admin, [signed_in("act", "2026-11-18T09:00:00Z")])
	count(fs) == 0
}

test_threshold_boundary_and_config if {
	# 89 days: clean; exactly 90: flagged; a 30-day threshold flags 40 days.
	count(prv005.findings) == 0 with input as tenant(user("b89", {}), sec_admin, [signed_in("b89", "2026-08-23T09:00:00Z")])
	count(prv005.findings) == 1 with input as tenant(user("b90", {}), sec_admin, [signed_in("b90", "2026-08-22T09:00:00Z")])
	count(prv005.findings) == 1 with input as tenant(user("b40", {}), sec_admin, [signed_in("b40", "2026-10-11T09:00:00Z")])
		with data.govlint.config.thresholds.privileged_inactive_days as 30
}

test_most_recent_sign_in_of_any_kind_counts if {
	a := {"id": "nik", "signInActivity": {"lastSignInDateTime": "2026-01-01T00:00:00Z", "lastNonInteractiveSignInDateTime": "2026-11-19T00:00:00Z"}}
	fs := prv005.findings with input as tenant(user("nik", {}), sec_admin, [a])
	count(fs) == 0
}

test_never_signed_in_old_account_is_flagged if {
	fs := prv005.findings with input as tenant(user("old", {"createdDateTime": "2026-05-24T09:00:00Z"}), sec_admin, [never("old")])
	count(fs) == 1
	some f in fs
	f.object.id == "old"
	f.message == "User old holds Security Administrator (eligible) and has never signed in since the account was created 180 days ago."
}

test_never_signed_in_recent_account_is_not_flagged if {
	fs := prv005.findings with input as tenant(user("new", {"createdDateTime": "2026-11-10T09:00:00Z"}), sec_admin, [never("new")])
	count(fs) == 0
}

test_never_signed_in_with_unknown_creation_date_is_flagged if {
	fs := prv005.findings with input as tenant(user("nul", {"createdDateTime": null}), sec_admin, [never("nul")])
	count(fs) == 1
	some f in fs
	contains(f.message, "has never signed in (account creation date unknown)")
}

test_missing_activity_record_counts_as_never_signed_in if {
	fs := prv005.findings with input as tenant(user("mia", {}), sec_admin, [])
	count(fs) == 1
}

test_emergency_access_account_is_skipped_and_reported_as_skipped if {
	t := tenant(user("Glass", {}), sec_admin, [never("Glass")])
	fs := prv005.findings with input as t with data.govlint.config.emergency_access as ["glass"]
	count(fs) == 0
	sk := prv005.skipped with input as t with data.govlint.config.emergency_access as ["glass"]
	count(sk) == 1
	some s in sk
	s.object == {"collection": "users", "id": "Glass", "displayName": "User Glass"}
	contains(s.reason, "emergency-access")
}

test_emergency_access_account_named_by_upn_is_skipped if {
	t := tenant(user("bg2", {"userPrincipalName": "BreakGlass2@contoso.example"}), sec_admin, [never("bg2")])
	count(prv005.findings) == 0 with input as t with data.govlint.config.emergency_access as ["breakglass2@contoso.example"]
	count(prv005.findings) == 1 with input as t with data.govlint.config.emergency_access as []
}

test_active_emergency_access_account_is_neither_flagged_nor_skipped if {
	t := tenant(user("bg3", {}), sec_admin, [signed_in("bg3", "2026-11-19T09:00:00Z")])
	count(prv005.skipped) == 0 with input as t with data.govlint.config.emergency_access as ["bg3"]
}

test_disabled_account_is_left_to_prv003 if {
	fs := prv005.findings with input as tenant(user("dis", {"accountEnabled": false}), sec_admin, [never("dis")])
	count(fs) == 0
}

test_inactive_user_without_privileged_role_is_not_flagged if {
	fs := prv005.findings with input as tenant(user("rr", {}), reports_reader, [never("rr")])
	count(fs) == 0
}
