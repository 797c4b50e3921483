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

# "catalogid|originsystem|originid" (lower case) of every resource some access package grants a
# role of, in the package's own catalog (`accessPackage.catalog`), built once in one pass over
# the packages' resource role scopes: a package can only use its own catalog's resources, and
# the same group may be a resource of two catalogs.
used := {k |
	some ap in input.collections.accessPackages
	cid := _catalog_id(ap)
	some rrs in _array(object.get(ap, "resourceRoleScopes", []))
	some r in _keys(rrs)
	k := concat("|", [cid, r])
}

# The same without a catalog, for packages a snapshot holds without one (fetched before govlint
# read `catalog`): such a package's resources count as used in every catalog, as the rule judged
# before it knew packages' catalogs. It can only hide a finding, never invent one.
used_anywhere := {k |
	some ap in input.collections.accessPackages
	not _catalog_id(ap)
	some rrs in _array(object.get(ap, "resourceRoleScopes", []))
	some k in _keys(rrs)
}

_catalog_id(ap) := lower(id) if {
	id := object.get(object.get(ap, "catalog", {}), "id", null)
	is_string(id)
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
	not concat("|", [lower(c.id), k]) in used
	not k in used_anywhere
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
