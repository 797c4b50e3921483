# PRV007 emergency-access-account-misconfigured: an account declared in [emergency_access]
# (govlint.toml) does not exist, is synced from on-premises, is disabled, or does not hold
# Global Administrator permanently and actively; or fewer than two declared accounts exist.
# With none declared there is nothing to check: the rule reports that as skipped.
# Doc: rules/PRV007-emergency-access-account-misconfigured.md
package govlint.rules.prv007

import data.govlint.lib
import data.govlint.lib.holders
import data.govlint.lib.pim
import rego.v1

metadata := {
	"code": "PRV007",
	"name": "emergency-access-account-misconfigured",
	"title": "Emergency-access account missing or misconfigured",
	"severity": "high",
	"area": "prv",
	"reads": ["users", "roleAssignmentScheduleInstances", "roleEligibilityScheduleInstances", "groups", "privilegedAccessGroupEligibilityScheduleInstances", "privilegedAccessGroupAssignmentScheduleInstances", "roleDefinitions"],
	"config": ["emergency_access"],
}

min_accounts := 2

# The declared accounts: object ids or user principal names, lower-cased by the config loader
# (lower-cased again here for tests and custom data).
_declared contains lower(a) if {
	some a in object.get(data.govlint.config, "emergency_access", [])
	is_string(a)
	trim_space(a) != ""
}

# A declared entry's user: by object id, else by user principal name, looked up first among
# the principals holding roles (break-glass accounts do) and only then in one pass over all
# users, built only when some entry is found neither way.
_account(a) := u if {
	u := input.index.users[a]
} else := u if {
	u := _holder_by_upn[a]
} else := u if {
	u := _by_upn[a]
}

_holder_by_upn[lower(upn)] := u if {
	some pid, _ in input.index.principalRoles
	u := input.index.users[pid]
	upn := u.userPrincipalName
	is_string(upn)
}

_by_upn[lower(upn)] := u if {
	some u in _upn_users
	upn := u.userPrincipalName
	is_string(upn)
	lower(upn) in _declared
}

# The users the engine's pre-filter kept (src/engine/prefilter.rs): those whose name is declared,
# a handful instead of every user. It only narrows; the test above is made regardless. Every
# user when the input has no such index (rule tests, inputs built by hand).
_upn_users := us if {
	us := input.index.emergencyAccessByUpn
	is_array(us)
} else := input.collections.users

# Declared entries that exist, by user id (two entries naming one account count once).
_found contains u.id if {
	some a in _declared
	u := _account(a)
}

skipped contains {
	"object": _role_object,
	"reason": "no emergency-access accounts declared ([emergency_access] accounts in govlint.toml): nothing to check",
} if {
	count(_declared) == 0
}

# --- one finding per declared account that does not exist ---------------------------------------

findings contains f if {
	some a in _declared
	not _account(a)
	f := {
		"object": {"collection": "users", "id": a, "displayName": a},
		"related": [_role_object],
		"message": sprintf("Emergency-access account %s is declared in govlint.toml but no such user exists.", [a]),
		"remediation": {
			"summary": sprintf("If %s is a typo, correct [emergency_access] in govlint.toml. Otherwise create a cloud-only emergency-access account (replace the placeholders), make it a permanent active Global Administrator, and declare its object id.", [a]),
			"requests": _create_requests("{new-user-id}"),
			"before": null,
			"after": _new_account,
		},
	}
}

# --- one finding per declared account that exists but is misconfigured ---------------------------

findings contains f if {
	some uid in _found
	u := input.index.users[uid]
	problems := [p | some p in ["synced", "disabled", "not-permanent-ga"]; _problem(p, u)]
	count(problems) > 0

	who := object.get(u, "displayName", uid)
	f := {
		"object": lib.user_ref(u),
		"related": [_role_object],
		"message": sprintf("Emergency-access account %s %s.", [who, concat("; ", [_why(p, u) | some p in problems])]),
		"remediation": {
			"summary": concat(" ", [_fix(p, who) | some p in problems]),
			"requests": [r | some p in problems; some r in _requests(p, u)],
			"before": _state(u),
			"after": _fixed(u, problems),
		},
	}
}

_problem("synced", u) if object.get(u, "onPremisesSyncEnabled", null) == true

_problem("disabled", u) if object.get(u, "accountEnabled", null) == false

_problem("not-permanent-ga", u) if not _permanent_ga(u.id)

# A direct, standing (Assigned), open-ended Global Administrator assignment in effect now.
_permanent_ga(uid) if {
	some i in _ga_active(uid)
	lib.eq_ci(object.get(i, "assignmentType", ""), "Assigned")
	pim.is_direct(i)
	pim.open_ended(i)
}

_ga_active(uid) := [i |
	some rid, h in object.get(input.index.principalRoles, uid, {})
	lower(rid) == pim.global_admin
	some i in object.get(h, "active", [])
]

_ga_eligible(uid) := [i |
	some rid, h in object.get(input.index.principalRoles, uid, {})
	lower(rid) == pim.global_admin
	some i in object.get(h, "eligible", [])
]

