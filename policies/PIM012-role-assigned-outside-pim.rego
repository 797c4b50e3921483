# PIM012 role-assigned-outside-pim: a privileged directory role is assigned directly (an item of
# /roleManagement/directory/roleAssignments) and PIM does not manage it: no schedule instance
# matches it, or the only match has no start, which is how Graph lists an assignment made
# outside PIM (Entra admin center without PIM, PowerShell, the Microsoft 365 admin center).
# Doc: rules/PIM012-role-assigned-outside-pim.md
package govlint.rules.pim012

import data.govlint.lib
import data.govlint.lib.pim
import rego.v1

metadata := {
	"code": "PIM012",
	"name": "role-assigned-outside-pim",
	"title": "Privileged role assigned outside PIM",
	"severity": "high",
	"area": "pim",
	"reads": ["roleAssignments", "roleAssignmentScheduleInstances", "roleDefinitions", "users"],
	"config": ["privileged_roles"],
}

# --- the match, built once as sets so each assignment is one lookup (linear) -----------------

_instances := object.get(input.collections, "roleAssignmentScheduleInstances", [])

# Graph gives the instance of a standing assignment the assignment's own id as
# roleAssignmentOriginId (and usually as its id); an activation's instance points at the
# assignment it materialises the same way.
_origins(i) := {o |
	some k in ["roleAssignmentOriginId", "id"]
	o := object.get(i, k, null)
	is_string(o)
}

# principal + role + scope, for instances whose origin id is missing or differs. Only direct
# instances: a `Group` instance is a member's view of the group's own assignment.
_key(x) := concat("|", [lower(x.principalId), lower(x.roleDefinitionId), _scope(x)]) if {
	is_string(x.principalId)
	is_string(x.roleDefinitionId)
}

_scope(x) := s if {
	s := object.get(x, "directoryScopeId", "/")
	is_string(s)
} else := "/"

# PIM records when everything it grants begins; Graph lists an assignment made outside PIM as
# an instance with no startDateTime (the signal ScubaGear MS.AAD.7.5 and Maester use).
_has_start(i) if lib.ts_ns(object.get(i, "startDateTime", null))

_seen_origin contains o if {
	some i in _instances
	some o in _origins(i)
}

_seen_key contains k if {
	some i in _instances
	pim.is_direct(i)
	k := _key(i)
}

_pim_origin contains o if {
	some i in _instances
	_has_start(i)
	some o in _origins(i)
}

_pim_key contains k if {
	some i in _instances
	_has_start(i)
	pim.is_direct(i)
	k := _key(i)
}

_managed(ra) if ra.id in _pim_origin

_managed(ra) if _key(ra) in _pim_key

_listed(ra) if ra.id in _seen_origin

_listed(ra) if _key(ra) in _seen_key

_why(ra) := "PIM lists it with no start date, as it lists assignments made outside PIM" if {
	_listed(ra)
} else := "PIM has no schedule instance for it"

# --- findings ----------------------------------------------------------------------------------

findings contains f if {
	some ra in object.get(input.collections, "roleAssignments", [])
	is_string(ra.id)
	role_id := ra.roleDefinitionId
	is_string(role_id)
	lib.is_privileged_role(role_id)
	not _managed(ra)

	pid := ra.principalId
	who := _principal(ra, pid)
	role := lib.role_name(role_id)
	scope := _scope(ra)
	f := {
		"object": {"collection": "roleAssignments", "id": ra.id, "displayName": sprintf("%s for %s", [role, who.displayName])},
		"related": [who, lib.role_ref(role_id)],
		"message": sprintf("%s holds %s%s through a direct role assignment made outside PIM (%s): no activation, approval, MFA on activation, expiry or alert applies to it.", [who.displayName, role, _scope_note(scope), _why(ra)]),
		"remediation": {
			"summary": sprintf("Bring %s's %s under PIM: %s, then delete the direct assignment.%s", [who.displayName, role, _grant_phrase(who), _type_note(who)]),
			"requests": [_grant(ra, who, scope), {"method": "DELETE", "path": sprintf("/roleManagement/directory/roleAssignments/%s", [ra.id])}],
			"before": {"roleAssignment": ra, "pimSchedule": null},
			"after": {"roleAssignment": null, "pimSchedule": _grant(ra, who, scope).body},
		},
	}
}

_scope_note("/") := ""

_scope_note(s) := sprintf(" (scope %s)", [s]) if s != "/"

# The principal, named and typed from the assignment's own instance (Graph gives a standing
# assignment's instance the assignment's id; the instance expands `principal`), else from the
# users index, else by its id. Lookups by key only: a scan per assignment would be quadratic.
_principal(ra, pid) := lib.principal_ref(i) if {
	i := input.index.roleAssignmentScheduleInstances[ra.id]
	i.principalId == pid
} else := lib.user_ref(u) if {
	u := input.index.users[pid]
} else := {"collection": "directoryObjects", "id": pid, "displayName": pid}

# Users and groups become eligible (they activate when they need the role); a service
# principal cannot activate, so it gets a time-bound active assignment through PIM instead.
_grant(ra, who, scope) := {
	"method": "POST",
	"path": "/roleManagement/directory/roleAssignmentScheduleRequests",
	"body": object.union(_body(ra, scope), {"scheduleInfo": {"startDateTime": input.now, "expiration": {"type": "afterDuration", "duration": "P180D"}}}),
} if {
	who.collection == "servicePrincipals"
} else := {
	"method": "POST",
	"path": "/roleManagement/directory/roleEligibilityScheduleRequests",
	"body": object.union(_body(ra, scope), {"scheduleInfo": {"startDateTime": input.now, "expiration": {"type": "afterDuration", "duration": "P365D"}}}),
}

_body(ra, scope) := {
	"action": "adminAssign",
	"principalId": ra.principalId,
	"roleDefinitionId": ra.roleDefinitionId,
	"directoryScopeId": scope,
	"justification": "govlint PIM012: manage the role assignment in PIM",
}

_grant_phrase(who) := "give it a time-bound (180 days) active assignment through PIM, since a service principal cannot activate" if {
	who.collection == "servicePrincipals"
} else := "make the principal eligible for the role through PIM, for 365 days"

_type_note(who) := " The principal's type is not in the snapshot: if it is a service principal, send the first request to roleAssignmentScheduleRequests instead (it cannot activate)." if {
	who.collection == "directoryObjects"
} else := ""
