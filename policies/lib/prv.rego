# Shared helpers for the privileged-account rules (PRV001–PRV006). Pure like govlint.lib:
# they read only their arguments, `input` and `data.govlint.config`.
#
# A "privileged user" is a user (present in input.index.users) holding at least one role on
# the privileged list in effect at `now`, eligible or active. Rules using these helpers must
# read users, roleAssignmentScheduleInstances and roleEligibilityScheduleInstances.
package govlint.lib.prv

import data.govlint.lib
import data.govlint.lib.holders
import rego.v1

# user id → the privileged roles the user holds now: role id → {active: [...], eligible: [...]}.
# Iterates the principals that hold roles (never all users) and looks each up by id.
privileged_users[uid] := roles if {
	some uid, held in input.index.principalRoles
	input.index.users[uid]
	roles := {role_id: h |
		some role_id, h in held
		lib.is_privileged_role(role_id)
	}
	count(roles) > 0
}

# True when an account is explicitly disabled; a missing or null accountEnabled is not.
is_disabled(u) if object.get(u, "accountEnabled", null) == false

# References to the roles held, for a finding's `related` (ordered by role id), then to the
# groups through which any of them is held (ordered by group id).
role_refs(roles) := array.concat([lib.role_ref(role_id) | some role_id, _ in roles], [ref |
	some ref in _via_groups(roles)
])

_via_groups(roles) := {g |
	some _, h in roles
	some inst in array.concat(h.active, h.eligible)
	some g in holders.group_refs(inst)
}

# "Security Administrator (eligible), User Administrator (active)": how each role is held,
# sorted by name. A role held through a group names the path: "Global Administrator (eligible
# via group Tier0-Admins (eligible member))"; held both ways: "(active; eligible via ...)".
roles_phrase(roles) := concat(", ", sort([sprintf("%s (%s)", [lib.role_name(role_id), held_phrase(h)]) |
	some role_id, h in roles
]))

held_phrase(h) := concat("; ", array.concat(_direct_part(h), _via_parts(h)))

_direct_part(h) := [held_as(d)] if {
	d := {
		"active": [i | some i in h.active; _own(h, i)],
		"eligible": [i | some i in h.eligible; _own(h, i)],
	}
	count(d.active) + count(d.eligible) > 0
} else := []

# An entry that is not a path: a direct grant, or one Graph lists as inherited through a group
# (memberType Group) when no path explains it (with a path, the path says it better).
_own(h, i) if {
	not holders.via_group(i)
	_direct(i)
}

_own(h, i) if {
	not holders.via_group(i)
	not _direct(i)
	count(_via_parts(h)) == 0
}

_via_parts(h) := sort({p |
	some [kind, list] in [["active", h.active], ["eligible", h.eligible]]
	some i in list
	holders.via_group(i)
	p := sprintf("%s %s", [kind, holders.via_phrase(i)])
})

held_as(h) := "active and eligible" if {
	count(h.active) > 0
	count(h.eligible) > 0
} else := "active" if {
	count(h.active) > 0
} else := "eligible"

# --- removing the roles -------------------------------------------------------------------

# An instance an admin can remove with an adminRemove request for this principal: held
# directly (not through a group), and for active instances a standing assignment (an
# `Activated` instance is a just-in-time activation of an eligibility and ends on its own).
removable_active(inst) if {
	_direct(inst)
	lib.eq_ci(object.get(inst, "assignmentType", "Assigned"), "Assigned")
}

removable_eligible(inst) if _direct(inst)

# Held through a group: removed by ending the principal's own membership (lib.holders).
removable_via_group(inst) := holders.via_group(inst)

_direct(inst) if lib.eq_ci(object.get(inst, "memberType", "Direct"), "Direct")

# One adminRemove request per removable instance (deduplicated, in a stable order), with the
# real principal, role and scope ids. `code` goes into the justification.
removal_requests(uid, roles, code) := [r | some r in _removals(uid, roles, code)]

_removals(uid, roles, code) := {r |
	some role_id, h in roles
	some inst in h.eligible
	removable_eligible(inst)
	r := _remove("/roleManagement/directory/roleEligibilityScheduleRequests", uid, role_id, inst, code)
} | {r |
	some role_id, h in roles
	some inst in h.active
	removable_active(inst)
	r := _remove("/roleManagement/directory/roleAssignmentScheduleRequests", uid, role_id, inst, code)
} | {r |
	some _, h in roles
	some inst in array.concat(h.active, h.eligible)
	holders.via_group(inst)
	r := holders.membership_removal(inst, code)
}

_remove(path, uid, role_id, inst, code) := {
	"method": "POST",
	"path": path,
	"body": {
		"action": "adminRemove",
		"principalId": uid,
		"roleDefinitionId": role_id,
		"directoryScopeId": object.get(inst, "directoryScopeId", "/"),
		"justification": sprintf("govlint %s: remove privileged role", [code]),
	},
}

# The privileged schedule instances a user holds, as Graph returns them, before and after
# the removal requests: the diff of a finding whose fix removes the roles.
held_before(roles) := {
	"roleAssignmentScheduleInstances": [inst | some _, h in roles; some inst in h.active],
	"roleEligibilityScheduleInstances": [inst | some _, h in roles; some inst in h.eligible],
}

held_after(roles) := {
	"roleAssignmentScheduleInstances": [inst | some _, h in roles; some inst in h.active; not removable_active(inst); not holders.via_group(inst)],
	"roleEligibilityScheduleInstances": [inst | some _, h in roles; some inst in h.eligible; not removable_eligible(inst); not holders.via_group(inst)],
}

# Sentences to add to a summary for roles the requests do not remove; "" when they remove all.
unremovable_note(roles) := concat("", [_group_note(roles), _activation_note(roles)])

_group_note(roles) := " Roles held through a group are not covered by the requests: remove the group membership." if {
	some _, h in roles
	some inst in array.concat(h.active, h.eligible)
	not _direct(inst)
	not holders.via_group(inst)
} else := ""

_activation_note(roles) := " A running just-in-time activation is not covered by the requests; it ends at its endDateTime." if {
	some _, h in roles
	some inst in h.active
	_direct(inst)
	not removable_active(inst)
} else := ""
