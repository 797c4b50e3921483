package govlint.rules.ext003_test

import data.govlint.rules.ext003
import rego.v1

policy(invites) := {
	"id": "authorizationPolicy", "displayName": "Authorization Policy",
	"allowInvitesFrom": invites, "guestUserRoleId": "10dae51f-b6af-4016-8d66-8c2a99b929b3",
	"allowedToSignUpEmailBasedSubscriptions": true,
}

run(p) := fs if {
	fs := ext003.findings with input as {"collections": {"authorizationPolicy": [p]}}
}

skips(p) := ss if {
	ss := ext003.skipped with input as {"collections": {"authorizationPolicy": [p]}}
}

test_everyone_is_flagged if {
	fs := run(policy("everyone"))
	count(fs) == 1
	some f in fs
	f.object == {"collection": "authorizationPolicy", "id": "authorizationPolicy", "displayName": "Authorization Policy"}
	contains(f.message, "open to anyone in the organization, guests included (allowInvitesFrom `everyone`)")
	f.remediation.requests == [{"method": "PATCH", "path": "/policies/authorizationPolicy", "body": {"allowInvitesFrom": "adminsAndGuestInviters"}}]
	f.remediation.before.allowInvitesFrom == "everyone"
	f.remediation.patch == {"allowInvitesFrom": "adminsAndGuestInviters"}
}

test_all_members_is_flagged if {
	fs := run(policy("adminsGuestInvitersAndAllMembers"))
	some f in fs
	contains(f.message, "open to every member user")
}

test_casing_does_not_matter if {
	count(run(policy("Everyone"))) == 1
}

test_admins_and_guest_inviters_is_clean if {
	count(run(policy("adminsAndGuestInviters"))) == 0
	count(skips(policy("adminsAndGuestInviters"))) == 0
}

test_none_is_clean if {
	# Stricter than ScubaGear asks: nobody, admins included, can invite.
	count(run(policy("none"))) == 0
}

test_missing_or_unknown_setting_is_skipped_not_clean_or_flagged if {
	count(run(object.remove(policy("x"), ["allowInvitesFrom"]))) == 0
	some s in skips(object.remove(policy("x"), ["allowInvitesFrom"]))
	s.reason == "allowInvitesFrom is missing or null"
	count(run(policy("partnersOnly"))) == 0
	some t in skips(policy("partnersOnly"))
	contains(t.reason, "`partnersOnly` is not a documented value")
}

test_no_policy_object_is_no_finding if {
	fs := ext003.findings with input as {"collections": {"authorizationPolicy": []}}
	count(fs) == 0
}
