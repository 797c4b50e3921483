# PIM002 permanent-eligible-privileged-assignment: an eligible assignment of a privileged role,
# in effect now, that never expires (instance endDateTime null).
# Doc: rules/PIM002-permanent-eligible-privileged-assignment.md
package govlint.rules.pim002

import data.govlint.lib
import data.govlint.lib.pim
import rego.v1

metadata := {
	"code": "PIM002",
	"name": "permanent-eligible-privileged-assignment",
	"title": "Privileged role eligibility that never expires",
	"severity": "medium",
	"area": "pim",
	"reads": ["roleEligibilityScheduleInstances", "roleDefinitions", "users"],
	"config": ["privileged_roles", "emergency_access"],
}

# How long the fixed eligibility lasts, from `now`: a yearly renewal. A role whose settings cap
# eligible assignments lower (Expiration_Admin_Eligibility.maximumDuration) needs a shorter one.
duration := "P365D"

_year_ns := (365 * 24) * ((60 * 60) * 1000000000)

# Permanent eligibilities of privileged roles in effect now, granted directly: an eligibility a
# member inherits from a group is fixed (and flagged) on the group's own eligibility.
_permanent contains inst if {
	some inst in input.collections.roleEligibilityScheduleInstances
	lib.is_privileged_role(inst.roleDefinitionId)
	pim.is_direct(inst)
	pim.open_ended(inst)
	pim.started(inst)
}

# Break-glass accounts must not lose their access to an expiry nobody watches: not judged,
# and said so.
skipped contains {"object": lib.principal_ref(inst), "reason": "declared emergency-access account ([emergency_access] in govlint.toml)"} if {
	some inst in _permanent
	pim.is_emergency_access(inst)
}

findings contains f if {
	some inst in _permanent
	not pim.is_emergency_access(inst)

	role_id := inst.roleDefinitionId
	who := lib.principal_name(inst)
	role := lib.role_name(role_id)
	kind := lib.principal_type(inst)
	until := time.format(input.now_ns + _year_ns)
	f := {
		"object": {"collection": "roleEligibilityScheduleInstances", "id": inst.id, "displayName": sprintf("%s: %s", [who, role])},
		"related": [lib.principal_ref(inst), lib.role_ref(role_id)],
		"message": sprintf("%s (%s) is eligible for %s permanently: the eligibility never expires, so it is never re-approved.", [who, kind, role]),
		"remediation": {
			"summary": sprintf("Give %s's eligibility for %s an end date (one year from now) so it must be renewed deliberately.", [who, role]),
			"requests": [{
				"method": "POST",
				"path": "/roleManagement/directory/roleEligibilityScheduleRequests",
				"body": {
					"action": "adminUpdate",
					"principalId": inst.principalId,
					"roleDefinitionId": role_id,
					"directoryScopeId": object.get(inst, "directoryScopeId", "/"),
					"justification": "govlint PIM002: permanent eligibility gets an end date",
					"scheduleInfo": {"startDateTime": input.now, "expiration": {"type": "afterDuration", "duration": duration}},
				},
			}],
			"before": inst,
			"after": object.union(inst, {"startDateTime": input.now, "endDateTime": until}),
		},
	}
}
