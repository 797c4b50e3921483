package govlint.rules.ext004_test

import data.govlint.rules.ext004
import rego.v1

same := "a0b1b346-4d3e-4e8b-98f8-753987be4970"

limited := "10dae51f-b6af-4016-8d66-8c2a99b929b3"

restricted := "2af84b1e-32c8-42b7-82bc-daa82404023b"

policy(role) := {
	"id": "authorizationPolicy", "displayName": "Authorization Policy",
	"allowInvitesFrom": "adminsAndGuestInviters", "guestUserRoleId": role,
}

run(p) := fs if {
	fs := ext004.findings with input as {"collections": {"authorizationPolicy": [p]}}
}

test_same_as_members_is_flagged if {
	fs := run(policy(same))
	count(fs) == 1
	some f in fs
	f.object == {"collection": "authorizationPolicy", "id": "authorizationPolicy", "displayName": "Authorization Policy"}
	contains(f.message, "the same access to directory objects as member users")
	f.remediation.requests == [{"method": "PATCH", "path": "/policies/authorizationPolicy", "body": {"guestUserRoleId": limited}}]
	f.remediation.patch == {"guestUserRoleId": limited}
	f.remediation.before.guestUserRoleId == same
}

test_upper_case_id_is_still_recognised if {
	fs := run(policy(upper(same)))
	some f in fs
	contains(f.message, "as member users")
}

test_limited_and_restricted_are_clean if {
	count(run(policy(limited))) == 0
	count(run(policy(restricted))) == 0
}

test_undocumented_role_is_flagged if {
	fs := run(policy("00000000-0000-0000-0000-000000000001"))
	some f in fs
	contains(f.message, "an undocumented guest role (00000000-0000-0000-0000-000000000001)")
}

test_missing_setting_is_skipped if {
	p := object.remove(policy(same), ["guestUserRoleId"])
	count(run(p)) == 0
	ss := ext004.skipped with input as {"collections": {"authorizationPolicy": [p]}}
	some s in ss
	s.reason == "guestUserRoleId is missing or null"
}
