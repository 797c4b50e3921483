# Helpers for role holders reached through groups. input.index.roleHolders and principalRoles
# (built in Rust, src/engine/holders.rs) list, beside the schedule instances Graph returns, one
# entry per member of a role-holding group, transitively: memberType "Group", `via` the path
# from the member's own group out to the group holding the role, `roleInstanceId` and `groupId`
# that group's own instance. Pure, like data.govlint.lib.
package govlint.lib.holders

import data.govlint.lib
import rego.v1

# True when a holder entry comes through group membership (it has a path).
via_group(inst) if count(_hops(inst)) > 0

_hops(inst) := h if {
	h := object.get(inst, "via", [])
	is_array(h)
} else := []

# How one hop's member belongs to its group, in words.
membership_words(hop) := "eligible member" if {
	lib.eq_ci(object.get(hop, "membership", ""), "eligibleMember")
} else := "activated member" if {
	lib.eq_ci(object.get(hop, "membership", ""), "activeMember")
	lib.eq_ci(object.get(hop, "assignmentType", ""), "activated")
} else := "active member" if {
	lib.eq_ci(object.get(hop, "membership", ""), "activeMember")
} else := "member"

_group_name(hop) := n if {
	n := hop.displayName
	is_string(n)
} else := hop.groupId

# "group Helpdesk Leads (member) → group Tier0-Admins (eligible member)": from the principal's
# own group outwards.
path(inst) := concat(" → ", [sprintf("group %s (%s)", [_group_name(h), membership_words(h)]) | some h in _hops(inst)])

# "via group Tier0-Admins (eligible member)"
via_phrase(inst) := sprintf("via %s", [path(inst)])

# References to the groups on the path, for a finding's `related`.
group_refs(inst) := [{"collection": "groups", "id": h.groupId, "displayName": _group_name(h)} | some h in _hops(inst)]

# The request that ends a principal's own membership (the path's first hop), which takes the
# role from it and from no one else: a permanent member is removed from the group; a
# PIM-for-groups eligible or active member loses the eligibility or assignment (an activation
# is ended by removing the eligibility it came from). `code` goes into the justification.
membership_removal(inst, code) := _remove_hop(_hops(inst)[0], inst.principalId, code)

_remove_hop(hop, pid, _) := {
	"method": "DELETE",
	"path": sprintf("/groups/%s/members/%s/$ref", [hop.groupId, pid]),
} if {
	membership_words(hop) == "member"
}

_remove_hop(hop, pid, code) := _pim_remove("eligibilityScheduleRequests", hop, pid, code) if {
	membership_words(hop) in {"eligible member", "activated member"}
}

_remove_hop(hop, pid, code) := _pim_remove("assignmentScheduleRequests", hop, pid, code) if {
	membership_words(hop) == "active member"
}

_pim_remove(kind, hop, pid, code) := {
	"method": "POST",
	"path": sprintf("/identityGovernance/privilegedAccess/group/%s", [kind]),
	"body": {
		"action": "adminRemove",
		"accessId": "member",
		"groupId": hop.groupId,
		"principalId": pid,
		"justification": sprintf("govlint %s: remove the group membership that grants a privileged role", [code]),
	},
}

# The members who hold a role through one of a group's own role instances (`inst`, whose
# principal is the group), as holder entries: the role's holders with that instance as origin.
# Reads only the role's holders, never every principal.
through(inst) := [e |
	some _, held in object.get(input.index.roleHolders, inst.roleDefinitionId, {})
	some e in array.concat(object.get(held, "active", []), object.get(held, "eligible", []))
	object.get(e, "roleInstanceId", null) == inst.id
]

# True when a principal is a group whose members govlint followed (its `members` were read):
# counting it as a holder beside its members would count one set of people twice.
expanded_group(pid) if is_array(input.index.groups[pid].members)
