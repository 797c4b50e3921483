# PIM001 standing-active-privileged-assignment: a principal holds a privileged role through a
# standing active assignment (an `Assigned` instance, permanent or time-bound) instead of
# activating an eligible assignment just in time. Doc: rules/PIM001-standing-active-privileged-assignment.md
package govlint.rules.pim001

import data.govlint.lib
import data.govlint.lib.holders
import data.govlint.lib.pim
import rego.v1

metadata := {
	"code": "PIM001",
	"name": "standing-active-privileged-assignment",
	"title": "Privileged role held as a standing active assignment",
	"severity": "high",
	"area": "pim",
	"reads": ["roleAssignmentScheduleInstances", "roleEligibilityScheduleInstances", "groups", "privilegedAccessGroupEligibilityScheduleInstances", "privilegedAccessGroupAssignmentScheduleInstances", "roleDefinitions", "users"],
	"config": ["privileged_roles", "emergency_access"],
}

# Standing assignments of privileged roles to principals that can be made eligible.
# Service principals cannot be made eligible; they are reported by their own rule.
# Only direct grants: a member holding the role standing through a group has no assignment of
# its own to change; the fault is the group's standing assignment, reported once on it, naming
# every member it reaches (and a member reached through an eligible hop is not standing).
_standing contains [role_id, principal_id, inst] if {
	some role_id, role_holders in input.index.roleHolders
	lib.is_privileged_role(role_id)
	some principal_id, held in role_holders
	some inst in held.active
	lib.eq_ci(inst.assignmentType, "Assigned")
	pim.is_direct(inst)
	# Workload identities (agents included) cannot activate eligible roles: PIM010's.
	not lib.principal_type(inst) in {"servicePrincipal", "agentIdentity", "agentIdentityBlueprintPrincipal"}
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
		"related": array.concat([lib.principal_ref(inst), lib.role_ref(role_id)], [lib.principal_ref(m) | some m in _members(inst)]),
		"message": sprintf("%s holds %s as a standing active assignment (%s) instead of activating it just in time%s.", [who, role, until, _members_note(inst)]),
		"remediation": {
			"summary": sprintf("Make %s eligible for %s, then remove the active assignment; activations then need MFA and expire.%s", [who, role, _members_fix(inst)]),
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

# The users and service principals holding the role standing through a group's assignment
# (nested groups are the path, not holders to name), by name.
_members(inst) := [m |
	some p in sort([[lib.principal_name(e), e.principalId, i] |
		some i, e in holders.through(inst)
		lib.eq_ci(object.get(e, "assignmentType", ""), "Assigned")
		lib.principal_type(e) != "group"
	])
	m := holders.through(inst)[p[2]]
]

_members_note(inst) := sprintf("; through it %s hold(s) it standing: %s", [format_int(count(ms), 10), concat(", ", [sprintf("%s %s", [lib.principal_name(m), holders.via_phrase(m)]) | some m in ms])]) if {
	ms := _members(inst)
	count(ms) > 0
} else := ""

_members_fix(inst) := " Its members then hold the role eligibly and activate it when they need it." if {
	count(_members(inst)) > 0
} else := ""
