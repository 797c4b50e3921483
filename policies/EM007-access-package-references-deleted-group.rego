# EM007 access-package-references-deleted-group: an access package grants membership of a group,
# or a catalog holds a group as a resource, and the group no longer exists in the directory.
# Doc: rules/EM007-access-package-references-deleted-group.md
package govlint.rules.em007

import rego.v1

metadata := {
	"code": "EM007",
	"name": "access-package-references-deleted-group",
	"title": "Access package or catalog refers to a group that no longer exists",
	"severity": "medium",
	"area": "em",
	"reads": ["accessPackageCatalogs", "accessPackages", "groups"],
}

_base := "/identityGovernance/entitlementManagement"

# Display names of the catalogs' group resources by origin id, built once (for messages only).
_resource_names := {lower(r.originId): r.displayName |
	some c in input.collections.accessPackageCatalogs
	some r in _array(object.get(c, "resources", []))
	_is_group(r)
	is_string(r.displayName)
}

# A resource role scope of an access package that grants a deleted group.
findings contains f if {
	some ap in input.collections.accessPackages
	some rrs in _array(object.get(ap, "resourceRoleScopes", []))
	gid := _scope_group(rrs)
	_deleted(gid)

	name := _name(ap)
	group := _group_name(gid)
	rest := [x | some x in _array(ap.resourceRoleScopes); x != rrs]
	f := {
		"object": {"collection": "accessPackages", "id": ap.id, "displayName": name},
		"related": [{"collection": "groups", "id": gid, "displayName": group}],
		"key": rrs.id,
		"message": sprintf("Access package '%s' grants the %s role of group '%s' (%s), which no longer exists: requests for the package can no longer be delivered in full.", [name, _role_name(rrs), group, gid]),
		"remediation": {
			"summary": sprintf("Remove the deleted group's role from access package '%s' (and, if the group was replaced, add the new group's role instead).", [name]),
			"requests": [{"method": "DELETE", "path": sprintf("%s/accessPackages/%s/resourceRoleScopes/%s", [_base, ap.id, rrs.id])}],
			"before": ap,
			"after": object.union(ap, {"resourceRoleScopes": rest}),
		},
	}
}

# A group resource of a catalog whose group was deleted.
findings contains f if {
	some c in input.collections.accessPackageCatalogs
	some r in _array(object.get(c, "resources", []))
	_is_group(r)
	gid := r.originId
	is_string(gid)
	_deleted(gid)

	catalog := _name(c)
	group := _name(r)
	f := {
		"object": {"collection": "accessPackageResources", "id": r.id, "displayName": group},
		"related": [
			{"collection": "accessPackageCatalogs", "id": c.id, "displayName": catalog},
			{"collection": "groups", "id": gid, "displayName": group},
		],
		"message": sprintf("Catalog '%s' holds group '%s' (%s) as a resource, but the group no longer exists.", [catalog, group, gid]),
		"remediation": {
			"summary": sprintf("Remove the deleted group '%s' from catalog '%s' (remove it from the catalog's access packages first: EM007 reports each).", [group, catalog]),
			"requests": [{"method": "POST", "path": sprintf("%s/resourceRequests", [_base]), "body": {
				"requestType": "adminRemove",
				"resource": {"id": r.id, "originId": gid, "originSystem": r.originSystem},
				"catalog": {"id": c.id},
			}}],
			"before": r,
			"after": null,
		},
	}
}

_is_group(x) if lower(_str(x, "originSystem")) == "aadgroup"

# The group a resource role scope grants: its scope's origin id (the role's is Member_{id}).
_scope_group(rrs) := gid if {
	scope := rrs.scope
	_is_group(scope)
	gid := scope.originId
	is_string(gid)
	gid != ""
} else := gid if {
	_is_group(rrs.role)
	parts := regex.find_all_string_submatch_n(`^[A-Za-z]+_([0-9A-Fa-f-]{36})$`, _str(rrs.role, "originId"), 1)
	gid := parts[0][1]
}

_deleted(gid) if {
	not input.index.groups[gid]
	not input.index.groups[lower(gid)]
}

_group_name(gid) := n if {
	n := _resource_names[lower(gid)]
} else := gid

_role_name(rrs) := sprintf("'%s'", [n]) if {
	n := _str(object.get(rrs, "role", {}), "displayName")
	n != ""
} else := "(unnamed)"

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
