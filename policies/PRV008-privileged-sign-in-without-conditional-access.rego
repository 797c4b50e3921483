# PRV008 privileged-sign-in-without-conditional-access: a user holding a privileged role
# (eligible or active, directly or through a group) signed in successfully, within the
# sign-in window the snapshot holds, and no Conditional Access policy applied to the sign-in
# (conditionalAccessStatus notApplied). Doc: rules/PRV008-privileged-sign-in-without-conditional-access.md
package govlint.rules.prv008

import data.govlint.lib
import data.govlint.lib.prv
import rego.v1

metadata := {
	"code": "PRV008",
	"name": "privileged-sign-in-without-conditional-access",
	"title": "Privileged user signed in with no Conditional Access policy applied",
	"severity": "high",
	"area": "prv",
	"reads": ["users", "signIns", "roleAssignmentScheduleInstances", "roleEligibilityScheduleInstances", "groups", "privilegedAccessGroupEligibilityScheduleInstances", "privilegedAccessGroupAssignmentScheduleInstances", "roleDefinitions"],
	"config": ["privileged_roles", "emergency_access"],
}

# The most recent sign-ins named in a finding's `related`.
shown := 3

# Break-glass accounts are excluded from Conditional Access by design.
skipped contains lib.emergency_skip(lib.user_ref(input.index.users[uid])) if {
	some uid in _users
	lib.is_emergency_access(uid)
}

findings contains f if {
	some uid in _users
	not lib.is_emergency_access(uid)
	u := input.index.users[uid]
	roles := prv.privileged_users[uid]
	latest := _newest_first(uid)
	last := latest[0]

	who := object.get(u, "displayName", uid)
	f := {
		"object": lib.user_ref(u),
		"related": array.concat(prv.role_refs(roles), [_sign_in_ref(s) | some s in array.slice(latest, 0, shown)]),
		"message": sprintf("%s holds %s and signed in %s with no Conditional Access policy applied; latest %s.", [who, prv.roles_phrase(roles), _times(count(latest)), _describe(last)]),
		"remediation": {
			"summary": sprintf("Bring %s's sign-ins under Conditional Access: the request creates a report-only policy requiring MFA for the roles %s holds and for the account itself (turn it on with PATCH state \"enabled\" once the report shows no surprise, and exclude your break-glass accounts); better, add the account to your existing admin policy. Investigate the sign-ins listed (GET /auditLogs/signIns/{id}): if one was not %s, revoke the sessions (POST /users/%s/revokeSignInSessions) and reset the password.", [who, who, who, uid]),
			"requests": [{
				"method": "POST",
				"path": "/identity/conditionalAccess/policies",
				"body": _policy(uid, who, roles),
			}],
			"before": null,
			"after": _policy(uid, who, roles),
		},
	}
}

_policy(uid, who, roles) := {
	"displayName": sprintf("govlint PRV008: require MFA for %s", [who]),
	"state": "enabledForReportingButNotEnforced",
	"conditions": {
		"clientAppTypes": ["all"],
		"applications": {"includeApplications": ["All"]},
		"users": {"includeUsers": [uid], "includeRoles": sort([r | some r, _ in roles])},
	},
	"grantControls": {"operator": "OR", "builtInControls": ["mfa"]},
}

# A successful sign-in (errorCode 0: a session was issued) that no policy applied to.
# Report-only policies do not enforce, so their results do not change notApplied.
_unprotected(s) if {
	lib.eq_ci(object.get(s, "conditionalAccessStatus", ""), "notApplied")
	object.get(s, ["status", "errorCode"], null) == 0
}

# [userId, sign-in] pairs of privileged users' unprotected sign-ins: one pass over the log,
# each sign-in tested first on its own fields, then looked up by user id.
_pairs contains [uid, s] if {
	some s in _candidates
	_unprotected(s)
	uid := s.userId
	is_string(uid)
	prv.privileged_users[uid]
}

_users contains uid if some [uid, _] in _pairs

# The candidates the engine's pre-filter kept (src/engine/prefilter.rs): successful sign-ins
# with conditionalAccessStatus notApplied. It only narrows; every condition is tested above.
# The whole log when the input has no such index (rule tests, inputs built by hand).
_candidates := ss if {
	ss := input.index.signInsWithoutConditionalAccess
	is_array(ss)
} else := input.collections.signIns

# A user's unprotected sign-ins, newest first (same instant: by id, so the order is stable).
_newest_first(uid) := [by_key[keys[n - 1 - i]] | some i in numbers.range(0, n - 1)] if {
	by_key := {[_ns(s), s.id]: s | some [u, s] in _pairs; u == uid}
	keys := sort(object.keys(by_key))
	n := count(keys)
}

# A sign-in's time in nanoseconds; 0 when it has none Graph-shaped (sorted oldest).
_ns(s) := n if {
	n := lib.ts_ns(s.createdDateTime)
} else := 0

_times(1) := "once"

_times(n) := sprintf("%d times", [n]) if n > 1

_sign_in_ref(s) := {"collection": "signIns", "id": s.id, "displayName": sprintf("%s %s", [object.get(s, "createdDateTime", "?"), object.get(s, "appDisplayName", "?")])}

# "2026-11-20T07:02:44Z to OfficeHome from Seattle, US (203.0.113.10), client Browser"
_describe(s) := sprintf("%s to %s from %s (%s), client %s", [
	object.get(s, "createdDateTime", "at an unknown time"),
	object.get(s, "appDisplayName", "an unknown app"),
	_place(object.get(s, "location", {})),
	object.get(s, "ipAddress", "no address"),
	object.get(s, "clientAppUsed", "unknown"),
])

_place(loc) := concat(", ", [p | some k in ["city", "countryOrRegion"]; p := object.get(loc, k, ""); is_string(p); p != ""]) if {
	is_object(loc)
	count([1 | some k in ["city", "countryOrRegion"]; p := object.get(loc, k, ""); is_string(p); p != ""]) > 0
} else := "an unknown place"
