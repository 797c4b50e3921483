# PIM011 global-admin-share: Global Administrator holders are too large a share of all the
# principals holding a privileged role (default: 30% or more), so administrators use the
# all-powerful role where a narrower one would do. Declared emergency-access accounts count on
# neither side. Doc: rules/PIM011-global-admin-share.md
package govlint.rules.pim011

import data.govlint.lib
import data.govlint.lib.holders
import data.govlint.lib.pim
import rego.v1

metadata := {
	"code": "PIM011",
	"name": "global-admin-share",
	"title": "Global Administrators are too large a share of privileged principals",
	"severity": "medium",
	"area": "pim",
	"reads": ["roleAssignmentScheduleInstances", "roleEligibilityScheduleInstances", "groups", "privilegedAccessGroupEligibilityScheduleInstances", "privilegedAccessGroupAssignmentScheduleInstances", "roleDefinitions", "users"],
	"config": ["privileged_roles", "thresholds", "emergency_access"],
}

# Percent of privileged principals at or above which the share is flagged:
# thresholds.global_admin_share_percent (policies/data/thresholds.json, settable in
# govlint.toml). The fallback only serves a config without the key (a test's `with`).
share_percent := object.get(data.govlint.config, ["thresholds", "global_admin_share_percent"], 30)

# Every principal holding a privileged role now, with one of its instances (for its name and
# type), emergency-access accounts left out.
_privileged[pid] := inst if {
	some pid, held in input.index.principalRoles

	# A group whose members were followed counts through them, not as one more principal.
	not holders.expanded_group(pid)
	insts := [i |
		some role_id, h in held
		lib.is_privileged_role(role_id)
		some i in array.concat(object.get(h, "active", []), object.get(h, "eligible", []))
	]
	count(insts) > 0
	inst := insts[0]
	not pim.is_emergency_access(inst)
}

_ga_keys contains rid if {
	some rid, _ in input.index.roleHolders
	lower(rid) == pim.global_admin
}

# Global Administrator holders (not emergency access), by principal id: their GA instances.
_ga[pid] := insts if {
	some pid, _ in _privileged
	insts := [i |
		some rid in _ga_keys
		h := object.get(input.index.roleHolders[rid], pid, null)
		h != null
		some i in array.concat(object.get(h, "active", []), object.get(h, "eligible", []))
	]
	count(insts) > 0
}

_emergency contains pid if {
	some rid in _ga_keys
	some pid, h in input.index.roleHolders[rid]
	some i in array.concat(object.get(h, "active", []), object.get(h, "eligible", []))
	pim.is_emergency_access(i)
}

findings contains f if {
	total := count(_privileged)
	n := count(_ga)
	total > 0
	(n * 100) >= (share_percent * total)

	# The most Global Administrators the tenant may keep with this many privileged principals.
	allowed := floor(((share_percent * total) - 1) / 100)
	excess := n - allowed
	pids := [p[1] | some p in sort([[lib.principal_name(_ga[pid][0]), pid] | some pid, _ in _ga])]
	role := _role_object
	pct := round((n * 1000) / total) / 10
	f := {
		"object": role,
		"related": [lib.principal_ref(_ga[pid][0]) | some pid in pids],
		"message": sprintf("%d of the %d principals holding a privileged role hold %s (%v%%; it should be under %v%%)%s: %s.", [n, total, role.displayName, pct, share_percent, _ea_note, concat(", ", [lib.principal_name(_ga[pid][0]) | some pid in pids])]),
		"remediation": {
			"summary": sprintf("Move %d of these %d Global Administrators to least-privileged roles. The requests do it for every holder: for each one you choose, replace {narrower-role-definition-id} with the role its work needs and send its requests; leave the others.", [excess, n]),
			"requests": [r | some pid in pids; some r in _move(pid)],
			"before": _counts(role, n, total),
			"after": _counts(role, allowed, total),
		},
	}
}

_counts(role, n, total) := {
	"id": role.id,
	"displayName": role.displayName,
	"globalAdministrators": n,
	"privilegedPrincipals": total,
}

_ea_note := sprintf("; %d emergency-access account(s) not counted", [count(_emergency)]) if {
	count(_emergency) > 0
} else := ""

_role_object := {"collection": "roleDefinitions", "id": rd.id, "displayName": object.get(rd, "displayName", "Global Administrator")} if {
	rd := input.index.roleDefinitions[pim.global_admin]
} else := {"collection": "roleDefinitions", "id": pim.global_admin, "displayName": "Global Administrator"}

# The requests that move one holder off Global Administrator: a narrower role first (eligible
# for users and groups; active for service principals, which cannot activate), then the removal
# of each direct GA eligibility and standing assignment. Grants through a group are changed on
# the group; a running activation ends by itself once the eligibility is gone.
_move(pid) := [] if {
	count(_removals(pid)) == 0
} else := array.concat([_narrower(pid)], _removals(pid))

_removals(pid) := [_remove(pid, k[0], k[1]) | some k in sort({[path, scope] |
	some i in _ga[pid]
	pim.is_direct(i)
	path := _removal_path(i)
	scope := _scope(i)
})]

_removal_path(i) := "/roleManagement/directory/roleEligibilityScheduleRequests" if {
	object.get(i, "assignmentType", null) == null
} else := "/roleManagement/directory/roleAssignmentScheduleRequests" if {
	lib.eq_ci(object.get(i, "assignmentType", ""), "Assigned")
}

_scope(i) := s if {
	s := object.get(i, "directoryScopeId", "/")
	is_string(s)
} else := "/"

_remove(pid, path, scope) := {
	"method": "POST",
	"path": path,
	"body": {
		"action": "adminRemove",
		"principalId": pid,
		"roleDefinitionId": pim.global_admin,
		"directoryScopeId": scope,
		"justification": "govlint PIM011: Global Administrator replaced by a narrower role",
	},
}

_narrower(pid) := {
	"method": "POST",
	"path": "/roleManagement/directory/roleAssignmentScheduleRequests",
	"body": object.union(_assign_body(pid), {"scheduleInfo": {"startDateTime": input.now, "expiration": {"type": "afterDuration", "duration": "P180D"}}}),
} if {
	lib.principal_type(_ga[pid][0]) == "servicePrincipal"
} else := {
	"method": "POST",
	"path": "/roleManagement/directory/roleEligibilityScheduleRequests",
	"body": object.union(_assign_body(pid), {"scheduleInfo": {"startDateTime": input.now, "expiration": {"type": "afterDuration", "duration": "P365D"}}}),
}

_assign_body(pid) := {
	"action": "adminAssign",
	"principalId": pid,
	"roleDefinitionId": "{narrower-role-definition-id}",
	"directoryScopeId": "/",
	"justification": "govlint PIM011: least-privileged role instead of Global Administrator",
}
