# EM008 unused-catalog-resource: a catalog holds a resource (group, application, SharePoint site)
# that no access package grants any role of.
# Doc: rules/EM008-unused-catalog-resource.md
package govlint.rules.em008

import rego.v1

metadata := {
	"code": "EM008",
	"name": "unused-catalog-resource",
	"title": "Catalog resource that no access package uses",
	"severity": "low",
	"area": "em",
	"reads": ["accessPackageCatalogs", "accessPackages", "groups"],
}

# "originsystem|originid" (lower case) of every resource some access package grants a role of,
# built once in one pass over the packages' resource role scopes.
used := {k |
	some ap in input.collections.accessPackages
	some rrs in _array(object.get(ap, "resourceRoleScopes", []))
	some k in _keys(rrs)
}

# The scope names the resource (originId is the group id, the site URL, the app id).
_keys(rrs) := {k |
	scope := object.get(rrs, "scope", null)
	k := _key(scope)
}

_key(x) := concat("|", [lower(x.originSystem), lower(x.originId)]) if {
	is_object(x)
	is_string(x.originSystem)
	is_string(x.originId)
}

findings contains f if {
	some c in input.collections.accessPackageCatalogs
	some r in _array(object.get(c, "resources", []))
	k := _key(r)
	not k in used
	not _deleted_group(r)

	catalog := _name(c)
	resource := _name(r)
	f := {
		"object": {"collection": "accessPackageResources", "id": r.id, "displayName": resource},
		"related": [{"collection": "accessPackageCatalogs", "id": c.id, "displayName": catalog}],
		"message": sprintf("Catalog '%s' holds resource '%s' (%s) but no access package grants any of its roles.", [catalog, resource, r.originSystem]),
		"remediation": {
			"summary": sprintf("Remove '%s' from catalog '%s' if no access package is meant to grant it (catalog owners keep control over the resource while it stays).", [resource, catalog]),
			"requests": [{"method": "POST", "path": "/identityGovernance/entitlementManagement/resourceRequests", "body": {
				"requestType": "adminRemove",
				"resource": {"id": r.id, "originId": r.originId, "originSystem": r.originSystem},
				"catalog": {"id": c.id},
			}}],
			"before": r,
			"after": null,
		},
	}
}

# A group resource whose group is gone is EM007's finding.
_deleted_group(r) if {
	lower(r.originSystem) == "aadgroup"
	not input.index.groups[r.originId]
	not input.index.groups[lower(r.originId)]
}

_name(o) := n if {
	n := o.displayName
	is_string(n)
	n != ""
} else := o.id

_array(x) := x if is_array(x) else := []
