# GRP001 privileged-group-without-accountable-owner: a group that grants a privileged role
# (holding it, or nested in a group that does), that an access package hands out, or whose
# membership PIM for Groups manages, has no owner who is an enabled member account: no owner
# at all, or only guests, disabled accounts or applications. A group whose owners were not read
# is reported too (fail closed). Doc: rules/GRP001-privileged-group-without-accountable-owner.md
package govlint.rules.grp001

import data.govlint.lib
import rego.v1

metadata := {
	"code": "GRP001",
	"name": "privileged-group-without-accountable-owner",
	"title": "Group granting access with no accountable owner",
	"severity": "medium",
	"area": "grp",
	"reads": ["groups", "users", "accessPackages", "roleAssignmentScheduleInstances", "roleEligibilityScheduleInstances", "privilegedAccessGroupEligibilityScheduleInstances", "privilegedAccessGroupAssignmentScheduleInstances", "roleDefinitions"],
	"config": ["privileged_roles"],
}

# Who the request below adds as owner: govlint cannot choose one.
placeholder := "{owner-user-id}"

findings contains f if {
	some gid in _scoped
	g := input.index.groups[gid]
	owners := _owners(g)
	not _accountable_owner(owners)

	name := object.get(g, "displayName", gid)
	why := _why(gid)
	f := {
		"object": {"collection": "groups", "id": gid, "displayName": name},
		"related": [_owner_ref(o) | some o in _owner_list(owners)],
		"message": sprintf("Group %s %s, and %s.", [name, why, _ownership(owners)]),
		"remediation": {
			"summary": sprintf("Make an employee accountable for group %s: replace %s in the body with the id of an enabled member user who answers for who gets in (adding an owner to a role-assignable group needs Privileged Role Administrator)%s.", [name, placeholder, _removal_note(owners)]),
			"requests": array.concat([{
				"method": "POST",
				"path": sprintf("/groups/%s/owners/$ref", [gid]),
				"body": {"@odata.id": sprintf("https://graph.microsoft.com/v1.0/users/%s", [placeholder])},
			}], [{"method": "DELETE", "path": sprintf("/groups/%s/owners/%s/$ref", [gid, o.id])} | some o in _owner_list(owners); _removable(o)]),
			"before": g,
			"after": object.union(g, {"owners": array.concat([o | some o in _owner_list(owners); not _removable(o)], [{"@odata.type": "#microsoft.graph.user", "id": placeholder, "userType": "Member", "accountEnabled": true}])}),
		},
	}
}

# [groupId, why the group matters]: every group that grants a privileged role (its own
# instance, or a hop on a member's path to it), every group an access package hands out, and
# every group with PIM-for-groups instances. Walks the privileged roles' holders (never every
# user), the access packages and the PIM-for-groups instances once each.
_reasons contains [pid, "grants", lib.role_name(role_id)] if {
	some role_id, holders in input.index.roleHolders
	lib.is_privileged_role(role_id)
	some pid, _ in holders
	input.index.groups[pid]
}

_reasons contains [hop.groupId, "grants", lib.role_name(role_id)] if {
	some role_id, holders in input.index.roleHolders
	lib.is_privileged_role(role_id)
	some _, held in holders
	some inst in array.concat(held.active, held.eligible)
	some hop in object.get(inst, "via", [])
	is_string(hop.groupId)
}

_reasons contains [gid, "package", object.get(p, "displayName", p.id)] if {
	some p in input.collections.accessPackages
	some rrs in object.get(p, "resourceRoleScopes", [])
	lib.eq_ci(object.get(rrs, ["scope", "originSystem"], ""), "AadGroup")
	gid := object.get(rrs, ["scope", "originId"], null)
	is_string(gid)
}

_reasons contains [i.groupId, "pim", ""] if {
	some i in array.concat(input.collections.privilegedAccessGroupEligibilityScheduleInstances, input.collections.privilegedAccessGroupAssignmentScheduleInstances)
	is_string(i.groupId)
}

# Groups in the snapshot only: a deleted group an access package still names is EM007's.
_scoped contains gid if {
	some [gid, _, _] in _reasons
	input.index.groups[gid]
}

# "grants Global Administrator; is handed out by access packages A, B; has its membership
# managed by PIM for Groups"
_why(gid) := concat("; ", [p | some [kind, words] in _phrases; p := _phrase(gid, kind, words)])

