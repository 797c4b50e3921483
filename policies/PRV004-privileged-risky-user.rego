# PRV004 privileged-risky-user: a user holding a privileged role (eligible or active) is at
# risk, or confirmed compromised, in Microsoft Entra ID Protection.
# Doc: rules/PRV004-privileged-risky-user.md
package govlint.rules.prv004

import data.govlint.lib
import data.govlint.lib.prv
import rego.v1

metadata := {
	"code": "PRV004",
	"name": "privileged-risky-user",
	"title": "Privileged user flagged at risk by ID Protection",
	"severity": "critical",
	"area": "prv",
	"reads": ["users", "riskyUsers", "roleAssignmentScheduleInstances", "roleEligibilityScheduleInstances", "groups", "privilegedAccessGroupEligibilityScheduleInstances", "privilegedAccessGroupAssignmentScheduleInstances", "roleDefinitions"],
	"config": ["privileged_roles"],
}

findings contains f if {
	some uid, roles in prv.privileged_users
	u := input.index.users[uid]
	risk := input.index.riskyUsers[uid]
	state := _open_state(risk)

	who := object.get(u, "displayName", uid)
	f := {
		"object": lib.user_ref(u),
		"related": array.concat([{"collection": "riskyUsers", "id": uid, "displayName": who}], prv.role_refs(roles)),
		"message": sprintf("%s holds %s and is %s in Microsoft Entra ID Protection (%s).", [who, prv.roles_phrase(roles), state, _detail(risk)]),
		"remediation": {
			"summary": _summary(state, who),
			"requests": [{"method": "POST", "path": sprintf("/users/%s/revokeSignInSessions", [uid])}],
			"before": risk,
			"after": object.union(risk, {"riskState": "remediated", "riskLevel": "none"}),
		},
	}
}

# Risk states that still need action; none, dismissed, remediated and confirmedSafe do not.
_open_state(risk) := "at risk" if lib.eq_ci(object.get(risk, "riskState", ""), "atRisk")

_open_state(risk) := "confirmed compromised" if lib.eq_ci(object.get(risk, "riskState", ""), "confirmedCompromised")

# "risk level high since 2026-11-10T09:00:00Z"; a hidden level means the tenant lacks P2.
_detail(risk) := sprintf("%s since %s", [_level(risk), risk.riskLastUpdatedDateTime]) if {
	is_string(risk.riskLastUpdatedDateTime)
} else := _level(risk)

_level(risk) := "risk level hidden: needs Microsoft Entra ID P2 to show" if {
	lib.eq_ci(object.get(risk, "riskLevel", ""), "hidden")
} else := sprintf("risk level %s", [object.get(risk, "riskLevel", "unknown")])

_summary("at risk", who) := sprintf("Treat %s as possibly compromised: revoke their sessions (request below) and investigate the risk detections; then reset the password and confirm the compromise (POST /identityProtection/riskyUsers/confirmCompromised), or dismiss the risk if it proves benign (POST /identityProtection/riskyUsers/dismiss).", [who])

_summary("confirmed compromised", who) := sprintf("%s is confirmed compromised: revoke their sessions (request below), reset the password and the registered MFA methods, and suspend the roles until the account is recovered; the risk shows as remediated after a secure password reset.", [who])
