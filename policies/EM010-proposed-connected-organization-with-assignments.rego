# EM010 proposed-connected-organization-with-assignments: users of a connected organization that
# nobody has vetted (state `proposed`, created automatically when its first user requested
# access) hold delivered access package assignments.
# Doc: rules/EM010-proposed-connected-organization-with-assignments.md
package govlint.rules.em010

import rego.v1

metadata := {
	"code": "EM010",
	"name": "proposed-connected-organization-with-assignments",
	"title": "Proposed (unvetted) connected organization whose users hold access",
	"severity": "medium",
	"area": "em",
	"reads": ["connectedOrganizations", "accessPackageAssignments"],
}

# Proposed organizations by id, and by the (lower-case) domains their identity sources name;
# both built once.
proposed := {o.id: o |
	some o in input.collections.connectedOrganizations
	lower(_str(o, "state")) == "proposed"
}

proposed_domains := {lower(d): o.id |
	some o in input.collections.connectedOrganizations
	lower(_str(o, "state")) == "proposed"
	some src in _array(object.get(o, "identitySources", []))
	d := _str(src, "domainName")
	d != ""
}

# [organization id, assignment] for every delivered assignment of a proposed organization's
# user: one pass over the assignments, each a key lookup.
held := [[org, a] |
	some a in input.collections.accessPackageAssignments
	lower(_str(a, "state")) in {"delivered", "partiallydelivered"}
	org := _org(a)
]

findings contains f if {
	some id, o in proposed
	assignments := [a | some pair in held; pair[0] == id; a := pair[1]]
	count(assignments) > 0

	name := _name(o)
	users := {_target_name(a) | some a in assignments}
	listed := sort([x | some x in users])
	f := {
		"object": {"collection": "connectedOrganizations", "id": id, "displayName": name},
		"related": array.slice([_target_ref(a) | some a in assignments; _target_ref(a)], 0, 10),
		"message": sprintf("Connected organization '%s' is only proposed (nobody has vetted it) but %d of its user(s) (%s) hold %d delivered access package assignment(s).", [name, count(users), _list(listed), count(assignments)]),
		"remediation": {
			"summary": sprintf("Remove the access of '%s' users (the requests below), or, if the organization is a partner you trust, vet it and set its state to configured with sponsors (PATCH /identityGovernance/entitlementManagement/connectedOrganizations/%s {\"state\": \"configured\"}) and waive this finding.", [name, id]),
			"requests": [{"method": "POST", "path": "/identityGovernance/entitlementManagement/assignmentRequests", "body": {"requestType": "adminRemove", "assignment": {"id": a.id}}} | some a in assignments],
			"before": {"connectedOrganization": _org_alone(o), "deliveredAssignments": [_assignment_alone(a) | some a in assignments]},
			"after": {"connectedOrganization": _org_alone(o), "deliveredAssignments": []},
		},
	}
}

# The organization of an assignment's target: the expanded `connectedOrganization` when the
# snapshot has it, else the domain of the target's email or principal name.
_org(a) := id if {
	id := a.target.connectedOrganization.id
	proposed[id]
} else := id if {
	some k in ["email", "principalName"]
	v := _str(a.target, k)
	parts := split(v, "@")
	count(parts) == 2
	id := proposed_domains[lower(parts[1])]
}

_org_alone(o) := {"id": o.id, "displayName": object.get(o, "displayName", null), "state": object.get(o, "state", null)}

_assignment_alone(a) := {
	"id": a.id,
	"state": object.get(a, "state", null),
	"target": object.get(a, "target", null),
	"accessPackage": object.get(a, "accessPackage", null),
}

_target_name(a) := n if {
	n := _str(a.target, "displayName")
	n != ""
} else := n if {
	n := _str(a.target, "principalName")
	n != ""
} else := a.id

_target_ref(a) := {"collection": "users", "id": a.target.objectId, "displayName": _target_name(a)} if {
	is_string(a.target.objectId)
}

_list(names) := concat(", ", names) if count(names) <= 5

_list(names) := sprintf("%s and %d more", [concat(", ", array.slice(names, 0, 5)), count(names) - 5]) if count(names) > 5

_name(o) := n if {
	n := _str(o, "displayName")
	n != ""
} else := o.id

_str(o, k) := v if {
	is_object(o)
	v := o[k]
	is_string(v)
} else := ""

_array(x) := x if is_array(x) else := []
