# PIM010 workload-identity-privileged-role: a service principal (an application, managed
# identity, agent identity or agent blueprint principal) holds a privileged directory role
# now, active or eligible; the message says which kind of workload it is. Its credentials are
# secrets or certificates that no MFA, Conditional Access for users or PIM activation protects.
# Doc: rules/PIM010-workload-identity-privileged-role.md
package govlint.rules.pim010

import data.govlint.lib
import data.govlint.lib.prv
import data.govlint.lib.wid
import rego.v1

metadata := {
	"code": "PIM010",
	"name": "workload-identity-privileged-role",
	"title": "Service principal holds a privileged role",
	"severity": "high",
	"area": "pim",
	"reads": ["roleAssignmentScheduleInstances", "roleEligibilityScheduleInstances", "groups", "privilegedAccessGroupEligibilityScheduleInstances", "privilegedAccessGroupAssignmentScheduleInstances", "roleDefinitions"],
	"config": ["privileged_roles"],
}

# [principal id, role id, holding] for every privileged role a service principal holds now.
_held contains [pid, role_id, h] if {
	some role_id, holders in input.index.roleHolders
	lib.is_privileged_role(role_id)
	some pid, h in holders
	some inst in array.concat(object.get(h, "active", []), object.get(h, "eligible", []))
	lib.principal_type(inst) in wid.workload_types
}

findings contains f if {
	some [pid, role_id, h] in _held
	held := {"active": object.get(h, "active", []), "eligible": object.get(h, "eligible", [])}
	inst := array.concat(held.active, held.eligible)[0]
	roles := {role_id: held}

	who := lib.principal_name(inst)
	what := _kind(object.get(inst, "principal", {}))
	role := lib.role_name(role_id)
	f := {
		"object": lib.principal_ref(inst),
		"key": role_id,
		"related": prv.role_refs(roles),
		"message": sprintf("%s %s holds %s (%s); a workload's credentials are not protected by MFA or just-in-time activation.", [what, who, role, prv.held_phrase(held)]),
		"remediation": {
			"summary": sprintf("Give %s only what it needs: if it still needs a directory role, send the first request with {narrower-role-definition-id} replaced by a narrower role (else skip it); the other requests remove %s.%s", [who, role, prv.unremovable_note(roles)]),
			"requests": array.concat([_narrower(pid, inst)], prv.removal_requests(pid, roles, "PIM010")),
			"before": prv.held_before(roles),
			"after": prv.held_after(roles),
		},
	}
}

# An active, time-bound assignment of a role chosen by the admin: service principals cannot
# activate eligible roles, so only an active assignment works for them.
_narrower(pid, inst) := {
	"method": "POST",
	"path": "/roleManagement/directory/roleAssignmentScheduleRequests",
	"body": {
		"action": "adminAssign",
		"principalId": pid,
		"roleDefinitionId": "{narrower-role-definition-id}",
		"directoryScopeId": object.get(inst, "directoryScopeId", "/"),
		"justification": "govlint PIM010: least-privileged role for a workload identity",
		"scheduleInfo": {"startDateTime": input.now, "expiration": {"type": "afterDuration", "duration": "P180D"}},
	},
}

# Which kind of workload, from the expanded principal: its derived type (agents) or its
# servicePrincipalType when Graph gave it; "Service principal" when it says neither.
_kind(p) := "Agent identity" if {
	wid.is_agent_identity(p)
} else := "Agent identity blueprint principal" if {
	wid.is_blueprint_principal(p)
} else := "Managed identity" if {
	wid.is_managed_identity(p)
} else := "Application service principal" if {
	object.get(p, "servicePrincipalType", null) == "Application"
} else := "Service principal"
