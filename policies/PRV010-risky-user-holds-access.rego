# PRV010 risky-user-holds-access: a user (member or guest) at high risk, or confirmed
# compromised, in Microsoft Entra ID Protection still holds a directory role or a delivered
# access package assignment. Privileged roles are PRV004's: a user holding one is left to it.
# Doc: rules/PRV010-risky-user-holds-access.md
package govlint.rules.prv010

import data.govlint.lib
import data.govlint.lib.prv
import rego.v1

metadata := {
	"code": "PRV010",
	"name": "risky-user-holds-access",
	"title": "High-risk user still holds a role or an access package",
	"severity": "high",
	"area": "prv",
	"reads": ["users", "riskyUsers", "accessPackageAssignments", "accessPackages", "roleAssignmentScheduleInstances", "roleEligibilityScheduleInstances", "groups", "privilegedAccessGroupEligibilityScheduleInstances", "privilegedAccessGroupAssignmentScheduleInstances", "roleDefinitions"],
	"config": ["privileged_roles"],
}

# A hidden risk level (no Entra ID P2) cannot be judged high or not: said, not guessed.
skipped contains {"object": lib.user_ref(u), "reason": "risk level hidden: needs Microsoft Entra ID P2 to show"} if {
	some risk in input.collections.riskyUsers
	lib.eq_ci(object.get(risk, "riskState", ""), "atRisk")
	lib.eq_ci(object.get(risk, "riskLevel", ""), "hidden")
	u := input.index.users[risk.id]
	not prv.privileged_users[risk.id]
	_holds_something(risk.id)
}

findings contains f if {
	some risk in input.collections.riskyUsers
	state := _open_high(risk)
	uid := risk.id
	u := input.index.users[uid]
	not prv.privileged_users[uid]

	roles := object.get(input.index.principalRoles, uid, {})
	packages := _assignments(uid)
	count(roles) + count(packages) > 0

	who := object.get(u, "displayName", uid)
	f := {
		"object": lib.user_ref(u),
		"related": array.concat(
			array.concat([{"collection": "riskyUsers", "id": uid, "displayName": who}], prv.role_refs(roles)),
			[_assignment_ref(a) | some a in packages],
		),
		"message": sprintf("%s%s is %s in Microsoft Entra ID Protection (%s) and still holds %s.", [_guest(u), who, state, _since(risk), _holdings(roles, packages)]),
		"remediation": {
			"summary": sprintf("Contain %s: revoke the sessions, then remove the access (requests below, in order) until the account is investigated; reset the password and MFA methods, then confirm the compromise (POST /identityProtection/riskyUsers/confirmCompromised) or dismiss the risk if it proves benign (POST /identityProtection/riskyUsers/dismiss), and grant the access again if it is still needed.%s", [who, prv.unremovable_note(roles)]),
			"requests": array.concat(
				array.concat([{"method": "POST", "path": sprintf("/users/%s/revokeSignInSessions", [uid])}], [_remove_assignment(a) | some a in packages]),
				prv.removal_requests(uid, roles, "PRV010"),
			),
			"before": risk,
			"after": object.union(risk, {"riskState": "remediated", "riskLevel": "none"}),
		},
	}
}

# "at high risk" / "confirmed compromised"; undefined for anything lower or closed.
_open_high(risk) := "at high risk" if {
	lib.eq_ci(object.get(risk, "riskState", ""), "atRisk")
	lib.eq_ci(object.get(risk, "riskLevel", ""), "high")
}

_open_high(risk) := "confirmed compromised" if lib.eq_ci(object.get(risk, "riskState", ""), "confirmedCompromised")

_holds_something(uid) if count(object.get(input.index.principalRoles, uid, {})) > 0

_holds_something(uid) if count(_assignments(uid)) > 0

# Assignment states in which the access is granted (delivering has not granted it yet; expired
# and deliveryFailed hold nothing).
_held := {"delivered", "partiallydelivered"}

# Delivered assignments of users ID Protection flags: one pass over the assignments, each
# looked up by its target's object id.
_by_user contains [uid, a] if {
	some a in input.collections.accessPackageAssignments
	lower(object.get(a, "state", "")) in _held
	uid := object.get(a, ["target", "objectId"], null)
	is_string(uid)
	input.index.riskyUsers[uid]
}

_assignments(uid) := [a | some [u, a] in _by_user; u == uid]

_assignment_ref(a) := {"collection": "accessPackageAssignments", "id": a.id, "displayName": _package_name(a)}

_package_name(a) := n if {
	n := input.index.accessPackages[a.accessPackage.id].displayName
	is_string(n)
} else := n if {
	n := a.accessPackage.displayName
	is_string(n)
} else := sprintf("access package %s", [object.get(a, ["accessPackage", "id"], "?")])

_remove_assignment(a) := {
	"method": "POST",
	"path": "/identityGovernance/entitlementManagement/assignmentRequests",
	"body": {"requestType": "adminRemove", "assignment": {"id": a.id}},
}

_guest(u) := "Guest " if lib.is_guest(u)

_guest(u) := "" if not lib.is_guest(u)

_since(risk) := sprintf("risk level %s since %s", [object.get(risk, "riskLevel", "unknown"), risk.riskLastUpdatedDateTime]) if {
	is_string(risk.riskLastUpdatedDateTime)
} else := sprintf("risk level %s", [object.get(risk, "riskLevel", "unknown")])

# "Reports Reader (active) and 1 access package assignment (Vendor portal)"
_holdings(roles, packages) := concat(" and ", [p | some p in [_roles_part(roles), _packages_part(packages)]; p != ""])

_roles_part(roles) := prv.roles_phrase(roles) if count(roles) > 0

_roles_part(roles) := "" if count(roles) == 0

_packages_part(packages) := sprintf("%d access package assignment(s) (%s)", [count(packages), concat(", ", sort([_package_name(a) | some a in packages]))]) if {
	count(packages) > 0
}

_packages_part(packages) := "" if count(packages) == 0
