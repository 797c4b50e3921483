# PRV005 privileged-inactive-account: an enabled user holding a privileged role (eligible or
# active) has not signed in for `privileged_inactive_days` (default 90), or never signed in
# and was created longer ago than that. Doc: rules/PRV005-privileged-inactive-account.md
package govlint.rules.prv005

import data.govlint.lib
import data.govlint.lib.prv
import rego.v1

metadata := {
	"code": "PRV005",
	"name": "privileged-inactive-account",
	"title": "Privileged account with no recent sign-in",
	"severity": "medium",
	"area": "prv",
	"reads": ["users", "userSignInActivity", "roleAssignmentScheduleInstances", "roleEligibilityScheduleInstances", "groups", "privilegedAccessGroupEligibilityScheduleInstances", "privilegedAccessGroupAssignmentScheduleInstances", "roleDefinitions"],
	"config": ["privileged_roles", "thresholds.privileged_inactive_days", "emergency_access"],
}

# Enabled privileged users with no recent sign-in: user id → why, in words. Disabled
# accounts are left to PRV003.
_inactive_users[uid] := why if {
	some uid, _ in prv.privileged_users
	u := input.index.users[uid]
	not prv.is_disabled(u)
	activity := object.get(object.get(input.index.userSignInActivity, uid, {}), "signInActivity", null)
	why := _inactive(activity, u)
}

# Break-glass accounts rarely sign in by design: reported as skipped, not as findings.
skipped contains lib.emergency_skip(lib.user_ref(input.index.users[uid])) if {
	some uid, _ in _inactive_users
	lib.is_emergency_access(uid)
}

findings contains f if {
	some uid, why in _inactive_users
	not lib.is_emergency_access(uid)
	roles := prv.privileged_users[uid]
	u := input.index.users[uid]

	who := object.get(u, "displayName", uid)
	f := {
		"object": lib.user_ref(u),
		"related": prv.role_refs(roles),
		"message": sprintf("%s holds %s and %s.", [who, prv.roles_phrase(roles), why]),
		"remediation": {
			"summary": sprintf("Confirm with the owner of %s whether the access is still needed; if not, remove the roles (requests below), or disable the account if it is unused altogether.%s", [who, prv.unremovable_note(roles)]),
			"requests": prv.removal_requests(uid, roles, "PRV005"),
			"before": prv.held_before(roles),
			"after": prv.held_after(roles),
		},
	}
}

_limit := object.get(data.govlint.config.thresholds, "privileged_inactive_days", 90)

# Signed in, but not for `_limit` days or more.
_inactive(activity, _) := sprintf("has not signed in for %d days (last sign-in %s)", [days, _stamp(activity, last)]) if {
	last := lib.last_sign_in(activity)
	days := floor((input.now_ns - last) / lib.ns_per_day)
	days >= _limit
}

# Never signed in: flagged once the account is older than `_limit` days (or of unknown age:
# Graph has no createdDateTime for some accounts created before June 2018).
_inactive(activity, u) := why if {
	not lib.last_sign_in(activity)
	why := _never(u)
}

_never(u) := sprintf("has never signed in since the account was created %d days ago", [age]) if {
	age := lib.days_since(object.get(u, "createdDateTime", null))
	age >= _limit
} else := "has never signed in (account creation date unknown)" if {
	not lib.ts_ns(object.get(u, "createdDateTime", null))
}

# The timestamp string the last sign-in came from.
_stamp(activity, last) := min({t |
	some k in ["lastSignInDateTime", "lastNonInteractiveSignInDateTime", "lastSuccessfulSignInDateTime"]
	t := activity[k]
	lib.ts_ns(t) == last
})