_phrases := [["grants", "grants %s"], ["package", "is handed out by access package(s) %s"], ["pim", "has its membership managed by PIM for Groups%s"]]

_phrase(gid, kind, words) := sprintf(words, [concat(", ", sort(details))]) if {
	details := {d | some [g1, k1, d] in _reasons; g1 == gid; k1 == kind}
	count(details) > 0
}

# The owners as read; undefined-safe: "not read" when the group carries no owners list.
_owners(g) := g.owners if is_array(g.owners)

# object.get, not g.owners: OPA evaluates a negated call's arguments first, so with the list
# absent `not is_array(g.owners)` would be undefined rather than true.
_owners(g) := "not read" if not is_array(object.get(g, "owners", null))

_owner_list(owners) := owners if is_array(owners)

_owner_list(owners) := [] if not is_array(owners)

_accountable_owner(owners) if {
	is_array(owners)
	some o in owners
	_accountable(o)
}

# An enabled member user. The users collection is the fresher record; the owner entry's own
# userType and accountEnabled are used for a user the collection does not hold. A value not
# read is not assumed.
_accountable(o) if {
	_is_user(o)
	u := object.union(o, object.get(input.index.users, o.id, {}))
	lib.eq_ci(object.get(u, "userType", ""), "Member")
	object.get(u, "accountEnabled", null) == true
}

_is_user(o) if lib.eq_ci(object.get(o, "@odata.type", ""), "#microsoft.graph.user")

_is_user(o) if {
	not o["@odata.type"]
	input.index.users[o.id]
}

# Owners the fix removes: guests and disabled users. Applications and unknown objects stay
# (an application may own a group it provisions); the new owner makes the group accountable.
_removable(o) if {
	_is_user(o)
	u := object.union(o, object.get(input.index.users, o.id, {}))
	_state(u) != ""
}

_state(u) := "guest" if lib.is_guest(u)

_state(u) := "disabled" if {
	not lib.is_guest(u)
	object.get(u, "accountEnabled", null) == false
}

_state(u) := "" if {
	not lib.is_guest(u)
	object.get(u, "accountEnabled", null) != false
}

_ownership("not read") := "its owners were not read (fetch without --group-members privileged to read them), so an accountable owner cannot be confirmed"

_ownership(owners) := "has no owner" if {
	is_array(owners)
	count(owners) == 0
}

_ownership(owners) := sprintf("is owned only by %s", [concat(", ", sort([_describe(o) | some o in owners]))]) if {
	is_array(owners)
	count(owners) > 0
}

_describe(o) := sprintf("%s (%s)", [_name(o), _kind(o)])

_name(o) := n if {
	n := object.get(input.index.users, [o.id, "displayName"], null)
	is_string(n)
} else := n if {
	n := o.displayName
	is_string(n)
} else := o.id

_kind(o) := k if {
	_is_user(o)
	u := object.union(o, object.get(input.index.users, o.id, {}))
	k := _user_kind(u)
} else := "application" if {
	lib.eq_ci(object.get(o, "@odata.type", ""), "#microsoft.graph.servicePrincipal")
} else := sprintf("%s", [object.get(o, "@odata.type", "unknown type")])

_user_kind(u) := "guest, disabled" if {
	lib.is_guest(u)
	object.get(u, "accountEnabled", null) == false
} else := "guest" if {
	lib.is_guest(u)
} else := "disabled" if {
	object.get(u, "accountEnabled", null) == false
} else := "account state not read"

_owner_ref(o) := {"collection": _collection(o), "id": o.id, "displayName": _name(o)}

_collection(o) := "users" if _is_user(o)

_collection(o) := "servicePrincipals" if {
	not _is_user(o)
	lib.eq_ci(object.get(o, "@odata.type", ""), "#microsoft.graph.servicePrincipal")
}

_collection(o) := "directoryObjects" if {
	not _is_user(o)
	not lib.eq_ci(object.get(o, "@odata.type", ""), "#microsoft.graph.servicePrincipal")
}

_removal_note(owners) := ", then remove the guest and disabled owners (the DELETE requests; add the new owner first: a group's last owner cannot always be removed)" if {
	some o in _owner_list(owners)
	_removable(o)
} else := ""
