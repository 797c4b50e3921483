# PIM001 standing-active-privileged-assignment: a principal holds a privileged role through a
# standing active assignment (an `Assigned` instance, permanent or time-bound) instead of
# activating an eligible assignment just in time. Doc: rules/PIM001-standing-active-privileged-assignment.md
package govlint.rules.pim001

import data.govlint.lib
import rego.v1

metadata := {
	"code": "PIM001",
	"name": "standing-active-privileged-assignment",
	"title": "Privileged role held as a standing active assignment",
	"severity": "high",
	"area": "pim",
	"reads": ["roleAssignmentScheduleInstances", "roleEligibilityScheduleInstances", "roleDefinitions", "users"],
	"config": ["privileged_roles", "emergency_access"],
}

# Standing assignments of privileged roles to principals that can be made eligible.
# Service principals cannot be made eligible; they are reported by their own rule.
_standing contains [role_id, principal_id, inst] if {
	some role_id, holders in input.index.roleHolders
	lib.is_privileged_role(role_id)
	some principal_id, held in holders
	some inst in held.active
	lib.eq_ci(inst.assignmentType, "Assigned")
	lib.principal_type(inst) != "servicePrincipal"
}

# Break-glass accounts hold Global Administrator permanently by design.
skipped contains lib.emergency_skip(lib.principal_ref(inst)) if {
	some [_, principal_id, inst] in _standing
	lib.is_emergency_access(principal_id)
}

findings contains f if {
	some [role_id, principal_id, inst] in _standing
	not lib.is_emergency_access(principal_id)

	who := lib.principal_name(inst)
	role := lib.role_name(role_id)
	until := _until(inst)
	f := {
		"object": {"collection": "roleAssignmentScheduleInstances", "id": inst.id, "displayName": sprintf("%s: %s", [who, role])},
		"related": [lib.principal_ref(inst), lib.role_ref(role_id)],
		"message": sprintf("%s holds %s as a standing active assignment (%s) instead of activating it just in time.", [who, role, until]),
		"remediation": {
			"summary": sprintf("Make %s eligible for %s, then remove the active assignment; activations then need MFA and expire.", [who, role]),
			"requests": [
				{
					"method": "POST",
					"path": "/roleManagement/directory/roleEligibilityScheduleRequests",
					"body": {
						"action": "adminAssign",
						"principalId": principal_id,
						"roleDefinitionId": role_id,
						"directoryScopeId": object.get(inst, "directoryScopeId", "/"),
						"justification": "govlint PIM001: convert standing access to eligible",
						"scheduleInfo": {"startDateTime": input.now, "expiration": {"type": "afterDuration", "duration": "P365D"}},
					},
				},
				{
					"method": "POST",
					"path": "/roleManagement/directory/roleAssignmentScheduleRequests",
					"body": {
						"action": "adminRemove",
						"principalId": principal_id,
						"roleDefinitionId": role_id,
						"directoryScopeId": object.get(inst, "directoryScopeId", "/"),
						"justification": "govlint PIM001: standing access replaced by eligible assignment",
					},
				},
			],
			"before": inst,
			"after": null,
		},
	}
}

_until(inst) := "permanent" if {
	object.get(inst, "endDateTime", null) == null
} else := sprintf("until %s", [inst.endDateTime])
