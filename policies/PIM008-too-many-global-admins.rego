# PIM008 too-many-global-admins: more distinct principals hold Global Administrator now, active
# or eligible, than data.govlint.config.thresholds.max_global_admins (default 4).
# Doc: rules/PIM008-too-many-global-admins.md
package govlint.rules.pim008

import data.govlint.lib
import data.govlint.lib.holders
import data.govlint.lib.pim
import rego.v1

metadata := {
	"code": "PIM008",
	"name": "too-many-global-admins",
	"title": "Too many Global Administrators",
	"severity": "high",
	"area": "pim",
	"reads": ["roleAssignmentScheduleInstances", "roleEligibilityScheduleInstances", "groups", "privilegedAccessGroupEligibilityScheduleInstances", "privilegedAccessGroupAssignmentScheduleInstances", "roleDefinitions", "users"],
	"config": ["thresholds", "emergency_access"],
}

max_admins := object.get(data.govlint.config, ["thresholds", "max_global_admins"], 4)

# The roleHolders keys that are Global Administrator (Graph writes ids in lower case; this
# does not rely on it).
_ga_keys contains rid if {
	some rid, _ in input.index.roleHolders
	lower(rid) == pim.global_admin
}

# Every principal holding the role in effect now, once, however many instances it has,
# directly or as a member of a group holding it. A group whose members were followed is not
# counted itself: its members are (an empty group holding the role counts nobody).
ga_holders contains pid if {
	some rid in _ga_keys
	some pid, _ in input.index.roleHolders[rid]
	not holders.expanded_group(pid)
}

_instances(pid) := [i |
	some rid in _ga_keys
	held := object.get(input.index.roleHolders[rid], pid, {})
	some i in array.concat(object.get(held, "active", []), object.get(held, "eligible", []))
]

_first(pid) := _instances(pid)[0]

findings contains f if {
	n := count(ga_holders)
	n > max_admins
	excess := n - max_admins

	pids := [p[1] | some p in sort([[lib.principal_name(_first(pid)), pid] | some pid in ga_holders])]
	names := [_label(pid) | some pid in pids]
	role := _role_object
	removable := [r | some pid in pids; some r in _removals(pid)]
	f := {
		"object": role,
		"related": [lib.principal_ref(_first(pid)) | some pid in pids],
		"message": sprintf("%d principals hold %s now, active or eligible (%s); at most %d should.", [n, role.displayName, concat(", ", names), max_admins]),
		"remediation": {
			"summary": _summary(excess, n, count([pid | some pid in pids; not pim.is_emergency_access(_first(pid))])),
			"requests": removable,
			"before": {"id": role.id, "displayName": role.displayName, "holders": n},
			"after": {"id": role.id, "displayName": role.displayName, "holders": max_admins},
		},
	}
}

_summary(excess, n, others) := sprintf("Remove %d of these %d Global Administrators and give them least-privileged roles instead. The requests remove every holder that is not an emergency-access account: send only those for the %d who should lose the role.", [excess, n, excess]) if {
	others >= excess
} else := sprintf("Remove %d of these %d Global Administrators. Only %d of them are not emergency-access accounts, so removing all of those is not enough: the tenant has more emergency-access Global Administrators than the limit allows.", [excess, n, others])

_role_object := {"collection": "roleDefinitions", "id": rd.id, "displayName": object.get(rd, "displayName", "Global Administrator")} if {
	rd := input.index.roleDefinitions[pim.global_admin]
} else := {"collection": "roleDefinitions", "id": pim.global_admin, "displayName": "Global Administrator"}

_label(pid) := sprintf("%s (%s, %s%s%s)", [lib.principal_name(i), lib.principal_type(i), _how(pid), _via(pid), _ea(i)]) if {
	i := _first(pid)
}

# ", via group Tier0-Admins (eligible member)" for a holder through a group (each path once).
_via(pid) := concat("", [sprintf(", %s", [p]) | some p in sort({holders.via_phrase(i) |
	some i in _instances(pid)
	holders.via_group(i)
})])

# How a principal holds the role now: "eligible", "standing", "activated", or several joined.
_how(pid) := concat(" + ", [w | some w in ["eligible", "standing", "activated"]; _holds(pid, w)])

_holds(pid, "eligible") if {
	some rid in _ga_keys
	count(object.get(object.get(input.index.roleHolders[rid], pid, {}), "eligible", [])) > 0
}

_holds(pid, "standing") if {
	some rid in _ga_keys
	some i in object.get(object.get(input.index.roleHolders[rid], pid, {}), "active", [])
	_assigned(i)
}

_holds(pid, "activated") if {
	some rid in _ga_keys
	some i in object.get(object.get(input.index.roleHolders[rid], pid, {}), "active", [])
	not _assigned(i)
}

_ea(i) := ", emergency access" if pim.is_emergency_access(i)

_ea(i) := "" if not pim.is_emergency_access(i)

# The requests that take the role from one holder: its eligibility and any standing
# (Assigned) assignment, once per scope. An Activated instance ends within hours once the
# eligibility is gone. Only direct grants: one inherited through a group is removed on the
# group. Emergency-access accounts get none: they are counted, never removed.
_removals(pid) := [] if {
	pim.is_emergency_access(_first(pid))
} else := array.concat(
	[_request(pid, key[0], key[1]) | some key in sort(_removal_keys(pid))],
	[r | some r in {holders.membership_removal(i, "PIM008") | some i in _instances(pid); holders.via_group(i)}],
)

_removal_keys(pid) := {["eligibility", _scope(i)] |
	some rid in _ga_keys
	some i in object.get(object.get(input.index.roleHolders[rid], pid, {}), "eligible", [])
	pim.is_direct(i)
} | {["assignment", _scope(i)] |
	some rid in _ga_keys
	some i in object.get(object.get(input.index.roleHolders[rid], pid, {}), "active", [])
	_assigned(i)
	pim.is_direct(i)
}

# A standing assignment (`Assigned`), as opposed to a just-in-time activation.
_assigned(i) if {
	t := object.get(i, "assignmentType", "")
	is_string(t)
	lower(t) == "assigned"
}

_scope(i) := s if {
	s := object.get(i, "directoryScopeId", "/")
	is_string(s)
} else := "/"

_request(pid, "eligibility", scope) := {
	"method": "POST",
	"path": "/roleManagement/directory/roleEligibilityScheduleRequests",
	"body": _remove_body(pid, scope),
}

_request(pid, "assignment", scope) := {
	"method": "POST",
	"path": "/roleManagement/directory/roleAssignmentScheduleRequests",
	"body": _remove_body(pid, scope),
}

_remove_body(pid, scope) := {
	"action": "adminRemove",
	"principalId": pid,
	"roleDefinitionId": pim.global_admin,
	"directoryScopeId": scope,
	"justification": "govlint PIM008: fewer Global Administrators",
}