# How the account holds Global Administrator now, in words.
_ga_state(uid) := "permanent active" if {
	_permanent_ga(uid)
} else := sprintf("active until %s", [i.endDateTime]) if {
	some i in _ga_active(uid)
	lib.eq_ci(object.get(i, "assignmentType", ""), "Assigned")
	pim.is_direct(i)
	is_string(i.endDateTime)
} else := sprintf("through a group only, %s", [p]) if {
	p := min({holders.via_phrase(i) |
		some i in array.concat(_ga_active(uid), _ga_eligible(uid))
		holders.via_group(i)
	})
} else := "through a group" if {
	some i in array.concat(_ga_active(uid), _ga_eligible(uid))
	not pim.is_direct(i)
} else := "eligible, activated just in time" if {
	count(_ga_eligible(uid)) > 0
	count(_ga_active(uid)) > 0
} else := "eligible only" if {
	count(_ga_eligible(uid)) > 0
} else := "activated just in time" if {
	count(_ga_active(uid)) > 0
} else := "not held"

_why("synced", _) := "is synced from on-premises Active Directory (onPremisesSyncEnabled true), so it fails when the sync or federation does"

_why("disabled", _) := "is disabled (accountEnabled false)"

_why("not-permanent-ga", u) := sprintf("does not hold Global Administrator as a permanent active assignment (%s)", [_ga_state(u.id)])

_fix("synced", who) := sprintf("Replace %s with a new cloud-only account (first requests; replace the placeholders), make it a permanent active Global Administrator, declare it in govlint.toml instead, then remove %s's roles.", [who, who])

_fix("disabled", who) := sprintf("Enable %s.", [who])

_fix("not-permanent-ga", who) := sprintf("Give %s a permanent active Global Administrator assignment (the role's settings must allow permanent active assignments).", [who])

_requests("synced", _) := _create_requests("{new-user-id}")

_requests("disabled", u) := [{"method": "PATCH", "path": sprintf("/users/%s", [u.id]), "body": {"accountEnabled": true}}]

_requests("not-permanent-ga", u) := [_assign_ga(u.id, _assign_action(u.id))]

# adminUpdate when a direct time-bound standing assignment exists (it becomes permanent),
# adminAssign otherwise.
_assign_action(uid) := "adminUpdate" if {
	some i in _ga_active(uid)
	lib.eq_ci(object.get(i, "assignmentType", ""), "Assigned")
	pim.is_direct(i)
} else := "adminAssign"

_assign_ga(pid, action) := {
	"method": "POST",
	"path": "/roleManagement/directory/roleAssignmentScheduleRequests",
	"body": {
		"action": action,
		"principalId": pid,
		"roleDefinitionId": pim.global_admin,
		"directoryScopeId": "/",
		"justification": "govlint PRV007: emergency-access account holds Global Administrator permanently",
		"scheduleInfo": {"startDateTime": input.now, "expiration": {"type": "noExpiration"}},
	},
}

_create_requests(new_id) := [
	{
		"method": "POST",
		"path": "/users",
		"body": {
			"accountEnabled": true,
			"displayName": "{break-glass-display-name}",
			"mailNickname": "{break-glass-mail-nickname}",
			"userPrincipalName": "{break-glass-upn}",
			"passwordProfile": {"password": "{long-random-password}", "forceChangePasswordNextSignIn": false},
		},
	},
	_assign_ga(new_id, "adminAssign"),
]

_state(u) := {
	"id": u.id,
	"displayName": object.get(u, "displayName", u.id),
	"userPrincipalName": object.get(u, "userPrincipalName", null),
	"accountEnabled": object.get(u, "accountEnabled", null),
	"onPremisesSyncEnabled": object.get(u, "onPremisesSyncEnabled", null),
	"globalAdministrator": _ga_state(u.id),
}

_new_account := {
	"id": "{new-user-id}",
	"displayName": "{break-glass-display-name}",
	"userPrincipalName": "{break-glass-upn}",
	"accountEnabled": true,
	"onPremisesSyncEnabled": null,
	"globalAdministrator": "permanent active",
}

# A synced account is replaced by a new one; otherwise the same account, fixed.
_fixed(u, problems) := _new_account if {
	"synced" in problems
} else := object.union(_state(u), {"accountEnabled": true, "globalAdministrator": "permanent active"})

# --- the tenant has fewer than two ---------------------------------------------------------------

findings contains f if {
	count(_declared) > 0
	n := count(_found)
	n < min_accounts
	missing := min_accounts - n
	f := {
		"object": _role_object,
		"key": "emergency-access-count",
		"related": [lib.user_ref(input.index.users[uid]) | some uid in sort(_found)],
		"message": sprintf("Only %d of the declared emergency-access accounts exist (%d declared); at least %d are needed, so that losing one does not lock the tenant out.", [n, count(_declared), min_accounts]),
		"remediation": {
			"summary": sprintf("Create %d more cloud-only emergency-access account(s), each a permanent active Global Administrator (replace the placeholders; repeat the requests per account), and declare them in [emergency_access] in govlint.toml.", [missing]),
			"requests": _create_requests("{new-user-id}"),
			"before": {"emergencyAccessAccounts": n},
			"after": {"emergencyAccessAccounts": min_accounts},
		},
	}
}

_role_object := {"collection": "roleDefinitions", "id": rd.id, "displayName": object.get(rd, "displayName", "Global Administrator")} if {
	rd := input.index.roleDefinitions[pim.global_admin]
} else := {"collection": "roleDefinitions", "id": pim.global_admin, "displayName": "Global Administrator"}
